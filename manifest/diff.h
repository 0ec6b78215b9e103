/* Unified diffs for apply --dry-run (manifest/diff.c). */
#ifndef MANIFEST_DIFF_H
#define MANIFEST_DIFF_H

#include <stddef.h>

/*
 * The unified diff (3 lines of context, "--- name" / "+++ name" headers)
 * that turns a into b; "" plus the headers when they are equal.  Returns
 * a string to free, or NULL when memory runs out.
 */
char	*diff_unified(const char *name, const char *a, size_t alen,
	    const char *b, size_t blen);

#endif /* MANIFEST_DIFF_H */
