/* test_outline.c — the section tree over the two reference documents and
 * over small texts built for one rule each.
 *
 * The reference texts are one paragraph per line, so the text the outline
 * sees is built here by appending each line with its own line number: every
 * page:line below is a line number of the corpus file (page 1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "outline.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

/* Builds a text from s, one source line per '\n'-terminated line, all on
 * page 1. */
static fs_text *text_from(const char *s)
{
    fs_text *t = fs_text_create();
    assert_non_null(t);
    uint32_t ln = 1;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) + 1 : strlen(s);
        assert_int_equal(fs_text_append(t, s, n, 1, ln++), 0);
        s += n;
    }
    return t;
}

static fs_outline *build(const fs_text *t, const fs_rawdoc *raw)
{
    fs_outline *o = NULL;
    fs_error e;
    assert_int_equal(fs_outline_build(t, raw, &o, &e), 0);
    assert_non_null(o);
    return o;
}

/* The outline of a text given as a string; *tp gets the text. */
static fs_outline *outline_of(const char *s, fs_text **tp)
{
    fs_text *t = text_from(s);
    fs_outline *o = build(t, NULL);
    *tp = t;
    return o;
}

static void release(fs_outline *o, fs_text *t)
{
    fs_outline_free(o);
    fs_text_free(t);
}

/* Reads corpus/NAME, or the seed it was copied from when the corpus copy is
 * missing. */
static char *read_doc(const char *name, const char *seed)
{
    char *s = tu_read_file(tu_path(name), NULL);
    if (!s)
        s = tu_read_file(seed, NULL);
    assert_non_null(s);
    return s;
}

/* Index of the section whose heading line is source line ln, or -1. */
static int at_line(const fs_outline *o, uint32_t ln)
{
    for (size_t i = 0; i < o->n; i++)
        if (o->v[i].line == ln)
            return (int)i;
    return -1;
}

/* Number of children of section p (-1: top level). */
static int children(const fs_outline *o, int p)
{
    int n = 0;
    for (size_t i = 0; i < o->n; i++)
        n += o->v[i].parent == p;
    return n;
}

/* The k-th (0-based) child of section p (-1: top level), or -1. */
static int child(const fs_outline *o, int p, int k)
{
    for (size_t i = 0; i < o->n; i++)
        if (o->v[i].parent == p && k-- == 0)
            return (int)i;
    return -1;
}

static void assert_section(const fs_outline *o, int i, const char *id, fs_numbering kind, int ord,
                           const char *heading)
{
    assert_true(i >= 0 && (size_t)i < o->n);
    assert_string_equal(o->v[i].id, id);
    assert_int_equal(o->v[i].numbering, kind);
    assert_int_equal(o->v[i].ordinal, ord);
    assert_string_equal(o->v[i].heading, heading);
}

static char *dump(const fs_outline *o)
{
    fs_buf b = FS_BUF_INIT;
    assert_int_equal(fs_outline_dump(o, &b), 0);
    char *s = fs_buf_steal(&b);
    assert_non_null(s);
    return s;
}

/* ---- 2019 柳州市总工会 ---- */

