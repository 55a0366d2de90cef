#!/usr/bin/env python3
"""carol.mk.py DST TOKGEN

Finishes carol's home after tests/e2e/materialize.py has planted the
%NAME_N% placeholders in DST: the parts no static placeholder can hold.

  %CAROL_AKIA_DEFAULT%   .aws/credentials [default]: tokgen aws-id 3001
  %CAROL_SECRET_DEFAULT% .aws/credentials [default]: tokgen aws-secret 3002
  %CAROL_SECRET_SESSION% .aws/credentials [session]: tokgen aws-secret 3003
  %CAROL_ASIA_CLI%       .aws/cli/cache/*.json: tokgen aws-session-id 3004
  %CAROL_SECRET_CLI%     .aws/cli/cache/*.json: tokgen aws-secret 3005
  %CAROL_AKIA_WORK%      work/aws-config [profile work-keys]: aws-id 3006
  %CAROL_SECRET_WORK%    work/aws-config [profile work-keys]: aws-secret 3007
  %CAROL_SA_KEY%         projects/deploy/sa-key.json private_key: tokgen
                         pkcs8 3008, JSON-escaped (the same key is also
                         stored in credentials.db, as gcloud does after
                         `gcloud auth activate-service-account`)
  %CAROL_GCP_REFRESH%    legacy_credentials/carol@example.com/adc.json:
                         "1//0g" and 60 random characters, also in
                         credentials.db
  %CAROL_GCLOUD_CLIENT_SECRET%  the same file: random

and writes gcloud's SQLite stores with python's sqlite3 module:

  .config/gcloud/credentials.db    carol@example.com (authorized_user,
                                   %CAROL_GCP_REFRESH%, two scopes) and
                                   deployer@carol-prod.iam.gserviceaccount.com
                                   (service_account, %CAROL_SA_KEY%)
  .config/gcloud/access_tokens.db  carol@example.com: a live ya29. token
                                   (token_expiry 2099-01-01 00:00:00.123456,
                                   an id_token naming her), and the
                                   deployer's expired token (2020-01-01
                                   10:00:00)

Prints the secrets it planted, one "NAME<TAB>value" per line, for the
leak checks. The key ids are not secrets and are not printed.
"""
import base64
import json
import os
import secrets
import sqlite3
import subprocess
import sys

B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def tokgen(tool, kind, seed):
    out = subprocess.run([tool, kind, str(seed)], check=True,
                         capture_output=True).stdout.decode()
    return out.rstrip("\n")


def rand(n, alphabet=B62):
    return "".join(secrets.choice(alphabet) for _ in range(n))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def substitute(path, pairs):
    data = open(path).read()
    for old, new in pairs:
        if old not in data:
            sys.exit(f"carol.mk.py: {old} not found in {path}")
        data = data.replace(old, new)
    with open(path, "w") as f:
        f.write(data)


def make_db(path, schema, insert, rows):
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute(schema)
    for row in rows:
        db.execute(insert, row)
    db.commit()
    db.close()
    os.chmod(path, 0o600)


