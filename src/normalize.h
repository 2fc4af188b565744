/* normalize.h — raw extracted lines to clean sentences with source positions.
 *
 * What PDF extraction breaks, this mends, so that the figure stage sees every
 * phrase whole ("同比增\n长23.82%" → "同比增长23.82%"):
 *  - full-width digits, signs and number punctuation folded to ASCII inside
 *    numbers (９５３．３９万元 → 953.39万元); other CJK punctuation kept;
 *  - lines wrapped mid-sentence joined, paragraph breaks kept;
 *  - spaces between CJK characters, between CJK and digits, and inside
 *    numbers removed;
 *  - running headers, footers and bare page numbers dropped.
 * Every byte of the result maps back to its page and line (text.h). */
#ifndef FISCAN_NORMALIZE_H
#define FISCAN_NORMALIZE_H

#include "error.h"
#include "rawdoc.h"
#include "text.h"

/* Builds the normalised text of raw into *out (caller frees with
 * fs_text_free).  Returns 0, FS_E_USAGE (raw or out NULL) or FS_E_NOMEM.
 *
 * Output: one paragraph or table row per '\n'-terminated line, no empty
 * lines, no blanks at either end.  Table rows (raw lines holding a TAB) stay
 * lines of their own, cells still TAB-separated.
 *
 * raw->format "pdf": wrapped lines are joined; a break is kept before a
 * numbering mark (第X部分/章/节, 一、, （一）, 1、, "1." not followed by a
 * digit, （1）, ①), before an indented line (1.5 to 4.5 font sizes right of
 * the common left edge), after a short line (right edge well left of the
 * common right edge, or, without boxes, under 60 % of the common line
 * width), and after 。！？：；(and ASCII !?;:) unless the page wrapped there:
 * the line runs to the right edge of its page's text block (within 0.6 of
 * its font size; the page's own edge where it lies right of the document's)
 * and the next line starts at the page's left margin in the same style
 * (not bold after plain, font size within 10 %).  Without boxes a break
 * after those marks is always kept.  Pieces of one printed line that
 * extraction emitted out of order (same baseline, no horizontal overlap)
 * are put back left to right first.
 * raw->format "text": each line is a paragraph already; nothing is joined
 * but the second line of a wrapped table cell: a line without TAB right
 * after a table row (no blank line between), at most ten CJK characters
 * wide and not ending a sentence, continues that row ("\t合" / "计" →
 * "\t合计").
 *
 * Both: running headers and footers (lines at the first / last three of a
 * page that recur on at least half of the pages once digits are masked) and
 * page numbers ("3", "- 3 -", "第 3 页 共 10 页", "3/10", "Page 3") are
 * dropped; a "- N -" printed inside a line near a page edge is cut out.
 * Each dropped line and each cut counts in (*out)->dropped_lines.
 * Invalid UTF-8 bytes pass through unchanged as opaque bytes. */
int fs_normalize(const fs_rawdoc *raw, fs_text **out, fs_error *e);

/* Marks the running headers, footers and page numbers of raw, as
 * fs_normalize drops them (inline page numbers aside): *out gets one byte
 * per line of raw, pages in order, 1 for such a line (the caller frees it).
 * The table reader leaves these lines out of its tables.  Returns 0 or
 * FS_E_NOMEM. */
int fs_furniture(const fs_rawdoc *raw, uint8_t **out, fs_error *e);

#endif
