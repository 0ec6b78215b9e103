/*
 * The YAML policy file (mqplan-policy(5)), read with libyaml's document
 * API because every error must name the line and column of the offending
 * node, which the loaded document keeps in each node's start mark.
 *
 *	version: 1
 *	reserve-cpus: 1
 *	rules:
 *	  gcp:
 *	    virtio-net: { cap: 16 }
 *	interfaces:
 *	  en1: { io-queues: 4 }
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "driver/io_queues.h"
#include "policy/policy.h"

struct loader {
	yaml_document_t	 doc;
	const char	*path;
	char		*err;
	size_t		 errlen;
};

static int	 fail(struct loader *, const yaml_node_t *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static int
fail(struct loader *l, const yaml_node_t *n, const char *fmt, ...)
{
	char	msg[256];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n != NULL)
		snprintf(l->err, l->errlen, "%s:%zu:%zu: %s", l->path,
		    n->start_mark.line + 1, n->start_mark.column + 1, msg);
	else
		snprintf(l->err, l->errlen, "%s: %s", l->path, msg);
	return (-1);
}

static void
where(const struct loader *l, const yaml_node_t *n, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%zu:%zu", l->path, n->start_mark.line + 1,
	    n->start_mark.column + 1);
}

static const char *
scalar(const yaml_node_t *n)
{
	return ((const char *)n->data.scalar.value);
}

static const char *
node_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE:
		return ("a scalar");
	case YAML_SEQUENCE_NODE:
		return ("a list");
	case YAML_MAPPING_NODE:
		return ("a mapping");
	default:
		return ("nothing");
	}
}

/*
 * Checks that n is a mapping whose keys are scalars, each once, and each
 * one of the NULL-terminated keys (NULL: any key).
 */
static int
check_mapping(struct loader *l, yaml_node_t *n, const char *what,
    const char *const *keys)
{
	yaml_node_pair_t	*a, *b;
	yaml_node_t		*ka, *kb;
	const char *const	*k;
	char			 list[160];
	size_t			 off;

	if (n->type != YAML_MAPPING_NODE)
		return (fail(l, n, "%s must be a mapping, not %s", what,
		    node_kind(n)));
	for (a = n->data.mapping.pairs.start; a < n->data.mapping.pairs.top;
	    a++) {
		ka = yaml_document_get_node(&l->doc, a->key);
		if (ka->type != YAML_SCALAR_NODE)
			return (fail(l, ka, "keys of %s must be scalars",
			    what));
		for (b = n->data.mapping.pairs.start; b < a; b++) {
			kb = yaml_document_get_node(&l->doc, b->key);
			if (kb->type == YAML_SCALAR_NODE &&
			    strcmp(scalar(ka), scalar(kb)) == 0)
				return (fail(l, ka, "duplicate key '%s' in %s",
				    scalar(ka), what));
		}
		if (keys == NULL)
			continue;
		for (k = keys; *k != NULL; k++)
			if (strcmp(*k, scalar(ka)) == 0)
				break;
		if (*k != NULL)
			continue;
		list[0] = '\0';
		for (k = keys, off = 0; *k != NULL && off < sizeof(list); k++)
			off += (size_t)snprintf(list + off, sizeof(list) - off,
			    "%s%s", k == keys ? "" : ", ", *k);
		return (fail(l, ka, "unknown key '%s' in %s (known: %s)",
		    scalar(ka), what, list));
	}
	return (0);
}

/* Reads a whole number from lo to hi from a scalar node. */
static int
number(struct loader *l, const yaml_node_t *n, const char *what, uint32_t lo,
    uint32_t hi, uint32_t *out)
{
	const char	*s, *p;
	uint64_t	 v = 0;

	if (n->type != YAML_SCALAR_NODE)
		return (fail(l, n, "%s must be a number, not %s", what,
		    node_kind(n)));
	s = scalar(n);
	if (*s == '\0')
		return (fail(l, n, "%s must be a number, not an empty value",
		    what));
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return (fail(l, n, "%s must be a whole number, not "
			    "'%s'", what, s));
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > hi)
			break;
	}
	if (v < lo || v > hi)
		return (fail(l, n, "%s %s is out of range (%u to %u)", what, s,
		    lo, hi));
	*out = (uint32_t)v;
	return (0);
}

static int
boolean(struct loader *l, const yaml_node_t *n, const char *what, bool *out)
{
	const char	*s;

	if (n->type != YAML_SCALAR_NODE)
		return (fail(l, n, "%s must be true or false, not %s", what,
		    node_kind(n)));
	s = scalar(n);
	if (strcmp(s, "true") == 0)
		*out = true;
	else if (strcmp(s, "false") == 0)
		*out = false;
	else
		return (fail(l, n, "%s must be true or false, not '%s'", what,
		    s));
	return (0);
}

