/* testutil.h — shared helpers for the cmocka tests. */
#ifndef FISCAN_TESTUTIL_H
#define FISCAN_TESTUTIL_H

#include <stddef.h>

/* Path of a file in the source tree: tu_path("corpus/x.txt").  Returns a
 * pointer to one of a few static buffers: use it before calling tu_path
 * four more times. */
const char *tu_path(const char *rel);

/* Reads a whole file; returns a malloc'd NUL-terminated buffer (caller frees)
 * and its length in *len (may be NULL), or NULL when it cannot be read. */
char *tu_read_file(const char *path, size_t *len);

/* Loads the file at rel (tu_path; an absolute path as it is) to its raw
 * text with its tables read, as
 * `fiscan tables` does.  Returns the document (the caller frees it with
 * fs_document_free), or NULL with the error written into err. */
struct fs_document;
struct fs_document *tu_load_tables(const char *rel, char *err, size_t n);

/* The outcome of running the fiscan executable. */
typedef struct tu_run {
    int status;      /* exit status, or -1 when it did not exit normally */
    char *out;       /* captured stdout, malloc'd */
    size_t out_len;
    char *err;       /* captured stderr, malloc'd */
    size_t err_len;
} tu_run;

/* Runs FISCAN_BIN with argv (NULL-terminated, without argv[0]), feeding
 * stdin_data (may be NULL: /dev/null) to its standard input.  Returns 0 and
 * fills r, which the caller releases with tu_run_free. */
int tu_run_fiscan(const char *const *argv, const char *stdin_data, size_t stdin_len, tu_run *r);
void tu_run_free(tu_run *r);

/* How tu_run_cli runs the CLI. */
typedef struct tu_cli_opts {
    int close_stdin;     /* start with standard input closed (else /dev/null) */
    int as_nobody;       /* as root: run as uid/gid 65534, so permissions hold */
    unsigned deadline_s; /* kill the run (its process group) past this; 0 = 20 s */
    long nproc;          /* with as_nobody: RLIMIT_NPROC for it, 0 = unchanged */
    long fsize;          /* RLIMIT_FSIZE in bytes (ulimit -f), 0 = unchanged */
    const char *const *env; /* "NAME=VALUE" entries added to the environment, NULL-ended */
} tu_cli_opts;

/* A run of the CLI started by tu_cli_start. */
typedef struct tu_cli_job {
    int pid;             /* its process, leader of its own process group */
    int fo, fe;          /* where its stdout and stderr go */
    double end;          /* deadline (tu_now) */
} tu_cli_job;

/* Seconds of a monotonic clock. */
double tu_now(void);

/* Starts FISCAN_BIN with argv (NULL-terminated, without argv[0]) in its
 * own process group as co says (may be NULL); aborts when it cannot. */
void tu_cli_start(const char *const *argv, const tu_cli_opts *co, tu_cli_job *j);

/* Waits for j until its deadline (then kills its process group) and fills
 * r: status is the exit status, or -1 when it was killed at the deadline
 * or by a signal (*sig, may be NULL, gets the signal, 0 when none).
 * Release r with tu_run_free. */
void tu_cli_wait(tu_cli_job *j, tu_run *r, int *sig);

/* tu_cli_start then tu_cli_wait. */
void tu_run_cli(const char *const *argv, const tu_cli_opts *co, tu_run *r);

/* Writes a PDF of npages pages to path, each page showing the ASCII line
 * `line` with every '#' replaced by the page number and every '@' by the page
 * number in letters (base 26, a = 0, least significant first), in PDF string
 * syntax (no unbalanced parentheses or backslashes), in the standard
 * Helvetica font; about 300 bytes a page, uncompressed.  Lines that differ
 * only in their digits on most pages are dropped as running heads, so a
 * line meant to be read should hold an '@'.  Returns 0, or -1 when the
 * file cannot be written. */
int tu_write_pages_pdf(const char *path, unsigned npages, const char *line);

/* Writes a one-page PDF to path holding nwords short numbers scattered over
 * the page at pseudo-random positions (a fixed sequence).  Poppler's text
 * layout of such a page grows faster than linearly: 20,000 words take it
 * about 2 s, 50,000 over a minute, which makes a real input that exceeds
 * a time limit.  Returns 0, or -1 when the file cannot be written. */
int tu_write_dense_pdf(const char *path, unsigned nwords);

/* 1 in a build with AddressSanitizer (gcc or clang), which cannot run
 * under an address-space limit and is several times slower. */
#if defined(__SANITIZE_ADDRESS__)
#define TU_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TU_UNDER_ASAN 1
#endif
#endif
#ifndef TU_UNDER_ASAN
#define TU_UNDER_ASAN 0
#endif

/* 1 when this process runs under valgrind (which preloads its vgpreload_*
 * libraries), where everything is 20 to 50 times slower: tests scale their
 * time limits by it rather than fail for want of time. */
int tu_under_valgrind(void);

/* Counts occurrences of needle in hay. */
size_t tu_count(const char *hay, const char *needle);

#endif
