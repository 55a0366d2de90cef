# t_no_leak.sh - plants every fixture home's synthetic secrets in one root,
# scans it writing every report format (files and stdout) with verbose
# diagnostics, and proves that no planted secret, nor any 12-character
# piece of one, appears in any output or on stderr. Reports are 0600.
# A home "mallory" also plants secrets where no secret belongs, in the
# metadata of every surface (gh user and host names, AWS profile names,
# kube context, user and cluster names, git remote names and URLs, gcloud
# accounts, copilot users, file and directory names, names that reach an
# error message): the redaction gate must catch each of them in every
# format (json, jsonl, sarif, html, csv, txt, sqlite) and on stderr.
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

# Secrets in metadata fields: one distinct token per field, each a shape
# the content rules know.
M=$ROOT/home/mallory
mkdir -p "$M"
printf 'mallory:x:%d:%d::/home/mallory:/bin/sh\n' $uid $uid >>"$ROOT/etc/passwd"
$PY - "$M" "$TOOLS/tokgen" >>"$WORK/planted" <<'PYEOF'
import os, subprocess, sys
home, tokgen = sys.argv[1], sys.argv[2]
kinds = ["ghp", "gho", "ghu", "glpat", "xoxb", "npm", "hf", "stripe",
         "ghs", "ghr", "xoxp", "dckr"]
seed = [5000]
def tok(label, kind=None):
    # a fresh seed per token: tokgen draws a body from one stream per seed
    seed[0] += 31
    k = kind or kinds[seed[0] % len(kinds)]
    t = subprocess.run([tokgen, k, str(seed[0])], check=True,
                       capture_output=True).stdout.decode().split()[0]
    print(f"meta_{label}\t{t}")
    return t
def put(rel, text):
    p = os.path.join(home, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)
real = [tok(f"value{i}", "ghp") for i in range(8)]
# gh: the user name, the users: key and a host name
gh_user, gh_key, gh_host = tok("gh_user"), tok("gh_users_key"), tok("gh_host")
put(".config/gh/hosts.yml", f"""github.com:
    users:
        {gh_key}:
            oauth_token: {real[0]}
    user: {gh_user}
    oauth_token: {real[0]}
{gh_host}.example.test:
    user: octo
    oauth_token: {real[1]}
""")
# AWS: profile names in credentials and config, a role name, a source
aws_c, aws_p, aws_role = tok("aws_cred_profile"), tok("aws_conf_profile"), tok("aws_role")
akid = subprocess.run([tokgen, "aws", "77"], check=True,
                      capture_output=True).stdout.decode().split()
print(f"meta_aws_secret\t{akid[1]}")
put(".aws/credentials", f"[{aws_c}]\naws_access_key_id = {akid[0]}\n"
    f"aws_secret_access_key = {akid[1]}\n")
put(".aws/config", f"[profile {aws_p}]\nrole_arn = arn:aws:iam::123456789012:role/{aws_role}\n"
    f"source_profile = {aws_c}\n")
# kube: context, user and cluster names, the server URL, a namespace
kc, ku, kcl, ks, kn = (tok("kube_context"), tok("kube_user"),
    tok("kube_cluster"), tok("kube_server"), tok("kube_namespace"))
put(".kube/config", f"""apiVersion: v1
kind: Config
current-context: {kc}
clusters:
- name: {kcl}
  cluster:
    server: https://k8s.example.test/{ks}
contexts:
- name: {kc}
  context:
    cluster: {kcl}
    user: {ku}
    namespace: {kn}
users:
- name: {ku}
  user:
    token: {real[2]}
""")
# git: a remote named by a token, URLs carrying tokens as user and path
gr, gu, gp, gh2 = tok("git_remote_name"), tok("git_url_user"), tok("git_url_path"), tok("git_helper_file")
put("src/app/.git/config", f"""[remote "{gr}"]
	url = https://{gu}:{real[3]}@github.com/acme/app.git
[remote "origin"]
	url = https://github.com/acme/{gp}.git
[credential]
	helper = store --file ~/{gh2}.creds
""")
put(f"{gh2}.creds", f"https://octo:{real[4]}@github.com\n")
# .git-credentials: a token as the user name
gcu = tok("git_credentials_user")
put(".git-credentials", f"https://{gcu}:{real[5]}@git.example.test\n")
# gcloud: the account of a configuration
gca = tok("gcloud_account")
put(".config/gcloud/active_config", "default\n")
put(".config/gcloud/configurations/config_default",
    f"[core]\naccount = {gca}\nproject = p1\n"
    f"[auth]\nimpersonate_service_account = {gca}@p1.iam.gserviceaccount.com\n")
# copilot: the user of an app entry
cu = tok("copilot_user")
put(".config/github-copilot/apps.json",
    '{"github.com:Iv1.b507a08c87ecfe98": {"user": "%s", "oauth_token": "%s",'
    ' "githubAppId": "Iv1.b507a08c87ecfe98"}}' % (cu, real[6]))
# file and directory names, and names that reach an error message
fd, ff, fe = tok("dir_name"), tok("file_name"), tok("error_path")
put(f"{fd}/.env", f"TOKEN={real[7]}\n")
put(f"notes-{ff}.env", f"GITHUB_TOKEN={real[7]}\n")
put(f"{fe}/.kube/config", "users: [\n  - {{{{ broken\n")
put(f"{fe}/deploy-service-account.json", '{"type": "service_account", ')
PYEOF

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
    -o "$WORK/r.jsonl" -o "$WORK/r.sarif" -o "$WORK/r.html" \
    -o "$WORK/r.csv" -o "$WORK/r.db" \
    -o - >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc: $(head -5 "$WORK/stderr")"
"$CREDATLAS" scan --root "$ROOT" --format json >"$WORK/stdout.json" \
    2>>"$WORK/stderr" || true
"$CREDATLAS" scan --root "$ROOT" >"$WORK/stdout.txt" 2>>"$WORK/stderr" || true

n=$(jq_py "$WORK/r.json" "len(d['credentials'])")
[ "$n" -gt 10 ] || fail "expected many credentials, got $n"
# The metadata plants were found where they are secrets too, so the
# gate, not luck, kept them out.
for t in meta_gh_user meta_aws_cred_profile meta_kube_user meta_git_url_user; do
	grep -q "^$t	" "$WORK/planted" || fail "nothing planted as $t"
done
[ "$(jq_py "$WORK/r.json" "len(d['errors'])")" -gt 0 ] ||
	fail "the hostile files made no error to check"
for f in r.json r.txt r.jsonl r.sarif r.html r.csv r.db; do
	[ -s "$WORK/$f" ] || fail "$f is empty"
	expect_eq "mode of $f" "$(stat -c %a "$WORK/$f")" 600
done
assert_no_secrets "$WORK/planted" "$WORK/r.json" "$WORK/r.txt" \
    "$WORK/r.jsonl" "$WORK/r.sarif" "$WORK/r.html" "$WORK/r.csv" \
    "$WORK/r.db" "$WORK/stdout" "$WORK/stdout.json" "$WORK/stdout.txt" "$WORK/stderr"
# The fingerprint key never goes into a report.
key=$(tr -d '\n' <"$HOME/.config/credatlas/fingerprint.key")
for f in r.json r.txt r.jsonl r.sarif r.html r.csv r.db stdout \
    stdout.json stdout.txt stderr; do
	if grep -a -q "$key" "$WORK/$f"; then fail "key in $f"; fi
done
echo ok
