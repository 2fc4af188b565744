/* tables.c — see tables.h.  The reader's stages, one file each:
 *  - tables_lines.c: a page's characters into lines of words, each line
 *    marked data, title, caption or meta; running headers and footers out;
 *  - here: a table is a run of lines at most T_ROW_GAP line heights apart
 *    holding at least two data lines (one under a standard title), with the
 *    word lines right above its first data line (at most T_MAX_HEADER) as
 *    its header; a standard title over a header and no amounts (本表为空)
 *    is a table without rows;
 *  - columns: the x-extents of the words of the data lines, merged where
 *    they overlap, and the header labels clear of them (a column blank in
 *    every row); a body word goes to the column it overlaps most;
 *  - tables_header.c: labels wrapped in their cell are one label, a merged
 *    cell's label spans the columns it is centred over, and each column's
 *    header is the path of the labels spanning it;
 *  - tables_title.c: the title (the nearest line above naming the table, a
 *    caption printed larger) and the kind it names; unit: 单位：万元 (元,
 *    亿元, 千元) in the lines above or the header;
 *  - a table starting in the top quarter of a page, with no title of its
 *    own and as many body columns as the last table of the page before, or
 *    under that table's title printed again, goes on with that table; its
 *    header printed again there (and the column numbers row under it) and a
 *    page number left in it are not rows; a paragraph never continues one.
 * Text input: runs of lines holding a TAB are tables, one cell per TAB
 * field, columns by position, the lines before the first line with a
 * number as header.
 * Everything is linear in the glyphs after one sort per page. */
#include "tables.h"
#include "tables_impl.h"

#include "cjk.h"
#include "normalize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ------------------------------------------------------------ tables */

/* The unit named in s (单位：万元), copied into u; 1 when found. */
int tbl_unit_in(const char *s, char *u, size_t n)
{
    const char *p = strstr(s, "单位");
    if (!p)
        return 0;
    p += 6;
    if (!strncmp(p, "：", 3))
        p += 3;
    else if (*p == ':')
        p++;
    while (*p == ' ')
        p++;
    static const char *const U[] = {"亿元", "千元", "万元", "元", NULL};
    for (const char *const *x = U; *x; x++)
        if (!strncmp(p, *x, strlen(*x))) {
            snprintf(u, n, "%s", *x);
            return 1;
        }
    return 0;
}

static int push_table(fs_tables *t, fs_table **out)
{
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 8;
        fs_table *v = realloc(t->v, nc * sizeof *v);
        if (!v)
            return FS_E_NOMEM;
        t->v = v;
        t->cap = nc;
    }
    *out = &t->v[t->n++];
    memset(*out, 0, sizeof **out);
    (*out)->code_col = (*out)->name_col = -1;
    (*out)->kind = "other";
    return 0;
}

static int push_row(fs_table *t, fs_trow **out)
{
    if (t->nrows == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 16;
        fs_trow *v = realloc(t->rows, nc * sizeof *v);
        if (!v)
            return FS_E_NOMEM;
        t->rows = v;
        t->cap = nc;
    }
    *out = &t->rows[t->nrows++];
    memset(*out, 0, sizeof **out);
    (*out)->cells = calloc(t->ncols ? t->ncols : 1, sizeof *(*out)->cells);
    return (*out)->cells ? 0 : FS_E_NOMEM;
}

/* Sets a cell from a word's text (appended to what it holds). */
static int cell_add(fs_tcell *c, const word *w, uint32_t page)
{
    size_t ol = c->text ? strlen(c->text) : 0, wl = strlen(w->text);
    char *t = realloc(c->text, ol + wl + 1);
    if (!t)
        return FS_E_NOMEM;
    memcpy(t + ol, w->text, wl + 1);
    c->text = t;
    if (!c->page) {
        c->page = page;
        c->x0 = w->x0, c->y0 = w->y0, c->x1 = w->x1, c->y1 = w->y1;
    } else {
        c->x0 = w->x0 < c->x0 ? w->x0 : c->x0;
        c->y0 = w->y0 < c->y0 ? w->y0 : c->y0;
        c->x1 = w->x1 > c->x1 ? w->x1 : c->x1;
        c->y1 = w->y1 > c->y1 ? w->y1 : c->y1;
    }
    return 0;
}

float tbl_overlap(float a0, float a1, float b0, float b1)
{
    float lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    return hi - lo;
}

/* Sorts the intervals iv[0..2k) by left edge and merges those that
 * overlap; returns how many remain. */
static size_t merge_intervals(float *iv, size_t k)
{
    for (size_t i = 1; i < k; i++) { /* insertion sort on pairs: tables are small */
        float x0 = iv[2 * i], x1 = iv[2 * i + 1];
        size_t j = i;
        while (j > 0 && iv[2 * (j - 1)] > x0) {
            iv[2 * j] = iv[2 * (j - 1)];
            iv[2 * j + 1] = iv[2 * (j - 1) + 1];
            j--;
        }
        iv[2 * j] = x0;
        iv[2 * j + 1] = x1;
    }
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        if (m && iv[2 * i] < iv[2 * (m - 1) + 1] - 0.5f) {
            if (iv[2 * i + 1] > iv[2 * (m - 1) + 1])
                iv[2 * (m - 1) + 1] = iv[2 * i + 1];
        } else {
            iv[2 * m] = iv[2 * i];
            iv[2 * m + 1] = iv[2 * i + 1];
            m++;
        }
    }
    return m;
}

/* The line of L[a..z) numbering the columns (栏次 1 2 3 … n: n >= 3
 * integers from 1 left to right, only labels before them), or
 * (size_t)-1. */
static size_t numbering_line(const tline *L, size_t a, size_t z)
{
    for (size_t i = a; i < z; i++) {
        long next = 1;
        int ok = L[i].hasnum;
        for (size_t k = 0; k < L[i].n && ok; k++) {
            const word *w = &L[i].w[k];
            if (!w->number) {
                ok = next == 1;
                continue;
            }
            char *end;
            long v = strtol(w->text, &end, 10);
            ok = *end == '\0' && v == next++;
        }
        if (ok && next > 3)
            return i;
    }
    return (size_t)-1;
}

/* The word of the numbering line nl that the number w lies under: the one
 * it overlaps, else the one whose centre is clearly nearest (an amount set
 * off its column's number: 5.80 beside 6, not over it).  NULL when none. */
static const word *numbered_by(const tline *nl, const word *w)
{
    const word *best = NULL;
    float d1 = 1e30f, d2 = 1e30f, c = (w->x0 + w->x1) / 2;
    for (size_t k = 0; k < nl->n; k++) {
        const word *b = &nl->w[k];
        if (!b->number)
            continue;
        if (tbl_overlap(b->x0, b->x1, w->x0, w->x1) > 0)
            return b;
        float d = fabsf((b->x0 + b->x1) / 2 - c);
        if (d < d1) {
            d2 = d1;
            d1 = d;
            best = b;
        } else if (d < d2) {
            d2 = d;
        }
    }
    return d1 < 0.6f * d2 ? best : NULL;
}

