#include <ctype.h>
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

size_t
edit_distance(const char *a, size_t la, const char *b, size_t lb,
    size_t limit, bool fold)
{
	size_t	row[EDIT_DISTANCE_MAX + 1], prev, tmp, best, cost, i, j;
	int	x, y;

	if (la > EDIT_DISTANCE_MAX || lb > EDIT_DISTANCE_MAX ||
	    (la > lb ? la - lb : lb - la) > limit)
		return (limit + 1);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = best = i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			x = (unsigned char)a[i - 1];
			y = (unsigned char)b[j - 1];
			if (fold) {
				x = tolower(x);
				y = tolower(y);
			}
			cost = x == y ? 0 : 1;
			row[j] = prev + cost;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
			if (row[j] < best)
				best = row[j];
		}
		/* Every later row is at least this one's smallest. */
		if (best > limit)
			return (limit + 1);
	}
	return (row[lb]);
}
