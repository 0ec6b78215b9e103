#include <stdlib.h>

#include "common/common.h"

void *
array_grow(void *v, size_t n, size_t *cap, size_t size, size_t first)
{
	void	*nv;
	size_t	 ncap;

	if (n < *cap)
		return (v);
	ncap = *cap ? *cap * 2 : first;
	/* reallocarray() refuses a product past SIZE_MAX; cap cannot wrap. */
	if (ncap < *cap || (nv = reallocarray(v, ncap, size)) == NULL)
		return (NULL);
	*cap = ncap;
	return (nv);
}
