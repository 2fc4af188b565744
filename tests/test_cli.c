/* test_cli.c — the fiscan command line end to end: exit statuses, the one
 * diagnostic form "fiscan: FILE: message", standard input, --patterns
 * picked up without rebuilding, and check's findings on the corpus. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include <cjson/cJSON.h>

/* Runs fiscan and returns its outcome (caller frees with tu_run_free). */
static tu_run run(const char *const *argv)
{
    tu_run r;
    assert_int_equal(tu_run_fiscan(argv, NULL, 0, &r), 0);
    return r;
}

/* stderr is exactly one line, starting "fiscan: FILE: " and holding needle. */
static void one_line_error(const tu_run *r, const char *file, const char *needle)
{
    char prefix[1024];
    snprintf(prefix, sizeof prefix, "fiscan: %s: ", file);
    if (strncmp(r->err, prefix, strlen(prefix)) != 0 || !strstr(r->err, needle))
        printf("stderr was: %s\n", r->err);
    assert_int_equal(strncmp(r->err, prefix, strlen(prefix)), 0);
    assert_non_null(strstr(r->err, needle));
    assert_int_equal(tu_count(r->err, "\n"), 1);
    assert_int_equal(r->err[r->err_len - 1], '\n');
}

/* A file that is not a PDF named .pdf, a truncated PDF and an encrypted PDF
 * each give one line on stderr, nothing on stdout, and exit status 2. */
static void test_bad_pdfs(void **state)
{
    (void)state;
    static const struct {
        const char *file, *needle;
    } cases[] = {
        {"tests/data/input/image-renamed.pdf", "PNG"},
        {"tests/data/input/cover-truncated.pdf", "damaged"},
        {"tests/data/input/cover-user-pw.pdf", "password"},
        {"tests/data/input/empty.pdf", "empty file"},
        {"tests/data/input/notext.pdf", "no text layer"},
        {"tests/data/input/no-such-file.pdf", "No such file"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *path = tu_path(cases[i].file);
        const char *argv[] = {"text", path, NULL};
        tu_run r = run(argv);
        assert_int_equal(r.status, 2);
        assert_int_equal(r.out_len, 0);
        one_line_error(&r, path, cases[i].needle);
        tu_run_free(&r);
    }
}

/* With the password the encrypted PDF reads; a bad file among good ones is
 * reported and the others are still processed (exit 2). */
static void test_password_and_batch_of_files(void **state)
{
    (void)state;
    const char *enc = tu_path("tests/data/input/cover-user-pw.pdf");
    const char *argv[] = {"text", "--password", "user", enc, NULL};
    tu_run r = run(argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "社会福利院"));
    tu_run_free(&r);

    char good[4096], bad[4096];
    snprintf(good, sizeof good, "%s", tu_path("corpus/qiaoxi-2020.txt"));
    snprintf(bad, sizeof bad, "%s", tu_path("tests/data/input/cover-truncated.pdf"));
    const char *argv2[] = {"extract", "--format", "jsonl", bad, good, NULL};
    r = run(argv2);
    assert_int_equal(r.status, 2);
    one_line_error(&r, bad, "damaged");
    assert_int_equal(tu_count(r.out, "\n"), 1); /* one record: the good file */
    assert_non_null(strstr(r.out, "\"figures\":[{"));
    tu_run_free(&r);
}

/* Standard input, --help, --version and usage errors. */
static void test_stdin_help_usage(void **state)
{
    (void)state;
    const char *in = "2019年部门一般公共预算支出９５３．３９ 万元，同比增\n长23.82%。\n";
    const char *argv[] = {"text", "-", NULL};
    tu_run r;
    assert_int_equal(tu_run_fiscan(argv, in, strlen(in), &r), 0);
    assert_int_equal(r.status, 0);
    /* a text file's lines are paragraphs; full-width digits fold, spaces go */
    assert_string_equal(r.out, "2019年部门一般公共预算支出953.39万元，同比增\n长23.82%。\n");
    tu_run_free(&r);

    const char *help[] = {"--help", NULL};
    r = run(help);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Usage: fiscan COMMAND"));
    assert_non_null(strstr(r.out, "Exit status"));
    tu_run_free(&r);

    const char *ver[] = {"--version", NULL};
    r = run(ver);
    assert_int_equal(r.status, 0);
    assert_int_equal(strncmp(r.out, "fiscan ", 7), 0);
    tu_run_free(&r);

    const char *bad[][4] = {
        {"frobnicate", "x", NULL, NULL},
        {"text", NULL, NULL, NULL},
        {"check", "--rounding", "sideways", NULL},
        {"extract", "--format", "xml", NULL},
        {"text", "--no-such-option", "x", NULL},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        r = run(bad[i]);
        assert_int_equal(r.status, 2);
        assert_int_equal(strncmp(r.err, "fiscan: ", 8), 0);
        assert_int_equal(tu_count(r.err, "\n"), 1);
        tu_run_free(&r);
    }
}

