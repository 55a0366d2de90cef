# t_operand_confine.sh - a plain `credatlas scan DIR` is confined to DIR:
# a tripwire token outside the tree, reached through an absolute and a
# relative symlink, a git [include] path (absolute and "../") and a
# `credential.helper store --file`, is neither reported nor opened. With
# --follow-outside the same links are followed (so the tripwire is real).
. "$(dirname "$0")/lib.sh"

TREE=$WORK/tree
OUTSIDE=$WORK/outside
mkdir -p "$TREE/sub" "$OUTSIDE" "$WORK/out"

TRIP_LINK=$("$TOOLS/tokgen" ghp 301)
TRIP_INC=$("$TOOLS/tokgen" ghp 302)
TRIP_STORE=$("$TOOLS/tokgen" ghp 303)
IN_TOKEN=$("$TOOLS/tokgen" ghp 304)
printf 'GITHUB_TOKEN=%s\n' "$TRIP_LINK" >"$OUTSIDE/trip.env"
printf '[github]\n\ttoken = %s\n' "$TRIP_INC" >"$OUTSIDE/inc.gitconfig"
printf 'https://alice:%s@github.com\n' "$TRIP_STORE" >"$OUTSIDE/creds"
printf 'GITHUB_TOKEN=%s\n' "$IN_TOKEN" >"$TREE/inside.env"

ln -s "$OUTSIDE/trip.env" "$TREE/abs-link.env"
ln -s ../outside/trip.env "$TREE/rel-link.env"
ln -s ../../outside "$TREE/sub/outdir"
cat >"$TREE/.gitconfig" <<EOF
[include]
	path = $OUTSIDE/inc.gitconfig
[include]
	path = ../outside/inc.gitconfig
[credential]
	helper = store --file $OUTSIDE/creds
EOF

head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/key"
echo >>"$WORK/key"

# scan REPORT ARGS...: scans with the shared fingerprint key
scan() {
	r=$1
	shift
	rc=0
	"$CREDATLAS" scan --no-progress -q -j 2 \
	    --fingerprint-key-file "$WORK/key" -o "$r" "$@" || rc=$?
	[ "$rc" -le 1 ] || fail "scan $* exited $rc"
}

# preview_count REPORT TOKEN: credentials whose preview starts like TOKEN
preview_count() {
	p=$(printf '%s' "$2" | cut -c1-8)
	jq_py "$1" "len([c for c in d['credentials'] if (c['redacted'] or '').startswith('$p')])"
}

TRACE=
if command -v strace >/dev/null 2>&1 &&
    strace -f -qq -o /dev/null true 2>/dev/null; then
	TRACE=$WORK/trace
	# LeakSanitizer cannot run under ptrace: an ASan build is traced
	# with leak checking off (the untraced runs still check leaks).
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -qq -e trace=open,openat,openat2 -o "$TRACE" \
	    "$CREDATLAS" scan --no-progress -q -j 2 \
	    --fingerprint-key-file "$WORK/key" -o "$WORK/out/c.json" \
	    "$TREE" || [ $? -le 1 ] || fail "traced scan failed"
	R=$WORK/out/c.json
else
	echo "note: no usable strace, the open check is skipped" >&2
	R=$WORK/out/c.json
	scan "$R" "$TREE"
fi

expect_eq "the token inside" "$(preview_count "$R" "$IN_TOKEN")" 1
expect_eq "tripwire through symlinks" "$(preview_count "$R" "$TRIP_LINK")" 0
expect_eq "tripwire through [include]" "$(preview_count "$R" "$TRIP_INC")" 0
expect_eq "tripwire through store --file" \
    "$(preview_count "$R" "$TRIP_STORE")" 0
n=$(jq_py "$R" "len([l for c in d['credentials'] for l in c['locations'] if l['path'].startswith('$OUTSIDE')])")
expect_eq "locations outside the tree" "$n" 0
# Reported paths name the real location: the operand plus the path in it.
n=$(jq_py "$R" "len([l for c in d['credentials'] for l in c['locations'] if l['path'] == '$TREE/inside.env'])")
expect_eq "real path of the inside token" "$n" 1

if [ -n "$TRACE" ]; then
	# No open of anything outside the tree succeeded (a confined lookup
	# of "../outside/..." resolves inside the tree and fails there).
	if grep -E 'outside/(trip\.env|inc\.gitconfig|creds)' "$TRACE" |
	    grep -v '= -1 ' >"$WORK/opened"; then
		fail "files outside the tree were opened: $(cat "$WORK/opened")"
	fi
	opened=$(grep -c "inside.env\", .*= [0-9]" "$TRACE" || true)
	[ "$opened" -ge 1 ] || fail "the trace does not show the inside file"
fi

# --follow-outside reaches them: the tripwires above are real.
F=$WORK/out/f.json
scan "$F" --follow-outside "$TREE"
expect_eq "followed symlink" "$(preview_count "$F" "$TRIP_LINK")" 1
expect_eq "followed [include]" "$(preview_count "$F" "$TRIP_INC")" 1
expect_eq "followed store --file" "$(preview_count "$F" "$TRIP_STORE")" 1

printf 'a\t%s\nb\t%s\nc\t%s\nd\t%s\n' "$TRIP_LINK" "$TRIP_INC" \
    "$TRIP_STORE" "$IN_TOKEN" >"$WORK/planted"
assert_no_secrets "$WORK/planted" "$R" "$F"
echo ok
