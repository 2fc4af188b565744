/* test_truthset.c — the real-report truth set (docs/truthset.md).  Every
 * report of ../shared/corpus-real (*.pdf and *.html, without
 * jiangsu/tables-reference/) goes through `fiscan check --format jsonl`, two
 * at a time; its findings, errors and warnings, as lines
 * "SEVERITY<TAB>CHECK<TAB>PAGE:LINE<TAB>STATED", must equal as a multiset
 * the finding lines of tests/expected/real/<report>.findings (or of
 * $FISCAN_TRUTHSET_DIR/<report>.findings).  The test fails on a finding
 * reported but not expected, one expected but not reported, a report
 * without an expected file, an expected file without its report, and an
 * expected file that breaks the format; it prints each difference in the
 * file's own format, ready to review and paste. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "testutil.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* The folder of the corpus that holds no reports of its own. */
#define EXCLUDED_DIR "jiangsu/tables-reference"
/* fiscan processes run side by side (CI has two cores). */
#define NWORKERS 2

/* A growable list of malloc'd strings; the list owns them. */
typedef struct strv {
    char **v;
    size_t n, cap;
} strv;

/* Appends s, which the list then owns. */
static void strv_push(strv *l, char *s)
{
    assert_non_null(s);
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        assert_non_null(l->v);
    }
    l->v[l->n++] = s;
}

