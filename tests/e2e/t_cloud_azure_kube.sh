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

# q EXPR: a python expression over the report 'd'
q() {
	jq_py "$R" "$1"
}
# The credentials of kind $1 whose field $2 contains $3 (a python list).
pick() {
	echo "[c for c in d['credentials'] if c['kind'] == '$1' and" \
	    "'$3' in (c['$2'] or '')]"
}
# one KIND FIELD VALUE: exactly one such credential; sets $C to it.
one() {
	n=$(q "len($(pick "$1" "$2" "$3"))")
	expect_eq "count of $1 with $2 '$3'" "$n" 1
	C="$(pick "$1" "$2" "$3")[0]"
}
# reason NEEDLE: True when a reason of $C contains NEEDLE.
reason() {
	q "any('$1' in r for r in $C['reasons'])"
}

expect_eq "scan errors" "$(q "d['errors']")" "[]"

# --- Azure --------------------------------------------------------------
AT=azure-access-token
expect_eq "azure access tokens" "$(q "len($(pick $AT kind $AT))")" 2
one $AT expires 2100-01-01T00:00:00Z
expect_eq "live identity" "$(q "$C['identity']")" dave@contoso.test
expect_eq "live standing" "$(q "$C['standing']")" False
expect_eq "live not expired" "$(reason expired)" False
expect_eq "live scopes" "$(q "$C['scopes']")" \
    "$(printf '["%s", "%s"]' \
    https://management.core.windows.net//.default \
    https://management.core.windows.net//user_impersonation)"
expect_eq "live reach" "$(reason 'reaches 2 subscriptions')" True
one $AT expires 2023-11-14T22:13:20Z
expect_eq "expired reason" "$(reason expired)" True
expect_eq "expired risk" "$(q "$C['risk']")" low
one azure-refresh-token identity dave@contoso.test
expect_eq "refresh standing" "$(q "$C['standing']")" True
expect_eq "refresh expires" "$(q "$C['expires']")" None
expect_eq "refresh FOCI" "$(reason 'FOCI family')" True
expect_eq "refresh tier" "$(q "$C['tier']")" admin

# --- Kubernetes ---------------------------------------------------------
SRV=https://prod.k8s.dave.test:6443
one kube-client-key identity "dave @ $SRV (context prod)"
expect_eq "client key tier" "$(q "$C['tier']")" admin
expect_eq "client key standing" "$(q "$C['standing']")" False
expect_eq "client key admin" \
    "$(reason 'member of system:masters (cluster-admin)')" True
expect_eq "client key location" "$(q "$C['locations'][0]['path']")" \
    /home/dave/.kube/config
# NotAfter is 30 days from now (dave.mk.py): in the future, not expired.
exp=$(q "$C['expires']")
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
[ "$(expr "$exp" \> "$now")" = 1 ] ||
    fail "client cert expiry $exp not after $now"

# The token's identity and expiry come from its own JWT payload.
jwt=$(grep '^JWT_3	' "$WORK/planted" | cut -f2)
claims=$($PY -c 'import base64, datetime, json, sys
p = sys.argv[1].split(".")[1]
c = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
t = datetime.datetime.fromtimestamp(c["exp"], datetime.timezone.utc)
print(c["sub"], t.strftime("%Y-%m-%dT%H:%M:%SZ"))' "$jwt")
sub=${claims% *}
one kube-token identity "$sub @ $SRV (context ci)"
expect_eq "kube token expires" "$(q "$C['expires']")" "${claims#* }"
expect_eq "kube token standing" "$(q "$C['standing']")" False

# The exec plugin is a delegation to dave's AWS profile prod.
EKS=https://0123ABCDEF.gr7.eu-west-1.eks.amazonaws.com
one kube-exec identity "eks-prod @ $EKS (context eks)"
expect_eq "exec redacted" "$(q "$C['redacted']")" None
expect_eq "exec link" "$(q "$C['links'][0]['ref']")" \
    aws-profile:/home/dave:prod
expect_eq "exec detail" "$(reason "exec plugin: aws --region eu-west-1 eks \
get-token --cluster-name prod --profile prod")" True
# Resolved when the AWS module reports the profile (rule aws.profile-key).
aws="[c for c in d['credentials'] if c['rule'] == 'aws.profile-key' and
    any(l['path'] == '/home/dave/.aws/credentials' for l in c['locations'])]"
if [ "$(q "len($aws)")" = 1 ]; then
	expect_eq "exec link resolves" "$(q "$C['links'][0]['to']")" \
	    "$(q "[$aws[0]['id']]")"
fi
# The decoy user's placeholder token is not reported.
expect_eq "decoy" "$(q "len($(pick kube-token identity decoy))")" 0

# --- the other CLIs -----------------------------------------------------
one terraform-token identity app.terraform.io
expect_eq "terraform standing" "$(q "$C['standing']")" True
one vault-token redacted hvs.
one digitalocean-token identity "doctl context work"
expect_eq "doctl current" "$(reason '(current)')" True
one digitalocean-token identity "doctl context default"

assert_no_secrets "$WORK/planted" "$R" "$WORK/stdout" "$WORK/stderr"
echo ok