/* A pattern file in a --patterns directory is used at run time: the
 * built-in patterns give this amount no subject, the user's pattern does. */
static void test_user_patterns(void **state)
{
    (void)state;
    char dir[] = "/tmp/fiscan-patterns-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/50_colon.pat", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("[amount.colon]\nfamily = amount\npriority = 30\n"
          "regex = (?<subject>\\p{sc=Han}{2,12})：{S}(?<amount>{MONEY})\n"
          "example = 职工培训经费：88.8万元\n", f);
    fclose(f);
    const char *in = "职工培训经费：88.8万元\n";
    const char *plain[] = {"extract", "--format", "csv", "-", NULL};
    tu_run r;
    assert_int_equal(tu_run_fiscan(plain, in, strlen(in), &r), 0);
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, ",\"职工培训经费\","));
    tu_run_free(&r);
    const char *user[] = {"extract", "--format", "csv", "--patterns", dir, "-", NULL};
    assert_int_equal(tu_run_fiscan(user, in, strlen(in), &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, ",\"职工培训经费\","));
    assert_non_null(strstr(r.out, ",\"88.8万元\","));
    tu_run_free(&r);

    /* a broken user pattern names its file and line, and stops the run */
    f = fopen(path, "w");
    fputs("[amount.bad]\nregex = (?<amount>{MONEY}\n", f);
    fclose(f);
    assert_int_equal(tu_run_fiscan(user, in, strlen(in), &r), 0);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "50_colon.pat:2"));
    assert_non_null(strstr(r.err, "missing closing parenthesis"));
    tu_run_free(&r);
    unlink(path);
    rmdir(dir);
}

/* check: the 2019 reference report has one arithmetic error (its 公用经费
 * parts' changes add up to 19.24万元 against a stated 13.66万元) and two
 * truncation-only warnings; the 2020 one is clean.  Exit 1 and 0. */
static void test_check_corpus(void **state)
{
    (void)state;
    const char *lz = tu_path("corpus/liuzhou-2019.pdf");
    const char *argv[] = {"check", lz, NULL};
    tu_run r = run(argv);
    assert_int_equal(r.status, 1);
    assert_int_equal(tu_count(r.out, ": error: ["), 1);
    assert_int_equal(tu_count(r.out, ": error: [change_sum] 公用经费同比增加13.66万元"), 1);
    assert_int_equal(tu_count(r.out, ": warning: ["), 2);
    assert_non_null(strstr(r.out, "1 error, 2 warnings"));
    tu_run_free(&r);

    const char *argv_e[] = {"check", "--severity", "error", lz, NULL};
    r = run(argv_e);
    assert_int_equal(r.status, 1);
    assert_int_equal(tu_count(r.out, ": warning: ["), 0);
    tu_run_free(&r);

    const char *qx = tu_path("corpus/qiaoxi-2020.pdf");
    const char *argv2[] = {"check", qx, NULL};
    r = run(argv2);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "0 errors, 0 warnings"));
    tu_run_free(&r);
}

/* A finding quotes the sentence that prints its stated number first, with
 * where it stands, in the text diagnostics and in JSON. */
static void test_stated_quote(void **state)
{
    (void)state;
    static const char doc[] = "2026年某局部门预算\n"
                              "一般公共预算支出953.39万元。与上年相比增加183.39万元，增长30%。\n";
    const char *argv[] = {"check", "-", NULL};
    tu_run r;
    assert_int_equal(tu_run_fiscan(argv, doc, sizeof doc - 1, &r), 0);
    assert_int_equal(r.status, 1);
    const char *q = strstr(r.out, "    1:2 | 与上年相比增加183.39万元，增长30%。\n");
    const char *v = strstr(r.out, "    1:2 | 一般公共预算支出953.39万元。\n");
    assert_non_null(q);
    assert_non_null(v);
    assert_true(q < v); /* the failing number's sentence comes first */
    tu_run_free(&r);

    const char *argv_j[] = {"check", "--format", "json", "-", NULL};
    assert_int_equal(tu_run_fiscan(argv_j, doc, sizeof doc - 1, &r), 0);
    /* only the stated number's quote is that sentence (the figure's is the one before) */
    assert_non_null(strstr(r.out, "\"与上年相比增加183.39万元，增长30%。\""));
    tu_run_free(&r);
}

