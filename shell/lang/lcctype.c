/*
 * lcctype.c - LC_CTYPE from the shell's variables (see lcctype.h).
 */
#include "lcctype.h"

#include <locale.h>
#include <string.h>

#include "diag.h"
#include "sh.h"

/* POSIX precedence: LC_ALL, then the category's own, then LANG. */
static const char *const order[] = { "LC_ALL", "LC_CTYPE", "LANG" };

bool
lcctype_var(const char *name)
{
	size_t i;

	/* Every assignment asks: most names fail at once. */
	if (name[0] != 'L')
		return false;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (strcmp(name, order[i]) == 0)
			return true;
	return false;
}

void
lcctype_sync(struct shell *sh, bool quiet)
{
	const char *from = NULL, *v = "C";
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const char *val = var_get(sh, order[i]);

		if (val && *val) {
			from = order[i];
			v = val;
			break;
		}
	}
	if (!setlocale(LC_CTYPE, v) && !quiet)
		warnx("setlocale: %s: cannot change locale (%s)",
		      from ? from : "LC_CTYPE", v);
}
