/* json_out.c — see json_out.h. */
#include "json_out.h"
#include "tables_out.h"

#include "identity.h"
#include "locate.h"
#include "names.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const numbering_names[] = {
    [FS_NUM_PART] = "part",           [FS_NUM_CN] = "cn",
    [FS_NUM_CN_PAREN] = "cn_paren",   [FS_NUM_ARABIC] = "arabic",
    [FS_NUM_ARABIC_PAREN] = "arabic_paren", [FS_NUM_CIRCLED] = "circled",
    [FS_NUM_NONE] = "none",
};

size_t fs_json_char_offset(const char *s, size_t off)
{
    size_t n = 0;
    for (size_t i = 0; i < off; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Code-point offsets of byte offsets in one text, without counting from
 * the start each time (an outline of thousands of sections in a long text
 * would otherwise cost their product): the count at every CIX_STEP bytes,
 * then the rest counted. */
#define CIX_STEP 1024
typedef struct charidx {
    const char *s;
    size_t len;
    size_t *at;   /* at[k] = code points in s[0 .. k*CIX_STEP) */
} charidx;

static int cix_init(charidx *x, const char *s, size_t len)
{
    x->s = s;
    x->len = len;
    x->at = malloc((len / CIX_STEP + 1) * sizeof *x->at);
    if (!x->at)
        return -1;
    size_t n = 0;
    for (size_t k = 0; k <= len / CIX_STEP; k++) {
        x->at[k] = n;
        size_t e = (k + 1) * CIX_STEP < len ? (k + 1) * CIX_STEP : len;
        for (size_t i = k * CIX_STEP; i < e; i++)
            n += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return 0;
}

static size_t cix_get(const charidx *x, size_t off)
{
    if (off > x->len)
        off = x->len;
    size_t k = off / CIX_STEP, n = x->at[k];
    for (size_t i = k * CIX_STEP; i < off; i++)
        n += ((unsigned char)x->s[i] & 0xC0) != 0x80;
    return n;
}

/* The outline as a tree: first child and next sibling of each section. */
typedef struct tree {
    const fs_outline *o;
    const fs_text *t;
    charidx cx;
    size_t *first, *next; /* (size_t)-1: none */
} tree;

/* Builds the node for section i and, recursively, its children. */
static cJSON *section_node(const tree *tr, size_t i)
{
    const fs_section *s = &tr->o->v[i];
    cJSON *n = cJSON_CreateObject();
    if (!n)
        return NULL;
    int nb = (s->numbering >= FS_NUM_PART && s->numbering <= FS_NUM_NONE) ? (int)s->numbering
                                                                           : FS_NUM_NONE;
    cJSON_AddStringToObject(n, "id", s->id);
    cJSON_AddNumberToObject(n, "level", s->level);
    cJSON_AddStringToObject(n, "numbering", numbering_names[nb]);
    cJSON_AddNumberToObject(n, "ordinal", s->ordinal);
    cJSON_AddStringToObject(n, "heading", s->heading ? s->heading : "");
    cJSON_AddNumberToObject(n, "page", s->page);
    cJSON_AddNumberToObject(n, "line", s->line);
    cJSON_AddNumberToObject(n, "start", (double)cix_get(&tr->cx, s->start));
    cJSON_AddNumberToObject(n, "end", (double)cix_get(&tr->cx, s->end));
    cJSON *kids = cJSON_AddArrayToObject(n, "children");
    for (size_t j = tr->first[i]; j != (size_t)-1; j = tr->next[j]) {
        cJSON *c = section_node(tr, j);
        if (!c) {
            cJSON_Delete(n);
            return NULL;
        }
        cJSON_AddItemToArray(kids, c);
    }
    return n;
}

cJSON *fs_json_outline(const fs_outline *o, const fs_text *t)
{
    cJSON *arr = cJSON_CreateArray();
    if (!arr || !o || o->n == 0)
        return arr;
    tree tr = {.o = o, .t = t};
    size_t *last = malloc(o->n * sizeof *last);
    tr.first = malloc(o->n * sizeof *tr.first);
    tr.next = malloc(o->n * sizeof *tr.next);
    int ok = last && tr.first && tr.next && cix_init(&tr.cx, t->s, t->len) == 0;
    for (size_t i = 0; ok && i < o->n; i++) {
        tr.first[i] = tr.next[i] = (size_t)-1;
        int p = o->v[i].parent;
        /* children follow their parent, in document order */
        if (p >= 0 && (size_t)p < i) {
            if (tr.first[p] == (size_t)-1)
                tr.first[p] = i;
            else
                tr.next[last[p]] = i;
            last[p] = i;
        }
    }
    for (size_t i = 0; ok && i < o->n; i++) {
        if (o->v[i].parent >= 0)
            continue;
        cJSON *c = section_node(&tr, i);
        if (!c)
            ok = 0;
        else
            cJSON_AddItemToArray(arr, c);
    }
    free(last);
    free(tr.first);
    free(tr.next);
    free(tr.cx.at);
    if (!ok) {
        cJSON_Delete(arr);
        return NULL;
    }
    return arr;
}

int fs_json_set_path(cJSON *o, const char *name)
{
    char *disp = fs_name_display(name);
    cJSON *p = disp ? cJSON_CreateString(disp) : NULL;
    free(disp);
    if (!p)
        return FS_E_NOMEM;
    if (cJSON_GetObjectItemCaseSensitive(o, "path"))
        cJSON_ReplaceItemInObjectCaseSensitive(o, "path", p);
    else
        cJSON_AddItemToObject(o, "path", p);
    cJSON_DeleteItemFromObjectCaseSensitive(o, "path_hex");
    if (!fs_name_needs_escape(name))
        return 0;
    fs_buf h = FS_BUF_INIT;
    int rc = fs_name_hex(&h, name);
    if (!rc && !cJSON_AddStringToObject(o, "path_hex", h.s ? h.s : ""))
        rc = FS_E_NOMEM;
    fs_buf_free(&h);
    return rc;
}

cJSON *fs_json_source(const fs_document *d)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || fs_json_set_path(o, d->path)) {
        cJSON_Delete(o);
        return NULL;
    }
    cJSON_AddStringToObject(o, "format", d->raw ? d->raw->format : "");
    if (d->raw && d->raw->encoding[0])
        cJSON_AddStringToObject(o, "encoding", d->raw->encoding);
    cJSON_AddNumberToObject(o, "pages", d->raw ? (double)d->raw->npages : 0);
    cJSON_AddNumberToObject(o, "bytes", (double)d->bytes);
    cJSON_AddStringToObject(o, "sha256", d->sha256);
    return o;
}

/* Adds key: string, or null when s is NULL. */
static void add_str_or_null(cJSON *o, const char *key, const char *s)
{
    if (s)
        cJSON_AddStringToObject(o, key, s);
    else
        cJSON_AddNullToObject(o, key);
}

/* Adds key: a slice of the text as a string. */
static void add_slice(cJSON *o, const char *key, const fs_text *t, size_t a, size_t b)
{
    if (b > t->len)
        b = t->len;
    if (a > b)
        a = b;
    char *s = strndup(t->s + a, b - a);
    cJSON_AddStringToObject(o, key, s ? s : "");
    free(s);
}

/* The value as a JSON number parsed from its exact decimal text, so that
 * 953.39 prints as 953.39. */
static cJSON *dec_number(fs_dec d)
{
    char buf[48];
    if (fs_dec_to_string(d, buf, sizeof buf) < 0)
        return cJSON_CreateNull();
    return cJSON_CreateNumber(strtod(buf, NULL));
}

static const char *direction_name(fs_direction d)
{
    switch (d) {
    case FS_DIR_INCREASE: return "increase";
    case FS_DIR_DECREASE: return "decrease";
    case FS_DIR_FLAT: return "flat";
    default: return NULL;
    }
}

static const char *kind_name(fs_figure_kind k)
{
    switch (k) {
    case FS_FIG_HEADCOUNT: return "headcount";
    case FS_FIG_COUNT: return "count";
    case FS_FIG_AREA: return "area";
    default: return "money";
    }
}

cJSON *fs_json_amount(const fs_amount *a, const fs_text *t)
{
    if (!a || !a->present)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    const fs_quantity *q = &a->q;
    char unit[48], base[48];
    cJSON_AddItemToObject(o, "number", dec_number(q->value));
    add_slice(o, "text", t, q->start, q->end);
    if (fs_quantity_unit_text(q, unit, sizeof unit) < 0)
        unit[0] = '\0';
    cJSON_AddStringToObject(o, "unit", unit);
    cJSON_AddNumberToObject(o, "decimals", q->decimals);
    if (fs_dec_to_string(fs_dec_normalize(q->base), base, sizeof base) < 0)
        base[0] = '\0';
    cJSON_AddStringToObject(o, "base", base);
    cJSON_AddStringToObject(o, "base_unit", fs_unit_name(fs_unit_base(q->unit)));
    cJSON_AddBoolToObject(o, "approximate", q->approximate);
    return o;
}

/* A rate {number, text, decimals} (the amount fields minus the base). */
static cJSON *percent_json(const fs_amount *a, const fs_text *t)
{
    if (!a || !a->present)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddItemToObject(o, "number", dec_number(a->q.value));
    add_slice(o, "text", t, a->q.start, a->q.end);
    cJSON_AddNumberToObject(o, "decimals", a->q.decimals);
    cJSON_AddBoolToObject(o, "approximate", a->q.approximate);
    return o;
}

/* A change in percentage points {basis, direction, points, prior}, or null. */
static cJSON *points_json(const fs_points *pt, const fs_text *t)
{
    if (!pt->present)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "basis", pt->basis ? pt->basis : "");
    add_str_or_null(o, "direction", direction_name(pt->direction));
    cJSON_AddItemToObject(o, "points", percent_json(&pt->points, t));
    cJSON_AddItemToObject(o, "prior", percent_json(&pt->prior, t));
    return o;
}

