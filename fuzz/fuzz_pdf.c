/* fuzz_pdf.c — whole PDFs through poppler into the rest of the pipeline.
 *
 * The bytes are a PDF file: fs_pdf_load (poppler-glib, then fiscan's own
 * cell splitting and table-row rebuilding over whatever poppler returns),
 * then normalisation, the outline, figure extraction with the built-in
 * patterns and the checks with the document's tables, as `fiscan check`
 * runs them.  At most four pages
 * are read so that one input stays cheap.  A crash inside poppler's own
 * parser is poppler's; anything past the poppler calls is fiscan's. */
#include "fuzz.h"

#include "checks.h"
#include "figures.h"
#include "input.h"
#include "normalize.h"
#include "outline.h"
#include "patterns.h"
#include "pdf.h"
#include "rawdoc.h"
#include "tables.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>

static fs_patterns *g_patterns; /* read-only after set-up */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fs_error e;
    if (fs_patterns_load_default(&g_patterns, &e) != 0) {
        fprintf(stderr, "fuzz_pdf: default patterns: %s\n", e.msg);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fs_input_opts io = {NULL, 0, 4};
    io.password = "fuzz";
    fs_error e;
    fs_rawdoc *raw = NULL;
    fs_text *t = NULL;
    fs_outline *o = NULL;
    fs_figures *f = NULL;
    fs_check_result *r = NULL;
    if (fs_pdf_load(data, size, &io, &raw, &e) != 0)
        return 0;
    fs_check_opts co = fs_check_opts_default();
    fs_tables tb;
    if (fs_tables_read(raw, &tb, &e) == 0)
        co.tables = &tb;
    if (fs_normalize(raw, &t, &e) == 0 && fs_outline_build(t, raw, &o, &e) == 0 &&
        fs_figures_extract(t, o, g_patterns, &f, &e) == 0 && fs_checks_run(f, &co, &r, &e) == 0)
        fs_check_result_free(r);
    fs_tables_free(&tb);
    fs_figures_free(f);
    fs_outline_free(o);
    fs_text_free(t);
    fs_rawdoc_free(raw);
    return 0;
}
