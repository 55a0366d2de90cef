#!/bin/sh
# bench_image.sh - `make bench` (image part): `credatlas image` on a
# generated OCI image of about 500 MiB uncompressed against the floor of
# plain decompression, zcat of each gzip layer blob (zstd -dc of the zstd
# one) to /dev/null.
#
#   sh scripts/bench_image.sh [--mib N] [--layers N] [--runs N] [--regen]
#
# The image is the bench tree of scripts/bench_gen.py (N MiB, default 500:
# source, logs, node_modules, binaries, about fifty planted secrets) under
# /srv/bench, packed by scripts/bench_image.py into an OCI layout of a base
# layer, N layers (default 4: three gzip, then one zstd) and a last layer
# whose whiteout deletes one planted file. Tree and image live in
# build/bench/image-tree-N and build/bench/image-N and are reused while
# they match. One pass over the
# blobs warms the page cache; then each round runs zcat (one layer after
# the other), zcat with one process per core, and credatlas image with
# its default jobs and with --jobs 1, each once; every tool's best round
# counts. MB/s is uncompressed tar bytes (10^6) over wall seconds. Peak
# RSS is the child's ru_maxrss.
#
# Targets (issue 15, reported, never asserted): credatlas >= 70% of zcat's
# throughput, peak RSS < 150 MiB. Exit status: 0 when credatlas ran and
# found every planted secret, the deleted one as deleted; 1 otherwise.

# Per-tool results live in variables named by eval (T_zcat, RSS_ca...).
# shellcheck disable=SC2154,SC2086,SC2046,SC2016,SC2153,SC2015
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
PACK=$TOP/scripts/bench_image.py
OUTDIR=$TOP/build/bench

mib=500
layers=4
runs=3
regen=0
while [ $# -gt 0 ]; do
	case $1 in
	--mib | --layers | --runs)
		[ $# -ge 2 ] || { echo "bench: $1 needs a number" >&2; exit 2; }
		case $2 in
		'' | *[!0-9]* | 0)
			echo "bench: $1 takes a positive number" >&2
			exit 2
			;;
		esac
		eval "${1#--}=\$2"
		shift
		;;
	--regen) regen=1 ;;
	-h | --help)
		sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "bench: unknown argument '$1' (try --help)" >&2
		exit 2
		;;
	esac
	shift
done

die() {
	echo "bench: $*" >&2
	exit 1
}

[ -x "$BIN" ] || die "'$BIN' is missing (run 'make' first)"
command -v zcat >/dev/null || die "zcat is missing"
command -v gzip >/dev/null || die "gzip is missing"
command -v zstd >/dev/null || die "zstd is missing"
if ! make --no-print-directory -s -C "$TOP" B="$B" "$B/tools/tokgen"; then
	[ -x "$TOKGEN" ] || die "cannot build $B/tools/tokgen"
fi

TREE=$OUTDIR/image-tree-$mib
MANIFEST=$TREE.planted.tsv
IMAGE=$OUTDIR/image-$mib
RESULT=$OUTDIR/result-image-$mib.txt
mkdir -p "$OUTDIR"
[ "$regen" = 1 ] && rm -rf "$MANIFEST" "$IMAGE"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/credatlas-bench-image.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
mkdir -p "$WORK/home"

set -- $("$PY" "$GEN" gen --tree "$TREE" --manifest "$MANIFEST" \
    --mib "$mib" --tokgen "$TOKGEN")
