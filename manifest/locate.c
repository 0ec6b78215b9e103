#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest/locate.h"

struct scanner {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	unsigned int	 line;
	unsigned int	 col;
	struct locator	*l;
	char		*path;		/* the current JSON Pointer */
	size_t		 pathlen;
	size_t		 pathcap;
	char		*key;		/* the last key, decoded */
	size_t		 keylen;
	size_t		 keycap;
	char		*err;
	size_t		 errlen;
};

static int	 value(struct scanner *, size_t, size_t, unsigned int,
		    unsigned int);

static int
fail(struct scanner *sc, const char *fmt, ...)
{
	char	msg[160];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(sc->err, sc->errlen, "%u:%u: %s", sc->line, sc->col, msg);
	return (-1);
}

static int
nomem(struct scanner *sc)
{
	return (fail(sc, "out of memory"));
}

/* Moves over n bytes, counting lines and characters (not bytes). */
static void
advance(struct scanner *sc, size_t n)
{
	unsigned char	c;

	for (; n > 0 && sc->pos < sc->len; n--) {
		c = (unsigned char)sc->s[sc->pos++];
		if (c == '\n') {
			sc->line++;
			sc->col = 1;
		} else if ((c & 0xc0) != 0x80)
			sc->col++;
	}
}

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
		advance(sc, 1);
}

static int
grow(char **buf, size_t *cap, size_t need)
{
	char	*n;
	size_t	 ncap;

	if (need <= *cap)
		return (0);
	ncap = *cap ? *cap : 64;
	while (ncap < need)
		ncap *= 2;
	if ((n = realloc(*buf, ncap)) == NULL)
		return (-1);
	*buf = n;
	*cap = ncap;
	return (0);
}

static int
key_put(struct scanner *sc, const char *p, size_t n)
{
	if (grow(&sc->key, &sc->keycap, sc->keylen + n + 1) == -1)
		return (-1);
	memcpy(sc->key + sc->keylen, p, n);
	sc->keylen += n;
	sc->key[sc->keylen] = '\0';
	return (0);
}

static int
key_utf8(struct scanner *sc, unsigned long cp)
{
	char	b[4];
	size_t	n;

	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return (key_put(sc, b, n));
}

static int
hex4(struct scanner *sc, unsigned long *out)
{
	unsigned long	v = 0;
	int		i, c;

	for (i = 0; i < 4; i++) {
		c = peek(sc);
		if (c >= '0' && c <= '9')
			v = v * 16 + (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (unsigned long)(c - 'A' + 10);
		else
			return (fail(sc, "bad \\u escape"));
		advance(sc, 1);
	}
	*out = v;
	return (0);
}

/*
 * Scans a string at the current '"'.  With decode, its value goes to
 * sc->key as UTF-8 (object keys are matched by their value).
 */
static int
string(struct scanner *sc, bool decode)
{
	unsigned long	cp, lo;
	size_t		run;
	int		c;

	advance(sc, 1);
	sc->keylen = 0;
	if (decode && key_put(sc, "", 0) == -1)
		return (nomem(sc));
	for (;;) {
		/* Copy plain bytes in runs: keys are short, values not. */
		run = 0;
		while (sc->pos + run < sc->len) {
			c = (unsigned char)sc->s[sc->pos + run];
			if (c == '"' || c == '\\' || c < 0x20)
				break;
			run++;
		}
		if (decode && run > 0 && key_put(sc, sc->s + sc->pos,
		    run) == -1)
			return (nomem(sc));
		advance(sc, run);
		c = peek(sc);
		if (c == '"') {
			advance(sc, 1);
			return (0);
		}
		if (c == -1)
			return (fail(sc, "unterminated string"));
		if (c < 0x20)
			return (fail(sc, "control character in a string"));
		advance(sc, 1);
		c = peek(sc);
		advance(sc, 1);
		switch (c) {
		case '"': case '\\': case '/':
			cp = (unsigned long)c;
			break;
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			if (hex4(sc, &cp) == -1)
				return (-1);
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (peek(sc) != '\\')
					return (fail(sc, "lone surrogate"));
				advance(sc, 1);
				if (peek(sc) != 'u')
					return (fail(sc, "lone surrogate"));
				advance(sc, 1);
				if (hex4(sc, &lo) == -1)
					return (-1);
				if (lo < 0xdc00 || lo > 0xdfff)
					return (fail(sc, "lone surrogate"));
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp <= 0xdfff)
				return (fail(sc, "lone surrogate"));
			break;
		default:
			return (fail(sc, "bad escape in a string"));
		}
		if (decode && key_utf8(sc, cp) == -1)
			return (nomem(sc));
	}
}

