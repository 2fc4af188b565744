/* test_checks.c — the checks stage over figure records built by hand.
 *
 * Every expectation below is worked out by hand from the printed figures
 * (the arithmetic is in the comments): for each check, one case just inside
 * the rounding intervals (no finding) and one just outside (a finding),
 * under rounding to nearest and under truncation, plus the truncation-only
 * warnings, the undefined cases and the skipped ones. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "tables.h"
#include "number.h"

/* ------------------------------------------------------------ builder */

/* A parsed quantity; the test fails if s does not parse. */
static fs_quantity Q(const char *s)
{
    fs_quantity q;
    fs_error e;
    int rc = fs_number_parse(s, strlen(s), &q, &e);
    if (rc != 0)
        fail_msg("cannot parse \"%s\": %s", s, e.msg);
    return q;
}

static char *dup(const char *s)
{
    if (!s)
        return NULL;
    char *d = malloc(strlen(s) + 1);
    assert_non_null(d);
    strcpy(d, s);
    return d;
}

static void figs_init(fs_figures *f)
{
    memset(f, 0, sizeof *f);
}

static void figs_free(fs_figures *f)
{
    for (size_t k = 0; k < f->n; k++) {
        fs_figure *g = &f->v[k];
        free(g->subject);
        free(g->change.basis);
        free(g->prior.label);
        free(g->share.of_subject);
        free(g->change.ratio_basis);
        free(g->change.points.basis);
        free(g->share.points.basis);
        free(g->parts_by);
        free(g->id.item);
        free(g->id.code);
        free(g->id.measure);
        free(g->id.scope);
        free(g->id.level);
    }
    free(f->v);
    memset(f, 0, sizeof *f);
}

/* Adds a figure "subject value" (kind from the unit) on line n+1 of page 1,
 * a sentence of its own, whose identity (identity.h) is the item named by
 * its subject, a 预算 figure of 2019 known to the end; returns its index. */
static int fig(fs_figures *f, const char *subject, const char *value)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 8;
        f->v = realloc(f->v, f->cap * sizeof *f->v);
        assert_non_null(f->v);
    }
    fs_figure *g = &f->v[f->n];
    memset(g, 0, sizeof *g);
    g->value.present = 1;
    g->value.q = Q(value);
    g->kind = g->value.q.unit == FS_UNIT_PERSON ? FS_FIG_HEADCOUNT
              : g->value.q.unit == FS_UNIT_YUAN ? FS_FIG_MONEY
                                                : FS_FIG_COUNT;
    g->subject = dup(subject);
    g->period = 2019;
    g->parent = -1;
    g->group = -1;
    g->parts_complete = -1;
    g->share.of = -1;
    g->section = -1;
    g->page = 1;
    g->line = (uint32_t)f->n + 1;
    g->quote_start = f->n * 100;
    g->quote_end = g->quote_start + 50;
    g->id.item = dup(subject);
    g->id.code = dup("");
    g->id.measure = dup("预算");
    g->id.scope = dup("");
    g->id.level = dup("");
    g->id.period = 2019;
    g->id.certain = 1;
    return (int)f->n++;
}

static fs_direction dir_of(const char *word)
{
    if (!word)
        return FS_DIR_NONE;
    if (!strcmp(word, "增加") || !strcmp(word, "增长") || !strcmp(word, "提高"))
        return FS_DIR_INCREASE;
    if (!strcmp(word, "减少") || !strcmp(word, "下降") || !strcmp(word, "降低"))
        return FS_DIR_DECREASE;
    if (!strcmp(word, "持平"))
        return FS_DIR_FLAT;
    return FS_DIR_NONE;
}

/* Gives figure i the change "同比 aw amount, pw pct" (either may be NULL). */
static void chg(fs_figures *f, int i, const char *aw, const char *amount, const char *pw,
                const char *pct)
{
    fs_change *c = &f->v[i].change;
    c->present = 1;
    free(c->basis);
    c->basis = dup("同比");
    c->amount_dir = amount ? dir_of(aw) : FS_DIR_NONE;
    c->percent_dir = pct ? dir_of(pw) : FS_DIR_NONE;
    c->direction = c->amount_dir != FS_DIR_NONE ? c->amount_dir : c->percent_dir;
    if (!amount && !pct)
        c->direction = dir_of(aw ? aw : pw);
    if (amount) {
        c->amount.present = 1;
        c->amount.q = Q(amount);
    }
    if (pct) {
        c->percent.present = 1;
        c->percent.q = Q(pct);
    }
}

static void prior(fs_figures *f, int i, const char *value, int period, const char *label)
{
    fs_prior *p = &f->v[i].prior;
    p->present = 1;
    p->period = period;
    p->label = dup(label);
    p->value.present = 1;
    p->value.q = Q(value);
}

static void share(fs_figures *f, int i, const char *pct, int of, const char *of_subject)
{
    fs_share *s = &f->v[i].share;
    s->present = 1;
    s->percent.present = 1;
    s->percent.q = Q(pct);
    s->of = of;
    s->of_subject = dup(of_subject);
}

/* Makes t a total of the given kind and completeness, and p its part. */
static void part(fs_figures *f, int t, int p, fs_parts_kind kind, int complete)
{
    f->v[t].parts_kind = kind;
    f->v[t].parts_complete = complete;
    f->v[p].parent = t;
}

/* Runs the checks of mask under mode; the result is freed by the caller. */
static fs_check_result *run(const fs_figures *f, unsigned mask, fs_rounding mode)
{
    fs_check_opts o = {mask, mode};
    fs_check_result *r = NULL;
    fs_error e;
    int rc = fs_checks_run(f, &o, &r, &e);
    if (rc != 0)
        fail_msg("fs_checks_run: %s", e.msg);
    assert_non_null(r);
    return r;
}

#define BIT(c) (1u << (c))

/* The finding count of r, with the findings printed when it is not n. */
static void expect_findings(const fs_check_result *r, size_t n)
{
    if (r->nfindings != n) {
        for (size_t k = 0; k < r->nfindings; k++)
            print_message("finding %zu: %s %s %s\n", k, fs_check_name(r->findings[k].check),
                          fs_severity_name(r->findings[k].severity), r->findings[k].message);
        for (size_t k = 0; k < r->nskipped; k++)
            print_message("skipped %zu: %s %s\n", k, fs_check_name(r->skipped[k].check),
                          r->skipped[k].reason);
    }
    assert_int_equal(r->nfindings, n);
}

/* Runs one check and expects exactly one finding of severity sev (or none
 * when sev < 0); returns the result for more assertions. */
static fs_check_result *expect_one(const fs_figures *f, fs_check_id id, fs_rounding mode,
                                   int sev)
{
    fs_check_result *r = run(f, BIT(id), mode);
    expect_findings(r, sev < 0 ? 0 : 1);
    if (sev >= 0) {
        assert_int_equal(r->findings[0].check, id);
        assert_int_equal(r->findings[0].severity, sev);
        assert_int_equal(r->findings[0].id, 1);
    }
    return r;
}

static void expect_verdict(const fs_figures *f, fs_check_id id, fs_rounding mode, int sev)
{
    fs_check_result *r = expect_one(f, id, mode, sev);
    fs_check_result_free(r);
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!hay || !strstr(hay, needle))
        fail_msg("\"%s\" does not contain \"%s\"", hay ? hay : "(null)", needle);
}

/* ---------------------------------------------------------- list parse */

static void test_parse_list(void **state)
{
    (void)state;
    unsigned m = 0;
    fs_error e;
    assert_int_equal(fs_checks_parse_list("growth,sum", &m, &e), 0);
    assert_int_equal(m, BIT(FS_CHECK_GROWTH) | BIT(FS_CHECK_SUM));
    assert_int_equal(fs_checks_parse_list(" change_sum , share_sum ", &m, &e), 0);
    assert_int_equal(m, BIT(FS_CHECK_CHANGE_SUM) | BIT(FS_CHECK_SHARE_SUM));
    assert_int_equal(fs_checks_parse_list("all", &m, &e), 0);
    assert_int_equal(m, FS_CHECKS_ALL);
    assert_int_equal(m, 0x1fffu); /* thirteen checks */
    assert_int_equal(fs_checks_parse_list("restatement,direction,prior,share", &m, &e), 0);
    assert_int_equal(m, BIT(FS_CHECK_RESTATEMENT) | BIT(FS_CHECK_DIRECTION) |
                            BIT(FS_CHECK_PRIOR) | BIT(FS_CHECK_SHARE));
    assert_int_equal(fs_checks_parse_list("growth,bogus", &m, &e), FS_E_USAGE);
    assert_non_null(strstr(e.msg, "bogus"));
    assert_int_equal(fs_checks_parse_list("", &m, &e), FS_E_USAGE);
    assert_int_equal(fs_checks_parse_list("growth,,sum", &m, &e), FS_E_USAGE);
    assert_int_equal(fs_checks_parse_list("growth,", &m, &e), FS_E_USAGE);
    assert_int_equal(fs_checks_parse_list("sums", &m, &e), FS_E_USAGE);
    assert_string_equal(fs_check_name(FS_CHECK_CHANGE_SUM), "change_sum");
    assert_null(fs_check_name(FS_CHECK_COUNT_));
    assert_string_equal(fs_severity_name(FS_SEV_WARNING), "warning");
    fs_check_opts d = fs_check_opts_default();
    assert_int_equal(d.checks, FS_CHECKS_ALL);
    assert_int_equal(d.rounding, FS_RND_NEAREST);
}

/* -------------------------------------------------------------- growth */

/* 一般公共预算支出953.39万元，同比增加183.39万元，同比增长{rate}. */
static void build_growth(fs_figures *f, const char *rate)
{
    figs_init(f);
    int i = fig(f, "一般公共预算支出", "953.39万元");
    chg(f, i, "增加", "183.39万元", "增长", rate);
}

/* Nearest: V ∈ [953.385, 953.395], D ∈ [183.385, 183.395], so
 * D/(V−D) ∈ [183.385/770.01, 183.395/769.99] = [23.81592%, 23.81783%].
 * 23.82% ([23.815, 23.825]) holds; 23.83% and 25.82% do not. */
static void test_growth_nearest(void **state)
{
    (void)state;
    fs_figures f;
    build_growth(&f, "23.82%");
    expect_verdict(&f, FS_CHECK_GROWTH, FS_RND_NEAREST, -1);
    figs_free(&f);

    build_growth(&f, "25.82%");
    fs_check_result *r = expect_one(&f, FS_CHECK_GROWTH, FS_RND_NEAREST, FS_SEV_ERROR);
    const fs_finding *fd = &r->findings[0];
    assert_string_equal(fd->message, "同比增长25.82%与一般公共预算支出953.39万元、增加183.39万元"
                                     "不符：按后两者应为23.82%（23.815%至23.818%）");
    assert_string_equal(fd->stated.text, "25.82%");
    assert_string_equal(fd->stated.value, "25.82");
    assert_int_equal(fd->stated.figure, 0);
    assert_true(fd->stated.number > 25.819 && fd->stated.number < 25.821);
    assert_int_equal(fd->nfigures, 1);
    assert_int_equal(fd->figures[0].figure, 0);
    assert_int_equal(fd->figures[0].page, 1);
    assert_int_equal(fd->figures[0].line, 1);
    /* bounds at 2 + 4 decimals, outward: 23.815924…, 23.817829… */
    assert_true(fd->expected.present);
    assert_string_equal(fd->expected.low, "23.815924");
    assert_string_equal(fd->expected.high, "23.817842");
    assert_true(fd->expected.low_value > 23.8159 && fd->expected.low_value < 23.816);
    assert_int_equal(r->summary.errors, 1);
    assert_int_equal(r->summary.checked, 1);
    assert_int_equal(r->summary.errors_by[FS_CHECK_GROWTH], 1);
    fs_check_result_free(r);
    figs_free(&f);

    /* 23.83% ([23.825, 23.835]) is out under every reading: under cut or
     * mixed readings the rate stays below 183.40/769.985 = 23.8187%. */
    build_growth(&f, "23.83%");
    expect_verdict(&f, FS_CHECK_GROWTH, FS_RND_NEAREST, FS_SEV_ERROR);
    figs_free(&f);
}

/* 23.81% ([23.805, 23.815]) misses the nearest range by 0.0009 points, but
 * with every figure truncated V ∈ [953.39, 953.40), D ∈ [183.39, 183.40)
 * give (183.39/770.01, 183.40/769.99) = (23.8166%, 23.8185%), inside
 * [23.81, 23.82): a warning that says 截尾. */
static void test_growth_truncation_warning(void **state)
{
    (void)state;
    fs_figures f;
    build_growth(&f, "23.81%");
    fs_check_result *r = expect_one(&f, FS_CHECK_GROWTH, FS_RND_NEAREST, FS_SEV_WARNING);
    assert_contains(r->findings[0].message, "仅在各数截尾（而非四舍五入）时相符");
    assert_contains(r->findings[0].message, "四舍五入按后两者应为23.82%");
    assert_int_equal(r->summary.warnings, 1);
    assert_int_equal(r->summary.errors, 0);
    fs_check_result_free(r);
    /* Under --rounding truncate the same figures hold… */
    expect_verdict(&f, FS_CHECK_GROWTH, FS_RND_TRUNCATE, -1);
    /* …and under either as well. */
    expect_verdict(&f, FS_CHECK_GROWTH, FS_RND_EITHER, -1);
    figs_free(&f);

    /* Under truncation 23.82% ([23.82, 23.83)) is above (23.8166, 23.8185):
     * an error there, while it is the right value rounded to nearest. */
    build_growth(&f, "23.82%");
    r = expect_one(&f, FS_CHECK_GROWTH, FS_RND_TRUNCATE, FS_SEV_ERROR);
    /* the face value 183.39/770 = 23.8169% is printed cut: 23.81 */
    assert_contains(r->findings[0].message, "不符：按后两者应为23.81%（23.816%至23.819%）");
    fs_check_result_free(r);
    expect_verdict(&f, FS_CHECK_GROWTH, FS_RND_EITHER, -1);
    figs_free(&f);
}

