# t_cloud.sh - carol's home (testdata/homes/carol): AWS profiles (a
# long-lived key, an expired session key, a role, credential_process, two
# SSO profiles), the SSO token cache (one live, one expired), the CLI
# credential cache, a config moved by AWS_CONFIG_FILE in .bashrc; gcloud's
# credentials.db and access_tokens.db (made by carol.mk.py), the active
# configuration, an impersonating configuration, ADC, legacy credentials
# and a service-account key file. Checks identity, expiry, standing, risk
# and links per credential, that decoys are not reported, and that no
# planted secret appears in the report or on stderr.
#
# Planted (placeholder -> where -> expected):
#   %CAROL_SECRET_DEFAULT%  .aws/credentials [default] -> aws-access-key,
#                           "account <decoded> (profile default)", standing
#   %CAROL_SECRET_SESSION%  [session], key id ASIAY34FZKBOKMUTVV7A ->
#                           aws-session-key, account 609629065308, expired
#                           2020-01-02T03:04:05Z, low risk
#   %PASS_2%, %PASS_3%      .aws/sso/cache/<sha1 corp>.json -> aws-sso-token
#                           (2099-01-01) and aws-sso-refresh-token (2099-04-01)
#   %PASS_5%                .aws/sso/cache/<sha1 legacy url>.json -> expired
#   %CAROL_SECRET_CLI%      .aws/cli/cache -> aws-session-key, the assumed
#                           role's ARN, 2099-05-01T12:00:00Z
#   %CAROL_SECRET_WORK%     work/aws-config (AWS_CONFIG_FILE in .bashrc) ->
#                           rule aws_env.profile-key
#   %CAROL_GCP_REFRESH%     credentials.db and legacy adc.json -> one
#                           gcp-user-refresh-token, carol@example.com
#                           (project carol-prod), two locations
#   %CAROL_SA_KEY%          credentials.db and projects/deploy/sa-key.json
#                           -> one gcp-service-account-key, two locations
#   ya29 tokens             access_tokens.db -> a live and an expired
#                           gcp-access-token
#   %PASS_7%                application_default_credentials.json ->
#                           gcp-user-refresh-token, account not recorded
# Secretless: aws-assume-role admin (links to default), work (links to
# work-keys), aws-credential-process vault, aws-sso-profile sso-admin
# (links to the corp tokens) and legacy, gcp-impersonation deployer
# (links to carol's account credentials).
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
mkdir -p "$ROOT/etc" "$ROOT/home"
printf 'root:x:0:0:root:/root:/bin/sh\ncarol:x:2001:2001::/home/carol:/bin/sh\n' \
    >"$ROOT/etc/passwd"
materialize homes/carol "$ROOT/home/carol"
mv "$ROOT/home/carol.secrets" "$WORK/planted"
$PY "$TOP/testdata/homes/carol.mk.py" "$ROOT/home/carol" "$TOOLS/tokgen" \
    >>"$WORK/planted" || fail "carol.mk.py"

rc=0
"$CREDATLAS" scan -v --root "$ROOT" -o "$WORK/r.json" >"$WORK/stdout" \
    2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc: $(head -5 "$WORK/stderr")"
R=$WORK/r.json

expect_eq "scan errors" "$(jq_py "$R" "d['errors']")" "[]"

# The credentials of one kind whose identity contains a substring.
cred() {
	echo "[c for c in d['credentials'] if c['kind'] == '$1' and '$2' in (c['identity'] or '')]"
}
one() {
	n=$(jq_py "$R" "len($(cred "$1" "$2"))")
	expect_eq "count of $1 '$2'" "$n" 1
}
field() {
	jq_py "$R" "$(cred "$1" "$2")[0]$3"
}
# The id of the credential whose location is PATH (and LINE).
id_at() {
	jq_py "$R" "[c['id'] for c in d['credentials'] if any(l['path'] == '$1' and l['line'] == $2 for l in c['locations'])][0]"
}
H=/home/carol

