/* ssh.c - SSH private keys in ~/.ssh (any file name, not only id_*),
 * PuTTY .ppk keys there, and the host keys of /etc/ssh, with their reach:
 * the Host blocks of ~/.ssh/config whose IdentityFile names the key
 * (Host, HostName, User), and the hosts ssh tries a default-named key on.
 *
 * A key is told encrypted or not by its header alone: OpenSSH keys by
 * the cipher name after "openssh-key-v1" ("none" or a cipher), PEM keys
 * by "Proc-Type: 4,ENCRYPTED", PKCS#8 by "ENCRYPTED PRIVATE KEY", PuTTY
 * keys by their "Encryption:" line. Only unencrypted keys are credentials;
 * encrypted ones are listed as protected. The secret is the whole PEM
 * block, the same bytes the content rules fingerprint, so a key both find
 * is one credential (named here, with its reach). The comment of an
 * unencrypted OpenSSH key ("user@host") is its owner hint. A key that
 * ~/.ssh/config names outside ~/.ssh is read from there. Public keys,
 * known_hosts and authorized_keys are not credentials and are skipped. */
#include "lib/compat.h"
#include "lib/hash.h"
#include "lib/str.h"
#include <ctype.h>
#include "scanners/kit/secret.h"

#define SSH_MAX_SCOPES       32
#define SSH_CONFIG_MAX_HOSTS 512

/* The file names ssh tries for every host unless told otherwise. */
static const char *const default_names[] = {
	"id_rsa",
	"id_ecdsa",
	"id_ecdsa_sk",
	"id_ed25519",
	"id_ed25519_sk",
	"id_dsa",
	"id_xmss",
	NULL,
};

struct ssh_key {
	const char *block; /* the PEM block, in the file */
	size_t block_len;
	bool encrypted;
	const char *type;    /* "ssh-ed25519", "RSA (PEM)", ... */
	const char *comment; /* printable, or NULL */
};

/* ---- the key ------------------------------------------------------- */

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Reads an SSH string at *p (advancing it); false past 'end'. */
static bool
ssh_string(const unsigned char **p, const unsigned char *end,
    const unsigned char **s, uint32_t *n)
{
	if (end - *p < 4)
		return false;
	*n = be32(*p);
	if (*n > (uint32_t)(end - *p - 4))
		return false;
	*s = *p + 4;
	*p += 4 + *n;
	return true;
}

/* Decodes the base64 body between the PEM markers ('n' bytes at 's')
 * into a scratch buffer. Returns its length, or 0. */
static size_t
pem_body(struct arena *a, const char *s, size_t n, unsigned char **out)
{
	char *clean = arena_alloc(a, n + 1);
	size_t m = 0;
	int dn;

	for (size_t i = 0; i < n; i++)
		if (isalnum((unsigned char)s[i]) || s[i] == '+' ||
		    s[i] == '/' || s[i] == '=')
			clean[m++] = s[i];
	clean[m] = '\0';
	*out = arena_alloc(a, m / 4 * 3 + 3);
	dn = ca_base64_decode(clean, m, *out, m / 4 * 3 + 3);
	ca_wipe(clean, m);
	return dn < 0 ? 0 : (size_t)dn;
}

/* Reads an "openssh-key-v1" body: the cipher, the key type and, when it
 * is not encrypted, the comment. Returns false when it is not one. */
static bool
openssh_parse(struct arena *a, const unsigned char *d, size_t n,
    struct ssh_key *k)
{
	const unsigned char *p = d, *end = d + n, *s, *pub, *priv;
	uint32_t sl, nkeys, pl, privl;

