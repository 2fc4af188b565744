/* tables_impl.h — what the table reader's files share (private to
 * tables.c, tables_lines.c, tables_title.c and tables_header.c). */
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
    int unithead; /* text only, header cells one of which names the unit
                   * (项目 | 预算数（单位：万元） | 绩效目标) */
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
 * from the header lines L[a..d); nl: the body's row numbering the columns
 * (栏次 1 2 3 …) or NULL. */
int tbl_header_paths(fs_table *t, const tline *L, size_t a, size_t d, const float *cx,
                     const tline *nl);

/* Whether s is the header cell of a part of a split code: 类, 款 or 项. */
int tbl_is_code_part(const char *s);

#define T_ROW_GAP 3.5f /* font sizes between the lines of one table */
#define T_MAX_HEADER 6 /* lines of a header at most */
#define T_TITLE_UP 5   /* lines between a title and its header at most */

/* tables_lines.c: the value of a cell's text s when it is one number
 * (1,234.50, -3, 12.5%), its decimals and whether printed with %; 1 then. */
int tbl_parse_number(const char *s, fs_dec *v, int *decimals, int *percent);
/* tables_lines.c: the lines of one PDF page, top to bottom, its running
 * header, footer and page number (furn: fs_furniture's marks of the page's
 * lines) left out; *out freed with tbl_free_lines. */
int tbl_page_lines(const fs_rawpage *pg, const uint8_t *furn, tline **out, size_t *nout);
void tbl_free_lines(tline *l, size_t n);
/* tables_lines.c: the words of line l joined by spaces (caller frees);
 * NULL when out of memory. */
char *tbl_line_text(const tline *l);

/* tables_title.c: the kind of a table titled `title` ("other" when none);
 * the kind of table t by its rows, when its title names a budget but not
 * its side. */
const char *tbl_kind_of(const char *title);
const char *tbl_fund_kind(const fs_table *t);
/* tables_title.c: 1 when title line x names its table in words (not a bare
 * label: 公开05表, 附表一). */
int tbl_names_table(const char *x);
/* tables_title.c: the title line of the table whose header starts at line a
 * (looked for in L[u..a)), (size_t)-1 when none; *cap its caption line. */
size_t tbl_title_line(const tline *L, size_t u, size_t a, size_t *cap);
/* tables_title.c: a, sep and b joined (sep only between two strings; a or
 * b may be NULL); caller frees; NULL when out of memory. */
char *tbl_join(const char *a, const char *sep, const char *b);
/* tables_title.c: the title those lines give (caller frees; "" none, NULL
 * when out of memory). */
char *tbl_head_title(const tline *L, size_t u, size_t a, size_t best, size_t cap);

#endif
