/* test_hostile.c — the hostile-input set of tests/hostile/ through the
 * command line: each broken, hostile or oversized input gives its exact
 * one-line diagnostic and exit status, or the correct result.  The expected
 * outcome of every file is listed in tests/hostile/README.md.  Large inputs
 * (a 10,000-page PDF, a 10 MB line, 100,000 lines) are written at test time
 * into a temporary directory. */
#define _DEFAULT_SOURCE /* wait4 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/fiscan-hostile-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Copies the path of a file of tests/hostile/ into buf. */
static const char *hostile(char *buf, size_t cap, const char *rel)
{
    char r[512];
    snprintf(r, sizeof r, "tests/hostile/%s", rel);
    snprintf(buf, cap, "%s", tu_path(r));
    return buf;
}

/* A path in the temporary directory. */
static const char *tmp(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", tmpdir, name);
    return buf;
}

static tu_run run(const char *const *argv)
{
    tu_run r;
    assert_int_equal(tu_run_fiscan(argv, NULL, 0, &r), 0);
    return r;
}

/* stderr is exactly "fiscan: FILE: msg\n". */
static void stderr_is(const tu_run *r, const char *file, const char *msg)
{
    char want[4096];
    if (file)
        snprintf(want, sizeof want, "fiscan: %s: %s\n", file, msg);
    else
        snprintf(want, sizeof want, "fiscan: %s\n", msg);
    if (strcmp(r->err, want) != 0)
        printf("stderr was: %s\nwanted:     %s", r->err, want);
    assert_string_equal(r->err, want);
}

/* Runs `fiscan text FILE` (plus extra options) and expects the one-line
 * error msg, nothing on stdout and exit status 2. */
static void text_fails(const char *file, const char *opt1, const char *opt2, const char *msg)
{
    const char *argv[6];
    size_t k = 0;
    argv[k++] = "text";
    if (opt1)
        argv[k++] = opt1;
    if (opt2)
        argv[k++] = opt2;
    argv[k++] = file;
    argv[k] = NULL;
    tu_run r = run(argv);
    stderr_is(&r, file, msg);
    assert_int_equal(r.status, 2);
    assert_int_equal(r.out_len, 0);
    tu_run_free(&r);
}

/* ---- PDFs ------------------------------------------------------------- */

static void test_pdf_empty(void **state)
{
    (void)state;
    char f[4096];
    text_fails(hostile(f, sizeof f, "pdf/empty.pdf"), NULL, NULL, "empty file");
}

static void test_pdf_truncated(void **state)
{
    (void)state;
    char f[4096];
    text_fails(hostile(f, sizeof f, "pdf/truncated.pdf"), NULL, NULL,
               "damaged PDF: PDF document is damaged");
}

static void test_pdf_png_renamed(void **state)
{
    (void)state;
    char f[4096];
    text_fails(hostile(f, sizeof f, "pdf/png-renamed.pdf"), NULL, NULL,
               "not a PDF file (starts with \"\\x89PNG\\x0D\\x0A\\x1A\\x0A\": looks like a PNG "
               "image)");
}

/* The cover page's text, as pdftotext shows it (title line, then the
 * budget unit), joined by normalisation into one paragraph. */
static const char cover_text[] =
    "上海市普陀区社会福利院2024年单位预算预算单位：上海市普陀区社会福利院\n";

static void test_pdf_user_password(void **state)
{
    (void)state;
    char f[4096];
    hostile(f, sizeof f, "pdf/user-password.pdf");
    text_fails(f, NULL, NULL, "encrypted PDF: a password is required (use --password)");
    text_fails(f, "--password", "wrong", "encrypted PDF: wrong password");
    const char *argv[] = {"text", "--password", "user", f, NULL};
    tu_run r = run(argv);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.err_len, 0);
    assert_string_equal(r.out, cover_text);
    tu_run_free(&r);
}

