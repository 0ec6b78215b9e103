/*
 * What `mqplan validate` reports: findings with a stable id, a level, the
 * line and column of the offending value, and a message that says what is
 * wrong and what to write instead.  manifest/ fills them; cli/ prints
 * them as text, JSON, YAML, GitHub annotations or SARIF.  Every id and
 * its explanation is in finding_kinds[], the one place that spells them.
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

/*
 * Every kind of finding, named by its id.  validate's come first, in the
 * order of mqplan(1)'s list; then the notes apply keeps on its edits,
 * which validate never reports.
 */
enum finding_id {
	FINDING_IO_QUEUES_NOT_STRING,
	FINDING_IO_QUEUES_NOT_DECIMAL,
	FINDING_IO_QUEUES_ABOVE_DEVICE,
	FINDING_IO_QUEUES_ABOVE_VCPUS,
	FINDING_IO_QUEUES_IGNORED,
	FINDING_INTERFACE_NAME,
	FINDING_INTERFACE_NOT_OBJECT,
	FINDING_EN1_STATIC_IP_DROPPED,
	FINDING_SETTING_HIDDEN,
	FINDING_INTERFACE_ABSENT,
	FINDING_PASSTHROUGH_NOT_OBJECT,
	FINDING_KEY_CASE_VARIANTS,
	FINDING_CLOUDCONFIG_TYPE,
	FINDING_OPS_UNKNOWN_KEY,
	FINDING_OPS_WRONG_TYPE,
	FINDING_PASSTHROUGH_VALUE_TYPE,
	FINDING_OPS_ADDRESS_DROPPED,
	FINDING_UNKNOWN_PLATFORM,
	FINDING_UNKNOWN_INSTANCE_TYPE,
	FINDING_DEFAULT_FLAVOR,
	FINDING_TOO_MANY_INTERFACES,
	FINDING_TARGET,
	FINDING_TOO_MANY_FINDINGS,
	FINDING_FILE_ERROR,		/* cli/: a file not read, or not JSON */
	FINDING_VALIDATE_COUNT,
	FINDING_IO_QUEUES_SET = FINDING_VALIDATE_COUNT,
	FINDING_IO_QUEUES_REMOVED,
	FINDING_IO_QUEUES_SKIPPED,
	FINDING_SETTING_MOVED,
	FINDING_COUNT
};

/*
 * A kind of finding: its id (stable across releases), the level
 * validate reports it at (-1: too-many-findings, which takes the highest
 * level of those it counts), and for validate's kinds the explanation,
 * worded as mqplan(1)'s list of findings words it (tests/validate/
 * sarif.sh holds the two together).  NULL help for apply's notes.
 */
struct finding_kind {
	const char	*id;
	int		 level;
	const char	*help;
};

extern const struct finding_kind	finding_kinds[FINDING_COUNT];

/*
 * The length of the first sentence of a kind's help (up to its first
 * period followed by a space, or all of it): a summary.
 */
size_t	finding_summary_len(const struct finding_kind *);

#define FINDING_MSG_MAX	384

/*
 * Findings kept per file: past this, the last one kept becomes
 * too-many-findings, which counts the rest and takes the highest level
 * among them, so that memory is bounded and the exit status still right.
 */
#define FINDINGS_MAX	1000

struct finding {
	enum finding_id	 kind;
	const char	*id;		/* finding_kinds[kind].id */
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
int	findings_add(struct findings *, enum finding_id, enum level,
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
