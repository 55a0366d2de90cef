#!/usr/bin/env python3
"""mkimage.py - builds a synthetic container image for t_image.sh.

    mkimage.py FORMAT OUT TOKGEN SECRETS [options]
    mkimage.py --from-dir DIR OUT

FORMAT is docker (a docker-save tarball), oci (an OCI layout directory) or
oci-archive (a tar of one). Layers are gzip (default), plain (--plain) or
zstd (--zstd, through the zstd program). Digests are real sha256 sums.
Every secret comes from tests/tools/tokgen and is appended to SECRETS as
"name<TAB>value" for assert_no_secrets.

The image (three layers and a config):
  0  /etc/passwd (root, app 1000 /home/app), /home/app/.npmrc (npm token,
     kept), /usr/share/doc/x/README (installed software)
  1  /root/.config/gh/hosts.yml (ghp token), /app/config/.env (a GitHub
     token), /app/keep.txt
  2  .wh.hosts.yml (deletes the gh hosts file), /app/config/.wh..wh..opq
     (opaque: hides the .env), /app/config/settings.txt
  config: USER app, ENV GITHUB_TOKEN=<token>, a BuildKit RUN line carrying
     NPM_TOKEN=<token> as a build arg, a label.

--hostile adds a fourth layer of entries that must be refused or
confined: "../escape.txt" and "./a/../../up.txt" holding tokens, an
absolute name, a symlink and a hard link pointing outside, a FIFO, a
character device, a name with a newline and one with invalid UTF-8.
--corrupt flips a byte of layer 1 after its digest is taken; --missing
leaves layer 1 out; --truncate cuts layer 1's gzip short (its digest is of
the cut bytes, so only the decompressor can tell); --big N adds a file of
N zero bytes to layer 0 (a bomb when compressed).

--from-dir writes an OCI layout whose one layer is the tree at DIR.
"""
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile


def tok(tokgen, kind, seed):
    return subprocess.check_output([tokgen, kind, seed], text=True).strip()


def add_file(tf, name, data, mode=0o644, uid=0, gid=0):
    ti = tarfile.TarInfo(name)
    ti.size = len(data)
    ti.mode = mode
    ti.uid = uid
    ti.gid = gid
    ti.mtime = 1700000000
    tf.addfile(ti, io.BytesIO(data))


def add_dir(tf, name, mode=0o755, uid=0):
    ti = tarfile.TarInfo(name)
    ti.type = tarfile.DIRTYPE
    ti.mode = mode
    ti.uid = uid
    ti.mtime = 1700000000
    tf.addfile(ti)


def add_special(tf, name, kind, target=""):
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.linkname = target
    ti.mtime = 1700000000
    tf.addfile(ti)


def layer_tar(build):
    buf = io.BytesIO()
    # GNU format: names with newlines and raw bytes survive as written
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT,
                      encoding="utf-8", errors="surrogateescape") as tf:
        build(tf)
    return buf.getvalue()


def compress(raw, how):
    if how == "plain":
        return raw, "application/vnd.oci.image.layer.v1.tar"
    if how == "zstd":
        out = subprocess.run(["zstd", "-q", "-c"], input=raw,
                             stdout=subprocess.PIPE, check=True).stdout
        return out, "application/vnd.oci.image.layer.v1.tar+zstd"
    import gzip
    return (gzip.compress(raw, mtime=0),
            "application/vnd.oci.image.layer.v1.tar+gzip")


def sha(data):
    return hashlib.sha256(data).hexdigest()


