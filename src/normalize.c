/* normalize.c — see normalize.h.
 *
 * Four passes over the raw document, each linear in its size:
 *  1. trim every line and classify it (empty, table row);
 *  2. find running headers, footers and page numbers at the top and bottom
 *     of pages (by repetition with digits masked, and by page-number shape)
 *     and cut page numbers printed inline ("增长- 3 -17.31%");
 *  3. group the remaining lines into paragraphs (PDF: join wrapped lines;
 *     text: one line is one paragraph; table rows always alone);
 *  4. clean each paragraph character by character — fold full-width digits
 *     and number punctuation, drop blanks that are not Latin word spaces —
 *     and append it to the fs_text with the page and line of every byte. */
#include "normalize.h"
#include "buf.h"
#include "cjk.h"

#include <stdlib.h>
#include <string.h>

/* How many non-empty lines at each end of a page may be header / footer. */
#define BAND 3
/* Keys longer than this are body text, never a running header. */
#define MAX_KEY 160

/* ---- per-line facts ---------------------------------------------------- */

typedef struct linfo {
    size_t b, e;        /* trimmed bounds within the raw line text */
    size_t cut0, cut1;  /* [cut0, cut1) removed (inline page number) */
    int32_t key;        /* header key index, -1 when not a candidate */
    uint8_t empty, table, dropped, band;
    long pnum;          /* page number the line states, or -1 */
    uint8_t pdecor;     /* 1 when the page number is decorated (- 3 -, 第3页) */
} linfo;

/* Byte offset just past the character before pos (scanning back over
 * continuation bytes), decoded into *cp; returns the start of that char. */
static size_t prev_char(const char *s, size_t start, size_t pos, uint32_t *cp)
{
    size_t k = pos - 1, lim = pos >= start + 4 ? pos - 4 : start;
    while (k > lim && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    size_t l = fs_utf8_decode(s + k, pos - k, cp);
    if (k + l != pos) { /* not a whole character ending at pos: opaque byte */
        *cp = FS_CP_INVALID;
        return pos - 1;
    }
    return k;
}

/* Trims blanks at both ends of s[0..n) into [*b, *e). */
static void trim(const char *s, size_t n, size_t *b, size_t *e)
{
    size_t i = 0, last = 0;
    int seen = 0;
    while (i < n) {
        uint32_t cp;
        size_t l = fs_utf8_decode(s + i, n - i, &cp);
        if (!fs_cjk_is_blank(cp) && cp != '\n') {
            if (!seen) {
                *b = i;
                seen = 1;
            }
            last = i + l;
        }
        i += l;
    }
    if (!seen) {
        *b = *e = n;
        return;
    }
    *e = last;
}

static int is_dash(uint32_t cp)
{
    return cp == '-' || cp == 0xFF0D || cp == 0x2014 || cp == 0x2013 || cp == 0x2012 ||
           cp == 0x2212 || cp == 0x2500 || cp == 0xFE63;
}

/* ---- page numbers ------------------------------------------------------ */

/* Reads ASCII digits at c[*i..n) (at most 4); returns the value or -1. */
static long read_num(const char *c, size_t n, size_t *i)
{
    size_t k = *i;
    long v = 0;
    while (k < n && c[k] >= '0' && c[k] <= '9' && k - *i < 5)
        v = v * 10 + (c[k++] - '0');
    if (k == *i || k - *i > 4)
        return -1;
    *i = k;
    return v;
}

static int eat(const char *c, size_t n, size_t *i, const char *lit)
{
    size_t l = strlen(lit);
    if (n - *i < l || memcmp(c + *i, lit, l) != 0)
        return 0;
    *i += l;
    return 1;
}

/* Tells whether s[0..n) is nothing but a page number: "3", "- 3 -", "—3—",
 * "第 3 页", "第3页 共10页", "共10页 第3页", "3/10", "Page 3 of 10".
 * Returns the number (>= 0) and sets *decorated, or -1. */
static long page_number(const char *s, size_t n, uint8_t *decorated)
{
    char c[64];
    size_t m = 0;
    for (size_t i = 0; i < n;) { /* compact: no blanks, ASCII digits, '-' */
        uint32_t cp;
        size_t l = fs_utf8_decode(s + i, n - i, &cp);
        if (m + 4 > sizeof c)
            return -1;
        int d = fs_cjk_digit(cp);
        if (d >= 0)
            c[m++] = (char)('0' + d);
        else if (is_dash(cp))
            c[m++] = '-';
        else if (cp == 0xFF0F)
            c[m++] = '/';
        else if (cp == 0xFF0C || cp == 0x3001)
            c[m++] = ',';
        else if (cp >= 'A' && cp <= 'Z')
            c[m++] = (char)(cp - 'A' + 'a');
        else if (!fs_cjk_is_blank(cp)) {
            memcpy(c + m, s + i, l);
            m += l;
        }
        i += l;
    }
    size_t i = 0;
    long v;
    *decorated = 1;
    if (eat(c, m, &i, "-")) { /* - 3 - */
        while (eat(c, m, &i, "-"))
            ;
        if ((v = read_num(c, m, &i)) < 0 || !eat(c, m, &i, "-"))
            return -1;
        while (eat(c, m, &i, "-"))
            ;
        return i == m ? v : -1;
    }
    if (eat(c, m, &i, "\xE5\x85\xB1")) { /* 共N页第M页 */
        if (read_num(c, m, &i) < 0 || !eat(c, m, &i, "\xE9\xA1\xB5"))
            return -1;
        eat(c, m, &i, ",");
    }
    if (eat(c, m, &i, "\xE7\xAC\xAC")) { /* 第N页 */
        if ((v = read_num(c, m, &i)) < 0 || !eat(c, m, &i, "\xE9\xA1\xB5"))
            return -1;
        if (i < m) {
            eat(c, m, &i, ",");
            eat(c, m, &i, "/");
            if (!eat(c, m, &i, "\xE5\x85\xB1") || read_num(c, m, &i) < 0 ||
                !eat(c, m, &i, "\xE9\xA1\xB5"))
                return -1;
        }
        return i == m ? v : -1;
    }
    if (eat(c, m, &i, "page")) {
        if ((v = read_num(c, m, &i)) < 0)
            return -1;
        if (eat(c, m, &i, "of") && read_num(c, m, &i) < 0)
            return -1;
        return i == m ? v : -1;
    }
    if ((v = read_num(c, m, &i)) < 0)
        return -1;
    if (i == m) {
        *decorated = 0;
        return v;
    }
    if (eat(c, m, &i, "/") && read_num(c, m, &i) >= 0 && i == m)
        return v;
    return -1;
}

/* Finds a page number printed inside a line, "- 3 -" between two pieces of
 * text.  Returns 1 and the span [*a, *z) with the number in *num. */
static int inline_footer(const char *s, size_t n, size_t *a, size_t *z, long *num)
{
    uint32_t before = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = fs_utf8_decode(s + i, n - i, &cp);
        if (is_dash(cp) && fs_cjk_digit(before) < 0 &&
            !((before | 0x20) >= 'a' && (before | 0x20) <= 'z')) {
            size_t k = i + l, digits = 0;
            long v = 0;
            uint32_t c2 = 0;
            size_t l2 = 0;
            while (k < n && (l2 = fs_utf8_decode(s + k, n - k, &c2)) && fs_cjk_is_blank(c2))
                k += l2;
            while (k < n && (l2 = fs_utf8_decode(s + k, n - k, &c2)) && fs_cjk_digit(c2) >= 0 &&
                   digits < 5) {
                v = v * 10 + fs_cjk_digit(c2);
                digits++;
                k += l2;
            }
            if (digits >= 1 && digits <= 4) {
                while (k < n && (l2 = fs_utf8_decode(s + k, n - k, &c2)) && fs_cjk_is_blank(c2))
                    k += l2;
                if (k < n && (l2 = fs_utf8_decode(s + k, n - k, &c2)) && is_dash(c2)) {
                    *a = i;
                    *z = k + l2;
                    *num = v;
                    return 1;
                }
            }
        }
        before = cp;
        i += l;
    }
    return 0;
}

