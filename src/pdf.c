/* pdf.c — see pdf.h.
 *
 * Per page, poppler gives three views of the same text: the text itself
 * (poppler_page_get_text: lines separated by '\n'), one box per character in
 * the same order (poppler_page_get_text_layout) and runs of font attributes
 * indexed by character (poppler_page_get_text_attributes).  All three are
 * walked once, side by side, so a page costs time linear in its text.
 *
 * Table cells.  Poppler glues the cells of a table row into one line with no
 * separator, or with a single space.  Where the horizontal gap between two
 * consecutive glyphs of one line is wide, the glyphs belong to different
 * cells and the whitespace between them (if any) is replaced by one TAB.
 * "Wide" is measured in ems (the larger font size of the two glyphs) and
 * depends on what the gap separates, because justified body text stretches
 * the space between a Chinese character and a number far more than anything
 * else (up to 2.5 em measured in the corpus), while table cells can sit as
 * close as 0.8 em:
 *   - digit to digit ([0-9.,] on both sides): > 0.5 em.  Digits of one number
 *     are never spread that far; two numbers in adjacent cells always are.
 *   - two non-digits (e.g. two Chinese labels): > 1.0 em.
 *   - a digit next to a non-digit: > 3.0 em, or > 0.8 em when the line
 *     already has a cell boundary by one of the other rules (a table row).
 *   - the next glyph starts left of the previous one, or its top is more than
 *     1.5 em above or below (poppler joined two cells of different rows or
 *     columns): always a cell boundary.
 * Everything else is kept exactly as poppler gives it.
 *
 * Bold.  Chinese government documents mark headings by typeface rather than
 * weight (黑体 for first-level headings, body in 仿宋), so a line is "bold"
 * when its dominant font name contains Bold, Heavy, Black, Demi or Hei
 * (SimHei, STHeiti, FZHei, YaHei ...), or 黑 in UTF-8 or GBK bytes (embedded
 * font names are often raw GBK).
 *
 * Unreadable text.  A font without a ToUnicode map (and without a standard
 * encoding) makes poppler return glyph numbers as if they were code points:
 * Cyrillic, Indic, Canadian syllabics, CJK extension A, control characters —
 * digits often come out as controls U+0013..U+001A.  Such text would feed
 * wrong words and lost digits to the later stages, so the document is
 * refused when at least GARBLED_MIN characters and GARBLED_PERCENT percent of
 * its non-space characters lie outside the blocks a Chinese report is
 * written in (expected_char below: ASCII, Latin-1, punctuation and symbols,
 * CJK radicals, symbols, kana, bopomofo, unified ideographs, compatibility
 * and full-width forms).  Measured with the 19 real and reference PDFs of the
 * test corpus: 0 such characters in every one (3,604 to 21,720 characters
 * each); a 3-page report whose three CID fonts had their ToUnicode maps
 * removed: 62% (1,097 of 1,764), a one-page cover likewise: 72% (26 of 36).
 * When only the digits' font lacks the map, the digits come out as control
 * characters and make a small share of the text (4% in the test fixture
 * tests/hostile/pdf/cid-digits.pdf): GARBLED_MIN control characters refuse
 * the document whatever their share — the corpus has none, and figures read
 * from such text would have lost their digits. */
#define _GNU_SOURCE /* memfd_create */
#include "pdf.h"
#include "buf.h"

#include <poppler.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Unreadable text: see the comment at the top. */
#define GARBLED_MIN 10
#define GARBLED_PERCENT 10

/* Cell-gap thresholds in ems; see the comment at the top. */
#define GAP_DIGITS 0.5
#define GAP_OTHER 1.0
#define GAP_MIXED 3.0
#define GAP_MIXED_IN_ROW 0.8
#define JUMP_BACK 0.25
#define JUMP_VERTICAL 1.5

/* One run of font attributes over character indexes [start, end]. */
typedef struct attr_run {
    int start, end;
    float size;
    uint8_t bold;
} attr_run;

/* The per-page views, borrowed from poppler for the time of one page. */
typedef struct page_view {
    const char *text;             /* UTF-8 page text */
    const PopplerRectangle *rect; /* one per character, or NULL when unusable */
    attr_run *runs;               /* sorted by start */
    size_t nruns;
} page_view;

/* A glyph of the current line: its byte range, character index and class. */
typedef struct glyph {
    size_t b0, b1;   /* bytes [b0, b1) of the page text */
    long ci;         /* character index into the layout */
    int space;       /* whitespace (U+0020, TAB, U+3000, U+00A0) */
    int digit;       /* [0-9.,] */
} glyph;

/* Tells whether a font name denotes a bold or heading (黑体-like) face. */
static int font_is_bold(const char *name)
{
    if (!name)
        return 0;
    static const char *const words[] = {"bold", "heavy", "black", "demi", "hei"};
    size_t n = strlen(name);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *p = (const unsigned char *)name + i;
        if (p[0] == 0xE9 && i + 2 < n && p[1] == 0xBB && p[2] == 0x91) /* 黑 UTF-8 */
            return 1;
        if (p[0] == 0xBA && i + 1 < n && p[1] == 0xDA) /* 黑 GBK */
            return 1;
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
            size_t k = 0;
            while (words[w][k] && i + k < n && (p[k] | 0x20) == (unsigned char)words[w][k])
                k++;
            if (!words[w][k])
                return 1;
        }
    }
    return 0;
}

/* Copies poppler's attribute list into a plain sorted array (caller frees).
 * Returns NULL with *n = 0 when there are none or memory is short: the page
 * then simply has no font information. */
static attr_run *collect_runs(GList *list, size_t *n)
{
    *n = 0;
    guint len = g_list_length(list);
    if (!len)
        return NULL;
    attr_run *r = malloc(len * sizeof *r);
    if (!r)
        return NULL;
    size_t k = 0;
    int sorted = 1;
    for (GList *l = list; l; l = l->next) {
        const PopplerTextAttributes *a = l->data;
        if (!a || a->end_index < a->start_index)
            continue;
        r[k].start = a->start_index;
        r[k].end = a->end_index;
        r[k].size = a->font_size > 0 && a->font_size < 10000 ? (float)a->font_size : 0.0f;
        r[k].bold = (uint8_t)font_is_bold(a->font_name);
        if (k && r[k].start < r[k - 1].start)
            sorted = 0;
        k++;
    }
    if (!sorted) { /* never seen; keep the walk correct anyway (insertion sort) */
        for (size_t i = 1; i < k; i++) {
            attr_run t = r[i];
            size_t j = i;
            for (; j > 0 && r[j - 1].start > t.start; j--)
                r[j] = r[j - 1];
            r[j] = t;
        }
    }
    *n = k;
    return r;
}