def from_dir(out, root):
    """An OCI layout of one gzip layer holding the tree at 'root'."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for name in sorted(os.listdir(root)):
            tf.add(os.path.join(root, name), arcname=name)
    data, mt = compress(buf.getvalue(), "gzip")
    cfg = json.dumps({"architecture": "amd64", "os": "linux",
                      "config": {}, "rootfs": {"type": "layers",
                      "diff_ids": ["sha256:" + sha(buf.getvalue())]}}).encode()
    man = json.dumps({"schemaVersion": 2, "config": {
        "digest": "sha256:" + sha(cfg), "size": len(cfg)}, "layers": [{
            "mediaType": mt, "digest": "sha256:" + sha(data),
            "size": len(data)}]}).encode()
    os.makedirs(os.path.join(out, "blobs", "sha256"))
    for blob in (data, cfg, man):
        with open(os.path.join(out, "blobs", "sha256", sha(blob)), "wb") as f:
            f.write(blob)
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump({"manifests": [{"digest": "sha256:" + sha(man),
                                  "size": len(man)}]}, f)
    with open(os.path.join(out, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion": "1.0.0"}')


def main():
    if sys.argv[1] == "--from-dir":
        from_dir(sys.argv[3], sys.argv[2])
        return
    fmt, out, tokgen, secrets_path = sys.argv[1:5]
    opts = sys.argv[5:]
    how = "zstd" if "--zstd" in opts else "plain" if "--plain" in opts \
        else "gzip"
    if fmt == "docker":
        how = "plain"
    big = 0
    if "--big" in opts:
        big = int(opts[opts.index("--big") + 1])
    s_npm = tok(tokgen, "npm", "image-npmrc")
    s_ghp = tok(tokgen, "ghp", "image-gh-hosts")
    s_env = tok(tokgen, "ghp", "image-dotenv")
    s_cfg = tok(tokgen, "ghp", "image-config-env")
    s_arg = tok(tokgen, "npm", "image-build-arg")
    s_esc = tok(tokgen, "ghp", "image-escape")
    s_up = tok(tokgen, "ghp", "image-up")
    with open(secrets_path, "a") as f:
        for name, v in (("npmrc", s_npm), ("gh-hosts", s_ghp),
                        ("dotenv", s_env), ("config-env", s_cfg),
                        ("build-arg", s_arg), ("escape", s_esc),
                        ("up", s_up)):
            f.write("image-%s\t%s\n" % (name, v))

    def l0(tf):
        add_dir(tf, "etc")
        add_file(tf, "etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n"
                 b"app:x:1000:1000:app:/home/app:/bin/sh\n")
        add_dir(tf, "home/app", 0o755, 1000)
        add_file(tf, "home/app/.npmrc",
                 ("//registry.npmjs.org/:_authToken=%s\n" % s_npm).encode(),
                 0o600, 1000, 1000)
        add_file(tf, "usr/share/doc/x/README", b"nothing here\n")
        if big:
            add_file(tf, "big.bin", b"\0" * big)

    def l1(tf):
        add_file(tf, "root/.config/gh/hosts.yml",
                 ("github.com:\n    oauth_token: %s\n    user: octo\n"
                  % s_ghp).encode(), 0o600)
        add_file(tf, "app/config/.env", ("GITHUB_TOKEN=%s\n" % s_env)
                 .encode(), 0o644)
        add_file(tf, "app/keep.txt", b"kept\n")

    def l2(tf):
        add_file(tf, "root/.config/gh/.wh.hosts.yml", b"")
        add_file(tf, "app/config/.wh..wh..opq", b"")
        add_file(tf, "app/config/settings.txt", b"debug = false\n")

    def l3(tf):
        add_file(tf, "../escape.txt", ("token %s\n" % s_esc).encode())
        add_file(tf, "./a/../../up.txt", ("token %s\n" % s_up).encode())
        add_file(tf, "/abs/inside.txt", b"absolute name, kept inside\n")
        add_special(tf, "etc/evil-link", tarfile.SYMTYPE,
                    "../../../../../../etc/shadow")
        add_special(tf, "etc/evil-hard", tarfile.LNKTYPE, "../../etc/shadow")
        add_special(tf, "dev-fifo", tarfile.FIFOTYPE)
        ti = tarfile.TarInfo("dev-null")
        ti.type = tarfile.CHRTYPE
        ti.devmajor, ti.devminor = 1, 3
        tf.addfile(ti)
        add_file(tf, "bad\nname.txt", b"newline in the name\n")
        add_file(tf, "bad-\udcff-utf8.txt", b"invalid utf-8 name\n")

    builders = [l0, l1, l2] + ([l3] if "--hostile" in opts else [])
    raws = [layer_tar(b) for b in builders]
    blobs = []  # (digest hex, bytes, media type, diff id)
    for i, raw in enumerate(raws):
        data, mt = compress(raw, how)
        if i == 1 and "--truncate" in opts:
            data = data[:len(data) * 2 // 3]
        digest = sha(data)
        if i == 1 and "--corrupt" in opts:
            data = bytearray(data)
            data[len(data) // 2] ^= 0xff
            data = bytes(data)
        blobs.append((digest, data, mt, sha(raw)))

    config = {
        "architecture": "amd64", "os": "linux",
        "config": {
            "User": "app",
            "Env": ["PATH=/usr/local/bin:/usr/bin:/bin",
                    "GITHUB_TOKEN=%s" % s_cfg],
            "Cmd": ["/bin/sh"],
            "Labels": {"org.example.team": "platform"},
        },
        "rootfs": {"type": "layers",
                   "diff_ids": ["sha256:" + b[3] for b in blobs]},
        "history": [
            {"created_by": "ADD rootfs.tar / # buildkit"},
            {"created_by": "RUN |1 NPM_TOKEN=%s /bin/sh -c npm ci "
             "# buildkit" % s_arg},
            {"created_by": "RUN /bin/sh -c rm -rf /root/.config/gh "
             "# buildkit"},
        ],
    }
    cfg = json.dumps(config).encode()
    cfg_hex = sha(cfg)
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": "sha256:" + cfg_hex, "size": len(cfg)},
        "layers": [{"mediaType": b[2], "digest": "sha256:" + b[0],
                    "size": len(b[1])} for b in blobs],
    }
    man = json.dumps(manifest).encode()
    man_hex = sha(man)
    index = {"schemaVersion": 2,
             "mediaType": "application/vnd.oci.image.index.v1+json",
             "manifests": [{"mediaType":
                            "application/vnd.oci.image.manifest.v1+json",
                            "digest": "sha256:" + man_hex,
                            "size": len(man),
                            "platform": {"architecture": "amd64",
                                         "os": "linux"}}]}
    files = {}  # name -> bytes
    for i, b in enumerate(blobs):
        if i == 1 and "--missing" in opts:
            continue
        files["blobs/sha256/" + b[0]] = b[1]
    files["blobs/sha256/" + cfg_hex] = cfg
    if fmt == "docker":
        files["manifest.json"] = json.dumps([{
            "Config": "blobs/sha256/" + cfg_hex,
            "RepoTags": ["example/agent-base:1.0"],
            "Layers": ["blobs/sha256/" + b[0] for b in blobs]}]).encode()
    else:
        files["blobs/sha256/" + man_hex] = man
        files["index.json"] = json.dumps(index).encode()
        files["oci-layout"] = b'{"imageLayoutVersion": "1.0.0"}'
    if fmt == "oci":
        for name, data in files.items():
            path = os.path.join(out, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
    else:
        with tarfile.open(out, "w") as tf:
            for name, data in sorted(files.items()):
                add_file(tf, name, data)
    print("\n".join("sha256:" + b[0] for b in blobs))


main()
