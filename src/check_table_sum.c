/* check_table_sum.c — table_sum: a table's own totals against its rows.
 *
 * The standard tables list 科目 by code: a 类 (3 digits) is the sum of its
 * 款 (5 digits), a 款 of its 项 (7 digits), and the 合计 row of a coded
 * table the sum of its 类.  A column headed 合计 (小计, 总计) is the sum of
 * the columns right of it at the same header level (合计 = 基本支出 +
 * 项目支出), row by row, where the code sums held in every one of those
 * columns (so the columns are known to be read right) and no 小计 nests
 * inside; a row numbering the columns (栏次 1, 2, 3 …) is no row.  A
 * 收支总表 row printing 收入总计, an amount, 支出总计, an amount states one
 * sum twice: the two must agree.  A column headed X为Y的% (决算数为预算数
 * 的%) is X / Y of the columns headed X and Y, row by row.  Across tables,
 * the 合计 of the one 收入总表 (支出总表) is the 收支总表's 本年收入合计 or,
 * where it counts the 上年结转 in, its 收入总计 (支出 alike); and each fund's
 * income (一般公共预算, 政府性基金, 国有资本经营) is one amount in the 收支总表
 * and the 财政拨款收支总表, where neither prints a carry-over and each names
 * the fund once.  Each amount column is added up on its own, over
 * the rounding intervals of the printed cells (a sum of n cells carries n
 * half-units), so a table in 万元 with two decimals never fails by a cent.
 *
 * Only what the table itself makes certain is judged:
 *  - amount columns only: not the code or name column, not a ratio column
 *    (%, 增长, 增减, 比, 为…的), not a row number column (栏次, 行次, 序号);
 *  - the parts are the rows right under the whole whose codes extend its
 *    code; a row inside them with another code, or an uncoded row holding
 *    numbers, leaves the relation skipped, as do two parts with one code (a
 *    code misprinted) and tables printing two code columns side by side;
 *  - the parts may only fall short of the whole (a part left out of the
 *    table, 涉密 or not published: skipped), never exceed it: an excess is
 *    the error;
 *  - a blank part counts as 0 when the relation holds that way; when it
 *    fails, the blank may hide an amount: skipped;
 *  - a table where several relations fail was most likely misread (columns
 *    or rows out of place): its failures are skipped with that reason, and
 *    only a table whose other relations hold reports its one or two slips. */
#include "checks_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tables.h"

/* Failures a table may report; more, or more than one in ten of the
 * relations checked, and the reading is in doubt. */
#define TS_MAX_FAILS 2

/* 1 when s is a 科目 code as printed alone: 3, 5 or 7 digits. */
static int code_like(const char *s)
{
    size_t l = strlen(s);
    return (l == 3 || l == 5 || l == 7) && strspn(s, "0123456789") == l;
}

/* 1 when a cell prints an explicit nothing: "-", "—", "－", "–". */
static int dash(const char *s)
{
    return !strcmp(s, "-") || !strcmp(s, "\xE2\x80\x94") || !strcmp(s, "\xEF\xBC\x8D") ||
           !strcmp(s, "\xE2\x80\x93") || !strcmp(s, "--");
}

/* Spaces out of s into buf (n bytes): "本 年 收 入 合 计" → "本年收入合计". */
static void squeeze(const char *s, char *buf, size_t n)
{
    size_t k = 0;
    for (; *s && k + 1 < n; s++)
        if (*s != ' ')
            buf[k++] = *s;
    buf[k] = '\0';
}

/* 1 when column c of t holds amounts that add up. */
static int amount_col(const fs_table *t, size_t c)
{
    static const char *const NOT[] = {"%", "\xEF\xBC\x85", "增长", "增减", "比", "为",
                                      "栏次", "行次", "序号", "编码", "代码", NULL};
    if ((int)c == t->code_col || (int)c == t->name_col)
        return 0;
    const char *h = t->columns && t->columns[c] ? t->columns[c] : "";
    for (const char *const *w = NOT; *w; w++)
        if (strstr(h, *w))
            return 0;
    size_t nums = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const fs_tcell *x = &t->rows[r].cells[c];
        if (x->has_number && x->percent)
            return 0;
        nums += x->has_number;
    }
    return nums > 0;
}

/* 1 when t prints a second column of codes (two panels side by side, as in
 * a 基本支出 table of 人员经费 beside 公用经费): rows are no hierarchy then. */
static int two_panels(const fs_table *t)
{
    for (size_t c = 0; c < t->ncols; c++) {
        if ((int)c == t->code_col)
            continue;
        size_t filled = 0, codes = 0;
        for (size_t r = 0; r < t->nrows; r++) {
            const char *s = t->rows[r].cells[c].text;
            if (!*s)
                continue;
            filled++;
            codes += code_like(s);
        }
        if (filled >= 2 && codes == filled)
            return 1;
    }
    return 0;
}

/* 1 when row w holds a number in an amount column. */
static int has_amounts(const fs_table *t, const fs_trow *w, const unsigned char *amt)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (amt[c] && w->cells[c].has_number)
            return 1;
    return 0;
}

/* The parts of row p (level 1 or 2): the rows of the next level under it,
 * into kids (n of them).  Returns NULL on success, else why the parts are
 * not certain. */
