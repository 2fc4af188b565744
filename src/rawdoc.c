/* rawdoc.c — see rawdoc.h. */
#include "rawdoc.h"
#include "error.h"

#include <stdlib.h>
#include <string.h>

fs_rawdoc *fs_rawdoc_create(const char *format)
{
    fs_rawdoc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    strncpy(d->format, format ? format : "", sizeof d->format - 1);
    return d;
}

int fs_rawdoc_add_page(fs_rawdoc *d, float width, float height)
{
    if (d->npages == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        fs_rawpage *p = realloc(d->pages, cap * sizeof *p);
        if (!p)
            return FS_E_NOMEM;
        d->pages = p;
        d->cap = cap;
    }
    fs_rawpage *pg = &d->pages[d->npages++];
    memset(pg, 0, sizeof *pg);
    pg->width = width;
    pg->height = height;
    return 0;
}

int fs_rawdoc_add_line(fs_rawdoc *d, const char *text, size_t len)
{
    if (!d->npages && fs_rawdoc_add_page(d, 0, 0))
        return FS_E_NOMEM;
    fs_rawpage *pg = &d->pages[d->npages - 1];
    if (pg->nlines == pg->cap) {
        size_t cap = pg->cap ? pg->cap * 2 : 32;
        fs_rawline *l = realloc(pg->lines, cap * sizeof *l);
        if (!l)
            return FS_E_NOMEM;
        pg->lines = l;
        pg->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return FS_E_NOMEM;
    if (len)
        memcpy(copy, text, len);
    copy[len] = '\0';
    fs_rawline *ln = &pg->lines[pg->nlines++];
    memset(ln, 0, sizeof *ln);
    ln->text = copy;
    ln->len = len;
    return 0;
}

fs_rawline *fs_rawdoc_last_line(fs_rawdoc *d)
{
    if (!d->npages || !d->pages[d->npages - 1].nlines)
        return NULL;
    fs_rawpage *pg = &d->pages[d->npages - 1];
    return &pg->lines[pg->nlines - 1];
}

const fs_rawline *fs_rawdoc_line(const fs_rawdoc *d, uint32_t page, uint32_t line)
{
    if (page < 1 || page > d->npages)
        return NULL;
    const fs_rawpage *pg = &d->pages[page - 1];
    if (line < 1 || line > pg->nlines)
        return NULL;
    return &pg->lines[line - 1];
}

size_t fs_rawdoc_count_lines(const fs_rawdoc *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->npages; i++)
        n += d->pages[i].nlines;
    return n;
}

void fs_rawdoc_free(fs_rawdoc *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->npages; i++) {
        for (size_t j = 0; j < d->pages[i].nlines; j++)
            free(d->pages[i].lines[j].text);
        free(d->pages[i].lines);
        free(d->pages[i].glyphs);
    }
    free(d->pages);
    free(d->title);
    free(d->producer);
    free(d);
}