static void test_liuzhou_parts(void **state)
{
    (void)state;
    char *doc = read_doc("corpus/liuzhou-2019.txt", "/work/shared/seeds/000_7cf4c38475b31da1.txt");
    fs_text *t = text_from(doc);
    fs_outline *o = build(t, NULL);

    /* The text has 第一部分, 第三部分 and 第四部分: no 第二部分 heading. */
    assert_int_equal(children(o, -1), 3);
    int p1 = at_line(o, 1), p3 = at_line(o, 70), p4 = at_line(o, 155);
    assert_int_equal(child(o, -1, 0), p1);
    assert_int_equal(child(o, -1, 1), p3);
    assert_int_equal(child(o, -1, 2), p4);
    assert_section(o, p1, "1", FS_NUM_PART, 1, "第一部分：柳州市总工会概况");
    assert_section(o, p3, "2", FS_NUM_PART, 3, "第三部分：柳州市总工会2019年部门预算情况说明");
    assert_section(o, p4, "3", FS_NUM_PART, 4, "第四部分：名词解释");
    assert_int_equal(o->v[p1].level, 1);
    assert_int_equal(o->v[p1].start, 1); /* after the leading space */
    assert_null(fs_outline_title(o));

    /* 第一部分: 一、主要职责 二、机构设置情况 三、编制现状及人员构成 */
    assert_int_equal(children(o, p1), 3);
    assert_section(o, child(o, p1, 0), "1.1", FS_NUM_CN, 1, "一、主要职责");
    assert_section(o, child(o, p1, 1), "1.2", FS_NUM_CN, 2, "二、机构设置情况");
    assert_section(o, child(o, p1, 2), "1.3", FS_NUM_CN, 3, "三、编制现状及人员构成");

    /* （一）基本职能 holds the items （1）…（9）, lines 6–14 */
    int jn = at_line(o, 5);
    assert_section(o, jn, "1.1.1", FS_NUM_CN_PAREN, 1, "（一）基本职能");
    assert_int_equal(children(o, jn), 9);
    for (int k = 0; k < 9; k++) {
        int c = child(o, jn, k);
        assert_int_equal(o->v[c].line, 6 + k);
        assert_int_equal(o->v[c].numbering, FS_NUM_ARABIC_PAREN);
        assert_int_equal(o->v[c].ordinal, k + 1);
        assert_int_equal(o->v[c].level, 4);
    }
    assert_string_equal(o->v[child(o, jn, 8)].heading, "（9）承办市委、市政府和上级工会交办的其他事项");
    /* （二）2019年部门主要工作安排 restarts （1）…（5） at lines 18 20 25 30 35 */
    int ap = at_line(o, 15);
    assert_section(o, ap, "1.1.2", FS_NUM_CN_PAREN, 2, "（二）2019年部门主要工作安排");
    assert_int_equal(children(o, ap), 5);
    static const uint32_t item_lines[] = {18, 20, 25, 30, 35};
    for (int k = 0; k < 5; k++)
        assert_int_equal(o->v[child(o, ap, k)].line, item_lines[k]);
    /* 一是…二是… (lines 19, 21–24) are not headings */
    for (uint32_t ln = 19; ln <= 37; ln++)
        if (ln != 20 && ln != 25 && ln != 30 && ln != 35)
            assert_int_equal(at_line(o, ln), -1);
    assert_section(o, child(o, ap, 0), "1.1.2.1", FS_NUM_ARABIC_PAREN, 1,
                   "（1）做实理论武装，宣传贯彻中国工会十七大精神");

    /* 三、编制现状及人员构成: （一）…（四） */
    int bz = child(o, p1, 2);
    assert_int_equal(children(o, bz), 4);
    assert_section(o, child(o, bz, 3), "1.3.4", FS_NUM_CN_PAREN, 4, "（四）柳州市职工技术协作交流站");

    /* 第三部分: 一、 to 十二、 */
    assert_int_equal(children(o, p3), 12);
    static const uint32_t sec_lines[] = {71, 75, 86, 95, 108, 112, 117, 129, 133, 135, 137, 139};
    for (int k = 0; k < 12; k++) {
        int c = child(o, p3, k);
        assert_int_equal(o->v[c].line, sec_lines[k]);
        assert_int_equal(o->v[c].numbering, FS_NUM_CN);
        assert_int_equal(o->v[c].ordinal, k + 1);
        assert_int_equal(o->v[c].level, 2);
    }
    assert_section(o, child(o, p3, 11), "2.12", FS_NUM_CN, 12, "十二、其他重要事项情况说明");
    assert_section(o, child(o, p3, 10), "2.11", FS_NUM_CN, 11, "十一、政府购买服务预算情况说明");

    /* 二、一般公共预算支出情况说明: （一）…（四）, headings cut at the first clause */
    int zc = child(o, p3, 1);
    assert_string_equal(o->v[zc].heading, "二、一般公共预算支出情况说明");
    assert_int_equal(children(o, zc), 4);
    assert_section(o, child(o, zc, 0), "2.2.1", FS_NUM_CN_PAREN, 1,
                   "（一）201类一般公共服务支出361.37万元");
    assert_section(o, child(o, zc, 1), "2.2.2", FS_NUM_CN_PAREN, 2,
                   "（二）208类社会保障和就业支出534.51万元");
    assert_section(o, child(o, zc, 2), "2.2.3", FS_NUM_CN_PAREN, 3, "（三）210类卫生健康支出22.26万元");
    assert_section(o, child(o, zc, 3), "2.2.4", FS_NUM_CN_PAREN, 4, "（四）221类住房保障支出35.25万元");
    assert_int_equal(o->v[child(o, zc, 3)].line, 84);

    /* 三、基本支出: （一）人员经费 is a sentence ending "其中：", cut to its clause */
    int jb = child(o, p3, 2);
    assert_int_equal(children(o, jb), 2);
    assert_section(o, child(o, jb, 0), "2.3.1", FS_NUM_CN_PAREN, 1, "（一）人员经费546.83万元");

    /* 四、三公: （三）公务用车… holds 1. and 2. */
    int sg = child(o, p3, 3);
    assert_int_equal(children(o, sg), 3);
    int car = child(o, sg, 2);
    assert_section(o, car, "2.4.3", FS_NUM_CN_PAREN, 3, "（三）公务用车购置费及运行费2019年预算0万元");
    assert_int_equal(children(o, car), 2);
    assert_section(o, child(o, car, 0), "2.4.3.1", FS_NUM_ARABIC, 1, "1.公务用车购置费2019年预算0万元");
    assert_section(o, child(o, car, 1), "2.4.3.2", FS_NUM_ARABIC, 2,
                   "2.公务用车运行维护费2019年预算0万元");
    assert_int_equal(o->v[child(o, car, 1)].level, 4);

    /* 七、: （一）按支出功能… holds "1. 一般…"; （二）按支出结构划分 holds 1. 2. */
    int zc7 = child(o, p3, 6);
    assert_int_equal(children(o, zc7), 2);
    assert_int_equal(children(o, child(o, zc7, 0)), 1);
    assert_int_equal(children(o, child(o, zc7, 1)), 2);
    assert_section(o, child(o, child(o, zc7, 0), 0), "2.7.1.1", FS_NUM_ARABIC, 1,
                   "1. 一般公共预算收入953.39万元");

    /* 十二、: （一）…（三）; 八、 to 十一、 have none */
    assert_int_equal(children(o, child(o, p3, 11)), 3);
    for (int k = 7; k <= 10; k++)
        assert_int_equal(children(o, child(o, p3, k)), 0);

    /* 第四部分: 一、 to 十、, each the term before its colon */
    assert_int_equal(children(o, p4), 10);
    assert_section(o, child(o, p4, 0), "3.1", FS_NUM_CN, 1, "一、财政拨款收入");
    assert_section(o, child(o, p4, 8), "3.9", FS_NUM_CN, 9, "九、“三公”经费");
    assert_section(o, child(o, p4, 9), "3.10", FS_NUM_CN, 10, "十、机关运行经费");

    /* 71 headings in all: every line that starts with a mark */
    assert_int_equal(o->n, 71);

    /* spans: a part runs to the next part, the last one to the end */
    assert_int_equal(o->v[p1].end, o->v[p3].start);
    assert_int_equal(o->v[p4].end, t->len);
    assert_int_equal(o->v[child(o, p3, 11)].end, o->v[p4].start);

    /* find: the figure 953.39 of line 73 sits in 第三部分 一、 */
    const char *fig = strstr(t->s, "2019年部门财政拨款收支预算953.39万元");
    assert_non_null(fig);
    assert_int_equal(fs_outline_find(o, (size_t)(fig - t->s)), child(o, p3, 0));
    /* line 91 (body under （一）人员经费) */
    fig = strstr(t->s, "基本工资117.33万元");
    assert_int_equal(fs_outline_find(o, (size_t)(fig - t->s)), child(o, jb, 0));
    /* the heading itself belongs to its section; before the first, none */
    assert_int_equal(fs_outline_find(o, o->v[car].start), car);
    assert_int_equal(fs_outline_find(o, 0), -1);
    assert_int_equal(fs_outline_find(o, t->len - 1), child(o, p4, 9));

    release(o, t);
    free(doc);
}

