/* figures.c — every figure a report states, linked into records.
 *
 * Reading (one pass over the text, sentence by sentence):
 *  - A sentence ends at 。！？ or a line end; one longer than FIG_MAX_SENT
 *    bytes is cut after a comma.  Each sentence is scanned once by the
 *    pattern set and once by the number scanner.  Every quantity with a unit
 *    (元 人 名 个 项 … 平方米, and % for rates and shares) is a candidate.
 *  - Its role comes from the pattern whose group holds it (highest priority
 *    wins): change.amount, rate.percent, prior.prior, share.share,
 *    amount.amount / parts.amount / headcount.count (a value).  A direction
 *    word right before a quantity always makes it a change.  Quantities no
 *    pattern claims get local rules: direction word → change or rate; 占 or
 *    完成 before a percentage → share; 比/较 at the clause start → prior;
 *    else a value.  Not figures: thresholds (20万元以上), counts in Chinese
 *    numerals that are words (“四个意识”, 一次, 一人), bare numbers, years.
 *  - Subjects: the pattern's subject group, else the name read back from the
 *    value to the clause start; then cleaned (clean_subject): enumerators,
 *    a leading year (→ period), 其中/包括/我部门/本年度…, what precedes the
 *    last 的, trailing 为/共计/合计/安排, a trailing "2019年预算" (→ period),
 *    a trailing 预算 after 支出/费/拨款 when four characters remain.  A
 *    count names what follows it when anything does (内设10个科室).  The
 *    subject is always a slice of the text.  Period: the year stated, else
 *    the document's year (the year before it when the subject says 上年).
 * Linking inside a sentence:
 *  - A change amount, rate, share or prior belongs to the closest figure
 *    before it; the next value starts a new figure.  A change that names its
 *    own subject (其中：基本支出增加5.9万元) is a figure of its own, with no
 *    value.  A sentence that only states a change (…万元。与上年相比增加
 *    844.15万元) continues the last figure of its paragraph when that figure
 *    has no change yet.  A value restated with no name of its own (2023年预算
 *    安排2.63万元) joins the figure of its paragraph with that value.
 *  - 持平/一致 give a flat change to the current figure; after 均/都, to every
 *    figure of the sentence.  A prior stated before its value (2022年当年预算
 *    执行数为1.48万元，2023年预算安排…) waits for the next value.
 * Breakdowns (parent, group):
 *  - 其中 lists run to the end of the sentence, to the closing parenthesis
 *    of （其中：…）, or — when 其中： ends its line — over the next line's
 *    first sentence; 包括 lists run to the next ；.  A figure belongs to the
 *    innermost list holding it; the total is the figure the list follows.
 *  - Enumerated sections: when a section's own text (before its first
 *    child) states exactly one figure, or ends with 如下/按…划分/其中： after
 *    its last figure, and every direct child states a figure of the same
 *    kind in its heading line, those figures are its parts.  A child heading
 *    "（一）按支出功能分类科目划分" with no figure passes its parent's total
 *    on to its own children.  按X划分 gives the classification X.
 *  - Complete (the parts are presented as the whole): enumerated sections
 *    and 按…划分; headcount splits; 包括 a 和 b with exactly two parts; 其中
 *    lists that close with a catch-all class (其他…), that break down a total
 *    named "A及B" into two parts, or that list the 三公 categories.  Any list
 *    with 等 is incomplete.  Other 其中 lists may name only the main items: 0.
 * Shares: the whole is the total the figure is listed under when the names
 * agree (one holds the other), else the nearest earlier figure of that name
 * within FIG_SHARE_LOOKBACK figures — none (-1) when two such figures differ.
 * Document information: from the outline's title, else the first lines,
 * else the headings, else the first 4000 bytes, the first "2019年…预算|决算";
 * the organisation from a label line (预算主管部门：…) or the name before the
 * year.
 *
 * Everything is linear in the text: look-backs are bounded, sentences are
 * bounded, lists are swept once. */
#include "figures_impl.h"

#include "identity.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof((fs_figures *)0)->pattern_error == sizeof((fs_error *)0)->msg,
               "fs_figures.pattern_error holds an fs_error message");

static const char *const GROUP_NAMES[G_N] = {"subject", "amount", "basis", "dir", "percent",
                                             "prior", "prior_period", "share", "of", "period",
                                             "count", "unit", "approx", "code", "by", "list"};

static int family_of(const char *f)
{
    static const char *const N[] = {"amount", "change", "rate", "prior", "share", "headcount",
                                    "parts"};
    for (int i = 0; i < 7; i++)
        if (f && strcmp(f, N[i]) == 0)
            return i;
    return FAM_OTHER;
}

