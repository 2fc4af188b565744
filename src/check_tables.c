/* check_tables.c — the table check: a narrative figure against the same
 * quantity in the document's own table.
 *
 * Only what is certainly the same quantity is compared:
 *  - the whole of a 收支总表: a figure that states the 收入支出总计 (收、支总
 *    计; its item names both 收入 and 支出 and its sentence calls it 总计) is
 *    the 总计 row of the document's one 财政拨款收支总表 when its fund is 财
 *    政拨款, else of its one 收支总表; the row's amounts must agree with each
 *    other (收入 and 支出 sides);
 *  - a 科目 of the 一般公共预算 (一般公共服务支出 › 财政事务 › 行政运行, or
 *    a 类 alone) stated as a 决算 (预算) amount, its fund named in its own
 *    sentence, paragraph or heading (or its total's), is the row of the document's
 *    one 一般公共预算(财政拨款)支出决算表 (预算表) found by those names, 类
 *    then 款 then 项, in its 合计 column (its only amount column);
 *  - a "三公" amount against the "三公"经费表 (check_table_sangong.c);
 * and the table's unit must be stated.  The two agree when their rounding
 * intervals meet ("0.3万元" is not 2,961.68万元). */
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

/* 1 when the row name a is the 科目 name b, blanks aside and with or
 * without 支出 at the end (一般公共服务 = 一般公共服务支出). */
static int same_subject(const char *a, const char *b)
{
    char x[256], y[256];
    size_t n = 0, m = 0;
    for (; *a && n + 1 < sizeof x; a++)
        if (*a != ' ')
            x[n++] = *a;
    for (; *b && m + 1 < sizeof y; b++)
        if (*b != ' ')
            y[m++] = *b;
    x[n] = y[m] = '\0';
    static const char ZC[] = "支出";
    if (n >= 6 && !strcmp(x + n - 6, ZC))
        x[n -= 6] = '\0';
    if (m >= 6 && !strcmp(y + m - 6, ZC))
        y[m -= 6] = '\0';
    return n && !strcmp(x, y);
}

/* The row of coded table x named by the path item ("一般公共服务支出 › 财政
 * 事务 › 行政运行"): its 类 by name, the 款 under it, the 项 under that.
 * -1 when not found or not unique. */
static long row_of_path(const fs_table *x, const char *item)
{
    char comp[3][256];
    int nc = 0;
    for (const char *p = item; *p && nc < 3;) {
        const char *e = strstr(p, " \xE2\x80\xBA ");
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l >= sizeof comp[0])
            return -1;
        memcpy(comp[nc], p, l);
        comp[nc++][l] = '\0';
        p = e ? e + 5 : p + l;
        if (e && nc == 3)
            return -1; /* deeper than 项 */
    }
    long at = -1;
    size_t from = 0, to = x->nrows;
    for (int k = 0; k < nc; k++) {
        long found = -1;
        for (size_t r = from; r < to; r++) {
            const fs_trow *w = &x->rows[r];
            if (w->level == k + 1 && same_subject(w->name, comp[k])) {
                if (found >= 0)
                    return -1;
                found = (long)r;
            }
        }
        if (found < 0)
            return -1;
        at = found;
        /* the next level is looked for under this row only */
        from = (size_t)found + 1;
        for (to = from; to < x->nrows && (x->rows[to].level == 0 || x->rows[to].level > k + 1);
             to++)
            ;
    }
    return at;
}

/* The 合计 column of x: the one amount column headed 合计, or its only
 * amount column; -1 when neither. */
static long total_column(const fs_table *x)
{
    long only = -1, total = -1;
    size_t amounts = 0;
    for (size_t c = 0; c < x->ncols; c++) {
        if ((int)c == x->code_col || (int)c == x->name_col)
            continue;
        int nums = 0;
        for (size_t r = 0; r < x->nrows && !nums; r++)
            nums = x->rows[r].cells[c].has_number && !x->rows[r].cells[c].percent;
        if (!nums)
            continue;
        amounts++;
        only = (long)c;
        const char *h = x->columns && x->columns[c] ? x->columns[c] : "";
        if (strstr(h, "合计")) {
            if (total >= 0)
                return -1;
            total = (long)c;
        }
    }
    return total >= 0 ? total : amounts == 1 ? only : -1;
}

/* See checks_impl.h. */
void chk_table_judge(chk_ctx *c, int i, const fs_table *x, size_t r, size_t col,
                     const fs_tcell *T, int ue, const char *lhs_word, char *rhs)
{
    const fs_quantity *V = &c->f->v[i].value.q;
    if (chk_unusable(V)) {
        chk_add_skip(c, FS_CHECK_TABLE, &i, 1, "%s", chk_unusable(V));
        free(rhs);
        return;
    }
    fs_printed tv = {T->number.mant, T->number.scale, ue, 0};
    fs_printed vv = chk_to_printed(V, 0, 0, 0);
    fs_check chk;
    fs_verdict v = fs_check_sum(&tv, 1, &vv, c->mode, &chk);
    char tt[96], unit[32] = "";
    chk_qtext(V, 0, tt, sizeof tt);
    char *lhs = chk_strf("%s%s%s", chk_subj(c, i), lhs_word, tt);
    fs_quantity_unit_text(V, unit, sizeof unit);
    fs_check_stated st = chk_stated_of(V, i, 0, 0);
    size_t before = c->r->nfindings;
    chk_judge(c, FS_CHECK_TABLE, v, &chk, NULL, &i, 1, &st, V->decimals, unit, 0, lhs, rhs, "按表");
    free(lhs);
    free(rhs);
    if (c->r->nfindings == before)
        return;
    /* the finding points at the cell it was held against */
    fs_finding *fd = &c->r->findings[before];
    if (!(fd->cells = calloc(1, sizeof *fd->cells))) {
        c->failed = FS_E_NOMEM;
        return;
    }
    chk_put_cell(fd->cells, x, (size_t)(x - c->tables->v), r, col);
    fd->ncells = 1;
}

