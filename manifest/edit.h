/*
 * Changing an ops config by editing its text: each change replaces or
 * inserts bytes at a position the locator found, in the file's own
 * indentation, so that every byte mqplan does not mean to change stays as
 * it was and a diff shows only the change.
 */
#ifndef MANIFEST_EDIT_H
#define MANIFEST_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "manifest/manifest.h"

struct edit {
	size_t	 off;		/* where, in the original text */
	size_t	 del;		/* bytes replaced */
	char	*ins;		/* text put there, owned */
	size_t	 seq;		/* order of making, for equal offsets */
};

struct edits {
	const struct manifest	*m;
	struct edit		*v;
	size_t			 n;
	size_t			 cap;
	bool			 lp_valid;	/* the last line start found */
	size_t			 lp_off;
	size_t			 lp_start;
	bool			 nl_known;	/* whether the text has a
						   new line, once asked */
	bool			 file_nl;
};

void	edits_init(struct edits *, const struct manifest *);
void	edits_release(struct edits *);

/*
 * Replaces the value at pointer (which must exist) with the JSON string
 * value.  Returns 0, or -1 when memory runs out or there is no such value.
 */
int	edits_replace_string(struct edits *, const char *pointer,
	    const char *value);

/*
 * Adds the members of object members (whose values are strings or such
 * objects) to the object at pointer obj, after its last member, none of
 * which it may have already.  Returns 0, or -1 when memory runs out or
 * obj is not an object.
 */
int	edits_add_members(struct edits *, const char *obj,
	    const json_t *members);

/*
 * Takes member rm (a node; LOCATE_NONE: none) out of object node obj, with
 * the comma that separates it, and adds the members of add (NULL: none)
 * as edits_add_members() does; an object left with no member becomes {}
 * unless add fills rm's place.  Only one call per object: the edits of
 * two could overlap.  Returns 0, or -1 when memory runs out or rm is not
 * a member of obj.
 */
int	edits_update_members(struct edits *, uint32_t obj, uint32_t rm,
	    const json_t *add);

/*
 * The text with every edit applied, NUL-terminated, in *out (to free) and
 * its length in *len.  Returns 0, or -1 when memory runs out or two edits
 * overlap.
 */
int	edits_apply(const struct edits *, char **out, size_t *len);

#endif /* MANIFEST_EDIT_H */
