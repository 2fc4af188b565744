/* checks.c — the checks stage: figure records in, findings and skipped
 * relations out.  See checks.h for what each check means.
 *
 * Every decision goes through exact arithmetic: the relations with a range
 * (growth, prior, share, sums) through interval.h on 256-bit rationals, the
 * comparisons between two statements (restatement, direction) through fs_dec
 * intervals in base units.  Doubles appear only in the display fields of a
 * finding.  A check is one function plus one row of CHECKS[].
 *
 * This file is the core of the stage: the helpers every check family shares
 * (declared in checks_impl.h), the table of checks and the public API.  The
 * checks themselves are in check_growth.c (growth, prior, direction),
 * check_share.c (share, completion), check_sum.c (sum, change_sum, share_sum),
 * check_restate.c (restatement), check_compare.c (comparison),
 * check_rates.c (points; the ratio to last year under growth), check_items.c
 * (the sums of 类 › 款 › 项 item enumerations, under sum). */
#include "checks.h"

#include "checks_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

typedef void (*check_fn)(chk_ctx *c);

/* ------------------------------------------------------------- helpers */

/* What figure i is, for messages: its item (identity.h) when it names one,
 * else its subject as written; "" when none. */
const char *chk_subj(const chk_ctx *c, int i)
{
    const fs_identity *id = &c->f->v[i].id;
    if (id->item && id->item[0] && !id->generic)
        return id->item;
    const char *s = c->f->v[i].subject;
    return s ? s : "";
}

/* The printed text of q rebuilt from its parsed value: "953.39万元".
 * magnitude: print |value|. */
void chk_qtext(const fs_quantity *q, int magnitude, char *buf, size_t n)
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
int chk_q_is_rate(const fs_quantity *q)
{
    return q->unit == FS_UNIT_NONE || fs_unit_base(q->unit) == FS_UNIT_PERCENT;
}

/* 1 when a and b are amounts in the same base unit (元 with 万元 …). */
int chk_same_base(const fs_quantity *a, const fs_quantity *b)
{
    return fs_unit_base(a->unit) == fs_unit_base(b->unit) && a->unit != FS_UNIT_PPOINT &&
           fs_unit_base(a->unit) != FS_UNIT_PERCENT;
}

/* q as interval.h's printed figure.  as_rate: in percent terms (unit_exp −2
 * for %).  negate: the figure with its sign flipped (a decrease).  magnitude:
 * |value|.  A Chinese numeral with unwritten trailing zeros (两千三百万) is
 * taken at the precision of its last written digit. */
fs_printed chk_to_printed(const fs_quantity *q, int as_rate, int magnitude, int negate)
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
fs_direction chk_amount_dir(const fs_change *ch)
{
    return eff_dir(ch->amount_dir != FS_DIR_NONE ? ch->amount_dir : ch->direction, &ch->amount);
}

/* The direction of a change's rate (its own word, else the change's). */
fs_direction chk_percent_dir(const fs_change *ch)
{
    return eff_dir(ch->percent_dir != FS_DIR_NONE ? ch->percent_dir : ch->direction,
                   &ch->percent);
}

const char *chk_amount_word(fs_direction d)
{
    return d == FS_DIR_DECREASE ? "减少" : d == FS_DIR_FLAT ? "持平" : "增加";
}

const char *chk_rate_word(fs_direction d)
{
    return d == FS_DIR_DECREASE ? "下降" : d == FS_DIR_FLAT ? "持平" : "增长";
}

/* A new string (malloc'd, caller frees) formatted like printf; NULL when
 * out of memory. */
