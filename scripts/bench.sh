#!/bin/sh
# bench.sh - `make bench`: credatlas against ripgrep and cat on a synthetic
# tree of about 1 GiB (--small: about 100 MiB) with planted secrets.
#
#   sh scripts/bench.sh [--small] [--runs N] [--regen]
#
# The tree lives in build/bench/tree-<size>, its manifest of planted
# secrets in build/bench/tree-<size>.planted.tsv; a tree that matches its
# manifest is reused. One cat pass warms the page cache; then N rounds
# (default 3) run every tool once each, interleaved so that a burst of
# other load hits all of them alike, and each tool's best round counts.
# MB/s is always the tree's total bytes (10^6) over that time, whatever a
# tool chose to skip. credatlas does skip (binaries past their head, files
# over --max-file-size), so the bytes it actually read are printed next to
# the tree's, and cat and ripgrep are also timed over the same set of
# files: the files credatlas read whole, taken from an untimed strace run
# of the scan (or, without strace, the walker's rules applied to the
# tree). Recall counts the planted files by path in the JSON report, since
# credatlas redacts every value and a string match would find none. The
# summary also goes to build/bench/result-<size>.txt.
#
# Exit status: 0 when credatlas ran and found every planted secret (the
# speed and memory targets are reported, not enforced), 1 otherwise.

# Per-tool results live in variables named by eval (T_cat, RSS_ca...), and
# RG_FLAGS and the generator's output are split on purpose.
# shellcheck disable=SC2154,SC2086,SC2046,SC2016
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
GEN=$TOP/scripts/bench_gen.py
OUTDIR=$TOP/build/bench

size=full
mib=1024
runs=3
regen=0
while [ $# -gt 0 ]; do
	case $1 in
	--small) size=small mib=100 ;;
	--runs)
		[ $# -ge 2 ] || { echo "bench: --runs needs a number" >&2; exit 2; }
		runs=$2
		shift
		;;
	--regen) regen=1 ;;
	-h | --help)
		sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "bench: unknown argument '$1' (try --help)" >&2
		exit 2
		;;
	esac
	shift
done
case $runs in
'' | *[!0-9]* | 0) echo "bench: --runs takes a positive number" >&2; exit 2 ;;
esac

die() {
	echo "bench: $*" >&2
	exit 1
}

[ -x "$BIN" ] || die "'$BIN' is missing (run 'make' first)"
command -v rg >/dev/null ||
    die "ripgrep (rg) is missing (sh scripts/deps.sh --test)"
if ! make --no-print-directory -s -C "$TOP" B="$B" "$B/tools/tokgen"; then
	[ -x "$TOKGEN" ] || die "cannot build $B/tools/tokgen"
	echo "bench: warning: cannot rebuild $B/tools/tokgen; using the old one" >&2
fi

TREE=$OUTDIR/tree-$size
MANIFEST=$TREE.planted.tsv
RESULT=$OUTDIR/result-$size.txt
mkdir -p "$OUTDIR"
[ "$regen" = 1 ] && rm -f "$MANIFEST"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/credatlas-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
# credatlas must never read the real home nor write a key there; ripgrep
# must not pick up a user's configuration.
mkdir -p "$WORK/home"
unset XDG_CONFIG_HOME RIPGREP_CONFIG_PATH || true

# The tree, and its file count and size (all files, as cat reads them).
set -- $("$PY" "$GEN" gen --tree "$TREE" --manifest "$MANIFEST" \
    --mib "$mib" --tokgen "$TOKGEN")
