/* test_normalize.c — normalisation rules on documents built in code. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "normalize.h"
#include "rawdoc.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Builds a document from spec: pages separated by '\f', lines by '\n'. */
static fs_rawdoc *doc(const char *format, const char *spec)
{
    fs_rawdoc *d = fs_rawdoc_create(format);
    assert_non_null(d);
    assert_int_equal(fs_rawdoc_add_page(d, 0, 0), 0);
    const char *p = spec, *s = spec;
    for (;; p++) {
        if (*p == '\n' || *p == '\f' || *p == '\0') {
            assert_int_equal(fs_rawdoc_add_line(d, s, (size_t)(p - s)), 0);
            if (*p == '\0')
                break;
            if (*p == '\f')
                assert_int_equal(fs_rawdoc_add_page(d, 0, 0), 0);
            s = p + 1;
        }
    }
    return d;
}

static fs_text *norm(const fs_rawdoc *d)
{
    fs_text *t = NULL;
    fs_error e;
    assert_int_equal(fs_normalize(d, &t, &e), 0);
    assert_non_null(t);
    assert_int_equal(strlen(t->s), t->len);
    return t;
}

/* Normalises spec and compares with the expected text. */
static void check(const char *format, const char *spec, const char *want)
{
    fs_rawdoc *d = doc(format, spec);
    fs_text *t = norm(d);
    assert_string_equal(t->s, want);
    fs_text_free(t);
    fs_rawdoc_free(d);
}

static size_t off_of(const fs_text *t, const char *needle)
{
    const char *p = strstr(t->s, needle);
    assert_non_null(p);
    return (size_t)(p - t->s);
}

static void pos_is(const fs_text *t, size_t off, uint32_t page, uint32_t line)
{
    fs_srcpos sp = fs_text_pos(t, off);
    assert_int_equal(sp.page, page);
    assert_int_equal(sp.line, line);
}

static void test_fullwidth_folding(void **state)
{
    (void)state;
    check("pdf", "预算总计９５３．３９万元，增长２３．８２％。",
          "预算总计953.39万元，增长23.82%。\n");
    /* full-width signs before a number; ．and ％ elsewhere stay */
    check("pdf", "增幅为－３．５％，单位（％）。", "增幅为-3.5%，单位（％）。\n");
    check("pdf", "１．财政拨款收入预算总计１７９８１．６８万元。",
          "1．财政拨款收入预算总计17981.68万元。\n");
}

static void test_thousands_comma(void **state)
{
    (void)state;
    check("pdf", "收入1，234.56万元，其中12，345，678元。", "收入1,234.56万元，其中12,345,678元。\n");
    /* not groups of three: Chinese commas between numbers stay */
    check("pdf", "分别为1，2，3项，编号2018，2019，比例0.5，123。",
          "分别为1，2，3项，编号2018，2019，比例0.5，123。\n");
    check("pdf", "共1，2345元，又1234，567元。", "共1，2345元，又1234，567元。\n");
}

static void test_spaces(void **state)
{
    (void)state;
    check("pdf", "江 苏 省 2018 年 收入 953.39 万元，增长 16.47 %，即 9 5 3 . 3 9 元。",
          "江苏省2018年收入953.39万元，增长16.47%，即953.39元。\n");
    check("pdf", "  The  budget of Office 2018 is final.  ", "The budget of Office 2018 is final.\n");
    /* ideographic and no-break spaces count as blanks too */
    check("pdf", "增加\xE3\x80\x80" "2248.37\xC2\xA0万元。", "增加2248.37万元。\n");
}

