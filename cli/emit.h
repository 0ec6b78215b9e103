/*
 * --emit: the cloud-side queue settings that match a plan, so that the
 * cloud and the manifest agree (cli/emit.c).
 */
#ifndef CLI_EMIT_H
#define CLI_EMIT_H

#include "cli/cli.h"

enum emit {
	EMIT_NONE,
	EMIT_GCLOUD,	/* gcloud compute instances create flags */
	EMIT_GCE_API,	/* instances.insert networkInterfaces[] */
	EMIT_AWS_CLI,	/* aws ec2 run-instances flags */
	EMIT_NANOS,	/* the manifest tuples: en1:(io-queues:4) */
};

/* Parses an --emit value; -1 (reported) if unknown. */
int	emit_from_name(const char *, enum emit *);

/*
 * Prints the settings for decision d; returns the exit status (1 when the
 * cloud would refuse them, 2 for a platform mismatch).
 */
int	emit_settings(enum emit, const struct target *, const struct facts *,
	    const struct decision *);

#endif /* CLI_EMIT_H */
