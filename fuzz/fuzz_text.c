/* fuzz_text.c — text decoding, normalisation and the outline.
 *
 * The bytes are a text file: fs_textfile_decode (BOM / UTF-8 / UTF-16 /
 * GB18030 detection, line and page splitting), then fs_normalize and
 * fs_outline_build.  A second pass hands the same lines to the normaliser
 * as a "pdf" document, with boxes, font sizes and weights made up from the
 * bytes of each line, so that the joining, reordering and header rules for
 * PDF text see arbitrary geometry too (including boxes that are empty,
 * reversed, negative or far off the page).  Both documents also go through
 * the table reader; the "pdf" one with a glyph per character laid out from
 * its line's box (tables.c reads glyphs, not lines). */
#include "fuzz.h"

#include "normalize.h"
#include "outline.h"
#include "rawdoc.h"
#include "tables.h"
#include "text.h"
#include "textfile.h"

#include "cjk.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

/* Normalises raw and builds its outline, freeing everything again. */
static void run_stages(const fs_rawdoc *raw)
{
    fs_error e;
    fs_text *t = NULL;
    fs_outline *o = NULL;
    if (fs_normalize(raw, &t, &e) == 0) {
        if (fs_outline_build(t, raw, &o, &e) == 0) {
            for (size_t i = 0; i < o->n; i++)
                (void)fs_outline_find(o, o->v[i].start);
            (void)fs_outline_find(o, t->len);
            fs_outline_free(o);
        }
        fs_text_free(t);
    }
}

/* Reads the tables of raw and frees them again. */
static void run_tables(const fs_rawdoc *raw)
{
    fs_error e;
    fs_tables t;
    (void)fs_tables_read(raw, &t, &e);
    fs_tables_free(&t);
}

/* Gives every page of d a glyph per character of its lines, spread over
 * the line's box (which may be empty or reversed).  0 or -1. */
static int add_glyphs(fs_rawdoc *d)
{
    for (size_t p = 0; p < d->npages; p++) {
        fs_rawpage *pg = &d->pages[p];
        size_t n = 0;
        for (size_t i = 0; i < pg->nlines; i++)
            n += pg->lines[i].len;
        if (!n)
            continue;
        pg->glyphs = malloc(n * sizeof *pg->glyphs);
        if (!pg->glyphs)
            return -1;
        for (size_t i = 0; i < pg->nlines; i++) {
            const fs_rawline *l = &pg->lines[i];
            float step = l->len ? (l->x1 - l->x0) / (float)l->len : 0;
            for (size_t k = 0; k < l->len;) {
                uint32_t cp;
                size_t cl = fs_utf8_decode(l->text + k, l->len - k, &cp);
                fs_rawglyph *g = &pg->glyphs[pg->nglyphs++];
                g->cp = cp;
                g->x0 = l->x0 + step * (float)k;
                g->x1 = g->x0 + step * (float)cl;
                g->y0 = l->y0;
                g->y1 = l->y1;
                g->size = l->font_size;
                k += cl;
            }
        }
    }
    return 0;
}

/* A signed value in [lo, lo + 4 * span) from two bytes. */
static float pick(unsigned char a, unsigned char b, float lo, float span)
{
    return lo + span * (float)((a << 2) | (b & 3)) / 256.0f;
}

/* Copies raw as a "pdf" document: each line keeps its text and gets a box
 * and font from its own bytes and its position.  NULL on allocation
 * failure. */
static fs_rawdoc *as_pdf(const fs_rawdoc *raw)
{
    fs_rawdoc *d = fs_rawdoc_create("pdf");
    if (!d)
        return NULL;
    for (size_t p = 0; p < raw->npages; p++) {
        const fs_rawpage *rp = &raw->pages[p];
        /* Most pages A4; now and then a page of another size. */
        unsigned char s = rp->nlines ? (unsigned char)rp->lines[0].text[0] : 0;
        float w = (s & 0x10) ? 842.0f : 595.0f, h = (s & 0x10) ? 595.0f : 842.0f;
        if (fs_rawdoc_add_page(d, w, h)) {
            fs_rawdoc_free(d);
            return NULL;
        }
        for (size_t i = 0; i < rp->nlines; i++) {
            const fs_rawline *l = &rp->lines[i];
            if (fs_rawdoc_add_line(d, l->text, l->len)) {
                fs_rawdoc_free(d);
                return NULL;
            }
            fs_rawline *nl = fs_rawdoc_last_line(d);
            unsigned char b0 = l->len > 0 ? (unsigned char)l->text[0] : 0;
            unsigned char b1 = l->len > 1 ? (unsigned char)l->text[1] : 0;
            unsigned char b2 = l->len > 2 ? (unsigned char)l->text[l->len - 1] : 0;
            float size = 6.0f + (float)(b1 % 24);
            nl->font_size = (b2 & 0x40) ? 0.0f : size;
            nl->bold = (uint8_t)(b2 & 1);
            nl->x0 = pick(b0, b1, -20.0f, 150.0f);
            nl->x1 = nl->x0 + (float)l->len * size * ((b2 & 0x80) ? 0.2f : 0.34f);
            if (b2 & 0x20) /* a reversed or empty box */
                nl->x1 = nl->x0 - (float)(b2 & 7);
            nl->y0 = 40.0f + (float)i * size * 1.5f - (float)(b0 & 3) * size;
            nl->y1 = nl->y0 + size;
        }
    }
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fs_error e;
    fs_rawdoc *raw = NULL;
    if (fs_textfile_decode(data, size, &raw, &e) != 0)
        return 0;
    run_stages(raw);
    run_tables(raw);
    fs_rawdoc *pdf = as_pdf(raw);
    if (pdf) {
        run_stages(pdf);
        if (add_glyphs(pdf) == 0)
            run_tables(pdf);
        fs_rawdoc_free(pdf);
    }
    fs_rawdoc_free(raw);
    return 0;
}