/* The copy error: 115.51万元, increase 15.51万元 on 100.00万元 is 15.51%,
 * printed 15.31%. */
static void test_growth_copy_error(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    int i = fig(&f, "项目支出", "115.51万元");
    chg(&f, i, "增加", "15.51万元", "增长", "15.31%");
    fs_check_result *r = expect_one(&f, FS_CHECK_GROWTH, FS_RND_NEAREST, FS_SEV_ERROR);
    /* V ∈ [115.505, 115.515], D ∈ [15.505, 15.515]: D/(V−D) ∈
     * [15.505/100.01, 15.515/99.99] = [15.50345%, 15.51655%] */
    assert_contains(r->findings[0].message, "同比增长15.31%与项目支出115.51万元、增加15.51万元不符");
    assert_contains(r->findings[0].message, "应为15.51%（15.503%至15.517%）");
    fs_check_result_free(r);
    figs_free(&f);

    figs_init(&f);
    i = fig(&f, "项目支出", "115.51万元");
    chg(&f, i, "增加", "15.51万元", "增长", "15.51%");
    expect_verdict(&f, FS_CHECK_GROWTH, FS_RND_NEAREST, -1);
    expect_verdict(&f, FS_CHECK_GROWTH, FS_RND_TRUNCATE, -1);
    figs_free(&f);
}

/* Decreases: 水费0.58万元，同比减少0.02万元，同比下降3.33% (0.02/0.60);
 * a decrease to zero is −100%. */