/* "f12" for figure index 11, or null. */
static cJSON *figure_ref(const fs_figures *f, int i)
{
    if (i < 0 || (size_t)i >= f->n)
        return cJSON_CreateNull();
    char id[24];
    snprintf(id, sizeof id, "f%d", i + 1);
    return cJSON_CreateString(id);
}

/* The identity of a figure (identity.h) as an object; "" fields stay "" so
 * that a table of figures has the same columns for every row. */
static cJSON *identity_json(const fs_identity *id)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "item", id->item ? id->item : "");
    cJSON_AddStringToObject(o, "code", id->code ? id->code : "");
    cJSON_AddStringToObject(o, "measure", id->measure ? id->measure : "");
    cJSON_AddStringToObject(o, "scope", id->scope ? id->scope : "");
    cJSON_AddStringToObject(o, "level", id->level ? id->level : "");
    if (id->period)
        cJSON_AddNumberToObject(o, "period", id->period);
    else
        cJSON_AddNullToObject(o, "period");
    cJSON_AddBoolToObject(o, "generic", id->generic != 0);
    cJSON_AddBoolToObject(o, "certain", id->certain != 0);
    cJSON *fr = cJSON_AddObjectToObject(o, "from");
    if (fr) {
        cJSON_AddStringToObject(fr, "item", fs_identity_source_name(id->item_from));
        cJSON_AddStringToObject(fr, "measure", fs_identity_source_name(id->measure_from));
        cJSON_AddStringToObject(fr, "scope", fs_identity_source_name(id->scope_from));
        cJSON_AddStringToObject(fr, "level", fs_identity_source_name(id->level_from));
        cJSON_AddStringToObject(fr, "period", fs_identity_source_name(id->period_from));
    }
    return o;
}

