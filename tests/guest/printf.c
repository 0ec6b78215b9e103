/*
 * A small printf: %d %i %u %x %X %s %c %p %%, with the flags '-' and '0',
 * a width, and the length modifiers l, ll and z.  kprintf formats a whole
 * line before it takes the console lock, so lines from different CPUs
 * never interleave and the lock is held only while the UART drains.
 */
#include "guest.h"
#include "x86.h"

#define KPRINTF_MAX	512

static struct spinlock	console_lock;

struct out {
	char	*buf;
	size_t	 size;
	size_t	 len;		/* what would have been written */
};

static void
put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void
put_padded(struct out *o, const char *s, size_t n, int width, bool left,
    char pad)
{
	int	fill = width > (int)n ? width - (int)n : 0;

	if (!left)
		for (; fill > 0; fill--)
			put(o, pad);
	for (; n > 0; n--)
		put(o, *s++);
	for (; fill > 0; fill--)
		put(o, ' ');
}

/* Digits of v in base (10 or 16), least significant first. */
static size_t
digits(uint64_t v, unsigned base, bool upper, char *out)
{
	const char	*set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	uint64_t	 r;
	size_t		 n = 0;

	do {
		v = u64_divmod(v, base, &r);
		out[n++] = set[r];
	} while (v != 0);
	return (n);
}

static void
put_number(struct out *o, uint64_t v, bool neg, unsigned base, bool upper,
    int width, bool left, bool zero)
{
	char	rev[24], s[24];
	size_t	n, i = 0;

	n = digits(v, base, upper, rev);
	if (neg && zero && !left) {
		/* The sign goes before the zeros: -0042, not 00-42. */
		put(o, '-');
		width--;
		neg = false;
	}
	if (neg)
		s[i++] = '-';
	while (n > 0)
		s[i++] = rev[--n];
	put_padded(o, s, i, width, left, zero && !left ? '0' : ' ');
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out	 o = { buf, size, 0 };
	const char	*s;
	uint64_t	 u;
	int64_t		 d;
	int		 width, lng;
	bool		 left, zero;
	char		 c;

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		left = zero = false;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				zero = true;
			else
				break;
		}
		width = 0;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		lng = 0;
		if (*fmt == 'z') {
			fmt++;		/* size_t is 32 bits here */
		} else {
			while (*fmt == 'l') {
				lng++;
				fmt++;
			}
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			d = lng >= 2 ? va_arg(ap, long long) :
			    lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
			u = d < 0 ? -(uint64_t)d : (uint64_t)d;
			put_number(&o, u, d < 0, 10, false, width, left, zero);
			break;
		case 'u':
		case 'x':
		case 'X':
			u = lng >= 2 ? va_arg(ap, unsigned long long) :
			    lng == 1 ? va_arg(ap, unsigned long) :
			    va_arg(ap, unsigned int);
			put_number(&o, u, false, *fmt == 'u' ? 10 : 16,
			    *fmt == 'X', width, left, zero);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_number(&o, (uintptr_t)va_arg(ap, void *), false,
			    16, false, 8, false, true);
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (s == NULL)
				s = "(null)";
			put_padded(&o, s, strlen(s), width, left, ' ');
			break;
		case 'c':
			c = (char)va_arg(ap, int);
			put_padded(&o, &c, 1, width, left, ' ');
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;		/* a lone '%' at the end */
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return ((int)o.len);
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return (n);
}

void
kprintf(const char *fmt, ...)
{
	char		buf[KPRINTF_MAX];
	va_list		ap;
	uint32_t	flags;
	int		n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	flags = spin_lock(&console_lock);
	serial_write(buf, (size_t)n);
	spin_unlock(&console_lock, flags);
}
