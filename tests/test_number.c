/* test_number.c — quantities: value, unit, printed precision, scanner. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "number.h"

/* Expected outcome of parsing one span. */
typedef struct expect {
    const char *text;
    int64_t mant;     /* printed value mantissa (scale == decimals) */
    int decimals;
    fs_unit unit;
    int mult_exp10;
    const char *base; /* exact base value as decimal text */
    int approx;
    int implicit_zeros;
} expect;

/* Parses e->text whole and compares every field. */
static void check(const expect *x)
{
    fs_quantity q;
    fs_error err;
    int rc = fs_number_parse(x->text, strlen(x->text), &q, &err);
    if (rc != 0)
        fail_msg("%s: %s", x->text, err.msg);
    char base[48];
    fs_dec_to_string(q.base, base, sizeof base);
    if (q.value.mant != x->mant || q.value.scale != x->decimals || q.decimals != x->decimals ||
        q.unit != x->unit || q.mult_exp10 != x->mult_exp10 ||
        q.unit_exp10 != x->mult_exp10 + fs_unit_exp10(x->unit) || strcmp(base, x->base) != 0 ||
        (int)q.approximate != x->approx || q.implicit_zeros != x->implicit_zeros ||
        q.start != 0 || q.end != strlen(x->text))
        fail_msg("%s: got mant %lld scale %d decimals %d unit %d mult %d base %s approx %d iz %d "
                 "span [%zu,%zu)",
                 x->text, (long long)q.value.mant, q.value.scale, q.decimals, q.unit, q.mult_exp10,
                 base, q.approximate, q.implicit_zeros, q.start, q.end);
}

static void check_all(const expect *xs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        check(&xs[i]);
}

#define N_(a) (sizeof(a) / sizeof((a)[0]))

static void test_arabic(void **state)
{
    (void)state;
    static const expect xs[] = {
        {"953.39", 95339, 2, FS_UNIT_NONE, 0, "953.39", 0, 0},
        {"1,234,567.89", 123456789, 2, FS_UNIT_NONE, 0, "1234567.89", 0, 0},
        {".5", 5, 1, FS_UNIT_NONE, 0, "0.5", 0, 0},
        {"0.00", 0, 2, FS_UNIT_NONE, 0, "0.00", 0, 0},
        {"-5.1", -51, 1, FS_UNIT_NONE, 0, "-5.1", 0, 0},
        {"负5.1", -51, 1, FS_UNIT_NONE, 0, "-5.1", 0, 0},
        {"－5.1", -51, 1, FS_UNIT_NONE, 0, "-5.1", 0, 0},
        {"９５３．３９", 95339, 2, FS_UNIT_NONE, 0, "953.39", 0, 0}, /* full-width */
        {"76.23", 7623, 2, FS_UNIT_NONE, 0, "76.23", 0, 0},        /* a bare share */
        {"  2300  ", 2300, 0, FS_UNIT_NONE, 0, "2300", 0, 0},
        {"4.800", 4800, 3, FS_UNIT_NONE, 0, "4.800", 0, 0},
    };
    /* the span of "  2300  " excludes the spaces: checked separately */
    for (size_t i = 0; i < N_(xs); i++) {
        if (xs[i].text[0] == ' ') {
            fs_quantity q;
            assert_int_equal(fs_number_parse(xs[i].text, strlen(xs[i].text), &q, NULL), 0);
            assert_int_equal(q.start, 2);
            assert_int_equal(q.end, 6);
            assert_int_equal(q.value.mant, 2300);
            continue;
        }
        check(&xs[i]);
    }
}

