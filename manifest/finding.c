#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common.h"
#include "manifest/finding.h"
#include "manifest/quote.h"

static const char *const level_names[LEVEL_COUNT] = {
	[LEVEL_NOTE] = "note",
	[LEVEL_WARNING] = "warning",
	[LEVEL_ERROR] = "error",
};

const char *
level_name(enum level l)
{
	if (l < 0 || l >= LEVEL_COUNT)
		return ("?");
	return (level_names[l]);
}

int
level_from_name(const char *s, enum level *out)
{
	int	i;

	for (i = 0; i < LEVEL_COUNT; i++) {
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum level)i;
			return (0);
		}
	}
	return (-1);
}

int
findings_add(struct findings *f, const char *id, enum level level,
    const struct span *at, int at_key, const char *fmt, ...)
{
	struct finding	*n;
	va_list		 ap;
	char		 full[FINDING_MSG_MAX + 8];
	size_t		 len;
	int		 w;

	if (f->n == FINDINGS_MAX) {
		n = &f->v[f->n - 1];
		if (f->dropped++ == 0) {
			n->id = "too-many-findings";
			n->line = n->col = 0;
			f->dropped++;	/* the one this slot held */
		}
		if (level > n->level)
			n->level = level;
		snprintf(n->msg, sizeof(n->msg), "%zu more findings not shown",
		    f->dropped);
		return (0);
	}
	if ((n = array_grow(f->v, f->n, &f->cap, sizeof(*n), 8)) == NULL)
		return (-1);
	f->v = n;
	n = &f->v[f->n++];
	memset(n, 0, sizeof(*n));
	n->id = id;
	n->level = level;
	if (at != NULL) {
		n->line = at_key && at->key_line ? at->key_line : at->line;
		n->col = at_key && at->key_line ? at->key_col : at->col;
	}
	va_start(ap, fmt);
	w = vsnprintf(full, sizeof(full), fmt, ap);
	va_end(ap);
	len = w < 0 ? 0 : strlen(full);
	if (w >= 0 && (size_t)w < sizeof(n->msg))
		memcpy(n->msg, full, len + 1);
	else {
		/* Too long: cut on a character boundary and say so. */
		len = utf8_cut(full, len, sizeof(n->msg) - 4);
		memcpy(n->msg, full, len);
		memcpy(n->msg + len, "...", 4);
	}
	return (0);
}

int
findings_full(const struct findings *f)
{
	return (f->n == FINDINGS_MAX);
}

int
findings_worst(const struct findings *f)
{
	size_t	i;
	int	worst = -1;

	for (i = 0; i < f->n; i++)
		if ((int)f->v[i].level > worst)
			worst = (int)f->v[i].level;
	return (worst);
}

void
findings_release(struct findings *f)
{
	free(f->v);
	f->v = NULL;
	f->n = 0;
	f->cap = 0;
	f->dropped = 0;
}