/* Appends "key at FILE:L:C" to the rule's origin, for the trace. */
static void
note_origin(struct loader *l, struct rule *r, const char *key,
    const yaml_node_t *n)
{
	char	at[128];
	size_t	off = strlen(r->origin);

	where(l, n, at, sizeof(at));
	if (off < sizeof(r->origin))
		snprintf(r->origin + off, sizeof(r->origin) - off, "%s%s at %s",
		    off ? ", " : "", key, at);
}

static int
load_rule(struct loader *l, struct rule *r, yaml_node_t *n, const char *what)
{
	static const char *const keys[] = { "share", "divisor", "min", "cap",
	    "custom-max", "guest", NULL };
	yaml_node_pair_t	*pr;
	yaml_node_t		*k, *v;
	const char		*key;
	char			 name[128];
	struct rule		 nr = *r;
	bool			 changed;

	if (check_mapping(l, n, what, keys) == -1)
		return (-1);
	for (pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
	    pr++) {
		k = yaml_document_get_node(&l->doc, pr->key);
		v = yaml_document_get_node(&l->doc, pr->value);
		key = scalar(k);
		snprintf(name, sizeof(name), "%s.%s", what, key);
		if (strcmp(key, "share") == 0) {
			if (boolean(l, v, name, &nr.share) == -1)
				return (-1);
			changed = nr.share != r->share;
		} else if (strcmp(key, "divisor") == 0) {
			if (number(l, v, name, 1, 64, &nr.divisor) == -1)
				return (-1);
			changed = nr.divisor != r->divisor;
		} else if (strcmp(key, "min") == 0) {
			if (number(l, v, name, 1, IO_QUEUES_MAX, &nr.min) == -1)
				return (-1);
			changed = nr.min != r->min;
		} else if (strcmp(key, "cap") == 0) {
			if (number(l, v, name, 1, IO_QUEUES_MAX, &nr.cap) == -1)
				return (-1);
			changed = nr.cap != r->cap;
		} else if (strcmp(key, "custom-max") == 0) {
			if (number(l, v, name, 0, IO_QUEUES_MAX,
			    &nr.custom_max) == -1)
				return (-1);
			changed = nr.custom_max != r->custom_max;
		} else {
			/* "guest": check_mapping() let no other key in. */
			if (v->type != YAML_SCALAR_NODE ||
			    guest_driver_from_name(scalar(v), &nr.guest) == -1)
				return (fail(l, v, "%s must be io-queues, auto "
				    "or single", name));
			changed = nr.guest != r->guest;
		}
		/*
		 * The trace says "rule changed by" only for a value that
		 * differs from what the rule held: restating a default
		 * changes nothing.
		 */
		if (changed)
			note_origin(l, &nr, key, v);
	}
	if (nr.min > nr.cap)
		return (fail(l, n, "%s: min %u is above cap %u", what, nr.min,
		    nr.cap));
	*r = nr;
	return (0);
}

static int
load_rules(struct loader *l, struct policy *p, yaml_node_t *n)
{
	static const char *const platforms[] = { "gcp", "aws", NULL };
	yaml_node_pair_t	*pp, *pn;
	yaml_node_t		*kp, *vp, *kn, *vn;
	enum platform		 plat;
	enum nic_type		 nic;
	struct rule		*r;
	char			 what[64];

	if (check_mapping(l, n, "rules", platforms) == -1)
		return (-1);
	for (pp = n->data.mapping.pairs.start; pp < n->data.mapping.pairs.top;
	    pp++) {
		kp = yaml_document_get_node(&l->doc, pp->key);
		vp = yaml_document_get_node(&l->doc, pp->value);
		platform_from_name(scalar(kp), &plat);
		snprintf(what, sizeof(what), "rules.%s", scalar(kp));
		if (check_mapping(l, vp, what, NULL) == -1)
			return (-1);
		for (pn = vp->data.mapping.pairs.start;
		    pn < vp->data.mapping.pairs.top; pn++) {
			kn = yaml_document_get_node(&l->doc, pn->key);
			vn = yaml_document_get_node(&l->doc, pn->value);
			if (nic_type_from_name(scalar(kn), &nic) == -1 ||
			    (r = policy_rule_mut(p, plat, nic)) == NULL)
				return (fail(l, kn, "no rule for NIC type '%s' "
				    "on %s", scalar(kn), scalar(kp)));
			snprintf(what, sizeof(what), "rules.%s.%s", scalar(kp),
			    scalar(kn));
			if (load_rule(l, r, vn, what) == -1)
				return (-1);
		}
	}
	return (0);
}

