/* rules.c - the content rule engine: one vectorscan pass, then PCRE2 and a
 * validator on a small window around each hit.
 *
 * Vectorscan runs without start-of-match tracking (it is several times
 * faster without), so a hit is only "rule R ended at E". The rule's PCRE2
 * pattern then finds the occurrence that contains E inside a window that
 * the rule bounds ([E - before, E + after]), which gives the start, the
 * capture groups and the boundary checks vectorscan cannot do cheaply.
 * Confirmed hits are collected, sorted by position, thinned (duplicates,
 * overlaps with a more specific rule) and handed out with line numbers. */
#include "lib/compat.h"
#include "scanners/rules/rules_p.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/xalloc.h"
#include <hs/hs.h>
#include <strings.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "lib/banned.h"

/* hs_scan takes a 32-bit length; bigger buffers go in overlapping chunks.
 * The overlap exceeds every rule's first-pass match length. */
#define CHUNK_DEFAULT ((size_t)1 << 30)
#define CHUNK_OVERLAP ((size_t)64 << 10)
/* A file with more confirmed secrets than this is hostile or generated;
 * the first ones are enough for an inventory. */
#define MAX_HITS 100000
/* Confirmation work (bytes searched by PCRE2 plus twice the bytes handed
 * to validators) allowed per scanned byte. Real files use under six (a
 * file of nothing but private keys); a file built to repeat a keyword
 * every few bytes would otherwise cost a validator call per keyword. */
#define WORK_PER_BYTE 24
#define WORK_BASE     ((size_t)1 << 20)

/* PCRE2 limits on a user rule's match (and its allowlist's): a pattern
 * that backtracks catastrophically gives up on that candidate. */
#define USER_MATCH_LIMIT 200000
#define USER_DEPTH_LIMIT 10000

struct ca_ruleset {
	hs_database_t *db;
	const struct ca_rule *rules;
	size_t n;
	size_t nbuiltin;                /* rules[nbuiltin..n) are the user's */
	const struct ca_user_rules *ur; /* borrowed */
	struct ca_rule *merged;         /* built-in and user rows, or NULL */
	bool *unordered;     /* per rule: matches may come out of order */
	pcre2_code **re;     /* one per rule, JIT-compiled */
	uint32_t max_groups; /* largest capture count, for match data */
};

/* Decoding: the layers below the file (a value decoded from it, and one
 * decoded from that) are each scanned in one pass over the concatenation
 * of their decoded runs, DECODE_SEP between two, so a file costs at most
 * DECODE_DEPTH more vectorscan calls whatever it holds. */
#define DECODE_DEPTH 2
#define DECODE_SEP   "\n\n"
/* Decoded bytes per layer of one scanned buffer. */
#define DECODE_MAX ((size_t)8 << 20)

/* One decoded run in a layer's buffer, and the outermost encoded run of
 * the scanned buffer it came from. */
struct seg {
	size_t dst_start, dst_end; /* in the layer's buffer */
	size_t top_start, top_end; /* in the scanned buffer */
	unsigned int line;         /* of top_start */
	bool allowed;              /* that line carries an allow comment */
	enum ca_enc outer;         /* the outermost encoding */
	enum ca_enc inner;         /* the run's own */
	const char *encoding;      /* "base64", "base64+url", ... */
};

struct layer {
	struct seg *segs; /* in order of dst_start */
	size_t n;
};

/* Where a sorted walk over a buffer's lines stands: the line holding
 * [start, end] ('end' is its newline, or the buffer's length). */
struct line_cursor {
	size_t start, end;
	unsigned int line;
	bool allowed;
	bool valid;
};

struct pending {
	struct ca_rule_hit hit;
	unsigned int rule;
	unsigned int level;
	bool dropped;
};

/* The span of a value that a specific rule recognised by its format and
 * its validator rejected: keyword rules may not report those bytes. */
struct span {
	size_t start, end;
};

struct ca_rule_scratch {
	const struct ca_ruleset *rs;
	hs_scratch_t *hs;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_match_context *umctx; /* with the user rules' limits */
	const char *path;           /* the file scanned, or NULL */
	size_t *last_end; /* per rule: end of the last confirmed match */
	size_t *next_off; /* per rule: where the next PCRE2 search starts */
	struct pending *hits;
	size_t nhits, alloc;
	struct span *rejected; /* see struct span; sorted by deliver() */
	size_t nrejected, rejected_alloc;
	struct arena *own_arena; /* when the caller passes none */
	size_t chunk;

	/* State of the scan in progress. */
	const char *data;
	size_t len;
	size_t base;      /* offset of the chunk being scanned */
	size_t skip_to;   /* hits ending at or before this were seen */
	size_t work_left; /* confirmation budget, see WORK_PER_BYTE */
	struct arena *arena;
	bool full;    /* stopped early: hit cap or budget spent */
	bool code;    /* the file is source code */
	bool stopped; /* the callback asked to stop */
	bool decode;  /* also scan what encoded runs decode to */
	/* Encoded runs of the scanned buffer whose decoded bytes held a
	 * secret: the keyword rules do not report the encoded value too. */
	struct span *decoded;
	size_t ndecoded, decoded_alloc;
	/* The plain pass's hits, held back while the decoded values are
	 * scanned ('hold'): a decoded secret that plain text already shows
	 * is not reported twice. 'held_spans' are their spans, sorted, with
	 * running maximum ends. */
	bool hold;
	struct pending *held;
	size_t nheld, held_alloc;
	struct span *held_spans;
	size_t nheld_spans;
	const struct layer *map; /* scanning decoded runs, or NULL */
};

