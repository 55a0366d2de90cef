# t_rules_user.sh - the rule engine's user-facing features end to end:
# secrets inside encoded values (a Kubernetes Secret's base64, a
# percent-encoded URL, a JSON-escaped string, base64 of base64) are
# reported with their "encoding" at the encoded value's line; a secret on a
# line with an allow comment is counted under "ignored" and shown nowhere;
# a user rule (--rules, YAML and TOML) reports what it matches with its
# kind and tier, and a hostile rules file stops the scan with an error
# naming the rule; every report format carries the count, validates, and
# holds no secret.
. "$(dirname "$0")/lib.sh"

P=$WORK/proj
mkdir -p "$P/k8s" "$P/web" "$P/app"
T1=$("$TOOLS/tokgen" ghp 61)
T2=$("$TOOLS/tokgen" ghp 62)
T3=$("$TOOLS/tokgen" npm 63)
T4=$("$TOOLS/tokgen" ghp 64)
T5=$("$TOOLS/tokgen" ghp 65)
T6=$("$TOOLS/tokgen" ghp 66)
B1=$(printf '%s' "$T1" | base64 -w0)
B4=$(printf '%s' "$T4" | base64 -w0 | base64 -w0)
printf 'apiVersion: v1\nkind: Secret\ndata:\n  token: %s\n' "$B1" \
    >"$P/k8s/secret.yaml"
U2=$($PY -c 'import sys,urllib.parse; print(urllib.parse.quote("https://h.example/cb?t=" + sys.argv[1], safe=""))' "$T2")
printf 'redirect=%s\n' "$U2" >"$P/web/links.txt"
J3=$($PY -c 'import sys; print(sys.argv[1].replace("_", "\\u005F"))' "$T3")
printf '{"npmrc": "//registry.npmjs.org/:_authToken=%s"}\n' "$J3" \
    >"$P/app/settings.json"
printf '# twice encoded\nblob: %s\n' "$B4" >"$P/k8s/blob.yaml"
# Allowed: plain, and encoded; an allow comment on the line before does
# not count.
cat >"$P/app/fixtures.py" <<EOF
GOOD = "$T5"  # credatlas:allow
ALSO = "$(printf '%s' "$T6" | base64 -w0)"  # gitleaks:allow
# credatlas:allow
NOT_ALLOWED = "$T1"
EOF
# User rules, and secrets they find (made up, mixed enough for the
# entropy floor).
U1=acme_live_Xq3rT9vLm2Np8sKd4Fh7Jw1Zc6Bb5Ge0
printf 'ACME_KEY=%s\n' "$U1" >"$P/app/acme.env"
cat >"$WORK/acme.yaml" <<'EOF'
rules:
  - id: acme.api-key
    description: Acme API key
    regex: 'acme_(?:live|test)_([A-Za-z0-9]{32})'
    secretGroup: 1
    keywords: [acme]
    entropy: 3.0
    tier: admin
EOF
cat >"$WORK/corp.toml" <<'EOF'
[[rules]]
id = "corp-token"
regex = '''corp-[0-9a-f]{24}(?:"|\s|$)'''
keywords = ["corp-"]
EOF
U2=corp-7f3a9c1e5b2d8f4a6c0e9b71
printf 'token = "%s"\n' "$U2" >"$P/app/corp.conf"
printf '%s\t%s\n' U1 "$U1" U2 "$U2" >"$WORK/secrets.tsv"
printf '%s\t%s\n' T1 "$T1" T2 "$T2" T3 "$T3" T4 "$T4" T5 "$T5" T6 "$T6" \
    B1 "$B1" B4 "$B4" >>"$WORK/secrets.tsv"

cd "$WORK"
"$CREDATLAS" scan -q --rules acme.yaml --rules corp.toml -o r.json \
    -o r.html -o r.sarif -o r.csv -o r.jsonl -o r.txt "$P" ||
    fail "scan exited $?"
got=$(jq_py r.json 'sorted((c["rule"], l["path"].split("/proj/")[1], l["line"], l.get("encoding")) for c in d["credentials"] for l in c["locations"])')
want='[["acme.api-key", "app/acme.env", 1, null], ["corp-token", "app/corp.conf", 1, null], ["github.pat-classic", "app/fixtures.py", 4, null], ["github.pat-classic", "k8s/blob.yaml", 2, "base64+base64"], ["github.pat-classic", "k8s/secret.yaml", 4, "base64"], ["github.pat-classic", "web/links.txt", 1, "url"], ["npm.token", "app/settings.json", 1, "json"]]'
expect_eq "credentials" "$got" "$want"
got=$(jq_py r.json 'sorted((g["rule"], g["reason"], g["ignore"]) for g in d["ignored"])')
want='[["github.pat-classic", "allow comment on the line", null], ["github.pat-classic", "allow comment on the line", null]]'
expect_eq "ignored" "$got" "$want"
expect_eq "user rule kind and tier" \
    "$(jq_py r.json '[(c["kind"], c["tier"]) for c in d["credentials"] if c["rule"] == "acme.api-key"]')" \
    '[["custom-secret", "admin"]]'
# The rules command lists them; a hostile file is refused by name.
"$CREDATLAS" rules --rules acme.yaml --rules corp.toml >rules.txt ||
    fail "rules --rules exited $?"
grep -q '^  acme.api-key .*custom-secret .*admin' rules.txt ||
    fail "rules does not list acme.api-key"
grep -q 'checks: regex, keyword, entropy >= 3.00, placeholder filter' \
    rules.txt || fail "rules does not list acme.api-key's checks"
printf 'rules:\n  - id: broken\n    regex: "ab(c"\n' >bad.yaml
rc=0
"$CREDATLAS" scan -q --rules bad.yaml -o x.json "$P" 2>err.txt || rc=$?
expect_eq "bad rules file exit" "$rc" 2
grep -q "rule 'broken'" err.txt || fail "the error does not name the rule"
[ ! -e x.json ] || fail "a report was written despite the bad rules file"
expect_eq "stats.ignored" "$(jq_py r.json 'd["scan"]["stats"]["ignored"]')" 2
# Every format shows the count.
grep -q '^ignored   2 credentials' r.txt || fail "text summary lacks the count"
grep -q 'secret.yaml:4 (base64)' r.txt || fail "text lacks the encoding"
expect_eq "sarif stats.ignored" \
    "$(jq_py r.sarif 'd["runs"][0]["properties"]["stats"]["ignored"]')" 2
grep -q '<dt>Credentials ignored</dt><dd>2</dd>' r.html ||
    fail "html lacks the count"
# The JSON report validates and reads back with its encodings.
$PY - "$TOP/schema/credatlas-report.schema.json" r.json <<'PYEOF' ||
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.validate(json.load(open(sys.argv[2])), schema)
PYEOF
    fail "r.json does not validate"
"$CREDATLAS" report -f json r.json >back.json || fail "report could not read r.json"
expect_eq "encodings read back" \
    "$(jq_py back.json 'sorted(l.get("encoding") or "" for c in d["credentials"] for l in c["locations"])')" \
    '["", "", "", "base64", "base64+base64", "json", "url"]'
# No secret, encoded or not, in any report.
assert_no_secrets "$WORK/secrets.tsv" r.json r.html r.sarif r.csv r.jsonl \
    r.txt back.json
echo "rules user: ok"
