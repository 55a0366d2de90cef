#!/usr/bin/env python3
"""materialize.py SRC DST TOKGEN

Copies the fixture tree SRC to DST, replacing every placeholder %NAME_N%
with a synthetic secret: tokens come from tests/tools/tokgen (shaped right,
valid checksums), %PASS_N% with a random password. Writes the planted
secrets, one per line, to DST.secrets so tests can prove none of them
leaks into any output. The repository itself holds no secret at all.
"""
import base64
import hashlib
import os
import re
import secrets
import shutil
import subprocess
import sys

PLACEHOLDER = re.compile(rb"%([A-Z][A-Z0-9_]*?)_([0-9]+)%")
ALIASES = {"FINE": "github_pat", "GLPAT": "glpat"}


def make_secret(tokgen, name, n, cache):
    key = (name, n)
    if key in cache:
        return cache[key]
    if name == "PASS":
        value = "Pw" + secrets.token_urlsafe(12).replace("-", "x")
    elif name.startswith("BASIC_"):
        # what actions/checkout persists: base64("x-access-token:" + token)
        inner = make_secret(tokgen, name[len("BASIC_"):], n, cache)
        value = base64.b64encode(b"x-access-token:" + inner.encode()).decode()
    elif name.endswith("_BAD"):
        kind = name[:-len("_BAD")].lower()
        seed = int(hashlib.sha256(f"{name}_{n}".encode()).hexdigest()[:8], 16)
        value = subprocess.run([tokgen, "--bad-checksum", kind, str(seed)],
                               check=True, capture_output=True
                               ).stdout.decode().strip()
    else:
        kind = ALIASES.get(name, name.lower())
        seed = int(hashlib.sha256(f"{name}_{n}".encode()).hexdigest()[:8], 16)
        out = subprocess.run([tokgen, kind, str(seed)], check=True,
                             capture_output=True).stdout.decode().strip()
        value = out.splitlines()[0]
    cache[key] = value
    return value


def main():
    src, dst, tokgen = sys.argv[1], sys.argv[2], sys.argv[3]
    if os.path.exists(dst):
        shutil.rmtree(dst)
    shutil.copytree(src, dst, symlinks=True)
    # git cannot track a directory named .git: fixtures store it as dot-git
    for dirpath, dirs, _ in os.walk(dst, topdown=False):
        for d in dirs:
            if d == "dot-git":
                os.rename(os.path.join(dirpath, d), os.path.join(dirpath, ".git"))
    cache = {}
    for dirpath, _, files in os.walk(dst):
        for f in files:
            p = os.path.join(dirpath, f)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            data = open(p, "rb").read()
            if b"%" not in data:
                continue

            def sub(m):
                name, n = m.group(1).decode(), m.group(2).decode()
                return make_secret(tokgen, name, n, cache).encode()

            new = PLACEHOLDER.sub(sub, data)
            if new != data:
                open(p, "wb").write(new)
    with open(dst + ".secrets", "w") as out:
        for (name, n), value in sorted(cache.items()):
            out.write(f"{name}_{n}\t{value}\n")


if __name__ == "__main__":
    main()
