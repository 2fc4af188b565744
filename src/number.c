/* number.c — quantities in Chinese report text; see number.h for the grammar.
 *
 * A small lexer turns the text at a position into numeral tokens (an Arabic
 * run, a Chinese digit, a place word 十百千, a multiplier 万亿, 点, the
 * placeholders 几 多 余); a single left-to-right pass folds them into an
 * exact value with the usual sections (亿 > 万 > place words), then the
 * quantity level adds the sign, approximation words, and the unit. */
#include "number.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* ---- characters ---------------------------------------------------------- */

enum ckind { K_NONE, K_DIGIT, K_PLACE, K_MULT, K_POINT, K_JI, K_DUO };

typedef struct cinfo {
    uint32_t cp;
    unsigned char kind;  /* enum ckind */
    unsigned char val;   /* digit value, or exponent of a place / multiplier */
    unsigned char liang; /* 两-like: a digit only before a place word */
} cinfo;

/* Sorted by code point for bsearch-like lookup. */
static const cinfo ctab[] = {
    {0x3007, K_DIGIT, 0, 0}, /* 〇 */
    {0x4e00, K_DIGIT, 1, 0}, /* 一 */
    {0x4e03, K_DIGIT, 7, 0}, /* 七 */
    {0x4e07, K_MULT, 4, 0},  /* 万 */
    {0x4e09, K_DIGIT, 3, 0}, /* 三 */
    {0x4e24, K_DIGIT, 2, 1}, /* 两 */
    {0x4e5d, K_DIGIT, 9, 0}, /* 九 */
    {0x4e8c, K_DIGIT, 2, 0}, /* 二 */
    {0x4e94, K_DIGIT, 5, 0}, /* 五 */
    {0x4ebf, K_MULT, 8, 0},  /* 亿 */
    {0x4edf, K_PLACE, 3, 0}, /* 仟 */
    {0x4f0d, K_DIGIT, 5, 0}, /* 伍 */
    {0x4f59, K_DUO, 0, 0},   /* 余 */
    {0x4f70, K_PLACE, 2, 0}, /* 佰 */
    {0x4fe9, K_DIGIT, 2, 1}, /* 俩 */
    {0x5006, K_DIGIT, 2, 1}, /* 倆 */
    {0x5104, K_MULT, 8, 0},  /* 億 */
    {0x5169, K_DIGIT, 2, 1}, /* 兩 */
    {0x516b, K_DIGIT, 8, 0}, /* 八 */
    {0x516d, K_DIGIT, 6, 0}, /* 六 */
    {0x51e0, K_JI, 0, 0},    /* 几 */
    {0x5341, K_PLACE, 1, 0}, /* 十 */
    {0x5343, K_PLACE, 3, 0}, /* 千 */
    {0x53c1, K_DIGIT, 3, 0}, /* 叁 */
    {0x53c3, K_DIGIT, 3, 0}, /* 參 */
    {0x53c4, K_DIGIT, 3, 0}, /* 叄 */
    {0x56db, K_DIGIT, 4, 0}, /* 四 */
    {0x58f9, K_DIGIT, 1, 0}, /* 壹 */
    {0x591a, K_DUO, 0, 0},   /* 多 */
    {0x5e7e, K_JI, 0, 0},    /* 幾 */
    {0x62fe, K_PLACE, 1, 0}, /* 拾 */
    {0x634c, K_DIGIT, 8, 0}, /* 捌 */
    {0x67d2, K_DIGIT, 7, 0}, /* 柒 */
    {0x70b9, K_POINT, 0, 0}, /* 点 */
    {0x7396, K_DIGIT, 9, 0}, /* 玖 */
    {0x767e, K_PLACE, 2, 0}, /* 百 */
    {0x8086, K_DIGIT, 4, 0}, /* 肆 */
    {0x842c, K_MULT, 4, 0},  /* 萬 */
    {0x8cb3, K_DIGIT, 2, 0}, /* 貳 */
    {0x8d30, K_DIGIT, 2, 0}, /* 贰 */
    {0x9646, K_DIGIT, 6, 0}, /* 陆 */
    {0x9678, K_DIGIT, 6, 0}, /* 陸 */
    {0x96f6, K_DIGIT, 0, 0}, /* 零 */
    {0x9918, K_DUO, 0, 0},   /* 餘 */
    {0x9ede, K_POINT, 0, 0}, /* 點 */
};

