/* main.c — the fiscan command line.
 *
 * Options are parsed here and nowhere else; every diagnostic is printed here,
 * on stderr, in one form: "fiscan: FILE: message" (or "fiscan: message" when
 * no file is concerned).  Results go to stdout.  Exit status: 0 clean,
 * 1 findings, 2 a file could not be processed or the command line is wrong. */
#include "buf.h"
#include "csv_out.h"
#include "document.h"
#include "json_out.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_TROUBLE = 2 };

typedef struct cli {
    const char *command;
    char **files;
    int nfiles;
    fs_document_opts doc;
    int raw, outline, positions;
    const char *format;        /* --format: json, jsonl, csv (extract, check) */
    const char *patterns_dir;  /* --patterns DIR */
    fs_patterns *patterns;     /* loaded once per run, shared by every file */
} cli;

static const char usage_text[] =
    "Usage: fiscan COMMAND [OPTIONS] FILE...\n"
    "Read Chinese government budget disclosure reports (PDF or text), extract\n"
    "their figures and check their arithmetic.\n"
    "\n"
    "Commands:\n"
    "  text FILE...         print the normalised text of each file\n"
    "  extract FILE...      print the figures of each file as JSON (or JSONL, CSV)\n"
    "\n"
    "Options for text:\n"
    "      --raw            print the text as extracted, before normalisation\n"
    "      --outline        print the section outline as JSON\n"
    "      --positions      prefix each line with PAGE:LINE of its source\n"
    "\n"
    "Options for extract:\n"
    "      --format F       json (pretty; default for one file), jsonl (one line\n"
    "                       per document; default for several) or csv (one row\n"
    "                       per figure, UTF-8 with BOM)\n"
    "      --patterns DIR   add the *.pat files of DIR to the built-in patterns\n"
    "                       (a pattern with the same name replaces the built-in one)\n"
    "\n"
    "Input options:\n"
    "      --password PW    password for encrypted PDFs (the empty one is tried first)\n"
    "      --max-bytes N    refuse inputs larger than N bytes (default 512 MiB)\n"
    "      --max-pages N    refuse PDFs with more than N pages (default 20000)\n"
    "\n"
    "  -h, --help           show this help and exit\n"
    "  -V, --version        show the version and exit\n"
    "\n"
    "FILE may be - for standard input.  PDF and text are told apart by content;\n"
    "text may be UTF-8, UTF-16 (with BOM) or GB18030.\n"
    "\n"
    "Exit status: 0 clean, 1 findings reported, 2 a file could not be processed\n"
    "or the command line is wrong.\n";