static void test_pdf_owner_only(void **state)
{
    (void)state;
    char f[4096];
    const char *argv[] = {"text", hostile(f, sizeof f, "pdf/owner-only.pdf"), NULL};
    tu_run r = run(argv);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.err_len, 0);
    assert_string_equal(r.out, cover_text);
    tu_run_free(&r);
}

static void test_pdf_scanned(void **state)
{
    (void)state;
    char f[4096];
    hostile(f, sizeof f, "pdf/scanned.pdf");
    text_fails(f, NULL, NULL, "no text layer (scanned image?): 1 page, no text");
    const char *argv[] = {"extract", f, NULL}; /* not an empty success either */
    tu_run r = run(argv);
    assert_int_equal(r.status, 2);
    assert_int_equal(r.out_len, 0);
    tu_run_free(&r);
}

/* Fonts without ToUnicode: poppler returns glyph numbers; the document is
 * refused, and no figure comes out of the garbled text. */
static void test_pdf_no_tounicode(void **state)
{
    (void)state;
    char f[4096];
    hostile(f, sizeof f, "pdf/no-tounicode.pdf");
    static const char msg[] = "unreadable text layer: 1097 of 1764 characters (62%) are not "
                              "Chinese, Latin or common symbols (fonts without a ToUnicode map?)";
    text_fails(f, NULL, NULL, msg);
    const char *argv[] = {"extract", f, NULL};
    tu_run r = run(argv);
    stderr_is(&r, f, msg);
    assert_int_equal(r.status, 2);
    assert_int_equal(r.out_len, 0);
    tu_run_free(&r);
}

/* Only the digits drawn in a font without ToUnicode: they come out as
 * control characters, 4% of the text; refused all the same, rather than
 * read as sentences whose numbers are missing. */
static void test_pdf_cid_digits(void **state)
{
    (void)state;
    char f[4096];
    hostile(f, sizeof f, "pdf/cid-digits.pdf");
    static const char msg[] = "unreadable text layer: 120 control characters among 2490 (glyph "
                              "numbers of a font without a ToUnicode map, often the digits)";
    text_fails(f, NULL, NULL, msg);
    const char *argv[] = {"check", f, NULL};
    tu_run r = run(argv);
    stderr_is(&r, f, msg);
    assert_int_equal(r.status, 2);
    assert_int_equal(r.out_len, 0);
    tu_run_free(&r);
}

/* Runs fiscan with argv, stdout and stderr to /dev/null, and returns its
 * exit status; *maxrss_kib gets the child's peak resident set. */
static int run_rss(const char *const *argv, long *maxrss_kib)
{
    size_t argc = 0;
    while (argv[argc])
        argc++;
    char **av = calloc(argc + 2, sizeof *av);
    assert_non_null(av);
    av[0] = (char *)FISCAN_BIN;
    for (size_t i = 0; i < argc; i++)
        av[i + 1] = (char *)argv[i];
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        execv(FISCAN_BIN, av);
        _exit(127);
    }
    free(av);
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &st, 0, &ru) < 0 && errno == EINTR)
        ;
    *maxrss_kib = ru.ru_maxrss;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A 10,000-page PDF is read whole, and memory grows with the text, not
 * with poppler's or fiscan's per-page bookkeeping beyond a bound.
 *
 * Measured (text of this generated file, 300 bytes of PDF a page): peak
 * RSS 17 MB at 1,000 pages and 36 MB at 10,000 (pdftotext 11.6 and 26 MB);
 * massif at 10,000 pages: 3.0 MB the file itself, about 15 MB poppler's
 * page-tree cache (Catalog::cachePageTree, kept until the document is
 * closed), 0.4 MB fiscan's line texts — before pdf.c gave back each page's
 * spare line slots, another 12.7 MB (48 MB RSS in all).  The bound: the
 * 9,000 extra pages may add at most 3 KiB each (measured 2.1 KiB; 3.4 KiB
 * before that change). */
