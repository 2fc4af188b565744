/* batch.c — see batch.h. */
#include "batch_impl.h"
#include "buf.h"
#include "csv_out.h"
#include "json_out.h"
#include "memlimit.h"
#include "names.h"
#include "sha256.h"
#include "sqlite_out.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- a small string map (open addressing, FNV-1a) ---- */

typedef struct smap {
    char **keys;
    void **vals;
    size_t cap, n;
} smap;

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* Slot of key in m (an empty slot when absent); m->cap > 0. */
static size_t smap_slot(const smap *m, const char *key)
{
    size_t i = (size_t)fnv1a(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* The value of key, or NULL; *found (may be NULL) tells presence. */
static void *smap_get(const smap *m, const char *key, int *found)
{
    if (found)
        *found = 0;
    if (!m->cap)
        return NULL;
    size_t i = smap_slot(m, key);
    if (!m->keys[i])
        return NULL;
    if (found)
        *found = 1;
    return m->vals[i];
}

/* Sets key (copied) to val.  Returns 0 or FS_E_NOMEM. */
static int smap_put(smap *m, const char *key, void *val)
{
    if ((m->n + 1) * 2 > m->cap) {
        smap bigger = {0};
        bigger.cap = m->cap ? m->cap * 2 : 64;
        bigger.keys = calloc(bigger.cap, sizeof *bigger.keys);
        bigger.vals = calloc(bigger.cap, sizeof *bigger.vals);
        if (!bigger.keys || !bigger.vals) {
            free(bigger.keys);
            free(bigger.vals);
            return FS_E_NOMEM;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i])
                continue;
            size_t j = smap_slot(&bigger, m->keys[i]);
            bigger.keys[j] = m->keys[i];
            bigger.vals[j] = m->vals[i];
        }
        bigger.n = m->n;
        free(m->keys);
        free(m->vals);
        *m = bigger;
    }
    size_t i = smap_slot(m, key);
    if (!m->keys[i]) {
        if (!(m->keys[i] = strdup(key)))
            return FS_E_NOMEM;
        m->n++;
    }
    m->vals[i] = val;
    return 0;
}

/* Frees the keys, and the values with fv (may be NULL). */
static void smap_free(smap *m, void (*fv)(void *))
{
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i] && fv)
            fv(m->vals[i]);
        free(m->keys[i]);
    }
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- outcomes known so far (resume, duplicates) ---- */

enum { DONE_DOC = 1, DONE_FAIL = 2, IN_FLIGHT = 3 };

typedef struct outcome {
    int state;
    char *kind, *reason;  /* of a failure */
    int slot;             /* worker slot while IN_FLIGHT */
    off_t rec_off;        /* DONE_DOC in JSONL/CSV: where its record is kept */
    size_t rec_len;       /* (in the record store), 0 when not kept */
} outcome;

static void outcome_free(void *p)
{
    outcome *o = p;
    if (o) {
        free(o->kind);
        free(o->reason);
        free(o);
    }
}

/* ---- workers ---- */

typedef struct worker {
    pid_t pid;           /* 0 when the slot is free */
    int fd;
    int errfd;           /* what it wrote on stderr (memlimit.h), -1 when not captured */
    char *path;
    char sha[65];
    char **aliases;      /* other names of the same bytes met while it ran */
    size_t naliases;
    fs_buf out;          /* what the child sent */
    double start;
    int timed_out;
} worker;

typedef struct run {
    const fs_batch_opts *o;
    fs_batch_summary *sum;
    fs_batch_format format;
    unsigned timeout, mem_mib;
    smap done;           /* sha256 -> outcome */
    smap pairs;          /* "sha256\npath" -> NULL: names recorded */
    smap skips;          /* path -> NULL: names recorded as skipped */
    fs_sqlite *db;
    int jsonl_fd, jsonl_fail_fd;
    int to_stdout;       /* -o -: JSONL on standard output, failures on stderr only */
    FILE *csv_fig, *csv_find, *csv_fail;
    /* JSONL and CSV keep each record where it can be read again, so that a
     * copy of a finished document met later is written from it, not run
     * again: the JSONL output itself, or an unlinked temporary file. */
    int store_fd;
    FILE *store_tmp;
    double t0, last_progress;
    /* SIGINT, SIGTERM and SIGHUP are blocked while the output is open and
     * read from sigfd, so that a run stopped that way closes its output
     * consistently and says so; the workers get oldmask back. */
    int sigfd;
    sigset_t oldmask;
    /* The output's files as opened: one deleted or replaced while the run
     * goes on (st_dev/st_ino no longer those of the name) stops the run. */
    char *watch_path[3];
    dev_t watch_dev[3];
    ino_t watch_ino[3];
    size_t nwatch;
} run;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Writes all of p[0..n) to fd.  Returns 0 or -1. */
static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Name of a signal for messages ("SIGSEGV"); static. */
static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGPIPE: return "SIGPIPE";
    case SIGXCPU: return "SIGXCPU";
    case SIGTRAP: return "SIGTRAP";
    default: return "signal";
    }
}

/* Whether the environment variable var names the base name of path. */
static int test_hook(const char *var, const char *path)
{
    const char *v = getenv(var);
    if (!v || !*v)
        return 0;
    const char *base = strrchr(path, '/');
    return strcmp(base ? base + 1 : path, v) == 0;
}

/* A worker's own setting before it runs anything: it dies with its
 * parent, keeps its own time and memory limits, has default dispositions
 * for crashes, ignores the signals that stop a run (the parent handles
 * them), and writes its standard error into errfd (the parent's capture;
 * -1: left as it is).  _exit(1) when the parent is already gone. */
static void worker_setup(const run *r, int errfd, pid_t parent)
{
    /* A worker dies with its parent (kill -9, SIGTERM, SIGHUP of the batch
     * alone): the parent is the one that kills it at its time limit, and
     * an orphan would run on without one.  The parent may have died before
     * the request was made: then getppid() is no longer it. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent)
        _exit(1);
    /* Its own limit too, for when the parent cannot act in time (stopped,
     * or busy): SIGALRM a little after the parent's deadline in wall time,
     * SIGXCPU in CPU time.  Either is recorded as a timeout. */
    unsigned grace = r->timeout / 10 ? r->timeout / 10 : 1;
    unsigned limit = r->timeout > UINT_MAX / 2 ? r->timeout : r->timeout + grace;
    signal(SIGALRM, SIG_DFL);
    signal(SIGXCPU, SIG_DFL);
    alarm(limit);
    struct rlimit cpu;
    cpu.rlim_cur = (rlim_t)limit;
    cpu.rlim_max = (rlim_t)limit + 1;
    setrlimit(RLIMIT_CPU, &cpu);
    fs_memlimit_set(r->mem_mib, NULL); /* not in builds with ASan (memlimit.h) */
    /* Default dispositions: a crash must end this process, whatever
     * handler the caller installed.  The signals that stop a run reach the
     * parent, which kills the workers: a Ctrl-C sent to the whole process
     * group must not be recorded as the failure of the documents in flight. */
    static const int sigs[] = {SIGPIPE, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTERM};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        signal(sigs[i], SIG_DFL);
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    sigprocmask(SIG_SETMASK, &r->oldmask, NULL);
    /* What the libraries print (poppler's "Out of memory" before it
     * aborts) goes to the parent's capture, not to the user's terminal. */
    if (errfd >= 0) {
        dup2(errfd, STDERR_FILENO);
        close(errfd);
    }
}

