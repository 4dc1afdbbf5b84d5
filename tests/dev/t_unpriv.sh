#!/bin/bash
# An unprivileged user is told that permission is missing: never "no such
# device" or "not supported".  With the nodes opened up, Linux 6.2+ lets
# such a user identify and send the I/O the controller's effects log allows
# (writes on a node opened for writing), and ngio works within that; every
# refusal names the kernel's rule.  Linux 6.1 refuses everything, saying so.
. "$(dirname "$0")/lib.sh"

ng=${NS1[0]} bs=${NS1[2]} zng=${ZNS1[0]}
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
PERM='Permission denied: permission is missing, not support'

# The nodes as the kernel makes them: root only.
expect_exit 2 "$PERM" "nobody opening $ng (mode 0600) is told permission is missing" \
	as_nobody "$NGIO" id-ns "$ng"
expect_exit 2 "$PERM" "nobody reading $ng (mode 0600) is told permission is missing" \
	as_nobody "$NGIO" read "$ng" --lba 0 --blocks 1

# Files nobody can read: the data to write, in a directory of its own.
chmod 0711 "$TMP"
mkdir -m 0755 "$TMP/pub"
lba=2048 blocks=8
rand "$TMP/pub/root.bin" $((blocks * bs))
rand "$TMP/pub/nobody.bin" $((blocks * bs))
rand "$TMP/pub/refused.bin" $((blocks * bs))
chmod 0644 "$TMP"/pub/*.bin

modes=$(stat -c '%a' "$ng" "$CTRL" "$zng")
restore_modes() {
	chmod "$(echo "$modes" | sed -n 1p)" "$ng"
	chmod "$(echo "$modes" | sed -n 2p)" "$CTRL"
	chmod "$(echo "$modes" | sed -n 3p)" "$zng"
}
chmod 0666 "$ng" "$CTRL" "$zng"

if ! kernel_at_least 6 2; then
	# Linux 6.1 still wants CAP_SYS_ADMIN for every passthrough command
	# (6.2 relaxed that): said as the kernel's rule, not as a mode.
	K61="Permission denied: Linux $(uname -r | cut -d. -f1,2) allows passthrough only to CAP_SYS_ADMIN \(6\.2\+ allows some commands to other users\)"
	expect_exit 2 "^ngio: id-ctrl: $ng: $K61" \
		"nobody, rw nodes, Linux < 6.2: id-ctrl refused, the kernel's rule said" \
		as_nobody "$NGIO" id-ctrl "$ng"
	expect_exit 2 "^ngio: id-ns: $ng: $K61" \
		"nobody, rw nodes, Linux < 6.2: id-ns refused, the rule said" \
		as_nobody "$NGIO" id-ns "$ng"
	expect_exit 2 "^ngio: read: $ng: $K61" \
		"nobody, rw nodes, Linux < 6.2: read refused, the rule said" \
		as_nobody "$NGIO" read "$ng" --lba 0 --blocks 1
	expect_exit 2 "^ngio: write: $ng: $K61" \
		"nobody, rw nodes, Linux < 6.2: write refused, the rule said" \
		as_nobody "$NGIO" write "$ng" --lba $lba --blocks $blocks \
		--data "$TMP/pub/nobody.bin"
	expect_exit 2 "^ngio: log: $CTRL: $K61" \
		"nobody, rw nodes, Linux < 6.2: log refused, the rule said" \
		as_nobody "$NGIO" log "$CTRL" --page smart
	restore_modes
	done_testing
fi

# ---- Linux 6.2+, nodes 0666 ------------------------------------------
# Identify: the same as root's.
for dev in "$CTRL" "$ng"; do
	"$NGIO" id-ctrl "$dev" --json >"$TMP/ctrl-root.json"
	rc=0
	as_nobody "$NGIO" id-ctrl "$dev" --json >"$TMP/ctrl-nobody.json" \
		2>"$TMP/err" || rc=$?
	if [ $rc -eq 0 ] && cmp -s "$TMP/ctrl-root.json" "$TMP/ctrl-nobody.json"; then
		ok "nobody, 0666: id-ctrl $dev works, as root's"
	else
		not_ok "nobody, 0666: id-ctrl $dev (exit $rc, or not root's output)"
		diag "$TMP/err"
	fi
done
for args in "" "--cs"; do
	"$NGIO" id-ns "$ng" $args --json >"$TMP/ns-root.json"
	rc=0
	as_nobody "$NGIO" id-ns "$ng" $args --json >"$TMP/ns-nobody.json" \
		2>"$TMP/err" || rc=$?
	if [ $rc -eq 0 ] && cmp -s "$TMP/ns-root.json" "$TMP/ns-nobody.json"; then
		ok "nobody, 0666: id-ns${args:+ $args} works, as root's"
	else
		not_ok "nobody, 0666: id-ns${args:+ $args} (exit $rc, or not root's output)"
		diag "$TMP/err"
	fi
done
check "nobody, 0666: caps works" as_nobody "$NGIO" caps "$ng"

# Open degrades: the descriptor list (CNS 03h) is root's, yet a zoned
# namespace is still known as one (its ZNS identify data is not).
"$NGIO" zone report "$zng" --json >"$TMP/zr-root.json"
rc=0
as_nobody "$NGIO" zone report "$zng" --json >"$TMP/zr-nobody.json" \
	2>"$TMP/err" || rc=$?
if [ $rc -eq 0 ] && cmp -s "$TMP/zr-root.json" "$TMP/zr-nobody.json"; then
	ok "nobody, 0666: the zoned namespace is zoned: zone report as root's"
else
	not_ok "nobody, 0666: zone report (exit $rc, or not root's output)"
	diag "$TMP/err"
fi

# I/O: root writes, nobody reads it back; nobody writes, root reads it.
check "root writes LBA $lba" "$NGIO" write "$ng" --lba $lba --blocks $blocks \
	--data "$TMP/pub/root.bin"
rc=0
as_nobody "$NGIO" read "$ng" --lba $lba --blocks $blocks >"$TMP/nobody-read.bin" \
	2>"$TMP/err" || rc=$?
if [ $rc -eq 0 ] && cmp -s "$TMP/pub/root.bin" "$TMP/nobody-read.bin"; then
	ok "nobody, 0666: read returns what root wrote"
else
	not_ok "nobody, 0666: read (exit $rc, or not what root wrote)"
	diag "$TMP/err"
fi
check "nobody, 0666: write works (node opened for writing)" \
	as_nobody "$NGIO" write "$ng" --lba $lba --blocks $blocks \
	--data "$TMP/pub/nobody.bin"
"$NGIO" read "$ng" --lba $lba --blocks $blocks --data "$TMP/back.bin"
check "nobody's write is on the device (read back as root)" \
	cmp "$TMP/pub/nobody.bin" "$TMP/back.bin"

# Admin commands beyond Identify: root's, and said so.
ADMIN='only root \(CAP_SYS_ADMIN\) may send it; without it Linux allows only Identify \(CNS 00h/01h/05h/06h/08h\)'
expect_exit 2 "^ngio: log: $CTRL: Permission denied: admin command Get Log Page: $ADMIN" \
	"nobody, 0666: log refused, the admin rule said" \
	as_nobody "$NGIO" log "$CTRL" --page smart
expect_exit 2 "^ngio: get-feature: $ng: Permission denied: admin command Get Features: $ADMIN" \
	"nobody, 0666: get-feature refused, the admin rule said" \
	as_nobody "$NGIO" get-feature "$ng" --fid 4
expect_exit 2 "^ngio: id-ns-list: $CTRL: Permission denied: admin command Identify CNS 02h: $ADMIN" \
	"nobody, 0666: id-ns-list (Identify CNS 02h) refused, the admin rule said" \
	as_nobody "$NGIO" id-ns-list "$CTRL"

# ---- nodes 0644: nobody may read, not write ---------------------------
chmod 0644 "$ng" "$CTRL"
rc=0
as_nobody "$NGIO" read "$ng" --lba $lba --blocks $blocks >"$TMP/nobody-read.bin" \
	2>"$TMP/err" || rc=$?
if [ $rc -eq 0 ] && cmp -s "$TMP/pub/nobody.bin" "$TMP/nobody-read.bin"; then
	ok "nobody, 0644: read works"
else
	not_ok "nobody, 0644: read (exit $rc, or not the data)"
	diag "$TMP/err"
fi
expect_exit 2 "^ngio: write: $ng: Permission denied: Write \(opcode 0x01\) needs the node opened for writing \(Linux lets users without CAP_SYS_ADMIN send a command that moves data to the device only then\)" \
	"nobody, 0644: write refused, the open-for-writing rule said" \
	as_nobody "$NGIO" write "$ng" --lba $lba --blocks $blocks \
	--data "$TMP/pub/refused.bin"
"$NGIO" read "$ng" --lba $lba --blocks $blocks --data "$TMP/back.bin"
check "nobody, 0644: the refused write changed nothing (read as root)" \
	cmp "$TMP/pub/nobody.bin" "$TMP/back.bin"
expect_exit 2 "^ngio: write-zeroes: $ng: Permission denied: Write Zeroes \(opcode 0x08\) needs the node opened for writing" \
	"nobody, 0644: write-zeroes refused, the open-for-writing rule said" \
	as_nobody "$NGIO" write-zeroes "$ng" --lba $lba --blocks $blocks
"$NGIO" read "$ng" --lba $lba --blocks $blocks --data "$TMP/back.bin"
check "nobody, 0644: the refused write-zeroes changed nothing" \
	cmp "$TMP/pub/nobody.bin" "$TMP/back.bin"
check "nobody, 0644: caps says opened read-only" \
	sh -c "setpriv --reuid=65534 --regid=65534 --clear-groups -- '$NGIO' caps '$ng' |
		grep -q 'opened read-only'"

restore_modes

# Root too: the kernel keeps some features to its driver (seen from
# Debian's 6.12.117 on; 6.1 sends them and QEMU answers).
head -c 256 /dev/zero >"$TMP/apst"
if kernel_at_least 6 12; then
	expect_exit 2 "refuses Set Features of FID 0x07 \(Number of Queues\) to every user, root too" \
		"root: set-feature Number of Queues is refused by the kernel, saying so" \
		"$NGIO" set-feature "$CTRL" --fid 7 --value 0x003f003f
	expect_exit 2 "FID 0x0c \(Autonomous Power State Transition\)" \
		"root: set-feature APST is refused by the kernel, saying so" \
		"$NGIO" set-feature "$CTRL" --fid 0x0c --value 0 --data "$TMP/apst"
else
	expect_exit 3 "Command Sequence Error" \
		"root: set-feature Number of Queues reaches the device before 6.12" \
		"$NGIO" set-feature "$CTRL" --fid 7 --value 0x003f003f
fi
done_testing
