/* json_out.h — fiscan's records as cJSON trees.
 *
 * The only module (with batch output later) that includes cJSON.  Every
 * function returns a new tree the caller owns and frees with cJSON_Delete,
 * or NULL on allocation failure.  Offsets in JSON are counted in Unicode
 * code points of the normalised text, so they slice a Python/R/JS string
 * directly. */
#ifndef FISCAN_JSON_OUT_H
#define FISCAN_JSON_OUT_H

#include "document.h"
#include "figures.h"

#include <cjson/cJSON.h>
#include <stddef.h>

/* The outline as a tree: an array of top-level sections, each
 * {id, level, numbering, ordinal, heading, page, line, start, end, children}. */
cJSON *fs_json_outline(const fs_outline *o, const fs_text *t);

/* The source block: {path, path_hex (only for an escaped name), format,
 * encoding, pages, bytes, sha256}. */
cJSON *fs_json_source(const fs_document *d);

/* Sets o's "path" to the display form of the file name (names.h) and, when
 * that is an escaped form, "path_hex" to the raw bytes in hex; a "path_hex"
 * of another name is removed.  Returns 0 or FS_E_NOMEM. */
int fs_json_set_path(cJSON *o, const char *name);

/* One figure record (docs/json.md): {id, kind, subject, period, value,
 * change, prior, share, parent, section, page, line, quote, ...}; f is the
 * set it belongs to (for ids of linked figures), t the text it was found in
 * and o the outline (may be NULL). */
cJSON *fs_json_figure(const fs_figures *f, size_t i, const fs_text *t, const fs_outline *o);

/* An amount {number, text, unit, decimals, base, approximate}. */
cJSON *fs_json_amount(const fs_amount *a, const fs_text *t);

/* The document block: {title, organisation, year, kind}. */
cJSON *fs_json_docinfo(const fs_docinfo *info);

/* The findings of r as an array of {id, check, severity, figures, stated,
 * expected, message, locations, marks}; an empty array when r is NULL.  raw
 * (may be NULL) gives the boxes of the marks on their pages. */
cJSON *fs_json_findings(const fs_check_result *r, const fs_figures *f, const fs_text *t,
                        const fs_rawdoc *raw);

/* The relations r did not check: [{check, figures, reason}]. */
cJSON *fs_json_skipped(const fs_check_result *r, const fs_figures *f);

/* The whole record of a document: {source, document, outline, figures,
 * findings, skipped}; the parts its stage did not reach are empty. */
cJSON *fs_json_document(const fs_document *d);

/* Follows a dotted path ("change.amount.text") from o; NULL when a step is
 * missing or null.  The result belongs to o. */
const cJSON *fs_json_lookup(const cJSON *o, const char *path);

/* Number of code points in s[0..off). */
size_t fs_json_char_offset(const char *s, size_t off);

#endif
