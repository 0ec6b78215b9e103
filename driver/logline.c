/*
 * Log lines for the driver (driver/logline.h).  Every line starts with
 * "vnet IFNAME: " so that a console with several devices stays readable.
 */
#include <stdbool.h>

#include "logline.h"
#include "hal.h"

#define QUOTED_MAX	32

static const char	hexdigit[] = "0123456789abcdef";

/* One byte of buf stays for the terminating NUL. */
static bool
full(const struct logline *l)
{
	return (l->len >= sizeof(l->buf) - 1);
}

static void
put(struct logline *l, char c)
{
	if (!full(l))
		l->buf[l->len++] = c;
}

static void
put_str(struct logline *l, const char *s)
{
	/* A NULL string is a driver bug; show it rather than fault. */
	if (s == 0)
		s = "(null)";
	for (; *s != '\0' && !full(l); s++)
		put(l, *s);
}

static void
put_quoted(struct logline *l, const char *s)
{
	size_t		n;
	unsigned char	c;

	if (s == 0) {
		put_str(l, s);
		return;
	}
	put(l, '"');
	for (n = 0; s[n] != '\0'; n++) {
		if (n == QUOTED_MAX) {
			put_str(l, "...");
			break;
		}
		c = (unsigned char)s[n];
		if (c == '"' || c == '\\') {
			put(l, '\\');
			put(l, (char)c);
		} else if (c >= 0x20 && c < 0x7f)
			put(l, (char)c);
		else {
			put_str(l, "\\x");
			put(l, hexdigit[c >> 4]);
			put(l, hexdigit[c & 0xf]);
		}
	}
	put(l, '"');
}

static void
put_dec(struct logline *l, uint64_t v)
{
	/*
	 * Division by ten would need __udivdi3 from libgcc on i386, which
	 * the guest does not link; repeated subtraction of powers of ten
	 * takes at most nine steps a digit.
	 */
	static const uint64_t	pow10[] = {
		10000000000000000000ull, 1000000000000000000ull,
		100000000000000000ull, 10000000000000000ull,
		1000000000000000ull, 100000000000000ull, 10000000000000ull,
		1000000000000ull, 100000000000ull, 10000000000ull,
		1000000000ull, 100000000ull, 10000000ull, 1000000ull,
		100000ull, 10000ull, 1000ull, 100ull, 10ull, 1ull
	};
	const size_t		npow = sizeof(pow10) / sizeof(pow10[0]);
	size_t			i;
	bool			started = false;
	char			d;

	for (i = 0; i < npow; i++) {
		for (d = '0'; v >= pow10[i]; d++)
			v -= pow10[i];
		if (d != '0' || started || i == npow - 1) {
			put(l, d);
			started = true;
		}
	}
}

static void
put_hex(struct logline *l, uint64_t v)
{
	int	shift;
	bool	started = false;

	for (shift = 60; shift >= 0; shift -= 4) {
		if (((v >> shift) & 0xf) != 0 || started || shift == 0) {
			put(l, hexdigit[(v >> shift) & 0xf]);
			started = true;
		}
	}
}

void
logline_start(struct logline *l, const char *ifname)
{
	l->len = 0;
	l->buf[0] = '\0';
	logline_fmt(l, "vnet %s: ", ifname);
}

void
logline_vfmt(struct logline *l, const char *fmt, logline_va_list ap)
{
	const char	*f;
	bool		 ll;

	/* Once the line is full nothing more can show: stop there. */
	for (f = fmt; *f != '\0' && !full(l); f++) {
		if (*f != '%') {
			put(l, *f);
			continue;
		}
		ll = f[1] == 'l' && f[2] == 'l' && (f[3] == 'u' || f[3] == 'x');
		if (ll)
			f += 2;
		switch (f[1]) {
		case 's':
			put_str(l, __builtin_va_arg(ap, const char *));
			break;
		case 'q':
			put_quoted(l, __builtin_va_arg(ap, const char *));
			break;
		case 'u':
			put_dec(l, ll ?
			    __builtin_va_arg(ap, unsigned long long) :
			    __builtin_va_arg(ap, unsigned int));
			break;
		case 'x':
			put_hex(l, ll ?
			    __builtin_va_arg(ap, unsigned long long) :
			    __builtin_va_arg(ap, unsigned int));
			break;
		case '%':
			put(l, '%');
			break;
		default:
			/* Unknown: the % now, what follows next turn. */
			put(l, '%');
			continue;
		}
		f++;
	}
	l->buf[l->len] = '\0';
}

void
logline_fmt(struct logline *l, const char *fmt, ...)
{
	logline_va_list	ap;

	__builtin_va_start(ap, fmt);
	logline_vfmt(l, fmt, ap);
	__builtin_va_end(ap);
}

void
logline_end(struct logline *l)
{
	l->buf[l->len] = '\0';
	hal_log(l->buf);
}

void
logline_log(const char *ifname, const char *fmt, ...)
{
	struct logline	l;
	logline_va_list	ap;

	logline_start(&l, ifname);
	__builtin_va_start(ap, fmt);
	logline_vfmt(&l, fmt, ap);
	__builtin_va_end(ap);
	logline_end(&l);
}