/* Whether the numbering line nl may place the numbers of L[a..z): no line
 * holds two numbers under one column number, and every number beside the
 * numbering has one. */
static int numbering_places(const tline *L, size_t a, size_t z, const tline *nl)
{
    float lo = nl->w[nl->n - 1].x1;
    for (size_t k = 0; k < nl->n; k++)
        if (nl->w[k].number && nl->w[k].x0 < lo)
            lo = nl->w[k].x0;
    for (size_t i = a; i < z; i++) {
        const word *prev = NULL;
        for (size_t k = 0; k < L[i].n; k++) {
            const word *w = &L[i].w[k];
            if (!w->number || &L[i] == nl || w->x1 < lo)
                continue;
            const word *b = numbered_by(nl, w);
            if (!b || b == prev)
                return 0;
            prev = b;
        }
    }
    return 1;
}

/* Column intervals from the words of the data lines L[a..z): the number
 * columns from the numbers (right aligned, they overlap down a column; an
 * amount under the column number of nlc, the row numbering the columns or
 * NULL, where that row may place them all),
 * then the text columns from the text words that lie clear of every number
 * column — a label centred across two cells (当年支出小计 over 项目 and 金额)
 * would otherwise join them.  cx holds 2 * nc bounds, *isnum per column
 * whether it is a number column; both the caller's to free. */
static int columns_of(const tline *L, size_t a, size_t z, const tline *nlc, float **cx, int **isnum,
                      size_t *nc)
{
    size_t n = 0;
    for (size_t i = a; i < z; i++)
        n += L[i].n;
    float *num = malloc((n ? n : 1) * 2 * sizeof *num), *txt = malloc((n ? n : 1) * 2 * sizeof *txt);
    if (!num || !txt) {
        free(num);
        free(txt);
        return FS_E_NOMEM;
    }
    size_t kn = 0, kt = 0;
    /* a row numbering the columns (栏次 1 2 3 …) places each amount in
     * the column of its number, also where it is set beside it */
    const tline *nl = nlc && numbering_places(L, a, z, nlc) ? nlc : NULL;
    for (size_t i = a; i < z; i++)
        for (size_t j = 0; L[i].hasnum && j < L[i].n; j++)
            if (L[i].w[j].number) {
                const word *w = &L[i].w[j], *b = nl ? numbered_by(nl, w) : NULL;
                num[2 * kn] = b && b->x0 < w->x0 ? b->x0 : w->x0;
                num[2 * kn + 1] = b && b->x1 > w->x1 ? b->x1 : w->x1;
                kn++;
            }
    kn = merge_intervals(num, kn);
    /* labels of every body line: a wrapped label may sit on the lines
     * above and below its row's numbers */
    for (size_t i = a; i < z; i++)
        for (size_t j = 0; j < L[i].n; j++) {
            const word *w = &L[i].w[j];
            int clear = !w->number;
            for (size_t c = 0; c < kn && clear; c++)
                clear = tbl_overlap(num[2 * c], num[2 * c + 1], w->x0, w->x1) <= 0;
            if (clear) {
                txt[2 * kt] = w->x0;
                txt[2 * kt + 1] = w->x1;
                kt++;
            }
        }
    kt = merge_intervals(txt, kt);
    float *iv = malloc(((kn + kt) ? kn + kt : 1) * 2 * sizeof *iv);
    int *isn = malloc(((kn + kt) ? kn + kt : 1) * sizeof *isn);
    if (!iv || !isn) {
        free(num);
        free(txt);
        free(iv);
        free(isn);
        return FS_E_NOMEM;
    }
    /* both lists in order of their left edges */
    size_t m = 0, i = 0, j = 0;
    while (i < kn || j < kt) {
        int take_num = j >= kt || (i < kn && num[2 * i] < txt[2 * j]);
        const float *src = take_num ? &num[2 * i++] : &txt[2 * j++];
        iv[2 * m] = src[0];
        iv[2 * m + 1] = src[1];
        isn[m++] = take_num;
    }
    free(num);
    free(txt);
    *cx = iv;
    *isnum = isn;
    *nc = m;
    return 0;
}

/* See tables_impl.h. */
size_t tbl_column_of(const float *cx, const int *isnum, size_t nc, float x0, float x1, int number)
{
    size_t best = 0, bk = (size_t)-1;
    float bo = -1e30f, bok = 0;
    for (size_t c = 0; c < nc; c++) {
        float o = tbl_overlap(cx[2 * c], cx[2 * c + 1], x0, x1);
        if (o > bo) {
            bo = o;
            best = c;
        }
        if (isnum && isnum[c] == number && o > 0 && (bk == (size_t)-1 || o > bok)) {
            bok = o;
            bk = c;
        }
    }
    return bk != (size_t)-1 ? bk : best;
}

/* The widest gap between the centres of two lines of one band (row) among
 * the lines L[a..z): where a table's rows are set apart by clearly wider
 * gaps than the lines of one cell (a label wrapped in its cell, the number
 * centred beside it), 1.3 times the narrowest gap; 0 in a table whose lines
 * are evenly spaced, where every line is a row. */
static float band_gap(const tline *L, size_t a, size_t z)
{
    float gmin = 1e30f, gmax = 0;
    for (size_t k = a; k + 1 < z; k++) {
        float g = L[k + 1].mid - L[k].mid;
        gmin = g < gmin ? g : gmin;
        gmax = g > gmax ? g : gmax;
    }
    return gmax < 1.6f * gmin ? 0 : 1.3f * gmin;
}

/* Whether line i + 1 (before z) goes on in the band of line i, for the
 * band_gap gap of their lines. */
static int same_band(const tline *L, size_t z, size_t i, float gap)
{
    return i + 1 < z && gap > 0 && L[i + 1].mid - L[i].mid <= gap;
}

/* In a table with codes, a row holding nothing but a label in the name
 * column, right under a row with a code on the same page, is the rest of
 * that row's label wrapped in its cell ("机关事业单位基本养老保险缴费" /
 * "支出"): it is joined to it and the row dropped. */
static int join_wrapped_names(fs_table *t)
{
    size_t out = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        fs_trow *w = &t->rows[r];
        int only_name = w->cells[t->name_col].text && *w->cells[t->name_col].text;
        for (size_t c = 0; c < t->ncols && only_name; c++)
            only_name = (int)c == t->name_col || !w->cells[c].text || !*w->cells[c].text;
        fs_trow *up = out ? &t->rows[out - 1] : NULL;
        const char *upcode = up ? up->cells[t->code_col].text : NULL;
        if (only_name && up && up->page == w->page && upcode && *upcode &&
            up->cells[t->name_col].text) {
            fs_tcell *a = &up->cells[t->name_col], *b = &w->cells[t->name_col];
            size_t la = strlen(a->text), lb = strlen(b->text);
            char *x = realloc(a->text, la + lb + 1);
            if (!x)
                return FS_E_NOMEM;
            memcpy(x + la, b->text, lb + 1);
            a->text = x;
            a->y1 = b->y1 > a->y1 ? b->y1 : a->y1;
            for (size_t c = 0; c < t->ncols; c++)
                free(w->cells[c].text);
            free(w->cells);
            continue;
        }
        t->rows[out++] = *w;
    }
    t->nrows = out;
    return 0;
}

