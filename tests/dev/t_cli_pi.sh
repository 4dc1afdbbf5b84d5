#!/bin/bash
# End-to-end data protection from the CLI, on the four PI namespaces:
# --prinfo pract (the controller makes and strips the tuples), host-made
# tuples (--pi-generate) checked by the device and by the host
# (--pi-verify), corrupted guard, application and reference tags refused
# by the device with nothing written and caught by --pi-verify once
# written unchecked, transfers split over several commands (reference
# tags advancing per command), compare and verify with PI, and every
# refusal made before any I/O.
. "$(dirname "$0")/lib.sh"

lbs=4096
# Layout helpers, one python start each.
cat >"$TMP/h.py" <<'EOF'
import sys
op, a = sys.argv[1], sys.argv[2:]
if op == 'interleave':	# DATA MS OUT: MS zero bytes after each block
    d, ms = open(a[0], 'rb').read(), int(a[1])
    with open(a[2], 'wb') as f:
        for i in range(0, len(d), 4096):
            f.write(d[i:i + 4096] + bytes(ms))
elif op == 'strip':	# RAW MS OUT: the data of interleaved blocks
    d, ms = open(a[0], 'rb').read(), int(a[1])
    with open(a[2], 'wb') as f:
        for i in range(0, len(d), 4096 + ms):
            f.write(d[i:i + 4096])
elif op == 'mdrest':	# MD1 MD2 MS PI FIRST: bytes beside the tuples equal
    m1, m2 = open(a[0], 'rb').read(), open(a[1], 'rb').read()
    ms, pi, first = int(a[2]), int(a[3]), a[4] == '1'
    lo, hi = (pi, ms) if first else (0, ms - pi)
    sys.exit(any(m1[i + lo:i + hi] != m2[i + lo:i + hi]
                 for i in range(0, len(m1), ms)) or len(m1) != len(m2))
EOF
h() { "$PY" "$TMP/h.py" "$@"; }
# ngio_ok DESC ARGS...: an ngio command that must succeed.
ngio_ok() {
	local desc=$1
	shift
	check "$desc" "$NGIO" "$@"
}

# The namespace under test: set by ns_setup.
ns_setup() {
	ng=$1 type=$2 pif=$3 ms=$4 ext=$5 first=$6
	pi=$((pif == 2 ? 16 : 8))
	bb=$((ext ? lbs + ms : lbs))
	all=guard,apptag,reftag
	((type == 3)) && all=guard,apptag
	N="$ng (type $type, $((pif == 2 ? 64 : 16))b guard, $lbs+$ms"
	N+="$( ((ext)) && echo " extended" || echo " separate")"
	N+="$( ((first)) && echo ", PI first")"
	N+=")"
}
# md FILE: the --metadata option of raw I/O on a separate format.
md() { ((ext || !ms)) || echo "--metadata $1.md"; }
# raw_read LBA BLOCKS OUT: the blocks as stored, tuples included.
raw_read() {
	# shellcheck disable=SC2046
	"$NGIO" read "$ng" --lba "$1" --blocks "$2" --data "$3" $(md "$3")
}
# raw_write LBA BLOCKS FILE: no PI options, nothing checked.
raw_write() {
	# shellcheck disable=SC2046
	"$NGIO" write "$ng" --lba "$1" --blocks "$2" --data "$3" $(md "$3")
}
# unchanged DESC LBA BLOCKS SNAP: the blocks still hold SNAP (raw_read).
unchanged() {
	raw_read "$2" "$3" "$TMP/now"
	if cmp -s "$4" "$TMP/now" &&
		{ ((ext || !ms)) || cmp -s "$4.md" "$TMP/now.md"; }; then
		ok "$1"
	else
		not_ok "$1"
	fi
}
# data_of RAW OUT: the data of a raw read (the metadata stripped).
data_of() {
	if ((ext)); then h strip "$1" "$ms" "$2"; else cp "$1" "$2"; fi
}
# tuple_off FIELD BLOCK: offset of the field's last byte in the raw data
# file (extended) or in the metadata file (separate).
tuple_off() {
	local fo base
	case $1 in
	guard) fo=1 ;;
	apptag) fo=$((pi == 8 ? 3 : 9)) ;;
	reftag) fo=$((pi - 1)) ;;
	esac
	base=$(( (first ? 0 : ms - pi) + fo))
	if ((ext)); then
		echo $(($2 * bb + lbs + base))
	else
		echo $(($2 * ms + base))
	fi
}

