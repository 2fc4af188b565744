/* report_finding.c — one finding of the HTML report: headline, arithmetic
 * step by step, the sentences with the numbers marked, and the images of
 * the page regions that print them (report_impl.h). */
#include "report_impl.h"

#include "error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A printed number read back from its text: value, decimals, the unit text
 * after it, and whether it stands for an exact point. */
typedef struct pnum {
    double v;
    int decimals;
    char unit[32];
    int exact;
    int ok;
} pnum;

/* Reads the first number of text ("2,106.66万元", "5.95%"). */
static pnum parse_printed(const char *text)
{
    pnum p = {0};
    char digits[64];
    size_t n = 0;
    const char *s = text ? text : "";
    while (*s && !(*s >= '0' && *s <= '9'))
        s++;
    int seen_point = 0;
    for (; *s && n + 1 < sizeof digits; s++) {
        if (*s >= '0' && *s <= '9') {
            digits[n++] = *s;
            p.decimals += seen_point;
        } else if (*s == '.' && !seen_point && s[1] >= '0' && s[1] <= '9') {
            digits[n++] = '.';
            seen_point = 1;
        } else if (*s != ',') {
            break;
        }
    }
    digits[n] = '\0';
    if (n == 0)
        return p;
    p.v = strtod(digits, NULL);
    p.ok = 1;
    snprintf(p.unit, sizeof p.unit, "%s", s);
    int money_or_rate = strstr(p.unit, "元") || strchr(p.unit, '%') || strstr(p.unit, "万");
    p.exact = p.decimals == 0 && (p.v == 0 || !money_or_rate);
    return p;
}

/* The half unit of the last printed digit (0 for an exact point). */
static double half_unit(const pnum *p)
{
    return p->exact ? 0 : 0.5 * pow(10, -p->decimals);
}

/* Appends "[lo, hi]" at dec decimals (or the one value when they are equal). */
static void put_interval(fs_buf *b, double lo, double hi, int dec)
{
    if (lo == hi)
        fs_buf_printf(b, "%.*f", dec, lo);
    else
        fs_buf_printf(b, "[%.*f, %.*f]", dec, lo, dec, hi);
}

/* What a stated number is called in a headline, from the check and the role
 * of the mark that prints it. */
static const char *label_of(const char *check, const char *role, const cJSON *fig)
{
    if (!strcmp(check, "sum"))
        return "分项合计";
    if (!strcmp(check, "change_sum"))
        return "分项变动合计";
    if (!strcmp(check, "share_sum"))
        return "占比合计";
    if (!strcmp(check, "completion"))
        return "完成率";
    if (!strcmp(check, "table"))
        return "按报告自己的表格，该数";
    if (!strcmp(check, "restatement"))
        return "按报告另一处，该数";
    if (!strcmp(role, "percent")) {
        const char *dir = fs_rjson_str(fig, "change.direction");
        return dir && !strcmp(dir, "decrease") ? "下降率" : "增长率";
    }
    if (!strcmp(role, "change"))
        return "增减额";
    if (!strcmp(role, "prior"))
        return "上年数";
    if (!strcmp(role, "share"))
        return "占比";
    if (!strcmp(role, "ratio"))
        return "与上年之比";
    if (!strcmp(role, "points"))
        return "百分点变化";
    return "该数";
}

/* The mark of x that prints the stated number, or NULL. */
static const cJSON *stated_mark(const cJSON *x)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(x, "marks"))
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "stated")))
            return m;
    return NULL;
}

/* Appends the range the other figures allow, printed as the report prints
 * the stated number: "6.10%" or "6.10%至6.12%". */
static void put_expected(fs_buf *b, const cJSON *x, const pnum *st)
{
    double lo = fs_rjson_num(x, "expected.low", 0), hi = fs_rjson_num(x, "expected.high", 0);
    int dec = st->decimals;
    double rl, rh;
    for (;; dec++) { /* more digits while the range prints as the stated value */
        double k = pow(10, dec);
        rl = floor(lo * k + 0.5) / k;
        rh = floor(hi * k + 0.5) / k;
        if (dec >= st->decimals + 3 || rl != st->v || rh != st->v)
            break;
    }
    fs_buf_printf(b, "%.*f", dec, rl);
    fs_html_text(b, st->unit, (size_t)-1);
    if (rh != rl) {
        fs_buf_printf(b, "至%.*f", dec, rh);
        fs_html_text(b, st->unit, (size_t)-1);
    }
}