[ $# -eq 2 ] || die "the tree generator failed"
TREE_FILES=$1
TREE_BYTES=$2
PLANTED=$(grep -c -v '^#' "$MANIFEST")

# --- helpers ---------------------------------------------------------------

# calc EXPR: prints EXPR evaluated by awk (comparisons print 1 or 0).
calc() {
	awk "BEGIN { print ($1) }"
}

# mbps SECONDS: the tree's throughput in MB/s (10^6 bytes).
mbps() {
	awk -v b="$TREE_BYTES" -v s="$1" 'BEGIN { printf "%.0f", b / s / 1e6 }'
}

# run_once ID LABEL STDOUT CMD...: runs CMD once with stdout to STDOUT and
# stderr to $WORK/ID.err, prints the run, and keeps per ID the best wall
# time (T_ID, seconds), the least CPU time (CPU_ID, user + system seconds),
# the largest peak RSS (RSS_ID, KiB) and the worst exit status (RC_ID).
run_once() {
	id=$1
	label=$2
	out=$3
	shift 3
	r=$(HOME="$WORK/home" "$PY" "$GEN" time --stdout "$out" \
	    --stderr "$WORK/$id.err" -- "$@")
	s=$(echo "$r" | cut -d' ' -f1)
	m=$(echo "$r" | cut -d' ' -f2)
	c=$(echo "$r" | cut -d' ' -f3)
	u=$(echo "$r" | cut -d' ' -f4)
	printf '  %-22s %7.3f s %6s MB/s  cpu %6.3f s  peak RSS %5.1f MiB  exit %d\n' \
	    "$label" "$s" "$(mbps "$s")" "$u" "$(calc "$m / 1024")" "$c"
	eval "t=\${T_$id:-\$s} cpu=\${CPU_$id:-\$u} rss=\${RSS_$id:-0} rc=\${RC_$id:-0}"
	[ "$(calc "$s < $t")" = 1 ] && t=$s
	[ "$(calc "$u < $cpu")" = 1 ] && cpu=$u
	[ "$m" -gt "$rss" ] && rss=$m
	[ "$c" -gt "$rc" ] && rc=$c
	eval "T_$id=\$t CPU_$id=\$cpu RSS_$id=\$rss RC_$id=\$rc"
}

# --- the machine -----------------------------------------------------------

CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
NPROC=$(nproc)
CA_VERSION=$("$BIN" --version)
GIT_REV=$(git -C "$TOP" describe --always --dirty 2>/dev/null || echo unknown)
RG_VERSION=$(rg --version | sed -n 1p)
LOAD=$(cut -d' ' -f1 /proc/loadavg)
{
	echo "credatlas bench ($size tree)"
	echo "machine:   $NPROC cores, ${CPU:-unknown CPU}, $(uname -sr)"
	echo "versions:  $CA_VERSION (git $GIT_REV), $RG_VERSION"
	printf 'tree:      %s\n           %d files, %.1f MiB, %d planted secrets\n' \
	    "$TREE" "$TREE_FILES" "$(calc "$TREE_BYTES / 1048576")" "$PLANTED"
	echo "load:      $LOAD at the start (1-minute average)"
} >"$RESULT"
cat "$RESULT"
[ "$(calc "$LOAD > 0.5")" = 1 ] &&
    echo "bench: warning: the machine is busy; the figures will be noisy" >&2

# --- the commands ----------------------------------------------------------

CAT='find "$1" -type f -print0 | xargs -0 cat'
PCAT="find \"\$1\" -type f -print0 | xargs -0 -P $NPROC -n 256 cat"

PATTERNS=$WORK/patterns.txt
"$BIN" rules --patterns >"$PATTERNS" || die "credatlas rules --patterns failed"
# The full rules: the PCRE2 patterns that decide a match, boundaries and
# all. A one-engine grep needs these to give credatlas' answers; the
# first-pass patterns alone over-match (see the "files in all" count).
FULL=$WORK/full-patterns.txt
"$BIN" rules --full-patterns >"$FULL" ||
    die "credatlas rules --full-patterns failed"
rc=0
rg -P -f "$FULL" -- /dev/null >/dev/null 2>"$WORK/rgfull.err" || rc=$?
RGFULL_OK=0
[ "$rc" -lt 2 ] && RGFULL_OK=1
[ "$RGFULL_OK" = 1 ] ||
    echo "bench: ripgrep -P rejects the full rules: $(head -n 1 "$WORK/rgfull.err")" >&2
NPAT=$(grep -c . "$PATTERNS" || true)
RG_FLAGS=
RG_NOTE=
rc=0
rg -f "$PATTERNS" -- /dev/null >/dev/null 2>"$WORK/rg.err" || rc=$?
if [ "$rc" -ge 2 ]; then
	# Which patterns does ripgrep's default engine reject?
	bad=0
	n=0
	while IFS= read -r pat; do
		n=$((n + 1))
		printf '%s\n' "$pat" >"$WORK/one.txt"
		c=0
		rg -f "$WORK/one.txt" -- /dev/null >/dev/null 2>&1 || c=$?
		if [ "$c" -ge 2 ]; then
			echo "bench: ripgrep rejects pattern $n: $pat" >&2
			bad=$((bad + 1))
		fi
	done <"$PATTERNS"
	if [ "$bad" = 0 ]; then
		RG_FLAGS="--regex-size-limit 1G --dfa-size-limit 1G"
		RG_NOTE="the set exceeds ripgrep's default size limits: using $RG_FLAGS"
	else
		RG_FLAGS=-P
		RG_NOTE="$bad pattern(s) rejected by ripgrep's default engine: using -P (PCRE2) for the whole set"
	fi
	rc=0
	rg $RG_FLAGS -f "$PATTERNS" -- /dev/null >/dev/null 2>"$WORK/rg.err" ||
	    rc=$?
	[ "$rc" -lt 2 ] ||
	    RG_NOTE="$RG_NOTE; ripgrep still fails: $(head -n 1 "$WORK/rg.err")"
	echo "bench: $RG_NOTE" >&2
fi
RG_OK=0
[ "$rc" -lt 2 ] && RG_OK=1

echo
echo "cat:       find TREE -type f -print0 | xargs -0 cat > /dev/null"
echo "           (and with xargs -P $NPROC -n 256: one cat per core)"
echo "credatlas: HOME=\$(mktemp -d) credatlas scan --include-deps --no-progress -q [--jobs 1] -o REPORT.json TREE"
echo "ripgrep:   rg --no-ignore --hidden -c ${RG_FLAGS:+$RG_FLAGS }-f PATTERNS TREE ($NPAT patterns from 'credatlas rules --patterns')"
echo "           (and -F -e ABSENT-LITERAL instead of -f: ripgrep's own walk and read)"
echo "ripgrep:   rg -P --no-ignore --hidden -c -f FULL TREE (the same rules in full, from 'credatlas rules --full-patterns')"
echo
echo "warm-up (one cat pass, not counted)"
run_once warm "cat" /dev/null sh -c "$CAT" sh "$TREE"
[ "$RC_warm" = 0 ] || die "cat failed: $(tail -n 3 "$WORK/warm.err")"

# The files credatlas reads whole, for cat and ripgrep on the same set.
SET=$WORK/fileset
if command -v strace >/dev/null; then
	HOME="$WORK/home" strace -f -qq -y -e trace=openat,openat2,open \
	    -e signal=none -o "$WORK/trace.txt" "$BIN" scan --include-deps \
	    --no-progress -q -o "$WORK/trace.json" "$TREE" 2>"$WORK/trace.err" ||
	    die "credatlas under strace failed: $(tail -n 3 "$WORK/trace.err")"
	eval "$("$PY" "$GEN" fileset --tree "$TREE" --trace "$WORK/trace.txt" \
	    --out "$SET")"
else
	echo "bench: strace is missing: the same set of files is the walker's rules applied to the tree" >&2
	eval "$("$PY" "$GEN" fileset --tree "$TREE" --out "$SET")"
fi
[ "$SET_FILES" -gt 0 ] || die "the set of files credatlas reads is empty"
echo "same files: $SET_FILES files, $(calc "$SET_BYTES / 1048576" |
    xargs printf '%.1f') MiB that credatlas reads whole (from $SET_FROM)"
