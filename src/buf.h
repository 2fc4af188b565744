/* buf.h — a growable byte buffer, always NUL-terminated.
 *
 * The buffer owns b->s; fs_buf_free releases it, fs_buf_steal hands it to the
 * caller (who frees it with free()).  Appends return 0 or FS_E_NOMEM and leave
 * the buffer unchanged on failure. */
#ifndef FISCAN_BUF_H
#define FISCAN_BUF_H

#include <stddef.h>

typedef struct fs_buf {
    char *s;     /* NUL-terminated contents, NULL until the first append */
    size_t len;  /* bytes used, not counting the NUL */
    size_t cap;  /* bytes allocated */
} fs_buf;

#define FS_BUF_INIT {NULL, 0, 0}

int fs_buf_reserve(fs_buf *b, size_t extra);
int fs_buf_append(fs_buf *b, const void *p, size_t n);
int fs_buf_puts(fs_buf *b, const char *s);
int fs_buf_putc(fs_buf *b, char c);
int fs_buf_printf(fs_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Drops everything after the first n bytes (n <= len). */
void fs_buf_truncate(fs_buf *b, size_t n);
/* Returns the contents (never NULL: "" for an empty buffer, malloc'd) and
 * leaves b empty; the caller frees the result.  NULL only on allocation
 * failure. */
char *fs_buf_steal(fs_buf *b);
void fs_buf_free(fs_buf *b);

#endif
