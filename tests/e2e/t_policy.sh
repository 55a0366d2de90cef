# t_policy.sh - owners map and policy end to end: the map gives teams and
# contacts (first rule wins), a credential of alice's in bob's home is
# misplaced, an ignore removes a finding (listed under "ignored"), an
# expired ignore does not (reason and warning), the policy's fail_on sets
# the exit status unless --fail-on is given, and bad files exit 2 naming
# the key; then `rules --matrix` against the manual's RISK MATRIX.
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
A=$ROOT/home/alice
B=$ROOT/home/bob
mkdir -p "$ROOT/etc" "$A/.config/gh" "$A/proj/testdata" "$B"
if [ "$(id -u)" = 0 ]; then
	alice=1000
	bob=1001
else
	alice=$(id -u)
	bob=$((alice + 1))
fi
printf 'root:x:0:0:root:/root:/bin/sh\nalice:x:%s:%s:Alice:/home/alice:/bin/sh\nbob:x:%s:%s:Bob:/home/bob:/bin/sh\n' \
    "$alice" "$alice" "$bob" "$bob" >"$ROOT/etc/passwd"

GHO=$("$TOOLS/tokgen" gho 41)
GHP=$("$TOOLS/tokgen" ghp 42)
FIX=$("$TOOLS/tokgen" ghp 43)
NPM=$("$TOOLS/tokgen" npm 44)
OLD=$("$TOOLS/tokgen" glpat 45)
printf 'github.com:\n    user: alice\n    oauth_token: %s\n    git_protocol: https\n' \
    "$GHO" >"$A/.config/gh/hosts.yml"
printf 'export GITHUB_TOKEN=%s\n' "$GHP" >"$A/.bashrc"
printf 'GITHUB_TOKEN=%s\n' "$FIX" >"$A/proj/testdata/.env"
printf '//registry.npmjs.org/:_authToken=%s\n' "$NPM" >"$B/.npmrc"
printf 'GITLAB_TOKEN=%s\n' "$OLD" >"$A/.env.old"
printf 'gho\t%s\nghp\t%s\nfixture\t%s\nnpm\t%s\nglpat\t%s\n' \
    "$GHO" "$GHP" "$FIX" "$NPM" "$OLD" >"$WORK/planted"
find "$ROOT/home" -type f -exec chmod 600 {} +
# Everything belongs to alice, bob's .npmrc included.
[ "$(id -u)" = 0 ] && chown -R "$alice:$alice" "$ROOT/home"

cat >"$WORK/owners.yaml" <<'EOF'
version: 1
rules:
  - match: {identity: "*@GITHUB.com", kind: "github-*"}
    team: dev
    contact: dev@corp.example
  - match: {path: "home/bob/**"}
    team: bob-team
  - match: {kind: "github-pat-*"}
    team: platform
  - match: {user: alice}
    team: alice-catch-all
EOF

policy() { # EXPIRES FAIL_ON
	cat <<EOF
version: 1
fail_on: $2
ignore:
  - path: "**/testdata/**"
    reason: fixtures
  - kind: "gitlab-*"
    reason: old exception
    expires: $1
EOF
}
policy 2001-01-31 critical >"$WORK/expired.yaml"
policy 2999-12-31 critical >"$WORK/live.yaml"

# --- an expired ignore: the critical GitLab token is back --------------
rc=0
"$CREDATLAS" scan --root "$ROOT" --owners "$WORK/owners.yaml" \
    --policy "$WORK/expired.yaml" -o "$WORK/expired.json" \
    >"$WORK/expired.out" 2>"$WORK/expired.err" || rc=$?
expect_eq "policy fail_on with the expired ignore" "$rc" 1
grep -q "warning: policy: ignore\[1\] expired on 2001-01-31 and no longer applies: old exception" \
    "$WORK/expired.err" || fail "no warning for the expired ignore: $(cat "$WORK/expired.err")"

# --- the same ignore alive: nothing critical, exit 0 --------------------
rc=0
"$CREDATLAS" scan -q --root "$ROOT" --owners "$WORK/owners.yaml" \
    --policy "$WORK/live.yaml" -o "$WORK/live.json" \
    2>"$WORK/live.err" || rc=$?
