/* patterns.c — see patterns.h; the file format is in docs/patterns.md. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "patterns.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"

/* ------------------------------------------------------------------ tables */

/* Field names a named group may carry; fs_match.groups[] follows this order. */
static const char *const k_fields[] = {
    "subject", "amount", "basis", "dir", "percent", "prior", "prior_period", "share",
    "of",      "period", "count", "unit", "approx",  "code",  "by",           "list",
};
#define N_FIELDS (sizeof k_fields / sizeof k_fields[0])
_Static_assert(N_FIELDS <= FS_MATCH_MAX_GROUPS, "fs_match.groups must hold every field");

static const char *const k_families[] = {
    "amount", "change", "rate", "prior", "share", "headcount", "parts",
};
#define N_FAMILIES (sizeof k_families / sizeof k_families[0])

#define DEF_MATCH_LIMIT 2000000u
#define DEF_DEPTH_LIMIT 10000u
#define DEF_HEAP_LIMIT_KIB 65536u
#define DEF_JIT_STACK_MAX ((size_t)1 << 20)
#define JIT_STACK_START ((size_t)32 << 10)
#define MAX_EXPR_BYTES 65536u /* an expanded expression longer than this is refused */
#define NO_FIELD 0xffu

/* The default pattern files, generated from the .pat files of patterns/ by
 * cmake/embed.cmake into the build tree, in lexical order of their names. */
typedef struct fs_embedded_file {
    const char *name;
    const unsigned char *data;
    size_t len;
} fs_embedded_file;
extern const fs_embedded_file fs_patterns_embedded[];
extern const size_t fs_patterns_nembedded;

/* ------------------------------------------------------------------ types */

typedef struct pat {
    char *name;
    const char *family;   /* static k_families entry */
    int priority;
    int enabled;
    char *file;
    uint32_t line;        /* line of the [name] header */
    size_t seq;           /* load position of the first pattern with this name */
    pcre2_code *code;     /* NULL when disabled */
    int jit;
    uint32_t ncap;        /* capture groups (named ones only: NO_AUTO_CAPTURE) */
    unsigned char *gfield; /* group number -> k_fields index or NO_FIELD, ncap+1 entries */
} pat;

typedef struct macro {
    char *name;
    char *body;           /* fully expanded, so later redefinitions do not reach into it */
} macro;

struct fs_patterns {
    pat *pats;
    size_t npats, cap;
    size_t *order;        /* enabled patterns in scan order */
    size_t norder;
    macro *macros;
    size_t nmacros, mcap;
    fs_pattern_limits lim;
    int use_jit;
    uint32_t max_pairs;   /* largest ncap + 1 over all patterns */
    uint64_t generation;  /* bumped on every change, checked by scanners */
    pcre2_compile_context *cctx;
};

struct fs_scanner {
    const fs_patterns *p;
    uint64_t generation;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jstack;
};

/* ------------------------------------------------------------------ small helpers */

/* strdup of n bytes; caller frees. */
static char *dupn(const char *s, size_t n)
{
    char *r = malloc(n + 1);
    if (r) {
        memcpy(r, s, n);
        r[n] = '\0';
    }
    return r;
}

static int is_hspace(char c)
{
    return c == ' ' || c == '\t';
}

/* Looks a family up in the static table; NULL when unknown. */
static const char *family_lookup(const char *s, size_t n)
{
    for (size_t i = 0; i < N_FAMILIES; i++)
        if (strlen(k_families[i]) == n && memcmp(k_families[i], s, n) == 0)
            return k_families[i];
    return NULL;
}

/* Index of field name in k_fields, or -1. */
static int field_index(const char *s, size_t n)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        if (strlen(k_fields[i]) == n && memcmp(k_fields[i], s, n) == 0)
            return (int)i;
    return -1;
}

/* Copies the last <= 24 bytes of s[0..n) that start on a UTF-8 character
 * boundary into out (a context snippet for error messages). */
static void tail_snippet(const char *s, size_t n, char *out, size_t outsz)
{
    size_t from = n > 24 ? n - 24 : 0;
    while (from < n && ((unsigned char)s[from] & 0xC0) == 0x80)
        from++;
    size_t k = n - from;
    if (k >= outsz)
        k = outsz - 1;
    memcpy(out, s + from, k);
    out[k] = '\0';
}

const char *const *fs_pattern_fields(size_t *n)
{
    if (n)
        *n = N_FIELDS;
    return k_fields;
}

const char *const *fs_pattern_families(size_t *n)
{
    if (n)
        *n = N_FAMILIES;
    return k_families;
}

const char *fs_pattern_field_name(const char *name)
{
    int i = name ? field_index(name, strlen(name)) : -1;
    return i < 0 ? NULL : k_fields[i];
}

const fs_match_group *fs_match_get(const fs_match *m, const char *field)
{
    for (int i = 0; i < m->ngroups; i++)
        if (strcmp(m->groups[i].field, field) == 0)
            return &m->groups[i];
    return NULL;
}

/* ------------------------------------------------------------------ set life cycle */

