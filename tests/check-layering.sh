#!/bin/sh
# check-layering.sh - the layers, as HACKING.md states them:
#
#     cli -> scanners -> report -> lib
#
# A file may include its own layer and the layers to its right, never one to
# its left. Inside scanners/, a surface module (scanners/surfaces/**)
# includes from the project only lib/, report/model/, the surface API
# (scanners/core/scanner.h), the shared kit (scanners/kit/), the rule
# engine's public header (scanners/rules/rules.h) and headers of its own
# surface folder: never the core's private headers, the verifier, or
# another surface's files. Sources under lib/, scanners/ and report/ have
# unique base names (ar keeps only the base name of each member).
set -u
bad=0
fail() {
	echo "layering: $*" >&2
	bad=1
}

# includes FILE: the project headers FILE includes, one a line
includes() {
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$1"
}

# forbid DIR PREFIX...: no file below DIR includes a header under PREFIX
forbid() {
	dir=$1
	shift
	for f in $(find "$dir" -name '*.[ch]' | sort); do
		for inc in $(includes "$f"); do
			for prefix in "$@"; do
				case $inc in
				"$prefix"*) fail "$f includes $inc ($dir may not use $prefix)" ;;
				esac
			done
		done
	done
}

forbid lib scanners/ report/ cli/ tests/
forbid report scanners/ cli/ tests/
forbid report/model report/formats/
forbid scanners cli/ tests/

# Surfaces: the narrow API only.
for f in $(find scanners/surfaces -name '*.[ch]' | sort); do
	own=$(dirname "$f")/
	for inc in $(includes "$f"); do
		case $inc in
		lib/* | report/model/* | scanners/core/scanner.h | scanners/kit/* | \
		    scanners/rules/rules.h) ;;
		"$own"*) ;;
		*) fail "$f includes $inc (surfaces see scanner.h, the kit, rules.h and their own folder)" ;;
		esac
	done
done

# The kit serves surfaces, so it stays below them.
forbid scanners/kit scanners/surfaces/ scanners/verify/

# Unique base names of compiled sources.
dups=$(find lib scanners report -name '*.c' -exec basename {} \; | sort | uniq -d)
for d in $dups; do
	fail "two sources named $d: $(find lib scanners report -name "$d" | tr '\n' ' ')"
done

if [ "$bad" -ne 0 ]; then
	echo "layering: 0 passed, 1 failed"
	exit 1
fi
echo "layering: 1 passed, 0 failed"
