#!/usr/bin/env python3
"""dave.mk.py DST TOKGEN

Finishes dave's home after tests/e2e/materialize.py has planted the %NAME_N%
placeholders in DST: the parts no static placeholder can hold.

  %DAVE_CLIENT_CERT%  .kube/config client-certificate-data: base64 of a
                      self-signed EC certificate made now (CN=dave,
                      O=system:masters, valid 30 days)
  %DAVE_CLIENT_KEY%   .kube/config client-key-data: base64 of its
                      unencrypted PKCS#8 key
  %DAVE_AWS_KEY_ID%   .aws/credentials [prod]: tokgen aws-id 2001
  %DAVE_AWS_SECRET%   .aws/credentials [prod]: tokgen aws-secret 2002

Prints the secrets it planted, one "NAME<TAB>value" per line, for the
leak checks (the key's base64 as planted, and its PEM body on one line).
The certificate and the key id are not secrets. Needs the openssl CLI
(the python cryptography module is the fallback).
"""
import base64
import os
import subprocess
import sys
import tempfile


def make_pair():
    """Returns (cert_pem, key_pem) as bytes."""
    with tempfile.TemporaryDirectory() as td:
        key = os.path.join(td, "k.pem")
        crt = os.path.join(td, "c.pem")
        try:
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                 "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
                 "-out", crt, "-days", "30", "-subj",
                 "/O=system:masters/CN=dave"],
                check=True, capture_output=True)
            return open(crt, "rb").read(), open(key, "rb").read()
        except (OSError, subprocess.CalledProcessError):
            pass
    import datetime
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    k = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME,
                                         "system:masters"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "dave")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(k.public_key()).serial_number(4242)
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .sign(k, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM),
            k.private_bytes(serialization.Encoding.PEM,
                            serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()))


def tokgen(tool, kind, seed):
    out = subprocess.run([tool, kind, str(seed)], check=True,
                         capture_output=True).stdout.decode()
    return out.splitlines()[0]


def substitute(path, pairs):
    data = open(path).read()
    for old, new in pairs:
        if old not in data:
            sys.exit(f"dave.mk.py: {old} not found in {path}")
        data = data.replace(old, new)
    with open(path, "w") as f:
        f.write(data)


def main():
    dst, tool = sys.argv[1], sys.argv[2]
    cert, key = make_pair()
    cert_b64 = base64.b64encode(cert).decode()
    key_b64 = base64.b64encode(key).decode()
    substitute(os.path.join(dst, ".kube", "config"),
               [("%DAVE_CLIENT_CERT%", cert_b64),
                ("%DAVE_CLIENT_KEY%", key_b64)])
    key_id = tokgen(tool, "aws-id", 2001)
    secret = tokgen(tool, "aws-secret", 2002)
    substitute(os.path.join(dst, ".aws", "credentials"),
               [("%DAVE_AWS_KEY_ID%", key_id),
                ("%DAVE_AWS_SECRET%", secret)])
    body = "".join(l for l in key.decode().splitlines()
                   if l and not l.startswith("-----"))
    print(f"DAVE_CLIENT_KEY_B64\t{key_b64}")
    print(f"DAVE_CLIENT_KEY_PEM\t{body}")
    print(f"DAVE_AWS_SECRET\t{secret}")


if __name__ == "__main__":
    main()
