#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "manifest/locate.h"

#define VIEWS_PER_BLOCK	64

struct span_block {
	struct span_block	*next;
	size_t			 n;
	struct span		 v[VIEWS_PER_BLOCK];
};

struct scanner {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	struct locator	*l;
	char		*err;
	size_t		 errlen;
};

static int	 value(struct scanner *, size_t, uint32_t, uint32_t);

/* Line and column of every LOCATE_MARK-th byte, so positions are cheap. */
static int
marks_fill(struct locator *l)
{
	const unsigned char	*s = (const unsigned char *)l->text;
	uint32_t		 line = 1, col = 1;
	size_t			 i;

	l->markcap = l->len / LOCATE_MARK + 1;
	if ((l->marks = calloc(l->markcap, sizeof(*l->marks))) == NULL)
		return (-1);
	for (i = 0; i < l->len; i++) {
		if (i % LOCATE_MARK == 0) {
			l->marks[i / LOCATE_MARK].line = line;
			l->marks[i / LOCATE_MARK].col = col;
		}
		if (s[i] == '\n') {
			line++;
			col = 1;
		} else if ((s[i] & 0xc0) != 0x80)
			col++;
	}
	if (l->len % LOCATE_MARK == 0) {
		l->marks[l->len / LOCATE_MARK].line = line;
		l->marks[l->len / LOCATE_MARK].col = col;
	}
	l->nmarks = l->markcap;
	return (0);
}

