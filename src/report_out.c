/* report_out.c — the output directory of `fiscan report` (report_out.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "report_out.h"

#include "buf.h"
#include "names.h"
#include "report.h"
#include "render.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct fs_report_out {
    char *dir;
    char *password;
    fs_report_doc *docs;
    size_t n, cap;
};

/* Creates dir and its parents (mkdir -p).  Returns 0 or FS_E_IO. */
static int make_dirs(const char *dir, fs_error *e)
{
    char *p = strdup(dir);
    if (!p)
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s)
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            fs_error_set(e, FS_E_IO, "cannot create directory %s: %s", p, strerror(errno));
            free(p);
            return FS_E_IO;
        }
        *s = c;
        if (!c)
            break;
    }
    free(p);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return fs_error_set(e, FS_E_IO, "not a directory");
    return 0;
}

int fs_report_out_open(const char *dir, const char *password, fs_report_out **out,
                       fs_error *e)
{
    *out = NULL;
    int rc = make_dirs(dir, e);
    if (rc)
        return rc;
    fs_report_out *o = calloc(1, sizeof *o);
    if (!o || !(o->dir = strdup(dir)) || (password && !(o->password = strdup(password)))) {
        fs_report_out_free(o);
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    }
    *out = o;
    return 0;
}

void fs_report_out_free(fs_report_out *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->n; i++)
        fs_report_doc_clear(&o->docs[i]);
    free(o->docs);
    free(o->dir);
    free(o->password);
    free(o);
}

/* A new slot for a document of the index, or NULL. */
static fs_report_doc *new_doc(fs_report_out *o)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 64;
        fs_report_doc *v = realloc(o->docs, cap * sizeof *v);
        if (!v)
            return NULL;
        o->docs = v;
        o->cap = cap;
    }
    fs_report_doc *d = &o->docs[o->n++];
    memset(d, 0, sizeof *d);
    return d;
}

/* Whether a page of o is already named f. */
static int name_taken(const fs_report_out *o, const char *f)
{
    if (!strcmp(f, "index.html"))
        return 1;
    for (size_t i = 0; i < o->n; i++)
        if (o->docs[i].href && !strcmp(o->docs[i].href, f))
            return 1;
    return 0;
}

/* The file name of a page for display name: its last component (at most
 * ~150 bytes), made unique with -2, -3 …, and ".html": report.pdf.html.
 * Owned by the caller; NULL when out of memory. */
static char *page_name(const fs_report_out *o, const char *name)
{
    const char *base = strrchr(name, '/');
    base = base && base[1] ? base + 1 : name;
    size_t len = strlen(base);
    if (len > 150) { /* cut at a character boundary */
        len = 150;
        while (len > 0 && ((unsigned char)base[len] & 0xC0) == 0x80)
            len--;
    }
    if (len == 0 || !strcmp(base, "-")) {
        base = "stdin";
        len = 5;
    }
    char *f = malloc(len + 32);
    if (!f)
        return NULL;
    for (int k = 1;; k++) {
        if (k == 1)
            snprintf(f, len + 32, "%.*s.html", (int)len, base);
        else
            snprintf(f, len + 32, "%.*s-%d.html", (int)len, base, k);
        for (char *p = f; *p; p++)
            if (*p == '\\' || *p == ':' || *p == '?' || *p == '#' || *p == '%')
                *p = '_'; /* characters a URL or a file system would misread */
        if (!name_taken(o, f))
            return f;
    }
}

/* Writes n bytes of s to dir/file.  Returns 0 or FS_E_IO. */
static int write_file(const char *dir, const char *file, const char *s, size_t n, fs_error *e)
{
    fs_buf path = FS_BUF_INIT;
    if (fs_buf_printf(&path, "%s/%s", dir, file) < 0)
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    FILE *f = fopen(path.s, "wb");
    int ok = f && fwrite(s, 1, n, f) == n;
    int err = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = 0;
        err = errno;
    }
    if (!ok)
        fs_error_set(e, FS_E_IO, "cannot write %s: %s", path.s, strerror(err));
    fs_buf_free(&path);
    return ok ? 0 : FS_E_IO;
}

