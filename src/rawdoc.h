/* rawdoc.h — a document as extracted: pages of lines of UTF-8 text.
 *
 * This is what the input stage (pdf.c, textfile.c) hands to normalize.c.
 * PDF pages carry poppler's lines with their font attributes and boxes; a text
 * file is split into pages at form feeds (U+000C) and into lines at LF / CRLF /
 * CR.  Table cells that extraction glued together are separated by TAB.
 * Page and line numbers are 1-based everywhere in fiscan. */
#ifndef FISCAN_RAWDOC_H
#define FISCAN_RAWDOC_H

#include <stddef.h>
#include <stdint.h>

typedef struct fs_rawline {
    char *text;       /* UTF-8, NUL-terminated, owned by the rawdoc */
    size_t len;       /* bytes, without the NUL */
    float font_size;  /* dominant font size in points; 0 when unknown */
    uint8_t bold;     /* 1 when the dominant font is bold */
    float x0, y0, x1, y1; /* bounding box in PDF points (top-left origin); 0 for text */
} fs_rawline;

/* One printed character of a PDF page with its box: what the table reader
 * (tables.h) works from, as cells are told apart by position, not by text
 * order.  Whitespace is not kept. */
typedef struct fs_rawglyph {
    uint32_t cp;          /* code point */
    float x0, y0, x1, y1; /* box in PDF points (top-left origin) */
    float size;           /* font size in points; 0 when unknown */
} fs_rawglyph;

typedef struct fs_rawpage {
    fs_rawline *lines;
    size_t nlines, cap;
    fs_rawglyph *glyphs;  /* PDF: every non-blank character in poppler's order;
                             NULL for text input or when boxes are unusable */
    size_t nglyphs;
    float width, height;  /* page size in points; 0 for text input */
} fs_rawpage;

typedef struct fs_rawdoc {
    fs_rawpage *pages;
    size_t npages, cap;
    char format[8];        /* "pdf" or "text" */
    char encoding[16];     /* text input: "UTF-8", "UTF-16LE", "UTF-16BE", "GB18030"; pdf: "" */
    size_t replacements;   /* invalid byte sequences replaced by U+FFFD while decoding */
    char *title;           /* PDF Info title, or NULL */
    char *producer;        /* PDF Info producer/creator, or NULL */
} fs_rawdoc;

/* Returns an empty document of the given format ("pdf" / "text"); the caller
 * frees it with fs_rawdoc_free.  NULL on allocation failure. */
fs_rawdoc *fs_rawdoc_create(const char *format);

/* Appends an empty page; returns 0 or FS_E_NOMEM. */
int fs_rawdoc_add_page(fs_rawdoc *d, float width, float height);

/* Appends a copy of text[0..len) as a line of the last page (a page is added
 * first if there is none).  Returns 0 or FS_E_NOMEM.  The new line has no
 * attributes; set them through fs_rawdoc_last_line(). */
int fs_rawdoc_add_line(fs_rawdoc *d, const char *text, size_t len);

/* The line most recently added, or NULL. */
fs_rawline *fs_rawdoc_last_line(fs_rawdoc *d);

/* Looks up a line by 1-based page and line; NULL when out of range. */
const fs_rawline *fs_rawdoc_line(const fs_rawdoc *d, uint32_t page, uint32_t line);

/* Total number of lines over all pages. */
size_t fs_rawdoc_count_lines(const fs_rawdoc *d);

void fs_rawdoc_free(fs_rawdoc *d);

#endif
