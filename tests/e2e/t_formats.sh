# t_formats.sh - every report format from one scan of a home whose file
# names are built to break writers (markup that would run in a browser, a
# name that closes a <script> element, quotes, a newline, a spreadsheet
# formula, SARIF link syntax, invalid UTF-8, a bidi override, U+2028) and
# whose owner name in the target's passwd is markup too. The JSON report
# must validate against schema/credatlas-report.schema.json, the SARIF log
# against the OASIS SARIF 2.1.0 schema (python3-jsonschema from Debian),
# JSON Lines, CSV and HTML must hold the same credentials, nothing hostile
# may come out raw in the HTML, and no planted secret may appear in any
# output.
. "$(dirname "$0")/lib.sh"

# Debian's python3 has python3-jsonschema; a python3 earlier on PATH (a
# pyenv one) may not.
SYSPY=/usr/bin/python3
if ! "$SYSPY" -c 'import jsonschema' 2>/dev/null; then
	fail "python3-jsonschema is missing for $SYSPY (run scripts/deps.sh" \
	    "--test or apt-get install python3-jsonschema)"
fi

ROOT=$WORK/root
H=$ROOT/home/eve
OWNER='<svg onload=alert(3)>'
mkdir -p "$ROOT/etc" "$H/x<" "$H/x</script><script>alert(2)<" "$H/.config"
uid=$(id -u)
printf '%s:x:%d:%d::/home/eve:/bin/sh\n' "$OWNER" "$uid" "$uid" \
    >"$ROOT/etc/passwd"
: >"$WORK/planted"

# plant FILE KIND SEED LABEL: appends "token = <a tokgen token>" to FILE
# and records the secret part for the leak check.
plant() {
	tok=$("$TOOLS/tokgen" "$2" "$3") || fail "tokgen $2 failed"
	printf 'token = %s\n' "$tok" >>"$1"
	printf '%s\t%s\n' "$4" "${tok##* }" >>"$WORK/planted"
}

N_IMG='<img src=x onerror=alert(1)>.env'
N_SCRIPT='x</script><script>alert(2)</script>.env'
N_QUOTE="q\"uo'te & <b>.txt"
N_LINK='link[x](1)
=cmd.txt'
N_BAD=$(printf 'bad\377\376.env')
N_BIDI=$(printf 'bidi\342\200\256txt.env')
N_LS=$(printf 'line\342\200\250sep.env')
plant "$H/$N_IMG" ghp 101 img
plant "$H/$N_SCRIPT" openai 102 script
plant "$H/$N_QUOTE" aws 103 quote
plant "$H/$N_LINK" glpat 104 link
plant "$H/$N_BAD" xoxb 105 bad
plant "$H/$N_BIDI" npm 106 bidi
plant "$H/$N_LS" hf 107 ls
chmod 0644 "$H/$N_IMG"

umask 022
cd "$WORK"
rc=0
# A malformed file makes an error entry with a hostile path (a missing
# operand is exit 2, not an error entry).
mkdir -p "$H/<iframe src=javascript:alert(4)>"
echo 'not a url' >"$H/<iframe src=javascript:alert(4)>/.git-credentials"
"$CREDATLAS" scan -q --root "$ROOT" -o r.json -o r.html -o r.sarif \
    -o r2.sarif.json -o r.csv -o r.jsonl -o r.txt /home/eve \
    2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc: $(head -5 "$WORK/stderr")"
for f in r.json r.html r.sarif r2.sarif.json r.csv r.jsonl r.txt; do
	[ -s "$f" ] || fail "$f was not written"
	expect_eq "mode of $f" "$(stat -c %a "$f")" 600
done
for fmt in html sarif jsonl csv; do
	"$CREDATLAS" scan -q --root "$ROOT" --format "$fmt" -o - /home/eve \
	    >"stdout.$fmt" 2>>"$WORK/stderr" || true
	[ -s "stdout.$fmt" ] || fail "--format $fmt wrote nothing to stdout"