static void test_growth_decrease(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    int i = fig(&f, "水费", "0.58万元");
    chg(&f, i, "减少", "0.02万元", "下降", "3.33%");
    /* D/(V+D) ∈ [0.015/0.6, 0.025/0.6] = [2.5%, 4.17%] */
    expect_verdict(&f, FS_CHECK_GROWTH, FS_RND_NEAREST, -1);
    figs_free(&f);

    /* 公务用车运行维护费0.00万元，同比减少4.00万元，同比下降100% */
    figs_init(&f);
    i = fig(&f, "公务用车运行维护费", "0.00万元");
    chg(&f, i, "减少", "4.00万元", "下降", "100%");
    expect_verdict(&f, FS_CHECK_GROWTH, FS_RND_NEAREST, -1);
    figs_free(&f);

    /* …printed 下降90%: D/(V+D) ∈ [3.995/4.0, 4.005/4.0] ≈ [99.88%, 100.13%]. */
    figs_init(&f);
    i = fig(&f, "公务用车运行维护费", "0.00万元");
    chg(&f, i, "减少", "4.00万元", "下降", "90%");
    fs_check_result *r = expect_one(&f, FS_CHECK_GROWTH, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_contains(r->findings[0].message, "同比下降90%与公务用车运行维护费0.00万元、减少4.00万元不符");
    fs_check_result_free(r);
    figs_free(&f);
}

/* 增加0.3万元，增长100% for a current 0.3万元: the prior value prints as
 * zero, growth from zero is undefined: a warning (a new item; 增长100% is the
 * reports' convention for it, not an arithmetic slip).  When the printed prior is
 * not zero but rounding reaches zero (0.5 − 0.4 = 0.1 ± 0.1), skipped. */
static void test_growth_from_zero(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    int i = fig(&f, "培训费", "0.3万元");
    chg(&f, i, "增加", "0.3万元", "增长", "100%");
    fs_check_result *r = expect_one(&f, FS_CHECK_GROWTH, FS_RND_NEAREST, FS_SEV_WARNING);
    assert_string_equal(r->findings[0].message,
                        "同比增长100%无从计算：培训费0.3万元、增加0.3万元，上年数为零（新增项目），"
                        "从零起的增长率无定义");
    assert_false(r->findings[0].expected.present);
    fs_check_result_free(r);
    figs_free(&f);

    figs_init(&f);
    i = fig(&f, "培训费", "0.5万元");
    chg(&f, i, "增加", "0.4万元", "增长", "400%");
    r = run(&f, BIT(FS_CHECK_GROWTH), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->nskipped, 1);
    assert_int_equal(r->skipped[0].check, FS_CHECK_GROWTH);
    assert_contains(r->skipped[0].reason, "可能为零");
    assert_int_equal(r->summary.skipped, 1);
    assert_int_equal(r->summary.checked, 0);
    fs_check_result_free(r);
    figs_free(&f);
}

/* --------------------------------------------------------------- prior */

/* "三公"经费0.81万元，比2018年（上一年）预算{p}，同比减少3.81万元:
 * V + D ∈ [0.805 + 3.805, 0.815 + 3.815] = [4.61, 4.63]. */
static void build_prior(fs_figures *f, const char *p)
{
    figs_init(f);
    int i = fig(f, "“三公”经费支出预算", "0.81万元");
    chg(f, i, "减少", "3.81万元", "减少", "82.58%");
    prior(f, i, p, 2018, "2018年（上一年）预算");
}

static void test_prior(void **state)
{
    (void)state;
    fs_figures f;
    /* 4.61 ([4.605, 4.615]) and 4.63 ([4.625, 4.635]) touch [4.61, 4.63]. */
    const char *ok[] = {"4.62万元", "4.61万元", "4.63万元", "46200元"};
    for (size_t k = 0; k < 4; k++) {
        build_prior(&f, ok[k]);
        expect_verdict(&f, FS_CHECK_PRIOR, FS_RND_NEAREST, -1);
        figs_free(&f);
    }
    /* 4.60: [4.595, 4.605] misses; cut [4.62, 4.64) and mixed [4.61, 4.64)
     * miss [4.60, 4.61) too. */
    build_prior(&f, "4.60万元");
    fs_check_result *r = expect_one(&f, FS_CHECK_PRIOR, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_string_equal(r->findings[0].message,
                        "上年数2018年（上一年）预算4.60万元与“三公”经费支出预算0.81万元、减少3.81万元"
                        "不符：按后两者应为4.62万元（4.61万元至4.63万元）");
    assert_string_equal(r->findings[0].expected.low, "4.61");
    assert_string_equal(r->findings[0].expected.high, "4.63");
    fs_check_result_free(r);
    figs_free(&f);
    /* 4.64: nearest [4.635, 4.645] and cut [4.64, 4.65) miss; with some
     * figures cut and others rounded, [4.61, 4.64) meets [4.635, 4.65). */
    build_prior(&f, "4.64万元");
    r = expect_one(&f, FS_CHECK_PRIOR, FS_RND_NEAREST, FS_SEV_WARNING);
    assert_contains(r->findings[0].message, "仅在部分数字截尾（而非四舍五入）时相符");
    fs_check_result_free(r);
    expect_verdict(&f, FS_CHECK_PRIOR, FS_RND_TRUNCATE, FS_SEV_ERROR);
    expect_verdict(&f, FS_CHECK_PRIOR, FS_RND_EITHER, -1);
    figs_free(&f);
    /* 4.65 is out under every reading. */
    build_prior(&f, "4.65万元");
    expect_verdict(&f, FS_CHECK_PRIOR, FS_RND_NEAREST, FS_SEV_ERROR);
    expect_verdict(&f, FS_CHECK_PRIOR, FS_RND_EITHER, FS_SEV_ERROR);
    figs_free(&f);
    /* Truncated: V + D ∈ [4.62, 4.64); 4.63 ([4.63, 4.64)) holds, 4.61
     * ([4.61, 4.62)) does not. */
    build_prior(&f, "4.63万元");
    expect_verdict(&f, FS_CHECK_PRIOR, FS_RND_TRUNCATE, -1);
    figs_free(&f);
    build_prior(&f, "4.61万元");
    expect_verdict(&f, FS_CHECK_PRIOR, FS_RND_TRUNCATE, FS_SEV_ERROR);
    figs_free(&f);

    /* An increase: 公务接待费0.81万元, 增加0.19万元, prior 0.62. */
    figs_init(&f);
    int i = fig(&f, "公务接待费", "0.81万元");
    chg(&f, i, "增加", "0.19万元", NULL, NULL);
    prior(&f, i, "0.62万元", 2018, "上年");
    expect_verdict(&f, FS_CHECK_PRIOR, FS_RND_NEAREST, -1);
    figs_free(&f);
    figs_init(&f);
    i = fig(&f, "公务接待费", "0.81万元");
    chg(&f, i, "增加", "0.19万元", NULL, NULL);
    prior(&f, i, "1.00万元", 2018, "上年");
    expect_verdict(&f, FS_CHECK_PRIOR, FS_RND_NEAREST, FS_SEV_ERROR);
    figs_free(&f);
}

/* A change against 2017 with a 2018 prior value: which one the change is
 * measured against is unknown, so prior is skipped. */
static void test_prior_other_basis_skipped(void **state)
{
    (void)state;
    fs_figures f;
    build_prior(&f, "9.99万元");
    free(f.v[0].change.basis);
    f.v[0].change.basis = dup("较2017年");
    fs_check_result *r = run(&f, BIT(FS_CHECK_PRIOR), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->nskipped, 1);
    assert_contains(r->skipped[0].reason, "年份不同");
    fs_check_result_free(r);
    figs_free(&f);
}

/* --------------------------------------------------------------- share */

/* 221类住房保障支出35.25万元，占一般公共预算{p}: 35.25/953.39 ∈
 * [35.245/953.395, 35.255/953.385] = [3.69679%, 3.69777%]. */
static void build_share(fs_figures *f, const char *p)
{
    figs_init(f);
    int w = fig(f, "一般公共预算支出", "953.39万元");
    int i = fig(f, "221类住房保障支出", "35.25万元");
    share(f, i, p, w, "一般公共预算");
}

static void test_share(void **state)
{
    (void)state;
    fs_figures f;
    build_share(&f, "3.70%");
    expect_verdict(&f, FS_CHECK_SHARE, FS_RND_NEAREST, -1);
    figs_free(&f);
    /* The report prints 3.69% ([3.685, 3.695]): 0.0018 points short when
     * rounded, but cut figures give (35.25/953.40, 35.26/953.39) =
     * (3.69730%, 3.69838%) inside [3.69, 3.70): a truncation warning. */
    build_share(&f, "3.69%");
    fs_check_result *r = expect_one(&f, FS_CHECK_SHARE, FS_RND_NEAREST, FS_SEV_WARNING);
    assert_string_equal(r->findings[0].message,
                        "221类住房保障支出占一般公共预算3.69%与221类住房保障支出35.25万元、"
                        "一般公共预算支出953.39万元仅在各数截尾（而非四舍五入）时相符："
                        "四舍五入按两数应为3.70%（3.696%至3.698%）");
    assert_int_equal(r->findings[0].nfigures, 2);
    assert_int_equal(r->findings[0].figures[0].figure, 1);
    assert_int_equal(r->findings[0].figures[1].figure, 0);
    assert_int_equal(r->findings[0].figures[0].line, 2);
    fs_check_result_free(r);
    expect_verdict(&f, FS_CHECK_SHARE, FS_RND_TRUNCATE, -1);
    figs_free(&f);
    /* 3.71% and 3.68% are out under every reading. */
    build_share(&f, "3.71%");
    expect_verdict(&f, FS_CHECK_SHARE, FS_RND_NEAREST, FS_SEV_ERROR);
    figs_free(&f);
    build_share(&f, "3.68%");
    expect_verdict(&f, FS_CHECK_SHARE, FS_RND_NEAREST, FS_SEV_ERROR);
    expect_verdict(&f, FS_CHECK_SHARE, FS_RND_TRUNCATE, FS_SEV_ERROR);
    figs_free(&f);
    /* 361.37/953.39 = 37.904%: "37.9%" ([37.85, 37.95]) holds; 38.0% not. */
    figs_init(&f);
    int w = fig(&f, "一般公共预算支出", "953.39万元");
    int i = fig(&f, "201类一般公共服务支出", "361.37万元");
    share(&f, i, "37.9%", w, "一般公共预算");
    expect_verdict(&f, FS_CHECK_SHARE, FS_RND_NEAREST, -1);
    figs_free(&f);
    figs_init(&f);
    w = fig(&f, "一般公共预算支出", "953.39万元");
    i = fig(&f, "201类一般公共服务支出", "361.37万元");
    share(&f, i, "38.0%", w, "一般公共预算");
    expect_verdict(&f, FS_CHECK_SHARE, FS_RND_NEAREST, FS_SEV_ERROR);
    figs_free(&f);
}

/* Growth from a stated prior, no change amount: "2025年当年预算执行数为
 * 77.99万元，2026年预算安排91.97万元，比2025年预算执行数增加17.66%":
 * 91.97 / 77.99 − 1 = 17.925% (17.911%..17.939% over the rounding
 * intervals): 17.66% is an error, 17.93% and 17.92% hold, 17.95% holds
 * only when some figure was cut; a prior of the same year is not the rate's
 * base. */
static void test_growth_from_prior(void **state)
{
    (void)state;
    static const struct {
        const char *pct;
        int sev;
    } cases[] = {{"17.66%", FS_SEV_ERROR}, {"17.93%", -1}, {"17.92%", -1},
                 /* 91.98 / 77.985 − 1 = 17.9458%: 91.97 cut, 77.99 rounded */
                 {"17.95%", FS_SEV_WARNING}, {"17.97%", FS_SEV_ERROR}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        fs_figures f;
        figs_init(&f);
        int i = fig(&f, "机关事业单位职业年金缴费支出", "91.97万元");
        f.v[i].period = f.v[i].id.period = 2026;
        prior(&f, i, "77.99万元", 2025, "2025年当年预算执行数");
        chg(&f, i, NULL, NULL, "增加", cases[k].pct);
        fs_check_result *r = expect_one(&f, FS_CHECK_GROWTH, FS_RND_NEAREST, cases[k].sev);
        if (cases[k].sev == FS_SEV_ERROR) {
            assert_string_equal(r->findings[0].expected.low, "17.911404");
            assert_string_equal(r->findings[0].expected.high, "17.939348");
        }
        fs_check_result_free(r);
        figs_free(&f);
    }
    /* a decrease: 57.8 from 59.11 is −2.216% (2.123%..2.309% with 57.8 to
     * one decimal): 2.22% and 2.13% hold, 3.21% is an error */
    static const struct {
        const char *pct;
        int sev;
    } dec[] = {{"2.22%", -1}, {"2.13%", -1}, {"3.21%", FS_SEV_ERROR}};
    for (size_t k = 0; k < sizeof dec / sizeof dec[0]; k++) {
        fs_figures f;
        figs_init(&f);
        int i = fig(&f, "行政单位离退休", "57.8万元");
        f.v[i].period = f.v[i].id.period = 2026;
        prior(&f, i, "59.11万元", 2025, "2025年当年预算执行数");
        chg(&f, i, NULL, NULL, "减少", dec[k].pct);
        fs_check_result *r = expect_one(&f, FS_CHECK_GROWTH, FS_RND_NEAREST, dec[k].sev);
        fs_check_result_free(r);
        figs_free(&f);
    }
    /* 年初预算为80.8亿元，收入完成81.1亿元，同比增长3.3%: same year, skipped */
    fs_figures f;
    figs_init(&f);
    int i = fig(&f, "一般公共预算收入", "81.1亿元");
    f.v[i].period = f.v[i].id.period = 2025;
    prior(&f, i, "80.8亿元", 2025, "2025年年初预算");
    chg(&f, i, NULL, NULL, "增长", "3.3%");
    fs_check_result *r = run(&f, BIT(FS_CHECK_GROWTH), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->nskipped, 1);
    assert_contains(r->skipped[0].reason, "不是上一年度");
    fs_check_result_free(r);
    figs_free(&f);
}

/* A share whose whole is unknown is skipped; a share of a whole printed 0
 * is an error (undefined). */
/* A rate of an outcome over the same item's budget is a completion rate,
 * judged by the completion check, not by share. */
static void test_completion(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    int a = fig(&f, "财政拨款支出", "15068.55万元");
    free(f.v[a].id.measure);
    f.v[a].id.measure = dup("年初预算");
    int b = fig(&f, "财政拨款支出", "13733.8万元");
    free(f.v[b].id.measure);
    f.v[b].id.measure = dup("决算");
    share(&f, b, "91.14%", a, "年初预算");
    /* 13733.8 / 15068.55 = 91.142%: consistent; as share, nothing runs */
    fs_check_result *r = run(&f, BIT(FS_CHECK_SHARE), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->summary.checked, 0);
    fs_check_result_free(r);
    r = run(&f, BIT(FS_CHECK_COMPLETION), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->summary.checked, 1);
    fs_check_result_free(r);
    /* 91.41% is a slip: an error of the completion check */
    f.v[b].share.percent.q = Q("91.41%");
    r = expect_one(&f, FS_CHECK_COMPLETION, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_contains(r->findings[0].message, "完成年初预算91.41%");
    fs_check_result_free(r);
    figs_free(&f);
}

/* 决算数小于/大于/等于预算数 against 年初预算为A万元，支出决算为B万元. */
static void test_comparison(void **state)
{
    (void)state;
    static const struct {
        const char *budget, *outcome;
        fs_compare word;
        int wrong;
    } cases[] = {
        {"1560.05万元", "1511.89万元", FS_CMP_LESS, 0},
        {"1560.05万元", "1511.89万元", FS_CMP_GREATER, 1},
        {"1560.05万元", "1511.89万元", FS_CMP_EQUAL, 1},
        {"10.00万元", "10.00万元", FS_CMP_EQUAL, 0},
        {"10.00万元", "10.00万元", FS_CMP_LESS, 0},  /* equal as printed: may still be less */
        {"10.00万元", "10.01万元", FS_CMP_LESS, 1},  /* more as printed: not less */
        {"10.0万元", "10.04万元", FS_CMP_GREATER, 0}, /* 10.0 may be 9.96: not certain */
        {"135.90万元", "135.25万元", FS_CMP_ABOUT, 0}, /* a judgement */
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        fs_figures f;
        figs_init(&f);
        int b = fig(&f, "行政运行", cases[k].outcome);
        free(f.v[b].id.measure);
        f.v[b].id.measure = dup("决算");
        prior(&f, b, cases[k].budget, 0, "年初预算");
        f.v[b].compare = cases[k].word;
        fs_check_result *r = run(&f, BIT(FS_CHECK_COMPARISON), FS_RND_NEAREST);
        assert_int_equal(r->nfindings, (size_t)cases[k].wrong);
        if (cases[k].wrong) {
            assert_int_equal(r->findings[0].check, FS_CHECK_COMPARISON);
            assert_int_equal(r->findings[0].severity, FS_SEV_ERROR);
        }
        if (cases[k].word == FS_CMP_ABOUT)
            assert_int_equal(r->nskipped, 1);
        fs_check_result_free(r);
        figs_free(&f);
    }
}

/* 为上年的R%: a ratio V / P against a stated prior, or against the value and
 * its change as the growth rate R − 100; alone it is skipped. */
static void test_ratio_to_prior(void **state)
{
    (void)state;
    static const struct {
        const char *value, *prior, *dw, *amount, *ratio;
        int wrong;
    } cases[] = {
        {"500.00万元", "400.00万元", NULL, NULL, "125.00%", 0},
        {"500.00万元", "400.00万元", NULL, NULL, "120.00%", 1},
        {"1200.00万元", NULL, "增加", "200.00万元", "120.00%", 0},
        {"1100.00万元", NULL, "增加", "100.00万元", "111.00%", 1},
        {"900.00万元", NULL, "减少", "100.00万元", "90.00%", 0},
        /* 减少 with a ratio above 100%: a contradiction */
        {"900.00万元", NULL, "减少", "100.00万元", "110.00%", 1},
        /* 1/3 more: 133.3% is 133.333… rounded */
        {"4.00万元", "3.00万元", NULL, NULL, "133.3%", 0},
        {"4.00万元", "3.00万元", NULL, NULL, "133.5%", 0}, /* 4.005 / 2.995 = 133.72% */
        {"4.00万元", "3.00万元", NULL, NULL, "134.0%", 1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        fs_figures f;
        figs_init(&f);
        int i = fig(&f, "项目支出", cases[k].value);
        f.v[i].period = f.v[i].id.period = 2024;
        if (cases[k].prior)
            prior(&f, i, cases[k].prior, 2023, "2023年");
        if (cases[k].amount)
            chg(&f, i, cases[k].dw, cases[k].amount, NULL, NULL);
        f.v[i].change.present = 1;
        if (!f.v[i].change.basis)
            f.v[i].change.basis = dup("");
        f.v[i].change.ratio.present = 1;
        f.v[i].change.ratio.q = Q(cases[k].ratio);
        f.v[i].change.ratio_basis = dup("为上年的");
        fs_check_result *r = run(&f, BIT(FS_CHECK_GROWTH), FS_RND_NEAREST);
        assert_int_equal(r->nfindings, (size_t)cases[k].wrong);
        assert_int_equal(r->summary.checked, 1);
        if (cases[k].wrong) {
            assert_int_equal(r->findings[0].check, FS_CHECK_GROWTH);
            assert_int_equal(r->findings[0].severity, FS_SEV_ERROR);
            assert_contains(r->findings[0].message, "为上年的");
        }
        fs_check_result_free(r);
        figs_free(&f);
    }
    /* neither a prior nor a change: nothing to check it against */
    fs_figures f;
    figs_init(&f);
    int i = fig(&f, "收入", "1200.00万元");
    f.v[i].change.present = 1;
    f.v[i].change.basis = dup("");
    f.v[i].change.ratio.present = 1;
    f.v[i].change.ratio.q = Q("120.00%");
    fs_check_result *r = run(&f, BIT(FS_CHECK_GROWTH), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->nskipped, 1);
    fs_check_result_free(r);
    figs_free(&f);
}

/* 比上年的64.7%提高2.4个百分点: the points between the two rates; without
 * the earlier rate, skipped. */
static void test_points(void **state)
{
    (void)state;
    static const struct {
        const char *share, *prior, *dw, *points;
        int wrong;
    } cases[] = {
        {"67.1%", "64.7%", "提高", "2.4个百分点", 0},
        {"67.1%", "64.7%", "提高", "2.6个百分点", 1},
        {"32.9%", "35.3%", "降低", "2.4个百分点", 0},
        {"32.9%", "35.3%", "降低", "2.6个百分点", 1},
        {"32.9%", "35.3%", "提高", "2.4个百分点", 1}, /* the wrong way */
        {"30%", "27.5%", "提高", "2.5个百分点", 0},   /* 30% is 29.5 to 30.5 */
        {"30%", "27.5%", "提高", "3.05个百分点", 0}, /* the ends touch */
        {"30%", "27.5%", "提高", "3.2个百分点", 2},  /* 30% cut: 30 to 31 */
        {"30%", "27.5%", "提高", "3.6个百分点", 1},
        {"67.1%", NULL, "提高", "2.4个百分点", -1},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        fs_figures f;
        figs_init(&f);
        int w = fig(&f, "一般公共预算收入", "444.55亿元");
        int i = fig(&f, "税收收入", "298.30亿元");
        share(&f, i, cases[k].share, w, "一般公共预算收入");
        fs_points *pt = &f.v[i].share.points;
        pt->present = 1;
        pt->basis = dup("比上年");
        pt->direction = dir_of(cases[k].dw);
        pt->points.present = 1;
        pt->points.q = Q(cases[k].points);
        if (cases[k].prior) {
            pt->prior.present = 1;
            pt->prior.q = Q(cases[k].prior);
        }
        fs_check_result *r = run(&f, BIT(FS_CHECK_POINTS), FS_RND_NEAREST);
        if (cases[k].wrong < 0) {
            expect_findings(r, 0);
            assert_int_equal(r->nskipped, 1);
            assert_contains(r->skipped[0].reason, "未列出上年的比率");
        } else {
            /* wrong: 0 none, 1 an error, 2 a warning (holds only if cut) */
            assert_int_equal(r->nfindings, cases[k].wrong ? 1u : 0u);
            if (cases[k].wrong) {
                assert_int_equal(r->findings[0].check, FS_CHECK_POINTS);
                assert_int_equal(r->findings[0].severity,
                                 cases[k].wrong == 2 ? FS_SEV_WARNING : FS_SEV_ERROR);
            }
        }
        fs_check_result_free(r);
        figs_free(&f);
    }
}

/* An enumeration of 类 › 款 › 项 items: the items of a 类 against the 类's
 * amount (stated once, as 一般公共服务支出 where the items say 一般公共服务),
 * their budgets against the whole's.  An excess is an error; a shortfall
 * may be items left out (其中) and is skipped. */
static void test_item_sums(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b, *budget_b;
        size_t errors, skipped;
    } cases[] = {
        {"1511.89万元", "594.77万元", "600.00万元", 0, 0}, /* 2106.66 */
        {"1541.89万元", "594.77万元", "600.00万元", 1, 0}, /* 类 exceeded */
        {"1501.89万元", "594.77万元", "600.00万元", 0, 1}, /* short: maybe partial */
        {"1511.89万元", "594.77万元", "800.00万元", 1, 0}, /* budgets exceed */
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        fs_figures f;
        figs_init(&f);
        int cls = fig(&f, "一般公共服务支出（类）", "2106.66万元");
        free(f.v[cls].id.item);
        f.v[cls].id.item = dup("一般公共服务支出");
        int w = fig(&f, "支出", "2200.00万元");
        prior(&f, w, "2300.00万元", 0, "年初预算");
        const char *paths[] = {"一般公共服务 › 财政事务 › 行政运行",
                               "一般公共服务 › 财政事务 › 信息化建设"};
        const char *vals[] = {cases[k].a, cases[k].b}, *budgets[] = {"1600.00万元", cases[k].budget_b};
        for (int j = 0; j < 2; j++) {
            int i = fig(&f, "支出决算", vals[j]);
            free(f.v[i].id.item);
            f.v[i].id.item = dup(paths[j]);
            prior(&f, i, budgets[j], 0, "年初预算");
            part(&f, w, i, FS_PARTS_QIZHONG, 0);
        }
        for (size_t i = 0; i < f.n; i++) {
            free(f.v[i].id.measure);
            f.v[i].id.measure = dup("决算");
        }
        fs_check_result *r = run(&f, BIT(FS_CHECK_SUM), FS_RND_NEAREST);
        size_t errors = 0, skipped = 0;
        for (size_t j = 0; j < r->nfindings; j++)
            errors += r->findings[j].severity == FS_SEV_ERROR;
        for (size_t j = 0; j < r->nskipped; j++)
            skipped += strstr(r->skipped[j].reason, "可能不全") != NULL &&
                       r->skipped[j].nfigures > 0 && r->skipped[j].figures[0].figure == cls;
        assert_int_equal(errors, cases[k].errors);
        assert_int_equal(skipped, cases[k].skipped);
        if (errors)
            assert_contains(r->findings[0].message, k == 3 ? "年初预算合计" : "一般公共服务（类）");
        fs_check_result_free(r);
        figs_free(&f);
    }
}

/* 比上年增加/减少 in words only, against the two years' amounts. */
static void test_bare_change_comparison(void **state)
{
    (void)state;
    static const struct {
        const char *now, *before, *word;
        int wrong;
    } cases[] = {
        {"1000.00万元", "800.00万元", "增加", 0},
        {"1000.00万元", "800.00万元", "减少", 1},
        {"500.00万元", "600.00万元", "增加", 1},
        {"600.00万元", "600.00万元", "增加", 0}, /* equal as printed: may still be more */
        {"600.0万元", "600.04万元", "减少", 0},  /* 600.0 may be 600.04 or less */
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        fs_figures f;
        figs_init(&f);
        int i = fig(&f, "基本支出", cases[k].now);
        prior(&f, i, cases[k].before, 2018, "上年");
        f.v[i].change.present = 1;
        f.v[i].change.basis = dup("比上年");
        f.v[i].change.direction = dir_of(cases[k].word);
        fs_check_result *r = run(&f, BIT(FS_CHECK_COMPARISON), FS_RND_NEAREST);
        assert_int_equal(r->nfindings, (size_t)cases[k].wrong);
        assert_int_equal(r->summary.checked, 1);
        if (cases[k].wrong)
            assert_contains(r->findings[0].message, "报告却说比上年");
        fs_check_result_free(r);
        figs_free(&f);
    }
}

/* Runs the table check on f against the document's one table tb. */
static fs_check_result *run_table(const fs_figures *f, fs_table *tb)
{
    fs_tables ts = {tb, 1, 1};
    fs_check_opts o = fs_check_opts_default();
    o.checks = BIT(FS_CHECK_TABLE);
    o.tables = &ts;
    fs_check_result *r = NULL;
    fs_error e;
    assert_int_equal(fs_checks_run(f, &o, &r, &e), 0);
    return r;
}

/* The table check: 收入支出总计 in the text against the 总计 row of the
 * document's 财政拨款收支总表 (both sides one amount). */
static void test_table_total(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t errors;
    } cases[] = {{"0.3万元", 1}, {"2961.68万元", 0}, {"2961.7万元", 0}, {"2961.6万元", 1}};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        fs_figures f;
        figs_init(&f);
        int i = fig(&f, "财政拨款收入支出", cases[k].text);
        free(f.v[i].id.scope);
        f.v[i].id.scope = dup("财政拨款");
        f.v[i].grand = 1;
        fs_tcell cells[4];
        memset(cells, 0, sizeof cells);
        char t0[] = "总计", t1[] = "2,961.68", t2[] = "总计", t3[] = "2,961.68";
        cells[0].text = t0;
        cells[1].text = t1;
        cells[2].text = t2;
        cells[3].text = t3;
        for (int c = 1; c < 4; c += 2) {
            cells[c].has_number = 1;
            cells[c].number = fs_dec_make(296168, 2);
            cells[c].decimals = 2;
        }
        fs_trow row;
        memset(&row, 0, sizeof row);
        row.cells = cells;
        fs_table tb;
        memset(&tb, 0, sizeof tb);
        char title[] = "财政拨款收入支出决算总表";
        tb.title = title;
        tb.kind = "caizheng_shouzhi_zongbiao";
        memcpy(tb.unit, "万元", sizeof "万元");
        tb.page_first = tb.page_last = 12;
        tb.ncols = 4;
        tb.rows = &row;
        tb.nrows = 1;
        fs_check_result *r = run_table(&f, &tb);
        assert_int_equal(r->nfindings, cases[k].errors);
        assert_int_equal(r->summary.checked, 1);
        if (cases[k].errors)
            assert_contains(r->findings[0].message, "财政拨款收入支出决算总表（第12页）的总计2,961.68万元");
        fs_check_result_free(r);
        figs_free(&f);
    }
}

/* The table check of the "三公" amounts: a narrative item against its
 * column of the 三公 table, used only where the row's sums confirm the
 * columns; an amount equal to another item's cell is skipped (shifted
 * columns), and so are figures of another year or measure. */
static void test_table_sangong(void **state)
{
    (void)state;
    static const struct {
        const char *item, *text, *measure;
        int year, broken;
        size_t errors, checked;
    } cases[] = {
        {"公务接待费", "0.83万元", "预算", 2019, 0, 0, 1},
        {"公务接待费", "0.38万元", "预算", 2019, 0, 1, 1},
        {"公务接待费", "8300元", "预算", 2019, 0, 0, 1},
        {"三公经费", "10.8万元", "预算", 2019, 0, 0, 1},
        {"三公经费", "18.1万元", "预算", 2019, 0, 1, 1},
        {"公务用车运行费", "9.98万元", "预算", 2019, 0, 0, 1},
        {"公务接待费", "9.98万元", "预算", 2019, 0, 0, 0}, /* another item's cell */
        {"公务接待费", "0.38万元", "预算", 2019, 1, 0, 0}, /* sums do not hold */
        {"公务接待费", "0.38万元", "决算", 2019, 0, 0, 0}, /* another measure */
        {"公务接待费", "0.38万元", "预算", 2018, 0, 0, 0}, /* another year */
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        fs_figures f;
        figs_init(&f);
        f.info.year = 2019;
        memcpy(f.info.kind, "预算", sizeof "预算");
        int i = fig(&f, cases[k].item, cases[k].text);
        free(f.v[i].id.measure);
        f.v[i].id.measure = dup(cases[k].measure);
        f.v[i].period = f.v[i].id.period = cases[k].year;
        static char *cols[] = {"“三公”经费预算数 › 合计", "“三公”经费预算数 › 因公出国(境)费",
                               "“三公”经费预算数 › 公务接待费",
                               "“三公”经费预算数 › 公务用车购置及运行费 › 小计",
                               "“三公”经费预算数 › 公务用车购置及运行费 › 购置费",
                               "“三公”经费预算数 › 公务用车购置及运行费 › 运行费"};
        const char *text[6] = {cases[k].broken ? "12.81" : "10.81", "0", "0.83", "9.98", "0",
                               "9.98"};
        fs_tcell cells[6];
        memset(cells, 0, sizeof cells);
        for (int c = 0; c < 6; c++) {
            cells[c].text = (char *)text[c];
            cells[c].has_number = 1;
            assert_int_equal(fs_dec_from_string(text[c], strlen(text[c]), &cells[c].number), 0);
            const char *dot = strchr(text[c], '.');
            cells[c].decimals = dot ? (int)strlen(dot + 1) : 0;
            cells[c].page = 21;
        }
        fs_trow row;
        memset(&row, 0, sizeof row);
        row.cells = cells;
        row.name = "";
        row.code = "";
        row.page = 21;
        fs_table tb;
        memset(&tb, 0, sizeof tb);
        char title[] = "2019年部门“三公”经费和机关运行经费预算表";
        tb.title = title;
        tb.kind = "sangong";
        memcpy(tb.unit, "万元", sizeof "万元");
        tb.page_first = tb.page_last = 21;
        tb.ncols = 6;
        tb.columns = cols;
        tb.code_col = tb.name_col = -1;
        tb.rows = &row;
        tb.nrows = 1;
        fs_check_result *r = run_table(&f, &tb);
        if (r->nfindings != cases[k].errors || r->summary.checked != cases[k].checked)
            fail_msg("case %zu (%s %s): %zu findings, %zu checked", k, cases[k].item,
                     cases[k].text, r->nfindings, (size_t)r->summary.checked);
        if (cases[k].errors)
            assert_contains(r->findings[0].message, "2019年部门“三公”经费和机关运行经费预算表（第21页）");
        fs_check_result_free(r);
        figs_free(&f);
    }
}

/* A coded table for the table_sum check: rows of code, name and four
 * cells (合计, 基本支出, 项目支出, then a ratio column), every cell a string
 * as printed.  The caller frees with free_coded. */
typedef struct coded {
    fs_table t;
    fs_trow rows[16];
    int other_header; /* 项目支出 under another parent: not a part of 合计 */
} coded;

static void make_coded(coded *x, const char *const (*spec)[6], size_t n, int other_header)
{
    memset(x, 0, sizeof *x);
    x->other_header = other_header;
    static char *cols[] = {"科目编码", "科目名称", "合计", "基本支出", "项目支出", "比上年增长%"};
    static char *other[] = {"科目编码", "科目名称", "合计", "基本支出", "其他 \xE2\x80\xBA 项目支出",
                            "比上年增长%"};
    x->t.title = "支出预算表";
    x->t.kind = "zhichu";
    memcpy(x->t.unit, "万元", sizeof "万元");
    x->t.page_first = x->t.page_last = 9;
    x->t.ncols = 6;
    x->t.code_col = 0;
    x->t.name_col = 1;
    x->t.columns = x->other_header ? other : cols;
    x->t.rows = x->rows;
    x->t.nrows = n;
    for (size_t r = 0; r < n; r++) {
        fs_trow *w = &x->rows[r];
        w->code = (char *)spec[r][0];
        w->name = (char *)spec[r][1];
        size_t cl = strlen(w->code);
        w->level = cl == 3 ? 1 : cl == 5 ? 2 : cl == 7 ? 3 : 0;
        w->total = strstr(w->name, "合计") != NULL;
        w->page = 9;
        w->cells = calloc(6, sizeof *w->cells);
        for (size_t c = 0; c < 6; c++) {
            fs_tcell *cell = &w->cells[c];
            cell->text = dup(spec[r][c]);
            cell->page = 9;
            if (c >= 2 && *cell->text && strcmp(cell->text, "-")) {
                char buf[32];
                size_t k = 0;
                for (const char *q = cell->text; *q && k + 1 < sizeof buf; q++)
                    if (*q != ',')
                        buf[k++] = *q;
                buf[k] = '\0';
                cell->has_number = fs_dec_from_string(buf, k, &cell->number) >= 0;
                const char *dot = strchr(buf, '.');
                cell->decimals = dot ? (int)strlen(dot + 1) : 0;
            }
        }
    }
}

static void free_coded(coded *x)
{
    for (size_t r = 0; r < x->t.nrows; r++) {
        for (size_t c = 0; c < 6; c++)
            free(x->rows[r].cells[c].text);
        free(x->rows[r].cells);
    }
}

/* Runs table_sum alone over x. */
static fs_check_result *run_table_sum(coded *x)
{
    fs_figures f;
    figs_init(&f);
    fs_tables ts = {&x->t, 1, 1};
    fs_check_opts o = fs_check_opts_default();
    o.checks = BIT(FS_CHECK_TABLE_SUM);
    o.tables = &ts;
    fs_check_result *r = NULL;
    fs_error e;
    assert_int_equal(fs_checks_run(&f, &o, &r, &e), 0);
    figs_free(&f);
    return r;
}

/* table_sum: 合计 = Σ 类, 类 = Σ 款, 款 = Σ 项 per amount column and the
 * 合计 column = 基本支出 + 项目支出 per row, the ratio column left alone; an
 * excess of the parts is an error pointing at its cells, a shortfall, a
 * blank part, a code printed twice or a table where many relations fail
 * are skipped; column totals only where the hierarchy held in every column
 * involved and the headers are one level. */
static void test_table_sum(void **state)
{
    (void)state;
    const char *const good[][6] = {
        {"", "合计", "300.00", "200.00", "100.00", ""},
        {"201", "一般公共服务支出", "100.00", "50.00", "50.00", "5.0"},
        {"20101", "人大事务", "60.00", "30.00", "30.00", "1.0"},
        {"2010101", "行政运行", "60.00", "30.00", "30.00", "2.0"},
        {"20102", "政协事务", "40.00", "20.00", "20.00", "3.0"},
        {"2010201", "行政运行", "25.00", "10.00", "15.00", "4.0"},
        {"2010202", "一般行政管理事务", "15.00", "10.00", "5.00", "5.0"},
        {"205", "教育支出", "200.00", "150.00", "50.00", "6.0"},
        {"20501", "教育管理事务", "200.00", "150.00", "50.00", "7.0"},
        {"2050101", "行政运行", "120.00", "100.00", "20.00", "8.0"},
        {"2050102", "一般行政管理事务", "80.00", "50.00", "30.00", "9.0"},
    };
    size_t n = sizeof good / sizeof *good;
    const char *rows[16][6];
    static const struct {
        int row, col;
        const char *text;     /* the cell changed */
        int row2;             /* a second change (-1 none) */
        const char *text2;
        size_t errors, skipped_min;
        const char *reason;   /* in a skipped reason */
    } cases[] = {
        {-1, 0, NULL, -1, NULL, 0, 0, NULL},
        /* 20102 printed 4.00: its 项 (40.00) exceed it; 201 (100.00) is then
         * more than 60.00 + 4.00: a shortfall, skipped */
        {4, 2, "4.00", -1, NULL, 1, 1, "其下各行之和较小"},
        {6, 2, "5.00", -1, NULL, 0, 1, "其下各行之和较小"},
        {6, 0, "2010201", -1, NULL, 0, 1, "编码相同"},
        {4, 2, "4.00", 6, "", 0, 1, "空白单元格"},
        {4, 2, "4.00", 8, "20.00", 0, 2, "疑为表格读取有误"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        memcpy(rows, good, sizeof good);
        char code2[8];
        if (cases[k].row >= 0) {
            if (cases[k].col == 0) {
                snprintf(code2, sizeof code2, "%s", cases[k].text);
                rows[cases[k].row][0] = code2;
            } else {
                rows[cases[k].row][cases[k].col] = cases[k].text;
            }
        }
        if (cases[k].row2 >= 0)
            rows[cases[k].row2][2] = cases[k].text2;
        coded x;
        make_coded(&x, (const char *const (*)[6])rows, n, 0);
        fs_check_result *r = run_table_sum(&x);
        assert_int_equal(r->nfindings, cases[k].errors);
        assert_true(r->nskipped >= cases[k].skipped_min);
        if (k == 0) {
            assert_int_equal(r->nskipped, 0);
            /* 6 relations x 3 columns, and 合计 = 基本支出 + 项目支出 in 11 rows */
            assert_int_equal(r->summary.checked, 29);
        }
        if (cases[k].reason) {
            int seen = 0;
            for (size_t j = 0; j < r->nskipped; j++)
                seen |= strstr(r->skipped[j].reason, cases[k].reason) != NULL;
            assert_true(seen);
        }
        if (cases[k].errors) {
            const fs_finding *fd = &r->findings[0];
            assert_int_equal(fd->check, FS_CHECK_TABLE_SUM);
            assert_int_equal(fd->ncells, 3); /* 20102 and its two 项 */
            assert_int_equal(fd->cells[0].row, 4);
            assert_int_equal(fd->cells[0].col, 2);
            assert_int_equal(fd->cells[1].row, 5);
            assert_int_equal(fd->cells[2].row, 6);
            assert_string_equal(fd->stated.value, "4.00");
            assert_contains(fd->message, "20102 政协事务的“合计”为4.00万元，其下2项（2010201至2010202）之和为39.99至40.01万元");
        }
        fs_check_result_free(r);
        free_coded(&x);
    }
    /* 项目支出 under another parent: no column total, 18 relations */
    coded x;
    make_coded(&x, good, n, 1);
    fs_check_result *r = run_table_sum(&x);
    assert_int_equal(r->nfindings, 0);
    assert_int_equal(r->summary.checked, 18);
    assert_int_equal(r->nskipped, 1);
    assert_contains(r->skipped[0].reason, "不是同一层级");
    fs_check_result_free(r);
    free_coded(&x);
}

/* table_sum on a 收支总表: a row 收入总计 X 支出总计 Y states one sum twice. */
static void test_table_balance(void **state)
{
    (void)state;
    static const char *const right[] = {"300.00", "300.004", "310.00"};
    static const size_t errors[] = {0, 0, 1};
    for (size_t k = 0; k < 3; k++) {
        const char *const rows[][6] = {
            {"", "一、财政拨款收入", "300.00", "一、一般公共服务支出", "300.00", ""},
            {"", "收入总计", "300.00", "支出总计", right[k], ""},
        };
        coded x;
        make_coded(&x, rows, 2, 0);
        x.t.kind = "shouzhi_zongbiao";
        x.t.code_col = -1;
        fs_check_result *r = run_table_sum(&x);
        assert_int_equal(r->nfindings, errors[k]);
        assert_int_equal(r->summary.checked, 1);
        if (errors[k]) {
            assert_contains(r->findings[0].message, "收支总计应相等");
            assert_int_equal(r->findings[0].ncells, 2);
        }
        fs_check_result_free(r);
        free_coded(&x);
    }
}

/* table_sum across tables: each fund's income in the 收支总表 and in the
 * 财政拨款收支总表 is one amount; not compared where a table counts a
 * carry-over in, or names the fund twice. */
static void test_table_funds(void **state)
{
    (void)state;
    static const struct {
        const char *fund, *carry, *twice;
        size_t errors, checked;
    } cases[] = {
        {"300.00", "", "", 0, 1},
        {"310.00", "", "", 1, 1},
        {"310.00", "20.00", "", 0, 0}, /* 上年结转 printed: may be counted in */
        {"310.00", "", "10.00", 0, 0}, /* the fund named twice */
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const char *const sz_rows[][6] = {
            {"", "一、财政拨款收入", "300.00", "一、一般公共服务支出", "300.00", ""},
            {"", "1.一般公共预算", "300.00", "", "", ""},
            {"", "二、上年结转", cases[k].carry, "", "", ""},
        };
        const char *const cz_rows[][6] = {
            {"", "一、一般公共预算资金", cases[k].fund, "一、一般公共服务支出", cases[k].fund, ""},
            {"", cases[k].twice[0] ? "（一）一般公共预算拨款" : "二、政府性基金预算",
             cases[k].twice, "", "", ""},
        };
        coded a, b;
        make_coded(&a, sz_rows, 3, 0);
        make_coded(&b, cz_rows, 2, 0);
        a.t.kind = "shouzhi_zongbiao";
        b.t.kind = "caizheng_shouzhi_zongbiao";
        a.t.code_col = b.t.code_col = -1;
        a.t.title = "收支总表";
        b.t.title = "财政拨款收支总表";
        fs_table both[2] = {a.t, b.t};
        fs_figures f;
        figs_init(&f);
        fs_tables ts = {both, 2, 2};
        fs_check_opts o = fs_check_opts_default();
        o.checks = BIT(FS_CHECK_TABLE_SUM);
        o.tables = &ts;
        fs_check_result *r = NULL;
        fs_error e;
        assert_int_equal(fs_checks_run(&f, &o, &r, &e), 0);
        size_t across = 0;
        for (size_t j = 0; j < r->nfindings; j++)
            across += strstr(r->findings[j].message, "一般公共预算收入为") != NULL;
        if (across != cases[k].errors)
            fail_msg("case %zu: %zu errors across the tables", k, across);
        if (cases[k].errors) {
            assert_contains(r->findings[0].message, "表“财政拨款收支总表”（第9页）的一般公共预算收入为310.00万元");
            assert_int_equal(r->findings[0].ncells, 2);
        }
        fs_check_result_free(r);
        figs_free(&f);
        free_coded(&a);
        free_coded(&b);
    }
}

/* table_sum on ratio columns: "决算数为预算数的%" is, row by row, the column
 * 决算数 over the column 预算数. */
static void test_table_ratio(void **state)
{
    (void)state;
    static const char *const printed[] = {"111.6", "111.63%", "0.0%"};
    static const size_t errors[] = {0, 0, 1};
    for (size_t k = 0; k < 3; k++) {
        /* ten rows that hold (a table where one relation in ten fails is
         * read right), then the one tested */
        const char *rows[11][6];
        for (int j = 0; j < 10; j++) {
            static const char *const ok[6] = {"", "其他事务", "100", "110", "110.0", ""};
            memcpy(rows[j], ok, sizeof ok);
        }
        const char *const last[6] = {"", "税收事务", "45,804", "51,132", printed[k], ""};
        memcpy(rows[10], last, sizeof last);
        coded x;
        make_coded(&x, (const char *const (*)[6])rows, 11, 0);
        static char *cols[] = {"科目编码", "项目", "预算数", "决算数",
                               "2021年 \xE2\x80\xBA 决算数为预算数的%", "决算数为上年决数的%"};
        x.t.columns = cols;
        x.t.code_col = -1;
        fs_tcell *r = &x.rows[10].cells[4];
        r->percent = strchr(r->text, '%') != NULL;
        if (r->percent) { /* as the reader reads "0.0%": the number alone */
            char *pct = strchr(r->text, '%');
            size_t k2 = (size_t)(pct - r->text);
            r->has_number = fs_dec_from_string(r->text, k2, &r->number) >= 0;
            const char *dot = strchr(r->text, '.');
            r->decimals = dot ? (int)(pct - dot - 1) : 0;
        }
        fs_check_result *res = run_table_sum(&x);
        assert_int_equal(res->nfindings, errors[k]);
        assert_int_equal(res->summary.checked, 11);
        if (errors[k]) {
            assert_contains(res->findings[0].message, "应为111.62986%至111.63449%");
            assert_int_equal(res->findings[0].ncells, 3);
        }
        fs_check_result_free(res);
        free_coded(&x);
    }
}

/* A rate on another basis (同口径, 剔除…因素后) does not follow from the
 * printed amounts: neither its size nor its direction is judged. */
static void test_other_basis(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    int i = fig(&f, "一般公共预算收入", "3100亿元");
    chg(&f, i, "减少", "50亿元", "增长", "4.2%");
    free(f.v[i].change.basis);
    f.v[i].change.basis = dup("剔除上年同期中央增发国债一次性因素后");
    fs_check_result *r = run(&f, FS_CHECKS_ALL, FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_true(r->nskipped >= 1);
    assert_int_equal(r->skipped[0].check, FS_CHECK_GROWTH);
    fs_check_result_free(r);
    /* the same on the 同比 basis: a growth and a direction error */
    free(f.v[i].change.basis);
    f.v[i].change.basis = dup("同比");
    r = run(&f, FS_CHECKS_ALL, FS_RND_NEAREST);
    assert_true(r->nfindings >= 1);
    fs_check_result_free(r);
    figs_free(&f);
}

static void test_share_unknown_and_zero(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    fig(&f, "一般公共预算支出", "953.39万元");
    int i = fig(&f, "项目支出", "352万元");
    share(&f, i, "36.92%", -1, "支出总预算");
    fs_check_result *r = run(&f, BIT(FS_CHECK_SHARE), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->nskipped, 1);
    assert_int_equal(r->skipped[0].check, FS_CHECK_SHARE);
    assert_string_equal(r->skipped[0].reason, "占比所指的总数（支出总预算）未能确定，未核对");
    assert_int_equal(r->skipped[0].nfigures, 1);
    assert_int_equal(r->skipped[0].figures[0].figure, 1);
    fs_check_result_free(r);
    figs_free(&f);

    figs_init(&f);
    int w = fig(&f, "政府采购预算", "0万元");
    i = fig(&f, "货物类", "0万元");
    share(&f, i, "50%", w, "政府采购预算");
    r = expect_one(&f, FS_CHECK_SHARE, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_contains(r->findings[0].message, "占零的比例无定义");
    fs_check_result_free(r);
    figs_free(&f);

    /* 0万元 of 0万元 printed 0%: the reports' convention for nothing of
     * nothing, skipped */
    figs_init(&f);
    w = fig(&f, "“三公”经费", "0万元");
    i = fig(&f, "因公出国（境）费", "0万元");
    share(&f, i, "0%", w, "“三公”经费");
    r = run(&f, BIT(FS_CHECK_SHARE), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->nskipped, 1);
    assert_contains(r->skipped[0].reason, "都为零");
    fs_check_result_free(r);
    figs_free(&f);

    /* a whole named by a measure word only: not known */
    figs_init(&f);
    w = fig(&f, "预算", "100万元");
    f.v[w].id.generic = 1;
    i = fig(&f, "支出决算", "98万元");
    share(&f, i, "97%", w, "预算");
    r = run(&f, BIT(FS_CHECK_SHARE), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->nskipped, 1);
    assert_contains(r->skipped[0].reason, "度量词");
    fs_check_result_free(r);
    figs_free(&f);
}

/* Shares of one list printed to total exactly 100%, one of them a unit off
 * what its two amounts give (the report rounded by largest remainder): a
 * warning, not an error; the same share outside a list adding to 100%: an
 * error. */
static void test_share_nudged_to_100(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    int t = fig(&f, "支出预算", "404415.23万元");
    int a = fig(&f, "人员支出", "250110.65万元");
    int b = fig(&f, "日常公用支出", "47792.58万元");
    int c = fig(&f, "项目支出", "106512.00万元");
    share(&f, a, "61.9%", t, "支出预算");
    share(&f, b, "11.8%", t, "支出预算");
    share(&f, c, "26.3%", t, "支出预算");
    part(&f, t, a, FS_PARTS_INCLUDES, 1);
    part(&f, t, b, FS_PARTS_INCLUDES, 1);
    part(&f, t, c, FS_PARTS_INCLUDES, 1);
    /* 250110.65 / 404415.23 = 61.845%: 61.8% rounded */
    fs_check_result *r = expect_one(&f, FS_CHECK_SHARE, FS_RND_NEAREST, FS_SEV_WARNING);
    assert_contains(r->findings[0].message, "凑足100%");
    fs_check_result_free(r);
    /* the same share with no list around it: an error */
    figs_free(&f);
    figs_init(&f);
    t = fig(&f, "支出预算", "404415.23万元");
    a = fig(&f, "人员支出", "250110.65万元");
    share(&f, a, "61.9%", t, "支出预算");
    r = expect_one(&f, FS_CHECK_SHARE, FS_RND_NEAREST, FS_SEV_ERROR);
    fs_check_result_free(r);
    figs_free(&f);
}

/* ----------------------------------------------------------------- sum */

/* 编制86人 = 行政37 + 事业40 + 工勤{c}: head counts are exact. */
static void test_sum_headcount(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    int t = fig(&f, "单位人员编制", "86人");
    part(&f, t, fig(&f, "行政编制", "37人"), FS_PARTS_HEADCOUNT, 1);
    part(&f, t, fig(&f, "事业编制", "40人"), FS_PARTS_HEADCOUNT, 1);
    int w = fig(&f, "工勤编制", "9人");
    part(&f, t, w, FS_PARTS_HEADCOUNT, 1);
    expect_verdict(&f, FS_CHECK_SUM, FS_RND_NEAREST, -1);
    expect_verdict(&f, FS_CHECK_SUM, FS_RND_TRUNCATE, -1);
    f.v[w].value.q = Q("10人");
    fs_check_result *r = expect_one(&f, FS_CHECK_SUM, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_string_equal(r->findings[0].message,
                        "单位人员编制86人与其3个分项（行政编制37人、事业编制40人、工勤编制10人）之和"
                        "不符：按分项合计应为87人");
    assert_int_equal(r->findings[0].nfigures, 4);
    assert_int_equal(r->findings[0].figures[0].figure, t);
    assert_string_equal(r->findings[0].expected.low, "87");
    assert_string_equal(r->findings[0].expected.high, "87");
    fs_check_result_free(r);
    /* exact counts: no truncation rescues them */
    expect_verdict(&f, FS_CHECK_SUM, FS_RND_TRUNCATE, FS_SEV_ERROR);
    figs_free(&f);
}

/* One total broken down twice (the 2019 reference document's 部门支出总预算:
 * 按支出功能分类 gives 一般公共预算 953.39, 按支出结构 gives 基本支出 601.39 +
 * 项目支出 352): each breakdown is added up on its own, never the two
 * together (which would give 1906.78). */
static void test_sum_two_breakdowns(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    int t = fig(&f, "部门支出总预算", "953.39万元");
    int a = fig(&f, "一般公共预算收入", "953.39万元");
    int b = fig(&f, "基本支出", "601.39万元");
    int c = fig(&f, "项目支出", "352万元");
    fs_breakdown groups[2] = {{t, FS_PARTS_BY, 1, NULL, 1}, {t, FS_PARTS_BY, 1, NULL, 2}};
    f.groups = groups;
    f.ngroups = 2;
    part(&f, t, a, FS_PARTS_BY, 1);
    part(&f, t, b, FS_PARTS_BY, 1);
    part(&f, t, c, FS_PARTS_BY, 1);
    f.v[a].group = 0;
    f.v[b].group = f.v[c].group = 1;
    expect_verdict(&f, FS_CHECK_SUM, FS_RND_NEAREST, -1);
    /* 601.39 + 362 = 963.39 ∈ [962.885, 963.895] misses [953.385, 953.395]:
     * one finding, on the second breakdown only (total + 2 parts). */
    f.v[c].value.q = Q("362万元");
    fs_check_result *r = expect_one(&f, FS_CHECK_SUM, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_int_equal(r->findings[0].nfigures, 3);
    assert_int_equal(r->findings[0].figures[1].figure, b);
    assert_int_equal(r->findings[0].figures[2].figure, c);
    fs_check_result_free(r);
    f.groups = NULL;
    f.ngroups = 0;
    figs_free(&f);
}

/* 一般公共预算支出{t} = 361.37 + 534.51 + 22.26 + 35.25 (= 953.39): four
 * parts carry four half-units, parts ∈ [953.37, 953.41]. */
static void build_sum(fs_figures *f, const char *total, int complete)
{
    figs_init(f);
    int t = fig(f, "一般公共预算支出", total);
    part(f, t, fig(f, "一般公共服务支出", "361.37万元"), FS_PARTS_BY, complete);
    part(f, t, fig(f, "社会保障和就业支出", "534.51万元"), FS_PARTS_BY, complete);
    part(f, t, fig(f, "卫生健康支出", "22.26万元"), FS_PARTS_BY, complete);
    part(f, t, fig(f, "住房保障支出", "35.25万元"), FS_PARTS_BY, complete);
}

static void test_sum_money_edges(void **state)
{
    (void)state;
    fs_figures f;
    const char *ok[] = {"953.39万元", "953.41万元", "953.37万元"};
    for (size_t k = 0; k < 3; k++) {
        build_sum(&f, ok[k], 1);
        expect_verdict(&f, FS_CHECK_SUM, FS_RND_NEAREST, -1);
        figs_free(&f);
    }
    /* 953.42 ([953.415, 953.425]) misses [953.37, 953.41]; cut parts
     * [953.39, 953.43) meet [953.42, 953.43): a warning. */
    build_sum(&f, "953.42万元", 1);
    fs_check_result *r = expect_one(&f, FS_CHECK_SUM, FS_RND_NEAREST, FS_SEV_WARNING);
    assert_contains(r->findings[0].message, "仅在各数截尾（而非四舍五入）时相符");
    assert_contains(r->findings[0].message, "应为953.39万元（953.37万元至953.41万元）");
    fs_check_result_free(r);
    expect_verdict(&f, FS_CHECK_SUM, FS_RND_TRUNCATE, -1);
    figs_free(&f);
    /* 953.44 is beyond the cut reach 953.43 and the mixed one. */
    build_sum(&f, "953.44万元", 1);
    expect_verdict(&f, FS_CHECK_SUM, FS_RND_NEAREST, FS_SEV_ERROR);
    expect_verdict(&f, FS_CHECK_SUM, FS_RND_TRUNCATE, FS_SEV_ERROR);
    figs_free(&f);
    /* 953.36 ([953.355, 953.365]) is below every reading. */
    build_sum(&f, "953.36万元", 1);
    expect_verdict(&f, FS_CHECK_SUM, FS_RND_NEAREST, FS_SEV_ERROR);
    figs_free(&f);
    /* Truncation alone: parts [953.39, 953.43), total 953.39 [953.39,
     * 953.40) holds, 953.38 [953.38, 953.39) does not (open end). */
    build_sum(&f, "953.38万元", 1);
    expect_verdict(&f, FS_CHECK_SUM, FS_RND_TRUNCATE, FS_SEV_ERROR);
    figs_free(&f);
    /* In 元 the total compares exactly the same: 9533900元. */
    build_sum(&f, "9533900元", 1);
    expect_verdict(&f, FS_CHECK_SUM, FS_RND_NEAREST, -1);
    figs_free(&f);
}

/* 0万元 is "none", an exact zero: 36.27 = 36.00 + 0万元 is an error (were the
 * zero ±0.5万元 the sum would reach 36.505); 0.00万元 is ±0.005. */
static void test_sum_exact_zero(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    int t = fig(&f, "预算收入", "36.27万元");
    part(&f, t, fig(&f, "一般公共预算收入", "36.00万元"), FS_PARTS_NONE, 1);
    int z = fig(&f, "基金预算收入", "0万元");
    part(&f, t, z, FS_PARTS_NONE, 1);
    fs_check_result *r = expect_one(&f, FS_CHECK_SUM, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_contains(r->findings[0].message, "应为36.00万元（35.995万元至36.005万元）");
    fs_check_result_free(r);
    expect_verdict(&f, FS_CHECK_SUM, FS_RND_TRUNCATE, FS_SEV_ERROR);
    f.v[1].value.q = Q("36.27万元");
    expect_verdict(&f, FS_CHECK_SUM, FS_RND_NEAREST, -1);
    /* 36.27 = 36.26 + 0.00 (±0.005 each, total ±0.005): holds */
    f.v[1].value.q = Q("36.26万元");
    f.v[z].value.q = Q("0.00万元");
    expect_verdict(&f, FS_CHECK_SUM, FS_RND_NEAREST, -1);
    figs_free(&f);
}

/* An incomplete list (其中): below the total skipped; above it an error
 * for money, skipped for head counts (their 其中 may cross). */
static void test_sum_incomplete(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    int t = fig(&f, "人员经费", "100.00万元");
    part(&f, t, fig(&f, "基本工资", "60.00万元"), FS_PARTS_QIZHONG, 0);
    int b = fig(&f, "绩效工资", "30.00万元");
    part(&f, t, b, FS_PARTS_QIZHONG, 0);
    fs_check_result *r = run(&f, BIT(FS_CHECK_SUM), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->nskipped, 1);
    assert_contains(r->skipped[0].reason, "可能不全");
    assert_int_equal(r->skipped[0].nfigures, 3);
    fs_check_result_free(r);
    /* 60 + 40.02 = 100.02 ∈ [100.01, 100.03] vs [99.995, 100.005]: above. */
    f.v[b].value.q = Q("40.02万元");
    r = expect_one(&f, FS_CHECK_SUM, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_contains(r->findings[0].message, "人员经费100.00万元与其2个分项（基本工资60.00万元、"
                                            "绩效工资40.02万元）之和不符");
    fs_check_result_free(r);
    /* 60 + 40.01 = 100.01 ∈ [100.00, 100.02] touches the total: holds. */
    f.v[b].value.q = Q("40.01万元");
    expect_verdict(&f, FS_CHECK_SUM, FS_RND_NEAREST, -1);
    figs_free(&f);

    figs_init(&f);
    t = fig(&f, "在职人员", "100人");
    part(&f, t, fig(&f, "女性", "60人"), FS_PARTS_QIZHONG, 0);
    part(&f, t, fig(&f, "党员", "50人"), FS_PARTS_QIZHONG, 0);
    r = run(&f, BIT(FS_CHECK_SUM), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->nskipped, 1);
    assert_contains(r->skipped[0].reason, "交叉");
    fs_check_result_free(r);
    figs_free(&f);
}

/* ----------------------------------------------------------- change_sum */

static void test_change_sum(void **state)
{
    (void)state;
    fs_figures f;
    /* 183.39 = 78.08 + 101.13 + 1.75 + 2.43 */
    build_sum(&f, "953.39万元", 1);
    chg(&f, 0, "增加", "183.39万元", "增长", "23.82%");
    chg(&f, 1, "增加", "78.08万元", NULL, NULL);
    chg(&f, 2, "增加", "101.13万元", NULL, NULL);
    chg(&f, 3, "增加", "1.75万元", NULL, NULL);
    chg(&f, 4, "增加", "2.43万元", NULL, NULL);
    expect_verdict(&f, FS_CHECK_CHANGE_SUM, FS_RND_NEAREST, -1);
    /* 2.43 → 2.46: parts 183.42 ± 0.02 = [183.40, 183.44] vs [183.385,
     * 183.395]; cut [183.42, 183.46) vs [183.39, 183.40): error. */
    f.v[4].change.amount.q = Q("2.46万元");
    fs_check_result *r = expect_one(&f, FS_CHECK_CHANGE_SUM, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_contains(r->findings[0].message, "一般公共预算支出同比增加183.39万元与其4个分项的变动");
    assert_contains(r->findings[0].message, "按分项变动合计应为增加183.42万元（183.40万元至183.44万元）");
    assert_string_equal(r->findings[0].stated.text, "增加183.39万元");
    fs_check_result_free(r);
    /* 2.43 → 2.45: [183.39, 183.43] touches 183.395: holds. */
    f.v[4].change.amount.q = Q("2.45万元");
    expect_verdict(&f, FS_CHECK_CHANGE_SUM, FS_RND_NEAREST, -1);
    figs_free(&f);

    /* "三公" −3.81 = 因公出国 持平 + 公务接待 +0.19 − 公务用车 4.00 */
    figs_init(&f);
    int t = fig(&f, "“三公”经费", "0.81万元");
    chg(&f, t, "减少", "3.81万元", NULL, NULL);
    int a = fig(&f, "因公出国（境）经费", "0.00万元");
    chg(&f, a, "持平", NULL, NULL, NULL);
    int b = fig(&f, "公务接待费", "0.81万元");
    chg(&f, b, "增加", "0.19万元", NULL, NULL);
    int c = fig(&f, "公务用车购置费及运行费", "0.00万元");
    chg(&f, c, "减少", "4.00万元", NULL, NULL);
    part(&f, t, a, FS_PARTS_ENUM, 1);
    part(&f, t, b, FS_PARTS_ENUM, 1);
    part(&f, t, c, FS_PARTS_ENUM, 1);
    expect_verdict(&f, FS_CHECK_CHANGE_SUM, FS_RND_NEAREST, -1);
    /* −3.71 stated: parts −3.81 ± 0.015 → a decrease of 3.795 to 3.825. */
    f.v[t].change.amount.q = Q("3.71万元");
    r = expect_one(&f, FS_CHECK_CHANGE_SUM, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_contains(r->findings[0].message, "应为减少3.81万元（3.795万元至3.825万元）");
    assert_string_equal(r->findings[0].stated.value, "-3.71");
    assert_string_equal(r->findings[0].expected.low, "-3.825");
    assert_string_equal(r->findings[0].expected.high, "-3.795");
    fs_check_result_free(r);
    /* The same list as 其中 (maybe incomplete): never added up. */
    f.v[t].parts_complete = 0;
    r = run(&f, BIT(FS_CHECK_CHANGE_SUM), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->nskipped, 1);
    assert_contains(r->skipped[0].reason, "变动额不能相加");
    fs_check_result_free(r);
    figs_free(&f);
}

/* ------------------------------------------------------------ share_sum */

/* 支出总预算953.39万元 = 基本支出 {a} + 项目支出 {b} (shares of it). */
static void build_share_sum(fs_figures *f, const char *a, const char *b)
{
    figs_init(f);
    int t = fig(f, "支出总预算", "953.39万元");
    int x = fig(f, "基本支出", "601.39万元");
    int y = fig(f, "项目支出", "352万元");
    part(f, t, x, FS_PARTS_BY, 1);
    part(f, t, y, FS_PARTS_BY, 1);
    share(f, x, a, t, "支出总预算");
    share(f, y, b, t, "支出总预算");
}

static void test_share_sum(void **state)
{
    (void)state;
    fs_figures f;
    /* two shares at 2 decimals carry ±0.01 together */
    const char *ok[][2] = {{"63.08%", "36.92%"}, {"63.08%", "36.91%"}, {"63.08%", "36.93%"}};
    for (size_t k = 0; k < 3; k++) {
        build_share_sum(&f, ok[k][0], ok[k][1]);
        expect_verdict(&f, FS_CHECK_SHARE_SUM, FS_RND_NEAREST, -1);
        figs_free(&f);
    }
    /* 99.98: [99.97, 99.99]; cut [99.98, 100.00) open at 100; mixed
     * [99.97, 100.00): error. */
    build_share_sum(&f, "63.08%", "36.90%");
    fs_check_result *r = expect_one(&f, FS_CHECK_SHARE_SUM, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_string_equal(r->findings[0].message,
                        "分项占比合计100%与支出总预算的2个分项占比（基本支出63.08%、项目支出36.90%）"
                        "不符：按所列占比合计应为99.98%（99.97%至99.99%）");
    assert_string_equal(r->findings[0].stated.text, "100%");
    assert_int_equal(r->findings[0].nfigures, 3);
    fs_check_result_free(r);
    expect_verdict(&f, FS_CHECK_SHARE_SUM, FS_RND_TRUNCATE, FS_SEV_ERROR);
    figs_free(&f);
    /* 100.02: [100.01, 100.03]: error (cut only goes up). */
    build_share_sum(&f, "63.08%", "36.94%");
    expect_verdict(&f, FS_CHECK_SHARE_SUM, FS_RND_NEAREST, FS_SEV_ERROR);
    figs_free(&f);
    /* 99.99 cut: [99.99, 100.01) holds; 100.00 cut also; 99.98 not. */
    build_share_sum(&f, "63.08%", "36.91%");
    expect_verdict(&f, FS_CHECK_SHARE_SUM, FS_RND_TRUNCATE, -1);
    figs_free(&f);

    /* 37.9 + 56.06 + 2.33 + 3.69 = 99.98 with ±(0.05 + 3 × 0.005): holds. */
    figs_init(&f);
    int t = fig(&f, "一般公共预算支出", "953.39万元");
    const char *names[] = {"一般公共服务支出", "社会保障和就业支出", "卫生健康支出", "住房保障支出"};
    const char *vals[] = {"361.37万元", "534.51万元", "22.26万元", "35.25万元"};
    const char *pcts[] = {"37.9%", "56.06%", "2.33%", "3.69%"};
    for (int k = 0; k < 4; k++) {
        int p = fig(&f, names[k], vals[k]);
        part(&f, t, p, FS_PARTS_BY, 1);
        share(&f, p, pcts[k], t, "一般公共预算");
    }
    expect_verdict(&f, FS_CHECK_SHARE_SUM, FS_RND_NEAREST, -1);
    /* one share's whole unknown: skipped */
    f.v[2].share.of = -1;
    r = run(&f, BIT(FS_CHECK_SHARE_SUM), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->nskipped, 1);
    assert_contains(r->skipped[0].reason, "所指的总数不明确");
    fs_check_result_free(r);
    figs_free(&f);
}

/* --------------------------------------------------------- restatement */

/* Two statements of 部门支出总预算 with values a and b. */
static void build_restate(fs_figures *f, const char *a, const char *b)
{
    figs_init(f);
    int i = fig(f, "部门支出总预算", a);
    int j = fig(f, "部门支出总预算", b);
    f->v[j].page = 7;
    f->v[j].line = 3;
    (void)i;
}

static void test_restatement(void **state)
{
    (void)state;
    fs_figures f;
    /* same print; two precisions of one number; two units */
    const char *ok[][2] = {{"953.39万元", "953.39万元"}, {"953.39万元", "953.4万元"},
                           {"953.39万元", "9533900元"},  {"953.35万元", "953.4万元"}};
    for (size_t k = 0; k < 4; k++) {
        build_restate(&f, ok[k][0], ok[k][1]);
        expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, -1);
        expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_EITHER, -1);
        figs_free(&f);
    }
    /* 953.39 vs 953.38: [953.385, 953.395] and [953.375, 953.385] only
     * touch at a tie — no number prints both ways at one precision. Cut
     * [953.39, 953.40) and [953.38, 953.39) are disjoint; rounded one and
     * cut the other, [953.385, 953.395] meets [953.38, 953.39): a warning
     * under nearest, consistent under either, an error under truncate. */
    build_restate(&f, "953.39万元", "953.38万元");
    fs_check_result *r = expect_one(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, FS_SEV_WARNING);
    assert_string_equal(r->findings[0].message,
                        "部门支出总预算在第1页第1行为953.39万元，在第7页第3行为953.38万元，"
                        "两处仅在部分数字截尾（而非四舍五入）时才能一致");
    assert_int_equal(r->findings[0].figures[0].figure, 1);
    assert_int_equal(r->findings[0].figures[1].figure, 0);
    assert_string_equal(r->findings[0].expected.low, "953.385");
    assert_string_equal(r->findings[0].expected.high, "953.395");
    fs_check_result_free(r);
    expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_TRUNCATE, FS_SEV_ERROR);
    expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_EITHER, -1);
    figs_free(&f);
    /* 953.39 vs 953.37: no reading joins them. */
    build_restate(&f, "953.39万元", "953.37万元");
    r = expect_one(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_string_equal(r->findings[0].message,
                        "部门支出总预算在第1页第1行为953.39万元，在第7页第3行为953.37万元，两处不一致");
    fs_check_result_free(r);
    figs_free(&f);
    /* 953.4 vs 953.46: (953.35, 953.45) and (953.455, 953.465) are apart,
     * but 953.46… cut to one decimal is 953.4: a warning.  953.52 is
     * beyond both readings of 953.4. */
    build_restate(&f, "953.4万元", "953.46万元");
    expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, FS_SEV_WARNING);
    figs_free(&f);
    build_restate(&f, "953.4万元", "953.52万元");
    expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, FS_SEV_ERROR);
    figs_free(&f);
}

/* Three statements, the middle one differs: one finding, on it. */
static void test_restatement_majority(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    fig(&f, "部门收入总预算", "953.39万元");
    fig(&f, "部门收入总预算", "935.39万元");
    fig(&f, "部门收入总预算", "953.39万元");
    fs_check_result *r = expect_one(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_int_equal(r->findings[0].figures[0].figure, 1);
    assert_string_equal(r->findings[0].stated.text, "935.39万元");
    assert_int_equal(r->summary.checked, 2); /* 0 vs ref and 1 vs ref; ref is 0 */
    fs_check_result_free(r);
    figs_free(&f);
}

/* Rates and changes restated: 公务接待费 同比增长30.64% / 30.65%
 * (0.19/0.62 = 30.645…%: cut 30.64, rounded 30.65) — only one cut and one
 * rounded make them one number: a warning.  Different subjects, periods or
 * sections (for head counts) are never compared. */
static void test_restatement_rates_and_context(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    int a = fig(&f, "公务接待费", "0.81万元");
    chg(&f, a, "增加", "0.19万元", "增长", "30.64%");
    int b = fig(&f, "公务接待费", "0.81万元");
    chg(&f, b, "增加", "0.19万元", "增长", "30.65%");
    fs_check_result *r = expect_one(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, FS_SEV_WARNING);
    assert_contains(r->findings[0].message, "公务接待费同比在第1页第1行为增长30.64%，在第1页第2行为增长30.65%");
    fs_check_result_free(r);
    /* a change of 0.17 against 0.19: error (0.18 would be a warning: 0.187
     * rounds to 0.19 and cuts to 0.18) */
    f.v[b].change.amount.q = Q("0.17万元");
    f.v[b].change.percent.q = Q("30.64%");
    r = expect_one(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_contains(r->findings[0].message, "为增加0.17万元");
    fs_check_result_free(r);
    /* an increase against a decrease of the same size: error */
    f.v[b].change.amount.q = Q("0.19万元");
    f.v[b].change.amount_dir = FS_DIR_DECREASE;
    f.v[b].change.percent_dir = FS_DIR_DECREASE;
    f.v[b].change.direction = FS_DIR_DECREASE;
    r = run(&f, BIT(FS_CHECK_RESTATEMENT), FS_RND_NEAREST);
    expect_findings(r, 2); /* the change and the rate */
    fs_check_result_free(r);
    figs_free(&f);

    /* different periods, items, measures, scopes, levels, codes: not
     * compared; an identity not known to the end: not compared */
    figs_init(&f);
    fig(&f, "部门支出总预算", "953.39万元");
    int j = fig(&f, "部门支出总预算", "770.00万元");
    f.v[j].period = f.v[j].id.period = 2018;
    fig(&f, "部门收入总预算", "1.00万元");
    expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, -1);
    f.v[j].id.period = 2019;
    expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, FS_SEV_ERROR);
    static const size_t offs[] = {offsetof(fs_identity, measure), offsetof(fs_identity, scope),
                                  offsetof(fs_identity, level), offsetof(fs_identity, code)};
    for (size_t k = 0; k < 4; k++) {
        char **fa = (char **)((char *)&f.v[0].id + offs[k]);
        char **fb = (char **)((char *)&f.v[j].id + offs[k]);
        free(*fa);
        free(*fb);
        *fa = dup(k == 0 ? "年初预算" : k == 1 ? "财政拨款" : k == 2 ? "全市" : "2010101");
        *fb = dup(k == 0 ? "调整预算" : k == 1 ? "一般公共预算" : k == 2 ? "市本级" : "2010102");
        expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, -1);
        free(*fb);
        *fb = dup(*fa);
        expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, FS_SEV_ERROR);
    }
    f.v[j].id.certain = 0;
    expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, -1);
    f.v[j].id.certain = 1;
    /* in two sections of the outline: values are not compared (a name
     * recurs under each economic class), unless both print one 科目 code */
    f.v[0].section = 3;
    f.v[j].section = 5;
    free(f.v[0].id.code);
    free(f.v[j].id.code);
    f.v[0].id.code = dup("");
    f.v[j].id.code = dup("");
    expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, -1);
    free(f.v[0].id.code);
    free(f.v[j].id.code);
    f.v[0].id.code = dup("2210201");
    f.v[j].id.code = dup("2210201");
    expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, FS_SEV_ERROR);
    f.v[0].section = f.v[j].section = -1;
    /* one sentence, or one list: parallel items, skipped */
    f.v[j].quote_start = f.v[0].quote_start;
    expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, -1);
    figs_free(&f);

    /* 工勤编制 9人 in one unit's section, 3人 in another's: not compared;
     * in the same section: an error. */
    figs_init(&f);
    a = fig(&f, "工勤编制", "9人");
    b = fig(&f, "工勤编制", "3人");
    f.v[a].section = 4;
    f.v[b].section = 6;
    expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, -1);
    f.v[b].section = 4;
    expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, FS_SEV_ERROR);
    figs_free(&f);
}