SETCAT="xargs -0 -a \"\$1\" cat"
if [ "$RGFULL_OK" = 1 ]; then
	SETRG_LABEL="ripgrep -P, full rules"
	SETRG="xargs -0 -a \"\$1\" rg -P --no-ignore --hidden -c -f \"\$2\" --"
	SETRG_PAT=$FULL
else
	SETRG_LABEL="ripgrep${RG_FLAGS:+ $RG_FLAGS}"
	SETRG="xargs -0 -a \"\$1\" rg --no-ignore --hidden -c $RG_FLAGS -f \"\$2\" --"
	SETRG_PAT=$PATTERNS
fi

i=1
while [ "$i" -le "$runs" ]; do
	echo "round $i of $runs"
	run_once cat "cat" /dev/null sh -c "$CAT" sh "$TREE"
	run_once pcat "cat x $NPROC" /dev/null sh -c "$PCAT" sh "$TREE"
	run_once ca "credatlas -j $NPROC" /dev/null "$BIN" scan --include-deps \
	    --no-progress -q -o "$WORK/ca.json" "$TREE"
	run_once ca1 "credatlas -j 1" /dev/null "$BIN" scan --include-deps \
	    --no-progress -q --jobs 1 -o "$WORK/ca1.json" "$TREE"
	if [ "$RG_OK" = 1 ]; then
		run_once rg "ripgrep" "$WORK/rg-counts.txt" rg --no-ignore \
		    --hidden -c $RG_FLAGS -f "$PATTERNS" "$TREE"
	fi
	run_once rglit "ripgrep, one literal" /dev/null rg --no-ignore \
	    --hidden -c -F -e credatlas-bench-absent-literal "$TREE"
	run_once catset "cat, same files" /dev/null sh -c "$SETCAT" sh "$SET"
	if [ "$RG_OK" = 1 ] || [ "$RGFULL_OK" = 1 ]; then
		run_once rgset "ripgrep, same files" /dev/null \
		    sh -c "$SETRG" sh "$SET" "$SETRG_PAT"
	fi
	if [ "$RGFULL_OK" = 1 ]; then
		run_once rgfull "ripgrep -P, full rules" "$WORK/rgfull-counts.txt" \
		    rg -P --no-ignore --hidden -c -f "$FULL" "$TREE"
	fi
	i=$((i + 1))
