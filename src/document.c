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

/* Match callback that keeps nothing: the rescan below wants only the error. */
static int ignore_match(const fs_match *m, void *ud)
{
    (void)m;
    (void)ud;
    return 0;
}

/* The figure stage reads a sentence whose pattern scan failed (a PCRE2
 * match, depth or heap limit) without its patterns and only counts it, so
 * that one bad sentence costs no more than its own figures.  A stated
 * figure silently missed is worse than no result, so the document fails
 * here, with the failing pattern named: the whole text is scanned again to
 * find it.  Returns FS_E_PATTERN with e filled. */
static int pattern_failure(const fs_document *d, const fs_patterns *p, fs_error *e)
{
    size_t n = d->figures->pattern_errors;
    fs_error pe;
    fs_error_clear(&pe);
    int rc = fs_patterns_scan(p, NULL, d->text->s, d->text->len, ignore_match, NULL, &pe);
    if (rc == FS_E_NOMEM)
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    if (rc < 0 && pe.msg[0])
        return fs_error_set(e, FS_E_PATTERN, "%s; %zu sentence%s could not be read", pe.msg, n,
                            n == 1 ? "" : "s");
    return fs_error_set(e, FS_E_PATTERN,
                        "a pattern reached a PCRE2 limit in %zu sentence%s, which could not be "
                        "read", n, n == 1 ? "" : "s");
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
            rc = pattern_failure(d, o->patterns, e);
            goto fail;
        }
    }
    if (o->stage >= FS_STAGE_CHECKS &&
        ((rc = over_time(&in, "extracting the figures", e)) ||
         (rc = fs_checks_run(d->figures, &o->checks, &d->checks, e))))
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
    fs_figures_free(d->figures);
    fs_outline_free(d->outline);
    fs_text_free(d->text);
    fs_rawdoc_free(d->raw);
    free(d->path);
    free(d);
}
