/* batch_inputs.c — finding the inputs of a batch and reading each once.
 * See batch_impl.h. */
#define _GNU_SOURCE /* memfd_create */
#include "batch_impl.h"
#include "buf.h"
#include "sha256.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the outputs, never inputs ---- */

/* Copies the directory part of path ("." when none) into a malloc'd string. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int batch_outputs_init(batch_outputs *o, const char *out, fs_batch_format format, fs_error *e)
{
    memset(o, 0, sizeof *o);
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/')
        n--;
    char *trim = strndup(out, n);
    if (!trim)
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    char *dir = NULL;
    int rc = 0;
    if (format == FS_BATCH_CSV) {
        /* the directory itself holds the outputs */
        dir = trim;
        trim = NULL;
        static const char *const csv[] = {"figures.csv", "findings.csv", "failures.csv"};
        for (size_t i = 0; i < 3 && !rc; i++)
            if (!(o->names[i] = strdup(csv[i])))
                rc = FS_E_NOMEM;
    } else {
        dir = dir_of(trim);
        const char *base = base_of(trim);
        /* SQLite's side files; JSONL's failures file */
        static const char *const sqlite_sfx[] = {"", "-wal", "-shm", "-journal"};
        static const char *const jsonl_sfx[] = {"", ".failures"};
        const char *const *sfx = format == FS_BATCH_JSONL ? jsonl_sfx : sqlite_sfx;
        size_t ns = format == FS_BATCH_JSONL ? 2 : 4;
        for (size_t i = 0; i < ns && !rc; i++) {
            fs_buf b = FS_BUF_INIT;
            if (fs_buf_printf(&b, "%s%s", base, sfx[i]))
                rc = FS_E_NOMEM;
            else
                o->names[i] = fs_buf_steal(&b);
            fs_buf_free(&b);
            if (!rc && !o->names[i])
                rc = FS_E_NOMEM;
        }
    }
    struct stat st;
    if (!rc && dir && stat(dir, &st) == 0) {
        o->have_dir = 1;
        o->dev = st.st_dev;
        o->ino = st.st_ino;
        /* the output files that exist now, under whatever name they are met */
        for (size_t i = 0; i < 4 && o->names[i]; i++) {
            fs_buf p = FS_BUF_INIT;
            if (fs_buf_printf(&p, "%s/%s", dir, o->names[i])) {
                rc = FS_E_NOMEM;
                break;
            }
            if (stat(p.s, &st) == 0) {
                o->fdev[o->nfiles] = st.st_dev;
                o->fino[o->nfiles++] = st.st_ino;
            }
            fs_buf_free(&p);
        }
    }
    free(trim);
    free(dir);
    if (rc) {
        batch_outputs_free(o);
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    }
    return 0;
}

void batch_outputs_free(batch_outputs *o)
{
    for (size_t i = 0; i < 4; i++)
        free(o->names[i]);
    memset(o, 0, sizeof *o);
}

/* Whether the entry name of the directory with identity dir is one of the
 * outputs, or the file st (may be NULL) is one of them. */
static int is_output(const batch_outputs *o, const struct stat *dir, const char *name,
                     const struct stat *st)
{
    if (!o)
        return 0;
    if (dir && o->have_dir && dir->st_dev == o->dev && dir->st_ino == o->ino)
        for (size_t i = 0; i < 4 && o->names[i]; i++)
            if (strcmp(name, o->names[i]) == 0)
                return 1;
    for (size_t i = 0; st && i < o->nfiles; i++)
        if (st->st_dev == o->fdev[i] && st->st_ino == o->fino[i])
            return 1;
    return 0;
}

/* ---- the list of inputs ---- */

