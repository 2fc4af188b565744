/* outline.c — see outline.h.
 *
 * What counts as a heading
 *  A line of the normalised text is a heading when it starts (after blanks)
 *  with a numbering mark: 第X部分, X、, （X）, N、 N. N．, （N） (N), ①…⑳,
 *  ⑴…⒇, ⒈…⒛.  Only the start of a line counts, so list items inside a
 *  paragraph (…（1）…（2）… in one line) are not headings; 一是/二是 carry no
 *  mark at all.  "N." followed by a digit is a decimal ("1.46万元"), not a
 *  mark.  Lines holding a TAB are table rows and never headings, and neither
 *  is a numbered line sitting between two table rows, unless the PDF sets it
 *  larger or bold.  A numbered line set clearly smaller than the body text
 *  (table cells, notes) is not a heading either.  Numbered paragraphs that are
 *  whole sentences ("（一）201类一般公共服务支出361.37万元，占…") are still
 *  sections: they are the items of an enumeration that later stages link
 *  under a total.
 *
 *  Unnumbered lines become headings (FS_NUM_NONE) only with font evidence:
 *  a short line without clause punctuation set clearly larger than the median
 *  body size.  Short unnumbered lines at the very start, before any heading,
 *  are the document title (fs_outline_title), not sections.
 *
 * Levels: a stack, not a fixed table
 *  Documents disagree on which style sits above which (one puts "1、" above
 *  "一、"), so the level of a style comes from the stack of open headings:
 *  a style already open continues there, a new style nests under the current
 *  heading.  For a mark of style S with printed number n:
 *   1. S open, some open S heading printed n-1: sibling of the innermost such
 *      heading (everything opened below it closes).
 *   2. S open, n == 1: a new list restarting under the current heading
 *      ("1." items of a deeper list).
 *   3. S open, some open S heading printed below n: sibling of the innermost
 *      such (a number skipped, e.g. 第一部分 → 第三部分).
 *   4. Some open heading of the sibling family (一、 with 1、, （一） with
 *      （1）) printed n-1, n >= 2: sibling of the outermost such — a
 *      document that switches style in the middle of a sequence ("1、 2、
 *      三、 四、"); a list that is still open keeps its own style, so the
 *      switch is taken to belong to the outer sequence.
 *   5. S open otherwise (a number repeated or going back): sibling of the
 *      innermost open S heading.
 *   6. S not open: 第X部分 closes everything and goes to the top (parts are
 *      never nested); any other style nests under the current heading —
 *      or, in a PDF, under the innermost open heading not set in a smaller
 *      font than it.
 *  In a PDF rule 4 also asks for the same font size.
 *  A table of contents is not part of the tree: when the document's first
 *  headings follow one another with (almost) no body text between them and
 *  the first mark comes again after them ("第一部分…第四部分" listed, then
 *  "第一部分" begins), the lines up to that repetition are skipped.
 *  An unnumbered font heading closes the open headings set in a smaller font
 *  and nests under the rest.
 *
 * Heading text
 *  The heading is a slice of its line.  When the normaliser joined a heading
 *  with the body that follows it on the next source line ("（一）机关运行经费
 *  安排情况说明2019年本级…"), the heading stops where the source line changes,
 *  unless the PDF line ran to the right margin (a heading wrapped in two) or
 *  the joined line as a whole still reads as a title (a centred heading in
 *  two lines, "第一部分" + "部门概况").
 *  What is left is taken whole when it reads as a title: at most 50
 *  characters and no sentence punctuation (。；！？); trailing ：，、 are
 *  dropped.  Otherwise it is a sentence and the heading is its leading clause,
 *  up to the first ：，。；！？ (an ASCII , or : between digits does not
 *  count), at most 50 characters.  A title that ends without punctuation and
 *  is followed directly by a very short unnumbered line without punctuation
 *  (at most 6 characters, or in a PDF the same font after a line that reached
 *  the margin) was split by the layout: the two are joined. */
#include "outline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 8        /* deeper marks become siblings of the deepest */
#define TITLE_MAX_CP 50    /* a line this short without 。 reads as a title */
#define CLAUSE_MAX_CP 50   /* longest heading cut from a sentence */
#define CONT_MAX_CP 6      /* longest continuation of a split heading */
#define DOC_TITLE_LINES 3  /* lines of a document title */
#define DOC_TITLE_MAX_CP 40
#define NONE_MAX_CP 30     /* longest unnumbered font heading */

typedef struct line {
    size_t start, end;   /* the line without its '\n' */
    size_t cstart, cend; /* without leading / trailing blanks */
    int has_tab;
} line;

typedef struct marker {
    fs_numbering style;
    int ord;
    size_t len; /* bytes of the mark with its 、 ． ） or 部分 */
} marker;

