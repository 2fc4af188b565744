/* batch.h — many documents at once, each in an isolated worker process.
 *
 * fs_batch_run expands the inputs (files, directories walked recursively,
 * @LIST files of paths, @- for standard input), de-duplicates them by the
 * SHA-256 of their bytes, and runs the per-document pipeline
 * (fs_document_load up to FS_STAGE_CHECKS, then fs_json_document — exactly
 * what `fiscan check --format jsonl` does) in a forked child per document,
 * at most `jobs` at a time.  The child sends the JSON record back through a
 * pipe; the parent alone writes the output (SQLite, JSONL or CSV), one
 * document per transaction, so a run killed at any moment loses only the
 * documents in flight and --resume goes on from there.
 *
 * Each child runs under a time limit (the parent sends SIGKILL past it; the
 * child's own alarm and RLIMIT_CPU stop it a little later should the parent
 * not; it dies with the parent through PR_SET_PDEATHSIG) and
 * an address-space limit (setrlimit RLIMIT_AS; not applied in builds with
 * AddressSanitizer, whose shadow memory needs terabytes of address space).
 * A child that dies by a signal, times out or runs out of memory, and a
 * document the pipeline refuses (encrypted, damaged), is recorded as a
 * failure with its reason, and the batch goes on.
 *
 * Test hooks (environment of the run, read by the child): FISCAN_TEST_HANG_ON
 * =NAME makes the worker of the file whose base name is NAME sleep forever
 * (to exercise the time limit), FISCAN_TEST_CRASH_ON=NAME makes it raise
 * SIGSEGV, FISCAN_TEST_ABORT_ON=NAME makes it write FISCAN_TEST_ABORT_SAYS on
 * its standard error and abort (as poppler does when an allocation fails).
 * They are for the test suite only.
 *
 * Directory walking: regular files and symbolic links to regular files, in
 * byte order of names; names starting with '.' are not visited.  Every name
 * met is accounted for: a walked name that is not a document (neither PDF
 * nor text, a FIFO or device, a link to a directory, a directory deeper than
 * 64 levels) is recorded as skipped with its reason (kind "skipped" among
 * the failures, not counted as one); a directory that cannot be read, and
 * a non-regular file named explicitly or in a list, are failures.  The
 * output's own files are never inputs.  The parent reads each input once
 * (hash and a copy in memory) and the worker reads that copy, so a record
 * is always stored under the hash of the bytes it was made from. */
#ifndef FISCAN_BATCH_H
#define FISCAN_BATCH_H

#include "document.h"
#include "error.h"

#include <stddef.h>

typedef enum fs_batch_format {
    FS_BATCH_AUTO = 0,   /* from the extension of out: .jsonl/.ndjson, else SQLite;
                          * an existing directory or a name ending in '/' is CSV */
    FS_BATCH_SQLITE,
    FS_BATCH_JSONL,
    FS_BATCH_CSV         /* out is a directory: figures.csv, findings.csv, failures.csv */
} fs_batch_format;

/* Counters of a run, also handed to the progress callback. */
typedef struct fs_batch_summary {
    size_t total;        /* inputs after expansion and sharding */
    size_t done;         /* inputs finished (processed, failed, duplicate, resumed, skipped) */
    size_t processed;    /* documents run through the pipeline and written */
    size_t failed;       /* inputs recorded as failures */
    size_t duplicates;   /* inputs whose bytes were already processed under another name */
    size_t resumed;      /* inputs skipped because --resume found them done */
    size_t skipped;      /* names that are not documents, recorded with the reason:
                          * walked files neither PDF nor text, walked FIFOs and
                          * devices, directories deeper than the walk goes */
    size_t figures;      /* figures written */
    size_t findings;     /* findings written */
    size_t errors;       /* of them, of severity error */
    double seconds;      /* wall time so far */
    size_t prior_failed; /* --resume: failures the output held before this run */
    size_t prior_errors; /* --resume: error findings the output held before this run */
    const char *error_input; /* when the run fails reading an @LIST: that argument
                              * (one of opts.inputs), else NULL (the output) */
} fs_batch_summary;

/* Called by fs_batch_run from the parent process: on_progress at most about
 * twice a second and once more at the end (final = 1); on_failure once per
 * failed input, with the reason (no file name in it). */
typedef void (*fs_batch_progress_cb)(const fs_batch_summary *s, int final, void *ud);
typedef void (*fs_batch_failure_cb)(const char *path, const char *reason, void *ud);

typedef struct fs_batch_opts {
    char *const *inputs;   /* files, directories, @LIST, @- */
    size_t ninputs;
    const char *out;       /* output path (a directory for CSV) */
    fs_batch_format format;
    unsigned jobs;         /* worker processes; 0 = number of online CPUs */
    unsigned timeout_s;    /* per document; 0 = 120 */
    unsigned max_memory_mib; /* per worker; 0 = 2048 */
    int resume;            /* go on with an existing output */
    unsigned shard_k, shard_n; /* take share K (1..N) of N; shard_n 0 = all */
    fs_document_opts doc;  /* input and check options, patterns (shared, read-only);
                            * stage 0 means FS_STAGE_CHECKS */
    fs_batch_progress_cb on_progress; /* may be NULL */
    fs_batch_failure_cb on_failure;   /* may be NULL */
    void *ud;
} fs_batch_opts;

/* Runs the batch.  Returns 0 when the run completed (even with failed
 * documents: see sum->failed), or a negative FS_E* code with e filled when
 * it could not start or the output could not be written (FS_E_USAGE for bad
 * options or an output that exists without resume, FS_E_IO).  While the
 * output is open SIGINT, SIGTERM and SIGHUP are blocked and read between
 * documents: one stops the run (workers killed, nothing recorded for them,
 * output closed) with FS_E_IO "interrupted (SIGINT): run again with
 * --resume".  The output's files deleted or replaced meanwhile stop it
 * with FS_E_IO too. */
int fs_batch_run(const fs_batch_opts *o, fs_batch_summary *sum, fs_error *e);

/* Parses "K/N" (1 <= K <= N) for --shard.  Returns 0 or FS_E_USAGE. */
int fs_batch_parse_shard(const char *s, unsigned *k, unsigned *n, fs_error *e);

/* Whether path falls in share k (1..n) of n: FNV-1a 64 of the path bytes,
 * modulo n, equals k - 1.  Depends only on the path as written. */
int fs_batch_in_shard(const char *path, unsigned k, unsigned n);

/* Formats the progress line "done/total  x.x docs/s  ETA mm:ss  N failed"
 * into buf (always NUL-terminated). */
void fs_batch_progress_text(const fs_batch_summary *s, char *buf, size_t n);

/* Formats the final summary "N processed, N failed, ... in x.x s". */
void fs_batch_summary_text(const fs_batch_summary *s, char *buf, size_t n);

/* `fiscan merge OUT IN...`: copies every document, path and failure of the
 * SQLite files in[] into out (created when missing; a missing or foreign
 * input is an error, and neither it nor out is created).  A document already in
 * out (same sha256) is kept as is; its paths are added.  Returns 0 or a
 * negative FS_E* code with e filled; *ndocs (may be NULL) receives the
 * number of documents out holds at the end. */
int fs_merge_run(const char *out, char *const *in, size_t nin, size_t *ndocs, fs_error *e);

#endif