/* The child: runs the pipeline on the bytes the parent read and hashed
 * (snap, a memory file), recorded under path, and sends 'R' + the JSON
 * record, or 'E' + the message of the error, to fd; never returns. */
static void child_main(const run *r, const char *path, int snap, int fd, int errfd,
                       pid_t parent)
{
    worker_setup(r, errfd, parent);
    if (test_hook("FISCAN_TEST_HANG_ON", path))
        for (;;)
            pause();
    if (test_hook("FISCAN_TEST_CRASH_ON", path))
        raise(SIGSEGV);
    if (test_hook("FISCAN_TEST_ABORT_ON", path)) { /* a library that aborts, after saying why */
        const char *why = getenv("FISCAN_TEST_ABORT_SAYS");
        write_all(STDERR_FILENO, why ? why : "", why ? strlen(why) : 0);
        abort();
    }

    /* The pipeline reads its document by name or from standard input: the
     * copy becomes standard input, so that the file itself, which may have
     * changed since the parent hashed it, is never read again.  The rule
     * that a name ending in .pdf must hold a PDF is applied here, on the
     * copy's first bytes (all the format sniffing looks at). */
    fs_error e;
    fs_error_clear(&e);
    int rc = 0;
    unsigned char head[4096];
    ssize_t nh = pread(snap, head, sizeof head, 0);
    if (nh < 0 || dup2(snap, STDIN_FILENO) < 0)
        rc = fs_error_set(&e, FS_E_IO, "cannot read the copy of the input: %s", strerror(errno));
    close(snap);
    if (!rc)
        rc = fs_input_check_name(path, head, (size_t)nh, &e);
    fs_document_opts dopts = r->o->doc;
    if (!dopts.stage)
        dopts.stage = FS_STAGE_CHECKS;
    fs_document *d = NULL;
    if (!rc)
        rc = fs_document_load("-", &dopts, &d, &e);
    char *s = NULL;
    if (rc == 0) {
        cJSON *rec = fs_json_document(d);
        /* the bytes came on standard input: the record is named after the
         * file, as valid UTF-8 (names.h) */
        cJSON *src = rec ? cJSON_GetObjectItemCaseSensitive(rec, "source") : NULL;
        if (!src || fs_json_set_path(src, path)) {
            cJSON_Delete(rec);
            rec = NULL;
        }
        s = rec ? cJSON_PrintUnformatted(rec) : NULL;
        cJSON_Delete(rec);
        if (!s)
            rc = FS_E_NOMEM;
    }
    if (rc == 0) {
        write_all(fd, "R", 1);
        write_all(fd, s, strlen(s));
    } else if (rc == FS_E_NOMEM) {
        char msg[96];
        snprintf(msg, sizeof msg, "Mout of memory (limit %u MiB)", r->mem_mib);
        write_all(fd, msg, strlen(msg));
    } else {
        write_all(fd, "E", 1);
        write_all(fd, e.msg, strlen(e.msg));
    }
    /* given back before leaving, so that a leak checker following the
     * worker sees every block freed */
    free(s);
    fs_document_free(d);
    _exit(0);
}

/* ---- output ---- */

/* Records path as a name of sha in the pairs set. */
static int mark_pair(run *r, const char *sha, const char *path)
{
    fs_buf k = FS_BUF_INIT;
    int rc = fs_buf_printf(&k, "%s\n%s", sha ? sha : "", path);
    if (!rc)
        rc = smap_put(&r->pairs, k.s, NULL);
    fs_buf_free(&k);
    return rc;
}

static int pair_known(const run *r, const char *sha, const char *path)
{
    fs_buf k = FS_BUF_INIT;
    int found = 0;
    if (fs_buf_printf(&k, "%s\n%s", sha ? sha : "", path) == 0)
        smap_get(&r->pairs, k.s, &found);
    fs_buf_free(&k);
    return found;
}

/* Appends one line to an append-only file and makes it durable; *at (may
 * be NULL) gets the offset the line starts at. */
static int append_line(int fd, const char *s, off_t *at, fs_error *e)
{
    size_t n = strlen(s);
    if (at && (*at = lseek(fd, 0, SEEK_END)) < 0)
        return fs_error_set(e, FS_E_IO, "writing the output: %s", strerror(errno));
    char *line = malloc(n + 1);
    if (!line)
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    memcpy(line, s, n);
    line[n] = '\n';
    /* a pipe (-o -) cannot be synced: EINVAL */
    int rc = write_all(fd, line, n + 1) || (fsync(fd) && errno != EINVAL) ? -1 : 0;
    free(line);
    if (rc)
        return fs_error_set(e, FS_E_IO, "writing the output: %s", strerror(errno));
    return 0;
}

/* Writes one CSV finding row per finding of rec (csv_out.c). */
static int csv_findings(FILE *f, const cJSON *rec)
{
    fs_buf b = FS_BUF_INIT;
    int rc = fs_csv_findings_rows(rec, &b);
    if (!rc && b.len && fwrite(b.s, 1, b.len, f) != b.len)
        rc = FS_E_IO;
    fs_buf_free(&b);
    return rc;
}

/* Writes rec under one name for JSONL or CSV (source.path set to path);
 * text, when given, is rec already printed.  For JSONL, *at (may be NULL)
 * gets the offset of the line written. */
static int write_flat(run *r, cJSON *rec, const char *path, const char *text, off_t *at,
                      fs_error *e)
{
    cJSON *src = cJSON_GetObjectItemCaseSensitive(rec, "source");
    if (!src || fs_json_set_path(src, path)) /* names as valid UTF-8 (names.h) */
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    if (r->format == FS_BATCH_JSONL) {
        char *s = text ? NULL : cJSON_PrintUnformatted(rec);
        if (!text && !s)
            return fs_error_set(e, FS_E_NOMEM, "out of memory");
        int rc = append_line(r->jsonl_fd, text ? text : s, at, e);
        free(s);
        return rc;
    }
    fs_buf b = FS_BUF_INIT;
    int rc = fs_csv_figures_rows(rec, &b);
    if (!rc && b.len && fwrite(b.s, 1, b.len, r->csv_fig) != b.len)
        rc = FS_E_IO;
    fs_buf_free(&b);
    if (!rc)
        rc = csv_findings(r->csv_find, rec);
    if (!rc && (fflush(r->csv_fig) || fflush(r->csv_find)))
        rc = FS_E_IO;
    if (rc)
        return fs_error_set(e, FS_E_IO, "writing the output: %s", strerror(errno));
    return 0;
}

