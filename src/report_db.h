/* report_db.h — `fiscan report OUT.db`: the pages of the documents of a
 * batch database (docs/sqlite.md), from the records it stores. */
#ifndef FISCAN_REPORT_DB_H
#define FISCAN_REPORT_DB_H

#include "error.h"
#include "report_out.h"

#include <stddef.h>

/* Called for each document whose page has no images though it has
 * findings (note: why), and for each page that could not be written
 * (note: the error); name is the document's display name. */
typedef void (*fs_report_db_note)(void *ud, const char *name, const char *note, int failed);

/* 1 when the file at path starts with the SQLite header, else 0. */
int fs_report_is_db(const char *path);

/* Writes into o a page for every document of database db (images drawn from
 * the PDF at the name the database stores, when it still holds the bytes
 * the record was made from) and lists its failures.  Returns 0, or FS_E_IO /
 * FS_E_FORMAT (not a fiscan batch database) with e filled; pages that
 * cannot be written are reported through cb and counted in *bad. */
int fs_report_db(fs_report_out *o, const char *db, fs_report_db_note cb, void *ud, size_t *bad,
                 fs_error *e);

#endif
