#!/bin/bash
# The example programs on the real kernel path: each exits 0, read's bytes
# equal the block device's, and the async ones verify their own data.
. "$(dirname "$0")/lib.sh"

EX=$BUILD/examples

# check_summary DESC PATTERN CMD...: CMD succeeds and its output matches
# the grep -E PATTERN; its summary line goes out as a diagnostic.
check_summary() {
	local desc=$1 pat=$2 rc=0
	shift 2
	"$@" >"$TMP/out" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ]; then
		not_ok "$desc (exit $rc)"
		diag "$TMP/out"
	elif ! grep -Eq -- "$pat" "$TMP/out"; then
		not_ok "$desc: output does not match /$pat/"
		diag "$TMP/out"
	else
		ok "$desc"
		grep -E ': OK: ' "$TMP/out" | diag
	fi
}

ng=${NS1[0]} blk=${NS1[1]} lbs=${NS1[2]} nsze=${NS1[3]}

# read: known data in through the CLI, out through the example, compared
# with what the block layer reads.
lba=2048 cnt=24
head -c $((cnt * lbs)) /dev/urandom >"$TMP/w"
"$NGIO" write "$ng" --lba $lba --blocks $cnt --data "$TMP/w" >"$TMP/out" 2>&1 ||
	{ not_ok "ngio write for read"; diag "$TMP/out"; }
rc=0
"$EX/read" "$ng" $lba $cnt >"$TMP/r" 2>"$TMP/err" || rc=$?
check "read $ng $lba $cnt exits 0" test $rc -eq 0
dd if="$blk" bs="$lbs" skip=$lba count=$cnt iflag=direct status=none \
	>"$TMP/dd"
check "read's output equals dd iflag=direct of the same blocks" \
	cmp "$TMP/r" "$TMP/dd"
check "read's output equals the data written" cmp "$TMP/r" "$TMP/w"
# ngio_read() refuses a range past the end itself (-ERANGE): nothing sent.
expect_exit 2 "Numerical result out of range" \
	"read past the end exits 2: ngio_read refuses it (-ERANGE)" \
	"$EX/read" "$ng" "$nsze" 1
expect_exit 2 "No such file or directory" "read of a missing device exits 2" \
	"$EX/read" /dev/ng9n9 0 1
expect_exit 1 "usage" "read with a bad count exits 1" \
	"$EX/read" "$ng" 0 0

# qd-fixed-iopoll: the fast path where the VM has it (poll queues, 6.1
# registered buffers), and each fallback.
check_summary "qd-fixed-iopoll $ng polled, fixed buffers" \
	': OK: .*polled, fixed bufs' \
	"$EX/qd-fixed-iopoll" "$ng" --qd 32 --ios 20000 --range 16M
check_summary "qd-fixed-iopoll $ng 512-byte I/O at QD 64" \
	': OK: .*polled, fixed bufs' \
	"$EX/qd-fixed-iopoll" "$ng" --qd 64 --ios 20000 --bs 512 --range 1M
ng2=${NS2[0]}
for opts in "" "--no-poll" "--no-fixed" "--no-poll --no-fixed"; do
	want="polled, fixed bufs"
	case $opts in *no-poll*) want="irq, ${want#polled, }" ;; esac
	case $opts in *no-fixed*) want="${want%fixed bufs}plain bufs" ;; esac
	# shellcheck disable=SC2086 # $opts is a list of options
	check_summary "qd-fixed-iopoll $ng2 ${opts:-(defaults)}: $want" \
		": OK: .*$want" \
		"$EX/qd-fixed-iopoll" "$ng2" --qd 16 --ios 10000 --range 16M $opts
done
expect_exit 1 "must be whole" "qd-fixed-iopoll refuses a partial block" \
	"$EX/qd-fixed-iopoll" "$ng2" --bs 512

# own-ring-socket: socket and NVMe requests on the program's own ring.
for n in NS1 NS2; do
	declare -n ns=$n
	check_summary "own-ring-socket ${ns[0]}: socket -> write -> read verifies" \
		': OK: .*read back identical' \
		"$EX/own-ring-socket" "${ns[0]}" 4096
done

# A format with separate metadata: refused up front, never sent without
# a metadata buffer.
ng3=${NS3[0]}
expect_exit 1 "separate metadata" "read refuses $ng3 (separate metadata)" \
	"$EX/read" "$ng3" 0 1
expect_exit 1 "separate metadata" "qd-fixed-iopoll refuses $ng3" \
	"$EX/qd-fixed-iopoll" "$ng3"
expect_exit 1 "separate metadata" "own-ring-socket refuses $ng3" \
	"$EX/own-ring-socket" "$ng3"
done_testing
