/* check_share.c — the share check: a part over its whole against the stated
 * share (占…的比例), with the rounding convention of a list of shares printed
 * to total exactly 100%; and the completion check, the same arithmetic for
 * an outcome over its budget (完成年初预算的91.14%).  The sum of a breakdown's shares (share_sum) is in
 * check_sum.c with the other checks over lists of parts. */
#include "checks_impl.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* -------------------------------------------------------------- share */

/* share: part / whole = the stated share. */
/* 1 when the shares of figure i's list were printed to add up to exactly
 * 100% and its stated share p is one unit of its last digit from what part /
 * whole allows: the report rounded the list so that it totals 100% (largest
 * remainder), a reading of the digits, not an arithmetic slip. */
static int shares_nudged(const chk_ctx *c, int i, const fs_printed *part, const fs_printed *whole,
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

/* 1 when figure i's rate is a completion rate: its whole is the same
 * item's budget figure (年初预算为1017.2万元，支出决算为1028.48万元，完成年初
 * 预算的101.11%) — an outcome against its budget, not a part of a whole. */
/* 1 when figure i states its budget as its prior and its rate is of that
 * budget: "年初预算为2993.92万元，支出决算为2940.05万元，完成年初预算的98.20%"
 * (the budget is read as the outcome's prior). */
static int rate_of_prior(const chk_ctx *c, int i)
{
    const fs_figure *g = &c->f->v[i];
    const char *os = g->share.of_subject, *pl = g->prior.label;
    return g->share.of < 0 && os && os[0] && g->prior.present && g->prior.value.present && pl &&
           strstr(os, "预算") && strstr(pl, os) && !strstr(pl, "上年");
}

/* 1 when the whole of figure i's rate is named as a budget (为预算的98.7%,
 * 完成年初预算的91.5%, 为调整预算的…): a completion rate even when the
 * budget's amount is not stated (then it is listed skipped). */
static int named_budget(const fs_figure *g)
{
    static const char *const B[] = {"预算", "年初预算", "调整预算", "调整后预算", "全年预算",
                                    "汇总预算", NULL};
    const char *os = g->share.of_subject;
    if (!os)
        return 0;
    for (const char *const *w = B; *w; w++) {
        size_t n = strlen(*w);
        if (strncmp(os, *w, n) == 0 &&
            (os[n] == '\0' || strcmp(os + n, "数") == 0 || strcmp(os + n, "收入") == 0 ||
             strcmp(os + n, "支出") == 0))
            return 1;
    }
    return 0;
}

static int completion_rate(const chk_ctx *c, int i)
{
    const fs_figures *f = c->f;
    if (rate_of_prior(c, i))
        return 1;
    if (f->v[i].share.of < 0 && named_budget(&f->v[i]))
        return 1;
    int of = f->v[i].share.of;
    if (of < 0 || (size_t)of >= f->n || of == i)
        return 0;
    const fs_identity *a = &f->v[i].id, *b = &f->v[of].id;
    if (!a->item || !b->item || strcmp(a->item, b->item) != 0 || !a->measure || !b->measure)
        return 0;
    return chk_budget_measure(b->measure) && strcmp(a->measure, b->measure) != 0;
}

/* Judges the rate of figure i against its whole under check id (share or
 * completion). */
static void judge_share(chk_ctx *c, int i, fs_check_id id)
{
    const fs_figures *f = c->f;
    const fs_figure *g = &f->v[i];
    const char *verb = id == FS_CHECK_COMPLETION ? "完成" : "占";
    int of = g->share.of;
    int on_prior = id == FS_CHECK_COMPLETION && rate_of_prior(c, i);
    if (on_prior)
        of = i; /* the whole is the figure's own prior */
    if (!on_prior && id == FS_CHECK_COMPLETION && of < 0) {
        chk_add_skip(c, id, &i, 1, "完成率所对的%s未列出金额，无法核对", g->share.of_subject);
        return;
    }
    if (!on_prior && (of < 0 || (size_t)of >= f->n || of == i)) {
        chk_add_skip(c, id, &i, 1, "占比所指的总数（%s）未能确定，未核对",
                     g->share.of_subject && g->share.of_subject[0] ? g->share.of_subject
                                                               : "未写明");
        return;
    }
    int idx[2] = {i, of};
    size_t nidx = on_prior ? 1 : 2;
    if (!g->value.present || !f->v[of].value.present) {
        chk_add_skip(c, id, idx, nidx, "分项或总数未列数值，占比未核对");
        return;
    }
    if (!on_prior && f->v[of].id.generic) {
        chk_add_skip(c, id, idx, nidx,
                     "占比所指的总数“%s”只是度量词、总计词或片段，不能确定是哪个总数，未核对",
                     chk_subj(c, of));
        return;
    }
    const fs_quantity *V = &g->value.q, *P = &g->share.percent.q;
    const fs_quantity *W = on_prior ? &g->prior.value.q : &f->v[of].value.q;
    const char *wname = on_prior ? g->prior.label : chk_subj(c, of);
    const char *why = chk_unusable(V)   ? chk_unusable(V)
                      : chk_unusable(W) ? chk_unusable(W)
                                        : chk_unusable(P);
    if (why) {
        chk_add_skip(c, id, idx, nidx, "%s", why);
        return;
    }
    if (!chk_same_base(V, W) || !chk_q_is_rate(P)) {
        chk_add_skip(c, id, idx, nidx, "分项与总数的单位不同或占比不是百分数，未核对");
        return;
    }
    fs_printed part = chk_to_printed(V, 0, 0, 0), whole = chk_to_printed(W, 0, 0, 0),
               pct = chk_to_printed(P, 1, 0, 0);
    fs_check chk;
    fs_verdict v = fs_check_share(&part, &whole, &pct, c->mode, &chk);
    char tv[96], tw[96], tp[96], unit[32] = "";
    chk_qtext(V, 0, tv, sizeof tv);
    chk_qtext(W, 0, tw, sizeof tw);
    chk_qtext(P, 0, tp, sizeof tp);
    const char *ofs = g->share.of_subject && g->share.of_subject[0] ? g->share.of_subject
                                                                    : wname;
    fs_check_stated st = chk_stated_of(P, i, 0, 0);
    if (v == FS_UNDEFINED && W->value.mant == 0 && V->value.mant == 0 && P->value.mant == 0) {
        /* nothing of nothing, printed 0%: a convention, not arithmetic */
        chk_add_skip(c, id, idx, nidx, "总数与分项都为零，占比无定义（报告写作%s），未核对", tp);
        return;
    }
    if (v == FS_INCONSISTENT && c->mode == FS_RND_NEAREST && shares_nudged(c, i, &part, &whole, &pct)) {
        fs_buf b = FS_BUF_INIT;
        fs_check_expected ex = chk_expected_of(&chk.allowed, P->decimals);
        if (fs_buf_printf(&b, "%s%s%s%s与%s%s、%s%s按四舍五入不符，但同一列举的占比合计恰为100%%："
                          "报告调整了末位以凑足100%%，属舍入惯例", chk_subj(c, i), verb, ofs, tp,
                          chk_subj(c, i), tv, wname, tw) < 0) {
            fs_buf_free(&b);
            c->failed = FS_E_NOMEM;
            return;
        }
        chk_add_finding(c, id, FS_SEV_WARNING, idx, nidx, &st, &ex, &b);
        return;
    }
    if (v == FS_UNDEFINED) {
        if (W->value.mant == 0) {
            fs_buf b = FS_BUF_INIT;
            if (fs_buf_printf(&b, "%s%s%s%s无从计算：%s为%s，%s", chk_subj(c, i),
                              verb, ofs, tp, wname, tw,
                              id == FS_CHECK_COMPLETION ? "预算为零，完成率无定义"
                                                        : "占零的比例无定义") < 0) {
                fs_buf_free(&b);
                c->failed = FS_E_NOMEM;
                return;
            }
            fs_check_expected none;
            memset(&none, 0, sizeof none);
            chk_add_finding(c, id, FS_SEV_ERROR, idx, nidx, &st, &none, &b);
        } else {
            chk_add_skip(c, id, idx, nidx, "总数%s在舍入范围内可能为零，占比无法核对", tw);
        }
        return;
    }
    char *lhs = chk_strf("%s%s%s%s", chk_subj(c, i), verb, ofs, tp);
    char *rhs = chk_strf("%s%s、%s%s", chk_subj(c, i), tv, wname, tw);
    fs_quantity_unit_text(P, unit, sizeof unit);
    fs_check cx;
    int hc = v == FS_INCONSISTENT &&
             fs_check_share(&part, &whole, &pct, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK &&
             cx.has_range;
    chk_judge(c, id, v, &chk, hc ? &cx.allowed.lo : NULL, idx, nidx, &st, P->decimals, unit, 0, lhs, rhs,
              "按两数");
    free(lhs);
    free(rhs);
}

/* share: part / whole = the stated share. */
void chk_share(chk_ctx *c)
{
    for (size_t k = 0; k < c->f->n; k++) {
        const fs_figure *g = &c->f->v[k];
        if (g->share.present && g->share.percent.present && !completion_rate(c, (int)k))
            judge_share(c, (int)k, FS_CHECK_SHARE);
    }
}

/* completion: an outcome over its budget = the stated completion rate
 * (完成年初预算的91.14%, 为预算的98.7%). */
void chk_completion(chk_ctx *c)
{
    for (size_t k = 0; k < c->f->n; k++) {
        const fs_figure *g = &c->f->v[k];
        if (g->share.present && g->share.percent.present && completion_rate(c, (int)k))
            judge_share(c, (int)k, FS_CHECK_COMPLETION);
    }
}
