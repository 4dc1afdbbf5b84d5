#!/bin/bash
# ngio bench on the emulated NVMe: every engine x rw with --verify and no
# mismatch; the io_uring tunables likewise; blocks corrupted behind the
# bench's back caught and named; JSON fields against docs/bench-json.md;
# --compare-fio and a small --matrix with its plot; bad devices refused.
. "$(dirname "$0")/lib.sh"

ng=${NS1[0]} nsze=${NS1[3]}
FIELDS=$TESTS_DIR/../bench-fields.py
DOC=$TESTS_DIR/../../docs/bench-json.md
SPAN=0:2048

# run_json DESC CHECK ARGS...: ngio bench ARGS --json exits 0 and the
# python expression CHECK holds for r (the result) and j (the document).
run_json() {
	local desc=$1 expr=$2 rc=0
	shift 2
	"$NGIO" bench "$@" --json >"$TMP/j" 2>"$TMP/err" || rc=$?
	if [ $rc -ne 0 ]; then
		not_ok "$desc: exit $rc"
		diag "$TMP/err"
		return
	fi
	if $PY - "$TMP/j" "$expr" <<'EOF' >"$TMP/why" 2>&1; then
import json, sys
j = json.load(open(sys.argv[1]))
r = j["result"]
ok = eval(sys.argv[2])
if not ok:
    print("failed: %s; result %s" % (sys.argv[2], json.dumps(r)))
sys.exit(0 if ok else 1)
EOF
		ok "$desc"
	else
		not_ok "$desc"
		diag "$TMP/why"
	fi
}

CLEAN='r["verify"]["mismatches"] == 0'
READ_OK="$CLEAN and r[\"verify\"][\"blocks_checked\"] > 0 and r[\"reads\"] > 0"
WRITE_OK="$CLEAN and r[\"writes\"] > 0"

# Every block of the span carries a header from here on.
run_json "prefill: sequential write --verify --ios 2048 writes each block" \
	"$CLEAN and r['writes'] == 2048 and r['ios'] == 2048" \
	$ng --rw write --verify --range $SPAN --ios 2048 --qd 16

for e in pt block ioctl; do
	for rw in read write randread randwrite randrw; do
		case $rw in
		*write) want=$WRITE_OK ;;
		randrw) want="$READ_OK and r['writes'] > 0" ;;
		*) want=$READ_OK ;;
		esac
		run_json "--engine $e --rw $rw --verify: no mismatch" "$want" \
			$ng --engine $e --rw $rw --verify --range $SPAN \
			--qd 4 --time 300ms
	done
done

# The tunables, each with data checked.
RW="--rw randrw --verify --range $SPAN --time 300ms"
for t in "pt --poll" "block --poll" "pt --fixed" "block --fixed" \
	"pt --vectored" "block --vectored" "pt --sqpoll" "pt --sqpoll=0" \
	"pt --threads 2" "block --threads 2" "pt --batch-submit 4 --batch-complete 2" \
	"pt --fixed --poll --qd 32" "pt --bs 4k" "block --bs 4k"; do
	# shellcheck disable=SC2086
	run_json "--engine $t --verify: no mismatch" \
		"$READ_OK and r['writes'] > 0" $ng --engine $t $RW
done
run_json "4096-byte LBA namespace: --verify, 8 KiB I/Os" \
	"$READ_OK and r['writes'] > 0" \
	"${NS2[0]}" --rw randrw --bs 8k --verify --range 0:1024 --time 300ms
run_json "--ios 1000 --threads 2: exactly 1000, split between rings" \
	"r['ios'] == 1000" $ng --ios 1000 --threads 2
run_json "--ramp: measured time excludes it" \
	"0.25e9 < r['runtime_ns'] < 0.6e9 and j['job']['ramp_ns'] == 300000000" \
	$ng --time 400ms --ramp 300ms
run_json "latency fields ordered: min <= p50 <= p99 <= p99.99 <= max" \
	"r['lat_ns']['min'] <= r['lat_ns']['percentiles']['50'] <= r['lat_ns']['percentiles']['99'] <= r['lat_ns']['percentiles']['99.99'] <= r['lat_ns']['max'] and r['cpu']['sys_ns_per_io'] > 0 and r['ios_per_syscall'] >= 1" \
	$ng --qd 32 --time 300ms
"$NGIO" bench $ng --time 200ms --json >"$TMP/one.json" 2>/dev/null
tap_ext $PY "$FIELDS" "$DOC" single "$TMP/one.json" pt