/* Appends the one-line headline of finding x. */
static void headline(fs_buf *b, const cJSON *rec, const cJSON *x)
{
    const char *check = fs_rjson_str(x, "check");
    const char *stext = fs_rjson_str(x, "stated.text");
    const cJSON *sm = stated_mark(x);
    const char *role = sm ? fs_rjson_str(sm, "role") : "";
    const cJSON *fig = sm ? fs_report_figure(rec, fs_rjson_str(sm, "figure")) : NULL;
    pnum st = parse_printed(stext);
    int has_range = cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(x, "expected")) && st.ok;
    if (has_range && check && !strcmp(check, "share_sum")) { /* the 100% is not printed */
        fs_buf_puts(b, "各分项占比相加为");
        put_expected(b, x, &st);
        fs_buf_puts(b, "，而不是");
        fs_html_text(b, stext, (size_t)-1);
        return;
    }
    if (has_range && check) {
        fs_html_text(b, label_of(check, role ? role : "", fig), (size_t)-1);
        fs_buf_puts(b, "应为");
        put_expected(b, x, &st);
        fs_buf_puts(b, "，报告写作");
        fs_html_text(b, stext, (size_t)-1);
        return;
    }
    const char *msg = fs_rjson_str(x, "message");
    const char *cut = msg ? strstr(msg, "：") : NULL;
    fs_html_text(b, msg, cut ? (size_t)(cut - msg) : (size_t)-1);
}

/* Appends a line "TEXT 代表 [lo, hi]" for a printed number. */
static void step_number(fs_buf *b, const char *label, const char *text)
{
    pnum p = parse_printed(text);
    fs_buf_puts(b, "<li>");
    fs_html_text(b, label, (size_t)-1);
    fs_buf_puts(b, "<b>");
    fs_html_text(b, text, (size_t)-1);
    fs_buf_puts(b, "</b>");
    if (p.ok && p.exact) {
        fs_buf_puts(b, "：整数，按原数计");
    } else if (p.ok) {
        fs_buf_puts(b, " 代表 ");
        put_interval(b, p.v - half_unit(&p), p.v + half_unit(&p), p.decimals + 1);
        fs_buf_puts(b, "（四舍五入前可能的值）");
    }
    fs_buf_puts(b, "</li>");
}

/* The growth steps (上年数 = V − D, 增长率 = D ÷ 上年数) when the stated number
 * is the rate of a figure that prints its value and change. */
static void growth_steps(fs_buf *b, const cJSON *fig)
{
    pnum v = parse_printed(fs_rjson_str(fig, "value.text"));
    pnum d = parse_printed(fs_rjson_str(fig, "change.amount.text"));
    const char *dir = fs_rjson_str(fig, "change.direction");
    if (!v.ok || !d.ok || !dir)
        return;
    int dec = dir && !strcmp(dir, "decrease");
    double vl = v.v - half_unit(&v), vh = v.v + half_unit(&v);
    double dl = d.v - half_unit(&d), dh = d.v + half_unit(&d);
    double pl = dec ? vl + dl : vl - dh, ph = dec ? vh + dh : vh - dl;
    int pd = (v.decimals > d.decimals ? v.decimals : d.decimals) + 1;
    fs_buf_printf(b, "<li>上年数 = 本年数 %s 变动额 = ", dec ? "+" : "−");
    put_interval(b, pl, ph, pd);
    fs_html_text(b, v.unit, (size_t)-1);
    fs_buf_puts(b, "</li>");
    if (pl > 0) {
        fs_buf_puts(b, "<li>变动率 = 变动额 ÷ 上年数 = ");
        put_interval(b, dl / ph * 100, dh / pl * 100, 3);
        fs_buf_puts(b, "%</li>");
    }
}

