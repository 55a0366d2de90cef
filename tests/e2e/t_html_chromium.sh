# t_html_chromium.sh - the HTML report in a real browser: Debian's headless
# chromium, started with a fresh profile and no network, driven over the
# DevTools protocol by tests/e2e/cdp_check.py.
#
# 1. A home with hostile file names (markup that calls alert(), a name
#    that closes a <script> element, quotes) and a hostile owner name:
#    the page must load with no script error, no CSP violation and no
#    dialog; its counts must match the JSON report; the filter, selects,
#    sorting and details must work; the hostile names must come back as
#    text. A screenshot goes to build/artifacts/report.png.
# 2. 10,000 credentials in one file: the page must load, show its first
#    page of rows, page through all of them and filter
#    (build/artifacts/report-10k.png).
#
# Chromium is required: without it the test fails and says why. Outside
# CI, CREDATLAS_SKIP_BROWSER=1 skips it (with a note).
. "$(dirname "$0")/lib.sh"

SYSPY=/usr/bin/python3
[ -x "$SYSPY" ] || SYSPY=python3
ART=$TOP/build/artifacts

if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM:-}" ]; then
	if [ -n "${CREDATLAS_SKIP_BROWSER:-}" ] && [ -z "${CI:-}" ]; then
		echo "SKIP: chromium is not installed (CREDATLAS_SKIP_BROWSER)"
		exit 0
	fi
	fail "chromium is not installed: the HTML report is tested in a real" \
	    "browser (run scripts/deps.sh --test, or apt-get install chromium)"
fi

ROOT=$WORK/root
H=$ROOT/home/eve
OWNER='<svg onload=alert(3)>'
mkdir -p "$ROOT/etc" "$H/x<" "$H/x</script><script>alert(2)<"
uid=$(id -u)
printf '%s:x:%d:%d::/home/eve:/bin/sh\n' "$OWNER" "$uid" "$uid" \
    >"$ROOT/etc/passwd"

N_IMG='<img src=x onerror=alert(1)>.env'
N_SCRIPT='x</script><script>alert(2)</script>.env'
N_QUOTE="q\"uo'te & <b onmouseover=alert(5)>.txt"
N_NL='new
line.env'
i=0
for n in "$N_IMG" "$N_SCRIPT" "$N_QUOTE" "$N_NL"; do
	i=$((i + 1))
	for kind in ghp openai glpat; do
		printf 'token = %s\n' "$("$TOOLS/tokgen" $kind "$i$kind")" \
		    >>"$H/$n"
	done
done
printf 'aws = %s\n' "$("$TOOLS/tokgen" aws 7)" >>"$H/$N_IMG"
chmod 0644 "$H/$N_IMG"

cd "$WORK"
# A malformed file makes an error entry with a hostile path.
mkdir -p "$H/<iframe src=javascript:alert(4)>"
echo 'not a url' >"$H/<iframe src=javascript:alert(4)>/.git-credentials"
"$CREDATLAS" scan -q --root "$ROOT" -o r.json -o r.html /home/eve \
    2>stderr ||
    [ $? -eq 1 ] || fail "scan failed: $(head -3 stderr)"
n=$(jq_py r.json "len(d['credentials'])")
[ "$n" -ge 12 ] || fail "expected at least 12 credentials, got $n"

mkdir -p "$ART"
"$SYSPY" "$TOP/tests/e2e/cdp_check.py" --json r.json --filter openai \
    --hostile "$N_IMG" --hostile "$N_SCRIPT" --hostile "$N_QUOTE" \
    --hostile "$OWNER" --screenshot "$ART/report.png" r.html ||
    fail "the HTML report failed in chromium (exit $?)"
[ -s "$ART/report.png" ] || fail "no screenshot"
echo "screenshot: $ART/report.png"

# 10,000 distinct tokens in one file. Making them is 10,000 runs of
# tokgen: the release build does it in seconds where a sanitizer build
# takes minutes, and the generator is not what is under test here.
tokgen=$TOOLS/tokgen
[ -x "$TOP/build/release/tools/tokgen" ] &&
    tokgen=$TOP/build/release/tools/tokgen
mkdir -p "$ROOT/home/big"
seq 1 10000 | xargs -P 2 -n 500 sh -c \
    'for s; do printf "t = %s\n" "$("$0" ghp "big$s")"; done' \
    "$tokgen" >"$ROOT/home/big/tokens.env"
"$CREDATLAS" scan -q --root "$ROOT" -o big.json -o big.html /home/big \
    2>>stderr || [ $? -eq 1 ] || fail "big scan failed: $(head -3 stderr)"
n=$(jq_py big.json "len(d['credentials'])")
[ "$n" -eq 10000 ] || fail "expected 10000 credentials, got $n"
"$SYSPY" "$TOP/tests/e2e/cdp_check.py" --json big.json \
    --filter 'tokens.env:99' --screenshot "$ART/report-10k.png" big.html ||
    fail "the 10,000-credential report failed in chromium (exit $?)"
echo "screenshot: $ART/report-10k.png"
echo ok
