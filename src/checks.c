/* checks.c — the checks stage: figure records in, findings and skipped
 * relations out.  See checks.h for what each check means.
 *
 * Every decision goes through exact arithmetic: the relations with a range
 * (growth, prior, share, sums) through interval.h on 256-bit rationals, the
 * comparisons between two statements (restatement, direction) through fs_dec
 * intervals in base units.  Doubles appear only in the display fields of a
 * finding.  A check is one function plus one row of CHECKS[]. */
#include "checks.h"

#include "identity.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* ------------------------------------------------------------- context */

/* What every check function sees: the figures, the options, the result being
 * filled, and child lists of the totals (built once). */
typedef struct ctx {
    const fs_figures *f;
    fs_rounding mode;
    fs_check_result *r;
    /* Lists of parts: one per breakdown of fs_figures.groups, then one per
     * total whose parts carry no group.  A total broken down twice (按支出
     * 功能分类 and 按支出结构) has two lists, each added up on its own. */
    size_t nlists;
    int *list_total;    /* per list: the total, -1 for an unused slot */
    int *list_complete; /* per list: 1 when presented as the whole */
    int *list_first;    /* per list: first part, -1 */
    int *next_in_list;  /* per figure: next part of the same list, -1 */
    unsigned char *open_parts; /* per figure: 1 when it has a part not in brackets */
    int failed;        /* FS_E_NOMEM once an allocation failed */
} ctx;

typedef void (*check_fn)(ctx *c);

/* ------------------------------------------------------------- helpers */

/* What figure i is, for messages: its item (identity.h) when it names one,
 * else its subject as written; "" when none. */
static const char *subj(const ctx *c, int i)
{
    const fs_identity *id = &c->f->v[i].id;
    if (id->item && id->item[0] && !id->generic)
        return id->item;
    const char *s = c->f->v[i].subject;
    return s ? s : "";
}

/* The printed text of q rebuilt from its parsed value: "953.39万元".
 * magnitude: print |value|. */
static void qtext(const fs_quantity *q, int magnitude, char *buf, size_t n)
{
    fs_dec v = q->value;
    char num[48], unit[32];
    if (magnitude && v.mant < 0)
        v.mant = -v.mant;
    if (fs_dec_to_string(v, num, sizeof num) < 0)
        strcpy(num, "?");
    if (fs_quantity_unit_text(q, unit, sizeof unit) < 0)
        unit[0] = '\0';
    size_t a = strlen(num), b = strlen(unit);
    if (a + b + 1 > n) {
        buf[0] = '\0';
        return;
    }
    memcpy(buf, num, a);
    memcpy(buf + a, unit, b + 1);
}

/* 1 for units that count whole things (人, 个, 项 …). */
static int counting_unit(fs_unit u)
{
    switch (u) {
    case FS_UNIT_PERSON: case FS_UNIT_PERSON_TIME: case FS_UNIT_GE: case FS_UNIT_XIANG:
    case FS_UNIT_LIANG: case FS_UNIT_TAI: case FS_UNIT_JIA: case FS_UNIT_TAO: case FS_UNIT_CI:
        return 1;
    default:
        return 0;
    }
}

/* 1 when q is known exactly: a whole count printed without decimals or
 * multiplier (37人 is 37 people, not 36.5 to 37.5), or a zero printed
 * without decimals (0万元: the report's way of saying "none"; an amount
 * that merely rounds to nothing is printed with decimals, 0.00万元). */
static int q_exact(const fs_quantity *q)
{
    if (q->approximate)
        return 0;
    if (q->value.mant == 0 && q->decimals == 0)
        return 1;
    return counting_unit(q->unit) && q->decimals == 0 && q->mult_exp10 == 0 &&
           q->implicit_zeros == 0;
}

/* 1 when q can stand as a rate or share: %, ‰, ‱, or a bare number
 * (a share printed without %, taken as a percent). */
static int q_is_rate(const fs_quantity *q)
{
    return q->unit == FS_UNIT_NONE || fs_unit_base(q->unit) == FS_UNIT_PERCENT;
}

/* 1 when a and b are amounts in the same base unit (元 with 万元 …). */
static int same_base(const fs_quantity *a, const fs_quantity *b)
{
    return fs_unit_base(a->unit) == fs_unit_base(b->unit) && a->unit != FS_UNIT_PPOINT &&
           fs_unit_base(a->unit) != FS_UNIT_PERCENT;
}

/* q as interval.h's printed figure.  as_rate: in percent terms (unit_exp −2
 * for %).  negate: the figure with its sign flipped (a decrease).  magnitude:
 * |value|.  A Chinese numeral with unwritten trailing zeros (两千三百万) is
 * taken at the precision of its last written digit. */
static fs_printed to_printed(const fs_quantity *q, int as_rate, int magnitude, int negate)
{
    fs_printed p;
    int64_t m = q->value.mant;
    int ue = q->unit_exp10, iz = q->implicit_zeros;
    if (as_rate)
        ue = q->unit == FS_UNIT_NONE ? q->mult_exp10 - 2 : q->unit_exp10 - 2;
    if (magnitude && m < 0)
        m = -m;
    if (negate)
        m = -m;
    p.scale = q->value.scale;
    if (iz > 0 && p.scale == 0 && iz <= 18 && m % fs_dec_pow10(iz) == 0) {
        m /= fs_dec_pow10(iz);
        ue += iz;
    }
    p.mant = m;
    p.unit_exp = ue;
    p.exact = q_exact(q);
    return p;
}

/* The direction a change word and the sign of its number give together:
 * 增加 −5 is a decrease. */
static fs_direction eff_dir(fs_direction word, const fs_amount *a)
{
    if (a && a->present && a->q.value.mant < 0) {
        if (word == FS_DIR_INCREASE)
            return FS_DIR_DECREASE;
        if (word == FS_DIR_DECREASE)
            return FS_DIR_INCREASE;
    }
    return word;
}

/* The direction of a change's amount (its own word, else the change's). */
static fs_direction amount_dir(const fs_change *ch)
{
    return eff_dir(ch->amount_dir != FS_DIR_NONE ? ch->amount_dir : ch->direction, &ch->amount);
}

/* The direction of a change's rate (its own word, else the change's). */
static fs_direction percent_dir(const fs_change *ch)
{
    return eff_dir(ch->percent_dir != FS_DIR_NONE ? ch->percent_dir : ch->direction,
                   &ch->percent);
}

static const char *amount_word(fs_direction d)
{
    return d == FS_DIR_DECREASE ? "减少" : d == FS_DIR_FLAT ? "持平" : "增加";
}

static const char *rate_word(fs_direction d)
{
    return d == FS_DIR_DECREASE ? "下降" : d == FS_DIR_FLAT ? "持平" : "增长";
}

/* Where figure i stands, for messages: "第3页第12行" (or "第12行"). */
static void where(const ctx *c, int i, char *buf, size_t n)
{
    const fs_figure *g = &c->f->v[i];
    if (g->page > 0)
        snprintf(buf, n, "第%u页第%u行", (unsigned)g->page, (unsigned)g->line);
    else
        snprintf(buf, n, "第%u行", (unsigned)g->line);
}

/* A new string (malloc'd, caller frees) formatted like printf; NULL when
 * out of memory. */
static char *strf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static char *strf(const char *fmt, ...)
{
    fs_buf b = FS_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    if ((size_t)n < sizeof tmp) {
        if (fs_buf_append(&b, tmp, (size_t)n) < 0)
            return NULL;
        return fs_buf_steal(&b);
    }
    char *big = malloc((size_t)n + 1);
    if (!big)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return big;
}

/* Drops trailing fractional zeros (and a bare '.') of a decimal string. */
static void strip_zeros(char *s)
{
    if (!strchr(s, '.'))
        return;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '0')
        s[--n] = '\0';
    if (n > 0 && s[n - 1] == '.')
        s[--n] = '\0';
    if (strcmp(s, "-0") == 0)
        strcpy(s, "0");
}

/* A decimal string (plain ASCII) as a double, for display fields only. */
static double dec_double(const char *s)
{
    double v = 0, scale = 1;
    int neg = 0, frac = 0;
    if (*s == '-') {
        neg = 1;
        s++;
    }
    for (; *s; s++) {
        if (*s == '.') {
            frac = 1;
            continue;
        }
        if (*s < '0' || *s > '9')
            break;
        v = v * 10 + (*s - '0');
        if (frac)
            scale *= 10;
    }
    v /= scale;
    return neg ? -v : v;
}

/* ------------------------------------------------------ result records */

/* Copies figure indices with their positions into a new array (owned by the
 * caller), or NULL on allocation failure. */
static fs_check_fig *make_figs(ctx *c, const int *idx, size_t n)
{
    fs_check_fig *v = calloc(n ? n : 1, sizeof *v);
    if (!v) {
        c->failed = FS_E_NOMEM;
        return NULL;
    }
    for (size_t k = 0; k < n; k++) {
        v[k].figure = idx[k];
        v[k].page = c->f->v[idx[k]].page;
        v[k].line = c->f->v[idx[k]].line;
    }
    return v;
}