/* The whole outline against the hand-checked listing. */
static void compare_listing(const char *doc_name, const char *seed, const char *expected)
{
    char *doc = read_doc(doc_name, seed);
    char *want = tu_read_file(tu_path(expected), NULL);
    assert_non_null(want);
    fs_text *t = text_from(doc);
    fs_outline *o = build(t, NULL);
    char *got = dump(o);
    assert_string_equal(got, want);
    free(got);
    free(want);
    release(o, t);
    free(doc);
}

static void test_liuzhou_expected(void **state)
{
    (void)state;
    compare_listing("corpus/liuzhou-2019.txt", "/work/shared/seeds/000_7cf4c38475b31da1.txt",
                   "tests/expected/outline/liuzhou-2019.tsv");
}

/* ---- 2020 桥西区总工会 ---- */

static void test_qiaoxi(void **state)
{
    (void)state;
    char *doc = read_doc("corpus/qiaoxi-2020.txt", "/work/shared/seeds/002_e2410f2956b2f9d3.txt");
    fs_text *t = text_from(doc);
    fs_outline *o = build(t, NULL);

    assert_non_null(fs_outline_title(o));
    assert_string_equal(fs_outline_title(o), "张家口市桥西区总工会2020年部门预算信息公开情况说明");
    assert_int_equal(o->title_start, 0);

    /* top level: 1、 2、 三、 … 九、 — one sequence that switches style */
    assert_int_equal(children(o, -1), 9);
    static const uint32_t top_lines[] = {6, 46, 56, 58, 60, 173, 314, 346, 365};
    for (int k = 0; k < 9; k++) {
        int c = child(o, -1, k);
        assert_int_equal(o->v[c].line, top_lines[k]);
        assert_int_equal(o->v[c].ordinal, k + 1);
        assert_int_equal(o->v[c].numbering, k < 2 ? FS_NUM_ARABIC : FS_NUM_CN);
        assert_int_equal(o->v[c].level, 1);
    }
    int s1 = child(o, -1, 0), s2 = child(o, -1, 1), s5 = child(o, -1, 4), s8 = child(o, -1, 7);
    assert_section(o, s1, "1", FS_NUM_ARABIC, 1, "1、 部门职责、机构设置等基本情况");
    assert_section(o, child(o, -1, 2), "3", FS_NUM_CN, 3, "三、机关运行经费安排情况");
    assert_section(o, child(o, -1, 6), "7", FS_NUM_CN, 7, "七、国有资产信息");

    /* under 1、 the duties 一、…六、 */
    assert_int_equal(children(o, s1), 6);
    assert_section(o, child(o, s1, 0), "1.1", FS_NUM_CN, 1,
                   "一、指导全区各级组织职工开展民主选举、民主决策、民主管理和民主监督工作");
    assert_int_equal(o->v[child(o, s1, 5)].line, 20);
    /* under 2、 a nested 1、 2、 3、 (a restart) */
    assert_int_equal(children(o, s2), 3);
    assert_section(o, child(o, s2, 0), "2.1", FS_NUM_ARABIC, 1, "1、收入说明");
    assert_section(o, child(o, s2, 2), "2.3", FS_NUM_ARABIC, 3, "3、比上年增减情况");
    /* 五、: （一）（二）（三）; （二） holds 1、…5、, （三） holds 1、…3、 */
    assert_int_equal(children(o, s5), 3);
    assert_int_equal(children(o, child(o, s5, 0)), 0);
    assert_int_equal(children(o, child(o, s5, 1)), 5);
    assert_int_equal(children(o, child(o, s5, 2)), 3);
    assert_section(o, child(o, child(o, s5, 1), 4), "5.2.5", FS_NUM_ARABIC, 5, "5、形成组建新格局");
    /* 八、: 1、…10、 */
    assert_int_equal(children(o, s8), 10);
    assert_section(o, child(o, s8, 9), "8.10", FS_NUM_ARABIC, 10, "10、事业单位经营支出");
    assert_section(o, child(o, s8, 8), "8.9", FS_NUM_ARABIC, 9, "9、上年结转");

    /* table rows (TAB lines, e.g. line 329 "\t1、房屋（平方米）") are no headings */
    assert_int_equal(at_line(o, 329), -1);
    assert_int_equal(at_line(o, 337), -1);
    for (uint32_t ln = 84; ln < 173; ln++)
        assert_int_equal(at_line(o, ln), -1);
    assert_int_equal(o->n, 39);

    release(o, t);
    free(doc);
}

