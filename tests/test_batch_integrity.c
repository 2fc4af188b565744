/* test_batch_integrity.c — fiscan batch keeps its promise that nothing is
 * lost and every name met is accounted for, against a hostile world: files
 * rewritten while the batch runs, FIFOs, unreadable and too-deep
 * directories, its own output inside the input tree, lists that cannot be
 * read, and --resume's exit status.  Everything runs through the CLI, each
 * run under a deadline so that a hang fails the test instead of stalling
 * the suite. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sha256.h"
#include "testutil.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[64];

static void write_file(const char *path, const char *s, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(s, 1, n, f), n);
    fclose(f);
}

/* "dir/rel" into a static buffer of a small ring. */
static const char *at(const char *rel)
{
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", dir, rel);
    return b;
}

static void make_dir(const char *rel)
{
    assert_int_equal(mkdir(at(rel), 0755), 0);
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

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/fiscan-integ-XXXXXX");
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

/* Two small reports that differ in one amount: a record made from A holds
 * 953.39, one made from B holds 1234.56. */
static const char report_a[] = "2024年某局部门预算\n一般公共预算支出953.39万元，比上年增加183.39万元。\n";
static const char report_b[] = "2024年某局部门预算\n一般公共预算支出1234.56万元，比上年增加183.39万元。\n";

/* A file rewritten while the batch runs: another process keeps renaming A
 * and B in turn onto x.txt while y.txt (A) stays as it is.  In every run,
 * each record is stored under the hash of the bytes it was made from, and
 * y.txt is always recorded, as a name of A.  (Before, the parent hashed
 * x.txt as A, the worker read B: B's record went in under B's hash while A
 * was marked done, and y.txt became a name of a document that was not
 * there.)  Runs alternate SQLite and JSONL for a bounded time. */
static void test_rewritten_file(void **state)
{
    (void)state;
    make_dir("swap");
    make_dir("swap/in");
    char sha_a[65], sha_b[65];
    fs_sha256_hex(report_a, sizeof report_a - 1, sha_a);
    fs_sha256_hex(report_b, sizeof report_b - 1, sha_b);
    write_file(at("swap/in/x.txt"), report_a, sizeof report_a - 1);
    write_file(at("swap/in/y.txt"), report_a, sizeof report_a - 1);
    char x[512], y[512];
    snprintf(x, sizeof x, "%s", at("swap/in/x.txt"));
    snprintf(y, sizeof y, "%s", at("swap/in/y.txt"));

    pid_t swapper = fork();
    assert_true(swapper >= 0);
    if (swapper == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlives a failed test */
        char ta[512], tb[512];
        snprintf(ta, sizeof ta, "%s", at("swap/a.tmp"));
        snprintf(tb, sizeof tb, "%s", at("swap/b.tmp"));
        for (unsigned long i = 0;; i++) {
            const char *t = i % 2 ? tb : ta;
            FILE *f = fopen(t, "wb");
            if (!f)
                _exit(1);
            if (i % 2)
                fwrite(report_b, 1, sizeof report_b - 1, f);
            else
                fwrite(report_a, 1, sizeof report_a - 1, f);
            fclose(f);
            rename(t, x);
        }
    }
    double end = tu_now() + 3;
    int runs = 0;
    char failure[4096] = "";
    for (; !failure[0] && runs < 200 && (runs < 4 || tu_now() < end); runs++) {
        char out[512];
        int jsonl = runs % 2;
        snprintf(out, sizeof out, "%s/swap/r%d.%s", dir, runs, jsonl ? "jsonl" : "db");
        const char *argv[] = {"batch", x, y, "-o", out, "-j", "1", NULL};
        tu_run r;
        tu_run_cli(argv, NULL, &r);
        if (r.status != 0)
            snprintf(failure, sizeof failure, "run %d: status %d: %s", runs, r.status, r.err);
        tu_run_free(&r);
        if (failure[0])
            break;
        /* (path, sha256 of the record, whether its figures are A's) per record */
        char *rows;
        if (!jsonl) {
            rows = query(out, "SELECT p.path, d.sha256, json_extract(d.record, '$.source.sha256'),"
                              " instr(d.record, '953.39') > 0, instr(d.record, '1234.56') > 0"
                              " FROM paths p JOIN documents d USING (sha256) ORDER BY p.path");
            char *n = query(out, "SELECT (SELECT count(*) FROM paths), (SELECT count(*) FROM "
                                 "failures)");
            if (strcmp(n, "2|0\n") != 0) /* both names, each with its document */
                snprintf(failure, sizeof failure, "run %d: paths|failures %s", runs, n);
            free(n);
        } else {
            char *all = tu_read_file(out, NULL);
            assert_non_null(all);
            rows = calloc(1, 4096);
            size_t len = 0, nlines = 0;
            for (char *l = strtok(all, "\n"); l && nlines < 8; l = strtok(NULL, "\n"), nlines++) {
                cJSON *j = cJSON_Parse(l);
                if (!j)
                    continue;
                cJSON *src = cJSON_GetObjectItem(j, "source");
                const char *sha = cJSON_GetObjectItem(src, "sha256")->valuestring;
                len += (size_t)snprintf(rows + len, 4096 - len, "%s|%s|%s|%d|%d\n",
                                        cJSON_GetObjectItem(src, "path")->valuestring, sha, sha,
                                        strstr(l, "953.39") != NULL, strstr(l, "1234.56") != NULL);
                cJSON_Delete(j);
            }
            free(all);
        }
        /* x.txt: A's record under A's hash or B's under B's; y.txt: A's */
        char want_xa[2048], want_xb[2048];
        snprintf(want_xa, sizeof want_xa, "%s|%s|%s|1|0\n%s|%s|%s|1|0\n", x, sha_a, sha_a, y,
                 sha_a, sha_a);
        snprintf(want_xb, sizeof want_xb, "%s|%s|%s|0|1\n%s|%s|%s|1|0\n", x, sha_b, sha_b, y,
                 sha_a, sha_a);
        if (!failure[0] && strcmp(rows, want_xa) != 0 && strcmp(rows, want_xb) != 0)
            snprintf(failure, sizeof failure, "run %d (%s): records do not match their bytes:\n%s",
                     runs, jsonl ? "jsonl" : "sqlite", rows);
        free(rows);
    }
    kill(swapper, SIGKILL);
    waitpid(swapper, NULL, 0);
    if (failure[0])
        fail_msg("%s", failure);
    assert_true(runs >= 4);
}

/* A FIFO named as an input, or listed in an @LIST, is a failure with its
 * reason — never a blocking open (the parent used to wait in open() for a
 * writer for ever); a FIFO met in a walked directory is skipped, with its
 * name and reason recorded. */
static void test_fifo_input(void **state)
{
    (void)state;
    make_dir("fifo");
    make_dir("fifo/tree");
    char fifo[512], good[512], list[512], out[512];
    snprintf(fifo, sizeof fifo, "%s", at("fifo/pipe"));
    snprintf(good, sizeof good, "%s", at("fifo/tree/a.txt"));
    snprintf(list, sizeof list, "%s", at("fifo/list"));
    assert_int_equal(mkfifo(fifo, 0644), 0);
    assert_int_equal(mkfifo(at("fifo/tree/p"), 0644), 0);
    write_file(good, report_a, sizeof report_a - 1);
    char lines[1100];
    snprintf(lines, sizeof lines, "%s\n%s\n", fifo, good);
    write_file(list, lines, strlen(lines));

    for (int as_list = 0; as_list < 2; as_list++) {
        snprintf(out, sizeof out, "%s/fifo/out%d.jsonl", dir, as_list);
        char arg[520];
        snprintf(arg, sizeof arg, "@%s", list);
        const char *named[] = {"batch", fifo, good, "-o", out, NULL};
        const char *listed[] = {"batch", arg, "-o", out, NULL};
        tu_cli_opts co = {.deadline_s = 10};
        tu_run r;
        tu_run_cli(as_list ? listed : named, &co, &r);
        assert_int_equal(r.status, 2);
        char want[700];
        snprintf(want, sizeof want, "fiscan: %s: not a regular file (a FIFO)\n", fifo);
        assert_non_null(strstr(r.err, want));
        assert_non_null(strstr(r.err, "fiscan: 1 processed, 1 failed,"));
        tu_run_free(&r);
        char fails[600];
        snprintf(fails, sizeof fails, "%s.failures", out);
        char *fl = tu_read_file(fails, NULL);
        assert_non_null(fl);
        assert_non_null(strstr(fl, "\"kind\":\"error\",\"reason\":\"not a regular file (a FIFO)\""));
        free(fl);
    }
    /* walked: skipped, recorded, exit 0 */
    snprintf(out, sizeof out, "%s/fifo/walk.db", dir);
    char tree[512];
    snprintf(tree, sizeof tree, "%s", at("fifo/tree"));
    const char *walk[] = {"batch", tree, "-o", out, NULL};
    tu_cli_opts co = {.deadline_s = 10};
    tu_run r;
    tu_run_cli(walk, &co, &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "fiscan: 1 processed, 0 failed, 0 duplicates, 0 already done, "
                                  "1 skipped"));
    tu_run_free(&r);
    char *q = query(out, "SELECT substr(path, -7), kind, reason FROM failures");
    assert_string_equal(q, "/tree/p|skipped|not a regular file (a FIFO)\n");
    free(q);
}

