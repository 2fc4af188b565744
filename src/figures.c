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
 * bounded, lists are swept once.
 *
 * This file cuts the text into sentences, scans each, walks its events in
 * text order and finds where its lists begin and end; roles.c gives each
 * quantity its role and the figure it makes or joins (figures_impl.h lists
 * the other files of the reader). */
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

/* 1 when a bracket open at `from` closes before `to`: a figure at `from`
 * annotates the one before its bracket, and nothing after the bracket
 * (a change, a list) belongs to it.  Reads at most 4 KB. */
int fig_bracket_closes(const char *s, size_t from, size_t to)
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
size_t fig_open_bracket(const char *s, size_t lo, size_t pos)
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

/* ------------------------------------------------------------------ */
/* Lists of parts                                                      */

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
    while (t > first && fig_bracket_closes(s, fs_figure_anchor(&f->v[t]), pos))
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

/* Appends to c->mk the list marker of kind MK_* at pos (m: the 按…划分
 * match of an MK_BY, else NULL): the figure its list breaks down and, for
 * 其中 and 包括, where the list ends.  0, or FS_E_NOMEM. */
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
        } else if (fig_open_bracket(s, c->sent_a, k->pos) != NOPOS) {
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

/* ------------------------------------------------------------------ */
/* Reasons, reading order, comparisons                                 */

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

/* ------------------------------------------------------------------ */
/* Reading a sentence                                                  */

/* The quantities of the sentence [a, b) (c->sent_a, c->sent_b), in text
 * order, into c->qi with no role yet.  A number the scanner cannot read is
 * recorded in f->unread with the scanner's reason.  0, or FS_E_NOMEM. */
static int scan_quantities(ctx *c, size_t a, size_t b)
{
    const char *s = c->s;
    fs_figures *f = c->f;
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
    return 0;
}

/* The pattern matches of the sentence [a, b), into c->pm — only when
 * something may be stated there: a quantity with a unit, or a word that
 * marks a list or a flat change.  A pattern error is counted in f (the first
 * one kept) and the sentence is read with no matches.  0, or FS_E_NOMEM
 * (set in c->e). */
static int scan_patterns(ctx *c, size_t a, size_t b)
{
    const char *s = c->s;
    fs_figures *f = c->f;
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
        int rc = fs_scanner_scan(c->sc, NULL, s + a, b - a, on_match, c, &pe);
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
    return 0;
}

/* qsort order of events: by position, then quantities before flat
 * changes before marks. */
static int ev_cmp(const void *x, const void *y)
{
    const event *a = x, *b = y;
    if (a->pos != b->pos)
        return a->pos < b->pos ? -1 : 1;
    return a->kind < b->kind ? -1 : a->kind > b->kind;
}

/* The events of the sentence [a, b) into c->ev, sorted by position: each
 * quantity, each flat change and 按…划分 of a pattern, each list word
 * (其中, 包括, 如下, 用于以下方面).  A list word's idx is (size_t)-1 - its
 * MK_ kind.  0, or FS_E_NOMEM. */
static int collect_events(ctx *c, size_t a, size_t b)
{
    const char *s = c->s;
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
    return 0;
}

/* Walks the events of the sentence in order: a list word becomes a marker,
 * a flat change and a quantity join their figures (roles.c).  Inside a
 * reason clause (nrs spans in c->rs) only quantities are read, flagged
 * st->in_reason; after it the current figure is again the one the reason
 * was about.  0, or FS_E_NOMEM. */
static int read_events(ctx *c, sstate *st, long nrs)
{
    int rc;
    long ri = 0;
    int saved_cur = -2;
    size_t prev_end = c->sent_a;
    for (size_t k = 0; k < c->nev; k++) {
        event *ev = &c->ev[k];
        while (ri < nrs && c->rs[2 * ri + 1] <= ev->pos) {
            ri++;
            if (saved_cur != -2) {
                st->cur = saved_cur; /* back to the item the reason was about */
                saved_cur = -2;
            }
        }
        int in_reason = ri < nrs && c->rs[2 * ri] <= ev->pos;
        if (in_reason && saved_cur == -2)
            saved_cur = st->cur;
        if (in_reason && ev->kind != EV_Q)
            continue;
        st->in_reason = in_reason;
        if (ev->kind == EV_MARK) {
            const pmatch *m = ev->idx >= (size_t)-4 ? NULL : &c->pm[ev->idx];
            int kind = m ? MK_BY : (int)((size_t)-1 - ev->idx);
            if ((rc = add_marker(c, st, m, ev->pos, kind)))
                return rc;
            continue;
        }
        if (ev->kind == EV_FLAT)
            rc = fig_read_flat(c, st, &c->pm[ev->idx]);
        else
            rc = fig_read_quantity(c, st, &c->qi[ev->idx], &prev_end);
        if (rc)
            return rc;
    }
    return 0;
}

/* 决算数小于预算数…: the comparison of outcome and budget the sentence [a, b)
 * words is of the last figure of its paragraph before the words (the item's
 * outcome, 支出决算为B万元), unless that figure has one already. */
static void mark_comparison(ctx *c, size_t a, size_t b)
{
    fs_figures *f = c->f;
    size_t ca, cb;
    fs_compare cmp = comparison_in(c->s, a, b, &ca, &cb);
    if (cmp == FS_CMP_NONE)
        return;
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

/* Reads one sentence [a, b): its quantities, flat changes and list marks,
 * into figures and markers of c.  0, or an error code (FS_E_NOMEM). */
static int do_sentence(ctx *c, size_t a, size_t b)
{
    const char *s = c->s;
    fs_figures *f = c->f;
    int rc;
    c->sent_a = a;
    c->sent_b = b;
    c->npm = c->nqi = c->nev = 0;
    if ((rc = scan_quantities(c, a, b)) || (rc = scan_patterns(c, a, b)))
        return rc;
    fig_assign_roles(c);
    if ((rc = collect_events(c, a, b)))
        return rc;
    long nrs = reason_spans(s, a, b, &c->rs, &c->rscap);
    if (nrs < 0)
        return FS_E_NOMEM;
    sstate st = {.cur = -1, .first = (int)f->n};
    if ((rc = read_events(c, &st, nrs)))
        return rc;
    /* a prior value no figure followed: a figure of its own */
    if (st.has_prior && (rc = fig_lone_prior(c, &st)))
        return rc;
    mark_comparison(c, a, b);
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
