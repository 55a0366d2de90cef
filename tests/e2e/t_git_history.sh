# t_git_history.sh - scan --git-history: repositories built here with git.
# A token committed then deleted, one on a side branch only, one reachable
# only from an annotated tag, one only in the stash, one on a
# remote-tracking branch (pushed), one still at HEAD; a packed repository
# and a loose one; a bare repository given as the PATH; a shallow clone;
# a corrupt object (a note, the scan goes on); a clone whose
# objects/info/alternates points outside the scanned root (never
# followed); a commit author shaped like a token (redacted). Without the
# flag none of the history is read. No planted secret leaks in any
# format.
. "$(dirname "$0")/lib.sh"

command -v git >/dev/null 2>&1 || { echo "skip: no git"; exit 0; }
T=$WORK/tree
A=$T/proj
B=$T/loose
OUT=$WORK/outside/src
mkdir -p "$A" "$B" "$OUT"
: >"$WORK/planted"
tok() { # tok NAME KIND SEED: a fresh token, recorded as planted
	v=$("$TOOLS/tokgen" "$2" "$3")
	printf '%s\t%s\n' "$1" "$v" >>"$WORK/planted"
	eval "$1=\$v"
}
tok DELETED ghp 301
tok SIDE glpat 302
tok TAGGED ghp 303
tok STASHED ghp 304
tok PUSHED ghp 305
tok ATHEAD ghp 306
tok OUTSIDE ghp 307
tok AUTHOR ghp 308
tok LOOSE ghp 309
tok EDITED ghp 310
tok CORRUPT ghp 311
tok DANGLING ghp 312
tok DANGPACK ghp 313

g() { # g DIR ARGS...: git with a fixed identity and dates
	d=$1
	shift
	GIT_AUTHOR_DATE="2024-05-01T12:00:00Z" \
	GIT_COMMITTER_DATE="2024-05-01T12:00:00Z" \
	    git -C "$d" -c user.name="A Dev" -c user.email=dev@example.invalid \
	    -c init.defaultBranch=main -c gc.auto=0 "$@"
}
commit() { # commit DIR MESSAGE DATE: commit everything staged
	GIT_AUTHOR_DATE="$3" GIT_COMMITTER_DATE="$3" \
	    git -C "$1" -c user.name="A Dev" -c user.email=dev@example.invalid \
	    -c gc.auto=0 commit -q -m "$2"
}

# --- the main repository (packed at the end) ---
g "$A" init -q
echo readme >"$A/README"
g "$A" add README
commit "$A" init 2024-01-01T00:00:00Z
printf 'GITHUB_TOKEN=%s\n' "$DELETED" >"$A/deploy.env"
g "$A" add deploy.env
commit "$A" "add deploy" 2024-01-02T00:00:00Z
# the same secret in a file edited ten times: one location, first commit
printf 'token: %s\n' "$EDITED" >"$A/conf.yml"
for i in 1 2 3 4 5 6 7 8 9 10; do
	printf 'token: %s\nrev: %s\n' "$EDITED" "$i" >"$A/conf.yml"
	g "$A" add conf.yml
	commit "$A" "conf $i" "2024-01-03T00:00:0${i%0}Z"
done
g "$A" rm -q deploy.env conf.yml
commit "$A" "remove secrets" 2024-01-04T00:00:00Z
# a side branch only
g "$A" checkout -q -b side
printf 'gitlab: %s\n' "$SIDE" >"$A/side.yml"
g "$A" add side.yml
commit "$A" side 2024-01-05T00:00:00Z
g "$A" checkout -q main
# a commit only an annotated tag reaches
g "$A" checkout -q --detach
printf 'token=%s\n' "$TAGGED" >"$A/tagged.ini"
g "$A" add tagged.ini
commit "$A" tagged 2024-01-06T00:00:00Z
g "$A" tag -a v1 -m v1
g "$A" checkout -q main
# a remote-tracking branch: pushed
g "$A" checkout -q -b topic
printf 'token=%s\n' "$PUSHED" >"$A/pushed.ini"
g "$A" add pushed.ini
commit "$A" pushed 2024-01-07T00:00:00Z
g "$A" update-ref refs/remotes/origin/topic HEAD
g "$A" checkout -q main
g "$A" branch -q -D topic
# a token at HEAD (and so in the work tree too)
printf 'GITHUB_TOKEN=%s\n' "$ATHEAD" >"$A/live.env"
g "$A" add live.env
commit "$A" live 2024-01-08T00:00:00Z
# an author name shaped like a token
printf 'x=1\n' >"$A/other.txt"
g "$A" add other.txt
GIT_AUTHOR_DATE=2024-01-09T00:00:00Z GIT_COMMITTER_DATE=2024-01-09T00:00:00Z \
    git -C "$A" -c user.name="$AUTHOR" -c user.email=x@example.invalid \
    commit -q -m author
