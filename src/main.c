/* main.c — the fiscan command line.
 *
 * Options are parsed here and nowhere else; every diagnostic is printed here,
 * on stderr, in one form: "fiscan: FILE: message" (or "fiscan: message" when
 * no file is concerned).  Results go to stdout.  Exit status: 0 clean,
 * 1 findings, 2 a file could not be processed or the command line is wrong. */
#include "batch.h"
#include "buf.h"
#include "csv_out.h"
#include "document.h"
#include "json_out.h"
#include "memlimit.h"
#include "tables_out.h"
#include "names.h"
#include "usage.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

/* batch --fail-on: what makes a completed run exit non-zero */
enum { FAIL_ON_ERROR = 0, FAIL_ON_FAILURE, FAIL_ON_NONE };

/* Kinds of diagnostic: -q shows only D_ERROR, -v adds D_VERBOSE. */
enum { D_ERROR, D_WARNING, D_INFO, D_VERBOSE };

typedef struct cli {
    const char *command;
    char **files;
    int nfiles;
    fs_document_opts doc;
    int raw, outline, positions;
    const char *format;        /* --format: json, jsonl, csv (extract, check) */
    const char *patterns_dir;  /* --patterns DIR */
    fs_patterns *patterns;     /* loaded once per run, shared by every file */
    int errors_only;           /* --severity error */
    fs_batch_opts batch;       /* -o, --format, -j, --max-memory, --resume, --shard */
    unsigned timeout_s;        /* --timeout: seconds per document, 0 = default */
    int quiet, verbose;        /* -q: errors only on stderr; -v: also what was done */
    int color_err, color_out;  /* colour diagnostics on stderr / findings on stdout */
    const char *color;         /* --color: auto (default), always, never */
    int help;                  /* --help given: served once the command is known */
    int fail_on;               /* batch --fail-on: FAIL_ON_ERROR (default), ... */
    int json_array;            /* --format json with several FILEs: one array */
    size_t nrecords;           /* records printed so far (for the array's commas) */
} cli;

/* Prints one diagnostic line on stderr: "fiscan: FILE:PAGE:LINE: message"
 * (file may be NULL; page and line 0 leave them out), warnings with
 * "warning: " before the message.  c (NULL while the command line is read)
 * decides whether the kind is shown (-q, -v) and coloured.  The file name
 * is printed in its display form (names.h) and the message with control
 * characters and invalid bytes as \xHH, so a diagnostic is always one line
 * of valid UTF-8. */
static void vsay(const cli *c, int kind, const char *file, unsigned page, unsigned line,
                 const char *fmt, va_list ap)
{
    if (c && ((c->quiet && kind != D_ERROR) || (!c->verbose && kind == D_VERBOSE)))
        return;
    int color = c && c->color_err && kind <= D_WARNING; /* errors and warnings */
    fs_buf b = FS_BUF_INIT;
    char msg[2048];
    vsnprintf(msg, sizeof msg, fmt, ap);
    fs_buf_puts(&b, color ? "\033[1mfiscan:" : "fiscan:");
    if (file) {
        fs_buf_putc(&b, ' ');
        fs_name_escape(&b, file);
        if (page || line)
            fs_buf_printf(&b, ":%u:%u", page, line);
        fs_buf_putc(&b, ':');
    }
    fs_buf_puts(&b, color ? "\033[0m " : " ");
    if (kind == D_WARNING)
        fs_buf_puts(&b, color ? "\033[1;35mwarning:\033[0m " : "warning: ");
    if (color && kind == D_ERROR)
        fs_buf_puts(&b, "\033[1;31m");
    fs_line_escape(&b, msg);
    if (color && kind == D_ERROR)
        fs_buf_puts(&b, "\033[0m");
    fs_buf_putc(&b, '\n');
    if (b.s)
        fputs(b.s, stderr);
    else /* out of memory: the message as it is */
        fprintf(stderr, "fiscan: %s\n", msg);
    fs_buf_free(&b);
}

