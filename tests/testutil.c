#define _DEFAULT_SOURCE /* setgroups */
/* testutil.c — see testutil.h. */
#include "testutil.h"

#include "document.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *tu_path(const char *rel)
{
    static char bufs[4][4096];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, sizeof bufs[0], "%s/%s", FISCAN_SOURCE_DIR, rel);
    return b;
}

char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap + 1);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            s = realloc(s, cap + 1);
        }
        size_t k = fread(s + n, 1, cap - n, f);
        if (!k)
            break;
        n += k;
    }
    fclose(f);
    s[n] = '\0';
    if (len)
        *len = n;
    return s;
}

/* Drains fd into a malloc'd buffer. */
static char *drain(int fd, size_t *len)
{
    size_t cap = 1 << 14, n = 0;
    char *s = malloc(cap + 1);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            s = realloc(s, cap + 1);
        }
        ssize_t k = read(fd, s + n, cap - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    s[n] = '\0';
    *len = n;
    return s;
}

int tu_run_fiscan(const char *const *argv, const char *stdin_data, size_t stdin_len, tu_run *r)
{
    memset(r, 0, sizeof *r);
    char tmpl_in[] = "/tmp/fiscan-test-in-XXXXXX";
    char tmpl_out[] = "/tmp/fiscan-test-out-XXXXXX";
    char tmpl_err[] = "/tmp/fiscan-test-err-XXXXXX";
    int fin = mkstemp(tmpl_in), fout = mkstemp(tmpl_out), ferr = mkstemp(tmpl_err);
    if (fin < 0 || fout < 0 || ferr < 0)
        return -1;
    if (stdin_data && stdin_len && write(fin, stdin_data, stdin_len) != (ssize_t)stdin_len)
        return -1;
    lseek(fin, 0, SEEK_SET);
    size_t argc = 0;
    while (argv[argc])
        argc++;
    char **av = calloc(argc + 2, sizeof *av);
    av[0] = (char *)FISCAN_BIN;
    for (size_t i = 0; i < argc; i++)
        av[i + 1] = (char *)argv[i];
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fin, 0);
        dup2(fout, 1);
        dup2(ferr, 2);
        execv(FISCAN_BIN, av);
        _exit(127);
    }
    free(av);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    lseek(fout, 0, SEEK_SET);
    lseek(ferr, 0, SEEK_SET);
    r->out = drain(fout, &r->out_len);
    r->err = drain(ferr, &r->err_len);
    close(fin);
    close(fout);
    close(ferr);
    unlink(tmpl_in);
    unlink(tmpl_out);
    unlink(tmpl_err);
    return 0;
}

void tu_run_free(tu_run *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

size_t tu_count(const char *hay, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    if (!k)
        return 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + k, needle))
        n++;
    return n;
}

/* One object's offset in the file being written (for the xref table). */
static int put_obj(FILE *f, long *offs, unsigned num, const char *body)
{
    offs[num] = ftell(f);
    return fprintf(f, "%u 0 obj\n%s\nendobj\n", num, body) < 0 ? -1 : 0;
}