static void test_pdf_10000_pages(void **state)
{
    (void)state;
    char small[512], big[512];
    assert_int_equal(tu_write_pages_pdf(tmp(small, sizeof small, "p1000.pdf"), 1000,
                                        "Line @ of page #"), 0);
    assert_int_equal(tu_write_pages_pdf(tmp(big, sizeof big, "p10000.pdf"), 10000,
                                        "Line @ of page #"), 0);
    const char *argv[] = {"text", "--raw", big, NULL};
    tu_run r = run(argv);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.err_len, 0);
    /* every page: its own line, pages separated by form feeds */
    assert_int_equal(tu_count(r.out, "\f"), 9999);
    assert_non_null(strstr(r.out, "Line bb of page 27\n")); /* 27 = 1 + 1*26: "bb" */
    assert_non_null(strstr(r.out, "\fLine quo of page 10000\n")); /* 10000 = 16 + 20*26 + 14*676 */
    tu_run_free(&r);

    if (TU_UNDER_ASAN || tu_under_valgrind()) {
        printf("memory bound not checked under AddressSanitizer or valgrind\n");
        return;
    }
    long rss_small = 0, rss_big = 0;
    const char *a1[] = {"text", small, NULL};
    const char *a2[] = {"text", big, NULL};
    assert_int_equal(run_rss(a1, &rss_small), 0);
    assert_int_equal(run_rss(a2, &rss_big), 0);
    printf("peak RSS: 1,000 pages %ld KiB, 10,000 pages %ld KiB\n", rss_small, rss_big);
    assert_true(rss_big - rss_small <= 9000L * 3);
}

/* ---- limits ------------------------------------------------------------ */

static void test_limit_max_pages(void **state)
{
    (void)state;
    char f[512];
    assert_int_equal(tu_write_pages_pdf(tmp(f, sizeof f, "p10001.pdf"), 10001, "Page @"), 0);
    text_fails(f, "--max-pages", "10000", "PDF has 10001 pages, more than the limit of 10000");
    const char *argv[] = {"text", "--max-pages", "10001", f, NULL};
    tu_run r = run(argv);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
}

static void test_limit_max_bytes(void **state)
{
    (void)state;
    char f[4096];
    hostile(f, sizeof f, "text/invalid-utf8.txt"); /* 367 bytes */
    text_fails(f, "--max-bytes", "366", "input is 367 bytes, larger than the limit of 366 bytes");
    const char *argv[] = {"text", "--max-bytes", "367", f, NULL};
    tu_run r = run(argv);
    assert_int_equal(r.status, 0);
    tu_run_free(&r);
    /* standard input (here a file, so its size is known) */
    static const char in[] = "2019年部门一般公共预算支出953.39万元。\n"; /* 53 bytes */
    const char *argv2[] = {"text", "--max-bytes", "52", "-", NULL};
    assert_int_equal(tu_run_fiscan(argv2, in, strlen(in), &r), 0);
    stderr_is(&r, "-", "input is 53 bytes, larger than the limit of 52 bytes");
    assert_int_equal(r.status, 2);
    assert_int_equal(r.out_len, 0);
    tu_run_free(&r);
}

/* 100,000 small pages take several seconds (2 to 6 s measured, 10 to 20
 * pages a millisecond, of which 0.3 to 0.8 s before the first page); with
 * --timeout 1 the reader stops between two pages with the page it reached.
 * Under AddressSanitizer, opening the file alone takes about 6 s, so the
 * alarm stops the run inside that one step instead: that message is
 * accepted there; on a loaded machine the limit can pass while the file is
 * read, which is named as such. */