cJSON *fs_json_figure(const fs_figures *f, size_t i, const fs_text *t, const fs_outline *ol)
{
    const fs_figure *g = &f->v[i];
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddItemToObject(o, "id", figure_ref(f, (int)i));
    cJSON_AddStringToObject(o, "kind", kind_name(g->kind));
    cJSON_AddStringToObject(o, "subject", g->subject ? g->subject : "");
    if (g->period)
        cJSON_AddNumberToObject(o, "period", g->period);
    else
        cJSON_AddNullToObject(o, "period");
    cJSON_AddItemToObject(o, "value", fs_json_amount(&g->value, t));
    cJSON_AddItemToObject(o, "identity", identity_json(&g->id));

    if (g->change.present) {
        cJSON *c = cJSON_AddObjectToObject(o, "change");
        cJSON_AddStringToObject(c, "basis", g->change.basis ? g->change.basis : "");
        add_str_or_null(c, "direction", direction_name(g->change.direction));
        cJSON_AddItemToObject(c, "amount", fs_json_amount(&g->change.amount, t));
        cJSON_AddItemToObject(c, "percent", percent_json(&g->change.percent, t));
        cJSON_AddItemToObject(c, "ratio", percent_json(&g->change.ratio, t));
        add_str_or_null(c, "ratio_basis", g->change.ratio_basis);
        cJSON_AddItemToObject(c, "points", points_json(&g->change.points, t));
    } else {
        cJSON_AddNullToObject(o, "change");
    }
    if (g->prior.present) {
        cJSON *p = cJSON_AddObjectToObject(o, "prior");
        if (g->prior.period)
            cJSON_AddNumberToObject(p, "period", g->prior.period);
        else
            cJSON_AddNullToObject(p, "period");
        add_str_or_null(p, "label", g->prior.label);
        cJSON_AddItemToObject(p, "value", fs_json_amount(&g->prior.value, t));
    } else {
        cJSON_AddNullToObject(o, "prior");
    }
    if (g->share.present) {
        cJSON *s = cJSON_AddObjectToObject(o, "share");
        cJSON_AddItemToObject(s, "percent", percent_json(&g->share.percent, t));
        cJSON_AddItemToObject(s, "of", figure_ref(f, g->share.of));
        add_str_or_null(s, "of_subject", g->share.of_subject);
        cJSON_AddItemToObject(s, "points", points_json(&g->share.points, t));
    } else {
        cJSON_AddNullToObject(o, "share");
    }
    cJSON_AddItemToObject(o, "parent", figure_ref(f, g->parent));
    if (ol && g->section >= 0 && (size_t)g->section < ol->n)
        cJSON_AddStringToObject(o, "section", ol->v[g->section].id);
    else
        cJSON_AddNullToObject(o, "section");
    cJSON_AddNumberToObject(o, "page", g->page);
    cJSON_AddNumberToObject(o, "line", g->line);
    add_slice(o, "quote", t, g->quote_start, g->quote_end);
    cJSON_AddBoolToObject(o, "disordered", g->disordered != 0);
    if (g->compare != FS_CMP_NONE) {
        static const char *const rel[] = {NULL, "greater", "less", "equal", "about"};
        cJSON *cm = cJSON_AddObjectToObject(o, "comparison");
        cJSON_AddStringToObject(cm, "relation", rel[g->compare]);
        add_slice(cm, "text", t, g->compare_start, g->compare_end);
    } else {
        cJSON_AddNullToObject(o, "comparison");
    }
    static const char *const parts_names[] = {NULL, "qizhong", "by", "enumeration", "includes",
                                              "headcount"};
    if (g->parts_kind > FS_PARTS_NONE && g->parts_kind <= FS_PARTS_HEADCOUNT) {
        cJSON *p = cJSON_AddObjectToObject(o, "parts");
        cJSON_AddStringToObject(p, "listed_as", parts_names[g->parts_kind]);
        add_str_or_null(p, "by", g->parts_by);
        if (g->parts_complete >= 0)
            cJSON_AddBoolToObject(p, "complete", g->parts_complete == 1);
        else
            cJSON_AddNullToObject(p, "complete");
    } else {
        cJSON_AddNullToObject(o, "parts");
    }
    add_str_or_null(o, "pattern", g->pattern);
    return o;
}