/* A subdirectory the batch may not read is a failure of that path, named
 * on stderr in the usual form; the rest of the tree is processed (before,
 * the whole batch stopped before any document, with a message naming the
 * output file).  As root, the run is made as nobody so that the
 * permissions hold. */
static void test_unreadable_subdirectory(void **state)
{
    (void)state;
    make_dir("perm");
    make_dir("perm/tree");
    make_dir("perm/tree/locked");
    make_dir("perm/out");
    write_file(at("perm/tree/a.txt"), report_a, sizeof report_a - 1);
    write_file(at("perm/tree/locked/b.txt"), report_b, sizeof report_b - 1);
    write_file(at("perm/tree/z.txt"), report_b, sizeof report_b - 1);
    assert_int_equal(chmod(at("perm/tree/locked"), 0), 0);
    assert_int_equal(chmod(at("perm/out"), 0777), 0);
    char tree[512], locked[512], out[512];
    snprintf(tree, sizeof tree, "%s", at("perm/tree"));
    snprintf(locked, sizeof locked, "%s", at("perm/tree/locked"));
    snprintf(out, sizeof out, "%s", at("perm/out/r.db"));
    const char *argv[] = {"batch", tree, "-o", out, NULL};
    tu_cli_opts co = {.as_nobody = 1, .deadline_s = 10};
    tu_run r;
    tu_run_cli(argv, &co, &r);
    chmod(at("perm/tree/locked"), 0755);
    if (r.status == 126)
        skip(); /* could not become nobody */
    assert_int_equal(r.status, 2);
    char want[700];
    snprintf(want, sizeof want, "fiscan: %s: cannot open directory: Permission denied\n", locked);
    assert_non_null(strstr(r.err, want));
    assert_non_null(strstr(r.err, "fiscan: 2 processed, 1 failed,"));
    tu_run_free(&r);
    char *q = query(out, "SELECT count(*) FROM documents");
    assert_string_equal(q, "2\n");
    free(q);
    q = query(out, "SELECT substr(path, -7), kind, reason FROM failures");
    assert_string_equal(q, "/locked|error|cannot open directory: Permission denied\n");
    free(q);
}