/* write_failure_row with reason already one line of valid UTF-8. */
static int write_failure_row_as(run *r, const char *path, const char *sha, const char *kind,
                                const char *reason, fs_error *e)
{
    int rc = 0;
    if (r->db) {
        rc = fs_sqlite_put_failure(r->db, path, sha, kind, reason, e);
    } else {
        cJSON *o = cJSON_CreateObject();
        if (o && fs_json_set_path(o, path)) { /* names as valid UTF-8 (names.h) */
            cJSON_Delete(o);
            o = NULL;
        }
        if (sha)
            cJSON_AddStringToObject(o, "sha256", sha);
        else
            cJSON_AddNullToObject(o, "sha256");
        cJSON_AddStringToObject(o, "kind", kind);
        cJSON_AddStringToObject(o, "reason", reason);
        char *s = o ? cJSON_PrintUnformatted(o) : NULL;
        if (!s) {
            cJSON_Delete(o);
            return fs_error_set(e, FS_E_NOMEM, "out of memory");
        }
        if (r->format == FS_BATCH_JSONL) { /* -o -: named on stderr only */
            rc = r->to_stdout ? 0 : append_line(r->jsonl_fail_fd, s, NULL, e);
        } else {
            fs_buf b = FS_BUF_INIT;
            const cJSON *dp = cJSON_GetObjectItemCaseSensitive(o, "path");
            const cJSON *hx = cJSON_GetObjectItemCaseSensitive(o, "path_hex");
            rc = fs_csv_field(&b, dp->valuestring) | fs_buf_putc(&b, ',') |
                 fs_csv_field(&b, sha ? sha : "") | fs_buf_putc(&b, ',') | fs_csv_field(&b, kind) |
                 fs_buf_putc(&b, ',') | fs_csv_field(&b, reason) | fs_buf_putc(&b, ',') |
                 (cJSON_IsString(hx) ? fs_csv_field(&b, hx->valuestring) : 0) |
                 fs_buf_puts(&b, "\r\n");
            if (rc || fwrite(b.s, 1, b.len, r->csv_fail) != b.len || fflush(r->csv_fail))
                rc = fs_error_set(e, FS_E_IO, "writing the output: %s", strerror(errno));
            fs_buf_free(&b);
        }
        free(s);
        cJSON_Delete(o);
    }
    return rc;
}

/* Writes one row of the failures (SQLite table, JSONL side file or
 * failures.csv): a failure, or a name skipped (kind "skipped").  The
 * reason, which may quote a file name or a library's words, is written as
 * one line of valid UTF-8 (fs_line_escape). */
static int write_failure_row(run *r, const char *path, const char *sha, const char *kind,
                             const char *why, fs_error *e)
{
    fs_buf rb = FS_BUF_INIT;
    if (fs_line_escape(&rb, why))
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    const char *reason = rb.s ? rb.s : "";
    int rc = write_failure_row_as(r, path, sha, kind, reason, e);
    fs_buf_free(&rb);
    return rc;
}

/* Records a name that is not a document (junk met in a walk, a FIFO met
 * in a walk, a directory too deep), with why, so that every name met is
 * accounted for.  Quiet: not a failure.  A name a resumed output already
 * lists as skipped is counted, not written again. */
static int put_skip(run *r, const char *path, const char *sha, const char *reason, fs_error *e)
{
    int known = 0;
    smap_get(&r->skips, path, &known);
    int rc = known ? 0 : write_failure_row(r, path, sha, "skipped", reason, e);
    if (!rc && !known && smap_put(&r->skips, path, NULL))
        rc = fs_error_set(e, FS_E_NOMEM, "out of memory");
    if (!rc)
        r->sum->skipped++;
    return rc;
}

/* Records a failure of path in the output and the outcome maps. */
static int put_failure(run *r, const char *path, const char *sha, const char *kind,
                       const char *reason, fs_error *e)
{
    int rc = write_failure_row(r, path, sha, kind, reason, e);
    if (rc)
        return rc;
    r->sum->failed++;
    if (r->o->on_failure)
        r->o->on_failure(path, reason, r->o->ud);
    if (mark_pair(r, sha, path))
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    if (sha) {
        outcome *oc = smap_get(&r->done, sha, NULL);
        if (!oc) {
            if (!(oc = calloc(1, sizeof *oc)) || smap_put(&r->done, sha, oc)) {
                free(oc);
                return fs_error_set(e, FS_E_NOMEM, "out of memory");
            }
        }
        oc->state = DONE_FAIL;
        /* kind and reason may be oc's own strings (another name of bytes
         * that failed): copy before freeing */
        char *k = strdup(kind), *why = strdup(reason);
        free(oc->kind);
        free(oc->reason);
        oc->kind = k;
        oc->reason = why;
        if (!k || !why)
            return fs_error_set(e, FS_E_NOMEM, "out of memory");
    }
    return 0;
}

/* Records path as another name of sha, whose outcome is done. */
static int put_alias(run *r, const char *sha, const char *path, fs_error *e)
{
    outcome *oc = smap_get(&r->done, sha, NULL);
    if (oc && oc->state == DONE_FAIL)
        return put_failure(r, path, sha, oc->kind, oc->reason, e);
    int rc = 0;
    if (r->db) {
        rc = fs_sqlite_add_path(r->db, sha, path, e);
    } else if (oc && oc->rec_len) {
        /* JSONL/CSV: the kept record, written again under this name */
        char *text = malloc(oc->rec_len + 1);
        if (!text)
            return fs_error_set(e, FS_E_NOMEM, "out of memory");
        ssize_t k = pread(r->store_fd, text, oc->rec_len, oc->rec_off);
        cJSON *rec = NULL;
        if (k == (ssize_t)oc->rec_len) {
            text[k] = '\0';
            rec = cJSON_Parse(text);
        }
        free(text);
        if (!rec)
            return fs_error_set(e, FS_E_IO, "reading back the record of %s: %s", sha,
                                k < 0 ? strerror(errno) : "damaged");
        rc = write_flat(r, rec, path, NULL, NULL, e);
        cJSON_Delete(rec);
    }
    if (rc)
        return rc;
    r->sum->duplicates++;
    return mark_pair(r, sha, path) ? fs_error_set(e, FS_E_NOMEM, "out of memory") : 0;
}

