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
 * font names are often raw GBK). */
#define _GNU_SOURCE /* memfd_create */
#include "pdf.h"
#include "buf.h"

#include <poppler.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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

/* Emits one line (glyphs g[0..n)) of the page into d, with TABs at cell
 * gaps, its bounding box and dominant font.  Returns 0 or FS_E_NOMEM. */
static int emit_line(fs_rawdoc *d, const page_view *v, const glyph *g, size_t n, float *gfont,
                     uint8_t *gweight, fs_buf *out)
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
            if (fs_buf_putc(out, '\t'))
                return FS_E_NOMEM;
        } else if (pending) {
            if (fs_buf_append(out, v->text + g[ws_start].b0, g[i - 1].b1 - g[ws_start].b0))
                return FS_E_NOMEM;
        }
        pending = 0;
        if (fs_buf_append(out, v->text + g[i].b0, g[i].b1 - g[i].b0))
            return FS_E_NOMEM;
        if (R) {
            const PopplerRectangle *r = &R[g[i].ci];
            double rx0 = r->x1 < r->x2 ? r->x1 : r->x2, rx1 = r->x1 < r->x2 ? r->x2 : r->x1;
            double ry0 = r->y1 < r->y2 ? r->y1 : r->y2, ry1 = r->y1 < r->y2 ? r->y2 : r->y1;
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

/* Growable per-line scratch arrays, reused across lines and pages. */
typedef struct scratch {
    glyph *g;
    float *size;
    uint8_t *bold;
    size_t cap;
    fs_buf line;
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
    while (pos < len) {
        const char *p = t + pos;
        const char *q = g_utf8_next_char(p);
        size_t next = (size_t)(q - t);
        if (next > len)
            next = len;
        gunichar c = g_utf8_get_char(p);
        if (c == '\n') {
            int rcode = emit_line(d, v, s->g, n, s->size, s->bold, &s->line);
            if (rcode)
                return rcode;
            n = 0;
        } else {
            if (scratch_grow(s, n + 1))
                return FS_E_NOMEM;
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
    if (n)
        return emit_line(d, v, s->g, n, s->size, s->bold, &s->line);
    return 0;
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
        rc = split_page(d, &v, use ? nrect : 0, s, nonspace);
        free(runs);
        g_free(rects);
    }
    g_free(text);
    g_object_unref(page);
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
    scratch s = {NULL, NULL, NULL, 0, FS_BUF_INIT};
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
