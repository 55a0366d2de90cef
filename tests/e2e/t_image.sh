# t_image.sh - credatlas image: images built here by tests/e2e/mkimage.py
# (real sha256 digests, synthetic tokens from tokgen) as a docker-save
# tarball, an OCI layout directory (gzip layers) and an OCI archive (zstd
# layers). Checks that a secret added in one layer and deleted by a later
# whiteout, and one hidden by an opaque directory, are still reported with
# their layer and deleted = true; that a file kept to the end is not
# deleted and is owned by the image's own user; that the config's ENV and a
# BuildKit build arg are found; the scan.image facts (USER, layers,
# digests); hostile entries (traversal names, links outside, devices, bad
# names) refused with an error while the scan goes on and nothing is
# written anywhere; and that a corrupt, missing or truncated layer and a
# decompression bomb stop the scan with a clear error. No planted secret
# appears in any report.
. "$(dirname "$0")/lib.sh"

MK="$PY $TOP/tests/e2e/mkimage.py"
SECRETS=$WORK/planted
: >"$SECRETS"
cd "$WORK"

# scan_image SOURCE NAME [options]: scans into $WORK/NAME.json and .txt.
scan_image() {
	src=$1
	name=$2
	shift 2
	rc=0
	"$CREDATLAS" image "$src" -o "$WORK/$name.json" -o "$WORK/$name.txt" \
	    -o "$WORK/$name.sarif" --no-progress "$@" >"$WORK/$name.out" \
	    2>"$WORK/$name.err" || rc=$?
	[ "$rc" -eq 0 ] || fail "$name: image exited $rc: $(head -3 \
	    "$WORK/$name.err")"
}

# check_image NAME LAYERS FORMAT: the findings every build of the image
# has, LAYERS being the digests mkimage printed.
check_image() {
	$PY - "$WORK/$1.json" "$2" "$3" <<'PYEOF' || fail "$1: see above"
import json, sys
d = json.load(open(sys.argv[1]))
layers = open(sys.argv[2]).read().split()
fmt = sys.argv[3]
im = d["scan"]["image"]
bad = []
def eq(what, got, want):
    if got != want:
        bad.append("%s: got %r, want %r" % (what, got, want))
eq("format", im["format"], fmt)
eq("target", d["scan"]["target"]["type"], "image")
eq("user", im["user"], "app")
eq("platform", im["platform"], "linux/amd64")
eq("layers", im["layers"], layers)
eq("config digest", im["config_digest"][:7], "sha256:")
cfg = im["config_digest"]
got = sorted([c["rule"], l["path"], l.get("layer_index", -1),
              l.get("deleted"), l.get("layer")]
             for c in d["credentials"] for l in c["locations"])
want = sorted([
    ["gh.hosts-token", "/root/.config/gh/hosts.yml", 1, True, layers[1]],
    ["github.pat-classic", "/(image config)", -1, False, cfg],
    ["github.pat-classic", "/app/config/.env", 1, True, layers[1]],
    ["npm.auth-token", "/home/app/.npmrc", 0, False, layers[0]],
    ["npm.token", "/(image config)", -1, False, cfg]])
eq("findings", got, want)
# the image's own passwd names the owner of the kept .npmrc
eq("npmrc owner", [c["owner"]["user"] for c in d["credentials"]
                   if c["rule"] == "npm.auth-token"], ["app"])
# the config lines: ENV on line 2, the build arg in the history
# USER app (uid 1000) reads its own 0600 file and the 0644 one, not
# root's 0600 one; the config has no such field
eq("user_can_read", sorted(((l["path"], l.get("user_can_read"))
                           for c in d["credentials"] for l in c["locations"]),
                    key=str),
   sorted([("/root/.config/gh/hosts.yml", False), ("/(image config)", None),
           ("/app/config/.env", True), ("/home/app/.npmrc", True),
           ("/(image config)", None)], key=str))
eq("config lines", sorted(l["line"] for c in d["credentials"]
                          for l in c["locations"]
                          if l["path"] == "/(image config)"), [2, 6])
for b in bad:
    print("FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PYEOF
	# the text report says which layer and that the file is deleted
	grep -q "/root/.config/gh/hosts.yml:2 (layer 1, deleted)" \
	    "$WORK/$1.txt" || fail "$1: text report does not mark the deleted file"
	grep -q "/home/app/.npmrc:1 (layer 0)$" "$WORK/$1.txt" ||
	    fail "$1: text report does not name the layer of a kept file"
}

# 1. docker save (plain layers in a tarball)
$MK docker "$WORK/docker.tar" "$TOOLS/tokgen" "$SECRETS" >"$WORK/docker.layers"
scan_image "$WORK/docker.tar" docker
check_image docker "$WORK/docker.layers" docker-archive
expect_eq "docker reference" \
    "$(jq_py "$WORK/docker.json" "d['scan']['image']['reference']")" \
    example/agent-base:1.0
expect_eq "docker errors" "$(jq_py "$WORK/docker.json" "d['errors']")" "[]"
# /usr/share is installed software, passed over as in a --root scan
expect_eq "docker dep trees" \
    "$(jq_py "$WORK/docker.json" "[t['path'] for t in d['scan']['dependency_trees']]")" \
    '["/usr/share"]'

# SARIF results carry the layer and say the file is deleted
expect_eq "docker sarif deleted" "$($PY -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(sorted((r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              r["properties"].get("deleted"),
              "deleted by a later layer" in r["message"]["text"])
             for r in d["runs"][0]["results"]))' "$WORK/docker.sarif")" \
    "[('%28image%20config%29', False, False), ('%28image%20config%29', False, False), ('app/config/.env', True, True), ('home/app/.npmrc', False, False), ('root/.config/gh/hosts.yml', True, True)]"

