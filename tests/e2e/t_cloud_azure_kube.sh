# t_cloud_azure_kube.sh - dave's home (testdata/homes/dave): the Azure CLI
# token cache (one live and one expired access token, a FOCI refresh
# token, a BOM-prefixed azureProfile.json), a kubeconfig with a bearer
# token, a client certificate made at test time (CN=dave,
# O=system:masters) and an exec plugin running `aws eks get-token
# --profile prod` that links to dave's own AWS profile prod, plus the
# Terraform, Vault and doctl files. Checks identity, expiry, standing,
# tier and links per credential, and that no planted secret appears in
# the report or on stderr.
#
# Planted in dave's home (placeholder -> where -> expected):
#   %JWT_1%   .azure/msal_token_cache.json AccessToken "live" (expires_on
#             4102444800) -> azure-access-token, dave@contoso.test,
#             2100-01-01T00:00:00Z, scopes management.core.windows.net
#   %JWT_2%   AccessToken "stale" (expires_on 1700000000) -> expired
#   %PASS_1%  RefreshToken (family_id 1) -> azure-refresh-token, standing
#   %JWT_3%   .kube/config user ci-token -> kube-token, identity from the
#             JWT sub at https://prod.k8s.dave.test:6443 (context ci)
#   %DAVE_CLIENT_KEY% (dave.mk.py) .kube/config user dave-cert ->
#             kube-client-key, dave @ ... (context prod), admin
#   %DAVE_AWS_*% (dave.mk.py) .aws/credentials [prod] -> the AWS module
#   %PASS_2%.atlasv1.%PASS_3%  .terraform.d/credentials.tfrc.json
#   hvs.%PASS_4%  .vault-token;  dop_v1_%PASS_5%, dop_v1_%PASS_6%  doctl
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
mkdir -p "$ROOT/etc" "$ROOT/home"
printf 'root:x:0:0:root:/root:/bin/sh\ndave:x:2000:2000::/home/dave:/bin/sh\n' \
    >"$ROOT/etc/passwd"
materialize homes/dave "$ROOT/home/dave"
mv "$ROOT/home/dave.secrets" "$WORK/planted"
$PY "$TOP/testdata/homes/dave.mk.py" "$ROOT/home/dave" "$TOOLS/tokgen" \
    >>"$WORK/planted" || fail "dave.mk.py"

rc=0
"$CREDATLAS" scan -v --root "$ROOT" -o "$WORK/r.json" >"$WORK/stdout" \
    2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc: $(head -5 "$WORK/stderr")"
R=$WORK/r.json

expect_eq "scan errors" "$(jq_py "$R" "d['errors']")" "[]"

# One credential by kind and a substring of its identity.
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

# --- Azure -------------------------------------------------------------
expect_eq "azure access tokens" \
    "$(jq_py "$R" "len([c for c in d['credentials'] if c['kind'] == 'azure-access-token'])")" 2
live="[c for c in d['credentials'] if c['kind'] == 'azure-access-token' and c['expires'] == '2100-01-01T00:00:00Z']"
expect_eq "live token" "$(jq_py "$R" "len($live)")" 1
expect_eq "live identity" "$(jq_py "$R" "$live[0]['identity']")" dave@contoso.test
expect_eq "live standing" "$(jq_py "$R" "$live[0]['standing']")" False
expect_eq "live not expired" "$(jq_py "$R" "'expired' in $live[0]['reasons']")" False
expect_eq "live scopes" "$(jq_py "$R" "$live[0]['scopes']")" \
    '["https://management.core.windows.net//.default", "https://management.core.windows.net//user_impersonation"]'
