# t_cli_modes.sh - every report file ends 0600 (issue 17, item 3): in
# every format, by -o, --db, report -o, diff -o and merge, whether it is
# new or existed before with mode 0644 or 0666, and whatever the umask.
# A failed write leaves an existing report as it was, and a symbolic link
# is refused, not followed.
. "$(dirname "$0")/lib.sh"

T=$WORK/tree
mkdir -p "$T"
TOKEN=$("$TOOLS/tokgen" ghp 13)
printf 'export GITHUB_TOKEN=%s\n' "$TOKEN" >"$T/.bashrc"
O=$WORK/reports
mkdir -p "$O"

# expect_600 FILE...
expect_600() {
	for f in "$@"; do
		[ -s "$f" ] || fail "$f was not written"
		expect_eq "mode of $(basename "$f")" "$(stat -c %a "$f")" 600
	done
}

exts="json jsonl ndjson sarif sarif.json html htm csv txt text db sqlite
    sqlite3"
umask 000
for old in none 644 666; do
	rm -f "$O"/*
	args=""
	for e in $exts; do
		f=$O/r.$e
		if [ "$old" != none ]; then
			# An existing report: a database must be one.
			case $e in
			db|sqlite|sqlite3)
				"$CREDATLAS" scan -q "$T" -o "$f" ;;
			*)
				echo old >"$f" ;;
			esac
			chmod "$old" "$f"
		fi
		args="$args -o $f"
	done
	if [ "$old" != none ]; then
		"$CREDATLAS" scan -q "$T" --db "$O/inv.db"
		chmod "$old" "$O/inv.db"
	fi
	ino=$(stat -c %i "$O/r.json" 2>/dev/null || echo none)
	# shellcheck disable=SC2086
	"$CREDATLAS" scan -q "$T" $args --db "$O/inv.db"
	# Replaced by a new file, never written in place: whoever held the
	# old one open reads nothing of the report.
	[ "$(stat -c %i "$O/r.json")" != "$ino" ] ||
	    fail "an existing report was written in place"
	for e in $exts; do
		expect_600 "$O/r.$e"
	done
	expect_600 "$O/inv.db"
	grep -q '^old$' "$O/r.json" && fail "an existing report was not replaced"
	ls -a "$O" | grep -q 'credatlas-' && fail "a temporary file was left"

	# report -o, diff -o and merge OUT over the same kinds of file.
	for f in "$O/rep.json" "$O/rep.html" "$O/diff.json" "$O/diff.txt"; do
		if [ "$old" != none ]; then
			echo old >"$f"
			chmod "$old" "$f"
		fi
	done
	"$CREDATLAS" report "$O/r.json" -o "$O/rep.json" -o "$O/rep.html"
	"$CREDATLAS" diff "$O/r.json" "$O/r.json" -f json -o "$O/diff.json"
	"$CREDATLAS" diff "$O/r.json" "$O/r.json" -o "$O/diff.txt"
	expect_600 "$O/rep.json" "$O/rep.html" "$O/diff.json" "$O/diff.txt"
	if [ "$old" != none ]; then
		cp "$O/inv.db" "$O/merged.db"
		chmod "$old" "$O/merged.db"
	fi
	"$CREDATLAS" merge -q "$O/merged.db" "$O/r.db"
	expect_600 "$O/merged.db"
done
umask 022

# A report that cannot be written leaves the old one whole.
echo keep >"$O/keep.json"
chmod 644 "$O/keep.json"
rc=0
"$CREDATLAS" report "$O/missing.json" -o "$O/keep.json" 2>/dev/null || rc=$?
expect_eq "report of a missing input" "$rc" 2
expect_eq "the old report" "$(cat "$O/keep.json")" keep

# A symbolic link is refused, and its target untouched.
echo target >"$WORK/target"
chmod 644 "$WORK/target"
ln -s "$WORK/target" "$O/link.json"
rc=0
"$CREDATLAS" scan -q "$T" -o "$O/link.json" 2>"$WORK/err" || rc=$?
expect_eq "-o onto a symbolic link" "$rc" 2
grep -q "symbolic link" "$WORK/err" || fail "symbolic link: message"
expect_eq "the link's target" "$(cat "$WORK/target")" target
expect_eq "the link's target mode" "$(stat -c %a "$WORK/target")" 644

# A device is written in place and never re-moded.
"$CREDATLAS" scan -q "$T" -o /dev/null -f json
expect_eq "mode of /dev/null" "$(stat -c %a /dev/null)" 666
echo ok
