# t_host_secrets.sh - frank's home (testdata/homes/frank): .pgpass,
# .my.cnf and an msmtp config. Checks kind, identity and line of each
# password, that msmtp's passwordeval is a delegation (and that the
# command is never run: it would print to a file we look for), that
# commented-out and prompt-only entries are not reported, and that no
# planted secret appears in any output.
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
mkdir -p "$ROOT/etc" "$ROOT/home"
printf 'root:x:0:0:root:/root:/bin/sh\nfrank:x:2005:2005::/home/frank:/bin/sh\n' \
    >"$ROOT/etc/passwd"
materialize homes/frank "$ROOT/home/frank"
mv "$ROOT/home/frank.secrets" "$WORK/planted"
# were the command run, it would leave this file behind
sed -i "s|pass show mail/personal|touch $WORK/ran|" \
    "$ROOT/home/frank/.config/msmtp/config"

rc=0
"$CREDATLAS" scan -v --root "$ROOT" -o "$WORK/r.json" -o "$WORK/r.txt" \
    >"$WORK/stdout" 2>"$WORK/stderr" || rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc: $(head -5 "$WORK/stderr")"
R=$WORK/r.json
[ ! -e "$WORK/ran" ] || fail "passwordeval was executed"

expect_eq "scan errors" "$(jq_py "$R" "d['errors']")" "[]"
expect_eq "findings" \
    "$(jq_py "$R" "sorted((c['rule'], c['kind'], c['identity'], c['locations'][0]['line']) for c in d['credentials'])")" \
    '[["msmtp.password", "smtp-password", "frank@corp.test@smtp.corp.test", 9], ["msmtp.passwordeval", "mail-password-command", "frank@mail.test@smtp.mail.test", 14], ["mycnf.password", "mysql-password", "frank@mysql.corp.test", 3], ["pgpass.entry", "postgres-password", "frank@db.corp.test:5432/app", 2], ["pgpass.entry", "postgres-password", "replicator@*:*/*", 3]]'
expect_eq "secretless" \
    "$(jq_py "$R" "[c['kind'] for c in d['credentials'] if not c['redacted']]")" \
    '["mail-password-command"]'

assert_no_secrets "$WORK/planted" "$R" "$WORK/r.txt" "$WORK/stdout" \
    "$WORK/stderr"
echo ok
