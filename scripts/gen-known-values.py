#!/usr/bin/env python3
"""Regenerates data/known_test_values.tsv: the fingerprints of widely
published test keys and documentation sample tokens, which credatlas drops
from its findings and lists under "ignored" as "known public test value".

The table holds SHA-256 digests of normalised values, never the values:

  - a PEM private key (BEGIN ... END, with real newlines or literal "\\n"
    escapes) is normalised to its base64 body: the lines between the
    BEGIN and END markers, less RFC 1421 header lines (those with a ':'),
    keeping only the characters A-Z a-z 0-9 + / =;
  - anything else is the value with leading and trailing whitespace
    removed.

scanners/rules/known.c normalises the same way; keep the two in step.

Sources (each row names the one it came from):

  - Debian packages fetched with `apt-get download` into a temporary
    directory (or read in place when installed), every PEM private key
    found in their files: the CPython test suite (libpython3.11-testsuite),
    Go's standard library tests (golang-1.19-src), OpenSSL's demos
    (libssl-doc), the test keys of Tornado, Twisted and pyOpenSSL, the
    xmlsec examples (libxmlsec1-dev) and Free Pascal's libmicrohttpd
    examples (fpc-source-3.2.2);
  - the CPython test suites of every pyenv-installed Python on this
    machine (~/.pyenv/versions/*/lib/python*/test), which carry the keys
    of older releases, and moto's proxy CA key from PyPI;
  - string literals assigned to a password, secret or token in the test
    suites and example programs named in HARVEST;
  - the values of password, secret, token and key fields in the AWS CLI
    and SDK documentation examples installed from PyPI (DOC_GLOBS);
  - documentation samples (DOC_SAMPLES below): the AWS example key pair,
    the jwt.io sample tokens (rebuilt from their documented header,
    payload and secret), the RFC 7519 example JWT, the Cargo Book's
    credentials.toml example token.

Usage: scripts/gen-known-values.py [--out data/known_test_values.tsv]
       [--no-download] [--extra DIR ...]

--no-download uses only installed packages and local trees; --extra adds a
directory of published test material (it is named in the rows). Node's test
keys (test/fixtures/keys in the Node.js sources) are not shipped by any
Debian binary package; add a checkout with --extra to include them.
"""
import argparse
import base64
import glob
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import tempfile

PACKAGES = [
    ("libpython3.11-testsuite", "CPython 3.11 test suite"),
    ("golang-1.19-src", "Go 1.19 standard library tests"),
    ("libssl-doc", "OpenSSL demos"),
    ("python3-tornado", "Tornado test keys"),
    ("python3-twisted", "Twisted test keys"),
    ("python3-openssl", "pyOpenSSL test keys"),
    ("libxmlsec1-dev", "xmlsec examples"),
    ("fpc-source-3.2.2", "Free Pascal libmicrohttpd examples"),
]

# Packages whose files under a path part are published samples: the string
# literals assigned to a password, secret or token there are listed too
# ("C.Password:='...'" in Free Pascal's examples, test passwords in CPython's
# test suite).
HARVEST = {
    "fpc-source-3.2.2": "/examples/",
    "libpython3.11-testsuite": "/test/",
    "CPython test suite (pyenv)": "/test/",
}
LITERAL_RE = re.compile(
    rb"(?:password|passwd|pwd|passphrase|secret|token)[A-Za-z0-9_]*"
    rb"[ \t]*(?::=|=|:)[ \t]*(['\"])([^'\"\\\r\n]{6,256})\1", re.I)

LOCAL_GLOBS = [
    ("~/.pyenv/versions/*/lib/python*/test", "CPython test suite (pyenv)"),
    ("~/.pyenv/versions/*/lib/python*/site-packages/moto/moto_proxy",
     "moto (PyPI) proxy CA, shipped in the wheel"),
]

# Provider documentation examples as installed from PyPI: every value of a
# key naming a password, secret, token or key in these files is a sample
# printed in the AWS CLI and SDK documentation.
DOC_GLOBS = [
    ("~/.pyenv/versions/*/lib/python*/site-packages/awscli/examples/**/*.rst",
     "AWS CLI documentation example"),
    ("~/.pyenv/versions/*/lib/python*/site-packages/botocore/data/**/"
     "examples-1.json", "AWS SDK (botocore) documentation example"),
]
DOC_PAIR_RE = re.compile(
    rb'"([A-Za-z0-9_-]*(?:password|passphrase|secret|token|key)'
    rb'[A-Za-z0-9_-]*)"\s*:\s*"([^"\\\r\n]{6,512})"'
    rb'|\b([A-Za-z0-9_-]*(?:password|secret|token|key))=([^\s,"&]{8,512})',
    re.I)


