# t_walker_safety.sh - the walker never leaves --root (absolute and
# relative symlinks, /etc/shadow), never hangs on a FIFO, survives symlink
# loops, deep trees and unreadable files, and follows links that stay
# inside the root.
# As root the scan runs as nobody (root reads anything), so the work
# directory must sit where nobody can reach it.
if [ "$(id -u)" = 0 ]; then
	TMPDIR=/var/tmp
	export TMPDIR
fi
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
OUTSIDE=$WORK/outside
mkdir -p "$ROOT/etc" "$ROOT/home/bob/sub" "$OUTSIDE"
printf 'root:x:0:0:root:/root:/bin/sh\nbob:x:1000:1000:Bob:/home/bob:/bin/sh\n' \
    >"$ROOT/etc/passwd"
B=$ROOT/home/bob

OUT_TOKEN=$("$TOOLS/tokgen" ghp 101)
IN_TOKEN=$("$TOOLS/tokgen" ghp 102)
LOCKED_TOKEN=$("$TOOLS/tokgen" ghp 103)
DEEP_TOKEN=$("$TOOLS/tokgen" ghp 104)
printf 'token: %s\n' "$OUT_TOKEN" >"$OUTSIDE/secret.txt"
printf 'GITHUB_TOKEN=%s\n' "$IN_TOKEN" >"$B/real.env"

ln -s "$OUTSIDE/secret.txt" "$B/abs-escape"          # absolute, outside
ln -s ../../../outside/secret.txt "$B/rel-escape"   # climbs with ../
ln -s ../../../../../../../../../../.. "$B/up-dir"   # a directory far up
ln -s /etc/shadow "$B/shadow-link"
ln -s /etc/passwd "$B/passwd-link"                  # = ROOT/etc/passwd
ln -s .. "$B/sub/loopdir"                           # directory loop
ln -s loopa "$B/loopb"
ln -s loopb "$B/loopa"                              # symlink loop
ln -s real.env "$B/link.env"                        # relative, inside
ln -s /home/bob/real.env "$B/abs-inside"            # absolute, inside
mkfifo "$B/pipe"
printf 'ghp token %s\n' "$LOCKED_TOKEN" >"$B/locked"
chmod 000 "$B/locked"

d=$B/deep
i=0
while [ $i -lt 300 ]; do d=$d/d; i=$((i + 1)); done
mkdir -p "$d"
printf 'password_token=%s\n' "$DEEP_TOKEN" >"$d/found.txt"

cmd="$CREDATLAS scan --root $ROOT -o $WORK/out/r.json --no-progress -j 2"
mkdir -p "$WORK/out"
if [ "$(id -u)" = 0 ]; then
	# root reads anything: drop to nobody so the locked file is locked
	chmod 755 "$WORK"
	chmod 777 "$WORK/out"
	head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$WORK/key"
	echo >>"$WORK/key"
	chmod 644 "$WORK/key"
	cmd="setpriv --reuid=65534 --regid=65534 --clear-groups $cmd --fingerprint-key-file $WORK/key"
fi
# shellcheck disable=SC2086
timeout 120 $cmd 2>"$WORK/stderr" || rc=$?
[ "${rc:-0}" -le 1 ] || fail "scan exited ${rc:-0}: $(cat "$WORK/stderr")"
R=$WORK/out/r.json

# Nothing from outside the root.
preview_out=$(printf '%s' "$OUT_TOKEN" | cut -c1-8)
n=$(jq_py "$R" "len([c for c in d['credentials'] if (c['redacted'] or '').startswith('$preview_out')])")
expect_eq "credentials from outside the root" "$n" 0
n=$(jq_py "$R" "len([l for c in d['credentials'] for l in c['locations'] if 'escape' in l['path'] or 'shadow' in l['path']])")
expect_eq "locations through escaping links" "$n" 0

# The token inside is one credential seen through three names.
preview_in=$(printf '%s' "$IN_TOKEN" | cut -c1-8)
paths=$(jq_py "$R" "sorted(l['path'] for c in d['credentials'] if (c['redacted'] or '').startswith('$preview_in') for l in c['locations'])")
expect_eq "inside-link locations" "$paths" \
    '["/home/bob/abs-inside", "/home/bob/link.env", "/home/bob/real.env"]'

# The deep file is found, with its path as seen inside the root.
n=$(jq_py "$R" "len([c for c in d['credentials'] for l in c['locations'] if l['path'].endswith('/found.txt') and l['path'].startswith('/home/bob/deep/d/d/')])")
expect_eq "deep file found" "$n" 1

# The unreadable file is an error, and the scan went on.
n=$(jq_py "$R" "len([e for e in d['errors'] if e['path'] == '/home/bob/locked'])")
expect_eq "unreadable file reported" "$n" 1

# Paths are reported as inside the root, never with its host location.
n=$(jq_py "$R" "len([p for p in [l['path'] for c in d['credentials'] for l in c['locations']] + [e['path'] for e in d['errors']] if '$WORK' in p or not p.startswith('/home/bob')])")
expect_eq "paths outside the root's view" "$n" 0
assert_no_secrets /dev/null "$R"
printf 'x\t%s\nx\t%s\nx\t%s\nx\t%s\n' "$OUT_TOKEN" "$IN_TOKEN" \
    "$LOCKED_TOKEN" "$DEEP_TOKEN" >"$WORK/planted"
assert_no_secrets "$WORK/planted" "$R" "$WORK/stderr"
echo ok