/* The batch's own outputs are never inputs, even inside the input tree:
 * a --resume of a JSONL output written into the tree it reads used to read
 * that .jsonl (and its .failures) as reports; SQLite's database and side
 * files are no inputs either, even named explicitly. */
static void test_output_inside_tree(void **state)
{
    (void)state;
    static const char *const trees[] = {"self-jsonl", "self-db"};
    static const char *const outs[] = {"self-jsonl/out.jsonl", "self-db/out.db"};
    for (int i = 0; i < 2; i++) {
        char tree[512], a[600], out[512];
        snprintf(tree, sizeof tree, "%s", at(trees[i]));
        snprintf(a, sizeof a, "%s/a.txt", tree);
        assert_int_equal(mkdir(tree, 0755), 0);
        write_file(a, report_a, sizeof report_a - 1);
        snprintf(out, sizeof out, "%s", at(outs[i]));
        for (int resume = 0; resume < 2; resume++) {
            const char *argv[] = {"batch", tree, out, "-o", out, resume ? "--resume" : NULL, NULL};
            tu_run r;
            tu_run_cli(argv, NULL, &r);
            if (r.status != 0)
                fail_msg("%s%s: status %d: %s", outs[i], resume ? " --resume" : "", r.status,
                         r.err);
            char want[200];
            snprintf(want, sizeof want, "fiscan: %d processed, 0 failed, 0 duplicates, %d already "
                     "done, 0 skipped", !resume, resume);
            if (!strstr(r.err, want))
                fail_msg("%s%s: %s", outs[i], resume ? " --resume" : "", r.err);
            tu_run_free(&r);
        }
        if (i == 0) {
            char *all = tu_read_file(out, NULL);
            assert_int_equal(tu_count(all, "\n"), 1);
            free(all);
        } else {
            char *q = query(out, "SELECT count(*), min(path) LIKE '%/a.txt' FROM paths");
            assert_string_equal(q, "1|1\n");
            free(q);
        }
    }
}

