/* check_compare.c — the comparison check: an outcome's comparison word with
 * its budget ("决算数小于预算数的主要原因…", "决算数与预算数基本持平") against
 * the two amounts the report states for the item (年初预算为A万元，支出决算为
 * B万元).  大于 with B ≤ A, 小于 with B ≥ A and 等于 with amounts that cannot
 * be one value are errors; 基本持平 is a judgement and is never checked.
 * The same for a change said in words only, against the two years' amounts:
 * "2023年度…800.00万元，2024年度…1000.00万元，比上年减少" (a direction with
 * no number, and the earlier year's amount stated) is an error when every
 * reading of the two amounts moves the other way. */
#include "checks_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define CMP_LOOKBACK 8 /* figures searched back for the item's budget */

/* The budget figure of the item of outcome figure b: the nearest figure
 * before it with the same item and a budget measure, with no figure of
 * another item between them; -1 when none. */
static int budget_of(const chk_ctx *c, int b)
{
    const fs_figures *f = c->f;
    const fs_identity *ib = &f->v[b].id;
    for (int k = b - 1, n = 0; k >= 0 && n < CMP_LOOKBACK; k--, n++) {
        const fs_identity *ik = &f->v[k].id;
        if (!f->v[k].value.present)
            continue;
        if (!ik->item || !ib->item || strcmp(ik->item, ib->item) != 0)
            return -1;
        if (chk_budget_measure(ik->measure))
            return k;
    }
    return -1;
}

/* 1 when span a lies wholly at or below span b (every value of a ≤ every
 * value of b). */
static int all_le(const chk_dspan *a, const chk_dspan *b)
{
    return fs_dec_cmp(a->hi, b->lo) <= 0;
}

/* 比上年增加/减少 with no number, against the two years' amounts. */
static void bare_change(chk_ctx *c, int i)
{
    const fs_figure *g = &c->f->v[i];
    int pf, per;
    const fs_quantity *P = chk_earlier_year(c, i, &pf, &per), *V = &g->value.q;
    if (!P) {
        chk_add_skip(c, FS_CHECK_COMPARISON, &i, 1, "“%s%s”：上年数未列出，无从核对", g->change.basis,
                     chk_amount_word(g->change.direction));
        return;
    }
    int idx[2] = {i, pf};
    size_t nidx = pf == i ? 1 : 2;
    if (per && g->id.period && per >= g->id.period) {
        chk_add_skip(c, FS_CHECK_COMPARISON, idx, nidx, "所列的前一数不是上一年度的数，未核对");
        return;
    }
    const char *why = chk_unusable(V) ? chk_unusable(V) : chk_unusable(P);
    chk_dspan sv, sp;
    if (why || !chk_same_base(V, P) || chk_q_span(V, 0, c->mode, &sv) ||
        chk_q_span(P, 0, c->mode, &sp)) {
        chk_add_skip(c, FS_CHECK_COMPARISON, idx, nidx, "%s", why ? why : "两数单位不同，未核对");
        return;
    }
    int up = g->change.direction == FS_DIR_INCREASE;
    int wrong = up ? all_le(&sv, &sp) : all_le(&sp, &sv);
    if (!wrong) {
        chk_add_ok(c, FS_CHECK_COMPARISON);
        return;
    }
    char tv[96], tp[96];
    chk_qtext(V, 0, tv, sizeof tv);
    chk_qtext(P, 0, tp, sizeof tp);
    const char *word = chk_amount_word(g->change.direction);
    fs_buf m = FS_BUF_INIT;
    if (fs_buf_printf(&m, "%s%s，上年%s，报告却说%s%s", chk_subj(c, i), tv, tp, g->change.basis,
                      word) < 0) {
        fs_buf_free(&m);
        c->failed = FS_E_NOMEM;
        return;
    }
    fs_check_stated st;
    memset(&st, 0, sizeof st);
    st.figure = i;
    snprintf(st.text, sizeof st.text, "%s%s", g->change.basis, word);
    snprintf(st.value, sizeof st.value, "%s", word);
    st.start = st.end = V->end;
    chk_add_finding(c, FS_CHECK_COMPARISON, FS_SEV_ERROR, idx, nidx, &st, NULL, &m);
}