	if (n < 15 || memcmp(d, "openssh-key-v1", 15))
		return false;
	p += 15;
	if (!ssh_string(&p, end, &s, &sl))
		return false;
	k->encrypted = !(sl == 4 && !memcmp(s, "none", 4));
	if (!ssh_string(&p, end, &s, &sl) || !ssh_string(&p, end, &s, &sl))
		return false; /* kdfname, kdfoptions */
	if (end - p < 4)
		return false;
	nkeys = be32(p);
	p += 4;
	if (nkeys != 1 || !ssh_string(&p, end, &pub, &pl))
		return true; /* the cipher is all that matters */
	{
		const unsigned char *q = pub;
		if (ssh_string(&q, pub + pl, &s, &sl) && sl && sl < 64)
			k->type = ca_printable(a, (const char *)s, sl, 64);
	}
	if (k->encrypted || !ssh_string(&p, end, &priv, &privl))
		return true;
	/* the private section ends with the comment, then padding 1, 2, 3
	 * ... up to the cipher block size: find the comment by its length
	 * prefix, walking back from the padding */
	{
		const unsigned char *e = priv + privl;
		unsigned int pad = privl ? e[-1] : 0;
		bool padded = pad && pad < 64 && pad <= privl;

		for (unsigned int i = 0; padded && i < pad; i++)
			padded = e[-(long)pad + i] == i + 1;
		if (padded)
			e -= pad;
		for (uint32_t cl = 0; cl < 256 && (size_t)(e - priv) >= cl + 4;
		     cl++) {
			bool printable = true;

			if (be32(e - cl - 4) != cl)
				continue;
			for (uint32_t i = 0; i < cl; i++)
				if (e[-(long)cl + i] < 0x20 ||
				    e[-(long)cl + i] > 0x7e)
					printable = false;
			if (printable && cl)
				k->comment = ca_printable(a,
				    (const char *)(e - cl), cl, 128);
			break;
		}
	}
	return true;
}

/* Finds the first private key block of 'f' and tells what it is.
 * Returns false when there is none. */
static bool
find_key(struct ca_ctx *ctx, const struct ca_file *f, struct ssh_key *k)
{
	struct arena *a = ca_scratch(ctx);
	const char *begin = memmem(f->data, f->len, "-----BEGIN ", 11);
	const char *label, *label_end, *body, *end_marker, *stop;
	char endtag[96];
	size_t ll;
	int tn;

	memset(k, 0, sizeof(*k));
	/* the first block that is a private key (a certificate may come
	 * first in a bundle) */
	for (;;) {
		if (!begin)
			return false;
		label = begin + 11;
		label_end = memmem(label, (size_t)(f->data + f->len - label),
		    "-----", 5);
		if (!label_end)
			return false;
		ll = (size_t)(label_end - label);
		if (ll >= 11 && ll <= 40 &&
		    !memcmp(label_end - 11, "PRIVATE KEY", 11))
			break;
		begin = memmem(label_end,
		    (size_t)(f->data + f->len - label_end), "-----BEGIN ", 11);
	}
	tn = snprintf(endtag, sizeof(endtag), "-----END %.*s-----", (int)ll,
	    label);
	body = label_end + 5;
	end_marker = memmem(body, (size_t)(f->data + f->len - body), endtag,
	    (size_t)tn);
	if (!end_marker)
		return false;
	stop = end_marker + tn;
	k->block = begin;
	k->block_len = (size_t)(stop - begin);
	if (ll == 19 && !memcmp(label, "OPENSSH PRIVATE KEY", 19)) {
		unsigned char *d;
		size_t dn = pem_body(a, body, (size_t)(end_marker - body), &d);
		if (!dn || !openssh_parse(a, d, dn, k)) {
			if (dn)
				ca_wipe(d, dn);
			ca_warn(ctx, NULL,
			    "OpenSSH private key whose body "
			    "does not decode");
			return false;
		}
		ca_wipe(d, dn);
		if (!k->type)
			k->type = "OpenSSH";
	} else if (ll == 21 && !memcmp(label, "ENCRYPTED PRIVATE KEY", 21)) {
		k->encrypted = true;
		k->type = "PKCS#8";
	} else {
		k->encrypted = memmem(body, (size_t)(end_marker - body),
		                   "Proc-Type: 4,ENCRYPTED", 22) != NULL;
		k->type = ll == 11 ?
		    "PKCS#8" :
		    arena_printf(a, "%.*s (PEM)", (int)(ll - 12), label);
	}
	return true;
}

