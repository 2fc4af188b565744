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

#include <cjson/cJSON.h>
#include <stddef.h>

/* The outline as a tree: an array of top-level sections, each
 * {id, level, numbering, ordinal, heading, page, line, start, end, children}. */
cJSON *fs_json_outline(const fs_outline *o, const fs_text *t);

/* The source block: {path, format, encoding, pages, bytes, sha256}. */
cJSON *fs_json_source(const fs_document *d);

/* Number of code points in s[0..off). */
size_t fs_json_char_offset(const char *s, size_t off);

#endif
