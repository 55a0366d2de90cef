# t_hostile_large.sh - --max-file-size is honoured above the parsers' 64 MiB
# (issue 17, item 4): a 100 MiB log under --max-file-size 200M is read a
# window at a time, under a 256 MiB address-space limit, and a token at the
# start, one straddling the first window's end and one at the very end are
# all reported at their lines. Under the default limit (8M) the file is
# passed over and counted as skipped, not read. ASan reserves terabytes of
# address space, so an ASan build runs the same scan without the limit.
. "$(dirname "$0")/lib.sh"

D=$WORK/tree
mkdir -p "$D"
T1=$("$TOOLS/tokgen" ghp 911)
T2=$("$TOOLS/tokgen" ghp 912)
T3=$("$TOOLS/tokgen" ghp 913)
lines=$($PY - "$D/big.log" "$T1" "$T2" "$T3" <<'PYEOF'
import sys
path, t1, t2, t3 = sys.argv[1:]
filler = b"lorem ipsum dolor sit amet consectetur adipiscing elit sed do\n"
window = 16 << 20
out, n, line, where = open(path, "wb"), 0, 1, []
def put(b):
    global n, line
    out.write(b)
    n += len(b)
    line += b.count(b"\n")
where.append(line)
put(b"GITHUB_TOKEN=" + t1.encode() + b"\n")
while n < window - 100:
    put(filler)
put(b"x" * (window - 10 - n))
where.append(line)
put(b" token=" + t2.encode() + b"\n")
block = filler * 16384
while n < (100 << 20) - len(block):
    put(block)
where.append(line)
put(b"gh " + t3.encode() + b"\n")
out.close()
print(" ".join(map(str, where)))
PYEOF
)
[ "$(stat -c %s "$D/big.log")" -gt 100000000 ] || fail "big.log is too small"

if grep -aq __asan_init "$CREDATLAS"; then
	limit=unlimited
else
	limit=262144
fi
rc=0
(
	ulimit -v "$limit"
	exec "$CREDATLAS" scan -j1 --max-file-size 200M -o "$WORK/r.json" "$D"
) >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan under ulimit -v $limit exited $rc: \
$(head -5 "$WORK/stderr")"
got=$(jq_py "$WORK/r.json" "' '.join(str(l['line']) for l in sorted(
    (l for c in d['credentials'] for l in c['locations']),
    key=lambda l: l['line']))")
expect_eq "lines of the three tokens" "$got" "$lines"
expect_eq "errors" "$(jq_py "$WORK/r.json" "len(d['errors'])")" 0
expect_eq "bytes read" "$(jq_py "$WORK/r.json" "d['scan']['stats']['bytes']")" \
    "$(stat -c %s "$D/big.log")"

# The default limit passes the file over.
"$CREDATLAS" scan -o "$WORK/d.json" "$D" >/dev/null 2>&1 || true
expect_eq "credentials under the default limit" \
    "$(jq_py "$WORK/d.json" "len(d['credentials'])")" 0
expect_eq "skipped under the default limit" \
    "$(jq_py "$WORK/d.json" "d['scan']['stats']['skipped']")" 1
echo ok
