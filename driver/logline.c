/*
 * Log lines for the driver (driver/logline.h).  Every line starts with
 * "vnet IFNAME: " so that a console with several devices stays readable.
 */
#include "logline.h"
#include "hal.h"

static void
put(struct logline *l, char c)
{
	/* Keep one byte for the terminating NUL. */
	if (l->len < sizeof(l->buf) - 1)
		l->buf[l->len++] = c;
}

void
logline_start(struct logline *l, const char *ifname)
{
	l->len = 0;
	logline_str(l, "vnet ");
	logline_str(l, ifname);
	logline_str(l, ": ");
}

void
logline_str(struct logline *l, const char *s)
{
	for (; *s != '\0'; s++)
		put(l, *s);
}

void
logline_quoted(struct logline *l, const char *s)
{
	static const char	hex[] = "0123456789abcdef";
	size_t			n;
	unsigned char		c;

	put(l, '"');
	for (n = 0; s[n] != '\0'; n++) {
		if (n == 32) {
			logline_str(l, "...");
			break;
		}
		c = (unsigned char)s[n];
		if (c == '"' || c == '\\') {
			put(l, '\\');
			put(l, (char)c);
		} else if (c >= 0x20 && c < 0x7f)
			put(l, (char)c);
		else {
			logline_str(l, "\\x");
			put(l, hex[c >> 4]);
			put(l, hex[c & 0xf]);
		}
	}
	put(l, '"');
}

void
logline_uint(struct logline *l, uint64_t v)
{
	char	digits[20];
	size_t	n = 0;

	/*
	 * Division by ten through a multiply would need no help from libgcc
	 * on i386; values logged here are small, so repeated subtraction of
	 * powers of ten keeps it simple and free of __udivdi3.
	 */
	static const uint64_t	pow10[] = {
		10000000000000000000ull, 1000000000000000000ull,
		100000000000000000ull, 10000000000000000ull,
		1000000000000000ull, 100000000000000ull, 10000000000000ull,
		1000000000000ull, 100000000000ull, 10000000000ull,
		1000000000ull, 100000000ull, 10000000ull, 1000000ull,
		100000ull, 10000ull, 1000ull, 100ull, 10ull, 1ull
	};
	size_t	i;
	char	d;

	for (i = 0; i < sizeof(pow10) / sizeof(pow10[0]); i++) {
		for (d = '0'; v >= pow10[i]; d++)
			v -= pow10[i];
		if (d != '0' || n > 0 || i == sizeof(pow10) /
		    sizeof(pow10[0]) - 1)
			digits[n++] = d;
	}
	for (i = 0; i < n; i++)
		put(l, digits[i]);
}

void
logline_hex(struct logline *l, uint64_t v)
{
	static const char	hex[] = "0123456789abcdef";
	int			shift;
	int			started = 0;

	logline_str(l, "0x");
	for (shift = 60; shift >= 0; shift -= 4) {
		if (((v >> shift) & 0xf) != 0 || started || shift == 0) {
			put(l, hex[(v >> shift) & 0xf]);
			started = 1;
		}
	}
}

void
logline_end(struct logline *l)
{
	l->buf[l->len] = '\0';
	hal_log(l->buf);
}
