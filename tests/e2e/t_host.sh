# t_host.sh - ivan's home (testdata/homes/ivan, finished by ivan.mk.py):
# every registry and host credential of issue 11 in one home. .netrc
# (machine, default, macdef, anonymous ftp), SSH keys told encrypted or
# not with their ~/.ssh/config reach, shell and REPL histories, .env
# variants, mail clients (mutt, mbsync, fetchmail, offlineimap, getmail,
# Thunderbird), password stores and keyrings (presence only), GnuPG keys,
# and the registry files (docker, npm, pypi, cargo, maven) beside them.
# Checks that every planted credential is found with its rule, kind, tier,
# identity, file and line, and nothing else (the decoys: commented-out
# lines, placeholders, ${VAR} references, a prompt-only mysql -p, history
# lines that only mention a password, authorized_keys, an anonymous ftp
# login, a zip named .kdbx); that the password commands (mbsync PassCmd,
# mutt backticks) are never run; that the Thunderbird store is reported
# with its accounts and never decrypted; and that no planted secret
# appears in any output.
. "$(dirname "$0")/lib.sh"

ROOT=$WORK/root
mkdir -p "$ROOT/etc" "$ROOT/home"
printf 'root:x:0:0:root:/root:/bin/sh\nivan:x:2008:2008::/home/ivan:/bin/sh\n' \
    >"$ROOT/etc/passwd"
materialize homes/ivan "$ROOT/home/ivan"
mv "$ROOT/home/ivan.secrets" "$WORK/planted"
$PY "$TOP/testdata/homes/ivan.mk.py" "$ROOT/home/ivan" "$TOOLS/tokgen" \
    >>"$WORK/planted" || fail "ivan.mk.py"
H=$ROOT/home/ivan
# were a password command run, it would leave this file behind
sed -i "s|pass show mail/personal|touch $WORK/ran|" "$H/.mbsyncrc"
sed -i "s|pass show mail/corp|touch $WORK/ran|" "$H/.muttrc"
# a zip named like a KeePass database is no store
printf 'PK\003\004not a vault' >"$H/Documents/old.kdbx"

rc=0
"$CREDATLAS" scan -v --root "$ROOT" -o "$WORK/r.json" -o "$WORK/r.txt" \
    -o "$WORK/r.sarif" -o "$WORK/r.csv" >"$WORK/stdout" 2>"$WORK/stderr" ||
    rc=$?
[ "$rc" -le 1 ] || fail "scan exited $rc: $(head -5 "$WORK/stderr")"
R=$WORK/r.json
[ ! -e "$WORK/ran" ] || fail "a password command was executed"
expect_eq "scan errors" "$(jq_py "$R" "d['errors']")" "[]"

