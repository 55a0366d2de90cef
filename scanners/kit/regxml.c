/* regxml.c - safe XML for the surface modules; see regxml.h. */
#include "lib/compat.h"
#include "lib/str.h"
#include <pthread.h>
#include <libxml/parser.h>
#include "lib/hash.h"
#include "scanners/kit/cloudkit.h"
#include "scanners/kit/regxml.h"

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* libxml2 must be initialised once before threads share it. */
static void
xml_init(void)
{
	xmlInitParser();
}

xmlDoc *
ra_xml_load(struct ca_ctx *ctx, const struct ca_file *f)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_NODICT;
	xmlParserCtxt *pc;
	xmlDoc *doc;

	if (f->len > INT_MAX) {
		ca_warn(ctx, NULL, "XML file too large");
		return NULL;
	}
	if (memmem(f->data, f->len, "<!ENTITY", 8)) {
		ca_warn(ctx, NULL,
		    "XML that declares entities is not read "
		    "(no expansion, no external fetch)");
		return NULL;
	}
	pthread_once(&xml_once, xml_init);
	pc = xmlNewParserCtxt();
	if (!pc) {
		ca_warn(ctx, NULL, "cannot create an XML parser");
		return NULL;
	}
	doc = xmlCtxtReadMemory(pc, f->data, (int)f->len, NULL, NULL, opts);
	if (!doc || !pc->wellFormed) {
		int line = pc->lastError.line;
		if (line > 0)
			ca_warn(ctx, NULL, "invalid XML at line %d", line);
		else
			ca_warn(ctx, NULL, "invalid XML");
		/* the message and its context may quote the input */
		xmlCtxtResetLastError(pc);
		ra_xml_free(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(pc);
	return doc;
}

static void
wipe_nodes(xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->content)
			ca_wipe(n->content, strlen((char *)n->content));
		if (n->type == XML_ELEMENT_NODE) {
			for (xmlAttr *a = n->properties; a; a = a->next)
				wipe_nodes(a->children);
		}
		if (n->type != XML_ENTITY_REF_NODE)
			wipe_nodes(n->children);
	}
}

void
ra_xml_free(xmlDoc *doc)
{
	if (!doc)
		return;
	wipe_nodes(doc->children);
	xmlFreeDoc(doc);
}

bool
ra_xml_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->name &&
	    !strcmp((const char *)n->name, name);
}

xmlNode *
ra_xml_child(const xmlNode *n, const char *name)
{
	if (!n)
		return NULL;
	for (xmlNode *c = n->children; c; c = c->next)
		if (ra_xml_is(c, name))
			return c;
	return NULL;
}

/* Joins the text nodes of the list 'n'; NULL when one is an entity
 * reference or when there is no text. */
static char *
join_text(struct ca_ctx *ctx, const xmlNode *n, size_t *len)
{
	size_t total = 0, o = 0;
	const char *s;
	char *buf;

	for (const xmlNode *c = n; c; c = c->next) {
		if (c->type == XML_ENTITY_REF_NODE)
			return NULL;
		if ((c->type == XML_TEXT_NODE ||
		        c->type == XML_CDATA_SECTION_NODE) &&
		    c->content)
			total += strlen((const char *)c->content);
	}
	buf = arena_alloc(ca_scratch(ctx), total + 1);
	for (const xmlNode *c = n; c; c = c->next) {
		if ((c->type == XML_TEXT_NODE ||
		        c->type == XML_CDATA_SECTION_NODE) &&
		    c->content) {
			size_t l = strlen((const char *)c->content);
			memcpy(buf + o, c->content, l);
			o += l;
		}
	}
	buf[o] = '\0';
	s = buf;
	ca_trim(&s, &o);
	if (!o) {
		ca_wipe(buf, total);
		return NULL;
	}
	memmove(buf, s, o);
	buf[o] = '\0';
	*len = o;
	return buf;
}

char *
ra_xml_text(struct ca_ctx *ctx, const xmlNode *n, size_t *len)
{
	if (!n)
		return NULL;
	return join_text(ctx, n->children, len);
}

char *
ra_xml_attr(struct ca_ctx *ctx, const xmlNode *n, const char *name, size_t *len)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (a->name && !strcmp((const char *)a->name, name))
			return join_text(ctx, a->children, len);
	return NULL;
}