/* A document with no figure is not reported clean: a warning on stderr and
 * the summary say so; the exit status stays 0 (nothing is wrong in it). */
static void test_no_figures(void **state)
{
    (void)state;
    static const char doc[] = "关于部门预算的说明\n本部门无政府性基金预算。\n";
    const char *argv[] = {"check", "-", NULL};
    tu_run r;
    assert_int_equal(tu_run_fiscan(argv, doc, sizeof doc - 1, &r), 0);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "fiscan: -: warning: no figures found"));
    assert_non_null(strstr(r.out, "-: no figures found; nothing checked"));
    assert_null(strstr(r.out, "0 errors"));
    tu_run_free(&r);
}

/* extract --format csv: BOM, header, one row per figure with exact texts
 * and integers printed as integers (2020, not 2.02e+03). */
static void test_extract_csv(void **state)
{
    (void)state;
    const char *qx = tu_path("corpus/qiaoxi-2020.txt");
    const char *argv[] = {"extract", "--format", "csv", qx, NULL};
    tu_run r = run(argv);
    assert_int_equal(r.status, 0);
    assert_int_equal(strncmp(r.out, "\xEF\xBB\xBF" "file,sha256,id,kind,subject,period,", 38), 0);
    /* text cells quoted, numbers and booleans not (docs/csv.md) */
    assert_non_null(strstr(r.out, ",\"f1\",\"money\",\"预算收入\",2020,\"收入\",\"\",\"预算\",\"\","
                                  "\"全区\",2020,false,36.27,\"36.27万元\",\"万元\",2,\"362700\",false,"));
    assert_null(strstr(r.out, "e+03"));
    /* 23 figures (tests/expected/figures/qiaoxi-2020.tsv) + the header */
    assert_int_equal(tu_count(r.out, "\r\n"), 24);
    tu_run_free(&r);
}

/* A fresh temporary directory for one test (caller removes it with rm_rf). */
static void temp_dir(char *dir, size_t n, const char *what)
{
    snprintf(dir, n, "/tmp/fiscan-cli-%s-XXXXXX", what);
    assert_non_null(mkdtemp(dir));
}

/* Removes a temporary directory made by temp_dir, with what it holds. */
static void rm_rf(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* batch --fail-on: the exit status of a completed run under each rule, over
 * inputs with an error finding (liuzhou-2019) and with a damaged PDF too;
 * a run that cannot be made is 2 under every rule. */
static void test_batch_fail_on(void **state)
{
    (void)state;
    char dir[256], out[400];
    temp_dir(dir, sizeof dir, "failon");
    char lz[4096], bad[4096];
    snprintf(lz, sizeof lz, "%s", tu_path("corpus/liuzhou-2019.txt"));
    snprintf(bad, sizeof bad, "%s", tu_path("tests/data/input/cover-truncated.pdf"));
    static const struct {
        const char *rule;
        int with_failure, status;
    } cases[] = {
        {NULL, 0, 1},      {"error", 0, 1}, {"failure", 0, 0}, {"none", 0, 0},
        {NULL, 1, 2},      {"error", 1, 2}, {"failure", 1, 2}, {"none", 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(out, sizeof out, "%s/run%zu.db", dir, i);
        const char *argv[12];
        int k = 0;
        argv[k++] = "batch";
        argv[k++] = lz;
        if (cases[i].with_failure)
            argv[k++] = bad;
        argv[k++] = "-o";
        argv[k++] = out;
        argv[k++] = "-j";
        argv[k++] = "1";
        if (cases[i].rule) {
            argv[k++] = "--fail-on";
            argv[k++] = cases[i].rule;
        }
        argv[k] = NULL;
        tu_run r = run(argv);
        if (r.status != cases[i].status)
            printf("--fail-on %s, failure %d: exit %d\n%s", cases[i].rule ? cases[i].rule : "(default)",
                   cases[i].with_failure, r.status, r.err);
        assert_int_equal(r.status, cases[i].status);
        tu_run_free(&r);
    }
    /* the output exists (no --resume): the run is not made, whatever the rule */
    const char *again[] = {"batch", lz, "-o", out, "--fail-on", "none", NULL};
    tu_run r = run(again);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "exists"));
    tu_run_free(&r);
    const char *wrong[][6] = {
        {"batch", lz, "-o", out, "--fail-on", "sometimes"},
        {"check", "--fail-on", "none", lz, NULL, NULL},
    };
    for (size_t i = 0; i < 2; i++) {
        const char *argv[7] = {0};
        memcpy(argv, wrong[i], sizeof wrong[i]);
        r = run(argv);
        assert_int_equal(r.status, 2);
        assert_non_null(strstr(r.err, "--fail-on"));
        assert_int_equal(tu_count(r.err, "\n"), 1);
        tu_run_free(&r);
    }
    rm_rf(dir);
}

