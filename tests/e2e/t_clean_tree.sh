# t_clean_tree.sh - installed software is a dependency tree. A system
# holding nothing but installed software (a pyenv install, a virtualenv, a
# Go module cache, node_modules, ~/.cache, a Debian /usr/share/doc), filled
# with real public test keys and library source, gives no finding under a
# default scan; each tree is named in the report with its files left
# unread; --include-deps reads them again. Credentials by nature inside
# those trees (claimed by a surface module, or on the keep list) are still
# found, and so is a user's own test/ or lib/ directory.
#
# Test material: the CPython test-suite keys (keycert.pem, keycert2.pem,
# keycert3.pem) and libxmlsec1's example rsakey.pem are copied from this
# machine where they exist (a pyenv install, /usr/lib/python3*/test,
# /usr/share/doc/libxmlsec1-dev); where they do not, a key is generated
# with openssl under the same name. Library source is copied from the
# system's Python standard library (urllib, smtplib, ftplib, imaplib,
# getpass), which holds password-keyword code.
. "$(dirname "$0")/lib.sh"

SYS=$WORK/sys
H=$SYS/home/dev
mkdir -p "$SYS/etc" "$H" "$WORK/out"
printf 'root:x:0:0:root:/root:/bin/sh\ndev:x:1000:1000::/home/dev:/bin/sh\n' \
    >"$SYS/etc/passwd"

# find_first GLOB...: the first existing file among the globs
find_first() {
	for g in "$@"; do
		for f in $g; do
			[ -f "$f" ] && { echo "$f"; return 0; }
		done
	done
	return 1
}

# test_key NAME DEST: copies the real public test key NAME, or makes one
test_key() {
	src=$(find_first "/usr/lib/python3*/test/$1" \
	    "/usr/lib/python3*/test/certdata/$1" \
	    "/root/.pyenv/versions/*/lib/python3*/test/$1" \
	    "/root/.pyenv/versions/*/lib/python3*/test/certdata/$1" \
	    "/usr/share/doc/libxmlsec1-dev/examples/$1") || src=
	if [ -n "$src" ]; then
		cp "$src" "$2"
	else
		openssl genrsa 2048 2>/dev/null >"$2" ||
		    fail "no openssl to make $1"
	fi
}

# stdlib_source DEST: copies password-handling library source
stdlib_source() {
	mkdir -p "$1"
	for m in urllib/request.py smtplib.py ftplib.py imaplib.py getpass.py; do
		src=$(find_first "/usr/lib/python3*/$m") || continue
		cp "$src" "$1/$(echo "$m" | tr / _)"
	done
}

# A pyenv install: ~/.pyenv with its libexec and a version's stdlib tests.
PV=$H/.pyenv/versions/3.11.7/lib/python3.11
mkdir -p "$H/.pyenv/libexec" "$PV/test" "$H/.pyenv/plugins/x/bin"
: >"$H/.pyenv/libexec/pyenv"
: >"$PV/os.py"
: >"$PV/test/__init__.py"
for k in keycert.pem keycert2.pem keycert3.pem; do
	test_key "$k" "$PV/test/$k"
done
stdlib_source "$PV"
# A key of nobody's publishing: what step 2 must find once the tree is read
# (the published ones above are listed under ignored[] instead).
openssl genrsa 2048 2>/dev/null >"$PV/test/unpublished.pem" ||
    fail "no openssl to make a key"

# A virtualenv (pyvenv.cfg) in a project, with an installed package.
VE=$H/proj/.venv
mkdir -p "$VE/lib/python3.11/site-packages/pkg" "$VE/bin"
printf 'home = /usr/bin\nversion = 3.11.7\n' >"$VE/pyvenv.cfg"
test_key keycert.pem "$VE/lib/python3.11/site-packages/pkg/keycert.pem"
stdlib_source "$VE/lib/python3.11/site-packages/pkg"

# A Go module cache.
GM=$H/go/pkg/mod
mkdir -p "$GM/cache/download/example.com" "$GM/example.com/tls@v1.0.0/testdata"
test_key rsakey.pem "$GM/example.com/tls@v1.0.0/testdata/rsakey.pem"

# node_modules and ~/.cache.
mkdir -p "$H/proj/node_modules/tls-fixtures" "$H/.cache/pip/http"
test_key keycert2.pem "$H/proj/node_modules/tls-fixtures/key.pem"
test_key keycert3.pem "$H/.cache/pip/http/cached.pem"

# A Debian /usr/share/doc, and the system library tree.
mkdir -p "$SYS/usr/share/doc/libxmlsec1-dev/examples" "$SYS/usr/lib/python3"
test_key rsakey.pem "$SYS/usr/share/doc/libxmlsec1-dev/examples/rsakey.pem"
stdlib_source "$SYS/usr/lib/python3"
for d in /usr/share/doc/openssl /usr/share/doc/git; do
	[ -d "$d" ] && cp -r "$d" "$SYS/usr/share/doc/" 2>/dev/null || true
done
# Pseudo-filesystems are never entered.
mkdir -p "$SYS/proc/1" "$SYS/run/secrets"
test_key keycert.pem "$SYS/proc/1/key.pem"

scan() {
	r=$1
	shift
	rc=0
	"$CREDATLAS" scan --no-progress -q -j 2 -o "$r" --root "$SYS" "$@" ||
	    rc=$?
	[ "$rc" -le 1 ] || fail "scan $* exited $rc"
}

