/*
 * The few library routines a freestanding build still needs: gcc may emit
 * calls to the mem* functions for struct copies and clears, and to
 * __udivdi3 and __umoddi3 for 64-bit division in 32-bit code.  The guest
 * links no libgcc (that would need gcc-multilib), so they live here.
 */
#include "guest.h"

void *
memset(void *d, int c, size_t n)
{
	void	*ret = d;

	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return (ret);
}

void *
memcpy(void *d, const void *s, size_t n)
{
	void	*ret = d;

	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : :
	    "memory");
	return (ret);
}

void *
memmove(void *d, const void *s, size_t n)
{
	unsigned char		*dp = d;
	const unsigned char	*sp = s;

	if (dp <= sp || dp >= sp + n)
		return (memcpy(d, s, n));
	while (n-- > 0)
		dp[n] = sp[n];
	return (d);
}

int
memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char	*ap = a, *bp = b;

	for (; n > 0; n--, ap++, bp++)
		if (*ap != *bp)
			return (*ap - *bp);
	return (0);
}

size_t
strlen(const char *s)
{
	size_t	n = 0;

	while (s[n] != '\0')
		n++;
	return (n);
}

int
strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return ((unsigned char)*a - (unsigned char)*b);
}

/*
 * Shift-and-subtract division: slow, but only printf and the driver's
 * rare arithmetic use it.  Division by zero returns all ones rather than
 * trapping, like nothing in particular; callers do not divide by zero.
 */
uint64_t
u64_divmod(uint64_t n, uint64_t d, uint64_t *rem)
{
	uint64_t	q = 0, r = 0;
	int		i;

	if (d == 0) {
		if (rem != NULL)
			*rem = n;
		return (~(uint64_t)0);
	}
	/* Fast path: both fit in 32 bits, one divl. */
	if ((n >> 32) == 0 && (d >> 32) == 0) {
		if (rem != NULL)
			*rem = (uint32_t)n % (uint32_t)d;
		return ((uint32_t)n / (uint32_t)d);
	}
	for (i = 63; i >= 0; i--) {
		r = r << 1 | ((n >> i) & 1);
		if (r >= d) {
			r -= d;
			q |= (uint64_t)1 << i;
		}
	}
	if (rem != NULL)
		*rem = r;
	return (q);
}

uint64_t	__udivdi3(uint64_t, uint64_t);
uint64_t	__umoddi3(uint64_t, uint64_t);
int64_t		__divdi3(int64_t, int64_t);
int64_t		__moddi3(int64_t, int64_t);

uint64_t
__udivdi3(uint64_t n, uint64_t d)
{
	return (u64_divmod(n, d, NULL));
}

uint64_t
__umoddi3(uint64_t n, uint64_t d)
{
	uint64_t	r;

	u64_divmod(n, d, &r);
	return (r);
}

/* C division truncates toward zero; the remainder takes n's sign. */
int64_t
__divdi3(int64_t n, int64_t d)
{
	uint64_t	un = n < 0 ? -(uint64_t)n : (uint64_t)n;
	uint64_t	ud = d < 0 ? -(uint64_t)d : (uint64_t)d;
	uint64_t	q = u64_divmod(un, ud, NULL);

	return ((n < 0) != (d < 0) ? -(int64_t)q : (int64_t)q);
}

int64_t
__moddi3(int64_t n, int64_t d)
{
	uint64_t	un = n < 0 ? -(uint64_t)n : (uint64_t)n;
	uint64_t	ud = d < 0 ? -(uint64_t)d : (uint64_t)d;
	uint64_t	r;

	u64_divmod(un, ud, &r);
	return (n < 0 ? -(int64_t)r : (int64_t)r);
}
