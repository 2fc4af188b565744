/* interval.c — exact interval arithmetic for rounding-aware checks.
 *
 * Numbers.  A figure m × 10^-s × 10^u with |m| < 10^18, 0 <= s <= 9 and
 * -3 <= u <= 8 has exponent e = u - s in [-12, 8].  All figures taking part in
 * one sum or one ratio are put on a common grid: the rational
 *     k × 10^(e - g) / (2 × 10^-g)        (g = the smallest e among them)
 * where k is 2m - 1, 2m, 2m + 1 or 2m ± 2 (the interval ends in half units of
 * the last digit), so every end of every figure in a relation shares one
 * denominator and sums never multiply denominators.  With Δ = e - g,
 *     |k × 10^Δ| <= (2·10^18 + 2) · 10^Δ < 2^(61 + 3.33·Δ).
 *
 * Overflow bounds (signed 256-bit integers, |x| < 2^255 ≈ 5.79·10^76).
 * Inside the limits Δ <= 8 - (-12) = 20, so every grid numerator is below
 * (2·10^18 + 2)·10^20 < 2.1·10^38 < 2^128, and:
 *  - a sum of n figures stays below n · 2^128: safe for any size_t n;
 *  - a ratio y / (x ± y) is evaluated at the corners as y_k / (x_k ± y_k)
 *    (the common grid denominator cancels), |num| < 2^128, |den| < 2^129;
 *  - expressing a range in the stated figure's unit multiplies a numerator
 *    by at most 10^3 (‰) or a denominator by at most 10^8 (亿): numerators
 *    stay below 2^139 and denominators below 2^156;
 *  - display (fs_q_format) multiplies a numerator by 10^digits <= 10^30:
 *    below 2^239;
 *  - comparisons cross-multiply when the products fit and otherwise compare
 *    by Euclid's algorithm (q_cmp_euclid), which needs no product at all.
 * So no check inside the limits can overflow.  The arithmetic is checked all
 * the same (every add and multiply detects signed overflow); a check that
 * overflowed answers FS_CANNOT_CHECK rather than a wrapped result, and a
 * figure outside the limits gets FS_CANNOT_CHECK before any arithmetic.
 *
 * Open ends.  Truncation makes half-open intervals.  Sums of intervals are
 * exact with "open if either end is open".  For ratios see ratio_range(). */
#include "interval.h"

#include <math.h>
#include <string.h>

#include "error.h"

/* ---------------------------------------------------------------- 256-bit */

/* The wide integer from a 64-bit one. */
static fs_i256 w_from_i64(int64_t v)
{
    fs_i256 r;
    uint64_t u = (uint64_t)v;
    uint32_t fill = v < 0 ? 0xffffffffu : 0u;
    r.w[0] = (uint32_t)u;
    r.w[1] = (uint32_t)(u >> 32);
    for (int i = 2; i < 8; i++)
        r.w[i] = fill;
    return r;
}

/* 1 when a is negative. */
static int w_isneg(const fs_i256 *a)
{
    return (a->w[7] >> 31) != 0;
}

/* 1 when a is zero. */
static int w_iszero(const fs_i256 *a)
{
    for (int i = 0; i < 8; i++)
        if (a->w[i])
            return 0;
    return 1;
}

/* a + b; sets *ovf on signed overflow. */
static fs_i256 w_add(fs_i256 a, fs_i256 b, int *ovf)
{
    fs_i256 r;
    uint64_t c = 0;
    for (int i = 0; i < 8; i++) {
        c += (uint64_t)a.w[i] + b.w[i];
        r.w[i] = (uint32_t)c;
        c >>= 32;
    }
    if (w_isneg(&a) == w_isneg(&b) && w_isneg(&r) != w_isneg(&a))
        *ovf = 1;
    return r;
}

/* -a; sets *ovf for the most negative value. */
static fs_i256 w_neg(fs_i256 a, int *ovf)
{
    fs_i256 r;
    uint64_t c = 1;
    for (int i = 0; i < 8; i++) {
        c += (uint64_t)(uint32_t)~a.w[i];
        r.w[i] = (uint32_t)c;
        c >>= 32;
    }
    if (w_isneg(&a) && w_isneg(&r))
        *ovf = 1;
    return r;
}

/* a - b; sets *ovf on overflow. */
static fs_i256 w_sub(fs_i256 a, fs_i256 b, int *ovf)
{
    return w_add(a, w_neg(b, ovf), ovf);
}

