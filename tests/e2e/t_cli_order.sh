# t_cli_order.sh - the command line as users expect it (issue 10): every
# command takes its options after its operands, "--" ends the options, a
# missing target or input is exit 2 with a message even under -q, an -o
# whose format cannot be known fails before any work, "-" scans standard
# input, and the report header names what was scanned.
. "$(dirname "$0")/lib.sh"

T=$WORK/tree
mkdir -p "$T"
TOKEN=$("$TOOLS/tokgen" ghp 11)
printf 'export GITHUB_TOKEN=%s\n' "$TOKEN" >"$T/.bashrc"
printf 'x\t%s\n' "$TOKEN" >"$WORK/planted"
CLEAN=$WORK/clean
mkdir -p "$CLEAN"
echo "nothing to see" >"$CLEAN/readme.txt"
cd "$WORK"

# run WANT WHAT ARGS...: runs credatlas, output in $WORK/out and
# $WORK/err, and checks the exit status.
run() {
	want=$1
	what=$2
	shift 2
	rc=0
	"$CREDATLAS" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null || rc=$?
	expect_eq "$what (exit status)" "$rc" "$want"
}

# --- scan -------------------------------------------------------------
run 1 "scan DIR -o FILE --fail-on admin" scan "$T" -o "$WORK/o1.json" \
    --fail-on admin
[ -f "$WORK/o1.json" ] || fail "scan DIR -o FILE did not write FILE"
expect_eq "scope of 'scan DIR -o FILE'" \
    "$(jq_py "$WORK/o1.json" "d['scan']['scope']")" "$T"
grep -q "report written to $WORK/o1.json" "$WORK/out" ||
    fail "scan DIR -o FILE: no 'report written'"
run 1 "scan DIR --fail-on admin" scan "$T" --fail-on admin -q
run 1 "scan DIR --fail-on critical (a risk)" scan -q "$T" --fail-on critical
rc=0
POSIXLY_CORRECT=1 "$CREDATLAS" scan "$T" --fail-on admin -q || rc=$?
expect_eq "scan DIR --fail-on admin under POSIXLY_CORRECT" "$rc" 1
run 0 "scan CLEAN --fail-on admin" scan "$CLEAN" --fail-on admin -q
run 2 "scan DIR --fail-on (no value)" scan "$T" --fail-on
run 2 "scan DIR --no-such-flag" scan "$T" --no-such-flag

# "--" ends the options: a directory named "-o" is a PATH.
mkdir -p "$WORK/-o"
cp "$T/.bashrc" "$WORK/-o/.bashrc"
run 1 "scan --fail-on admin -- -o" scan -q --fail-on admin -- -o
run 2 "scan -q -- DIR --fail-on admin (after --, not an option)" \
    scan -q -- "$T" --fail-on admin
grep -q "cannot scan '--fail-on'" "$WORK/err" ||
    fail "an operand after -- was not taken as a path"

# A missing or unreadable target is an error, even with -q.
run 2 "scan MISSING" scan -q "$WORK/missing"
grep -q "cannot scan '$WORK/missing'" "$WORK/err" ||
    fail "scan MISSING: no message on stderr under -q"
grep -q "no credentials found" "$WORK/out" &&
    fail "scan MISSING said 'no credentials found'"
run 2 "scan DIR MISSING --fail-on admin" scan "$T" "$WORK/missing" \
    --fail-on admin
run 2 "scan --root DIR MISSING" scan -q --root "$WORK" /missing
rc=0
HOME=$WORK/no-such-home "$CREDATLAS" scan -q >"$WORK/out" 2>"$WORK/err" ||
    rc=$?
expect_eq "scan with a missing home (exit status)" "$rc" 2
grep -q "no-such-home" "$WORK/err" || fail "missing home: no message"
if [ "$(id -u)" != 0 ]; then
	mkdir -p "$WORK/locked"
	chmod 000 "$WORK/locked"
	run 2 "scan UNREADABLE" scan -q "$WORK/locked"
	chmod 755 "$WORK/locked"
fi

# An -o whose format cannot be known fails before the scan.
run 2 "scan DIR -o FILE.weird" scan "$T" -o "$WORK/o.weird"
[ ! -e "$WORK/o.weird" ] || fail "-o FILE.weird was created"
grep -q "report written" "$WORK/out" && fail "-o FILE.weird: 'report written'"
grep -q "inventory of" "$WORK/out" && fail "-o FILE.weird: the scan ran"
grep -q "cannot tell the format" "$WORK/err" || fail "-o FILE.weird: message"
run 0 "scan DIR -o FILE.weird --format json" scan "$CLEAN" -o "$WORK/o.weird" \
    --format json -q
