/* report_db.c — the pages of a batch database's documents (report_db.h). */
#include "report_db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int fs_report_is_db(const char *path)
{
    char head[16];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return n == sizeof head && memcmp(head, "SQLite format 3", 16) == 0;
}

/* The bytes of a name from its hex (path_hex), or a copy of the display
 * name when there is none.  Owned by the caller; NULL when out of memory. */
static char *open_name(const char *path, const char *hex)
{
    if (!hex || !*hex)
        return strdup(path ? path : "");
    size_t n = strlen(hex) / 2;
    char *s = malloc(n + 1);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;
        sscanf(hex + 2 * i, "%2x", &v);
        s[i] = (char)v;
    }
    s[n] = '\0';
    return s;
}

/* The name a document was found under that can still be read, else its
 * first name: display form into *name and the bytes to open it by into
 * *file (both owned by the caller; NULL when out of memory).  paths is the
 * prepared "path, path_hex of a sha256" statement. */
static void pick_path(sqlite3_stmt *paths, const char *sha, char **name, char **file)
{
    *name = *file = NULL;
    sqlite3_reset(paths);
    sqlite3_bind_text(paths, 1, sha, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(paths) == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(paths, 0);
        char *f = open_name(p, (const char *)sqlite3_column_text(paths, 1));
        int readable = f && access(f, R_OK) == 0;
        if (*name && !readable) { /* keep the first name unless this one can be read */
            free(f);
            continue;
        }
        free(*name);
        free(*file);
        *name = strdup(p ? p : "?");
        *file = f;
        if (readable)
            break;
    }
}

/* The page of one row (sha256, record). */
static void one_document(fs_report_out *o, sqlite3_stmt *q, sqlite3_stmt *paths,
                         fs_report_db_note cb, void *ud, size_t *bad)
{
    const char *sha = (const char *)sqlite3_column_text(q, 0);
    const char *json = (const char *)sqlite3_column_text(q, 1);
    char *path = NULL, *file = NULL;
    pick_path(paths, sha ? sha : "", &path, &file);
    const char *name = path ? path : "?";
    fs_error e;
    fs_error_clear(&e);
    cJSON *rec = json ? cJSON_Parse(json) : NULL;
    if (!rec) {
        fs_report_out_failure(o, name, "the stored record is not valid JSON");
        cb(ud, name, "the stored record is not valid JSON", 1);
        (*bad)++;
        free(path);
        free(file);
        return;
    }
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(rec, "source"), "format");
    int pdf = cJSON_IsString(fmt) && !strcmp(fmt->valuestring, "pdf");
    const char *note = NULL;
    if (fs_report_out_document(o, rec, name, pdf ? file : NULL,
                               pdf ? "没有PDF文件" : "文本输入没有页面图像", &note, &e)) {
        cb(ud, name, e.msg, 1);
        (*bad)++;
    } else if (note) {
        cb(ud, name, note, 0);
    }
    free(path);
    free(file);
    cJSON_Delete(rec);
}

int fs_report_db(fs_report_out *o, const char *db, fs_report_db_note cb, void *ud, size_t *bad,
                 fs_error *e)
{
    sqlite3 *h = NULL;
    *bad = 0;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fs_error_set(e, FS_E_IO, "cannot open database: %s", h ? sqlite3_errmsg(h) : "out of memory");
        sqlite3_close(h);
        return FS_E_IO;
    }
    static const char docs_sql[] =
        "SELECT d.sha256, d.record FROM documents d"
        " ORDER BY (SELECT min(path) FROM paths p WHERE p.sha256 = d.sha256)";
    static const char paths_sql[] =
        "SELECT path, path_hex FROM paths WHERE sha256 = ?1 ORDER BY path";
    static const char fail_sql[] =
        "SELECT path, reason FROM failures WHERE kind IS NOT 'skipped' ORDER BY path";
    sqlite3_stmt *q = NULL, *paths = NULL;
    if (sqlite3_prepare_v2(h, docs_sql, -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, paths_sql, -1, &paths, NULL) != SQLITE_OK) {
        fs_error_set(e, FS_E_FORMAT, "not a fiscan batch database (%s)", sqlite3_errmsg(h));
        sqlite3_finalize(q);
        sqlite3_close(h);
        return FS_E_FORMAT;
    }
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        one_document(o, q, paths, cb, ud, bad);
    sqlite3_finalize(q);
    sqlite3_finalize(paths);
    if (rc == SQLITE_DONE && sqlite3_prepare_v2(h, fail_sql, -1, &q, NULL) == SQLITE_OK) {
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            const char *p = (const char *)sqlite3_column_text(q, 0);
            const char *r = (const char *)sqlite3_column_text(q, 1);
            fs_report_out_failure(o, p ? p : "?", r ? r : "");
        }
        sqlite3_finalize(q);
    }
    if (rc != SQLITE_DONE) {
        fs_error_set(e, FS_E_IO, "cannot read the database: %s", sqlite3_errmsg(h));
        sqlite3_close(h);
        return FS_E_IO;
    }
    sqlite3_close(h);
    return 0;
}