/* Frees the strings and the list itself. */
static void strv_free(strv *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* A malloc'd copy of printf's output (caller frees). */
__attribute__((format(printf, 1, 2))) static char *str_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    assert_true(n >= 0);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

/* qsort comparator for char * */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when name ends with suffix, letter case ignored. */
static int ends_with_ci(const char *name, const char *suffix)
{
    size_t n = strlen(name), k = strlen(suffix);
    return n > k && strcasecmp(name + n - k, suffix) == 0;
}

/* Adds to out the paths relative to root of the regular files under
 * root/rel (rel "" for root itself) that keep(name) accepts, walking
 * sub-folders except skip_dir (a path relative to root, or NULL) and
 * names starting with '.'.  The strings belong to out. */
static void walk(const char *root, const char *rel, const char *skip_dir,
                 int (*keep)(const char *name), strv *out)
{
    char *dir = rel[0] ? str_printf("%s/%s", root, rel) : str_printf("%s", root);
    DIR *dh = opendir(dir);
    if (!dh) {
        free(dir);
        return;
    }
    struct dirent *de;
    while ((de = readdir(dh))) {
        if (de->d_name[0] == '.')
            continue;
        char *sub = rel[0] ? str_printf("%s/%s", rel, de->d_name) : str_printf("%s", de->d_name);
        char *full = str_printf("%s/%s", dir, de->d_name);
        struct stat st;
        int ok = stat(full, &st) == 0;
        if (ok && S_ISDIR(st.st_mode)) {
            if (!skip_dir || strcmp(sub, skip_dir) != 0)
                walk(root, sub, skip_dir, keep, out);
            free(sub);
        } else if (ok && S_ISREG(st.st_mode) && keep(de->d_name)) {
            strv_push(out, sub);
        } else {
            free(sub);
        }
        free(full);
    }
    closedir(dh);
    free(dir);
}

/* A report: its *.pdf or *.html name. */
static int is_report(const char *name)
{
    return ends_with_ci(name, ".pdf") || ends_with_ci(name, ".html");
}

/* Any file of the expected tree but its README and its list of folders. */
static int is_tree_file(const char *name)
{
    return strcmp(name, "README.md") != 0 && strcmp(name, "FOLDERS") != 0;
}

/* The folders of the corpus whose every report has been verified by hand,
 * read from exp_root/FOLDERS (one a line, # comments); *all = 1 when the
 * file does not exist (every folder is then held to the truth set). */
static void read_folders(const char *exp_root, strv *out, int *all)
{
    char *path = str_printf("%s/FOLDERS", exp_root);
    FILE *fp = fopen(path, "r");
    free(path);
    *all = fp == NULL;
    if (!fp)
        return;
    char line[512];
    while (fgets(line, sizeof line, fp)) {
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        char *a = line;
        while (*a == ' ' || *a == '\t')
            a++;
        if (!*a || *a == '#')
            continue;
        strv_push(out, str_printf("%s", a));
    }
    fclose(fp);
}

/* 1 when rel ("jiangsu/x.pdf") lies in one of the folders. */
static int in_folders(const char *rel, const strv *folders)
{
    for (size_t i = 0; i < folders->n; i++) {
        size_t n = strlen(folders->v[i]);
        if (strncmp(rel, folders->v[i], n) == 0 && rel[n] == '/')
            return 1;
    }
    return 0;
}

/* One report and what fiscan said of it. */
typedef struct report {
    const char *rel; /* path under the corpus, "jiangsu/x.pdf" (borrowed) */
    char *path;      /* the full path given to fiscan */
    strv got;        /* finding lines fiscan reported, in its order */
    char *trouble;   /* why its findings could not be read, or NULL */
} report;

/* The finding line of one JSON finding, malloc'd (caller frees), or NULL
 * with *why set (a static string) when a field is missing or holds a TAB or
 * a line break.  The position is that of the finding's first figure, which
 * the text diagnostics print as FILE:PAGE:LINE; for a table finding (no
 * figure) the page of its first cell and line 0; 0:0 when it has neither. */
static char *finding_line(const cJSON *f, const char **why)
{
    const cJSON *sev = cJSON_GetObjectItemCaseSensitive(f, "severity");
    const cJSON *chk = cJSON_GetObjectItemCaseSensitive(f, "check");
    const cJSON *locs = cJSON_GetObjectItemCaseSensitive(f, "locations");
    const cJSON *stated = cJSON_GetObjectItemCaseSensitive(f, "stated");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(stated, "text");
    if (!cJSON_IsString(sev) || !cJSON_IsString(chk) || !cJSON_IsArray(locs) ||
        !cJSON_IsString(text)) {
        *why = "a finding lacks severity, check, locations or stated.text";
        return NULL;
    }
    double page = 0, line = 0;
    const cJSON *first = cJSON_GetArrayItem(locs, 0);
    if (first) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(first, "page");
        const cJSON *l = cJSON_GetObjectItemCaseSensitive(first, "line");
        if (!cJSON_IsNumber(p) || !cJSON_IsNumber(l)) {
            *why = "a finding's first location lacks page or line";
            return NULL;
        }
        page = p->valuedouble;
        line = l->valuedouble;
    } else {
        const cJSON *cell = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(f, "cells"), 0);
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(cell, "page");
        if (cJSON_IsNumber(p))
            page = p->valuedouble;
    }
    char *s = str_printf("%s\t%s\t%.0f:%.0f\t%s", sev->valuestring, chk->valuestring, page, line,
                         text->valuestring);
    if (strcspn(s, "\n\r") != strlen(s) ||
        strcspn(text->valuestring, "\t") != strlen(text->valuestring) ||
        strcspn(chk->valuestring, "\t") != strlen(chk->valuestring)) {
        *why = "a finding holds a TAB or a line break, which a finding line cannot";
        free(s);
        return NULL;
    }
    return s;
}

/* The first line of s (at most 300 bytes), malloc'd (caller frees). */
static char *first_line(const char *s)
{
    size_t n = strcspn(s, "\n");
    return str_printf("%.*s", (int)(n > 300 ? 300 : n), s);
}

/* Runs fiscan on r and fills r->got, or r->trouble.  cJSON's parser writes
 * a global error position, so parsing happens under *mu. */
static void run_report(report *r, pthread_mutex_t *mu)
{
    const char *argv[] = {"check", "--format", "jsonl", r->path, NULL};
    tu_run run;
    if (tu_run_fiscan(argv, NULL, 0, &run) != 0) {
        r->trouble = str_printf("could not run %s", FISCAN_BIN);
        return;
    }
    if (run.status != 0 && run.status != 1) {
        char *err = first_line(run.err);
        r->trouble = str_printf("fiscan exited with status %d: %s", run.status, err);
        free(err);
        tu_run_free(&run);
        return;
    }
    pthread_mutex_lock(mu);
    cJSON *rec = cJSON_Parse(run.out);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(rec, "findings");
    if (!cJSON_IsArray(arr)) {
        r->trouble = str_printf("no JSON record with \"findings\" in fiscan's output");
    } else {
        const cJSON *f;
        cJSON_ArrayForEach(f, arr)
        {
            const char *why = NULL;
            char *key = finding_line(f, &why);
            if (!key) {
                r->trouble = str_printf("%s", why);
                strv_free(&r->got);
                break;
            }
            strv_push(&r->got, key);
        }
    }
    cJSON_Delete(rec);
    pthread_mutex_unlock(mu);
    tu_run_free(&run);
}