/* An error: "fiscan: FILE: message", shown even under -q. */
static void diag(const cli *c, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void diag(const cli *c, const char *file, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(c, D_ERROR, file, 0, 0, fmt, ap);
    va_end(ap);
}

/* A diagnostic of another kind (D_WARNING, D_INFO, D_VERBOSE), at a page and
 * line of file when they are not 0. */
static void note(const cli *c, int kind, const char *file, unsigned page, unsigned line,
                 const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void note(const cli *c, int kind, const char *file, unsigned page, unsigned line,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(c, kind, file, page, line, fmt, ap);
    va_end(ap);
}

/* Parses a positive decimal count; returns 0 on success. */
static int parse_count(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    if (!*s || *s == '-')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v == 0 || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Prints the help of command (NULL: of fiscan as a whole) on stdout. */
static void print_usage(const char *command)
{
    for (const char *const *p = fs_usage(command); p && *p; p++)
        fputs(*p, stdout);
}

/* Names an unknown option: the long option as written, or the letter of a
 * short one with the word it stands in (-rf.pdf: '-r'), never a neighbour.
 * opt is getopt's optopt (0 for a long option). */
static void unknown_option(const cli *c, int argc, char **argv, int opt)
{
    char hint[64] = "";
    if (c->command)
        snprintf(hint, sizeof hint, " (try 'fiscan %.32s --help')", c->command);
    else
        snprintf(hint, sizeof hint, " (try 'fiscan --help')");
    if (!opt) { /* a long option: argv[optind - 1], without its =value */
        const char *a = argv[optind - 1];
        diag(c, NULL, "unknown option '%.*s'%s", (int)strcspn(a, "="), a, hint);
        return;
    }
    /* a short option: the last letter of argv[optind - 1] (getopt then moved
     * past it), else a letter inside argv[optind] */
    const char *w = argv[optind - 1];
    size_t n = strlen(w);
    if (!(w[0] == '-' && w[1] != '-' && n >= 2 && w[n - 1] == opt) && optind < argc)
        w = argv[optind];
    if (strlen(w) > 2)
        diag(c, NULL, "unknown option '-%c' in '%s'%s", opt, w, hint);
    else
        diag(c, NULL, "unknown option '-%c'%s", opt, hint);
}

/* Parses argv into c.  Returns -1 after printing a diagnostic on a usage
 * error, 1 when --help/--version was served, 0 otherwise. */
static int parse_args(int argc, char **argv, cli *c)
{
    enum {
        OPT_RAW = 256, OPT_OUTLINE, OPT_POSITIONS, OPT_PASSWORD, OPT_MAXBYTES, OPT_MAXPAGES,
        OPT_FORMAT, OPT_PATTERNS, OPT_CHECKS, OPT_ROUNDING, OPT_SEVERITY, OPT_TIMEOUT,
        OPT_MAXMEM, OPT_RESUME, OPT_SHARD, OPT_COLOR, OPT_FAILON
    };
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"raw", no_argument, NULL, OPT_RAW},
        {"outline", no_argument, NULL, OPT_OUTLINE},
        {"positions", no_argument, NULL, OPT_POSITIONS},
        {"password", required_argument, NULL, OPT_PASSWORD},
        {"max-bytes", required_argument, NULL, OPT_MAXBYTES},
        {"max-pages", required_argument, NULL, OPT_MAXPAGES},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"patterns", required_argument, NULL, OPT_PATTERNS},
        {"checks", required_argument, NULL, OPT_CHECKS},
        {"rounding", required_argument, NULL, OPT_ROUNDING},
        {"severity", required_argument, NULL, OPT_SEVERITY},
        {"output", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"max-memory", required_argument, NULL, OPT_MAXMEM},
        {"resume", no_argument, NULL, OPT_RESUME},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"fail-on", required_argument, NULL, OPT_FAILON},
        {NULL, 0, NULL, 0},
    };
    unsigned long long v;
    int ch;
    opterr = 0;
    int fail_on_given = 0;
    while ((ch = getopt_long(argc, argv, "+:hVqvo:j:", longopts, NULL)) != -1 || optind < argc) {
        if (ch == -1) { /* a positional argument: the command, or a file */
            if (strcmp(argv[optind - 1], "--") == 0) { /* everything after -- */
                for (; optind < argc; optind++) {
                    if (!c->command)
                        c->command = argv[optind];
                    else
                        c->files[c->nfiles++] = argv[optind];
                }
                break;
            }
            if (!c->command)
                c->command = argv[optind];
            else
                c->files[c->nfiles++] = argv[optind];
            optind++;
            continue;
        }
        switch (ch) {
        case 'h': c->help = 1; break; /* served once the command is known */
        case 'q': c->quiet = 1; break;
        case 'v': c->verbose = 1; break;
        case OPT_COLOR:
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
                diag(c, NULL, "--color: expected auto, always or never, not '%s'", optarg);
                return -1;
            }
            c->color = optarg;
            break;
        case OPT_FAILON:
            if (strcmp(optarg, "error") == 0)
                c->fail_on = FAIL_ON_ERROR;
            else if (strcmp(optarg, "failure") == 0)
                c->fail_on = FAIL_ON_FAILURE;
            else if (strcmp(optarg, "none") == 0)
                c->fail_on = FAIL_ON_NONE;
            else {
                diag(c, NULL, "--fail-on: expected error, failure or none, not '%s'", optarg);
                return -1;
            }
            fail_on_given = 1;
            break;
        case 'V':
            printf("fiscan %s\n", FISCAN_VERSION);
            return 1;
        case OPT_RAW: c->raw = 1; break;
        case OPT_OUTLINE: c->outline = 1; break;
        case OPT_POSITIONS: c->positions = 1; break;
        case OPT_PASSWORD: c->doc.input.password = optarg; break;
        case OPT_FORMAT: c->format = optarg; break;
        case 'o': c->batch.out = optarg; break;
        case 'j':
            if (parse_count(optarg, 4096, &v)) {
                diag(c, NULL, "-j: not a number of workers: '%s'", optarg);
                return -1;
            }
            c->batch.jobs = (unsigned)v;
            break;
        case OPT_TIMEOUT:
            if (parse_count(optarg, 86400 * 7, &v)) {
                diag(c, NULL, "--timeout: not a positive number of seconds: '%s'", optarg);
                return -1;
            }
            c->timeout_s = (unsigned)v;
            break;
        case OPT_MAXMEM:
            if (parse_count(optarg, 1u << 24, &v)) {
                diag(c, NULL, "--max-memory: not a positive number of MiB: '%s'", optarg);
                return -1;
            }
            c->batch.max_memory_mib = (unsigned)v;
            break;
        case OPT_RESUME: c->batch.resume = 1; break;
        case OPT_SHARD: {
            fs_error e;
            fs_error_clear(&e);
            if (fs_batch_parse_shard(optarg, &c->batch.shard_k, &c->batch.shard_n, &e)) {
                diag(c, NULL, "--shard: %s", e.msg);
                return -1;
            }
            break;
        }
        case OPT_PATTERNS: c->patterns_dir = optarg; break;
        case OPT_CHECKS: {
            fs_error e;
            fs_error_clear(&e);
            if (fs_checks_parse_list(optarg, &c->doc.checks.checks, &e)) {
                diag(c, NULL, "--checks: %s", e.msg);
                return -1;
            }
            break;
        }
        case OPT_ROUNDING:
            if (strcmp(optarg, "nearest") == 0)
                c->doc.checks.rounding = FS_RND_NEAREST;
            else if (strcmp(optarg, "truncate") == 0)
                c->doc.checks.rounding = FS_RND_TRUNCATE;
            else if (strcmp(optarg, "either") == 0)
                c->doc.checks.rounding = FS_RND_EITHER;
            else {
                diag(c, NULL, "--rounding: expected nearest, truncate or either, not '%s'", optarg);
                return -1;
            }
            break;
        case OPT_SEVERITY:
            if (strcmp(optarg, "error") == 0)
                c->errors_only = 1;
            else if (strcmp(optarg, "warning") != 0) {
                diag(c, NULL, "--severity: expected error or warning, not '%s'", optarg);
                return -1;
            }
            break;
        case OPT_MAXBYTES:
            if (parse_count(optarg, (unsigned long long)SIZE_MAX, &v)) {
                diag(c, NULL, "--max-bytes: not a positive number: '%s'", optarg);
                return -1;
            }
            c->doc.input.max_bytes = (size_t)v;
            break;
        case OPT_MAXPAGES:
            if (parse_count(optarg, 0xFFFFFFFFull, &v)) {
                diag(c, NULL, "--max-pages: not a positive number: '%s'", optarg);
                return -1;
            }
            c->doc.input.max_pages = (uint32_t)v;
            break;
        case ':':
            diag(c, NULL, "option '%s' needs a value", argv[optind - 1]);
            return -1;
        default:
            unknown_option(c, argc, argv, optopt);
            return -1;
        }
    }
    if (c->quiet && c->verbose) {
        diag(c, NULL, "-q and -v cannot be combined");
        return -1;
    }
    if (c->command && strcmp(c->command, "help") == 0) {
        if (c->nfiles > 1 || (c->nfiles == 1 && !fs_usage(c->files[0]))) {
            diag(c, NULL, "help: no command '%s' (try 'fiscan help')", c->files[c->nfiles - 1]);
            return -1;
        }
        print_usage(c->nfiles ? c->files[0] : NULL);
        return 1;
    }
    if (c->help) {
        if (c->command && !fs_usage(c->command)) {
            diag(c, NULL, "unknown command '%s' (try 'fiscan --help')", c->command);
            return -1;
        }
        print_usage(c->command);
        return 1;
    }
    if (!c->command) {
        diag(c, NULL, "no command given (try 'fiscan --help')");
        return -1;
    }
    if (fail_on_given && strcmp(c->command, "batch") != 0) {
        diag(c, NULL, "%s: --fail-on belongs to 'fiscan batch'", c->command);
        return -1;
    }
    int is_text = strcmp(c->command, "text") == 0;
    int is_check = strcmp(c->command, "check") == 0;
    int is_batch = strcmp(c->command, "batch") == 0, is_merge = strcmp(c->command, "merge") == 0;
    if (is_merge) {
        if (c->nfiles < 2) {
            diag(c, NULL, "merge: usage: fiscan merge OUT IN...");
            return -1;
        }
        return 0;
    }
    if (is_batch) {
        if (!c->batch.out) {
            diag(c, NULL, "batch: no output given (-o OUT)");
            return -1;
        }
        if (c->nfiles == 0) {
            diag(c, NULL, "batch: no input given (files, directories, @LIST or @-)");
            return -1;
        }
        if (c->format) {
            if (strcmp(c->format, "sqlite") == 0)
                c->batch.format = FS_BATCH_SQLITE;
            else if (strcmp(c->format, "jsonl") == 0)
                c->batch.format = FS_BATCH_JSONL;
            else if (strcmp(c->format, "csv") == 0)
                c->batch.format = FS_BATCH_CSV;
            else {
                diag(c, NULL, "batch: --format: expected sqlite, jsonl or csv, not '%s'", c->format);
                return -1;
            }
        }
        c->batch.timeout_s = c->timeout_s;
        return 0;
    }
    c->doc.input.timeout_s = c->timeout_s ? c->timeout_s : FS_DEFAULT_TIMEOUT_S;
    if (c->batch.out || c->batch.jobs || c->batch.resume || c->batch.shard_n) {
        diag(c, NULL, "%s: -o, -j, --resume and --shard belong to 'fiscan batch'", c->command);
        return -1;
    }
    int is_tables = strcmp(c->command, "tables") == 0;
    if (is_tables) {
        if (c->format && strcmp(c->format, "csv") && strcmp(c->format, "json") &&
            strcmp(c->format, "jsonl")) {
            diag(c, NULL, "tables: --format: expected csv, json or jsonl, not '%s'", c->format);
            return -1;
        }
        return 0;
    }
    if (!is_text && !is_check && strcmp(c->command, "extract") != 0) {
        diag(c, NULL, "unknown command '%s' (try 'fiscan --help')", c->command);
        return -1;
    }
    if (!is_text && (c->raw || c->outline || c->positions)) {
        diag(c, NULL, "%s: --raw, --outline and --positions belong to 'fiscan text'", c->command);
        return -1;
    }
    if (is_text && (c->format || c->patterns_dir)) {
        diag(c, NULL, "text: --format and --patterns belong to 'fiscan extract'");
        return -1;
    }
    if (is_check && c->format && strcmp(c->format, "json") && strcmp(c->format, "jsonl") &&
        strcmp(c->format, "text")) {
        diag(c, NULL, "check: --format: expected text, json or jsonl, not '%s'", c->format);
        return -1;
    }
    if (!is_check && c->format && strcmp(c->format, "json") && strcmp(c->format, "jsonl") &&
        strcmp(c->format, "csv")) {
        diag(c, NULL, "--format: expected json, jsonl or csv, not '%s'", c->format);
        return -1;
    }
    if (c->nfiles == 0) {
        diag(c, NULL, "%s: no input file (use - for standard input)", c->command);
        return -1;
    }
    /* --format json prints one JSON document: the record of the one FILE,
     * or an array of the records of several */
    c->json_array = c->format && strcmp(c->format, "json") == 0 && c->nfiles > 1;
    if (c->raw + c->outline > 1) {
        diag(c, NULL, "text: --raw and --outline cannot be combined");
        return -1;
    }
    return 0;
}

