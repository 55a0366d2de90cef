#!/bin/sh
# check-headers.sh - every header under lib/, scanners/, report/ and cli/
# stands alone: a file that includes only it, twice (so a missing include
# guard shows too), compiles with -fsyntax-only and the build's warnings.
#
# The Makefile passes CC and CFLAGS (the build's flags, -Werror included);
# run by hand, the defaults below apply.
set -u
CC=${CC:-cc}
CFLAGS=${CFLAGS:--std=c11 -Wall -Wextra -Werror -I.}

bad=0
n=0
for h in $(find lib scanners report cli -name '*.h' | sort); do
	n=$((n + 1))
	# shellcheck disable=SC2086 # CFLAGS is a list of words
	if ! out=$(printf '#include "%s"\n#include "%s"\n' "$h" "$h" |
	    $CC $CFLAGS -fsyntax-only -x c - 2>&1); then
		echo "headers: $h does not compile alone:" >&2
		printf '%s\n' "$out" | head -20 >&2
		bad=1
	fi
done
[ "$bad" -eq 0 ] && echo "headers: $n headers stand alone"
exit "$bad"
