/* html.c - the report as one self-contained HTML page.
 *
 * No external assets: the style, the script and the charts (SVG) are
 * inline, and a Content-Security-Policy meta tag allows exactly that
 * script and that style, by their SHA-256 computed here as the page is
 * written, and nothing else (no network, no other script, no plug-in).
 * The page opens from disk in any browser.
 *
 * Every string that came from the scanned tree is hostile: a file may be
 * called "<img src=x onerror=alert(1)>.env". So:
 *  - what is rendered here in C (title, overview, charts, matrix, scan
 *    metadata, errors) is escaped for HTML text and attributes, with
 *    control characters and bidirectional overrides shown as escapes;
 *  - the credentials go in as the "credatlas/1" JSON document inside
 *    <script type="application/json">, where '<', '>', '&', U+2028 and
 *    U+2029 are written as \u escapes, so no string can close the element
 *    or start a comment; the script parses it and builds the table with
 *    DOM calls and textContent only, never markup from data.
 *
 * The table shows 200 rows a page, so 10,000 credentials stay usable:
 * filter (a substring of kind, identity, path, owner), risk, tier and
 * surface selects, sorting by any column, and a row opens its details
 * (locations, reasons, scopes, links, expiry, verification). Without
 * JavaScript the overview, matrix and scan sections still read fine. */
#include "lib/compat.h"
#include <jansson.h>
#include "lib/hash.h"
#include "lib/log.h"
#include "lib/strbuf.h"
#include "lib/xalloc.h"
#include "report/formats/emit.h"
#include "report/formats/json_p.h"
#include "report/model/risk.h"
#include "lib/banned.h"

#define FIELD_CAP    ((size_t)64 * 1024)  /* one escaped field */
#define ASSET_CAP    ((size_t)256 * 1024) /* the inline script or style */
#define LABEL_COLS   18 /* chart labels are cut to this many characters */
#define TOP_OWNERS   9  /* the owner chart's bars before "others" */
#define EXPOSURE_MAX 3  /* risk.c counts at most three factors */
#define ELLIPSIS     "\u2026"

/* The stylesheet; its hash goes into the Content-Security-Policy. */
/* clang-format off */
static const char *const page_css[] = {
	":root{--bg:#fff;--fg:#1d2330;--mute:#5b6475;--line:#d8dce4;--card:#f",
	"5f7fa;--accent:#2f5fb3;--low:#3b7dd8;--medium:#d39e00;--high:#e8590c",
	";--critical:#c92a2a;}\n",
	"@media (prefers-color-scheme:dark){:root{--bg:#14171c;--fg:#e3e6eb;-",
	"-mute:#9aa3b2;--line:#333a45;--card:#1d2129;--accent:#7aa7ff;}}\n",
	"*{box-sizing:border-box}\n",
	"body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 ",
	"system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}\n",
	"header.top{padding:16px 24px;border-bottom:1px solid var(--line)}\n",
	"h1{font-size:20px;margin:0 0 4px}\n",
	"h1 .sub{font-weight:400;color:var(--mute)}\n",
	"h2{font-size:17px;margin:28px 0 12px}\n",
	"h3{font-size:15px;margin:12px 0 6px}\n",
	"nav a{color:var(--accent);margin-right:16px;text-decoration:none}\n",
	"main{padding:0 24px 32px}\n",
	".meta,.note,footer{color:var(--mute)}\n",
	"footer{padding:16px 24px;border-top:1px solid ",
	"var(--line);font-size:12px}\n",
	".path,code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Conso",
	"las,monospace;font-size:12.5px;overflow-wrap:anywhere}\n",
	".cards{display:flex;flex-wrap:wrap;gap:12px}\n",
	".card{background:var(--card);border:1px solid ",
	"var(--line);border-radius:8px;padding:10px 16px;min-width:120px}\n",
	".card .n{display:block;font-size:24px;font-weight:600}\n",
	".card .l{color:var(--mute)}\n",
	".card.risk-critical .n{color:var(--critical)}\n",
	".card.risk-high .n{color:var(--high)}\n",
	".card.risk-medium .n{color:var(--medium)}\n",
	".card.risk-low .n{color:var(--low)}\n",
	".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(33",
	"0px,1fr));gap:16px;margin-top:16px}\n",
	"figure{margin:0;background:var(--card);border:1px solid ",
	"var(--line);border-radius:8px;padding:10px 12px}\n",
	"figcaption{font-weight:600;margin-bottom:6px}\n",
	"svg.chart{width:100%;height:auto;display:block}\n",
	"svg.chart text{fill:var(--fg);font-size:12px}\n",
	"svg.chart .bar{fill:var(--accent)}\n",
	"svg.chart .bar.risk-critical{fill:var(--critical)}\n",
	"svg.chart .bar.risk-high{fill:var(--high)}\n",
	"svg.chart .bar.risk-medium{fill:var(--medium)}\n",
	"svg.chart .bar.risk-low{fill:var(--low)}\n",
	".controls{display:flex;flex-wrap:wrap;gap:12px;align-items:center;ma",
	"rgin-bottom:10px}\n",
	".controls input,.controls select{font:inherit;padding:4px ",
	"6px;border:1px solid var(--line);border-radius:4px;background:var(--",
	"bg);color:var(--fg)}\n",
	".controls input{width:22em}\n",
	".count{color:var(--mute)}\n",
	"table{border-collapse:collapse;width:100%}\n",
	"th,td{text-align:left;padding:5px 8px;border-bottom:1px solid ",
	"var(--line);vertical-align:top;unicode-bidi:isolate}\n",
	"th button{font:inherit;font-weight:600;background:none;border:0;colo",
	"r:var(--fg);cursor:pointer;padding:0}\n",
	"th[aria-sort=ascending] button::after{content:' \\25B2'}\n",
	"th[aria-sort=descending] button::after{content:' \\25BC'}\n",
	"#rows tr.cred{cursor:pointer}\n",
	"#rows tr.cred:hover,#rows tr.cred.open{background:var(--card)}\n",
	"#rows tr.cred:focus{outline:2px solid ",
	"var(--accent);outline-offset:-2px}\n",
	".badge{display:inline-block;padding:0 ",
	"7px;border-radius:9px;color:#fff;font-size:12px;font-weight:600}\n",
	".badge.risk-critical{background:var(--critical)}\n",
	".badge.risk-high{background:var(--high)}\n",
	".badge.risk-medium{background:var(--medium)}\n",
	".badge.risk-low{background:var(--low)}\n",
	"td.risk-critical,td.risk-high,td.risk-medium,td.risk-low{color:#fff;",
	"font-weight:600;text-align:center}\n",
	"td.risk-critical{background:var(--critical)}\n",
	"td.risk-high{background:var(--high)}\n",
	"td.risk-medium{background:var(--medium)}\n",
	"td.risk-low{background:var(--low)}\n",
	".pager{display:flex;gap:12px;align-items:center;margin-top:10px}\n",
	".pager button,.details button{font:inherit;padding:3px ",
	"10px;border:1px solid var(--line);border-radius:4px;background:var(-",
	"-card);color:var(--fg);cursor:pointer}\n",
	".pager button:disabled{opacity:.4;cursor:default}\n",
	".details{padding:6px 4px 12px}\n",
	".details dl{display:grid;grid-template-columns:max-content ",
	"1fr;gap:3px 14px;margin:0}\n",
	".details dt{color:var(--mute)}\n",
	".details dd{margin:0}\n",
	".details ul{margin:4px 0;padding-left:20px}\n",
	".details table{width:auto}\n",
	".muted{color:var(--mute)}\n",
	"table.matrix{width:auto}\n",
	"table.matrix td,table.matrix th{text-align:center}\n",
	"table.matrix th[scope=row]{text-align:left}\n",
	"dl.scan{display:grid;grid-template-columns:max-content 1fr;gap:3px ",
	"16px}\n",
	"dl.scan dt{color:var(--mute)}\n",
	"dl.scan dd{margin:0}\n",
	NULL,
};
/* clang-format on */