static const char *parts_of(const fs_table *t, size_t p, const unsigned char *amt, size_t *kids,
                            size_t *n)
{
    const fs_trow *w = &t->rows[p];
    size_t cl = strlen(w->code);
    *n = 0;
    for (size_t r = p + 1; r < t->nrows; r++) {
        const fs_trow *x = &t->rows[r];
        if (x->level == 0) {
            if (x->total)
                break;
            if (has_amounts(t, x, amt))
                return "其下有未标科目编码的金额行";
            continue;
        }
        if (x->level <= w->level)
            break;
        if (strncmp(x->code, w->code, cl) != 0)
            return "其下的科目编码不属于该科目";
        if (x->level != w->level + 1)
            continue;
        for (size_t k = 0; k < *n; k++)
            if (!strcmp(t->rows[kids[k]].code, x->code))
                return "其下有两行科目编码相同（编码印错）";
        kids[(*n)++] = r;
    }
    return *n ? NULL : "其下没有下级科目";
}

/* The parts of the 合计 row p of a coded table: every 类 row.  NULL on
 * success, else why not. */
static const char *classes_of(const fs_table *t, size_t p, const unsigned char *amt,
                              size_t *kids, size_t *n)
{
    *n = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const fs_trow *x = &t->rows[r];
        if (r == p)
            continue;
        if (x->level == 0 && has_amounts(t, x, amt))
            return "表中还有未标科目编码的金额行";
        if (x->level == 0 && x->total)
            return "表中有多个合计行";
        if (x->level != 1)
            continue;
        for (size_t k = 0; k < *n; k++)
            if (!strcmp(t->rows[kids[k]].code, x->code))
                return "表中有两行类级科目编码相同";
        kids[(*n)++] = r;
    }
    return *n ? NULL : "表中没有类级科目";
}

/* What the parts of a relation are: rows under the whole, columns right of
 * it, or the other side of a balanced row (收入总计 = 支出总计). */
enum { TS_ROWS = 0, TS_COLUMNS = 1, TS_BALANCE = 2, TS_RATIO = 3 };

/* A cell of the table being checked. */
typedef struct ts_ref {
    size_t row, col;
} ts_ref;

/* One relation of a table that failed: the whole, its parts (in the
 * table's log), and what the parts are (TS_ROWS …). */
typedef struct ts_fail {
    ts_ref whole;
    size_t first, n;
    int shape;
    fs_check chk;
} ts_fail;

/* The state of one table's check. */
typedef struct ts_table {
    chk_ctx *c;
    const fs_table *t;
    size_t ti;
    const unsigned char *amt;
    size_t checked;
    ts_fail *fails;    /* owned */
    size_t nfails, capfails;
    ts_ref *log;       /* the parts of every failure, in order; owned */
    size_t nlog, caplog;
    /* per column: the code hierarchy held there (at least once, never
     * failed nor skipped for its sums): a column read right */
    unsigned char *held, *doubted;
} ts_table;

/* The printed cell as a figure of the interval arithmetic (the table's own
 * unit: the relation holds or fails in any unit). */
static fs_printed cell_printed(const fs_tcell *x)
{
    fs_printed p = {x->number.mant, x->number.scale, 0, 0};
    return p;
}

/* The name of row w for a message: "210 卫生健康支出" or "合计". */
static void row_label(const fs_trow *w, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s%s", w->code, *w->code ? " " : "", w->name);
}

/* Where relation whole = Σ parts of table t is printed, for messages:
 * "表“T”（第N页）210 卫生健康支出“合计”栏" (rows) or "…210 卫生健康支出的“合计”"
 * (columns). */
static char *where(const fs_table *t, ts_ref whole)
{
    char lab[160];
    row_label(&t->rows[whole.row], lab, sizeof lab);
    return chk_strf("表“%s”（第%u页）%s的“%s”", t->title, (unsigned)t->rows[whole.row].page, lab,
                    t->columns[whole.col]);
}

/* Keeps failure f (its parts parts[0..n)) for the table's verdict. */
static void keep_fail(ts_table *s, const ts_fail *f, const ts_ref *parts, size_t n)
{
    if (s->nfails == s->capfails) {
        size_t cap = s->capfails ? 2 * s->capfails : 8;
        ts_fail *v = realloc(s->fails, cap * sizeof *v);
        if (!v) {
            s->c->failed = FS_E_NOMEM;
            return;
        }
        s->fails = v;
        s->capfails = cap;
    }
    if (s->nlog + n > s->caplog) {
        size_t cap = (s->caplog + n) * 2;
        ts_ref *v = realloc(s->log, cap * sizeof *v);
        if (!v) {
            s->c->failed = FS_E_NOMEM;
            return;
        }
        s->log = v;
        s->caplog = cap;
    }
    s->fails[s->nfails] = *f;
    s->fails[s->nfails].first = s->nlog;
    s->fails[s->nfails].n = n;
    s->nfails++;
    memcpy(s->log + s->nlog, parts, n * sizeof *parts);
    s->nlog += n;
}

/* Judges whole = Σ parts[0..n) (shape: what the parts are); buf has room
 * for n printed cells.  A failure is kept for the table's verdict. */
