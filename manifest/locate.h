/*
 * Where each value of a JSON text is: byte offsets, line and column.
 *
 * jansson parses ops config.json but keeps no positions, and mqplan needs
 * them twice: validate names the line and column of an offending value,
 * and apply edits the text in place so that everything it does not change
 * keeps its bytes.  A struct locator is the result of one pass over the
 * text: a span for every value, named by its JSON Pointer (RFC 6901, e.g.
 * "/ManifestPassthrough/en1/io-queues"; "" is the root).
 *
 * The scanner accepts exactly RFC 8259 JSON; the caller validates
 * semantics (duplicate keys, UTF-8) with jansson first.
 */
#ifndef MANIFEST_LOCATE_H
#define MANIFEST_LOCATE_H

#include <stddef.h>

/* Deeper nesting is refused rather than risking the stack. */
#define LOCATE_DEPTH_MAX	256

enum span_kind {
	SPAN_OBJECT,
	SPAN_ARRAY,
	SPAN_STRING,
	SPAN_NUMBER,
	SPAN_LITERAL,		/* true, false, null */
};

struct span {
	char		*pointer;	/* JSON Pointer, owned */
	enum span_kind	 kind;
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

struct locator {
	struct span	*spans;		/* in document order */
	size_t		 nspans;
	size_t		 cap;
};

#define LOCATOR_INIT	{ NULL, 0, 0 }

/*
 * Scans text (len bytes, no NUL needed) and fills *l.  Returns 0, or -1
 * with err set to "LINE:COL: what" when the text is not JSON, is nested
 * deeper than LOCATE_DEPTH_MAX, or memory runs out.  *l must be empty.
 */
int			 locator_scan(struct locator *l, const char *text,
			    size_t len, char *err, size_t errlen);

/* The span of the value at pointer, or NULL. */
const struct span	*locator_find(const struct locator *,
			    const char *pointer);

/*
 * Appends key to pointer base as one JSON Pointer token (escaping '~' and
 * '/') into buf; returns buf, or NULL if it does not fit.
 */
char			*locator_join(char *buf, size_t len, const char *base,
			    const char *key);

void			 locator_release(struct locator *);

#endif /* MANIFEST_LOCATE_H */