/* |a| as an unsigned 256-bit magnitude (2^255 for the most negative value). */
static fs_i256 w_abs(fs_i256 a)
{
    int dummy = 0;
    return w_isneg(&a) ? w_neg(a, &dummy) : a;
}

/* a × b; sets *ovf when |a × b| >= 2^255. */
static fs_i256 w_mul(fs_i256 a, fs_i256 b, int *ovf)
{
    int neg = w_isneg(&a) != w_isneg(&b);
    fs_i256 ma = w_abs(a), mb = w_abs(b);
    uint32_t t[16] = {0};
    for (int i = 0; i < 8; i++) {
        uint64_t c = 0;
        if (!ma.w[i])
            continue;
        for (int j = 0; j < 8; j++) {
            c += (uint64_t)ma.w[i] * mb.w[j] + t[i + j];
            t[i + j] = (uint32_t)c;
            c >>= 32;
        }
        for (int k = i + 8; c && k < 16; k++) {
            c += t[k];
            t[k] = (uint32_t)c;
            c >>= 32;
        }
    }
    for (int k = 8; k < 16; k++)
        if (t[k])
            *ovf = 1;
    if (t[7] >> 31)
        *ovf = 1;
    fs_i256 r;
    memcpy(r.w, t, sizeof r.w);
    return neg ? w_neg(r, ovf) : r;
}

/* Signed comparison: -1, 0, 1. */
static int w_cmp(const fs_i256 *a, const fs_i256 *b)
{
    int na = w_isneg(a), nb = w_isneg(b);
    if (na != nb)
        return na ? -1 : 1;
    for (int i = 7; i >= 0; i--)
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    return 0;
}

/* 10^k for 0 <= k <= 76 (checked). */
static fs_i256 w_pow10(int k, int *ovf)
{
    fs_i256 r = w_from_i64(1), ten = w_from_i64(10);
    for (int i = 0; i < k; i++)
        r = w_mul(r, ten, ovf);
    return r;
}

/* Unsigned comparison of magnitudes: -1, 0, 1. */
static int u_cmp(const fs_i256 *a, const fs_i256 *b)
{
    for (int i = 7; i >= 0; i--)
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    return 0;
}

/* Unsigned division of magnitudes n / d (d != 0): quotient and remainder. */
static void u_divmod(fs_i256 n, fs_i256 d, fs_i256 *q, fs_i256 *r)
{
    fs_i256 quo = {{0}}, rem = {{0}};
    int top = 7;
    while (top > 0 && d.w[top] == 0)
        top--;
    if (top == 0 && d.w[0] == 0) {
        *q = quo; /* d = 0 is the caller's error: 0, remainder n */
        *r = n;
        return;
    }
    if (top == 0) {
        /* a one-word divisor (10, most denominators): schoolbook short
         * division, a word at a time */
        uint64_t k = 0;
        for (int i = 7; i >= 0; i--) {
            uint64_t cur = (k << 32) | n.w[i];
            quo.w[i] = (uint32_t)(cur / d.w[0]);
            k = cur % d.w[0];
        }
        rem.w[0] = (uint32_t)k;
        *q = quo;
        *r = rem;
        return;
    }
    /* bit by bit from the highest set bit of n */
    int hi = 255;
    while (hi >= 0 && !((n.w[hi / 32] >> (hi % 32)) & 1u))
        hi--;
    for (int bit = hi; bit >= 0; bit--) {
        /* rem = rem << 1 | bit of n */
        for (int i = 7; i > 0; i--)
            rem.w[i] = (rem.w[i] << 1) | (rem.w[i - 1] >> 31);
        rem.w[0] = (rem.w[0] << 1) | ((n.w[bit / 32] >> (bit % 32)) & 1u);
        if (u_cmp(&rem, &d) >= 0) {
            uint64_t b = 0;
            for (int i = 0; i < 8; i++) {
                uint64_t x = (uint64_t)rem.w[i] - d.w[i] - b;
                rem.w[i] = (uint32_t)x;
                b = (x >> 63) & 1u;
            }
            quo.w[bit / 32] |= 1u << (bit % 32);
        }
    }
    *q = quo;
    *r = rem;
}

/* An unsigned magnitude as decimal digits into buf (size n, >= 80); returns
 * the length. */
