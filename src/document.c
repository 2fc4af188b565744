/* document.c — see document.h. */
#include "document.h"
#include "normalize.h"
#include "sha256.h"

#include <stdlib.h>
#include <string.h>

/* Fills e with the time-limit error when in's deadline has passed after
 * stage `done` and returns FS_E_LIMIT; else returns 0. */
static int over_time(const fs_input_opts *in, const char *done, fs_error *e)
{
    if (!fs_input_deadline_passed(in))
        return 0;
    return fs_error_set(e, FS_E_LIMIT, "time limit of %u s exceeded after %s", in->timeout_s, done);
}


/* The figure stage reads a sentence whose pattern scan failed (a PCRE2
 * match, depth or heap limit) without its patterns and only counts it, so
 * that one bad sentence costs no more than its own figures.  A stated
 * figure silently missed is worse than no result, so the document fails
 * here, naming the pattern and the sentence.  Returns FS_E_PATTERN with e
 * filled. */
static int pattern_failure(const fs_document *d, fs_error *e)
{
    const fs_figures *f = d->figures;
    size_t n = f->pattern_errors;
    fs_srcpos sp = fs_text_pos(d->text, f->pattern_error_at);
    int rc = fs_error_set(e, FS_E_PATTERN, "%s of the sentence at page %u, line %u; %zu sentence%s "
                          "could not be read", f->pattern_error[0] ? f->pattern_error : "a pattern "
                          "reached a PCRE2 limit", (unsigned)sp.page, (unsigned)sp.line, n,
                          n == 1 ? "" : "s");
    if (e) {
        e->page = sp.page;
        e->line = sp.line;
    }
    return rc;
}

/* The checks over d's figures, with its tables for the table check. */
static int run_checks(fs_document *d, const fs_document_opts *o, fs_error *e)
{
    fs_check_opts co = o->checks;
    co.tables = d->tables;
    return fs_checks_run(d->figures, &co, &d->checks, e);
}

int fs_document_load(const char *path, const fs_document_opts *o, fs_document **out, fs_error *e)
{
    *out = NULL;
    fs_input_opts in = o->input; /* with the deadline of this document */
    if (in.timeout_s && !in.deadline_ns)
        in.deadline_ns = fs_input_now_ns() + (uint64_t)in.timeout_s * 1000000000u;
    fs_document *d = calloc(1, sizeof *d);
    if (!d || !(d->path = strdup(path))) {
        free(d);
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    }
    unsigned char *data = NULL;
    size_t len = 0;
    int rc = fs_input_read_all(path, o->input.max_bytes, &data, &len, e);
    if (rc)
        goto fail;
    d->bytes = len;
    if ((rc = fs_input_check_name(path, data, len, e))) {
        free(data);
        goto fail;
    }
    fs_sha256_hex(data, len, d->sha256);
    if ((rc = over_time(&in, "reading the file", e))) {
        free(data);
        goto fail;
    }
    rc = fs_input_load_buffer(data, len, &in, &d->raw, e);
    free(data);
    if (rc)
        goto fail;
    if (o->tables || o->stage >= FS_STAGE_FIGURES) {
        if (!(d->tables = calloc(1, sizeof *d->tables))) {
            rc = fs_error_set(e, FS_E_NOMEM, "out of memory");
            goto fail;
        }
        if ((rc = over_time(&in, "extracting the text", e)) ||
            (rc = fs_tables_read(d->raw, d->tables, e)))
            goto fail;
    }
    if (o->stage >= FS_STAGE_TEXT &&
        ((rc = over_time(&in, "extracting the text", e)) || (rc = fs_normalize(d->raw, &d->text, e))))
        goto fail;
    if (o->stage >= FS_STAGE_OUTLINE &&
        ((rc = over_time(&in, "normalising the text", e)) ||
         (rc = fs_outline_build(d->text, d->raw, &d->outline, e))))
        goto fail;
    if (o->stage >= FS_STAGE_FIGURES) {
        if (!o->patterns) {
            rc = fs_error_set(e, FS_E_USAGE, "no pattern set given for figure extraction");
            goto fail;
        }
        if ((rc = over_time(&in, "building the outline", e)) ||
            (rc = fs_figures_extract(d->text, d->outline, o->patterns, &d->figures, e)))
            goto fail;
        if (d->figures->pattern_errors) {
            rc = pattern_failure(d, e);
            goto fail;
        }
    }
    if (o->stage >= FS_STAGE_CHECKS &&
        ((rc = over_time(&in, "extracting the figures", e)) ||
         (rc = run_checks(d, o, e))))
        goto fail;
    *out = d;
    return 0;
fail:
    fs_document_free(d);
    return rc;
}

void fs_document_free(fs_document *d)
{
    if (!d)
        return;
    fs_check_result_free(d->checks);
    fs_tables_free(d->tables);
    free(d->tables);
    fs_figures_free(d->figures);
    fs_outline_free(d->outline);
    fs_text_free(d->text);
    fs_rawdoc_free(d->raw);
    free(d->path);
    free(d);
}
