/* memlimit.h — the memory bound of a process that reads one document, and
 * what the libraries it runs print on standard error.
 *
 * Every command that reads documents runs under an address-space limit
 * (setrlimit RLIMIT_AS, --max-memory, FS_DEFAULT_MAX_MEMORY_MIB by
 * default): a batch worker, and the process of `fiscan text`, `extract`,
 * `check` and `tables`.  When an allocation fails in fiscan's own code the
 * pipeline returns FS_E_NOMEM; when it fails inside poppler, poppler
 * prints "Out of memory" and calls abort() (goo/gmem.cc), C++ code ends in
 * std::bad_alloc and GLib in g_error(): the process dies of SIGABRT.  To
 * tell that death from another, and to keep library chatter out of
 * fiscan's "fiscan: FILE: message" diagnostics, standard error is captured
 * into an anonymous memory file while a document is read, and what the
 * libraries wrote is looked at afterwards (fs_libtext_says_oom).
 *
 * In builds with AddressSanitizer neither the limit (its shadow memory
 * needs terabytes of address space) nor the capture (its reports must stay
 * visible) is applied. */
#ifndef FISCAN_MEMLIMIT_H
#define FISCAN_MEMLIMIT_H

#include "error.h"

#include <stddef.h>

/* The address-space limit when --max-memory is not given, MiB. */
#define FS_DEFAULT_MAX_MEMORY_MIB 2048u

/* 1 when this build applies the limit and the capture (not under ASan). */
int fs_memlimit_applies(void);

/* Limits this process's address space to mib MiB (RLIMIT_AS, soft and
 * hard).  A no-op returning 0 when the build does not apply it.  Returns 0
 * or FS_E_LIMIT with e filled. */
int fs_memlimit_set(unsigned mib, fs_error *e);

/* Whether s[0..n) — what libraries wrote on standard error before the
 * process aborted — says that an allocation failed: poppler's "Out of
 * memory", C++'s std::bad_alloc, GLib's "failed to allocate", strerror's
 * "Cannot allocate memory".  Pure; async-signal-safe. */
int fs_libtext_says_oom(const char *s, size_t n);

/* Standard error redirected into an anonymous memory file. */
typedef struct fs_capture {
    int saved;   /* the real standard error (a duplicate), -1 when inactive */
    int mem;     /* the memory file, -1 when inactive */
} fs_capture;

/* Creates the memory file of c without redirecting anything (a batch
 * parent hands it to a worker).  Returns 0 or FS_E_IO; c->mem is owned by
 * the caller (fs_capture_close). */
int fs_capture_open(fs_capture *c, fs_error *e);

/* Opens c and points file descriptor 2 at it, keeping the real standard
 * error in c->saved.  A no-op (c inactive) when the build does not apply
 * the capture.  Returns 0 or FS_E_IO. */
int fs_capture_start(fs_capture *c, fs_error *e);

/* Reads at most n - 1 bytes of the end of what c holds into buf, NUL-
 * terminated, and returns how many.  Async-signal-safe (pread, fstat). */
size_t fs_capture_tail(const fs_capture *c, char *buf, size_t n);

/* Points file descriptor 2 back at the real standard error (when started)
 * and closes the memory file. */
void fs_capture_close(fs_capture *c);

/* The last non-empty line of s[0..n) into line (n > 0, NUL-terminated,
 * cut to fit), for a message; "" when there is none. */
void fs_last_line(const char *s, size_t n, char *line, size_t size);

#endif