one_ns() {
	ns_setup "$@"
	local a=16 b=64 n=8 big=200 c=1000 f
	local meta=() pmeta=()

	# ------------------------------------------- PRACT: the device's tuples
	rand "$TMP/d" $((n * lbs))
	if ((ms == pi)); then
		f="$TMP/d"	# data only: nothing else moves
	elif ((ext)); then
		h interleave "$TMP/d" "$ms" "$TMP/dx"
		f="$TMP/dx"
	else
		f="$TMP/d"
		zeros "$TMP/pm" $((n * ms))
		pmeta=(--metadata "$TMP/pm")
	fi
	ngio_ok "$N: write --prinfo pract" write "$ng" --lba $a --blocks $n \
		--data "$f" --prinfo pract --apptag 0x1234 "${pmeta[@]}"
	raw_read $a $n "$TMP/r"
	data_of "$TMP/r" "$TMP/rd"
	check "$N: pract write: the data reads back raw" cmp "$TMP/d" "$TMP/rd"
	# shellcheck disable=SC2046
	ngio_ok "$N: pract write: raw read --pi-verify passes" read "$ng" \
		--lba $a --blocks $n --data "$TMP/r2" $(md "$TMP/r2") \
		--pi-verify --apptag 0x1234
	# shellcheck disable=SC2046
	expect_exit 4 "LBA $a: application tag mismatch" \
		"$N: pract write: --pi-verify with another --apptag exits 4" \
		"$NGIO" read "$ng" --lba $a --blocks $n --data "$TMP/r2" \
		$(md "$TMP/r2") --pi-verify --apptag 0x1235
	if ((ms == pi)); then
		ngio_ok "$N: read --prinfo pract,$all moves data only" read "$ng" \
			--lba $a --blocks $n --data "$TMP/r3" --prinfo pract,$all \
			--apptag 0x1234
		check "$N: read --prinfo pract: the data" cmp "$TMP/d" "$TMP/r3"
	else
		ngio_ok "$N: read --prinfo pract,$all --pi-verify (the tuples come back)" \
			read "$ng" --lba $a --blocks $n --data "$TMP/r3" \
			--metadata "$TMP/r3.md" --prinfo pract,$all \
			--apptag 0x1234 --pi-verify
		check "$N: read --prinfo pract: the data" cmp "$TMP/d" "$TMP/r3"
	fi

	# ------------------------------ host-made tuples, checked by the device
	rand "$TMP/d" $((n * lbs))
	f="$TMP/d"
	((ext)) && h interleave "$TMP/d" "$ms" "$TMP/dx" && f="$TMP/dx"
	ngio_ok "$N: write --pi-generate --prinfo $all" write "$ng" --lba $b \
		--blocks $n --data "$f" --pi-generate --prinfo $all \
		--apptag 0x55aa
	meta=()
	((ext)) || meta=(--metadata "$TMP/g.md")
	ngio_ok "$N: read --prinfo $all --pi-verify" read "$ng" --lba $b \
		--blocks $n --data "$TMP/g" "${meta[@]}" --prinfo $all \
		--apptag 0x55aa --pi-verify
	data_of "$TMP/g" "$TMP/gd"
	check "$N: --pi-generate: the data round-trips" cmp "$TMP/d" "$TMP/gd"
	((ext)) || ngio_ok "$N: read --pi-verify needs no --metadata" read \
		"$ng" --lba $b --blocks $n --data "$TMP/g2" --pi-verify \
		--apptag 0x55aa
	ngio_ok "$N: compare --pi-generate of the same data exits 0" compare \
		"$ng" --lba $b --blocks $n --data "$f" --pi-generate \
		--prinfo $all --apptag 0x55aa
	cp "$f" "$TMP/f1"
	flip "$TMP/f1" 5000
	expect_exit 3 "Compare Failure" \
		"$N: compare --pi-generate of other data exits 3" \
		"$NGIO" compare "$ng" --lba $b --blocks $n --data "$TMP/f1" \
		--pi-generate --prinfo $all --apptag 0x55aa
	ngio_ok "$N: verify --prinfo $all of good blocks" verify "$ng" \
		--lba $b --blocks $n --prinfo $all --apptag 0x55aa

	# --------------------------------------------------- corrupted tuples
	raw_read $b $n "$TMP/good"
	for fld in guard apptag reftag; do
		local name=$fld want
		((type == 3)) && [ $fld = reftag ] && continue
		case $fld in
		guard) want="Guard Check Error" name=guard ;;
		apptag) want="Application Tag Check Error" name="application tag" ;;
		reftag) want="Reference Tag Check Error" name="reference tag" ;;
		esac
		cp "$TMP/good" "$TMP/bad"
		((ext)) || cp "$TMP/good.md" "$TMP/bad.md"
		if ((ext)); then
			flip "$TMP/bad" "$(tuple_off $fld 3)"
		else
			flip "$TMP/bad.md" "$(tuple_off $fld 3)"
		fi
		# shellcheck disable=SC2046
		expect_exit 3 "$want" "$N: write with a bad $fld, --prinfo $fld, exits 3" \
			"$NGIO" write "$ng" --lba $b --blocks $n --data "$TMP/bad" \
			$(md "$TMP/bad") --prinfo $fld --apptag 0x55aa
		unchanged "$N: the refused write changed nothing" $b $n "$TMP/good"
		check "$N: a bad $fld is accepted with checks off" \
			raw_write $b $n "$TMP/bad"
		# shellcheck disable=SC2046
		expect_exit 4 "LBA $((b + 3)): $name mismatch: want 0x[0-9a-f]+, got 0x[0-9a-f]+" \
			"$N: read --pi-verify names LBA $((b + 3)) and the $fld" \
			"$NGIO" read "$ng" --lba $b --blocks $n --data "$TMP/r" \
			$(md "$TMP/r") --pi-verify --apptag 0x55aa
		check "$N: read --pi-verify wrote the data out all the same" \
			cmp "$TMP/bad" "$TMP/r"
		if [ $fld = guard ]; then
			expect_exit 3 "Guard Check Error" \
				"$N: verify --prinfo guard of a bad guard exits 3" \
				"$NGIO" verify "$ng" --lba $b --blocks $n \
				--prinfo guard
		fi
		raw_write $b $n "$TMP/good"
	done

	# ------------------------------- several commands: tags advance per one
	rand "$TMP/big" $((big * lbs))
	meta=() pmeta=()
	f="$TMP/big"
	if ((ms != pi)); then
		if ((ext)); then
			h interleave "$TMP/big" "$ms" "$TMP/bigx"
			f="$TMP/bigx"
		else
			zeros "$TMP/bm" $((big * ms))
			pmeta=(--metadata "$TMP/bm")
		fi
	fi
	ngio_ok "$N: write --prinfo pract,$all of $big blocks" write "$ng" \
		--lba $c --blocks $big --data "$f" --prinfo pract,$all \
		"${pmeta[@]}"
	# shellcheck disable=SC2046
	ngio_ok "$N: $big pract blocks: raw read --pi-verify" read "$ng" \
		--lba $c --blocks $big --data "$TMP/r" $(md "$TMP/r") --pi-verify
	data_of "$TMP/r" "$TMP/rd"
	check "$N: $big pract blocks: the data" cmp "$TMP/big" "$TMP/rd"
	f="$TMP/big"
	((ext)) && h interleave "$TMP/big" "$ms" "$TMP/bigx" && f="$TMP/bigx"
	ngio_ok "$N: write --pi-generate --prinfo $all of $big blocks" write \
		"$ng" --lba $c --blocks $big --data "$f" --pi-generate \
		--prinfo $all --apptag 7
	ngio_ok "$N: read --prinfo $all --pi-verify of $big blocks" read \
		"$ng" --lba $c --blocks $big --data "$TMP/r" --prinfo $all \
		--apptag 7 --pi-verify
	data_of "$TMP/r" "$TMP/rd"
	check "$N: $big generated blocks: the data" cmp "$TMP/big" "$TMP/rd"
	ngio_ok "$N: compare --pi-generate of $big blocks" compare "$ng" \
		--lba $c --blocks $big --data "$f" --pi-generate --prinfo $all \
		--apptag 7
	ngio_ok "$N: verify --prinfo $all of $big blocks" verify "$ng" \
		--lba $c --blocks $big --prinfo $all --apptag 7
}

