/* tables_title.c — a table's title and its kind: the line above the table
 * that names it (or a caption printed larger, after its bare label), and
 * the standard table that title names (see docs/json.md for the list). */
#include "tables_impl.h"

#include "cjk.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The standard tables, most specific first: a title is of the first kind
 * whose words all occur in it and whose `nots` none does. */
static const struct {
    const char *kind, *title, *words[3], *nots[2];
} KINDS[] = {
    {"jixiao", "绩效目标表", {"绩效", NULL, NULL}, {NULL, NULL}},
    {"zhengfu_goumai", "政府购买服务表", {"政府购买服务", NULL, NULL}, {NULL, NULL}},
    {"zhengfu_caigou", "政府采购支出表", {"政府采购", NULL, NULL}, {NULL, NULL}},
    {"sangong", "“三公”经费支出表", {"三公", NULL, NULL}, {NULL, NULL}},
    {"jiguan_yunxing", "机关运行经费支出表", {"机关运行经费", NULL, NULL}, {NULL, NULL}},
    {"caizheng_shouzhi_zongbiao", "财政拨款收支总表", {"财政拨款收", "支", "总表"}, {NULL, NULL}},
    {"caizheng_shouzhi_zongbiao", "财政拨款收支总表", {"财政拨款收", "支", "总体情况表"}, {NULL, NULL}},
    /* a fund's 收支总表 of a government report is the fund's, below */
    {"shouzhi_zongbiao", "收支总表", {"收", "支", "总表"}, {"基金", "国有资本"}},
    {"shouzhi_zongbiao", "收支总表", {"收", "支", "总体情况表"}, {"基金", "国有资本"}},
    {"shouru_zongbiao", "收入总表", {"收入", "总表", NULL}, {"基金", "国有资本"}},
    {"shouru_zongbiao", "收入总表", {"收入", "总体情况表", NULL}, {"基金", "国有资本"}},
    {"zhichu_zongbiao", "支出总表", {"支出", "总表", NULL}, {"基金", "国有资本"}},
    {"zhichu_zongbiao", "支出总表", {"支出", "总体情况表", NULL}, {"基金", "国有资本"}},
    {"jiben_zhichu", "一般公共预算基本支出表", {"基本支出", NULL, NULL}, {NULL, NULL}},
    {"xiangmu_zhichu", "项目支出表", {"项目支出", NULL, NULL}, {NULL, NULL}},
    /* 陕西's name for project spending */
    {"xiangmu_zhichu", "项目支出表", {"专项业务经费", NULL, NULL}, {NULL, NULL}},
    {"zhengfu_zhaiwu", "政府债务表", {"债务", NULL, NULL}, {NULL, NULL}},
    {"zhengfu_zhaiwu", "政府债务表", {"债券", NULL, NULL}, {NULL, NULL}},
    {"zhuanyi_zhifu", "转移支付表", {"转移支付", NULL, NULL}, {NULL, NULL}},
    {"zhuanyi_zhifu", "转移支付表", {"税收返还", NULL, NULL}, {NULL, NULL}},
    /* the four budgets, by side: both sides (收支, 收入支出, 平衡) first */
    {"yiban_gonggong_shouzhi", "一般公共预算收支表", {"一般公共", "收支", NULL}, {NULL, NULL}},
    {"yiban_gonggong_shouzhi", "一般公共预算收支表", {"一般公共", "收入", "支出"}, {NULL, NULL}},
    {"yiban_gonggong_shouzhi", "一般公共预算收支表", {"一般公共", "平衡", NULL}, {NULL, NULL}},
    {"yiban_gonggong_shouru", "一般公共预算收入表", {"一般公共", "收入", NULL}, {NULL, NULL}},
    {"yiban_gonggong_zhichu", "一般公共预算支出表", {"一般公共", "支出", NULL}, {NULL, NULL}},
    {"zhengfu_jijin_shouzhi", "政府性基金预算收支表", {"政府性基金", "收支", NULL}, {NULL, NULL}},
    {"zhengfu_jijin_shouzhi", "政府性基金预算收支表", {"政府性基金", "收入", "支出"}, {NULL, NULL}},
    {"zhengfu_jijin_shouzhi", "政府性基金预算收支表", {"政府性基金", "平衡", NULL}, {NULL, NULL}},
    {"zhengfu_jijin_shouru", "政府性基金预算收入表", {"政府性基金", "收入", NULL}, {NULL, NULL}},
    {"zhengfu_jijin", "政府性基金预算支出表", {"政府性基金", "支出", NULL}, {NULL, NULL}},
    {"guoyou_ziben_shouzhi", "国有资本经营预算收支表", {"国有资本经营", "收支", NULL}, {NULL, NULL}},
    {"guoyou_ziben_shouzhi", "国有资本经营预算收支表", {"国有资本经营", "收入", "支出"}, {NULL, NULL}},
    {"guoyou_ziben_shouzhi", "国有资本经营预算收支表", {"国有资本经营", "平衡", NULL}, {NULL, NULL}},
    {"guoyou_ziben_shouru", "国有资本经营预算收入表", {"国有资本经营", "收入", NULL}, {NULL, NULL}},
    {"guoyou_ziben", "国有资本经营预算支出表", {"国有资本经营", "支出", NULL}, {NULL, NULL}},
    {"shebao_shouzhi", "社会保险基金预算收支表", {"社会保险基金", "收支", NULL}, {NULL, NULL}},
    {"shebao_shouzhi", "社会保险基金预算收支表", {"社会保险基金", "收入", "支出"}, {NULL, NULL}},
    {"shebao_shouzhi", "社会保险基金预算收支表", {"社会保险基金", "平衡", NULL}, {NULL, NULL}},
    {"shebao_shouru", "社会保险基金预算收入表", {"社会保险基金", "收入", NULL}, {NULL, NULL}},
    {"shebao_zhichu", "社会保险基金预算支出表", {"社会保险基金", "支出", NULL}, {NULL, NULL}},
    {"caizheng_zhichu", "财政拨款支出表", {"财政拨款", "支出", NULL}, {NULL, NULL}},
    {"shouru", "收入表", {"收入", "表", NULL}, {NULL, NULL}},
    {"zhichu", "支出表", {"支出", "表", NULL}, {NULL, NULL}},
};

