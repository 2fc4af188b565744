/* patterns.h — the PCRE2 expressions that find figures, kept as data.
 *
 * Expressions live in pattern files (docs/patterns.md describes the format):
 * the default set (the .pat files of patterns/) is compiled into the binary, and
 * `--patterns DIR` adds *.pat files read at run time, so that a wording can
 * be taught to fiscan without recompiling it.  This module owns every PCRE2
 * object of the program: it compiles each expression once (UTF + UCP, JIT
 * when available), checks that its named groups are known record fields, and
 * runs it under match, depth and heap limits so that no expression can hang
 * a run.
 *
 * Life cycle: build an fs_patterns (fs_patterns_load_default, then
 * fs_patterns_add_dir / _add_text / _add_file, optionally
 * fs_patterns_set_limits), then stop changing it.  From then on it is
 * read-only and any number of threads may scan with it at once, each through
 * its own fs_scanner (which holds the per-thread match data and JIT stack).
 * Changing the set after a scanner was made is detected: that scanner's next
 * scan fails with FS_E_USAGE. */
#ifndef FISCAN_PATTERNS_H
#define FISCAN_PATTERNS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct fs_patterns fs_patterns;
typedef struct fs_scanner fs_scanner;

/* Record fields that named groups may bind (docs/patterns.md explains each):
 * subject amount basis dir percent prior prior_period share of period count
 * unit approx code by list.  A group with any other name is refused at load
 * time.  Several groups of one pattern may share a name (alternatives). */
#define FS_MATCH_MAX_GROUPS 16

/* Families a pattern may feed: amount change rate prior share headcount
 * parts. */

/* One named group that took part in a match: bytes [start, end) of the
 * scanned text.  field points to a static string of the field table, so it
 * may be compared by pointer with the result of fs_pattern_field_name. */
typedef struct fs_match_group {
    const char *field;
    size_t start, end;
} fs_match_group;

/* One match.  Strings point into the fs_patterns (or static tables) and stay
 * valid as long as it does.  groups[] lists each field at most once, in the
 * order of the field table; an optional group that did not take part is
 * absent (not an empty span). */
typedef struct fs_match {
    const char *pattern;   /* "change.amount" */
    const char *family;    /* "change" */
    int priority;
    const char *file;      /* pattern file that defined it ("<default>/20_change.pat") */
    uint32_t line;         /* line of its [name] header in that file */
    size_t start, end;     /* whole match, byte offsets into the text */
    fs_match_group groups[FS_MATCH_MAX_GROUPS];
    int ngroups;
} fs_match;

/* Called once per match.  Return 0 to go on; any other value stops the scan,
 * which then returns that value (a negative value is taken as an FS_E_* error
 * and e is filled with a message naming the pattern). */
typedef int (*fs_match_cb)(const fs_match *m, void *ud);

/* Match limits applied to every pcre2_match call (one search from one start
 * offset).  0 leaves a field at its default. */
typedef struct fs_pattern_limits {
    uint32_t match_limit;    /* pcre2_set_match_limit, default 2,000,000 */
    uint32_t depth_limit;    /* pcre2_set_depth_limit, default 10,000 */
    uint32_t heap_limit_kib; /* pcre2_set_heap_limit, default 65,536 (64 MiB) */
    size_t jit_stack_max;    /* bytes, default 1 MiB */
} fs_pattern_limits;

/* What fs_patterns_add_dir read.  An empty pattern file (no [section]) is
 * allowed; it is counted here so the caller can warn about it. */
typedef struct fs_pattern_stats {
    size_t files;        /* *.pat files read */
    size_t added;        /* patterns with a new name */
    size_t replaced;     /* patterns that replaced one of the same name */
    size_t empty_files;  /* files that defined no pattern */
    char first_empty[256]; /* path of the first of them, "" when none */
} fs_pattern_stats;

/* Makes an empty set (no patterns, no macros).  Caller frees it with
 * fs_patterns_free.  Returns 0 or FS_E_NOMEM. */
