# shellcheck shell=sh
# TAP from shell checks: tap_begin FILE, then tap_ok / tap_fail / tap_is,
# then tap_end (writes the plan). Sourced by the ci/check-* scripts.

tap_begin() {
	TAP_FILE=$1
	TAP_N=0
	: >"$TAP_FILE"
}

tap_ok() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $1" >>"$TAP_FILE"
}

# tap_fail DESCRIPTION EVIDENCE...: not ok with the evidence as YAML lines
tap_fail() {
	TAP_N=$((TAP_N + 1))
	desc=$1
	shift
	echo "not ok $TAP_N - $desc" >>"$TAP_FILE"
	{
		echo "  ---"
		echo "  evidence: |"
		for line in "$@"; do
			printf '%s\n' "$line" | sed 's/^/    /'
		done
		echo "  ..."
	} >>"$TAP_FILE"
	echo "FAIL: $desc" >&2
}

tap_skip() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $1 # SKIP $2" >>"$TAP_FILE"
}

# tap_check DESCRIPTION COMMAND...: ok when the command succeeds
tap_check() {
	desc=$1
	shift
	if out=$("$@" 2>&1); then
		tap_ok "$desc"
	else
		tap_fail "$desc" "command: $*" "$out"
	fi
}

tap_end() {
	echo "1..$TAP_N" >>"$TAP_FILE"
}