int fs_patterns_create(fs_patterns **out, fs_error *e)
{
    *out = NULL;
    fs_patterns *p = calloc(1, sizeof *p);
    if (!p)
        return fs_error_set(e, FS_E_NOMEM, "out of memory creating the pattern set");
    p->lim.match_limit = DEF_MATCH_LIMIT;
    p->lim.depth_limit = DEF_DEPTH_LIMIT;
    p->lim.heap_limit_kib = DEF_HEAP_LIMIT_KIB;
    p->lim.jit_stack_max = DEF_JIT_STACK_MAX;
    p->use_jit = 1;
    p->max_pairs = 1;
    p->cctx = pcre2_compile_context_create(NULL);
    if (!p->cctx) {
        free(p);
        return fs_error_set(e, FS_E_NOMEM, "out of memory creating the pattern set");
    }
    pcre2_set_max_pattern_length(p->cctx, MAX_EXPR_BYTES);
    *out = p;
    return 0;
}

static void pat_release(pat *t)
{
    free(t->name);
    free(t->file);
    free(t->gfield);
    pcre2_code_free(t->code);
    memset(t, 0, sizeof *t);
}

void fs_patterns_free(fs_patterns *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->npats; i++)
        pat_release(&p->pats[i]);
    for (size_t i = 0; i < p->nmacros; i++) {
        free(p->macros[i].name);
        free(p->macros[i].body);
    }
    free(p->pats);
    free(p->order);
    free(p->macros);
    pcre2_compile_context_free(p->cctx);
    free(p);
}

void fs_patterns_set_limits(fs_patterns *p, const fs_pattern_limits *lim)
{
    if (lim->match_limit)
        p->lim.match_limit = lim->match_limit;
    if (lim->depth_limit)
        p->lim.depth_limit = lim->depth_limit;
    if (lim->heap_limit_kib)
        p->lim.heap_limit_kib = lim->heap_limit_kib;
    if (lim->jit_stack_max)
        p->lim.jit_stack_max = lim->jit_stack_max;
    p->generation++;
}

void fs_patterns_set_jit(fs_patterns *p, int enabled)
{
    p->use_jit = enabled != 0;
    p->generation++;
}

size_t fs_patterns_count(const fs_patterns *p)
{
    return p->norder;
}

size_t fs_patterns_jit_count(const fs_patterns *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->norder; i++)
        n += p->pats[p->order[i]].jit != 0;
    return p->use_jit ? n : 0;
}

const char *fs_patterns_name(const fs_patterns *p, size_t i, const char **family,
                             const char **file, uint32_t *line)
{
    if (i >= p->norder)
        return NULL;
    const pat *t = &p->pats[p->order[i]];
    if (family)
        *family = t->family;
    if (file)
        *file = t->file;
    if (line)
        *line = t->line;
    return t->name;
}

/* Rebuilds the scan order: enabled patterns by priority (high first), then
 * by the position their name was first loaded at. */
static int rebuild_order(fs_patterns *p, fs_error *e)
{
    size_t *o = realloc(p->order, (p->npats ? p->npats : 1) * sizeof *o);
    if (!o)
        return fs_error_set(e, FS_E_NOMEM, "out of memory ordering patterns");
    p->order = o;
    size_t n = 0;
    for (size_t i = 0; i < p->npats; i++)
        if (p->pats[i].enabled)
            o[n++] = i;
    /* insertion sort: stable, and sets hold tens of patterns */
    for (size_t i = 1; i < n; i++) {
        size_t v = o[i], j = i;
        while (j > 0) {
            const pat *a = &p->pats[o[j - 1]], *b = &p->pats[v];
            if (a->priority > b->priority || (a->priority == b->priority && a->seq < b->seq))
                break;
            o[j] = o[j - 1];
            j--;
        }
        o[j] = v;
    }
    p->norder = n;
    p->generation++;
    return 0;
}

/* ------------------------------------------------------------------ macros */

static const macro *macro_find(const fs_patterns *p, const char *name, size_t n)
{
    for (size_t i = p->nmacros; i-- > 0;)
        if (strlen(p->macros[i].name) == n && memcmp(p->macros[i].name, name, n) == 0)
            return &p->macros[i];
    return NULL;
}

/* Where a byte of an expanded expression came from: a literal stretch of the
 * source expression, or the expansion of one macro reference. */
typedef struct piece {
    size_t out_off;     /* first byte in the expansion */
    size_t src_off;     /* corresponding byte in the source (macro: the '{') */
    const char *macro;  /* NULL for literal source text */
} piece;

typedef struct expansion {
    fs_buf out;
    piece *pieces;
    size_t npieces, cap;
} expansion;

static void expansion_free(expansion *x)
{
    fs_buf_free(&x->out);
    free(x->pieces);
    memset(x, 0, sizeof *x);
}

static int push_piece(expansion *x, size_t src_off, const char *macro_name)
{
    if (x->npieces == x->cap) {
        size_t nc = x->cap ? 2 * x->cap : 8;
        piece *np = realloc(x->pieces, nc * sizeof *np);
        if (!np)
            return FS_E_NOMEM;
        x->pieces = np;
        x->cap = nc;
    }
    x->pieces[x->npieces++] = (piece){x->out.len, src_off, macro_name};
    return 0;
}