# --- AWS: static and session keys --------------------------------------
kid=$(sed -n 's/^aws_access_key_id = \(AKIA[A-Z2-7]*\)$/\1/p' \
    "$ROOT$H/.aws/credentials" | head -1)
acct=$($PY -c 'import base64,sys
k=sys.argv[1][4:]
v=int.from_bytes(base64.b32decode(k)[:6], "big")
print("%012d" % ((v & 0x7FFFFFFFFF80) >> 7))' "$kid")
one aws-access-key "account $acct (profile default)"
A="aws-access-key"
expect_eq "default standing" "$(field $A "(profile default)" "['standing']")" True
expect_eq "default expires" "$(field $A "(profile default)" "['expires']")" None
expect_eq "default rule" "$(field $A "(profile default)" "['rule']")" aws.profile-key
expect_eq "default location" \
    "$(field $A "(profile default)" "['locations'][0]['line']")" 4

one aws-session-key "account 609629065308 (profile session)"
S=aws-session-key
expect_eq "session expires" "$(field $S "(profile session)" "['expires']")" \
    2020-01-02T03:04:05Z
expect_eq "session standing" "$(field $S "(profile session)" "['standing']")" False
expect_eq "session risk" "$(field $S "(profile session)" "['risk']")" low
expect_eq "session expired" \
    "$(jq_py "$R" "'expired' in $(cred $S "(profile session)")[0]['reasons']")" True

# Decoys: the documentation's example key and templates.
expect_eq "example decoy" "$(jq_py "$R" "len([c for c in d['credentials'] if 'profile example' in (c['identity'] or '') or 'profile templated' in (c['identity'] or '')])")" 0

# --- AWS: delegations ---------------------------------------------------
default_id=$(id_at $H/.aws/credentials 4)
one aws-assume-role "arn:aws:iam::210987654321:role/OrgAdmin"
R1="aws-assume-role"
expect_eq "role link" "$(field $R1 OrgAdmin "['links'][0]['ref']")" \
    "aws-profile:$H:default"
expect_eq "role link resolves" "$(field $R1 OrgAdmin "['links'][0]['to']")" \
    "[\"$default_id\"]"
expect_eq "role redacted" "$(field $R1 OrgAdmin "['redacted']")" None
expect_eq "role MFA" "$(field $R1 OrgAdmin "['reasons']" | grep -c 'MFA required')" 1

one aws-credential-process "profile vault"
expect_eq "process detail" "$(field aws-credential-process vault "['reasons']" | grep -c 'credential_process: /usr/local/bin/aws-vault export --format=json prod')" 1

one aws-sso-profile "account 444455556666 role AdministratorAccess via https://corp-carol.awsapps.com/start"
P="aws-sso-profile"
expect_eq "sso link" "$(field $P 444455556666 "['links'][0]['ref']")" \
    "aws-sso-token:$H:https://corp-carol.awsapps.com/start"
expect_eq "sso link targets" \
    "$(jq_py "$R" "len($(cred $P 444455556666)[0]['links'][0]['to'])")" 2
expect_eq "sso scopes" "$(field $P 444455556666 "['scopes']")" '["sso:account:access"]'
one aws-sso-profile "account 777788889999 role ReadOnly via https://legacy-carol.awsapps.com/start"

# --- AWS: caches --------------------------------------------------------
one aws-sso-token "https://corp-carol.awsapps.com/start"
T=aws-sso-token
expect_eq "sso token expires" "$(field $T corp-carol "['expires']")" 2099-01-01T00:00:00Z
expect_eq "sso token standing" "$(field $T corp-carol "['standing']")" False
expect_eq "sso token not expired" "$(jq_py "$R" "'expired' in $(cred $T corp-carol)[0]['reasons']")" False
one aws-sso-refresh-token "https://corp-carol.awsapps.com/start"
expect_eq "sso refresh expires" \
    "$(field aws-sso-refresh-token corp-carol "['expires']")" 2099-04-01T00:00:00Z
one aws-sso-token "https://legacy-carol.awsapps.com/start"
expect_eq "old sso token expires" "$(field $T legacy-carol "['expires']")" 2021-06-01T10:00:00Z
expect_eq "old sso token risk" "$(field $T legacy-carol "['risk']")" low

one aws-session-key "arn:aws:sts::210987654321:assumed-role/OrgAdmin/botocore-session-1700000000"
expect_eq "cli cache expires" "$(field $S assumed-role "['expires']")" 2099-05-01T12:00:00Z
expect_eq "cli cache standing" "$(field $S assumed-role "['standing']")" False

# --- AWS: the config moved by AWS_CONFIG_FILE in .bashrc -----------------
one aws-access-key "(profile work-keys)"
expect_eq "moved rule" "$(field $A work-keys "['rule']")" aws_env.profile-key
expect_eq "moved path" "$(field $A work-keys "['locations'][0]['path']")" \
    $H/work/aws-config
work_keys_id=$(field $A work-keys "['id']")
one aws-assume-role "arn:aws:iam::333344445555:role/Deployer"
expect_eq "moved role link" "$(field $R1 Deployer "['links'][0]['to']")" \
    "[\"$work_keys_id\"]"

# --- Google Cloud ---------------------------------------------------------
G=$H/.config/gcloud
one gcp-user-refresh-token "carol@example.com (project carol-prod)"
U=gcp-user-refresh-token
expect_eq "refresh standing" "$(field $U carol@ "['standing']")" True
expect_eq "refresh places" "$(jq_py "$R" "sorted(l['path'] for l in $(cred $U carol@)[0]['locations'])")" \
    "[\"$G/credentials.db\", \"$G/legacy_credentials/carol@example.com/adc.json\"]"
expect_eq "refresh scopes" "$(field $U carol@ "['scopes']")" \
    '["https://www.googleapis.com/auth/cloud-platform", "openid"]'
one gcp-user-refresh-token "account not recorded"
expect_eq "adc reasons" "$(field $U "not recorded" "['reasons']" | grep -c 'quota project carol-prod')" 1

one gcp-service-account-key "deployer@carol-prod.iam.gserviceaccount.com (project carol-prod)"
K=gcp-service-account-key
expect_eq "sa key places" "$(jq_py "$R" "sorted(l['path'] for l in $(cred $K deployer@)[0]['locations'])")" \
    "[\"$G/credentials.db\", \"$H/projects/deploy/sa-key.json\"]"
expect_eq "sa key standing" "$(field $K deployer@ "['standing']")" True
expect_eq "sa key tier" "$(field $K deployer@ "['tier']")" admin

one gcp-access-token "carol@example.com (project carol-prod)"
AT=gcp-access-token
expect_eq "access expires" "$(field $AT carol@ "['expires']")" 2099-01-01T00:00:00Z
expect_eq "access standing" "$(field $AT carol@ "['standing']")" False
expect_eq "access preview" "$(jq_py "$R" "$(cred $AT carol@)[0]['redacted'].startswith('ya29.')")" True
one gcp-access-token "deployer@carol-prod.iam.gserviceaccount.com"
expect_eq "stale expires" "$(field $AT deployer@ "['expires']")" 2020-01-01T10:00:00Z
expect_eq "stale risk" "$(field $AT deployer@ "['risk']")" low

one gcp-impersonation "deployer@carol-prod.iam.gserviceaccount.com"
I=gcp-impersonation
expect_eq "impersonation link" "$(field $I deployer@ "['links'][0]['ref']")" \
    "gcloud-account:$H:carol@example.com"
expect_eq "impersonation targets" "$(jq_py "$R" "len($(cred $I deployer@)[0]['links'][0]['to'])")" 2

assert_no_secrets "$WORK/planted" "$R" "$WORK/stdout" "$WORK/stderr"
echo ok
