/*
 * A growing text buffer for building edits and diffs (manifest/buf.c).
 * After an allocation failure it stays failed: callers append freely and
 * check ok once at the end.
 */
#ifndef MANIFEST_BUF_H
#define MANIFEST_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char	*s;		/* NUL-terminated once anything is added */
	size_t	 len;
	size_t	 cap;
	bool	 ok;
};

#define BUF_INIT	{ NULL, 0, 0, true }

void	buf_put(struct buf *, const char *s, size_t n);
void	buf_puts(struct buf *, const char *s);
void	buf_printf(struct buf *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif /* MANIFEST_BUF_H */
