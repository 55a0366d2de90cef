#!/usr/bin/env python3
"""grace.mk.py DST TOKGEN

Finishes grace's home (AI agents and their MCP servers) after
tests/e2e/materialize.py has planted the %NAME_N% placeholders in DST: the
parts no static placeholder can hold.

  %GRACE_AWS_KEY_ID%   .aws/credentials [default]: tokgen aws-id 3001
  %GRACE_AWS_SECRET%   .aws/credentials [default]: tokgen aws-secret 3002

Prints the secrets it planted, one "NAME<TAB>value" per line, for the leak
checks. The key id is not a secret.
"""
import os
import subprocess
import sys


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


if __name__ == "__main__":
    main()