/* A PuTTY key: "PuTTY-User-Key-File-N: <type>", "Encryption: ...",
 * "Comment: ...". The whole file is the secret. */
static bool
find_ppk(struct ca_ctx *ctx, const struct ca_file *f, struct ssh_key *k)
{
	struct arena *a = ca_scratch(ctx);
	const char *p = f->data, *end = f->data + f->len;

	memset(k, 0, sizeof(*k));
	if (f->len < 20 || memcmp(f->data, "PuTTY-User-Key-File-", 20))
		return false;
	k->block = f->data;
	k->block_len = f->len;
	k->type = "PuTTY";
	k->encrypted = true; /* until "Encryption: none" says otherwise */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);

		if (n && p[n - 1] == '\r')
			n--;
		if (n >= 12 && !memcmp(p, "Encryption: ", 12))
			k->encrypted = !ca_ieq(p + 12, n - 12, "none");
		else if (n > 9 && !memcmp(p, "Comment: ", 9))
			k->comment = ca_printable(a, p + 9, n - 9, 128);
		p = nl ? nl + 1 : end;
	}
	return true;
}

/* ---- the reach: ~/.ssh/config -------------------------------------- */

struct reach {
	const char **scopes;
	size_t n;
	const char *first; /* user@host of the first mapping */
};

struct host_block {
	struct {
		const char *s;
		size_t n;
	} pattern, hostname, user;
	bool names_key;
};

static void
reach_add(struct ca_ctx *ctx, struct reach *r, const struct host_block *b)
{
	struct arena *a = ca_scratch(ctx);
	const char *pat = b->pattern.s ?
	    ca_printable(a, b->pattern.s, b->pattern.n, 128) :
	    "*";
	const char *host = b->hostname.s ?
	    ca_printable(a, b->hostname.s, b->hostname.n, 128) :
	    pat;
	const char *token = strstr(host, "%h");

	/* HostName %h.corp.test: the name typed, which the pattern says */
	if (token)
		host = arena_printf(a, "%.*s%s%s", (int)(token - host), host,
		    pat, token + 2);
	const char *user = b->user.s ?
	    ca_printable(a, b->user.s, b->user.n, 64) :
	    "(local user)";

	if (r->n >= SSH_MAX_SCOPES)
		return;
	r->scopes[r->n++] = b->hostname.s ?
	    arena_printf(a,
	        "ssh %s@%s "
	        "(Host %s)",
	        user, host, pat) :
	    arena_printf(a, "ssh %s@%s", user, host);
	if (!r->first)
		r->first = arena_printf(a, "%s@%s", user, host);
}

/* Whether IdentityFile 'v' ('n' bytes) names the key at 'path'. */
static bool
names_key(struct ca_ctx *ctx, const struct ca_file *f, const char *v, size_t n,
    const char *path)
{
	struct arena *a = ca_scratch(ctx);
	const char *raw, *resolved;

	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v++;
		n -= 2;
	}
	raw = arena_strndup(a, v, n);
	if (f->home && !strncmp(raw, "%d/", 3))
		raw = arena_printf(a, "%s/%s", f->home, raw + 3);
	resolved = ca_resolve_path(ctx, raw, f->home, f->home);
	return resolved && !strcmp(resolved, path);
}

