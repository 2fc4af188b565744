/* render.c — images of page regions with poppler-glib and cairo (render.h). */
#include "render.h"

#include "sha256.h"

#include <cairo.h>
#include <poppler.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct fs_render {
    PopplerDocument *doc;
};

int fs_render_open(const char *path, const char *password, const char *sha256,
                   fs_render **out, fs_error *e)
{
    *out = NULL;
    gchar *data = NULL;
    gsize len = 0;
    GError *err = NULL;
    if (!g_file_get_contents(path, &data, &len, &err)) {
        fs_error_set(e, FS_E_IO, "cannot read: %s", err && err->message ? err->message : "");
        g_clear_error(&err);
        return FS_E_IO;
    }
    if (sha256) {
        char hex[65];
        fs_sha256_hex(data, len, hex);
        if (strcmp(hex, sha256) != 0) {
            g_free(data);
            return fs_error_set(e, FS_E_FORMAT, "the file has changed since it was checked");
        }
    }
    GBytes *bytes = g_bytes_new_take(data, len);
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, password ? password : "", &err);
    g_bytes_unref(bytes);
    if (!doc) {
        int code = err && err->code == POPPLER_ERROR_ENCRYPTED ? FS_E_ENCRYPTED : FS_E_FORMAT;
        fs_error_set(e, code, "cannot open the PDF: %s",
                     err && err->message ? err->message : "damaged");
        g_clear_error(&err);
        return code;
    }
    fs_render *r = malloc(sizeof *r);
    if (!r) {
        g_object_unref(doc);
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    }
    r->doc = doc;
    *out = r;
    return 0;
}

void fs_render_close(fs_render *r)
{
    if (!r)
        return;
    g_object_unref(r->doc);
    free(r);
}

int fs_render_pages(const fs_render *r)
{
    return poppler_document_get_n_pages(r->doc);
}

void fs_render_page_size(const fs_render *r, uint32_t page, double *w, double *h)
{
    *w = *h = 0;
    if (page < 1 || (int)page > poppler_document_get_n_pages(r->doc))
        return;
    PopplerPage *p = poppler_document_get_page(r->doc, (int)page - 1);
    if (p) {
        poppler_page_get_size(p, w, h);
        g_object_unref(p);
    }
}

/* A growing memory buffer for cairo's PNG writer. */
typedef struct membuf {
    unsigned char *p;
    size_t n, cap;
    int failed;
} membuf;