/* ---- running headers: keys with digits masked -------------------------- */

typedef struct hent {
    uint64_t h;
    size_t off;      /* key bytes in the arena */
    uint32_t len, count, lastpage;
} hent;

typedef struct htab {
    hent *v;
    size_t cap, n;   /* cap is a power of two */
    fs_buf arena;
} htab;

/* Builds the repetition key of s[0..n) into k (MAX_KEY bytes): blanks
 * removed, each run of digits as '#'.  Returns its length, or 0 when the
 * line cannot be a running header (too long, no letter, a table-unit note). */
static size_t header_key(const char *s, size_t n, char *k)
{
    size_t m = 0;
    int letter = 0, indigits = 0;
    if (n > MAX_KEY)
        return 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = fs_utf8_decode(s + i, n - i, &cp);
        if (fs_cjk_digit(cp) >= 0) {
            if (!indigits)
                k[m++] = '#';
            indigits = 1;
        } else if (!fs_cjk_is_blank(cp)) {
            indigits = 0;
            if (fs_cjk_is_han(cp) || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z'))
                letter = 1;
            if (cp == 0x3002 || cp == 0xFF1B || cp == 0xFF01 || cp == 0xFF1F)
                return 0; /* a sentence: body text, however often it recurs */
            if (m + l > MAX_KEY)
                return 0;
            memcpy(k + m, s + i, l);
            m += l;
        }
        i += l;
    }
    /* "单位：万元" tops every table page; it is table context, not a header */
    if (!letter || (m >= 6 && memcmp(k, "\xE5\x8D\x95\xE4\xBD\x8D", 6) == 0))
        return 0;
    /* a line ending in ， or 、 goes on: body text, however often it recurs */
    if (m >= 3 && (memcmp(k + m - 3, "\xEF\xBC\x8C", 3) == 0 || memcmp(k + m - 3, "\xE3\x80\x81", 3) == 0))
        return 0;
    return m;
}

static uint64_t fnv(const char *k, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
    return h;
}

/* Counts key k for page p (once per page); returns its index or -1 on
 * allocation failure. */
