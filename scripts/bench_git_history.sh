#!/bin/sh
# bench_git_history.sh - `scan --git-history` on a generated repository
# against the floor pipeline of the issue: every object printed by
# `git cat-file --batch-all-objects --batch`, piped to ripgrep with the
# same rules in full (`credatlas rules --full-patterns`, rg -P).
#
#   sh scripts/bench_git_history.sh [--commits N] [--per M] [--files F]
#
# The repository (default 20000 commits, each changing 5 of 5000 files:
# about 100k blobs; --commits 5000 --per 1 --files 1000 is a quick one)
# is written with git fast-import into build/bench/git-N-M-F and reused.
# Its first commits add a GitHub token and delete it, so only history
# holds it. Each tool runs once after a warm-up; wall and CPU seconds and
# peak RSS are printed. Exit status 0 when credatlas found the planted
# token, 1 otherwise.
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
while [ $# -gt 0 ]; do
	case $1 in
	--commits) commits=$2; shift ;;
	--per) per=$2; shift ;;
	--files) files=$2; shift ;;
	*) echo "bench: unknown argument '$1'" >&2; exit 2 ;;
	esac
	shift
done
[ -x "$BIN" ] && [ -x "$TOKGEN" ] || {
	echo "bench: build first (make all check-build)" >&2
	exit 2
}
command -v git >/dev/null || { echo "bench: no git" >&2; exit 2; }
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
"$BIN" rules --full-patterns >"$WORK/full.txt"

# run LABEL CMD...: wall s, user+sys s, peak RSS KiB into $WORK/LABEL
run() {
	label=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$WORK/$label" "$@" \
	    >"$WORK/$label.out" 2>"$WORK/$label.err" || true
	read -r wall user sys rss <"$WORK/$label"
	printf '%-10s %7.2f s wall %7.2f s CPU %8.1f MiB peak\n' "$label" \
	    "$wall" "$(echo "$user + $sys" | bc)" "$(echo "$rss / 1024" | bc -l)"
}
echo "repository: $(git -C "$REPO" rev-list --all | wc -l) commits," \
    "$(git -C "$REPO" count-objects -v | sed -n 's/^in-pack: //p') objects"
git -C "$REPO" cat-file --batch-all-objects --batch >/dev/null # warm up
run credatlas "$BIN" scan -q --no-progress --git-history \
    -o "$WORK/r.json" "$REPO"
if command -v rg >/dev/null; then
	run floor sh -c "git -C '$REPO' cat-file --batch-all-objects --batch |
	    rg -P -c -f '$WORK/full.txt'"
else
	echo "floor: ripgrep not installed"
fi
if grep -q '"path": "[^"]*/.git!deploy.env"' "$WORK/r.json"; then
	echo "planted token in history: found"
else
	echo "planted token in history: MISSED"
	exit 1
fi