/* cairo's write callback: appends to the membuf. */
static cairo_status_t mem_write(void *closure, const unsigned char *data, unsigned int length)
{
    membuf *m = closure;
    if (m->n + length > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 65536;
        while (cap < m->n + length)
            cap *= 2;
        unsigned char *p = realloc(m->p, cap);
        if (!p) {
            m->failed = 1;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        m->p = p;
        m->cap = cap;
    }
    memcpy(m->p + m->n, data, length);
    m->n += length;
    return CAIRO_STATUS_SUCCESS;
}

/* The 16 colours of the page images: eleven greys from black to white,
 * the two outline colours, and lighter shades of them (anti-aliased edges). */
static const unsigned char palette[16][3] = {
    {0, 0, 0}, {26, 26, 26}, {51, 51, 51}, {77, 77, 77}, {102, 102, 102}, {128, 128, 128},
    {153, 153, 153}, {179, 179, 179}, {204, 204, 204}, {230, 230, 230}, {255, 255, 255},
    {217, 13, 13}, {13, 89, 217}, {236, 134, 134}, {134, 172, 236}, {120, 40, 40}};

/* Index of the palette colour nearest to (r, g, b). */
static unsigned nearest(unsigned r, unsigned g, unsigned b)
{
    unsigned best = 0;
    long bestd = -1;
    for (unsigned i = 0; i < 16; i++) {
        long dr = (long)r - palette[i][0], dg = (long)g - palette[i][1], db = (long)b - palette[i][2];
        long d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
        if (bestd < 0 || d < bestd) {
            bestd = d;
            best = i;
        }
    }
    return best;
}

/* Appends a PNG chunk (length, type, data, CRC) to m. */
static int put_chunk(membuf *m, const char *type, const unsigned char *data, size_t n)
{
    unsigned char hdr[8] = {(unsigned char)(n >> 24), (unsigned char)(n >> 16),
                            (unsigned char)(n >> 8), (unsigned char)n};
    memcpy(hdr + 4, type, 4);
    uLong crc = crc32(0L, (const Bytef *)type, 4);
    if (n)
        crc = crc32(crc, data, (uInt)n);
    unsigned char tail[4] = {(unsigned char)(crc >> 24), (unsigned char)(crc >> 16),
                             (unsigned char)(crc >> 8), (unsigned char)crc};
    if (mem_write(m, hdr, 8) || (n && mem_write(m, data, (unsigned)n)) || mem_write(m, tail, 4))
        return -1;
    return 0;
}

/* Encodes the RGB24 surface s as a 4-bit palette PNG (the page images are
 * text and lines: sixteen colours read as well as millions, at a third of
 * the size).  Returns 0 and fills m, or -1. */
static int encode_png(cairo_surface_t *s, membuf *m)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *px = cairo_image_surface_get_data(s);
    size_t row = 1 + ((size_t)w + 1) / 2, rawn = row * (size_t)h;
    unsigned char *raw = calloc(rawn, 1);
    uLongf zn = compressBound((uLong)rawn);
    unsigned char *z = malloc(zn);
    int rc = -1;
    if (raw && z) {
        for (int y = 0; y < h; y++) {
            const uint32_t *p = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);
            unsigned char *o = raw + (size_t)y * row + 1; /* filter byte 0: none */
            for (int x = 0; x < w; x++) {
                uint32_t v = p[x];
                unsigned k = nearest((v >> 16) & 255, (v >> 8) & 255, v & 255);
                o[x / 2] |= (unsigned char)(x % 2 ? k : k << 4);
            }
        }
        unsigned char ihdr[13] = {(unsigned char)(w >> 24), (unsigned char)(w >> 16),
                                  (unsigned char)(w >> 8), (unsigned char)w,
                                  (unsigned char)(h >> 24), (unsigned char)(h >> 16),
                                  (unsigned char)(h >> 8), (unsigned char)h, 4, 3, 0, 0, 0};
        static const unsigned char sig[8] = {137, 'P', 'N', 'G', 13, 10, 26, 10};
        if (compress2(z, &zn, raw, (uLong)rawn, 9) == Z_OK && mem_write(m, sig, 8) == 0 &&
            put_chunk(m, "IHDR", ihdr, 13) == 0 &&
            put_chunk(m, "PLTE", &palette[0][0], sizeof palette) == 0 &&
            put_chunk(m, "IDAT", z, zn) == 0 && put_chunk(m, "IEND", NULL, 0) == 0)
            rc = 0;
    }
    free(raw);
    free(z);
    return rc;
}

/* Whether pixel row y of surface s holds ink (a dark pixel) in columns
 * [x0, x1). */
static int row_has_ink(cairo_surface_t *s, int y, int x0, int x1)
{
    const unsigned char *px = cairo_image_surface_get_data(s);
    const uint32_t *p = (const uint32_t *)(const void *)(px + (size_t)y *
                                                              (size_t)cairo_image_surface_get_stride(s));
    for (int x = x0; x < x1; x++) {
        uint32_t v = p[x];
        if (((v >> 16) & 255) + ((v >> 8) & 255) + (v & 255) < 3 * 150)
            return 1;
    }
    return 0;
}

/* Some fonts give poppler flat character boxes (a third of the glyphs'
 * height, above or below them).  Such a box b is fitted to the ink of the
 * rendered page: the run of inked rows under its columns that it overlaps,
 * or the nearest one within 8 points, as long as that run is line-sized. */
