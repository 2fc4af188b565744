/* check_items.c — the sums of an item enumeration (part of the sum check).
 *
 * Department budgets and final accounts explain their spending 项 by 项:
 * "1、一般公共服务支出（类）财政事务（款）行政运行（项）。…年初预算为1560.05
 * 万元，支出决算为1511.89万元。…"  Each such paragraph is one item with a
 * full 类 › 款 › 项 path (identity.h) and up to two measures: the amount of
 * the figure itself (支出决算, or 预算数 in a budget) and the budget it is
 * set against (年初预算, the figure's prior).  A run of consecutive items
 * (each usually a numbered section of its own) is an enumeration; its whole
 * is the total the reader listed all of them under ("支出年初预算为2993.92
 * 万元，支出决算为2940.05万元，…其中："), when it is of the same measure.
 * Checked, for each measure:
 *  - Σ items = the whole (the items' own amounts already by the sum check
 *    over the reader's lists; the budgets they state, here);
 *  - Σ items of a 类 = that 类's amount, where the document states it once
 *    under that name and measure ("一般公共服务支出（类）2106.66万元").
 * The items are introduced as 其中 and may be only the main ones: a
 * shortfall is never an error, an excess is (chk_judge_list, as any
 * incomplete list).  A run in which an item lacks an amount, or names the
 * same item twice with two amounts, is skipped with that reason. */
#include "checks_impl.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

#define PATH_SEP " \xE2\x80\xBA " /* " › " */

/* 1 when figure g is an item of a 类 › 款 › 项 enumeration. */
static int is_item(const fs_figure *g)
{
    const char *it = g->id.item, *a, *b;
    if (!g->value.present || !it || g->id.in_table || g->id.in_parens || g->disordered)
        return 0;
    if (!(a = strstr(it, PATH_SEP)) || !(b = strstr(a + 1, PATH_SEP)))
        return 0;
    return strstr(b + 1, PATH_SEP) == NULL;
}

/* 1 when a prior's label names this year's budget (年初预算, 调整预算),
 * not last year's outcome. */
static int budget_label(const char *l)
{
    return l && strstr(l, "预算") && !strstr(l, "执行") && !strstr(l, "决算") &&
           !strstr(l, "上年");
}

/* Length of the 类 name at the start of a path, without a trailing 支出
 * (the items say 一般公共服务（类）, the structure list 一般公共服务支出（类）). */
static size_t class_len(const char *item)
{
    const char *e = strstr(item, PATH_SEP);
    size_t n = e ? (size_t)(e - item) : strlen(item);
    if (n > 6 && memcmp(item + n - 6, "支出", 6) == 0)
        n -= 6;
    return n;
}

/* 1 when two scopes may be the same money (equal, or one unknown). */
static int scope_ok(const char *a, const char *b)
{
    return !a || !b || !*a || !*b || strcmp(a, b) == 0 || strstr(a, b) || strstr(b, a);
}

/* One measure of an item: the figure and its quantity, NULL when absent. */
typedef struct item {
    int fig;
    const fs_quantity *main, *budget;
} item;

/* Adds up measure `which` (0: main, 1: budget) of the items it[0..n) listed
 * in `sel` against total T of figure t, and judges it as an incomplete
 * list.  `what` names the whole for the message. */
