#include <stdarg.h>
#include <stdio.h>

#include "platforms/probe_log.h"

void
probe_log_add(struct probe_log *log, const char *what, double ms,
    const char *fmt, ...)
{
	struct probe	*p;
	va_list		 ap;

	if (log->nprobes == PROBE_LOG_MAX)
		return;
	p = &log->probes[log->nprobes++];
	snprintf(p->what, sizeof(p->what), "%s", what);
	va_start(ap, fmt);
	vsnprintf(p->answer, sizeof(p->answer), fmt, ap);
	va_end(ap);
	p->ms = ms;
}