# the stash: a change never committed
printf 'token=%s\n' "$STASHED" >"$A/wip.ini"
g "$A" add wip.ini
g "$A" stash -q
g "$A" gc -q --prune=now
[ -n "$(ls "$A/.git/objects/pack/"*.pack 2>/dev/null)" ] ||
    fail "fixture: no pack"

# --- a loose repository with a corrupt object ---
g "$B" init -q
printf 'token=%s\n' "$LOOSE" >"$B/a.ini"
g "$B" add a.ini
commit "$B" a 2024-02-01T00:00:00Z
g "$B" rm -q a.ini
commit "$B" rm 2024-02-02T00:00:00Z
printf 'token=%s\n' "$CORRUPT" >"$B/b.ini"
g "$B" add b.ini
commit "$B" b 2024-02-03T00:00:00Z
blob=$(g "$B" rev-parse HEAD:b.ini)
obj="$B/.git/objects/$(echo "$blob" | cut -c1-2)/$(echo "$blob" | cut -c3-)"
chmod u+w "$obj"
printf 'not zlib at all' >"$obj"
g "$B" rm -q b.ini
commit "$B" rm2 2024-02-04T00:00:00Z
# a keyword-shaped value in a file a surface module claims (gcloud's ADC):
# the keyword rules stay quiet there, as on disk; the same bytes at an
# unclaimed path are a finding
KEYWORD=Qm7xT2vLp9RwZ4kN8sYd3HcJ
printf 'keyword\t%s\n' "$KEYWORD" >>"$WORK/planted"
mkdir -p "$B/.config/gcloud" "$B/notes"
printf '{\n  "type": "authorized_user",\n  "client_secret": "%s"\n}\n' \
    "$KEYWORD" >"$B/.config/gcloud/application_default_credentials.json"
{ echo "// a copy"; cat "$B/.config/gcloud/application_default_credentials.json"; } \
    >"$B/notes/adc-copy.json" # another blob: each blob is scanned once
g "$B" add .config notes
commit "$B" adc 2024-02-05T00:00:00Z
g "$B" rm -q -r .config notes
commit "$B" rm3 2024-02-06T00:00:00Z

# --- a clone sharing objects from outside the scanned root ---
g "$OUT" init -q
printf 'token=%s\n' "$OUTSIDE" >"$OUT/x.ini"
g "$OUT" add x.ini
commit "$OUT" x 2024-03-01T00:00:00Z
git clone -q --shared "$OUT" "$T/shared"
[ -s "$T/shared/.git/objects/info/alternates" ] ||
    fail "fixture: no alternates"
# remove the file from the work tree: only history (outside) holds it
rm -f "$T/shared/x.ini"

# --- a shallow clone and a bare one ---
git clone -q --depth 1 "file://$A" "$T/shallow"
git clone -q --bare "$A" "$WORK/bare.git"

# --- without the flag: no history ---
"$CREDATLAS" scan -q --no-progress -o "$WORK/plain.json" "$T" \
    >/dev/null 2>&1 || true
expect_eq "no history without the flag" \
    "$(jq_py "$WORK/plain.json" "sum(1 for c in d['credentials'] for l in c['locations'] if '!' in l['path'] or l.get('git'))")" 0

# --- with it, in every format ---
rc=0
"$CREDATLAS" scan -q --no-progress --git-history -o "$WORK/r.json" \
    -o "$WORK/r.txt" -o "$WORK/r.html" -o "$WORK/r.sarif" \
    -o "$WORK/r.csv" -o "$WORK/r.jsonl" "$T" \
    >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc: $(head -5 "$WORK/stderr")"
J=$WORK/r.json

