/* textfile.c — see textfile.h.
 *
 * Decoding is done once into one UTF-8 buffer, then split into pages and
 * lines; both passes are linear, so a 10 MB file of one line is no harder than
 * many short ones.  UTF-16 and GB18030 go through glibc iconv, restarted after
 * each invalid sequence so that one bad byte costs one U+FFFD and no more.
 *
 * Choosing between UTF-8 and GB18030 when there is no BOM: strictly valid
 * UTF-8 is UTF-8.  Otherwise GB18030 would accept almost any byte pair, so a
 * UTF-8 file with a few stray bytes is kept as UTF-8 when its valid multibyte
 * characters outnumber its invalid sequences by at least 8 to 1 (GB18030
 * text almost never forms that many valid UTF-8 sequences by accident). */
#include "textfile.h"
#include "buf.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* Length of the valid UTF-8 sequence at p[0..n), or 0 when the bytes there do
 * not start one.  Strict: no overlong forms, surrogates or values above
 * U+10FFFF.  *bad_len receives how many bytes an invalid sequence spans (the
 * maximal prefix of a valid sequence, at least 1). */
static size_t utf8_seq(const unsigned char *p, size_t n, size_t *bad_len)
{
    unsigned c = p[0];
    *bad_len = 1;
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    for (size_t k = 1; k < need; k++) {
        if (k >= n)
            return 0;
        unsigned b = p[k];
        unsigned l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
        if (b < l || b > h)
            return 0;
        *bad_len = k + 1;
    }
    return need;
}

/* Counts invalid sequences and valid multibyte characters of data as UTF-8. */
static void utf8_survey(const unsigned char *p, size_t n, size_t *bad, size_t *multi)
{
    *bad = *multi = 0;
    size_t i = 0;
    while (i < n) {
        if (p[i] < 0x80) { /* fast path for ASCII runs */
            i++;
            continue;
        }
        size_t bl, k = utf8_seq(p + i, n - i, &bl);
        if (k) {
            (*multi)++;
            i += k;
        } else {
            (*bad)++;
            i += bl;
        }
    }
}

/* Appends p[0..n) to out as UTF-8, replacing invalid sequences. */
static int utf8_copy(const unsigned char *p, size_t n, fs_buf *out, size_t *repl)
{
    if (fs_buf_reserve(out, n))
        return FS_E_NOMEM;
    size_t i = 0, run = 0; /* run: start of the current stretch of valid bytes */
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t bl, k = utf8_seq(p + i, n - i, &bl);
        if (k) {
            i += k;
            continue;
        }
        if (fs_buf_append(out, p + run, i - run) || fs_buf_append(out, REPLACEMENT, 3))
            return FS_E_NOMEM;
        (*repl)++;
        i += bl;
        run = i;
    }
    return fs_buf_append(out, p + run, n - run);
}

/* Converts p[0..n) from charset `from` to UTF-8 with iconv, appending to out.
 * An invalid or truncated sequence becomes one U+FFFD and decoding resumes
 * unit bytes later (1 for GB18030, 2 for UTF-16).  Returns 0, FS_E_NOMEM, or
 * FS_E_ENCODING when iconv does not know the charset. */
static int iconv_copy(const char *from, size_t unit, const unsigned char *p, size_t n,
                      fs_buf *out, size_t *repl, fs_error *e)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return fs_error_set(e, FS_E_ENCODING, "cannot decode %s: the C library has no converter",
                            from);
    char *in = (char *)(uintptr_t)p; /* iconv's prototype is not const-correct */
    size_t inleft = n;
    int rc = 0;
    while (inleft) {
        size_t room = inleft * 2 + 16;
        if (fs_buf_reserve(out, room)) {
            rc = FS_E_NOMEM;
            break;
        }
        char *o = out->s + out->len;
        size_t oleft = out->cap - out->len - 1;
        size_t before = oleft;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        out->len += before - oleft;
        out->s[out->len] = '\0';
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG)
            continue;
        /* EILSEQ or EINVAL (sequence cut off at the end): replace and skip. */
        if (fs_buf_append(out, REPLACEMENT, 3)) {
            rc = FS_E_NOMEM;
            break;
        }
        (*repl)++;
        size_t skip = unit < inleft ? unit : inleft;
        in += skip;
        inleft -= skip;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    return rc;
}

/* Splits UTF-8 text s[0..n) into pages at form feeds and lines at LF, CRLF
 * and CR, adding them to d.  NUL bytes become U+FFFD (counted in *repl) so
 * that every line is a whole C string.  A form feed at the very end does not
 * open an empty last page. */
