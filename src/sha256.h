/* sha256.h — SHA-256 (FIPS 180-4), of a buffer or incrementally.
 *
 * Used for source.sha256 in the output and for de-duplicating inputs in a
 * batch (which hashes files as it reads them, without holding them).  No
 * state outside the caller's context. */
#ifndef FISCAN_SHA256_H
#define FISCAN_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* State of an incremental hash; the caller owns it (e.g. on the stack). */
typedef struct fs_sha256_ctx {
    uint32_t h[8];
    uint64_t n;              /* bytes so far */
    unsigned char blk[64];   /* a partial block */
    size_t fill;             /* bytes in blk */
} fs_sha256_ctx;

void fs_sha256_init(fs_sha256_ctx *c);
/* Adds p[0..n) to the hash; p may be NULL when n is 0. */
void fs_sha256_update(fs_sha256_ctx *c, const void *p, size_t n);
/* Writes the digest of everything added; c must be initialised again
 * before it is reused. */
void fs_sha256_final(fs_sha256_ctx *c, unsigned char out[32]);
/* Writes a 32-byte digest as 64 lower-case hex digits and a NUL. */
void fs_sha256_hex_digest(const unsigned char d[32], char out[65]);

/* Writes the 32-byte digest of p[0..n) to out.  p may be NULL when n is 0. */
void fs_sha256(const void *p, size_t n, unsigned char out[32]);

/* Writes the digest of p[0..n) as 64 lower-case hex digits and a NUL. */
void fs_sha256_hex(const void *p, size_t n, char out[65]);

#endif
