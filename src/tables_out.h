/* tables_out.h — tables (tables.h) as JSON and CSV (docs/json.md,
 * docs/tables.md). */
#ifndef FISCAN_TABLES_OUT_H
#define FISCAN_TABLES_OUT_H

#include <cjson/cJSON.h>

#include "buf.h"
#include "tables.h"

/* The `tables` array of a document record; the caller owns it (NULL when
 * memory is short). */
cJSON *fs_json_tables(const fs_tables *t);

/* Appends every table of t as CSV blocks to b (path names the source).
 * Returns 0 or FS_E_NOMEM. */
int fs_csv_tables(fs_buf *b, const char *path, const fs_tables *t);

#endif