static int split_lines(fs_rawdoc *d, const char *s, size_t n, size_t *repl)
{
    fs_buf line = FS_BUF_INIT;
    int rc = fs_rawdoc_add_page(d, 0, 0);
    size_t i = 0, start = 0;
    int has_nul = 0;
    int open_line = 0; /* bytes since the last line end */
    while (!rc && i < n) {
        char c = s[i];
        if (c != '\n' && c != '\r' && c != '\f' && c != '\0') {
            i++;
            open_line = 1;
            continue;
        }
        if (c == '\0') {
            has_nul = 1;
            open_line = 1;
            i++;
            continue;
        }
        /* A line ends at i. */
        const char *text = s + start;
        size_t len = i - start;
        if (has_nul) {
            fs_buf_truncate(&line, 0);
            for (size_t k = 0; k < len && !rc; k++) {
                if (text[k]) {
                    rc = fs_buf_putc(&line, text[k]);
                } else {
                    rc = fs_buf_append(&line, REPLACEMENT, 3);
                    (*repl)++;
                }
            }
            text = line.s ? line.s : "";
            len = line.len;
            has_nul = 0;
        }
        if (!rc && (c != '\f' || open_line))
            rc = fs_rawdoc_add_line(d, text, len);
        open_line = 0;
        if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
            i++;
        i++;
        start = i;
        if (!rc && c == '\f' && i < n)
            rc = fs_rawdoc_add_page(d, 0, 0);
    }
    if (!rc && open_line) {
        const char *text = s + start;
        size_t len = n - start;
        if (has_nul) {
            fs_buf_truncate(&line, 0);
            for (size_t k = 0; k < len && !rc; k++) {
                if (text[k]) {
                    rc = fs_buf_putc(&line, text[k]);
                } else {
                    rc = fs_buf_append(&line, REPLACEMENT, 3);
                    (*repl)++;
                }
            }
            text = line.s ? line.s : "";
            len = line.len;
        }
        if (!rc)
            rc = fs_rawdoc_add_line(d, text, len);
    }
    fs_buf_free(&line);
    return rc;
}

/* Counts C0 control characters other than NUL (counted apart), TAB, LF, VT, FF, CR (and ESC, which
 * some text tools emit) in UTF-8 text: a high share means binary data. */
static size_t count_controls(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c && c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' &&
            c != 0x1B)
            k++;
    }
    return k;
}

/* Number of code points in UTF-8 text (continuation bytes not counted). */
static size_t count_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

int fs_textfile_decode(const unsigned char *data, size_t len, fs_rawdoc **out, fs_error *e)
{
    *out = NULL;
    if (!data && len)
        return fs_error_set(e, FS_E_USAGE, "no data");
    const char *enc;
    fs_buf u = FS_BUF_INIT;
    size_t repl = 0;
    int rc;
    if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
        enc = "UTF-8";
        rc = utf8_copy(data + 3, len - 3, &u, &repl);
    } else if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
        enc = "UTF-16LE";
        rc = iconv_copy("UTF-16LE", 2, data + 2, len - 2, &u, &repl, e);
    } else if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF) {
        enc = "UTF-16BE";
        rc = iconv_copy("UTF-16BE", 2, data + 2, len - 2, &u, &repl, e);
    } else {
        size_t bad, multi;
        utf8_survey(data, len, &bad, &multi);
        if (bad == 0 || multi >= 8 * bad) {
            enc = "UTF-8";
            rc = utf8_copy(data, len, &u, &repl);
        } else {
            enc = "GB18030";
            rc = iconv_copy("GB18030", 1, data, len, &u, &repl, e);
        }
    }
    if (rc) {
        fs_buf_free(&u);
        if (rc == FS_E_NOMEM)
            return fs_error_set(e, FS_E_NOMEM, "out of memory decoding text");
        return rc;
    }
    const char *s = u.s ? u.s : "";
    size_t nul = 0;
    for (size_t i = 0; i < u.len; i++)
        nul += s[i] == '\0';
    size_t ctl = count_controls(s, u.len);
    size_t nchars = count_chars(s, u.len);
    /* Refuse when more than a tenth of the characters are replacements,
     * NULs or stray control characters: that is not text. */
    size_t junk = repl + nul + ctl;
    if (nchars && junk * 10 > nchars) {
        fs_buf_free(&u);
        if (ctl + nul > repl)
            return fs_error_set(e, FS_E_ENCODING,
                                "cannot decode text: %zu control or NUL bytes in %zu characters "
                                "(binary data?)",
                                ctl + nul, nchars);
        return fs_error_set(e, FS_E_ENCODING,
                            "cannot decode text: %zu invalid byte sequences "
                            "(not UTF-8, UTF-16 or GB18030)",
                            repl + nul);
    }
    fs_rawdoc *d = fs_rawdoc_create("text");
    if (!d) {
        fs_buf_free(&u);
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    }
    strncpy(d->encoding, enc, sizeof d->encoding - 1);
    rc = split_lines(d, s, u.len, &repl);
    fs_buf_free(&u);
    if (rc) {
        fs_rawdoc_free(d);
        return fs_error_set(e, FS_E_NOMEM, "out of memory splitting lines");
    }
    d->replacements = repl;
    *out = d;
    return 0;
}