# Corrupt three blocks of the verified span behind the bench's back: one
# overwritten with random bytes, one holding its neighbour's data, one
# with a bit flipped; a sequential read of the span names each.
head -c 512 /dev/urandom >"$TMP/junk"
"$NGIO" write $ng --lba 100 --blocks 1 --data "$TMP/junk"
"$NGIO" read $ng --lba 5 --blocks 1 --data "$TMP/b5"
"$NGIO" write $ng --lba 6 --blocks 1 --data "$TMP/b5"
"$NGIO" read $ng --lba 7 --blocks 1 --data "$TMP/b7"
printf '\xff' | dd of="$TMP/b7" bs=1 seek=300 conv=notrunc status=none
"$NGIO" write $ng --lba 7 --blocks 1 --data "$TMP/b7"
rc=0
"$NGIO" bench $ng --rw read --verify --range $SPAN --ios 2048 --qd 8 \
	>"$TMP/out" 2>"$TMP/err" || rc=$?
if [ $rc -eq 4 ] &&
	grep -q '^ngio: bench: verify: LBA 100: no bench header' "$TMP/err" &&
	grep -q "^ngio: bench: verify: LBA 6: holds LBA 5's data" "$TMP/err" &&
	grep -q '^ngio: bench: verify: LBA 7: CRC32C 0x' "$TMP/err" &&
	grep -q '^ngio: bench: verify: 3 of 2048 blocks read back wrong' "$TMP/err"; then
	ok "--verify catches 3 corrupted blocks, names each LBA and fault, exit 4"
else
	not_ok "--verify and corrupted blocks: exit $rc, want 4"
	diag "$TMP/err"
fi
run_json "after rewriting the span, it verifies clean again" \
	"$CLEAN and r['writes'] == 2048" \
	$ng --rw write --verify --range $SPAN --ios 2048 --qd 16

# The progress line: on a terminal only.
"$NGIO" bench $ng --time 300ms 2>"$TMP/err" >/dev/null
if grep -q $'\r' "$TMP/err"; then
	not_ok "no progress line when stderr is not a terminal"
else
	ok "no progress line when stderr is not a terminal"
fi
script -qec "$NGIO bench $ng --time 2200ms" /dev/null >"$TMP/tty" 2>&1
if grep -qE $'\r\033\\[K\\[run\\] [0-9.]+k IOPS, [0-9.]+ MB/s, [0-9]+/2 s' "$TMP/tty"; then
	ok "progress line once a second on a terminal"
else
	not_ok "progress line on a terminal"
	diag "$TMP/tty"
fi

# fio in the same run.
if command -v fio >/dev/null; then
	run_json "--compare-fio: ngio and fio medians and their ratio" \
		"j['fio']['result']['iops'] > 0 and j['ratio'] > 0 and len(j['runs']) == 2 and j['fio_version'].startswith('fio-')" \
		$ng --compare-fio --reps 2 --time 300ms --qd 8
	tap_ext $PY "$FIELDS" "$DOC" single "$TMP/j" "--compare-fio"
	rc=0
	(cd "$TMP" && "$NGIO" bench $ng --matrix --qd 8 --time 200ms \
		--ramp 0 --reps 1 --compare-fio --plot m.png --save m.json) \
		>"$TMP/out" 2>"$TMP/err" || rc=$?
	if [ $rc -eq 0 ] && grep -q '^ *8 ' "$TMP/out" &&
		grep -q 'pt-poll' "$TMP/out" &&
		[ "$(head -c 4 "$TMP/m.png" | od -An -tx1 | tr -d ' ')" = 89504e47 ] &&
		$PY -c 'import json,sys; c=json.load(open(sys.argv[1]))["cells"]; sys.exit(0 if len(c)==4 and all(x["ratio"]>0 for x in c) else 1)' "$TMP/m.json"; then
		ok "--matrix --compare-fio --plot: table, 4 cells with ratios, a PNG"
	else
		not_ok "--matrix --compare-fio --plot: exit $rc"
		diag "$TMP/err" "$TMP/out"
	fi
	tap_ext $PY "$FIELDS" "$DOC" matrix "$TMP/m.json" matrix
else
	skip "--compare-fio" "fio is not installed"
fi

