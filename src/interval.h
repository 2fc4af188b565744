/* interval.h — exact, rounding-aware tests of arithmetic relations between
 * printed figures.
 *
 * A printed figure stands for every exact value that prints that way.
 * "953.39万元" rounded to nearest is any value in [953.385, 953.395]万元;
 * cut (truncated) it is any value in [953.39, 953.40)万元.  A relation such as
 * "rate = change / prior" is CONSISTENT when some exact values inside the
 * figures' intervals satisfy it, and INCONSISTENT only when none do.
 *
 * Every bound is an exact rational over a 256-bit integer; there is no binary
 * floating point in any decision and no tolerance band.  Open interval ends
 * (from truncation) are tracked exactly, so a truncated total that sits one
 * unit above the reach of its truncated parts is caught.
 *
 * The module is pure: numbers in, verdicts and exact ranges out, into
 * caller-owned structs; it allocates nothing and keeps no state. */
#ifndef FISCAN_INTERVAL_H
#define FISCAN_INTERVAL_H

#include <stddef.h>
#include <stdint.h>

/* Limits of a figure accepted by the checks; outside them: FS_CANNOT_CHECK. */
#define FS_PRINTED_MANT_LIMIT 1000000000000000000LL /* |mant| < 10^18 */
#define FS_PRINTED_SCALE_MAX 9
#define FS_PRINTED_UNIT_MIN (-3) /* ‰ */
#define FS_PRINTED_UNIT_MAX 8    /* 亿 */

/* A number exactly as printed: mant × 10^-scale × 10^unit_exp.
 *   "953.39万元" → {95339, 2, 4};  "362700元" → {362700, 0, 0};
 *   "23.82%"    → {2382, 2, -2};  "37人"     → {37, 0, 0, 1}.
 * scale is the number of printed decimals (0..9).  A percent has unit_exp -2,
 * a per-mille -3, 万 4, 亿 8.  exact = 1 marks a value known without rounding
 * (a head count, a zero that means "none at all"); such a figure is a single
 * point whatever rounding mode a check uses. */
typedef struct fs_printed {
    int64_t mant;
    int scale;
    int unit_exp;
    int exact;
} fs_printed;

/* How the report turned exact values into printed ones. */
typedef enum fs_rounding {
    FS_RND_NEAREST = 0, /* [v-h, v+h], h = half a unit of the last digit */
    FS_RND_TRUNCATE,    /* cut toward zero: v>0 [v, v+u); v<0 (v-u, v]; 0 (-u, u) */
    FS_RND_EITHER,      /* each figure rounded or cut: union of the two */
    FS_RND_EXACT        /* every figure is exact */
} fs_rounding;

typedef enum fs_verdict {
    FS_CONSISTENT = 0,   /* some exact values inside the intervals satisfy it */
    FS_INCONSISTENT,     /* no values do: an arithmetic error in the report */
    FS_UNDEFINED,        /* the relation has no value (growth from zero, share of zero) */
    FS_CANNOT_CHECK      /* input outside the limits, or the arithmetic would overflow */
} fs_verdict;

/* Direction of a stated change ("增加/增长" or "减少/下降"). */
typedef enum fs_dir { FS_INCREASE = 0, FS_DECREASE = 1 } fs_dir;

/* When a relation is INCONSISTENT with rounding to nearest, whether another
 * reading of the digits makes it hold. */
typedef enum fs_rescue {
    FS_RESCUE_NONE = 0,   /* no reading makes it hold (or nothing to rescue) */
    FS_RESCUE_TRUNCATE,   /* holds when every figure was cut instead of rounded */
    FS_RESCUE_EITHER      /* holds only when some figures were rounded, others cut */
} fs_rescue;

/* Two's-complement 256-bit integer, w[0] least significant 32 bits. */
typedef struct fs_i256 {
    uint32_t w[8];
} fs_i256;

/* An exact rational num/den with den > 0 (not necessarily reduced). */
typedef struct fs_q {
    fs_i256 num;
    fs_i256 den;
} fs_q;

/* An interval of exact values; an end flagged open is not included. */
typedef struct fs_interval {
    fs_q lo, hi;
    int lo_open, hi_open;
} fs_interval;

