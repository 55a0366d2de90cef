# t_ci.sh - heidi's home (testdata/homes/heidi): GitHub Actions workflows
# of one repository, a GitLab pipeline with a local include, a self-hosted
# runner directory, a gitlab-runner config.toml, a Jenkins home, a
# Buildkite agent config, and CircleCI, Travis CI, Drone and Azure
# Pipelines files. Checks that every CI credential is found with its rule,
# kind, tier and line (effective permissions, OIDC roles linked from the
# token that federates to them, secret names, the pwn request, secrets
# written into a workflow, runner registration and tokens with expiry),
# that the decoys are not (a workflow granting nothing, a YAML file that
# is no workflow, a placeholder runner token, `changeme`), that an alias
# bomb is refused quickly, and that no planted secret appears in any
# output.
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
H=/home/heidi
mkdir -p "$ROOT/etc" "$ROOT/home"
printf 'root:x:0:0:root:/root:/bin/sh\nheidi:x:2008:2008::/home/heidi:/bin/sh\n' \
    >"$ROOT/etc/passwd"
materialize homes/heidi "$ROOT$H"
mv "$ROOT$H.secrets" "$WORK/planted"
# Jenkins writes 512 hex digits; made here, and planted like the rest
key=$($PY -c 'import secrets; print(secrets.token_hex(256))')
printf '%s' "$key" >"$ROOT$H/.jenkins/secrets/master.key"
printf 'MASTER_KEY_1\t%s\n' "$key" >>"$WORK/planted"

# a package's own workflow inside installed software is its authors'
DEP=$ROOT$H/src/webapp/node_modules/left-pad/.github/workflows
mkdir -p "$DEP"
printf 'on: push\npermissions: write-all\njobs:\n  a:\n    steps:\n      - run: ${{ secrets.NPM_PUBLISH }}\n' \
    >"$DEP/publish.yml"

rc=0
"$CREDATLAS" scan -v --root "$ROOT" -o "$WORK/r.json" -o "$WORK/r.txt" \
    -o "$WORK/r.sarif" >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc: $(head -5 "$WORK/stderr")"
R=$WORK/r.json

expect_eq "scan errors" "$(jq_py "$R" "d['errors']")" "[]"

