/* test_batch_stops.c — how fiscan stops when the world gets in the way,
 * through the CLI: the output deleted or replaced while a batch runs,
 * SIGINT / SIGTERM, --resume onto a JSONL file fiscan did not write,
 * `merge` of a missing input, a database in a read-only directory, the
 * file size limit (ulimit -f), memory exhausted inside poppler (a batch
 * worker, and text / extract / check under --max-memory), and what the
 * libraries print kept out of the diagnostics.  Each case says what it
 * did before. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char dir[64];

/* "dir/rel" into one of a small ring of static buffers. */
static const char *at(const char *rel)
{
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", dir, rel);
    return b;
}

static void write_file(const char *path, const char *s, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    fclose(f);
}

/* Writes report number i (its amounts differ from every other's) to
 * dir/rel. */
static void write_report(const char *rel, unsigned i)
{
    char s[512];
    int n = snprintf(s, sizeof s, "2024年某局部门预算\n一般公共预算支出%u.39万元，比上年增加%u.39万元。\n"
                     "其中：基本支出%u.00万元，项目支出%u.39万元。\n",
                     900 + i, 100 + i, 800 + i, 100 + i);
    write_file(at(rel), s, (size_t)n);
}

/* Runs one SQL query and returns its rows as text ("a|b\n" per row). */
static char *query(const char *db, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_busy_timeout(h, 5000); /* the batch may be writing */
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    size_t cap = 1024, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const char *v = (const char *)sqlite3_column_text(st, i);
            size_t need = len + (v ? strlen(v) : 4) + 3;
            while (need >= cap)
                out = realloc(out, cap *= 2);
            len += (size_t)sprintf(out + len, "%s%s", i ? "|" : "", v ? v : "NULL");
        }
        out[len++] = '\n';
        out[len] = '\0';
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
}

/* The one integer sql gives on db, or -1 while it cannot be read (the
 * batch has created the file but not yet the schema). */