static void test_join_wrapped_lines(void **state)
{
    (void)state;
    fs_rawdoc *d = doc("pdf", "与上年相比收、支预算总计各增加3608.98万元，增长\n"
                              "17.31%。主要原因是人员经费\n"
                              "政策性调增。\n"
                              "（一）收入预算\n"
                              "总计24458.43万元。");
    fs_text *t = norm(d);
    assert_string_equal(t->s, "与上年相比收、支预算总计各增加3608.98万元，增长17.31%。主要原因是人员经费政策性调增。\n"
                              "（一）收入预算总计24458.43万元。\n");
    pos_is(t, 0, 1, 1);
    pos_is(t, off_of(t, "17.31"), 1, 2);
    pos_is(t, off_of(t, "政策性"), 1, 3);
    pos_is(t, off_of(t, "总计24458"), 1, 5);
    /* the newline ending a paragraph belongs to its last line */
    pos_is(t, (size_t)(strchr(t->s, '\n') - t->s), 1, 3);
    assert_int_equal(t->dropped_lines, 0);
    fs_text_free(t);
    fs_rawdoc_free(d);
}

static void test_number_split_at_line_end(void **state)
{
    (void)state;
    fs_rawdoc *d = doc("pdf", "比上年增加31.\n46 万元，增长5%。");
    fs_text *t = norm(d);
    assert_string_equal(t->s, "比上年增加31.46万元，增长5%。\n");
    size_t o = off_of(t, "31.46");
    pos_is(t, o, 1, 1);
    pos_is(t, o + 2, 1, 1); /* the '.' */
    pos_is(t, o + 3, 1, 2); /* "46" */
    fs_text_free(t);
    fs_rawdoc_free(d);
    /* "1.46" after a line break is a number, not numbering */
    check("pdf", "比上年增加 3\n1.46 万元。", "比上年增加31.46万元。\n");
    check("pdf", "比上年增加 3\n1．46 万元。", "比上年增加31.46万元。\n");
    /* "1." followed by text is numbering and starts a paragraph */
    check("pdf", "支出包括\n1.人员经费\n2. 公用经费", "支出包括\n1.人员经费\n2.公用经费\n");
    /* a number split after its unit's first character */
    check("pdf", "各增加 2248.37 万\n元，增长16.47 %。", "各增加2248.37万元，增长16.47%。\n");
}

static void test_headings_stay_separate(void **state)
{
    (void)state;
    check("pdf",
          "第一部分\n部门概况\n一、主要职能\n（一）基本职能\n1、负责\n"
          "(1)组织\n（2）协调\n①会议\n(二)其他",
          "第一部分部门概况\n一、主要职能\n（一）基本职能\n1、负责\n(1)组织\n（2）协调\n①会议\n(二)其他\n");
    /* sentence ends keep the break; commas do not */
    check("pdf", "主要用于：\n人员支出；\n公用支出！\n其他，\n支出。",
          "主要用于：\n人员支出；\n公用支出！\n其他，支出。\n");
}

/* Adds a line with a box (PDF points, top-left origin). */
static void boxed(fs_rawdoc *d, const char *s, float x0, float y0, float x1)
{
    assert_int_equal(fs_rawdoc_add_line(d, s, strlen(s)), 0);
    fs_rawline *l = fs_rawdoc_last_line(d);
    l->x0 = x0;
    l->y0 = y0;
    l->x1 = x1;
    l->y1 = y0 + 16;
    l->font_size = 16;
}

static void test_geometry(void **state)
{
    (void)state;
    fs_rawdoc *d = fs_rawdoc_create("pdf");
    assert_int_equal(fs_rawdoc_add_page(d, 595, 842), 0);
    boxed(d, "一、主要职能", 111, 80, 220);                                 /* short heading */
    boxed(d, "省政协是我省最广泛的爱国统一战线组织，是中国共产党领", 111, 110, 516); /* indented */
    boxed(d, "导的多党合作和政治协商的重要机构，是我省政治生活中发扬社", 79, 140, 516);
    boxed(d, "会主义民主的重要形式", 79, 170, 300);                              /* short: ends */
    boxed(d, "二、部门机构设置", 111, 200, 260);
    boxed(d, "本部门内设机构包括省政协办公厅、研究室和十个专门委员", 111, 230, 516);
    boxed(d, "会，与上年相比减少", 79, 260, 139);
    boxed(d, "9.1 %。主要原因是机构改革", 310, 260, 516); /* fragments out of order */
    boxed(d, "184.96 万元，降幅", 156, 260, 293);
    boxed(d, "整合了相关处室。", 79, 290, 516);
    fs_text *t = norm(d);
    assert_string_equal(t->s, "一、主要职能\n"
                              "省政协是我省最广泛的爱国统一战线组织，是中国共产党领导的多党合作和政治协商的重要机构，是我省政治生活中发扬社会主义民主的重要形式\n"
                              "二、部门机构设置\n"
                              "本部门内设机构包括省政协办公厅、研究室和十个专门委员会，与上年相比减少184.96万元，降幅9.1%。主要原因是机构改革整合了相关处室。\n");
    pos_is(t, off_of(t, "184.96"), 1, 9);
    pos_is(t, off_of(t, "9.1%"), 1, 8);
    pos_is(t, off_of(t, "整合"), 1, 10);
    fs_text_free(t);
    fs_rawdoc_free(d);
}