/* Code, name, level and total of every row; the code column is one whose
 * filled cells are all 3-, 5- or 7-digit integers (or three columns of 3,
 * 2 and 2 digits: 类/款/项 printed apart). */
static int finish_rows(fs_table *t)
{
    int split = -1, rc;
    for (size_t c = 0; c < t->ncols && t->code_col < 0; c++) {
        size_t filled = 0, codes = 0;
        for (size_t r = 0; r < t->nrows; r++) {
            const char *s = t->rows[r].cells[c].text;
            if (!s || !*s)
                continue;
            filled++;
            size_t l = strlen(s), d = strspn(s, "0123456789");
            codes += d == l && (l == 3 || l == 5 || l == 7);
        }
        if (filled >= 2 && codes == filled)
            t->code_col = (int)c;
    }
    if (t->code_col >= 0 && (size_t)t->code_col + 2 < t->ncols) {
        /* 类 in 3 digits, then two columns of 2-digit 款 and 项 */
        int two = 1;
        size_t seen = 0;
        for (size_t r = 0; r < t->nrows && two; r++)
            for (size_t c = (size_t)t->code_col + 1; c <= (size_t)t->code_col + 2 && two; c++) {
                const char *s = t->rows[r].cells[c].text;
                if (s && *s) {
                    two = strlen(s) == 2 && strspn(s, "0123456789") == 2;
                    seen++;
                }
            }
        if (two && seen)
            split = t->code_col;
    }
    for (size_t c = 0; c < t->ncols && t->name_col < 0; c++) {
        if ((int)c == t->code_col || (split >= 0 && (int)c <= split + 2))
            continue;
        size_t text = 0, num = 0;
        for (size_t r = 0; r < t->nrows; r++) {
            const fs_tcell *x = &t->rows[r].cells[c];
            if (x->text && *x->text)
                x->has_number ? num++ : text++;
        }
        if (text > num)
            t->name_col = (int)c;
    }
    if (t->code_col >= 0 && t->name_col >= 0 && (rc = join_wrapped_names(t)))
        return rc;
    for (size_t r = 0; r < t->nrows; r++) {
        fs_trow *w = &t->rows[r];
        char code[16] = "";
        if (t->code_col >= 0) {
            const char *a = w->cells[t->code_col].text ? w->cells[t->code_col].text : "";
            if (split >= 0) {
                const char *b = w->cells[split + 1].text ? w->cells[split + 1].text : "";
                const char *c = w->cells[split + 2].text ? w->cells[split + 2].text : "";
                snprintf(code, sizeof code, "%s%s%s", a, b, c);
            } else {
                snprintf(code, sizeof code, "%s", a);
            }
        }
        size_t cl = strlen(code);
        w->level = cl == 3 ? 1 : cl == 5 ? 2 : cl == 7 ? 3 : 0;
        const char *nm = t->name_col >= 0 && w->cells[t->name_col].text ? w->cells[t->name_col].text : "";
        if (!(w->code = strdup(code)) || !(w->name = strdup(nm)))
            return FS_E_NOMEM;
        w->total = strstr(nm, "合计") || strstr(nm, "总计") || strstr(nm, "小计");
        for (size_t c = 0; c < t->ncols; c++) {
            fs_tcell *x = &w->cells[c];
            if (!x->text && !(x->text = calloc(1, 1)))
                return FS_E_NOMEM;
            if ((int)c != t->code_col && !(split >= 0 && (int)c <= split + 2))
                x->has_number = tbl_parse_number(x->text, &x->number, &x->decimals, &x->percent);
        }
    }
    return 0;
}

/* The reading state across pages: the tables so far and the columns of
 * the last one, for a table that goes on over the next page. */
typedef struct treader {
    fs_tables *ts;
    float *cx;
    int *isnum;
    size_t nc;
    size_t nbody; /* how many of them the body made (the rest: header) */
    /* label-only rows read below the last amounts of a page's last table,
     * kept only if the table goes on over the next page: the table, the
     * first such row, and the page (0: none pending) */
    size_t tail_table, tail_row;
    uint32_t tail_page;
    /* the page's running header when it names a table (a long table's
     * title printed on each of its pages is dropped as furniture): the
     * title of a table found without one below it */
    const fs_rawline *ftitle;
    /* the table being made is one row under a header naming its unit: its
     * lines are that row's band, however evenly spaced (a 绩效目标 cell
     * wrapped over lines above and below its amount) */
    int one_row;
} treader;

/* Whether the table of L[u..a..) titled `title` (head_title) with the nc
 * columns cx, isnum of its body goes on with prev, the last table of the
 * page before (tr: its columns): no title of its own at the top of the page
 * over the same columns, or the same title printed again (a long table
 * repeats its title and header on every page; its columns may differ where
 * a page leaves one blank), unless a performance form's. */
static int continues(const treader *tr, const fs_table *prev, const tline *L, size_t u, size_t a,
                     const char *title, const float *cx, const int *isnum, size_t nc,
                     uint32_t page, float page_h, int *repeated)
{
    *repeated = 0;
    if (!prev || prev->page_last + 1 != page)
        return 0;
    if (!title[0]) {
        int title_above = 0;
        for (size_t i = u; i < a; i++)
            title_above |= L[i].title;
        return !title_above && tr->nbody == nc && page_h > 0 && L[a].y0 < page_h / 4;
    }
    /* a 绩效目标表 is a form per project, each under the same title */
    if (!prev->title || strcmp(title, prev->title) != 0 || !strcmp(prev->kind, "jixiao"))
        return 0;
    /* *repeated: 1 when each column of amounts lies under one of the
     * table's, 2 when not (the page sets the table elsewhere: make_table
     * reads it with its own header's columns, if as many) */
    *repeated = 1;
    for (size_t c = 0; c < nc && tr->nbody != nc && *repeated == 1; c++) {
        int under = !isnum[c];
        for (size_t k = 0; k < tr->nc && !under; k++)
            under = tr->isnum[k] && tbl_overlap(cx[2 * c], cx[2 * c + 1], tr->cx[2 * k],
                                                  tr->cx[2 * k + 1]) > 0;
        if (!under)
            *repeated = 2;
    }
    return 1;
}

/* Title, unit, kind and header paths of the new table t from the lines
 * L[u..d) above its body; title: its head_title (t takes it); nl: the
 * row numbering its columns (栏次 1 2 3 …) or NULL. */
static int table_head(fs_table *t, const tline *L, size_t u, size_t a, size_t d, char *title,
                      const float *cx, const tline *nl)
{
    t->title = title;
    for (size_t i = u; i < d && !t->unit[0]; i++)
        for (size_t k = 0; k < L[i].n && !t->unit[0]; k++)
            tbl_unit_in(L[i].w[k].text, t->unit, sizeof t->unit);
    t->kind = tbl_kind_of(t->title);
    int rc = tbl_header_paths(t, L, a, d, cx, nl);
    /* untitled: a 绩效目标 column makes a 绩效 table (a titled 项目支出
     * table with that column keeps its title's kind) */
    for (size_t c = 0; !rc && !*t->title && c < t->ncols; c++)
        if (t->columns[c] && strstr(t->columns[c], "绩效目标"))
            t->kind = "jixiao";
    return rc;
}

