# t_github.sh - the GitHub and git surface end to end, on alice's fixture
# home (testdata/homes/README lists every planted secret and decoy): gh
# hosts.yml with a keyring-only account, credential stores including one
# reached only through `store --file`, git config includes kept inside the
# root, a credentialed remote and an extraheader, Copilot, rc and .env
# assignments; owners from the root's own /etc/passwd.
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
mkdir -p "$ROOT/etc" "$ROOT/home"
materialize homes/alice "$ROOT/home/alice"
mv "$ROOT/home/alice.secrets" "$WORK/planted"
printf 'root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\n' \
    >"$ROOT/etc/passwd"
if [ "$(id -u)" = 0 ]; then
	chown -R 1000:1000 "$ROOT/home/alice"
	uid=1000
else
	uid=$(id -u)
	sed -i "s/alice:x:1000:1000/alice:x:$uid:$uid/" "$ROOT/etc/passwd"
fi
chmod 600 "$ROOT/home/alice/.git-credentials"

rc=0
"$CREDATLAS" scan --root "$ROOT" -o "$WORK/r.json" -o "$WORK/r.txt" \
    --fail-on critical >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
expect_eq "exit status with critical credentials" "$rc" 1

$PY - "$WORK/r.json" "$WORK/planted" "$uid" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
planted = dict(l.rstrip("\n").split("\t", 1) for l in open(sys.argv[2]))
uid = int(sys.argv[3])
creds = d["credentials"]
fails = []

def check(cond, what):
    if not cond:
        fails.append(what)

def by_preview(name, n=4):
    tok = planted[name]
    pre = tok[:tok.index("_") + 1 + n] if "_" in tok[:12] else None
    hits = [c for c in creds if c["redacted"] and pre and c["redacted"].startswith(pre)]
    check(len(hits) == 1, f"{name}: {len(hits)} credentials with its preview")
    return hits[0] if hits else {"locations": [], "links": []}

def paths(c):
    return sorted((l["path"], l["line"]) for l in c["locations"])

check(d["errors"] == [], f"errors: {d['errors']}")
check(len(creds) == 15, f"expected 15 credentials, got {len(creds)}")

c = by_preview("GHO_1")
check(c.get("kind") == "github-oauth-token", "GHO_1 kind")
check(c.get("rule") == "gh.hosts-token", "GHO_1 rule")
check(c.get("identity") == "alice@github.com", "GHO_1 identity")
check(paths(c) == [("/home/alice/.config/gh/hosts.yml", 4),
                   ("/home/alice/.config/gh/hosts.yml", 8),
                   ("/home/alice/.env", 3)], f"GHO_1 locations {paths(c)}")
# the identity inside the token names its owner; the file's owner is kept
check(c.get("owner") == {"user": "alice", "uid": uid, "source": "identity",
                         "team": None, "contact": None},
      f"GHO_1 owner {c.get('owner')}")

c = by_preview("GHP_2")
check(c.get("identity") == "alice@ghe.corp.test", "GHP_2 identity (GHES)")

c = by_preview("GHP_1")
check(c.get("rule") == "git_credentials.store-entry", "GHP_1 rule")
check(c.get("kind") == "github-pat-classic", "GHP_1 kind by prefix")
check(c.get("identity") == "alice@github.com", "GHP_1 identity")
check("0600" in [l["mode"] for l in c["locations"]], "GHP_1 mode recorded")

store = by_preview("GHP_4")
check(paths(store) == [("/home/alice/.config/git/alt-creds", 1)],
      "GHP_4 found through store --file")
helpers = [c for c in creds if c["kind"] == "git-credential-helper"]
check(len(helpers) == 3, f"{len(helpers)} credential helpers")
check(any(store.get("id") in l["to"] for h in helpers for l in h["links"]),
      "the store --file helper links to the store's credential")
gh_link = [l for h in helpers for l in h["links"] if l["ref"].startswith("gh-host:")]
check(gh_link and gh_link[0]["to"], "gh auth git-credential helper links to gh")

c = by_preview("FINE_1")
check(c.get("kind") == "github-pat-fine-grained", "FINE_1 kind")
check(c.get("rule") == "gitconfig.remote-url-credential", "FINE_1 rule")
check(paths(c) == [("/home/alice/projects/app/.git/config", 7)],
      f"FINE_1 locations {paths(c)}")

c = by_preview("GHS_1")
check(c.get("rule") == "gitconfig.http-extraheader", "GHS_1 rule")
check(c.get("identity") == "x-access-token@github.com", "GHS_1 identity")

c = by_preview("GHU_1")
check(c.get("kind") == "github-copilot-token", "GHU_1 kind")

c = by_preview("GHP_3")
check(c.get("kind") == "github-pat-classic", "GHP_3 kind")
check(paths(c) == [("/home/alice/.bashrc", 11)], "GHP_3 location")

keyring = [c for c in creds if c["kind"] == "github-keyring-token"]
check(len(keyring) == 1 and keyring[0]["redacted"] is None and
      keyring[0]["identity"] == "alice-work@github.com", "keyring-only account")

# PASS_2 through an include, PASS_3 through includeIf: both inside the root
pw = [c for c in creds if any(l["path"] == "/home/alice/.config/git/work.inc"
                              for l in c["locations"])]
check(len(pw) == 1 and pw[0]["kind"] == "generic-password", "include followed")
ins = [c for c in creds if any(l["path"] == "/home/alice/.gitconfig-projects"
                               for l in c["locations"])]
check(len(ins) == 1, "includeIf followed")

# decoys
bad = planted["GHP_BAD_1"][:8]
check(not [c for c in creds if (c["redacted"] or "").startswith(bad)],
      "bad-checksum token reported")
check(not [c for c in creds if "example" in (c["identity"] or "")],
      "placeholder hosts reported")

if fails:
    print("\n".join("FAIL: " + f for f in fails), file=sys.stderr)
    sys.exit(1)
PYEOF
grep -q 'github' "$WORK/r.txt" || fail "text report"
assert_no_secrets "$WORK/planted" "$WORK/r.json" "$WORK/r.txt" \
    "$WORK/stdout" "$WORK/stderr"
echo ok
