# Judge a TAP producer (sourced by tests/run and tests/dev/run, bash).
#
# tap_run NAME CMD...: run CMD, copy its output, then add a "not ok" line
# of our own for each way it could lose a failure: no plan ("1..N", at the
# start or, after every result, at the end), more than one plan, a result
# count other than the plan, a non-zero exit with no "not ok" line, or death
# by a signal.  Returns CMD's exit status.
tap_run() {
	local name=$1 out rc plans n nok
	shift
	out=$(mktemp "${TMPDIR:-/tmp}/ngio-tap.XXXXXX")
	"$@" | tee "$out"
	rc=${PIPESTATUS[0]}
	plans=$(grep -Ec '^1\.\.[0-9]+( |$)' "$out")
	n=$(grep -Ec '^(not )?ok\b' "$out")
	nok=$(grep -Ec '^not ok\b' "$out")
	if [ "$plans" -eq 0 ]; then
		echo "not ok - $name: no TAP plan: it stopped early (exit $rc)"
	elif [ "$plans" -gt 1 ]; then
		echo "not ok - $name: $plans TAP plans"
	else
		local plan
		plan=$(sed -nE 's/^1\.\.([0-9]+).*/\1/p' "$out")
		[ "$n" -eq "$plan" ] ||
			echo "not ok - $name: $n results, its plan says $plan"
	fi
	if [ "$rc" -ge 128 ]; then
		echo "not ok - $name: killed by signal $((rc - 128))"
	elif [ "$rc" -ne 0 ] && [ "$nok" -eq 0 ]; then
		echo "not ok - $name: exited $rc with no failure reported"
	fi
	rm -f "$out"
	return "$rc"
}
