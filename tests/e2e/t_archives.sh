# t_archives.sh - archives inside a tree: a tar.gz, a zip, a jar with a
# nested application.yml, a tar inside a zip (its .npmrc parsed by the npm
# module), a Debian package (data.tar.xz inside an ar), a single gzip'd
# file, an archive known by its magic bytes under a name that says
# nothing, all built here with python3 around synthetic tokens from
# tokgen. Each finding's location names the archive and the entry, and
# the JSON location carries archive and archive_entry. Hostile and broken
# archives are errors while the scan goes on: a zip bomb stops at its
# bound, a "../" entry is read under its resolved name and noted, an
# encrypted zip entry is noted and not read, a truncated tar.gz keeps
# what came before the cut. An entry of an archive git tracks is tracked.
# --max-archive-depth 1 leaves nested archives
# shut, 0 every archive. An image layer holding an archive is opened the
# same way. No planted secret shows up in any report format.
. "$(dirname "$0")/lib.sh"

SECRETS=$WORK/planted
TREE=$WORK/tree
mkdir -p "$TREE"
cd "$WORK"

tok() {
	t=$("$TOOLS/tokgen" "$1" "$2") || fail "tokgen $1"
	printf '%s\t%s\n' "$3" "$t" >>"$SECRETS"
	printf '%s' "$t"
}
: >"$SECRETS"
GH_TGZ=$(tok ghp 9101 gh_tgz)
GH_ZIP=$(tok ghp 9102 gh_zip)
SLACK_JAR=$(tok xoxb 9103 slack_jar)
NPM_NESTED=$(tok npm 9104 npm_nested)
GL_DEB=$(tok glpat 9105 gl_deb)
GH_GZ=$(tok ghp 9106 gh_gz)
GH_MAGIC=$(tok ghp 9107 gh_magic)
GH_UP=$(tok ghp 9108 gh_up)
GH_ENC=$(tok ghp 9109 gh_enc)
GH_CUT=$(tok ghp 9110 gh_cut)
GH_BOMB=$(tok ghp 9111 gh_bomb)
GH_IMG=$(tok ghp 9112 gh_img)

$PY - "$TREE" <<PYEOF || fail "cannot build the archives"
import gzip, io, lzma, os, struct, sys, tarfile, zipfile
out = sys.argv[1]

def tar_bytes(files, mode="w"):
    b = io.BytesIO()
    with tarfile.open(fileobj=b, mode=mode) as t:
        for name, data in files:
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    return b.getvalue()

def zip_bytes(files, how=zipfile.ZIP_DEFLATED):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", how) as z:
        for name, data in files:
            z.writestr(name, data)
    return b.getvalue()

def ar_bytes(members):
    o = b"!<arch>\n"
    for name, data in members:
        o += b"%-16s%-12d%-6d%-6d%-8s%-10d\x60\n" % (
            name.encode(), 0, 0, 0, b"100644", len(data))
        o += data + (b"\n" if len(data) % 2 else b"")
    return o

def put(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)

put("a.tar.gz", tar_bytes([("proj/README", b"nothing here\n"),
    ("proj/.env", b"GITHUB_TOKEN=$GH_TGZ\n")], "w:gz"))
put("docs.zip", zip_bytes([("notes/todo-caf\u00e9.txt",
    b"call ops\nmy token: $GH_ZIP\n")]))
put("app.jar", zip_bytes([("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n"),
    ("BOOT-INF/classes/config/application.yml",
     b"slack:\n  bot-token: $SLACK_JAR\n"),
    ("BOOT-INF/classes/App.class", b"\xca\xfe\xba\xbe\x00\x00\x00\x3d")]))
put("bundle.zip", zip_bytes([("inner.tar", tar_bytes([("pkg/.npmrc",
    b"//registry.npmjs.org/:_authToken=$NPM_NESTED\n")]))]))
data = lzma.compress(tar_bytes([("./etc/app/config.env",
    b"GITLAB_TOKEN=$GL_DEB\n")]))
put("app_1.0_all.deb", ar_bytes([("debian-binary", b"2.0\n"),
    ("control.tar.gz", tar_bytes([("./control", b"Package: app\n")], "w:gz")),
    ("data.tar.xz", data)]))
put("notes.txt.gz", gzip.compress(b"remember $GH_GZ\n"))
# a zip whose name says nothing: known by its magic bytes
put("blob.dat", zip_bytes([("creds.txt", b"token=$GH_MAGIC\n")]))
# a text file named like an archive is a text file
put("fake.tar.gz", b"not an archive at all\n")
# hostile names: climbing out, absolute, a control byte
put("evil.tar", tar_bytes([("../../escape.env", b"GITHUB_TOKEN=$GH_UP\n"),
    ("/etc/abs.txt", b"x\n"), ("bad\nname.txt", b"y\n")]))