/* The page script. It only reads the JSON data block and builds the
 * table with DOM calls; its hash goes into the Content-Security-Policy,
 * so an edit here changes the policy by itself. */
/* clang-format off */
static const char *const page_js[] = {
	"(function () {\n",
	"'use strict';\n",
	"var PAGE = 200;\n",
	"var RISK = { low: 0, medium: 1, high: 2, critical: 3 };\n",
	"var TIER = { read: 0, write: 1, secret: 2, admin: 3 };\n",
	"var doc = JSON.parse(document.getElementById('data').textContent);\n",
	"var creds = doc.credentials || [];\n",
	"var byId = Object.create(null);\n",
	"var st = { q: '', risk: '', tier: '', surface: '', key: '', dir: 1,\n",
	"  page: 0, open: '', rows: [] };\n",
	"\n",
	"function $(id) { return document.getElementById(id); }\n",
	"\n",
	"/* Control characters and bidirectional overrides from file names ",
	"are\n",
	" * shown as escapes, never passed to the layout engine. */\n",
	"function shown(s) {\n",
	"  return String(s).replace(/[\\u0000-\\u001f\\u007f-\\u009f\\u200e\\",
	"u200f\\u2028-\\u202e\\u2066-\\u2069\\ufeff]/g,\n",
	"    function (c) {\n",
	"      var n = c.charCodeAt(0), h = n.toString(16);\n",
	"      if (c === '\\n') { return '\\\\n'; }\n",
	"      if (c === '\\t') { return '\\\\t'; }\n",
	"      if (c === '\\r') { return '\\\\r'; }\n",
	"      if (n < 0x80) { return '\\\\x' + (n < 16 ? '0' : '') + h; }\n",
	"      return '\\\\u' + '0000'.slice(h.length) + h;\n",
	"    });\n",
	"}\n",
	"\n",
	"function el(tag, cls, text) {\n",
	"  var e = document.createElement(tag);\n",
	"  if (cls) { e.className = cls; }\n",
	"  if (text !== undefined && text !== null) { e.textContent = ",
	"shown(text); }\n",
	"  return e;\n",
	"}\n",
	"\n",
	"function ownerText(c) {\n",
	"  var o = c.owner || {};\n",
	"  if (o.user) { return o.user; }\n",
	"  if (o.uid !== null && o.uid !== undefined) { return 'uid ' + ",
	"o.uid; }\n",
	"  return 'unknown';\n",
	"}\n",
	"\n",
	"function gitText(l) {\n",
	"  if (!l.git) { return ''; }\n",
	"  return ' (commit ' + String(l.git.commit).slice(0, 12) + ",
	"(l.git.at_head ? ', still at HEAD' : ', removed from HEAD') + ",
	"(l.git.pushed ? ', pushed' : '') + ')';\n",
	"}\n",
	"\n",
	"function locText(l) {\n",
	"  return l.path + (l.line ? ':' + l.line : '') + gitText(l);\n",
	"}\n",
	"\n",
	"function firstLoc(c) {\n",
	"  return c.locations && c.locations.length ? ",
	"locText(c.locations[0]) : '';\n",
	"}\n",
	"\n",
	"function expiresText(c) {\n",
	"  if (c.expires) { return c.expires; }\n",
	"  return c.standing ? 'never' : 'unknown';\n",
	"}\n",
	"\n",
	"var COLS = [\n",
	"  { key: 'risk', val: function (c) { return RISK[c.risk]; } },\n",
	"  { key: 'tier', val: function (c) { return TIER[c.tier]; } },\n",
	"  { key: 'surface', val: function (c) { return c.surface; } },\n",
	"  { key: 'kind', val: function (c) { return c.label || c.kind; } },\n",
	"  { key: 'identity', val: function (c) { return c.identity; } },\n",
	"  { key: 'owner', val: function (c) { return ownerText(c); } },\n",
	"  { key: 'location', val: function (c) { return firstLoc(c); } },\n",
	"  { key: 'expires', val: function (c) { return c.expires; } }\n",
	"];\n",
	"\n",
	"creds.forEach(function (c, i) {\n",
	"  var parts = [c.id, c.kind, c.label, c.rule, c.identity, ",
	"c.surface,\n",
	"    ownerText(c)];\n",
	"  (c.locations || []).forEach(function (l) { ",
	"parts.push(locText(l)); });\n",
	"  c.$i = i;\n",
	"  c.$q = parts.join('\\n').toLowerCase();\n",
	"  byId[c.id] = c;\n",
	"});\n",
	"\n",
	"function compare(col, dir) {\n",
	"  return function (a, b) {\n",
	"    var x = col.val(a), y = col.val(b);\n",
	"    var nx = x === null || x === undefined || x === '';\n",
	"    var ny = y === null || y === undefined || y === '';\n",
	"    if (nx || ny) {\n",
	"      if (nx && ny) { return a.$i - b.$i; }\n",
	"      return nx ? 1 : -1;\n",
	"    }\n",
	"    if (x < y) { return -dir; }\n",
	"    if (x > y) { return dir; }\n",
	"    return a.$i - b.$i;\n",
	"  };\n",
	"}\n",
	"\n",
	"function apply() {\n",
	"  var q = st.q.toLowerCase();\n",
	"  var rows = creds.filter(function (c) {\n",
	"    return (!q || c.$q.indexOf(q) >= 0) &&\n",
	"      (!st.risk || c.risk === st.risk) &&\n",
	"      (!st.tier || c.tier === st.tier) &&\n",
	"      (!st.surface || c.surface === st.surface);\n",
	"  });\n",
	"  if (st.key) {\n",
	"    var col = COLS.filter(function (k) { return k.key === st.key; ",
	"})[0];\n",
	"    rows.sort(compare(col, st.dir));\n",
	"  }\n",
	"  st.rows = rows;\n",
	"  var pages = Math.max(1, Math.ceil(rows.length / PAGE));\n",
	"  if (st.page >= pages) { st.page = pages - 1; }\n",
	"  render();\n",
	"}\n",
	"\n",
	"function cell(tr, text, cls) {\n",
	"  var td = el('td', cls, text);\n",
	"  tr.appendChild(td);\n",
	"  return td;\n",
	"}\n",
	"\n",
	"function row(c) {\n",
	"  var tr = el('tr', 'cred');\n",
	"  tr.tabIndex = 0;\n",
	"  tr.dataset.id = c.id;\n",
	"  var td = el('td');\n",
	"  td.appendChild(el('span', 'badge risk-' + c.risk, c.risk));\n",
	"  tr.appendChild(td);\n",
	"  cell(tr, c.tier);\n",
	"  cell(tr, c.surface);\n",
	"  cell(tr, c.label || c.kind);\n",
	"  cell(tr, c.identity || '\\u2014', c.identity ? '' : 'muted');\n",
	"  cell(tr, ownerText(c));\n",
	"  td = cell(tr, firstLoc(c), 'path');\n",
	"  if (c.locations && c.locations.length > 1) {\n",
	"    td.appendChild(el('span', 'muted', ' (+' + (c.locations.length ",
	"- 1) + ')'));\n",
	"  }\n",
	"  cell(tr, expiresText(c));\n",
	"  return tr;\n",
	"}\n",
	"\n",
	"function dlItem(dl, name, value, cls) {\n",
	"  dl.appendChild(el('dt', '', name));\n",
	"  var dd = el('dd', cls, value);\n",
	"  dl.appendChild(dd);\n",
	"  return dd;\n",
	"}\n",
	"\n",
	"function list(parent, title, items, empty) {\n",
	"  parent.appendChild(el('h3', '', title));\n",
	"  if (!items || !items.length) {\n",
	"    parent.appendChild(el('p', 'muted', empty));\n",
	"    return;\n",
	"  }\n",
	"  var ul = el('ul');\n",
	"  items.forEach(function (s) { ul.appendChild(el('li', '', s)); });\n",
	"  parent.appendChild(ul);\n",
	"}\n",
	"\n",
	"function jump(id) {\n",
	"  st.q = id;\n",
	"  st.risk = st.tier = st.surface = '';\n",
	"  $('filter').value = id;\n",
	"  $('f-risk').value = $('f-tier').value = $('f-surface').value = ",
	"'';\n",
	"  st.open = id;\n",
	"  st.page = 0;\n",
	"  apply();\n",
	"}\n",
	"\n",
	"function details(c) {\n",
	"  var box = el('div', 'details');\n",
	"  box.id = 'details';\n",
	"  box.appendChild(el('h3', '', c.label || c.kind));\n",
	"  var dl = el('dl');\n",
	"  dlItem(dl, 'ID', c.id, 'mono');\n",
	"  dlItem(dl, 'Kind', c.kind, 'mono');\n",
	"  dlItem(dl, 'Rule', c.rule, 'mono');\n",
	"  dlItem(dl, 'Preview', c.redacted || 'no secret on disk', ",
	"c.redacted ? 'mono' : 'muted');\n",
	"  dlItem(dl, 'Identity', c.identity || 'unknown', c.identity ? '' : ",
	"'muted');\n",
	"  var o = c.owner || {};\n",
	"  dlItem(dl, 'Owner', ownerText(c) + (o.user && o.uid !== null ? ' ",
	"(uid ' + o.uid + ')' : '') + ', from ' + (o.source || 'unowned'));\n",
	"  dlItem(dl, 'Tier', c.tier);\n",
	"  dlItem(dl, 'Risk', c.risk);\n",
	"  dlItem(dl, 'Expires', expiresText(c));\n",
	"  dlItem(dl, 'Standing', c.standing ? 'yes: does not expire by ",
	"itself' : 'no');\n",
	"  dlItem(dl, 'Verification', c.verified ? c.verified + ",
	"(c.verify_error ? ' (' + c.verify_error + ')' : '') : ",
	"'not verified', 'verification');\n",
	"  box.appendChild(dl);\n",
	"  list(box, 'Reasons', c.reasons, 'none');\n",
	"  list(box, 'Scopes', c.scopes, 'none stated in the file');\n",
	"  box.appendChild(el('h3', '', 'Locations'));\n",
	"  var t = el('table', 'locations');\n",
	"  var h = el('tr');\n",
	"  ['Path', 'Line', 'Mode', 'UID', 'Rule'].forEach(function (s) { ",
	"h.appendChild(el('th', '', s)); });\n",
	"  t.appendChild(h);\n",
	"  (c.locations || []).forEach(function (l) {\n",
	"    var tr = el('tr');\n",
	"    cell(tr, l.path + gitText(l), 'path');\n",
	"    cell(tr, l.line === null ? '' : l.line);\n",
	"    cell(tr, l.mode, 'mono');\n",
	"    cell(tr, l.uid === null ? 'unknown' : l.uid);\n",
	"    cell(tr, l.rule, 'mono');\n",
	"    t.appendChild(tr);\n",
	"  });\n",
	"  box.appendChild(t);\n",
	"  box.appendChild(el('h3', '', 'Links'));\n",
	"  if (!c.links || !c.links.length) {\n",
	"    box.appendChild(el('p', 'muted', 'none'));\n",
	"  } else {\n",
	"    var ul = el('ul', 'links');\n",
	"    c.links.forEach(function (l) {\n",
	"      var li = el('li', '', l.ref);\n",
	"      li.appendChild(document.createTextNode(' \\u2192 '));\n",
	"      if (!l.to.length) {\n",
	"        li.appendChild(el('span', 'muted', 'not found on this ",
	"machine'));\n",
	"      }\n",
	"      l.to.forEach(function (id) {\n",
	"        var target = byId[id];\n",
	"        var b = el('button', '', target ? (target.label || ",
	"target.kind) + ' ' + id.slice(0, 8) : id);\n",
	"        b.type = 'button';\n",
	"        b.addEventListener('click', function (ev) {\n",
	"          ev.stopPropagation();\n",
	"          jump(id);\n",
	"        });\n",
	"        li.appendChild(b);\n",
	"      });\n",
	"      ul.appendChild(li);\n",
	"    });\n",
	"    box.appendChild(ul);\n",
	"  }\n",
	"  return box;\n",
	"}\n",
	"\n",
	"function render() {\n",
	"  var rows = st.rows;\n",
	"  var tbody = $('rows');\n",
	"  var start = st.page * PAGE;\n",
	"  var end = Math.min(rows.length, start + PAGE);\n",
	"  var frag = document.createDocumentFragment();\n",
	"  for (var i = start; i < end; i++) {\n",
	"    var c = rows[i];\n",
	"    var tr = row(c);\n",
	"    frag.appendChild(tr);\n",
	"    if (st.open === c.id) {\n",
	"      tr.classList.add('open');\n",
	"      tr.setAttribute('aria-expanded', 'true');\n",
	"      var dtr = el('tr', 'detail');\n",
	"      var td = el('td');\n",
	"      td.colSpan = COLS.length;\n",
	"      td.appendChild(details(c));\n",
	"      dtr.appendChild(td);\n",
	"      frag.appendChild(dtr);\n",
	"    }\n",
	"  }\n",
	"  tbody.textContent = '';\n",
	"  tbody.appendChild(frag);\n",
	"  var pages = Math.max(1, Math.ceil(rows.length / PAGE));\n",
	"  $('shown').textContent = rows.length === creds.length ?\n",
	"    creds.length + ' credentials' :\n",
	"    rows.length + ' of ' + creds.length + ' credentials';\n",
	"  $('page-info').textContent = rows.length ?\n",
	"    'rows ' + (start + 1) + '\\u2013' + end + ' of ' + rows.length ",
	"+\n",
	"    ', page ' + (st.page + 1) + ' of ' + pages : 'no matching ",
	"credentials';\n",
	"  $('prev').disabled = st.page === 0;\n",
	"  $('next').disabled = st.page >= pages - 1;\n",
	"  Array.prototype.forEach.call(document.querySelectorAll('#creds ",
	"th'), function (th) {\n",
	"    var b = th.querySelector('button');\n",
	"    th.setAttribute('aria-sort', b && b.dataset.key === st.key ?\n",
	"      (st.dir > 0 ? 'ascending' : 'descending') : 'none');\n",
	"  });\n",
	"}\n",
	"\n",
	"function toggle(tr) {\n",
	"  var id = tr.dataset.id;\n",
	"  st.open = st.open === id ? '' : id;\n",
	"  render();\n",
	"  var again = document.querySelector('#rows tr.cred[data-id=\"' + ",
	"id + '\"]');\n",
	"  if (again) { again.focus(); }\n",
	"}\n",
	"\n",
	"$('filter').addEventListener('input', function () {\n",
	"  st.q = this.value;\n",
	"  st.page = 0;\n",
	"  apply();\n",
	"});\n",
	"['risk', 'tier', 'surface'].forEach(function (k) {\n",
	"  $('f-' + k).addEventListener('change', function () {\n",
	"    st[k] = this.value;\n",
	"    st.page = 0;\n",
	"    apply();\n",
	"  });\n",
	"});\n",
	"Array.prototype.forEach.call(document.querySelectorAll('#creds th ",
	"button'), function (b) {\n",
	"  b.addEventListener('click', function () {\n",
	"    var k = b.dataset.key;\n",
	"    st.dir = st.key === k ? -st.dir : 1;\n",
	"    st.key = k;\n",
	"    st.page = 0;\n",
	"    apply();\n",
	"  });\n",
	"});\n",
	"$('rows').addEventListener('click', function (ev) {\n",
	"  var tr = ev.target.closest('tr.cred');\n",
	"  if (tr) { toggle(tr); }\n",
	"});\n",
	"$('rows').addEventListener('keydown', function (ev) {\n",
	"  var tr = ev.target.closest('tr.cred');\n",
	"  if (tr && ev.target === tr && (ev.key === 'Enter' || ev.key === ' ",
	"')) {\n",
	"    ev.preventDefault();\n",
	"    toggle(tr);\n",
	"  }\n",
	"});\n",
	"$('prev').addEventListener('click', function () {\n",
	"  if (st.page > 0) { st.page--; render(); }\n",
	"});\n",
	"$('next').addEventListener('click', function () {\n",
	"  if ((st.page + 1) * PAGE < st.rows.length) { st.page++; render(); ",
	"}\n",
	"});\n",
	"document.getElementById('controls').hidden = false;\n",
	"apply();\n",
	"document.documentElement.dataset.ready = '1';\n",
	"}());\n",
	NULL,
};
/* clang-format on */

