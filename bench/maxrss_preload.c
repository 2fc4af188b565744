/* maxrss_preload.c — records the peak resident set of every process of a run.
 *
 * Loaded with LD_PRELOAD by bench/run for the memory runs of fiscan batch.
 * A batch worker ends with _exit(), which this library interposes: before
 * the real _exit it appends "worker PID MAXRSS_KB" to the file named by
 * BENCH_MAXRSS_FILE.  The process that loaded the library first (the batch
 * parent) appends "parent PID MAXRSS_KB" from a destructor at normal exit.
 * At its exit the parent also appends "children 0 MAXRSS_KB", its
 * getrusage(RUSAGE_CHILDREN).ru_maxrss: the largest worker peak as the kernel
 * counted it at each worker's exit.  That one is exact; the per-worker lines,
 * read by the worker itself, come from the kernel's per-CPU RSS counters,
 * which may read up to about 1 MiB low.  Both are better than sampling /proc,
 * which misses the last moments of a short-lived worker.
 *
 * Build: cc -shared -fPIC -O2 -o maxrss_preload.so maxrss_preload.c -ldl */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

static pid_t first_pid;

/* Appends one line "WHAT PID MAXRSS_KB" to $BENCH_MAXRSS_FILE (O_APPEND:
 * lines of concurrent processes do not mix). */
static void record(const char *what)
{
    const char *path = getenv("BENCH_MAXRSS_FILE");
    if (!path)
        return;
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return;
    char line[96];
    int n = snprintf(line, sizeof line, "%s %ld %ld\n", what, (long)getpid(), ru.ru_maxrss);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    if (write(fd, line, (size_t)n) < 0) {
        /* nothing to do: the measurement is lost, the run goes on */
    }
    close(fd);
}

/* Appends "children 0 MAXRSS_KB": the largest ru_maxrss of the children this
 * process has reaped, as the kernel computed it when each one exited. */
static void record_children(void)
{
    const char *path = getenv("BENCH_MAXRSS_FILE");
    struct rusage ru;
    if (!path || getrusage(RUSAGE_CHILDREN, &ru) != 0)
        return;
    char line[96];
    int n = snprintf(line, sizeof line, "children 0 %ld\n", ru.ru_maxrss);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    if (write(fd, line, (size_t)n) < 0) {
        /* lost measurement */
    }
    close(fd);
}

__attribute__((constructor)) static void on_load(void)
{
    first_pid = getpid();
}

__attribute__((destructor)) static void on_exit_normal(void)
{
    if (getpid() != first_pid)
        return;
    record("parent");
    record_children();
}

/* Interposed _exit: a forked worker records its peak, then exits for real. */
void _exit(int status)
{
    record(getpid() == first_pid ? "parent" : "worker");
    void (*real)(int) = (void (*)(int))dlsym(RTLD_NEXT, "_exit");
    if (real)
        real(status);
    _Exit(status);
}