# Zoned namespaces: appends at depth into one zone and into four, zone
# writes one per zone, zones finished and reset as they fill (ZNS1's
# capacity is below its size), every append's LBA checked and every
# block read back.
z1=${ZNS1[0]} z2=${ZNS2[0]}
ZOK="$CLEAN and r['verify']['blocks_checked'] > 0 and r['writes'] > 0"
run_json "append, QD 64, one zone: LBAs in the zone, every block verified" \
	"$ZOK and j['job']['zones'] == 1" $z2 --rw append --qd 64 --verify --time 500ms
run_json "append, QD 64, 4 zones" "$ZOK" \
	$z2 --rw append --qd 64 --zones 4 --verify --time 500ms
run_json "append, 2 threads x 2 zones, 16 KiB" "$ZOK" \
	$z2 --rw append --qd 32 --zones 2 --threads 2 --bs 16k --verify --time 500ms
run_json "append with fixed buffers" "$ZOK" \
	$z2 --rw append --qd 16 --fixed --verify --time 300ms
# Hybrid polling (the flag is 6.13's; passthrough works with it from
# 6.15): runs and says so in the JSON, or is refused.
if kernel_at_least 6 15; then
	run_json "--hybrid-poll runs from Linux 6.15, verified" \
		"j['job']['hybrid_poll'] and j['job']['poll'] and $READ_OK" \
		$ng --hybrid-poll --rw randread --verify --range $SPAN --qd 8 --time 300ms
else
	expect_exit 1 "hybrid polling of passthrough needs Linux 6.15" \
		"--hybrid-poll refused before Linux 6.15" \
		"$NGIO" bench $ng --hybrid-poll --time 1
fi
expect_exit 1 "fio has no hybrid polling" "--hybrid-poll --compare-fio refused" \
	"$NGIO" bench $ng --hybrid-poll --compare-fio --time 1
# Before Linux 6.5 polling zone commands can crash (a GPF in bio_poll):
# the zoned workloads refuse --poll there, before anything is sent; from
# 6.5 they run, verified.
if ! kernel_at_least 6 5; then
	for rw in append zwrite; do
		expect_exit 1 "poll with --rw $rw: Linux before 6.5 can crash" \
			"--poll --rw $rw refused before Linux 6.5" \
			"$NGIO" bench $z2 --rw $rw --qd 16 --poll --time 1
	done
else
	for rw in append zwrite; do
		run_json "--poll --rw $rw runs from Linux 6.5, verified" "$ZOK" \
			$z2 --rw $rw --qd 16 --zones 2 --poll --verify --time 300ms
	done
fi
# Before 6.5, also more polling rings than poll queues, or more commands
# than their tags, crash: refused there, and run from 6.5.
if ! kernel_at_least 6 5; then
	expect_exit 1 "more polling rings than the 1 poll queues; Linux .* can crash" \
		"--poll --threads 4 refused before Linux 6.5 (1 poll queue)" \
		"$NGIO" bench $ng --poll --threads 4 --qd 1024 --time 1
	expect_exit 1 "1024 polled commands in flight, more than the 1023 tags .*can crash" \
		"--poll --qd 1024 (over the poll queue's tags) refused before Linux 6.5" \
		"$NGIO" bench $ng --poll --qd 1024 --time 1
	run_json "--poll within the tags still runs before Linux 6.5" "r['ios'] > 0" \
		$ng --poll --qd 64 --time 300ms
else
	run_json "--poll --threads 4 --qd 64 over 1 poll queue runs from Linux 6.5" \
		"r['ios'] > 0" $ng --poll --threads 4 --qd 64 --time 300ms
fi
# Past the tags, 6.5 to 6.13 fail retried reads (EFAULT, seen on 6.12):
# refused there; from 6.14 it runs.
if kernel_at_least 6 14; then
	run_json "--poll --threads 4 --qd 1024 over 1 poll queue runs from Linux 6.14" \
		"r['ios'] > 0" $ng --poll --threads 4 --qd 1024 --time 300ms
elif kernel_at_least 6 5; then
	expect_exit 1 "more than the 1023 tags .*fails retried passthrough reads" \
		"--poll --threads 4 --qd 1024 (over the tags) refused before Linux 6.14" \
		"$NGIO" bench $ng --poll --threads 4 --qd 1024 --time 1
fi
run_json "zwrite, 4 zones, one write in flight each" "$ZOK and j['job']['zones'] == 4" \
	$z2 --rw zwrite --zones 4 --verify --time 500ms
run_json "zwrite at the open limit (3) with capacity < size" "$ZOK" \
	$z1 --rw zwrite --qd 8 --verify --time 500ms
