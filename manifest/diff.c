/*
 * A unified diff of two texts, for `apply --dry-run`.  Configs are small,
 * so a longest-common-subsequence table over lines is fast enough and
 * gives the minimal diff; texts beyond DIFF_LINES_MAX lines are shown as
 * one hunk that replaces everything.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest/buf.h"
#include "manifest/diff.h"

#define DIFF_LINES_MAX	4000
#define CONTEXT		3

struct lines {
	const char	**p;	/* start of each line */
	size_t		 *n;	/* its length, newline included */
	size_t		  count;
};

static int
split(const char *s, size_t len, struct lines *l)
{
	size_t	i, start = 0, k = 0;

	l->count = 0;
	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			l->count++;
	if (len > 0 && s[len - 1] != '\n')
		l->count++;
	l->p = calloc(l->count + 1, sizeof(*l->p));
	l->n = calloc(l->count + 1, sizeof(*l->n));
	if (l->p == NULL || l->n == NULL)
		return (-1);
	for (i = 0; i < len; i++) {
		if (s[i] == '\n') {
			l->p[k] = s + start;
			l->n[k++] = i + 1 - start;
			start = i + 1;
		}
	}
	if (start < len) {
		l->p[k] = s + start;
		l->n[k] = len - start;
	}
	return (0);
}

static bool
same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return (a->n[i] == b->n[j] && memcmp(a->p[i], b->p[j], a->n[i]) == 0);
}

static void
line(struct buf *o, char mark, const char *p, size_t n)
{
	buf_put(o, &mark, 1);
	buf_put(o, p, n);
	if (n == 0 || p[n - 1] != '\n')
		buf_printf(o, "\n\\ No newline at end of file\n");
}

/*
 * ops[k] for the edit script: ' ' keep, '-' delete, '+' add, in order;
 * built from the LCS table.
 */
static char *
script(const struct lines *a, const struct lines *b, size_t *nops)
{
	size_t		 n = a->count, m = b->count, i, j, k = 0;
	uint16_t	*t;
	char		*ops;

	t = calloc((n + 1) * (m + 1), sizeof(*t));
	ops = malloc(n + m + 1);
	if (t == NULL || ops == NULL) {
		free(t);
		free(ops);
		return (NULL);
	}
#define T(x, y)	t[(x) * (m + 1) + (y)]
	for (i = n; i-- > 0;)
		for (j = m; j-- > 0;)
			T(i, j) = same(a, i, b, j) ? T(i + 1, j + 1) + 1 :
			    (T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) :
			    T(i, j + 1));
	i = j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && same(a, i, b, j)) {
			ops[k++] = ' ';
			i++;
			j++;
		} else if (i < n && (j == m || T(i + 1, j) >= T(i, j + 1))) {
			/* Removals before additions, as diff(1) shows them. */
			ops[k++] = '-';
			i++;
		} else {
			ops[k++] = '+';
			j++;
		}
	}
#undef T
	free(t);
	*nops = k;
	return (ops);
}

static void
hunks(struct buf *o, const struct lines *a, const struct lines *b,
    const char *ops, size_t nops)
{
	size_t	k = 0, start, end, x, ai, bi, na, nb, ka, kb;

	ka = kb = 0;	/* line numbers at ops[k] */
	while (k < nops) {
		if (ops[k] == ' ') {
			k++;
			ka++;
			kb++;
			continue;
		}
		/* A change at k: take CONTEXT lines before it. */
		start = k;
		ai = ka;
		bi = kb;
		for (x = 0; x < CONTEXT && start > 0 && ops[start - 1] == ' ';
		    x++) {
			start--;
			ai--;
			bi--;
		}
		/* Extend while changes are within 2 * CONTEXT of each other. */
		end = k;
		for (x = k; x < nops; x++) {
			if (ops[x] != ' ')
				end = x + 1;
			else if (x - end >= 2 * CONTEXT)
				break;
		}
		x = 0;
		while (end < nops && ops[end] == ' ' && x < CONTEXT) {
			end++;
			x++;
		}
		na = nb = 0;
		for (x = start; x < end; x++) {
			if (ops[x] != '+')
				na++;
			if (ops[x] != '-')
				nb++;
		}
		buf_printf(o, "@@ -%zu,%zu +%zu,%zu @@\n", na ? ai + 1 : ai, na,
		    nb ? bi + 1 : bi, nb);
		for (x = start; x < end; x++) {
			if (ops[x] == ' ') {
				line(o, ' ', a->p[ai], a->n[ai]);
				ai++;
				bi++;
			} else if (ops[x] == '-') {
				line(o, '-', a->p[ai], a->n[ai]);
				ai++;
			} else {
				line(o, '+', b->p[bi], b->n[bi]);
				bi++;
			}
		}
		ka = ai;
		kb = bi;
		k = end;
	}
}

char *
diff_unified(const char *name, const char *a, size_t alen, const char *b,
    size_t blen)
{
	struct lines	 la = { NULL, NULL, 0 }, lb = { NULL, NULL, 0 };
	struct buf	 o = BUF_INIT;
	char		*ops = NULL;
	size_t		 nops = 0, i;

	if (split(a, alen, &la) == -1 || split(b, blen, &lb) == -1)
		goto fail;
	buf_printf(&o, "--- %s\n+++ %s\n", name, name);
	if (la.count <= DIFF_LINES_MAX && lb.count <= DIFF_LINES_MAX) {
		if ((ops = script(&la, &lb, &nops)) == NULL)
			goto fail;
		hunks(&o, &la, &lb, ops, nops);
	} else {
		buf_printf(&o, "@@ -1,%zu +1,%zu @@\n", la.count, lb.count);
		for (i = 0; i < la.count; i++)
			line(&o, '-', la.p[i], la.n[i]);
		for (i = 0; i < lb.count; i++)
			line(&o, '+', lb.p[i], lb.n[i]);
	}
	if (!o.ok)
		goto fail;
	free(ops);
	free(la.p);
	free(la.n);
	free(lb.p);
	free(lb.n);
	return (o.s);
fail:
	free(ops);
	free(la.p);
	free(la.n);
	free(lb.p);
	free(lb.n);
	free(o.s);
	return (NULL);
}