/* One name under two different totals: 公务接待费 in 公用经费 (增长30.64%)
 * and in "三公"经费 (30.65%) — values and changes agree, so it is one
 * quantity and the rates are compared (a warning: 30.645…% cut and
 * rounded).  基本支出 of two funds with different values: not compared. */
static void test_restatement_across_totals(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    int t1 = fig(&f, "公用经费", "54.56万元");
    int a = fig(&f, "公务接待费", "0.81万元");
    chg(&f, a, "增加", "0.19万元", "增长", "30.64%");
    int t2 = fig(&f, "“三公”经费", "0.81万元");
    int b = fig(&f, "公务接待费", "0.81万元");
    chg(&f, b, "增加", "0.19万元", "增长", "30.65%");
    part(&f, t1, a, FS_PARTS_QIZHONG, 1);
    part(&f, t2, b, FS_PARTS_ENUM, 1);
    fs_check_result *r = expect_one(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, FS_SEV_WARNING);
    assert_int_equal(r->findings[0].figures[0].figure, b);
    assert_int_equal(r->findings[0].figures[1].figure, a);
    /* value ≠ (not compared), change =, rate ≠ */
    assert_int_equal(r->summary.checked, 2);
    fs_check_result_free(r);
    /* a different value under the other total: not the same quantity */
    f.v[b].value.q = Q("0.91万元");
    expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, -1);
    figs_free(&f);

    figs_init(&f);
    t1 = fig(&f, "一般公共预算支出", "900万元");
    a = fig(&f, "基本支出", "600万元");
    t2 = fig(&f, "政府性基金预算支出", "50万元");
    b = fig(&f, "基本支出", "20万元");
    part(&f, t1, a, FS_PARTS_BY, 0);
    part(&f, t2, b, FS_PARTS_BY, 0);
    expect_verdict(&f, FS_CHECK_RESTATEMENT, FS_RND_NEAREST, -1);
    figs_free(&f);
}