static int is_macro_start(char c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_macro_char(char c)
{
    return is_macro_start(c) || (c >= '0' && c <= '9') || c == '_';
}

/* Replaces every {NAME} of src with "(?:" + the macro's body + ")", leaving
 * escapes (\x{..} \p{..} \N{..} \g{..} \k{..} \o{..} \Q..\E) and numeric
 * quantifiers alone.  where prefixes messages ("FILE:LINE: ..."). */
static int expand_macros(const fs_patterns *p, const char *src, size_t n, expansion *x,
                         const char *where, fs_error *e)
{
    memset(x, 0, sizeof *x);
    int rc = fs_buf_reserve(&x->out, n + 1);
    if (rc || push_piece(x, 0, NULL))
        goto nomem;
    for (size_t i = 0; i < n;) {
        char c = src[i];
        if (c == '\\' && i + 1 < n) {
            char d = src[i + 1];
            size_t j = i + 2;
            if (d == 'Q') { /* literal up to \E */
                while (j + 1 < n && !(src[j] == '\\' && src[j + 1] == 'E'))
                    j++;
                j = j + 1 < n ? j + 2 : n;
            } else if (strchr("pPxogkN", d) && j < n && src[j] == '{') {
                while (j < n && src[j] != '}')
                    j++;
                if (j < n)
                    j++;
            }
            if (fs_buf_append(&x->out, src + i, j - i))
                goto nomem;
            i = j;
            continue;
        }
        if (c == '{' && i + 1 < n && is_macro_start(src[i + 1])) {
            size_t j = i + 1;
            while (j < n && is_macro_char(src[j]))
                j++;
            if (j < n && src[j] == '}') {
                const macro *m = macro_find(p, src + i + 1, j - i - 1);
                if (!m)
                    return fs_error_set(e, FS_E_PATTERN, "%s: unknown macro {%.*s} at offset %zu",
                                        where, (int)(j - i - 1), src + i + 1, i);
                if (push_piece(x, i, m->name) || fs_buf_puts(&x->out, "(?:") ||
                    fs_buf_puts(&x->out, m->body) || fs_buf_putc(&x->out, ')') ||
                    push_piece(x, j + 1, NULL))
                    goto nomem;
                i = j + 1;
                continue;
            }
        }
        if (fs_buf_putc(&x->out, c))
            goto nomem;
        i++;
    }
    if (x->out.len > MAX_EXPR_BYTES)
        return fs_error_set(e, FS_E_PATTERN, "%s: expression longer than %u bytes once macros are expanded",
                            where, MAX_EXPR_BYTES);
    return 0;
nomem:
    return fs_error_set(e, FS_E_NOMEM, "%s: out of memory expanding macros", where);
}

/* Describes byte off of the expansion in terms of the source expression:
 * "at offset N of the expression (after \"...\")" or "inside macro {M} used
 * at offset N". */
static void describe_offset(const expansion *x, const char *src, size_t off, char *out, size_t outsz)
{
    const piece *pc = &x->pieces[0];
    for (size_t i = 0; i < x->npieces && x->pieces[i].out_off <= off; i++)
        pc = &x->pieces[i];
    if (pc->macro) {
        snprintf(out, outsz, "inside macro {%s} used at offset %zu of the expression", pc->macro,
                 pc->src_off);
        return;
    }
    size_t so = pc->src_off + (off - pc->out_off);
    char snip[32];
    tail_snippet(src, so, snip, sizeof snip);
    snprintf(out, outsz, "at offset %zu of the expression (after \"%s\")", so, snip);
}

/* ------------------------------------------------------------------ compiling one section */

typedef struct example {
    char *text;
    size_t len;
    uint32_t line;
    int negative; /* nonexample: must not match */
} example;

typedef struct section {
    int open;
    char *name;
    uint32_t line;
    const char *family;
    int have_family, have_priority, have_enabled;
    int priority;
    int enabled;
    fs_buf regex;
    uint32_t regex_line;
    int have_regex;
    example *ex;
    size_t nex, excap;
} section;

static void section_reset(section *s)
{
    free(s->name);
    fs_buf_free(&s->regex);
    for (size_t i = 0; i < s->nex; i++)
        free(s->ex[i].text);
    free(s->ex);
    memset(s, 0, sizeof *s);
}

/* Runs code once over text (an example) under the set's limits; returns 1
 * when it matches, 0 when not, or a negative FS_E_* after filling e. */
static int try_example(const fs_patterns *p, pcre2_code *code, const char *text, size_t len,
                       const char *where, fs_error *e)
{
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    pcre2_match_context *mc = pcre2_match_context_create(NULL);
    if (!md || !mc) {
        pcre2_match_data_free(md);
        pcre2_match_context_free(mc);
        return fs_error_set(e, FS_E_NOMEM, "%s: out of memory", where);
    }
    pcre2_set_match_limit(mc, p->lim.match_limit);
    pcre2_set_depth_limit(mc, p->lim.depth_limit);
    pcre2_set_heap_limit(mc, p->lim.heap_limit_kib);
    int rc = pcre2_match(code, (PCRE2_SPTR)text, len, 0, p->use_jit ? 0 : PCRE2_NO_JIT, md, mc);
    pcre2_match_data_free(md);
    pcre2_match_context_free(mc);
    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    PCRE2_UCHAR msg[160];
    pcre2_get_error_message(rc, msg, sizeof msg);
    return fs_error_set(e, FS_E_PATTERN, "%s: matching the example failed: %s", where, (char *)msg);
}

/* Builds the group-number -> field table of code, refusing unknown names. */
static int map_groups(pcre2_code *code, pat *t, const char *file, uint32_t line, fs_error *e)
{
    uint32_t ncap = 0, count = 0, esize = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &ncap);
    pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &esize);
    pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
    t->ncap = ncap;
    t->gfield = malloc(ncap + 1);
    if (!t->gfield)
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    memset(t->gfield, NO_FIELD, ncap + 1);
    for (uint32_t i = 0; i < count; i++) {
        PCRE2_SPTR ent = table + (size_t)i * esize;
        unsigned num = ((unsigned)ent[0] << 8) | ent[1];
        const char *nm = (const char *)ent + 2;
        int f = field_index(nm, strlen(nm));
        if (f < 0) {
            char known[256] = "";
            for (size_t k = 0; k < N_FIELDS; k++) {
                strncat(known, k ? " " : "", sizeof known - strlen(known) - 1);
                strncat(known, k_fields[k], sizeof known - strlen(known) - 1);
            }
            return fs_error_set(e, FS_E_PATTERN,
                                "%s:%u: pattern '%s': unknown field name '%s' in group (?<%s>...) "
                                "(known fields: %s)",
                                file, line, t->name, nm, nm, known);
        }
        if (num <= ncap)
            t->gfield[num] = (unsigned char)f;
    }
    return 0;
}

