/* locate.c — finds the box of a number of the normalised text on its page
 * (locate.h). */
#include "locate.h"

#include <stdlib.h>

#define KEY_MAX 64

/* Folds the full-width forms of digits, point, comma and percent to ASCII. */
static uint32_t fold(uint32_t c)
{
    if (c >= 0xFF10 && c <= 0xFF19)
        return '0' + (c - 0xFF10);
    if (c == 0xFF0E)
        return '.';
    if (c == 0xFF0C)
        return ',';
    if (c == 0xFF05)
        return '%';
    return c;
}

static int is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

/* Decodes one UTF-8 sequence of s[*i, n) and advances *i (a bad byte is
 * read as itself). */
static uint32_t next_cp(const char *s, size_t n, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i;
    uint32_t c = p[0];
    size_t len = 1;
    if (c >= 0xF0 && left >= 4) {
        c = ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
        len = 4;
    } else if (c >= 0xE0 && left >= 3) {
        c = ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
        len = 3;
    } else if (c >= 0xC0 && left >= 2) {
        c = ((c & 0x1Fu) << 6) | (p[1] & 0x3Fu);
        len = 2;
    }
    *i += len;
    return c;
}

/* The next match of key[0, kn) in seq[from, n), commas inside the match
 * skipped, not inside a longer number.  Returns the index of its first
 * character and sets *stop past its last, or returns n when there is none. */
static size_t match_from(const uint32_t *seq, size_t n, const uint32_t *key, size_t kn,
                         size_t from, size_t *stop)
{
    for (size_t i = from; i < n; i++) {
        if (seq[i] != key[0] || (i > 0 && (is_digit(seq[i - 1]) || seq[i - 1] == '.')))
            continue;
        size_t j = 0, k = i;
        while (j < kn && k < n) {
            if (seq[k] == key[j]) {
                j++;
                k++;
            } else if (seq[k] == ',' && j > 0 && is_digit(key[j - 1])) {
                k++;
            } else {
                break;
            }
        }
        if (j == kn && (k >= n || !is_digit(seq[k]))) {
            *stop = k;
            return i;
        }
    }
    return n;
}

/* The digits, points and percent sign of s[a, b), folded, into key;
 * returns their count (0 when there are none or too many). */
static size_t number_key(const char *s, size_t a, size_t b, uint32_t *key)
{
    size_t kn = 0;
    for (size_t i = a; i < b;) {
        uint32_t c = fold(next_cp(s, b, &i));
        if (is_digit(c) || ((c == '.' || c == '%') && kn > 0)) {
            if (kn == KEY_MAX)
                return 0;
            key[kn++] = c;
        }
    }
    return kn;
}

/* How many times key is printed in t before offset off on the same source
 * line (the segments of that line just before off). */
static size_t occurrences_before(const fs_text *t, size_t off, const uint32_t *key, size_t kn)
{
    size_t lo = 0, hi = t->nsegs;
    while (hi - lo > 1) { /* last segment starting at or before off */
        size_t mid = (lo + hi) / 2;
        if (t->segs[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    size_t s = lo;
    while (s > 0 && t->segs[s - 1].page == t->segs[lo].page &&
           t->segs[s - 1].line == t->segs[lo].line)
        s--;
    size_t a = t->segs[s].off;
    if (off <= a)
        return 0;
    uint32_t *seq = malloc((off - a) * sizeof *seq);
    if (!seq)
        return 0;
    size_t n = 0;
    for (size_t i = a; i < off;)
        seq[n++] = fold(next_cp(t->s, off, &i));
    size_t count = 0, at = 0, stop = 0;
    while ((at = match_from(seq, n, key, kn, at, &stop)) < n) {
        count++;
        at = stop;
    }
    free(seq);
    return count;
}

/* Appends to seq/idx (room for every glyph of pg, *n used) the glyphs of
 * page pg whose centres lie in line ln's box, folded, with their indices
 * into pg->glyphs. */
static void line_glyphs(const fs_rawpage *pg, const fs_rawline *ln, uint32_t *seq, size_t *idx,
                        size_t *n)
{
    for (size_t i = 0; i < pg->nglyphs; i++) {
        const fs_rawglyph *g = &pg->glyphs[i];
        float cx = (g->x0 + g->x1) / 2, cy = (g->y0 + g->y1) / 2;
        if (cy < ln->y0 - 1 || cy > ln->y1 + 1 || cx < ln->x0 - 1 || cx > ln->x1 + 1)
            continue;
        seq[*n] = fold(g->cp);
        idx[(*n)++] = i;
    }
}

int fs_locate_number(const fs_rawdoc *raw, const fs_text *t, size_t start, size_t end,
                     fs_box *out)
{
    uint32_t key[KEY_MAX];
    if (!raw || !t || end > t->len || start >= end || t->nsegs == 0)
        return 0;
    size_t kn = number_key(t->s, start, end, key);
    if (kn == 0)
        return 0;
    fs_srcpos sp = fs_text_pos(t, start);
    const fs_rawline *ln = fs_rawdoc_line(raw, sp.page, sp.line);
    if (!ln || sp.page > raw->npages || ln->x1 <= ln->x0)
        return 0;
    const fs_rawpage *pg = &raw->pages[sp.page - 1];
    if (!pg->glyphs)
        return 0;
    /* the glyphs of the line, then those of the next one: a number the
     * report wrapped ("30.6" / "5%") is matched across the break */
    uint32_t *seq = malloc((2 * pg->nglyphs + 1) * sizeof *seq);
    size_t *idx = malloc((2 * pg->nglyphs + 1) * sizeof *idx);
    size_t n = 0, n1 = 0;
    if (seq && idx) {
        line_glyphs(pg, ln, seq, idx, &n);
        const fs_rawline *next = fs_rawdoc_line(raw, sp.page, sp.line + 1);
        n1 = n;
        if (next && next->x1 > next->x0 && next->y0 >= ln->y1 - 1)
            line_glyphs(pg, next, seq, idx, &n);
    }
    n1 = n1 < n ? n1 : n;
    size_t want = n ? occurrences_before(t, start, key, kn) : 0;
    size_t at = 0, stop = 0, first = n, first_stop = 0, found = n, found_stop = 0;
    for (size_t k = 0; (at = match_from(seq, n, key, kn, at, &stop)) < n1; k++) {
        if (first == n) {
            first = at;
            first_stop = stop;
        }
        if (k == want) {
            found = at;
            found_stop = stop;
            break;
        }
        at = stop;
    }
    if (found == n) { /* fewer on the page line than in the text: the first */
        found = first;
        found_stop = first_stop;
    }
    int ok = found < n;
    if (ok && found < n1 && found_stop > n1)
        found_stop = n1; /* wrapped: the box of the part on the first line */
    if (ok) {
        const fs_rawglyph *g = &pg->glyphs[idx[found]];
        *out = (fs_box){sp.page, g->x0, g->y0, g->x1, g->y1};
        for (size_t k = found + 1; k < found_stop; k++) {
            g = &pg->glyphs[idx[k]];
            out->x0 = g->x0 < out->x0 ? g->x0 : out->x0;
            out->y0 = g->y0 < out->y0 ? g->y0 : out->y0;
            out->x1 = g->x1 > out->x1 ? g->x1 : out->x1;
            out->y1 = g->y1 > out->y1 ? g->y1 : out->y1;
        }
    }
    free(seq);
    free(idx);
    return ok;
}