static void test_qiaoxi_expected(void **state)
{
    (void)state;
    compare_listing("corpus/qiaoxi-2020.txt", "/work/shared/seeds/002_e2410f2956b2f9d3.txt",
                   "tests/expected/outline/qiaoxi-2020.tsv");
}

/* ---- one rule each ---- */

static void test_skipped_level(void **state)
{
    (void)state;
    fs_text *t;
    fs_outline *o = outline_of("第一部分 概况\n1、职责\n2、机构\n第二部分 说明\n一、收入\n（一）财政\n二、支出\n", &t);
    assert_int_equal(o->n, 7);
    assert_section(o, 1, "1.1", FS_NUM_ARABIC, 1, "1、职责");
    assert_int_equal(o->v[1].level, 2);
    assert_section(o, 2, "1.2", FS_NUM_ARABIC, 2, "2、机构");
    assert_section(o, 3, "2", FS_NUM_PART, 2, "第二部分 说明");
    assert_section(o, 4, "2.1", FS_NUM_CN, 1, "一、收入");
    assert_section(o, 5, "2.1.1", FS_NUM_CN_PAREN, 1, "（一）财政");
    assert_section(o, 6, "2.2", FS_NUM_CN, 2, "二、支出");
    assert_int_equal(o->v[6].parent, 3);
    release(o, t);
}

static void test_inline_items_not_headings(void **state)
{
    (void)state;
    fs_text *t;
    fs_outline *o = outline_of("一、总体情况\n工作包括：（1）宣传；（2）维权；3、帮扶。\n"
                               "一是加强学习。二是改进作风。\n二是深化改革。\n"
                               "二、其他\n",
                               &t);
    assert_int_equal(o->n, 2);
    assert_section(o, 0, "1", FS_NUM_CN, 1, "一、总体情况");
    assert_section(o, 1, "2", FS_NUM_CN, 2, "二、其他");
    release(o, t);
}

