/* identity.c — which quantity each figure is (identity.h).
 *
 * Reading, for one figure whose subject is the span [sa, sb) of the text and
 * whose number starts at v:
 *  - the "head" [sa, v) holds the subject and the words between it and the
 *    number (年初预算为, 2026年预算安排): measure words and a year are read
 *    there; scope words inside a scope name (一般公共预算) are never read as
 *    the measure 预算;
 *  - a 类/款/项 path — names each followed by （204类）（06款）（01项） or
 *    （类）（款）（项） — printed before the number in the same paragraph, else
 *    in the heading of a section holding the figure, is the item when the
 *    subject is generic; a specific subject under a path is an item of that
 *    path (行政运行 › 基本支出);
 *  - scope and level words are looked for in the subject, then in the
 *    paragraph before it, then in the total it is a part of, then in the
 *    headings of its sections, innermost first;
 *  - in a 部门预算 / 单位预算 a figure with no measure word is a 预算 figure,
 *    in a 部门决算 a 决算 figure; a government report says its measure in
 *    the text or in the heading (执行情况, 预算草案) or leaves it unknown.
 * Everything is bounded: a paragraph is read from its start to the figure,
 * headings along the section's parent chain. */
#include "identity.h"

#include "cjk.h"

#include "scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_MAX 256        /* bytes an item may have */
#define ID_LOOKBACK 6000  /* bytes read back before a paragraph for its level and fund */
#define ID_LINE_MAX 1500  /* bytes of a paragraph read before a figure */

/* ------------------------------------------------------------ words */

typedef struct word {
    const char *text;  /* as printed */
    const char *norm;  /* what it stands for */
    size_t len;        /* strlen(text) */
} word;

#define W(t, n) {t, n, sizeof(t) - 1}

/* Scope words, longest first.  A budget type is narrower than 财政拨款:
 * "一般公共预算财政拨款" is 一般公共预算. */
static const word SCOPES[] = {
    W("一般公共预算", "一般公共预算"),   W("公共财政预算", "一般公共预算"),
    W("政府性基金预算", "政府性基金预算"), W("政府性基金", "政府性基金预算"),
    W("国有资本经营预算", "国有资本经营预算"), W("国有资本经营", "国有资本经营预算"),
    W("社会保险基金预算", "社会保险基金预算"), W("社会保险基金", "社会保险基金预算"),
    W("社保基金", "社会保险基金预算"),   W("财政专户管理资金", "财政专户"),
    W("财政专户", "财政专户"),           W("财政拨款", "财政拨款"),
    {NULL, NULL, 0}};

/* Level words: whose budget a government report speaks of. */
static const word LEVELS[] = {
    W("市本级", "市本级"), W("省本级", "省本级"), W("区本级", "区本级"), W("县本级", "县本级"),
    W("州本级", "州本级"), W("全市", "全市"),     W("全省", "全省"),     W("全区", "全区"),
    W("全县", "全县"),     W("全州", "全州"),     W("省级", "省级"),     W("市级", "市级"),
    {NULL, NULL, 0}};

/* Measure words, longest first at each position. */
static const word MEASURES[] = {
    W("年初预算", "年初预算"), W("调整后预算", "调整预算"), W("调整预算", "调整预算"),
    W("全年预算", "全年预算"), W("预算执行数", "执行数"),   W("预计执行", "预计执行"),
    W("预计完成", "预计执行"), W("执行数", "执行数"),       W("完成数", "执行数"),
    W("决算数", "决算"),       W("决算", "决算"),           W("总预算", "预算"),
    W("预算数", "预算"),
    W("预算", "预算"),         W("安排", "预算"),           W("预计", "预计执行"),
    W("完成", "执行数"),       {NULL, NULL, 0}};

/* Measures a heading names for the figures under it. */
static const word HEADING_MEASURES[] = {
    W("预算执行情况", "执行数"), W("执行情况", "执行数"), W("预算草案", "预算"),
    W("预算（草案）", "预算"),   W("预算安排", "预算"),   W("决算", "决算"),
    {NULL, NULL, 0}};

/* What is left of a subject that names no item by itself. */
static const char *const GENERIC[] = {
    "", "支出", "收入", "收支", "拨款", "资金", "金额", "总额", "合计", "总计", "小计",
    "收入总计", "支出总计", "收支总计", "收入合计", "支出合计", "收入总量", "支出总量",
    "总量", "规模", "数", "年", "经费", "当年", "本年", "上年", "全年", "共", "其中",
    "总额为", "总收入", "总支出", "收入总额", "支出总额", "项目", "共计", "累计", "结余",
    "结转", "年终结余", "收入总来源", "总来源", "结转下年", "滚存结余", "净结余", "资金总额",
    "实施期资金总额", "年度资金总额", "财政拨款", "市财政拨款", "省财政拨款", "区财政拨款", NULL};

/* Verbs that, before a generic noun, still name no item (投入资金). */
static const char *const VERBS[] = {
    "投入", "统筹", "安排", "下达", "筹集", "拨付", "争取", "落实", "整合", "累计", "共计",
    "新增", "支持", "用于", "投资", "盘活", "收回", "压减", "节约", "节省", "带动", "申请",
    NULL};

/* The word of list w that s[pos..end) starts with, NULL if none. */
static const word *word_at(const char *s, size_t pos, size_t end, const word *w)
{
    /* every word starts with a Han character: skip other bytes at once */
    if ((unsigned char)s[pos] < 0xE4 || (unsigned char)s[pos] > 0xE9)
        return NULL;
    for (; w->text; w++)
        if (pos + w->len <= end && s[pos + 1] == w->text[1] && memcmp(s + pos, w->text, w->len) == 0)
            return w;
    return NULL;
}

/* The last scope named in s[a..b): a budget type beats 财政拨款 within the
 * same run of words, and a later mention beats an earlier one.  NULL if none. */