/* Adds a line with a box and a bold flag (boxed() with the style). */
static void boxed_b(fs_rawdoc *d, const char *s, float x0, float y0, float x1, int bold)
{
    boxed(d, s, x0, y0, x1);
    fs_rawdoc_last_line(d)->bold = (uint8_t)bold;
}

/* A break after 。！？：； ends the paragraph only where the line stops short
 * of the right edge of the text block, or where the next line is indented,
 * numbered or set as a heading; a line that runs to the edge was wrapped by
 * the page.  Body measure 79..516, indent 111, 16-point type. */
static void test_right_margin_breaks(void **state)
{
    (void)state;
    fs_rawdoc *d = fs_rawdoc_create("pdf");
    assert_int_equal(fs_rawdoc_add_page(d, 595, 842), 0);
    /* runs to the edge and ends in ：, next line flush: one paragraph */
    boxed(d, "我单位本级及下属事业单位无财政资金购买的固定资产，按《工会法》规定：", 111, 80, 516);
    boxed(d, "本部门所有资产属于全国总工会（全体会员）所有。", 79, 110, 300);
    /* a short line ending in ：ends its paragraph */
    boxed(d, "资产情况如下：", 111, 140, 223);
    boxed(d, "房屋面积共计1200平方米，其中办公用房800平方米，业务用房", 111, 170, 516);
    /* ；hanging past the edge still reaches it; a numbering mark follows */
    boxed(d, "400平方米；车辆共计3辆，均为一般公务用车，另有办公设备若干；", 79, 200, 530);
    boxed(d, "1、办公设备共计120台（件），其中计算机80台，打印机等各类设备共", 79, 230, 516);
    boxed(d, "40台。", 79, 260, 127);
    /* 。at the edge, then a bold heading flush left: the heading stays apart */
    boxed(d, "以上资产均按规定登记入账，并由专人管理，定期清查盘点，账实相符。", 111, 290, 516);
    boxed_b(d, "资产管理", 79, 320, 143, 1);
    boxed(d, "本单位资产管理遵循统一领导、归口管理、分级负责的原则，具体如下：", 111, 350, 516);
    boxed(d, "资产的配置、使用和处置均须按规定程序报批。", 79, 380, 430);
    /* 。at the edge, next line flush in the same style: the page wrapped */
    boxed(d, "资产清查结果每年向主管部门报告，报告内容包括资产总量和变动情况。", 111, 410, 516);
    boxed(d, "清查中发现的问题应及时整改。", 79, 440, 300);
    /* one character short of the edge: the writer ended the line there */
    boxed(d, "下列事项须报主管部门审批：", 111, 470, 500);
    boxed(d, "资产出租、出借和对外投资。", 79, 500, 311);
    /* 。at the edge, next line indented: a new paragraph */
    boxed(d, "本年度未发生资产出租、出借和对外投资事项，也未发生资产处置事项。", 111, 530, 516);
    boxed(d, "下一年度将继续加强资产管理。", 111, 560, 350);
    fs_text *t = norm(d);
    assert_string_equal(t->s, "我单位本级及下属事业单位无财政资金购买的固定资产，按《工会法》规定：本部门所有资产属于全国总工会（全体会员）所有。\n"
                              "资产情况如下：\n"
                              "房屋面积共计1200平方米，其中办公用房800平方米，业务用房400平方米；车辆共计3辆，均为一般公务用车，另有办公设备若干；\n"
                              "1、办公设备共计120台（件），其中计算机80台，打印机等各类设备共40台。\n"
                              "以上资产均按规定登记入账，并由专人管理，定期清查盘点，账实相符。\n"
                              "资产管理\n"
                              "本单位资产管理遵循统一领导、归口管理、分级负责的原则，具体如下：资产的配置、使用和处置均须按规定程序报批。\n"
                              "资产清查结果每年向主管部门报告，报告内容包括资产总量和变动情况。清查中发现的问题应及时整改。\n"
                              "下列事项须报主管部门审批：\n"
                              "资产出租、出借和对外投资。\n"
                              "本年度未发生资产出租、出借和对外投资事项，也未发生资产处置事项。\n"
                              "下一年度将继续加强资产管理。\n");
    pos_is(t, off_of(t, "本部门所有"), 1, 2);
    pos_is(t, off_of(t, "资产的配置"), 1, 11);
    fs_text_free(t);
    fs_rawdoc_free(d);

    /* a landscape page measures against its own right edge (760), not the
     * document's (516): a line ending in ：at 600 is short there */
    d = fs_rawdoc_create("pdf");
    assert_int_equal(fs_rawdoc_add_page(d, 595, 842), 0);
    for (int i = 0; i < 5; i++)
        boxed(d, "本部门收支预算情况说明如下，各项金额均按万元列示，与上年相比有增有减，", 79,
              80 + 30 * (float)i, 516);
    boxed(d, "详见各表。", 79, 230, 159);
    assert_int_equal(fs_rawdoc_add_page(d, 842, 595), 0);
    boxed(d, "甲类收入说明如下，本年度收入增加主要来自财政拨款的增加，具体原因", 79, 80, 760);
    boxed(d, "见下文说明，其余收入与上年持平，各项收入的构成如下：", 79, 110, 600);
    boxed(d, "一般公共预算收入953.39万元，政府性基金收入0万元，其他收入0万元，", 79, 140, 760);
    boxed(d, "乙类支出说明如下，本年度支出增加主要用于人员经费和日常公用经费，", 79, 170, 760);
    boxed(d, "合计953.39万元：", 79, 200, 760);
    boxed(d, "其中基本支出953.39万元。", 79, 230, 290);
    t = norm(d);
    assert_non_null(strstr(t->s, "各项收入的构成如下：\n一般公共预算收入953.39万元，"));
    assert_non_null(strstr(t->s, "合计953.39万元：其中基本支出953.39万元。\n"));
    fs_text_free(t);
    fs_rawdoc_free(d);
}

