/* fuzz_figures.c — figure extraction and number parsing.
 *
 * The bytes are a text file taken through decoding, normalisation and the
 * outline to fs_figures_extract with the built-in pattern set, which is
 * compiled once and shared by every input, as in a batch run.  The same
 * bytes also go straight to the number parser: fs_number_scan over them
 * (every quantity found, with its rounding interval and unit text) and
 * fs_number_parse over each line, since the figure stage hands the number
 * functions whatever bytes the normalised text holds, invalid UTF-8
 * included. */
#include "fuzz.h"

#include "figures.h"
#include "normalize.h"
#include "number.h"
#include "outline.h"
#include "patterns.h"
#include "rawdoc.h"
#include "text.h"
#include "textfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Read-only after set-up, like the set a batch run shares between workers. */
static fs_patterns *g_patterns;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fs_error e;
    if (fs_patterns_load_default(&g_patterns, &e) != 0) {
        fprintf(stderr, "fuzz_figures: default patterns: %s\n", e.msg);
        abort();
    }
    return 0;
}

/* Every quantity of s[0..len), with its interval and unit text. */
static void scan_numbers(const char *s, size_t len)
{
    size_t from = 0;
    while (from < len) {
        fs_quantity q;
        int rc = fs_number_scan(s, len, from, &q, NULL);
        if (rc == 0)
            break;
        if (rc == 1) {
            fs_dec lo, hi;
            char unit[32];
            (void)fs_quantity_interval(&q, &lo, &hi);
            (void)fs_quantity_unit_text(&q, unit, sizeof unit);
        }
        if (q.start < from || q.end > len || q.start > q.end)
            abort(); /* a span outside the text breaks every caller */
        from = q.end > from ? q.end : from + 1;
    }
}

/* fs_number_parse over each line of s[0..len). */
static void parse_lines(const char *s, size_t len)
{
    size_t a = 0;
    while (a < len) {
        const char *nl = memchr(s + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - s) : len;
        fs_quantity q;
        if (fs_number_parse(s + a, b - a, &q, NULL) == 0 && (q.start > q.end || q.end > b - a))
            abort();
        a = b + 1;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The number functions see at most a paragraph at a time in practice. */
    size_t nlen = size < 4096 ? size : 4096;
    scan_numbers((const char *)data, nlen);
    parse_lines((const char *)data, nlen);

    fs_error e;
    fs_rawdoc *raw = NULL;
    fs_text *t = NULL;
    fs_outline *o = NULL;
    fs_figures *f = NULL;
    if (fs_textfile_decode(data, size, &raw, &e) != 0)
        return 0;
    if (fs_normalize(raw, &t, &e) == 0 && fs_outline_build(t, raw, &o, &e) == 0 &&
        fs_figures_extract(t, o, g_patterns, &f, &e) == 0) {
        for (size_t i = 0; i < f->n; i++) {
            const fs_figure *g = &f->v[i];
            if (g->quote_start > g->quote_end || g->quote_end > t->len ||
                g->subject_start > g->subject_end || g->subject_end > t->len)
                abort(); /* spans into the text are quoted by every output */
        }
        fs_figures_free(f);
    }
    fs_outline_free(o);
    fs_text_free(t);
    fs_rawdoc_free(raw);
    return 0;
}