static size_t u_to_dec(fs_i256 v, char *buf, size_t n)
{
    char tmp[80];
    size_t len = 0;
    fs_i256 ten = w_from_i64(10);
    do {
        fs_i256 q, r;
        u_divmod(v, ten, &q, &r);
        tmp[len++] = (char)('0' + r.w[0]);
        v = q;
    } while (!w_iszero(&v) && len < sizeof tmp);
    for (size_t i = 0; i < len && i + 1 < n; i++)
        buf[i] = tmp[len - 1 - i];
    buf[len < n ? len : n - 1] = '\0';
    return len;
}

/* An unsigned magnitude as the nearest double (display only). */
static double u_to_double(const fs_i256 *v)
{
    double d = 0.0;
    for (int i = 7; i >= 0; i--)
        d = d * 4294967296.0 + (double)v->w[i];
    return d;
}

/* -------------------------------------------------------------- rationals */

/* num / den with den != 0, sign moved to the numerator. */
static fs_q q_make(fs_i256 num, fs_i256 den, int *ovf)
{
    fs_q q;
    if (w_isneg(&den)) {
        num = w_neg(num, ovf);
        den = w_neg(den, ovf);
    }
    q.num = num;
    q.den = den;
    return q;
}

/* Sign of q: -1, 0, 1. */
static int q_sign(const fs_q *q)
{
    if (w_iszero(&q->num))
        return 0;
    return w_isneg(&q->num) ? -1 : 1;
}

/* Compares positive-or-zero an/ad with bn/bd (dens > 0) without any
 * multiplication: by their continued-fraction expansions (Euclid), so it
 * works for any magnitudes. */
static int q_cmp_euclid(fs_i256 an, fs_i256 ad, fs_i256 bn, fs_i256 bd)
{
    for (;;) {
        fs_i256 qa, ra, qb, rb;
        u_divmod(an, ad, &qa, &ra);
        u_divmod(bn, bd, &qb, &rb);
        int c = u_cmp(&qa, &qb);
        if (c != 0)
            return c;
        int za = w_iszero(&ra), zb = w_iszero(&rb);
        if (za || zb)
            return za && zb ? 0 : za ? -1 : 1;
        /* ra/ad vs rb/bd has the sign of bd/rb vs ad/ra */
        fs_i256 next_an = bd, next_ad = rb, next_bn = ad, next_bd = ra;
        an = next_an;
        ad = next_ad;
        bn = next_bn;
        bd = next_bd;
    }
}

/* Exact comparison: by cross-multiplication, or when a product would not
 * fit, by q_cmp_euclid.  Never overflows; ovf is left alone. */
static int q_cmp(const fs_q *a, const fs_q *b, int *ovf)
{
    (void)ovf;
    if (w_cmp(&a->den, &b->den) == 0)
        return w_cmp(&a->num, &b->num);
    int o = 0;
    fs_i256 l = w_mul(a->num, b->den, &o);
    fs_i256 r = w_mul(b->num, a->den, &o);
    if (!o)
        return w_cmp(&l, &r);
    int sa = w_iszero(&a->num) ? 0 : w_isneg(&a->num) ? -1 : 1;
    int sb = w_iszero(&b->num) ? 0 : w_isneg(&b->num) ? -1 : 1;
    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (sa == 0)
        return 0;
    int c = q_cmp_euclid(w_abs(a->num), a->den, w_abs(b->num), b->den);
    return sa < 0 ? -c : c;
}

/* a + b (no multiplication when the denominators agree). */
static fs_q q_add(const fs_q *a, const fs_q *b, int *ovf)
{
    fs_q r;
    if (w_cmp(&a->den, &b->den) == 0) {
        r.num = w_add(a->num, b->num, ovf);
        r.den = a->den;
        return r;
    }
    r.num = w_add(w_mul(a->num, b->den, ovf), w_mul(b->num, a->den, ovf), ovf);
    r.den = w_mul(a->den, b->den, ovf);
    return r;
}

/* -a. */
static fs_q q_neg(const fs_q *a, int *ovf)
{
    fs_q r = *a;
    r.num = w_neg(a->num, ovf);
    return r;
}

/* a / b, b != 0 (a common denominator cancels). */
static fs_q q_div(const fs_q *a, const fs_q *b, int *ovf)
{
    if (w_cmp(&a->den, &b->den) == 0)
        return q_make(a->num, b->num, ovf);
    return q_make(w_mul(a->num, b->den, ovf), w_mul(a->den, b->num, ovf), ovf);
}

