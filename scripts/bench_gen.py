#!/usr/bin/env python3
"""bench_gen.py - the synthetic tree and the small helpers behind
`make bench` (scripts/bench.sh).

  bench_gen.py gen --tree DIR --manifest FILE --mib N --tokgen PATH [--seed S]
      Builds DIR (about N MiB) unless DIR and FILE already match this
      GEN_VERSION, N, S and tokgen's output; prints "FILES BYTES".
  bench_gen.py time [--stdout FILE] [--stderr FILE] -- CMD...
      Runs CMD once; prints "SECONDS PEAK_RSS_KIB EXIT_CODE CPU_SECONDS".
  bench_gen.py verify --tree DIR --manifest FILE --report JSON
      Checks that every planted secret is among the report's locations.
  bench_gen.py rgfound --tree DIR --manifest FILE --counts FILE
      The same check over ripgrep's `-c` output (files with a match).

The tree mixes source files (C, JS, Python; 2-64 KiB), node_modules trees
of small files (200 B-8 KiB), binaries (random bytes, 64 KiB-2 MiB) and
logs (1-6 MiB), every file at most 7 MiB. About fifty synthetic secrets
from tests/tools/tokgen are planted, one per file, some deep in nested
node_modules and in a 24-level directory chain. FILE, the manifest, lists
each as path, kind, preview (its first 8 characters), line. No secret is
ever printed: tokens go from tokgen straight into the tree.

Everything is deterministic for a given seed, so two machines benchmark
the same bytes.
"""
import argparse
import base64
import hashlib
import json
import os
import random
import re
import resource
import shutil
import stat
import subprocess
import sys
import time

# Bump when the tree's content changes: a tree is reused while its
# manifest names this version, the size, the seed and tokgen's output.
GEN_VERSION = 1
KIB = 1024
MIB = 1024 * 1024
MAX_FILE = 7 * MIB

# Share of the tree's bytes per category.
SHARES = {"logs": 0.35, "src": 0.30, "bin": 0.20, "deps": 0.15}

WORDS = """
account action adapter address agent alloc archive array asset async auth
backend batch bind block buffer build bundle byte cache call channel chunk
client close cluster codec column commit config connect context copy core
count cursor data debug decode default delta device dict digest dir dispatch
document domain driver encode engine entry env error event export field file
filter flag flush format frame handle hash header heap host index init input
item job journal kernel label layer layout length level limit line link list
load local lock log loop map mark match member merge message meta method mode
model module mount name node offset option order output owner packet page
parse parser path peer pipe plugin pointer policy pool port prefix process
profile queue range reader record region registry release remote render
report request reset resolve resource result retry route rule runner scan
schema scope segment select server service session shard signal size slot
socket source span stack state status store stream string symbol sync table
tag target task template text thread timer trace tree type unit update user
value vector version view volume walker window worker writer
""".split()

COMMENTS = """
keep the fast path free of allocations
the caller owns the returned buffer
this runs once per connection, not per request
retry with backoff when the peer is busy
do not hold the lock across the callback
values are validated before they reach the store
order matters here: flush before close
the cache is rebuilt lazily on the next lookup
older clients send the field without a prefix
see the protocol notes in docs for the framing
this mirrors the behaviour of the reference implementation
an empty list means no limit
the token is read from the environment, never from a file
credentials come from the keyring, not from this config
passwords are hashed with a per-user salt before storage
rotate the signing key every ninety days
the api key placeholder below is replaced at deploy time
""".strip().split("\n")

NEAR_C = [
    '\tconst char *token = getenv("GITHUB_TOKEN");',
    '\tif (!strncmp(s, "ghp_", 4) || !strncmp(s, "github_pat_", 11))',
    '#define PASSWORD_MAX 128',
    '\tpassword = ask_password(prompt, sizeof(prompt));',
    '\t/* api_key = "<your-api-key>" in the sample config */',
    '\tstatic const char example_key[] = "AKIAIOSFODNN7EXAMPLE";',
    '\tsecret = load_secret(ctx->keyring, "default");',
    '\t-----BEGIN PUBLIC KEY----- is accepted, private keys are not',
]
NEAR_JS = [
    "  apiKey: process.env.API_KEY,",
    "const token = await getToken(options);",
    "  headers: { Authorization: `Bearer ${token}` },",
    "  password: '',",
    "  secret: 'changeme',",
    "// tokens look like ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE'; // from the AWS docs",
    "  auth: { user: opts.user, password: opts.password },",
]
NEAR_PY = [
    '    token = os.environ.get("GITHUB_TOKEN", "")',
    "    password = getpass.getpass()",
    "API_KEY = None  # set via the environment",
    "    secret_key = settings.SECRET_KEY",
    '    url = "postgres://{user}:{password}@{host}/{db}".format(**cfg)',
    '    headers = {"Authorization": f"Bearer {token}"}',
    '    aws_secret_access_key = "<your-secret-key>"',
    '    if key.startswith("-----BEGIN"):',
]
NEAR_LOG = [
    "auth: token refreshed for {user} (token=***)",
    "http: request headers redacted: Authorization: Bearer <redacted>",
    "config: loaded api_key=${{API_KEY}} from environment",
    "db: connecting to postgres://{user}@db.internal:5432/app",
    "ssh: accepted publickey for {user} from {ip}",
    "vault: lease renewed for secret/data/{word}",
]