void
locator_pos(const struct locator *l, size_t off, unsigned int *line,
    unsigned int *col)
{
	const unsigned char	*s = (const unsigned char *)l->text;
	size_t			 i;

	if (off > l->len)
		off = l->len;
	if (l->marks == NULL) {
		*line = *col = 1;
		return;
	}
	i = off / LOCATE_MARK * LOCATE_MARK;
	*line = l->marks[off / LOCATE_MARK].line;
	*col = l->marks[off / LOCATE_MARK].col;
	for (; i < off; i++) {
		if (s[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if ((s[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

static int
fail_at(struct scanner *sc, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail_at(struct scanner *sc, size_t off, const char *fmt, ...)
{
	char		msg[160];
	unsigned int	line, col;
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	locator_pos(sc->l, off, &line, &col);
	snprintf(sc->err, sc->errlen, "%u:%u: %s", line, col, msg);
	return (-1);
}

#define fail(sc, ...)	fail_at((sc), (sc)->pos, __VA_ARGS__)

static int
peek(const struct scanner *sc)
{
	return (sc->pos < sc->len ? (unsigned char)sc->s[sc->pos] : -1);
}

static void
skip_ws(struct scanner *sc)
{
	int	c;

	while ((c = peek(sc)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		sc->pos++;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

static int
hex4(struct scanner *sc, unsigned long *out)
{
	unsigned long	v = 0;
	int		i, h;

	for (i = 0; i < 4; i++) {
		if ((h = hexval(peek(sc))) == -1)
			return (fail(sc, "bad \\u escape"));
		v = v * 16 + (unsigned long)h;
		sc->pos++;
	}
	*out = v;
	return (0);
}

/*
 * The length of the valid UTF-8 sequence at s (n bytes left), or 0:
 * no overlong forms, no surrogates, nothing above U+10FFFF (RFC 3629).
 */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t	k, i;

	if (s[0] < 0x80)
		return (1);
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4;
	else
		return (0);
	if (n < k)
		return (0);
	for (i = 1; i < k; i++)
		if ((s[i] & 0xc0) != 0x80)
			return (0);
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return (0);
	return (k);
}

/* Scans the string at the current '"', checking its escapes and UTF-8. */
static int
string(struct scanner *sc)
{
	const unsigned char	*s = (const unsigned char *)sc->s;
	unsigned long		 cp, lo;
	size_t			 k;
	int			 c;

	sc->pos++;
	for (;;) {
		while (sc->pos < sc->len && (c = s[sc->pos]) != '"' &&
		    c != '\\' && c >= 0x20) {
			if (c < 0x80) {
				sc->pos++;
				continue;
			}
			if ((k = utf8_len(s + sc->pos, sc->len - sc->pos)) == 0)
				return (fail(sc, "byte 0x%02X is not UTF-8: "
				    "ops reads config.json as UTF-8; save the "
				    "file in that encoding", (unsigned)c));
			sc->pos += k;
		}
		c = peek(sc);
		if (c == '"') {
			sc->pos++;
			return (0);
		}
		if (c == -1)
			return (fail(sc, "unterminated string"));
		if (c < 0x20)
			return (fail(sc, "control character in a string"));
		sc->pos++;
		c = peek(sc);
		sc->pos++;
		switch (c) {
		case '"': case '\\': case '/':
		case 'b': case 'f': case 'n': case 'r': case 't':
			break;
		case 'u':
			if (hex4(sc, &cp) == -1)
				return (-1);
			if (cp == 0)
				return (fail_at(sc, sc->pos - 6, "a NUL "
				    "character (\\u0000) in a string: mqplan "
				    "cannot keep it and Nanos would cut the "
				    "string there; remove it"));
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (peek(sc) != '\\')
					return (fail(sc, "lone surrogate"));
				sc->pos++;
				if (peek(sc) != 'u')
					return (fail(sc, "lone surrogate"));
				sc->pos++;
				if (hex4(sc, &lo) == -1)
					return (-1);
				if (lo < 0xdc00 || lo > 0xdfff)
					return (fail(sc, "lone surrogate"));
			} else if (cp >= 0xdc00 && cp <= 0xdfff)
				return (fail(sc, "lone surrogate"));
			break;
		default:
			return (fail(sc, "bad escape in a string"));
		}
	}
}

static int
digits(struct scanner *sc)
{
	size_t	start = sc->pos;

	while (peek(sc) >= '0' && peek(sc) <= '9')
		sc->pos++;
	return (sc->pos > start ? 0 : fail(sc, "digit expected"));
}

static int
number(struct scanner *sc)
{
	if (peek(sc) == '-')
		sc->pos++;
	if (peek(sc) == '0')
		sc->pos++;
	else if (digits(sc) == -1)
		return (-1);
	if (peek(sc) == '.') {
		sc->pos++;
		if (digits(sc) == -1)
			return (-1);
	}
	if (peek(sc) == 'e' || peek(sc) == 'E') {
		sc->pos++;
		if (peek(sc) == '+' || peek(sc) == '-')
			sc->pos++;
		if (digits(sc) == -1)
			return (-1);
	}
	return (0);
}

static int
literal(struct scanner *sc)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t			 i, n;

	for (i = 0; i < 3; i++) {
		n = strlen(words[i]);
		if (sc->len - sc->pos >= n &&
		    memcmp(sc->s + sc->pos, words[i], n) == 0) {
			sc->pos += n;
			return (0);
		}
	}
	if (sc->pos == 0 && sc->len >= 3 &&
	    memcmp(sc->s, "\xef\xbb\xbf", 3) == 0)
		return (fail(sc, "the file starts with a UTF-8 byte order "
		    "mark, which JSON does not allow and ops refuses: save "
		    "it without the BOM"));
	return (fail(sc, "value expected"));
}

/*
 * After an object member or array element: 1 when a ',' (eaten) says
 * another follows, 0 at the closing bracket (eaten), -1 on anything else.
 */
static int
member_end(struct scanner *sc, char close)
{
	skip_ws(sc);
	if (peek(sc) == ',') {
		sc->pos++;
		return (1);
	}
	if (peek(sc) == close) {
		sc->pos++;
		return (0);
	}
	return (fail(sc, "',' or '%c' expected", close));
}

static int
object(struct scanner *sc, uint32_t idx, size_t depth)
{
	size_t	koff;
	int	rc;

	sc->pos++;
	skip_ws(sc);
	if (peek(sc) == '}') {
		sc->pos++;
		return (0);
	}
	for (;;) {
		skip_ws(sc);
		if (peek(sc) != '"')
			return (fail(sc, "object key expected"));
		koff = sc->pos;
		if (string(sc) == -1)
			return (-1);
		skip_ws(sc);
		if (peek(sc) != ':')
			return (fail(sc, "':' expected"));
		sc->pos++;
		if (value(sc, depth + 1, idx, (uint32_t)koff) == -1)
			return (-1);
		sc->l->nodes[idx].nmembers++;
		if ((rc = member_end(sc, '}')) != 1)
			return (rc);
	}
}

static int
array(struct scanner *sc, uint32_t idx, size_t depth)
{
	int	rc;

	sc->pos++;
	skip_ws(sc);
	if (peek(sc) == ']') {
		sc->pos++;
		return (0);
	}
	for (;;) {
		if (value(sc, depth + 1, idx, LOCATE_NONE) == -1)
			return (-1);
		sc->l->nodes[idx].nmembers++;
		if ((rc = member_end(sc, ']')) != 1)
			return (rc);
	}
}

static int
value(struct scanner *sc, size_t depth, uint32_t parent, uint32_t koff)
{
	struct locator	*l = sc->l;
	struct lnode	*n;
	uint32_t	 idx;
	int		 c, rc;

	if (depth > LOCATE_DEPTH_MAX)
		return (fail(sc, "nested deeper than %d", LOCATE_DEPTH_MAX));
	skip_ws(sc);
	if (l->nnodes == l->cap) {
		/* Node indexes are uint32_t below LOCATE_NONE. */
		if (l->cap >= LOCATE_NONE / 2 || (n = array_grow(l->nodes,
		    l->nnodes, &l->cap, sizeof(*n), 64)) == NULL)
			return (fail(sc, "out of memory"));
		l->nodes = n;
	}
	idx = (uint32_t)l->nnodes++;
	n = &l->nodes[idx];
	memset(n, 0, sizeof(*n));
	n->key_off = koff;
	n->val_off = (uint32_t)sc->pos;
	n->parent = parent;
	n->idx = parent == LOCATE_NONE ? 0 : l->nodes[parent].nmembers;
	n->depth = (uint16_t)depth;

	c = peek(sc);
	if (c == '{') {
		n->kind = SPAN_OBJECT;
		rc = object(sc, idx, depth);
	} else if (c == '[') {
		n->kind = SPAN_ARRAY;
		rc = array(sc, idx, depth);
	} else if (c == '"') {
		n->kind = SPAN_STRING;
		rc = string(sc);
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		n->kind = SPAN_NUMBER;
		rc = number(sc);
	} else {
		n->kind = SPAN_LITERAL;
		rc = literal(sc);
	}
	/* The array may have moved while the value's members were added. */
	l->nodes[idx].val_end = (uint32_t)sc->pos;
	return (rc);
}

/*
 * The next character of the JSON string at s[*pos] (already checked by
 * the scanner), as UTF-8 into out; returns its length, 0 at the end.
 */
static size_t
dec_next(const char *s, size_t *pos, char out[4])
{
	unsigned long	cp, lo;
	size_t		p = *pos, i, n;
	int		c = (unsigned char)s[p];

	if (c == '"')
		return (0);
	if (c != '\\') {
		n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		memcpy(out, s + p, n);
		*pos = p + n;
		return (n);
	}
	c = (unsigned char)s[p + 1];
	*pos = p + 2;
	switch (c) {
	case 'b': out[0] = '\b'; return (1);
	case 'f': out[0] = '\f'; return (1);
	case 'n': out[0] = '\n'; return (1);
	case 'r': out[0] = '\r'; return (1);
	case 't': out[0] = '\t'; return (1);
	case 'u':
		break;
	default:
		out[0] = (char)c;
		return (1);
	}
	for (cp = 0, i = 0; i < 4; i++)
		cp = cp * 16 + (unsigned long)hexval((unsigned char)s[p + 2 + i]);
	*pos = p + 6;
	if (cp >= 0xd800 && cp < 0xdc00) {
		for (lo = 0, i = 0; i < 4; i++)
			lo = lo * 16 +
			    (unsigned long)hexval((unsigned char)s[p + 8 + i]);
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		*pos = p + 12;
	}
	if (cp < 0x80) {
		out[0] = (char)cp;
		return (1);
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return (2);
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return (3);
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return (4);
}

#define FNV_OFF		2166136261u
#define FNV_PRIME	16777619u

static uint32_t
fnv(uint32_t h, const void *p, size_t n)
{
	const unsigned char	*b = p;

	while (n-- > 0)
		h = (h ^ *b++) * FNV_PRIME;
	return (h);
}

/* FNV's high bits are poor for keys that differ at the end: mix them. */
static uint32_t
mix(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return (h);
}

/* The first slot for h, and the one after s (Lemire's range reduction). */
#define SLOT(l, h)	((size_t)(((uint64_t)mix(h) * (l)->hsize) >> 32))
#define NEXT(l, s)	((s) + 1 == (l)->hsize ? 0 : (s) + 1)

static uint32_t
hash_member(uint32_t parent, const char *key, size_t keylen)
{
	return (fnv(fnv(FNV_OFF, &parent, sizeof(parent)), key, keylen));
}

static uint32_t
hash_element(uint32_t parent, size_t i)
{
	uint64_t	v = i;

	return (fnv(fnv(FNV_OFF ^ 0x5bd1e995u, &parent, sizeof(parent)), &v,
	    sizeof(v)));
}

/* The hash of node's key, decoded, as hash_member() makes it. */
static uint32_t
hash_node(const struct locator *l, uint32_t i)
{
	const struct lnode	*n = &l->nodes[i];
	char			 c[4];
	size_t			 pos, k;
	uint32_t		 h;

	if (l->nodes[n->parent].kind == SPAN_ARRAY)
		return (hash_element(n->parent, n->idx));
	h = fnv(FNV_OFF, &n->parent, sizeof(n->parent));
	pos = n->key_off + 1;
	while ((k = dec_next(l->text, &pos, c)) > 0)
		h = fnv(h, c, k);
	return (h);
}

/* Whether node's key, decoded, is key. */
static bool
key_eq(const struct locator *l, uint32_t i, const char *key, size_t keylen)
{
	char	c[4];
	size_t	pos = l->nodes[i].key_off + 1, o = 0, k;

	while ((k = dec_next(l->text, &pos, c)) > 0) {
		if (o + k > keylen || memcmp(key + o, c, k) != 0)
			return (false);
		o += k;
	}
	return (o == keylen);
}

static bool
same_key(const struct locator *l, uint32_t a, uint32_t b)
{
	char	ca[4], cb[4];
	size_t	pa = l->nodes[a].key_off + 1, pb = l->nodes[b].key_off + 1;
	size_t	ka, kb;

	for (;;) {
		ka = dec_next(l->text, &pa, ca);
		kb = dec_next(l->text, &pb, cb);
		if (ka != kb || memcmp(ca, cb, ka) != 0)
			return (false);
		if (ka == 0)
			return (true);
	}
}

/*
 * Indexes every value but the root by (parent, key or position); a
 * second member with the key of one before it is refused, as ops and
 * jansson would have either one silently win.
 */
static int
hash_build(struct scanner *sc)
{
	struct locator	*l = sc->l;
	size_t		 s;
	uint32_t	 i, h;

	/* Three quarters full at most: 5.3 bytes per value. */
	l->hsize = l->nnodes + l->nnodes / 3 + 16;
	if ((l->hash = malloc(l->hsize * sizeof(*l->hash))) == NULL)
		return (fail(sc, "out of memory"));
	memset(l->hash, 0xff, l->hsize * sizeof(*l->hash));
	for (i = 1; i < l->nnodes; i++) {
		h = hash_node(l, i);
		for (s = SLOT(l, h); l->hash[s] != LOCATE_NONE;
		    s = NEXT(l, s)) {
			uint32_t	o = l->hash[s];

			if (l->nodes[o].parent == l->nodes[i].parent &&
			    l->nodes[i].key_off != LOCATE_NONE &&
			    same_key(l, o, i))
				return (fail_at(sc, l->nodes[i].key_off,
				    "duplicate object key"));
		}
		l->hash[s] = i;
	}
	return (0);
}

int
locator_scan(struct locator *l, const char *text, size_t len, char *err,
    size_t errlen)
{
	struct scanner	sc;
	int		ret = -1;

	memset(&sc, 0, sizeof(sc));
	l->text = text;
	l->len = len;
	sc.s = text;
	sc.len = len;
	sc.l = l;
	sc.err = err;
	sc.errlen = errlen;
	if (len > LOCATE_LEN_MAX) {
		snprintf(err, errlen, "1:1: longer than %zu bytes",
		    LOCATE_LEN_MAX);
		goto out;
	}
	if (marks_fill(l) == -1) {
		snprintf(err, errlen, "1:1: out of memory");
		goto out;
	}
	if (value(&sc, 0, LOCATE_NONE, LOCATE_NONE) == -1)
		goto out;
	skip_ws(&sc);
	if (sc.pos != sc.len) {
		fail(&sc, "text after the JSON value");
		goto out;
	}
	if (hash_build(&sc) == -1)
		goto out;
	ret = 0;
out:
	if (ret == -1)
		locator_release(l);
	return (ret);
}

uint32_t
locator_member(const struct locator *l, uint32_t node, const char *key,
    size_t keylen)
{
	size_t		s;
	uint32_t	i;

	if (node >= l->nnodes || l->nodes[node].kind != SPAN_OBJECT ||
	    l->hash == NULL)
		return (LOCATE_NONE);
	for (s = SLOT(l, hash_member(node, key, keylen));
	    (i = l->hash[s]) != LOCATE_NONE; s = NEXT(l, s))
		if (l->nodes[i].parent == node && key_eq(l, i, key, keylen))
			return (i);
	return (LOCATE_NONE);
}

uint32_t
locator_element(const struct locator *l, uint32_t node, size_t idx)
{
	size_t		s;
	uint32_t	i;

	if (node >= l->nnodes || l->nodes[node].kind != SPAN_ARRAY ||
	    l->hash == NULL || idx >= l->nodes[node].nmembers)
		return (LOCATE_NONE);
	for (s = SLOT(l, hash_element(node, idx));
	    (i = l->hash[s]) != LOCATE_NONE; s = NEXT(l, s))
		if (l->nodes[i].parent == node && l->nodes[i].idx == idx)
			return (i);
	return (LOCATE_NONE);
}

uint32_t
locator_next(const struct locator *l, uint32_t node, uint32_t prev)
{
	size_t	i;

	if (node >= l->nnodes)
		return (LOCATE_NONE);
	if (prev == LOCATE_NONE)
		i = (size_t)node + 1;
	else {
		/* Past prev's own members: they lie inside its text. */
		for (i = (size_t)prev + 1; i < l->nnodes &&
		    l->nodes[i].val_off < l->nodes[prev].val_end; i++)
			;
	}
	if (i >= l->nnodes || l->nodes[i].parent != node)
		return (LOCATE_NONE);
	return ((uint32_t)i);
}

/* The JSON string at off, decoded, into a buffer to free. */
static char *
decode_at(const struct locator *l, size_t off, size_t end, size_t *len)
{
	char	*buf, c[4];
	size_t	 pos = off + 1, o = 0, k;

	/* Decoding never makes a string longer. */
	if ((buf = malloc(end - off + 1)) == NULL)
		return (NULL);
	while ((k = dec_next(l->text, &pos, c)) > 0) {
		memcpy(buf + o, c, k);
		o += k;
	}
	buf[o] = '\0';
	if (len != NULL)
		*len = o;
	return (buf);
}

char *
locator_key(const struct locator *l, uint32_t node, size_t *len)
{
	if (node >= l->nnodes || l->nodes[node].key_off == LOCATE_NONE)
		return (NULL);
	return (decode_at(l, l->nodes[node].key_off, l->nodes[node].val_off,
	    len));
}

char *
locator_string(const struct locator *l, uint32_t node, size_t *len)
{
	if (node >= l->nnodes || l->nodes[node].kind != SPAN_STRING)
		return (NULL);
	return (decode_at(l, l->nodes[node].val_off, l->nodes[node].val_end,
	    len));
}

char *
locator_pointer(const struct locator *l, uint32_t node)
{
	uint32_t	 chain[LOCATE_DEPTH_MAX + 1], i;
	char		*buf, c[4];
	size_t		 need = 1, o = 0, pos, k, j, depth = 0;

	if (node >= l->nnodes)
		return (NULL);
	/* Each decoded byte escapes to at most two; an index is short. */
	for (i = node; l->nodes[i].parent != LOCATE_NONE;
	    i = l->nodes[i].parent) {
		chain[depth++] = i;
		need += 1 + (l->nodes[i].key_off == LOCATE_NONE ? 20 :
		    2 * (l->nodes[i].val_off - l->nodes[i].key_off));
	}
	if ((buf = malloc(need)) == NULL)
		return (NULL);
	while (depth-- > 0) {
		i = chain[depth];
		buf[o++] = '/';
		if (l->nodes[i].key_off == LOCATE_NONE) {
			o += (size_t)snprintf(buf + o, need - o, "%u",
			    l->nodes[i].idx);
			continue;
		}
		pos = l->nodes[i].key_off + 1;
		while ((k = dec_next(l->text, &pos, c)) > 0) {
			for (j = 0; j < k; j++) {
				if (c[j] == '~' || c[j] == '/') {
					buf[o++] = '~';
					buf[o++] = c[j] == '~' ? '0' : '1';
				} else
					buf[o++] = c[j];
			}
		}
	}
	buf[o] = '\0';
	return (buf);
}

const struct span *
locator_span(const struct locator *cl, uint32_t node)
{
	/* The views are a cache: handing one out leaves the text's map alone. */
	struct locator		*l = (struct locator *)(uintptr_t)cl;
	const struct lnode	*n;
	struct span_block	*b;
	struct span		*sp;

	if (node >= l->nnodes)
		return (NULL);
	if ((b = l->views) == NULL || b->n == VIEWS_PER_BLOCK) {
		if ((b = calloc(1, sizeof(*b))) == NULL)
			return (NULL);
		b->next = l->views;
		l->views = b;
	}
	n = &l->nodes[node];
	sp = &b->v[b->n++];
	sp->kind = (enum span_kind)n->kind;
	sp->node = node;
	sp->depth = n->depth;
	sp->key_off = n->key_off == LOCATE_NONE ? (size_t)-1 : n->key_off;
	sp->val_off = n->val_off;
	sp->val_end = n->val_end;
	sp->nmembers = n->nmembers;
	locator_pos(l, n->val_off, &sp->line, &sp->col);
	if (n->key_off != LOCATE_NONE)
		locator_pos(l, n->key_off, &sp->key_line, &sp->key_col);
	return (sp);
}

const struct span *
locator_find(const struct locator *l, const char *pointer)
{
	const char	*p, *e;
	char		*tok = NULL, *t;
	uint32_t	 node = 0;
	unsigned long	 idx;
	char		*end;
	const struct span *sp = NULL;

	if (l->nnodes == 0 || (pointer[0] != '\0' && pointer[0] != '/'))
		return (NULL);
	if ((tok = malloc(strlen(pointer) + 1)) == NULL)
		return (NULL);
	for (p = pointer; *p == '/'; p = e) {
		p++;
		if ((e = strchr(p, '/')) == NULL)
			e = p + strlen(p);
		for (t = tok; p < e; p++) {
			if (*p == '~' && p + 1 < e && (p[1] == '0' ||
			    p[1] == '1')) {
				*t++ = p[1] == '0' ? '~' : '/';
				p++;
			} else
				*t++ = *p;
		}
		*t = '\0';
		if (l->nodes[node].kind == SPAN_ARRAY) {
			if (tok[0] < '0' || tok[0] > '9' ||
			    (tok[0] == '0' && tok[1] != '\0'))
				goto out;
			idx = strtoul(tok, &end, 10);
			if (*end != '\0')
				goto out;
			node = locator_element(l, node, idx);
		} else
			node = locator_member(l, node, tok, (size_t)(t - tok));
		if (node == LOCATE_NONE)
			goto out;
	}
	sp = locator_span(l, node);
out:
	free(tok);
	return (sp);
}

void
locator_release(struct locator *l)
{
	struct span_block	*b, *next;

	for (b = l->views; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(l->nodes);
	free(l->hash);
	free(l->marks);
	memset(l, 0, sizeof(*l));
}
