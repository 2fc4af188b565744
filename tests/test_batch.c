/* test_batch.c — fiscan batch: workers, limits, failures, output, resume,
 * shards and merge, run through fs_batch_run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "batch.h"
#include "json_out.h"
#include "testutil.h"

#include <cjson/cJSON.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static fs_patterns *patterns;

/* Copies a source-tree file into dir under name. */
static void put_file(const char *dir, const char *name, const char *rel)
{
    size_t n;
    char *s = tu_read_file(tu_path(rel), &n);
    assert_non_null(s);
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    fclose(f);
    free(s);
}

static void put_bytes(const char *dir, const char *name, const char *s, size_t n)
{
    char p[4096];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    fclose(f);
}

/* Options for a batch over inputs into out. */
static fs_batch_opts opts(char **inputs, size_t n, const char *out)
{
    fs_batch_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = inputs;
    o.ninputs = n;
    o.out = out;
    o.jobs = 2;
    o.doc.checks = fs_check_opts_default();
    o.doc.patterns = patterns;
    return o;
}

/* Runs one SQL query and returns its rows as text ("a|b\n" per row). */
static char *query(const char *db, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
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
            if (need >= cap) {
                while (need >= cap)
                    cap *= 2;
                out = realloc(out, cap);
            }
            len += (size_t)sprintf(out + len, "%s%s", i ? "|" : "", v ? v : "NULL");
        }
        out[len++] = '\n';
        out[len] = '\0';
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
}

/* Every row of every table, in a fixed order. */
static char *dump(const char *db)
{
    static const char *const sql[] = {
        /* the record's source.path is the name it was run under, which
         * depends on the order of a run; all names are in paths */
        "SELECT sha256, format, pages, bytes, title, n_sections, n_figures, n_findings,"
        " n_skipped, json_remove(record, '$.source.path') FROM documents ORDER BY sha256", "SELECT * FROM paths ORDER BY path, sha256",
        "SELECT * FROM sections ORDER BY sha256, id", "SELECT * FROM figures ORDER BY sha256, id",
        "SELECT * FROM findings ORDER BY sha256, id",
        "SELECT * FROM finding_figures ORDER BY sha256, finding, position",
        "SELECT * FROM skipped ORDER BY sha256, position",
        "SELECT * FROM failures ORDER BY path",
    };
    size_t len = 0;
    char *all = calloc(1, 1);
    for (size_t i = 0; i < sizeof sql / sizeof *sql; i++) {
        char *q = query(db, sql[i]);
        all = realloc(all, len + strlen(q) + 2);
        memcpy(all + len, q, strlen(q) + 1);
        len += strlen(q);
        all[len++] = '#';
        all[len] = '\0';
        free(q);
    }
    return all;
}

/* The record fiscan's pipeline gives for path, in this process. */
static char *in_process_record(const char *path, char *errmsg, size_t errlen)
{
    fs_document_opts o;
    memset(&o, 0, sizeof o);
    o.stage = FS_STAGE_CHECKS;
    o.patterns = patterns;
    o.checks = fs_check_opts_default();
    fs_document *d = NULL;
    fs_error e;
    fs_error_clear(&e);
    if (fs_document_load(path, &o, &d, &e)) {
        snprintf(errmsg, errlen, "%s", e.msg);
        return NULL;
    }
    cJSON *rec = fs_json_document(d);
    char *s = cJSON_PrintUnformatted(rec);
    cJSON_Delete(rec);
    fs_document_free(d);
    return s;
}

static char dir[64], in_dir[128];

