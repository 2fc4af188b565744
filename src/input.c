/* input.c — see input.h. */
#include "input.h"
#include "pdf.h"
#include "textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* File signatures of common binary formats, with a name for messages. */
typedef struct magic {
    const char *bytes;
    size_t len;
    const char *name;
} magic;

static const magic MAGICS[] = {
    {"\x89PNG\r\n\x1a\n", 8, "a PNG image"},
    {"\xFF\xD8\xFF", 3, "a JPEG image"},
    {"GIF87a", 6, "a GIF image"},
    {"GIF89a", 6, "a GIF image"},
    {"II*\0", 4, "a TIFF image"},
    {"MM\0*", 4, "a TIFF image"},
    {"PK\x03\x04", 4, "a ZIP archive (or DOCX/XLSX/OFD)"},
    {"PK\x05\x06", 4, "an empty ZIP archive"},
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an old Microsoft Office file (DOC/XLS)"},
    {"\x1F\x8B", 2, "a gzip archive"},
    {"7z\xBC\xAF\x27\x1C", 6, "a 7-Zip archive"},
    {"Rar!\x1A\x07", 6, "a RAR archive"},
    {"\x7F" "ELF", 4, "an executable"},
    {"{\\rtf", 5, "an RTF document"},
};

/* Name of the binary format data starts with, or NULL. */
static const char *binary_kind(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < sizeof MAGICS / sizeof MAGICS[0]; i++)
        if (MAGICS[i].name && n >= MAGICS[i].len && memcmp(p, MAGICS[i].bytes, MAGICS[i].len) == 0)
            return MAGICS[i].name;
    return NULL;
}

/* Whether the start of data looks like an HTML page (a server's error page
 * saved under a .pdf name is a common download accident). */
static int looks_html(const unsigned char *p, size_t n)
{
    size_t i = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    static const char *const tags[] = {"<!doctype html", "<html", "<?xml", "<head"};
    for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
        size_t k = 0;
        while (tags[t][k] && i + k < n && (p[i + k] | 0x20) == (tags[t][k] | 0x20))
            k++;
        if (!tags[t][k])
            return 1;
    }
    return 0;
}

fs_format fs_input_sniff(const unsigned char *p, size_t n)
{
    if (!p || n == 0)
        return FS_FMT_UNKNOWN;
    size_t head = n < 1024 ? n : 1024;
    for (size_t i = 0; i + 5 <= head; i++)
        if (p[i] == '%' && memcmp(p + i, "%PDF-", 5) == 0)
            return FS_FMT_PDF;
    if (binary_kind(p, n))
        return FS_FMT_UNKNOWN;
    /* UTF-16 text is full of NULs: its BOM decides before the count below. */
    if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
        return FS_FMT_TEXT;
    /* More than 1 in 10 of the first 4 KiB being NUL or C0 control bytes
     * (other than TAB, LF, VT, FF, CR, ESC) means binary data. */
    size_t sample = n < 4096 ? n : 4096, ctl = 0;
    for (size_t i = 0; i < sample; i++) {
        unsigned char c = p[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' && c != 0x1B)
            ctl++;
    }
    if (ctl * 10 > sample)
        return FS_FMT_UNKNOWN;
    return FS_FMT_TEXT;
}

/* Writes the first bytes of data into out as a quoted, escaped string. */
static void describe_start(const unsigned char *p, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < n && i < 8 && o + 6 < cap; i++) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, cap - o, "\\x%02X", c);
    }
    if (o + 2 < cap)
        out[o++] = '"';
    out[o] = '\0';
}

/* Fills e with "cannot read: <strerror>" style messages, thread-safely. */
static int io_error(fs_error *e, const char *what, int err)
{
    char buf[128] = "unknown error";
    if (strerror_r(err, buf, sizeof buf) != 0)
        snprintf(buf, sizeof buf, "error %d", err);
    return fs_error_set(e, FS_E_IO, "%s: %s", what, buf);
}