done
cmp -s r.sarif r2.sarif.json ||
    "$SYSPY" -c 'import json,sys; a=json.load(open(sys.argv[1])); \
b=json.load(open(sys.argv[2])); sys.exit(a["runs"][0]["results"] != \
b["runs"][0]["results"])' r.sarif r2.sarif.json ||
    fail "x.sarif.json is not the SARIF report"

n=$(jq_py r.json "len(d['credentials'])")
[ "$n" -ge 7 ] || fail "expected at least 7 credentials, got $n"

"$SYSPY" - "$TOP" "$ROOT" "$OWNER" <<'PYEOF' || fail "format checks failed"
import csv, io, json, re, sys
import jsonschema

top, root, owner = sys.argv[1:4]
bad = []
def check(ok, what):
    if not ok:
        bad.append(what)

doc = json.load(open("r.json", encoding="utf-8"))
creds = doc["credentials"]
nloc = sum(len(c["locations"]) for c in creds)

# The JSON report against its schema.
schema = json.load(open(top + "/schema/credatlas-report.schema.json"))
v = jsonschema.Draft202012Validator(schema,
                                    format_checker=jsonschema.FormatChecker())
for e in v.iter_errors(doc):
    bad.append("schema: %s at %s" % (e.message, list(e.absolute_path)))
check(len(doc["errors"]) >= 1, "the malformed file left no error")
check(any(c["owner"]["user"] == owner for c in creds),
      "the owner name from the target's passwd is missing")

# SARIF against the OASIS 2.1.0 schema, and against the JSON report.
sarif = json.load(open("r.sarif", encoding="utf-8"))
sschema = json.load(open(top + "/testdata/sarif/sarif-schema-2.1.0.json"))
sv = jsonschema.Draft7Validator(sschema,
                                format_checker=jsonschema.FormatChecker())
for e in sv.iter_errors(sarif):
    bad.append("sarif schema: %s at %s" % (e.message, list(e.absolute_path)))
run = sarif["runs"][0]
rules = run["tool"]["driver"]["rules"]
rule_ids = [r["id"] for r in rules]
check(rule_ids == sorted(set(rule_ids)), "SARIF rules not sorted or unique")
for r in rules:
    check(r["properties"]["security-severity"] in ("9.5", "8.0", "5.5", "2.0"),
          "security-severity of " + r["id"])
    check("security" in r["properties"]["tags"], "tags of " + r["id"])
    check(r["shortDescription"]["text"] and r["help"]["text"],
          "texts of " + r["id"])
res = run["results"]
check(len(res) == nloc, "SARIF results %d, want %d" % (len(res), nloc))
check({r["partialFingerprints"]["credatlasFingerprint/v1"] for r in res} ==
      {c["id"] for c in creds}, "SARIF fingerprints are not the ids")
uri_ok = re.compile(r"^(?:[A-Za-z0-9._~/-]|%[0-9A-F]{2})+$")
for r in res:
    check(rules[r["ruleIndex"]]["id"] == r["ruleId"], "ruleIndex")
    u = r["locations"][0]["physicalLocation"]["artifactLocation"]
    check(u["uriBaseId"] == "ROOT" and uri_ok.match(u["uri"]) and
          not u["uri"].startswith("/") and u["uri"].startswith("home/eve/"),
          "SARIF uri " + repr(u["uri"]))
    check("[x](1)" not in r["message"]["text"], "unescaped link syntax")
want_base = "file://" + re.sub(r"[^A-Za-z0-9._~/-]",
    lambda m: "".join("%%%02X" % b for b in m.group().encode()), root) + "/"
check(run["originalUriBaseIds"]["ROOT"]["uri"] == want_base,
      "originalUriBaseIds " + run["originalUriBaseIds"]["ROOT"]["uri"])
uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in res]
check("home/eve/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.env" in uris,
      "the <img> file name, percent-encoded")