/* A record without a value (基本支出增加5.9万元 inside a sentence about
 * another total) takes part in nothing that needs the value. */
static void test_missing_value(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    int t = fig(&f, "预算收支", "36.27万元");
    chg(&f, t, "增加", "5.9万元", NULL, NULL);
    int p = fig(&f, "基本支出", "1万元");
    f.v[p].value.present = 0;
    memset(&f.v[p].value.q, 0, sizeof f.v[p].value.q);
    chg(&f, p, "增加", "5.9万元", "增长", "19%");
    part(&f, t, p, FS_PARTS_QIZHONG, 1);
    fs_check_result *r = run(&f, FS_CHECKS_ALL, FS_RND_NEAREST);
    expect_findings(r, 0);
    /* sum skipped for the missing value; change_sum skipped too: a list of
     * one part is not a complete breakdown, whatever word introduced it */
    assert_int_equal(r->nskipped, 2);
    assert_int_equal(r->skipped[0].check, FS_CHECK_SUM);
    assert_contains(r->skipped[0].reason, "未列数值");
    assert_int_equal(r->skipped[1].check, FS_CHECK_CHANGE_SUM);
    assert_int_equal(r->summary.checked_by[FS_CHECK_CHANGE_SUM], 0);
    assert_int_equal(r->summary.checked_by[FS_CHECK_GROWTH], 0);
    fs_check_result_free(r);
    figs_free(&f);
}

