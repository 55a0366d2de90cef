#!/usr/bin/env python3
"""bench_image.py - the synthetic image behind `make bench` (image part,
scripts/bench_image.sh).

  bench_image.py pack --tree DIR --manifest FILE --out OCI [--layers N]
      Packs the bench tree at DIR (from bench_gen.py gen, with its manifest
      of planted secrets) into an OCI image layout at OCI, unless OCI's
      stamp says it was made from this tree, manifest and GEN_VERSION.
      Prints shell assignments: LAYERS (the number of layers), RAW_BYTES
      (uncompressed tar bytes, all layers), BLOB_BYTES (compressed),
      DELETED (the image path of the planted file a later layer deletes)
      and BLOBS (the layer blobs, space-separated, each as gz:PATH or
      zst:PATH).
  bench_image.py verify --manifest FILE --report JSON --deleted PATH
      Checks the report of `credatlas image` on it: every planted secret
      found at its image path, the deleted one with deleted = true and a
      layer. Prints FOUND, PLANTED, DELETED_OK, EXTRA, FILES, BYTES.

The image: the tree goes under /srv/bench, split into N layers of about
equal uncompressed size, the last of them zstd and the others gzip
(files in path order, so a layer holds whole directories as a real build
step would), after a base layer with /etc/passwd. A last small layer deletes one planted file with a whiteout
(.wh.NAME) and adds a file: the secret is gone from the final view but
still ships in its layer, and credatlas reports it as deleted. Layers are
compressed by `gzip -6 -n` (docker's default level) or `zstd -3` (the
default of the tools that write zstd layers), two at a time; everything is
deterministic for a given tree.
"""
import argparse
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time

GEN_VERSION = 2
PREFIX = "srv/bench"
MTIME = 1700000000
MIB = 1024 * 1024


def sha_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                break
            h.update(b)
    return h.hexdigest()


def read_rows(manifest):
    rows = []
    with open(manifest) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            rows.append(line.rstrip("\n").split("\t"))
    return rows


def stamp_of(tree, manifest, nlayers):
    h = hashlib.sha256()
    with open(manifest, "rb") as f:
        h.update(f.read())
    return "version=%d layers=%d manifest=%s tree=%s" % (
        GEN_VERSION, nlayers, h.hexdigest(), os.path.realpath(tree))


def tar_info(name, st=None, kind=tarfile.REGTYPE, size=0, mode=0o644):
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.size = size
    ti.mode = mode if st is None else (st.st_mode & 0o7777)
    ti.mtime = MTIME
    ti.uname = ti.gname = "root"
    return ti


def add_bytes(tf, name, data, mode=0o644):
    tf.addfile(tar_info(name, size=len(data), mode=mode), io.BytesIO(data))


def write_layer(path, build):
    """Writes the uncompressed layer tar to 'path'; returns its sha256 (the
    diff id) and size."""
    with open(path, "wb") as raw:
        with tarfile.open(fileobj=raw, mode="w",
                          format=tarfile.PAX_FORMAT) as tf:
            build(tf)
    return sha_file(path), os.path.getsize(path)


def tree_files(tree):
    out = []
    for d, dirs, names in os.walk(tree):
        dirs.sort()
        for n in sorted(names):
            p = os.path.join(d, n)
            out.append((os.path.relpath(p, tree), os.lstat(p).st_size))
    return out


