/* checks.h — exact, rounding-aware checks of the arithmetic a report states.
 *
 * The checks read the linked figure records (figures.h) and nothing else:
 * never the text.  Each relation between printed figures is decided by
 * interval.h on exact rationals: a printed number stands for every exact
 * value that prints that way, a relation is consistent when some values
 * inside the printed intervals satisfy it and an error only when none do.
 *
 * Checks (each on by default, chosen with --checks):
 *   growth       rate = change / (value − change) for an increase,
 *                change / (value + change) for a decrease; a rate on a
 *                prior value that prints as zero is an error (growth from
 *                zero is undefined).
 *   prior        stated prior value = value − change (increase) or
 *                value + change (decrease).
 *   share        part / whole = the stated share (share.of must be known).
 *   sum          the parts of a total add up to it (n parts carry n
 *                rounding half-units, no more).
 *   change_sum   the parts' signed changes add up to the total's change.
 *   share_sum    the shares of a complete breakdown add up to 100%.
 *   restatement  one quantity (identity) stated twice with values, changes,
 *                rates or prior values that no single exact number prints as.
 *   direction    words that contradict numbers (增加 with a rate worded
 *                下降, 持平 with a non-zero change, a decrease larger than
 *                the prior value or above 100%).
 *
 * Exact figures.  Whole counts printed without decimals or multiplier (37人,
 * 4个) and zeros printed without decimals (0万元: "none") are exact points;
 * every other printed number is its rounding interval.
 *
 * Severity.  A relation that fails under the chosen rounding is an error.
 * Under rounding to nearest (the default), a failing relation that holds
 * when the figures are read as truncated (截尾) — or some truncated and some
 * rounded — is a warning, and its message says so.
 *
 * Ambiguity is never guessed at: a relation the records leave open (share.of
 * == -1, a 其中 list that may be incomplete and sums below its total,
 * changes against a different basis, approximate amounts, a direction not
 * stated) is recorded in `skipped` with its reason, and not checked.
 *
 * Incomplete lists (parts_complete == 0, e.g. 其中).  Parts that add up to
 * MORE than the total are still an error for money and area: the parts of a
 * whole are disjoint and non-negative, so whatever is missing can only add.
 * This relies on figures linking as parts only items of the whole (not
 * cross-cutting attributes); it is not applied when a part is negative, nor
 * to head counts and counts, whose 其中 lists often cross (女性 60人、党员
 * 50人 of 100人): those are skipped.  The same holds for shares (incomplete
 * shares above 100% are an error).  Changes of an incomplete list are never
 * added: a missing part may be zero now and still carry a change.
 *
 * Restatement.  Two statements of one quantity are consistent when some
 * exact number prints as both, i.e. when their rounding intervals share an
 * interior point (or both print the same value): 953.39 and 953.4 can be the
 * same number printed at two precisions; 953.39 and 953.38 cannot when both
 * are rounded (their nearest intervals only touch at a tie), though one
 * rounded and one cut can (a warning).  Statements are grouped by identity
 * (identity.h): item, code, measure, scope, level and period known to the
 * end and equal, and kind; head counts and counts also by section, because
 * multi-unit reports repeat 编制/在职 per unit.  Two figures of one sentence
 * or one list are parallel items, never one quantity (skipped); figures
 * named only by a measure word or fragment are skipped.  Statements in two
 * sections of the outline (unless both print one 科目 code), or parts of
 * totals with different subjects, are taken as one quantity only when their
 * values agree, and then their changes, rates and prior values must agree
 * too; their values are never compared.  In each group the statement
 * agreeing with most others is the reference and each disagreeing one is a
 * finding.  Changes and rates are compared only when their bases are written
 * alike, prior values only for the same stated period.
 *
 * Lists.  The parts of a list are added up only when nothing speaks against
 * them being its parts (a generic part, a part that is itself a total,
 * revenue under expenditure in a 其中/包括 list, parallel expenditure
 * classes, a 其中 part with an unbracketed 其中 list of its own); a list of
 * one part is complete only under an explicit classification (按…划分).
 *
 * Growth from a stated prior (2025年当年预算执行数为A，2026年预算安排B，比
 * 2025年增加R%) is the ratio B / A against 100% ± R, exactly; a prior of the
 * same year is not the base.  Growth from a prior printed as zero is a
 * warning (a new item).  Shares of a list printed to total exactly 100%,
 * one of them a unit off, are a warning (largest-remainder rounding).
 *
 * Messages and reasons are one sentence in Chinese, built from the figures'
 * parsed values (fs_dec_to_string + fs_quantity_unit_text), never from text. */
#ifndef FISCAN_CHECKS_H
#define FISCAN_CHECKS_H

#include <stddef.h>
#include <stdint.h>

#include "decimal.h"
#include "error.h"
#include "figures.h"
#include "interval.h"

/* The checks, in the order they run and report.  The bit of a check in
 * fs_check_opts.checks is 1u << its id. */