/* Whether line l is a page number the running footer left in a table that
 * goes on over the page (— 12 —, - 12 -): at most four digits between
 * dashes, nothing else. */
static int page_number(const tline *l)
{
    char *t = tbl_line_text(l);
    if (!t)
        return 0;
    size_t digits = 0, dashes = 0, other = 0;
    for (const char *p = t; *p;) {
        if (*p >= '0' && *p <= '9')
            digits++, p++;
        else if (*p == ' ' || *p == '-')
            dashes += *p == '-', p++;
        else if (!strncmp(p, "\xE2\x80\x94", 3) || !strncmp(p, "\xE2\x80\x93", 3))
            dashes++, p += 3;
        else
            other++, p++;
    }
    free(t);
    return !other && dashes >= 2 && digits >= 1 && digits <= 4;
}

/* Whether every word of line l is part of a header path of t. */
static int in_header(const fs_table *t, const tline *l)
{
    for (size_t k = 0; k < l->n; k++) {
        int found = 0;
        for (size_t c = 0; c < t->ncols && !found; c++)
            found = t->columns[c] && strstr(t->columns[c], l->w[k].text) != NULL;
        if (!found)
            return 0;
    }
    return l->n > 0;
}

/* Whether line l prints again the first row of t, word for word (the
 * column numbers 栏次 1 2 3 … under the header of every page). */
static int is_first_row(const fs_table *t, const tline *l)
{
    if (!t->nrows || l->n < 3)
        return 0;
    size_t k = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        const char *x = t->rows[0].cells[c].text;
        if (!x || !*x)
            continue;
        if (k == l->n || strcmp(x, l->w[k].text) != 0)
            return 0;
        k++;
    }
    return k == l->n;
}

/* The first line of L[d..z) past the header of t printed again at the top
 * of a page: the text lines at the top whose words are all in its header
 * paths, when they hold at least three words (a lone label wrapped over
 * the page stays a row), or header cells naming the unit (never a row),
 * and its first row when printed again. */
static size_t skip_repeated_header(const fs_table *t, const tline *L, size_t d, size_t z)
{
    size_t e = d, words = 0;
    int unit = 0;
    while (e < z && !L[e].hasnum && (in_header(t, &L[e]) || L[e].unithead)) {
        unit |= L[e].unithead;
        words += L[e++].n;
    }
    if (words < 3 && !unit)
        e = d;
    return e < z && is_first_row(t, &L[e]) ? e + 1 : e;
}

/* 1 when a number of line l would go into a cell of row r that already
 * holds one: a cell never holds two numbers one above the other, so l
 * begins the next row (two rows under wrapped labels, set close). */
static int stacks_number(const fs_trow *r, const tline *l, const float *cx, const int *isnum,
                         size_t nc)
{
    fs_dec v;
    int d, p;
    for (size_t k = 0; k < l->n; k++) {
        if (!l->w[k].number)
            continue;
        size_t c = tbl_column_of(cx, isnum, nc, l->w[k].x0, l->w[k].x1, 1);
        const char *t = r->cells[c].text;
        if (t && *t && tbl_parse_number(t, &v, &d, &p))
            return 1;
    }
    return 0;
}

/* See tables_impl.h. */
int tbl_is_code_part(const char *s)
{
    return s && (!strcmp(s, "类") || !strcmp(s, "款") || !strcmp(s, "项"));
}

/* The header cells 类 款 项 of split code columns, printed on the line of
 * the first row (a template's 合计 row: its amounts, 类 款 项, 合计), are
 * moved from that row into the header paths of their columns. */
static int lift_code_header(fs_table *t)
{
    if (!t->nrows)
        return 0;
    fs_trow *w = &t->rows[0];
    size_t n = 0;
    for (size_t c = 0; c < t->ncols; c++)
        n += tbl_is_code_part(w->cells[c].text);
    if (n < 2)
        return 0;
    /* 类 款 项 are the parts of one code: a label read over some of them
     * (centred over all three, it overlaps only two) is over all, where
     * the others' paths are its beginning */
    const char *longest = NULL;
    for (size_t c = 0; c < t->ncols; c++)
        if (tbl_is_code_part(w->cells[c].text) && t->columns[c] &&
            (!longest || strlen(t->columns[c]) > strlen(longest)))
            longest = t->columns[c];
    int nested = longest != NULL;
    for (size_t c = 0; c < t->ncols && nested; c++) {
        const char *h = t->columns[c] ? t->columns[c] : "";
        size_t hl = strlen(h);
        nested = !tbl_is_code_part(w->cells[c].text) ||
                 (!strncmp(longest, h, hl) && (!longest[hl] || !hl || !strncmp(longest + hl, " \xE2\x80\xBA ", 5)));
    }
    char *top = nested ? strdup(longest) : NULL;
    if (nested && !top)
        return FS_E_NOMEM;
    for (size_t c = 0; c < t->ncols; c++) {
        fs_tcell *x = &w->cells[c];
        if (!tbl_is_code_part(x->text))
            continue;
        const char *h = top ? top : t->columns[c] ? t->columns[c] : "";
        char *p = tbl_join(h, *h ? " \xE2\x80\xBA " : "", x->text);
        if (!p) {
            free(top);
            return FS_E_NOMEM;
        }
        free(t->columns[c]);
        t->columns[c] = p;
        x->text[0] = '\0';
        x->page = 0;
        x->x0 = x->y0 = x->x1 = x->y1 = 0;
    }
    free(top);
    return 0;
}

/* Appends to t the rows of the body lines L[d..z) of page `page`, each
 * word in its column of tr's (cx, isnum, nc): a row is a band of lines (a
 * wrapped cell reads top to bottom), or all of them in a table of one row
 * (tr->one_row). */
static int read_rows(const treader *tr, fs_table *t, const tline *L, size_t d, size_t z,
                     uint32_t page)
{
    int rc = 0;
    float gap = band_gap(L, d, z);
    for (size_t i = d; i < z && !rc; i++) {
        fs_trow *r;
        if (page_number(&L[i]))
            continue;
        if ((rc = push_row(t, &r)))
            break;
        r->page = page;
        for (;; i++) {
            for (size_t k = 0; k < L[i].n && !rc; k++) {
                const word *w = &L[i].w[k];
                size_t c = tbl_column_of(tr->cx, tr->isnum, tr->nc, w->x0, w->x1, w->number);
                rc = cell_add(&r->cells[c], &L[i].w[k], page);
            }
            int more = tr->one_row ? i + 1 < z
                                   : same_band(L, z, i, gap) &&
                                         !stacks_number(r, &L[i + 1], tr->cx, tr->isnum, tr->nc);
            if (rc || !more)
                break;
        }
    }
    return rc;
}

/* Reads the table made of lines L[a..z) of page `page`: header lines
 * L[a..d), body L[d..z); title and unit from the lines above (L[u..a)).
 * cont: the lines go on with the last table (its columns are used). */
