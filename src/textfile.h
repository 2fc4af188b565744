/* textfile.h — text files in UTF-8, UTF-16 or GB18030 to fs_rawdoc.
 *
 * The encoding is detected from the bytes: a BOM (UTF-8, UTF-16 LE/BE) wins;
 * otherwise valid UTF-8 is UTF-8, and anything else that decodes as GB18030
 * is GB18030.  Bytes that decode in no encoding are replaced by U+FFFD and
 * counted in fs_rawdoc.replacements, so the caller can report them; input
 * that is mostly undecodable is refused with FS_E_ENCODING.  Pages are split
 * at form feeds, lines at LF, CRLF or CR. */
#ifndef FISCAN_TEXTFILE_H
#define FISCAN_TEXTFILE_H

#include "error.h"
#include "rawdoc.h"

#include <stddef.h>

/* Decodes data[0..len) into *out (caller frees with fs_rawdoc_free).
 * Returns 0, or FS_E_ENCODING / FS_E_NOMEM with a message. */
int fs_textfile_decode(const unsigned char *data, size_t len, fs_rawdoc **out, fs_error *e);

#endif