/* A tree deeper than the walk goes: the directory not walked is recorded
 * as skipped with its name and reason, and counted (before, the files
 * below were dropped without a trace). */
static void test_deep_tree(void **state)
{
    (void)state;
    char p[4096];
    snprintf(p, sizeof p, "%s/deep", dir);
    assert_int_equal(mkdir(p, 0755), 0);
    write_file(at("deep/top.txt"), report_a, sizeof report_a - 1);
    size_t base = strlen(p);
    for (int i = 0; i < 70; i++) {
        strcat(p, "/d");
        assert_int_equal(mkdir(p, 0755), 0);
    }
    char f[4200];
    snprintf(f, sizeof f, "%s/bottom.txt", p);
    write_file(f, report_b, sizeof report_b - 1);
    char out[512], tree[512];
    snprintf(out, sizeof out, "%s", at("deep.jsonl"));
    snprintf(tree, sizeof tree, "%s", at("deep"));
    const char *argv[] = {"batch", tree, "-o", out, NULL};
    tu_run r;
    tu_run_cli(argv, NULL, &r);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "fiscan: 1 processed, 0 failed, 0 duplicates, 0 already done, "
                                  "1 skipped"));
    tu_run_free(&r);
    char fails[600];
    snprintf(fails, sizeof fails, "%s.failures", out);
    char *fl = tu_read_file(fails, NULL);
    assert_non_null(fl);
    cJSON *j = cJSON_Parse(fl);
    assert_non_null(j);
    /* the first directory below level 64: deep + 65 × "/d" */
    char want[4096];
    memcpy(want, p, base);
    want[base] = '\0';
    for (int i = 0; i < 65; i++)
        strcat(want, "/d");
    assert_string_equal(cJSON_GetObjectItem(j, "path")->valuestring, want);
    assert_string_equal(cJSON_GetObjectItem(j, "kind")->valuestring, "skipped");
    assert_non_null(strstr(cJSON_GetObjectItem(j, "reason")->valuestring, "deeper than 64"));
    cJSON_Delete(j);
    free(fl);
}

