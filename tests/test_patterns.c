/* test_patterns.c — the pattern file format, the default pattern set on
 * sentences of the reference documents, user pattern directories, and the
 * limits that stop a runaway expression. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "patterns.h"
#include "testutil.h"

/* ------------------------------------------------------------------ helpers */

typedef struct hit {
    char pattern[64];
    char text[512];
    int ngroups;
    struct {
        char field[24];
        char text[256];
    } g[FS_MATCH_MAX_GROUPS];
} hit;

typedef struct hits {
    const char *t;
    hit h[64];
    int n;
    int stop_after; /* callback returns 7 after this many matches; 0: never */
} hits;

static void copy_span(char *dst, size_t dsz, const char *t, size_t a, size_t b)
{
    size_t n = b - a;
    if (n >= dsz)
        n = dsz - 1;
    memcpy(dst, t + a, n);
    dst[n] = '\0';
}

static int collect(const fs_match *m, void *ud)
{
    hits *hs = ud;
    if (hs->n < (int)(sizeof hs->h / sizeof hs->h[0])) {
        hit *h = &hs->h[hs->n];
        snprintf(h->pattern, sizeof h->pattern, "%s", m->pattern);
        copy_span(h->text, sizeof h->text, hs->t, m->start, m->end);
        h->ngroups = m->ngroups;
        for (int i = 0; i < m->ngroups; i++) {
            snprintf(h->g[i].field, sizeof h->g[i].field, "%s", m->groups[i].field);
            copy_span(h->g[i].text, sizeof h->g[i].text, hs->t, m->groups[i].start, m->groups[i].end);
        }
    }
    hs->n++;
    if (hs->stop_after && hs->n >= hs->stop_after)
        return 7;
    return 0;
}

/* Scans text with family and expects success. */
static void scan_ok(const fs_patterns *p, const char *family, const char *text, hits *hs)
{
    fs_error e = {0};
    memset(hs, 0, sizeof *hs);
    hs->t = text;
    int rc = fs_patterns_scan(p, family, text, strlen(text), collect, hs, &e);
    if (rc)
        print_error("scan failed: %s\n", e.msg);
    assert_int_equal(rc, 0);
}

/* The match of pattern whose whole text is span, or fails the test. */
static const hit *find(const hits *hs, const char *pattern, const char *span)
{
    for (int i = 0; i < hs->n && i < 64; i++)
        if (strcmp(hs->h[i].pattern, pattern) == 0 && strcmp(hs->h[i].text, span) == 0)
            return &hs->h[i];
    print_error("no %s match \"%s\" among %d:\n", pattern, span, hs->n);
    for (int i = 0; i < hs->n && i < 64; i++)
        print_error("  %s \"%s\"\n", hs->h[i].pattern, hs->h[i].text);
    fail();
    return NULL;
}

static int count_pattern(const hits *hs, const char *pattern)
{
    int n = 0;
    for (int i = 0; i < hs->n && i < 64; i++)
        n += strcmp(hs->h[i].pattern, pattern) == 0;
    return n;
}

/* Text of field in h, or NULL when the field did not take part. */
static const char *g(const hit *h, const char *field)
{
    for (int i = 0; i < h->ngroups; i++)
        if (strcmp(h->g[i].field, field) == 0)
            return h->g[i].text;
    return NULL;
}

static fs_patterns *load_default(void)
{
    fs_patterns *p = NULL;
    fs_error e = {0};
    int rc = fs_patterns_load_default(&p, &e);
    if (rc)
        print_error("default patterns: %s\n", e.msg);
    assert_int_equal(rc, 0);
    assert_non_null(p);
    return p;
}

/* ------------------------------------------------------------------ the default set */

static void test_default_set_loads(void **state)
{
    (void)state;
    fs_patterns *p = load_default();
    size_t n = fs_patterns_count(p);
    assert_true(n >= 15);
    /* every family has at least one pattern */
    size_t nf = 0;
    const char *const *fams = fs_pattern_families(&nf);
    assert_int_equal(nf, 7);
    for (size_t f = 0; f < nf; f++) {
        int seen = 0;
        for (size_t i = 0; i < n; i++) {
            const char *fam = NULL;
            fs_patterns_name(p, i, &fam, NULL, NULL);
            seen += strcmp(fam, fams[f]) == 0;
        }
        if (!seen)
            print_error("family %s has no default pattern\n", fams[f]);
        assert_true(seen > 0);
    }
    /* scan order: priorities never increase */
    const char *file = NULL;
    uint32_t line = 0;
    assert_non_null(fs_patterns_name(p, 0, NULL, &file, &line));
    assert_non_null(strstr(file, "<default>/"));
    assert_true(line > 0);
    assert_null(fs_patterns_name(p, n, NULL, NULL, NULL));
    fs_patterns_free(p);
}

