/*
 * An ops config.json as mqplan reads it: the bytes as they are on disk,
 * jansson's tree of them, where each value sits in the text, and the
 * file's indentation, so that a change can be made by editing the text
 * and everything else keeps its bytes.
 *
 * ops matches its field names case-insensitively (Go's encoding/json), so
 * lookups of ops fields here do too; keys inside ManifestPassthrough are
 * Nanos manifest keys and match exactly.
 */
#ifndef MANIFEST_MANIFEST_H
#define MANIFEST_MANIFEST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <jansson.h>

#include "manifest/locate.h"

/* Config files larger than this are refused: ops configs are small. */
#define MANIFEST_SIZE_MAX	(4u << 20)

struct manifest {
	char		*path;		/* as given; "<stdin>" for "-" */
	char		*text;		/* the bytes, NUL-terminated */
	size_t		 len;
	json_t		*root;		/* an object */
	struct locator	 loc;
	char		 indent[16];	/* one level: "  ", "    ", "\t" */
	char		 newline[3];	/* "\n", or "\r\n" if the file uses it */
	struct stat	 st;		/* at read time; st_ino 0 for stdin */
};

/*
 * Reads and parses path ("-" for standard input).  Returns 0, or -1 with
 * err set to one line naming the file and, for bad JSON, the line and
 * column: "FILE:LINE:COL: what".  On error *m is released.
 */
int		 manifest_read(struct manifest *m, const char *path, char *err,
		    size_t errlen);

/* The same for text already in memory (len bytes), named name. */
int		 manifest_parse(struct manifest *m, const char *name,
		    const char *text, size_t len, char *err, size_t errlen);

/*
 * Member key of object obj, matched without regard to case as ops
 * matches its fields; sets *real to the key as spelled in the file.
 */
json_t		*manifest_get(const json_t *obj, const char *key,
		    const char **real);

/* The span of the value at pointer, or NULL. */
const struct span *manifest_span(const struct manifest *,
		    const char *pointer);

void		 manifest_release(struct manifest *);

#endif /* MANIFEST_MANIFEST_H */
