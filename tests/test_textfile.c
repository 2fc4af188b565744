/* test_textfile.c — text decoding (UTF-8, UTF-8 BOM, UTF-16 LE/BE, GB18030),
 * line and page splitting, replacement of invalid bytes, refusal of binary.
 * The expected lines are the sentences scripts/make-test-pdfs.sh writes into
 * every tests/data/input/text-*.txt file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "textfile.h"
#include "testutil.h"

static const char *const EXPECTED[3] = {
    "2024年，上海市普陀区社会福利院收入预算1,212.12万元。",
    "其中：财政拨款收入950.12万元，比2023年预算增加0.46万元。",
    "\xE2\x80\xA2 事业收入262.00万元，增长8.57%。", /* U+2022 bullet */
};

/* Decodes a whole buffer; returns the code. */
static int decode(const void *p, size_t n, fs_rawdoc **d, fs_error *e)
{
    fs_error_clear(e);
    return fs_textfile_decode(p, n, d, e);
}

static const char *line(const fs_rawdoc *d, uint32_t page, uint32_t ln)
{
    const fs_rawline *l = fs_rawdoc_line(d, page, ln);
    return l ? l->text : "(missing)";
}

/* Decodes tests/data/input/<name> and checks it against EXPECTED. */
static void check_file(const char *name, const char *encoding)
{
    char rel[128];
    snprintf(rel, sizeof rel, "tests/data/input/%s", name);
    size_t n = 0;
    char *buf = tu_read_file(tu_path(rel), &n);
    assert_non_null(buf);
    fs_rawdoc *d = NULL;
    fs_error e;
    assert_int_equal(decode(buf, n, &d, &e), 0);
    free(buf);
    assert_string_equal(d->format, "text");
    assert_string_equal(d->encoding, encoding);
    assert_int_equal(d->npages, 1);
    assert_int_equal(d->pages[0].nlines, 3);
    for (uint32_t i = 0; i < 3; i++)
        assert_string_equal(line(d, 1, i + 1), EXPECTED[i]);
    assert_int_equal(d->replacements, 0);
    assert_int_equal(d->pages[0].lines[0].len, strlen(EXPECTED[0]));
    assert_true(d->pages[0].lines[0].font_size == 0.0f);
    fs_rawdoc_free(d);
}

static void test_utf8(void **s) { (void)s; check_file("text-utf8.txt", "UTF-8"); }
static void test_utf8_bom_crlf(void **s) { (void)s; check_file("text-utf8-bom.txt", "UTF-8"); }
static void test_utf16le(void **s) { (void)s; check_file("text-utf16le.txt", "UTF-16LE"); }
static void test_utf16be(void **s) { (void)s; check_file("text-utf16be.txt", "UTF-16BE"); }
static void test_gb18030(void **s) { (void)s; check_file("text-gb18030.txt", "GB18030"); }

static void test_line_endings_and_pages(void **state)
{
    (void)state;
    size_t n = 0;
    char *buf = tu_read_file(tu_path("tests/data/input/text-endings.txt"), &n);
    assert_non_null(buf);
    fs_rawdoc *d = NULL;
    fs_error e;
    /* 'a1\nb2\r\nc3\rd4\fe5\r\n\r\nf6' */
    assert_int_equal(decode(buf, n, &d, &e), 0);
    free(buf);
    assert_int_equal(d->npages, 2);
    assert_int_equal(d->pages[0].nlines, 4);
    assert_string_equal(line(d, 1, 1), "a1");
    assert_string_equal(line(d, 1, 2), "b2");
    assert_string_equal(line(d, 1, 3), "c3");
    assert_string_equal(line(d, 1, 4), "d4");
    assert_int_equal(d->pages[1].nlines, 3);
    assert_string_equal(line(d, 2, 1), "e5");
    assert_string_equal(line(d, 2, 2), "");
    assert_string_equal(line(d, 2, 3), "f6");
    fs_rawdoc_free(d);
}