/* Compiles the finished section s of file and adds it to p (replacing a
 * pattern of the same name).  Returns 0 or a negative FS_E_*. */
static int section_commit(fs_patterns *p, section *s, const char *file, fs_error *e)
{
    char where[600];
    snprintf(where, sizeof where, "%s:%u: pattern '%s'", file, s->line, s->name);
    if (!s->have_family) {
        const char *dot = strchr(s->name, '.');
        size_t n = dot ? (size_t)(dot - s->name) : strlen(s->name);
        s->family = family_lookup(s->name, n);
        if (!s->family)
            return fs_error_set(e, FS_E_PATTERN,
                                "%s: no 'family =' and '%.*s' is not a family (families: amount change "
                                "rate prior share headcount parts)",
                                where, (int)n, s->name);
    }
    if (!s->have_enabled)
        s->enabled = 1;

    pat t = {0};
    t.priority = s->have_priority ? s->priority : 0;
    t.family = s->family;
    t.enabled = s->enabled;
    t.line = s->line;
    t.name = dupn(s->name, strlen(s->name));
    t.file = dupn(file, strlen(file));
    if (!t.name || !t.file) {
        pat_release(&t);
        return fs_error_set(e, FS_E_NOMEM, "%s: out of memory", where);
    }

    int rc = 0;
    if (s->enabled) {
        if (!s->have_regex) {
            pat_release(&t);
            return fs_error_set(e, FS_E_PATTERN, "%s: no 'regex =' line", where);
        }
        char rwhere[600];
        snprintf(rwhere, sizeof rwhere, "%s:%u: pattern '%s'", file, s->regex_line, s->name);
        expansion x;
        rc = expand_macros(p, s->regex.s ? s->regex.s : "", s->regex.len, &x, rwhere, e);
        if (rc) {
            expansion_free(&x);
            pat_release(&t);
            return rc;
        }
        int ecode = 0;
        PCRE2_SIZE eoff = 0;
        t.code = pcre2_compile((PCRE2_SPTR)(x.out.s ? x.out.s : ""), x.out.len,
                               PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES | PCRE2_NO_AUTO_CAPTURE |
                                   PCRE2_NEVER_BACKSLASH_C,
                               &ecode, &eoff, p->cctx);
        if (!t.code) {
            PCRE2_UCHAR msg[200];
            char at[160];
            pcre2_get_error_message(ecode, msg, sizeof msg);
            describe_offset(&x, s->regex.s ? s->regex.s : "", eoff, at, sizeof at);
            expansion_free(&x);
            pat_release(&t);
            return fs_error_set(e, FS_E_PATTERN, "%s: PCRE2 error %d: %s %s", rwhere, ecode,
                                (char *)msg, at);
        }
        expansion_free(&x);
        rc = map_groups(t.code, &t, file, s->regex_line, e);
        if (rc) {
            pat_release(&t);
            return rc;
        }
        /* JIT is an optimisation: without it (unsupported CPU, no executable
         * memory) pcre2_match interprets the same code. */
        t.jit = pcre2_jit_compile(t.code, PCRE2_JIT_COMPLETE) == 0;
        for (size_t i = 0; i < s->nex; i++) {
            char ewhere[600];
            snprintf(ewhere, sizeof ewhere, "%s:%u: pattern '%s'", file, s->ex[i].line, s->name);
            int m = try_example(p, t.code, s->ex[i].text, s->ex[i].len, ewhere, e);
            if (m < 0) {
                pat_release(&t);
                return m;
            }
            if (m != !s->ex[i].negative) {
                pat_release(&t);
                return fs_error_set(e, FS_E_PATTERN, "%s: %s \"%s\"", ewhere,
                                    s->ex[i].negative ? "matches its nonexample"
                                                      : "does not match its example",
                                    s->ex[i].text);
            }
        }
        if (t.ncap + 1 > p->max_pairs)
            p->max_pairs = t.ncap + 1;
    }

    for (size_t i = 0; i < p->npats; i++) {
        if (strcmp(p->pats[i].name, t.name) == 0) {
            t.seq = p->pats[i].seq;
            pat_release(&p->pats[i]);
            p->pats[i] = t;
            return 1; /* replaced */
        }
    }
    if (p->npats == p->cap) {
        size_t nc = p->cap ? 2 * p->cap : 32;
        pat *np = realloc(p->pats, nc * sizeof *np);
        if (!np) {
            pat_release(&t);
            return fs_error_set(e, FS_E_NOMEM, "%s: out of memory", where);
        }
        p->pats = np;
        p->cap = nc;
    }
    t.seq = p->npats;
    p->pats[p->npats++] = t;
    return 0; /* added */
}

