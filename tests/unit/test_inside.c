/*
 * test_inside.c - the facts a cylosh started inside a session checks: the
 * /proc/self/status fields and the single-identity id maps.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "inside.h"
#include "tap.h"

#define ZERO "0000000000000000"
#define CAPS(inh, prm, eff, bnd, amb) \
	"CapInh:\t" inh "\nCapPrm:\t" prm "\nCapEff:\t" eff "\nCapBnd:\t" bnd \
	"\nCapAmb:\t" amb "\n"

static const char session[] =
	"Name:\tcylosh\nUmask:\t0022\nState:\tR (running)\n"
	CAPS(ZERO, ZERO, ZERO, ZERO, ZERO)
	"NoNewPrivs:\t1\nSeccomp:\t2\nSeccomp_filters:\t1\n";

int
main(void)
{
	tap_ok(inside_status_ok(session), "a session's status is confined");
	tap_ok(!inside_status_ok(
		       "Name:\tsh\n" CAPS(ZERO, ZERO, ZERO, ZERO, ZERO)
		       "NoNewPrivs:\t0\nSeccomp:\t2\n"),
	       "no no_new_privs: not inside");
	tap_ok(!inside_status_ok(
		       "Name:\tsh\n" CAPS(ZERO, ZERO, ZERO, ZERO, ZERO)
		       "NoNewPrivs:\t1\nSeccomp:\t0\n"),
	       "no seccomp filter: not inside");
	tap_ok(!inside_status_ok(
		       "Name:\tsh\n" CAPS(ZERO, ZERO, ZERO, ZERO, ZERO)
		       "NoNewPrivs:\t1\nSeccomp:\t1\n"),
	       "strict seccomp is not the session's filter");
	tap_ok(!inside_status_ok(
		       "Name:\tsh\n" CAPS(ZERO, ZERO, ZERO, "000001ffffffffff", ZERO)
		       "NoNewPrivs:\t1\nSeccomp:\t2\n"),
	       "a bounding set: not inside");
	tap_ok(!inside_status_ok(
		       "Name:\tsh\n" CAPS(ZERO, ZERO, ZERO, ZERO, "0000000000200000")
		       "NoNewPrivs:\t1\nSeccomp:\t2\n"),
	       "an ambient capability: not inside");
	tap_ok(!inside_status_ok("NoNewPrivs:\t1\nSeccomp:\t2\n"),
	       "capability lines missing: not inside");
	tap_ok(!inside_status_ok(
		       "Name:\tsh\n" CAPS(ZERO, ZERO, ZERO, ZERO, ZERO)
		       "NoNewPrivs:\t1\nSeccomp:\t22\n"),
	       "a value is compared whole (Seccomp 22)");
	tap_ok(!inside_status_ok(""), "empty status: not inside");

	tap_ok(inside_map_ok("      1000       1000          1\n", 1000),
	       "the session's uid_map (kernel spacing)");
	tap_ok(!inside_map_ok("         0          0 4294967295\n", 0),
	       "the initial namespace's map");
	tap_ok(!inside_map_ok("      1000          0          1\n", 1000),
	       "a map onto another outer id (unshare -r style)");
	tap_ok(!inside_map_ok("      1000       1000          2\n", 1000),
	       "a range of more than one id");
	tap_ok(!inside_map_ok("      1000       1000          1\n"
			      "         0          0          1\n", 1000),
	       "a second line (root mapped too)");
	tap_ok(!inside_map_ok("      1001       1001          1\n", 1000),
	       "another id than ours");
	tap_ok(!inside_map_ok("", 1000), "an empty map (none written)");
	return tap_done();
}