# path|line|rule|kind|tier|identity of every credential, nothing more
cat >"$WORK/want" <<'EOF2'
.bashrc|4|shell_rc.export|shell-rc-secret|write|JIRA_API_TOKEN
.bash_history|2|shell_history.assignment|history-secret|write|DB_PASSWORD
.bash_history|3|shell_history.basic-auth|history-secret|write|ivan@api.corp.test
.bash_history|4|shell_history.auth-header|history-secret|write|api.corp.test
.bash_history|5|shell_history.mysql-password|history-secret|write|root@mysql.corp.test
.bash_history|6|shell_history.login-password|history-secret|write|ivan@registry.corp.test
.bash_history|7|generic.url-credential|url-credential|write|ivan@git.corp.test
.bash_history|8|github.pat-classic|github-pat-classic|admin|-
.cargo/credentials.toml|2|cargo.registry-token|cargo-token|write|crates.io
.cargo/credentials.toml|5|cargo.registry-token|cargo-token|write|corp
.config/Bitwarden CLI/data.json|0|password_store.bitwarden|password-store|secret|ivan@corp.test
.config/op/config|0|password_store.onepassword|password-store|secret|ivan@corp.test
.gem/credentials|2|rubygems.api-key|rubygems-api-key|write|rubygems.org
.docker/config.json|4|docker.config-auth|docker-registry-auth|write|ivan@registry.corp.test
.docker/config.json|6|docker.credential-helper|docker-credential-helper|write|index.docker.io
.docker/config.json|10|docker.credential-helper|docker-credential-helper|write|gcr.io
.fetchmailrc|3|mail.fetchmail-password|mail-password|write|ivan@pop.corp.test
.getmail/getmailrc|5|mail.getmail-password|mail-password|write|ivan@imap.corp.test
.gitconfig|7|gitconfig.sendemail-password|generic-password|write|ivan@corp.test@smtp.corp.test
.gnupg/private-keys-v1.d/0A1B2C3D4E5F60718293A4B5C6D7E8F901234567.key|1|password_store.gpg-key-protected|gpg-private-key-protected|secret|keygrip 0A1B2C3D4E5F60718293A4B5C6D7E8F901234567
.gnupg/private-keys-v1.d/89ABCDEF0123456789ABCDEF0123456789ABCDEF.key|1|password_store.gpg-key|gpg-private-key|secret|keygrip 89ABCDEF0123456789ABCDEF0123456789ABCDEF
.local/share/fish/fish_history|1|shell_history.assignment|history-secret|write|VAULT_TOKEN
.local/share/keyrings/login.keyring|0|password_store.gnome-keyring|password-store|secret|keyring login
.local/share/kwalletd/kdewallet.kwl|0|password_store.kwallet|password-store|secret|wallet kdewallet
.m2/settings.xml|7|maven.server-password|maven-server-password|write|ivan@corp-releases
.m2/settings.xml|12|maven.server-password|maven-server-password|write|ivan@corp-snapshots
.mbsyncrc|4|mail.mbsync-password|mail-password|write|ivan@corp.test@imap.corp.test
.mbsyncrc|10|mail.mbsync-command|mail-password-command|write|ivan@mail.test@imap.mail.test
.msmtprc|9|msmtp.password|smtp-password|write|ivan@corp.test@smtp.corp.test
.muttrc|3|mail.mutt-password|mail-password|write|ivan@corp.test@imap.corp.test
.muttrc|5|mail.mutt-command|mail-password-command|write|ivan@corp.test@smtp.corp.test
.my.cnf|3|mycnf.password|mysql-password|write|ivan@mysql.corp.test
.mysql_history|3|shell_history.sql-password|history-secret|write|ro
.netrc|4|netrc.password|netrc-password|write|ivan@corp.test@api.heroku.com
.netrc|8|netrc.password|netrc-password|write|ivan@ftp.corp.test
.netrc|18|netrc.password|netrc-password|write|ivan@(any host)
.node_repl_history|1|stripe.secret-key|stripe-secret-key|admin|-
.npmrc|1|npm.auth-token|npm-token|write|registry.npmjs.org
.npmrc|2|npm.basic-auth|npm-basic-auth|write|ivan@npm.corp.test
.npmrc|4|npm.password|npm-basic-auth|write|ivan@npm.legacy.test
.offlineimaprc|8|mail.offlineimap-password|mail-password|write|ivan@corp.test@imap.corp.test
.offlineimaprc|14|mail.offlineimap-command|mail-password-command|write|ivan@mail.test@imap.mail.test
.password-store/.gpg-id|0|password_store.pass|password-store|secret|ivan@corp.test
.pgpass|2|pgpass.entry|postgres-password|write|ivan@db.corp.test:5432/app
.psql_history|2|shell_history.sql-password|history-secret|write|app
.pypirc|8|pypi.pypirc-password|pypi-token|write|upload.pypi.org
.pypirc|13|pypi.pypirc-password|pypi-password|write|ivan@pypi.corp.test
.python_history|2|shell_history.assignment|history-secret|write|api_token
.ssh/backup_ed25519|1|ssh.private-key-encrypted|ssh-private-key-encrypted|admin|-
.ssh/deploy_key|1|ssh.private-key|ssh-private-key|admin|deploy@prod-*.corp.test
.ssh/id_ed25519|1|ssh.private-key|ssh-private-key|admin|tokgen@bHFfLJ
.ssh/id_rsa_legacy|1|ssh.private-key-encrypted|ssh-private-key-encrypted|admin|ivan@bastion.corp.test
.thunderbird/k3x9.default-release/logins.json|0|mail.thunderbird-logins|mail-saved-logins|secret|ivan@corp.test
.zsh_history|2|npm.token|npm-token|write|-
.zsh_history|3|generic.database-url|database-url|write|app@db.corp.test:5432
Documents/passwords.kdbx|0|password_store.keepass|password-store|secret|passwords.kdbx
projects/api/.env|2|generic.database-url|database-url|write|app@db.corp.test:5432
projects/api/.env|3|dotenv.secret|dotenv-secret|write|SECRET_KEY
projects/api/.env|4|stripe.secret-key|stripe-secret-key|admin|-
projects/api/.env.production|1|dotenv.secret|dotenv-secret|write|REDIS_PASSWORD
projects/api/.env.production|2|openai.api-key|openai-api-key|write|-
projects/api/certs/signing.pem|1|ssh.private-key-encrypted|ssh-private-key-encrypted|admin|builder@ci.corp.test
projects/shop/.env.local|1|dotenv.secret|dotenv-secret|write|API_TOKEN
EOF2
$PY - "$R" "$WORK/want" <<'PYEOF' || fail "credentials differ (see above)"
import json, sys
d = json.load(open(sys.argv[1]))
got = sorted("%s|%d|%s|%s|%s|%s" % (
    c["locations"][0]["path"].split("/home/ivan/")[-1],
    c["locations"][0]["line"] or 0, c["rule"], c["kind"], c["tier"],
    c["identity"] or "-") for c in d["credentials"])