/* The exit status of a --resume describes the whole output: a run with a
 * failure (2) or an error finding (1) resumed with nothing left to do
 * exits the same, in SQLite and JSONL alike (it used to exit 0). */
static void test_resume_exit_status(void **state)
{
    (void)state;
    make_dir("status");
    make_dir("status/fail");
    make_dir("status/err");
    char fail[512], err[512];
    snprintf(fail, sizeof fail, "%s", at("status/fail"));
    snprintf(err, sizeof err, "%s", at("status/err"));
    write_file(at("status/fail/a.txt"), report_a, sizeof report_a - 1);
    size_t n;
    char *trunc = tu_read_file(tu_path("tests/data/input/cover-truncated.pdf"), &n);
    assert_non_null(trunc);
    write_file(at("status/fail/t.pdf"), trunc, n);
    free(trunc);
    char *lz = tu_read_file(tu_path("corpus/liuzhou-2019.txt"), &n); /* one error finding */
    assert_non_null(lz);
    write_file(at("status/err/lz.txt"), lz, n);
    free(lz);
    static const char *const ext[] = {"db", "jsonl"};
    for (int t = 0; t < 2; t++) {
        for (int k = 0; k < 2; k++) {
            char out[512];
            snprintf(out, sizeof out, "%s/status/%s.%s", dir, k ? "err" : "fail", ext[t]);
            for (int resume = 0; resume < 2; resume++) {
                const char *argv[] = {"batch", k ? err : fail, "-o", out,
                                      resume ? "--resume" : NULL, NULL};
                tu_run r;
                tu_run_cli(argv, NULL, &r);
                if (r.status != (k ? 1 : 2))
                    fail_msg("%s%s: status %d: %s", out, resume ? " --resume" : "", r.status,
                             r.err);
                if (resume)
                    assert_non_null(strstr(r.err, "fiscan: 0 processed, 0 failed"));
                tu_run_free(&r);
            }
        }
    }
}

/* Errors reading a list are errors, exit 2 with one line naming the list
 * — not an empty list: a directory, standard input closed, a list with a
 * NUL byte or a line beyond the bound (@/dev/zero used to grow the parent
 * without bound). */
static void test_list_errors(void **state)
{
    (void)state;
    make_dir("lists");
    char longline[6000];
    memset(longline, 'a', 5000);
    longline[5000] = '\n';
    write_file(at("lists/long"), longline, 5001);
    char d[512], lng[512];
    snprintf(d, sizeof d, "@%s", at("lists"));
    snprintf(lng, sizeof lng, "@%s", at("lists/long"));
    static const struct {
        int close_stdin;
        const char *needle;
    } cases[] = {
        {0, ": cannot read: Is a directory\n"},
        {1, "fiscan: @-: cannot open: standard input is closed\n"},
        {0, "fiscan: @/dev/zero: line 1 holds a NUL byte: not a list of paths\n"},
        {0, ": line 1 is longer than 4096 bytes\n"},
    };
    const char *args[] = {d, "@-", "@/dev/zero", lng};
    for (size_t i = 0; i < 4; i++) {
        char out[512];
        snprintf(out, sizeof out, "%s/lists/out%zu.jsonl", dir, i);
        const char *argv[] = {"batch", args[i], "-o", out, NULL};
        tu_cli_opts co = {.close_stdin = cases[i].close_stdin, .deadline_s = 10};
        tu_run r;
        tu_run_cli(argv, &co, &r);
        if (r.status != 2 || !strstr(r.err, cases[i].needle) || tu_count(r.err, "\n") != 1 ||
            strncmp(r.err, "fiscan: @", 9) != 0)
            fail_msg("%s: status %d: %s", args[i], r.status, r.err);
        tu_run_free(&r);
    }
}

