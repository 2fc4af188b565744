/* check_rates.c — relations stated of a rate rather than of an amount:
 *  - a ratio to the earlier year (为上年的125.00%, change.ratio), checked
 *    under growth: V / P = R against a stated prior P, or, with a change
 *    amount D instead, as the growth rate R − 100 (增加) or 100 − R (减少)
 *    of V and D — the same intervals as any growth rate;
 *  - points: a change in percentage points (比上年的64.7%提高2.4个百分点,
 *    fs_points) against the two rates it lies between, P ± X = R exactly
 *    over the rounding intervals.  The rate compared with is usually not
 *    printed (比上年提高2.4个百分点, 高于全省平均增速2.6个百分点): such a
 *    relation is listed as skipped with that reason. */
#include "checks_impl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* The printed ratio R as the rate R − 100 (increase) or 100 − R (decrease),
 * at R's precision: a shift by an exact 100, so the rounding interval of
 * the rate is that of R moved.  Negative when R lies on the other side of
 * 100 than the direction says. */
static fs_printed ratio_as_rate(const fs_quantity *R, int decrease)
{
    fs_printed r = chk_to_printed(R, 1, 0, 0);
    int64_t hundred = 100 * fs_dec_pow10(r.scale);
    r.mant = decrease ? hundred - r.mant : r.mant - hundred;
    r.exact = 0;
    return r;
}

/* growth from 为上年的R%: see the file comment.  Called by chk_growth for a
 * figure with a ratio; records an ok, a finding or a skip. */
void chk_growth_ratio(chk_ctx *c, int i)
{
    const fs_figure *g = &c->f->v[i];
    const fs_change *ch = &g->change;
    const fs_quantity *V = &g->value.q, *R = &ch->ratio.q;
    const char *basis = ch->ratio_basis ? ch->ratio_basis : "为上年的";
    const char *why = chk_unusable(V) ? chk_unusable(V) : chk_unusable(R);
    if (why) {
        chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "%s", why);
        return;
    }
    if (!chk_q_is_rate(R) || R->value.mant < 0) {
        chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "为上年的比率不是百分数，未核对");
        return;
    }
    char tv[96], tr[96], tp[96];
    chk_qtext(V, 0, tv, sizeof tv);
    chk_qtext(R, 1, tr, sizeof tr);
    fs_check_stated st = chk_stated_of(R, i, 1, 0);
    int pf = -1, pper = 0;
    const fs_quantity *Pq = chk_earlier_year(c, i, &pf, &pper);
    if (Pq) {
        const fs_quantity *P = Pq;
        if (chk_unusable(P)) {
            chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "%s", chk_unusable(P));
            return;
        }
        if (!chk_same_base(V, P)) {
            chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "数值与上年数的单位不相配，未核对");
            return;
        }
        if (!pper || !g->id.period || pper >= g->id.period) {
            chk_add_skip(c, FS_CHECK_GROWTH, &i, 1,
                         "所列的前一数不是上一年度的数（%d年对%d年），未核对为上年的比率",
                         pper, g->id.period);
            return;
        }
        fs_printed cur = chk_to_printed(V, 0, 0, 0), pri = chk_to_printed(P, 0, 0, 0),
                   ratio = chk_to_printed(R, 1, 0, 0);
        fs_check chk;
        fs_verdict v = fs_check_ratio(&cur, &pri, &ratio, c->mode, &chk);
        chk_qtext(P, 0, tp, sizeof tp);
        char *lhs = chk_strf("%s%s", basis, tr);
        char *rhs = chk_strf("%s%s、上年数%s", chk_subj(c, i), tv, tp);
        fs_check cx;
        int hc = v == FS_INCONSISTENT &&
                 fs_check_ratio(&cur, &pri, &ratio, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK &&
                 cx.has_range;
        chk_judge(c, FS_CHECK_GROWTH, v, &chk, hc ? &cx.allowed.lo : NULL, &i, 1, &st,
                  R->decimals, "%", 0, lhs, rhs, "按两数");
        free(lhs);
        free(rhs);
        return;
    }
    if (!ch->amount.present) {
        chk_add_skip(c, FS_CHECK_GROWTH, &i, 1,
                     "%s%s：上年数与变动额均未列出，无从核对", basis, tr);
        return;
    }
    const fs_quantity *D = &ch->amount.q;
    if (chk_unusable(D)) {
        chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "%s", chk_unusable(D));
        return;
    }
    if (!chk_same_base(V, D)) {
        chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "数值与变动额的单位不相配，未核对");
        return;
    }
    fs_direction da = chk_amount_dir(ch);
    if (da != FS_DIR_INCREASE && da != FS_DIR_DECREASE) {
        chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "变动未写明增加还是减少，未核对为上年的比率");
        return;
    }
    fs_dir dir = da == FS_DIR_DECREASE ? FS_DECREASE : FS_INCREASE;
    fs_printed cur = chk_to_printed(V, 0, 0, 0), chg = chk_to_printed(D, 0, 1, 0),
               rate = ratio_as_rate(R, dir == FS_DECREASE);
    fs_check chk;
    fs_verdict v = fs_check_growth(&cur, &chg, dir, &rate, c->mode, &chk);
    if (v == FS_UNDEFINED) {
        chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "上年数在舍入范围内可能为零，为上年的比率无法核对");
        return;
    }
    char td[96];
    chk_qtext(D, 1, td, sizeof td);
    /* "为上年的125.00%（即增长25.00%）": the range printed is of the rate */
    char rt[40];
    fs_dec rd = {rate.mant, rate.scale};
    if (fs_dec_to_string(rd, rt, sizeof rt) < 0)
        snprintf(rt, sizeof rt, "?");
    char *lhs = chk_strf("%s%s（即%s%s%%）", basis, tr, chk_rate_word(da), rt);
    /* the stated figure is the rate it stands for, printed where R is */
    snprintf(st.value, sizeof st.value, "%s", rt);
    snprintf(st.text, sizeof st.text, "%s%%", rt);
    st.number = chk_dec_double(st.value);
    char *rhs = chk_strf("%s%s、%s%s", chk_subj(c, i), tv, chk_amount_word(da), td);
    fs_check cx;
    int hc = v == FS_INCONSISTENT &&
             fs_check_growth(&cur, &chg, dir, &rate, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK &&
             cx.has_range;
    chk_judge(c, FS_CHECK_GROWTH, v, &chk, hc ? &cx.allowed.lo : NULL, &i, 1, &st, R->decimals,
              "%", 0, lhs, rhs, "按后两者，增长率");
    free(lhs);
    free(rhs);
}