/* Cursor over the attribute runs; characters are visited in increasing order,
 * so the cursor only moves forward. */
typedef struct run_cursor {
    const attr_run *runs;
    size_t n, i;
} run_cursor;

/* Returns the run covering character ci, or NULL. */
static const attr_run *run_at(run_cursor *c, long ci)
{
    while (c->i < c->n && c->runs[c->i].end < ci)
        c->i++;
    if (c->i < c->n && c->runs[c->i].start <= ci)
        return &c->runs[c->i];
    return NULL;
}

/* Whether a cell boundary lies between glyphs a and b (consecutive glyphs of
 * one line, possibly with whitespace between); in_row says the line already
 * has a boundary.  em is the font size to measure gaps in. */
static int is_cell_gap(const PopplerRectangle *ra, const PopplerRectangle *rb, const glyph *a,
                       const glyph *b, double em, int in_row)
{
    double gap = rb->x1 - ra->x2;
    if (rb->x1 < ra->x1 - JUMP_BACK * em)
        return 1;
    if (rb->y1 - ra->y1 > JUMP_VERTICAL * em || ra->y1 - rb->y1 > JUMP_VERTICAL * em)
        return 1;
    if (a->digit && b->digit)
        return gap > GAP_DIGITS * em;
    if (!a->digit && !b->digit)
        return gap > GAP_OTHER * em;
    return gap > (in_row ? GAP_MIXED_IN_ROW : GAP_MIXED) * em;
}

/* The em to measure a gap in: the larger font size of the two glyphs, or
 * when unknown the larger glyph width (at least one point). */
static double pair_em(const PopplerRectangle *ra, const PopplerRectangle *rb, float sa, float sb)
{
    double em = sa > sb ? sa : sb;
    if (em <= 0) {
        double wa = ra->x2 - ra->x1, wb = rb->x2 - rb->x1;
        em = wa > wb ? wa : wb;
    }
    return em < 1.0 ? 1.0 : em;
}

/* Up to this many distinct (size, bold) pairs are tallied per line. */
#define MAX_STYLES 8

typedef struct style_tally {
    float size[MAX_STYLES];
    uint8_t bold[MAX_STYLES];
    size_t count[MAX_STYLES];
    size_t n;
} style_tally;

static void tally_add(style_tally *t, float size, uint8_t bold)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->size[i] == size && t->bold[i] == bold) {
            t->count[i]++;
            return;
        }
    if (t->n < MAX_STYLES) {
        t->size[t->n] = size;
        t->bold[t->n] = bold;
        t->count[t->n++] = 1;
    }
}

/* A piece of one extracted line between cell gaps (or the whole line),
 * with its own box: the unit table rows are rebuilt from. */
typedef struct frag {
    size_t line;          /* index of its line on the page */
    size_t b0, b1;        /* bytes [b0, b1) of that line's text */
    float x0, y0, x1, y1; /* box, top-left origin */
    float size;           /* font size of its first glyph, 0 when unknown */
    uint8_t used;         /* taken into a table row */
} frag;

typedef struct fraglist {
    frag *v;
    size_t n, cap;
} fraglist;

static int frag_push(fraglist *f, const frag *x)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 256;
        frag *v = realloc(f->v, cap * sizeof *v);
        if (!v)
            return FS_E_NOMEM;
        f->v = v;
        f->cap = cap;
    }
    f->v[f->n++] = *x;
    return 0;
}

/* Emits one line (glyphs g[0..n)) of the page into d, with TABs at cell
 * gaps, its bounding box and dominant font; with boxes, each piece between
 * TABs also goes to fl as a fragment.  Returns 0 or FS_E_NOMEM. */
static int emit_line(fs_rawdoc *d, const page_view *v, const glyph *g, size_t n, float *gfont,
                     uint8_t *gweight, fs_buf *out, fraglist *fl)
{
    const PopplerRectangle *R = v->rect;
    /* First pass: does the line have a boundary by the strong rules? */
    int in_row = 0;
    if (R) {
        long prev = -1;
        for (size_t i = 0; i < n && !in_row; i++) {
            if (g[i].space)
                continue;
            if (prev >= 0) {
                const glyph *a = &g[prev], *b = &g[i];
                double em = pair_em(&R[a->ci], &R[b->ci], gfont[prev], gfont[i]);
                if (is_cell_gap(&R[a->ci], &R[b->ci], a, b, em, 0))
                    in_row = 1;
            }
            prev = (long)i;
        }
    }
    /* Second pass: build the text, box and font tally. */
    fs_buf_truncate(out, 0);
    style_tally tally = {{0}, {0}, {0}, 0};
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    int have_box = 0;
    long prev = -1;
    size_t ws_start = 0; /* first pending whitespace glyph */
    int pending = 0;
    size_t line_no = d->npages ? d->pages[d->npages - 1].nlines : 0;
    frag cur = {line_no, 0, 0, 0, 0, 0, 0, 0, 0};
    int have_frag = 0;
    for (size_t i = 0; i < n; i++) {
        if (g[i].space) {
            if (!pending)
                ws_start = i;
            pending = 1;
            continue;
        }
        int tab = 0;
        if (R && prev >= 0) {
            const glyph *a = &g[prev], *b = &g[i];
            double em = pair_em(&R[a->ci], &R[b->ci], gfont[prev], gfont[i]);
            tab = is_cell_gap(&R[a->ci], &R[b->ci], a, b, em, in_row);
        }
        if (tab) {
            if (have_frag) {
                cur.b1 = out->len;
                if (frag_push(fl, &cur))
                    return FS_E_NOMEM;
                have_frag = 0;
            }
            if (fs_buf_putc(out, '\t'))
                return FS_E_NOMEM;
        } else if (pending) {
            if (fs_buf_append(out, v->text + g[ws_start].b0, g[i - 1].b1 - g[ws_start].b0))
                return FS_E_NOMEM;
        }
        pending = 0;
        size_t at = out->len;
        if (fs_buf_append(out, v->text + g[i].b0, g[i].b1 - g[i].b0))
            return FS_E_NOMEM;
        if (R) {
            const PopplerRectangle *r = &R[g[i].ci];
            double rx0 = r->x1 < r->x2 ? r->x1 : r->x2, rx1 = r->x1 < r->x2 ? r->x2 : r->x1;
            double ry0 = r->y1 < r->y2 ? r->y1 : r->y2, ry1 = r->y1 < r->y2 ? r->y2 : r->y1;
            if (!have_frag) {
                cur.b0 = at;
                cur.x0 = (float)rx0, cur.y0 = (float)ry0, cur.x1 = (float)rx1, cur.y1 = (float)ry1;
                cur.size = gfont[i];
                have_frag = 1;
            } else {
                cur.x0 = (float)rx0 < cur.x0 ? (float)rx0 : cur.x0;
                cur.y0 = (float)ry0 < cur.y0 ? (float)ry0 : cur.y0;
                cur.x1 = (float)rx1 > cur.x1 ? (float)rx1 : cur.x1;
                cur.y1 = (float)ry1 > cur.y1 ? (float)ry1 : cur.y1;
            }
            if (!have_box) {
                x0 = rx0, y0 = ry0, x1 = rx1, y1 = ry1;
                have_box = 1;
            } else {
                x0 = rx0 < x0 ? rx0 : x0;
                y0 = ry0 < y0 ? ry0 : y0;
                x1 = rx1 > x1 ? rx1 : x1;
                y1 = ry1 > y1 ? ry1 : y1;
            }
        }
        if (gfont[i] > 0)
            tally_add(&tally, gfont[i], gweight[i]);
        prev = (long)i;
    }
    if (have_frag) {
        cur.b1 = out->len;
        if (frag_push(fl, &cur))
            return FS_E_NOMEM;
    }
    if (pending && fs_buf_append(out, v->text + g[ws_start].b0, g[n - 1].b1 - g[ws_start].b0))
        return FS_E_NOMEM;
    if (fs_rawdoc_add_line(d, out->s ? out->s : "", out->len))
        return FS_E_NOMEM;
    fs_rawline *ln = fs_rawdoc_last_line(d);
    size_t best = 0;
    for (size_t i = 1; i < tally.n; i++)
        if (tally.count[i] > tally.count[best])
            best = i;
    if (tally.n) {
        ln->font_size = tally.size[best];
        ln->bold = tally.bold[best];
    }
    if (have_box) {
        ln->x0 = (float)x0;
        ln->y0 = (float)y0;
        ln->x1 = (float)x1;
        ln->y1 = (float)y1;
    }
    return 0;
}