const char *
ca_rule_hs_pattern(size_t i)
{
	size_t n;
	const struct ca_rule *t = ca_rule_table(&n);

	return i < n ? t[i].hs : NULL;
}

const char *
ca_rule_checks(size_t i)
{
	size_t n;
	const struct ca_rule *t = ca_rule_table(&n);

	if (i >= n)
		return NULL;
	/* What every rule of a class goes through, from its level, and
	 * whether it has a validator of its own (checksum, structure,
	 * entropy floor, placeholder and word filters: see the rule). */
	switch (t[i].level) {
	case 0:
		return t[i].validate ? "format, validator" : "format";
	case 1:
		return t[i].validate ? "key header, key structure" :
		                       "key header";
	case 2:
		return t[i].validate ? "URL, credential validator" : "URL";
	default:
		return t[i].validate ?
		    "keyword, value validator (placeholders, words, entropy)" :
		    "keyword";
	}
}

const char *
ca_rule_full_pattern(size_t i)
{
	size_t n;
	const struct ca_rule *t = ca_rule_table(&n);

	return i < n ? t[i].re : NULL;
}

/* Compiles the confirmation pattern of 'r' (borrowed) into '*out' (owned
 * by the caller) and reports its capture count. Returns 0 or -1. */
static int
compile_pcre(const struct ca_rule *r, pcre2_code **out, uint32_t *groups)
{
	int err;
	PCRE2_SIZE off;
	uint32_t n = 0;
	/* The offset limit lets a search stop at the hit: a match that
	 * starts after it is another occurrence, found by its own hit. */
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)r->re, PCRE2_ZERO_TERMINATED,
	    PCRE2_USE_OFFSET_LIMIT, &err, &off, NULL);

	if (!re) {
		PCRE2_UCHAR msg[160];

		pcre2_get_error_message(err, msg, sizeof(msg));
		return ca_error("cannot compile rule '%s' at offset %zu: %s",
		    r->id, (size_t)off, (const char *)msg);
	}
	ca_rules_jit(re);
	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &n);
	if (n + 1 > CA_RULE_MAX_GROUPS || r->group > n) {
		pcre2_code_free(re);
		return ca_error("rule '%s' has %u groups, at most %d", r->id, n,
		    CA_RULE_MAX_GROUPS - 1);
	}
	*groups = n;
	*out = re;
	return 0;
}

/* The engine resumes each rule's search where the previous hit of that
 * rule left it (find_match), which needs vectorscan to report a rule's
 * matches in order of end offset. It does, except for patterns whose
 * assertions make it report late; refuse those. 'expr' is borrowed. */
static int
check_hs_order(const struct ca_rule *r, const char *expr, unsigned int flags)
{
	hs_expr_info_t *info = NULL;
	hs_compile_error_t *cerr = NULL;
	int ret = 0;

	if (hs_expression_info(expr, flags, &info, &cerr) != HS_SUCCESS) {
		ret = ca_error("cannot compile rule '%s' for vectorscan: %s",
		    r->id, cerr->message);
		hs_free_compile_error(cerr);
		return ret;
	}
	if (info->unordered_matches)
		ret = ca_error("rule '%s': its vectorscan pattern may report "
		               "matches out of order",
		    r->id);
	free(info); /* allocated with hs's default allocator, malloc */
	return ret;
}

/* Checks a user rule's regex (rule 'r', flags '*flags') for vectorscan;
 * one it cannot take exactly goes in as a prefilter (a superset that
 * PCRE2 then confirms). Returns 0 or -1 after ca_error(). */
static int
check_user_hs(struct ca_ruleset *rs, size_t i, const char *expr,
    unsigned int *flags)
{
	const struct ca_rule *r = &rs->rules[i];
	const char *src = ca_user_rule_source(rs->ur, i - rs->nbuiltin);
	hs_expr_info_t *info = NULL;
	hs_compile_error_t *cerr = NULL;
	int ret = 0;

	if (hs_expression_info(expr, *flags, &info, &cerr) != HS_SUCCESS) {
		hs_free_compile_error(cerr);
		cerr = NULL;
		*flags |= HS_FLAG_PREFILTER;
		if (hs_expression_info(expr, *flags, &info, &cerr) !=
		    HS_SUCCESS) {
			ret = ca_error("rules file '%s': rule '%s': vectorscan "
			               "cannot compile the regex: %s",
			    src, r->id, cerr->message);
			hs_free_compile_error(cerr);
			return ret;
		}
	}
	/* A trailing assertion ("(?:\"|$)", as gitleaks rules end) makes
	 * vectorscan report late: such a rule's search does not resume. */
	rs->unordered[i] = info->unordered_matches;
	if (info->min_width == 0)
		ret = ca_error("rules file '%s': rule '%s': the regex matches "
		               "the empty string",
		    src, r->id);
	free(info); /* allocated with hs's default allocator, malloc */
	return ret;
}