# a report read back keeps the image fields of each location (the
# service is not read back, before or after images)
"$CREDATLAS" report "$WORK/docker.json" -f json -o "$WORK/back.json" ||
    fail "report could not read back the image report"
expect_eq "read back" "$($PY -c 'import json,sys
def locs(p):
    keys = ("path", "line", "layer", "layer_index", "deleted", "user_can_read")
    return sorted(json.dumps([l.get(k) for k in keys])
                  for c in json.load(open(p))["credentials"] for l in c["locations"])
print(locs(sys.argv[1]) == locs(sys.argv[2]))' "$WORK/docker.json" "$WORK/back.json")" True

# `scan --image` is the same scan
rc=0
"$CREDATLAS" scan --image "$WORK/docker.tar" -o "$WORK/scan-image.json" -q ||
    rc=$?
expect_eq "scan --image exit" "$rc" 0
expect_eq "scan --image credentials" \
    "$(jq_py "$WORK/scan-image.json" "len(d['credentials'])")" 5

# 2. an OCI layout directory, gzip layers
$MK oci "$WORK/oci" "$TOOLS/tokgen" "$SECRETS" >"$WORK/oci.layers"
scan_image "$WORK/oci" oci
check_image oci "$WORK/oci.layers" oci-dir
expect_eq "oci manifest digest" \
    "$(jq_py "$WORK/oci.json" "d['scan']['image']['manifest_digest'][:7]")" \
    sha256:

# 3. an OCI archive, zstd layers, with a layer of hostile entries
$MK oci-archive "$WORK/hostile.tar" "$TOOLS/tokgen" "$SECRETS" --zstd \
    --hostile >"$WORK/hostile.layers"
# Scanned from deep inside an empty tree: an entry unpacked anywhere
# would land in it (../escape.txt beside the working directory).
mkdir -p "$WORK/cwd/a/b"
(cd "$WORK/cwd/a/b" && scan_image "$WORK/hostile.tar" hostile)
check_image hostile "$WORK/hostile.layers" oci-archive
expect_eq "nothing written outside" \
    "$(find "$WORK/cwd" ! -type d | wc -l)" 0
for f in /escape.txt /up.txt /abs/inside.txt "$WORK/escape.txt" \
    "$WORK/up.txt"; do
	[ ! -e "$f" ] || fail "hostile: $f was written"