static const char *last_scope(const char *s, size_t a, size_t b)
{
    const char *r = NULL;
    size_t r_end = 0;
    for (size_t p = a; p < b;) {
        const word *w = word_at(s, p, b, SCOPES);
        if (w) {
            /* 一般公共预算财政拨款: 财政拨款 right after a budget type
             * does not replace it */
            int keep = r && p == r_end && strcmp(w->norm, "财政拨款") == 0;
            if (!keep)
                r = w->norm;
            p += w->len;
            r_end = p;
            continue;
        }
        p += char_len(s, p, b);
    }
    return r;
}

/* Words before a fund's name that are not whose budget it is. */
static const char *const NOT_ENTITY[] = {
    "其中", "加上", "加", "减去", "减", "调入", "调出", "全年", "预计", "完成", "安排", "本部门",
    "我部门", "本单位", "我单位", "部门", "单位", "当年", "本年", "上年", "年度", "年", "用于",
    "纳入", "列入", "实现", "编制", "包括", "以及", "和", "及", "与", "的", NULL};

/* The entity qualifier before the fund name that ends at pos, as a span
 * [*ea, pos) of Han characters with listing and linking words taken off the
 * front; 1 when at least two characters remain ("宿迁经开区" in
 * 宿迁经开区一般公共预算收入). */
static int qualifier_before(const char *s, size_t a, size_t pos, size_t *ea)
{
    size_t q = pos;
    while (q > a) {
        size_t r = q - 1;
        while (r > a && ((unsigned char)s[r] & 0xC0) == 0x80)
            r--;
        if (!fs_cjk_is_han(cp_at(s, r, pos, NULL)))
            break;
        q = r;
    }
    int changed = 1;
    while (changed && q < pos) {
        changed = 0;
        for (const char *const *w = NOT_ENTITY; *w; w++)
            if (at(s, q, pos, *w)) {
                q += strlen(*w);
                changed = 1;
                break;
            }
    }
    /* 的 at the end: 全市的一般公共预算 */
    if (pos >= q + 3 && at(s, pos - 3, pos, "的"))
        pos -= 3;
    size_t han = 0;
    for (size_t p = q; p < pos; p += char_len(s, p, pos))
        han++;
    *ea = q;
    return han >= 2;
}

/* Whose budget the last mention in s[a..b) names: a level word (全市,
 * 市本级 …) or the name right before a fund's name (宿迁经开区一般公共
 * 预算收入 → 宿迁经开区).  A mention with neither does not undo an earlier
 * one.  Copies it into buf (size n) and returns 1, else 0. */
static int last_entity(const char *s, size_t a, size_t b, char *buf, size_t n)
{
    int found = 0, level = 0;
    for (size_t p = a; p < b;) {
        const word *w = word_at(s, p, b, LEVELS);
        if (w) {
            snprintf(buf, n, "%s", w->norm);
            found = level = 1;
            p += w->len;
            continue;
        }
        if ((w = word_at(s, p, b, SCOPES)) != NULL) {
            size_t ea;
            /* a level word anywhere in the span outranks a name before a
             * fund (加中央和自治区下达的政府性基金…) */
            if (!level && qualifier_before(s, a, p, &ea) && p - ea < n) {
                size_t e = p;
                if (e >= ea + 3 && at(s, e - 3, e, "的"))
                    e -= 3;
                memcpy(buf, s + ea, e - ea);
                buf[e - ea] = '\0';
                found = 1;
            }
            p += w->len;
            continue;
        }
        p += char_len(s, p, b);
    }
    return found;
}

/* The last measure named in s[a..b), stepping over scope names (the 预算 of
 * 一般公共预算 is not a measure) and over "上年" (a prior is not this
 * figure's measure: 比上年预算 never reaches the head).  NULL if none. */
static const char *last_measure(const char *s, size_t a, size_t b, const word *list)
{
    const char *r = NULL;
    for (size_t p = a; p < b;) {
        const word *sc = word_at(s, p, b, SCOPES);
        if (sc) {
            p += sc->len;
            continue;
        }
        const word *w = word_at(s, p, b, list);
        if (w) {
            r = w->norm;
            p += w->len;
            continue;
        }
        p += char_len(s, p, b);
    }
    return r;
}

/* ------------------------------------------------------------ years */

/* Year printed at s[pos] as "2024年" (1990..2099), 0 if none; *yend past 年. */
static int id_year_at(const char *s, size_t pos, size_t end, size_t *yend)
{
    if (pos + 7 > end)
        return 0;
    for (int i = 0; i < 4; i++)
        if (s[pos + i] < '0' || s[pos + i] > '9')
            return 0;
    if (pos > 0 && s[pos - 1] >= '0' && s[pos - 1] <= '9')
        return 0;
    if (!at(s, pos + 4, end, "年"))
        return 0;
    int y = (s[pos] - '0') * 1000 + (s[pos + 1] - '0') * 100 + (s[pos + 2] - '0') * 10 +
            (s[pos + 3] - '0');
    if (y < 1990 || y > 2099)
        return 0;
    *yend = pos + 7;
    return y;
}

/* The last year printed in s[a..b) that is not the year of a comparison
 * (比2025年, 较2025年, 与2025年, 同2025年), 0 if none. */
static int last_year(const char *s, size_t a, size_t b)
{
    int r = 0;
    for (size_t p = a; p < b;) {
        size_t ye;
        int y = id_year_at(s, p, b, &ye);
        if (y) {
            int cmp = p >= a + 3 && (at(s, p - 3, b, "比") || at(s, p - 3, b, "较") ||
                                     at(s, p - 3, b, "与") || at(s, p - 3, b, "同"));
            if (!cmp)
                r = y;
            p = ye;
            continue;
        }
        p += char_len(s, p, b);
    }
    return r;
}

