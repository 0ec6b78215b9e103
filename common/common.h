/*
 * What every layer may include (policy/, platforms/, manifest/, cli/ and
 * tools/; not driver/, which is freestanding): sizes and helpers that
 * belong to no one room, so that each is written once.
 */
#ifndef COMMON_COMMON_H
#define COMMON_COMMON_H

#include <stddef.h>

/*
 * The size of the buffer a caller hands a function below cli/ for its one
 * line of error (docs/architecture.md, Errors).
 */
#define ERR_MAX		512

/* Elements in an array (not a pointer). */
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/*
 * Makes room for one more element in an array of n elements of size
 * bytes with *cap allocated: when full, cap doubles (first when nothing
 * is allocated yet).  Returns the array, moved perhaps, or NULL when
 * memory runs out, leaving the array and *cap as they were.  The caller
 * stores the result and adds its element at index n.
 */
void	*array_grow(void *v, size_t n, size_t *cap, size_t size,
	    size_t first);

#endif /* COMMON_COMMON_H */
