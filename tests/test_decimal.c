/* test_decimal.c — exact decimal arithmetic. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "decimal.h"
#include "error.h"

/* Reads decimal text, failing the test if it is malformed. */
static fs_dec D(const char *s)
{
    fs_dec d;
    assert_int_equal(fs_dec_from_string(s, strlen(s), &d), 0);
    return d;
}

/* Asserts that d prints exactly as want. */
static void assert_dec(fs_dec d, const char *want)
{
    char buf[48];
    assert_true(fs_dec_to_string(d, buf, sizeof buf) > 0);
    assert_string_equal(buf, want);
}

static void test_from_to_string(void **state)
{
    (void)state;
    fs_dec d = D("953.39");
    assert_int_equal(d.mant, 95339);
    assert_int_equal(d.scale, 2);
    assert_dec(d, "953.39");
    d = D("-0.050");
    assert_int_equal(d.mant, -50);
    assert_int_equal(d.scale, 3);
    assert_dec(d, "-0.050");
    assert_dec(D(".5"), "0.5");
    assert_dec(D("5."), "5");
    assert_dec(D("0.00"), "0.00");
    assert_dec(D("9533900"), "9533900");
    assert_dec(D("922337203685477580.7"), "922337203685477580.7");
    fs_dec x;
    assert_int_equal(fs_dec_from_string("9223372036854775808", 19, &x), FS_E_NUMBER);
    assert_int_equal(fs_dec_from_string("", 0, &x), FS_E_USAGE);
    assert_int_equal(fs_dec_from_string("-", 1, &x), FS_E_USAGE);
    assert_int_equal(fs_dec_from_string("1.2.3", 5, &x), FS_E_USAGE);
    assert_int_equal(fs_dec_from_string("1e5", 3, &x), FS_E_USAGE);
    char small[4];
    assert_int_equal(fs_dec_to_string(D("123.45"), small, sizeof small), FS_E_USAGE);
}

static void test_cmp(void **state)
{
    (void)state;
    assert_int_equal(fs_dec_cmp(D("4.8"), D("4.800")), 0);
    assert_true(fs_dec_eq(D("4.8"), D("4.800")));
    assert_int_equal(fs_dec_cmp(D("-1.5"), D("-0.2")), -1);
    assert_int_equal(fs_dec_cmp(D("-0.5"), D("0.3")), -1);
    assert_int_equal(fs_dec_cmp(D("0.3"), D("-0.5")), 1);
    assert_int_equal(fs_dec_cmp(D("1.000000000000000001"), D("1")), 1);
    /* scales 0 and 18 with large mantissas: no overflow in the comparison */
    assert_int_equal(fs_dec_cmp(fs_dec_make(INT64_MAX, 0), fs_dec_make(INT64_MAX, 18)), 1);
    assert_int_equal(fs_dec_cmp(fs_dec_make(-INT64_MAX, 0), fs_dec_make(-INT64_MAX, 18)), -1);
    assert_int_equal(fs_dec_cmp(D("0"), D("-0.000")), 0);
}

static void test_add_sub_mul(void **state)
{
    (void)state;
    fs_dec r;
    assert_int_equal(fs_dec_add(D("953.39"), D("0.61"), &r), 0);
    assert_dec(r, "954.00");
    assert_int_equal(fs_dec_sub(D("100"), D("0.005"), &r), 0);
    assert_dec(r, "99.995");
    assert_int_equal(fs_dec_mul(D("953.39"), D("10000"), &r), 0);
    assert_true(fs_dec_eq(r, D("9533900")));
    assert_int_equal(fs_dec_mul(D("-1.5"), D("0.2"), &r), 0);
    assert_dec(r, "-0.30");
    assert_int_equal(fs_dec_neg(D("2.50"), &r), 0);
    assert_dec(r, "-2.50");
    /* overflow is reported, never wrapped */
    assert_int_equal(fs_dec_add(fs_dec_make(INT64_MAX, 0), D("1"), &r), FS_E_NUMBER);
    assert_int_equal(fs_dec_sub(fs_dec_make(-INT64_MAX, 0), D("1"), &r), FS_E_NUMBER);
    assert_int_equal(fs_dec_mul(D("10000000000"), D("10000000000"), &r), FS_E_NUMBER);
    /* alignment that overflows only before trailing zeros are dropped */
    assert_int_equal(fs_dec_add(fs_dec_make(1000000000000000000LL, 18), D("1000000000000000000"), &r), 0);
    assert_true(fs_dec_eq(r, D("1000000000000000001")));
    /* invalid inputs */
    assert_int_equal(fs_dec_add(fs_dec_make(INT64_MIN, 0), D("1"), &r), FS_E_NUMBER);
    assert_int_equal(fs_dec_add(fs_dec_make(1, 19), D("1"), &r), FS_E_NUMBER);
}

static void test_shift(void **state)
{
    (void)state;
    fs_dec r;
    assert_int_equal(fs_dec_shift(D("953.39"), 4, &r), 0);
    assert_dec(r, "9533900");
    assert_int_equal(fs_dec_shift(D("1.2"), 8, &r), 0);
    assert_dec(r, "120000000");
    assert_int_equal(fs_dec_shift(D("5"), -1, &r), 0);
    assert_dec(r, "0.5");
    assert_int_equal(fs_dec_shift(D("123.45"), 1, &r), 0);
    assert_dec(r, "1234.5");
    assert_int_equal(fs_dec_shift(D("9"), 19, &r), FS_E_NUMBER);
    assert_int_equal(fs_dec_shift(D("1"), -19, &r), FS_E_NUMBER);
}

