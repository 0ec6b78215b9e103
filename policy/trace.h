/*
 * The explanation of a decision: every step policy_decide() took, in order,
 * so that --explain can show the inputs, the rule and its source, each
 * clamp and the result.  policy/ fills it; cli/ prints it.
 */
#ifndef POLICY_TRACE_H
#define POLICY_TRACE_H

#include <stdarg.h>
#include <stddef.h>

enum trace_kind {
	TRACE_INPUT,	/* a fact the decision starts from */
	TRACE_RULE,	/* a rule applied, with its arithmetic */
	TRACE_CLAMP,	/* a bound applied to a value */
	TRACE_RESULT,	/* a value decided */
	TRACE_NOTE,	/* something the user should know */
	TRACE_KIND_COUNT
};

#define TRACE_TEXT_MAX		256
#define TRACE_IFNAME_MAX	16

struct trace_step {
	enum trace_kind	 kind;
	char		 ifname[TRACE_IFNAME_MAX];	/* "" for the machine */
	char		 text[TRACE_TEXT_MAX];
	/*
	 * NULL when none applies; static, or owned by the policy or the
	 * facts the decision came from (a policy file's rule, a catalog's
	 * figure): copy it to keep it longer than those.
	 */
	const char	*source;
	/* Whether a public source states the rule: 1 yes, 0 no, -1 n/a. */
	int		 confirmed;
};

struct trace {
	struct trace_step	*steps;
	size_t			 nsteps;
	size_t			 cap;
};

#define TRACE_INIT	{ NULL, 0, 0 }

/* "input", "rule", "clamp", "result", "note". */
const char	*trace_kind_name(enum trace_kind);

/*
 * Appends a step whose text is formatted from fmt (truncated to
 * TRACE_TEXT_MAX - 1 bytes).  ifname may be NULL.  Returns 0, or -1 when
 * memory runs out (the trace is left as it was).
 */
int	trace_add(struct trace *, enum trace_kind, const char *ifname,
	    const char *source, int confirmed, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
/* trace_add() with the arguments in ap, for callers that wrap it. */
int	trace_vadd(struct trace *, enum trace_kind, const char *ifname,
	    const char *source, int confirmed, const char *fmt, va_list ap)
	    __attribute__((format(printf, 6, 0)));

/* Frees the steps; the trace is empty and reusable afterwards. */
void	trace_release(struct trace *);

#endif /* POLICY_TRACE_H */