/* 1 when s[a..b) holds lit. */
static int holds(const char *s, size_t a, size_t b, const char *lit)
{
    size_t n = strlen(lit);
    for (size_t p = a; p + n <= b; p++)
        if (memcmp(s + p, lit, n) == 0)
            return 1;
    return 0;
}

/* ------------------------------------------------------- class paths */

/* A 类/款/项 path: up to three names with their codes. */
typedef struct cpath {
    int n;
    size_t start, end;          /* span of the whole path */
    size_t name[3][2];          /* spans of the names */
    size_t code[3][2];          /* spans of the digits (empty when none) */
} cpath;

/* 1 for characters a class name holds. */
static int name_char(uint32_t cp)
{
    return fs_cjk_is_han(cp) || cp == 0x201Cu || cp == 0x201Du || cp == '"';
}

/* Reads a marker （204类） / （类） / (01项) at pos: 1 and its digits' span
 * and end, else 0. */
static int marker_at(const char *s, size_t pos, size_t end, size_t *da, size_t *db,
                     size_t *mend)
{
    size_t p = pos;
    if (at(s, p, end, "（"))
        p += 3;
    else if (at(s, p, end, "("))
        p += 1;
    else
        return 0;
    *da = p;
    while (p < end && s[p] >= '0' && s[p] <= '9')
        p++;
    *db = p;
    if (*db - *da > 7)
        return 0;
    if (!(at(s, p, end, "类") || at(s, p, end, "款") || at(s, p, end, "项")))
        return 0;
    p += 3;
    if (at(s, p, end, "）"))
        p += 3;
    else if (at(s, p, end, ")"))
        p += 1;
    else
        return 0;
    *mend = p;
    return 1;
}

/* The last class path printed in s[a..b) (a path of 1..3 names each with its
 * marker, one right after the other).  1 and *out, else 0. */
static int last_path(const char *s, size_t a, size_t b, cpath *out)
{
    int found = 0;
    cpath cur;
    cur.n = 0;
    size_t last_end = (size_t)-1;
    for (size_t p = a; p < b;) {
        size_t da, db, me;
        if ((at(s, p, b, "（") || at(s, p, b, "(")) && marker_at(s, p, b, &da, &db, &me)) {
            /* the name: the run of name characters before the marker */
            size_t q = p;
            while (q > a) {
                size_t r = q - 1;
                while (r > a && ((unsigned char)s[r] & 0xC0) == 0x80)
                    r--;
                if (!name_char(cp_at(s, r, b, NULL)))
                    break;
                q = r;
            }
            if (q < p) {
                if (cur.n == 0 || q != last_end || cur.n == 3)
                    cur.n = 0;
                if (cur.n == 0)
                    cur.start = q;
                cur.name[cur.n][0] = q;
                cur.name[cur.n][1] = p;
                cur.code[cur.n][0] = da;
                cur.code[cur.n][1] = db;
                cur.n++;
                cur.end = me;
                *out = cur;
                found = 1;
            }
            last_end = me;
            p = me;
            continue;
        }
        p += char_len(s, p, b);
    }
    return found;
}

/* ------------------------------------------------------------ strings */

/* Appends s[a..b) to buf (size n) without the quotation marks “”" and
 * blanks; returns 0, or -1 when it does not fit. */
static int put_clean(char *buf, size_t n, const char *s, size_t a, size_t b)
{
    size_t len = strlen(buf);
    for (size_t p = a; p < b;) {
        size_t l = char_len(s, p, b);
        uint32_t cp = cp_at(s, p, b, NULL);
        if (cp != 0x201Cu && cp != 0x201Du && cp != '"' && !fs_cjk_is_blank(cp)) {
            if (len + l + 1 > n)
                return -1;
            memcpy(buf + len, s + p, l);
            len += l;
        }
        p += l;
    }
    buf[len] = '\0';
    return 0;
}

/* The item of a path: names joined by " › "; its code: the digit groups
 * joined when every name has one, else "". */
static void path_text(const char *s, const cpath *cp, char *item, size_t in, char *code,
                      size_t cn)
{
    item[0] = '\0';
    code[0] = '\0';
    int all_codes = 1;
    for (int i = 0; i < cp->n; i++) {
        if (i > 0 && strlen(item) + 6 < in)
            strcat(item, " › ");
        put_clean(item, in, s, cp->name[i][0], cp->name[i][1]);
        if (cp->code[i][1] == cp->code[i][0])
            all_codes = 0;
    }
    if (all_codes)
        for (int i = 0; i < cp->n; i++) {
            size_t l = strlen(code), d = cp->code[i][1] - cp->code[i][0];
            if (l + d + 1 < cn) {
                memcpy(code + l, s + cp->code[i][0], d);
                code[l + d] = '\0';
            }
        }
}

/* Copies s[a..b) into buf taking off: codes and markers （01项）, level
 * words, measure words outside scope names, quotation marks.  Returns the
 * number of bytes kept. */
static size_t strip_item(const char *s, size_t a, size_t b, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t p = a; p < b;) {
        size_t da, db, me;
        if (marker_at(s, p, b, &da, &db, &me)) {
            p = me;
            continue;
        }
        const word *w = word_at(s, p, b, SCOPES);
        if (w) {
            size_t l = w->len;
            if (len + l + 1 < n) {
                memcpy(buf + len, w->text, l);
                len += l;
            }
            p += l;
            continue;
        }
        if ((w = word_at(s, p, b, LEVELS)) != NULL || (w = word_at(s, p, b, MEASURES)) != NULL) {
            p += w->len;
            continue;
        }
        size_t l = char_len(s, p, b);
        uint32_t cp = cp_at(s, p, b, NULL);
        if (cp != 0x201Cu && cp != 0x201Du && cp != '"' && !fs_cjk_is_blank(cp) &&
            len + l + 1 < n) {
            memcpy(buf + len, s + p, l);
            len += l;
        }
        p += l;
    }
    buf[len] = '\0';
    return len;
}

