/* fuzz_checks.c — the arithmetic checks over arbitrary figure records.
 *
 * Rather than reaching the checks only through text (which the figure stage
 * would mostly turn into few and well-formed records), the bytes describe
 * the records themselves, one per line, so the checks see any numbers,
 * units, precisions, directions and links between figures, valid or not.
 * Every quantity is made by fs_number_parse from text, so it holds what the
 * parser guarantees; everything else (indices, kinds, flags) is taken as
 * given, out of range included, because fs_checks_run must refuse or
 * survive any record set.
 *
 * Format (fields separated by '|', missing fields empty):
 *   O|checks|rounding          options: bit mask of checks, rounding mode
 *   G|total|kind|complete|by   a breakdown (fs_breakdown)
 *   kind|subject|period|value|basis|dirs|change_amount|change_percent|
 *     prior_period|prior_value|share|share_of|of_subject|parent|group|
 *     parts_kind|parts_complete|section|parts_by
 *                              a figure; kind M H C A (money, headcount,
 *                              count, area); dirs up to three of 0 + - =
 *                              (change, amount, rate direction); an empty
 *                              value is a figure without value; an empty
 *                              parent, group, share_of or section is -1. */
#include "fuzz.h"

#include "checks.h"
#include "figures.h"
#include "number.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FIELDS 20
#define MAX_FIGURES 400

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

typedef struct field {
    const char *p;
    size_t n;
} field;

/* Splits line[0..n) at '|' into at most MAX_FIELDS fields; returns how many. */
static size_t split(const char *line, size_t n, field *f)
{
    size_t k = 0, a = 0;
    for (size_t i = 0; i <= n && k < MAX_FIELDS; i++) {
        if (i == n || line[i] == '|') {
            f[k].p = line + a;
            f[k].n = i - a;
            k++;
            a = i + 1;
        }
    }
    return k;
}

/* The field as an int (decimal, sign allowed, clamped to int), or dflt when
 * empty or not a number. */
static int to_int(const field *f, int dflt)
{
    char buf[24];
    if (f->n == 0 || f->n >= sizeof buf)
        return dflt;
    memcpy(buf, f->p, f->n);
    buf[f->n] = 0;
    char *end;
    long v = strtol(buf, &end, 10);
    if (end == buf)
        return dflt;
    if (v > INT_MAX)
        return INT_MAX;
    if (v < INT_MIN)
        return INT_MIN;
    return (int)v;
}

/* A malloc'd NUL-terminated copy of the field (NULL when empty and
 * empty_null, or on allocation failure). */
static char *to_str(const field *f, int empty_null)
{
    if (f->n == 0 && empty_null)
        return NULL;
    char *s = malloc(f->n + 1);
    if (s) {
        memcpy(s, f->p, f->n);
        s[f->n] = 0;
    }
    return s;
}

/* Parses the field as a quantity into a; absent when empty or refused. */
static void to_amount(const field *f, fs_amount *a)
{
    memset(a, 0, sizeof *a);
    if (f->n && fs_number_parse(f->p, f->n, &a->q, NULL) == 0)
        a->present = 1;
}

static fs_direction to_dir(char c)
{
    switch (c) {
    case '+': return FS_DIR_INCREASE;
    case '-': return FS_DIR_DECREASE;
    case '=': return FS_DIR_FLAT;
    default: return FS_DIR_NONE;
    }
}

