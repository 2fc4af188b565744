/* tables_header.c — a table's header: the columns it names and the path
 * of header cells above each column (see tables.c for the whole reader).
 *
 * The header lines are cut into words also at gaps that are wide for their
 * word (tline.hw: two cells set close together).  The words of one line
 * over one column are one label.
 *  - columns: a label clear of every column the amounts and labels of the
 *    body make, and of the labels that head one, is a column of its own (a
 *    column blank in every row: 上级补助收入, 备注) — unless the column next
 *    to it has no label at all (a label centred over short amounts);
 *  - a label wrapped in its cell: the lines of one label over the same
 *    columns, each at most H_WRAP_PITCH font sizes below the one before,
 *    the first as wide as the cell (H_FULL of it), are one label
 *    (本年收入合 / 计);
 *  - a merged cell: a label over several columns spans them; a label with
 *    labels below it in its column is the parent of some of them and spans
 *    the columns it is centred over, never part of a lower label's span
 *    nor a column of a label beside it (一般公共预算支出 › 基本支出).
 * Each column's path is then the labels spanning it, top first. */
#include "tables_impl.h"
#include "cjk.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define H_GROUP 1.0f       /* em: words closer than this are one label (columns) */
#define H_WRAP_PITCH 1.7f  /* font sizes between the lines of a wrapped label */
#define H_FULL 0.85f       /* a wrapped line fills this share of its cell */
#define H_CENTRE 0.12f     /* of a merged cell's width: off centre it may be */
#define H_SPACED 2.5f      /* em: single characters closer than this are one label */

/* The header words of line l (its words when it has none of its own). */
static const word *hwords(const tline *l, size_t *n)
{
    *n = l->hw ? l->nh : l->n;
    return l->hw ? l->hw : l->w;
}

/* Whether w names the unit (单位：万元), not a column. */
static int is_unit(const word *w)
{
    char u[16];
    return tbl_unit_in(w->text, u, sizeof u) && strlen(w->text) < 20;
}

/* Widens the interval iv[0..1] to hold [x0,x1]. */
static void widen(float *iv, float x0, float x1)
{
    iv[0] = x0 < iv[0] ? x0 : iv[0];
    iv[1] = x1 > iv[1] ? x1 : iv[1];
}

/* A run of header words of one line closer than H_GROUP em. */
typedef struct hgroup {
    float x0, x1;
} hgroup;

/* Whether t is one Chinese character. */
static int one_char(const char *t)
{
    uint32_t cp = 0;
    size_t n = strlen(t);
    return n && fs_utf8_decode(t, n, &cp) == n && fs_cjk_is_han(cp);
}

/* Whether the words p and w of one line are one label spaced out (项  目,
 * 合  计): one character each, at most H_SPACED em apart, not over two
 * columns of the body (cx, n0) nor two of the cells 类 款 项. */
static int spaced_label(const word *p, const word *w, float size, const float *cx, size_t n0)
{
    if (!one_char(p->text) || !one_char(w->text) || w->x0 - p->x1 >= H_SPACED * size)
        return 0;
    /* 类 款 项: the cells of split code columns, set as close */
    if (tbl_is_code_part(p->text) && tbl_is_code_part(w->text))
        return 0;
    size_t cp = n0, cw = n0;
    for (size_t c = 0; c < n0; c++) {
        if (tbl_overlap(cx[2 * c], cx[2 * c + 1], p->x0, p->x1) > 0)
            cp = c;
        if (tbl_overlap(cx[2 * c], cx[2 * c + 1], w->x0, w->x1) > 0)
            cw = c;
    }
    return cp == n0 || cw == n0 || cp == cw;
}

/* The groups of the header lines L[a..d), line by line (*ng of them, the
 * caller frees the array; gline[k] the line of group k, same owner); a
 * label spaced out is one group.  cx, n0: the body's columns. */
