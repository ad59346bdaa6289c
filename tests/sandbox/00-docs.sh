#!/bin/sh
# tests/sandbox/00-docs.sh - the documentation agrees with the code.
#
# - every man page renders without a groff warning;
# - every setup step that cylosh can print ("cylosh: cannot set up the
#   session: STEP: ...") has a row in INSTALL's troubleshooting table, and
#   every row names a step that exists;
# - every builtin is described in cylosh(1);
# - the make commands README.md tells users to run are Makefile targets.
# Needs no root and no session.
. "$TEST_SRC/tests/lib/lib.sh"

src=$TEST_SRC
man_dir=$src/man

# ---- man pages ---------------------------------------------------------------
have_groff=false
command -v groff > /dev/null 2>&1 && have_groff=true

for page in "$man_dir"/*.[1-8]; do
	[ -e "$page" ] || continue
	name=${page##*/}
	if ! $have_groff; then
		skip "man/$name renders without warnings" "groff is not installed (Debian: groff-base)"
		continue
	fi
	out=$(LC_ALL=C.UTF-8 groff -man -ww -Tutf8 -z "$page" 2>&1)
	if [ -z "$out" ]; then
		ok "man/$name renders without warnings"
	else
		not_ok "man/$name renders without warnings"
		diag "groff -man -ww -Tutf8 -z man/$name:" "$out"
	fi
done
check "man/cylosh.1 exists" test -f "$man_dir/cylosh.1"

# ---- setup steps and INSTALL's troubleshooting table --------------------------
# The step is the first argument of setup_fail()/setup_failx(): a string
# literal, or STEP, which a file defines once with #define STEP "...", or
# (in the mount helpers) the variable step, which starts as
# 'static const char *step = "..."' and is changed by mnt_set_step("...")
# or mnt_set_step(STEP).
code_files=
for f in "$src"/shell/session/*.c "$src"/shell/lang/*.c; do
	case ${f##*/} in
	diag.c) ;;	# defines setup_fail itself
	*) code_files="$code_files $f" ;;
	esac
done

# shellcheck disable=SC2086 # code_files is a list of paths without blanks
steps=$( {
	grep -ho 'setup_failx\{0,1\}("[^"]*"' $code_files | sed 's/^[^"]*"//; s/"$//'
	grep -ho '^#define STEP "[^"]*"' $code_files | sed 's/^[^"]*"//; s/"$//'
	grep -ho 'static const char \*step = "[^"]*"' $code_files | sed 's/^[^"]*"//; s/"$//'
	grep -ho 'mnt_set_step("[^"]*"' $code_files | sed 's/^[^"]*"//; s/"$//'
} | sort -u)

# A call whose step is none of these would escape this test.
# shellcheck disable=SC2086
odd=$( {
	grep -n 'setup_failx\{0,1\}(' $code_files |
		grep -v 'setup_failx\{0,1\}("' | grep -v 'setup_failx\{0,1\}(STEP,' |
		grep -v 'setup_failx\{0,1\}(step,'
	grep -n 'mnt_set_step(' $code_files |
		grep -v 'mnt_set_step("' | grep -v 'mnt_set_step(STEP)' |
		grep -v 'mnt_set_step(const char'
} | grep -v '^[^:]*:[0-9]*:[[:space:]]*\(\*\|/\*\|//\)' | sed "s|^$src/||")
if [ -z "$odd" ]; then
	ok "every setup failure names its step in a way this test can read"
else
	not_ok "every setup failure names its step in a way this test can read"
	diag "calls this test cannot read (use a literal, STEP or mnt_set_step(\"...\")):" "$odd"
fi

if [ -z "$steps" ]; then
	not_ok "setup steps found in shell/*.c"
else
	ok "setup steps found in shell/*.c ($(printf '%s\n' "$steps" | wc -l | tr -d ' '))"
fi

install_file=$src/INSTALL
# Rows of the table: lines starting "| `STEP` |".
# shellcheck disable=SC2016 # backquotes matched literally
rows=$(sed -n 's/^| `\([^`]*\)` |.*/\1/p' "$install_file" 2>/dev/null | sort -u)
missing=
echo "$steps" > "$TEST_TMP/docs-steps"
while IFS= read -r step; do
	[ -n "$step" ] || continue
	if ! printf '%s\n' "$rows" | grep -Fqx -- "$step"; then
		missing="$missing
  $step"
	fi
