# t_hostile_control.sh - control bytes in file and directory names (ESC,
# BEL, CR, LF, DEL, the C1 CSI, a bidi override) never reach a report raw:
# `cat report.csv` or `cat report.txt` cannot drive the terminal, a CSV row
# stays one line, and the JSON-based formats carry them escaped (issue 17,
# item 5).
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
B=$ROOT/home/bob
mkdir -p "$ROOT/etc" "$B"
printf 'bob:x:1000:1000::/home/bob:/bin/sh\n' >"$ROOT/etc/passwd"
ESC=$(printf '\033')
BEL=$(printf '\007')
DEL=$(printf '\177')
CSI=$(printf '\302\233')       # U+009B, the 8-bit CSI
RLO=$(printf '\342\200\256')   # U+202E, right-to-left override
CR=$(printf '\r')
NL='
'
D="$B/dir${ESC}]0;owned${BEL}"
mkdir -p "$D"
printf 'GITHUB_TOKEN=%s\n' "$("$TOOLS/tokgen" ghp 301)" \
    >"$D/a${ESC}[2J${CSI}31m${DEL}${RLO}txt.env"
printf 'GITHUB_TOKEN=%s\n' "$("$TOOLS/tokgen" ghp 302)" \
    >"$B/two${CR}${NL}lines,\"q\".env"

rc=0
"$CREDATLAS" scan --root "$ROOT" -o "$WORK/r.csv" -o "$WORK/r.txt" \
    -o "$WORK/r.json" -o "$WORK/r.jsonl" -o "$WORK/r.sarif" \
    -o "$WORK/r.html" >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc: $(head -5 "$WORK/stderr")"
expect_eq "credentials" "$(jq_py "$WORK/r.json" "len(d['credentials'])")" 2

# raw_controls FILE ALLOW: counts C0 controls other than those in ALLOW
# (a Python bytes literal), DEL, C1 controls and bidi overrides.
raw_controls() {
	$PY - "$1" "$2" <<'PYEOF'
import re, sys
data = open(sys.argv[1], "rb").read()
allow = eval(sys.argv[2])
bad = [c for c in re.findall(rb"[\x00-\x1f\x7f]", data) if c not in allow]
text = data.decode("utf-8", "replace")
bad += re.findall("[\u0080-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]", text)
print(len(bad))
PYEOF
}

# CSV: only the CRLF that ends a row; each row one line.
expect_eq "raw controls in CSV" "$(raw_controls "$WORK/r.csv" 'b"\r\n"')" 0
expect_eq "CSV lines" "$(wc -l <"$WORK/r.csv")" 3
grep -q 'a\\x1b\[2J\\u009b31m\\x7f\\u202etxt\.env' "$WORK/r.csv" ||
	fail "the CSV does not show the escaped file name"
grep -q 'dir\\x1b\]0;owned\\x07' "$WORK/r.csv" ||
	fail "the CSV does not show the escaped directory name"
grep -q 'two\\r\\nlines,""q"".env' "$WORK/r.csv" ||
	fail "the CSV does not show CR LF escaped and quotes doubled"
$PY - "$WORK/r.csv" <<'PYEOF' || fail "the CSV does not parse"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
assert len(rows) == 3 and all(len(r) == len(rows[0]) for r in rows), rows
PYEOF
# Text: only newlines.
expect_eq "raw controls in text" "$(raw_controls "$WORK/r.txt" 'b"\n"')" 0
expect_eq "raw controls on stdout" "$(raw_controls "$WORK/stdout" 'b"\n"')" 0
# JSON, JSON Lines, SARIF and HTML: no raw C0 control (JSON escapes them
# as \u001b; HTML as character references). DEL, C1 and bidi overrides
# still pass raw in the JSON writers (jansson escapes only C0): readers of
# JSON are parsers, not terminals, so that is left to report/formats.
for f in r.json r.jsonl r.sarif r.html; do
	n=$($PY - "$WORK/$f" <<'PYEOF'
import re, sys
print(len(re.findall(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]", open(sys.argv[1], "rb").read())))
PYEOF
)
	expect_eq "raw C0 controls in $f" "$n" 0
done
echo ok
