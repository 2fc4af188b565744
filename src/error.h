/* error.h — the small error record every stage returns through.
 *
 * Functions that can fail return 0 on success or a negative FS_E* code, and
 * fill a caller-provided fs_error with a human-readable message.  The message
 * never names the file: main.c prefixes "fiscan: FILE: " when it prints, so a
 * stage can be run on a buffer that has no file at all. */
#ifndef FISCAN_ERROR_H
#define FISCAN_ERROR_H

#include <stdint.h>

enum {
    FS_OK = 0,
    FS_E_IO = -1,        /* cannot open / read / write */
    FS_E_FORMAT = -2,    /* not a PDF, damaged PDF, unknown format */
    FS_E_ENCRYPTED = -3, /* needs a password, or the password is wrong */
    FS_E_ENCODING = -4,  /* text bytes that cannot be decoded */
    FS_E_LIMIT = -5,     /* a configured limit was reached */
    FS_E_NOMEM = -6,     /* allocation failed */
    FS_E_PATTERN = -7,   /* a pattern file or expression is invalid */
    FS_E_USAGE = -8,     /* bad arguments from the caller */
    FS_E_NOTEXT = -9,    /* document has no text layer */
    FS_E_NUMBER = -10    /* a number that cannot be represented */
};

typedef struct fs_error {
    int code;           /* one of the FS_E* values, FS_OK when clear */
    uint32_t page;      /* 1-based page the error refers to, 0 when none */
    uint32_t line;      /* 1-based line the error refers to, 0 when none */
    char msg[512];      /* one line, no trailing newline, no file name */
} fs_error;

/* Clears e (may be NULL). */
void fs_error_clear(fs_error *e);

/* Records code and a printf-style message in e (may be NULL) and returns
 * code, so a caller can write `return fs_error_set(e, FS_E_IO, "...")`. */
int fs_error_set(fs_error *e, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
