# t_agents.sh - grace's home (testdata/homes/grace): the MCP servers of
# Claude Desktop, Claude Code (user and project scope, .mcp.json), Cursor
# (user and project), VS Code (JSONC settings.json and a workspace
# mcp.json with a password input), Zed, Gemini CLI, and a broken Windsurf
# config; plus an AWS key pair. Checks that every secret wired into a
# server is found with its kind and its server's mcp:<name> scope, that
# references and placeholders are not secrets, each server's capability
# class, roots and links (a filesystem server rooted at ~, a shell and a
# `docker run -v /:/host` reach the AWS key and take its tier), and that
# no planted secret appears in any output format or on stderr.
#
# Planted (placeholder -> server -> expected kind):
#   %GHP_1%       Claude Desktop github (env)      github-pat-classic
#   %PASS_1%      Claude Desktop postgres (args)   database-url
#   %XOXB_1%      Claude Desktop slack (env)       slack-bot-token
#   %PASS_2%      Claude Code linear (header)      mcp-header-token
#   %ANTHROPIC_1% Claude Code runner (env, local)  anthropic-api-key
#   %HF_1%        Cursor search (URL query)        huggingface-token
#   %OPENAI_1%    Cursor internal (header)         openai-api-key
#   %GLPAT_1%     VS Code gitlab (env, JSONC)      gitlab-pat
#   %PASS_4%      Gemini tickets (header)          mcp-header-token
#   %STRIPE_1%    Zed stripe (--api-key=)          stripe-secret-key
#   %GHP_2%       Codex github (config.toml env)   github-pat-classic
#   %GHP_3%       Goose github (config.yaml envs)  github-pat-classic
#   %GRACE_AWS_SECRET% .aws/credentials            aws-access-key
# The agents' own credentials (grace.mk.py): Claude Code's OAuth login
# and refresh token (grace@example.test from .claude.json, expiry from
# expiresAt), its mcpOAuth token for notion (%PASS_6%), a settings env
# secret (%PASS_5%) and apiKeyHelper; Codex's ChatGPT login (access,
# refresh and ID token, identity from the id_token); Gemini's Google login
# (google_accounts.json's active account, cloud-platform scope). Claude's
# bypassPermissions and Bash(*), Codex's approval_policy = "never" and
# danger-full-access sandbox, and Gemini's autoAccept are agent-permission
# entries that reach the AWS key.
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
mkdir -p "$ROOT/etc" "$ROOT/home"
printf 'root:x:0:0:root:/root:/bin/sh\ngrace:x:2001:2001::/home/grace:/bin/sh\n' \
    >"$ROOT/etc/passwd"
materialize homes/grace "$ROOT/home/grace"
mv "$ROOT/home/grace.secrets" "$WORK/planted"
$PY "$TOP/testdata/homes/grace.mk.py" "$ROOT/home/grace" "$TOOLS/tokgen" \
    >>"$WORK/planted" || fail "grace.mk.py"

rc=0
"$CREDATLAS" scan -v --root "$ROOT" -o "$WORK/r.json" -o "$WORK/r.txt" \
    -o "$WORK/r.html" -o "$WORK/r.sarif" -o "$WORK/r.csv" \
    -o "$WORK/r.jsonl" >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc: $(head -5 "$WORK/stderr")"
R=$WORK/r.json

$PY - "$R" <<'PYEOF' || fail "agents checks failed"
import json, sys
d = json.load(open(sys.argv[1]))
creds = d["credentials"]
bad = []
def check(cond, what):
    if not cond:
        bad.append(what)

H = "/home/grace"
def server(name, path_part):
    got = [c for c in creds if c["kind"] == "mcp-server"
           and c["identity"] == "mcp:" + name
           and any(path_part in l["path"] for l in c["locations"])]
    check(len(got) == 1, f"one server {name} in {path_part}, got {len(got)}")
    return got[0] if got else {"scopes": [], "links": [], "reasons": [],
                               "tier": None}

wired = [
    ("github-pat-classic", "mcp:github", "Claude/claude_desktop_config.json"),
    ("database-url", "mcp:postgres", "Claude/claude_desktop_config.json"),
    ("slack-bot-token", "mcp:slack", "Claude/claude_desktop_config.json"),
    ("mcp-header-token", "mcp:linear", "/.claude.json"),
    ("anthropic-api-key", "mcp:runner", "/.claude.json"),
    ("huggingface-token", "mcp:search", "/.cursor/mcp.json"),
    ("openai-api-key", "mcp:internal", "/.cursor/mcp.json"),
    ("gitlab-pat", "mcp:gitlab", "Code/User/settings.json"),
    ("mcp-header-token", "mcp:tickets", "/.gemini/settings.json"),
    ("stripe-secret-key", "mcp:stripe", "/zed/settings.json"),
    ("github-pat-classic", "mcp:github", "/.codex/config.toml"),
    ("github-pat-classic", "mcp:github", "/goose/config.yaml"),
    ("mcp-oauth-token", "mcp:notion", "/.claude/.credentials.json"),
]
ids = {}
for kind, scope, path in wired:
    got = [c for c in creds if c["kind"] == kind and scope in c["scopes"]
           and any(path in l["path"] for l in c["locations"])]
    check(len(got) == 1, f"{kind} {scope} in {path}: {len(got)} found")
    if got:
        ids.setdefault(scope, got[0]["id"])
        check(got[0]["redacted"], f"{kind} {scope} has a preview")
