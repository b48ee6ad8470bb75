#!/bin/sh
# A pass and a skip of the runner's self-test group, read back.
set -eu
out=${TMT_TEST_DATA:-/tmp}/meta
atctests run --group meta --seed 1 --out "$out" meta-pass meta-skip | tee "$out.tap"
grep -q '^ok [0-9]* - meta-pass$' "$out.tap"
grep -q '^ok [0-9]* - meta-skip # SKIP' "$out.tap"
