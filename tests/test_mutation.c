/* test_mutation.c — do the checks catch a wrong number?
 *
 * For each reference document the whole pipeline runs once on the text as
 * published (input → normalise → outline → figures → checks).  Then every
 * printed number that takes part in a relation the checks decide (a value,
 * a change, a rate, a share, a part of a total, a head count) is changed in
 * the source TEXT, one at a time, by 3 units of its last digit (−3 when the
 * digit is 3 or more, else +3, so the format stays: 953.39 → 953.36, 5.1 →
 * 5.4, 0 → 3), well outside its own rounding interval.  The pipeline runs
 * again and the mutation counts as caught when a finding that the original
 * text did not have names the changed figure under one of the checks that
 * relate it (or restatement / direction, which may see it first).
 *
 * Which numbers take part is worked out from the original records by the
 * rules checks.h states (growth needs value, change and rate; sum a
 * complete list; …), independently of the checks' code.  Each miss is
 * listed with what was expected and what came out. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "figures.h"
#include "input.h"
#include "normalize.h"
#include "outline.h"
#include "patterns.h"
#include "testutil.h"

#define BIT(c) (1u << (c))

/* One run of the pipeline over a buffer. */
typedef struct pipe {
    fs_rawdoc *raw;
    fs_text *t;
    fs_outline *o;
    fs_figures *f;
    fs_check_result *r;
} pipe;

static void pipe_free(pipe *p)
{
    fs_check_result_free(p->r);
    fs_figures_free(p->f);
    fs_outline_free(p->o);
    fs_text_free(p->t);
    fs_rawdoc_free(p->raw);
    memset(p, 0, sizeof *p);
}

/* Runs every stage over buf; 0 or the failing stage's code (message in e). */
static int pipe_run(const fs_patterns *pat, const char *buf, size_t len, pipe *p, fs_error *e)
{
    memset(p, 0, sizeof *p);
    fs_check_opts co = fs_check_opts_default();
    int rc = fs_input_load_buffer((const unsigned char *)buf, len, NULL, &p->raw, e);
    if (!rc)
        rc = fs_normalize(p->raw, &p->t, e);
    if (!rc)
        rc = fs_outline_build(p->t, p->raw, &p->o, e);
    if (!rc)
        rc = fs_figures_extract(p->t, p->o, pat, &p->f, e);
    if (!rc)
        rc = fs_checks_run(p->f, &co, &p->r, e);
    if (rc)
        pipe_free(p);
    return rc;
}

/* The printed quantities of a figure a mutation may change. */
enum { Q_VALUE, Q_CHANGE, Q_RATE, Q_SHARE, Q_PRIOR, Q_COUNT_ };
static const char *const QNAME[Q_COUNT_] = {"value", "change", "rate", "share", "prior"};

static const fs_amount *amount_of(const fs_figure *g, int k)
{
    switch (k) {
    case Q_VALUE: return &g->value;
    case Q_CHANGE: return g->change.present ? &g->change.amount : NULL;
    case Q_RATE: return g->change.present ? &g->change.percent : NULL;
    case Q_SHARE: return g->share.present ? &g->share.percent : NULL;
    default: return g->prior.present ? &g->prior.value : NULL;
    }
}

/* 1 when amount a of the figure is stated exactly (present, not 约…). */
static int usable(const fs_amount *a)
{
    return a && a->present && !a->q.approximate;
}

/* The checks that relate each quantity of each figure: mask[i*Q_COUNT_+k].
 * Follows checks.h: growth (value, change, rate with a known direction),
 * prior (value, change, prior), share (part, whole, share with a known
 * whole), sum (complete lists), change_sum (complete lists whose parts all
 * state changes), share_sum (complete lists whose parts all state shares of
 * the total). */
