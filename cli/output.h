/* Printing command results: cli/output.c. */
#ifndef CLI_OUTPUT_H
#define CLI_OUTPUT_H

#include <jansson.h>

#include "cli/cli.h"
#include "policy/trace.h"

/*
 * Prints root as JSON (2-space indent, keys in insertion order) or YAML on
 * stdout.  Does not take the reference.  Returns 0, or -1 (reported).
 */
int	 output_print(json_t *root, enum format);

/* The trace as a JSON array of steps; NULL when memory runs out. */
json_t	*output_trace(const struct trace *);

/* The trace as text, grouped by interface, each source under its step. */
void	 output_trace_text(const struct trace *);

#endif /* CLI_OUTPUT_H */
