#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "policy/trace.h"

static const char *const kind_names[TRACE_KIND_COUNT] = {
	[TRACE_INPUT] = "input",
	[TRACE_RULE] = "rule",
	[TRACE_CLAMP] = "clamp",
	[TRACE_RESULT] = "result",
	[TRACE_NOTE] = "note",
};

const char *
trace_kind_name(enum trace_kind k)
{
	if (k < 0 || k >= TRACE_KIND_COUNT)
		return ("?");
	return (kind_names[k]);
}

int
trace_add(struct trace *t, enum trace_kind kind, const char *ifname,
    const char *source, int confirmed, const char *fmt, ...)
{
	va_list	ap;
	int	rc;

	va_start(ap, fmt);
	rc = trace_vadd(t, kind, ifname, source, confirmed, fmt, ap);
	va_end(ap);
	return (rc);
}

int
trace_vadd(struct trace *t, enum trace_kind kind, const char *ifname,
    const char *source, int confirmed, const char *fmt, va_list ap)
{
	struct trace_step	*s;

	if ((s = array_grow(t->steps, t->nsteps, &t->cap, sizeof(*s), 32)) ==
	    NULL)
		return (-1);
	t->steps = s;
	s = &t->steps[t->nsteps++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	if (ifname != NULL)
		snprintf(s->ifname, sizeof(s->ifname), "%s", ifname);
	s->source = source;
	s->confirmed = confirmed;
	vsnprintf(s->text, sizeof(s->text), fmt, ap);
	return (0);
}

void
trace_release(struct trace *t)
{
	free(t->steps);
	t->steps = NULL;
	t->nsteps = 0;
	t->cap = 0;
}