static long htab_add(htab *t, const char *k, size_t n, uint32_t p)
{
    uint64_t h = fnv(k, n);
    size_t i = (size_t)h & (t->cap - 1);
    while (t->v[i].len) {
        hent *x = &t->v[i];
        if (x->h == h && x->len == n && memcmp(t->arena.s + x->off, k, n) == 0) {
            if (x->lastpage != p) {
                x->count++;
                x->lastpage = p;
            }
            return (long)i;
        }
        i = (i + 1) & (t->cap - 1);
    }
    hent *x = &t->v[i];
    x->h = h;
    x->off = t->arena.len;
    if (fs_buf_append(&t->arena, k, n))
        return -1;
    x->len = (uint32_t)n;
    x->count = 1;
    x->lastpage = p;
    t->n++;
    return (long)i;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* Marks header / footer / page-number lines of raw as dropped and cuts
 * inline page numbers.  li is indexed by pstart[page] + line.  Returns 0 or
 * FS_E_NOMEM; *dropped gets the number of lines (and inline cuts) removed. */
static int find_running(const fs_rawdoc *raw, linfo *li, const size_t *pstart, size_t *dropped)
{
    size_t np = raw->npages;
    *dropped = 0;
    if (np < 2)
        return 0;
    htab t = {0};
    t.cap = 64;
    while (t.cap < np * BAND * 4)
        t.cap *= 2;
    t.v = calloc(t.cap, sizeof *t.v);
    long *offs = malloc(np * 4 * sizeof *offs);
    char *key = malloc(MAX_KEY + 8);
    int rc = FS_E_NOMEM;
    size_t noffs = 0;
    if (!t.v || !offs || !key)
        goto out;

    /* band lines: first and last BAND non-empty lines of each page */
    for (size_t p = 0; p < np; p++) {
        const fs_rawpage *pg = &raw->pages[p];
        size_t seen = 0;
        for (size_t j = 0; j < pg->nlines && seen < BAND; j++)
            if (!li[pstart[p] + j].empty) {
                li[pstart[p] + j].band = (uint8_t)(1 + seen);
                seen++;
            }
        seen = 0;
        for (size_t j = pg->nlines; j-- > 0 && seen < BAND;)
            if (!li[pstart[p] + j].empty) {
                linfo *x = &li[pstart[p] + j];
                if (!x->band || x->band > seen + 1)
                    x->band = (uint8_t)(1 + seen);
                seen++;
            }
        for (size_t j = 0; j < pg->nlines; j++) {
            linfo *x = &li[pstart[p] + j];
            if (x->empty || x->table)
                continue;
            const char *s = pg->lines[j].text + x->b;
            size_t n = x->e - x->b;
            x->pnum = n <= 48 ? page_number(s, n, &x->pdecor) : -1;
            if (!x->band)
                continue;
            if (x->pnum >= 0 && x->band <= 2)
                offs[noffs++] = (long)(p + 1) - x->pnum;
            size_t kl = header_key(s, n, key);
            if (kl) {
                long idx = htab_add(&t, key, kl, (uint32_t)(p + 1));
                if (idx < 0)
                    goto out;
                x->key = (int32_t)idx;
            }
        }
    }

    /* the commonest page - number offset is the document's numbering */
    long mode = 0, best = 0;
    qsort(offs, noffs, sizeof *offs, cmp_long);
    for (size_t i = 0; i < noffs;) {
        size_t j = i;
        while (j < noffs && offs[j] == offs[i])
            j++;
        if ((long)(j - i) > best) {
            best = (long)(j - i);
            mode = offs[i];
        }
        i = j;
    }
    int have_mode = best >= 2 && (size_t)best * 4 >= np;
    uint32_t need = (uint32_t)((np + 1) / 2);
    if (need < 2)
        need = 2;

    for (size_t p = 0; p < np; p++) {
        const fs_rawpage *pg = &raw->pages[p];
        long expect = (long)(p + 1) - (have_mode ? mode : 0);
        /* peel from the top, then from the bottom, while lines are droppable */
        for (int side = 0; side < 2; side++) {
            for (size_t k = 0; k < pg->nlines; k++) {
                size_t j = side ? pg->nlines - 1 - k : k;
                linfo *x = &li[pstart[p] + j];
                if (x->empty || x->dropped)
                    continue;
                if (!x->band)
                    break;
                int drop = (x->key >= 0 && t.v[x->key].count >= need) ||
                           (x->pnum >= 0 && x->pdecor) ||
                           (x->pnum >= 0 && have_mode && x->pnum == expect && x->band <= 2);
                if (!drop)
                    break;
                x->dropped = 1;
                (*dropped)++;
            }
        }
        /* a page number is sometimes extracted above the page's last text
         * line: near the edge, the expected number goes wherever it is */
        for (size_t j = 0; j < pg->nlines && have_mode; j++) {
            linfo *x = &li[pstart[p] + j];
            if (!x->empty && !x->dropped && x->band && x->band <= 2 && x->pnum >= 0 &&
                x->pnum == expect) {
                x->dropped = 1;
                (*dropped)++;
            }
        }
        /* decorated page numbers anywhere, and inline ones near the edges */
        for (size_t j = 0; j < pg->nlines; j++) {
            linfo *x = &li[pstart[p] + j];
            if (x->empty || x->dropped || x->table)
                continue;
            long d = x->pnum - expect;
            if (x->pnum >= 0 && x->pdecor && d >= -1 && d <= 1) {
                x->dropped = 1;
                (*dropped)++;
                continue;
            }
            if (!x->band || x->band > 2)
                continue;
            size_t a, z;
            long v;
            const char *s = pg->lines[j].text + x->b;
            if (inline_footer(s, x->e - x->b, &a, &z, &v)) {
                d = v - expect;
                if (have_mode ? (d >= -1 && d <= 1) : (d >= -1 && d <= 4)) {
                    x->cut0 = x->b + a;
                    x->cut1 = x->b + z;
                    (*dropped)++;
                }
            }
        }
    }
    rc = 0;
out:
    free(t.v);
    fs_buf_free(&t.arena);
    free(offs);
    free(key);
    return rc;
}

/* ---- paragraph joining -------------------------------------------------- */

/* Length in bytes of the numbering mark that opens s[0..n) — 第一部分,
 * 一、, （一）, (一), 1、, 1. / 1． (no digit after), （1）, (1), ①, ⑴, ⒈ —
 * or 0 when the line does not open with one. */
static size_t mark_len(const char *s, size_t n)
{
    uint32_t cp;
    size_t i = 0, l;
    if (!n)
        return 0;
    l = fs_utf8_decode(s, n, &cp);
    if (cp >= 0x2460 && cp <= 0x249B) /* ①..⑳ ⑴..⒇ ⒈..⒛ */
        return l;
    if (cp == 0x7B2C) { /* 第 … 部分 / 章 / 节 */
        i = l;
        size_t k = 0;
        while (i < n && k < 6) {
            l = fs_utf8_decode(s + i, n - i, &cp);
            if (fs_cjk_numeral(cp) < 0 && fs_cjk_digit(cp) < 0 && cp != 0x767E)
                break;
            i += l;
            k++;
        }
        if (!k || i >= n)
            return 0;
        if (n - i >= 6 && memcmp(s + i, "\xE9\x83\xA8\xE5\x88\x86", 6) == 0) /* 部分 */
            return i + 6;
        if (n - i >= 3 && (memcmp(s + i, "\xE7\xAB\xA0", 3) == 0 || /* 章 */
                           memcmp(s + i, "\xE8\x8A\x82", 3) == 0))  /* 节 */
            return i + 3;
        return 0;
    }
    int paren = (cp == '(' || cp == 0xFF08);
    if (paren)
        i = l;
    size_t k = 0;
    int kind = 0; /* 1 numerals, 2 digits */
    while (i < n && k < 4) {
        l = fs_utf8_decode(s + i, n - i, &cp);
        int isnum = fs_cjk_numeral(cp) >= 0 && cp != 0x3007 && cp != 0x96F6;
        int isdig = fs_cjk_digit(cp) >= 0;
        if (!(isnum && kind != 2) && !(isdig && kind != 1))
            break;
        kind = isnum ? 1 : 2;
        i += l;
        k++;
    }
    if (!k || i >= n || (kind == 2 && k > 3))
        return 0;
    l = fs_utf8_decode(s + i, n - i, &cp);
    if (paren)
        return (cp == ')' || cp == 0xFF09) ? i + l : 0;
    if (cp == 0x3001) /* 、 */
        return i + l;
    if (kind == 2 && (cp == '.' || cp == 0xFF0E)) {
        size_t j = i + l;
        uint32_t c2 = 0;
        while (j < n && fs_utf8_decode(s + j, n - j, &c2) && fs_cjk_is_blank(c2))
            j += fs_utf8_decode(s + j, n - j, &c2);
        if (j < n && fs_cjk_digit(c2) >= 0) /* "1.46 万元" is a number */
            return 0;
        return i + l;
    }
    return 0;
}

static int is_sentence_end(uint32_t cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1A || cp == 0xFF1B ||
           cp == '!' || cp == '?' || cp == ';' || cp == ':';
}

static int is_closer(uint32_t cp)
{
    return cp == 0x201D || cp == 0x2019 || cp == 0xFF09 || cp == ')' || cp == 0x300D ||
           cp == 0x300F || cp == 0x3011 || cp == 0x300B;
}

static int is_opener_end(uint32_t cp)
{
    return cp == 0xFF0C || cp == 0x3001 || cp == 0xFF08 || cp == '(' || cp == 0x201C ||
           cp == 0x2018 || cp == 0x300A || cp == 0x3008 || cp == 0x3010 || cp == 0x300C ||
           cp == 0x300E || cp == ',';
}

static int is_continuation_start(uint32_t cp)
{
    return cp == 0xFF0C || cp == 0x3002 || cp == 0x3001 || cp == 0xFF1B || cp == 0xFF1A ||
           cp == 0xFF09 || cp == ')' || cp == 0x201D || cp == 0x2019 || cp == '%' ||
           cp == 0xFF05 || cp == 0x300B;
}

/* Whether a line ending in cp cannot end there: a copula or preposition
 * that needs what follows ("年初预算为" / "161.62万元，…", "支出决算为" /
 * "449.52万元").  The page wrapped early because the number after it did
 * not fit; it is not a short last line. */
static int needs_complement(uint32_t cp)
{
    static const uint32_t W[] = {0x4E3A /* 为 */, 0x7684 /* 的 */, 0x8FBE /* 达 */,
                                 0x81F3 /* 至 */, 0x5230 /* 到 */, 0x8BA1 /* 计 */,
                                 0x7EA6 /* 约 */, 0x8F83 /* 较 */, 0x6BD4 /* 比 */,
                                 0x5360 /* 占 */, 0x548C /* 和 */, 0x53CA /* 及 */};
    for (size_t i = 0; i < sizeof W / sizeof *W; i++)
        if (cp == W[i])
            return 1;
    return 0;
}

typedef struct kline {
    const char *s;      /* trimmed text */
    size_t len;
    size_t cut0, cut1;  /* relative to s; equal when nothing is cut */
    uint32_t page, line;
    int width;          /* display width without the cut */
    uint8_t table;
    uint8_t after_blank; /* text input: a blank line (or the page start) precedes it */
    uint8_t geom;       /* the box below is known (PDF) */
    uint8_t sameline;   /* continues the previous kept line's baseline */
    uint8_t bold;       /* dominant font is bold */
    float x0, y0, x1, y1;
    float em;           /* font size in points (box height when unknown) */
    float left, right;  /* edges of the text block of the line's page */
    size_t order, cluster; /* sort keys: baseline group, then x0 */
    uint32_t marks;     /* footnote markers (bit k: the circled number k+1) its
                           page's notes explain: dropped from the line's text */
} kline;

/* Page geometry of the document: the commonest left and right edges of
 * body lines.  Zero when lines carry no boxes. */
typedef struct geo {
    float left, right;
} geo;

/* Last character of a kept line (ignoring the cut) in *cp, and the one
 * before it in *cp2. */
static void line_tail(const kline *k, uint32_t *cp, uint32_t *cp2)
{
    size_t end = k->len, start = 0;
    *cp = *cp2 = 0;
    if (k->cut1 == end && k->cut0 < k->cut1)
        end = k->cut0;
    while (end > start) { /* skip blanks left before a cut */
        uint32_t c;
        size_t p = prev_char(k->s, start, end, &c);
        if (!fs_cjk_is_blank(c)) {
            *cp = c;
            if (p > start)
                prev_char(k->s, start, p, cp2);
            return;
        }
        end = p;
    }
}

static uint32_t line_head(const kline *k)
{
    uint32_t cp = 0;
    size_t i = (k->cut0 == 0 && k->cut1 > 0) ? k->cut1 : 0;
    while (i < k->len) {
        i += fs_utf8_decode(k->s + i, k->len - i, &cp);
        if (!fs_cjk_is_blank(cp))
            return cp;
    }
    return 0;
}

/* Whether line a runs to the right edge of its page's text block, so that
 * the break after it is where the page wrapped, not where the writer ended
 * a paragraph.  Justified lines end within a fraction of a character of the
 * edge (a full-width mark at the end still fills its cell); a paragraph's
 * last line that happens to fill the measure is told apart by what follows
 * (indent, numbering mark, heading font). */
static int reaches_right(const kline *a)
{
    return a->geom && a->right > 0 && a->x1 >= a->right - 0.6f * a->em;
}

/* Whether b starts at the left margin of its page's text block, as the
 * lines of a wrapped paragraph do after its first. */
static int starts_flush(const kline *b)
{
    return b->geom && b->left > 0 && b->x0 <= b->left + 0.5f * b->em;
}

/* Whether b is set in another style than a: a bold line after a plain one,
 * or a font size that differs by more than a tenth (headings, titles). */
static int style_change(const kline *a, const kline *b)
{
    if (b->bold && !a->bold)
        return 1;
    return a->em > 0 && b->em > 0 && (b->em > a->em * 1.1f || a->em > b->em * 1.1f);
}

/* Whether a paragraph break belongs between kept lines a and b (PDF). */
static int break_between(const kline *a, const kline *b, int full, const geo *g)
{
    if (a->table || b->table)
        return 1;
    if (b->sameline)
        return 0;
    uint32_t last, before;
    line_tail(a, &last, &before);
    int geom = a->geom && b->geom && g->right > 0;
    int ends = is_sentence_end(last) || (is_closer(last) && is_sentence_end(before));
    /* without boxes a sentence end is taken as the paragraph's end */
    if (ends && !geom)
        return 1;
    size_t bo = (b->cut0 == 0 && b->cut1 > 0) ? b->cut1 : 0;
    if (mark_len(b->s + bo, b->len - bo))
        return 1;
    /* a first-line indent (two characters, give or take) opens a paragraph;
     * measured in font sizes, as line boxes may be far from one em tall */
    float in = b->x0 - (b->left > 0 ? b->left : g->left); /* the page's own margin */
    if (geom && in >= 1.5f * b->em && in <= 4.5f * b->em)
        return 1;
    /* a sentence end closes the paragraph unless the line ran to the right
     * edge and the next one goes on flush in the same style: then the page
     * wrapped there ("按《工会法》规定：" / "本部门所有资产…"): b starts
     * at the left margin (or with a mark no paragraph starts with), in the
     * same style */
    if (ends)
        return !reaches_right(a) || style_change(a, b) ||
               !(starts_flush(b) || is_continuation_start(line_head(b)));
    /* a short line ends its paragraph (headings, last lines), unless it
     * is only a numbering mark or visibly continues */
    /* short of the page's measure where the page is set narrower than the
     * document (a->right below g->right), else of the document's */
    float edge = (a->right > 0 && a->right < g->right) ? a->right : g->right;
    int isshort = geom ? a->x1 < edge - 2.0f * (a->y1 - a->y0)
                       : full > 0 && a->width * 10 < full * 6;
    if (isshort && !is_opener_end(last) && !needs_complement(last) &&
        !is_continuation_start(line_head(b))) {
        size_t ao = (a->cut0 == 0 && a->cut1 > 0) ? a->cut1 : 0;
        size_t ml = mark_len(a->s + ao, a->len - ao);
        size_t rest = ao + ml;
        while (rest < a->len && fs_cjk_is_blank((unsigned char)a->s[rest]))
            rest++;
        if (!(ml && rest >= a->len))
            return 1;
    }
    return 0;
}

/* Text input: whether line b is the second line of the table cell that
 * ends line a, as text exports write a cell that wrapped ("\t合" / "计"):
 * a follows a cell line directly (no blank line between), has no TAB, is
 * short (at most ten CJK characters) and does not end a sentence.  Such a
 * line joins the row instead of standing as a paragraph. */
static int cell_goes_on(const kline *a, const kline *b)
{
    if (!a->table || b->table || a->page != b->page || b->line != a->line + 1)
        return 0;
    int w = 0;
    uint32_t cp = 0;
    for (size_t i = 0; i < b->len && w <= 20;) {
        i += fs_utf8_decode(b->s + i, b->len - i, &cp);
        w += fs_cjk_width(cp);
    }
    return w <= 20 && !is_sentence_end(cp);
}

/* Text input: 1 when a cell of the same table row follows line i (a cell
 * line, or the wrapped second line of one): the next line holds a TAB and
 * follows directly on the same page, with no blank line between.  The
 * project's text tables give one "\tcell" line a cell and separate rows by
 * blank lines. */
static int row_goes_on(const kline *kl, size_t nk, size_t i)
{
    if (i + 1 >= nk)
        return 0;
    const kline *a = &kl[i], *b = &kl[i + 1];
    return b->table && !b->after_blank && a->page == b->page && b->line == a->line + 1;
}

/* Text input: whether line b goes on with the sentence line a broke off —
 * a wrapped text (pdftotext's, a copy from a PDF) breaks "年初预算为" /
 * "161.62万元，…" where the number did not fit; a line ending in a word that
 * needs what follows, directly followed by one that opens with a digit, is
 * one sentence. */
static int text_wrapped(const kline *a, const kline *b)
{
    if (a->table || b->table || b->after_blank || a->page != b->page || b->line != a->line + 1)
        return 0;
    uint32_t last, before;
    line_tail(a, &last, &before);
    uint32_t h = line_head(b);
    return needs_complement(last) && h >= '0' && h <= '9';
}

/* The typical width of a full body line: the most common display width,
 * smoothed over +-2, among lines of at least 20 units.  0 when unclear. */
static int full_width(const kline *k, size_t n)
{
    enum { W = 1024 };
    size_t *h = calloc(W + 3, sizeof *h);
    if (!h)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!k[i].table && k[i].width < W)
            h[k[i].width]++;
    size_t best = 0;
    int bw = 0;
    for (int w = 20; w < W - 2; w++) {
        size_t s = h[w - 2] + h[w - 1] + h[w] + h[w + 1] + h[w + 2];
        if (s > best) {
            best = s;
            bw = w;
        }
    }
    free(h);
    return best >= 4 ? bw : 0;
}