static const char *const risk_class[CA_RISK_COUNT] = {
	"risk-low",
	"risk-medium",
	"risk-high",
	"risk-critical",
};

/* Code points that are printable but rearrange or hide what is shown:
 * C1 controls, bidi overrides (the "Trojan Source" trick), separators. */
static bool
is_sneaky(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0xfeff;
}

/* Appends 's' (borrowed, any bytes) to 'sb' in displayable form: valid
 * UTF-8 with control characters, invalid bytes and sneaky code points as
 * backslash escapes, as the text report shows them. Not yet HTML-escaped.
 * Past the cap it ends with "…". */
static void
display(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	char tmp[16];

	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t len = ca_utf8_decode(p + i, n - i, &cp);
		const char *add = tmp;
		size_t addlen;

		if (!len) {
			snprintf(tmp, sizeof(tmp), "\\x%02x", (unsigned)p[i]);
			len = 1;
		} else if (cp == '\n') {
			add = "\\n";
		} else if (cp == '\t') {
			add = "\\t";
		} else if (cp == '\r') {
			add = "\\r";
		} else if (cp < 0x20 || cp == 0x7f) {
			snprintf(tmp, sizeof(tmp), "\\x%02x", (unsigned)cp);
		} else if (is_sneaky(cp)) {
			snprintf(tmp, sizeof(tmp), "\\u%04x", (unsigned)cp);
		} else {
			add = (const char *)p + i;
		}
		addlen = add == (const char *)p + i ? len : strlen(add);
		if (sb->len + addlen + sizeof(ELLIPSIS) >= sb->cap) {
			(void)strbuf_addstr(sb, ELLIPSIS); /* room was kept */
			return;
		}
		if (strbuf_add(sb, add, addlen) < 0)
			return;
		i += len;
	}
}