static hgroup *header_groups(const tline *L, size_t a, size_t d, const float *cx, size_t n0,
                             size_t **gline, size_t *ng)
{
    size_t n = 0;
    for (size_t i = a; i < d; i++) {
        size_t nw;
        hwords(&L[i], &nw);
        n += nw;
    }
    hgroup *g = malloc((n ? n : 1) * sizeof *g);
    *gline = malloc((n ? n : 1) * sizeof **gline);
    *ng = 0;
    if (!g || !*gline) {
        free(g);
        free(*gline);
        *gline = NULL;
        return NULL;
    }
    for (size_t i = a; i < d; i++) {
        size_t nw;
        const word *w = hwords(&L[i], &nw);
        int open = 0;
        for (size_t k = 0; k < nw; k++) {
            if (is_unit(&w[k])) {
                open = 0;
                continue;
            }
            if (open && (w[k].x0 - g[*ng - 1].x1 < H_GROUP * L[i].size ||
                         spaced_label(&w[k - 1], &w[k], L[i].size, cx, n0))) {
                g[*ng - 1].x1 = w[k].x1;
                continue;
            }
            g[*ng] = (hgroup){w[k].x0, w[k].x1};
            (*gline)[(*ng)++] = i;
            open = 1;
        }
    }
    return g;
}

/* Orders the columns iv (2 * n bounds) with their flags by left edge. */
static void sort_columns(float *iv, int *isnum, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        float x0 = iv[2 * i], x1 = iv[2 * i + 1];
        int f = isnum[i];
        size_t j = i;
        for (; j > 0 && iv[2 * (j - 1)] > x0; j--) {
            iv[2 * j] = iv[2 * (j - 1)];
            iv[2 * j + 1] = iv[2 * (j - 1) + 1];
            isnum[j] = isnum[j - 1];
        }
        iv[2 * j] = x0;
        iv[2 * j + 1] = x1;
        isnum[j] = f;
    }
}

/* Whether group g (on line `line`) lies above the top labels of the
 * headed body columns of cx (n0) nearest it on either side: the label of a
 * merged cell over both (收入 over 项目 and 金额), not a column. */
static int above_neighbours(const float *cx, size_t n0, const int *headed, const size_t *top,
                            const hgroup *g, size_t line)
{
    size_t left = (size_t)-1, right = (size_t)-1;
    for (size_t c = 0; c < n0; c++) {
        if (cx[2 * c + 1] <= g->x0)
            left = c;
        else if (cx[2 * c] >= g->x1 && right == (size_t)-1)
            right = c;
    }
    int l = left != (size_t)-1 && headed[left], r = right != (size_t)-1 && headed[right];
    return (l || r) && (!l || line < top[left]) && (!r || line < top[right]);
}

/* See tables_impl.h.  First the groups over a column of the body mark it
 * headed (and widen it when over it alone); then, bottom line first, a
 * group over one column widens it, one over none heads the nearest column
 * when that has no label, else is a new column. */
