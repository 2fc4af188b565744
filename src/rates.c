/* rates.c — the relations a report states of a rate rather than of an
 * amount:
 *  - a ratio to the earlier year: "支出1000.00万元，为上年的125.00%" is the
 *    value as a percentage of last year's (change.ratio), not a growth rate;
 *  - a change in percentage points: "占一般公共预算收入的67.1%，比上年提高
 *    2.4个百分点" changes the share (share.points); "增长5.1%，高于全省平均
 *    增速2.6个百分点" sets the growth rate against another rate
 *    (change.points).  The rate compared with is kept when the clause prints
 *    it ("比上年的64.7%提高…"); most reports leave it out, and the checks
 *    then list the relation as skipped.
 * Both attach to the figure the sentence is about (the reading state of
 * figures.c); nothing here allocates but the basis strings, which the
 * figure owns. */
#include "figures_impl.h"

#include <stdlib.h>
#include <string.h>

/* Words naming the earlier year in "为上年的…%". */
static const char *const EARLIER[] = {"上年度", "上一年度", "上一年", "上年", "去年", "上年同期",
                                      "同期", NULL};

/* 1 when the rate at pos is said as a ratio to the earlier year: its clause
 * holds 为 / 是 / 相当于 followed by an EARLIER word, and the words up to
 * the number end with 的 ("为上年的", "为上年决算数的", "相当于去年同期的").
 * [*ba, *bb) is the phrase from 为 to 的. */
int fig_ratio_phrase(const char *s, size_t lo, size_t pos, size_t *ba, size_t *bb)
{
    static const char *const IS[] = {"相当于", "为", "是", NULL};
    size_t cs = fig_clause_start(s, lo, pos);
    size_t e = skip_blanks_back(s, cs, pos);
    if (!before(s, cs, e, "的"))
        return 0;
    for (size_t p = cs; p < e; p++) {
        size_t l = at_any(s, p, e, IS);
        if (!l)
            continue;
        size_t q = skip_blanks(s, p + l, e);
        if (!at_any(s, q, e, EARLIER))
            continue;
        /* at most a measure word between the year and 的: 决算数, 执行数 */
        if (nchars(s, q, e) > 10)
            return 0;
        *ba = p;
        *bb = e;
        return 1;
    }
    return 0;
}

/* Attaches a ratio to the earlier year to the figure the sentence is about
 * (the last one with a value). */
int fig_attach_ratio(ctx *c, sstate *st, const qitem *it, size_t ba, size_t bb)
{
    fs_figures *f = c->f;
    if (st->cur < 0 || !f->v[st->cur].value.present || f->v[st->cur].change.ratio.present) {
        f->unattached++;
        return 0;
    }
    fs_figure *g = &f->v[st->cur];
    g->change.ratio.present = 1;
    g->change.ratio.q = it->q;
    if (!(g->change.ratio_basis = dup_span(c->s, ba, bb)))
        return FS_E_NOMEM;
    if (!g->change.present) {
        g->change.present = 1;
        free(g->change.basis);
        if (!(g->change.basis = calloc(1, 1)))
            return FS_E_NOMEM;
    }
    return 0;
}

/* The last quantity of the sentence in % that stands in [from, to): its
 * index in c->qi, or -1. */
static long last_rate_in(const ctx *c, size_t from, size_t to)
{
    for (size_t i = c->nqi; i > 0; i--) {
        const fs_quantity *q = &c->qi[i - 1].q;
        if (q->end > to || q->start < from)
            continue;
        if (q->unit == FS_UNIT_PERCENT)
            return (long)(i - 1);
    }
    return -1;
}

/* Attaches a change in percentage points to the rate right before it in the
 * sentence: the share of the current figure, or its growth rate.  When the
 * points' own clause prints another rate before them ("比上年的64.7%提高2.4
 * 个百分点"), that is the rate compared with. */
int fig_attach_points(ctx *c, sstate *st, const qitem *it)
{
    fs_figures *f = c->f;
    const char *s = c->s;
    size_t pos = it->q.start;
    if (st->cur < 0) {
        f->unattached++;
        return 0;
    }
    fs_figure *g = &f->v[st->cur];
    size_t sh = g->share.present ? g->share.percent.q.start : NOPOS;
    size_t gr = g->change.percent.present ? g->change.percent.q.start : NOPOS;
    fs_points *pt = NULL;
    size_t rate_end = 0;
    /* the nearer of the two, inside this sentence, before the points */
    if (sh != NOPOS && sh >= c->sent_a && sh < pos && (gr == NOPOS || gr >= pos || gr < sh)) {
        pt = &g->share.points;
        rate_end = g->share.percent.q.end;
    } else if (gr != NOPOS && gr >= c->sent_a && gr < pos) {
        pt = &g->change.points;
        rate_end = g->change.percent.q.end;
    }
    if (!pt || pt->present) {
        f->unattached++;
        return 0;
    }
    size_t cs = fig_clause_start(s, c->sent_a, pos);
    if (cs < rate_end)
        cs = rate_end;
    size_t w = NOPOS;
    fs_direction d = fig_dir_before(s, cs, pos, &w);
    if (d == FS_DIR_NONE)
        d = fig_dir_of(s, cs, pos);
    /* the rate compared with, printed in the points' clause */
    long k = last_rate_in(c, cs, pos);
    size_t be = w != NOPOS ? w : pos;
    if (k >= 0) {
        pt->prior.present = 1;
        pt->prior.q = c->qi[k].q;
        be = c->qi[k].q.start;
    }
    size_t ba = skip_blanks(s, cs, be);
    be = skip_blanks_back(s, ba, be);
    if (k >= 0 && before(s, ba, be, "的"))
        be -= 3;
    pt->present = 1;
    pt->direction = d;
    pt->points.present = 1;
    pt->points.q = it->q;
    free(pt->basis);
    if (!(pt->basis = dup_span(s, ba, be)))
        return FS_E_NOMEM;
    return 0;
}
