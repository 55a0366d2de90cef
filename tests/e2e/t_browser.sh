# t_browser.sh - the browser surface end to end, on profiles built with the
# browsers' own schemas (tests/e2e/browser_fixtures.py): a Chrome profile
# with v10 cookies, Local State and Login Data; Snap Chromium with v11
# cookies in WAL mode; Slack (Electron); Firefox with cookies.sqlite,
# logins.json and key4.db; broken Brave stores (zero bytes, not SQLite, no
# expiry column). Checks counts, expiries, protection, --services, that a
# value planted in every value column never reaches any output past its
# 3-byte version prefix, and the time to read a 100k-cookie store.
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
H=$ROOT/home/dana
PLANT=PLANTEDCOOKIEVALUE-5e1d7a3c9b2f4068
mkdir -p "$ROOT/etc" "$H"
printf 'root:x:0:0:root:/root:/bin/sh\ndana:x:%s:%s:Dana:/home/dana:/bin/bash\n' \
    "$(id -u)" "$(id -g)" >"$ROOT/etc/passwd"
$PY "$TOP/tests/e2e/browser_fixtures.py" "$H" "$PLANT" ||
    fail "cannot build the fixtures"
[ -s "$H/snap/chromium/common/chromium/Default/Cookies-wal" ] ||
    fail "the fixture has no -wal file"
chmod 644 "$H/.config/google-chrome/Default/Network/Cookies"
cat >"$WORK/services.json" <<'EOF'
{"services": [{"domain": "example.org", "label": "Example intranet",
  "tier": "secret"}]}
EOF

rc=0
"$CREDATLAS" scan --root "$ROOT" --services "$WORK/services.json" \
    -o "$WORK/r.json" -o "$WORK/r.txt" -o "$WORK/r.html" -o "$WORK/r.csv" \
    -o "$WORK/r.sarif" -o - >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc: $(cat "$WORK/stderr")"

$PY - "$WORK/r.json" <<'PYEOF'
import json, sys, time
d = json.load(open(sys.argv[1]))
creds = [c for c in d["credentials"] if c["surface"] == "browser"]
fails = []

def check(cond, what):
    if not cond:
        fails.append(what)

def one(path_part, kind):
    got = [c for c in creds if c["kind"] == kind and
           any(path_part in l["path"] for l in c["locations"])]
    check(len(got) == 1, "%s %s: %d credentials" % (kind, path_part, len(got)))
    return got[0] if got else {"scopes": [], "reasons": [], "identity": "",
                               "expires": None, "standing": None,
                               "tier": None, "risk": None}

day = lambda t: time.strftime("%Y-%m-%d", time.gmtime(t))
now = int(time.time())
live = day(now + 30 * 86400)

check(len([c for c in creds if c["kind"] == "browser-cookie-store"]) == 4,
      "four cookie stores")
check(len([c for c in creds if c["kind"] == "browser-saved-logins"]) == 2,
      "two saved-login stores")

c = one("google-chrome/Default/Network/Cookies", "browser-cookie-store")
check(c["identity"] == "Chrome profile Default (Work) (dana@example.com)",
      "chrome identity: %r" % c["identity"])
check(c["tier"] == "admin", "chrome tier %r" % c["tier"])
check("github.com (GitHub, admin): 2 cookies, until " + live in c["scopes"],
      "chrome github scope: %r" % c["scopes"])
check("google.com (Google account, admin): 1 cookie, until " + live
      in c["scopes"], "chrome google scope: %r" % c["scopes"])
check("mail.google.com (Gmail, secret): 1 cookie, until " + live
      in c["scopes"], "chrome gmail scope")
check("example.org (Example intranet, secret): 1 cookie, until " +
      day(now + 400 * 86400) in c["scopes"], "--services row: %r" % c["scopes"])
check(not any(s.startswith("pypi.org") for s in c["scopes"]),
      "expired pypi session listed")
# the --services row made the 400-day example.org cookie a session that
# counts: the store is standing
check(c["standing"] is True and c["expires"] is None,
      "chrome standing %r %r" % (c["standing"], c["expires"]))
check(any("7 cookies, 2 expired" in r for r in c["reasons"]),
      "chrome counts: %r" % c["reasons"])
check(any("Chromium's built-in key" in r for r in c["reasons"]),
      "v10 protection")
check(any("world-readable" in r for r in c["reasons"]), "mode 644 exposure")
check(c["redacted"] is None, "a secretless store has no preview")