/* ------------------------------------------------------------------ the line parser */

enum { PEND_NONE, PEND_DEFINE, PEND_KEY };

typedef struct parser {
    fs_patterns *p;
    const char *file;
    section sec;
    int pend;             /* what continuation lines extend */
    char pkey[32];        /* PEND_KEY: the key; PEND_DEFINE: unused */
    char *pname;          /* PEND_DEFINE: macro name */
    fs_buf pval;
    uint32_t pline;
    int sections, added, replaced;
} parser;

static int valid_pattern_name(const char *s, size_t n)
{
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-'))
            return 0;
    }
    return 1;
}

/* Applies the pending define or key (its value complete now). */
static int flush_pending(parser *ps, fs_error *e)
{
    int pend = ps->pend;
    ps->pend = PEND_NONE;
    const char *v = ps->pval.s ? ps->pval.s : "";
    size_t vn = ps->pval.len;
    section *s = &ps->sec;
    int rc = 0;
    if (pend == PEND_DEFINE) {
        char where[400];
        snprintf(where, sizeof where, "%s:%u: macro %s", ps->file, ps->pline, ps->pname);
        expansion x;
        rc = expand_macros(ps->p, v, vn, &x, where, e);
        if (rc == 0) {
            fs_patterns *p = ps->p;
            if (p->nmacros == p->mcap) {
                size_t nc = p->mcap ? 2 * p->mcap : 16;
                macro *nm = realloc(p->macros, nc * sizeof *nm);
                if (!nm) {
                    expansion_free(&x);
                    return fs_error_set(e, FS_E_NOMEM, "%s: out of memory", where);
                }
                p->macros = nm;
                p->mcap = nc;
            }
            char *body = fs_buf_steal(&x.out);
            if (!body) {
                expansion_free(&x);
                return fs_error_set(e, FS_E_NOMEM, "%s: out of memory", where);
            }
            p->macros[p->nmacros].name = ps->pname;
            p->macros[p->nmacros].body = body;
            p->nmacros++;
            ps->pname = NULL;
        }
        expansion_free(&x);
    } else if (pend == PEND_KEY) {
        const char *k = ps->pkey;
        if (strcmp(k, "regex") == 0) {
            if (s->have_regex)
                return fs_error_set(e, FS_E_PATTERN, "%s:%u: pattern '%s': second 'regex =' line",
                                    ps->file, ps->pline, s->name);
            s->have_regex = 1;
            s->regex_line = ps->pline;
            fs_buf_free(&s->regex);
            s->regex = ps->pval;
            ps->pval = (fs_buf)FS_BUF_INIT;
        } else if (strcmp(k, "family") == 0) {
            s->family = family_lookup(v, vn);
            if (!s->family)
                return fs_error_set(e, FS_E_PATTERN,
                                    "%s:%u: pattern '%s': unknown family '%s' (families: amount change "
                                    "rate prior share headcount parts)",
                                    ps->file, ps->pline, s->name, v);
            s->have_family = 1;
        } else if (strcmp(k, "priority") == 0) {
            char *end = NULL;
            errno = 0;
            long pr = strtol(v, &end, 10);
            if (vn == 0 || *end || errno || pr < -1000 || pr > 1000)
                return fs_error_set(e, FS_E_PATTERN,
                                    "%s:%u: pattern '%s': priority must be an integer in -1000..1000, "
                                    "not '%s'",
                                    ps->file, ps->pline, s->name, v);
            s->priority = (int)pr;
            s->have_priority = 1;
        } else if (strcmp(k, "enabled") == 0) {
            if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
                s->enabled = 1;
            else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
                s->enabled = 0;
            else
                return fs_error_set(e, FS_E_PATTERN, "%s:%u: pattern '%s': enabled must be yes or no",
                                    ps->file, ps->pline, s->name);
            s->have_enabled = 1;
        } else { /* example / nonexample */
            if (s->nex == s->excap) {
                size_t nc = s->excap ? 2 * s->excap : 4;
                example *ne = realloc(s->ex, nc * sizeof *ne);
                if (!ne)
                    return fs_error_set(e, FS_E_NOMEM, "out of memory");
                s->ex = ne;
                s->excap = nc;
            }
            char *t = dupn(v, vn);
            if (!t)
                return fs_error_set(e, FS_E_NOMEM, "out of memory");
            s->ex[s->nex++] = (example){t, vn, ps->pline, strcmp(k, "nonexample") == 0};
        }
    }
    fs_buf_free(&ps->pval);
    free(ps->pname);
    ps->pname = NULL;
    return rc;
}