static void judge_items(chk_ctx *c, const item *it, const int *sel, size_t n, int t,
                        const fs_quantity *T, int which, const char *what)
{
    int *idx = malloc((n + 1) * sizeof *idx);
    fs_printed *pp = malloc((n ? n : 1) * sizeof *pp);
    if (!idx || !pp) {
        free(idx);
        free(pp);
        c->failed = FS_E_NOMEM;
        return;
    }
    idx[0] = t;
    const char *why = chk_unusable(T);
    int neg = T->value.mant < 0, units = 1;
    for (size_t k = 0; k < n; k++) {
        const fs_quantity *q = which ? it[sel[k]].budget : it[sel[k]].main;
        idx[1 + k] = it[sel[k]].fig;
        if (!why)
            why = chk_unusable(q);
        units &= chk_same_base(q, T);
        neg |= q->value.mant < 0;
        pp[k] = chk_to_printed(q, 0, 0, 0);
    }
    if (why || !units) {
        chk_add_skip(c, FS_CHECK_SUM, idx, n + 1, "%s", why ? why : "分项与总数的单位不同，未核对");
        goto out;
    }
    fs_printed tot = chk_to_printed(T, 0, 0, 0);
    fs_check chk, cx;
    fs_verdict v = fs_check_sum(pp, n, &tot, c->mode, &chk);
    int hc = v == FS_INCONSISTENT && fs_check_sum(pp, n, &tot, FS_RND_EXACT, &cx) != FS_CANNOT_CHECK &&
             cx.has_range;
    char tt[96], unit[32] = "";
    chk_qtext(T, 0, tt, sizeof tt);
    fs_quantity_unit_text(T, unit, sizeof unit);
    const char *mw = which ? "年初预算" : "";
    fs_buf rhs = FS_BUF_INIT;
    int rc = fs_buf_printf(&rhs, "所列%zu个项的%s合计（", n, which ? "年初预算" : "金额");
    for (size_t k = 0; k < n && k < 8 && rc == 0; k++) {
        const fs_quantity *q = which ? it[sel[k]].budget : it[sel[k]].main;
        char t2[96];
        chk_qtext(q, 0, t2, sizeof t2);
        const char *name = c->f->v[it[sel[k]].fig].id.item, *last = name, *p;
        while ((p = strstr(last, PATH_SEP)))
            last = p + strlen(PATH_SEP);
        rc = fs_buf_printf(&rhs, "%s%s%s", k ? "、" : "", last, t2);
    }
    if (rc == 0 && n > 8)
        rc = fs_buf_printf(&rhs, "等%zu项", n);
    if (rc == 0)
        rc = fs_buf_puts(&rhs, "）");
    char *lhs = chk_strf("%s%s%s", what, mw, tt);
    if (rc < 0 || !lhs) {
        fs_buf_free(&rhs);
        free(lhs);
        c->failed = FS_E_NOMEM;
        goto out;
    }
    fs_check_stated st = chk_stated_of(T, t, 0, 0);
    chk_judge_list(c, FS_CHECK_SUM, v, &chk, hc ? &cx.allowed.lo : NULL, idx, n, 0, neg, &st,
                   T->decimals, unit, lhs, rhs.s, "按所列各项合计");
    free(lhs);
    fs_buf_free(&rhs);
out:
    free(idx);
    free(pp);
}

/* The figure stating 类 `name` (len bytes, no trailing 支出) once in measure
 * m and a scope compatible with sc: its index, -1 when none, -2 when the
 * document states it with two different amounts. */
static int class_figure(const chk_ctx *c, const char *name, size_t len, const char *m,
                        const char *sc)
{
    int found = -1;
    for (size_t k = 0; k < c->f->n; k++) {
        const fs_figure *g = &c->f->v[k];
        if (!g->value.present || g->id.in_table || g->id.in_parens || g->disordered ||
            !g->id.item || strcmp(g->id.measure ? g->id.measure : "", m) != 0 ||
            !scope_ok(g->id.scope, sc))
            continue;
        size_t l = class_len(g->id.item);
        if (strstr(g->id.item, PATH_SEP) || l != len || memcmp(g->id.item, name, len) != 0)
            continue;
        if (found >= 0 && fs_dec_cmp(c->f->v[found].value.q.base, g->value.q.base) != 0)
            return -2;
        if (found < 0)
            found = (int)k;
    }
    return found;
}