cJSON *fs_json_docinfo(const fs_docinfo *info)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    add_str_or_null(o, "title", info->title);
    add_str_or_null(o, "organisation", info->organisation);
    if (info->year)
        cJSON_AddNumberToObject(o, "year", info->year);
    else
        cJSON_AddNullToObject(o, "year");
    cJSON_AddStringToObject(o, "kind", info->kind[0] ? info->kind : "other");
    return o;
}

/* [{figure, page, line}, ...] and the list of ids of a finding's figures. */
static void add_check_figs(cJSON *o, const fs_figures *f, const fs_check_fig *v, size_t n,
                           int with_locations)
{
    cJSON *ids = cJSON_AddArrayToObject(o, "figures");
    cJSON *locs = with_locations ? cJSON_AddArrayToObject(o, "locations") : NULL;
    for (size_t i = 0; i < n; i++) {
        cJSON_AddItemToArray(ids, figure_ref(f, v[i].figure));
        if (locs) {
            cJSON *l = cJSON_CreateObject();
            cJSON_AddItemToObject(l, "figure", figure_ref(f, v[i].figure));
            cJSON_AddNumberToObject(l, "page", v[i].page);
            cJSON_AddNumberToObject(l, "line", v[i].line);
            cJSON_AddItemToArray(locs, l);
        }
    }
}