pg = [c for c in creds if c["kind"] == "database-url"]
check(pg and pg[0]["identity"] == "grace@db.internal.test", "postgres identity")
# every secret with an mcp: scope is one of the wired ones
inline = [c for c in creds if c["kind"] != "mcp-server"
          and any(s.startswith("mcp:") for s in c["scopes"])]
check(len(inline) == len(wired), f"{len(inline)} inline secrets, want {len(wired)}")

aws = [c for c in creds if c["kind"] == "aws-access-key"]
check(len(aws) == 1, "one AWS key")
aws_id = aws[0]["id"] if aws else None
def reaches(srv, cid):
    return any(cid in l["to"] for l in srv["links"])

fs = server("filesystem", "claude_desktop_config.json")
check("capability:filesystem" in fs["scopes"], "filesystem capability")
check(f"root:{H}/" in fs["scopes"], "filesystem root ~")
check(reaches(fs, aws_id), "filesystem server reaches the AWS key")
check(fs["tier"] == "admin", "filesystem server takes the AWS key's tier")
check(any(f"path-under:{H}/" in r for r in fs["reasons"]),
      "the reason names the root")
hd = server("hostdocker", "/.claude.json")
check("root:/" in hd["scopes"] and reaches(hd, aws_id), "docker -v /:/host")
rn = server("runner", "/.claude.json")
check("capability:shell" in rn["scopes"] and reaches(rn, aws_id), "bash -c")
check(reaches(rn, ids.get("mcp:runner")), "runner holds its inline key")
check(any("of project /home/grace/projects/app" in r for r in rn["reasons"]),
      "runner's project")
gh = server("github", "claude_desktop_config.json")
check("capability:github" in gh["scopes"] and gh["tier"] == "admin",
      "GitHub server takes the classic PAT's tier")
check(reaches(gh, ids.get("mcp:github")), "github server holds its PAT")
pw = server("playwright", "/.cursor/mcp.json")
check("capability:browser" in pw["scopes"], "playwright browser")
check(f"profile:{H}/.config/google-chrome/" in pw["scopes"], "its profile")
ln = server("linear", "/.claude.json")
check("transport:http" in ln["scopes"] and "capability:tickets" in
      ln["scopes"] and "auth:authorization-header" in ln["scopes"], "linear")
it = server("internal", "/.cursor/mcp.json")
check(any("plain http" in r for r in it["reasons"]), "plain http remote")
pgh = server("github", "projects/app/.mcp.json")
check("ref:env GITHUB_PERSONAL_ACCESS_TOKEN" in pgh["scopes"], "env reference")
check(not pgh["links"], "a reference holds no secret")
st = server("sentry", "projects/app/.mcp.json")
check(not st["links"], "a placeholder is no secret")
rm = server("github-remote", "projects/app/.vscode/mcp.json")
check("ref:header Authorization" in rm["scopes"], "input prompt reference")
nt = server("notes", "projects/app/.cursor/mcp.json")
check(f"root:{H}/projects/app/" in nt["scopes"], "git --repository .")
k8 = server("k8s", "/.gemini/settings.json")
check("trust:no-confirmation" in k8["scopes"] and k8["tier"] == "admin", "k8s")
mem = server("memory", "claude_desktop_config.json")
check(mem["tier"] == "read" and not mem["links"], "memory server")
check(len([c for c in creds if c["kind"] == "mcp-server"]) == 26,
      "26 servers")
gd = server("developer", "/goose/config.yaml")
check("capability:shell" in gd["scopes"] and reaches(gd, aws_id),
      "Goose's developer extension reaches the AWS key")
check("disabled" in server("remote-docs", "/goose/config.yaml")["scopes"],
      "a disabled extension")
errs = [e for e in d["errors"] if "windsurf" in e["path"]]
check(len(errs) == 1 and "invalid JSON" in errs[0]["error"],
      "the broken Windsurf config is one error")
check(len(d["errors"]) == 1, f"errors: {d['errors']}")

# the agents' own credentials
def own(kind, path_part):
    got = [c for c in creds if c["kind"] == kind
           and any(path_part in l["path"] for l in c["locations"])]
    check(len(got) == 1, f"one {kind} in {path_part}, got {len(got)}")
    return got[0] if got else {}
for kind in ("claude-oauth-token", "claude-refresh-token"):
    c = own(kind, "/.claude/.credentials.json")
    check(c.get("identity") == "grace@example.test", f"{kind} account")
    check("user:inference" in c.get("scopes", []), f"{kind} scopes")
check(own("claude-oauth-token", "/.claude/").get("expires"),
      "Claude login expiry")
check(own("agent-env-secret", "/.claude/settings.json").get("redacted"),
      "settings env secret")
