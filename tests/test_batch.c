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
/* Time limits are multiplied by this under valgrind. */
static unsigned slow = 1;

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
    slow = tu_under_valgrind() ? 20 : 1;
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
    o.timeout_s = 2 * slow;
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

    /* the picture is recorded as skipped, with its reason */
    char *f = query(out, "SELECT kind, reason, path LIKE '%/picture.dat' FROM failures WHERE kind ="
                         " 'skipped'");
    assert_string_equal(f, "skipped|neither PDF nor text|1\n");
    free(f);
    f = query(out, "SELECT kind, reason FROM failures WHERE kind <> 'skipped' ORDER BY path");
    char want[2048], err_trunc[512] = "", err_pw[512] = "";
    assert_null(in_process_record(tu_path("tests/data/input/cover-truncated.pdf"), err_trunc,
                                  sizeof err_trunc));
    assert_null(in_process_record(tu_path("tests/data/input/cover-user-pw.pdf"), err_pw,
                                  sizeof err_pw));
    snprintf(want, sizeof want,
             "error|%s\nerror|%s\nsignal|worker killed by signal 11 (SIGSEGV)\n"
             "timeout|timed out after %u s\n",
             err_trunc, err_pw, 2 * slow);
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
    /* The table queries find tables: every cell row belongs to a table
     * row, and the batch read some tables with amounts. */
    r = query(out, "SELECT count(*) > 0 FROM cells_documents WHERE number IS NOT NULL");
    assert_string_equal(r, "1\n");
    free(r);
    r = query(out, "SELECT count(*) FROM cells c WHERE NOT EXISTS (SELECT 1 FROM tables t"
                   " WHERE t.sha256 = c.sha256 AND t.id = c.\"table\")");
    assert_string_equal(r, "0\n");
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
        o.timeout_s = 60 * slow;
        fs_batch_summary s;
        fs_error e;
        _exit(fs_batch_run(&o, &s, &e) ? 1 : 0);
    }
    /* Wait until the run has committed something, then kill it and its workers. */
    for (int i = 0; i < 600; i++) {
        nanosleep(&(struct timespec){0, 100000000}, NULL);
        if (access(out, F_OK) != 0)
            continue;
        /* the file exists a moment before its tables do */
        char *t = query(out, "SELECT count(*) FROM sqlite_master WHERE name = 'failures'");
        int have = atoi(t);
        free(t);
        if (!have)
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
        o.timeout_s = 2 * slow;
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

/* A copy met after the first copy has finished is written from the kept
 * record, not run again: JSONL gets the same line under the second name,
 * CSV the same rows; one document processed, one duplicate. */
static void test_flat_duplicate_after_finish(void **state)
{
    (void)state;
    char sub[256];
    snprintf(sub, sizeof sub, "%s/dup", dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    put_file(sub, "a.txt", "corpus/qiaoxi-2020.txt");
    put_file(sub, "b.txt", "corpus/qiaoxi-2020.txt");
    for (int csv = 0; csv < 2; csv++) {
        char out[300];
        snprintf(out, sizeof out, "%s/dup-out%s", dir, csv ? "-csv/" : ".jsonl");
        char *inputs[] = {sub};
        fs_batch_opts o = opts(inputs, 1, out);
        o.jobs = 1; /* a.txt finishes before b.txt is looked at */
        fs_batch_summary sm;
        fs_error e;
        fs_error_clear(&e);
        if (fs_batch_run(&o, &sm, &e))
            fail_msg("fs_batch_run: %s", e.msg);
        assert_int_equal(sm.processed, 1);
        assert_int_equal(sm.duplicates, 1);
        char a[300], b[300];
        snprintf(a, sizeof a, "%s/a.txt", sub);
        snprintf(b, sizeof b, "%s/b.txt", sub);
        if (!csv) {
            char *all = tu_read_file(out, NULL);
            assert_non_null(all);
            char *nl = strchr(all, '\n');
            assert_non_null(nl);
            *nl = '\0';
            char *second = nl + 1;
            assert_int_equal(tu_count(second, "\n"), 1);
            second[strlen(second) - 1] = '\0';
            cJSON *ra = cJSON_Parse(all), *rb = cJSON_Parse(second);
            assert_non_null(ra);
            assert_non_null(rb);
            assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(ra, "source"), "path")
                                    ->valuestring, a);
            assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(rb, "source"), "path")
                                    ->valuestring, b);
            /* apart from the name, the same record; and the one in-process */
            cJSON_ReplaceItemInObject(cJSON_GetObjectItem(rb, "source"), "path",
                                      cJSON_CreateString(a));
            assert_true(cJSON_Compare(ra, rb, 1));
            char em[256], *mine = in_process_record(a, em, sizeof em);
            cJSON *rm = cJSON_Parse(mine);
            assert_true(cJSON_Compare(ra, rm, 1));
            cJSON_Delete(ra);
            cJSON_Delete(rb);
            cJSON_Delete(rm);
            free(mine);
            free(all);
        } else {
            char f[400];
            snprintf(f, sizeof f, "%sfigures.csv", out);
            char *all = tu_read_file(f, NULL);
            assert_non_null(all);
            /* every row names a or b (a quoted text cell); as many of
             * each, equal after the name */
            size_t na = 0, nb = 0;
            char *rows_a = calloc(1, strlen(all) + 1), *rows_b = calloc(1, strlen(all) + 1);
            char qa[400], qb[400];
            snprintf(qa, sizeof qa, "\"%s\",", a);
            snprintf(qb, sizeof qb, "\"%s\",", b);
            for (char *line = strtok(strchr(all, '\n') + 1, "\n"); line;
                 line = strtok(NULL, "\n")) {
                if (strncmp(line, qa, strlen(qa)) == 0) {
                    strcat(rows_a, line + strlen(qa));
                    na++;
                } else if (strncmp(line, qb, strlen(qb)) == 0) {
                    strcat(rows_b, line + strlen(qb));
                    nb++;
                } else {
                    fail_msg("row of neither file: %s", line);
                }
            }
            assert_true(na > 10);
            assert_int_equal(na, nb);
            assert_string_equal(rows_a, rows_b);
            free(rows_a);
            free(rows_b);
            free(all);
        }
    }
}

