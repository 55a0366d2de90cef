/* hash.h - checksums, digests and encodings shared by validators and the
 * inventory: CRC-32 (zlib's), base62 (GitHub token checksums), base32
 * (AWS key ids), base64, SHA-256 and HMAC-SHA-256 (fingerprints, through
 * OpenSSL libcrypto), hex, and Shannon entropy. */
#ifndef CA_HASH_H
#define CA_HASH_H

#include "lib/compat.h"

#define CA_SHA256_LEN 32

/* zlib-compatible CRC-32 (reflected 0xEDB88320, init and final xor ~0). */
uint32_t ca_crc32(const void *data, size_t len);

/* Decodes base62 digits 0-9A-Za-z, most significant first. Returns 0, or
 * -1 on a bad digit or overflow of 64 bits. */
int ca_base62_decode(const char *s, size_t len, uint64_t *out);
/* Writes 'v' as exactly 'width' base62 digits, left-padded with '0', and a
 * NUL ('out' holds width + 1). */
void ca_base62_encode(uint64_t v, size_t width, char *out);

/* RFC 4648 base32 (A-Z2-7) without padding; returns the bytes written or
 * -1 on a bad character or when 'cap' is too small. */
int ca_base32_decode(const char *s, size_t len, unsigned char *out, size_t cap);
/* Standard or URL-safe base64, padding optional, whitespace not allowed.
 * Returns bytes written or -1. */
int ca_base64_decode(const char *s, size_t len, unsigned char *out, size_t cap);

void ca_sha256(const void *data, size_t len, unsigned char out[CA_SHA256_LEN]);
void ca_hmac_sha256(const unsigned char *key, size_t keylen, const void *data,
    size_t len, unsigned char out[CA_SHA256_LEN]);

/* Lowercase hex of 'len' bytes into 'out' (2 * len + 1 bytes). */
void ca_hex(const unsigned char *in, size_t len, char *out);

/* Shannon entropy in bits per character. */
double ca_entropy(const char *s, size_t len);

/* Overwrites memory the compiler may not optimise away. */
void ca_wipe(void *p, size_t len);

#endif
