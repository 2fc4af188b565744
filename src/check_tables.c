/* check_tables.c — the table check: a narrative figure against the same
 * quantity in the document's own table.
 *
 * Only what is certainly the same quantity is compared.  For now that is
 * the whole of a 收支总表: a figure that states the 收入支出总计 (收、支总计;
 * its item names both 收入 and 支出 and its sentence calls it 总计) is the
 * 总计 row of the document's one 财政拨款收支总表 when its fund is 财政拨款,
 * else of its one 收支总表; the row's amounts must agree with each other
 * (收入 and 支出 sides), and the table's unit must be stated.  The two
 * agree when their rounding intervals meet ("0.3万元" is not 2,961.68万元). */
#include "checks_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tables.h"

/* The unit exponent of a table unit (万元 → 4), -1 when unknown. */
int chk_unit_exp(const char *u)
{
    return !strcmp(u, "元") ? 0 : !strcmp(u, "千元") ? 3 : !strcmp(u, "万元") ? 4
                                   : !strcmp(u, "亿元")                        ? 8
                                                                               : -1;
}

/* The one table of kind k in t, NULL when none or several. */
const fs_table *chk_only_table(const fs_tables *t, const char *k)
{
    const fs_table *x = NULL;
    for (size_t i = 0; i < t->n; i++)
        if (!strcmp(t->v[i].kind, k)) {
            if (x)
                return NULL;
            x = &t->v[i];
        }
    return x;
}

/* The 总计 of table x: the last row named 总计 whose number cells are all
 * one amount; NULL when there is none or its sides differ. */
static const fs_tcell *grand_total(const fs_table *x)
{
    for (size_t r = x->nrows; r > 0; r--) {
        const fs_trow *w = &x->rows[r - 1];
        const fs_tcell *first = NULL;
        int named = 0;
        for (size_t c = 0; c < x->ncols; c++) {
            const fs_tcell *cl = &w->cells[c];
            if (!cl->has_number) {
                named |= strstr(cl->text, "总计") != NULL;
                continue;
            }
            if (first && fs_dec_cmp(first->number, cl->number) != 0)
                return NULL;
            if (!first)
                first = cl;
        }
        if (named)
            return first;
    }
    return NULL;
}

/* 1 when figure g states the 收入支出总计 of its document. */
static int is_grand_total(const fs_figure *g)
{
    const char *it = g->id.item ? g->id.item : "";
    const char *sj = g->subject ? g->subject : "";
    int both = (strstr(it, "收入") && strstr(it, "支出")) || strstr(it, "收支") ||
               strstr(it, "收、支") || (strstr(sj, "收入") && strstr(sj, "支出"));
    return both && g->value.present && g->kind == FS_FIG_MONEY && !g->id.in_table &&
           !g->id.in_parens && !g->disordered && g->grand;
}

void chk_table(chk_ctx *c)
{
    if (!c->tables)
        return;
    const fs_figures *f = c->f;
    for (size_t k = 0; k < f->n && !c->failed; k++) {
        const fs_figure *g = &f->v[k];
        int i = (int)k;
        if (!is_grand_total(g))
            continue;
        int fund = g->id.scope && strstr(g->id.scope, "财政拨款");
        const char *kind = fund ? "caizheng_shouzhi_zongbiao" : "shouzhi_zongbiao";
        const fs_table *x = chk_only_table(c->tables, kind);
        if (!x)
            continue;
        const fs_tcell *T = grand_total(x);
        int ue = chk_unit_exp(x->unit);
        if (!T || ue < 0 || T->percent) {
            chk_add_skip(c, FS_CHECK_TABLE, &i, 1, "%s的总计未能读出或单位不明，未核对",
                         fs_table_kind_title(kind));
            continue;
        }
        const fs_quantity *V = &g->value.q;
        if (chk_unusable(V)) {
            chk_add_skip(c, FS_CHECK_TABLE, &i, 1, "%s", chk_unusable(V));
            continue;
        }
        fs_printed tv = {T->number.mant, T->number.scale, ue, 0};
        fs_printed vv = chk_to_printed(V, 0, 0, 0);
        fs_check chk;
        fs_verdict v = fs_check_sum(&tv, 1, &vv, c->mode, &chk);
        char tt[96], pages[32];
        chk_qtext(V, 0, tt, sizeof tt);
        if (x->page_first == x->page_last)
            snprintf(pages, sizeof pages, "第%u页", (unsigned)x->page_first);
        else
            snprintf(pages, sizeof pages, "第%u–%u页", (unsigned)x->page_first,
                     (unsigned)x->page_last);
        char *lhs = chk_strf("%s总计%s", chk_subj(c, i), tt);
        char *rhs = chk_strf("%s（%s）的总计%s%s", x->title && *x->title ? x->title : fs_table_kind_title(kind),
                             pages, T->text, x->unit);
        char unit[32] = "";
        fs_quantity_unit_text(V, unit, sizeof unit);
        fs_check_stated st = chk_stated_of(V, i, 0, 0);
        chk_judge(c, FS_CHECK_TABLE, v, &chk, NULL, &i, 1, &st, V->decimals, unit, 0, lhs, rhs,
                  "按表");
        free(lhs);
        free(rhs);
    }
}
