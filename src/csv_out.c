/* csv_out.c — see csv_out.h. */
#include "csv_out.h"
#include "error.h"

#include "json_out.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* Column name and the path of the JSON field it holds, '.'-separated from
 * the figure object; "#path" is taken from the document's source object. */
static const struct column {
    const char *name;
    const char *path;
} columns[] = {
    {"file", "#path"},
    {"sha256", "#sha256"},
    {"id", "id"},
    {"kind", "kind"},
    {"subject", "subject"},
    {"period", "period"},
    {"item", "identity.item"},
    {"code", "identity.code"},
    {"measure", "identity.measure"},
    {"scope", "identity.scope"},
    {"level", "identity.level"},
    {"item_period", "identity.period"},
    {"item_certain", "identity.certain"},
    {"value_number", "value.number"},
    {"value_text", "value.text"},
    {"value_unit", "value.unit"},
    {"value_decimals", "value.decimals"},
    {"value_base", "value.base"},
    {"value_approximate", "value.approximate"},
    {"change_basis", "change.basis"},
    {"change_direction", "change.direction"},
    {"change_amount_text", "change.amount.text"},
    {"change_amount_base", "change.amount.base"},
    {"change_percent_number", "change.percent.number"},
    {"change_percent_text", "change.percent.text"},
    {"prior_period", "prior.period"},
    {"prior_value_text", "prior.value.text"},
    {"prior_value_base", "prior.value.base"},
    {"share_percent_number", "share.percent.number"},
    {"share_percent_text", "share.percent.text"},
    {"share_of", "share.of"},
    {"share_of_subject", "share.of_subject"},
    {"parent", "parent"},
    {"section", "section"},
    {"page", "page"},
    {"line", "line"},
    {"quote", "quote"},
    {"file_hex", "#path_hex"},
};

/* The columns of findings.csv, from a finding object ("#x": the source). */
static const struct column finding_columns[] = {
    {"file", "#path"},
    {"sha256", "#sha256"},
    {"id", "id"},
    {"check", "check"},
    {"severity", "severity"},
    {"figures", "figures"}, /* the ids, joined with ',' */
    {"stated_text", "stated.text"},
    {"expected_low_exact", "expected.low_exact"},
    {"expected_high_exact", "expected.high_exact"},
    {"message", "message"},
    {"page", "locations.0.page|cells.0.page"},
    {"line", "locations.0.line"},
    {"quote", "stated.quote"},
    {"file_hex", "#path_hex"},
};

int fs_csv_field(fs_buf *b, const char *s)
{
    /* Always quoted: a quoted cell is text (docs/csv.md), never a number */
    if (fs_buf_putc(b, '"'))
        return FS_E_NOMEM;
    for (; *s; s++) {
        if (*s == '"' && fs_buf_putc(b, '"'))
            return FS_E_NOMEM;
        if (fs_buf_putc(b, *s))
            return FS_E_NOMEM;
    }
    return fs_buf_putc(b, '"');
}

/* Appends the header line naming cols. */
static int header(fs_buf *b, const struct column *cols, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if ((i && fs_buf_putc(b, ',')) || fs_buf_puts(b, cols[i].name))
            return FS_E_NOMEM;
    }
    return fs_buf_puts(b, "\r\n");
}

int fs_csv_figures_header(fs_buf *b)
{
    return header(b, columns, sizeof columns / sizeof *columns);
}

int fs_csv_findings_header(fs_buf *b)
{
    return header(b, finding_columns, sizeof finding_columns / sizeof *finding_columns);
}

int fs_csv_failures_header(fs_buf *b)
{
    return fs_buf_puts(b, "file,sha256,kind,reason,file_hex\r\n");
}


/* Writes one JSON scalar as a CSV field ("" for null or missing). */
static int scalar_field(fs_buf *b, const cJSON *v)
{
    char num[64];
    if (!v)
        return 0;
    if (cJSON_IsString(v))
        return fs_csv_field(b, v->valuestring);
    if (cJSON_IsArray(v)) { /* a list of ids: one text cell, joined with ',' */
        fs_buf ids = FS_BUF_INIT;
        const cJSON *x;
        int rc = 0;
        cJSON_ArrayForEach(x, v)
        {
            if (cJSON_IsString(x))
                rc |= (ids.len ? fs_buf_putc(&ids, ',') : 0) | fs_buf_puts(&ids, x->valuestring);
        }
        rc = rc ? FS_E_NOMEM : fs_csv_field(b, ids.s ? ids.s : "");
        fs_buf_free(&ids);
        return rc;
    }
    if (cJSON_IsBool(v))
        return fs_buf_puts(b, cJSON_IsTrue(v) ? "true" : "false");
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d == (double)(long long)d && d > -1e15 && d < 1e15)
            return fs_buf_printf(b, "%lld", (long long)d); /* 2020, not 2.02e+03 */
        /* Shortest text that reads back as the same double: 953.39, not
         * 953.38999999999999. */
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(num, sizeof num, "%.*g", prec, d);
            if (strtod(num, NULL) == d)
                break;
        }
        return fs_buf_puts(b, num);
    }
    return 0;
}

/* Follows path from o like fs_json_lookup, where a step that is a number
 * indexes an array ("locations.0.page"). */
static const cJSON *lookup(const cJSON *o, const char *path)
{
    const char *dot = strchr(path, '.');
    if (!dot || dot[1] < '0' || dot[1] > '9')
        return fs_json_lookup(o, path);
    char head[64];
    size_t n = (size_t)(dot - path);
    if (n >= sizeof head)
        return NULL;
    memcpy(head, path, n);
    head[n] = '\0';
    char *end;
    long k = strtol(dot + 1, &end, 10);
    const cJSON *item = cJSON_GetArrayItem(fs_json_lookup(o, head), (int)k);
    return *end == '.' ? fs_json_lookup(item, end + 1) : item;
}

/* lookup over alternatives "a|b": the first that is there. */
static const cJSON *lookup_any(const cJSON *o, const char *paths)
{
    char one[128];
    for (const char *p = paths; *p;) {
        size_t n = strcspn(p, "|");
        if (n < sizeof one) {
            memcpy(one, p, n);
            one[n] = '\0';
            const cJSON *x = lookup(o, one);
            if (x)
                return x;
        }
        p += n + (p[n] == '|');
    }
    return NULL;
}

/* Appends one row per item of the array at key of doc, with cols. */
static int rows(const cJSON *doc, const char *key, const struct column *cols, size_t ncols,
                fs_buf *b)
{
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(doc, "source");
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(doc, key))
    {
        for (size_t i = 0; i < ncols; i++) {
            const char *path = cols[i].path;
            const cJSON *v = path[0] == '#' ? fs_json_lookup(source, path + 1) : lookup_any(f, path);
            if ((i && fs_buf_putc(b, ',')) || scalar_field(b, v))
                return FS_E_NOMEM;
        }
        if (fs_buf_puts(b, "\r\n"))
            return FS_E_NOMEM;
    }
    return 0;
}

int fs_csv_figures_rows(const cJSON *doc, fs_buf *b)
{
    return rows(doc, "figures", columns, sizeof columns / sizeof *columns, b);
}

int fs_csv_findings_rows(const cJSON *doc, fs_buf *b)
{
    return rows(doc, "findings", finding_columns,
                sizeof finding_columns / sizeof *finding_columns, b);
}