/* Fills one figure from its fields (nf of them, the rest empty). */
static void parse_figure(fs_figure *g, field *f, size_t nf)
{
    static const char empty[] = "";
    for (size_t k = nf; k < MAX_FIELDS; k++) {
        f[k].p = empty;
        f[k].n = 0;
    }
    memset(g, 0, sizeof *g);
    switch (f[0].n ? f[0].p[0] : 'M') {
    case 'H': g->kind = FS_FIG_HEADCOUNT; break;
    case 'C': g->kind = FS_FIG_COUNT; break;
    case 'A': g->kind = FS_FIG_AREA; break;
    default: g->kind = FS_FIG_MONEY; break;
    }
    g->subject = to_str(&f[1], 0);
    g->period = to_int(&f[2], 0);
    to_amount(&f[3], &g->value);
    const char *d = f[5].p;
    size_t dn = f[5].n;
    g->change.direction = to_dir(dn > 0 ? d[0] : 0);
    g->change.amount_dir = to_dir(dn > 1 ? d[1] : 0);
    g->change.percent_dir = to_dir(dn > 2 ? d[2] : 0);
    to_amount(&f[6], &g->change.amount);
    to_amount(&f[7], &g->change.percent);
    g->change.present = f[4].n || dn || g->change.amount.present || g->change.percent.present;
    g->change.basis = to_str(&f[4], 0);
    g->prior.period = to_int(&f[8], 0);
    to_amount(&f[9], &g->prior.value);
    g->prior.present = f[8].n || g->prior.value.present;
    g->prior.label = to_str(&f[8], 1);
    to_amount(&f[10], &g->share.percent);
    g->share.present = f[10].n > 0;
    g->share.of = to_int(&f[11], -1);
    g->share.of_subject = to_str(&f[12], 1);
    g->parent = to_int(&f[13], -1);
    g->group = to_int(&f[14], -1);
    int pk = to_int(&f[15], 0);
    g->parts_kind = pk >= 0 && pk <= FS_PARTS_HEADCOUNT ? (fs_parts_kind)pk : FS_PARTS_NONE;
    g->parts_complete = to_int(&f[16], -1);
    g->section = to_int(&f[17], -1);
    g->parts_by = to_str(&f[18], 1);
    g->pattern = "fuzz";
}

/* Frees what the harness put into f (the parts fs_figures_free would). */
static void free_figures(fs_figures *f)
{
    for (size_t i = 0; i < f->n; i++) {
        fs_figure *g = &f->v[i];
        free(g->subject);
        free(g->change.basis);
        free(g->prior.label);
        free(g->share.of_subject);
        free(g->parts_by);
    }
    for (size_t i = 0; i < f->ngroups; i++)
        free(f->groups[i].by);
    free(f->v);
    free(f->groups);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    fs_figures f;
    memset(&f, 0, sizeof f);
    fs_check_opts o = fs_check_opts_default();
    size_t nlines = 1;
    for (size_t i = 0; i < size; i++)
        nlines += s[i] == '\n';
    if (nlines > MAX_FIGURES)
        nlines = MAX_FIGURES;
    f.v = calloc(nlines, sizeof *f.v);
    f.groups = calloc(nlines, sizeof *f.groups);
    if (!f.v || !f.groups) {
        free(f.v);
        free(f.groups);
        return 0;
    }
    size_t a = 0;
    while (a < size && f.n + f.ngroups < nlines) {
        const char *nl = memchr(s + a, '\n', size - a);
        size_t b = nl ? (size_t)(nl - s) : size;
        field fl[MAX_FIELDS];
        size_t nf = split(s + a, b - a, fl);
        if (fl[0].n == 1 && fl[0].p[0] == 'O') {
            if (nf > 1)
                o.checks = (unsigned)to_int(&fl[1], (int)FS_CHECKS_ALL);
            if (nf > 2)
                o.rounding = (fs_rounding)(to_int(&fl[2], 0) & 3);
        } else if (fl[0].n == 1 && fl[0].p[0] == 'G') {
            fs_breakdown *g = &f.groups[f.ngroups++];
            g->total = nf > 1 ? to_int(&fl[1], -1) : -1;
            int k = nf > 2 ? to_int(&fl[2], 0) : 0;
            g->kind = k >= 0 && k <= FS_PARTS_HEADCOUNT ? (fs_parts_kind)k : FS_PARTS_NONE;
            g->complete = nf > 3 ? to_int(&fl[3], 0) : 0;
            g->by = nf > 4 ? to_str(&fl[4], 1) : NULL;
        } else if (b > a) {
            parse_figure(&f.v[f.n++], fl, nf);
        }
        a = b + 1;
    }
    for (size_t i = 0; i < f.n; i++) {
        int g = f.v[i].group;
        if (g >= 0 && (size_t)g < f.ngroups)
            f.groups[g].nparts++;
    }
    fs_error e;
    fs_check_result *r = NULL;
    if (fs_checks_run(&f, &o, &r, &e) == 0) {
        for (size_t i = 0; i < r->nfindings; i++)
            if (!r->findings[i].message || r->findings[i].nfigures == 0)
                abort(); /* every finding names its figures and says why */
        fs_check_result_free(r);
    }
    free_figures(&f);
    return 0;
}
