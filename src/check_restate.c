/* check_restate.c — the restatement check: figures of one identity
 * (identity.h) stated more than once, grouped, and each of their fields
 * (value, change, rate, prior value) compared across the group; which
 * statements count as one quantity (same section or context, not side by
 * side in one sentence or list) is decided here. */
#include "checks_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "identity.h"

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
static int same_statement(const chk_ctx *c, int i, int j)
{
    const fs_figure *a = &c->f->v[i], *b = &c->f->v[j];
    if (a->kind != b->kind || !fs_identity_same(&a->id, &b->id))
        return 0;
    if (chk_crossing_kind(a) && a->section != b->section)
        return 0;
    return 1;
}

/* 1 when figures i and j, of one identity, stand side by side: in one
 * sentence, or parts of one list.  A report does not state one quantity
 * twice there; two such figures are parallel items the text tells apart by
 * words the identity does not hold. */
static int side_by_side(const chk_ctx *c, int i, int j)
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
static int same_generic_subject(const chk_ctx *c, int i, int j)
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
static int same_context(const chk_ctx *c, int i, int j)
{
    const fs_figure *a = &c->f->v[i], *b = &c->f->v[j];
    if (a->section != b->section &&
        !(a->id.code && a->id.code[0] && b->id.code && b->id.code[0]))
        return 0;
    if (a->parent < 0 || b->parent < 0)
        return a->parent < 0 && b->parent < 0;
    return str_eq(chk_subj(c, a->parent), chk_subj(c, b->parent));
}