/* The reports and the next one a worker takes. */
typedef struct pool {
    report *v;
    size_t n, next;
    pthread_mutex_t mu;
} pool;

/* A worker thread: runs reports until none is left.  (The cmocka asserts
 * it can reach fire only when memory runs out.) */
static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        size_t i = p->next++;
        pthread_mutex_unlock(&p->mu);
        if (i >= p->n)
            return NULL;
        run_report(&p->v[i], &p->mu);
    }
}

/* What an expected file holds. */
typedef struct expected {
    strv lines;    /* finding lines, in file order */
    strv problems; /* "LINE: what is wrong" for each line that breaks the format */
} expected;

/* 1 when s is a well-formed finding line: four TAB-separated fields,
 * error|warning, a check name, PAGE:LINE, a stated text without
 * surrounding blanks. */
static int well_formed(const char *s)
{
    const char *t1 = strchr(s, '\t');
    const char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
    const char *t3 = t2 ? strchr(t2 + 1, '\t') : NULL;
    if (!t3 || strchr(t3 + 1, '\t'))
        return 0;
    size_t sl = (size_t)(t1 - s);
    if (!((sl == 5 && strncmp(s, "error", 5) == 0) || (sl == 7 && strncmp(s, "warning", 7) == 0)))
        return 0;
    if (t2 == t1 + 1)
        return 0;
    for (const char *c = t1 + 1; c < t2; c++)
        if (!((*c >= 'a' && *c <= 'z') || *c == '_'))
            return 0;
    const char *c = t2 + 1;
    size_t d1 = strspn(c, "0123456789");
    if (!d1 || c[d1] != ':')
        return 0;
    size_t d2 = strspn(c + d1 + 1, "0123456789");
    if (!d2 || c + d1 + 1 + d2 != t3)
        return 0;
    const char *st = t3 + 1;
    size_t n = strlen(st);
    return n > 0 && st[0] != ' ' && st[n - 1] != ' ';
}

/* Reads the expected file at path into e.  A finding line must have a
 * "# verified:" comment between it and the finding line before it; a file
 * without finding lines must hold one such comment.  Returns 0, or -1 when
 * the file cannot be read. */
static int read_expected(const char *path, expected *e)
{
    memset(e, 0, sizeof *e);
    char *s = tu_read_file(path, NULL);
    if (!s)
        return -1;
    int verified = 0, any_verified = 0;
    size_t lineno = 0;
    for (char *p = s, *nl; p && *p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        size_t n = strlen(p);
        if (n && p[n - 1] == '\r')
            p[--n] = '\0';
        const char *q = p + strspn(p, " \t");
        if (!*q)
            continue;
        if (*q == '#') {
            if (strncmp(q + 1 + strspn(q + 1, " "), "verified:", 9) == 0)
                verified = any_verified = 1;
            continue;
        }
        if (!well_formed(p)) {
            strv_push(&e->problems, str_printf("%zu: not a finding line "
                                               "(SEVERITY<TAB>CHECK<TAB>PAGE:LINE<TAB>STATED): %s",
                                               lineno, p));
            continue;
        }
        if (!verified)
            strv_push(&e->problems,
                      str_printf("%zu: no '# verified:' comment above this finding line", lineno));
        verified = 0;
        strv_push(&e->lines, str_printf("%s", p));
    }
    if (!e->lines.n && !e->problems.n && !any_verified)
        strv_push(&e->problems, str_printf("%zu: a file without finding lines needs a "
                                           "'# verified:' comment saying the report has none",
                                           lineno ? lineno : 1));
    free(s);
    return 0;
}