"$NGIO" zone reset $z1 --all
for z in 5 6 7; do "$NGIO" zone open $z1 --zone $((z * ${ZNS1[2]})); done
expect_exit 1 'outside --range are open or closed.*ngio zone reset' \
	"zones left active outside the span: refused, with the way out" \
	"$NGIO" bench $z1 --rw append --zones 2 --range 0:1536 --time 1
"$NGIO" zone reset $z1 --all
run_json "append over 3 zones of 2: zones finished, then reset as they fill" \
	"$ZOK and r['zone_finishes'] >= 1 and r['zone_resets'] >= 1" \
	$z1 --rw append --qd 32 --zones 2 --range 0:1536 --bs 20k --verify --time 1500ms
run_json "zwrite over 4 zones of 2: reset as they fill" \
	"$ZOK and r['zone_resets'] >= 1" \
	$z2 --rw zwrite --zones 2 --range 0:1024 --bs 32k --verify --time 1500ms
# Eight threads over 4 zones: the message counts the span's zones.
expect_exit 1 '--range holds 4 whole zones: fewer than --zones 1 x 8 threads' \
	"append, 8 threads over 4 zones: the span's zones counted" \
	"$NGIO" bench $z2 --rw append --threads 8 --zones 1 --range 0:1024 --time 1
expect_exit 1 'not a zoned namespace' "append on a conventional namespace" \
	"$NGIO" bench $ng --rw append --time 1
expect_exit 1 'keeps open at once' "zwrite over the open-zone limit" \
	"$NGIO" bench $z1 --rw zwrite --zones 4 --time 1

# Metadata and protection information: each PI namespace in every mode
# (--pi-act, with --pi-check, --pi-host, plain --md) x randrw, write and
# read, data verified and no mismatch; then the refusals.  A PI span is
# first written with --pi-act so that every block has a header and tuples.
PISPAN=0:256
PIOK="$CLEAN and r['pi_host']['mismatches'] == 0"
for ns in PI1 PI3 PI64 PIF; do
	eval "dev=\${$ns[0]} type=\${$ns[1]} ms=\${$ns[3]} ext=\${$ns[4]}"
	pisz=8
	[ "$ns" = PI64 ] || [ "$ns" = PIF ] && pisz=16
	# --pi-act moves no metadata when the tuple is all of it.
	act=--pi-act mdb=0
	[ "$ms" -gt "$pisz" ] && act="--pi-act --md" mdb=$ms
	all=guard,apptag,reftag
	[ "$type" = 3 ] && all=guard,apptag
	run_json "$ns: prefill with $act --verify, md_bytes $mdb" \
		"$CLEAN and r['writes'] == 256 and j['job']['md_bytes'] == $mdb and j['job']['pi_check'] == '$all'" \
		"$dev" --rw write --verify $act --range $PISPAN --ios 256 --qd 8
	for mode in "$act" "$act --pi-check guard" \
		"--pi-host --pi-check guard,apptag" "--md"; do
		for rw in randrw write read; do
			case $rw in
			write) want=$WRITE_OK ;;
			randrw) want="$READ_OK and r['writes'] > 0" ;;
			*) want=$READ_OK ;;
			esac
			case $mode in
			--pi-host*)
				[ $rw = write ] &&
					want="$want and r['pi_host']['generate_ns_per_io'] > 0"
				[ $rw != write ] &&
					want="$want and r['pi_host']['blocks_checked'] > 0 and r['pi_host']['verify_ns_per_io'] > 0 and r['pi_host']['cpu_pct'] > 0" ;;
			*) want="$want and r['pi_host']['generate_ns_per_io'] is None" ;;
			esac
			# shellcheck disable=SC2086
			run_json "$ns: $mode --rw $rw --verify: no mismatch" \
				"$want and $PIOK" "$dev" $mode --rw $rw \
				--verify --range $PISPAN --ios 64 --qd 4
		done
	done
done
run_json "PI64: --pi-host moves 64 bytes of metadata a block, checks every field" \
	"$PIOK and j['job']['md_bytes'] == 256 and j['job']['md'] and j['job']['pi_check'] == 'guard,apptag,reftag'" \
	"${PI64[0]}" --pi-host --rw randrw --bs 16k --verify --range $PISPAN --ios 64 --qd 4