/* Appends the arithmetic of finding x as an ordered list. */
static void steps(fs_buf *b, const cJSON *rec, const cJSON *x)
{
    fs_buf_puts(b, "<ol class=\"steps\">");
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(x, "marks")) {
        const cJSON *fig = fs_report_figure(rec, fs_rjson_str(m, "figure"));
        char label[512];
        snprintf(label, sizeof label, "%s%s：", fig ? fs_rjson_str(fig, "subject") : "",
                 cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "stated")) ? "（报告写作）"
                                                                              : "");
        step_number(b, label, fs_rjson_str(m, "text"));
    }
    const cJSON *sm = stated_mark(x);
    const char *check = fs_rjson_str(x, "check");
    if (sm && check && !strcmp(check, "growth") &&
        !strcmp(fs_rjson_str(sm, "role") ? fs_rjson_str(sm, "role") : "", "percent"))
        growth_steps(b, fs_report_figure(rec, fs_rjson_str(sm, "figure")));
    pnum st = parse_printed(fs_rjson_str(x, "stated.text"));
    if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(x, "expected"))) {
        fs_buf_puts(b, "<li>按其余数字，可能的范围是 ");
        fs_buf_puts(b, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
                           cJSON_GetObjectItemCaseSensitive(x, "expected"), "low_open")) ? "(" : "[");
        fs_html_text(b, fs_rjson_str(x, "expected.low_exact"), (size_t)-1);
        fs_buf_puts(b, ", ");
        fs_html_text(b, fs_rjson_str(x, "expected.high_exact"), (size_t)-1);
        fs_buf_puts(b, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
                           cJSON_GetObjectItemCaseSensitive(x, "expected"), "high_open")) ? ")" : "]");
        fs_html_text(b, st.unit, (size_t)-1);
        fs_buf_puts(b, "</li><li>报告写作 <b>");
        fs_html_text(b, fs_rjson_str(x, "stated.text"), (size_t)-1);
        fs_buf_puts(b, "</b>");
        if (st.ok && !st.exact) {
            fs_buf_puts(b, "，代表 ");
            put_interval(b, st.v - half_unit(&st), st.v + half_unit(&st), st.decimals + 1);
        }
        fs_buf_puts(b, "：与上述范围没有共同的值</li>");
    }
    fs_buf_puts(b, "</ol>");
}

/* Appends quote q with every mark text of x wrapped in <mark> (the stated
 * number's with class "stated"). */
static void marked_quote(fs_buf *b, const char *q, const cJSON *x)
{
    size_t n = strlen(q), i = 0, plain = 0;
    while (i < n) {
        const cJSON *m, *hit = NULL;
        size_t hl = 0;
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(x, "marks")) {
            const char *t = fs_rjson_str(m, "text");
            size_t tl = t ? strlen(t) : 0;
            if (tl > hl && tl <= n - i && !memcmp(q + i, t, tl)) {
                hit = m;
                hl = tl;
            }
        }
        if (!hit) {
            i++;
            continue;
        }
        fs_html_text(b, q + plain, i - plain);
        fs_buf_puts(b, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(hit, "stated"))
                           ? "<mark class=\"stated\">" : "<mark>");
        fs_html_text(b, q + i, hl);
        fs_buf_puts(b, "</mark>");
        i += hl;
        plain = i;
    }
    fs_html_text(b, q + plain, n - plain);
}

/* Appends the sentences of finding x: the stated number's, then those of
 * its figures, each once, with where it is printed. */
static void quotes(fs_buf *b, const cJSON *rec, const cJSON *x)
{
    const char *seen[16];
    size_t nseen = 0;
    const cJSON *ids = cJSON_GetObjectItemCaseSensitive(x, "figures");
    for (int k = -1; k < cJSON_GetArraySize(ids) && nseen < 16; k++) {
        const char *q;
        double page, line;
        if (k < 0) {
            q = fs_rjson_str(x, "stated.quote");
            page = fs_rjson_num(x, "stated.page", 0);
            line = fs_rjson_num(x, "stated.line", 0);
        } else {
            const cJSON *id = cJSON_GetArrayItem(ids, k);
            const cJSON *fig = fs_report_figure(rec, cJSON_IsString(id) ? id->valuestring : NULL);
            q = fig ? fs_rjson_str(fig, "quote") : NULL;
            page = fs_rjson_num(fig, "page", 0);
            line = fs_rjson_num(fig, "line", 0);
        }
        if (!q || !*q)
            continue;
        int dup = 0;
        for (size_t j = 0; j < nseen; j++)
            dup |= !strcmp(seen[j], q);
        if (dup)
            continue;
        seen[nseen++] = q;
        fs_buf_printf(b, "<blockquote><cite>第%.0f页第%.0f行</cite>", page, line);
        marked_quote(b, q, x);
        fs_buf_puts(b, "</blockquote>");
    }
}