/* The hard stops of reading one document, in signal handlers.
 *
 * Time: the pipeline stops itself between pages and stages once the
 * document's deadline has passed; a single call that never returns (a
 * poppler loop on a hostile page, standard input that never ends) is
 * stopped by SIGALRM a little later: its handler writes the diagnostic
 * prepared beforehand and exits with status 2.
 *
 * Memory: the process runs under --max-memory (memlimit.h).  poppler,
 * C++ and GLib abort() when an allocation fails (GLib's fatal error may
 * raise SIGTRAP instead); standard error is
 * captured while a document is read, and the SIGABRT handler looks at
 * what the library wrote: for want of memory it writes the diagnostic
 * prepared beforehand and exits with status 2; otherwise it passes the
 * library's words on and dies of SIGABRT as it would have.
 *
 * This is the only mutable state at file scope, and only this file
 * touches it. */
static struct {
    char time_msg[1024], mem_msg[1024];
    size_t time_len, mem_len;
    fs_capture cap;     /* standard error while a document is read */
} stop = {.cap = {-1, -1}};

/* Where the handlers write: the real standard error. */
static int stop_fd(void)
{
    return stop.cap.saved >= 0 ? stop.cap.saved : STDERR_FILENO;
}

static void hard_stop_handler(int sig)
{
    (void)sig;
    ssize_t k = write(stop_fd(), stop.time_msg, stop.time_len); /* async-signal-safe */
    (void)k;
    _exit(EXIT_TROUBLE);
}