/* 000 (柳州市总工会 2019), 二、一般公共预算支出情况说明 */
static const char *const S_SPEND =
    "2019年部门一般公共预算支出953.39万元，同比增加183.39万元，同比增长23.82%，"
    "增加的主要原因：工资福利性支出增加。";

static void test_amount_family(void **state)
{
    (void)state;
    fs_patterns *p = load_default();
    hits hs;
    scan_ok(p, "amount", S_SPEND, &hs);
    /* one amount only: "同比增加183.39万元" is a change, not a subject */
    assert_int_equal(hs.n, 1);
    const hit *h = find(&hs, "amount.subject", "2019年部门一般公共预算支出953.39万元");
    assert_string_equal(g(h, "period"), "2019年");
    assert_string_equal(g(h, "subject"), "部门一般公共预算支出");
    assert_string_equal(g(h, "amount"), "953.39万元");
    assert_null(g(h, "approx"));

    /* 002 (桥西区总工会 2020), 收入说明: five amounts after 其中 */
    scan_ok(p, "amount",
            "2020年预算收入36.27万元，其中：一般公共预算收入36.27万元，基金预算收入0万元，"
            "财政专户核拨收入0万元，其他来源收入0万元。",
            &hs);
    assert_int_equal(hs.n, 5);
    h = find(&hs, "amount.subject", "2020年预算收入36.27万元");
    assert_string_equal(g(h, "subject"), "预算收入");
    h = find(&hs, "amount.subject", "一般公共预算收入36.27万元");
    assert_string_equal(g(h, "amount"), "36.27万元");
    h = find(&hs, "amount.subject", "财政专户核拨收入0万元");
    assert_string_equal(g(h, "amount"), "0万元");
    find(&hs, "amount.subject", "其他来源收入0万元");

    /* 000: 公用经费 after an enumerator; 002: 人员经费 … 和日常公用经费 */
    scan_ok(p, "amount", "（二）公用经费54.56万元，同比增加13.66万元，同比增长33.4%。其中：", &hs);
    assert_int_equal(hs.n, 1);
    h = find(&hs, "amount.subject", "公用经费54.56万元");
    assert_string_equal(g(h, "subject"), "公用经费");
    scan_ok(p, "amount", "包括人员经费31.46万元和日常公用经费4.81万元；", &hs);
    assert_int_equal(hs.n, 2);
    find(&hs, "amount.subject", "人员经费31.46万元");
    h = find(&hs, "amount.subject", "日常公用经费4.81万元");
    assert_string_equal(g(h, "amount"), "4.81万元");

    /* 000: the subject before the year */
    scan_ok(p, "amount", "（二）公务接待费2019年预算0.81万元，同比增加0.19万元，同比增长30.65%", &hs);
    h = find(&hs, "amount.subject_period", "公务接待费2019年预算0.81万元");
    assert_string_equal(g(h, "subject"), "公务接待费");
    assert_string_equal(g(h, "period"), "2019年");
    assert_string_equal(g(h, "amount"), "0.81万元");

    /* a space between number and unit, as plain text input keeps it */
    scan_ok(p, "amount", "基本工资117.33 万元；", &hs);
    h = find(&hs, "amount.subject", "基本工资117.33 万元");
    assert_string_equal(g(h, "amount"), "117.33 万元");
    fs_patterns_free(p);
}