/* Appends data as base64. */
static int put_base64(fs_buf *b, const unsigned char *p, size_t n)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (fs_buf_reserve(b, (n + 2) / 3 * 4 + 1) < 0)
        return FS_E_NOMEM;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        char q[4] = {t[(v >> 18) & 63], t[(v >> 12) & 63], i + 1 < n ? t[(v >> 6) & 63] : '=',
                     i + 2 < n ? t[v & 63] : '='};
        fs_buf_append(b, q, 4);
    }
    return 0;
}

/* The box of mark m, or 0 when it has none. */
static int mark_box(const cJSON *m, fs_rect *r)
{
    const cJSON *box = cJSON_GetObjectItemCaseSensitive(m, "box");
    if (cJSON_GetArraySize(box) != 4)
        return 0;
    r->x0 = cJSON_GetArrayItem(box, 0)->valuedouble;
    r->y0 = cJSON_GetArrayItem(box, 1)->valuedouble;
    r->x1 = cJSON_GetArrayItem(box, 2)->valuedouble;
    r->y1 = cJSON_GetArrayItem(box, 3)->valuedouble;
    return r->x1 > r->x0;
}

/* Appends the caption link "第N页" (to the PDF's page when its URL is known). */
static void page_link(fs_buf *b, const fs_report_images *img, int page)
{
    if (img->pdf_href) {
        fs_buf_puts(b, "<a class=\"page\" href=\"");
        fs_html_text(b, img->pdf_href, (size_t)-1);
        fs_buf_printf(b, "#page=%d\">第%d页</a>", page, page);
    } else
        fs_buf_printf(b, "<span class=\"page\">第%d页</span>", page);
}

/* Renders region of page with boxes into an <img>, or says why it cannot. */
static void put_image(fs_buf *b, const fs_report_images *img, int page, fs_rect region,
                      const fs_rect *boxes, size_t nboxes, size_t nstated, double scale,
                      const char *note)
{
    unsigned char *png = NULL;
    size_t len = 0;
    fs_error e;
    fs_error_clear(&e);
    fs_buf_puts(b, "<figure>");
    if (fs_render_png(img->pdf, (uint32_t)page, region, scale, boxes, nboxes, nstated, &png,
                      &len, &e) == 0) {
        int w = (int)((region.x1 - region.x0) * scale + 0.5);
        int h = (int)((region.y1 - region.y0) * scale + 0.5);
        fs_buf_printf(b, "<img class=\"region\" width=\"%d\" height=\"%d\" alt=\"第%d页的相关区域\" "
                         "src=\"data:image/png;base64,", w * 2 / 3, h * 2 / 3, page);
        put_base64(b, png, len);
        fs_buf_puts(b, "\">");
    } else {
        fs_buf_puts(b, "<p class=\"noimg\">图像无法绘制：");
        fs_html_text(b, e.msg, (size_t)-1);
        fs_buf_puts(b, "</p>");
    }
    free(png);
    fs_buf_puts(b, "<figcaption>");
    page_link(b, img, page);
    fs_buf_puts(b, note);
    fs_buf_puts(b, "</figcaption></figure>");
}

/* The numbers of finding x to outline: its marks, then its table cells as
 * marks (for table_sum the first cell, the total that fails, as the stated
 * one; for table the cell the narrative figure is held against).  A new
 * array the caller deletes; NULL when out of memory. */
static cJSON *outlined(const cJSON *x)
{
    cJSON *all = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(x, "marks"), 1);
    if (!all)
        all = cJSON_CreateArray();
    const cJSON *c;
    const cJSON *chk = cJSON_GetObjectItemCaseSensitive(x, "check");
    int first = !(cJSON_IsString(chk) && !strcmp(chk->valuestring, "table"));
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(x, "cells")) {
        cJSON *m = cJSON_Duplicate(c, 1);
        if (!m || !all)
            break;
        cJSON_AddBoolToObject(m, "stated", first);
        cJSON_AddItemToArray(all, m);
        first = 0;
    }
    return all;
}

/* The images of finding x: for each page that prints its numbers, the
 * region around them with each number outlined; a page whose numbers were
 * not located is shown whole. */