typedef struct open_entry {
    fs_numbering style;
    int ord;
    int idx;      /* index into the outline */
    float fsize;  /* font size of the heading line, body size when unknown */
} open_entry;

typedef struct ctx {
    const fs_text *t;
    const fs_rawdoc *raw; /* NULL unless a PDF with font sizes */
    float body;           /* median body font size, 0 when unknown */
    line *lines;
    size_t nlines;
} ctx;

/* Decodes one UTF-8 code point at p (< end) into *cp; returns its length in
 * bytes, 1 with U+FFFD for an invalid byte. */
static size_t utf8_cp(const char *p, const char *end, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t avail = (size_t)(end - p);
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0;
    if (!n || n > avail) {
        *cp = 0xFFFD;
        return 1;
    }
    uint32_t c = u[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (u[i] & 0x3F);
    }
    *cp = c;
    return n;
}

/* Code point just before p (> begin), and its start in *at. */
static uint32_t utf8_prev(const char *begin, const char *p, const char **at)
{
    const char *q = p - 1;
    while (q > begin && ((unsigned char)*q & 0xC0) == 0x80 && p - q < 4)
        q--;
    uint32_t cp;
    utf8_cp(q, p, &cp);
    *at = q;
    return cp;
}

static int is_blank_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == 0xA0 || cp == 0x3000;
}