/* Records a skipped relation with a printf-style reason. */
static void add_skip(ctx *c, fs_check_id id, const int *idx, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static void add_skip(ctx *c, fs_check_id id, const int *idx, size_t n, const char *fmt, ...)
{
    fs_check_result *r = c->r;
    if (c->failed)
        return;
    if (r->nskipped == r->skipped_cap) {
        size_t cap = r->skipped_cap ? 2 * r->skipped_cap : 16;
        fs_skipped *v = realloc(r->skipped, cap * sizeof *v);
        if (!v) {
            c->failed = FS_E_NOMEM;
            return;
        }
        r->skipped = v;
        r->skipped_cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    fs_skipped *s = &r->skipped[r->nskipped];
    s->check = id;
    s->nfigures = n;
    s->figures = make_figs(c, idx, n);
    s->reason = len < 0 ? NULL : malloc((size_t)len + 1);
    if (!s->figures || !s->reason) {
        free(s->figures);
        free(s->reason);
        c->failed = FS_E_NOMEM;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(s->reason, (size_t)len + 1, fmt, ap);
    va_end(ap);
    r->nskipped++;
    r->summary.skipped++;
    r->summary.skipped_by[id]++;
}

/* Records a finding; takes ownership of msg (a fs_buf's contents). */
static void add_finding(ctx *c, fs_check_id id, fs_severity sev, const int *idx, size_t n,
                        const fs_check_stated *st, const fs_check_expected *ex, fs_buf *msg)
{
    fs_check_result *r = c->r;
    if (c->failed) {
        fs_buf_free(msg);
        return;
    }
    if (r->nfindings == r->findings_cap) {
        size_t cap = r->findings_cap ? 2 * r->findings_cap : 16;
        fs_finding *v = realloc(r->findings, cap * sizeof *v);
        if (!v) {
            fs_buf_free(msg);
            c->failed = FS_E_NOMEM;
            return;
        }
        r->findings = v;
        r->findings_cap = cap;
    }
    fs_finding *fd = &r->findings[r->nfindings];
    memset(fd, 0, sizeof *fd);
    fd->id = (unsigned)r->nfindings + 1;
    fd->check = id;
    fd->severity = sev;
    fd->nfigures = n;
    fd->figures = make_figs(c, idx, n);
    fd->stated = *st;
    if (ex)
        fd->expected = *ex;
    fd->message = fs_buf_steal(msg);
    if (!fd->figures || !fd->message) {
        free(fd->figures);
        free(fd->message);
        c->failed = FS_E_NOMEM;
        return;
    }
    r->nfindings++;
    r->summary.checked++;
    r->summary.checked_by[id]++;
    if (sev == FS_SEV_ERROR) {
        r->summary.errors++;
        r->summary.errors_by[id]++;
    } else {
        r->summary.warnings++;
        r->summary.warnings_by[id]++;
    }
}

/* Counts a relation that was decided and holds. */
static void add_ok(ctx *c, fs_check_id id)
{
    c->r->summary.checked++;
    c->r->summary.checked_by[id]++;
}

/* The stated record of a printed quantity (figure fig).  magnitude: the
 * value without its sign; negate: with the sign of a decrease. */
static fs_check_stated stated_of(const fs_quantity *q, int fig, int magnitude, int negate)
{
    fs_check_stated s;
    memset(&s, 0, sizeof s);
    s.figure = fig;
    qtext(q, magnitude, s.text, sizeof s.text);
    fs_dec v = q->value;
    if (magnitude && v.mant < 0)
        v.mant = -v.mant;
    if (negate)
        v.mant = -v.mant;
    if (fs_dec_to_string(v, s.value, sizeof s.value) < 0)
        strcpy(s.value, "?");
    s.number = dec_double(s.value);
    return s;
}

/* The expected record of an interval.h range, `digits` decimals beyond the
 * stated figure's. */
static fs_check_expected expected_of(const fs_interval *iv, int decimals)
{
    fs_check_expected x;
    memset(&x, 0, sizeof x);
    int d = decimals + 4;
    if (d > 30)
        d = 30;
    if (fs_q_format(&iv->lo, d, FS_Q_FLOOR, x.low, sizeof x.low) < 0 ||
        fs_q_format(&iv->hi, d, FS_Q_CEIL, x.high, sizeof x.high) < 0)
        return x; /* present stays 0 */
    strip_zeros(x.low);
    strip_zeros(x.high);
    x.low_value = fs_q_to_double(&iv->lo);
    x.high_value = fs_q_to_double(&iv->hi);
    x.low_open = iv->lo_open;
    x.high_open = iv->hi_open;
    x.present = 1;
    return x;
}

/* The sign of an exact rational: -1, 0 or 1. */
static int q_sign(const fs_q *q)
{
    fs_q zero;
    memset(&zero, 0, sizeof zero);
    zero.den.w[0] = 1;
    return fs_q_cmp(q, &zero);
}

/* Drops trailing zeros of a decimal string beyond `keep` decimals. */
static void strip_zeros_keep(char *s, int keep)
{
    char *dot = strchr(s, '.');
    if (!dot)
        return;
    size_t n = strlen(s), min = (size_t)(dot - s) + (keep > 0 ? 1 + (size_t)keep : 0);
    while (n > min && s[n - 1] == '0')
        s[--n] = '\0';
    if (n > 0 && s[n - 1] == '.')
        s[--n] = '\0';
}

/* Appends what the other figures give for the stated one: the value at the
 * printed figures' face values (center, rounded to the stated decimals) and
 * the exact range iv, bounds rounded outward at one more decimal:
 * "应为23.82%（23.815%至23.818%）"; a single exact value as "应为87人".
 * Without a center: "应为X（…）" when both ends print alike, else
 * "应在lo至hi之间".  signed_change: a signed change, shown as 增加/减少 with
 * magnitudes when the whole range has one sign.  mode: how the face value is
 * brought to the stated decimals (cut under truncation, else rounded). */
static int put_range(fs_buf *b, const fs_interval *iv, const fs_q *center, int decimals,
                     const char *unit, int signed_change, fs_rounding mode)
{
    /* The face value as the report would print it: cut toward zero when
     * the figures are read as truncated, else rounded. */
    fs_qround cdir = FS_Q_NEAREST;
    if (center && mode == FS_RND_TRUNCATE)
        cdir = q_sign(center) < 0 ? FS_Q_CEIL : FS_Q_FLOOR;
    char lo[128], hi[128], plo[128], phi[128], pc[128];
    const fs_q *qlo = &iv->lo, *qhi = &iv->hi;
    const char *word = "";
    int neg = 0;
    if (signed_change) {
        if (q_sign(qhi) < 0) {
            neg = 1;
            word = "减少";
        } else if (q_sign(qlo) > 0) {
            word = "增加";
        }
    }
    if (fs_q_format(qlo, decimals, FS_Q_NEAREST, plo, sizeof plo) < 0 ||
        fs_q_format(qhi, decimals, FS_Q_NEAREST, phi, sizeof phi) < 0 ||
        fs_q_format(qlo, decimals + 1, FS_Q_FLOOR, lo, sizeof lo) < 0 ||
        fs_q_format(qhi, decimals + 1, FS_Q_CEIL, hi, sizeof hi) < 0 ||
        (center && fs_q_format(center, decimals, cdir, pc, sizeof pc) < 0))
        return fs_buf_puts(b, "（无法给出范围）");
    strip_zeros_keep(lo, decimals);
    strip_zeros_keep(hi, decimals);
    /* A negative range shown as a decrease: magnitudes, ends swapped. */
    const char *a = lo, *z = hi, *pa = plo, *pz = phi, *c = center ? pc : NULL;
    if (neg) {
        a = hi[0] == '-' ? hi + 1 : hi;
        z = lo[0] == '-' ? lo + 1 : lo;
        pa = phi[0] == '-' ? phi + 1 : phi;
        pz = plo[0] == '-' ? plo + 1 : plo;
        if (c && c[0] == '-')
            c++;
    }
    if (fs_q_cmp(qlo, qhi) == 0) {
        char ex[128];
        if (fs_q_format(qlo, decimals + 4, FS_Q_NEAREST, ex, sizeof ex) < 0)
            return fs_buf_puts(b, "（无法给出范围）");
        strip_zeros_keep(ex, 0);
        return fs_buf_printf(b, "应为%s%s%s", word, neg && ex[0] == '-' ? ex + 1 : ex, unit);
    }
    if (!c && strcmp(pa, pz) == 0)
        c = pa;
    if (c)
        return fs_buf_printf(b, "应为%s%s%s（%s%s至%s%s）", word, c, unit, a, unit, z, unit);
    return fs_buf_printf(b, "应在%s%s%s至%s%s之间", word, a, unit, z, unit);
}

/* The common end of a relation decided by interval.h.  lhs is the stated
 * figure as written ("同比增长25.82%"), rhs the others ("支出953.39万元、增加
 * 183.39万元"), basis how the expected value is derived ("按后两者").
 * Returns nothing: records a finding, an ok, or a skip. */
static void judge(ctx *c, fs_check_id id, fs_verdict v, const fs_check *chk,
                  const fs_q *center, const int *idx,
                  size_t n, const fs_check_stated *st, int decimals, const char *unit,
                  int signed_change, const char *lhs, const char *rhs, const char *basis)
{
    if (v == FS_CONSISTENT) {
        add_ok(c, id);
        return;
    }
    if (v == FS_CANNOT_CHECK || !chk->has_range) {
        add_skip(c, id, idx, n, "数值超出可精确核对的范围（位数或单位过大），未核对");
        return;
    }
    if (v != FS_INCONSISTENT) {
        add_skip(c, id, idx, n, "关系无定义（分母在舍入范围内可能为零），未核对");
        return;
    }
    if (!lhs || !rhs) {
        c->failed = FS_E_NOMEM;
        return;
    }
    fs_severity sev = FS_SEV_ERROR;
    if (c->mode == FS_RND_NEAREST && chk->rescue != FS_RESCUE_NONE)
        sev = FS_SEV_WARNING;
    fs_buf b = FS_BUF_INIT;
    int rc;
    if (sev == FS_SEV_ERROR) {
        rc = fs_buf_printf(&b, "%s与%s不符：%s", lhs, rhs, basis);
    } else {
        rc = fs_buf_printf(&b, "%s与%s仅在%s截尾（而非四舍五入）时相符：四舍五入%s", lhs, rhs,
                           chk->rescue == FS_RESCUE_TRUNCATE ? "各数" : "部分数字", basis);
    }
    if (rc == 0)
        rc = put_range(&b, &chk->allowed, center, decimals, unit, signed_change,
                       sev == FS_SEV_WARNING ? FS_RND_NEAREST : c->mode);
    if (rc < 0) {
        fs_buf_free(&b);
        c->failed = FS_E_NOMEM;
        return;
    }
    fs_check_expected ex = expected_of(&chk->allowed, decimals);
    add_finding(c, id, sev, idx, n, st, &ex, &b);
}

/* Why q cannot enter an exact relation, or NULL. */
static const char *unusable(const fs_quantity *q)
{
    if (q->approximate)
        return "含约数（约、多、余、左右等），没有确切的舍入区间，未核对";
    return NULL;
}

/* ----------------------------------------------- exact spans (fs_dec) */

/* The values a printed quantity stands for, in its base unit, as fs_dec
 * bounds.  point: an exact figure (lo == hi, both ends closed). */
typedef struct dspan {
    fs_dec lo, hi;
    int lo_open, hi_open, point;
} dspan;

/* Fills *s for q (sign flipped when negate) under mode; 0, or FS_E_NUMBER
 * when the bounds do not fit an fs_dec. */
static int q_span(const fs_quantity *q, int negate, fs_rounding mode, dspan *s)
{
    fs_dec base = q->base, u, h;
    memset(s, 0, sizeof *s);
    if (negate && fs_dec_neg(base, &base) < 0)
        return FS_E_NUMBER;
    if (q_exact(q) || mode == FS_RND_EXACT) {
        s->lo = s->hi = base;
        s->point = 1;
        return 0;
    }
    int e = q->unit_exp10 - q->decimals + q->implicit_zeros;
    if (e >= 0) {
        if (e > 18)
            return FS_E_NUMBER;
        u = fs_dec_make(fs_dec_pow10(e), 0);
    } else {
        if (-e > FS_DEC_MAX_SCALE - 1)
            return FS_E_NUMBER;
        u = fs_dec_make(1, -e);
    }
    if (fs_dec_mul(u, fs_dec_make(5, 1), &h) < 0)
        return FS_E_NUMBER;
    int sg = fs_dec_sign(base), rc = 0;
    if (mode == FS_RND_NEAREST) {
        rc |= fs_dec_sub(base, h, &s->lo);
        rc |= fs_dec_add(base, h, &s->hi);
    } else if (sg == 0) {
        rc |= fs_dec_neg(u, &s->lo);
        s->hi = u;
        s->lo_open = s->hi_open = 1;
    } else if (mode == FS_RND_TRUNCATE) {
        if (sg > 0) {
            s->lo = base;
            rc |= fs_dec_add(base, u, &s->hi);
            s->hi_open = 1;
        } else {
            rc |= fs_dec_sub(base, u, &s->lo);
            s->hi = base;
            s->lo_open = 1;
        }
    } else { /* either: hull of rounded and cut */
        if (sg > 0) {
            rc |= fs_dec_sub(base, h, &s->lo);
            rc |= fs_dec_add(base, u, &s->hi);
            s->hi_open = 1;
        } else {
            rc |= fs_dec_sub(base, u, &s->lo);
            rc |= fs_dec_add(base, h, &s->hi);
            s->lo_open = 1;
        }
    }
    return rc ? FS_E_NUMBER : 0;
}

/* 1 when some exact number prints as both a and b: equal points, a point
 * strictly inside the other's interval, or two intervals sharing an
 * interior point.  Intervals that only touch do not count: the same number
 * printed at one precision prints one way. */
static int spans_share(const dspan *a, const dspan *b)
{
    if (a->point && b->point)
        return fs_dec_eq(a->lo, b->lo);
    if (a->point || b->point) {
        const dspan *p = a->point ? a : b, *iv = a->point ? b : a;
        int l = fs_dec_cmp(iv->lo, p->lo), h = fs_dec_cmp(p->lo, iv->hi);
        return (l < 0 || (l == 0 && !iv->lo_open)) && (h < 0 || (h == 0 && !iv->hi_open));
    }
    fs_dec lo = fs_dec_cmp(a->lo, b->lo) > 0 ? a->lo : b->lo;
    fs_dec hi = fs_dec_cmp(a->hi, b->hi) < 0 ? a->hi : b->hi;
    return fs_dec_cmp(lo, hi) < 0;
}

/* 1 when some value of a can be <= some value of b (a.lo <= b.hi). */
static int span_can_le(const dspan *a, const dspan *b)
{
    int k = fs_dec_cmp(a->lo, b->hi);
    return k < 0 || (k == 0 && !a->lo_open && !b->hi_open);
}

/* 1 when q prints the same value as r (same number, same precision). */
static int same_print(const fs_quantity *q, int nq, const fs_quantity *r, int nr)
{
    fs_dec a = q->base, b = r->base;
    if (nq)
        a.mant = -a.mant;
    if (nr)
        b.mant = -b.mant;
    return fs_dec_eq(a, b) && q->decimals == r->decimals && q->unit_exp10 == r->unit_exp10;
}

/* Outcome of a two-statement comparison under the chosen rounding, with the
 * rescue under nearest: 0 consistent, 1 error, 2 warning (all truncated),
 * 3 warning (some truncated), -1 cannot compare. */
static int pair_verdict(const ctx *c, const fs_quantity *a, int na, const fs_quantity *b, int nb,
                        int (*rel)(const dspan *, const dspan *))
{
    static const fs_rounding alt[2] = {FS_RND_TRUNCATE, FS_RND_EITHER};
    dspan x, y;
    if (rel == spans_share && b && same_print(a, na, b, nb))
        return 0;
    if (q_span(a, na, c->mode, &x) < 0 || (b && q_span(b, nb, c->mode, &y) < 0))
        return -1;
    if (!b) { /* the exact 100 (%) */
        memset(&y, 0, sizeof y);
        y.lo = y.hi = fs_dec_make(100, 0);
        y.point = 1;
    }
    if (rel(&x, &y))
        return 0;
    if (c->mode != FS_RND_NEAREST)
        return 1;
    for (int k = 0; k < 2; k++)
        if (q_span(a, na, alt[k], &x) == 0 && (!b || q_span(b, nb, alt[k], &y) == 0) &&
            rel(&x, &y))
            return 2 + k;
    return 1;
}

/* The rounding-caveat phrase of a pair verdict 2/3. */
static const char *pair_caveat(int pv)
{
    return pv == 2 ? "仅在各数截尾（而非四舍五入）时" : "仅在部分数字截尾（而非四舍五入）时";
}

/* ------------------------------------------------------------- growth */

/* growth: stated rate = change / prior value implied by value and change. */
/* Writes into x the range of a rate r = ratio − 100 (increase) or
 * 100 − ratio (decrease) from the range of the ratio in percent. */
static void rate_expected(fs_check_expected *x, int decrease)
{
    if (!x->present)
        return;
    fs_dec lo, hi, h = fs_dec_make(100, 0), a, b;
    if (fs_dec_from_string(x->low, strlen(x->low), &lo) < 0 ||
        fs_dec_from_string(x->high, strlen(x->high), &hi) < 0 ||
        (decrease ? fs_dec_sub(h, hi, &a) : fs_dec_sub(lo, h, &a)) < 0 ||
        (decrease ? fs_dec_sub(h, lo, &b) : fs_dec_sub(hi, h, &b)) < 0 ||
        fs_dec_to_string(fs_dec_normalize(a), x->low, sizeof x->low) < 0 ||
        fs_dec_to_string(fs_dec_normalize(b), x->high, sizeof x->high) < 0) {
        x->present = 0;
        return;
    }
    if (decrease) {
        int o = x->low_open;
        x->low_open = x->high_open;
        x->high_open = o;
    }
    x->low_value = dec_double(x->low);
    x->high_value = dec_double(x->high);
}

/* growth from a stated prior: "2025年当年预算执行数为77.99万元，2026年预算
 * 安排91.97万元，比2025年预算执行数增加17.66%" — no change amount, the rate
 * is V / P − 1.  Checked as the ratio V / P against 100% ± r, exactly.  A
 * failure is an error only when no reading of the digits rescues it (each
 * figure rounded or cut); otherwise a warning. */
static void growth_from_prior(ctx *c, int i)
{
    const fs_figure *g = &c->f->v[i];
    const fs_change *ch = &g->change;
    const fs_quantity *V = &g->value.q, *R = &g->prior.value.q, *P = &ch->percent.q;
    const char *why = unusable(V) ? unusable(V) : unusable(R) ? unusable(R) : unusable(P);
    if (why) {
        add_skip(c, FS_CHECK_GROWTH, &i, 1, "%s", why);
        return;
    }
    if (!same_base(V, R) || !q_is_rate(P)) {
        add_skip(c, FS_CHECK_GROWTH, &i, 1, "数值、上年数与增长率的单位不相配，未核对");
        return;
    }
    fs_direction dp = percent_dir(ch);
    if (dp != FS_DIR_INCREASE && dp != FS_DIR_DECREASE) {
        add_skip(c, FS_CHECK_GROWTH, &i, 1, "变动未写明增加还是减少，未核对");
        return;
    }
    if (R->value.mant == 0) {
        add_skip(c, FS_CHECK_GROWTH, &i, 1, "上年数为零，从零起的增长率无定义，未核对");
        return;
    }
    /* the rate is on the earlier year's figure: a budget of the same year
     * (年初预算为80.8亿元，收入完成81.1亿元，同比增长3.3%) is not its base */
    if (!g->prior.period || !g->id.period || g->prior.period >= g->id.period) {
        add_skip(c, FS_CHECK_GROWTH, &i, 1,
                 "所列的前一数不是上一年度的数（%d年对%d年），增长率不以它为基数，未核对",
                 g->prior.period, g->id.period);
        return;
    }
    int dec = dp == FS_DIR_DECREASE;
    fs_printed cur = to_printed(V, 0, 0, 0), pri = to_printed(R, 0, 0, 0),
               rate = to_printed(P, 1, 1, 0);
    /* the ratio V / P in percent: 100 ± r, at r's precision */
    int64_t hundred = 100;
    for (int k = 0; k < rate.scale; k++)
        hundred *= 10;
    fs_printed ratio = rate;
    ratio.mant = dec ? hundred - (rate.mant < 0 ? -rate.mant : rate.mant)
                     : hundred + (rate.mant < 0 ? -rate.mant : rate.mant);
    if (ratio.mant < 0) {
        add_skip(c, FS_CHECK_GROWTH, &i, 1, "降幅超过100%%（见direction），未核对增长率");
        return;
    }
    ratio.exact = 0;
    fs_check chk;
    fs_verdict v = fs_check_ratio(&cur, &pri, &ratio, FS_RND_NEAREST, &chk);
    if (v == FS_CANNOT_CHECK || v == FS_UNDEFINED) {
        add_skip(c, FS_CHECK_GROWTH, &i, 1, "数值超出可精确比较的范围，未核对");
        return;
    }
    if (v == FS_CONSISTENT) {
        add_ok(c, FS_CHECK_GROWTH);
        return;
    }
    /* each figure rounded or cut: a cut rate r stands for [r, r + u), so
     * the ratio for [100 + r, 100 + r + u) (increase: 100 + r cut) or
     * (100 − r − u, 100 − r] (decrease: 100 − r − u cut, up to its open
     * end) */
    int rescued = 0;
    for (int d = dec ? -1 : 0; d <= 0 && !rescued; d++) {
        fs_printed q = ratio;
        q.mant += d;
        fs_check other;
        rescued = fs_check_ratio(&cur, &pri, &q, FS_RND_EITHER, &other) == FS_CONSISTENT;
    }
    char tv[96], tr[96], tp[96];
    qtext(V, 0, tv, sizeof tv);
    qtext(R, 0, tr, sizeof tr);
    qtext(P, 1, tp, sizeof tp);
    fs_check_expected ex = expected_of(&chk.allowed, P->decimals);
    rate_expected(&ex, dec);
    fs_buf b = FS_BUF_INIT;
    const char *basis = ch->basis ? ch->basis : "";
    int rc = rescued
                 ? fs_buf_printf(&b, "%s%s%s与%s%s、上年数%s仅在各数截尾（而非四舍五入）时相符：按两数应为%s%%至%s%%",
                                 basis, rate_word(dp), tp, subj(c, i), tv, tr, ex.low, ex.high)
                 : fs_buf_printf(&b, "%s%s%s与%s%s、上年数%s不符：按两数应为%s%%至%s%%", basis,
                                 rate_word(dp), tp, subj(c, i), tv, tr, ex.low, ex.high);
    if (rc < 0) {
        fs_buf_free(&b);
        c->failed = FS_E_NOMEM;
        return;
    }
    fs_check_stated st = stated_of(P, i, 1, 0);
    add_finding(c, FS_CHECK_GROWTH, rescued ? FS_SEV_WARNING : FS_SEV_ERROR, &i, 1, &st, &ex, &b);
}

static void check_growth(ctx *c)
{
    const fs_figures *f = c->f;
    for (size_t k = 0; k < f->n; k++) {
        const fs_figure *g = &f->v[k];
        const fs_change *ch = &g->change;
        int i = (int)k;
        if (g->value.present && ch->present && !ch->amount.present && ch->percent.present &&
            g->prior.present && g->prior.value.present) {
            growth_from_prior(c, i);
            continue;
        }
        if (!g->value.present || !ch->present || !ch->amount.present || !ch->percent.present)
            continue;
        const fs_quantity *V = &g->value.q, *D = &ch->amount.q, *P = &ch->percent.q;
        const char *why = unusable(V) ? unusable(V) : unusable(D) ? unusable(D) : unusable(P);
        if (why) {
            add_skip(c, FS_CHECK_GROWTH, &i, 1, "%s", why);
            continue;
        }
        if (!same_base(V, D) || !q_is_rate(P)) {
            add_skip(c, FS_CHECK_GROWTH, &i, 1,
                     "数值、变动额与增长率的单位不相配（如个百分点），未核对");
            continue;
        }
        fs_direction da = amount_dir(ch), dp = percent_dir(ch);
        if (da == FS_DIR_NONE)
            da = dp;
        if (dp == FS_DIR_NONE)
            dp = da;
        if (da == FS_DIR_NONE) {
            add_skip(c, FS_CHECK_GROWTH, &i, 1, "变动未写明增加还是减少，未核对");
            continue;
        }
        if (da != dp) {
            add_skip(c, FS_CHECK_GROWTH, &i, 1,
                     "变动额与增长率的方向词互相矛盾（见direction），未核对增长率");
            continue;
        }
        if (da == FS_DIR_FLAT && (D->value.mant != 0 || P->value.mant != 0)) {
            add_skip(c, FS_CHECK_GROWTH, &i, 1, "写作持平却有非零变动（见direction），未核对增长率");
            continue;
        }
        fs_dir dir = da == FS_DIR_DECREASE ? FS_DECREASE : FS_INCREASE;
        fs_printed cur = to_printed(V, 0, 0, 0), chg = to_printed(D, 0, 1, 0),
                   rate = to_printed(P, 1, 1, 0);
        fs_check chk;
        fs_verdict v = fs_check_growth(&cur, &chg, dir, &rate, c->mode, &chk);

        char tv[96], td[96], tp[96];
        qtext(V, 0, tv, sizeof tv);
        qtext(D, 1, td, sizeof td);
        qtext(P, 1, tp, sizeof tp);
        const char *basis = ch->basis ? ch->basis : "";
        fs_check_stated st = stated_of(P, i, 1, 0);

        if (v == FS_UNDEFINED) {
            /* The prior value V ∓ D as printed: zero means the rate is on
             * nothing at all; otherwise rounding merely reaches zero. */
            fs_dec prior;
            fs_dec dm = D->base;
            if (dm.mant < 0)
                dm.mant = -dm.mant;
            int rc = dir == FS_INCREASE ? fs_dec_sub(V->base, dm, &prior)
                                        : fs_dec_add(V->base, dm, &prior);
            if (rc == 0 && fs_dec_sign(prior) == 0) {
                fs_buf b = FS_BUF_INIT;
                /* a new item: the report's 增长100% is a convention, not
                 * arithmetic, so it is a warning */
                if (fs_buf_printf(&b,
                                  "%s%s%s无从计算：%s%s、%s%s，上年数为零（新增项目），从零起的增长率无定义",
                                  basis, rate_word(dp), tp, subj(c, i), tv, amount_word(da),
                                  td) < 0) {
                    fs_buf_free(&b);
                    c->failed = FS_E_NOMEM;
                    return;
                }
                fs_check_expected none;
                memset(&none, 0, sizeof none);
                add_finding(c, FS_CHECK_GROWTH, FS_SEV_WARNING, &i, 1, &st, &none, &b);
            } else {
                add_skip(c, FS_CHECK_GROWTH, &i, 1,
                         "上年数（%s%s%s）在舍入范围内可能为零，增长率无法核对", tv,
                         dir == FS_INCREASE ? "减" : "加", td);
            }
            continue;
        }
        char *lhs = strf("%s%s%s", basis, rate_word(dp), tp);
        char *rhs = strf("%s%s、%s%s", subj(c, i), tv, amount_word(da), td);
        char unit[32] = "";
        fs_quantity_unit_text(P, unit, sizeof unit);
        fs_check cx;
        int hc = v == FS_INCONSISTENT &&
                 fs_check_growth(&cur, &chg, dir, &rate, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK &&
                 cx.has_range;
        judge(c, FS_CHECK_GROWTH, v, &chk, hc ? &cx.allowed.lo : NULL, &i, 1, &st, P->decimals, unit, 0, lhs, rhs,
              "按后两者");
        free(lhs);
        free(rhs);
    }
}

/* -------------------------------------------------------------- prior */

/* The first four-digit year (1900–2099) written in s, 0 when none. */
static int year_in(const char *s)
{
    if (!s)
        return 0;
    for (const char *p = s; p[0] && p[1] && p[2] && p[3]; p++) {
        if ((p[0] == '1' || p[0] == '2') && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
            p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && (p == s || p[-1] < '0' || p[-1] > '9') &&
            (p[4] < '0' || p[4] > '9')) {
            int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
            if (y >= 1900 && y <= 2099)
                return y;
        }
    }
    return 0;
}

/* prior: stated prior value = value ∓ change. */
static void check_prior(ctx *c)
{
    const fs_figures *f = c->f;
    for (size_t k = 0; k < f->n; k++) {
        const fs_figure *g = &f->v[k];
        const fs_change *ch = &g->change;
        int i = (int)k;
        if (!g->value.present || !ch->present || !ch->amount.present || !g->prior.present ||
            !g->prior.value.present)
            continue;
        const fs_quantity *V = &g->value.q, *D = &ch->amount.q, *P = &g->prior.value.q;
        const char *why = unusable(V) ? unusable(V) : unusable(D) ? unusable(D) : unusable(P);
        if (why) {
            add_skip(c, FS_CHECK_PRIOR, &i, 1, "%s", why);
            continue;
        }
        if (!same_base(V, D) || !same_base(V, P)) {
            add_skip(c, FS_CHECK_PRIOR, &i, 1, "数值、变动额与上年数的单位不同，未核对");
            continue;
        }
        int by = year_in(ch->basis);
        if (by && g->prior.period && by != g->prior.period) {
            add_skip(c, FS_CHECK_PRIOR, &i, 1,
                     "变动的比较基准（%s）与所列上年数（%d年）年份不同，不知变动相对哪一个数，未核对",
                     ch->basis, g->prior.period);
            continue;
        }
        fs_direction da = amount_dir(ch);
        if (da == FS_DIR_NONE) {
            add_skip(c, FS_CHECK_PRIOR, &i, 1, "变动未写明增加还是减少，未核对");
            continue;
        }
        if (da == FS_DIR_FLAT && D->value.mant != 0) {
            add_skip(c, FS_CHECK_PRIOR, &i, 1, "写作持平却有非零变动（见direction），未核对上年数");
            continue;
        }
        fs_dir dir = da == FS_DIR_DECREASE ? FS_DECREASE : FS_INCREASE;
        fs_printed cur = to_printed(V, 0, 0, 0), chg = to_printed(D, 0, 1, 0),
                   pri = to_printed(P, 0, 0, 0);
        fs_check chk;
        fs_verdict v = fs_check_prior(&cur, &chg, dir, &pri, c->mode, &chk);
        char tv[96], td[96], tp[96], unit[32] = "";
        qtext(V, 0, tv, sizeof tv);
        qtext(D, 1, td, sizeof td);
        qtext(P, 0, tp, sizeof tp);
        char *lhs = strf("上年数%s%s", g->prior.label ? g->prior.label : "", tp);
        char *rhs = strf("%s%s、%s%s", subj(c, i), tv, amount_word(da), td);
        fs_quantity_unit_text(P, unit, sizeof unit);
        fs_check_stated st = stated_of(P, i, 0, 0);
        fs_check cx;
        int hc = v == FS_INCONSISTENT &&
                 fs_check_prior(&cur, &chg, dir, &pri, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK &&
                 cx.has_range;
        judge(c, FS_CHECK_PRIOR, v, &chk, hc ? &cx.allowed.lo : NULL, &i, 1, &st, P->decimals, unit, 0, lhs, rhs,
              "按后两者");
        free(lhs);
        free(rhs);
    }
}

/* -------------------------------------------------------------- share */

/* share: part / whole = the stated share. */
/* 1 when the shares of figure i's list were printed to add up to exactly
 * 100% and its stated share p is one unit of its last digit from what part /
 * whole allows: the report rounded the list so that it totals 100% (largest
 * remainder), a reading of the digits, not an arithmetic slip. */
static int shares_nudged(const ctx *c, int i, const fs_printed *part, const fs_printed *whole,
                         const fs_printed *p)
{
    const fs_figures *f = c->f;
    int t = f->v[i].parent;
    if (t < 0 || f->v[i].share.of != t)
        return 0;
    fs_dec sum = {0, 0};
    size_t n = 0;
    for (size_t k = 0; k < f->n; k++) {
        const fs_figure *g = &f->v[k];
        if (g->parent != t || !g->share.present || !g->share.percent.present)
            continue;
        if (g->share.of != t || g->share.percent.q.unit != FS_UNIT_PERCENT)
            return 0;
        if (fs_dec_add(sum, g->share.percent.q.value, &sum) < 0)
            return 0;
        n++;
    }
    fs_dec hundred = {100, 0};
    if (n < 2 || fs_dec_cmp(sum, hundred) != 0)
        return 0;
    for (int d = -1; d <= 1; d += 2) {
        fs_printed q = *p;
        q.mant += d;
        fs_check chk;
        if (fs_check_share(part, whole, &q, FS_RND_NEAREST, &chk) == FS_CONSISTENT)
            return 1;
    }
    return 0;
}

static void check_share(ctx *c)
{
    const fs_figures *f = c->f;
    for (size_t k = 0; k < f->n; k++) {
        const fs_figure *g = &f->v[k];
        int i = (int)k;
        if (!g->share.present || !g->share.percent.present)
            continue;
        int of = g->share.of;
        if (of < 0 || (size_t)of >= f->n || of == i) {
            add_skip(c, FS_CHECK_SHARE, &i, 1, "占比所指的总数（%s）未能确定，未核对",
                     g->share.of_subject && g->share.of_subject[0] ? g->share.of_subject
                                                                   : "未写明");
            continue;
        }
        int idx[2] = {i, of};
        if (!g->value.present || !f->v[of].value.present) {
            add_skip(c, FS_CHECK_SHARE, idx, 2, "分项或总数未列数值，占比未核对");
            continue;
        }
        if (f->v[of].id.generic) {
            add_skip(c, FS_CHECK_SHARE, idx, 2,
                     "占比所指的总数“%s”只是度量词、总计词或片段，不能确定是哪个总数，未核对",
                     subj(c, of));
            continue;
        }
        const fs_quantity *V = &g->value.q, *W = &f->v[of].value.q, *P = &g->share.percent.q;
        const char *why = unusable(V) ? unusable(V) : unusable(W) ? unusable(W) : unusable(P);
        if (why) {
            add_skip(c, FS_CHECK_SHARE, idx, 2, "%s", why);
            continue;
        }
        if (!same_base(V, W) || !q_is_rate(P)) {
            add_skip(c, FS_CHECK_SHARE, idx, 2, "分项与总数的单位不同或占比不是百分数，未核对");
            continue;
        }
        fs_printed part = to_printed(V, 0, 0, 0), whole = to_printed(W, 0, 0, 0),
                   pct = to_printed(P, 1, 0, 0);
        fs_check chk;
        fs_verdict v = fs_check_share(&part, &whole, &pct, c->mode, &chk);
        char tv[96], tw[96], tp[96], unit[32] = "";
        qtext(V, 0, tv, sizeof tv);
        qtext(W, 0, tw, sizeof tw);
        qtext(P, 0, tp, sizeof tp);
        const char *ofs = g->share.of_subject && g->share.of_subject[0] ? g->share.of_subject
                                                                        : subj(c, of);
        fs_check_stated st = stated_of(P, i, 0, 0);
        if (v == FS_UNDEFINED && W->value.mant == 0 && V->value.mant == 0 && P->value.mant == 0) {
            /* nothing of nothing, printed 0%: a convention, not arithmetic */
            add_skip(c, FS_CHECK_SHARE, idx, 2, "总数与分项都为零，占比无定义（报告写作%s），未核对", tp);
            continue;
        }
        if (v == FS_INCONSISTENT && c->mode == FS_RND_NEAREST && shares_nudged(c, i, &part, &whole, &pct)) {
            fs_buf b = FS_BUF_INIT;
            fs_check_expected ex = expected_of(&chk.allowed, P->decimals);
            if (fs_buf_printf(&b, "%s占%s%s与%s%s、%s%s按四舍五入不符，但同一列举的占比合计恰为100%%："
                              "报告调整了末位以凑足100%%，属舍入惯例", subj(c, i), ofs, tp,
                              subj(c, i), tv, subj(c, of), tw) < 0) {
                fs_buf_free(&b);
                c->failed = FS_E_NOMEM;
                return;
            }
            add_finding(c, FS_CHECK_SHARE, FS_SEV_WARNING, idx, 2, &st, &ex, &b);
            continue;
        }
        if (v == FS_UNDEFINED) {
            if (W->value.mant == 0) {
                fs_buf b = FS_BUF_INIT;
                if (fs_buf_printf(&b, "%s占%s%s无从计算：%s为%s，占零的比例无定义", subj(c, i),
                                  ofs, tp, subj(c, of), tw) < 0) {
                    fs_buf_free(&b);
                    c->failed = FS_E_NOMEM;
                    return;
                }
                fs_check_expected none;
                memset(&none, 0, sizeof none);
                add_finding(c, FS_CHECK_SHARE, FS_SEV_ERROR, idx, 2, &st, &none, &b);
            } else {
                add_skip(c, FS_CHECK_SHARE, idx, 2, "总数%s在舍入范围内可能为零，占比无法核对", tw);
            }
            continue;
        }
        char *lhs = strf("%s占%s%s", subj(c, i), ofs, tp);
        char *rhs = strf("%s%s、%s%s", subj(c, i), tv, subj(c, of), tw);
        fs_quantity_unit_text(P, unit, sizeof unit);
        fs_check cx;
        int hc = v == FS_INCONSISTENT &&
                 fs_check_share(&part, &whole, &pct, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK &&
                 cx.has_range;
        judge(c, FS_CHECK_SHARE, v, &chk, hc ? &cx.allowed.lo : NULL, idx, 2, &st, P->decimals, unit, 0, lhs, rhs,
              "按两数");
        free(lhs);
        free(rhs);
    }
}

/* ------------------------------------------------------ breakdowns */

/* The parts of list l into idx[1..] (idx[0] = its total); returns the
 * number of parts (0 for an unused list).  idx has room for f->n + 1
 * entries. */
static size_t parts_of(const ctx *c, size_t l, int *idx)
{
    size_t n = 0;
    idx[0] = c->list_total[l];
    if (idx[0] < 0)
        return 0;
    for (int p = c->list_first[l]; p >= 0; p = c->next_in_list[p])
        idx[1 + n++] = p;
    return n;
}

/* 1 when list l is presented as the whole of its total.  A list of one
 * part is not, unless the report classifies the total explicitly (按支出
 * 功能分类科目划分：1. 一般公共预算…): "支出预算总计17996.68万元。包括：
 * 1．公共安全（类）支出13656.34万元" names the first item and goes on in
 * prose (此外，基本支出…). */
static int list_whole(const ctx *c, size_t l, size_t n)
{
    if (c->list_complete[l] != 1)
        return 0;
    fs_parts_kind k = l < c->f->ngroups ? c->f->groups[l].kind
                                        : c->f->v[c->list_total[l]].parts_kind;
    return n >= 2 || k == FS_PARTS_BY;
}

/* 1 when s holds lit (s may be NULL). */
static int has(const char *s, const char *lit)
{
    return s && strstr(s, lit) != NULL;
}

/* The standard classes of a unit's expenditure, parallel to one another:
 * none is a part of another. */
static const char *const SIBLING_CLASSES[] = {
    "基本支出", "项目支出", "事业单位经营支出", "经营支出", "上缴上级支出", "对附属单位补助支出",
    NULL};

/* Index in SIBLING_CLASSES of the class an item is (its whole name), -1. */
static int sibling_class(const char *item)
{
    if (!item)
        return -1;
    for (int k = 0; SIBLING_CLASSES[k]; k++)
        if (strcmp(item, SIBLING_CLASSES[k]) == 0)
            return k;
    return -1;
}

/* Why the parts idx[1..n] of the total idx[0] are not certainly its parts,
 * written into why (size wn); 0 when nothing speaks against them:
 *  - a part named by a measure word or a fragment (预算数, （公务用车购置费)
 *    may be anything the sentence speaks of;
 *  - a part that is itself a total (收入总计, 支出合计) restates a whole:
 *    "收入、支出预算总计…（一）收入预算总计…（二）支出预算总计" names one
 *    number three times;
 *  - revenue listed under expenditure or the reverse (基金收入…；基金支出)
 *    is the other side of the account, not a part. */
static int list_doubt(const ctx *c, const int *idx, size_t n, char *why, size_t wn)
{
    const fs_figure *tot = &c->f->v[idx[0]];
    const fs_identity *T = &tot->id;
    int t_sib = sibling_class(T->item);
    /* a total that is a fragment — nothing named, a bracket or an inclusion
     * (（含高新区1.4亿元）) — is no total (a generic name such as 支出预算 is:
     * the report's own total) */
    const char *ts = tot->subject ? tot->subject : "";
    if (!ts[0] || strncmp(ts, "（", 3) == 0 || ts[0] == '(' || strncmp(ts, "含", 3) == 0) {
        snprintf(why, wn, "总数“%s”是括注或片段，不能确定所列分项是它的组成部分，未核对", ts);
        return 1;
    }
    int t_in = has(T->item, "收入") && !has(T->item, "支出");
    int t_out = has(T->item, "支出") && !has(T->item, "收入");
    for (size_t j = 1; j <= n; j++) {
        const fs_figure *g = &c->f->v[idx[j]];
        const fs_identity *P = &g->id;
        if (P->generic) {
            snprintf(why, wn, "分项“%s”只是度量词、总计词或片段，不能确定是该总数的组成部分，未核对",
                     g->subject ? g->subject : "");
            return 1;
        }
        if (has(P->item, "总计") || has(P->item, "合计")) {
            snprintf(why, wn, "分项“%s”本身是总计，是总数的另一种说法而不是其组成部分，未核对",
                     P->item);
            return 1;
        }
        int p_sib = sibling_class(P->item);
        if (t_sib >= 0 && p_sib >= 0) {
            snprintf(why, wn, "“%s”与“%s”是并列的类别，不是总数与分项，未核对", T->item, P->item);
            return 1;
        }
        /* a part of a 其中 list with a 其中 list of its own, not closed in
         * brackets: where the first list ends is not certain (编制211人，
         * 其中行政编制132人，事业编制79人；实有人员214人，其中…) */
        if (tot->parts_kind == FS_PARTS_QIZHONG && g->parts_kind == FS_PARTS_QIZHONG &&
            c->f->v[idx[j]].parent == idx[0]) {
            if (c->open_parts[idx[j]]) {
                snprintf(why, wn, "分项“%s”自带“其中”分项，前一列举到哪里结束不确定，未核对",
                         P->item);
                return 1;
            }
        }
        int p_in = has(P->item, "收入") && !has(P->item, "支出");
        int p_out = has(P->item, "支出") && !has(P->item, "收入");
        /* (an enumerated breakdown is laid out by the report itself: a
         * part misnamed there is still its part) */
        if (((t_in && p_out) || (t_out && p_in)) &&
            (tot->parts_kind == FS_PARTS_QIZHONG || tot->parts_kind == FS_PARTS_INCLUDES)) {
            snprintf(why, wn, "总数是%s，分项“%s”却是%s，不是同一笔钱的组成部分，未核对",
                     t_in ? "收入" : "支出", P->item, p_in ? "收入" : "支出");
            return 1;
        }
    }
    return 0;
}

/* 1 when the figure's kind counts people or things, whose 其中 lists may
 * cross (女性、党员 of one staff). */
static int crossing_kind(const fs_figure *g)
{
    return g->kind == FS_FIG_HEADCOUNT || g->kind == FS_FIG_COUNT;
}

/* Appends "a 1万元、b 2万元…" for the parts idx[1..n] (at most 8, then 等),
 * with what(i) giving each part's printed text. */
static int put_parts(fs_buf *b, const ctx *c, const int *idx, size_t n,
                     void (*what)(const ctx *, int, char *, size_t))
{
    int rc = 0;
    for (size_t k = 0; k < n && k < 8 && rc == 0; k++) {
        char t[160];
        what(c, idx[1 + k], t, sizeof t);
        rc = fs_buf_printf(b, "%s%s%s", k ? "、" : "", subj(c, idx[1 + k]), t);
    }
    if (rc == 0 && n > 8)
        rc = fs_buf_printf(b, "等%zu项", n);
    return rc;
}

static void what_value(const ctx *c, int i, char *buf, size_t n)
{
    qtext(&c->f->v[i].value.q, 0, buf, n);
}

static void what_change(const ctx *c, int i, char *buf, size_t n)
{
    const fs_change *ch = &c->f->v[i].change;
    char t[96] = "0";
    fs_direction d = amount_dir(ch);
    if (ch->amount.present)
        qtext(&ch->amount.q, 1, t, sizeof t);
    if (d == FS_DIR_FLAT || !ch->amount.present)
        snprintf(buf, n, "持平");
    else
        snprintf(buf, n, "%s%s", amount_word(d), t);
}

static void what_share(const ctx *c, int i, char *buf, size_t n)
{
    qtext(&c->f->v[i].share.percent.q, 0, buf, n);
}

/* After an INCONSISTENT verdict of a list that may be incomplete: 1 when
 * the parts' range lies above the stated total's. */
static int parts_above(const fs_check *chk)
{
    return fs_q_cmp(&chk->allowed.lo, &chk->stated.lo) > 0;
}

/* The common handling of a sum-like verdict over the total idx[0] and its
 * parts: complete lists are judged; incomplete ones only when the parts
 * exceed the whole (and no part is negative, and the list cannot cross). */
static void judge_list(ctx *c, fs_check_id id, fs_verdict v, const fs_check *chk,
                       const fs_q *center, const int *idx, size_t n, int complete, int any_negative,
                       const fs_check_stated *st, int decimals, const char *unit,
                       const char *lhs, const char *rhs, const char *basis)
{
    const fs_figure *t = &c->f->v[idx[0]];
    if (!complete && v == FS_INCONSISTENT && chk->has_range) {
        if (!parts_above(chk)) {
            add_skip(c, id, idx, n + 1,
                     "“其中”所列分项可能不全，合计小于总数不算错误，未核对");
            return;
        }
        if (crossing_kind(t)) {
            add_skip(c, id, idx, n + 1,
                     "人数、个数的“其中”分项可能互相交叉，合计超过总数不一定是错误，未核对");
            return;
        }
        if (any_negative) {
            add_skip(c, id, idx, n + 1, "分项中有负数，不完整的列举无法判断，未核对");
            return;
        }
    }
    judge(c, id, v, chk, center, idx, n + 1, st, decimals, unit, id == FS_CHECK_CHANGE_SUM, lhs, rhs,
          basis);
}

/* sum: the parts of a total add up to it. */
static void check_sum(ctx *c)
{
    const fs_figures *f = c->f;
    int *idx = malloc((f->n + 1) * sizeof *idx);
    fs_printed *pp = malloc((f->n + 1) * sizeof *pp);
    if (!idx || !pp) {
        free(idx);
        free(pp);
        c->failed = FS_E_NOMEM;
        return;
    }
    for (size_t l = 0; l < c->nlists && !c->failed; l++) {
        int t = c->list_total[l];
        if (t < 0)
            continue;
        size_t n = parts_of(c, l, idx);
        if (n == 0)
            continue;
        char doubt[256];
        if (list_doubt(c, idx, n, doubt, sizeof doubt)) {
            add_skip(c, FS_CHECK_SUM, idx, n + 1, "%s", doubt);
            continue;
        }

        const fs_figure *g = &f->v[t];
        const fs_quantity *T = &g->value.q;
        int missing = !g->value.present;
        for (size_t j = 0; j < n; j++)
            if (!f->v[idx[1 + j]].value.present)
                missing = 1;
        if (missing) {
            add_skip(c, FS_CHECK_SUM, idx, n + 1, "总数或部分分项未列数值，未核对");
            continue;
        }
        const char *why = unusable(T);
        int units_ok = 1, neg = T->value.mant < 0;
        for (size_t j = 0; j < n; j++) {
            const fs_quantity *q = &f->v[idx[1 + j]].value.q;
            if (!why)
                why = unusable(q);
            if (!same_base(q, T))
                units_ok = 0;
            if (q->value.mant < 0)
                neg = 1;
            pp[j] = to_printed(q, 0, 0, 0);
        }
        if (why) {
            add_skip(c, FS_CHECK_SUM, idx, n + 1, "%s", why);
            continue;
        }
        if (!units_ok) {
            add_skip(c, FS_CHECK_SUM, idx, n + 1, "分项与总数的单位不同，未核对");
            continue;
        }
        fs_printed tot = to_printed(T, 0, 0, 0);
        fs_check chk;
        fs_verdict v = fs_check_sum(pp, n, &tot, c->mode, &chk);
        char tt[96], unit[32] = "";
        fs_buf rhs = FS_BUF_INIT;
        qtext(T, 0, tt, sizeof tt);
        char *lhs = strf("%s%s", subj(c, t), tt);
        if (fs_buf_printf(&rhs, "其%zu个分项（", n) < 0 ||
            put_parts(&rhs, c, idx, n, what_value) < 0 || fs_buf_puts(&rhs, "）之和") < 0) {
            fs_buf_free(&rhs);
            free(lhs);
            c->failed = FS_E_NOMEM;
            break;
        }
        fs_quantity_unit_text(T, unit, sizeof unit);
        fs_check_stated st = stated_of(T, t, 0, 0);
        fs_check cx;
        int hc = v == FS_INCONSISTENT &&
                 fs_check_sum(pp, n, &tot, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK && cx.has_range;
        judge_list(c, FS_CHECK_SUM, v, &chk, hc ? &cx.allowed.lo : NULL, idx, n, list_whole(c, l, n), neg, &st,
                   T->decimals, unit, lhs, rhs.s ? rhs.s : "", "按分项合计");
        free(lhs);
        fs_buf_free(&rhs);
    }
    free(idx);
    free(pp);
}

/* change_sum: the parts' signed changes add up to the total's change. */
static void check_change_sum(ctx *c)
{
    const fs_figures *f = c->f;
    int *idx = malloc((f->n + 1) * sizeof *idx);
    fs_printed *pp = malloc((f->n + 1) * sizeof *pp);
    if (!idx || !pp) {
        free(idx);
        free(pp);
        c->failed = FS_E_NOMEM;
        return;
    }
    for (size_t l = 0; l < c->nlists && !c->failed; l++) {
        int t = c->list_total[l];
        if (t < 0)
            continue;
        const fs_figure *g = &f->v[t];
        if (!g->change.present || !g->change.amount.present)
            continue;
        size_t n = parts_of(c, l, idx), with = 0;
        if (n == 0)
            continue;
        char doubt[256];
        if (list_doubt(c, idx, n, doubt, sizeof doubt)) {
            add_skip(c, FS_CHECK_CHANGE_SUM, idx, n + 1, "%s", doubt);
            continue;
        }
        for (size_t j = 0; j < n; j++) {
            const fs_change *ch = &f->v[idx[1 + j]].change;
            if (ch->present && (ch->amount.present || ch->direction == FS_DIR_FLAT))
                with++;
        }
        if (with == 0)
            continue; /* the parts state no changes: no relation */
        if (!list_whole(c, l, n)) {
            add_skip(c, FS_CHECK_CHANGE_SUM, idx, n + 1,
                     "“其中”所列分项可能不全，缺的分项本年可能为零而仍有变动，变动额不能相加，未核对");
            continue;
        }
        if (with < n) {
            add_skip(c, FS_CHECK_CHANGE_SUM, idx, n + 1, "部分分项未列变动额，未核对");
            continue;
        }
        const fs_quantity *TD = &g->change.amount.q;
        fs_direction td = amount_dir(&g->change);
        const char *why = unusable(TD);
        int bad_dir = td == FS_DIR_NONE || (td == FS_DIR_FLAT && TD->value.mant != 0);
        int units_ok = 1;
        for (size_t j = 0; j < n; j++) {
            const fs_figure *pg = &f->v[idx[1 + j]];
            const fs_change *ch = &pg->change;
            if (!ch->amount.present) { /* 持平 without an amount: a printed zero */
                fs_quantity z = pg->value.present ? pg->value.q : *TD;
                z.value = fs_dec_make(0, z.value.scale);
                z.base = fs_dec_make(0, 0);
                pp[j] = to_printed(&z, 0, 0, 0);
                continue;
            }
            fs_direction d = amount_dir(ch);
            if (!why)
                why = unusable(&ch->amount.q);
            if (d == FS_DIR_NONE || (d == FS_DIR_FLAT && ch->amount.q.value.mant != 0))
                bad_dir = 1;
            if (!same_base(&ch->amount.q, TD))
                units_ok = 0;
            pp[j] = to_printed(&ch->amount.q, 0, 1, d == FS_DIR_DECREASE);
        }
        if (why) {
            add_skip(c, FS_CHECK_CHANGE_SUM, idx, n + 1, "%s", doubt);
            continue;
        }
        if (bad_dir) {
            add_skip(c, FS_CHECK_CHANGE_SUM, idx, n + 1,
                     "有变动未写明方向或方向矛盾（见direction），未核对");
            continue;
        }
        if (!units_ok) {
            add_skip(c, FS_CHECK_CHANGE_SUM, idx, n + 1, "分项变动额与总变动额的单位不同，未核对");
            continue;
        }
        fs_printed tot = to_printed(TD, 0, 1, td == FS_DIR_DECREASE);
        fs_check chk;
        fs_verdict v = fs_check_change_sum(pp, n, &tot, c->mode, &chk);
        char ttd[96], unit[32] = "";
        fs_buf rhs = FS_BUF_INIT;
        qtext(TD, 1, ttd, sizeof ttd);
        char *lhs = strf("%s%s%s%s", subj(c, t), g->change.basis ? g->change.basis : "",
                         amount_word(td), ttd);
        if (fs_buf_printf(&rhs, "其%zu个分项的变动（", n) < 0 ||
            put_parts(&rhs, c, idx, n, what_change) < 0 || fs_buf_puts(&rhs, "）") < 0) {
            fs_buf_free(&rhs);
            free(lhs);
            c->failed = FS_E_NOMEM;
            break;
        }
        fs_quantity_unit_text(TD, unit, sizeof unit);
        fs_check_stated st = stated_of(TD, t, 1, td == FS_DIR_DECREASE);
        {
            size_t w = strlen(amount_word(td)), tl = strlen(ttd);
            if (w + tl < sizeof st.text) {
                memcpy(st.text, amount_word(td), w);
                memcpy(st.text + w, ttd, tl + 1);
            }
        }
        fs_check cx;
        int hc = v == FS_INCONSISTENT &&
                 fs_check_change_sum(pp, n, &tot, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK &&
                 cx.has_range;
        judge_list(c, FS_CHECK_CHANGE_SUM, v, &chk, hc ? &cx.allowed.lo : NULL, idx, n, 1, 0, &st, TD->decimals, unit, lhs,
                   rhs.s ? rhs.s : "", "按分项变动合计");
        free(lhs);
        fs_buf_free(&rhs);
    }
    free(idx);
    free(pp);
}

/* share_sum: the shares of a breakdown add up to 100%. */
static void check_share_sum(ctx *c)
{
    const fs_figures *f = c->f;
    int *idx = malloc((f->n + 1) * sizeof *idx);
    fs_printed *pp = malloc((f->n + 1) * sizeof *pp);
    if (!idx || !pp) {
        free(idx);
        free(pp);
        c->failed = FS_E_NOMEM;
        return;
    }
    for (size_t l = 0; l < c->nlists && !c->failed; l++) {
        int t = c->list_total[l];
        if (t < 0)
            continue;
        size_t n = parts_of(c, l, idx), with = 0, of_t = 0;
        if (n == 0)
            continue;
        char doubt[256];
        if (list_doubt(c, idx, n, doubt, sizeof doubt)) {
            add_skip(c, FS_CHECK_SHARE_SUM, idx, n + 1, "%s", doubt);
            continue;
        }
        for (size_t j = 0; j < n; j++) {
            const fs_share *s = &f->v[idx[1 + j]].share;
            if (s->present && s->percent.present) {
                with++;
                if (s->of == t)
                    of_t++;
            }
        }
        if (with == 0)
            continue;
        if (with < n) {
            add_skip(c, FS_CHECK_SHARE_SUM, idx, n + 1, "部分分项未列占比，未核对占比之和");
            continue;
        }
        if (of_t < n) {
            add_skip(c, FS_CHECK_SHARE_SUM, idx, n + 1,
                     "分项占比所指的总数不明确或不是该总数，未核对占比之和");
            continue;
        }
        if (n < 2)
            continue;
        const char *why = NULL;
        int units_ok = 1, maxdec = 0;
        for (size_t j = 0; j < n; j++) {
            const fs_quantity *q = &f->v[idx[1 + j]].share.percent.q;
            if (!why)
                why = unusable(q);
            if (!q_is_rate(q))
                units_ok = 0;
            if (q->decimals > maxdec)
                maxdec = q->decimals;
            pp[j] = to_printed(q, 1, 0, 0);
        }
        if (why) {
            add_skip(c, FS_CHECK_SHARE_SUM, idx, n + 1, "%s", doubt);
            continue;
        }
        if (!units_ok) {
            add_skip(c, FS_CHECK_SHARE_SUM, idx, n + 1, "分项占比不是百分数，未核对");
            continue;
        }
        fs_check chk;
        fs_verdict v = fs_check_share_sum(pp, n, c->mode, &chk);
        fs_buf rhs = FS_BUF_INIT;
        if (fs_buf_printf(&rhs, "%s的%zu个分项占比（", subj(c, t), n) < 0 ||
            put_parts(&rhs, c, idx, n, what_share) < 0 || fs_buf_puts(&rhs, "）") < 0) {
            fs_buf_free(&rhs);
            c->failed = FS_E_NOMEM;
            break;
        }
        fs_check_stated st;
        memset(&st, 0, sizeof st);
        st.figure = t;
        strcpy(st.text, "100%");
        strcpy(st.value, "100");
        st.number = 100;
        fs_check cx;
        int hc = v == FS_INCONSISTENT && fs_check_share_sum(pp, n, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK &&
                 cx.has_range;
        judge_list(c, FS_CHECK_SHARE_SUM, v, &chk, hc ? &cx.allowed.lo : NULL, idx, n, list_whole(c, l, n), 0, &st,
                   maxdec, "%", "分项占比合计100%", rhs.s ? rhs.s : "", "按所列占比合计");
        fs_buf_free(&rhs);
    }
    free(idx);
    free(pp);
}

/* -------------------------------------------------------- restatement */

/* 1 when two strings are equal, NULL counting as "". */
static int str_eq(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* 1 when figures i and j are the same quantity (identity.h: item, code,
 * measure, scope, level and period known and equal) of the same kind, and
 * for head counts and counts in the same section (multi-unit reports repeat
 * 编制/在职 per unit). */
static int same_statement(const ctx *c, int i, int j)
{
    const fs_figure *a = &c->f->v[i], *b = &c->f->v[j];
    if (a->kind != b->kind || !fs_identity_same(&a->id, &b->id))
        return 0;
    if (crossing_kind(a) && a->section != b->section)
        return 0;
    return 1;
}

/* 1 when figures i and j, of one identity, stand side by side: in one
 * sentence, or parts of one list.  A report does not state one quantity
 * twice there; two such figures are parallel items the text tells apart by
 * words the identity does not hold. */
static int side_by_side(const ctx *c, int i, int j)
{
    const fs_figure *a = &c->f->v[i], *b = &c->f->v[j];
    if (a->quote_start == b->quote_start)
        return 1;
    return a->group >= 0 && a->group == b->group;
}

/* 1 when figures i and j were read with the same subject string but one
 * of them has no identity of its own (a measure word or a fragment as its
 * subject): such figures are not compared, and the group is reported as
 * skipped once. */
static int same_generic_subject(const ctx *c, int i, int j)
{
    const fs_figure *a = &c->f->v[i], *b = &c->f->v[j];
    if (!a->subject || !a->subject[0] || !str_eq(a->subject, b->subject) || a->kind != b->kind)
        return 0;
    return a->id.generic || b->id.generic;
}

/* 1 when figures i and j stand in the same place: in one section of the
 * outline (or both printing the same 科目 code), and both outside any list
 * or parts of totals with the same subject.  Across sections a name recurs
 * for other things (人员经费, 专项业务经费 and 商品和服务支出 under each
 * economic class), so two statements there are one quantity only when
 * their values agree — and then their changes and rates must agree too. */
static int same_context(const ctx *c, int i, int j)
{
    const fs_figure *a = &c->f->v[i], *b = &c->f->v[j];
    if (a->section != b->section &&
        !(a->id.code && a->id.code[0] && b->id.code && b->id.code[0]))
        return 0;
    if (a->parent < 0 || b->parent < 0)
        return a->parent < 0 && b->parent < 0;
    return str_eq(subj(c, a->parent), subj(c, b->parent));
}

/* 1 when the values of figures i and j can be one number. */
static int values_agree(const ctx *c, int i, int j)
{
    const fs_figure *a = &c->f->v[i], *b = &c->f->v[j];
    if (!a->value.present || !b->value.present || a->value.q.approximate ||
        b->value.q.approximate || !same_base(&a->value.q, &b->value.q))
        return 0;
    return pair_verdict(c, &a->value.q, 0, &b->value.q, 0, spans_share) == 0;
}

/* The fields a restatement compares. */
enum { RF_VALUE, RF_CHANGE, RF_RATE, RF_PRIOR, RF_COUNT_ };

/* Field fld of figure g, NULL when g does not state it.  *dec: 1 when it is
 * a change or rate whose direction is a decrease (its signed value is
 * −|printed|); 0 otherwise. */
static const fs_quantity *field_of(const fs_figure *g, int fld, int *dec)
{
    *dec = 0;
    fs_direction d;
    switch (fld) {
    case RF_VALUE:
        return g->value.present ? &g->value.q : NULL;
    case RF_CHANGE:
        if (!g->change.present || !g->change.amount.present)
            return NULL;
        d = amount_dir(&g->change);
        if (d != FS_DIR_INCREASE && d != FS_DIR_DECREASE)
            return NULL;
        *dec = d == FS_DIR_DECREASE;
        return &g->change.amount.q;
    case RF_RATE:
        if (!g->change.present || !g->change.percent.present)
            return NULL;
        d = percent_dir(&g->change);
        if (d != FS_DIR_INCREASE && d != FS_DIR_DECREASE)
            return NULL;
        *dec = d == FS_DIR_DECREASE;
        return &g->change.percent.q;
    default:
        if (!g->prior.present || !g->prior.value.present)
            return NULL;
        return &g->prior.value.q;
    }
}

/* The negate flag for q_span of a field: signed changes and rates are
 * ±|printed| by direction; values are taken as printed. */
static int field_negate(int fld, const fs_quantity *q, int dec)
{
    if (fld != RF_CHANGE && fld != RF_RATE)
        return 0;
    return dec != (q->value.mant < 0);
}

/* Text of a field for messages: "953.39万元", "增加183.39万元", "增长23.82%". */
static void field_text(const fs_figure *g, int fld, char *buf, size_t n)
{
    int neg;
    const fs_quantity *q = field_of(g, fld, &neg);
    char t[96];
    qtext(q, fld == RF_CHANGE || fld == RF_RATE, t, sizeof t);
    if (fld == RF_CHANGE)
        snprintf(buf, n, "%s%s", neg ? "减少" : "增加", t);
    else if (fld == RF_RATE)
        snprintf(buf, n, "%s%s", neg ? "下降" : "增长", t);
    else if (fld == RF_PRIOR)
        snprintf(buf, n, "上年数%s", t);
    else
        snprintf(buf, n, "%s", t);
}

/* The expected record of statement q's span, in the unit of the stated s. */
static fs_check_expected span_expected(const ctx *c, const fs_quantity *q, int neg,
                                       const fs_quantity *s)
{
    fs_check_expected x;
    dspan sp;
    memset(&x, 0, sizeof x);
    if (q_span(q, neg, c->mode, &sp) < 0)
        return x;
    fs_dec lo, hi;
    if (fs_dec_shift(sp.lo, -s->unit_exp10, &lo) < 0 || fs_dec_shift(sp.hi, -s->unit_exp10, &hi) < 0)
        return x;
    lo = fs_dec_normalize(lo);
    hi = fs_dec_normalize(hi);
    if (fs_dec_to_string(lo, x.low, sizeof x.low) < 0 ||
        fs_dec_to_string(hi, x.high, sizeof x.high) < 0)
        return x;
    x.low_value = dec_double(x.low);
    x.high_value = dec_double(x.high);
    x.low_open = sp.lo_open;
    x.high_open = sp.hi_open;
    x.present = 1;
    return x;
}

/* Compares one field across a group of statements g[0..n): the statement
 * agreeing with most others is the reference, every statement that cannot
 * be the same number as it is a finding. */
static void restate_field(ctx *c, const int *g, size_t n, int fld, int *agree, int *pv)
{
    const fs_figures *f = c->f;
    /* pv[a*n+b]: pair verdict, or -2 when not comparable. */
    for (size_t a = 0; a < n; a++) {
        agree[a] = 0;
        for (size_t b = 0; b < n; b++) {
            pv[a * n + b] = -2;
            if (a == b)
                continue;
            int da, db;
            const fs_figure *x = &f->v[g[a]], *y = &f->v[g[b]];
            const fs_quantity *qa = field_of(x, fld, &da), *qb = field_of(y, fld, &db);
            if (!qa || !qb || qa->approximate || qb->approximate)
                continue;
            if ((fld == RF_CHANGE || fld == RF_RATE) && !str_eq(x->change.basis, y->change.basis))
                continue;
            if (fld == RF_RATE ? !(q_is_rate(qa) && q_is_rate(qb)) : !same_base(qa, qb))
                continue;
            if (fld == RF_PRIOR && x->prior.period != y->prior.period)
                continue;
            /* One name under two different totals (公务接待费 in 公用经费 and
             * in "三公"经费; 基本支出 of two funds) is one quantity only
             * when the values agree; then its other fields must too. */
            if (!same_context(c, g[a], g[b]) &&
                (fld == RF_VALUE || !values_agree(c, g[a], g[b])))
                continue;
            pv[a * n + b] = pair_verdict(c, qa, field_negate(fld, qa, da), qb,
                                         field_negate(fld, qb, db), spans_share);
            if (pv[a * n + b] == 0)
                agree[a]++;
        }
    }
    size_t ref = 0;
    int have = 0;
    for (size_t a = 0; a < n; a++) {
        int dummy;
        const fs_quantity *q = field_of(&f->v[g[a]], fld, &dummy);
        if (!q || q->approximate)
            continue;
        if (!have || agree[a] > agree[ref]) {
            ref = a;
            have = 1;
        }
    }
    if (!have)
        return;
    for (size_t a = 0; a < n; a++) {
        if (a == ref)
            continue;
        int dummy;
        const fs_quantity *q = field_of(&f->v[g[a]], fld, &dummy);
        if (q && q->approximate) {
            int idx[2] = {g[a], g[ref]};
            add_skip(c, FS_CHECK_RESTATEMENT, idx, 2,
                     "含约数（约、多、余、左右等）的陈述不与其他陈述比较，未核对");
            continue;
        }
        int v = pv[a * n + ref];
        if (v == -2)
            continue;
        int idx[2] = {g[a], g[ref]};
        if (v == -1) {
            add_skip(c, FS_CHECK_RESTATEMENT, idx, 2, "数值超出可精确比较的范围，未核对");
            continue;
        }
        if (v == 0) {
            add_ok(c, FS_CHECK_RESTATEMENT);
            continue;
        }
        const fs_figure *x = &f->v[g[a]], *y = &f->v[g[ref]];
        char ta[128], tr[128], wa[48], wr[48];
        field_text(x, fld, ta, sizeof ta);
        field_text(y, fld, tr, sizeof tr);
        where(c, g[a], wa, sizeof wa);
        where(c, g[ref], wr, sizeof wr);
        fs_buf b = FS_BUF_INIT;
        const char *basis = (fld == RF_CHANGE || fld == RF_RATE) && x->change.basis
                                ? x->change.basis : "";
        int rc = v == 1 ? fs_buf_printf(&b, "%s%s在%s为%s，在%s为%s，两处不一致", subj(c, g[a]),
                                        basis, wr, tr, wa, ta)
                        : fs_buf_printf(&b, "%s%s在%s为%s，在%s为%s，两处%s才能一致",
                                        subj(c, g[a]), basis, wr, tr, wa, ta, pair_caveat(v));
        if (rc < 0) {
            fs_buf_free(&b);
            c->failed = FS_E_NOMEM;
            return;
        }
        int da, dr;
        const fs_quantity *qa = field_of(x, fld, &da), *qr = field_of(y, fld, &dr);
        int mag = fld == RF_CHANGE || fld == RF_RATE;
        fs_check_stated st = stated_of(qa, g[a], mag, da);
        fs_check_expected ex = span_expected(c, qr, field_negate(fld, qr, dr), qa);
        add_finding(c, FS_CHECK_RESTATEMENT, v == 1 ? FS_SEV_ERROR : FS_SEV_WARNING, idx, 2, &st,
                    &ex, &b);
    }
}

/* restatement: one subject stated more than once must agree. */
static void check_restatement(ctx *c)
{
    const fs_figures *f = c->f;
    size_t n = f->n;
    unsigned char *done = calloc(n ? n : 1, 1);
    int *g = malloc((n ? n : 1) * sizeof *g);
    int *agree = malloc((n ? n : 1) * sizeof *agree);
    if (!done || !g || !agree) {
        free(done);
        free(g);
        free(agree);
        c->failed = FS_E_NOMEM;
        return;
    }
    for (size_t i = 0; i < n && !c->failed; i++) {
        if (done[i])
            continue;
        size_t m = 0;
        g[m++] = (int)i;
        done[i] = 1;
        for (size_t j = i + 1; j < n; j++)
            if (!done[j] && same_statement(c, (int)i, (int)j)) {
                if (side_by_side(c, (int)i, (int)j)) {
                    int idx[2] = {(int)i, (int)j};
                    add_skip(c, FS_CHECK_RESTATEMENT, idx, 2,
                             "同一句或同一列表中名称相同的两个数，应是并列的不同项目，未作为同一数比较");
                    continue;
                }
                g[m++] = (int)j;
                done[j] = 1;
            }
        if (m < 2)
            continue;
        if (m > 4096) {
            add_skip(c, FS_CHECK_RESTATEMENT, g, 2, "同一项目陈述次数过多（%zu次），未逐一比较", m);
            continue;
        }
        int *pv = malloc(m * m * sizeof *pv);
        if (!pv) {
            c->failed = FS_E_NOMEM;
            break;
        }
        for (int fld = 0; fld < RF_COUNT_ && !c->failed; fld++)
            restate_field(c, g, m, fld, agree, pv);
        free(pv);
    }
    /* figures that share a subject string but have no identity of their
     * own: one skipped entry per subject */
    memset(done, 0, n ? n : 1);
    for (size_t i = 0; i < n && !c->failed; i++) {
        if (done[i])
            continue;
        size_t m = 0;
        g[m++] = (int)i;
        for (size_t j = i + 1; j < n; j++)
            if (!done[j] && same_generic_subject(c, (int)i, (int)j)) {
                done[j] = 1;
                if (m < 2)
                    g[m++] = (int)j;
            }
        if (m >= 2)
            add_skip(c, FS_CHECK_RESTATEMENT, g, 2,
                     "“%s”只是度量词、总计词或标题片段，不能确定指的是同一项目，未比较",
                     c->f->v[i].subject);
    }
    free(done);
    free(g);
    free(agree);
}

/* ---------------------------------------------------------- direction */

/* Records a direction finding about figure i; stated is q (magnitude). */
static void direction_finding(ctx *c, int i, int pv, const fs_quantity *q, fs_buf *b)
{
    fs_check_stated st = stated_of(q, i, 1, 0);
    fs_check_expected none;
    memset(&none, 0, sizeof none);
    add_finding(c, FS_CHECK_DIRECTION, pv == 1 ? FS_SEV_ERROR : FS_SEV_WARNING, &i, 1, &st,
                &none, b);
}

/* direction: words that contradict numbers. */
static void check_direction(ctx *c)
{
    const fs_figures *f = c->f;
    for (size_t k = 0; k < f->n && !c->failed; k++) {
        const fs_figure *g = &f->v[k];
        const fs_change *ch = &g->change;
        int i = (int)k;
        if (!ch->present)
            continue;
        const char *basis = ch->basis ? ch->basis : "";
        fs_direction da = ch->amount.present ? amount_dir(ch) : FS_DIR_NONE;
        fs_direction dp = ch->percent.present ? percent_dir(ch) : FS_DIR_NONE;
        char td[96] = "", tp[96] = "";
        if (ch->amount.present)
            qtext(&ch->amount.q, 1, td, sizeof td);
        if (ch->percent.present)
            qtext(&ch->percent.q, 1, tp, sizeof tp);
        fs_buf b = FS_BUF_INIT;

        /* 1. 增加 … 下降 (or the reverse), both words written. */
        if (ch->amount.present && ch->percent.present && ch->amount_dir != FS_DIR_NONE &&
            ch->percent_dir != FS_DIR_NONE && (da == FS_DIR_INCREASE || da == FS_DIR_DECREASE) &&
            (dp == FS_DIR_INCREASE || dp == FS_DIR_DECREASE)) {
            if (da != dp) {
                if (fs_buf_printf(&b, "%s%s%s，却写作%s%s，增减方向相反", basis,
                                  amount_word(da), td, rate_word(dp), tp) < 0)
                    goto nomem;
                direction_finding(c, i, 1, &ch->percent.q, &b);
            } else {
                add_ok(c, FS_CHECK_DIRECTION);
            }
        }

        /* 2. 持平 with a non-zero change, or with a different prior value. */
        int flat = ch->direction == FS_DIR_FLAT || ch->amount_dir == FS_DIR_FLAT ||
                   ch->percent_dir == FS_DIR_FLAT;
        if (flat) {
            if (ch->amount.present && ch->amount.q.value.mant != 0) {
                if (fs_buf_printf(&b, "写作与上年持平，但%s变动%s不为零", basis, td) < 0)
                    goto nomem;
                direction_finding(c, i, 1, &ch->amount.q, &b);
            } else if (ch->percent.present && ch->percent.q.value.mant != 0) {
                if (fs_buf_printf(&b, "写作与上年持平，但%s变动率%s不为零", basis, tp) < 0)
                    goto nomem;
                direction_finding(c, i, 1, &ch->percent.q, &b);
            } else if (g->value.present && g->prior.present && g->prior.value.present &&
                       same_base(&g->value.q, &g->prior.value.q) && !g->value.q.approximate &&
                       !g->prior.value.q.approximate) {
                int pv = pair_verdict(c, &g->value.q, 0, &g->prior.value.q, 0, spans_share);
                char tv[96], tq[96];
                qtext(&g->value.q, 0, tv, sizeof tv);
                qtext(&g->prior.value.q, 0, tq, sizeof tq);
                if (pv < 0) {
                    add_skip(c, FS_CHECK_DIRECTION, &i, 1, "数值超出可精确比较的范围，未核对");
                } else if (pv == 0) {
                    add_ok(c, FS_CHECK_DIRECTION);
                } else {
                    if (fs_buf_printf(&b, "写作与上年持平，但本年%s%s与上年%s不等%s", subj(c, i),
                                      tv, tq, pv == 1 ? "" : "（截尾后可相等）") < 0)
                        goto nomem;
                    direction_finding(c, i, pv, &g->value.q, &b);
                }
            } else {
                add_ok(c, FS_CHECK_DIRECTION);
            }
        }

        /* 3. A decrease larger than the stated prior value. */
        if (da == FS_DIR_DECREASE && g->prior.present && g->prior.value.present &&
            same_base(&ch->amount.q, &g->prior.value.q) && !ch->amount.q.approximate &&
            !g->prior.value.q.approximate) {
            fs_quantity dm = ch->amount.q;
            if (dm.value.mant < 0) {
                dm.value.mant = -dm.value.mant;
                dm.base.mant = -dm.base.mant;
            }
            int pv = pair_verdict(c, &dm, 0, &g->prior.value.q, 0, span_can_le);
            char tq[96];
            qtext(&g->prior.value.q, 0, tq, sizeof tq);
            if (pv < 0) {
                add_skip(c, FS_CHECK_DIRECTION, &i, 1, "数值超出可精确比较的范围，未核对");
            } else if (pv == 0) {
                add_ok(c, FS_CHECK_DIRECTION);
            } else {
                if (fs_buf_printf(&b, "%s减少%s，大于上年数%s，减少额不可能超过上年数%s", basis,
                                  td, tq, pv == 1 ? "" : "（截尾后可不超过）") < 0)
                    goto nomem;
                direction_finding(c, i, pv, &ch->amount.q, &b);
            }
        }

        /* 4. A decrease of more than 100%. */
        if (dp == FS_DIR_DECREASE && q_is_rate(&ch->percent.q) && !ch->percent.q.approximate &&
            ch->percent.q.unit != FS_UNIT_NONE) {
            fs_quantity pm = ch->percent.q;
            if (pm.value.mant < 0) {
                pm.value.mant = -pm.value.mant;
                pm.base.mant = -pm.base.mant;
            }
            int pv = pair_verdict(c, &pm, 0, NULL, 0, span_can_le);
            if (pv < 0) {
                add_skip(c, FS_CHECK_DIRECTION, &i, 1, "数值超出可精确比较的范围，未核对");
            } else if (pv == 0) {
                add_ok(c, FS_CHECK_DIRECTION);
            } else {
                if (fs_buf_printf(&b, "%s下降%s超过100%%，下降幅度不可能超过100%%%s", basis, tp,
                                  pv == 1 ? "" : "（截尾后可不超过）") < 0)
                    goto nomem;
                direction_finding(c, i, pv, &ch->percent.q, &b);
            }
        }

        /* 5. 增加/减少 against a stated prior value, when no amount is given
         * (with an amount, the prior check already tests it). */
        fs_direction dw = da != FS_DIR_NONE ? da : dp;
        if (!ch->amount.present && (dw == FS_DIR_INCREASE || dw == FS_DIR_DECREASE) &&
            g->value.present && g->prior.present && g->prior.value.present &&
            same_base(&g->value.q, &g->prior.value.q) && !g->value.q.approximate &&
            !g->prior.value.q.approximate) {
            /* increase: prior <= value must be possible; decrease: value <= prior. */
            int pv = dw == FS_DIR_INCREASE
                         ? pair_verdict(c, &g->prior.value.q, 0, &g->value.q, 0, span_can_le)
                         : pair_verdict(c, &g->value.q, 0, &g->prior.value.q, 0, span_can_le);
            char tv[96], tq[96];
            qtext(&g->value.q, 0, tv, sizeof tv);
            qtext(&g->prior.value.q, 0, tq, sizeof tq);
            if (pv < 0) {
                add_skip(c, FS_CHECK_DIRECTION, &i, 1, "数值超出可精确比较的范围，未核对");
            } else if (pv == 0) {
                add_ok(c, FS_CHECK_DIRECTION);
            } else {
                if (fs_buf_printf(&b, "写作%s，但本年%s%s%s上年%s%s", amount_word(dw), subj(c, i),
                                  tv, dw == FS_DIR_INCREASE ? "小于" : "大于", tq,
                                  pv == 1 ? "" : "（截尾后可相符）") < 0)
                    goto nomem;
                direction_finding(c, i, pv, &g->value.q, &b);
            }
        }
        continue;
    nomem:
        fs_buf_free(&b);
        c->failed = FS_E_NOMEM;
        return;
    }
}

/* --------------------------------------------------------------- table */

static const struct {
    const char *name;
    check_fn run;
} CHECKS[FS_CHECK_COUNT_] = {
    [FS_CHECK_GROWTH] = {"growth", check_growth},
    [FS_CHECK_PRIOR] = {"prior", check_prior},
    [FS_CHECK_SHARE] = {"share", check_share},
    [FS_CHECK_SUM] = {"sum", check_sum},
    [FS_CHECK_CHANGE_SUM] = {"change_sum", check_change_sum},
    [FS_CHECK_SHARE_SUM] = {"share_sum", check_share_sum},
    [FS_CHECK_RESTATEMENT] = {"restatement", check_restatement},
    [FS_CHECK_DIRECTION] = {"direction", check_direction},
};

/* ----------------------------------------------------------------- API */

/* See checks.h. */
fs_check_opts fs_check_opts_default(void)
{
    fs_check_opts o;
    o.checks = FS_CHECKS_ALL;
    o.rounding = FS_RND_NEAREST;
    return o;
}

/* See checks.h. */
const char *fs_check_name(fs_check_id id)
{
    return (unsigned)id < FS_CHECK_COUNT_ ? CHECKS[id].name : NULL;
}

/* See checks.h. */
const char *fs_severity_name(fs_severity s)
{
    return s == FS_SEV_WARNING ? "warning" : "error";
}

/* See checks.h. */
int fs_checks_parse_list(const char *csv, unsigned *mask, fs_error *e)
{
    if (!csv || !mask)
        return fs_error_set(e, FS_E_USAGE, "no list of checks given");
    unsigned m = 0;
    const char *p = csv;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *s = p;
        while (len > 0 && (*s == ' ' || *s == '\t')) {
            s++;
            len--;
        }
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        if (len == 0)
            return fs_error_set(e, FS_E_USAGE, "empty check name in \"%s\"", csv);
        int found = 0;
        if (len == 3 && memcmp(s, "all", 3) == 0) {
            m |= FS_CHECKS_ALL;
            found = 1;
        }
        for (int k = 0; k < FS_CHECK_COUNT_ && !found; k++)
            if (strlen(CHECKS[k].name) == len && memcmp(s, CHECKS[k].name, len) == 0) {
                m |= 1u << k;
                found = 1;
            }
        if (!found)
            return fs_error_set(e, FS_E_USAGE,
                                "unknown check \"%.*s\" (known: growth, prior, share, sum, "
                                "change_sum, share_sum, restatement, direction, all)",
                                (int)(len > 64 ? 64 : len), s);
        if (!end)
            break;
        p = end + 1;
    }
    *mask = m;
    return 0;
}

/* See checks.h. */
void fs_check_result_free(fs_check_result *r)
{
    if (!r)
        return;
    for (size_t k = 0; k < r->nfindings; k++) {
        free(r->findings[k].figures);
        free(r->findings[k].message);
    }
    for (size_t k = 0; k < r->nskipped; k++) {
        free(r->skipped[k].figures);
        free(r->skipped[k].reason);
    }
    free(r->findings);
    free(r->skipped);
    free(r);
}

/* See checks.h. */
int fs_checks_run(const fs_figures *f, const fs_check_opts *o, fs_check_result **out,
                  fs_error *e)
{
    if (!f || !out || (f->n && !f->v))
        return fs_error_set(e, FS_E_USAGE, "checks: no figures");
    *out = NULL;
    fs_check_opts opts = o ? *o : fs_check_opts_default();
    if (opts.rounding != FS_RND_NEAREST && opts.rounding != FS_RND_TRUNCATE &&
        opts.rounding != FS_RND_EITHER && opts.rounding != FS_RND_EXACT)
        return fs_error_set(e, FS_E_USAGE, "checks: unknown rounding mode %d",
                            (int)opts.rounding);
    for (size_t k = 0; k < f->n; k++) {
        int p = f->v[k].parent;
        if (p >= (int)f->n || p == (int)k)
            return fs_error_set(e, FS_E_USAGE, "checks: figure %zu has a bad parent %d", k, p);
    }
    fs_check_result *r = calloc(1, sizeof *r);
    ctx c;
    memset(&c, 0, sizeof c);
    c.f = f;
    c.mode = opts.rounding;
    c.r = r;
    size_t n = f->n ? f->n : 1, ng = f->groups ? f->ngroups : 0;
    c.nlists = ng + f->n;
    size_t nl = c.nlists ? c.nlists : 1;
    c.list_total = malloc(nl * sizeof *c.list_total);
    c.list_complete = malloc(nl * sizeof *c.list_complete);
    c.list_first = malloc(nl * sizeof *c.list_first);
    c.next_in_list = malloc(n * sizeof *c.next_in_list);
    c.open_parts = calloc(n, 1);
    if (!r || !c.list_total || !c.list_complete || !c.list_first || !c.next_in_list ||
        !c.open_parts) {
        free(c.open_parts);
        free(c.list_total);
        free(c.list_complete);
        free(c.list_first);
        free(c.next_in_list);
        free(r);
        return fs_error_set(e, FS_E_NOMEM, "checks: out of memory");
    }
    for (size_t l = 0; l < c.nlists; l++) {
        c.list_total[l] = c.list_first[l] = -1;
        c.list_complete[l] = 0;
    }
    for (size_t g = 0; g < ng; g++) {
        int t = f->groups[g].total;
        if (t >= 0 && (size_t)t < f->n) {
            c.list_total[g] = t;
            c.list_complete[g] = f->groups[g].complete == 1;
        }
    }
    /* Parts in document order: walk backwards, pushing to the front. */
    for (size_t k = f->n; k-- > 0;) {
        int p = f->v[k].parent, g = f->v[k].group;
        c.next_in_list[k] = -1;
        if (p < 0)
            continue;
        if ((size_t)p < f->n && !f->v[k].id.in_parens)
            c.open_parts[p] = 1;
        size_t l;
        if (g >= 0 && (size_t)g < ng && f->groups[g].total == p) {
            l = (size_t)g;
        } else { /* a part listed in no breakdown: its parent's own list */
            l = ng + (size_t)p;
            c.list_total[l] = p;
            c.list_complete[l] = f->v[p].parts_complete == 1;
        }
        c.next_in_list[k] = c.list_first[l];
        c.list_first[l] = (int)k;
    }
    for (int k = 0; k < FS_CHECK_COUNT_ && !c.failed; k++)
        if (opts.checks & (1u << k))
            CHECKS[k].run(&c);
    free(c.list_total);
    free(c.list_complete);
    free(c.open_parts);
    free(c.list_first);
    free(c.next_in_list);
    if (c.failed) {
        fs_check_result_free(r);
        return fs_error_set(e, FS_E_NOMEM, "checks: out of memory");
    }
    *out = r;
    return 0;
}
