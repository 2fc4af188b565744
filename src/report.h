/* report.h — the HTML report: one self-contained page per document record
 * and an index of them (`fiscan report`).
 *
 * A page is built from a document record (json_out.h: the same object
 * `fiscan check --format json` prints, or the `record` column of a batch
 * database) and, for a PDF still at hand, images of the page regions that
 * hold each finding's numbers (render.h).  Nothing is loaded from outside
 * the page: styles, script and images (PNG as data: URIs) are inline, so a
 * page opens from disk and can be sent as one file.  Every text taken from
 * a record or a file name is HTML-escaped. */
#ifndef FISCAN_REPORT_H
#define FISCAN_REPORT_H

#include "buf.h"
#include "error.h"
#include "render.h"

#include <cjson/cJSON.h>
#include <stddef.h>

/* One line of the index: a document's page, or a document that gave none. */
typedef struct fs_report_doc {
    char *name;        /* display name of the source (names.h), owned */
    char *href;        /* its page's file name in the output directory, owned;
                          NULL when the document could not be processed */
    char *title;       /* the title its text states, owned; may be NULL */
    char *failure;     /* why it could not be processed, owned; NULL when it was */
    char *image_note;  /* why its page has no images, owned; NULL when it has */
    size_t errors, warnings, figures, checked, skipped;
    size_t bytes;      /* size of its page */
} fs_report_doc;

/* Where the images of a page come from. */
typedef struct fs_report_images {
    fs_render *pdf;           /* the PDF the record was made from; NULL: none */
    const char *unavailable;  /* when pdf is NULL: why (shown on the page) */
    const char *pdf_href;     /* URL of the PDF for the 第N页 links; may be NULL */
    double scale;             /* pixels per PDF point (0: the default, 2) */
} fs_report_images;

/* Appends to out the page of record rec (name: the display name of its
 * file) and fills doc's counts, title and name (doc's strings are owned by
 * doc; free with fs_report_doc_clear).  Returns 0, or FS_E_NOMEM /
 * FS_E_FORMAT (a record without its blocks) with e filled.  An image that
 * cannot be drawn is said so on the page, never left out silently. */
int fs_report_page(const cJSON *rec, const char *name, const fs_report_images *img,
                   fs_buf *out, fs_report_doc *doc, fs_error *e);

/* Appends to out the index of docs[0..n): the documents sorted by errors,
 * then warnings, failures and documents without figures marked as such.
 * Returns 0 or FS_E_NOMEM. */
int fs_report_index(const fs_report_doc *docs, size_t n, fs_buf *out, fs_error *e);

/* Frees the strings of doc and zeroes it. */
void fs_report_doc_clear(fs_report_doc *doc);

#endif
