/* memlimit.c — see memlimit.h. */
#define _GNU_SOURCE /* memfd_create, memmem */
#include "memlimit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define MEMLIMIT_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEMLIMIT_OFF 1
#endif
#endif
#ifndef MEMLIMIT_OFF
#define MEMLIMIT_OFF 0
#endif

int fs_memlimit_applies(void)
{
    return !MEMLIMIT_OFF;
}

int fs_memlimit_set(unsigned mib, fs_error *e)
{
    if (MEMLIMIT_OFF)
        return 0;
    struct rlimit rl;
    rl.rlim_cur = rl.rlim_max = (rlim_t)mib * 1024 * 1024;
    if (setrlimit(RLIMIT_AS, &rl) != 0)
        return fs_error_set(e, FS_E_LIMIT, "cannot set the memory limit of %u MiB: %s", mib,
                            strerror(errno));
    return 0;
}

int fs_libtext_says_oom(const char *s, size_t n)
{
    static const char *const marks[] = {"Out of memory", "out of memory", "bad_alloc",
                                        "failed to allocate", "Cannot allocate memory"};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (memmem(s, n, marks[i], strlen(marks[i])))
            return 1;
    return 0;
}

int fs_capture_open(fs_capture *c, fs_error *e)
{
    c->saved = -1;
    c->mem = memfd_create("fiscan-stderr", MFD_CLOEXEC);
    if (c->mem < 0)
        return fs_error_set(e, FS_E_IO, "cannot capture standard error: %s", strerror(errno));
    return 0;
}

int fs_capture_start(fs_capture *c, fs_error *e)
{
    c->saved = c->mem = -1;
    if (MEMLIMIT_OFF)
        return 0;
    if (fs_capture_open(c, e))
        return FS_E_IO;
    fflush(stderr);
    c->saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (c->saved < 0 || dup2(c->mem, STDERR_FILENO) < 0) {
        int err = errno;
        fs_capture_close(c);
        return fs_error_set(e, FS_E_IO, "cannot capture standard error: %s", strerror(err));
    }
    return 0;
}

size_t fs_capture_tail(const fs_capture *c, char *buf, size_t n)
{
    struct stat st;
    buf[0] = '\0';
    if (c->mem < 0 || n < 2 || fstat(c->mem, &st) != 0)
        return 0;
    off_t from = st.st_size > (off_t)(n - 1) ? st.st_size - (off_t)(n - 1) : 0;
    ssize_t k = pread(c->mem, buf, n - 1, from);
    if (k < 0)
        k = 0;
    buf[k] = '\0';
    return (size_t)k;
}

void fs_capture_close(fs_capture *c)
{
    if (c->saved >= 0) {
        fflush(stderr);
        dup2(c->saved, STDERR_FILENO);
        close(c->saved);
    }
    if (c->mem >= 0)
        close(c->mem);
    c->saved = c->mem = -1;
}

void fs_last_line(const char *s, size_t n, char *line, size_t size)
{
    size_t end = n;
    while (end > 0 && (s[end - 1] == '\n' || s[end - 1] == '\r' || s[end - 1] == ' '))
        end--;
    size_t start = end;
    while (start > 0 && s[start - 1] != '\n')
        start--;
    size_t k = end - start < size - 1 ? end - start : size - 1;
    memcpy(line, s + start, k);
    line[k] = '\0';
}