/* Frees what e holds. */
static void expected_free(expected *e)
{
    strv_free(&e->lines);
    strv_free(&e->problems);
}

/* Marks in used[] the lines of b matched one for one by lines of a, and in
 * hit[] the lines of a that found a match: a multiset comparison. */
static void match(const strv *a, const strv *b, char *hit, char *used)
{
    for (size_t i = 0; i < a->n; i++)
        for (size_t j = 0; j < b->n; j++)
            if (!used[j] && strcmp(a->v[i], b->v[j]) == 0) {
                used[j] = hit[i] = 1;
                break;
            }
}

/* Prints s in single quotes for a POSIX shell. */
static void put_shell_quoted(const char *s)
{
    putchar('\'');
    for (; *s; s++) {
        if (*s == '\'')
            fputs("'\\''", stdout);
        else
            putchar(*s);
    }
    putchar('\'');
}

/* Compares one report with its expected file and prints the differences.
 * exp_root: the expected tree, exp_shown: how to name it; corpus_shown:
 * how to name the corpus.  Returns 1 when the report differs, 0 when it
 * matches. */
static int compare_report(const report *r, const char *exp_root, const char *exp_shown,
                          const char *corpus_shown)
{
    char *path = str_printf("%s/%s.findings", exp_root, r->rel);
    char *shown = str_printf("%s/%s.findings", exp_shown, r->rel);
    int differs = 1;
    expected e;
    if (r->trouble) {
        printf("--- %s: fiscan failed: %s\n", r->rel, r->trouble);
    } else if (read_expected(path, &e) != 0) {
        /* a shell-quoted path for the draft command */
        printf("--- %s: no expected file (fiscan reports %zu finding%s)\n"
               "    it should be: %s\n"
               "    draft it with: scripts/truthset draft ",
               r->rel, r->got.n, r->got.n == 1 ? "" : "s", shown);
        char *report_path = str_printf("%s/%s", corpus_shown, r->rel);
        put_shell_quoted(report_path);
        putchar('\n');
        free(report_path);
    } else {
        char *hit = calloc(r->got.n + 1, 1), *used = calloc(e.lines.n + 1, 1);
        assert_true(hit && used);
        match(&r->got, &e.lines, hit, used);
        size_t nu = 0, nm = 0;
        for (size_t i = 0; i < r->got.n; i++)
            nu += !hit[i];
        for (size_t j = 0; j < e.lines.n; j++)
            nm += !used[j];
        differs = nu || nm || e.problems.n;
        if (differs) {
            printf("--- %s: %zu unexpected, %zu missing", r->rel, nu, nm);
            if (e.problems.n)
                printf(", %zu format problem%s", e.problems.n, e.problems.n == 1 ? "" : "s");
            printf("\n    expected file: %s\n", shown);
            for (size_t k = 0; k < e.problems.n; k++)
                printf("%s:%s\n", shown, e.problems.v[k]);
            if (nu)
                puts("# unexpected: fiscan reports these, the expected file does not list them");
            for (size_t i = 0; i < r->got.n; i++)
                if (!hit[i])
                    puts(r->got.v[i]);
            if (nm)
                puts("# missing: the expected file lists these, fiscan does not report them");
            for (size_t j = 0; j < e.lines.n; j++)
                if (!used[j])
                    puts(e.lines.v[j]);
        }
        free(hit);
        free(used);
        expected_free(&e);
    }
    free(path);
    free(shown);
    return differs;
}

