/* text.h — normalised text and the map from it back to the source.
 *
 * normalize.c builds an fs_text from an fs_rawdoc.  The text is UTF-8, one
 * paragraph (or one table row, cells separated by TAB) per '\n'-terminated
 * line.  Every byte of it maps back to the page and line of the source it came
 * from, through a list of segments sorted by offset: segment i covers bytes
 * [segs[i].off, segs[i+1].off) and all of them come from one source line.
 * Later stages cite figures as file:page:line through fs_text_pos, and quote
 * them as slices of s. */
#ifndef FISCAN_TEXT_H
#define FISCAN_TEXT_H

#include <stddef.h>
#include <stdint.h>

typedef struct fs_seg {
    size_t off;     /* first byte of the segment in fs_text.s */
    uint32_t page;  /* 1-based source page */
    uint32_t line;  /* 1-based line within that page (fs_rawdoc numbering) */
} fs_seg;

typedef struct fs_srcpos {
    uint32_t page;
    uint32_t line;
} fs_srcpos;

typedef struct fs_text {
    char *s;         /* normalised UTF-8, NUL-terminated, owned */
    size_t len;
    fs_seg *segs;    /* sorted by off, segs[0].off == 0 when len > 0; owned */
    size_t nsegs, segcap;
    size_t dropped_lines; /* running headers, footers and page numbers removed */
} fs_text;

/* Returns an empty text; the caller frees it with fs_text_free. NULL on
 * allocation failure. */
fs_text *fs_text_create(void);

/* Appends bytes that all come from (page, line), starting a new segment
 * when the source differs from the last one.  Returns 0 or FS_E_NOMEM. */
int fs_text_append(fs_text *t, const char *p, size_t n, uint32_t page, uint32_t line);

/* Source position of byte offset off (clamped to the text). {0,0} for an
 * empty text. */
fs_srcpos fs_text_pos(const fs_text *t, size_t off);

/* The sentence holding offset off: from after the last 。！？ or line break
 * before it to just after the next 。！？ (or the line end), as [*a, *b).
 * Reads at most 4 KB either side. */
void fs_text_sentence(const fs_text *t, size_t off, size_t *a, size_t *b);

void fs_text_free(fs_text *t);

#endif
