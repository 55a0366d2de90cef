#!/bin/sh
# bench_git_history.sh - `make bench` (git part): `scan --git-history` on
# a generated repository against the floor pipeline of issue 15, every
# object printed by `git cat-file --batch-all-objects --batch` and piped to
# ripgrep, side by side in one run.
#
#   sh scripts/bench_git_history.sh [--commits N] [--per M] [--files F]
#                                   [--runs R]
#
# The repository (default 20000 commits, each changing 5 of 5000 files:
# about 100k blobs and 236k objects; --commits 5000 --per 1 --files 1000 is
# a quick one) is written with git fast-import into build/bench/git-N-M-F
# and reused. Its first commits add a GitHub token and delete it, so only
# history holds it.
#
# ripgrep cannot take credatlas' rules whole: the full PCRE2 rules
# (`credatlas rules --full-patterns`) are too large for rg -P as one
# pattern. The floors are therefore:
#   git cat-file          the object stream alone, to /dev/null;
#   cat-file | rg         the first-pass patterns (`credatlas rules
#                         --patterns`, the vectorscan set; `\~`, `\"` and
#                         `\'` unescaped for ripgrep's regex syntax) with
#                         ripgrep's size limits raised;
#   cat-file | rg -F      the literal prefixes of those patterns (at least
#                         3 characters: ghp_, AKIA, xoxb-, sk-ant-...), as
#                         fixed strings: less than the rules decide, so a
#                         floor below any faithful grep.
# After a warm-up, each round runs every tool once (default 3 rounds) and
# each tool's best wall time counts; CPU seconds and peak RSS are printed.
# Exit status 0 when credatlas found the planted token, 1 otherwise; the
# speed target (credatlas at least as fast as the floor) is reported.
# Per-tool results live in variables named by eval (T_ca...); the timer's
# output is split on purpose.
# shellcheck disable=SC2154,SC2086,SC2015
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-build/release}
case $B in
/*) BDIR=$B ;;
*) BDIR=$TOP/$B ;;
esac
BIN=$BDIR/credatlas
TOKGEN=$BDIR/tools/tokgen
PY=${PYTHON:-python3}
commits=20000
per=5
files=5000
runs=3
while [ $# -gt 0 ]; do
	case $1 in
	--commits) commits=$2; shift ;;
	--per) per=$2; shift ;;
	--files) files=$2; shift ;;
	--runs) runs=$2; shift ;;
	*) echo "bench: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift
done
[ -x "$BIN" ] && [ -x "$TOKGEN" ] || {
	echo "bench: build first (make all check-build)" >&2
	exit 2
}
command -v git >/dev/null || { echo "bench: no git" >&2; exit 2; }
command -v rg >/dev/null || { echo "bench: ripgrep (rg) is missing" >&2; exit 2; }
REPO=$TOP/build/bench/git-$commits-$per-$files
TOKEN=$("$TOKGEN" ghp 4242)
if [ ! -f "$REPO/.done" ]; then
	rm -rf "$REPO"
	mkdir -p "$REPO"
	git -C "$REPO" init -q
	echo "bench: writing $commits commits into ${REPO#"$TOP"/}" >&2
	$PY - "$commits" "$per" "$files" "$TOKEN" <<'PYEOF' |
import random, sys
n, per, nfiles, token = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
random.seed(1)
out = sys.stdout.buffer
def w(s):
    out.write(s if isinstance(s, bytes) else s.encode())
def data(b):
    w("data %d\n" % len(b)); w(b); w("\n")
t = 1600000000
for c in range(n):
    w("commit refs/heads/main\ncommitter Gen <gen@example.invalid> %d +0000\n" % (t + c))
    data(b"commit %d\n" % c)
    if c == 0:
        w("M 100644 inline deploy.env\n")
        data(("GITHUB_TOKEN=%s\n" % token).encode())
        continue
    if c == 1:
        w("D deploy.env\n")
    for _ in range(per):
        f = random.randrange(nfiles)
        body = "".join("line %d of file %d rev %d value %r\n" % (i, f, c, random.random())
                       for i in range(random.randint(5, 60))).encode()
        w("M 100644 inline d%d/f%d.txt\n" % (f % 50, f))
        data(body)
PYEOF
	    git -C "$REPO" fast-import --quiet
	git -C "$REPO" checkout -q main
	touch "$REPO/.done"
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-git.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home"
RESULT=$TOP/build/bench/result-git-$commits-$per-$files.txt
"$BIN" rules --patterns | sed -E 's/\\([~"'"'"'])/\1/g' >"$WORK/pat.txt"
$PY - "$WORK/pat.txt" >"$WORK/prefixes.txt" <<'PYEOF'
import re, sys
meta = set("\\[](){}.*+?|^$")
out = set()
for p in open(sys.argv[1]):
    p = p.rstrip("\n")
    if p.startswith("(?i)"):
        p = p[4:]
    alts = [p]
    m = re.match(r"^\(\?:([A-Za-z0-9_|-]+)\)(.*)$", p)
    if m:
        alts = [a + m.group(2) for a in m.group(1).split("|")]
    for a in alts:
        lit = ""
        for ch in a:
            if ch in meta:
                break
            lit += ch
        if len(lit) >= 3:
            out.add(lit)
print("\n".join(sorted(out)))
PYEOF
RGX="--regex-size-limit 1G --dfa-size-limit 1G"

# run_once ID LABEL CMD...: as in bench.sh (best wall time T_ID, least
# CPU CPU_ID, largest peak RSS RSS_ID in KiB, worst exit status RC_ID).
run_once() {
	id=$1
	label=$2
	shift 2
	r=$(HOME="$WORK/home" "$PY" "$TOP/scripts/bench_gen.py" time \
	    --stdout "$WORK/$id.out" --stderr "$WORK/$id.err" -- "$@")
	set -- $r
	printf '  %-26s %7.3f s  cpu %6.3f s  peak RSS %6.1f MiB  exit %d\n' \
	    "$label" "$1" "$4" "$(awk "BEGIN { print $2 / 1024 }")" "$3"
	eval "t=\${T_$id:-$1} cpu=\${CPU_$id:-$4} rss=\${RSS_$id:-0} rc=\${RC_$id:-0}"
	[ "$(awk "BEGIN { print ($1 < $t) }")" = 1 ] && t=$1
	[ "$(awk "BEGIN { print ($4 < $cpu) }")" = 1 ] && cpu=$4
	[ "$2" -gt "$rss" ] && rss=$2
	[ "$3" -gt "$rc" ] && rc=$3
	eval "T_$id=\$t CPU_$id=\$cpu RSS_$id=\$rss RC_$id=\$rc"
}

NOBJ=$(git -C "$REPO" count-objects -v | sed -n 's/^in-pack: //p')
NBLOB=$(git -C "$REPO" cat-file --batch-all-objects --batch-check |
    grep -c ' blob ')
{
	echo "credatlas git history bench"
	echo "machine:    $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	echo "versions:   $("$BIN" --version), $(git --version), $(rg --version | sed -n 1p)"
	echo "repository: ${REPO#"$TOP"/}: $(git -C "$REPO" rev-list --all | wc -l) commits, $NOBJ objects, $NBLOB blobs"
	echo "patterns:   $(grep -c . "$WORK/pat.txt") first-pass patterns, $(grep -c . "$WORK/prefixes.txt") literal prefixes"
	echo "load:       $(cut -d' ' -f1 /proc/loadavg) at the start (1-minute average)"
} >"$RESULT"
cat "$RESULT"
CATFILE="git -C \"\$1\" cat-file --batch-all-objects --batch"
echo "warm-up (not counted)"
run_once warm "git cat-file" sh -c "$CATFILE >/dev/null" sh "$REPO"
i=1
while [ "$i" -le "$runs" ]; do
	echo "round $i of $runs"
	run_once ca "credatlas --git-history" "$BIN" scan -q --no-progress \
	    --git-history -o "$WORK/r.json" "$REPO"
	run_once catfile "git cat-file" sh -c "$CATFILE >/dev/null" sh "$REPO"
	run_once rg "cat-file | rg" sh -c "$CATFILE | rg -c $RGX -f \"\$2\"" \
	    sh "$REPO" "$WORK/pat.txt"
	run_once rgf "cat-file | rg -F" sh -c "$CATFILE | rg -c -F -f \"\$2\"" \
	    sh "$REPO" "$WORK/prefixes.txt"
	i=$((i + 1))
done
found=0
grep -q '"path": "[^"]*/.git!deploy.env"' "$WORK/r.json" && found=1
row() {
	eval "t=\$T_$2 cpu=\$CPU_$2 rss=\$RSS_$2 rc=\$RC_$2"
	printf '%-26s %8.3f %7.3f %8.1f MiB  exit %d\n' "$1" "$t" "$cpu" \
	    "$(awk "BEGIN { print $rss / 1024 }")" "$rc"
}
{
	echo
	printf '%-26s %8s %7s %12s\n' tool seconds "cpu s" "peak RSS"
	row "credatlas --git-history" ca
	row "git cat-file (alone)" catfile
	row "cat-file | rg" rg
	row "cat-file | rg -F" rgf
	echo
	echo "(rg exits 1 when nothing matched, 2 on an error)"
	best=$T_rgf
	[ "$(awk "BEGIN { print ($T_rg < $best) }")" = 1 ] && best=$T_rg
	x=$(awk "BEGIN { printf \"%.2f\", $best / $T_ca }")
	v=MISS
	[ "$(awk "BEGIN { print ($x >= 1) }")" = 1 ] && v=PASS
	echo "targets:"
	echo "  $v  credatlas at least as fast as the fastest floor pipeline (${x}x)"
	if [ "$found" = 1 ]; then
		echo "  PASS  the token only history holds found"
	else
		echo "  MISS  the token only history holds found"
	fi
	echo "load:       $(cut -d' ' -f1 /proc/loadavg) at the end (1-minute average)"
} >>"$RESULT"
sed -n '/^tool/,$p' "$RESULT"
echo
echo "(saved to ${RESULT#"$TOP"/})"
[ "$found" = 1 ]