/* A directory of good, bad, junk and duplicate inputs. */
static int setup(void **state)
{
    (void)state;
    fs_error e;
    fs_error_clear(&e);
    if (fs_patterns_load_default(&patterns, &e))
        return -1;
    snprintf(dir, sizeof dir, "/tmp/fiscan-batch-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    snprintf(in_dir, sizeof in_dir, "%s/in", dir);
    char sub[256];
    snprintf(sub, sizeof sub, "%s/in/bad", dir);
    if (mkdir(in_dir, 0755) || mkdir(sub, 0755))
        return -1;
    put_file(in_dir, "liuzhou-2019.pdf", "corpus/liuzhou-2019.pdf");
    put_file(in_dir, "qiaoxi-2020.pdf", "corpus/qiaoxi-2020.pdf");
    put_file(in_dir, "liuzhou-2019.txt", "corpus/liuzhou-2019.txt");
    put_file(in_dir, "qiaoxi-2020.txt", "corpus/qiaoxi-2020.txt");
    put_file(in_dir, "report-without-extension", "corpus/qiaoxi-2020.utf16.txt");
    put_file(in_dir, "copy-of-qiaoxi.pdf", "corpus/qiaoxi-2020.pdf");
    put_file(sub, "cover-truncated.pdf", "tests/data/input/cover-truncated.pdf");
    put_file(sub, "cover-user-pw.pdf", "tests/data/input/cover-user-pw.pdf");
    static const char hang[] = "这一份文件让工作进程超时。\n";
    static const char crash[] = "这一份文件让工作进程崩溃。\n";
    put_bytes(sub, "hang.txt", hang, sizeof hang - 1);
    put_bytes(sub, "crash.txt", crash, sizeof crash - 1);
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    put_bytes(in_dir, "picture.dat", (const char *)png, sizeof png);
    setenv("FISCAN_TEST_HANG_ON", "hang.txt", 1);
    setenv("FISCAN_TEST_CRASH_ON", "crash.txt", 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return -1;
    fs_patterns_free(patterns);
    return 0;
}

/* Runs the standard mixed batch into out (format from its name). */
static void run_mixed(const char *out, int resume, fs_batch_summary *s)
{
    char *inputs[] = {in_dir};
    fs_batch_opts o = opts(inputs, 1, out);
    o.timeout_s = 2;
    o.resume = resume;
    fs_error e;
    fs_error_clear(&e);
    int rc = fs_batch_run(&o, s, &e);
    if (rc)
        fail_msg("fs_batch_run: %s", e.msg);
}

static void test_mixed_directory(void **state)
{
    (void)state;
    char out[256];
    snprintf(out, sizeof out, "%s/mixed.db", dir);
    fs_batch_summary s;
    run_mixed(out, 0, &s);
    /* 11 files: 5 distinct good documents, 1 copy, 4 failures, 1 picture. */
    assert_int_equal(s.total, 11);
    assert_int_equal(s.done, 11);
    assert_int_equal(s.processed, 5);
    assert_int_equal(s.duplicates, 1);
    assert_int_equal(s.failed, 4);
    assert_int_equal(s.skipped, 1);

    char *f = query(out, "SELECT kind, reason FROM failures ORDER BY path");
    char want[2048], err_trunc[512] = "", err_pw[512] = "";
    assert_null(in_process_record(tu_path("tests/data/input/cover-truncated.pdf"), err_trunc,
                                  sizeof err_trunc));
    assert_null(in_process_record(tu_path("tests/data/input/cover-user-pw.pdf"), err_pw,
                                  sizeof err_pw));
    snprintf(want, sizeof want,
             "error|%s\nerror|%s\nsignal|worker killed by signal 11 (SIGSEGV)\n"
             "timeout|timed out after 2 s\n",
             err_trunc, err_pw);
    /* paths in order: bad/cover-truncated, bad/cover-user-pw, bad/crash, bad/hang */
    assert_string_equal(f, want);
    assert_non_null(strstr(err_pw, "password"));
    free(f);

    /* The copy is recorded under both names, processed once. */
    char *p = query(out, "SELECT count(*), count(DISTINCT sha256) FROM paths WHERE path LIKE "
                         "'%qiaoxi%.pdf'");
    assert_string_equal(p, "2|1\n");
    free(p);
    p = query(out, "SELECT count(*) FROM documents");
    assert_string_equal(p, "5\n");
    free(p);

    /* Each record is the one the in-process pipeline gives. */
    static const char *const good[] = {"liuzhou-2019.pdf", "qiaoxi-2020.pdf", "liuzhou-2019.txt",
                                       "qiaoxi-2020.txt", "report-without-extension"};
    for (size_t i = 0; i < 5; i++) {
        char path[512], sql[1024], em[512];
        snprintf(path, sizeof path, "%s/%s", in_dir, good[i]);
        char *mine = in_process_record(path, em, sizeof em);
        assert_non_null(mine);
        snprintf(sql, sizeof sql,
                 "SELECT d.record FROM documents d JOIN paths p USING (sha256) WHERE p.path = '%s'",
                 path);
        char *rec = query(out, sql);
        size_t n = strlen(rec);
        assert_true(n > 0 && rec[n - 1] == '\n');
        rec[n - 1] = '\0';
        if (strcmp(good[i], "qiaoxi-2020.pdf") != 0) /* the copy may have been the one run */
            assert_string_equal(rec, mine);
        /* The figures table holds every figure of the record. */
        cJSON *j = cJSON_Parse(mine);
        int nfig = cJSON_GetArraySize(cJSON_GetObjectItem(j, "figures"));
        assert_true(nfig > 0);
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM figures f JOIN paths p USING (sha256) WHERE p.path = '%s'",
                 path);
        char *c = query(out, sql), num[32];
        snprintf(num, sizeof num, "%d\n", nfig);
        assert_string_equal(c, num);
        free(c);
        cJSON_Delete(j);
        free(rec);
        free(mine);
    }
    /* Text and PDF of one report give the same figures. */
    p = query(out, "SELECT count(*) FROM (SELECT subject, value_base FROM figures f JOIN paths p"
                   " USING (sha256) WHERE p.path LIKE '%liuzhou-2019.pdf' EXCEPT SELECT subject,"
                   " value_base FROM figures f JOIN paths p USING (sha256) WHERE p.path LIKE"
                   " '%liuzhou-2019.txt')");
    assert_string_equal(p, "0\n");
    free(p);
}

/* Every ```sql block of docs/sqlite.md runs in the sqlite3 program. */
static void test_doc_queries(void **state)
{
    (void)state;
    char out[256];
    snprintf(out, sizeof out, "%s/mixed.db", dir);
    char *doc = tu_read_file(tu_path("docs/sqlite.md"), NULL);
    assert_non_null(doc);
    int nq = 0;
    for (char *p = strstr(doc, "```sql\n"); p; p = strstr(p, "```sql\n")) {
        p += 7;
        char *end = strstr(p, "```");
        assert_non_null(end);
        char sqlfile[300], cmd[1024];
        snprintf(sqlfile, sizeof sqlfile, "%s/q.sql", dir);
        put_bytes(dir, "q.sql", p, (size_t)(end - p));
        snprintf(cmd, sizeof cmd, "sqlite3 -bail '%s' < '%s' > /dev/null 2> '%s/q.err'", out,
                 sqlfile, dir);
        assert_int_equal(system(cmd), 0);
        snprintf(sqlfile, sizeof sqlfile, "%s/q.err", dir);
        size_t n;
        char *err = tu_read_file(sqlfile, &n);
        assert_int_equal(n, 0);
        free(err);
        nq++;
        p = end + 3;
    }
    assert_true(nq >= 8);
    /* The error query shows figures with their sentences. */
    char *r = query(out, "SELECT count(*) > 0 FROM findings_figures WHERE quote <> ''");
    assert_string_equal(r, "1\n");
    free(r);
    free(doc);
}

/* A run killed with SIGKILL mid-way, then resumed, ends with exactly the
 * rows of an uninterrupted run. */
static void test_kill_and_resume(void **state)
{
    (void)state;
    char out[256], full[256];
    snprintf(out, sizeof out, "%s/killed.db", dir);
    snprintf(full, sizeof full, "%s/mixed.db", dir);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0);
        /* This run hangs on hang.txt for a minute: it is killed before. */
        char *inputs[] = {in_dir};
        fs_batch_opts o = opts(inputs, 1, out);
        o.jobs = 1;
        o.timeout_s = 60;
        fs_batch_summary s;
        fs_error e;
        _exit(fs_batch_run(&o, &s, &e) ? 1 : 0);
    }
    /* Wait until the run has committed something, then kill it and its workers. */
    for (int i = 0; i < 600; i++) {
        nanosleep(&(struct timespec){0, 100000000}, NULL);
        if (access(out, F_OK) != 0)
            continue;
        char *c = query(out, "SELECT count(*) FROM failures WHERE kind = 'error'");
        int n = atoi(c);
        free(c);
        if (n >= 2)
            break;
    }
    kill(-pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    assert_true(WIFSIGNALED(st));
    char *partial = dump(out);
    char *want = dump(full);
    assert_true(strcmp(partial, want) != 0); /* something was left to do */
    free(partial);

    fs_batch_summary s;
    run_mixed(out, 0 + 1, &s);
    assert_true(s.resumed > 0);
    char *got = dump(out);
    assert_string_equal(got, want);
    free(got);

    /* Resuming a finished run does nothing. */
    run_mixed(out, 1, &s);
    assert_int_equal(s.processed, 0);
    assert_int_equal(s.resumed, 11 - 1); /* all but the skipped picture */
    got = dump(out);
    assert_string_equal(got, want);
    free(got);
    free(want);

    /* Without --resume an existing database is refused. */
    char *inputs[] = {in_dir};
    fs_batch_opts o = opts(inputs, 1, out);
    fs_error e;
    fs_error_clear(&e);
    assert_int_equal(fs_batch_run(&o, &s, &e), FS_E_USAGE);
}