/* Writes the valid UTF-8 string 's' (borrowed) escaped for HTML text and
 * quoted attribute values alike. */
static void
put_html(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

/* Writes 's' (borrowed, hostile) for HTML: displayable, then escaped.
 * With 'cols' > 0 it is cut to that many characters with "…". */
static void
esc(FILE *out, const char *s, size_t cols)
{
	struct strbuf sb = STRBUF_INIT(FIELD_CAP);
	size_t i = 0, k = 0;

	display(&sb, s);
	if (cols) {
		while (sb.buf[i] && k < cols) {
			i++;
			while (((unsigned char)sb.buf[i] & 0xc0) == 0x80)
				i++;
			k++;
		}
		if (sb.buf[i]) {
			/* Cut one earlier, to make room for the ellipsis. */
			while (i && ((unsigned char)sb.buf[--i] & 0xc0) == 0x80)
				;
			strbuf_setlen(&sb, i);
			(void)strbuf_addstr(&sb, ELLIPSIS);
		}
	}
	put_html(out, sb.buf);
	strbuf_release(&sb);
}

/* Standard base64 with padding of 'n' bytes into 'out' (4 * ceil(n / 3)
 * + 1 bytes). The CSP wants the digest in this form; lib/hash.c only
 * decodes. */
static void
base64(const unsigned char *in, size_t n, char *out)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 |
		    in[i + 2];
		*out++ = tab[v >> 18];
		*out++ = tab[(v >> 12) & 63];
		*out++ = tab[(v >> 6) & 63];
		*out++ = tab[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		*out++ = tab[v >> 18];
		*out++ = tab[(v >> 12) & 63];
		*out++ = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		*out++ = '=';
	}
	*out = '\0';
}