static unsigned *relations(const fs_figures *f)
{
    unsigned *m = calloc(f->n * Q_COUNT_ + 1, sizeof *m);
    assert_non_null(m);
    for (size_t i = 0; i < f->n; i++) {
        const fs_figure *g = &f->v[i];
        unsigned *mi = &m[i * Q_COUNT_];
        const fs_change *ch = &g->change;
        if (usable(&g->value) && ch->present && usable(&ch->amount) && usable(&ch->percent) &&
            ch->direction != FS_DIR_NONE && ch->percent.q.unit == FS_UNIT_PERCENT) {
            mi[Q_VALUE] |= BIT(FS_CHECK_GROWTH);
            mi[Q_CHANGE] |= BIT(FS_CHECK_GROWTH);
            mi[Q_RATE] |= BIT(FS_CHECK_GROWTH);
        }
        if (usable(&g->value) && ch->present && usable(&ch->amount) && g->prior.present &&
            usable(&g->prior.value) && ch->direction != FS_DIR_NONE) {
            mi[Q_VALUE] |= BIT(FS_CHECK_PRIOR);
            mi[Q_CHANGE] |= BIT(FS_CHECK_PRIOR);
            mi[Q_PRIOR] |= BIT(FS_CHECK_PRIOR);
        }
        if (g->share.present && usable(&g->share.percent) && g->share.of >= 0 &&
            usable(&g->value) && usable(&f->v[g->share.of].value)) {
            mi[Q_VALUE] |= BIT(FS_CHECK_SHARE);
            mi[Q_SHARE] |= BIT(FS_CHECK_SHARE);
            m[(size_t)g->share.of * Q_COUNT_ + Q_VALUE] |= BIT(FS_CHECK_SHARE);
        }
        if (g->parts_complete != 1)
            continue;
        /* i is a complete total: its parts */
        size_t n = 0, vals = usable(&g->value), chgs = 0, shares = 0;
        for (size_t j = 0; j < f->n; j++) {
            const fs_figure *p = &f->v[j];
            if (p->parent != (int)i)
                continue;
            n++;
            vals += usable(&p->value);
            chgs += p->change.present &&
                    (usable(&p->change.amount) || p->change.direction == FS_DIR_FLAT);
            shares += p->share.present && usable(&p->share.percent) && p->share.of == (int)i;
        }
        if (n == 0)
            continue;
        for (size_t j = 0; j < f->n; j++) {
            if (f->v[j].parent != (int)i)
                continue;
            if (vals == n + 1) {
                m[j * Q_COUNT_ + Q_VALUE] |= BIT(FS_CHECK_SUM);
                mi[Q_VALUE] |= BIT(FS_CHECK_SUM);
            }
            if (chgs == n && ch->present && usable(&ch->amount)) {
                m[j * Q_COUNT_ + Q_CHANGE] |= BIT(FS_CHECK_CHANGE_SUM);
                mi[Q_CHANGE] |= BIT(FS_CHECK_CHANGE_SUM);
            }
            if (shares == n && n >= 2)
                m[j * Q_COUNT_ + Q_SHARE] |= BIT(FS_CHECK_SHARE_SUM);
        }
    }
    return m;
}

/* ------------------------------------------------------------ oracle */

/* A printed quantity for interval.h, by the rules of checks.h: rates in
 * percent terms; whole counts and zeros printed without decimals exact. */
static fs_printed printed(const fs_quantity *q, int rate, int magnitude)
{
    fs_printed p;
    p.mant = magnitude && q->value.mant < 0 ? -q->value.mant : q->value.mant;
    p.scale = q->decimals;
    p.unit_exp = rate ? q->unit_exp10 - 2 : q->unit_exp10;
    int counting = q->unit == FS_UNIT_PERSON || q->unit == FS_UNIT_GE || q->unit == FS_UNIT_XIANG ||
                   q->unit == FS_UNIT_LIANG || q->unit == FS_UNIT_TAI || q->unit == FS_UNIT_JIA ||
                   q->unit == FS_UNIT_TAO || q->unit == FS_UNIT_CI || q->unit == FS_UNIT_PERSON_TIME;
    p.exact = (q->value.mant == 0 && q->decimals == 0) ||
              (counting && q->decimals == 0 && q->mult_exp10 == 0);
    return p;
}

static fs_dir dir_of(const fs_change *ch)
{
    return ch->direction == FS_DIR_DECREASE ? FS_DECREASE : FS_INCREASE;
}