/* Sorted lines of a file. */
static int cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}
static char *sorted_lines(const char *path)
{
    size_t total;
    char *s = tu_read_file(path, &total);
    assert_non_null(s);
    char *v[64];
    size_t n = 0;
    for (char *t = strtok(s, "\n"); t && n < 64; t = strtok(NULL, "\n"))
        v[n++] = t;
    qsort(v, n, sizeof *v, cmp_line);
    size_t len = 0;
    char *out = calloc(1, total + n + 2);
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(out + len, "%s\n", v[i]);
    free(s);
    return out;
}

/* JSONL: the same records as in-process; a torn last line is cut on resume. */
static void test_jsonl_resume(void **state)
{
    (void)state;
    char out[256], full[256], fails[300];
    snprintf(full, sizeof full, "%s/full.jsonl", dir);
    snprintf(out, sizeof out, "%s/part.jsonl", dir);
    fs_batch_summary s;
    run_mixed(full, 0, &s);
    assert_int_equal(s.processed + s.duplicates, 6);
    /* A partial run (two files), a torn line, then the whole run resumed. */
    char a[300], b[300];
    snprintf(a, sizeof a, "%s/liuzhou-2019.txt", in_dir);
    snprintf(b, sizeof b, "%s/bad/cover-user-pw.pdf", in_dir);
    char *two[] = {a, b};
    fs_batch_opts o = opts(two, 2, out);
    fs_error e;
    assert_int_equal(fs_batch_run(&o, &s, &e), 0);
    FILE *f = fopen(out, "ab");
    fputs("{\"source\":{\"path\":\"torn", f);
    fclose(f);
    run_mixed(out, 1, &s);
    assert_int_equal(s.resumed, 2);
    char *x = sorted_lines(full), *y = sorted_lines(out);
    assert_string_equal(x, y);
    free(x);
    free(y);
    snprintf(fails, sizeof fails, "%s.failures", full);
    x = sorted_lines(fails);
    snprintf(fails, sizeof fails, "%s.failures", out);
    y = sorted_lines(fails);
    assert_string_equal(x, y);
    free(x);
    free(y);
    /* Each line is the in-process record of its path. */
    char em[256], *mine = in_process_record(a, em, sizeof em);
    char *all = tu_read_file(out, NULL);
    assert_non_null(strstr(all, mine));
    free(all);
    free(mine);
}