int fs_input_read_all(const char *path, size_t max_bytes, unsigned char **data, size_t *len,
                      fs_error *e)
{
    *data = NULL;
    *len = 0;
    if (!path || !*path)
        return fs_error_set(e, FS_E_USAGE, "no input file given");
    if (max_bytes == 0)
        max_bytes = FS_DEFAULT_MAX_BYTES;
    int is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return io_error(e, "cannot open", errno);
    size_t cap = 1 << 16;
    struct stat st;
    if (fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            if (!is_stdin)
                close(fd);
            return io_error(e, "cannot read", EISDIR);
        }
        if (S_ISREG(st.st_mode) && st.st_size > 0) {
            if ((unsigned long long)st.st_size > max_bytes) {
                if (!is_stdin)
                    close(fd);
                return fs_error_set(e, FS_E_LIMIT,
                                    "input is %llu bytes, larger than the limit of %zu bytes",
                                    (unsigned long long)st.st_size, max_bytes);
            }
            cap = (size_t)st.st_size + 1; /* +1 so the end is seen without a regrow */
        }
    }
    unsigned char *buf = malloc(cap);
    if (!buf) {
        if (!is_stdin)
            close(fd);
        return fs_error_set(e, FS_E_NOMEM, "out of memory reading input");
    }
    size_t n = 0;
    int rc = 0;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap * 2;
            unsigned char *nb = ncap > cap ? realloc(buf, ncap) : NULL;
            if (!nb) {
                rc = fs_error_set(e, FS_E_NOMEM, "out of memory reading input");
                break;
            }
            buf = nb;
            cap = ncap;
        }
        ssize_t k = read(fd, buf + n, cap - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            rc = io_error(e, "cannot read", errno);
            break;
        }
        if (k == 0)
            break;
        n += (size_t)k;
        if (n > max_bytes) {
            rc = fs_error_set(e, FS_E_LIMIT, "input is larger than the limit of %zu bytes",
                              max_bytes);
            break;
        }
    }
    if (!is_stdin)
        close(fd);
    if (rc) {
        free(buf);
        return rc;
    }
    *data = buf;
    *len = n;
    return 0;
}

/* Refusal message for a buffer that is neither PDF nor text. */
static int not_supported(const unsigned char *data, size_t len, const char *lead, fs_error *e)
{
    char start[64];
    describe_start(data, len, start, sizeof start);
    const char *kind = binary_kind(data, len);
    if (!kind && looks_html(data, len))
        kind = "an HTML page";
    if (kind)
        return fs_error_set(e, FS_E_FORMAT, "%s (starts with %s: looks like %s)", lead, start,
                            kind);
    return fs_error_set(e, FS_E_FORMAT, "%s (starts with %s)", lead, start);
}

int fs_input_load_buffer(const unsigned char *data, size_t len, const fs_input_opts *o,
                         fs_rawdoc **out, fs_error *e)
{
    *out = NULL;
    if (!data || len == 0)
        return fs_error_set(e, FS_E_FORMAT, "empty file");
    switch (fs_input_sniff(data, len)) {
    case FS_FMT_PDF:
        return fs_pdf_load(data, len, o, out, e);
    case FS_FMT_TEXT:
        return fs_textfile_decode(data, len, out, e);
    default:
        return not_supported(data, len, "not a PDF or text file", e);
    }
}

/* Whether path names a .pdf file (any case). */
static int has_pdf_suffix(const char *path)
{
    size_t n = strlen(path);
    if (n < 4)
        return 0;
    const char *s = path + n - 4;
    return s[0] == '.' && (s[1] | 0x20) == 'p' && (s[2] | 0x20) == 'd' && (s[3] | 0x20) == 'f';
}

int fs_input_check_name(const char *path, const unsigned char *data, size_t len, fs_error *e)
{
    /* The name promises a PDF: a download that went wrong (an error page, an
     * image) must not be read as text. */
    if (path && data && len && has_pdf_suffix(path) && fs_input_sniff(data, len) != FS_FMT_PDF)
        return not_supported(data, len, "not a PDF file", e);
    return 0;
}

int fs_input_load(const char *path, const fs_input_opts *o, fs_rawdoc **out, fs_error *e)
{
    *out = NULL;
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = fs_input_read_all(path, o ? o->max_bytes : 0, &data, &len, e);
    if (rc)
        return rc;
    if (len == 0)
        rc = fs_error_set(e, FS_E_FORMAT, "empty file");
    else
        rc = fs_input_check_name(path, data, len, e);
    if (!rc)
        rc = fs_input_load_buffer(data, len, o, out, e);
    free(data);
    return rc;
}

uint64_t fs_input_now_ns(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
        return 0;
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int fs_input_deadline_passed(const fs_input_opts *o)
{
    return o && o->deadline_ns && fs_input_now_ns() >= o->deadline_ns;
}