static void
read_reach(struct ca_ctx *ctx, const struct ca_file *f, struct reach *r)
{
	struct arena *a = ca_scratch(ctx);
	struct strbuf cfg;
	struct host_block cur;
	const char *p, *end;
	bool is_default = false;
	unsigned int blocks = 0;

	r->scopes = arena_zalloc(a, (SSH_MAX_SCOPES + 1) * sizeof(*r->scopes));
	for (size_t i = 0; default_names[i]; i++)
		if (!strcmp(f->name, default_names[i]))
			is_default = true;
	if (!f->home)
		return;
	strbuf_init(&cfg, 1u << 20);
	if (ca_read_file(ctx, arena_printf(a, "%s/.ssh/config", f->home),
	        &cfg) != 0) {
		strbuf_release(&cfg);
		goto defaults;
	}
	memset(&cur, 0, sizeof(cur));
	p = cfg.buf;
	end = cfg.buf + cfg.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *v;
		size_t n = (size_t)((nl ? nl : end) - p), kn, vn;

		p = nl ? nl + 1 : end;
		ca_trim(&s, &n);
		if (!n || s[0] == '#')
			continue;
		for (kn = 0;
		     kn < n && !isspace((unsigned char)s[kn]) && s[kn] != '=';
		     kn++)
			;
		v = s + kn;
		vn = n - kn;
		while (vn && (isspace((unsigned char)*v) || *v == '=')) {
			v++;
			vn--;
		}
		ca_trim(&v, &vn);
		if (ca_ieq(s, kn, "Host") || ca_ieq(s, kn, "Match")) {
			if (cur.names_key)
				reach_add(ctx, r, &cur);
			memset(&cur, 0, sizeof(cur));
			if (++blocks > SSH_CONFIG_MAX_HOSTS)
				break;
			cur.pattern.s = ca_ieq(s, kn, "Match") ?
			    arena_printf(a, "Match %.*s", (int)vn, v) :
			    v;
			cur.pattern.n = ca_ieq(s, kn, "Match") ?
			    strlen(cur.pattern.s) :
			    vn;
		} else if (ca_ieq(s, kn, "HostName")) {
			cur.hostname.s = v;
			cur.hostname.n = vn;
		} else if (ca_ieq(s, kn, "User")) {
			cur.user.s = v;
			cur.user.n = vn;
		} else if (ca_ieq(s, kn, "IdentityFile") &&
		    names_key(ctx, f, v, vn, f->path)) {
			cur.names_key = true;
		}
	}
	if (cur.names_key)
		reach_add(ctx, r, &cur);
	strbuf_release(&cfg);
defaults:
	if (is_default && r->n < SSH_MAX_SCOPES)
		r->scopes[r->n++] = "ssh * (a default key name: tried on every "
		                    "host unless IdentitiesOnly)";
}

/* ---- the module ---------------------------------------------------- */

static bool
not_a_key_file(const char *name)
{
	return ca_ends_with(name, ".pub") ||
	    !strncmp(name, "known_hosts", 11) ||
	    !strncmp(name, "authorized_keys", 15) || !strcmp(name, "config") ||
	    !strcmp(name, "environment");
}

/* Reports the key of 'f' (its bytes; 'f->path' may be another file than
 * the one being scanned, which then goes into the finding's path). */
static void
report_key(struct ca_ctx *ctx, const struct ca_file *f, bool elsewhere)
{
	struct arena *a = ca_scratch(ctx);
	bool host_key = ca_starts_with(f->path, "/etc/ssh/");
	struct ssh_key k;
	struct reach r;
	struct ca_finding fd;

	if (!find_key(ctx, f, &k) && !find_ppk(ctx, f, &k))
		return; /* not a private key: nothing to say */
	memset(&r, 0, sizeof(r));
	if (!host_key)
		read_reach(ctx, f, &r);
	ca_finding_init(&fd,
	    k.encrypted ? "ssh.private-key-encrypted" : "ssh.private-key",
	    k.encrypted ? "ssh-private-key-encrypted" : "ssh-private-key");
	fd.path = elsewhere ? f->path : NULL;
	fd.line = 1;
	for (const char *q = f->data;
	     (q = memchr(q, '\n', (size_t)(k.block - q))); q++)
		fd.line++;
	fd.identity = host_key ? "this host (sshd host key)" :
	    k.comment          ? k.comment :
	                         r.first;
	fd.scopes = r.n ? r.scopes : NULL;
	fd.detail = arena_printf(a, "%s %s key%s",
	    k.encrypted ? "passphrase-protected" : "unencrypted", k.type,
	    host_key ? ": whoever holds it can impersonate this host" :
	        r.n  ? "" :
	               " (no ~/.ssh/config entry names it)");
	fd.secret = k.block;
	fd.secret_len = k.block_len;
	ca_emit(ctx, &fd);
}

