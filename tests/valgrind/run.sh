#!/bin/sh
# run.sh - the memcheck pass of `make check`: every command of the
# end-to-end suite's main path (a scan of every fixture home writing every
# format, report, diff, merge, rules, a scan of standard input, a hostile
# image and a git history) under valgrind, which fails on any memory
# error and on any definite or indirect leak. The whole e2e suite under
# valgrind would take an hour on two cores; these runs reach every surface
# module and every writer.
# Needs CREDATLAS (a build without sanitizers) and TOOLS.
. "$(dirname "$0")/../e2e/lib.sh"

VG="valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
    --track-fds=no --num-callers=30"
command -v valgrind >/dev/null || fail "valgrind is not installed"

ROOT=$WORK/root
mkdir -p "$ROOT/etc" "$ROOT/home"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$ROOT/etc/passwd"
uid=2000
for fixture in "$TOP"/testdata/homes/*/; do
	name=$(basename "$fixture")
	materialize "homes/$name" "$ROOT/home/$name"
	rm -f "$ROOT/home/$name.secrets"
	if [ -f "$TOP/testdata/homes/$name.mk.py" ]; then
		$PY "$TOP/testdata/homes/$name.mk.py" "$ROOT/home/$name" \
		    "$TOOLS/tokgen" >/dev/null
	fi
	printf '%s:x:%d:%d::/home/%s:/bin/sh\n' "$name" $uid $uid "$name" \
	    >>"$ROOT/etc/passwd"
	uid=$((uid + 1))
done

pass=0
# vg WHAT ARGS...: runs credatlas ARGS under valgrind; exit 0 or 1 (a
# finding at --fail-on) is a success, 99 is a memory error or leak.
vg() {
	what=$1
	shift
	rc=0
	$VG "$CREDATLAS" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
	if [ "$rc" -gt 1 ]; then
		cat "$WORK/err" >&2
		fail "$what: exit $rc under valgrind"
	fi
	pass=$((pass + 1))
}

O=$WORK/o
mkdir -p "$O"
vg "scan, every format" scan -j2 --root "$ROOT" --fail-on admin \
    -o "$O/r.json" -o "$O/r.jsonl" -o "$O/r.sarif" -o "$O/r.html" \
    -o "$O/r.csv" -o "$O/r.txt" --db "$O/inv.db"
[ -s "$O/r.json" ] || fail "no report written"
[ "$(jq_py "$O/r.json" "len(d['credentials'])")" -ge 20 ] ||
	fail "the scan found less than the fixtures hold"
vg "scan, one home, text" scan -j1 "$ROOT/home/alice"
vg "scan, standard input" scan - <"$ROOT/home/alice/.config/gh/hosts.yml"
vg "report, json to html" report -o "$O/back.html" "$O/r.json"
vg "report, inventory to sarif" report -o "$O/back.sarif" "$O/inv.db"
vg "diff" diff "$O/r.json" "$O/r.json"
vg "merge" merge "$O/merged.db" "$O/inv.db"
vg "rules" rules

# An image with hostile entries, and a repository's history: the two
# targets that are not a directory walk.
: >"$WORK/planted"
$PY "$TOP/tests/e2e/mkimage.py" oci "$WORK/img" "$TOOLS/tokgen" \
    "$WORK/planted" --hostile >/dev/null
vg "image, hostile OCI layout" image "$WORK/img" -o "$O/img.json" \
    -o "$O/img.txt"
[ -s "$O/img.json" ] || fail "no image report written"
REPO=$WORK/repo
git init -q "$REPO"
cp "$ROOT/home/alice/.config/gh/hosts.yml" "$REPO/hosts.yml"
git -C "$REPO" add hosts.yml
git -C "$REPO" -c user.name=t -c user.email=t@example.invalid \
    commit -qm add
git -C "$REPO" rm -q hosts.yml
git -C "$REPO" -c user.name=t -c user.email=t@example.invalid \
    commit -qm remove
vg "scan --git-history" scan --git-history "$REPO" -o "$O/git.json"
[ "$(jq_py "$O/git.json" "len(d['credentials'])")" -ge 1 ] ||
	fail "the history scan found nothing"
echo "valgrind: $pass passed, 0 failed"
