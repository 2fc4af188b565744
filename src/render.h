/* render.h — images of regions of PDF pages, for the HTML report.
 *
 * The only module besides pdf.c that includes poppler (and the only one that
 * includes cairo): a page region is drawn by poppler-glib onto a cairo image
 * surface, the numbers to point at are outlined, and the image is encoded
 * as PNG in memory. */
#ifndef FISCAN_RENDER_H
#define FISCAN_RENDER_H

#include "error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct fs_render fs_render;

/* A rectangle in PDF points from the page's top left. */
typedef struct fs_rect {
    double x0, y0, x1, y1;
} fs_rect;

/* Opens the PDF at path (password may be NULL) for rendering.  Returns 0 and
 * *out (caller frees with fs_render_close), or FS_E_IO / FS_E_FORMAT /
 * FS_E_ENCRYPTED with e filled.  With sha256 (64 hex digits, may be NULL)
 * the file must hold exactly the bytes of that digest, else FS_E_FORMAT
 * "the file has changed since it was checked". */
int fs_render_open(const char *path, const char *password, const char *sha256,
                   fs_render **out, fs_error *e);

void fs_render_close(fs_render *r);

/* Number of pages, and the size of 1-based page in points (0 when out of
 * range). */
int fs_render_pages(const fs_render *r);
void fs_render_page_size(const fs_render *r, uint32_t page, double *w, double *h);

/* Renders region of 1-based page at scale pixels per point, with each of
 * boxes[0..nboxes) outlined (the first nstated of them in the colour of a
 * failing number, the others in a second colour), as PNG.  Returns 0 and
 * *png, *len (caller frees *png with free), or FS_E_USAGE (no such page, an
 * empty region) / FS_E_NOMEM with e filled. */
int fs_render_png(fs_render *r, uint32_t page, fs_rect region, double scale,
                  const fs_rect *boxes, size_t nboxes, size_t nstated, unsigned char **png,
                  size_t *len, fs_error *e);

#endif
