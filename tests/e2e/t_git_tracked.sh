# t_git_tracked.sh - exposure factor "git": a token in a committed .env is
# tracked by git (a reason naming the repository, "tracked": true on its
# location); a token in an untracked file of the same repository is not.
. "$(dirname "$0")/lib.sh"

command -v git >/dev/null 2>&1 || { echo "skip: no git"; exit 0; }
T=$WORK/tree
R=$T/proj
mkdir -p "$R"
TRACKED=$("$TOOLS/tokgen" ghp 41)
LOOSE=$("$TOOLS/tokgen" ghp 42)
printf 'x\t%s\ny\t%s\n' "$TRACKED" "$LOOSE" >"$WORK/planted"
printf 'GITHUB_TOKEN=%s\n' "$TRACKED" >"$R/.env"
printf 'token = "%s"\n' "$LOOSE" >"$R/notes.toml"
git -C "$R" init -q
git -C "$R" -c user.name=t -c user.email=t@example.invalid add .env
git -C "$R" -c user.name=t -c user.email=t@example.invalid \
    commit -q -m fixture

rc=0
"$CREDATLAS" scan -q -o "$WORK/r.json" -o "$WORK/r.txt" "$T" \
    >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc: $(head -5 "$WORK/stderr")"
J=$WORK/r.json

# the credential whose only location ends with the given name
sel() {
	echo "[c for c in d['credentials'] if c['locations'][0]['path'].endswith('$1')][0]"
}
expect_eq "tracked location" \
    "$(jq_py "$J" "$(sel /proj/.env)['locations'][0]['tracked']")" True
expect_eq "tracked reason" \
    "$(jq_py "$J" "[r for r in $(sel /proj/.env)['reasons'] if r.startswith('tracked by git in ')][0].endswith('/proj')")" \
    True
expect_eq "untracked location" \
    "$(jq_py "$J" "$(sel /proj/notes.toml)['locations'][0]['tracked']")" \
    False
expect_eq "untracked reason" \
    "$(jq_py "$J" "any(r.startswith('tracked by git') for r in $(sel /proj/notes.toml)['reasons'])")" \
    False
# The index itself is never a location.
expect_eq "no location in .git" \
    "$(jq_py "$J" "any('/.git/' in l['path'] for c in d['credentials'] for l in c['locations'])")" \
    False
# The report loads back with the field.
"$CREDATLAS" report --format json "$J" >"$WORK/again.json" 2>"$WORK/stderr2" ||
    fail "report reload: $(head -3 "$WORK/stderr2")"
expect_eq "tracked after reload" \
    "$(jq_py "$WORK/again.json" "$(sel /proj/.env)['locations'][0]['tracked']")" True
assert_no_secrets "$WORK/planted" "$J" "$WORK/r.txt" "$WORK/stdout" \
    "$WORK/stderr" "$WORK/again.json"