static int is_digit_cp(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* Punctuation that ends a sentence: a line holding one is not a title. */
static int is_sentence_end(uint32_t cp)
{
    return cp == 0x3002 || cp == 0xFF1B || cp == ';' || cp == 0xFF01 || cp == '!' ||
           cp == 0xFF1F || cp == '?';
}

/* Punctuation that ends a clause (the ASCII , : only between non-digits;
 * the caller checks that). */
static int is_clause_end(uint32_t cp)
{
    return is_sentence_end(cp) || cp == 0xFF0C || cp == ',' || cp == 0xFF1A || cp == ':';
}

/* Value of a Chinese numeral character: 0–9, 10 for 十, 100 for 百, -1. */
static int cn_digit(uint32_t cp)
{
    switch (cp) {
    case 0x96F6: case 0x3007: return 0;      /* 零 〇 */
    case 0x4E00: return 1;                   /* 一 */
    case 0x4E8C: case 0x4E24: return 2;      /* 二 两 */
    case 0x4E09: return 3;
    case 0x56DB: return 4;
    case 0x4E94: return 5;
    case 0x516D: return 6;
    case 0x4E03: return 7;
    case 0x516B: return 8;
    case 0x4E5D: return 9;
    case 0x5341: return 10;                  /* 十 */
    case 0x767E: return 100;                 /* 百 */
    default: return -1;
    }
}

/* Parses a Chinese numeral 1–999 at p; returns the bytes used (0 if none)
 * and the value in *val.  Two digits in a row ("一二") are not a numeral. */
static size_t parse_cn_num(const char *p, const char *end, int *val)
{
    size_t used = 0;
    int total = 0, cur = -1, n = 0;
    while (p + used < end && n < 6) {
        uint32_t cp;
        size_t k = utf8_cp(p + used, end, &cp);
        int d = cn_digit(cp);
        if (d < 0)
            break;
        if (d == 10 || d == 100) {
            total += (cur > 0 ? cur : 1) * d;
            cur = -1;
        } else if (d == 0) {
            cur = -1;
        } else {
            if (cur > 0)
                return 0;
            cur = d;
        }
        used += k;
        n++;
    }
    if (cur > 0)
        total += cur;
    if (!used || total < 1 || total > 999)
        return 0;
    *val = total;
    return used;
}

/* Parses 1–2 ASCII or full-width digits at p as a number 1–99; returns the
 * bytes used, 0 when there are none or more than two. */
static size_t parse_ar_num(const char *p, const char *end, int *val)
{
    size_t used = 0;
    int v = 0, n = 0;
    while (p + used < end && n < 3) { /* a third digit already refuses it */
        uint32_t cp;
        size_t k = utf8_cp(p + used, end, &cp);
        if (!is_digit_cp(cp))
            break;
        v = v * 10 + (int)(cp <= '9' ? cp - '0' : cp - 0xFF10);
        used += k;
        n++;
    }
    if (!n || n > 2 || v < 1)
        return 0;
    *val = v;
    return used;
}

/* Whether the code point at p (may be end) is a digit. */
static int digit_at(const char *p, const char *end)
{
    uint32_t cp;
    return p < end && (utf8_cp(p, end, &cp), is_digit_cp(cp));
}

/* Recognises a numbering mark at p (the first non-blank byte of a line).
 * Returns 1 and fills *m, or 0. */
static int parse_marker(const char *p, const char *end, marker *m)
{
    uint32_t cp;
    int v;
    size_t k = utf8_cp(p, end, &cp);
    const char *q = p + k;

    if (cp >= 0x2460 && cp <= 0x2473) { /* ①…⑳ */
        *m = (marker){FS_NUM_CIRCLED, (int)(cp - 0x245F), k};
        return 1;
    }
    if (cp >= 0x2474 && cp <= 0x2487) { /* ⑴…⒇ */
        *m = (marker){FS_NUM_ARABIC_PAREN, (int)(cp - 0x2473), k};
        return 1;
    }
    if (cp >= 0x2488 && cp <= 0x249B) { /* ⒈…⒛ */
        *m = (marker){FS_NUM_ARABIC, (int)(cp - 0x2487), k};
        return 1;
    }
    if (cp == 0x7B2C) { /* 第X部分 */
        size_t n = parse_cn_num(q, end, &v);
        if (!n)
            n = parse_ar_num(q, end, &v);
        if (!n)
            return 0;
        q += n;
        uint32_t c1, c2;
        if (q >= end)
            return 0;
        q += utf8_cp(q, end, &c1);
        if (q >= end)
            return 0;
        q += utf8_cp(q, end, &c2);
        if (c1 != 0x90E8 || c2 != 0x5206) /* 部分 */
            return 0;
        *m = (marker){FS_NUM_PART, v, (size_t)(q - p)};
        return 1;
    }
    if (cp == '(' || cp == 0xFF08) { /* （一） （1） */
        fs_numbering style = FS_NUM_CN_PAREN;
        size_t n = parse_cn_num(q, end, &v);
        if (!n) {
            n = parse_ar_num(q, end, &v);
            style = FS_NUM_ARABIC_PAREN;
        }
        if (!n || q + n >= end)
            return 0;
        size_t kc = utf8_cp(q + n, end, &cp);
        if (cp != ')' && cp != 0xFF09)
            return 0;
        *m = (marker){style, v, (size_t)(q + n + kc - p)};
        return 1;
    }
    /* 一、 1、 1. 1． : the number, then 、 or a full stop not followed by a
     * digit ("1.46万元" is a number). */
    fs_numbering style = FS_NUM_CN;
    size_t n = parse_cn_num(p, end, &v);
    if (!n) {
        n = parse_ar_num(p, end, &v);
        style = FS_NUM_ARABIC;
    }
    if (!n || p + n >= end)
        return 0;
    q = p + n;
    k = utf8_cp(q, end, &cp);
    if (cp == 0x3001 || ((cp == '.' || cp == 0xFF0E) && !digit_at(q + k, end))) {
        *m = (marker){style, v, (size_t)(q + k - p)};
        return 1;
    }
    return 0;
}

/* Number of code points in [p, end). */
static size_t cp_count(const char *p, const char *end)
{
    size_t n = 0;
    while (p < end) {
        uint32_t cp;
        p += utf8_cp(p, end, &cp);
        n++;
    }
    return n;
}

/* Byte position after the first max code points of [p, end). */
static const char *cp_advance(const char *p, const char *end, size_t max)
{
    while (p < end && max--) {
        uint32_t cp;
        p += utf8_cp(p, end, &cp);
    }
    return p;
}

/* Whether [p, end) holds a code point for which pred is true. */
static int has_cp(const char *p, const char *end, int (*pred)(uint32_t))
{
    while (p < end) {
        uint32_t cp;
        p += utf8_cp(p, end, &cp);
        if (pred(cp))
            return 1;
    }
    return 0;
}

/* First clause end in [p, end), or end: an ASCII , or : between two digits
 * belongs to a number or a time. */
static const char *clause_end(const char *p, const char *end)
{
    const char *begin = p;
    while (p < end) {
        uint32_t cp;
        size_t k = utf8_cp(p, end, &cp);
        if (is_clause_end(cp)) {
            int ascii_in_number = (cp == ',' || cp == ':') && p > begin &&
                                  digit_at(p + k, end) && ((unsigned char)p[-1] >= '0' &&
                                                           (unsigned char)p[-1] <= '9');
            if (!ascii_in_number)
                return p;
        }
        p += k;
    }
    return end;
}

static int is_colon(uint32_t cp)
{
    return cp == 0xFF1A || cp == ':';
}

/* Where the text of a heading starts in [p, end): after its numbering mark
 * and a colon that directly follows the mark ("第一部分："); p when there is
 * no mark. */
static const char *after_mark(const char *p, const char *end)
{
    marker m;
    if (!parse_marker(p, end, &m))
        return p;
    const char *q = p + m.len;
    uint32_t cp = 0;
    size_t k = 0;
    while (q < end && (k = utf8_cp(q, end, &cp), is_blank_cp(cp)))
        q += k;
    return q < end && is_colon(cp) ? q + k : q;
}

/* Whether a short line without 。；！？ still reads as a sentence: two or
 * more clause ends inside it ("（一）人员经费546.83万元，同比增加194.73万元，
 * …") or a colon inside it ("9、上年结转：指以前年度…").  One comma is
 * still a title ("（1）做实理论武装，宣传贯彻…"), and so is the colon that
 * separates a mark from its title ("第一部分：柳州市总工会概况");
 * punctuation at the end does not count. */
static int is_sentence(const char *p, const char *end)
{
    while (end > p) {
        const char *at;
        uint32_t cp = utf8_prev(p, end, &at);
        if (!is_clause_end(cp) && cp != 0x3001 && !is_blank_cp(cp))
            break;
        end = at;
    }
    p = after_mark(p, end);
    size_t n = 0;
    for (const char *q = clause_end(p, end); q < end; q = clause_end(cp_advance(q, end, 1), end)) {
        uint32_t cp;
        utf8_cp(q, end, &cp);
        n += is_colon(cp) ? 2 : 1;
    }
    return n >= 2;
}

/* Splits the text into lines (the last one may lack '\n').  Returns the
 * malloc'd array (caller frees) or NULL on allocation failure. */
static line *split_lines(const fs_text *t, size_t *nout)
{
    size_t n = 1;
    for (size_t i = 0; i < t->len; i++)
        n += t->s[i] == '\n';
    line *v = malloc(n * sizeof *v);
    if (!v)
        return NULL;
    size_t k = 0, s = 0;
    while (s < t->len) {
        const char *nl = memchr(t->s + s, '\n', t->len - s);
        size_t e = nl ? (size_t)(nl - t->s) : t->len;
        line *l = &v[k++];
        l->start = s;
        l->end = e;
        l->has_tab = memchr(t->s + s, '\t', e - s) != NULL;
        const char *p = t->s + s, *q = t->s + e;
        while (p < q) {
            uint32_t cp;
            size_t len = utf8_cp(p, q, &cp);
            if (!is_blank_cp(cp))
                break;
            p += len;
        }
        while (q > p) {
            const char *at;
            uint32_t cp = utf8_prev(p, q, &at);
            if (!is_blank_cp(cp))
                break;
            q = at;
        }
        l->cstart = (size_t)(p - t->s);
        l->cend = (size_t)(q - t->s);
        s = e + 1;
    }
    *nout = k;
    return v;
}

static int line_blank(const line *l)
{
    return l->cstart == l->cend;
}

/* The raw line the text byte off comes from, or NULL without font data. */
static const fs_rawline *raw_at(const ctx *c, size_t off)
{
    if (!c->raw)
        return NULL;
    fs_srcpos pos = fs_text_pos(c->t, off);
    return fs_rawdoc_line(c->raw, pos.page, pos.line);
}

static int cmp_float_pair(const void *a, const void *b)
{
    const float *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Median font size of the document weighted by bytes of text: the body
 * size.  0 when no line carries a size.  Returns FS_E_NOMEM or 0. */
static int body_font(const fs_rawdoc *raw, float *out)
{
    *out = 0;
    size_t n = fs_rawdoc_count_lines(raw), k = 0;
    if (!n)
        return 0;
    float *v = malloc(n * 2 * sizeof *v);
    if (!v)
        return FS_E_NOMEM;
    double total = 0;
    for (size_t p = 0; p < raw->npages; p++)
        for (size_t i = 0; i < raw->pages[p].nlines; i++) {
            const fs_rawline *rl = &raw->pages[p].lines[i];
            if (rl->font_size > 0 && rl->len) {
                v[2 * k] = rl->font_size;
                v[2 * k + 1] = (float)rl->len;
                total += (double)rl->len;
                k++;
            }
        }
    if (k) {
        qsort(v, k, 2 * sizeof *v, cmp_float_pair);
        double acc = 0;
        for (size_t i = 0; i < k; i++) {
            acc += v[2 * i + 1];
            if (acc * 2 >= total) {
                *out = v[2 * i];
                break;
            }
        }
    }
    free(v);
    return 0;
}

/* Whether the raw line of off reaches the right edge of the text on its page
 * (within two characters): a line the layout wrapped, not one that ended. */
static int reaches_margin(const ctx *c, size_t off)
{
    if (!c->raw)
        return 0;
    fs_srcpos pos = fs_text_pos(c->t, off);
    const fs_rawline *rl = fs_rawdoc_line(c->raw, pos.page, pos.line);
    if (!rl || rl->x1 <= 0)
        return 0;
    const fs_rawpage *pg = &c->raw->pages[pos.page - 1];
    float right = 0;
    for (size_t i = 0; i < pg->nlines; i++)
        if (pg->lines[i].x1 > right)
            right = pg->lines[i].x1;
    float em = rl->font_size > 0 ? rl->font_size : 10.0f;
    return rl->x1 >= right - 2 * em;
}

/* First segment boundary (source line change) in (from, to), or to. */
static size_t seg_break(const fs_text *t, size_t from, size_t to)
{
    size_t lo = 0, hi = t->nsegs; /* first seg with off > from */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->segs[mid].off <= from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->nsegs && t->segs[lo].off < to ? t->segs[lo].off : to;
}

static int is_trailing_punct(uint32_t cp)
{
    return is_clause_end(cp) || cp == 0x3001;
}

/* Whether line l (not numbered, no TAB) continues a heading split by the
 * layout: very short and without punctuation, or in a PDF set in the same
 * font as a heading line that ran to the margin. */
static int is_continuation(const ctx *c, const line *head, const line *l)
{
    if (line_blank(l) || l->has_tab)
        return 0;
    const char *p = c->t->s + l->cstart, *q = c->t->s + l->cend;
    marker m;
    if (parse_marker(p, q, &m) || has_cp(p, q, is_trailing_punct))
        return 0;
    size_t ncp = cp_count(p, q);
    if (ncp <= CONT_MAX_CP)
        return 1;
    if (ncp > TITLE_MAX_CP || !reaches_margin(c, head->cstart))
        return 0;
    const fs_rawline *a = raw_at(c, head->cstart), *b = raw_at(c, l->cstart);
    return a && b && a->font_size > 0 && a->font_size == b->font_size && a->bold == b->bold;
}

/* Works out the heading text of line li (see the top of the file).  Returns
 * it malloc'd (caller frees) or NULL on allocation failure; *head_end gets
 * the offset past it, *joined 1 when the next line was joined in. */
static char *heading_text(const ctx *c, size_t li, size_t *head_end, int *joined)
{
    const fs_text *t = c->t;
    const line *l = &c->lines[li];
    const char *p = t->s + l->cstart, *end = t->s + l->cend;
    *joined = 0;

    size_t cut = seg_break(t, l->cstart, l->cend);
    int cut_by_seg = 0;
    int whole_title = cp_count(p, end) <= TITLE_MAX_CP && !has_cp(p, end, is_sentence_end) &&
                      !is_sentence(p, end);
    if (cut < l->cend && !whole_title && !reaches_margin(c, l->cstart)) {
        end = t->s + cut;
        cut_by_seg = 1;
        while (end > p) { /* blanks left where the lines met */
            const char *at;
            if (!is_blank_cp(utf8_prev(p, end, &at)))
                break;
            end = at;
        }
    }

    const char *hend;
    if (cp_count(p, end) <= TITLE_MAX_CP && !has_cp(p, end, is_sentence_end) &&
        !is_sentence(p, end)) {
        hend = end;
        int trimmed = 0;
        while (hend > p) {
            const char *at;
            uint32_t cp = utf8_prev(p, hend, &at);
            if (!is_trailing_punct(cp) && !is_blank_cp(cp))
                break;
            hend = at;
            trimmed = 1;
        }
        if (hend == p) /* nothing but punctuation */
            hend = end;
        if (!trimmed && !cut_by_seg && end == t->s + l->cend && li + 1 < c->nlines &&
            is_continuation(c, l, &c->lines[li + 1]))
            *joined = 1;
    } else {
        hend = clause_end(after_mark(p, end), end);
        const char *cap = cp_advance(p, end, CLAUSE_MAX_CP);
        if (hend > cap)
            hend = cap;
    }

    size_t n = (size_t)(hend - p);
    const line *nx = *joined ? &c->lines[li + 1] : NULL;
    size_t extra = nx ? nx->cend - nx->cstart : 0;
    char *h = malloc(n + extra + 1);
    if (!h)
        return NULL;
    memcpy(h, p, n);
    if (nx)
        memcpy(h + n, t->s + nx->cstart, extra);
    h[n + extra] = '\0';
    *head_end = nx ? nx->cend : (size_t)(hend - t->s);
    return h;
}

/* Appends a section; returns its index or FS_E_NOMEM. */
static int add_section(fs_outline *o, const fs_section *s)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 32;
        fs_section *v = realloc(o->v, cap * sizeof *v);
        if (!v)
            return FS_E_NOMEM;
        o->v = v;
        o->cap = cap;
    }
    o->v[o->n] = *s;
    return (int)o->n++;
}

