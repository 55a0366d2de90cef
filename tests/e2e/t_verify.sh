# t_verify.sh - live verification (--verify) against a local stand-in for
# every provider (tests/e2e/verify_server.py, 127.0.0.1 and a free port,
# started and killed here). Synthetic tokens from tokgen are planted in
# alice's home where each surface module finds them; each provider's
# endpoint is pointed at the server with --verify-endpoint.
#
# Checks: without --verify nothing reaches the server; with it, each
# credential goes to its own provider only, once, and the report carries
# verified, the provider's identity and scopes, the tier recomputed from
# them (tier_evidence "verified"), and verify_error for a hanging
# endpoint, malformed JSON and a provider that keeps failing; a 429 with
# Retry-After and GitHub's 403 rate limit are retried; SigV4 is checked by
# an independent implementation in the server; the --db inventory keeps
# definite answers for --verify-ttl; no secret appears in any report, the
# inventory or on stderr.
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
H=$ROOT/home/alice
mkdir -p "$ROOT/etc" "$H/.config/gh" "$H/.aws" "$H/.config/gcloud"
printf 'root:x:0:0:root:/root:/bin/sh\nalice:x:%s:%s::/home/alice:/bin/sh\n' \
    "$(id -u)" "$(id -g)" >"$ROOT/etc/passwd"