/* Compiles and adds the open section, if any. */
static int close_section(parser *ps, fs_error *e)
{
    if (!ps->sec.open)
        return 0;
    int rc = section_commit(ps->p, &ps->sec, ps->file, e);
    section_reset(&ps->sec);
    if (rc < 0)
        return rc;
    if (rc == 1)
        ps->replaced++;
    else
        ps->added++;
    return 0;
}

/* Handles one line (without its '\n'); lineno is 1-based. */
static int parse_line(parser *ps, const char *l, size_t n, uint32_t lineno, fs_error *e)
{
    while (n > 0 && (is_hspace(l[n - 1]) || l[n - 1] == '\r'))
        n--;
    size_t i = 0;
    while (i < n && is_hspace(l[i]))
        i++;
    if (i == n || l[i] == '#')
        return 0; /* blank or comment: does not end a continued value */
    if (i > 0) {   /* continuation */
        if (ps->pend == PEND_NONE)
            return fs_error_set(e, FS_E_PATTERN,
                                "%s:%u: indented line continues nothing (continuation lines must "
                                "follow a 'key =' or 'define' line)",
                                ps->file, lineno);
        return fs_buf_append(&ps->pval, l + i, n - i)
                   ? fs_error_set(e, FS_E_NOMEM, "out of memory")
                   : 0;
    }
    int rc = flush_pending(ps, e);
    if (rc)
        return rc;

    if (l[0] == '[') {
        if (l[n - 1] != ']' || !valid_pattern_name(l + 1, n - 2))
            return fs_error_set(e, FS_E_PATTERN,
                                "%s:%u: bad section header (want [family.variant] with letters, "
                                "digits, '_', '-', '.')",
                                ps->file, lineno);
        if ((rc = close_section(ps, e)))
            return rc;
        ps->sec.open = 1;
        ps->sec.line = lineno;
        ps->sec.name = dupn(l + 1, n - 2);
        ps->sections++;
        return ps->sec.name ? 0 : fs_error_set(e, FS_E_NOMEM, "out of memory");
    }

    const char *eq = memchr(l, '=', n);
    if (n > 7 && memcmp(l, "define", 6) == 0 && is_hspace(l[6])) {
        /* define NAME = body; ends the open section so that a section only
         * ever sees macros defined before it */
        if ((rc = close_section(ps, e)))
            return rc;
        size_t a = 7;
        while (a < n && is_hspace(l[a]))
            a++;
        size_t b = a;
        while (b < n && is_macro_char(l[b]))
            b++;
        size_t c = b;
        while (c < n && is_hspace(l[c]))
            c++;
        if (b == a || !is_macro_start(l[a]) || c >= n || l[c] != '=')
            return fs_error_set(e, FS_E_PATTERN,
                                "%s:%u: bad define (want 'define NAME = expression', NAME in "
                                "capitals, digits and '_')",
                                ps->file, lineno);
        c++;
        while (c < n && is_hspace(l[c]))
            c++;
        ps->pname = dupn(l + a, b - a);
        if (!ps->pname || fs_buf_append(&ps->pval, l + c, n - c))
            return fs_error_set(e, FS_E_NOMEM, "out of memory");
        ps->pend = PEND_DEFINE;
        ps->pline = lineno;
        return 0;
    }
    if (!eq)
        return fs_error_set(e, FS_E_PATTERN, "%s:%u: expected '[name]', 'define NAME = ...' or 'key = value'",
                            ps->file, lineno);
    size_t kn = (size_t)(eq - l);
    while (kn > 0 && is_hspace(l[kn - 1]))
        kn--;
    static const char *const keys[] = {"family", "priority", "regex", "example", "nonexample", "enabled"};
    int known = 0;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (strlen(keys[k]) == kn && memcmp(keys[k], l, kn) == 0)
            known = 1;
    if (!known)
        return fs_error_set(e, FS_E_PATTERN,
                            "%s:%u: unknown key '%.*s' (keys: family priority regex example "
                            "nonexample enabled)",
                            ps->file, lineno, (int)(kn > 40 ? 40 : kn), l);
    if (!ps->sec.open)
        return fs_error_set(e, FS_E_PATTERN, "%s:%u: '%.*s =' outside a [section]", ps->file, lineno,
                            (int)kn, l);
    memcpy(ps->pkey, l, kn);
    ps->pkey[kn] = '\0';
    size_t v = (size_t)(eq - l) + 1;
    while (v < n && is_hspace(l[v]))
        v++;
    if (fs_buf_append(&ps->pval, l + v, n - v) || fs_buf_reserve(&ps->pval, 1))
        return fs_error_set(e, FS_E_NOMEM, "out of memory");
    ps->pend = PEND_KEY;
    ps->pline = lineno;
    return 0;
}