int
ca_ruleset_compile(struct ca_ruleset **out)
{
	return ca_ruleset_compile_user(NULL, out);
}

int
ca_ruleset_compile_user(const struct ca_user_rules *ur, struct ca_ruleset **out)
{
	struct ca_ruleset *rs = xcalloc(1, sizeof(*rs));
	const char **exprs;
	unsigned int *flags, *ids;
	hs_compile_error_t *cerr = NULL;
	size_t nuser = ca_user_rules_count(ur);
	int ret = -1;

	rs->rules = ca_rule_table(&rs->n);
	rs->nbuiltin = rs->n;
	if (nuser) {
		rs->ur = ur;
		rs->merged = xcalloc(rs->n + nuser, sizeof(*rs->merged));
		memcpy(rs->merged, rs->rules, rs->n * sizeof(*rs->merged));
		for (size_t i = 0; i < nuser; i++)
			rs->merged[rs->n + i] = *ca_user_rule_row(ur, i);
		rs->n += nuser;
		rs->rules = rs->merged;
	}
	rs->re = xcalloc(rs->n, sizeof(*rs->re));
	rs->unordered = xcalloc(rs->n, sizeof(*rs->unordered));
	exprs = xcalloc(rs->n, sizeof(*exprs));
	flags = xcalloc(rs->n, sizeof(*flags));
	ids = xcalloc(rs->n, sizeof(*ids));
	for (size_t i = 0; i < rs->n; i++) {
		const struct ca_rule *r = &rs->rules[i];
		uint32_t groups = 0;

		/* "(?i)" keeps the printed pattern usable by ripgrep; to
		 * vectorscan it is the caseless flag. */
		exprs[i] = r->hs;
		if (!strncmp(r->hs, "(?i)", 4)) {
			exprs[i] = r->hs + 4;
			flags[i] = HS_FLAG_CASELESS;
		}
		ids[i] = (unsigned int)i;
		if (i >= rs->nbuiltin) {
			if (check_user_hs(rs, i, exprs[i], &flags[i]) < 0 ||
			    compile_pcre(r, &rs->re[i], &groups) < 0)
				goto out;
		} else if (check_hs_order(r, exprs[i], flags[i]) < 0 ||
		    compile_pcre(r, &rs->re[i], &groups) < 0) {
			goto out;
		}
		if (groups > rs->max_groups)
			rs->max_groups = groups;
	}
	if (hs_compile_multi(exprs, flags, ids, (unsigned int)rs->n,
	        HS_MODE_BLOCK, NULL, &rs->db, &cerr) != HS_SUCCESS) {
		int bad = cerr->expression;

		ca_error("cannot compile rule '%s' for vectorscan: %s",
		    bad >= 0 ? rs->rules[bad].id : "(all)", cerr->message);
		hs_free_compile_error(cerr);
		goto out;
	}
	*out = rs;
	rs = NULL;
	ret = 0;
out:
	free(exprs);
	free(flags);
	free(ids);
	ca_ruleset_free(rs);
	return ret;
}

void
ca_ruleset_free(struct ca_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n; i++)
		pcre2_code_free(rs->re[i]);
	free(rs->re);
	free(rs->merged);
	free(rs->unordered);
	hs_free_database(rs->db);
	free(rs);
}

struct ca_rule_scratch *
ca_rule_scratch_new(const struct ca_ruleset *rs)
{
	struct ca_rule_scratch *sc = xcalloc(1, sizeof(*sc));

	sc->rs = rs;
	if (hs_alloc_scratch(rs->db, &sc->hs) != HS_SUCCESS) {
		free(sc);
		ca_error("cannot allocate vectorscan scratch");
		return NULL;
	}
	sc->md = pcre2_match_data_create(rs->max_groups + 1, NULL);
	sc->mctx = pcre2_match_context_create(NULL);
	sc->umctx = pcre2_match_context_create(NULL);
	if (!sc->md || !sc->mctx || !sc->umctx) {
		ca_rule_scratch_free(sc);
		ca_error("cannot allocate PCRE2 match data");
		return NULL;
	}
	sc->last_end = xcalloc(rs->n, sizeof(*sc->last_end));
	sc->next_off = xcalloc(rs->n, sizeof(*sc->next_off));
	sc->chunk = CHUNK_DEFAULT;
	sc->decode = true;
	pcre2_set_match_limit(sc->umctx, USER_MATCH_LIMIT);
	pcre2_set_depth_limit(sc->umctx, USER_DEPTH_LIMIT);
	return sc;
}

void
ca_rule_scratch_free(struct ca_rule_scratch *sc)
{
	if (!sc)
		return;
	hs_free_scratch(sc->hs);
	pcre2_match_data_free(sc->md);
	pcre2_match_context_free(sc->mctx);
	pcre2_match_context_free(sc->umctx);
	free(sc->last_end);
	free(sc->next_off);
	free(sc->hits);
	free(sc->rejected);
	free(sc->decoded);
	free(sc->held);
	free(sc->held_spans);
	arena_free(sc->own_arena);
	free(sc);
}

