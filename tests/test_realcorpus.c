/* test_realcorpus.c — every real published PDF through input and
 * normalisation: change phrases ("增加2248.37万元", "增长16.47%") must come
 * out whole.  A phrase is broken when its keyword or number is cut by a line
 * break, a blank, or a page-number remnant; the test fails on any broken
 * phrase and prints per-document counts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "input.h"
#include "normalize.h"
#include "rawdoc.h"
#include "text.h"
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define KW "(?:增加|减少|增长|下降|增幅|降幅)"
#define GAP "(?:了|为|约)?"
#define NUM "\\d[\\d,]*(?:\\.\\d+)?"

/* A whole phrase: keyword, number, unit with nothing in between. */
static const char *const intact_re = KW GAP NUM "(?:万元|亿元|元|%)";

/* Ways a phrase comes out broken. */
static const struct {
    const char *name, *re;
} broken_re[] = {
    {"keyword, blank or line break, number", KW GAP "[ \\x{3000}\\n]+[-\\d]"},
    {"keyword, page number", KW GAP "\\s*[-－—]\\s*\\d+\\s*[-－—]"},
    {"blank or break inside the number", KW GAP "\\d[\\d,.]*[ \\x{3000}\\n]+[\\d.]"},
    {"blank or break before the unit", KW GAP "\\d[\\d,.]*[ \\x{3000}\\n]+(?:万|元|%|亿)"},
    {"unit split", KW GAP "\\d[\\d,.]*万\\n元"},
    {"keyword split", "增\\n[加长幅]|减\\n少|下\\n降|降\\n幅"},
    {"page number remnant", "(?<![0-9A-Za-z])[-－—] *\\d{1,3} *[-－—](?!\\d)"},
};
#define NBROKEN (sizeof broken_re / sizeof broken_re[0])

static pcre2_code *compile(const char *re)
{
    int err;
    PCRE2_SIZE eo;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &err,
                                  &eo, NULL);
    if (!c) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof msg);
        fail_msg("pattern %s: %s at %zu", re, (const char *)msg, (size_t)eo);
    }
    return c;
}

/* Counts matches of c in s[0..n); when show, prints the first few with
 * context.  Matches inside table rows (lines with TAB) are skipped when
 * skip_tables. */
static size_t count_matches(const pcre2_code *c, const char *s, size_t n, int show,
                            const char *name, int skip_tables)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(c, NULL);
    assert_non_null(md);
    size_t count = 0, at = 0;
    while (at <= n && pcre2_match(c, (PCRE2_SPTR)s, n, at, 0, md, NULL) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t a = ov[0], z = ov[1];
        size_t ls = a, le = z;
        while (ls > 0 && s[ls - 1] != '\n')
            ls--;
        while (le < n && s[le] != '\n')
            le++;
        int table = memchr(s + ls, '\t', le - ls) != NULL;
        if (!(skip_tables && table)) {
            count++;
            if (show && count <= 5) {
                size_t b = a > 30 ? a - 30 : 0, e = z + 30 < n ? z + 30 : n;
                while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
                    b--;
                while (e < n && ((unsigned char)s[e] & 0xC0) == 0x80)
                    e++;
                printf("      broken (%s): ", name);
                for (size_t i = b; i < e; i++) {
                    if (s[i] == '\n')
                        fputs("⏎", stdout);
                    else
                        putchar(s[i]);
                }
                printf("\n");
            }
        }
        at = z > a ? z : a + 1;
        while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80)
            at++;
    }
    pcre2_match_data_free(md);
    return count;
}

/* Occurrences of kw in s[0..n) once all blanks and line breaks are gone. */
static size_t count_solid(const char *s, size_t n, const char *kw)
{
    char *c = malloc(n + 1);
    assert_non_null(c);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r' || s[i] == '\f')
            continue;
        if (i + 2 < n && memcmp(s + i, "\xE3\x80\x80", 3) == 0) {
            i += 2;
            continue;
        }
        c[m++] = s[i];
    }
    c[m] = '\0';
    size_t k = tu_count(c, kw);
    free(c);
    return k;
}

