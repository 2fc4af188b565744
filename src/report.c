/* report.c — the HTML page of a document record and the index (report.h);
 * the findings themselves are written by report_finding.c. */
#include "report_impl.h"

#include "json_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef FISCAN_VERSION
#define FISCAN_VERSION "dev"
#endif

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : s[0] >= 0xE0 && s[0] < 0xF0 ? 3
               : s[0] >= 0xF0 && s[0] < 0xF5 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((len == 3 && s[0] == 0xE0 && s[1] < 0xA0) || (len == 3 && s[0] == 0xED && s[1] >= 0xA0) ||
        (len == 4 && s[0] == 0xF0 && s[1] < 0x90) || (len == 4 && s[0] == 0xF4 && s[1] >= 0x90))
        return 0;
    return len;
}

int fs_html_text(fs_buf *b, const char *s, size_t n)
{
    if (!s)
        return 0;
    if (n == (size_t)-1)
        n = strlen(s);
    const unsigned char *p = (const unsigned char *)s;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0;) {
        size_t len = utf8_seq(p + i, n - i);
        const char *rep = NULL;
        switch (p[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: break;
        }
        if (rep)
            rc = fs_buf_puts(b, rep);
        else if (len == 0 || (p[i] < 0x20 && p[i] != '\n' && p[i] != '\t') || p[i] == 0x7F)
            rc = fs_buf_puts(b, "\xEF\xBF\xBD");
        else
            rc = fs_buf_append(b, s + i, len);
        i += len ? len : 1;
    }
    return rc;
}

int fs_html_url(fs_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    int rc = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && rc == 0; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            rc = fs_buf_putc(b, (char)*p);
        else
            rc = fs_buf_printf(b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
    return rc;
}

const char *fs_rjson_str(const cJSON *o, const char *path)
{
    const cJSON *x = o ? fs_json_lookup(o, path) : NULL;
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

double fs_rjson_num(const cJSON *o, const char *path, double def)
{
    const cJSON *x = o ? fs_json_lookup(o, path) : NULL;
    return cJSON_IsNumber(x) ? x->valuedouble : def;
}

const cJSON *fs_report_figure(const cJSON *rec, const char *id)
{
    const cJSON *figs = cJSON_GetObjectItemCaseSensitive(rec, "figures");
    if (!id || id[0] != 'f')
        return NULL;
    int k = atoi(id + 1) - 1; /* ids are f1, f2, … in order: try that first */
    const cJSON *g = k >= 0 ? cJSON_GetArrayItem(figs, k) : NULL;
    const char *gid = fs_rjson_str(g, "id");
    if (gid && !strcmp(gid, id))
        return g;
    cJSON_ArrayForEach(g, figs) {
        gid = fs_rjson_str(g, "id");
        if (gid && !strcmp(gid, id))
            return g;
    }
    return NULL;
}

void fs_report_doc_clear(fs_report_doc *doc)
{
    free(doc->name);
    free(doc->href);
    free(doc->title);
    free(doc->failure);
    free(doc->image_note);
    memset(doc, 0, sizeof *doc);
}

/* Copies s (NULL stays NULL). */
static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* Counts the findings of rec by severity, and the relations checked. */
static void count_record(const cJSON *rec, fs_report_doc *doc)
{
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(rec, "findings")) {
        const char *sev = fs_rjson_str(x, "severity");
        if (sev && !strcmp(sev, "warning"))
            doc->warnings++;
        else
            doc->errors++;
    }
    doc->figures = (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "figures"));
    doc->skipped = (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "skipped"));
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(rec, "checks"))
        doc->checked += (size_t)fs_rjson_num(x, "checked", 0);
}

/* The head of a page: doctype, title, style; source (may be NULL) is the
 * display name of the document's file, kept in a <meta> for tools. */
static void page_head(fs_buf *b, const char *title, const char *source)
{
    fs_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                   "<meta name=\"generator\" content=\"fiscan " FISCAN_VERSION "\">");
    if (source) {
        fs_buf_puts(b, "<meta name=\"fiscan-source\" content=\"");
        fs_html_text(b, source, (size_t)-1);
        fs_buf_puts(b, "\">");
    }
    fs_buf_puts(b, "<title>");
    fs_html_text(b, title, (size_t)-1);
    fs_buf_puts(b, "</title><style>");
    fs_buf_puts(b, fs_report_css);
    fs_buf_puts(b, "</style></head><body>\n");
}