/* Writes a finished document: the record under its path and its aliases. */
static int put_document(run *r, worker *w, const char *text, fs_error *e)
{
    cJSON *rec = cJSON_Parse(text);
    if (!rec)
        return put_failure(r, w->path, w->sha, "error", "worker sent an unreadable record", e);
    int rc = 0;
    if (r->db) {
        const char **names = malloc((w->naliases + 1) * sizeof *names);
        if (!names) {
            cJSON_Delete(rec);
            return fs_error_set(e, FS_E_NOMEM, "out of memory");
        }
        names[0] = w->path;
        for (size_t i = 0; i < w->naliases; i++)
            names[i + 1] = w->aliases[i];
        rc = fs_sqlite_put_document(r->db, rec, names, w->naliases + 1, e);
        free(names);
    } else {
        off_t at = -1;
        rc = write_flat(r, rec, w->path, r->format == FS_BATCH_JSONL ? text : NULL,
                        r->store_tmp ? NULL : &at, e);
        if (!rc && r->store_tmp) {
            at = lseek(r->store_fd, 0, SEEK_END);
            if (at < 0 || write_all(r->store_fd, text, strlen(text)))
                rc = fs_error_set(e, FS_E_IO, "writing the record store: %s", strerror(errno));
        }
        outcome *oc = smap_get(&r->done, w->sha, NULL);
        if (!rc && oc && at >= 0) {
            oc->rec_off = at;
            oc->rec_len = strlen(text);
        }
        for (size_t i = 0; !rc && i < w->naliases; i++)
            rc = write_flat(r, rec, w->aliases[i], NULL, NULL, e);
    }
    if (!rc) {
        r->sum->processed++;
        r->sum->duplicates += w->naliases;
        r->sum->figures += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "figures"));
        const cJSON *fx;
        cJSON_ArrayForEach(fx, cJSON_GetObjectItemCaseSensitive(rec, "findings"))
        {
            const cJSON *sv = cJSON_GetObjectItemCaseSensitive(fx, "severity");
            r->sum->findings++;
            r->sum->errors += cJSON_IsString(sv) && strcmp(sv->valuestring, "error") == 0;
        }
        outcome *oc = smap_get(&r->done, w->sha, NULL);
        if (oc)
            oc->state = DONE_DOC;
        rc = mark_pair(r, w->sha, w->path);
        for (size_t i = 0; !rc && i < w->naliases; i++)
            rc = mark_pair(r, w->sha, w->aliases[i]);
        if (rc)
            fs_error_set(e, rc, "out of memory");
    }
    cJSON_Delete(rec);
    return rc;
}

/* ---- resume ---- */

/* fs_sqlite_each_outcome callback: fills the outcome maps. */
static int resume_cb(const char *sha, const char *path, const char *kind, const char *reason,
                     void *ud)
{
    run *r = ud;
    if (kind && strcmp(kind, "skipped") == 0)
        return smap_put(&r->skips, path, NULL); /* not a document: met again, counted again */
    if (mark_pair(r, sha, path))
        return FS_E_NOMEM;
    if (!sha)
        return 0;
    outcome *oc = smap_get(&r->done, sha, NULL);
    if (!oc) {
        if (!(oc = calloc(1, sizeof *oc)) || smap_put(&r->done, sha, oc)) {
            free(oc);
            return FS_E_NOMEM;
        }
    }
    if (kind && oc->state != DONE_DOC) {
        oc->state = DONE_FAIL;
        free(oc->kind);
        free(oc->reason);
        oc->kind = strdup(kind);
        oc->reason = strdup(reason ? reason : "");
    } else if (!kind) {
        oc->state = DONE_DOC;
    }
    return 0;
}

/* What resume_line needs: the run, and whether the lines are failures. */
typedef struct resume_ctx {
    run *r;
    int failures;
} resume_ctx;

/* batch_jsonl_read callback: one line of a JSONL output (records or the
 * failures side file) into the outcome maps and the standing counts. */
static int resume_line(const batch_jsonl_line *l, void *ud)
{
    const resume_ctx *x = ud;
    run *r = x->r;
    int rc = resume_cb(l->sha, l->path, l->kind, l->reason, r);
    /* what the output held, for the exit status of the whole */
    if (x->failures && strcmp(l->kind, "skipped") != 0)
        r->sum->prior_failed++;
    r->sum->prior_errors += l->errors;
    outcome *oc = l->sha ? smap_get(&r->done, l->sha, NULL) : NULL;
    if (!rc && !x->failures && oc && !oc->rec_len) {
        oc->rec_off = l->off;
        oc->rec_len = l->len;
    }
    return rc;
}

/* Reads a JSONL output (records, or failures) for --resume: a file fiscan
 * did not write is refused (batch_jsonl_read). */
static int resume_jsonl(run *r, const char *path, int failures, fs_error *e)
{
    resume_ctx x = {r, failures};
    return batch_jsonl_read(path, failures, resume_line, &x, e);
}

/* ---- the run ---- */

static void progress(run *r, int final)
{
    double t = now_s();
    r->sum->seconds = t - r->t0;
    if (!r->o->on_progress || (!final && t - r->last_progress < 0.5))
        return;
    r->last_progress = t;
    r->o->on_progress(r->sum, final, r->o->ud);
}