void
ca_rule_scratch_set_code(struct ca_rule_scratch *sc, bool code)
{
	sc->code = code;
}

bool
ca_rules_is_code(const char *name)
{
	static const char *const exts[] = {
		"py",
		"pyi",
		"pyx",
		"js",
		"mjs",
		"cjs",
		"jsx",
		"ts",
		"tsx",
		"go",
		"rb",
		"java",
		"kt",
		"kts",
		"scala",
		"groovy",
		"c",
		"h",
		"cc",
		"cpp",
		"cxx",
		"hpp",
		"hh",
		"hxx",
		"ipp", /* C++ implementation headers (asio, boost) */
		"tpp",
		"tcc",
		"inl",
		"cs",
		"rs",
		"php",
		"swift",
		"m",
		"mm",
		"pl",
		"pm",
		"lua",
		"dart",
		"pas",
		"pp",
		"inc",
		"vim",
		"el",
		"clj",
		"ex",
		"exs",
		"erl",
		"hs",
		"ml",
		"jl",
		"r",
		"vb",
		"fs",
		"zig",
		"nim",
		"v",
		"tcl",
		"tm",
		NULL,
	};
	const char *dot, *slash;

	if (!name)
		return false;
	slash = strrchr(name, '/');
	dot = strrchr(slash ? slash : name, '.');
	if (!dot || !dot[1])
		return false;
	for (size_t i = 0; exts[i]; i++)
		if (!strcasecmp(dot + 1, exts[i]))
			return true;
	return false;
}

void
ca_rule_scratch_set_path(struct ca_rule_scratch *sc, const char *path)
{
	sc->path = path;
}

void
ca_rule_scratch_set_decode(struct ca_rule_scratch *sc, bool decode)
{
	sc->decode = decode;
}

void
ca_rule_scratch_set_chunk(struct ca_rule_scratch *sc, size_t chunk)
{
	sc->chunk = chunk >= 4096 ? chunk : CHUNK_DEFAULT;
}

/* Spends confirmation budget; see WORK_PER_BYTE. */
static void
charge(struct ca_rule_scratch *sc, size_t work)
{
	sc->work_left = sc->work_left > work ? sc->work_left - work : 0;
}

/* Finds the match of rule 'ri' that contains the hit ending at 'to' and
 * fills the groups of 'm'. Returns false when there is none.
 *
 * Hits of a rule arrive in increasing 'to', so the search resumes where
 * the previous one for the same rule stopped instead of at the window's
 * start: the leftmost matches before that point were already examined.
 * This keeps hostile input (a header or keyword repeated a million
 * times) linear rather than window-times-hits. */
static bool
find_match(struct ca_rule_scratch *sc, size_t ri, size_t to,
    struct ca_rule_match *m)
{
	const struct ca_rule *r = &sc->rs->rules[ri];
	size_t ws = to > r->before ? to - r->before : 0;
	size_t we = sc->len - to > (size_t)r->after + 8 ? to + r->after + 8 :
	                                                  sc->len;
	uint32_t opts = we < sc->len ? PCRE2_NOTEOL : 0;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
	size_t off = sc->next_off[ri] > ws && !sc->rs->unordered[ri] ?
	    sc->next_off[ri] :
	    ws;
	pcre2_match_context *mctx = ri >= sc->rs->nbuiltin ? sc->umctx :
	                                                     sc->mctx;

	/* The subject is the buffer from its start, so lookbehinds see the
	 * real bytes before the window; the window is [off, we), and a
	 * match must start before 'to'. */
	pcre2_set_offset_limit(mctx, to - 1);
	for (;;) {
		int rc = pcre2_match(sc->rs->re[ri], (PCRE2_SPTR)sc->data, we,
		    off, opts, sc->md, mctx);
		uint32_t n;

		if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
			ca_debug("rule '%s': PCRE2 error %d at offset %zu",
			    r->id, rc, to);
		if (rc < 0 || ov[0] >= to) {
			/* A failed search may read the whole window; most
			 * stop early, hence the cap. */
			charge(sc, we - off < 2048 ? we - off : 2048);
			sc->next_off[ri] = to;
			return false;
		}
		charge(sc, ov[1] - off + 2 * (ov[1] - ov[0]));
		if (ov[1] < to) {
			off = ov[0] + 1;
			continue;
		}
		sc->next_off[ri] = ov[0] + 1;
		n = pcre2_get_ovector_count(sc->md);
		for (uint32_t g = 0; g < CA_RULE_MAX_GROUPS; g++) {
			bool set = g < n && (g < (uint32_t)rc || !g) &&
			    ov[2 * g] != PCRE2_UNSET;

			m->gs[g] = set ? ov[2 * g] : SIZE_MAX;
			m->ge[g] = set ? ov[2 * g + 1] : SIZE_MAX;
		}
		return true;
	}
}

/* Keeps a confirmed hit; 'm' is borrowed, its strings must outlive the
 * scan (static or in the scan's arena). Returns false at the hit cap. */