/* ~/.ssh/config: the keys its IdentityFile lines name outside ~/.ssh
 * (those inside are scanned as files of their own), read and reported
 * where they lie. At most SSH_MAX_SCOPES of them. */
static void
follow_identity_files(struct ca_ctx *ctx, const struct ca_file *f)
{
	struct arena *a = ca_scratch(ctx);
	const char *p = f->data, *end = f->data + f->len;
	const char *sshdir = f->home ? arena_printf(a, "%s/.ssh/", f->home) :
	                               NULL;
	const char *seen[SSH_MAX_SCOPES];
	size_t nseen = 0;

	if (!sshdir)
		return;
	while (p < end && nseen < SSH_MAX_SCOPES) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *v, *path;
		size_t n = (size_t)((nl ? nl : end) - p), kn, vn;
		struct strbuf buf;
		struct ca_file kf;
		bool dup = false;

		p = nl ? nl + 1 : end;
		ca_trim(&s, &n);
		for (kn = 0;
		     kn < n && !isspace((unsigned char)s[kn]) && s[kn] != '=';
		     kn++)
			;
		if (!ca_ieq(s, kn, "IdentityFile"))
			continue;
		v = s + kn;
		vn = n - kn;
		while (vn && (isspace((unsigned char)*v) || *v == '=')) {
			v++;
			vn--;
		}
		ca_trim(&v, &vn);
		if (vn >= 2 && (v[0] == '"' || v[0] == '\'') &&
		    v[vn - 1] == v[0]) {
			v++;
			vn -= 2;
		}
		path = arena_strndup(a, v, vn);
		if (!strncmp(path, "%d/", 3))
			path = arena_printf(a, "%s/%s", f->home, path + 3);
		path = ca_resolve_path(ctx, path, f->home, f->home);
		if (!path || ca_starts_with(path, sshdir) || strchr(path, '%'))
			continue;
		for (size_t i = 0; i < nseen; i++)
			dup = dup || !strcmp(seen[i], path);
		if (dup)
			continue;
		seen[nseen++] = path;
		strbuf_init(&buf, 1u << 20);
		if (ca_read_file(ctx, path, &buf) == 0) {
			const char *slash = strrchr(path, '/');
			memset(&kf, 0, sizeof(kf));
			kf.path = path;
			kf.name = slash ? slash + 1 : path;
			kf.home = f->home;
			kf.data = buf.buf;
			kf.len = buf.len;
			report_key(ctx, &kf, true);
			ca_wipe(buf.buf, buf.len);
		}
		strbuf_release(&buf);
	}
}

static int
ssh_scan_file(struct ca_ctx *ctx, const struct ca_file *f)
{
	if (!strcmp(f->name, "config") && strstr(f->path, "/.ssh/config"))
		follow_identity_files(ctx, f);
	else if (!not_a_key_file(f->name))
		report_key(ctx, f, false);
	return 0;
}

/* clang-format off */
static const char *const ssh_claims[] = {
	"**/.ssh/*",
	"/etc/ssh/ssh_host_*_key",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const struct ca_rule_doc ssh_rules[] = {
	{ "ssh.private-key", "ssh-private-key",
	  "unencrypted SSH private key (OpenSSH, PEM, PKCS#8, PuTTY) with "
	  "the hosts ~/.ssh/config lets it reach" },
	{ "ssh.private-key-encrypted", "ssh-private-key-encrypted",
	  "passphrase-protected SSH private key, listed as protected" },
	{ NULL, NULL, NULL },
};
/* clang-format on */

const struct ca_scanner ca_scanner_ssh = {
	.name = "ssh",
	.surface = "keys",
	.summary = "SSH private keys (~/.ssh, /etc/ssh host keys) and their "
	           "reach from ~/.ssh/config",
	.version = 1,
	.claims = ssh_claims,
	.rules = ssh_rules,
	.scan_file = ssh_scan_file,
};
