#!/usr/bin/python3
"""cdp_check.py - load an HTML report in headless Chromium and check it.

    cdp_check.py --json REPORT.json [--filter TERM] [--hostile NAME]...
                 [--screenshot PNG] [--timeout S] REPORT.html

Starts Debian's chromium with a fresh profile, no network (every host
name resolves to nothing) and the DevTools protocol on a pipe
(--remote-debugging-pipe: fd 3 carries commands in, fd 4 carries replies
and events out, each a JSON message ended by a NUL byte), so no websocket
and no pip package is needed. It enables the Page, Runtime and Log
domains, loads file://REPORT.html, and fails on any uncaught exception,
any console or log error (a Content-Security-Policy violation is one),
and any JavaScript dialog: the hostile file names in the fixtures call
alert(), so a dialog means markup from the data ran.

Then it checks the DOM against the JSON report of the same scan: the
summary cards and charts, one table row per credential over all pages,
that typing TERM in the filter leaves exactly the credentials whose kind,
label, rule, id, identity, surface, owner or a location contains it, that
each hostile NAME comes back as text in a row, the selects, sorting, and
that a row opens its details. With --screenshot it saves a PNG.

Prints one line per failure and "cdp: ok ..." at the end; exits 1 on any
failure, 2 when Chromium cannot be started (with the reason)."""
import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

