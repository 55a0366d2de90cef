# t_cli.sh - the command line: version, help for every command, usage
# errors (exit 2), --fail-on (exit 0/1), -o repeated with formats from the
# extension, reports created 0600, NO_COLOR and no progress on a pipe.
. "$(dirname "$0")/lib.sh"

"$CREDATLAS" --version | grep -q '^credatlas [0-9]' || fail "--version"
"$CREDATLAS" --help | grep -q 'scan' || fail "--help lists commands"
for c in scan rules; do
	"$CREDATLAS" $c --help | grep -q "^usage: credatlas $c" ||
	    fail "$c --help"
done

rc=0; "$CREDATLAS" scan --no-such-flag >/dev/null 2>&1 || rc=$?
expect_eq "unknown flag exit" "$rc" 2
rc=0; "$CREDATLAS" nonsense >/dev/null 2>&1 || rc=$?
expect_eq "unknown command exit" "$rc" 2
rc=0; "$CREDATLAS" scan --fail-on bogus . >/dev/null 2>&1 || rc=$?
expect_eq "bad --fail-on exit" "$rc" 2
rc=0; "$CREDATLAS" scan --jobs 0 . >/dev/null 2>&1 || rc=$?
expect_eq "bad --jobs exit" "$rc" 2
rc=0; "$CREDATLAS" scan --root "$WORK/missing" >/dev/null 2>&1 || rc=$?
expect_eq "missing root exit" "$rc" 2

# A tree with one classic PAT (admin tier by default) and nothing else.
T=$WORK/tree
mkdir -p "$T"
TOKEN=$("$TOOLS/tokgen" ghp 7)
printf 'export GITHUB_TOKEN=%s\n' "$TOKEN" >"$T/.bashrc"
printf 'x\t%s\n' "$TOKEN" >"$WORK/planted"
CLEAN=$WORK/clean
mkdir -p "$CLEAN"
echo "nothing to see" >"$CLEAN/readme.txt"

umask 022
rc=0
"$CREDATLAS" scan -o "$WORK/a.json" -o "$WORK/a.txt" --fail-on admin "$T" \
    >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
expect_eq "--fail-on admin with an admin credential" "$rc" 1
for f in a.json a.txt; do
	[ -f "$WORK/$f" ] || fail "$f not written"
	mode=$(stat -c %a "$WORK/$f")
	expect_eq "mode of $f" "$mode" 600
done
jq_py "$WORK/a.json" "d['schema']" | grep -q 'credatlas/1' || fail "json schema"
grep -q 'github' "$WORK/a.txt" || fail "text report names the surface"
grep -q 'report written to' "$WORK/stdout" || fail "summary on stdout"
[ ! -s "$WORK/stderr" ] || fail "stderr not empty on a pipe: $(cat "$WORK/stderr")"

rc=0; "$CREDATLAS" scan -q --fail-on admin "$CLEAN" >"$WORK/q" 2>&1 || rc=$?
expect_eq "--fail-on on a clean tree" "$rc" 0
[ ! -s "$WORK/q" ] || fail "--quiet printed something"

rc=0; "$CREDATLAS" scan -q --fail-on critical "$T" || rc=$?
expect_eq "--fail-on risk" "$rc" 1

# --format json to stdout; an unknown extension needs --format.
"$CREDATLAS" scan --format json "$T" >"$WORK/stdout.json"
jq_py "$WORK/stdout.json" "len(d['credentials'])" | grep -qv '^0$' ||
    fail "json on stdout"
rc=0; "$CREDATLAS" scan -o "$WORK/report.weird" "$T" >/dev/null 2>&1 || rc=$?
expect_eq "unknown extension without --format" "$rc" 2
"$CREDATLAS" scan -q --format json -o "$WORK/report.weird" "$T"
jq_py "$WORK/report.weird" "d['schema']" >/dev/null

# No colour on a pipe or under NO_COLOR.
NO_COLOR=1 "$CREDATLAS" scan "$T" >"$WORK/plain" 2>&1
if grep -q "$(printf '\033')" "$WORK/plain"; then fail "colour with NO_COLOR"; fi

# rules lists surfaces and content rules with ids.
"$CREDATLAS" rules >"$WORK/rules"
grep -q 'github.pat-classic' "$WORK/rules" || fail "rules lists github.pat-classic"
"$CREDATLAS" rules --json | $PY -c 'import json,sys; d=json.load(sys.stdin); assert d["content_rules"]'
[ "$("$CREDATLAS" rules --patterns | wc -l)" -gt 20 ] || fail "rules --patterns"

assert_no_secrets "$WORK/planted" "$WORK"/a.* "$WORK/stdout" \
    "$WORK/stdout.json" "$WORK/plain" "$WORK/report.weird"

# The key file was created 0600 in the (temporary) home.
mode=$(stat -c %a "$HOME/.config/credatlas/fingerprint.key")
expect_eq "fingerprint key mode" "$mode" 600
echo ok