/* 1 when a basis names the earlier year (比上年, 较去年, 同比). */
static int earlier_year(const char *b)
{
    return strstr(b, "上年") || strstr(b, "去年") || strstr(b, "同比") || strstr(b, "同期") ||
           strstr(b, "上一年");
}

/* One change in percentage points pt of the rate Rq of figure i. */
static void check_points(chk_ctx *c, int i, const fs_quantity *Rq, const fs_points *pt)
{
    const char *basis = pt->basis ? pt->basis : "";
    const fs_quantity *X = &pt->points.q;
    char tx[96], tr[96];
    chk_qtext(X, 1, tx, sizeof tx);
    chk_qtext(Rq, 1, tr, sizeof tr);
    if (!pt->prior.present) {
        if (earlier_year(basis))
            chk_add_skip(c, FS_CHECK_POINTS, &i, 1,
                         "%s%s之外未列出上年的比率，%s%s无从核对", chk_subj(c, i), tr,
                         basis, tx);
        else
            chk_add_skip(c, FS_CHECK_POINTS, &i, 1,
                         "“%s”所比的比率未列出，%s无从核对", basis, tx);
        return;
    }
    const fs_quantity *P = &pt->prior.q;
    const char *why = chk_unusable(Rq)  ? chk_unusable(Rq)
                      : chk_unusable(P) ? chk_unusable(P)
                                        : chk_unusable(X);
    if (why) {
        chk_add_skip(c, FS_CHECK_POINTS, &i, 1, "%s", why);
        return;
    }
    if (Rq->unit != FS_UNIT_PERCENT || P->unit != FS_UNIT_PERCENT) {
        chk_add_skip(c, FS_CHECK_POINTS, &i, 1, "两个比率不都是百分数，未核对");
        return;
    }
    if (pt->direction != FS_DIR_INCREASE && pt->direction != FS_DIR_DECREASE) {
        chk_add_skip(c, FS_CHECK_POINTS, &i, 1, "未写明提高还是降低，未核对");
        return;
    }
    int dec = pt->direction == FS_DIR_DECREASE;
    /* X = R − P (提高) or P − R (降低): the parts R and −P (or P and −R)
     * add up to X */
    fs_printed pp[2];
    pp[0] = chk_to_printed(dec ? P : Rq, 1, 0, 0);
    pp[1] = chk_to_printed(dec ? Rq : P, 1, 0, 1);
    fs_printed tot = chk_to_printed(X, 1, 1, 0);
    fs_check chk;
    fs_verdict v = fs_check_sum(pp, 2, &tot, c->mode, &chk);
    char tp[96];
    chk_qtext(P, 1, tp, sizeof tp);
    fs_check_stated st = chk_stated_of(X, i, 1, 0);
    char *lhs = chk_strf("%s%s%s", basis, dec ? "降低" : "提高", tx);
    char *rhs = chk_strf("%s%s与所比的%s", chk_subj(c, i), tr, tp);
    fs_check cx;
    int hc = v == FS_INCONSISTENT && fs_check_sum(pp, 2, &tot, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK &&
             cx.has_range;
    chk_judge(c, FS_CHECK_POINTS, v, &chk, hc ? &cx.allowed.lo : NULL, &i, 1, &st, X->decimals,
              "个百分点", 0, lhs, rhs, "按两个比率之差");
    free(lhs);
    free(rhs);
}

/* points: every change in percentage points of a share or a growth rate. */
void chk_points(chk_ctx *c)
{
    const fs_figures *f = c->f;
    for (size_t k = 0; k < f->n && !c->failed; k++) {
        const fs_figure *g = &f->v[k];
        if (g->disordered)
            continue;
        if (g->share.present && g->share.points.present)
            check_points(c, (int)k, &g->share.percent.q, &g->share.points);
        if (g->change.present && g->change.points.present && g->change.percent.present)
            check_points(c, (int)k, &g->change.percent.q, &g->change.points);
    }
}
