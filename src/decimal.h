/* decimal.h — exact decimal numbers for values that checks compare.
 *
 * An fs_dec is mant × 10^-scale with a 64-bit integer mantissa and a scale
 * of 0 … FS_DEC_MAX_SCALE.  There is no binary floating point anywhere: every
 * operation either gives the exact result or fails with FS_E_NUMBER (the
 * result does not fit), never wraps, never rounds unless asked to.
 *
 * Values are passed and returned by value (two words); results go through an
 * out pointer so the return value can carry the error code.  The same value
 * may have several representations (4.8 = {48,1} = {4800,3}); fs_dec_cmp
 * and fs_dec_eq compare values, fs_dec_normalize picks the shortest one. */
#ifndef FISCAN_DECIMAL_H
#define FISCAN_DECIMAL_H

#include <stddef.h>
#include <stdint.h>

#define FS_DEC_MAX_SCALE 18

typedef struct fs_dec {
    int64_t mant;  /* never INT64_MIN, so negation is always exact */
    int scale;     /* 0 … FS_DEC_MAX_SCALE */
} fs_dec;

/* How fs_dec_div and fs_dec_round treat a result that is not exact. */
typedef enum fs_round {
    FS_ROUND_EXACT,    /* fail with FS_E_NUMBER unless the result is exact */
    FS_ROUND_FLOOR,    /* towards −∞ (lower end of an interval) */
    FS_ROUND_CEIL,     /* towards +∞ (upper end of an interval) */
    FS_ROUND_HALF_UP,  /* to nearest, ties away from zero (四舍五入) */
    FS_ROUND_HALF_EVEN /* to nearest, ties to even */
} fs_round;

/* {mant, scale} without checks; for constants and tests. */
fs_dec fs_dec_make(int64_t mant, int scale);

/* 10^exp for 0 <= exp <= 18, else 0. */
int64_t fs_dec_pow10(int exp);

/* −1, 0 or 1 by the sign of a. */
int fs_dec_sign(fs_dec a);

/* −1, 0 or 1 as a < b, a == b, a > b; exact for any two valid values,
 * whatever their scales. */
int fs_dec_cmp(fs_dec a, fs_dec b);

/* 1 when a and b are the same value (fs_dec_cmp == 0). */
int fs_dec_eq(fs_dec a, fs_dec b);

/* Exact a + b, a − b, a × b, −a; 0 or FS_E_NUMBER when the result does not
 * fit (mantissa beyond int64 or scale beyond FS_DEC_MAX_SCALE after
 * dropping trailing zeros).  The result's scale is the larger input scale
 * for add/sub and the sum of scales for mul (reduced only when needed). */
int fs_dec_add(fs_dec a, fs_dec b, fs_dec *out);
int fs_dec_sub(fs_dec a, fs_dec b, fs_dec *out);
int fs_dec_mul(fs_dec a, fs_dec b, fs_dec *out);
int fs_dec_neg(fs_dec a, fs_dec *out);

/* Exact a × 10^exp (exp may be negative: a division by a power of ten,
 * which is exact by raising the scale).  0 or FS_E_NUMBER. */
int fs_dec_shift(fs_dec a, int exp, fs_dec *out);

/* The same value at exactly `scale` decimal places.  Raising the scale is
 * exact (or FS_E_NUMBER on overflow); lowering it rounds by mode
 * (FS_ROUND_EXACT: fails unless only zeros are dropped). */
int fs_dec_round(fs_dec a, int scale, fs_round mode, fs_dec *out);

/* a / b at `scale` decimal places, rounded by mode.  FS_E_NUMBER on division
 * by zero, overflow, or an inexact result under FS_ROUND_EXACT. */
int fs_dec_div(fs_dec a, fs_dec b, int scale, fs_round mode, fs_dec *out);

/* The shortest representation of a (trailing fractional zeros dropped). */
fs_dec fs_dec_normalize(fs_dec a);

/* Writes a as plain decimal text ("-953.39", "9533900", "0.050" — the scale
 * is kept: normalise first for the shortest text) into buf of size n.
 * Returns the length written, or FS_E_USAGE when buf is too small (40 bytes
 * always suffice). */
int fs_dec_to_string(fs_dec a, char *buf, size_t n);

/* Reads plain ASCII decimal text: optional '-' or '+', digits, optional '.'
 * and digits (at least one digit overall; ".5" and "5." accepted), nothing
 * else.  Exact; the scale is the number of fractional digits written.
 * 0, FS_E_USAGE for malformed text, FS_E_NUMBER when it does not fit. */
int fs_dec_from_string(const char *s, size_t len, fs_dec *out);

#endif