static void test_change_family(void **state)
{
    (void)state;
    fs_patterns *p = load_default();
    hits hs;
    scan_ok(p, "change", S_SPEND, &hs);
    assert_int_equal(hs.n, 1);
    const hit *h = find(&hs, "change.amount", "同比增加183.39万元");
    assert_string_equal(g(h, "basis"), "同比");
    assert_string_equal(g(h, "dir"), "增加");
    assert_string_equal(g(h, "amount"), "183.39万元");
    assert_null(g(h, "subject"));

    /* 002: 比上年增减情况 — a basis with a remark, then a bare change */
    scan_ok(p, "change",
            "2020 年预算收支安排36.27万元，较2019年预算（剔除不再列入部门预算项目支出的转移支付资金）"
            "同比增加5.9万元，其中：基本支出增加5.9万元，主要是人员工资福利支出和福利费支出。",
            &hs);
    assert_int_equal(hs.n, 2);
    h = find(&hs, "change.amount",
             "较2019年预算（剔除不再列入部门预算项目支出的转移支付资金）同比增加5.9万元");
    assert_string_equal(g(h, "basis"), "较2019年预算");
    assert_string_equal(g(h, "dir"), "增加");
    assert_string_equal(g(h, "amount"), "5.9万元");
    h = find(&hs, "change.bare", "基本支出增加5.9万元");
    assert_string_equal(g(h, "subject"), "基本支出");
    assert_string_equal(g(h, "amount"), "5.9万元");

    /* 000: a decrease, and 与上年持平 */
    scan_ok(p, "change", "基本工资117.33万元，同比减少5.1万元，同比减少4.16%；", &hs);
    assert_int_equal(hs.n, 1);
    h = find(&hs, "change.amount", "同比减少5.1万元");
    assert_string_equal(g(h, "dir"), "减少");
    scan_ok(p, "change", "（一）因公出国（境）经费2019年预算0万元，与上年持平。", &hs);
    assert_int_equal(hs.n, 1);
    h = find(&hs, "change.flat", "与上年持平");
    assert_string_equal(g(h, "basis"), "与上年");
    assert_string_equal(g(h, "dir"), "持平");

    /* Jiangsu 人大 2017: 与上年相比，<subject>增加 */
    scan_ok(p, "change", "与上年相比，财政拨款支出增加844.15万元，增长6.59%。", &hs);
    h = find(&hs, "change.amount", "与上年相比，财政拨款支出增加844.15万元");
    assert_string_equal(g(h, "basis"), "与上年相比");
    assert_string_equal(g(h, "subject"), "财政拨款支出");
    assert_string_equal(g(h, "amount"), "844.15万元");

    /* Shanghai 万里街道 2023: 比2022年（上一年度，下同）预算增加 */
    scan_ok(p, "change", "财政拨款收入16497.86万元，比2022年（上一年度，下同）预算增加1421.25万元；", &hs);
    assert_int_equal(hs.n, 1);
    h = find(&hs, "change.amount", "比2022年（上一年度，下同）预算增加1421.25万元");
    assert_string_equal(g(h, "basis"), "比2022年（上一年度，下同）预算");
    assert_string_equal(g(h, "amount"), "1421.25万元");

    /* Jiangsu 人大 2017: 本年数小于上年预算数 */
    scan_ok(p, "change", "会议费预算支出1305.25万元，本年数小于上年预算数403.75万元，原因是", &hs);
    h = find(&hs, "change.compare", "本年数小于上年预算数403.75万元");
    assert_string_equal(g(h, "basis"), "本年数小于上年预算数");
    assert_string_equal(g(h, "amount"), "403.75万元");
    fs_patterns_free(p);
}

static void test_rate_family(void **state)
{
    (void)state;
    fs_patterns *p = load_default();
    hits hs;
    scan_ok(p, "rate", S_SPEND, &hs);
    assert_int_equal(hs.n, 1);
    const hit *h = find(&hs, "rate.percent", "同比增长23.82%");
    assert_string_equal(g(h, "basis"), "同比");
    assert_string_equal(g(h, "dir"), "增长");
    assert_string_equal(g(h, "percent"), "23.82%");

    /* 000 三公: 同比下降100% */
    scan_ok(p, "rate", "2.公务用车运行维护费2019年预算0万元，同比减少4万元，同比下降100%，减少原因", &hs);
    assert_int_equal(hs.n, 1);
    h = find(&hs, "rate.percent", "同比下降100%");
    assert_string_equal(g(h, "percent"), "100%");

    /* Shanghai 万里街道 2023 */
    scan_ok(p, "rate", "2022年当年预算执行数为667.32万元，2023年预算安排635.10万元，比2022年预算执行数减少4.83%。",
            &hs);
    assert_int_equal(hs.n, 1);
    h = find(&hs, "rate.percent", "比2022年预算执行数减少4.83%");
    assert_string_equal(g(h, "basis"), "比2022年预算执行数");
    assert_string_equal(g(h, "dir"), "减少");
    assert_string_equal(g(h, "percent"), "4.83%");

    /* Jiangsu 人大 2017: the rate follows the change without a basis */
    scan_ok(p, "rate", "与上年相比，财政拨款支出增加844.15万元，增长6.59%。", &hs);
    assert_int_equal(hs.n, 1);
    h = find(&hs, "rate.percent", "增长6.59%");
    assert_null(g(h, "basis"));
    assert_string_equal(g(h, "percent"), "6.59%");
    fs_patterns_free(p);
}