static void test_limit_timeout(void **state)
{
    (void)state;
    char f[512];
    assert_int_equal(tu_write_pages_pdf(tmp(f, sizeof f, "p100000.pdf"), 100000, "Page @"), 0);
    static const char *const cmds[] = {"text", "extract", "check"};
    for (size_t i = 0; i < 3; i++) {
        const char *argv[] = {cmds[i], "--timeout", "1", "--max-pages", "100000", f, NULL};
        tu_run r = run(argv);
        char prefix[1024], hard[1024];
        int n = snprintf(prefix, sizeof prefix, "fiscan: %s: time limit of 1 s exceeded after page ",
                         f);
        snprintf(hard, sizeof hard,
                 "fiscan: %s: time limit of 1 s exceeded (stopped inside one step)\n", f);
        /* on a loaded machine the limit may pass before the first page,
         * while the file is read: that step is named instead */
        char early[1024];
        snprintf(early, sizeof early,
                 "fiscan: %s: time limit of 1 s exceeded after reading the file\n", f);
        int slow = TU_UNDER_ASAN || tu_under_valgrind();
        if (!((slow && strcmp(r.err, hard) == 0) || strcmp(r.err, early) == 0)) {
            if (strncmp(r.err, prefix, (size_t)n) != 0)
                printf("stderr was: %s", r.err);
            assert_int_equal(strncmp(r.err, prefix, (size_t)n), 0);
            char *end = NULL;
            long page = strtol(r.err + n, &end, 10);
            assert_true(page >= 0 && page < 100000);
            assert_string_equal(end, " of 100000\n");
        }
        assert_int_equal(r.status, 2);
        assert_int_equal(r.out_len, 0);
        tu_run_free(&r);
    }
}

/* A step that never returns — here standard input that stays open — is
 * stopped by the alarm: one line, exit status 2, the output of the files
 * before it kept. */