/* 1 when an item (already stripped) names nothing by itself: empty, a
 * generic word, a fragment (starts with a closing bracket or a marker
 * character, or holds fewer than two Han characters), or only a scope. */
static int generic_item(const char *it)
{
    for (const char *const *g = GENERIC; *g; g++)
        if (strcmp(it, *g) == 0)
            return 1;
    size_t n = strlen(it);
    uint32_t c0 = cp_at(it, 0, n, NULL);
    if (c0 == 0xFF09u || c0 == ')' || c0 == 0x3001u || c0 == 0xFF0Cu)
        return 1;
    if (at(it, 0, n, "项）") || at(it, 0, n, "款）") || at(it, 0, n, "类）") ||
        strcmp(it, "项") == 0 || strcmp(it, "款") == 0 || strcmp(it, "类") == 0)
        return 1;
    /* a fragment: an opening bracket, a list cut short (…支出等), an
     * addition or subtraction (加上级补助收入), an inclusion (含高新区) */
    if (c0 == 0xFF08u || c0 == '(' || at(it, 0, n, "加") || at(it, 0, n, "减") ||
        at(it, 0, n, "含") ||
        (n >= 3 && strcmp(it + n - 3, "等") == 0))
        return 1;
    /* a verb and a generic noun: 投入资金, 统筹资金, 安排资金 */
    for (const char *const *vb = VERBS; *vb; vb++) {
        size_t l = strlen(*vb);
        if (strncmp(it, *vb, l) == 0)
            for (const char *const *g = GENERIC; *g; g++)
                if (strcmp(it + l, *g) == 0)
                    return 1;
    }
    size_t han = 0;
    for (size_t p = 0; p < n;) {
        uint32_t cp = cp_at(it, p, n, NULL);
        if (fs_cjk_is_han(cp))
            han++;
        p += char_len(it, p, n);
    }
    if (han < 2)
        return 1;
    /* a scope name alone */
    for (const word *w = SCOPES; w->text; w++)
        if (strcmp(it, w->text) == 0)
            return 1;
    return 0;
}

/* ------------------------------------------------------------ figures */

/* Words that open a paragraph with a colon but qualify nothing. */
static const char *const NOT_LABEL[] = {"其中", "包括", "主要原因", "原因", "主要用于", "说明",
                                        "具体", "分别", "注", NULL};

/* Reads a label at p: an enumerator (①, （1）, (1), 1. 1、 一、) or the start of
 * the paragraph, then 2 to 10 Han characters and a colon.  1 and the name's
 * span [*na, *nb) when there is one before lim. */
static int label_at(const char *s, size_t p, size_t lim, int line_start_ok, size_t *na,
                    size_t *nb)
{
    size_t q = p;
    int enumerated = 0;
    uint32_t c = cp_at(s, q, lim, NULL);
    if (c >= 0x2460u && c <= 0x2473u) { /* ① … ⑳ */
        q += char_len(s, q, lim);
        enumerated = 1;
    } else if (c == 0xFF08u || c == '(') {
        size_t r = q + char_len(s, q, lim);
        size_t d = r;
        while (r < lim && ((s[r] >= '0' && s[r] <= '9') || fs_cjk_numeral(cp_at(s, r, lim, NULL)) >= 0))
            r += char_len(s, r, lim);
        uint32_t e = cp_at(s, r, lim, NULL);
        if (r > d && (e == 0xFF09u || e == ')')) {
            q = r + char_len(s, r, lim);
            enumerated = 1;
        }
    } else if ((s[q] >= '0' && s[q] <= '9') || fs_cjk_numeral(c) >= 0) {
        size_t r = q;
        while (r < lim && ((s[r] >= '0' && s[r] <= '9') || fs_cjk_numeral(cp_at(s, r, lim, NULL)) >= 0))
            r += char_len(s, r, lim);
        uint32_t e = cp_at(s, r, lim, NULL);
        if (e == '.' || e == 0x3001u || e == 0xFF0Eu) {
            q = r + char_len(s, r, lim);
            enumerated = 1;
        }
    }
    if (!enumerated && !line_start_ok)
        return 0;
    size_t a = q, han = 0;
    while (q < lim) {
        uint32_t h = cp_at(s, q, lim, NULL);
        if (h == 0xFF1Au || h == ':')
            break;
        if (!fs_cjk_is_han(h) && h != 0x201Cu && h != 0x201Du)
            return 0;
        han++;
        q += char_len(s, q, lim);
    }
    if (q >= lim || han < 2 || han > 10)
        return 0;
    for (const char *const *w = NOT_LABEL; *w; w++)
        if (at(s, a, q, *w))
            return 0;
    *na = a;
    *nb = q;
    return 1;
}

/* The label nearest before the figure in its paragraph: "（1）人员经费：①行政
 * 运行…", "其中①人员经费：…；②公用经费：…": a short name after an
 * enumerator (or at the paragraph start) and before a colon.  The figures
 * after it are items of that label (人员经费 › 行政运行, 公用经费 › 行政运行).
 * 1 and the label in buf. */
static int line_label(const char *s, size_t L, size_t sa, char *buf, size_t n)
{
    size_t best_a = 0, best_b = 0;
    int found = 0;
    for (size_t p = L; p < sa;) {
        size_t na, nb;
        if (label_at(s, p, sa, p == L, &na, &nb)) {
            best_a = na;
            best_b = nb;
            found = 1;
            p = nb;
            continue;
        }
        p += char_len(s, p, sa);
    }
    if (!found)
        return 0;
    buf[0] = '\0';
    return put_clean(buf, n, s, best_a, best_b) == 0;
}

/* A paragraph that opens with a coded item, "商品和服务支出（302）4464.76
 * 万元,其中：公用经费…专项业务经费支出3843.39万元", is about that item: the
 * figures after its code are items of it.  1 and the name in buf when the
 * paragraph at L opens so and its code ends before sa. */
