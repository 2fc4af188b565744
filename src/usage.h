/* usage.h — the --help texts, general and per command.
 *
 * Text only: main.c prints them (fiscan --help, fiscan help COMMAND,
 * fiscan COMMAND --help).  The strings are static; nothing is allocated. */
#ifndef FISCAN_USAGE_H
#define FISCAN_USAGE_H

/* The help of command (text, extract, check, batch, merge), or of fiscan as
 * a whole when command is NULL: static strings to print in order, the list
 * ending with NULL.  NULL for a name that is not a command. */
const char *const *fs_usage(const char *command);

#endif