static void abort_handler(int sig)
{
    char tail[2048];
    size_t n = fs_capture_tail(&stop.cap, tail, sizeof tail);
    int fd = stop_fd();
    ssize_t k;
    if (fs_libtext_says_oom(tail, n)) {
        k = write(fd, stop.mem_msg, stop.mem_len);
        _exit(EXIT_TROUBLE);
    }
    k = write(fd, tail, n);
    (void)k;
    dup2(fd, STDERR_FILENO);
    signal(sig, SIG_DFL);
    raise(sig); /* delivered when the handler returns */
}

/* Seconds after which the hard stop fires: the limit plus a tenth, at least
 * one second more, so that the cooperative check usually speaks first. */
static unsigned hard_stop_after(unsigned timeout_s)
{
    unsigned grace = timeout_s / 10 ? timeout_s / 10 : 1;
    return timeout_s > UINT32_MAX / 2 ? timeout_s : timeout_s + grace;
}

/* Formats "fiscan: FILE: what\n" into buf (size n, always a complete
 * line) and returns its length. */
static size_t stop_message(char *buf, size_t n, const char *file, const char *what)
{
    char *disp = fs_name_display(file); /* one line, valid UTF-8 (names.h) */
    int k = snprintf(buf, n, "fiscan: %s: %s\n", disp ? disp : "?", what);
    free(disp);
    size_t len = k < 0 ? 0 : (size_t)k < n ? (size_t)k : n - 1;
    if (k > 0 && (size_t)k >= n)
        buf[len - 1] = '\n';
    return len;
}

/* The memory limit of the single-document commands, MiB. */
static unsigned memory_limit(const cli *c)
{
    return c->batch.max_memory_mib ? c->batch.max_memory_mib : FS_DEFAULT_MAX_MEMORY_MIB;
}

/* Prints what the libraries wrote on standard error while file was read
 * (its capture), one verbose note a line: not part of the diagnostics
 * unless -v asks for it. */
static void library_notes(const cli *c, const char *file)
{
    char tail[4096];
    size_t n = fs_capture_tail(&stop.cap, tail, sizeof tail);
    for (char *line = tail; line < tail + n;) {
        char *nl = memchr(line, '\n', (size_t)(tail + n - line));
        if (nl)
            *nl = '\0';
        if (*line)
            note(c, D_VERBOSE, file, 0, 0, "library: %s", line);
        line = nl ? nl + 1 : tail + n;
    }
}

/* fs_document_load under the hard stops, standard error captured.  Output
 * already produced is flushed first, since the handlers exit without
 * flushing stdio. */
static int load_document(const cli *c, const char *file, fs_document **d, fs_error *e)
{
    unsigned t = c->doc.input.timeout_s;
    char what[128];
    fflush(stdout);
    snprintf(what, sizeof what, "time limit of %u s exceeded (stopped inside one step)", t);
    stop.time_len = stop_message(stop.time_msg, sizeof stop.time_msg, file, what);
    snprintf(what, sizeof what, "memory limit of %u MiB reached (--max-memory)",
             memory_limit(c));
    stop.mem_len = stop_message(stop.mem_msg, sizeof stop.mem_msg, file, what);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    if (fs_capture_start(&stop.cap, NULL) == 0 && stop.cap.mem >= 0) {
        sa.sa_handler = abort_handler;
        sigaction(SIGABRT, &sa, NULL);
        sigaction(SIGTRAP, &sa, NULL);
    }
    if (t) {
        sa.sa_handler = hard_stop_handler;
        sigaction(SIGALRM, &sa, NULL);
        alarm(hard_stop_after(t));
    }
    int rc = fs_document_load(file, &c->doc, d, e);
    if (t)
        alarm(0);
    signal(SIGABRT, SIG_DFL);
    signal(SIGTRAP, SIG_DFL);
    if (stop.cap.saved >= 0) { /* standard error back, then what it held */
        fflush(stderr);
        dup2(stop.cap.saved, STDERR_FILENO);
        close(stop.cap.saved);
        stop.cap.saved = -1;
    }
    library_notes(c, file);
    fs_capture_close(&stop.cap);
    if (rc == FS_E_NOMEM && fs_memlimit_applies())
        fs_error_set(e, FS_E_NOMEM, "memory limit of %u MiB reached (--max-memory)",
                     memory_limit(c));
    return rc;
}