/* The header of a document's page: title, file, counts. */
static void doc_header(fs_buf *b, const cJSON *rec, const char *name, const fs_report_doc *d)
{
    const char *title = fs_rjson_str(rec, "document.title");
    fs_buf_puts(b, "<header><p class=\"back\"><a href=\"index.html\">← 全部报告</a></p><h1>");
    fs_html_text(b, title && *title ? title : name, (size_t)-1);
    fs_buf_puts(b, "</h1><p class=\"src\">文件：");
    fs_html_text(b, name, (size_t)-1);
    fs_buf_printf(b, " · %s · %.0f页 · SHA-256 ",
                  fs_rjson_str(rec, "source.format") && !strcmp(fs_rjson_str(rec, "source.format"), "pdf")
                      ? "PDF" : "文本",
                  fs_rjson_num(rec, "source.pages", 0));
    fs_html_text(b, fs_rjson_str(rec, "source.sha256"), 12);
    fs_buf_printf(b, "…</p><ul class=\"counts\"><li class=\"e\"><b>%zu</b>处错误</li>"
                     "<li class=\"w\"><b>%zu</b>处警告</li><li><b>%zu</b>个数字</li>"
                     "<li><b>%zu</b>个关系已核对</li><li><b>%zu</b>个关系未核对</li></ul>",
                  d->errors, d->warnings, d->figures, d->checked, d->skipped);
    if (d->figures == 0)
        fs_buf_puts(b, "<p class=\"alert\">没有从这份文件读到任何数字，因此什么也没有核对："
                       "这不表示报告没有问题。</p>");
    fs_buf_puts(b, "<p class=\"about\">每个印出的数字代表四舍五入前可能的一段取值；"
                   "只有在所有可能取值下算式都不成立时才算错误，正常的四舍五入不会引起警报。</p>"
                   "</header>\n");
}

/* The findings of one severity (warn: warnings) under a heading. */
static void findings_section(fs_buf *b, const cJSON *rec, const fs_report_images *img, int warn,
                             size_t count, size_t figures)
{
    fs_buf_printf(b, "<section id=\"%s\"><h2>%s（%zu）</h2>", warn ? "warnings" : "errors",
                  warn ? "警告" : "错误", count);
    if (warn)
        fs_buf_puts(b, "<p class=\"why\">警告不是确定的错误：只有把某些数字看作截尾（直接舍去尾数）"
                       "而不是四舍五入，或把上年为零的项目看作新增项目，这些算式才成立。"
                       "请向编制单位核实。</p>");
    else if (count == 0 && figures > 0)
        fs_buf_puts(b, "<p>在已核对的关系中没有发现确定的错误。</p>");
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(rec, "findings")) {
        const char *sev = fs_rjson_str(x, "severity");
        if ((sev && !strcmp(sev, "warning")) == warn)
            fs_report_finding(rec, x, img, b);
    }
    fs_buf_puts(b, "</section>\n");
}

/* The relations not checked, with their reasons, collapsed. */
static void skipped_section(fs_buf *b, const cJSON *rec, size_t n)
{
    fs_buf_printf(b, "<section id=\"skipped\"><details><summary>未核对的关系（%zu）："
                     "原文不足以确定的关系不作猜测</summary><ol>", n);
    const cJSON *x, *id;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(rec, "skipped")) {
        fs_buf_puts(b, "<li><span class=\"check\">[");
        fs_html_text(b, fs_rjson_str(x, "check"), (size_t)-1);
        fs_buf_puts(b, "]</span> ");
        fs_html_text(b, fs_rjson_str(x, "reason"), (size_t)-1);
        fs_buf_puts(b, " <span class=\"ids\">");
        cJSON_ArrayForEach(id, cJSON_GetObjectItemCaseSensitive(x, "figures")) {
            const cJSON *g = fs_report_figure(rec, cJSON_IsString(id) ? id->valuestring : NULL);
            fs_html_text(b, cJSON_IsString(id) ? id->valuestring : "", (size_t)-1);
            if (g)
                fs_buf_printf(b, "(第%.0f页)", fs_rjson_num(g, "page", 0));
            fs_buf_puts(b, " ");
        }
        fs_buf_puts(b, "</span></li>");
    }
    fs_buf_puts(b, "</ol></details></section>\n");
}