static int make_table(treader *tr, const tline *L, size_t u, size_t a, size_t d, size_t z,
                      uint32_t page, float page_h, int cont)
{
    fs_tables *ts = tr->ts;
    fs_table *prev = ts->n ? &ts->v[ts->n - 1] : NULL;
    float *cx = NULL;
    int *isnum = NULL;
    size_t nc = 0;
    int rc = 0, repeated = 0;
    char *title = NULL;
    const tline *nl = NULL; /* the body's row numbering its columns */
    if (!cont) {
        size_t nli = numbering_line(L, d, z);
        nl = nli != (size_t)-1 ? &L[nli] : NULL;
        if ((rc = columns_of(L, d, z, nl, &cx, &isnum, &nc)))
            return rc;
        size_t cap, best = tbl_title_line(L, u, a, &cap);
        if (nc < 2 || !(title = tbl_head_title(L, u, a, best, cap))) {
            free(cx);
            free(isnum);
            return nc < 2 ? 0 : FS_E_NOMEM;
        }
        cont = tr->cx &&
               continues(tr, prev, L, u, a, title, cx, isnum, nc, page, page_h, &repeated);
        if (cont && repeated == 2) {
            /* the same table set elsewhere on this page: read with the
             * columns of its own header, if it has the table's number */
            float *hcx = NULL;
            int *hisnum = NULL;
            size_t hnc = 0;
            if ((rc = tbl_header_columns(L, a, d, &hcx, &hisnum, &hnc))) {
                free(hcx);
                free(hisnum);
                free(cx);
                free(isnum);
                free(title);
                return rc;
            }
            if (hnc == prev->ncols) {
                free(tr->cx);
                free(tr->isnum);
                tr->cx = hcx;
                tr->isnum = hisnum;
                tr->nc = hnc;
                tr->nbody = nc;
            } else {
                free(hcx);
                free(hisnum);
                cont = 0;
            }
        }
        if (cont) {
            free(cx);
            free(isnum);
            free(title);
        }
    }
    fs_table *t = NULL;
    if (cont) {
        if (!prev || !tr->cx)
            return 0;
        t = prev;
        cx = tr->cx;
        isnum = tr->isnum;
        nc = tr->nc;
        if (!repeated)
            d = a; /* a repeated header is read as rows (its cells hold no numbers) */
        d = skip_repeated_header(t, L, d, z);
    } else {
        free(tr->cx);
        free(tr->isnum);
        tr->cx = NULL;
        tr->isnum = NULL;
        tr->nbody = nc;
        if ((rc = tbl_header_columns(L, a, d, &cx, &isnum, &nc))) {
            free(cx);
            free(isnum);
            free(title);
            return rc;
        }
        tr->cx = cx;
        tr->isnum = isnum;
        tr->nc = nc;
        if ((rc = push_table(ts, &t))) {
            free(title);
            return rc;
        }
        t->ncols = nc;
        t->page_first = page;
        if ((rc = table_head(t, L, u, a, d, title, cx, nl)))
            return rc;
        if (!t->title[0] && tr->ftitle && tr->ftitle->y1 <= L[a].y0) {
            char *x = strdup(tr->ftitle->text);
            if (!x)
                return FS_E_NOMEM;
            free(t->title);
            t->title = x;
            t->kind = tbl_kind_of(x);
        }
    }
    t->page_last = page;
    int fresh = !t->nrows;
    rc = read_rows(tr, t, L, d, z, page);
    return rc || !fresh ? rc : lift_code_header(t);
}

/* 1 when one of the lines L[from..i), at most T_TITLE_UP + T_MAX_HEADER
 * above line i, is the title of a standard table (三公, 收入总表 …): a
 * table of one row is a table then (a "三公" table with only its 合计). */
static int standard_title_above(const tline *L, size_t from, size_t i)
{
    size_t lo = i > from + T_TITLE_UP + T_MAX_HEADER ? i - T_TITLE_UP - T_MAX_HEADER : from;
    for (size_t k = lo; k < i; k++) {
        if (!L[k].title)
            continue;
        char *x = tbl_line_text(&L[k]);
        int std = x && strcmp(tbl_kind_of(x), "other") != 0;
        free(x);
        if (std)
            return 1;
    }
    return 0;
}

/* 1 when one of the header lines right above line i (at most
 * T_MAX_HEADER, none before `from`) names the unit in a header cell
 * (预算数（单位：万元）): a table's header, so one row under it is a
 * table even without a title (an untitled 绩效目标 grid). */
static int unit_header_above(const tline *L, size_t from, size_t i)
{
    for (size_t k = i; k > from && i - k < T_MAX_HEADER; k--) {
        const tline *l = &L[k - 1];
        if (l->title || l->data || l->meta)
            return 0;
        if (l->unithead)
            return 1;
    }
    return 0;
}

/* The end of the row of data line i (ending at z) of a table of one row:
 * past the text lines right below at line spacing whose words all lie
 * within the x-extent of a text cell of line i (its wrapped cell; a
 * paragraph starting at the margin, a note 注：… end it). */
static size_t one_row_end(const tline *L, size_t n, size_t i, size_t z)
{
    while (z < n && !L[z].hasnum && !L[z].title && !L[z].meta && L[z].n &&
           L[z].mid - L[z - 1].mid <= 2.0f * L[z - 1].size) {
        int inside = 1;
        for (size_t k = 0; k < L[z].n && inside; k++) {
            inside = 0;
            for (size_t j = 0; j < L[i].n && !inside; j++)
                inside = !L[i].w[j].number && L[z].w[k].x0 >= L[i].w[j].x0 - L[i].size &&
                         L[z].w[k].x1 <= L[i].w[j].x1 + 4 * L[i].size;
        }
        if (!inside)
            break;
        z++;
    }
    return z;
}

/* Drops the pending label rows of the table read before page `page` unless
 * that table went on over page `page` (its last page is that one). */
static void drop_tail(treader *tr, uint32_t page)
{
    if (!tr->tail_page || tr->tail_page >= page)
        return;
    fs_table *t = &tr->ts->v[tr->tail_table];
    if (t->page_last < page) {
        for (size_t r = tr->tail_row; r < t->nrows; r++) {
            for (size_t c = 0; c < t->ncols; c++)
                free(t->rows[r].cells[c].text);
            free(t->rows[r].cells);
        }
        t->nrows = tr->tail_row;
    }
    tr->tail_page = 0;
}

/* 1 when the lines L[a..z) hold labels only: no amount, no sentence (。),
 * no note (注：, 说明), no 单位 or signature line (：). */
static int labels_only(const tline *L, size_t a, size_t z)
{
    for (size_t i = a; i < z; i++) {
        if (L[i].hasnum || L[i].meta || L[i].title)
            return 0;
        char *x = tbl_line_text(&L[i]);
        int no = !x || strstr(x, "。") || !strncmp(x, "注", 3) || !strncmp(x, "说明", 6);
        free(x);
        if (no)
            return 0;
    }
    return 1;
}

/* Whether line l is a row label that prints no amount (合计, 总计, 无) or a
 * note saying the table is empty (注：本部门无…，故本表为空表). */