static void test_money(void **state)
{
    (void)state;
    static const expect xs[] = {
        {"953.39万元", 95339, 2, FS_UNIT_YUAN, 4, "9533900", 0, 0},
        {"953.39 万元", 95339, 2, FS_UNIT_YUAN, 4, "9533900", 0, 0},
        {"3541.07万元", 354107, 2, FS_UNIT_YUAN, 4, "35410700", 0, 0},
        {"1.2亿元", 12, 1, FS_UNIT_YUAN, 8, "120000000", 0, 0},
        {"3千万元", 3, 0, FS_UNIT_YUAN, 7, "30000000", 0, 0},
        {"三千五百四十二万元", 3542, 0, FS_UNIT_YUAN, 4, "35420000", 0, 0},
        {"三千万元", 3000, 0, FS_UNIT_YUAN, 4, "30000000", 0, 3},
        {"1,234.5千元", 12345, 1, FS_UNIT_YUAN, 3, "1234500", 0, 0},
        {"12.345678万元", 12345678, 6, FS_UNIT_YUAN, 4, "123456.78", 0, 0},
        {"80元", 80, 0, FS_UNIT_YUAN, 0, "80", 0, 0},
        {"0万元", 0, 0, FS_UNIT_YUAN, 4, "0", 0, 0},
        {"0.00万元", 0, 2, FS_UNIT_YUAN, 4, "0", 0, 0},
        {"0.000亿元", 0, 3, FS_UNIT_YUAN, 8, "0", 0, 0},
        {"零万元", 0, 0, FS_UNIT_YUAN, 4, "0", 0, 0},
        {"-12.5万元", -125, 1, FS_UNIT_YUAN, 4, "-125000", 0, 0},
        {"999999999亿元", 999999999, 0, FS_UNIT_YUAN, 8, "99999999900000000", 0, 0},
    };
    check_all(xs, N_(xs));
}

static void test_chinese(void **state)
{
    (void)state;
    static const expect xs[] = {
        {"一百八十三点三九", 18339, 2, FS_UNIT_NONE, 0, "183.39", 0, 0},
        {"两千三百万", 2300, 0, FS_UNIT_NONE, 4, "23000000", 0, 2},
        {"零", 0, 0, FS_UNIT_NONE, 0, "0", 0, 0},
        {"〇", 0, 0, FS_UNIT_NONE, 0, "0", 0, 0},
        {"十二", 12, 0, FS_UNIT_NONE, 0, "12", 0, 0},
        {"二十", 20, 0, FS_UNIT_NONE, 0, "20", 0, 1},
        {"十", 10, 0, FS_UNIT_NONE, 0, "10", 0, 1},
        {"一万零五百", 10500, 0, FS_UNIT_NONE, 0, "10500", 0, 2},
        {"一千零一", 1001, 0, FS_UNIT_NONE, 0, "1001", 0, 0},
        {"九万四", 94000, 0, FS_UNIT_NONE, 0, "94000", 0, 3},      /* elided 千 */
        {"两千四百五", 2450, 0, FS_UNIT_NONE, 0, "2450", 0, 1},    /* elided 十 */
        {"两千三点一", 23001, 1, FS_UNIT_NONE, 0, "2300.1", 0, 0},
        {"壹贰叁", 123, 0, FS_UNIT_NONE, 0, "123", 0, 0},          /* digit string */
        {"二〇一九", 2019, 0, FS_UNIT_NONE, 0, "2019", 0, 0},
        {"壹佰伍拾", 150, 0, FS_UNIT_NONE, 0, "150", 0, 1},
        {"叁仟肆佰贰拾壹元", 3421, 0, FS_UNIT_YUAN, 0, "3421", 0, 0},
        {"四亿五千六百四十二万零一十五", 456420015, 0, FS_UNIT_NONE, 0, "456420015", 0, 0},
        {"四万万", 4, 0, FS_UNIT_NONE, 8, "400000000", 0, 0},
        {"一万五千亿", 15000, 0, FS_UNIT_NONE, 8, "1500000000000", 0, 3},
        {"4.78万亿", 478, 2, FS_UNIT_NONE, 12, "4780000000000", 0, 0},
        {"零点五", 5, 1, FS_UNIT_NONE, 0, "0.5", 0, 0},
        {"三点五万", 35, 1, FS_UNIT_NONE, 4, "35000", 0, 0},
        {"两千万点五五四四", 200000005544LL, 4, FS_UNIT_NONE, 0, "20000000.5544", 0, 0},
        {"负三十二", -32, 0, FS_UNIT_NONE, 0, "-32", 0, 0},
        {"三万4000", 34000, 0, FS_UNIT_NONE, 0, "34000", 0, 0},
        {"一百 五 十 二", 152, 0, FS_UNIT_NONE, 0, "152", 0, 0},
        {"壹萬零貳拾", 10020, 0, FS_UNIT_NONE, 0, "10020", 0, 1}, /* traditional */
    };
    check_all(xs, N_(xs));
}

