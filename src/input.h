/* input.h — reading a document from a path or stdin, whatever its format.
 *
 * The format is told by content, not by the file name: "%PDF-" within the
 * first 1024 bytes is a PDF; anything else that decodes as text is text.
 * Known binary signatures (PNG, JPEG, ZIP, OLE ...) and buffers whose first
 * 4 KiB are more than a tenth NUL / control bytes are neither.  One use of
 * the name: a path ending in .pdf must hold a PDF, so an image or a web
 * error page saved under a .pdf name is refused ("not a PDF file (starts
 * with ...)") rather than read as text.  An empty input is refused with
 * "empty file".  Everything after this stage sees only an fs_rawdoc. */
#ifndef FISCAN_INPUT_H
#define FISCAN_INPUT_H

#include "error.h"
#include "rawdoc.h"

#include <stddef.h>
#include <stdint.h>

typedef enum fs_format { FS_FMT_UNKNOWN = 0, FS_FMT_PDF, FS_FMT_TEXT } fs_format;

typedef struct fs_input_opts {
    const char *password;  /* PDF password to try after the empty one; may be NULL */
    size_t max_bytes;      /* refuse larger inputs; 0 = FS_DEFAULT_MAX_BYTES */
    uint32_t max_pages;    /* refuse PDFs with more pages; 0 = FS_DEFAULT_MAX_PAGES */
    unsigned timeout_s;    /* time limit per document in seconds, for messages; 0 = none */
    uint64_t deadline_ns;  /* fs_input_now_ns() value at which work stops; 0 = none.
                            * fs_document_load sets it from timeout_s; the PDF reader
                            * checks it between pages, the pipeline between stages. */
} fs_input_opts;

#define FS_DEFAULT_MAX_BYTES ((size_t)512 * 1024 * 1024)
#define FS_DEFAULT_MAX_PAGES 20000u
#define FS_DEFAULT_TIMEOUT_S 120u

/* Monotonic clock in nanoseconds (CLOCK_MONOTONIC), for deadlines. */
uint64_t fs_input_now_ns(void);

/* Tells whether o has a deadline and it has passed (o may be NULL). */
int fs_input_deadline_passed(const fs_input_opts *o);

/* Tells the format of a buffer from its first bytes (FS_FMT_UNKNOWN for
 * an empty buffer or binary data). */
fs_format fs_input_sniff(const unsigned char *p, size_t n);

/* Reads the whole of path ("-" for standard input) into a malloc'd buffer
 * the caller frees.  max_bytes 0 means FS_DEFAULT_MAX_BYTES.  Returns 0 or
 * FS_E_IO ("cannot open: <strerror>"), FS_E_LIMIT, FS_E_NOMEM or
 * FS_E_USAGE (empty path) with a message. */
int fs_input_read_all(const char *path, size_t max_bytes, unsigned char **data, size_t *len,
                      fs_error *e);

/* Decodes a buffer already in memory into *out (caller frees with
 * fs_rawdoc_free).  Returns 0 or a negative FS_E* code with a message. */
int fs_input_load_buffer(const unsigned char *data, size_t len, const fs_input_opts *o,
                         fs_rawdoc **out, fs_error *e);

/* The file-name rule on its own, for callers that read the bytes
 * themselves: returns FS_E_FORMAT "not a PDF file (starts with ...)" when
 * path ends in .pdf (any case) and data is not a PDF, else 0.  An empty
 * buffer passes (fs_input_load_buffer reports it). */
int fs_input_check_name(const char *path, const unsigned char *data, size_t len, fs_error *e);

/* fs_input_read_all, fs_input_check_name, then fs_input_load_buffer. */
int fs_input_load(const char *path, const fs_input_opts *o, fs_rawdoc **out, fs_error *e);

#endif