/* Prints "fiscan: FILE: message" (file may be NULL). */
static void diag(const char *file, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void diag(const char *file, const char *fmt, ...)
{
    va_list ap;
    fputs("fiscan: ", stderr);
    if (file)
        fprintf(stderr, "%s: ", file);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Parses a positive decimal count; returns 0 on success. */
static int parse_count(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    if (!*s || *s == '-')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v == 0 || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Parses argv into c.  Returns -1 after printing a diagnostic on a usage
 * error, 1 when --help/--version was served, 0 otherwise. */
static int parse_args(int argc, char **argv, cli *c)
{
    enum {
        OPT_RAW = 256, OPT_OUTLINE, OPT_POSITIONS, OPT_PASSWORD, OPT_MAXBYTES, OPT_MAXPAGES,
        OPT_FORMAT, OPT_PATTERNS
    };
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {"raw", no_argument, NULL, OPT_RAW},
        {"outline", no_argument, NULL, OPT_OUTLINE},
        {"positions", no_argument, NULL, OPT_POSITIONS},
        {"password", required_argument, NULL, OPT_PASSWORD},
        {"max-bytes", required_argument, NULL, OPT_MAXBYTES},
        {"max-pages", required_argument, NULL, OPT_MAXPAGES},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"patterns", required_argument, NULL, OPT_PATTERNS},
        {NULL, 0, NULL, 0},
    };
    unsigned long long v;
    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1 || optind < argc) {
        if (ch == -1) { /* a positional argument: the command, or a file */
            if (strcmp(argv[optind - 1], "--") == 0) { /* everything after -- */
                for (; optind < argc; optind++) {
                    if (!c->command)
                        c->command = argv[optind];
                    else
                        c->files[c->nfiles++] = argv[optind];
                }
                break;
            }
            if (!c->command)
                c->command = argv[optind];
            else
                c->files[c->nfiles++] = argv[optind];
            optind++;
            continue;
        }
        switch (ch) {
        case 'h':
            fputs(usage_text, stdout);
            return 1;
        case 'V':
            printf("fiscan %s\n", FISCAN_VERSION);
            return 1;
        case OPT_RAW: c->raw = 1; break;
        case OPT_OUTLINE: c->outline = 1; break;
        case OPT_POSITIONS: c->positions = 1; break;
        case OPT_PASSWORD: c->doc.input.password = optarg; break;
        case OPT_FORMAT: c->format = optarg; break;
        case OPT_PATTERNS: c->patterns_dir = optarg; break;
        case OPT_MAXBYTES:
            if (parse_count(optarg, (unsigned long long)SIZE_MAX, &v)) {
                diag(NULL, "--max-bytes: not a positive number: '%s'", optarg);
                return -1;
            }
            c->doc.input.max_bytes = (size_t)v;
            break;
        case OPT_MAXPAGES:
            if (parse_count(optarg, 0xFFFFFFFFull, &v)) {
                diag(NULL, "--max-pages: not a positive number: '%s'", optarg);
                return -1;
            }
            c->doc.input.max_pages = (uint32_t)v;
            break;
        case ':':
            diag(NULL, "option '%s' needs a value", argv[optind - 1]);
            return -1;
        default:
            diag(NULL, "unknown option '%s'", argv[optind - 1]);
            return -1;
        }
    }
    if (!c->command) {
        diag(NULL, "no command given (try 'fiscan --help')");
        return -1;
    }
    int is_text = strcmp(c->command, "text") == 0;
    if (!is_text && strcmp(c->command, "extract") != 0) {
        diag(NULL, "unknown command '%s' (try 'fiscan --help')", c->command);
        return -1;
    }
    if (!is_text && (c->raw || c->outline || c->positions)) {
        diag(NULL, "%s: --raw, --outline and --positions belong to 'fiscan text'", c->command);
        return -1;
    }
    if (is_text && (c->format || c->patterns_dir)) {
        diag(NULL, "text: --format and --patterns belong to 'fiscan extract'");
        return -1;
    }
    if (c->format && strcmp(c->format, "json") && strcmp(c->format, "jsonl") &&
        strcmp(c->format, "csv")) {
        diag(NULL, "--format: expected json, jsonl or csv, not '%s'", c->format);
        return -1;
    }
    if (c->nfiles == 0) {
        diag(NULL, "%s: no input file (use - for standard input)", c->command);
        return -1;
    }
    if (c->raw + c->outline > 1) {
        diag(NULL, "text: --raw and --outline cannot be combined");
        return -1;
    }
    return 0;
}

/* Prints a warning for recoverable oddities of an input. */
static void input_warnings(const fs_document *d)
{
    if (d->raw->replacements)
        diag(d->path, "warning: %zu invalid byte sequence%s replaced by U+FFFD (%s)",
             d->raw->replacements, d->raw->replacements == 1 ? "" : "s", d->raw->encoding);
}

/* `fiscan text`: the raw lines, the normalised text or the outline. */
static int cmd_text_one(const cli *c, const fs_document *d)
{
    if (c->raw) {
        for (size_t p = 0; p < d->raw->npages; p++) {
            const fs_rawpage *pg = &d->raw->pages[p];
            for (size_t l = 0; l < pg->nlines; l++) {
                if (c->positions)
                    printf("%zu:%zu\t", p + 1, l + 1);
                fwrite(pg->lines[l].text, 1, pg->lines[l].len, stdout);
                putchar('\n');
            }
            if (p + 1 < d->raw->npages && !c->positions)
                putchar('\f');
        }
        return 0;
    }
    if (c->outline) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "source", fs_json_source(d));
        cJSON_AddItemToObject(o, "outline", fs_json_outline(d->outline, d->text));
        char *s = cJSON_Print(o);
        cJSON_Delete(o);
        if (!s)
            return -1;
        puts(s);
        free(s);
        return 0;
    }
    const fs_text *t = d->text;
    size_t i = 0;
    while (i < t->len) {
        const char *nl = memchr(t->s + i, '\n', t->len - i);
        size_t end = nl ? (size_t)(nl - t->s) : t->len;
        if (c->positions) {
            fs_srcpos p = fs_text_pos(t, i);
            printf("%u:%u\t", (unsigned)p.page, (unsigned)p.line);
        }
        fwrite(t->s + i, 1, end - i, stdout);
        putchar('\n');
        i = end + 1;
    }
    return 0;
}