static void test_limit_timeout_hard_stop(void **state)
{
    (void)state;
    char good[4096], errf[512];
    hostile(good, sizeof good, "text/huge-yi.txt");
    tmp(errf, sizeof errf, "hard-stop.err");
    char outf[512];
    tmp(outf, sizeof outf, "hard-stop.out");
    int pfd[2];
    assert_int_equal(pipe(pfd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fe = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int fo = open(outf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(pfd[0], 0);
        dup2(fo, 1);
        dup2(fe, 2);
        close(pfd[1]);
        execl(FISCAN_BIN, FISCAN_BIN, "text", "--timeout", "1", good, "-", (char *)NULL);
        _exit(127);
    }
    close(pfd[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    close(pfd[1]);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 2);
    char *err = tu_read_file(errf, NULL), *out = tu_read_file(outf, NULL);
    assert_non_null(err);
    assert_non_null(out);
    assert_string_equal(err, "fiscan: -: time limit of 1 s exceeded (stopped inside one step)\n");
    char want[8192];
    snprintf(want, sizeof want, "==> %s <==\n2019年部门一般公共预算支出9999999999999999999亿元。\n",
             good);
    assert_string_equal(out, want);
    free(err);
    free(out);
}

/* One poppler call that runs far past the limit (the text layout of a page
 * of 50,000 scattered numbers takes over a minute): the alarm stops it at
 * the limit plus one second. */
static void test_limit_timeout_inside_poppler(void **state)
{
    (void)state;
    char f[512], msg[1024];
    assert_int_equal(tu_write_dense_pdf(tmp(f, sizeof f, "dense.pdf"), 50000), 0);
    const char *argv[] = {"text", "--timeout", "1", f, NULL};
    tu_run r = run(argv);
    snprintf(msg, sizeof msg, "time limit of 1 s exceeded (stopped inside one step)");
    stderr_is(&r, f, msg);
    assert_int_equal(r.status, 2);
    assert_int_equal(r.out_len, 0);
    tu_run_free(&r);
}

/* The defaults are stated in --help; --timeout takes positive seconds. */
static void test_limit_defaults_in_help(void **state)
{
    (void)state;
    const char *argv[] = {"--help", NULL};
    tu_run r = run(argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "--max-bytes N    refuse inputs larger than N bytes (default 512 MiB)"));
    assert_non_null(strstr(r.out, "--max-pages N    refuse PDFs with more than N pages (default 20000)"));
    assert_non_null(strstr(r.out, "--timeout S      give up a document after S seconds (default 120)"));
    tu_run_free(&r);
    const char *bad[] = {"text", "--timeout", "0", "x", NULL};
    r = run(bad);
    assert_int_equal(r.status, 2);
    stderr_is(&r, NULL, "--timeout: not a positive number of seconds: '0'");
    tu_run_free(&r);
}

/* ---- text -------------------------------------------------------------- */

/* The two sentences of liuzhou-2019.txt lines 73 and 77 as CSV rows
 * (columns id … change_percent_text; text cells quoted, docs/csv.md): the identity (item, code, measure,
 * scope, level, year, certain), 953.39万元 = 9,533,900 元, change
 * +183.39万元 = 1,833,900 元, 23.82%. */
static const char row1[] = ",\"f1\",\"money\",\"部门财政拨款收支预算\",2019,\"部门财政拨款收支\",\"\","
                           "\"预算\",\"财政拨款\",\"\",2019,true,953.39,\"953.39万元\",\"万元\",2,"
                           "\"9533900\",false,\"同比\",\"increase\",\"183.39万元\",\"1833900\",23.82,"
                           "\"23.82%\",";
static const char row2[] = ",\"f2\",\"money\",\"部门一般公共预算支出\",2019,\"部门一般公共预算支出\",\"\","
                           "\"预算\",\"一般公共预算\",\"\",2019,true,953.39,\"953.39万元\",\"万元\",2,"
                           "\"9533900\",false,\"同比\",\"increase\",\"183.39万元\",\"1833900\",23.82,"
                           "\"23.82%\",";

/* extract --format csv FILE: exit 0, stderr exactly warning (or empty),
 * the two rows and no third figure. */
static void both_figures(const char *rel, const char *warning)
{
    char f[4096];
    hostile(f, sizeof f, rel);
    const char *argv[] = {"extract", "--format", "csv", f, NULL};
    tu_run r = run(argv);
    if (warning)
        stderr_is(&r, f, warning);
    else
        assert_int_equal(r.err_len, 0);
    assert_int_equal(r.status, 0);
    assert_int_equal(tu_count(r.out, row1), 1);
    assert_int_equal(tu_count(r.out, row2), 1);
    assert_int_equal(tu_count(r.out, "\n"), 3); /* header and two rows */
    tu_run_free(&r);
}

static void test_text_invalid_utf8(void **state)
{
    (void)state;
    both_figures("text/invalid-utf8.txt",
                 "warning: 3 invalid byte sequences replaced by U+FFFD (UTF-8)");
}

static void test_text_gb18030_stray(void **state)
{
    (void)state;
    both_figures("text/gb18030-stray.txt",
                 "warning: 2 invalid byte sequences replaced by U+FFFD (GB18030)");
}

static void test_text_nul_bytes(void **state)
{
    (void)state;
    both_figures("text/nul-bytes.txt", "warning: 2 invalid byte sequences replaced by U+FFFD (UTF-8)");
}

/* A 10 MB line (说明 repeated, then the sentence of liuzhou-2019.txt line
 * 77): one figure, read correctly at the end of the line. */
static void test_text_10mb_line(void **state)
{
    (void)state;
    char f[512];
    FILE *fp = fopen(tmp(f, sizeof f, "line10m.txt"), "wb");
    assert_non_null(fp);
    for (size_t i = 0; i < 10u * 1024 * 1024 / 6; i++)
        fputs("说明", fp);
    fputs("2019年部门一般公共预算支出953.39万元，同比增加183.39万元，同比增长23.82%，"
          "增加的主要原因：工资福利性支出增加。\n", fp);
    assert_int_equal(fclose(fp), 0);
    const char *argv[] = {"extract", "--format", "csv", f, NULL};
    tu_run r = run(argv);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.err_len, 0);
    assert_non_null(strstr(r.out, ",\"f1\",\"money\",\"部门一般公共预算支出\",2019,"
                                  "\"部门一般公共预算支出\",\"\",\"预算\",\"一般公共预算\",\"\",2019,true,"
                                  "953.39,\"953.39万元\",\"万元\",2,\"9533900\",false,\"同比\","
                                  "\"increase\",\"183.39万元\",\"1833900\",23.82,\"23.82%\","));
    assert_int_equal(tu_count(r.out, "\n"), 2);
    tu_run_free(&r);
}

/* 100,000 lines of bare numbers: the text comes back line for line, and no
 * figure is made of numbers without a unit or a subject. */
static void test_text_100000_number_lines(void **state)
{
    (void)state;
    char f[512];
    FILE *fp = fopen(tmp(f, sizeof f, "numbers.txt"), "wb");
    assert_non_null(fp);
    for (unsigned i = 0; i < 100000; i++)
        fprintf(fp, "%u\n", (i * 7919u) % 1000003u);
    assert_int_equal(fclose(fp), 0);
    size_t len = 0;
    char *want = tu_read_file(f, &len);
    assert_non_null(want);
    const char *argv[] = {"text", f, NULL};
    tu_run r = run(argv);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.out_len, len);
    assert_memory_equal(r.out, want, len);
    tu_run_free(&r);
    free(want);
    const char *argv2[] = {"check", f, NULL};
    r = run(argv2);
    assert_int_equal(r.status, 0);
    char sum[1024];
    /* lines of bare numbers state no amount: nothing read, and said so */
    snprintf(sum, sizeof sum, "%s: no figures found; nothing checked\n", f);
    assert_string_equal(r.out, sum);
    tu_run_free(&r);
}

