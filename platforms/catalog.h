/*
 * The instance types mqplan knows: the built-in GCE and EC2 tables, and
 * those read from catalog files (`gcloud compute machine-types list
 * --format=json`, `aws ec2 describe-instance-types` output), which take
 * precedence over the built-in rows.
 */
#ifndef PLATFORMS_CATALOG_H
#define PLATFORMS_CATALOG_H

#include <stddef.h>

#include "platforms/instance_type.h"

struct catalog {
	struct instance_type	*types;		/* read from files */
	size_t			 ntypes;
	size_t			 cap;
};

#define CATALOG_INIT	{ NULL, 0, 0 }

void	catalog_init(struct catalog *);
void	catalog_release(struct catalog *);

/*
 * Reads a catalog file, open on fd, as the gcloud or aws CLI printed it;
 * the format is told from the JSON's shape.  The caller opens the file
 * (cli/ refuses what is not a regular file), names it in path for
 * messages and closes fd.  Returns the number of types added, or -1 with
 * err set ("FILE:LINE:COL: what" for syntax errors, "FILE: what"
 * otherwise); on error nothing is added.
 */
int	catalog_load(struct catalog *, int fd, const char *path, char *err,
	    size_t errlen);

/*
 * Looks name up for platform ("gcp" or "aws"), files first.  Returns 0 and
 * fills *it; 1 when the type is not known; -1 when the name cannot be a
 * type of that platform.  For 1 and -1, err says why.
 */
int	catalog_lookup(const struct catalog *, const char *platform,
	    const char *name, struct instance_type *it, char *err,
	    size_t errlen);

/*
 * Writes up to three known names of platform close to name (edit distance)
 * into buf as "a, b or c"; buf is "" when none is close.
 */
void	catalog_suggest(const struct catalog *, const char *platform,
	    const char *name, char *buf, size_t len);

/*
 * The edit distance (insertions, deletions, substitutions) between a and
 * b, or limit + 1 when it is larger than limit or either string is longer
 * than INSTANCE_TYPE_NAME_MAX.  The same measure serves the "did you
 * mean" of unknown types and of unknown commands.
 */
size_t	catalog_distance(const char *a, const char *b, size_t limit);

/*
 * Calls fn for each known type of platform (NULL: both): files first, then
 * the built-in rows that no file replaced.
 */
int	catalog_foreach(const struct catalog *, const char *platform,
	    instance_type_fn fn, void *arg);

/* "aws" if name looks like an EC2 type (family.size), else "gcp". */
const char *catalog_guess_platform(const char *name);

#endif /* PLATFORMS_CATALOG_H */