/* All lines of a raw document, '\n'-separated, in a malloc'd buffer. */
static char *raw_text(const fs_rawdoc *d, size_t *len)
{
    size_t n = 0;
    for (size_t p = 0; p < d->npages; p++)
        for (size_t j = 0; j < d->pages[p].nlines; j++)
            n += d->pages[p].lines[j].len + 1;
    char *s = malloc(n + 1), *w = s;
    assert_non_null(s);
    for (size_t p = 0; p < d->npages; p++)
        for (size_t j = 0; j < d->pages[p].nlines; j++) {
            memcpy(w, d->pages[p].lines[j].text, d->pages[p].lines[j].len);
            w += d->pages[p].lines[j].len;
            *w++ = '\n';
        }
    *w = '\0';
    *len = n;
    return s;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Paths of the PDFs under dir/<sub>/, sorted; caller frees each and v. */
static size_t list_pdfs(const char *dir, char ***out)
{
    size_t n = 0, cap = 64;
    char **v = malloc(cap * sizeof *v);
    assert_non_null(v);
    DIR *top = opendir(dir);
    if (!top) {
        *out = v;
        return 0;
    }
    struct dirent *de;
    while ((de = readdir(top))) {
        if (de->d_name[0] == '.')
            continue;
        char sub[8192];
        if ((size_t)snprintf(sub, sizeof sub, "%s/%s", dir, de->d_name) >= sizeof sub)
            continue;
        DIR *sd = opendir(sub);
        if (!sd)
            continue;
        struct dirent *fe;
        while ((fe = readdir(sd))) {
            size_t l = strlen(fe->d_name);
            if (l < 5 || strcmp(fe->d_name + l - 4, ".pdf") != 0)
                continue;
            if (n == cap) {
                cap *= 2;
                v = realloc(v, cap * sizeof *v);
                assert_non_null(v);
            }
            size_t pl = strlen(sub) + l + 2;
            v[n] = malloc(pl);
            assert_non_null(v[n]);
            snprintf(v[n], pl, "%s/%s", sub, fe->d_name);
            n++;
        }
        closedir(sd);
    }
    closedir(top);
    qsort(v, n, sizeof *v, cmp_str);
    *out = v;
    return n;
}

static double ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void test_real_pdfs(void **state)
{
    (void)state;
    char dir[4096];
    struct stat st;
    snprintf(dir, sizeof dir, "%s", tu_path("corpus/real"));
    if (stat(dir, &st) != 0)
        snprintf(dir, sizeof dir, "%s/../shared/corpus-real", FISCAN_SOURCE_DIR);
    char **files;
    size_t nf = list_pdfs(dir, &files);
    printf("real corpus: %s, %zu PDFs\n", dir, nf);
    assert_true(nf >= 17);

    pcre2_code *intact = compile(intact_re);
    pcre2_code *broken[NBROKEN];
    for (size_t i = 0; i < NBROKEN; i++)
        broken[i] = compile(broken_re[i].re);
    static const char *const kws[] = {"增加", "减少", "增长", "下降"};

    size_t total_intact = 0, total_broken = 0, lost = 0, empty_docs = 0;
    for (size_t f = 0; f < nf; f++) {
        fs_input_opts o = {0};
        fs_rawdoc *raw = NULL;
        fs_error e;
        const char *name = strrchr(files[f], '/') + 1;
        if (fs_input_load(files[f], &o, &raw, &e) != 0)
            fail_msg("%s: %s", name, e.msg);
        fs_text *t = NULL;
        double t0 = ms_now();
        assert_int_equal(fs_normalize(raw, &t, &e), 0);
        double t1 = ms_now();

        size_t ni = count_matches(intact, t->s, t->len, 0, "", 0);
        size_t nb = 0;
        printf("  %-44s pages %3zu  intact %3zu", name, raw->npages, ni);
        fflush(stdout);
        size_t per[NBROKEN];
        for (size_t i = 0; i < NBROKEN; i++) {
            per[i] = count_matches(broken[i], t->s, t->len, 0, broken_re[i].name, 1);
            nb += per[i];
        }
        printf("  broken %zu  dropped %zu  normalize %.2f ms\n", nb, t->dropped_lines, t1 - t0);
        for (size_t i = 0; i < NBROKEN; i++)
            if (per[i])
                count_matches(broken[i], t->s, t->len, 1, broken_re[i].name, 1);

        /* no keyword may be lost between extraction and normalisation */
        size_t rl;
        char *rs = raw_text(raw, &rl);
        size_t rawkw = 0;
        for (size_t k = 0; k < sizeof kws / sizeof kws[0]; k++) {
            size_t a = count_solid(rs, rl, kws[k]), b = count_solid(t->s, t->len, kws[k]);
            rawkw += a;
            if (b < a) {
                printf("      lost %s: %zu in extraction, %zu after normalisation\n", kws[k], a, b);
                lost++;
            }
        }
        if (rawkw >= 3 && ni == 0) {
            printf("      no intact phrase although extraction has %zu keywords\n", rawkw);
            empty_docs++;
        }
        free(rs);
        total_intact += ni;
        total_broken += nb;
        fs_text_free(t);
        fs_rawdoc_free(raw);
        free(files[f]);
    }
    free(files);
    for (size_t i = 0; i < NBROKEN; i++)
        pcre2_code_free(broken[i]);
    pcre2_code_free(intact);
    printf("total: intact %zu, broken %zu\n", total_intact, total_broken);
    assert_int_equal(total_broken, 0);
    assert_int_equal(lost, 0);
    assert_int_equal(empty_docs, 0);
    assert_true(total_intact >= 400);
}

/* Sentences of the narrative (non-table) lines of t, cut after 。！？；：
 * and at line ends; only those ending in such a mark are kept (a line end
 * alone may be a heading or a page-broken fragment).  Sorted; caller frees. */
static size_t sentences(const fs_text *t, char ***out)
{
    static const char *const ends[] = {"。", "！", "？", "；", "："};
    size_t n = 0, cap = 256;
    char **v = malloc(cap * sizeof *v);
    assert_non_null(v);
    const char *s = t->s, *lim = t->s + t->len;
    while (s < lim) {
        const char *nl = memchr(s, '\n', (size_t)(lim - s));
        const char *le = nl ? nl : lim;
        int table = memchr(s, '\t', (size_t)(le - s)) != NULL;
        const char *a = s;
        for (const char *p = s; p < le && !table;) {
            size_t k = 0;
            for (size_t i = 0; i < 5 && !k; i++)
                if ((size_t)(le - p) >= 3 && memcmp(p, ends[i], 3) == 0)
                    k = 3;
            if (!k) {
                p++;
                continue;
            }
            p += k;
            if (n == cap) {
                cap *= 2;
                v = realloc(v, cap * sizeof *v);
                assert_non_null(v);
            }
            v[n] = malloc((size_t)(p - a) + 1);
            assert_non_null(v[n]);
            memcpy(v[n], a, (size_t)(p - a));
            v[n][p - a] = '\0';
            n++;
            a = p;
        }
        s = le + 1;
    }
    qsort(v, n, sizeof *v, cmp_str);
    *out = v;
    return n;
}

static fs_text *load_norm(const char *rel)
{
    fs_input_opts o = {0};
    fs_rawdoc *raw = NULL;
    fs_text *t = NULL;
    fs_error e;
    if (fs_input_load(tu_path(rel), &o, &raw, &e) != 0)
        fail_msg("%s: %s", rel, e.msg);
    assert_int_equal(fs_normalize(raw, &t, &e), 0);
    fs_rawdoc_free(raw);
    return t;
}

/* Every sentence of the text file of a report comes out of its PDF
 * identically.  (The PDF may give more: cells of bordered tables whose
 * multi-line text extraction interleaves are cut at 。 too.) */
static void test_pdf_and_text_agree(void **state)
{
    (void)state;
    static const char *const docs[][2] = {{"corpus/liuzhou-2019.pdf", "corpus/liuzhou-2019.txt"},
                                          {"corpus/qiaoxi-2020.pdf", "corpus/qiaoxi-2020.txt"}};
    for (size_t d = 0; d < 2; d++) {
        fs_text *a = load_norm(docs[d][0]), *b = load_norm(docs[d][1]);
        char **va, **vb;
        size_t na = sentences(a, &va), nb = sentences(b, &vb);
        size_t i = 0, j = 0, common = 0, diff = 0;
        while (i < na || j < nb) {
            int c = i == na ? 1 : j == nb ? -1 : strcmp(va[i], vb[j]);
            if (c == 0) {
                common++;
                i++;
                j++;
                continue;
            }
            if (c > 0 && diff++ < 5) /* a text sentence the PDF does not give */
                printf("      only in text: %.200s\n", vb[j]);
            if (c < 0)
                i++;
            else
                j++;
        }
        printf("  %s: %zu sentences from PDF, %zu from text, %zu common\n", docs[d][0], na, nb, common);
        assert_int_equal(diff, 0);
        assert_true(common >= 50);
        for (i = 0; i < na; i++)
            free(va[i]);
        for (j = 0; j < nb; j++)
            free(vb[j]);
        free(va);
        free(vb);
        fs_text_free(a);
        fs_text_free(b);
    }
}

/* The bordered tables of the 2020 report come out of its PDF as one
 * TAB-separated row per table row, multi-line cells whole; the cells are
 * those of the text version (corpus/qiaoxi-2020.txt, lines 25-33, 84-89
 * and 100-107), which writes one cell per line. */
static void test_pdf_table_rows(void **state)
{
    (void)state;
    static const char *const rows[] = {
        "\n单位名称\t单位性质\t单位规格\t经费保障形式\n",
        "\n桥西区工会\t群团\t正科级\t财政性资金基本保证\n",
        "\n一级指标\t二级指标\t三级指标\t绩效指标描述\t指标值\t指标值确定依据\n",
        "\n产出指标\t2\t围绕职工合法权益的重大问题进行调研，提出意见和建议。\t"
        "提高中共代表大会制度和联席会议制度的规范化和有效性。\t>=\t60.00\t"
        "区、基层两级联席会议突出问题解决数量（个）\t反映区和基层两级联席会议每年解决突出问题的情况\n",
    };
    fs_text *t = load_norm("corpus/qiaoxi-2020.pdf");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (!strstr(t->s, rows[i]))
            fail_msg("row %zu not found: %s", i, rows[i] + 1);
    fs_text_free(t);
}

/* Overprinted ("fake bold") text: glyphs drawn twice a fraction of a point
 * apart come out once, so the sentences of ezhou pp.2–3 read whole; and a
 * letter-spaced line there reads as one. */
static void test_overprint_ezhou(void **state)
{
    (void)state;
    static const char *const want[] = {
        "\n市级一般公共预算收入总计169.59亿元，为预算的97.9%，包括：\n",
        "\n市级一般公共预算支出总计169.59亿元，为预算的97.9%，包括：\n",
    };
    fs_text *t = load_norm("../shared/corpus-real/gov-reports/ezhou_2025_budget_execution_report.pdf");
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(t->s, want[i]))
            fail_msg("sentence %zu not found: %s", i, want[i] + 1);
    assert_null(strstr(t->s, "..59")); /* no doubled decimal point is left */
    /* a letter-spaced line (全 市 地 方 一 般 … 187.37 亿 元 ， 为 预 算 的) reads
     * without its spacing */
    assert_non_null(strstr(t->s, "\n全市地方一般公共预算支出完成187.37亿元，为预算的108.9%，增长9.8%，"));
    fs_text_free(t);
}