/* A point coordinate rounded to a tenth, for the record. */
static cJSON *coord(float v)
{
    return cJSON_CreateNumber(floor((double)v * 10 + 0.5) / 10);
}

/* "cells": the table cells of finding x ([] for a finding on figures):
 * {table, row, column, page, box, text}, the total first. */
static void add_check_cells(cJSON *o, const fs_finding *x)
{
    cJSON *arr = cJSON_AddArrayToObject(o, "cells");
    for (size_t k = 0; arr && k < x->ncells; k++) {
        const fs_check_cell *c = &x->cells[k];
        cJSON *e = cJSON_CreateObject();
        char id[24];
        snprintf(id, sizeof id, "t%u", (unsigned)c->table + 1);
        cJSON_AddStringToObject(e, "table", id);
        cJSON_AddNumberToObject(e, "row", c->row);
        cJSON_AddNumberToObject(e, "column", c->col);
        cJSON_AddNumberToObject(e, "page", c->page);
        cJSON *b = cJSON_AddArrayToObject(e, "box");
        for (int j = 0; j < 4; j++)
            cJSON_AddItemToArray(b, coord(c->box[j]));
        cJSON_AddStringToObject(e, "text", c->text);
        cJSON_AddItemToArray(arr, e);
    }
}


/* Appends to arr the mark of amount a of figure fi (role names which of its
 * amounts), unless a is absent or its span was marked already (seen[0..*nseen)
 * holds the starts of the marks so far). */
static void add_mark(cJSON *arr, const fs_figures *f, int fi, const char *role,
                     const fs_amount *a, const fs_finding *x, const fs_text *t,
                     const fs_rawdoc *raw, size_t *seen, size_t *nseen)
{
    if (!a->present || a->q.end <= a->q.start || a->q.end > t->len || *nseen >= 32)
        return;
    for (size_t i = 0; i < *nseen; i++)
        if (seen[i] == a->q.start)
            return;
    seen[(*nseen)++] = a->q.start;
    cJSON *m = cJSON_CreateObject();
    if (!m)
        return;
    cJSON_AddItemToObject(m, "figure", figure_ref(f, fi));
    cJSON_AddStringToObject(m, "role", role);
    add_slice(m, "text", t, a->q.start, a->q.end);
    cJSON_AddBoolToObject(m, "stated", x->stated.end > x->stated.start &&
                                           x->stated.start >= a->q.start &&
                                           x->stated.start < a->q.end);
    fs_srcpos sp = fs_text_pos(t, a->q.start);
    cJSON_AddNumberToObject(m, "page", sp.page);
    cJSON_AddNumberToObject(m, "line", sp.line);
    fs_box b;
    if (fs_locate_number(raw, t, a->q.start, a->q.end, &b) && b.page == sp.page) {
        cJSON *box = cJSON_AddArrayToObject(m, "box");
        cJSON_AddItemToArray(box, coord(b.x0));
        cJSON_AddItemToArray(box, coord(b.y0));
        cJSON_AddItemToArray(box, coord(b.x1));
        cJSON_AddItemToArray(box, coord(b.y1));
    } else {
        cJSON_AddNullToObject(m, "box");
    }
    cJSON_AddItemToArray(arr, m);
}

enum { M_VALUE = 1, M_CHANGE = 2, M_PERCENT = 4, M_RATIO = 8, M_POINTS = 16, M_PRIOR = 32,
       M_SHARE = 64, M_ALL = 127 };