done

# --- checks ----------------------------------------------------------------

if [ "$RC_cat" != 0 ] || [ "$RC_pcat" != 0 ]; then
	die "cat failed: $(tail -n 3 "$WORK/cat.err" "$WORK/pcat.err")"
fi

FAIL=0
# check_ca ID LABEL: reads the last report of configuration ID; sets
# FOUND_ID and FILES_ID.
check_ca() {
	eval "rc=\$RC_$1"
	if [ "$rc" != 0 ]; then
		echo "bench: credatlas $2 exited $rc:" >&2
		tail -n 5 "$WORK/$1.err" >&2
		FAIL=1
		eval "FOUND_$1=0 FILES_$1=0 BYTES_$1=0"
		return 0
	fi
	eval "$("$PY" "$GEN" verify --tree "$TREE" --manifest "$MANIFEST" \
	    --report "$WORK/$1.json")"
	printf 'credatlas %s: %d files, %.1f MiB read of %.1f MiB in the tree (%.0f%%), %d skipped, %d errors; %d/%d planted files found (by path), %d other credentials\n' \
	    "$2" "$FILES" "$(calc "$BYTES / 1048576")" \
	    "$(calc "$TREE_BYTES / 1048576")" \
	    "$(calc "$BYTES / $TREE_BYTES * 100")" "$SKIPPED" "$ERRORS" \
	    "$FOUND" "$PLANTED" "$EXTRA"
	[ "$FOUND" = "$PLANTED" ] || FAIL=1
	eval "FOUND_$1=\$FOUND FILES_$1=\$FILES BYTES_$1=\$BYTES"
}
echo
check_ca ca "-j $NPROC"
check_ca ca1 "-j 1"

if [ "$RG_OK" = 1 ]; then
	[ "$RC_rg" -lt 2 ] ||
	    echo "bench: ripgrep exited $RC_rg: $(head -n 3 "$WORK/rg.err")" >&2
	eval "$("$PY" "$GEN" rgfound --tree "$TREE" --manifest "$MANIFEST" \
	    --counts "$WORK/rg-counts.txt")"
	RG_FOUND=$FOUND
	RG_MATCHED=$MATCHED_FILES