static void test_decimals_not_marks(void **state)
{
    (void)state;
    fs_text *t;
    /* "1.46万元" at a line start is a number; "2019." is no ordinal */
    fs_outline *o = outline_of("一、支出\n1.46万元用于办公。\n2019.12.31截止。\n（2019）年度\n1．印刷费\n",
                               &t);
    assert_int_equal(o->n, 2);
    assert_section(o, 1, "1.1", FS_NUM_ARABIC, 1, "1．印刷费");
    release(o, t);
}

static void test_table_lines(void **state)
{
    (void)state;
    fs_text *t;
    fs_outline *o = outline_of("一、资产\n项目\t数量\t价值\n\t1、房屋\t\t\n2、车辆\n\t3、设备\t\t\n"
                               "二、说明\n1、本年无购置。\n",
                               &t);
    /* "2、车辆" sits between two table rows: a cell, not a heading */
    assert_int_equal(o->n, 3);
    assert_section(o, 0, "1", FS_NUM_CN, 1, "一、资产");
    assert_section(o, 1, "2", FS_NUM_CN, 2, "二、说明");
    assert_section(o, 2, "2.1", FS_NUM_ARABIC, 1, "1、本年无购置");
    assert_int_equal(at_line(o, 4), -1);
    release(o, t);
}

static void test_style_order(void **state)
{
    (void)state;
    fs_text *t;
    /* "1、" above "一、", then the sequence goes on as 三、 */
    fs_outline *o = outline_of("1、 职责\n一、组织\n二、维权\n2、 预算\n1、收入\n2、支出\n三、运行经费\n（一）办公\n四、三公\n",
                               &t);
    assert_int_equal(o->n, 9);
    assert_section(o, 1, "1.1", FS_NUM_CN, 1, "一、组织");
    assert_section(o, 3, "2", FS_NUM_ARABIC, 2, "2、 预算");
    assert_section(o, 4, "2.1", FS_NUM_ARABIC, 1, "1、收入");
    assert_section(o, 5, "2.2", FS_NUM_ARABIC, 2, "2、支出");
    assert_section(o, 6, "3", FS_NUM_CN, 3, "三、运行经费");
    assert_int_equal(o->v[6].parent, -1);
    assert_section(o, 7, "3.1", FS_NUM_CN_PAREN, 1, "（一）办公");
    assert_section(o, 8, "4", FS_NUM_CN, 4, "四、三公");
    release(o, t);
}

static void test_ordinal_rules(void **state)
{
    (void)state;
    fs_text *t;
    /* a 1. under 2. restarts a nested list; a skipped number and a repeated
     * one stay siblings; ① nests under (1) */
    fs_outline *o = outline_of("1.甲\n2.乙\n1.乙之一\n2.乙之二\n3.丙\n（一）子一\n（三）子三\n（三）子三又\n"
                               "(1)细一\n①点一\n②点二\n(2)细二\n",
                               &t);
    assert_int_equal(o->n, 12);
    assert_section(o, 2, "2.1", FS_NUM_ARABIC, 1, "1.乙之一");
    assert_section(o, 3, "2.2", FS_NUM_ARABIC, 2, "2.乙之二");
    /* 3. continues the inner list (2.乙之二 → 3), the innermost that fits */
    assert_section(o, 4, "2.3", FS_NUM_ARABIC, 3, "3.丙");
    assert_section(o, 5, "2.3.1", FS_NUM_CN_PAREN, 1, "（一）子一");
    assert_section(o, 6, "2.3.2", FS_NUM_CN_PAREN, 3, "（三）子三");
    assert_section(o, 7, "2.3.3", FS_NUM_CN_PAREN, 3, "（三）子三又");
    assert_section(o, 8, "2.3.3.1", FS_NUM_ARABIC_PAREN, 1, "(1)细一");
    assert_section(o, 9, "2.3.3.1.1", FS_NUM_CIRCLED, 1, "①点一");
    assert_section(o, 10, "2.3.3.1.2", FS_NUM_CIRCLED, 2, "②点二");
    assert_section(o, 11, "2.3.3.2", FS_NUM_ARABIC_PAREN, 2, "(2)细二");
    assert_int_equal(o->v[11].level, 4);
    release(o, t);
}

static void test_part_always_top(void **state)
{
    (void)state;
    fs_text *t;
    fs_outline *o = outline_of("一、前言\n（一）说明\n第一部分 概况\n一、职责\n第二部分 预算\n", &t);
    assert_int_equal(o->n, 5);
    assert_section(o, 2, "2", FS_NUM_PART, 1, "第一部分 概况");
    assert_int_equal(o->v[2].parent, -1);
    assert_section(o, 3, "2.1", FS_NUM_CN, 1, "一、职责");
    assert_section(o, 4, "3", FS_NUM_PART, 2, "第二部分 预算");
    release(o, t);
}