static int coded_head(const char *s, size_t L, size_t sa, char *buf, size_t n)
{
    size_t q = L, a, han = 0;
    while (q < sa && fs_cjk_is_blank(cp_at(s, q, sa, NULL)))
        q += char_len(s, q, sa);
    a = q;
    while (q < sa && fs_cjk_is_han(cp_at(s, q, sa, NULL)) && han <= 20) {
        han++;
        q += char_len(s, q, sa);
    }
    uint32_t o = cp_at(s, q, sa, NULL);
    if (han < 2 || han > 20 || (o != 0xFF08u && o != '('))
        return 0;
    size_t na = a, nb = q;
    q += char_len(s, q, sa);
    size_t d = q;
    while (q < sa && s[q] >= '0' && s[q] <= '9')
        q++;
    uint32_t e = cp_at(s, q, sa, NULL);
    if (q - d < 3 || q - d > 7 || (e != 0xFF09u && e != ')'))
        return 0;
    q += char_len(s, q, sa);
    if (q >= sa)
        return 0;
    buf[0] = '\0';
    return put_clean(buf, n, s, na, nb) == 0;
}

/* Start of the line (paragraph) holding pos, or the start of the
 * character ID_LINE_MAX bytes before pos when the line is longer: reading
 * stays bounded on a text of one long line. */
static size_t line_start(const fs_text *t, size_t pos)
{
    size_t lo = pos > ID_LINE_MAX ? pos - ID_LINE_MAX : 0;
    while (pos > lo && t->s[pos - 1] != '\n')
        pos--;
    if (pos == lo && lo > 0)
        while (pos < t->len && ((unsigned char)t->s[pos] & 0xC0) == 0x80)
            pos++;
    return pos;
}

/* 1 when the line ending at the newline s[nl] ends a sentence or a heading
 * (。！？；： or nothing but blanks before it): the next line starts a new
 * sentence. */
static int ends_sentence(const char *s, size_t nl)
{
    if (s[nl] != '\n')
        return 1;
    size_t p = nl;
    while (p > 0 && (s[p - 1] == ' ' || s[p - 1] == '\t'))
        p--;
    if (p == 0 || s[p - 1] == '\n')
        return 1;
    size_t q = p - 1;
    while (q > 0 && ((unsigned char)s[q] & 0xC0) == 0x80)
        q--;
    uint32_t c = cp_at(s, q, p, NULL);
    return c == 0x3002u || c == 0xFF01u || c == 0xFF1Fu || c == 0xFF1Bu || c == 0xFF1Au ||
           c == ':' || c == ';' || c == '.' || c == 0x201Du;
}

/* A heading span of section i: [start, head_end). */
static void heading_span(const fs_outline *o, int i, size_t *a, size_t *b)
{
    *a = o->v[i].start;
    *b = o->v[i].head_end;
}

/* A level or fund named in the text, found once for the whole document so
 * that each figure's look-back is a binary search, not a re-read. */
typedef struct mention {
    size_t pos, end;     /* the word's span */
    size_t qa;           /* a fund's qualifier span [qa, pos); qa == pos when none */
    const char *norm;    /* the level, or the fund */
    int level;           /* 1: a level word; 0: a fund */
} mention;

typedef struct mentions {
    mention *v;
    size_t n, cap;
} mentions;

/* Finds every level and fund word of t into *m.  0 or FS_E_NOMEM. */
static int find_mentions(const fs_text *t, mentions *m)
{
    const char *s = t->s;
    size_t end = t->len, ls = 0;
    for (size_t p = 0; p < end;) {
        if (s[p] == '\n') {
            ls = ++p;
            continue;
        }
        const word *w = word_at(s, p, end, LEVELS);
        int level = w != NULL;
        if (!w)
            w = word_at(s, p, end, SCOPES);
        if (!w) {
            p += char_len(s, p, end);
            continue;
        }
        if (m->n == m->cap) {
            size_t nc = m->cap ? 2 * m->cap : 256;
            mention *nv = realloc(m->v, nc * sizeof *nv);
            if (!nv)
                return FS_E_NOMEM;
            m->v = nv;
            m->cap = nc;
        }
        mention *x = &m->v[m->n++];
        x->pos = p;
        x->end = p + w->len;
        x->norm = w->norm;
        x->level = level;
        x->qa = p;
        size_t lo = p > ls + ID_LINE_MAX ? p - ID_LINE_MAX : ls;
        size_t ea;
        if (!level && qualifier_before(s, lo, p, &ea))
            x->qa = ea;
        p = x->end;
    }
    return 0;
}

/* Index just past the last mention that ends at or before pos. */
static size_t mentions_before(const mentions *m, size_t pos)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->v[mid].end <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

#define ID_MENTIONS_BACK 256 /* mentions a look-back reads at most */

/* The fund and the level of the nearest mentions in [a, b) (NULL when
 * none): a budget type right before 财政拨款 is the fund; a level word
 * anywhere in the span outranks a name before a fund (as last_entity). */
static void mentions_last(const mentions *m, const char *s, size_t a, size_t b,
                          const char **scope, char *lv, size_t ln, int *have_level)
{
    size_t k = mentions_before(m, b), steps = 0;
    const mention *qual = NULL;
    *scope = NULL;
    *have_level = 0;
    while (k > 0 && steps++ < ID_MENTIONS_BACK) {
        const mention *x = &m->v[--k];
        if (x->pos < a)
            break;
        if (x->level) {
            if (!*have_level) {
                snprintf(lv, ln, "%s", x->norm);
                *have_level = 1;
            }
            continue;
        }
        if (!*scope) {
            *scope = x->norm;
            if (strcmp(x->norm, "财政拨款") == 0 && k > 0 && m->v[k - 1].end == x->pos &&
                !m->v[k - 1].level)
                *scope = m->v[k - 1].norm;
        }
        if (!qual && x->qa < x->pos && x->qa >= a)
            qual = x;
    }
    if (!*have_level && qual) {
        size_t e = qual->pos;
        if (e >= qual->qa + 3 && at(s, e - 3, e, "的"))
            e -= 3;
        if (e - qual->qa < ln) {
            memcpy(lv, s + qual->qa, e - qual->qa);
            lv[e - qual->qa] = '\0';
            *have_level = 1;
        }
    }
}