run_json "PI1: --pi-act on the ioctl engine" "$READ_OK and $PIOK" \
	"${PI1[0]}" --engine ioctl --pi-act --rw randrw --verify --range $PISPAN --ios 64 --qd 2
run_json "PIF: --pi-host --fixed: data registered, 16 KiB" "$READ_OK and $PIOK" \
	"${PIF[0]}" --pi-host --fixed --bs 16k --rw randrw --verify --range $PISPAN --ios 64 --qd 4
run_json "PI3: --pi-host --vectored" "$READ_OK and $PIOK" \
	"${PI3[0]}" --pi-host --vectored --rw randrw --verify --range $PISPAN --ios 64 --qd 4
if "$NGIO" bench "${PI1[0]}" --pi-host --rw randread --range $PISPAN \
	--ios 64 --qd 4 2>&1 | grep -Eq 'host PI: generate [0-9.]+ us/IO, verify [0-9.]+ us/IO, [0-9.]+% of the run.s CPU time'; then
	ok "text summary: host PI cost line"
else
	not_ok "text summary: no host PI cost line"
fi
# NS3: separate metadata without PI.
for rw in randrw write read; do
	run_json "NS3 (512+8, no PI): --md --rw $rw --verify: 8 bytes a block" \
		"$CLEAN and j['job']['md_bytes'] == 8 and j['job']['pi_check'] is None" \
		"${NS3[0]}" --md --rw $rw --verify --range 0:1024 --ios 128 --qd 4
done

# A tuple corrupted behind the bench's back (one data byte of PI1's LBA 5,
# rewritten raw): the host check names it (exit 4) where the controller
# checks no guard; with the guard checked the controller refuses the read.
pi1=${PI1[0]}
run_json "PI1: blocks 0-15 written with --pi-act (no escape tuples)" "$CLEAN" \
	$pi1 --rw write --pi-act --verify --range 0:16 --ios 16 --qd 4
if "$NGIO" read $pi1 --lba 5 --blocks 1 --data "$TMP/p5" 2>"$TMP/err" &&
	[ "$(stat -c %s "$TMP/p5")" = 4104 ]; then
	printf '\xff' | dd of="$TMP/p5" bs=1 seek=300 conv=notrunc status=none
	"$NGIO" write $pi1 --lba 5 --blocks 1 --data "$TMP/p5"
	rc=0
	"$NGIO" bench $pi1 --rw read --pi-host --pi-check apptag,reftag \
		--range 0:16 --ios 16 --qd 1 >"$TMP/out" 2>"$TMP/err" || rc=$?
	if [ $rc -eq 4 ] &&
		grep -q '^ngio: bench: PI: LBA 5: guard 0x[0-9a-f]*, want 0x' "$TMP/err" &&
		grep -q '^ngio: bench: PI: 1 of 16 blocks failed the host check' "$TMP/err"; then
		ok "--pi-host --pi-check apptag,reftag: a bad guard named by the host, exit 4"
	else
		not_ok "--pi-host and a bad guard: exit $rc, want 4"
		diag "$TMP/err"
	fi
	expect_exit 3 'LBA 5' "--pi-act: the controller refuses the bad guard, exit 3" \
		"$NGIO" bench $pi1 --rw read --pi-act --range 0:16 --ios 16 --qd 1
	run_json "rewritten with --pi-act, PI1 checks clean again" "$CLEAN" \
		$pi1 --rw write --pi-act --verify --range $PISPAN --ios 256 --qd 8
else
	skip "PI corruption" "ngio read of an extended block: $(head -1 "$TMP/err")"
fi

# Refusals: exit 1 and the reason.
expect_exit 1 'no metadata' "--md on a namespace without metadata" \
	"$NGIO" bench $ng --md --time 1
expect_exit 1 'without protection information' "--pi-act on NS3 (metadata, no PI)" \
	"$NGIO" bench "${NS3[0]}" --pi-act --time 1
expect_exit 1 'without protection information' "--pi-host on a namespace without metadata" \
	"$NGIO" bench $ng --pi-host --time 1
expect_exit 1 'type 3 .*no reference tag' "--pi-check reftag on type 3" \
	"$NGIO" bench "${PI3[0]}" --pi-act --pi-check guard,reftag --time 1
expect_exit 1 'the rest moves, add --md' "--pi-act on PI64 without --md" \
	"$NGIO" bench "${PI64[0]}" --pi-act --time 1
expect_exit 1 'metadata per block: --md' "PI1 without --md or --pi-act" \
	"$NGIO" bench "${PI1[0]}" --time 1
