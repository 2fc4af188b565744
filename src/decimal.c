/* decimal.c — exact decimal arithmetic; see decimal.h. */
#include "decimal.h"

#include "error.h"

#include <stdbool.h>
#include <string.h>

#if !defined(__SIZEOF_INT128__)
#error "decimal.c needs a 128-bit integer type for exact division"
#endif
__extension__ typedef __int128 fs_i128;

static const int64_t pow10_tab[19] = {
    1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
    100000000LL, 1000000000LL, 10000000000LL, 100000000000LL,
    1000000000000LL, 10000000000000LL, 100000000000000LL,
    1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
    1000000000000000000LL};

/* Builds a value without checks. */
fs_dec fs_dec_make(int64_t mant, int scale)
{
    fs_dec d = {mant, scale};
    return d;
}

/* 10^exp from the table, 0 outside 0..18. */
int64_t fs_dec_pow10(int exp)
{
    return (exp >= 0 && exp <= 18) ? pow10_tab[exp] : 0;
}

/* A value every function accepts: mantissa not INT64_MIN, scale in range. */
static bool valid(fs_dec a)
{
    return a.mant != INT64_MIN && a.scale >= 0 && a.scale <= FS_DEC_MAX_SCALE;
}

int fs_dec_sign(fs_dec a)
{
    return (a.mant > 0) - (a.mant < 0);
}

/* Drops trailing fractional zeros. */
fs_dec fs_dec_normalize(fs_dec a)
{
    if (a.mant == 0)
        return fs_dec_make(0, 0);
    while (a.scale > 0 && a.mant % 10 == 0) {
        a.mant /= 10;
        a.scale--;
    }
    return a;
}

/* a at a scale s >= a.scale, exactly; false on overflow. */
static bool upscale(fs_dec a, int s, int64_t *mant)
{
    if (s < a.scale || s > FS_DEC_MAX_SCALE)
        return false;
    int64_t r;
    if (__builtin_mul_overflow(a.mant, pow10_tab[s - a.scale], &r) || r == INT64_MIN)
        return false;
    *mant = r;
    return true;
}

int fs_dec_cmp(fs_dec a, fs_dec b)
{
    int sa = fs_dec_sign(a), sb = fs_dec_sign(b);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    /* Integer parts first (truncated towards zero), then the fractions
     * brought to a common scale, which always fits (< 10^18). */
    int64_t pa = pow10_tab[a.scale], pb = pow10_tab[b.scale];
    int64_t ia = a.mant / pa, ib = b.mant / pb;
    if (ia != ib)
        return ia < ib ? -1 : 1;
    int s = a.scale > b.scale ? a.scale : b.scale;
    int64_t fa = (a.mant % pa) * pow10_tab[s - a.scale];
    int64_t fb = (b.mant % pb) * pow10_tab[s - b.scale];
    return (fa > fb) - (fa < fb);
}

int fs_dec_eq(fs_dec a, fs_dec b)
{
    return fs_dec_cmp(a, b) == 0;
}

/* a + b, or a − b when negate_b; aligns scales, retrying with normalised
 * inputs when the alignment alone overflows. */
static int addsub(fs_dec a, fs_dec b, bool negate_b, fs_dec *out)
{
    if (!valid(a) || !valid(b))
        return FS_E_NUMBER;
    for (int attempt = 0; attempt < 2; attempt++) {
        int s = a.scale > b.scale ? a.scale : b.scale;
        int64_t ma, mb, r;
        if (upscale(a, s, &ma) && upscale(b, s, &mb)) {
            bool ovf = negate_b ? __builtin_sub_overflow(ma, mb, &r)
                                : __builtin_add_overflow(ma, mb, &r);
            if (ovf || r == INT64_MIN)
                return FS_E_NUMBER;
            *out = fs_dec_make(r, s);
            return FS_OK;
        }
        a = fs_dec_normalize(a);
        b = fs_dec_normalize(b);
    }
    return FS_E_NUMBER;
}

int fs_dec_add(fs_dec a, fs_dec b, fs_dec *out)
{
    return addsub(a, b, false, out);
}