/* Bins of the edge histogram: whole points, wider than any page. */
enum { EDGE_BINS = 4096 };

/* Zeroes the bins of h that edge_mode counted for k[0..n). */
static void edge_clear(const kline *k, size_t n, int right, size_t *h)
{
    for (size_t i = 0; i < n; i++) {
        float v = right ? k[i].x1 : k[i].x0;
        if (v >= 0 && v + 0.5f < EDGE_BINS)
            h[(size_t)(v + 0.5f)] = 0;
    }
}

/* Commonest left (right = 0) or right edge of the body lines k[0..n),
 * rounded to whole points and smoothed over +-1, or 0 when fewer than
 * minc lines share it.  With lowest, the leftmost edge that at least a
 * quarter as many lines share as the commonest one (where short indented
 * paragraphs outnumber the flush continuation lines, the commonest left
 * edge is the indent, not the margin).  h is EDGE_BINS zeroed counters,
 * left zeroed. */
static float edge_mode(const kline *k, size_t n, int right, int lowest, size_t *h, size_t minc)
{
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (!k[i].geom || k[i].table)
            continue;
        float v = right ? k[i].x1 : k[i].x0;
        if (v >= 0 && v + 0.5f < EDGE_BINS) {
            h[(size_t)(v + 0.5f)]++;
            used++;
        }
    }
    if (used < minc) { /* too few lines to have an edge */
        edge_clear(k, n, right, h);
        return 0;
    }
    size_t best = 0, bw = 0;
    for (size_t w = 1; w + 1 < EDGE_BINS; w++) {
        size_t s = h[w - 1] + h[w] + h[w + 1];
        if (s > best) {
            best = s;
            bw = w;
        }
    }
    if (lowest && best >= minc) {
        size_t need = best / 4 > minc ? best / 4 : minc;
        for (size_t w = 1; w < bw; w++) {
            size_t s = h[w - 1] + h[w] + h[w + 1];
            if (s < need)
                continue;
            while (w + 2 < EDGE_BINS && h[w] + h[w + 1] + h[w + 2] > s) { /* climb to the peak */
                w++;
                s = h[w - 1] + h[w] + h[w + 1];
            }
            bw = w;
            break;
        }
    }
    edge_clear(k, n, right, h);
    return best >= minc ? (float)bw : 0;
}