static void test_split_heading(void **state)
{
    (void)state;
    fs_text *t;
    fs_outline *o = outline_of("三、一般公共预算基本支出情况\n说明\n2019年基本支出601.39万元。\n"
                               "五、预算绩效信息\n部门整体绩效目标\n（一）总体目标\n",
                               &t);
    assert_int_equal(o->n, 3);
    assert_section(o, 0, "1", FS_NUM_CN, 3, "三、一般公共预算基本支出情况说明");
    /* head_end is past the continuation, before its '\n' */
    assert_int_equal(t->s[o->v[0].head_end], '\n');
    assert_int_equal(o->v[0].head_end, strlen("三、一般公共预算基本支出情况\n说明"));
    /* an 8-character line is body, not a continuation */
    assert_section(o, 1, "2", FS_NUM_CN, 5, "五、预算绩效信息");
    assert_section(o, 2, "2.1", FS_NUM_CN_PAREN, 1, "（一）总体目标");
    release(o, t);
}

static void test_heading_joined_with_body(void **state)
{
    (void)state;
    /* the normaliser joined a heading with the next source line */
    fs_text *t = fs_text_create();
    assert_non_null(t);
    const char *h = "（一）机关运行经费安排情况说明";
    const char *b = "2019年本级共有1个行政机关，运行经费0万元。\n";
    assert_int_equal(fs_text_append(t, "十二、其他\n", strlen("十二、其他\n"), 1, 1), 0);
    assert_int_equal(fs_text_append(t, h, strlen(h), 1, 2), 0);
    assert_int_equal(fs_text_append(t, b, strlen(b), 1, 3), 0);
    fs_outline *o = build(t, NULL);
    assert_int_equal(o->n, 2);
    assert_section(o, 1, "1.1", FS_NUM_CN_PAREN, 1, h);
    assert_int_equal(o->v[1].page, 1);
    assert_int_equal(o->v[1].line, 2);
    assert_int_equal(o->v[1].head_end, strlen("十二、其他\n") + strlen(h));
    release(o, t);
}

static void test_heading_text(void **state)
{
    (void)state;
    fs_text *t;
    fs_outline *o = outline_of("第一部分：概况\n"
                               "一、财政拨款收入：指市本级财政部门当年拨付的资金。\n"
                               "二、收入说明：\n"
                               "三、2019年收入1,234.5万元，增长5%，主要是工资。\n"
                               "四、上年结转：指以前年度尚未完成的资金\n",
                               &t);
    assert_int_equal(o->n, 5);
    assert_string_equal(o->v[0].heading, "第一部分：概况");
    assert_string_equal(o->v[1].heading, "一、财政拨款收入");
    assert_string_equal(o->v[2].heading, "二、收入说明");
    assert_string_equal(o->v[3].heading, "三、2019年收入1,234.5万元");
    assert_string_equal(o->v[4].heading, "四、上年结转");
    /* headings are slices: head_end - start is the heading's length */
    for (size_t i = 0; i < o->n; i++)
        assert_int_equal(o->v[i].head_end - o->v[i].start, strlen(o->v[i].heading));
    release(o, t);
}

static void test_title_and_find(void **state)
{
    (void)state;
    fs_text *t;
    fs_outline *o = outline_of("某某区总工会\n2020年部门预算说明\n\n按规定公开如下：\n"
                               "一、职责\n负责工会工作。\n（一）组织\n组织工作。\n二、预算\n预算36.27万元。\n",
                               &t);
    assert_string_equal(fs_outline_title(o), "某某区总工会2020年部门预算说明");
    assert_int_equal(o->title_start, 0);
    assert_int_equal(o->title_end, strlen("某某区总工会\n2020年部门预算说明"));
    assert_int_equal(o->n, 3);
    size_t intro = (size_t)(strstr(t->s, "按规定") - t->s);
    size_t org = (size_t)(strstr(t->s, "组织工作") - t->s);
    size_t fig = (size_t)(strstr(t->s, "36.27") - t->s);
    size_t duty = (size_t)(strstr(t->s, "负责") - t->s);
    assert_int_equal(fs_outline_find(o, intro), -1);
    assert_int_equal(fs_outline_find(o, duty), 0);
    assert_int_equal(fs_outline_find(o, org), 1);
    assert_int_equal(fs_outline_find(o, fig), 2);
    assert_int_equal(o->v[0].end, o->v[2].start);
    assert_int_equal(o->v[1].end, o->v[2].start);
    assert_int_equal(o->v[2].end, t->len);

    char *d = dump(o);
    assert_string_equal(d, "1\t1\t1:5\t一、职责\n1.1\t2\t1:7\t（一）组织\n2\t1\t1:9\t二、预算\n");
    free(d);
    release(o, t);
}

