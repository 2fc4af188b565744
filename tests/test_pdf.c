/* test_pdf.c — PDF extraction through poppler: text, pages, fonts, boxes,
 * table cells, passwords and damaged files.  The expectations come from
 * tests/data/input/small.pdf (pages 6-7 of 上海市普陀区社会福利院2024单位预算:
 * a page of prose, then the 财务收支预算总表) read by eye with
 * `pdftotext -layout`, and its content streams (body text 10.8 pt, title
 * 16.2 pt). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "pdf.h"
#include "testutil.h"

/* Loads tests/data/input/<name> with an optional password. */
static int load(const char *name, const char *password, fs_rawdoc **d, fs_error *e)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/data/input/%s", name);
    fs_input_opts o = {password, 0, 0};
    fs_error_clear(e);
    return fs_input_load(tu_path(rel), &o, d, e);
}

static const char *line(const fs_rawdoc *d, uint32_t page, uint32_t ln)
{
    const fs_rawline *l = fs_rawdoc_line(d, page, ln);
    return l ? l->text : "(missing)";
}

static void test_small_text(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    assert_int_equal(load("small.pdf", NULL, &d, &e), 0);
    assert_string_equal(d->format, "pdf");
    assert_int_equal(d->npages, 2);
    assert_string_equal(line(d, 1, 1), "2024年单位预算编制说明");
    assert_string_equal(line(d, 1, 2),
                        "2024年，上海市普陀区社会福利院收入预算1,212.12万元，其中：财政拨款收入"
                        "950.12万元，比2023年预算增加0.46万元；事业收入");
    assert_string_equal(line(d, 1, 3), "262.00万元；事业单位经营收入0.00万元；其他收入0.00万元。");
    /* Prose has no cell breaks. */
    for (size_t i = 0; i < d->pages[0].nlines; i++)
        assert_null(strchr(d->pages[0].lines[i].text, '\t'));
    /* Landscape A4. */
    assert_true(d->pages[0].width > 841 && d->pages[0].width < 843);
    assert_true(d->pages[0].height > 594 && d->pages[0].height < 596);
    assert_string_equal(d->encoding, "");
    assert_null(d->title); /* qpdf's page extract carries no Info title */
    fs_rawdoc_free(d);
}

static void test_fonts_and_boxes(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    assert_int_equal(load("small.pdf", NULL, &d, &e), 0);
    const fs_rawline *title = fs_rawdoc_line(d, 1, 1), *body = fs_rawdoc_line(d, 1, 2);
    assert_non_null(title);
    assert_non_null(body);
    assert_true(title->font_size > 16.0f && title->font_size < 16.4f);
    assert_true(body->font_size > 10.6f && body->font_size < 11.0f);
    /* Every line of text has a box inside the page, top-left origin: the
     * title sits above the body and the body is wider. */
    for (size_t p = 0; p < d->npages; p++)
        for (size_t i = 0; i < d->pages[p].nlines; i++) {
            const fs_rawline *l = &d->pages[p].lines[i];
            if (!l->len)
                continue;
            assert_true(l->x0 < l->x1);
            assert_true(l->y0 < l->y1);
            assert_true(l->x0 >= 0 && l->x1 <= d->pages[p].width);
            assert_true(l->y0 >= 0 && l->y1 <= d->pages[p].height);
            assert_true(l->font_size > 0);
        }
    assert_true(title->y1 < body->y0);
    assert_true(body->x1 - body->x0 > title->x1 - title->x0);
    /* SimSun is not a bold face. */
    assert_int_equal(title->bold, 0);
    fs_rawdoc_free(d);
}

/* Finds the line of page p that starts with prefix. */
static const char *line_starting(const fs_rawdoc *d, uint32_t p, const char *prefix)
{
    const fs_rawpage *pg = &d->pages[p - 1];
    for (size_t i = 0; i < pg->nlines; i++)
        if (strncmp(pg->lines[i].text, prefix, strlen(prefix)) == 0)
            return pg->lines[i].text;
    return "(no such line)";
}

static void test_table_cells(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    assert_int_equal(load("small.pdf", NULL, &d, &e), 0);
    /* Rows of 财务收支预算总表 as printed (pdftotext -layout): label, empty
     * income cell, expense label, then 合计 and 基本支出·人员经费. */
    assert_string_equal(line_starting(d, 2, "3、"),
                        "3、国有资本经营预算\t四、住房保障支出\t335,816\t335,816");
    assert_string_equal(line_starting(d, 2, "2、"),
                        "2、政府性基金\t三、医疗卫生与计划生育支出\t503,724\t503,724");
    /* Poppler glues the numbers of the 合计 row into one run of digits;
     * the cells must come apart. */
    const char *r = line_starting(d, 2, "人员经费");
    assert_non_null(strstr(r, "11,281,624\t6,540,674\t2,120,950\t2,620,000"));
    assert_string_equal(line_starting(d, 2, "二、事业收入"), "二、事业收入");
    fs_rawdoc_free(d);
}

