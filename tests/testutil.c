/* testutil.c — see testutil.h. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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
