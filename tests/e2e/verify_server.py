#!/usr/bin/env python3
"""verify_server.py PORTFILE LOGFILE CONFIG

A stand-in for every provider credatlas --verify asks, on 127.0.0.1 and a
free port (written to PORTFILE once listening). Each provider lives under
its own first path segment, so the test points each one there with
--verify-endpoint NAME=http://127.0.0.1:PORT/SEGMENT:

  /github/user                          GitHub REST: login, X-OAuth-Scopes,
                                        github-authentication-token-expiration
  /ghes/user                            GitHub Enterprise Server, the same
  /gitlab/api/v4/personal_access_tokens/self
  /aws/                                 STS GetCallerIdentity (POST, SigV4,
                                        checked here with an independent
                                        implementation), XML answers
  /npm/-/whoami
  /slack/api/auth.test                  a bad token is HTTP 200, ok false
  /hf/api/whoami-v2
  /openai/v1/models                     openai-organization header
  /anthropic/v1/models                  x-api-key, anthropic-version
  /dockerhub/v2/users/login             JSON username/password
  /gcp/tokeninfo                        form access_token; 400 when invalid

CONFIG is JSON: {"tokens": {SECRET: {"provider": SEGMENT, "mode": MODE,
...}}, "aws": {KEY_ID: SECRET}}. MODE is live, revoked, ratelimit (429 with
Retry-After: 1, then live), ratelimit403 (GitHub's 403 with
X-RateLimit-Remaining 0 and a reset time, then live), hang (no answer for
6 s), malformed (200 with broken JSON) or error500 (always 503). Extra
keys (login, scopes, role...) shape the live answer.

Every request is logged to LOGFILE as one JSON line: the segment, the
path, the secret it carried (or the AWS key id) and whether any secret
from CONFIG was seen anywhere in the request other than where its own
provider expects it. The test reads the log to prove each credential went
to its own provider only, and that without --verify nothing came at all.
"""
import hashlib
import hmac
import json
import re
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORTFILE, LOGFILE, CONFIG = sys.argv[1:4]
cfg = json.load(open(CONFIG))
TOKENS = cfg.get("tokens", {})
AWS = cfg.get("aws", {})
lock = threading.Lock()
counts = {}

AUTH_RE = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=(?P<kid>AKIA[A-Z2-7]{16})/(?P<date>\d{8})/"
    r"us-east-1/sts/aws4_request, SignedHeaders=(?P<signed>[a-z0-9;-]+), "
    r"Signature=(?P<sig>[0-9a-f]{64})$")