static void judge(ts_table *s, ts_ref whole, const ts_ref *parts, size_t n, int shape,
                  fs_printed *buf)
{
    const fs_table *t = s->t;
    const fs_tcell *w = &t->rows[whole.row].cells[whole.col];
    size_t np = 0, blanks = 0, bad = 0;
    for (size_t k = 0; k < n; k++) {
        const fs_tcell *x = &t->rows[parts[k].row].cells[parts[k].col];
        if (x->has_number && !x->percent)
            buf[np++] = cell_printed(x);
        else if (!*x->text)
            blanks++;
        else if (!dash(x->text))
            bad++;
    }
    if (!w->has_number || w->percent || bad || np == 0)
        return; /* nothing stated to hold against (a blank whole: parts all
                   blank, or text) */
    fs_printed tot = cell_printed(w);
    fs_check chk;
    fs_verdict v = fs_check_sum(buf, np, &tot, s->c->mode, &chk);
    if (v == FS_CONSISTENT) {
        s->checked++;
        chk_add_ok(s->c, FS_CHECK_TABLE_SUM);
        if (shape == TS_ROWS)
            s->held[whole.col] = 1;
        return;
    }
    if (shape == TS_ROWS)
        s->doubted[whole.col] = 1;
    char *at = where(t, whole);
    if (!at) {
        s->c->failed = FS_E_NOMEM;
        return;
    }
    const char *parts_are = shape == TS_ROWS ? "其下各行" : shape == TS_COLUMNS ? "右侧各栏" : "同行另一总计";
    if (v != FS_INCONSISTENT)
        chk_add_skip(s->c, FS_CHECK_TABLE_SUM, NULL, 0, "%s：数额超出可核算范围，未核对", at);
    else if (shape != TS_BALANCE && fs_q_cmp(&chk.allowed.hi, &chk.stated.lo) <= 0)
        /* the parts fall short: a table may leave out a part (涉密, 未公开),
         * never add one */
        chk_add_skip(s->c, FS_CHECK_TABLE_SUM, NULL, 0,
                     "%s为%s，%s之和较小，表中可能未列出全部组成部分，未核对", at, w->text, parts_are);
    else if (blanks)
        chk_add_skip(s->c, FS_CHECK_TABLE_SUM, NULL, 0,
                     "%s与%s之和不符，但其中有空白单元格（可能未印出金额），未核对", at, parts_are);
    else {
        s->checked++;
        ts_fail f = {whole, 0, 0, shape, chk};
        keep_fail(s, &f, parts, n);
    }
    free(at);
}

/* Checks whole row p against the part rows kids[0..n) in every amount
 * column. */
static void judge_rows(ts_table *s, size_t p, const size_t *kids, size_t n)
{
    ts_ref *parts = malloc((n ? n : 1) * sizeof *parts);
    fs_printed *buf = malloc((n ? n : 1) * sizeof *buf);
    for (size_t c = 0; parts && buf && c < s->t->ncols && !s->c->failed; c++) {
        if (!s->amt[c])
            continue;
        for (size_t k = 0; k < n; k++)
            parts[k] = (ts_ref){kids[k], c};
        judge(s, (ts_ref){p, c}, parts, n, TS_ROWS, buf);
    }
    if (!parts || !buf)
        s->c->failed = FS_E_NOMEM;
    free(parts);
    free(buf);
}

/* 1 when header path p is a sibling of total's: the same parent path
 * ("本年支出 › 合计" and "本年支出 › 基本支出"; "合计" and "项目支出"). */
static int child_header(const char *total, const char *p)
{
    const char *sep = " \xE2\x80\xBA ";
    const char *a = total, *b = p, *x;
    size_t la = 0, lb = 0;
    for (x = strstr(a, sep); x; x = strstr(x + 1, sep))
        la = (size_t)(x - a);
    for (x = strstr(b, sep); x; x = strstr(x + 1, sep))
        lb = (size_t)(x - b);
    return p && la == lb && strncmp(a, b, la) == 0;
}

/* 1 when row w numbers the columns (栏次: 1, 2, 3 … printed under the
 * header): integers rising by one. */
static int numbering_row(const fs_table *t, const fs_trow *w)
{
    int64_t next = -1;
    size_t nums = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        const fs_tcell *x = &w->cells[c];
        if (!x->has_number)
            continue;
        if (x->decimals || x->number.scale || (next >= 0 && x->number.mant != next))
            return 0;
        next = x->number.mant + 1;
        nums++;
    }
    return nums >= 2 || strstr(w->name, "栏次") || strstr(w->name, "行次");
}

/* The column totals of t: a column headed 合计 (or 小计, 总计) is the sum of
 * the amount columns right of it, up to the next such column; *n gets their
 * count into cols.  Returns NULL, or why the relation is not certain (a
 * column headed 其中 is a part of a part, not one more; a 小计 among them,
 * totals nested). */
static const char *columns_of_total(const fs_table *t, const unsigned char *amt, size_t c,
                                    size_t *cols, size_t *n)
{
    *n = 0;
    for (size_t k = c + 1; k < t->ncols; k++) {
        const char *h = t->columns[k] ? t->columns[k] : "";
        if (strstr(h, "合计") || strstr(h, "小计") || strstr(h, "总计"))
            return *n ? "右侧各栏中还有小计栏（合计分层）" : NULL;
        if (strstr(h, "其中"))
            continue;
        if (!amt[k])
            break;
        cols[(*n)++] = k;
    }
    return NULL;
}

/* Checks every row's column totals: the cell under 合计 against the cells
 * of its part columns. */
