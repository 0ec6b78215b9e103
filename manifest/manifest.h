/*
 * An ops config.json as mqplan reads it: the bytes as they are on disk,
 * jansson's tree of them, where each value sits in the text, and the
 * file's indentation, so that a change can be made by editing the text
 * and everything else keeps its bytes.
 *
 * ops matches its field names case-insensitively (Go's encoding/json), so
 * lookups of ops fields here do too; keys inside ManifestPassthrough are
 * Nanos manifest keys and match exactly.
 *
 * Go decodes an object's members in order, each into the field its key
 * folds to (src/encoding/json/decode.go, object(): an exact match on the
 * name, else foldName(key), the key with each letter folded as
 * unicode.SimpleFold does, so "K" (U+212A) is k and "\u017f" is s).  Several
 * case variants of one field are all decoded, into the same field: into a
 * map (ManifestPassthrough is map[string]interface{} in ops' types.Config),
 * which is kept once made, so the keys merge and the later variant's value
 * wins for a key both have; into a struct (RunConfig, CloudConfig), whose
 * fields the later variant overwrites; into a string, the later one wins.
 * The functions here give those fields as ops ends up with them.
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

/* More case variants of one ops field than this are refused. */
#define MANIFEST_VARIANTS_MAX	16

/* The top-level ops fields mqplan reads, in enum manifest_field order. */
enum manifest_field {
	FIELD_PASSTHROUGH,	/* ManifestPassthrough */
	FIELD_RUNCONFIG,	/* RunConfig */
	FIELD_CLOUDCONFIG,	/* CloudConfig */
	FIELD_COUNT
};

/* The members of the text whose keys fold to one field, in order. */
struct manifest_variants {
	uint32_t	 node[MANIFEST_VARIANTS_MAX];
	size_t		 n;
};

struct manifest {
	char		*path;		/* as given; "<stdin>" for "-" */
	char		*text;		/* the bytes, NUL-terminated */
	size_t		 len;
	/*
	 * RunConfig and CloudConfig as ops decodes them (case variants
	 * merged), under their last spelling, with only the members mqplan
	 * reads (IPAddress, NetMask, Gateway; Platform, Flavor): the rest of
	 * the text, ManifestPassthrough included, is read through the
	 * locator, so that a config's bulk is not held twice (jansson needs
	 * 20 to 80 times the text for arrays and objects).
	 */
	json_t		*root;
	struct locator	 loc;
	struct manifest_variants fields[FIELD_COUNT];
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

/*
 * The same from fd, already open on path (for messages), read from its
 * offset to its end; fd stays open.  m->st is fstat(fd).
 */
int		 manifest_read_fd(struct manifest *m, const char *path, int fd,
		    char *err, size_t errlen);

/* The same for text already in memory (len bytes), named name. */
int		 manifest_parse(struct manifest *m, const char *name,
		    const char *text, size_t len, char *err, size_t errlen);

/*
 * Member key of object obj, matched without regard to case as ops
 * matches its fields: of several, the last, as it is the one Go keeps;
 * sets *real to the key as spelled in the file.
 */
json_t		*manifest_get(const json_t *obj, const char *key,
		    const char **real);

/* Whether a (alen bytes) and b are equal as Go's foldName compares them. */
int		 manifest_fold_eq(const char *a, size_t alen, const char *b);

/* The canonical name of an ops field: "ManifestPassthrough", ... */
const char	*manifest_field_name(enum manifest_field);

/*
 * The node of field's last case variant in the text (the one whose
 * spelling the tree uses), or LOCATE_NONE.
 */
uint32_t	 manifest_field_node(const struct manifest *,
		    enum manifest_field);

/*
 * The node of member key (exact spelling) of field, from the last case
 * variant that has it (the value ops keeps), or LOCATE_NONE.
 */
uint32_t	 manifest_member_node(const struct manifest *,
		    enum manifest_field, const char *key);

/*
 * The member of struct field (RunConfig, CloudConfig) whose key folds to
 * name, as ops reads it: the last over all case variants; LOCATE_NONE.
 */
uint32_t	 manifest_ops_member(const struct manifest *,
		    enum manifest_field, const char *name);

/*
 * The members of ManifestPassthrough that ops keeps, in file order: the
 * first for prev == LOCATE_NONE, then the one after prev, LOCATE_NONE at
 * the end.  Of a key in several case variants, only the last's member;
 * none from a variant before a null one (null makes Go's map nil).
 */
uint32_t	 manifest_passthrough_next(const struct manifest *,
		    uint32_t prev);

/*
 * Node's value as jansson (to json_decref): a string, number, true,
 * false or null as it is; an object or array empty, so that what mqplan
 * reads no further costs nothing.  NULL without memory.
 */
json_t		*manifest_json(const struct manifest *, uint32_t node);

/*
 * The kind of node's value in words, as messages say it: "an object",
 * "an array", "a number", "a string", "a boolean" or "null".
 */
const char	*manifest_node_kind(const struct manifest *, uint32_t node);

/*
 * The same words for a jansson value, such as manifest_get() gives: one
 * merged from case variants has no one node to ask.
 */
const char	*manifest_json_kind(const json_t *);

/* The span of the value at pointer, or NULL. */
const struct span *manifest_span(const struct manifest *,
		    const char *pointer);

/* The span of node, or NULL for LOCATE_NONE. */
const struct span *manifest_node_span(const struct manifest *, uint32_t);

void		 manifest_release(struct manifest *);

#endif /* MANIFEST_MANIFEST_H */
