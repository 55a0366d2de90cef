# t_image_pull.sh - credatlas image REF: pulls from a real registry,
# Debian's docker-registry, started here on a free loopback port (plain
# http, which a pull falls back to after its TLS handshake fails; storage
# in the test's directory), the fixture image of
# tests/e2e/mkimage.py pushed to it with skopeo. Checks that a pull finds
# what the scan of the same image as a local OCI layout finds (the
# deleted-layer secrets and the ENV secret included), with the same
# digests and layers in the scan metadata; a pull by digest; a
# multi-platform index resolved with --platform; a blob tampered with in
# the registry's storage (a fatal digest mismatch); then a second registry
# with htpasswd basic auth: a clear error without a login, a pull with
# --registry-user and --registry-password-stdin and one with the login of
# a docker config.json in HOME, a refused wrong password; a TLS registry
# with a private CA (--ca-file, and no fallback to http without it); the
# bearer-token flow (with a retried 503 and blobs redirected to another host, which
# must not see the token) against tests/e2e/fake_registry.py; and that no
# planted secret or password shows in any report or message. Skips (and
# says so) only when docker-registry, skopeo, htpasswd or openssl is missing, and
# not even then under CI.
. "$(dirname "$0")/lib.sh"

for bin in docker-registry skopeo htpasswd openssl; do
	if ! command -v "$bin" >/dev/null 2>&1; then
		[ -z "${CI:-}" ] || fail "$bin is missing (scripts/deps.sh --test)"
		echo "SKIP: t_image_pull: $bin is not installed"
		exit 0
	fi
done

MK="$PY $TOP/tests/e2e/mkimage.py"
SECRETS=$WORK/planted
: >"$SECRETS"
PIDS=""
stop_registries() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	cleanup
}
trap stop_registries EXIT
[ -z "${KEEP_WORK:-}" ] || trap "for p in \$PIDS; do kill \$p; done" EXIT
cd "$WORK"