static int empty_mark(const tline *l)
{
    char *x = tbl_line_text(l);
    if (!x)
        return 0;
    int m = !strcmp(x, "合计") || !strcmp(x, "总计") || !strcmp(x, "无") ||
            ((!strncmp(x, "注", 3) || !strncmp(x, "说明", 6) || !strncmp(x, "备注", 6)) &&
             strstr(x, "无"));
    free(x);
    return m;
}

/* 1 when every word of l is short enough for a header cell (ten Chinese
 * characters), as a line of a table of contents or a sentence is not. */
static int short_words(const tline *l)
{
    for (size_t k = 0; k < l->n; k++)
        if (strlen(l->w[k].text) > 30)
            return 0;
    return 1;
}

/* 1 when line l is a lone page number (11) the running footer left. */
static int folio(const tline *l)
{
    const char *t = l->n == 1 ? l->w[0].text : "";
    size_t n = strlen(t);
    return n && n <= 4 && strspn(t, "0123456789") == n;
}

/* 1 when line l numbers the columns of a table (栏次 1 2 3 …): after an
 * optional 栏次, 行次 or ** label, the integers 1, 2, 3 … in order (three
 * or more without the label). */
static int numbers_columns(const tline *l)
{
    size_t k = 0, next = 1, least = 3;
    if (l->n && (!strcmp(l->w[0].text, "栏次") || !strcmp(l->w[0].text, "行次") ||
                 strspn(l->w[0].text, "*") == strlen(l->w[0].text)))
        k = 1, least = 1;
    for (; k < l->n; k++) {
        char want[24];
        snprintf(want, sizeof want, "%zu", next);
        if (strcmp(l->w[k].text, want) != 0)
            return 0;
        next++;
    }
    return next > least;
}

/* When line k of L[..n), on a page page_h high, is the title of a standard
 * table printed without amounts (its header, a blank 合计 row, 本表为空): the end of that table's
 * lines, else 0.  Such a table's lines hold no number (but a 栏次 row's) before the next title
 * or the foot of the page, no sentence (as a heading over a paragraph has),
 * and either a header line of two cells or more and a mark (empty_mark), or
 * one of three cells or more and nothing more down to the foot of the page. */
static size_t empty_table_end(const tline *L, size_t n, size_t k, float page_h)
{
    if (!L[k].title)
        return 0;
    char *x = tbl_line_text(&L[k]);
    /* not a line of a table of contents (…表......13) */
    int std = x && tbl_names_table(x) && strcmp(tbl_kind_of(x), "other") != 0 && !strstr(x, "..") &&
              !strstr(x, "\xE2\x80\xA6") && !strstr(x, "\xC2\xB7\xC2\xB7");
    free(x);
    if (!std)
        return 0;
    size_t j = k + 1;
    int cells = 0, wide = 0, mark = 0;
    for (; j < n && (!L[j].hasnum || numbers_columns(&L[j]) || folio(&L[j])); j++) {
        char *y = tbl_line_text(&L[j]);
        if (!y)
            return 0;
        /* the next table's title ends it (not a bare label: 公开 07 表) */
        int next = L[j].title && tbl_names_table(y);
        int note = !strncmp(y, "注", 3) || !strncmp(y, "说明", 6) || !strncmp(y, "备注", 6);
        int sentence = strstr(y, "。") && !note;
        free(y);
        if (next)
            break;
        if (sentence)
            return 0;
        mark |= empty_mark(&L[j]);
        cells |= L[j].n >= 2 && short_words(&L[j]);
        wide |= L[j].n >= 3 && short_words(&L[j]);
    }
    /* no mark: a header alone down to the foot of the page, under a title in
     * the page's upper half (one lower may have its rows over the page) */
    int alone = j == n && L[k].mid < page_h / 2;
    return (j == n || !L[j].hasnum) && ((cells && mark) || (wide && alone)) ? j : 0;
}

/* Reads the table printed without amounts whose title is line k, its
 * lines up to e (empty_table_end): title, unit, kind and header; no rows.
 * It is not continued on the next page. */
static int empty_table(treader *tr, const tline *L, size_t u, size_t k, size_t e, uint32_t page)
{
    size_t a = k + 1, d = a;
    while (a < e && L[a].meta)
        a++;
    for (d = a; d < e && !empty_mark(&L[d]);)
        d++;
    size_t cap, best = tbl_title_line(L, u, k + 1, &cap);
    char *title = tbl_head_title(L, u, a, best, cap);
    float *cx = NULL;
    int *isnum = NULL;
    size_t nc = 0;
    fs_table *t = NULL;
    int rc = title ? tbl_header_columns(L, a, d, &cx, &isnum, &nc) : FS_E_NOMEM;
    if (!rc && !(rc = push_table(tr->ts, &t))) {
        t->ncols = nc;
        t->page_first = t->page_last = page;
        rc = table_head(t, L, k, a, d, title, cx, NULL);
        title = NULL;
    }
    free(title);
    free(cx);
    free(isnum);
    free(tr->cx);
    free(tr->isnum);
    tr->cx = NULL;
    tr->isnum = NULL;
    return rc;
}

/* 1 when one of the lines L[from..i), at most T_TITLE_UP + T_MAX_HEADER
 * above line i, names a table (holds 表). */
static int titled_above(const tline *L, size_t from, size_t i)
{
    size_t lo = i > from + T_TITLE_UP + T_MAX_HEADER ? i - T_TITLE_UP - T_MAX_HEADER : from;
    for (size_t k = lo; k < i; k++)
        if (L[k].title)
            return 1;
    return 0;
}

/* 1 when a word of the lines L[a..z) is an amount's unit going on in a
 * clause (万元，占 / %； / 万元。): the amounts of a paragraph, not a
 * table's (whose unit is in its header). */
static int quoted_amounts(const tline *L, size_t a, size_t z)
{
    static const char *const U[] = {"万元", "亿元", "元", "%", "％", NULL};
    for (size_t i = a; i < z; i++)
        for (size_t k = 0; k < L[i].n; k++) {
            const char *t = L[i].w[k].text;
            for (const char *const *u = U; *u; u++)
                if (!strncmp(t, *u, strlen(*u)) &&
                    (strstr(t, "，") || strstr(t, "；") || strstr(t, "。")))
                    return 1;
        }
    return 0;
}

/* How many of the lines L[a..z) end a sentence (hold 。). */
static size_t sentences(const tline *L, size_t a, size_t z)
{
    size_t n = 0;
    for (size_t i = a; i < z; i++)
        for (size_t k = 0; k < L[i].n; k++)
            if (strstr(L[i].w[k].text, "。")) {
                n++;
                break;
            }
    return n;
}

/* The first line of the header L[a..d) of the body L[d..z) after the
 * last line of running text: one run of words ending a sentence, over at
 * least 60% of the width of the body's lines.  a when none. */
