#!/bin/sh
# bench_all.sh - `make bench`: the tree, image and git history benches, or
# those named.
#
#   sh scripts/bench_all.sh [tree] [image] [git] [--small] [--runs N]
#                           [--regen]
#
#   tree   scripts/bench.sh: a 1 GiB synthetic tree, credatlas against
#          ripgrep and cat
#   image  scripts/bench_image.sh: `credatlas image` on a 500 MiB OCI
#          image against zcat of its layers
#   git    scripts/bench_git_history.sh: `scan --git-history` on a 20k
#          commit repository against git cat-file | rg
#
# With no name, all three run, one after the other. --small makes each
# quick (a 100 MiB tree and image, a 5000 commit repository; the issue's
# targets are for the full sizes); --runs and --regen go to each bench
# that takes them. Exit status: 1 when any bench failed, else 0 (speed and
# memory targets are reported, never enforced).
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
which=
small=0
runs=
regen=0
while [ $# -gt 0 ]; do
	case $1 in
	tree | image | git) which="$which $1" ;;
	--small) small=1 ;;
	--runs)
		[ $# -ge 2 ] || { echo "bench: --runs needs a number" >&2; exit 2; }
		runs=$2
		shift
		;;
	--regen) regen=1 ;;
	-h | --help)
		sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "bench: unknown argument '$1' (try --help)" >&2
		exit 2
		;;
	esac
	shift
done
[ -n "$which" ] || which="tree image git"

status=0
for b in $which; do
	set --
	[ -n "$runs" ] && set -- --runs "$runs"
	case $b in
	tree)
		[ "$small" = 1 ] && set -- "$@" --small
		[ "$regen" = 1 ] && set -- "$@" --regen
		script=bench.sh
		;;
	image)
		[ "$small" = 1 ] && set -- "$@" --mib 100
		[ "$regen" = 1 ] && set -- "$@" --regen
		script=bench_image.sh
		;;
	git)
		[ "$small" = 1 ] &&
		    set -- "$@" --commits 5000 --per 1 --files 1000
		script=bench_git_history.sh
		;;
	esac
	echo "=== bench: $b (scripts/$script $*)"
	sh "$TOP/scripts/$script" "$@" || {
		echo "bench: $b failed" >&2
		status=1
	}
	echo
done
exit "$status"