/* Appends path (copied) settled as given, with reason (copied, may be NULL). */
static int inputs_add(batch_inputs *in, const char *path, int walked, int settled,
                      const char *reason, fs_error *e)
{
    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 64;
        batch_input *v = realloc(in->v, cap * sizeof *v);
        if (!v)
            return fs_error_set(e, FS_E_NOMEM, "out of memory");
        in->v = v;
        in->cap = cap;
    }
    batch_input *x = &in->v[in->n];
    x->path = strdup(path);
    x->reason = reason ? strdup(reason) : NULL;
    x->walked = walked;
    x->settled = settled;
    if (!x->path || (reason && !x->reason)) {
        free(x->path);
        free(x->reason);
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    }
    in->n++;
    return 0;
}

void batch_inputs_free(batch_inputs *in)
{
    for (size_t i = 0; i < in->n; i++) {
        free(in->v[i].path);
        free(in->v[i].reason);
    }
    free(in->v);
    memset(in, 0, sizeof *in);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* What kind of file mode is, for "not a regular file (a FIFO)"; static. */
static const char *file_kind(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISDIR(mode))
        return "a directory";
    return "not a file";
}

/* Adds one walked entry p (lstat'ed as st) of the directory dst. */
static int walk_entry(batch_inputs *in, const char *p, const char *name, const struct stat *dst,
                      const struct stat *st, int depth, const batch_outputs *outs, fs_error *e);

/* Adds what lies under dir (identity dst), recursively, in byte order of
 * names.  A directory that cannot be read is a failure of its path. */
