/* pdf.h — PDF pages to fs_rawdoc through poppler-glib.
 *
 * The only module that includes poppler or glib.  Pages are read one at a
 * time and released, so memory grows with the text kept, not the page count.
 * Table cells that poppler glues together are split by TAB, found from the
 * gaps between character boxes, and table rows are rebuilt from their cell
 * fragments; each line carries its dominant font size and weight for the
 * outline stage. */
#ifndef FISCAN_PDF_H
#define FISCAN_PDF_H

#include "error.h"
#include "input.h"
#include "rawdoc.h"

/* Extracts the text of a PDF held in memory (data must stay valid for the
 * call only; o may be NULL).  Tries the empty password, then o->password.
 * Returns 0 and *out (caller frees with fs_rawdoc_free), or FS_E_FORMAT
 * (damaged, truncated — no %%EOF in the last 8 KiB — or no pages),
 * FS_E_ENCRYPTED (password needed or wrong), FS_E_LIMIT (more than
 * o->max_pages, or o's deadline passed between two pages), FS_E_NOTEXT (no
 * page has a text layer, or the text is unreadable: glyph numbers of fonts
 * without a ToUnicode map, told by the rule at the top of pdf.c), each with
 * a message.  Lines keep poppler's text exactly, except that whitespace
 * between two table cells (or nothing, where poppler glued them) becomes one
 * TAB, and that the lines of a table set in a smaller font than the body are
 * rebuilt into one TAB-separated line per table row (multi-line cells
 * whole, read top to bottom), placed where the table's first line was; the
 * gap and table rules are described at the top of pdf.c. */
int fs_pdf_load(const unsigned char *data, size_t len, const fs_input_opts *o, fs_rawdoc **out,
                fs_error *e);

#endif