def sigv4_ok(handler, body, secret, m):
    """Recomputes the signature from the request as received."""
    amz_date = handler.headers.get("X-Amz-Date", "")
    if not re.fullmatch(r"\d{8}T\d{6}Z", amz_date) or amz_date[:8] != m["date"]:
        return False
    signed = m["signed"].split(";")
    if "host" not in signed or "x-amz-date" not in signed:
        return False
    path, _, query = handler.path.partition("?")
    params = sorted(urllib.parse.parse_qsl(query, keep_blank_values=True))
    cq = "&".join(urllib.parse.quote(k, safe="-_.~") + "=" +
                  urllib.parse.quote(v, safe="-_.~") for k, v in params)
    ch = "".join(f"{h}:{' '.join(handler.headers.get(h, '').split())}\n"
                 for h in signed)
    creq = "\n".join([handler.command, path, cq, ch, m["signed"],
                      hashlib.sha256(body).hexdigest()])
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date,
                     f"{m['date']}/us-east-1/sts/aws4_request",
                     hashlib.sha256(creq.encode()).hexdigest()])
    k = ("AWS4" + secret).encode()
    for part in (m["date"], "us-east-1", "sts", "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    want = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, m["sig"])


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=b"", headers=None, ctype="application/json"):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.handle_any(b"")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0") or 0)
        self.handle_any(self.rfile.read(n) if n else b"")

    def carried(self, seg, body):
        """The secret this request carries where its provider expects it."""
        h = self.headers
        auth = h.get("Authorization", "")
        if seg == "aws":
            m = AUTH_RE.match(auth)
            return m.group("kid") if m else None, m
        if seg == "gitlab":
            return h.get("PRIVATE-TOKEN"), None
        if seg == "anthropic":
            return h.get("x-api-key"), None
        if seg == "gcp":
            q = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
            return (q.get("access_token") or [None])[0], None
        if seg == "dockerhub":
            try:
                d = json.loads(body)
                return d.get("password"), d
            except ValueError:
                return None, None
        if auth.startswith("Bearer "):
            return auth[7:], None
        return None, None

    def handle_any(self, body):
        seg, _, rest = self.path.lstrip("/").partition("/")
        rest = "/" + rest
        secret, extra = self.carried(seg, body)
        raw = (self.requestline + "\n" + str(self.headers)).encode() + body
        stray = [s for s in list(TOKENS) + list(AWS.values())
                 if s.encode() in raw and s != secret]
        with lock:
            counts[secret] = counts.get(secret, 0) + 1
            nth = counts[secret]
            with open(LOGFILE, "a") as f:
                f.write(json.dumps({"endpoint": seg, "path": rest,
                                    "method": self.command,
                                    "secret": secret, "stray": stray,
                                    "n": nth}) + "\n")
        if seg == "aws":
            return self.aws(secret, extra, body)
        t = TOKENS.get(secret or "")
        if not t or t["provider"] != seg:
            return self.unauthorized(seg)
        mode = t.get("mode", "live")
        if mode == "hang":
            time.sleep(6)
            return self.reply(200, {})
        if mode == "error500":
            return self.reply(503, {"message": "unavailable"})
        if mode == "ratelimit" and nth == 1:
            return self.reply(429, {"message": "slow down"},
                              {"Retry-After": "1"})
        if mode == "ratelimit403" and nth == 1:
            return self.reply(403, {"message": "API rate limit exceeded"},
                              {"X-RateLimit-Remaining": "0",
                               "X-RateLimit-Reset": str(int(time.time()) + 1)})
        if mode == "malformed":
            return self.reply(200, '{"login": "oops", ')
        if mode == "revoked":
            return self.unauthorized(seg)
        return getattr(self, "live_" + seg)(t, rest, body, extra)

    def unauthorized(self, seg):
        if seg == "slack":
            return self.reply(200, {"ok": False, "error": "invalid_auth"})
        if seg == "gcp":
            return self.reply(400, {"error": "invalid_token",
                                    "error_description": "Invalid Value"})
        return self.reply(401, {"message": "Bad credentials"})

    def aws(self, kid, m, body):
        secret = AWS.get(kid or "")
        ok = (secret and m and self.command == "POST" and
              self.headers.get("Content-Type", "").startswith(
                  "application/x-www-form-urlencoded") and
              b"Action=GetCallerIdentity" in body and
              sigv4_ok(self, body, secret, m))
        if not ok:
            code = "InvalidClientTokenId" if not secret else \
                "SignatureDoesNotMatch"
            return self.reply(403, "<ErrorResponse xmlns=\"https://sts."
                              "amazonaws.com/doc/2011-06-15/\"><Error><Type>"
                              f"Sender</Type><Code>{code}</Code><Message>no"
                              "</Message></Error></ErrorResponse>",
                              ctype="text/xml")
        return self.reply(200, "<GetCallerIdentityResponse xmlns=\"https://"
                          "sts.amazonaws.com/doc/2011-06-15/\">"
                          "<GetCallerIdentityResult>"
                          "<Arn>arn:aws:iam::123456789012:user/alice</Arn>"
                          "<UserId>AIDAEXAMPLEUSERID1234</UserId>"
                          "<Account>123456789012</Account>"
                          "</GetCallerIdentityResult><ResponseMetadata>"
                          "<RequestId>x</RequestId></ResponseMetadata>"
                          "</GetCallerIdentityResponse>", ctype="text/xml")

    def live_github(self, t, rest, body, extra):
        if rest != "/user" or self.command != "GET":
            return self.reply(404, {"message": "Not Found"})
        h = {}
        if "scopes" in t:
            h["X-OAuth-Scopes"] = t["scopes"]
        if "expires" in t:
            h["github-authentication-token-expiration"] = t["expires"]
        return self.reply(200, {"login": t.get("login", "octocat"),
                                "id": 1}, h)

    def live_ghes(self, t, rest, body, extra):
        return self.live_github(t, rest, body, extra)

    def live_gitlab(self, t, rest, body, extra):
        if rest != "/api/v4/personal_access_tokens/self":
            return self.reply(404, {"message": "404 Not Found"})
        return self.reply(200, {"id": 4, "name": "laptop", "revoked": False,
                                "active": t.get("active", True),
                                "scopes": t.get("scopes", ["api"]),
                                "user_id": 3,
                                "expires_at": t.get("expires")})

    def live_npm(self, t, rest, body, extra):
        if rest != "/-/whoami":
            return self.reply(404, {})
        return self.reply(200, {"username": t.get("login", "npmuser")})

    def live_slack(self, t, rest, body, extra):
        if rest != "/api/auth.test" or self.command != "POST":
            return self.reply(404, {})
        return self.reply(200, {"ok": True, "url": "https://acme.slack.com/",
                                "team": "acme", "user": t.get("login", "bob"),
                                "team_id": "T1", "user_id": "U1"},
                          {"X-OAuth-Scopes": t.get("scopes", "chat:write")})

    def live_hf(self, t, rest, body, extra):
        if rest != "/api/whoami-v2":
            return self.reply(404, {})
        return self.reply(200, {"type": "user", "name": t.get("login", "hf"),
                                "auth": {"type": "access_token",
                                         "accessToken": {
                                             "displayName": "laptop",
                                             "role": t.get("role", "read")}}})

    def live_openai(self, t, rest, body, extra):
        if rest != "/v1/models":
            return self.reply(404, {})
        return self.reply(200, {"object": "list", "data": []},
                          {"openai-organization": "org-test123"})

    def live_anthropic(self, t, rest, body, extra):
        if rest != "/v1/models" or \
                self.headers.get("anthropic-version") != "2023-06-01":
            return self.reply(400, {"type": "error"})
        return self.reply(200, {"data": [], "has_more": False})

    def live_dockerhub(self, t, rest, body, extra):
        if rest != "/v2/users/login" or not extra or \
                extra.get("username") != t.get("login"):
            return self.reply(401, {"detail": "Incorrect authentication"})
        return self.reply(200, {"token": "jwt.for.test"})

    def live_gcp(self, t, rest, body, extra):
        if rest != "/tokeninfo":
            return self.reply(404, {})
        return self.reply(200, {"azp": "32555940559.apps", "aud": "32555940559",
                                "sub": "1234", "scope": t.get("scopes", ""),
                                "exp": str(t.get("exp", 4102444800)),
                                "expires_in": "3599",
                                "email": t.get("login", "carol@example.com"),
                                "email_verified": "true",
                                "access_type": "offline"})


def main():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    with open(PORTFILE + ".tmp", "w") as f:
        f.write(str(srv.server_address[1]))
    import os
    os.rename(PORTFILE + ".tmp", PORTFILE)
    srv.serve_forever()


if __name__ == "__main__":
    main()
