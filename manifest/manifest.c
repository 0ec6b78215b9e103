#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <stdbool.h>

#include "manifest/manifest.h"

#define READ_CHUNK	65536

void
manifest_release(struct manifest *m)
{
	free(m->path);
	free(m->text);
	json_decref(m->root);
	locator_release(&m->loc);
	memset(m, 0, sizeof(*m));
}

static const char *const field_names[FIELD_COUNT] = {
	[FIELD_PASSTHROUGH] = "ManifestPassthrough",
	[FIELD_RUNCONFIG] = "RunConfig",
	[FIELD_CLOUDCONFIG] = "CloudConfig",
};

const char *
manifest_field_name(enum manifest_field f)
{
	return (field_names[f]);
}

/*
 * One level of the file's indentation, from the line of the root object's
 * first member; two spaces when the file gives no example.
 */
static void
detect_indent(struct manifest *m)
{
	const struct lnode	*first;
	const char		*line;
	unsigned int		 kline, kcol;
	uint32_t		 i;
	size_t			 n = 0;

	snprintf(m->indent, sizeof(m->indent), "  ");
	if ((i = locator_next(&m->loc, 0, LOCATE_NONE)) == LOCATE_NONE)
		return;
	first = &m->loc.nodes[i];
	if (first->key_off == LOCATE_NONE)
		return;
	locator_pos(&m->loc, first->key_off, &kline, &kcol);
	line = m->text + first->key_off;
	while (line > m->text && line[-1] != '\n')
		line--;
	if (line == m->text && kline == 1)
		return;		/* all on one line */
	if (line[0] == '\t') {
		snprintf(m->indent, sizeof(m->indent), "\t");
		return;
	}
	while (line[n] == ' ' && n < sizeof(m->indent) - 1)
		n++;
	if (n > 0 && line + n == m->text + first->key_off) {
		memset(m->indent, ' ', n);
		m->indent[n] = '\0';
	}
}

/* The next character of UTF-8 s (valid: the locator checked), folded. */
static unsigned long
fold_next(const char **s, const char *end)
{
	const unsigned char	*p = (const unsigned char *)*s;
	unsigned long		 cp;
	size_t			 n, i;

	if (p[0] < 0x80) {
		*s += 1;
		return (p[0] >= 'a' && p[0] <= 'z' ? p[0] - 'a' + 'A' : p[0]);
	}
	n = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	if ((size_t)(end - *s) < n) {
		*s = end;
		return (0xfffd);
	}
	cp = p[0] & (0x7f >> n);
	for (i = 1; i < n; i++)
		cp = (cp << 6) | (p[i] & 0x3f);
	*s += n;
	/*
	 * Go folds each rune to the smallest of its unicode.SimpleFold orbit;
	 * the only ones outside ASCII that reach an ASCII letter are the
	 * Kelvin sign (k) and the long s.  Other letters fold among
	 * themselves, which only matters for names with such letters, and
	 * ops' field names have none.
	 */
	if (cp == 0x212a)
		return ('K');
	if (cp == 0x17f)
		return ('S');
	return (cp);
}

int
manifest_fold_eq(const char *a, size_t alen, const char *b)
{
	const char	*ae = a + alen, *be = b + strlen(b);

	while (a < ae && b < be)
		if (fold_next(&a, ae) != fold_next(&b, be))
			return (0);
	return (a == ae && b == be);
}

/* The members of ops structs mqplan reads: the tree holds these only. */
static const char *const read_members[FIELD_COUNT][4] = {
	[FIELD_RUNCONFIG] = { "IPAddress", "NetMask", "Gateway", NULL },
	[FIELD_CLOUDCONFIG] = { "Platform", "Flavor", "ConfidentialVM", NULL },
};