static void test_prior_family(void **state)
{
    (void)state;
    fs_patterns *p = load_default();
    hits hs;
    /* 000 三公 */
    scan_ok(p, "prior",
            "2019年一般公共预算安排的“三公”经费支出预算0.81万元，比2018年（上一年）预算4.62万元，"
            "同比减少3.81万元，同比减少82.58%。",
            &hs);
    assert_int_equal(hs.n, 1);
    const hit *h = find(&hs, "prior.compared", "比2018年（上一年）预算4.62万元");
    assert_string_equal(g(h, "prior_period"), "2018年（上一年）预算");
    assert_string_equal(g(h, "prior"), "4.62万元");

    /* Shanghai 万里街道 2023 and 财政局 2024 决算 */
    scan_ok(p, "prior", "2022年当年预算执行数为1.48万元，2023年预算安排2.63万元，比2022年预算执行数增加77.70%。",
            &hs);
    assert_int_equal(hs.n, 1);
    h = find(&hs, "prior.stated", "2022年当年预算执行数为1.48万元");
    assert_string_equal(g(h, "prior_period"), "2022年当年预算执行数");
    assert_string_equal(g(h, "prior"), "1.48万元");
    scan_ok(p, "prior", "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元", &hs);
    assert_int_equal(hs.n, 1);
    h = find(&hs, "prior.stated", "年初预算为2993.92万元");
    assert_string_equal(g(h, "prior_period"), "年初预算");
    fs_patterns_free(p);
}

static void test_share_family(void **state)
{
    (void)state;
    fs_patterns *p = load_default();
    hits hs;
    scan_ok(p, "share",
            "（一）201类一般公共服务支出361.37万元，占一般公共预算37.9%，同比增加78.08万元，同比增长27.56%。",
            &hs);
    assert_int_equal(hs.n, 1);
    const hit *h = find(&hs, "share.of", "占一般公共预算37.9%");
    assert_string_equal(g(h, "of"), "一般公共预算");
    assert_string_equal(g(h, "share"), "37.9%");

    scan_ok(p, "share", "1.基本支出601.39万元；占支出总预算63.08%，同比增加208.39万元", &hs);
    h = find(&hs, "share.of", "占支出总预算63.08%");
    assert_string_equal(g(h, "of"), "支出总预算");

    /* Jiangsu 人大 2017: 占…的, and no whole named */
    scan_ok(p, "share", "公务接待费支出427.5万元，占“三公”经费的16.81%。基本支出7666.68万元，占56.17%；", &hs);
    assert_int_equal(hs.n, 2);
    h = find(&hs, "share.of", "占“三公”经费的16.81%");
    assert_string_equal(g(h, "of"), "“三公”经费");
    assert_string_equal(g(h, "share"), "16.81%");
    h = find(&hs, "share.of", "占56.17%");
    assert_null(g(h, "of"));

    /* a share printed without its sign, after a space */
    scan_ok(p, "share", "项目支出占 76.23，", &hs);
    h = find(&hs, "share.of", "占 76.23");
    assert_string_equal(g(h, "share"), "76.23");

    /* Shanghai 财政局 2024 决算 */
    scan_ok(p, "share", "支出决算为2940.05万元，完成年初预算的98.20%。", &hs);
    h = find(&hs, "share.completion", "完成年初预算的98.20%");
    assert_string_equal(g(h, "of"), "年初预算");
    assert_string_equal(g(h, "share"), "98.20%");

    /* not shares: an amount or a count follows 占 */
    scan_ok(p, "share", "占地20万元，占用办公用房3个", &hs);
    assert_int_equal(hs.n, 0);
    fs_patterns_free(p);
}

static void test_headcount_family(void **state)
{
    (void)state;
    fs_patterns *p = load_default();
    hits hs;
    scan_ok(p, "headcount",
            "单位人员编制总数为86人，其中：行政编制（含参公单位）37人，事业编制40人，工勤编制9人。", &hs);
    assert_int_equal(hs.n, 4);
    const hit *h = find(&hs, "headcount.subject", "单位人员编制总数为86人");
    assert_string_equal(g(h, "subject"), "单位人员编制总数");
    assert_string_equal(g(h, "count"), "86");
    assert_string_equal(g(h, "unit"), "人");
    h = find(&hs, "headcount.subject", "行政编制（含参公单位）37人");
    assert_string_equal(g(h, "subject"), "行政编制（含参公单位）");
    assert_string_equal(g(h, "count"), "37");
    h = find(&hs, "headcount.subject", "事业编制40人");
    assert_string_equal(g(h, "count"), "40");
    h = find(&hs, "headcount.subject", "工勤编制9人");
    assert_string_equal(g(h, "count"), "9");

    /* 000 柳州市职工物价监督站: a space before the count */
    scan_ok(p, "headcount", "差额事业编制11人，编内在职8人，退休人员5人，退休补助 5人。", &hs);
    assert_int_equal(hs.n, 4);
    h = find(&hs, "headcount.subject", "退休补助 5人");
    assert_string_equal(g(h, "subject"), "退休补助");
    assert_string_equal(g(h, "count"), "5");

    /* Jiangsu 人大: 名; not a head count: 人次 */
    scan_ok(p, "headcount", "其中行政编制199名、事业编制36名。集中活动不低于50人次", &hs);
    assert_int_equal(hs.n, 2);
    h = find(&hs, "headcount.subject", "行政编制199名");
    assert_string_equal(g(h, "subject"), "行政编制");
    assert_string_equal(g(h, "unit"), "名");
    fs_patterns_free(p);
}

