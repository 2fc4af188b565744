/* batch_status.c — what an existing JSONL batch output holds, read line by
 * line for --resume; a file fiscan did not write is refused, never cut or
 * appended to.  (What an SQLite output holds is read by sqlite_out.c, the
 * one module that speaks SQLite.)  See batch_impl.h. */
#include "batch_impl.h"
#include "names.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* How every line fiscan writes starts: a record ({"source":{...}), a
 * failure ({"path":...}). */
static const char *line_start(int failures)
{
    return failures ? "{\"path\":" : "{\"source\":{";
}

/* Fills l from the object o of one complete line; returns 1 when it is a
 * line fiscan writes (a record with source.sha256 and source.path, or a
 * failure with path and kind), else 0.  l->path may be set to raw (the
 * name from path_hex, owned by the caller). */
static int parse_line(const cJSON *o, int failures, batch_jsonl_line *l, char **raw)
{
    const cJSON *src = failures ? o : cJSON_GetObjectItemCaseSensitive(o, "source");
    const cJSON *sha = cJSON_GetObjectItemCaseSensitive(src, "sha256");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(src, "path");
    const cJSON *hx = cJSON_GetObjectItemCaseSensitive(src, "path_hex");
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(o, "kind");
    const cJSON *reason = cJSON_GetObjectItemCaseSensitive(o, "reason");
    if (!cJSON_IsObject(o) || !cJSON_IsString(p) || (failures && !cJSON_IsString(kind)) ||
        (!failures && !cJSON_IsString(sha)))
        return 0;
    *raw = cJSON_IsString(hx) ? fs_name_from_hex(hx->valuestring) : NULL;
    l->sha = cJSON_IsString(sha) ? sha->valuestring : NULL;
    l->path = *raw ? *raw : p->valuestring;
    l->kind = failures ? kind->valuestring : NULL;
    l->reason = cJSON_IsString(reason) ? reason->valuestring : NULL;
    l->errors = 0;
    const cJSON *fx;
    const cJSON *finds = failures ? NULL : cJSON_GetObjectItemCaseSensitive(o, "findings");
    cJSON_ArrayForEach(fx, finds)
    {
        const cJSON *sv = cJSON_GetObjectItemCaseSensitive(fx, "severity");
        l->errors += cJSON_IsString(sv) && strcmp(sv->valuestring, "error") == 0;
    }
    return 1;
}

int batch_jsonl_read(const char *path, int failures, batch_jsonl_cb fn, void *ud, fs_error *e)
{
    unsigned char *data = NULL;
    size_t len = 0;
    if (access(path, F_OK) != 0)
        return 0;
    if (fs_input_read_all(path, SIZE_MAX / 2, &data, &len, e) && len)
        return e->code;
    size_t pos = 0, lineno = 0;
    int rc = 0;
    while (!rc && pos < len) {
        unsigned char *nl = memchr(data + pos, '\n', len - pos);
        if (!nl)
            break;
        lineno++;
        size_t n = (size_t)(nl - data) - pos;
        cJSON *o = cJSON_ParseWithLength((const char *)data + pos, n);
        batch_jsonl_line l;
        char *raw = NULL;
        if (!parse_line(o, failures, &l, &raw)) {
            rc = fs_error_set(e, FS_E_USAGE, "%s%sline %zu is not a line fiscan writes: not "
                              "going on with a file fiscan did not make", failures ? path : "",
                              failures ? ": " : "", lineno);
        } else {
            l.off = (off_t)pos;
            l.len = n;
            if (fn(&l, ud))
                rc = fs_error_set(e, FS_E_NOMEM, "out of memory");
        }
        cJSON_Delete(o);
        free(raw);
        pos = (size_t)(nl - data) + 1;
    }
    /* A torn last line (the run was killed while writing it) is cut off;
     * anything else after the last newline is not fiscan's. */
    const char *start = line_start(failures);
    size_t k = strlen(start), rest = len - pos;
    if (!rc && rest && memcmp(data + pos, start, rest < k ? rest : k) != 0)
        rc = fs_error_set(e, FS_E_USAGE, "%s%sthe end of the file is not a line fiscan writes: "
                          "not going on with a file fiscan did not make", failures ? path : "",
                          failures ? ": " : "");
    free(data);
    if (!rc && rest && truncate(path, (off_t)pos) != 0)
        return fs_error_set(e, FS_E_IO, "%s: cannot cut the torn last line: %s", path,
                            strerror(errno));
    return rc;
}
