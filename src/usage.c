/* usage.c — see usage.h.  Every option of main.c's parse_args is named
 * here (tests/completion.sh checks the completion files name them too). */
#include "usage.h"

#include <stddef.h>
#include <string.h>

static const char general_head[] =
    "Usage: fiscan COMMAND [OPTIONS] FILE...\n"
    "Read Chinese government budget disclosure reports (PDF or text), extract\n"
    "their figures and check their arithmetic.\n"
    "\n"
    "Commands:\n"
    "  text FILE...         print the normalised text of each file\n"
    "  extract FILE...      print the figures of each file as JSON (or JSONL, CSV)\n"
    "  check FILE...        check the arithmetic of each file's figures\n"
    "  batch INPUT... -o OUT\n"
    "                       check many files in worker processes into SQLite, JSONL\n"
    "                       or CSV (INPUT: a file, a directory, @LIST or @- )\n"
    "  merge OUT IN...      merge SQLite batch outputs (shards) into OUT\n"
    "  tables FILE...       print the tables of each file as CSV (or JSON, JSONL)\n"
    "  report FILE... -o DIR, report OUT.db -o DIR\n"
    "                       an HTML page per document (findings with images of the\n"
    "                       page regions) and index.html, from files or a batch database\n"
    "  help [COMMAND]       show this help, or the help of one command\n"
    "\n";

static const char text_opts[] =
    "Options for text:\n"
    "      --raw            print the text as extracted, before normalisation\n"
    "      --outline        print the section outline as JSON\n"
    "      --positions      prefix each line with PAGE:LINE of its source\n"
    "\n";

static const char extract_opts[] =
    "Options for extract:\n"
    "      --format F       json (pretty; default for one file; an array of the\n"
    "                       records for several files), jsonl (one line per\n"
    "                       document; default for several) or csv (one row per\n"
    "                       figure, UTF-8 with BOM, text cells quoted: docs/csv.md)\n"
    "      --patterns DIR   add the *.pat files of DIR to the built-in patterns\n"
    "                       (a pattern with the same name replaces the built-in one)\n"
    "\n";

static const char check_opts[] =
    "Options for check:\n"
    "      --checks LIST    comma-separated: growth, prior, share, sum, change_sum,\n"
    "                       share_sum, restatement, direction, completion,\n"
    "                       comparison, points, table, table_sum\n"
    "                       (default: all)\n"
    "      --rounding MODE  nearest (default), truncate or either: how the report\n"
    "                       rounded; under nearest a relation that holds only for\n"
    "                       truncated figures is a warning\n"
    "      --severity error hide warnings\n"
    "      --format F       text (FILE:PAGE:LINE: diagnostics, default), json (one\n"
    "                       object, an array of them for several files), jsonl\n"
    "      --patterns DIR   as for extract\n"
    "\n";

static const char batch_opts[] =
    "Options for batch:\n"
    "  -o, --output OUT     OUT.db, OUT.sqlite or OUT.sqlite3 (SQLite), OUT.jsonl or\n"
    "                       OUT.ndjson (JSONL), - (JSONL on standard output), or a\n"
    "                       directory for CSV (figures.csv, findings.csv,\n"
    "                       failures.csv); another name needs --format\n"
    "      --format F       sqlite, jsonl or csv (default: from OUT)\n"
    "      --fail-on WHAT   what makes a completed run exit non-zero: error\n"
    "                       (default: 2 if an input failed, else 1 if an error was\n"
    "                       found), failure (2 if an input failed, else 0) or none\n"
    "                       (0; 2 only when the run itself could not be made)\n"
    "  -j, --jobs N         worker processes (default: number of CPUs)\n"
    "      --resume         go on with an existing OUT, skipping documents done\n"
    "      --shard K/N      process only share K of N of the inputs\n"
    "      --patterns, --checks, --rounding: as for check\n"
    "\n";

static const char tables_opts[] =
    "Options for tables:\n"
    "      --format F       csv (default: one block per table, UTF-8 with BOM,\n"
    "                       codes kept as text), json or jsonl (docs/json.md)\n"
    "\n";

static const char merge_opts[] =
    "merge OUT IN... copies the documents, names, figures, findings and failures\n"
    "of the SQLite files IN (batch outputs, such as the shards of a sharded run)\n"
    "into OUT, created when missing.\n"
    "\n";