/* Starts FISCAN_BIN with argv in its own process group, with the test hook
 * FISCAN_TEST_HANG_ON=hang in its environment, output to /dev/null; returns
 * its pid. */
static pid_t spawn_hanging(const char *const *argv, const char *hang)
{
    size_t argc = 0;
    while (argv[argc])
        argc++;
    char **av = calloc(argc + 2, sizeof *av);
    av[0] = (char *)FISCAN_BIN;
    for (size_t i = 0; i < argc; i++)
        av[i + 1] = (char *)argv[i];
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0);
        int nul = open("/dev/null", O_RDWR);
        dup2(nul, 0);
        dup2(nul, 1);
        dup2(nul, 2);
        setenv("FISCAN_TEST_HANG_ON", hang, 1);
        execv(FISCAN_BIN, av);
        _exit(127);
    }
    free(av);
    setpgid(pid, pid);
    return pid;
}

/* State letter of process pid from /proc (R, S, T, Z ...), or 0 when it
 * is gone; *ppid (may be NULL) gets its parent. */
static char proc_state(pid_t pid, pid_t *ppid)
{
    char p[64], buf[512];
    snprintf(p, sizeof p, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(p, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *rp = strrchr(buf, ')'); /* the command name may hold anything */
    char st = 0;
    int pp = 0;
    if (!rp || sscanf(rp + 1, " %c %d", &st, &pp) != 2)
        return 0;
    if (ppid)
        *ppid = pp;
    return st;
}

/* The first child process of parent found in /proc, waiting up to 10 s
 * for it to appear; -1 when none does. */
static pid_t find_child(pid_t parent)
{
    for (int tries = 0; tries < 1000; tries++) {
        DIR *d = opendir("/proc");
        assert_non_null(d);
        struct dirent *ent;
        pid_t found = -1;
        while ((ent = readdir(d)) && found < 0) {
            pid_t pid = (pid_t)atoi(ent->d_name), pp = 0;
            if (pid > 0 && proc_state(pid, &pp) && pp == parent)
                found = pid;
        }
        closedir(d);
        if (found > 0)
            return found;
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    return -1;
}

/* Whether pid has ended (gone, or a zombie nobody reaped yet) within
 * seconds. */
static int ends_within(pid_t pid, double seconds)
{
    double end = tu_now() + seconds;
    do {
        char st = proc_state(pid, NULL);
        if (st == 0 || st == 'Z' || st == 'X')
            return 1;
        nanosleep(&(struct timespec){0, 20000000}, NULL);
    } while (tu_now() < end);
    return 0;
}

/* Workers die with their parent: a worker stuck in its document (the
 * FISCAN_TEST_HANG_ON hook: it sleeps for ever) used to run on, orphaned and
 * without a time limit, when the batch alone was killed (kill -9, SIGTERM,
 * SIGHUP).  And a worker keeps its own time limit: with the parent stopped
 * it ends a little after --timeout all the same, and is recorded as timed
 * out once the parent goes on. */
static void test_workers_die_with_parent(void **state)
{
    (void)state;
    make_dir("orphan");
    write_file(at("orphan/hang.txt"), report_a, sizeof report_a - 1);
    char in[512];
    snprintf(in, sizeof in, "%s", at("orphan/hang.txt"));
    static const int sigs[] = {SIGKILL, SIGTERM, SIGHUP};
    for (size_t i = 0; i < 3; i++) {
        char out[512];
        snprintf(out, sizeof out, "%s/orphan/out%zu.jsonl", dir, i);
        const char *argv[] = {"batch", in, "-o", out, "--timeout", "600", NULL};
        pid_t batch = spawn_hanging(argv, "hang.txt");
        pid_t worker = find_child(batch);
        assert_true(worker > 0);
        kill(batch, sigs[i]); /* the parent alone, not its group */
        waitpid(batch, NULL, 0);
        int ended = ends_within(worker, 5);
        if (!ended)
            kill(worker, SIGKILL);
        if (!ended)
            fail_msg("worker %d outlived its parent killed by signal %d", (int)worker, sigs[i]);
    }
    /* the parent stopped: the worker's own limit (1 s and a grace second) */
    char out[512];
    snprintf(out, sizeof out, "%s/orphan/stopped.jsonl", dir);
    const char *argv[] = {"batch", in, "-o", out, "--timeout", "1", NULL};
    pid_t batch = spawn_hanging(argv, "hang.txt");
    pid_t worker = find_child(batch);
    assert_true(worker > 0);
    kill(batch, SIGSTOP);
    int ended = ends_within(worker, 10);
    kill(batch, SIGCONT);
    if (!ended)
        kill(worker, SIGKILL);
    int st = 0;
    waitpid(batch, &st, 0);
    assert_true(ended);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 2);
    char fails[600];
    snprintf(fails, sizeof fails, "%s.failures", out);
    char *fl = tu_read_file(fails, NULL);
    assert_non_null(fl);
    assert_non_null(strstr(fl, "\"kind\":\"timeout\",\"reason\":\"timed out after 1 s\""));
    free(fl);
}

/* Processes of user uid now, from /proc. */
static long count_user_processes(uid_t uid)
{
    DIR *d = opendir("/proc");
    assert_non_null(d);
    long n = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        char p[300];
        struct stat st;
        if (atoi(ent->d_name) <= 0)
            continue;
        snprintf(p, sizeof p, "/proc/%s", ent->d_name);
        if (stat(p, &st) == 0 && st.st_uid == uid)
            n++;
    }
    closedir(d);
    return n;
}

/* fork failing with EAGAIN (here: a process limit that lets the batch run
 * one worker, not four) lowers the number of workers instead of aborting
 * the batch and killing the workers in flight: every document is
 * processed.  Needs root, to run as nobody under RLIMIT_NPROC (root is not
 * held to it). */
static void test_fork_eagain(void **state)
{
    (void)state;
    if (geteuid() != 0)
        skip();
    make_dir("nproc");
    make_dir("nproc/in");
    make_dir("nproc/out");
    assert_int_equal(chmod(at("nproc/out"), 0777), 0);
    char name[64];
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "nproc/in/r%d.txt", i);
        char doc[256];
        snprintf(doc, sizeof doc, "2024年某局部门预算\n一般公共预算支出%d.39万元。\n", 100 + i);
        write_file(at(name), doc, strlen(doc));
    }
    char tree[512], out[512];
    snprintf(tree, sizeof tree, "%s", at("nproc/in"));
    snprintf(out, sizeof out, "%s", at("nproc/out/r.jsonl"));
    const char *argv[] = {"batch", tree, "-o", out, "-j", "4", NULL};
    /* nobody's processes now, fiscan itself and one worker */
    tu_cli_opts co = {.as_nobody = 1, .deadline_s = 20, .nproc = count_user_processes(65534) + 2};
    tu_run r;
    tu_run_cli(argv, &co, &r);
    if (r.status == 126)
        skip();
    if (r.status != 0 || !strstr(r.err, "fiscan: 4 processed, 0 failed"))
        fail_msg("status %d: %s", r.status, r.err);
    tu_run_free(&r);
    char *all = tu_read_file(out, NULL);
    assert_non_null(all);
    assert_int_equal(tu_count(all, "\n"), 4);
    free(all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rewritten_file),
        cmocka_unit_test(test_fifo_input),
        cmocka_unit_test(test_unreadable_subdirectory),
        cmocka_unit_test(test_output_inside_tree),
        cmocka_unit_test(test_deep_tree),
        cmocka_unit_test(test_resume_exit_status),
        cmocka_unit_test(test_list_errors),
        cmocka_unit_test(test_workers_die_with_parent),
        cmocka_unit_test(test_fork_eagain),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