/* Characters per font size (to the half point) over the pages read so far:
 * the commonest size is the body text's. */
#define MAX_SIZES 32
typedef struct size_tally {
    float size[MAX_SIZES];
    size_t count[MAX_SIZES];
    size_t n;
} size_tally;

static void size_add(size_tally *t, float size, size_t chars)
{
    float key = (float)(int)(size * 2 + 0.5f) / 2;
    for (size_t i = 0; i < t->n; i++)
        if (t->size[i] == key) {
            t->count[i] += chars;
            return;
        }
    if (t->n < MAX_SIZES) {
        t->size[t->n] = key;
        t->count[t->n++] = chars;
    }
}

static float size_mode(const size_tally *t)
{
    size_t best = 0;
    float s = 0;
    for (size_t i = 0; i < t->n; i++)
        if (t->count[i] > best) {
            best = t->count[i];
            s = t->size[i];
        }
    return s;
}

/* Growable per-line scratch arrays, reused across lines and pages. */
typedef struct scratch {
    glyph *g;
    float *size;
    uint8_t *bold;
    size_t cap;
    fs_buf line;
    fraglist frags; /* fragments of the current page */
    size_tally body; /* characters per font size, pages so far */
} scratch;

static int scratch_grow(scratch *s, size_t need)
{
    if (need <= s->cap)
        return 0;
    size_t cap = s->cap ? s->cap : 256;
    while (cap < need)
        cap *= 2;
    glyph *g = realloc(s->g, cap * sizeof *g);
    if (!g)
        return FS_E_NOMEM;
    s->g = g;
    float *z = realloc(s->size, cap * sizeof *z);
    if (!z)
        return FS_E_NOMEM;
    s->size = z;
    uint8_t *b = realloc(s->bold, cap);
    if (!b)
        return FS_E_NOMEM;
    s->bold = b;
    s->cap = cap;
    return 0;
}

static void scratch_free(scratch *s)
{
    free(s->g);
    free(s->size);
    free(s->bold);
    fs_buf_free(&s->line);
    free(s->frags.v);
}

/* ---- overprinted glyphs ---------------------------------------------------
 *
 * "Fake bold" draws every glyph twice, a fraction of a point apart; poppler
 * then reads the copies as text of their own, interleaved ("169\n169..59亿元
 * \n亿元，…97\n97..9%").  A glyph that repeats a glyph already kept on the
 * page at nearly the same place (within a fifth of its size both ways; a
 * copy drawn with no advance counts too) is a copy and is dropped, so the line reads 169.59亿元…97.9%.  Kept glyphs are
 * found again through a hash of their character and position on a 1 pt grid
 * (a copy lies in the same or a neighbouring cell). */
typedef struct ghash_ent {
    uint32_t cp;     /* 0: empty */
    int32_t gx, gy;
    float x0, y0, w, h;
} ghash_ent;

typedef struct ghash {
    ghash_ent *v;
    size_t mask;
} ghash;

static size_t ghash_slot(uint32_t cp, int32_t gx, int32_t gy)
{
    uint64_t k = ((uint64_t)cp * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)(uint32_t)gx * 0xC2B2AE3D27D4EB4Full) ^
                 ((uint64_t)(uint32_t)gy * 0x165667B19E3779F9ull);
    return (size_t)(k ^ (k >> 29));
}

/* 1 when a kept glyph cp lies within a fifth of its size of r. */
static int ghash_seen(const ghash *h, uint32_t cp, const PopplerRectangle *r)
{
    float w = (float)(r->x2 - r->x1), hh = (float)(r->y2 - r->y1);
    if (!h->v || w < 0 || hh <= 0)
        return 0;
    int32_t gx = (int32_t)r->x1, gy = (int32_t)r->y1;
    for (int dx = -1; dx <= 1; dx++)
        for (int dy = -1; dy <= 1; dy++) {
            for (size_t i = ghash_slot(cp, gx + dx, gy + dy) & h->mask;; i = (i + 1) & h->mask) {
                const ghash_ent *e = &h->v[i];
                if (!e->cp)
                    break;
                /* a copy may be drawn with no advance (zero width): the
                 * tolerance is of the wider of the two, and at least of a
                 * twentieth of the height */
                float tw = 0.2f * (e->w > w ? e->w : w);
                if (tw < 0.05f * hh)
                    tw = 0.05f * hh;
                if (e->cp == cp && e->gx == gx + dx && e->gy == gy + dy &&
                    fabsf(e->x0 - (float)r->x1) < tw && fabsf(e->y0 - (float)r->y1) < 0.2f * hh &&
                    fabsf(e->h - hh) < 0.2f * hh)
                    return 1;
            }
        }
    return 0;
}