char *chk_strf(const char *fmt, ...)
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
double chk_dec_double(const char *s)
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
static fs_check_fig *make_figs(chk_ctx *c, const int *idx, size_t n)
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
void chk_add_skip(chk_ctx *c, fs_check_id id, const int *idx, size_t n, const char *fmt, ...)
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
void chk_add_finding(chk_ctx *c, fs_check_id id, fs_severity sev, const int *idx, size_t n,
                     const fs_check_stated *st, const fs_check_expected *ex, fs_buf *msg)
{
    fs_check_result *r = c->r;
    if (c->failed) {
        fs_buf_free(msg);
        return;
    }
    /* every finding passes here: one whose figures were read from text out
     * of reading order is not certain */
    for (size_t j = 0; j < n; j++)
        if (idx[j] >= 0 && c->f->v[idx[j]].disordered) {
            fs_buf_free(msg);
            chk_add_skip(c, id, idx, n, "PDF 文本顺序错乱（数字与文字错位），无法确定各数所属，未核对");
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
void chk_add_ok(chk_ctx *c, fs_check_id id)
{
    c->r->summary.checked++;
    c->r->summary.checked_by[id]++;
}

/* The stated record of a printed quantity (figure fig).  magnitude: the
 * value without its sign; negate: with the sign of a decrease. */
/* See checks_impl.h. */
int chk_budget_measure(const char *m)
{
    return m && (strcmp(m, "年初预算") == 0 || strcmp(m, "调整预算") == 0 ||
                 strcmp(m, "全年预算") == 0 || strcmp(m, "预算") == 0);
}

fs_check_stated chk_stated_of(const fs_quantity *q, int fig, int magnitude, int negate)
{
    fs_check_stated s;
    memset(&s, 0, sizeof s);
    s.figure = fig;
    s.start = q->start;
    s.end = q->end;
    chk_qtext(q, magnitude, s.text, sizeof s.text);
    fs_dec v = q->value;
    if (magnitude && v.mant < 0)
        v.mant = -v.mant;
    if (negate)
        v.mant = -v.mant;
    if (fs_dec_to_string(v, s.value, sizeof s.value) < 0)
        strcpy(s.value, "?");
    s.number = chk_dec_double(s.value);
    return s;
}

/* The expected record of an interval.h range, `digits` decimals beyond the
 * stated figure's. */
fs_check_expected chk_expected_of(const fs_interval *iv, int decimals)
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
void chk_judge(chk_ctx *c, fs_check_id id, fs_verdict v, const fs_check *chk,
               const fs_q *center, const int *idx,
               size_t n, const fs_check_stated *st, int decimals, const char *unit,
               int signed_change, const char *lhs, const char *rhs, const char *basis)
{
    if (v == FS_CONSISTENT) {
        chk_add_ok(c, id);
        return;
    }
    if (v == FS_CANNOT_CHECK || !chk->has_range) {
        chk_add_skip(c, id, idx, n, "数值超出可精确核对的范围（位数或单位过大），未核对");
        return;
    }
    if (v != FS_INCONSISTENT) {
        chk_add_skip(c, id, idx, n, "关系无定义（分母在舍入范围内可能为零），未核对");
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
    fs_check_expected ex = chk_expected_of(&chk->allowed, decimals);
    chk_add_finding(c, id, sev, idx, n, st, &ex, &b);
}

/* The amount of figure i's item one year earlier: its stated prior (*pf =
 * i), else the same subject stated for the year before in the same sentence
 * ("2023年度基本支出决算为800.00万元，2024年度基本支出决算为1000.00万元",
 * *pf its index).  *period is that year (0 when the prior names none).
 * NULL when neither is stated. */
const fs_quantity *chk_earlier_year(const chk_ctx *c, int i, int *pf, int *period)
{
    const fs_figure *g = &c->f->v[i];
    *pf = -1;
    *period = 0;
    if (g->prior.present && g->prior.value.present) {
        *pf = i;
        *period = g->prior.period;
        return &g->prior.value.q;
    }
    for (int j = i - 1; j >= 0; j--) {
        const fs_figure *h = &c->f->v[j];
        if (h->quote_start != g->quote_start)
            break;
        if (h->value.present && g->period && h->period == g->period - 1 && h->subject &&
            g->subject && strcmp(h->subject, g->subject) == 0) {
            *pf = j;
            *period = h->period;
            return &h->value.q;
        }
    }
    return NULL;
}

/* Why q cannot enter an exact relation, or NULL. */
const char *chk_unusable(const fs_quantity *q)
{
    if (q->approximate)
        return "含约数（约、多、余、左右等），没有确切的舍入区间，未核对";
    return NULL;
}

/* 1 when the figure's kind counts people or things, whose 其中 lists may
 * cross (女性、党员 of one staff). */
int chk_crossing_kind(const fs_figure *g)
{
    return g->kind == FS_FIG_HEADCOUNT || g->kind == FS_FIG_COUNT;
}

/* ----------------------------------------------- exact spans (fs_dec) */

/* Fills *s for q (sign flipped when negate) under mode; 0, or FS_E_NUMBER
 * when the bounds do not fit an fs_dec. */
int chk_q_span(const fs_quantity *q, int negate, fs_rounding mode, chk_dspan *s)
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
int chk_spans_share(const chk_dspan *a, const chk_dspan *b)
{
    if (a->point && b->point)
        return fs_dec_eq(a->lo, b->lo);
    if (a->point || b->point) {
        const chk_dspan *p = a->point ? a : b, *iv = a->point ? b : a;
        int l = fs_dec_cmp(iv->lo, p->lo), h = fs_dec_cmp(p->lo, iv->hi);
        return (l < 0 || (l == 0 && !iv->lo_open)) && (h < 0 || (h == 0 && !iv->hi_open));
    }
    fs_dec lo = fs_dec_cmp(a->lo, b->lo) > 0 ? a->lo : b->lo;
    fs_dec hi = fs_dec_cmp(a->hi, b->hi) < 0 ? a->hi : b->hi;
    return fs_dec_cmp(lo, hi) < 0;
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
int chk_pair_verdict(const chk_ctx *c, const fs_quantity *a, int na, const fs_quantity *b, int nb,
                     int (*rel)(const chk_dspan *, const chk_dspan *))
{
    static const fs_rounding alt[2] = {FS_RND_TRUNCATE, FS_RND_EITHER};
    chk_dspan x, y;
    if (rel == chk_spans_share && b && same_print(a, na, b, nb))
        return 0;
    if (chk_q_span(a, na, c->mode, &x) < 0 || (b && chk_q_span(b, nb, c->mode, &y) < 0))
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
        if (chk_q_span(a, na, alt[k], &x) == 0 && (!b || chk_q_span(b, nb, alt[k], &y) == 0) &&
            rel(&x, &y))
            return 2 + k;
    return 1;
}

/* --------------------------------------------------------------- table */

static const struct {
    const char *name;
    check_fn run;
} CHECKS[FS_CHECK_COUNT_] = {
    [FS_CHECK_GROWTH] = {"growth", chk_growth},
    [FS_CHECK_PRIOR] = {"prior", chk_prior},
    [FS_CHECK_SHARE] = {"share", chk_share},
    [FS_CHECK_SUM] = {"sum", chk_sum},
    [FS_CHECK_CHANGE_SUM] = {"change_sum", chk_change_sum},
    [FS_CHECK_SHARE_SUM] = {"share_sum", chk_share_sum},
    [FS_CHECK_RESTATEMENT] = {"restatement", chk_restatement},
    [FS_CHECK_DIRECTION] = {"direction", chk_direction},
    [FS_CHECK_COMPLETION] = {"completion", chk_completion},
    [FS_CHECK_COMPARISON] = {"comparison", chk_comparison},
    [FS_CHECK_POINTS] = {"points", chk_points},
    [FS_CHECK_TABLE] = {"table", chk_table},
    [FS_CHECK_TABLE_SUM] = {"table_sum", chk_table_sum},
};

/* ----------------------------------------------------------------- API */

/* See checks.h. */
fs_check_opts fs_check_opts_default(void)
{
    fs_check_opts o;
    o.checks = FS_CHECKS_ALL;
    o.rounding = FS_RND_NEAREST;
    o.tables = NULL;
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
                                "change_sum, share_sum, restatement, direction, completion, comparison, all)",
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
        free(r->findings[k].cells);
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
    chk_ctx c;
    memset(&c, 0, sizeof c);
    c.f = f;
    c.mode = opts.rounding;
    c.r = r;
    c.tables = opts.tables;
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
