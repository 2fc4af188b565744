/* names.c — see names.h. */
#include "names.h"

#include "error.h"

#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (1 to 4), or 0 when the byte at s
 * does not start one (stray continuation byte, overlong form, surrogate,
 * beyond U+10FFFF, or cut short). */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned min, cp;
    if ((c & 0xE0) == 0xC0)
        n = 2, min = 0x80, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0)
        n = 3, min = 0x800, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0)
        n = 4, min = 0x10000, cp = c & 0x07;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* Whether the single byte c is a control character or a backslash. */
static int special_ascii(unsigned c)
{
    return c < 0x20 || c == 0x7F || c == '\\';
}

int fs_name_needs_escape(const char *name)
{
    const unsigned char *s = (const unsigned char *)name;
    while (*s) {
        size_t n = utf8_len(s);
        if (n == 0 || (n == 1 && special_ascii(*s)))
            return 1;
        s += n;
    }
    return 0;
}

int fs_name_escape(fs_buf *b, const char *name)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!fs_name_needs_escape(name))
        return fs_buf_puts(b, name);
    const unsigned char *s = (const unsigned char *)name;
    while (*s) {
        size_t n = utf8_len(s);
        int rc;
        if (n == 1 && *s == '\\') {
            rc = fs_buf_puts(b, "\\\\");
        } else if (n == 0 || (n == 1 && special_ascii(*s))) {
            char e[4] = {'\\', 'x', hex[*s >> 4], hex[*s & 15]};
            rc = fs_buf_append(b, e, 4);
            n = 1;
        } else {
            rc = fs_buf_append(b, s, n);
        }
        if (rc)
            return FS_E_NOMEM;
        s += n;
    }
    return 0;
}

int fs_line_escape(fs_buf *b, const char *line)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *s = (const unsigned char *)line;
    while (*s) {
        size_t n = utf8_len(s);
        int rc;
        if (n == 0 || (n == 1 && (*s < 0x20 || *s == 0x7F))) {
            char e[4] = {'\\', 'x', hex[*s >> 4], hex[*s & 15]};
            rc = fs_buf_append(b, e, 4);
            n = 1;
        } else {
            rc = fs_buf_append(b, s, n);
        }
        if (rc)
            return FS_E_NOMEM;
        s += n;
    }
    return 0;
}

char *fs_name_display(const char *name)
{
    fs_buf b = FS_BUF_INIT;
    if (fs_name_escape(&b, name)) {
        fs_buf_free(&b);
        return NULL;
    }
    return fs_buf_steal(&b);
}

int fs_name_hex(fs_buf *b, const char *name)
{
    static const char hex[] = "0123456789abcdef";
    for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
        char e[2] = {hex[*s >> 4], hex[*s & 15]};
        if (fs_buf_append(b, e, 2))
            return FS_E_NOMEM;
    }
    return 0;
}

/* Value of one hex digit, or -1. */
static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *fs_name_from_hex(const char *hex)
{
    size_t n = strlen(hex);
    if (n % 2)
        return NULL;
    char *s = malloc(n / 2 + 1);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0 || (hi | lo) == 0) {
            free(s);
            return NULL;
        }
        s[i] = (char)(hi << 4 | lo);
    }
    s[n / 2] = '\0';
    return s;
}
