/*
 * Recursive descent over the document, carrying how much of the path
 * the current value is on (-1 once off it).  Nesting is limited so a
 * hostile file cannot run the stack out.
 */
#include <stdbool.h>
#include <stdint.h>

#include "guest.h"
#include "json.h"

#define JSON_DEPTH	64
#define KEY_MAX		128

struct parser {
	const char		*p, *end, *start;
	const char *const	*path;
	int			 npath;
	int			 depth;
	bool			 bad;
	/* The target, as last seen. */
	bool			 seen;
	enum json_result	 result;
	char			*out;
	size_t			 outlen;
};

/* A sink for decoded string bytes. */
struct sink {
	char	*buf;
	size_t	 cap;
	size_t	 len;
	bool	 overflow;
	bool	 nul;
};

static void	parse_value(struct parser *, int);

static void
fail(struct parser *ps)
{
	ps->bad = true;
}

static void
ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
	    *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static bool
eat(struct parser *ps, char c)
{
	if (ps->p < ps->end && *ps->p == c) {
		ps->p++;
		return (true);
	}
	return (false);
}

static void
sink_put(struct sink *s, uint8_t b)
{
	if (s == NULL)
		return;
	if (b == 0)
		s->nul = true;
	if (s->len + 1 < s->cap)
		s->buf[s->len] = (char)b;
	else
		s->overflow = true;
	s->len++;
}