static void judge_columns(ts_table *s)
{
    const fs_table *t = s->t;
    size_t *cols = malloc(t->ncols * sizeof *cols);
    ts_ref *parts = malloc(t->ncols * sizeof *parts);
    fs_printed *buf = malloc(t->ncols * sizeof *buf);
    if (!cols || !parts || !buf)
        s->c->failed = FS_E_NOMEM;
    for (size_t c = 0; cols && parts && buf && c < t->ncols && !s->c->failed; c++) {
        const char *h = t->columns[c] ? t->columns[c] : "";
        const char *last = strrchr(h, ' '); /* the header's own words */
        last = last ? last + 1 : h;
        if (!s->amt[c] || !(strstr(last, "合计") || strstr(last, "小计") || strstr(last, "总计")))
            continue;
        size_t n;
        const char *why = columns_of_total(t, s->amt, c, cols, &n);
        for (size_t k = 0; !why && k <= n; k++) {
            size_t x = k < n ? cols[k] : c;
            if (!s->held[x] || s->doubted[x])
                why = "该表的科目加总未能证实各栏读取无误";
            else if (k < n && !child_header(h, t->columns[x]))
                why = "各栏表头不是同一层级";
        }
        if (why) {
            chk_add_skip(s->c, FS_CHECK_TABLE_SUM, NULL, 0, "表“%s”（第%u页）“%s”栏：%s，未核对",
                         t->title, (unsigned)t->page_first, h, why);
            continue;
        }
        if (n < 2)
            continue; /* one part: a copy of the whole, nothing to add */
        for (size_t r = 0; r < t->nrows && !s->c->failed; r++) {
            if (numbering_row(t, &t->rows[r]))
                continue;
            for (size_t k = 0; k < n; k++)
                parts[k] = (ts_ref){r, cols[k]};
            judge(s, (ts_ref){r, c}, parts, n, TS_COLUMNS, buf);
        }
    }
    free(cols);
    free(parts);
    free(buf);
}

/* Fills cell v from cell (r, c) of table ti. */
void chk_put_cell(fs_check_cell *v, const fs_table *t, size_t ti, size_t r, size_t c)
{
    const fs_tcell *x = &t->rows[r].cells[c];
    v->table = (uint32_t)ti;
    v->row = (uint32_t)r;
    v->col = (uint32_t)c;
    v->page = x->page ? x->page : t->rows[r].page;
    v->box[0] = x->x0, v->box[1] = x->y0, v->box[2] = x->x1, v->box[3] = x->y1;
    snprintf(v->text, sizeof v->text, "%s", x->text);
}

/* Reports failure f as an error finding on its cells. */
static void report(ts_table *s, const ts_fail *f)
{
    const fs_table *t = s->t;
    const fs_tcell *whole = &t->rows[f->whole.row].cells[f->whole.col];
    const ts_ref *parts = s->log + f->first;
    fs_check_expected ex = chk_expected_of(&f->chk.allowed, whole->decimals);
    char *at = where(t, f->whole), *m = NULL;
    if (!at) {
        s->c->failed = FS_E_NOMEM;
        return;
    }
    if (f->shape == TS_RATIO)
        m = chk_strf("%s为%s%s，按“%s”%s与“%s”%s应为%s%%至%s%%", at, whole->text,
                     whole->percent ? "" : "%",
                     t->columns[parts[0].col], t->rows[parts[0].row].cells[parts[0].col].text,
                     t->columns[parts[1].col], t->rows[parts[1].row].cells[parts[1].col].text,
                     ex.low, ex.high);
    else if (f->shape == TS_BALANCE)
        m = chk_strf("%s为%s%s，同一行的另一总计为%s%s，收支总计应相等", at, whole->text, t->unit,
                     t->rows[parts[0].row].cells[parts[0].col].text, t->unit);
    else if (f->shape == TS_COLUMNS)
        m = chk_strf("%s为%s%s，右侧%zu栏（“%s”至“%s”）之和为%s至%s%s", at, whole->text, t->unit,
                     f->n, t->columns[parts[0].col], t->columns[parts[f->n - 1].col], ex.low,
                     ex.high, t->unit);
    else
        m = chk_strf("%s为%s%s，其下%zu项（%s至%s）之和为%s至%s%s", at, whole->text, t->unit, f->n,
                     t->rows[parts[0].row].code, t->rows[parts[f->n - 1].row].code, ex.low,
                     ex.high, t->unit);
    free(at);
    fs_buf msg = FS_BUF_INIT;
    if (!m || fs_buf_append(&msg, m, strlen(m))) {
        free(m);
        fs_buf_free(&msg);
        s->c->failed = FS_E_NOMEM;
        return;
    }
    free(m);
    fs_check_stated st;
    memset(&st, 0, sizeof st);
    st.figure = -1;
    snprintf(st.text, sizeof st.text, "%s%s", whole->text,
             f->shape != TS_RATIO ? t->unit : whole->percent ? "" : "%");
    fs_dec_to_string(whole->number, st.value, sizeof st.value);
    st.number = chk_dec_double(st.value);
    size_t before = s->c->r->nfindings;
    chk_add_finding(s->c, FS_CHECK_TABLE_SUM, FS_SEV_ERROR, NULL, 0, &st, &ex, &msg);
    if (s->c->r->nfindings == before)
        return;
    fs_finding *fd = &s->c->r->findings[before];
    fd->cells = calloc(f->n + 1, sizeof *fd->cells);
    if (!fd->cells) {
        s->c->failed = FS_E_NOMEM;
        return;
    }
    chk_put_cell(&fd->cells[0], t, s->ti, f->whole.row, f->whole.col);
    for (size_t k = 0; k < f->n; k++)
        chk_put_cell(&fd->cells[k + 1], t, s->ti, parts[k].row, parts[k].col);
    fd->ncells = f->n + 1;
}

/* 1 when s is a 总计 label and nothing more, blanks inside ignored
 * ("收 入 总 计", "支出总计", "总计"; not a cell that wrapped two labels). */