static void test_table_rows(void **state)
{
    (void)state;
    check("pdf",
          "单位：万元\n项目 \t 2018年\t2019 年\n一般公共服务 \t 1,234.56 \t 12 3\n合计\t\t5\n比上年增加",
          "单位：万元\n项目\t2018年\t2019年\n一般公共服务\t1,234.56\t123\n合计\t\t5\n比上年增加\n");
}

static void test_running_headers(void **state)
{
    (void)state;
    fs_rawdoc *d = doc("pdf",
                       "江苏省人大常委会办公厅2018年部门预算\n第一部分\n部门概况。\n- 1 -\f"
                       "江苏省人大常委会办公厅2018年部门预算\n收入预算总计15897.44万元，与上年相比增加\n- 2 -\f"
                       "江苏省人大常委会办公厅2018年部门预算\n2248.37万元，增长- 3 -16.47%。\f"
                       "江苏省人大常委会办公厅2018年部门预算\n主要原因是增人增资。\n4");
    fs_text *t = norm(d);
    assert_string_equal(t->s, "第一部分部门概况。\n"
                              "收入预算总计15897.44万元，与上年相比增加2248.37万元，增长16.47%。\n"
                              "主要原因是增人增资。\n");
    /* 4 headers, 3 footers on their own lines, 1 printed inline, "4" */
    assert_int_equal(t->dropped_lines, 4 + 2 + 1 + 1);
    pos_is(t, off_of(t, "2248.37"), 3, 2);
    pos_is(t, off_of(t, "16.47"), 3, 2);
    pos_is(t, off_of(t, "与上年"), 2, 2);
    pos_is(t, off_of(t, "主要原因"), 4, 2);
    fs_text_free(t);
    fs_rawdoc_free(d);
}