static void test_truthset(void **state)
{
    (void)state;
    char *corpus = str_printf("%s/../shared/corpus-real", FISCAN_SOURCE_DIR);
    struct stat st;
    if (stat(corpus, &st) != 0 || !S_ISDIR(st.st_mode)) {
        print_message("truth set: no real corpus at %s\n", corpus);
        free(corpus);
        skip();
    }
    const char *env = getenv("FISCAN_TRUTHSET_DIR");
    char *exp_root = env && *env ? str_printf("%s", env)
                                 : str_printf("%s/tests/expected/real", FISCAN_SOURCE_DIR);
    const char *exp_shown = env && *env ? exp_root : "tests/expected/real";

    strv all_rels = {0}, rels = {0}, folders = {0};
    walk(corpus, "", EXCLUDED_DIR, is_report, &all_rels);
    assert_true(all_rels.n > 0);
    int every;
    read_folders(exp_root, &folders, &every);
    size_t pending = 0;
    for (size_t i = 0; i < all_rels.n; i++) {
        if (every || in_folders(all_rels.v[i], &folders)) {
            strv_push(&rels, all_rels.v[i]);
            all_rels.v[i] = NULL;
        } else {
            pending++;
        }
    }
    assert_true(rels.n > 0);
    qsort(rels.v, rels.n, sizeof *rels.v, cmp_str);

    pool p = {.n = rels.n};
    p.v = calloc(rels.n, sizeof *p.v);
    assert_non_null(p.v);
    assert_int_equal(pthread_mutex_init(&p.mu, NULL), 0);
    for (size_t i = 0; i < rels.n; i++) {
        p.v[i].rel = rels.v[i];
        p.v[i].path = str_printf("%s/%s", corpus, rels.v[i]);
    }
    pthread_t th[NWORKERS];
    size_t started = 0;
    for (; started < NWORKERS; started++)
        if (pthread_create(&th[started], NULL, worker, &p) != 0)
            break;
    if (!started) /* no thread: run them here */
        worker(&p);
    for (size_t i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    pthread_mutex_destroy(&p.mu);

    size_t differ = 0, absent = 0, findings = 0;
    for (size_t i = 0; i < rels.n; i++) {
        char *path = str_printf("%s/%s.findings", exp_root, rels.v[i]);
        absent += !p.v[i].trouble && stat(path, &st) != 0;
        free(path);
        findings += p.v[i].got.n;
        differ += compare_report(&p.v[i], exp_root, exp_shown, "../shared/corpus-real");
    }

    /* expected files whose report is gone, and anything else in the tree */
    strv tree = {0};
    walk(exp_root, "", NULL, is_tree_file, &tree);
    if (tree.n) /* qsort may not be given a null array */
        qsort(tree.v, tree.n, sizeof *tree.v, cmp_str);
    size_t stale = 0;
    for (size_t i = 0; i < tree.n; i++) {
        const char *f = tree.v[i];
        size_t n = strlen(f), k = strlen(".findings");
        char *rel = n > k && strcmp(f + n - k, ".findings") == 0 ? str_printf("%.*s", (int)(n - k), f)
                                                                  : NULL;
        if (rel && (bsearch(&rel, rels.v, rels.n, sizeof *rels.v, cmp_str) ||
                    (!every && !in_folders(rel, &folders)))) {
            free(rel);
            continue;
        }
        stale++;
        if (rel)
            printf("--- stale: %s/%s: no report %s/%s\n", exp_shown, f, "../shared/corpus-real",
                   rel);
        else
            printf("--- stray: %s/%s: not a .findings file\n", exp_shown, f);
        free(rel);
    }

    printf("truth set: %zu reports, %zu findings; %zu match, %zu differ (%zu without an "
           "expected file); %zu stale or stray file%s in %s; %zu reports in folders not yet "
           "verified (not in %s/FOLDERS)\n",
           rels.n, findings, rels.n - differ, differ, absent, stale, stale == 1 ? "" : "s",
           exp_shown, pending, exp_shown);
    fflush(stdout);

    for (size_t i = 0; i < rels.n; i++) {
        strv_free(&p.v[i].got);
        free(p.v[i].path);
        free(p.v[i].trouble);
    }
    free(p.v);
    strv_free(&rels);
    for (size_t i = 0; i < all_rels.n; i++)
        free(all_rels.v[i]);
    free(all_rels.v);
    strv_free(&folders);
    strv_free(&tree);
    free(exp_root);
    free(corpus);
    if (differ || stale)
        fail_msg("%zu report%s differ from the truth set, %zu stale or stray file%s: "
                 "see the lines above (docs/truthset.md)",
                 differ, differ == 1 ? "" : "s", stale, stale == 1 ? "" : "s");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truthset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
