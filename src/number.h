/* number.h — one printed quantity: text in, exact value + unit + precision out.
 *
 * Pure: no locale, no globals, no floating point.  Input is UTF-8.
 *
 * A quantity is  [approx prefix] [sign] numeral [multiplier] [approx] [unit] [左右]
 * or             [approx prefix] 百分之|千分之|万分之 [sign] numeral        (% ‰ ‱)
 *
 *   numeral     Arabic: 953.39  1,234,567.89  .5  0.00  (groups of exactly 3
 *               after ','; full-width digits ０-９ and '．' accepted), or
 *               Chinese: 一百八十三点三九  两千三百万  一万零五百  〇/零 gaps,
 *               elided tails (一千三 = 1300, 九万四 = 94000), financial
 *               forms 壹贰叁…拾佰仟 and traditional 萬億兩點負, positional
 *               digit strings (二〇一九), or mixes (3千万, 1.2亿, 5万4千6百).
 *   sign        - − － 负 負
 *   multiplier  after an Arabic numeral 十百千万亿 and chains (千万, 万亿);
 *               after a Chinese numeral 万 亿 and chains (十百千 are places).
 *   unit        元; 人 名; 人次; 个 项 辆 台 家 套 次; 平方米 ㎡; % ％ ‰ ‱;
 *               个百分点 / 百分点 (percentage points: a difference of two
 *               rates, its own unit, never a rate of change).
 *   approx      prefixes 约 大约 近 将近 接近 超过 超 逾 多达; inside or after
 *               the numeral 多 余 几 (十多万, 500余万元, 二十几万, 3万余元);
 *               suffix 左右.  Such a quantity has approximate = 1 and its
 *               value is the stated round figure (十多万 → 100000), which is
 *               not an exact statement: it has no rounding interval.
 *
 * Spaces (U+0020, U+3000) may stand between the tokens of a quantity, except
 * between two digit runs ("1 234" is two numbers); TAB never does (it
 * separates table cells).  The span reported excludes surrounding spaces.
 *
 * Value, printed unit and precision.  "953.39万元" gives
 *     value    = 953.39        (mant 95339, scale 2) — the number as printed,
 *                              in the printed unit; value.scale == decimals
 *     decimals = 2             digits printed after the decimal point
 *     unit     = FS_UNIT_YUAN  the unit word; its base unit is fs_unit_base()
 *     mult_exp10 = 4           the multiplier printed with it (万)
 *     unit_exp10 = 4           printed unit = 10^unit_exp10 base units
 *     base     = 9533900       value × 10^unit_exp10, exact, in the base unit
 *                              (元 for money, % for % ‰ ‱, the unit itself
 *                              otherwise); base.scale = max(0, decimals −
 *                              unit_exp10)
 * The rounding interval of what was printed is value ± 0.5 × 10^-decimals in
 * the printed unit, i.e. base ± 0.5 × 10^(unit_exp10 − decimals) base units;
 * fs_quantity_interval computes it exactly.  A Chinese numeral leaves its
 * trailing zeros unwritten: "两千三百万" is value 2300 (万), decimals 0, and
 * implicit_zeros = 2 says the last written digit was the hundreds digit, so a
 * caller that suspects rounding to 百万 can widen the interval by 10^2.
 *
 * Limits (FS_E_NUMBER with a message beyond them, never a wrapped value):
 *   at most FS_NUMBER_MAX_DIGITS (18) significant digits in the printed
 *   mantissa and in the base mantissa; at most FS_NUMBER_MAX_DECIMALS (9)
 *   printed decimal places; |base| < 10^FS_NUMBER_MAX_BASE_EXP10 (10^17) base
 *   units.  Reports print at most 4 decimals and 10^13 元; the mantissa limit
 *   leaves room for sums of a few hundred figures in int64.
 *
 * Not supported (rejected by fs_number_parse, skipped or reported by the
 * scanner): fractions (三分之一, 3/5), 又, ranges (二三十, 5-20%), ordinals
 * (第一), discounts (七五折, 三成), dozens (打), 半, scientific notation,
 * k/M suffixes, 兆 (10^6 or 10^12 depending on the writer). */
#ifndef FISCAN_NUMBER_H
#define FISCAN_NUMBER_H

#include <stddef.h>

#include "decimal.h"
#include "error.h"

#define FS_NUMBER_MAX_DIGITS 18
#define FS_NUMBER_MAX_DECIMALS 9
#define FS_NUMBER_MAX_BASE_EXP10 17

