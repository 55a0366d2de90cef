# t_rules_user.sh - the rule engine's user-facing features end to end:
# secrets inside encoded values (a Kubernetes Secret's base64, a
# percent-encoded URL, a JSON-escaped string, base64 of base64) are
# reported with their "encoding" at the encoded value's line; a secret on a
# line with an allow comment is counted under "ignored" and shown nowhere;
# every report format carries the count, validates, and holds no secret.
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
printf '%s\t%s\n' T1 "$T1" T2 "$T2" T3 "$T3" T4 "$T4" T5 "$T5" T6 "$T6" \
    B1 "$B1" B4 "$B4" >"$WORK/secrets.tsv"

cd "$WORK"
"$CREDATLAS" scan -q -o r.json -o r.html -o r.sarif -o r.csv -o r.jsonl \
    -o r.txt "$P" || fail "scan exited $?"
got=$(jq_py r.json 'sorted((c["rule"], l["path"].split("/proj/")[1], l["line"], l.get("encoding")) for c in d["credentials"] for l in c["locations"])')
want='[["github.pat-classic", "app/fixtures.py", 4, null], ["github.pat-classic", "k8s/blob.yaml", 2, "base64+base64"], ["github.pat-classic", "k8s/secret.yaml", 4, "base64"], ["github.pat-classic", "web/links.txt", 1, "url"], ["npm.token", "app/settings.json", 1, "json"]]'
expect_eq "credentials" "$got" "$want"
got=$(jq_py r.json 'sorted((g["rule"], g["reason"], g["ignore"]) for g in d["ignored"])')
want='[["github.pat-classic", "allow comment on the line", null], ["github.pat-classic", "allow comment on the line", null]]'
expect_eq "ignored" "$got" "$want"
expect_eq "stats.ignored" "$(jq_py r.json 'd["scan"]["stats"]["ignored"]')" 2
# Every format shows the count.
grep -q '^ignored   2 credentials' r.txt || fail "text summary lacks the count"
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
    '["", "base64", "base64+base64", "json", "url"]'
# No secret, encoded or not, in any report.
assert_no_secrets "$WORK/secrets.tsv" r.json r.html r.sarif r.csv r.jsonl \
    r.txt back.json
echo "rules user: ok"