# 1. The clean system: nothing at all.
R=$WORK/out/clean.json
scan "$R"
expect_eq "credentials in a clean system" \
    "$(jq_py "$R" "len(d['credentials'])")" 0
kinds=$(jq_py "$R" "sorted(set(t['kind'] for t in d['scan']['dependency_trees']))")
for k in pyenv virtualenv go-modules npm cache system; do
	case $kinds in
	*"\"$k\""*) ;;
	*) fail "no $k tree in the report: $kinds" ;;
	esac
done
expect_eq "the pyenv tree" "$(jq_py "$R" "[t['path'] for t in d['scan']['dependency_trees'] if t['kind'] == 'pyenv']")" '["/home/dev/.pyenv"]'
expect_eq "the virtualenv's installed parts" "$(jq_py "$R" "sorted(t['path'] for t in d['scan']['dependency_trees'] if t['kind'] == 'virtualenv')")" '["/home/dev/proj/.venv/bin", "/home/dev/proj/.venv/lib"]'
n=$(jq_py "$R" "min(t['files_skipped'] for t in d['scan']['dependency_trees'] if t['kind'] != 'virtualenv' or t['path'].endswith('/lib'))")
[ "$n" -ge 1 ] || fail "a tree with no file skipped: $n"
n=$(jq_py "$R" "len([t for t in d['scan']['dependency_trees'] if t['path'].startswith('/proc') or t['path'].startswith('/run')])")
expect_eq "pseudo-filesystems counted as trees" "$n" 0

# 2. --include-deps reads the trees: the unpublished key is there to be
# found (so step 1 tested something), and nothing under /proc.
D=$WORK/out/deps.json
scan "$D" --include-deps
n=$(jq_py "$D" "len([l for c in d['credentials'] for l in c['locations'] if l['path'] == '/home/dev/.pyenv/versions/3.11.7/lib/python3.11/test/unpublished.pem'])")
[ "$n" -ge 1 ] || fail "--include-deps did not read the pyenv tree"
n=$(jq_py "$D" "len([l for c in d['credentials'] for l in c['locations'] if l['path'].startswith('/proc')])")
expect_eq "findings under /proc" "$n" 0
expect_eq "trees passed over with --include-deps" \
    "$(jq_py "$D" "len(d['scan']['dependency_trees'])")" 0

# 3. Credentials by nature in or beside those trees are still read, and a
# user's own test/ and lib/ are not dependency trees.
HF=$("$TOOLS/tokgen" ghp 401)
GH=$("$TOOLS/tokgen" ghp 402)
ENV=$("$TOOLS/tokgen" ghp 403)
OWN=$("$TOOLS/tokgen" ghp 404)
ETC=$("$TOOLS/tokgen" ghp 405)
OPT=$("$TOOLS/tokgen" ghp 406)
mkdir -p "$H/.cache/huggingface" "$H/.cache/tool/gh" "$H/work/test" \
    "$H/work/lib" "$SYS/etc/gitlab-runner" "$SYS/opt/deploy"
printf '%s\n' "$HF" >"$H/.cache/huggingface/token"
printf 'github.com:\n    oauth_token: %s\n    user: dev\n' "$GH" \
    >"$H/.cache/tool/gh/hosts.yml"
printf 'GITHUB_TOKEN=%s\n' "$ENV" >"$VE/.env"
printf 'GITHUB_TOKEN=%s\n' "$OWN" >"$H/work/test/fixture.env"
: >"$H/work/lib/os.py"
cp "$H/work/test/fixture.env" "$H/work/lib/settings.env"
printf '[[runners]]\n  token = "%s"\n' "$ETC" \
    >"$SYS/etc/gitlab-runner/config.toml"
printf 'DEPLOY_TOKEN=%s\n' "$OPT" >"$SYS/opt/deploy/.env"
P=$WORK/out/planted.json
scan "$P"
paths=$(jq_py "$P" "sorted(set(l['path'] for c in d['credentials'] for l in c['locations']))")
expect_eq "credentials by nature" "$paths" '["/etc/gitlab-runner/config.toml", "/home/dev/.cache/huggingface/token", "/home/dev/.cache/tool/gh/hosts.yml", "/home/dev/proj/.venv/.env", "/home/dev/work/lib/settings.env", "/home/dev/work/test/fixture.env", "/opt/deploy/.env"]'
# System-wide credentials: the service from the place, the owner from uid.
svc=$(jq_py "$P" "sorted((l['path'], l.get('service')) for c in d['credentials'] for l in c['locations'])")
case $svc in
*'["/etc/gitlab-runner/config.toml", "gitlab-runner"]'*) ;;
*) fail "no gitlab-runner service: $svc" ;;
esac
case $svc in
*'["/opt/deploy/.env", "deploy"]'*) ;;
*) fail "no deploy service: $svc" ;;
esac
n=$(jq_py "$P" "len([l for c in d['credentials'] for l in c['locations'] if l['path'].startswith('/home/') and 'service' in l])")
expect_eq "services in homes" "$n" 0
src=$(jq_py "$P" "[c['owner']['source'] for c in d['credentials'] if c['locations'][0]['path'] == '/etc/gitlab-runner/config.toml']")
expect_eq "owner of the runner token" "$src" '["file-uid"]'

printf 'a\t%s\nb\t%s\nc\t%s\nd\t%s\ne\t%s\nf\t%s\n' "$HF" "$GH" "$ENV" \
    "$OWN" "$ETC" "$OPT" >"$WORK/planted"
assert_no_secrets "$WORK/planted" "$R" "$D" "$P"
echo ok