/* Sets *dst to a copy of src (NULL: ""), freeing what was there.  0 or -1. */
static int set_str(char **dst, const char *src)
{
    char *c = strdup(src ? src : "");
    if (!c)
        return -1;
    free(*dst);
    *dst = c;
    return 0;
}

/* Document-wide facts the identities draw on. */
typedef struct idoc {
    const char *default_measure;  /* 预算 / 决算 for unit reports, else NULL */
    mentions m;                   /* every level and fund word, in text order */
} idoc;

/* The identity of figure i, from its own text and headings; the parent's
 * scope and level are taken when the figure has none (parents first). */
static int assign_one(const fs_text *t, const fs_outline *o, fs_figures *f, size_t i,
                      const idoc *d, unsigned char *done)
{
    fs_figure *g = &f->v[i];
    fs_identity *id = &g->id;
    if (done[i])
        return 0;
    done[i] = 1;
    const char *s = t->s;
    size_t end = t->len;
    size_t v = fs_figure_anchor(g);
    if (v > end)
        v = end;
    size_t sa = g->subject_start <= v ? g->subject_start : v;
    size_t sb = g->subject_end <= v ? g->subject_end : v;
    if (sb < sa)
        sb = sa;
    /* the paragraph: its line, and the lines before it while they end
     * mid-sentence (a PDF line broken inside 执行|数为…) */
    size_t L = line_start(t, sa);
    while (L > 1 && sa - L < ID_LINE_MAX && !ends_sentence(s, L - 1)) {
        size_t pl = line_start(t, L - 1);
        /* a heading line (五、收支预算总体情况说明) ends with no mark but
         * is not the start of the paragraph under it */
        int k = o ? fs_outline_find(o, pl) : -1;
        if (k >= 0 && o->v[k].start >= pl && o->v[k].start < L)
            break;
        L = pl;
    }
    /* the sentence and the clause holding the number, read back from it */
    size_t qa = L, ca = L;
    int have_ca = 0;
    for (size_t p = v; p > L;) {
        size_t q = p - 1;
        unsigned char b = (unsigned char)s[q];
        size_t mark = 0; /* 1: clause end, 2: sentence end */
        if (b == ',' || b == ';')
            mark = 1;
        else if (q >= L + 2 && (b == 0x82 || b == 0x81 || b == 0x9F || b == 0x8C || b == 0x9B ||
                                b == 0x9A)) {
            const char *t3 = s + q - 2;
            if (memcmp(t3, "。", 3) == 0 || memcmp(t3, "！", 3) == 0 || memcmp(t3, "？", 3) == 0)
                mark = 2;
            else if (memcmp(t3, "，", 3) == 0 || memcmp(t3, "；", 3) == 0 ||
                     memcmp(t3, "：", 3) == 0)
                mark = 1;
        }
        if (mark) {
            if (!have_ca) {
                ca = p;
                have_ca = 1;
            }
            if (mark == 2) {
                qa = p;
                break;
            }
        }
        p = q;
    }
    if (ca > sa)
        ca = sa;

    /* item */
    char own[ID_MAX], item[ID_MAX * 2 + 8], code[32];
    strip_item(s, sa, sb, own, sizeof own);
    int own_generic = generic_item(own);
    item[0] = '\0';
    code[0] = '\0';
    cpath cp;
    int have_path = 0;
    fs_id_source from = FS_ID_NONE;
    if (last_path(s, L, v, &cp) && cp.end <= v) {
        have_path = 1;
        from = FS_ID_LINE;
    } else if (o) {
        for (int k = g->section; k >= 0 && (size_t)k < o->n; k = o->v[k].parent) {
            size_t ha, hb;
            heading_span(o, k, &ha, &hb);
            /* the heading's path, when the heading states no other figure */
            if (ha < hb && last_path(s, ha, hb, &cp)) {
                have_path = 1;
                from = FS_ID_HEADING;
                break;
            }
        }
    }
    if (have_path) {
        char ptext[ID_MAX];
        path_text(s, &cp, ptext, sizeof ptext, code, sizeof code);
        /* the subject is the path itself, or part of it */
        int overlaps = sa < cp.end && sb > cp.start;
        char last[ID_MAX];
        last[0] = '\0';
        put_clean(last, sizeof last, s, cp.name[cp.n - 1][0], cp.name[cp.n - 1][1]);
        if (own_generic || overlaps || strcmp(own, last) == 0)
            snprintf(item, sizeof item, "%s", ptext);
        else
            snprintf(item, sizeof item, "%s › %s", ptext, own);
        id->generic = 0;
        id->item_from = from;
    } else {
        char label[ID_MAX];
        if (!own_generic && (line_label(s, L, sa, label, sizeof label) ||
                             (coded_head(s, L, sa, label, sizeof label) && strcmp(label, own) != 0)))
            snprintf(item, sizeof item, "%s › %s", label, own);
        else
            snprintf(item, sizeof item, "%s", own);
        id->generic = own_generic;
        id->item_from = own[0] ? FS_ID_SUBJECT : FS_ID_NONE;
    }

    /* scope and level: subject, paragraph, parent, headings */
    char lv[ID_MAX];
    const char *scope, *level;
    int have_level;
    mentions_last(&d->m, s, sa, v, &scope, lv, sizeof lv, &have_level);
    level = have_level ? lv : NULL;
    fs_id_source scope_from = scope ? FS_ID_SUBJECT : FS_ID_NONE;
    fs_id_source level_from = level ? FS_ID_SUBJECT : FS_ID_NONE;
    const char *lscope;
    char llv[ID_MAX];
    int lhave;
    mentions_last(&d->m, s, L, sa, &lscope, llv, sizeof llv, &lhave);
    if (!scope && (scope = lscope) != NULL)
        scope_from = FS_ID_LINE;
    if (!level && lhave) {
        snprintf(lv, sizeof lv, "%s", llv);
        level = lv;
        level_from = FS_ID_LINE;
    }
    /* the total it is a part of: its fund, level, measure and year */
    const fs_identity *pid = NULL;
    if (g->parent >= 0 && (size_t)g->parent < f->n && (size_t)g->parent != i) {
        int rc = assign_one(t, o, f, (size_t)g->parent, d, done);
        if (rc)
            return rc;
        pid = &f->v[g->parent].id;
    }
    if (pid && !scope && pid->scope && pid->scope[0]) {
        scope = pid->scope;
        scope_from = FS_ID_PARENT;
    }
    if (pid && !level && pid->level && pid->level[0]) {
        snprintf(lv, sizeof lv, "%s", pid->level);
        level = lv;
        level_from = FS_ID_PARENT;
    }
    /* the text before it, headings included: a report names the level or
     * fund once ("市本级一般公共预算收入完成…") and goes on with its items;
     * the nearest mention decides */
    if (!scope || !level) {
        size_t S = L > ID_LOOKBACK ? L - ID_LOOKBACK : 0;
        const char *bscope;
        char blv[ID_MAX];
        int have;
        mentions_last(&d->m, s, S, L, &bscope, blv, sizeof blv, &have);
        if (!scope && bscope) {
            scope = bscope;
            scope_from = FS_ID_BEFORE;
        }
        if (!level && have) {
            snprintf(lv, sizeof lv, "%s", blv);
            level = lv;
            level_from = FS_ID_BEFORE;
        }
    }
    if (o)
        for (int k = g->section; k >= 0 && (size_t)k < o->n && (!scope || !level);
             k = o->v[k].parent) {
            size_t ha, hb;
            heading_span(o, k, &ha, &hb);
            if (!scope && (scope = last_scope(s, ha, hb)) != NULL)
                scope_from = FS_ID_HEADING;
            if (!level && last_entity(s, ha, hb, lv, sizeof lv)) {
                level = lv;
                level_from = FS_ID_HEADING;
            }
        }
    id->scope_from = scope_from;
    id->level_from = level_from;

    /* measure: the head, the total's, a heading's, the document's */
    const char *measure = last_measure(s, ca, v, MEASURES);
    id->measure_from = measure ? FS_ID_SUBJECT : FS_ID_NONE;
    if (!measure && pid && pid->measure && pid->measure[0] && pid->measure_from != FS_ID_DOCUMENT) {
        measure = pid->measure;
        id->measure_from = FS_ID_PARENT;
    }
    if (!measure && o)
        for (int k = g->section; k >= 0 && (size_t)k < o->n && !measure; k = o->v[k].parent) {
            size_t ha, hb;
            heading_span(o, k, &ha, &hb);
            if ((measure = last_measure(s, ha, hb, HEADING_MEASURES)) != NULL)
                id->measure_from = FS_ID_HEADING;
        }
    if (!measure && d->default_measure) {
        measure = d->default_measure;
        id->measure_from = FS_ID_DOCUMENT;
    }

    /* period: a year before the number in its sentence (not a compared
     * year), 上年, the total's, a year earlier in its paragraph, a
     * heading's, the document's */
    int y = last_year(s, qa, v);
    id->period = 0;
    if (y) {
        id->period = y;
        id->period_from = FS_ID_SUBJECT;
    } else if (holds(s, sa, v, "上年") || holds(s, qa, v, "上年度")) {
        id->period = g->period;
        id->period_from = FS_ID_SUBJECT;
    } else if (pid && pid->period && pid->period_from != FS_ID_DOCUMENT) {
        id->period = pid->period;
        id->period_from = FS_ID_PARENT;
    } else if ((y = last_year(s, L, qa)) != 0) {
        id->period = y;
        id->period_from = FS_ID_LINE;
    } else {
        if (o)
            for (int k = g->section; k >= 0 && (size_t)k < o->n && !id->period;
                 k = o->v[k].parent) {
                size_t ha, hb;
                heading_span(o, k, &ha, &hb);
                if ((id->period = last_year(s, ha, hb)) != 0)
                    id->period_from = FS_ID_HEADING;
            }
        if (!id->period) {
            id->period = g->period;
            id->period_from = g->period ? FS_ID_DOCUMENT : FS_ID_NONE;
        }
    }

    /* brackets opened before the number in its sentence and not closed */
    int depth = 0;
    for (size_t p = qa; p < v;) {
        uint32_t c = cp_at(s, p, v, NULL);
        if (c == 0xFF08u || c == '(')
            depth++;
        else if ((c == 0xFF09u || c == ')') && depth > 0)
            depth--;
        p += char_len(s, p, v);
    }
    id->in_parens = depth > 0;

    /* a table row (cells apart by TAB) is not a narrative sentence: its
     * figures are read, but the words beside a cell do not name it */
    size_t ls = line_start(t, v), lim = end - v > ID_LINE_MAX ? v + ID_LINE_MAX : end;
    const char *nl = memchr(s + v, '\n', lim - v);
    size_t le = nl ? (size_t)(nl - s) : lim;
    id->in_table = memchr(s + ls, '\t', le - ls) != NULL;

    /* a government report speaks of several budgets (全市 and 市本级,
     * districts, funds, years): there only what the figure's own sentence
     * or its total says is certain — the fund, the level, the measure and
     * the year */
    char slv[ID_MAX];
    const char *sscope;
    int shave;
    mentions_last(&d->m, s, qa, v, &sscope, slv, sizeof slv, &shave);
    /* what a part inherits from its total is known only as well as the
     * total knows it */
    const fs_figure *pg = g->parent >= 0 ? &f->v[g->parent] : NULL;
    int parent_ok = pg && pg->id.certain;
    int own_scope = id->scope_from == FS_ID_SUBJECT || (id->scope_from == FS_ID_PARENT && parent_ok) ||
                    (id->scope_from == FS_ID_LINE && sscope != NULL);
    int own_level = id->level_from == FS_ID_SUBJECT || (id->level_from == FS_ID_PARENT && parent_ok) ||
                    (id->level_from == FS_ID_LINE && shave);
    int own_rest = (id->measure_from == FS_ID_SUBJECT || (id->measure_from == FS_ID_PARENT && parent_ok)) &&
                   (id->period_from == FS_ID_SUBJECT || (id->period_from == FS_ID_PARENT && parent_ok));
    /* 区级, 县级, 镇级: the level of whichever district the paragraph is
     * about (威海火炬…开发区, then 经济技术开发区, each with its 区级一般公共
     * 预算支出) — not one quantity across paragraphs */
    int relative = 0;
    if (level && strlen(level) >= 3 && strcmp(level + strlen(level) - 3, "级") == 0) {
        relative = 1;
        for (const word *w = LEVELS; w->text; w++)
            if (strcmp(w->norm, level) == 0)
                relative = 0;
    }
    id->certain = !id->generic && !id->in_table && item[0] && measure && !relative &&
                  (d->default_measure || (own_scope && own_level && own_rest));

    if (set_str(&id->item, item) || set_str(&id->code, code) || set_str(&id->measure, measure) ||
        set_str(&id->scope, scope) || set_str(&id->level, level))
        return FS_E_NOMEM;
    return 0;
}

