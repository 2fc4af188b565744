/* sqlite_out.h — document records into an SQLite database.
 *
 * The only module that includes sqlite3.h.  The schema (docs/sqlite.md):
 * documents keyed by the SHA-256 of their bytes, paths (every name a
 * document was found under), sections, figures, findings, finding_figures,
 * skipped and failures; columns are the JSON record's fields flattened with
 * '_' as in the CSV output.  Each document is written in one transaction
 * (BEGIN IMMEDIATE … COMMIT) in WAL mode with synchronous=FULL, so a process
 * killed at any moment leaves every committed document complete and none
 * half-written. */
#ifndef FISCAN_SQLITE_OUT_H
#define FISCAN_SQLITE_OUT_H

#include "error.h"

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct fs_sqlite fs_sqlite;

/* Opens (creating when missing) the database at path and makes sure the
 * schema exists.  Without resume an existing non-empty database is refused
 * with FS_E_USAGE.  Caller closes with fs_sqlite_close. */
int fs_sqlite_open(const char *path, int resume, fs_sqlite **out, fs_error *e);

/* Calls fn once per recorded outcome: (sha256, path, NULL, NULL) for each
 * path of a document, (sha256 or NULL, path, kind, reason) for each
 * failure.  Used by --resume to learn what is done. */
typedef int (*fs_sqlite_outcome_cb)(const char *sha256, const char *path, const char *kind,
                                    const char *reason, void *ud);
int fs_sqlite_each_outcome(fs_sqlite *db, fs_sqlite_outcome_cb fn, void *ud, fs_error *e);

/* Writes one document record (from fs_json_document) with the names it was
 * found under, in one transaction.  Returns 0 or FS_E_IO / FS_E_NOMEM. */
int fs_sqlite_put_document(fs_sqlite *db, const cJSON *rec, const char *const *paths,
                           size_t npaths, fs_error *e);

/* Records one more name of a document already written. */
int fs_sqlite_add_path(fs_sqlite *db, const char *sha256, const char *path, fs_error *e);

/* Records a failed input: kind is "error" (the pipeline refused it),
 * "signal", "timeout" or "memory"; sha256 may be NULL when the file could
 * not be read.  A second failure of one path replaces the first. */
int fs_sqlite_put_failure(fs_sqlite *db, const char *path, const char *sha256, const char *kind,
                          const char *reason, fs_error *e);

/* What the existing database at path holds, for the exit status of a
 * --resume: *failed the failures that are not skips (nor names processed
 * later), *errors the findings of severity error.  A read-only connection
 * of its own, made and closed before the batch opens the database for
 * writing.  A missing file, an empty or foreign one, holds nothing (then
 * fs_sqlite_open says what is wrong).  Returns 0 or FS_E_IO. */
int fs_sqlite_standing(const char *path, size_t *failed, size_t *errors, fs_error *e);

/* Checkpoints the WAL and closes. */
void fs_sqlite_close(fs_sqlite *db);

/* Copies every row of the databases in[] into out (created when missing;
 * each input must exist and be a fiscan database, checked before out is
 * touched, since ATTACH would create a missing one):
 * documents already in out are kept, their other rows and paths added.
 * *ndocs (may be NULL) receives the number of documents in out. */
int fs_sqlite_merge(const char *out, char *const *in, size_t nin, size_t *ndocs, fs_error *e);

#endif