static int says_grand(const char *s)
{
    char buf[64];
    squeeze(s, buf, sizeof buf);
    return !strcmp(buf, "总计") || !strcmp(buf, "收入总计") || !strcmp(buf, "支出总计") ||
           !strcmp(buf, "收支总计");
}

/* The balance of a 收支总表: a row printing 总计 label, amount, 总计 label,
 * amount (收入总计 … 支出总计 …) and nothing else states one sum twice; the
 * two must agree within their rounding. */
static void judge_balance(ts_table *s)
{
    const fs_table *t = s->t;
    if (strcmp(t->kind, "shouzhi_zongbiao") != 0 && strcmp(t->kind, "caizheng_shouzhi_zongbiao") != 0)
        return;
    for (size_t r = 0; r < t->nrows && !s->c->failed; r++) {
        const fs_trow *w = &t->rows[r];
        size_t at[2] = {0, 0}, k = 0; /* k: what comes next, label 0, amount 1, … */
        int ok = 1;
        for (size_t c = 0; c < t->ncols && ok; c++) {
            const fs_tcell *x = &w->cells[c];
            if (!*x->text || (x->has_number && !s->amt[c]))
                continue; /* blank, or a 栏次 number */
            if (k % 2 == 0)
                ok = !x->has_number && says_grand(x->text);
            else if ((ok = x->has_number && !x->percent))
                at[k / 2] = c;
            k++;
            ok = ok && k <= 4;
        }
        if (!ok || k != 4)
            continue;
        ts_ref part = {r, at[0]};
        fs_printed buf[1];
        judge(s, (ts_ref){r, at[1]}, &part, 1, TS_BALANCE, buf);
    }
}

/* The last level of header path h, blanks out, into buf. */
static void last_level(const char *h, char *buf, size_t n)
{
    const char *x, *p = h ? h : "";
    while ((x = strstr(p, " \xE2\x80\xBA ")))
        p = x + 5;
    squeeze(p, buf, n);
}

/* The one amount column of t whose header's last level is name; -1 when
 * none or several. */
static long column_named(const ts_table *s, const char *name)
{
    long got = -1;
    for (size_t c = 0; c < s->t->ncols; c++) {
        char buf[128];
        last_level(s->t->columns[c], buf, sizeof buf);
        if (!s->amt[c] || strcmp(buf, name) != 0)
            continue;
        if (got >= 0)
            return -1;
        got = (long)c;
    }
    return got;
}

/* Ratio columns: a column headed "X为Y的%" (决算数为预算数的%) holds, row by
 * row, the column headed X over the column headed Y, in percent. */
static void judge_ratios(ts_table *s)
{
    const fs_table *t = s->t;
    for (size_t c = 0; c < t->ncols && !s->c->failed; c++) {
        char h[128], x[128];
        last_level(t->columns[c], h, sizeof h);
        char *wei = strstr(h, "为");
        size_t hl = strlen(h), pl = 0;
        if (hl > 1 && h[hl - 1] == '%')
            pl = 1;
        else if (hl > 3 && !strcmp(h + hl - 3, "\xEF\xBC\x85")) /* ％ */
            pl = 3;
        if (!wei || !pl || wei == h)
            continue;
        snprintf(x, sizeof x, "%.*s", (int)(wei - h), h);
        h[hl - pl] = '\0';
        char *y = wei + strlen("为");
        size_t yl = strlen(y);
        if (yl >= 3 && !strcmp(y + yl - 3, "的"))
            y[yl - 3] = '\0';
        long num = column_named(s, x), den = column_named(s, y);
        if (num < 0 || den < 0 || num == den)
            continue; /* the columns it is the ratio of are not both printed */
        for (size_t r = 0; r < t->nrows && !s->c->failed; r++) {
            const fs_trow *w = &t->rows[r];
            const fs_tcell *R = &w->cells[c], *N = &w->cells[num], *D = &w->cells[den];
            if (!R->has_number || !N->has_number || !D->has_number || N->percent || D->percent ||
                numbering_row(t, w))
                continue;
            fs_printed pn = cell_printed(N), pd = cell_printed(D);
            fs_printed pr = {R->number.mant, R->number.scale, -2, 0};
            fs_check chk;
            fs_verdict v = fs_check_ratio(&pn, &pd, &pr, s->c->mode, &chk);
            if (v == FS_CONSISTENT) {
                s->checked++;
                chk_add_ok(s->c, FS_CHECK_TABLE_SUM);
            } else if (v == FS_INCONSISTENT) {
                s->checked++;
                ts_ref parts[2] = {{r, (size_t)num}, {r, (size_t)den}};
                ts_fail f = {{r, c}, 0, 0, TS_RATIO, chk};
                keep_fail(s, &f, parts, 2);
            }
        }
    }
}

/* The code hierarchy of s's table: each 类 and 款 against the rows under
 * it, the one 合计 row against the 类. */
static void judge_hierarchy(ts_table *s, size_t *kids)
{
    const fs_table *t = s->t;
    const unsigned char *amt = s->amt;
    size_t totals = 0, total = 0;
    for (size_t r = 0; r < t->nrows; r++)
        if (t->rows[r].level == 0 && t->rows[r].total && strstr(t->rows[r].name, "合计") &&
            has_amounts(t, &t->rows[r], amt)) {
            totals++;
            total = r;
        }
    for (size_t r = 0; r < t->nrows && !s->c->failed; r++) {
        const fs_trow *w = &t->rows[r];
        size_t n = 0;
        const char *why = NULL;
        if (w->level == 1 || w->level == 2)
            why = parts_of(t, r, amt, kids, &n);
        else if (totals == 1 && r == total)
            why = classes_of(t, r, amt, kids, &n);
        else
            continue;
        if (why) {
            char lab[160];
            row_label(w, lab, sizeof lab);
            if (n || strcmp(why, "其下没有下级科目") != 0)
                chk_add_skip(s->c, FS_CHECK_TABLE_SUM, NULL, 0, "表“%s”（第%u页）%s：%s，未核对",
                             t->title, (unsigned)w->page, lab, why);
            continue;
        }
        judge_rows(s, r, kids, n);
    }
}

