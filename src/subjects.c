/* subjects.c — the words of a figure's sentence that say what it measures:
 * direction words (增加 / 减少 / 持平), enumerators, and the subject read
 * back from a value to its clause start and cleaned of lead words, years and
 * trailing verbs (see figures.c for the rules in order). */
#include "figures_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Words                                                               */

static const char *const UP_WORDS[] = {"增加", "增长", "上升", "提高", "增幅", "涨幅", "增", NULL};
static const char *const DOWN_WORDS[] = {"减少", "下降", "降低", "压减", "节约", "降幅", "减幅",
                                         "减", NULL};
static const char *const FLAT_WORDS[] = {"持平", "一致", "相同", "相等", "未发生变化", "没有变化",
                                         "无变化", NULL};

/* Direction named by the word(s) in s[a..b). */
fs_direction fig_dir_of(const char *s, size_t a, size_t b)
{
    for (size_t p = a; p < b; p++) {
        if (at_any(s, p, b, FLAT_WORDS))
            return FS_DIR_FLAT;
        if (at_any(s, p, b, DOWN_WORDS) || at(s, p, b, "少") || at(s, p, b, "小于") ||
            at(s, p, b, "低于"))
            return FS_DIR_DECREASE;
        if (at_any(s, p, b, UP_WORDS) || at(s, p, b, "多") || at(s, p, b, "大于") ||
            at(s, p, b, "高于"))
            return FS_DIR_INCREASE;
    }
    return FS_DIR_NONE;
}

/* A direction word right before pos (skipping blanks and 了/为/达): its
 * direction, and where the word starts in *wstart. */
fs_direction fig_dir_before(const char *s, size_t lo, size_t pos, size_t *wstart)
{
    static const char *const FILL[] = {"了", "为", "达", "到", NULL};
    size_t p = skip_blanks_back(s, lo, pos);
    size_t l;
    while ((l = before_any(s, lo, p, FILL)) != 0)
        p = skip_blanks_back(s, lo, p - l);
    if ((l = before_any(s, lo, p, DOWN_WORDS)) != 0) {
        *wstart = p - l;
        return FS_DIR_DECREASE;
    }
    if ((l = before_any(s, lo, p, UP_WORDS)) != 0) {
        *wstart = p - l;
        return FS_DIR_INCREASE;
    }
    return FS_DIR_NONE;
}

/* ------------------------------------------------------------------ */
/* Subjects                                                            */

/* Strips an enumerator (（一） (1) 1. 1、 一、 ① 第一部分：) at *a. */
int fig_strip_enumerator(const char *s, size_t *a, size_t b)
{
    size_t p = *a, l;
    uint32_t cp = cp_at(s, p, b, &l);
    if (cp == 0xFF08u || cp == '(') { /* （…） or (…) with a number inside */
        size_t q = p + l, n = 0;
        while (q < b) {
            size_t ql;
            uint32_t c = cp_at(s, q, b, &ql);
            if (fs_cjk_digit(c) >= 0 || fs_cjk_numeral(c) >= 0) {
                q += ql;
                n++;
                continue;
            }
            if (n > 0 && n <= 3 && (c == 0xFF09u || c == ')')) {
                *a = q + ql;
                return 1;
            }
            break;
        }
        return 0;
    }
    if (cp >= 0x2460u && cp <= 0x2473u) { /* ① … ⑳ */
        *a = p + l;
        return 1;
    }
    if (at(s, p, b, "第")) {
        size_t q = p + 3;
        while (q < b && fs_cjk_numeral(cp_at(s, q, b, &l)) >= 0)
            q += l;
        if (q > p + 3 && at(s, q, b, "部分")) {
            q += 6;
            if (at(s, q, b, "：") || at(s, q, b, "、"))
                q += 3;
            else if (q < b && s[q] == ':')
                q++;
            *a = q;
            return 1;
        }
        return 0;
    }
    size_t q = p, n = 0;
    int arabic = 0;
    while (q < b) {
        uint32_t c = cp_at(s, q, b, &l);
        if (c >= '0' && c <= '9')
            arabic = 1;
        else if (fs_cjk_numeral(c) < 0)
            break;
        q += l;
        n++;
    }
    if (n == 0 || n > 3)
        return 0;
    if (at(s, q, b, "、") || at(s, q, b, "．")) {
        *a = q + 3;
        return 1;
    }
    if (arabic && q < b && s[q] == '.' && !(q + 1 < b && s[q + 1] >= '0' && s[q + 1] <= '9')) {
        *a = q + 1;
        return 1;
    }
    return 0;
}

static const char *const LEAD_WORDS[] = {
    "其中", "包括", "包含", "另外", "此外", "以及", "我部门", "本部门", "我单位", "本单位",
    "本年度", "共有", "安排", "合计", "及", "和", "与", NULL};
