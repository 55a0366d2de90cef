#!/usr/bin/env python3
"""ci_steps.py - runs the CI examples' shell steps as written, for
t_examples.sh.

    ci_steps.py github WORKFLOW JOB --skip NAME... [--env K=V]...
                [--secret K=V]...
    ci_steps.py gitlab FILE JOB [--env K=V]...

github: runs the job's `run:` steps in order with bash -e (GitHub's
default shell), in the current directory as GITHUB_WORKSPACE, with the
workflow's and the job's env, the step's env (${{ secrets.X }} from
--secret, ${{ steps.ID.outputs.K }} from earlier steps' GITHUB_OUTPUT),
then --env on top. `uses:` steps and the steps named by --skip (which must
exist) are passed over. Stops at the first failing step, as a job does.
gitlab: runs the job's `script:` (not before_script) as one shell script
under `set -e`, with the file's and the job's variables, then --env.

Prints one line per step ("run NAME: exit N" or "skip NAME") and exits
with the job's status. The YAML is read by a small parser of the subset
the examples use (block mappings and sequences, block scalars, plain and
quoted scalars, comments): python3-yaml may be missing. When PyYAML is
there, what the parser extracted is compared with PyYAML's reading, so a
construct the parser gets wrong fails the test instead of running a
different script.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


class YamlError(Exception):
    pass


def strip_comment(s):
    """Removes a trailing ' # comment' outside quotes."""
    q = None
    for i, ch in enumerate(s):
        if q:
            if ch == q:
                q = None
        elif ch in "'\"" and (i == 0 or s[i - 1] in " [{,:"):
            q = ch
        elif ch == "#" and (i == 0 or s[i - 1] in " \t"):
            return s[:i].rstrip()
    return s.rstrip()


def scalar(s):
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] == '"':
        return s[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if len(s) >= 2 and s[0] == s[-1] == "'":
        return s[1:-1].replace("''", "'")
    return s


class Parser:
    def __init__(self, text):
        self.lines = text.split("\n")
        self.i = 0

    def indent_of(self, line):
        return len(line) - len(line.lstrip(" "))

    def skip_blank(self):
        while self.i < len(self.lines):
            t = self.lines[self.i].strip()
            if t and not t.startswith("#"):
                return True
            self.i += 1
        return False

    def block(self, indent):
        """The node at exactly 'indent' from the current line on."""
        if not self.skip_blank():
            return None
        line = self.lines[self.i]
        if self.indent_of(line) != indent:
            raise YamlError("line %d: bad indentation" % (self.i + 1))
        if line.strip().startswith("- ") or line.strip() == "-":
            return self.sequence(indent)
        return self.mapping(indent)

    def block_scalar(self, parent_indent, style):
        out = []
        start = self.i
        ind = None
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if line.strip():
                n = self.indent_of(line)
                if n <= parent_indent:
                    break
                if ind is None:
                    ind = n
                if n < ind:
                    break
                out.append(line[ind:])
            else:
                out.append("")
            self.i += 1
        while out and out[-1] == "":
            out.pop()
            self.i -= 1
        if ind is None:
            raise YamlError("line %d: empty block scalar" % (start + 1))
        text = "\n".join(out)
        return text if style.endswith("-") else text + "\n"

    def value(self, rest, indent):
        """The value after 'key:' or '- ' at 'indent'; self.i is past its
        line."""
        rest = strip_comment(rest)
        if rest in ("|", "|-"):
            return self.block_scalar(indent, rest)
        if rest.startswith((">", "&", "*", "!")):
            raise YamlError("line %d: unsupported YAML" % self.i)
        if rest == "":
            if not self.skip_blank():
                return None
            n = self.indent_of(self.lines[self.i])
            if n <= indent:
                return None
            return self.block(n)
        if rest.startswith(("[", "{")):
            return rest  # flow collections stay raw: never run
        # a plain scalar may go on over more indented lines
        parts = [rest]
        if rest[0] not in "'\"":
            while self.i < len(self.lines):
                line = self.lines[self.i]
                t = line.strip()
                if not t or t.startswith("#") or \
                        self.indent_of(line) <= indent or \
                        re.match(r"^[^ '\"][^:]*:( |$)", t) or \
                        t.startswith("- "):
                    break
                parts.append(strip_comment(t))
                self.i += 1
        return scalar(" ".join(parts))

    def mapping(self, indent):
        out = {}
        while self.skip_blank():
            line = self.lines[self.i]
            n = self.indent_of(line)
            if n < indent:
                break
            if n > indent:
                raise YamlError("line %d: bad indentation" % (self.i + 1))
            t = line.strip()
            if t.startswith("- "):
                break
            m = re.match(r"^([^:#'\"][^:]*|'[^']*'|\"[^\"]*\"):(?: (.*)|)$", t)
            if not m:
                raise YamlError("line %d: not a key" % (self.i + 1))
            key = scalar(m.group(1))
            self.i += 1
            if key in out:
                raise YamlError("line %d: key '%s' twice" % (self.i, key))
            out[key] = self.value(m.group(2) or "", indent)
        return out

    def sequence(self, indent):
        out = []
        while self.skip_blank():
            line = self.lines[self.i]
            n = self.indent_of(line)
            t = line.strip()
            if n != indent or not (t.startswith("- ") or t == "-"):
                if n > indent:
                    raise YamlError("line %d: bad indentation" % (self.i + 1))
                break
            rest = t[2:] if t != "-" else ""
            if re.match(r"^[^'\"|>\[{][^:]*:( |$)", rest):
                # "- key: value": a mapping whose keys sit at indent + 2
                self.lines[self.i] = " " * (indent + 2) + rest
                out.append(self.mapping(indent + 2))
            else:
                self.i += 1
                out.append(self.value(rest, indent))
        return out


def load(path):
    with open(path) as f:
        text = f.read()
    doc = Parser(text).block(0)
    try:
        import yaml
    except ImportError:
        return doc, None
    return doc, yaml.load(text, Loader=yaml.BaseLoader)


def env_value(v):
    return "" if v is None else str(v)


EXPR = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def expand(s, secrets, outputs):
    def one(m):
        e = m.group(1)
        g = re.fullmatch(r"secrets\.([A-Za-z_][A-Za-z0-9_]*)", e)
        if g:
            return secrets.get(g.group(1), "")
        g = re.fullmatch(r"steps\.([A-Za-z_][\w-]*)\.outputs\.(\w+)", e)
        if g:
            return outputs.get(g.group(1), {}).get(g.group(2), "")
        raise YamlError("cannot evaluate ${{ %s }}" % e)
    return EXPR.sub(one, s)


def shell():
    for sh in ("/bin/bash", "/usr/bin/bash"):
        if os.access(sh, os.X_OK):
            return [sh, "-e"]
    return ["/bin/sh", "-e"]


def pairs(items):
    out = {}
    for kv in items:
        k, _, v = kv.partition("=")
        out[k] = v
    return out


def github_steps(doc, job):
    j = doc["jobs"][job]
    wf_env = doc.get("env") or {}
    return ({k: env_value(v) for k, v in wf_env.items()},
            {k: env_value(v) for k, v in (j.get("env") or {}).items()},
            [{"name": s.get("name", ""), "id": s.get("id"),
              "uses": s.get("uses"), "run": s.get("run"),
              "env": {k: env_value(v) for k, v in
                      (s.get("env") or {}).items()}}
             for s in j["steps"]])


def run_github(path, job, skip, env_over, secrets):
    doc, ref = load(path)
    wf_env, job_env, steps = github_steps(doc, job)
    if ref is not None and github_steps(ref, job) != (wf_env, job_env,
                                                       steps):
        print("ci_steps: the small parser and PyYAML disagree on %s"
              % path, file=sys.stderr)
        return 3
    names = {s["name"] for s in steps}
    for n in skip:
        if n not in names:
            print("ci_steps: no step named '%s' to skip" % n,
                  file=sys.stderr)
            return 3
    tmp = tempfile.mkdtemp(prefix="ci-steps.")
    try:
        return run_github_steps(steps, wf_env, job_env, env_over, secrets,
                                skip, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_github_steps(steps, wf_env, job_env, env_over, secrets, skip, tmp):
    outputs = {}
    for k, s in enumerate(steps):
        label = s["name"] or s["uses"] or "step %d" % k
        if s["run"] is None or s["name"] in skip:
            print("skip %s" % label)
            continue
        out_file = os.path.join(tmp, "output-%d" % k)
        open(out_file, "w").close()
        env = dict(os.environ)
        env.update(wf_env)
        env.update(job_env)
        env.update({k2: expand(v, secrets, outputs)
                    for k2, v in s["env"].items()})
        env.update(env_over)
        env["GITHUB_WORKSPACE"] = os.getcwd()
        env["GITHUB_OUTPUT"] = out_file
        env.setdefault("RUNNER_TEMP", tmp)
        script = os.path.join(tmp, "step-%d.sh" % k)
        with open(script, "w") as f:
            f.write(expand(s["run"], secrets, outputs))
        rc = subprocess.call(shell() + [script], env=env)
        print("run %s: exit %d" % (label, rc))
        if s["id"]:
            with open(out_file) as f:
                outputs[s["id"]] = pairs(l.rstrip("\n") for l in f
                                         if "=" in l)
        if rc != 0:
            return rc
    return 0


def gitlab_job(doc, job):
    j = doc[job]
    return ({k: env_value(v) for k, v in
             (doc.get("variables") or {}).items()},
            {k: env_value(v) for k, v in (j.get("variables") or {}).items()},
            list(j.get("before_script") or []), list(j["script"]))


def run_gitlab(path, job, env_over):
    doc, ref = load(path)
    got = gitlab_job(doc, job)
    if ref is not None and gitlab_job(ref, job) != got:
        print("ci_steps: the small parser and PyYAML disagree on %s"
              % path, file=sys.stderr)
        return 3
    gvars, jvars, before, script = got
    print("skip before_script (%d commands)" % len(before))
    env = dict(os.environ)
    env.update(gvars)
    env.update(jvars)
    env.update(env_over)
    env["CI_PROJECT_DIR"] = os.getcwd()
    fd, sp = tempfile.mkstemp(prefix="ci-script.", suffix=".sh")
    with os.fdopen(fd, "w") as f:
        f.write("set -e\n")
        for cmd in script:
            f.write(cmd.rstrip("\n") + "\n")
    rc = subprocess.call(shell() + [sp], env=env)
    os.unlink(sp)
    print("run script: exit %d" % rc)
    return rc


def main(argv):
    kind, path, job = argv[1:4]
    skip, env_over, secrets = [], {}, {}
    i = 4
    while i < len(argv):
        opt, val = argv[i], argv[i + 1]
        if opt == "--skip":
            skip.append(val)
        elif opt == "--env":
            env_over.update(pairs([val]))
        elif opt == "--secret":
            secrets.update(pairs([val]))
        else:
            print("ci_steps: unknown option %s" % opt, file=sys.stderr)
            return 2
        i += 2
    try:
        if kind == "github":
            return run_github(path, job, skip, env_over, secrets)
        return run_gitlab(path, job, env_over)
    except (YamlError, KeyError) as e:
        print("ci_steps: %s: %s" % (path, e), file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main(sys.argv))