def cmd_pack(a):
    tree = os.path.realpath(a.tree)
    out = os.path.realpath(a.out)
    rows = read_rows(a.manifest)
    if not rows:
        print("bench: no planted secrets in %s" % a.manifest, file=sys.stderr)
        return 1
    # The deleted one: the first planted file in path order.
    deleted_rel = sorted(r[0] for r in rows)[0]
    stamp = stamp_of(tree, a.manifest, a.layers)
    stamp_path = os.path.join(out, "bench-stamp")
    info_path = os.path.join(out, "bench-info")
    if os.path.isfile(stamp_path) and os.path.isfile(info_path):
        with open(stamp_path) as f:
            if f.read() == stamp:
                with open(info_path) as f:
                    sys.stdout.write(f.read())
                print("bench: reusing %s" % out, file=sys.stderr)
                return 0
    t0 = time.time()
    print("bench: packing %s into %d layers at %s..."
          % (tree, a.layers, out), file=sys.stderr)
    tmp = out + ".tmp"
    if os.path.exists(tmp):
        shutil.rmtree(tmp)
    blobdir = os.path.join(tmp, "blobs", "sha256")
    os.makedirs(blobdir)

    files = tree_files(tree)
    total = sum(s for _, s in files)
    per = total / a.layers
    groups, cur, acc = [], [], 0
    for rel, size in files:
        cur.append(rel)
        acc += size
        if acc >= per * (len(groups) + 1) and len(groups) < a.layers - 1:
            groups.append(cur)
            cur = []
    groups.append(cur)

    def base(tf):
        for d in ("etc", "srv", PREFIX, "home", "home/app"):
            tf.addfile(tar_info(d, kind=tarfile.DIRTYPE, mode=0o755))
        add_bytes(tf, "etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n"
                  b"app:x:1000:1000:app:/home/app:/bin/sh\n")

    def part(names):
        def build(tf):
            made = set()
            for rel in names:
                d = os.path.dirname(rel)
                todo = []
                while d and d not in made:
                    todo.append(d)
                    made.add(d)
                    d = os.path.dirname(d)
                for d in reversed(todo):
                    tf.addfile(tar_info(PREFIX + "/" + d,
                                        kind=tarfile.DIRTYPE, mode=0o755))
                p = os.path.join(tree, rel)
                st = os.lstat(p)
                ti = tar_info(PREFIX + "/" + rel, st, size=st.st_size)
                with open(p, "rb") as f:
                    tf.addfile(ti, f)
        return build

    def last(tf):
        d, n = os.path.split(deleted_rel)
        add_bytes(tf, PREFIX + "/" + (d + "/" if d else "") + ".wh." + n, b"")
        add_bytes(tf, PREFIX + "/RELEASE", b"bench image, last layer\n")

    builders = [base] + [part(g) for g in groups] + [last]
    raws = []
    for i, b in enumerate(builders):
        raw = os.path.join(tmp, "layer%d.tar" % i)
        diff, size = write_layer(raw, b)
        raws.append((raw, diff, size))
    # The last layer of the tree is zstd, the others gzip; two at a time
    # (the big layers dominate).
    zst_index = len(builders) - 2
    procs = []
    for i, (raw, _, _) in enumerate(raws):
        while len(procs) >= 2:
            if procs.pop(0).wait() != 0:
                print("bench: compression failed", file=sys.stderr)
                return 1
        cmd = (["zstd", "-3", "-q", "--rm", "-f", raw] if i == zst_index
               else ["gzip", "-6", "-n", "-f", raw])
        procs.append(subprocess.Popen(cmd))
    for p in procs:
        if p.wait() != 0:
            print("bench: compression failed", file=sys.stderr)
            return 1
    layers = []
    for i, (raw, diff, size) in enumerate(raws):
        how = "zst" if i == zst_index else "gz"
        blob = raw + "." + how
        hexd = sha_file(blob)
        csize = os.path.getsize(blob)
        os.rename(blob, os.path.join(blobdir, hexd))
        layers.append((hexd, csize, diff, size, how))
    config = {
        "architecture": "amd64", "os": "linux",
        "config": {"User": "app", "Env": ["PATH=/usr/bin:/bin"],
                   "Cmd": ["/bin/sh"]},
        "rootfs": {"type": "layers",
                   "diff_ids": ["sha256:" + l[2] for l in layers]},
        "history": [{"created_by": "bench layer %d" % i}
                    for i in range(len(layers))],
    }
    cfg = json.dumps(config, sort_keys=True).encode()
    cfg_hex = hashlib.sha256(cfg).hexdigest()
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": "sha256:" + cfg_hex, "size": len(cfg)},
        "layers": [{"mediaType":
                    "application/vnd.oci.image.layer.v1.tar+" +
                    ("zstd" if l[4] == "zst" else "gzip"),
                    "digest": "sha256:" + l[0], "size": l[1]}
                   for l in layers],
    }
    man = json.dumps(manifest, sort_keys=True).encode()
    man_hex = hashlib.sha256(man).hexdigest()
    for hexd, data in ((cfg_hex, cfg), (man_hex, man)):
        with open(os.path.join(blobdir, hexd), "wb") as f:
            f.write(data)
    with open(os.path.join(tmp, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": "sha256:" + man_hex, "size": len(man),
            "platform": {"architecture": "amd64", "os": "linux"}}]}, f)
    with open(os.path.join(tmp, "oci-layout"), "w") as f:
        f.write('{"imageLayoutVersion": "1.0.0"}')
    info = ("LAYERS=%d RAW_BYTES=%d BLOB_BYTES=%d DELETED=/%s/%s "
            "BLOBS='%s'\n" % (
                len(layers), sum(l[3] for l in layers),
                sum(l[1] for l in layers), PREFIX, deleted_rel,
                " ".join(l[4] + ":" + os.path.join(out, "blobs", "sha256",
                                                    l[0])
                         for l in layers)))
    with open(os.path.join(tmp, "bench-info"), "w") as f:
        f.write(info)
    with open(os.path.join(tmp, "bench-stamp"), "w") as f:
        f.write(stamp)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.rename(tmp, out)
    print("bench: packed %d layers, %.1f MiB of tar in %.1f MiB of blobs, "
          "in %.1f s" % (len(layers), sum(l[3] for l in layers) / MIB,
                         sum(l[1] for l in layers) / MIB, time.time() - t0),
          file=sys.stderr)
    sys.stdout.write(info)
    return 0


def cmd_verify(a):
    rows = read_rows(a.manifest)
    with open(a.report) as f:
        doc = json.load(f)
    stats = doc.get("scan", {}).get("stats", {})
    planted = {"/%s/%s" % (PREFIX, r[0]) for r in rows}
    seen = set()
    deleted_ok = 0
    extra = 0
    for c in doc.get("credentials", []):
        mine = False
        for loc in c.get("locations", []):
            p = loc.get("path")
            if p in planted:
                mine = True
                seen.add(p)
            if p == a.deleted and loc.get("deleted") is True and \
                    loc.get("layer"):
                deleted_ok = 1
        extra += 0 if mine else 1
    for p in sorted(planted - seen):
        print("bench: MISSED %s" % p, file=sys.stderr)
    print("FOUND=%d PLANTED=%d DELETED_OK=%d EXTRA=%d FILES=%d BYTES=%d"
          % (len(seen), len(planted), deleted_ok, extra,
             stats.get("files", 0), stats.get("bytes", 0)))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pack")
    p.add_argument("--tree", required=True)
    p.add_argument("--manifest", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--layers", type=int, default=4)
    v = sub.add_parser("verify")
    v.add_argument("--manifest", required=True)
    v.add_argument("--report", required=True)
    v.add_argument("--deleted", required=True)
    a = ap.parse_args()
    return cmd_pack(a) if a.command == "pack" else cmd_verify(a)


if __name__ == "__main__":
    sys.exit(main())