c = one("snap/chromium", "browser-cookie-store")
check(c["standing"] is True and c["expires"] is None, "snap standing")
check(any("keyring" in r for r in c["reasons"]), "v11 protection")
check(any("-wal file" in r for r in c["reasons"]), "wal note")
check("gitlab.com (GitLab, admin): 1 cookie, until " +
      day(now + 400 * 86400) in c["scopes"], "snap scopes %r" % c["scopes"])

c = one(".config/Slack/Cookies", "browser-cookie-store")
check(c["identity"] == "Slack (Electron) profile default", "slack identity")
check(c["tier"] == "secret", "slack tier")

c = one("cookies.sqlite", "browser-cookie-store")
check(c["identity"] ==
      "Firefox profile k3y7x9.default-release (default-release)",
      "firefox identity %r" % c["identity"])
check("claude.ai (Claude, secret): 1 cookie, until " + live in c["scopes"],
      "claude scope %r" % c["scopes"])
check(not any(s.startswith("chatgpt.com") for s in c["scopes"]),
      "expired chatgpt listed")
check(any("unencrypted" in r for r in c["reasons"]), "firefox protection")

c = one("Login Data", "browser-saved-logins")
check(c["tier"] == "admin", "login data tier")
check("gitlab.com (GitLab, admin): 1 saved login" in c["scopes"],
      "login data scopes %r" % c["scopes"])
check(any("3 for 3 origins, 2 high-value" in r for r in c["reasons"]),
      "login data counts %r" % c["reasons"])

c = one("logins.json", "browser-saved-logins")
check("npmjs.com (npm, write): 1 saved login" in c["scopes"],
      "firefox logins scopes %r" % c["scopes"])
check(any("key4.db sits beside it" in r for r in c["reasons"]), "key4 note")

errs = {e["path"].split("/Brave-Browser/")[-1]: e["error"]
        for e in d.get("errors", []) if "Brave-Browser" in e["path"]}
check("empty" in errs.get("Default/Cookies", ""), "zero-byte error %r" % errs)
check("not a SQLite database" in errs.get("Profile 1/Cookies", ""),
      "non-SQLite error")
check("lacks the expires_utc column" in errs.get("Profile 2/Cookies", ""),
      "missing column error")
if fails:
    print("\n".join(fails))
    sys.exit(1)
PYEOF

# No byte of the planted value past its prefix, in any output; its first
# 8 bytes, the shortest piece that could only come from a value, either.
for f in r.json r.txt r.html r.csv r.sarif stdout stderr; do
	if grep -a -q "PLANTEDC" "$WORK/$f"; then
		fail "a planted value reached $f"
	fi
done
printf 'plant\t%s\n' "$PLANT" >"$WORK/planted"
assert_no_secrets "$WORK/planted" "$WORK/r.json" "$WORK/r.txt" \
    "$WORK/r.html" "$WORK/r.csv" "$WORK/r.sarif" "$WORK/stdout" \
    "$WORK/stderr"

# --services mistakes stop the scan before it starts.
echo '{"services": [{"domain": "x.com", "tier": "root"}]}' >"$WORK/bad.json"
rc=0
"$CREDATLAS" scan -q --root "$ROOT" --services "$WORK/bad.json" \
    -o "$WORK/bad.out.json" 2>"$WORK/bad.err" || rc=$?
expect_eq "exit status for a bad services table" "$rc" 2
grep -q "row 1 needs" "$WORK/bad.err" || fail "bad services message"

# A 100k-cookie store is read whole (one store, counted right); its speed
# is measured by `make bench`, not asserted here.
B=$WORK/bench/home/b
mkdir -p "$WORK/bench/etc" "$B/.config/google-chrome/Default"
printf 'b:x:%s:%s::/home/b:/bin/sh\n' "$(id -u)" "$(id -g)" \
    >"$WORK/bench/etc/passwd"
$PY "$TOP/tests/e2e/browser_fixtures.py" --bench \
    "$B/.config/google-chrome/Default/Cookies" 100000
rc=0
"$CREDATLAS" scan -q --root "$WORK/bench" -o "$WORK/bench.json" || rc=$?
[ "$rc" -le 1 ] || fail "the 100k-cookie scan exited $rc"
expect_eq "bench stores" "$(jq_py "$WORK/bench.json" \
    "len([c for c in d['credentials'] if c['kind']=='browser-cookie-store'])")" 1