int fs_patterns_add_text(fs_patterns *p, const char *name_for_errors, const char *text, size_t len,
                         fs_error *e)
{
    parser ps;
    memset(&ps, 0, sizeof ps);
    ps.p = p;
    ps.file = name_for_errors ? name_for_errors : "<patterns>";
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3; /* UTF-8 byte order mark */
    uint32_t lineno = 0;
    int rc = 0;
    while (i < len && rc == 0) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (memchr(text + i, '\0', end - i)) {
            rc = fs_error_set(e, FS_E_PATTERN, "%s:%u: NUL byte in pattern file", ps.file, lineno + 1);
            break;
        }
        rc = parse_line(&ps, text + i, end - i, ++lineno, e);
        i = end + 1;
    }
    if (rc == 0)
        rc = flush_pending(&ps, e);
    if (rc == 0)
        rc = close_section(&ps, e);
    fs_buf_free(&ps.pval);
    free(ps.pname);
    section_reset(&ps.sec);
    int orc = rebuild_order(p, rc ? NULL : e);
    if (rc)
        return rc;
    if (orc)
        return orc;
    return ps.sections;
}

int fs_patterns_add_file(fs_patterns *p, const char *path, fs_error *e)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fs_error_set(e, FS_E_IO, "%s: cannot open pattern file: %s", path, strerror(errno));
    fs_buf b = FS_BUF_INIT;
    char chunk[8192];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (fs_buf_append(&b, chunk, n)) {
            rc = fs_error_set(e, FS_E_NOMEM, "%s: out of memory", path);
            break;
        }
    if (!rc && ferror(f))
        rc = fs_error_set(e, FS_E_IO, "%s: read error", path);
    fclose(f);
    if (!rc)
        rc = fs_patterns_add_text(p, path, b.s ? b.s : "", b.len, e);
    fs_buf_free(&b);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int fs_patterns_add_dir(fs_patterns *p, const char *dir, fs_pattern_stats *st, fs_error *e)
{
    if (st)
        memset(st, 0, sizeof *st);
    DIR *d = opendir(dir);
    if (!d)
        return fs_error_set(e, FS_E_IO, "%s: cannot read pattern directory: %s", dir, strerror(errno));
    char **names = NULL;
    size_t nn = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (l < 5 || de->d_name[0] == '.' || strcmp(de->d_name + l - 4, ".pat") != 0)
            continue;
        if (nn == cap) {
            size_t nc = cap ? 2 * cap : 16;
            char **nv = realloc(names, nc * sizeof *nv);
            if (!nv) {
                rc = fs_error_set(e, FS_E_NOMEM, "out of memory");
                break;
            }
            names = nv;
            cap = nc;
        }
        if (!(names[nn] = dupn(de->d_name, l))) {
            rc = fs_error_set(e, FS_E_NOMEM, "out of memory");
            break;
        }
        nn++;
    }
    closedir(d);
    if (nn)
        qsort(names, nn, sizeof *names, cmp_str);
    for (size_t i = 0; i < nn && rc == 0; i++) {
        fs_buf path = FS_BUF_INIT;
        if (fs_buf_printf(&path, "%s/%s", dir, names[i])) {
            rc = fs_error_set(e, FS_E_NOMEM, "out of memory");
            break;
        }
        struct stat sb;
        if (stat(path.s, &sb) == 0 && S_ISREG(sb.st_mode)) {
            size_t before = p->npats;
            int n = fs_patterns_add_file(p, path.s, e);
            if (n < 0) {
                rc = n;
            } else if (st) {
                st->files++;
                st->added += p->npats - before;
                st->replaced += (size_t)n - (p->npats - before);
                if (n == 0 && st->empty_files++ == 0)
                    snprintf(st->first_empty, sizeof st->first_empty, "%s", path.s);
            }
        }
        fs_buf_free(&path);
    }
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    free(names);
    return rc;
}

int fs_patterns_load_default(fs_patterns **out, fs_error *e)
{
    fs_patterns *p = NULL;
    int rc = fs_patterns_create(&p, e);
    if (rc)
        return rc;
    for (size_t i = 0; i < fs_patterns_nembedded; i++) {
        char name[300];
        snprintf(name, sizeof name, "<default>/%s", fs_patterns_embedded[i].name);
        rc = fs_patterns_add_text(p, name, (const char *)fs_patterns_embedded[i].data,
                                  fs_patterns_embedded[i].len, e);
        if (rc < 0) {
            fs_patterns_free(p);
            return rc;
        }
    }
    *out = p;
    return 0;
}

/* ------------------------------------------------------------------ scanning */

int fs_scanner_create(const fs_patterns *p, fs_scanner **out, fs_error *e)
{
    *out = NULL;
    fs_scanner *s = calloc(1, sizeof *s);
    if (!s)
        return fs_error_set(e, FS_E_NOMEM, "out of memory creating a pattern scanner");
    s->p = p;
    s->generation = p->generation;
    s->md = pcre2_match_data_create(p->max_pairs, NULL);
    s->mctx = pcre2_match_context_create(NULL);
    if (!s->md || !s->mctx) {
        fs_scanner_free(s);
        return fs_error_set(e, FS_E_NOMEM, "out of memory creating a pattern scanner");
    }
    pcre2_set_match_limit(s->mctx, p->lim.match_limit);
    pcre2_set_depth_limit(s->mctx, p->lim.depth_limit);
    pcre2_set_heap_limit(s->mctx, p->lim.heap_limit_kib);
    if (p->use_jit) {
        size_t start = JIT_STACK_START < p->lim.jit_stack_max ? JIT_STACK_START : p->lim.jit_stack_max;
        s->jstack = pcre2_jit_stack_create(start, p->lim.jit_stack_max, NULL);
        /* without a stack of its own JIT uses 32 KiB on the machine stack */
        if (s->jstack)
            pcre2_jit_stack_assign(s->mctx, NULL, s->jstack);
    }
    *out = s;
    return 0;
}

