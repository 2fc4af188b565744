/* test_interval.c — exact rounding-aware relation checks.
 *
 * Every expected bound below was worked out by hand from the printed figures
 * (the arithmetic is in the comments); the figures are those of the 2019
 * 柳州市总工会 budget (seeds/000_*) and the 2020 桥西区总工会 budget
 * (seeds/002_*) unless said otherwise.  Amounts in 万元 have unit_exp 4,
 * percents unit_exp -2. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "error.h"
#include "interval.h"

#define WAN 4
#define PCT (-2)

/* A printed figure mant × 10^-scale in unit 10^unit. */
static fs_printed fig(int64_t mant, int scale, int unit)
{
    fs_printed p = {mant, scale, unit, 0};
    return p;
}

/* A figure known exactly. */
static fs_printed exact(int64_t mant, int scale, int unit)
{
    fs_printed p = {mant, scale, unit, 1};
    return p;
}

/* A 64-bit integer as the module's 256-bit two's complement. */
static fs_i256 wide(int64_t v)
{
    fs_i256 r;
    uint64_t u = (uint64_t)v;
    r.w[0] = (uint32_t)u;
    r.w[1] = (uint32_t)(u >> 32);
    for (int i = 2; i < 8; i++)
        r.w[i] = v < 0 ? 0xffffffffu : 0u;
    return r;
}

/* The rational n/d (d > 0). */
static fs_q rat(int64_t n, int64_t d)
{
    fs_q q;
    q.num = wide(n);
    q.den = wide(d);
    return q;
}

/* Asserts that q equals n/d exactly. */
static void assert_q(const fs_q *q, int64_t n, int64_t d)
{
    fs_q e = rat(n, d);
    assert_int_equal(fs_q_cmp(q, &e), 0);
}

/* Asserts the allowed range of c, printed outward with `digits` decimals. */
static void assert_range(const fs_check *c, int digits, const char *lo, const char *hi)
{
    char b[128];
    assert_true(c->has_range);
    assert_int_equal(fs_q_format(&c->allowed.lo, digits, FS_Q_FLOOR, b, sizeof b), 0);
    assert_string_equal(b, lo);
    assert_int_equal(fs_q_format(&c->allowed.hi, digits, FS_Q_CEIL, b, sizeof b), 0);
    assert_string_equal(b, hi);
}

/* Growth check on 万元 amounts with two decimals and a percent with pscale
 * decimals. */
static fs_verdict growth2(int64_t cur, int64_t chg, fs_dir dir, int64_t pct, int pscale,
                          fs_rounding mode, fs_check *c)
{
    fs_printed v = fig(cur, 2, WAN), d = fig(chg, 2, WAN), p = fig(pct, pscale, PCT);
    return fs_check_growth(&v, &d, dir, &p, mode, c);
}

/* ------------------------------------------------------------ intervals */

static void test_printed_intervals(void **state)
{
    (void)state;
    fs_interval iv;
    fs_printed p = fig(95339, 2, WAN); /* 953.39万元 */

    /* nearest: [953.385, 953.395], closed */
    assert_int_equal(fs_printed_interval(&p, FS_RND_NEAREST, &iv), FS_CONSISTENT);
    assert_q(&iv.lo, 953385, 1000);
    assert_q(&iv.hi, 953395, 1000);
    assert_false(iv.lo_open);
    assert_false(iv.hi_open);

    /* truncate: [953.39, 953.40) */
    assert_int_equal(fs_printed_interval(&p, FS_RND_TRUNCATE, &iv), FS_CONSISTENT);
    assert_q(&iv.lo, 95339, 100);
    assert_q(&iv.hi, 95340, 100);
    assert_false(iv.lo_open);
    assert_true(iv.hi_open);

    /* either: [953.385, 953.40) */
    assert_int_equal(fs_printed_interval(&p, FS_RND_EITHER, &iv), FS_CONSISTENT);
    assert_q(&iv.lo, 953385, 1000);
    assert_q(&iv.hi, 95340, 100);
    assert_false(iv.lo_open);
    assert_true(iv.hi_open);

    /* 352万元: [351.5, 352.5]; 55.3%: [55.25, 55.35] */
    p = fig(352, 0, WAN);
    assert_int_equal(fs_printed_interval(&p, FS_RND_NEAREST, &iv), FS_CONSISTENT);
    assert_q(&iv.lo, 3515, 10);
    assert_q(&iv.hi, 3525, 10);
    p = fig(553, 1, PCT);
    assert_int_equal(fs_printed_interval(&p, FS_RND_NEAREST, &iv), FS_CONSISTENT);
    assert_q(&iv.lo, 5525, 100);
    assert_q(&iv.hi, 5535, 100);

    /* a negative value cut toward zero: -1.25 stands for (-1.26, -1.25] */
    p = fig(-125, 2, 0);
    assert_int_equal(fs_printed_interval(&p, FS_RND_TRUNCATE, &iv), FS_CONSISTENT);
    assert_q(&iv.lo, -126, 100);
    assert_q(&iv.hi, -125, 100);
    assert_true(iv.lo_open);
    assert_false(iv.hi_open);

    /* a cut zero: (-0.01, 0.01); an exact figure: a point */
    p = fig(0, 2, 0);
    assert_int_equal(fs_printed_interval(&p, FS_RND_TRUNCATE, &iv), FS_CONSISTENT);
    assert_q(&iv.lo, -1, 100);
    assert_q(&iv.hi, 1, 100);
    assert_true(iv.lo_open && iv.hi_open);
    p = exact(37, 0, 0);
    assert_int_equal(fs_printed_interval(&p, FS_RND_NEAREST, &iv), FS_CONSISTENT);
    assert_q(&iv.lo, 37, 1);
    assert_q(&iv.hi, 37, 1);
    assert_false(iv.lo_open || iv.hi_open);
}

/* ------------------------------------------------------------- growth */

/* "支出953.39万元，同比增加183.39万元，同比增长23.82%".
 * V ∈ [953.385, 953.395], D ∈ [183.385, 183.395], P = 100·D/(V−D):
 *   low  = 100·183.385/(953.395−183.385) = 18338.5/770.010 = 1833850/77001
 *        = 23.8159244…%
 *   high = 100·183.395/(953.385−183.395) = 18339.5/769.990 = 1833950/76999
 *        = 23.8178418…%
 * 23.82 stands for [23.815, 23.825]: meets.  23.81 ([23.805, 23.815]) ends
 * below 23.8159 and 23.83 ([23.825, 23.835]) starts above 23.8179: both are
 * one hundredth outside. */