void chk_comparison(chk_ctx *c)
{
    const fs_figures *f = c->f;
    static const char *const WORD[] = {NULL, "大于", "小于", "等于", "基本持平"};
    for (size_t k = 0; k < f->n; k++) {
        const fs_figure *g = &f->v[k];
        int b = (int)k;
        const fs_change *ch = &g->change;
        if (ch->present && g->value.present && !ch->amount.present && !ch->percent.present &&
            !ch->ratio.present && !g->disordered &&
            (ch->direction == FS_DIR_INCREASE || ch->direction == FS_DIR_DECREASE))
            bare_change(c, b);
        if (g->compare == FS_CMP_NONE)
            continue;
        if (g->compare == FS_CMP_ABOUT) {
            chk_add_skip(c, FS_CHECK_COMPARISON, &b, 1, "“基本持平”是判断而非算术，不作核对");
            continue;
        }
        if (!g->value.present || !g->id.measure || strcmp(g->id.measure, "决算") != 0) {
            chk_add_skip(c, FS_CHECK_COMPARISON, &b, 1, "比较所指的决算数未能确定，未核对");
            continue;
        }
        /* the budget: stated with the outcome as its prior ("年初预算为A万元，
         * 支出决算为B万元"), else the item's budget figure before it */
        const char *pl = g->prior.present && g->prior.value.present ? g->prior.label : NULL;
        int own = pl && strstr(pl, "预算") && !strstr(pl, "上年") && !strstr(pl, "上一年");
        int a = own ? b : budget_of(c, b);
        if (a < 0) {
            chk_add_skip(c, FS_CHECK_COMPARISON, &b, 1, "未找到同一项目的预算数，未核对");
            continue;
        }
        int idx[2] = {b, a};
        size_t nidx = own ? 1 : 2;
        const fs_quantity *B = &g->value.q, *A = own ? &g->prior.value.q : &f->v[a].value.q;
        const char *why = chk_unusable(B) ? chk_unusable(B) : chk_unusable(A);
        chk_dspan sb, sa;
        if (why || !chk_same_base(A, B) || chk_q_span(B, 0, c->mode, &sb) ||
            chk_q_span(A, 0, c->mode, &sa)) {
            chk_add_skip(c, FS_CHECK_COMPARISON, idx, nidx, "%s", why ? why : "两数单位不同，未核对");
            continue;
        }
        int wrong = g->compare == FS_CMP_GREATER ? all_le(&sb, &sa)
                    : g->compare == FS_CMP_LESS  ? all_le(&sa, &sb)
                                                 : !chk_spans_share(&sa, &sb);
        if (!wrong) {
            chk_add_ok(c, FS_CHECK_COMPARISON);
            continue;
        }
        char ta[96], tb[96];
        chk_qtext(A, 0, ta, sizeof ta);
        chk_qtext(B, 0, tb, sizeof tb);
        fs_buf m = FS_BUF_INIT;
        const char *is = fs_dec_cmp(B->base, A->base) < 0   ? "小于"
                         : fs_dec_cmp(B->base, A->base) > 0 ? "大于"
                                                            : "等于";
        if (fs_buf_printf(&m, "%s：决算数%s%s预算数%s，报告却说决算数%s预算数", chk_subj(c, b), tb, is,
                          ta, WORD[g->compare]) < 0) {
            fs_buf_free(&m);
            c->failed = FS_E_NOMEM;
            return;
        }
        fs_check_stated st;
        memset(&st, 0, sizeof st);
        st.figure = b;
        snprintf(st.text, sizeof st.text, "决算数%s预算数", WORD[g->compare]);
        snprintf(st.value, sizeof st.value, "%s", WORD[g->compare]);
        st.start = g->compare_start;
        st.end = g->compare_end;
        chk_add_finding(c, FS_CHECK_COMPARISON, FS_SEV_ERROR, idx, nidx, &st, NULL, &m);
    }
}
