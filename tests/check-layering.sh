#!/bin/sh
# check-layering.sh - dependencies point one way: cli -> report, scanners -> lib.
# lib/ includes only lib/; report/ never includes scanners/; scanners/ never
# includes cli/; surface modules include only scanners/scanner.h (and the
# rule engine header) from the project, never the core's private headers.
set -u
bad=0
check() {
	dir=$1; shift
	for f in "$dir"/*.[ch]; do
		[ -e "$f" ] || continue
		for forbidden in "$@"; do
			if grep -n "#include \"$forbidden/" "$f"; then
				echo "layering: $f includes $forbidden/" >&2
				bad=1
			fi
		done
	done
}
check lib scanners report cli
check report scanners cli
check scanners cli
if [ "$bad" -ne 0 ]; then
	echo "layering: 0 passed, 1 failed"
	exit 1
fi
echo "layering: 1 passed, 0 failed"