/* Opens the output of r.  Returns 0 or an FS_E* code with e filled. */
static int open_output(run *r, fs_error *e)
{
    const char *out = r->o->out;
    if (r->format == FS_BATCH_SQLITE) {
        int rc = r->o->resume ? fs_sqlite_standing(out, &r->sum->prior_failed,
                                                      &r->sum->prior_errors, e) : 0;
        if (rc)
            return rc;
        rc = fs_sqlite_open(out, r->o->resume, &r->db, e);
        if (!rc && r->o->resume)
            rc = fs_sqlite_each_outcome(r->db, resume_cb, r, e);
        return rc;
    }
    if (r->format == FS_BATCH_JSONL && strcmp(out, "-") == 0) {
        /* standard output: records as they come; aliases are read back from
         * a temporary store, as for CSV */
        if (r->o->resume)
            return fs_error_set(e, FS_E_USAGE, "--resume needs an output file, not -o -");
        r->to_stdout = 1;
        r->jsonl_fd = dup(STDOUT_FILENO);
        if (r->jsonl_fd < 0)
            return fs_error_set(e, FS_E_IO, "standard output: %s", strerror(errno));
        if (!(r->store_tmp = tmpfile()))
            return fs_error_set(e, FS_E_IO, "cannot create a temporary file: %s", strerror(errno));
        r->store_fd = fileno(r->store_tmp);
        return 0;
    }
    if (r->format == FS_BATCH_JSONL) {
        fs_buf f = FS_BUF_INIT;
        if (fs_buf_printf(&f, "%s.failures", out))
            return fs_error_set(e, FS_E_NOMEM, "out of memory");
        int rc = 0;
        if (!r->o->resume && (access(out, F_OK) == 0))
            rc = fs_error_set(e, FS_E_USAGE, "%s exists (use --resume to go on with it, or "
                              "remove it)", out);
        if (!rc && r->o->resume)
            rc = resume_jsonl(r, out, 0, e);
        if (!rc && r->o->resume)
            rc = resume_jsonl(r, f.s, 1, e);
        if (!rc) {
            r->jsonl_fd = open(out, O_RDWR | O_CREAT | O_APPEND, 0644);
            r->store_fd = r->jsonl_fd;
            r->jsonl_fail_fd = open(f.s, O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (r->jsonl_fd < 0 || r->jsonl_fail_fd < 0)
                rc = fs_error_set(e, FS_E_IO, "%s: cannot open: %s", out, strerror(errno));
        }
        fs_buf_free(&f);
        return rc;
    }
    /* CSV: a directory of three files, written anew. */
    if (r->o->resume)
        return fs_error_set(e, FS_E_USAGE, "--resume needs SQLite or JSONL output");
    if (mkdir(out, 0755) != 0 && errno != EEXIST)
        return fs_error_set(e, FS_E_IO, "%s: cannot create directory: %s", out, strerror(errno));
    static const char *const names[3] = {"figures.csv", "findings.csv", "failures.csv"};
    FILE **files[3] = {&r->csv_fig, &r->csv_find, &r->csv_fail};
    for (int i = 0; i < 3; i++) {
        fs_buf p = FS_BUF_INIT;
        if (fs_buf_printf(&p, "%s/%s", out, names[i]))
            return fs_error_set(e, FS_E_NOMEM, "out of memory");
        if (access(p.s, F_OK) == 0) {
            fs_error_set(e, FS_E_USAGE, "%s exists; remove it first", p.s);
            fs_buf_free(&p);
            return FS_E_USAGE;
        }
        *files[i] = fopen(p.s, "wb");
        fs_buf_free(&p);
        if (!*files[i])
            return fs_error_set(e, FS_E_IO, "%s: cannot create: %s", out, strerror(errno));
    }
    int (*const headers[3])(fs_buf *) = {fs_csv_figures_header, fs_csv_findings_header,
                                         fs_csv_failures_header};
    for (int i = 0; i < 3; i++) { /* BOM: Excel then reads the file as UTF-8 */
        fs_buf h = FS_BUF_INIT;
        int rc = fs_buf_puts(&h, "\xEF\xBB\xBF") || headers[i](&h);
        if (!rc)
            fwrite(h.s, 1, h.len, *files[i]);
        fs_buf_free(&h);
        if (rc)
            return fs_error_set(e, FS_E_NOMEM, "out of memory");
    }
    if (!(r->store_tmp = tmpfile()))
        return fs_error_set(e, FS_E_IO, "cannot create a temporary file: %s", strerror(errno));
    r->store_fd = fileno(r->store_tmp);
    return 0;
}

/* Notes the identity of the output's files as they are now open (the
 * SQLite database, the JSONL file and its failures, the three CSV files),
 * for output_changed.  Returns 0 or FS_E_NOMEM / FS_E_IO. */
static int watch_output(run *r, fs_error *e)
{
    const char *out = r->o->out;
    const char *suffix[3] = {"", NULL, NULL};
    if (r->to_stdout)
        return 0;
    if (r->format == FS_BATCH_JSONL)
        suffix[1] = ".failures";
    if (r->format == FS_BATCH_CSV) {
        suffix[0] = "/figures.csv";
        suffix[1] = "/findings.csv";
        suffix[2] = "/failures.csv";
    }
    for (size_t i = 0; i < 3 && suffix[i]; i++) {
        fs_buf p = FS_BUF_INIT;
        struct stat st;
        if (fs_buf_printf(&p, "%s%s", out, suffix[i]))
            return fs_error_set(e, FS_E_NOMEM, "out of memory");
        r->watch_path[r->nwatch] = fs_buf_steal(&p);
        if (stat(r->watch_path[r->nwatch], &st) != 0)
            return fs_error_set(e, FS_E_IO, "cannot find the output just opened: %s",
                                strerror(errno));
        r->watch_dev[r->nwatch] = st.st_dev;
        r->watch_ino[r->nwatch] = st.st_ino;
        r->nwatch++;
    }
    return 0;
}

/* Whether a file of the output was deleted, or replaced by another file
 * under its name, since watch_output: then what is written goes nowhere
 * anyone can read, and the run stops.  Returns 0 or FS_E_IO with e
 * filled. */
static int output_changed(const run *r, fs_error *e)
{
    for (size_t i = 0; i < r->nwatch; i++) {
        struct stat st;
        const char *what = NULL;
        if (stat(r->watch_path[i], &st) != 0)
            what = "deleted";
        else if (st.st_dev != r->watch_dev[i] || st.st_ino != r->watch_ino[i])
            what = "replaced by another file";
        if (what && i == 0 && r->format != FS_BATCH_CSV)
            return fs_error_set(e, FS_E_IO, "the output was %s while the batch ran: stopped",
                                what);
        if (what) {
            const char *base = strrchr(r->watch_path[i], '/');
            return fs_error_set(e, FS_E_IO, "%s of the output was %s while the batch ran: "
                                "stopped", base ? base + 1 : r->watch_path[i], what);
        }
    }
    return 0;
}

static int close_output(run *r)
{
    int rc = 0;
    fs_sqlite_close(r->db);
    if (r->jsonl_fd > 0)
        close(r->jsonl_fd);
    if (r->jsonl_fail_fd > 0)
        close(r->jsonl_fail_fd);
    if (r->store_tmp)
        fclose(r->store_tmp);
    FILE *fs[3] = {r->csv_fig, r->csv_find, r->csv_fail};
    for (int i = 0; i < 3; i++)
        if (fs[i] && fclose(fs[i]))
            rc = FS_E_IO;
    return rc;
}

/* What start_snapshot returns when fork failed for want of processes
 * (EAGAIN): nothing was started or recorded; the input is to be started
 * again later. */
enum { START_AGAIN = 3 };

/* Decides what to do with input in, whose bytes are snap: starts worker w
 * (returns 1), attaches it as another name to a worker running the same
 * bytes (2), settles it without a worker (0), cannot fork for now
 * (START_AGAIN), or fails the run (< 0).
 * snap->fd stays the caller's. */
static int start_snapshot(run *r, const batch_input *in, const batch_snapshot *snap, worker *ws,
                          size_t nw, worker *w, fs_error *e)
{
    const char *sha = snap->sha;
    if (in->walked && snap->fmt == FS_FMT_UNKNOWN)
        return put_skip(r, in->path, sha, "neither PDF nor text", e);
    if (pair_known(r, sha, in->path)) {
        r->sum->resumed++;
        return 0;
    }
    outcome *oc = smap_get(&r->done, sha, NULL);
    if (oc && oc->state == IN_FLIGHT) {
        worker *o = &ws[oc->slot];
        char **a = realloc(o->aliases, (o->naliases + 1) * sizeof *a);
        if (!a || !(a[o->naliases] = strdup(in->path))) {
            if (a)
                o->aliases = a;
            return fs_error_set(e, FS_E_NOMEM, "out of memory");
        }
        o->aliases = a;
        o->naliases++;
        return 2; /* counted when that worker finishes */
    }
    if (oc && r->format != FS_BATCH_SQLITE && oc->state == DONE_DOC && !oc->rec_len) {
        /* no copy of the record kept (cannot happen unless the output was
         * edited): run the pipeline again, same bytes, same record */
        oc = NULL;
    } else if (oc && oc->state) {
        /* (state 0: an earlier start of these bytes could not fork) */
        return put_alias(r, sha, in->path, e);
    }
    if (!oc) {
        oc = smap_get(&r->done, sha, NULL);
        if (!oc) {
            if (!(oc = calloc(1, sizeof *oc)) || smap_put(&r->done, sha, oc)) {
                free(oc);
                return fs_error_set(e, FS_E_NOMEM, "out of memory");
            }
        }
    }
    int fds[2];
    fs_capture cap = {-1, -1}; /* the worker's stderr, when this build captures it */
    if (fs_memlimit_applies() && fs_capture_open(&cap, e))
        return FS_E_IO;
    if (pipe(fds) != 0) {
        fs_capture_close(&cap);
        return fs_error_set(e, FS_E_IO, "pipe: %s", strerror(errno));
    }
    fflush(NULL);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        close(fds[0]);
        close(fds[1]);
        fs_capture_close(&cap);
        if (err == EAGAIN)
            return START_AGAIN; /* a process limit: try again with fewer workers */
        return fs_error_set(e, FS_E_IO, "fork: %s", strerror(err));
    }
    if (pid == 0) {
        close(fds[0]);
        for (size_t i = 0; i < nw; i++) {
            if (ws[i].pid)
                close(ws[i].fd);
            if (ws[i].pid && ws[i].errfd >= 0)
                close(ws[i].errfd);
        }
        if (r->sigfd >= 0)
            close(r->sigfd);
        child_main(r, in->path, snap->fd, fds[1], cap.mem, parent);
    }
    close(fds[1]);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    memset(w, 0, sizeof *w);
    w->pid = pid;
    w->fd = fds[0];
    w->errfd = cap.mem;
    w->path = strdup(in->path);
    memcpy(w->sha, sha, sizeof w->sha);
    w->start = now_s();
    oc->state = IN_FLIGHT;
    oc->slot = (int)(w - ws);
    if (!w->path)
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    return 1;
}