/* Joins a NULL-terminated asset into 'sb' and writes its CSP source,
 * "sha256-<base64>", into 'src' (at least 52 bytes). Returns 0 or -1. */
static int
asset(struct strbuf *sb, const char *const *lines, char *src)
{
	unsigned char digest[CA_SHA256_LEN];

	for (; *lines; lines++)
		if (strbuf_addstr(sb, *lines) < 0)
			return -1;
	ca_sha256(sb->buf, sb->len, digest);
	memcpy(src, "sha256-", 7);
	base64(digest, sizeof(digest), src + 7);
	return 0;
}

/* One label and its count, for the counting and the charts. */
struct tally {
	char *name; /* owned */
	size_t n;
	const char *cls; /* bar class, or NULL */
};

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Biggest first, then by name, so the order never depends on the sort. */
static int
cmp_tally(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* Takes ownership of the 'n' strings in 'names' (and the array). Returns
 * an owned array of distinct names with their counts, biggest first;
 * '*nt' gets its length. */
static struct tally *
tally(char **names, size_t n, size_t *nt)
{
	struct tally *t = xcalloc(n + 1, sizeof(*t));
	size_t k = 0;

	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && !strcmp(names[j], names[i]))
			free(names[j++]);
		t[k].name = names[i];
		t[k].n = j - i;
		k++;
		i = j;
	}
	free(names);
	if (k > 1)
		qsort(t, k, sizeof(*t), cmp_tally);
	*nt = k;
	return t;
}

/* Takes ownership of 't' and its 'n' names, and frees them. */
static void
tally_free(struct tally *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].name);
	free(t);
}

/* The chart and select labels of 'c' (borrowed); each returns an owned
 * string. */
static char *
surface_name(const struct ca_credential *c)
{
	return xstrdup(c->surface ? c->surface : "generic");
}

static char *
owner_name(const struct ca_credential *c)
{
	char buf[48];

	if (c->owner.user)
		return xstrdup(c->owner.user);
	if (c->owner.uid >= 0) {
		snprintf(buf, sizeof(buf), "uid %lld", (long long)c->owner.uid);
		return xstrdup(buf);
	}
	return xstrdup("unknown");
}

/* Returns an owned tally of 'name_of' over the credentials of 'inv'
 * (borrowed). */
static struct tally *
count_by(const struct ca_inventory *inv,
    char *(*name_of)(const struct ca_credential *), size_t *nt)
{
	char **names = xcalloc(inv->ncreds + 1, sizeof(*names));

	for (size_t i = 0; i < inv->ncreds; i++)
		names[i] = name_of(inv->creds[i]);
	return tally(names, inv->ncreds, nt);
}

/* A horizontal bar chart as inline SVG; 'title' and 'id' are ours, the
 * labels are hostile and escaped. Everything is borrowed. */
static void
chart(FILE *out, const char *id, const char *title, const struct tally *t,
    size_t n)
{
	const unsigned int row_h = 22, label_w = 128, bar_max = 170;
	size_t max = 1;

	fprintf(out, "<figure id=\"%s\"><figcaption>%s</figcaption>\n", id,
	    title);
	if (!n) {
		fputs("<p class=\"muted\">none</p></figure>\n", out);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (t[i].n > max)
			max = t[i].n;
	fprintf(out,
	    "<svg class=\"chart\" "
	    "xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 360 %zu\" role=\"img\" aria-label=\"%s\">\n",
	    n * row_h + 4, title);
	for (size_t i = 0; i < n; i++) {
		unsigned int w = (unsigned int)((double)t[i].n * bar_max /
		        (double)max +
		    0.5);
		size_t y = i * row_h;

		if (t[i].n && w < 2)
			w = 2;
		fprintf(out, "<g data-count=\"%zu\"><title>", t[i].n);
		esc(out, t[i].name, 0);
		fprintf(out, ": %zu</title><text x=\"0\" y=\"%zu\">", t[i].n,
		    y + 16);
		esc(out, t[i].name, LABEL_COLS);
		fprintf(out,
		    "</text><rect class=\"bar%s%s\" x=\"%u\" "
		    "y=\"%zu\" width=\"%u\" height=\"16\" rx=\"2\"></rect>"
		    "<text x=\"%u\" y=\"%zu\">%zu</text></g>\n",
		    t[i].cls ? " " : "", t[i].cls ? t[i].cls : "", label_w,
		    y + 4, w, label_w + w + 6, y + 16, t[i].n);
	}
	fputs("</svg></figure>\n", out);
}

/* Writes the page head: the policy, the title, the style. 'css' is the
 * joined stylesheet; the sources are "sha256-..." strings. */
static void
head(FILE *out, const struct ca_inventory *inv, const char *css,
    const char *css_src, const char *js_src)
{
	const struct ca_scan_meta *m = &inv->meta;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n",
	    out);
	/* 'none' for everything but this page's own script and style and
	 * data: images (the favicon below); base-uri and form-action are
	 * not covered by default-src. */
	fprintf(out,
	    "<meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; script-src '%s'; "
	    "style-src '%s'; img-src data:; base-uri 'none'; "
	    "form-action 'none'\">\n",
	    js_src, css_src);
	fputs("<meta name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"generator\" content=\"credatlas " CA_VERSION "\">\n"
	      "<link rel=\"icon\" href=\"data:,\">\n<title>credatlas report: ",
	    out);
	esc(out, m->root ? m->root : "/", 0);
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n", css);
}

