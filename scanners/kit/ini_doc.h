/* ini_doc.h - a whole small INI file collected into sections and keys,
 * for the surfaces that look keys up by name (oci, linode) rather than
 * walk the file in order (those use ck_ini_parse in cloudkit.h). inih
 * does the parsing, so its line limit applies; a later key of one section
 * replaces an earlier one. Values are scratch copies: wipe them with
 * ck_ini_doc_wipe() before the file is done. */
#ifndef CA_INI_DOC_H
#define CA_INI_DOC_H

#include "scanners/core/scanner.h"

#define CK_INI_MAX_SECTIONS 64
#define CK_INI_MAX_KEYS     32

struct ck_ini_section {
	const char *name;
	const char *key[CK_INI_MAX_KEYS];
	char *val[CK_INI_MAX_KEYS]; /* scratch copies, wiped after the file */
	size_t nkeys;
};

struct ck_ini_doc {
	struct arena *a;
	struct ck_ini_section sec[CK_INI_MAX_SECTIONS];
	size_t nsec;
	bool truncated; /* sections or keys past the caps */
};

/* Parses 'f' (borrowed; NUL-terminated by the core) into 'd' (borrowed),
 * copies in the scratch arena. Returns inih's result: 0, or the first
 * bad line. */
int ck_ini_doc_load(struct ca_ctx *ctx, const struct ca_file *f,
    struct ck_ini_doc *d);
/* Overwrites every value of 'd' (borrowed). */
void ck_ini_doc_wipe(struct ck_ini_doc *d);
/* Returns the value of 'key' in 's', falling back to the DEFAULT section
 * 'def' (OCI and configparser semantics); NULL when absent. Borrowed from
 * the document; either section may be NULL. */
const char *ck_ini_doc_get(const struct ck_ini_section *s,
    const struct ck_ini_section *def, const char *key);
/* Returns the section called 'name' (borrowed), or NULL. */
const struct ck_ini_section *ck_ini_doc_section(const struct ck_ini_doc *d,
    const char *name);

#endif
