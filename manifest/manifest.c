#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

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

/*
 * One level of the file's indentation, from the line of the root object's
 * first member; two spaces when the file gives no example.
 */
static void
detect_indent(struct manifest *m)
{
	const struct span	*first = NULL;
	const char		*line;
	size_t			 i, n = 0;

	snprintf(m->indent, sizeof(m->indent), "  ");
	for (i = 0; i < m->loc.nspans; i++) {
		if (m->loc.spans[i].depth == 1) {
			first = &m->loc.spans[i];
			break;
		}
	}
	if (first == NULL || first->key_off == (size_t)-1)
		return;
	line = m->text + first->key_off;
	while (line > m->text && line[-1] != '\n')
		line--;
	if (line == m->text && first->key_line == 1)
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

int
manifest_parse(struct manifest *m, const char *name, const char *text,
    size_t len, char *err, size_t errlen)
{
	json_error_t	 jerr;
	const char	*nl;
	char		 why[192];

	memset(m, 0, sizeof(*m));
	if ((m->path = strdup(name)) == NULL ||
	    (m->text = malloc(len + 1)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", name);
		goto fail;
	}
	memcpy(m->text, text, len);
	m->text[len] = '\0';
	m->len = len;
	if (len == 0) {
		snprintf(err, errlen, "%s: empty file, not a JSON object",
		    name);
		goto fail;
	}
	/* The locator first: its positions count characters, not bytes. */
	if (locator_scan(&m->loc, m->text, len, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "%s:%s", name, why);
		goto fail;
	}
	m->root = json_loadb(m->text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (m->root == NULL) {
		snprintf(err, errlen, "%s:%d:%d: %s", name, jerr.line,
		    jerr.column, jerr.text);
		goto fail;
	}
	if (!json_is_object(m->root)) {
		snprintf(err, errlen, "%s:1:1: the top level is not a JSON "
		    "object", name);
		goto fail;
	}
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
manifest_read(struct manifest *m, const char *path, char *err, size_t errlen)
{
	struct stat	 st;
	char		*buf = NULL, *nbuf;
	size_t		 len = 0, cap = 0;
	ssize_t		 n;
	int		 fd, ret = -1;

	memset(m, 0, sizeof(*m));
	memset(&st, 0, sizeof(st));
	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		path = "<stdin>";
	} else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fd != STDIN_FILENO) {
		if (fstat(fd, &st) == -1) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "%s: is a directory", path);
			goto out;
		}
	}
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
	if (manifest_parse(m, path, buf ? buf : "", len, err, errlen) == -1)
		goto out;
	m->st = st;
	ret = 0;
out:
	free(buf);
	if (fd != STDIN_FILENO)
		close(fd);
	return (ret);
}

json_t *
manifest_get(const json_t *obj, const char *key, const char **real)
{
	const char	*k;
	json_t		*v;

	if (!json_is_object(obj))
		return (NULL);
	/* An exact match wins over a case-folded one, as in Go. */
	if ((v = json_object_get(obj, key)) != NULL) {
		if (real != NULL)
			*real = key;
		return (v);
	}
	json_object_foreach((json_t *)(uintptr_t)obj, k, v) {
		if (strcasecmp(k, key) == 0) {
			if (real != NULL)
				*real = k;
			return (v);
		}
	}
	return (NULL);
}

const struct span *
manifest_span(const struct manifest *m, const char *pointer)
{
	return (locator_find(&m->loc, pointer));
}
