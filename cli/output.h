/* Printing command results: cli/output.c. */
#ifndef CLI_OUTPUT_H
#define CLI_OUTPUT_H

#include <jansson.h>

#include "cli/cli.h"
#include "policy/trace.h"

/*
 * Prints root as JSON (2-space indent, keys in insertion order) or YAML on
 * stdout.  Does not take the reference.  Returns 0, or -1 (reported).
 * root NULL (a failed build) is reported as the build failure it was.
 */
int	 output_print(json_t *root, enum format);

/*
 * A JSON string for untrusted text under the name field: invalid UTF-8
 * bytes become U+FFFD and a warning on stderr names the field and shows
 * the original quoted (mqplan(1) OUTPUT).  NULL s gives JSON null.  Returns
 * NULL only when memory runs out.
 */
json_t	*output_str(const char *field, const char *s);

/*
 * json_pack() for a flat object, "{s:X, ...}" (X: s, s?, o, o?, O, O?, i,
 * b, I, f, n), with every string through output_str() under its key.
 * NULL on failure, which output_print() then reports truthfully.
 */
json_t	*output_pack(const char *fmt, ...);

/*
 * Why the last build of a tree failed: output_pack()'s reason, else "out of
 * memory" (json_object(), json_array() and output_str() fail for nothing
 * else).
 */
const char	*output_why(void);

/* The trace as a JSON array of steps; NULL when memory runs out. */
json_t	*output_trace(const struct trace *);

/* The trace as text, grouped by interface, each source under its step. */
void	 output_trace_text(const struct trace *);

#endif /* CLI_OUTPUT_H */
