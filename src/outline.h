/* outline.h — the section tree of a report.
 *
 * Chinese reports number headings in a fixed hierarchy: 第一部分 / 一、 /
 * （一） / 1. or 1、 / (1) or （1） / ① …  The outline is built over the
 * normalised text; when the raw document carries font sizes (PDF), they help
 * tell headings from body text.  List items inside a paragraph (（1）…（2）…
 * in one line, 一是…二是…) are not headings. */
#ifndef FISCAN_OUTLINE_H
#define FISCAN_OUTLINE_H

#include "buf.h"
#include "error.h"
#include "rawdoc.h"
#include "text.h"

#include <stddef.h>
#include <stdint.h>

typedef enum fs_numbering {
    FS_NUM_PART = 0,      /* 第一部分 */
    FS_NUM_CN,            /* 一、 */
    FS_NUM_CN_PAREN,      /* （一） */
    FS_NUM_ARABIC,        /* 1. 1、 1． */
    FS_NUM_ARABIC_PAREN,  /* (1) （1） */
    FS_NUM_CIRCLED,       /* ① */
    FS_NUM_NONE           /* unnumbered (title, font-detected heading) */
} fs_numbering;

typedef struct fs_section {
    char id[48];          /* dotted path of positions among siblings, 1-based:
                             "3", "3.2", "3.2.1".  Positions, not the printed
                             numbers, so ids stay unique when a document skips
                             or repeats a number (第一部分, 第三部分 → "1", "2");
                             the printed number is in ordinal. */
    int level;            /* depth in the tree, 1 = top */
    fs_numbering numbering;
    int ordinal;          /* the number printed: 第三部分 → 3, （二） → 2 */
    char *heading;        /* heading text as in the normalised text, owned:
                             the whole line when it reads as a title, else its
                             leading clause (see outline.c) */
    size_t start;         /* offset of the heading (first non-blank byte of its
                             line) in fs_text.s */
    size_t head_end;      /* offset just past the heading text; the section's
                             body starts here (same line) or on the next line */
    size_t end;           /* end of the section's span (start of the next
                             sibling or ancestor's sibling, or text end) */
    uint32_t page, line;  /* source position of the heading */
    int parent;           /* index into fs_outline.v, -1 for top level */
    int font_confirmed;   /* 1 when the heading line is set larger than the
                             body or bold (PDF only) */
} fs_section;

typedef struct fs_outline {
    fs_section *v;        /* in document order */
    size_t n, cap;
    char *title;          /* document title (short unnumbered lines before the
                             first heading, joined), owned; NULL when none */
    size_t title_start, title_end; /* its span in fs_text.s; 0, 0 when none */
} fs_outline;

/* Builds the outline of t; raw may be NULL (no font information).  Returns 0
 * and *out (caller frees with fs_outline_free), or FS_E_NOMEM. */
int fs_outline_build(const fs_text *t, const fs_rawdoc *raw, fs_outline **out, fs_error *e);

/* Index of the innermost section whose span holds offset off, or -1. */
int fs_outline_find(const fs_outline *o, size_t off);

/* The document title, or NULL when the document has none.  Owned by o. */
const char *fs_outline_title(const fs_outline *o);

/* Appends one line per section, "id\tlevel\tpage:line\theading\n", in
 * document order.  Returns 0 or FS_E_NOMEM. */
int fs_outline_dump(const fs_outline *o, fs_buf *b);

void fs_outline_free(fs_outline *o);

#endif
