/* breakdowns.c — the parts of totals: inline lists (其中 / 包括 / 按…划分)
 * and enumerated sections under a total, whether each list is presented as
 * the whole (complete), and the whole a share is of.  Runs once after every
 * sentence was read (figures.c); linear in the figures and markers. */
#include "figures_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Breakdowns                                                          */

static int bsearch_fig(const fs_figures *f, size_t pos)
{
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (fs_figure_anchor(&f->v[mid]) < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (int)lo;
}

static void note_part(fs_figures *f, int gi, int part)
{
    fs_breakdown *b = &f->groups[gi];
    fs_figure *g = &f->v[part];
    g->parent = b->total;
    g->group = gi;
    b->nparts++;
}

/* 其中 / 包括 lists: every figure inside a list belongs to the innermost
 * list holding it.  One sweep over figures and markers. */
/* 1 when pos stands inside brackets opened in s[a..pos). */
int fig_in_brackets(const char *s, size_t a, size_t pos)
{
    int depth = 0;
    for (size_t p = a; p < pos; p++) {
        if (at(s, p, pos, "（") || s[p] == '(')
            depth++;
        else if ((at(s, p, pos, "）") || s[p] == ')') && depth > 0)
            depth--;
    }
    return depth > 0;
}

int fig_link_lists(ctx *c)
{
    fs_figures *f = c->f;
    const char *s = c->s;
    size_t *stack = NULL, depth = 0, cap = 0;
    size_t mi = 0;
    int rc = 0;
    for (size_t i = 0; i < f->n; i++) {
        size_t p = fs_figure_anchor(&f->v[i]);
        while (mi < c->nmk && c->mk[mi].pos <= p) {
            if (c->mk[mi].list_end != NOPOS && c->mk[mi].total >= 0) {
                if (depth == cap) {
                    size_t nc = cap ? cap * 2 : 8;
                    size_t *ns = realloc(stack, nc * sizeof *ns);
                    if (!ns) {
                        free(stack);
                        return FS_E_NOMEM;
                    }
                    stack = ns;
                    cap = nc;
                }
                stack[depth++] = mi;
            }
            mi++;
        }
        /* pop lists that ended; a list is over when its end is passed —
         * nested ones end first, but guard against crossing spans */
        while (depth > 0 && c->mk[stack[depth - 1]].list_end <= p)
            depth--;
        if (depth == 0)
            continue;
        marker *k = &c->mk[stack[depth - 1]];
        if (k->total >= (int)i || f->v[i].parent >= 0)
            continue;
        /* a figure in brackets opened inside the list annotates the part
         * before it (…运行维护费6.54万元（公务用车购置费0万元…）), it is not a
         * part of this list */
        if (fig_in_brackets(s, k->pos, p))
            continue;
        if (k->group < 0) {
            fs_figure *tg = &f->v[k->total];
            fs_parts_kind pk = k->kind == MK_INCLUDES ? FS_PARTS_INCLUDES
                               : tg->kind == FS_FIG_HEADCOUNT ? FS_PARTS_HEADCOUNT
                                                              : FS_PARTS_QIZHONG;
            if ((rc = fig_new_group(f, k->total, pk, s, NOPOS, NOPOS, &k->group)))
                break;
        }
        note_part(f, k->group, (int)i);
    }
    free(stack);
    if (rc)
        return rc;
    /* completeness of each list */
    for (size_t m = 0; m < c->nmk; m++) {
        marker *k = &c->mk[m];
        if (k->group < 0)
            continue;
        fs_breakdown *b = &f->groups[k->group];
        const fs_figure *tg = &f->v[b->total];
        int etc = 0;
        for (size_t p = k->pos; p < k->list_end; p++)
            if (at(s, p, k->list_end, "等"))
                etc = 1;
        int residual = 0, first = -1, second = -1, staff = 0;
        for (size_t i = (size_t)b->total + 1; i < f->n && fs_figure_anchor(&f->v[i]) < k->list_end; i++) {
            if (f->v[i].group != k->group)
                continue;
            staff |= strstr(f->v[i].subject, "行政") ? 1 : 0;
            staff |= strstr(f->v[i].subject, "事业") ? 2 : 0;
            staff |= strstr(f->v[i].subject, "工勤") ? 4 : 0;
            /* the list closes with the catch-all class (其他…) */
            residual = strncmp(f->v[i].subject, "其他", 6) == 0;
            if (first < 0)
                first = (int)i;
            else if (second < 0)
                second = (int)i;
        }
        int two_named = 0;
        if (b->nparts == 2 && first >= 0 && second >= 0) {
            size_t x = f->v[first].value.present ? f->v[first].value.q.end : fs_figure_anchor(&f->v[first]);
            size_t y = f->v[second].subject_start;
            for (size_t p = x; p < y; p++)
                if (at(s, p, y, "和") || at(s, p, y, "及") || at(s, p, y, "与"))
                    two_named = 1;
        }
        /* a total named "A及B" listed as its two parts */
        int pair_total = b->nparts == 2 && (strstr(tg->subject, "及") || strstr(tg->subject, "和"));
        switch (b->kind) {
        /* 编制618人，其中行政编制150人、事业编制448人: 工勤 or 离休 may be
         * left out — a headcount's 其中 is no more complete than any other */
        case FS_PARTS_HEADCOUNT:
            /* … unless all three kinds of post are listed (行政, 事业, 工勤) */
            b->complete = !etc && (residual || pair_total || staff == 7);
            break;
        case FS_PARTS_INCLUDES: b->complete = !etc && two_named; break;
        default:
            b->complete = !etc && (residual || pair_total || strstr(tg->subject, "三公") != NULL);
            break;
        }
    }
    return 0;
}

/* First marker at or after pos (markers are in text order). */
static size_t mk_lower(const ctx *c, size_t pos)
{
    size_t lo = 0, hi = c->nmk;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->mk[mid].pos < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* 1 when the headed items under total t (the last of them is part `last`)
 * are presented as the whole of it: a breakdown 按…划分, a total named by its
 * parts (税收返还和转移支付, even when 其中 introduces them).  Items introduced by 其中 and items listed without such a sign
 * ("一、税收收入79.64亿元" over （一）增值税…（四）土地增值税, the main taxes
 * only) may be some of it: their shortfall is not an error. */
static int enum_complete(const fs_figures *f, int t, int last, int by, int qz)
{
    const char *ts = f->v[t].subject;
    (void)last; /* （三）其他收入 is a class of its own among 非税收入's, not
                 * the rest of the list: it proves nothing */
    if (strstr(ts, "和") || strstr(ts, "及") || strstr(ts, "与"))
        return 1; /* the name lists the parts, even after 其中 */
    return !qz && by;
}

/* 1 when the heading of section h, without its enumerator, is named in
 * subject: the figure on the line under a bare heading ("1.税收返还") is that
 * heading's amount when it says so ("对下级税收返还预算"). */
static int heading_names(const char *s, const fs_section *h, const char *subject)
{
    (void)s;
    if (!h->heading || !subject)
        return 0;
    size_t a = 0, b = strlen(h->heading);
    fig_strip_enumerator(h->heading, &a, b);
    while (b > a && (h->heading[b - 1] == ' ' || h->heading[b - 1] == '\t'))
        b--;
    if (nchars(h->heading, a, b) < 2 || b - a >= 128)
        return 0;
    char name[128];
    memcpy(name, h->heading + a, b - a);
    name[b - a] = '\0';
    return strstr(subject, name) != NULL;
}

/* Enumerated sections under a section that states one total. */
int fig_link_sections(ctx *c)
{
    const fs_outline *o = c->o;
    fs_figures *f = c->f;
    const char *s = c->s;
    if (!o || o->n == 0)
        return 0;
    int *tot = malloc(o->n * sizeof *tot);
    if (!tot)
        return FS_E_NOMEM;
    int rc = 0;
    for (size_t i = 0; i < o->n; i++) {
        const fs_section *S = &o->v[i];
        tot[i] = -1;
        size_t body_end = (i + 1 < o->n && o->v[i + 1].parent == (int)i) ? o->v[i + 1].start : S->end;
        int lo = bsearch_fig(f, S->start), hi = bsearch_fig(f, body_end);
        int cnt = 0, last = -1;
        for (int k = lo; k < hi; k++)
            if (f->v[k].value.present) {
                cnt++;
                last = k;
            }
        /* markers in the body and in the heading */
        int by_head = 0, hint = 0, qz_hint = 0, last_part = -1;
        size_t by_a = NOPOS, by_b = NOPOS;
        for (size_t m = mk_lower(c, S->start); m < c->nmk && c->mk[m].pos < body_end; m++) {
            const marker *k = &c->mk[m];
            if (k->kind == MK_BY) {
                by_a = k->by_a;
                by_b = k->by_b;
                if (k->pos < S->head_end)
                    by_head = 1;
            }
            /* a 如下/按…划分/其中： in the sentence of the last figure */
            if (last >= 0 && k->pos > fs_figure_anchor(&f->v[last]) && k->pos < f->v[last].quote_end &&
                (k->kind == MK_BY || k->kind == MK_RUXIA || (k->kind == MK_QIZHONG && k->line_end))) {
                hint = 1;
                if (k->kind == MK_QIZHONG)
                    qz_hint = 1;
            }
        }
        if (cnt == 1 || (cnt >= 2 && hint))
            tot[i] = last;
        else if (cnt == 0 && by_head && S->parent >= 0)
            tot[i] = tot[S->parent];
        if (tot[i] < 0 || body_end == S->end)
            continue;
        /* every direct child states a figure of the same kind in its heading line */
        const fs_figure *T = &f->v[tot[i]];
        int ok = 1, nchild = 0;
        for (size_t j = i + 1; j < o->n && o->v[j].start < S->end; j++) {
            if (o->v[j].parent != (int)i)
                continue;
            nchild++;
            size_t le = fig_line_end_of(c->t, o->v[j].start);
            int k = bsearch_fig(f, o->v[j].start);
            if (k < (int)f->n && fs_figure_anchor(&f->v[k]) >= le && le + 1 < c->t->len &&
                heading_names(s, &o->v[j], f->v[k].subject) &&
                fs_figure_anchor(&f->v[k]) < fig_line_end_of(c->t, le + 1))
                le = fig_line_end_of(c->t, le + 1); /* "1.税收返还" over "…对下级税收返还预算2,915,279万元" */
            if (k >= (int)f->n || fs_figure_anchor(&f->v[k]) >= le || !f->v[k].value.present ||
                f->v[k].kind != T->kind || k <= tot[i]) {
                ok = 0;
                break;
            }
            /* a child whose heading line states several amounts outside
             * brackets is a list of its own (1.按支出功能分类，包括A…、B…), not
             * one part */
            int inline_values = 0;
            for (int q = k; q < (int)f->n && fs_figure_anchor(&f->v[q]) < le; q++)
                if (f->v[q].value.present && f->v[q].kind == T->kind && !fig_in_brackets(s, o->v[j].start, fs_figure_anchor(&f->v[q])))
                    inline_values++;
            if (inline_values > 1) {
                ok = 0;
                break;
            }
        }
        if (!ok || nchild == 0)
            continue;
        int gi = -1;
        for (size_t j = i + 1; j < o->n && o->v[j].start < S->end; j++) {
            if (o->v[j].parent != (int)i)
                continue;
            int k = bsearch_fig(f, o->v[j].start);
            if (f->v[k].parent >= 0)
                continue;
            if (gi < 0 && (rc = fig_new_group(f, tot[i], by_a != NOPOS ? FS_PARTS_BY : FS_PARTS_ENUM, s,
                                          by_a, by_b, &gi)))
                break;
            note_part(f, gi, k);
            last_part = k;
        }
        if (gi >= 0)
            f->groups[gi].complete = enum_complete(f, tot[i], last_part, by_a != NOPOS, qz_hint);
        if (rc)
            break;
    }
    free(tot);
    return rc;
}

/* Each total describes its first breakdown. */
int fig_finish_totals(fs_figures *f)
{
    for (size_t gi = f->ngroups; gi > 0; gi--) {
        const fs_breakdown *b = &f->groups[gi - 1];
        fs_figure *t = &f->v[b->total];
        t->parts_kind = b->kind;
        t->parts_complete = b->complete;
        free(t->parts_by);
        t->parts_by = b->by ? strdup(b->by) : NULL;
        if (b->by && !t->parts_by)
            return FS_E_NOMEM;
    }
    return 0;
}

/* The whole a share is taken of: the total it is listed under when the
 * names agree, else the nearest earlier figure of that name, unless two
 * such figures differ in value. */
void fig_resolve_shares(fs_figures *f)
{
    for (size_t i = 0; i < f->n; i++) {
        fs_figure *g = &f->v[i];
        if (!g->share.present)
            continue;
        g->share.of = -1;
        const char *os = g->share.of_subject;
        if (g->parent >= 0 && (!os || fig_subject_match(f->v[g->parent].subject, os))) {
            g->share.of = g->parent;
            continue;
        }
        if (!os)
            continue;
        int best = -1, ambiguous = 0;
        size_t seen = 0;
        for (size_t j = i; j > 0 && seen < FIG_SHARE_LOOKBACK; j--, seen++) {
            const fs_figure *h = &f->v[j - 1];
            if (!h->value.present || h->kind != g->kind || !fig_subject_match(h->subject, os))
                continue;
            if (best < 0)
                best = (int)(j - 1);
            else if (fs_dec_cmp(h->value.q.base, f->v[best].value.q.base) != 0)
                ambiguous = 1;
        }
        g->share.of = ambiguous ? -1 : best;
    }
}
