/*
 * What every layer may include (policy/, platforms/, manifest/, cli/ and
 * tools/; not driver/, which is freestanding): sizes and helpers that
 * belong to no one room, so that each is written once.
 */
#ifndef COMMON_COMMON_H
#define COMMON_COMMON_H

#include <stdbool.h>
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

/* The longest string edit_distance() measures. */
#define EDIT_DISTANCE_MAX	64

/*
 * The edit distance (insertions, deletions, substitutions) between the la
 * bytes of a and the lb bytes of b, ASCII letters compared without case
 * when fold is true; limit + 1 when it is larger than limit or either is
 * longer than EDIT_DISTANCE_MAX.  Serves every "did you mean": unknown
 * types and commands (bytes), ops config keys (folded, as Go matches
 * them).
 */
size_t	edit_distance(const char *a, size_t la, const char *b, size_t lb,
	    size_t limit, bool fold);

#endif /* COMMON_COMMON_H */
