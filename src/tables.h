/* tables.h — the tables a report prints, as data.
 *
 * Budgets and final accounts publish standard tables after their narrative
 * (收支预算总表, 一般公共预算支出表, "三公"经费支出表 …).  A table is read
 * from the characters of a PDF page and their boxes (rawdoc.h): rows by
 * baseline, cells by the gaps between characters, columns by the cells of
 * the rows that hold numbers and by the header labels clear of them (a
 * column blank in every row), header rows (above the first such row) as a
 * column path (支出 › 基本支出) where a header cell spans several columns, a
 * label wrapped in its cell as one label, a table that continues on the
 * next page as one table.  Text input gives its
 * TAB-separated rows, columns by position.
 *
 * Every cell keeps its text as printed; a cell that reads as a number also
 * carries it exactly (fs_dec) with its decimals.  Positions are PDF points
 * with the origin at the top left of the page (0 for text input). */
#ifndef FISCAN_TABLES_H
#define FISCAN_TABLES_H

#include "decimal.h"
#include "error.h"
#include "rawdoc.h"

#include <stddef.h>
#include <stdint.h>

typedef struct fs_tcell {
    char *text;              /* as printed, owned; "" for a blank cell */
    int has_number;          /* the text reads as one number (1,234.50 / -3 / 12.5%) */
    fs_dec number;           /* its value (a percentage as printed: 12.5) */
    int decimals;            /* digits after the point as printed */
    int percent;             /* printed with % */
    uint32_t page;           /* 0 for a blank cell */
    float x0, y0, x1, y1;
} fs_tcell;

typedef struct fs_trow {
    char *code;              /* 科目编码 as printed (2010101), joined from split
                                类/款/项 columns; owned; "" when none */
    char *name;              /* the row's label (its first text cell); owned */
    int level;               /* 1 类, 2 款, 3 项 by the code; 0 when no code */
    int total;               /* 1: 合计 / 总计 / 小计 row */
    fs_tcell *cells;         /* one per column */
    uint32_t page;
} fs_trow;

typedef struct fs_table {
    char *title;             /* the line above it that names it; owned; "" when none */
    const char *kind;        /* static: a standard table (shouzhi_zongbiao …) or "other" */
    char unit[16];           /* 万元 / 元 / 亿元 / 千元 from 单位：…; "" unknown */
    uint32_t page_first, page_last;
    size_t ncols;
    char **columns;          /* ncols header paths, owned ("支出 › 基本支出"; "" none) */
    int code_col, name_col;  /* -1 when none */
    fs_trow *rows;
    size_t nrows, cap;
} fs_table;

typedef struct fs_tables {
    fs_table *v;
    size_t n, cap;
} fs_tables;

/* Reads every table of d into out (which the caller frees with
 * fs_tables_free, also on failure).  Returns 0 or FS_E_NOMEM. */
int fs_tables_read(const fs_rawdoc *d, fs_tables *out, fs_error *e);

void fs_tables_free(fs_tables *t);

/* The Chinese name of a kind ("收支预算总表"), "" for other. */
const char *fs_table_kind_title(const char *kind);

#endif
