/* check_growth.c — the checks of a change against its figure: growth (the
 * stated rate against the value and the change, or against a stated prior
 * value when no change amount is given), prior (the stated prior value
 * against the value and the change) and direction (增加/减少/持平 words that
 * contradict the numbers: opposite words, 持平 with a non-zero change, a
 * decrease larger than the prior value or above 100%).  The helpers they
 * share with the other families are in checks.c (checks_impl.h). */
#include "checks_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

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
    x->low_value = chk_dec_double(x->low);
    x->high_value = chk_dec_double(x->high);
}

/* 1 when a change's rate is on another basis than the printed amounts
 * (同口径增长4.6%, 按可比口径, 剔除…因素后增长5.8%): it does not follow from
 * them, in size or in direction. */
static int other_basis(const fs_change *ch)
{
    const char *b = ch->basis ? ch->basis : "";
    return strstr(b, "同口径") || strstr(b, "可比") || strstr(b, "剔除");
}

/* growth from a stated prior: "2025年当年预算执行数为77.99万元，2026年预算
 * 安排91.97万元，比2025年预算执行数增加17.66%" — no change amount, the rate
 * is V / P − 1.  Checked as the ratio V / P against 100% ± r, exactly.  A
 * failure is an error only when no reading of the digits rescues it (each
 * figure rounded or cut); otherwise a warning. */
static void growth_from_prior(chk_ctx *c, int i)
{
    const fs_figure *g = &c->f->v[i];
    const fs_change *ch = &g->change;
    const fs_quantity *V = &g->value.q, *R = &g->prior.value.q, *P = &ch->percent.q;
    const char *why = chk_unusable(V)   ? chk_unusable(V)
                      : chk_unusable(R) ? chk_unusable(R)
                                        : chk_unusable(P);
    if (why) {
        chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "%s", why);
        return;
    }
    if (!chk_same_base(V, R) || !chk_q_is_rate(P)) {
        chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "数值、上年数与增长率的单位不相配，未核对");
        return;
    }
    fs_direction dp = chk_percent_dir(ch);
    if (dp != FS_DIR_INCREASE && dp != FS_DIR_DECREASE) {
        chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "变动未写明增加还是减少，未核对");
        return;
    }
    if (R->value.mant == 0) {
        chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "上年数为零，从零起的增长率无定义，未核对");
        return;
    }
    /* the rate is on the earlier year's figure: a budget of the same year
     * (年初预算为80.8亿元，收入完成81.1亿元，同比增长3.3%) is not its base */
    if (!g->prior.period || !g->id.period || g->prior.period >= g->id.period) {
        chk_add_skip(c, FS_CHECK_GROWTH, &i, 1,
                     "所列的前一数不是上一年度的数（%d年对%d年），增长率不以它为基数，未核对",
                     g->prior.period, g->id.period);
        return;
    }
    int dec = dp == FS_DIR_DECREASE;
    fs_printed cur = chk_to_printed(V, 0, 0, 0), pri = chk_to_printed(R, 0, 0, 0),
               rate = chk_to_printed(P, 1, 1, 0);
    /* the ratio V / P in percent: 100 ± r, at r's precision */
    int64_t hundred = 100 * fs_dec_pow10(rate.scale);
    fs_printed ratio = rate;
    ratio.mant = dec ? hundred - (rate.mant < 0 ? -rate.mant : rate.mant)
                     : hundred + (rate.mant < 0 ? -rate.mant : rate.mant);
    if (ratio.mant < 0) {
        chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "降幅超过100%%（见direction），未核对增长率");
        return;
    }
    ratio.exact = 0;
    fs_check chk;
    fs_verdict v = fs_check_ratio(&cur, &pri, &ratio, FS_RND_NEAREST, &chk);
    if (v == FS_CANNOT_CHECK || v == FS_UNDEFINED) {
        chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "数值超出可精确比较的范围，未核对");
        return;
    }
    if (v == FS_CONSISTENT) {
        chk_add_ok(c, FS_CHECK_GROWTH);
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
    chk_qtext(V, 0, tv, sizeof tv);
    chk_qtext(R, 0, tr, sizeof tr);
    chk_qtext(P, 1, tp, sizeof tp);
    fs_check_expected ex = chk_expected_of(&chk.allowed, P->decimals);
    rate_expected(&ex, dec);
    fs_buf b = FS_BUF_INIT;
    const char *basis = ch->basis ? ch->basis : "";
    int rc = rescued
                 ? fs_buf_printf(&b, "%s%s%s与%s%s、上年数%s仅在各数截尾（而非四舍五入）时相符：按两数应为%s%%至%s%%",
                                 basis, chk_rate_word(dp), tp, chk_subj(c, i), tv, tr, ex.low,
                                 ex.high)
                 : fs_buf_printf(&b, "%s%s%s与%s%s、上年数%s不符：按两数应为%s%%至%s%%", basis,
                                 chk_rate_word(dp), tp, chk_subj(c, i), tv, tr, ex.low, ex.high);
    if (rc < 0) {
        fs_buf_free(&b);
        c->failed = FS_E_NOMEM;
        return;
    }
    fs_check_stated st = chk_stated_of(P, i, 1, 0);
    chk_add_finding(c, FS_CHECK_GROWTH, rescued ? FS_SEV_WARNING : FS_SEV_ERROR, &i, 1, &st, &ex,
                    &b);
}