/* What a check found.  allowed and stated are in the stated figure's own unit
 * (a rate as a percent number such as 23.82, a prior value in its 万元). */
typedef struct fs_check {
    fs_verdict verdict;
    fs_rounding mode;        /* the mode the verdict is for */
    int has_range;        /* 1 when allowed and stated are filled (CONSISTENT / INCONSISTENT) */
    fs_interval allowed;  /* every value the other figures allow for the stated one */
    fs_interval stated;   /* the values the stated figure itself stands for */
    fs_rescue rescue;     /* set when mode is NEAREST and the verdict INCONSISTENT */
} fs_check;

/* Each check returns its verdict and fills *out (required).  Verdicts for
 * FS_RND_NEAREST that come out INCONSISTENT are re-tested with truncation
 * and with the mixed reading, and out->rescue says which, if any, holds.
 *
 * growth: rate = change / prior, prior = cur - change (increase) or
 *   cur + change (decrease); change is a magnitude (mant >= 0) and only its
 *   non-negative values are used.  Rate in its unit (percent: unit_exp -2).
 *   UNDEFINED when the prior value can be zero (or approach it) within the
 *   figures' intervals. */
fs_verdict fs_check_growth(const fs_printed *cur, const fs_printed *change, fs_dir dir,
                           const fs_printed *rate, fs_rounding mode, fs_check *out);

/* prior: stated prior = cur - change (increase) or cur + change (decrease). */
fs_verdict fs_check_prior(const fs_printed *cur, const fs_printed *change, fs_dir dir,
                          const fs_printed *prior, fs_rounding mode, fs_check *out);

/* ratio: stated = num / den, in the stated figure's unit (num and den may be
 * in different units).  UNDEFINED when den can be zero within its interval. */
fs_verdict fs_check_ratio(const fs_printed *num, const fs_printed *den,
                          const fs_printed *stated, fs_rounding mode, fs_check *out);

/* share: stated percent = part / whole (the same test as fs_check_ratio). */
fs_verdict fs_check_share(const fs_printed *part, const fs_printed *whole,
                          const fs_printed *percent, fs_rounding mode, fs_check *out);

/* sum: parts[0] + ... + parts[n-1] = total (n >= 1; units may differ). */
fs_verdict fs_check_sum(const fs_printed *parts, size_t n, const fs_printed *total,
                        fs_rounding mode, fs_check *out);

/* change_sum: signed changes (decrease = negative mant) add up to the total
 * change; the same arithmetic as fs_check_sum. */
fs_verdict fs_check_change_sum(const fs_printed *changes, size_t n, const fs_printed *total,
                               fs_rounding mode, fs_check *out);

/* share_sum: shares (in percent, unit_exp -2) add up to exactly 100%. */
fs_verdict fs_check_share_sum(const fs_printed *shares, size_t n, fs_rounding mode,
                              fs_check *out);

/* The interval a printed figure stands for, in its own unit (953.39万元 →
 * [953.385, 953.395]).  Returns FS_CONSISTENT, or FS_CANNOT_CHECK when the
 * figure is outside the limits. */
fs_verdict fs_printed_interval(const fs_printed *p, fs_rounding mode, fs_interval *out);

/* Direction for fs_q_format. */
typedef enum fs_qround {
    FS_Q_FLOOR = 0, /* toward -infinity: for a lower bound */
    FS_Q_CEIL,      /* toward +infinity: for an upper bound */
    FS_Q_NEAREST    /* half away from zero: for display of a point */
} fs_qround;

/* Writes q as a decimal with exactly `digits` decimals (0..30), rounded as
 * `dir` says, into buf (size n): "23.816".  Returns 0, FS_E_NUMBER when the
 * value is too wide to scale, FS_E_LIMIT when buf is too small, FS_E_USAGE
 * for bad arguments. */
int fs_q_format(const fs_q *q, int digits, fs_qround dir, char *buf, size_t n);

/* Nearest double to q, for display in JSON only (never for a decision). */
double fs_q_to_double(const fs_q *q);

/* Compares a and b exactly (dens > 0): -1, 0 or 1, for any magnitudes. */
int fs_q_cmp(const fs_q *a, const fs_q *b);

#endif