/* A figure beyond what can be held exactly (18 significant digits) is not
 * wrapped into a wrong value: no figure at all. */
/* A number that cannot be represented exactly makes no figure (nothing is
 * read as a wrong value) and is reported, on stderr with its place and in
 * the record's unread_numbers, rather than lost in silence. */
static void left_out(const char *rel, const char *shown, size_t ndigits)
{
    char f[4096], want[12288];
    const char *argv[] = {"extract", "--format", "jsonl", hostile(f, sizeof f, rel), NULL};
    tu_run r = run(argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"figures\":[]"));
    assert_null(strstr(r.out, "\"base\""));
    snprintf(want, sizeof want,
             "fiscan: %s:1:1: warning: number left out (more than 18 significant digits): "
             "\"%s\"\n"
             "fiscan: %s: warning: no figures found (no amount is stated in a form fiscan reads)\n",
             f, shown, f);
    assert_string_equal(r.err, want);
    cJSON *doc = cJSON_Parse(r.out);
    assert_non_null(doc);
    const cJSON *un = cJSON_GetObjectItemCaseSensitive(doc, "unread_numbers");
    assert_int_equal(cJSON_GetArraySize(un), 1);
    const cJSON *u = cJSON_GetArrayItem(un, 0);
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(u, "text");
    assert_true(cJSON_IsString(t));
    assert_int_equal(strlen(t->valuestring), ndigits);
    assert_int_equal(strspn(t->valuestring, "9"), ndigits);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(u, "line")->valueint, 1);
    cJSON_Delete(doc);
    tu_run_free(&r);
}

static void test_text_400_digits(void **state)
{
    (void)state;
    left_out("text/400-digits.txt",
             "999999999999999999999999999999999999999999999999999999999999…", 400);
}

static void test_text_huge_yi(void **state)
{
    (void)state;
    left_out("text/huge-yi.txt", "9999999999999999999", 19);
}

/* Finds the section whose heading is on line `line`; counts sections. */
static const cJSON *section_at_line(const cJSON *list, int line, size_t *count)
{
    const cJSON *hit = NULL, *s;
    cJSON_ArrayForEach(s, list)
    {
        (*count)++;
        const cJSON *l = cJSON_GetObjectItemCaseSensitive(s, "line");
        if (cJSON_IsNumber(l) && l->valueint == line)
            hit = s;
        const cJSON *h = section_at_line(cJSON_GetObjectItemCaseSensitive(s, "children"), line,
                                         count);
        if (h)
            hit = h;
    }
    return hit;
}