static const char *const LEAD_PUNCT[] = {"：", "，", "、", ":", ",", "（其中", "(其中", NULL};
static const char *const TRAIL_WORDS[] = {"共计", "合计", "总计", "共有", "达到", "为", "是",
                                          "共", "达", "约", "安排", "各", NULL};

/* Narrows the subject span [*a, *b) of the text s: drops leading
 * enumerators, listing words, 我部门 and a leading year (returned in
 * *period), keeps what follows the last 的, and drops trailing linking
 * words, a trailing "2019年预算" (its year into *period) and a trailing
 * 预算 after 支出/费/拨款 when four characters remain. */
void fig_clean_subject(const char *s, size_t *a, size_t *b, int *period)
{
    size_t A = *a, B = *b, l;
    int changed = 1;
    while (changed && A < B) {
        changed = 0;
        A = skip_blanks(s, A, B);
        if (fig_strip_enumerator(s, &A, B)) {
            changed = 1;
            continue;
        }
        size_t ye;
        int y = year_at(s, A, B, &ye);
        if (y) {
            *period = y;
            A = ye;
            changed = 1;
            continue;
        }
        if ((l = at_any(s, A, B, LEAD_WORDS)) != 0 && A + l < B) {
            A += l;
            changed = 1;
            continue;
        }
        if ((l = at_any(s, A, B, LEAD_PUNCT)) != 0) {
            A += l;
            changed = 1;
        }
    }
    /* what follows the last 的 names the thing: 一般公共预算安排的“三公”经费 */
    for (size_t p = B; p > A;) {
        size_t q = prev_char(s, A, p);
        if (at(s, q, B, "的")) {
            if (nchars(s, q + 3, B) >= 2)
                A = q + 3;
            break;
        }
        p = q;
    }
    changed = 1;
    while (changed && A < B) {
        changed = 0;
        B = skip_blanks_back(s, A, B);
        if ((l = before_any(s, A, B, TRAIL_WORDS)) != 0 && B - l > A) {
            B -= l;
            changed = 1;
            continue;
        }
        /* 公务接待费2019年预算 */
        static const char *const YEAR_TAIL[] = {"预算数", "决算数", "预算", "决算", "执行数", NULL};
        size_t t = B;
        if ((l = before_any(s, A, t, YEAR_TAIL)) != 0)
            t -= l;
        size_t tt = t;
        if (before(s, A, tt, "度"))
            tt -= 3;
        if (before(s, A, tt, "年")) {
            size_t ys;
            int y = year_before(s, A, tt - 3, &ys);
            if (y && ys > A) {
                *period = y;
                B = ys;
                changed = 1;
                continue;
            }
        }
        static const char *const BUDGET_AFTER[] = {"支出", "费", "拨款", NULL};
        if (before(s, A, B, "预算") && before_any(s, A, B - 6, BUDGET_AFTER) &&
            nchars(s, A, B - 6) >= 4) {
            B -= 6;
            changed = 1;
        }
    }
    *a = A;
    *b = B;
}