static int same_family(fs_numbering a, fs_numbering b)
{
    return (a == FS_NUM_CN && b == FS_NUM_ARABIC) || (a == FS_NUM_ARABIC && b == FS_NUM_CN) ||
           (a == FS_NUM_CN_PAREN && b == FS_NUM_ARABIC_PAREN) ||
           (a == FS_NUM_ARABIC_PAREN && b == FS_NUM_CN_PAREN);
}

/* Decides where a mark of style s, number n goes (rules 1–6 at the top of the
 * file).  Returns the stack depth the new heading takes: it replaces entry
 * [depth] when depth < *sp (a sibling) or is pushed when depth == *sp. */
static size_t place_numbered(const open_entry *st, size_t sp, fs_numbering s, int n, float fsize)
{
    if (s == FS_NUM_PART) /* 6: parts never nest, not even when restarting */
        return 0;
    int open = 0;
    for (size_t i = sp; i-- > 0;)
        if (st[i].style == s)
            open = 1;
    if (open) {
        for (size_t i = sp; i-- > 0;) /* 1 */
            if (st[i].style == s && st[i].ord == n - 1)
                return i;
        if (n == 1) /* 2 */
            return sp < MAX_DEPTH ? sp : sp - 1;
        for (size_t i = sp; i-- > 0;) /* 3 */
            if (st[i].style == s && st[i].ord < n)
                return i;
    }
    if (n >= 2) /* 4: the outermost, a switch is a top-level habit */
        for (size_t i = 0; i < sp; i++)
            if (same_family(st[i].style, s) && st[i].ord == n - 1 &&
                st[i].fsize > fsize - 0.5f && st[i].fsize < fsize + 0.5f)
                return i;
    if (open) /* 5 */
        for (size_t i = sp; i-- > 0;)
            if (st[i].style == s)
                return i;
    while (sp > 0 && st[sp - 1].fsize < fsize - 0.5f)
        sp--;
    return sp < MAX_DEPTH ? sp : sp - 1;
}