static void test_percent(void **state)
{
    (void)state;
    static const expect xs[] = {
        {"17.31%", 1731, 2, FS_UNIT_PERCENT, 0, "17.31", 0, 0},
        {"17.31 ％", 1731, 2, FS_UNIT_PERCENT, 0, "17.31", 0, 0},
        {"-22.2%", -222, 1, FS_UNIT_PERCENT, 0, "-22.2", 0, 0},
        {"百分之二十三点八二", 2382, 2, FS_UNIT_PERCENT, 0, "23.82", 0, 0},
        {"百分之5", 5, 0, FS_UNIT_PERCENT, 0, "5", 0, 0},
        {"5‰", 5, 0, FS_UNIT_PERMILLE, 0, "0.5", 0, 0},
        {"千分之二点四", 24, 1, FS_UNIT_PERMILLE, 0, "0.24", 0, 0},
        {"万分之三", 3, 0, FS_UNIT_PERMYRIAD, 0, "0.03", 0, 0},
        {"2.1个百分点", 21, 1, FS_UNIT_PPOINT, 0, "2.1", 0, 0},
        {"2.1 个百分点", 21, 1, FS_UNIT_PPOINT, 0, "2.1", 0, 0},
        {"2.1百分点", 21, 1, FS_UNIT_PPOINT, 0, "2.1", 0, 0},
        {"六个百分点", 6, 0, FS_UNIT_PPOINT, 0, "6", 0, 0},
        {"负3.9%", -39, 1, FS_UNIT_PERCENT, 0, "-3.9", 0, 0},
    };
    check_all(xs, N_(xs));
    /* percentage points are their own base unit, not percent */
    assert_int_equal(fs_unit_base(FS_UNIT_PPOINT), FS_UNIT_PPOINT);
    assert_int_equal(fs_unit_base(FS_UNIT_PERMILLE), FS_UNIT_PERCENT);
    assert_int_equal(fs_unit_exp10(FS_UNIT_PERMILLE), -1);
}

static void test_counts(void **state)
{
    (void)state;
    static const expect xs[] = {
        {"20人", 20, 0, FS_UNIT_PERSON, 0, "20", 0, 0},
        {"三名", 3, 0, FS_UNIT_PERSON, 0, "3", 0, 0},
        {"1.2万人", 12, 1, FS_UNIT_PERSON, 4, "12000", 0, 0},
        {"3.5万人次", 35, 1, FS_UNIT_PERSON_TIME, 4, "35000", 0, 0},
        {"5个", 5, 0, FS_UNIT_GE, 0, "5", 0, 0},
        {"12项", 12, 0, FS_UNIT_XIANG, 0, "12", 0, 0},
        {"3辆", 3, 0, FS_UNIT_LIANG, 0, "3", 0, 0},
        {"4台", 4, 0, FS_UNIT_TAI, 0, "4", 0, 0},
        {"两家", 2, 0, FS_UNIT_JIA, 0, "2", 0, 0},
        {"1,250.5平方米", 12505, 1, FS_UNIT_SQM, 0, "1250.5", 0, 0},
    };
    check_all(xs, N_(xs));
}