static void fit_flat_box(cairo_surface_t *s, fs_rect region, double scale, fs_rect *b)
{
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int x0 = (int)((b->x0 - region.x0) * scale), x1 = (int)((b->x1 - region.x0) * scale);
    int c = (int)(((b->y0 + b->y1) / 2 - region.y0) * scale), reach = (int)(8 * scale);
    x0 = x0 < 0 ? 0 : x0;
    x1 = x1 > w ? w : x1;
    if (x1 <= x0 || c < 0 || c >= h)
        return;
    int at = -1;
    for (int d = 0; d <= reach && at < 0; d++) /* the nearest inked row */
        if (c + d < h && row_has_ink(s, c + d, x0, x1))
            at = c + d;
        else if (c - d >= 0 && row_has_ink(s, c - d, x0, x1))
            at = c - d;
    if (at < 0)
        return;
    int top = at, bottom = at;
    while (top > 0 && row_has_ink(s, top - 1, x0, x1))
        top--;
    while (bottom + 1 < h && row_has_ink(s, bottom + 1, x0, x1))
        bottom++;
    double t = region.y0 + top / scale, u = region.y0 + (bottom + 1) / scale;
    if (u - t >= b->y1 - b->y0 && u - t <= 24) {
        b->y0 = t;
        b->y1 = u;
    }
}

/* Outlines boxes on cr (in page points): the first nstated red, the rest
 * blue, a little larger than the characters. */
static void draw_boxes(cairo_t *cr, double scale, const fs_rect *boxes, size_t nboxes,
                       size_t nstated)
{
    cairo_set_line_width(cr, 2.0 / scale);
    for (size_t i = 0; i < nboxes; i++) {
        const fs_rect *b = &boxes[i];
        double h = b->y1 - b->y0;
        double pad = h < 6 ? (8 - h) / 2 : 1.5; /* boxes of some fonts are flat */
        if (i < nstated)
            cairo_set_source_rgb(cr, 0.85, 0.05, 0.05);
        else
            cairo_set_source_rgb(cr, 0.05, 0.35, 0.85);
        cairo_rectangle(cr, b->x0 - 2, b->y0 - pad, b->x1 - b->x0 + 4, h + 2 * pad);
        cairo_stroke(cr);
    }
}

int fs_render_png(fs_render *r, uint32_t page, fs_rect region, double scale,
                  const fs_rect *boxes, size_t nboxes, size_t nstated, unsigned char **png,
                  size_t *len, fs_error *e)
{
    *png = NULL;
    *len = 0;
    if (page < 1 || (int)page > poppler_document_get_n_pages(r->doc))
        return fs_error_set(e, FS_E_USAGE, "no page %u", (unsigned)page);
    int w = (int)((region.x1 - region.x0) * scale + 0.5);
    int h = (int)((region.y1 - region.y0) * scale + 0.5);
    if (w <= 0 || h <= 0 || w > 8000 || h > 8000)
        return fs_error_set(e, FS_E_USAGE, "empty or oversized region");
    PopplerPage *p = poppler_document_get_page(r->doc, (int)page - 1);
    if (!p)
        return fs_error_set(e, FS_E_FORMAT, "page %u cannot be read", (unsigned)page);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    cairo_translate(cr, -region.x0, -region.y0);
    poppler_page_render(p, cr);
    fs_rect fitted[64];
    size_t nfit = nboxes < 64 ? nboxes : 64;
    cairo_surface_flush(s);
    for (size_t i = 0; i < nfit; i++) {
        fitted[i] = boxes[i];
        if (fitted[i].y1 - fitted[i].y0 < 6)
            fit_flat_box(s, region, scale, &fitted[i]);
    }
    cairo_surface_mark_dirty(s);
    draw_boxes(cr, scale, fitted, nfit, nstated);
    cairo_destroy(cr);
    g_object_unref(p);
    membuf m = {0};
    cairo_surface_flush(s);
    int st = encode_png(s, &m);
    cairo_surface_destroy(s);
    if (st != 0 || m.failed) {
        free(m.p);
        return fs_error_set(e, FS_E_NOMEM, "cannot encode the image");
    }
    *png = m.p;
    *len = m.n;
    return 0;
}
