/* fuzz_image_ref.c - libFuzzer harness for the parsers of a registry
 * pull: the input (cut at its first NUL) goes through the image reference
 * parser, the file-or-reference test and the WWW-Authenticate parser; the
 * whole bytes go through the docker config.json login look-up. Checks the
 * promises: an accepted reference has a host, a valid repository, a tag
 * or a digest, and parses again to itself when written back; a refusal
 * never quotes the input; every field is NUL-terminated inside its
 * buffer. */
#include "lib/compat.h"
#include "scanners/core/image_pull.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_ref(const char *s)
{
	struct ca_image_ref r, again;
	const char *why = NULL;
	char back[1024];

	if (ca_image_ref_parse(s, &r, &why) < 0) {
		if (!why || (strlen(s) > 8 && strstr(why, s)))
			abort();
		return;
	}
	if (!r.host[0] || !r.name[0] || (!r.tag[0] && !r.digest[0]))
		abort();
	if (strlen(r.host) >= sizeof(r.host) ||
	    strlen(r.name) >= sizeof(r.name) ||
	    strlen(r.tag) >= sizeof(r.tag) ||
	    strlen(r.digest) >= sizeof(r.digest))
		abort();
	snprintf(back, sizeof(back), "%s/%s%s%s%s%s", r.host, r.name,
	    r.tag[0] ? ":" : "", r.tag, r.digest[0] ? "@" : "", r.digest);
	if (ca_image_ref_parse(back, &again, &why) < 0 ||
	    strcmp(again.host, r.host) || strcmp(again.name, r.name) ||
	    strcmp(again.tag, r.tag) || strcmp(again.digest, r.digest))
		abort();
	(void)ca_image_ref_is_loopback(r.host);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ca_auth_challenge c;
	char *s = malloc(size + 1), *user = NULL, *pw = NULL, host[256];
	const char *why;
	bool helper;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_ref(s);
	(void)ca_image_ref_plausible(s);
	ca_image_ref_hostname(s, host, sizeof(host));
	if (ca_parse_www_authenticate(s, &c, &why) == 0 &&
	    (strlen(c.scheme) >= sizeof(c.scheme) ||
	        strlen(c.realm) >= sizeof(c.realm) ||
	        strlen(c.service) >= sizeof(c.service) ||
	        strlen(c.scope) >= sizeof(c.scope)))
		abort();
	if (ca_docker_config_auth((const char *)data, size, "r.example", &user,
	        &pw, &helper) == 1 &&
	    (!user || !pw || !*user))
		abort();
	free(user);
	free(pw);
	free(s);
	return 0;
}