# the history location of the credential holding planted secret NAME,
# found by its redacted preview
hist() { # hist NAME FIELD: that location's git FIELD, or NONE
	$PY - "$J" "$2" "$(eval echo "\$$1")" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
field, secret = sys.argv[2], sys.argv[3]
hits = [l for c in d["credentials"]
        if c["redacted"] and secret.startswith(c["redacted"].rstrip("\u2026"))
        for l in c["locations"] if l.get("git")]
if not hits:
    print("NONE")
elif field == "count":
    print(len(hits))
else:
    print(hits[0]["git"][field] if field in hits[0]["git"] else hits[0][field])
PYEOF
}
P=$A/.git
expect_eq "deleted: path" "$(hist DELETED path)" "deploy.env"
expect_eq "deleted: not at HEAD" "$(hist DELETED at_head)" False
# topic (on origin) grew from main after the deletion: pushed
expect_eq "deleted: pushed with its descendant" "$(hist DELETED pushed)" True
expect_eq "deleted: repo" "$(hist DELETED repo)" "$P"
expect_eq "deleted: date" "$(hist DELETED date)" "2024-01-02T00:00:00Z"
expect_eq "deleted: author" "$(hist DELETED author)" \
    "A Dev <dev@example.invalid>"
c=$(g "$A" log --all --format=%H --diff-filter=A -- deploy.env | tail -1)
expect_eq "deleted: commit" "$(hist DELETED commit)" "$c"
expect_eq "edited ten times: one location" "$(hist EDITED count)" 1
expect_eq "edited: first commit's date" "$(hist EDITED date)" \
    "2024-01-03T00:00:01Z"
expect_eq "side branch" "$(hist SIDE path)" "side.yml"
expect_eq "side branch: not pushed" "$(hist SIDE pushed)" False
expect_eq "tag only" "$(hist TAGGED path)" "tagged.ini"
expect_eq "stash" "$(hist STASHED path)" "wip.ini"
expect_eq "remote-tracking: pushed" "$(hist PUSHED pushed)" True
expect_eq "at HEAD" "$(hist ATHEAD at_head)" True
expect_eq "loose repository" "$(hist LOOSE path)" "a.ini"
expect_eq "loose repository: repo" "$(hist LOOSE repo)" \
    "$B/.git"
expect_eq "claimed path: keyword rules quiet" \
    "$(jq_py "$J" "sorted(l['git']['path'] for c in d['credentials'] for l in c['locations'] if l.get('git') and l['git']['path'].endswith('.json'))")" \
    '["notes/adc-copy.json"]'
# the history location's path names the git directory and the blob path
expect_eq "location path" \
    "$(jq_py "$J" "[l['path'] for c in d['credentials'] for l in c['locations'] if l.get('git') and l['git']['path'] == 'deploy.env'][0]")" \
    "$P!deploy.env"
# the live token: its file in the work tree and its blob in history
expect_eq "at HEAD: two locations" \
    "$(jq_py "$J" "sorted(l['path'] for c in d['credentials'] for l in c['locations'] if l['path'].startswith('$A') and l['path'].endswith('live.env'))")" \
    "[\"$P!live.env\", \"$A/live.env\"]"
# the exposure reason
expect_eq "reason: in git history" \
    "$(jq_py "$J" "any(r == 'in git history of $P' for c in d['credentials'] for r in c['reasons'])")" True
expect_eq "reason: pushed" \
    "$(jq_py "$J" "any(r.startswith('pushed: in the history of a remote-tracking branch of ') for c in d['credentials'] for r in c['reasons'])")" True
# never through the alternates: the outside token is not found
expect_eq "alternates not followed" "$(hist OUTSIDE path)" NONE
expect_eq "alternates: a note" \
    "$(jq_py "$J" "any(e['path'] == '$T/shared/.git' and 'alternates is never followed' in e['error'] for e in d['errors'])")" True
# the corrupt object: a note, and the rest of that repository was read
expect_eq "corrupt object: not found" "$(hist CORRUPT path)" NONE
expect_eq "corrupt object: a note" \
    "$(jq_py "$J" "any(e['path'] == '$B/.git' and 'unreadable' in e['error'] for e in d['errors'])")" True
# the shallow clone holds only HEAD: its live token, and a note at most
expect_eq "shallow clone" \
    "$(jq_py "$J" "any(l['path'] == '$T/shallow/.git!live.env' for c in d['credentials'] for l in c['locations'])")" True
# the token-shaped author is redacted (assert_no_secrets below), and the
# commit is still reported with an author
expect_eq "author gated" \
    "$(jq_py "$J" "all(l['git']['author'] is None or '$AUTHOR' not in l['git']['author'] for c in d['credentials'] for l in c['locations'] if l.get('git'))")" True
# text shows the commit under the location
grep -q "removed from HEAD, pushed: commit $(echo "$c" | cut -c1-12) 2024-01-02" \
    "$WORK/r.txt" || fail "text: no commit line"
# the report loads back with the git object
"$CREDATLAS" report --format json "$J" >"$WORK/again.json" \
    2>"$WORK/stderr2" || fail "report reload: $(head -3 "$WORK/stderr2")"