/* Collects the ids of every section into ids[], n of them. */
static void collect_ids(const cJSON *list, const char **ids, size_t *n, size_t cap)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, list)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "id");
        if (*n < cap && cJSON_IsString(id))
            ids[(*n)++] = id->valuestring;
        collect_ids(cJSON_GetObjectItemCaseSensitive(s, "children"), ids, n, cap);
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Self-contradicting (三、 before 一、, （一） and 一、 repeated, （五） after
 * （二）) and deeply nested (4,000 headings cycling through 一、 （一） 1.
 * （1） ①) headings: the outline is built, each heading is a section at
 * most once, ids are unique, and the figure after the last heading is read
 * correctly and placed in that heading's section. */
static void check_headings(const char *file, int nheadings, int last_heading_line)
{
    const char *argv[] = {"extract", file, NULL};
    tu_run r = run(argv);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.err_len, 0);
    cJSON *doc = cJSON_Parse(r.out);
    assert_non_null(doc);
    const cJSON *outline = cJSON_GetObjectItemCaseSensitive(doc, "outline");
    size_t count = 0;
    const cJSON *last = section_at_line(outline, last_heading_line, &count);
    assert_non_null(last);
    assert_true(count >= 1 && count <= (size_t)nheadings);
    const char **ids = calloc(count, sizeof *ids);
    size_t n = 0;
    collect_ids(outline, ids, &n, count);
    assert_int_equal(n, count);
    qsort(ids, n, sizeof *ids, cmp_str);
    for (size_t i = 1; i < n; i++)
        assert_string_not_equal(ids[i - 1], ids[i]);
    free(ids);
    const cJSON *figs = cJSON_GetObjectItemCaseSensitive(doc, "figures");
    assert_int_equal(cJSON_GetArraySize(figs), 1);
    const cJSON *fig = cJSON_GetArrayItem(figs, 0);
    const cJSON *val = cJSON_GetObjectItemCaseSensitive(fig, "value");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(val, "base")->valuestring, "9533900");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(fig, "section")->valuestring,
                        cJSON_GetObjectItemCaseSensitive(last, "id")->valuestring);
    cJSON_Delete(doc);
    tu_run_free(&r);
}

static void test_text_headings(void **state)
{
    (void)state;
    char f[4096];
    /* 11 numbered heading lines (2-11, 13); the figure is on line 12 */
    check_headings(hostile(f, sizeof f, "text/headings.txt"), 11, 11);

    char g[512];
    FILE *fp = fopen(tmp(g, sizeof g, "deep-headings.txt"), "wb");
    assert_non_null(fp);
    static const char *const kinds[] = {"一、标题", "（一）标题", "1.标题", "（1）标题", "①标题"};
    fputs("2019年部门预算公开说明\n", fp);
    for (int i = 0; i < 4000; i++)
        fprintf(fp, "%s\n", kinds[i % 5]);
    fputs("2019年部门一般公共预算支出953.39万元，同比增加183.39万元，同比增长23.82%。\n", fp);
    assert_int_equal(fclose(fp), 0);
    check_headings(g, 4000, 4001);
}

/* ---- patterns ---------------------------------------------------------- */

/* extract with --patterns DIR on the backtracking input. */
static tu_run extract_with(const char *dir_rel, char *dir, size_t cap, char *in, size_t incap)
{
    hostile(dir, cap, dir_rel);
    hostile(in, incap, "text/backtrack-input.txt");
    const char *argv[] = {"extract", "--format", "jsonl", "--patterns", dir, in, NULL};
    return run(argv);
}

static void test_patterns_backtracking(void **state)
{
    (void)state;
    char dir[4096], in[4096], msg[8192];
    tu_run r = extract_with("patterns/backtrack", dir, sizeof dir, in, sizeof in);
    snprintf(msg, sizeof msg,
             "pattern 'amount.evil' (%s/evil.pat:3) exceeded the match limit at offset 0 of the "
             "sentence at page 1, line 1; "
             "1 sentence could not be read",
             dir);
    stderr_is(&r, in, msg);
    assert_int_equal(r.status, 2);
    assert_int_equal(r.out_len, 0);
    tu_run_free(&r);
}

