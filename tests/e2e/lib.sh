# lib.sh - shared helpers for the end-to-end tests (sourced).
# Every test runs with HOME pointing at a fresh temporary directory, so no
# test ever reads the real home of whoever runs it.
set -eu

: "${CREDATLAS:?set CREDATLAS to the binary}"
: "${TOOLS:?set TOOLS to the test tools directory}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON:-python3}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/credatlas-e2e.XXXXXX")
cleanup() {
	chmod -R u+rwx "$WORK" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT
export HOME="$WORK/runner-home"
mkdir -p "$HOME"
unset XDG_CONFIG_HOME NO_COLOR || true

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# materialize FIXTURE DEST: copy testdata/FIXTURE with secrets planted.
materialize() {
	$PY "$TOP/tests/e2e/materialize.py" "$TOP/testdata/$1" "$2" \
	    "$TOOLS/tokgen"
}

# jq_py FILE EXPR: evaluates a python expression over the JSON document
# 'd' and prints the result.
jq_py() {
	$PY -c 'import json,sys
d=json.load(open(sys.argv[1]))
r=eval(sys.argv[2])
print(r if not isinstance(r,(list,dict)) else json.dumps(r, sort_keys=True))' "$1" "$2"
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# assert_no_secrets SECRETS_FILE FILE...: no planted secret appears in any
# of the files, whole or as any 12-character piece. The only piece a
# report may show is its redacted preview (a known prefix and at most four
# more characters): previews are taken from the "redacted" fields of any
# JSON report among the files, and from the text before each ellipsis in
# each file (the redaction gate's previews of secrets found in other
# fields); pieces lying wholly inside the preview they start are allowed.
assert_no_secrets() {
	secrets_file=$1
	shift
	$PY - "$secrets_file" "$@" <<'PYEOF'
import json, sys
secrets = [l.rstrip("\n").split("\t", 1) for l in open(sys.argv[1]) if "\t" in l]
previews = set()
for path in sys.argv[2:]:
    try:
        doc = json.load(open(path, encoding="utf-8"))
    except Exception:
        continue
    for c in doc.get("credentials", []) if isinstance(doc, dict) else []:
        if c.get("redacted"):
            previews.add(c["redacted"].rstrip("\u2026"))
# The redaction gate writes a secret found in any other field as the same
# kind of preview, followed by an ellipsis: the bytes before each ellipsis
# in a file are previews too.
# (SARIF percent-encodes it in URIs).
def gate_previews(data):
    heads = set()
    for ell in ("\u2026".encode(), b"%E2%80%A6"):
        i = data.find(ell)
        while i >= 0:
            chunk = data[max(0, i - 40):i]
            for j in range(len(chunk)):
                heads.add(chunk[j:])
            i = data.find(ell, i + 1)
    return heads
bad = 0
for path in sys.argv[2:]:
    data = open(path, "rb").read()
    heads = gate_previews(data)
    for name, s in secrets:
        shown = max([len(p) for p in previews if p and s.startswith(p)] + [0])
        shown = max([k for k in range(1, min(len(s), 37) + 1)
                     if s[:k].encode() in heads] + [shown])
        if shown > 36:
            print(f"LEAK: the preview of {name} shows {shown} characters",
                  file=sys.stderr)
            bad = 1
        pieces = [(0, s)] + [(i, s[i:i + 12]) for i in range(0, max(1, len(s) - 11), 3)]
        for i, p in pieces:
            if len(p) < 10 or i + len(p) <= shown:
                continue
            # a public prefix shared with another credential's preview
            if any(p in q for q in previews):
                continue
            if p.encode() in data:
                # name the planted secret by its label only
                print(f"LEAK: planted secret {name} appears in {path}",
                      file=sys.stderr)
                bad = 1
                break
sys.exit(bad)
PYEOF
}
