/* check_sum.c — the checks over the lists of parts of a total (breakdowns
 * and 其中 lists, built once in chk_ctx by fs_checks_run): sum (the parts add
 * up to the total), change_sum (the parts' signed changes add up to the
 * total's change) and share_sum (the parts' shares add up to 100%), with
 * what makes a list doubtful (a fragment as total, a part that is a total,
 * parallel classes, revenue under expenditure) and how an incomplete list
 * is judged. */
#include "checks_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

/* ------------------------------------------------------ breakdowns */

/* The parts of list l into idx[1..] (idx[0] = its total); returns the
 * number of parts (0 for an unused list).  idx has room for f->n + 1
 * entries. */
static size_t parts_of(const chk_ctx *c, size_t l, int *idx)
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
static int list_whole(const chk_ctx *c, size_t l, size_t n)
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
static int list_doubt(const chk_ctx *c, const int *idx, size_t n, char *why, size_t wn)
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
    /* 三公 is a fixed set: 因公出国（境）费, 公务用车购置及运行费, 公务接待费;
     * anything else listed under it (会议费, 培训费) is not its part */
    int sangong = has(T->item, "三公");
    /* one part printed in another money unit than the total and every
     * other part (股利、股息收入9800元 among 万元): a unit typo as likely as
     * a wrong sum — which number is wrong is not certain */
    if (tot->value.present && tot->value.q.unit == FS_UNIT_YUAN && n >= 2) {
        size_t odd = 0, nodd = 0; /* parts in another multiplier than the total */
        for (size_t j = 1; j <= n; j++) {
            const fs_figure *pg = &c->f->v[idx[j]];
            if (pg->value.present && pg->value.q.mult_exp10 != tot->value.q.mult_exp10) {
                odd = j;
                nodd++;
            }
        }
        const fs_figure *og = nodd == 1 ? &c->f->v[idx[odd]] : NULL;
        if (og && og->value.q.unit == FS_UNIT_YUAN) {
            snprintf(why, wn, "分项“%s”的金额单位与总数和其他分项不同，疑为单位笔误，未核对",
                     og->id.item ? og->id.item : "");
            return 1;
        }
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
        if (sangong && !has(P->item, "出国") && !has(P->item, "出境") && !has(P->item, "公务用车") &&
            !has(P->item, "公车") && !has(P->item, "车辆") && !has(P->item, "公务接待") &&
            !has(P->item, "三公")) {
            snprintf(why, wn, "分项“%s”不是“三公”经费的组成部分（因公出国（境）费、公务用车购置及运行费、"
                              "公务接待费），未核对",
                     P->item);
            return 1;
        }
        if (T->measure && T->measure[0] && P->measure && P->measure[0] &&
            strcmp(T->measure, P->measure) != 0) {
            snprintf(why, wn, "分项“%s”是%s，总数是%s，不是同一度量，未核对", P->item, P->measure,
                     T->measure);
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

/* Appends "a 1万元、b 2万元…" for the parts idx[1..n] (at most 8, then 等),
 * with what(i) giving each part's printed text. */
static int put_parts(fs_buf *b, const chk_ctx *c, const int *idx, size_t n,
                     void (*what)(const chk_ctx *, int, char *, size_t))
{
    int rc = 0;
    for (size_t k = 0; k < n && k < 8 && rc == 0; k++) {
        char t[160];
        what(c, idx[1 + k], t, sizeof t);
        rc = fs_buf_printf(b, "%s%s%s", k ? "、" : "", chk_subj(c, idx[1 + k]), t);
    }
    if (rc == 0 && n > 8)
        rc = fs_buf_printf(b, "等%zu项", n);
    return rc;
}

static void what_value(const chk_ctx *c, int i, char *buf, size_t n)
{
    chk_qtext(&c->f->v[i].value.q, 0, buf, n);
}

static void what_change(const chk_ctx *c, int i, char *buf, size_t n)
{
    const fs_change *ch = &c->f->v[i].change;
    char t[96] = "0";
    fs_direction d = chk_amount_dir(ch);
    if (ch->amount.present)
        chk_qtext(&ch->amount.q, 1, t, sizeof t);
    if (d == FS_DIR_FLAT || !ch->amount.present)
        snprintf(buf, n, "持平");
    else
        snprintf(buf, n, "%s%s", chk_amount_word(d), t);
}

static void what_share(const chk_ctx *c, int i, char *buf, size_t n)
{
    chk_qtext(&c->f->v[i].share.percent.q, 0, buf, n);
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
void chk_judge_list(chk_ctx *c, fs_check_id id, fs_verdict v, const fs_check *chk,
                       const fs_q *center, const int *idx, size_t n, int complete, int any_negative,
                       const fs_check_stated *st, int decimals, const char *unit,
                       const char *lhs, const char *rhs, const char *basis)
{
    const fs_figure *t = &c->f->v[idx[0]];
    if (!complete && v == FS_INCONSISTENT && chk->has_range) {
        if (!parts_above(chk)) {
            chk_add_skip(c, id, idx, n + 1,
                         "“其中”所列分项可能不全，合计小于总数不算错误，未核对");
            return;
        }
        if (chk_crossing_kind(t)) {
            chk_add_skip(c, id, idx, n + 1,
                         "人数、个数的“其中”分项可能互相交叉，合计超过总数不一定是错误，未核对");
            return;
        }
        if (any_negative) {
            chk_add_skip(c, id, idx, n + 1, "分项中有负数，不完整的列举无法判断，未核对");
            return;
        }
    }
    chk_judge(c, id, v, chk, center, idx, n + 1, st, decimals, unit, id == FS_CHECK_CHANGE_SUM, lhs, rhs,
              basis);
}

/* sum: the parts of a total add up to it. */
void chk_sum(chk_ctx *c)
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
            chk_add_skip(c, FS_CHECK_SUM, idx, n + 1, "%s", doubt);
            continue;
        }

        const fs_figure *g = &f->v[t];
        const fs_quantity *T = &g->value.q;
        int missing = !g->value.present;
        for (size_t j = 0; j < n; j++)
            if (!f->v[idx[1 + j]].value.present)
                missing = 1;
        if (missing) {
            chk_add_skip(c, FS_CHECK_SUM, idx, n + 1, "总数或部分分项未列数值，未核对");
            continue;
        }
        const char *why = chk_unusable(T);
        int units_ok = 1, neg = T->value.mant < 0;
        for (size_t j = 0; j < n; j++) {
            const fs_quantity *q = &f->v[idx[1 + j]].value.q;
            if (!why)
                why = chk_unusable(q);
            if (!chk_same_base(q, T))
                units_ok = 0;
            if (q->value.mant < 0)
                neg = 1;
            pp[j] = chk_to_printed(q, 0, 0, 0);
        }
        if (why) {
            chk_add_skip(c, FS_CHECK_SUM, idx, n + 1, "%s", why);
            continue;
        }
        if (!units_ok) {
            chk_add_skip(c, FS_CHECK_SUM, idx, n + 1, "分项与总数的单位不同，未核对");
            continue;
        }
        fs_printed tot = chk_to_printed(T, 0, 0, 0);
        fs_check chk;
        fs_verdict v = fs_check_sum(pp, n, &tot, c->mode, &chk);
        char tt[96], unit[32] = "";
        fs_buf rhs = FS_BUF_INIT;
        chk_qtext(T, 0, tt, sizeof tt);
        char *lhs = chk_strf("%s%s", chk_subj(c, t), tt);
        if (fs_buf_printf(&rhs, "其%zu个分项（", n) < 0 ||
            put_parts(&rhs, c, idx, n, what_value) < 0 || fs_buf_puts(&rhs, "）之和") < 0) {
            fs_buf_free(&rhs);
            free(lhs);
            c->failed = FS_E_NOMEM;
            break;
        }
        fs_quantity_unit_text(T, unit, sizeof unit);
        fs_check_stated st = chk_stated_of(T, t, 0, 0);
        fs_check cx;
        int hc = v == FS_INCONSISTENT &&
                 fs_check_sum(pp, n, &tot, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK && cx.has_range;
        chk_judge_list(c, FS_CHECK_SUM, v, &chk, hc ? &cx.allowed.lo : NULL, idx, n, list_whole(c, l, n), neg, &st,
                   T->decimals, unit, lhs, rhs.s ? rhs.s : "", "按分项合计");
        free(lhs);
        fs_buf_free(&rhs);
    }
    free(idx);
    free(pp);
    if (!c->failed)
        chk_item_sums(c);
}

/* change_sum: the parts' signed changes add up to the total's change. */
void chk_change_sum(chk_ctx *c)
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
            chk_add_skip(c, FS_CHECK_CHANGE_SUM, idx, n + 1, "%s", doubt);
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
            chk_add_skip(c, FS_CHECK_CHANGE_SUM, idx, n + 1,
                         "“其中”所列分项可能不全，缺的分项本年可能为零而仍有变动，变动额不能相加，未核对");
            continue;
        }
        if (with < n) {
            chk_add_skip(c, FS_CHECK_CHANGE_SUM, idx, n + 1, "部分分项未列变动额，未核对");
            continue;
        }
        const fs_quantity *TD = &g->change.amount.q;
        fs_direction td = chk_amount_dir(&g->change);
        const char *why = chk_unusable(TD);
        int bad_dir = td == FS_DIR_NONE || (td == FS_DIR_FLAT && TD->value.mant != 0);
        int units_ok = 1;
        for (size_t j = 0; j < n; j++) {
            const fs_figure *pg = &f->v[idx[1 + j]];
            const fs_change *ch = &pg->change;
            if (!ch->amount.present) { /* 持平 without an amount: a printed zero */
                fs_quantity z = pg->value.present ? pg->value.q : *TD;
                z.value = fs_dec_make(0, z.value.scale);
                z.base = fs_dec_make(0, 0);
                pp[j] = chk_to_printed(&z, 0, 0, 0);
                continue;
            }
            fs_direction d = chk_amount_dir(ch);
            if (!why)
                why = chk_unusable(&ch->amount.q);
            if (d == FS_DIR_NONE || (d == FS_DIR_FLAT && ch->amount.q.value.mant != 0))
                bad_dir = 1;
            if (!chk_same_base(&ch->amount.q, TD))
                units_ok = 0;
            pp[j] = chk_to_printed(&ch->amount.q, 0, 1, d == FS_DIR_DECREASE);
        }
        if (why) {
            chk_add_skip(c, FS_CHECK_CHANGE_SUM, idx, n + 1, "%s", doubt);
            continue;
        }
        if (bad_dir) {
            chk_add_skip(c, FS_CHECK_CHANGE_SUM, idx, n + 1,
                         "有变动未写明方向或方向矛盾（见direction），未核对");
            continue;
        }
        if (!units_ok) {
            chk_add_skip(c, FS_CHECK_CHANGE_SUM, idx, n + 1, "分项变动额与总变动额的单位不同，未核对");
            continue;
        }
        fs_printed tot = chk_to_printed(TD, 0, 1, td == FS_DIR_DECREASE);
        fs_check chk;
        fs_verdict v = fs_check_change_sum(pp, n, &tot, c->mode, &chk);
        char ttd[96], unit[32] = "";
        fs_buf rhs = FS_BUF_INIT;
        chk_qtext(TD, 1, ttd, sizeof ttd);
        char *lhs = chk_strf("%s%s%s%s", chk_subj(c, t), g->change.basis ? g->change.basis : "",
                             chk_amount_word(td), ttd);
        if (fs_buf_printf(&rhs, "其%zu个分项的变动（", n) < 0 ||
            put_parts(&rhs, c, idx, n, what_change) < 0 || fs_buf_puts(&rhs, "）") < 0) {
            fs_buf_free(&rhs);
            free(lhs);
            c->failed = FS_E_NOMEM;
            break;
        }
        fs_quantity_unit_text(TD, unit, sizeof unit);
        fs_check_stated st = chk_stated_of(TD, t, 1, td == FS_DIR_DECREASE);
        {
            size_t w = strlen(chk_amount_word(td)), tl = strlen(ttd);
            if (w + tl < sizeof st.text) {
                memcpy(st.text, chk_amount_word(td), w);
                memcpy(st.text + w, ttd, tl + 1);
            }
        }
        fs_check cx;
        int hc = v == FS_INCONSISTENT &&
                 fs_check_change_sum(pp, n, &tot, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK &&
                 cx.has_range;
        chk_judge_list(c, FS_CHECK_CHANGE_SUM, v, &chk, hc ? &cx.allowed.lo : NULL, idx, n, 1, 0, &st, TD->decimals, unit, lhs,
                   rhs.s ? rhs.s : "", "按分项变动合计");
        free(lhs);
        fs_buf_free(&rhs);
    }
    free(idx);
    free(pp);
}