static int
digits(struct scanner *sc)
{
	size_t	start = sc->pos;

	while (peek(sc) >= '0' && peek(sc) <= '9')
		advance(sc, 1);
	return (sc->pos > start ? 0 : fail(sc, "digit expected"));
}

static int
number(struct scanner *sc)
{
	if (peek(sc) == '-')
		advance(sc, 1);
	if (peek(sc) == '0')
		advance(sc, 1);
	else if (digits(sc) == -1)
		return (-1);
	if (peek(sc) == '.') {
		advance(sc, 1);
		if (digits(sc) == -1)
			return (-1);
	}
	if (peek(sc) == 'e' || peek(sc) == 'E') {
		advance(sc, 1);
		if (peek(sc) == '+' || peek(sc) == '-')
			advance(sc, 1);
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
			advance(sc, n);
			return (0);
		}
	}
	return (fail(sc, "value expected"));
}

/* Appends "/token" to the current pointer; returns the old length. */
static int
path_push(struct scanner *sc, const char *tok, size_t *saved)
{
	const char	*p;

	*saved = sc->pathlen;
	/* Worst case every byte escapes to two. */
	if (grow(&sc->path, &sc->pathcap, sc->pathlen + 2 * strlen(tok) +
	    2) == -1)
		return (nomem(sc));
	sc->path[sc->pathlen++] = '/';
	for (p = tok; *p != '\0'; p++) {
		if (*p == '~' || *p == '/') {
			sc->path[sc->pathlen++] = '~';
			sc->path[sc->pathlen++] = *p == '~' ? '0' : '1';
		} else
			sc->path[sc->pathlen++] = *p;
	}
	sc->path[sc->pathlen] = '\0';
	return (0);
}

static void
path_pop(struct scanner *sc, size_t saved)
{
	sc->pathlen = saved;
	sc->path[saved] = '\0';
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
		advance(sc, 1);
		return (1);
	}
	if (peek(sc) == close) {
		advance(sc, 1);
		return (0);
	}
	return (fail(sc, "',' or '%c' expected", close));
}

static int
object(struct scanner *sc, size_t idx, size_t depth)
{
	size_t		koff, saved;
	unsigned int	kline, kcol;
	int		rc;

	advance(sc, 1);
	skip_ws(sc);
	if (peek(sc) == '}') {
		advance(sc, 1);
		return (0);
	}
	for (;;) {
		skip_ws(sc);
		if (peek(sc) != '"')
			return (fail(sc, "object key expected"));
		koff = sc->pos;
		kline = sc->line;
		kcol = sc->col;
		if (string(sc, true) == -1)
			return (-1);
		if (path_push(sc, sc->key, &saved) == -1)
			return (-1);
		skip_ws(sc);
		if (peek(sc) != ':')
			return (fail(sc, "':' expected"));
		advance(sc, 1);
		if (value(sc, depth + 1, koff, kline, kcol) == -1)
			return (-1);
		path_pop(sc, saved);
		sc->l->spans[idx].nmembers++;
		if ((rc = member_end(sc, '}')) != 1)
			return (rc);
	}
}

static int
array(struct scanner *sc, size_t idx, size_t depth)
{
	char	tok[24];
	size_t	saved;
	int	rc;

	advance(sc, 1);
	skip_ws(sc);
	if (peek(sc) == ']') {
		advance(sc, 1);
		return (0);
	}
	for (;;) {
		snprintf(tok, sizeof(tok), "%zu", sc->l->spans[idx].nmembers);
		if (path_push(sc, tok, &saved) == -1)
			return (-1);
		if (value(sc, depth + 1, (size_t)-1, 0, 0) == -1)
			return (-1);
		path_pop(sc, saved);
		sc->l->spans[idx].nmembers++;
		if ((rc = member_end(sc, ']')) != 1)
			return (rc);
	}
}

