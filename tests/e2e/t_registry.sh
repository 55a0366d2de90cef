# t_registry.sh - erin's home (testdata/homes/erin): registry logins of
# every client the registry surface reads (docker, podman, helm, npm,
# yarn, pypi, pip, cargo, rubygems, maven, gradle, nuget, composer).
# Checks kind, rule, identity (registry host plus user) and line of each,
# the helper delegations, that the decoys are not reported (an auth that
# decodes to user:changeme, ${NPM_TOKEN}-style references, <your-token>
# placeholders, commented-out lines, an encrypted maven password that is
# reported only as protected), that tokens the content rules also match
# are one credential, and that no planted secret appears in any output.
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
mkdir -p "$ROOT/etc" "$ROOT/home"
printf 'root:x:0:0:root:/root:/bin/sh\nerin:x:2004:2004::/home/erin:/bin/sh\n' \
    >"$ROOT/etc/passwd"
materialize homes/erin "$ROOT/home/erin"
mv "$ROOT/home/erin.secrets" "$WORK/planted"

rc=0
"$CREDATLAS" scan -v --root "$ROOT" -o "$WORK/r.json" -o "$WORK/r.txt" \
    >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc: $(head -5 "$WORK/stderr")"
R=$WORK/r.json

expect_eq "scan errors" "$(jq_py "$R" "d['errors']")" "[]"

# one RULE KIND IDENTITY PATH LINE: exactly one credential of that rule
# and identity, with that kind, first seen at PATH:LINE.
one() {
	got=$(jq_py "$R" "[(c['kind'], c['locations'][0]['path'].split('/home/erin/')[-1], c['locations'][0]['line']) for c in d['credentials'] if c['rule'] == '$1' and c['identity'] == '$3']")
	expect_eq "$1 $3" "$got" "[[\"$2\", \"$4\", $5]]"
}

one docker.config-auth github-pat-classic x-access-token@ghcr.io \
    .docker/config.json 4
one docker.config-identity-token docker-identity-token quay.io \
    .docker/config.json 11
one docker.credential-helper docker-credential-helper index.docker.io \
    .docker/config.json 6
one docker.credential-helper docker-credential-helper \
    123456789012.dkr.ecr.us-east-1.amazonaws.com .docker/config.json 16
one podman.registry-token docker-registry-token registry.corp.test \
    .config/containers/auth.json 4
one helm.registry-auth github-pat-classic x-access-token@oci.corp.test \
    .config/helm/registry/config.json 1
one helm.repository-password helm-repository-password \
    erin@charts.corp.test .config/helm/repositories.yaml 10
one npm.auth-token npm-token registry.npmjs.org .npmrc 3
one npm.auth-token npm-token npm.corp.test projects/web/.npmrc 2
one yarn.auth-token npm-token npm.corp.test .yarnrc.yml 5
one pypi.pypirc-password pypi-token upload.pypi.org .pypirc 8
one pypi.pypirc-password pypi-password erin@pypi.corp.test .pypirc 13
one pip.index-url-credential python-index-credential erin@pypi.corp.test \
    .config/pip/pip.conf 3
one cargo.registry-token cargo-token crates.io .cargo/credentials.toml 2
one cargo.registry-token cargo-token corp .cargo/credentials.toml 5
one rubygems.api-key rubygems-api-key rubygems.org .gem/credentials 2
one rubygems.api-key rubygems-api-key gems.corp.test .gem/credentials 3
one maven.server-password maven-server-password erin@corp-releases \
    .m2/settings.xml 7
one maven.server-password maven-encrypted-password erin@corp-snapshots \
    .m2/settings.xml 12
one gradle.property-secret gradle-property-secret erin@ossrh \
    .gradle/gradle.properties 3
one gradle.property-secret gradle-property-secret signing \
    .gradle/gradle.properties 5
one nuget.cleartext-password nuget-password erin@nuget.corp.test \
    .nuget/NuGet/NuGet.Config 10
one composer.http-basic composer-credential erin@repo.corp.test \
    .config/composer/auth.json 5
one composer.token github-pat-classic github.com \
    .config/composer/auth.json 9

# 24 in all, the two helpers secretless; every one on the registry
# surface, every one write tier.
expect_eq "credentials" "$(jq_py "$R" "len(d['credentials'])")" 24
expect_eq "secretless" \
    "$(jq_py "$R" "sorted(c['kind'] for c in d['credentials'] if not c['redacted'])")" \
    '["docker-credential-helper", "docker-credential-helper"]'
expect_eq "surfaces" \
    "$(jq_py "$R" "sorted(set(c['surface'] for c in d['credentials']))")" \
    '["github", "registry"]'
expect_eq "tiers" \
    "$(jq_py "$R" "sorted(set(c['tier'] for c in d['credentials'] if c['surface'] == 'registry'))")" \
    '["write"]'

# npm_ and pypi- tokens are content-rule hits too: one credential each,
# named by the parser, one location each.
expect_eq "npm locations" \
    "$(jq_py "$R" "sorted(len(c['locations']) for c in d['credentials'] if c['kind'] == 'npm-token')")" \
    "[1, 1, 1]"

# Decoys: nothing from the commented-out, referenced or placeholder lines.
for s in PASS_13 PASS_27 PASS_28; do
	v=$(grep "^$s	" "$WORK/planted" | cut -f2)
	[ -n "$v" ] || fail "$s not planted"
done
expect_eq "decoy identities" \
    "$(jq_py "$R" "[c['identity'] for c in d['credentials'] if any(x in (c['identity'] or '') for x in ('old.corp.test', 'registry.example.test', 'npm.pkg.github.com', 'npm.example.test', 'mirror.corp.test', 'packages.example.test', 'docs', 'test.pypi.org'))]")" \
    "[]"

assert_no_secrets "$WORK/planted" "$R" "$WORK/r.txt" "$WORK/stdout" \
    "$WORK/stderr"
echo ok
