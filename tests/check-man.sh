#!/bin/sh
# check-man.sh - the manual lints clean and keeps up with the program.
#
#   sh tests/check-man.sh path/to/credatlas
#
# 1. Every man/*.[1-9] passes `mandoc -Tlint -W warning` with no output (groff
#    -ww is the fallback when mandoc is missing; it exits 0 on warnings, so
#    any stderr counts as a failure).
# 2. Every long option (and its short form) printed by `credatlas CMD
#    --help` for scan, rules, report, diff and merge, and every command
#    listed by `credatlas --help`, appears in the rendered credatlas.1
#    (after curl's test1139 and git's t0450). Skipped with a note when the
#    binary is not built yet.
# 3. The RULES section matches scripts/gen-man-rules.sh's output.
# Ends with "man: N passed, N failed"; exits 1 on any failure.
set -u

bin=${1:-}
top=$(cd "$(dirname "$0")/.." && pwd)
page=$top/man/credatlas.1
pass=0
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-man.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

ok() {
	pass=$((pass + 1))
}

bad() {
	echo "man: FAIL: $*" >&2
	fail=$((fail + 1))
}

if command -v mandoc >/dev/null 2>&1; then
	have_mandoc=1
elif command -v groff >/dev/null 2>&1; then
	have_mandoc=0
	echo "man: mandoc not found, linting with groff instead" >&2
else
	echo "man: FAIL: neither mandoc nor groff is installed" >&2
	echo "man: 0 passed, 1 failed"
	exit 1
fi

# --- 1. lint ------------------------------------------------------------
for p in "$top"/man/*.[1-9]; do
	[ -e "$p" ] || continue
	if [ "$have_mandoc" -eq 1 ]; then
		mandoc -Tlint -W warning "$p" >"$tmp/lint" 2>&1
	else
		groff -mdoc -ww -z "$p" >"$tmp/lint" 2>&1
	fi
	rc=$?
	if [ "$rc" -ne 0 ] || [ -s "$tmp/lint" ]; then
		cat "$tmp/lint" >&2
		bad "${p#"$top"/} does not lint clean"
	else
		ok
	fi
done
if [ ! -e "$page" ]; then
	bad "man/credatlas.1 is missing"
	echo "man: $pass passed, $fail failed"
	exit 1
fi

# --- 2. the page documents what the program offers ----------------------
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
	echo "man: note: '${bin:-credatlas}' is not built yet; skipping the" \
	    "option checks (run make first)"
	echo "man: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
fi

# Render to plain text: bold and underline are overstrikes (c BS c), which
# would hide "--output" from grep. Fixed width so no line break depends on
# the terminal.
bs=$(printf '\b')
if [ "$have_mandoc" -eq 1 ]; then
	mandoc -Tascii -O width=78 "$page" >"$tmp/page.raw" 2>/dev/null
else
	groff -mdoc -Tascii -P-c -rLL=78n "$page" >"$tmp/page.raw" 2>/dev/null
fi
sed "s/.$bs//g" "$tmp/page.raw" >"$tmp/page.txt"
if [ ! -s "$tmp/page.txt" ]; then
	bad "cannot render man/credatlas.1"
	echo "man: $pass passed, $fail failed"
	exit 1
fi

# True when the rendered page holds 'word' as a whole option token.
documented() {
	grep -Eq -- "(^|[^A-Za-z0-9-])$1([^A-Za-z0-9-]|\$)" "$tmp/page.txt"
}

for cmd in scan rules report diff merge; do
	if ! "$bin" "$cmd" --help >"$tmp/help" 2>&1; then
		bad "'credatlas $cmd --help' failed"
		continue
	fi
	# Option lines look like "  -o, --output FILE   help" or
	# "      --root DIR   help"; take only the option itself, not the
	# options the help text happens to mention.
	sed -n 's/^ *\(-[A-Za-z0-9], \)\{0,1\}--\([A-Za-z0-9][A-Za-z0-9-]*\).*/\2/p' \
	    "$tmp/help" >"$tmp/long"
	sed -n 's/^ *-\([A-Za-z0-9]\), --.*/\1/p' "$tmp/help" >"$tmp/short"
	if [ ! -s "$tmp/long" ]; then
		bad "'credatlas $cmd --help' lists no options"
		continue
	fi
	while read -r opt; do
		if documented "--$opt"; then
			ok
		else
			bad "credatlas $cmd --$opt is not in man/credatlas.1"
		fi
	done <"$tmp/long"
	while read -r opt; do
		if documented "-$opt"; then
			ok
		else
			bad "credatlas $cmd -$opt is not in man/credatlas.1"
		fi
	done <"$tmp/short"
done

# Commands: "  scan     Scan the invoking user's home..." after "commands:".
"$bin" --help >"$tmp/help" 2>&1
sed -n '/^commands:/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p' "$tmp/help" \
    >"$tmp/cmds"
if [ ! -s "$tmp/cmds" ]; then
	bad "'credatlas --help' lists no commands"
fi
while read -r c; do
	# A command is documented when it heads an entry in COMMANDS.
	if sed -n '/^COMMANDS/,/^[A-Z]/p' "$tmp/page.txt" |
	    grep -Eq "^ +$c( |\$)"; then
		ok
	else
		bad "command '$c' is not in the COMMANDS section"
	fi
done <"$tmp/cmds"

# 3. The RULES section is what scripts/gen-man-rules.sh writes from this
#    binary's rule table (rerun the script after changing rules).
if sh "$top/scripts/gen-man-rules.sh" --print "$bin" >"$tmp/rules.man" 2>&1; then
	sed -n '/^\.\\" BEGIN RULES/,/^\.\\" END RULES/p' "$page" >"$tmp/rules.page"
	if [ -s "$tmp/rules.page" ] && cmp -s "$tmp/rules.man" "$tmp/rules.page"; then
		ok
	else
		bad "the RULES section is out of date: run sh scripts/gen-man-rules.sh"
	fi
else
	bad "scripts/gen-man-rules.sh failed: $(head -1 "$tmp/rules.man")"
fi

echo "man: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