const char *fs_table_kind_title(const char *kind)
{
    for (size_t i = 0; i < sizeof KINDS / sizeof *KINDS; i++)
        if (strcmp(KINDS[i].kind, kind) == 0)
            return KINDS[i].title;
    return "";
}

const char *tbl_kind_of(const char *title)
{
    for (size_t i = 0; title && *title && i < sizeof KINDS / sizeof *KINDS; i++) {
        int all = 1;
        for (int k = 0; k < 3 && all; k++)
            all = !KINDS[i].words[k] || strstr(title, KINDS[i].words[k]);
        for (int k = 0; k < 2 && all; k++)
            all = !KINDS[i].nots[k] || !strstr(title, KINDS[i].nots[k]);
        if (all)
            return KINDS[i].kind;
    }
    return "other";
}

/* The kind of a table whose title names one of the four budgets but not
 * its side (全市社会保险基金预算2025年预算执行情况…): the side its rows
 * name, 收入 and 支出 rows being both sides.  Else t's kind unchanged. */
const char *tbl_fund_kind(const fs_table *t)
{
    static const struct {
        const char *word, *both, *in, *out;
    } F[] = {
        {"一般公共", "yiban_gonggong_shouzhi", "yiban_gonggong_shouru", "yiban_gonggong_zhichu"},
        {"政府性基金", "zhengfu_jijin_shouzhi", "zhengfu_jijin_shouru", "zhengfu_jijin"},
        {"国有资本经营", "guoyou_ziben_shouzhi", "guoyou_ziben_shouru", "guoyou_ziben"},
        {"社会保险基金", "shebao_shouzhi", "shebao_shouru", "shebao_zhichu"},
    };
    if (strcmp(t->kind, "other") != 0 || !t->title)
        return t->kind;
    for (size_t f = 0; f < sizeof F / sizeof *F; f++) {
        if (!strstr(t->title, F[f].word))
            continue;
        int in = 0, out = 0;
        for (size_t r = 0; r < t->nrows; r++) {
            const char *n = t->rows[r].name;
            in |= n && strstr(n, "收入") != NULL;
            out |= n && strstr(n, "支出") != NULL;
        }
        return in && out ? F[f].both : in ? F[f].in : out ? F[f].out : t->kind;
    }
    return t->kind;
}

