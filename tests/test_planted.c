/* test_planted.c — errors planted in a real final-accounts text are found
 * by the right check, and the unmodified text gives none.
 *
 * tests/data/planted/putuo-finance-2024-final-accounts.txt is the narrative
 * of 上海市普陀区财政局2024年度部门决算 (pages 21–23 of the PDF in
 * ../shared/corpus-real/shanghai/) as `fiscan text` reads it, with one
 * change: the report's own slip "一般公共服务支出（类）2106.66万元，占71.73%"
 * (2106.66 / 2940.05 = 71.654%) is corrected to 71.65%, so that the text is
 * consistent and every finding comes from a planted error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* The text with the first `from` replaced by `to` (caller frees). */
static char *plant(const char *text, const char *from, const char *to)
{
    const char *p = strstr(text, from);
    assert_non_null(p);
    size_t a = (size_t)(p - text), n = strlen(text), lf = strlen(from), lt = strlen(to);
    char *r = malloc(n - lf + lt + 1);
    assert_non_null(r);
    memcpy(r, text, a);
    memcpy(r + a, to, lt);
    memcpy(r + a + lt, p + lf, n - a - lf + 1);
    return r;
}

/* Runs fiscan check --format jsonl on text from standard input. */
static tu_run check_text(const char *text)
{
    const char *argv[] = {"check", "--format", "jsonl", "-", NULL};
    tu_run r;
    assert_int_equal(tu_run_fiscan(argv, text, strlen(text), &r), 0);
    return r;
}

static char *original(void)
{
    size_t n = 0;
    char *t = tu_read_file(tu_path("tests/data/planted/putuo-finance-2024-final-accounts.txt"), &n);
    assert_non_null(t);
    return t;
}

static void test_unmodified_is_clean(void **state)
{
    (void)state;
    char *t = original();
    tu_run r = check_text(t);
    assert_int_equal(r.status, 0);
    assert_int_equal(tu_count(r.out, "\"severity\":\"error\""), 0);
    assert_int_equal(tu_count(r.out, "\"severity\":\"warning\""), 0);
    /* and the relations of interest were read and checked, not skipped */
    assert_non_null(strstr(r.out, "\"check\":\"comparison\""));
    tu_run_free(&r);
    free(t);
}

static const struct {
    const char *what, *from, *to, *check;
    const char *says; /* in the finding's message, or NULL */
} PLANTS[] = {
    {"小于 flipped to 大于", "年初预算为1560.05万元，支出决算为1511.89万元。决算数小于预算数",
     "年初预算为1560.05万元，支出决算为1511.89万元。决算数大于预算数", "comparison", NULL},
    {"小于 flipped to 等于", "年初预算为62.29万元，支出决算为60.99万元。决算数小于预算数",
     "年初预算为62.29万元，支出决算为60.99万元。决算数等于预算数", "comparison", NULL},
    {"completion rate changed", "完成年初预算的98.20%", "完成年初预算的98.02%", "completion", NULL},
    {"share changed", "326.72万元，占11.11%", "326.72万元，占11.71%", "share", NULL},
    /* item 1's outcome a digit off: its 类 (2106.66) and the whole no
     * longer add up */
    {"item amount changed", "支出决算为1511.89万元", "支出决算为1541.89万元", "sum",
     "一般公共服务（类）2106.66万元与所列4个项的金额合计"},
    /* item 10's budget a digit off: the items' 年初预算 exceed the whole's */
    {"item budget changed", "年初预算为187.75万元", "年初预算为287.75万元", "sum",
     "年初预算2993.92万元与所列11个项的年初预算合计"},
};

static void test_planted_errors(void **state)
{
    (void)state;
    char *t = original();
    for (size_t k = 0; k < sizeof PLANTS / sizeof *PLANTS; k++) {
        char *m = plant(t, PLANTS[k].from, PLANTS[k].to);
        tu_run r = check_text(m);
        char want[96];
        snprintf(want, sizeof want, "\"check\":\"%s\",\"severity\":\"error\"", PLANTS[k].check);
        if (!strstr(r.out, want))
            printf("planted error not found (%s): no %s\n", PLANTS[k].what, want);
        assert_int_equal(r.status, 1);
        assert_non_null(strstr(r.out, want));
        if (PLANTS[k].says && !strstr(r.out, PLANTS[k].says))
            fail_msg("planted error (%s) reported without: %s", PLANTS[k].what, PLANTS[k].says);
        tu_run_free(&r);
        free(m);
    }
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unmodified_is_clean),
        cmocka_unit_test(test_planted_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