/* Two names of bytes that fail, the second met after the first failed:
 * both recorded, with the same reason (the second from the outcome kept for
 * the first). */
static void test_failed_copy(void **state)
{
    (void)state;
    char sub[256], out[300];
    snprintf(sub, sizeof sub, "%s/failcopy", dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    put_file(sub, "a.pdf", "tests/data/input/cover-truncated.pdf");
    put_file(sub, "b.pdf", "tests/data/input/cover-truncated.pdf");
    snprintf(out, sizeof out, "%s/failcopy.db", dir);
    char *inputs[] = {sub};
    fs_batch_opts o = opts(inputs, 1, out);
    o.jobs = 1;
    fs_batch_summary sm;
    fs_error e;
    fs_error_clear(&e);
    if (fs_batch_run(&o, &sm, &e))
        fail_msg("fs_batch_run: %s", e.msg);
    assert_int_equal(sm.failed, 2);
    assert_int_equal(sm.processed, 0);
    char *q = query(out, "SELECT count(*), count(DISTINCT reason), min(kind) FROM failures");
    assert_string_equal(q, "2|1|error\n");
    free(q);
}

/* A document that needs more memory than --max-memory gives its worker
 * (40,000 sentences with figures: about 520 MB of records in flight) is
 * recorded as a memory failure and the batch goes on with the next.  The
 * limit is an address-space limit, which AddressSanitizer and valgrind
 * cannot run under: not checked there. */
static void test_memory_limit(void **state)
{
    (void)state;
    if (TU_UNDER_ASAN || tu_under_valgrind())
        skip();
    char sub[256], big[300], out[300];
    snprintf(sub, sizeof sub, "%s/mem", dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    snprintf(big, sizeof big, "%s/big.txt", sub);
    FILE *f = fopen(big, "w");
    assert_non_null(f);
    for (unsigned i = 0; i < 40000; i++)
        fprintf(f, "（%u）项目%u支出%u.%02u万元，比上年增加%u.%02u万元。\n", i % 9 + 1, i,
                100 + i % 900, i % 100, 1 + i % 50, (i * 7) % 100);
    fclose(f);
    put_file(sub, "qiaoxi-2020.txt", "corpus/qiaoxi-2020.txt");
    snprintf(out, sizeof out, "%s/mem.jsonl", dir);
    const char *argv[] = {"batch", sub, "-o", out, "-j", "1", "--max-memory", "200", NULL};
    tu_run r;
    assert_int_equal(tu_run_fiscan(argv, NULL, 0, &r), 0);
    assert_int_equal(r.status, 2);
    char want[512];
    snprintf(want, sizeof want, "fiscan: %s: out of memory (limit 200 MiB)\n", big);
    assert_non_null(strstr(r.err, want));
    assert_non_null(strstr(r.err, "fiscan: 1 processed, 1 failed,"));
    char fails[320];
    snprintf(fails, sizeof fails, "%s.failures", out);
    char *fl = tu_read_file(fails, NULL);
    assert_non_null(fl);
    assert_non_null(strstr(fl, "\"kind\":\"memory\",\"reason\":\"out of memory (limit 200 MiB)\""));
    free(fl);
    tu_run_free(&r);
}

/* The CLI over a directory mixing good PDFs and text (UTF-8 and GB18030),
 * a copy, a truncated PDF, a PDF with a user password and a PDF whose text
 * layout takes poppler far longer than the time limit: every failure is
 * recorded with its reason, the run goes on, the exit status is 2, the
 * summary counts it all, and each good file's figures are exactly what
 * `fiscan extract` gives for it alone. */
static void test_cli_mixed(void **state)
{
    (void)state;
    char sub[256], bad[300], dense[400], out[300];
    snprintf(sub, sizeof sub, "%s/cli", dir);
    snprintf(bad, sizeof bad, "%s/bad", sub);
    assert_int_equal(mkdir(sub, 0755), 0);
    assert_int_equal(mkdir(bad, 0755), 0);
    static const char *const good[][2] = {
        {"liuzhou-2019.pdf", "corpus/liuzhou-2019.pdf"},
        {"qiaoxi-2020.txt", "corpus/qiaoxi-2020.txt"},
        {"liuzhou-gb18030.txt", "corpus/liuzhou-2019.gb18030.txt"},
        {"qiaoxi-2020.pdf", "corpus/qiaoxi-2020.pdf"},
    };
    for (size_t i = 0; i < 4; i++)
        put_file(sub, good[i][0], good[i][1]);
    put_file(sub, "same-as-qiaoxi.txt", "corpus/qiaoxi-2020.txt");
    put_file(bad, "truncated.pdf", "tests/data/input/cover-truncated.pdf");
    put_file(bad, "encrypted.pdf", "tests/data/input/cover-user-pw.pdf");
    snprintf(dense, sizeof dense, "%s/dense.pdf", bad);
    assert_int_equal(tu_write_dense_pdf(dense, 60000), 0);
    snprintf(out, sizeof out, "%s/cli.jsonl", dir);

    char lim[16];
    snprintf(lim, sizeof lim, "%u", 3 * slow);
    const char *argv[] = {"batch", sub, "-o", out, "-j", "2", "--timeout", lim, NULL};
    tu_run r;
    assert_int_equal(tu_run_fiscan(argv, NULL, 0, &r), 0);
    assert_int_equal(r.status, 2);
    char tp[400], ep[400];
    snprintf(tp, sizeof tp, "%s/truncated.pdf", bad);
    snprintf(ep, sizeof ep, "%s/encrypted.pdf", bad);
    /* one line per failure (file and reason), then the summary */
    char want_dense[600];
    snprintf(want_dense, sizeof want_dense, "fiscan: %s: timed out after %s s\n", dense, lim);
    assert_non_null(strstr(r.err, want_dense));
    assert_non_null(strstr(r.err, "fiscan: 4 processed, 3 failed, 1 duplicate, 0 already done, "
                                  "0 skipped (not documents);"));
    assert_int_equal(tu_count(r.err, "\n"), 4);

    /* failures: the reasons `fiscan extract` gives for the same files */
    char fails[400];
    snprintf(fails, sizeof fails, "%s.failures", out);
    char *fl = tu_read_file(fails, NULL);
    assert_non_null(fl);
    assert_int_equal(tu_count(fl, "\n"), 3);
    const char *one[] = {tp, ep};
    for (size_t i = 0; i < 2; i++) {
        const char *xa[] = {"extract", one[i], NULL};
        tu_run x;
        assert_int_equal(tu_run_fiscan(xa, NULL, 0, &x), 0);
        assert_int_equal(x.status, 2);
        /* "fiscan: FILE: reason\n" → reason */
        char *reason = x.err + strlen("fiscan: ") + strlen(one[i]) + 2;
        reason[strlen(reason) - 1] = '\0';
        cJSON *want = cJSON_CreateObject();
        cJSON_AddStringToObject(want, "path", one[i]);
        char *line = NULL;
        for (char *l = fl; l && *l;) {
            char *e = strchr(l, '\n');
            *e = '\0';
            cJSON *j = cJSON_Parse(l);
            if (strcmp(cJSON_GetObjectItem(j, "path")->valuestring, one[i]) == 0) {
                assert_string_equal(cJSON_GetObjectItem(j, "kind")->valuestring, "error");
                assert_string_equal(cJSON_GetObjectItem(j, "reason")->valuestring, reason);
                line = l;
            }
            cJSON_Delete(j);
            *e = '\n';
            l = e + 1;
        }
        assert_non_null(line);
        cJSON_Delete(want);
        tu_run_free(&x);
    }
    char want_fail[128];
    snprintf(want_fail, sizeof want_fail, "\"kind\":\"timeout\",\"reason\":\"timed out after %s s\"",
             lim);
    assert_non_null(strstr(fl, want_fail));
    free(fl);

    /* every good file: the figures of `fiscan extract FILE` alone */
    char *recs = tu_read_file(out, NULL);
    assert_non_null(recs);
    assert_int_equal(tu_count(recs, "\n"), 5);
    for (size_t i = 0; i < 5; i++) {
        char p[400];
        snprintf(p, sizeof p, "%s/%s", sub, i < 4 ? good[i][0] : "same-as-qiaoxi.txt");
        const char *xa[] = {"extract", "--format", "json", p, NULL};
        tu_run x;
        assert_int_equal(tu_run_fiscan(xa, NULL, 0, &x), 0);
        assert_int_equal(x.status, 0);
        cJSON *alone = cJSON_Parse(x.out);
        assert_non_null(alone);
        cJSON *mine = NULL;
        for (char *l = recs; *l;) {
            char *e = strchr(l, '\n');
            *e = '\0';
            cJSON *j = cJSON_Parse(l);
            *e = '\n';
            l = e + 1;
            if (strcmp(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "source"), "path")->valuestring,
                       p) == 0) {
                mine = j;
                break;
            }
            cJSON_Delete(j);
        }
        assert_non_null(mine);
        cJSON *fa = cJSON_GetObjectItem(alone, "figures"), *fb = cJSON_GetObjectItem(mine, "figures");
        assert_true(cJSON_GetArraySize(fa) > 10);
        assert_true(cJSON_Compare(fa, fb, 1));
        assert_true(cJSON_Compare(cJSON_GetObjectItem(alone, "outline"),
                                  cJSON_GetObjectItem(mine, "outline"), 1));
        cJSON_Delete(alone);
        cJSON_Delete(mine);
        tu_run_free(&x);
    }
    free(recs);
    tu_run_free(&r);
}