/* The entry for code point cp, or NULL. */
static const cinfo *cinfo_of(uint32_t cp)
{
    size_t lo = 0, hi = sizeof ctab / sizeof ctab[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ctab[mid].cp == cp)
            return &ctab[mid];
        if (ctab[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Decodes the UTF-8 character at s[pos]; returns its byte length (0 at the
 * end or on a malformed sequence) and the code point in *cp. */
static size_t utf8_at(const char *s, size_t len, size_t pos, uint32_t *cp)
{
    if (pos >= len)
        return 0;
    const unsigned char *u = (const unsigned char *)s + pos;
    size_t avail = len - pos;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n;
    uint32_t c;
    if ((u[0] & 0xe0) == 0xc0) {
        n = 2;
        c = u[0] & 0x1f;
    } else if ((u[0] & 0xf0) == 0xe0) {
        n = 3;
        c = u[0] & 0x0f;
    } else if ((u[0] & 0xf8) == 0xf0) {
        n = 4;
        c = u[0] & 0x07;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3f);
    }
    *cp = c;
    return n;
}

/* Length of the character before pos (1 when unsure), 0 at the start. */
static size_t utf8_back(const char *s, size_t pos)
{
    size_t n = 0;
    while (pos > 0 && n < 4) {
        pos--;
        n++;
        if (((unsigned char)s[pos] & 0xc0) != 0x80)
            break;
    }
    return n;
}

/* An Arabic digit (ASCII or full-width) at pos: its byte length, value in *d. */
static size_t digit_at(const char *s, size_t len, size_t pos, int *d)
{
    uint32_t cp;
    size_t n = utf8_at(s, len, pos, &cp);
    if (n && cp >= '0' && cp <= '9') {
        *d = (int)(cp - '0');
        return n;
    }
    if (n && cp >= 0xff10 && cp <= 0xff19) {
        *d = (int)(cp - 0xff10);
        return n;
    }
    return 0;
}

/* A code point at pos equal to one of a or b: its length, else 0. */
static size_t cp_at(const char *s, size_t len, size_t pos, uint32_t a, uint32_t b)
{
    uint32_t cp;
    size_t n = utf8_at(s, len, pos, &cp);
    return (n && (cp == a || cp == b)) ? n : 0;
}

/* The decimal point '.' or full-width '．'. */
static size_t dot_at(const char *s, size_t len, size_t pos)
{
    return cp_at(s, len, pos, '.', 0xff0e);
}

/* A space that may stand inside a quantity: U+0020 or U+3000 (not TAB). */
static size_t space_at(const char *s, size_t len, size_t pos)
{
    return cp_at(s, len, pos, ' ', 0x3000);
}

static size_t skip_spaces(const char *s, size_t len, size_t pos)
{
    size_t n;
    while ((n = space_at(s, len, pos)) > 0)
        pos += n;
    return pos;
}

/* Matches the UTF-8 word w at pos, allowing spaces between its characters
 * (not before the first).  Returns the end of the match, or 0. */
static size_t word_at(const char *s, size_t len, size_t pos, const char *w)
{
    size_t wl = strlen(w), i = 0;
    while (i < wl) {
        uint32_t a, b;
        size_t na = utf8_at(w, wl, i, &a);
        if (i > 0)
            pos = skip_spaces(s, len, pos);
        size_t nb = utf8_at(s, len, pos, &b);
        if (!na || !nb || a != b)
            return 0;
        i += na;
        pos += nb;
    }
    return pos;
}

/* ---- tokens ------------------------------------------------------------- */

enum tkind { T_NONE, T_ARABIC, T_DIGIT, T_PLACE, T_MULT, T_POINT, T_JI, T_DUO, T_DOTTED, T_BAD };

typedef struct token {
    enum tkind kind;
    size_t start, end;
    int val;          /* digit value, or place / multiplier exponent */
    bool liang;
    fs_dec num;       /* T_ARABIC: its value */
    int decimals;     /* T_ARABIC: fraction digits */
    const char *why;  /* T_BAD: reason */
} token;

/* Reads an Arabic run at pos: digits with ',' groups of exactly three,
 * optional fraction, or a leading '.' before digits.  Too many digits make
 * a T_BAD token spanning the whole run; "2.2.1" makes a T_DOTTED one. */
static bool lex_arabic(const char *s, size_t len, size_t pos, token *t)
{
    size_t p = pos, n;
    int d, intdigits = 0, sig = 0, fracdigits = 0;
    bool overflow = false;
    int64_t m = 0;
    memset(t, 0, sizeof *t);
    t->start = pos;

    /* integer part: first group, then ",ddd" groups while they are exact */
    while ((n = digit_at(s, len, p, &d)) > 0) {
        p += n;
        intdigits++;
        if (sig > 0 || d != 0)
            sig++;
        if (sig > FS_NUMBER_MAX_DIGITS)
            overflow = true;
        else
            m = m * 10 + d;
    }
    if (intdigits > 0 && intdigits <= 3) {
        for (;;) {
            if (p >= len || s[p] != ',')
                break;
            size_t q = p + 1;
            int k = 0;
            int64_t g = 0;
            while (k < 4 && (n = digit_at(s, len, q, &d)) > 0) {
                q += n;
                g = g * 10 + d;
                k++;
            }
            if (k != 3)
                break;
            p = q;
            for (int i = 0; i < 3; i++) {
                if (sig > 0 || (i == 0 ? g / 100 : i == 1 ? g / 10 % 10 : g % 10) != 0)
                    sig++;
            }
            if (sig > FS_NUMBER_MAX_DIGITS)
                overflow = true;
            else
                m = m * 1000 + g;
        }
    }
    /* fraction */
    size_t nd = dot_at(s, len, p);
    if (nd && digit_at(s, len, p + nd, &d)) {
        p += nd;
        while ((n = digit_at(s, len, p, &d)) > 0) {
            p += n;
            fracdigits++;
            if (sig > 0 || d != 0)
                sig++;
            if (sig > FS_NUMBER_MAX_DIGITS || fracdigits > FS_NUMBER_MAX_DECIMALS)
                overflow = true;
            else
                m = m * 10 + d;
        }
        /* a second ".digit" makes it a dotted sequence (section 2.2.1) */
        nd = dot_at(s, len, p);
        if (nd && digit_at(s, len, p + nd, &d)) {
            while ((nd = dot_at(s, len, p)) > 0 && digit_at(s, len, p + nd, &d)) {
                p += nd;
                while ((n = digit_at(s, len, p, &d)) > 0)
                    p += n;
            }
            t->kind = T_DOTTED;
            t->end = p;
            return true;
        }
    }
    if (intdigits == 0 && fracdigits == 0)
        return false;
    t->end = p;
    if (overflow) {
        t->kind = T_BAD;
        t->why = fracdigits > FS_NUMBER_MAX_DECIMALS ? "more than 9 decimal places"
                                                     : "more than 18 significant digits";
        return true;
    }
    t->kind = T_ARABIC;
    t->num = fs_dec_make(m, fracdigits);
    t->decimals = fracdigits;
    return true;
}

/* Reads one numeral token at pos (no leading spaces).  Place words and
 * multipliers directly followed by 分 (百分点, 千分之, 万分之) are not numeral
 * tokens, nor is 余 in 余额. */
static bool lex(const char *s, size_t len, size_t pos, token *t)
{
    int d;
    if (digit_at(s, len, pos, &d) || (dot_at(s, len, pos) && digit_at(s, len, pos + dot_at(s, len, pos), &d)))
        return lex_arabic(s, len, pos, t);
    uint32_t cp;
    size_t n = utf8_at(s, len, pos, &cp);
    const cinfo *ci = n ? cinfo_of(cp) : NULL;
    if (!ci)
        return false;
    memset(t, 0, sizeof *t);
    t->start = pos;
    t->end = pos + n;
    t->val = ci->val;
    t->liang = ci->liang;
    size_t after = skip_spaces(s, len, pos + n);
    switch (ci->kind) {
    case K_DIGIT:
        t->kind = T_DIGIT;
        return true;
    case K_PLACE:
    case K_MULT:
        if (cp_at(s, len, after, 0x5206, 0x5206)) /* 分 */
            return false;
        t->kind = ci->kind == K_PLACE ? T_PLACE : T_MULT;
        return true;
    case K_POINT:
        t->kind = T_POINT;
        return true;
    case K_JI:
        t->kind = T_JI;
        return true;
    case K_DUO:
        if (cp_at(s, len, pos + n, 0x989d, 0x984d)) /* 额 額 */
            return false;
        t->kind = T_DUO;
        return true;
    default:
        return false;
    }
}

/* ---- numerals ----------------------------------------------------------- */

typedef struct numeral {
    fs_dec total;       /* the whole value, multipliers applied */
    int decimals;
    int chain_exp;      /* trailing multiplier chain (printed unit) */
    int implicit_zeros_hint; /* 1 when the last written digit left zeros */
    unsigned form;
    bool approx;
    size_t end;
} numeral;

/* Outcome of reading at a position. */
enum { R_ERROR = -1, R_NONE = 0, R_OK = 1, R_DOTTED = 2 };

typedef struct pctx {
    const char *s;
    size_t len;
    size_t err_start, err_end;
    const char *why;
} pctx;

/* Records an error over [a, b) and returns R_ERROR. */
static int fail(pctx *c, size_t a, size_t b, const char *why)
{
    c->err_start = a;
    c->err_end = b;
    c->why = why;
    return R_ERROR;
}

/* acc += v × 10^exp, exactly; false when it does not fit. */
static bool acc_add(fs_dec *acc, fs_dec v, int exp)
{
    fs_dec w;
    return fs_dec_shift(v, exp, &w) == FS_OK && fs_dec_add(*acc, w, acc) == FS_OK;
}

static bool digitish(enum tkind k)
{
    return k == T_ARABIC || k == T_DIGIT || k == T_JI;
}

/* Reads the numeral starting exactly at pos into *out.  R_OK, R_NONE (no
 * numeral here), R_DOTTED (a dotted sequence, out->end set) or R_ERROR. */
static int read_numeral(pctx *c, size_t pos, numeral *out)
{
    const char *s = c->s;
    size_t len = c->len;
    fs_dec zero = fs_dec_make(0, 0);
    fs_dec big = zero, mid = zero, sec = zero, num = zero;
    bool have_num = false, num_arabic = false, any = false, positional = false;
    bool after_zero = false, frac_done = false, duo_seen = false, mid_has_wan = false;
    bool big_has_yi = false, last_sig_implicit = false, sec_written = false;
    int last_place = 4, last_unit_exp = 0, last_mult = 0, elide_exp = 0;
    int decimals = 0, chain = 0;
    unsigned form = 0;
    bool approx = false;
    enum tkind prev = T_NONE;
    size_t end = pos;
    token t;

    memset(out, 0, sizeof *out);
    for (;;) {
        size_t p = skip_spaces(s, len, end);
        bool ws = p != end;
        if (prev == T_NONE && ws)
            break;
        if (!lex(s, len, p, &t))
            break;
        if (ws && digitish(prev) && digitish(t.kind))
            break;
        if (t.kind == T_DOTTED) {
            if (prev != T_NONE)
                break;
            out->end = t.end;
            return R_DOTTED;
        }
        if (t.kind == T_BAD)
            return fail(c, t.start, t.end, t.why);

        bool stop = false;
        switch (t.kind) {
        case T_ARABIC:
            if (have_num || frac_done || duo_seen || positional || prev == T_POINT ||
                (prev == T_DIGIT && !after_zero)) {
                stop = true;
                break;
            }
            num = t.num;
            have_num = num_arabic = true;
            elide_exp = 0;
            form |= FS_FORM_ARABIC;
            if (t.decimals > 0) {
                decimals = t.decimals;
                frac_done = true;
            }
            chain = 0;
            last_sig_implicit = false;
            after_zero = false;
            break;
        case T_DIGIT:
        case T_JI:
            if (have_num || frac_done || duo_seen || positional) {
                /* a second digit straight after the first, at the start:
                 * a positional digit string such as 二〇一九 */
                if (t.kind == T_DIGIT && prev == T_DIGIT && !ws && !t.liang && have_num &&
                    !num_arabic && any && fs_dec_eq(big, zero) && fs_dec_eq(mid, zero) &&
                    fs_dec_eq(sec, zero) && (positional || last_place == 4)) {
                    fs_dec ten = fs_dec_make(10, 0);
                    if (fs_dec_mul(num, ten, &num) != FS_OK ||
                        fs_dec_add(num, fs_dec_make(t.val, 0), &num) != FS_OK ||
                        num.mant >= fs_dec_pow10(FS_NUMBER_MAX_DIGITS))
                        return fail(c, pos, t.end, "more than 18 significant digits");
                    positional = true;
                    break;
                }
                stop = true;
                break;
            }
            if (t.kind == T_DIGIT && t.val == 0) {
                /* 零 〇: a gap; an integer digit that follows does not elide */
                if (positional) {
                    stop = true;
                    break;
                }
                after_zero = true;
                any = true;
                form |= FS_FORM_CHINESE;
                chain = 0;
                last_sig_implicit = false;
                if (prev == T_NONE) {
                    /* a leading zero: "零" alone, 零点五, or 〇五 */
                    num = zero;
                    have_num = true;
                    num_arabic = false;
                }
                break;
            }
            if (t.kind == T_JI) {
                approx = true;
                num = fs_dec_make(prev == T_NONE ? 1 : 0, 0);
            } else {
                num = fs_dec_make(t.val, 0);
            }
            have_num = true;
            num_arabic = false;
            elide_exp = (!after_zero && (prev == T_PLACE || prev == T_MULT)) ? last_unit_exp - 1 : 0;
            form |= FS_FORM_CHINESE;
            chain = 0;
            last_sig_implicit = elide_exp > 0;
            after_zero = false;
            break;
        case T_PLACE:
            /* after a decimal only as a multiplier: 1,234.5千元 */
            if (positional || duo_seen || t.val >= last_place ||
                (frac_done && prev != T_ARABIC && prev != T_POINT)) {
                stop = true;
                break;
            }
            if (!have_num || after_zero) {
                /* 十五, 百三, 万十, 零十: a place word alone counts one */
                if (prev == T_NONE || prev == T_MULT || after_zero)
                    num = fs_dec_make(1, 0);
                else {
                    stop = true;
                    break;
                }
            }
            if (!acc_add(&sec, num, t.val))
                return fail(c, pos, t.end, "number too large");
            chain = (prev == T_ARABIC || prev == T_POINT) ? t.val : 0;
            have_num = false;
            sec_written = true;
            last_place = t.val;
            last_unit_exp = t.val;
            after_zero = false;
            last_sig_implicit = true;
            form |= FS_FORM_CHINESE;
            break;
        case T_MULT: {
            if (positional || prev == T_NONE) {
                stop = true;
                break;
            }
            fs_dec chunk = sec;
            if (have_num && !acc_add(&chunk, num, elide_exp))
                return fail(c, pos, t.end, "number too large");
            /* nothing written since the last multiplier (万万, 万亿), as
             * opposed to a written zero (0万元) */
            bool empty = !have_num && !sec_written;
            if (t.val == 4) {
                if (empty) {
                    if (prev == T_MULT && last_mult == 4 && mid_has_wan) {
                        if (fs_dec_shift(mid, 4, &mid) != FS_OK)
                            return fail(c, pos, t.end, "number too large");
                    } else {
                        stop = true;
                        break;
                    }
                } else {
                    if (mid_has_wan) {
                        stop = true;
                        break;
                    }
                    if (!acc_add(&mid, chunk, 4))
                        return fail(c, pos, t.end, "number too large");
                    mid_has_wan = true;
                }
            } else {
                fs_dec val;
                if (fs_dec_add(mid, chunk, &val) != FS_OK)
                    return fail(c, pos, t.end, "number too large");
                if (empty && !mid_has_wan) {
                    if (prev == T_MULT && last_mult == 8 && big_has_yi) {
                        if (fs_dec_shift(big, 8, &big) != FS_OK)
                            return fail(c, pos, t.end, "number too large");
                    } else {
                        stop = true;
                        break;
                    }
                } else {
                    if (big_has_yi) {
                        stop = true;
                        break;
                    }
                    if (!acc_add(&big, val, 8))
                        return fail(c, pos, t.end, "number too large");
                    big_has_yi = true;
                }
                mid = zero;
                mid_has_wan = false;
            }
            sec = zero;
            sec_written = false;
            have_num = false;
            elide_exp = 0;
            last_place = 4;
            last_unit_exp = t.val;
            last_mult = t.val;
            after_zero = false;
            chain += t.val;
            break;
        }
        case T_POINT: {
            if (frac_done || duo_seen || prev == T_NONE) {
                stop = true;
                break;
            }
            /* 点 needs Chinese digits after it (spaces allowed after 点) */
            size_t q = skip_spaces(s, len, t.end);
            int k = 0;
            int64_t f = 0;
            bool too_many = false;
            token d;
            while (lex(s, len, q, &d) && d.kind == T_DIGIT && !d.liang) {
                if (++k > FS_NUMBER_MAX_DECIMALS)
                    too_many = true;
                else
                    f = f * 10 + d.val;
                q = d.end;
            }
            if (k == 0) {
                stop = true;
                break;
            }
            if (too_many)
                return fail(c, pos, q, "more than 9 decimal places");
            if (have_num && !acc_add(&sec, num, elide_exp))
                return fail(c, pos, q, "number too large");
            if (!acc_add(&sec, fs_dec_make(f, k), 0))
                return fail(c, pos, q, "number too large");
            have_num = false;
            elide_exp = 0;
            decimals = k;
            frac_done = true;
            sec_written = true;
            chain = 0;
            last_sig_implicit = false;
            form |= FS_FORM_CHINESE;
            t.end = q;
            break;
        }
        case T_DUO:
            if (prev == T_NONE || duo_seen || prev == T_POINT) {
                stop = true;
                break;
            }
            duo_seen = approx = true;
            break;
        default:
            stop = true;
            break;
        }
        if (stop)
            break;
        if (t.kind != T_DUO)
            any = true;
        prev = t.kind;
        end = t.end;
    }
    if (!any || prev == T_NONE)
        return R_NONE;

    fs_dec total = big;
    if (!acc_add(&total, mid, 0) || !acc_add(&total, sec, 0) ||
        (have_num && !acc_add(&total, num, elide_exp)))
        return fail(c, pos, end, "number too large");
    if (have_num && elide_exp > 0)
        last_sig_implicit = true;
    out->total = total;
    out->decimals = decimals;
    out->chain_exp = chain;
    out->implicit_zeros_hint = last_sig_implicit && decimals == 0 && (form & FS_FORM_CHINESE);
    out->form = form;
    out->approx = approx;
    out->end = end;
    return R_OK;
}

/* ---- units -------------------------------------------------------------- */

typedef struct unit_word {
    const char *w;
    fs_unit unit;
} unit_word;

/* Longest words first where one is a prefix of another (个百分点 before 个,
 * 人次 before 人). */
static const unit_word unit_words[] = {
    {"个百分点", FS_UNIT_PPOINT}, {"個百分點", FS_UNIT_PPOINT}, {"百分点", FS_UNIT_PPOINT},
    {"百分點", FS_UNIT_PPOINT},   {"人次", FS_UNIT_PERSON_TIME}, {"元", FS_UNIT_YUAN},
    {"%", FS_UNIT_PERCENT},       {"％", FS_UNIT_PERCENT},       {"‰", FS_UNIT_PERMILLE},
    {"‱", FS_UNIT_PERMYRIAD},     {"人", FS_UNIT_PERSON},        {"名", FS_UNIT_PERSON},
    {"个", FS_UNIT_GE},           {"個", FS_UNIT_GE},            {"项", FS_UNIT_XIANG},
    {"項", FS_UNIT_XIANG},        {"辆", FS_UNIT_LIANG},         {"輛", FS_UNIT_LIANG},
    {"台", FS_UNIT_TAI},          {"家", FS_UNIT_JIA},           {"套", FS_UNIT_TAO},
    {"次", FS_UNIT_CI},           {"平方米", FS_UNIT_SQM},       {"㎡", FS_UNIT_SQM},
};

static const char *const unit_names[FS_UNIT_COUNT_] = {
    "", "元", "%", "‰", "‱", "个百分点", "人", "人次", "个", "项", "辆", "台", "家", "套", "次", "平方米",
};

const char *fs_unit_name(fs_unit u)
{
    return (u >= 0 && u < FS_UNIT_COUNT_) ? unit_names[u] : "";
}

fs_unit fs_unit_base(fs_unit u)
{
    return (u == FS_UNIT_PERMILLE || u == FS_UNIT_PERMYRIAD) ? FS_UNIT_PERCENT : u;
}

int fs_unit_exp10(fs_unit u)
{
    return u == FS_UNIT_PERMILLE ? -1 : u == FS_UNIT_PERMYRIAD ? -2 : 0;
}

/* The unit word at pos (no leading spaces): its end, or 0. */
static size_t unit_at(const char *s, size_t len, size_t pos, fs_unit *u)
{
    for (size_t i = 0; i < sizeof unit_words / sizeof unit_words[0]; i++) {
        size_t e = word_at(s, len, pos, unit_words[i].w);
        if (e) {
            *u = unit_words[i].unit;
            return e;
        }
    }
    return 0;
}

/* ---- quantities --------------------------------------------------------- */

static const char *const approx_prefixes[] = {"大约", "将近", "接近", "超过", "多达", "约",
                                              "近",   "超",   "逾"};

/* A sign at pos: its end, or 0.  A '-' right after a digit or a Latin
 * letter is a dash ("2019-2020"), not a sign. */
static size_t sign_at(const char *s, size_t len, size_t pos, bool *neg)
{
    uint32_t cp;
    size_t n = utf8_at(s, len, pos, &cp);
    if (!n)
        return 0;
    if (cp == '-' || cp == 0x2212 || cp == 0xff0d) {
        if (pos > 0) {
            size_t b = utf8_back(s, pos);
            uint32_t pc;
            int d;
            if (digit_at(s, len, pos - b, &d))
                return 0;
            if (utf8_at(s, len, pos - b, &pc) && pc < 0x80 &&
                ((pc >= 'a' && pc <= 'z') || (pc >= 'A' && pc <= 'Z')))
                return 0;
        }
        *neg = true;
        return pos + n;
    }
    if (cp == 0x8d1f || cp == 0x8ca0) { /* 负 負 */
        *neg = true;
        return pos + n;
    }
    return 0;
}

/* Number of decimal digits of |m|. */
static int ndigits(int64_t m)
{
    uint64_t u = m < 0 ? (uint64_t)(-m) : (uint64_t)m;
    int n = 1;
    while (u >= 10) {
        u /= 10;
        n++;
    }
    return n;
}

/* Reads a whole quantity starting exactly at pos.  R_OK with q filled,
 * R_NONE, R_DOTTED (q->end set) or R_ERROR (c->err_* set). */
static int read_quantity(pctx *c, size_t pos, fs_quantity *q)
{
    const char *s = c->s;
    size_t len = c->len, p = pos, e;
    bool approx = false, neg = false;
    fs_unit unit = FS_UNIT_NONE;

    memset(q, 0, sizeof *q);
    for (size_t i = 0; i < sizeof approx_prefixes / sizeof approx_prefixes[0]; i++) {
        if ((e = word_at(s, len, p, approx_prefixes[i])) > 0) {
            approx = true;
            p = skip_spaces(s, len, e);
            break;
        }
    }
    static const struct {
        const char *w;
        fs_unit u;
    } prefix_units[] = {{"百分之", FS_UNIT_PERCENT}, {"千分之", FS_UNIT_PERMILLE},
                        {"万分之", FS_UNIT_PERMYRIAD}, {"萬分之", FS_UNIT_PERMYRIAD},
                        {"佰分之", FS_UNIT_PERCENT}, {"仟分之", FS_UNIT_PERMILLE}};
    for (size_t i = 0; i < sizeof prefix_units / sizeof prefix_units[0]; i++) {
        if ((e = word_at(s, len, p, prefix_units[i].w)) > 0) {
            unit = prefix_units[i].u;
            p = skip_spaces(s, len, e);
            break;
        }
    }
    if ((e = sign_at(s, len, p, &neg)) > 0) {
        /* spaces only after 负: "- 3 -" is a page footer, not −3 */
        uint32_t cp;
        p = (utf8_at(s, len, p, &cp) && cp >= 0x3000 && cp != 0xff0d) ? skip_spaces(s, len, e) : e;
    }

    numeral nm;
    size_t num_start = p;
    int r = read_numeral(c, p, &nm);
    if (r == R_DOTTED) {
        q->start = pos;
        q->end = nm.end;
        return R_DOTTED;
    }
    if (r != R_OK)
        return r;
    p = nm.end;
    size_t end = p;
    approx = approx || nm.approx;

    /* fractions are out of scope: say so rather than return a wrong part */
    size_t a = skip_spaces(s, len, p);
    size_t f = word_at(s, len, a, "分之");
    if (!f) {
        uint32_t cp;
        size_t n = utf8_at(s, len, a, &cp);
        if (n && (cp == 0x767e || cp == 0x5343 || cp == 0x4e07)) /* 百 千 万 */
            f = word_at(s, len, skip_spaces(s, len, a + n), "分之");
    }
    if (!f && a < len && s[a] == '/' && nm.form == FS_FORM_ARABIC) {
        int d;
        if (digit_at(s, len, a + 1, &d))
            for (f = a + 1; digit_at(s, len, f, &d);)
                f += digit_at(s, len, f, &d);
    }
    if (f) {
        /* report the whole fraction, denominator included */
        numeral den;
        size_t d0 = skip_spaces(s, len, f);
        bool dn = false;
        size_t d1 = sign_at(s, len, d0, &dn);
        if (read_numeral(c, d1 ? skip_spaces(s, len, d1) : d0, &den) == R_OK)
            f = den.end;
        return fail(c, pos, f, "fractions are not supported");
    }

    if (unit == FS_UNIT_NONE) {
        fs_unit u;
        size_t ue = unit_at(s, len, a, &u);
        if (ue) {
            unit = u;
            end = ue;
        }
    }
    size_t sfx = word_at(s, len, skip_spaces(s, len, end), "左右");
    if (sfx) {
        approx = true;
        end = sfx;
    }

    /* printed value: the numeral without its trailing multiplier chain */
    fs_dec printed;
    int chain = nm.chain_exp;
    fs_dec t;
    if (chain == 0 || fs_dec_shift(nm.total, -chain, &t) != FS_OK ||
        fs_dec_round(t, nm.decimals, FS_ROUND_EXACT, &printed) != FS_OK) {
        chain = 0;
        if (fs_dec_round(nm.total, nm.decimals, FS_ROUND_EXACT, &printed) != FS_OK)
            return fail(c, pos, end, "number too large");
    }
    if (neg)
        printed.mant = -printed.mant;
    if (ndigits(printed.mant) > FS_NUMBER_MAX_DIGITS)
        return fail(c, pos, end, "more than 18 significant digits");
    int unit_exp = chain + fs_unit_exp10(unit);
    fs_dec base;
    if (fs_dec_shift(printed, unit_exp, &base) != FS_OK || ndigits(base.mant) > FS_NUMBER_MAX_DIGITS)
        return fail(c, pos, end, "value too large");
    int64_t ip = base.mant / fs_dec_pow10(base.scale);
    if (ip >= fs_dec_pow10(FS_NUMBER_MAX_BASE_EXP10) || -ip >= fs_dec_pow10(FS_NUMBER_MAX_BASE_EXP10))
        return fail(c, pos, end, "value too large (at least 10^17 base units)");

    q->value = printed;
    q->base = base;
    q->decimals = nm.decimals;
    q->implicit_zeros = 0;
    if (nm.implicit_zeros_hint && !approx) {
        int64_t m = printed.mant < 0 ? -printed.mant : printed.mant;
        while (m != 0 && m % 10 == 0) {
            m /= 10;
            q->implicit_zeros++;
        }
    }
    q->unit = unit;
    q->mult_exp10 = chain;
    q->unit_exp10 = unit_exp;
    q->approximate = approx;
    q->form = nm.form & 3u;
    q->start = pos;
    q->end = end;
    q->num_start = num_start;
    q->num_end = nm.end;
    return R_OK;
}

int fs_number_parse(const char *s, size_t len, fs_quantity *q, fs_error *e)
{
    pctx c = {s, len, 0, 0, NULL};
    fs_quantity tmp;
    if (!q)
        q = &tmp;
    if (!s)
        return fs_error_set(e, FS_E_USAGE, "number: no text");
    size_t p = skip_spaces(s, len, 0);
    if (p >= len)
        return fs_error_set(e, FS_E_NUMBER, "number: empty text");
    int r = read_quantity(&c, p, q);
    if (r == R_ERROR)
        return fs_error_set(e, FS_E_NUMBER, "number: %s in \"%.*s\"", c.why,
                            (int)(c.err_end - c.err_start > 200 ? 200 : c.err_end - c.err_start),
                            s + c.err_start);
    if (r == R_DOTTED)
        return fs_error_set(e, FS_E_NUMBER, "number: dotted sequence \"%.*s\" is not a number",
                            (int)(q->end - q->start > 200 ? 200 : q->end - q->start), s + q->start);
    if (r == R_NONE)
        return fs_error_set(e, FS_E_NUMBER, "number: no number in \"%.*s\"",
                            (int)(len > 200 ? 200 : len), s);
    if (skip_spaces(s, len, q->end) != len)
        return fs_error_set(e, FS_E_NUMBER, "number: unexpected text after \"%.*s\": \"%.*s\"",
                            (int)(q->end - q->start), s + q->start,
                            (int)(len - q->end > 60 ? 60 : len - q->end), s + q->end);
    fs_error_clear(e);
    return FS_OK;
}

/* True when a quantity may start with code point cp (beyond ASCII): a
 * Chinese digit, place word or 几, 负, or the first character of an
 * approximation prefix or of 百分之 / 千分之 / 万分之. */
static bool starts_quantity(uint32_t cp)
{
    static const uint32_t firsts[] = {0x8d1f, 0x8ca0, 0x5927, 0x5c06, 0x63a5, 0x8d85,
                                      0x591a, 0x7ea6, 0x8fd1, 0x903e, 0x4e07, 0x842c};
    const cinfo *ci = cinfo_of(cp);
    if (ci && (ci->kind == K_DIGIT || ci->kind == K_PLACE || ci->kind == K_JI))
        return true;
    if (cp >= 0xff10 && cp <= 0xff19)
        return true;
    for (size_t i = 0; i < sizeof firsts / sizeof firsts[0]; i++)
        if (firsts[i] == cp)
            return true;
    return false;
}

/* True when a number may not start at pos because it would continue a digit
 * run or a dotted / grouped number that began earlier. */
static bool inside_number(const char *s, size_t len, size_t pos)
{
    int d;
    if (pos == 0)
        return false;
    size_t b = utf8_back(s, pos);
    if (digit_at(s, len, pos - b, &d))
        return true;
    if (dot_at(s, len, pos - b)) {
        size_t p2 = pos - b;
        if (p2 > 0) {
            size_t b2 = utf8_back(s, p2);
            if (digit_at(s, len, p2 - b2, &d))
                return true;
        }
    }
    return false;
}

int fs_number_scan(const char *s, size_t len, size_t from, fs_quantity *q, fs_error *e)
{
    pctx c = {s, len, 0, 0, NULL};
    fs_quantity tmp;
    if (!q)
        q = &tmp;
    if (!s)
        return fs_error_set(e, FS_E_USAGE, "number: no text");
    size_t pos = from;
    while (pos < len) {
        uint32_t cp;
        size_t n = utf8_at(s, len, pos, &cp);
        if (!n) {
            pos++;
            continue;
        }
        bool candidate = false;
        int d;
        if (digit_at(s, len, pos, &d) || cp == '.' || cp == 0xff0e)
            candidate = !inside_number(s, len, pos);
        else if (cp == '-' || cp == 0x2212 || cp == 0xff0d)
            candidate = true;
        else if (cp >= 0x3000)
            candidate = starts_quantity(cp);
        if (candidate) {
            int r = read_quantity(&c, pos, q);
            if (r == R_OK) {
                fs_error_clear(e);
                return 1;
            }
            if (r == R_ERROR) {
                q->start = c.err_start;
                q->end = c.err_end;
                return fs_error_set(e, FS_E_NUMBER, "number: %s in \"%.*s\"", c.why,
                                    (int)(c.err_end - c.err_start > 200 ? 200 : c.err_end - c.err_start),
                                    s + c.err_start);
            }
            if (r == R_DOTTED && q->end > pos) {
                pos = q->end;
                continue;
            }
        }
        pos += n;
    }
    fs_error_clear(e);
    return 0;
}

int fs_quantity_interval(const fs_quantity *q, fs_dec *lo, fs_dec *hi)
{
    if (!q || q->approximate)
        return FS_E_USAGE;
    /* h = 0.5 × 10^(unit_exp10 − decimals) = 5 × 10^(unit_exp10 − decimals − 1) */
    fs_dec h;
    if (fs_dec_shift(fs_dec_make(5, 0), q->unit_exp10 - q->decimals - 1, &h) != FS_OK)
        return FS_E_NUMBER;
    if (fs_dec_sub(q->base, h, lo) != FS_OK || fs_dec_add(q->base, h, hi) != FS_OK)
        return FS_E_NUMBER;
    return FS_OK;
}

/* Appends the name of 10^exp as a Chinese multiplier (万, 千万, 万亿) to
 * out, which has room for at least 3 bytes per 4 of exp plus 4. */
static void mult_name(int exp, char *out)
{
    static const char *const small[] = {"", "十", "百", "千"};
    if (exp >= 8) {
        mult_name(exp - 8, out);
        strcat(out, "亿");
    } else if (exp >= 4) {
        mult_name(exp - 4, out);
        strcat(out, "万");
    } else if (exp > 0) {
        strcat(out, small[exp]);
    }
}

int fs_quantity_unit_text(const fs_quantity *q, char *buf, size_t n)
{
    if (!q || !buf || n == 0)
        return FS_E_USAGE;
    char tmp[64] = "";
    if (q->mult_exp10 > 0 && q->mult_exp10 <= 24)
        mult_name(q->mult_exp10, tmp);
    strcat(tmp, fs_unit_name(q->unit));
    size_t o = strlen(tmp);
    if (o >= n)
        return FS_E_USAGE;
    memcpy(buf, tmp, o + 1);
    return (int)o;
}
