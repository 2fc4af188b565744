/* check_table_sangong.c — the table check for the "三公" amounts: a figure
 * the narrative states for 三公经费 or one of its items (因公出国（境）费,
 * 公务用车购置及运行费, its 购置费 and 运行费, 公务接待费) against the
 * document's one "三公"经费支出表.
 *
 * The table's header is read from the page, and a header misread puts an
 * amount under another item's name; so the table is used only when its own
 * arithmetic confirms its columns: in the row compared (合计, or its only
 * row of amounts), 合计 = 因公出国 + 公务用车 + 公务接待 and 公务用车 =
 * 购置费 + 运行费 where printed, a blank cell counting 0 only because the
 * sums then hold.  The figure must be the table's quantity: its year the
 * document's (and the table's, when its title names one), its measure the
 * table's (预算, or the 预算数 / 决算数 half of a 决算 table), its fund
 * unstated or 财政拨款 / 一般公共预算.  A stated amount that equals another
 * item's cell of the row is not reported (the columns may still be
 * shifted); it is listed as skipped. */
#include "checks_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tables.h"

enum { SG_TOTAL, SG_ABROAD, SG_CAR, SG_BUY, SG_RUN, SG_RECEPTION, SG_N };

static const char *const SG_NAME[SG_N] = {"合计", "因公出国（境）费", "公务用车购置及运行费",
                                          "公务用车购置费", "公务用车运行费", "公务接待费"};

/* s without blanks, with half-width brackets made full-width, into out. */
static void squeeze(const char *s, char *out, size_t n)
{
    size_t k = 0;
    for (; s && *s && k + 4 < n; s++) {
        if (*s == ' ')
            continue;
        if (*s == '(' || *s == ')') {
            memcpy(out + k, *s == '(' ? "（" : "）", 3);
            k += 3;
            continue;
        }
        out[k++] = *s;
    }
    out[k] = '\0';
}

/* The 三公 item a figure's item names, -1 when none. */
static int item_of(const char *item)
{
    char x[128];
    squeeze(item, x, sizeof x);
    static const struct {
        const char *name;
        int sg;
    } I[] = {
        {"三公经费", SG_TOTAL},
        {"“三公”经费", SG_TOTAL},
        {"因公出国（境）费", SG_ABROAD},
        {"因公出国（境）费用", SG_ABROAD},
        {"公务用车购置及运行费", SG_CAR},
        {"公务用车购置及运行维护费", SG_CAR},
        {"公务用车购置费", SG_BUY},
        {"公务用车运行费", SG_RUN},
        {"公务用车运行维护费", SG_RUN},
        {"公务接待费", SG_RECEPTION},
    };
    for (size_t k = 0; k < sizeof I / sizeof *I; k++)
        if (!strcmp(x, I[k].name))
            return I[k].sg;
    return -1;
}

/* The item column c of the 三公 table x heads (its header path), -1 when
 * none; *half: 'Y' under 预算数, 'J' under 决算数, 0 neither. */
static int column_item(const fs_table *x, size_t c, char *half)
{
    char h[512];
    squeeze(x->columns && x->columns[c] ? x->columns[c] : "", h, sizeof h);
    int y = strstr(h, "预算数") != NULL, j = strstr(h, "决算数") != NULL;
    *half = y && !j ? 'Y' : j && !y ? 'J' : 0;
    const char *leaf = h;
    for (const char *p = strstr(h, "›"); p; p = strstr(p + 3, "›"))
        leaf = p + 3;
    if (strstr(h, "会议") || strstr(h, "培训") || strstr(h, "机关运行"))
        return -1;
    if (strstr(h, "因公出国"))
        return SG_ABROAD;
    if (strstr(h, "公务接待"))
        return SG_RECEPTION;
    if (strstr(leaf, "购置费") && !strstr(leaf, "运行"))
        return SG_BUY;
    if (strstr(leaf, "运行") && !strstr(leaf, "购置"))
        return SG_RUN;
    if (strstr(leaf, "公务用车购置及运行") || (!strcmp(leaf, "小计") && strstr(h, "公务用车")))
        return SG_CAR;
    if ((strstr(leaf, "合计") || strstr(leaf, "总额")) && !strstr(h, "公务用车"))
        return SG_TOTAL;
    return -1;
}

