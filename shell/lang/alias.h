/*
 * alias.h - the alias table.
 *
 * Assumes: one shell per process.  Guarantees: aliases are replaced by
 * the parser (parse_alias_hook), as text, in command position only; an
 * alias is not expanded again inside its own replacement.
 */
#ifndef CYLO_ALIAS_H
#define CYLO_ALIAS_H

#include "sh.h"

/* The value of alias name, or NULL. */
const char *alias_get(struct shell *sh, const char *name);
/* Give the parser the table of sh (the parser stays free of the shell). */
void alias_attach(struct shell *sh);
void aliases_free(struct shell *sh);

#endif
