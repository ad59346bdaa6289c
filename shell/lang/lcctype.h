/*
 * lcctype.h - the shell's LC_CTYPE follows its LC_ALL, LC_CTYPE and LANG
 * variables, as in bash, so ${#v}, ${v:1:2} and the ? of a pattern count
 * characters in a UTF-8 session and bytes in the C locale.
 *
 * Assumes: the session environment was built from nothing and its LANG
 * and LC_* were checked (shell/session/env.c); the sandbox is up, so the
 * locale files read are the read-only system ones.
 * Guarantees: only LC_CTYPE changes (collation, messages and numbers stay
 * "C", so the shell's own output does not depend on the user's locale).
 */
#ifndef CYLO_LCCTYPE_H
#define CYLO_LCCTYPE_H

#include <stdbool.h>

struct shell;

/* Is name one of the variables that choose LC_CTYPE? */
bool lcctype_var(const char *name);
/* Set LC_CTYPE from the variables; quiet: no warning when the locale is
 * not installed (at start, as bash).  The locale stays as it was then. */
void lcctype_sync(struct shell *sh, bool quiet);

#endif