# Runs inside the page. E is the expectation object; the result is
# {ok, notes}. Everything goes through the page's own controls (typing in
# the filter, choosing a select option, clicking headers and rows), as a
# person would.
CHECKS = r"""
(async () => {
  const E = __EXPECT__;
  const out = { ok: true, notes: [] };
  const fail = (m) => { out.ok = false; out.notes.push(m); };
  const eq = (what, got, want) => {
    if (got !== want)
      fail(what + ': got ' + JSON.stringify(got) + ', want ' +
        JSON.stringify(want));
  };
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const $ = (id) => document.getElementById(id);
  const rows = () => Array.from(document.querySelectorAll('#rows tr.cred'));
  const type = (v) => {
    $('filter').value = v;
    $('filter').dispatchEvent(new Event('input', { bubbles: true }));
  };
  const choose = (id, v) => {
    $(id).value = v;
    $(id).dispatchEvent(new Event('change', { bubbles: true }));
  };
  const ready = () => document.documentElement.dataset.ready === '1';
  for (let i = 0; i < 200 && !ready(); i++)
    await sleep(50);
  eq('page script ran (CSP hash accepted)',
    document.documentElement.dataset.ready, '1');
  if (!out.ok) return out;

  /* The overview, rendered in C, against the JSON report. */
  eq('total card', $('n-total').textContent, String(E.total));
  for (const r of ['critical', 'high', 'medium', 'low'])
    eq(r + ' card', $('n-' + r).textContent, String(E.by_risk[r]));
  const bars = (id) => Array.from(document.querySelectorAll('#' + id + ' g'))
    .reduce((s, g) => s + Number(g.dataset.count), 0);
  for (const id of ['chart-risk', 'chart-tier', 'chart-surface', 'chart-owner'])
    eq(id + ' total', bars(id), E.total);
  eq('matrix rows', document.querySelectorAll('#matrix tbody tr').length, 20);
  eq('error rows',
    document.querySelectorAll('#scan table.errors tbody tr').length, E.errors);

  /* The table: one row per credential across the pages. */
  eq('rows on the first page', rows().length, Math.min(E.page, E.total));
  let seen = rows().length, guard = 0;
  while (!$('next').disabled && guard++ < 10000) {
    $('next').click();
    seen += rows().length;
  }
  eq('rows over all pages', seen, E.total);
  while (!$('prev').disabled) $('prev').click();
  const ids = new Set();
  rows().forEach((tr) => ids.add(tr.dataset.id));
  eq('distinct ids on the first page', ids.size, rows().length);

  /* Nothing from the data became markup. */
  eq('img elements', document.querySelectorAll('img').length, 0);
  eq('script elements', document.scripts.length, 2);
  eq('iframes', document.querySelectorAll('iframe, object, embed').length, 0);

  /* Filtering by text narrows the rows, and the hostile names come back
   * as text, character for character. */
  if (E.filter) {
    type(E.filter);
    eq('rows matching ' + JSON.stringify(E.filter), rows().length,
      Math.min(E.page, E.filter_count));
    if (!(rows().length < Math.min(E.page, E.total)))
      fail('the filter did not shrink the table');
    type('');
    eq('rows after clearing the filter', rows().length,
      Math.min(E.page, E.total));
  }
  for (const h of E.hostile || []) {
    type(h);
    const found = rows().filter((tr) => tr.textContent.includes(h));
    if (found.length < 1) fail('no row shows the name ' + JSON.stringify(h));
  }
  type('nothing-matches-this-0f1e2d');
  eq('rows for a term that matches nothing', rows().length, 0);
  type('');

  /* The selects. */
  choose('f-risk', 'critical');
  eq('critical rows', rows().length, Math.min(E.page, E.by_risk.critical));
  if (rows().some((tr) => !tr.querySelector('.badge.risk-critical')))
    fail('a non-critical row under the critical filter');
  choose('f-risk', '');
  choose('f-tier', 'admin');
  eq('admin rows', rows().length, Math.min(E.page, E.by_tier.admin));
  choose('f-tier', '');
  for (const s of Object.keys(E.by_surface)) {
    choose('f-surface', s);
    eq('rows of surface ' + s, rows().length,
      Math.min(E.page, E.by_surface[s]));
  }
  choose('f-surface', '');

  /* Sorting by a column, both ways (the page compares code units). */
  const loc = () => rows().map((tr) => tr.children[6].firstChild.textContent);
  const sorted = (v, dir) => v.every((x, i) => i === 0 ||
    (dir > 0 ? v[i - 1] <= x : v[i - 1] >= x));
  const head = document.querySelector('#creds th button[data-key="location"]');
  head.click();
  eq('aria-sort after one click', head.parentNode.getAttribute('aria-sort'),
    'ascending');
  if (!sorted(loc(), 1)) fail('location column not ascending');
  head.click();
  if (!sorted(loc(), -1)) fail('location column not descending');
  const rk = { low: 0, medium: 1, high: 2, critical: 3 };
  const rhead = document.querySelector('#creds th button[data-key="risk"]');
  rhead.click();
  const risks = rows().map((tr) => rk[tr.querySelector('.badge').textContent]);
  if (!sorted(risks, 1)) fail('risk column not ascending');
  rhead.click();

  /* A row opens its details. */
  const first = rows()[0];
  if (first) {
    const id = first.dataset.id;
    first.click();
    const d = $('details');
    if (!d) {
      fail('clicking a row shows no details');
    } else {
      if (!d.textContent.includes(id)) fail('details do not show the id');
      if (!d.textContent.includes('not verified'))
        fail('details do not show the verification state');
      if (!d.querySelector('table.locations tr td'))
        fail('details list no location');
    }
  }
  out.notes.push('rows=' + seen);
  return out;
})()
"""