static bool
push_hit(struct ca_rule_scratch *sc, size_t ri, const struct ca_rule_match *m)
{
	const struct ca_rule *r = &sc->rs->rules[ri];
	struct pending *p;

	if (sc->nhits == sc->alloc) {
		sc->alloc = sc->alloc ? 2 * sc->alloc : 64;
		sc->hits = xrealloc(sc->hits, sc->alloc * sizeof(*sc->hits));
	}
	p = &sc->hits[sc->nhits++];
	memset(p, 0, sizeof(*p));
	p->rule = (unsigned int)ri;
	p->level = r->level;
	p->hit.rule_id = r->id;
	p->hit.kind = r->kind;
	p->hit.secret = sc->data + m->start;
	p->hit.secret_len = m->end - m->start;
	p->hit.preview_prefix = m->prefix <= m->end - m->start ? m->prefix : 0;
	p->hit.start = m->start;
	p->hit.end = m->end;
	p->hit.identity = m->identity;
	p->hit.detail = m->detail;
	p->hit.tier = ri >= sc->rs->nbuiltin ?
	    ca_user_rule_tier(sc->rs->ur, ri - sc->rs->nbuiltin) :
	    -1;
	return sc->nhits < MAX_HITS;
}

/* Remembers that a specific rule matched data[start..end) by its format
 * and rejected it (a wrong checksum, a bad header, a placeholder body). A
 * GitHub-shaped token with a bad checksum in GITHUB_TOKEN= is then not
 * reported by generic.secret either. Bounded like the hits. */
static void
push_rejected(struct ca_rule_scratch *sc, size_t start, size_t end)
{
	if (start >= end || sc->nrejected >= MAX_HITS)
		return;
	if (sc->nrejected == sc->rejected_alloc) {
		sc->rejected_alloc = sc->rejected_alloc ?
		    2 * sc->rejected_alloc :
		    16;
		sc->rejected = xrealloc(sc->rejected,
		    sc->rejected_alloc * sizeof(*sc->rejected));
	}
	sc->rejected[sc->nrejected].start = start;
	sc->rejected[sc->nrejected].end = end;
	sc->nrejected++;
}

/* Vectorscan's callback: confirms one hit. 'arg' is the scratch. Returns
 * non-zero to stop the scan. */
static int
on_match(unsigned int id, unsigned long long from CA_UNUSED,
    unsigned long long chunk_to, unsigned int flags CA_UNUSED, void *arg)
{
	struct ca_rule_scratch *sc = arg;
	const struct ca_rule *r = &sc->rs->rules[id];
	size_t to = sc->base + (size_t)chunk_to;
	struct ca_rule_match m;

	/* Seen in the previous chunk, or inside a match already confirmed
	 * (vectorscan reports each end offset of a pattern once). */
	if (to <= sc->skip_to || to <= sc->last_end[id])
		return 0;
	if (!sc->work_left) {
		sc->full = true;
		return 1; /* stop vectorscan; deliver what we have */
	}
	memset(&m, 0, sizeof(m));
	if (!find_match(sc, id, to, &m))
		return 0;
	m.data = sc->data;
	m.len = sc->len;
	m.arena = sc->arena;
	m.code = sc->code;
	m.start = m.gs[r->group];
	m.end = m.ge[r->group];
	m.prefix = r->prefix;
	if (m.start == SIZE_MAX || m.end <= m.start)
		return 0;
	/* The allowlist's patterns take no offset limit. */
	if (id >= sc->rs->nbuiltin)
		pcre2_set_offset_limit(sc->umctx, PCRE2_UNSET);
	if (id >= sc->rs->nbuiltin &&
	    !ca_user_rule_ok(sc->rs->ur, id - sc->rs->nbuiltin, &m, sc->path,
	        sc->umctx))
		return 0;
	if (r->validate && !r->validate(&m)) {
		if (r->level < CA_RULE_LEVELS - 1)
			push_rejected(sc, m.gs[r->group], m.ge[r->group]);
		return 0;
	}
	if (m.start >= m.end || m.end > sc->len)
		return 0;
	sc->last_end[id] = m.ge[0];
	if (!push_hit(sc, id, &m)) {
		sc->full = true;
		return 1; /* stop vectorscan; deliver what we have */
	}
	return 0;
}

static int
cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->hit.start != y->hit.start)
		return x->hit.start < y->hit.start ? -1 : 1;
	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	if (x->hit.end != y->hit.end)
		return x->hit.end < y->hit.end ? -1 : 1;
	return 0;
}

static int
cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* Drops the keyword hits (the last level) that overlap a value a specific
 * rule rejected. 'rej' is sorted by start and its ends are turned into a
 * running maximum, so a hit overlaps some rejected span exactly when the
 * last span starting before the hit's end reaches past the hit's start. */
static void
drop_rejected(struct pending *hits, size_t n, struct span *rej, size_t nrej)
{
	if (!nrej)
		return;
	qsort(rej, nrej, sizeof(*rej), cmp_span);
	for (size_t i = 1; i < nrej; i++)
		if (rej[i].end < rej[i - 1].end)
			rej[i].end = rej[i - 1].end;
	for (size_t i = 0; i < n; i++) {
		struct pending *h = &hits[i];
		size_t lo = 0, hi = nrej;

		if (h->dropped || h->level != CA_RULE_LEVELS - 1)
			continue;
		while (lo < hi) { /* spans starting before the hit's end */
			size_t mid = lo + (hi - lo) / 2;

			if (rej[mid].start < h->hit.end)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo && rej[lo - 1].end > h->hit.start)
			h->dropped = true;
	}
}