/* The relations of table ti, then its verdict. */
static void check_table(chk_ctx *c, size_t ti, size_t *kids, unsigned char *amt)
{
    const fs_table *t = &c->tables->v[ti];
    if (two_panels(t))
        return;
    for (size_t k = 0; k < t->ncols; k++)
        amt[k] = (unsigned char)amount_col(t, k);
    ts_table s = {c, t, ti, amt, 0, NULL, 0, 0, NULL, 0, 0, NULL, NULL};
    s.held = calloc(t->ncols ? t->ncols : 1, 1);
    s.doubted = calloc(t->ncols ? t->ncols : 1, 1);
    if (!s.held || !s.doubted)
        c->failed = FS_E_NOMEM;
    if (!c->failed && t->code_col >= 0 && t->name_col >= 0)
        judge_hierarchy(&s, kids);
    if (!c->failed)
        judge_columns(&s);
    if (!c->failed)
        judge_balance(&s);
    if (!c->failed)
        judge_ratios(&s);
    /* several failures: a misread table, not a misprinted one */
    /* (a balance is one row of two labelled amounts: no column to misread) */
    size_t nf = 0;
    for (size_t k = 0; k < s.nfails; k++)
        nf += s.fails[k].shape != TS_BALANCE;
    int doubt = nf > TS_MAX_FAILS || nf * 10 > s.checked;
    for (size_t k = 0; k < s.nfails && !c->failed; k++) {
        if (!doubt || s.fails[k].shape == TS_BALANCE) {
            report(&s, &s.fails[k]);
            continue;
        }
        char *at = where(t, s.fails[k].whole);
        if (!at) {
            c->failed = FS_E_NOMEM;
            break;
        }
        chk_add_skip(c, FS_CHECK_TABLE_SUM, NULL, 0,
                     "%s与%s之和不符；该表%zu处加总中有%zu处不符，疑为表格读取有误，未报告", at,
                     s.fails[k].shape == TS_ROWS      ? "其下各行"
                     : s.fails[k].shape == TS_COLUMNS ? "右侧各栏"
                     : s.fails[k].shape == TS_RATIO   ? "所比两栏之比"
                                                      : "同行另一总计",
                     s.checked, s.nfails);
        free(at);
    }
    free(s.fails);
    free(s.log);
    free(s.held);
    free(s.doubted);
}

/* ------------------------------------------------ across the tables */

/* The amounts the 收支总表 t prints after label (本年收入合计 …): the first
 * amount right of each such label cell, as cells into v (at most nv).
 * Returns how many. */
static size_t amounts_after(const fs_table *t, const char *label, const fs_tcell **v,
                            ts_ref *at, size_t nv)
{
    size_t n = 0;
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols && n < nv; c++) {
            char buf[64];
            squeeze(t->rows[r].cells[c].text, buf, sizeof buf);
            if (t->rows[r].cells[c].has_number || strcmp(buf, label) != 0)
                continue;
            for (size_t k = c + 1; k < t->ncols; k++) {
                const fs_tcell *x = &t->rows[r].cells[k];
                if (x->has_number && amount_col(t, k) && !x->percent) {
                    at[n] = (ts_ref){r, k};
                    v[n++] = x;
                    break;
                }
                if (*x->text && !x->has_number)
                    break; /* the next label: none for this one */
            }
        }
    return n;
}

/* The 合计 of a 收入总表 or 支出总表: the first amount of its one row named
 * 合计 (or 总计), which is its first or last row of amounts (else the
 * reading ran into another table); NULL when not exactly one. */
static const fs_tcell *table_total(const fs_table *t, ts_ref *at)
{
    const fs_tcell *got = NULL;
    size_t first = (size_t)-1, last = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        if (!amount_col(t, c)) /* one scan of the column, not one per cell */
            continue;
        for (size_t r = 0; r < t->nrows; r++)
            if (t->rows[r].cells[c].has_number) {
                first = r < first || first == (size_t)-1 ? r : first;
                last = r > last ? r : last;
            }
    }
    for (size_t r = 0; r < t->nrows; r++) {
        char buf[64];
        squeeze(t->rows[r].name, buf, sizeof buf);
        if (t->rows[r].level != 0 || (strcmp(buf, "合计") && strcmp(buf, "总计")))
            continue;
        if (got)
            return NULL;
        for (size_t c = 0; c < t->ncols && !got; c++)
            if (t->rows[r].cells[c].has_number && amount_col(t, c) &&
                !t->rows[r].cells[c].percent) {
                got = &t->rows[r].cells[c];
                *at = (ts_ref){r, c};
            }
    }
    return got && (at->row == first || at->row == last) ? got : NULL;
}

/* The index of table t in c's tables. */
static size_t table_index(const chk_ctx *c, const fs_table *t)
{
    return (size_t)(t - c->tables->v);
}

/* One side of the 收支总表 against its own table: the 合计 of the 收入总表
 * (支出总表) is the 收支总表's 本年收入合计 or, where the table counts the
 * 上年结转 in, its 收入总计: an error when it is neither. */
