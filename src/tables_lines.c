/* tables_lines.c — the first stage of the table reader: a PDF page's
 * characters into lines of words (see tables.c for the whole reader).
 *
 *  - lines: characters whose vertical centres lie within 0.4 of a character
 *    height of the line's, sorted left to right (poppler's order may run
 *    column by column in a ruled table);
 *  - words: a line cut where the gap between two characters is wide for
 *    what they are: 0.25 em between a digit and a non-digit (a number right
 *    aligned in its cell next to the label of the next cell), 0.35 em between
 *    two digits, 0.9 em between two other characters (a label's own spaces
 *    are narrower); a year (2025 年) and a table's number (表 14) are no
 *    amounts; full-width digits and points read as ASCII;
 *  - each line is marked: data (numbers with room between its words),
 *    title (holds 表), caption (may name a table without 表), meta (单位：…);
 *    the page's running header, footer and page number are left out. */
#include "tables_impl.h"

#include "cjk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T_LINE_Y 0.4f      /* font sizes between the centres of one line's glyphs */
#define T_GAP_MIXED 0.25f  /* em: digit next to non-digit */
#define T_GAP_DIGITS 0.35f /* em: digit to digit */
#define T_GAP_TEXT 0.9f    /* em: other characters */
#define T_GAP_CELL 0.3f    /* em: two header cells, in a header word */

/* ------------------------------------------------------------ words */

static int is_digitish(uint32_t c)
{
    return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '%' || c == '-' ||
           (c >= 0xFF10 && c <= 0xFF19);
}

/* Parses a cell's text as a number: optional sign, digits with thousands
 * commas, optional decimals, optional %.  1 and the value when it is one. */
int tbl_parse_number(const char *s, fs_dec *v, int *decimals, int *percent)
{
    char buf[64];
    size_t n = 0;
    int digits = 0, dec = -1;
    *percent = 0;
    int group = -1; /* digits since the last thousands comma, -1 before one */
    for (const char *p = s; *p; p++) {
        if (*p == ',' && digits && dec < 0) {
            /* 1,234,567: three digits after every comma ("1,276,098723,751"
             * is two amounts run together, not one) */
            if ((group >= 0 && group != 3) || (group < 0 && digits > 3))
                return 0;
            group = 0;
            continue;
        }
        if (*p == '%' && p[1] == '\0' && digits) {
            *percent = 1;
            break;
        }
        if (*p == '-' && n == 0) {
            buf[n++] = '-';
            continue;
        }
        if (*p == '.' && dec < 0 && digits) {
            dec = 0;
            buf[n++] = '.';
            continue;
        }
        if (*p < '0' || *p > '9' || n + 2 >= sizeof buf)
            return 0;
        buf[n++] = *p;
        digits++;
        if (dec >= 0)
            dec++;
        else if (group >= 0)
            group++;
    }
    if (!digits || (dec == 0) || (group >= 0 && group != 3))
        return 0;
    buf[n] = '\0';
    if (fs_dec_from_string(buf, n, v) < 0)
        return 0;
    *decimals = dec < 0 ? 0 : dec;
    return 1;
}

static int word_is_number(const char *s)
{
    fs_dec v;
    int d, p;
    return tbl_parse_number(s, &v, &d, &p);
}

void tbl_free_lines(tline *l, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < l[i].n; k++)
            free(l[i].w[k].text);
        free(l[i].w);
        for (size_t k = 0; l[i].hw && k < l[i].nh; k++)
            free(l[i].hw[k].text);
        free(l[i].hw);
    }
    free(l);
}

/* A glyph's size for measuring: its font size, else its box height. */
static float gsize(const fs_rawglyph *g)
{
    float h = g->y1 - g->y0;
    return g->size > 0 ? g->size : h > 1 ? h : 1;
}

/* The vertical centre of a glyph's box. */
static float gmid(const fs_rawglyph *g)
{
    return (g->y0 + g->y1) / 2;
}

/* Orders glyph pointers by the vertical centres of their boxes, then left
 * edge. */