done
E=$WORK/hostile.json
errs=$(jq_py "$E" "sorted(e['error'] for e in d['errors'])")
for want in "entry '../escape.txt' refused: name has a '..' component" \
    "entry './a/../../up.txt' refused: name has a '..' component" \
    "hard link points outside the image" \
    "device, FIFO or socket entry" \
    "name holds a control character" \
    "name is not valid UTF-8"; do
	case $errs in
	*"$want"*) ;;
	*) fail "hostile: no error '$want' in $errs" ;;
	esac
done
expect_eq "hostile devices" \
    "$(jq_py "$E" "sorted(e['path'] for e in d['errors'] if 'FIFO' in e['error'])")" \
    '["/dev-fifo", "/dev-null"]'
# the traversal entries' tokens are not read, anywhere
expect_eq "hostile credentials" "$(jq_py "$E" "len(d['credentials'])")" 5

# 4. a layer whose bytes do not match its digest: fatal for the image
$MK oci "$WORK/corrupt" "$TOOLS/tokgen" "$SECRETS" --corrupt >/dev/null
rc=0
"$CREDATLAS" image "$WORK/corrupt" -q -o "$WORK/corrupt.json" \
    2>"$WORK/corrupt.err" || rc=$?
expect_eq "corrupt exit" "$rc" 2
grep -q "layer 1 does not match its digest sha256:" "$WORK/corrupt.err" ||
    fail "corrupt: $(cat "$WORK/corrupt.err")"
[ ! -e "$WORK/corrupt.json" ] || fail "corrupt: a report was written"
$MK docker "$WORK/corrupt.tar" "$TOOLS/tokgen" "$SECRETS" --corrupt >/dev/null
rc=0
"$CREDATLAS" image "$WORK/corrupt.tar" -q 2>"$WORK/corrupt2.err" || rc=$?
expect_eq "corrupt docker exit" "$rc" 2
grep -q "does not match its digest" "$WORK/corrupt2.err" ||
    fail "corrupt docker: $(cat "$WORK/corrupt2.err")"

# 5. a manifest naming a blob that is not there
$MK oci "$WORK/missing" "$TOOLS/tokgen" "$SECRETS" --missing >/dev/null
rc=0
"$CREDATLAS" image "$WORK/missing" -q 2>"$WORK/missing.err" || rc=$?
expect_eq "missing exit" "$rc" 2
grep -q "layer 1 (sha256:[0-9a-f]*) is missing" "$WORK/missing.err" ||
    fail "missing: $(cat "$WORK/missing.err")"

# 6. a truncated gzip layer (its digest matches the cut bytes)
$MK oci "$WORK/trunc" "$TOOLS/tokgen" "$SECRETS" --truncate >/dev/null
rc=0
"$CREDATLAS" image "$WORK/trunc" -q 2>"$WORK/trunc.err" || rc=$?
expect_eq "truncated exit" "$rc" 2
grep -q "truncated gzip input" "$WORK/trunc.err" ||
    fail "truncated: $(cat "$WORK/trunc.err")"

# 7. a decompression bomb: 64 MiB of zeros in a small gzip layer
$MK oci "$WORK/bomb" "$TOOLS/tokgen" "$SECRETS" --big 67108864 >/dev/null
[ "$(du -sk "$WORK/bomb" | cut -f1)" -lt 1024 ] ||
    fail "bomb: the fixture is not small"
rc=0
"$CREDATLAS" image "$WORK/bomb" -q --max-image-size 16M \
    2>"$WORK/bomb.err" || rc=$?
expect_eq "bomb exit" "$rc" 2
grep -q "larger than --max-image-size" "$WORK/bomb.err" ||
    fail "bomb: $(cat "$WORK/bomb.err")"

# 8. usage: one SOURCE; no PATH or --root beside an image
rc=0
"$CREDATLAS" image -q 2>"$WORK/usage.err" || rc=$?
expect_eq "no source exit" "$rc" 2
rc=0
"$CREDATLAS" scan --image "$WORK/oci" --root / -q 2>"$WORK/usage.err" ||
    rc=$?
