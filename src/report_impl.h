/* report_impl.h — what the files of the HTML report share: escaping, the
 * style sheet and script, and the finding writer (report_finding.c). */
#ifndef FISCAN_REPORT_IMPL_H
#define FISCAN_REPORT_IMPL_H

#include "report.h"

/* Appends s (may be NULL: nothing) HTML-escaped, bytes that are not valid
 * UTF-8 as U+FFFD; n is its length, or (size_t)-1 for NUL-terminated.
 * Returns 0 or FS_E_NOMEM. */
int fs_html_text(fs_buf *b, const char *s, size_t n);

/* Appends s percent-encoded for a URL path (unreserved characters and '/'
 * kept).  Returns 0 or FS_E_NOMEM. */
int fs_html_url(fs_buf *b, const char *s);

/* The string at the dotted path of o, or NULL (fs_json_lookup). */
const char *fs_rjson_str(const cJSON *o, const char *path);

/* The number at the dotted path of o, or def. */
double fs_rjson_num(const cJSON *o, const char *path, double def);

/* The figure of rec with id (f12), or NULL. */
const cJSON *fs_report_figure(const cJSON *rec, const char *id);

/* Appends the <article> of finding x of record rec. */
int fs_report_finding(const cJSON *rec, const cJSON *x, const fs_report_images *img,
                      fs_buf *b);

/* The page's inline style sheet (screen and print) and script. */
extern const char fs_report_css[];
extern const char fs_report_js[];

#endif
