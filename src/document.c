/* document.c — see document.h. */
#include "document.h"
#include "normalize.h"
#include "sha256.h"

#include <stdlib.h>
#include <string.h>

int fs_document_load(const char *path, const fs_document_opts *o, fs_document **out, fs_error *e)
{
    *out = NULL;
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
    rc = fs_input_load_buffer(data, len, &o->input, &d->raw, e);
    free(data);
    if (rc)
        goto fail;
    if (o->stage >= FS_STAGE_TEXT && (rc = fs_normalize(d->raw, &d->text, e)))
        goto fail;
    if (o->stage >= FS_STAGE_OUTLINE && (rc = fs_outline_build(d->text, d->raw, &d->outline, e)))
        goto fail;
    if (o->stage >= FS_STAGE_FIGURES) {
        if (!o->patterns) {
            rc = fs_error_set(e, FS_E_USAGE, "no pattern set given for figure extraction");
            goto fail;
        }
        if ((rc = fs_figures_extract(d->text, d->outline, o->patterns, &d->figures, e)))
            goto fail;
    }
    if (o->stage >= FS_STAGE_CHECKS && (rc = fs_checks_run(d->figures, &o->checks, &d->checks, e)))
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