class Text:
    """Deterministic generators of code-, log- and doc-like text."""

    def __init__(self, rng):
        self.r = rng

    def word(self):
        return self.r.choice(WORDS)

    def snake(self, n=2):
        return "_".join(self.word() for _ in range(self.r.randint(1, n)))

    def camel(self, n=2):
        w = [self.word() for _ in range(self.r.randint(1, n))]
        return w[0] + "".join(x.capitalize() for x in w[1:])

    def pascal(self):
        return "".join(self.word().capitalize()
                       for _ in range(self.r.randint(1, 3)))

    def sentence(self):
        return " ".join(self.word() for _ in range(self.r.randint(4, 12)))

    def hexs(self, n):
        return "%0*x" % (n, self.r.getrandbits(4 * n))

    def ip(self):
        return "10.%d.%d.%d" % (self.r.randint(0, 255),
                                self.r.randint(0, 255), self.r.randint(1, 254))

    def c_lines(self, out):
        r = self.r
        out.append("#include <%s.h>" % r.choice(
            ["stdio", "stdlib", "string", "errno", "stdint", "unistd"]))
        if r.random() < 0.3:
            out.append("/* %s */" % r.choice(COMMENTS))
        fn, ty, v = self.snake(), self.snake(), self.word()
        out.append("")
        out.append("static int\n%s(struct %s *%s, size_t n)" % (fn, ty, v))
        out.append("{")
        for _ in range(r.randint(4, 30)):
            k = r.random()
            a, b = self.snake(), self.snake()
            if k < 0.25:
                out.append("\t%s->%s = %s(%s, n);" % (v, a, b, v))
            elif k < 0.4:
                out.append("\tif (%s->%s == NULL)\n\t\treturn -E%s;"
                           % (v, a, self.word().upper()))
            elif k < 0.5:
                out.append("\tfor (size_t i = 0; i < n; i++)\n"
                           "\t\t%s[i] = %s(%s, i);" % (a, b, v))
            elif k < 0.6:
                out.append('\tsnprintf(buf, sizeof(buf), "%s %%zu", n);'
                           % self.sentence())
            elif k < 0.7:
                out.append("\tmemcpy(%s, %s, sizeof(*%s));" % (a, b, a))
            elif k < 0.8:
                out.append("\t/* %s */" % r.choice(COMMENTS))
            elif k < 0.995:
                out.append("\t%s += %s_%s(%s) * %d;"
                           % (a, b, self.word(), v, r.randint(1, 4096)))
            else:
                out.append(r.choice(NEAR_C))
        out.append("\treturn 0;\n}")

    def js_lines(self, out):
        r = self.r
        if r.random() < 0.3:
            out.append("const %s = require('%s');"
                       % (self.camel(), self.snake().replace("_", "-")))
        fn, a, b = self.camel(), self.camel(), self.camel()
        out.append("")
        out.append("function %s(%s, %s) {" % (fn, a, b))
        for _ in range(r.randint(3, 25)):
            k = r.random()
            x, y = self.camel(), self.camel()
            if k < 0.3:
                out.append("  const %s = %s.%s(%s);" % (x, a, y, b))
            elif k < 0.45:
                out.append("  if (!%s) throw new Error('%s');"
                           % (a, self.sentence()))
            elif k < 0.6:
                out.append("  %s: %s.%s," % (x, b, y))
            elif k < 0.7:
                out.append("  // %s" % r.choice(COMMENTS))
            elif k < 0.8:
                out.append("  return %s.map((%s) => %s.%s).filter(Boolean);"
                           % (a, x, x, y))
            elif k < 0.995:
                out.append("  %s.%s = %s + %d;" % (b, x, y, r.randint(0, 999)))
            else:
                out.append(r.choice(NEAR_JS))
        out.append("}")
        if r.random() < 0.2:
            out.append("module.exports = { %s };" % fn)

    def py_lines(self, out):
        r = self.r
        if r.random() < 0.3:
            out.append("import %s" % self.snake())
        if r.random() < 0.2:
            out.append("\n\nclass %s(%s):" % (self.pascal(), self.pascal()))
        fn, a, b = self.snake(), self.snake(), self.snake()
        out.append("")
        out.append("def %s(%s, %s=None):" % (fn, a, b))
        out.append('    """%s."""' % self.sentence().capitalize())
        for _ in range(r.randint(3, 25)):
            k = r.random()
            x, y = self.snake(), self.snake()
            if k < 0.3:
                out.append("    %s = %s.%s(%s)" % (x, a, y, b))
            elif k < 0.45:
                out.append("    if %s is None:\n        raise ValueError(%r)"
                           % (x, self.sentence()))
            elif k < 0.6:
                out.append("    for %s in %s:\n        %s.append(%s)"
                           % (x, a, b, x))
            elif k < 0.7:
                out.append("    # %s" % r.choice(COMMENTS))
            elif k < 0.995:
                out.append("    %s[%r] = %s + %d" % (b, x, y, r.randint(0, 99)))
            else:
                out.append(r.choice(NEAR_PY))
        out.append("    return %s" % b)

    def log_line(self, ts):
        r = self.r
        lvl = r.choice(["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"])
        comp = r.choice(["http", "db", "cache", "auth", "queue", "sched",
                         "worker", "grpc"])
        k = r.random()
        if k < 0.35:
            msg = "%s /api/v%d/%s/%d %d %dms" % (
                r.choice(["GET", "GET", "POST", "PUT", "DELETE"]),
                r.randint(1, 3), self.word(), r.randint(1, 99999),
                r.choice([200, 200, 200, 201, 204, 304, 404, 500]),
                r.randint(1, 3000))
        elif k < 0.5:
            msg = "request id=%s user=%s ip=%s" % (
                self.hexs(16), self.word(), self.ip())
        elif k < 0.6:
            msg = json.dumps({"msg": self.sentence(), "trace_id":
                              self.hexs(32), "span": self.hexs(16)})
        elif k < 0.7:
            msg = "cache miss key=%s:%d size=%d" % (
                self.word(), r.randint(1, 99999), r.randint(0, 1 << 20))
        elif k < 0.78:
            msg = "    at %s (/srv/app/lib/%s.js:%d:%d)" % (
                self.camel(), self.word(), r.randint(1, 900),
                r.randint(1, 80))
        elif k < 0.995:
            msg = self.sentence()
        else:
            msg = r.choice(NEAR_LOG).format(user=self.word(), ip=self.ip(),
                                            word=self.word())
        return "%s %-5s [%s] %s" % (ts, lvl, comp, msg)

    def md_lines(self, out):
        out.append("## %s" % self.sentence().capitalize())
        out.append("")
        for _ in range(self.r.randint(2, 6)):
            out.append(self.sentence().capitalize() + ". " +
                       self.sentence() + ".")
        out.append("")
        out.append("```js\nconst %s = require('%s');\n```" % (
            self.camel(), self.word()))
        out.append("")