expect_eq "image with --root exit" "$rc" 2
rc=0
"$CREDATLAS" image /etc/hostname -q 2>"$WORK/usage.err" || rc=$?
expect_eq "not an image exit" "$rc" 2
grep -q "neither a tar archive nor an OCI layout" "$WORK/usage.err" ||
    fail "not an image: $(cat "$WORK/usage.err")"

# 9. every surface module sees an image as it sees a root: the fixture
# homes of testdata/homes, as a directory scanned with --root and as the
# one layer of an image, give the same credentials at the same places
ROOT=$WORK/homes-root
mkdir -p "$ROOT/etc" "$ROOT/home"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$ROOT/etc/passwd"
uid=2000
for fixture in "$TOP"/testdata/homes/*/; do
	name=$(basename "$fixture")
	materialize "homes/$name" "$ROOT/home/$name"
	cat "$ROOT/home/$name.secrets" >>"$SECRETS"
	rm -f "$ROOT/home/$name.secrets"
	if [ -f "$TOP/testdata/homes/$name.mk.py" ]; then
		$PY "$TOP/testdata/homes/$name.mk.py" "$ROOT/home/$name" \
		    "$TOOLS/tokgen" >>"$SECRETS"
	fi
	printf '%s:x:%d:%d::/home/%s:/bin/sh\n' "$name" $uid $uid "$name" \
	    >>"$ROOT/etc/passwd"
	uid=$((uid + 1))
done
$MK --from-dir "$ROOT" "$WORK/homes-image"
rc=0
"$CREDATLAS" scan --root "$ROOT" -q -o "$WORK/homes-dir.json" || rc=$?
[ "$rc" -le 1 ] || fail "homes: scan --root exited $rc"
rc=0
"$CREDATLAS" image "$WORK/homes-image" -q -o "$WORK/homes-image.json" ||
    rc=$?
[ "$rc" -le 1 ] || fail "homes: image exited $rc"
$PY - "$WORK/homes-dir.json" "$WORK/homes-image.json" <<'PYEOF' ||
import json, sys
def places(path):
    d = json.load(open(path))
    return sorted((c["id"], c["kind"], c["rule"], c["tier"], c["risk"],
                   c["owner"]["user"], l["path"], l["line"])
                  for c in d["credentials"] for l in c["locations"])
a, b = places(sys.argv[1]), places(sys.argv[2])
for x in sorted(set(a) - set(b)):
    print("only in the directory scan:", x, file=sys.stderr)
for x in sorted(set(b) - set(a)):
    print("only in the image scan:", x, file=sys.stderr)
if len(a) < 50:
    print("too few places: %d" % len(a), file=sys.stderr)
sys.exit(0 if a == b and len(a) >= 50 else 1)
PYEOF
    fail "homes: the image and the directory scans differ"

# the JSON reports against the schema (Debian's python3 has jsonschema)
SYSPY=/usr/bin/python3
if "$SYSPY" -c 'import jsonschema' 2>/dev/null; then
	"$SYSPY" - "$TOP/schema/credatlas-report.schema.json" "$WORK/docker.json" \
	    "$WORK/oci.json" "$WORK/hostile.json" <<'PYEOF' || fail "schema"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
v = jsonschema.Draft202012Validator(schema,
                                    format_checker=jsonschema.FormatChecker())
bad = 0
for path in sys.argv[2:]:
    for e in v.iter_errors(json.load(open(path))):
        print("FAIL: %s: %s at %s" % (path, e.message, list(e.absolute_path)),
              file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
PYEOF
else
	fail "python3-jsonschema is missing for $SYSPY (scripts/deps.sh --test)"
fi

# nothing planted shows in any report
assert_no_secrets "$SECRETS" "$WORK"/*.json "$WORK"/*.txt "$WORK"/*.sarif \
    "$WORK"/*.out "$WORK"/*.err
echo "t_image: ok"