expect_eq "policy fail_on with every critical ignored" "$rc" 0
[ ! -s "$WORK/live.err" ] || fail "stderr: $(cat "$WORK/live.err")"
# --fail-on on the command line wins over the policy's
rc=0
"$CREDATLAS" scan -q --root "$ROOT" --policy "$WORK/live.yaml" \
    --fail-on high || rc=$?
expect_eq "--fail-on over fail_on" "$rc" 1

$PY - "$WORK/expired.json" "$WORK/live.json" "$alice" "$WORK/planted" <<'PYEOF'
import json, sys
exp = json.load(open(sys.argv[1]))
live = json.load(open(sys.argv[2]))
alice = int(sys.argv[3])
planted = dict(l.rstrip("\n").split("\t", 1) for l in open(sys.argv[4]))
fails = []

def check(cond, what):
    if not cond:
        fails.append(what)

def by_token(doc, name):
    tok = planted[name]
    hits = [c for c in doc["credentials"]
            if c["redacted"] and tok.startswith(c["redacted"].rstrip("\u2026"))]
    return hits[0] if len(hits) == 1 else None

for doc, what in ((exp, "expired"), (live, "live")):
    gho = by_token(doc, "gho")
    check(gho and gho["owner"] == {"user": "alice", "uid": alice,
          "source": "owners-map", "team": "dev",
          "contact": "dev@corp.example"}, f"{what}: gho owner {gho and gho['owner']}")
    ghp = by_token(doc, "ghp")
    check(ghp and ghp["owner"]["team"] == "platform"
          and ghp["owner"]["contact"] is None, f"{what}: ghp owner")
    check(ghp and ghp["tier_evidence"] == "assumed", f"{what}: ghp evidence")
    npm = by_token(doc, "npm")
    check(npm and npm["owner"]["team"] == "bob-team", f"{what}: npm team")
    check(npm and npm["misplaced"] and npm["locations"][0]["misplaced"],
          f"{what}: npm misplaced")
    check(npm and any(r.startswith("misplaced: owned by alice, in the home of bob")
                      for r in npm["reasons"]), f"{what}: npm reason {npm and npm['reasons']}")
    check(npm and npm["risk"] == "high", f"{what}: npm risk")
    check(by_token(doc, "fixture") is None, f"{what}: the fixture is reported")
    check(all(c["owner"]["source"] in ("owners-map", "identity", "file-uid", "unowned")
              for c in doc["credentials"]), f"{what}: owner sources")
    check(all(not l["path"].startswith("/home/alice/proj/testdata/")
              for c in doc["credentials"] for l in c["locations"]),
          f"{what}: a testdata path is still listed")

old = by_token(exp, "glpat")
check(old is not None, "expired: the GitLab token is missing")
check(old and old["risk"] == "critical", f"expired: glpat risk {old and old['risk']}")
check(old and "ignore expired on 2001-01-31: old exception" in old["reasons"],
      f"expired: glpat reasons {old and old['reasons']}")
check(old and old["owner"]["team"] == "alice-catch-all", "expired: glpat team")
check(len(exp["ignored"]) == 1 and exp["ignored"][0]["reason"] == "fixtures"
      and exp["ignored"][0]["ignore"] == 0, f"expired: ignored {exp['ignored']}")
check(exp["scan"]["stats"]["ignored"] == 1, "expired: stats.ignored")

check(by_token(live, "glpat") is None, "live: the GitLab token is reported")
ig = sorted(live["ignored"], key=lambda g: g["ignore"])
check([(g["ignore"], g["reason"], g["expires"]) for g in ig] ==
      [(0, "fixtures", None), (1, "old exception", "2999-12-31")],
      f"live: ignored {live['ignored']}")
check(ig[1]["kind"] == "gitlab-pat", "live: ignored kind")
check(live["scan"]["stats"]["ignored"] == 2, "live: stats.ignored")
check(live["summary"]["credentials"] == len(live["credentials"]), "live: summary")
check(live["summary"]["by_risk"]["critical"] == 0, "live: nothing critical")

if fails:
    print("FAIL: " + "; ".join(fails), file=sys.stderr)
    sys.exit(1)
PYEOF

