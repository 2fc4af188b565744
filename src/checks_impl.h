/* checks_impl.h — private to the checks stage (checks.c and the check
 * families check_growth.c, check_share.c, check_sum.c, check_restate.c): the
 * context every check function sees, the helpers the families share and the
 * entry point of each check.  Not installed and not part of the API, which
 * is checks.h.  Each helper is described at its definition in checks.c; a
 * helper that one family alone uses stays static in that family's file. */
#ifndef FISCAN_CHECKS_IMPL_H
#define FISCAN_CHECKS_IMPL_H

#include <stddef.h>

#include "buf.h"
#include "checks.h"

/* ------------------------------------------------------------- context */

/* What every check function sees: the figures, the options, the result being
 * filled, and child lists of the totals (built once). */
typedef struct chk_ctx {
    const fs_figures *f;
    fs_rounding mode;
    fs_check_result *r;
    /* Lists of parts: one per breakdown of fs_figures.groups, then one per
     * total whose parts carry no group.  A total broken down twice (按支出
     * 功能分类 and 按支出结构) has two lists, each added up on its own. */
    size_t nlists;
    int *list_total;    /* per list: the total, -1 for an unused slot */
    int *list_complete; /* per list: 1 when presented as the whole */
    int *list_first;    /* per list: first part, -1 */
    int *next_in_list;  /* per figure: next part of the same list, -1 */
    unsigned char *open_parts; /* per figure: 1 when it has a part not in brackets */
    const struct fs_tables *tables; /* the document's tables, or NULL */
    int failed;        /* FS_E_NOMEM once an allocation failed */
} chk_ctx;

/* ------------------------------------------------ figures and messages */

const char *chk_subj(const chk_ctx *c, int i);
void chk_qtext(const fs_quantity *q, int magnitude, char *buf, size_t n);
int chk_q_is_rate(const fs_quantity *q);
int chk_same_base(const fs_quantity *a, const fs_quantity *b);
fs_printed chk_to_printed(const fs_quantity *q, int as_rate, int magnitude, int negate);
fs_direction chk_amount_dir(const fs_change *ch);
fs_direction chk_percent_dir(const fs_change *ch);
const char *chk_amount_word(fs_direction d);
const char *chk_rate_word(fs_direction d);
int chk_crossing_kind(const fs_figure *g);
const char *chk_unusable(const fs_quantity *q);
/* 1 when identity measure m is one of a budget (年初预算, 调整预算, 全年预算,
 * 预算): the measure an outcome is completed or compared against. */
int chk_budget_measure(const char *m);
double chk_dec_double(const char *s);
const fs_quantity *chk_earlier_year(const chk_ctx *c, int i, int *pf, int *period);
char *chk_strf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* ------------------------------------------------------ result records */

void chk_add_skip(chk_ctx *c, fs_check_id id, const int *idx, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
void chk_add_finding(chk_ctx *c, fs_check_id id, fs_severity sev, const int *idx, size_t n,
                     const fs_check_stated *st, const fs_check_expected *ex, fs_buf *msg);
void chk_add_ok(chk_ctx *c, fs_check_id id);
fs_check_stated chk_stated_of(const fs_quantity *q, int fig, int magnitude, int negate);
fs_check_expected chk_expected_of(const fs_interval *iv, int decimals);
void chk_judge(chk_ctx *c, fs_check_id id, fs_verdict v, const fs_check *chk,
               const fs_q *center, const int *idx, size_t n, const fs_check_stated *st,
               int decimals, const char *unit, int signed_change, const char *lhs,
               const char *rhs, const char *basis);

/* A sum-like verdict over the total idx[0] and its parts idx[1..n]: a
 * complete list is judged; an incomplete one only when the parts exceed the
 * whole (check_sum.c). */
void chk_judge_list(chk_ctx *c, fs_check_id id, fs_verdict v, const fs_check *chk,
                    const fs_q *center, const int *idx, size_t n, int complete, int any_negative,
                    const fs_check_stated *st, int decimals, const char *unit, const char *lhs,
                    const char *rhs, const char *basis);

/* ----------------------------------------------- exact spans (fs_dec) */

/* The values a printed quantity stands for, in its base unit, as fs_dec
 * bounds.  point: an exact figure (lo == hi, both ends closed). */
typedef struct chk_dspan {
    fs_dec lo, hi;
    int lo_open, hi_open, point;
} chk_dspan;

int chk_q_span(const fs_quantity *q, int negate, fs_rounding mode, chk_dspan *s);
int chk_spans_share(const chk_dspan *a, const chk_dspan *b);
int chk_pair_verdict(const chk_ctx *c, const fs_quantity *a, int na, const fs_quantity *b,
                     int nb, int (*rel)(const chk_dspan *, const chk_dspan *));

/* -------------------------------------------------------------- checks */

/* One per row of CHECKS[] (checks.c), each in its family's file. */
void chk_growth(chk_ctx *c);      /* check_growth.c */
void chk_prior(chk_ctx *c);       /* check_growth.c */
void chk_direction(chk_ctx *c);   /* check_growth.c */
void chk_share(chk_ctx *c);
void chk_completion(chk_ctx *c);       /* check_share.c */
void chk_sum(chk_ctx *c);         /* check_sum.c */
void chk_item_sums(chk_ctx *c);   /* check_items.c; run by chk_sum */
void chk_change_sum(chk_ctx *c);  /* check_sum.c */
void chk_share_sum(chk_ctx *c);   /* check_sum.c */
void chk_restatement(chk_ctx *c); /* check_restate.c */
void chk_comparison(chk_ctx *c);  /* check_compare.c */
void chk_points(chk_ctx *c);      /* check_rates.c */
void chk_table(chk_ctx *c);       /* check_tables.c */
void chk_table_sum(chk_ctx *c);   /* check_table_sum.c */
/* check_tables.c: the unit exponent of a table unit (万元 → 4, -1 unknown);
 * the one table of a kind (NULL when none or several) */
struct fs_table;
int chk_unit_exp(const char *u);
const struct fs_table *chk_only_table(const struct fs_tables *t, const char *k);
/* check_tables.c: judges figure i against table cell T (unit exponent ue):
 * the two agree when their rounding intervals meet.  lhs_word goes between
 * the figure's subject and its amount ("总计"); rhs (owned, freed here)
 * says where the cell is. */
struct fs_tcell;
void chk_table_judge(chk_ctx *c, int i, const struct fs_table *x, size_t r, size_t col,
                     const struct fs_tcell *T, int ue, const char *lhs_word, char *rhs);
/* check_table_sum.c: fills v with cell (r, c) of table t, index ti */
void chk_put_cell(fs_check_cell *v, const struct fs_table *t, size_t ti, size_t r, size_t c);
/* check_table_sangong.c: figure i, a "三公" amount, against the 三公 table */
void chk_table_sangong(chk_ctx *c, int i);
/* growth from 为上年的R% of figure i (check_rates.c; called by chk_growth) */
void chk_growth_ratio(chk_ctx *c, int i);

#endif
