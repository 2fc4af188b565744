/* roles.c — the part each quantity of a sentence plays (a value, a change
 * amount or rate, a prior, a share) and the figure it makes or joins: the
 * pattern of highest priority that holds the quantity names its role, local
 * rules name the rest, and the reading state of the sentence (sstate) says
 * which figure a change, prior or share belongs to.  figures.c reads the
 * sentence and walks its quantities in text order; the rules in order are
 * described there.  Every figure made here is owned by fs_figures, and so is
 * every string it holds. */
#include "figures_impl.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Figures                                                             */

/* Appends a figure with subject s[sa, sb) to the sentence being read; its
 * index in *idx.  Nothing is set but what every figure has. */
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

/* The kind of figure a quantity in unit u states. */
static fs_figure_kind kind_of_unit(fs_unit u)
{
    switch (u) {
    case FS_UNIT_YUAN: return FS_FIG_MONEY;
    case FS_UNIT_PERSON: return FS_FIG_HEADCOUNT;
    case FS_UNIT_SQM: return FS_FIG_AREA;
    default: return FS_FIG_COUNT;
    }
}

/* 1 for the units of a rate or share (%, ‰, ‱). */
static int is_rate_unit(fs_unit u)
{
    return u == FS_UNIT_PERCENT || u == FS_UNIT_PERMILLE || u == FS_UNIT_PERMYRIAD;
}

/* 1 for the units a figure is stated in (money, people, things, area). */
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

/* ------------------------------------------------------------------ */
/* Roles                                                               */

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
void fig_assign_roles(ctx *c)
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
static int prior_reaches(const char *s, const sstate *st, size_t pos)
{
    size_t from = st->prior_q.end;
    if (pos <= from || pos - from > 4096)
        return 0;
    if (fig_bracket_closes(s, from, pos))
        return 0;
    for (size_t p = from; p < pos; p++)
        if (s[p] == ';' || (p + 3 <= pos && memcmp(s + p, "；", 3) == 0))
            return 0;
    return 1;
}

/* The basis of g's change, unless it has one: the pattern's basis group,
 * else 同比/环比 right before the direction word at dirword, else "".  g
 * owns the string; NULL there when out of memory. */
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

/* A change right after a list of items apart by 、 belongs to the list's
 * total: "收入344,447.70万元，其中：A…、B…、其他收入3,444.00万元，较上年减少
 * 129,422.00万元，下降27.31%".  Makes that total st->cur when the last list
 * of the sentence holds the current figure and ends at the ， before the
 * change, and the total has no change yet. */
static void after_list(const ctx *c, sstate *st, const qitem *it)
{
    const char *s = c->s;
    const fs_figures *f = c->f;
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
}

/* The other basis a rate of change at it is stated on — 同口径, 可比口径,
 * 按可比, 剔除…后 in the words since g's value (at most 600 bytes back) —
 * replaces g's basis (g owns the copy).  0, or FS_E_NOMEM. */