class Corpus:
    """A few MiB of text of one flavour; files are slices of it taken at
    line starts, so making a file costs a slice, not a generator run."""

    def __init__(self, fill, nbytes):
        lines = []
        size = 0
        while size < nbytes:
            n = len(lines)
            fill(lines)
            size += sum(len(x) + 1 for x in lines[n:])
        self.data = ("\n".join(lines) + "\n").encode()

    def take(self, rng, size):
        d = self.data
        start = d.find(b"\n", rng.randrange(len(d))) + 1
        out = d[start:start + size]
        while len(out) < size:
            out += d[:size - len(out)]
        cut = out.rfind(b"\n")
        return out[:cut + 1] if cut > 0 else out


class Tree:
    def __init__(self, root, seed, mib):
        self.root = root
        self.r = random.Random(seed)
        self.t = Text(random.Random(seed + 1))
        self.budget = mib * MIB
        self.files = 0
        self.bytes = 0
        self.paths = set()
        self.dirs = set()

    def write(self, rel, data):
        assert rel not in self.paths and len(data) <= MAX_FILE, rel
        self.paths.add(rel)
        d = os.path.dirname(rel)
        if d not in self.dirs:
            os.makedirs(os.path.join(self.root, d), exist_ok=True)
            self.dirs.add(d)
        with open(os.path.join(self.root, rel), "wb") as f:
            f.write(data)
        self.files += 1
        self.bytes += len(data)

    def unique(self, rel):
        base, ext = os.path.splitext(rel)
        n = 1
        while rel in self.paths:
            rel = "%s-%d%s" % (base, n, ext)
            n += 1
        return rel


def build_corpora(t):
    c = {}
    c["c"] = Corpus(t.c_lines, 4 * MIB)
    c["js"] = Corpus(t.js_lines, 4 * MIB)
    c["py"] = Corpus(t.py_lines, 4 * MIB)
    c["md"] = Corpus(t.md_lines, 1 * MIB)
    def fill_log(lines):
        ts = "2024-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
            t.r.randint(1, 12), t.r.randint(1, 28), t.r.randint(0, 23),
            t.r.randint(0, 59), t.r.randint(0, 59), t.r.randint(0, 999))
        lines.append(t.log_line(ts))
    c["log"] = Corpus(fill_log, 8 * MIB)
    return c


EXT = {"c": [".c", ".c", ".h"], "js": [".js", ".js", ".ts", ".mjs"],
       "py": [".py"]}


