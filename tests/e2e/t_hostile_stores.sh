# t_hostile_stores.sh - YAML stores built to exhaust memory (issue 17,
# item 6): a 60 MB kubeconfig (3000 clusters with 16 KB CA bundles, 3000
# contexts, 3000 users) and a gh hosts.yml of 20000 hosts, scanned under a
# 256 MiB address-space limit. Both are streamed: read a piece at a time
# (ca_file_read) and parsed an entry at a time (yaml_tree.h), so memory
# follows one entry, not the file, and every user and every host is read.
# The kubeconfig lists its users first, as a hand-written one may: a
# second pass (the file opened again) names each user's context. With
# --max-file-size 200M the content rules read it a third time, a window
# at a time, and find a token on its last line. ASan reserves terabytes
# of address space, so an ASan build runs the same scan without the limit.
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
H=$ROOT/home/u
mkdir -p "$ROOT/etc" "$H/.kube" "$H/.config/gh"
printf 'u:x:1000:1000::/home/u:/bin/sh\n' >"$ROOT/etc/passwd"
$PY - "$H" "$("$TOOLS/tokgen" ghp 931)" <<'PYEOF'
import random, string, sys, zlib
home = sys.argv[1]
rnd = random.Random(17)
alnum = string.ascii_letters + string.digits
def body(n):
    return "".join(rnd.choice(alnum) for _ in range(n))
ca = "QUJD" * 4000
with open(home + "/.kube/config", "w") as f:
    f.write("apiVersion: v1\nkind: Config\nusers:\n")
    for i in range(3000):
        f.write(f"- name: u{i}\n  user:\n    token: {body(40)}\n"
                f"    client-certificate-data: {'QUJD' * 1000}\n")
    f.write("contexts:\n")
    for i in range(3000):
        f.write(f"- context:\n    cluster: c{i}\n    user: u{i}\n"
                f"  name: x{i}\n")
    f.write("preferences: {}\nclusters:\n")
    for i in range(3000):
        f.write(f"- cluster:\n    certificate-authority-data: {ca}\n"
                f"    server: https://c{i}.corp.test:6443\n  name: c{i}\n")
    f.write("current-context: x0\n# GITHUB_TOKEN=" + sys.argv[2] + "\n")
b62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
def gho():  # 30 random base62 characters and their CRC-32 in base62
    b, s = body(30), ""
    crc = zlib.crc32(b.encode())
    for _ in range(6):
        s = b62[crc % 62] + s
        crc //= 62
    return "gho_" + b + s
with open(home + "/.config/gh/hosts.yml", "w") as f:
    for i in range(20000):
        f.write(f"h{i}.corp.test:\n    user: user{i}\n"
                f"    oauth_token: {gho()}\n"
                f"    git_protocol: https\n")
PYEOF
size=$(wc -c <"$H/.kube/config")
[ "$size" -gt 60000000 ] || fail "the kubeconfig is smaller than intended"

if grep -aq __asan_init "$CREDATLAS"; then
	limit=unlimited
else
	limit=262144
fi
rc=0
(
	ulimit -v "$limit"
	exec "$CREDATLAS" scan --max-file-size 200M --root "$ROOT" \
	    -o "$WORK/r.json"
) >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan under ulimit -v $limit exited $rc: \
$(head -5 "$WORK/stderr")"
expect_eq "scan errors" "$(jq_py "$WORK/r.json" "d['errors']")" "[]"
expect_eq "kube tokens" "$(jq_py "$WORK/r.json" "len([c for c in
    d['credentials'] if c['kind'] == 'kube-token'])")" 3000
expect_eq "the last kube user's context" "$(jq_py "$WORK/r.json" "[c['identity']
    for c in d['credentials'] if (c['identity'] or '').startswith('u2999 ')]")" \
	'["u2999 @ https://c2999.corp.test:6443 (context x2999)"]'
expect_eq "the token on the kubeconfig's last line" "$(jq_py "$WORK/r.json" "[
    (c['rule'], l['line']) for c in d['credentials']
    if c['rule'].startswith('github.') for l in c['locations']]")" \
	"[[\"github.pat-classic\", $(wc -l <"$H/.kube/config")]]"
expect_eq "gh hosts" "$(jq_py "$WORK/r.json" "len({l['line'] for c in
    d['credentials'] if c['rule'] == 'gh.hosts-token'
    for l in c['locations']})")" 20000
echo ok