/* Whether line li is a numbered line inside a table: the nearest non-blank
 * lines before and after it are table rows. */
static int inside_table(const ctx *c, size_t li)
{
    size_t i = li, j = li + 1;
    while (i > 0 && line_blank(&c->lines[i - 1]))
        i--;
    while (j < c->nlines && line_blank(&c->lines[j]))
        j++;
    return i > 0 && c->lines[i - 1].has_tab && j < c->nlines && c->lines[j].has_tab;
}

/* Whether [p, q) reads as a title line: short, unnumbered, no clause
 * punctuation, at least two characters. */
static int title_like(const char *p, const char *q, size_t max_cp)
{
    marker m;
    size_t n = cp_count(p, q);
    return n >= 2 && n <= max_cp && !has_cp(p, q, is_clause_end) && !parse_marker(p, q, &m);
}

/* Whether [p, q) is the word 目录 (blanks inside allowed). */
static int is_contents_word(const char *p, const char *q)
{
    uint32_t want[2] = {0x76EE, 0x5F55}, cp;
    size_t k = 0;
    while (p < q) {
        p += utf8_cp(p, q, &cp);
        if (is_blank_cp(cp))
            continue;
        if (k == 2 || cp != want[k])
            return 0;
        k++;
    }
    return k == 2;
}

