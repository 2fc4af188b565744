/* document.h — one document carried through the pipeline.
 *
 * fs_document_load runs every stage a command needs, in order — input,
 * normalisation, outline (and later figures and checks) — and keeps each
 * stage's result.  `fiscan text`, `extract`, `check` and `batch` all go
 * through it, so they produce identical records for the same file. */
#ifndef FISCAN_DOCUMENT_H
#define FISCAN_DOCUMENT_H

#include "checks.h"
#include "error.h"
#include "figures.h"
#include "input.h"
#include "outline.h"
#include "patterns.h"
#include "rawdoc.h"
#include "tables.h"
#include "text.h"

#include <stddef.h>

typedef enum fs_stage {
    FS_STAGE_RAW = 1,      /* input only */
    FS_STAGE_TEXT = 2,     /* + normalised text */
    FS_STAGE_OUTLINE = 3,  /* + section outline */
    FS_STAGE_FIGURES = 4,  /* + figure records (needs patterns) */
    FS_STAGE_CHECKS = 5    /* + findings of the arithmetic checks */
} fs_stage;

typedef struct fs_document_opts {
    fs_input_opts input;
    fs_stage stage;        /* how far to run */
    const fs_patterns *patterns; /* for FS_STAGE_FIGURES; read-only, shared */
    fs_check_opts checks;  /* for FS_STAGE_CHECKS */
    int tables;            /* read the tables (tables.h) whatever the stage;
                              they are always read from FS_STAGE_FIGURES on */
} fs_document_opts;

typedef struct fs_document {
    char *path;            /* as given ("-" for stdin), owned */
    char sha256[65];       /* hex digest of the input bytes */
    size_t bytes;          /* input size */
    fs_rawdoc *raw;
    fs_text *text;         /* NULL below FS_STAGE_TEXT */
    fs_outline *outline;   /* NULL below FS_STAGE_OUTLINE */
    fs_figures *figures;   /* NULL below FS_STAGE_FIGURES */
    fs_check_result *checks; /* NULL below FS_STAGE_CHECKS */
    fs_tables *tables;     /* NULL unless read (fs_document_opts.tables) */
} fs_document;

/* Reads path ("-" = stdin) and runs the stages up to o->stage.  Returns 0
 * and *out (caller frees with fs_document_free), or a negative FS_E* code
 * with e filled; nothing is returned on failure.  With o->input.timeout_s
 * set (and no deadline given), the deadline is that many seconds from the
 * call; past it the load stops between pages or stages with FS_E_LIMIT
 * "time limit of N s exceeded after ...". */
int fs_document_load(const char *path, const fs_document_opts *o, fs_document **out, fs_error *e);

void fs_document_free(fs_document *d);

#endif