expect_exit 1 'pi-check on writes needs valid tuples' "--pi-check on writes without --pi-act or --pi-host" \
	"$NGIO" bench "${PI1[0]}" --md --rw randrw --pi-check guard --time 1
expect_exit 1 "Debian's fio 3.33" "--compare-fio with --pi-act" \
	"$NGIO" bench "${PI1[0]}" --pi-act --compare-fio --time 1
expect_exit 1 'block cells' "--matrix with --md" \
	"$NGIO" bench "${PI1[0]}" --md --matrix --time 1
expect_exit 1 'only passthrough' "--engine block with --pi-act" \
	"$NGIO" bench "${PI1[0]}" --engine block --pi-act --time 1
expect_exit 1 'zoned workloads move data only' "--rw append with --pi-act" \
	"$NGIO" bench "${ZNS2[0]}" --rw append --pi-act --time 1
"$NGIO" bench "${PI64[0]}" --pi-host --rw randrw --verify --range $PISPAN \
	--ios 32 --json >"$TMP/pi.json" 2>/dev/null
tap_ext $PY "$FIELDS" "$DOC" single "$TMP/pi.json" "--pi-host"

# Bad devices and spans: a clear line, a non-zero exit, nothing written.
expect_exit 2 'No such file' "missing DEV" "$NGIO" bench /dev/ng9n9 --time 1
# Options read one way only, and refused before anything is measured.
for t in 1e3 0x10 1.5 010 10x; do
	expect_exit 1 "--time: '$t' is not a duration: a whole number and a unit" \
		"--time $t is refused" "$NGIO" bench $ng --time $t
done
expect_exit 1 "--time 1us: too short to measure: at least 1ms" \
	"--time 1us is refused" "$NGIO" bench $ng --time 1us
check "--time 1h is taken (with --ios, refused for excluding it)" \
	bash -c "! \"$NGIO\" bench $ng --time 1h --ios 8 2>&1 | grep -q 'not a duration'"
expect_exit 1 "--qd is given more than once" "a repeated --qd is refused" \
	"$NGIO" bench $ng --qd 8 --qd 16 --time 1
expect_exit 1 "unexpected argument 'extra'" "an argument after -- is refused" \
	"$NGIO" bench $ng --time 1 -- extra
expect_exit 1 "--reps 4: at most 3 runs a cell are kept" "--reps 4 says why" \
	"$NGIO" bench $ng --matrix --reps 4
# A --save path that cannot be written fails at once, before any cell.
SECONDS=0
expect_exit 2 "/nonexistent/dir/m.json: No such file or directory" \
	"--matrix --save to a missing directory fails before measuring" \
	"$NGIO" bench $ng --matrix --qd 8 --engine pt --save /nonexistent/dir/m.json
check "and at once ($SECONDS s, not a matrix's worth)" test "$SECONDS" -lt 5
check "the check leaves no file behind when the run then fails" \
	bash -c "! \"$NGIO\" bench /dev/ng9n9 --save $TMP/s.json --time 1 2>/dev/null; test ! -e $TMP/s.json"
check "--save to a new file is not left behind by the check" \
	bash -c "\"$NGIO\" bench $ng --save $TMP/t.json --ios 64 --qd 8 >/dev/null && test -s $TMP/t.json"

expect_exit 2 'not an NVMe' "not an NVMe device" "$NGIO" bench /dev/null --time 1
expect_exit 1 'a controller' "a controller" "$NGIO" bench "$CTRL" --time 1
expect_exit 1 'metadata per block: --md' "a metadata format without --md: names --md" \
	"$NGIO" bench "${NS3[0]}" --time 1
expect_exit 1 'past the end' "--range past the end" \
	"$NGIO" bench $ng --range $((nsze - 10)):100 --time 1
expect_exit 1 'starts at LBA' "--range starting past the end" \
	"$NGIO" bench $ng --range $nsze:1 --time 1
expect_exit 1 'not a multiple of the 4096-byte block' "--bs under the LBA size" \
	"$NGIO" bench "${NS2[0]}" --bs 512 --time 1
expect_exit 1 'largest transfer' "--bs over MDTS" \
	"$NGIO" bench $ng --bs 1m --time 1
expect_exit 1 'fewer than 4 I/Os' "--verify span smaller than the workers" \
	"$NGIO" bench $ng --engine ioctl --qd 4 --verify --range 0:3 --time 1
done_testing