/* Records a kept glyph (the table has room: sized to the page's characters). */
static void ghash_add(ghash *h, uint32_t cp, const PopplerRectangle *r)
{
    if (!h->v || cp == 0)
        return;
    int32_t gx = (int32_t)r->x1, gy = (int32_t)r->y1;
    size_t i = ghash_slot(cp, gx, gy) & h->mask;
    while (h->v[i].cp)
        i = (i + 1) & h->mask;
    h->v[i] = (ghash_ent){cp, gx, gy, (float)r->x1, (float)r->y1, (float)(r->x2 - r->x1),
                          (float)(r->y2 - r->y1)};
}

/* Splits one page's text into lines and appends them to the last page of d.
 * *nonspace counts the non-whitespace characters seen.  Returns 0 or
 * FS_E_NOMEM. */
static int split_page(fs_rawdoc *d, const page_view *v, size_t nrect, scratch *s,
                      size_t *nonspace)
{
    const char *t = v->text;
    run_cursor rc = {v->runs, v->nruns, 0};
    size_t n = 0; /* glyphs in the current line */
    long ci = 0;
    size_t pos = 0;
    const size_t len = strlen(t);
    ghash gh = {NULL, 0};
    if (v->rect && nrect > 0) {
        size_t cap = 16;
        while (cap < 2 * nrect)
            cap *= 2;
        gh.v = calloc(cap, sizeof *gh.v); /* without it, no glyph is dropped */
        gh.mask = cap - 1;
    }
    int rcode = 0;
    while (pos < len) {
        const char *p = t + pos;
        const char *q = g_utf8_next_char(p);
        size_t next = (size_t)(q - t);
        if (next > len)
            next = len;
        gunichar c = g_utf8_get_char(p);
        const PopplerRectangle *r = v->rect && (size_t)ci < nrect ? &v->rect[ci] : NULL;
        int space = c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0;
        if (c == '\n') {
            rcode = emit_line(d, v, s->g, n, s->size, s->bold, &s->line, &s->frags);
            if (rcode)
                break;
            n = 0;
        } else if (r && !space && ghash_seen(&gh, (uint32_t)c, r)) {
            /* an overprinted copy: dropped */
        } else {
            if (r && !space)
                ghash_add(&gh, (uint32_t)c, r);
            if (scratch_grow(s, n + 1)) {
                rcode = FS_E_NOMEM;
                break;
            }
            glyph *gl = &s->g[n];
            gl->b0 = pos;
            gl->b1 = next;
            gl->ci = v->rect && (size_t)ci < nrect ? ci : 0;
            gl->space = c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0;
            gl->digit = (c >= '0' && c <= '9') || c == '.' || c == ',';
            const attr_run *ar = run_at(&rc, ci);
            s->size[n] = ar ? ar->size : 0.0f;
            s->bold[n] = ar ? ar->bold : 0;
            if (!gl->space)
                (*nonspace)++;
            n++;
        }
        pos = next;
        ci++;
    }
    free(gh.v);
    if (rcode)
        return rcode;
    if (n)
        return emit_line(d, v, s->g, n, s->size, s->bold, &s->line, &s->frags);
    return 0;
}

/* ---- table rows ----------------------------------------------------------
 *
 * In a bordered table poppler emits each printed line of each cell as its
 * own piece, often column by column ("围绕职工合", "法权益的重", … then the
 * next column), so a multi-line cell comes out as fragments without TABs
 * spread over many lines.  Per page, the fragments (pieces between cell
 * gaps) are put back into rows:
 *   - a seed is a baseline shared by two or more fragments of one font size,
 *     smaller than the body text's (the commonest size so far), at least
 *     1 em apart (cells side by side; justified body text stretches its
 *     gaps around numbers as wide, so tables set in the body size are left
 *     as poppler gives them);
 *   - seeds of one size follow each other into one table unless a fragment
 *     of another size (body text, a title) lies between them; a table needs
 *     two seeds;
 *   - every fragment of that size overlapping the table's box belongs to
 *     it, and so does one that continues it within 1.5 line heights above
 *     or below (cells running past the first or last seed, rows with one
 *     filled cell), unless it is a line of its own nearly as wide as the
 *     table (text in the table's size);
 *     a line is taken whole or not at all;
 *   - rows are the bands of the table's fragments that are separated
 *     vertically by more than 0.45 line heights (lines of one cell sit
 *     closer, the cell padding and border between rows is wider);
 *   - within a row, fragments that overlap horizontally are one cell, read
 *     top to bottom; cells are joined by TAB, left to right (a row of one
 *     cell starts with a TAB, so it still reads as a table row).
 * The rows replace the lines they were built from, at the place of the
 * first of them; every other line stays as it was. */

#define SEED_BASELINE 0.3f /* line heights */
#define SEED_GAP 1.0f      /* ems between the cells of a seed */
#define TABLE_CONTINUE 1.5f
#define ROW_GAP 0.45f
#define SAME_SIZE 0.1f

static int same_size(float a, float b)
{
    if (a <= 0 || b <= 0)
        return a == b;
    return a <= b * (1 + SAME_SIZE) && b <= a * (1 + SAME_SIZE);
}

static float fheight(const frag *f)
{
    float h = f->y1 - f->y0;
    return h > 0.5f ? h : 0.5f;
}

/* Sort keys of sort_idx. */
enum { BY_BOTTOM, BY_TOP, BY_LEFT };

static int frag_before(const frag *a, const frag *b, int key)
{
    float ka = key == BY_BOTTOM ? a->y1 : key == BY_TOP ? a->y0 : a->x0;
    float kb = key == BY_BOTTOM ? b->y1 : key == BY_TOP ? b->y0 : b->x0;
    if (ka != kb)
        return ka < kb;
    return key == BY_LEFT ? a->y0 < b->y0 : a->x0 < b->x0;
}

/* Sorts idx[0..n) by the key of the fragments they index (merge sort with
 * tmp[0..n) as scratch: stable, n log n, no shared state). */
