/* batch_status.c — what an existing SQLite batch output already holds, so
 * that the exit status of a --resume describes the whole output and not
 * only the documents of this run.  A read-only connection of its own, made
 * and closed before the batch opens the database for writing; the writing
 * side stays in sqlite_out.c.  See batch_impl.h. */
#include "batch_impl.h"

#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

/* The single integer sql gives on h, or -1 when the query fails (a
 * database without that table, say). */
static long long one_count(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

int batch_sqlite_standing(const char *path, size_t *failed, size_t *errors, fs_error *e)
{
    *failed = *errors = 0;
    if (access(path, F_OK) != 0)
        return 0;
    sqlite3 *h = NULL;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        int rc = fs_error_set(e, FS_E_IO, "cannot open: %s", h ? sqlite3_errmsg(h) : "out of memory");
        sqlite3_close(h);
        return rc;
    }
    sqlite3_busy_timeout(h, 5000);
    /* A failure whose name was processed later (the file was repaired and
     * run again) no longer counts; skipped names are not failures. */
    long long f = one_count(h, "SELECT count(*) FROM failures WHERE kind <> 'skipped' AND path"
                               " NOT IN (SELECT path FROM paths)");
    long long x = one_count(h, "SELECT count(*) FROM findings WHERE severity = 'error'");
    sqlite3_close(h);
    /* an empty or foreign file: fs_sqlite_open says what is wrong with it */
    *failed = f > 0 ? (size_t)f : 0;
    *errors = x > 0 ? (size_t)x : 0;
    return 0;
}