/* Which amounts of its figures a check reads. */
static unsigned check_roles(fs_check_id c)
{
    switch (c) {
    case FS_CHECK_GROWTH: return M_VALUE | M_CHANGE | M_PERCENT | M_RATIO | M_PRIOR;
    case FS_CHECK_PRIOR: return M_VALUE | M_CHANGE | M_PRIOR;
    case FS_CHECK_SHARE: return M_VALUE | M_SHARE;
    case FS_CHECK_SUM: case FS_CHECK_COMPARISON: case FS_CHECK_TABLE: return M_VALUE;
    case FS_CHECK_CHANGE_SUM: return M_CHANGE;
    case FS_CHECK_SHARE_SUM: return M_SHARE;
    case FS_CHECK_DIRECTION: return M_VALUE | M_CHANGE | M_PERCENT | M_PRIOR;
    case FS_CHECK_POINTS: return M_POINTS | M_SHARE | M_PERCENT;
    default: return M_ALL;
    }
}

/* The marks of finding x: the printed amounts of its figures that its check
 * reads (value, change, rate, ratio, prior value, share, points) and the
 * stated number, with page, line and box. */
static cJSON *finding_marks(const fs_finding *x, const fs_figures *f, const fs_text *t,
                            const fs_rawdoc *raw)
{
    cJSON *arr = cJSON_CreateArray();
    size_t seen[32], nseen = 0;
    for (size_t i = 0; arr && f && t && i < x->nfigures; i++) {
        int fi = x->figures[i].figure;
        if (fi < 0 || (size_t)fi >= f->n)
            continue;
        const fs_figure *g = &f->v[fi];
        const struct {
            unsigned bit;
            const char *role;
            const fs_amount *a;
        } am[] = {{M_VALUE, "value", &g->value},
                  {M_CHANGE, "change", &g->change.amount},
                  {M_PERCENT, "percent", &g->change.percent},
                  {M_RATIO, "ratio", &g->change.ratio},
                  {M_POINTS, "points", &g->change.points.points},
                  {M_PRIOR, "prior", &g->prior.value},
                  {M_SHARE, "share", &g->share.percent},
                  {M_POINTS, "points", &g->share.points.points}};
        unsigned want = check_roles(x->check);
        for (size_t k = 0; k < sizeof am / sizeof am[0]; k++) {
            int stated = am[k].a->present && x->stated.end > x->stated.start &&
                         x->stated.start >= am[k].a->q.start && x->stated.start < am[k].a->q.end;
            if ((want & am[k].bit) || stated)
                add_mark(arr, f, fi, am[k].role, am[k].a, x, t, raw, seen, &nseen);
        }
    }
    return arr;
}

