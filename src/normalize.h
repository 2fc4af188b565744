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
 * fs_text_free).  Returns 0 or FS_E_NOMEM. */
int fs_normalize(const fs_rawdoc *raw, fs_text **out, fs_error *e);

#endif