static void test_parts_family(void **state)
{
    (void)state;
    fs_patterns *p = load_default();
    hits hs;
    scan_ok(p, "parts",
            "2019年部门一般公共预算支出953.39万元，同比增加183.39万元。按支出功能分类科目划分，具体支出预算如下：\n"
            "（一）201类一般公共服务支出361.37万元，占一般公共预算37.9%。\n",
            &hs);
    const hit *h = find(&hs, "parts.by", "按支出功能分类科目划分");
    assert_string_equal(g(h, "by"), "支出功能分类科目");
    h = find(&hs, "parts.class", "201类一般公共服务支出361.37万元");
    assert_string_equal(g(h, "code"), "201");
    assert_string_equal(g(h, "subject"), "一般公共服务支出");
    assert_string_equal(g(h, "amount"), "361.37万元");

    /* 其中 at a line end: the list is the next paragraph's sentence */
    scan_ok(p, "parts",
            "（一）人员经费546.83万元，同比增加194.73万元，同比增长55.3%，其中：\n\n"
            "基本工资117.33万元，同比减少5.1万元，同比减少4.16%；绩效工资176.42万元。\n",
            &hs);
    assert_int_equal(count_pattern(&hs, "parts.among"), 1);
    h = &hs.h[0];
    assert_string_equal(h->pattern, "parts.among");
    assert_string_equal(g(h, "list"), "基本工资117.33万元，同比减少5.1万元，同比减少4.16%；绩效工资176.42万元");

    /* 002 收入说明 */
    scan_ok(p, "parts",
            "2020年预算收入36.27万元，其中：一般公共预算收入36.27万元，基金预算收入0万元。", &hs);
    h = find(&hs, "parts.among", "其中：一般公共预算收入36.27万元，基金预算收入0万元");
    assert_string_equal(g(h, "list"), "一般公共预算收入36.27万元，基金预算收入0万元");
    fs_patterns_free(p);
}

/* All families at once, over a whole reference document: every pattern of
 * the set runs, nothing errs, and a few totals worked out by hand hold. */
static void test_whole_seed(void **state)
{
    (void)state;
    fs_patterns *p = load_default();
    size_t len = 0;
    char *doc = tu_read_file(tu_path("corpus/liuzhou-2019.txt"), &len);
    assert_non_null(doc);
    fs_scanner *s = NULL;
    fs_error e = {0};
    assert_int_equal(fs_scanner_create(p, &s, &e), 0);
    hits hs;
    memset(&hs, 0, sizeof hs);
    hs.t = doc;
    /* 000 states 同比增长 / 同比下降 / 同比减少 …% 40 times (counted in the text) */
    assert_int_equal(fs_scanner_scan(s, "rate", doc, len, collect, &hs, &e), 0);
    assert_int_equal(hs.n, 40);
    memset(&hs, 0, sizeof hs);
    hs.t = doc;
    /* and 与上年持平 three times */
    assert_int_equal(fs_scanner_scan(s, "change", doc, len, collect, &hs, &e), 0);
    int flat = 0;
    for (int i = 0; i < hs.n && i < 64; i++)
        flat += strcmp(hs.h[i].pattern, "change.flat") == 0;
    assert_int_equal(flat, 3);
    /* 三、编制现状及人员构成 states 4+6+8+4+4+4 = 30 head counts */
    memset(&hs, 0, sizeof hs);
    hs.t = doc;
    assert_int_equal(fs_scanner_scan(s, "headcount", doc, len, collect, &hs, &e), 0);
    assert_int_equal(hs.n, 30);
    fs_scanner_free(s);
    free(doc);
    fs_patterns_free(p);
}

