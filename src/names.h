/* names.h — file names as valid UTF-8 text, losslessly.
 *
 * A POSIX file name is any bytes but '/' and NUL: it may be invalid UTF-8
 * (0xFF) or hold a newline.  fiscan prints and stores names in one
 * *display form* that is always valid UTF-8 without control characters:
 *
 *   - a name that is valid UTF-8 and holds no control character (U+0000 to
 *     U+001F, U+007F) and no backslash is its display form, unchanged;
 *   - any other name is escaped: each byte that is not part of a valid UTF-8
 *     sequence, and each control character, becomes \xHH (two upper-case
 *     hex digits), and each backslash becomes \\; everything else is kept.
 *
 * An escaped name always holds a backslash and a clean one never does, so
 * two different names never share a display form.  Where a record stores a
 * name, the raw bytes of an escaped one are also stored as hex
 * (path_hex), the exact name to open. */
#ifndef FISCAN_NAMES_H
#define FISCAN_NAMES_H

#include "buf.h"

/* 1 when name must be escaped (see above), 0 when it is its display form. */
int fs_name_needs_escape(const char *name);

/* Appends the display form of name to b.  Returns 0 or FS_E_NOMEM. */
int fs_name_escape(fs_buf *b, const char *name);

/* Appends s to b as one line of valid UTF-8 for a message: bytes that are
 * not part of a valid UTF-8 sequence and control characters as \xHH,
 * everything else (backslashes included) as it is.  Not reversible: for
 * messages, not names.  Returns 0 or FS_E_NOMEM. */
int fs_line_escape(fs_buf *b, const char *s);

/* The display form of name as a new string the caller frees; NULL when out
 * of memory. */
char *fs_name_display(const char *name);

/* Appends the bytes of name as lower-case hex to b.  Returns 0 or
 * FS_E_NOMEM. */
int fs_name_hex(fs_buf *b, const char *name);

/* The bytes hex stands for, as a new NUL-terminated string the caller
 * frees; NULL when hex is not an even number of hex digits, encodes a NUL,
 * or memory runs out. */
char *fs_name_from_hex(const char *hex);

#endif