one_ns "${PI1[@]}"
one_ns "${PI3[@]}"
one_ns "${PI64[@]}"
one_ns "${PIF[@]}"

# ------------------------------------------ type 2: a reference tag of choice
ns_setup "${PI64[@]}"
rand "$TMP/d" $((100 * lbs))
ngio_ok "$N: write --pi-generate --reftag 0xabcdef123456 (48 bits), 100 blocks" \
	write "$ng" --lba 1300 --blocks 100 --data "$TMP/d" --pi-generate \
	--prinfo guard,apptag,reftag --reftag 0xabcdef123456
ngio_ok "$N: read --prinfo reftag --reftag 0xabcdef123456 --pi-verify" read \
	"$ng" --lba 1300 --blocks 100 --data "$TMP/r" --prinfo reftag \
	--reftag 0xabcdef123456 --pi-verify
check "$N: --reftag: the data" cmp "$TMP/d" "$TMP/r"
expect_exit 3 "Reference Tag Check Error" \
	"$N: read --prinfo reftag with the LBA's reftag exits 3" \
	"$NGIO" read "$ng" --lba 1300 --blocks 100 --data "$TMP/r" \
	--metadata "$TMP/r.md" --prinfo reftag
expect_exit 4 "LBA 1300: reference tag mismatch: want 0x514, got 0xabcdef123456" \
	"$N: read --pi-verify with the LBA's reftag exits 4" \
	"$NGIO" read "$ng" --lba 1300 --blocks 100 --data "$TMP/r" --pi-verify
