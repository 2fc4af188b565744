/* figures_impl.h — private to the figure reader (figures.c reads sentences,
 * roles.c gives each quantity its role and its figure, subjects.c names what
 * a number measures, breakdowns.c links parts to their totals, docinfo.c
 * reads the document's title, year and kind): the reading context and the
 * helpers the files share.  Not part of the API (figures.h). */
#ifndef FISCAN_FIGURES_IMPL_H
#define FISCAN_FIGURES_IMPL_H

#include "figures.h"
#include "scan.h"

#define FIG_MAX_SENT 8192     /* bytes: longer sentences are cut at a comma */
#define FIG_SUBJ_MAX 40       /* characters a subject may have */
#define FIG_SHARE_LOOKBACK 500 /* figures searched back for a share's whole */
#define NOPOS ((size_t)-1)

/* ------------------------------------------------------------------ */
/* Pattern matches of one sentence                                     */

enum { FAM_AMOUNT, FAM_CHANGE, FAM_RATE, FAM_PRIOR, FAM_SHARE, FAM_HEADCOUNT, FAM_PARTS, FAM_OTHER };
enum {
    G_SUBJECT, G_AMOUNT, G_BASIS, G_DIR, G_PERCENT, G_PRIOR, G_PRIOR_PERIOD, G_SHARE, G_OF,
    G_PERIOD, G_COUNT, G_UNIT, G_APPROX, G_CODE, G_BY, G_LIST, G_N
};
typedef struct pmatch {
    int fam;
    int prio;
    const char *name;
    size_t start, end;
    size_t g[G_N][2]; /* absolute spans; g[i][0] == NOPOS when absent */
} pmatch;

/* Roles a quantity can play. */
enum { R_NONE, R_VALUE, R_CHG_AMT, R_CHG_PCT, R_PRIOR, R_SHARE };

typedef struct qitem {
    fs_quantity q;
    int role;
    const pmatch *m;   /* the match that gave the role, or NULL */
    int rank;          /* priority of that match */
} qitem;

/* Kind of event inside a sentence, in text order. */
enum { EV_Q, EV_FLAT, EV_MARK };

/* A place in the text where a list of parts begins. */
enum { MK_QIZHONG, MK_INCLUDES, MK_BY, MK_RUXIA };
typedef struct marker {
    int kind;
    size_t pos;
    size_t list_end;   /* end of the inline list, NOPOS when not inline */
    int line_end;      /* the marker ends its line (list on the next lines) */
    int total;         /* figure the list breaks down, -1 */
    size_t by_a, by_b; /* 按X划分: span of X */
    int group;         /* breakdown made for it, -1 */
} marker;

typedef struct event {
    int kind;
    size_t pos;
    size_t idx;        /* into items / pm */
} event;

typedef struct ctx {
    const fs_text *t;
    const char *s;
    const fs_outline *o;
    fs_figures *f;
    fs_scanner *sc;
    pmatch *pm;
    size_t npm, pmcap;
    qitem *qi;
    size_t nqi, qicap;
    event *ev;
    size_t nev, evcap;
    size_t *rs, rscap;     /* reason clauses of the sentence: start, end pairs */
    marker *mk;
    size_t nmk, mkcap;
    size_t sent_a, sent_b; /* the sentence being scanned */
    size_t line_a, line_b; /* the line holding it */
    size_t line_first;     /* first figure found on that line */
    fs_error *e;
} ctx;

#define GROW(ptr, n, cap)                                                              \
    do {                                                                               \
        if ((n) == (cap)) {                                                            \
            size_t nc_ = (cap) ? (cap) * 2 : 16;                                       \
            void *np_ = realloc((ptr), nc_ * sizeof *(ptr));                           \
            if (!np_)                                                                  \
                return FS_E_NOMEM;                                                     \
            (ptr) = np_;                                                               \
            (cap) = nc_;                                                               \
        }                                                                              \
    } while (0)

static inline int has_group(const pmatch *m, int g)
{
    return m && m->g[g][0] != NOPOS;
}

typedef struct sstate {
    int cur;            /* figure the next change/rate/share belongs to */
    int first;          /* first figure of the sentence */
    int has_prior;      /* a prior waiting for the figure after it */
    fs_quantity prior_q;
    size_t prior_la, prior_lb;
    int prior_period;
    int in_reason;      /* the quantity stands in a reason clause (主要原因…) */
} sstate;

/* subjects.c */
fs_direction fig_dir_of(const char *s, size_t a, size_t b);
fs_direction fig_dir_before(const char *s, size_t lo, size_t pos, size_t *wstart);
int fig_strip_enumerator(const char *s, size_t *a, size_t b);
void fig_clean_subject(const char *s, size_t *a, size_t *b, int *period);
size_t fig_subject_back(const char *s, size_t lo, size_t pos);
void fig_subject_forward(const char *s, size_t pos, size_t end, size_t *a, size_t *b);
int fig_subject_match(const char *x, const char *y);
int fig_bare_changes(fs_figures *f, size_t first, const char *s, size_t a, size_t b,
                     const size_t *rs, long nrs);

/* figures.c */
int fig_new_group(fs_figures *f, int total, fs_parts_kind kind, const char *s, size_t by_a,
                  size_t by_b, int *out);
size_t fig_line_end_of(const fs_text *t, size_t pos);
size_t fig_clause_start(const char *s, size_t lo, size_t pos);
int fig_bracket_closes(const char *s, size_t from, size_t to);
size_t fig_open_bracket(const char *s, size_t lo, size_t pos);

/* roles.c */
void fig_assign_roles(ctx *c);
int fig_read_quantity(ctx *c, sstate *st, qitem *it, size_t *prev_end);
int fig_read_flat(ctx *c, sstate *st, const pmatch *m);
int fig_lone_prior(ctx *c, const sstate *st);

/* rates.c */
int fig_ratio_phrase(const char *s, size_t lo, size_t pos, size_t *ba, size_t *bb);
int fig_attach_ratio(ctx *c, sstate *st, const qitem *it, size_t ba, size_t bb);
int fig_attach_points(ctx *c, sstate *st, const qitem *it);

/* breakdowns.c */
int fig_in_brackets(const char *s, size_t a, size_t pos);
int fig_link_lists(ctx *c);
int fig_link_sections(ctx *c);
int fig_finish_totals(fs_figures *f);
void fig_resolve_shares(fs_figures *f);

/* docinfo.c */
int fig_docinfo(ctx *c);

#endif
