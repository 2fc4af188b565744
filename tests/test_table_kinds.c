/* test_table_kinds.c — every table of 20 real reports, found with its kind.
 *
 * tests/expected/table-kinds.tsv lists by hand every table printed in 20
 * reports drawn from every folder of ../shared/corpus-real (its header says
 * how).  Each report is read as `fiscan tables` reads it, and each listed
 * table must be a table read with the same first page and kind, the same
 * last page, and rows when it prints amounts (none with an amount other
 * than 0 when printed empty).  A table read that no line lists is a
 * difference too: a standard kind given to something else, or a paragraph
 * read as a table.
 *
 * What the reader gets wrong today is in KNOWN, word for word as the
 * comparison prints it: a difference not listed fails, and so does a
 * listed one no longer seen (the list only shrinks). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "tables.h"
#include "testutil.h"

#define KINDS_FILE "tests/expected/table-kinds.tsv"
#define MAXLINES 512
#define MAXDIFFS 256

/* A misreading today: the report (its file name), why, the difference. */
typedef struct known_diff {
    const char *file, *why, *diff;
} known_diff;

static const known_diff KNOWN[] = {
    {"上海市普陀区财政局2024年度部门决算.pdf",
     "page 14 holds only an empty grid row (ruling lines, no text): tables are read from text",
     "p12-14 caizheng_shouzhi_zongbiao: read over p12-13"},
    {"002_北京_政府办公厅_附件2：北京市重大项目建设指挥部办公室2026年度部门预算报表.pdf",
     "the 部门整体支出绩效目标表 form is read as two tables: its lower part, under a row of "
     "labels, as a second untitled one",
     "read p18-18 other (\"\"): no table listed"},
};

typedef struct line {
    char *source, *kind, *title;
    unsigned first, last;
    int empty, used;
} line;

/* The lines of the kinds file (caller frees with lines_free). */
static size_t lines_load(line *v)
{
    size_t len = 0, n = 0;
    char *buf = tu_read_file(tu_path(KINDS_FILE), &len);
    assert_non_null(buf);
    for (char *save = NULL, *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        if (l[0] == '#')
            continue;
        char *f[7] = {0};
        size_t k = 0;
        for (char *p = l; k < 7; k++) {
            f[k] = p;
            char *t = strchr(p, '\t');
            if (!t)
                break;
            *t = '\0';
            p = t + 1;
        }
        if (k < 5)
            fail_msg("%s: a line of %zu fields: %s", KINDS_FILE, k + 1, l);
        assert_true(n < MAXLINES);
        line *x = &v[n++];
        memset(x, 0, sizeof *x);
        x->source = strdup(f[0]);
        x->kind = strdup(f[3]);
        x->title = strdup(f[5] ? f[5] : "");
        x->first = (unsigned)strtoul(f[1], NULL, 10);
        x->last = (unsigned)strtoul(f[2], NULL, 10);
        x->empty = f[4][0] == '1';
    }
    free(buf);
    return n;
}

static void lines_free(line *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(v[i].source);
        free(v[i].kind);
        free(v[i].title);
    }
}

/* 1 when a cell of t prints an amount other than 0. */
static int has_amount(const fs_table *t)
{
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++)
            if (t->rows[r].cells[c].has_number && fs_dec_sign(t->rows[r].cells[c].number))
                return 1;
    return 0;
}

typedef struct tally {
    size_t listed, found, pages, docs;
    char *diff[MAXDIFFS];
    const char *file[MAXDIFFS];
    size_t ndiff;
} tally;

