/* sqlite_out.c — see sqlite_out.h. */
#include "sqlite_out.h"

#include "buf.h"
#include "json_out.h"
#include "names.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCHEMA_VERSION "3" /* 2: paths.path_hex, failures.path_hex; 3: tables, cells,
                              finding_cells */

/* The schema; docs/sqlite.md documents every table and view.  "check" and
 * "end" are SQL keywords, hence quoted. */
static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS documents("
    " sha256 TEXT PRIMARY KEY, format TEXT, encoding TEXT, pages INTEGER, bytes INTEGER,"
    " title TEXT, organisation TEXT, year INTEGER, kind TEXT,"
    " n_sections INTEGER, n_figures INTEGER, n_findings INTEGER, n_skipped INTEGER,"
    " record TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS paths(path TEXT NOT NULL, sha256 TEXT NOT NULL,"
    " path_hex TEXT, PRIMARY KEY(path, sha256));"
    "CREATE INDEX IF NOT EXISTS paths_sha256 ON paths(sha256);"
    "CREATE TABLE IF NOT EXISTS sections(sha256 TEXT NOT NULL, id TEXT NOT NULL, parent TEXT,"
    " level INTEGER, numbering TEXT, ordinal INTEGER, heading TEXT, page INTEGER, line INTEGER,"
    " start INTEGER, \"end\" INTEGER, PRIMARY KEY(sha256, id));"
    "CREATE TABLE IF NOT EXISTS figures(sha256 TEXT NOT NULL, id TEXT NOT NULL, kind TEXT,"
    " subject TEXT, period INTEGER, item TEXT, code TEXT, measure TEXT, scope TEXT,"
    " level TEXT, item_period INTEGER, item_certain INTEGER,"
    " value_number REAL, value_text TEXT, value_unit TEXT,"
    " value_decimals INTEGER, value_base TEXT, value_base_unit TEXT, value_approximate INTEGER,"
    " change_basis TEXT, change_direction TEXT, change_amount_text TEXT,"
    " change_amount_base TEXT, change_percent_number REAL, change_percent_text TEXT,"
    " prior_period INTEGER, prior_label TEXT, prior_value_text TEXT, prior_value_base TEXT,"
    " share_percent_number REAL, share_percent_text TEXT, share_of TEXT,"
    " share_of_subject TEXT, parent TEXT, parts_listed_as TEXT, parts_by TEXT,"
    " parts_complete INTEGER, section TEXT, page INTEGER, line INTEGER, quote TEXT,"
    " pattern TEXT, PRIMARY KEY(sha256, id));"
    "CREATE INDEX IF NOT EXISTS figures_subject ON figures(subject);"
    "CREATE INDEX IF NOT EXISTS figures_period ON figures(period);"
    "CREATE INDEX IF NOT EXISTS figures_item ON figures(item);"
    "CREATE TABLE IF NOT EXISTS findings(sha256 TEXT NOT NULL, id TEXT NOT NULL,"
    " \"check\" TEXT, severity TEXT, figures TEXT, stated_text TEXT, stated_number REAL,"
    " expected_low REAL, expected_high REAL, expected_low_exact TEXT,"
    " expected_high_exact TEXT, message TEXT, page INTEGER, line INTEGER,"
    " PRIMARY KEY(sha256, id));"
    "CREATE INDEX IF NOT EXISTS findings_check ON findings(\"check\");"
    "CREATE INDEX IF NOT EXISTS findings_severity ON findings(severity);"
    "CREATE TABLE IF NOT EXISTS finding_figures(sha256 TEXT NOT NULL, finding TEXT NOT NULL,"
    " position INTEGER NOT NULL, figure TEXT NOT NULL, PRIMARY KEY(sha256, finding, position));"
    "CREATE TABLE IF NOT EXISTS skipped(sha256 TEXT NOT NULL, position INTEGER NOT NULL,"
    " \"check\" TEXT, figures TEXT, reason TEXT, PRIMARY KEY(sha256, position));"
    "CREATE TABLE IF NOT EXISTS failures(path TEXT PRIMARY KEY, sha256 TEXT, kind TEXT,"
    " reason TEXT, path_hex TEXT);"
    "CREATE INDEX IF NOT EXISTS failures_sha256 ON failures(sha256);"
    "CREATE VIEW IF NOT EXISTS figures_documents AS"
    " SELECT f.*, d.title, d.organisation, d.year, d.kind AS document_kind,"
    " (SELECT min(p.path) FROM paths p WHERE p.sha256 = f.sha256) AS path"
    " FROM figures f JOIN documents d ON d.sha256 = f.sha256;"
    "CREATE VIEW IF NOT EXISTS findings_figures AS"
    " SELECT x.sha256, x.id AS finding, x.\"check\", x.severity, x.message,"
    " ff.position, f.id AS figure, f.subject, f.period, f.value_text, f.value_base,"
    " f.page, f.line, f.quote"
    " FROM findings x JOIN finding_figures ff ON ff.sha256 = x.sha256 AND ff.finding = x.id"
    " JOIN figures f ON f.sha256 = ff.sha256 AND f.id = ff.figure;"
    "CREATE TABLE IF NOT EXISTS tables(sha256 TEXT NOT NULL, id TEXT NOT NULL, title TEXT,"
    " kind TEXT, page_first INTEGER, page_last INTEGER, unit TEXT, n_columns INTEGER,"
    " n_rows INTEGER, columns TEXT, PRIMARY KEY(sha256, id));"
    "CREATE INDEX IF NOT EXISTS tables_kind ON tables(kind);"
    "CREATE TABLE IF NOT EXISTS cells(sha256 TEXT NOT NULL, \"table\" TEXT NOT NULL,"
    " row INTEGER NOT NULL, \"column\" INTEGER NOT NULL, code TEXT, name TEXT, level INTEGER,"
    " total INTEGER, header TEXT, text TEXT, number REAL, decimals INTEGER, percent INTEGER,"
    " page INTEGER, x0 REAL, y0 REAL, x1 REAL, y1 REAL,"
    " PRIMARY KEY(sha256, \"table\", row, \"column\"));"
    "CREATE INDEX IF NOT EXISTS cells_code ON cells(code);"
    "CREATE TABLE IF NOT EXISTS finding_cells(sha256 TEXT NOT NULL, finding TEXT NOT NULL,"
    " position INTEGER NOT NULL, \"table\" TEXT, row INTEGER, \"column\" INTEGER,"
    " page INTEGER, text TEXT, PRIMARY KEY(sha256, finding, position));"
    "CREATE VIEW IF NOT EXISTS cells_documents AS"
    " SELECT c.*, t.title AS table_title, t.kind AS table_kind, t.unit, d.title, d.organisation,"
    " d.year, d.kind AS document_kind,"
    " (SELECT min(p.path) FROM paths p WHERE p.sha256 = c.sha256) AS path"
    " FROM cells c JOIN tables t ON t.sha256 = c.sha256 AND t.id = c.\"table\""
    " JOIN documents d ON d.sha256 = c.sha256;"
    "INSERT OR IGNORE INTO meta VALUES('schema_version', '" SCHEMA_VERSION "');"
    /* version 2 gains the tables above as it is opened */
    "UPDATE meta SET value = '" SCHEMA_VERSION "' WHERE key = 'schema_version' AND value = '2';";

/* Brings a database of schema version 1 (no path_hex columns) up to date;
 * the columns are added at the end, as in a new database. */
static const char upgrade_sql[] =
    "ALTER TABLE paths ADD COLUMN path_hex TEXT;"
    "ALTER TABLE failures ADD COLUMN path_hex TEXT;"
    "UPDATE meta SET value = '" SCHEMA_VERSION "' WHERE key = 'schema_version';";

/* Column name and the '.'-path of its JSON field, relative to the object a
 * row is made from; "#x" is taken from the document's source block, "@" is
 * filled by the code (sha256, parent, counts). */
typedef struct column {
    const char *name;
    const char *path;
} column;

static const column doc_cols[] = {
    {"sha256", "#sha256"}, {"format", "#format"}, {"encoding", "#encoding"},
    {"pages", "#pages"}, {"bytes", "#bytes"}, {"title", "title"},
    {"organisation", "organisation"}, {"year", "year"}, {"kind", "kind"},
    {"n_sections", "@"}, {"n_figures", "@"}, {"n_findings", "@"}, {"n_skipped", "@"},
    {"record", "@"},
};

static const column section_cols[] = {
    {"sha256", "@"}, {"id", "id"}, {"parent", "@"}, {"level", "level"},
    {"numbering", "numbering"}, {"ordinal", "ordinal"}, {"heading", "heading"},
    {"page", "page"}, {"line", "line"}, {"start", "start"}, {"\"end\"", "end"},
};

static const column figure_cols[] = {
    {"sha256", "@"}, {"id", "id"}, {"kind", "kind"}, {"subject", "subject"},
    {"period", "period"}, {"item", "identity.item"}, {"code", "identity.code"},
    {"measure", "identity.measure"}, {"scope", "identity.scope"}, {"level", "identity.level"},
    {"item_period", "identity.period"}, {"item_certain", "identity.certain"},
    {"value_number", "value.number"}, {"value_text", "value.text"},
    {"value_unit", "value.unit"}, {"value_decimals", "value.decimals"},
    {"value_base", "value.base"}, {"value_base_unit", "value.base_unit"},
    {"value_approximate", "value.approximate"}, {"change_basis", "change.basis"},
    {"change_direction", "change.direction"}, {"change_amount_text", "change.amount.text"},
    {"change_amount_base", "change.amount.base"},
    {"change_percent_number", "change.percent.number"},
    {"change_percent_text", "change.percent.text"}, {"prior_period", "prior.period"},
    {"prior_label", "prior.label"}, {"prior_value_text", "prior.value.text"},
    {"prior_value_base", "prior.value.base"},
    {"share_percent_number", "share.percent.number"},
    {"share_percent_text", "share.percent.text"}, {"share_of", "share.of"},
    {"share_of_subject", "share.of_subject"}, {"parent", "parent"},
    {"parts_listed_as", "parts.listed_as"}, {"parts_by", "parts.by"},
    {"parts_complete", "parts.complete"}, {"section", "section"}, {"page", "page"},
    {"line", "line"}, {"quote", "quote"}, {"pattern", "pattern"},
};

static const column finding_cols[] = {
    {"sha256", "@"}, {"id", "id"}, {"\"check\"", "check"}, {"severity", "severity"},
    {"figures", "@"}, {"stated_text", "stated.text"}, {"stated_number", "stated.number"},
    {"expected_low", "expected.low"}, {"expected_high", "expected.high"},
    {"expected_low_exact", "expected.low_exact"}, {"expected_high_exact", "expected.high_exact"},
    {"message", "message"}, {"page", "@"}, {"line", "@"},
};

static const column skipped_cols[] = {
    {"sha256", "@"}, {"position", "@"}, {"\"check\"", "check"}, {"figures", "@"},
    {"reason", "reason"},
};

#define NCOLS(a) (sizeof a / sizeof *a)

enum { ST_DOC, ST_SECTION, ST_FIGURE, ST_FINDING, ST_FINDFIG, ST_SKIPPED, ST_PATH,
       ST_FAILURE, ST_TABLE, ST_CELL, ST_FINDCELL, ST_FAILURE_ALIAS, ST_COUNT_ };

struct fs_sqlite {
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT_];
};