static void test_approximate(void **state)
{
    (void)state;
    static const expect xs[] = {
        {"十多万", 10, 0, FS_UNIT_NONE, 4, "100000", 1, 0},
        {"500余万元", 500, 0, FS_UNIT_YUAN, 4, "5000000", 1, 0},
        {"3万余元", 3, 0, FS_UNIT_YUAN, 4, "30000", 1, 0},
        {"约3.2亿元", 32, 1, FS_UNIT_YUAN, 8, "320000000", 1, 0},
        {"二十几万", 20, 0, FS_UNIT_NONE, 4, "200000", 1, 0},
        {"近百万", 100, 0, FS_UNIT_NONE, 4, "1000000", 1, 0},
        {"超过3000万元", 3000, 0, FS_UNIT_YUAN, 4, "30000000", 1, 0},
        {"逾百人", 100, 0, FS_UNIT_PERSON, 0, "100", 1, 0},
        {"3000万元左右", 3000, 0, FS_UNIT_YUAN, 4, "30000000", 1, 0},
        {"四百多", 400, 0, FS_UNIT_NONE, 0, "400", 1, 0},
    };
    check_all(xs, N_(xs));
    fs_quantity q;
    fs_dec lo, hi;
    assert_int_equal(fs_number_parse("约3.2亿元", strlen("约3.2亿元"), &q, NULL), 0);
    assert_int_equal(fs_quantity_interval(&q, &lo, &hi), FS_E_USAGE);
}

static void test_interval_and_unit_text(void **state)
{
    (void)state;
    fs_quantity q;
    fs_dec lo, hi;
    char lo_s[48], hi_s[48], u[32];
    /* 953.39万元: 953.385 … 953.395 万元 = 9533850 … 9533950 元 */
    assert_int_equal(fs_number_parse("953.39万元", strlen("953.39万元"), &q, NULL), 0);
    assert_int_equal(fs_quantity_interval(&q, &lo, &hi), 0);
    fs_dec_to_string(fs_dec_normalize(lo), lo_s, sizeof lo_s);
    fs_dec_to_string(fs_dec_normalize(hi), hi_s, sizeof hi_s);
    assert_string_equal(lo_s, "9533850");
    assert_string_equal(hi_s, "9533950");
    assert_int_equal(fs_quantity_unit_text(&q, u, sizeof u), (int)strlen("万元"));
    assert_string_equal(u, "万元");
    /* 17.31%: 17.305 … 17.315 */
    assert_int_equal(fs_number_parse("17.31%", 6, &q, NULL), 0);
    assert_int_equal(fs_quantity_interval(&q, &lo, &hi), 0);
    fs_dec_to_string(lo, lo_s, sizeof lo_s);
    fs_dec_to_string(hi, hi_s, sizeof hi_s);
    assert_string_equal(lo_s, "17.305");
    assert_string_equal(hi_s, "17.315");
    /* 5‰ = 0.5 %, printed to whole per mille: 0.45 … 0.55 % */
    assert_int_equal(fs_number_parse("5‰", strlen("5‰"), &q, NULL), 0);
    assert_int_equal(fs_quantity_interval(&q, &lo, &hi), 0);
    fs_dec_to_string(lo, lo_s, sizeof lo_s);
    fs_dec_to_string(hi, hi_s, sizeof hi_s);
    assert_string_equal(lo_s, "0.45");
    assert_string_equal(hi_s, "0.55");
    /* 两千三百万: whole 万 as printed, ±5000 */
    assert_int_equal(fs_number_parse("两千三百万", strlen("两千三百万"), &q, NULL), 0);
    assert_int_equal(fs_quantity_interval(&q, &lo, &hi), 0);
    fs_dec_to_string(lo, lo_s, sizeof lo_s);
    fs_dec_to_string(hi, hi_s, sizeof hi_s);
    assert_string_equal(lo_s, "22995000");
    assert_string_equal(hi_s, "23005000");
    assert_int_equal(fs_quantity_unit_text(&q, u, sizeof u), (int)strlen("万"));
    assert_string_equal(u, "万");
    assert_int_equal(fs_number_parse("3千万元", strlen("3千万元"), &q, NULL), 0);
    fs_quantity_unit_text(&q, u, sizeof u);
    assert_string_equal(u, "千万元");
    char tiny[4];
    assert_int_equal(fs_quantity_unit_text(&q, tiny, sizeof tiny), FS_E_USAGE);
    assert_string_equal(fs_unit_name(FS_UNIT_PPOINT), "个百分点");
    assert_string_equal(fs_unit_name(FS_UNIT_NONE), "");
}

