#!/usr/bin/env python3
"""fake_registry.py - a small OCI Distribution registry for t_image_pull.sh,
serving one OCI layout read-only on 127.0.0.1, behind the bearer-token flow.

    fake_registry.py LAYOUT PORTFILE LOG USER PASSWORD [TWOFACED]

Listens on a free loopback port (written to PORTFILE once listening).
  GET /v2/<name>/manifests/<tag or digest>  the layout's first manifest
  GET /v2/<name>/blobs/<digest>             307 to /storage/<digest> on
                                            "localhost" (another host to
                                            libcurl), as registries send
                                            blobs to storage elsewhere
  GET /storage/<digest>                     the blob; 403 and a LEAK line
                                            in LOG if an Authorization
                                            header came along
  GET /token?service=&scope=                {"token": ...} for USER's
                                            basic login, 401 otherwise
Without a valid bearer token, /v2/ answers 401 with
WWW-Authenticate: Bearer realm=...,service=...,scope=... The first
manifest request is answered 503 (the client must retry). LOG gets one
line per request: method, path, and which credentials came (never their
values). With TWOFACED (a blob digest), the second fetch of that blob
gets other bytes: its gzip header's mtime changed, so it decompresses to
the same tar but no longer matches its digest.
"""
import base64
import hashlib
import json
import os
import secrets
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAYOUT, PORTFILE, LOG, USER, PASSWORD = sys.argv[1:6]
TWOFACED = sys.argv[6] if len(sys.argv) > 6 else None
TOKEN = "tok-" + secrets.token_hex(16)
STATE = {"manifest_requests": 0, "fetches": {}}


def blob_path(digest):
    if not digest.startswith("sha256:") or len(digest) != 71:
        return None
    hexpart = digest[7:]
    if any(c not in "0123456789abcdef" for c in hexpart):
        return None
    return os.path.join(LAYOUT, "blobs", "sha256", hexpart)


def manifest():
    index = json.load(open(os.path.join(LAYOUT, "index.json")))
    desc = index["manifests"][0]
    return desc["digest"], desc["mediaType"], open(blob_path(desc["digest"]),
                                                   "rb").read()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def note(self, what):
        auth = self.headers.get("Authorization", "")
        kind = auth.split(" ", 1)[0] if auth else "none"
        with open(LOG, "a") as f:
            f.write("%s %s auth=%s %s\n" % (self.command,
                                             self.path.split("?")[0], kind,
                                             what))

    def send(self, code, body=b"", ctype="application/json", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def host(self):
        return "127.0.0.1:%d" % self.server.server_address[1]

    def bearer_ok(self):
        return self.headers.get("Authorization", "") == "Bearer " + TOKEN

    def challenge(self, name):
        realm = "http://%s/token" % self.host()
        self.note("challenged")
        self.send(401, b'{"errors":[{"code":"UNAUTHORIZED"}]}', headers=[
            ("WWW-Authenticate",
             'Bearer realm="%s",service="fake-registry",'
             'scope="repository:%s:pull"' % (realm, name))])

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/token":
            want = "Basic " + base64.b64encode(
                ("%s:%s" % (USER, PASSWORD)).encode()).decode()
            if self.headers.get("Authorization", "") != want:
                self.note("token refused")
                self.send(401, b'{"details":"bad login"}')
                return
            self.note("token given")
            self.send(200, json.dumps({"token": TOKEN}).encode())
            return
        if path.startswith("/storage/"):
            if "Authorization" in self.headers:
                self.note("LEAK")
                self.send(403)
                return
            p = blob_path(path[len("/storage/"):])
            if not p or not os.path.exists(p):
                self.send(404)
                return
            digest = path[len("/storage/"):]
            body = open(p, "rb").read()
            n = STATE["fetches"].get(digest, 0) + 1
            STATE["fetches"][digest] = n
            if digest == TWOFACED and n == 2 and body[:2] == b"\x1f\x8b":
                body = body[:4] + bytes([body[4] ^ 1]) + body[5:]
                self.note("storage, two-faced")
            else:
                self.note("storage")
            self.send(200, body, "application/octet-stream")
            return
        parts = path.split("/")
        # /v2/<name...>/manifests/<ref> or /v2/<name...>/blobs/<digest>
        if len(parts) < 5 or parts[1] != "v2":
            self.send(404)
            return
        name = "/".join(parts[2:-2])
        if not self.bearer_ok():
            self.challenge(name)
            return
        if parts[-2] == "manifests":
            STATE["manifest_requests"] += 1
            if STATE["manifest_requests"] == 1:
                self.note("503")
                self.send(503, b"{}")
                return
            digest, mtype, body = manifest()
            if parts[-1] not in ("1.0", digest):
                self.send(404, b'{"errors":[{"code":"MANIFEST_UNKNOWN"}]}')
                return
            self.note("manifest")
            self.send(200, body, mtype,
                      [("Docker-Content-Digest", digest)])
            return
        if parts[-2] == "blobs":
            self.note("redirect")
            self.send(307, b"", headers=[
                ("Location", "http://localhost:%d/storage/%s" %
                 (self.server.server_address[1], parts[-1]))])
            return
        self.send(404)


def main():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tmp = PORTFILE + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, PORTFILE)
    srv.serve_forever()


if __name__ == "__main__":
    main()