/* 1 when row w numbers the columns (1 2 3 … in order). */
static int numbering_row(const fs_table *x, const fs_trow *w)
{
    long next = 1;
    for (size_t c = 0; c < x->ncols; c++) {
        const fs_tcell *t = &w->cells[c];
        if (!t->has_number)
            continue;
        char want[24];
        snprintf(want, sizeof want, "%ld", next++);
        if (strcmp(t->text, want) != 0)
            return 0;
    }
    return next > 1;
}

/* The row of x compared: the one named 合计, else its only row of amounts;
 * -1 when neither. */
static long compared_row(const fs_table *x)
{
    long total = -1, only = -1;
    size_t amounts = 0;
    for (size_t r = 0; r < x->nrows; r++) {
        const fs_trow *w = &x->rows[r];
        int nums = 0;
        for (size_t c = 0; c < x->ncols && !nums; c++)
            nums = w->cells[c].has_number;
        if (!nums || numbering_row(x, w))
            continue;
        amounts++;
        only = (long)r;
        if (w->name && strstr(w->name, "合计")) {
            if (total >= 0)
                return -1;
            total = (long)r;
        }
    }
    return total >= 0 ? total : amounts == 1 ? only : -1;
}

/* The columns of x for the half h ('Y', 'J'; 0: the whole table): col[k]
 * the column of item k, -1 when none; 0 when an item has two columns. */
static int item_columns(const fs_table *x, char h, long *col)
{
    for (int k = 0; k < SG_N; k++)
        col[k] = -1;
    for (size_t c = 0; c < x->ncols; c++) {
        char half;
        int k = column_item(x, c, &half);
        if (k < 0 || (h && half != h))
            continue;
        if (col[k] >= 0)
            return 0;
        col[k] = (long)c;
    }
    return 1;
}

/* Cell k of row w as an exact interval in base units of the table (unit
 * exponent ue): blank counts 0 (caller certifies). 0 when not a number. */
static int cell_val(const fs_trow *w, const long *col, int k, fs_dec *v, int *dec)
{
    const fs_tcell *t = &w->cells[col[k]];
    if (!t->has_number) {
        if (t->text[0] && strcmp(t->text, "-") && strcmp(t->text, "—"))
            return 0;
        *v = fs_dec_make(0, 0);
        *dec = 0;
        return 1;
    }
    if (t->percent)
        return 0;
    *v = t->number;
    *dec = t->decimals;
    return 1;
}

/* 1 when whole = Σ parts (cells of row w) within the printed roundings. */
static int adds_up(const fs_trow *w, const long *col, int whole, const int *parts, int np)
{
    fs_dec W, sum = fs_dec_make(0, 0), slack = fs_dec_make(0, 0);
    int dw;
    if (col[whole] < 0 || !cell_val(w, col, whole, &W, &dw))
        return 0;
    if (fs_dec_add(slack, fs_dec_make(5, dw + 1), &slack))
        return 0;
    for (int k = 0; k < np; k++) {
        fs_dec v;
        int d;
        if (col[parts[k]] < 0 || !cell_val(w, col, parts[k], &v, &d) ||
            fs_dec_add(sum, v, &sum) || fs_dec_add(slack, fs_dec_make(5, d + 1), &slack))
            return 0;
    }
    fs_dec diff;
    if (fs_dec_sub(W, sum, &diff))
        return 0;
    if (fs_dec_sign(diff) < 0 && fs_dec_neg(diff, &diff))
        return 0;
    return fs_dec_cmp(diff, slack) <= 0;
}

/* The year a table's title names (2023年), 0 when none. */
static int title_year(const char *t)
{
    for (const char *p = t ? t : ""; *p; p++)
        if ((p[0] == '1' || p[0] == '2') && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
            p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && !strncmp(p + 4, "年", 3))
            return atoi(p);
    return 0;
}