void fs_scanner_free(fs_scanner *s)
{
    if (!s)
        return;
    pcre2_match_data_free(s->md);
    pcre2_match_context_free(s->mctx);
    pcre2_jit_stack_free(s->jstack);
    free(s);
}

/* Offset just past the UTF-8 character at off (text is valid UTF-8). */
static size_t next_char(const char *text, size_t len, size_t off)
{
    off++;
    while (off < len && ((unsigned char)text[off] & 0xC0) == 0x80)
        off++;
    return off;
}

/* Turns a pcre2_match failure into an fs_error. */
static int match_error(const pat *t, int rc, size_t off, pcre2_match_data *md, fs_error *e)
{
    const char *what = NULL;
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT: what = "the match limit"; break;
    case PCRE2_ERROR_DEPTHLIMIT: what = "the depth limit"; break;
    case PCRE2_ERROR_HEAPLIMIT: what = "the heap limit"; break;
    case PCRE2_ERROR_JIT_STACKLIMIT: what = "the JIT stack limit"; break;
    default: break;
    }
    if (what)
        return fs_error_set(e, FS_E_PATTERN, "pattern '%s' (%s:%u) exceeded %s at offset %zu", t->name,
                            t->file, t->line, what, off);
    PCRE2_UCHAR msg[200];
    pcre2_get_error_message(rc, msg, sizeof msg);
    if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
        return fs_error_set(e, FS_E_ENCODING, "text is not valid UTF-8 at byte %zu: %s",
                            (size_t)pcre2_get_startchar(md),
                            (char *)msg);
    return fs_error_set(e, FS_E_PATTERN, "pattern '%s' (%s:%u) failed at offset %zu: %s", t->name,
                        t->file, t->line, off, (char *)msg);
}

/* Reports the successive non-overlapping matches of one pattern. */
static int scan_one(fs_scanner *s, const pat *t, const char *text, size_t len, fs_match_cb cb,
                    void *ud, fs_error *e)
{
    uint32_t opts = s->p->use_jit ? 0 : PCRE2_NO_JIT;
    size_t off = 0;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
    while (off <= len) {
        int rc = pcre2_match(t->code, (PCRE2_SPTR)text, len, off, opts, s->md, s->mctx);
        if (rc == PCRE2_ERROR_NOMATCH)
            return 0;
        if (rc < 0)
            return match_error(t, rc, off, s->md, e);
        /* the first call validated the whole subject */
        opts |= PCRE2_NO_UTF_CHECK;
        fs_match m;
        m.pattern = t->name;
        m.family = t->family;
        m.priority = t->priority;
        m.file = t->file;
        m.line = t->line;
        m.start = ov[0];
        m.end = ov[1];
        m.ngroups = 0;
        uint32_t pairs = (uint32_t)rc; /* rc == 0 cannot happen: the data holds max_pairs */
        for (size_t f = 0; f < N_FIELDS; f++) {
            for (uint32_t g = 1; g < pairs && g <= t->ncap; g++) {
                if (t->gfield[g] != f || ov[2 * g] == PCRE2_UNSET)
                    continue;
                m.groups[m.ngroups++] = (fs_match_group){k_fields[f], ov[2 * g], ov[2 * g + 1]};
                break; /* duplicate names: the first group that matched wins */
            }
        }
        if (m.start > m.end) /* \K in a lookahead: report the empty span */
            m.start = m.end;
        int crc = cb(&m, ud);
        if (crc) {
            if (crc < 0)
                fs_error_set(e, crc, "scan stopped (code %d) at pattern '%s' (%s:%u), offset %zu", crc,
                             t->name, t->file, t->line, m.start);
            return crc;
        }
        if (ov[1] > off)
            off = ov[1];
        else if (off >= len)
            return 0;
        else
            off = next_char(text, len, off); /* empty match: move on one character */
    }
    return 0;
}

int fs_scanner_scan(fs_scanner *s, const char *family, const char *text, size_t len,
                    fs_match_cb cb, void *ud, fs_error *e)
{
    const fs_patterns *p = s->p;
    if (s->generation != p->generation)
        return fs_error_set(e, FS_E_USAGE, "the pattern set changed after this scanner was made");
    const char *fam = NULL;
    if (family) {
        fam = family_lookup(family, strlen(family));
        if (!fam)
            return fs_error_set(e, FS_E_USAGE, "unknown pattern family '%s'", family);
    }
    if (!text)
        text = "";
    for (size_t i = 0; i < p->norder; i++) {
        const pat *t = &p->pats[p->order[i]];
        if (fam && t->family != fam)
            continue;
        int rc = scan_one(s, t, text, len, cb, ud, e);
        if (rc)
            return rc;
    }
    return 0;
}

int fs_patterns_scan(const fs_patterns *p, const char *family, const char *text, size_t len,
                     fs_match_cb cb, void *ud, fs_error *e)
{
    fs_scanner *s = NULL;
    int rc = fs_scanner_create(p, &s, e);
    if (rc)
        return rc;
    rc = fs_scanner_scan(s, family, text, len, cb, ud, e);
    fs_scanner_free(s);
    return rc;
}