json_t *
manifest_json(const struct manifest *m, uint32_t node)
{
	const struct lnode	*n;
	json_error_t		 jerr;
	json_t			*v;
	char			*s;
	size_t			 len;

	if (node == LOCATE_NONE || node >= m->loc.nnodes)
		return (NULL);
	n = &m->loc.nodes[node];
	switch (n->kind) {
	case SPAN_OBJECT:
		return (json_object());
	case SPAN_ARRAY:
		return (json_array());
	case SPAN_STRING:
		if ((s = locator_string(&m->loc, node, &len)) == NULL)
			return (NULL);
		v = json_stringn(s, len);
		free(s);
		return (v);
	case SPAN_NUMBER:
		/* Go reads any number (as a float64); so does this, at worst. */
		if ((v = json_loadb(m->text + n->val_off, n->val_end -
		    n->val_off, JSON_DECODE_ANY, &jerr)) != NULL ||
		    (v = json_loadb(m->text + n->val_off, n->val_end -
		    n->val_off, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL,
		    &jerr)) != NULL)
			return (v);
		return (json_real(0));
	default:
		return (m->text[n->val_off] == 't' ? json_true() :
		    m->text[n->val_off] == 'f' ? json_false() : json_null());
	}
}

uint32_t
manifest_ops_member(const struct manifest *m, enum manifest_field f,
    const char *name)
{
	const struct manifest_variants	*fv = &m->fields[f];
	uint32_t			 c, last = LOCATE_NONE;
	char				*key;
	size_t				 j, klen;

	/* Each variant in turn, each member in turn, as Go decodes them. */
	for (j = 0; j < fv->n; j++) {
		for (c = locator_next(&m->loc, fv->node[j], LOCATE_NONE);
		    c != LOCATE_NONE; c = locator_next(&m->loc, fv->node[j], c)) {
			if ((key = locator_key(&m->loc, c, &klen)) == NULL)
				return (LOCATE_NONE);
			if (manifest_fold_eq(key, klen, name))
				last = c;
			free(key);
		}
	}
	return (last);
}

uint32_t
manifest_passthrough_next(const struct manifest *m, uint32_t prev)
{
	const struct manifest_variants	*fv = &m->fields[FIELD_PASSTHROUGH];
	uint32_t			 c;
	size_t				 j = 0, k, klen;
	char				*key;
	bool				 later;

	/* A null makes the map nil again (decode.go, literalStore()). */
	for (k = 0; k < fv->n; k++)
		if (m->loc.nodes[fv->node[k]].kind == SPAN_LITERAL &&
		    m->text[m->loc.nodes[fv->node[k]].val_off] == 'n')
			j = k + 1;
	if (prev != LOCATE_NONE)
		while (j < fv->n && fv->node[j] != m->loc.nodes[prev].parent)
			j++;
	for (; j < fv->n; j++, prev = LOCATE_NONE) {
		for (c = locator_next(&m->loc, fv->node[j], prev);
		    c != LOCATE_NONE; c = locator_next(&m->loc, fv->node[j], c)) {
			if (j + 1 == fv->n)
				return (c);
			/* A later variant's member of this key wins. */
			if ((key = locator_key(&m->loc, c, &klen)) == NULL)
				return (LOCATE_NONE);
			later = false;
			for (k = j + 1; k < fv->n && !later; k++)
				later = locator_member(&m->loc, fv->node[k], key,
				    klen) != LOCATE_NONE;
			free(key);
			if (!later)
				return (c);
		}
	}
	return (LOCATE_NONE);
}

/*
 * The tree of what mqplan reads of RunConfig and CloudConfig, as ops
 * decodes them: jansson holds nothing else, so a hostile config's bulk
 * costs only the locator's nodes.
 */