def jwt_hs256(header, payload, secret):
    """A JWT as jwt.io builds it: compact JSON, base64url, HMAC-SHA256."""
    def b64(b):
        return base64.urlsafe_b64encode(b).rstrip(b"=")

    def js(o):
        return json.dumps(o, separators=(",", ":")).encode()

    signing = b64(js(header)) + b"." + b64(js(payload))
    sig = hmac.new(secret.encode(), signing, hashlib.sha256).digest()
    return (signing + b"." + b64(sig)).decode()


HS256 = {"alg": "HS256", "typ": "JWT"}

# (value, kind, where it is published)
DOC_SAMPLES = [
    ("AKIAIOSFODNN7EXAMPLE", "aws-access-key",
     "AWS documentation example access key id"),
    ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws-access-key",
     "AWS documentation example secret access key"),
    ("ASIAIOSFODNN7EXAMPLE", "aws-session-key",
     "AWS documentation example temporary key id"),
    ("je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", "aws-access-key",
     "AWS documentation example secret access key (second)"),
    (jwt_hs256(HS256, {"sub": "1234567890", "name": "John Doe",
                       "iat": 1516239022}, "your-256-bit-secret"),
     "jwt", "jwt.io sample token (HS256, your-256-bit-secret)"),
    (jwt_hs256(HS256, {"sub": "1234567890", "name": "John Doe",
                       "admin": True, "iat": 1516239022},
               "a-string-secret-at-least-256-bits-long"),
     "jwt", "jwt.io sample token (HS256, admin claim)"),
    (jwt_hs256(HS256, {"some": "payload"}, "secret"),
     "jwt", "PyJWT README sample token (HS256, secret)"),
    (jwt_hs256({"typ": "JWT", "alg": "HS256"}, {"k": "value"},
               "your-secret-key"),
     "jwt", "joserfc README sample token (HS256, your-secret-key)"),
    ("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJle"
     "HAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVl"
     "fQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
     "jwt", "RFC 7519 section 3.1 example JWT"),
    ("854DvwSlUwEHtIo3kWy6x7UCPKHfzCmy", "sample",
     "The Cargo Book, Registries: the credentials.toml example token"),
]

PEM_RE = re.compile(
    rb"-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED )?)PRIVATE KEY-----"
    rb"(?:[A-Za-z0-9+/=\s\\:,]|-(?!----))*"
    rb"-----END \1PRIVATE KEY-----")
B64 = re.compile(rb"[^A-Za-z0-9+/=]")
MAX_FILE = 8 << 20


def normalise(value):
    """The bytes whose SHA-256 is the table's key (see the module doc)."""
    if isinstance(value, str):
        value = value.encode()
    begin = value.find(b"-----BEGIN ")
    if begin >= 0:
        head = value.find(b"-----", begin + 11)
        end = value.find(b"-----END", head + 5 if head >= 0 else begin)
        if head >= 0 and end >= 0:
            body = value[head + 5:end]
            body = body.replace(b"\\r", b"\n").replace(b"\\n", b"\n")
            body = body.replace(b"\r", b"\n")
            lines = [ln for ln in body.split(b"\n") if b":" not in ln]
            return B64.sub(b"", b"".join(lines))
    return value.strip(b" \t\r\n\f\v")


def digest(value):
    return hashlib.sha256(normalise(value)).hexdigest()


def keys_in_tree(root):
    """Yields (relative path, PEM block) for every private key under root."""
    for dirpath, _dirs, files in os.walk(root):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            try:
                if (os.path.islink(path) or
                        os.path.getsize(path) > MAX_FILE):
                    continue
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            if b"PRIVATE KEY-----" not in data:
                continue
            for m in PEM_RE.finditer(data):
                yield os.path.relpath(path, root), m.group(0)


def package_root(pkg, tmp, download):
    """Where the package's files are: / when installed, else an extracted
    download. Returns (root, file list or None for the whole root)."""
    st = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg],
                        capture_output=True, text=True)
    if st.returncode == 0 and "installed" in st.stdout.split():
        out = subprocess.run(["dpkg", "-L", pkg], capture_output=True,
                             text=True, check=True).stdout.split("\n")
        return "/", [p for p in out if p and os.path.isfile(p)]
    if not download:
        return None, None
    d = os.path.join(tmp, pkg)
    os.makedirs(d, exist_ok=True)
    r = subprocess.run(["apt-get", "download", pkg], cwd=d,
                       capture_output=True, text=True)
    debs = glob.glob(os.path.join(d, "*.deb"))
    if r.returncode != 0 or not debs:
        print(f"gen-known-values: cannot download {pkg}: "
              f"{r.stderr.strip()[:200]}", file=sys.stderr)
        return None, None
    root = os.path.join(d, "root")
    subprocess.run(["dpkg-deb", "-x", debs[0], root], check=True)
    return root, None