/* Prints a warning for recoverable oddities of an input: bytes replaced
 * while decoding, numbers that could not be read exactly (the first three
 * with their place, then how many more). */
static void input_warnings(const cli *c, const fs_document *d)
{
    if (d->raw->replacements)
        note(c, D_WARNING, d->path, 0, 0, "%zu invalid byte sequence%s replaced by U+FFFD (%s)",
             d->raw->replacements, d->raw->replacements == 1 ? "" : "s", d->raw->encoding);
    const fs_figures *f = d->figures;
    for (size_t i = 0; f && i < f->nunread && i < 3; i++) {
        const fs_unread *u = &f->unread[i];
        size_t n = u->end - u->start;
        while (n > 60)
            n--;
        while (n < u->end - u->start && n > 0 &&
               ((unsigned char)d->text->s[u->start + n] & 0xC0) == 0x80)
            n--; /* cut at a character boundary */
        note(c, D_WARNING, d->path, u->page, u->line, "number left out (%s): \"%.*s%s\"",
             u->reason, (int)n, d->text->s + u->start, n < u->end - u->start ? "…" : "");
    }
    if (f && f->nunread > 3)
        note(c, D_WARNING, d->path, 0, 0, "%zu more numbers left out", f->nunread - 3);
    /* nothing read is not "clean": say so */
    if (f && f->n == 0)
        note(c, D_WARNING, d->path, 0, 0, "no figures found (%s)",
             d->text && d->text->len > 0 ? "no amount is stated in a form fiscan reads"
                                         : "no text: a scanned or image-only document?");
}

/* `fiscan text`: the raw lines, the normalised text or the outline. */
static int cmd_text_one(const cli *c, const fs_document *d)
{
    if (c->raw) {
        for (size_t p = 0; p < d->raw->npages; p++) {
            const fs_rawpage *pg = &d->raw->pages[p];
            for (size_t l = 0; l < pg->nlines; l++) {
                if (c->positions)
                    printf("%zu:%zu\t", p + 1, l + 1);
                fwrite(pg->lines[l].text, 1, pg->lines[l].len, stdout);
                putchar('\n');
            }
            if (p + 1 < d->raw->npages && !c->positions)
                putchar('\f');
        }
        return 0;
    }
    if (c->outline) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "source", fs_json_source(d));
        cJSON_AddItemToObject(o, "outline", fs_json_outline(d->outline, d->text));
        char *s = cJSON_Print(o);
        cJSON_Delete(o);
        if (!s)
            return -1;
        puts(s);
        free(s);
        return 0;
    }
    const fs_text *t = d->text;
    size_t i = 0;
    while (i < t->len) {
        const char *nl = memchr(t->s + i, '\n', t->len - i);
        size_t end = nl ? (size_t)(nl - t->s) : t->len;
        if (c->positions) {
            fs_srcpos p = fs_text_pos(t, i);
            printf("%u:%u\t", (unsigned)p.page, (unsigned)p.line);
        }
        fwrite(t->s + i, 1, end - i, stdout);
        putchar('\n');
        i = end + 1;
    }
    return 0;
}

/* What a command does with one loaded document: returns 0, 1 when the
 * document has findings of severity error, or -1 when the output could not
 * be made (out of memory). */
typedef int (*doc_fn)(cli *c, const fs_document *d, int index);

/* Runs every file of the command line through the pipeline up to
 * c->doc.stage and hands each loaded document to fn; a file that cannot be
 * processed is named on stderr and the others go on.  Returns the exit
 * status: 2 when a file failed (or stdout could not be written), else 1
 * when fn reported findings, else 0. */
static int each_document(cli *c, doc_fn fn)
{
    int trouble = 0, findings = 0;
    fs_error le;
    fs_error_clear(&le);
    if (fs_memlimit_set(memory_limit(c), &le)) { /* --max-memory, as a batch worker */
        diag(c, NULL, "%s", le.msg);
        return EXIT_TROUBLE;
    }
    for (int i = 0; i < c->nfiles; i++) {
        fs_document *d = NULL;
        fs_error e;
        fs_error_clear(&e);
        if (load_document(c, c->files[i], &d, &e)) {
            diag(c, c->files[i], "%s", e.msg);
            trouble = 1;
            continue;
        }
        input_warnings(c, d);
        note(c, D_VERBOSE, c->files[i], 0, 0, "%s, %zu page%s, %zu figure%s",
             d->raw ? d->raw->format : "?", d->raw ? d->raw->npages : 0,
             d->raw && d->raw->npages == 1 ? "" : "s", d->figures ? d->figures->n : 0,
             d->figures && d->figures->n == 1 ? "" : "s");
        int r = fn(c, d, i);
        if (r < 0) {
            diag(c, c->files[i], "out of memory");
            trouble = 1;
        }
        findings |= r > 0;
        fs_document_free(d);
    }
    if (c->json_array) /* one JSON document, even when no file could be read */
        fputs(c->nrecords ? "\n]\n" : "[]\n", stdout);
    if (fflush(stdout) || ferror(stdout)) {
        diag(c, NULL, "error writing standard output: %s", strerror(errno));
        trouble = 1;
    }
    return trouble ? EXIT_TROUBLE : findings ? EXIT_FINDINGS : EXIT_CLEAN;
}