# an encrypted entry: the traditional PKWARE flag on a stored entry
z = bytearray(zip_bytes([("sealed.env", b"GITHUB_TOKEN=$GH_ENC\n")],
                        zipfile.ZIP_STORED))
lh = z.find(b"PK\x03\x04"); cd = z.find(b"PK\x01\x02")
z[lh + 6] |= 1
z[cd + 8] |= 1
put("sealed.zip", bytes(z))
# truncated: the first entry whole, the second cut
full = tar_bytes([("first.env", b"GITHUB_TOKEN=$GH_CUT\n"),
    ("second.bin", os.urandom(300000))], "w:gz")
put("cut.tar.gz", full[:len(full) // 2])
# a bomb: 200 MiB of one letter, then a token the scan never reaches (in
# a zip the entry is larger than --max-file-size: passed over)
b = io.BytesIO()
with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as zf:
    with zf.open("bomb.txt", "w", force_zip64=True) as f:
        chunk = b"A" * (1 << 20)
        for _ in range(200):
            f.write(chunk)
        f.write(b"\nGITHUB_TOKEN=$GH_BOMB\n")
put("bomb.zip", b.getvalue())
# the same in a tar.gz, where passing an entry over means inflating it
b = io.BytesIO()
with tarfile.open(fileobj=b, mode="w:gz") as t:
    class Letters(io.RawIOBase):
        left = 200 << 20
        def readable(self):
            return True
        def readinto(self, buf):
            n = min(len(buf), self.left)
            buf[:n] = b"A" * n
            self.left -= n
            return n
    ti = tarfile.TarInfo("bomb.txt"); ti.size = 200 << 20
    t.addfile(ti, io.BufferedReader(Letters()))
    data = b"GITHUB_TOKEN=$GH_BOMB\n"
    ti = tarfile.TarInfo("after.env"); ti.size = len(data)
    t.addfile(ti, io.BytesIO(data))
put("bomb.tar.gz", b.getvalue())
PYEOF

scan() {
	name=$1
	shift
	rc=0
	"$CREDATLAS" scan --no-progress "$@" -o "$WORK/$name.json" \
	    "$TREE" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
	[ "$rc" -eq 0 ] || fail "$name: scan exited $rc: $(head -3 "$WORK/$name.err")"
}

# locs NAME: "rule path archive archive_entry" per location, sorted
locs() {
	$PY - "$WORK/$1.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
for r in sorted("%s %s %s %s" % (c["rule"], l["path"], l.get("archive"),
                l.get("archive_entry"))
                for c in d["credentials"] for l in c["locations"]):
    print(r)
PYEOF
}

errors() {
	jq_py "$WORK/$1.json" "'\\n'.join(sorted(e['path'] + ': ' + e['error'] for e in d['errors']))"
}

start=$(date +%s)
scan all -o "$WORK/all.txt" -o "$WORK/all.html" -o "$WORK/all.sarif" \
    -o "$WORK/all.csv" -o "$WORK/all.jsonl"
took=$(($(date +%s) - start))
[ "$took" -lt 60 ] || fail "the bomb took ${took}s"
T=$TREE
locs all >"$WORK/all.locs"
cat >"$WORK/want.locs" <<EOF
github.pat-classic $T/a.tar.gz!/proj/.env $T/a.tar.gz proj/.env
github.pat-classic $T/blob.dat!/creds.txt $T/blob.dat creds.txt
github.pat-classic $T/cut.tar.gz!/first.env $T/cut.tar.gz first.env
github.pat-classic $T/docs.zip!/notes/todo-café.txt $T/docs.zip notes/todo-café.txt
github.pat-classic $T/evil.tar!/escape.env $T/evil.tar escape.env
github.pat-classic $T/notes.txt.gz!/notes.txt $T/notes.txt.gz notes.txt
gitlab.pat $T/app_1.0_all.deb!/data.tar.xz!/etc/app/config.env $T/app_1.0_all.deb data.tar.xz!/etc/app/config.env
npm.auth-token $T/bundle.zip!/inner.tar!/pkg/.npmrc $T/bundle.zip inner.tar!/pkg/.npmrc
slack.bot-token $T/app.jar!/BOOT-INF/classes/config/application.yml $T/app.jar BOOT-INF/classes/config/application.yml
EOF
diff "$WORK/want.locs" "$WORK/all.locs" >&2 || fail "archive findings differ (want, got above)"

errors all >"$WORK/all.errors"
for want in \
    "$T/bomb.tar.gz!/bomb.txt: archive expands past its bound" \
    "$T/evil.tar!/escape.env: entry name leads out of the archive" \
    "$T/evil.tar!/bad?name.txt: entry name holds control bytes" \
    "$T/sealed.zip!/sealed.env: encrypted entry: not read" \
    "$T/cut.tar.gz: cannot read archive"; do
	grep -qF "$want" "$WORK/all.errors" ||
	    fail "no error '$want' in: $(cat "$WORK/all.errors")"
done
# the text report names the entry
grep -qF "app.jar!/BOOT-INF/classes/config/application.yml:2" \
    "$WORK/all.txt" || fail "the text report does not name the jar's entry"
# nothing was written beside the archives
[ ! -e "$WORK/escape.env" ] && [ ! -e "$TREE/escape.env" ] &&
    [ ! -e "$TREE/proj" ] || fail "an entry was written to disk"

# no planted secret in any format, the bomb's and the sealed one's
# included (they were never read)
assert_no_secrets "$SECRETS" "$WORK/all.json" "$WORK/all.txt" \
    "$WORK/all.html" "$WORK/all.sarif" "$WORK/all.csv" "$WORK/all.jsonl" \
    "$WORK/all.out" "$WORK/all.err" || fail "a planted secret leaked"

# a report read back keeps archive_entry
"$CREDATLAS" report "$WORK/all.json" -f json -o "$WORK/back.json" ||
    fail "report could not read back the archive report"
expect_eq "read back" "$(locs back)" "$(cat "$WORK/all.locs")"

# depth 1: the tar in the zip and the deb's data.tar.xz stay shut
scan depth1 --max-archive-depth 1
expect_eq "depth 1 npm" "$(locs depth1 | grep -c npm || true)" 0
expect_eq "depth 1 deb" "$(locs depth1 | grep -c gitlab || true)" 0
expect_eq "depth 1 others" "$(locs depth1 | wc -l)" 7
errors depth1 >"$WORK/depth1.errors"
grep -qF "$T/bundle.zip!/inner.tar: archive nested deeper than --max-archive-depth (1)" \
    "$WORK/depth1.errors" ||
    fail "depth 1: the nested tar is not noted"

# depth 0: no archive is opened
scan depth0 --max-archive-depth 0
expect_eq "depth 0 findings" "$(locs depth0 | wc -l)" 0

# --max-archive-size below the jar's size: the jar is not opened
scan small --max-archive-size 200
expect_eq "small archives" "$(locs small | grep -c app.jar || true)" 0
expect_eq "small notes.txt.gz" "$(locs small | grep -c notes.txt.gz || true)" 1

# an archive that git tracks: its entries are tracked too
mkdir -p "$WORK/repo"
cp "$TREE/a.tar.gz" "$TREE/docs.zip" "$WORK/repo/"
(cd "$WORK/repo" && git init -q . && git add a.tar.gz) ||
    fail "cannot make the repository"
"$CREDATLAS" scan --no-progress -q -o "$WORK/repo.json" "$WORK/repo" ||
    fail "repo scan failed"
expect_eq "tracked entries" "$(jq_py "$WORK/repo.json" "sorted((l['archive_entry'], l['tracked']) for c in d['credentials'] for l in c['locations'])")" \
    '[["notes/todo-caf\u00e9.txt", false], ["proj/.env", true]]'

# an image layer holding an archive
mkdir -p "$WORK/imgroot/opt/app"
$PY - "$WORK/imgroot/opt/app/release.tar.gz" <<PYEOF
import io, sys, tarfile
b = io.BytesIO()
with tarfile.open(fileobj=b, mode="w:gz") as t:
    data = b"GITHUB_TOKEN=$GH_IMG\n"
    ti = tarfile.TarInfo("conf/.env"); ti.size = len(data)
    t.addfile(ti, io.BytesIO(data))
open(sys.argv[1], "wb").write(b.getvalue())
PYEOF
$PY "$TOP/tests/e2e/mkimage.py" --from-dir "$WORK/imgroot" "$WORK/img" ||
    fail "cannot build the image"
rc=0
"$CREDATLAS" image "$WORK/img" -o "$WORK/img.json" -q || rc=$?
expect_eq "image exit" "$rc" 0
expect_eq "image archive" "$(jq_py "$WORK/img.json" "sorted((l['path'], l.get('archive_entry'), l.get('layer_index')) for c in d['credentials'] for l in c['locations'])")" \
    '[["/opt/app/release.tar.gz!/conf/.env", "conf/.env", 0]]'
assert_no_secrets "$SECRETS" "$WORK/img.json" || fail "image: a planted secret leaked"

echo "t_archives: ok"
