#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/common.h"
#include "manifest/buf.h"
#include "manifest/edit.h"

#define PREFIX_MAX	256

/* s as a JSON string literal, quotes and escapes included. */
static void
put_quoted(struct buf *b, const char *s)
{
	json_t	*j = json_string(s);
	char	*q;

	if (j == NULL || (q = json_dumps(j, JSON_ENCODE_ANY)) == NULL) {
		json_decref(j);
		b->ok = false;
		return;
	}
	buf_puts(b, q);
	free(q);
	json_decref(j);
}

void
edits_init(struct edits *e, const struct manifest *m)
{
	memset(e, 0, sizeof(*e));
	e->m = m;
}

void
edits_release(struct edits *e)
{
	size_t	i;

	for (i = 0; i < e->n; i++)
		free(e->v[i].ins);
	free(e->v);
	e->v = NULL;
	e->n = e->cap = 0;
}

static int
add_edit(struct edits *e, size_t off, size_t del, struct buf *b)
{
	struct edit	*n;

	if (!b->ok) {
		free(b->s);
		return (-1);
	}
	if ((n = array_grow(e->v, e->n, &e->cap, sizeof(*n), 8)) == NULL) {
		free(b->s);
		return (-1);
	}
	e->v = n;
	e->v[e->n].off = off;
	e->v[e->n].del = del;
	e->v[e->n].ins = b->s;
	e->v[e->n].seq = e->n;
	e->n++;
	return (0);
}

/*
 * The white space that starts the line holding offset off.  apply asks
 * for one line per tuple, mostly in file order: the line start found last
 * is remembered, so that a file of many tuples on one long line is not
 * scanned back once per tuple.
 */
static void
line_prefix(struct edits *e, size_t off, char *out, size_t len)
{
	const struct manifest	*m = e->m;
	size_t			 start = off, stop = 0, n = 0;

	if (e->lp_valid && e->lp_off <= off)
		stop = e->lp_off;
	while (start > stop && m->text[start - 1] != '\n')
		start--;
	if (start == stop && stop > 0 && m->text[start - 1] != '\n')
		start = e->lp_start;	/* still on the line found last */
	e->lp_valid = true;
	e->lp_off = off;
	e->lp_start = start;
	while (n + 1 < len && (m->text[start + n] == ' ' ||
	    m->text[start + n] == '\t'))
		n++;
	memcpy(out, m->text + start, n);
	out[n] = '\0';
}

/*
 * Writes value: a string, or an object of strings and objects whose
 * members go one unit deeper than indent, each on its own line when
 * multiline (the file's own layout).
 */
static void
put_value(struct buf *b, const json_t *v, const char *indent,
    const char *unit, const char *nl, bool multiline)
{
	const char	*k;
	json_t		*x;
	char		 in1[PREFIX_MAX + 64];
	bool		 first = true;

	if (!json_is_object(v)) {
		put_quoted(b, json_string_value(v));
		return;
	}
	if (json_object_size(v) == 0) {
		buf_puts(b, "{}");
		return;
	}
	snprintf(in1, sizeof(in1), "%s%s", indent, unit);
	buf_puts(b, "{");
	json_object_foreach((json_t *)(uintptr_t)v, k, x) {
		if (multiline) {
			buf_puts(b, first ? "" : ",");
			buf_puts(b, nl);
			buf_puts(b, in1);
		} else if (!first)
			buf_puts(b, ", ");
		first = false;
		put_quoted(b, k);
		buf_puts(b, ": ");
		put_value(b, x, in1, unit, nl, multiline);
	}
	if (multiline) {
		buf_puts(b, nl);
		buf_puts(b, indent);
	}
	buf_puts(b, "}");
}

/*
 * Writes the members of add into b: each but the first after a comma, the
 * first too when lead; in multiline layout each on a new line in
 * indentation mi (the first only when lead or first_nl), else after a
 * space.
 */
static void
put_members(struct buf *b, const struct manifest *m, const json_t *add,
    const char *mi, bool multiline, bool lead, bool first_nl)
{
	const char	*k;
	json_t		*v;
	bool		 sep = lead;

	json_object_foreach((json_t *)(uintptr_t)add, k, v) {
		if (sep)
			buf_puts(b, ",");
		if (multiline && (sep || first_nl)) {
			buf_puts(b, m->newline);
			buf_puts(b, mi);
		} else if (sep)
			buf_puts(b, " ");
		sep = true;
		put_quoted(b, k);
		buf_puts(b, ": ");
		put_value(b, v, mi, m->indent, m->newline, multiline);
	}
}

/*
 * The edits that take member rm (LOCATE_NONE: none) out of object obj and
 * add the members of add (NULL: none) after its last one.  Offsets come
 * from the locator's nodes, not spans: apply may call this once per tuple
 * of a large file, and a span costs a line and column.
 */