static void sort_idx(const frag *f, size_t *idx, size_t *tmp, size_t n, int key)
{
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = frag_before(&f[idx[j]], &f[idx[i]], key) ? idx[j++] : idx[i++];
            while (i < mid)
                tmp[k++] = idx[i++];
            while (j < hi)
                tmp[k++] = idx[j++];
        }
        memcpy(idx, tmp, n * sizeof *idx);
    }
}

/* One table found on a page: its box and font size while it grows. */
typedef struct table {
    float x0, y0, x1, y1, size;
    float sy0, sy1; /* vertical extent of its seeds */
    int seeds;
} table;

/* Appends a line to a growable line array.  Returns 0 or FS_E_NOMEM. */
static int lines_push(fs_rawline **lines, size_t *nl, size_t *cap, const fs_rawline *ln)
{
    if (*nl == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        fs_rawline *v = realloc(*lines, nc * sizeof *v);
        if (!v)
            return FS_E_NOMEM;
        *lines = v;
        *cap = nc;
    }
    (*lines)[(*nl)++] = *ln;
    return 0;
}

/* Appends the rows of table number t (its fragments have used == t) to
 * lines, built from the texts of the page's old lines; *made counts the
 * new rows (their texts are the caller's to free on failure).  idx and tmp
 * are scratch of n entries.  Returns 0 or FS_E_NOMEM. */
static int emit_rows(const fs_rawline *old, const frag *f, size_t n, size_t t, size_t *idx,
                     size_t *tmp, fs_rawline **lines, size_t *nl, size_t *cap, fs_buf *row)
{
    size_t m = 0;
    float hsum = 0;
    for (size_t i = 0; i < n; i++)
        if (f[i].used == t) {
            idx[m++] = i;
            hsum += fheight(&f[i]);
        }
    if (!m)
        return 0;
    sort_idx(f, idx, tmp, m, BY_TOP);
    float lh = hsum / (float)m;
    for (size_t a = 0; a < m;) {
        /* one band: fragments starting before its bottom plus the row gap */
        float bot = f[idx[a]].y1;
        size_t z = a + 1;
        while (z < m && f[idx[z]].y0 <= bot + ROW_GAP * lh) {
            if (f[idx[z]].y1 > bot)
                bot = f[idx[z]].y1;
            z++;
        }
        size_t *band = idx + a, nb = z - a;
        sort_idx(f, band, tmp, nb, BY_LEFT);
        fs_buf_truncate(row, 0);
        float bx0 = f[band[0]].x0, by0 = f[band[0]].y0, bx1 = f[band[0]].x1, by1 = f[band[0]].y1;
        int cells = 0;
        for (size_t c = 0; c < nb;) {
            /* one cell: fragments overlapping the cell's horizontal extent */
            float cx1 = f[band[c]].x1;
            size_t e = c + 1;
            while (e < nb && f[band[e]].x0 < cx1 - 0.5f) {
                if (f[band[e]].x1 > cx1)
                    cx1 = f[band[e]].x1;
                e++;
            }
            sort_idx(f, band + c, tmp, e - c, BY_TOP);
            if ((cells++ || e - c == nb) && fs_buf_putc(row, '\t'))
                return FS_E_NOMEM; /* between cells; before a lone cell */
            for (size_t k = c; k < e; k++) {
                const frag *x = &f[band[k]];
                if (fs_buf_append(row, old[x->line].text + x->b0, x->b1 - x->b0))
                    return FS_E_NOMEM;
                bx0 = x->x0 < bx0 ? x->x0 : bx0;
                by0 = x->y0 < by0 ? x->y0 : by0;
                bx1 = x->x1 > bx1 ? x->x1 : bx1;
                by1 = x->y1 > by1 ? x->y1 : by1;
            }
            c = e;
        }
        char *text = malloc(row->len + 1);
        if (!text)
            return FS_E_NOMEM;
        memcpy(text, row->s, row->len);
        text[row->len] = '\0';
        const fs_rawline *src = &old[f[band[0]].line];
        fs_rawline ln = {text, row->len, src->font_size, src->bold, bx0, by0, bx1, by1};
        if (lines_push(lines, nl, cap, &ln)) {
            free(text);
            return FS_E_NOMEM;
        }
        a = z;
    }
    return 0;
}

/* Finds the tables among fragments f[0..n) set in a smaller size than the
 * body text's (body) and marks their members with used = table number
 * (1-based, at most 255 per page).  idx, tmp and seed
 * are scratch of n entries, tb room for n tables.  Returns the number of
 * tables. */
