/* buf.c — see buf.h. */
#include "buf.h"
#include "error.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fs_buf_reserve(fs_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return FS_E_NOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *s = realloc(b->s, cap);
    if (!s)
        return FS_E_NOMEM;
    s[b->len] = '\0'; /* a first reserve must leave "" behind, not garbage */
    b->s = s;
    b->cap = cap;
    return 0;
}

int fs_buf_append(fs_buf *b, const void *p, size_t n)
{
    if (fs_buf_reserve(b, n))
        return FS_E_NOMEM;
    if (n)
        memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

int fs_buf_puts(fs_buf *b, const char *s) { return fs_buf_append(b, s, strlen(s)); }

int fs_buf_putc(fs_buf *b, char c) { return fs_buf_append(b, &c, 1); }

int fs_buf_printf(fs_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || fs_buf_reserve(b, (size_t)n))
        return FS_E_NOMEM;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void fs_buf_truncate(fs_buf *b, size_t n)
{
    if (n < b->len) {
        b->len = n;
        b->s[n] = '\0';
    }
}

char *fs_buf_steal(fs_buf *b)
{
    char *s = b->s;
    if (!s) {
        s = malloc(1);
        if (s)
            s[0] = '\0';
    }
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}

void fs_buf_free(fs_buf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}