/* A rate "of the budget" (完成年初预算的101.11%, 为预算的98.7%) is a
 * completion rate: its whole is the same item's figure of that measure
 * (年初预算为1017.2万元，支出决算为1028.48万元，完成年初预算的101.11%),
 * stated in the same sentence — never a figure of another item that happens
 * to carry the word 预算.  When the sentence states no such figure, the
 * whole is not known (share.of = -1). */
static void completion_wholes(fs_figures *f)
{
    for (size_t i = 0; i < f->n; i++) {
        fs_figure *g = &f->v[i];
        const char *os = g->share.of_subject;
        if (!g->share.present || !os)
            continue;
        size_t n = strlen(os);
        char rest[ID_MAX];
        const char *m = last_measure(os, 0, n, MEASURES);
        if (!m || n >= ID_MAX)
            continue;
        /* only a measure: 预算, 年初预算, 预算收入 (支出总预算 names a total) */
        if (strip_item(os, 0, n, rest, sizeof rest) != 0 &&
            !(strncmp(os, m, strlen(m)) == 0 &&
              (strcmp(rest, "收入") == 0 || strcmp(rest, "支出") == 0 || strcmp(rest, "数") == 0)))
            continue;
        int of = -1;
        for (size_t k = i; k-- > 0 && i - k <= 16;) {
            const fs_figure *w = &f->v[k];
            if (w->quote_start != g->quote_start)
                break;
            if (w->value.present && w->id.measure && strcmp(w->id.measure, m) == 0 &&
                w->id.item && g->id.item && strcmp(w->id.item, g->id.item) == 0) {
                of = (int)k;
                break;
            }
        }
        g->share.of = of;
    }
}