static int text_doc(cli *c, const fs_document *d, int i)
{
    if (c->nfiles > 1) {
        char *disp = fs_name_display(c->files[i]);
        printf("%s==> %s <==\n", i ? "\n" : "", disp ? disp : "?");
        free(disp);
    }
    return cmd_text_one(c, d) ? -1 : 0;
}

static int cmd_text(cli *c)
{
    c->doc.stage = c->raw ? FS_STAGE_RAW : c->outline ? FS_STAGE_OUTLINE : FS_STAGE_TEXT;
    return each_document(c, text_doc);
}

/* Loads the built-in patterns and those of --patterns DIR into c->patterns.
 * Returns 0, or prints a diagnostic and returns -1. */
static int load_patterns(cli *c)
{
    fs_error e;
    fs_error_clear(&e);
    if (fs_patterns_load_default(&c->patterns, &e)) {
        diag(c, NULL, "built-in patterns: %s", e.msg);
        return -1;
    }
    if (c->patterns_dir) {
        fs_pattern_stats st;
        memset(&st, 0, sizeof st);
        if (fs_patterns_add_dir(c->patterns, c->patterns_dir, &st, &e)) {
            diag(c, NULL, "%s", e.msg); /* the message names the pattern file and line */
            return -1;
        }
        if (st.files == 0)
            note(c, D_WARNING, c->patterns_dir, 0, 0, "no *.pat files in this directory");
        if (st.empty_files)
            note(c, D_WARNING, st.first_empty, 0, 0, "defines no pattern%s",
                 st.empty_files > 1 ? " (nor do other files of the directory)" : "");
    }
    return 0;
}

/* Prints one JSON record s on stdout: alone on its line(s), or, under
 * --format json with several files, as the next element of the array
 * that each_document opens and closes. */
static void print_record(cli *c, const char *s)
{
    if (c->json_array)
        fputs(c->nrecords ? ",\n" : "[\n", stdout);
    fputs(s, stdout);
    if (!c->json_array)
        putchar('\n');
    c->nrecords++;
}

/* `fiscan extract`, one document: its JSON record, or its CSV rows. */
static int extract_doc(cli *c, const fs_document *d, int i)
{
    (void)i;
    const char *format = c->format ? c->format : c->nfiles > 1 ? "jsonl" : "json";
    int csv = strcmp(format, "csv") == 0, pretty = strcmp(format, "json") == 0;
    cJSON *rec = fs_json_document(d);
    char *s = NULL;
    fs_buf rows = FS_BUF_INIT;
    if (rec && csv) {
        if (fs_csv_figures_rows(rec, &rows) == 0)
            s = fs_buf_steal(&rows);
    } else if (rec) {
        s = pretty ? cJSON_Print(rec) : cJSON_PrintUnformatted(rec);
    }
    if (s && csv)
        fputs(s, stdout);
    else if (s)
        print_record(c, s);
    int rc = s ? 0 : -1;
    free(s);
    fs_buf_free(&rows);
    cJSON_Delete(rec);
    return rc;
}

/* `fiscan extract`: one JSON record per document, or CSV rows per figure. */
static int cmd_extract(cli *c)
{
    if (load_patterns(c))
        return EXIT_TROUBLE;
    c->doc.stage = FS_STAGE_FIGURES;
    c->doc.patterns = c->patterns;
    if (c->format && strcmp(c->format, "csv") == 0) {
        fs_buf h = FS_BUF_INIT;
        fs_buf_puts(&h, "\xEF\xBB\xBF"); /* BOM: Excel then reads the file as UTF-8 */
        fs_csv_figures_header(&h);
        fwrite(h.s, 1, h.len, stdout);
        fs_buf_free(&h);
    }
    int st = each_document(c, extract_doc);
    /* extract reports figures, not findings: only trouble changes its status */
    return st == EXIT_TROUBLE ? EXIT_TROUBLE : EXIT_CLEAN;
}

/* `fiscan tables`, one document: its tables as CSV blocks or a JSON record
 * {source, tables}. */
static int tables_doc(cli *c, const fs_document *d, int i)
{
    (void)i;
    const char *format = c->format ? c->format : "csv";
    if (strcmp(format, "csv") == 0) {
        fs_buf b = FS_BUF_INIT;
        int rc = fs_csv_tables(&b, d->path, d->tables);
        if (!rc && b.len)
            fwrite(b.s, 1, b.len, stdout);
        fs_buf_free(&b);
        return rc ? -1 : 0;
    }
    cJSON *rec = cJSON_CreateObject();
    if (rec) {
        cJSON_AddItemToObject(rec, "source", fs_json_source(d));
        cJSON_AddItemToObject(rec, "tables", fs_json_tables(d->tables));
    }
    char *s = rec ? (strcmp(format, "json") == 0 ? cJSON_Print(rec) : cJSON_PrintUnformatted(rec))
                  : NULL;
    if (s)
        puts(s);
    free(s);
    cJSON_Delete(rec);
    return s ? 0 : -1;
}

/* `fiscan tables`: every table of each file. */
static int cmd_tables(cli *c)
{
    c->doc.stage = FS_STAGE_RAW;
    c->doc.tables = 1;
    if (!c->format || strcmp(c->format, "csv") == 0)
        fwrite("\xEF\xBB\xBF", 1, 3, stdout); /* BOM: Excel reads UTF-8 */
    int st = each_document(c, tables_doc);
    return st == EXIT_TROUBLE ? EXIT_TROUBLE : EXIT_CLEAN;
}

/* Prints the table cells of finding x: the total's row, then its parts'
 * cells added up ("    85 | t32 210 卫生健康支出 合计 11,646 ≠ 368 + …"). */