/* The file:// URL of pdf (its absolute name, percent-encoded) into u, or
 * nothing when it cannot be resolved. */
static void pdf_url(fs_buf *u, const char *pdf)
{
    char *abs = realpath(pdf, NULL);
    if (!abs)
        return;
    static const char hex[] = "0123456789ABCDEF";
    fs_buf_puts(u, "file://");
    for (const unsigned char *p = (const unsigned char *)abs; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            fs_buf_putc(u, (char)*p);
        else
            fs_buf_printf(u, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
    free(abs);
}

int fs_report_out_document(fs_report_out *o, const cJSON *rec, const char *name,
                           const char *pdf, const char *no_pdf, const char **note,
                           fs_error *e)
{
    fs_report_images img = {NULL, no_pdf, NULL, 0};
    fs_buf url = FS_BUF_INIT;
    fs_error re;
    fs_error_clear(&re);
    const cJSON *sha = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(rec, "source"), "sha256");
    char why[600];
    /* images only where a finding needs them: a page without findings has none */
    if (pdf && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "findings")) > 0) {
        if (fs_render_open(pdf, o->password, cJSON_IsString(sha) ? sha->valuestring : NULL,
                           &img.pdf, &re) == 0) {
            pdf_url(&url, pdf);
            img.pdf_href = url.s;
        } else {
            if (re.code == FS_E_IO)
                snprintf(why, sizeof why, "找不到或无法读取PDF文件 %s（%s）", name, re.msg);
            else if (strstr(re.msg, "changed"))
                snprintf(why, sizeof why, "PDF文件 %s 在核对之后已被改动，页面与记录不再对应", name);
            else
                snprintf(why, sizeof why, "无法打开PDF文件（%s）", re.msg);
            img.unavailable = why;
        }
    }
    fs_buf page = FS_BUF_INIT;
    fs_report_doc *d = new_doc(o);
    int rc = d ? fs_report_page(rec, name, &img, &page, d, e)
               : fs_error_set(e, FS_E_NOMEM, "out of memory");
    if (rc == 0) {
        if (!img.pdf && d->errors + d->warnings > 0)
            d->image_note = strdup(img.unavailable ? img.unavailable : "没有PDF文件");
        d->href = page_name(o, name);
        rc = d->href ? write_file(o->dir, d->href, page.s, page.len, e)
                     : fs_error_set(e, FS_E_NOMEM, "out of memory");
    }
    if (rc && d) { /* listed in the index as a failure */
        fs_report_doc_clear(d);
        d->name = strdup(name);
        d->failure = strdup(e->msg);
    }
    if (note)
        *note = rc == 0 ? d->image_note : NULL;
    fs_render_close(img.pdf);
    fs_buf_free(&page);
    fs_buf_free(&url);
    return rc;
}

int fs_report_out_failure(fs_report_out *o, const char *name, const char *reason)
{
    fs_report_doc *d = new_doc(o);
    if (!d)
        return FS_E_NOMEM;
    d->name = strdup(name);
    d->failure = strdup(reason);
    return d->name && d->failure ? 0 : FS_E_NOMEM;
}

int fs_report_out_finish(fs_report_out *o, fs_report_totals *t, fs_error *e)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < o->n; i++) {
        const fs_report_doc *d = &o->docs[i];
        t->documents++;
        t->failures += d->failure != NULL;
        t->errors += d->errors;
        t->warnings += d->warnings;
        t->pages_bytes += d->bytes;
    }
    fs_buf b = FS_BUF_INIT;
    int rc = fs_report_index(o->docs, o->n, &b, e);
    if (rc == 0)
        rc = write_file(o->dir, "index.html", b.s, b.len, e);
    fs_buf_free(&b);
    return rc;
}