typedef enum fs_check_id {
    FS_CHECK_GROWTH = 0,
    FS_CHECK_PRIOR,
    FS_CHECK_SHARE,
    FS_CHECK_SUM,
    FS_CHECK_CHANGE_SUM,
    FS_CHECK_SHARE_SUM,
    FS_CHECK_RESTATEMENT,
    FS_CHECK_DIRECTION,
    FS_CHECK_COMPLETION,  /* outcome / budget = the stated completion rate */
    FS_CHECK_COMPARISON,  /* 决算数大于/小于/等于预算数 against the two amounts */
    FS_CHECK_POINTS,      /* 比上年的64.7%提高2.4个百分点 against the two rates */
    FS_CHECK_TABLE,       /* a narrative total against the same total in its table */
    FS_CHECK_TABLE_SUM,   /* inside a table: 类 = Σ 款 = Σ 项 by code, 合计 = Σ 类 */
    FS_CHECK_COUNT_ /* number of checks; not a check */
} fs_check_id;

#define FS_CHECKS_ALL ((1u << FS_CHECK_COUNT_) - 1u)

struct fs_tables;

typedef struct fs_check_opts {
    unsigned checks;      /* bitmask of 1u << fs_check_id; FS_CHECKS_ALL by default */
    fs_rounding rounding; /* FS_RND_NEAREST (default), _TRUNCATE or _EITHER */
    const struct fs_tables *tables; /* the document's tables (tables.h), borrowed,
                                       for the table check; NULL: not run */
} fs_check_opts;

typedef enum fs_severity {
    FS_SEV_ERROR = 0,
    FS_SEV_WARNING
} fs_severity;

/* One figure taking part in a finding or a skipped relation. */
typedef struct fs_check_fig {
    int figure;           /* index into fs_figures.v */
    uint32_t page, line;  /* source position of its value (copied from the figure) */
} fs_check_fig;

/* The printed value that fails. */
typedef struct fs_check_stated {
    int figure;           /* the figure it belongs to (share_sum: the total; text "100%") */
    char text[96];        /* as rebuilt from its parsed value: "25.82%", "953.39万元" */
    char value[48];       /* the printed number alone, exact: "25.82", "953.39" */
    double number;        /* the same, for display only */
    size_t start, end;    /* where it is printed in the text; start == end
                             when it is not printed (share_sum's 100%) */
} fs_check_stated;

/* The range the other figures allow for the stated one, in its unit (a rate
 * as a percent number, an amount in its printed 万元).  low is rounded down
 * and high up at 4 more decimals than the stated figure has (trailing zeros
 * dropped), so [low, high] encloses the exact range and equals it when the
 * bounds have that few digits. */
typedef struct fs_check_expected {
    int present;          /* 0 for findings without a range (direction) */
    char low[64], high[64];
    double low_value, high_value; /* for display only */
    int low_open, high_open;      /* 1 when that exact bound is excluded */
} fs_check_expected;

/* A table cell taking part in a finding (the table checks): the total
 * first, then its parts. */
typedef struct fs_check_cell {
    uint32_t table;       /* index into the document's tables (JSON id "t1" = 0) */
    uint32_t row, col;    /* 0-based in that table */
    uint32_t page;
    float box[4];         /* x0, y0, x1, y1 in PDF points, top-left origin */
    char text[48];        /* as printed */
} fs_check_cell;

typedef struct fs_finding {
    unsigned id;          /* 1, 2, … in the order reported */
    fs_check_id check;
    fs_severity severity;
    fs_check_fig *figures; /* owned; the stated figure first */
    size_t nfigures;
    fs_check_cell *cells;  /* owned; table checks only, else NULL */
    size_t ncells;
    fs_check_stated stated;
    fs_check_expected expected;
    char *message;        /* owned, one sentence in Chinese (UTF-8) */
} fs_finding;

/* A relation the checks did not decide, and why. */
typedef struct fs_skipped {
    fs_check_id check;
    fs_check_fig *figures; /* owned */
    size_t nfigures;
    char *reason;         /* owned, one sentence in Chinese (UTF-8) */
} fs_skipped;

typedef struct fs_check_summary {
    size_t checked;       /* relations decided (consistent, error or warning) */
    size_t errors, warnings, skipped;
    size_t checked_by[FS_CHECK_COUNT_];
    size_t errors_by[FS_CHECK_COUNT_];
    size_t warnings_by[FS_CHECK_COUNT_];
    size_t skipped_by[FS_CHECK_COUNT_];
} fs_check_summary;

typedef struct fs_check_result {
    fs_finding *findings; /* in check order, then figure order */
    size_t nfindings, findings_cap;
    fs_skipped *skipped;
    size_t nskipped, skipped_cap;
    fs_check_summary summary;
} fs_check_result;

/* The default options: every check, rounding to nearest. */
fs_check_opts fs_check_opts_default(void);

/* The name of a check ("growth", "change_sum", …) or NULL; static. */
const char *fs_check_name(fs_check_id id);

/* "error" or "warning"; static. */
const char *fs_severity_name(fs_severity s);

/* Parses a comma-separated list of check names (spaces around names
 * allowed; "all" stands for every check) into *mask.  Returns 0, or
 * FS_E_USAGE with a message naming the bad entry for an unknown or empty
 * name or an empty list. */
int fs_checks_parse_list(const char *csv, unsigned *mask, fs_error *e);

/* Runs the checks of o (NULL: the defaults) over f.  Returns 0 and *out
 * (caller frees with fs_check_result_free), or FS_E_NOMEM / FS_E_USAGE with
 * e filled.  Reads only the figure records; allocates everything it returns. */
int fs_checks_run(const fs_figures *f, const fs_check_opts *o, fs_check_result **out,
                  fs_error *e);

void fs_check_result_free(fs_check_result *r);

#endif
