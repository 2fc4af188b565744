/* docinfo.c — the document's title, organisation, year and kind (预算 /
 * 决算), from the outline's title, else the first lines, else the headings,
 * else the first 4000 bytes. */
#include "figures_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Document information                                                */

/* Finds "2019年(度)(部门|单位)预算|决算" in s[a..b): year, kind, start. */
/* Finds "2019年(度)(部门|单位)预算|决算" in s[a..b): year, kind, where the
 * year starts and where the kind word ends. */
static int find_year_kind(const char *s, size_t a, size_t b, int *year, const char **kind,
                          size_t *ystart, size_t *kend)
{
    for (size_t p = a; p + 4 <= b; p++) {
        if (s[p] < '0' || s[p] > '9' || (p > a && s[p - 1] >= '0' && s[p - 1] <= '9'))
            continue;
        size_t ye;
        int y = year_at(s, p, b, &ye);
        if (!y) {
            /* 上海市普陀区万里街道2023部门预算: a year without 年 */
            size_t q = p;
            while (q < b && s[q] >= '0' && s[q] <= '9')
                q++;
            if (q - p != 4)
                continue;
            y = (s[p] - '0') * 1000 + (s[p + 1] - '0') * 100 + (s[p + 2] - '0') * 10 + (s[p + 3] - '0');
            if (y < 1900 || y > 2099)
                continue;
            ye = q;
        }
        size_t lim = skip_blanks(s, ye, b);
        for (int n = 0; n < 8 && lim < b; n++) {
            if (at(s, lim, b, "预算") || at(s, lim, b, "决算")) {
                *year = y;
                *kind = at(s, lim, b, "预算") ? "预算" : "决算";
                *ystart = p;
                *kend = lim + 6;
                return 1;
            }
            size_t l;
            uint32_t cp = cp_at(s, lim, b, &l);
            if (!fs_cjk_is_han(cp))
                break;
            lim += l;
        }
    }
    return 0;
}

/* The organisation named by a label line among the first lines of the
 * text (预算主管部门：X, 预算单位：X, 部门：X): its span, or 0. */
static int org_label(const fs_text *t, size_t *oa, size_t *ob)
{
    static const char *const LABELS[] = {"预算主管部门：", "预算单位：", "部门名称：", "单位名称：",
                                         "主管部门：", "部门：", NULL};
    const char *s = t->s;
    size_t pos = 0;
    for (int line = 0; line < 10 && pos < t->len; line++) {
        size_t le = fig_line_end_of(t, pos);
        for (size_t p = pos; p < le; p++) {
            size_t l = at_any(s, p, le, LABELS);
            if (!l)
                continue;
            size_t a = skip_blanks(s, p + l, le), b = a;
            while (b < le && s[b] != '\t' && s[b] != ' ' && !at(s, b, le, "单位：") &&
                   !at(s, b, le, "，") && !at(s, b, le, "。"))
                b++;
            if (nchars(s, a, b) >= 4) {
                *oa = a;
                *ob = b;
                return 1;
            }
            break;
        }
        pos = le + 1;
    }
    return 0;
}

/* Title, organisation, year and kind of the document: from the outline's
 * title, else the first lines, else the headings, else the first 4000
 * bytes, whichever first names a year with 预算 or 决算. */
int fig_docinfo(ctx *c)
{
    const fs_text *t = c->t;
    const char *s = t->s;
    const fs_outline *o = c->o;
    fs_docinfo *d = &c->f->info;
    snprintf(d->kind, sizeof d->kind, "%s", "other");
    size_t spans[80][2];
    size_t ns = 0;
    if (o && o->title && o->title_end > o->title_start) {
        spans[ns][0] = o->title_start;
        spans[ns][1] = o->title_end;
        ns++;
    }
    size_t pos = 0;
    for (int line = 0; line < 3 && pos < t->len;) {
        size_t le = fig_line_end_of(t, pos);
        if (skip_blanks(s, pos, le) < le) {
            spans[ns][0] = pos;
            spans[ns][1] = le;
            ns++;
            line++;
        }
        pos = le + 1;
    }
    for (size_t i = 0; o && i < o->n && ns < 79; i++) {
        spans[ns][0] = o->v[i].start;
        spans[ns][1] = o->v[i].head_end;
        ns++;
    }
    size_t cap = t->len < 4000 ? t->len : 4000;
    while (cap > 0 && cap < t->len && ((unsigned char)s[cap] & 0xC0) == 0x80)
        cap--;
    spans[ns][0] = 0;
    spans[ns][1] = cap;
    ns++;
    size_t oa, ob;
    int labelled = org_label(t, &oa, &ob);
    if (labelled && !(d->organisation = dup_span(s, oa, ob)))
        return FS_E_NOMEM;
    for (size_t i = 0; i < ns; i++) {
        int y;
        const char *k;
        size_t ys, ke;
        if (!find_year_kind(s, spans[i][0], spans[i][1], &y, &k, &ys, &ke))
            continue;
        d->year = y;
        snprintf(d->kind, sizeof d->kind, "%s", k);
        /* the name right before the year, back to the line or span start */
        size_t lo = spans[i][0];
        size_t ls = ys;
        while (ls > lo && s[ls - 1] != '\n')
            ls--;
        size_t e = skip_blanks_back(s, ls, ys), st = e;
        while (st > ls) {
            size_t q = prev_char(s, ls, st);
            uint32_t cp = cp_at(s, q, st, NULL);
            if (!fs_cjk_is_han(cp) && cp != 0xFF08u && cp != 0xFF09u)
                break;
            st = q;
        }
        size_t a = st, b = e;
        if (b > a) {
            fig_strip_enumerator(s, &a, b);
            if (at(s, a, b, "："))
                a += 3;
        }
        if (b <= a && i == 0 && o && o->title && ys > lo) {
            /* the title's first line names the organisation */
            a = lo;
            b = a;
            while (b < ys && s[b] != '\n' && s[b] != ' ')
                b++;
        }
        if (!labelled && b > a && !(d->organisation = dup_span(s, a, b)))
            return FS_E_NOMEM;
        if (o && o->title) {
            d->title = strdup(o->title);
        } else {
            /* the line that names it, up to the kind word: 柳州市总工会2019年部门预算 */
            size_t ta = a < ys ? a : ls;
            if (b <= a) {
                ta = ls;
                fig_strip_enumerator(s, &ta, ys);
                if (at(s, ta, ys, "："))
                    ta += 3;
            }
            d->title = dup_span(s, ta, ke);
        }
        if (!d->title)
            return FS_E_NOMEM;
        return 0;
    }
    if (o && o->title && !(d->title = strdup(o->title)))
        return FS_E_NOMEM;
    return 0;
}