static size_t find_tables(frag *f, size_t n, float body, size_t *idx, size_t *tmp, uint8_t *seed,
                          table *tb)
{
    for (size_t i = 0; i < n; i++) {
        idx[i] = i;
        f[i].used = 0;
        seed[i] = 0;
    }
    /* seeds: baselines shared by side-by-side fragments of one size */
    size_t ntb = 0;
    sort_idx(f, idx, tmp, n, BY_BOTTOM);
    for (size_t a = 0, z; a < n; a = z) {
        const frag *fa = &f[idx[a]];
        for (z = a + 1; z < n && f[idx[z]].y1 - fa->y1 <= SEED_BASELINE * fheight(fa) &&
                        same_size(f[idx[z]].size, fa->size);)
            z++;
        if (z - a < 2 || !(fa->size > 0 && fa->size < body * (1 - SAME_SIZE)))
            continue;
        sort_idx(f, idx + a, tmp, z - a, BY_LEFT);
        int apart = 1; /* a cell gap, not two pieces of one line of text */
        float gap = fa->size > 0 ? SEED_GAP * fa->size : SEED_GAP * fheight(fa);
        for (size_t k = a + 1; k < z && apart; k++)
            apart = f[idx[k]].x0 - f[idx[k - 1]].x1 >= gap;
        if (!apart)
            continue;
        float gx0 = f[idx[a]].x0, gx1 = f[idx[a]].x1, gy0 = f[idx[a]].y0, gy1 = f[idx[a]].y1;
        for (size_t k = a; k < z; k++) {
            const frag *x = &f[idx[k]];
            seed[idx[k]] = 1;
            gx0 = x->x0 < gx0 ? x->x0 : gx0;
            gx1 = x->x1 > gx1 ? x->x1 : gx1;
            gy0 = x->y0 < gy0 ? x->y0 : gy0;
            gy1 = x->y1 > gy1 ? x->y1 : gy1;
        }
        /* grow the last table, unless text of another size lies between */
        int join = ntb > 0 && same_size(tb[ntb - 1].size, fa->size);
        if (join) {
            const table *t = &tb[ntb - 1];
            float lx = t->x0 < gx0 ? t->x0 : gx0, rx = t->x1 > gx1 ? t->x1 : gx1;
            for (size_t i = 0; i < n && join; i++) {
                float cy = (f[i].y0 + f[i].y1) / 2;
                if (!same_size(f[i].size, t->size) && cy > t->y1 && cy < gy0 && f[i].x1 > lx &&
                    f[i].x0 < rx)
                    join = 0;
            }
        }
        if (join) {
            table *t = &tb[ntb - 1];
            t->x0 = gx0 < t->x0 ? gx0 : t->x0;
            t->x1 = gx1 > t->x1 ? gx1 : t->x1;
            t->y1 = gy1 > t->y1 ? gy1 : t->y1;
            t->sy1 = t->y1;
            t->seeds++;
        } else if (ntb < 255) {
            tb[ntb++] = (table){gx0, gy0, gx1, gy1, fa->size, gy0, gy1, 1};
        }
    }

    /* members: fragments of the table's size inside its box (pass 0), then
     * those continuing it below (pass 1, top down) and above (pass 2) */
    for (size_t t = 0; t < ntb; t++) {
        table *T = &tb[t];
        if (T->seeds < 2)
            continue;
        float w = T->x1 - T->x0, slack = T->size > 0 ? T->size : 1;
        for (int pass = 0; pass < 3; pass++) {
            if (pass)
                sort_idx(f, idx, tmp, n, pass == 1 ? BY_TOP : BY_BOTTOM);
            for (size_t k = 0; k < n; k++) {
                size_t i = pass == 2 ? idx[n - 1 - k] : pass == 1 ? idx[k] : k;
                frag *x = &f[i];
                if (x->used || !same_size(x->size, T->size) || x->x0 < T->x0 - slack ||
                    x->x1 > T->x1 + slack)
                    continue;
                float lh = fheight(x);
                int inside = x->y1 > T->y0 && x->y0 < T->y1; /* overlaps the box */
                int below = pass == 1 && x->y0 > T->y1 && x->y0 - T->y1 <= TABLE_CONTINUE * lh;
                int above = pass == 2 && x->y1 < T->y0 && T->y0 - x->y1 <= TABLE_CONTINUE * lh;
                if (!inside && !below && !above)
                    continue;
                if (!seed[i] && (x->y1 < T->sy0 || x->y0 > T->sy1) && x->x1 - x->x0 > 0.8f * w)
                    continue; /* as wide as the table, outside its seeds: text */
                x->used = (uint8_t)(t + 1);
                T->y0 = x->y0 < T->y0 ? x->y0 : T->y0;
                T->y1 = x->y1 > T->y1 ? x->y1 : T->y1;
            }
        }
    }
    /* a line is taken whole or not at all (fragments of a line are
     * consecutive in f) */
    for (size_t a = 0, z; a < n; a = z) {
        int whole = 1;
        for (z = a + 1; z < n && f[z].line == f[a].line; z++)
            whole &= f[z].used == f[a].used;
        if (!whole)
            for (size_t k = a; k < z; k++)
                f[k].used = 0;
    }
    return ntb;
}

/* Rebuilds the table rows of page pg from its fragments fl (see above);
 * body is the body text's font size.  Returns 0 or FS_E_NOMEM; on failure
 * the page is left as it was. */
static int rebuild_tables(fs_rawpage *pg, fraglist *fl, float body)
{
    frag *f = fl->v;
    size_t n = fl->n;
    if (n < 4)
        return 0;
    int rc = FS_E_NOMEM;
    size_t *idx = malloc(n * sizeof *idx), *tmp = malloc(n * sizeof *tmp);
    uint8_t *seed = malloc(n), *taken = calloc(pg->nlines + 1, 1), done[256] = {0};
    table *tb = malloc(n * sizeof *tb);
    fs_rawline *lines = NULL;
    size_t nl = 0, cap = 0;
    fs_buf row = FS_BUF_INIT;
    if (!idx || !tmp || !seed || !taken || !tb)
        goto out;
    rc = 0;
    if (!find_tables(f, n, body, idx, tmp, seed, tb))
        goto out;
    int changed = 0;
    for (size_t i = 0; i < n; i++)
        if (f[i].used && f[i].line < pg->nlines) {
            taken[f[i].line] = f[i].used;
            changed = 1;
        }
    if (!changed)
        goto out;
    for (size_t j = 0; j < pg->nlines && !rc; j++) {
        uint8_t t = taken[j];
        if (!t)
            rc = lines_push(&lines, &nl, &cap, &pg->lines[j]); /* moved as it is */
        else if (!done[t]++)
            rc = emit_rows(pg->lines, f, n, t, idx, tmp, &lines, &nl, &cap, &row);
    }
    if (rc) { /* free the new rows' texts only: the moved ones stay the page's */
        for (size_t j = 0, k = 0; j < nl; j++) {
            while (k < pg->nlines && taken[k])
                k++;
            if (k < pg->nlines && lines[j].text == pg->lines[k].text)
                k++;
            else
                free(lines[j].text);
        }
        goto out;
    }
    for (size_t j = 0; j < pg->nlines; j++)
        if (taken[j])
            free(pg->lines[j].text);
    free(pg->lines);
    pg->lines = lines;
    pg->nlines = nl;
    pg->cap = cap;
    lines = NULL;
out:
    free(lines);
    free(idx);
    free(tmp);
    free(seed);
    free(taken);
    free(tb);
    fs_buf_free(&row);
    return rc;
}

/* Returns a malloc'd valid-UTF-8 copy of a metadata string poppler handed
 * over (and frees it), or NULL when it is absent or blank. */
static char *meta_string(gchar *s)
{
    if (!s)
        return NULL;
    char *r = NULL;
    gchar *valid = g_utf8_make_valid(s, -1);
    g_free(s);
    const char *p = valid;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    if (*p)
        r = strdup(valid);
    g_free(valid);
    return r;
}

/* Tells whether a "%%EOF" marker sits in the last few KiB of the file: a
 * copy cut short loses it, while poppler may still open what is left and
 * silently drop pages. */
