/* fpkey.h - the per-installation fingerprint key.
 *
 * Fingerprints are HMAC-SHA-256 under this key, so a leaked report is no
 * oracle for guessing a low-entropy password offline. The key lives on the
 * host running credatlas (never in the target), is created 0600 on first
 * use, and is never written into a report: reports carry only its id. */
#ifndef CA_FPKEY_H
#define CA_FPKEY_H

#include "lib/compat.h"

#define CA_FPKEY_LEN 32

struct ca_fpkey {
	unsigned char key[CA_FPKEY_LEN];
	char
	    id[17]; /* first 16 hex digits of SHA-256("credatlas-key-id" key) */
	char *path; /* owned */
};

/* Loads the key from 'path', or from the default location
 * ($XDG_CONFIG_HOME/credatlas/fingerprint.key, else
 * ~/.config/credatlas/fingerprint.key) when 'path' is NULL, creating it
 * there if it does not exist. Returns 0, or -1 after ca_error(). */
int ca_fpkey_load(struct ca_fpkey *k, const char *path);
/* Wipes the key and frees the path. */
void ca_fpkey_release(struct ca_fpkey *k);

#endif