/* Fills e from the connection's last error. */
static int db_error(sqlite3 *db, fs_error *e, const char *what)
{
    /* "disk I/O error" says little: the system's reason too (EFBIG under
     * ulimit -f, ENOSPC) */
    int sys = db ? sqlite3_system_errno(db) : 0;
    return fs_error_set(e, FS_E_IO, "%s: %s%s%s%s", what, db ? sqlite3_errmsg(db) : "out of memory",
                        sys ? " (" : "", sys ? strerror(sys) : "", sys ? ")" : "");
}

/* Builds "INSERT INTO t(c1,...) VALUES(?,...)" into buf. */
static void insert_sql(char *buf, size_t n, const char *verb, const char *table,
                       const column *cols, size_t ncols)
{
    size_t len = (size_t)snprintf(buf, n, "%s INTO %s(", verb, table);
    for (size_t i = 0; i < ncols && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? "," : "", cols[i].name);
    if (len < n)
        len += (size_t)snprintf(buf + len, n - len, ") VALUES(");
    for (size_t i = 0; i < ncols && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s?", i ? "," : "");
    if (len < n)
        snprintf(buf + len, n - len, ")");
}

/* Prepares every statement of db.  Returns 0 or FS_E_IO. */
static int prepare_all(fs_sqlite *s, fs_error *e)
{
    char sql[4096];
    for (int i = 0; i < ST_COUNT_; i++) {
        switch (i) {
        case ST_DOC: insert_sql(sql, sizeof sql, "INSERT OR REPLACE", "documents", doc_cols,
                                NCOLS(doc_cols)); break;
        case ST_SECTION: insert_sql(sql, sizeof sql, "INSERT OR REPLACE", "sections",
                                    section_cols, NCOLS(section_cols)); break;
        case ST_FIGURE: insert_sql(sql, sizeof sql, "INSERT OR REPLACE", "figures",
                                   figure_cols, NCOLS(figure_cols)); break;
        case ST_FINDING: insert_sql(sql, sizeof sql, "INSERT OR REPLACE", "findings",
                                    finding_cols, NCOLS(finding_cols)); break;
        case ST_SKIPPED: insert_sql(sql, sizeof sql, "INSERT OR REPLACE", "skipped",
                                    skipped_cols, NCOLS(skipped_cols)); break;
        case ST_FINDFIG:
            snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO finding_figures"
                     "(sha256, finding, position, figure) VALUES(?,?,?,?)");
            break;
        case ST_PATH:
            snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO paths(path, sha256, path_hex)"
                     " VALUES(?,?,?)");
            break;
        case ST_FAILURE:
            snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO failures(path, sha256, kind,"
                     " reason, path_hex) VALUES(?,?,?,?,?)");
            break;
        case ST_TABLE:
            snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO tables(sha256, id, title, kind,"
                     " page_first, page_last, unit, n_columns, n_rows, columns)"
                     " VALUES(?,?,?,?,?,?,?,?,?,?)");
            break;
        case ST_CELL:
            snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO cells(sha256, \"table\", row,"
                     " \"column\", code, name, level, total, header, text, number, decimals,"
                     " percent, page, x0, y0, x1, y1)"
                     " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
            break;
        case ST_FINDCELL:
            snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO finding_cells(sha256, finding,"
                     " position, \"table\", row, \"column\", page, text) VALUES(?,?,?,?,?,?,?,?)");
            break;
        default:
            snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO failures(path, sha256, kind,"
                     " reason, path_hex) SELECT ?1, sha256, kind, reason, ?3 FROM failures"
                     " WHERE sha256 = ?2 LIMIT 1");
            break;
        }
        if (sqlite3_prepare_v2(s->db, sql, -1, &s->st[i], NULL) != SQLITE_OK)
            return db_error(s->db, e, "preparing statements");
    }
    return 0;
}