static void test_patterns_invalid(void **state)
{
    (void)state;
    char dir[4096], in[4096], msg[8192];
    tu_run r = extract_with("patterns/invalid", dir, sizeof dir, in, sizeof in);
    snprintf(msg, sizeof msg,
             "%s/bad.pat:2: pattern 'amount.bad': PCRE2 error 114: missing closing parenthesis "
             "at offset 17 of the expression (after \"(?<amount>{MONEY}\")",
             dir);
    stderr_is(&r, NULL, msg);
    assert_int_equal(r.status, 2);
    assert_int_equal(r.out_len, 0);
    tu_run_free(&r);
}

static void test_patterns_unknown_field(void **state)
{
    (void)state;
    char dir[4096], in[4096], msg[8192];
    tu_run r = extract_with("patterns/unknown-field", dir, sizeof dir, in, sizeof in);
    snprintf(msg, sizeof msg,
             "%s/colour.pat:2: pattern 'amount.colour': unknown field name 'colour' in group "
             "(?<colour>...) (known fields: subject amount basis dir percent prior prior_period "
             "share of period count unit approx code by list)",
             dir);
    stderr_is(&r, NULL, msg);
    assert_int_equal(r.status, 2);
    assert_int_equal(r.out_len, 0);
    tu_run_free(&r);
}

/* An empty pattern file is a warning; the built-in patterns still work. */
static void test_patterns_empty_file(void **state)
{
    (void)state;
    char dir[4096], f[4096], file[8192];
    hostile(dir, sizeof dir, "patterns/empty");
    hostile(f, sizeof f, "text/invalid-utf8.txt");
    const char *argv[] = {"extract", "--format", "csv", "--patterns", dir, f, NULL};
    tu_run r = run(argv);
    snprintf(file, sizeof file, "%s/empty.pat", dir);
    char want[16384];
    snprintf(want, sizeof want,
             "fiscan: %s: warning: defines no pattern\n"
             "fiscan: %s: warning: 3 invalid byte sequences replaced by U+FFFD (UTF-8)\n",
             file, f);
    assert_string_equal(r.err, want);
    assert_int_equal(r.status, 0);
    assert_int_equal(tu_count(r.out, row1), 1);
    assert_int_equal(tu_count(r.out, row2), 1);
    tu_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf_empty),
        cmocka_unit_test(test_pdf_truncated),
        cmocka_unit_test(test_pdf_png_renamed),
        cmocka_unit_test(test_pdf_user_password),
        cmocka_unit_test(test_pdf_owner_only),
        cmocka_unit_test(test_pdf_scanned),
        cmocka_unit_test(test_pdf_no_tounicode),
        cmocka_unit_test(test_pdf_cid_digits),
        cmocka_unit_test(test_pdf_10000_pages),
        cmocka_unit_test(test_limit_max_pages),
        cmocka_unit_test(test_limit_max_bytes),
        cmocka_unit_test(test_limit_timeout),
        cmocka_unit_test(test_limit_timeout_hard_stop),
        cmocka_unit_test(test_limit_timeout_inside_poppler),
        cmocka_unit_test(test_limit_defaults_in_help),
        cmocka_unit_test(test_text_invalid_utf8),
        cmocka_unit_test(test_text_gb18030_stray),
        cmocka_unit_test(test_text_nul_bytes),
        cmocka_unit_test(test_text_10mb_line),
        cmocka_unit_test(test_text_100000_number_lines),
        cmocka_unit_test(test_text_400_digits),
        cmocka_unit_test(test_text_huge_yi),
        cmocka_unit_test(test_text_headings),
        cmocka_unit_test(test_patterns_backtracking),
        cmocka_unit_test(test_patterns_invalid),
        cmocka_unit_test(test_patterns_unknown_field),
        cmocka_unit_test(test_patterns_empty_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