/* 1 when the values of figures i and j can be one number. */
static int values_agree(const chk_ctx *c, int i, int j)
{
    const fs_figure *a = &c->f->v[i], *b = &c->f->v[j];
    if (!a->value.present || !b->value.present || a->value.q.approximate ||
        b->value.q.approximate || !chk_same_base(&a->value.q, &b->value.q))
        return 0;
    return chk_pair_verdict(c, &a->value.q, 0, &b->value.q, 0, chk_spans_share) == 0;
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
        d = chk_amount_dir(&g->change);
        if (d != FS_DIR_INCREASE && d != FS_DIR_DECREASE)
            return NULL;
        *dec = d == FS_DIR_DECREASE;
        return &g->change.amount.q;
    case RF_RATE:
        if (!g->change.present || !g->change.percent.present)
            return NULL;
        d = chk_percent_dir(&g->change);
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

/* The negate flag for chk_q_span of a field: signed changes and rates are
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
    chk_qtext(q, fld == RF_CHANGE || fld == RF_RATE, t, sizeof t);
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
static fs_check_expected span_expected(const chk_ctx *c, const fs_quantity *q, int neg,
                                       const fs_quantity *s)
{
    fs_check_expected x;
    chk_dspan sp;
    memset(&x, 0, sizeof x);
    if (chk_q_span(q, neg, c->mode, &sp) < 0)
        return x;
    fs_dec lo, hi;
    if (fs_dec_shift(sp.lo, -s->unit_exp10, &lo) < 0 || fs_dec_shift(sp.hi, -s->unit_exp10, &hi) < 0)
        return x;
    lo = fs_dec_normalize(lo);
    hi = fs_dec_normalize(hi);
    if (fs_dec_to_string(lo, x.low, sizeof x.low) < 0 ||
        fs_dec_to_string(hi, x.high, sizeof x.high) < 0)
        return x;
    x.low_value = chk_dec_double(x.low);
    x.high_value = chk_dec_double(x.high);
    x.low_open = sp.lo_open;
    x.high_open = sp.hi_open;
    x.present = 1;
    return x;
}

/* Where figure i stands, for messages: "第3页第12行" (or "第12行"). */
static void where(const chk_ctx *c, int i, char *buf, size_t n)
{
    const fs_figure *g = &c->f->v[i];
    if (g->page > 0)
        snprintf(buf, n, "第%u页第%u行", (unsigned)g->page, (unsigned)g->line);
    else
        snprintf(buf, n, "第%u行", (unsigned)g->line);
}

/* The rounding-caveat phrase of a pair verdict 2/3. */
static const char *pair_caveat(int pv)
{
    return pv == 2 ? "仅在各数截尾（而非四舍五入）时" : "仅在部分数字截尾（而非四舍五入）时";
}

/* Compares one field across a group of statements g[0..n): the statement
 * agreeing with most others is the reference, every statement that cannot
 * be the same number as it is a finding. */
static void restate_field(chk_ctx *c, const int *g, size_t n, int fld, int *agree, int *pv)
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
            if (fld == RF_RATE ? !(chk_q_is_rate(qa) && chk_q_is_rate(qb)) : !chk_same_base(qa, qb))
                continue;
            if (fld == RF_PRIOR && x->prior.period != y->prior.period)
                continue;
            /* One name under two different totals (公务接待费 in 公用经费 and
             * in "三公"经费; 基本支出 of two funds) is one quantity only
             * when the values agree; then its other fields must too. */
            if (!same_context(c, g[a], g[b]) &&
                (fld == RF_VALUE || !values_agree(c, g[a], g[b])))
                continue;
            pv[a * n + b] = chk_pair_verdict(c, qa, field_negate(fld, qa, da), qb,
                                             field_negate(fld, qb, db), chk_spans_share);
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
            chk_add_skip(c, FS_CHECK_RESTATEMENT, idx, 2,
                         "含约数（约、多、余、左右等）的陈述不与其他陈述比较，未核对");
            continue;
        }
        int v = pv[a * n + ref];
        if (v == -2)
            continue;
        int idx[2] = {g[a], g[ref]};
        if (v == -1) {
            chk_add_skip(c, FS_CHECK_RESTATEMENT, idx, 2, "数值超出可精确比较的范围，未核对");
            continue;
        }
        if (v == 0) {
            chk_add_ok(c, FS_CHECK_RESTATEMENT);
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
        int rc = v == 1 ? fs_buf_printf(&b, "%s%s在%s为%s，在%s为%s，两处不一致", chk_subj(c, g[a]),
                                        basis, wr, tr, wa, ta)
                        : fs_buf_printf(&b, "%s%s在%s为%s，在%s为%s，两处%s才能一致",
                                        chk_subj(c, g[a]), basis, wr, tr, wa, ta, pair_caveat(v));
        if (rc < 0) {
            fs_buf_free(&b);
            c->failed = FS_E_NOMEM;
            return;
        }
        int da, dr;
        const fs_quantity *qa = field_of(x, fld, &da), *qr = field_of(y, fld, &dr);
        int mag = fld == RF_CHANGE || fld == RF_RATE;
        fs_check_stated st = chk_stated_of(qa, g[a], mag, da);
        fs_check_expected ex = span_expected(c, qr, field_negate(fld, qr, dr), qa);
        chk_add_finding(c, FS_CHECK_RESTATEMENT, v == 1 ? FS_SEV_ERROR : FS_SEV_WARNING, idx, 2,
                        &st, &ex, &b);
    }
}

/* restatement: one subject stated more than once must agree. */
void chk_restatement(chk_ctx *c)
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
                    chk_add_skip(c, FS_CHECK_RESTATEMENT, idx, 2,
                                 "同一句或同一列表中名称相同的两个数，应是并列的不同项目，未作为同一数比较");
                    continue;
                }
                g[m++] = (int)j;
                done[j] = 1;
            }
        if (m < 2)
            continue;
        if (m > 4096) {
            chk_add_skip(c, FS_CHECK_RESTATEMENT, g, 2, "同一项目陈述次数过多（%zu次），未逐一比较", m);
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
            chk_add_skip(c, FS_CHECK_RESTATEMENT, g, 2,
                         "“%s”只是度量词、总计词或标题片段，不能确定指的是同一项目，未比较",
                         c->f->v[i].subject);
    }
    free(done);
    free(g);
    free(agree);
}