static void test_round(void **state)
{
    (void)state;
    fs_dec r;
    assert_int_equal(fs_dec_round(D("17.305"), 2, FS_ROUND_HALF_UP, &r), 0);
    assert_dec(r, "17.31");
    assert_int_equal(fs_dec_round(D("-17.305"), 2, FS_ROUND_HALF_UP, &r), 0);
    assert_dec(r, "-17.31");
    assert_int_equal(fs_dec_round(D("17.305"), 2, FS_ROUND_HALF_EVEN, &r), 0);
    assert_dec(r, "17.30");
    assert_int_equal(fs_dec_round(D("17.315"), 2, FS_ROUND_HALF_EVEN, &r), 0);
    assert_dec(r, "17.32");
    assert_int_equal(fs_dec_round(D("17.3049"), 2, FS_ROUND_HALF_UP, &r), 0);
    assert_dec(r, "17.30");
    assert_int_equal(fs_dec_round(D("-1.01"), 1, FS_ROUND_FLOOR, &r), 0);
    assert_dec(r, "-1.1");
    assert_int_equal(fs_dec_round(D("-1.01"), 1, FS_ROUND_CEIL, &r), 0);
    assert_dec(r, "-1.0");
    assert_int_equal(fs_dec_round(D("1.01"), 1, FS_ROUND_CEIL, &r), 0);
    assert_dec(r, "1.1");
    assert_int_equal(fs_dec_round(D("1.01"), 1, FS_ROUND_EXACT, &r), FS_E_NUMBER);
    assert_int_equal(fs_dec_round(D("1.10"), 1, FS_ROUND_EXACT, &r), 0);
    assert_dec(r, "1.1");
    assert_int_equal(fs_dec_round(D("1.1"), 4, FS_ROUND_EXACT, &r), 0);
    assert_dec(r, "1.1000");
}

static void test_div(void **state)
{
    (void)state;
    fs_dec r;
    /* (1153.43 − 983.21) / 983.21 = 17.3126…% */
    fs_dec diff;
    assert_int_equal(fs_dec_sub(D("1153.43"), D("983.21"), &diff), 0);
    assert_int_equal(fs_dec_div(fs_dec_make(diff.mant * 100, diff.scale), D("983.21"), 2,
                                FS_ROUND_HALF_UP, &r), 0);
    assert_dec(r, "17.31");
    assert_int_equal(fs_dec_div(D("1"), D("3"), 4, FS_ROUND_FLOOR, &r), 0);
    assert_dec(r, "0.3333");
    assert_int_equal(fs_dec_div(D("1"), D("3"), 4, FS_ROUND_CEIL, &r), 0);
    assert_dec(r, "0.3334");
    assert_int_equal(fs_dec_div(D("-1"), D("3"), 4, FS_ROUND_FLOOR, &r), 0);
    assert_dec(r, "-0.3334");
    assert_int_equal(fs_dec_div(D("2"), D("3"), 0, FS_ROUND_HALF_UP, &r), 0);
    assert_dec(r, "1");
    assert_int_equal(fs_dec_div(D("1"), D("8"), 3, FS_ROUND_EXACT, &r), 0);
    assert_dec(r, "0.125");
    assert_int_equal(fs_dec_div(D("1"), D("3"), 3, FS_ROUND_EXACT, &r), FS_E_NUMBER);
    assert_int_equal(fs_dec_div(D("1"), D("0"), 3, FS_ROUND_HALF_UP, &r), FS_E_NUMBER);
    /* a quotient beyond int64 */
    assert_int_equal(fs_dec_div(D("1000000000000"), D("0.000001"), 6, FS_ROUND_HALF_UP, &r), FS_E_NUMBER);
    /* large intermediate, exact result: 10^18 × 10^-18 / 1 at scale 18 */
    assert_int_equal(fs_dec_div(fs_dec_make(1, 0), fs_dec_make(1, 0), 18, FS_ROUND_EXACT, &r), 0);
    assert_int_equal(r.mant, 1000000000000000000LL);
}

static void test_normalize(void **state)
{
    (void)state;
    assert_dec(fs_dec_normalize(D("4.800")), "4.8");
    assert_dec(fs_dec_normalize(D("0.000")), "0");
    assert_dec(fs_dec_normalize(D("100")), "100");
    assert_int_equal(fs_dec_pow10(17), 100000000000000000LL);
    assert_int_equal(fs_dec_pow10(19), 0);
    assert_int_equal(fs_dec_sign(D("-0.1")), -1);
    assert_int_equal(fs_dec_sign(D("0.0")), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_from_to_string), cmocka_unit_test(test_cmp),
        cmocka_unit_test(test_add_sub_mul),    cmocka_unit_test(test_shift),
        cmocka_unit_test(test_round),          cmocka_unit_test(test_div),
        cmocka_unit_test(test_normalize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