/* 1 when the list relation `check` of complete total t fails on f. */
static int list_fails(const fs_figures *f, int t, fs_check_id check)
{
    const fs_figure *g = &f->v[t];
    if (g->parts_complete != 1)
        return 0;
    fs_printed *v = calloc(f->n + 1, sizeof *v);
    assert_non_null(v);
    size_t n = 0;
    int ok = 1;
    for (size_t j = 0; j < f->n; j++) {
        const fs_figure *p = &f->v[j];
        if (p->parent != t)
            continue;
        if (check == FS_CHECK_SUM) {
            ok &= usable(&p->value);
            v[n++] = printed(&p->value.q, 0, 0);
        } else if (check == FS_CHECK_CHANGE_SUM) {
            if (p->change.present && usable(&p->change.amount)) {
                v[n] = printed(&p->change.amount.q, 0, 1);
                if (p->change.direction == FS_DIR_DECREASE)
                    v[n].mant = -v[n].mant;
                n++;
            } else if (p->change.present && p->change.direction == FS_DIR_FLAT) {
                v[n++] = (fs_printed){0, 0, 0, 1};
            } else {
                ok = 0;
            }
        } else {
            ok &= p->share.present && usable(&p->share.percent);
            if (ok)
                v[n++] = printed(&p->share.percent.q, 1, 0);
        }
    }
    fs_check r;
    fs_verdict vd = FS_CONSISTENT;
    if (ok && n > 0) {
        if (check == FS_CHECK_SUM && usable(&g->value)) {
            fs_printed tot = printed(&g->value.q, 0, 0);
            vd = fs_check_sum(v, n, &tot, FS_RND_NEAREST, &r);
        } else if (check == FS_CHECK_CHANGE_SUM && g->change.present && usable(&g->change.amount)) {
            fs_printed tot = printed(&g->change.amount.q, 0, 1);
            if (g->change.direction == FS_DIR_DECREASE)
                tot.mant = -tot.mant;
            vd = fs_check_change_sum(v, n, &tot, FS_RND_NEAREST, &r);
        } else if (check == FS_CHECK_SHARE_SUM && n >= 2) {
            vd = fs_check_share_sum(v, n, FS_RND_NEAREST, &r);
        }
    }
    free(v);
    return vd == FS_INCONSISTENT || vd == FS_UNDEFINED;
}

/* 1 when some relation of `want` around figure i fails on f (the mutated
 * records), i.e. the mutation is detectable at all: the printed figures no
 * longer admit exact values that satisfy it. */
static int detectable(const fs_figures *f, int i, unsigned want)
{
    const fs_figure *g = &f->v[i];
    const fs_change *ch = &g->change;
    fs_check r;
    fs_verdict v;
    if (want & BIT(FS_CHECK_GROWTH)) {
        fs_printed V = printed(&g->value.q, 0, 0), D = printed(&ch->amount.q, 0, 1),
                   P = printed(&ch->percent.q, 1, 1);
        v = fs_check_growth(&V, &D, dir_of(ch), &P, FS_RND_NEAREST, &r);
        if (v == FS_INCONSISTENT || v == FS_UNDEFINED)
            return 1;
    }
    if (want & BIT(FS_CHECK_PRIOR)) {
        fs_printed V = printed(&g->value.q, 0, 0), D = printed(&ch->amount.q, 0, 1),
                   P = printed(&g->prior.value.q, 0, 0);
        if (fs_check_prior(&V, &D, dir_of(ch), &P, FS_RND_NEAREST, &r) == FS_INCONSISTENT)
            return 1;
    }
    if (want & BIT(FS_CHECK_SHARE)) {
        for (size_t j = 0; j < f->n; j++) {
            const fs_figure *p = &f->v[j];
            if (!(j == (size_t)i || p->share.of == i) || !p->share.present || p->share.of < 0 ||
                !usable(&p->share.percent) || !usable(&p->value) ||
                !usable(&f->v[p->share.of].value))
                continue;
            fs_printed a = printed(&p->value.q, 0, 0), w = printed(&f->v[p->share.of].value.q, 0, 0),
                       s = printed(&p->share.percent.q, 1, 0);
            v = fs_check_share(&a, &w, &s, FS_RND_NEAREST, &r);
            if (v == FS_INCONSISTENT || v == FS_UNDEFINED)
                return 1;
        }
    }
    for (int c = FS_CHECK_SUM; c <= FS_CHECK_SHARE_SUM; c++) {
        if (!(want & BIT(c)))
            continue;
        if (list_fails(f, i, (fs_check_id)c) || (g->parent >= 0 && list_fails(f, g->parent, (fs_check_id)c)))
            return 1;
    }
    return 0;
}

/* 1 when c is an ASCII digit. */
static int dig(char c)
{
    return c >= '0' && c <= '9';
}

/* Offset of the k-th (0-based) occurrence of the numeral num in s[lo, hi)
 * standing alone (no digit or '.' touching it), or -1. */