static void cross_finding(chk_ctx *c, char *m, const fs_table *t, ts_ref tat, const fs_table *o,
                          const ts_ref *at, size_t n, const fs_check *chk);

static void cross_side(chk_ctx *c, const fs_table *sz, const char *kinds[2],
                       const char *const labels[3])
{
    const fs_table *t = chk_only_table(c->tables, kinds[0]);
    if (!t)
        t = chk_only_table(c->tables, kinds[1]);
    ts_ref tat = {0, 0}, at[6];
    const fs_tcell *T = t ? table_total(t, &tat) : NULL, *v[6];
    size_t n = 0;
    for (int k = 0; k < 3 && T; k++)
        n += amounts_after(sz, labels[k], v + n, at + n, 6 - n);
    if (!T || n == 0)
        return; /* nothing that must agree is printed */
    int te = chk_unit_exp(t->unit), se = chk_unit_exp(sz->unit);
    if (te < 0 || se < 0) {
        chk_add_skip(c, FS_CHECK_TABLE_SUM, NULL, 0, "%s与%s的合计：表的单位不明，未核对",
                     sz->title, t->title);
        return;
    }
    fs_printed tv = {T->number.mant, T->number.scale, te, 0};
    fs_check first;
    for (size_t k = 0; k < n; k++) {
        fs_printed sv = {v[k]->number.mant, v[k]->number.scale, se, 0};
        fs_check chk;
        if (fs_check_sum(&sv, 1, &tv, c->mode, &chk) == FS_CONSISTENT) {
            chk_add_ok(c, FS_CHECK_TABLE_SUM);
            return;
        }
        if (k == 0)
            first = chk;
    }
    char *m = chk_strf("表“%s”（第%u页）的合计为%s%s，而表“%s”（第%u页）的%s为%s%s%s", t->title,
                       (unsigned)t->rows[tat.row].page, T->text, t->unit, sz->title,
                       (unsigned)sz->rows[at[0].row].page, labels[0], v[0]->text, sz->unit,
                       n > 1 ? "（其他总计也不相符）" : "");
    cross_finding(c, m, t, tat, sz, at, n, &first);
}

/* Reports an error across two tables: message m (owned, freed here), the
 * cell `tat` of t as the stated amount, the n cells `at` of table o it
 * disagrees with, chk the arithmetic against the first of them. */
static void cross_finding(chk_ctx *c, char *m, const fs_table *t, ts_ref tat, const fs_table *o,
                          const ts_ref *at, size_t n, const fs_check *chk)
{
    fs_buf msg = FS_BUF_INIT;
    if (!m || fs_buf_append(&msg, m, strlen(m))) {
        free(m);
        fs_buf_free(&msg);
        c->failed = FS_E_NOMEM;
        return;
    }
    free(m);
    const fs_tcell *T = &t->rows[tat.row].cells[tat.col];
    fs_check_stated st;
    memset(&st, 0, sizeof st);
    st.figure = -1;
    snprintf(st.text, sizeof st.text, "%s%s", T->text, t->unit);
    fs_dec_to_string(T->number, st.value, sizeof st.value);
    st.number = chk_dec_double(st.value);
    fs_check_expected ex = chk_expected_of(&chk->allowed, T->decimals);
    size_t before = c->r->nfindings;
    chk_add_finding(c, FS_CHECK_TABLE_SUM, FS_SEV_ERROR, NULL, 0, &st, &ex, &msg);
    if (c->r->nfindings == before)
        return;
    fs_finding *fd = &c->r->findings[before];
    if (!(fd->cells = calloc(n + 1, sizeof *fd->cells))) {
        c->failed = FS_E_NOMEM;
        return;
    }
    chk_put_cell(&fd->cells[0], t, table_index(c, t), tat.row, tat.col);
    for (size_t k = 0; k < n; k++)
        chk_put_cell(&fd->cells[k + 1], o, table_index(c, o), at[k].row, at[k].col);
    fd->ncells = n + 1;
}

/* s past a leading ordinal: 一、 （一） 1. 1、 (1). */
static const char *past_ordinal(const char *s)
{
    static const char NUM[] = "一二三四五六七八九十";
    const char *p = s;
    int paren = !strncmp(p, "（", 3) || *p == '(';
    p += !strncmp(p, "（", 3) ? 3 : *p == '(';
    const char *q = p;
    while (*q) {
        char ch[4] = {0};
        if ((unsigned char)*q >= 0xE0 && q[1] && q[2]) {
            memcpy(ch, q, 3);
            if (!strstr(NUM, ch))
                break;
            q += 3;
        } else if (*q >= '0' && *q <= '9') {
            q++;
        } else {
            break;
        }
    }
    if (q == p)
        return s;
    if (paren)
        return !strncmp(q, "）", 3) ? q + 3 : *q == ')' ? q + 1 : s;
    if (!strncmp(q, "、", 3) || !strncmp(q, "．", 3))
        return q + 3;
    return *q == '.' ? q + 1 : s;
}

/* The fund a label of the income side names (一、一般公共预算拨款收入,
 * 1.政府性基金预算, （一）一般公共预算资金, 一般公共预算财政拨款): 0 一般公共
 * 预算, 1 政府性基金, 2 国有资本经营; -1 none. */