/* Checks one enumeration: the items figs[a..b) of measure m. */
static void check_run(chk_ctx *c, int a, int b)
{
    const fs_figures *f = c->f;
    const char *m = f->v[a].id.measure ? f->v[a].id.measure : "";
    item *it = calloc((size_t)(b - a), sizeof *it);
    int *sel = malloc((size_t)(b - a) * sizeof *sel);
    if (!it || !sel) {
        free(it);
        free(sel);
        c->failed = FS_E_NOMEM;
        return;
    }
    size_t n = 0;
    int twice = 0;
    /* one item per path: its own measure, and the budget it states */
    for (int i = a; i < b; i++) {
        const fs_figure *g = &f->v[i];
        if (!is_item(g))
            continue;
        size_t k = 0;
        while (k < n && strcmp(f->v[it[k].fig].id.item, g->id.item) != 0)
            k++;
        if (k == n)
            it[n++].fig = i;
        const char *gm = g->id.measure ? g->id.measure : "";
        const fs_quantity **slot = strcmp(gm, m) == 0 ? &it[k].main
                                   : chk_budget_measure(gm) ? &it[k].budget
                                                            : NULL;
        if (slot) {
            if (*slot && fs_dec_cmp((*slot)->base, g->value.q.base) != 0)
                twice = 1;
            *slot = &g->value.q;
        }
        if (strcmp(gm, m) == 0 && !chk_budget_measure(m) && g->prior.present &&
            g->prior.value.present && budget_label(g->prior.label)) {
            if (it[k].budget && fs_dec_cmp(it[k].budget->base, g->prior.value.q.base) != 0)
                twice = 1;
            it[k].budget = &g->prior.value.q;
        }
    }
    /* the whole: the total the reader listed every item under (其中： after
     * it), of the same measure; never a figure merely standing before */
    int w = n ? f->v[it[0].fig].parent : -1;
    for (size_t k = 1; k < n && w >= 0; k++)
        if (f->v[it[k].fig].parent != w)
            w = -1;
    const fs_figure *W = w >= 0 ? &f->v[w] : NULL;
    if (W && (is_item(W) || W->id.in_table || strcmp(W->id.measure ? W->id.measure : "", m) != 0 ||
              !scope_ok(W->id.scope, f->v[a].id.scope)))
        W = NULL;
    for (int which = 0; which < 2 && !c->failed; which++) {
        size_t ns = 0, nmiss = 0;
        for (size_t k = 0; k < n; k++) {
            if (which ? it[k].budget != NULL : it[k].main != NULL)
                sel[ns++] = (int)k;
            else
                nmiss++;
        }
        if (ns == 0)
            continue;
        const fs_quantity *T = NULL;
        if (W)
            T = which ? (W->prior.present && W->prior.value.present && budget_label(W->prior.label)
                             ? &W->prior.value.q
                             : NULL)
                      : &W->value.q;
        int idx0[2] = {w, it[0].fig};
        if (T && (twice || nmiss)) {
            chk_add_skip(c, FS_CHECK_SUM, idx0, 2, "%s",
                         twice ? "列举中同一项出现两次且金额不同，未核对各项合计"
                               : "列举中有的项未列该数，未核对各项合计");
        } else if (T && which == 1) {
            /* (their own amounts are added up by the sum check over the
             * reader's lists; the budgets they state, here) */
            judge_items(c, it, sel, ns, w, T, which, chk_subj(c, w));
        }
        if (twice)
            continue;
        /* by 类: items in order of their 类, each 类 once */
        for (size_t s = 0; s < ns && !c->failed; s++) {
            const char *ki = f->v[it[sel[s]].fig].id.item;
            size_t kl = class_len(ki);
            int seen = 0;
            for (size_t r = 0; r < s && !seen; r++) {
                const char *ri = f->v[it[sel[r]].fig].id.item;
                seen = class_len(ri) == kl && memcmp(ri, ki, kl) == 0;
            }
            if (seen)
                continue;
            size_t nc = 0, miss = 0;
            int *cs = malloc(n * sizeof *cs);
            if (!cs) {
                c->failed = FS_E_NOMEM;
                break;
            }
            for (size_t k = 0; k < n; k++) {
                const char *xi = f->v[it[k].fig].id.item;
                if (class_len(xi) != kl || memcmp(xi, ki, kl) != 0)
                    continue;
                if (which ? it[k].budget != NULL : it[k].main != NULL)
                    cs[nc++] = (int)k;
                else
                    miss++;
            }
            /* the 类's own amount, of this measure: 年初预算 is stated for a
             * 类 only as a figure of that measure */
            int k = class_figure(c, ki, kl, which ? "年初预算" : m, f->v[a].id.scope);
            if (k >= 0 && miss) {
                int ix[2] = {k, it[cs[0]].fig};
                chk_add_skip(c, FS_CHECK_SUM, ix, 2, "该类下有的项未列该数，未核对各项合计");
            } else if (k >= 0) {
                char *nm = chk_strf("%.*s（类）", (int)kl, ki);
                if (!nm) {
                    free(cs);
                    c->failed = FS_E_NOMEM;
                    break;
                }
                judge_items(c, it, cs, nc, k, &f->v[k].value.q, which, nm);
                free(nm);
            } else if (k == -2) {
                int ix[1] = {it[cs[0]].fig};
                chk_add_skip(c, FS_CHECK_SUM, ix, 1, "该类的金额在文中有两个不同的数，不知以哪个为准，未核对各项合计");
            }
            free(cs);
        }
    }
    free(it);
    free(sel);
}

/* sum over item enumerations: every run of consecutive items in a section. */
void chk_item_sums(chk_ctx *c)
{
    const fs_figures *f = c->f;
    size_t i = 0;
    while (i < f->n && !c->failed) {
        if (!is_item(&f->v[i])) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < f->n && (is_item(&f->v[j]) || !f->v[j].value.present))
            j++;
        /* an enumeration has at least two items */
        size_t distinct = 0;
        for (size_t k = i; k < j && distinct < 2; k++)
            if (is_item(&f->v[k]) && strcmp(f->v[k].id.item, f->v[i].id.item) != 0)
                distinct = 2;
        if (distinct >= 2) {
            /* trailing value-less figures are not items */
            size_t e = j;
            while (e > i && !f->v[e - 1].value.present)
                e--;
            check_run(c, (int)i, (int)e);
        }
        i = j;
    }
}