WF=src/webapp/.github/workflows
expect_eq "findings" \
    "$(jq_py "$R" "sorted([c['rule'], c['kind'], c['tier'], c['locations'][0]['path'].split('$H/')[-1], c['locations'][0]['line'] or 0] for c in d['credentials'])")" \
    "$($PY -c 'import json; print(json.dumps(sorted([
 ["gha_runner.registration", "gha-runner-registration", "secret", "actions-runner/.credentials_rsaparams", 0],
 ["gha_workflow.hardcoded-secret", "ci-hardcoded-secret", "write", "'$WF'/release.yml", 8],
 ["gha_workflow.hardcoded-secret", "ci-hardcoded-secret", "write", "'$WF'/release.yml", 22],
 ["github.pat-classic", "github-pat-classic", "admin", "'$WF'/release.yml", 18],
 ["gha_workflow.oidc-role", "ci-oidc-role", "admin", "'$WF'/deploy.yml", 17],
 ["gha_workflow.oidc-role", "ci-oidc-role", "admin", "'$WF'/deploy.yml", 25],
 ["gha_workflow.oidc-role", "ci-oidc-role", "admin", "'$WF'/deploy.yml", 34],
 ["gha_workflow.secret-ref", "ci-secret-ref", "write", "'$WF'/ci.yml", 26],
 ["gha_workflow.secret-ref", "ci-secret-ref", "write", "'$WF'/ci.yml", 27],
 ["gha_workflow.secret-ref", "ci-secret-ref", "write", "'$WF'/pr-target.yml", 15],
 ["gha_workflow.secrets-inherit", "ci-secret-ref", "write", "'$WF'/reusable.yaml", 20],
 ["gha_workflow.token", "ci-workflow-token", "read", "'$WF'/ci.yml", 8],
 ["gha_workflow.token", "ci-workflow-token", "admin", "'$WF'/deploy.yml", 7],
 ["gha_workflow.token", "ci-workflow-token", "write", "'$WF'/pr-target.yml", 6],
 ["gha_workflow.token", "ci-workflow-token", "admin", "'$WF'/release.yml", 4],
 ["gha_workflow.token", "ci-workflow-token", "write", "'$WF'/reusable.yaml", 5],
 ["gha_workflow.untrusted-checkout", "ci-untrusted-checkout", "write", "'$WF'/pr-target.yml", 10],
 ["gitlab_runner.cache-secret", "ci-hardcoded-secret", "write", ".gitlab-runner/config.toml", 22],
 ["gitlab_runner.token", "gitlab-runner-token", "secret", ".gitlab-runner/config.toml", 12],
 ["gitlab_runner.token", "gitlab-runner-token", "secret", ".gitlab-runner/config.toml", 34],
 ["gitlab_ci.hardcoded-secret", "ci-hardcoded-secret", "write", "src/infra/.gitlab-ci.yml", 10],
 ["gitlab_ci.hardcoded-secret", "ci-hardcoded-secret", "write", "src/infra/ci/deploy.yml", 19],
 ["gitlab_ci.id-token", "ci-oidc-role", "admin", "src/infra/ci/deploy.yml", 4],
 ["gitlab_ci.id-token", "ci-oidc-role", "admin", "src/infra/ci/deploy.yml", 6],
 ["gitlab_ci.job-token", "ci-workflow-token", "write", "src/infra/.gitlab-ci.yml", 17],
 ["gitlab_ci.secret-ref", "ci-secret-ref", "write", "src/infra/ci/deploy.yml", 9],
 ["gitlab_ci.secret-ref", "ci-secret-ref", "write", "src/infra/ci/deploy.yml", 12],
 ["jenkins.credential", "jenkins-credential", "secret", ".jenkins/credentials.xml", 14],
 ["jenkins.credential", "jenkins-credential", "secret", ".jenkins/credentials.xml", 21],
 ["jenkins.credential", "jenkins-credential", "secret", ".jenkins/credentials.xml", 28],
 ["jenkins.master-key", "jenkins-master-key", "secret", ".jenkins/secrets/master.key", 1],
 ["jenkins.user-api-token", "jenkins-credential", "secret", ".jenkins/users/heidi_1234/config.xml", 8],
 ["other_ci.buildkite-agent-token", "buildkite-agent-token", "secret", ".buildkite-agent/buildkite-agent.cfg", 2],
 ["other_ci.circleci-context", "ci-secret-ref", "write", "src/mobile/.circleci/config.yml", 23],
 ["other_ci.circleci-context", "ci-secret-ref", "write", "src/mobile/.circleci/config.yml", 23],
 ["other_ci.circleci-hardcoded-secret", "ci-hardcoded-secret", "write", "src/mobile/.circleci/config.yml", 10],
 ["other_ci.travis-hardcoded-secret", "ci-hardcoded-secret", "write", "src/mobile/.travis.yml", 6],
 ["other_ci.travis-secure", "ci-secret-ref", "write", "src/mobile/.travis.yml", 5],
 ["other_ci.travis-secure", "ci-secret-ref", "write", "src/mobile/.travis.yml", 10],
 ["other_ci.drone-secret", "ci-secret-ref", "write", "src/mobile/.drone.yml", 8],
 ["other_ci.azure-variable-group", "ci-secret-ref", "write", "src/mobile/azure-pipelines.yml", 3],
 ["other_ci.azure-service-connection", "ci-oidc-role", "admin", "src/mobile/azure-pipelines.yml", 7],
 ["jenkins.credential-ref", "ci-secret-ref", "secret", "src/infra/Jenkinsfile", 4],
 ["jenkins.credential-ref", "ci-secret-ref", "secret", "src/infra/Jenkinsfile", 9],
 ["jenkins.credential-ref", "ci-secret-ref", "secret", "src/infra/Jenkinsfile", 12]])))')"