static long long count_of(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_busy_timeout(h, 5000) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

/* Whether every line of err is a diagnostic of fiscan's ("fiscan: ..."):
 * no library chatter. */
static int only_diagnostics(const char *err)
{
    for (const char *l = err; *l;) {
        if (strncmp(l, "fiscan: ", 8) != 0)
            return 0;
        const char *nl = strchr(l, '\n');
        l = nl ? nl + 1 : l + strlen(l);
    }
    return 1;
}

/* Waits until path exists (up to 10 s). */
static void wait_for(const char *path)
{
    double end = tu_now() + 10;
    while (access(path, F_OK) != 0 && tu_now() < end)
        nanosleep(&(struct timespec){0, 20000000}, NULL);
    assert_int_equal(access(path, F_OK), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/fiscan-stops-XXXXXX");
    if (!mkdtemp(dir) || chmod(dir, 0755))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' && rm -rf '%s'", dir, dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *const hang_env[] = {"FISCAN_TEST_HANG_ON=hang.txt", NULL};

/* The output deleted, or replaced by another file, while the batch runs
 * (a worker hangs, so the run is still going): the batch stops at once
 * with "fiscan: OUT: the output was deleted ..." and exit 2.  (Before, it
 * ran on, wrote into the deleted file and ended with its usual summary.) */
static void test_output_deleted(void **state)
{
    (void)state;
    assert_int_equal(mkdir(at("del"), 0755), 0);
    assert_int_equal(mkdir(at("del/in"), 0755), 0);
    write_report("del/in/a.txt", 1);
    write_report("del/in/hang.txt", 2);
    static const char *const outs[] = {"del/r.db", "del/r.jsonl", "del/r2.db", "del/csv/"};
    static const char *const want[] = {
        "the output was deleted while the batch ran: stopped",
        "the output was deleted while the batch ran: stopped",
        "the output was replaced by another file while the batch ran: stopped",
        "figures.csv of the output was deleted while the batch ran: stopped",
    };
    for (size_t i = 0; i < 4; i++) {
        char out[512], file[600], msg[1024];
        snprintf(out, sizeof out, "%s", at(outs[i]));
        snprintf(file, sizeof file, "%s%s", out, i == 3 ? "figures.csv" : "");
        const char *argv[] = {"batch", at("del/in"), "-o", out, "-j", "2", "--timeout", "30",
                              NULL};
        tu_cli_opts co = {.deadline_s = 40, .env = hang_env};
        tu_cli_job j;
        double t0 = tu_now();
        tu_cli_start(argv, &co, &j);
        wait_for(file);
        nanosleep(&(struct timespec){0, 300000000}, NULL);
        assert_int_equal(unlink(file), 0);
        if (i == 2) /* replaced: another file under the name */
            write_file(file, "", 0);
        tu_run r;
        tu_cli_wait(&j, &r, NULL);
        if (r.status != 2 || tu_now() - t0 > 20)
            fail_msg("%s: status %d after %.1f s: %s", outs[i], r.status, tu_now() - t0, r.err);
        snprintf(msg, sizeof msg, "fiscan: %s: %s\n", out, want[i]);
        if (!strstr(r.err, msg))
            fail_msg("%s: no '%s' in:\n%s", outs[i], msg, r.err);
        tu_run_free(&r);
    }
}

/* SIGINT to the whole process group (Ctrl-C) and SIGTERM to the batch
 * alone: the batch says "interrupted (SIG...): run again with --resume",
 * exits 2, records nothing for the document in flight (its worker is not
 * a failure), and --resume then finishes the job.  (Before, it died of
 * the signal without a word.) */
static void test_interrupted(void **state)
{
    (void)state;
    assert_int_equal(mkdir(at("int"), 0755), 0);
    assert_int_equal(mkdir(at("int/in"), 0755), 0);
    write_report("int/in/a.txt", 1);
    write_report("int/in/hang.txt", 2);
    for (int k = 0; k < 2; k++) {
        char out[512], msg[1024];
        snprintf(out, sizeof out, "%s/int/r%d.db", dir, k);
        const char *argv[] = {"batch", at("int/in"), "-o", out, "-j", "2", "--timeout", "30",
                              NULL};
        tu_cli_opts co = {.deadline_s = 40, .env = hang_env};
        tu_cli_job j;
        tu_cli_start(argv, &co, &j);
        wait_for(out);
        /* a.txt done: its row is committed */
        double end = tu_now() + 10;
        while (count_of(out, "SELECT count(*) FROM paths") != 1 && tu_now() < end)
            nanosleep(&(struct timespec){0, 50000000}, NULL);
        assert_int_equal(count_of(out, "SELECT count(*) FROM paths"), 1);
        if (k == 0)
            kill(-j.pid, SIGINT);
        else
            kill(j.pid, SIGTERM);
        tu_run r;
        int sig = 0;
        tu_cli_wait(&j, &r, &sig);
        if (r.status != 2)
            fail_msg("%s: status %d (signal %d): %s", k ? "SIGTERM" : "SIGINT", r.status, sig,
                     r.err);
        snprintf(msg, sizeof msg, "fiscan: %s: interrupted (%s): run again with --resume\n", out,
                 k ? "SIGTERM" : "SIGINT");
        assert_non_null(strstr(r.err, msg));
        tu_run_free(&r);
        char *rows = query(out, "SELECT (SELECT count(*) FROM documents),"
                                " (SELECT count(*) FROM failures)");
        assert_string_equal(rows, "1|0\n");
        free(rows);
        const char *again[] = {"batch", at("int/in"), "-o", out, "--resume", NULL};
        tu_run_cli(again, NULL, &r);
        assert_true(r.status == 0 || r.status == 1);
        tu_run_free(&r);
        rows = query(out, "SELECT count(*) FROM paths");
        assert_string_equal(rows, "2\n");
        free(rows);
    }
}

/* --resume onto a .jsonl that fiscan did not write: refused with exit 2,
 * the file left byte for byte as it was.  (Before, its last line was cut
 * as "torn" and records were appended to it.) */
static void test_resume_foreign_jsonl(void **state)
{
    (void)state;
    write_report("a.txt", 1);
    static const char *const foreign[] = {
        "{\"foo\":1}\n{\"bar\":2}\n{\"baz\"",      /* lines of another program */
        "time,value\n1,2\n3",                     /* not JSON at all */
        "hello",                                  /* no complete line */
    };
    for (size_t i = 0; i < 3; i++) {
        char out[512];
        snprintf(out, sizeof out, "%s/foreign%zu.jsonl", dir, i);
        write_file(out, foreign[i], strlen(foreign[i]));
        const char *argv[] = {"batch", at("a.txt"), "-o", out, "--resume", NULL};
        tu_run r;
        tu_run_cli(argv, NULL, &r);
        if (r.status != 2 || !strstr(r.err, "is not a line fiscan writes: not going on with a "
                                            "file fiscan did not make"))
            fail_msg("case %zu: status %d: %s", i, r.status, r.err);
        tu_run_free(&r);
        size_t n;
        char *now = tu_read_file(out, &n);
        assert_int_equal(n, strlen(foreign[i]));
        assert_memory_equal(now, foreign[i], n);
        free(now);
    }
    /* fiscan's own file with a torn last line is still cut and resumed */
    char out[512];
    snprintf(out, sizeof out, "%s/own.jsonl", dir);
    const char *first[] = {"batch", at("a.txt"), "-o", out, NULL};
    tu_run r;
    tu_run_cli(first, NULL, &r);
    assert_true(r.status == 0 || r.status == 1);
    tu_run_free(&r);
    FILE *f = fopen(out, "ab");
    fputs("{\"source\":{\"path\":\"x", f);
    fclose(f);
    write_report("b.txt", 2);
    const char *again[] = {"batch", at("a.txt"), at("b.txt"), "-o", out, "--resume", NULL};
    tu_run_cli(again, NULL, &r);
    assert_true(r.status == 0 || r.status == 1);
    tu_run_free(&r);
    char *all = tu_read_file(out, NULL);
    assert_int_equal(tu_count(all, "\n"), 2);
    assert_int_equal(tu_count(all, "{\"source\":"), 2);
    free(all);
}

/* `merge OUT missing.db`: exit 2 naming the input, and neither file is
 * created.  (Before, ATTACH created an empty missing.db, and OUT.) */
static void test_merge_missing_input(void **state)
{
    (void)state;
    char out[512], missing[512];
    snprintf(out, sizeof out, "%s/merged.db", dir);
    snprintf(missing, sizeof missing, "%s/missing.db", dir);
    const char *argv[] = {"merge", out, missing, NULL};
    tu_run r;
    tu_run_cli(argv, NULL, &r);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "missing.db: cannot open: No such file or directory"));
    tu_run_free(&r);
    assert_int_not_equal(access(missing, F_OK), 0);
    assert_int_not_equal(access(out, F_OK), 0);
}

/* A database fiscan may write, in a directory it may not: SQLite cannot
 * make the journal files next to it, and the message says so.  (Before:
 * "not an SQLite database".) */
static void test_readonly_directory(void **state)
{
    (void)state;
    write_report("a.txt", 1);
    write_report("b.txt", 2);
    assert_int_equal(mkdir(at("ro"), 0755), 0);
    char out[512];
    snprintf(out, sizeof out, "%s", at("ro/r.db"));
    const char *first[] = {"batch", at("a.txt"), "-o", out, NULL};
    tu_run r;
    tu_run_cli(first, NULL, &r);
    assert_true(r.status == 0 || r.status == 1);
    tu_run_free(&r);
    assert_int_equal(chmod(out, 0666), 0);
    assert_int_equal(chmod(at("ro"), 0555), 0);
    const char *again[] = {"batch", at("a.txt"), at("b.txt"), "-o", out, "--resume", NULL};
    tu_cli_opts co = {.as_nobody = 1, .deadline_s = 20};
    tu_run_cli(again, &co, &r);
    chmod(at("ro"), 0755);
    if (r.status != 2 || !strstr(r.err, "in a read-only directory") ||
        strstr(r.err, "not an SQLite database"))
        fail_msg("status %d: %s", r.status, r.err);
    tu_run_free(&r);
}

/* Under a file size limit (ulimit -f) the output cannot grow: the write
 * error is reported (EFBIG, "File too large") with exit 2.  (Before, the
 * batch died of SIGXFSZ without a word.) */
static void test_file_size_limit(void **state)
{
    (void)state;
    assert_int_equal(mkdir(at("fs"), 0755), 0);
    for (unsigned i = 0; i < 12; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "fs/r%02u.txt", i);
        write_report(rel, i);
    }
    static const char *const outs[] = {"fs.jsonl", "fs.db"};
    for (size_t i = 0; i < 2; i++) {
        char out[512];
        snprintf(out, sizeof out, "%s/%s", dir, outs[i]);
        const char *argv[] = {"batch", at("fs"), "-o", out, "-j", "1", NULL};
        tu_cli_opts co = {.fsize = 6000, .deadline_s = 30};
        tu_run r;
        int sig = 0;
        tu_cli_job j;
        tu_cli_start(argv, &co, &j);
        tu_cli_wait(&j, &r, &sig);
        if (r.status != 2 || !strstr(r.err, "File too large") || !only_diagnostics(r.err))
            fail_msg("%s: status %d (signal %d): %s", outs[i], r.status, sig, r.err);
        char msg[600];
        snprintf(msg, sizeof msg, "fiscan: %s: ", out);
        assert_non_null(strstr(r.err, msg));
        tu_run_free(&r);
    }
}

