/*
 * repl.h - the interactive loop (readline) and the parts of it builtins
 * reach: history and editing mode.
 *
 * Assumes: the session's own pty is the controlling terminal when
 * interactive.  Guarantees: user start-up files are read only here, inside
 * the finished sandbox; history lives in the home and is capped.
 */
#ifndef CYLO_REPL_H
#define CYLO_REPL_H

#include <stdbool.h>

#include "sh.h"

int repl_history(struct shell *sh, int argc, char **argv);
/* set -o vi / set -o emacs; -1 for an unknown option. */
int repl_set_option(const char *name, bool on);
void repl_print_options(void);

#endif