static int
update_members(struct edits *e, uint32_t obj, uint32_t rm,
    const json_t *add)
{
	const struct manifest	*m = e->m;
	const struct lnode	*o = &m->loc.nodes[obj], *last = NULL, *r;
	const struct lnode	*other;
	uint32_t		 c, prev = LOCATE_NONE, next = LOCATE_NONE;
	struct buf		 b = BUF_INIT;
	char			 mi[PREFIX_MAX + 16], pi[PREFIX_MAX];
	bool			 multiline, adding;

	adding = add != NULL && json_object_size(add) > 0;
	for (c = locator_next(&m->loc, obj, LOCATE_NONE); c != LOCATE_NONE;
	    c = locator_next(&m->loc, obj, c)) {
		if (c == rm)
			prev = last != NULL ? (uint32_t)(last - m->loc.nodes) :
			    LOCATE_NONE;
		else if (rm != LOCATE_NONE && last == &m->loc.nodes[rm])
			next = c;
		last = &m->loc.nodes[c];
	}
	multiline = memchr(m->text + o->val_off, '\n', o->val_end -
	    o->val_off) != NULL;
	if (rm != LOCATE_NONE) {
		if (m->loc.nodes[rm].parent != obj)
			return (-1);
		r = &m->loc.nodes[rm];
		if (prev == LOCATE_NONE && next == LOCATE_NONE) {
			/*
			 * The only member: the object empties, or rm's place
			 * takes the new members, in its line's indentation.
			 */
			if (!adding) {
				buf_puts(&b, "{}");
				return (add_edit(e, o->val_off,
				    o->val_end - o->val_off, &b));
			}
			if (multiline)
				line_prefix(e, r->key_off, mi, sizeof(mi));
			buf_puts(&b, "");
			put_members(&b, m, add, mi, multiline, false, false);
			return (add_edit(e, r->key_off, r->val_end - r->key_off,
			    &b));
		}
		/*
		 * After a member: from its value's end, comma and all, to
		 * rm's end; else from rm's key to the next member's key.
		 */
		buf_puts(&b, "");
		if (prev != LOCATE_NONE) {
			other = &m->loc.nodes[prev];
			if (add_edit(e, other->val_end, r->val_end -
			    other->val_end, &b) == -1)
				return (-1);
		} else {
			other = &m->loc.nodes[next];
			if (add_edit(e, r->key_off, other->key_off - r->key_off,
			    &b) == -1)
				return (-1);
		}
		b = (struct buf)BUF_INIT;
	}
	if (!adding)
		return (0);
	if (last != NULL) {
		/* After the last member, in the way the members are set. */
		if (multiline)
			line_prefix(e, last->key_off, mi, sizeof(mi));
		put_members(&b, m, add, mi, multiline, true, false);
		return (add_edit(e, last->val_end, 0, &b));
	}
	/* An empty object: multi-line if the file is (asked once). */
	if (!e->nl_known) {
		e->nl_known = true;
		e->file_nl = memchr(m->text + m->loc.nodes[0].val_off, '\n',
		    m->loc.nodes[0].val_end - m->loc.nodes[0].val_off) != NULL;
	}
	multiline = obj == 0 || e->file_nl;
	pi[0] = mi[0] = '\0';
	if (multiline) {
		line_prefix(e, o->val_off, pi, sizeof(pi));
		snprintf(mi, sizeof(mi), "%s%s", pi, m->indent);
	}
	buf_puts(&b, "{");
	put_members(&b, m, add, mi, multiline, false, true);
	if (multiline) {
		buf_puts(&b, m->newline);
		buf_puts(&b, pi);
	}
	buf_puts(&b, "}");
	return (add_edit(e, o->val_off, o->val_end - o->val_off, &b));
}

int
edits_add_members(struct edits *e, const char *obj, const json_t *members)
{
	const struct span	*sp;

	if ((sp = manifest_span(e->m, obj)) == NULL || sp->kind != SPAN_OBJECT)
		return (-1);
	return (update_members(e, sp->node, LOCATE_NONE, members));
}

int
edits_update_members(struct edits *e, uint32_t obj, uint32_t rm,
    const json_t *add)
{
	if (obj >= e->m->loc.nnodes || e->m->loc.nodes[obj].kind != SPAN_OBJECT ||
	    (rm != LOCATE_NONE && rm >= e->m->loc.nnodes))
		return (-1);
	return (update_members(e, obj, rm, add));
}

int
edits_replace_string(struct edits *e, const char *pointer, const char *value)
{
	const struct span	*sp;
	struct buf		 b = BUF_INIT;

	if ((sp = manifest_span(e->m, pointer)) == NULL)
		return (-1);
	put_quoted(&b, value);
	return (add_edit(e, sp->val_off, sp->val_end - sp->val_off, &b));
}

static int
cmp_edit(const void *a, const void *b)
{
	const struct edit	*x = a, *y = b;

	/* Insertions at one place keep the order they were made in. */
	if (x->off != y->off)
		return ((x->off > y->off) - (x->off < y->off));
	return ((x->seq > y->seq) - (x->seq < y->seq));
}

int
edits_apply(const struct edits *e, char **out, size_t *len)
{
	struct edit	*v;
	struct buf	 b = BUF_INIT;
	size_t		 i, at = 0;

	if ((v = calloc(e->n + 1, sizeof(*v))) == NULL)
		return (-1);
	if (e->n > 0)
		memcpy(v, e->v, e->n * sizeof(*v));
	qsort(v, e->n, sizeof(*v), cmp_edit);
	for (i = 0; i < e->n; i++) {
		if (v[i].off < at) {
			free(v);
			free(b.s);
			return (-1);
		}
		buf_put(&b, e->m->text + at, v[i].off - at);
		buf_puts(&b, v[i].ins);
		at = v[i].off + v[i].del;
	}
	buf_put(&b, e->m->text + at, e->m->len - at);
	buf_put(&b, "", 0);
	free(v);
	if (!b.ok) {
		free(b.s);
		return (-1);
	}
	*out = b.s;
	*len = b.len;
	return (0);
}