static void diff_add(tally *y, const char *file, const char *fmt, ...)
{
    char b[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    assert_true(y->ndiff < MAXDIFFS);
    y->file[y->ndiff] = file;
    y->diff[y->ndiff++] = strdup(b);
}

/* Compares the lines v[0..n) of one source with the tables fiscan reads. */
static void compare_source(line *v, size_t n, tally *y)
{
    char rel[1024];
    snprintf(rel, sizeof rel, "../shared/%s", v[0].source);
    const char *file = strrchr(v[0].source, '/') + 1;
    char err[512];
    fs_document *d = tu_load_tables(rel, err, sizeof err);
    if (!d)
        fail_msg("%s", err);
    const fs_tables *ts = d->tables;
    int *used = calloc(ts->n + 1, sizeof *used);
    assert_non_null(used);
    y->docs++;
    for (size_t i = 0; i < n; i++) {
        const line *x = &v[i];
        if (!strcmp(x->kind, "none")) {
            if (ts->n)
                diff_add(y, file, "no table printed: %zu read", ts->n);
            continue;
        }
        y->listed++;
        size_t hit = (size_t)-1, cand = (size_t)-1;
        for (size_t k = 0; k < ts->n; k++) {
            if (used[k] || ts->v[k].page_first != x->first)
                continue;
            if (cand == (size_t)-1)
                cand = k;
            if (hit == (size_t)-1 && !strcmp(ts->v[k].kind, x->kind))
                hit = k;
        }
        if (hit == (size_t)-1 && cand == (size_t)-1) {
            diff_add(y, file, "p%u-%u %s: no table read", x->first, x->last, x->kind);
            continue;
        }
        if (hit == (size_t)-1) {
            used[cand] = 1;
            diff_add(y, file, "p%u-%u %s: read as %s (\"%s\")", x->first, x->last, x->kind,
                     ts->v[cand].kind, ts->v[cand].title);
            continue;
        }
        const fs_table *t = &ts->v[hit];
        used[hit] = 1;
        y->found++;
        if (t->page_last == x->last)
            y->pages++;
        else
            diff_add(y, file, "p%u-%u %s: read over p%u-%u", x->first, x->last, x->kind,
                     t->page_first, t->page_last);
        if (x->empty && has_amount(t))
            diff_add(y, file, "p%u-%u %s: printed empty, read with amounts", x->first, x->last,
                     x->kind);
        if (!x->empty && !t->nrows)
            diff_add(y, file, "p%u-%u %s: read without rows", x->first, x->last, x->kind);
    }
    for (size_t k = 0; k < ts->n; k++)
        if (!used[k])
            diff_add(y, file, "read p%u-%u %s (\"%s\"): no table listed", ts->v[k].page_first,
                     ts->v[k].page_last, ts->v[k].kind, ts->v[k].title);
    free(used);
    fs_document_free(d);
}

static void test_table_kinds(void **state)
{
    (void)state;
    static line v[MAXLINES];
    size_t n = lines_load(v);
    tally y;
    memset(&y, 0, sizeof y);
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && !strcmp(v[b].source, v[a].source))
            b++;
        compare_source(v + a, b - a, &y);
        a = b;
    }
    int seen[sizeof KNOWN / sizeof *KNOWN] = {0};
    size_t fails = 0;
    for (size_t i = 0; i < y.ndiff; i++) {
        int known = 0;
        for (size_t k = 0; k < sizeof KNOWN / sizeof *KNOWN; k++)
            if (!strcmp(KNOWN[k].file, y.file[i]) && !strcmp(KNOWN[k].diff, y.diff[i]))
                seen[k] = known = 1;
        if (!known) {
            print_message("%s: %s\n", y.file[i], y.diff[i]);
            fails++;
        }
        free(y.diff[i]);
    }
    for (size_t k = 0; k < sizeof KNOWN / sizeof *KNOWN; k++)
        if (!seen[k]) {
            print_message("%s: no longer seen, remove it from KNOWN (%s): %s\n", KNOWN[k].file,
                          KNOWN[k].why, KNOWN[k].diff);
            fails++;
        }
    print_message("%zu reports, %zu tables listed: %zu read with their kind (%zu over the "
                  "same pages), %zu differences known\n",
                  y.docs, y.listed, y.found, y.pages, sizeof KNOWN / sizeof *KNOWN);
    lines_free(v, n);
    /* the measure: at least 20 reports from every folder */
    assert_true(y.docs >= 20);
    assert_true(y.listed >= 200);
    if (fails)
        fail_msg("%zu differences from %s (listed above)", fails, KINDS_FILE);
}

/* The list draws on every folder of the real corpus. */
static void test_kinds_folders(void **state)
{
    (void)state;
    static line v[MAXLINES];
    size_t n = lines_load(v);
    static const char *const FOLDERS[] = {"corpus-real/jiangsu/", "corpus-real/shanghai/",
                                          "corpus-real/cities-2026/", "corpus-real/gov-reports/"};
    for (size_t f = 0; f < sizeof FOLDERS / sizeof *FOLDERS; f++) {
        size_t docs = 0;
        for (size_t i = 0; i < n; i++)
            docs += !strncmp(v[i].source, FOLDERS[f], strlen(FOLDERS[f])) &&
                    (i == 0 || strcmp(v[i].source, v[i - 1].source) != 0);
        if (docs < 3)
            fail_msg("%s: %zu reports listed, want 3 or more", FOLDERS[f], docs);
    }
    lines_free(v, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kinds_folders),
        cmocka_unit_test(test_table_kinds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