static void test_page_number_shapes(void **state)
{
    (void)state;
    /* headers varying only in digits still repeat; decorated numbers go */
    check("pdf",
          "第 1 页 共 3 页\n甲项支出增加\n3/3\f"
          "第 2 页 共 3 页\n5 万元。\n— 2 —\f"
          "第 3 页 共 3 页\n乙项支出\n减少 6 万元。\nPage 3 of 3",
          "甲项支出增加5万元。\n乙项支出减少6万元。\n");
    /* bare numbers at the foot of pages follow the page count */
    fs_rawdoc *d = doc("pdf", "封面\f甲项增加\n1\f7 万元。\n2\f乙项。\n3");
    fs_text *t = norm(d);
    assert_string_equal(t->s, "封面甲项增加7万元。\n乙项。\n");
    assert_int_equal(t->dropped_lines, 3);
    fs_text_free(t);
    fs_rawdoc_free(d);
    /* sentences recurring at page edges are body text, not headers */
    check("pdf", "与上年相比持平。\n甲。\f与上年相比持平。\n乙。\f与上年相比持平。\n丙。",
          "与上年相比持平。\n甲。\n与上年相比持平。\n乙。\n与上年相比持平。\n丙。\n");
    check("pdf", "办公厅预算\n甲。\f办公厅预算\n乙。\f办公厅预算\n丙。", "甲。\n乙。\n丙。\n");
    /* one page: a lone number is content */
    check("pdf", "合计\n3", "合计3\n");
}

static void test_text_mode(void **state)
{
    (void)state;
    /* lines of a text file are paragraphs: no joining, same cleaning */
    check("text", "比上年增加 3\n\n1.46 万元\n  增长 １６．４７ ％  \n",
          "比上年增加3\n1.46万元\n增长16.47%\n");
    /* a line the text wrapped before a number that did not fit goes on;
     * a heading before a line that opens with a year does not */
    check("text", "年初预算为\n161.62万元，支出决算为160.75万元。\n住房保障支出445.69万元，占\n15.16%。\n",
          "年初预算为161.62万元，支出决算为160.75万元。\n住房保障支出445.69万元，占15.16%。\n");
    check("text", "一、收入支出决算总体情况说明\n2024年度收入支出总计2995.39万元。\n",
          "一、收入支出决算总体情况说明\n2024年度收入支出总计2995.39万元。\n");
    /* consecutive "\tcell" lines are the cells of one row, joined by TAB
     * with no leading TAB (a one-cell row keeps its TAB); the second line
     * of a wrapped cell continues its cell; a blank line, a sentence end or
     * a long line keeps a line on its own */
    check("text", "\t项目\t金额\n\t合\n计\n\t小计\n\n计\n\t注\n以上单位为万元。\n\t备\n"
                  "本表反映部门预算安排的全部收入和支出情况",
          "项目\t金额\t合计\t小计\n计\n\t注\n以上单位为万元。\n\t备\n"
          "本表反映部门预算安排的全部收入和支出情况\n");
    check("text", "\t单位名称\n\t单位性质\n\n\t桥西区工会\n\t群团\n",
          "单位名称\t单位性质\n桥西区工会\t群团\n");
    /* the same paragraph from a PDF and from text gives the same sentence */
    const char *pdf = "江苏省人大常委会办公厅2018年度财政拨款收、支总预算\n"
                      "15897.44 万元。 与上年相 比，财政 拨款收、支 总计各增 加\n"
                      "2248.37万元，增长16.47 %。";
    const char *txt = "江苏省人大常委会办公厅2018年度财政拨款收、支总预算15897.44 万元。与上年相比，"
                      "财政拨款收、支总计各增加 2248.37 万元，增长 16.47%。";
    fs_rawdoc *a = doc("pdf", pdf), *b = doc("text", txt);
    fs_text *ta = norm(a), *tb = norm(b);
    assert_string_equal(ta->s, tb->s);
    assert_string_equal(ta->s, "江苏省人大常委会办公厅2018年度财政拨款收、支总预算15897.44万元。与上年相比，"
                               "财政拨款收、支总计各增加2248.37万元，增长16.47%。\n");
    fs_text_free(ta);
    fs_text_free(tb);
    fs_rawdoc_free(a);
    fs_rawdoc_free(b);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* bad bytes pass through as opaque bytes; nothing is read past a line */
    check("pdf", "\xFF\xFE增加\xE4\xB8 5 万元", "\xFF\xFE增加\xE4\xB8 5万元\n");
    check("pdf", "增长\xE4", "增长\xE4\n");
    check("pdf", "\xEF\xBC", "\xEF\xBC\n");
    check("pdf", "\xF0\x9F\x98", "\xF0\x9F\x98\n");
    fs_rawdoc *d = fs_rawdoc_create("pdf");
    fs_text *t = norm(d); /* no pages at all */
    assert_int_equal(t->len, 0);
    fs_text_free(t);
    fs_rawdoc_free(d);
    check("pdf", "\n \n\t\n", "");
}