/* Decides what to do with input in: reads its bytes once (or settles an
 * input the expansion already settled) and goes on as start_snapshot. */
static int start_input(run *r, const batch_input *in, worker *ws, size_t nw, worker *w,
                       fs_error *e)
{
    if (in->settled == BATCH_SKIP)
        return put_skip(r, in->path, NULL, in->reason, e);
    if (in->settled == BATCH_FAIL) {
        if (r->o->resume && pair_known(r, NULL, in->path)) {
            r->sum->resumed++;
            return 0;
        }
        return put_failure(r, in->path, NULL, "error", in->reason, e);
    }
    fs_error re;
    fs_error_clear(&re);
    size_t maxb = r->o->doc.input.max_bytes ? r->o->doc.input.max_bytes : FS_DEFAULT_MAX_BYTES;
    batch_snapshot snap;
    if (batch_snapshot_take(in->path, maxb, &snap, &re)) {
        if (r->o->resume && pair_known(r, NULL, in->path)) {
            r->sum->resumed++;
            return 0;
        }
        return put_failure(r, in->path, NULL, "error", re.msg, e);
    }
    int rc = start_snapshot(r, in, &snap, ws, nw, w, e);
    close(snap.fd); /* the worker has its own */
    return rc;
}

/* The kind and reason of a worker that died of signal sig, from what it
 * wrote on standard error (its capture): a library that aborted (SIGABRT,
 * or SIGTRAP from a fatal GLib error)
 * or crashed after saying that an allocation failed ran out of memory
 * under the limit ("memory"); any other death is "signal", with the last
 * line the libraries wrote, if any.  Returns the kind (static). */
static const char *death_kind(const run *r, const worker *w, int sig, char *reason, size_t n)
{
    char tail[2048], last[200];
    fs_capture cap = {-1, w->errfd};
    size_t k = fs_capture_tail(&cap, tail, sizeof tail);
    fs_last_line(tail, k, last, sizeof last);
    if ((sig == SIGABRT || sig == SIGTRAP || sig == SIGSEGV || sig == SIGBUS) &&
        fs_libtext_says_oom(tail, k)) {
        snprintf(reason, n, "out of memory inside the PDF library (limit %u MiB, "
                 "--max-memory)", r->mem_mib);
        return "memory";
    }
    snprintf(reason, n, "worker killed by signal %d (%s)%s%s%s", sig, signal_name(sig),
             *last ? ": the library said \"" : "", last, *last ? "\"" : "");
    return "signal";
}

