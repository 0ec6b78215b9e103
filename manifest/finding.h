/*
 * What `mqplan validate` reports: findings with a stable id, a level, the
 * line and column of the offending value, and a message that says what is
 * wrong and what to write instead.  manifest/ fills them; cli/ prints
 * them as text, JSON or GitHub annotations.
 */
#ifndef MANIFEST_FINDING_H
#define MANIFEST_FINDING_H

#include <stddef.h>

#include "manifest/locate.h"

enum level {
	LEVEL_NOTE,
	LEVEL_WARNING,
	LEVEL_ERROR,
	LEVEL_COUNT
};

#define FINDING_MSG_MAX	384

/*
 * Findings kept per file: past this, the last one kept becomes
 * too-many-findings, which counts the rest and takes the highest level
 * among them, so that memory is bounded and the exit status still right.
 */
#define FINDINGS_MAX	1000

struct finding {
	const char	*id;		/* static, stable across releases */
	enum level	 level;
	unsigned int	 line;		/* from 1; 0 when there is none */
	unsigned int	 col;
	char		 msg[FINDING_MSG_MAX];
};

struct findings {
	struct finding	*v;
	size_t		 n;
	size_t		 cap;
	size_t		 dropped;	/* beyond FINDINGS_MAX */
};

#define FINDINGS_INIT	{ NULL, 0, 0, 0 }

/* "note", "warning", "error". */
const char	*level_name(enum level);
int		 level_from_name(const char *, enum level *);

/*
 * Adds a finding at span (NULL: no position; at_key: the key's position
 * instead of the value's).  A message longer than FINDING_MSG_MAX - 1 is
 * cut on a UTF-8 character boundary and ends in "...".  Callers quote the
 * config values they name (quote()).  Returns 0, or -1 when memory runs
 * out.
 */
int	findings_add(struct findings *, const char *id, enum level,
	    const struct span *at, int at_key, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

/*
 * Whether further findings only add to too-many-findings (their positions
 * are then not needed).
 */
int	findings_full(const struct findings *);

/* The highest level among the findings; -1 when there are none. */
int	findings_worst(const struct findings *);

void	findings_release(struct findings *);

#endif /* MANIFEST_FINDING_H */