/* batch -o -: JSONL on standard output, a line per input that gave a
 * record (a duplicate's record again under its own name), the failure named
 * on standard error only; -o with a name of no known format (x.xlsx) is
 * refused before anything is written, as are -o - with another format or
 * --resume. */
static void test_batch_output_names(void **state)
{
    (void)state;
    char dir[256], copy[400], out[400];
    temp_dir(dir, sizeof dir, "outputs");
    char lz[4096], bad[4096];
    snprintf(lz, sizeof lz, "%s", tu_path("corpus/liuzhou-2019.txt"));
    snprintf(bad, sizeof bad, "%s", tu_path("tests/data/input/cover-truncated.pdf"));
    snprintf(copy, sizeof copy, "%s/copy.txt", dir);
    char cmd[9000];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", lz, copy);
    assert_int_equal(system(cmd), 0);

    const char *argv[] = {"batch", lz, copy, bad, "-o", "-", "-j", "1", NULL};
    tu_run r = run(argv);
    assert_int_equal(r.status, 2);
    assert_int_equal(tu_count(r.out, "\n"), 2);
    char *line = r.out;
    const char *names[2] = {lz, copy};
    for (int i = 0; i < 2; i++) {
        char *nl = strchr(line, '\n');
        *nl = '\0';
        cJSON *rec = cJSON_Parse(line);
        assert_non_null(rec);
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(rec, "source"), "path");
        assert_true(cJSON_IsString(p));
        assert_string_equal(p->valuestring, names[i]);
        cJSON_Delete(rec);
        line = nl + 1;
    }
    assert_int_equal(tu_count(r.err, "\n"), 2); /* the failure and the summary */
    assert_non_null(strstr(r.err, "damaged"));
    assert_non_null(strstr(r.err, "1 duplicate,"));
    tu_run_free(&r);

    static const char *const refused[] = {"report.xlsx", "figures.csv", "out"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        snprintf(out, sizeof out, "%s/%s", dir, refused[i]);
        const char *x[] = {"batch", lz, "-o", out, NULL};
        r = run(x);
        assert_int_equal(r.status, 2);
        one_line_error(&r, out, "cannot tell the output format");
        assert_non_null(strstr(r.err, "--format"));
        assert_int_equal(access(out, F_OK), -1); /* nothing written */
        tu_run_free(&r);
    }
    /* a name of no known extension is fine when the format is given */
    snprintf(out, sizeof out, "%s/results", dir);
    const char *given[] = {"batch", lz, "-o", out, "--format", "sqlite", NULL};
    r = run(given);
    assert_int_equal(r.status, 1);
    assert_int_equal(access(out, F_OK), 0);
    tu_run_free(&r);

    const char *wrong[][8] = {
        {"batch", lz, "-o", "-", "--format", "sqlite", NULL},
        {"batch", lz, "-o", "-", "--resume", NULL},
    };
    for (size_t i = 0; i < 2; i++) {
        r = run(wrong[i]);
        assert_int_equal(r.status, 2);
        assert_int_equal(r.out_len, 0);
        assert_int_equal(tu_count(r.err, "\n"), 1);
        tu_run_free(&r);
    }
    rm_rf(dir);
}

/* The command line: an unknown short option inside a word is named by its
 * letter and the word (not the command before it); per-command help from
 * COMMAND --help and help COMMAND, the same text; -q hides warnings and
 * summaries, -v adds a line per file; -q with -v is refused. */