/* Collects the document title from the first lines; returns the index of the
 * first line after it, or FS_E_NOMEM as a negative value through *rc. */
static size_t find_title(const ctx *c, fs_outline *o, int *rc)
{
    size_t i = 0, got = 0, first = 0, last = 0, after = 0;
    *rc = 0;
    for (; i < c->nlines && got < DOC_TITLE_LINES; i++) {
        const line *l = &c->lines[i];
        if (line_blank(l))
            continue;
        if (l->has_tab || !title_like(c->t->s + l->cstart, c->t->s + l->cend, DOC_TITLE_MAX_CP))
            break;
        if (is_contents_word(c->t->s + l->cstart, c->t->s + l->cend)) {
            after = i + 1;
            break;
        }
        if (!got)
            first = i;
        last = i;
        got++;
    }
    if (!got)
        return 0;
    fs_buf b = FS_BUF_INIT;
    for (size_t k = first; k <= last; k++) {
        const line *l = &c->lines[k];
        if (!line_blank(l) &&
            fs_buf_append(&b, c->t->s + l->cstart, l->cend - l->cstart) < 0) {
            fs_buf_free(&b);
            *rc = FS_E_NOMEM;
            return 0;
        }
    }
    /* "…部门预算公开目录": the word 目录 heads the contents, not the title */
    size_t tail = c->lines[last].cend;
    if (b.len > 6 && is_contents_word(b.s + b.len - 6, b.s + b.len) &&
        tail - c->lines[last].cstart > 6) {
        fs_buf_truncate(&b, b.len - 6);
        tail -= 6;
    }
    o->title = fs_buf_steal(&b);
    if (!o->title) {
        *rc = FS_E_NOMEM;
        return 0;
    }
    o->title_start = c->lines[first].cstart;
    o->title_end = tail;
    return after > last + 1 ? after : last + 1;
}

