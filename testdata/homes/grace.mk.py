#!/usr/bin/env python3
"""grace.mk.py DST TOKGEN

Finishes grace's home (AI agents and their MCP servers) after
tests/e2e/materialize.py has planted the %NAME_N% placeholders in DST: the
parts no static placeholder can hold.

  %GRACE_AWS_KEY_ID%   .aws/credentials [default]: tokgen aws-id 3001
  %GRACE_AWS_SECRET%   .aws/credentials [default]: tokgen aws-secret 3002
  %GRACE_CLAUDE_ACCESS%, %GRACE_CLAUDE_REFRESH%
                       .claude/.credentials.json: sk-ant-oat01- and
                       sk-ant-ort01- with 95 random characters and "AA"
  %GRACE_CLAUDE_EXPIRES% Unix milliseconds 30 days from now (Claude and
                       Gemini logins, the MCP OAuth token)
  %GRACE_CODEX_ID%, %GRACE_CODEX_ACCESS%
                       .codex/auth.json: unsigned-looking JWTs (random
                       signature) for grace@example.test; the access
                       token's exp is 10 days from now
  %GRACE_CODEX_REFRESH% .codex/auth.json: "rt_" and 40 random characters
  %GRACE_GEMINI_ACCESS%, %GRACE_GEMINI_REFRESH%
                       .gemini/oauth_creds.json: "ya29." and "1//0" with
                       random characters

Prints the secrets it planted, one "NAME<TAB>value" per line, for the leak
checks. The key id is not a secret.
"""
import base64
import json
import os
import secrets
import string
import subprocess
import sys
import time

ALNUM = string.ascii_letters + string.digits


def rand(n, alphabet=ALNUM + "-_"):
    return "".join(secrets.choice(alphabet) for _ in range(n))


def b64url(obj):
    raw = json.dumps(obj, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def jwt(claims):
    return ".".join([b64url({"alg": "RS256", "typ": "JWT"}), b64url(claims),
                     rand(86)])


def tokgen(tool, kind, seed):
    out = subprocess.run([tool, kind, str(seed)], check=True,
                         capture_output=True).stdout.decode()
    return out.splitlines()[0]


def substitute(path, pairs):
    data = open(path).read()
    for old, new in pairs:
        if old not in data:
            sys.exit(f"grace.mk.py: {old} not found in {path}")
        data = data.replace(old, new)
    with open(path, "w") as f:
        f.write(data)


def main():
    dst, tool = sys.argv[1], sys.argv[2]
    key_id = tokgen(tool, "aws-id", 3001)
    secret = tokgen(tool, "aws-secret", 3002)
    substitute(os.path.join(dst, ".aws", "credentials"),
               [("%GRACE_AWS_KEY_ID%", key_id),
                ("%GRACE_AWS_SECRET%", secret)])
    print(f"GRACE_AWS_SECRET\t{secret}")
    now = int(time.time())
    planted = {
        "GRACE_CLAUDE_ACCESS": "sk-ant-oat01-" + rand(95) + "AA",
        "GRACE_CLAUDE_REFRESH": "sk-ant-ort01-" + rand(95) + "AA",
        "GRACE_CODEX_ID": jwt({"email": "grace@example.test",
                               "sub": "auth0|grace", "exp": now + 3600}),
        "GRACE_CODEX_ACCESS": jwt({"sub": "auth0|grace",
                                   "exp": now + 10 * 86400}),
        "GRACE_CODEX_REFRESH": "rt_" + rand(40, ALNUM),
        "GRACE_GEMINI_ACCESS": "ya29." + rand(150),
        "GRACE_GEMINI_REFRESH": "1//0" + rand(96),
    }
    expires = str((now + 30 * 86400) * 1000)
    substitute(os.path.join(dst, ".claude", ".credentials.json"),
               [("%GRACE_CLAUDE_ACCESS%", planted["GRACE_CLAUDE_ACCESS"]),
                ("%GRACE_CLAUDE_REFRESH%", planted["GRACE_CLAUDE_REFRESH"]),
                ("%GRACE_CLAUDE_EXPIRES%", expires)])
    substitute(os.path.join(dst, ".codex", "auth.json"),
               [("%GRACE_CODEX_ID%", planted["GRACE_CODEX_ID"]),
                ("%GRACE_CODEX_ACCESS%", planted["GRACE_CODEX_ACCESS"]),
                ("%GRACE_CODEX_REFRESH%", planted["GRACE_CODEX_REFRESH"])])
    substitute(os.path.join(dst, ".gemini", "oauth_creds.json"),
               [("%GRACE_GEMINI_ACCESS%", planted["GRACE_GEMINI_ACCESS"]),
                ("%GRACE_GEMINI_REFRESH%", planted["GRACE_GEMINI_REFRESH"]),
                ("%GRACE_CLAUDE_EXPIRES%", expires)])
    for name, value in planted.items():
        print(f"{name}\t{value}")


if __name__ == "__main__":
    main()
