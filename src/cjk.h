/* cjk.h — UTF-8 decoding and the character classes Chinese text needs.
 *
 * Decoding never reads past the end it is given and never fails: a byte that
 * does not start a valid, shortest-form sequence is returned alone as
 * FS_CP_INVALID, so callers can carry it through as an opaque byte. */
#ifndef FISCAN_CJK_H
#define FISCAN_CJK_H

#include <stddef.h>
#include <stdint.h>

#define FS_CP_INVALID 0xFFFFFFFFu

/* Decodes the character at p[0..n), n > 0.  Stores the code point (or
 * FS_CP_INVALID) in *cp and returns the number of bytes used (1..4). */
size_t fs_utf8_decode(const char *p, size_t n, uint32_t *cp);

/* Encodes cp (<= 0x10FFFF, not a surrogate) into out; returns 1..4, or 0
 * for a value that is not a character. */
size_t fs_utf8_encode(uint32_t cp, char out[4]);

/* Value 0..9 of an ASCII or full-width digit, else -1. */
int fs_cjk_digit(uint32_t cp);

/* Value 0..10 of 〇零一二…十, else -1 (used for numbering marks). */
int fs_cjk_numeral(uint32_t cp);

/* 1 for characters set solid in Chinese text: Han ideographs, CJK and
 * full-width punctuation and forms, kana, and the general punctuation
 * Chinese typesetting uses (“”‘’…—·), circled numbers and the common
 * geometric bullets.  Spaces between two of these are never meaningful. */
int fs_cjk_is_wide(uint32_t cp);

/* 1 for a Han ideograph. */
int fs_cjk_is_han(uint32_t cp);

/* 1 for the blanks extraction produces: ASCII space, CR, VT, FF, other C0
 * controls except TAB and LF, NO-BREAK SPACE, the U+2000 spaces, U+3000
 * IDEOGRAPHIC SPACE and U+FEFF. */
int fs_cjk_is_blank(uint32_t cp);

/* Display width in half-em units: 2 for wide characters, 1 otherwise. */
int fs_cjk_width(uint32_t cp);

#endif