[ $# -eq 2 ] || die "the tree generator failed"
info=$("$PY" "$PACK" pack --tree "$TREE" --manifest "$MANIFEST" \
    --out "$IMAGE" --layers "$layers") || die "the image packer failed"
eval "$info"
PLANTED=$(grep -c -v '^#' "$MANIFEST")

calc() {
	awk "BEGIN { print ($1) }"
}

mbps() {
	awk -v b="$RAW_BYTES" -v s="$1" 'BEGIN { printf "%.0f", b / s / 1e6 }'
}

# run_once ID LABEL CMD...: as in bench.sh; keeps the best wall time
# (T_ID), least CPU (CPU_ID), largest peak RSS (RSS_ID, KiB) and worst
# exit status (RC_ID).
run_once() {
	id=$1
	label=$2
	shift 2
	r=$(HOME="$WORK/home" "$PY" "$GEN" time --stdout /dev/null \
	    --stderr "$WORK/$id.err" -- "$@")
	set -- $r
	printf '  %-22s %7.3f s %6s MB/s  cpu %6.3f s  peak RSS %5.1f MiB  exit %d\n' \
	    "$label" "$1" "$(mbps "$1")" "$4" "$(calc "$2 / 1024")" "$3"
	eval "t=\${T_$id:-$1} cpu=\${CPU_$id:-$4} rss=\${RSS_$id:-0} rc=\${RC_$id:-0}"
	[ "$(calc "$1 < $t")" = 1 ] && t=$1
	[ "$(calc "$4 < $cpu")" = 1 ] && cpu=$4
	[ "$2" -gt "$rss" ] && rss=$2
	[ "$3" -gt "$rc" ] && rc=$3
	eval "T_$id=\$t CPU_$id=\$cpu RSS_$id=\$rss RC_$id=\$rc"
}

NPROC=$(nproc)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
LOAD=$(cut -d' ' -f1 /proc/loadavg)
{
	echo "credatlas image bench"
	echo "machine:   $NPROC cores, ${CPU:-unknown CPU}, $(uname -sr)"
	echo "versions:  $("$BIN" --version) (git $(git -C "$TOP" describe --always --dirty 2>/dev/null || echo unknown)), $(gzip --version | sed -n 1p)"
	printf 'image:     %s (OCI layout)\n' "$IMAGE"
	printf '           %d layers (%d of the tree, the last zstd), %.1f MiB of tar in %.1f MiB of blobs, %d planted secrets\n' \
	    "$LAYERS" "$layers" "$(calc "$RAW_BYTES / 1048576")" \
	    "$(calc "$BLOB_BYTES / 1048576")" "$PLANTED"
	echo "           deleted by the last layer: $DELETED"
	echo "load:      $LOAD at the start (1-minute average)"
} >"$RESULT"
cat "$RESULT"
[ "$(calc "$LOAD > 0.5")" = 1 ] &&
    echo "bench: warning: the machine is busy; the figures will be noisy" >&2

# Each blob comes as gz:PATH or zst:PATH.
UNZ='case $0 in zst:*) zstd -dcq <"${0#zst:}" ;; *) zcat <"${0#gz:}" ;; esac'
ZCAT="for b; do sh -c '$UNZ' \"\$b\"; done >/dev/null"
PZCAT="printf '%s\\0' \"\$@\" | xargs -0 -P $NPROC -n 1 sh -c '$UNZ' >/dev/null"
PLAIN=
for b in $BLOBS; do
	PLAIN="$PLAIN ${b#*:}"
done
echo
echo "zcat:      for each layer blob: zcat <BLOB >/dev/null, zstd -dc for the zstd"
echo "           one (and one process per core)"
echo "credatlas: HOME=\$(mktemp -d) credatlas image --include-deps --no-progress -q [--jobs 1] -o REPORT.json IMAGE"
echo
echo "warm-up (cat of every blob, not counted)"
run_once warm "cat" sh -c 'cat "$@" >/dev/null' sh $PLAIN
i=1
while [ "$i" -le "$runs" ]; do
	echo "round $i of $runs"
	run_once zcat "zcat" sh -c "$ZCAT" sh $BLOBS
	run_once pzcat "zcat x $NPROC" sh -c "$PZCAT" sh $BLOBS
	run_once ca "credatlas" "$BIN" image --include-deps --no-progress -q \
	    -o "$WORK/ca.json" "$IMAGE"
	run_once ca1 "credatlas -j 1" "$BIN" image --include-deps \
	    --no-progress -q --jobs 1 -o "$WORK/ca1.json" "$IMAGE"
	i=$((i + 1))
done

[ "$RC_zcat" = 0 ] && [ "$RC_pzcat" = 0 ] ||
    die "zcat failed: $(tail -n 3 "$WORK/zcat.err" "$WORK/pzcat.err")"
FAIL=0
check_ca() {
	eval "rc=\$RC_$1"
	if [ "$rc" -gt 1 ]; then
		echo "bench: credatlas $2 exited $rc:" >&2
		tail -n 5 "$WORK/$1.err" >&2
		FAIL=1
		eval "FOUND_$1=0 DEL_$1=0"
		return 0
	fi
	eval "$("$PY" "$PACK" verify --manifest "$MANIFEST" \
	    --report "$WORK/$1.json" --deleted "$DELETED")"
	printf 'credatlas %s: %d files, %.1f MiB read; %d/%d planted files found, the deleted one %s; %d other credentials\n' \
	    "$2" "$FILES" "$(calc "$BYTES / 1048576")" "$FOUND" "$PLANTED" \
	    "$([ "$DELETED_OK" = 1 ] && echo "as deleted" || echo "NOT as deleted")" \
	    "$EXTRA"
	[ "$FOUND" = "$PLANTED" ] && [ "$DELETED_OK" = 1 ] || FAIL=1
	eval "FOUND_$1=\$FOUND DEL_$1=\$DELETED_OK"
}
echo
check_ca ca "-j $NPROC"
check_ca ca1 "-j 1"

verdict() {
	if [ "$1" = 1 ]; then echo PASS; else echo MISS; fi
}
row() { # LABEL ID SHOW_RSS
	eval "t=\$T_$2 cpu=\$CPU_$2 rss=\$RSS_$2"
	if [ "$3" = 0 ]; then
		rss=-
	else
		rss="$(calc "$rss / 1024" | xargs printf '%.1f') MiB"
	fi
	printf '%-22s %8.3f %6s %7.3f %9s\n' "$1" "$t" "$(mbps "$t")" \
	    "$cpu" "$rss"
}
PCT=$(calc "$T_zcat / $T_ca * 100")
PCT1=$(calc "$T_zcat / $T_ca1 * 100")
{
	echo
	printf '%-22s %8s %6s %7s %9s\n' tool seconds MB/s "cpu s" "peak RSS"
	row "zcat (floor)" zcat 0
	row "zcat x $NPROC" pzcat 0
	row "credatlas -j $NPROC" ca 1
	row "credatlas -j 1" ca1 1
	echo
	printf 'credatlas as %% of zcat: %.0f%% (-j 1: %.0f%%; of zcat x %d: %.0f%%)\n' \
	    "$PCT" "$PCT1" "$NPROC" "$(calc "$T_pzcat / $T_ca * 100")"
	printf 'CPU seconds per uncompressed GB: zcat %.2f, credatlas %.2f\n' \
	    "$(calc "$CPU_zcat / $RAW_BYTES * 1e9")" \
	    "$(calc "$CPU_ca / $RAW_BYTES * 1e9")"
	echo
	echo "targets:"
	printf '  %s  credatlas >= 70%% of zcat throughput (%.0f%%)\n' \
	    "$(verdict "$(calc "$PCT >= 70")")" "$PCT"
	printf '  %s  peak RSS < 150 MiB (%.1f MiB; -j 1: %.1f MiB)\n' \
	    "$(verdict "$(calc "$RSS_ca < 153600")")" \
	    "$(calc "$RSS_ca / 1024")" "$(calc "$RSS_ca1 / 1024")"
	printf '  %s  every planted secret found, the deleted one as deleted (%d/%d; -j 1: %d/%d)\n' \
	    "$(verdict "$(calc "$FOUND_ca == $PLANTED && $DEL_ca == 1 && $FOUND_ca1 == $PLANTED && $DEL_ca1 == 1")")" \
	    "$FOUND_ca" "$PLANTED" "$FOUND_ca1" "$PLANTED"
	echo "load:      $(cut -d' ' -f1 /proc/loadavg) at the end (1-minute average)"
} >>"$RESULT"
sed -n '/^tool/,$p' "$RESULT"
echo
echo "(saved to ${RESULT#"$TOP"/})"
exit "$FAIL"