static void test_growth_953(void **state)
{
    (void)state;
    fs_check c;
    assert_int_equal(growth2(95339, 18339, FS_INCREASE, 2382, 2, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    assert_q(&c.allowed.lo, 1833850, 77001);
    assert_q(&c.allowed.hi, 1833950, 76999);
    assert_false(c.allowed.lo_open || c.allowed.hi_open);
    assert_range(&c, 6, "23.815924", "23.817842");
    assert_q(&c.stated.lo, 23815, 1000);
    assert_q(&c.stated.hi, 23825, 1000);
    assert_int_equal(c.rescue, FS_RESCUE_NONE);

    assert_int_equal(growth2(95339, 18339, FS_INCREASE, 2581, 2, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
    assert_int_equal(growth2(95339, 18339, FS_INCREASE, 2582, 2, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
    assert_int_equal(growth2(95339, 18339, FS_INCREASE, 2383, 2, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
    assert_int_equal(c.rescue, FS_RESCUE_NONE);
    assert_int_equal(growth2(95339, 18339, FS_INCREASE, 2381, 2, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
    /* Cut figures: V ∈ [953.39, 953.40), D ∈ [183.39, 183.40):
     *   low  = 100·183.39/(953.40−183.39) = 18339/770.01 = 23.8165738…% (open:
     *          953.40 is not a value of V)
     *   high = 100·183.40/(953.39−183.40) = 18340/769.99 = 23.8184911…% (open)
     * so a cut 23.81 ([23.81, 23.82)) holds: the report may have cut. */
    assert_int_equal(c.rescue, FS_RESCUE_TRUNCATE);

    assert_int_equal(growth2(95339, 18339, FS_INCREASE, 2381, 2, FS_RND_TRUNCATE, &c),
                     FS_CONSISTENT);
    assert_q(&c.allowed.lo, 1833900, 77001);
    assert_q(&c.allowed.hi, 1834000, 76999);
    assert_true(c.allowed.lo_open && c.allowed.hi_open);
    assert_range(&c, 6, "23.816573", "23.818492");
    /* ... and under cutting, 23.82 ([23.82, 23.83)) is above 23.8185: */
    assert_int_equal(growth2(95339, 18339, FS_INCREASE, 2382, 2, FS_RND_TRUNCATE, &c),
                     FS_INCONSISTENT);
    /* either: V ∈ [953.385, 953.40), D ∈ [183.385, 183.40):
     *   low  = 18338.5/(953.40−183.385) = 18338.5/770.015 = 3667700/154003
     *        = 23.815769…% (open)
     *   high = 18340/(953.385−183.40)  = 18340/769.985 = 23.818646…% (open)
     * < 23.825, so 23.83 fails every reading. */
    assert_int_equal(growth2(95339, 18339, FS_INCREASE, 2383, 2, FS_RND_EITHER, &c),
                     FS_INCONSISTENT);
    assert_q(&c.allowed.lo, 3667700, 154003);
    assert_true(c.allowed.lo_open && c.allowed.hi_open);
    assert_range(&c, 6, "23.815769", "23.818646");
}

/* A fixed band of ±0.5 points would accept 15.31% where the figures give
 * 15.51%: cur 115.51, change +15.51 (prior 100.00).
 *   low  = 1550.5/(115.515−15.505) = 1550.5/100.010 = 15.503449…%
 *   high = 1551.5/(115.505−15.515) = 1551.5/99.990  = 15.516551…%
 * 15.50 ([15.495, 15.505]) and 15.52 ([15.515, 15.525]) just meet;
 * 15.49 and 15.53 do not. */
static void test_growth_band(void **state)
{
    (void)state;
    fs_check c;
    assert_int_equal(growth2(11551, 1551, FS_INCREASE, 1531, 2, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
    assert_int_equal(c.rescue, FS_RESCUE_NONE);
    assert_q(&c.allowed.lo, 155050, 10001);
    assert_q(&c.allowed.hi, 155150, 9999);
    assert_range(&c, 6, "15.503449", "15.516552");
    assert_int_equal(growth2(11551, 1551, FS_INCREASE, 1551, 2, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    assert_int_equal(growth2(11551, 1551, FS_INCREASE, 1550, 2, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    assert_int_equal(growth2(11551, 1551, FS_INCREASE, 1552, 2, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    assert_int_equal(growth2(11551, 1551, FS_INCREASE, 1549, 2, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
    assert_int_equal(growth2(11551, 1551, FS_INCREASE, 1553, 2, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
}

/* 公务接待费0.81万元，同比增加0.19万元: printed once as 30.64% and once as
 * 30.65%.  Point value 0.19/0.62 = 30.645…%; with V ∈ [0.805, 0.815],
 * D ∈ [0.185, 0.195]:
 *   low  = 18.5/(0.815−0.185) = 18.5/0.63 = 1850/63 = 29.365079…%
 *   high = 19.5/(0.805−0.195) = 19.5/0.61 = 1950/61 = 31.967213…%
 * Both printings hold; so do 29.37 and 31.97, but not 29.36 ([29.355,
 * 29.365], below 29.36508) nor 31.98 ([31.975, 31.985]). */
static void test_growth_reception(void **state)
{
    (void)state;
    fs_check c;
    assert_int_equal(growth2(81, 19, FS_INCREASE, 3064, 2, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 1850, 63);
    assert_q(&c.allowed.hi, 1950, 61);
    assert_range(&c, 4, "29.3650", "31.9673");
    assert_int_equal(growth2(81, 19, FS_INCREASE, 3065, 2, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_int_equal(growth2(81, 19, FS_INCREASE, 2937, 2, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_int_equal(growth2(81, 19, FS_INCREASE, 2936, 2, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
    assert_int_equal(growth2(81, 19, FS_INCREASE, 3197, 2, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_int_equal(growth2(81, 19, FS_INCREASE, 3198, 2, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
}

/* 办公费2.88万元，同比增加0.86万元，同比增长42.33%.  The point value
 * 0.86/2.02 = 42.57% differs, but V ∈ [2.875, 2.885], D ∈ [0.855, 0.865]:
 *   low  = 85.5/(2.885−0.855) = 85.5/2.03 = 8550/203 = 42.118226…%
 *   high = 86.5/(2.875−0.865) = 86.5/2.01 = 8650/201 = 43.034825…%
 * 42.33 holds.  42.11 ([42.105, 42.115]) fails, 42.12 holds; 43.03
 * ([43.025, 43.035]) holds, 43.04 fails. */
static void test_growth_office(void **state)
{
    (void)state;
    fs_check c;
    assert_int_equal(growth2(288, 86, FS_INCREASE, 4233, 2, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 8550, 203);
    assert_q(&c.allowed.hi, 8650, 201);
    assert_int_equal(growth2(288, 86, FS_INCREASE, 4211, 2, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
    assert_int_equal(growth2(288, 86, FS_INCREASE, 4212, 2, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_int_equal(growth2(288, 86, FS_INCREASE, 4303, 2, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_int_equal(growth2(288, 86, FS_INCREASE, 4304, 2, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
}

/* 水费0.58万元，同比减少0.02万元，同比下降3.33%: P = 100·D/(V+D), point
 * value 0.02/0.60 = 3.33%.  V ∈ [0.575, 0.585], D ∈ [0.015, 0.025]:
 *   low  = 1.5/(0.585+0.015) = 1.5/0.6 = 5/2 = 2.5% exactly (a closed corner)
 *   high = 2.5/(0.575+0.025) = 2.5/0.6 = 25/6 = 4.1666…%
 * 2.49 ([2.485, 2.495]) fails, 2.50 holds, 4.17 ([4.165, 4.175]) holds,
 * 4.18 fails. */
static void test_growth_water_decrease(void **state)
{
    (void)state;
    fs_check c;
    assert_int_equal(growth2(58, 2, FS_DECREASE, 333, 2, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 5, 2);
    assert_q(&c.allowed.hi, 25, 6);
    assert_false(c.allowed.lo_open || c.allowed.hi_open);
    assert_int_equal(growth2(58, 2, FS_DECREASE, 249, 2, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    assert_int_equal(growth2(58, 2, FS_DECREASE, 250, 2, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_int_equal(growth2(58, 2, FS_DECREASE, 417, 2, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_int_equal(growth2(58, 2, FS_DECREASE, 418, 2, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    /* read as an increase the same figures give 0.02/0.56 = 3.57%: the
     * direction matters (low = 1.5/(0.585−0.015) = 2.63…%, high = 2.5/0.55
     * = 4.54…%, so 3.33 still meets — but 2.55 does not). */
    assert_int_equal(growth2(58, 2, FS_INCREASE, 255, 2, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    assert_int_equal(growth2(58, 2, FS_DECREASE, 255, 2, FS_RND_NEAREST, &c), FS_CONSISTENT);
}

/* 项目支出352万元…同比减少25万元，同比下降6.63%: whole 万元, so
 * V ∈ [351.5, 352.5], D ∈ [24.5, 25.5]:
 *   low  = 2450/(352.5+24.5) = 2450/377 = 6.498673…%
 *   high = 2550/(351.5+25.5) = 2550/377 = 6.763925…%
 * 6.63 holds; 6.49 ([6.485, 6.495]) fails, 6.50 holds; 6.76 holds, 6.77
 * ([6.765, 6.775]) fails. */
static void test_growth_project_whole_units(void **state)
{
    (void)state;
    fs_check c;
    fs_printed v = fig(352, 0, WAN), d = fig(25, 0, WAN);
    fs_printed p = fig(663, 2, PCT);
    assert_int_equal(fs_check_growth(&v, &d, FS_DECREASE, &p, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    assert_q(&c.allowed.lo, 2450, 377);
    assert_q(&c.allowed.hi, 2550, 377);
    p = fig(649, 2, PCT);
    assert_int_equal(fs_check_growth(&v, &d, FS_DECREASE, &p, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
    p = fig(650, 2, PCT);
    assert_int_equal(fs_check_growth(&v, &d, FS_DECREASE, &p, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    p = fig(676, 2, PCT);
    assert_int_equal(fs_check_growth(&v, &d, FS_DECREASE, &p, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    p = fig(677, 2, PCT);
    assert_int_equal(fs_check_growth(&v, &d, FS_DECREASE, &p, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
}

/* 其他商品和服务支出29.13万元，同比增加16.25万元，同比增长126.20%.
 * Point value 16.25/12.88 = 126.16%; V ∈ [29.125, 29.135], D ∈ [16.245,
 * 16.255]:
 *   low  = 1624.5/(29.135−16.245) = 1624.5/12.89 = 162450/1289 = 126.027928…%
 *   high = 1625.5/(29.125−16.255) = 1625.5/12.87 = 162550/1287 = 126.301476…%
 * 126.20 holds; 126.02 ([126.015, 126.025]) fails, 126.03 holds; 126.30
 * holds, 126.31 fails. */
static void test_growth_other_goods(void **state)
{
    (void)state;
    fs_check c;
    assert_int_equal(growth2(2913, 1625, FS_INCREASE, 12620, 2, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    assert_q(&c.allowed.lo, 162450, 1289);
    assert_q(&c.allowed.hi, 162550, 1287);
    assert_int_equal(growth2(2913, 1625, FS_INCREASE, 12602, 2, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
    assert_int_equal(growth2(2913, 1625, FS_INCREASE, 12603, 2, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    assert_int_equal(growth2(2913, 1625, FS_INCREASE, 12630, 2, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    assert_int_equal(growth2(2913, 1625, FS_INCREASE, 12631, 2, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
}

/* A decrease to zero is a fall of exactly 100%. */
static void test_growth_decrease_to_zero(void **state)
{
    (void)state;
    fs_check c;
    /* cur exactly 0 (nothing left), change 4万元: P = D/(0+D) = 100% for
     * every D in [3.5, 4.5]: the range is the point 100. */
    fs_printed v = exact(0, 0, WAN), d = fig(4, 0, WAN), p = fig(100, 0, PCT);
    assert_int_equal(fs_check_growth(&v, &d, FS_DECREASE, &p, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    assert_q(&c.allowed.lo, 100, 1);
    assert_q(&c.allowed.hi, 100, 1);
    assert_false(c.allowed.lo_open || c.allowed.hi_open);
    p = fig(99, 0, PCT); /* [98.5, 99.5] */
    assert_int_equal(fs_check_growth(&v, &d, FS_DECREASE, &p, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
    assert_int_equal(fs_check_growth(&v, &d, FS_DECREASE, &p, FS_RND_EITHER, &c),
                     FS_INCONSISTENT);

    /* cur printed 0.00 (rounded), change 4.00: V ∈ [-0.005, 0.005],
     * D ∈ [3.995, 4.005]:
     *   low  = 399.5/(0.005+3.995) = 399.5/4 = 99.875%
     *   high = 400.5/(-0.005+4.005) = 400.5/4.000 = 100.125%
     * (the formula with a negative cur: the module does not assume signs). */
    assert_int_equal(growth2(0, 400, FS_DECREASE, 100, 0, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 799, 8);
    assert_q(&c.allowed.hi, 39950, 399);
    assert_int_equal(growth2(0, 400, FS_DECREASE, 99, 0, FS_RND_NEAREST, &c), FS_INCONSISTENT);

    /* with whole 万元 and a rounded 0, 99% is possible: cur 0.4, change 3.6
     * → 3.6/4.0 = 90%; the range is [3.5/4, 3.5/3] = [87.5%, 116.66…%]. */
    v = fig(0, 0, WAN);
    assert_int_equal(fs_check_growth(&v, &d, FS_DECREASE, &p, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    assert_q(&c.allowed.lo, 175, 2);
    assert_q(&c.allowed.hi, 350, 3);
}

/* Growth from zero has no value: "增加0.3万元，增长100%" with cur 0.3万元
 * (prior V−D ∈ [0.25−0.35, 0.35−0.25] = [-0.1, 0.1] contains 0). */
static void test_growth_from_zero_undefined(void **state)
{
    (void)state;
    fs_check c;
    fs_printed v = fig(3, 1, WAN), d = fig(3, 1, WAN), p = fig(100, 0, PCT);
    assert_int_equal(fs_check_growth(&v, &d, FS_INCREASE, &p, FS_RND_NEAREST, &c),
                     FS_UNDEFINED);
    assert_int_equal(c.verdict, FS_UNDEFINED);
    assert_false(c.has_range);
    assert_int_equal(fs_check_growth(&v, &d, FS_INCREASE, &p, FS_RND_TRUNCATE, &c),
                     FS_UNDEFINED);
    /* cut figures 0.31 and 0.30: prior ∈ (0.31−0.31, 0.32−0.30) = (0, 0.02):
     * never 0, but arbitrarily close to it: no bound, still undefined. */
    v = fig(31, 2, WAN);
    d = fig(30, 2, WAN);
    assert_int_equal(fs_check_growth(&v, &d, FS_INCREASE, &p, FS_RND_TRUNCATE, &c),
                     FS_UNDEFINED);
    /* rounded, prior ∈ [0.305−0.305, 0.315−0.295] = [0, 0.02]: 0 again */
    assert_int_equal(fs_check_growth(&v, &d, FS_INCREASE, &p, FS_RND_NEAREST, &c),
                     FS_UNDEFINED);
    /* share of a whole that can be zero */
    fs_printed part = fig(1, 0, WAN), whole = fig(0, 0, WAN);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_NEAREST, &c), FS_UNDEFINED);
}

/* A change printed as a cut 0.00 may be exactly 0, so a growth of exactly
 * 0% is reachable, while the upper end stays open. */
static void test_growth_zero_change_truncated(void **state)
{
    (void)state;
    fs_check c;
    /* V ∈ [5.00, 5.01), D = cut 0.00 ∈ (−0.01, 0.01) taken as a magnitude
     * [0, 0.01): P ∈ [0, 100·0.01/(5.00−0.01)) = [0, 100/499) =
     * [0, 0.2004…%): 0 at the closed corner (5.00, 0), the top open. */
    assert_int_equal(growth2(500, 0, FS_INCREASE, 0, 2, FS_RND_TRUNCATE, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 0, 1);
    assert_false(c.allowed.lo_open);
    assert_q(&c.allowed.hi, 100, 499);
    assert_true(c.allowed.hi_open);
    /* a cut 0.20 ([0.20, 0.21)) meets [0, 0.2004): holds; 0.21 does not */
    assert_int_equal(growth2(500, 0, FS_INCREASE, 20, 2, FS_RND_TRUNCATE, &c), FS_CONSISTENT);
    assert_int_equal(growth2(500, 0, FS_INCREASE, 21, 2, FS_RND_TRUNCATE, &c),
                     FS_INCONSISTENT);
}

/* -------------------------------------------------------------- prior */

/* 953.39 = prior + 183.39 → prior ∈ [953.385−183.395, 953.395−183.385] =
 * [769.99, 770.01]; 770.00 and 770.01 hold, 770.02 ([770.015, 770.025])
 * fails; under cutting prior ∈ (953.39−183.40, 953.40−183.39) = (769.99,
 * 770.01) and a cut 769.99 ([769.99, 770.00)) holds, a cut 770.01 fails. */
static void test_prior(void **state)
{
    (void)state;
    fs_check c;
    fs_printed v = fig(95339, 2, WAN), d = fig(18339, 2, WAN), r = fig(77000, 2, WAN);
    assert_int_equal(fs_check_prior(&v, &d, FS_INCREASE, &r, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    assert_q(&c.allowed.lo, 76999, 100);
    assert_q(&c.allowed.hi, 77001, 100);
    r = fig(77001, 2, WAN);
    assert_int_equal(fs_check_prior(&v, &d, FS_INCREASE, &r, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    r = fig(77002, 2, WAN);
    assert_int_equal(fs_check_prior(&v, &d, FS_INCREASE, &r, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
    r = fig(76999, 2, WAN);
    assert_int_equal(fs_check_prior(&v, &d, FS_INCREASE, &r, FS_RND_TRUNCATE, &c),
                     FS_CONSISTENT);
    assert_true(c.allowed.lo_open && c.allowed.hi_open);
    r = fig(77001, 2, WAN);
    assert_int_equal(fs_check_prior(&v, &d, FS_INCREASE, &r, FS_RND_TRUNCATE, &c),
                     FS_INCONSISTENT);

    /* 水费0.58 −0.02: prior ∈ [0.575+0.015, 0.585+0.025] = [0.59, 0.61] */
    v = fig(58, 2, WAN);
    d = fig(2, 2, WAN);
    r = fig(60, 2, WAN);
    assert_int_equal(fs_check_prior(&v, &d, FS_DECREASE, &r, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    r = fig(56, 2, WAN); /* the increase reading */
    assert_int_equal(fs_check_prior(&v, &d, FS_DECREASE, &r, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);

    /* units mixed: 36.27万元, 同比增加5.9万元 → prior in 元.
     * prior ∈ [36.265−5.95, 36.275−5.85] = [30.315, 30.425]万元
     *        = [303150, 304250]元: 303700元 holds, 304250元 ([304249.5,
     *        304250.5]) just meets, 304251元 fails. */
    v = fig(3627, 2, WAN);
    d = fig(59, 1, WAN);
    r = fig(303700, 0, 0);
    assert_int_equal(fs_check_prior(&v, &d, FS_INCREASE, &r, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    assert_q(&c.allowed.lo, 303150, 1);
    assert_q(&c.allowed.hi, 304250, 1);
    r = fig(304250, 0, 0);
    assert_int_equal(fs_check_prior(&v, &d, FS_INCREASE, &r, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    r = fig(304251, 0, 0);
    assert_int_equal(fs_check_prior(&v, &d, FS_INCREASE, &r, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
}

/* -------------------------------------------------------------- share */

/* 201类 361.37万元，占一般公共预算(953.39万元)37.9%: 361.37/953.39 =
 * 37.9037%; range [361.365/953.395, 361.375/953.385] = [7227300/190679,
 * 7227500/190677] = [37.902967…%, 37.904414…%] ⊂ [37.85, 37.95].
 * 208类 534.51万元 56.06%: [534.505/953.395, 534.515/953.385] =
 * [10690100/190679, 10690300/190677] = [56.063331…%, 56.064968…%], which
 * meets [56.055, 56.065] at its low part; 56.07 and 56.05 fail. */
static void test_share(void **state)
{
    (void)state;
    fs_check c;
    fs_printed whole = fig(95339, 2, WAN);
    fs_printed part = fig(36137, 2, WAN), p = fig(379, 1, PCT);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 7227300, 190679);
    assert_q(&c.allowed.hi, 7227500, 190677);
    assert_range(&c, 6, "37.902967", "37.904415");
    p = fig(378, 1, PCT);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_NEAREST, &c), FS_INCONSISTENT);

    part = fig(53451, 2, WAN);
    p = fig(5606, 2, PCT);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 10690100, 190679);
    assert_q(&c.allowed.hi, 10690300, 190677);
    p = fig(5607, 2, PCT);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    p = fig(5605, 2, PCT);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    /* cut: (534.51/953.40, 534.52/953.39) = (56.0635…%, 56.0652…%), both
     * ends open (953.40 and 534.52 are out of reach); a cut 56.06 ([56.06,
     * 56.07)) holds, a cut 56.07 does not. */
    p = fig(5606, 2, PCT);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_TRUNCATE, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 5345100, 95340);
    assert_q(&c.allowed.hi, 5345200, 95339);
    assert_true(c.allowed.lo_open && c.allowed.hi_open);
    p = fig(5607, 2, PCT);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_TRUNCATE, &c), FS_INCONSISTENT);

    /* units mixed: 人员经费31.46万元 of 362700元 = 86.74%:
     * [314550/362700.5, 314650/362699.5] = [62910000/725401,
     * 62930000/725399] = [86.724446…%, 86.752256…%]: 86.74 and 86.72
     * ([86.715, 86.725]) hold, 86.71 and 86.76 fail. */
    part = fig(3146, 2, WAN);
    whole = fig(362700, 0, 0);
    p = fig(8674, 2, PCT);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 62910000, 725401);
    assert_q(&c.allowed.hi, 62930000, 725399);
    p = fig(8672, 2, PCT);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_NEAREST, &c), FS_CONSISTENT);
    p = fig(8671, 2, PCT);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    p = fig(8676, 2, PCT);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_NEAREST, &c), FS_INCONSISTENT);

    /* a plain ratio in its own unit: 36.27万元 / 86人 = 0.42万元 per person
     * (0.421744…; range [36.265/86, 36.275/86] = [0.421686…, 0.421802…]),
     * so 0.42 holds and 0.43 fails. */
    fs_printed total = fig(3627, 2, WAN), heads = exact(86, 0, 0), per = fig(42, 2, WAN);
    assert_int_equal(fs_check_ratio(&total, &heads, &per, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 36265, 86000);
    assert_q(&c.allowed.hi, 36275, 86000);
    per = fig(43, 2, WAN);
    assert_int_equal(fs_check_ratio(&total, &heads, &per, FS_RND_NEAREST, &c), FS_INCONSISTENT);
}

/* ---------------------------------------------------------------- sums */

/* 基本支出601.39万元 = 人员经费546.83 + 公用经费54.56 exactly.
 * nearest: parts ∈ [546.825+54.555, 546.835+54.565] = [601.38, 601.40];
 *   601.40 ([601.395, 601.405]) and 601.38 hold, 601.41 and 601.37 fail.
 * cut: parts ∈ [601.39, 601.41): 601.40 holds, 601.41 ([601.41, 601.42))
 *   fails (601.41 itself is not reachable), 601.38 ([601.38, 601.39)) fails
 *   (601.39 is not a value of the total). */
static void test_sum_basic(void **state)
{
    (void)state;
    fs_check c;
    fs_printed parts[2] = {fig(54683, 2, WAN), fig(5456, 2, WAN)};
    fs_printed t = fig(60139, 2, WAN);
    assert_int_equal(fs_check_sum(parts, 2, &t, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 60138, 100);
    assert_q(&c.allowed.hi, 60140, 100);
    static const int64_t near_ok[] = {60138, 60139, 60140}, near_bad[] = {60137, 60141};
    for (size_t i = 0; i < 3; i++) {
        t = fig(near_ok[i], 2, WAN);
        assert_int_equal(fs_check_sum(parts, 2, &t, FS_RND_NEAREST, &c), FS_CONSISTENT);
    }
    for (size_t i = 0; i < 2; i++) {
        t = fig(near_bad[i], 2, WAN);
        assert_int_equal(fs_check_sum(parts, 2, &t, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    }
    static const int64_t cut_ok[] = {60139, 60140}, cut_bad[] = {60138, 60141};
    for (size_t i = 0; i < 2; i++) {
        t = fig(cut_ok[i], 2, WAN);
        assert_int_equal(fs_check_sum(parts, 2, &t, FS_RND_TRUNCATE, &c), FS_CONSISTENT);
    }
    for (size_t i = 0; i < 2; i++) {
        t = fig(cut_bad[i], 2, WAN);
        assert_int_equal(fs_check_sum(parts, 2, &t, FS_RND_TRUNCATE, &c), FS_INCONSISTENT);
    }
    t = fig(60141, 2, WAN);
    assert_int_equal(fs_check_sum(parts, 2, &t, FS_RND_TRUNCATE, &c), FS_INCONSISTENT);
    assert_q(&c.allowed.lo, 60139, 100);
    assert_q(&c.allowed.hi, 60141, 100);
    assert_false(c.allowed.lo_open);
    assert_true(c.allowed.hi_open);
}

/* Three parts carry three half units; the total one more: 1.00 + 2.00 +
 * 3.00 ∈ [5.985, 6.015]; a total 6.02 ([6.015, 6.025]) meets at exactly
 * 6.015 (every figure at its closed end); 6.03 — one hundredth more than
 * that — fails, as does 5.97.  Four parts 1.00 each ∈ [3.98, 4.02]: 4.03
 * fails rounded but holds cut ([4.00, 4.04) vs [4.03, 4.04)). */
static void test_sum_three_parts(void **state)
{
    (void)state;
    fs_check c;
    fs_printed parts[3] = {fig(100, 2, 0), fig(200, 2, 0), fig(300, 2, 0)};
    fs_printed t = fig(602, 2, 0);
    assert_int_equal(fs_check_sum(parts, 3, &t, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 5985, 1000);
    assert_q(&c.allowed.hi, 6015, 1000);
    t = fig(603, 2, 0);
    assert_int_equal(fs_check_sum(parts, 3, &t, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    t = fig(598, 2, 0);
    assert_int_equal(fs_check_sum(parts, 3, &t, FS_RND_NEAREST, &c), FS_CONSISTENT);
    t = fig(597, 2, 0);
    assert_int_equal(fs_check_sum(parts, 3, &t, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    /* cut: [6.00, 6.03): 6.02 holds, 6.03 and 5.99 fail */
    t = fig(602, 2, 0);
    assert_int_equal(fs_check_sum(parts, 3, &t, FS_RND_TRUNCATE, &c), FS_CONSISTENT);
    t = fig(603, 2, 0);
    assert_int_equal(fs_check_sum(parts, 3, &t, FS_RND_TRUNCATE, &c), FS_INCONSISTENT);
    t = fig(599, 2, 0);
    assert_int_equal(fs_check_sum(parts, 3, &t, FS_RND_TRUNCATE, &c), FS_INCONSISTENT);

    fs_printed four[4] = {fig(100, 2, 0), fig(100, 2, 0), fig(100, 2, 0), fig(100, 2, 0)};
    t = fig(403, 2, 0);
    assert_int_equal(fs_check_sum(four, 4, &t, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    assert_int_equal(c.rescue, FS_RESCUE_TRUNCATE);
    /* 3.97 fails rounded ([3.965, 3.975] vs 3.98) and cut ([3.97, 3.98) vs
     * [4.00, 4.04)); mixed, parts ∈ [3.98, 4.04) and the total rounded or
     * cut ∈ [3.965, 3.98): 3.98 is not a value of the total: no rescue. */
    t = fig(397, 2, 0);
    assert_int_equal(fs_check_sum(four, 4, &t, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    assert_int_equal(c.rescue, FS_RESCUE_NONE);
    /* total 3.98: rounded [3.975, 3.985] meets [3.98, 4.02]; cut [3.98,
     * 3.99) misses [4.00, 4.04). */
    t = fig(398, 2, 0);
    assert_int_equal(fs_check_sum(four, 4, &t, FS_RND_TRUNCATE, &c), FS_INCONSISTENT);
    assert_int_equal(fs_check_sum(four, 4, &t, FS_RND_NEAREST, &c), FS_CONSISTENT);
}

/* Which reading rescues a relation that fails with rounding to nearest. */
static void test_rescue_either(void **state)
{
    (void)state;
    fs_check c;
    /* parts 1.00 and 1.00 (two decimals), total 2.0150 (four decimals):
     * rounded: parts [1.99, 2.01], total [2.01495, 2.01505]: no;
     * cut: parts [2.00, 2.02), total [2.0150, 2.0151): holds → TRUNCATE.
     * Total 1.9850: rounded [1.98495, 1.98505] vs [1.99, 2.01]: no; cut
     * [1.9850, 1.9851) vs [2.00, 2.02): no; mixed: parts [1.99, 2.02), total
     * [1.98495, 1.9851): no → NONE. */
    fs_printed parts[2] = {fig(100, 2, 0), fig(100, 2, 0)};
    fs_printed t = fig(20150, 4, 0);
    assert_int_equal(fs_check_sum(parts, 2, &t, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    assert_int_equal(c.rescue, FS_RESCUE_TRUNCATE);
    t = fig(19850, 4, 0);
    assert_int_equal(fs_check_sum(parts, 2, &t, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    assert_int_equal(c.rescue, FS_RESCUE_NONE);

    /* Only the mixed reading: part 1.00 of whole 3.00 printed as 33.7%.
     * rounded: [0.995/3.005, 1.005/2.995] = [33.111…%, 33.555…%] vs
     *   [33.65, 33.75]: no;
     * cut: part [1.00, 1.01), whole [3.00, 3.01), stated [33.7, 33.8):
     *   ratio ∈ (1.00/3.01, 1.01/3.00) = (33.222…%, 33.666…%): no;
     * either: part [0.995, 1.01), whole [2.995, 3.01), stated [33.65, 33.8):
     *   top 101/2.995 = 20200/599 = 33.7228…% (open) meets it: e.g. the part
     *   was cut and the whole and the percent rounded. */
    fs_printed part = fig(100, 2, 0), whole = fig(300, 2, 0), p = fig(337, 1, PCT);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    assert_int_equal(c.rescue, FS_RESCUE_EITHER);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_TRUNCATE, &c), FS_INCONSISTENT);
    assert_int_equal(fs_check_share(&part, &whole, &p, FS_RND_EITHER, &c), FS_CONSISTENT);
    assert_q(&c.allowed.hi, 20200, 599);
    assert_true(c.allowed.hi_open);
}

/* 单位人员编制总数为86人，其中：行政编制37人，事业编制40人，工勤编制9人.
 * Counts are exact: 37+40+9 = 86 holds, 85 and 87 fail.  Read as rounded
 * integers the parts would reach [84.5, 87.5] and a wrong 85 would pass —
 * hence exact figures. */
static void test_sum_headcount(void **state)
{
    (void)state;
    fs_check c;
    fs_printed parts[3] = {exact(37, 0, 0), exact(40, 0, 0), exact(9, 0, 0)};
    fs_printed t = exact(86, 0, 0);
    assert_int_equal(fs_check_sum(parts, 3, &t, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 86, 1);
    assert_q(&c.allowed.hi, 86, 1);
    t = exact(85, 0, 0);
    assert_int_equal(fs_check_sum(parts, 3, &t, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    assert_int_equal(c.rescue, FS_RESCUE_NONE);
    t = exact(87, 0, 0);
    assert_int_equal(fs_check_sum(parts, 3, &t, FS_RND_TRUNCATE, &c), FS_INCONSISTENT);
    /* the same digits with rounding: [36.5+39.5+8.5, 37.5+40.5+9.5] =
     * [84.5, 87.5], and 85 ([84.5, 85.5]) passes */
    fs_printed loose[3] = {fig(37, 0, 0), fig(40, 0, 0), fig(9, 0, 0)};
    t = fig(85, 0, 0);
    assert_int_equal(fs_check_sum(loose, 3, &t, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_int_equal(fs_check_sum(loose, 3, &t, FS_RND_EXACT, &c), FS_INCONSISTENT);
}

/* 36.27万元 = 人员经费31.46万元 + 日常公用经费4.81万元, total in 元:
 * parts ∈ [31.455+4.805, 31.465+4.815] = [36.26, 36.28]万元 =
 * [362600, 362800]元; 362700元 holds, 362800元 ([362799.5, 362800.5]) meets
 * at 362800, 362801元 fails. */
static void test_sum_units(void **state)
{
    (void)state;
    fs_check c;
    fs_printed parts[2] = {fig(3146, 2, WAN), fig(481, 2, WAN)};
    fs_printed t = fig(362700, 0, 0);
    assert_int_equal(fs_check_sum(parts, 2, &t, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 362600, 1);
    assert_q(&c.allowed.hi, 362800, 1);
    t = fig(362800, 0, 0);
    assert_int_equal(fs_check_sum(parts, 2, &t, FS_RND_NEAREST, &c), FS_CONSISTENT);
    t = fig(362801, 0, 0);
    assert_int_equal(fs_check_sum(parts, 2, &t, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    /* and the other way round: 362700元 as a part of a total in 万元 */
    fs_printed mixed[2] = {fig(314600, 0, 0), fig(481, 2, WAN)};
    t = fig(3627, 2, WAN);
    assert_int_equal(fs_check_sum(mixed, 2, &t, FS_RND_NEAREST, &c), FS_CONSISTENT);
    /* parts ∈ [314599.5+48050, 314600.5+48150] = [362649.5, 362750.5]元
     * = [36.26495, 36.27505]万元; 36.29 ([36.285, 36.295]) misses */
    t = fig(3629, 2, WAN);
    assert_int_equal(fs_check_sum(mixed, 2, &t, FS_RND_NEAREST, &c), FS_INCONSISTENT);
}

/* Signed changes: -1.00 + -2.00.  Cut toward zero each is (v−0.01, v], the
 * sum (-3.02, -3.00]; a cut total -3.01 ((-3.02, -3.01]) holds, -3.02
 * ((-3.03, -3.02]) fails — -3.02 is excluded on both sides.  Rounded the
 * sum is [-3.01, -2.99]: -3.02 ([-3.025, -3.015]) fails too. */
static void test_change_sum_signed(void **state)
{
    (void)state;
    fs_check c;
    fs_printed ch[2] = {fig(-100, 2, WAN), fig(-200, 2, WAN)};
    fs_printed t = fig(-301, 2, WAN);
    assert_int_equal(fs_check_change_sum(ch, 2, &t, FS_RND_TRUNCATE, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, -302, 100);
    assert_q(&c.allowed.hi, -300, 100);
    assert_true(c.allowed.lo_open);
    assert_false(c.allowed.hi_open);
    t = fig(-302, 2, WAN);
    assert_int_equal(fs_check_change_sum(ch, 2, &t, FS_RND_TRUNCATE, &c), FS_INCONSISTENT);
    assert_int_equal(fs_check_change_sum(ch, 2, &t, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    t = fig(-300, 2, WAN);
    assert_int_equal(fs_check_change_sum(ch, 2, &t, FS_RND_TRUNCATE, &c), FS_CONSISTENT);
    /* mixed signs: +1.00 − 2.00 = −1.00 */
    fs_printed mix[2] = {fig(100, 2, WAN), fig(-200, 2, WAN)};
    t = fig(-100, 2, WAN);
    assert_int_equal(fs_check_change_sum(mix, 2, &t, FS_RND_NEAREST, &c), FS_CONSISTENT);
    t = fig(-103, 2, WAN); /* [-1.035, -1.025] vs [-1.01, -0.99] */
    assert_int_equal(fs_check_change_sum(mix, 2, &t, FS_RND_NEAREST, &c), FS_INCONSISTENT);
}

/* 基本支出占63.08%，项目支出占36.92%: 100.00.  Rounded the shares reach
 * [63.075+36.915, 63.085+36.925] = [99.99, 100.01].  63.08+36.93 = 100.01
 * holds at the edge ([100.00, 100.02]); 63.08+36.94 ([100.01, 100.03])
 * fails.  Cut: 63.07+36.91 ∈ [99.98, 100.00): 100 is just out of reach. */
static void test_share_sum(void **state)
{
    (void)state;
    fs_check c;
    fs_printed s[2] = {fig(6308, 2, PCT), fig(3692, 2, PCT)};
    assert_int_equal(fs_check_share_sum(s, 2, FS_RND_NEAREST, &c), FS_CONSISTENT);
    assert_q(&c.allowed.lo, 9999, 100);
    assert_q(&c.allowed.hi, 10001, 100);
    assert_q(&c.stated.lo, 100, 1);
    assert_q(&c.stated.hi, 100, 1);
    s[1] = fig(3693, 2, PCT);
    assert_int_equal(fs_check_share_sum(s, 2, FS_RND_NEAREST, &c), FS_CONSISTENT);
    s[1] = fig(3694, 2, PCT);
    assert_int_equal(fs_check_share_sum(s, 2, FS_RND_NEAREST, &c), FS_INCONSISTENT);
    s[0] = fig(6307, 2, PCT);
    s[1] = fig(3691, 2, PCT);
    assert_int_equal(fs_check_share_sum(s, 2, FS_RND_TRUNCATE, &c), FS_INCONSISTENT);
    assert_true(c.allowed.hi_open);
    s[1] = fig(3692, 2, PCT); /* [99.99, 100.01) */
    assert_int_equal(fs_check_share_sum(s, 2, FS_RND_TRUNCATE, &c), FS_CONSISTENT);
}

/* ------------------------------------------------------------- limits */

static void test_limits(void **state)
{
    (void)state;
    fs_check c;
    fs_printed ok = fig(100, 2, WAN), p = fig(10, 0, PCT);
    fs_printed big = fig(1000000000000000000LL, 0, 0);
    fs_printed bad_scale = fig(1, 10, 0), bad_unit = fig(1, 0, 9), neg = fig(-5, 2, WAN);
    assert_int_equal(fs_check_growth(&big, &ok, FS_INCREASE, &p, FS_RND_NEAREST, &c),
                     FS_CANNOT_CHECK);
    assert_int_equal(c.verdict, FS_CANNOT_CHECK);
    assert_int_equal(fs_check_growth(&ok, &bad_scale, FS_INCREASE, &p, FS_RND_NEAREST, &c),
                     FS_CANNOT_CHECK);
    assert_int_equal(fs_check_share(&ok, &ok, &bad_unit, FS_RND_NEAREST, &c), FS_CANNOT_CHECK);
    /* a change is a magnitude */
    assert_int_equal(fs_check_growth(&ok, &neg, FS_DECREASE, &p, FS_RND_NEAREST, &c),
                     FS_CANNOT_CHECK);
    assert_int_equal(fs_check_sum(&ok, 0, &ok, FS_RND_NEAREST, &c), FS_CANNOT_CHECK);
    assert_int_equal(fs_check_sum(NULL, 1, &ok, FS_RND_NEAREST, &c), FS_CANNOT_CHECK);
    assert_int_equal(fs_check_growth(NULL, &ok, FS_INCREASE, &p, FS_RND_NEAREST, &c),
                     FS_CANNOT_CHECK);
    assert_int_equal(fs_check_sum(&ok, 1, &ok, FS_RND_NEAREST, NULL), FS_CANNOT_CHECK);
    fs_interval iv;
    assert_int_equal(fs_printed_interval(&big, FS_RND_NEAREST, &iv), FS_CANNOT_CHECK);
}

/* The widest figures inside the limits are checked exactly.
 * cur V = 999999999999999999 × 10^-9 ‰ (e = -12, V ≈ 10^6), change D =
 * 999999999999999999 亿 (e = 8, ≈ 10^26): a grid spread of 20 decades.
 * P = 100·D/(V−D) = −100/(1 − V/D) ≈ −100·(1 + 10^-20)%, and exactly
 *   low  = 100·(D+h)/((V−hv)−(D+h)) = −100.000000000000000001000000000001…%
 *   high = 100·(D−h)/((V+hv)−(D−h)) = −100.000000000000000000999999999999…%
 * (h = 0.5亿, hv = 0.5·10^-12; V/D = 10^-20 · (1 ± 10^-12…) gives the 31st
 * digits).  Corner products reach 2^254.5 and the range in percent needs
 * products beyond 2^256: those comparisons go through Euclid's algorithm. */
static void test_extreme_but_exact(void **state)
{
    (void)state;
    fs_check c;
    const int64_t m = 999999999999999999LL;
    fs_printed v = fig(m, 9, -3), d = fig(m, 0, 8);
    fs_printed p = fig(-10000, 2, PCT);
    assert_int_equal(fs_check_growth(&v, &d, FS_INCREASE, &p, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    assert_range(&c, 30, "-100.000000000000000001000000000001",
                 "-100.000000000000000000999999999999");
    p = fig(-10001, 2, PCT);
    assert_int_equal(fs_check_growth(&v, &d, FS_INCREASE, &p, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);
    /* and 5% is no growth of these figures */
    p = fig(5, 0, PCT);
    assert_int_equal(fs_check_growth(&v, &d, FS_INCREASE, &p, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);

    /* a share across the same spread: 10^6 / 10^26 = 10^-18 % */
    fs_printed part = fig(m, 9, -3), whole = fig(m, 0, 8), zero_pct = fig(0, 9, PCT);
    assert_int_equal(fs_check_share(&part, &whole, &zero_pct, FS_RND_NEAREST, &c),
                     FS_CONSISTENT);
    fs_printed tiny_pct = fig(1, 9, PCT); /* [5e-10, 1.5e-9]% */
    assert_int_equal(fs_check_share(&part, &whole, &tiny_pct, FS_RND_NEAREST, &c),
                     FS_INCONSISTENT);

    /* sums of the widest figures: 2 × (10^26 − 1亿) in 亿 */
    fs_printed parts[2] = {fig(m, 0, 8), fig(m, 0, 8)};
    fs_printed t = fig(m, 0, 8);
    assert_int_equal(fs_check_sum(parts, 2, &t, FS_RND_NEAREST, &c), FS_INCONSISTENT);
}

/* ------------------------------------------------------------ display */

static void test_format(void **state)
{
    (void)state;
    char b[64];
    fs_q q = rat(-7, 3); /* -2.3333… */
    assert_int_equal(fs_q_format(&q, 2, FS_Q_FLOOR, b, sizeof b), 0);
    assert_string_equal(b, "-2.34");
    assert_int_equal(fs_q_format(&q, 2, FS_Q_CEIL, b, sizeof b), 0);
    assert_string_equal(b, "-2.33");
    assert_int_equal(fs_q_format(&q, 2, FS_Q_NEAREST, b, sizeof b), 0);
    assert_string_equal(b, "-2.33");
    q = rat(1, 8); /* 0.125: half away from zero */
    assert_int_equal(fs_q_format(&q, 2, FS_Q_NEAREST, b, sizeof b), 0);
    assert_string_equal(b, "0.13");
    assert_int_equal(fs_q_format(&q, 2, FS_Q_FLOOR, b, sizeof b), 0);
    assert_string_equal(b, "0.12");
    q = rat(-1, 8);
    assert_int_equal(fs_q_format(&q, 2, FS_Q_NEAREST, b, sizeof b), 0);
    assert_string_equal(b, "-0.13");
    assert_int_equal(fs_q_format(&q, 0, FS_Q_CEIL, b, sizeof b), 0);
    assert_string_equal(b, "0");
    assert_int_equal(fs_q_format(&q, 0, FS_Q_FLOOR, b, sizeof b), 0);
    assert_string_equal(b, "-1");
    q = rat(5, 1);
    assert_int_equal(fs_q_format(&q, 0, FS_Q_NEAREST, b, sizeof b), 0);
    assert_string_equal(b, "5");
    q = rat(3, 1000);
    assert_int_equal(fs_q_format(&q, 4, FS_Q_NEAREST, b, sizeof b), 0);
    assert_string_equal(b, "0.0030");
    assert_int_equal(fs_q_format(&q, 4, FS_Q_NEAREST, b, 6), FS_E_LIMIT);
    assert_int_equal(fs_q_format(&q, 31, FS_Q_NEAREST, b, sizeof b), FS_E_USAGE);
    /* display double: 1833850/77001 */
    q = rat(1833850, 77001);
    double d = fs_q_to_double(&q);
    assert_true(d > 23.8159244 && d < 23.8159245);
}

/* Comparison beyond cross-multiplication: a = (2^200 + 1)/2^190 against
 * b = 2^201/2^191 = 2^10 (cross products near 2^391). */
static void test_q_cmp_wide(void **state)
{
    (void)state;
    fs_q a = rat(1, 1), b = rat(0, 1), c = rat(0, 1);
    a.num.w[6] = 1u << 8;  /* 2^200 + 1 */
    a.den.w[0] = 0;
    a.den.w[5] = 1u << 30; /* 2^190 */
    b.num.w[6] = 1u << 9;  /* 2^201 */
    b.den.w[0] = 0;
    b.den.w[5] = 1u << 31; /* 2^191 */
    c.num.w[6] = 1u << 8;  /* 2^200 / 2^190 = b */
    c.den = a.den;
    assert_int_equal(fs_q_cmp(&a, &b), 1);
    assert_int_equal(fs_q_cmp(&b, &a), -1);
    assert_int_equal(fs_q_cmp(&b, &c), 0);
    fs_q k = rat(1024, 1);
    assert_int_equal(fs_q_cmp(&b, &k), 0);
    /* -2^201 / 2^191 in two's complement: ones from bit 201 up */
    fs_q nb = b;
    nb.num.w[6] = 0xfffffe00u;
    nb.num.w[7] = 0xffffffffu;
    fs_q nk = rat(-1024, 1), nk1 = rat(-1025, 1);
    assert_int_equal(fs_q_cmp(&nb, &a), -1);
    assert_int_equal(fs_q_cmp(&nb, &nk), 0);
    assert_int_equal(fs_q_cmp(&nb, &nk1), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_printed_intervals),
        cmocka_unit_test(test_growth_953),
        cmocka_unit_test(test_growth_band),
        cmocka_unit_test(test_growth_reception),
        cmocka_unit_test(test_growth_office),
        cmocka_unit_test(test_growth_water_decrease),
        cmocka_unit_test(test_growth_project_whole_units),
        cmocka_unit_test(test_growth_other_goods),
        cmocka_unit_test(test_growth_decrease_to_zero),
        cmocka_unit_test(test_growth_from_zero_undefined),
        cmocka_unit_test(test_growth_zero_change_truncated),
        cmocka_unit_test(test_prior),
        cmocka_unit_test(test_share),
        cmocka_unit_test(test_sum_basic),
        cmocka_unit_test(test_sum_three_parts),
        cmocka_unit_test(test_rescue_either),
        cmocka_unit_test(test_sum_headcount),
        cmocka_unit_test(test_sum_units),
        cmocka_unit_test(test_change_sum_signed),
        cmocka_unit_test(test_share_sum),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_extreme_but_exact),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_q_cmp_wide),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
