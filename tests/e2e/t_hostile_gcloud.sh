# t_hostile_gcloud.sh - a gcloud store built to exhaust memory: 300k rows
# (150k in credentials.db, 150k in access_tokens.db, about 40 MB and 30
# MB) are scanned under a 256 MiB address-space limit (issue 17, item 6).
# The databases are read in place (no copy), a row at a time, and no more
# rows than a store could hold for real accounts are read; the rest are
# reported as not read. ASan reserves terabytes of address space, so an
# ASan build runs the same scan without the limit.
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
G=$ROOT/home/u/.config/gcloud
mkdir -p "$ROOT/etc" "$G"
printf 'u:x:1000:1000::/home/u:/bin/sh\n' >"$ROOT/etc/passwd"
$PY - "$G" <<'PYEOF'
import json, os, random, sqlite3, string, sys
g = sys.argv[1]
rnd = random.Random(17)
alnum = string.ascii_letters + string.digits
def body(n):
    return "".join(rnd.choices(alnum, k=n))
rows = 150000
db = sqlite3.connect(os.path.join(g, "credentials.db"))
db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                 "CREATE TABLE credentials (account_id TEXT PRIMARY KEY, value BLOB)")
db.executemany("INSERT INTO credentials VALUES (?, ?)", (
    ("user%d@example.com" % i, json.dumps({
        "type": "authorized_user",
        "client_id": "32555940559.apps.googleusercontent.com",
        "client_secret": "ZmssLNjJy2998hD4CTg2ejr2",
        "refresh_token": "1//0" + body(99)})) for i in range(rows)))
db.commit()
db.close()
db = sqlite3.connect(os.path.join(g, "access_tokens.db"))
db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                 "CREATE TABLE access_tokens (account_id TEXT PRIMARY KEY,"
                 " access_token TEXT, token_expiry TIMESTAMP, rapt_token TEXT,"
                 " id_token TEXT)")
db.executemany("INSERT INTO access_tokens VALUES (?, ?, ?, NULL, NULL)", (
    ("user%d@example.com" % i, "ya29." + body(150), "2030-01-01 00:00:00")
    for i in range(rows)))
db.commit()
db.close()
PYEOF
[ "$(stat -c %s "$G/credentials.db")" -gt 30000000 ] ||
	fail "credentials.db is smaller than intended"

if grep -aq __asan_init "$CREDATLAS"; then
	limit=unlimited
else
	limit=262144
fi
rc=0
(
	ulimit -v "$limit"
	exec "$CREDATLAS" scan --root "$ROOT" -o "$WORK/r.json" \
	    -o "$WORK/r.txt"
) >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan under ulimit -v $limit exited $rc: \
$(head -5 "$WORK/stderr")"
n=$(jq_py "$WORK/r.json" "len(d['credentials'])")
[ "$n" -ge 2000 ] && [ "$n" -le 20000 ] ||
	fail "expected the first rows of each store, got $n credentials"
for db in credentials.db access_tokens.db; do
	jq_py "$WORK/r.json" "[e['error'] for e in d['errors']
	    if e['path'].endswith('/$db')]" | grep -q "the rest are not read" ||
		fail "$db: no error says the rest of its rows were not read"
done
echo ok
