# t_known_values.sh - rule precision end to end: the jwt.io sample token in
# a project's docs is a known public test value (listed under "ignored",
# not reported), and so is a value a policy's known_values names; a
# GitHub-shaped token with a bad checksum in GITHUB_TOKEN= is reported by
# no rule; in source code only string literals are reported; and the JSON
# report with its null "ignore" reads back.
. "$(dirname "$0")/lib.sh"

P=$WORK/proj
mkdir -p "$P/docs" "$P/src"
# The jwt.io sample, rebuilt from its documented header, payload and
# secret rather than pasted.
JWT=$($PY -c 'import base64,hmac,hashlib,json
b=lambda x: base64.urlsafe_b64encode(x).rstrip(b"=")
j=lambda o: json.dumps(o,separators=(",",":")).encode()
s=b(j({"alg":"HS256","typ":"JWT"}))+b"."+b(j({"sub":"1234567890","name":"John Doe","iat":1516239022}))
print((s+b"."+b(hmac.new(b"your-256-bit-secret",s,hashlib.sha256).digest())).decode())')
printf 'Send it as `Authorization: Bearer %s`.\n' "$JWT" >"$P/docs/README.md"
BAD=$("$TOOLS/tokgen" --bad-checksum ghp 51)
printf 'GITHUB_TOKEN=%s\n' "$BAD" >"$P/.env"
cat >"$P/src/app.py" <<'EOF'
class Client:
    def __init__(self, user, password=None):
        self.password = password
        password = self.password
        token = os.environ["API_TOKEN"]
        db_password = "Tr0ub4dor&3xq"
EOF
OWN=$("$TOOLS/tokgen" glpat 52)
printf 'fixture_token: %s\n' "$OWN" >"$P/fixture.yaml"
SUM=$(printf '%s' "$OWN" | sha256sum | cut -d' ' -f1)
printf 'version: 1\nknown_values:\n  - "%s"\n' "$SUM" >"$WORK/policy.yaml"

"$CREDATLAS" scan -q --include-deps --policy "$WORK/policy.yaml" \
    --format json -o "$WORK/r.json" "$P" || fail "scan exited $?"
got=$(jq_py "$WORK/r.json" \
    'sorted((c["rule"], c["locations"][0]["path"].split("/proj/")[1]) for c in d["credentials"])')
want='[["generic.password", "src/app.py"]]'
[ "$got" = "$want" ] || fail "credentials: $got, want $want"
got=$(jq_py "$WORK/r.json" \
    'sorted((g["rule"], g["reason"], g["ignore"]) for g in d["ignored"])')
want='[["generic.jwt", "known public test value", null], ["gitlab.pat", "known public test value", null]]'
[ "$got" = "$want" ] || fail "ignored: $got, want $want"
[ "$(jq_py "$WORK/r.json" 'd["scan"]["stats"]["ignored"]')" = 2 ] ||
    fail "stats.ignored is not 2"
# No value leaks into the report.
for v in "$JWT" "$BAD" "$OWN" "Tr0ub4dor&3xq"; do
	! grep -qF "$v" "$WORK/r.json" || fail "a value is in the report"
done
# Without the policy, the project's own value is reported.
"$CREDATLAS" scan -q --include-deps --format json -o "$WORK/r2.json" "$P" ||
    fail "scan without policy exited $?"
[ "$(jq_py "$WORK/r2.json" 'len(d["credentials"])')" = 2 ] ||
    fail "without the policy, the glpat token is not reported"
# The report, null "ignore" and all, reads back.
"$CREDATLAS" report -f json "$WORK/r.json" >"$WORK/back.json" ||
    fail "report could not read the JSON back"
[ "$(jq_py "$WORK/back.json" '[g["ignore"] for g in d["ignored"]]')" = \
    '[null, null]' ] || fail "ignored entries changed on the way back"
echo "known values: ok"
