#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest/quote.h"

size_t
utf8_char_len(const unsigned char *s, size_t len)
{
	unsigned char	lo = 0x80, hi = 0xbf;
	size_t		n, i;

	if (len == 0)
		return (0);
	if (s[0] < 0x80)
		return (1);
	/* RFC 3629 section 4: the table of well-formed byte sequences. */
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0;		/* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;		/* surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90;		/* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;		/* above U+10FFFF */
	} else
		return (0);
	if (len < n || s[1] < lo || s[1] > hi)
		return (0);
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return (0);
	return (n);
}

static uint32_t
utf8_decode(const unsigned char *s, size_t n)
{
	uint32_t	cp;
	size_t		i;

	if (n == 1)
		return (s[0]);
	cp = s[0] & (0xff >> (n + 1));
	for (i = 1; i < n; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return (cp);
}

bool
utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;

	while (i < len) {
		if ((n = utf8_char_len(p + i, len - i)) == 0)
			return (false);
		i += n;
	}
	return (true);
}

size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n;

	if (len <= max)
		return (len);
	while (i < max) {
		/* An invalid byte stands alone: cutting after it is safe. */
		if ((n = utf8_char_len(p + i, len - i)) == 0)
			n = 1;
		if (i + n > max)
			break;
		i += n;
	}
	return (i);
}

/* Characters that reorder or break what a reader sees (Trojan Source). */
static bool
invisible_control(uint32_t cp)
{
	return ((cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
	    cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069));
}

size_t
escape_char(char esc[8], const char *src, size_t len, size_t *used)
{
	const unsigned char	*s = (const unsigned char *)src;
	size_t			 n = utf8_char_len(s, len);
	uint32_t		 cp;

	if (n == 0) {
		*used = 1;
		return ((size_t)snprintf(esc, 8, "\\x%02x", s[0]));
	}
	*used = n;
	cp = utf8_decode(s, n);
	switch (cp) {
	case '\n':
		return ((size_t)snprintf(esc, 8, "\\n"));
	case '\r':
		return ((size_t)snprintf(esc, 8, "\\r"));
	case '\t':
		return ((size_t)snprintf(esc, 8, "\\t"));
	default:
		break;
	}
	if (cp < 0x20 || cp == 0x7f)
		return ((size_t)snprintf(esc, 8, "\\x%02x", (unsigned int)cp));
	if (invisible_control(cp))
		return ((size_t)snprintf(esc, 8, "\\u%04x", (unsigned int)cp));
	return (0);
}

/*
 * The text that shows the character at s in quote()'s form (bare: `"` and
 * `\` kept as they are); returns its length and sets *used to the bytes of
 * s it stands for.
 */
static size_t
quote_one(char esc[8], const unsigned char *s, size_t len, size_t *used,
    bool bare)
{
	size_t	k;

	if (!bare && (s[0] == '"' || s[0] == '\\')) {
		*used = 1;
		esc[0] = '\\';
		esc[1] = (char)s[0];
		esc[2] = '\0';
		return (2);
	}
	if ((k = escape_char(esc, (const char *)s, len, used)) != 0)
		return (k);
	memcpy(esc, s, *used);
	esc[*used] = '\0';
	return (*used);
}

size_t
quote(char *dst, size_t dstlen, const char *src, size_t len)
{
	const unsigned char	*s = (const unsigned char *)src;
	char			 esc[8];
	size_t			 i, k, used, total = 0, pos = 0;

	if (dstlen == 0)
		return (0);
	if (dstlen < 6) {
		/* No room for `"..."`: show nothing rather than half. */
		dst[0] = '\0';
		return (0);
	}
	for (i = 0; i < len; i += used)
		total += quote_one(esc, s + i, len - i, &used, false);
	dst[pos++] = '"';
	for (i = 0; i < len; i += used) {
		k = quote_one(esc, s + i, len - i, &used, false);
		/* Whole: the rest and `"` fit.  Cut: room for `..."`. */
		if (total + 3 > dstlen && pos + k + 5 > dstlen) {
			memcpy(dst + pos, "...", 3);
			pos += 3;
			break;
		}
		memcpy(dst + pos, esc, k);
		pos += k;
	}
	dst[pos++] = '"';
	dst[pos] = '\0';
	return (pos);
}

size_t
escape_controls(char *dst, size_t dstlen, const char *src, size_t len)
{
	const unsigned char	*s = (const unsigned char *)src;
	char			 esc[8];
	size_t			 i, k, used, pos = 0;

	if (dstlen == 0)
		return (0);
	for (i = 0; i < len; i += used) {
		k = quote_one(esc, s + i, len - i, &used, true);
		if (pos + k + 1 > dstlen)
			break;
		memcpy(dst + pos, esc, k);
		pos += k;
	}
	dst[pos] = '\0';
	return (pos);
}

bool
quote_needed(const char *src, size_t len)
{
	char	esc[8];
	size_t	i, used;

	if (len == 0)
		return (true);
	for (i = 0; i < len; i += used) {
		if (src[i] == '"' || src[i] == '\\' ||
		    escape_char(esc, src + i, len - i, &used) != 0)
			return (true);
	}
	return (false);
}

size_t
quote_str(char *dst, size_t dstlen, const char *s)
{
	if (s == NULL) {
		if (dstlen > 0)
			snprintf(dst, dstlen, "%s",
			    dstlen > sizeof("(none)") - 1 ? "(none)" : "");
		return (dstlen > 0 ? strlen(dst) : 0);
	}
	return (quote(dst, dstlen, s, strlen(s)));
}

size_t
utf8_clean(char *dst, size_t dstlen, const char *src, size_t len)
{
	static const char	 fffd[] = "\xef\xbf\xbd";
	const unsigned char	*s = (const unsigned char *)src;
	const char		*piece;
	size_t			 i = 0, n, k, pos = 0, replaced = 0;

	if (dstlen == 0)
		return (0);
	while (i < len) {
		n = utf8_char_len(s + i, len - i);
		if (n == 0 || s[i] == '\0') {
			piece = fffd;
			k = 3;
			n = 1;
		} else {
			piece = src + i;
			k = n;
		}
		if (pos + k + 1 > dstlen)
			break;
		if (piece == fffd)
			replaced++;
		memcpy(dst + pos, piece, k);
		pos += k;
		i += n;
	}
	dst[pos] = '\0';
	return (replaced);
}

char *
utf8_dup(const char *s, size_t *replaced)
{
	size_t	len = strlen(s), r;
	char	*d;

	/* Each byte grows to at most three (U+FFFD). */
	if ((d = malloc(3 * len + 1)) == NULL)
		return (NULL);
	r = utf8_clean(d, 3 * len + 1, s, len);
	if (replaced != NULL)
		*replaced = r;
	return (d);
}