static void images(fs_buf *b, const cJSON *x, const fs_report_images *img)
{
    if (!img->pdf) {
        fs_buf_puts(b, "<p class=\"noimg\">页面图像不可用：");
        fs_html_text(b, img->unavailable ? img->unavailable : "没有PDF文件", (size_t)-1);
        fs_buf_puts(b, "</p>");
        return;
    }
    double scale = img->scale > 0 ? img->scale : 2;
    cJSON *marks = outlined(x);
    const cJSON *m;
    int pages[16], np = 0;
    cJSON_ArrayForEach(m, marks) {
        int pg = (int)fs_rjson_num(m, "page", 0), dup = 0;
        for (int i = 0; i < np; i++)
            dup |= pages[i] == pg;
        if (pg > 0 && !dup && np < 16)
            pages[np++] = pg;
    }
    if (np == 0 && fs_rjson_num(x, "stated.page", 0) > 0)
        pages[np++] = (int)fs_rjson_num(x, "stated.page", 0);
    if (np == 0)
        fs_buf_puts(b, "<p class=\"noimg\">没有印在页面上的数字可以显示。</p>");
    for (int i = 0; i < np; i++) {
        fs_rect boxes[32], u = {1e9, 1e9, -1e9, -1e9};
        size_t nb = 0, nst = 0;
        for (int pass = 0; pass < 2; pass++) /* stated numbers first */
            cJSON_ArrayForEach(m, marks) {
                int st = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "stated"));
                if ((int)fs_rjson_num(m, "page", 0) != pages[i] || st != (pass == 0) || nb >= 32 ||
                    !mark_box(m, &boxes[nb]))
                    continue;
                u.x0 = fmin(u.x0, boxes[nb].x0), u.y0 = fmin(u.y0, boxes[nb].y0);
                u.x1 = fmax(u.x1, boxes[nb].x1), u.y1 = fmax(u.y1, boxes[nb].y1);
                nst += st;
                nb++;
            }
        double pw, ph;
        fs_render_page_size(img->pdf, (uint32_t)pages[i], &pw, &ph);
        if (nb == 0) {
            put_image(b, img, pages[i], (fs_rect){0, 0, pw, ph}, NULL, 0, 0, 0.75,
                      "：未能在页面上定出这些数字的位置，显示整页");
            continue;
        }
        /* the lines around the numbers, most of their width: 150 points
         * either side, 36 above and below */
        fs_rect r = {fmax(0, u.x0 - 150), fmax(0, u.y0 - 36), fmin(pw, u.x1 + 150),
                     fmin(ph, u.y1 + 36)};
        put_image(b, img, pages[i], r, boxes, nb, nst, scale,
                  nst ? "：红框是报告写作的数字，蓝框是据以核算的数字" : "：框出的是据以核算的数字");
    }
    cJSON_Delete(marks);
}

int fs_report_finding(const cJSON *rec, const cJSON *x, const fs_report_images *img,
                      fs_buf *b)
{
    const char *sev = fs_rjson_str(x, "severity");
    int warn = sev && !strcmp(sev, "warning");
    const char *id = fs_rjson_str(x, "id");
    fs_buf_puts(b, "<article class=\"finding ");
    fs_buf_puts(b, warn ? "warning" : "error");
    fs_buf_puts(b, "\" id=\"");
    fs_html_text(b, id, (size_t)-1);
    fs_buf_printf(b, "\"><h3><span class=\"sev\">%s</span> ", warn ? "警告" : "错误");
    headline(b, rec, x);
    fs_buf_puts(b, "</h3><p class=\"msg\">");
    fs_html_text(b, fs_rjson_str(x, "message"), (size_t)-1);
    fs_buf_puts(b, " <span class=\"check\">[");
    fs_html_text(b, fs_rjson_str(x, "check"), (size_t)-1);
    fs_buf_puts(b, " ");
    fs_html_text(b, id, (size_t)-1);
    fs_buf_puts(b, "]</span></p>");
    images(b, x, img);
    fs_buf_puts(b, "<div class=\"cols\"><div><h4>算式</h4>");
    steps(b, rec, x);
    fs_buf_puts(b, "</div><div><h4>原文</h4>");
    quotes(b, rec, x);
    return fs_buf_puts(b, "</div></div></article>\n");
}