int fs_patterns_create(fs_patterns **out, fs_error *e);

/* Makes a set holding the default patterns compiled into the binary (the
 * files of patterns/ in lexical order).  Caller frees it. */
int fs_patterns_load_default(fs_patterns **out, fs_error *e);

/* Parses and compiles the pattern file text[0..len) and adds its patterns;
 * name_for_errors names it in messages and in fs_match.file (copied).  A
 * pattern whose name exists already replaces it; new names are added; macros
 * it defines are available to everything loaded after it.  Returns the number
 * of [sections] the text defined (0 for an empty file), or a negative FS_E_*
 * code with e saying "FILE:LINE: ...".  On error the set is unchanged only up
 * to the failing section: patterns before it in the same text were added. */
int fs_patterns_add_text(fs_patterns *p, const char *name_for_errors, const char *text,
                         size_t len, fs_error *e);

/* Reads one pattern file and adds it as fs_patterns_add_text does. */
int fs_patterns_add_file(fs_patterns *p, const char *path, fs_error *e);

/* Adds every regular *.pat file of dir (not recursive) in lexical byte order
 * of the names.  st (may be NULL) receives what was read.  Returns 0, or
 * FS_E_IO when dir cannot be read, or the first file's error. */
int fs_patterns_add_dir(fs_patterns *p, const char *dir, fs_pattern_stats *st, fs_error *e);

/* Replaces the limits (fields left 0 keep their current value). */
void fs_patterns_set_limits(fs_patterns *p, const fs_pattern_limits *lim);

/* Turns JIT off (0) or back on for all later scans: pcre2_match then runs
 * the interpreter, which gives the same matches more slowly and is bounded by
 * the depth and heap limits as well as the match limit. */
void fs_patterns_set_jit(fs_patterns *p, int enabled);

/* Number of enabled patterns. */
size_t fs_patterns_count(const fs_patterns *p);

/* Number of enabled patterns that were JIT-compiled (the rest run in the
 * interpreter, which gives the same matches, more slowly). */
size_t fs_patterns_jit_count(const fs_patterns *p);

/* Name, family, file and line of the i-th enabled pattern in scan order
 * (priority high to low, then load order); NULL when i is out of range. */
const char *fs_patterns_name(const fs_patterns *p, size_t i, const char **family,
                             const char **file, uint32_t *line);

void fs_patterns_free(fs_patterns *p);

/* The known field names and family names (static tables). */
const char *const *fs_pattern_fields(size_t *n);
const char *const *fs_pattern_families(size_t *n);
/* The static field string equal to name, or NULL when it is not a field. */
const char *fs_pattern_field_name(const char *name);

/* The group of m bound to field (compared by name), or NULL. */
const fs_match_group *fs_match_get(const fs_match *m, const char *field);

/* A per-thread scanning context for p: match data sized for the largest
 * pattern, a match context with p's limits and a JIT stack.  p must outlive
 * it and must not change while it is used.  Caller frees it. */
int fs_scanner_create(const fs_patterns *p, fs_scanner **out, fs_error *e);
void fs_scanner_free(fs_scanner *s);

/* Runs every enabled pattern of family (NULL: all families) over
 * text[0..len), pattern after pattern in scan order; each pattern reports
 * its successive non-overlapping matches from left to right.  text must be
 * valid UTF-8 (FS_E_ENCODING otherwise); it need not be NUL-terminated.
 * Returns 0, the callback's non-zero value, FS_E_PATTERN when an
 * expression hit a limit ("pattern 'x' (file:line) exceeded the match limit
 * at offset N"), or FS_E_USAGE for an unknown family or a stale scanner. */
int fs_scanner_scan(fs_scanner *s, const char *family, const char *text, size_t len,
                    fs_match_cb cb, void *ud, fs_error *e);

/* One-shot form of fs_scanner_scan with a scanner made for this call. */
int fs_patterns_scan(const fs_patterns *p, const char *family, const char *text, size_t len,
                     fs_match_cb cb, void *ud, fs_error *e);

#endif