/* ----------------------------------------------------------- direction */

static void test_direction(void **state)
{
    (void)state;
    fs_figures f;
    /* 增加183.39万元 with 下降23.82% */
    figs_init(&f);
    int i = fig(&f, "一般公共预算支出", "953.39万元");
    chg(&f, i, "增加", "183.39万元", "下降", "23.82%");
    fs_check_result *r = expect_one(&f, FS_CHECK_DIRECTION, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_string_equal(r->findings[0].message, "同比增加183.39万元，却写作下降23.82%，增减方向相反");
    assert_false(r->findings[0].expected.present);
    fs_check_result_free(r);
    /* growth skips it with a reason instead of guessing a direction */
    r = run(&f, BIT(FS_CHECK_GROWTH), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->nskipped, 1);
    assert_contains(r->skipped[0].reason, "方向词互相矛盾");
    fs_check_result_free(r);
    f.v[i].change.percent_dir = FS_DIR_INCREASE;
    expect_verdict(&f, FS_CHECK_DIRECTION, FS_RND_NEAREST, -1);
    figs_free(&f);

    /* 持平 with a non-zero change */
    figs_init(&f);
    i = fig(&f, "机关运行经费", "10万元");
    chg(&f, i, "持平", "0.5万元", NULL, NULL);
    r = expect_one(&f, FS_CHECK_DIRECTION, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_string_equal(r->findings[0].message, "写作与上年持平，但同比变动0.5万元不为零");
    fs_check_result_free(r);
    figs_free(&f);
    /* 持平 with a zero change: fine; with a different prior value: error */
    figs_init(&f);
    i = fig(&f, "机关运行经费", "10.0万元");
    chg(&f, i, "持平", NULL, NULL, NULL);
    prior(&f, i, "10.0万元", 2018, "上年");
    expect_verdict(&f, FS_CHECK_DIRECTION, FS_RND_NEAREST, -1);
    f.v[i].prior.value.q = Q("10.2万元");
    r = expect_one(&f, FS_CHECK_DIRECTION, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_contains(r->findings[0].message, "本年机关运行经费10.0万元与上年10.2万元不等");
    fs_check_result_free(r);
    figs_free(&f);

    /* A decrease larger than the prior value: 减少5.00万元 on 4.00万元. */
    figs_init(&f);
    i = fig(&f, "会议费", "1.00万元");
    chg(&f, i, "减少", "5.00万元", NULL, NULL);
    prior(&f, i, "4.00万元", 2018, "上年");
    r = expect_one(&f, FS_CHECK_DIRECTION, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_contains(r->findings[0].message, "减少5.00万元，大于上年数4.00万元");
    fs_check_result_free(r);
    /* 4.01 against 4.00: [4.005, 4.015] vs [3.995, 4.005] touch: fine */
    f.v[i].change.amount.q = Q("4.01万元");
    expect_verdict(&f, FS_CHECK_DIRECTION, FS_RND_NEAREST, -1);
    figs_free(&f);

    /* 下降120% */
    figs_init(&f);
    i = fig(&f, "差旅费", "1.00万元");
    chg(&f, i, "减少", NULL, "下降", "120%");
    r = expect_one(&f, FS_CHECK_DIRECTION, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_contains(r->findings[0].message, "下降120%超过100%");
    fs_check_result_free(r);
    /* 100.4% rounds from 100.35…100.45: over 100 → error; 100.0% fine */
    f.v[i].change.percent.q = Q("100.4%");
    expect_verdict(&f, FS_CHECK_DIRECTION, FS_RND_NEAREST, FS_SEV_ERROR);
    f.v[i].change.percent.q = Q("100.0%");
    expect_verdict(&f, FS_CHECK_DIRECTION, FS_RND_NEAREST, -1);
    figs_free(&f);

    /* 增长 with a current value below the stated prior (no amount given). */
    figs_init(&f);
    i = fig(&f, "邮电费", "1.50万元");
    chg(&f, i, NULL, NULL, "增长", "5%");
    prior(&f, i, "1.60万元", 2018, "上年");
    r = expect_one(&f, FS_CHECK_DIRECTION, FS_RND_NEAREST, FS_SEV_ERROR);
    assert_contains(r->findings[0].message, "写作增加，但本年邮电费1.50万元小于上年1.60万元");
    fs_check_result_free(r);
    f.v[i].prior.value.q = Q("1.40万元");
    expect_verdict(&f, FS_CHECK_DIRECTION, FS_RND_NEAREST, -1);
    figs_free(&f);
}

/* ------------------------------------------------------------- skipped */

static void test_skipped_reasons(void **state)
{
    (void)state;
    fs_figures f;
    /* approximate amounts have no interval */
    figs_init(&f);
    int i = fig(&f, "项目支出", "约350万元");
    chg(&f, i, "增加", "25万元", "增长", "7.7%");
    fs_check_result *r = run(&f, BIT(FS_CHECK_GROWTH), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->nskipped, 1);
    assert_contains(r->skipped[0].reason, "约数");
    fs_check_result_free(r);
    figs_free(&f);

    /* no direction word at all */
    figs_init(&f);
    i = fig(&f, "项目支出", "352万元");
    chg(&f, i, NULL, "25万元", NULL, "7.1%");
    r = run(&f, BIT(FS_CHECK_GROWTH), FS_RND_NEAREST);
    assert_int_equal(r->nskipped, 1);
    assert_contains(r->skipped[0].reason, "未写明增加还是减少");
    fs_check_result_free(r);
    figs_free(&f);

    /* percentage points are not a rate of change */
    figs_init(&f);
    i = fig(&f, "项目支出", "352万元");
    chg(&f, i, "减少", "25万元", "下降", "3个百分点");
    r = run(&f, BIT(FS_CHECK_GROWTH), FS_RND_NEAREST);
    assert_int_equal(r->nskipped, 1);
    assert_contains(r->skipped[0].reason, "单位不相配");
    fs_check_result_free(r);
    figs_free(&f);
}

/* ---------------------------------------------- a whole section, all on */

/* The 2019 一般公共预算支出 section of the Liuzhou report as records: every
 * relation holds except 221类 3.69% (3.697% rounded; 3.69 when cut). */
static void test_liuzhou_section(void **state)
{
    (void)state;
    fs_figures f;
    figs_init(&f);
    int t = fig(&f, "一般公共预算支出", "953.39万元");
    chg(&f, t, "增加", "183.39万元", "增长", "23.82%");
    const char *names[] = {"201类一般公共服务支出", "208类社会保障和就业支出", "210类卫生健康支出",
                           "221类住房保障支出"};
    const char *vals[] = {"361.37万元", "534.51万元", "22.26万元", "35.25万元"};
    const char *pcts[] = {"37.9%", "56.06%", "2.33%", "3.69%"};
    const char *chgs[] = {"78.08万元", "101.13万元", "1.75万元", "2.43万元"};
    const char *rates[] = {"27.56%", "23.33%", "8.53%", "7.4%"};
    for (int k = 0; k < 4; k++) {
        int p = fig(&f, names[k], vals[k]);
        part(&f, t, p, FS_PARTS_BY, 1);
        share(&f, p, pcts[k], t, "一般公共预算");
        chg(&f, p, "增加", chgs[k], "增长", rates[k]);
    }
    /* 101.13/433.38 = 23.3352%, printed 23.33: the interval reaches down to
     * 101.125/433.39 = 23.3335% < 23.335: holds. */
    fs_check_result *r = run(&f, FS_CHECKS_ALL, FS_RND_NEAREST);
    expect_findings(r, 1);
    assert_int_equal(r->findings[0].check, FS_CHECK_SHARE);
    assert_int_equal(r->findings[0].severity, FS_SEV_WARNING);
    assert_int_equal(r->findings[0].figures[0].figure, 4);
    /* growth 5, share 4, sum 1, change_sum 1, share_sum 1, direction 5 */
    assert_int_equal(r->summary.checked_by[FS_CHECK_GROWTH], 5);
    assert_int_equal(r->summary.checked_by[FS_CHECK_SHARE], 4);
    assert_int_equal(r->summary.checked_by[FS_CHECK_SUM], 1);
    assert_int_equal(r->summary.checked_by[FS_CHECK_CHANGE_SUM], 1);
    assert_int_equal(r->summary.checked_by[FS_CHECK_SHARE_SUM], 1);
    assert_int_equal(r->summary.checked_by[FS_CHECK_DIRECTION], 5);
    assert_int_equal(r->summary.checked, 17);
    assert_int_equal(r->summary.warnings, 1);
    assert_int_equal(r->summary.errors, 0);
    assert_int_equal(r->nskipped, 0);
    fs_check_result_free(r);
    /* Only the sum check: nothing else runs. */
    r = run(&f, BIT(FS_CHECK_SUM), FS_RND_NEAREST);
    expect_findings(r, 0);
    assert_int_equal(r->summary.checked, 1);
    fs_check_result_free(r);
    figs_free(&f);
}

static void test_bad_input(void **state)
{
    (void)state;
    fs_figures f;
    fs_check_result *r = NULL;
    fs_error e;
    figs_init(&f);
    assert_int_equal(fs_checks_run(&f, NULL, &r, &e), 0); /* no figures: empty result */
    assert_int_equal(r->nfindings, 0);
    fs_check_result_free(r);
    fig(&f, "a", "1万元");
    f.v[0].parent = 5;
    assert_int_equal(fs_checks_run(&f, NULL, &r, &e), FS_E_USAGE);
    assert_null(r);
    fs_check_opts o = {FS_CHECKS_ALL, (fs_rounding)42};
    f.v[0].parent = -1;
    assert_int_equal(fs_checks_run(&f, &o, &r, &e), FS_E_USAGE);
    figs_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_list),
        cmocka_unit_test(test_growth_nearest),
        cmocka_unit_test(test_growth_truncation_warning),
        cmocka_unit_test(test_growth_copy_error),
        cmocka_unit_test(test_growth_decrease),
        cmocka_unit_test(test_growth_from_zero),
        cmocka_unit_test(test_prior),
        cmocka_unit_test(test_prior_other_basis_skipped),
        cmocka_unit_test(test_share),
        cmocka_unit_test(test_growth_from_prior),
        cmocka_unit_test(test_share_unknown_and_zero),
        cmocka_unit_test(test_completion),
        cmocka_unit_test(test_comparison),
        cmocka_unit_test(test_ratio_to_prior),
        cmocka_unit_test(test_points),
        cmocka_unit_test(test_item_sums),
        cmocka_unit_test(test_bare_change_comparison),
        cmocka_unit_test(test_table_total),
        cmocka_unit_test(test_table_sangong),
        cmocka_unit_test(test_other_basis),
        cmocka_unit_test(test_share_nudged_to_100),
        cmocka_unit_test(test_sum_headcount),
        cmocka_unit_test(test_sum_two_breakdowns),
        cmocka_unit_test(test_sum_money_edges),
        cmocka_unit_test(test_sum_exact_zero),
        cmocka_unit_test(test_sum_incomplete),
        cmocka_unit_test(test_change_sum),
        cmocka_unit_test(test_share_sum),
        cmocka_unit_test(test_restatement),
        cmocka_unit_test(test_restatement_majority),
        cmocka_unit_test(test_restatement_rates_and_context),
        cmocka_unit_test(test_restatement_across_totals),
        cmocka_unit_test(test_missing_value),
        cmocka_unit_test(test_direction),
        cmocka_unit_test(test_skipped_reasons),
        cmocka_unit_test(test_liuzhou_section),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_table_sum),
        cmocka_unit_test(test_table_balance),
        cmocka_unit_test(test_table_funds),
        cmocka_unit_test(test_table_ratio),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