/* Footnotes at a page's foot (①…, smaller type) no longer cut the sentence
 * that runs on to the next page; the markers they explain leave the text;
 * the notes are kept, after the body. */
static void test_footnotes_ezhou(void **state)
{
    (void)state;
    fs_text *t = load_norm("../shared/corpus-real/gov-reports/ezhou_2025_budget_execution_report.pdf");
    static const char whole[] =
        "\n全市地方一般公共预算收入完成107.14亿元，为汇总预算（以下简称“预算”）的98.7%，"
        "同比增长5.5%，其中税收收入55.67亿元，为预算的95.2%；";
    if (!strstr(t->s, whole))
        fail_msg("the sentence across pages 1-2 is not whole");
    assert_non_null(strstr(t->s, "\n（一）一般公共预算执行情况\n")); /* marker ① dropped */
    const char *note = strstr(t->s, "\n③汇总预算指汇总全市各级人大批准的调整预算数。\n");
    assert_non_null(note);
    assert_true(note > strstr(t->s, whole)); /* kept, after the body */
    fs_text_free(t);
}

/* A line the page wrapped early, before a number that did not fit ("…年初
 * 预算为" / "161.62万元，…"; "…占" / "15.16%；"), goes on with the next:
 * 上海市普陀区财政局2024年度部门决算 pages 21-22. */
static void test_wrap_before_number_putuo(void **state)
{
    (void)state;
    fs_text *t = load_norm("../shared/corpus-real/shanghai/上海市普陀区财政局2024年度部门决算.pdf");
    static const char *const whole[] = {
        "主要用于：在职人员的基本养老保险支出。年初预算为161.62万元，支出决算为160.75万元。",
        "主要用于：委托中介机构开展各类审计及绩效评价工作。年初预算为450.52万元，支出决算为"
        "449.52万元。",
        "住房保障支出（类）445.69万元，占15.16%；",
    };
    for (size_t i = 0; i < sizeof whole / sizeof *whole; i++)
        if (!strstr(t->s, whole[i]))
            fail_msg("not one sentence: %s", whole[i]);
    fs_text_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_pdfs),
        cmocka_unit_test(test_pdf_and_text_agree),
        cmocka_unit_test(test_pdf_table_rows),
        cmocka_unit_test(test_overprint_ezhou),
        cmocka_unit_test(test_footnotes_ezhou),
        cmocka_unit_test(test_wrap_before_number_putuo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
