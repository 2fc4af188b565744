/* report_out.h — the output directory of `fiscan report`: a page per
 * document, named after its file, and index.html when done.
 *
 * main.c (for FILE inputs) and report_db.c (for a batch database) hand each
 * document record or failure to an fs_report_out; it renders the images a
 * page needs (only for documents with findings, from the PDF the record was
 * made from, checked against the record's SHA-256) and writes the page. */
#ifndef FISCAN_REPORT_OUT_H
#define FISCAN_REPORT_OUT_H

#include "error.h"

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct fs_report_out fs_report_out;

typedef struct fs_report_totals {
    size_t documents, failures, errors, warnings, pages_bytes;
} fs_report_totals;

/* Creates directory dir (and its parents) unless it exists and prepares to
 * write into it; password (may be NULL) opens encrypted PDFs for images.
 * Returns 0 and *out (free with fs_report_out_free), or FS_E_IO / FS_E_NOMEM. */
int fs_report_out_open(const char *dir, const char *password, fs_report_out **out,
                       fs_error *e);

/* Writes the page of record rec.  name is the file's display form, pdf the
 * name to open it by (raw bytes; NULL when there is no PDF to draw from) and
 * no_pdf what the page says instead of images when pdf is NULL.  *note, when
 * not NULL, receives why images are missing (static or owned by o; NULL when
 * none are).  Returns 0, or a negative FS_E* code with e filled (the page
 * could not be written). */
int fs_report_out_document(fs_report_out *o, const cJSON *rec, const char *name,
                           const char *pdf, const char *no_pdf, const char **note,
                           fs_error *e);

/* Records a document that could not be processed, for the index. */
int fs_report_out_failure(fs_report_out *o, const char *name, const char *reason);

/* Writes index.html and fills *t.  Returns 0 or a negative FS_E* code. */
int fs_report_out_finish(fs_report_out *o, fs_report_totals *t, fs_error *e);

void fs_report_out_free(fs_report_out *o);

#endif