/* Drops exact duplicates and hits that overlap a hit of a lower level
 * (the generic password rule yields to the token it found, the private
 * key to the service-account file around it). 'hits' is sorted. */
static void
thin_hits(struct pending *hits, size_t n)
{
	size_t maxend[CA_RULE_LEVELS] = { 0 };

	for (size_t i = 0; i < n; i++) {
		struct pending *h = &hits[i];

		if (i > 0 && hits[i - 1].rule == h->rule &&
		    hits[i - 1].hit.start == h->hit.start &&
		    hits[i - 1].hit.end == h->hit.end) {
			h->dropped = true;
			continue;
		}
		for (unsigned int lv = 0; lv < h->level && !h->dropped; lv++)
			if (maxend[lv] > h->hit.start)
				h->dropped = true;
		/* Later hits start inside this one; bounded so a hostile
		 * file cannot make this quadratic. */
		for (size_t j = i + 1; j < n && j < i + 256 && !h->dropped &&
		     hits[j].hit.start < h->hit.end;
		     j++)
			if (hits[j].level < h->level)
				h->dropped = true;
		if (!h->dropped && h->level < CA_RULE_LEVELS &&
		    h->hit.end > maxend[h->level])
			maxend[h->level] = h->hit.end;
	}
}

bool
ca_rules_line_allowed(const char *line, size_t len)
{
	return memmem(line, len, "credatlas:allow", 15) ||
	    memmem(line, len, "gitleaks:allow", 14);
}

/* Moves 'lc' to the line of data[off]; 'off' never decreases between
 * calls, so a walk over a buffer is linear. The allow comment is looked
 * for only on the lines a hit lands on. */
static void
line_at(struct line_cursor *lc, const char *data, size_t len, size_t off)
{
	const char *nl;
	bool moved = !lc->valid;

	if (!lc->valid) {
		nl = memchr(data, '\n', len);
		lc->start = 0;
		lc->end = nl ? (size_t)(nl - data) : len;
		lc->line = 1;
		lc->valid = true;
	}
	while (off > lc->end && lc->end < len) {
		lc->start = lc->end + 1;
		nl = memchr(data + lc->start, '\n', len - lc->start);
		lc->end = nl ? (size_t)(nl - data) : len;
		lc->line++;
		moved = true;
	}
	if (moved)
		lc->allowed = ca_rules_line_allowed(data + lc->start,
		    lc->end - lc->start);
}

