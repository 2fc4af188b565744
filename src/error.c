/* error.c — see error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void fs_error_clear(fs_error *e)
{
    if (!e)
        return;
    memset(e, 0, sizeof *e);
}

int fs_error_set(fs_error *e, int code, const char *fmt, ...)
{
    if (!e)
        return code;
    va_list ap;
    e->code = code;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}
