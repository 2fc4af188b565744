/* scan.h — small helpers for reading UTF-8 text by byte offsets: the
 * character before or at a position, literal words at or before it, blanks,
 * years ("2019年"), and copies of spans.  Shared by the figure reader and the
 * identity stage; every function is bounded by the limits it is given and
 * never reads outside them.  dup_span's result is owned by the caller. */
#ifndef FISCAN_SCAN_H
#define FISCAN_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cjk.h"

/* Start of the UTF-8 character that ends at pos (pos > lo). */
static inline size_t prev_char(const char *s, size_t lo, size_t pos)
{
    size_t p = pos - 1;
    while (p > lo && ((unsigned char)s[p] & 0xC0) == 0x80)
        p--;
    return p;
}

/* Code point at pos (within end), its length in *len; 0 and length 1 at or
 * past the end. */
static inline uint32_t cp_at(const char *s, size_t pos, size_t end, size_t *len)
{
    uint32_t cp = 0;
    size_t n = pos < end ? fs_utf8_decode(s + pos, end - pos, &cp) : 1;
    if (len)
        *len = n;
    return cp;
}

/* Length of the UTF-8 character at s[pos] (1 at the end or on a bad byte). */
static inline size_t char_len(const char *s, size_t pos, size_t end)
{
    size_t n;
    cp_at(s, pos, end, &n);
    return n;
}

/* 1 when s[pos..end) starts with lit. */
static inline int at(const char *s, size_t pos, size_t end, const char *lit)
{
    size_t n = strlen(lit);
    return pos + n <= end && memcmp(s + pos, lit, n) == 0;
}

/* 1 when s[lo..pos) ends with lit. */
static inline int before(const char *s, size_t lo, size_t pos, const char *lit)
{
    size_t n = strlen(lit);
    return pos >= lo + n && memcmp(s + pos - n, lit, n) == 0;
}

/* Length of the first of words that s[pos..end) starts with, 0 if none. */
static inline size_t at_any(const char *s, size_t pos, size_t end, const char *const *words)
{
    for (; *words; words++)
        if (at(s, pos, end, *words))
            return strlen(*words);
    return 0;
}

/* Length of the first of words that s[lo..pos) ends with, 0 if none. */
static inline size_t before_any(const char *s, size_t lo, size_t pos, const char *const *words)
{
    for (; *words; words++)
        if (before(s, lo, pos, *words))
            return strlen(*words);
    return 0;
}

/* Number of characters in s[a..b). */
static inline size_t nchars(const char *s, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

static inline int is_blank_at(const char *s, size_t pos, size_t end, size_t *len)
{
    if (pos >= end)
        return 0;
    if (s[pos] == '\t' || s[pos] == '\n')
        return 0;
    return fs_cjk_is_blank(cp_at(s, pos, end, len));
}

static inline size_t skip_blanks(const char *s, size_t pos, size_t end)
{
    size_t l;
    while (pos < end && is_blank_at(s, pos, end, &l))
        pos += l;
    return pos;
}

static inline size_t skip_blanks_back(const char *s, size_t lo, size_t pos)
{
    while (pos > lo) {
        size_t p = prev_char(s, lo, pos);
        size_t l;
        if (!is_blank_at(s, p, pos, &l))
            break;
        pos = p;
    }
    return pos;
}

/* A four-digit year 1900–2099 ending at pos (just before 年)? Returns its
 * value and sets *start, else 0. */
static inline int year_before(const char *s, size_t lo, size_t pos, size_t *start)
{
    if (pos < lo + 4)
        return 0;
    const char *p = s + pos - 4;
    for (int i = 0; i < 4; i++)
        if (p[i] < '0' || p[i] > '9')
            return 0;
    if (pos > lo + 4 && (s[pos - 5] >= '0' && s[pos - 5] <= '9'))
        return 0;
    int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    if (y < 1900 || y > 2099)
        return 0;
    *start = pos - 4;
    return y;
}

/* A year "2019年" / "2019年度" at pos: returns the year and its end. */
static inline int year_at(const char *s, size_t pos, size_t end, size_t *yend)
{
    if (pos + 4 > end)
        return 0;
    for (int i = 0; i < 4; i++)
        if (s[pos + i] < '0' || s[pos + i] > '9')
            return 0;
    if (pos + 4 < end && s[pos + 4] >= '0' && s[pos + 4] <= '9')
        return 0;
    int y = (s[pos] - '0') * 1000 + (s[pos + 1] - '0') * 100 + (s[pos + 2] - '0') * 10 +
            (s[pos + 3] - '0');
    if (y < 1900 || y > 2099)
        return 0;
    size_t p = skip_blanks(s, pos + 4, end);
    if (!at(s, p, end, "年"))
        return 0;
    p += 3;
    if (at(s, p, end, "度"))
        p += 3;
    *yend = p;
    return y;
}

/* Copies s[a..b) into a new string (NULL on allocation failure). */
static inline char *dup_span(const char *s, size_t a, size_t b)
{
    char *r = malloc(b - a + 1);
    if (r) {
        memcpy(r, s + a, b - a);
        r[b - a] = '\0';
    }
    return r;
}

#endif