static size_t past_prose(const tline *L, size_t a, size_t d, size_t z)
{
    float x0 = 1e30f, x1 = -1e30f;
    for (size_t i = d; i < z; i++)
        if (L[i].n) {
            x0 = L[i].w[0].x0 < x0 ? L[i].w[0].x0 : x0;
            x1 = L[i].w[L[i].n - 1].x1 > x1 ? L[i].w[L[i].n - 1].x1 : x1;
        }
    size_t e = a;
    for (size_t k = a; k < d; k++)
        if (L[k].n == 1 && sentences(L, k, k + 1) &&
            L[k].w[0].x1 - L[k].w[0].x0 >= 0.6f * (x1 - x0))
            e = k + 1;
    return e;
}

/* 1 when the lines of L[a..z) holding numbers are a chart's axis, not a
 * table: at least four, each one number, set in one column, going down
 * the page by the same step (120 100 80 … 0; 8.2 8 7.8 …), a legend
 * beside some.  A table's column of amounts never steps evenly down; a
 * 序号 column steps up. */
static int chart_axis(const tline *L, size_t a, size_t z)
{
    size_t n = 0;
    fs_dec prev = {0}, step = {0};
    const word *first = NULL;
    for (size_t i = a; i < z; i++) {
        if (!L[i].hasnum)
            continue;
        const word *w = NULL;
        for (size_t k = 0; k < L[i].n; k++)
            if (L[i].w[k].number) {
                if (w)
                    return 0;
                w = &L[i].w[k];
            }
        fs_dec v, s;
        int d, p;
        if (!w || !tbl_parse_number(w->text, &v, &d, &p) || p)
            return 0;
        if (first && tbl_overlap(first->x0, first->x1, w->x0, w->x1) <= 0)
            return 0;
        if (n >= 1 && (fs_dec_sub(prev, v, &s) || fs_dec_sign(s) <= 0 ||
                       (n >= 2 && !fs_dec_eq(s, step))))
            return 0;
        if (n == 1)
            step = s;
        first = first ? first : w;
        prev = v;
        n++;
    }
    return n >= 4;
}

/* Reads the table whose first data line is L[i] and body ends at *z (a
 * table of one row may take the lines of its wrapped cell below), with no
 * line before `done` (ndata: its data lines): the header lines right
 * above, the band of its first row, its title above.  *none: the lines
 * are a paragraph's, no table.  may_go_on: they may go on with the table
 * of the page before. */
static int table_at(treader *tr, const tline *L, size_t n, size_t done, size_t i, size_t *z,
                    size_t ndata, int may_go_on, uint32_t page, float page_h, int *none)
{
    /* header: the word lines right above, not before the last table */
    size_t a = i;
    while (a > done && i - a < T_MAX_HEADER && !L[a - 1].title && !L[a - 1].data && !L[a - 1].meta) {
        if (L[a].mid - L[a - 1].mid > (1 + T_ROW_GAP) * L[a - 1].size)
            break;
        a--;
    }
    /* the first row's band may begin above its numbers (a wrapped
     * label: "一、财政" / 13,649.07 / "拨款") */
    size_t d = i;
    float gap = band_gap(L, a, *z);
    while (d > a && same_band(L, *z, d - 1, gap))
        d--;
    /* the title: up to T_TITLE_UP lines above the header, or above
     * the header lines beyond T_MAX_HEADER (a tall header) */
    size_t up = T_TITLE_UP + T_MAX_HEADER;
    size_t u = a > done + up ? a - up : done;
    /* a header never ends a sentence: under the lines of a paragraph and
     * no title, rows quoting amounts in clauses (万元，占 / 99.94 %；) are
     * that paragraph's, no table (unless they may go on with the table of
     * the page before: a 项目 table's cells tell of amounts too) */
    size_t para = a;
    for (size_t k = a; k < d; k++)
        if (sentences(L, k, k + 1))
            para = k + 1;
    if (para > a && !may_go_on && !titled_above(L, u, a) && quoted_amounts(L, d, *z)) {
        *none = 1;
        return 0;
    }
    /* nor is a paragraph's line part of a header: it begins after the
     * last line of running text over the table's width (a cell's
     * sentences lie within their column) */
    a = past_prose(L, a, d, *z);
    if (ndata == 1 && !standard_title_above(L, done, i) && unit_header_above(L, done, i)) {
        /* one row under its unit header: the lines between them and
         * those below in its text cells are that row's */
        while (d > a && !L[d - 1].unithead)
            d--;
        *z = one_row_end(L, n, i, *z);
        tr->one_row = 1;
    }
    int rc = make_table(tr, L, u, a, d, *z, page, page_h, 0);
    tr->one_row = 0;
    return rc;
}

static int page_tables(treader *tr, const fs_rawpage *pg, const uint8_t *furn, uint32_t page)
{
    fs_tables *ts = tr->ts;
    tline *L;
    size_t n;
    int rc = tbl_page_lines(pg, furn, &L, &n);
    if (rc || !n)
        return rc;
    tr->ftitle = NULL;
    for (size_t j = 0; furn && j < pg->nlines && !tr->ftitle; j++)
        if (furn[j] && strstr(pg->lines[j].text, "表") && pg->lines[j].len <= 120 &&
            strcmp(tbl_kind_of(pg->lines[j].text), "other") != 0)
            tr->ftitle = &pg->lines[j];
    size_t i = 0, done = 0;
    /* the table of the page before may go on from the top of this one:
     * then the lines above the first data line, up to a title, are rows */
    const fs_table *prev = ts->n ? &ts->v[ts->n - 1] : NULL;
    int may_continue = prev && prev->page_last + 1 == page && prev->nrows;
    while (i < n && !rc) {
        if (!L[i].data && !(may_continue && L[i].hasnum)) {
            size_t e = empty_table_end(L, n, i, pg->height);
            if (e) {
                rc = empty_table(tr, L, i > done + T_TITLE_UP ? i - T_TITLE_UP : done, i, e, page);
                done = i = e;
                may_continue = 0;
            } else {
                i++;
            }
            continue;
        }
        /* extend over lines close below, while numbers keep coming */
        size_t z = i + 1, ndata = 1, last = i;
        while (z < n) {
            /* centres apart by more than a line and T_ROW_GAP sizes */
            float lh = L[z - 1].size;
            if (L[z].mid - L[z - 1].mid > (1 + T_ROW_GAP) * lh)
                break;
            if (L[z].hasnum) {
                ndata += L[z].data;
                last = z;
            }
            z++;
        }
        /* lines of labels down to the foot of the page: rows, if the
         * table goes on over the next page (see drop_tail) */
        size_t tail = z == n && last + 1 < n && labels_only(L, last + 1, n) ? n : last + 1;
        z = last + 1;
        size_t top = done;
        int cont = 0;
        /* lines ending sentences: a paragraph, its justified lines read
         * as rows around the numbers they quote, is no table (unless
         * titled: a 绩效 table's cells are sentences) nor goes on with one */
        size_t prose = sentences(L, i, z);
        if (may_continue && done == 0) {
            int titled = 0;
            for (size_t k = 0; k < i; k++)
                titled |= L[k].title || L[k].meta;
            cont = !titled && !sentences(L, 0, z) && L[0].mid < pg->height / 3;
        }
        if (chart_axis(L, i, z) ||
            (ndata < 2 && !cont &&
             !(ndata == 1 && (standard_title_above(L, done, i) || unit_header_above(L, done, i)))) ||
            (!cont && 2 * prose >= z - i && !titled_above(L, done, i))) {
            i = z;
            may_continue = 0;
            continue;
        }
        if (cont) {
            /* rows from the top of the page (a running header aside: a
             * line far above the next is not a row) */
            size_t a = top;
            while (a + 1 < i && L[a + 1].mid - L[a].mid > (1 + T_ROW_GAP) * L[a].size)
                a++;
            rc = make_table(tr, L, a, a, a, z, page, pg->height, 1);
        } else {
            int none = 0;
            rc = table_at(tr, L, n, done, i, &z, ndata, may_continue && top == 0, page,
                          pg->height, &none);
            if (none) {
                done = i = z;
                may_continue = 0;
                continue;
            }
        }
        if (!rc && tail > z && ts->n && ts->v[ts->n - 1].page_last == page) {
            tr->tail_table = ts->n - 1;
            tr->tail_row = ts->v[ts->n - 1].nrows;
            tr->tail_page = page;
            rc = make_table(tr, L, z, z, z, tail, page, pg->height, 1);
            z = tail;
        }
        done = i = z;
        may_continue = 0;
    }
    tbl_free_lines(L, n);
    return rc;
}