/* A library that aborts: after printing that an allocation failed, the
 * document is a "memory" failure; after printing anything else, a
 * "signal" failure whose reason quotes the library's last line as valid
 * UTF-8 (bytes that are not as \xHH).  Either way the library's words
 * never reach the batch's standard error.  (Before, both were "signal",
 * the words went to the terminal and an invalid byte to the reason.)
 * Not in builds with ASan, whose reports stay on standard error. */
static void test_library_abort(void **state)
{
    (void)state;
    if (TU_UNDER_ASAN)
        skip();
    write_report("lib.txt", 7);
    static const char *const says[] = {"FISCAN_TEST_ABORT_SAYS=Out of memory\n",
                                       "FISCAN_TEST_ABORT_SAYS=bad \xff\xfe state\x01 here\n"};
    static const char *const want[] = {
        "memory|out of memory inside the PDF library (limit 2048 MiB, --max-memory)\n",
        "signal|worker killed by signal 6 (SIGABRT): the library said \"bad \\xFF\\xFE "
        "state\\x01 here\"\n"};
    for (size_t i = 0; i < 2; i++) {
        char out[512];
        snprintf(out, sizeof out, "%s/lib%zu.db", dir, i);
        const char *env[] = {"FISCAN_TEST_ABORT_ON=lib.txt", says[i], NULL};
        const char *argv[] = {"batch", at("lib.txt"), "-o", out, NULL};
        tu_cli_opts co = {.env = env};
        tu_run r;
        tu_run_cli(argv, &co, &r);
        assert_int_equal(r.status, 2);
        if (!only_diagnostics(r.err))
            fail_msg("library output on stderr:\n%s", r.err);
        tu_run_free(&r);
        char *rows = query(out, "SELECT kind, reason FROM failures");
        assert_string_equal(rows, want[i]);
        free(rows);
    }
}