int tbl_header_columns(const tline *L, size_t a, size_t d, float **cx, int **isnum, size_t *nc)
{
    size_t n0 = *nc, ng = 0, *gline = NULL;
    hgroup *g = header_groups(L, a, d, *cx, n0, &gline, &ng);
    if (!g)
        return FS_E_NOMEM;
    float *ext = malloc(2 * (n0 + ng + 1) * sizeof *ext);
    int *headed = calloc(n0 + ng + 1, sizeof *headed), *isn = malloc((n0 + ng + 1) * sizeof *isn);
    size_t *top = calloc(n0 + 1, sizeof *top);
    uint8_t *done = calloc(ng + 1, 1), *wide = calloc(ng + 1, 1);
    int rc = ext && headed && isn && done && wide && top ? 0 : FS_E_NOMEM;
    size_t m = n0;
    if (!rc) {
        if (n0) { /* a table printed empty has no body columns */
            memcpy(ext, *cx, 2 * n0 * sizeof *ext);
            memcpy(isn, *isnum, n0 * sizeof *isn);
        }
        for (size_t k = 0; k < ng; k++) {
            size_t over = 0, last = 0;
            for (size_t c = 0; c < n0; c++)
                if (tbl_overlap((*cx)[2 * c], (*cx)[2 * c + 1], g[k].x0, g[k].x1) > 0) {
                    over++, last = c;
                    top[c] = headed[c] && top[c] < gline[k] ? top[c] : gline[k];
                    headed[c] = 1;
                }
            if (over == 1)
                widen(&ext[2 * last], g[k].x0, g[k].x1);
            done[k] = over > 0;
            wide[k] = over > 1;
        }
        /* a group under one over several columns (a merged cell's label
         * wrapped: 部门预算经济分类科目 / 编码) is part of it */
        for (size_t k = 0; k < ng; k++)
            for (size_t j = 0; j < k && !done[k]; j++)
                done[k] = wide[j] && gline[j] < gline[k] && g[k].x0 >= g[j].x0 && g[k].x1 <= g[j].x1;
        for (size_t k = ng; k-- > 0;) {
            if (done[k])
                continue;
            size_t over = 0, last = 0;
            for (size_t c = 0; c < m; c++)
                if (tbl_overlap(ext[2 * c], ext[2 * c + 1], g[k].x0, g[k].x1) > 0)
                    over++, last = c;
            if (!over && m) {
                last = tbl_column_of(ext, NULL, m, g[k].x0, g[k].x1, 0);
                over = last < n0 && !headed[last];
                if (!over && above_neighbours(*cx, n0, headed, top, &g[k], gline[k]))
                    continue;
            }
            if (over == 1) {
                widen(&ext[2 * last], g[k].x0, g[k].x1);
                headed[last] = 1;
            } else if (!over) {
                ext[2 * m] = g[k].x0;
                ext[2 * m + 1] = g[k].x1;
                isn[m] = 0;
                headed[m++] = 1;
            }
        }
    }
    if (!rc && m > n0) {
        /* the columns of the body keep their bounds, the new ones take
         * their labels' */
        if (n0)
            memcpy(ext, *cx, 2 * n0 * sizeof *ext);
        sort_columns(ext, isn, m);
        free(*cx);
        free(*isnum);
        *cx = ext;
        *isnum = isn;
        *nc = m;
        ext = NULL;
        isn = NULL;
    }
    free(ext);
    free(isn);
    free(headed);
    free(done);
    free(wide);
    free(top);
    free(g);
    free(gline);
    return rc;
}

/* A label: the header words of one line over one column (or of several
 * lines, wrapped in its cell). */
typedef struct hlabel {
    char *text;         /* owned */
    float x0, x1;
    float y0, y1;       /* top of its first line, bottom of its last */
    float w0;           /* width of its first line */
    float size;
    size_t line0, line1; /* its first and last line */
    size_t core;        /* the column it overlaps most */
    size_t lo, hi;      /* the columns under it, by position */
    size_t l, r;        /* the columns it spans */
    int gone;           /* joined to the label above (wrapped) */
} hlabel;

/* The labels of the header lines L[a..d) over the columns cx (nc): *out,
 * *nout; the caller frees each text and the array. */
static int header_labels(const tline *L, size_t a, size_t d, const float *cx, size_t nc,
                         hlabel **out, size_t *nout)
{
    size_t n = 0;
    for (size_t i = a; i < d; i++) {
        size_t nw;
        hwords(&L[i], &nw);
        n += nw;
    }
    hlabel *v = calloc(n ? n : 1, sizeof *v);
    *out = v;
    *nout = 0;
    if (!v)
        return FS_E_NOMEM;
    for (size_t i = a; i < d; i++) {
        size_t nw, first = *nout;
        const word *w = hwords(&L[i], &nw);
        for (size_t k = 0; k < nw; k++) {
            if (is_unit(&w[k]))
                continue;
            size_t core = tbl_column_of(cx, NULL, nc, w[k].x0, w[k].x1, 0);
            hlabel *h = *nout > first ? &v[*nout - 1] : NULL;
            size_t wl = strlen(w[k].text);
            if (h && h->core == core) {
                size_t ol = strlen(h->text);
                char *t = realloc(h->text, ol + wl + 1);
                if (!t)
                    return FS_E_NOMEM;
                memcpy(t + ol, w[k].text, wl + 1);
                h->text = t;
                h->x1 = w[k].x1;
                h->w0 = h->x1 - h->x0;
                continue;
            }
            h = &v[(*nout)++];
            if (!(h->text = strdup(w[k].text)))
                return FS_E_NOMEM;
            h->x0 = w[k].x0, h->x1 = w[k].x1, h->w0 = h->x1 - h->x0;
            h->y0 = w[k].y0, h->y1 = w[k].y1;
            h->size = L[i].size;
            h->line0 = h->line1 = i;
            h->core = core;
        }
    }
    return 0;
}