static int same_baseline(const kline *a, const kline *b)
{
    float ha = a->y1 - a->y0, hb = b->y1 - b->y0;
    if (ha <= 0 || hb <= 0 || hb > ha * 1.25f || ha > hb * 1.25f)
        return 0;
    float tol = 0.3f * (ha < hb ? ha : hb);
    return a->y0 - b->y0 <= tol && b->y0 - a->y0 <= tol && a->y1 - b->y1 <= tol &&
           b->y1 - a->y1 <= tol && (b->x0 >= a->x1 - 1 || b->x1 <= a->x0 + 1);
}

static int cmp_order(const void *pa, const void *pb)
{
    const kline *a = pa, *b = pb;
    if (a->cluster != b->cluster)
        return a->cluster < b->cluster ? -1 : 1;
    if (a->x0 != b->x0)
        return a->x0 < b->x0 ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order);
}

/* Puts the pieces of one printed line back together: extraction sometimes
 * emits a line as fragments out of order ("比减少" / "9.1 %。" / "184.96
 * 万元，降幅" on one baseline).  Lines of k[0..n) (one page) that share a
 * baseline with one of the few lines before them and do not overlap it
 * horizontally are grouped at the group's first place, left to right. */
static void regroup_page(kline *k, size_t n)
{
    enum { RECENT = 8 };
    for (size_t i = 0; i < n; i++) {
        k[i].order = i;
        k[i].cluster = i;
        if (!k[i].geom || k[i].table)
            continue;
        size_t lo = i > RECENT ? i - RECENT : 0;
        for (size_t j = i; j-- > lo;) {
            if (!k[j].geom || k[j].table || !same_baseline(&k[j], &k[i]))
                continue;
            int clash = 0; /* must not overlap any member of that group */
            for (size_t m = lo; m < i && !clash; m++)
                if (k[m].cluster == k[j].cluster &&
                    !(k[i].x0 >= k[m].x1 - 1 || k[i].x1 <= k[m].x0 + 1))
                    clash = 1;
            if (!clash)
                k[i].cluster = k[j].cluster;
            break;
        }
    }
    qsort(k, n, sizeof *k, cmp_order);
    for (size_t i = 0; i < n; i++)
        k[i].sameline = i > 0 && k[i].geom && k[i].cluster == k[i - 1].cluster;
}

/* ---- paragraph cleaning and emission ------------------------------------ */

typedef struct pseg {
    size_t off;
    uint32_t page, line;
} pseg;

typedef struct para {
    fs_buf b;
    pseg *segs;
    size_t n, cap;
} para;

static int para_add(para *p, const char *s, size_t n, uint32_t page, uint32_t line)
{
    if (!n)
        return 0;
    if (!p->n || p->segs[p->n - 1].page != page || p->segs[p->n - 1].line != line) {
        if (p->n == p->cap) {
            size_t cap = p->cap ? p->cap * 2 : 16;
            pseg *v = realloc(p->segs, cap * sizeof *v);
            if (!v)
                return FS_E_NOMEM;
            p->segs = v;
            p->cap = cap;
        }
        p->segs[p->n++] = (pseg){p->b.len, page, line};
    }
    return fs_buf_append(&p->b, s, n);
}