/* A real report under memory limits from starvation upwards: where the
 * limit is reached inside poppler (it prints "Out of memory" and aborts),
 * the batch records a "memory" failure, never a "signal" one, and
 * poppler's words stay off standard error; at least one limit of the
 * sweep reaches poppler's own allocation failure. */
static void test_poppler_out_of_memory(void **state)
{
    (void)state;
    char pdf[4096];
    snprintf(pdf, sizeof pdf, "%s/../shared/corpus-real/gov-reports/"
             "jiangsu_nanjing_2026_budget_report.pdf", FISCAN_SOURCE_DIR);
    if (TU_UNDER_ASAN || access(pdf, R_OK) != 0)
        skip();
    int inside = 0;
    for (unsigned mib = 24; mib <= 72; mib += 2) {
        char out[512], m[16];
        snprintf(out, sizeof out, "%s/oom%u.jsonl", dir, mib);
        snprintf(m, sizeof m, "%u", mib);
        const char *argv[] = {"batch", pdf, "-o", out, "-j", "1", "--max-memory", m, NULL};
        tu_run r;
        tu_run_cli(argv, NULL, &r);
        if (!only_diagnostics(r.err) || strstr(r.err, "signal"))
            fail_msg("--max-memory %u: status %d:\n%s", mib, r.status, r.err);
        tu_run_free(&r);
        char fail[600];
        snprintf(fail, sizeof fail, "%s.failures", out);
        char *f = tu_read_file(fail, NULL);
        assert_non_null(f);
        if (*f && !strstr(f, "\"kind\":\"memory\""))
            fail_msg("--max-memory %u: %s", mib, f);
        inside += strstr(f, "inside the PDF library") != NULL;
        free(f);
    }
    assert_true(inside > 0);
}