class Chromium:
    """A headless Chromium spoken to over --remote-debugging-pipe."""

    def __init__(self, binary, profile):
        to_r, to_w = os.pipe()       # our commands -> browser fd 3
        from_r, from_w = os.pipe()   # browser fd 4 -> our events
        # The child's ends go to numbers >= 10 first, so the dup2 onto 3
        # and 4 cannot clobber one with the other. Python's descriptors
        # are close-on-exec; dup2 clears that flag on 3 and 4 only.
        c_in = fcntl.fcntl(to_r, fcntl.F_DUPFD_CLOEXEC, 10)
        c_out = fcntl.fcntl(from_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_r)
        os.close(from_w)

        def child():
            os.dup2(c_in, 3)
            os.dup2(c_out, 4)

        args = [binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--no-default-browser-check",
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=" + profile, "--window-size=1280,1000",
                "--remote-debugging-pipe", "about:blank"]
        self.log = open(os.path.join(profile, "chromium.log"), "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=self.log,
                                     preexec_fn=child, close_fds=False)
        os.close(c_in)
        os.close(c_out)
        self.w = to_w
        self.r = from_r
        self.buf = b""
        self.next_id = 0
        self.events = []

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for f in (self.w, self.r):
            try:
                os.close(f)
            except OSError:
                pass
        self.log.close()

    def _read(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError("no answer from chromium")
            ready, _, _ = select.select([self.r], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.r, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed the pipe (crashed?)")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        mid = self.next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self.w, data):]
        deadline = time.time() + timeout
        while True:
            m = self._read(deadline)
            if m.get("id") == mid:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.on_event(m)

    def wait_event(self, method, timeout=60):
        deadline = time.time() + timeout
        for i, m in enumerate(self.events):
            if m.get("method") == method:
                del self.events[i]
                return m
        while True:
            m = self._read(deadline)
            self.on_event(m)
            if m.get("method") == method:
                self.events.remove(m)
                return m

    def on_event(self, m):
        if "method" in m:
            self.events.append(m)
            self.hook(m)

    def hook(self, m):
        pass


def owner_text(c):
    o = c.get("owner") or {}
    if o.get("user"):
        return o["user"]
    return "uid %d" % o["uid"] if o.get("uid") is not None else "unknown"


def expectations(doc, term, hostile):
    """What the page must show, from the JSON report of the same scan;
    the filter's haystack mirrors the page script's."""
    creds = doc["credentials"]
    summ = doc["summary"]
    exp = {"page": 200, "total": len(creds), "by_risk": summ["by_risk"],
           "by_tier": summ["by_tier"], "by_surface": summ["by_surface"],
           "errors": len(doc["errors"]), "hostile": hostile}
    if term:
        def hay(c):
            parts = [c["id"], c["kind"], c["label"], c["rule"] or "",
                     c["identity"] or "", c["surface"], owner_text(c)]
            parts += [l["path"] + (":%d" % l["line"] if l["line"] else "")
                      for l in c["locations"]]
            return "\n".join(parts).lower()
        exp["filter"] = term
        exp["filter_count"] = sum(1 for c in creds
                                  if term.lower() in hay(c))
    return exp


def main():
    args = sys.argv[1:]
    shot = report_json = term = None
    hostile = []
    timeout = 120.0
    while args and args[0].startswith("--"):
        opt = args.pop(0)
        if not args:
            print("cdp: %s needs a value" % opt, file=sys.stderr)
            return 2
        if opt == "--screenshot":
            shot = args.pop(0)
        elif opt == "--json":
            report_json = args.pop(0)
        elif opt == "--filter":
            term = args.pop(0)
        elif opt == "--hostile":
            hostile.append(args.pop(0))
        elif opt == "--timeout":
            timeout = float(args.pop(0))
        else:
            print("cdp: unknown option " + opt, file=sys.stderr)
            return 2
    if len(args) != 1 or not report_json:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    report = os.path.abspath(args[0])
    exp = expectations(json.load(open(report_json)), term, hostile)

    binary = os.environ.get("CHROMIUM") or shutil.which("chromium") or \
        shutil.which("chromium-browser")
    if not binary:
        print("cdp: cannot start chromium: no 'chromium' on PATH "
              "(install Debian's chromium package: scripts/deps.sh --test)",
              file=sys.stderr)
        return 2
    profile = tempfile.mkdtemp(prefix="credatlas-chromium.")
    problems = []
    b = None
    try:
        try:
            b = Chromium(binary, profile)
            b.send("Browser.getVersion", timeout=60)
        except Exception as e:
            log = ""
            try:
                log = open(os.path.join(profile, "chromium.log"),
                           errors="replace").read()[-2000:]
            except OSError:
                pass
            print("cdp: cannot start chromium (%s): %s\n%s" %
                  (binary, e, log), file=sys.stderr)
            return 2

        def hook(m):
            meth, p = m["method"], m.get("params", {})
            if meth == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                problems.append("uncaught exception: %s %s" % (
                    d.get("text"), d.get("exception", {}).get("description")))
            elif meth == "Runtime.consoleAPICalled" and \
                    p.get("type") in ("error", "assert"):
                problems.append("console.%s: %s" % (p.get("type"), [
                    a.get("value", a.get("description"))
                    for a in p.get("args", [])]))
            elif meth == "Log.entryAdded" and \
                    p.get("entry", {}).get("level") == "error":
                problems.append("log error: %s" % p["entry"].get("text"))
            elif meth == "Page.javascriptDialogOpening":
                problems.append("a JavaScript dialog opened (%s: %r): "
                                "data ran as code" %
                                (p.get("type"), p.get("message")))
                # Dismiss it, or the page stays blocked.
                sess = m.get("sessionId")
                msg = {"id": 10 ** 9 + len(problems),
                       "method": "Page.handleJavaScriptDialog",
                       "params": {"accept": True}, "sessionId": sess}
                os.write(b.w, json.dumps(msg).encode() + b"\0")
        b.hook = hook

        tid = b.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        sess = b.send("Target.attachToTarget",
                      {"targetId": tid, "flatten": True})["sessionId"]
        for dom in ("Page", "Runtime", "Log"):
            b.send(dom + ".enable", session=sess)
        b.send("Emulation.setDeviceMetricsOverride",
               {"width": 1280, "height": 1000, "deviceScaleFactor": 1,
                "mobile": False}, session=sess)
        t0 = time.time()
        nav = b.send("Page.navigate", {"url": "file://" + report},
                     session=sess)
        if nav.get("errorText"):
            problems.append("navigation failed: " + nav["errorText"])
        b.wait_event("Page.loadEventFired", timeout=timeout)
        loaded = time.time() - t0
        res = b.send("Runtime.evaluate",
                     {"expression": CHECKS.replace("__EXPECT__",
                                                   json.dumps(exp)),
                      "awaitPromise": True, "returnByValue": True},
                     session=sess, timeout=timeout)
        if "exceptionDetails" in res:
            problems.append("the checks threw: %s" %
                            res["exceptionDetails"].get("exception", {})
                            .get("description"))
        val = res.get("result", {}).get("value") or {}
        if not val.get("ok"):
            problems.extend(n for n in val.get("notes", [])
                            if not n.startswith("rows="))
        notes = [n for n in val.get("notes", []) if n.startswith("rows=")]
        if shot:
            # Leave the page as a person would first see it, details open.
            b.send("Runtime.evaluate", {"expression":
                   "window.scrollTo(0, 0)"}, session=sess)
            png = b.send("Page.captureScreenshot", {"format": "png"},
                         session=sess)["data"]
            os.makedirs(os.path.dirname(os.path.abspath(shot)),
                        exist_ok=True)
            with open(shot, "wb") as f:
                f.write(base64.b64decode(png))
        # Late events (a deferred alert) still count.
        try:
            b.send("Runtime.evaluate", {"expression": "1"}, session=sess,
                   timeout=10)
        except Exception as e:
            problems.append("page stopped answering: %s" % e)
    except Exception as e:
        problems.append("cdp: %s: %s" % (type(e).__name__, e))
        loaded, notes = 0.0, []
    finally:
        if b:
            b.close()
        shutil.rmtree(profile, ignore_errors=True)
    seen = {}
    for p in problems:
        seen[p] = seen.get(p, 0) + 1
    for p, k in seen.items():
        print("cdp: FAIL: %s%s" % (p, " (%d times)" % k if k > 1 else ""),
              file=sys.stderr)
    if problems:
        return 1
    print("cdp: ok %s loaded in %.1fs %s" % (os.path.basename(report),
                                            loaded, " ".join(notes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