/* Pattern callback: keeps a compact copy of the match with absolute spans. */
static int on_match(const fs_match *m, void *ud)
{
    ctx *c = ud;
    GROW(c->pm, c->npm, c->pmcap);
    pmatch *p = &c->pm[c->npm++];
    p->fam = family_of(m->family);
    p->prio = m->priority;
    p->name = m->pattern;
    p->start = c->sent_a + m->start;
    p->end = c->sent_a + m->end;
    for (int i = 0; i < G_N; i++)
        p->g[i][0] = p->g[i][1] = NOPOS;
    for (int k = 0; k < m->ngroups; k++)
        for (int i = 0; i < G_N; i++)
            if (strcmp(m->groups[k].field, GROUP_NAMES[i]) == 0) {
                p->g[i][0] = c->sent_a + m->groups[k].start;
                p->g[i][1] = c->sent_a + m->groups[k].end;
            }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Figures and breakdowns                                              */

static int new_figure(ctx *c, fs_figure_kind kind, int period, size_t sa, size_t sb, int *idx)
{
    fs_figures *f = c->f;
    GROW(f->v, f->n, f->cap);
    fs_figure *g = &f->v[f->n];
    memset(g, 0, sizeof *g);
    g->kind = kind;
    g->subject = dup_span(c->s, sa, sb);
    if (!g->subject)
        return FS_E_NOMEM;
    g->subject_start = sa;
    g->subject_end = sb;
    g->period = period;
    g->share.of = -1;
    g->parent = -1;
    g->group = -1;
    g->parts_complete = -1;
    g->section = -1;
    g->quote_start = c->sent_a;
    g->quote_end = c->sent_b;
    *idx = (int)f->n++;
    return 0;
}

static fs_figure_kind kind_of_unit(fs_unit u)
{
    switch (u) {
    case FS_UNIT_YUAN: return FS_FIG_MONEY;
    case FS_UNIT_PERSON: return FS_FIG_HEADCOUNT;
    case FS_UNIT_SQM: return FS_FIG_AREA;
    default: return FS_FIG_COUNT;
    }
}

static int is_rate_unit(fs_unit u)
{
    return u == FS_UNIT_PERCENT || u == FS_UNIT_PERMILLE || u == FS_UNIT_PERMYRIAD;
}

static int is_figure_unit(fs_unit u)
{
    switch (u) {
    case FS_UNIT_YUAN: case FS_UNIT_PERSON: case FS_UNIT_PERSON_TIME: case FS_UNIT_GE:
    case FS_UNIT_XIANG: case FS_UNIT_LIANG: case FS_UNIT_TAI: case FS_UNIT_JIA:
    case FS_UNIT_TAO: case FS_UNIT_CI: case FS_UNIT_SQM:
        return 1;
    default:
        return 0;
    }
}

/* Position a figure is ordered by: its value, else its change. */
size_t fs_figure_anchor(const fs_figure *g)
{
    if (g->value.present)
        return g->value.q.start;
    if (g->change.amount.present)
        return g->change.amount.q.start;
    if (g->change.percent.present)
        return g->change.percent.q.start;
    return g->quote_start;
}

int fig_new_group(fs_figures *f, int total, fs_parts_kind kind, const char *s, size_t by_a,
                     size_t by_b, int *out)
{
    GROW(f->groups, f->ngroups, f->gcap);
    fs_breakdown *b = &f->groups[f->ngroups];
    memset(b, 0, sizeof *b);
    b->total = total;
    b->kind = kind;
    b->complete = 0;
    if (by_a != NOPOS && by_b > by_a) {
        b->by = dup_span(s, by_a, by_b);
        if (!b->by)
            return FS_E_NOMEM;
    }
    *out = (int)f->ngroups++;
    return 0;
}

/* ------------------------------------------------------------------ */
/* One sentence                                                        */

/* The role the patterns give quantity q: sets it->role/m/rank when a
 * match of higher priority claims its numeral. */
static void claim(qitem *it, const pmatch *m, int role, int g)
{
    if (!has_group(m, g))
        return;
    if (it->q.num_start < m->g[g][0] || it->q.num_start >= m->g[g][1])
        return;
    if (it->role != R_NONE && it->rank >= m->prio)
        return;
    it->role = role;
    it->m = m;
    it->rank = m->prio;
}

/* Binary search: first item whose numeral starts at or after pos. */
static size_t qi_lower(const ctx *c, size_t pos)
{
    size_t lo = 0, hi = c->nqi;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->qi[mid].q.num_start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Gives each quantity of the sentence the role its best match assigns. */
static void assign_roles(ctx *c)
{
    for (size_t k = 0; k < c->npm; k++) {
        const pmatch *m = &c->pm[k];
        int g = -1, role = R_NONE;
        switch (m->fam) {
        case FAM_CHANGE: g = G_AMOUNT; role = R_CHG_AMT; break;
        case FAM_RATE: g = G_PERCENT; role = R_CHG_PCT; break;
        case FAM_PRIOR: g = G_PRIOR; role = R_PRIOR; break;
        case FAM_SHARE: g = G_SHARE; role = R_SHARE; break;
        case FAM_AMOUNT: g = G_AMOUNT; role = R_VALUE; break;
        case FAM_PARTS: g = G_AMOUNT; role = R_VALUE; break;
        case FAM_HEADCOUNT: g = G_COUNT; role = R_VALUE; break;
        default: break;
        }
        if (g < 0 || !has_group(m, g))
            continue;
        for (size_t i = qi_lower(c, m->g[g][0]); i < c->nqi && c->qi[i].q.num_start < m->g[g][1];
             i++)
            claim(&c->qi[i], m, role, g);
    }
}

/* The clause containing pos starts after the last ，；：、 or at lo. */
size_t fig_clause_start(const char *s, size_t lo, size_t pos)
{
    static const char *const P[] = {"，", "；", "：", ",", ";", ":", "\t", NULL};
    size_t p = pos;
    size_t n = 0;
    while (p > lo && n < 64) {
        size_t l = before_any(s, lo, p, P);
        if (l)
            return p;
        p = prev_char(s, lo, p);
        n++;
    }
    return p;
}

/* Local rules for a quantity no pattern gave a usable role. */
static int fallback_role(const ctx *c, const qitem *it, size_t lo)
{
    const char *s = c->s;
    const fs_quantity *q = &it->q;
    size_t w;
    fs_direction d = fig_dir_before(s, lo, q->start, &w);
    if (is_rate_unit(q->unit)) {
        if (d != FS_DIR_NONE)
            return R_CHG_PCT;
        size_t cs = fig_clause_start(s, lo, q->start);
        for (size_t p = cs; p < q->start; p++)
            if (at(s, p, q->start, "占") || at(s, p, q->start, "完成"))
                return R_SHARE;
        return R_NONE;
    }
    if (!is_figure_unit(q->unit))
        return R_NONE;
    if (d != FS_DIR_NONE)
        return R_CHG_AMT;
    size_t cs = skip_blanks(s, fig_clause_start(s, lo, q->start), q->start);
    if ((at(s, cs, q->start, "比") || at(s, cs, q->start, "较")) &&
        fig_dir_of(s, cs, q->start) == FS_DIR_NONE)
        return R_PRIOR;
    return R_VALUE;
}

/* 1 when a value quantity is not a figure: a threshold (20万元以上), a
 * Chinese-numeral count that reads as a word (“四个意识”, 一次), a year. */
static int not_a_figure(const ctx *c, const qitem *it, size_t lo, size_t hi)
{
    const char *s = c->s;
    const fs_quantity *q = &it->q;
    static const char *const THRESH[] = {"以上", "以下", "以内", "及以上", "及以下", "以外", NULL};
    if (at_any(s, skip_blanks(s, q->end, hi), hi, THRESH))
        return 1;
    /* 短收0.25亿元, 超收3亿元: a difference from the budget, not an amount
     * of an item (nor the whole of a list after it) */
    static const char *const GAP[] = {"短收", "超收", "少收", "多收", "超支", "节支", NULL};
    size_t cs = skip_blanks(s, fig_clause_start(s, lo, q->start), q->start);
    if (at_any(s, cs, q->start, GAP))
        return 1;
    /* people and things are counted in whole numbers */
    if (q->unit != FS_UNIT_YUAN && q->unit != FS_UNIT_SQM && q->decimals > 0)
        return 1;
    if (q->form & FS_FORM_CHINESE && !(q->form & FS_FORM_ARABIC) && q->unit != FS_UNIT_YUAN) {
        if (fs_dec_cmp(q->value, fs_dec_make(2, 0)) < 0)
            return 1;
        /* inside quotes “…” on this sentence */
        int open = 0;
        for (size_t p = lo; p < q->start; p++) {
            if (at(s, p, q->start, "“"))
                open = 1;
            else if (at(s, p, q->start, "”"))
                open = 0;
        }
        if (open)
            return 1;
        /* 一人一档, 三人行: a count word glued to a Han character before it */
        if (q->start > lo) {
            size_t p0 = prev_char(s, lo, q->start);
            uint32_t c0 = cp_at(s, p0, q->start, NULL);
            static const char *const OKBEFORE[] = {"及", "有", "设", "共", "和", "、", "，",
                                                   "计", NULL};
            if (fs_cjk_is_han(c0) && !before_any(s, lo, q->start, OKBEFORE))
                return 1;
        }
    }
    return 0;
}


/* 1 when the prior waiting in st may belong to a figure at pos: not when a
 * bracket holding it closes first or a ； stands between ("车辆购置经费没有
 * 安排支出（上年预算数为354万元）；车辆运行及维护费8,998.99万元…": the
 * prior is of the item before, which has no amount). */
static int bracket_closes(const char *s, size_t from, size_t to);
static int prior_reaches(const char *s, const sstate *st, size_t pos)
{
    size_t from = st->prior_q.end;
    if (pos <= from || pos - from > 4096)
        return 0;
    if (bracket_closes(s, from, pos))
        return 0;
    for (size_t p = from; p < pos; p++)
        if (s[p] == ';' || (p + 3 <= pos && memcmp(s + p, "；", 3) == 0))
            return 0;
    return 1;
}

static void set_basis(ctx *c, fs_figure *g, const pmatch *m, size_t dirword)
{
    if (g->change.basis && *g->change.basis)
        return;
    size_t a = NOPOS, b = NOPOS;
    if (has_group(m, G_BASIS)) {
        a = m->g[G_BASIS][0];
        b = m->g[G_BASIS][1];
    } else if (dirword != NOPOS) {
        size_t p = skip_blanks_back(c->s, c->sent_a, dirword);
        if (before(c->s, c->sent_a, p, "同比")) {
            a = p - 6;
            b = p;
        } else if (before(c->s, c->sent_a, p, "环比")) {
            a = p - 6;
            b = p;
        }
    }
    free(g->change.basis);
    g->change.basis = (a != NOPOS) ? dup_span(c->s, a, b) : calloc(1, 1);
}

/* A change-only figure for a change that names its own subject. */
static int change_subject(ctx *c, const qitem *it, size_t *sa, size_t *sb, int *period)
{
    const pmatch *m = it->m;
    if (!has_group(m, G_SUBJECT))
        return 0;
    size_t a = m->g[G_SUBJECT][0], b = m->g[G_SUBJECT][1];
    fig_clean_subject(c->s, &a, &b, period);
    if (b <= a || nchars(c->s, a, b) < 2)
        return 0;
    *sa = a;
    *sb = b;
    return 1;
}

/* 1 when every character of s[a..b) appears in s[lo..hi) in the same order. */
static int subsequence(const char *s, size_t a, size_t b, size_t lo, size_t hi)
{
    size_t q = lo;
    for (size_t p = a; p < b;) {
        size_t l;
        uint32_t cp = cp_at(s, p, b, &l);
        int found = 0;
        while (q < hi) {
            size_t m;
            uint32_t cq = cp_at(s, q, hi, &m);
            q += m;
            if (cq == cp) {
                found = 1;
                break;
            }
        }
        if (!found)
            return 0;
        p += l;
    }
    return 1;
}

/* 1 when a bracket open at `from` closes before `to`: a figure at `from`
 * annotates the one before its bracket, and nothing after the bracket
 * (a change, a list) belongs to it.  Reads at most 4 KB. */
static int bracket_closes(const char *s, size_t from, size_t to)
{
    int depth = 0;
    if (to - from > 4096)
        to = from + 4096;
    for (size_t p = from; p < to; p++) {
        if (at(s, p, to, "（") || s[p] == '(')
            depth++;
        else if (at(s, p, to, "）") || s[p] == ')') {
            if (--depth < 0)
                return 1;
        }
    }
    return 0;
}

/* Where the bracket holding pos opens (after lo), else NOPOS: the changes
 * of "较预算数减少0.41亿元（购置费减少0.01亿元…）" are against the budget too. */
static size_t open_bracket(const char *s, size_t lo, size_t pos)
{
    int depth = 0;
    size_t stop = pos - lo > 4096 ? pos - 4096 : lo;
    for (size_t p = pos; p > stop;) {
        p = prev_char(s, stop, p);
        if (at(s, p, pos, "）") || s[p] == ')')
            depth++;
        else if (at(s, p, pos, "（") || s[p] == '(') {
            if (depth-- == 0)
                return p;
        }
    }
    return NOPOS;
}

/* 1 when the clause [cs, pos) compares with the budget of the same year
 * (较预算数减少0.94亿元, 比年初预算增加, 与调整预算相比): that change is not a
 * change over last year, and a rate after it (较上年减少0.13亿元、下降3.4%)
 * is not its rate. */
static int budget_basis(const char *s, size_t cs, size_t pos)
{
    static const char *const BUDGET[] = {"预算", "年初预算", "调整预算", "调整后预算", "全年预算",
                                         "汇总预算", NULL};
    for (size_t p = cs; p < pos; p++) {
        size_t l = 0;
        if (at(s, p, pos, "较") || at(s, p, pos, "比") || at(s, p, pos, "与"))
            l = 3;
        if (!l)
            continue;
        if (at_any(s, p + l, pos, BUDGET))
            return 1;
    }
    return 0;
}

int fig_in_brackets(const char *s, size_t a, size_t pos);

static int attach_change(ctx *c, sstate *st, const qitem *it, int role)
{
    const char *s = c->s;
    fs_figures *f = c->f;
    size_t w = NOPOS;
    fs_direction d = FS_DIR_NONE;
    if (has_group(it->m, G_DIR))
        d = fig_dir_of(s, it->m->g[G_DIR][0], it->m->g[G_DIR][1]);
    if (d == FS_DIR_NONE || d == FS_DIR_FLAT) {
        d = fig_dir_before(s, c->sent_a, it->q.start, &w);
        if (d == FS_DIR_NONE && has_group(it->m, G_BASIS))
            d = fig_dir_of(s, it->m->g[G_BASIS][0], it->m->g[G_BASIS][1]);
    } else {
        w = it->m->g[G_DIR][0];
    }
    size_t ob = open_bracket(s, c->sent_a, it->q.start);
    if (budget_basis(s, fig_clause_start(s, c->sent_a, it->q.start), it->q.start) ||
        (ob != NOPOS && budget_basis(s, fig_clause_start(s, c->sent_a, ob), ob))) {
        /* against this year's budget: not a change over last year */
        f->unattached++;
        return 0;
    }
    /* a change right after a list of items apart by 、 belongs to the list's
     * total: "收入344,447.70万元，其中：A…、B…、其他收入3,444.00万元，较上年减少
     * 129,422.00万元，下降27.31%" */
    for (size_t m = c->nmk; m > 0; m--) {
        const marker *k = &c->mk[m - 1];
        if (k->pos < c->sent_a)
            break;
        if ((k->kind != MK_QIZHONG && k->kind != MK_INCLUDES) || k->total < 0 ||
            k->list_end == NOPOS || k->list_end > it->q.start || st->cur < 0 ||
            fs_figure_anchor(&f->v[st->cur]) < k->pos || fs_figure_anchor(&f->v[st->cur]) >= k->list_end)
            break;
        if (!at(s, k->list_end, it->q.start, "，") && !at(s, k->list_end, it->q.start, ","))
            break;
        int dun = 0;
        for (size_t p = k->pos; p < k->list_end && !dun; p++)
            dun = at(s, p, k->list_end, "、") && !fig_in_brackets(s, k->pos, p);
        if (dun && !f->v[k->total].change.present)
            st->cur = k->total;
        break;
    }
    /* a change after a bracket belongs to the figure before the bracket:
     * "2.48亿元（购置费0.72亿元，运行维护费1.76亿元），较上年减少0.96亿元" */
    while (st->cur > st->first && st->first >= 0 &&
           bracket_closes(s, fs_figure_anchor(&f->v[st->cur]), it->q.start))
        st->cur--;
    size_t sa, sb;
    int period = 0;
    int own = change_subject(c, it, &sa, &sb, &period);
    if (own && st->cur >= 0 && fig_subject_match(f->v[st->cur].subject, c->s + sa) &&
        strncmp(f->v[st->cur].subject, c->s + sa, sb - sa) == 0)
        own = 0;
    /* the same total named short: "收入、支出预算总计21,955.35万元，与上年相比
     * 收、支预算总计各增加3,958.67万元" — every character of the change's
     * name, in order, in the words before the current figure's value */
    if (own && st->cur >= 0 && !f->v[st->cur].change.present && f->v[st->cur].value.present &&
        nchars(s, sa, sb) >= 3 &&
        subsequence(s, sa, sb, c->sent_a, f->v[st->cur].value.q.start))
        own = 0;
    if (st->in_reason && !own) {
        /* "…增加164.48万元，主要原因是…统一压减10%": the reason's numbers
         * are not the item's change; a named item's (基本支出增加1447.63万元)
         * are that item's */
        f->unattached++;
        return 0;
    }
    if (own) {
        int idx, rc;
        if ((rc = new_figure(c, kind_of_unit(is_rate_unit(it->q.unit) ? FS_UNIT_YUAN : it->q.unit),
                             period ? period : f->info.year, sa, sb, &idx)))
            return rc;
        st->cur = idx;
    }
    if (st->cur < 0 && f->n > c->line_first && f->v[f->n - 1].value.present &&
        !f->v[f->n - 1].change.present) {
        /* "…13649.07万元。与上年相比增加844.15万元": a sentence that only
         * states a change continues the last figure of its paragraph */
        st->cur = (int)f->n - 1;
    }
    if (st->cur < 0) {
        f->unattached++;
        return 0;
    }
    fs_figure *g = &f->v[st->cur];
    if (role == R_CHG_AMT) {
        if (g->change.amount.present) {
            f->unattached++;
            return 0;
        }
        g->change.amount.present = 1;
        g->change.amount.q = it->q;
        g->change.amount_dir = d;
        g->change.direction = d;
    } else {
        if (g->change.percent.present) {
            f->unattached++;
            return 0;
        }
        g->change.percent.present = 1;
        g->change.percent.q = it->q;
        g->change.percent_dir = d;
        if (!g->change.amount.present)
            g->change.direction = d;
    }
    g->change.present = 1;
    set_basis(c, g, it->m, w);
    if (!g->change.basis)
        return FS_E_NOMEM;
    /* 同口径增长4.6%, 剔除…因素后，增长5.8%: the rate is on another basis
     * than the printed amounts; the basis says so (checks skip it) */
    if (role != R_CHG_PCT)
        return 0;
    size_t from = g->value.present && g->value.q.end < it->q.start ? g->value.q.end : c->sent_a;
    if (it->q.start - from > 600)
        from = it->q.start - 600;
    static const char *const OTHER[] = {"同口径", "可比口径", "按可比", "剔除", NULL};
    for (size_t p = from; p < it->q.start; p++) {
        size_t l = at_any(s, p, it->q.start, OTHER);
        if (!l)
            continue;
        size_t e = p + l;
        if (at(s, p, it->q.start, "剔除")) /* the phrase up to its 后 */
            for (size_t q = e; q + 3 <= it->q.start && q < e + 120; q++)
                if (at(s, q, it->q.start, "后")) {
                    e = q + 3;
                    break;
                }
        char *b = dup_span(s, p, e);
        if (!b)
            return FS_E_NOMEM;
        free(g->change.basis);
        g->change.basis = b;
        break;
    }
    return 0;
}

/* Prior label span and year of a prior quantity. */
static void prior_label(const ctx *c, const qitem *it, size_t *la, size_t *lb, int *year)
{
    const char *s = c->s;
    size_t a, b;
    if (has_group(it->m, G_PRIOR_PERIOD)) {
        a = it->m->g[G_PRIOR_PERIOD][0];
        b = it->m->g[G_PRIOR_PERIOD][1];
    } else {
        a = skip_blanks(s, fig_clause_start(s, c->sent_a, it->q.start), it->q.start);
        if (at(s, a, it->q.start, "比") || at(s, a, it->q.start, "较"))
            a += 3;
        b = skip_blanks_back(s, a, it->q.start);
        if (before(s, a, b, "为"))
            b -= 3;
    }
    *la = a;
    *lb = b;
    *year = 0;
    for (size_t p = a; p < b; p++) {
        size_t ye;
        int y = year_at(s, p, b, &ye);
        if (y) {
            *year = y;
            break;
        }
    }
    if (!*year) {
        for (size_t p = a; p < b; p++)
            if (at(s, p, b, "上年") || at(s, p, b, "上一年")) {
                *year = c->f->info.year ? c->f->info.year - 1 : 0;
                break;
            }
    }
}

static int set_prior(ctx *c, fs_figure *g, const fs_quantity *q, size_t la, size_t lb, int year)
{
    g->prior.present = 1;
    g->prior.period = year;
    g->prior.value.present = 1;
    g->prior.value.q = *q;
    g->prior.label = dup_span(c->s, la, lb);
    return g->prior.label ? 0 : FS_E_NOMEM;
}

/* "…”2.63万元，主要用于统计管理。2022年当年预算执行数为1.48万元，2023年
 * 预算安排2.63万元，比2022年预算执行数增加77.70%": a value with no name of
 * its own (预算, 预算安排, 支出) that repeats the value of a figure of the same
 * paragraph restates that figure; what follows it belongs there.  Returns 1
 * when it did, 0 when not, FS_E_NOMEM. */
static int restatement(ctx *c, sstate *st, const qitem *it, size_t a, size_t b)
{
    static const char *const GENERIC[] = {"预算", "预算数", "决算", "决算数", "支出", "收入", "金额",
                                          "执行数", NULL};
    const char *s = c->s;
    fs_figures *f = c->f;
    int generic = b <= a;
    for (const char *const *w = GENERIC; !generic && *w; w++)
        generic = (b - a == strlen(*w) && memcmp(s + a, *w, b - a) == 0);
    if (!generic)
        return 0;
    for (size_t i = f->n, n = 0; i > c->line_first && n < 64; i--, n++) {
        fs_figure *g = &f->v[i - 1];
        if (!g->value.present || g->value.q.unit != it->q.unit ||
            fs_dec_cmp(g->value.q.base, it->q.base) != 0)
            continue;
        if (st->has_prior && !g->prior.present) {
            int rc = set_prior(c, g, &st->prior_q, st->prior_la, st->prior_lb, st->prior_period);
            if (rc)
                return rc;
            st->has_prior = 0;
        }
        st->cur = (int)(i - 1);
        return 1;
    }
    return 0;
}

/* A value quantity becomes a figure: subject, period, pending prior. */
static int add_value(ctx *c, sstate *st, const qitem *it, size_t prev_end)
{
    const char *s = c->s;
    fs_figures *f = c->f;
    /* a 科目 code in its marker, 行政运行（01项） or （204类）, is not a count */
    size_t qs = it->q.start, qe = it->q.end;
    if (qs >= c->sent_a + 3 && (before(s, c->sent_a, qs, "（") || before(s, c->sent_a, qs, "(")) &&
        (at(s, qe, c->sent_b, "）") || at(s, qe, c->sent_b, ")")) &&
        (before(s, qs, qe, "项") || before(s, qs, qe, "款") || before(s, qs, qe, "类")))
        return 0;
    const pmatch *m = it->m;
    size_t a = NOPOS, b = NOPOS;
    int period = 0;
    if (m && m->fam == FAM_PARTS && has_group(m, G_CODE) && has_group(m, G_SUBJECT)) {
        a = m->g[G_CODE][0];
        b = m->g[G_SUBJECT][1];
    } else if (m && has_group(m, G_SUBJECT)) {
        a = m->g[G_SUBJECT][0];
        b = m->g[G_SUBJECT][1];
    }
    if (m && has_group(m, G_PERIOD)) {
        size_t ye;
        for (size_t p = m->g[G_PERIOD][0]; p < m->g[G_PERIOD][1]; p++)
            if ((period = year_at(s, p, m->g[G_PERIOD][1], &ye)) != 0)
                break;
    }
    int from_pattern = (a != NOPOS);
    if (!from_pattern) {
        size_t lo = prev_end > c->sent_a ? prev_end : c->sent_a;
        b = it->q.start;
        a = fig_subject_back(s, lo, b);
    }
    size_t ra = a, rb = b;
    fig_clean_subject(s, &a, &b, &period);
    (void)ra;
    (void)rb;
    if (!from_pattern && kind_of_unit(it->q.unit) == FS_FIG_COUNT) {
        /* a count names what it counts after it when anything follows
         * (内设10个科室, 下属5家预算单位), else before it (直属单位4个。);
         * an area names what it measures before it (地上建筑面积为8013平方米) */
        size_t fa, fb;
        fig_subject_forward(s, it->q.end, c->sent_b, &fa, &fb);
        if (nchars(s, fa, fb) >= 2 || b <= a) {
            a = fa;
            b = fb;
        }
    }
    int rr = restatement(c, st, it, a, b);
    if (rr != 0)
        return rr < 0 ? rr : 0;
    if (b < a)
        b = a;
    if (!period) {
        for (size_t p = a; p < b; p++)
            if (at(s, p, b, "上年")) {
                period = f->info.year ? f->info.year - 1 : 0;
                break;
            }
    }
    int idx, rc;
    if ((rc = new_figure(c, kind_of_unit(it->q.unit), period ? period : f->info.year, a, b, &idx)))
        return rc;
    fs_figure *g = &f->v[idx];
    g->value.present = 1;
    g->value.q = it->q;
    g->pattern = m ? m->name : NULL;
    /* 收入支出总计2995.39万元: the words before the value call it a grand
     * total (the subject keeps only 收入支出) */
    for (size_t p = a; p + 6 <= it->q.start && !g->grand; p++)
        g->grand = at(s, p, it->q.start, "总计");
    if (st->has_prior && !prior_reaches(s, st, it->q.start)) {
        st->has_prior = 0;
        f->unattached++;
    }
    if (st->has_prior) {
        if ((rc = set_prior(c, g, &st->prior_q, st->prior_la, st->prior_lb, st->prior_period)))
            return rc;
        st->has_prior = 0;
    }
    st->cur = idx;
    return 0;
}

/* 1 when the words between a figure ending at e and a list marker at pos
 * start a new head after a ； or 。 ("…上年结转2,254.12万元；支出包括：…",
 * "…2812平方米）。配套室外工程包括室外硬化…"): the list breaks down that
 * head, which states no amount of its own. */
static int new_head_between(const char *s, size_t e, size_t pos)
{
    static const char *const FILLER[] = {"其中", "包括", "包含", "主要", "具体", "此外", "另外",
                                         "分别", "是", "为", NULL};
    if (pos - e > 4096)
        return 1;
    size_t hs = NOPOS;
    int depth = 0;
    for (size_t p = e; p < pos; p++) {
        if (at(s, p, pos, "（") || s[p] == '(')
            depth++;
        else if ((at(s, p, pos, "）") || s[p] == ')') && depth > 0)
            depth--;
        else if (depth == 0 && (at(s, p, pos, "；") || at(s, p, pos, "。") || s[p] == ';'))
            hs = p;
    }
    if (hs == NOPOS)
        return 0;
    size_t n = 0;
    for (size_t p = hs; p < pos;) {
        size_t l = 1, fl;
        uint32_t cp = cp_at(s, p, pos, &l);
        if ((fl = at_any(s, p, pos, FILLER)) != 0) {
            p += fl;
            continue;
        }
        if (cp >= 0x4E00u && cp <= 0x9FFFu)
            n++;
        p += l;
    }
    return n >= 2;
}

/* The figure a list at pos breaks down: the current one of the sentence,
 * else the last figure with a value before pos on the same line — never one
 * inside a bracket closed before the list ("359.62亿元（其中，广东地区…、
 * 深圳市69.22亿元），…其中，用于…": the list is of 359.62), and none when
 * a new head names the list's whole. */
static int list_total(const ctx *c, const sstate *st, size_t pos)
{
    const fs_figures *f = c->f;
    const char *s = c->s;
    int t = st->cur;
    if (t < 0) {
        size_t ls = c->line_a;
        for (size_t i = f->n, n = 0; i > 0 && n < 64; i--, n++) {
            const fs_figure *g = &f->v[i - 1];
            if (fs_figure_anchor(g) < ls)
                break;
            if (g->value.present && fs_figure_anchor(g) < pos) {
                t = (int)(i - 1);
                break;
            }
        }
    }
    if (t < 0)
        return -1;
    int first = (int)c->line_first;
    while (t > first && bracket_closes(s, fs_figure_anchor(&f->v[t]), pos))
        t--;
    if (new_head_between(s, fs_figure_anchor(&f->v[t]), pos))
        return -1;
    return t;
}

/* End of the line holding pos. */
size_t fig_line_end_of(const fs_text *t, size_t pos)
{
    const char *nl = memchr(t->s + pos, '\n', t->len - pos);
    return nl ? (size_t)(nl - t->s) : t->len;
}

/* First sentence end (after 。！？) in [a, b), else b. */
static size_t sentence_end(const char *s, size_t a, size_t b)
{
    for (size_t p = a; p < b; p++) {
        if (at(s, p, b, "。") || at(s, p, b, "！") || at(s, p, b, "？"))
            return p + 3;
    }
    return b;
}

/* Index of the section starting exactly at pos, else -1. */
static int section_at(const fs_outline *o, size_t pos)
{
    if (!o)
        return -1;
    size_t lo = 0, hi = o->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (o->v[mid].start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (lo < o->n && o->v[lo].start == pos) ? (int)lo : -1;
}

/* Words that open a clause about the item just named (增长2.8%, 比上年…,
 * 占…), not the next item of a list. */
static const char *const ITEM_CLAUSE[] = {
    "增", "减", "下降", "上升", "提高", "降低", "比", "较", "同比", "占", "与", "主要", "其中",
    "为", "完成", "持平", "基本", "均", "分别", "含", "包括", NULL};

/* 1 when the segment of a list starting at p (up to the next ，；。 outside
 * brackets, before se) holds no digit: a clause (新增限额下达后), not an item. */
static int no_number_segment(const char *s, size_t p, size_t se)
{
    int depth = 0;
    for (size_t q = p; q < se;) {
        size_t l = 1;
        uint32_t cp = cp_at(s, q, se, &l);
        if (cp >= '0' && cp <= '9')
            return 0;
        if (cp == 0xFF08u || cp == '(')
            depth++;
        else if ((cp == 0xFF09u || cp == ')') && depth > 0)
            depth--;
        else if (depth == 0 && (cp == 0xFF0Cu || cp == 0xFF1Bu || cp == 0x3002u || cp == ',' ||
                                cp == ';'))
            return 1;
        q += l;
    }
    return 1;
}

/* 1 when p opens the next item of the enclosing enumeration: 三是, 其三,
 * （三）, 3．, 第三 — the list of parts before it is over. */
static int outer_ordinal(const char *s, size_t p, size_t se)
{
    static const char *const NUM[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", NULL};
    size_t l = at_any(s, p, se, NUM);
    if (l && (at(s, p + l, se, "是") || at(s, p + l, se, "要")))
        return 1;
    if ((at(s, p, se, "其") || at(s, p, se, "第")) && at_any(s, p + 3, se, NUM))
        return 1;
    if (at(s, p, se, "（") && at_any(s, p + 3, se, NUM))
        return 1;
    return 0;
}

/* End of a 其中 list that starts at p in a sentence ending at se.  Lists
 * are written with the separator of their items: "其中：A 1万元，B 2万元；
 * C 3万元…" lists A and B — the ； ends it and C is the next item of the
 * text (实有人员214人, ③调入资金…, 从债券类型看…) — while "其中：A 1万元，
 * 增长2%；B 2万元，下降1%" separates its items by ；.  The separator is the
 * first ，、 or ； after the first number, outside brackets, that does not
 * open a clause about the item.  A list of items apart by 、 ends at the
 * next ， or ；("其中：A偿还3.67亿元、B偿还26.23亿元，按时偿还利息7.19亿元");
 * any list ends at a segment with no number (，新增限额下达后，预计…) and at
 * the next item of the enclosing enumeration (；三是公务接待费…). */
static size_t qizhong_end(const char *s, size_t p, size_t se, int includes)
{
    int depth = 0, seen_digit = 0, comma_list = 0, dun_list = 0, semi_list = 0, clause = 0;
    for (size_t q = p; q < se;) {
        size_t l = 1;
        uint32_t cp = cp_at(s, q, se, &l);
        if (cp >= '0' && cp <= '9')
            seen_digit = 1;
        else if (cp == 0xFF08u || cp == '(')
            depth++;
        else if ((cp == 0xFF09u || cp == ')') && depth > 0)
            depth--;
        else if (depth == 0 && seen_digit && !comma_list && (cp == 0xFF1Au || cp == ':')) {
            /* "其中一般公共预算拨款政府采购504.98万元：货物…" — the first item
             * heads a list of its own: this is not a list of parts */
            return p;
        } else if (depth == 0 && seen_digit && (cp == 0xFF1Bu || cp == ';')) {
            if (comma_list || dun_list)
                return q;
            size_t n = skip_blanks(s, q + l, se);
            if (outer_ordinal(s, n, se))
                return q;
            /* a 包括 list of items with no clause of their own ends at its
             * first ； (包括人员经费31.46万元和日常公用经费4.81万元；项目支出…) */
            if (includes && !semi_list && !clause)
                return q;
            semi_list = 1;
        } else if (depth == 0 && semi_list &&
                   (cp == 0xFF0Cu || (cp == ',' && !(q > p && s[q - 1] >= '0' && s[q - 1] <= '9')))) {
            /* in a list of ；-items, a clause that is no clause about the
             * item and states a number of its own is the next statement
             * (…；非税收入51.47亿元，为预算的102.7%，全市…总收入为237.73亿元) */
            size_t n = skip_blanks(s, q + l, se);
            if (!at_any(s, n, se, ITEM_CLAUSE) && !no_number_segment(s, n, se))
                return q;
        } else if (depth == 0 && seen_digit && !semi_list &&
                   (cp == 0xFF0Cu || cp == 0x3001u ||
                    (cp == ',' && !(q > p && s[q - 1] >= '0' && s[q - 1] <= '9' && q + 1 < se &&
                                    s[q + 1] >= '0' && s[q + 1] <= '9')))) {
            size_t n = skip_blanks(s, q + l, se);
            int is_clause = at_any(s, n, se, ITEM_CLAUSE) != 0;
            clause |= is_clause;
            if (dun_list && cp != 0x3001u)
                return q;
            if (!is_clause && (outer_ordinal(s, n, se) || no_number_segment(s, n, se)))
                return q;
            if (!is_clause && !comma_list && !dun_list) {
                if (cp == 0x3001u)
                    dun_list = 1;
                else
                    comma_list = 1;
            }
        }
        q += l;
    }
    return se;
}

static int add_marker(ctx *c, sstate *st, const pmatch *m, size_t pos, int kind)
{
    const char *s = c->s;
    GROW(c->mk, c->nmk, c->mkcap);
    marker *k = &c->mk[c->nmk];
    memset(k, 0, sizeof *k);
    k->kind = kind;
    k->pos = pos;
    k->list_end = NOPOS;
    k->by_a = k->by_b = NOPOS;
    k->group = -1;
    k->total = -1;
    size_t le = c->line_b, se = c->sent_b;
    if (kind == MK_BY && m && has_group(m, G_BY)) {
        k->by_a = m->g[G_BY][0];
        k->by_b = m->g[G_BY][1];
    }
    if (kind == MK_QIZHONG || kind == MK_INCLUDES) {
        size_t p = k->pos + 6; /* 其中 / 包括 / 包含 */
        static const char *const P[] = {"：", "，", ":", ",", NULL};
        size_t l;
        p = skip_blanks(s, p, le);
        if ((l = at_any(s, p, le, P)) != 0)
            p = skip_blanks(s, p + l, le);
        k->total = list_total(c, st, k->pos);
        if (p >= le) {
            k->line_end = 1;
            /* the list is the next non-empty line, unless it starts a section */
            size_t n = le;
            while (n < c->t->len && (s[n] == '\n' || is_blank_at(s, n, c->t->len, &l)))
                n += (s[n] == '\n') ? 1 : l;
            if (n < c->t->len && section_at(c->o, n) < 0) {
                size_t nle = fig_line_end_of(c->t, n);
                k->list_end = sentence_end(s, n, nle);
            }
        } else if (open_bracket(s, c->sent_a, k->pos) != NOPOS) {
            /* （其中：…）, （包括…）: up to the closing parenthesis */
            int depth = 0;
            size_t q = k->pos;
            k->list_end = se;
            for (; q < se; q++) {
                if (at(s, q, se, "（") || s[q] == '(')
                    depth++;
                else if (at(s, q, se, "）") || s[q] == ')') {
                    if (depth == 0) {
                        k->list_end = q;
                        break;
                    }
                    depth--;
                }
            }
        } else {
            /* 包括 lists end like 其中 lists: "用于以下方面：A 2106.66万元，占
             * 71.73%；B 326.72万元，占11.11%；…" runs over its ；-items */
            k->list_end = qizhong_end(s, p, se, kind == MK_INCLUDES);
        }
    }
    c->nmk++;
    return 0;
}

static int ev_cmp(const void *x, const void *y)
{
    const event *a = x, *b = y;
    if (a->pos != b->pos)
        return a->pos < b->pos ? -1 : 1;
    return a->kind < b->kind ? -1 : a->kind > b->kind;
}

/* The figure a share at it belongs to: the current one, unless the clause
 * of the share names another item first ("税收176.1亿元，非税151亿元，税收
 * 占比53.8%" is the share of 税收): then the figure of this sentence with that
 * name, or none. */
static int share_owner(const ctx *c, const sstate *st, const qitem *it)
{
    const char *s = c->s;
    const fs_figures *f = c->f;
    if (st->cur < 0)
        return -1;
    size_t cs = skip_blanks(s, fig_clause_start(s, c->sent_a, it->q.start), it->q.start);
    size_t e = cs;
    while (e < it->q.start && !at(s, e, it->q.start, "占"))
        e += 1;
    if (e >= it->q.start || nchars(s, cs, e) < 2 || at(s, cs, e, "其中") || at(s, cs, e, "分别") ||
        at(s, cs, e, "约") || at(s, cs, e, "均"))
        return st->cur;
    for (size_t p = cs; p < e; p++)
        if ((unsigned char)s[p] < 0x80 && s[p] != ' ')
            return st->cur;
    size_t n = e - cs;
    for (int i = (int)f->n - 1; i >= st->first && i >= 0; i--) {
        const char *sub = f->v[i].subject;
        size_t sl = strlen(sub);
        if (sl >= n && memcmp(sub + sl - n, s + cs, n) == 0)
            return i;
    }
    return -1;
}

/* 1 when an ordinal opens the text at p: 一是, 其一, （1）, 1., ①. */
static int ordinal_at(const char *s, size_t p, size_t b)
{
    uint32_t c0 = cp_at(s, p, b, NULL);
    return outer_ordinal(s, p, b) || (c0 >= 0x2460u && c0 <= 0x2473u) ||
           (at(s, p, b, "（") && p + 3 < b && s[p + 3] >= '0' && s[p + 3] <= '9') ||
           ((c0 >= '0' && c0 <= '9') && p + 1 < b &&
            (s[p + 1] == '.' || at(s, p + 1, b, "．") || at(s, p + 1, b, "、")));
}

/* Where a reason clause whose text starts at r ends, before b: at the first
 * ； or ; — or, when the reasons are numbered from their start (主要原因一是…；
 * 二是…), at the first one that does not go on with the next reason; else b.
 * "主要原因一是…40亿由部门代编；二是…增加8亿元…；2022年本部门预算支出…"
 * ends before 2022年; "…，原因是2021年人员工资增加；②机关事业单位…" before ②. */
static size_t reason_end(const char *s, size_t r, size_t b)
{
    static const char *const LEAD[] = {"：", ":", "是", "为", "，", NULL};
    size_t q = skip_blanks(s, r, b), ll;
    while ((ll = at_any(s, q, b, LEAD)) != 0 && !outer_ordinal(s, q, b))
        q = skip_blanks(s, q + ll, b);
    int numbered = ordinal_at(s, q, b) || at(s, q, b, "首先");
    for (size_t p = r; p < b; p++) {
        size_t l = at(s, p, b, "；") ? 3 : s[p] == ';' ? 1 : 0;
        if (!l)
            continue;
        size_t n = skip_blanks(s, p + l, b);
        if (numbered && (ordinal_at(s, n, b) || at(s, n, b, "其次") || at(s, n, b, "再次")))
            continue;
        return p;
    }
    return b;
}

/* Reason clauses of the sentence [a, b) (主要原因是…, 原因：…, 主要是由于…),
 * as spans into *v (grown as needed).  What they state — 统一压减10%,
 * 包含城建资金40亿元 — explains the item's change; it is not the change, its
 * rate or a list of its parts.  Returns the count, or -1 out of memory. */
static long reason_spans(const char *s, size_t a, size_t b, size_t **v, size_t *cap)
{
    static const char *const OPEN[] = {"主要原因", "原因是", "原因为", "原因：", "原因:",
                                       "主要是由于", "主要是因为", "是由于", "主要系", NULL};
    long n = 0;
    for (size_t p = a; p < b;) {
        size_t l = at_any(s, p, b, OPEN);
        if (!l) {
            p++;
            continue;
        }
        size_t e = reason_end(s, p + l, b);
        if ((size_t)(n + 1) * 2 > *cap) {
            size_t nc = *cap ? *cap * 2 : 16;
            size_t *nv = realloc(*v, nc * sizeof *nv);
            if (!nv)
                return -1;
            *v = nv;
            *cap = nc;
        }
        (*v)[2 * n] = p;
        (*v)[2 * n + 1] = e;
        n++;
        p = e > p ? e : p + 1;
    }
    return n;
}

/* 1 when the sentence [a, b) shows text extracted out of reading order:
 * a decimal part cut from its number (、.82万元, a line starting .9%), a
 * number with two decimal points (39.5020.00万元), or a unit repeated after
 * a comma (618.69万元，万元，) — the words and numbers of such a sentence are
 * not where the writer put them. */
static int disordered(const char *s, size_t a, size_t b)
{
    static const char *const REPEAT[] = {"万元，万元", "万元,万元", "亿元，亿元", "亿元,亿元",
                                         "元，元", NULL};
    for (size_t p = a; p < b; p++) {
        unsigned char ch = (unsigned char)s[p];
        if (ch == '.' && p + 1 < b && s[p + 1] >= '0' && s[p + 1] <= '9' &&
            (p == a || !(s[p - 1] >= '0' && s[p - 1] <= '9')))
            return 1;
        if (ch >= '0' && ch <= '9') {
            size_t q = p;
            int dots = 0;
            while (q < b && ((s[q] >= '0' && s[q] <= '9') || s[q] == '.' || s[q] == ',')) {
                if (s[q] == '.')
                    dots++;
                q++;
            }
            if (dots >= 2)
                return 1;
            p = q - 1;
            continue;
        }
        if (at_any(s, p, b, REPEAT))
            return 1;
    }
    return 0;
}

/* The comparison of outcome and budget the sentence [a, b) words, if any:
 * 决算数(大于|小于|等于|高于|低于)(年初)?预算数, 决算数与(年初)?预算数(基本)?
 * (持平|一致|相等|相同).  Its span in *ca, *cb. */
static fs_compare comparison_in(const char *s, size_t a, size_t b, size_t *ca, size_t *cb)
{
    static const char *const BUDGET[] = {"年初预算数", "调整预算数", "全年预算数", "预算数", NULL};
    for (size_t p = a; p + 9 <= b; p++) {
        if (!at(s, p, b, "决算数"))
            continue;
        size_t q = p + 9, l;
        fs_compare r = FS_CMP_NONE;
        if (at(s, q, b, "大于") || at(s, q, b, "高于") || at(s, q, b, "超过"))
            r = FS_CMP_GREATER;
        else if (at(s, q, b, "小于") || at(s, q, b, "低于"))
            r = FS_CMP_LESS;
        else if (at(s, q, b, "等于"))
            r = FS_CMP_EQUAL;
        if (r != FS_CMP_NONE) {
            q += 6;
            if ((l = at_any(s, q, b, BUDGET)) != 0) {
                *ca = p;
                *cb = q + l;
                return r;
            }
            continue;
        }
        if (!at(s, q, b, "与") || (l = at_any(s, q + 3, b, BUDGET)) == 0)
            continue;
        q += 3 + l;
        int loose = 0;
        if (at(s, q, b, "基本")) {
            loose = 1;
            q += 6;
        }
        static const char *const SAME[] = {"持平", "一致", "相等", "相同", NULL};
        if ((l = at_any(s, q, b, SAME)) != 0) {
            *ca = p;
            *cb = q + l;
            return loose ? FS_CMP_ABOUT : FS_CMP_EQUAL;
        }
    }
    return FS_CMP_NONE;
}

/* Reads one sentence [a, b): its quantities, flat changes and list marks. */
static int do_sentence(ctx *c, size_t a, size_t b)
{
    const char *s = c->s;
    fs_figures *f = c->f;
    int rc;
    c->sent_a = a;
    c->sent_b = b;
    c->npm = c->nqi = c->nev = 0;
    /* quantities */
    size_t pos = a;
    while (pos < b) {
        fs_quantity q;
        fs_error ne;
        fs_error_clear(&ne);
        int r = fs_number_scan(s + a, b - a, pos - a, &q, &ne);
        if (r == 0)
            break;
        if (r < 0) {
            if (q.end > q.start && q.start >= pos - a) {
                GROW(f->unread, f->nunread, f->ucap);
                fs_unread *u = &f->unread[f->nunread++];
                memset(u, 0, sizeof *u);
                u->start = a + q.start;
                u->end = a + q.end;
                /* "number: <reason> in "…"": keep the reason */
                const char *m = ne.msg, *in = strstr(m, " in \"");
                if (strncmp(m, "number: ", 8) == 0)
                    m += 8;
                size_t ml = in && in > m ? (size_t)(in - m) : strlen(m);
                snprintf(u->reason, sizeof u->reason, "%.*s", (int)ml, m);
            }
            pos = a + (q.end > pos - a ? q.end : pos - a + 1);
            continue;
        }
        q.start += a;
        q.end += a;
        q.num_start += a;
        q.num_end += a;
        pos = q.end > pos ? q.end : pos + 1;
        GROW(c->qi, c->nqi, c->qicap);
        c->qi[c->nqi].q = q;
        c->qi[c->nqi].role = R_NONE;
        c->qi[c->nqi].m = NULL;
        c->qi[c->nqi].rank = INT_MIN;
        c->nqi++;
    }
    /* patterns: only where something may be stated */
    int any_unit = 0;
    for (size_t i = 0; i < c->nqi; i++)
        if (c->qi[i].q.unit != FS_UNIT_NONE)
            any_unit = 1;
    int want = any_unit;
    if (!want)
        for (size_t p = a; p + 6 <= b && !want; p++)
            if (at(s, p, b, "其中") || at(s, p, b, "包括") || at(s, p, b, "持平") ||
                at(s, p, b, "划分") || at(s, p, b, "一致") || at(s, p, b, "相同") ||
                at(s, p, b, "变化") || at(s, p, b, "包含") || at(s, p, b, "相等"))
                want = 1;
    if (want && c->sc) {
        fs_error pe;
        fs_error_clear(&pe);
        rc = fs_scanner_scan(c->sc, NULL, s + a, b - a, on_match, c, &pe);
        if (rc == FS_E_NOMEM)
            return fs_error_set(c->e, rc, "out of memory");
        if (rc != 0) {
            if (f->pattern_errors++ == 0) {
                memcpy(f->pattern_error, pe.msg, sizeof f->pattern_error); /* same size */
                f->pattern_error_at = a;
            }
            c->npm = 0;
        }
    }
    assign_roles(c);
    /* events */
    for (size_t i = 0; i < c->nqi; i++) {
        GROW(c->ev, c->nev, c->evcap);
        c->ev[c->nev++] = (event){EV_Q, c->qi[i].q.start, i};
    }
    for (size_t k = 0; k < c->npm; k++) {
        const pmatch *m = &c->pm[k];
        int flat = (m->fam == FAM_CHANGE && has_group(m, G_DIR) && !has_group(m, G_AMOUNT) &&
                    fig_dir_of(s, m->g[G_DIR][0], m->g[G_DIR][1]) == FS_DIR_FLAT);
        /* 其中 and 包括 are found below (a pattern's list may hide a nested one) */
        int mark = (m->fam == FAM_PARTS && !has_group(m, G_AMOUNT) && has_group(m, G_BY));
        if (flat || mark) {
            GROW(c->ev, c->nev, c->evcap);
            c->ev[c->nev++] = (event){flat ? EV_FLAT : EV_MARK, flat ? m->g[G_DIR][0] : m->start, k};
        }
    }
    for (size_t p = a; p + 6 <= b; p++) {
        /* 用于以下方面： names the whole of the list that follows, like 包括;
         * the marker stands on 方面 so that what follows it is the list */
        int mk = at(s, p, b, "如下") ? MK_RUXIA
                 : at(s, p, b, "其中") ? MK_QIZHONG
                 : (at(s, p, b, "包括") || at(s, p, b, "包含") ||
                    (at(s, p, b, "方面") && before(s, a, p, "用于以下")))
                     ? MK_INCLUDES
                     : -1;
        if (mk >= 0) {
            GROW(c->ev, c->nev, c->evcap);
            c->ev[c->nev++] = (event){EV_MARK, p, (size_t)-1 - (size_t)mk};
        }
    }
    if (c->nev > 1)
        qsort(c->ev, c->nev, sizeof *c->ev, ev_cmp);

    long nrs = reason_spans(s, a, b, &c->rs, &c->rscap);
    if (nrs < 0)
        return FS_E_NOMEM;
    long ri = 0;
    int saved_cur = -2;
    sstate st = {.cur = -1, .first = (int)f->n};
    size_t prev_end = a;
    for (size_t k = 0; k < c->nev; k++) {
        event *ev = &c->ev[k];
        while (ri < nrs && c->rs[2 * ri + 1] <= ev->pos) {
            ri++;
            if (saved_cur != -2) {
                st.cur = saved_cur; /* back to the item the reason was about */
                saved_cur = -2;
            }
        }
        int in_reason = ri < nrs && c->rs[2 * ri] <= ev->pos;
        if (in_reason && saved_cur == -2)
            saved_cur = st.cur;
        if (in_reason && ev->kind != EV_Q)
            continue;
        st.in_reason = in_reason;
        if (ev->kind == EV_MARK) {
            const pmatch *m = ev->idx >= (size_t)-4 ? NULL : &c->pm[ev->idx];
            int kind = m ? MK_BY : (int)((size_t)-1 - ev->idx);
            if ((rc = add_marker(c, &st, m, ev->pos, kind)))
                return rc;
            continue;
        }
        if (ev->kind == EV_FLAT) {
            const pmatch *m = &c->pm[ev->idx];
            size_t ms = m->start;
            int all = 0;
            size_t lo = ms >= a + 9 ? ms - 9 : a;
            for (size_t p = lo; p < m->g[G_DIR][0]; p++)
                if (at(s, p, m->g[G_DIR][0], "均") || at(s, p, m->g[G_DIR][0], "都"))
                    all = 1;
            int from = all ? st.first : st.cur, to = all ? (int)f->n : st.cur + 1;
            if (from < 0) {
                f->unattached++;
                continue;
            }
            for (int i = from; i < to; i++) {
                fs_figure *g = &f->v[i];
                if (g->change.present)
                    continue;
                g->change.present = 1;
                g->change.direction = FS_DIR_FLAT;
                g->change.basis = has_group(m, G_BASIS)
                                      ? dup_span(s, m->g[G_BASIS][0], m->g[G_BASIS][1])
                                      : calloc(1, 1);
                if (!g->change.basis)
                    return FS_E_NOMEM;
            }
            continue;
        }
        qitem *it = &c->qi[ev->idx];
        int role = it->role;
        /* 比上年提高2.4个百分点, 为上年的120.5%: relations of a rate */
        if (it->q.unit == FS_UNIT_PPOINT) {
            if (!st.in_reason && (rc = fig_attach_points(c, &st, it)))
                return rc;
            continue;
        }
        size_t ra, rb;
        if (!st.in_reason && is_rate_unit(it->q.unit) && fig_ratio_phrase(s, a, it->q.start, &ra, &rb)) {
            if ((rc = fig_attach_ratio(c, &st, it, ra, rb)))
                return rc;
            prev_end = it->q.end;
            continue;
        }
        /* a pattern that calls a quantity a value when a direction word
         * stands right before it is overruled */
        size_t w;
        if (role == R_VALUE && fig_dir_before(s, a, it->q.start, &w) != FS_DIR_NONE)
            role = R_NONE;
        if (role == R_NONE || (is_rate_unit(it->q.unit) && role != R_CHG_PCT && role != R_SHARE) ||
            (!is_rate_unit(it->q.unit) && (role == R_CHG_PCT)) ||
            (it->q.unit == FS_UNIT_NONE && role != R_SHARE)) {
            it->m = role == R_NONE ? NULL : it->m;
            role = fallback_role(c, it, a);
            if (role == R_NONE)
                it->m = NULL;
        }
        if (!is_rate_unit(it->q.unit) && it->q.unit != FS_UNIT_NONE && !is_figure_unit(it->q.unit))
            role = R_NONE;
        switch (role) {
        case R_VALUE:
            if (not_a_figure(c, it, a, b))
                break;
            if ((rc = add_value(c, &st, it, prev_end)))
                return rc;
            break;
        case R_CHG_AMT:
        case R_CHG_PCT:
            if ((rc = attach_change(c, &st, it, role)))
                return rc;
            break;
        case R_PRIOR: {
            size_t la, lb;
            int y;
            prior_label(c, it, &la, &lb, &y);
            int backward = st.cur >= 0 && !f->v[st.cur].prior.present &&
                           (at(s, skip_blanks(s, fig_clause_start(s, a, it->q.start), b), b, "比") ||
                            at(s, skip_blanks(s, fig_clause_start(s, a, it->q.start), b), b, "较"));
            if (backward) {
                if ((rc = set_prior(c, &f->v[st.cur], &it->q, la, lb, y)))
                    return rc;
            } else if (!st.has_prior) {
                st.has_prior = 1;
                st.prior_q = it->q;
                st.prior_la = la;
                st.prior_lb = lb;
                st.prior_period = y;
            } else {
                f->unattached++;
            }
            break;
        }
        case R_SHARE: {
            int owner = st.in_reason ? -1 : share_owner(c, &st, it);
            if (owner < 0 || f->v[owner].share.present) {
                f->unattached++;
                break;
            }
            fs_figure *g = &f->v[owner];
            g->share.present = 1;
            g->share.percent.present = 1;
            g->share.percent.q = it->q;
            g->share.of = -1;
            if (has_group(it->m, G_OF)) {
                size_t oa = it->m->g[G_OF][0], ob = it->m->g[G_OF][1];
                oa = skip_blanks(s, oa, ob);
                ob = skip_blanks_back(s, oa, ob);
                if (before(s, oa, ob, "的"))
                    ob -= 3;
                if (ob > oa && !(g->share.of_subject = dup_span(s, oa, ob)))
                    return FS_E_NOMEM;
            } else {
                /* "完成预算收入的120.87%", "为年初预算的98.7%": the whole is
                 * named between 完成/为 and 的 */
                size_t cs = fig_clause_start(s, a, it->q.start), oa = NOPOS;
                size_t ob = skip_blanks_back(s, cs, it->q.start);
                if (before(s, cs, ob, "的")) {
                    ob -= 3;
                    for (size_t p = cs; p < ob; p++)
                        if (at(s, p, ob, "完成") || at(s, p, ob, "为"))
                            oa = p + (at(s, p, ob, "完成") ? 6 : 3);
                    if (oa != NOPOS && ob > oa && nchars(s, oa, ob) <= 12 &&
                        !(g->share.of_subject = dup_span(s, oa, ob)))
                        return FS_E_NOMEM;
                }
            }
            /* 占比达78.9%: 达 names no whole */
            static const char *const NOT_WHOLE[] = {"达", "达到", "约", "为", "近", "超过", "高达", NULL};
            for (const char *const *nw = NOT_WHOLE; g->share.of_subject && *nw; nw++)
                if (strcmp(g->share.of_subject, *nw) == 0) {
                    free(g->share.of_subject);
                    g->share.of_subject = NULL;
                }
            break;
        }
        default:
            break;
        }
        if (role != R_NONE)
            prev_end = it->q.end;
    }
    if (st.has_prior) {
        /* a prior value no figure followed: a figure of its own */
        qitem tmp = {.q = st.prior_q, .role = R_VALUE, .m = NULL};
        size_t la = st.prior_la, lb = st.prior_lb;
        int idx;
        int period = st.prior_period;
        fig_clean_subject(s, &la, &lb, &period);
        if ((rc = new_figure(c, kind_of_unit(tmp.q.unit), period ? period : f->info.year, la, lb,
                             &idx)))
            return rc;
        f->v[idx].value.present = 1;
        f->v[idx].value.q = tmp.q;
    }
    /* 决算数小于预算数…: of the last figure of the paragraph before the words
     * (the item's outcome, 支出决算为B万元) */
    size_t ca, cb;
    fs_compare cmp = comparison_in(s, a, b, &ca, &cb);
    if (cmp != FS_CMP_NONE) {
        for (size_t i = f->n; i > c->line_first; i--) {
            fs_figure *g = &f->v[i - 1];
            if (!g->value.present || fs_figure_anchor(g) >= ca)
                continue;
            if (g->compare == FS_CMP_NONE) {
                g->compare = cmp;
                g->compare_start = ca;
                g->compare_end = cb;
            }
            break;
        }
    }
    if ((rc = fig_bare_changes(f, (size_t)st.first, s, a, b, c->rs, nrs)))
        return rc;
    if ((size_t)st.first < f->n && disordered(s, a, b))
        for (size_t i = (size_t)st.first; i < f->n; i++)
            f->v[i].disordered = 1;
    return 0;
}

/* ------------------------------------------------------------------ */

void fs_figures_free(fs_figures *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        fs_figure *g = &f->v[i];
        free(g->subject);
        free(g->change.basis);
        free(g->prior.label);
        free(g->share.of_subject);
        free(g->change.points.basis);
        free(g->change.ratio_basis);
        free(g->share.points.basis);
        free(g->parts_by);
        free(g->id.item);
        free(g->id.code);
        free(g->id.measure);
        free(g->id.scope);
        free(g->id.level);
    }
    free(f->v);
    free(f->unread);
    for (size_t i = 0; i < f->ngroups; i++)
        free(f->groups[i].by);
    free(f->groups);
    free(f->info.title);
    free(f->info.organisation);
    free(f);
}

/* Cuts [a, b) into sentences and reads each. */
static int do_text(ctx *c)
{
    const fs_text *t = c->t;
    const char *s = t->s;
    size_t pos = 0;
    while (pos < t->len) {
        size_t le = fig_line_end_of(t, pos);
        size_t a = pos;
        c->line_a = pos;
        c->line_b = le;
        c->line_first = c->f->n;
        while (a < le) {
            size_t lim = le - a > FIG_MAX_SENT ? a + FIG_MAX_SENT : le;
            size_t e = sentence_end(s, a, lim);
            if (e == lim && lim < le) {
                /* too long: cut after the last comma or semicolon */
                size_t p = lim;
                while (p > a + FIG_MAX_SENT / 2 && !before(s, a, p, "，") && !before(s, a, p, "；"))
                    p--;
                if (p <= a + FIG_MAX_SENT / 2) {
                    p = lim;
                    while (p > a && ((unsigned char)s[p] & 0xC0) == 0x80)
                        p--;
                }
                e = p > a ? p : lim;
            }
            int rc = do_sentence(c, a, e);
            if (rc)
                return rc;
            a = e;
        }
        pos = le + 1;
    }
    return 0;
}

int fs_figures_extract(const fs_text *t, const fs_outline *outline, const fs_patterns *p,
                       fs_figures **out, fs_error *e)
{
    if (!t || !out)
        return fs_error_set(e, FS_E_USAGE, "figures: no text");
    *out = NULL;
    fs_figures *f = calloc(1, sizeof *f);
    if (!f)
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    ctx c = {.t = t, .s = t->s ? t->s : "", .o = outline, .f = f, .e = e};
    int rc = 0;
    if (p && (rc = fs_scanner_create(p, &c.sc, e)))
        goto done;
    if ((rc = fig_docinfo(&c)))
        goto done;
    if (t->len > 0 && (rc = do_text(&c)))
        goto done;
    if ((rc = fig_link_lists(&c)) || (rc = fig_link_sections(&c)) || (rc = fig_finish_totals(f)))
        goto done;
    fig_resolve_shares(f);
    for (size_t i = 0; i < f->n; i++) {
        fs_figure *g = &f->v[i];
        size_t pos = fs_figure_anchor(g);
        fs_srcpos sp = fs_text_pos(t, pos);
        g->page = sp.page;
        g->line = sp.line;
        g->section = outline ? fs_outline_find(outline, pos) : -1;
    }
    if ((rc = fs_identity_assign(t, outline, f)))
        goto done;
    for (size_t i = 0; i < f->nunread; i++) {
        fs_srcpos sp = fs_text_pos(t, f->unread[i].start);
        f->unread[i].page = sp.page;
        f->unread[i].line = sp.line;
    }
done:
    fs_scanner_free(c.sc);
    free(c.pm);
    free(c.qi);
    free(c.ev);
    free(c.rs);
    free(c.mk);
    if (rc) {
        fs_figures_free(f);
        if (rc == FS_E_NOMEM && (!e || e->code == FS_OK))
            fs_error_set(e, rc, "out of memory");
        else if (e && e->code == FS_OK)
            fs_error_set(e, rc, "figures: extraction failed");
        return rc;
    }
    *out = f;
    return 0;
}