/* text, extract and check run under --max-memory as a batch worker does:
 * a limit too low for the document is "fiscan: FILE: memory limit of N
 * MiB reached (--max-memory)" and exit 2, whether the limit is reached in
 * fiscan or inside poppler (which aborts), never a crash or poppler's own
 * words; the default (2048 MiB) reads the document.  (Before, --max-memory
 * belonged to batch only, and nothing bounded these commands.) */
static void test_single_document_memory(void **state)
{
    (void)state;
    if (TU_UNDER_ASAN)
        skip();
    const char *pdf = tu_path("corpus/liuzhou-2019.pdf");
    char msg[4096];
    snprintf(msg, sizeof msg, "fiscan: %s: memory limit of 8 MiB reached (--max-memory)\n", pdf);
    static const char *const cmds[] = {"text", "extract", "check"};
    for (size_t i = 0; i < 3; i++) {
        const char *argv[] = {cmds[i], "--max-memory", "8", pdf, NULL};
        tu_run r;
        tu_run_cli(argv, NULL, &r);
        if (r.status != 2 || strcmp(r.err, msg) != 0)
            fail_msg("%s: status %d: %s", cmds[i], r.status, r.err);
        tu_run_free(&r);
        const char *dflt[] = {cmds[i], pdf, NULL};
        tu_run_cli(dflt, NULL, &r);
        assert_true(r.status == 0 || r.status == 1);
        tu_run_free(&r);
    }
    /* a sweep over a real report: every run reads it or stops with the
     * message, and some stop inside poppler */
    char real[4096];
    snprintf(real, sizeof real, "%s/../shared/corpus-real/gov-reports/"
             "jiangsu_nanjing_2026_budget_report.pdf", FISCAN_SOURCE_DIR);
    if (access(real, R_OK) != 0)
        return;
    int stopped = 0;
    for (unsigned mib = 24; mib <= 72; mib += 4) {
        char m[16];
        snprintf(m, sizeof m, "%u", mib);
        snprintf(msg, sizeof msg, "memory limit of %u MiB reached (--max-memory)\n", mib);
        const char *argv[] = {"check", "-q", "--max-memory", m, real, NULL};
        tu_run r;
        tu_run_cli(argv, NULL, &r);
        int ok = r.status == 0 || r.status == 1 ||
                 (r.status == 2 && strstr(r.err, msg) && only_diagnostics(r.err));
        if (!ok)
            fail_msg("--max-memory %u: status %d:\n%s", mib, r.status, r.err);
        stopped += r.status == 2;
        tu_run_free(&r);
    }
    assert_true(stopped > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_output_deleted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_interrupted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resume_foreign_jsonl, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_missing_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_readonly_directory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_file_size_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_library_abort, setup, teardown),
        cmocka_unit_test_setup_teardown(test_poppler_out_of_memory, setup, teardown),
        cmocka_unit_test_setup_teardown(test_single_document_memory, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