# Metadata beside the tuple comes from --metadata FILE.
rand "$TMP/d" $((8 * lbs))
rand "$TMP/m" $((8 * ms))
ngio_ok "$N: write --pi-generate --metadata FILE" write "$ng" --lba 1500 \
	--blocks 8 --data "$TMP/d" --metadata "$TMP/m" --pi-generate \
	--prinfo guard
ngio_ok "$N: read it back --pi-verify" read "$ng" --lba 1500 --blocks 8 \
	--data "$TMP/r" --metadata "$TMP/r.md" --pi-verify
check "$N: the metadata beside the tuples is FILE's" \
	h mdrest "$TMP/m" "$TMP/r.md" "$ms" "$pi" "$first"
expect_exit 1 "give --metadata FILE" \
	"$N: write --prinfo pract without --metadata (56 more bytes move)" \
	"$NGIO" write "$ng" --lba 1500 --blocks 8 --data "$TMP/d" \
	--prinfo pract

# --------------------------------------------------------------- refusals
# refused DESC PATTERN NS_ROW... -- ARGS: exit 1 with PATTERN, the blocks
# (8 at LBA 300 of the namespace) unchanged.
refused() {
	local desc=$1 pat=$2
	shift 2
	local row=()
	while [ "$1" != -- ]; do
		row+=("$1")
		shift
	done
	shift
	ns_setup "${row[@]}"
	raw_read 300 8 "$TMP/before"
	expect_exit 1 "$pat" "$N: $desc" "$NGIO" "$@"
	unchanged "$N: $desc: nothing changed" 300 8 "$TMP/before"
}
rand "$TMP/d8" $((8 * lbs))
rand "$TMP/d8x" $((8 * (lbs + 8)))
zeros "$TMP/m8" $((8 * 8))
NS1row=("${NS1[0]}" 0 0 0 0 0)
# NS1 is 512-byte blocks without metadata: raw reads are of 8 x 512.
ns_setup "${NS1row[@]}"
lbs=512
refused "--prinfo guard without PI" \
	"PI options: ${NS1[0]} has no protection information" "${NS1row[@]}" \
	-- write "${NS1[0]}" --lba 300 --blocks 8 --data "$TMP/d8" \
	--prinfo guard
NS3row=("${NS3[0]}" 0 0 8 0 0)
refused "--pi-generate with metadata but no PI" \
	"PI options: ${NS3[0]} has no protection information" "${NS3row[@]}" \
	-- write "${NS3[0]}" --lba 300 --blocks 8 --data "$TMP/d8" \
	--metadata "$TMP/m8" --pi-generate
lbs=4096
expect_exit 1 "PI options: ${NS1[0]} has no protection information" \
	"verify --prinfo guard without PI" \
	"$NGIO" verify "${NS1[0]}" --lba 0 --blocks 8 --prinfo guard
refused "--prinfo reftag on type 3" "type 3 .*no reference tag" \
	"${PI3[@]}" -- write "${PI3[0]}" --lba 300 --blocks 8 \
	--data "$TMP/d8" --pi-generate --prinfo guard,reftag