# field FIELD RULE LINE: a field of the credential of RULE at LINE
field() {
	jq_py "$R" "[c['$1'] for c in d['credentials'] if c['rule'] == '$2' and c['locations'][0]['line'] == $3]"
}

# the permissions a workflow's jobs get, and where its tier comes from
expect_eq "ci.yml scopes" "$(field scopes gha_workflow.token 8)" '[["contents:read"]]'
expect_eq "release.yml scopes" "$(field scopes gha_workflow.token 4)" '[["write-all"]]'
expect_eq "pr-target.yml scopes" "$(field scopes gha_workflow.token 6)" \
    '[["default (assumed write)", "pull-requests:write"]]'
expect_eq "reusable.yaml scopes" "$(field scopes gha_workflow.token 5)" \
    '[["contents:write", "default (assumed write)", "packages:write"]]'
expect_eq "deploy.yml links" \
    "$(jq_py "$R" "sorted(l['ref'] for c in d['credentials'] if c['rule'] == 'gha_workflow.token' and c['locations'][0]['line'] == 7 for l in c['links'])")" \
    '["ci-oidc:aws:arn:aws:iam::123456789012:role/webapp-deploy", "ci-oidc:azure:00000000-1111-2222-3333-444444444444", "ci-oidc:gcp:deployer@webapp-prod.iam.gserviceaccount.com"]'
expect_eq "deploy.yml tier inherited" \
    "$(jq_py "$R" "any('inherited through link' in r for c in d['credentials'] if c['rule'] == 'gha_workflow.token' and c['locations'][0]['line'] == 7 for r in c['reasons'])")" \
    True
expect_eq "reusable.yaml reasons" \
    "$(jq_py "$R" "[r for c in d['credentials'] if c['rule'] == 'gha_workflow.token' and c['locations'][0]['line'] == 5 for r in c['reasons'] if r.startswith('GITHUB_TOKEN')]")" \
    '["GITHUB_TOKEN of 2 jobs; no permissions block for call: the repository default applies (assumed write); secrets: inherit; self-hosted runner for build; third-party actions pinned by tag, not commit: docker/login-action@v3, heidi-corp/shared-workflows/.github/workflows/release.yml@main"]'
expect_eq "identities" \
    "$(jq_py "$R" "sorted(c['identity'] for c in d['credentials'] if c['kind'] in ('ci-oidc-role', 'gha-runner-registration', 'gitlab-runner-token', 'ci-untrusted-checkout') and not c['rule'].startswith('gitlab_ci.'))")" \
    '["/home/heidi/src/webapp job preview of workflow pr-target.yml", "AWS role arn:aws:iam::123456789012:role/webapp-deploy", "Azure Pipelines service connection mobile-prod-arm", "Azure client 00000000-1111-2222-3333-444444444444 (tenant aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee)", "GCP service account deployer@webapp-prod.iam.gserviceaccount.com via projects/123456/locations/global/workloadIdentityPools/github/providers/webapp", "runner heidi-build-01 @ https://github.com/heidi-corp/webapp (pool Default)", "runner heidi-docker @ https://gitlab.corp.test", "runner heidi-shell-legacy @ https://gitlab.com/"]'
expect_eq "runner token expiry" "$(field expires gitlab_runner.token 12)" '["2027-01-10T09:00:00Z"]'
expect_eq "legacy token standing" "$(field expires gitlab_runner.token 34)" '[null]'
expect_eq "secret names" \
    "$(jq_py "$R" "sorted(c['identity'].split()[1] for c in d['credentials'] if c['rule'] == 'gha_workflow.secret-ref')")" \
    '["CODECOV_TOKEN", "NPM_READ_TOKEN", "PREVIEW_DEPLOY_KEY"]'