/* 1 when title names a unit's own report (部门预算, 单位决算 …). */
static int unit_report(const char *title, const char *org)
{
    const char *ws[] = {"部门", "单位", NULL};
    for (int i = 0; ws[i]; i++)
        if ((title && strstr(title, ws[i])) || (org && strstr(org, ws[i])))
            return 1;
    return 0;
}

int fs_identity_assign(const fs_text *t, const fs_outline *outline, fs_figures *f)
{
    if (!f || f->n == 0)
        return 0;
    idoc d = {NULL, {NULL, 0, 0}};
    if (unit_report(f->info.title, NULL)) {
        if (strcmp(f->info.kind, "预算") == 0)
            d.default_measure = "预算";
        else if (strcmp(f->info.kind, "决算") == 0)
            d.default_measure = "决算";
    }
    unsigned char *done = calloc(f->n, 1);
    if (!done)
        return FS_E_NOMEM;
    int rc = t && t->s ? find_mentions(t, &d.m) : 0;
    for (size_t i = 0; i < f->n && !rc; i++)
        rc = assign_one(t, outline, f, i, &d, done);
    if (!rc)
        completion_wholes(f);
    free(done);
    free(d.m.v);
    return rc;
}

/* Strings equal, NULL counting as "". */
static int eq(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

int fs_identity_same(const fs_identity *a, const fs_identity *b)
{
    if (!a->certain || !b->certain || !a->item || !b->item)
        return 0;
    if (!a->measure || !b->measure || !a->measure[0] || !b->measure[0])
        return 0;
    if (a->code && b->code && a->code[0] && b->code[0] && !eq(a->code, b->code))
        return 0;
    return eq(a->item, b->item) && eq(a->measure, b->measure) && eq(a->scope, b->scope) &&
           eq(a->level, b->level) && a->period == b->period;
}

const char *fs_identity_source_name(fs_id_source s)
{
    switch (s) {
    case FS_ID_SUBJECT: return "subject";
    case FS_ID_LINE: return "line";
    case FS_ID_BEFORE: return "before";
    case FS_ID_PARENT: return "parent";
    case FS_ID_HEADING: return "heading";
    case FS_ID_DOCUMENT: return "document";
    default: return "";
    }
}
