/*
 * A JSON reader that answers one question: what string sits at a path of
 * object keys.  It checks the whole document against RFC 8259 as it
 * goes, so a value is never taken from a document that is broken further
 * on.  Repeated keys: the last one wins, as with jansson, which mqplan
 * uses to write the file.
 */
#ifndef GUEST_JSON_H
#define GUEST_JSON_H

#include <stddef.h>

enum json_result {
	JSON_FOUND,		/* a string; copied, NUL-terminated */
	JSON_ABSENT,		/* some key on the path is missing */
	JSON_NOT_STRING,	/* the value is a number, object, ... */
	JSON_TOO_LONG,		/* a string that does not fit out */
	JSON_BAD_STRING,	/* a string holding \u0000 */
	JSON_MALFORMED,		/* not JSON; *where is the byte offset */
};

enum json_result json_lookup(const char *doc, size_t len,
		    const char *const *path, unsigned npath, char *out,
		    size_t outlen, size_t *where);

const char	*json_result_str(enum json_result);

#endif /* GUEST_JSON_H */
