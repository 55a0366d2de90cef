# t_no_leak.sh - plants every fixture home's synthetic secrets in one root,
# scans it writing every report format (files and stdout) with verbose
# diagnostics, and proves that no planted secret, nor any 12-character
# piece of one, appears in any output or on stderr. Reports are 0600.
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
mkdir -p "$ROOT/etc" "$ROOT/home" "$ROOT/root"
: >"$WORK/planted"
uid=2000
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$ROOT/etc/passwd"
for fixture in "$TOP"/testdata/homes/*/; do
	name=$(basename "$fixture")
	materialize "homes/$name" "$ROOT/home/$name"
	cat "$ROOT/home/$name.secrets" >>"$WORK/planted"
	rm -f "$ROOT/home/$name.secrets"
	if [ -f "$TOP/testdata/homes/$name.mk.py" ]; then
		$PY "$TOP/testdata/homes/$name.mk.py" "$ROOT/home/$name" \
		    "$TOOLS/tokgen" >>"$WORK/planted"
	fi
	printf '%s:x:%d:%d::/home/%s:/bin/sh\n' "$name" $uid $uid "$name" \
	    >>"$ROOT/etc/passwd"
	uid=$((uid + 1))
done
[ -s "$WORK/planted" ] || fail "no secrets were planted"

# Secrets written as content-rule bait too, in every shape tokgen makes.
# Each kind gets its own seed (tokgen draws bodies from one stream per
# seed); AWS key ids are identifiers, shown on purpose, not secrets.
seed=1000
for kind in $("$TOOLS/tokgen" --list); do
	seed=$((seed + 17))
	case $kind in aws-id | aws-session-id) continue ;; esac
	tok=$("$TOOLS/tokgen" "$kind" $seed) || continue
	printf 'value = %s\n' "$tok" >>"$ROOT/root/bait.env"
	# "aws" prints "KEYID SECRET": only the part after the id is secret
	printf 'bait_%s\t%s\n' "$kind" "${tok##* }" >>"$WORK/planted"
done

umask 022
rc=0
"$CREDATLAS" scan -v --root "$ROOT" -o "$WORK/r.json" -o "$WORK/r.txt" \
    -o - >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc: $(head -5 "$WORK/stderr")"
"$CREDATLAS" scan --root "$ROOT" --format json >"$WORK/stdout.json" \
    2>>"$WORK/stderr" || true
"$CREDATLAS" scan --root "$ROOT" >"$WORK/stdout.txt" 2>>"$WORK/stderr" || true

n=$(jq_py "$WORK/r.json" "len(d['credentials'])")
[ "$n" -gt 10 ] || fail "expected many credentials, got $n"
for f in r.json r.txt; do
	expect_eq "mode of $f" "$(stat -c %a "$WORK/$f")" 600
done
assert_no_secrets "$WORK/planted" "$WORK/r.json" "$WORK/r.txt" \
    "$WORK/stdout" "$WORK/stdout.json" "$WORK/stdout.txt" "$WORK/stderr"
# The fingerprint key never goes into a report.
key=$(tr -d '\n' <"$HOME/.config/credatlas/fingerprint.key")
for f in r.json r.txt stdout stdout.json stdout.txt stderr; do
	if grep -q "$key" "$WORK/$f"; then fail "key in $f"; fi
done
echo ok