/* The segment of 'map' whose decoded bytes hold 'off', or NULL. */
static const struct seg *
find_seg(const struct layer *map, size_t off)
{
	size_t lo = 0, hi = map->n;

	while (lo < hi) { /* segments starting at or before 'off' */
		size_t mid = lo + (hi - lo) / 2;

		if (map->segs[mid].dst_start <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || off >= map->segs[lo - 1].dst_end)
		return NULL;
	return &map->segs[lo - 1];
}

/* True when [start, end) overlaps a span of 'sp' (sorted by start, ends
 * a running maximum). */
static bool
overlaps(const struct span *sp, size_t n, size_t start, size_t end)
{
	size_t lo = 0, hi = n;

	while (lo < hi) { /* spans starting before 'end' */
		size_t mid = lo + (hi - lo) / 2;

		if (sp[mid].start < end)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && sp[lo - 1].end > start;
}

/* Turns the ends of 'sp' (sorted by start) into a running maximum. */
static void
running_max(struct span *sp, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (sp[i].end < sp[i - 1].end)
			sp[i].end = sp[i - 1].end;
}

/* Keeps a plain hit back (see 'hold'). */
static void
hold_hit(struct ca_rule_scratch *sc, const struct pending *p)
{
	if (sc->nheld == sc->held_alloc) {
		sc->held_alloc = sc->held_alloc ? 2 * sc->held_alloc : 16;
		sc->held = xrealloc(sc->held,
		    sc->held_alloc * sizeof(*sc->held));
	}
	sc->held[sc->nheld++] = *p;
}

/* Remembers that the encoded run data[start..end) held a secret. */
static void
note_decoded(struct ca_rule_scratch *sc, size_t start, size_t end)
{
	if (sc->ndecoded && sc->decoded[sc->ndecoded - 1].start == start &&
	    sc->decoded[sc->ndecoded - 1].end == end)
		return;
	if (sc->ndecoded >= MAX_HITS)
		return;
	if (sc->ndecoded == sc->decoded_alloc) {
		sc->decoded_alloc = sc->decoded_alloc ? 2 * sc->decoded_alloc :
		                                        16;
		sc->decoded = xrealloc(sc->decoded,
		    sc->decoded_alloc * sizeof(*sc->decoded));
	}
	sc->decoded[sc->ndecoded].start = start;
	sc->decoded[sc->ndecoded].end = end;
	sc->ndecoded++;
}

/* Sorts and thins the hits, then hands each to 'fn' with its line.
 * 'fn' and 'arg' are the caller's; the hits stay owned by 'sc'. */
static void
deliver(struct ca_rule_scratch *sc, ca_rule_hit_fn *fn, void *arg)
{
	struct line_cursor lc = { 0 };

	if (!sc->nhits)
		return; /* qsort must not see the NULL of an empty list */
	qsort(sc->hits, sc->nhits, sizeof(*sc->hits), cmp_pending);
	drop_rejected(sc->hits, sc->nhits, sc->rejected, sc->nrejected);
	thin_hits(sc->hits, sc->nhits);
	for (size_t i = 0; i < sc->nhits; i++) {
		struct pending *p = &sc->hits[i];

		if (p->dropped)
			continue;
		if (sc->map) {
			/* A decoded secret is reported at its encoded run;
			 * one that spans two runs is an artefact. */
			const struct seg *g = find_seg(sc->map, p->hit.start);

			/* Percent-decoding a URL turns its escaped '@' and
			 * ':' into delimiters: only a token's own shape is
			 * trusted there, not a URL's userinfo nor a keyword
			 * assignment. */
			if (!g || p->hit.end > g->dst_end ||
			    (g->inner == CA_ENC_URL && p->level >= 2) ||
			    overlaps(sc->held_spans, sc->nheld_spans,
			        g->top_start, g->top_end))
				continue;
			p->hit.start = g->top_start;
			p->hit.end = g->top_end;
			p->hit.line = g->line;
			p->hit.allowed = g->allowed;
			p->hit.encoding = g->encoding;
			note_decoded(sc, g->top_start, g->top_end);
		} else {
			/* Sorted by start, so the walk resumes where it
			 * stopped. */
			line_at(&lc, sc->data, sc->len, p->hit.start);
			p->hit.line = lc.line;
			p->hit.allowed = lc.allowed;
			if (sc->hold) {
				hold_hit(sc, p);
				continue;
			}
		}
		if (fn(arg, &p->hit)) {
			sc->stopped = true;
			break;
		}
	}
}

/* One vectorscan pass over data[0..len) (borrowed, NUL after it) and
 * the delivery of its hits through sc->map when it is set. Returns 0, 1
 * when the pass stopped early, or -1 after ca_error(). */
static int
scan_layer(const struct ca_ruleset *rs, struct ca_rule_scratch *sc,
    const char *data, size_t len, ca_rule_hit_fn *fn, void *arg)
{
	size_t off = 0;
	int ret = 0;

	if (!len)
		return 0;
	memset(sc->last_end, 0, rs->n * sizeof(*sc->last_end));
	memset(sc->next_off, 0, rs->n * sizeof(*sc->next_off));
	sc->nhits = 0;
	sc->nrejected = 0;
	sc->data = data;
	sc->len = len;
	sc->full = false;
	sc->skip_to = 0;
	sc->work_left = len < (SIZE_MAX - WORK_BASE) / WORK_PER_BYTE ?
	    WORK_BASE + WORK_PER_BYTE * len :
	    SIZE_MAX;
	while (!sc->full) {
		size_t n = len - off < sc->chunk ? len - off : sc->chunk;
		size_t overlap = sc->chunk / 4 < CHUNK_OVERLAP ? sc->chunk / 4 :
		                                                 CHUNK_OVERLAP;
		hs_error_t err;

		sc->base = off;
		err = hs_scan(rs->db, data + off, (unsigned int)n, 0, sc->hs,
		    on_match, sc);
		if (err != HS_SUCCESS && err != HS_SCAN_TERMINATED) {
			ret = ca_error("vectorscan failed with error %d", err);
			break;
		}
		if (off + n >= len)
			break;
		/* The next chunk starts 'overlap' early so a match across
		 * the seam is seen whole; hits up to here were handled. */
		sc->skip_to = off + n;
		off += n - overlap;
	}
	if (!ret && sc->full)
		ca_debug("content rules stopped early: more than %d hits or "
		         "too many candidates (%zu bytes)",
		    MAX_HITS, len);
	if (!ret)
		deliver(sc, fn, arg);
	sc->data = NULL;
	return ret ? ret : sc->full;
}

/* The label of a run decoded inside one of 'outer' (0: none). */
static const char *
enc_label(enum ca_enc outer, enum ca_enc inner)
{
	static const char *const two[3][3] = {
		{ "base64+base64", "base64+url", "base64+json" },
		{ "url+base64", "url+url", "url+json" },
		{ "json+base64", "json+url", "json+json" },
	};

	if (!outer)
		return ca_enc_name(inner);
	return two[outer - 1][inner - 1];
}

/* Decodes the encoded runs of src[0..srclen) (borrowed: the scanned
 * buffer when 'parent' is NULL, else the buffer of layer 'parent') into
 * one buffer in the scan's arena, scans it, and goes one layer down while
 * 'depth' allows. Hits are delivered at the outermost run. Returns 0, 1
 * when some pass stopped early, or -1 after ca_error(). */
static int
decode_layer(const struct ca_ruleset *rs, struct ca_rule_scratch *sc,
    const char *src, size_t srclen, const struct layer *parent,
    unsigned int depth, ca_rule_hit_fn *fn, void *arg)
{
	struct ca_enc_run *runs = NULL;
	size_t nruns = ca_enc_find(src, srclen, &runs), total = 0, off = 0;
	struct line_cursor lc = { 0 };
	struct layer here = { NULL, 0 };
	char *buf;
	int ret = 0;

	for (size_t i = 0; i < nruns; i++) {
		size_t need = runs[i].end - runs[i].start + 2;

		if (total + need > DECODE_MAX) {
			nruns = i;
			break;
		}
		total += need;
	}
	if (!nruns) {
		free(runs);
		return 0;
	}
	buf = arena_alloc(sc->arena, total + 1);
	here.segs = xcalloc(nruns, sizeof(*here.segs));
	for (size_t i = 0; i < nruns; i++) {
		const struct ca_enc_run *r = &runs[i];
		struct seg *g = &here.segs[here.n];
		size_t d = ca_enc_decode(r, src, buf + off);

		if (!d)
			continue;
		g->dst_start = off;
		g->dst_end = off + d;
		if (parent) {
			const struct seg *pg = find_seg(parent, r->start);

			if (!pg || r->end > pg->dst_end)
				continue;
			g->top_start = pg->top_start;
			g->top_end = pg->top_end;
			g->line = pg->line;
			g->allowed = pg->allowed;
			g->outer = pg->outer;
			g->inner = r->type;
			g->encoding = enc_label(pg->outer, r->type);
		} else {
			line_at(&lc, src, srclen, r->start);
			g->top_start = r->start;
			g->top_end = r->end;
			g->line = lc.line;
			g->allowed = lc.allowed;
			g->outer = r->type;
			g->inner = r->type;
			g->encoding = enc_label(0, r->type);
		}
		memcpy(buf + off + d, DECODE_SEP, 2);
		off += d + 2;
		here.n++;
	}
	free(runs);
	buf[off] = '\0';
	if (here.n) {
		sc->map = &here;
		ret = scan_layer(rs, sc, buf, off, fn, arg);
		sc->map = NULL;
		if (ret >= 0 && depth + 1 < DECODE_DEPTH && !sc->stopped) {
			int r2 = decode_layer(rs, sc, buf, off, &here,
			    depth + 1, fn, arg);

			ret = r2 ? r2 : ret;
		}
	}
	free(here.segs);
	return ret;
}

int
ca_rules_scan(const struct ca_ruleset *rs, struct ca_rule_scratch *sc,
    const char *data, size_t len, struct arena *scratch_arena,
    ca_rule_hit_fn *fn, void *arg)
{
	size_t nspans = 0;
	int ret, r2;

	if (!len)
		return 0;
	if (sc->rs != rs)
		return ca_error("rule scratch belongs to another ruleset");
	if (!scratch_arena) {
		if (!sc->own_arena)
			sc->own_arena = arena_new(16 << 10);
		arena_reset(sc->own_arena);
		scratch_arena = sc->own_arena;
	}
	sc->arena = scratch_arena;
	sc->stopped = false;
	sc->map = NULL;
	if (!sc->decode)
		return scan_layer(rs, sc, data, len, fn, arg);
	/* The plain pass first, its hits held back; then the decoded
	 * values, less what plain text shows already; then the plain
	 * hits, less the keyword hits on encoded runs that held a secret
	 * (`password: <base64 of a token>` is the token, once). */
	sc->ndecoded = 0;
	sc->nheld = 0;
	sc->nheld_spans = 0;
	sc->hold = true;
	ret = scan_layer(rs, sc, data, len, fn, arg);
	sc->hold = false;
	if (ret < 0)
		return ret;
	sc->held_spans = xrealloc(sc->held_spans,
	    (sc->nheld ? sc->nheld : 1) * sizeof(*sc->held_spans));
	/* Only a specific rule's hit speaks for the bytes: a keyword hit
	 * on an encoded value is what the decoding replaces. */
	for (size_t i = 0; i < sc->nheld; i++) {
		if (sc->held[i].level == CA_RULE_LEVELS - 1)
			continue;
		sc->held_spans[nspans].start = sc->held[i].hit.start;
		sc->held_spans[nspans].end = sc->held[i].hit.end;
		nspans++;
	}
	running_max(sc->held_spans, nspans);
	sc->nheld_spans = nspans;
	r2 = decode_layer(rs, sc, data, len, NULL, 0, fn, arg);
	ret = r2 ? r2 : ret;
	if (sc->ndecoded > 1) {
		qsort(sc->decoded, sc->ndecoded, sizeof(*sc->decoded),
		    cmp_span);
		running_max(sc->decoded, sc->ndecoded);
	}
	for (size_t i = 0; i < sc->nheld && !sc->stopped; i++) {
		const struct pending *p = &sc->held[i];

		if (p->level == CA_RULE_LEVELS - 1 &&
		    overlaps(sc->decoded, sc->ndecoded, p->hit.start,
		        p->hit.end))
			continue;
		if (fn(arg, &p->hit))
			sc->stopped = true;
	}
	return ret;
}
