#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common/common.h"
#include "platforms/aws/instance_type.h"
#include "platforms/catalog.h"
#include "platforms/gcp/machine_type.h"

#define SUGGEST_MAX	3

void
catalog_init(struct catalog *c)
{
	memset(c, 0, sizeof(*c));
}

void
catalog_release(struct catalog *c)
{
	free(c->types);
	catalog_init(c);
}

static int
catalog_add(struct catalog *c, const struct instance_type *it)
{
	struct instance_type	*t;

	if ((t = array_grow(c->types, c->ntypes, &c->cap, sizeof(*t),
	    64)) == NULL)
		return (-1);
	c->types = t;
	c->types[c->ntypes++] = *it;
	return (0);
}

/* The readers say "catalog file: FIELD"; users are told which file. */
static void
name_file(struct provenance *p, const char *path)
{
	char	tail[sizeof(p->source)];

	if (strncmp(p->source, "catalog file: ", 14) != 0)
		return;
	snprintf(tail, sizeof(tail), "%s", p->source + 14);
	snprintf(p->source, sizeof(p->source), "catalog %.80s: %.160s", path,
	    tail);
}

/*
 * Parses one element with the platform's reader and appends it; "where" is
 * the element's place in the file for messages.
 */
static int
load_one(struct catalog *c, const char *path, const char *platform,
    const json_t *obj, const char *where, char *err, size_t errlen)
{
	struct instance_type	it;
	char			 why[192];
	int			 rc;

	instance_type_init(&it);
	if (strcmp(platform, "gcp") == 0)
		rc = gcp_machine_type_from_json(obj, &it, why, sizeof(why));
	else
		rc = aws_instance_type_from_json(obj, &it, why, sizeof(why));
	if (rc != 0) {
		snprintf(err, errlen, "%s: %s: %s", path, where, why);
		return (-1);
	}
	snprintf(it.source, sizeof(it.source), "catalog %s", path);
	name_file(&it.vcpus_from, path);
	name_file(&it.nics_from, path);
	name_file(&it.ena_from, path);
	name_file(&it.max_nics_from, path);
	if (catalog_add(c, &it) == -1) {
		snprintf(err, errlen, "%s: out of memory", path);
		return (-1);
	}
	return (0);
}

int
catalog_load(struct catalog *c, int fd, const char *path, char *err,
    size_t errlen)
{
	json_error_t	 jerr;
	json_t		*root, *list, *elem;
	const char	*platform;
	char		 where[64];
	size_t		 i, before = c->ntypes;
	int		 ret = -1;

	root = json_loadfd(fd, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		if (jerr.line > 0)
			snprintf(err, errlen, "%s:%d:%d: %s", path, jerr.line,
			    jerr.column, jerr.text);
		else
			snprintf(err, errlen, "%s: %s", path, jerr.text);
		return (-1);
	}

	/*
	 * gcloud prints an array of machine types (or one object for
	 * describe); aws prints {"InstanceTypes": [...]}.
	 */
	list = NULL;
	if (json_is_array(root)) {
		platform = "gcp";
		list = root;
	} else if (json_is_object(root) &&
	    json_is_array(json_object_get(root, "InstanceTypes"))) {
		platform = "aws";
		list = json_object_get(root, "InstanceTypes");
	} else if (json_is_object(root) &&
	    json_object_get(root, "guestCpus") != NULL) {
		ret = load_one(c, path, "gcp", root, "machine type", err,
		    errlen);
		goto out;
	} else if (json_is_object(root) &&
	    json_object_get(root, "InstanceType") != NULL) {
		ret = load_one(c, path, "aws", root, "instance type", err,
		    errlen);
		goto out;
	} else {
		snprintf(err, errlen, "%s: neither `gcloud compute "
		    "machine-types list --format=json` nor `aws ec2 "
		    "describe-instance-types` output", path);
		goto out;
	}
	if (json_array_size(list) == 0) {
		snprintf(err, errlen, "%s: no instance types in the file",
		    path);
		goto out;
	}
	json_array_foreach(list, i, elem) {
		snprintf(where, sizeof(where), "%s[%zu]",
		    list == root ? "element" : "InstanceTypes", i);
		if (load_one(c, path, platform, elem, where, err,
		    errlen) == -1)
			goto out;
	}
	ret = 0;
out:
	json_decref(root);
	if (ret == -1) {
		c->ntypes = before;
		return (-1);
	}
	return ((int)(c->ntypes - before));
}