/* Whether line l (non-blank) counts as body text for the contents test:
 * unnumbered and not a short title-like line. */
static int is_body_line(const ctx *c, const line *l)
{
    const char *p = c->t->s + l->cstart, *q = c->t->s + l->cend;
    marker m;
    return !parse_marker(p, q, &m) && !title_like(p, q, 20);
}

/* Copies the text of [p, q) without its mark and blanks into out (at most
 * cap - 1 bytes, NUL-terminated). */
static void bare_text(const char *p, const char *q, char *out, size_t cap)
{
    marker m;
    size_t n = 0;
    if (parse_marker(p, q, &m))
        p += m.len;
    while (p < q) {
        uint32_t cp;
        size_t k = utf8_cp(p, q, &cp);
        if (!is_blank_cp(cp) && !is_colon(cp)) {
            if (n + k >= cap)
                break;
            memcpy(out + n, p, k);
            n += k;
        }
        p += k;
    }
    out[n] = '\0';
}

/* Whether numbered line l could be a contents entry: short, no 。 but at
 * its end ("一、主要职能。"). */
static int contents_entry(const ctx *c, const line *l)
{
    const char *p = c->t->s + l->cstart, *q = c->t->s + l->cend;
    while (q > p) {
        const char *at;
        if (!is_trailing_punct(utf8_prev(p, q, &at)))
            break;
        q = at;
    }
    return cp_count(p, q) <= DOC_TITLE_MAX_CP && !has_cp(p, q, is_sentence_end);
}

/* If a table of contents starts at line from, returns the first line after
 * it, else from.  A contents block: from the first numbered line, at least
 * three short numbered lines and at most two body lines, then a line with
 * the same mark as the first whose text begins like the first entry's (one
 * is a prefix of the other: "第一部分部门概况" listed, "第一部分" begins). */
static size_t skip_contents(const ctx *c, size_t from)
{
    size_t a = from;
    marker first, m;
    while (a < c->nlines && (line_blank(&c->lines[a]) || c->lines[a].has_tab))
        a++;
    if (a >= c->nlines ||
        !parse_marker(c->t->s + c->lines[a].cstart, c->t->s + c->lines[a].cend, &first) ||
        !contents_entry(c, &c->lines[a]))
        return from;
    char t1[256], t2[256];
    bare_text(c->t->s + c->lines[a].cstart, c->t->s + c->lines[a].cend, t1, sizeof t1);
    size_t heads = 1, body = 0;
    for (size_t i = a + 1; i < c->nlines; i++) {
        const line *l = &c->lines[i];
        if (line_blank(l) || l->has_tab)
            continue;
        if (parse_marker(c->t->s + l->cstart, c->t->s + l->cend, &m)) {
            if (m.style == first.style && m.ord == first.ord) {
                bare_text(c->t->s + l->cstart, c->t->s + l->cend, t2, sizeof t2);
                size_t n1 = strlen(t1), n2 = strlen(t2);
                int prefix = !memcmp(t1, t2, n1 < n2 ? n1 : n2);
                return heads >= 3 && prefix ? i : from;
            }
            if (!contents_entry(c, l))
                return from;
            heads++;
        } else if (is_body_line(c, l) && ++body > 2) {
            return from;
        }
    }
    return from;
}

/* Fills ids, ends and levels once all sections are known. */
static void finish(fs_outline *o, size_t textlen)
{
    for (size_t i = 0; i < o->n; i++) {
        fs_section *s = &o->v[i];
        s->end = textlen;
        for (size_t j = i + 1; j < o->n; j++)
            if (o->v[j].level <= s->level) {
                s->end = o->v[j].start;
                break;
            }
        int pos = 1;
        for (size_t j = i; j-- > 0;) {
            if (o->v[j].parent == s->parent && o->v[j].level == s->level) {
                pos = atoi(strrchr(o->v[j].id, '.') ? strrchr(o->v[j].id, '.') + 1 : o->v[j].id) + 1;
                break;
            }
            if ((int)j == s->parent)
                break;
        }
        if (s->parent < 0)
            snprintf(s->id, sizeof s->id, "%d", pos);
        else
            snprintf(s->id, sizeof s->id, "%.34s.%d", o->v[s->parent].id, pos);
    }
}