fi

# --- the table -------------------------------------------------------------

verdict() {
	if [ "$1" = 1 ]; then echo PASS; else echo MISS; fi
}

row() { # LABEL ID FILES SHOW_RSS(0|1) FOUND-TEXT
	eval "t=\$T_$2 cpu=\$CPU_$2 rss=\$RSS_$2"
	if [ "$4" = 0 ]; then
		rss=-
	else
		rss="$(calc "$rss / 1024" | xargs printf '%.1f') MiB"
	fi
	printf '%-22s %8.3f %6s %7.3f %8d %9s  %s\n' "$1" "$t" "$(mbps "$t")" \
	    "$cpu" "$3" "$rss" "$5"
}

# A browser profile with a 100k-cookie Chromium store: the metadata reader
# alone, in CPU seconds of the whole scan (issue 13's "well under a
# second").
BROWSER=$OUTDIR/browser
rm -rf "$BROWSER"
mkdir -p "$BROWSER/etc" "$BROWSER/home/b/.config/google-chrome/Default"
printf 'b:x:%s:%s::/home/b:/bin/sh\n' "$(id -u)" "$(id -g)" \
    >"$BROWSER/etc/passwd"
$PY "$TOP/tests/e2e/browser_fixtures.py" --bench \
    "$BROWSER/home/b/.config/google-chrome/Default/Cookies" 100000
CPU_browser=$($PY - "$BIN" "$BROWSER" <<'PYEOF'
import resource, subprocess, sys
rc = subprocess.call([sys.argv[1], "scan", "-q", "--root", sys.argv[2],
                      "-o", "/dev/null"], stdout=subprocess.DEVNULL)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.2f" % (u.ru_utime + u.ru_stime) if rc <= 1 else "-1")
PYEOF
)