int tu_write_pages_pdf(const char *path, unsigned npages, const char *line)
{
    FILE *f = fopen(path, "wb");
    if (!f || npages == 0)
        goto fail;
    /* 1 catalog, 2 pages, 3 font, then a page and its content per page */
    unsigned nobj = 3 + 2 * npages;
    long *offs = calloc((size_t)nobj + 1, sizeof *offs);
    if (!offs)
        goto fail;
    fputs("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", f);
    put_obj(f, offs, 1, "<< /Type /Catalog /Pages 2 0 R >>");
    offs[2] = ftell(f);
    fprintf(f, "2 0 obj\n<< /Type /Pages /Count %u /Kids [", npages);
    for (unsigned i = 0; i < npages; i++)
        fprintf(f, "%s%u 0 R", i % 16 ? " " : "\n", 4 + 2 * i);
    fputs("] >>\nendobj\n", f);
    put_obj(f, offs, 3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    for (unsigned i = 0; i < npages; i++) {
        unsigned pg = 4 + 2 * i, ct = pg + 1;
        offs[pg] = ftell(f);
        fprintf(f, "%u 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                   "/Resources << /Font << /F1 3 0 R >> >> /Contents %u 0 R >>\nendobj\n",
                pg, ct);
        char text[512], content[1024];
        size_t k = 0;
        for (const char *c = line; *c && k + 12 < sizeof text; c++) {
            if (*c == '#') {
                k += (size_t)snprintf(text + k, sizeof text - k, "%u", i + 1);
            } else if (*c == '@') {
                for (unsigned v = i + 1; v; v /= 26)
                    text[k++] = (char)('a' + v % 26);
            } else
                text[k++] = *c;
        }
        text[k] = '\0';
        int n = snprintf(content, sizeof content, "BT /F1 12 Tf 72 720 Td (%s) Tj ET", text);
        offs[ct] = ftell(f);
        fprintf(f, "%u 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n", ct, n + 1,
                content);
    }
    long xref = ftell(f);
    fprintf(f, "xref\n0 %u\n0000000000 65535 f \n", nobj + 1);
    for (unsigned i = 1; i <= nobj; i++)
        fprintf(f, "%010ld 00000 n \n", offs[i]);
    fprintf(f, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", nobj + 1, xref);
    free(offs);
    if (ferror(f) | fclose(f))
        return -1;
    return 0;
fail:
    if (f)
        fclose(f);
    return -1;
}

int tu_write_dense_pdf(const char *path, unsigned nwords)
{
    size_t cap = (size_t)nwords * 48 + 64, len = 0;
    char *content = malloc(cap);
    FILE *f = content ? fopen(path, "wb") : NULL;
    if (!f) {
        free(content);
        return -1;
    }
    uint32_t x = 12345;
    for (unsigned i = 0; i < nwords; i++) {
        x = x * 1103515245u + 12345u;
        unsigned px = (x >> 8) % 5900;
        x = x * 1103515245u + 12345u;
        unsigned py = (x >> 8) % 8400;
        len += (size_t)snprintf(content + len, cap - len, "BT /F1 6 Tf %u.%u %u.%u Td (%u) Tj ET\n",
                                px / 10, px % 10, py / 10, py % 10, i % 1000);
    }
    long offs[6];
    fputs("%PDF-1.4\n", f);
    offs[1] = ftell(f);
    fputs("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n", f);
    offs[2] = ftell(f);
    fputs("2 0 obj\n<< /Type /Pages /Count 1 /Kids [3 0 R] >>\nendobj\n", f);
    offs[3] = ftell(f);
    fputs("3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
          "<< /F1 4 0 R >> >> /Contents 5 0 R >>\nendobj\n", f);
    offs[4] = ftell(f);
    fputs("4 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\n", f);
    offs[5] = ftell(f);
    fprintf(f, "5 0 obj\n<< /Length %zu >>\nstream\n", len);
    fwrite(content, 1, len, f);
    fputs("endstream\nendobj\n", f);
    long xref = ftell(f);
    fputs("xref\n0 6\n0000000000 65535 f \n", f);
    for (int i = 1; i <= 5; i++)
        fprintf(f, "%010ld 00000 n \n", offs[i]);
    fprintf(f, "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", xref);
    free(content);
    return (ferror(f) | fclose(f)) ? -1 : 0;
}

int tu_under_valgrind(void)
{
    const char *p = getenv("LD_PRELOAD");
    return p && strstr(p, "/vgpreload_") != NULL;
}

double tu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The child of tu_cli_start: limits, identity, environment, then exec. */
static void cli_child(char **av, const tu_cli_opts *co, int fo, int fe)
{
    setpgid(0, 0);
    dup2(fo, 1);
    dup2(fe, 2);
    if (co && co->close_stdin) {
        close(0);
    } else {
        int nul = open("/dev/null", O_RDONLY);
        dup2(nul, 0);
    }
    for (const char *const *v = co && co->env ? co->env : NULL; v && *v; v++)
        putenv((char *)*v);
    if (co && co->fsize) {
        struct rlimit rl = {(rlim_t)co->fsize, (rlim_t)co->fsize};
        if (setrlimit(RLIMIT_FSIZE, &rl))
            _exit(126);
    }
    if (co && co->as_nobody && geteuid() == 0) {
        if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
            _exit(126);
        struct rlimit rl = {(rlim_t)co->nproc, (rlim_t)co->nproc};
        if (co->nproc && setrlimit(RLIMIT_NPROC, &rl))
            _exit(126);
    }
    execv(FISCAN_BIN, av);
    _exit(127);
}

void tu_cli_start(const char *const *argv, const tu_cli_opts *co, tu_cli_job *j)
{
    char to[] = "/tmp/fiscan-cli-out-XXXXXX", te[] = "/tmp/fiscan-cli-err-XXXXXX";
    j->fo = mkstemp(to);
    j->fe = mkstemp(te);
    if (j->fo < 0 || j->fe < 0)
        abort();
    unlink(to);
    unlink(te);
    size_t argc = 0;
    while (argv[argc])
        argc++;
    char **av = calloc(argc + 2, sizeof *av);
    av[0] = (char *)FISCAN_BIN;
    for (size_t i = 0; i < argc; i++)
        av[i + 1] = (char *)argv[i];
    pid_t pid = fork();
    if (pid < 0)
        abort();
    if (pid == 0)
        cli_child(av, co, j->fo, j->fe);
    free(av);
    setpgid(pid, pid);
    j->pid = pid;
    j->end = tu_now() + (co && co->deadline_s ? co->deadline_s : 20);
}

void tu_cli_wait(tu_cli_job *j, tu_run *r, int *sig)
{
    memset(r, 0, sizeof *r);
    int st = 0;
    for (;;) {
        pid_t w = waitpid(j->pid, &st, WNOHANG);
        if (w == j->pid)
            break;
        if (tu_now() > j->end) {
            kill(-j->pid, SIGKILL);
            waitpid(j->pid, &st, 0);
            break;
        }
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (sig)
        *sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
    lseek(j->fo, 0, SEEK_SET);
    lseek(j->fe, 0, SEEK_SET);
    r->out = drain(j->fo, &r->out_len);
    r->err = drain(j->fe, &r->err_len);
    close(j->fo);
    close(j->fe);
}

void tu_run_cli(const char *const *argv, const tu_cli_opts *co, tu_run *r)
{
    tu_cli_job j;
    tu_cli_start(argv, co, &j);
    tu_cli_wait(&j, r, NULL);
}

struct fs_document *tu_load_tables(const char *rel, char *err, size_t n)
{
    fs_document_opts o;
    memset(&o, 0, sizeof o);
    o.stage = FS_STAGE_RAW;
    o.tables = 1;
    fs_document *d = NULL;
    fs_error e;
    fs_error_clear(&e);
    if (fs_document_load(rel[0] == '/' ? rel : tu_path(rel), &o, &d, &e)) {
        snprintf(err, n, "%s: %s", rel, e.msg);
        return NULL;
    }
    if (!d->tables) {
        snprintf(err, n, "%s: no tables read", rel);
        fs_document_free(d);
        return NULL;
    }
    return d;
}