static void
sink_utf8(struct sink *s, uint32_t cp)
{
	if (cp < 0x80) {
		sink_put(s, (uint8_t)cp);
	} else if (cp < 0x800) {
		sink_put(s, (uint8_t)(0xc0 | cp >> 6));
		sink_put(s, (uint8_t)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		sink_put(s, (uint8_t)(0xe0 | cp >> 12));
		sink_put(s, (uint8_t)(0x80 | (cp >> 6 & 0x3f)));
		sink_put(s, (uint8_t)(0x80 | (cp & 0x3f)));
	} else {
		sink_put(s, (uint8_t)(0xf0 | cp >> 18));
		sink_put(s, (uint8_t)(0x80 | (cp >> 12 & 0x3f)));
		sink_put(s, (uint8_t)(0x80 | (cp >> 6 & 0x3f)));
		sink_put(s, (uint8_t)(0x80 | (cp & 0x3f)));
	}
}

static bool
hex4(struct parser *ps, uint32_t *out)
{
	uint32_t	v = 0;
	int		i;
	char		c;

	if (ps->end - ps->p < 4)
		return (false);
	for (i = 0; i < 4; i++) {
		c = *ps->p++;
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return (false);
	}
	*out = v;
	return (true);
}

/*
 * A string, at the opening quote, decoded into s (may be NULL).  Lone
 * surrogates are malformed: they have no UTF-8 form.
 */
static void
parse_string(struct parser *ps, struct sink *s)
{
	uint32_t	cp, lo;
	uint8_t		c;

	if (!eat(ps, '"')) {
		fail(ps);
		return;
	}
	for (;;) {
		if (ps->p >= ps->end) {
			fail(ps);
			return;
		}
		c = (uint8_t)*ps->p++;
		if (c == '"')
			return;
		if (c < 0x20) {
			ps->p--;
			fail(ps);
			return;
		}
		if (c != '\\') {
			sink_put(s, c);
			continue;
		}
		if (ps->p >= ps->end) {
			fail(ps);
			return;
		}
		switch (*ps->p++) {
		case '"':	sink_put(s, '"'); break;
		case '\\':	sink_put(s, '\\'); break;
		case '/':	sink_put(s, '/'); break;
		case 'b':	sink_put(s, '\b'); break;
		case 'f':	sink_put(s, '\f'); break;
		case 'n':	sink_put(s, '\n'); break;
		case 'r':	sink_put(s, '\r'); break;
		case 't':	sink_put(s, '\t'); break;
		case 'u':
			if (!hex4(ps, &cp))
				goto bad;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				goto bad;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (!eat(ps, '\\') || !eat(ps, 'u') ||
				    !hex4(ps, &lo) || lo < 0xdc00 || lo > 0xdfff)
					goto bad;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			sink_utf8(s, cp);
			break;
		default:
			goto bad;
		}
	}
bad:
	ps->p--;
	fail(ps);
}

static bool
digit(struct parser *ps)
{
	return (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9');
}

static void
parse_number(struct parser *ps)
{
	eat(ps, '-');
	if (eat(ps, '0')) {
		/* no leading zeros */
	} else if (digit(ps)) {
		while (digit(ps))
			ps->p++;
	} else {
		fail(ps);
		return;
	}
	if (eat(ps, '.')) {
		if (!digit(ps)) {
			fail(ps);
			return;
		}
		while (digit(ps))
			ps->p++;
	}
	if (eat(ps, 'e') || eat(ps, 'E')) {
		if (!eat(ps, '+'))
			eat(ps, '-');
		if (!digit(ps)) {
			fail(ps);
			return;
		}
		while (digit(ps))
			ps->p++;
	}
}

static void
parse_literal(struct parser *ps, const char *word)
{
	for (; *word != '\0'; word++)
		if (!eat(ps, *word)) {
			fail(ps);
			return;
		}
}

static void
parse_object(struct parser *ps, int level)
{
	char		key[KEY_MAX];
	struct sink	ks;
	int		next;

	ps->p++;			/* '{' */
	ws(ps);
	if (eat(ps, '}'))
		return;
	for (;;) {
		ks = (struct sink){ key, sizeof(key), 0, false, false };
		parse_string(ps, &ks);
		if (ps->bad)
			return;
		next = -1;
		if (level >= 0 && level < ps->npath && !ks.overflow &&
		    !ks.nul) {
			key[ks.len] = '\0';
			if (strcmp(key, ps->path[level]) == 0)
				next = level + 1;
		}
		ws(ps);
		if (!eat(ps, ':')) {
			fail(ps);
			return;
		}
		ws(ps);
		parse_value(ps, next);
		if (ps->bad)
			return;
		ws(ps);
		if (eat(ps, '}'))
			return;
		if (!eat(ps, ',')) {
			fail(ps);
			return;
		}
		ws(ps);
	}
}

static void
parse_array(struct parser *ps)
{
	ps->p++;			/* '[' */
	ws(ps);
	if (eat(ps, ']'))
		return;
	for (;;) {
		parse_value(ps, -1);
		if (ps->bad)
			return;
		ws(ps);
		if (eat(ps, ']'))
			return;
		if (!eat(ps, ',')) {
			fail(ps);
			return;
		}
		ws(ps);
	}
}

static void
parse_value(struct parser *ps, int level)
{
	struct sink	s;
	bool		target = level == ps->npath;

	if (ps->p >= ps->end) {
		fail(ps);
		return;
	}
	if (++ps->depth > JSON_DEPTH) {
		fail(ps);
		return;
	}
	if (target) {
		ps->seen = true;
		ps->result = JSON_NOT_STRING;
	}
	switch (*ps->p) {
	case '{':
		parse_object(ps, target ? -1 : level);
		break;
	case '[':
		parse_array(ps);
		break;
	case '"':
		if (!target) {
			parse_string(ps, NULL);
			break;
		}
		s = (struct sink){ ps->out, ps->outlen, 0, false, false };
		parse_string(ps, &s);
		if (s.overflow)
			ps->result = JSON_TOO_LONG;
		else if (s.nul)
			ps->result = JSON_BAD_STRING;
		else {
			ps->out[s.len] = '\0';
			ps->result = JSON_FOUND;
		}
		break;
	case 't':
		parse_literal(ps, "true");
		break;
	case 'f':
		parse_literal(ps, "false");
		break;
	case 'n':
		parse_literal(ps, "null");
		break;
	default:
		parse_number(ps);
		break;
	}
	ps->depth--;
}

enum json_result
json_lookup(const char *doc, size_t len, const char *const *path,
    unsigned npath, char *out, size_t outlen, size_t *where)
{
	struct parser	ps;

	if (outlen == 0)
		return (JSON_TOO_LONG);
	ps = (struct parser){
		.p = doc, .end = doc + len, .start = doc,
		.path = path, .npath = (int)npath,
		.result = JSON_ABSENT, .out = out, .outlen = outlen,
	};
	ws(&ps);
	parse_value(&ps, 0);
	if (!ps.bad) {
		ws(&ps);
		if (ps.p != ps.end)
			fail(&ps);
	}
	if (ps.bad) {
		if (where != NULL)
			*where = (size_t)(ps.p - ps.start);
		out[0] = '\0';
		return (JSON_MALFORMED);
	}
	if (ps.result != JSON_FOUND)
		out[0] = '\0';
	return (ps.seen ? ps.result : JSON_ABSENT);
}

const char *
json_result_str(enum json_result r)
{
	switch (r) {
	case JSON_FOUND:	return ("found");
	case JSON_ABSENT:	return ("absent");
	case JSON_NOT_STRING:	return ("not a string");
	case JSON_TOO_LONG:	return ("too long");
	case JSON_BAD_STRING:	return ("holds a NUL");
	case JSON_MALFORMED:	return ("malformed JSON");
	}
	return ("?");
}