X_RG=
PCT_CAT=$(calc "$T_cat / $T_ca * 100")
[ "$RG_OK" = 1 ] && X_RG=$(calc "$T_rg / $T_ca")
{
	echo
	printf '%-22s %8s %6s %7s %8s %9s  %s\n' tool seconds MB/s "cpu s" \
	    files "peak RSS" "secrets found"
	row "cat (read floor)" cat "$TREE_FILES" 0 -
	row "cat x $NPROC" pcat "$TREE_FILES" 0 -
	row "credatlas -j $NPROC" ca "$FILES_ca" 1 "$FOUND_ca/$PLANTED"
	row "credatlas -j 1" ca1 "$FILES_ca1" 1 "$FOUND_ca1/$PLANTED"
	if [ "$RG_OK" = 1 ]; then
		row "ripgrep${RG_FLAGS:+ $RG_FLAGS}" rg "$TREE_FILES" 1 \
		    "$RG_FOUND/$PLANTED planted files matched, $RG_MATCHED files in all (first pass only)"
	else
		echo "ripgrep                (not run: the pattern set does not compile)"
	fi
	row "ripgrep, one literal" rglit "$TREE_FILES" 1 -
	if [ "$RGFULL_OK" = 1 ]; then
		eval "$("$PY" "$GEN" rgfound --tree "$TREE" --manifest "$MANIFEST" \
		    --counts "$WORK/rgfull-counts.txt")"
		row "ripgrep -P, full rules" rgfull "$TREE_FILES" 1 \
		    "$FOUND/$PLANTED planted files matched, $MATCHED_FILES files in all"
	fi
	[ -z "$RG_NOTE" ] || echo "note: $RG_NOTE"
	echo
	printf 'bytes read: credatlas %.1f MiB of the tree'"'"'s %.1f MiB (%.0f%%); cat and ripgrep read all of it\n' \
	    "$(calc "$BYTES_ca / 1048576")" "$(calc "$TREE_BYTES / 1048576")" \
	    "$(calc "$BYTES_ca / $TREE_BYTES * 100")"
	printf 'same files: the %d files (%.1f MiB) credatlas reads whole (from %s)\n' \
	    "$SET_FILES" "$(calc "$SET_BYTES / 1048576")" "$SET_FROM"
	printf '  %-26s %8.3f s %6.0f MB/s\n' "cat" "$T_catset" \
	    "$(calc "$SET_BYTES / $T_catset / 1e6")"
	if [ -n "${T_rgset:-}" ]; then
		printf '  %-26s %8.3f s %6.0f MB/s\n' "$SETRG_LABEL" "$T_rgset" \
		    "$(calc "$SET_BYTES / $T_rgset / 1e6")"
	fi
	printf '  %-26s %8.3f s %6.0f MB/s (the whole walk included)\n' \
	    "credatlas -j $NPROC" "$T_ca" "$(calc "$SET_BYTES / $T_ca / 1e6")"
	printf '  credatlas vs cat on the same files:     %.2fx its speed\n' \
	    "$(calc "$T_catset / $T_ca")"
	if [ -n "${T_rgset:-}" ]; then
		printf '  credatlas vs %s on the same files: %.1fx its speed\n' \
		    "$SETRG_LABEL" "$(calc "$T_rgset / $T_ca")"
	fi
	echo
	printf 'credatlas per core (-j 1): %s MB/s\n' "$(mbps "$T_ca1")"
	printf 'credatlas as %% of cat:     %.0f%% (of cat x %d: %.0f%%)\n' \
	    "$PCT_CAT" "$NPROC" "$(calc "$T_pcat / $T_ca * 100")"
	if [ -n "$X_RG" ]; then
		printf 'credatlas vs ripgrep:      %.1fx (in CPU time: %.1fx; vs ripgrep looking for one literal: %.1fx)\n' \
		    "$X_RG" "$(calc "$CPU_rg / $CPU_ca")" \
		    "$(calc "$T_rglit / $T_ca")"
	fi
	echo
	if [ "$RGFULL_OK" = 1 ]; then
		X_RGFULL=$(calc "$T_rgfull / $T_ca")
		printf 'credatlas vs ripgrep -P, same rules in full: %.1fx (in CPU time: %.1fx)\n' \
		    "$X_RGFULL" "$(calc "$CPU_rgfull / $CPU_ca")"
	fi
	echo
	echo "targets:"
	if [ "$RGFULL_OK" = 1 ]; then
		printf '  %s  credatlas >= 10x ripgrep on the same rules (%.1fx; on the first-pass patterns alone, which over-match: %s)\n' \
		    "$(verdict "$(calc "$X_RGFULL >= 10")")" "$X_RGFULL" \
		    "$(printf '%.1fx' "${X_RG:-0}")"
	else
		echo "  MISS  credatlas >= 10x ripgrep (ripgrep did not run)"
	fi
	printf '  %s  credatlas >= 50%% of cat (%.0f%%)\n' \
	    "$(verdict "$(calc "$PCT_CAT >= 50")")" "$PCT_CAT"
	printf '  %s  peak RSS <= 64 MiB (%.1f MiB; -j 1: %.1f MiB)\n' \
	    "$(verdict "$(calc "$RSS_ca <= 65536")")" \
	    "$(calc "$RSS_ca / 1024")" "$(calc "$RSS_ca1 / 1024")"
	printf '  %s  every planted secret found (%d/%d; -j 1: %d/%d)\n' \
	    "$(verdict "$(calc "$FOUND_ca == $PLANTED && $FOUND_ca1 == $PLANTED")")" \
	    "$FOUND_ca" "$PLANTED" "$FOUND_ca1" "$PLANTED"
	printf '  %s  a 100k-cookie Chromium store scanned in under 1 s of CPU (%s s)\n' \
	    "$(verdict "$(calc "$CPU_browser >= 0 && $CPU_browser < 1")")" \
	    "$CPU_browser"
	echo "load:      $(cut -d' ' -f1 /proc/loadavg) at the end (1-minute average)"
} >>"$RESULT"
sed -n '/^$/,$p' "$RESULT"
echo
echo "(saved to ${RESULT#"$TOP"/})"
exit "$FAIL"