/* A cell of the figure table: the text at path of g ("" when absent). */
static void fig_cell(fs_buf *b, const cJSON *g, const char *path)
{
    fs_buf_puts(b, "<td>");
    fs_html_text(b, fs_rjson_str(g, path), (size_t)-1);
    fs_buf_puts(b, "</td>");
}

/* The table of every figure, with its filter box. */
static void figures_section(fs_buf *b, const cJSON *rec, size_t n)
{
    fs_buf_printf(b, "<section id=\"figures\"><h2>读到的全部数字（%zu）</h2>"
                     "<p class=\"noprint\"><input id=\"filter\" type=\"search\" placeholder=\"筛选：输入文字或数字\"> "
                     "显示 <span id=\"shown\">%zu</span> 个；点击表头排序。</p>"
                     "<table id=\"figtable\" class=\"sortable\"><thead><tr><th>编号</th><th>页</th>"
                     "<th>行</th><th>项目</th><th>数值</th><th>变动</th><th>变动率</th><th>占比</th>"
                     "<th>原句</th></tr></thead><tbody>", n, n);
    const cJSON *g;
    cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(rec, "figures")) {
        const char *id = fs_rjson_str(g, "id");
        fs_buf_printf(b, "<tr><td data-v=\"%d\">", id ? atoi(id + 1) : 0);
        fs_html_text(b, id, (size_t)-1);
        fs_buf_printf(b, "</td><td>%.0f</td><td>%.0f</td>", fs_rjson_num(g, "page", 0),
                      fs_rjson_num(g, "line", 0));
        fig_cell(b, g, "subject");
        fs_buf_printf(b, "<td data-v=\"%.17g\">", fs_rjson_num(g, "value.number", 0));
        fs_html_text(b, fs_rjson_str(g, "value.text"), (size_t)-1);
        fs_buf_puts(b, "</td>");
        fig_cell(b, g, "change.amount.text");
        fig_cell(b, g, "change.percent.text");
        fig_cell(b, g, "share.percent.text");
        const char *q = fs_rjson_str(g, "quote");
        size_t ql = q ? strlen(q) : 0, cut = ql;
        if (cut > 180) { /* about 60 characters, cut at a character boundary */
            cut = 180;
            while (cut > 0 && ((unsigned char)q[cut] & 0xC0) == 0x80)
                cut--;
        }
        fs_buf_puts(b, "<td class=\"q\">");
        fs_html_text(b, q, cut);
        fs_buf_puts(b, cut < ql ? "…</td></tr>\n" : "</td></tr>\n");
    }
    fs_buf_puts(b, "</tbody></table></section>\n");
}

int fs_report_page(const cJSON *rec, const char *name, const fs_report_images *img,
                   fs_buf *out, fs_report_doc *doc, fs_error *e)
{
    if (!cJSON_IsObject(rec) || !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(rec, "figures")))
        return fs_error_set(e, FS_E_FORMAT, "not a document record");
    memset(doc, 0, sizeof *doc);
    count_record(rec, doc);
    doc->name = dup_or_null(name);
    doc->title = dup_or_null(fs_rjson_str(rec, "document.title"));
    size_t start = out->len;
    const char *title = doc->title && *doc->title ? doc->title : name;
    page_head(out, title, name);
    doc_header(out, rec, name, doc);
    fs_buf_printf(out, "<nav><a href=\"#errors\">错误</a> · <a href=\"#warnings\">警告</a> · "
                       "<a href=\"#skipped\">未核对</a> · <a href=\"#figures\">全部数字</a></nav>\n");
    findings_section(out, rec, img, 0, doc->errors, doc->figures);
    findings_section(out, rec, img, 1, doc->warnings, doc->figures);
    skipped_section(out, rec, doc->skipped);
    figures_section(out, rec, doc->figures);
    fs_buf_puts(out, "<footer>fiscan " FISCAN_VERSION " 生成。数字、算式和原文均取自上述文件；"
                     "页码指PDF的第几页。</footer>\n<div id=\"selftest\" hidden></div><script>");
    fs_buf_puts(out, fs_report_js);
    int rc = fs_buf_puts(out, "</script></body></html>\n");
    if (rc < 0 || !doc->name) {
        fs_report_doc_clear(doc);
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    }
    doc->bytes = out->len - start;
    return 0;
}

