/* fuzz_patterns.c — pattern-file loading.
 *
 * The bytes are a .pat file, loaded with fs_patterns_add_text after the
 * default macros (patterns/00_macros.pat, read once at start), as a file of
 * --patterns DIR is; whatever it defines is then run over a small fixed text
 * in every family through one scanner, the way the figure stage runs it.
 * Limits are set below the defaults so that one input stays cheap; an
 * expression that reaches them must stop with FS_E_PATTERN, not hang. */
#include "fuzz.h"

#include "patterns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FUZZ_MACROS_FILE
#error "FUZZ_MACROS_FILE (path of patterns/00_macros.pat) must be defined"
#endif

static char *g_macros;   /* read-only after set-up */
static size_t g_macros_len;

/* A few sentences in the report wording, with the number forms the default
 * macros know and some they do not. */
static const char TEXT[] =
    "2019年一般公共预算支出953.39万元，同比增加183.39万元，同比增长23.82%。\n"
    "其中：基本支出741.8万元，占一般公共预算支出77.81%；项目支出211.59万元。\n"
    "比2018年（上一年）预算减少4.62万元，下降1.5％，主要原因是人员减少。\n"
    "编制86人，其中：行政编制37人、事业编制49人；车辆3辆，持平。\n"
    "（一）工资福利支出 1,234.56 万元\t合计\t１２．５％\t约十多万元\n";

static const char *const FAMILIES[] = {"amount", "change", "rate", "prior",
                                       "share", "headcount", "parts", "nosuch"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    FILE *f = fopen(FUZZ_MACROS_FILE, "rb");
    if (!f) {
        fprintf(stderr, "fuzz_patterns: cannot open %s\n", FUZZ_MACROS_FILE);
        abort();
    }
    size_t cap = 1 << 16;
    g_macros = malloc(cap);
    if (!g_macros)
        abort();
    g_macros_len = fread(g_macros, 1, cap, f);
    fclose(f);
    return 0;
}

/* Counts matches and checks their spans; returns 0 to go on. */
static int on_match(const fs_match *m, void *ud)
{
    size_t *count = ud;
    if (m->start > m->end || m->end > sizeof TEXT - 1 || m->ngroups < 0 ||
        m->ngroups > FS_MATCH_MAX_GROUPS)
        abort();
    for (int i = 0; i < m->ngroups; i++)
        if (!m->groups[i].field || m->groups[i].start > m->groups[i].end ||
            m->groups[i].end > sizeof TEXT - 1)
            abort();
    return ++*count > 1000; /* enough: stop the scan */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fs_error e;
    fs_patterns *p = NULL;
    if (fs_patterns_create(&p, &e) != 0)
        return 0;
    fs_pattern_limits lim = {100000, 2000, 16384, 256 * 1024};
    fs_patterns_set_limits(p, &lim);
    if (fs_patterns_add_text(p, "00_macros.pat", g_macros, g_macros_len, &e) < 0) {
        fprintf(stderr, "fuzz_patterns: default macros: %s\n", e.msg);
        abort();
    }
    if (fs_patterns_add_text(p, "fuzz.pat", (const char *)data, size, &e) >= 0 ||
        fs_patterns_count(p) > 0) {
        size_t n = fs_patterns_count(p);
        for (size_t i = 0; i <= n; i++) {
            const char *fam, *file;
            uint32_t line;
            (void)fs_patterns_name(p, i, &fam, &file, &line);
        }
        fs_scanner *s = NULL;
        if (fs_scanner_create(p, &s, &e) == 0) {
            for (size_t k = 0; k < sizeof FAMILIES / sizeof *FAMILIES; k++) {
                size_t count = 0;
                (void)fs_scanner_scan(s, FAMILIES[k], TEXT, sizeof TEXT - 1, on_match, &count, &e);
            }
            size_t count = 0;
            (void)fs_scanner_scan(s, NULL, TEXT, sizeof TEXT - 1, on_match, &count, &e);
            fs_scanner_free(s);
        }
    }
    fs_patterns_free(p);
    return 0;
}
