#!/bin/sh
# The catalogue on the machine's first two ATS devices, as the installed
# runner's probe lists them: the device under test and its neighbour.
# ATC_TESTS narrows the catalogue to those tests; ATC_EXPECT names
# expectations files (the runner takes the one whose kernel range holds
# the running kernel, e.g. /usr/share/atctests/expect/debian-6.1).
set -eu
out=${TMT_TEST_DATA:-/tmp}/catalogue
devices=$(atctests probe | awk '
	/^ATS-capable PCI functions:$/ { listed = 1; next }
	/^[^ ]/ { listed = 0 }
	listed && $1 ~ /^[0-9a-f]+:[0-9a-f]+:[0-9a-f]+\.[0-7]$/ { print $1 }')
set --
dut=$(printf '%s\n' "$devices" | sed -n 1p)
neighbour=$(printf '%s\n' "$devices" | sed -n 2p)
[ -z "$dut" ] || set -- "$@" --device "$dut"
[ -z "$neighbour" ] || set -- "$@" --neighbour "$neighbour"
for e in ${ATC_EXPECT:-}; do
	set -- "$@" --expect "$e"
done
status=0
# shellcheck disable=SC2086 # ATC_TESTS is a list of test names
atctests run "$@" --seed "${ATC_SEED:-$(date +%s)}" --out "$out" ${ATC_TESTS:-} >"$out.tap" || status=$?
cat "$out.tap"
atc-report --format junit -o "$out/junit.xml" "$out" || true
exit "$status"