cJSON *fs_json_findings(const fs_check_result *r, const fs_figures *f, const fs_text *t,
                        const fs_rawdoc *raw)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; r && arr && i < r->nfindings; i++) {
        const fs_finding *x = &r->findings[i];
        cJSON *o = cJSON_CreateObject();
        char id[24];
        snprintf(id, sizeof id, "e%u", x->id);
        cJSON_AddStringToObject(o, "id", id);
        cJSON_AddStringToObject(o, "check", fs_check_name(x->check));
        cJSON_AddStringToObject(o, "severity", fs_severity_name(x->severity));
        add_check_figs(o, f, x->figures, x->nfigures, 1);
        add_check_cells(o, x);
        cJSON *st = cJSON_AddObjectToObject(o, "stated");
        cJSON_AddStringToObject(st, "text", x->stated.text);
        cJSON_AddNumberToObject(st, "number", x->stated.number);
        if (t && x->stated.end > x->stated.start && x->stated.end <= t->len) {
            size_t qa, qb;
            fs_text_sentence(t, x->stated.start, &qa, &qb);
            fs_srcpos sp = fs_text_pos(t, x->stated.start);
            cJSON_AddNumberToObject(st, "page", sp.page);
            cJSON_AddNumberToObject(st, "line", sp.line);
            add_slice(st, "quote", t, qa, qb);
        } else {
            if (x->ncells) /* a table cell: its page, no text line */
                cJSON_AddNumberToObject(st, "page", x->cells[0].page);
            else
                cJSON_AddNullToObject(st, "page");
            cJSON_AddNullToObject(st, "line");
            cJSON_AddNullToObject(st, "quote");
        }
        if (x->expected.present) {
            cJSON *ex = cJSON_AddObjectToObject(o, "expected");
            cJSON_AddNumberToObject(ex, "low", x->expected.low_value);
            cJSON_AddNumberToObject(ex, "high", x->expected.high_value);
            cJSON_AddStringToObject(ex, "low_exact", x->expected.low);
            cJSON_AddStringToObject(ex, "high_exact", x->expected.high);
            cJSON_AddBoolToObject(ex, "low_open", x->expected.low_open);
            cJSON_AddBoolToObject(ex, "high_open", x->expected.high_open);
        } else {
            cJSON_AddNullToObject(o, "expected");
        }
        cJSON_AddStringToObject(o, "message", x->message ? x->message : "");
        cJSON_AddItemToObject(o, "marks", finding_marks(x, f, t, raw));
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

cJSON *fs_json_skipped(const fs_check_result *r, const fs_figures *f)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; r && arr && i < r->nskipped; i++) {
        const fs_skipped *x = &r->skipped[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "check", fs_check_name(x->check));
        add_check_figs(o, f, x->figures, x->nfigures, 0);
        cJSON_AddStringToObject(o, "reason", x->reason ? x->reason : "");
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

cJSON *fs_json_document(const fs_document *d)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddItemToObject(o, "source", fs_json_source(d));
    if (d->figures) {
        cJSON_AddItemToObject(o, "document", fs_json_docinfo(&d->figures->info));
    } else {
        fs_docinfo none;
        memset(&none, 0, sizeof none);
        cJSON_AddItemToObject(o, "document", fs_json_docinfo(&none));
    }
    cJSON_AddItemToObject(o, "outline", fs_json_outline(d->outline, d->text));
    cJSON *figs = cJSON_AddArrayToObject(o, "figures");
    for (size_t i = 0; d->figures && i < d->figures->n; i++)
        cJSON_AddItemToArray(figs, fs_json_figure(d->figures, i, d->text, d->outline));
    cJSON_AddItemToObject(o, "findings", fs_json_findings(d->checks, d->figures, d->text, d->raw));
    cJSON_AddItemToObject(o, "skipped", fs_json_skipped(d->checks, d->figures));
    if (d->tables)
        cJSON_AddItemToObject(o, "tables", fs_json_tables(d->tables));
    else
        cJSON_AddArrayToObject(o, "tables");
    if (d->checks) {
        /* per check: relations checked (findings among them) and skipped */
        cJSON *cs = cJSON_AddObjectToObject(o, "checks");
        const fs_check_summary *sm = &d->checks->summary;
        for (int k = 0; cs && k < FS_CHECK_COUNT_; k++) {
            cJSON *x = cJSON_AddObjectToObject(cs, fs_check_name((fs_check_id)k));
            if (!x)
                break;
            cJSON_AddNumberToObject(x, "checked", (double)sm->checked_by[k]);
            cJSON_AddNumberToObject(x, "errors", (double)sm->errors_by[k]);
            cJSON_AddNumberToObject(x, "warnings", (double)sm->warnings_by[k]);
            cJSON_AddNumberToObject(x, "skipped", (double)sm->skipped_by[k]);
        }
    } else {
        cJSON_AddNullToObject(o, "checks");
    }
    cJSON *un = cJSON_AddArrayToObject(o, "unread_numbers");
    for (size_t i = 0; d->figures && i < d->figures->nunread; i++) {
        const fs_unread *u = &d->figures->unread[i];
        cJSON *x = cJSON_CreateObject();
        char *txt = malloc(u->end - u->start + 1);
        if (!x || !txt) {
            cJSON_Delete(x);
            free(txt);
            cJSON_Delete(o);
            return NULL;
        }
        memcpy(txt, d->text->s + u->start, u->end - u->start);
        txt[u->end - u->start] = '\0';
        cJSON_AddStringToObject(x, "text", txt);
        free(txt);
        cJSON_AddStringToObject(x, "reason", u->reason);
        cJSON_AddNumberToObject(x, "page", u->page);
        cJSON_AddNumberToObject(x, "line", u->line);
        cJSON_AddItemToArray(un, x);
    }
    return o;
}

/* Follows a dotted path from o; NULL when a step is missing or null. */
const cJSON *fs_json_lookup(const cJSON *o, const char *path)
{
    char step[64];
    while (o && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof step)
            return NULL;
        memcpy(step, path, n);
        step[n] = '\0';
        o = cJSON_GetObjectItemCaseSensitive(o, step);
        path += n + (path[n] == '.');
    }
    return o && !cJSON_IsNull(o) ? o : NULL;
}