jq_py "$WORK/o.weird" "d['schema']" >/dev/null
run 2 "scan -f sqlite to stdout" scan "$CLEAN" -f sqlite

# "-" reads standard input.
rc=0
"$CREDATLAS" scan - --fail-on admin -o "$WORK/stdin.json" \
    <"$T/.bashrc" >"$WORK/out" 2>"$WORK/err" || rc=$?
expect_eq "scan - --fail-on admin (exit status)" "$rc" 1
expect_eq "stdin: credentials" \
    "$(jq_py "$WORK/stdin.json" "len(d['credentials'])")" 1
expect_eq "stdin: the location" "$(jq_py "$WORK/stdin.json" \
    "d['credentials'][0]['locations'][0]['path']")" "/(stdin)"
expect_eq "stdin: scope" "$(jq_py "$WORK/stdin.json" "d['scan']['scope']")" \
    "(stdin)"
rc=0
"$CREDATLAS" scan - <"$CLEAN/readme.txt" >"$WORK/out" 2>&1 || rc=$?
expect_eq "scan - (clean input)" "$rc" 0
head -1 "$WORK/out" | grep -q "inventory of (stdin)" ||
    fail "stdin: the header does not say (stdin)"
run 2 "scan - DIR" scan - "$T"
run 2 "scan --root DIR -" scan --root "$WORK" -

# The header names what was scanned, not "dir /".
run 0 "scan CLEAN" scan "$CLEAN"
head -1 "$WORK/out" | grep -q "inventory of $CLEAN\$" ||
    fail "text header: $(head -1 "$WORK/out")"
run 0 "scan CLEAN -o FILE.html" scan "$CLEAN" -o "$WORK/h.html" -q
grep -q "inventory of $CLEAN<" "$WORK/h.html" || fail "html header"

# --- report -----------------------------------------------------------
run 0 "report FILE -f json" report "$WORK/o1.json" -f json
$PY -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/out" ||
    fail "report FILE -f json: not JSON"
run 0 "report FILE -o FILE.csv" report "$WORK/o1.json" -o "$WORK/r.csv"
[ -s "$WORK/r.csv" ] || fail "report FILE -o FILE.csv"
run 2 "report MISSING" report "$WORK/missing.json" -f json
run 2 "report FILE -o FILE.weird" report "$WORK/o1.json" -o "$WORK/r.weird"
[ ! -e "$WORK/r.weird" ] || fail "report -o FILE.weird was created"
run 2 "report FILE --no-such-flag" report "$WORK/o1.json" --no-such-flag

# --- diff -------------------------------------------------------------
"$CREDATLAS" scan -q "$CLEAN" -o "$WORK/clean.json"
run 1 "diff A B --fail-on admin" diff "$WORK/clean.json" "$WORK/o1.json" \
    --fail-on admin
run 0 "diff B A --fail-on admin" diff "$WORK/o1.json" "$WORK/clean.json" \
    --fail-on admin
run 1 "diff A B -f json -o FILE --fail-on admin" diff "$WORK/clean.json" \
    "$WORK/o1.json" -f json -o "$WORK/d.json" --fail-on admin
expect_eq "diff -o: new" "$(jq_py "$WORK/d.json" "len(d['new'])")" 1
run 2 "diff MISSING B" diff "$WORK/missing.json" "$WORK/o1.json" \
    --fail-on admin
run 2 "diff A B --fail-on bogus" diff "$WORK/clean.json" "$WORK/o1.json" \
    --fail-on bogus

# --- merge ------------------------------------------------------------
"$CREDATLAS" scan -q "$T" --db "$WORK/in.db"
run 0 "merge OUT IN -q" merge "$WORK/all.db" "$WORK/in.db" -q
[ ! -s "$WORK/out" ] || fail "merge OUT IN -q printed: $(cat "$WORK/out")"
run 0 "report OUT --list" report "$WORK/all.db" --list
grep -q "$T" "$WORK/out" || fail "merge OUT IN: the scan is not in OUT"
run 2 "merge OUT MISSING -q" merge "$WORK/all2.db" "$WORK/missing.db" -q
grep -q "missing.db" "$WORK/err" || fail "merge OUT MISSING: no message"

# --- rules ------------------------------------------------------------
run 0 "rules --json" rules --json
run 2 "rules OPERAND --json" rules extra --json

assert_no_secrets "$WORK/planted" "$WORK"/*.json "$WORK"/*.csv \
    "$WORK"/*.html "$WORK/out"
echo ok