static int
builtin_lookup(const char *platform, const char *name,
    struct instance_type *it, char *err, size_t errlen)
{
	if (strcmp(platform, "gcp") == 0)
		return (gcp_machine_type_lookup(name, it, err, errlen));
	return (aws_instance_type_lookup(name, it, err, errlen));
}

int
catalog_lookup(const struct catalog *c, const char *platform,
    const char *name, struct instance_type *it, char *err, size_t errlen)
{
	size_t	i;

	/* The newest file wins, as the last --catalog given should. */
	for (i = c->ntypes; i-- > 0;) {
		if (strcmp(c->types[i].platform, platform) == 0 &&
		    strcmp(c->types[i].name, name) == 0) {
			*it = c->types[i];
			return (0);
		}
	}
	instance_type_init(it);
	return (builtin_lookup(platform, name, it, err, errlen));
}

size_t
catalog_distance(const char *a, const char *b, size_t limit)
{
	size_t	la = strlen(a), lb = strlen(b);

	if (la > INSTANCE_TYPE_NAME_MAX || lb > INSTANCE_TYPE_NAME_MAX)
		return (limit + 1);
	return (edit_distance(a, la, b, lb, limit, false));
}

struct suggest {
	const char	*name;
	size_t		 limit;
	char		 best[SUGGEST_MAX][INSTANCE_TYPE_NAME_MAX];
	size_t		 dist[SUGGEST_MAX];
	size_t		 n;
};

static int
suggest_one(const struct instance_type *it, void *arg)
{
	struct suggest	*s = arg;
	size_t		 d, i, j;

	d = catalog_distance(s->name, it->name, s->limit);
	if (d > s->limit)
		return (0);
	for (i = 0; i < s->n; i++)
		if (strcmp(s->best[i], it->name) == 0)
			return (0);
	/* Keep the SUGGEST_MAX closest, in order of distance. */
	for (i = 0; i < s->n && s->dist[i] <= d; i++)
		;
	if (i == SUGGEST_MAX)
		return (0);
	if (s->n < SUGGEST_MAX)
		s->n++;
	for (j = s->n - 1; j > i; j--) {
		memcpy(s->best[j], s->best[j - 1], sizeof(s->best[j]));
		s->dist[j] = s->dist[j - 1];
	}
	snprintf(s->best[i], sizeof(s->best[i]), "%s", it->name);
	s->dist[i] = d;
	return (0);
}

void
catalog_suggest(const struct catalog *c, const char *platform,
    const char *name, char *buf, size_t len)
{
	struct suggest	s;
	size_t		i, off = 0;

	memset(&s, 0, sizeof(s));
	s.name = name;
	/* Two edits for short names, more for long ones. */
	s.limit = strlen(name) / 5 > 2 ? strlen(name) / 5 : 2;
	catalog_foreach(c, platform, suggest_one, &s);
	if (len > 0)
		buf[0] = '\0';
	for (i = 0; i < s.n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
		    i == 0 ? "" : (i + 1 == s.n ? " or " : ", "), s.best[i]);
}

struct unshadowed {
	const struct catalog	*c;
	instance_type_fn	 fn;
	void			*arg;
};

/* Skips built-in rows that a catalog file replaced. */
static int
builtin_unless_loaded(const struct instance_type *it, void *arg)
{
	struct unshadowed	*u = arg;
	size_t			 i;

	for (i = 0; i < u->c->ntypes; i++)
		if (strcmp(u->c->types[i].platform, it->platform) == 0 &&
		    strcmp(u->c->types[i].name, it->name) == 0)
			return (0);
	return (u->fn(it, u->arg));
}

int
catalog_foreach(const struct catalog *c, const char *platform,
    instance_type_fn fn, void *arg)
{
	struct unshadowed	 u = { c, fn, arg };
	size_t			 i;
	int			 rc;

	for (i = 0; i < c->ntypes; i++) {
		if (platform != NULL &&
		    strcmp(c->types[i].platform, platform) != 0)
			continue;
		if ((rc = fn(&c->types[i], arg)) != 0)
			return (rc);
	}
	if (platform == NULL || strcmp(platform, "gcp") == 0)
		if ((rc = gcp_machine_type_foreach(builtin_unless_loaded,
		    &u)) != 0)
			return (rc);
	if (platform == NULL || strcmp(platform, "aws") == 0)
		if ((rc = aws_instance_type_foreach(builtin_unless_loaded,
		    &u)) != 0)
			return (rc);
	return (0);
}

const char *
catalog_guess_platform(const char *name)
{
	return (strchr(name, '.') != NULL ? "aws" : "gcp");
}
