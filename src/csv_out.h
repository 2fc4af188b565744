/* csv_out.h — figure records as CSV rows, for spreadsheets.
 *
 * RFC 4180, UTF-8; one row per figure (or finding) with the nested JSON
 * fields flattened into columns (value.text → value_text).  Text cells are
 * always quoted and numbers never are, so a reader that types quoted cells
 * as text keeps 4.10, 0101 and 12.50% as written (docs/csv.md).  The rows are made from
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

/* Appends the header line of findings.csv (one row per finding) and of
 * failures.csv to b.  Return 0 or FS_E_NOMEM. */
int fs_csv_findings_header(fs_buf *b);
int fs_csv_failures_header(fs_buf *b);

/* Appends one row per finding of doc to b.  Returns 0 or FS_E_NOMEM. */
int fs_csv_findings_rows(const cJSON *doc, fs_buf *b);

/* Appends s as one CSV text field: always quoted ("" doubled), so that a
 * reader that honours quotes keeps it as text (docs/csv.md). */
int fs_csv_field(fs_buf *b, const char *s);

#endif