/* a × 10^k (k of either sign). */
static fs_q q_scale10(const fs_q *a, int k, int *ovf)
{
    fs_q r = *a;
    if (k > 0)
        r.num = w_mul(r.num, w_pow10(k, ovf), ovf);
    else if (k < 0)
        r.den = w_mul(r.den, w_pow10(-k, ovf), ovf);
    return r;
}

/* The integer v as a rational. */
static fs_q q_int(int64_t v)
{
    fs_q q;
    q.num = w_from_i64(v);
    q.den = w_from_i64(1);
    return q;
}

/* -------------------------------------------------------------- intervals */

/* 1 when the figure is inside the accepted limits. */
static int printed_ok(const fs_printed *p)
{
    return p && p->mant > -FS_PRINTED_MANT_LIMIT && p->mant < FS_PRINTED_MANT_LIMIT &&
           p->scale >= 0 && p->scale <= FS_PRINTED_SCALE_MAX &&
           p->unit_exp >= FS_PRINTED_UNIT_MIN && p->unit_exp <= FS_PRINTED_UNIT_MAX;
}

/* Exponent of the figure's last digit. */
static int printed_e(const fs_printed *p)
{
    return p->unit_exp - p->scale;
}

/* The interval of p in half units of its last digit: [klo, khi] with open
 * flags, for the given rounding mode. */
static void half_units(const fs_printed *p, fs_rounding mode, int64_t *klo, int64_t *khi,
                       int *lo_open, int *hi_open)
{
    int64_t m2 = 2 * p->mant;
    *lo_open = *hi_open = 0;
    if (p->exact || mode == FS_RND_EXACT) {
        *klo = *khi = m2;
    } else if (mode == FS_RND_NEAREST) {
        *klo = m2 - 1;
        *khi = m2 + 1;
    } else if (p->mant == 0) {
        /* both cut and either: (-u, u), values of either sign cut to 0 */
        *klo = -2;
        *khi = 2;
        *lo_open = *hi_open = 1;
    } else if (mode == FS_RND_TRUNCATE) {
        if (p->mant > 0) {
            *klo = m2;
            *khi = m2 + 2;
            *hi_open = 1;
        } else {
            *klo = m2 - 2;
            *khi = m2;
            *lo_open = 1;
        }
    } else { /* FS_RND_EITHER: hull of [v-h, v+h] and the cut interval */
        if (p->mant > 0) {
            *klo = m2 - 1;
            *khi = m2 + 2;
            *hi_open = 1;
        } else {
            *klo = m2 - 2;
            *khi = m2 + 1;
            *lo_open = 1;
        }
    }
}

/* The grid denominator 2 × 10^-g (g <= 0) or 2 (g > 0, then numerators carry
 * 10^g). */
static fs_i256 grid_den(int g, int *ovf)
{
    fs_i256 two = w_from_i64(2);
    return g < 0 ? w_mul(two, w_pow10(-g, ovf), ovf) : two;
}

/* The absolute-value interval of p on grid exponent g (g <= e of p). */
static fs_interval fig_iv(const fs_printed *p, fs_rounding mode, int g, int *ovf)
{
    int64_t klo, khi;
    fs_interval iv;
    half_units(p, mode, &klo, &khi, &iv.lo_open, &iv.hi_open);
    int shift = printed_e(p) - (g < 0 ? g : 0);
    fs_i256 f = w_pow10(shift, ovf), den = grid_den(g, ovf);
    iv.lo.num = w_mul(w_from_i64(klo), f, ovf);
    iv.hi.num = w_mul(w_from_i64(khi), f, ovf);
    iv.lo.den = iv.hi.den = den;
    return iv;
}

/* a + b. */
static fs_interval iv_add(const fs_interval *a, const fs_interval *b, int *ovf)
{
    fs_interval r;
    r.lo = q_add(&a->lo, &b->lo, ovf);
    r.hi = q_add(&a->hi, &b->hi, ovf);
    r.lo_open = a->lo_open || b->lo_open;
    r.hi_open = a->hi_open || b->hi_open;
    return r;
}

/* -a. */
static fs_interval iv_neg(const fs_interval *a, int *ovf)
{
    fs_interval r;
    r.lo = q_neg(&a->hi, ovf);
    r.hi = q_neg(&a->lo, ovf);
    r.lo_open = a->hi_open;
    r.hi_open = a->lo_open;
    return r;
}

