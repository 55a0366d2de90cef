#!/bin/sh
# run.sh - runs every tests/e2e/t_*.sh and totals the results.
dir=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
for t in "$dir"/t_*.sh; do
	name=$(basename "$t" .sh)
	if out=$(sh "$t" 2>&1); then
		echo "ok   $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name"
		echo "$out" | sed 's/^/     /'
		fail=$((fail + 1))
	fi
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
