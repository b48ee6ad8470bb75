# shellcheck shell=sh
# The TAP of a guest script that runs several things one after another
# (ci/vm/guest-mutants, ci/vm/guest-injector-faults): its callers put this
# text in front of the script's. point ok|fail NAME [EVIDENCE] numbers
# the points in $n.

uptime_ms() {
	awk '{ printf "%d", $1 * 1000 }' /proc/uptime
}

point() {
	n=$((n + 1))
	if [ "$1" = ok ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		echo "  ---"
		echo "  evidence: |"
		printf '%s\n' "$3" | sed 's/^/    /'
		echo "  ..."
	fi
}
