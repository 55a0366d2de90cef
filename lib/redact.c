/* redact.c - see redact.h. */
#include "lib/compat.h"
#include "lib/redact.h"
#include "lib/banned.h"

void
ca_redact(const char *secret, size_t len, size_t prefix, char *out, size_t cap)
{
	size_t shown, o = 0;

	if (prefix > len || prefix > 32)
		prefix = 0;
	/* A PEM block's first characters are its armour, not its secret, and
	 * say nothing useful: show none. */
	if (len >= 5 && !memcmp(secret, "-----", 5)) {
		prefix = 0;
		len = 0;
	}
	if (prefix)
		shown = prefix +
		    ((len - prefix) >= 16 ? 4 : (len - prefix) / 4);
	else
		shown = len < 12 ? 0 : (len / 8 < 4 ? len / 8 : 4);
	for (size_t i = 0; i < shown && o + 4 < cap; i++) {
		unsigned char c = (unsigned char)secret[i];
		out[o++] = (c > 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (o + 4 <= cap) {
		memcpy(out + o, "\xe2\x80\xa6", 3);
		o += 3;
	}
	out[o] = '\0';
}
