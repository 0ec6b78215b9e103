/*
 * Where each value of a JSON text is: byte offsets, line and column.
 *
 * jansson parses ops config.json but keeps no positions, and mqplan needs
 * them twice: validate names the line and column of an offending value,
 * and apply edits the text in place so that everything it does not change
 * keeps its bytes.  A struct locator is the result of one pass over the
 * text: one small node per value (its parent, where its key and value
 * are), so that memory stays linear in the text whatever its shape (a
 * node stores no path: a long key at the top of a large array costs its
 * bytes once).  Members are found by a hash of (parent, key), so every
 * lookup is O(1) on average; values are also named by JSON Pointer (RFC
 * 6901, e.g. "/ManifestPassthrough/en1/io-queues"; "" is the root).
 *
 * The scanner accepts exactly RFC 8259 JSON in UTF-8 and refuses what
 * mqplan cannot represent or ops would not read: a byte order mark,
 * invalid UTF-8, a NUL character (\u0000), duplicate keys, nesting
 * deeper than LOCATE_DEPTH_MAX.  Each refusal names its line and column.
 */
#ifndef MANIFEST_LOCATE_H
#define MANIFEST_LOCATE_H

#include <stddef.h>
#include <stdint.h>

/* Deeper nesting is refused rather than risking the stack. */
#define LOCATE_DEPTH_MAX	256

/* No node: the answer of a lookup that found nothing. */
#define LOCATE_NONE		UINT32_MAX

/* Texts longer than this are refused: offsets are 32 bits. */
#define LOCATE_LEN_MAX		((size_t)UINT32_MAX - 1)

enum span_kind {
	SPAN_OBJECT,
	SPAN_ARRAY,
	SPAN_STRING,
	SPAN_NUMBER,
	SPAN_LITERAL,		/* true, false, null */
};

/* One value, as stored: 28 bytes. */
struct lnode {
	uint32_t	 key_off;	/* the key's '"', or LOCATE_NONE */
	uint32_t	 val_off;	/* first byte of the value */
	uint32_t	 val_end;	/* one past its last byte */
	uint32_t	 parent;	/* LOCATE_NONE for the root */
	uint32_t	 nmembers;	/* objects and arrays */
	uint32_t	 idx;		/* position in the parent */
	uint16_t	 depth;		/* 0 for the root */
	uint8_t		 kind;		/* enum span_kind */
};

/*
 * One value with its positions, as lookups hand it out.  It stays valid
 * (and at the same address) until the locator is released.
 */
struct span {
	enum span_kind	 kind;
	uint32_t	 node;		/* index into the locator's nodes */
	size_t		 depth;		/* 0 for the root */
	size_t		 key_off;	/* the key's '"', or (size_t)-1 */
	size_t		 val_off;	/* first byte of the value */
	size_t		 val_end;	/* one past its last byte */
	unsigned int	 line;		/* of the value, from 1 */
	unsigned int	 col;		/* in characters, from 1 */
	unsigned int	 key_line;	/* of the key; 0 without one */
	unsigned int	 key_col;
	size_t		 nmembers;	/* objects and arrays */
};

/* Line and column at a byte offset that is a multiple of LOCATE_MARK. */
#define LOCATE_MARK	4096
struct lmark {
	uint32_t	 line;
	uint32_t	 col;
};

struct span_block;

struct locator {
	const char		*text;		/* not owned */
	size_t			 len;
	struct lnode		*nodes;		/* in document order */
	size_t			 nnodes;
	size_t			 cap;
	uint32_t		*hash;		/* node of (parent, key) */
	size_t			 hsize;
	struct lmark		*marks;
	size_t			 nmarks;
	size_t			 markcap;
	struct span_block	*views;		/* spans handed out */
};

#define LOCATOR_INIT	{ NULL, 0, NULL, 0, 0, NULL, 0, NULL, 0, 0, NULL }

/*
 * Scans text (len bytes, no NUL needed; it must outlive *l) and fills *l.
 * Returns 0, or -1 with err set to "LINE:COL: what" when the text is not
 * JSON as described above or memory runs out.  *l must be empty.
 */
int			 locator_scan(struct locator *l, const char *text,
			    size_t len, char *err, size_t errlen);

/* The member key (keylen bytes, decoded) of object node, or LOCATE_NONE. */
uint32_t		 locator_member(const struct locator *, uint32_t node,
			    const char *key, size_t keylen);

/* Element i of array node, or LOCATE_NONE. */
uint32_t		 locator_element(const struct locator *, uint32_t node,
			    size_t i);

/*
 * The children of node in document order: the first for prev ==
 * LOCATE_NONE, then the one after prev; LOCATE_NONE after the last.
 * Going through all of them costs time linear in node's text.
 */
uint32_t		 locator_next(const struct locator *, uint32_t node,
			    uint32_t prev);

/*
 * The key of node, decoded and NUL-terminated, in a buffer to free, with
 * its length in *len (may be NULL); NULL without a key or memory.
 */
char			*locator_key(const struct locator *, uint32_t node,
			    size_t *len);

/* The same for the value of string node. */
char			*locator_string(const struct locator *, uint32_t node,
			    size_t *len);

/* The JSON Pointer of node, in a buffer to free; NULL without memory. */
char			*locator_pointer(const struct locator *, uint32_t node);

/* Line and column (in characters, from 1) of byte offset off. */
void			 locator_pos(const struct locator *, size_t off,
			    unsigned int *line, unsigned int *col);

/*
 * The span of node, or of the value at pointer: NULL when there is none
 * (or memory runs out).  Spans are made on demand and kept until
 * locator_release(), so the locator changes although it is const here.
 */
const struct span	*locator_span(const struct locator *, uint32_t node);
const struct span	*locator_find(const struct locator *,
			    const char *pointer);

void			 locator_release(struct locator *);

#endif /* MANIFEST_LOCATE_H */
