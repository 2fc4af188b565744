/* figures.h — the figures a report states, linked into records.
 *
 * One record per stated quantity: "一般公共预算支出953.39万元，同比增加183.39
 * 万元，同比增长23.82%" is one figure (subject 一般公共预算支出, value 953.39
 * 万元) with its change (同比, increase, 183.39万元, 23.82%), not three loose
 * numbers.  Shares (占一般公共预算37.9%), prior-period values (比2018年（上一
 * 年）预算4.62万元) and the breakdowns a figure belongs to (其中：…, 按…划分,
 * （一）…（二）… under a total, headcount splits) are linked the same way.
 *
 * Figures are plain C structs: only json_out.c turns them into JSON, and the
 * checks read them without ever looking at text.  Every offset is a byte
 * offset into the normalised text (fs_text.s) the figures were found in.
 * The JSON field names these map to are a contract (docs/json.md). */
#ifndef FISCAN_FIGURES_H
#define FISCAN_FIGURES_H

#include "error.h"
#include "number.h"
#include "outline.h"
#include "patterns.h"
#include "text.h"

#include <stddef.h>
#include <stdint.h>

typedef enum fs_figure_kind {
    FS_FIG_MONEY = 0,   /* 元 / 万元 / 亿元 */
    FS_FIG_HEADCOUNT,   /* 人 / 名 */
    FS_FIG_COUNT,       /* 个 项 辆 台 家 套 次 */
    FS_FIG_AREA         /* 平方米 */
} fs_figure_kind;

typedef enum fs_direction {
    FS_DIR_NONE = 0,    /* no direction word */
    FS_DIR_INCREASE,    /* 增加 增长 上升 提高 … */
    FS_DIR_DECREASE,    /* 减少 下降 降低 压减 … */
    FS_DIR_FLAT         /* 持平 一致 … */
} fs_direction;

/* A comparison word of an outcome with its budget, said after the figures
 * ("决算数小于预算数的主要原因…", "决算数与预算数基本持平"). */
typedef enum fs_compare {
    FS_CMP_NONE = 0,
    FS_CMP_GREATER,          /* 大于 高于 超过 */
    FS_CMP_LESS,             /* 小于 低于 未达到 */
    FS_CMP_EQUAL,            /* 等于 相等 一致 持平 (exactly) */
    FS_CMP_ABOUT             /* 基本持平 基本一致: a judgement, never wrong */
} fs_compare;

/* A printed quantity inside the text: the parsed value and where it stands.
 * present == 0 means "not stated" (JSON null). */
typedef struct fs_amount {
    int present;
    fs_quantity q;      /* q.start/q.end are offsets into fs_text.s */
} fs_amount;

/* A change of a rate in percentage points: "占…的67.1%，比上年提高2.4个百分
 * 点", "增长5.1%，高于全省平均增速2.6个百分点".  The rate it starts from is
 * printed only sometimes ("比上年的64.7%提高…"): prior is absent otherwise. */
typedef struct fs_points {
    int present;
    char *basis;             /* 比上年 / 高于全省平均增速 …, as written; owned */
    fs_direction direction;  /* 提高/增加 → increase, 下降/低于 → decrease */
    fs_amount points;        /* 2.4 (个百分点) */
    fs_amount prior;         /* 64.7 (%), the earlier or other rate; often absent */
} fs_points;

typedef struct fs_change {
    int present;
    char *basis;             /* 同比 / 比上年 / 较2019年预算 …, as written; owned; "" when none */
    fs_direction direction;  /* of the change as a whole (amount's word, else the rate's) */
    fs_amount amount;        /* 增加183.39万元; absent for "增长23.82%" alone */
    fs_amount percent;       /* 增长23.82%; absent when no rate is stated */
    fs_direction amount_dir; /* direction word printed with the amount (NONE if absent) */
    fs_direction percent_dir;/* direction word printed with the rate (NONE if absent) */
    fs_amount ratio;         /* 为上年的120.5%: the value as a percentage of the
                                earlier year's (a ratio, not a growth rate) */
    char *ratio_basis;       /* its words as written: "为上年决算数的"; owned; NULL
                                when no ratio */
    fs_points points;        /* a change of the rate in percentage points */
} fs_change;