/* Asserts that parsing text fails with FS_E_NUMBER and a message. */
static void reject(const char *text, size_t len)
{
    fs_quantity q;
    fs_error e;
    memset(&e, 0, sizeof e);
    int rc = fs_number_parse(text, len, &q, &e);
    if (rc != FS_E_NUMBER)
        fail_msg("\"%.*s\" was accepted (rc %d)", (int)(len > 60 ? 60 : len), text, rc);
    assert_int_equal(e.code, FS_E_NUMBER);
    assert_true(strlen(e.msg) > 0);
}

static void test_rejections(void **state)
{
    (void)state;
    char big[420];
    memset(big, '7', 400);
    memcpy(big + 400, "万元", strlen("万元") + 1);
    reject(big, strlen(big));
    reject(big, 400);
    reject("9999999999999999999亿元", strlen("9999999999999999999亿元"));
    reject("1000000000亿元", strlen("1000000000亿元")); /* 10^17 元 */
    reject("1234567890123456789", 19);                      /* 19 digits */
    reject("0.1234567891", 12);                             /* 10 decimals */
    reject("", 0);
    reject("   ", 3);
    reject("abc", 3);
    reject("万元", strlen("万元"));
    reject("一切", strlen("一切"));
    reject("12abc", 5);
    reject("2.2.1", 5);                                       /* a section number */
    reject("三分之一", strlen("三分之一"));                   /* fractions */
    reject("3/5", 3);
    reject("二三十", strlen("二三十"));                       /* a range */
    reject("七五折", strlen("七五折"));
    reject("1 234", 5);                                       /* two numbers */
    reject("十百", strlen("十百"));
    reject("百千万亿亿亿亿亿亿亿", strlen("百千万亿亿亿亿亿亿亿"));
    reject("一万亿亿亿", strlen("一万亿亿亿"));              /* 10^28 */
    assert_int_equal(fs_number_parse(NULL, 0, NULL, NULL), FS_E_USAGE);
}

/* Scans all of s, writing "text|unit;" for each quantity (and "!err;" for
 * errors) into out. */
static void scan_all(const char *s, char *out, size_t n)
{
    size_t from = 0, len = strlen(s), o = 0;
    fs_quantity q;
    int rc;
    out[0] = '\0';
    while ((rc = fs_number_scan(s, len, from, &q, NULL)) != 0) {
        if (rc < 0)
            o += (size_t)snprintf(out + o, n - o, "!%.*s;", (int)(q.end - q.start), s + q.start);
        else
            o += (size_t)snprintf(out + o, n - o, "%.*s|%s;", (int)(q.end - q.start), s + q.start,
                                  fs_unit_name(q.unit));
        assert_true(q.end > from);
        assert_true(o < n);
        from = q.end;
    }
}

static void test_scan(void **state)
{
    (void)state;
    char out[1024];
    scan_all("2.2本计划投资3541.07万元2.3本项目", out, sizeof out);
    assert_string_equal(out, "2.2|;3541.07万元|元;2.3|;");
    scan_all("收入953.39 万元，比上年增加12.5万元，增长约15%，下降2.1个百分点", out, sizeof out);
    assert_string_equal(out, "953.39 万元|元;12.5万元|元;约15%|%;2.1个百分点|个百分点;");
    scan_all("2019-2020年度", out, sizeof out);
    assert_string_equal(out, "2019|;2020|;");
    scan_all("增长-17.31%，占 76.23", out, sizeof out);
    assert_string_equal(out, "-17.31%|%;76.23|;");
    scan_all("2.2.1 单位：万元", out, sizeof out);
    assert_string_equal(out, "");
    scan_all("三分之一的人，共20人", out, sizeof out);
    assert_string_equal(out, "!三分之一;20人|人;");
    scan_all("占百分之二十三点八二；车辆3辆", out, sizeof out);
    assert_string_equal(out, "百分之二十三点八二|%;3辆|辆;");
    scan_all("953.39\t120.00", out, sizeof out); /* table cells */
    assert_string_equal(out, "953.39|;120.00|;");
    scan_all("1,234,567.89元和1,2项", out, sizeof out);
    assert_string_equal(out, "1,234,567.89元|元;1|;2项|项;");

    /* spans and the numeral inside them */
    const char *s = "比上年增加12.5万元。";
    fs_quantity q;
    assert_int_equal(fs_number_scan(s, strlen(s), 0, &q, NULL), 1);
    assert_int_equal(q.start, strlen("比上年增加"));
    assert_int_equal(q.num_start, strlen("比上年增加"));
    assert_int_equal(q.num_end, strlen("比上年增加12.5万"));
    assert_int_equal(q.end, strlen("比上年增加12.5万元"));
    assert_int_equal(fs_number_scan(s, strlen(s), q.end, &q, NULL), 0);

    /* a 400-digit run is one error with its span, then scanning goes on */
    char big[500];
    memset(big, '9', 400);
    strcpy(big + 400, "万元，5人");
    fs_error e;
    assert_int_equal(fs_number_scan(big, strlen(big), 0, &q, &e), FS_E_NUMBER);
    assert_int_equal(q.start, 0);
    assert_int_equal(q.end, 400);
    assert_int_equal(fs_number_scan(big, strlen(big), q.end, &q, &e), 1);
    assert_int_equal(q.value.mant, 5);
    assert_int_equal(q.unit, FS_UNIT_PERSON);
}