static void test_page_edges(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    /* pdftotext ends every page with \f: no empty page after the last. */
    assert_int_equal(decode("p1\fp2\f", 6, &d, &e), 0);
    assert_int_equal(d->npages, 2);
    assert_string_equal(line(d, 2, 1), "p2");
    fs_rawdoc_free(d);
    /* An empty page in the middle is kept so page numbers stay right. */
    assert_int_equal(decode("p1\n\f\fp3\n", 8, &d, &e), 0);
    assert_int_equal(d->npages, 3);
    assert_int_equal(d->pages[0].nlines, 1);
    assert_int_equal(d->pages[1].nlines, 0);
    assert_string_equal(line(d, 3, 1), "p3");
    fs_rawdoc_free(d);
    /* A trailing CR is a line end, not part of the line; CR CR is two. */
    assert_int_equal(decode("x\r\ry\r", 5, &d, &e), 0);
    assert_int_equal(d->pages[0].nlines, 3);
    assert_string_equal(line(d, 1, 1), "x");
    assert_string_equal(line(d, 1, 2), "");
    assert_string_equal(line(d, 1, 3), "y");
    fs_rawdoc_free(d);
    /* Nothing at all: one page, no lines. */
    assert_int_equal(decode("", 0, &d, &e), 0);
    assert_int_equal(d->npages, 1);
    assert_int_equal(d->pages[0].nlines, 0);
    fs_rawdoc_free(d);
    /* Other whitespace is kept as it is. */
    assert_int_equal(decode("  a\tb  \n", 8, &d, &e), 0);
    assert_string_equal(line(d, 1, 1), "  a\tb  ");
    fs_rawdoc_free(d);
}

static void test_invalid_bytes_replaced(void **state)
{
    (void)state;
    size_t n = 0;
    char *buf = tu_read_file(tu_path("tests/data/input/text-invalid.txt"), &n);
    assert_non_null(buf);
    fs_rawdoc *d = NULL;
    fs_error e;
    assert_int_equal(decode(buf, n, &d, &e), 0);
    free(buf);
    assert_string_equal(d->encoding, "UTF-8");
    assert_int_equal(d->replacements, 2);
    assert_string_equal(line(d, 1, 1),
                        "2024年，上海市普陀区社会福利院收入预算\xEF\xBF\xBD" "1,212.12万元。");
    assert_string_equal(line(d, 1, 2), EXPECTED[1]);
    /* E4 B8 followed by '2': one replacement for the cut-off sequence. */
    assert_string_equal(line(d, 1, 3), "\xE2\x80\xA2 事业收入\xEF\xBF\xBD" "262.00万元，增长8.57%。");
    fs_rawdoc_free(d);
}

static void test_nul_bytes(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    /* Ends in a NUL with no newline; 2 NULs in 24 characters. */
    static const char t[] = "ab\0cdefghijk\nlmnopqrstu\0";
    assert_int_equal(decode(t, sizeof t - 1, &d, &e), 0);
    assert_int_equal(d->replacements, 2);
    assert_string_equal(line(d, 1, 1), "ab\xEF\xBF\xBD" "cdefghijk");
    assert_int_equal(d->pages[0].lines[0].len, 14);
    assert_string_equal(line(d, 1, 2), "lmnopqrstu\xEF\xBF\xBD");
    fs_rawdoc_free(d);
}

static void test_utf16_damage(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    /* UTF-16LE: 预 (U+9884), a lone high surrogate D800, 算 (U+7B97), 17
     * digits, then an odd trailing byte: 2 bad in 21 characters. */
    static const unsigned char t[] = {0xFF, 0xFE, 0x84, 0x98, 0x00, 0xD8, 0x97,
                                      0x7B, 0x31, 0x00, 0x32, 0x00, 0x33, 0x00,
                                      0x34, 0x00, 0x35, 0x00, 0x36, 0x00, 0x37, 0x00,
                                      0x38, 0x00, 0x39, 0x00, 0x30, 0x00, 0x31, 0x00,
                                      0x32, 0x00, 0x33, 0x00, 0x34, 0x00, 0x35, 0x00,
                                      0x36, 0x00, 0x37, 0x00, 0x41};
    assert_int_equal(decode(t, sizeof t, &d, &e), 0);
    assert_string_equal(d->encoding, "UTF-16LE");
    assert_int_equal(d->replacements, 2);
    assert_string_equal(line(d, 1, 1), "预\xEF\xBF\xBD算12345678901234567\xEF\xBF\xBD");
    fs_rawdoc_free(d);
}