/* 1 when figure i's fund (scope) is stated for it: in its own words, its
 * paragraph or its section's heading, or those of the total it is part of
 * (and so on up); not merely the nearest fund named before it. */
static int scope_stated(const chk_ctx *c, int i)
{
    for (int hops = 0; i >= 0 && hops < 8; hops++) {
        const fs_identity *id = &c->f->v[i].id;
        if (id->scope_from == FS_ID_SUBJECT || id->scope_from == FS_ID_LINE ||
            id->scope_from == FS_ID_HEADING)
            return 1;
        if (id->scope_from != FS_ID_PARENT)
            return 0;
        i = c->f->v[i].parent;
    }
    return 0;
}

/* 1 when the document prints its table of kind a or b (one of them, once)
 * and that table holds no amount other than 0: a fund without spending. */
static int printed_empty(const fs_tables *t, const char *a, const char *b)
{
    const fs_table *x = chk_only_table(t, a), *y = chk_only_table(t, b);
    if ((x != NULL) == (y != NULL))
        return 0;
    x = x ? x : y;
    for (size_t r = 0; r < x->nrows; r++)
        for (size_t c = 0; c < x->ncols; c++)
            if (x->rows[r].cells[c].has_number && fs_dec_sign(x->rows[r].cells[c].number))
                return 0;
    return 1;
}

/* The table of the spending of figure i's fund: the 一般公共预算支出表 for
 * the 一般公共预算; for 财政拨款 the 财政拨款支出表, or the 一般公共预算
 * 支出表 when the document prints its 政府性基金 and 国有资本经营 tables
 * empty (then 财政拨款 is the 一般公共预算 alone).  NULL when none. */
static const fs_table *fund_table(const chk_ctx *c, const char *scope)
{
    if (strstr(scope, "一般公共预算"))
        return chk_only_table(c->tables, "yiban_gonggong_zhichu");
    if (strcmp(scope, "财政拨款") != 0)
        return NULL;
    const fs_table *x = chk_only_table(c->tables, "caizheng_zhichu");
    if (x)
        return x;
    if (printed_empty(c->tables, "zhengfu_jijin", "zhengfu_jijin_shouzhi") &&
        printed_empty(c->tables, "guoyou_ziben", "guoyou_ziben_shouzhi"))
        return chk_only_table(c->tables, "yiban_gonggong_zhichu");
    return NULL;
}

/* Figure i, a 科目 of the 一般公共预算 (or of 财政拨款, fund_table) stated
 * as a 决算 or 预算 amount, against its row of the fund's spending table. */
static void subject_in_table(chk_ctx *c, int i)
{
    const fs_figure *g = &c->f->v[i];
    const fs_identity *id = &g->id;
    if (!g->value.present || g->kind != FS_FIG_MONEY || id->in_table || id->in_parens ||
        id->generic || !id->certain || g->disordered || !id->item || !id->scope ||
        !id->measure || !scope_stated(c, i))
        return;
    int final = !strcmp(id->measure, "决算");
    if (!final && strcmp(id->measure, "预算"))
        return;
    const fs_table *x = fund_table(c, id->scope);
    if (!x || x->code_col < 0 || x->name_col < 0 || !x->title ||
        (strstr(x->title, "决算") != NULL) != final)
        return;
    long r = row_of_path(x, id->item);
    if (r < 0)
        return; /* no such row: nothing the table says about it */
    long col = total_column(x);
    int ue = chk_unit_exp(x->unit);
    const fs_tcell *T = col >= 0 ? &x->rows[r].cells[col] : NULL;
    if (!T || ue < 0 || !T->has_number || T->percent) {
        chk_add_skip(c, FS_CHECK_TABLE, &i, 1, "%s中“%s”一行的合计未能读出或单位不明，未核对",
                     x->title, id->item);
        return;
    }
    chk_table_judge(c, i, x, (size_t)r, (size_t)col, T, ue, "",
               chk_strf("%s（第%u页）%s %s一行的合计%s%s", x->title, (unsigned)x->rows[r].page,
                        x->rows[r].code, x->rows[r].name, T->text, x->unit));
}

void chk_table(chk_ctx *c)
{
    if (!c->tables)
        return;
    const fs_figures *f = c->f;
    for (size_t k = 0; k < f->n && !c->failed; k++) {
        const fs_figure *g = &f->v[k];
        int i = (int)k;
        if (!is_grand_total(g)) {
            subject_in_table(c, i);
            chk_table_sangong(c, i);
            continue;
        }
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
        char pages[32];
        if (x->page_first == x->page_last)
            snprintf(pages, sizeof pages, "第%u页", (unsigned)x->page_first);
        else
            snprintf(pages, sizeof pages, "第%u–%u页", (unsigned)x->page_first,
                     (unsigned)x->page_last);
        size_t tr = 0, tc = 0;
        for (size_t rr = 0; rr < x->nrows; rr++)
            for (size_t cc = 0; cc < x->ncols; cc++)
                if (&x->rows[rr].cells[cc] == T)
                    tr = rr, tc = cc;
        chk_table_judge(c, i, x, tr, tc, T, ue, "总计",
                   chk_strf("%s（%s）的总计%s%s",
                            x->title && *x->title ? x->title : fs_table_kind_title(kind), pages,
                            T->text, x->unit));
    }
}