typedef struct emitter {
    fs_text *t;
    const pseg *segs;
    size_t nsegs, cur;
    fs_buf stage;        /* bytes waiting, all from (page, line) */
    uint32_t page, line;
    size_t count;        /* bytes emitted for this paragraph */
    int err;
} emitter;

static void em_flush(emitter *em)
{
    if (em->stage.len && !em->err)
        em->err = fs_text_append(em->t, em->stage.s, em->stage.len, em->page, em->line);
    fs_buf_truncate(&em->stage, 0);
}

/* Emits out[0..n) as coming from paragraph byte pos. */
static void em_put(emitter *em, size_t pos, const char *out, size_t n)
{
    while (em->cur + 1 < em->nsegs && em->segs[em->cur + 1].off <= pos)
        em->cur++;
    const pseg *s = &em->segs[em->cur];
    if (em->stage.len && (s->page != em->page || s->line != em->line || em->stage.len > 65536))
        em_flush(em);
    em->page = s->page;
    em->line = s->line;
    if (!em->err && fs_buf_append(&em->stage, out, n))
        em->err = FS_E_NOMEM;
    em->count += n;
}

enum { K_NONE, K_DIGIT, K_WIDE, K_SEP, K_PCT, K_OTHER };

static int cls(uint32_t cp)
{
    if (fs_cjk_digit(cp) >= 0)
        return K_DIGIT;
    if (cp == '.' || cp == ',')
        return K_SEP;
    if (cp == '%')
        return K_PCT;
    if (fs_cjk_is_wide(cp))
        return K_WIDE;
    return K_OTHER;
}

/* The k-th character (0-based) at or after byte i, or 0 past the end. */
static uint32_t peek(const char *p, size_t n, size_t i, int k)
{
    uint32_t cp = 0;
    for (int j = 0; j <= k; j++) {
        if (i >= n)
            return 0;
        i += fs_utf8_decode(p + i, n - i, &cp);
    }
    return cp;
}

/* The first character at or after byte i that is not a blank, or 0. */
static uint32_t next_solid(const char *p, size_t n, size_t i)
{
    uint32_t cp;
    while (i < n) {
        i += fs_utf8_decode(p + i, n - i, &cp);
        if (!fs_cjk_is_blank(cp))
            return cp;
    }
    return 0;
}

/* Cleans paragraph p and appends it, '\n'-terminated, to t. */
static int emit_para(fs_text *t, const para *pa, fs_buf *stage)
{
    const char *p = pa->b.s;
    size_t n = pa->b.len;
    if (!n)
        return 0;
    emitter em = {t, pa->segs, pa->n, 0, *stage, 0, 0, 0, 0};
    int last = K_NONE, before = K_NONE;
    size_t drun = 0;          /* digits in the current run */
    int run_after_sep = 0;    /* run began right after a thousands ',' */
    int run_after_dot = 0;    /* run began right after '.' (a fraction) */
    int last_thousands = 0, last_dot = 0;
    size_t i = 0;
    while (i < n && !em.err) {
        uint32_t cp;
        size_t l = fs_utf8_decode(p + i, n - i, &cp);
        if (fs_cjk_is_blank(cp) || cp == '\n') {
            size_t j = i + l;
            uint32_t nx = 0;
            while (j < n) {
                size_t l2 = fs_utf8_decode(p + j, n - j, &nx);
                if (!fs_cjk_is_blank(nx) && nx != '\n')
                    break;
                j += l2;
            }
            if (j < n && nx != '\t' && last != K_NONE) {
                int nk = cls(nx);
                int drop = last == K_WIDE || nk == K_WIDE ||
                           (last == K_DIGIT && (nk == K_DIGIT || nk == K_SEP || nk == K_PCT)) ||
                           (last == K_SEP && before == K_DIGIT && nk == K_DIGIT);
                if (!drop) {
                    em_put(&em, i, " ", 1);
                    before = last;
                    last = K_OTHER;
                    last_thousands = last_dot = 0;
                }
            }
            i = j;
            continue;
        }
        char out[4];
        size_t on = 0;
        int k;
        int thousands = 0, dot = 0;
        int d = fs_cjk_digit(cp);
        if (cp == '\t') {
            out[on++] = '\t';
            k = K_NONE;
        } else if (d >= 0) {
            out[on++] = (char)('0' + d);
            k = K_DIGIT;
        } else if (cp == 0xFF0E && last == K_DIGIT && fs_cjk_digit(next_solid(p, n, i + l)) >= 0) {
            out[on++] = '.'; /* ．inside a number */
            k = K_SEP;
            dot = 1;
        } else if (cp == 0xFF05 && last == K_DIGIT) {
            out[on++] = '%';
            k = K_PCT;
        } else if ((cp == 0xFF0C || cp == ',') && last == K_DIGIT && !run_after_dot &&
                   (run_after_sep ? drun == 3 : drun <= 3) &&
                   fs_cjk_digit(peek(p, n, i + l, 0)) >= 0 &&
                   fs_cjk_digit(peek(p, n, i + l, 1)) >= 0 &&
                   fs_cjk_digit(peek(p, n, i + l, 2)) >= 0 &&
                   fs_cjk_digit(peek(p, n, i + l, 3)) < 0) {
            out[on++] = ','; /* thousands separator: 1，234.56 */
            k = K_SEP;
            thousands = 1;
        } else if ((cp == 0xFF0D || cp == 0x2212 || cp == 0xFF0B) && last != K_DIGIT &&
                   fs_cjk_digit(peek(p, n, i + l, 0)) >= 0) {
            out[on++] = cp == 0xFF0B ? '+' : '-'; /* sign of a number */
            k = K_OTHER;
        } else if (cp == FS_CP_INVALID) {
            out[on++] = p[i]; /* opaque byte, kept as it is */
            k = K_OTHER;
        } else {
            memcpy(out, p + i, l);
            on = l;
            k = cls(cp);
            dot = cp == '.';
        }
        if (k == K_DIGIT) {
            if (last != K_DIGIT) {
                drun = 0;
                run_after_sep = last_thousands;
                run_after_dot = last_dot;
            }
            drun++;
        }
        em_put(&em, i, out, on);
        before = last;
        last = k;
        last_thousands = thousands;
        last_dot = dot;
        i += l;
    }
    if (em.count && !em.err)
        em_put(&em, n - 1, "\n", 1);
    em_flush(&em);
    *stage = em.stage;
    return em.err;
}

/* para_add of a line's bytes s[0..n) less the footnote markers of marks
 * (not the line's first character: a marker there numbers the line). */
static int para_add_unmarked(para *p, const char *s, size_t n, uint32_t page, uint32_t line,
                             uint32_t marks, int at_start)
{
    if (!marks)
        return para_add(p, s, n, page, line);
    size_t a = 0;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t l = fs_utf8_decode(s + i, n - i, &c);
        if (c >= 0x2460u && c <= 0x2473u && (marks >> (c - 0x2460u) & 1u) && !(at_start && i == 0)) {
            if (para_add(p, s + a, i - a, page, line))
                return -1;
            a = i + l;
        }
        i += l ? l : 1;
    }
    return para_add(p, s + a, n - a, page, line);
}