/* share_sum: the shares of a breakdown add up to 100%. */
void chk_share_sum(chk_ctx *c)
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
            chk_add_skip(c, FS_CHECK_SHARE_SUM, idx, n + 1, "%s", doubt);
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
            chk_add_skip(c, FS_CHECK_SHARE_SUM, idx, n + 1, "部分分项未列占比，未核对占比之和");
            continue;
        }
        if (of_t < n) {
            chk_add_skip(c, FS_CHECK_SHARE_SUM, idx, n + 1,
                         "分项占比所指的总数不明确或不是该总数，未核对占比之和");
            continue;
        }
        if (f->v[t].value.present && f->v[t].value.q.value.mant == 0) {
            chk_add_skip(c, FS_CHECK_SHARE_SUM, idx, n + 1, "总数为零，占比无从计算，未核对占比之和");
            continue;
        }
        if (n < 2)
            continue;
        const char *why = NULL;
        int units_ok = 1, maxdec = 0;
        for (size_t j = 0; j < n; j++) {
            const fs_quantity *q = &f->v[idx[1 + j]].share.percent.q;
            if (!why)
                why = chk_unusable(q);
            if (!chk_q_is_rate(q))
                units_ok = 0;
            if (q->decimals > maxdec)
                maxdec = q->decimals;
            pp[j] = chk_to_printed(q, 1, 0, 0);
        }
        if (why) {
            chk_add_skip(c, FS_CHECK_SHARE_SUM, idx, n + 1, "%s", doubt);
            continue;
        }
        if (!units_ok) {
            chk_add_skip(c, FS_CHECK_SHARE_SUM, idx, n + 1, "分项占比不是百分数，未核对");
            continue;
        }
        fs_check chk;
        fs_verdict v = fs_check_share_sum(pp, n, c->mode, &chk);
        fs_buf rhs = FS_BUF_INIT;
        if (fs_buf_printf(&rhs, "%s的%zu个分项占比（", chk_subj(c, t), n) < 0 ||
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
        chk_judge_list(c, FS_CHECK_SHARE_SUM, v, &chk, hc ? &cx.allowed.lo : NULL, idx, n, list_whole(c, l, n), 0, &st,
                   maxdec, "%", "分项占比合计100%", rhs.s ? rhs.s : "", "按所列占比合计");
        fs_buf_free(&rhs);
    }
    free(idx);
    free(pp);
}
