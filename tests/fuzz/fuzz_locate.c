/*
 * libFuzzer target: the JSON position finder on any bytes.  Invariants,
 * checked with abort(): every span lies inside the text and inside its
 * parent's span; a text jansson accepts, the locator accepts too, with one
 * span per value.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "manifest/locate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static size_t
count(const json_t *v)
{
	const char	*k;
	json_t		*x;
	size_t		 i, n = 1;

	if (json_is_object(v))
		json_object_foreach((json_t *)(uintptr_t)v, k, x)
			n += count(x);
	else if (json_is_array(v))
		json_array_foreach(v, i, x)
			n += count(x);
	return (n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct locator	 l = LOCATOR_INIT;
	json_error_t	 jerr;
	json_t		*j;
	char		 err[256];
	size_t		 i, depth[LOCATE_DEPTH_MAX + 2];
	int		 rc;

	rc = locator_scan(&l, (const char *)data, size, err, sizeof(err));
	j = json_loadb((const char *)data, size, JSON_DECODE_ANY |
	    JSON_REJECT_DUPLICATES, &jerr);
	/*
	 * jansson nests deeper than we allow, and takes a NUL byte for the
	 * end of the text; nothing else may differ.
	 */
	if (memchr(data, 0, size) != NULL) {
		json_decref(j);
		j = NULL;
	}
	if (j != NULL && rc == -1 && count(j) <= LOCATE_DEPTH_MAX)
		abort();
	if (rc == 0) {
		for (i = 0; i < l.nnodes; i++) {
			const struct lnode	*s = &l.nodes[i];

			if (s->val_off > s->val_end || s->val_end > size ||
			    s->depth > LOCATE_DEPTH_MAX + 1)
				abort();
			depth[s->depth] = i;
			if (s->depth > 0) {
				const struct lnode *p =
				    &l.nodes[depth[s->depth - 1]];

				if (s->parent != depth[s->depth - 1] ||
				    s->val_off < p->val_off ||
				    s->val_end > p->val_end)
					abort();
			}
		}
		/* Every value is found again by its own pointer. */
		for (i = 0; i < l.nnodes && i < 64; i++) {
			char			*ptr = locator_pointer(&l,
			    (uint32_t)i);
			const struct span	*sp;

			if (ptr == NULL)
				abort();
			sp = locator_find(&l, ptr);
			if (sp == NULL || sp->node != i || sp->line == 0 ||
			    sp->col == 0)
				abort();
			free(ptr);
		}
		if (j != NULL && count(j) != l.nnodes)
			abort();
	}
	json_decref(j);
	locator_release(&l);
	return (0);
}
