#!/usr/bin/env python3
"""ivan.mk.py DST TOKGEN

Finishes ivan's home after tests/e2e/materialize.py has planted the
%NAME_N% placeholders in DST: the parts no static placeholder can hold.

  .ssh/id_ed25519        tokgen openssh 4001 (cipher none: a credential)
  .ssh/deploy_key        tokgen pem-rsa 4002 (unencrypted PEM)
  .ssh/id_rsa_legacy     tokgen pem-rsa-enc 4003 (Proc-Type: 4,ENCRYPTED)
  .ssh/backup_ed25519    tokgen openssh-enc 4004 (aes256-ctr + bcrypt)
  projects/api/certs/signing.pem  tokgen pkcs8-enc 4005
  %IVAN_DOCKER_AUTH%     .docker/config.json: base64 of "ivan:<password>"
  %IVAN_NPM_AUTH%        .npmrc _auth: base64 of "ivan:<password>"
  %IVAN_NPM_PASSWORD%    .npmrc _password: base64 of a password
  %IVAN_GPG_D%           .gnupg unprotected key: a random hex MPI
  %IVAN_RUBYGEMS%        .gem/credentials and .zsh_history line 5:
                         rubygems_ and 48 random hex

Prints the secrets it planted, one "NAME<TAB>value" per line, for the
leak checks (each key's PEM body on one line; each base64 value as
planted and its password).
"""
import base64
import os
import secrets
import subprocess
import sys


def tokgen(tool, kind, seed):
    return subprocess.run([tool, kind, str(seed)], check=True,
                          capture_output=True).stdout.decode()


def password():
    return "Pw" + secrets.token_urlsafe(12).replace("-", "x")


def substitute(path, pairs):
    data = open(path).read()
    for old, new in pairs:
        if old not in data:
            sys.exit(f"ivan.mk.py: {old} not found in {path}")
        data = data.replace(old, new)
    with open(path, "w") as f:
        f.write(data)


def main():
    dst, tool = sys.argv[1], sys.argv[2]
    keys = [(".ssh/id_ed25519", "openssh", 4001),
            (".ssh/deploy_key", "pem-rsa", 4002),
            (".ssh/id_rsa_legacy", "pem-rsa-enc", 4003),
            (".ssh/backup_ed25519", "openssh-enc", 4004),
            ("projects/api/certs/signing.pem", "pkcs8-enc", 4005)]
    for rel, kind, seed in keys:
        pem = tokgen(tool, kind, seed)
        path = os.path.join(dst, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(pem)
        os.chmod(path, 0o600)
        body = "".join(l for l in pem.splitlines()
                       if l and not l.startswith("-----") and ":" not in l)
        print(f"IVAN_KEY_{seed}\t{body}")
    docker_pw, npm_pw, npm_pw2 = password(), password(), password()
    docker_auth = base64.b64encode(f"ivan:{docker_pw}".encode()).decode()
    npm_auth = base64.b64encode(f"ivan:{npm_pw}".encode()).decode()
    npm_b64 = base64.b64encode(npm_pw2.encode()).decode()
    substitute(os.path.join(dst, ".docker", "config.json"),
               [("%IVAN_DOCKER_AUTH%", docker_auth)])
    substitute(os.path.join(dst, ".npmrc"),
               [("%IVAN_NPM_AUTH%", npm_auth),
                ("%IVAN_NPM_PASSWORD%", npm_b64)])
    gpg_d = "#" + secrets.token_hex(32).upper() + "#"
    gdir = os.path.join(dst, ".gnupg", "private-keys-v1.d")
    for name in os.listdir(gdir):
        p = os.path.join(gdir, name)
        if "%IVAN_GPG_D%" in open(p).read():
            substitute(p, [("%IVAN_GPG_D%", gpg_d)])
    rubygems = "rubygems_" + secrets.token_hex(24)
    for rel in (".gem/credentials", ".zsh_history"):
        substitute(os.path.join(dst, rel), [("%IVAN_RUBYGEMS%", rubygems)])
    print(f"IVAN_RUBYGEMS\t{rubygems}")
    print(f"IVAN_DOCKER_AUTH\t{docker_auth}")
    print(f"IVAN_DOCKER_PASSWORD\t{docker_pw}")
    print(f"IVAN_NPM_AUTH\t{npm_auth}")
    print(f"IVAN_NPM_PASSWORD\t{npm_pw}")
    print(f"IVAN_NPM_PASSWORD_B64\t{npm_b64}")
    print(f"IVAN_NPM_PASSWORD_2\t{npm_pw2}")
    print(f"IVAN_GPG_D\t{gpg_d[1:-1]}")


if __name__ == "__main__":
    main()
