/* locate.h — where a span of the normalised text is printed on its page.
 *
 * A PDF page keeps every printed character with its box (rawdoc.h); the
 * normalised text maps each byte to its source page and line (text.h).  A
 * number of the text is found again among the characters of its source line
 * (full-width digits and points folded, thousands separators skipped), so
 * its box can be drawn around it on an image of the page.  Text input has no
 * boxes. */
#ifndef FISCAN_LOCATE_H
#define FISCAN_LOCATE_H

#include "rawdoc.h"
#include "text.h"

#include <stddef.h>
#include <stdint.h>

typedef struct fs_box {
    uint32_t page;         /* 1-based */
    float x0, y0, x1, y1;  /* PDF points from the page's top left */
} fs_box;

/* Finds the box of the number printed in t->s[start, end) (its digits,
 * decimal point and percent sign; other characters of the span are ignored) among the glyphs
 * of its source line in raw.  Returns 1 and *out when found, 0 when the
 * document has no boxes or the characters are not found on that line. */
int fs_locate_number(const fs_rawdoc *raw, const fs_text *t, size_t start, size_t end,
                     fs_box *out);

#endif