/* Writes what was scanned: the PATH operands (the scope, one per line)
 * and the root when it is not "/", else the target and its root. 'out'
 * and 'm' are borrowed. */
static void
what_scanned(FILE *out, const struct ca_scan_meta *m)
{
	const char *root = m->root ? m->root : "/";
	const char *p = m->scope;

	if (!p || !*p) {
		esc(out, m->target_type ? m->target_type : "dir", 0);
		fputc(' ', out);
		esc(out, root, 0);
		return;
	}
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *one = strndup(p, n);

		if (one)
			esc(out, one, 0);
		free(one);
		p += n;
		if (*p) {
			fputs(", ", out);
			p++;
		}
	}
	if (strcmp(root, "/")) {
		fputs(" in ", out);
		esc(out, root, 0);
	}
}

/* The title block and the navigation; 'out' and 'inv' are borrowed. */
static void
header(FILE *out, const struct ca_inventory *inv)
{
	const struct ca_scan_meta *m = &inv->meta;

	fputs("<body>\n<header class=\"top\">\n<h1>credatlas "
	      "<span class=\"sub\">inventory of ",
	    out);
	what_scanned(out, m);
	fputs("</span></h1>\n<p class=\"meta\">", out);
	fprintf(out, "%zu credential%s, %llu file%s read, scanned ",
	    inv->ncreds, inv->ncreds == 1 ? "" : "s",
	    (unsigned long long)m->stats.files, m->stats.files == 1 ? "" : "s");
	esc(out, memchr(m->started, '\0', sizeof(m->started)) ? m->started : "",
	    0);
	fputs(" to ", out);
	esc(out,
	    memchr(m->finished, '\0', sizeof(m->finished)) ? m->finished : "",
	    0);
	fputs("</p>\n<nav><a href=\"#overview\">Overview</a>"
	      "<a href=\"#credentials\">Credentials</a>"
	      "<a href=\"#matrix\">Risk matrix</a>"
	      "<a href=\"#scan\">Scan</a></nav>\n</header>\n<main>\n",
	    out);
}

/* The counts as cards and bar charts; 'out' and 'inv' are borrowed. */
static void
overview(FILE *out, const struct ca_inventory *inv)
{
	size_t risk[CA_RISK_COUNT] = { 0 }, tier[CA_TIER_COUNT] = { 0 };
	struct tally rt[CA_RISK_COUNT], tt[CA_TIER_COUNT], *st, *ot;
	size_t nst, not_;

	for (size_t i = 0; i < inv->ncreds; i++) {
		const struct ca_credential *c = inv->creds[i];
		if ((unsigned)c->risk < CA_RISK_COUNT)
			risk[c->risk]++;
		if ((unsigned)c->tier < CA_TIER_COUNT)
			tier[c->tier]++;
	}
	fputs("<section id=\"overview\">\n<h2>Overview</h2>\n"
	      "<div class=\"cards\">\n",
	    out);
	fprintf(out,
	    "<div class=\"card total\"><span class=\"n\" "
	    "id=\"n-total\">%zu</span><span class=\"l\">credentials</span>"
	    "</div>\n",
	    inv->ncreds);
	for (int i = CA_RISK_COUNT - 1; i >= 0; i--) {
		const char *name = ca_risk_name((enum ca_risk)i);
		fprintf(out,
		    "<div class=\"card %s\"><span class=\"n\" "
		    "id=\"n-%s\">%zu</span><span class=\"l\">%s</span>"
		    "</div>\n",
		    risk_class[i], name, risk[i], name);
	}
	fputs("</div>\n<div class=\"charts\">\n", out);

	/* Risk and tier bars keep their fixed order, worst first. */
	for (int i = 0; i < CA_RISK_COUNT; i++) {
		int r = CA_RISK_COUNT - 1 - i;
		rt[i].name = xstrdup(ca_risk_name((enum ca_risk)r));
		rt[i].n = risk[r];
		rt[i].cls = risk_class[r];
	}
	for (int i = 0; i < CA_TIER_COUNT; i++) {
		int t = CA_TIER_COUNT - 1 - i;
		tt[i].name = xstrdup(ca_tier_name((enum ca_tier)t));
		tt[i].n = tier[t];
		tt[i].cls = NULL;
	}
	chart(out, "chart-risk", "By risk", rt, CA_RISK_COUNT);
	chart(out, "chart-tier", "By tier", tt, CA_TIER_COUNT);
	for (int i = 0; i < CA_RISK_COUNT; i++)
		free(rt[i].name);
	for (int i = 0; i < CA_TIER_COUNT; i++)
		free(tt[i].name);

	st = count_by(inv, surface_name, &nst);
	chart(out, "chart-surface", "By surface", st, nst);
	tally_free(st, nst);

	/* A fleet scan has many owners: the biggest, then the rest. */
	ot = count_by(inv, owner_name, &not_);
	if (not_ > TOP_OWNERS + 1) {
		size_t rest = 0;
		for (size_t i = TOP_OWNERS; i < not_; i++) {
			rest += ot[i].n;
			free(ot[i].name);
		}
		ot[TOP_OWNERS].name = xstrdup("others");
		ot[TOP_OWNERS].n = rest;
		not_ = TOP_OWNERS + 1;
	}
	chart(out, "chart-owner", "By owner", ot, not_);
	tally_free(ot, not_);
	fputs("</div>\n</section>\n", out);
}

/* The table's shell; the script fills the body. The controls stay
 * hidden until the script shows them, since they do nothing without
 * it. 'out' and 'inv' are borrowed. */