# a Jenkinsfile's binding takes the tier of the stored credential
expect_eq "jenkinsfile links" \
    "$(jq_py "$R" "sorted(l['ref'] for c in d['credentials'] if c['rule'] == 'jenkins.credential-ref' for l in c['links'] if l['to'])")" \
    '["jenkins-credential:git-ssh", "jenkins-credential:nexus-deploy", "jenkins-credential:slack-webhook"]'
expect_eq "jenkins identities" \
    "$(jq_py "$R" "sorted(c['identity'] for c in d['credentials'] if c['rule'].startswith('jenkins.') and c['rule'] != 'jenkins.credential-ref')")" \
    '["Jenkins API token of user heidi_1234", "Jenkins credential git-ssh", "Jenkins credential nexus-deploy for deployer", "Jenkins credential slack-webhook", "Jenkins master key of /home/heidi/.jenkins"]'
expect_eq "gitlab external secrets" \
    "$(jq_py "$R" "sorted(c['identity'] for c in d['credentials'] if c['rule'] in ('gitlab_ci.secret-ref', 'gitlab_ci.id-token'))")" \
    '["GitLab ID token AWS_ID_TOKEN for sts.amazonaws.com", "GitLab ID token VAULT_ID_TOKEN for https://vault.corp.test", "Vault secret payments/stripe/secret_key (as STRIPE_KEY)", "Vault secret production/db/password@ops (as DATABASE_PASSWORD)"]'
expect_eq "secretless" \
    "$(jq_py "$R" "sorted(set(c['kind'] for c in d['credentials'] if not c['redacted']))")" \
    '["ci-oidc-role", "ci-secret-ref", "ci-untrusted-checkout", "ci-workflow-token"]'

# a runner or a workflow names a service, not a person: the owner comes
# from the file
expect_eq "owner sources" \
    "$(jq_py "$R" "sorted(set(c['owner']['source'] for c in d['credentials'] if c['kind'] != 'github-pat-classic'))")" \
    '["file-uid"]'

# decoys: nothing from notes.yml (permissions: {}), not-a-workflow.yml
# or the package's workflow
expect_eq "decoy files" \
    "$(jq_py "$R" "[c['rule'] for c in d['credentials'] for l in c['locations'] if l['path'].endswith(('notes.yml', 'not-a-workflow.yml')) or 'node_modules' in l['path']]")" \
    "[]"
# ... which --include-deps reads
"$CREDATLAS" scan --include-deps --root "$ROOT" -o "$WORK/deps.json" \
    >/dev/null 2>&1 || true
expect_eq "package workflow with --include-deps" \
    "$(jq_py "$WORK/deps.json" "sorted(c['rule'] for c in d['credentials'] if 'node_modules' in c['locations'][0]['path'])")" \
    '["gha_workflow.secret-ref", "gha_workflow.token"]'

# an alias bomb among the workflows: refused with one warning, quickly
BOMB=$ROOT$H/src/bomb/.github/workflows
mkdir -p "$BOMB"
$PY - "$BOMB/bomb.yml" <<'PYEOF'
import sys
y = "on: push\nx0: &a0 [%s]\n" % ", ".join(["lol"] * 10)
for i in range(1, 9):
    y += "x%d: &a%d [%s]\n" % (i, i, ", ".join(["*a%d" % (i - 1)] * 10))
y += "jobs:\n  a:\n    steps: *a8\n"
open(sys.argv[1], "w").write(y)
PYEOF
start=$(date +%s)
rc=0
"$CREDATLAS" scan --root "$ROOT" -o "$WORK/b.json" >/dev/null 2>&1 || rc=$?
[ "$rc" -le 1 ] || fail "bomb scan exited $rc"
[ $(($(date +%s) - start)) -lt 20 ] || fail "alias bomb took too long"
expect_eq "bomb warning" \
    "$(jq_py "$WORK/b.json" "[e['error'][:54] for e in d['errors']]")" \
    '["gha_workflow: workflow too large once its aliases are "]'

assert_no_secrets "$WORK/planted" "$R" "$WORK/r.txt" "$WORK/r.sarif" \
    "$WORK/stdout" "$WORK/stderr" "$WORK/b.json"
echo ok
