#!/bin/sh
# deps.sh WHAT PACKAGE... - make sure Debian packages are installed.
# As root, installs what is missing with apt-get; otherwise names the
# missing packages and fails.  WHAT is only used in messages.
set -u
what=$1
shift
missing=
for p; do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)
	case $st in
	ii*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "cylosh: missing $what packages:$missing" >&2
	echo "hint: run 'sudo apt-get install$missing', or run make as root" >&2
	exit 1
fi
echo "cylosh: installing $what packages:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null && apt-get install -y -q $missing >/dev/null ||
	{ echo "cylosh: apt-get install$missing failed" >&2; exit 1; }