/* a × 10^k, for expressing a value in a figure's unit. */
static fs_interval iv_scale10(const fs_interval *a, int k, int *ovf)
{
    fs_interval r = *a;
    r.lo = q_scale10(&a->lo, k, ovf);
    r.hi = q_scale10(&a->hi, k, ovf);
    return r;
}

/* a ∩ [0, +inf): a change stated as a magnitude is never negative. */
static fs_interval iv_clamp_nonneg(const fs_interval *a)
{
    fs_interval r = *a;
    if (q_sign(&r.lo) < 0) {
        r.lo.num = w_from_i64(0);
        r.lo_open = 0;
    }
    return r;
}

/* 1 when the value q belongs to a. */
static int iv_contains(const fs_interval *a, const fs_q *q, int *ovf)
{
    int cl = q_cmp(&a->lo, q, ovf), ch = q_cmp(q, &a->hi, ovf);
    return (cl < 0 || (cl == 0 && !a->lo_open)) && (ch < 0 || (ch == 0 && !a->hi_open));
}

/* 1 when 0 lies in the closure [lo, hi] of a. */
static int iv_closure_has_zero(const fs_interval *a)
{
    return q_sign(&a->lo) <= 0 && q_sign(&a->hi) >= 0;
}

/* 1 when a and b share a point. */
static int iv_meet(const fs_interval *a, const fs_interval *b, int *ovf)
{
    int c = q_cmp(&a->lo, &b->lo, ovf);
    const fs_q *lo = c >= 0 ? &a->lo : &b->lo;
    int lo_open = c > 0 ? a->lo_open : c < 0 ? b->lo_open : (a->lo_open || b->lo_open);
    c = q_cmp(&a->hi, &b->hi, ovf);
    const fs_q *hi = c <= 0 ? &a->hi : &b->hi;
    int hi_open = c < 0 ? a->hi_open : c > 0 ? b->hi_open : (a->hi_open || b->hi_open);
    c = q_cmp(lo, hi, ovf);
    return c < 0 || (c == 0 && !lo_open && !hi_open);
}

/* Range of f(x, y) = y / (x + s·y), s in {-1, 0, 1}, over the box x × y
 * (both on one grid), into *out.  Returns FS_UNDEFINED when the closure of
 * the denominator's range contains 0 (f unbounded, or undefined), else
 * FS_CONSISTENT.
 *
 * Why the corners.  With the denominator nonzero on the closed box, for a
 * fixed x, f is a linear-fractional function of y with derivative
 * x / (x + s·y)^2, of one sign; for a fixed y, df/dx = -y / (x + s·y)^2, of
 * one sign.  So for any point, f(x, y) <= max(f(x, y_lo), f(x, y_hi)) <= the
 * largest corner value, and likewise for the minimum: the closure of the range
 * is [min corner, max corner].
 *
 * Why the open ends are right.  The extreme M is reached inside the (half-
 * open) box either at a corner whose two ends are both closed, or at a point
 * where f is constant along one variable — otherwise, f being strictly
 * monotone in both variables there, the point must be a closed end of both,
 * i.e. a closed corner.  f is constant in y only where x = 0 (then f = 1/s,
 * s != 0) and constant in x only where y = 0 (then f = 0).  So M is attained
 * iff a closed corner gives M, or M = 1/s and x can be 0 and y can be nonzero,
 * or M = 0 and y can be 0. */