def keys_in_files(files):
    for path in files:
        try:
            if os.path.getsize(path) > MAX_FILE:
                continue
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            continue
        if b"PRIVATE KEY-----" not in data:
            continue
        for m in PEM_RE.finditer(data):
            yield path, m.group(0)


def literals_in(path, data):
    if not path.endswith((".py", ".pp", ".pas", ".inc")):
        return
    for m in LITERAL_RE.finditer(data):
        yield m.group(2)


def read_small(path):
    try:
        if os.path.islink(path) or os.path.getsize(path) > MAX_FILE:
            return None
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def harvest(root, files, part, what, add):
    """Adds the sample literals of the files under 'part'."""
    if files is None:
        files = [os.path.join(d, n) for d, _s, ns in os.walk(root)
                 for n in ns]
    for path in sorted(files):
        if part not in path:
            continue
        data = read_small(path)
        if data is None:
            continue
        rel = os.path.relpath(path, root)
        for value in literals_in(path, data):
            add(value, "sample", f"{what}: {rel}")


def kind_of(block):
    if b"ENCRYPTED" in block.split(b"\n", 2)[0] or b"Proc-Type" in block:
        return "private-key-encrypted"
    return "private-key"


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--out", default=os.path.join(
        here, "..", "data", "known_test_values.tsv"))
    ap.add_argument("--no-download", action="store_true")
    ap.add_argument("--extra", action="append", default=[])
    a = ap.parse_args()

    rows = {}

    def add(value, kind, source):
        h = digest(value)
        if len(normalise(value)) < 6:
            return
        if h not in rows or source < rows[h][1]:
            rows[h] = (kind, source)

    for value, kind, source in DOC_SAMPLES:
        add(value, kind, "doc: " + source)
    with tempfile.TemporaryDirectory(prefix="known-values-") as tmp:
        for pkg, what in PACKAGES:
            root, files = package_root(pkg, tmp, not a.no_download)
            if root is None:
                continue
            found = (keys_in_files(files) if files is not None
                     else keys_in_tree(root))
            for path, block in found:
                # A downloaded package is named by its installed path.
                rel = "/" + path if files is None else path
                add(block, kind_of(block), f"deb {pkg}: {rel}")
            if pkg in HARVEST:
                harvest(root, files, HARVEST[pkg], f"deb {pkg}", add)
    for pattern, what in LOCAL_GLOBS:
        for root in sorted(glob.glob(os.path.expanduser(pattern))):
            ver = root.split("/versions/")[-1].split("/")[0]
            for rel, block in keys_in_tree(root):
                add(block, kind_of(block),
                    f"{what}: Python {ver} test/{rel}")
            if what in HARVEST:
                harvest(root, None, "", f"{what}: Python {ver}", add)
    for pattern, what in DOC_GLOBS:
        for path in sorted(glob.glob(os.path.expanduser(pattern),
                                     recursive=True)):
            try:
                with open(path, "rb") as f:
                    data = f.read(MAX_FILE)
            except OSError:
                continue
            rel = path.split("site-packages/")[-1]
            for m in DOC_PAIR_RE.finditer(data):
                value = m.group(2) or m.group(4)
                add(value, "sample", f"{what}: {rel}")
    for root in a.extra:
        for rel, block in keys_in_tree(root):
            add(block, kind_of(block),
                f"extra {os.path.basename(root.rstrip('/'))}: {rel}")

    with open(a.out + ".tmp", "w") as f:
        f.write("# credatlas known public test values: SHA-256 of the "
                "normalised value,\n"
                "# its kind, and where it is published. Generated by "
                "scripts/gen-known-values.py;\n"
                "# do not edit by hand (the script says how values are "
                "normalised).\n")
        for h in sorted(rows):
            kind, source = rows[h]
            source = source.replace("\t", " ").replace("\n", " ")
            f.write(f"{h}\t{kind}\t{source}\n")
    os.replace(a.out + ".tmp", a.out)
    print(f"gen-known-values: {len(rows)} values -> {a.out}")


if __name__ == "__main__":
    main()