/* ---- footnotes ------------------------------------------------------------
 *
 * Government reports put footnotes (①…, in smaller type) at the foot of the
 * page, where poppler reads them into the middle of a sentence that runs on
 * to the next page ("收入完成107.14亿元，为汇总预" / ①…②… / "算③（以下简称
 * “预算”）的98.7%").  A page's footnote block is the run of lines at its
 * foot set smaller than the body (under 0.92 of the document's commonest
 * size) whose first line opens with a circled number that the page's body
 * cites inline.  The blocks are moved, in page order, after the last line of
 * the document: the sentence reads whole and the notes are kept, each line
 * with its own page and line. */

/* Circled number ①…⑳ at the start of s[0..len), else 0. */
static uint32_t circled_at(const char *s, size_t len)
{
    uint32_t cp;
    if (len == 0)
        return 0;
    fs_utf8_decode(s, len, &cp);
    return cp >= 0x2460u && cp <= 0x2473u ? cp : 0;
}

/* 1 when line k holds the circled number cp after its first character. */
static int cites(const kline *k, uint32_t cp)
{
    size_t i = 0;
    uint32_t c;
    i += fs_utf8_decode(k->s, k->len, &c);
    while (i < k->len) {
        i += fs_utf8_decode(k->s + i, k->len - i, &c);
        if (c == cp)
            return 1;
    }
    return 0;
}

/* Commonest font size of the lines with boxes, in tenths of a point (sizes
 * up to 100 pt; larger ones are titles, never the body). */
static float body_size(const kline *kl, size_t nk)
{
    enum { BINS = 1001 };
    size_t *h = calloc(BINS, sizeof *h);
    if (!h)
        return 0;
    for (size_t i = 0; i < nk; i++)
        if (kl[i].geom && !kl[i].table && kl[i].em > 0 && kl[i].em <= 100.0f)
            h[(size_t)(kl[i].em * 10.0f + 0.5f)]++;
    size_t best = 0;
    for (size_t b = 1; b < BINS; b++)
        if (h[b] > h[best])
            best = b;
    float r = h[best] ? (float)best / 10.0f : 0;
    free(h);
    return r;
}

/* Moves every page's footnote block after the document's last line (see
 * above).  Returns 0, or FS_E_NOMEM. */
static int move_footnotes(kline *kl, size_t nk, const size_t *kpstart, size_t npages)
{
    int any = 0; /* most documents have no line opening with ① at all */
    for (size_t i = 0; i < nk && !any; i++)
        any = circled_at(kl[i].s, kl[i].len) != 0;
    if (!any)
        return 0;
    float body = body_size(kl, nk);
    if (body <= 0)
        return 0;
    unsigned char *note = calloc(nk ? nk : 1, 1);
    if (!note)
        return FS_E_NOMEM;
    size_t nnote = 0;
    for (size_t p = 0; p < npages; p++) {
        size_t a = kpstart[p], z = kpstart[p + 1], f = z;
        while (f > a && kl[f - 1].geom && !kl[f - 1].table && kl[f - 1].em < 0.92f * body)
            f--;
        /* the block starts at its first circled line */
        while (f < z && !circled_at(kl[f].s, kl[f].len))
            f++;
        if (f >= z || f == a)
            continue;
        uint32_t cp = circled_at(kl[f].s, kl[f].len);
        int cited = 0;
        for (size_t i = a; i < f && !cited; i++)
            cited = cites(&kl[i], cp);
        if (!cited)
            continue;
        uint32_t marks = 0;
        for (size_t i = f; i < z; i++) {
            note[i] = 1;
            uint32_t c = circled_at(kl[i].s, kl[i].len);
            if (c)
                marks |= 1u << (c - 0x2460u);
        }
        for (size_t i = a; i < f; i++)
            kl[i].marks = marks;
        nnote += z - f;
    }
    if (nnote == 0) {
        free(note);
        return 0;
    }
    kline *tmp = malloc(nk * sizeof *tmp);
    if (!tmp) {
        free(note);
        return FS_E_NOMEM;
    }
    size_t o = 0;
    for (size_t i = 0; i < nk; i++)
        if (!note[i])
            tmp[o++] = kl[i];
    for (size_t i = 0; i < nk; i++)
        if (note[i])
            tmp[o++] = kl[i];
    memcpy(kl, tmp, nk * sizeof *kl);
    free(tmp);
    free(note);
    return 0;
}

/* ---- the whole document ------------------------------------------------- */

/* Fills li (one per line of raw, pages in order) with each line's trimmed
 * bounds and whether it is empty or a table row, and pstart[p] with the
 * index of page p's first line (pstart[npages] = the line count). */
static void line_infos(const fs_rawdoc *raw, linfo *li, size_t *pstart)
{
    size_t nl = fs_rawdoc_count_lines(raw);
    for (size_t p = 0, idx = 0; p < raw->npages; p++) {
        pstart[p] = idx;
        const fs_rawpage *pg = &raw->pages[p];
        for (size_t j = 0; j < pg->nlines; j++, idx++) {
            linfo *x = &li[idx];
            const fs_rawline *ln = &pg->lines[j];
            trim(ln->text, ln->len, &x->b, &x->e);
            x->empty = x->b == x->e;
            x->table = !x->empty && memchr(ln->text + x->b, '\t', x->e - x->b) != NULL;
            x->key = -1;
            x->pnum = -1;
            if (x->table) { /* a row of nothing but tabs is empty */
                size_t k = x->b;
                while (k < x->e && (ln->text[k] == '\t' || ln->text[k] == ' '))
                    k++;
                x->empty = k == x->e;
            }
        }
    }
    pstart[raw->npages] = nl;
}

int fs_furniture(const fs_rawdoc *raw, uint8_t **out, fs_error *e)
{
    *out = NULL;
    size_t nl = fs_rawdoc_count_lines(raw);
    linfo *li = calloc(nl ? nl : 1, sizeof *li);
    size_t *pstart = calloc(raw->npages + 1, sizeof *pstart);
    uint8_t *mark = calloc(nl ? nl : 1, 1);
    size_t dropped = 0;
    int rc = FS_E_NOMEM;
    if (li && pstart && mark) {
        line_infos(raw, li, pstart);
        rc = find_running(raw, li, pstart, &dropped);
    }
    for (size_t i = 0; !rc && i < nl; i++)
        mark[i] = li[i].dropped;
    free(li);
    free(pstart);
    if (rc) {
        free(mark);
        return fs_error_set(e, rc, "normalize: out of memory");
    }
    *out = mark;
    return 0;
}