/* 1 when title line x names its table in words: three Chinese characters
 * or more besides those of a bare label (公开05表, 附表一, 表3). */
int tbl_names_table(const char *x)
{
    static const char LABEL[] = "公开附表第号一二三四五六七八九十";
    size_t words = 0, n = strlen(x);
    for (const char *p = x; *p;) {
        uint32_t cp = 0;
        size_t l = fs_utf8_decode(p, n - (size_t)(p - x), &cp);
        if (cp >= 0x4E00 && cp <= 0x9FFF) {
            char ch[5] = {0};
            memcpy(ch, p, l < 4 ? l : 4);
            words += strstr(LABEL, ch) == NULL;
        }
        p += l ? l : 1;
    }
    return words >= 3;
}

/* The line of L[u..a) that names the table above its header: the nearest
 * line naming a table, a bare number label (公开05表) only when no line
 * above names it in words.  (size_t)-1 when none.  *cap: when no line
 * names it in words, the nearest caption line (is_caption), else
 * (size_t)-1. */
size_t tbl_title_line(const tline *L, size_t u, size_t a, size_t *cap)
{
    size_t best = (size_t)-1;
    int named = 0;
    *cap = (size_t)-1;
    for (size_t i = a; i > u && !named; i--) {
        /* a caption is printed larger than the table (a header cell is not) */
        if (*cap == (size_t)-1 && L[i - 1].caption && L[i - 1].size >= 1.2f * L[a].size)
            *cap = i - 1;
        if (!L[i - 1].title)
            continue;
        char *x = tbl_line_text(&L[i - 1]);
        named = x && tbl_names_table(x);
        free(x);
        if (best == (size_t)-1 || named)
            best = i - 1;
    }
    if (named)
        *cap = (size_t)-1;
    return best;
}

/* a, then a space and b (either may be NULL); NULL when out of memory */
char *tbl_join(const char *a, const char *sep, const char *b)
{
    size_t n = (a ? strlen(a) : 0) + strlen(sep) + (b ? strlen(b) : 0) + 1;
    char *j = malloc(n);
    if (j)
        snprintf(j, n, "%s%s%s", a ? a : "", a && b ? sep : "", b ? b : "");
    return j;
}

/* The title of the table whose title line is `best` and caption line `cap`
 * (see title_line), in L[u..a) above its header L[a..): the title line; a caption after its bare
 * label (附表一 2025年全市…), a caption in brackets completing the caption
 * right above it.  "" when none; NULL when out of memory (caller frees). */
char *tbl_head_title(const tline *L, size_t u, size_t a, size_t best, size_t cap)
{
    char *t = best != (size_t)-1 ? tbl_line_text(&L[best]) : NULL;
    if (best != (size_t)-1 && !t)
        return NULL;
    /* a title wrapped over two lines of the same large print (公开 09 表：
     * 一般公共预算“三公”经费、会议费、培训费 / 支出预算表); a bare label
     * right above it (表一) is set apart by a space */
    if (t && best > u && !L[best - 1].hasnum && L[best - 1].n <= 3 &&
        L[best].size >= 1.2f * L[a].size && fabsf(L[best - 1].size - L[best].size) < 0.1f * L[best].size &&
        L[best].mid - L[best - 1].mid <= 2.0f * L[best].size) {
        char *up = tbl_line_text(&L[best - 1]);
        char *j = up ? tbl_join(up, tbl_names_table(up) ? "" : " ", t) : NULL;
        free(up);
        free(t);
        if (!(t = j))
            return NULL;
    }
    if (cap == (size_t)-1)
        return t ? t : calloc(1, 1);
    char *c = tbl_line_text(&L[cap]), *up = NULL, *cc = NULL, *r = NULL;
    if (c && (!strncmp(c, "（", 3) || c[0] == '(') && cap > u && L[cap - 1].caption)
        up = tbl_line_text(&L[cap - 1]);
    if (c && (cc = tbl_join(up, "", c)))
        r = tbl_join(t, " ", cc);
    free(t);
    free(c);
    free(up);
    free(cc);
    return r;
}