int fs_outline_build(const fs_text *t, const fs_rawdoc *raw, fs_outline **out, fs_error *e)
{
    if (!t || !out)
        return fs_error_set(e, FS_E_USAGE, "outline: no text");
    *out = NULL;
    fs_outline *o = calloc(1, sizeof *o);
    if (!o)
        return fs_error_set(e, FS_E_NOMEM, "outline: out of memory");
    ctx c = {t, NULL, 0, NULL, 0};
    int rc = 0;
    if (raw && raw->npages) {
        if ((rc = body_font(raw, &c.body)) < 0)
            goto fail;
        if (c.body > 0)
            c.raw = raw;
    }
    c.lines = split_lines(t, &c.nlines);
    if (!c.lines) {
        rc = FS_E_NOMEM;
        goto fail;
    }

    size_t li = find_title(&c, o, &rc);
    if (rc < 0)
        goto fail;
    li = skip_contents(&c, li);

    open_entry st[MAX_DEPTH];
    size_t sp = 0;
    for (; li < c.nlines; li++) {
        const line *l = &c.lines[li];
        if (line_blank(l) || l->has_tab)
            continue;
        const char *p = t->s + l->cstart, *q = t->s + l->cend;
        const fs_rawline *rl = raw_at(&c, l->cstart);
        float fs = rl && rl->font_size > 0 ? rl->font_size : c.body;
        int strong = rl && (rl->bold || (c.body > 0 && fs >= c.body * 1.1f));
        marker m;
        size_t depth;
        if (parse_marker(p, q, &m)) {
            if (inside_table(&c, li) && !strong)
                continue;
            if (rl && c.body > 0 && fs < c.body * 0.85f && !rl->bold)
                continue;
            depth = place_numbered(st, sp, m.style, m.ord, fs);
        } else {
            /* unnumbered: a heading only when set clearly larger */
            if (is_contents_word(p, q)) {
                if (!o->n) /* contents after the title */
                    li = skip_contents(&c, li + 1) - 1;
                continue;
            }
            if (!rl || c.body <= 0 || fs < c.body * 1.15f || fs - c.body < 1.0f ||
                !title_like(p, q, NONE_MAX_CP))
                continue;
            m = (marker){FS_NUM_NONE, 0, 0};
            depth = sp;
            while (depth > 0 && st[depth - 1].fsize < fs - 0.5f)
                depth--;
            if (depth == MAX_DEPTH)
                depth--;
            strong = 1;
        }

        fs_section s;
        memset(&s, 0, sizeof s);
        int joined = 0;
        s.heading = heading_text(&c, li, &s.head_end, &joined);
        if (!s.heading) {
            rc = FS_E_NOMEM;
            goto fail;
        }
        s.level = (int)depth + 1;
        s.numbering = m.style;
        s.ordinal = m.ord;
        s.start = l->cstart;
        fs_srcpos pos = fs_text_pos(t, l->cstart);
        s.page = pos.page;
        s.line = pos.line;
        s.parent = depth > 0 ? st[depth - 1].idx : -1;
        s.font_confirmed = strong;
        int idx = add_section(o, &s);
        if (idx < 0) {
            free(s.heading);
            rc = idx;
            goto fail;
        }
        st[depth] = (open_entry){m.style, m.ord, idx, fs};
        sp = depth + 1;
        if (joined)
            li++;
    }
    finish(o, t->len);
    free(c.lines);
    *out = o;
    return 0;

fail:
    free(c.lines);
    fs_outline_free(o);
    return fs_error_set(e, rc, "outline: out of memory");
}

int fs_outline_find(const fs_outline *o, size_t off)
{
    if (!o || !o->n)
        return -1;
    size_t lo = 0, hi = o->n; /* first section starting after off */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (o->v[mid].start <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (!lo)
        return -1;
    /* Spans nest, so the innermost one holding off is the last section
     * started at or before off, or one of its ancestors. */
    int i = (int)lo - 1;
    while (i >= 0 && o->v[i].end <= off)
        i = o->v[i].parent;
    return i;
}

const char *fs_outline_title(const fs_outline *o)
{
    return o ? o->title : NULL;
}

int fs_outline_dump(const fs_outline *o, fs_buf *b)
{
    for (size_t i = 0; o && i < o->n; i++) {
        const fs_section *s = &o->v[i];
        if (fs_buf_printf(b, "%s\t%d\t%u:%u\t%s\n", s->id, s->level, (unsigned)s->page,
                          (unsigned)s->line, s->heading) < 0)
            return FS_E_NOMEM;
    }
    return 0;
}

void fs_outline_free(fs_outline *o)
{
    if (!o)
        return;
    for (size_t i = 0; i < o->n; i++)
        free(o->v[i].heading);
    free(o->v);
    free(o->title);
    free(o);
}