int fs_normalize(const fs_rawdoc *raw, fs_text **out, fs_error *e)
{
    if (!raw || !out)
        return fs_error_set(e, FS_E_USAGE, "normalize: no document");
    *out = NULL;
    int text_mode = strcmp(raw->format, "text") == 0;
    size_t nl = fs_rawdoc_count_lines(raw);
    linfo *li = calloc(nl ? nl : 1, sizeof *li);
    size_t *pstart = calloc(raw->npages + 1, sizeof *pstart);
    kline *kl = calloc(nl ? nl : 1, sizeof *kl);
    size_t *kpstart = calloc(raw->npages + 1, sizeof *kpstart);
    size_t *hist = calloc(EDGE_BINS, sizeof *hist);
    fs_text *t = fs_text_create();
    para pa = {FS_BUF_INIT, NULL, 0, 0};
    fs_buf stage = FS_BUF_INIT;
    int rc = FS_E_NOMEM;
    if (!li || !pstart || !kl || !kpstart || !hist || !t)
        goto out;

    line_infos(raw, li, pstart);

    if ((rc = find_running(raw, li, pstart, &t->dropped_lines)) != 0)
        goto out;

    size_t nk = 0;
    for (size_t p = 0; p < raw->npages; p++) {
        const fs_rawpage *pg = &raw->pages[p];
        size_t first = nk;
        for (size_t j = 0; j < pg->nlines; j++) {
            linfo *x = &li[pstart[p] + j];
            if (x->empty || x->dropped)
                continue;
            kline *k = &kl[nk];
            k->s = pg->lines[j].text + x->b;
            k->len = x->e - x->b;
            k->cut0 = x->cut0 > x->b ? x->cut0 - x->b : 0;
            k->cut1 = x->cut1 > x->b ? x->cut1 - x->b : 0;
            k->page = (uint32_t)(p + 1);
            k->line = (uint32_t)(j + 1);
            k->table = x->table;
            k->after_blank = j == 0 || li[pstart[p] + j - 1].empty;
            const fs_rawline *rl = &pg->lines[j];
            k->geom = !text_mode && rl->x1 > rl->x0 && rl->y1 > rl->y0;
            k->x0 = rl->x0;
            k->y0 = rl->y0;
            k->x1 = rl->x1;
            k->y1 = rl->y1;
            k->bold = rl->bold;
            k->em = rl->font_size > 0 ? rl->font_size : rl->y1 - rl->y0;
            if (k->cut0 == 0 && k->cut1 >= k->len && k->cut1 > 0)
                continue; /* nothing left */
            if (!text_mode) {
                int w = 0;
                for (size_t i = 0; i < k->len;) {
                    uint32_t cp;
                    size_t l = fs_utf8_decode(k->s + i, k->len - i, &cp);
                    if (i < k->cut0 || i >= k->cut1)
                        w += fs_cjk_width(cp);
                    i += l;
                    if (w > 1 << 20)
                        break;
                }
                k->width = w;
            }
            nk++;
        }
        if (!text_mode)
            regroup_page(kl + first, nk - first);
        kpstart[p + 1] = nk;
    }
    int full = text_mode ? 0 : full_width(kl, nk);
    geo g = {0, 0};
    if (!text_mode) {
        g.left = edge_mode(kl, nk, 0, 0, hist, 4);
        g.right = edge_mode(kl, nk, 1, 0, hist, 4);
        float margin = edge_mode(kl, nk, 0, 1, hist, 4);
        /* a page's own right edge counts where it lies further right (a
         * landscape page, a wider measure); a page whose commonest edge is
         * a table column keeps the document's.  The left margin is the
         * page's own where enough lines share one. */
        for (size_t p = 0; p < raw->npages; p++) {
            size_t a = kpstart[p], z = kpstart[p + 1];
            float r = edge_mode(kl + a, z - a, 1, 0, hist, 3);
            float l = edge_mode(kl + a, z - a, 0, 1, hist, 3);
            /* …unless most of the page's own body lines end at its edge:
             * then that is the page's measure (a report whose other pages
             * are set wider), and lines short of the document's edge still
             * wrapped there */
            size_t body = 0;
            for (size_t i = a; i < z; i++)
                body += kl[i].geom && !kl[i].table;
            float own = body >= 6 ? edge_mode(kl + a, z - a, 1, 0, hist, (body * 2 + 4) / 5) : 0;
            if (r < g.right && !(own > 0 && own == r))
                r = g.right;
            if (l <= 0)
                l = margin;
            for (size_t i = a; i < z; i++) {
                kl[i].right = r;
                kl[i].left = l;
            }
        }
        if (move_footnotes(kl, nk, kpstart, raw->npages) != 0)
            goto out;
    }

    rc = FS_E_NOMEM;
    int in_row = nk && text_mode && kl[0].table; /* the paragraph is a text table row */
    for (size_t i = 0; i < nk; i++) {
        const kline *k = &kl[i];
        size_t skip = 0; /* leading TABs of a text-input cell not written */
        if (i > 0 && text_mode && in_row && row_goes_on(kl, nk, i - 1)) {
            /* the next cell of a text-input table row (one "\tcell" line a
             * cell, rows separated by blank lines): joined by one TAB */
            while (skip < k->len && k->s[skip] == '\t')
                skip++;
            if (para_add(&pa, "\t", 1, k->page, k->line) ||
                para_add(&pa, k->s + skip, k->len - skip, k->page, k->line))
                goto out;
            continue;
        }
        if (text_mode && k->table) {
            /* the first cell of a row: of a row of several, written with no
             * leading TAB, as a row rebuilt from a PDF table (a one-cell row
             * keeps its TAB) */
            size_t j = i;
            while (j + 1 < nk && !kl[j + 1].table && cell_goes_on(&kl[j], &kl[j + 1]))
                j++; /* past the wrapped lines of this cell */
            if (row_goes_on(kl, nk, j))
                while (skip < k->len && k->s[skip] == '\t')
                    skip++;
        }
        if (i > 0) {
            const kline *a = &kl[i - 1];
            if (text_mode ? !(cell_goes_on(a, k) || text_wrapped(a, k))
                          : break_between(a, k, full, &g)) {
                in_row = text_mode && k->table;
                if (emit_para(t, &pa, &stage))
                    goto out;
                fs_buf_truncate(&pa.b, 0);
                pa.n = 0;
            } else if (para_add(&pa, " ", 1, a->page, a->line)) {
                goto out; /* the join blank: kept only between Latin words */
            }
        }
        if (skip) {
            if (para_add(&pa, k->s + skip, k->len - skip, k->page, k->line))
                goto out;
        } else if (k->cut0 < k->cut1) {
            if (para_add_unmarked(&pa, k->s, k->cut0, k->page, k->line, k->marks, 1) ||
                para_add_unmarked(&pa, k->s + k->cut1, k->len - k->cut1, k->page, k->line,
                                  k->marks, k->cut0 == 0))
                goto out;
        } else if (para_add_unmarked(&pa, k->s, k->len, k->page, k->line, k->marks, 1)) {
            goto out;
        }
    }
    if (emit_para(t, &pa, &stage))
        goto out;
    rc = 0;
out:
    free(li);
    free(pstart);
    free(kl);
    free(kpstart);
    free(hist);
    fs_buf_free(&pa.b);
    free(pa.segs);
    fs_buf_free(&stage);
    if (rc) {
        fs_text_free(t);
        return fs_error_set(e, rc, "normalize: out of memory");
    }
    *out = t;
    return 0;
}
