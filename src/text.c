/* text.c — see text.h. */
#include "text.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

fs_text *fs_text_create(void)
{
    fs_text *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->s = calloc(1, 1);
    if (!t->s) {
        free(t);
        return NULL;
    }
    return t;
}

/* Capacity of s is tracked implicitly: we grow geometrically by keeping the
 * allocation a power of two at least len + 1. */
static size_t cap_for(size_t n)
{
    size_t c = 64;
    while (c < n)
        c *= 2;
    return c;
}

int fs_text_append(fs_text *t, const char *p, size_t n, uint32_t page, uint32_t line)
{
    if (!n)
        return 0;
    size_t oldcap = cap_for(t->len + 1), newcap = cap_for(t->len + n + 1);
    if (newcap != oldcap || t->len == 0) {
        char *s = realloc(t->s, newcap);
        if (!s)
            return FS_E_NOMEM;
        t->s = s;
    }
    if (!t->nsegs || t->segs[t->nsegs - 1].page != page || t->segs[t->nsegs - 1].line != line) {
        if (t->nsegs == t->segcap) {
            size_t cap = t->segcap ? t->segcap * 2 : 64;
            fs_seg *sg = realloc(t->segs, cap * sizeof *sg);
            if (!sg)
                return FS_E_NOMEM;
            t->segs = sg;
            t->segcap = cap;
        }
        t->segs[t->nsegs++] = (fs_seg){t->len, page, line};
    }
    memcpy(t->s + t->len, p, n);
    t->len += n;
    t->s[t->len] = '\0';
    return 0;
}

fs_srcpos fs_text_pos(const fs_text *t, size_t off)
{
    fs_srcpos r = {0, 0};
    if (!t || !t->nsegs)
        return r;
    size_t lo = 0, hi = t->nsegs; /* find last seg with seg.off <= off */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->segs[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    r.page = t->segs[lo].page;
    r.line = t->segs[lo].line;
    return r;
}

void fs_text_free(fs_text *t)
{
    if (!t)
        return;
    free(t->s);
    free(t->segs);
    free(t);
}

/* 1 when the 3 bytes at p are 。！ or ？. */
static int sentence_mark(const char *p)
{
    return memcmp(p, "\xE3\x80\x82", 3) == 0 || memcmp(p, "\xEF\xBC\x81", 3) == 0 ||
           memcmp(p, "\xEF\xBC\x9F", 3) == 0;
}

void fs_text_sentence(const fs_text *t, size_t off, size_t *a, size_t *b)
{
    const char *s = t->s;
    size_t n = t->len;
    if (off > n)
        off = n;
    size_t lo = off > 4096 ? off - 4096 : 0, hi = n - off > 4096 ? off + 4096 : n;
    size_t x = off;
    while (x > lo && s[x - 1] != '\n' && !(x >= lo + 3 && sentence_mark(s + x - 3)))
        x--;
    while (x < off && ((unsigned char)s[x] & 0xC0) == 0x80)
        x++;
    size_t y = off;
    while (y < hi && s[y] != '\n') {
        if (y + 3 <= hi && sentence_mark(s + y)) {
            y += 3;
            break;
        }
        y++;
    }
    while (y > x && y < n && ((unsigned char)s[y] & 0xC0) == 0x80)
        y--;
    *a = x;
    *b = y;
}