static int
value(struct scanner *sc, size_t depth, size_t koff, unsigned int kline,
    unsigned int kcol)
{
	struct locator	*l = sc->l;
	struct span	*sp;
	size_t		 idx;
	int		 c, rc;

	if (depth > LOCATE_DEPTH_MAX)
		return (fail(sc, "nested deeper than %d", LOCATE_DEPTH_MAX));
	skip_ws(sc);
	if (l->nspans == l->cap) {
		size_t	ncap = l->cap ? l->cap * 2 : 32;

		if ((sp = reallocarray(l->spans, ncap, sizeof(*sp))) == NULL)
			return (nomem(sc));
		l->spans = sp;
		l->cap = ncap;
	}
	idx = l->nspans;
	sp = &l->spans[idx];
	memset(sp, 0, sizeof(*sp));
	if ((sp->pointer = strdup(sc->path)) == NULL)
		return (nomem(sc));
	l->nspans++;
	sp->depth = depth;
	sp->key_off = koff;
	sp->key_line = kline;
	sp->key_col = kcol;
	sp->val_off = sc->pos;
	sp->line = sc->line;
	sp->col = sc->col;

	c = peek(sc);
	if (c == '{') {
		sp->kind = SPAN_OBJECT;
		rc = object(sc, idx, depth);
	} else if (c == '[') {
		sp->kind = SPAN_ARRAY;
		rc = array(sc, idx, depth);
	} else if (c == '"') {
		sp->kind = SPAN_STRING;
		rc = string(sc, false);
	} else if (c == '-' || (c >= '0' && c <= '9')) {
		sp->kind = SPAN_NUMBER;
		rc = number(sc);
	} else {
		sp->kind = SPAN_LITERAL;
		rc = literal(sc);
	}
	/* The array may have moved while the value's members were added. */
	l->spans[idx].val_end = sc->pos;
	return (rc);
}

int
locator_scan(struct locator *l, const char *text, size_t len, char *err,
    size_t errlen)
{
	struct scanner	sc;
	int		ret = -1;

	memset(&sc, 0, sizeof(sc));
	sc.s = text;
	sc.len = len;
	sc.line = 1;
	sc.col = 1;
	sc.l = l;
	sc.err = err;
	sc.errlen = errlen;
	if (grow(&sc.path, &sc.pathcap, 1) == -1) {
		nomem(&sc);
		goto out;
	}
	sc.path[0] = '\0';
	if (value(&sc, 0, (size_t)-1, 0, 0) == -1)
		goto out;
	skip_ws(&sc);
	if (sc.pos != sc.len) {
		fail(&sc, "text after the JSON value");
		goto out;
	}
	ret = 0;
out:
	free(sc.path);
	free(sc.key);
	if (ret == -1)
		locator_release(l);
	return (ret);
}

const struct span *
locator_find(const struct locator *l, const char *pointer)
{
	size_t	i;

	for (i = 0; i < l->nspans; i++)
		if (strcmp(l->spans[i].pointer, pointer) == 0)
			return (&l->spans[i]);
	return (NULL);
}

char *
locator_join(char *buf, size_t len, const char *base, const char *key)
{
	size_t		 o;
	const char	*p;

	o = strlen(base);
	if (o + 2 > len)
		return (NULL);
	memmove(buf, base, o);
	buf[o++] = '/';
	for (p = key; *p != '\0'; p++) {
		if (o + 3 > len)
			return (NULL);
		if (*p == '~' || *p == '/') {
			buf[o++] = '~';
			buf[o++] = *p == '~' ? '0' : '1';
		} else
			buf[o++] = *p;
	}
	buf[o] = '\0';
	return (buf);
}

void
locator_release(struct locator *l)
{
	size_t	i;

	for (i = 0; i < l->nspans; i++)
		free(l->spans[i].pointer);
	free(l->spans);
	l->spans = NULL;
	l->nspans = 0;
	l->cap = 0;
}