static void test_command_line(void **state)
{
    (void)state;
    const char *rf[] = {"check", "-rf.pdf", NULL};
    tu_run r = run(rf);
    assert_int_equal(r.status, 2);
    assert_int_equal(tu_count(r.err, "\n"), 1);
    assert_null(strstr(r.err, "'check'"));
    assert_non_null(strstr(r.err, "unknown option '-r' in '-rf.pdf'"));
    assert_non_null(strstr(r.err, "fiscan check --help"));
    tu_run_free(&r);
    const char *lo[] = {"check", "--no-such=3", "x", NULL};
    r = run(lo);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown option '--no-such'"));
    tu_run_free(&r);
    const char *last[] = {"text", "-x", NULL};
    r = run(last);
    assert_non_null(strstr(r.err, "unknown option '-x' ("));
    tu_run_free(&r);

    /* per-command help: the command's options and the general ones only */
    const char *h1[] = {"check", "--help", NULL};
    tu_run a = run(h1);
    assert_int_equal(a.status, 0);
    assert_int_equal(strncmp(a.out, "Usage: fiscan check", 19), 0);
    assert_non_null(strstr(a.out, "--rounding"));
    assert_non_null(strstr(a.out, "--color"));
    assert_null(strstr(a.out, "--fail-on WHAT"));
    assert_null(strstr(a.out, "--outline"));
    const char *h2[] = {"help", "check", NULL};
    tu_run b = run(h2);
    assert_int_equal(b.status, 0);
    assert_string_equal(a.out, b.out);
    tu_run_free(&a);
    tu_run_free(&b);
    const char *h3[] = {"batch", "-h", NULL}; /* no -o needed to ask for help */
    a = run(h3);
    assert_int_equal(a.status, 0);
    assert_non_null(strstr(a.out, "--fail-on"));
    assert_null(strstr(a.out, "--rounding MODE"));
    tu_run_free(&a);
    const char *h4[] = {"help", NULL}, *h5[] = {"--help", NULL};
    a = run(h4);
    b = run(h5);
    assert_string_equal(a.out, b.out);
    assert_non_null(strstr(a.out, "Commands:"));
    tu_run_free(&a);
    tu_run_free(&b);
    const char *h6[] = {"help", "frobnicate", NULL};
    a = run(h6);
    assert_int_equal(a.status, 2);
    assert_int_equal(a.out_len, 0);
    assert_int_equal(tu_count(a.err, "\n"), 1);
    tu_run_free(&a);

    /* -q and -v on a document with no figure (a warning) */
    static const char doc[] = "关于部门预算的说明\n本部门无政府性基金预算。\n";
    const char *plain[] = {"check", "-", NULL}, *quiet[] = {"check", "-q", "-", NULL},
               *verbose[] = {"check", "--verbose", "-", NULL}, *both[] = {"-q", "-v", "check", "-", NULL};
    assert_int_equal(tu_run_fiscan(plain, doc, sizeof doc - 1, &a), 0);
    assert_int_equal(tu_count(a.err, "\n"), 1);
    assert_int_equal(tu_run_fiscan(quiet, doc, sizeof doc - 1, &b), 0);
    assert_int_equal(b.err_len, 0);
    assert_string_equal(a.out, b.out); /* results are not touched */
    assert_int_equal(b.status, a.status);
    tu_run_free(&b);
    assert_int_equal(tu_run_fiscan(verbose, doc, sizeof doc - 1, &b), 0);
    assert_int_equal(tu_count(b.err, "\n"), 2);
    assert_non_null(strstr(b.err, "fiscan: -: text, 1 page, 0 figures\n"));
    tu_run_free(&a);
    tu_run_free(&b);
    assert_int_equal(tu_run_fiscan(both, doc, sizeof doc - 1, &a), 0);
    assert_int_equal(a.status, 2);
    tu_run_free(&a);
    /* batch -q: no summary line; an error is still said */
    char dir[256], out[400];
    temp_dir(dir, sizeof dir, "quiet");
    snprintf(out, sizeof out, "%s/q.db", dir);
    char bad[4096];
    snprintf(bad, sizeof bad, "%s", tu_path("tests/data/input/cover-truncated.pdf"));
    const char *bq[] = {"batch", "-q", bad, "-o", out, NULL};
    a = run(bq);
    assert_int_equal(a.status, 2);
    assert_int_equal(tu_count(a.err, "\n"), 1);
    assert_non_null(strstr(a.err, "damaged"));
    tu_run_free(&a);
    rm_rf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_pdfs),
        cmocka_unit_test(test_password_and_batch_of_files),
        cmocka_unit_test(test_stdin_help_usage),
        cmocka_unit_test(test_user_patterns),
        cmocka_unit_test(test_check_corpus),
        cmocka_unit_test(test_stated_quote),
        cmocka_unit_test(test_no_figures),
        cmocka_unit_test(test_extract_csv),
        cmocka_unit_test(test_batch_fail_on),
        cmocka_unit_test(test_batch_output_names),
        cmocka_unit_test(test_command_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