def main():
    dst, tool = sys.argv[1], sys.argv[2]
    v = {
        "AKIA_DEFAULT": tokgen(tool, "aws-id", 3001),
        "SECRET_DEFAULT": tokgen(tool, "aws-secret", 3002),
        "SECRET_SESSION": tokgen(tool, "aws-secret", 3003),
        "ASIA_CLI": tokgen(tool, "aws-session-id", 3004),
        "SECRET_CLI": tokgen(tool, "aws-secret", 3005),
        "AKIA_WORK": tokgen(tool, "aws-id", 3006),
        "SECRET_WORK": tokgen(tool, "aws-secret", 3007),
        "GCP_REFRESH": "1//0g" + rand(60, B62 + "-_"),
        "GCLOUD_CLIENT_SECRET": rand(24),
    }
    pem = tokgen(tool, "pkcs8", 3008) + "\n"
    # JSON-escaped, as in a downloaded key file and in gcloud's store
    v["SA_KEY"] = json.dumps(pem)[1:-1]

    def sub(rel, *names):
        substitute(os.path.join(dst, rel),
                   [(f"%CAROL_{n}%", v[n]) for n in names])

    sub(".aws/credentials", "AKIA_DEFAULT", "SECRET_DEFAULT",
        "SECRET_SESSION")
    sub(".aws/cli/cache/8a0d2298130447c0a1730a9c6432ae67039e4c5e.json",
        "ASIA_CLI", "SECRET_CLI")
    sub("work/aws-config", "AKIA_WORK", "SECRET_WORK")
    sub("projects/deploy/sa-key.json", "SA_KEY")
    sub(".config/gcloud/legacy_credentials/carol@example.com/adc.json",
        "GCP_REFRESH", "GCLOUD_CLIENT_SECRET")

    gdir = os.path.join(dst, ".config/gcloud")
    user = json.dumps({
        "client_id": "32555940559.apps.googleusercontent.com",
        "client_secret": v["GCLOUD_CLIENT_SECRET"],
        "refresh_token": v["GCP_REFRESH"],
        "revoke_uri": "https://accounts.google.com/o/oauth2/revoke",
        "scopes": ["openid",
                   "https://www.googleapis.com/auth/cloud-platform"],
        "token_uri": "https://oauth2.googleapis.com/token",
        "type": "authorized_user",
    }, sort_keys=True, indent=2, separators=(",", ": "))
    sa = json.dumps({
        "client_email": "deployer@carol-prod.iam.gserviceaccount.com",
        "client_id": "104857392017465839201",
        "private_key": pem,
        "private_key_id": "5f1d3c9b7a2e4f6081726354a9b8c7d6e5f40312",
        "project_id": "carol-prod",
        "token_uri": "https://oauth2.googleapis.com/token",
        "type": "service_account",
    }, sort_keys=True, indent=2, separators=(",", ": "))
    make_db(os.path.join(gdir, "credentials.db"),
            'CREATE TABLE IF NOT EXISTS "credentials" '
            "(account_id TEXT PRIMARY KEY, value BLOB)",
            'REPLACE INTO "credentials" (account_id, value) VALUES (?,?)',
            [("carol@example.com", user),
             ("deployer@carol-prod.iam.gserviceaccount.com", sa)])

    live = "ya29.a0" + rand(150, B62 + "-_")
    stale = "ya29.c." + rand(150, B62 + "-_")
    header = b64url(b'{"alg":"RS256","kid":"1","typ":"JWT"}')
    payload = b64url(json.dumps({
        "iss": "https://accounts.google.com", "aud": "32555940559",
        "email": "carol@example.com", "email_verified": True,
        "exp": 4070908800, "sub": "1" + rand(20, "0123456789")}).encode())
    id_token = f"{header}.{payload}.{rand(86, B62 + '-_')}"
    make_db(os.path.join(gdir, "access_tokens.db"),
            'CREATE TABLE IF NOT EXISTS "access_tokens" '
            "(account_id TEXT PRIMARY KEY, access_token TEXT, "
            "token_expiry TIMESTAMP, rapt_token TEXT, id_token TEXT)",
            'REPLACE INTO "access_tokens" (account_id, access_token, '
            "token_expiry, rapt_token, id_token) VALUES (?,?,?,?,?)",
            [("carol@example.com", live, "2099-01-01 00:00:00.123456",
              None, id_token),
             ("deployer@carol-prod.iam.gserviceaccount.com", stale,
              "2020-01-01 10:00:00", None, None)])

    for name in ("SECRET_DEFAULT", "SECRET_SESSION", "SECRET_CLI",
                 "SECRET_WORK", "GCP_REFRESH", "GCLOUD_CLIENT_SECRET"):
        print(f"CAROL_{name}\t{v[name]}")
    # the key's body on one line (its armour lines are no secret)
    body = "".join(l for l in pem.splitlines() if not l.startswith("-----"))
    print(f"CAROL_SA_KEY_BODY\t{body}")
    print(f"CAROL_GCP_ACCESS_LIVE\t{live}")
    print(f"CAROL_GCP_ACCESS_STALE\t{stale}")
    print(f"CAROL_GCP_ID_TOKEN\t{id_token}")


if __name__ == "__main__":
    main()
