/* cjk.c — see cjk.h. */
#include "cjk.h"

/* Strict UTF-8 (RFC 3629): shortest form only, no surrogates, nothing above
 * U+10FFFF.  Any other byte is one opaque FS_CP_INVALID. */
size_t fs_utf8_decode(const char *p, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)p;
    unsigned char c = u[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        *cp = FS_CP_INVALID;
        return 1;
    }
    if (len > n) {
        *cp = FS_CP_INVALID;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = FS_CP_INVALID;
            return 1;
        }
        v = (v << 6) | (u[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = FS_CP_INVALID;
        return 1;
    }
    *cp = v;
    return len;
}

size_t fs_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF)
        return 0;
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int fs_cjk_digit(uint32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return (int)(cp - 0xFF10);
    return -1;
}

int fs_cjk_numeral(uint32_t cp)
{
    switch (cp) {
    case 0x3007: /* 〇 */
    case 0x96F6: /* 零 */
        return 0;
    case 0x4E00: return 1;  /* 一 */
    case 0x4E8C: return 2;  /* 二 */
    case 0x4E09: return 3;  /* 三 */
    case 0x56DB: return 4;  /* 四 */
    case 0x4E94: return 5;  /* 五 */
    case 0x516D: return 6;  /* 六 */
    case 0x4E03: return 7;  /* 七 */
    case 0x516B: return 8;  /* 八 */
    case 0x4E5D: return 9;  /* 九 */
    case 0x5341: return 10; /* 十 */
    default: return -1;
    }
}

int fs_cjk_is_han(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

int fs_cjk_is_wide(uint32_t cp)
{
    if (cp == FS_CP_INVALID || cp < 0x00B7)
        return 0;
    if (cp == 0x00B7 || cp == 0x00D7) /* · × */
        return 1;
    if (cp >= 0x2010 && cp <= 0x203B) /* ‐–—―‘’“”…‰※ */
        return 1;
    if (cp >= 0x2460 && cp <= 0x24FF) /* ①⑴⒈ enclosed alphanumerics */
        return 1;
    if (cp >= 0x25A0 && cp <= 0x26FF) /* ■◆●★ shapes and symbols */
        return 1;
    if (cp >= 0x2E80 && cp <= 0x303F) /* radicals, CJK symbols and punctuation */
        return cp != 0x3000;         /* the ideographic space is a blank */
    if (cp >= 0x3040 && cp <= 0x9FFF) /* kana, bopomofo, ext. A, unified */
        return 1;
    if (cp >= 0xF900 && cp <= 0xFAFF)
        return 1;
    if (cp >= 0xFE30 && cp <= 0xFE4F) /* CJK compatibility forms */
        return 1;
    if (cp >= 0xFF01 && cp <= 0xFF60) /* full-width forms */
        return 1;
    if (cp >= 0xFFE0 && cp <= 0xFFE6)
        return 1;
    if (cp >= 0x20000 && cp <= 0x3FFFF)
        return 1;
    return 0;
}

int fs_cjk_is_blank(uint32_t cp)
{
    if (cp == '\t' || cp == '\n')
        return 0;
    if (cp < 0x20 || cp == ' ' || cp == 0x7F)
        return 1;
    return cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
           cp == 0x3000 || cp == 0xFEFF;
}

int fs_cjk_width(uint32_t cp) { return fs_cjk_is_wide(cp) ? 2 : 1; }