void chk_growth(chk_ctx *c)
{
    const fs_figures *f = c->f;
    for (size_t k = 0; k < f->n; k++) {
        const fs_figure *g = &f->v[k];
        const fs_change *ch = &g->change;
        int i = (int)k;
        if (g->value.present && ch->present && ch->ratio.present)
            chk_growth_ratio(c, i);
        if (ch->present && ch->percent.present && other_basis(ch)) {
            chk_add_skip(c, FS_CHECK_GROWTH, &i, 1,
                         "“%s”的增长率与所列金额口径不同，不由它们直接算出，未核对", ch->basis);
            continue;
        }
        if (g->value.present && ch->present && !ch->amount.present && ch->percent.present &&
            g->prior.present && g->prior.value.present) {
            growth_from_prior(c, i);
            continue;
        }
        if (!g->value.present || !ch->present || !ch->amount.present || !ch->percent.present)
            continue;
        const fs_quantity *V = &g->value.q, *D = &ch->amount.q, *P = &ch->percent.q;
        const char *why = chk_unusable(V)   ? chk_unusable(V)
                          : chk_unusable(D) ? chk_unusable(D)
                                            : chk_unusable(P);
        if (why) {
            chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "%s", why);
            continue;
        }
        if (!chk_same_base(V, D) || !chk_q_is_rate(P)) {
            chk_add_skip(c, FS_CHECK_GROWTH, &i, 1,
                         "数值、变动额与增长率的单位不相配（如个百分点），未核对");
            continue;
        }
        fs_direction da = chk_amount_dir(ch), dp = chk_percent_dir(ch);
        if (da == FS_DIR_NONE)
            da = dp;
        if (dp == FS_DIR_NONE)
            dp = da;
        if (da == FS_DIR_NONE) {
            chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "变动未写明增加还是减少，未核对");
            continue;
        }
        if (da != dp) {
            chk_add_skip(c, FS_CHECK_GROWTH, &i, 1,
                         "变动额与增长率的方向词互相矛盾（见direction），未核对增长率");
            continue;
        }
        if (da == FS_DIR_FLAT && (D->value.mant != 0 || P->value.mant != 0)) {
            chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "写作持平却有非零变动（见direction），未核对增长率");
            continue;
        }
        fs_dir dir = da == FS_DIR_DECREASE ? FS_DECREASE : FS_INCREASE;
        fs_printed cur = chk_to_printed(V, 0, 0, 0), chg = chk_to_printed(D, 0, 1, 0),
                   rate = chk_to_printed(P, 1, 1, 0);
        fs_check chk;
        fs_verdict v = fs_check_growth(&cur, &chg, dir, &rate, c->mode, &chk);

        char tv[96], td[96], tp[96];
        chk_qtext(V, 0, tv, sizeof tv);
        chk_qtext(D, 1, td, sizeof td);
        chk_qtext(P, 1, tp, sizeof tp);
        const char *basis = ch->basis ? ch->basis : "";
        fs_check_stated st = chk_stated_of(P, i, 1, 0);

        if (v == FS_UNDEFINED) {
            /* The prior value V ∓ D as printed: zero means the rate is on
             * nothing at all; otherwise rounding merely reaches zero. */
            fs_dec prior;
            fs_dec dm = D->base;
            if (dm.mant < 0)
                dm.mant = -dm.mant;
            int rc = dir == FS_INCREASE ? fs_dec_sub(V->base, dm, &prior)
                                        : fs_dec_add(V->base, dm, &prior);
            if (rc == 0 && fs_dec_sign(prior) == 0 && fs_dec_sign(V->base) == 0 &&
                P->value.mant == 0) {
                /* 0万元, 增加0万元, 增长0%: nothing last year nor this year —
                 * the 0% says "no change", which holds */
                chk_add_skip(c, FS_CHECK_GROWTH, &i, 1, "上年与本年均为零，增长0%%即无变化，不作核对");
            } else if (rc == 0 && fs_dec_sign(prior) == 0) {
                fs_buf b = FS_BUF_INIT;
                /* a new item: the report's 增长100% is a convention, not
                 * arithmetic, so it is a warning */
                if (fs_buf_printf(&b,
                                  "%s%s%s无从计算：%s%s、%s%s，上年数为零（新增项目），从零起的增长率无定义",
                                  basis, chk_rate_word(dp), tp, chk_subj(c, i), tv,
                                  chk_amount_word(da), td) < 0) {
                    fs_buf_free(&b);
                    c->failed = FS_E_NOMEM;
                    return;
                }
                fs_check_expected none;
                memset(&none, 0, sizeof none);
                chk_add_finding(c, FS_CHECK_GROWTH, FS_SEV_WARNING, &i, 1, &st, &none, &b);
            } else {
                chk_add_skip(c, FS_CHECK_GROWTH, &i, 1,
                             "上年数（%s%s%s）在舍入范围内可能为零，增长率无法核对", tv,
                             dir == FS_INCREASE ? "减" : "加", td);
            }
            continue;
        }
        char *lhs = chk_strf("%s%s%s", basis, chk_rate_word(dp), tp);
        char *rhs = chk_strf("%s%s、%s%s", chk_subj(c, i), tv, chk_amount_word(da), td);
        char unit[32] = "";
        fs_quantity_unit_text(P, unit, sizeof unit);
        fs_check cx;
        int hc = v == FS_INCONSISTENT &&
                 fs_check_growth(&cur, &chg, dir, &rate, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK &&
                 cx.has_range;
        chk_judge(c, FS_CHECK_GROWTH, v, &chk, hc ? &cx.allowed.lo : NULL, &i, 1, &st, P->decimals, unit, 0, lhs, rhs,
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
void chk_prior(chk_ctx *c)
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
        const char *why = chk_unusable(V)   ? chk_unusable(V)
                          : chk_unusable(D) ? chk_unusable(D)
                                            : chk_unusable(P);
        if (why) {
            chk_add_skip(c, FS_CHECK_PRIOR, &i, 1, "%s", why);
            continue;
        }
        if (!chk_same_base(V, D) || !chk_same_base(V, P)) {
            chk_add_skip(c, FS_CHECK_PRIOR, &i, 1, "数值、变动额与上年数的单位不同，未核对");
            continue;
        }
        int by = year_in(ch->basis);
        if (by && g->prior.period && by != g->prior.period) {
            chk_add_skip(c, FS_CHECK_PRIOR, &i, 1,
                         "变动的比较基准（%s）与所列上年数（%d年）年份不同，不知变动相对哪一个数，未核对",
                         ch->basis, g->prior.period);
            continue;
        }
        fs_direction da = chk_amount_dir(ch);
        if (da == FS_DIR_NONE) {
            chk_add_skip(c, FS_CHECK_PRIOR, &i, 1, "变动未写明增加还是减少，未核对");
            continue;
        }
        if (da == FS_DIR_FLAT && D->value.mant != 0) {
            chk_add_skip(c, FS_CHECK_PRIOR, &i, 1, "写作持平却有非零变动（见direction），未核对上年数");
            continue;
        }
        fs_dir dir = da == FS_DIR_DECREASE ? FS_DECREASE : FS_INCREASE;
        fs_printed cur = chk_to_printed(V, 0, 0, 0), chg = chk_to_printed(D, 0, 1, 0),
                   pri = chk_to_printed(P, 0, 0, 0);
        fs_check chk;
        fs_verdict v = fs_check_prior(&cur, &chg, dir, &pri, c->mode, &chk);
        char tv[96], td[96], tp[96], unit[32] = "";
        chk_qtext(V, 0, tv, sizeof tv);
        chk_qtext(D, 1, td, sizeof td);
        chk_qtext(P, 0, tp, sizeof tp);
        char *lhs = chk_strf("上年数%s%s", g->prior.label ? g->prior.label : "", tp);
        char *rhs = chk_strf("%s%s、%s%s", chk_subj(c, i), tv, chk_amount_word(da), td);
        fs_quantity_unit_text(P, unit, sizeof unit);
        fs_check_stated st = chk_stated_of(P, i, 0, 0);
        fs_check cx;
        int hc = v == FS_INCONSISTENT &&
                 fs_check_prior(&cur, &chg, dir, &pri, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK &&
                 cx.has_range;
        chk_judge(c, FS_CHECK_PRIOR, v, &chk, hc ? &cx.allowed.lo : NULL, &i, 1, &st, P->decimals, unit, 0, lhs, rhs,
                  "按后两者");
        free(lhs);
        free(rhs);
    }
}

/* ---------------------------------------------------------- direction */

/* 1 when some value of a can be <= some value of b (a.lo <= b.hi). */
static int span_can_le(const chk_dspan *a, const chk_dspan *b)
{
    int k = fs_dec_cmp(a->lo, b->hi);
    return k < 0 || (k == 0 && !a->lo_open && !b->hi_open);
}

/* Records a direction finding about figure i; stated is q (magnitude). */
static void direction_finding(chk_ctx *c, int i, int pv, const fs_quantity *q, fs_buf *b)
{
    fs_check_stated st = chk_stated_of(q, i, 1, 0);
    fs_check_expected none;
    memset(&none, 0, sizeof none);
    chk_add_finding(c, FS_CHECK_DIRECTION, pv == 1 ? FS_SEV_ERROR : FS_SEV_WARNING, &i, 1, &st,
                    &none, b);
}

/* direction: words that contradict numbers. */
void chk_direction(chk_ctx *c)
{
    const fs_figures *f = c->f;
    for (size_t k = 0; k < f->n && !c->failed; k++) {
        const fs_figure *g = &f->v[k];
        const fs_change *ch = &g->change;
        int i = (int)k;
        if (!ch->present)
            continue;
        const char *basis = ch->basis ? ch->basis : "";
        fs_direction da = ch->amount.present ? chk_amount_dir(ch) : FS_DIR_NONE;
        fs_direction dp = ch->percent.present && !other_basis(ch) ? chk_percent_dir(ch) : FS_DIR_NONE;
        char td[96] = "", tp[96] = "";
        if (ch->amount.present)
            chk_qtext(&ch->amount.q, 1, td, sizeof td);
        if (ch->percent.present)
            chk_qtext(&ch->percent.q, 1, tp, sizeof tp);
        fs_buf b = FS_BUF_INIT;

        /* 1. 增加 … 下降 (or the reverse), both words written. */
        if (ch->amount.present && ch->percent.present && ch->amount_dir != FS_DIR_NONE &&
            ch->percent_dir != FS_DIR_NONE && (da == FS_DIR_INCREASE || da == FS_DIR_DECREASE) &&
            (dp == FS_DIR_INCREASE || dp == FS_DIR_DECREASE)) {
            if (da != dp) {
                if (fs_buf_printf(&b, "%s%s%s，却写作%s%s，增减方向相反", basis,
                                  chk_amount_word(da), td, chk_rate_word(dp), tp) < 0)
                    goto nomem;
                direction_finding(c, i, 1, &ch->percent.q, &b);
            } else {
                chk_add_ok(c, FS_CHECK_DIRECTION);
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
                       chk_same_base(&g->value.q, &g->prior.value.q) && !g->value.q.approximate &&
                       !g->prior.value.q.approximate) {
                int pv = chk_pair_verdict(c, &g->value.q, 0, &g->prior.value.q, 0, chk_spans_share);
                char tv[96], tq[96];
                chk_qtext(&g->value.q, 0, tv, sizeof tv);
                chk_qtext(&g->prior.value.q, 0, tq, sizeof tq);
                if (pv < 0) {
                    chk_add_skip(c, FS_CHECK_DIRECTION, &i, 1, "数值超出可精确比较的范围，未核对");
                } else if (pv == 0) {
                    chk_add_ok(c, FS_CHECK_DIRECTION);
                } else {
                    if (fs_buf_printf(&b, "写作与上年持平，但本年%s%s与上年%s不等%s", chk_subj(c, i),
                                      tv, tq, pv == 1 ? "" : "（截尾后可相等）") < 0)
                        goto nomem;
                    direction_finding(c, i, pv, &g->value.q, &b);
                }
            } else {
                chk_add_ok(c, FS_CHECK_DIRECTION);
            }
        }

        /* 3. A decrease larger than the stated prior value. */
        if (da == FS_DIR_DECREASE && g->prior.present && g->prior.value.present &&
            chk_same_base(&ch->amount.q, &g->prior.value.q) && !ch->amount.q.approximate &&
            !g->prior.value.q.approximate) {
            fs_quantity dm = ch->amount.q;
            if (dm.value.mant < 0) {
                dm.value.mant = -dm.value.mant;
                dm.base.mant = -dm.base.mant;
            }
            int pv = chk_pair_verdict(c, &dm, 0, &g->prior.value.q, 0, span_can_le);
            char tq[96];
            chk_qtext(&g->prior.value.q, 0, tq, sizeof tq);
            if (pv < 0) {
                chk_add_skip(c, FS_CHECK_DIRECTION, &i, 1, "数值超出可精确比较的范围，未核对");
            } else if (pv == 0) {
                chk_add_ok(c, FS_CHECK_DIRECTION);
            } else {
                if (fs_buf_printf(&b, "%s减少%s，大于上年数%s，减少额不可能超过上年数%s", basis,
                                  td, tq, pv == 1 ? "" : "（截尾后可不超过）") < 0)
                    goto nomem;
                direction_finding(c, i, pv, &ch->amount.q, &b);
            }
        }

        /* 4. A decrease of more than 100%. */
        if (dp == FS_DIR_DECREASE && chk_q_is_rate(&ch->percent.q) && !ch->percent.q.approximate &&
            ch->percent.q.unit != FS_UNIT_NONE) {
            fs_quantity pm = ch->percent.q;
            if (pm.value.mant < 0) {
                pm.value.mant = -pm.value.mant;
                pm.base.mant = -pm.base.mant;
            }
            int pv = chk_pair_verdict(c, &pm, 0, NULL, 0, span_can_le);
            if (pv < 0) {
                chk_add_skip(c, FS_CHECK_DIRECTION, &i, 1, "数值超出可精确比较的范围，未核对");
            } else if (pv == 0) {
                chk_add_ok(c, FS_CHECK_DIRECTION);
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
            chk_same_base(&g->value.q, &g->prior.value.q) && !g->value.q.approximate &&
            !g->prior.value.q.approximate) {
            /* increase: prior <= value must be possible; decrease: value <= prior. */
            int pv = dw == FS_DIR_INCREASE
                         ? chk_pair_verdict(c, &g->prior.value.q, 0, &g->value.q, 0, span_can_le)
                         : chk_pair_verdict(c, &g->value.q, 0, &g->prior.value.q, 0, span_can_le);
            char tv[96], tq[96];
            chk_qtext(&g->value.q, 0, tv, sizeof tv);
            chk_qtext(&g->prior.value.q, 0, tq, sizeof tq);
            if (pv < 0) {
                chk_add_skip(c, FS_CHECK_DIRECTION, &i, 1, "数值超出可精确比较的范围，未核对");
            } else if (pv == 0) {
                chk_add_ok(c, FS_CHECK_DIRECTION);
            } else {
                if (fs_buf_printf(&b, "写作%s，但本年%s%s%s上年%s%s", chk_amount_word(dw), chk_subj(c, i),
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