/* Shards partition the inputs; merging the shard databases gives the
 * database of the whole run. */
static void test_shards_and_merge(void **state)
{
    (void)state;
    char names[3][256], merged[256], full[256];
    char *shards[3];
    size_t total = 0;
    for (unsigned k = 1; k <= 3; k++) {
        snprintf(names[k - 1], sizeof names[0], "%s/shard%u.db", dir, k);
        shards[k - 1] = names[k - 1];
        char *inputs[] = {in_dir};
        fs_batch_opts o = opts(inputs, 1, names[k - 1]);
        o.timeout_s = 2;
        o.shard_k = k;
        o.shard_n = 3;
        fs_batch_summary s;
        fs_error e;
        fs_error_clear(&e);
        assert_int_equal(fs_batch_run(&o, &s, &e), 0);
        total += s.total;
    }
    assert_int_equal(total, 11);
    snprintf(merged, sizeof merged, "%s/merged.db", dir);
    snprintf(full, sizeof full, "%s/mixed.db", dir);
    size_t ndocs = 0;
    fs_error e;
    fs_error_clear(&e);
    assert_int_equal(fs_merge_run(merged, shards, 3, &ndocs, &e), 0);
    assert_int_equal(ndocs, 5);
    char *x = dump(full), *y = dump(merged);
    assert_string_equal(x, y);
    free(x);
    free(y);
}

static void test_parse_shard(void **state)
{
    (void)state;
    unsigned k, n;
    fs_error e;
    assert_int_equal(fs_batch_parse_shard("2/5", &k, &n, &e), 0);
    assert_int_equal(k, 2);
    assert_int_equal(n, 5);
    assert_int_equal(fs_batch_parse_shard("0/5", &k, &n, &e), FS_E_USAGE);
    assert_int_equal(fs_batch_parse_shard("6/5", &k, &n, &e), FS_E_USAGE);
    assert_int_equal(fs_batch_parse_shard("1/0", &k, &n, &e), FS_E_USAGE);
    assert_int_equal(fs_batch_parse_shard("1-2", &k, &n, &e), FS_E_USAGE);
    /* Every path is in exactly one share. */
    static const char *const paths[] = {"a.pdf", "b/c.pdf", "报告.pdf", "x"};
    for (size_t i = 0; i < 4; i++) {
        int in = 0;
        for (unsigned s = 1; s <= 4; s++)
            in += fs_batch_in_shard(paths[i], s, 4);
        assert_int_equal(in, 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_shard),
        cmocka_unit_test(test_mixed_directory),
        cmocka_unit_test(test_doc_queries),
        cmocka_unit_test(test_kill_and_resume),
        cmocka_unit_test(test_jsonl_resume),
        cmocka_unit_test(test_shards_and_merge),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