/* Order of the index: most errors first, then warnings, then name. */
static int doc_order(const void *a, const void *b)
{
    const fs_report_doc *x = *(const fs_report_doc *const *)a, *y = *(const fs_report_doc *const *)b;
    if (x->errors != y->errors)
        return x->errors > y->errors ? -1 : 1;
    if (x->warnings != y->warnings)
        return x->warnings > y->warnings ? -1 : 1;
    if (!!x->failure != !!y->failure)
        return x->failure ? -1 : 1;
    return strcmp(x->name ? x->name : "", y->name ? y->name : "");
}

/* One row of the index. */
static void index_row(fs_buf *b, const fs_report_doc *d)
{
    const char *cls = d->failure ? "fail" : d->figures == 0 ? "nofig" : d->errors ? "err"
                    : d->warnings ? "warn" : "ok";
    fs_buf_printf(b, "<tr class=\"%s\"><td>", cls);
    if (d->href) {
        fs_buf_puts(b, "<a href=\"");
        fs_html_url(b, d->href);
        fs_buf_puts(b, "\">");
    }
    fs_html_text(b, d->title && *d->title ? d->title : d->name, (size_t)-1);
    fs_buf_puts(b, d->href ? "</a>" : "");
    fs_buf_puts(b, "<div class=\"file\">");
    fs_html_text(b, d->name, (size_t)-1);
    fs_buf_puts(b, "</div></td>");
    if (d->failure) {
        fs_buf_puts(b, "<td colspan=\"4\"></td><td>未能处理：");
        fs_html_text(b, d->failure, (size_t)-1);
        fs_buf_puts(b, "</td></tr>\n");
        return;
    }
    fs_buf_printf(b, "<td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td><td>", d->errors,
                  d->warnings, d->figures, d->checked);
    if (d->figures == 0)
        fs_buf_puts(b, "未读到数字，没有核对");
    else if (d->errors)
        fs_buf_printf(b, "%zu处错误", d->errors);
    else if (d->warnings)
        fs_buf_puts(b, "只有警告");
    else
        fs_buf_printf(b, "核对了%zu个关系，未发现不一致", d->checked);
    if (d->image_note && (d->errors || d->warnings)) {
        fs_buf_puts(b, "<div class=\"file\">页面图像不可用：");
        fs_html_text(b, d->image_note, (size_t)-1);
        fs_buf_puts(b, "</div>");
    }
    fs_buf_puts(b, "</td></tr>\n");
}

int fs_report_index(const fs_report_doc *docs, size_t n, fs_buf *out, fs_error *e)
{
    const fs_report_doc **v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    size_t errs = 0, warns = 0, fails = 0, nofig = 0;
    for (size_t i = 0; i < n; i++) {
        v[i] = &docs[i];
        errs += docs[i].errors;
        warns += docs[i].warnings;
        fails += docs[i].failure != NULL;
        nofig += !docs[i].failure && docs[i].figures == 0;
    }
    qsort(v, n, sizeof *v, doc_order);
    page_head(out, "fiscan：报告核对结果", NULL);
    fs_buf_printf(out, "<header><h1>报告核对结果</h1><ul class=\"counts\"><li><b>%zu</b>份文件</li>"
                       "<li class=\"e\"><b>%zu</b>处错误</li><li class=\"w\"><b>%zu</b>处警告</li>"
                       "<li><b>%zu</b>份未能处理</li><li><b>%zu</b>份未读到数字</li></ul></header>"
                       "<p class=\"noprint\"><input id=\"filter\" type=\"search\" placeholder=\"筛选文件\"> "
                       "显示 <span id=\"shown\">%zu</span> 份；点击表头排序。</p>"
                       "<table id=\"figtable\" class=\"sortable index\"><thead><tr><th>文件</th>"
                       "<th>错误</th><th>警告</th><th>数字</th><th>已核对关系</th><th>结果</th></tr>"
                       "</thead><tbody>\n", n, errs, warns, fails, nofig, n);
    for (size_t i = 0; i < n; i++)
        index_row(out, v[i]);
    free(v);
    fs_buf_puts(out, "</tbody></table><footer>fiscan " FISCAN_VERSION " 生成。</footer>"
                     "<div id=\"selftest\" hidden></div><script>");
    fs_buf_puts(out, fs_report_js);
    if (fs_buf_puts(out, "</script></body></html>\n") < 0)
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    return 0;
}