static int has_eof_marker(const unsigned char *data, size_t len)
{
    size_t from = len > 8192 ? len - 8192 : 0;
    for (size_t i = len >= 5 ? len - 5 + 1 : 0; i-- > from;)
        if (memcmp(data + i, "%%EOF", 5) == 0)
            return 1;
    return 0;
}

/* Whether code point c belongs to a block Chinese reports are written in. */
static int expected_char(uint32_t c)
{
    static const uint32_t blocks[][2] = {
        {0x20, 0x7E},     {0xA0, 0xFF},     {0x2000, 0x206F}, {0x20A0, 0x20CF},
        {0x2100, 0x2BFF}, {0x2E80, 0x2FDF}, {0x3000, 0x312F}, {0x3190, 0x33FF},
        {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}, {0xFE10, 0xFE1F}, {0xFE30, 0xFE6F},
        {0xFF00, 0xFFEF},
    };
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
        if (c >= blocks[i][0] && c <= blocks[i][1])
            return 1;
    return 0;
}

/* Counts the non-space characters of d (*all), those outside the expected
 * blocks (*odd; bytes that are not valid UTF-8 count as odd) and, of them,
 * the C0 control characters (*ctl). */
static void count_odd_chars(const fs_rawdoc *d, size_t *all, size_t *odd, size_t *ctl)
{
    *all = *odd = *ctl = 0;
    for (size_t p = 0; p < d->npages; p++)
        for (size_t l = 0; l < d->pages[p].nlines; l++) {
            const unsigned char *t = (const unsigned char *)d->pages[p].lines[l].text;
            size_t n = d->pages[p].lines[l].len;
            for (size_t i = 0; i < n;) {
                uint32_t c = t[i];
                size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
                if (k == 0 || i + k > n) {
                    (*all)++, (*odd)++, i++;
                    continue;
                }
                if (k > 1) {
                    c &= 0x3Fu >> (k - 1);
                    for (size_t j = 1; j < k; j++)
                        c = (c << 6) | (t[i + j] & 0x3Fu);
                }
                i += k;
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
                    c == 0x3000 || c == 0xA0)
                    continue;
                (*all)++;
                if (!expected_char(c))
                    (*odd)++;
                if (c < 0x20 || c == 0x7F)
                    (*ctl)++;
            }
        }
}

/* Opens an encrypted document with a password.  Poppler 22.12 crashes in
 * poppler_document_new_from_bytes/_data when a non-NULL password is wrong
 * (its retry re-reads a stream it has already freed), so this attempt goes
 * through a file descriptor holding a copy of the bytes: an anonymous memory
 * file where the system has one, else an unlinked temporary file.  Returns
 * the document or NULL with *err set (possibly to NULL). */
static PopplerDocument *open_with_password(GBytes *bytes, const char *pw, GError **err)
{
    gsize len = 0;
    const unsigned char *p = g_bytes_get_data(bytes, &len);
    int fd = -1;
#if defined(__linux__) && defined(MFD_CLOEXEC)
    fd = memfd_create("fiscan-pdf", MFD_CLOEXEC);
#endif
    FILE *tf = NULL;
    if (fd < 0) {
        tf = tmpfile();
        fd = tf ? dup(fileno(tf)) : -1;
        if (tf)
            fclose(tf);
    }
    if (fd < 0)
        return NULL;
    for (gsize off = 0; off < len;) {
        ssize_t k = write(fd, p + off, len - off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            close(fd);
            return NULL;
        }
        off += (gsize)k;
    }
    if (lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        return NULL;
    }
    /* The document takes the descriptor over, on failure as well. */
    return poppler_document_new_from_fd(fd, pw, err);
}

/* Opens the document: empty password first, then o->password.  Returns the
 * document or NULL with e filled. */
static PopplerDocument *open_doc(GBytes *bytes, const fs_input_opts *o, fs_error *e)
{
    GError *err = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &err);
    if (doc)
        return doc;
    if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED) {
        g_clear_error(&err);
        const char *pw = o ? o->password : NULL;
        if (!pw || !*pw) {
            fs_error_set(e, FS_E_ENCRYPTED, "encrypted PDF: a password is required (use --password)");
            return NULL;
        }
        doc = open_with_password(bytes, pw, &err);
        if (doc)
            return doc;
        /* The document opened far enough to ask for a password, so any
         * failure now is the password (poppler reports it as "damaged"
         * through the descriptor path). */
        fs_error_set(e, FS_E_ENCRYPTED, "encrypted PDF: wrong password");
        g_clear_error(&err);
        return NULL;
    }
    fs_error_set(e, FS_E_FORMAT, "damaged PDF: %s",
                 err && err->message ? err->message : "cannot be opened");
    g_clear_error(&err);
    return NULL;
}

/* Keeps every non-blank character of the page with its box and font size
 * in pg->glyphs, for the table reader.  rect holds one box per character of
 * text.  Returns 0 or FS_E_NOMEM. */
static int keep_glyphs(fs_rawpage *pg, const char *text, const PopplerRectangle *rect,
                       size_t nrect, const attr_run *runs, size_t nruns)
{
    fs_rawglyph *v = malloc((nrect ? nrect : 1) * sizeof *v);
    if (!v)
        return FS_E_NOMEM;
    size_t n = 0;
    run_cursor rc = {runs, nruns, 0};
    const char *p = text;
    for (size_t ci = 0; ci < nrect && *p; ci++) {
        gunichar c = g_utf8_get_char(p);
        p = g_utf8_next_char(p);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || c == 0xA0)
            continue;
        const PopplerRectangle *r = &rect[ci];
        const attr_run *ar = run_at(&rc, (long)ci);
        fs_rawglyph *g = &v[n++];
        g->cp = c;
        g->x0 = (float)(r->x1 < r->x2 ? r->x1 : r->x2);
        g->x1 = (float)(r->x1 < r->x2 ? r->x2 : r->x1);
        g->y0 = (float)(r->y1 < r->y2 ? r->y1 : r->y2);
        g->y1 = (float)(r->y1 < r->y2 ? r->y2 : r->y1);
        g->size = ar ? ar->size : 0;
    }
    fs_rawglyph *fit = n ? realloc(v, n * sizeof *v) : NULL;
    if (!n) {
        free(v);
        v = NULL;
    } else if (fit) {
        v = fit;
    }
    pg->glyphs = v;
    pg->nglyphs = n;
    return 0;
}

