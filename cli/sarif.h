/*
 * validate's findings as one SARIF 2.1.0 log (cli/sarif.c), for code
 * scanning: one run, mqplan as its tool with a rule for every id validate
 * can report (finding_kinds[]), one result per finding or unreadable
 * file.
 */
#ifndef CLI_SARIF_H
#define CLI_SARIF_H

#include <jansson.h>

#include "manifest/finding.h"

struct sarif {
	json_t	*log;		/* the whole document */
	json_t	*results;	/* runs[0].results, borrowed from log */
};

/*
 * Starts the log: the tool (name, the version --version prints, every
 * rule) and no results.  Returns 0, or -1 when memory runs out (s is
 * then empty and sarif_release() still safe).
 */
int	sarif_init(struct sarif *s);

/*
 * Adds a result for file, the path as given ("-" is standard input,
 * which has no location): kind's rule, level, the message (untrusted:
 * made valid UTF-8 by output_str()) and, when line is not 0, the line
 * and column (in characters).  Returns 0, or -1 when memory runs out.
 */
int	sarif_result(struct sarif *s, const char *file, enum finding_id kind,
	    enum level level, unsigned int line, unsigned int col,
	    const char *msg);

/* Prints the log as JSON on stdout; 0, or -1 (reported). */
int	sarif_print(const struct sarif *s);

void	sarif_release(struct sarif *s);

#endif /* CLI_SARIF_H */