static int gptr_cmp(const void *a, const void *b)
{
    const fs_rawglyph *x = *(const fs_rawglyph *const *)a, *y = *(const fs_rawglyph *const *)b;
    if (gmid(x) != gmid(y))
        return gmid(x) < gmid(y) ? -1 : 1;
    return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* Orders glyph pointers by left edge. */
static int gx_cmp(const void *a, const void *b)
{
    const fs_rawglyph *x = *(const fs_rawglyph *const *)a, *y = *(const fs_rawglyph *const *)b;
    return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* Appends the UTF-8 of cp to buf (size n, *len used). */
static void put_cp(char *buf, size_t n, size_t *len, uint32_t cp)
{
    char u[4];
    size_t l = fs_utf8_encode(cp, u);
    if (*len + l + 1 <= n) {
        memcpy(buf + *len, u, l);
        *len += l;
    }
}

/* The words of the glyphs g[0..n) of one line (sorted by x), cut before
 * each glyph i with cut[i]: *out (the caller frees each text and the
 * array), *nout of them. */
static int cut_words(const fs_rawglyph *const *g, size_t n, const uint8_t *cut, word **out,
                     size_t *nout)
{
    word *w = calloc(n ? n : 1, sizeof *w);
    *out = w;
    *nout = 0;
    if (!w)
        return FS_E_NOMEM;
    char buf[1024];
    size_t len = 0;
    word cur = {0};
    for (size_t i = 0; i <= n; i++) {
        if ((i == n || cut[i]) && len) {
            buf[len] = '\0';
            if (!(cur.text = strdup(buf)))
                return FS_E_NOMEM;
            cur.number = word_is_number(cur.text);
            w[(*nout)++] = cur;
            len = 0;
        }
        if (i == n)
            break;
        const fs_rawglyph *b = g[i];
        if (!len) {
            cur.x0 = b->x0, cur.y0 = b->y0, cur.x1 = b->x1, cur.y1 = b->y1;
        } else {
            cur.x0 = b->x0 < cur.x0 ? b->x0 : cur.x0;
            cur.y0 = b->y0 < cur.y0 ? b->y0 : cur.y0;
            cur.x1 = b->x1 > cur.x1 ? b->x1 : cur.x1;
            cur.y1 = b->y1 > cur.y1 ? b->y1 : cur.y1;
        }
        uint32_t cp = b->cp;
        if (cp >= 0xFF10 && cp <= 0xFF19)
            cp = '0' + (cp - 0xFF10);
        else if (cp == 0xFF0E) /* full-width point: １３０８．９７ */
            cp = '.';
        put_cp(buf, sizeof buf, &len, cp);
    }
    /* a year (2025 年) is a label, not an amount */
    for (size_t k = 0; k + 1 < *nout; k++) {
        const char *t = w[k].text;
        if (w[k].number && strlen(t) == 4 && (!strncmp(t, "19", 2) || !strncmp(t, "20", 2)) &&
            !strncmp(w[k + 1].text, "\xE5\xB9\xB4", 3))
            w[k].number = 0;
    }
    /* nor a table's number by its label (表 14, 附表 3, 公开 07 表) */
    for (size_t k = 0; k < *nout; k++) {
        const char *t = w[k].text, *p = k ? w[k - 1].text : "", *q = k + 1 < *nout ? w[k + 1].text : "";
        size_t lp = strlen(p), lt = strlen(t);
        if (w[k].number && lt <= 3 && strspn(t, "0123456789") == lt &&
            ((lp >= 3 && !strcmp(p + lp - 3, "\xE8\xA1\xA8")) || !strncmp(q, "\xE8\xA1\xA8", 3)))
            w[k].number = 0;
    }
    return 0;
}

/* qsort comparator for floats. */
static int float_cmp(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* Marks in cut[] the further cuts of the header words: inside a word
 * (between two cuts), a gap between two characters that are not digits
 * wider than T_GAP_CELL em and than twice the word's median gap (plus 0.1
 * em) parts two cells set close together (2018年完|完成数为预|比上年增); an
 * evenly spaced label keeps its gaps.  gaps: scratch for n floats. */
static void soft_cuts(const fs_rawglyph *const *g, size_t n, uint8_t *cut, float *gaps)
{
    for (size_t s = 0; s < n;) {
        size_t e = s + 1;
        while (e < n && !cut[e])
            e++;
        size_t k = 0;
        for (size_t i = s + 1; i < e; i++)
            gaps[k++] = g[i]->x0 - g[i - 1]->x1;
        if (k >= 2) {
            qsort(gaps, k, sizeof *gaps, float_cmp);
            float med = gaps[k / 2];
            for (size_t i = s + 1; i < e; i++) {
                const fs_rawglyph *a = g[i - 1], *b = g[i];
                float em = gsize(a) > gsize(b) ? gsize(a) : gsize(b);
                float gap = b->x0 - a->x1;
                if (!is_digitish(a->cp) && !is_digitish(b->cp) && gap > T_GAP_CELL * em &&
                    gap > 2 * med + 0.1f * em)
                    cut[i] = 1;
            }
        }
        s = e;
    }
}

/* Cuts the glyphs g[0..n) of one line (sorted by x) into its words (out->w)
 * and, with header set, its header words (out->hw). */
static int line_words(const fs_rawglyph *const *g, size_t n, tline *out, int header)
{
    uint8_t *cut = calloc(n ? n : 1, 1);
    float *gaps = header ? malloc((n ? n : 1) * sizeof *gaps) : NULL;
    if (!cut || (header && !gaps)) {
        free(cut);
        free(gaps);
        return FS_E_NOMEM;
    }
    for (size_t i = 1; i < n; i++) {
        const fs_rawglyph *a = g[i - 1], *b = g[i];
        float em = gsize(a) > gsize(b) ? gsize(a) : gsize(b);
        float gap = b->x0 - a->x1;
        int da = is_digitish(a->cp), db = is_digitish(b->cp);
        float thr = da != db ? T_GAP_MIXED : da ? T_GAP_DIGITS : T_GAP_TEXT;
        cut[i] = gap > thr * em;
    }
    int rc = cut_words(g, n, cut, &out->w, &out->n);
    if (!rc && header) {
        soft_cuts(g, n, cut, gaps);
        rc = cut_words(g, n, cut, &out->hw, &out->nh);
    }
    free(cut);
    free(gaps);
    return rc;
}

char *tbl_line_text(const tline *l)
{
    size_t n = 1;
    for (size_t k = 0; k < l->n; k++)
        n += strlen(l->w[k].text) + 1;
    char *s = malloc(n);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t k = 0; k < l->n; k++) {
        if (k)
            strcat(s, " ");
        strcat(s, l->w[k].text);
    }
    return s;
}

/* 1 when line l is header cells, not a label line, although it holds a
 * colon: at least two words, each colon in the unit a label names in
 * brackets (预算数（单位：万元）), never a label of its own (单位：万元,
 * 部门：…). */
static int unit_cell_only(const tline *l)
{
    if (l->n < 2)
        return 0;
    int unit = 0;
    for (size_t k = 0; k < l->n; k++) {
        const char *t = l->w[k].text;
        for (const char *p = t; *p; p++) {
            size_t cl = !strncmp(p, "：", 3) ? 3 : *p == ':' ? 1 : 0;
            if (!cl)
                continue;
            /* （单位： or (单位: after a label of the same word */
            size_t back = (size_t)(p - t);
            int full = back > 9 && !strncmp(p - 9, "（单位", 9);
            int half = back > 7 && !strncmp(p - 7, "(单位", 7);
            if (!full && !half)
                return 0;
            unit = 1;
            p += cl - 1;
        }
    }
    return unit;
}

/* 1 when t, a line of one run of words, reads as a table's name that lacks
 * 表 (government reports title a table 2025年全市一般公共预算收入执行情况):
 * no sentence, at most 120 bytes, six Chinese characters or more, and a
 * word of budgets. */
static int is_caption(const char *t)
{
    static const char *const W[] = {"预算", "决算", "执行", "情况", "明细", "收支", "收入", "支出", NULL};
    size_t n = strlen(t), han = 0;
    if (n > 120 || strstr(t, "。") || strstr(t, "，"))
        return 0;
    for (const char *p = t; *p;) {
        uint32_t cp = 0;
        size_t l = fs_utf8_decode(p, n - (size_t)(p - t), &cp);
        han += cp >= 0x4E00 && cp <= 0x9FFF;
        p += l ? l : 1;
    }
    int hit = 0;
    for (const char *const *w = W; *w && !hit; w++)
        hit = strstr(t, *w) != NULL;
    return han >= 6 && hit;
}

/* Whether glyph g lies in one of the nf furniture lines fl (the page's
 * running header, footer and page number). */
static int in_furniture(const fs_rawline *const *fl, size_t nf, const fs_rawglyph *g)
{
    float cx = (g->x0 + g->x1) / 2, cy = (g->y0 + g->y1) / 2;
    for (size_t j = 0; j < nf; j++)
        if (cx >= fl[j]->x0 - 1 && cx <= fl[j]->x1 + 1 && cy >= fl[j]->y0 - 1 &&
            cy <= fl[j]->y1 + 1)
            return 1;
    return 0;
}

/* The lines of one PDF page, top to bottom, its running header, footer
 * and page number left out (caller frees with free_lines). */
int tbl_page_lines(const fs_rawpage *pg, const uint8_t *furn, tline **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    size_t n = pg->nglyphs;
    if (!n)
        return 0;
    const fs_rawglyph **g = malloc(n * sizeof *g);
    tline *L = calloc(n, sizeof *L);
    if (!g || !L) {
        free(g);
        free(L);
        return FS_E_NOMEM;
    }
    /* the furniture lines, found once (a few per page) */
    size_t nf = 0, kept = 0;
    for (size_t j = 0; furn && j < pg->nlines; j++)
        nf += furn[j] != 0;
    const fs_rawline **fl = nf ? malloc(nf * sizeof *fl) : NULL;
    if (nf && !fl) {
        free(g);
        free(L);
        return FS_E_NOMEM;
    }
    for (size_t j = 0, k = 0; furn && j < pg->nlines; j++)
        if (furn[j])
            fl[k++] = &pg->lines[j];
    for (size_t i = 0; i < n; i++)
        if (!in_furniture(fl, nf, &pg->glyphs[i]))
            g[kept++] = &pg->glyphs[i];
    free(fl);
    if (!(n = kept)) {
        free(g);
        free(L);
        return 0;
    }
    qsort(g, n, sizeof *g, gptr_cmp);
    size_t nl = 0;
    for (size_t a = 0; a < n;) {
        /* one line: the glyphs whose centres fall inside the boxes already
         * in it, and near the first one's.  A PDF with odd font metrics
         * gives a 3-point box to a character and a 20-point box to the
         * digits beside it, neither top nor bottom aligned: the digits'
         * box still holds the character's centre */
        float first = gmid(g[a]), bottom = g[a]->y1, h = gsize(g[a]);
        size_t z = a + 1;
        while (z < n && (gmid(g[z]) - first <= T_LINE_Y * h ||
                         (gmid(g[z]) <= bottom && gmid(g[z]) - first <= h))) {
            bottom = g[z]->y1 > bottom ? g[z]->y1 : bottom;
            h = gsize(g[z]) > h ? gsize(g[z]) : h;
            z++;
        }
        qsort(g + a, z - a, sizeof *g, gx_cmp);
        tline *l = &L[nl++];
        if (line_words(g + a, z - a, l, 1)) {
            free(g);
            tbl_free_lines(L, nl);
            return FS_E_NOMEM;
        }
        l->y0 = g[a]->y0, l->y1 = g[a]->y1;
        l->size = 0;
        l->mid = first;
        for (size_t k = a; k < z; k++)
            l->size = gsize(g[k]) > l->size ? gsize(g[k]) : l->size;
        size_t nums = 0;
        for (size_t k = 0; k < l->n; k++) {
            l->y0 = l->w[k].y0 < l->y0 ? l->w[k].y0 : l->y0;
            l->y1 = l->w[k].y1 > l->y1 ? l->w[k].y1 : l->y1;
            nums += l->w[k].number;
        }
        /* a table row leaves room between its cells; a line of justified
         * text, however wide its gaps around numbers, is mostly ink */
        float ink = 0, span = l->n ? l->w[l->n - 1].x1 - l->w[0].x0 : 0;
        for (size_t k = 0; k < l->n; k++)
            ink += l->w[k].x1 - l->w[k].x0;
        float maxgap = 0;
        for (size_t k = 1; k < l->n; k++)
            maxgap = l->w[k].x0 - l->w[k - 1].x1 > maxgap ? l->w[k].x0 - l->w[k - 1].x1 : maxgap;
        /* or a gap no justified line leaves (a short label, its amount) */
        int roomy = ink < 0.8f * span || maxgap > 1.5f * l->size;
        l->data = nums > 0 && l->n >= 2 && roomy;
        l->hasnum = nums > 0 && (l->n >= 2 ? roomy : 1);
        if (!nums && l->n >= 1) {
            char *t = tbl_line_text(l);
            if (!t) {
                free(g);
                tbl_free_lines(L, nl);
                return FS_E_NOMEM;
            }
            l->title = strstr(t, "表") && strlen(t) <= 120 && !strstr(t, "。");
            l->meta = strstr(t, "：") || strchr(t, ':') || !strncmp(t, "单位", 6) ||
                      !strncmp(t, "部门名称", 12) || !strncmp(t, "部门 ", 7) ||
                      !strncmp(t, "编制单位", 12);
            if (l->meta && unit_cell_only(l))
                l->meta = 0, l->unithead = 1;
            l->caption = !l->title && !l->meta && l->n == 1 && is_caption(t);
            free(t);
        }
        a = z;
    }
    free(g);
    *out = L;
    *nout = nl;
    return 0;
}