static const char report_opts[] =
    "Options for report:\n"
    "  -o, --output DIR     the directory to write into (created when missing): a\n"
    "                       page per document, named after its file, and index.html\n"
    "      --patterns, --checks, --rounding: as for check (FILE inputs)\n"
    "A single input that is an SQLite file made by 'fiscan batch' is read as a\n"
    "database: its stored records are used, and the images are drawn from the PDF\n"
    "at the name it stores, if that file still holds the same bytes (the page says\n"
    "so when it does not).  Pages are self-contained (no network); docs/report.md.\n"
    "\n";

static const char input_opts[] =
    "Input options:\n"
    "      --password PW    password for encrypted PDFs (the empty one is tried first)\n"
    "      --max-bytes N    refuse inputs larger than N bytes (default 512 MiB)\n"
    "      --max-pages N    refuse PDFs with more than N pages (default 20000)\n"
    "      --timeout S      give up a document after S seconds (default 120); batch\n"
    "                       kills its worker, the others stop with an error\n"
    "      --max-memory M   address-space limit, MiB (default 2048): of each worker\n"
    "                       of batch, of the process of text, extract, check and\n"
    "                       tables (past it: \"memory limit of M MiB reached\")\n"
    "\n";

static const char common_tail[] =
    "General options:\n"
    "  -q, --quiet          print only errors on standard error (no warnings,\n"
    "                       progress or summary)\n"
    "  -v, --verbose        also say what was done with each file\n"
    "      --color WHEN     colour diagnostics: auto (default: on a terminal, unless\n"
    "                       NO_COLOR is set), always or never\n"
    "  -h, --help           show this help and exit (fiscan COMMAND --help: the\n"
    "                       help of that command)\n"
    "  -V, --version        show the version and exit\n"
    "\n"
    "FILE may be - for standard input.  PDF and text are told apart by content;\n"
    "text may be UTF-8, UTF-16 (with BOM) or GB18030.  File names that are not\n"
    "valid UTF-8 or hold control characters are printed escaped (\\xHH).\n"
    "\n"
    "Exit status: 0 clean, 1 findings reported, 2 a file could not be processed\n"
    "or the command line is wrong (batch: see --fail-on).\n";

static const char *const help_all[] = {general_head, text_opts, extract_opts, check_opts,
                                       tables_opts, batch_opts, report_opts, input_opts,
                                       common_tail, NULL};
static const char *const help_text[] = {
    "Usage: fiscan text [OPTIONS] FILE...\n"
    "Print the normalised text of each file: one paragraph or table row a line.\n\n",
    text_opts, input_opts, common_tail, NULL};
static const char *const help_extract[] = {
    "Usage: fiscan extract [OPTIONS] FILE...\n"
    "Print every figure of each file as JSON, JSONL or CSV (docs/json.md).\n\n",
    extract_opts, input_opts, common_tail, NULL};
static const char *const help_check[] = {
    "Usage: fiscan check [OPTIONS] FILE...\n"
    "Check the arithmetic of each file's figures; findings are printed as\n"
    "FILE:PAGE:LINE: error: [check] message.\n\n",
    check_opts, input_opts, common_tail, NULL};
static const char *const help_batch[] = {
    "Usage: fiscan batch [OPTIONS] INPUT... -o OUT\n"
    "Check many files, each in its own worker process, into SQLite, JSONL or\n"
    "CSV.  INPUT: a file, a directory (walked), @LIST (a file of paths) or @-.\n\n",
    batch_opts, input_opts, common_tail, NULL};
static const char *const help_merge[] = {"Usage: fiscan merge OUT IN...\n", merge_opts,
                                         common_tail, NULL};
static const char *const help_tables[] = {
    "Usage: fiscan tables [OPTIONS] FILE...\n"
    "Print every table of each file: its title, kind, pages, unit, header paths\n"
    "and rows (docs/json.md, Table).\n\n",
    tables_opts, input_opts, common_tail, NULL};

static const char *const help_report[] = {
    "Usage: fiscan report [OPTIONS] FILE... -o DIR\n"
    "       fiscan report [OPTIONS] OUT.db -o DIR\n"
    "Write a self-contained HTML page per document into DIR, with index.html: each\n"
    "finding with its headline, the arithmetic step by step, the sentences and an\n"
    "image of the page region with the numbers outlined; warnings, relations not\n"
    "checked, and a table of every figure read.  Exit status as for check.\n\n",
    report_opts, input_opts, common_tail, NULL};

const char *const *fs_usage(const char *command)
{
    static const struct {
        const char *name;
        const char *const *parts;
    } commands[] = {{"text", help_text},   {"extract", help_extract}, {"check", help_check},
                    {"batch", help_batch}, {"merge", help_merge}, {"tables", help_tables},
                    {"report", help_report}};
    if (!command)
        return help_all;
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, command) == 0)
            return commands[i].parts;
    return NULL;
}