/* Text input: runs of lines holding a TAB. */
static int text_tables(fs_tables *ts, const fs_rawdoc *d)
{
    for (size_t p = 0; p < d->npages; p++) {
        const fs_rawpage *pg = &d->pages[p];
        for (size_t i = 0; i < pg->nlines;) {
            if (!memchr(pg->lines[i].text, '\t', pg->lines[i].len)) {
                i++;
                continue;
            }
            size_t z = i;
            size_t nc = 0;
            while (z < pg->nlines && memchr(pg->lines[z].text, '\t', pg->lines[z].len)) {
                size_t k = 1;
                for (const char *s = pg->lines[z].text; *s; s++)
                    k += *s == '\t';
                nc = k > nc ? k : nc;
                z++;
            }
            if (z - i < 2) {
                i = z;
                continue;
            }
            fs_table *t;
            int rc = push_table(ts, &t);
            if (rc)
                return rc;
            t->ncols = nc;
            t->page_first = t->page_last = (uint32_t)p + 1;
            /* the nearest of the three lines above that names a table */
            const char *tl = "";
            for (size_t k = i; k > 0 && k + 3 > i && !*tl; k--)
                if (strstr(pg->lines[k - 1].text, "表"))
                    tl = pg->lines[k - 1].text;
            if (!(t->title = strdup(tl)))
                return FS_E_NOMEM;
            t->kind = tbl_kind_of(t->title);
            for (size_t k = i >= 3 ? i - 3 : 0; k <= i && !t->unit[0]; k++)
                tbl_unit_in(pg->lines[k].text, t->unit, sizeof t->unit);
            if (!(t->columns = calloc(nc, sizeof *t->columns)))
                return FS_E_NOMEM;
            for (size_t c = 0; c < nc; c++)
                if (!(t->columns[c] = calloc(1, 1)))
                    return FS_E_NOMEM;
            for (size_t r = i; r < z; r++) {
                fs_trow *row;
                if ((rc = push_row(t, &row)))
                    return rc;
                row->page = (uint32_t)p + 1;
                const char *s = pg->lines[r].text;
                for (size_t c = 0; c < nc; c++) {
                    const char *e = strchr(s, '\t');
                    size_t l = e ? (size_t)(e - s) : strlen(s);
                    if (!(row->cells[c].text = malloc(l + 1)))
                        return FS_E_NOMEM;
                    memcpy(row->cells[c].text, s, l);
                    row->cells[c].text[l] = '\0';
                    row->cells[c].page = l ? (uint32_t)p + 1 : 0;
                    s = e ? e + 1 : s + l;
                }
            }
            /* header: the rows above the first that holds a number */
            size_t h = 0;
            for (; h + 1 < t->nrows; h++) {
                int num = 0;
                for (size_t c = 0; c < nc && !num; c++) {
                    fs_dec v;
                    int dd, pc;
                    num = tbl_parse_number(t->rows[h].cells[c].text, &v, &dd, &pc);
                }
                if (num)
                    break;
            }
            for (size_t r = 0; r < h; r++)
                for (size_t c = 0; c < nc; c++) {
                    const char *x = t->rows[r].cells[c].text;
                    if (!*x)
                        continue;
                    size_t ol = strlen(t->columns[c]);
                    char *nw = realloc(t->columns[c], ol + strlen(x) + 6);
                    if (!nw)
                        return FS_E_NOMEM;
                    sprintf(nw + ol, "%s%s", ol ? " \xE2\x80\xBA " : "", x);
                    t->columns[c] = nw;
                }
            for (size_t r = 0; r < h; r++) {
                for (size_t c = 0; c < nc; c++)
                    free(t->rows[r].cells[c].text);
                free(t->rows[r].cells);
            }
            memmove(t->rows, t->rows + h, (t->nrows - h) * sizeof *t->rows);
            t->nrows -= h;
            i = z;
        }
    }
    return 0;
}

int fs_tables_read(const fs_rawdoc *d, fs_tables *out, fs_error *e)
{
    memset(out, 0, sizeof *out);
    int rc = 0;
    int pdf = 0;
    for (size_t p = 0; p < d->npages && !pdf; p++)
        pdf = d->pages[p].glyphs != NULL;
    if (pdf) {
        treader tr = {out, NULL, NULL, 0, 0, 0, 0, 0};
        uint8_t *furn = NULL;
        rc = fs_furniture(d, &furn, e);
        for (size_t p = 0, first = 0; p < d->npages && !rc; first += d->pages[p].nlines, p++) {
            rc = page_tables(&tr, &d->pages[p], furn + first, (uint32_t)p + 1);
            drop_tail(&tr, (uint32_t)p + 1);
        }
        drop_tail(&tr, (uint32_t)d->npages + 1);
        free(furn);
        free(tr.cx);
        free(tr.isnum);
        if (rc)
            return rc == FS_E_NOMEM ? fs_error_set(e, rc, "out of memory reading tables") : rc;
    } else {
        rc = text_tables(out, d);
    }
    for (size_t k = 0; k < out->n && !rc; k++)
        if (!(rc = finish_rows(&out->v[k])))
            out->v[k].kind = tbl_fund_kind(&out->v[k]);
    if (rc)
        return fs_error_set(e, rc, "out of memory reading tables");
    return 0;
}

void fs_tables_free(fs_tables *t)
{
    if (!t)
        return;
    for (size_t k = 0; k < t->n; k++) {
        fs_table *x = &t->v[k];
        for (size_t r = 0; r < x->nrows; r++) {
            for (size_t c = 0; c < x->ncols; c++)
                free(x->rows[r].cells[c].text);
            free(x->rows[r].cells);
            free(x->rows[r].code);
            free(x->rows[r].name);
        }
        free(x->rows);
        for (size_t c = 0; x->columns && c < x->ncols; c++)
            free(x->columns[c]);
        free(x->columns);
        free(x->title);
    }
    free(t->v);
    memset(t, 0, sizeof *t);
}