static fs_verdict ratio_range(const fs_interval *x, const fs_interval *y, int s,
                              fs_interval *out, int *ovf)
{
    fs_interval den = *x;
    if (s > 0) {
        den = iv_add(x, y, ovf);
    } else if (s < 0) {
        fs_interval ny = iv_neg(y, ovf);
        den = iv_add(x, &ny, ovf);
    }
    if (*ovf)
        return FS_CANNOT_CHECK;
    if (iv_closure_has_zero(&den))
        return FS_UNDEFINED;

    fs_q best[2];      /* [0] minimum, [1] maximum */
    int attained[2] = {0, 0};
    for (int c = 0; c < 4; c++) {
        const fs_q *xv = (c & 1) ? &x->hi : &x->lo;
        const fs_q *yv = (c & 2) ? &y->hi : &y->lo;
        int closed = !((c & 1) ? x->hi_open : x->lo_open) && !((c & 2) ? y->hi_open : y->lo_open);
        fs_q d = *xv;
        if (s > 0)
            d = q_add(xv, yv, ovf);
        else if (s < 0) {
            fs_q nyv = q_neg(yv, ovf);
            d = q_add(xv, &nyv, ovf);
        }
        fs_q f = q_div(yv, &d, ovf);
        for (int k = 0; k < 2; k++) {
            int cmp = c == 0 ? 0 : q_cmp(&f, &best[k], ovf);
            if (c == 0 || (k == 0 ? cmp < 0 : cmp > 0)) {
                best[k] = f;
                attained[k] = closed;
            } else if (cmp == 0 && closed) {
                attained[k] = 1;
            }
        }
    }

    fs_q zero = q_int(0);
    int x_has_zero = iv_contains(x, &zero, ovf);
    int y_has_zero = iv_contains(y, &zero, ovf);
    int y_has_nonzero = !(q_sign(&y->lo) == 0 && q_sign(&y->hi) == 0);
    for (int k = 0; k < 2; k++) {
        if (s != 0 && x_has_zero && y_has_nonzero) {
            fs_q flat = q_int(s); /* 1/s for s = ±1 */
            if (q_cmp(&best[k], &flat, ovf) == 0)
                attained[k] = 1;
        }
        if (y_has_zero && q_sign(&best[k]) == 0)
            attained[k] = 1;
    }
    out->lo = best[0];
    out->hi = best[1];
    out->lo_open = !attained[0];
    out->hi_open = !attained[1];
    return *ovf ? FS_CANNOT_CHECK : FS_CONSISTENT;
}

/* ------------------------------------------------------------- relations */

enum rel_kind { REL_GROWTH, REL_PRIOR, REL_RATIO, REL_SUM, REL_SHARE_SUM };

/* One relation between printed figures, as the public functions pose it. */
typedef struct rel {
    enum rel_kind kind;
    const fs_printed *a, *b; /* growth/prior: cur, change; ratio: num, den */
    const fs_printed *stated;
    const fs_printed *list; /* sum: parts */
    size_t n;
    fs_dir dir;
} rel;

/* Smallest last-digit exponent among the figures of r (the common grid). */
static int rel_grid(const rel *r)
{
    int g = 1000;
    const fs_printed *figs[3] = {r->a, r->b, r->stated};
    for (int i = 0; i < 3; i++)
        if (figs[i] && printed_e(figs[i]) < g)
            g = printed_e(figs[i]);
    for (size_t i = 0; i < r->n; i++)
        if (printed_e(&r->list[i]) < g)
            g = printed_e(&r->list[i]);
    return g == 1000 ? 0 : g;
}

/* 1 when every figure of r is inside the limits and the shape is valid. */
static int rel_ok(const rel *r)
{
    if ((r->a && !printed_ok(r->a)) || (r->b && !printed_ok(r->b)) ||
        (r->stated && !printed_ok(r->stated)))
        return 0;
    if (r->kind == REL_SUM || r->kind == REL_SHARE_SUM) {
        if (!r->list || r->n == 0)
            return 0;
        for (size_t i = 0; i < r->n; i++)
            if (!printed_ok(&r->list[i]))
                return 0;
    }
    if ((r->kind == REL_GROWTH || r->kind == REL_PRIOR) && r->b->mant < 0)
        return 0; /* a change is a magnitude with a direction */
    return 1;
}