static void test_contents_skipped(void **state)
{
    (void)state;
    /* a contents list (short entries, no body) before the body repeats the
     * first mark; the title loses its trailing 目录 */
    fs_text *t = fs_text_create();
    assert_non_null(t);
    static const char *const src[] = {
        "某某办公厅2018年度部门预算公开目录\n",
        "第一部分部门概况\n", "一、主要职能\n", "二、机构设置\n", "第二部分部门预算表\n",
        "第一部分", /* the body's part title, centred on two source lines */
        "部门概况\n",
        "一、主要职能\n", "负责机关事务。\n", "第二部分\n", "一、收支预算总表\n",
    };
    for (size_t i = 0; i < sizeof src / sizeof *src; i++)
        assert_int_equal(fs_text_append(t, src[i], strlen(src[i]), 1, (uint32_t)i + 1), 0);
    fs_outline *o = build(t, NULL);
    assert_string_equal(fs_outline_title(o), "某某办公厅2018年度部门预算公开");
    assert_int_equal(o->title_end, strlen("某某办公厅2018年度部门预算公开"));
    assert_int_equal(o->n, 4);
    assert_section(o, 0, "1", FS_NUM_PART, 1, "第一部分部门概况");
    assert_int_equal(o->v[0].line, 6);
    assert_section(o, 1, "1.1", FS_NUM_CN, 1, "一、主要职能");
    assert_int_equal(o->v[1].line, 8);
    assert_section(o, 2, "2", FS_NUM_PART, 2, "第二部分");
    assert_section(o, 3, "2.1", FS_NUM_CN, 1, "一、收支预算总表");
    release(o, t);

    /* a 目录 line of its own, entries ending in 。 */
    o = outline_of("某单位预算\n目录\n第一部分 概况。\n第二部分 预算。\n第三部分 说明。\n"
                   "第一部分 概况\n一、职责\n",
                   &t);
    assert_string_equal(fs_outline_title(o), "某单位预算");
    assert_int_equal(o->n, 2);
    assert_section(o, 0, "1", FS_NUM_PART, 1, "第一部分 概况");
    assert_int_equal(o->v[0].line, 6);
    release(o, t);

    /* headings with body between them are no contents, even when the first
     * mark and text come again */
    o = outline_of("一、职责\n负责工作。\n设有办公室。\n负责宣传。\n二、预算\n三、说明\n一、职责补充\n", &t);
    assert_int_equal(o->n, 4);
    assert_int_equal(o->v[0].line, 1);
    assert_section(o, 3, "3.1", FS_NUM_CN, 1, "一、职责补充");
    release(o, t);
}

static void test_empty(void **state)
{
    (void)state;
    fs_text *t;
    fs_outline *o = outline_of("", &t);
    assert_int_equal(o->n, 0);
    assert_null(fs_outline_title(o));
    assert_int_equal(fs_outline_find(o, 0), -1);
    release(o, t);
    fs_error e;
    fs_outline *none = NULL;
    assert_int_equal(fs_outline_build(NULL, NULL, &none, &e), FS_E_USAGE);
}

/* A PDF-like rawdoc whose line k (1-based, page 1) has sizes[k-1] points and
 * bold[k-1]; the text gets one line per raw line. */
static void make_pdf(const char *const *lines, const float *sizes, const int *bold, size_t n,
                     fs_rawdoc **rawp, fs_text **tp)
{
    fs_rawdoc *raw = fs_rawdoc_create("pdf");
    assert_non_null(raw);
    assert_int_equal(fs_rawdoc_add_page(raw, 595, 842), 0);
    fs_text *t = fs_text_create();
    assert_non_null(t);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(fs_rawdoc_add_line(raw, lines[i], strlen(lines[i])), 0);
        fs_rawline *rl = fs_rawdoc_last_line(raw);
        rl->font_size = sizes[i];
        rl->bold = (uint8_t)bold[i];
        rl->x0 = 72;
        rl->x1 = 72 + sizes[i] * (float)strlen(lines[i]) / 3.0f;
        rl->y0 = 72 + 20 * (float)i;
        rl->y1 = rl->y0 + sizes[i];
        assert_int_equal(fs_text_append(t, lines[i], strlen(lines[i]), 1, (uint32_t)i + 1), 0);
        assert_int_equal(fs_text_append(t, "\n", 1, 1, (uint32_t)i + 1), 0);
    }
    *rawp = raw;
    *tp = t;
}

