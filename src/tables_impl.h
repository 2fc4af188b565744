/* tables_impl.h — what the table reader's files share (private to
 * tables.c and tables_header.c). */
#ifndef FISCAN_TABLES_IMPL_H
#define FISCAN_TABLES_IMPL_H

#include "tables.h"

#include <stddef.h>

/* A word of a line: glyphs closer than the gaps that part cells. */
typedef struct word {
    char *text;
    float x0, y0, x1, y1;
    int number;
} word;

typedef struct tline {
    word *w;
    size_t n;
    word *hw;     /* the line cut also where a gap is wide for its word (two
                     header cells set close: 2018年完|完成数为预); NULL for a
                     data line (then w) */
    size_t nh;
    float y0, y1;
    float size;   /* the largest font size of the line */
    float mid;    /* the vertical centre of its first glyph */
    int data;     /* a number word and at least two words, room between */
    int hasnum;   /* a number word (a lone amount of a wrapped row counts) */
    int title;    /* text only, names a table (holds 表, no 。) */
    int caption;  /* text only, one run of words that may name a table without
                   * 表 (2025年全市一般公共预算收入执行情况) */
    int meta;     /* text only, a label line: 部门：…, 单位：万元 */
} tline;

/* How far [a0,a1] and [b0,b1] overlap (negative: the gap between them). */
float tbl_overlap(float a0, float a1, float b0, float b1);

/* The column of cx (nc intervals) a word over [x0,x1] belongs to: of its
 * kind (isnum[c] == number, isnum may be NULL) the one it overlaps most,
 * else of any kind the one it overlaps most (nearest when none). */
size_t tbl_column_of(const float *cx, const int *isnum, size_t nc, float x0, float x1, int number);

/* The unit named in s (单位：万元) copied into u; 1 when found. */
int tbl_unit_in(const char *s, char *u, size_t n);

/* Adds to the columns cx / isnum (nc, both malloc'd, replaced on success)
 * those printed with no amount: a header label of L[a..d) clear of every
 * column (and of the labels that head one) is a column of its own. */
int tbl_header_columns(const tline *L, size_t a, size_t d, float **cx, int **isnum, size_t *nc);

/* The header path of each of t's ncols columns (t->columns, owned by t)
 * from the header lines L[a..d). */
int tbl_header_paths(fs_table *t, const tline *L, size_t a, size_t d, const float *cx);

#endif