/* The unit word printed after (or, for 百分之, before) the number. */
typedef enum fs_unit {
    FS_UNIT_NONE = 0,    /* a bare number */
    FS_UNIT_YUAN,        /* 元; 千元 万元 亿元 are YUAN with mult_exp10 3/4/8 */
    FS_UNIT_PERCENT,     /* % ％ 百分之 */
    FS_UNIT_PERMILLE,    /* ‰ 千分之: base unit PERCENT, unit_exp10 −1 */
    FS_UNIT_PERMYRIAD,   /* ‱ 万分之: base unit PERCENT, unit_exp10 −2 */
    FS_UNIT_PPOINT,      /* 个百分点 百分点: percentage points */
    FS_UNIT_PERSON,      /* 人 名 */
    FS_UNIT_PERSON_TIME, /* 人次 */
    FS_UNIT_GE,          /* 个 個 */
    FS_UNIT_XIANG,       /* 项 */
    FS_UNIT_LIANG,       /* 辆 */
    FS_UNIT_TAI,         /* 台 */
    FS_UNIT_JIA,         /* 家 */
    FS_UNIT_TAO,         /* 套 */
    FS_UNIT_CI,          /* 次 */
    FS_UNIT_SQM,         /* 平方米 ㎡ */
    FS_UNIT_COUNT_       /* number of units; not a unit */
} fs_unit;

/* How the numeral was written (bits of fs_quantity.form). */
enum {
    FS_FORM_ARABIC = 1u,  /* has Arabic digits */
    FS_FORM_CHINESE = 2u  /* has Chinese digits or place words */
};

typedef struct fs_quantity {
    fs_dec value;        /* as printed, in the printed unit; scale == decimals */
    fs_dec base;         /* exact value in the base unit (fs_unit_base(unit)) */
    int decimals;        /* digits printed after the decimal point, 0…9 */
    int implicit_zeros;  /* trailing integer zeros a Chinese numeral left
                            unwritten (两千三百 → 2, 二十 → 1, 2300 → 0) */
    fs_unit unit;
    int mult_exp10;      /* printed multiplier: 万 → 4, 千万 → 7, none → 0 */
    int unit_exp10;      /* printed unit = 10^unit_exp10 base units:
                            mult_exp10 + fs_unit_exp10(unit) */
    unsigned approximate : 1; /* 约 多 余 几 近 超过 逾 左右: no exact interval */
    unsigned form : 2;        /* FS_FORM_* bits */
    size_t start, end;   /* byte span of the whole quantity (prefixes, sign,
                            numeral, multiplier, unit, suffix) */
    size_t num_start, num_end; /* byte span of the numeral with its
                            multipliers, without prefix, sign and unit
                            ("953.39万" in "约953.39万元") */
} fs_quantity;

/* Parses s[0, len) as exactly one quantity (surrounding spaces allowed) and
 * fills q; q->start/end are offsets into s.  Bare numbers ("76.23") parse
 * with unit FS_UNIT_NONE.  Returns 0, or FS_E_NUMBER with a message in e
 * (may be NULL) for empty text, garbage, an unsupported form, or a value
 * beyond the limits. */
int fs_number_parse(const char *s, size_t len, fs_quantity *q, fs_error *e);

/* Finds the first quantity starting at or after byte `from` in s[0, len):
 * the longest one the grammar accepts at the leftmost position where one
 * starts.  Never joins across a unit ("…3541.07万元2.3本…" gives 3541.07
 * 万元 then 2.3), and does not start a number inside a digit run, after a
 * '.' between digits, or take a '-' after a digit as a sign ("2019-2020").
 * Dotted sequences such as section numbers "2.2.1" are skipped whole.
 * Bare Chinese numerals inside words (一般, 统一, 百姓) are found too: a
 * caller looking for figures should require a unit or a context.
 * Returns 1 with q filled, 0 when there is none, or FS_E_NUMBER (message in
 * e, may be NULL) for a number-like span that cannot be represented (too
 * many digits, a fraction): q->start/end then hold that span so the caller
 * can report it and continue scanning from q->end. */
int fs_number_scan(const char *s, size_t len, size_t from, fs_quantity *q, fs_error *e);

/* Exact rounding interval of a quantity in its base unit:
 * [base − h, base + h] with h = 0.5 × 10^(unit_exp10 − decimals).
 * FS_E_USAGE when the quantity is approximate (no exact interval). */
int fs_quantity_interval(const fs_quantity *q, fs_dec *lo, fs_dec *hi);

/* The printed unit as text, multiplier included ("万元", "千万元", "%", "万人",
 * "" for a bare number), into buf of size n.  Returns the length, or
 * FS_E_USAGE when buf is too small (32 bytes always suffice). */
int fs_quantity_unit_text(const fs_quantity *q, char *buf, size_t n);

/* The unit word ("元", "%", "个百分点", "" for NONE); static string. */
const char *fs_unit_name(fs_unit u);

/* The unit in which base values of u are expressed: PERCENT for PERCENT,
 * PERMILLE and PERMYRIAD; u itself otherwise.  Two quantities are
 * comparable when their base units are equal. */
fs_unit fs_unit_base(fs_unit u);

/* The exponent of u relative to its base unit: ‰ → −1, ‱ → −2, else 0. */
int fs_unit_exp10(fs_unit u);

#endif