static int
load_interfaces(struct loader *l, struct policy *p, yaml_node_t *n)
{
	static const char *const keys[] = { "io-queues", NULL };
	yaml_node_pair_t	*pi;
	yaml_node_t		*ki, *vi, *vq;
	const char		*name;
	char			 what[64], *end = NULL;
	unsigned long		 idx;

	if (check_mapping(l, n, "interfaces", NULL) == -1)
		return (-1);
	for (pi = n->data.mapping.pairs.start; pi < n->data.mapping.pairs.top;
	    pi++) {
		ki = yaml_document_get_node(&l->doc, pi->key);
		vi = yaml_document_get_node(&l->doc, pi->value);
		name = scalar(ki);
		errno = 0;
		idx = 0;
		if (strncmp(name, "en", 2) == 0 && name[2] >= '1' &&
		    name[2] <= '9')
			idx = strtoul(name + 2, &end, 10);
		if (idx == 0 || errno != 0 || *end != '\0' ||
		    idx > FACTS_NICS_MAX)
			return (fail(l, ki, "interface '%s' is not en1 .. "
			    "en%d", name, FACTS_NICS_MAX));
		snprintf(what, sizeof(what), "interfaces.%s", name);
		if (check_mapping(l, vi, what, keys) == -1)
			return (-1);
		if (vi->data.mapping.pairs.top == vi->data.mapping.pairs.start)
			continue;
		vq = yaml_document_get_node(&l->doc,
		    vi->data.mapping.pairs.start->value);
		snprintf(what, sizeof(what), "interfaces.%s.io-queues", name);
		if (number(l, vq, what, 1, IO_QUEUES_MAX,
		    &p->io_queues[idx - 1]) == -1)
			return (-1);
		where(l, vq, p->io_queues_origin[idx - 1],
		    sizeof(p->io_queues_origin[idx - 1]));
	}
	return (0);
}

static int
load_root(struct loader *l, struct policy *p, yaml_node_t *root)
{
	static const char *const keys[] = { "version", "reserve-cpus", "rules",
	    "interfaces", NULL };
	yaml_node_pair_t	*pr;
	yaml_node_t		*k, *v;
	const char		*key;
	uint32_t		 version;

	if (check_mapping(l, root, "the policy", keys) == -1)
		return (-1);
	for (pr = root->data.mapping.pairs.start;
	    pr < root->data.mapping.pairs.top; pr++) {
		k = yaml_document_get_node(&l->doc, pr->key);
		v = yaml_document_get_node(&l->doc, pr->value);
		key = scalar(k);
		if (strcmp(key, "version") == 0) {
			if (number(l, v, "version", 1, 1, &version) == -1)
				return (-1);
		} else if (strcmp(key, "reserve-cpus") == 0) {
			if (number(l, v, "reserve-cpus", 0, POLICY_RESERVE_MAX,
			    &p->reserve_cpus) == -1)
				return (-1);
			where(l, v, p->reserve_origin,
			    sizeof(p->reserve_origin));
		} else if (strcmp(key, "rules") == 0) {
			if (load_rules(l, p, v) == -1)
				return (-1);
		} else if (strcmp(key, "interfaces") == 0) {
			if (load_interfaces(l, p, v) == -1)
				return (-1);
		}
	}
	return (0);
}

int
policy_load(struct policy *p, int fd, const char *path, char *err,
    size_t errlen)
{
	struct loader	 l;
	yaml_parser_t	 parser;
	yaml_document_t	 extra;
	yaml_node_t	*root;
	FILE		*fp;
	int		 own, ret = -1, parser_ok = 0, doc_ok = 0;

	memset(&l, 0, sizeof(l));
	l.path = path;
	l.err = err;
	l.errlen = errlen;
	/* A stream of its own, so that fclose() leaves the caller's fd. */
	if ((own = dup(fd)) == -1 || (fp = fdopen(own, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (own != -1)
			close(own);
		return (-1);
	}
	if (!yaml_parser_initialize(&parser)) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	parser_ok = 1;
	yaml_parser_set_input_file(&parser, fp);
	if (!yaml_parser_load(&parser, &l.doc)) {
		snprintf(err, errlen, "%s:%zu:%zu: %s", path,
		    parser.problem_mark.line + 1,
		    parser.problem_mark.column + 1,
		    parser.problem ? parser.problem : "YAML error");
		goto out;
	}
	doc_ok = 1;
	if (ferror(fp)) {
		snprintf(err, errlen, "%s: read error", path);
		goto out;
	}
	root = yaml_document_get_root_node(&l.doc);
	if (root == NULL) {
		/* An empty file changes nothing. */
		ret = 0;
		goto out;
	}
	if (load_root(&l, p, root) == -1)
		goto out;
	if (!yaml_parser_load(&parser, &extra)) {
		snprintf(err, errlen, "%s:%zu:%zu: %s", path,
		    parser.problem_mark.line + 1,
		    parser.problem_mark.column + 1,
		    parser.problem ? parser.problem : "YAML error");
		goto out;
	}
	root = yaml_document_get_root_node(&extra);
	if (root != NULL) {
		fail(&l, root, "a second YAML document: a policy file holds "
		    "one");
		yaml_document_delete(&extra);
		goto out;
	}
	yaml_document_delete(&extra);
	snprintf(p->path, sizeof(p->path), "%s", path);
	ret = 0;
out:
	if (doc_ok)
		yaml_document_delete(&l.doc);
	if (parser_ok)
		yaml_parser_delete(&parser);
	fclose(fp);
	return (ret);
}
