/* regxml.h - safe XML for the surface modules (maven settings.xml,
 * NuGet.Config, Jenkins credentials.xml) through libxml2; in the kit
 * since a second surface reads XML.
 *
 * No entity is ever expanded and nothing is ever fetched: the parse runs
 * with XML_PARSE_NONET and without XML_PARSE_NOENT, XML_PARSE_DTDLOAD,
 * XML_PARSE_DTDATTR, XML_PARSE_DTDVALID and XML_PARSE_HUGE, and a document
 * that declares entities (<!ENTITY) is not parsed at all, so neither an
 * XXE payload nor an entity bomb gets anywhere. Text is read from text
 * nodes only: an element or attribute holding an entity reference has no
 * value here (libxml2's own getters would expand it). Every text and
 * attribute value is wiped before the document is freed. */
#ifndef CA_REGXML_H
#define CA_REGXML_H

#include "scanners/core/scanner.h"
#include <libxml/tree.h>

/* Parses the file 'f' (borrowed). Returns an owned document (free it
 * with ra_xml_free) or NULL after a warning that never quotes the
 * input. */
xmlDoc *ra_xml_load(struct ca_ctx *ctx, const struct ca_file *f);
/* Wipes every text and attribute value of 'doc' and frees it; takes
 * ownership. NULL is fine. */
void ra_xml_free(xmlDoc *doc);

/* True when element 'n' has local name 'name' (any namespace). */
bool ra_xml_is(const xmlNode *n, const char *name);
/* The first child element of 'n' named 'name', or NULL (borrowed). */
xmlNode *ra_xml_child(const xmlNode *n, const char *name);
/* The text of element 'n', trimmed, in the scratch arena, or NULL when it
 * has none or holds an entity reference. '*len' gets its length. The copy
 * is wiped by the caller when it may be a secret. */
char *ra_xml_text(struct ca_ctx *ctx, const xmlNode *n, size_t *len);
/* The value of attribute 'name' of 'n', as ra_xml_text. */
char *ra_xml_attr(struct ca_ctx *ctx, const xmlNode *n, const char *name,
    size_t *len);

#endif