typedef struct fs_prior {
    int present;
    int period;              /* year stated (2018), 0 when not stated */
    char *label;             /* as written: "2018年（上一年）预算"; owned; may be NULL */
    fs_amount value;
} fs_prior;

typedef struct fs_share {
    int present;
    fs_amount percent;       /* 37.9 (%); a share printed without % has unit NONE */
    int of;                  /* index of the whole's figure in fs_figures.v, -1 unknown */
    char *of_subject;        /* "一般公共预算", as written; owned */
    fs_points points;        /* 比上年提高2.4个百分点: a change of the share */
} fs_share;

/* How the parts of a total were introduced, and whether the list claims to
 * be the whole of it.  Checks only add up lists that are complete. */
typedef enum fs_parts_kind {
    FS_PARTS_NONE = 0,
    FS_PARTS_QIZHONG,        /* 其中：a…；b… (may list only the main parts) */
    FS_PARTS_BY,             /* 按…划分 breakdown */
    FS_PARTS_ENUM,           /* （一）…（二）… items under a total */
    FS_PARTS_INCLUDES,       /* 包括 a 和 b */
    FS_PARTS_HEADCOUNT       /* 编制86人，其中：行政编制37人… */
} fs_parts_kind;

/* Where a part of a figure's identity was read (identity.h). */
typedef enum fs_id_source {
    FS_ID_NONE = 0,      /* not known */
    FS_ID_SUBJECT,       /* the figure's own subject and the words before its value */
    FS_ID_LINE,          /* its paragraph, before it (a 类/款/项 path, a scope word) */
    FS_ID_BEFORE,        /* the paragraphs before its own (the nearest mention) */
    FS_ID_PARENT,        /* the total it is a part of */
    FS_ID_HEADING,       /* a heading of its section */
    FS_ID_DOCUMENT       /* the kind or year of the document */
} fs_id_source;

/* Which quantity a figure is (identity.h).  Strings are owned, never NULL
 * once assigned; "" when not known. */
typedef struct fs_identity {
    char *item;              /* 公共安全支出 › 司法 › 行政运行; 一般公共预算支出 */
    char *code;              /* 2040601 when printed, else "" */
    char *measure;           /* 年初预算 调整预算 全年预算 预算 执行数 预计执行 决算 */
    char *scope;             /* 财政拨款 一般公共预算 政府性基金预算 … */
    char *level;             /* 全市 市本级 全省 省本级 … */
    int period;              /* year, 0 when not known */
    int generic;             /* 1: the item is only a measure or total word or
                                a fragment: never the same quantity as another */
    int in_parens;           /* 1: its number stands inside brackets opened in
                                its sentence (a sub-list: （其中：…）) */
    int in_table;            /* 1: read from a table row (cells apart by TAB),
                                not from a narrative sentence */
    int certain;             /* 1: item, measure and (in a report on several
                                budgets) level and fund are all known from the
                                figure's own paragraph or total: comparable */
    fs_id_source item_from, measure_from, scope_from, level_from, period_from;
} fs_identity;