tok() { "$TOOLS/tokgen" "$1" "$2"; }
GHP_ADMIN=$(tok ghp 9001)
GHP_GHES=$(tok ghp 9002)
GHP_READ=$(tok ghp 9003)
GHP_REVOKED=$(tok ghp 9004)
GHP_RATELIMIT=$(tok ghp 9005)
GHP_RL403=$(tok ghp 9006)
GHP_HANG=$(tok ghp 9007)
GHP_MALFORMED=$(tok ghp 9008)
GLPAT_LIVE=$(tok glpat 9010)
GLPAT_REVOKED=$(tok glpat 9011)
NPM=$(tok npm 9012)
XOXB=$(tok xoxb 9013)
XOXP=$(tok xoxp 9014)
HF=$(tok hf 9015)
OPENAI=$(tok openai 9016)
OPENAI_503=$(tok openai 9021)
ANTHROPIC=$(tok anthropic 9017)
DCKR=$(tok dckr 9018)
AWS=$(tok aws 9019)
AWS_KID=${AWS% *}
AWS_SECRET=${AWS#* }
AWS2=$(tok aws 9020)
AWS2_KID=${AWS2% *}
AWS2_SECRET=${AWS2#* }
GCP=ya29.a0$($PY -c 'import random; r=random.Random(9022); print("".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(150)))')

cat >"$H/.config/gh/hosts.yml" <<EOF
github.com:
    users:
        alice:
            oauth_token: $GHP_ADMIN
    git_protocol: https
    user: alice
    oauth_token: $GHP_ADMIN
ghe.corp.test:
    users:
        alice:
            oauth_token: $GHP_GHES
    user: alice
    oauth_token: $GHP_GHES
EOF
printf 'https://alice:%s@github.com\nhttps://dev:%s@hub.docker.com\n' \
    "$GHP_READ" "$DCKR" >"$H/.git-credentials"
chmod 600 "$H/.git-credentials"
cat >"$H/.env" <<EOF
OLD_GH=$GHP_REVOKED
BUSY_GH=$GHP_RATELIMIT
LIMITED_GH=$GHP_RL403
SLOW_GH=$GHP_HANG
ODD_GH=$GHP_MALFORMED
GITLAB_TOKEN=$GLPAT_LIVE
GITLAB_OLD=$GLPAT_REVOKED
NPM_TOKEN=$NPM
SLACK_BOT=$XOXB
SLACK_USER=$XOXP
HF_TOKEN=$HF
OPENAI_API_KEY=$OPENAI
OPENAI_OTHER=$OPENAI_503
ANTHROPIC_API_KEY=$ANTHROPIC
EOF
mkdir -p "$H/notes"
printf 'old token: %s\n' "$GHP_REVOKED" >"$H/notes/old.txt"
printf 'slow token: %s\n' "$GHP_HANG" >"$H/notes/slow.txt"
cat >"$H/.aws/credentials" <<EOF
[default]
aws_access_key_id = $AWS_KID
aws_secret_access_key = $AWS_SECRET

[old]
aws_access_key_id = $AWS2_KID
aws_secret_access_key = $AWS2_SECRET
EOF
$PY - "$H/.config/gcloud/access_tokens.db" "$GCP" <<'PYEOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute('CREATE TABLE "access_tokens" (account_id TEXT PRIMARY KEY, '
           'access_token TEXT, token_expiry TIMESTAMP, rapt_token TEXT, '
           'id_token TEXT)')
db.execute('INSERT INTO "access_tokens" VALUES (?,?,?,?,?)',
           ("carol@example.com", sys.argv[2], "2099-01-01 00:00:00", None,
            None))
db.commit()
PYEOF

# Labels and values for the leak check; the AWS key ids are identifiers,
# shown on purpose, not secrets.
for v in GHP_ADMIN GHP_GHES GHP_READ GHP_REVOKED GHP_RATELIMIT GHP_RL403 \
    GHP_HANG GHP_MALFORMED GLPAT_LIVE GLPAT_REVOKED NPM XOXB XOXP HF OPENAI \
    OPENAI_503 ANTHROPIC DCKR AWS_SECRET AWS2_SECRET GCP; do
	eval "printf '%s\t%s\n' $v \"\$$v\""
done >"$WORK/planted"

# What the server knows: who each token belongs to, how to answer.
$PY - "$WORK/planted" "$WORK/server.json" "$AWS_KID" "$AWS_SECRET" \
    "$AWS2_KID" <<'PYEOF'
import json, sys
p = dict(l.rstrip("\n").split("\t", 1) for l in open(sys.argv[1]))
t = lambda prov, mode="live", **kw: dict(provider=prov, mode=mode, **kw)
tokens = {
    p["GHP_ADMIN"]: t("github", scopes="repo, admin:org", login="alice",
                      expires="2030-01-02 03:04:05 UTC"),
    p["GHP_GHES"]: t("ghes", scopes="read:org", login="alice-ghe"),
    p["GHP_READ"]: t("github", scopes="read:user", login="alice"),
    p["GHP_REVOKED"]: t("github", "revoked"),
    p["GHP_RATELIMIT"]: t("github", "ratelimit", scopes="read:user",
                          login="busy"),
    p["GHP_RL403"]: t("github", "ratelimit403", scopes="repo", login="lim"),
    p["GHP_HANG"]: t("github", "hang"),
    p["GHP_MALFORMED"]: t("github", "malformed"),
    p["GLPAT_LIVE"]: t("gitlab", scopes=["read_api", "read_user"],
                       expires="2031-05-06"),
    p["GLPAT_REVOKED"]: t("gitlab", "revoked"),
    p["NPM"]: t("npm", login="npmuser"),
    p["XOXB"]: t("slack", scopes="chat:write,channels:read", login="bob"),
    p["XOXP"]: t("slack", "revoked"),
    p["HF"]: t("hf", role="write", login="hfuser"),
    p["OPENAI"]: t("openai"),
    p["OPENAI_503"]: t("openai", "error500"),
    p["ANTHROPIC"]: t("anthropic"),
    p["DCKR"]: t("dockerhub", login="dev"),
    p["GCP"]: t("gcp", scopes="https://www.googleapis.com/auth/cloud-platform"
                " openid", login="carol@example.com"),
}
# the second key's secret is not the one the server knows: a bad signature
aws = {sys.argv[3]: sys.argv[4], sys.argv[5]: "not-the-secret-on-disk"}
json.dump({"tokens": tokens, "aws": aws}, open(sys.argv[2], "w"))
PYEOF

: >"$WORK/server.log"
$PY "$TOP/tests/e2e/verify_server.py" "$WORK/port" "$WORK/server.log" \
    "$WORK/server.json" 2>"$WORK/server.err" &
SERVER=$!
cleanup_server() {
	kill "$SERVER" 2>/dev/null || true
	wait "$SERVER" 2>/dev/null || true
	cleanup
}
trap cleanup_server EXIT
i=0
while [ ! -s "$WORK/port" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "the test server did not start: $(cat "$WORK/server.err")"
	sleep 0.1
done
PORT=$(cat "$WORK/port")
U=http://127.0.0.1:$PORT

# 1. No --verify, no network: the server hears nothing.
"$CREDATLAS" scan --root "$ROOT" -o "$WORK/plain.json" \
    >"$WORK/plain.out" 2>"$WORK/plain.err" || true
[ ! -s "$WORK/server.log" ] || fail "a scan without --verify made requests"
n=$(jq_py "$WORK/plain.json" "len([c for c in d['credentials'] if c.get('verified')])")
expect_eq "verified credentials without --verify" "$n" 0

# The verify options alone are refused.
rc=0
"$CREDATLAS" scan --root "$ROOT" --verify-endpoint "github=$U/github" \
    >/dev/null 2>"$WORK/noverify.err" || rc=$?
expect_eq "--verify-endpoint without --verify" "$rc" 2
# An endpoint that is not https nor loopback is refused before any request.
rc=0
"$CREDATLAS" scan --root "$ROOT" --verify \
    --verify-endpoint "github=http://example.com/x" >/dev/null \
    2>"$WORK/badep.err" || rc=$?
expect_eq "plain-http endpoint" "$rc" 2
grep -q "loopback" "$WORK/badep.err" || fail "bad endpoint message: $(cat "$WORK/badep.err")"
[ ! -s "$WORK/server.log" ] || fail "a refused run made requests"

# 2. --verify, every provider pointed at the server.
rc=0
"$CREDATLAS" scan -v --root "$ROOT" --verify --verify-jobs 4 \
    --verify-timeout 2 \
    --verify-endpoint "github=$U/github" \
    --verify-endpoint "github-enterprise=$U/ghes" \
    --verify-endpoint "gitlab=$U/gitlab" \
    --verify-endpoint "aws=$U/aws" \
    --verify-endpoint "npm=$U/npm" \
    --verify-endpoint "slack=$U/slack" \
    --verify-endpoint "huggingface=$U/hf" \
    --verify-endpoint "openai=$U/openai" \
    --verify-endpoint "anthropic=$U/anthropic" \
    --verify-endpoint "dockerhub=$U/dockerhub" \
    --verify-endpoint "gcp-token=$U/gcp" \
    -o "$WORK/r.json" -o "$WORK/r.txt" >"$WORK/stdout" 2>"$WORK/stderr" ||
    rc=$?
[ "$rc" -le 1 ] || fail "scan --verify exited $rc: $(head -5 "$WORK/stderr")"

$PY - "$WORK/r.json" "$WORK/planted" "$WORK/server.log" \
    "$WORK/server.json" "$AWS_KID" "$AWS2_KID" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
planted = dict(l.rstrip("\n").split("\t", 1) for l in open(sys.argv[2]))
log = [json.loads(l) for l in open(sys.argv[3])]
server = json.load(open(sys.argv[4]))
aws_kid, aws2_kid = sys.argv[5], sys.argv[6]
creds = d["credentials"]
fails = []

def check(cond, what):
    if not cond:
        fails.append(what)

def find(name):
    """The credential whose redacted preview belongs to 'name'."""
    s = planted[name]
    hits = [c for c in creds if c["redacted"] and
            s.startswith(c["redacted"].rstrip("\u2026"))]
    check(len(hits) == 1, f"{name}: {len(hits)} credentials match")
    return hits[0] if hits else {}

def by_identity(sub):
    hits = [c for c in creds if sub in (c.get("identity") or "")]
    check(len(hits) == 1, f"identity {sub}: {len(hits)} credentials")
    return hits[0] if hits else {}

# -- routing: each secret to its own provider, once ---------------------
for e in log:
    s = e["secret"]
    check(not e["stray"], f"a request to {e['endpoint']} carried another "
          "credential")
    if e["endpoint"] == "aws":
        check(s in (aws_kid, aws2_kid), "an AWS request without its key id")
        continue
    t = server["tokens"].get(s)
    check(t is not None, f"a request to {e['endpoint']} carried no known "
          "token")
    if t:
        check(t["provider"] == e["endpoint"], f"a {t['provider']} token "
              f"went to {e['endpoint']}")
sent = {}
for e in log:
    sent[e["secret"]] = sent.get(e["secret"], 0) + 1
for name, want in [("GHP_ADMIN", 1), ("GHP_GHES", 1), ("GHP_READ", 1),
                   ("GHP_REVOKED", 1), ("GHP_RATELIMIT", 2),
                   ("GHP_RL403", 2), ("GHP_HANG", 1), ("GLPAT_LIVE", 1),
                   ("NPM", 1), ("XOXB", 1), ("XOXP", 1), ("HF", 1),
                   ("OPENAI", 1), ("ANTHROPIC", 1), ("DCKR", 1),
                   ("GCP", 1), ("OPENAI_503", 4)]:
    check(sent.get(planted[name], 0) == want,
          f"{name} was sent {sent.get(planted[name], 0)} times, want {want}")
check(sent.get(aws_kid) == 1 and sent.get(aws2_kid) == 1,
      "each AWS key signed one request")
check(all(e["method"] == "POST" for e in log if e["endpoint"] in
          ("aws", "slack", "dockerhub", "gcp")), "POST where documented")

# -- results ------------------------------------------------------------
c = find("GHP_ADMIN")
check(c.get("verified") == "live", f"GHP_ADMIN verified {c.get('verified')}")
check(c.get("identity") == "alice@github.com", "GHP_ADMIN identity")
check({"repo", "admin:org"} <= set(c.get("scopes", [])), "GHP_ADMIN scopes")
check(c.get("tier") == "admin" and c.get("tier_evidence") == "verified",
      f"GHP_ADMIN tier {c.get('tier')}/{c.get('tier_evidence')}")
check(c.get("expires") == "2030-01-02T03:04:05Z",
      f"GHP_ADMIN expires {c.get('expires')}")
check("tier from verified scopes" in c.get("reasons", []), "verified reason")
check(c.get("verify_error") is None, "GHP_ADMIN verify_error")

c = find("GHP_READ")
check(c.get("verified") == "live" and c.get("tier") == "read" and
      c.get("tier_evidence") == "verified",
      f"GHP_READ: {c.get('verified')} {c.get('tier')} {c.get('tier_evidence')}")

c = find("GHP_GHES")
check(c.get("verified") == "live", "GHP_GHES live")
check(c.get("identity") == "alice-ghe@ghe.corp.test",
      f"GHP_GHES identity {c.get('identity')}")
check(c.get("tier") == "read", f"GHP_GHES tier {c.get('tier')}")

c = find("GHP_REVOKED")
check(c.get("verified") == "revoked", f"GHP_REVOKED {c.get('verified')}")
check(c.get("risk") == "low", f"GHP_REVOKED risk {c.get('risk')}")

c = find("GHP_RATELIMIT")
check(c.get("verified") == "live" and c.get("identity") == "busy@github.com",
      "429 + Retry-After then live")
c = find("GHP_RL403")
check(c.get("verified") == "live" and c.get("tier") == "write",
      "403 rate limit then live")

c = find("GHP_HANG")
check(c.get("verified") == "unknown" and
      "no answer" in (c.get("verify_error") or ""),
      f"hang: {c.get('verified')} {c.get('verify_error')}")
c = find("GHP_MALFORMED")
check(c.get("verified") == "unknown" and
      "JSON" in (c.get("verify_error") or ""),
      f"malformed: {c.get('verified')} {c.get('verify_error')}")
c = find("OPENAI_503")
check(c.get("verified") == "unknown" and
      "503" in (c.get("verify_error") or ""),
      f"503: {c.get('verified')} {c.get('verify_error')}")

c = find("GLPAT_LIVE")
check(c.get("verified") == "live" and c.get("tier") == "read" and
      c.get("expires") == "2031-05-06T00:00:00Z" and
      {"read_api", "read_user"} <= set(c.get("scopes", [])),
      f"gitlab: {c.get('tier')} {c.get('expires')} {c.get('scopes')}")
check(find("GLPAT_REVOKED").get("verified") == "revoked", "gitlab revoked")

c = find("NPM")
check(c.get("verified") == "live" and c.get("identity") ==
      "npmuser@npmjs.com", f"npm {c.get('identity')}")
c = find("XOXB")
check(c.get("verified") == "live" and c.get("identity") == "bob@acme" and
      c.get("tier") == "write", f"slack {c.get('identity')} {c.get('tier')}")
check(find("XOXP").get("verified") == "revoked",
      "slack ok:false invalid_auth is revoked")
c = find("HF")
check(c.get("verified") == "live" and c.get("identity") ==
      "hfuser@huggingface.co" and c.get("tier") == "write",
      f"hf {c.get('identity')} {c.get('tier')}")
c = find("OPENAI")
check(c.get("verified") == "live" and c.get("identity") == "org-test123",
      f"openai {c.get('identity')}")
check(find("ANTHROPIC").get("verified") == "live", "anthropic")
check(find("DCKR").get("verified") == "live", "docker hub")

c = by_identity("arn:aws:iam::123456789012:user/alice")
check(c.get("verified") == "live" and c.get("kind") == "aws-access-key",
      "aws live, identity from STS")
olds = [c for c in creds if c.get("kind") == "aws-access-key" and
        c.get("verified") == "revoked"]
check(len(olds) == 1, "the AWS key with the wrong secret is revoked")

c = find("GCP")
check(c.get("verified") == "live" and c.get("identity") ==
      "carol@example.com" and c.get("tier") == "admin" and
      c.get("tier_evidence") == "verified",
      f"gcp {c.get('identity')} {c.get('tier')}")

# nothing that holds no secret, or that no verifier serves, was asked
for c in creds:
    if c["kind"] in ("git-credential-helper", "github-keyring-token",
                     "generic-password"):
        check(c.get("verified") is None, f"{c['kind']} was verified")

if fails:
    print("\n".join("FAIL: " + f for f in fails), file=sys.stderr)
    sys.exit(1)
PYEOF
grep -q "verified live" "$WORK/r.txt" || fail "text report: no 'verified live'"

# 3. The --db inventory keeps definite answers: within --verify-ttl a
# re-scan asks again only what got no answer; past it, everything.
gh_scan() {
	out=$1
	shift
	"$CREDATLAS" scan --root "$ROOT" --verify --verify-timeout 2 \
	    --verify-endpoint "github=$U/github" \
	    --verify-endpoint "github-enterprise=$U/ghes" \
	    --db "$WORK/inv.db" -o "$out" "$@" /home/alice/.config/gh \
	    /home/alice/notes >>"$WORK/stdout" 2>>"$WORK/stderr" || true
}
count_sent() {
	wc -l <"$WORK/server.log" | tr -d ' '
}
: >"$WORK/server.log"
gh_scan "$WORK/c1.json"
expect_eq "requests of the first --db scan" "$(count_sent)" 4
: >"$WORK/server.log"
gh_scan "$WORK/c2.json" --verify-ttl 1h
expect_eq "requests within --verify-ttl (only the unanswered one)" \
    "$(count_sent)" 1
grep -q "$GHP_HANG" "$WORK/server.log" || fail "the unknown one was not asked again"
: >"$WORK/server.log"
gh_scan "$WORK/c3.json" --verify-ttl 0
expect_eq "requests with --verify-ttl 0" "$(count_sent)" 4
"$CREDATLAS" report --db "$WORK/inv.db" -f json >"$WORK/c4.json" \
    2>>"$WORK/stderr"
$PY - "$WORK/c1.json" "$WORK/c2.json" "$WORK/c4.json" "$WORK/planted" <<'PYEOF'
import json, sys
planted = dict(l.rstrip("\n").split("\t", 1) for l in open(sys.argv[4]))
fails = []
def get(doc, name):
    s = planted[name]
    hits = [c for c in doc["credentials"] if c["redacted"] and
            s.startswith(c["redacted"].rstrip("\u2026"))]
    return hits[0] if len(hits) == 1 else {}
first, cached, stored = (json.load(open(p)) for p in sys.argv[1:4])
for name in ("GHP_ADMIN", "GHP_GHES"):
    a, b = get(first, name), get(cached, name)
    for k in ("verified", "identity", "tier", "tier_evidence", "expires"):
        if a.get(k) != b.get(k) or a.get("verified") != "live":
            fails.append(f"{name}: {k} {a.get(k)!r} then {b.get(k)!r}")
    if set(a.get("scopes", [])) != set(b.get("scopes", [])):
        fails.append(f"{name}: scopes differ when reused")
    if "verified by an earlier scan (--verify-ttl)" not in b.get("reasons", []):
        fails.append(f"{name}: no reason saying the answer was reused")
c = get(cached, "GHP_REVOKED")
if c.get("verified") != "revoked" or c.get("risk") != "low":
    fails.append(f"reused revoked: {c.get('verified')} {c.get('risk')}")
c = get(cached, "GHP_HANG")
if c.get("verified") != "unknown" or not c.get("verify_error"):
    fails.append("the unanswered one is unknown again")
# the inventory reads back what the last scan said
c = get(stored, "GHP_ADMIN")
if c.get("verified") != "live" or c.get("tier_evidence") != "verified":
    fails.append(f"report --db: {c.get('verified')} {c.get('tier_evidence')}")
c = get(stored, "GHP_HANG")
if c.get("verified") != "unknown" or "no answer" not in (c.get("verify_error") or ""):
    fails.append(f"report --db: {c.get('verified')} {c.get('verify_error')}")
if fails:
    print("\n".join("FAIL: " + f for f in fails), file=sys.stderr)
    sys.exit(1)
PYEOF
rc=0
"$CREDATLAS" scan --root "$ROOT" --verify --verify-ttl 1h >/dev/null \
    2>"$WORK/ttl.err" || rc=$?
expect_eq "--verify-ttl without --db" "$rc" 2

# What the policy ignores is never sent to its provider.
ADMIN_ID=$($PY - "$WORK/r.json" "$GHP_ADMIN" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
print([c["id"] for c in d["credentials"] if c["redacted"] and
       sys.argv[2].startswith(c["redacted"].rstrip("\u2026"))][0])
PYEOF
)
printf 'ignore:\n  - fingerprint: %s\n    reason: accepted for the test\n' \
    "$ADMIN_ID" >"$WORK/policy.yaml"
: >"$WORK/server.log"
"$CREDATLAS" scan --root "$ROOT" --verify --verify-timeout 2 \
    --policy "$WORK/policy.yaml" --verify-endpoint "github=$U/github" \
    -o "$WORK/ig.json" >/dev/null 2>"$WORK/ig.err" || true
$PY - "$WORK/server.log" "$GHP_ADMIN" "$GHP_READ" <<'PYEOF'
import json, sys
sent = [json.loads(l).get("secret") for l in open(sys.argv[1]) if l.strip()]
if sys.argv[2] in sent:
    sys.exit("FAIL: an ignored credential was sent to its provider")
if sys.argv[3] not in sent:
    sys.exit("FAIL: the credentials not ignored were not verified")
PYEOF
assert_no_secrets "$WORK/planted" "$WORK/r.json" "$WORK/r.txt" \
    "$WORK/stdout" "$WORK/stderr" "$WORK/plain.json" "$WORK/plain.err" \
    "$WORK/noverify.err" "$WORK/badep.err" "$WORK/c1.json" \
    "$WORK/c2.json" "$WORK/c3.json" "$WORK/c4.json" "$WORK/ttl.err" \
    "$WORK/inv.db" "$WORK/ig.json" "$WORK/ig.err"
echo ok
