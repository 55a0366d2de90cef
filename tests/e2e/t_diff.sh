# t_diff.sh - `credatlas diff` and `scan --baseline`: two scans of a tree
# with a change between them (one credential gone, one new, one copied to
# a second file) compare the same from the JSON reports, from the inventory
# by id and from the inventory by default; --fail-on gates only on what is
# new; the baseline (a report or an inventory) keeps known credentials out
# of --fail-on; fingerprints under another key are refused (exit 2); file
# names cannot forge the text output; nothing secret comes out.
. "$(dirname "$0")/lib.sh"

T=$WORK/tree
mkdir -p "$T"
: >"$WORK/planted"
plant() {
	tok=$("$TOOLS/tokgen" "$2" "$3") || fail "tokgen $2 failed"
	printf 'token = %s\n' "$tok" >>"$1"
	printf '%s\t%s\n' "$4" "$tok" >>"$WORK/planted"
}
plant "$T/.bashrc" ghp 201 pat
plant "$T/.env" glpat 202 gitlab
DB=$WORK/inv.db

"$CREDATLAS" scan -q --db "$DB" -o "$WORK/r1.json" "$T"
PAT=$(jq_py "$WORK/r1.json" \
    "[c['id'] for c in d['credentials'] if c['kind']=='github-pat-classic'][0]")
GL=$(jq_py "$WORK/r1.json" \
    "[c['id'] for c in d['credentials'] if c['kind']=='gitlab-pat'][0]")

# The GitLab token goes, the PAT is copied, a write-tier npm token comes
# in a file whose name holds a newline and an escape sequence.
sleep 1
rm "$T/.env"
cp "$T/.bashrc" "$T/.profile"
ODD=$(printf 'odd\033[31mname\nx.env')
plant "$T/$ODD" npm 203 npm
"$CREDATLAS" scan -q --db "$DB" -o "$WORK/r2.json" "$T"
NPM=$(jq_py "$WORK/r2.json" \
    "[c['id'] for c in d['credentials'] if c['kind']=='npm-token'][0]")

# Text: one line per change and a summary, nothing raw from file names.
rc=0
"$CREDATLAS" diff "$WORK/r1.json" "$WORK/r2.json" >"$WORK/d.txt" || rc=$?
expect_eq "diff exit without --fail-on" "$rc" 0
grep -q '^1 new, 1 gone, 1 changed$' "$WORK/d.txt" ||
    fail "diff summary: $(cat "$WORK/d.txt")"
grep -q '^new  .*npm-token' "$WORK/d.txt" || fail "new line"
grep -q '^gone .*gitlab-pat' "$WORK/d.txt" || fail "gone line"
grep -q '^changed .*github-pat-classic' "$WORK/d.txt" || fail "changed line"
grep -q "^ *+ $T/.profile:1\$" "$WORK/d.txt" || fail "added location"
grep -q 'odd\\x1b\[31mname\\x0ax.env:1$' "$WORK/d.txt" ||
    fail "escaped file name: $(cat "$WORK/d.txt")"
if grep -q "$(printf '\033')" "$WORK/d.txt"; then
	fail "an escape sequence reached the text output"
fi