static int
build_root(struct manifest *m, char *err, size_t errlen)
{
	struct manifest_variants	*fv;
	const struct span		*sp;
	json_t				*obj, *v;
	char				*key = NULL, *mk = NULL;
	const char			*name;
	size_t				 klen, f, i;
	uint32_t			 c, last;
	int				 ret = -1;

	if ((m->root = json_object()) == NULL)
		goto nomem;
	for (c = locator_next(&m->loc, 0, LOCATE_NONE); c != LOCATE_NONE;
	    c = locator_next(&m->loc, 0, c)) {
		free(key);
		if ((key = locator_key(&m->loc, c, &klen)) == NULL)
			goto nomem;
		for (f = 0; f < FIELD_COUNT; f++)
			if (manifest_fold_eq(key, klen, field_names[f]))
				break;
		if (f == FIELD_COUNT)
			continue;
		fv = &m->fields[f];
		if (fv->n == MANIFEST_VARIANTS_MAX) {
			sp = manifest_node_span(m, c);
			snprintf(err, errlen, "%s:%u:%u: more than %d spellings "
			    "of %s: refused", m->path, sp ? sp->key_line : 1,
			    sp ? sp->key_col : 1, MANIFEST_VARIANTS_MAX,
			    field_names[f]);
			goto out;
		}
		fv->node[fv->n++] = c;
	}
	for (f = FIELD_RUNCONFIG; f < FIELD_COUNT; f++) {
		fv = &m->fields[f];
		if (fv->n == 0)
			continue;
		last = fv->node[fv->n - 1];
		free(key);
		if ((key = locator_key(&m->loc, last, NULL)) == NULL)
			goto nomem;
		if (m->loc.nodes[last].kind != SPAN_OBJECT) {
			if ((v = manifest_json(m, last)) == NULL ||
			    json_object_set_new(m->root, key, v) == -1)
				goto nomem;
			continue;
		}
		if ((obj = json_object()) == NULL ||
		    json_object_set_new(m->root, key, obj) == -1)
			goto nomem;
		for (i = 0; (name = read_members[f][i]) != NULL; i++) {
			if ((c = manifest_ops_member(m, (enum manifest_field)f,
			    name)) == LOCATE_NONE)
				continue;
			free(mk);
			if ((mk = locator_key(&m->loc, c, NULL)) == NULL ||
			    (v = manifest_json(m, c)) == NULL ||
			    json_object_set_new(obj, mk, v) == -1)
				goto nomem;
		}
	}
	ret = 0;
	goto out;
nomem:
	snprintf(err, errlen, "%s: out of memory", m->path);
out:
	free(key);
	free(mk);
	return (ret);
}

/* Takes text (len bytes, with room for a NUL after them). */
static int
parse_owned(struct manifest *m, const char *name, char *text, size_t len,
    char *err, size_t errlen)
{
	const char	*nl;
	char		 why[256];

	memset(m, 0, sizeof(*m));
	m->text = text;
	if ((m->path = strdup(name)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", name);
		goto fail;
	}
	m->text[len] = '\0';
	m->len = len;
	if (len == 0) {
		snprintf(err, errlen, "%s: empty file, not a JSON object",
		    name);
		goto fail;
	}
	/* The locator checks the whole text: syntax, UTF-8, duplicates. */
	if (locator_scan(&m->loc, m->text, len, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "%s:%s", name, why);
		goto fail;
	}
	if (m->loc.nodes[0].kind != SPAN_OBJECT) {
		snprintf(err, errlen, "%s:1:1: the top level is not a JSON "
		    "object", name);
		goto fail;
	}
	if (build_root(m, err, errlen) == -1)
		goto fail;
	detect_indent(m);
	nl = memchr(m->text, '\n', len);
	snprintf(m->newline, sizeof(m->newline), "%s",
	    nl != NULL && nl > m->text && nl[-1] == '\r' ? "\r\n" : "\n");
	return (0);
fail:
	manifest_release(m);
	return (-1);
}

int
manifest_parse(struct manifest *m, const char *name, const char *text,
    size_t len, char *err, size_t errlen)
{
	char	*copy;

	memset(m, 0, sizeof(*m));
	if ((copy = malloc(len + 1)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", name);
		return (-1);
	}
	memcpy(copy, text, len);
	return (parse_owned(m, name, copy, len, err, errlen));
}

/* Reads fd to its end and parses what it holds; fd is left open. */
static int
read_parse(struct manifest *m, const char *path, int fd, char *err,
    size_t errlen)
{
	char		*buf = NULL, *nbuf;
	size_t		 len = 0, cap = 0;
	ssize_t		 n;
	int		 ret = -1;

	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : READ_CHUNK;
			if ((nbuf = realloc(buf, cap)) == NULL) {
				snprintf(err, errlen, "%s: out of memory", path);
				goto out;
			}
			buf = nbuf;
		}
		n = read(fd, buf + len, cap - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > MANIFEST_SIZE_MAX) {
			snprintf(err, errlen, "%s: larger than %u bytes, not an "
			    "ops config", path, MANIFEST_SIZE_MAX);
			goto out;
		}
	}
	/*
	 * The buffer becomes the manifest's text, with no second copy; the
	 * loop grew it before the read that found the end, so the NUL fits.
	 */
	nbuf = buf;
	buf = NULL;
	if (parse_owned(m, path, nbuf, len, err, errlen) == -1)
		goto out;
	ret = 0;
out:
	free(buf);
	return (ret);
}