static void print_cells(const fs_document *d, const fs_finding *x)
{
    if (!x->ncells || !d->tables || x->cells[0].table >= d->tables->n)
        return;
    const fs_table *t = &d->tables->v[x->cells[0].table];
    const fs_trow *w = &t->rows[x->cells[0].row];
    printf("    %u | t%u %s%s%s › %s: %s =? ", (unsigned)x->cells[0].page,
           (unsigned)x->cells[0].table + 1, w->code, *w->code ? " " : "", w->name,
           t->columns[x->cells[0].col], x->cells[0].text);
    for (size_t k = 1; k < x->ncells; k++)
        printf("%s%s", k > 1 ? " + " : "", *x->cells[k].text ? x->cells[k].text : "0");
    printf("\n");
}

/* Prints the findings of one document as compiler-style diagnostics:
 * "FILE:PAGE:LINE: error: [check] message", the quoted sentence and the
 * recomputation; then a summary line.  Returns the number of errors. */
static size_t print_findings(const cli *c, const fs_document *d)
{
    const fs_check_result *r = d->checks;
    const fs_figures *f = d->figures;
    char *disp = fs_name_display(d->path); /* one line, valid UTF-8 (names.h) */
    const char *name = disp ? disp : "?";
    for (size_t i = 0; i < r->nfindings; i++) {
        const fs_finding *x = &r->findings[i];
        if (c->errors_only && x->severity != FS_SEV_ERROR)
            continue;
        uint32_t page = x->nfigures ? x->figures[0].page : x->ncells ? x->cells[0].page : 0;
        uint32_t line = x->nfigures ? x->figures[0].line : 0;
        const char *on = !c->color_out ? ""
                         : x->severity == FS_SEV_ERROR ? "\033[1;31m" : "\033[1;35m";
        printf("%s%s:%u:%u:%s %s%s:%s [%s] %s\n", c->color_out ? "\033[1m" : "", name,
               (unsigned)page, (unsigned)line, c->color_out ? "\033[0m" : "", on,
               fs_severity_name(x->severity), c->color_out ? "\033[0m" : "",
               fs_check_name(x->check), x->message ? x->message : "");
        /* first the sentence that prints the stated number, then those of
         * the figures it is computed from */
        size_t sa = 0, sb = 0;
        if (x->stated.end > x->stated.start && x->stated.end <= d->text->len) {
            fs_text_sentence(d->text, x->stated.start, &sa, &sb);
            fs_srcpos sp = fs_text_pos(d->text, x->stated.start);
            printf("    %u:%u | %.*s\n", (unsigned)sp.page, (unsigned)sp.line, (int)(sb - sa),
                   d->text->s + sa);
        }
        for (size_t j = 0; j < x->nfigures; j++) {
            int fi = x->figures[j].figure;
            if (fi < 0 || (size_t)fi >= f->n)
                continue;
            int dup = 0; /* several figures of one sentence: quote it once */
            for (size_t k = 0; k < j; k++) {
                int fk = x->figures[k].figure;
                dup |= fk >= 0 && f->v[fk].quote_start == f->v[fi].quote_start;
            }
            /* the stated number's sentence is quoted already */
            dup |= sb > sa && f->v[fi].quote_start >= sa && f->v[fi].quote_end <= sb;
            if (dup)
                continue;
            const fs_figure *g = &f->v[fi];
            printf("    %u:%u | %.*s\n", (unsigned)g->page, (unsigned)g->line,
                   (int)(g->quote_end - g->quote_start), d->text->s + g->quote_start);
        }
        print_cells(d, x);
        if (x->expected.present)
            printf("    = %s%s … %s%s (stated %s)\n", x->expected.low_open ? "(" : "[",
                   x->expected.low, x->expected.high, x->expected.high_open ? ")" : "]",
                   x->stated.text);
    }
    const fs_check_summary *sm = &r->summary;
    if (f->n == 0) {
        printf("%s: no figures found; nothing checked\n", name);
        free(disp);
        return 0;
    }
    printf("%s: %zu error%s, %zu warning%s%s; %zu relation%s checked, %zu skipped\n", name,
           sm->errors, sm->errors == 1 ? "" : "s", sm->warnings, sm->warnings == 1 ? "" : "s",
           c->errors_only && sm->warnings ? " (hidden)" : "", sm->checked,
           sm->checked == 1 ? "" : "s", sm->skipped);
    free(disp);
    return sm->errors;
}

/* `fiscan check`, one document: diagnostics, or its JSON record. */
static int check_doc(cli *c, const fs_document *d, int i)
{
    (void)i;
    const char *format = c->format ? c->format : "text";
    int findings = d->checks->summary.errors > 0;
    if (strcmp(format, "text") == 0) {
        print_findings(c, d);
        return findings;
    }
    cJSON *rec = fs_json_document(d);
    if (rec && c->errors_only) { /* drop warnings from the record too */
        cJSON *arr = cJSON_GetObjectItemCaseSensitive(rec, "findings");
        for (int k = cJSON_GetArraySize(arr) - 1; k >= 0; k--) {
            cJSON *sev = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(arr, k), "severity");
            if (cJSON_IsString(sev) && strcmp(sev->valuestring, "error") != 0)
                cJSON_DeleteItemFromArray(arr, k);
        }
    }
    char *s = rec ? (strcmp(format, "json") == 0 ? cJSON_Print(rec) : cJSON_PrintUnformatted(rec))
                  : NULL;
    int rc = s ? findings : -1;
    if (s)
        print_record(c, s);
    free(s);
    cJSON_Delete(rec);
    return rc;
}

/* `fiscan check`: diagnostics, or the JSON record with its findings. */
static int cmd_check(cli *c)
{
    if (load_patterns(c))
        return EXIT_TROUBLE;
    c->doc.stage = FS_STAGE_CHECKS;
    c->doc.patterns = c->patterns;
    return each_document(c, check_doc);
}