/* 1 for characters a subject may hold when read back from a number. */
static int subject_char(uint32_t cp)
{
    if (fs_cjk_is_han(cp))
        return 1;
    if ((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
        return 1;
    switch (cp) {
    case 0xFF08u: case 0xFF09u: case '(': case ')': case 0x201Cu: case 0x201Du: case '"':
    case 0x300Au: case 0x300Bu: case 0x00B7u: case '.': case 0xFF0Eu: case 0x3001u:
        return 1;
    default:
        return 0;
    }
}

/* The name right before pos, read back to the clause start (，。；： TAB,
 * line start) or lo, at most FIG_SUBJ_MAX characters.  A 、 is kept only
 * when it follows an enumerator digit (1、). */
size_t fig_subject_back(const char *s, size_t lo, size_t pos)
{
    size_t p = pos, n = 0;
    while (p > lo && n < FIG_SUBJ_MAX) {
        size_t q = prev_char(s, lo, p);
        size_t l;
        uint32_t cp = cp_at(s, q, p, &l);
        if (!subject_char(cp))
            break;
        if (cp == 0x3001u) { /* 、 only as in "1、" or "一、" at a clause start */
            size_t r = q;
            if (r > lo) {
                size_t r0 = prev_char(s, lo, r);
                uint32_t c0 = cp_at(s, r0, r, NULL);
                if (fs_cjk_digit(c0) < 0 && fs_cjk_numeral(c0) < 0)
                    break;
            } else {
                break;
            }
        }
        p = q;
        n++;
    }
    /* never across a decimal number (a glued table row: 采购10.00设备购置费) */
    for (size_t q = pos; q > p + 1; q--) {
        if (s[q - 1] >= '0' && s[q - 1] <= '9' && q >= p + 3 && s[q - 2] == '.' &&
            s[q - 3] >= '0' && s[q - 3] <= '9') {
            size_t r = q;
            while (r < pos && s[r] >= '0' && s[r] <= '9')
                r++;
            return r;
        }
    }
    return p;
}

/* The noun after a count's unit: 内设10个科室 → 科室. */
void fig_subject_forward(const char *s, size_t pos, size_t end, size_t *a, size_t *b)
{
    static const char *const STOP[] = {"分别", "为", "是", "的", "和", "及", "共", NULL};
    size_t p = pos, n = 0, l;
    while (p < end && n < FIG_SUBJ_MAX) {
        uint32_t cp = cp_at(s, p, end, &l);
        if (!fs_cjk_is_han(cp) && cp != 0xFF08u && cp != 0xFF09u)
            break;
        if (n > 0 && at_any(s, p, end, STOP))
            break;
        p += l;
        n++;
    }
    *a = pos;
    *b = p;
}

/* 1 when two subjects name the same thing loosely: one holds the other
 * (一般公共预算 ≈ 部门一般公共预算支出). */
int fig_subject_match(const char *x, const char *y)
{
    if (!x || !y || !*x || !*y)
        return 0;
    return strstr(x, y) != NULL || strstr(y, x) != NULL;
}

/* Bare changes: "2023年度基本支出决算为800.00万元，2024年度基本支出决算为
 * 1000.00万元，比上年减少。" — a direction word after a basis of the
 * earlier year (比上年, 较上年, 与上年相比, 同比, 比2023年…), with no
 * number after it, says which way the figure before it moved.  It is given
 * to the sentence's last figure before it that has no change yet (from
 * index `first`), as a change with a direction and nothing else; words
 * inside a reason clause (主要原因是…较上年有所增加), spans rs[0..2*nrs), are
 * the reason's, not the figure's.  Returns 0 or FS_E_NOMEM. */
int fig_bare_changes(fs_figures *f, size_t first, const char *s, size_t a, size_t b,
                     const size_t *rs, long nrs)
{
    static const char *const BASIS[] = {"与上年相比", "与上年度相比", "比上年度", "较上年度",
                                        "比上年", "较上年", "比去年", "较去年", "同比", NULL};
    static const char *const ADV[] = {"有所", "略有", "明显", "大幅", "均", "也", NULL};
    for (size_t p = a; p < b; p++) {
        size_t l = at_any(s, p, b, BASIS);
        size_t q = p + l;
        /* "比上年的600.00万元有所增加": right after a figure's stated prior */
        int after_prior = 0;
        if (!l && (at_any(s, p, b, ADV) || at_any(s, p, b, UP_WORDS) || at_any(s, p, b, DOWN_WORDS))) {
            size_t pe = skip_blanks_back(s, a, p);
            for (size_t i = f->n; i > first && !after_prior; i--)
                after_prior = f->v[i - 1].prior.present && f->v[i - 1].prior.value.present &&
                              f->v[i - 1].prior.value.q.end == pe;
        }
        if (after_prior) {
            l = 0;
        } else if (!l) {
            /* 比2023年 / 较2023年度 */
            if ((at(s, p, b, "比") || at(s, p, b, "较")) && p + 3 < b) {
                size_t ye;
                if (!year_at(s, p + 3, b, &ye))
                    continue;
                q = ye;
            } else {
                continue;
            }
        }
        q = skip_blanks(s, q, b);
        if (at(s, q, b, "，"))
            q = skip_blanks(s, q + 3, b);
        size_t al;
        while ((al = at_any(s, q, b, ADV)) != 0)
            q += al;
        size_t dw = at_any(s, q, b, UP_WORDS) ? at_any(s, q, b, UP_WORDS) : at_any(s, q, b, DOWN_WORDS);
        if (!dw)
            continue;
        fs_direction d = at_any(s, q, b, UP_WORDS) ? FS_DIR_INCREASE : FS_DIR_DECREASE;
        size_t e = skip_blanks(s, q + dw, b);
        /* a number, a 了/为/至 or a bracket after it: not bare */
        uint32_t cp = e < b ? cp_at(s, e, b, NULL) : 0;
        if (e < b && !(cp == 0x3002 || cp == 0xFF0C || cp == 0xFF1B || cp == ',' || cp == ';' ||
                       at(s, e, b, "主要") || at(s, e, b, "原因") || at(s, e, b, "是因为")))
            continue;
        int in_reason = 0;
        for (long r = 0; r < nrs && !in_reason; r++)
            in_reason = rs[2 * r] <= p && p < rs[2 * r + 1];
        if (in_reason)
            continue;
        for (size_t i = f->n; i > first; i--) {
            fs_figure *g = &f->v[i - 1];
            if (!g->value.present || fs_figure_anchor(g) >= p)
                continue;
            if (!g->change.present) {
                g->change.present = 1;
                g->change.direction = d;
                free(g->change.basis);
                if (!(g->change.basis = after_prior ? dup_span(s, p, p) : dup_span(s, p, q)))
                    return FS_E_NOMEM;
            }
            break;
        }
        p = q;
    }
    return 0;
}