/* Fails unless q is self-consistent and inside buf[0, len). */
static void check_invariants(const fs_quantity *q, const char *buf, size_t len)
{
    fs_dec scaled;
    if (q->value.scale != q->decimals || q->start > q->end || q->end > len ||
        q->num_start < q->start || q->num_end > q->end || q->num_start >= q->num_end ||
        fs_dec_shift(q->value, q->unit_exp10, &scaled) != 0 || !fs_dec_eq(scaled, q->base) ||
        q->unit_exp10 != q->mult_exp10 + fs_unit_exp10(q->unit))
        fail_msg("invariant broken for \"%s\" at [%zu,%zu)", buf, q->start, q->end);
}

/* Random strings over the characters the grammar cares about: whatever
 * parses or scans must keep the invariants (value.scale == decimals, base
 * == value × 10^unit_exp10 exactly, spans inside the text, progress). */
static void test_invariants_random(void **state)
{
    (void)state;
    static const char *const alpha[] = {
        "0", "1", "5", "9", ".", ",", "-", " ", "\t", "一", "二", "两", "零", "十", "百", "千",
        "万", "亿", "点", "几", "多", "余", "约", "负", "元", "%", "‰", "个", "百分点", "百分之",
        "人", "次", "分之", "左右", "本", "２", "．", "壹", "拾", "/"};
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    long found = 0;
    char buf[256];
    for (int iter = 0; iter < 20000; iter++) {
        size_t len = 0;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        int ntok = 1 + (int)((seed >> 33) % 12);
        for (int k = 0; k < ntok; k++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            const char *a = alpha[(seed >> 33) % (sizeof alpha / sizeof alpha[0])];
            size_t al = strlen(a);
            memcpy(buf + len, a, al);
            len += al;
        }
        buf[len] = '\0';
        fs_quantity q;
        fs_error e;
        if (fs_number_parse(buf, len, &q, &e) == 0)
            check_invariants(&q, buf, len);
        size_t from = 0;
        int rc;
        while ((rc = fs_number_scan(buf, len, from, &q, &e)) != 0) {
            if (q.start < from || q.end <= from || q.end > len)
                fail_msg("no progress scanning \"%s\" from %zu", buf, from);
            if (rc > 0) {
                check_invariants(&q, buf, len);
                found++;
            }
            from = q.end;
        }
    }
    assert_true(found > 10000); /* the strings do hold quantities */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arabic),      cmocka_unit_test(test_money),
        cmocka_unit_test(test_chinese),     cmocka_unit_test(test_percent),
        cmocka_unit_test(test_counts),      cmocka_unit_test(test_approximate),
        cmocka_unit_test(test_interval_and_unit_text), cmocka_unit_test(test_rejections),
        cmocka_unit_test(test_scan),        cmocka_unit_test(test_invariants_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