/* Evaluates r under one rounding mode into *out (rescue left NONE). */
static fs_verdict rel_eval(const rel *r, fs_rounding mode, fs_check *out)
{
    int ovf = 0;
    memset(out, 0, sizeof *out);
    out->mode = mode;
    out->rescue = FS_RESCUE_NONE;
    if (!rel_ok(r))
        return out->verdict = FS_CANNOT_CHECK;

    int g = rel_grid(r);
    fs_interval allowed, stated;
    int stated_unit;
    fs_verdict v = FS_CONSISTENT;

    if (r->kind == REL_SUM || r->kind == REL_SHARE_SUM) {
        allowed = fig_iv(&r->list[0], mode, g, &ovf);
        for (size_t i = 1; i < r->n; i++) {
            fs_interval p = fig_iv(&r->list[i], mode, g, &ovf);
            allowed = iv_add(&allowed, &p, &ovf);
        }
        if (r->kind == REL_SUM) {
            stated = fig_iv(r->stated, mode, g, &ovf);
            stated_unit = r->stated->unit_exp;
        } else {
            const fs_printed hundred_pct = {100, 0, -2, 1};
            stated = fig_iv(&hundred_pct, mode, g, &ovf);
            stated_unit = -2;
        }
    } else if (r->kind == REL_PRIOR) {
        fs_interval cur = fig_iv(r->a, mode, g, &ovf);
        fs_interval chg = fig_iv(r->b, mode, g, &ovf);
        chg = iv_clamp_nonneg(&chg);
        if (r->dir == FS_INCREASE)
            chg = iv_neg(&chg, &ovf);
        allowed = iv_add(&cur, &chg, &ovf);
        stated = fig_iv(r->stated, mode, g, &ovf);
        stated_unit = r->stated->unit_exp;
    } else {
        /* growth and ratio: y / (x + s·y) on the grid of x and y; the
         * stated figure on its own grid. */
        rel xy = *r;
        xy.stated = NULL;
        int gxy = rel_grid(&xy);
        fs_interval x = fig_iv(r->kind == REL_RATIO ? r->b : r->a, mode, gxy, &ovf);
        fs_interval y = fig_iv(r->kind == REL_RATIO ? r->a : r->b, mode, gxy, &ovf);
        int s = 0;
        if (r->kind == REL_GROWTH) {
            y = iv_clamp_nonneg(&y);
            s = r->dir == FS_INCREASE ? -1 : 1;
        }
        if (ovf)
            return out->verdict = FS_CANNOT_CHECK;
        v = ratio_range(&x, &y, s, &allowed, &ovf);
        if (v != FS_CONSISTENT)
            return out->verdict = v;
        stated = fig_iv(r->stated, mode, printed_e(r->stated), &ovf);
        stated_unit = r->stated->unit_exp;
    }
    /* Both in the stated figure's unit, then the one exact question. */
    out->allowed = iv_scale10(&allowed, -stated_unit, &ovf);
    out->stated = iv_scale10(&stated, -stated_unit, &ovf);
    if (ovf)
        return out->verdict = FS_CANNOT_CHECK;
    int meet = iv_meet(&out->allowed, &out->stated, &ovf);
    if (ovf)
        return out->verdict = FS_CANNOT_CHECK;
    out->has_range = 1;
    return out->verdict = meet ? FS_CONSISTENT : FS_INCONSISTENT;
}

/* Evaluates r under mode and, when rounding to nearest fails, under the cut
 * and the mixed readings to fill out->rescue. */
static fs_verdict rel_run(const rel *r, fs_rounding mode, fs_check *out)
{
    if (!out)
        return FS_CANNOT_CHECK;
    fs_verdict v = rel_eval(r, mode, out);
    if (mode == FS_RND_NEAREST && v == FS_INCONSISTENT) {
        fs_check alt;
        if (rel_eval(r, FS_RND_TRUNCATE, &alt) == FS_CONSISTENT)
            out->rescue = FS_RESCUE_TRUNCATE;
        else if (rel_eval(r, FS_RND_EITHER, &alt) == FS_CONSISTENT)
            out->rescue = FS_RESCUE_EITHER;
    }
    return v;
}

/* See interval.h. */
fs_verdict fs_check_growth(const fs_printed *cur, const fs_printed *change, fs_dir dir,
                           const fs_printed *rate, fs_rounding mode, fs_check *out)
{
    rel r = {REL_GROWTH, cur, change, rate, NULL, 0, dir};
    if (!cur || !change || !rate) {
        r.kind = REL_SUM; /* n == 0: rejected by rel_ok */
        r.a = r.b = r.stated = NULL;
    }
    return rel_run(&r, mode, out);
}

/* See interval.h. */
fs_verdict fs_check_prior(const fs_printed *cur, const fs_printed *change, fs_dir dir,
                          const fs_printed *prior, fs_rounding mode, fs_check *out)
{
    rel r = {REL_PRIOR, cur, change, prior, NULL, 0, dir};
    if (!cur || !change || !prior) {
        r.kind = REL_SUM;
        r.a = r.b = r.stated = NULL;
    }
    return rel_run(&r, mode, out);
}

/* See interval.h. */
fs_verdict fs_check_ratio(const fs_printed *num, const fs_printed *den,
                          const fs_printed *stated, fs_rounding mode, fs_check *out)
{
    rel r = {REL_RATIO, num, den, stated, NULL, 0, FS_INCREASE};
    if (!num || !den || !stated) {
        r.kind = REL_SUM;
        r.a = r.b = r.stated = NULL;
    }
    return rel_run(&r, mode, out);
}