int fs_dec_sub(fs_dec a, fs_dec b, fs_dec *out)
{
    return addsub(a, b, true, out);
}

int fs_dec_neg(fs_dec a, fs_dec *out)
{
    if (!valid(a))
        return FS_E_NUMBER;
    *out = fs_dec_make(-a.mant, a.scale);
    return FS_OK;
}

int fs_dec_mul(fs_dec a, fs_dec b, fs_dec *out)
{
    if (!valid(a) || !valid(b))
        return FS_E_NUMBER;
    int64_t r;
    if (__builtin_mul_overflow(a.mant, b.mant, &r) || r == INT64_MIN) {
        a = fs_dec_normalize(a);
        b = fs_dec_normalize(b);
        if (__builtin_mul_overflow(a.mant, b.mant, &r) || r == INT64_MIN)
            return FS_E_NUMBER;
    }
    fs_dec d = fs_dec_make(r, a.scale + b.scale);
    if (d.scale > FS_DEC_MAX_SCALE) {
        d = fs_dec_normalize(d);
        if (d.scale > FS_DEC_MAX_SCALE)
            return FS_E_NUMBER;
    }
    *out = d;
    return FS_OK;
}

int fs_dec_shift(fs_dec a, int exp, fs_dec *out)
{
    if (!valid(a) || exp > 36 || exp < -36)
        return FS_E_NUMBER;
    if (exp >= 0) {
        if (a.scale >= exp) {
            *out = fs_dec_make(a.mant, a.scale - exp);
            return FS_OK;
        }
        int64_t r;
        if (exp - a.scale > 18 ||
            __builtin_mul_overflow(a.mant, pow10_tab[exp - a.scale], &r) || r == INT64_MIN)
            return FS_E_NUMBER;
        *out = fs_dec_make(r, 0);
        return FS_OK;
    }
    fs_dec d = fs_dec_make(a.mant, a.scale - exp);
    if (d.scale > FS_DEC_MAX_SCALE) {
        d = fs_dec_normalize(d);
        if (d.scale > FS_DEC_MAX_SCALE)
            return FS_E_NUMBER;
    }
    *out = d;
    return FS_OK;
}

/* Rounds the exact quotient q + r/d (r and d of any signs, |r| < |d|) to an
 * integer by mode; false when mode is FS_ROUND_EXACT and r != 0. */
static bool round_quotient(fs_i128 *q, fs_i128 r, fs_i128 d, fs_round mode)
{
    if (r == 0)
        return true;
    /* sign of the true value r/d, and how its magnitude compares with 1/2 */
    int neg = (r < 0) != (d < 0);
    fs_i128 ar = r < 0 ? -r : r, ad = d < 0 ? -d : d;
    fs_i128 twice = 2 * ar;
    switch (mode) {
    case FS_ROUND_EXACT:
        return false;
    case FS_ROUND_FLOOR:
        if (neg)
            (*q)--;
        return true;
    case FS_ROUND_CEIL:
        if (!neg)
            (*q)++;
        return true;
    case FS_ROUND_HALF_UP:
        if (twice >= ad)
            *q += neg ? -1 : 1;
        return true;
    case FS_ROUND_HALF_EVEN:
        if (twice > ad || (twice == ad && (*q % 2 != 0)))
            *q += neg ? -1 : 1;
        return true;
    }
    return false;
}

/* Stores an int128 result at scale if it fits an fs_dec. */
static int store(fs_i128 q, int scale, fs_dec *out)
{
    if (q > INT64_MAX || q <= (fs_i128)INT64_MIN)
        return FS_E_NUMBER;
    *out = fs_dec_make((int64_t)q, scale);
    return FS_OK;
}