/* Fills e with why the database at path cannot be read on db: not an
 * SQLite file, or a database in WAL mode whose journal files (-wal, -shm)
 * cannot be made because its directory is read-only, or what SQLite says. */
static int open_error(sqlite3 *db, const char *path, fs_error *e)
{
    int code = db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
    if ((code & 0xff) == SQLITE_NOTADB)
        return fs_error_set(e, FS_E_IO, "not an SQLite database");
    if ((code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_CANTOPEN) {
        const char *slash = strrchr(path, '/');
        char dir[4096];
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + 1 : 1,
                 slash ? path : ".");
        if (access(dir, W_OK) != 0)
            return fs_error_set(e, FS_E_IO, "cannot create the database's journal files (-wal, "
                                "-shm) in a read-only directory: %s", sqlite3_errmsg(db));
    }
    return db_error(db, e, "cannot read the database");
}

int fs_sqlite_open(const char *path, int resume, fs_sqlite **out, fs_error *e)
{
    *out = NULL;
    fs_sqlite *s = calloc(1, sizeof *s);
    if (!s)
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        db_error(s->db, e, "cannot open database");
        fs_sqlite_close(s);
        return FS_E_IO;
    }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_stmt *q = NULL;
    int existing = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master", -1, &q, NULL) ==
            SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        existing = sqlite3_column_int(q, 0) > 0;
    else {
        sqlite3_finalize(q);
        open_error(s->db, path, e);
        fs_sqlite_close(s);
        return FS_E_IO;
    }
    sqlite3_finalize(q);
    if (existing && !resume) {
        fs_sqlite_close(s);
        return fs_error_set(e, FS_E_USAGE,
                            "database exists (use --resume to go on with it, or remove it)");
    }
    if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", NULL, NULL,
                     NULL) != SQLITE_OK ||
        sqlite3_exec(s->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
        db_error(s->db, e, "creating the schema");
        fs_sqlite_close(s);
        return FS_E_IO;
    }
    if (sqlite3_prepare_v2(s->db, "SELECT path_hex FROM paths", -1, &q, NULL) != SQLITE_OK &&
        sqlite3_exec(s->db, upgrade_sql, NULL, NULL, NULL) != SQLITE_OK) {
        db_error(s->db, e, "upgrading the schema");
        fs_sqlite_close(s);
        return FS_E_IO;
    }
    sqlite3_finalize(q);
    if (prepare_all(s, e)) {
        fs_sqlite_close(s);
        return FS_E_IO;
    }
    *out = s;
    return 0;
}

