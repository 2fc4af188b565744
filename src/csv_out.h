/* csv_out.h — figure records as CSV rows, for spreadsheets.
 *
 * RFC 4180 quoting, UTF-8; one row per figure with the nested JSON fields
 * flattened into columns (value.text → value_text).  The rows are made from
 * the JSON document record, so CSV and JSON can never disagree. */
#ifndef FISCAN_CSV_OUT_H
#define FISCAN_CSV_OUT_H

#include "buf.h"

#include <cjson/cJSON.h>

/* Appends the header line of the figures table to b.  Returns 0 or
 * FS_E_NOMEM. */
int fs_csv_figures_header(fs_buf *b);

/* Appends one row per figure of doc (a record from fs_json_document) to b.
 * Returns 0 or FS_E_NOMEM. */
int fs_csv_figures_rows(const cJSON *doc, fs_buf *b);

/* Appends s as one CSV field (quoted when it holds , " CR or LF). */
int fs_csv_field(fs_buf *b, const char *s);

#endif