int fs_dec_round(fs_dec a, int scale, fs_round mode, fs_dec *out)
{
    if (!valid(a) || scale < 0 || scale > FS_DEC_MAX_SCALE)
        return FS_E_NUMBER;
    if (scale >= a.scale) {
        int64_t m;
        if (!upscale(a, scale, &m))
            return FS_E_NUMBER;
        *out = fs_dec_make(m, scale);
        return FS_OK;
    }
    fs_i128 p = pow10_tab[a.scale - scale];
    fs_i128 q = a.mant / p, r = a.mant % p;
    if (!round_quotient(&q, r, p, mode))
        return FS_E_NUMBER;
    return store(q, scale, out);
}

/* n × 10^k in 128 bits; false on overflow. */
static bool mul_pow10_128(fs_i128 n, int k, fs_i128 *out)
{
    while (k > 0) {
        int step = k > 18 ? 18 : k;
        if (__builtin_mul_overflow(n, (fs_i128)pow10_tab[step], &n))
            return false;
        k -= step;
    }
    *out = n;
    return true;
}

int fs_dec_div(fs_dec a, fs_dec b, int scale, fs_round mode, fs_dec *out)
{
    if (!valid(a) || !valid(b) || b.mant == 0 || scale < 0 || scale > FS_DEC_MAX_SCALE)
        return FS_E_NUMBER;
    /* a/b at scale = (a.mant × 10^(b.scale − a.scale + scale)) / b.mant */
    int k = b.scale - a.scale + scale;
    fs_i128 n = a.mant, d = b.mant;
    if (k >= 0 ? !mul_pow10_128(n, k, &n) : !mul_pow10_128(d, -k, &d))
        return FS_E_NUMBER;
    fs_i128 q = n / d, r = n % d;
    if (!round_quotient(&q, r, d, mode))
        return FS_E_NUMBER;
    return store(q, scale, out);
}

int fs_dec_to_string(fs_dec a, char *buf, size_t n)
{
    if (!valid(a))
        return FS_E_USAGE;
    char digits[24];
    int nd = 0;
    uint64_t m = a.mant < 0 ? (uint64_t)(-a.mant) : (uint64_t)a.mant;
    do {
        digits[nd++] = (char)('0' + m % 10);
        m /= 10;
    } while (m > 0);
    while (nd <= a.scale)
        digits[nd++] = '0';
    size_t need = (size_t)nd + (a.mant < 0) + (a.scale > 0) + 1;
    if (!buf || n < need)
        return FS_E_USAGE;
    size_t o = 0;
    if (a.mant < 0)
        buf[o++] = '-';
    for (int i = nd - 1; i >= 0; i--) {
        buf[o++] = digits[i];
        if (i == a.scale && a.scale > 0)
            buf[o++] = '.';
    }
    buf[o] = '\0';
    return (int)o;
}

int fs_dec_from_string(const char *s, size_t len, fs_dec *out)
{
    size_t i = 0;
    bool neg = false, seen_dot = false;
    int ndigits = 0, scale = 0, pending_zeros = 0;
    int64_t m = 0;
    if (!s)
        return FS_E_USAGE;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    for (; i < len; i++) {
        char c = s[i];
        if (c == '.' && !seen_dot) {
            seen_dot = true;
            continue;
        }
        if (c < '0' || c > '9')
            return FS_E_USAGE;
        ndigits++;
        if (seen_dot) {
            /* trailing fractional zeros are kept only while they fit */
            if (c == '0') {
                pending_zeros++;
                continue;
            }
            while (pending_zeros > 0) {
                if (scale >= FS_DEC_MAX_SCALE || __builtin_mul_overflow(m, 10, &m))
                    return FS_E_NUMBER;
                scale++;
                pending_zeros--;
            }
            if (scale >= FS_DEC_MAX_SCALE)
                return FS_E_NUMBER;
            scale++;
        }
        if (__builtin_mul_overflow(m, 10, &m) || __builtin_add_overflow(m, c - '0', &m))
            return FS_E_NUMBER;
    }
    if (ndigits == 0)
        return FS_E_USAGE;
    while (pending_zeros > 0 && scale < FS_DEC_MAX_SCALE && m <= INT64_MAX / 10) {
        m *= 10;
        scale++;
        pending_zeros--;
    }
    *out = fs_dec_make(neg ? -m : m, scale);
    return FS_OK;
}