# --- bad files: exit 2 before scanning, the key named, no report --------
printf 'version: 1\nignore:\n  - kind: x\n    reason: ok\n  - kind: y\n' \
    >"$WORK/noreason.yaml"
printf 'version: 1\nfail_on: high\nexposure_weight:\n  history: 2\n' \
    >"$WORK/unknown.yaml"
printf '{"ignore": [{"kind": "x", "reason": "r", "expires": "2026-13-01"}]}\n' \
    >"$WORK/baddate.json"
printf 'rules:\n  - match: {kind: x}\n    team: t\n    colour: red\n' \
    >"$WORK/badowners.yaml"
for case in "noreason.yaml:line 5, column 5: ignore[1]: 'reason' is required" \
    "unknown.yaml:line 3, column 1: exposure_weight: unknown key 'exposure_weight'" \
    "baddate.json:ignore[0].expires: expected a date as YYYY-MM-DD"; do
	file=${case%%:*}
	want=${case#*:}
	rc=0
	"$CREDATLAS" scan --root "$ROOT" --policy "$WORK/$file" \
	    -o "$WORK/never.json" >"$WORK/bad.out" 2>"$WORK/bad.err" || rc=$?
	expect_eq "exit status for $file" "$rc" 2
	grep -qF "$want" "$WORK/bad.err" ||
	    fail "$file: stderr lacks '$want': $(cat "$WORK/bad.err")"
	[ ! -e "$WORK/never.json" ] || fail "$file: a report was written"
done
rc=0
"$CREDATLAS" scan --root "$ROOT" --owners "$WORK/badowners.yaml" \
    >/dev/null 2>"$WORK/bad.err" || rc=$?
expect_eq "exit status for a bad owners map" "$rc" 2
grep -qF "rules[0].colour: unknown key 'colour'" "$WORK/bad.err" ||
    fail "bad owners map: $(cat "$WORK/bad.err")"
rc=0
"$CREDATLAS" scan --root "$ROOT" --policy "$WORK/missing.yaml" \
    >/dev/null 2>"$WORK/bad.err" || rc=$?
expect_eq "exit status for a missing policy" "$rc" 2

# --- the examples shipped with the source load ---------------------------
"$CREDATLAS" scan -q --root "$ROOT" --owners "$TOP/examples/owners.yaml" \
    --policy "$TOP/examples/policy.yaml" --fail-on critical \
    -o "$WORK/examples.json" 2>"$WORK/examples.err" || true
jq_py "$WORK/examples.json" "d['schema']" | grep -q credatlas/1 ||
    fail "examples: no report"

# --- rules --matrix is the manual's RISK MATRIX --------------------------
"$CREDATLAS" rules --matrix >"$WORK/matrix.txt"
"$CREDATLAS" rules --matrix --json >"$WORK/matrix.json"
$PY - "$WORK/matrix.txt" "$WORK/matrix.json" "$TOP/man/credatlas.1" <<'PYEOF'
import json, re, sys
rows = [l.split() for l in open(sys.argv[1]) if re.match(r"^(read|write|secret|admin) ", l)]
assert len(rows) == 20, f"{len(rows)} rows in rules --matrix"
cells = json.load(open(sys.argv[2]))["matrix"]
assert len(cells) == 80, f"{len(cells)} cells in rules --matrix --json"
for c in cells:
    row = [r for r in rows if r[0] == c["tier"] and r[1] == c["lifetime"]][0]
    assert row[2 + c["exposures"]] == c["risk"], f"text and JSON differ at {c}"
page = open(sys.argv[3]).read()
sec = page[page.index(".Sh RISK MATRIX"):]
sec = sec[:sec.index("\n.Sh ", 1)]
man = [l[len(".It Cm "):].split(" Ta ") for l in sec.splitlines()
       if l.startswith(".It Cm ")]
assert [m for m in man] == rows, "the manual's RISK MATRIX differs from rules --matrix"
# the two rules the issue names
for r in rows:
    if r[1] == "expired":
        assert r[2:] == ["low"] * 4, r
    if r[0] == "admin" and r[1] == "standing":
        assert r[3:] == ["critical"] * 3, r
PYEOF

assert_no_secrets "$WORK/planted" "$WORK"/*.json "$WORK"/*.err \
    "$WORK/expired.out"