# JSON: the same, by id, from reports and from the inventory.
"$CREDATLAS" diff -f json "$WORK/r1.json" "$WORK/r2.json" >"$WORK/d1.json"
"$CREDATLAS" diff -f json --db "$DB" 1 2 >"$WORK/d2.json"
"$CREDATLAS" diff -f json --db "$DB" >"$WORK/d3.json"
"$CREDATLAS" diff -f json --db "$DB" 2 >"$WORK/d4.json"
"$CREDATLAS" diff -f json "$WORK/r1.json" "$DB" >"$WORK/d5.json"
for f in d1 d2 d3 d4 d5; do
	got=$(jq_py "$WORK/$f.json" "[d['schema'], d['summary'],
	    [c['id'] for c in d['new']], [c['id'] for c in d['gone']],
	    [c['id'] for c in d['changed']],
	    d['changed'][0]['changes']['locations']['added'][0]['path'],
	    d['changed'][0]['changes']['locations']['removed']]")
	want=$($PY -c 'import json,sys
print(json.dumps(["credatlas-diff/1", {"changed": 1, "gone": 1, "new": 1},
    [sys.argv[1]], [sys.argv[2]], [sys.argv[3]], sys.argv[4], []],
    sort_keys=True))' "$NPM" "$GL" "$PAT" "$T/.profile")
	expect_eq "diff $f" "$got" "$want"
done
expect_eq "scan ids in the JSON" \
    "$(jq_py "$WORK/d2.json" "[d['from']['scan'], d['to']['scan']]")" "[1, 2]"
expect_eq "no scan id for a report" \
    "$(jq_py "$WORK/d1.json" "d['from']['scan']")" None
"$CREDATLAS" diff -f json -o "$WORK/d6.json" "$WORK/r1.json" "$WORK/r2.json"
expect_eq "diff -o mode" "$(stat -c %a "$WORK/d6.json")" 600
cmp -s "$WORK/d1.json" "$WORK/d6.json" || fail "diff -o differs from stdout"

# --fail-on counts only new credentials: the npm token is write-tier; the
# PAT (admin) is not new. The npm token's risk depends on where the test
# runs (a tree under /tmp is a shared place: one more exposure factor), so
# the expected exit for each risk level is read from the report.
NPM_RISK=$(jq_py "$WORK/r2.json" \
    "[c['risk'] for c in d['credentials'] if c['kind']=='npm-token'][0]")
levels="admin:0 write:1 read:1"
for r in low medium high critical; do
	want=$($PY -c 'import sys
order = ["low", "medium", "high", "critical"]
print(1 if order.index(sys.argv[1]) >= order.index(sys.argv[2]) else 0)' \
	    "$NPM_RISK" "$r")
	levels="$levels $r:$want"
done
for level_rc in $levels; do
	level=${level_rc%:*}
	rc=0
	"$CREDATLAS" diff --fail-on "$level" "$WORK/r1.json" "$WORK/r2.json" \
	    >/dev/null || rc=$?
	expect_eq "diff --fail-on $level" "$rc" "${level_rc#*:}"
done
rc=0
"$CREDATLAS" diff --fail-on read "$WORK/r2.json" "$WORK/r2.json" \
    >"$WORK/same.txt" || rc=$?
expect_eq "diff of a report with itself" "$rc" 0
grep -q '^0 new, 0 gone, 0 changed$' "$WORK/same.txt" || fail "self diff"

# Usage errors.
for args in "$WORK/r1.json" "-f xml $WORK/r1.json $WORK/r2.json" \
    "--db $DB 1 9" "--db $DB 1 x" "--db $DB 1 2 3" "--db $DB 1" \
    "$WORK/r1.json $WORK/missing.json" "--fail-on nope $WORK/r1.json $DB"; do
	rc=0
	# shellcheck disable=SC2086
	"$CREDATLAS" diff $args >/dev/null 2>&1 || rc=$?
	expect_eq "diff $args" "$rc" 2
done

# --baseline: what the baseline holds does not count toward --fail-on.
bl() {
	rc=0
	"$CREDATLAS" scan -q --fail-on "$1" --baseline "$2" "$T" || rc=$?
	echo "$rc"
}
expect_eq "baseline of the same scan" "$(bl admin "$WORK/r2.json")" 0
expect_eq "baseline with the PAT" "$(bl admin "$WORK/r1.json")" 0
expect_eq "baseline without the npm token" "$(bl write "$WORK/r1.json")" 1
expect_eq "baseline inventory" "$(bl read "$DB")" 0
rc=0; "$CREDATLAS" scan -q --fail-on admin "$T" || rc=$?
expect_eq "no baseline" "$rc" 1
# An inventory used as its own baseline: fail only on what is new since
# the last scan; it is read before the scan is added.
plant "$T/.bashrc" ghp 204 pat2
rc=0
"$CREDATLAS" scan -q --fail-on admin --db "$DB" --baseline "$DB" "$T" || rc=$?
expect_eq "new admin credential since the last scan" "$rc" 1
rc=0
"$CREDATLAS" scan -q --fail-on admin --db "$DB" --baseline "$DB" "$T" || rc=$?
expect_eq "nothing new since the last scan" "$rc" 0
rc=0
"$CREDATLAS" scan -q --fail-on admin --baseline "$WORK/missing.json" "$T" \
    2>/dev/null || rc=$?
expect_eq "missing baseline" "$rc" 2
printf '{"schema": "credatlas/1"' >"$WORK/broken.json"
rc=0
"$CREDATLAS" scan -q --baseline "$WORK/broken.json" "$T" 2>/dev/null || rc=$?
expect_eq "broken baseline" "$rc" 2

# Another fingerprint key: nothing can be compared.
head -c 64 /dev/urandom | od -An -tx1 | tr -d ' \n' | cut -c1-64 \
    >"$WORK/other.key"
chmod 600 "$WORK/other.key"
"$CREDATLAS" scan -q --fingerprint-key-file "$WORK/other.key" \
    -o "$WORK/other.json" "$T"
rc=0
"$CREDATLAS" diff "$WORK/r1.json" "$WORK/other.json" >/dev/null \
    2>"$WORK/err" || rc=$?
expect_eq "diff across keys" "$rc" 2
grep -q 'different keys' "$WORK/err" || fail "diff message: $(cat "$WORK/err")"
rc=0
"$CREDATLAS" scan -q --fail-on admin --fingerprint-key-file "$WORK/other.key" \
    --baseline "$WORK/r2.json" "$T" 2>"$WORK/err" || rc=$?
expect_eq "baseline under another key" "$rc" 2
grep -q 'different keys' "$WORK/err" || fail "baseline message"

assert_no_secrets "$WORK/planted" "$WORK/d.txt" "$WORK"/d[1-6].json \
    "$WORK/r1.json" "$WORK/r2.json" "$WORK/same.txt"
echo ok