static int walk_dir(batch_inputs *in, const char *dir, int depth, const batch_outputs *outs,
                    fs_error *e)
{
    char why[160];
    if (depth > BATCH_MAX_DEPTH) {
        snprintf(why, sizeof why, "directory deeper than %d levels: not walked (a loop?)",
                 BATCH_MAX_DEPTH);
        return inputs_add(in, dir, 1, BATCH_SKIP, why, e);
    }
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(why, sizeof why, "cannot open directory: %s", strerror(errno));
        return inputs_add(in, dir, 1, BATCH_FAIL, why, e);
    }
    struct stat dst;
    if (fstat(dirfd(d), &dst) != 0)
        memset(&dst, 0, sizeof dst);
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0, rerr = 0;
    for (;;) {
        errno = 0;
        struct dirent *ent = readdir(d);
        if (!ent) {
            rerr = errno;
            break;
        }
        if (ent->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                rc = FS_E_NOMEM;
                break;
            }
            names = nn;
        }
        if (!(names[n] = strdup(ent->d_name))) {
            rc = FS_E_NOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (!rc && rerr) {
        /* what was listed is kept; the directory is a failure too, so that
         * the names it could not list are not silently lost */
        snprintf(why, sizeof why, "cannot read directory: %s", strerror(rerr));
        rc = inputs_add(in, dir, 1, BATCH_FAIL, why, e);
    }
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    size_t dl = strlen(dir);
    int slash = dl && dir[dl - 1] == '/';
    for (size_t i = 0; i < n && !rc; i++) {
        fs_buf p = FS_BUF_INIT;
        if (fs_buf_printf(&p, "%s%s%s", dir, slash ? "" : "/", names[i])) {
            rc = FS_E_NOMEM;
            break;
        }
        struct stat st;
        if (lstat(p.s, &st) == 0)
            rc = walk_entry(in, p.s, names[i], &dst, &st, depth, outs, e);
        else {
            snprintf(why, sizeof why, "cannot read: %s", strerror(errno));
            rc = inputs_add(in, p.s, 1, BATCH_FAIL, why, e); /* vanished meanwhile */
        }
        fs_buf_free(&p);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (rc == FS_E_NOMEM)
        fs_error_set(e, rc, "out of memory");
    return rc;
}

static int walk_entry(batch_inputs *in, const char *p, const char *name, const struct stat *dst,
                      const struct stat *st, int depth, const batch_outputs *outs, fs_error *e)
{
    if (S_ISDIR(st->st_mode))
        return walk_dir(in, p, depth + 1, outs, e);
    struct stat target = *st;
    if (S_ISLNK(st->st_mode) && stat(p, &target) != 0)
        return inputs_add(in, p, 1, BATCH_SKIP, "broken symbolic link", e);
    if (is_output(outs, dst, name, &target))
        return 0; /* the batch's own output: not an input, not counted */
    if (S_ISREG(target.st_mode))
        return inputs_add(in, p, 1, BATCH_OPEN, NULL, e);
    char why[96];
    if (S_ISDIR(target.st_mode))
        snprintf(why, sizeof why, "symbolic link to a directory: not followed");
    else
        snprintf(why, sizeof why, "not a regular file (%s)", file_kind(target.st_mode));
    return inputs_add(in, p, 1, BATCH_SKIP, why, e);
}

/* Adds one path as given: a directory is walked, anything else is a file
 * (refused later, when it is read, if it is not a regular one). */
static int add_path(batch_inputs *in, const char *arg, const batch_outputs *outs, fs_error *e)
{
    struct stat st;
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
        return walk_dir(in, arg, 0, outs, e);
    char *dir = dir_of(arg);
    if (!dir)
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    struct stat dst, fst;
    int have_dir = stat(dir, &dst) == 0, have_file = stat(arg, &fst) == 0;
    free(dir);
    if (is_output(outs, have_dir ? &dst : NULL, base_of(arg), have_file ? &fst : NULL))
        return 0;
    return inputs_add(in, arg, 0, BATCH_OPEN, NULL, e);
}

/* Reads one line of at most BATCH_LIST_MAX_LINE bytes from f into line
 * (without its end of line).  Returns 1 with *len, 0 at the end of the
 * list, or an FS_E* code with e filled. */
static int list_line(FILE *f, const char *list, size_t lineno, char *line, size_t *len,
                     fs_error *e)
{
    size_t n = 0;
    int c;
    while ((c = getc(f)) != EOF && c != '\n') {
        if (c == '\0')
            return fs_error_set(e, FS_E_FORMAT, "@%s: line %zu holds a NUL byte: not a list of "
                                "paths", list, lineno);
        if (n == BATCH_LIST_MAX_LINE)
            return fs_error_set(e, FS_E_LIMIT, "@%s: line %zu is longer than %d bytes", list,
                                lineno, BATCH_LIST_MAX_LINE);
        line[n++] = (char)c;
    }
    if (c == EOF && ferror(f))
        return fs_error_set(e, FS_E_IO, "@%s: cannot read: %s", list, strerror(errno));
    if (c == EOF && n == 0)
        return 0;
    while (n > 0 && line[n - 1] == '\r')
        n--;
    line[n] = '\0';
    *len = n;
    return 1;
}

/* Adds every line of a list file ("-" = standard input) as an input.  An
 * error reading the list stops the run: a list read in part would drop
 * the rest without a word. */
static int add_list(batch_inputs *in, const char *list, const batch_outputs *outs, fs_error *e)
{
    int is_stdin = strcmp(list, "-") == 0;
    struct stat st;
    if (is_stdin ? fstat(STDIN_FILENO, &st) != 0 : stat(list, &st) != 0)
        return fs_error_set(e, FS_E_IO, "@%s: cannot open: %s", list,
                            is_stdin && errno == EBADF ? "standard input is closed"
                                                       : strerror(errno));
    if (S_ISDIR(st.st_mode))
        return fs_error_set(e, FS_E_IO, "@%s: cannot read: %s", list, strerror(EISDIR));
    FILE *f = is_stdin ? stdin : fopen(list, "r");
    if (!f)
        return fs_error_set(e, FS_E_IO, "@%s: cannot open: %s", list, strerror(errno));
    char *line = malloc(BATCH_LIST_MAX_LINE + 1);
    int rc = line ? 0 : fs_error_set(e, FS_E_NOMEM, "out of memory");
    for (size_t lineno = 1; !rc; lineno++) {
        if (lineno > BATCH_LIST_MAX_LINES) {
            rc = fs_error_set(e, FS_E_LIMIT, "@%s: more than %zu lines", list,
                              BATCH_LIST_MAX_LINES);
            break;
        }
        size_t len = 0;
        int k = list_line(f, list, lineno, line, &len, e);
        if (k <= 0) {
            rc = k;
            break;
        }
        if (len)
            rc = add_path(in, line, outs, e);
    }
    free(line);
    if (!is_stdin)
        fclose(f);
    return rc;
}

int batch_expand(batch_inputs *in, const char *arg, const batch_outputs *outs, fs_error *e)
{
    if (arg[0] == '@' && arg[1])
        return add_list(in, arg + 1, outs, e);
    return add_path(in, arg, outs, e);
}

/* ---- reading an input once ---- */

int batch_snapshot_take(const char *path, size_t max_bytes, batch_snapshot *s, fs_error *e)
{
    s->fd = -1;
    s->fmt = FS_FMT_UNKNOWN;
    s->sha[0] = '\0';
    /* Look before opening: opening a FIFO blocks until a writer comes, and
     * opening a device can have effects.  O_NONBLOCK and the fstat after
     * the open cover a file replaced in between. */
    struct stat st;
    if (stat(path, &st) != 0)
        return fs_error_set(e, FS_E_IO, "cannot open: %s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return fs_error_set(e, FS_E_IO, "not a regular file (%s)", file_kind(st.st_mode));
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return fs_error_set(e, FS_E_IO, "cannot open: %s", strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return fs_error_set(e, FS_E_IO, "not a regular file (%s)", file_kind(st.st_mode));
    }
    if ((unsigned long long)st.st_size > max_bytes) {
        close(fd);
        return fs_error_set(e, FS_E_LIMIT, "input is %llu bytes, larger than the limit of %zu bytes",
                            (unsigned long long)st.st_size, max_bytes);
    }
    int copy = memfd_create("fiscan-input", MFD_CLOEXEC);
    if (copy < 0) {
        int err = errno;
        close(fd);
        return fs_error_set(e, FS_E_IO, "cannot keep a copy of the input: %s", strerror(err));
    }
    enum { CHUNK = 1 << 16 };
    unsigned char *buf = malloc(CHUNK);
    if (!buf) {
        close(fd);
        close(copy);
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    }
    fs_sha256_ctx c;
    fs_sha256_init(&c);
    size_t total = 0, n = 0;
    int rc = 0, first = 1;
    for (;;) {
        /* fill the buffer (reads may come short), then hash and copy it;
         * the first buffer full is also what the format is sniffed from */
        ssize_t k = read(fd, buf + n, CHUNK - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            rc = fs_error_set(e, FS_E_IO, "cannot read: %s", strerror(errno));
            break;
        }
        n += (size_t)k;
        total += (size_t)k;
        if (total > max_bytes) {
            rc = fs_error_set(e, FS_E_LIMIT, "input is larger than the limit of %zu bytes",
                              max_bytes);
            break;
        }
        if (n < CHUNK && k > 0)
            continue;
        if (first)
            s->fmt = fs_input_sniff(buf, n);
        first = 0;
        fs_sha256_update(&c, buf, n);
        size_t off = 0;
        while (off < n && !rc) {
            ssize_t w = write(copy, buf + off, n - off);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                rc = fs_error_set(e, FS_E_IO, "cannot keep a copy of the input: %s%s",
                                  w < 0 ? strerror(errno) : "short write",
                                  w < 0 && errno == EFBIG ? " (the file size limit, ulimit -f)"
                                                          : "");
            else
                off += (size_t)w;
        }
        n = 0;
        if (k == 0 || rc)
            break;
    }
    close(fd);
    free(buf);
    if (!rc && lseek(copy, 0, SEEK_SET) != 0)
        rc = fs_error_set(e, FS_E_IO, "cannot keep a copy of the input: %s", strerror(errno));
    if (rc) {
        close(copy);
        s->fmt = FS_FMT_UNKNOWN;
        return rc;
    }
    unsigned char d[32];
    fs_sha256_final(&c, d);
    fs_sha256_hex_digest(d, s->sha);
    s->fd = copy;
    return 0;
}