expect_eq "live reach" "$(jq_py "$R" "any('reaches 2 subscriptions' in r for r in $live[0]['reasons'])")" True
old="[c for c in d['credentials'] if c['kind'] == 'azure-access-token' and c['expires'] == '2023-11-14T22:13:20Z']"
expect_eq "expired token" "$(jq_py "$R" "len($old)")" 1
expect_eq "expired reason" "$(jq_py "$R" "'expired' in $old[0]['reasons']")" True
expect_eq "expired risk" "$(jq_py "$R" "$old[0]['risk']")" low
one azure-refresh-token dave@contoso.test
expect_eq "refresh standing" "$(field azure-refresh-token dave@contoso.test "['standing']")" True
expect_eq "refresh expires" "$(field azure-refresh-token dave@contoso.test "['expires']")" None
expect_eq "refresh FOCI" "$(field azure-refresh-token dave@contoso.test "['reasons']" | grep -c 'FOCI family')" 1
expect_eq "refresh tier" "$(field azure-refresh-token dave@contoso.test "['tier']")" admin

# --- Kubernetes ---------------------------------------------------------
SRV=https://prod.k8s.dave.test:6443
one kube-client-key "dave @ $SRV (context prod)"
K="kube-client-key"
expect_eq "client key tier" "$(field $K "dave @" "['tier']")" admin
expect_eq "client key standing" "$(field $K "dave @" "['standing']")" False
expect_eq "client key admin" \
    "$(field $K "dave @" "['reasons']" | grep -c 'member of system:masters (cluster-admin)')" 1
# NotAfter is 30 days from now (dave.mk.py): in the future, not expired.
exp=$(field $K "dave @" "['expires']")
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
[ "$(expr "$exp" \> "$now")" = 1 ] || fail "client cert expiry $exp not after $now"
expect_eq "client key location" \
    "$(field $K "dave @" "['locations'][0]['path']")" /home/dave/.kube/config

# The token's identity and expiry come from its own JWT payload.
jwt=$(grep '^JWT_3	' "$WORK/planted" | cut -f2)
claims=$($PY -c 'import base64,json,sys
p=sys.argv[1].split(".")[1]; p += "=" * (-len(p) % 4)
c=json.loads(base64.urlsafe_b64decode(p))
import datetime
print(c["sub"], datetime.datetime.fromtimestamp(c["exp"], datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))' "$jwt")
sub=${claims% *}
jexp=${claims#* }
one kube-token "$sub @ $SRV (context ci)"
expect_eq "kube token expires" "$(field kube-token "$sub @" "['expires']")" "$jexp"
expect_eq "kube token standing" "$(field kube-token "$sub @" "['standing']")" False

# The exec plugin is a delegation to dave's AWS profile prod.
one kube-exec "eks-prod @ https://0123ABCDEF.gr7.eu-west-1.eks.amazonaws.com (context eks)"
E="kube-exec"
expect_eq "exec redacted" "$(field $E eks-prod "['redacted']")" None
expect_eq "exec link" "$(field $E eks-prod "['links'][0]['ref']")" \
    aws-profile:/home/dave:prod
expect_eq "exec detail" "$(field $E eks-prod "['reasons']" | grep -c 'exec plugin: aws --region eu-west-1 eks get-token --cluster-name prod --profile prod')" 1
# Resolved when the AWS module reports the profile (rule aws.profile-key).
aws="[c for c in d['credentials'] if c['rule'] == 'aws.profile-key' and any(l['path'] == '/home/dave/.aws/credentials' for l in c['locations'])]"
if [ "$(jq_py "$R" "len($aws)")" = 1 ]; then
	expect_eq "exec link resolves" "$(field $E eks-prod "['links'][0]['to']")" \
	    "$(jq_py "$R" "[$aws[0]['id']]")"
fi
# The decoy user's placeholder token is not reported.
expect_eq "decoy" "$(jq_py "$R" "len([c for c in d['credentials'] if 'decoy' in str(c['reasons'])])")" 0

# --- the other CLIs -----------------------------------------------------
one terraform-token app.terraform.io
expect_eq "terraform standing" "$(field terraform-token app.terraform.io "['standing']")" True
expect_eq "vault tokens" \
    "$(jq_py "$R" "len([c for c in d['credentials'] if c['kind'] == 'vault-token' and c['redacted'].startswith('hvs.')])")" 1
one digitalocean-token "doctl context work"
one digitalocean-token "doctl context default"

assert_no_secrets "$WORK/planted" "$R" "$WORK/stdout" "$WORK/stderr"
echo ok
