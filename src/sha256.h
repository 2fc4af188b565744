/* sha256.h — SHA-256 (FIPS 180-4) of a buffer in memory.
 *
 * Used for source.sha256 in the output and for de-duplicating inputs in a
 * batch.  Pure functions: no state outside the call. */
#ifndef FISCAN_SHA256_H
#define FISCAN_SHA256_H

#include <stddef.h>

/* Writes the 32-byte digest of p[0..n) to out.  p may be NULL when n is 0. */
void fs_sha256(const void *p, size_t n, unsigned char out[32]);

/* Writes the digest of p[0..n) as 64 lower-case hex digits and a NUL. */
void fs_sha256_hex(const void *p, size_t n, char out[65]);

#endif
