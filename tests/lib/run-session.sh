#!/bin/sh
# run-session.sh BINARY - `make run`: open a cylosh session from the build.
# cylosh refuses root, so root runs the session as RUN_USER (default nobody),
# from a root-owned copy of the binary that user can execute.
set -eu
bin=$1
if [ "$(id -u)" != 0 ]; then
	exec "$bin" -l
fi
user=${RUN_USER:-nobody}
if ! id "$user" >/dev/null 2>&1; then
	echo "cylosh: RUN_USER=$user: no such user" >&2
	exit 1
fi
dir=$(mktemp -d /tmp/cylosh-run.XXXXXX)
trap 'rm -rf "$dir"' EXIT
chmod 0755 "$dir"
install -m 0755 "$bin" "$dir/cylosh"
home=$(getent passwd "$user" | cut -d: -f6)
echo "cylosh refuses to run as root: opening the session as $user (set RUN_USER=name to choose)"
setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups \
	env -i HOME="$home" USER="$user" LOGNAME="$user" PATH=/usr/bin:/bin \
	TERM="${TERM:-dumb}" ${LANG:+LANG="$LANG"} "$dir/cylosh" -l