int
manifest_read_fd(struct manifest *m, const char *path, int fd, char *err,
    size_t errlen)
{
	struct stat	st;

	memset(m, 0, sizeof(*m));
	if (fstat(fd, &st) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (read_parse(m, path, fd, err, errlen) == -1)
		return (-1);
	m->st = st;
	return (0);
}

int
manifest_read(struct manifest *m, const char *path, char *err, size_t errlen)
{
	struct stat	 st;
	int		 fd, fl, ret = -1;

	memset(m, 0, sizeof(*m));
	memset(&st, 0, sizeof(st));
	if (strcmp(path, "-") == 0)
		return (read_parse(m, "<stdin>", STDIN_FILENO, err, errlen));
	/*
	 * Without blocking: opening a FIFO nobody writes to would wait for
	 * a writer forever.  Reading one then ends at once.
	 */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fstat(fd, &st) == -1 || (fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", path);
		goto out;
	}
	if (read_parse(m, path, fd, err, errlen) == -1)
		goto out;
	m->st = st;
	ret = 0;
out:
	close(fd);
	return (ret);
}

json_t *
manifest_get(const json_t *obj, const char *key, const char **real)
{
	const char	*k, *rk = NULL;
	json_t		*v, *found = NULL;

	if (!json_is_object(obj))
		return (NULL);
	/*
	 * Go decodes every member whose key folds to the field, in order, so
	 * the last one is what ops keeps (an exact match is only preferred
	 * in choosing the field, and ops has no two that fold alike).
	 */
	json_object_foreach((json_t *)(uintptr_t)obj, k, v) {
		if (manifest_fold_eq(k, strlen(k), key)) {
			found = v;
			rk = k;
		}
	}
	if (found != NULL && real != NULL)
		*real = rk;
	return (found);
}

const char *
manifest_node_kind(const struct manifest *m, uint32_t node)
{
	const struct lnode	*n = &m->loc.nodes[node];

	switch (n->kind) {
	case SPAN_OBJECT:
		return ("an object");
	case SPAN_ARRAY:
		return ("an array");
	case SPAN_NUMBER:
		return ("a number");
	case SPAN_STRING:
		return ("a string");
	default:
		return (m->text[n->val_off] == 'n' ? "null" : "a boolean");
	}
}

const char *
manifest_json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return ("an object");
	case JSON_ARRAY:
		return ("an array");
	case JSON_INTEGER:
	case JSON_REAL:
		return ("a number");
	case JSON_TRUE:
	case JSON_FALSE:
		return ("a boolean");
	case JSON_NULL:
		return ("null");
	default:
		return ("a string");
	}
}

const struct span *
manifest_span(const struct manifest *m, const char *pointer)
{
	return (locator_find(&m->loc, pointer));
}

const struct span *
manifest_node_span(const struct manifest *m, uint32_t node)
{
	if (node == LOCATE_NONE)
		return (NULL);
	return (locator_span(&m->loc, node));
}

uint32_t
manifest_field_node(const struct manifest *m, enum manifest_field f)
{
	const struct manifest_variants	*fv = &m->fields[f];

	return (fv->n > 0 ? fv->node[fv->n - 1] : LOCATE_NONE);
}

uint32_t
manifest_member_node(const struct manifest *m, enum manifest_field f,
    const char *key)
{
	const struct manifest_variants	*fv = &m->fields[f];
	uint32_t			 c;
	size_t				 j;

	for (j = fv->n; j-- > 0;) {
		/* Past a null (which empties a map), nothing is kept. */
		if (m->loc.nodes[fv->node[j]].kind == SPAN_LITERAL &&
		    m->text[m->loc.nodes[fv->node[j]].val_off] == 'n')
			break;
		if ((c = locator_member(&m->loc, fv->node[j], key,
		    strlen(key))) != LOCATE_NONE)
			return (c);
	}
	return (LOCATE_NONE);
}
