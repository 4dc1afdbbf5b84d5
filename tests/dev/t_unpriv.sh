#!/bin/bash
# An unprivileged user is told that permission is missing: never "no such
# device" or "not supported".
. "$(dirname "$0")/lib.sh"

ng=${NS1[0]}
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
PERM='Permission denied: permission is missing, not support'

# The nodes as the kernel makes them: root only.
expect_exit 2 "$PERM" "nobody opening $ng (mode 0600) is told permission is missing" \
	as_nobody "$NGIO" id-ns "$ng"
expect_exit 2 "$PERM" "nobody reading $ng (mode 0600) is told permission is missing" \
	as_nobody "$NGIO" read "$ng" --lba 0 --blocks 1

# With the nodes opened up, Linux 6.1 still wants CAP_SYS_ADMIN for every
# passthrough command (6.2 relaxed that): the answer is the same.
modes=$(stat -c '%a' "$ng" "$CTRL")
chmod 0666 "$ng" "$CTRL"
major=$(uname -r | cut -d. -f1) minor=$(uname -r | cut -d. -f2)
if [ "$major" -eq 6 ] && [ "$minor" -lt 2 ]; then
	expect_exit 2 "$PERM" "nobody with rw nodes, no CAP_SYS_ADMIN (Linux < 6.2): permission is missing" \
		as_nobody "$NGIO" id-ctrl "$ng"
	expect_exit 2 "$PERM" "nobody with rw nodes, read: permission is missing" \
		as_nobody "$NGIO" read "$ng" --lba 0 --blocks 1
else
	skip "nobody with rw nodes" "Linux $(uname -r) lets unprivileged users send some commands"
fi
chmod "$(echo "$modes" | sed -n 1p)" "$ng"
chmod "$(echo "$modes" | sed -n 2p)" "$CTRL"
