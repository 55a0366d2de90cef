/* git_loose.h - a loose git object (objects/xx/yyyy...): zlib over
 * "<type> <size>\0<contents>". Read from a byte buffer; hostile bytes give
 * an error, never a read or write out of bounds, and never an allocation
 * larger than the caller's cap. */
#ifndef CA_GIT_LOOSE_H
#define CA_GIT_LOOSE_H

#include "lib/compat.h"

/* The object types, numbered as git and libgit2 number them. */
enum ca_git_type {
	CA_GIT_COMMIT = 1,
	CA_GIT_TREE = 2,
	CA_GIT_BLOB = 3,
	CA_GIT_TAG = 4,
};

/* Reads the header of the loose object 'z' ('zlen' bytes, borrowed):
 * its type and the size of its contents. Returns 0, or -1 when the bytes
 * are no loose object or the size is above 'cap'. */
int ca_git_loose_header(const unsigned char *z, size_t zlen, size_t cap,
    enum ca_git_type *type, size_t *size);

/* Inflates the contents of the loose object 'z' into 'out', which holds
 * 'size' bytes: the size its header states (ca_git_loose_header).
 * Returns 0, or -1 when the stream is corrupt or its contents are not
 * exactly 'size' bytes. */
int ca_git_loose_body(const unsigned char *z, size_t zlen, unsigned char *out,
    size_t size);

#endif