static long nth_numeral(const char *s, size_t lo, size_t hi, const char *num, size_t k)
{
    size_t n = strlen(num);
    for (size_t p = lo; p + n <= hi; p++) {
        if (memcmp(s + p, num, n) != 0)
            continue;
        if (p > lo && (dig(s[p - 1]) || s[p - 1] == '.'))
            continue;
        if (p + n < hi && (dig(s[p + n]) || (s[p + n] == '.' && p + n + 1 < hi && dig(s[p + n + 1]))))
            continue;
        if (k-- == 0)
            return (long)p;
    }
    return -1;
}

/* The occurrence number of the numeral at off among those of its line of
 * the normalised text. */
static size_t occurrence(const fs_text *t, size_t off, const char *num)
{
    size_t lo = off;
    while (lo > 0 && t->s[lo - 1] != '\n')
        lo--;
    size_t k = 0;
    for (;;) {
        long p = nth_numeral(t->s, lo, t->len, num, k);
        if (p < 0 || (size_t)p >= off)
            return k;
        k++;
    }
}

/* Byte range [*b, *e) of 1-based line `line` of buf. */
static int source_line(const char *buf, size_t len, uint32_t line, size_t *b, size_t *e)
{
    size_t p = 0;
    for (uint32_t l = 1; l < line; l++) {
        const char *nl = memchr(buf + p, '\n', len - p);
        if (!nl)
            return -1;
        p = (size_t)(nl - buf) + 1;
    }
    const char *nl = memchr(buf + p, '\n', len - p);
    *b = p;
    *e = nl ? (size_t)(nl - buf) : len;
    return 0;
}

/* 1 when finding fd of the mutated run is new (no finding of the original
 * run has its check, figures and message). */
static int is_new(const fs_finding *fd, const fs_check_result *base)
{
    for (size_t k = 0; k < base->nfindings; k++) {
        const fs_finding *b = &base->findings[k];
        if (b->check != fd->check || b->nfigures != fd->nfigures || strcmp(b->message, fd->message))
            continue;
        size_t j = 0;
        while (j < fd->nfigures && b->figures[j].figure == fd->figures[j].figure)
            j++;
        if (j == fd->nfigures)
            return 0;
    }
    return 1;
}

/* Mutates every related number of one document at one digit place (0: the
 * last digit, 1: the one before it, '.' skipped); adds to caught and made. */