static void
credentials(FILE *out, const struct ca_inventory *inv)
{
	static const struct {
		const char *key, *title;
	} cols[] = {
		{ "risk", "Risk" },
		{ "tier", "Tier" },
		{ "surface", "Surface" },
		{ "kind", "Kind" },
		{ "identity", "Identity" },
		{ "owner", "Owner" },
		{ "location", "Location" },
		{ "expires", "Expires" },
	};
	struct tally *st;
	size_t nst;

	fputs("<section id=\"credentials\">\n<h2>Credentials</h2>\n"
	      "<noscript><p class=\"note\">The credential table needs "
	      "JavaScript; the JSON report holds the same data.</p>"
	      "</noscript>\n<div class=\"controls\" id=\"controls\" hidden>\n"
	      "<label>Filter <input type=\"search\" id=\"filter\" "
	      "placeholder=\"kind, identity, path or owner\" "
	      "autocomplete=\"off\" spellcheck=\"false\"></label>\n"
	      "<label>Risk <select id=\"f-risk\"><option value=\"\">all"
	      "</option>",
	    out);
	for (int i = CA_RISK_COUNT - 1; i >= 0; i--)
		fprintf(out, "<option>%s</option>",
		    ca_risk_name((enum ca_risk)i));
	fputs("</select></label>\n<label>Tier <select id=\"f-tier\">"
	      "<option value=\"\">all</option>",
	    out);
	for (int i = CA_TIER_COUNT - 1; i >= 0; i--)
		fprintf(out, "<option>%s</option>",
		    ca_tier_name((enum ca_tier)i));
	fputs("</select></label>\n<label>Surface <select id=\"f-surface\">"
	      "<option value=\"\">all</option>",
	    out);
	st = count_by(inv, surface_name, &nst);
	for (size_t i = 0; i < nst; i++) {
		/* The value must match the data exactly, so it is only
		 * HTML-escaped; the label is also made displayable. */
		fputs("<option value=\"", out);
		put_html(out, st[i].name);
		fputs("\">", out);
		esc(out, st[i].name, 0);
		fputs("</option>", out);
	}
	tally_free(st, nst);
	fputs("</select></label>\n<span class=\"count\" id=\"shown\">"
	      "</span>\n</div>\n<table id=\"creds\">\n<thead><tr>",
	    out);
	for (size_t i = 0; i < CA_ARRAY_SIZE(cols); i++)
		fprintf(out,
		    "<th scope=\"col\" aria-sort=\"none\"><button "
		    "type=\"button\" data-key=\"%s\">%s</button></th>",
		    cols[i].key, cols[i].title);
	fputs("</tr></thead>\n<tbody id=\"rows\"></tbody>\n</table>\n"
	      "<div class=\"pager\"><button type=\"button\" id=\"prev\">"
	      "Previous</button><span id=\"page-info\"></span>"
	      "<button type=\"button\" id=\"next\">Next</button></div>\n"
	      "</section>\n",
	    out);
}

/* ---- agents: what each MCP server and agent setting can reach ------- */

/* The scopes of 'c' starting with 'prefix', without it, comma-joined
 * into 'sb'. */
static void
agent_scopes(struct strbuf *sb, const struct ca_credential *c,
    const char *prefix)
{
	size_t n = strlen(prefix);

	for (size_t i = 0; i < c->nscopes; i++)
		if (!strncmp(c->scopes[i], prefix, n))
			strbuf_addf(sb, "%s%s", sb->len ? ", " : "",
			    c->scopes[i] + n);
}

/* One row per MCP server and agent permission: tier, name, client,
 * transport, capabilities and what its links reach. Written in the page
 * (no script needed); every string is escaped. 'out' and 'inv' are
 * borrowed. */
