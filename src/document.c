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
    rc = fs_input_load_buffer(data, len, &in, &d->raw, e);
    free(data);
    if (rc)
        goto fail;
    if (o->stage >= FS_STAGE_TEXT &&
        ((rc = over_time(&in, "reading the input", e)) || (rc = fs_normalize(d->raw, &d->text, e))))
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