static void test_large_inputs(void **state)
{
    (void)state;
    /* one 10 MB line */
    const char unit[] = "增加 1 万元，";
    size_t ul = sizeof unit - 1, n = (10u << 20) / ul;
    char *big = malloc(n * ul + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        memcpy(big + i * ul, unit, ul);
    fs_rawdoc *d = fs_rawdoc_create("pdf");
    assert_int_equal(fs_rawdoc_add_line(d, big, n * ul), 0);
    free(big);
    fs_text *t = norm(d);
    assert_int_equal(t->len, n * (ul - 2) + 1); /* "增加1万元，" per unit, '\n' */
    assert_int_equal(t->nsegs, 1);
    fs_text_free(t);
    fs_rawdoc_free(d);

    /* 100,000 lines on 1,000 pages, each page with a header and a number */
    d = fs_rawdoc_create("pdf");
    char line[64];
    for (int p = 1; p <= 1000; p++) {
        assert_int_equal(fs_rawdoc_add_page(d, 0, 0), 0);
        assert_int_equal(fs_rawdoc_add_line(d, "某单位部门预算", strlen("某单位部门预算")), 0);
        for (int j = 0; j < 98; j++) {
            int m = snprintf(line, sizeof line, "第%d项支出增加 %d 万元，", j, p);
            assert_int_equal(fs_rawdoc_add_line(d, line, (size_t)m), 0);
        }
        int m = snprintf(line, sizeof line, "- %d -", p);
        assert_int_equal(fs_rawdoc_add_line(d, line, (size_t)m), 0);
    }
    t = norm(d);
    assert_int_equal(t->dropped_lines, 2000);
    assert_null(strchr(t->s, ' '));
    assert_null(strstr(t->s, "某单位"));
    pos_is(t, off_of(t, "第0项支出增加1000万元"), 1000, 2);
    fs_text_free(t);
    fs_rawdoc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fullwidth_folding),
        cmocka_unit_test(test_thousands_comma),
        cmocka_unit_test(test_spaces),
        cmocka_unit_test(test_join_wrapped_lines),
        cmocka_unit_test(test_number_split_at_line_end),
        cmocka_unit_test(test_headings_stay_separate),
        cmocka_unit_test(test_geometry),
        cmocka_unit_test(test_right_margin_breaks),
        cmocka_unit_test(test_table_rows),
        cmocka_unit_test(test_running_headers),
        cmocka_unit_test(test_page_number_shapes),
        cmocka_unit_test(test_text_mode),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_large_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