static void
agents(FILE *out, const struct ca_inventory *inv)
{
	struct strbuf sb = STRBUF_INIT(FIELD_CAP);
	size_t n = 0;

	for (size_t i = 0; i < inv->ncreds; i++)
		n += !strcmp(inv->creds[i]->kind, "mcp-server") ||
		    !strcmp(inv->creds[i]->kind, "agent-permission");
	if (!n)
		return;
	fprintf(out,
	    "<section id=\"agents\">\n<h2>Agents and MCP servers "
	    "(%zu)</h2>\n<table class=\"agents\">\n<thead><tr>"
	    "<th scope=\"col\">Tier</th><th scope=\"col\">Server or agent"
	    "</th><th scope=\"col\">Client</th><th scope=\"col\">"
	    "Transport</th><th scope=\"col\">Capabilities or settings</th>"
	    "<th scope=\"col\">Reaches</th></tr></thead>\n<tbody>\n",
	    n);
	for (size_t i = 0; i < inv->ncreds; i++) {
		const struct ca_credential *c = inv->creds[i], *top = NULL;
		size_t reached = 0;

		if (strcmp(c->kind, "mcp-server") &&
		    strcmp(c->kind, "agent-permission"))
			continue;
		for (size_t l = 0; l < c->nlinks; l++)
			for (size_t k = 0; k < c->links[l].nto; k++) {
				const struct ca_credential *d =
				    ca_inventory_get(inv, c->links[l].to[k]);
				if (!d)
					continue;
				reached++;
				if (!top || d->tier > top->tier)
					top = d;
			}
		fprintf(out, "<tr><td>%s</td><td>", ca_tier_name(c->tier));
		esc(out, c->identity ? c->identity : c->kind, 80);
		fputs("</td><td>", out);
		agent_scopes(&sb, c, "client:");
		esc(out, sb.buf, 40);
		strbuf_reset(&sb);
		fputs("</td><td>", out);
		agent_scopes(&sb, c, "transport:");
		esc(out, sb.buf, 20);
		strbuf_reset(&sb);
		fputs("</td><td>", out);
		agent_scopes(&sb, c, "capability:");
		agent_scopes(&sb, c, "permission:");
		agent_scopes(&sb, c, "root:");
		esc(out, sb.buf, 160);
		strbuf_reset(&sb);
		fputs("</td><td>", out);
		if (top) {
			strbuf_addf(&sb,
			    "%zu credential%s, the strongest %s "
			    "(%s)",
			    reached, reached == 1 ? "" : "s",
			    ca_tier_name(top->tier), top->kind);
			esc(out, sb.buf, 0);
			strbuf_reset(&sb);
		} else {
			fputs("nothing this scan found", out);
		}
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
	strbuf_release(&sb);
}

/* The risk matrix, computed from ca_risk_rate() itself so it cannot
 * drift from what the scan applied. 'out' is borrowed. */
static void
matrix(FILE *out)
{
	static const enum ca_lifetime lives[] = {
		CA_LIFE_STANDING,
		CA_LIFE_LONG,
		CA_LIFE_MEDIUM,
		CA_LIFE_SHORT,
		CA_LIFE_EXPIRED,
	};

	fputs("<section id=\"matrix\">\n<h2>Risk matrix</h2>\n"
	      "<p class=\"note\">Risk starts from the tier (read: low, write: "
	      "medium, secret and admin: high), rises one level per exposure "
	      "factor (a file readable by group or others; shell history or "
	      "a .env file; the same secret in several places), drops one "
	      "level when it expires within 24 hours, and is low once "
	      "expired.</p>\n<table class=\"matrix\">\n<thead><tr>"
	      "<th scope=\"col\">Tier</th><th scope=\"col\">Lifetime</th>",
	    out);
	for (unsigned int e = 0; e <= EXPOSURE_MAX; e++)
		fprintf(out, "<th scope=\"col\">%u exposure%s</th>", e,
		    e == 1 ? "" : "s");
	fputs("</tr></thead>\n<tbody>\n", out);
	for (int t = CA_TIER_COUNT - 1; t >= 0; t--) {
		for (size_t l = 0; l < CA_ARRAY_SIZE(lives); l++) {
			fputs("<tr>", out);
			if (!l)
				fprintf(out,
				    "<th scope=\"row\" "
				    "rowspan=\"%zu\">%s</th>",
				    CA_ARRAY_SIZE(lives),
				    ca_tier_name((enum ca_tier)t));
			fprintf(out, "<th scope=\"row\">%s</th>",
			    ca_lifetime_name(lives[l]));
			for (unsigned int e = 0; e <= EXPOSURE_MAX; e++) {
				enum ca_risk r = ca_risk_rate((enum ca_tier)t,
				    e, lives[l]);
				fprintf(out, "<td class=\"%s\">%s</td>",
				    risk_class[r], ca_risk_name(r));
			}
			fputs("</tr>\n", out);
		}
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
}

/* Writes a <dt>/<dd> pair: 'name' is ours, 'value' hostile; all
 * borrowed. */
static void
meta_item(FILE *out, const char *name, const char *value)
{
	fprintf(out, "<dt>%s</dt><dd>", name);
	esc(out, value, 0);
	fputs("</dd>\n", out);
}

/* The scan's metadata and every error; 'out' and 'inv' are borrowed. */
static void
scan_section(FILE *out, const struct ca_inventory *inv)
{
	const struct ca_scan_meta *m = &inv->meta;
	char num[64];

	fputs("<section id=\"scan\">\n<h2>Scan</h2>\n<dl class=\"scan\">\n",
	    out);
	meta_item(out, "Tool", "credatlas " CA_VERSION);
	meta_item(out, "Target", m->target_type ? m->target_type : "dir");
	meta_item(out, "Root", m->root ? m->root : "/");
	meta_item(out, "Started",
	    memchr(m->started, '\0', sizeof(m->started)) ? m->started : "");
	meta_item(out, "Finished",
	    memchr(m->finished, '\0', sizeof(m->finished)) ? m->finished : "");
	meta_item(out, "Fingerprint key id",
	    memchr(m->key_id, '\0', sizeof(m->key_id)) ? m->key_id : "");
	snprintf(num, sizeof(num), "%llu", (unsigned long long)m->stats.files);
	meta_item(out, "Files read", num);
	snprintf(num, sizeof(num), "%llu", (unsigned long long)m->stats.bytes);
	meta_item(out, "Bytes read", num);
	snprintf(num, sizeof(num), "%llu",
	    (unsigned long long)m->stats.skipped);
	meta_item(out, "Files skipped", num);
	snprintf(num, sizeof(num), "%llu",
	    (unsigned long long)m->stats.ignored);
	meta_item(out, "Credentials ignored", num);
	snprintf(num, sizeof(num), "%zu", inv->nerrors);
	meta_item(out, "Errors", num);
	fputs("</dl>\n", out);
	fprintf(out, "<h3 id=\"errors\">Errors (%zu)</h3>\n", inv->nerrors);
	if (!inv->nerrors) {
		fputs("<p class=\"muted\">No file failed to read or "
		      "parse.</p>\n</section>\n",
		    out);
		return;
	}
	fputs("<table class=\"errors\">\n<thead><tr><th scope=\"col\">Path"
	      "</th><th scope=\"col\">Error</th></tr></thead>\n<tbody>\n",
	    out);
	for (size_t i = 0; i < inv->nerrors; i++) {
		fputs("<tr><td class=\"path\">", out);
		esc(out, inv->errors[i].path ? inv->errors[i].path : "", 0);
		fputs("</td><td>", out);
		esc(out, inv->errors[i].error ? inv->errors[i].error : "", 0);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
}

/* Writes the JSON text 'json' (borrowed, valid UTF-8) so that nothing in
 * it can end the script element or be read as markup: '<', '>' and '&'
 * become \u escapes, and so do U+2028 and U+2029 (line breaks to old
 * script engines) and the other sneaky code points, so the page source
 * shows no bidi override either. They only occur inside strings, where
 * the escapes mean the same characters. */
static void
put_json_data(FILE *out, const char *json)
{
	const unsigned char *p = (const unsigned char *)json;
	size_t n = strlen(json);

	for (size_t i = 0; i < n;) {
		uint32_t cp = p[i];
		size_t len = 1;

		if (cp >= 0x80) {
			len = ca_utf8_decode(p + i, n - i, &cp);
			if (!len) { /* cannot happen: jansson wrote it */
				len = 1;
				cp = 0xfffd;
			}
		}
		if (cp == '<' || cp == '>' || cp == '&' || is_sneaky(cp))
			fprintf(out, "\\u%04x", (unsigned)cp);
		else
			fwrite(p + i, 1, len, out);
		i += len;
	}
}

/* 'out', 'inv' and 'opts' are borrowed. */
static int
html_write(FILE *out, const struct ca_inventory *inv,
    const struct ca_emit_opts *opts)
{
	struct strbuf css = STRBUF_INIT(ASSET_CAP);
	struct strbuf js = STRBUF_INIT(ASSET_CAP);
	char css_src[64], js_src[64];
	json_t *doc;
	char *data;

	(void)opts;
	if (asset(&css, page_css, css_src) < 0 ||
	    asset(&js, page_js, js_src) < 0) {
		strbuf_release(&css);
		strbuf_release(&js);
		return ca_error("cannot build the HTML report: page too large");
	}
	doc = ca_json_report(inv);
	data = doc ? json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(doc);
	if (!data) {
		strbuf_release(&css);
		strbuf_release(&js);
		return ca_error("cannot build the HTML report: out of memory");
	}
	head(out, inv, css.buf, css_src, js_src);
	header(out, inv);
	overview(out, inv);
	credentials(out, inv);
	agents(out, inv);
	matrix(out);
	scan_section(out, inv);
	fputs("</main>\n<footer>credatlas " CA_VERSION ". This report holds "
	      "no secret: only redacted previews and keyed fingerprints. It "
	      "still says where credentials are: keep it private.</footer>\n"
	      "<script type=\"application/json\" id=\"data\">",
	    out);
	put_json_data(out, data);
	fprintf(out, "</script>\n<script>%s</script>\n</body>\n</html>\n",
	    js.buf);
	free(data);
	strbuf_release(&css);
	strbuf_release(&js);
	if (ferror(out))
		return ca_error("cannot write the HTML report: %s",
		    strerror(errno));
	return 0;
}

static const char *const html_extensions[] = { ".html", ".htm", NULL };

const struct ca_emitter ca_emitter_html = {
	.format = "html",
	.extensions = html_extensions,
	.write = html_write,
};