expect_eq "git object after reload" \
    "$(jq_py "$WORK/again.json" "sorted(l['git']['path'] for c in d['credentials'] for l in c['locations'] if l.get('git') and l['git']['repo'] == '$P')")" \
    "$(jq_py "$J" "sorted(l['git']['path'] for c in d['credentials'] for l in c['locations'] if l.get('git') and l['git']['repo'] == '$P')")"

# the report and its SARIF against their schemas
$PY - "$J" "$WORK/r.sarif" "$TOP" <<'PYEOF' || fail "schema"
import json, sys
import jsonschema
doc = json.load(open(sys.argv[1]))
top = sys.argv[3]
bad = 0
v = jsonschema.Draft202012Validator(json.load(open(
    top + "/schema/credatlas-report.schema.json")))
for e in v.iter_errors(doc):
    print("schema: %s at %s" % (e.message, list(e.absolute_path)))
    bad = 1
sv = jsonschema.Draft7Validator(json.load(open(
    top + "/testdata/sarif/sarif-schema-2.1.0.json")))
for e in sv.iter_errors(json.load(open(sys.argv[2]))):
    print("sarif: %s at %s" % (e.message, list(e.absolute_path)))
    bad = 1
sys.exit(bad)
PYEOF

# --- a bare repository given as the PATH ---
"$CREDATLAS" scan -q --no-progress --git-history -o "$WORK/bare.json" \
    "$WORK/bare.git" >/dev/null 2>&1 || true
expect_eq "bare: deleted token" \
    "$(jq_py "$WORK/bare.json" "any(l['path'] == '$WORK/bare.git!deploy.env' for c in d['credentials'] for l in c['locations'])")" True

# --- objects no commit reaches: --all-objects, and `credatlas git` ---
D=$WORK/dangling
mkdir -p "$D"
g "$D" init -q
echo readme >"$D/README"
g "$D" add README
commit "$D" init 2024-01-01T00:00:00Z
printf 'GITHUB_TOKEN=%s\n' "$DANGPACK" | g "$D" hash-object -w --stdin \
    >/dev/null
g "$D" repack -q -a -d --keep-unreachable
printf 'GITHUB_TOKEN=%s\n' "$DANGLING" | g "$D" hash-object -w --stdin \
    >"$WORK/dangling.id"
"$CREDATLAS" git -q --no-progress -o "$WORK/dang1.json" "$D" >/dev/null \
    2>&1 || true
expect_eq "reachable only: no unreachable blob" \
    "$(jq_py "$WORK/dang1.json" "sum(1 for c in d['credentials'] for l in c['locations'] if '(unreachable)' in l['path'])")" 0
"$CREDATLAS" git -q --no-progress --all-objects -o "$WORK/dang2.json" "$D" \
    >/dev/null 2>&1 || true
expect_eq "--all-objects: the loose unreachable blob" \
    "$(jq_py "$WORK/dang2.json" "sorted(l['path'] for c in d['credentials'] for l in c['locations'] if l.get('git') and l['git'].get('commit') is None)")" \
    "$(python3 -c "import json, sys; print(json.dumps(sorted(sys.argv[1:])))" \
    "$D/.git!(unreachable)/$(cat "$WORK/dangling.id")" \
    "$D/.git!(unreachable)/$(printf 'GITHUB_TOKEN=%s\n' "$DANGPACK" |
        git hash-object --stdin)")"
rc=0
"$CREDATLAS" scan --all-objects "$D" >/dev/null 2>"$WORK/allobj.err" || rc=$?
expect_eq "--all-objects without --git-history" "$rc" 2
rc=0
"$CREDATLAS" git >/dev/null 2>&1 || rc=$?
expect_eq "git without a PATH" "$rc" 2

# no private pack links are left behind
[ -z "$(ls -d "${TMPDIR:-/tmp}"/credatlas-git.* 2>/dev/null | while read -r d; do
	[ -O "$d" ] && find "$d" -newer "$WORK/planted" -print; done)" ] ||
    fail "a private pack directory was left behind"

assert_no_secrets "$WORK/planted" "$J" "$WORK/r.txt" "$WORK/r.html" \
    "$WORK/r.sarif" "$WORK/r.csv" "$WORK/r.jsonl" "$WORK/stdout" \
    "$WORK/stderr" "$WORK/again.json" "$WORK/bare.json" "$WORK/plain.json" \
    "$WORK/dang1.json" "$WORK/dang2.json" "$WORK/allobj.err"
echo "ok"