/* The columns under each label (lo..hi: those it overlaps, not past the
 * column of a label beside it), and ext: each column widened by the labels
 * over it alone. */
static void label_extents(hlabel *v, size_t n, const float *cx, size_t nc, float *ext)
{
    memcpy(ext, cx, 2 * nc * sizeof *ext);
    for (size_t k = 0; k < n; k++) {
        hlabel *h = &v[k];
        h->lo = h->hi = h->core;
        for (size_t c = 0; c < nc; c++)
            if (tbl_overlap(cx[2 * c], cx[2 * c + 1], h->x0, h->x1) > 0) {
                h->lo = c < h->lo ? c : h->lo;
                h->hi = c > h->hi ? c : h->hi;
            }
        for (size_t j = 0; j < n; j++) {
            if (j == k || v[j].line0 != h->line0 || v[j].core == h->core)
                continue;
            if (v[j].core < h->core && v[j].core >= h->lo)
                h->lo = v[j].core + 1;
            if (v[j].core > h->core && v[j].core <= h->hi)
                h->hi = v[j].core - 1;
        }
        if (h->lo == h->hi)
            widen(&ext[2 * h->lo], h->x0, h->x1);
    }
}

/* Joins to each label the lines of its cell below it (a label wrapped in
 * its cell, see the top of the file). */
static int join_wrapped(hlabel *v, size_t n, const tline *L, const float *ext)
{
    for (size_t k = 0; k < n; k++) {
        hlabel *u = &v[k];
        if (u->gone)
            continue;
        float cell = ext[2 * u->hi + 1] - ext[2 * u->lo];
        for (size_t j = k + 1; j < n && u->w0 >= H_FULL * cell;) {
            /* the next line below with a label over u */
            size_t line = (size_t)-1, over = 0, b = 0;
            for (size_t i = j; i < n; i++) {
                if (v[i].gone || v[i].line0 <= u->line1 || (line != (size_t)-1 && v[i].line0 != line))
                    continue;
                if (tbl_overlap(u->x0, u->x1, v[i].x0, v[i].x1) > 0) {
                    line = v[i].line0;
                    over++;
                    b = i;
                }
            }
            if (over != 1)
                break;
            hlabel *w = &v[b];
            if (w->core < u->lo || w->core > u->hi || w->x0 < u->x0 - u->size ||
                w->x1 > u->x1 + u->size ||
                L[w->line0].mid - L[u->line1].mid > H_WRAP_PITCH * u->size)
                break;
            size_t ol = strlen(u->text), wl = strlen(w->text);
            char *t = realloc(u->text, ol + wl + 1);
            if (!t)
                return FS_E_NOMEM;
            memcpy(t + ol, w->text, wl + 1);
            u->text = t;
            u->line1 = w->line1;
            u->y1 = w->y1;
            widen(&u->x0, w->x0, w->x1);
            w->gone = 1;
            j = b + 1;
        }
    }
    return 0;
}

/* Whether the span l..r leaves whole the span of every label below h and
 * holds no column of a label beside h (one set lower but reaching up
 * beside h: the label of a cell over both header rows, centred in it). */
static int span_ok(const hlabel *v, size_t n, const hlabel *h, size_t l, size_t r)
{
    for (size_t j = 0; j < n; j++) {
        const hlabel *o = &v[j];
        if (o == h || o->gone)
            continue;
        if (o->line0 > h->line1 && o->y0 >= h->y1 - 0.25f * h->size) {
            int inside = o->l >= l && o->r <= r, apart = o->r < l || o->l > r;
            if (!inside && !apart)
                return 0;
        } else if (o->line1 >= h->line0 && o->y0 < h->y1 && o->core >= l && o->core <= r &&
                   o->core != h->core) {
            return 0;
        }
    }
    return 1;
}