/* Progress goes to a terminal, and only there (and the exit status is 1
 * when a finding of severity error was written): under script(1) stderr is a
 * pseudo-terminal and shows "done/total … docs/s … ETA … failed" lines;
 * redirected, only the summary is written. */
static void test_progress_on_tty(void **state)
{
    (void)state;
    char out[300], cmd[2048], log[300];
    snprintf(out, sizeof out, "%s/tty.jsonl", dir);
    snprintf(log, sizeof log, "%s/tty.log", dir);
    /* many small inputs so that the run lasts over the half-second between
     * progress lines: the same report under 40 names is 40 inputs */
    char sub[256];
    snprintf(sub, sizeof sub, "%s/tty-in", dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    for (int i = 0; i < 40; i++) {
        char name[32];
        snprintf(name, sizeof name, "r%02d.pdf", i);
        put_file(sub, name, i % 2 ? "corpus/liuzhou-2019.pdf" : "corpus/qiaoxi-2020.pdf");
    }
    snprintf(cmd, sizeof cmd,
             "script -qefc \"'%s' batch '%s' '%s/../in/liuzhou-2019.pdf' -o '%s' -j 1\" '%s' "
             "> /dev/null 2>&1",
             FISCAN_BIN, sub, sub, out, log);
    int st = system(cmd);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 1);
    char *t = tu_read_file(log, NULL);
    assert_non_null(t);
    assert_non_null(strstr(t, "docs/s  ETA "));
    assert_non_null(strstr(t, "/41  "));
    assert_non_null(strstr(t, "\r\033[K"));
    assert_non_null(strstr(t, "fiscan: 2 processed, 0 failed, 39 duplicates"));
    free(t);
    /* not a terminal: the summary alone */
    snprintf(out, sizeof out, "%s/notty.jsonl", dir);
    const char *argv[] = {"batch", sub, "-o", out, "-j", "1", NULL};
    tu_run r;
    assert_int_equal(tu_run_fiscan(argv, NULL, 0, &r), 0);
    assert_int_equal(r.status, 1); /* the 2019 report's error finding */
    assert_null(strstr(r.err, "ETA"));
    assert_non_null(strstr(r.err, " findings (1 error);"));
    assert_int_equal(tu_count(r.err, "\n"), 1);
    assert_non_null(strstr(r.err, "fiscan: 2 processed, 0 failed, 38 duplicates"));
    tu_run_free(&r);
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
        cmocka_unit_test(test_flat_duplicate_after_finish),
        cmocka_unit_test(test_failed_copy),
        cmocka_unit_test(test_memory_limit),
        cmocka_unit_test(test_cli_mixed),
        cmocka_unit_test(test_progress_on_tty),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