free_port() {
	$PY -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# start_registry NAME [AUTH_YAML [HTTP_YAML]]: a docker-registry on a free
# loopback port, storage in $WORK/NAME-store; sets PORT.
start_registry() {
	PORT=$(free_port)
	cat >"$WORK/$1.yml" <<EOF
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $WORK/$1-store
http:
  addr: 127.0.0.1:$PORT
${3:-}
${2:-}
EOF
	docker-registry serve "$WORK/$1.yml" >"$WORK/$1.log" 2>&1 &
	PIDS="$PIDS $!"
	i=0
	until $PY -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' \
	    "$PORT" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || fail "$1: the registry did not start: \
$(cat "$WORK/$1.log")"
		sleep 0.1
	done
}

# pull NAME REF [options]: credatlas image REF into $WORK/NAME.json;
# the exit status in $rc, messages in $WORK/NAME.err.
pull() {
	name=$1
	shift
	rc=0
	"$CREDATLAS" image "$@" -o "$WORK/$name.json" -o "$WORK/$name.txt" \
	    --no-progress >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
}

# pulled NAME WHAT: the pull NAME exited 0, else its messages are shown.
pulled() {
	[ "$rc" -eq 0 ] || fail "$2: exit $rc: $(head -5 "$WORK/$1.err")"
}

# same_findings A B: the two reports hold the same credentials at the
# same places, layers and deletions.
same_findings() {
	$PY - "$WORK/$1.json" "$WORK/$2.json" <<'PYEOF' || fail "$1 and $2 differ"
import json, sys
def places(path):
    d = json.load(open(path))
    return sorted((c["id"], c["rule"], l["path"], l["line"],
                   l.get("layer"), l.get("layer_index"), l.get("deleted"))
                  for c in d["credentials"] for l in c["locations"])
a, b = places(sys.argv[1]), places(sys.argv[2])
for x in sorted(set(a) - set(b)):
    print("only in", sys.argv[1], x, file=sys.stderr)
for x in sorted(set(b) - set(a)):
    print("only in", sys.argv[2], x, file=sys.stderr)
sys.exit(0 if a == b and len(a) == 5 else 1)
PYEOF
}

# The image, and its scan as a local OCI layout.
$MK oci "$WORK/oci" "$TOOLS/tokgen" "$SECRETS" >"$WORK/oci.layers"
pull local "$WORK/oci"
pulled local "local scan"

# 1. a registry without auth; the image pushed by skopeo
start_registry open
OPEN=127.0.0.1:$PORT
skopeo --insecure-policy copy --quiet --preserve-digests \
    --dest-tls-verify=false "oci:$WORK/oci" "docker://$OPEN/agent/base:1.0" \
    >"$WORK/push.log" 2>&1 || fail "skopeo push: $(cat "$WORK/push.log")"
pull open "$OPEN/agent/base:1.0"
pulled open "pull"
same_findings local open
$PY - "$WORK/local.json" "$WORK/open.json" "$OPEN/agent/base:1.0" <<'PYEOF' ||
import json, sys
loc = json.load(open(sys.argv[1]))["scan"]["image"]
im = json.load(open(sys.argv[2]))["scan"]["image"]
bad = []
def eq(what, got, want):
    if got != want:
        bad.append("%s: got %r, want %r" % (what, got, want))
eq("format", im["format"], "registry")
eq("reference", im["reference"], sys.argv[3])
for k in ("manifest_digest", "config_digest", "platform", "user", "layers"):
    eq(k, im[k], loc[k])
eq("layer count", len(im["layers"]), 3)
for b in bad:
    print("FAIL:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PYEOF
	fail "pull: the scan metadata differs from the local image's"
# the deleted-layer secrets and the ENV secret are there
expect_eq "deleted and config findings" "$(jq_py "$WORK/open.json" \
    "sorted((l['path'], l.get('deleted')) for c in d['credentials'] for l in c['locations'] if l.get('deleted') or l['path'] == '/(image config)')")" \
    '[["/(image config)", false], ["/(image config)", false], ["/app/config/.env", true], ["/root/.config/gh/hosts.yml", true]]'
grep -q "/root/.config/gh/hosts.yml:2 (layer 1, deleted)" "$WORK/open.txt" ||
    fail "pull: the text report does not mark the deleted file"
grep -q "inventory of image $OPEN/agent/base:1.0" "$WORK/open.txt" ||
    fail "pull: the text report does not name the reference"

# by digest, with the docker:// prefix
DIGEST=$(jq_py "$WORK/open.json" "d['scan']['image']['manifest_digest']")
pull bydigest "docker://$OPEN/agent/base@$DIGEST"
pulled bydigest "pull by digest"
same_findings local bydigest
expect_eq "pull by digest reference" \
    "$(jq_py "$WORK/bydigest.json" "d['scan']['image']['reference']")" \
    "$OPEN/agent/base@$DIGEST"
# a tag the registry does not have
pull notag "$OPEN/agent/base:2.0"
expect_eq "unknown tag exit" "$rc" 2
grep -q "manifest '2.0' from '$OPEN': not found (HTTP 404)" "$WORK/notag.err" ||
    fail "unknown tag: $(cat "$WORK/notag.err")"
[ ! -e "$WORK/notag.json" ] || fail "unknown tag: a report was written"

# 2. a multi-platform index: the fixture for linux/amd64, and a variant
# for linux/arm64 whose config says so (same layers)
cp -r "$WORK/oci" "$WORK/multi"
$PY - "$WORK/multi" <<'PYEOF' || fail "could not build the index"
import hashlib, json, os, sys
root = sys.argv[1]
def blob(digest):
    return open(os.path.join(root, "blobs/sha256", digest[7:]), "rb").read()
def put(data):
    d = "sha256:" + hashlib.sha256(data).hexdigest()
    open(os.path.join(root, "blobs/sha256", d[7:]), "wb").write(data)
    return d, len(data)
index = json.load(open(os.path.join(root, "index.json")))
amd = index["manifests"][0]
man = json.loads(blob(amd["digest"]))
cfg = json.loads(blob(man["config"]["digest"]))
cfg["architecture"] = "arm64"
cd, cs = put(json.dumps(cfg).encode())
man["config"] = dict(man["config"], digest=cd, size=cs)
md, ms = put(json.dumps(man).encode())
index["manifests"].append({"mediaType": amd["mediaType"], "digest": md,
                           "size": ms,
                           "platform": {"os": "linux",
                                        "architecture": "arm64"}})
# the layout names one image, the index of the two (as skopeo wants)
xd, xs = put(json.dumps(index).encode())
top = {"schemaVersion": 2, "mediaType": index["mediaType"],
       "manifests": [{"mediaType": index["mediaType"], "digest": xd,
                      "size": xs, "annotations":
                      {"org.opencontainers.image.ref.name": "multi"}}]}
json.dump(top, open(os.path.join(root, "index.json"), "w"))
PYEOF
skopeo --insecure-policy copy --quiet --all --preserve-digests \
    --dest-tls-verify=false "oci:$WORK/multi:multi" "docker://$OPEN/agent/multi:1" \
    >"$WORK/push-multi.log" 2>&1 ||
    fail "skopeo push --all: $(cat "$WORK/push-multi.log")"
pull arm "$OPEN/agent/multi:1" --platform linux/arm64
pulled arm "arm64 pull"
expect_eq "arm64 platform" \
    "$(jq_py "$WORK/arm.json" "d['scan']['image']['platform']")" linux/arm64
[ "$(jq_py "$WORK/arm.json" "d['scan']['image']['manifest_digest']")" != \
    "$DIGEST" ] || fail "arm64: the amd64 manifest was taken"
pull amd "$OPEN/agent/multi:1" --platform linux/amd64
pulled amd "amd64 pull"
expect_eq "amd64 manifest" \
    "$(jq_py "$WORK/amd.json" "d['scan']['image']['manifest_digest']")" \
    "$DIGEST"
same_findings local amd
pull s390 "$OPEN/agent/multi:1" --platform linux/s390x
expect_eq "unknown platform exit" "$rc" 2
grep -q "no manifest for platform linux/s390x" "$WORK/s390.err" ||
    fail "unknown platform: $(cat "$WORK/s390.err")"

# 3. a layer blob changed in the registry's storage: fatal for the image
LAYER1=$(sed -n 2p "$WORK/oci.layers")
DATA=$WORK/open-store/docker/registry/v2/blobs/sha256/$(echo "$LAYER1" |
    cut -c8-9)/$(echo "$LAYER1" | cut -c8-)/data
[ -f "$DATA" ] || fail "tamper: no blob at $DATA"
$PY - "$DATA" <<'PYEOF'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 2] ^= 0xff
open(p, "wb").write(bytes(b))
PYEOF
pull tampered "$OPEN/agent/base:1.0"
expect_eq "tampered exit" "$rc" 2
grep -q "layer 1 does not match its digest $LAYER1" "$WORK/tampered.err" ||
    fail "tampered: $(cat "$WORK/tampered.err")"
[ ! -e "$WORK/tampered.json" ] || fail "tampered: a report was written"

# 4. a registry with htpasswd basic auth
PASSWORD=$($PY -c 'import secrets; print("pw-" + secrets.token_hex(16))')
printf 'registry-password\t%s\n' "$PASSWORD" >>"$SECRETS"
htpasswd -Bbn alice "$PASSWORD" >"$WORK/htpasswd" 2>/dev/null
start_registry auth "auth:
  htpasswd:
    realm: test-realm
    path: $WORK/htpasswd"
AUTH=127.0.0.1:$PORT
skopeo --insecure-policy copy --quiet --preserve-digests \
    --dest-tls-verify=false --dest-creds "alice:$PASSWORD" \
    "oci:$WORK/oci" "docker://$AUTH/agent/base:1.0" \
    >"$WORK/push-auth.log" 2>&1 ||
    fail "skopeo push with login: $(cat "$WORK/push-auth.log")"
# without a login: a clear error
pull nologin "$AUTH/agent/base:1.0"
expect_eq "no login exit" "$rc" 2
grep -q "'$AUTH' requires a login: give --registry-user" \
    "$WORK/nologin.err" || fail "no login: $(cat "$WORK/nologin.err")"
# --registry-user and the password on standard input
rc=0
echo "$PASSWORD" | "$CREDATLAS" image "$AUTH/agent/base:1.0" \
    --registry-user alice --registry-password-stdin --no-progress \
    -o "$WORK/login.json" >"$WORK/login.out" 2>"$WORK/login.err" || rc=$?
pulled login "login"
same_findings local login
# a wrong password
rc=0
echo "not-the-password" | "$CREDATLAS" image "$AUTH/agent/base:1.0" \
    --registry-user alice --registry-password-stdin --no-progress \
    -o "$WORK/wrong.json" >"$WORK/wrong.out" 2>"$WORK/wrong.err" || rc=$?
expect_eq "wrong password exit" "$rc" 2
grep -q "'$AUTH' refused the login" "$WORK/wrong.err" ||
    fail "wrong password: $(cat "$WORK/wrong.err")"
# the password is never taken from the command line
rc=0
"$CREDATLAS" image "$AUTH/agent/base:1.0" --registry-user alice -q \
    2>"$WORK/nostdin.err" </dev/null || rc=$?
expect_eq "user without password exit" "$rc" 2
grep -q "needs --registry-password-stdin" "$WORK/nostdin.err" ||
    fail "user without password: $(cat "$WORK/nostdin.err")"
# the login of a docker config.json in HOME (and a decoy for another host)
mkdir -p "$HOME/.docker"
$PY - "$HOME/.docker/config.json" "$AUTH" "$PASSWORD" <<'PYEOF'
import base64, json, sys
path, host, pw = sys.argv[1:4]
b64 = lambda s: base64.b64encode(s.encode()).decode()
json.dump({"auths": {"other.example:5000": {"auth": b64("bob:nope-nope")},
                     "http://" + host: {"auth": b64("alice:" + pw)}}},
          open(path, "w"))
PYEOF
pull dockercfg "$AUTH/agent/base:1.0"
pulled dockercfg "docker config login"
same_findings local dockercfg
# DOCKER_CONFIG points elsewhere: no login there
mkdir -p "$WORK/empty-docker"
printf '{"auths": {}}' >"$WORK/empty-docker/config.json"
rc=0
DOCKER_CONFIG=$WORK/empty-docker "$CREDATLAS" image "$AUTH/agent/base:1.0" \
    -q 2>"$WORK/emptycfg.err" || rc=$?
expect_eq "DOCKER_CONFIG without a login exit" "$rc" 2

# 5. telling a reference from a path: an archive name that does not exist
# is a missing file, not a pull; a reference with a login typed into it
# is refused without being quoted
rc=0
"$CREDATLAS" image "missing-image.tar" -q 2>"$WORK/nofile.err" || rc=$?
expect_eq "missing file exit" "$rc" 2
grep -q "cannot open 'missing-image.tar'" "$WORK/nofile.err" ||
    fail "missing file: $(cat "$WORK/nofile.err")"
rc=0
"$CREDATLAS" image "docker://alice:$PASSWORD@$AUTH/agent/base:1.0" -q \
    2>"$WORK/typed.err" || rc=$?
expect_eq "login in reference exit" "$rc" 2
grep -q "not a registry reference" "$WORK/typed.err" ||
    fail "login in reference: $(cat "$WORK/typed.err")"

# 6. TLS: a registry with a self-signed certificate, on loopback; no
# falling back to plain http when the certificate is not trusted, and
# --ca-file trusts it
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$WORK/tls.key" \
    -out "$WORK/tls.crt" >"$WORK/openssl.log" 2>&1 ||
    fail "openssl: $(cat "$WORK/openssl.log")"
start_registry tls "" "  tls:
    certificate: $WORK/tls.crt
    key: $WORK/tls.key"
TLS=127.0.0.1:$PORT
skopeo --insecure-policy copy --quiet --preserve-digests \
    --dest-tls-verify=false "oci:$WORK/oci" "docker://$TLS/agent/base:1.0" \
    >"$WORK/push-tls.log" 2>&1 ||
    fail "skopeo push over TLS: $(cat "$WORK/push-tls.log")"
pull untrusted "$TLS/agent/base:1.0"
expect_eq "untrusted certificate exit" "$rc" 2
grep -q "manifest '1.0' from '$TLS': SSL certificate problem" \
    "$WORK/untrusted.err" || fail "untrusted: $(cat "$WORK/untrusted.err")"
pull tls "$TLS/agent/base:1.0" --ca-file "$WORK/tls.crt"
pulled tls "--ca-file"
same_findings local tls

# 7. the bearer-token flow, against tests/e2e/fake_registry.py: a 401
# challenge, a token fetched from the realm with the login, a 503 retried,
# blobs redirected to "storage" on another host name, which must not see
# the token
$PY "$TOP/tests/e2e/fake_registry.py" "$WORK/oci" "$WORK/fake.port" \
    "$WORK/fake.log" alice "$PASSWORD" 2>"$WORK/fake.stderr" &
PIDS="$PIDS $!"
i=0
until [ -s "$WORK/fake.port" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "fake registry: $(cat "$WORK/fake.stderr")"
	sleep 0.1
done
FAKE=127.0.0.1:$(cat "$WORK/fake.port")
rc=0
echo "$PASSWORD" | "$CREDATLAS" image "$FAKE/fake/img:1.0" \
    --registry-user alice --registry-password-stdin --no-progress \
    -o "$WORK/bearer.json" >"$WORK/bearer.out" 2>"$WORK/bearer.err" || rc=$?
pulled bearer "bearer pull"
same_findings local bearer
grep -q "GET /token auth=Basic token given" "$WORK/fake.log" ||
    fail "bearer: no token request with the login: $(cat "$WORK/fake.log")"
grep -q "GET /v2/fake/img/manifests/1.0 auth=none challenged" \
    "$WORK/fake.log" || fail "bearer: no challenge: $(cat "$WORK/fake.log")"
grep -q "manifests/1.0 auth=Bearer 503" "$WORK/fake.log" ||
    fail "bearer: no 503: $(cat "$WORK/fake.log")"
grep -q "manifests/1.0 auth=Bearer manifest" "$WORK/fake.log" ||
    fail "bearer: the 503 was not retried: $(cat "$WORK/fake.log")"
grep -q "GET /storage/sha256:.* auth=none storage" "$WORK/fake.log" ||
    fail "bearer: no redirected blob: $(cat "$WORK/fake.log")"
! grep -q LEAK "$WORK/fake.log" ||
    fail "bearer: the token followed the redirect to another host"
# anonymous: the token service refuses, and the error says so
pull anon "$FAKE/fake/img:1.0"
expect_eq "anonymous bearer exit" "$rc" 2
grep -q "the token service of '$FAKE' refused an anonymous pull (HTTP 401)" \
    "$WORK/anon.err" || fail "anonymous bearer: $(cat "$WORK/anon.err")"

# 8. a two-faced registry: layer 1's second fetch (the scan's) differs
# from the first (the index pass's) but decompresses to the same tar; the
# digest check of the second fetch catches it
: >"$WORK/two.port"
rm -f "$WORK/two.port"
$PY "$TOP/tests/e2e/fake_registry.py" "$WORK/oci" "$WORK/two.port" \
    "$WORK/two.log" alice "$PASSWORD" "$LAYER1" 2>"$WORK/two.stderr" &
PIDS="$PIDS $!"
i=0
until [ -s "$WORK/two.port" ]; do
	i=$((i + 1))
	[ $i -lt 100 ] || fail "two-faced registry: $(cat "$WORK/two.stderr")"
	sleep 0.1
done
rc=0
echo "$PASSWORD" | "$CREDATLAS" image \
    "127.0.0.1:$(cat "$WORK/two.port")/fake/img:1.0" \
    --registry-user alice --registry-password-stdin --no-progress \
    -o "$WORK/two.json" >"$WORK/two.out" 2>"$WORK/two.err" || rc=$?
grep -q "storage, two-faced" "$WORK/two.log" ||
    fail "two-faced: the layer was not fetched twice: $(cat "$WORK/two.log")"
grep -q "layer 1 changed between its two fetches: it does not match its digest" \
    "$WORK/two.json" "$WORK/two.err" ||
	fail "two-faced: not caught (exit $rc): $(head -5 "$WORK/two.err")"
! grep -q "changed between its two fetches" "$WORK/bearer.json" \
    "$WORK/bearer.err" || fail "an honest registry's layer was refused"

assert_no_secrets "$SECRETS" "$WORK"/*.json "$WORK"/*.txt "$WORK"/*.out \
    "$WORK"/*.err
echo "t_image_pull: ok"