/* What the batch callbacks need: the command line and whether standard
 * error is a terminal (the progress line is then rewritten in place). */
typedef struct batch_ui {
    const cli *c;
    int tty;
} batch_ui;

/* Progress on a terminal: one line rewritten in place. */
static void batch_progress(const fs_batch_summary *s, int final, void *ud)
{
    (void)ud;
    char line[256];
    if (final) {
        fputs("\r\033[K", stderr);
        return;
    }
    fs_batch_progress_text(s, line, sizeof line);
    fprintf(stderr, "\r\033[K%s", line);
}

/* One failed document: "fiscan: FILE: reason". */
static void batch_failure(const char *path, const char *reason, void *ud)
{
    const batch_ui *ui = ud;
    if (ui->tty && !ui->c->quiet)
        fputs("\r\033[K", stderr);
    diag(ui->c, path, "%s", reason);
}

/* The exit status of a completed batch under --fail-on (docs/scaling.md),
 * over the whole output, what a --resume found there included: error (the
 * default) 2 when an input failed, else 1 when findings of severity error
 * were written, else 0; failure 2 when an input failed, else 0; none 0. */
static int batch_status(const cli *c, const fs_batch_summary *sum)
{
    size_t failed = sum->failed + sum->prior_failed, errors = sum->errors + sum->prior_errors;
    switch (c->fail_on) {
    case FAIL_ON_NONE: return EXIT_CLEAN;
    case FAIL_ON_FAILURE: return failed ? EXIT_TROUBLE : EXIT_CLEAN;
    default: return failed ? EXIT_TROUBLE : errors ? EXIT_FINDINGS : EXIT_CLEAN;
    }
}

/* `fiscan batch INPUT... -o OUT`: the exit status of batch_status, or 2
 * when the run could not be made. */
static int cmd_batch(cli *c)
{
    if (load_patterns(c))
        return EXIT_TROUBLE;
    batch_ui ui = {c, isatty(STDERR_FILENO)};
    fs_batch_opts o = c->batch;
    fs_error e;
    fs_error_clear(&e);
    o.inputs = c->files;
    o.ninputs = (size_t)c->nfiles;
    o.doc = c->doc;
    o.doc.stage = FS_STAGE_CHECKS;
    o.doc.patterns = c->patterns;
    o.on_progress = ui.tty && !c->quiet ? batch_progress : NULL;
    o.on_failure = batch_failure;
    o.ud = &ui;
    note(c, D_VERBOSE, NULL, 0, 0, "batch: %d input argument%s into %s", c->nfiles,
         c->nfiles == 1 ? "" : "s", strcmp(o.out, "-") == 0 ? "standard output" : o.out);
    fs_batch_summary sum;
    if (fs_batch_run(&o, &sum, &e)) {
        /* the message of a list that cannot be read names the list */
        if (sum.error_input)
            diag(c, NULL, "%s", e.msg);
        else
            diag(c, strcmp(o.out, "-") == 0 ? NULL : o.out, "%s", e.msg);
        return EXIT_TROUBLE;
    }
    char line[512];
    fs_batch_summary_text(&sum, line, sizeof line);
    note(c, D_INFO, NULL, 0, 0, "%s", line);
    return batch_status(c, &sum);
}

/* `fiscan merge OUT IN...`: SQLite batch outputs into one. */
static int cmd_merge(cli *c)
{
    fs_error e;
    fs_error_clear(&e);
    size_t ndocs = 0;
    if (fs_merge_run(c->files[0], c->files + 1, (size_t)(c->nfiles - 1), &ndocs, &e)) {
        diag(c, c->files[0], "%s", e.msg);
        return EXIT_TROUBLE;
    }
    note(c, D_INFO, c->files[0], 0, 0, "%zu documents", ndocs);
    return EXIT_CLEAN;
}

int main(int argc, char **argv)
{
    cli c;
    memset(&c, 0, sizeof c);
    c.doc.checks = fs_check_opts_default();
    c.files = calloc((size_t)argc + 1, sizeof *c.files);
    if (!c.files) {
        diag(NULL, NULL, "out of memory");
        return EXIT_TROUBLE;
    }
    /* A write past RLIMIT_FSIZE (ulimit -f) fails with EFBIG, reported as
     * any write error, rather than killing the process without a word. */
    signal(SIGXFSZ, SIG_IGN);
    int rc = parse_args(argc, argv, &c);
    /* --color auto: colour only on a terminal, and not when NO_COLOR is set
     * to anything but "" (https://no-color.org); always and never as said */
    const char *nc = getenv("NO_COLOR");
    int color_ok = !c.color || strcmp(c.color, "auto") == 0 ? !(nc && *nc)
                                                             : strcmp(c.color, "always") == 0;
    int forced = c.color && strcmp(c.color, "always") == 0;
    c.color_err = color_ok && (forced || isatty(STDERR_FILENO));
    c.color_out = color_ok && (forced || isatty(STDOUT_FILENO));
    int status;
    if (rc)
        status = rc < 0 ? EXIT_TROUBLE : EXIT_CLEAN;
    else if (strcmp(c.command, "text") == 0)
        status = cmd_text(&c);
    else if (strcmp(c.command, "check") == 0)
        status = cmd_check(&c);
    else if (strcmp(c.command, "tables") == 0)
        status = cmd_tables(&c);
    else if (strcmp(c.command, "batch") == 0)
        status = cmd_batch(&c);
    else if (strcmp(c.command, "merge") == 0)
        status = cmd_merge(&c);
    else
        status = cmd_extract(&c);
    fs_patterns_free(c.patterns);
    free(c.files);
    return status;
}