check(own("claude-api-key-helper", "/.claude/settings.json").get(
      "identity") == "anthropic-key", "apiKeyHelper names the program only")
for kind in ("codex-access-token", "codex-refresh-token", "jwt"):
    c = own(kind, "/.codex/auth.json")
    check(c.get("identity") == "grace@example.test", f"{kind} identity")
check(own("codex-access-token", "/.codex/auth.json").get("expires"),
      "Codex access token expiry")
for kind in ("gcp-access-token", "gcp-user-refresh-token"):
    c = own(kind, "/.gemini/oauth_creds.json")
    check(c.get("identity") == "grace@example.test", f"{kind} account")
    check("https://www.googleapis.com/auth/cloud-platform" in
          c.get("scopes", []), f"{kind} scope")
perms = {
    "/.claude/settings.json": ["permission:Bash(*)",
                               "permission:bypassPermissions"],
    "/.codex/config.toml": ["permission:approval_policy=never",
                            "permission:sandbox_mode=danger-full-access"],
    "/.gemini/settings.json": ["permission:autoAccept"],
    "/goose/config.yaml": ["permission:GOOSE_MODE=auto"],
}
for path, want in perms.items():
    c = own("agent-permission", path)
    for w in want:
        check(w in c.get("scopes", []), f"{path} {w}")
    check(c.get("tier") == "admin" and reaches(c, aws_id),
          f"{path} agent reaches the AWS key")
cx = server("shell", "/.codex/config.toml")
check("capability:shell" in cx["scopes"], "codex shell server")
cd = server("docs", "/.codex/config.toml")
check("ref:bearer DOCS_MCP_TOKEN" in cd["scopes"], "bearer_token_env_var")
# the project's .claude settings reference is no secret
check(not [c for c in creds if c["kind"] == "agent-env-secret"
           and "GITHUB" in " ".join(c["reasons"])], "env reference")
for b in bad:
    print("FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PYEOF

# the text report's agents view: one entry per server and agent setting,
# with what it reaches
sed -n '/^agents and MCP servers (30): what each can reach$/,/^$/p' \
    "$WORK/r.txt" >"$WORK/view"
[ -s "$WORK/view" ] || fail "the text report has no agents view"
grep -A1 '^  admin   mcp:filesystem  Claude Desktop  stdio filesystem$' \
    "$WORK/view" | grep -q 'reaches [0-9]* credentials, the strongest admin (aws-access-key)' ||
    fail "the agents view shows what the filesystem server reaches"
grep -A1 '^  read    mcp:memory ' "$WORK/view" |
    grep -q 'reaches no credential found by this scan' ||
    fail "the agents view shows a server that reaches nothing"
assert_no_secrets "$WORK/planted" "$WORK"/r.* "$WORK/stdout" \
    "$WORK/stderr" || fail "a planted secret leaked"
# the HTML report's agents section, written in the page
grep -q '<section id="agents">' "$WORK/r.html" || fail "no agents section in HTML"
grep -q '<tr><td>admin</td><td>mcp:filesystem</td><td>Claude Desktop</td><td>stdio</td><td>filesystem, /home/grace/</td><td>[0-9]* credentials, the strongest admin (aws-access-key)</td></tr>' \
    "$WORK/r.html" || fail "the HTML agents section lacks the filesystem server's reach"

# --mcp-catalog: an in-house image becomes a shell server; a bad table
# stops the scan before it starts
cat >"$WORK/catalog.json" <<'JSON'
{"servers": [{"match": "acme/host-inspector", "capabilities": ["shell"],
  "label": "Acme host inspector"}]}
JSON
"$CREDATLAS" scan -q --root "$ROOT" --mcp-catalog "$WORK/catalog.json" \
    -o "$WORK/c.json" 2>"$WORK/c.err" || [ $? -le 1 ] ||
    fail "scan with --mcp-catalog failed: $(head -3 "$WORK/c.err")"
got=$(jq_py "$WORK/c.json" "[c['reasons'] for c in d['credentials'] if c['identity'] == 'mcp:hostdocker'][0]")
case $got in
*"Acme host inspector"*) ;;
*) fail "--mcp-catalog row not used: $got" ;;
esac
got=$(jq_py "$WORK/c.json" "'capability:shell' in [c for c in d['credentials'] if c['identity'] == 'mcp:hostdocker'][0]['scopes']")
expect_eq "--mcp-catalog capability" "$got" "True"
printf '{"servers": [{"match": "x", "capabilities": ["teleport"]}]}' \
    >"$WORK/bad.json"
rc=0
"$CREDATLAS" scan -q --root "$ROOT" --mcp-catalog "$WORK/bad.json" \
    -o "$WORK/bad-out.json" 2>"$WORK/bad.err" || rc=$?
[ "$rc" -ge 2 ] || fail "a bad --mcp-catalog did not stop the scan ($rc)"
grep -q "MCP catalog" "$WORK/bad.err" || fail "no message for a bad catalog"
[ ! -e "$WORK/bad-out.json" ] || fail "a report was written anyway"
echo "t_agents: ok"