want = sorted(l.rstrip("\n") for l in open(sys.argv[2]) if l.strip())
for l in sorted(set(want) - set(got)):
    print("missing:", l, file=sys.stderr)
for l in sorted(set(got) - set(want)):
    print("unexpected:", l, file=sys.stderr)
sys.exit(got != want)
PYEOF

# the heroku token of api. and git.heroku.com is one credential, twice
expect_eq "heroku locations" \
    "$(jq_py "$R" "[len(c['locations']) for c in d['credentials'] if c['identity'] == 'ivan@corp.test@api.heroku.com']")" \
    "[2]"
# the RubyGems key of .gem/credentials, typed again in zsh: one
# credential, named by the module, the content rule's shape seen too
expect_eq "rubygems" \
    "$(jq_py "$R" "[sorted((l['path'].split('/home/ivan/')[-1], l['line'], l['rule']) for l in c['locations']) for c in d['credentials'] if c['kind'] == 'rubygems-api-key']")" \
    '[[[".gem/credentials", 2, "rubygems.api-key"], [".zsh_history", 5, "rubygems.token"]]]'
# reach of the SSH keys, from ~/.ssh/config
expect_eq "id_ed25519 scopes" \
    "$(jq_py "$R" "[sorted(c['scopes']) for c in d['credentials'] if c['locations'][0]['path'].endswith('/.ssh/id_ed25519')]")" \
    '[["ssh * (a default key name: tried on every host unless IdentitiesOnly)", "ssh git@github.com"]]'
expect_eq "bastion key scopes" \
    "$(jq_py "$R" "[c['scopes'] for c in d['credentials'] if c['locations'][0]['path'].endswith('/.ssh/id_rsa_legacy')]")" \
    '[["ssh ivan@bastion.corp.test (Host bastion)"]]'
# a key ~/.ssh/config names outside ~/.ssh is read where it lies
expect_eq "ci key" \
    "$(jq_py "$R" "[(c['scopes'], len(c['locations'])) for c in d['credentials'] if c['locations'][0]['path'].endswith('/certs/signing.pem')]")" \
    '[[["ssh builder@ci.corp.test (Host ci)"], 1]]'
# Thunderbird: a store with its servers, never a decrypted value
expect_eq "thunderbird" \
    "$(jq_py "$R" "[(c['redacted'], sorted(c['scopes'])) for c in d['credentials'] if c['kind'] == 'mail-saved-logins']")" \
    '[[null, ["mail server imap.corp.test", "smtp server smtp.corp.test"]]]'
# stores and delegations carry no secret; every other credential does
expect_eq "secretless" \
    "$(jq_py "$R" "sorted(set(c['kind'] for c in d['credentials'] if not c['redacted']))")" \
    '["docker-credential-helper", "mail-password-command", "mail-saved-logins", "password-store"]'
# nothing at all from authorized_keys, known_hosts or the public keys
expect_eq "not credentials" \
    "$(jq_py "$R" "[l['path'] for c in d['credentials'] for l in c['locations'] if l['path'].endswith(('authorized_keys', 'known_hosts', '.pub', 'old.kdbx'))]")" \
    "[]"

assert_no_secrets "$WORK/planted" "$R" "$WORK/r.txt" "$WORK/r.sarif" \
    "$WORK/r.csv" "$WORK/stdout" "$WORK/stderr"
echo ok