expect_exit 1 "type 3 .*no reference tag" "verify --prinfo reftag on type 3" \
	"$NGIO" verify "${PI3[0]}" --lba 300 --blocks 8 --prinfo reftag
refused "type 1 --prinfo reftag with another --reftag" \
	"type 1, whose reference tag check wants LBA 300's low 32 bits, 0x12c" \
	"${PI1[@]}" -- write "${PI1[0]}" --lba 300 --blocks 8 \
	--data "$TMP/d8x" --pi-generate --prinfo reftag --reftag 5
refused "--pi-generate with pract" "exclude each other" "${PI1[@]}" -- \
	write "${PI1[0]}" --lba 300 --blocks 8 --data "$TMP/d8" \
	--pi-generate --prinfo pract
refused "--apptag-mask without --apptag" "--apptag-mask needs --apptag" \
	"${PI1[@]}" -- write "${PI1[0]}" --lba 300 --blocks 8 \
	--data "$TMP/d8" --prinfo pract --apptag-mask 0xff
refused "--apptag over 16 bits" "does not fit 16 bits" "${PI1[@]}" -- \
	write "${PI1[0]}" --lba 300 --blocks 8 --data "$TMP/d8" \
	--prinfo pract --apptag 0x10000
refused "--reftag over 32 bits with the 16b guard" \
	"reference tags are 32 bits" "${PI1[@]}" -- \
	write "${PI1[0]}" --lba 300 --blocks 8 --data "$TMP/d8" \
	--prinfo pract --reftag 0x100000000
refused "--reftag over 48 bits" "does not fit 48 bits" "${PI64[@]}" -- \
	write "${PI64[0]}" --lba 300 --blocks 8 --data "$TMP/d8" \
	--pi-generate --reftag 0x1000000000000
refused "--metadata with pract on a tuple-only format" \
	"no metadata moves" "${PI3[@]}" -- write "${PI3[0]}" --lba 300 \
	--blocks 8 --data "$TMP/d8" --metadata "$TMP/m8" --prinfo pract
refused "--metadata with pract on an extended tuple-only format" \
	"no metadata moves" "${PIF[@]}" -- write "${PIF[0]}" --lba 300 \
	--blocks 8 --data "$TMP/d8" --metadata "$TMP/m8" --prinfo pract
refused "--prinfo out of range" "not a number 0-15" "${PI1[@]}" -- \
	write "${PI1[0]}" --lba 300 --blocks 8 --data "$TMP/d8" --prinfo 16
refused "--prinfo with an unknown name" "names pract, prchk, guard" \
	"${PI1[@]}" -- write "${PI1[0]}" --lba 300 --blocks 8 \
	--data "$TMP/d8" --prinfo guard,crc
refused "--engine block with --prinfo" "block engine" "${PI1[@]}" -- \
	write "${PI1[0]}" --lba 300 --blocks 8 --data "$TMP/d8" \
	--prinfo pract --engine block
expect_exit 1 "nothing to verify" \
	"${PI1[0]}: read --pi-verify with pract on a tuple-only format" \
	"$NGIO" read "${PI1[0]}" --lba 300 --blocks 8 --data "$TMP/r" \
	--prinfo pract --pi-verify
expect_exit 1 "verify takes checks only" "verify --prinfo pract" \
	"$NGIO" verify "${PI1[0]}" --lba 300 --blocks 8 --prinfo pract,guard
expect_exit 1 "unknown option '--pi-generate'" "read takes no --pi-generate" \
	"$NGIO" read "${PI1[0]}" --lba 300 --blocks 8 --pi-generate
expect_exit 1 "unknown option '--pi-verify'" "write takes no --pi-verify" \
	"$NGIO" write "${PI1[0]}" --lba 300 --blocks 8 --data "$TMP/d8" \
	--pi-verify
# nvme-cli's number: 8 = pract, 4 = guard.
ns_setup "${PI1[@]}"
ngio_ok "$N: --prinfo 12 (pract, guard) as nvme-cli spells it" write \
	"$ng" --lba 300 --blocks 8 --data "$TMP/d8" --prinfo 12
ngio_ok "$N: read --prinfo 0x4 --pi-verify" read "$ng" --lba 300 \
	--blocks 8 --data "$TMP/r" --prinfo 0x4 --pi-verify
done_testing