void fs_sqlite_close(fs_sqlite *s)
{
    if (!s)
        return;
    for (int i = 0; i < ST_COUNT_; i++)
        sqlite3_finalize(s->st[i]);
    if (s->db)
        sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE);", NULL, NULL, NULL);
    sqlite3_close(s->db);
    free(s);
}

int fs_sqlite_each_outcome(fs_sqlite *s, fs_sqlite_outcome_cb fn, void *ud, fs_error *e)
{
    static const char *const sql[2] = {
        "SELECT sha256, path, NULL, NULL, path_hex FROM paths",
        "SELECT sha256, path, kind, reason, path_hex FROM failures",
    };
    for (int k = 0; k < 2; k++) {
        sqlite3_stmt *q;
        if (sqlite3_prepare_v2(s->db, sql[k], -1, &q, NULL) != SQLITE_OK)
            return db_error(s->db, e, "reading the database");
        int rc;
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            /* the name as found: from path_hex when the stored path is escaped */
            const char *hex = (const char *)sqlite3_column_text(q, 4);
            char *raw = hex ? fs_name_from_hex(hex) : NULL;
            int r = fn((const char *)sqlite3_column_text(q, 0),
                       raw ? raw : (const char *)sqlite3_column_text(q, 1),
                       (const char *)sqlite3_column_text(q, 2),
                       (const char *)sqlite3_column_text(q, 3), ud);
            free(raw);
            if (r) {
                sqlite3_finalize(q);
                return fs_error_set(e, r, "out of memory");
            }
        }
        sqlite3_finalize(q);
        if (rc != SQLITE_DONE)
            return db_error(s->db, e, "reading the database");
    }
    return 0;
}


/* Binds a JSON scalar to parameter i: text, integer (a whole number),
 * real, 0/1 for booleans, NULL for null or missing. */
static int bind_json(sqlite3_stmt *st, int i, const cJSON *v)
{
    if (!v)
        return sqlite3_bind_null(st, i);
    if (cJSON_IsString(v))
        return sqlite3_bind_text(st, i, v->valuestring, -1, SQLITE_TRANSIENT);
    if (cJSON_IsBool(v))
        return sqlite3_bind_int(st, i, cJSON_IsTrue(v));
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d == (double)(sqlite3_int64)d && d > -9e15 && d < 9e15)
            return sqlite3_bind_int64(st, i, (sqlite3_int64)d);
        return sqlite3_bind_double(st, i, d);
    }
    return sqlite3_bind_null(st, i);
}

/* Binds the columns of a row taken from object o (source for '#' paths);
 * columns marked "@" are left for the caller. */