def src_dirs(tr, n):
    """A random directory tree of about n directories, up to 6 deep."""
    r = tr.r
    dirs = ["src", "lib", "tests", "scripts", "include", "docs"]
    while len(dirs) < n:
        parent = r.choice(dirs)
        if parent.count("/") < 5:
            dirs.append(parent + "/" + tr.t.snake(1))
    return dirs


def gen_binaries(tr, projects, budget):
    r = tr.r
    done = 0
    n = 0
    while done < budget:
        size = r.randint(64 * KIB, 2 * MIB)
        # An ELF-like header (its NULs make it binary to every tool) and
        # random bytes.
        data = (b"\x7fELF\x02\x01\x01\x00" + bytes(8) +
                r.randbytes(size - 16))
        if n % 3 == 0:
            rel = "opt/%s/bin/%s" % (tr.t.word(), tr.t.snake())
        else:
            rel = "projects/%s/build/%s" % (r.choice(projects), r.choice(
                ["%s.o", "lib%s.so", "%s", "%s.wasm"]) % tr.t.snake())
        tr.write(tr.unique(rel), data)
        done += size
        n += 1


def gen_logs(tr, corpora, budget):
    r = tr.r
    done = 0
    while done < budget:
        # The last log takes what is left, so the tree lands near its size.
        size = max(1 * MIB, min(r.randint(1 * MIB, 6 * MIB), budget - done))
        rel = "logs/%s/%s-2024%02d%02d.log" % (
            tr.t.word(), tr.t.word(), r.randint(1, 12), r.randint(1, 28))
        data = corpora["log"].take(r, size)
        tr.write(tr.unique(rel), data)
        done += len(data)


