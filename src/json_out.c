/* json_out.c — see json_out.h. */
#include "json_out.h"

#include <stdlib.h>
#include <string.h>

static const char *const numbering_names[] = {
    [FS_NUM_PART] = "part",           [FS_NUM_CN] = "cn",
    [FS_NUM_CN_PAREN] = "cn_paren",   [FS_NUM_ARABIC] = "arabic",
    [FS_NUM_ARABIC_PAREN] = "arabic_paren", [FS_NUM_CIRCLED] = "circled",
    [FS_NUM_NONE] = "none",
};

size_t fs_json_char_offset(const char *s, size_t off)
{
    size_t n = 0;
    for (size_t i = 0; i < off; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Builds the node for section i and, recursively, its children.  Sections
 * are in document order and children follow their parent, so the children
 * of i are the later sections whose parent is i. */
static cJSON *section_node(const fs_outline *o, const fs_text *t, size_t i)
{
    const fs_section *s = &o->v[i];
    cJSON *n = cJSON_CreateObject();
    if (!n)
        return NULL;
    int nb = (s->numbering >= FS_NUM_PART && s->numbering <= FS_NUM_NONE) ? (int)s->numbering
                                                                           : FS_NUM_NONE;
    cJSON_AddStringToObject(n, "id", s->id);
    cJSON_AddNumberToObject(n, "level", s->level);
    cJSON_AddStringToObject(n, "numbering", numbering_names[nb]);
    cJSON_AddNumberToObject(n, "ordinal", s->ordinal);
    cJSON_AddStringToObject(n, "heading", s->heading ? s->heading : "");
    cJSON_AddNumberToObject(n, "page", s->page);
    cJSON_AddNumberToObject(n, "line", s->line);
    cJSON_AddNumberToObject(n, "start", (double)fs_json_char_offset(t->s, s->start));
    cJSON_AddNumberToObject(n, "end", (double)fs_json_char_offset(t->s, s->end));
    cJSON *kids = cJSON_AddArrayToObject(n, "children");
    for (size_t j = i + 1; j < o->n; j++) {
        if (o->v[j].parent == (int)i) {
            cJSON *c = section_node(o, t, j);
            if (!c) {
                cJSON_Delete(n);
                return NULL;
            }
            cJSON_AddItemToArray(kids, c);
        }
    }
    return n;
}

cJSON *fs_json_outline(const fs_outline *o, const fs_text *t)
{
    cJSON *arr = cJSON_CreateArray();
    if (!arr || !o)
        return arr;
    for (size_t i = 0; i < o->n; i++) {
        if (o->v[i].parent >= 0)
            continue;
        cJSON *c = section_node(o, t, i);
        if (!c) {
            cJSON_Delete(arr);
            return NULL;
        }
        cJSON_AddItemToArray(arr, c);
    }
    return arr;
}

cJSON *fs_json_source(const fs_document *d)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "path", d->path);
    cJSON_AddStringToObject(o, "format", d->raw ? d->raw->format : "");
    if (d->raw && d->raw->encoding[0])
        cJSON_AddStringToObject(o, "encoding", d->raw->encoding);
    cJSON_AddNumberToObject(o, "pages", d->raw ? (double)d->raw->npages : 0);
    cJSON_AddNumberToObject(o, "bytes", (double)d->bytes);
    cJSON_AddStringToObject(o, "sha256", d->sha256);
    return o;
}
