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
};

int fs_csv_field(fs_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n"))
        return fs_buf_puts(b, s);
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

int fs_csv_figures_header(fs_buf *b)
{
    for (size_t i = 0; i < sizeof columns / sizeof *columns; i++) {
        if ((i && fs_buf_putc(b, ',')) || fs_buf_puts(b, columns[i].name))
            return FS_E_NOMEM;
    }
    return fs_buf_puts(b, "\r\n");
}


/* Writes one JSON scalar as a CSV field ("" for null or missing). */
static int scalar_field(fs_buf *b, const cJSON *v)
{
    char num[64];
    if (!v)
        return 0;
    if (cJSON_IsString(v))
        return fs_csv_field(b, v->valuestring);
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

int fs_csv_figures_rows(const cJSON *doc, fs_buf *b)
{
    const cJSON *source = cJSON_GetObjectItemCaseSensitive(doc, "source");
    const cJSON *figs = cJSON_GetObjectItemCaseSensitive(doc, "figures");
    const cJSON *f;
    cJSON_ArrayForEach(f, figs)
    {
        for (size_t i = 0; i < sizeof columns / sizeof *columns; i++) {
            const char *path = columns[i].path;
            const cJSON *v = path[0] == '#' ? fs_json_lookup(source, path + 1) : fs_json_lookup(f, path);
            if ((i && fs_buf_putc(b, ',')) || scalar_field(b, v))
                return FS_E_NOMEM;
        }
        if (fs_buf_puts(b, "\r\n"))
            return FS_E_NOMEM;
    }
    return 0;
}