/* Collects a worker whose pipe reached end of file (or that was killed). */
static int finish_worker(run *r, worker *w, fs_error *e)
{
    int status = 0;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    close(w->fd);
    char reason[400];
    const char *kind = NULL;
    if (w->timed_out || (WIFSIGNALED(status) && (WTERMSIG(status) == SIGALRM ||
                                                 WTERMSIG(status) == SIGXCPU))) {
        /* killed by the parent, or by its own limit when the parent was late */
        kind = "timeout";
        snprintf(reason, sizeof reason, "timed out after %u s", r->timeout);
    } else if (WIFSIGNALED(status)) {
        kind = death_kind(r, w, WTERMSIG(status), reason, sizeof reason);
    } else if (w->out.len == 0 || (WIFEXITED(status) && WEXITSTATUS(status) != 0)) {
        kind = "error";
        snprintf(reason, sizeof reason, "worker exited with status %d without a result",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    int rc;
    outcome *oc = smap_get(&r->done, w->sha, NULL);
    if (oc)
        oc->state = 0; /* no longer in flight; the put_* below settle it */
    if (kind) {
        rc = put_failure(r, w->path, w->sha, kind, reason, e);
    } else if (w->out.s[0] == 'R') {
        rc = put_document(r, w, w->out.s + 1, e); /* counts the aliases too */
    } else {
        rc = put_failure(r, w->path, w->sha, w->out.s[0] == 'M' ? "memory" : "error",
                         w->out.s + 1, e);
    }
    /* Other names of failed bytes get the same failure. */
    if (!rc && (kind || w->out.s[0] != 'R'))
        for (size_t i = 0; !rc && i < w->naliases; i++)
            rc = put_alias(r, w->sha, w->aliases[i], e);
    r->sum->done += 1 + w->naliases;
    for (size_t i = 0; i < w->naliases; i++)
        free(w->aliases[i]);
    free(w->aliases);
    free(w->path);
    fs_buf_free(&w->out);
    if (w->errfd >= 0)
        close(w->errfd);
    memset(w, 0, sizeof *w);
    return rc;
}

/* The signals that stop a run: blocked while the output is open and read
 * from r->sigfd, so that the run stops between two documents. */
static void stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

/* Whether a signal that stops the run arrived (read from r->sigfd).
 * Returns 0, or FS_E_IO with the message that tells the user to resume. */
static int stop_requested(run *r, fs_error *e)
{
    struct signalfd_siginfo si;
    if (r->sigfd < 0 || read(r->sigfd, &si, sizeof si) != (ssize_t)sizeof si)
        return 0;
    int sig = (int)si.ssi_signo;
    return fs_error_set(e, FS_E_IO, "interrupted (%s): run again with --resume",
                        sig == SIGINT ? "SIGINT" : sig == SIGHUP ? "SIGHUP" : "SIGTERM");
}

/* Waits for output of the workers of ws, a signal that stops the run, or
 * the nearest deadline, then collects the workers that finished (or kills
 * those past their time).  pf has room for nw + 1 entries.  Returns 0 or
 * an FS_E* code with e filled. */
static int collect(run *r, worker *ws, size_t nw, struct pollfd *pf, size_t *active,
                   fs_error *e)
{
    size_t np = 0;
    int rc = 0;
    double t = now_s(), wait = 1.0;
    for (size_t i = 0; i < nw; i++) {
        if (!ws[i].pid)
            continue;
        pf[np].fd = ws[i].fd;
        pf[np].events = POLLIN;
        pf[np].revents = 0;
        np++;
        double left = ws[i].start + r->timeout - t;
        if (left < wait)
            wait = left < 0 ? 0 : left;
    }
    pf[np].fd = r->sigfd; /* -1: ignored */
    pf[np].events = POLLIN;
    pf[np].revents = 0;
    if (poll(pf, np + 1, (int)(wait * 1000) + 1) < 0 && errno != EINTR)
        return fs_error_set(e, FS_E_IO, "poll: %s", strerror(errno));
    /* before any worker is collected: one killed by the same Ctrl-C is not
     * a failure of its document */
    if ((rc = stop_requested(r, e)) != 0)
        return rc;
    t = now_s();
    for (size_t i = 0; i < nw && !rc; i++) {
        worker *w = &ws[i];
        if (!w->pid)
            continue;
        int eof = 0;
        for (;;) {
            char buf[65536];
            ssize_t n = read(w->fd, buf, sizeof buf);
            if (n > 0) {
                if (fs_buf_append(&w->out, buf, (size_t)n))
                    rc = fs_error_set(e, FS_E_NOMEM, "out of memory");
                continue;
            }
            if (n == 0)
                eof = 1;
            else if (errno == EINTR)
                continue;
            break;
        }
        if (!eof && t - w->start >= r->timeout) {
            kill(w->pid, SIGKILL);
            w->timed_out = 1;
            eof = 1;
        }
        if (eof && !rc) {
            rc = finish_worker(r, w, e);
            (*active)--;
            progress(r, 0);
        }
    }
    return rc;
}

/* Whether name ends with suffix. */
static int ends_with(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n > k && strcmp(name + n - k, suffix) == 0;
}

/* The output format named by out: - and .jsonl/.ndjson are JSONL, a
 * directory or a name ending in '/' CSV, .db/.sqlite/.sqlite3 SQLite.
 * Any other name (report.xlsx, out.csv) is refused rather than guessed:
 * returns FS_E_USAGE with e filled, else 0 with *f. */
static int output_format(const char *out, fs_batch_format *f, fs_error *e)
{
    struct stat st;
    if (strcmp(out, "-") == 0 || ends_with(out, ".jsonl") || ends_with(out, ".ndjson"))
        *f = FS_BATCH_JSONL;
    else if (out[strlen(out) - 1] == '/' || (stat(out, &st) == 0 && S_ISDIR(st.st_mode)))
        *f = FS_BATCH_CSV;
    else if (ends_with(out, ".db") || ends_with(out, ".sqlite") || ends_with(out, ".sqlite3"))
        *f = FS_BATCH_SQLITE;
    else
        return fs_error_set(e, FS_E_USAGE,
                            "cannot tell the output format from this name: use .db, .sqlite "
                            "or .sqlite3 (SQLite), .jsonl or .ndjson (JSONL), - (JSONL on "
                            "standard output), a directory (CSV), or give --format");
    return 0;
}

int fs_batch_run(const fs_batch_opts *o, fs_batch_summary *sum, fs_error *e)
{
    memset(sum, 0, sizeof *sum);
    if (!o->out || !*o->out)
        return fs_error_set(e, FS_E_USAGE, "no output given (-o OUT)");
    if (o->ninputs == 0)
        return fs_error_set(e, FS_E_USAGE, "no input given");
    if (o->shard_n && (o->shard_k < 1 || o->shard_k > o->shard_n))
        return fs_error_set(e, FS_E_USAGE, "shard %u/%u: K must be between 1 and N",
                            o->shard_k, o->shard_n);
    run r;
    memset(&r, 0, sizeof r);
    r.o = o;
    r.sum = sum;
    r.jsonl_fd = r.jsonl_fail_fd = r.store_fd = r.sigfd = -1;
    r.timeout = o->timeout_s ? o->timeout_s : 120;
    r.mem_mib = o->max_memory_mib ? o->max_memory_mib : FS_DEFAULT_MAX_MEMORY_MIB;
    r.format = o->format;
    if (r.format == FS_BATCH_AUTO) {
        int frc = output_format(o->out, &r.format, e);
        if (frc)
            return frc;
    }
    if (strcmp(o->out, "-") == 0 && r.format != FS_BATCH_JSONL)
        return fs_error_set(e, FS_E_USAGE, "-o - writes JSONL only (not --format %s)",
                            r.format == FS_BATCH_CSV ? "csv" : "sqlite");
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nw = o->jobs ? o->jobs : cores > 0 ? (size_t)cores : 1;
    r.t0 = now_s();

    batch_outputs outs;
    int rc = batch_outputs_init(&outs, o->out, r.format, e);
    if (rc)
        return rc;
    batch_inputs in = {0};
    for (size_t i = 0; i < o->ninputs && !rc; i++) {
        rc = batch_expand(&in, o->inputs[i], &outs, e);
        if (rc)
            sum->error_input = o->inputs[i];
    }
    batch_outputs_free(&outs);
    /* Sharding keeps the inputs whose path hashes to this share. */
    size_t kept = 0;
    for (size_t i = 0; i < in.n; i++) {
        if (!o->shard_n || fs_batch_in_shard(in.v[i].path, o->shard_k, o->shard_n)) {
            in.v[kept++] = in.v[i];
        } else {
            free(in.v[i].path);
            free(in.v[i].reason);
        }
    }
    in.n = kept;
    sum->total = in.n;

    worker *ws = calloc(nw, sizeof *ws);
    struct pollfd *pf = calloc(nw + 1, sizeof *pf);
    if (!rc && (!ws || !pf))
        rc = fs_error_set(e, FS_E_NOMEM, "out of memory");
    /* From here a stop signal is read between documents, not fatal (the
     * expansion before may block reading @- and stays interruptible). */
    sigset_t stop;
    stop_signals(&stop);
    sigprocmask(SIG_BLOCK, &stop, &r.oldmask);
    r.sigfd = signalfd(-1, &stop, SFD_NONBLOCK | SFD_CLOEXEC);
    if (!rc)
        rc = open_output(&r, e);
    if (!rc)
        rc = watch_output(&r, e);
    signal(SIGPIPE, SIG_IGN);

    size_t next = 0, active = 0, allowed = nw, fork_waits = 0;
    while (!rc && (next < in.n || active)) {
        /* Fill free slots, up to the number of workers the system lets
         * run: a fork that fails with EAGAIN (a process limit) lowers it to
         * the workers running, for the rest of the run; with none running,
         * the fork is tried again after a pause, a bounded number of times. */
        for (size_t i = 0; i < nw && next < in.n && !rc && active < allowed; i++) {
            if (ws[i].pid)
                continue;
            int s = start_input(&r, &in.v[next], ws, nw, &ws[i], e);
            if (s == START_AGAIN) {
                if (active) {
                    allowed = active;
                } else if (++fork_waits > 50) {
                    rc = fs_error_set(e, FS_E_IO, "fork: %s", strerror(EAGAIN));
                } else {
                    allowed = 1;
                    nanosleep(&(struct timespec){0, 200000000}, NULL);
                }
                break;
            }
            next++;
            if (s < 0)
                rc = s;
            else if (s == 1) {
                active++;
                fork_waits = 0;
            } else {
                sum->done += s == 0;
                i--; /* the slot is still free: give it the next input (wraps to 0) */
            }
        }
        if (!rc)
            rc = stop_requested(&r, e);
        if (!rc)
            rc = output_changed(&r, e);
        if (rc || !active)
            continue;
        rc = collect(&r, ws, nw, pf, &active, e);
    }
    if (!rc)
        rc = output_changed(&r, e);
    /* On an error, stop the workers still running. */
    for (size_t i = 0; ws && i < nw; i++) {
        if (!ws[i].pid)
            continue;
        kill(ws[i].pid, SIGKILL);
        waitpid(ws[i].pid, NULL, 0);
        close(ws[i].fd);
        if (ws[i].errfd >= 0)
            close(ws[i].errfd);
        for (size_t k = 0; k < ws[i].naliases; k++)
            free(ws[i].aliases[k]);
        free(ws[i].aliases);
        free(ws[i].path);
        fs_buf_free(&ws[i].out);
    }
    if (close_output(&r) && !rc)
        rc = fs_error_set(e, FS_E_IO, "writing the output: %s", strerror(errno));
    progress(&r, 1);
    /* Signals that came too late to stop anything are dropped, not let
     * through to kill the process now that the output is closed. */
    while (sigtimedwait(&stop, NULL, &(struct timespec){0, 0}) > 0)
        ;
    sigprocmask(SIG_SETMASK, &r.oldmask, NULL);
    if (r.sigfd >= 0)
        close(r.sigfd);
    for (size_t i = 0; i < r.nwatch; i++)
        free(r.watch_path[i]);
    batch_inputs_free(&in);
    free(ws);
    free(pf);
    smap_free(&r.done, outcome_free);
    smap_free(&r.pairs, NULL);
    smap_free(&r.skips, NULL);
    return rc;
}

int fs_batch_parse_shard(const char *s, unsigned *k, unsigned *n, fs_error *e)
{
    char *end;
    errno = 0;
    unsigned long a = strtoul(s, &end, 10);
    if (errno || end == s || *end != '/' || s[0] == '-')
        return fs_error_set(e, FS_E_USAGE, "--shard: expected K/N, not '%s'", s);
    const char *p = end + 1;
    unsigned long b = strtoul(p, &end, 10);
    if (errno || end == p || *end || *p == '-' || b == 0 || a < 1 || a > b || b > 1000000)
        return fs_error_set(e, FS_E_USAGE, "--shard: expected K/N with 1 <= K <= N, not '%s'", s);
    *k = (unsigned)a;
    *n = (unsigned)b;
    return 0;
}

int fs_batch_in_shard(const char *path, unsigned k, unsigned n)
{
    return n == 0 || fnv1a(path) % n == (uint64_t)(k - 1);
}

void fs_batch_progress_text(const fs_batch_summary *s, char *buf, size_t n)
{
    double rate = s->seconds > 0 ? (double)s->done / s->seconds : 0;
    char eta[32] = "--:--";
    if (rate > 0 && s->total >= s->done) {
        unsigned long left = (unsigned long)((double)(s->total - s->done) / rate + 0.5);
        snprintf(eta, sizeof eta, "%lu:%02lu", left / 60, left % 60);
    }
    snprintf(buf, n, "%zu/%zu  %.1f docs/s  ETA %s  %zu failed", s->done, s->total, rate, eta,
             s->failed);
}

void fs_batch_summary_text(const fs_batch_summary *s, char *buf, size_t n)
{
    snprintf(buf, n,
             "%zu processed, %zu failed, %zu duplicate%s, %zu already done, %zu skipped "
             "(not documents); %zu figures, %zu findings (%zu error%s); %.1f s",
             s->processed, s->failed, s->duplicates, s->duplicates == 1 ? "" : "s", s->resumed,
             s->skipped, s->figures, s->findings, s->errors, s->errors == 1 ? "" : "s",
             s->seconds);
}

int fs_merge_run(const char *out, char *const *in, size_t nin, size_t *ndocs, fs_error *e)
{
    if (nin == 0)
        return fs_error_set(e, FS_E_USAGE, "merge: no input database");
    return fs_sqlite_merge(out, in, nin, ndocs, e);
}