/* The span of each label, bottom line first: the columns under it, or for
 * a label with labels below it, the span of at least two columns it is
 * best centred over (span_ok) when it is centred well enough: between the
 * edges of its outer columns, or their numbers (nmid[c] >= 0: the centre
 * of column c's number in the row numbering the columns). */
static void label_spans(hlabel *v, size_t n, const float *ext, const float *nmid, size_t nc)
{
    size_t top = (size_t)-1;
    for (size_t k = 0; k < n; k++)
        top = v[k].line1 < top ? v[k].line1 : top;
    for (size_t line = n ? v[n - 1].line1 : 0;; line--) {
        for (size_t k = 0; k < n; k++) {
            hlabel *h = &v[k];
            if (h->gone || h->line1 != line)
                continue;
            h->l = h->lo, h->r = h->hi;
            int parent = 0;
            for (size_t j = 0; j < n && !parent; j++)
                parent = !v[j].gone && v[j].line0 > h->line1 && v[j].l <= h->hi && v[j].r >= h->lo;
            if (!parent)
                continue;
            float mid = (h->x0 + h->x1) / 2, best = 1e30f;
            for (size_t l = h->lo + 1; l-- > 0;)
                for (size_t r = h->hi; r < nc; r++) {
                    if (r == l || !span_ok(v, n, h, l, r))
                        continue;
                    float x0 = ext[2 * l], x1 = ext[2 * r + 1], err = mid - (x0 + x1) / 2;
                    /* column numbers are printed centred in their columns
                     * (whose edges lean to a wide label or amount) */
                    if (nmid[l] >= 0 && nmid[r] >= 0)
                        err = mid - (nmid[l] + nmid[r]) / 2;
                    err = err < 0 ? -err : err;
                    if (err < best && err <= H_CENTRE * (x1 - x0) + h->size / 2) {
                        best = err;
                        h->l = l, h->r = r;
                    }
                }
        }
        if (line == top || line == 0)
            break;
    }
}

/* The path of column c: the labels spanning it, top first. */
static char *column_path(const hlabel *v, size_t n, size_t c)
{
    size_t len = 1;
    for (size_t k = 0; k < n; k++)
        if (!v[k].gone && v[k].l <= c && v[k].r >= c)
            len += strlen(v[k].text) + 5;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t k = 0; k < n; k++)
        if (!v[k].gone && v[k].l <= c && v[k].r >= c) {
            if (*s)
                strcat(s, " \xE2\x80\xBA ");
            strcat(s, v[k].text);
        }
    return s;
}

/* See tables_impl.h. */
int tbl_header_paths(fs_table *t, const tline *L, size_t a, size_t d, const float *cx,
                     const tline *nl)
{
    size_t nc = t->ncols, n = 0;
    t->columns = calloc(nc ? nc : 1, sizeof *t->columns);
    if (!t->columns)
        return FS_E_NOMEM;
    hlabel *v = NULL;
    float *ext = malloc((3 * nc + 3) * sizeof *ext), *nmid = ext ? ext + 2 * nc + 2 : NULL;
    int rc = ext ? header_labels(L, a, d, cx, nc, &v, &n) : FS_E_NOMEM;
    for (size_t c = 0; nmid && c < nc; c++)
        nmid[c] = -1;
    /* the column numbers, one per column (else none is used) */
    for (size_t k = 0; !rc && nl && k < nl->n; k++) {
        const word *w = &nl->w[k];
        size_t c = w->number ? tbl_column_of(cx, NULL, nc, w->x0, w->x1, 1) : nc;
        if (c < nc && nmid[c] >= 0) {
            for (c = 0; c < nc; c++)
                nmid[c] = -1;
            break;
        }
        if (c < nc)
            nmid[c] = (w->x0 + w->x1) / 2;
    }
    if (!rc && nc) {
        label_extents(v, n, cx, nc, ext);
        rc = join_wrapped(v, n, L, ext);
    }
    if (!rc && nc)
        label_spans(v, n, ext, nmid, nc);
    for (size_t c = 0; c < nc && !rc; c++)
        if (!(t->columns[c] = column_path(v, n, c)))
            rc = FS_E_NOMEM;
    for (size_t k = 0; v && k < n; k++)
        free(v[k].text);
    free(v);
    free(ext);
    return rc;
}
