/*
 * wrapper.h - run a session's language wrapper in the shell's own child.
 *
 * The wrappers (cylo-languages(7)) are POSIX sh scripts that make the
 * interpreter's environment and exec it.  When cylosh is about to exec one
 * of them, it runs the script itself instead of exec'ing /bin/sh for it:
 * one exec (the interpreter's) instead of two.  Other callers (#! scripts,
 * other programs, sh -c) still run the same file with /bin/sh.
 */
#ifndef CYLO_WRAPPER_H
#define CYLO_WRAPPER_H

#include "sh.h"

/*
 * The file at path, opened for reading (close-on-exec), when it is one of
 * the session's wrappers; else -1.  No system call for a name no
 * language provides.
 */
int wrapper_open(struct shell *sh, const char *path);
/* Whether path is one of the session's wrappers (wrapper_open, closed). */
bool wrapper_is(struct shell *sh, const char *path);
/*
 * Run the wrapper read from fd (closed here) as a new sh would run the
 * file at path with the arguments argv[1..]: only the exported variables
 * are kept, and no function, alias, trap, option or readonly mark of this
 * shell.  For a child that is about to end: it ends the shell's state.
 * Returns only when the wrapper ends without exec'ing its interpreter,
 * with its exit status.
 */
int wrapper_run(struct shell *sh, int fd, const char *path, char **argv);

#endif