static int cmd_text(cli *c)
{
    int status = EXIT_CLEAN;
    c->doc.stage = c->raw ? FS_STAGE_RAW : c->outline ? FS_STAGE_OUTLINE : FS_STAGE_TEXT;
    for (int i = 0; i < c->nfiles; i++) {
        fs_document *d = NULL;
        fs_error e;
        fs_error_clear(&e);
        if (fs_document_load(c->files[i], &c->doc, &d, &e)) {
            diag(c->files[i], "%s", e.msg);
            status = EXIT_TROUBLE;
            continue;
        }
        input_warnings(d);
        if (c->nfiles > 1)
            printf("%s==> %s <==\n", i ? "\n" : "", c->files[i]);
        if (cmd_text_one(c, d)) {
            diag(c->files[i], "out of memory");
            status = EXIT_TROUBLE;
        }
        fs_document_free(d);
    }
    if (fflush(stdout) || ferror(stdout)) {
        diag(NULL, "error writing standard output: %s", strerror(errno));
        status = EXIT_TROUBLE;
    }
    return status;
}

/* Loads the built-in patterns and those of --patterns DIR into c->patterns.
 * Returns 0, or prints a diagnostic and returns -1. */
static int load_patterns(cli *c)
{
    fs_error e;
    fs_error_clear(&e);
    if (fs_patterns_load_default(&c->patterns, &e)) {
        diag(NULL, "built-in patterns: %s", e.msg);
        return -1;
    }
    if (c->patterns_dir) {
        fs_pattern_stats st;
        memset(&st, 0, sizeof st);
        if (fs_patterns_add_dir(c->patterns, c->patterns_dir, &st, &e)) {
            diag(NULL, "%s", e.msg); /* the message names the pattern file and line */
            return -1;
        }
        if (st.files == 0)
            diag(c->patterns_dir, "warning: no *.pat files in this directory");
        if (st.empty_files)
            diag(st.first_empty, "warning: defines no pattern%s",
                 st.empty_files > 1 ? " (nor do other files of the directory)" : "");
    }
    return 0;
}

/* `fiscan extract`: one JSON record per document, or CSV rows per figure. */
static int cmd_extract(cli *c)
{
    if (load_patterns(c))
        return EXIT_TROUBLE;
    const char *format = c->format ? c->format : c->nfiles > 1 ? "jsonl" : "json";
    int csv = strcmp(format, "csv") == 0, pretty = strcmp(format, "json") == 0;
    int status = EXIT_CLEAN;
    c->doc.stage = FS_STAGE_FIGURES;
    c->doc.patterns = c->patterns;
    if (csv) {
        fs_buf h = FS_BUF_INIT;
        fs_buf_puts(&h, "\xEF\xBB\xBF"); /* BOM: Excel then reads the file as UTF-8 */
        fs_csv_figures_header(&h);
        fwrite(h.s, 1, h.len, stdout);
        fs_buf_free(&h);
    }
    for (int i = 0; i < c->nfiles; i++) {
        fs_document *d = NULL;
        fs_error e;
        fs_error_clear(&e);
        if (fs_document_load(c->files[i], &c->doc, &d, &e)) {
            diag(c->files[i], "%s", e.msg);
            status = EXIT_TROUBLE;
            continue;
        }
        input_warnings(d);
        cJSON *rec = fs_json_document(d);
        char *s = NULL;
        fs_buf rows = FS_BUF_INIT;
        if (rec && csv) {
            if (fs_csv_figures_rows(rec, &rows) == 0)
                s = fs_buf_steal(&rows);
        } else if (rec) {
            s = pretty ? cJSON_Print(rec) : cJSON_PrintUnformatted(rec);
        }
        if (!s) {
            diag(c->files[i], "out of memory");
            status = EXIT_TROUBLE;
        } else {
            fputs(s, stdout);
            if (!csv)
                putchar('\n');
        }
        free(s);
        fs_buf_free(&rows);
        cJSON_Delete(rec);
        fs_document_free(d);
    }
    if (fflush(stdout) || ferror(stdout)) {
        diag(NULL, "error writing standard output: %s", strerror(errno));
        status = EXIT_TROUBLE;
    }
    return status;
}

int main(int argc, char **argv)
{
    cli c;
    memset(&c, 0, sizeof c);
    c.files = calloc((size_t)argc + 1, sizeof *c.files);
    if (!c.files) {
        diag(NULL, "out of memory");
        return EXIT_TROUBLE;
    }
    int rc = parse_args(argc, argv, &c);
    int status;
    if (rc)
        status = rc < 0 ? EXIT_TROUBLE : EXIT_CLEAN;
    else if (strcmp(c.command, "text") == 0)
        status = cmd_text(&c);
    else
        status = cmd_extract(&c);
    fs_patterns_free(c.patterns);
    free(c.files);
    return status;
}
