/* test_input.c — format sniffing, reading files, and the refusals of
 * fs_input_load (empty file, an image named .pdf, limits, I/O errors). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"
#include "testutil.h"

static fs_format sniff(const void *p, size_t n) { return fs_input_sniff(p, n); }

static void test_sniff(void **state)
{
    (void)state;
    assert_int_equal(sniff("%PDF-1.7\n", 9), FS_FMT_PDF);
    /* Junk before the header, as some generators write, within 1024 bytes. */
    char buf[2048];
    memset(buf, ' ', sizeof buf);
    memcpy(buf + 1000, "%PDF-1.4", 8);
    assert_int_equal(sniff(buf, sizeof buf), FS_FMT_PDF);
    memset(buf, ' ', sizeof buf);
    memcpy(buf + 1020, "%PDF-1.4", 8); /* starts in, ends past byte 1024 */
    assert_int_equal(sniff(buf, sizeof buf), FS_FMT_TEXT);
    memset(buf, ' ', sizeof buf);
    memcpy(buf + 1100, "%PDF-1.4", 8);
    assert_int_equal(sniff(buf, sizeof buf), FS_FMT_TEXT);
    assert_int_equal(sniff("%PDF", 4), FS_FMT_TEXT);
    assert_int_equal(sniff("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), FS_FMT_UNKNOWN);
    assert_int_equal(sniff("PK\x03\x04\x14\0\0\0", 8), FS_FMT_UNKNOWN);
    assert_int_equal(sniff("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), FS_FMT_UNKNOWN);
    assert_int_equal(sniff("\xFF\xD8\xFF\xE0", 4), FS_FMT_UNKNOWN);
    assert_int_equal(sniff("", 0), FS_FMT_UNKNOWN);
    assert_int_equal(sniff("一、部门职责\n", 19), FS_FMT_TEXT);
    /* UTF-16 with a BOM is text despite its NULs; without one it is not. */
    assert_int_equal(sniff("\xFF\xFE" "a\0b\0c\0", 8), FS_FMT_TEXT);
    assert_int_equal(sniff("\xFE\xFF\0a\0b\0c", 8), FS_FMT_TEXT);
    assert_int_equal(sniff("a\0b\0c\0d\0", 8), FS_FMT_UNKNOWN);
    /* One control byte in 100 is tolerated, 2 in 10 are not. */
    memset(buf, 'x', 100);
    buf[50] = 0x01;
    assert_int_equal(sniff(buf, 100), FS_FMT_TEXT);
    memset(buf, 'x', 10);
    buf[2] = 0x02;
    buf[7] = 0x00;
    assert_int_equal(sniff(buf, 10), FS_FMT_UNKNOWN);
}

static int load(const char *rel, fs_rawdoc **d, fs_error *e)
{
    fs_error_clear(e);
    return fs_input_load(tu_path(rel), NULL, d, e);
}

static void test_png_named_pdf(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    assert_int_equal(load("tests/data/input/image-renamed.pdf", &d, &e), FS_E_FORMAT);
    assert_null(d);
    assert_non_null(strstr(e.msg, "not a PDF file"));
    assert_non_null(strstr(e.msg, "PNG"));
    assert_non_null(strstr(e.msg, "\\x89PNG"));
    /* The same bytes with no name to go by. */
    size_t n = 0;
    char *png = tu_read_file(tu_path("tests/data/input/image-renamed.pdf"), &n);
    assert_non_null(png);
    assert_int_equal(n, 67);
    fs_error_clear(&e);
    assert_int_equal(fs_input_load_buffer((unsigned char *)png, n, NULL, &d, &e), FS_E_FORMAT);
    assert_non_null(strstr(e.msg, "not a PDF or text file"));
    free(png);
}

/* Writes data to <new temporary directory>/doc<suffix>; returns the
 * malloc'd path.  remove_temp() deletes both. */
static char *temp_file(const char *suffix, const void *data, size_t n)
{
    char dir[] = "/tmp/fiscan-test-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = malloc(96);
    assert_non_null(path);
    snprintf(path, 96, "%s/doc%s", dir, suffix);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
    return path;
}

static void remove_temp(char *path)
{
    unlink(path);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    rmdir(path);
    free(path);
}

static void test_html_named_pdf(void **state)
{
    (void)state;
    static const char html[] = "<!DOCTYPE html>\n<html><body>404 页面不存在</body></html>\n";
    char *pdf = temp_file(".PDF", html, sizeof html - 1);
    fs_rawdoc *d = NULL;
    fs_error e;
    fs_error_clear(&e);
    assert_int_equal(fs_input_load(pdf, NULL, &d, &e), FS_E_FORMAT);
    assert_non_null(strstr(e.msg, "HTML"));
    fs_error_clear(&e);
    assert_int_equal(fs_input_check_name("x/report.Pdf", (const unsigned char *)html,
                                         sizeof html - 1, &e),
                     FS_E_FORMAT);
    assert_int_equal(fs_input_check_name("report.txt", (const unsigned char *)html,
                                         sizeof html - 1, &e),
                     0);
    assert_int_equal(fs_input_check_name("a.pdf", (const unsigned char *)"%PDF-1.4", 8, &e), 0);
    /* Under a .txt name the same bytes are text: content decides. */
    char *txt = temp_file(".txt", html, sizeof html - 1);
    assert_int_equal(fs_input_load(txt, NULL, &d, &e), 0);
    assert_string_equal(d->format, "text");
    fs_rawdoc_free(d);
    remove_temp(pdf);
    remove_temp(txt);
}

static void test_empty_file(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    assert_int_equal(load("tests/data/input/empty.pdf", &d, &e), FS_E_FORMAT);
    assert_null(d);
    assert_string_equal(e.msg, "empty file");
    fs_error_clear(&e);
    assert_int_equal(fs_input_load_buffer((const unsigned char *)"", 0, NULL, &d, &e), FS_E_FORMAT);
    assert_string_equal(e.msg, "empty file");
}

static void test_io_errors(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    assert_int_equal(load("tests/data/input/no-such-file.pdf", &d, &e), FS_E_IO);
    assert_non_null(strstr(e.msg, "cannot open"));
    assert_non_null(strstr(e.msg, "No such file or directory"));
    assert_int_equal(load("tests/data/input", &d, &e), FS_E_IO);
    assert_non_null(strstr(e.msg, "directory"));
    unsigned char *data = NULL;
    size_t n = 0;
    fs_error_clear(&e);
    assert_int_equal(fs_input_read_all("", 0, &data, &n, &e), FS_E_USAGE);
}

static void test_read_limit(void **state)
{
    (void)state;
    unsigned char *data = NULL;
    size_t n = 0;
    fs_error e;
    const char *p = tu_path("tests/data/input/text-utf8.txt"); /* 197 bytes */
    fs_error_clear(&e);
    assert_int_equal(fs_input_read_all(p, 196, &data, &n, &e), FS_E_LIMIT);
    assert_null(data);
    assert_non_null(strstr(e.msg, "197 bytes"));
    assert_non_null(strstr(e.msg, "limit of 196 bytes"));
    assert_int_equal(fs_input_read_all(p, 197, &data, &n, &e), 0);
    assert_int_equal(n, 197);
    assert_memory_equal(data, "2024年", 7);
    free(data);
    /* Through fs_input_load with options. */
    fs_input_opts o = {NULL, 100, 0};
    fs_rawdoc *d = NULL;
    assert_int_equal(fs_input_load(p, &o, &d, &e), FS_E_LIMIT);
    assert_null(d);
}

/* "-" reads standard input: fd 0 is pointed at a file for the call. */
static void test_read_stdin(void **state)
{
    (void)state;
    int saved = dup(0);
    assert_true(saved >= 0);
    FILE *f = fopen(tu_path("tests/data/input/text-utf8.txt"), "rb");
    assert_non_null(f);
    assert_true(dup2(fileno(f), 0) == 0);
    unsigned char *data = NULL;
    size_t n = 0;
    fs_error e;
    fs_error_clear(&e);
    int rc = fs_input_read_all("-", 0, &data, &n, &e);
    dup2(saved, 0);
    close(saved);
    fclose(f);
    assert_int_equal(rc, 0);
    assert_int_equal(n, 197);
    assert_memory_equal(data, "2024年", 7);
    free(data);
}

static void test_dispatch(void **state)
{
    (void)state;
    fs_rawdoc *d = NULL;
    fs_error e;
    assert_int_equal(load("tests/data/input/text-gb18030.txt", &d, &e), 0);
    assert_string_equal(d->format, "text");
    assert_string_equal(d->encoding, "GB18030");
    fs_rawdoc_free(d);
    assert_int_equal(load("tests/data/input/cover.pdf", &d, &e), 0);
    assert_string_equal(d->format, "pdf");
    assert_int_equal(d->npages, 1);
    fs_rawdoc_free(d);
    /* Binary without a known signature. */
    unsigned char bin[256];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i * 7);
    fs_error_clear(&e);
    assert_int_equal(fs_input_load_buffer(bin, sizeof bin, NULL, &d, &e), FS_E_FORMAT);
    assert_non_null(strstr(e.msg, "not a PDF or text file (starts with \"\\x00\\x07\\x0E"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff),        cmocka_unit_test(test_png_named_pdf),
        cmocka_unit_test(test_html_named_pdf), cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_io_errors),    cmocka_unit_test(test_read_limit),
        cmocka_unit_test(test_read_stdin),
        cmocka_unit_test(test_dispatch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