done < "$TEST_TMP/docs-steps"
if [ -z "$missing" ]; then
	ok "INSTALL's troubleshooting table has a row for every setup step"
else
	not_ok "INSTALL's troubleshooting table has a row for every setup step"
	diag "steps printed by cylosh with no row starting | \`STEP\` | in INSTALL:$missing"
fi

stale=
echo "$rows" > "$TEST_TMP/docs-rows"
while IFS= read -r row; do
	[ -n "$row" ] || continue
	if ! printf '%s\n' "$steps" | grep -Fqx -- "$row"; then
		stale="$stale
  $row"
	fi
done < "$TEST_TMP/docs-rows"
if [ -z "$stale" ]; then
	ok "every row of INSTALL's troubleshooting table names a real step"
else
	not_ok "every row of INSTALL's troubleshooting table names a real step"
	diag "rows for steps that shell/*.c no longer prints:$stale"
fi

check_match "INSTALL documents exit status 125 for setup failures" \
	"$(cat "$install_file" 2>/dev/null)" "status 125"
check_match "the code's setup failure status is 125" \
	"$(cat "$src/shell/session/diag.h")" "define CYLO_EXIT_SETUP 125"

# ---- builtins in cylosh(1) ----------------------------------------------------
# The builtins table in shell/lang/builtins.c: lines '{ "NAME", b_...'.
builtins=$(sed -n 's/^[[:space:]]*{ "\([^"]*\)", b_.*/\1/p' "$src/shell/lang/builtins.c" 2>/dev/null)
if ! $have_groff; then
	skip "cylosh(1) describes every builtin" "groff is not installed (Debian: groff-base)"
elif [ -z "$builtins" ]; then
	not_ok "cylosh(1) describes every builtin"
	diag "no builtin table found in shell/lang/builtins.c"
else
	# The words of the tag lines of the BUILTINS section, one a line.
	LC_ALL=C groff -man -Tascii -P-cbou "$man_dir/cylosh.1" 2>/dev/null |
		awk '/^BUILTINS/ { f = 1; next } /^[A-Z]/ { f = 0 }
		     f && /^       [^ ]/ { n = split($0, w, /[ ,]+/)
				for (i = 1; i <= n; i++) if (w[i] != "") print w[i] }' \
		> "$TEST_TMP/docs-tags"
	undocumented=
	for b in $builtins; do
		grep -Fqx -- "$b" "$TEST_TMP/docs-tags" || undocumented="$undocumented $b"
	done
	if [ -z "$undocumented" ]; then
		ok "cylosh(1) describes every builtin"
	else
		not_ok "cylosh(1) describes every builtin"
		diag "builtins missing from the BUILTINS section of man/cylosh.1:$undocumented"
	fi
fi

# ---- README's commands are Makefile targets ----------------------------------
# The database make would use, without running anything ($(MAKE) lines
# run even under -n, so ask for a target that does not exist instead).
# A name counts as a target when it has prerequisites or a recipe (a name
# that is only listed in .PHONY has neither).
targets=$(cd "$src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	make --no-print-directory -p -q -f Makefile __cylo_docs_no_such_target__ 2>/dev/null |
	awk 'skip { skip = 0; next }
	     /^$/ { cur = "" }
	     /^# Not a target:/ { skip = 1; next }
	     /^[A-Za-z0-9_.-]+::?( |$)/ {
		name = $1; sub(/:+$/, "", name)
		if ($0 ~ /::?[ \t]*[^ \t]/) print name; else cur = name
		next }
	     /^#  recipe to execute/ && cur != "" { print cur; cur = "" }' | sort -u)
# "make TARGET" at the start of a line (code blocks of README.md, the
# indented commands of INSTALL).
make_cmds() {
	sed -n 's/^[[:space:]]*\$\{0,1\}[[:space:]]*make[[:space:]]\{1,\}\([a-z][a-z0-9-]*\).*/\1/p' \
		"$1" 2>/dev/null | sort -u
}
readme_cmds=$(make_cmds "$src/README.md")
for want in run check; do
	check_match "README.md tells users to run 'make $want'" "$readme_cmds" "^$want\$"
done
for t in $readme_cmds; do
	check_match "'make $t' from README.md is a Makefile target" "$targets" "^$t\$"
done
for t in $(make_cmds "$install_file"); do
	check_match "'make $t' from INSTALL is a Makefile target" "$targets" "^$t\$"
done