static int other_basis(const ctx *c, fs_figure *g, const qitem *it)
{
    const char *s = c->s;
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

/* A change amount or rate (role R_CHG_AMT / R_CHG_PCT) joins the figure it
 * is about: the current one, the total of a list just closed, the figure
 * before a bracket, a figure of its own when it names its own subject, or
 * the last figure of the paragraph.  A change against this year's budget,
 * one in a reason clause, and a second change of a figure are counted
 * unattached.  0, or FS_E_NOMEM. */
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
    size_t ob = fig_open_bracket(s, c->sent_a, it->q.start);
    if (budget_basis(s, fig_clause_start(s, c->sent_a, it->q.start), it->q.start) ||
        (ob != NOPOS && budget_basis(s, fig_clause_start(s, c->sent_a, ob), ob))) {
        /* against this year's budget: not a change over last year */
        f->unattached++;
        return 0;
    }
    after_list(c, st, it);
    /* a change after a bracket belongs to the figure before the bracket:
     * "2.48亿元（购置费0.72亿元，运行维护费1.76亿元），较上年减少0.96亿元" */
    while (st->cur > st->first && st->first >= 0 &&
           fig_bracket_closes(s, fs_figure_anchor(&f->v[st->cur]), it->q.start))
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
    return role == R_CHG_PCT ? other_basis(c, g, it) : 0;
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

/* ------------------------------------------------------------------ */
/* One event of the sentence                                           */

/* The role quantity it plays in the end: the patterns' role unless a
 * direction word right before a value overrules it or the role does not fit
 * the unit, then the local rules (fallback_role); none for a unit no figure
 * is stated in.  Clears it->m when the role is not the match's. */
static int resolve_role(const ctx *c, qitem *it)
{
    int role = it->role;
    /* a pattern that calls a quantity a value when a direction word
     * stands right before it is overruled */
    size_t w;
    if (role == R_VALUE && fig_dir_before(c->s, c->sent_a, it->q.start, &w) != FS_DIR_NONE)
        role = R_NONE;
    if (role == R_NONE || (is_rate_unit(it->q.unit) && role != R_CHG_PCT && role != R_SHARE) ||
        (!is_rate_unit(it->q.unit) && (role == R_CHG_PCT)) ||
        (it->q.unit == FS_UNIT_NONE && role != R_SHARE)) {
        it->m = role == R_NONE ? NULL : it->m;
        role = fallback_role(c, it, c->sent_a);
        if (role == R_NONE)
            it->m = NULL;
    }
    if (!is_rate_unit(it->q.unit) && it->q.unit != FS_UNIT_NONE && !is_figure_unit(it->q.unit))
        role = R_NONE;
    return role;
}

/* A prior (R_PRIOR) is of the current figure when its clause starts with
 * 比/较 and that figure has none; else it waits in st for the next value
 * (one at a time: a second is counted unattached).  0, or FS_E_NOMEM. */
static int attach_prior(ctx *c, sstate *st, const qitem *it)
{
    const char *s = c->s;
    fs_figures *f = c->f;
    size_t a = c->sent_a, b = c->sent_b;
    size_t la, lb;
    int y;
    prior_label(c, it, &la, &lb, &y);
    int backward = st->cur >= 0 && !f->v[st->cur].prior.present &&
                   (at(s, skip_blanks(s, fig_clause_start(s, a, it->q.start), b), b, "比") ||
                    at(s, skip_blanks(s, fig_clause_start(s, a, it->q.start), b), b, "较"));
    if (backward)
        return set_prior(c, &f->v[st->cur], &it->q, la, lb, y);
    if (!st->has_prior) {
        st->has_prior = 1;
        st->prior_q = it->q;
        st->prior_la = la;
        st->prior_lb = lb;
        st->prior_period = y;
    } else {
        f->unattached++;
    }
    return 0;
}

/* A share (R_SHARE) joins its owner (share_owner) with the name of its whole
 * when the text gives one (the pattern's 'of' group, else the words between
 * 完成/为 and 的), a string the figure owns.  None in a reason clause, nor a
 * second share of a figure: counted unattached.  0, or FS_E_NOMEM. */
static int attach_share(ctx *c, sstate *st, const qitem *it)
{
    const char *s = c->s;
    fs_figures *f = c->f;
    int owner = st->in_reason ? -1 : share_owner(c, st, it);
    if (owner < 0 || f->v[owner].share.present) {
        f->unattached++;
        return 0;
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
        size_t cs = fig_clause_start(s, c->sent_a, it->q.start), oa = NOPOS;
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
    return 0;
}

/* A flat change (持平, 一致) of pattern match m gives the current figure a
 * flat change — every figure of the sentence after 均/都 — where none is
 * set yet; the basis string is the figure's.  0, or FS_E_NOMEM. */
int fig_read_flat(ctx *c, sstate *st, const pmatch *m)
{
    const char *s = c->s;
    fs_figures *f = c->f;
    size_t a = c->sent_a;
    size_t ms = m->start;
    int all = 0;
    size_t lo = ms >= a + 9 ? ms - 9 : a;
    for (size_t p = lo; p < m->g[G_DIR][0]; p++)
        if (at(s, p, m->g[G_DIR][0], "均") || at(s, p, m->g[G_DIR][0], "都"))
            all = 1;
    int from = all ? st->first : st->cur, to = all ? (int)f->n : st->cur + 1;
    if (from < 0) {
        f->unattached++;
        return 0;
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
    return 0;
}

/* A quantity of the sentence, in text order: a change in percentage points
 * or a ratio to last year goes to rates.c; else its role says whether it
 * makes a figure (a value) or joins one (a change, a prior, a share).
 * *prev_end is where the last quantity with a role ended — a value's name
 * is read back no further.  0, or FS_E_NOMEM. */
int fig_read_quantity(ctx *c, sstate *st, qitem *it, size_t *prev_end)
{
    int rc;
    /* 比上年提高2.4个百分点, 为上年的120.5%: relations of a rate */
    if (it->q.unit == FS_UNIT_PPOINT) {
        if (!st->in_reason && (rc = fig_attach_points(c, st, it)))
            return rc;
        return 0;
    }
    size_t ra, rb;
    if (!st->in_reason && is_rate_unit(it->q.unit) &&
        fig_ratio_phrase(c->s, c->sent_a, it->q.start, &ra, &rb)) {
        if ((rc = fig_attach_ratio(c, st, it, ra, rb)))
            return rc;
        *prev_end = it->q.end;
        return 0;
    }
    int role = resolve_role(c, it);
    switch (role) {
    case R_VALUE:
        if (not_a_figure(c, it, c->sent_a, c->sent_b))
            break;
        if ((rc = add_value(c, st, it, *prev_end)))
            return rc;
        break;
    case R_CHG_AMT:
    case R_CHG_PCT:
        if ((rc = attach_change(c, st, it, role)))
            return rc;
        break;
    case R_PRIOR:
        if ((rc = attach_prior(c, st, it)))
            return rc;
        break;
    case R_SHARE:
        if ((rc = attach_share(c, st, it)))
            return rc;
        break;
    default:
        break;
    }
    if (role != R_NONE)
        *prev_end = it->q.end;
    return 0;
}

/* A prior still waiting in st at the end of the sentence, which no value
 * followed, is a figure of its own: its label is its subject.  0, or
 * FS_E_NOMEM. */
int fig_lone_prior(ctx *c, const sstate *st)
{
    fs_figures *f = c->f;
    qitem tmp = {.q = st->prior_q, .role = R_VALUE, .m = NULL};
    size_t la = st->prior_la, lb = st->prior_lb;
    int idx, rc;
    int period = st->prior_period;
    fig_clean_subject(c->s, &la, &lb, &period);
    if ((rc = new_figure(c, kind_of_unit(tmp.q.unit), period ? period : f->info.year, la, lb,
                         &idx)))
        return rc;
    f->v[idx].value.present = 1;
    f->v[idx].value.q = tmp.q;
    return 0;
}