static void test_encrypted(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    assert_int_equal(load("cover-user-pw.pdf", NULL, &d, &e), FS_E_ENCRYPTED);
    assert_null(d);
    assert_non_null(strstr(e.msg, "password is required"));
    assert_int_equal(load("cover-user-pw.pdf", "", &d, &e), FS_E_ENCRYPTED);
    assert_int_equal(load("cover-user-pw.pdf", "wrong", &d, &e), FS_E_ENCRYPTED);
    assert_non_null(strstr(e.msg, "wrong password"));
    assert_int_equal(load("cover-user-pw.pdf", "user", &d, &e), 0);
    assert_int_equal(d->npages, 1);
    assert_string_equal(line(d, 1, 1), "上海市普陀区社会福利院2024年单位预算");
    assert_string_equal(line(d, 1, 2), "预算单位：上海市普陀区社会福利院");
    fs_rawdoc_free(d);
    /* The owner password opens it too. */
    assert_int_equal(load("cover-user-pw.pdf", "owner", &d, &e), 0);
    fs_rawdoc_free(d);
}

/* Counts this process's open descriptors (-1 when /proc is not there). */
static int open_fds(void)
{
    DIR *dir = opendir("/proc/self/fd");
    if (!dir)
        return -1;
    int n = 0;
    while (readdir(dir))
        n++;
    closedir(dir);
    return n;
}

static void test_wrong_password_leaks_nothing(void **state)
{
    (void)state;
    int before = open_fds();
    for (int i = 0; i < 20; i++) {
        fs_rawdoc *d = NULL;
        fs_error e;
        assert_int_equal(load("cover-user-pw.pdf", "nope", &d, &e), FS_E_ENCRYPTED);
        assert_int_equal(load("cover-user-pw.pdf", "user", &d, &e), 0);
        fs_rawdoc_free(d);
    }
    if (before >= 0)
        assert_int_equal(open_fds(), before);
}

static void test_owner_only(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    assert_int_equal(load("cover-owner-only.pdf", NULL, &d, &e), 0);
    assert_string_equal(line(d, 1, 1), "上海市普陀区社会福利院2024年单位预算");
    fs_rawdoc_free(d);
}

static void test_damaged(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    assert_int_equal(load("cover-truncated.pdf", NULL, &d, &e), FS_E_FORMAT);
    assert_null(d);
    assert_non_null(strstr(e.msg, "damaged PDF"));
    /* A header and nothing usable. */
    static const unsigned char junk[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
    fs_error_clear(&e);
    assert_int_equal(fs_pdf_load(junk, sizeof junk - 1, NULL, &d, &e), FS_E_FORMAT);
    assert_null(d);
    /* Cut at every 1/8 of the file: always an error, never a crash. */
    size_t len = 0;
    char *all = tu_read_file(tu_path("tests/data/input/cover.pdf"), &len);
    assert_non_null(all);
    for (size_t k = 1; k < 8; k++) {
        fs_error_clear(&e);
        int rc = fs_pdf_load((const unsigned char *)all, len * k / 8, NULL, &d, &e);
        assert_true(rc == FS_E_FORMAT || rc == FS_E_NOTEXT);
        assert_null(d);
    }
    free(all);
}

static void test_no_text_layer(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    assert_int_equal(load("notext.pdf", NULL, &d, &e), FS_E_NOTEXT);
    assert_null(d);
    assert_non_null(strstr(e.msg, "no text layer"));
}

static void test_page_limit(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    fs_input_opts o = {NULL, 0, 1};
    assert_int_equal(fs_input_load(tu_path("tests/data/input/small.pdf"), &o, &d, &e), FS_E_LIMIT);
    assert_null(d);
    assert_non_null(strstr(e.msg, "2 pages"));
    o.max_pages = 2;
    assert_int_equal(fs_input_load(tu_path("tests/data/input/small.pdf"), &o, &d, &e), 0);
    fs_rawdoc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_text),
        cmocka_unit_test(test_fonts_and_boxes),
        cmocka_unit_test(test_table_cells),
        cmocka_unit_test(test_encrypted),
        cmocka_unit_test(test_wrong_password_leaks_nothing),
        cmocka_unit_test(test_owner_only),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_no_text_layer),
        cmocka_unit_test(test_page_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