/* Extracts page i of doc into a new page of d. */
static int load_page(PopplerDocument *doc, int i, fs_rawdoc *d, scratch *s, size_t *nonspace)
{
    PopplerPage *page = poppler_document_get_page(doc, i);
    if (!page) /* a page poppler cannot parse: keep the numbering, no text */
        return fs_rawdoc_add_page(d, 0, 0);
    double w = 0, h = 0;
    poppler_page_get_size(page, &w, &h);
    int rc = fs_rawdoc_add_page(d, (float)w, (float)h);
    char *text = rc ? NULL : poppler_page_get_text(page);
    if (text && *text) {
        PopplerRectangle *rects = NULL;
        guint nrect = 0;
        if (!poppler_page_get_text_layout(page, &rects, &nrect)) {
            rects = NULL;
            nrect = 0;
        }
        /* The boxes are only usable when there is exactly one per character;
         * otherwise lines keep poppler's text without TABs or boxes. */
        glong nchar = g_utf8_strlen(text, -1);
        const PopplerRectangle *use = rects && nrect && (glong)nrect == nchar ? rects : NULL;
        GList *attrs = poppler_page_get_text_attributes(page);
        size_t nruns = 0;
        attr_run *runs = collect_runs(attrs, &nruns);
        poppler_page_free_text_attributes(attrs);
        page_view v = {text, use, runs, nruns};
        s->frags.n = 0;
        rc = split_page(d, &v, use ? nrect : 0, s, nonspace);
        if (!rc && use)
            rc = keep_glyphs(&d->pages[d->npages - 1], text, use, nrect, runs, nruns);
        if (!rc && use) {
            for (size_t k = 0; k < s->frags.n; k++)
                if (s->frags.v[k].size > 0)
                    size_add(&s->body, s->frags.v[k].size, s->frags.v[k].b1 - s->frags.v[k].b0);
            rc = rebuild_tables(&d->pages[d->npages - 1], &s->frags, size_mode(&s->body));
        }
        free(runs);
        g_free(rects);
    }
    g_free(text);
    g_object_unref(page);
    /* Give back the spare room of the page's line array: lines are added in
     * blocks of 32, and a document of many short pages would otherwise keep
     * about 1 KiB of empty slots per page. */
    fs_rawpage *pg = d->npages ? &d->pages[d->npages - 1] : NULL;
    if (!rc && pg && pg->cap > pg->nlines) {
        if (pg->nlines == 0) {
            free(pg->lines);
            pg->lines = NULL;
            pg->cap = 0;
        } else {
            fs_rawline *fit = realloc(pg->lines, pg->nlines * sizeof *fit);
            if (fit) { /* when shrinking fails the larger block is simply kept */
                pg->lines = fit;
                pg->cap = pg->nlines;
            }
        }
    }
    return rc;
}

int fs_pdf_load(const unsigned char *data, size_t len, const fs_input_opts *o, fs_rawdoc **out,
                fs_error *e)
{
    *out = NULL;
    if (!data || len == 0)
        return fs_error_set(e, FS_E_FORMAT, "empty file");
    if (len > (size_t)G_MAXSSIZE)
        return fs_error_set(e, FS_E_LIMIT, "file too large for the PDF reader");
    /* The bytes are borrowed: the document never outlives this call. */
    GBytes *bytes = g_bytes_new_static(data, len);
    PopplerDocument *doc = open_doc(bytes, o, e);
    if (!doc) {
        g_bytes_unref(bytes);
        return e ? e->code : FS_E_FORMAT;
    }
    int rc = 0;
    fs_rawdoc *d = NULL;
    scratch s = {NULL, NULL, NULL, 0, FS_BUF_INIT, {NULL, 0, 0}, {{0}, {0}, 0}};
    int npages = poppler_document_get_n_pages(doc);
    uint32_t maxp = o && o->max_pages ? o->max_pages : FS_DEFAULT_MAX_PAGES;
    if (!has_eof_marker(data, len)) {
        rc = fs_error_set(e, FS_E_FORMAT, "damaged PDF: truncated (no %%%%EOF at the end)");
        goto done;
    }
    if (npages <= 0) {
        rc = fs_error_set(e, FS_E_FORMAT, "damaged PDF: no pages");
        goto done;
    }
    if ((uint32_t)npages > maxp) {
        rc = fs_error_set(e, FS_E_LIMIT, "PDF has %d pages, more than the limit of %u", npages,
                          maxp);
        goto done;
    }
    d = fs_rawdoc_create("pdf");
    if (!d) {
        rc = fs_error_set(e, FS_E_NOMEM, "out of memory");
        goto done;
    }
    d->title = meta_string(poppler_document_get_title(doc));
    d->producer = meta_string(poppler_document_get_producer(doc));
    if (!d->producer)
        d->producer = meta_string(poppler_document_get_creator(doc));
    size_t nonspace = 0;
    for (int i = 0; i < npages && !rc; i++) {
        if (fs_input_deadline_passed(o)) { /* checked between pages: a page is not cut */
            rc = fs_error_set(e, FS_E_LIMIT, "time limit of %u s exceeded after page %d of %d",
                              o->timeout_s, i, npages);
            if (e)
                e->page = (uint32_t)i;
            break;
        }
        rc = load_page(doc, i, d, &s, &nonspace);
        if (rc) {
            fs_error_set(e, rc, "out of memory reading page %d", i + 1);
            if (e)
                e->page = (uint32_t)i + 1;
        }
    }
    if (!rc && nonspace == 0)
        rc = fs_error_set(e, FS_E_NOTEXT, "no text layer (scanned image?): %d page%s, no text",
                          npages, npages == 1 ? "" : "s");
    if (!rc) {
        size_t all, odd, ctl;
        count_odd_chars(d, &all, &odd, &ctl);
        if (ctl >= GARBLED_MIN && odd * 100 < all * GARBLED_PERCENT)
            rc = fs_error_set(e, FS_E_NOTEXT,
                              "unreadable text layer: %zu control characters among %zu "
                              "(glyph numbers of a font without a ToUnicode map, often the "
                              "digits)", ctl, all);
        else if (odd >= GARBLED_MIN && odd * 100 >= all * GARBLED_PERCENT)
            rc = fs_error_set(e, FS_E_NOTEXT,
                              "unreadable text layer: %zu of %zu characters (%zu%%) are not "
                              "Chinese, Latin or common symbols (fonts without a ToUnicode map?)",
                              odd, all, odd * 100 / all);
    }
done:
    scratch_free(&s);
    g_object_unref(doc);
    g_bytes_unref(bytes);
    if (rc) {
        fs_rawdoc_free(d);
        return rc;
    }
    *out = d;
    return 0;
}