/* ------------------------------------------------------------------ user patterns */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_user_dir_overrides_and_extends(void **state)
{
    (void)state;
    char dir[] = "/tmp/fiscan_patterns_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p1[256], p2[256], p3[256];
    snprintf(p1, sizeof p1, "%s/10_extend.pat", dir);
    snprintf(p2, sizeof p2, "%s/20_empty.pat", dir);
    snprintf(p3, sizeof p3, "%s/notes.txt", dir);
    write_file(p1,
               "# written by the test\n"
               "[headcount.retired]\n"
               "priority = 50\n"
               "regex = 退休(?<count>\\d+)(?<unit>人)\n"
               "example = 退休23人\n"
               "\n"
               "[share.of]\n"
               "# override: only shares with a percent sign, the whole is required\n"
               "regex = 占(?<of>\\p{sc=Han}{2,12}?)\n"
               "    (?<share>{NUM}%)\n");
    write_file(p2, "\n# nothing here yet\n");
    write_file(p3, "[amount.ignored]\nregex = (\n"); /* not a .pat: ignored */

    fs_patterns *p = load_default();
    size_t before = fs_patterns_count(p);
    fs_pattern_stats st;
    fs_error e = {0};
    int rc = fs_patterns_add_dir(p, dir, &st, &e);
    if (rc)
        print_error("%s\n", e.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(st.files, 2);
    assert_int_equal(st.added, 1);
    assert_int_equal(st.replaced, 1);
    assert_int_equal(st.empty_files, 1);
    assert_string_equal(st.first_empty, p2);
    assert_int_equal(fs_patterns_count(p), before + 1);

    hits hs;
    scan_ok(p, "headcount", "退休23人", &hs);
    const hit *h = find(&hs, "headcount.retired", "退休23人");
    assert_string_equal(g(h, "count"), "23");
    /* the override replaced the default share.of: no match without % now */
    scan_ok(p, "share", "占一般公共预算37.9%，占 76.23", &hs);
    assert_int_equal(hs.n, 1);
    h = find(&hs, "share.of", "占一般公共预算37.9%");
    assert_string_equal(g(h, "of"), "一般公共预算");

    /* the replaced pattern reports the user file and line */
    int found = 0;
    for (size_t i = 0; i < fs_patterns_count(p); i++) {
        const char *file = NULL;
        uint32_t line = 0;
        const char *name = fs_patterns_name(p, i, NULL, &file, &line);
        if (strcmp(name, "share.of") == 0) {
            assert_string_equal(file, p1);
            assert_int_equal(line, 7);
            found = 1;
        }
    }
    assert_true(found);
    fs_patterns_free(p);
    unlink(p1);
    unlink(p2);
    unlink(p3);
    rmdir(dir);
}

static void test_user_dir_from_tests_data(void **state)
{
    (void)state;
    fs_patterns *p = load_default();
    fs_error e = {0};
    assert_int_equal(fs_patterns_add_dir(p, tu_path("tests/data/patterns/user"), NULL, &e), 0);
    hits hs;
    scan_ok(p, "share", "一般公共预算占比37.9%", &hs);
    const hit *h = find(&hs, "share.after", "一般公共预算占比37.9%");
    assert_string_equal(g(h, "of"), "一般公共预算");
    assert_string_equal(g(h, "share"), "37.9%");
    /* amount.subject replaced by a bare amount */
    scan_ok(p, "amount", "基本工资117.33万元", &hs);
    assert_int_equal(hs.n, 1);
    h = find(&hs, "amount.subject", "117.33万元");
    assert_null(g(h, "subject"));
    fs_patterns_free(p);
}

/* ------------------------------------------------------------------ errors */

/* Loads one file of tests/data/patterns/errors into a default set; returns
 * the add_file result with e filled. */
static int load_error_file(const char *name, fs_patterns **out, fs_error *e)
{
    fs_patterns *p = load_default();
    char rel[128];
    snprintf(rel, sizeof rel, "tests/data/patterns/errors/%s", name);
    int rc = fs_patterns_add_file(p, tu_path(rel), e);
    *out = p;
    return rc;
}

static void test_error_bad_regex(void **state)
{
    (void)state;
    fs_patterns *p = NULL;
    fs_error e = {0};
    int rc = load_error_file("bad_regex.pat", &p, &e);
    assert_int_equal(rc, FS_E_PATTERN);
    assert_int_equal(e.code, FS_E_PATTERN);
    /* file and line of the regex line, the pattern, PCRE2's words, offset */
    assert_non_null(strstr(e.msg, "errors/bad_regex.pat:4: pattern 'amount.bad': PCRE2 error"));
    assert_non_null(strstr(e.msg, "missing closing parenthesis"));
    assert_non_null(strstr(e.msg, "at offset 17 of the expression (after \"(?<amount>{MONEY}\")"));
    fs_patterns_free(p);

    /* an error inside a macro names the macro and where it is used */
    fs_patterns *q = load_default();
    const char *t = "define BROKEN = a{2,1}\n[amount.x]\nregex = 约{BROKEN}\n";
    rc = fs_patterns_add_text(q, "inline.pat", t, strlen(t), &e);
    /* the macro itself is only text: the error surfaces where it is used */
    assert_int_equal(rc, FS_E_PATTERN);
    assert_non_null(strstr(e.msg, "inline.pat:3: pattern 'amount.x'"));
    assert_non_null(strstr(e.msg, "numbers out of order"));
    assert_non_null(strstr(e.msg, "inside macro {BROKEN} used at offset 3 of the expression"));
    fs_patterns_free(q);
}

static void test_error_unknown_field(void **state)
{
    (void)state;
    fs_patterns *p = NULL;
    fs_error e = {0};
    assert_int_equal(load_error_file("unknown_field.pat", &p, &e), FS_E_PATTERN);
    assert_non_null(strstr(e.msg, "errors/unknown_field.pat:2: pattern 'amount.colour': unknown field name 'colour'"));
    assert_non_null(strstr(e.msg, "known fields: subject amount"));
    fs_patterns_free(p);
}

static void test_error_unknown_macro_and_example(void **state)
{
    (void)state;
    fs_patterns *p = NULL;
    fs_error e = {0};
    assert_int_equal(load_error_file("unknown_macro.pat", &p, &e), FS_E_PATTERN);
    assert_non_null(strstr(e.msg, "unknown_macro.pat:2: pattern 'amount.inmacro': unknown macro {PAREN_BAD} at offset 3"));
    fs_patterns_free(p);
    assert_int_equal(load_error_file("example.pat", &p, &e), FS_E_PATTERN);
    assert_non_null(strstr(e.msg, "example.pat:3: pattern 'amount.wrong_example': does not match its example"));
    fs_patterns_free(p);
}

static void test_error_format(void **state)
{
    (void)state;
    fs_patterns *p = NULL;
    fs_error e = {0};
    assert_int_equal(fs_patterns_create(&p, &e), 0);
    static const struct {
        const char *text;
        const char *msg;
    } cases[] = {
        {"regex = a\n", "f.pat:1: 'regex =' outside a [section]"},
        {"[x.y]\nregex = a\n", "f.pat:1: pattern 'x.y': no 'family =' and 'x' is not a family"},
        {"[amount.a]\nfamily = money\nregex = a\n", "f.pat:2: pattern 'amount.a': unknown family 'money'"},
        {"[amount.a]\ncolour = red\n", "f.pat:2: unknown key 'colour'"},
        {"  (?<amount>x)\n", "f.pat:1: indented line continues nothing"},
        {"[amount.a]\n", "f.pat:1: pattern 'amount.a': no 'regex =' line"},
        {"[amount a]\n", "f.pat:1: bad section header"},
        {"define lower = x\n", "f.pat:1: bad define"},
        {"[amount.a]\npriority = high\nregex = a\n", "f.pat:2: pattern 'amount.a': priority must be an integer"},
        {"[amount.a]\nregex = a\nregex = b\n", "f.pat:3: pattern 'amount.a': second 'regex =' line"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fs_error_clear(&e);
        int rc = fs_patterns_add_text(p, "f.pat", cases[i].text, strlen(cases[i].text), &e);
        if (rc != FS_E_PATTERN || !strstr(e.msg, cases[i].msg))
            print_error("case %zu: rc %d, \"%s\"\n", i, rc, e.msg);
        assert_int_equal(rc, FS_E_PATTERN);
        assert_non_null(strstr(e.msg, cases[i].msg));
    }
    assert_int_equal(fs_patterns_count(p), 0);
    fs_patterns_free(p);
}

static void test_empty_file_is_allowed(void **state)
{
    (void)state;
    fs_patterns *p = NULL;
    fs_error e = {0};
    assert_int_equal(load_error_file("empty.pat", &p, &e), 0); /* 0 sections */
    size_t n = fs_patterns_count(p);
    fs_patterns_free(p);
    fs_patterns *q = load_default();
    assert_int_equal(fs_patterns_count(q), n);
    assert_int_equal(fs_patterns_add_text(q, "zero.pat", "", 0, &e), 0);
    assert_int_equal(fs_patterns_count(q), n);
    fs_patterns_free(q);
}

/* (a+)+$ against "aaa…ab": exponential backtracking, stopped by the limits
 * with an error that names the pattern — under JIT and in the interpreter. */
static void check_backtracking(int jit)
{
    fs_patterns *p = NULL;
    fs_error e = {0};
    assert_int_equal(fs_patterns_create(&p, &e), 0);
    fs_patterns_set_jit(p, jit);
    const char *path = tu_path("tests/data/patterns/errors/backtrack.pat");
    char want[512];
    snprintf(want, sizeof want, "pattern 'amount.evil' (%s:1) exceeded the ", path);
    assert_int_equal(fs_patterns_add_file(p, path, &e), 1);
    size_t n = 30000;
    char *text = malloc(n + 2);
    assert_non_null(text);
    memset(text, 'a', n);
    text[n] = 'b';
    text[n + 1] = '\0';
    hits hs;
    memset(&hs, 0, sizeof hs);
    hs.t = text;
    int rc = fs_patterns_scan(p, NULL, text, n + 1, collect, &hs, &e);
    assert_int_equal(rc, FS_E_PATTERN);
    assert_int_equal(hs.n, 0);
    if (!strstr(e.msg, want))
        print_error("%s\n", e.msg);
    assert_non_null(strstr(e.msg, want));
    assert_non_null(strstr(e.msg, "limit at offset 0"));
    free(text);
    fs_patterns_free(p);
}

static void test_backtracking_stopped_jit(void **state)
{
    (void)state;
    check_backtracking(1);
}

static void test_backtracking_stopped_interpreter(void **state)
{
    (void)state;
    check_backtracking(0);
}

/* ------------------------------------------------------------------ scanning rules */

static void test_scan_rules(void **state)
{
    (void)state;
    fs_patterns *p = NULL;
    fs_error e = {0};
    assert_int_equal(fs_patterns_create(&p, &e), 0);
    const char *t = "define D = \\d+\n"
                    "[amount.num]\nregex = (?<amount>{D})\n"
                    "[rate.maybe]\nregex = (?<percent>%?)\n";
    assert_int_equal(fs_patterns_add_text(p, "t.pat", t, strlen(t), &e), 2);

    /* successive non-overlapping matches, offsets in bytes */
    hits hs;
    scan_ok(p, "amount", "12，345，6", &hs);
    assert_int_equal(hs.n, 3);
    assert_string_equal(hs.h[1].text, "345");

    /* empty matches advance by one character, not one byte: "" before 一,
     * "" before 二, "%", "" at the end */
    scan_ok(p, "rate", "一二%", &hs);
    assert_int_equal(hs.n, 4);
    assert_string_equal(hs.h[0].text, "");
    assert_string_equal(hs.h[2].text, "%");
    assert_string_equal(g(&hs.h[2], "percent"), "%");

    /* the callback stops the scan with its value */
    memset(&hs, 0, sizeof hs);
    hs.t = "1 2 3";
    hs.stop_after = 2;
    assert_int_equal(fs_patterns_scan(p, "amount", hs.t, 5, collect, &hs, &e), 7);
    assert_int_equal(hs.n, 2);

    /* unknown family, invalid UTF-8, stale scanner */
    assert_int_equal(fs_patterns_scan(p, "money", "1", 1, collect, &hs, &e), FS_E_USAGE);
    assert_int_equal(fs_patterns_scan(p, NULL, "1\xff", 2, collect, &hs, &e), FS_E_ENCODING);
    assert_non_null(strstr(e.msg, "not valid UTF-8 at byte 1"));
    fs_scanner *s = NULL;
    assert_int_equal(fs_scanner_create(p, &s, &e), 0);
    assert_int_equal(fs_patterns_add_text(p, "u.pat", "[amount.two]\nregex = 2\n", strlen("[amount.two]\nregex = 2\n"), &e), 1);
    assert_int_equal(fs_scanner_scan(s, NULL, "2", 1, collect, &hs, &e), FS_E_USAGE);
    fs_scanner_free(s);

    /* enabled = no removes a pattern by name */
    assert_int_equal(fs_patterns_count(p), 3);
    assert_int_equal(fs_patterns_add_text(p, "v.pat", "[amount.two]\nenabled = no\n",
                                          strlen("[amount.two]\nenabled = no\n"), &e), 1);
    assert_int_equal(fs_patterns_count(p), 2);
    fs_patterns_free(p);
}

static void test_field_table(void **state)
{
    (void)state;
    size_t n = 0;
    const char *const *f = fs_pattern_fields(&n);
    assert_int_equal(n, 16);
    assert_string_equal(f[0], "subject");
    assert_ptr_equal(fs_pattern_field_name("prior_period"), f[6]);
    assert_null(fs_pattern_field_name("colour"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_set_loads),
        cmocka_unit_test(test_amount_family),
        cmocka_unit_test(test_change_family),
        cmocka_unit_test(test_rate_family),
        cmocka_unit_test(test_prior_family),
        cmocka_unit_test(test_share_family),
        cmocka_unit_test(test_headcount_family),
        cmocka_unit_test(test_parts_family),
        cmocka_unit_test(test_whole_seed),
        cmocka_unit_test(test_user_dir_overrides_and_extends),
        cmocka_unit_test(test_user_dir_from_tests_data),
        cmocka_unit_test(test_error_bad_regex),
        cmocka_unit_test(test_error_unknown_field),
        cmocka_unit_test(test_error_unknown_macro_and_example),
        cmocka_unit_test(test_error_format),
        cmocka_unit_test(test_empty_file_is_allowed),
        cmocka_unit_test(test_backtracking_stopped_jit),
        cmocka_unit_test(test_backtracking_stopped_interpreter),
        cmocka_unit_test(test_scan_rules),
        cmocka_unit_test(test_field_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
