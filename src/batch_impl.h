/* batch_impl.h — what batch.c shares with batch_inputs.c (finding and
 * reading the inputs) and batch_status.c (what an existing output holds).
 * Not an API: only the batch modules include it. */
#ifndef FISCAN_BATCH_IMPL_H
#define FISCAN_BATCH_IMPL_H

#include "batch.h"
#include "error.h"
#include "input.h"

#include <stddef.h>
#include <sys/types.h>

/* How an input was settled while the inputs were expanded, before any
 * reading: most are not (BATCH_OPEN) and go to a worker. */
enum { BATCH_OPEN = 0, BATCH_SKIP, BATCH_FAIL };

typedef struct batch_input {
    char *path;
    int walked;          /* found by walking a directory: junk is skipped, not failed */
    int settled;         /* BATCH_SKIP or BATCH_FAIL with reason, else BATCH_OPEN */
    char *reason;        /* owned; NULL for BATCH_OPEN */
} batch_input;

typedef struct batch_inputs {
    batch_input *v;
    size_t n, cap;
} batch_inputs;

/* Longest line of an @LIST file, and most lines: a list that breaks either
 * is refused (reading /dev/zero as a list must not grow the parent without
 * bound). */
#define BATCH_LIST_MAX_LINE 4096
#define BATCH_LIST_MAX_LINES ((size_t)16 * 1024 * 1024)

/* Deepest directory level walked: deeper directories are recorded as
 * skipped (bind-mount loops go on for ever). */
#define BATCH_MAX_DEPTH 64

/* The names the batch writes, so that they are never read as inputs (a
 * --resume whose output lies inside the input tree would read its own
 * .jsonl as a report).  A name is an output when it is one of names[] in
 * the directory whose identity is (dev, ino), or when it is the same file
 * as one that existed when the set was made. */
typedef struct batch_outputs {
    int have_dir;
    dev_t dev;
    ino_t ino;
    char *names[4];      /* owned; unused slots NULL */
    size_t nfiles;
    dev_t fdev[4];
    ino_t fino[4];
} batch_outputs;

/* Builds the set for output out written as format (not FS_BATCH_AUTO).
 * Returns 0 or FS_E_NOMEM; free with batch_outputs_free. */
int batch_outputs_init(batch_outputs *o, const char *out, fs_batch_format format, fs_error *e);
void batch_outputs_free(batch_outputs *o);

/* Expands one INPUT argument (a file, a directory walked recursively, or
 * @LIST / @-) into in.  An unreadable directory, a directory too deep, and
 * a file that is not a regular file are entries settled as failures or
 * skips, not errors of the run.  Returns 0, or FS_E_IO / FS_E_LIMIT /
 * FS_E_NOMEM with e filled when a list cannot be read (the run stops: a
 * list read in part would silently drop the rest). */
int batch_expand(batch_inputs *in, const char *arg, const batch_outputs *outs, fs_error *e);

/* Frees every entry and the array. */
void batch_inputs_free(batch_inputs *in);

/* The bytes of one input, read once by the parent: their hash and the
 * format sniffed from their start, kept in an anonymous memory file that
 * the worker reads, so that what is recorded under sha256 is made from
 * exactly these bytes whatever happens to the file meanwhile. */
typedef struct batch_snapshot {
    int fd;              /* the copy (memfd), at offset 0; -1 when none */
    char sha[65];
    fs_format fmt;
} batch_snapshot;

/* Reads path (a regular file; anything else is refused with "not a
 * regular file (a FIFO)" and the like, without blocking) into s.  Returns
 * 0 with s->fd owned by the caller (close it), or an FS_E* code with e
 * filled and s->fd == -1. */
int batch_snapshot_take(const char *path, size_t max_bytes, batch_snapshot *s, fs_error *e);

/* One complete line of an existing JSONL output (records, or the
 * .failures side file), as --resume reads it.  The strings live until the
 * callback returns. */
typedef struct batch_jsonl_line {
    const char *sha;     /* NULL for a failure of a file not read */
    const char *path;    /* the name as found (from path_hex when escaped) */
    const char *kind;    /* of a failure ("skipped" included); NULL for a record */
    const char *reason;  /* of a failure, may be NULL */
    size_t errors;       /* a record's findings of severity error */
    off_t off;           /* where the line starts in the file */
    size_t len;          /* its length, without the newline */
} batch_jsonl_line;

/* Called once per line; returns 0 or FS_E_NOMEM. */
typedef int (*batch_jsonl_cb)(const batch_jsonl_line *l, void *ud);

/* Reads the complete lines of the JSONL file path (failures: the side
 * file) and cuts a torn last line off.  A missing or empty file holds
 * nothing.  A line that is not one fiscan writes, or an end that does not
 * start like one, is refused with FS_E_USAGE before anything is cut, so
 * that --resume never cuts or appends to a file fiscan did not make.
 * Returns 0 or an FS_E* code with e filled. */
int batch_jsonl_read(const char *path, int failures, batch_jsonl_cb fn, void *ud, fs_error *e);

#endif