void chk_table_sangong(chk_ctx *c, int i)
{
    const fs_figure *g = &c->f->v[i];
    const fs_identity *id = &g->id;
    if (!c->tables || !g->value.present || g->kind != FS_FIG_MONEY || id->in_table ||
        id->generic || !id->certain || g->disordered || !id->item || !id->measure)
        return;
    int k = item_of(id->item);
    if (k < 0)
        return;
    if (id->scope && *id->scope && strcmp(id->scope, "财政拨款") && strcmp(id->scope, "一般公共预算"))
        return;
    const fs_figures *f = c->f;
    int year = f->info.year;
    const fs_table *x = chk_only_table(c->tables, "sangong");
    if (!x || !year || g->period != year || (title_year(x->title) && title_year(x->title) != year))
        return;
    /* its measure: the table's (预算 in a 预算 report), or a half of a
     * table in 预算数 and 决算数 */
    int split = 0, final_doc = !strcmp(f->info.kind, "决算");
    for (size_t cc = 0; cc < x->ncols && !split; cc++) {
        char h;
        column_item(x, cc, &h);
        split = h == 'J';
    }
    char half = 0;
    if (split && (!strcmp(id->measure, "决算") || !strcmp(id->measure, "预算")))
        half = !strcmp(id->measure, "决算") ? 'J' : 'Y';
    else if (split || final_doc || strcmp(id->measure, "预算") || strcmp(f->info.kind, "预算"))
        return;
    long col[SG_N];
    int ue = chk_unit_exp(x->unit);
    long r = compared_row(x);
    if (ue < 0 || r < 0 || !item_columns(x, half, col) || col[k] < 0) {
        chk_add_skip(c, FS_CHECK_TABLE, &i, 1, "%s中“%s”一栏未能确定（或单位不明），未核对",
                     x->title && *x->title ? x->title : "“三公”经费支出表", SG_NAME[k]);
        return;
    }
    const fs_trow *w = &x->rows[r];
    /* the columns confirmed by the row's own sums */
    static const int CAR_PARTS[2] = {SG_BUY, SG_RUN};
    int car_split = col[SG_BUY] >= 0 && col[SG_RUN] >= 0;
    int ok = col[SG_CAR] >= 0 ? adds_up(w, col, SG_TOTAL,
                                        (const int[]){SG_ABROAD, SG_CAR, SG_RECEPTION}, 3)
                              : car_split && adds_up(w, col, SG_TOTAL,
                                                     (const int[]){SG_ABROAD, SG_BUY, SG_RUN,
                                                                   SG_RECEPTION},
                                                     4);
    if (ok && col[SG_CAR] >= 0 && car_split)
        ok = adds_up(w, col, SG_CAR, CAR_PARTS, 2);
    if (ok && (k == SG_BUY || k == SG_RUN) && !car_split)
        ok = 0;
    if (!ok) {
        chk_add_skip(c, FS_CHECK_TABLE, &i, 1,
                     "%s（第%u页）的合计与各项之和不符或缺项，各栏未能证实，未核对",
                     x->title && *x->title ? x->title : "“三公”经费支出表", (unsigned)w->page);
        return;
    }
    fs_tcell T = w->cells[col[k]];
    fs_dec tv;
    int td;
    if (!cell_val(w, col, k, &tv, &td))
        return;
    if (!T.has_number) {
        /* blank: 0, as the row's sums show */
        T.number = tv;
        T.decimals = td;
        T.has_number = 1;
    }
    /* a stated amount that disagrees with its cell but is printed in
     * another item's: the columns may be shifted, so no error is made of it */
    const fs_quantity *V = &g->value.q;
    if (chk_unusable(V)) {
        chk_table_judge(c, i, x, (size_t)r, (size_t)col[k], &T, ue, "", NULL); /* skipped */
        return;
    }
    fs_printed vv = chk_to_printed(V, 0, 0, 0);
    fs_printed own = {T.number.mant, T.number.scale, ue, 0};
    fs_check chk;
    int agrees = fs_check_sum(&own, 1, &vv, c->mode, &chk) != FS_INCONSISTENT;
    for (int o = 0; o < SG_N && !agrees; o++) {
        const fs_tcell *O = col[o] >= 0 ? &w->cells[col[o]] : NULL;
        if (o == k || !O || !O->has_number || O->percent || fs_dec_sign(O->number) == 0)
            continue;
        fs_printed ov = {O->number.mant, O->number.scale, ue, 0};
        if (fs_check_sum(&ov, 1, &vv, c->mode, &chk) == FS_CONSISTENT) {
            char a[64];
            chk_qtext(V, 0, a, sizeof a);
            chk_add_skip(c, FS_CHECK_TABLE, &i, 1,
                         "%s与%s中“%s”一栏的%s%s相符，疑为各栏错位，未核对", a,
                         x->title && *x->title ? x->title : "“三公”经费支出表", SG_NAME[o],
                         O->text, x->unit);
            return;
        }
    }
    chk_table_judge(c, i, x, (size_t)r, (size_t)col[k], &T, ue, "",
                    chk_strf("%s（第%u页）%s一栏%s%s",
                             x->title && *x->title ? x->title : "“三公”经费支出表",
                             (unsigned)w->page, SG_NAME[k], T.text[0] ? T.text : "（空白，即0）",
                             x->unit));
}
