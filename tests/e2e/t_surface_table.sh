# t_surface_table.sh - `credatlas rules` prints the surface table as built: its
# modules are exactly those defined under scanners/surfaces/ (each once, in
# name order, in both the JSON and the text listing), and every rule id it
# prints, module or content rule, is printed once. tests/unit/
# test_registry.c checks the table itself.
. "$(dirname "$0")/lib.sh"

defined=$(grep -rhoE '^const struct ca_scanner ca_scanner_[a-z0-9_]+ = \{' \
    "$TOP/scanners/surfaces" | sed 's/^const struct ca_scanner ca_scanner_//; s/ = {$//' |
    LC_ALL=C sort)
[ -n "$defined" ] || fail "no module definitions found under scanners/surfaces"

"$CREDATLAS" rules --json >"$WORK/rules.json" || fail "credatlas rules --json failed"
listed=$(jq_py "$WORK/rules.json" "'\\n'.join(m['name'] for m in d['surfaces'])")
expect_eq "modules of rules --json (in order)" "$listed" "$defined"

"$CREDATLAS" rules >"$WORK/rules.txt" || fail "credatlas rules failed"
text=$(sed -n 's/^  \([a-z0-9_]*\) (surface .*/\1/p' "$WORK/rules.txt")
expect_eq "modules of rules (in order)" "$text" "$defined"

dups=$(jq_py "$WORK/rules.json" "' '.join(sorted(i for i in set(
    [r['id'] for m in d['surfaces'] for r in m['rules']] +
    [r['id'] for r in d['content_rules']])
    if ([r['id'] for m in d['surfaces'] for r in m['rules']] +
        [r['id'] for r in d['content_rules']]).count(i) > 1))")
expect_eq "rule ids printed twice" "$dups" ""

# the gcloud rules of shell rc files are gcp_env's, aws_env keeps AWS's
gcp=$(jq_py "$WORK/rules.json" "' '.join(r['id'] for m in d['surfaces'] if m['name'] == 'gcp_env' for r in m['rules'])")
expect_eq "gcp_env rules" "$gcp" "gcp_env.access-token gcp_env.external-account gcp_env.impersonation gcp_env.sa-key gcp_env.user-refresh-token"
aws=$(jq_py "$WORK/rules.json" "' '.join(r['kind'] for m in d['surfaces'] if m['name'] == 'aws_env' for r in m['rules'] if not r['kind'].startswith('aws-'))")
expect_eq "aws_env rules of other kinds" "$aws" ""