check("home/eve/bad%FF%FE.env" in uris, "invalid UTF-8, percent-encoded")
notes = run["invocations"][0].get("toolExecutionNotifications", [])
check(len(notes) == len(doc["errors"]), "SARIF notifications")
for fmt in ("stdout.sarif",):
    for e in sv.iter_errors(json.load(open(fmt, encoding="utf-8"))):
        bad.append("%s: %s" % (fmt, e.message))

# JSON Lines: one credential object per line, the JSON report's.
text = open("r.jsonl", encoding="utf-8").read()
check("\u2028" not in text and "\u2029" not in text,
      "JSON Lines: a raw U+2028 or U+2029 would split the line for some readers")
lines = text.split("\n")
check(lines[-1] == "", "JSON Lines must end in a newline")
lines = lines[:-1]
check(len(lines) == len(creds), "JSON Lines: %d lines for %d credentials" %
      (len(lines), len(creds)))
for line, c in zip(lines, creds):
    o = json.loads(line)
    scan = o.pop("scan")
    check(o == c, "JSON Lines record differs from the JSON report: " + c["id"])
    check(scan["root"] == doc["scan"]["target"]["root"] and
          scan["key_id"] == doc["scan"]["key_id"] and
          scan["started"] == doc["scan"]["started"], "JSON Lines scan context")
check(len(open("stdout.jsonl").read().splitlines()) == len(creds),
      "--format jsonl on stdout")

# CSV: RFC 4180, a header, one row per credential and location, no cell a
# spreadsheet would run.
raw = open("r.csv", "rb").read()
check(raw.endswith(b"\r\n"), "CSV rows end in CRLF")
rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
check(rows[0][:3] == ["id", "surface", "kind"] and len(rows[0]) == 22,
      "CSV header")
check(len(rows) == 1 + nloc, "CSV rows %d, want %d" % (len(rows), 1 + nloc))
for row in rows[1:]:
    check(len(row) == 22, "CSV row width")
    for cell in row:
        check(not cell or cell[0] not in "=+-@\t\r", "CSV formula " + cell)
paths = {row[14] for row in rows[1:]}
check(root + "/home/eve/<img src=x onerror=alert(1)>.env" in paths or
      "/home/eve/<img src=x onerror=alert(1)>.env" in paths,
      "the <img> file name in the CSV path column")
check(any("link[x](1)\\n=cmd.txt" in p for p in paths),
      "the newline in a file name is escaped in the CSV")

# HTML: the policy, the data block, nothing hostile raw.
html = open("r.html", encoding="utf-8").read()
check("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "'none'; script-src 'sha256-" in html, "HTML policy")
check(html.count("<script") == 2, "HTML has exactly two script elements")
m = re.search(r'<script type="application/json" id="data">(.*?)</script>',
              html, re.S)
check(m is not None, "HTML data block")
if m:
    check("<" not in m.group(1) and ">" not in m.group(1),
          "markup characters raw in the data block")
    check(json.loads(m.group(1))["credentials"] == creds,
          "HTML data differs from the JSON report")
for raw_bit in ("<img", "<svg onload", "<iframe", "</script><script>alert",
                "<b>", "\u202e", "\u2028"):
    check(raw_bit not in html, "raw in the HTML: " + repr(raw_bit))
check("&lt;svg onload=alert(3)&gt;" in html, "escaped owner in the charts")
check("&lt;iframe src=javascript:alert(4)&gt;" in html,
      "escaped error path in the scan section")
check("id=\"n-total\">%d<" % len(creds) in html, "HTML total")
check(open("stdout.html", encoding="utf-8").read().startswith(
      "<!DOCTYPE html>"), "--format html on stdout")

for b in bad:
    print("  " + b, file=sys.stderr)
sys.exit(1 if bad else 0)
PYEOF

assert_no_secrets "$WORK/planted" r.json r.html r.sarif r2.sarif.json r.csv \
    r.jsonl r.txt stdout.html stdout.sarif stdout.jsonl stdout.csv \
    "$WORK/stderr"
echo ok
