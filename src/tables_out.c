/* tables_out.c — tables (tables.h) as JSON and as CSV.
 *
 * JSON: the `tables` array of a document record (docs/json.md).  CSV: one
 * table after another, each as a block — a line naming it, the header line
 * (code, name, then one column per header path), one line per row — with a
 * blank line between tables.  As every CSV of fiscan (docs/csv.md): text
 * is always quoted (a code such as 2010101 is text) and numbers never are,
 * written without thousands commas and with their printed decimals. */
#include "tables_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cJSON *cell_json(const fs_tcell *c)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "text", c->text ? c->text : "");
    if (c->has_number) {
        /* for display, as every number of a record; exact in `text` */
        char b[64];
        if (fs_dec_to_string(c->number, b, sizeof b) < 0)
            snprintf(b, sizeof b, "0");
        cJSON_AddNumberToObject(o, "number", strtod(b, NULL));
        cJSON_AddNumberToObject(o, "decimals", c->decimals);
        cJSON_AddBoolToObject(o, "percent", c->percent);
    } else {
        cJSON_AddNullToObject(o, "number");
    }
    if (c->page)
        cJSON_AddNumberToObject(o, "page", c->page);
    else
        cJSON_AddNullToObject(o, "page");
    if (c->page && c->x1 > c->x0) {
        cJSON *box = cJSON_AddArrayToObject(o, "box");
        float v[4] = {c->x0, c->y0, c->x1, c->y1};
        for (int k = 0; box && k < 4; k++)
            cJSON_AddItemToArray(box, cJSON_CreateNumber((double)(int)(v[k] * 10 + 0.5f) / 10));
    } else {
        cJSON_AddNullToObject(o, "box");
    }
    return o;
}

/* See tables_out.h. */
cJSON *fs_json_tables(const fs_tables *t)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t k = 0; arr && t && k < t->n; k++) {
        const fs_table *x = &t->v[k];
        cJSON *o = cJSON_CreateObject();
        if (!o)
            break;
        char id[32];
        snprintf(id, sizeof id, "t%zu", k + 1);
        cJSON_AddStringToObject(o, "id", id);
        cJSON_AddStringToObject(o, "title", x->title ? x->title : "");
        cJSON_AddStringToObject(o, "kind", x->kind);
        cJSON *pg = cJSON_AddArrayToObject(o, "pages");
        for (uint32_t p = x->page_first; pg && p <= x->page_last; p++)
            cJSON_AddItemToArray(pg, cJSON_CreateNumber(p));
        cJSON_AddStringToObject(o, "unit", x->unit);
        cJSON *cols = cJSON_AddArrayToObject(o, "columns");
        for (size_t c = 0; cols && c < x->ncols; c++)
            cJSON_AddItemToArray(cols, cJSON_CreateString(x->columns[c] ? x->columns[c] : ""));
        cJSON *rows = cJSON_AddArrayToObject(o, "rows");
        for (size_t r = 0; rows && r < x->nrows; r++) {
            const fs_trow *w = &x->rows[r];
            cJSON *ro = cJSON_CreateObject();
            if (!ro)
                break;
            cJSON_AddStringToObject(ro, "code", w->code ? w->code : "");
            cJSON_AddStringToObject(ro, "name", w->name ? w->name : "");
            cJSON_AddNumberToObject(ro, "level", w->level);
            cJSON_AddBoolToObject(ro, "total", w->total);
            cJSON_AddNumberToObject(ro, "page", w->page);
            cJSON *cells = cJSON_AddArrayToObject(ro, "cells");
            for (size_t c = 0; cells && c < x->ncols; c++)
                cJSON_AddItemToArray(cells, cell_json(&w->cells[c]));
            cJSON_AddItemToArray(rows, ro);
        }
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

/* Appends s as one quoted CSV field (text). */
static int field(fs_buf *b, const char *s)
{
    int rc = fs_buf_putc(b, '"');
    for (const char *p = s; *p && !rc; p++) {
        if (*p == '"')
            rc = fs_buf_puts(b, "\"\"");
        else if (*p == '\n' || *p == '\r')
            rc = fs_buf_putc(b, ' ');
        else
            rc = fs_buf_putc(b, *p);
    }
    return rc ? rc : fs_buf_putc(b, '"');
}

/* See tables_out.h. */
int fs_csv_tables(fs_buf *b, const char *path, const fs_tables *t)
{
    int rc = 0;
    for (size_t k = 0; t && k < t->n && !rc; k++) {
        const fs_table *x = &t->v[k];
        char head[96];
        snprintf(head, sizeof head, "t%zu", k + 1);
        if (k)
            rc = fs_buf_putc(b, '\n');
        /* the block's first line: source, id, title, kind, pages, unit */
        if (!rc)
            rc = fs_buf_puts(b, "file,table,title,kind,pages,unit\n");
        char pages[32];
        if (x->page_first == x->page_last)
            snprintf(pages, sizeof pages, "%u", (unsigned)x->page_first);
        else
            snprintf(pages, sizeof pages, "%u-%u", (unsigned)x->page_first, (unsigned)x->page_last);
        const char *v[] = {path, head, x->title ? x->title : "", x->kind, pages, x->unit};
        for (int i = 0; i < 6 && !rc; i++)
            rc = (i ? fs_buf_putc(b, ',') : 0) || field(b, v[i]);
        if (!rc)
            rc = fs_buf_puts(b, "\ncode,name,level");
        for (size_t c = 0; c < x->ncols && !rc; c++)
            rc = fs_buf_putc(b, ',') || field(b, x->columns[c] ? x->columns[c] : "");
        for (size_t r = 0; r < x->nrows && !rc; r++) {
            const fs_trow *w = &x->rows[r];
            char lv[8];
            snprintf(lv, sizeof lv, "%d", w->level);
            rc = fs_buf_putc(b, '\n') || field(b, w->code ? w->code : "") || fs_buf_putc(b, ',') ||
                 field(b, w->name ? w->name : "") || fs_buf_putc(b, ',') || fs_buf_puts(b, lv);
            for (size_t c = 0; c < x->ncols && !rc; c++) {
                const fs_tcell *cl = &w->cells[c];
                rc = fs_buf_putc(b, ',');
                if (rc)
                    break;
                if (cl->has_number && !cl->percent) {
                    /* fs_dec keeps the printed decimals: 10.00 stays 10.00 */
                    char nb[64];
                    if (fs_dec_to_string(cl->number, nb, sizeof nb) < 0)
                        nb[0] = '\0';
                    rc = fs_buf_puts(b, nb);
                } else {
                    rc = field(b, cl->text ? cl->text : "");
                }
            }
        }
        if (!rc)
            rc = fs_buf_putc(b, '\n');
    }
    return rc;
}