typedef struct fs_figure {
    fs_figure_kind kind;
    char *subject;           /* what is measured, owned: 一般公共预算支出 */
    size_t subject_start, subject_end; /* its span in fs_text.s (equal when
                                the sentence names no subject) */
    int period;              /* year stated, else the document's year, else 0 */
    fs_amount value;         /* the amount itself; absent (present == 0) only
                                for a change stated without the amount it
                                changes: "其中：基本支出增加5.9万元" */
    fs_change change;
    fs_prior prior;
    fs_share share;
    int parent;              /* index of the total this figure is a part of, -1 */
    int group;               /* index into fs_figures.groups of the breakdown
                                (list of parts) it was listed in, -1; a total
                                may be broken down more than once (按支出功能
                                分类 and 按支出结构), and only the parts of one
                                group add up to it */
    fs_parts_kind parts_kind;/* when this figure is a total: how the parts of its
                                first breakdown were listed (all breakdowns
                                are in fs_figures.groups) */
    int parts_complete;      /* 1: the text presents the parts as the whole;
                                0: they may be only some of it; -1: not a total */
    char *parts_by;          /* 按支出功能分类科目划分 → "支出功能分类科目"; owned; may be NULL */
    int section;             /* index into the outline, -1 */
    uint32_t page, line;     /* source position of the value */
    size_t quote_start, quote_end; /* the sentence, as a span of fs_text.s */
    const char *pattern;     /* name of the pattern that found the value (static in fs_patterns) */
    fs_identity id;          /* which quantity it is (identity.h) */
    fs_compare compare;      /* 决算数…预算数 said of this item after this
                                figure (its outcome), FS_CMP_NONE when not */
    size_t compare_start, compare_end; /* the words, in fs_text.s */
    int grand;               /* 1: the words before its value call it 总计
                                (收入支出总计…): a grand total */
    int disordered;          /* 1: its sentence came out of the PDF out of
                                order (".82万元", "万元，万元", "39.5020.00万元"):
                                read, but no relation over it is decided */
} fs_figure;

/* One breakdown of a total into parts: the parts are the figures whose
 * group is this entry's index. */
typedef struct fs_breakdown {
    int total;               /* index of the total in fs_figures.v */
    fs_parts_kind kind;
    int complete;            /* 1: presented as the whole; 0: maybe only some */
    char *by;                /* 按X划分 → "X"; owned; may be NULL */
    size_t nparts;
} fs_breakdown;

/* Document metadata stated in the text. */
typedef struct fs_docinfo {
    char *title;             /* owned, may be NULL */
    char *organisation;      /* owned, may be NULL */
    int year;                /* 0 when not stated */
    char kind[16];           /* "预算", "决算" or "other" */
} fs_docinfo;

/* A number-like span of the text that cannot be represented exactly (more
 * than 18 significant digits, 9 decimal places, a value beyond 10^17 base
 * units, a fraction): no figure is made of it, and it is reported, so that
 * nothing is silently lost and nothing is read as a wrong value. */
typedef struct fs_unread {
    size_t start, end;       /* offsets into fs_text.s */
    uint32_t page, line;     /* of start */
    char reason[64];         /* "more than 18 significant digits", … */
} fs_unread;

typedef struct fs_figures {
    fs_figure *v;            /* in document order of their values */
    size_t n, cap;
    fs_breakdown *groups;    /* every breakdown, in order of their first part */
    size_t ngroups, gcap;
    fs_docinfo info;
    size_t pattern_errors;   /* sentences whose pattern scan failed (a match
                                limit hit, bad UTF-8): read without patterns */
    char pattern_error[512]; /* the first such failure, naming the pattern;
                                its offset counts from the sentence start */
    size_t pattern_error_at; /* where that sentence starts in fs_text.s */
    size_t unattached;       /* changes, rates, shares and priors found with
                                no figure in their sentence to belong to */
    fs_unread *unread;       /* numbers left out, in text order */
    size_t nunread, ucap;
} fs_figures;

/* Finds every figure of t (the rules are described at the top of
 * figures.c).  outline may be NULL (sections then -1); p is the
 * pattern set to use (read-only).  Returns 0 and *out (caller frees with
 * fs_figures_free), or a negative FS_E* code with e filled. */
int fs_figures_extract(const fs_text *t, const fs_outline *outline, const fs_patterns *p,
                       fs_figures **out, fs_error *e);

void fs_figures_free(fs_figures *f);

/* Where figure g's number starts in the text: its value, else its change
 * amount, else its rate, else its sentence. */
size_t fs_figure_anchor(const fs_figure *g);

#endif