def gen_sources(tr, corpora, projects, budget):
    r = tr.r
    per = budget // len(projects)
    layout = {}
    for p in projects:
        lang = r.choice(["c", "js", "py"])
        dirs = src_dirs(tr, max(6, per // (33 * KIB) // 6))
        layout[p] = (lang, dirs)
        done = 0
        while done < per:
            flang = lang if r.random() < 0.7 else r.choice(["c", "js", "py"])
            size = r.randint(2 * KIB, 64 * KIB)
            rel = "projects/%s/%s/%s%s" % (p, r.choice(dirs), tr.t.snake(),
                                           r.choice(EXT[flang]))
            data = corpora[flang].take(r, size)
            tr.write(tr.unique(rel), data)
            done += len(data)
    return layout


def package_json(tr, name):
    r = tr.r
    deps = {tr.t.word(): "^%d.%d.%d" % (r.randint(0, 9), r.randint(0, 20),
                                        r.randint(0, 9))
            for _ in range(r.randint(0, 6))}
    doc = {
        "name": name,
        "version": "%d.%d.%d" % (r.randint(0, 9), r.randint(0, 20),
                                 r.randint(0, 30)),
        "description": tr.t.sentence(),
        "main": "lib/index.js",
        "license": "MIT",
        "dependencies": deps,
        "_resolved": "https://registry.npmjs.org/%s/-/%s-1.0.0.tgz"
        % (name, name.split("/")[-1]),
        # Long, random and next to a key: a near miss for generic rules.
        "_integrity": "sha512-" + base64.b64encode(r.randbytes(64)).decode(),
    }
    return (json.dumps(doc, indent=2) + "\n").encode()


def dep_size(r):
    # Log-uniform 200 B - 8 KiB: most files in a package are small.
    return int(200 * (8192 / 200) ** r.random())


def gen_deps(tr, corpora, projects, budget):
    """node_modules trees: packages nested up to 4 node_modules deep, each
    with files in lib/, dist/ and a few levels below. Returns the package
    directories, deepest last."""
    r = tr.r
    per = budget // len(projects)
    pkgs = []
    for p in projects:
        base = "projects/%s/node_modules" % p
        mine = []
        done = 0
        while done < per:
            name = tr.t.snake(2).replace("_", "-")
            if r.random() < 0.15:
                name = "@%s/%s" % (tr.t.word(), name)
            parent = None
            if mine and r.random() < 0.35:
                parent = r.choice(mine)
                if parent.count("/node_modules/") >= 4:
                    parent = None
            where = (parent + "/node_modules/" if parent else base + "/")
            pdir = where + name
            if any(pdir == x for x in mine[-8:]):
                continue
            mine.append(pdir)
            for rel, data in (("package.json", package_json(tr, name)),
                              ("README.md", corpora["md"].take(
                                  r, dep_size(r)))):
                rel = tr.unique(pdir + "/" + rel)
                tr.write(rel, data)
                done += len(data)
            sub = ["lib", "dist", "lib/" + tr.t.word()]
            for _ in range(r.randint(0, 3)):
                sub.append(r.choice(sub) + "/" + tr.t.word())
            for _ in range(r.randint(3, 30)):
                d = r.choice(sub)
                ext = r.choice([".js", ".js", ".js", ".d.ts", ".map"])
                data = corpora["js"].take(r, dep_size(r))
                rel = tr.unique("%s/%s/%s%s" % (pdir, d, tr.t.word(), ext))
                tr.write(rel, data)
                done += len(data)
        pkgs.extend(mine)
    pkgs.sort(key=lambda x: x.count("/"))
    return pkgs


DEEP_LEVELS = 24


def gen_deep(tr, corpora):
    """One chain of DEEP_LEVELS directories with a few files per level."""
    r = tr.r
    d = "deep"
    levels = []
    for i in range(DEEP_LEVELS):
        d += "/%s%02d" % (tr.t.word(), i)
        levels.append(d)
        for _ in range(r.randint(1, 3)):
            lang = r.choice(["c", "js", "py"])
            data = corpora[lang].take(r, r.randint(2 * KIB, 16 * KIB))
            tr.write(tr.unique("%s/%s%s" % (d, tr.t.snake(),
                                            EXT[lang][0])), data)
    return levels


# --- planted secrets -------------------------------------------------------

# (tokgen kind, where). Where: src = a source file in a project, env = a
# project's .env, nm = a top-level node_modules package, nm-deep = the
# most deeply nested packages, deep = the directory chain (level >= 12),
# log = a line in the middle of a large log, key = a key file of its own.
PLANTS = [
    ("ghp", "src"), ("ghp", "log"), ("ghp", "nm"), ("ghp", "deep"),
    ("gho", "src"), ("gho", "nm-deep"), ("ghu", "log"), ("ghs", "src"),
    ("ghr", "deep"),
    ("github_pat", "src"), ("github_pat", "env"), ("github_pat", "nm"),
    ("glpat", "src"), ("glpat", "log"), ("glpat-routable", "nm-deep"),
    ("glrt", "deep"),
    ("npm", "nm"), ("npm", "nm-deep"), ("npm", "src"),
    ("xoxb", "src"), ("xoxb", "log"), ("xoxp", "deep"), ("xapp", "nm"),
    ("hf", "src"), ("hf", "nm-deep"), ("hf", "env"),
    ("anthropic", "src"), ("anthropic", "deep"), ("anthropic-admin", "log"),
    ("openai", "src"), ("openai", "nm"), ("openai-legacy", "deep"),
    ("aws", "src"), ("aws", "env"), ("aws", "nm-deep"), ("aws", "log"),
    ("pypi", "src"), ("dckr", "deep"), ("sendgrid", "nm"), ("twilio", "src"),
    ("stripe", "src"), ("stripe-rk", "log"), ("gcp", "nm-deep"),
    ("jwt", "log"), ("password", "src"), ("password", "deep"),
    ("openssh", "key"), ("pem-rsa", "nm-deep"), ("pem-ec", "deep"),
    ("pkcs8", "src"), ("openssh-enc", "key"),
]

VARS = {
    "ghp": "GITHUB_TOKEN", "gho": "GH_OAUTH_TOKEN", "ghu": "GH_USER_TOKEN",
    "ghs": "GH_APP_TOKEN", "ghr": "GH_REFRESH_TOKEN",
    "github_pat": "GITHUB_PAT", "glpat": "GITLAB_TOKEN",
    "glpat-routable": "GITLAB_TOKEN", "glrt": "CI_RUNNER_TOKEN",
    "npm": "NPM_TOKEN", "xoxb": "SLACK_BOT_TOKEN", "xoxp": "SLACK_USER_TOKEN",
    "xapp": "SLACK_APP_TOKEN", "hf": "HF_TOKEN",
    "anthropic": "ANTHROPIC_API_KEY", "anthropic-admin": "ANTHROPIC_ADMIN_KEY",
    "openai": "OPENAI_API_KEY", "openai-legacy": "OPENAI_API_KEY",
    "pypi": "PYPI_TOKEN", "dckr": "DOCKER_TOKEN",
    "sendgrid": "SENDGRID_API_KEY", "twilio": "TWILIO_API_KEY",
    "stripe": "STRIPE_SECRET_KEY", "stripe-rk": "STRIPE_RESTRICTED_KEY",
    "gcp": "GOOGLE_API_KEY", "jwt": "SESSION_JWT", "password": "DATABASE_URL",
}

PEM_KINDS = ("openssh", "openssh-enc", "pem-rsa", "pem-ec", "pkcs8",
             "pkcs8-enc", "pem-rsa-enc")


def tokgen(path, kind, seed):
    out = subprocess.run([path, kind, str(seed)], check=True,
                         stdout=subprocess.PIPE).stdout.decode()
    return out.rstrip("\n")


def camel(name):
    w = name.lower().split("_")
    return w[0] + "".join(x.capitalize() for x in w[1:])


def snippet(kind, secret, lang):
    """Returns (text, preview, anchor): the lines that carry the secret in
    a file of language 'lang', and the part of the text whose line a
    scanner reports (for an AWS pair, the secret key's)."""
    text, preview = snippet_text(kind, secret, lang)
    anchor = secret.split(" ")[1] if kind == "aws" else preview
    return text, preview, anchor


def snippet_text(kind, secret, lang):
    if kind in PEM_KINDS:
        if lang == "py":
            return 'SIGNING_KEY = """%s"""' % secret, secret
        if lang == "js":
            esc = secret.replace("\n", "\\n")
            return "const privateKey = '%s';" % esc, esc
        return secret, secret
    if kind == "aws":
        kid, sec = secret.split(" ")
        if lang == "py":
            return ('session = boto3.Session(\n    aws_access_key_id="%s",\n'
                    '    aws_secret_access_key="%s",\n)' % (kid, sec)), kid
        if lang == "js":
            return ("const credentials = { accessKeyId: '%s', "
                    "secretAccessKey: '%s' };" % (kid, sec)), kid
        if lang == "log":
            return ("env AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s"
                    % (kid, sec)), kid
        return ("AWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=%s"
                % (kid, sec)), kid
    var = VARS[kind]
    value = secret
    if kind == "password":
        value = "postgres://app:%s@db.internal:5432/app" % secret
    if lang == "py":
        return '%s = "%s"' % (var, value), value
    if lang == "js":
        return "const %s = '%s';" % (camel(var), value), value
    if lang == "c":
        return '#define %s "%s"' % (var, value), value
    if lang == "log":
        if kind == "password":
            return "db: connecting to %s" % value, value
        return ("http: outgoing request headers: Authorization: Bearer %s"
                % value), value
    return "%s=%s" % (var, value), value  # env, sh


def insert_at_line(rng, data, text):
    """Inserts 'text' as whole lines at a random line start of 'data';
    returns (new data, 1-based line of the first inserted line)."""
    pos = data.find(b"\n", rng.randrange(max(1, len(data)))) + 1
    line = data.count(b"\n", 0, pos) + 1
    return data[:pos] + text.encode() + b"\n" + data[pos:], line


def plant_all(tr, corpora, tokgen_path, layout, pkgs, deep_levels):
    r = tr.r
    projects = sorted(layout)
    top_pkgs = [p for p in pkgs if p.count("/node_modules/") == 1]
    deep_pkgs = pkgs[-max(8, len(pkgs) // 50):]
    rows = []
    digest = hashlib.sha256()
    for i, (kind, where) in enumerate(PLANTS):
        secret = tokgen(tokgen_path, kind, 9000 + i)
        digest.update(secret.encode() + b"\0")
        p = r.choice(projects)
        lang_src, dirs = layout[p]
        if where == "src":
            lang = ["py", "js", "c"][i % 3]
            if kind in PEM_KINDS or kind == "aws":
                lang = "py"
            rel = "projects/%s/%s/%s%s" % (p, r.choice(dirs), tr.t.snake(),
                                           EXT[lang][0])
            body = corpora[lang].take(r, r.randint(2 * KIB, 64 * KIB))
        elif where == "env":
            lang = "env"
            rel = "projects/%s/%s" % (p, r.choice([".env", ".env.local",
                                                   "config/.env.production"]))
            body = b"NODE_ENV=production\nPORT=8080\nLOG_LEVEL=info\n"
        elif where in ("nm", "nm-deep"):
            lang = "js"
            pdir = r.choice(deep_pkgs if where == "nm-deep" else top_pkgs)
            rel = "%s/%s/%s.js" % (pdir, r.choice(["lib", "test/fixtures",
                                                   "dist"]), tr.t.word())
            body = corpora["js"].take(r, max(1 * KIB, dep_size(r)))
        elif where == "deep":
            lang = r.choice(["py", "js", "sh"])
            if kind in PEM_KINDS:
                lang = "pem"
            d = deep_levels[r.randint(12, len(deep_levels) - 1)]
            ext = {"py": ".py", "js": ".js", "sh": ".sh", "pem": ".pem"}
            rel = "%s/%s%s" % (d, tr.t.snake(), ext[lang])
            body = (b"" if lang == "pem" else
                    corpora[{"sh": "py"}.get(lang, lang)].take(
                        r, r.randint(2 * KIB, 16 * KIB)))
        elif where == "log":
            lang = "log"
            rel = "logs/%s/%s-2024%02d%02d.log" % (
                tr.t.word(), tr.t.word(), r.randint(1, 12), r.randint(1, 28))
            body = corpora["log"].take(r, r.randint(1 * MIB, 6 * MIB))
        else:  # key
            lang = "pem"
            rel = "projects/%s/deploy/keys/%s.key" % (p, tr.t.word())
            body = b""
        text, value, anchor = snippet(kind, secret, lang)
        if lang == "log":
            text = "2024-06-01T12:00:00.000Z DEBUG [http] " + text
        rel = tr.unique(rel)
        if body:
            data, line = insert_at_line(r, body, text)
        else:
            data, line = (text + "\n").encode(), 1
        line += text[:text.index(anchor)].count("\n")
        tr.write(rel, data)
        rows.append((rel, kind, value[:8], line))
    return rows, digest.hexdigest()


def walk_stats(root):
    files = total = 0
    for d, _, names in os.walk(root):
        for n in names:
            files += 1
            total += os.lstat(os.path.join(d, n)).st_size
    return files, total


def read_manifest(path):
    meta, rows = {}, []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# "):
                for kv in line[2:].split():
                    if "=" in kv:
                        k, v = kv.split("=", 1)
                        meta[k] = v
            elif line and not line.startswith("#"):
                p, kind, prev, ln = line.split("\t")
                rows.append((p, kind, prev, int(ln)))
    return meta, rows


def secrets_digest(tokgen_path):
    d = hashlib.sha256()
    for i, (kind, _) in enumerate(PLANTS):
        d.update(tokgen(tokgen_path, kind, 9000 + i).encode() + b"\0")
    return d.hexdigest()


def cmd_gen(a):
    tree = os.path.realpath(a.tree)
    want = {"version": str(GEN_VERSION), "mib": str(a.mib),
            "seed": str(a.seed)}
    if os.path.isdir(tree) and os.path.isfile(a.manifest):
        meta, rows = read_manifest(a.manifest)
        ok = all(meta.get(k) == v for k, v in want.items())
        if ok:
            ok = meta.get("secrets") == secrets_digest(a.tokgen)
        if ok:
            files, total = walk_stats(tree)
            ok = (str(files) == meta.get("files") and
                  str(total) == meta.get("bytes"))
        if ok:
            print("bench: reusing %s (%s files, %.1f MiB)"
                  % (tree, files, total / MIB), file=sys.stderr)
            print(files, total)
            return 0
        print("bench: %s does not match its manifest; regenerating" % tree,
              file=sys.stderr)
    t0 = time.time()
    tmp = tree + ".tmp"
    for d in (tmp, tree):
        if os.path.exists(d):
            shutil.rmtree(d)
    if os.path.exists(a.manifest):
        os.unlink(a.manifest)
    os.makedirs(tmp)
    tr = Tree(tmp, a.seed, a.mib)
    print("bench: generating %s (about %d MiB)..." % (tree, a.mib),
          file=sys.stderr)
    corpora = build_corpora(tr.t)
    nproj = max(4, a.mib // 32)
    projects = sorted({"%s-%s" % (tr.t.word(), tr.t.word())
                       for _ in range(nproj * 2)})[:nproj]
    b = tr.budget
    layout = gen_sources(tr, corpora, projects, int(b * SHARES["src"]))
    pkgs = gen_deps(tr, corpora, projects, int(b * SHARES["deps"]))
    deep = gen_deep(tr, corpora)
    rows, digest = plant_all(tr, corpora, a.tokgen, layout, pkgs, deep)
    gen_binaries(tr, projects, int(b * SHARES["bin"]))
    gen_logs(tr, corpora, b - tr.bytes)
    os.rename(tmp, tree)
    with open(a.manifest + ".tmp", "w") as f:
        f.write("# credatlas bench manifest: planted secrets, one per file\n")
        f.write("# " + " ".join("%s=%s" % kv for kv in want.items()) + "\n")
        f.write("# files=%d bytes=%d secrets=%s\n"
                % (tr.files, tr.bytes, digest))
        f.write("# path\tkind\tpreview\tline\n")
        for row in rows:
            f.write("%s\t%s\t%s\t%d\n" % row)
    os.rename(a.manifest + ".tmp", a.manifest)
    print("bench: wrote %d files, %.1f MiB, %d planted secrets in %.1f s"
          % (tr.files, tr.bytes / MIB, len(rows), time.time() - t0),
          file=sys.stderr)
    print(tr.files, tr.bytes)
    return 0


def cmd_time(a):
    cmd = a.argv[1:] if a.argv[:1] == ["--"] else a.argv
    with open(a.stdout, "wb") as out, open(a.stderr, "wb") as err:
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdout=out, stderr=err)
        t1 = time.perf_counter()
    # ru_maxrss of the children is what GNU time's %M reports (KiB); CPU
    # time tells a slow tool from a busy machine.
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    print("%.4f %d %d %.4f" % (t1 - t0, ru.ru_maxrss, p.returncode,
                               ru.ru_utime + ru.ru_stime))
    return 0


def planted_abs(tree, rows):
    tree = os.path.realpath(tree)
    return [(os.path.join(tree, p), p, kind, prev, ln)
            for p, kind, prev, ln in rows]


def cmd_verify(a):
    _, rows = read_manifest(a.manifest)
    with open(a.report) as f:
        doc = json.load(f)
    stats = doc.get("scan", {}).get("stats", {})
    seen = {}
    extra = {}
    planted = {x[0] for x in planted_abs(a.tree, rows)}
    for c in doc.get("credentials", []):
        mine = False
        for loc in c.get("locations", []):
            seen.setdefault(loc.get("path"), set()).add(loc.get("line"))
            mine = mine or loc.get("path") in planted
        if not mine:
            key = c.get("rule") or c.get("kind") or "?"
            extra[key] = extra.get(key, 0) + 1
    found = 0
    for full, rel, kind, prev, ln in planted_abs(a.tree, rows):
        lines = seen.get(full)
        if lines is None:
            print("bench: MISSED %s (%s, %s...) line %d"
                  % (rel, kind, prev, ln), file=sys.stderr)
            continue
        found += 1
        if ln not in lines and None not in lines:
            print("bench: note: %s found at line(s) %s, planted at %d"
                  % (rel, sorted(lines), ln), file=sys.stderr)
    if extra:
        print("bench: %d credential(s) outside the planted set, by rule: %s"
              % (sum(extra.values()), ", ".join(
                  "%s=%d" % kv for kv in sorted(extra.items()))),
              file=sys.stderr)
    print("FILES=%d BYTES=%d SKIPPED=%d ERRORS=%d FOUND=%d PLANTED=%d "
          "EXTRA=%d CREDS=%d" % (
              stats.get("files", 0), stats.get("bytes", 0),
              stats.get("skipped", 0), stats.get("errors", 0), found,
              len(rows), sum(extra.values()), len(doc.get("credentials", []))))
    return 0


def cmd_rgfound(a):
    _, rows = read_manifest(a.manifest)
    matched = set()
    with open(a.counts, "rb") as f:
        for line in f:
            p, _, _ = line.rstrip(b"\n").rpartition(b":")
            matched.add(os.fsdecode(p))
    found = sum(1 for x in planted_abs(a.tree, rows) if x[0] in matched)
    print("FOUND=%d PLANTED=%d MATCHED_FILES=%d" % (found, len(rows),
                                                     len(matched)))
    return 0


# The walker's rules for reading a file whole (scanners/core/run.c): no
# larger than --max-file-size, and no NUL in the first BINARY_SNIFF bytes
# (a binary file has only that head read).
BINARY_SNIFF = 8192
MAX_FILE_SIZE = 8 << 20
OPEN_RE = re.compile(r'^(?:\d+\s+)?(openat2?|open)\((.*)\) = \d+<(.*)>$')


def read_whole(path):
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_SIZE:
            return None
        with open(path, "rb") as f:
            if b"\0" in f.read(BINARY_SNIFF):
                return None
        return st.st_size
    except OSError:
        return None


def cmd_fileset(a):
    """The files credatlas read whole, so cat and ripgrep can be timed on
    the same set: from an strace -y log of the scan when there is one (the
    files it opened for reading), else every file of the tree; either way
    kept only when the walker reads them whole. Writes them NUL-separated
    to --out and prints SET_FILES, SET_BYTES and SET_FROM."""
    tree = os.path.realpath(a.tree)
    paths = []
    if a.trace:
        seen = set()
        with open(a.trace, errors="replace") as f:
            for line in f:
                m = OPEN_RE.match(line.rstrip("\n"))
                if not m or "O_PATH" in m.group(2) or \
                        "O_DIRECTORY" in m.group(2):
                    continue
                p = m.group(3)
                if p.startswith(tree + "/") and p not in seen:
                    seen.add(p)
                    paths.append(p)
    else:
        for d, _, names in os.walk(tree):
            paths.extend(os.path.join(d, n) for n in names)
    n = total = 0
    with open(a.out, "wb") as out:
        for p in sorted(paths):
            size = read_whole(p)
            if size is None:
                continue
            out.write(os.fsencode(p) + b"\0")
            n += 1
            total += size
    print("SET_FILES=%d SET_BYTES=%d SET_FROM=%s"
          % (n, total, "strace" if a.trace else "tree"))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    g = sub.add_parser("gen")
    g.add_argument("--tree", required=True)
    g.add_argument("--manifest", required=True)
    g.add_argument("--mib", type=int, required=True)
    g.add_argument("--tokgen", required=True)
    g.add_argument("--seed", type=int, default=1)
    t = sub.add_parser("time")
    t.add_argument("--stdout", default=os.devnull)
    t.add_argument("--stderr", default=os.devnull)
    t.add_argument("argv", nargs=argparse.REMAINDER)
    v = sub.add_parser("verify")
    v.add_argument("--tree", required=True)
    v.add_argument("--manifest", required=True)
    v.add_argument("--report", required=True)
    f = sub.add_parser("rgfound")
    f.add_argument("--tree", required=True)
    f.add_argument("--manifest", required=True)
    f.add_argument("--counts", required=True)
    s = sub.add_parser("fileset")
    s.add_argument("--tree", required=True)
    s.add_argument("--trace")
    s.add_argument("--out", required=True)
    a = ap.parse_args()
    return {"gen": cmd_gen, "time": cmd_time, "verify": cmd_verify,
            "rgfound": cmd_rgfound, "fileset": cmd_fileset}[a.command](a)


if __name__ == "__main__":
    sys.exit(main())
