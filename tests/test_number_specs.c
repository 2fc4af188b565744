/* test_number_specs.c — the number parser against Microsoft Recognizers-Text's
 * Chinese number and percentage specs (tests/data/recognizers-zh/, MIT).
 *
 * Scope.  A case is in scope when
 *   - it is not marked NotSupported / NotSupportedByDesign,
 *   - it expects exactly one result (a single number expression; inputs
 *     with several numbers, or none, test a recogniser's segmentation of
 *     free text, which fiscan leaves to its figure patterns),
 *   - and the expected Text uses only forms fiscan supports: it contains
 *     none of the markers of fractions (分之 other than a leading 百分之 /
 *     千分之 / 万分之, '/', 又), powers and scientific notation ('^', e/E),
 *     k/M suffixes, dozens (打), halves (半), discounts (折, 成), or 兆.
 * For each case in scope the expected Text (Results[0].Text) is parsed
 * whole with fs_number_parse and its base value must equal
 * Resolution.value exactly (decimal strings read with fs_dec_from_string; a
 * trailing '%' dropped: percent, ‰ and percentage points are all reported
 * in percent by the spec, which is fiscan's base unit for them). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "testutil.h"

/* Pass rate required over the cases in scope, in tenths of a percent: all
 * of them.  The scope is exactly the forms number.h claims to parse, so a
 * failure in scope is a bug, not noise; a deliberate change of grammar must
 * move cases out of scope here, with its reason. */
#define MIN_PASS_PERMILLE 1000

typedef struct tally {
    int total, in_scope, passed;
} tally;

/* Why a case is out of scope, or NULL when it is in scope. */
static const char *out_of_scope(const cJSON *c)
{
    if (cJSON_GetObjectItem(c, "NotSupported") || cJSON_GetObjectItem(c, "NotSupportedByDesign"))
        return "NotSupported";
    const cJSON *res = cJSON_GetObjectItem(c, "Results");
    if (!cJSON_IsArray(res) || cJSON_GetArraySize(res) != 1)
        return "not exactly one result";
    const char *text = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(res, 0), "Text"));
    if (!text)
        return "no text";
    /* markers are looked for with spaces removed ("三 分  之 一") */
    static char flat[1024];
    size_t o = 0;
    for (const char *p = text; *p && o + 1 < sizeof flat; p++)
        if (*p != ' ')
            flat[o++] = *p;
    flat[o] = '\0';
    text = flat;
    /* 分之 is in scope only as the percent-like prefix at the very start */
    const char *fz = strstr(text, "分之");
    if (fz) {
        static const char *const ok[] = {"百分之", "千分之", "万分之", "萬分之", "仟分之", "佰分之"};
        int prefix = 0;
        for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
            if (strncmp(text, ok[i], strlen(ok[i])) == 0 && fz == text + 3)
                prefix = 1;
        if (!prefix)
            return "fraction";
    }
    static const char *const markers[] = {"/", "又", "^", "e", "E", "k", "K", "m", "M", "打",
                                          "半", "折", "成", "兆"};
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++)
        if (strstr(text, markers[i]))
            return markers[i];
    return NULL;
}

/* Runs every case of one spec file, printing failures. */
static void run_file(const char *rel, tally *t)
{
    size_t n;
    char *raw = tu_read_file(tu_path(rel), &n);
    assert_non_null(raw);
    const char *json = raw;
    if (n >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0)
        json += 3; /* UTF-8 BOM */
    cJSON *root = cJSON_Parse(json);
    assert_non_null(root);
    assert_true(cJSON_IsArray(root));
    const cJSON *c;
    cJSON_ArrayForEach(c, root)
    {
        t->total++;
        if (out_of_scope(c))
            continue;
        t->in_scope++;
        const cJSON *r0 = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "Results"), 0);
        const char *text = cJSON_GetStringValue(cJSON_GetObjectItem(r0, "Text"));
        const char *want = cJSON_GetStringValue(
            cJSON_GetObjectItem(cJSON_GetObjectItem(r0, "Resolution"), "value"));
        const char *input = cJSON_GetStringValue(cJSON_GetObjectItem(c, "Input"));
        assert_non_null(want);
        size_t wl = strlen(want);
        if (wl > 0 && want[wl - 1] == '%')
            wl--;
        fs_dec expect;
        assert_int_equal(fs_dec_from_string(want, wl, &expect), 0);

        fs_quantity q;
        fs_error e;
        int rc = fs_number_parse(text, strlen(text), &q, &e);
        if (rc == 0 && fs_dec_eq(q.base, expect)) {
            t->passed++;
            continue;
        }
        char got[48] = "-";
        if (rc == 0)
            fs_dec_to_string(q.base, got, sizeof got);
        printf("  FAIL %s: input \"%s\" text \"%s\": want %s, got %s%s%s\n", rel, input ? input : "",
               text, want, got, rc ? " — " : "", rc ? e.msg : "");
    }
    cJSON_Delete(root);
    free(raw);
}

static void test_recognizers_zh(void **state)
{
    (void)state;
    tally t = {0, 0, 0};
    printf("scope: single-result cases not marked NotSupported whose expected text is an "
           "integer, decimal, Chinese numeral (incl. 万/亿, financial and traditional forms, "
           "几/多/余), percentage (%%, 百分之, 千分之, 万分之) or percentage points; "
           "out: fractions, ^/e notation, k/M, 打, 半, 折/成, 兆\n");
    run_file("tests/data/recognizers-zh/NumberModel.json", &t);
    run_file("tests/data/recognizers-zh/PercentModel.json", &t);
    int permille = t.in_scope ? t.passed * 1000 / t.in_scope : 0;
    printf("in scope: %d of %d cases\n", t.in_scope, t.total);
    printf("passed: %d (%d.%d%%)\n", t.passed, permille / 10, permille % 10);
    assert_true(t.in_scope >= 200); /* the scope must stay meaningful */
    assert_true(permille >= MIN_PASS_PERMILLE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recognizers_zh),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