static void test_gb18030_with_bad_byte(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    /* 预算 in GBK (D4 A4 CB E3), 0xFF (never valid), 12345678 万元 (CD F2 D4 AA). */
    static const unsigned char t[] = {0xD4, 0xA4, 0xCB, 0xE3, 0xFF, '1', '2', '3', '4',
                                      '5',  '6',  '7',  '8',  0xCD, 0xF2, 0xD4, 0xAA};
    assert_int_equal(decode(t, sizeof t, &d, &e), 0);
    assert_string_equal(d->encoding, "GB18030");
    assert_int_equal(d->replacements, 1);
    assert_string_equal(line(d, 1, 1), "预算\xEF\xBF\xBD" "12345678万元");
    fs_rawdoc_free(d);
}

static void test_refuses_junk(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    unsigned char junk[600];
    memset(junk, 0xFF, sizeof junk); /* invalid in UTF-8 and GB18030 alike */
    memcpy(junk, "abc", 3);
    assert_int_equal(decode(junk, sizeof junk, &d, &e), FS_E_ENCODING);
    assert_null(d);
    assert_non_null(strstr(e.msg, "cannot decode text: 597 invalid byte sequences"));
    assert_non_null(strstr(e.msg, "not UTF-8, UTF-16 or GB18030"));
    /* Control bytes are not text either. */
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i % 8);
    assert_int_equal(decode(junk, sizeof junk, &d, &e), FS_E_ENCODING);
    assert_null(d);
    assert_non_null(strstr(e.msg, "control"));
    /* Just under a tenth replaced is still accepted: 1 bad byte in 10 chars. */
    assert_int_equal(decode("abcdefghi\xFF", 10, &d, &e), 0);
    assert_int_equal(d->replacements, 1);
    fs_rawdoc_free(d);
}

static void test_ten_megabyte_line(void **state)
{
    (void)state;
    const char unit[] = "预算1,212.12万元，"; /* 24 bytes */
    size_t ul = sizeof unit - 1, reps = (10u << 20) / ul;
    size_t n = ul * reps;
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < reps; i++)
        memcpy(big + i * ul, unit, ul);
    fs_rawdoc *d = NULL;
    fs_error e;
    assert_int_equal(decode(big, n, &d, &e), 0);
    assert_int_equal(d->npages, 1);
    assert_int_equal(d->pages[0].nlines, 1);
    assert_int_equal(d->pages[0].lines[0].len, n);
    assert_memory_equal(d->pages[0].lines[0].text, big, n);
    fs_rawdoc_free(d);
    /* The same as GB18030 with a bad byte every 4 KiB: still one pass. */
    size_t gl = 0;
    char *gb = malloc(n + 16);
    assert_non_null(gb);
    static const unsigned char gunit[] = {0xD4, 0xA4, 0xCB, 0xE3, '1', '2', 0xCD, 0xF2};
    size_t bad = 0;
    while (gl + sizeof gunit + 1 <= n) {
        memcpy(gb + gl, gunit, sizeof gunit);
        gl += sizeof gunit;
        if (gl % 4096 < sizeof gunit) {
            gb[gl++] = (char)0xFF;
            bad++;
        }
    }
    assert_int_equal(decode(gb, gl, &d, &e), 0);
    assert_string_equal(d->encoding, "GB18030");
    assert_int_equal(d->replacements, bad);
    assert_int_equal(d->pages[0].nlines, 1);
    fs_rawdoc_free(d);
    free(gb);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_utf8_bom_crlf),
        cmocka_unit_test(test_utf16le),
        cmocka_unit_test(test_utf16be),
        cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_line_endings_and_pages),
        cmocka_unit_test(test_page_edges),
        cmocka_unit_test(test_invalid_bytes_replaced),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_utf16_damage),
        cmocka_unit_test(test_gb18030_with_bad_byte),
        cmocka_unit_test(test_refuses_junk),
        cmocka_unit_test(test_ten_megabyte_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