static int bind_row(sqlite3_stmt *st, const column *cols, size_t ncols, const cJSON *o,
                    const cJSON *source)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    for (size_t i = 0; i < ncols; i++) {
        const char *p = cols[i].path;
        if (p[0] == '@')
            continue;
        int rc = bind_json(st, (int)i + 1, p[0] == '#' ? fs_json_lookup(source, p + 1) : fs_json_lookup(o, p));
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

/* Runs a bound statement to completion. */
static int step_done(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Binds the display form of the file name to parameter i and, for an
 * escaped one, its raw bytes in hex to parameter ihex (else NULL). */
static int bind_name(sqlite3_stmt *st, int i, int ihex, const char *name)
{
    char *disp = fs_name_display(name);
    if (!disp)
        return SQLITE_NOMEM;
    int rc = sqlite3_bind_text(st, i, disp, -1, free);
    if (rc == SQLITE_OK && fs_name_needs_escape(name)) {
        fs_buf h = FS_BUF_INIT;
        if (fs_name_hex(&h, name))
            return SQLITE_NOMEM;
        rc = sqlite3_bind_text(st, ihex, fs_buf_steal(&h), -1, free);
    } else if (rc == SQLITE_OK) {
        rc = sqlite3_bind_null(st, ihex);
    }
    return rc;
}

/* Joins the string items of a JSON array with ','; caller frees. */
static char *join_ids(const cJSON *arr)
{
    size_t n = 1;
    const cJSON *x;
    cJSON_ArrayForEach(x, arr) if (cJSON_IsString(x)) n += strlen(x->valuestring) + 1;
    char *s = malloc(n), *p = s;
    if (!s)
        return NULL;
    *p = '\0';
    cJSON_ArrayForEach(x, arr)
    {
        if (!cJSON_IsString(x))
            continue;
        if (p != s)
            *p++ = ',';
        size_t l = strlen(x->valuestring);
        memcpy(p, x->valuestring, l + 1);
        p += l;
    }
    return s;
}

/* Writes the sections of an outline array (recursively) under parent. */
static int put_sections(fs_sqlite *s, const char *sha, const cJSON *arr, const char *parent,
                        size_t *count)
{
    sqlite3_stmt *st = s->st[ST_SECTION];
    const cJSON *sec;
    cJSON_ArrayForEach(sec, arr)
    {
        int rc = bind_row(st, section_cols, NCOLS(section_cols), sec, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
        if (rc == SQLITE_OK)
            rc = parent ? sqlite3_bind_text(st, 3, parent, -1, SQLITE_TRANSIENT)
                        : sqlite3_bind_null(st, 3);
        if (rc == SQLITE_OK)
            rc = step_done(st);
        if (rc != SQLITE_OK)
            return rc;
        ++*count;
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(sec, "id");
        rc = put_sections(s, sha, cJSON_GetObjectItemCaseSensitive(sec, "children"),
                          cJSON_IsString(id) ? id->valuestring : NULL, count);
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

/* The cells of finding x (its "cells", table findings only) as rows of
 * finding_cells; returns an SQLite result code. */
static int put_finding_cells(fs_sqlite *s, const char *sha, const cJSON *x)
{
    const cJSON *fid = cJSON_GetObjectItemCaseSensitive(x, "id");
    const cJSON *c;
    int pos = 0, rc;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(x, "cells"))
    {
        sqlite3_stmt *st = s->st[ST_FINDCELL];
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
        bind_json(st, 2, fid);
        sqlite3_bind_int(st, 3, ++pos);
        bind_json(st, 4, fs_json_lookup(c, "table"));
        bind_json(st, 5, fs_json_lookup(c, "row"));
        bind_json(st, 6, fs_json_lookup(c, "column"));
        bind_json(st, 7, fs_json_lookup(c, "page"));
        bind_json(st, 8, fs_json_lookup(c, "text"));
        if ((rc = step_done(st)) != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

/* The cells of row o (row number r) of table tid as rows of cells, each
 * with the row's code, name and level and its column's header path; a
 * blank cell is a row too (text '', number NULL).  Returns an SQLite result
 * code. */
static int put_cells(fs_sqlite *s, const char *sha, const char *tid, int r, const cJSON *o,
                     const cJSON *columns)
{
    const cJSON *c;
    int col = 0, rc;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(o, "cells"))
    {
        sqlite3_stmt *st = s->st[ST_CELL];
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, tid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, r);
        sqlite3_bind_int(st, 4, col);
        bind_json(st, 5, fs_json_lookup(o, "code"));
        bind_json(st, 6, fs_json_lookup(o, "name"));
        bind_json(st, 7, fs_json_lookup(o, "level"));
        bind_json(st, 8, fs_json_lookup(o, "total"));
        bind_json(st, 9, cJSON_GetArrayItem(columns, col));
        bind_json(st, 10, fs_json_lookup(c, "text"));
        const cJSON *num = fs_json_lookup(c, "number");
        if (cJSON_IsNumber(num)) /* a table amount is REAL even when whole */
            sqlite3_bind_double(st, 11, num->valuedouble);
        bind_json(st, 12, fs_json_lookup(c, "decimals"));
        bind_json(st, 13, fs_json_lookup(c, "percent"));
        bind_json(st, 14, fs_json_lookup(c, "page"));
        const cJSON *box = fs_json_lookup(c, "box");
        for (int k = 0; k < 4; k++) {
            const cJSON *v = cJSON_GetArrayItem(box, k);
            if (cJSON_IsNumber(v))
                sqlite3_bind_double(st, 15 + k, v->valuedouble);
        }
        if ((rc = step_done(st)) != SQLITE_OK)
            return rc;
        col++;
    }
    return SQLITE_OK;
}

/* The record's tables (JSON "tables") as rows of tables and cells; returns
 * an SQLite result code. */
static int put_tables(fs_sqlite *s, const char *sha, const cJSON *tables)
{
    const cJSON *t;
    int rc;
    cJSON_ArrayForEach(t, tables)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(t, "id");
        const cJSON *pages = cJSON_GetObjectItemCaseSensitive(t, "pages");
        const cJSON *columns = cJSON_GetObjectItemCaseSensitive(t, "columns");
        const cJSON *rows = cJSON_GetObjectItemCaseSensitive(t, "rows");
        if (!cJSON_IsString(id))
            continue;
        char *cols = columns ? cJSON_PrintUnformatted(columns) : NULL;
        sqlite3_stmt *st = s->st[ST_TABLE];
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, id->valuestring, -1, SQLITE_TRANSIENT);
        bind_json(st, 3, fs_json_lookup(t, "title"));
        bind_json(st, 4, fs_json_lookup(t, "kind"));
        bind_json(st, 5, cJSON_GetArrayItem(pages, 0));
        bind_json(st, 6, cJSON_GetArrayItem(pages, cJSON_GetArraySize(pages) - 1));
        bind_json(st, 7, fs_json_lookup(t, "unit"));
        sqlite3_bind_int(st, 8, cJSON_GetArraySize(columns));
        sqlite3_bind_int(st, 9, cJSON_GetArraySize(rows));
        if (cols)
            sqlite3_bind_text(st, 10, cols, -1, free);
        if ((rc = step_done(st)) != SQLITE_OK)
            return rc;
        const cJSON *o;
        int r = 0;
        cJSON_ArrayForEach(o, rows)
        {
            if ((rc = put_cells(s, sha, id->valuestring, r++, o, columns)) != SQLITE_OK)
                return rc;
        }
    }
    return SQLITE_OK;
}

/* The rows of one document; returns an SQLite result code. */
static int put_rows(fs_sqlite *s, const cJSON *rec, const char *sha, const char *const *paths,
                    size_t npaths)
{
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(rec, "source");
    const cJSON *figs = cJSON_GetObjectItemCaseSensitive(rec, "figures");
    const cJSON *finds = cJSON_GetObjectItemCaseSensitive(rec, "findings");
    const cJSON *skips = cJSON_GetObjectItemCaseSensitive(rec, "skipped");
    const cJSON *x;
    int rc;
    size_t nsections = 0;

    /* Rows of an earlier, interrupted or replaced record of these bytes go first. */
    static const char *const del[] = {
        "DELETE FROM sections WHERE sha256 = ?1", "DELETE FROM figures WHERE sha256 = ?1",
        "DELETE FROM findings WHERE sha256 = ?1", "DELETE FROM finding_figures WHERE sha256 = ?1",
        "DELETE FROM skipped WHERE sha256 = ?1", "DELETE FROM failures WHERE sha256 = ?1",
        "DELETE FROM tables WHERE sha256 = ?1", "DELETE FROM cells WHERE sha256 = ?1",
        "DELETE FROM finding_cells WHERE sha256 = ?1",
    };
    for (size_t i = 0; i < NCOLS(del); i++) {
        sqlite3_stmt *q;
        if ((rc = sqlite3_prepare_v2(s->db, del[i], -1, &q, NULL)) != SQLITE_OK)
            return rc;
        sqlite3_bind_text(q, 1, sha, -1, SQLITE_TRANSIENT);
        rc = step_done(q);
        sqlite3_finalize(q);
        if (rc != SQLITE_OK)
            return rc;
    }
    if ((rc = put_sections(s, sha, cJSON_GetObjectItemCaseSensitive(rec, "outline"), NULL,
                           &nsections)) != SQLITE_OK)
        return rc;

    cJSON_ArrayForEach(x, figs)
    {
        sqlite3_stmt *st = s->st[ST_FIGURE];
        if ((rc = bind_row(st, figure_cols, NCOLS(figure_cols), x, source)) != SQLITE_OK ||
            (rc = sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT)) != SQLITE_OK ||
            (rc = step_done(st)) != SQLITE_OK)
            return rc;
    }
    cJSON_ArrayForEach(x, finds)
    {
        sqlite3_stmt *st = s->st[ST_FINDING];
        const cJSON *ids = cJSON_GetObjectItemCaseSensitive(x, "figures");
        const cJSON *loc0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(x, "locations"), 0);
        /* a table finding has no figure: the page of its first cell */
        const cJSON *cell0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(x, "cells"), 0);
        char *joined = join_ids(ids);
        if (!joined)
            return SQLITE_NOMEM;
        rc = bind_row(st, finding_cols, NCOLS(finding_cols), x, source);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_text(st, 5, joined, -1, SQLITE_TRANSIENT);
        if (rc == SQLITE_OK)
            rc = bind_json(st, 13, fs_json_lookup(loc0 ? loc0 : cell0, "page"));
        if (rc == SQLITE_OK)
            rc = bind_json(st, 14, fs_json_lookup(loc0, "line"));
        free(joined);
        if (rc == SQLITE_OK)
            rc = step_done(st);
        if (rc != SQLITE_OK)
            return rc;
        const cJSON *fid = cJSON_GetObjectItemCaseSensitive(x, "id");
        const cJSON *g;
        int pos = 0;
        cJSON_ArrayForEach(g, ids)
        {
            sqlite3_stmt *ff = s->st[ST_FINDFIG];
            sqlite3_reset(ff);
            if (!cJSON_IsString(g) || !cJSON_IsString(fid))
                continue;
            sqlite3_bind_text(ff, 1, sha, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ff, 2, fid->valuestring, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(ff, 3, ++pos);
            sqlite3_bind_text(ff, 4, g->valuestring, -1, SQLITE_TRANSIENT);
            if ((rc = step_done(ff)) != SQLITE_OK)
                return rc;
        }
        if ((rc = put_finding_cells(s, sha, x)) != SQLITE_OK)
            return rc;
    }
    if ((rc = put_tables(s, sha, cJSON_GetObjectItemCaseSensitive(rec, "tables"))) != SQLITE_OK)
        return rc;
    int pos = 0;
    cJSON_ArrayForEach(x, skips)
    {
        sqlite3_stmt *st = s->st[ST_SKIPPED];
        char *joined = join_ids(cJSON_GetObjectItemCaseSensitive(x, "figures"));
        if (!joined)
            return SQLITE_NOMEM;
        rc = bind_row(st, skipped_cols, NCOLS(skipped_cols), x, source);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_int(st, 2, ++pos);
        if (rc == SQLITE_OK)
            rc = sqlite3_bind_text(st, 4, joined, -1, SQLITE_TRANSIENT);
        free(joined);
        if (rc == SQLITE_OK)
            rc = step_done(st);
        if (rc != SQLITE_OK)
            return rc;
    }

    sqlite3_stmt *st = s->st[ST_DOC];
    char *text = cJSON_PrintUnformatted(rec);
    if (!text)
        return SQLITE_NOMEM;
    rc = bind_row(st, doc_cols, NCOLS(doc_cols), cJSON_GetObjectItemCaseSensitive(rec, "document"),
                  source);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int64(st, 10, (sqlite3_int64)nsections);
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int(st, 11, cJSON_GetArraySize(figs));
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int(st, 12, cJSON_GetArraySize(finds));
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_int(st, 13, cJSON_GetArraySize(skips));
    if (rc == SQLITE_OK)
        rc = sqlite3_bind_text(st, 14, text, -1, free);
    else
        free(text);
    if (rc == SQLITE_OK)
        rc = step_done(st);
    if (rc != SQLITE_OK)
        return rc;
    for (size_t i = 0; i < npaths; i++) {
        sqlite3_stmt *p = s->st[ST_PATH];
        sqlite3_reset(p);
        if ((rc = bind_name(p, 1, 3, paths[i])) != SQLITE_OK)
            return rc;
        sqlite3_bind_text(p, 2, sha, -1, SQLITE_TRANSIENT);
        if ((rc = step_done(p)) != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

int fs_sqlite_put_document(fs_sqlite *s, const cJSON *rec, const char *const *paths,
                           size_t npaths, fs_error *e)
{
    const cJSON *sha = fs_json_lookup(rec, "source.sha256");
    if (!cJSON_IsString(sha))
        return fs_error_set(e, FS_E_USAGE, "record without source.sha256");
    if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return db_error(s->db, e, "writing the database");
    int rc = put_rows(s, rec, sha->valuestring, paths, npaths);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        db_error(s->db, e, "writing the database");
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return FS_E_IO;
    }
    return 0;
}

int fs_sqlite_add_path(fs_sqlite *s, const char *sha256, const char *path, fs_error *e)
{
    /* A document's name goes to paths; a failed one's to failures. */
    sqlite3_stmt *p = s->st[ST_PATH], *f = s->st[ST_FAILURE_ALIAS];
    sqlite3_stmt *q;
    int isdoc = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM documents WHERE sha256 = ?", -1, &q, NULL) !=
        SQLITE_OK)
        return db_error(s->db, e, "reading the database");
    sqlite3_bind_text(q, 1, sha256, -1, SQLITE_TRANSIENT);
    isdoc = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    sqlite3_stmt *st = isdoc ? p : f;
    sqlite3_reset(st);
    if (bind_name(st, 1, 3, path) != SQLITE_OK)
        return db_error(s->db, e, "writing the database");
    sqlite3_bind_text(st, 2, sha256, -1, SQLITE_TRANSIENT);
    if (step_done(st) != SQLITE_OK)
        return db_error(s->db, e, "writing the database");
    return 0;
}

int fs_sqlite_put_failure(fs_sqlite *s, const char *path, const char *sha256, const char *kind,
                          const char *reason, fs_error *e)
{
    sqlite3_stmt *st = s->st[ST_FAILURE];
    sqlite3_reset(st);
    if (bind_name(st, 1, 5, path) != SQLITE_OK)
        return db_error(s->db, e, "writing the database");
    if (sha256)
        sqlite3_bind_text(st, 2, sha256, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 2);
    sqlite3_bind_text(st, 3, kind, -1, SQLITE_TRANSIENT);
    /* a reason may quote a file name or a library's words: stored as
     * valid UTF-8 on one line (names.h), as the names are */
    fs_buf why = FS_BUF_INIT;
    if (fs_line_escape(&why, reason))
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    sqlite3_bind_text(st, 4, why.s ? why.s : "", -1, SQLITE_TRANSIENT);
    fs_buf_free(&why);
    if (step_done(st) != SQLITE_OK)
        return db_error(s->db, e, "writing the database");
    return 0;
}

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

int fs_sqlite_standing(const char *path, size_t *failed, size_t *errors, fs_error *e)
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

/* Checks that the merge input path is an existing fiscan database before
 * it is attached (ATTACH would create a missing file).  Returns 0 or
 * FS_E_IO with e filled. */
static int merge_input_ok(const char *path, fs_error *e)
{
    sqlite3 *h = NULL;
    int rc = 0;
    if (access(path, F_OK) != 0)
        rc = fs_error_set(e, FS_E_IO, "%s: cannot open: %s", path, strerror(errno));
    else if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        rc = fs_error_set(e, FS_E_IO, "%s: cannot open: %s", path,
                          h ? sqlite3_errmsg(h) : "out of memory");
    else if (one_count(h, "SELECT count(*) FROM documents") < 0)
        rc = fs_error_set(e, FS_E_IO, "%s: not a fiscan batch database: %s", path,
                          sqlite3_errmsg(h));
    sqlite3_close(h);
    return rc;
}

int fs_sqlite_merge(const char *out, char *const *in, size_t nin, size_t *ndocs, fs_error *e)
{
    static const char *const tables[] = {"documents", "sections", "figures", "findings",
                                         "finding_figures", "skipped", "tables", "cells",
                                         "finding_cells"};
    for (size_t i = 0; i < nin; i++)
        if (merge_input_ok(in[i], e))
            return FS_E_IO;
    fs_sqlite *s;
    int rc = fs_sqlite_open(out, 1, &s, e);
    if (rc)
        return rc;
    char sql[512];
    for (size_t i = 0; i < nin; i++) {
        sqlite3_stmt *q;
        if (sqlite3_prepare_v2(s->db, "ATTACH DATABASE ? AS src", -1, &q, NULL) != SQLITE_OK) {
            rc = db_error(s->db, e, "attach");
            break;
        }
        sqlite3_bind_text(q, 1, in[i], -1, SQLITE_TRANSIENT);
        int arc = step_done(q);
        sqlite3_finalize(q);
        if (arc != SQLITE_OK) {
            fs_error_set(e, FS_E_IO, "%s: %s", in[i], sqlite3_errmsg(s->db));
            rc = FS_E_IO;
            break;
        }
        /* an input of schema version 1 has no path_hex columns */
        const char *hex = "path_hex";
        if (sqlite3_prepare_v2(s->db, "SELECT path_hex FROM src.paths", -1, &q, NULL) !=
            SQLITE_OK)
            hex = "NULL";
        sqlite3_finalize(q);
        int ok = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
        for (size_t t = 0; ok && t < NCOLS(tables); t++) {
            /* an input of schema version 2 has no tables, cells, finding_cells */
            snprintf(sql, sizeof sql, "SELECT 1 FROM src.%s LIMIT 0", tables[t]);
            if (sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) != SQLITE_OK) {
                sqlite3_finalize(q);
                continue;
            }
            sqlite3_finalize(q);
            snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO main.%s SELECT * FROM src.%s",
                     tables[t], tables[t]);
            ok = sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK;
        }
        snprintf(sql, sizeof sql, "INSERT OR IGNORE INTO main.paths(path, sha256, path_hex)"
                 " SELECT path, sha256, %s FROM src.paths", hex);
        ok = ok && sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK;
        /* A failure is kept only when no shard processed the same bytes. */
        snprintf(sql, sizeof sql,
                 "INSERT OR IGNORE INTO main.failures(path, sha256, kind, reason, path_hex)"
                 " SELECT path, sha256, kind, reason, %s FROM src.failures"
                 " f WHERE f.sha256 IS NULL OR f.sha256 NOT IN"
                 " (SELECT sha256 FROM main.documents);"
                 "DELETE FROM main.failures WHERE sha256 IN"
                 " (SELECT sha256 FROM main.documents);", hex);
        ok = ok && sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK;
        if (ok)
            ok = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
        if (!ok) {
            fs_error_set(e, FS_E_IO, "%s: %s", in[i], sqlite3_errmsg(s->db));
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            rc = FS_E_IO;
        }
        sqlite3_exec(s->db, "DETACH DATABASE src", NULL, NULL, NULL);
        if (rc)
            break;
    }
    if (!rc && ndocs) {
        sqlite3_stmt *q;
        *ndocs = 0;
        if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM documents", -1, &q, NULL) ==
                SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            *ndocs = (size_t)sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    fs_sqlite_close(s);
    return rc;
}
