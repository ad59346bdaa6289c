/*
 * shops.h - what builtins may ask of the rest of the shell: run shell
 * code, find a command, and reach the line editor.
 *
 * Builtins include this header, never eval.h or repl.h: the evaluator
 * calls builtins (builtins.h) and the REPL calls both, but builtins reach
 * back only through these few functions and the editor hooks the REPL
 * installs in struct shell, so the three no longer include one another.
 * Assumes: the shell runs inside the finished sandbox.
 */
#ifndef CYLO_SHOPS_H
#define CYLO_SHOPS_H

#include <stdbool.h>
#include <stddef.h>

#include "sh.h"

/* Parse all of src, then run it; a malformed input runs nothing and
 * gives status 2.  name prefixes messages (NULL: none). */
int eval_source(struct shell *sh, const char *src, size_t len, int flags,
		const char *name);
/* Run a file of commands (source, or the script of `cylosh FILE`). */
int eval_file(struct shell *sh, const char *path, int flags);
/* Run an argv as a command (builtin or external), e.g. for `command`. */
int eval_argv(struct shell *sh, int argc, char **argv);
/* Is name a POSIX special builtin (found before functions)? */
bool is_special(const char *name);
/*
 * Find name on PATH.  Returns 0 with the path in buf, or an errno:
 * ENOENT (not found), EACCES (found but not executable), ENAMETOOLONG.
 */
int path_lookup(const char *name, char *buf, size_t len);

/* The line editor's side of builtins (history, set -o vi); installed by
 * the REPL when it runs one.  sh->editor is NULL without an editor. */
struct editor {
	int (*history)(struct shell *sh, int argc, char **argv);
	/* set -o vi / emacs: 0, or -1 for a name it does not know. */
	int (*set_option)(const char *name, bool on);
	void (*print_options)(void);
	/* Write the history file now (exec replaces the shell, which
	 * then never saves it at exit). */
	void (*save_history)(struct shell *sh);
};

#endif