static void test_fonts(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "一、收支情况",                               /* 18 pt bold */
        "本年收入953.39万元，支出953.39万元，收支平衡，较上年增长。",
        "附表目录",                                   /* 16 pt: a font heading */
        "（一）收入表",                               /* 12 pt bold */
        "表中数据为本年预算数，单位为万元，与上年口径一致。",
        "项目\t金额",
        "1、工资",                                    /* between table rows, bold */
        "\t2、津贴\t5",
        "(1)单位为万元",                              /* 8 pt: a table note */
        "二、其他",                                   /* 18 pt bold */
    };
    static const float sizes[] = {18, 12, 16, 12, 12, 12, 12, 12, 8, 18};
    static const int bold[] = {1, 0, 0, 1, 0, 0, 1, 0, 0, 1};
    fs_rawdoc *raw;
    fs_text *t;
    make_pdf(lines, sizes, bold, 10, &raw, &t);
    fs_outline *o = build(t, raw);
    assert_int_equal(o->n, 5);
    assert_section(o, 0, "1", FS_NUM_CN, 1, "一、收支情况");
    assert_true(o->v[0].font_confirmed);
    /* 16 pt: larger than the body, smaller than 一、: nested under it */
    assert_section(o, 1, "1.1", FS_NUM_NONE, 0, "附表目录");
    assert_int_equal(o->v[1].parent, 0);
    assert_section(o, 2, "1.1.1", FS_NUM_CN_PAREN, 1, "（一）收入表");
    /* bold: a heading even between table rows */
    assert_section(o, 3, "1.1.1.1", FS_NUM_ARABIC, 1, "1、工资");
    assert_true(o->v[3].font_confirmed);
    assert_section(o, 4, "2", FS_NUM_CN, 2, "二、其他");

    /* the same text without font data: 附表目录 is body, 1、工资 a cell,
     * (1) a heading */
    fs_outline *plain = build(t, NULL);
    assert_int_equal(plain->n, 4);
    assert_section(plain, 1, "1.1", FS_NUM_CN_PAREN, 1, "（一）收入表");
    assert_false(plain->v[1].font_confirmed);
    assert_section(plain, 2, "1.1.1", FS_NUM_ARABIC_PAREN, 1, "(1)单位为万元");
    assert_section(plain, 3, "2", FS_NUM_CN, 2, "二、其他");
    fs_outline_free(plain);
    release(o, t);
    fs_rawdoc_free(raw);
}

/* A heading of a new style set larger than the open one does not nest
 * under it; a style switch (rule 4) needs the same size. */
static void test_fonts_placement(void **state)
{
    (void)state;
    static const char *const lines[] = {
        "一、收入",                                   /* 16 bold */
        "收入说明文字较长的一段正文，共计三十六万元，没有变化。",
        "1、工资",                                    /* 12 bold */
        "工资说明文字较长的一段正文，共计三十一万元，没有变化。",
        "（二）支出",                                 /* 16 bold: new style, larger than 1、 */
        "2、津贴",                                    /* 12 bold, under （二） */
    };
    static const float sizes[] = {16, 12, 12, 12, 16, 12};
    static const int bold[] = {1, 0, 1, 0, 1, 1};
    fs_rawdoc *raw;
    fs_text *t;
    make_pdf(lines, sizes, bold, 6, &raw, &t);
    fs_outline *o = build(t, raw);
    assert_int_equal(o->n, 4);
    assert_section(o, 1, "1.1", FS_NUM_ARABIC, 1, "1、工资");
    /* without fonts （二） would nest under 1、工资; at 16 pt it sits beside it */
    assert_section(o, 2, "1.2", FS_NUM_CN_PAREN, 2, "（二）支出");
    assert_section(o, 3, "1.2.1", FS_NUM_ARABIC, 2, "2、津贴");
    fs_outline *plain = build(t, NULL);
    assert_string_equal(plain->v[2].id, "1.1.1");
    /* and 2、 continues 1、 there (rule 1) */
    assert_string_equal(plain->v[3].id, "1.2");
    fs_outline_free(plain);
    release(o, t);
    fs_rawdoc_free(raw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_liuzhou_parts),
        cmocka_unit_test(test_liuzhou_expected),
        cmocka_unit_test(test_qiaoxi),
        cmocka_unit_test(test_qiaoxi_expected),
        cmocka_unit_test(test_skipped_level),
        cmocka_unit_test(test_inline_items_not_headings),
        cmocka_unit_test(test_decimals_not_marks),
        cmocka_unit_test(test_table_lines),
        cmocka_unit_test(test_style_order),
        cmocka_unit_test(test_ordinal_rules),
        cmocka_unit_test(test_part_always_top),
        cmocka_unit_test(test_split_heading),
        cmocka_unit_test(test_heading_joined_with_body),
        cmocka_unit_test(test_heading_text),
        cmocka_unit_test(test_title_and_find),
        cmocka_unit_test(test_contents_skipped),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_fonts),
        cmocka_unit_test(test_fonts_placement),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