static void mutate_document(const fs_patterns *pat, const char *rel, int place,
                            size_t *caught_out, size_t *made_out)
{
    size_t len;
    char *src = tu_read_file(tu_path(rel), &len);
    assert_non_null(src);
    pipe base;
    fs_error e;
    if (pipe_run(pat, src, len, &base, &e))
        fail_msg("%s: %s", rel, e.msg);
    unsigned *rel_mask = relations(base.f);
    size_t made = 0, caught = 0, unmapped = 0, within = 0, alarms = 0, other = 0;
    char *buf = malloc(len + 1);
    assert_non_null(buf);

    for (size_t i = 0; i < base.f->n; i++) {
        for (int k = 0; k < Q_COUNT_; k++) {
            unsigned want = rel_mask[i * Q_COUNT_ + (size_t)k];
            const fs_amount *a = amount_of(&base.f->v[i], k);
            if (!want || !usable(a))
                continue;
            const fs_quantity *q = &a->q;
            char num[64];
            size_t nlen = q->num_end - q->num_start;
            if (nlen == 0 || nlen >= sizeof num)
                continue;
            memcpy(num, base.t->s + q->num_start, nlen);
            num[nlen] = '\0';
            /* the Arabic digits only (the span may carry a multiplier 万) */
            nlen = strspn(num, "0123456789.,");
            num[nlen] = '\0';
            if (nlen == 0 || !dig(num[nlen - 1]))
                continue; /* a Chinese numeral: not mutated */
            /* find it in the source */
            fs_srcpos sp = fs_text_pos(base.t, q->num_start);
            size_t lb, le;
            long at = -1;
            if (source_line(src, len, sp.line, &lb, &le) == 0)
                at = nth_numeral(src, lb, le, num, occurrence(base.t, q->num_start, num));
            if (at < 0) {
                unmapped++;
                print_message("UNMAPPED %s line %u: %s\n", rel, sp.line, num);
                continue;
            }
            memcpy(buf, src, len);
            size_t last = (size_t)at + nlen - 1;
            for (int pl = 0; pl < place; pl++) {
                if (last == (size_t)at) {
                    last = SIZE_MAX;
                    break;
                }
                last--;
                if (src[last] == '.' || src[last] == ',') {
                    if (last == (size_t)at) {
                        last = SIZE_MAX;
                        break;
                    }
                    last--;
                }
            }
            if (last == SIZE_MAX || !dig(src[last]))
                continue; /* too few digits for this place */
            int d = src[last] - '0';
            buf[last] = (char)('0' + (d >= 3 ? d - 3 : d + 3));
            made++;

            pipe m;
            int found = 0, found_want = 0, absorbed = 0;
            char got[2048] = "";
            if (pipe_run(pat, buf, len, &m, &e)) {
                snprintf(got, sizeof got, "pipeline failed: %s", e.msg);
            } else {
                absorbed = m.f->n == base.f->n && !detectable(m.f, (int)i, want);
                unsigned ok = want | BIT(FS_CHECK_RESTATEMENT) | BIT(FS_CHECK_DIRECTION);
                for (size_t x = 0; x < m.r->nfindings; x++) {
                    const fs_finding *fd = &m.r->findings[x];
                    if (!is_new(fd, base.r))
                        continue;
                    int names_fig = 0;
                    for (size_t y = 0; y < fd->nfigures; y++)
                        if (fd->figures[y].figure == (int)i)
                            names_fig = 1;
                    if (names_fig && (ok & BIT(fd->check)))
                        found = 1;
                    if (names_fig && (want & BIT(fd->check)))
                        found_want = 1;
                    size_t gl = strlen(got);
                    snprintf(got + gl, sizeof got - gl, " [%s fig %d: %s]",
                             fs_check_name(fd->check), fd->figures[0].figure, fd->message);
                }
                if (m.f->n != base.f->n) {
                    size_t gl = strlen(got);
                    snprintf(got + gl, sizeof got - gl, " (figures %zu → %zu)", base.f->n,
                             m.f->n);
                }
                pipe_free(&m);
            }
            if (absorbed && found && !found_want) {
                /* a restatement or direction contradiction the oracle does
                 * not model: a real inconsistency, caught */
                caught++;
                other++;
            } else if (absorbed) {
                /* the printed figures still admit exact values that satisfy
                 * every relation: nothing is wrong to find */
                made--;
                within++;
                if (found) {
                    alarms++;
                    print_message("ALARM %s line %u fig %zu %s %s %s→%c within tolerance, yet:%s\n",
                                  rel, sp.line, i, base.f->v[i].subject, QNAME[k], num, buf[last],
                                  got);
                }
            } else if (found) {
                caught++;
            } else {
                char expect[128] = "";
                for (int c = 0; c < FS_CHECK_COUNT_; c++)
                    if (want & BIT(c)) {
                        size_t el = strlen(expect);
                        snprintf(expect + el, sizeof expect - el, "%s%s", el ? "," : "",
                                 fs_check_name((fs_check_id)c));
                    }
                print_message("MISS %s line %u fig %zu %s %s %s→%c: expected %s; new findings:%s\n",
                              rel, sp.line, i, base.f->v[i].subject ? base.f->v[i].subject : "",
                              QNAME[k], num, buf[last], expect, got[0] ? got : " none");
            }
        }
    }
    print_message("%s, digit %d from the right: %zu of %zu detectable mutations caught (%.1f%%; %zu of them only by "
                  "restatement or direction); %zu more stayed within the rounding tolerance of "
                  "every relation (%zu reported anyway); %zu numbers not found in the source\n",
                  rel, place + 1, caught, made, made ? 100.0 * (double)caught / (double)made : 0.0, other,
                  within, alarms, unmapped);
    assert_int_equal(unmapped, 0);
    assert_int_equal(alarms, 0);
    *caught_out += caught;
    *made_out += made;
    free(buf);
    free(rel_mask);
    pipe_free(&base);
    free(src);
}

static void test_mutation_recall(void **state)
{
    (void)state;
    fs_patterns *pat = NULL;
    fs_error e;
    if (fs_patterns_load_default(&pat, &e))
        fail_msg("patterns: %s", e.msg);
    for (int place = 0; place < 2; place++) {
        size_t caught = 0, made = 0;
        mutate_document(pat, "corpus/liuzhou-2019.txt", place, &caught, &made);
        mutate_document(pat, "corpus/qiaoxi-2020.txt", place, &caught, &made);
        print_message("recall, digit %d from the right: %zu of %zu (%.1f%%)\n", place + 1,
                      caught, made, made ? 100.0 * (double)caught / (double)made : 0.0);
        /* the 2019 document alone relates over a hundred numbers */
        assert_true(made >= 100);
        assert_true(caught * 100 >= made * 98);
    }
    fs_patterns_free(pat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutation_recall),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