static int fund_label(const char *text)
{
    static const char *const F[3] = {"一般公共预算", "政府性基金", "国有资本经营"};
    static const char *const REST[] = {"", "拨款", "拨款收入", "收入", "资金", NULL};
    char b[128];
    squeeze(text, b, sizeof b);
    const char *p = past_ordinal(b);
    for (int k = 0; k < 3; k++) {
        size_t l = strlen(F[k]);
        if (strncmp(p, F[k], l) != 0)
            continue;
        const char *r = p + l;
        r += !strncmp(r, "预算", 6) ? 6 : 0;
        r += !strncmp(r, "财政", 6) ? 6 : 0;
        for (const char *const *x = REST; *x; x++)
            if (!strcmp(r, *x))
                return k;
    }
    return -1;
}

/* The amount printed after label cell (r, c) of t, before the next label;
 * NULL when none. */
static const fs_tcell *amount_after(const fs_table *t, size_t r, size_t c, ts_ref *at)
{
    for (size_t k = c + 1; k < t->ncols; k++) {
        const fs_tcell *x = &t->rows[r].cells[k];
        if (x->has_number && amount_col(t, k) && !x->percent) {
            *at = (ts_ref){r, k};
            return x;
        }
        if (*x->text && !x->has_number)
            return NULL;
    }
    return NULL;
}

/* Whether t prints an amount other than 0 after a label of carry-over
 * (上年结转, 结余): then a fund's row may or may not count it in. */
static int carries_over(const fs_table *t)
{
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const fs_tcell *x = &t->rows[r].cells[c];
            ts_ref at;
            if (!x->has_number && (strstr(x->text, "结转") || strstr(x->text, "结余"))) {
                const fs_tcell *v = amount_after(t, r, c, &at);
                if (v && fs_dec_sign(v->number))
                    return 1;
            }
        }
    return 0;
}

/* The one label cell of t naming fund k, with its amount; 0 when none or
 * several (a 本年收入 and a 上年结转 row of the fund). */
static int fund_amount(const fs_table *t, int k, ts_ref *label, ts_ref *at, const fs_tcell **v)
{
    int n = 0;
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const fs_tcell *x = &t->rows[r].cells[c];
            if (!x->has_number && fund_label(x->text) == k) {
                n++;
                *label = (ts_ref){r, c};
            }
        }
    return n == 1 && (*v = amount_after(t, label->row, label->col, at)) != NULL;
}

/* The income of each fund (一般公共预算, 政府性基金, 国有资本经营) as the
 * 收支总表 and the 财政拨款收支总表 print it: the same 本年 amount, where
 * neither table counts a carry-over in and each names the fund once. */
static void cross_funds(chk_ctx *c, const fs_table *sz, const fs_table *cz)
{
    int se = chk_unit_exp(sz->unit), ce = chk_unit_exp(cz->unit);
    if (se < 0 || ce < 0 || carries_over(sz) || carries_over(cz))
        return;
    static const char *const NAME[3] = {"一般公共预算", "政府性基金", "国有资本经营"};
    for (int k = 0; k < 3; k++) {
        ts_ref ls, lc, as, ac;
        const fs_tcell *vs, *vc;
        if (!fund_amount(sz, k, &ls, &as, &vs) || !fund_amount(cz, k, &lc, &ac, &vc))
            continue;
        fs_printed a = {vc->number.mant, vc->number.scale, ce, 0};
        fs_printed b = {vs->number.mant, vs->number.scale, se, 0};
        fs_check chk;
        if (fs_check_sum(&b, 1, &a, c->mode, &chk) == FS_CONSISTENT) {
            chk_add_ok(c, FS_CHECK_TABLE_SUM);
            continue;
        }
        char *m = chk_strf("表“%s”（第%u页）的%s收入为%s%s，而表“%s”（第%u页）的%s收入为%s%s",
                           cz->title, (unsigned)cz->rows[ac.row].page, NAME[k], vc->text, cz->unit,
                           sz->title, (unsigned)sz->rows[as.row].page, NAME[k], vs->text,
                           sz->unit);
        cross_finding(c, m, cz, ac, sz, &as, 1, &chk);
    }
}

/* The totals the standard tables share: the 收支总表's 本年收入合计 (收入总计)
 * and 本年支出合计 (支出总计) against the 合计 of the document's one 收入总表
 * and one 支出总表; each fund's income against the 财政拨款收支总表's. */
static void judge_across(chk_ctx *c)
{
    const fs_table *sz = chk_only_table(c->tables, "shouzhi_zongbiao");
    if (!sz)
        return;
    static const char *in_kinds[2] = {"shouru_zongbiao", "shouru"};
    static const char *out_kinds[2] = {"zhichu_zongbiao", "zhichu"};
    static const char *const in_labels[3] = {"本年收入合计", "收入合计", "收入总计"};
    static const char *const out_labels[3] = {"本年支出合计", "支出合计", "支出总计"};
    cross_side(c, sz, in_kinds, in_labels);
    cross_side(c, sz, out_kinds, out_labels);
    const fs_table *cz = chk_only_table(c->tables, "caizheng_shouzhi_zongbiao");
    if (cz)
        cross_funds(c, sz, cz);
}

void chk_table_sum(chk_ctx *c)
{
    if (!c->tables)
        return;
    for (size_t ti = 0; ti < c->tables->n && !c->failed; ti++) {
        const fs_table *t = &c->tables->v[ti];
        size_t *kids = malloc((t->nrows ? t->nrows : 1) * sizeof *kids);
        unsigned char *amt = calloc(t->ncols ? t->ncols : 1, 1);
        if (!kids || !amt)
            c->failed = FS_E_NOMEM;
        else
            check_table(c, ti, kids, amt);
        free(kids);
        free(amt);
    }
    if (!c->failed)
        judge_across(c);
}