/* See interval.h. */
fs_verdict fs_check_share(const fs_printed *part, const fs_printed *whole,
                          const fs_printed *percent, fs_rounding mode, fs_check *out)
{
    return fs_check_ratio(part, whole, percent, mode, out);
}

/* See interval.h. */
fs_verdict fs_check_sum(const fs_printed *parts, size_t n, const fs_printed *total,
                        fs_rounding mode, fs_check *out)
{
    rel r = {REL_SUM, NULL, NULL, total, parts, n, FS_INCREASE};
    if (!total)
        r.n = 0;
    return rel_run(&r, mode, out);
}

/* See interval.h. */
fs_verdict fs_check_change_sum(const fs_printed *changes, size_t n, const fs_printed *total,
                               fs_rounding mode, fs_check *out)
{
    return fs_check_sum(changes, n, total, mode, out);
}

/* See interval.h. */
fs_verdict fs_check_share_sum(const fs_printed *shares, size_t n, fs_rounding mode,
                              fs_check *out)
{
    rel r = {REL_SHARE_SUM, NULL, NULL, NULL, shares, n, FS_INCREASE};
    return rel_run(&r, mode, out);
}

/* See interval.h. */
fs_verdict fs_printed_interval(const fs_printed *p, fs_rounding mode, fs_interval *out)
{
    int ovf = 0;
    if (!out || !printed_ok(p))
        return FS_CANNOT_CHECK;
    fs_interval iv = fig_iv(p, mode, printed_e(p), &ovf);
    *out = iv_scale10(&iv, -p->unit_exp, &ovf);
    return ovf ? FS_CANNOT_CHECK : FS_CONSISTENT;
}

/* ---------------------------------------------------------------- display */

/* See interval.h. */
int fs_q_format(const fs_q *q, int digits, fs_qround dir, char *buf, size_t n)
{
    int ovf = 0;
    if (!q || !buf || n == 0 || digits < 0 || digits > 30 || w_isneg(&q->den) ||
        w_iszero(&q->den))
        return FS_E_USAGE;
    fs_i256 t = w_mul(q->num, w_pow10(digits, &ovf), &ovf);
    if (ovf)
        return FS_E_NUMBER;
    int neg = w_isneg(&t);
    fs_i256 quo, rem;
    u_divmod(w_abs(t), q->den, &quo, &rem);
    /* quo = floor(|t| / den); decide whether the magnitude goes up by one. */
    int up = 0;
    if (!w_iszero(&rem)) {
        if (dir == FS_Q_FLOOR)
            up = neg;
        else if (dir == FS_Q_CEIL)
            up = !neg;
        else {
            /* half away from zero: rem >= den - rem */
            fs_i256 other = w_sub(q->den, rem, &ovf);
            up = u_cmp(&rem, &other) >= 0;
        }
    }
    if (up)
        quo = w_add(quo, w_from_i64(1), &ovf);
    if (ovf)
        return FS_E_NUMBER;

    char digs[96];
    size_t len = u_to_dec(quo, digs, sizeof digs);
    /* pad so there is at least one digit before the point */
    char out[128];
    size_t o = 0;
    if (neg && !w_iszero(&quo))
        out[o++] = '-';
    size_t d = (size_t)digits;
    if (len <= d) {
        out[o++] = '0';
        if (d) {
            out[o++] = '.';
            for (size_t i = len; i < d; i++)
                out[o++] = '0';
            memcpy(out + o, digs, len);
            o += len;
        }
    } else {
        memcpy(out + o, digs, len - d);
        o += len - d;
        if (d) {
            out[o++] = '.';
            memcpy(out + o, digs + len - d, d);
            o += d;
        }
    }
    out[o] = '\0';
    if (o + 1 > n)
        return FS_E_LIMIT;
    memcpy(buf, out, o + 1);
    return 0;
}

/* See interval.h. */
double fs_q_to_double(const fs_q *q)
{
    if (!q || w_iszero(&q->den))
        return NAN;
    fs_i256 an = w_abs(q->num), ad = w_abs(q->den);
    double v = u_to_double(&an) / u_to_double(&ad);
    return w_isneg(&q->num) ? -v : v;
}

/* See interval.h. */
int fs_q_cmp(const fs_q *a, const fs_q *b)
{
    int ovf = 0;
    int c = q_cmp(a, b, &ovf);
    return ovf ? 2 : c;
}
