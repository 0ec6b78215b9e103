/*
 * The checks of `mqplan validate` on one ops config: what ops or Nanos
 * would refuse, drop or silently change in ManifestPassthrough.
 * Behaviour of ops and Nanos: ../shared/reference/nanos-ops.md.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/io_queues.h"
#include "manifest/ifsettings.h"
#include "manifest/quote.h"
#include "manifest/schema.h"
#include "manifest/validate.h"

/* A config value as a message shows it: quoted, escaped, cut. */
#define SHOWN_MAX	80

/*
 * A key (of node, in m) that was meant as an interface but that Nanos
 * will not read.
 */
static bool
looks_like_iface(const struct manifest *m, const char *k, uint32_t node)
{
	const char	*p = k;
	bool		 io;

	io = locator_member(&m->loc, node, "io-queues", 9) != LOCATE_NONE;
	if (strncmp(k, "eth", 3) == 0)
		p = k + 3;
	else if (strncmp(k, "en", 2) == 0)
		p = k + 2;
	else
		return (io);
	if (*p == '\0')
		return (true);
	for (; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return (io);
	return (true);
}

/*
 * Where a finding about node is: made only while the findings are not
 * full, since past that they are only counted.
 */
static const struct span *
at(const struct manifest *m, uint32_t node, const struct findings *out)
{
	return (findings_full(out) ? NULL : manifest_node_span(m, node));
}

/*
 * What Nanos makes of a value io_queues_parse() refuses: parse_int()
 * takes the leading digits, with no sign, no space and no overflow check
 * (a number past 2^64 wraps), and the driver uses min(value, device,
 * CPUs), a 0 meaning the default (nanos-ops.md 1.3).  *lead is the value
 * Nanos reads, *read whether it reads one.
 */
static void
nanos_reading(const char *s, char *buf, size_t len, uint64_t *lead,
    bool *read)
{
	uint64_t	 n = 0;
	const char	*p;
	bool		 wrapped = false;

	for (p = s; *p >= '0' && *p <= '9'; p++) {
		if (n > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			wrapped = true;
		n = n * 10 + (uint64_t)(*p - '0');
	}
	*lead = n;
	*read = p > s;
	if (p == s)
		snprintf(buf, len, "Nanos cannot read it and uses the device's "
		    "maximum, capped at the CPUs");
	else if (n == 0 && wrapped)
		snprintf(buf, len, "Nanos reads it modulo 2^64 (no overflow "
		    "check) as 0, which it takes as unset: it uses the device's "
		    "maximum, capped at the CPUs");
	else if (n == 0)
		snprintf(buf, len, "Nanos reads 0 as unset and uses the "
		    "device's maximum, capped at the CPUs");
	else if (wrapped)
		snprintf(buf, len, "Nanos reads it modulo 2^64 (no overflow "
		    "check) as %" PRIu64 "%s", n, n > IO_QUEUES_MAX ?
		    ", then clamps it to the device's queue pairs and the "
		    "CPUs" : "");
	else if (n > IO_QUEUES_MAX)
		snprintf(buf, len, "Nanos reads %s%" PRIu64 " and clamps it "
		    "to the device's queue pairs and the CPUs",
		    *p != '\0' ? "the leading digits, " : "", n);
	else
		snprintf(buf, len, "Nanos reads only the leading digits, "
		    "%" PRIu64, n);
}

static int
check_io_queues(const struct manifest *m, uint32_t node, const char *what,
    unsigned long idx, const json_t *io, const struct decision *d,
    struct findings *out)
{
	/* Made only for a finding: most values have none. */
#define sp	at(m, node, out)
	const struct decision_nic	*dn = NULL;
	char				 how[160], want[64];
	char				 shown[SHOWN_MAX];
	uint64_t			 lead;
	uint32_t			 n;
	bool				 read;

	if (d != NULL && idx >= 1 && idx <= d->nnics)
		dn = &d->nics[idx - 1];
	want[0] = '\0';
	if (dn != NULL && dn->io_queues != 0)
		snprintf(want, sizeof(want), " (the plan: \"%u\")",
		    dn->io_queues);

	if (!json_is_string(io)) {
		if (json_is_integer(io) && json_integer_value(io) > 0 &&
		    json_integer_value(io) <= IO_QUEUES_MAX)
			return (findings_add(out, FINDING_IO_QUEUES_NOT_STRING,
			    LEVEL_ERROR, sp, 0, "%s is a JSON number; "
			    "ops refuses anything but strings in "
			    "ManifestPassthrough: write \"%" JSON_INTEGER_FORMAT
			    "\"", what, json_integer_value(io)));
		return (findings_add(out, FINDING_IO_QUEUES_NOT_STRING,
		    LEVEL_ERROR, sp, 0, "%s is %s; ops refuses anything but "
		    "strings in ManifestPassthrough: write a whole number as "
		    "a string%s", what, manifest_json_kind(io), want));
	}
	if (!io_queues_parse(json_string_value(io), &n)) {
		nanos_reading(json_string_value(io), how, sizeof(how), &lead,
		    &read);
		if (lead > 0 && lead <= IO_QUEUES_MAX)
			snprintf(want, sizeof(want), ": write \"%" PRIu64 "\"",
			    lead);
		else if (dn != NULL && dn->io_queues != 0)
			snprintf(want, sizeof(want), ": write \"%u\", or remove "
			    "it", dn->io_queues);
		else
			snprintf(want, sizeof(want), ": write a whole number "
			    "from 1 to %u, or remove it", IO_QUEUES_MAX);
		quote(shown, sizeof(shown), json_string_value(io),
		    json_string_length(io));
		if (read && lead > IO_QUEUES_MAX && strspn(json_string_value(io),
		    "0123456789") == strlen(json_string_value(io)) &&
		    json_string_value(io)[0] != '0')
			return (findings_add(out, FINDING_IO_QUEUES_NOT_DECIMAL,
			    LEVEL_ERROR, sp, 0, "%s %s is out of "
			    "range: virtio-net has at most %u queue pairs; %s%s",
			    what, shown, IO_QUEUES_MAX, how, want));
		return (findings_add(out, FINDING_IO_QUEUES_NOT_DECIMAL,
		    LEVEL_ERROR, sp, 0, "%s %s is not a plain decimal from 1 "
		    "to %u; %s%s", what, shown, IO_QUEUES_MAX, how, want));
	}
	if (dn == NULL && d != NULL && idx > d->nnics)
		return (findings_add(out, FINDING_IO_QUEUES_IGNORED,
		    LEVEL_WARNING, sp, 0, "%s has no effect: the target has %u "
		    "network interface%s, so Nanos reads it for none; remove it",
		    what, d->nnics, d->nnics == 1 ? "" : "s"));
	if (dn == NULL)
		return (0);
	if (dn->guest != GUEST_IO_QUEUES)
		return (findings_add(out, FINDING_IO_QUEUES_IGNORED,
		    LEVEL_WARNING, sp, 0,
		    "%s has no effect: the unikernel's %s "
		    "driver %s; remove it", what, nic_type_name(dn->nic),
		    dn->guest == GUEST_AUTO ? "picks its own queue count" :
		    "uses one queue pair"));
	if (n > dn->device_queues)
		return (findings_add(out, FINDING_IO_QUEUES_ABOVE_DEVICE,
		    LEVEL_WARNING, sp, 0, "%s %u is above the %u "
		    "queue pairs the %s device exposes: the driver clamps it "
		    "to %u at boot; write \"%u\"", what, n, dn->device_queues,
		    nic_type_name(dn->nic), dn->queues, dn->queues));
	if (n > d->vcpus)
		return (findings_add(out, FINDING_IO_QUEUES_ABOVE_VCPUS,
		    LEVEL_WARNING, sp, 0, "%s %u is above the %u "
		    "vCPUs: the driver clamps it to %u at boot; write \"%u\"",
		    what, n, d->vcpus, dn->queues, dn->queues));
	return (0);
#undef sp
}

/* How a root io-queues is named in findings. */
#define ROOT_IO	"root io-queues (Nanos reads it for en1 while there is no " \
	"en1 tuple)"

/*
 * A root io-queues: Nanos reads it for en1 while there is no en1 tuple
 * (nanos-ops.md 3.2: t = root), so without one it is checked as en1's.
 * With one it is dead: an error when that drops a value Nanos would have
 * read (the tuple has no io-queues and en1's driver reads one, or the
 * driver is unknown), else a warning, as for any io-queues that has no
 * effect.  apply removes it either way (manifest/merge.c).
 */
static int
check_root_io_queues(const struct manifest *m, const struct decision *d,
    struct findings *out)
{
	const struct decision_nic	*dn = NULL;
	json_t				*io;
	char				 shown[SHOWN_MAX], why[192];
	uint32_t			 rion, en1;
	int				 rc;

	if ((rion = manifest_member_node(m, FIELD_PASSTHROUGH,
	    "io-queues")) == LOCATE_NONE)
		return (0);
	if ((io = manifest_json(m, rion)) == NULL)
		return (-1);
	en1 = manifest_member_node(m, FIELD_PASSTHROUGH, "en1");
	/* ops refuses a value that is not a string, tuple or not. */
	if (en1 == LOCATE_NONE || !json_is_string(io)) {
		rc = check_io_queues(m, rion, ROOT_IO, 1, io, d, out);
		goto out;
	}
	quote(shown, sizeof(shown), json_string_value(io),
	    json_string_length(io));
	if (d != NULL && d->nnics >= 1)
		dn = &d->nics[0];
	why[0] = '\0';
	if (m->loc.nodes[en1].kind == SPAN_OBJECT &&
	    locator_member(&m->loc, en1, "io-queues", 9) != LOCATE_NONE)
		snprintf(why, sizeof(why), "the en1 tuple has its own "
		    "io-queues, and %s", ifsettings_why(1));
	else if (d != NULL && dn == NULL)
		snprintf(why, sizeof(why), "the target has no en1");
	else if (dn != NULL && dn->guest != GUEST_IO_QUEUES)
		snprintf(why, sizeof(why), "the unikernel's %s driver ignores "
		    "it", nic_type_name(dn->nic));
	if (why[0] != '\0')
		rc = findings_add(out, FINDING_IO_QUEUES_IGNORED, LEVEL_WARNING,
		    at(m, rion, out), 1, "root io-queues %s has no effect: %s; "
		    "remove it, as mqplan apply does", shown, why);
	else
		rc = findings_add(out, FINDING_SETTING_HIDDEN, LEVEL_ERROR,
		    at(m, rion, out), 1, "the en1 tuple hides root io-queues "
		    "%s, since %s; write io-queues in en1 instead (mqplan "
		    "apply writes the plan's value there and removes the root "
		    "one)", shown, ifsettings_why(1));
out:
	json_decref(io);
	return (rc);
}

/*
 * A finding per setting Nanos would read for interface idx from outside
 * its tuple (manifest/ifsettings.h) that the tuple at node lacks: once the
 * tuple exists, Nanos reads only it.  The static IPv4 address of en1 keeps
 * its own id, en1-static-ip-dropped; every other is setting-hidden.
 */
static int
check_hidden(const struct manifest *m, const struct ifsettings *ifs,
    uint32_t node, const char *ifn, unsigned long idx, struct findings *out)
{
	struct ifsetting	 set[IFKEY_COUNT];
	char			 shown[SHOWN_MAX], *v;
	size_t			 len;
	int			 i, n, rc;

	if ((n = ifsettings_get(ifs, idx, set)) == -1)
		return (-1);
	for (i = 0; i < n; i++) {
		if (locator_member(&m->loc, node, set[i].key,
		    strlen(set[i].key)) != LOCATE_NONE)
			continue;
		if ((v = locator_string(&m->loc, set[i].node, &len)) == NULL)
			return (-1);
		quote(shown, sizeof(shown), v, len);
		free(v);
		if (idx == 1 && set[i].k == IFKEY_IPADDR)
			rc = findings_add(out, FINDING_EN1_STATIC_IP_DROPPED,
			    LEVEL_ERROR, at(m, node, out), 1, "the en1 tuple "
			    "makes Nanos ignore the static address %s (from "
			    "%s), since %s: en1 falls back to DHCP; add "
			    "\"ipaddr\": %s to en1, as mqplan apply does", shown,
			    set[i].source, ifsettings_why(idx), shown);
		else
			rc = findings_add(out, FINDING_SETTING_HIDDEN,
			    LEVEL_ERROR, at(m, node, out), 1,
			    "the %s tuple hides %s %s (from "
			    "%s), since %s; add \"%s\": %s to %s, as mqplan "
			    "apply does", ifn, set[i].key, shown, set[i].source,
			    ifsettings_why(idx), set[i].key, shown, ifn);
		if (rc == -1)
			return (-1);
	}
	return (0);
}

/* The members of ops structs validate reads, per top-level field. */
static const char *const struct_members[FIELD_COUNT][5] = {
	[FIELD_RUNCONFIG] = { "IPAddress", "NetMask", "Gateway", "Nics", NULL },
	[FIELD_CLOUDCONFIG] = { "Platform", "Flavor", "ConfidentialVM", NULL },
};

static int
variant_finding(const struct manifest *m, const char *what, uint32_t node,
    uint32_t first, bool is_map, struct findings *out)
{
	const struct span	*where = at(m, node, out);
	const struct span	*was = at(m, first, out);
	char			*key, *fkey, shown[SHOWN_MAX], fshown[SHOWN_MAX];
	int			 rc;

	key = locator_key(&m->loc, node, NULL);
	fkey = locator_key(&m->loc, first, NULL);
	if (key == NULL || fkey == NULL) {
		free(key);
		free(fkey);
		return (-1);
	}
	/* Go folds some non-ASCII letters too (U+212A is k): quoted. */
	quote_str(shown, sizeof(shown), key);
	quote_str(fshown, sizeof(fshown), fkey);
	rc = findings_add(out, FINDING_KEY_CASE_VARIANTS,
	    LEVEL_WARNING, where, 1,
	    "%s and %s (line %u) are one field to ops, whose decoder "
	    "(Go's encoding/json) matches keys without regard to case and "
	    "reads both in turn: %s; write %s once",
	    shown, fshown, was != NULL ? was->key_line : 0, is_map ?
	    "their keys merge and for a key in both, this later one's value "
	    "is used" : "this later one's value is used", what);
	free(key);
	free(fkey);
	return (rc);
}

/*
 * Case variants of the fields validate reads: ops decodes each in turn
 * into the same field (manifest.h says how), which a reader of the file
 * does not expect.  One finding per later variant.
 */
static int
check_variants(const struct manifest *m, struct findings *out)
{
	const struct manifest_variants	*fv;
	const char			*sm;
	char				*key;
	size_t				 f, j, i, klen;
	uint32_t			 c, first;

	for (f = 0; f < FIELD_COUNT; f++) {
		fv = &m->fields[f];
		for (j = 1; j < fv->n; j++)
			if (variant_finding(m, manifest_field_name(f),
			    fv->node[j], fv->node[0], f == FIELD_PASSTHROUGH,
			    out) == -1)
				return (-1);
		for (i = 0; (sm = struct_members[f][i]) != NULL; i++) {
			first = LOCATE_NONE;
			for (j = 0; j < fv->n; j++) {
				for (c = locator_next(&m->loc, fv->node[j],
				    LOCATE_NONE); c != LOCATE_NONE;
				    c = locator_next(&m->loc, fv->node[j], c)) {
					if ((key = locator_key(&m->loc, c,
					    &klen)) == NULL)
						return (-1);
					if (!manifest_fold_eq(key, klen, sm)) {
						free(key);
						continue;
					}
					free(key);
					if (first == LOCATE_NONE) {
						first = c;
						continue;
					}
					if (variant_finding(m, sm, c, first,
					    false, out) == -1)
						return (-1);
				}
			}
		}
	}
	return (0);
}

int
manifest_check(const struct manifest *m, const struct decision *d,
    struct findings *out)
{
	const struct manifest_variants *fv;
	struct ifsettings ifs;
	json_t		*io = NULL;
	char		*k = NULL, shown[SHOWN_MAX], what[64];
	uint32_t	 mp, node, ion;
	unsigned long	 idx;
	size_t		 j;
	int		 ret = -1;

	if (check_variants(m, out) == -1 || schema_check(m, out) == -1)
		return (-1);
	ifsettings_init(&ifs, m);
	if ((mp = manifest_field_node(m, FIELD_PASSTHROUGH)) == LOCATE_NONE)
		return (0);
	/* ops refuses the config for any variant of another type. */
	fv = &m->fields[FIELD_PASSTHROUGH];
	for (j = 0; j + 1 < fv->n; j++) {
		node = fv->node[j];
		if (m->loc.nodes[node].kind == SPAN_OBJECT ||
		    (m->loc.nodes[node].kind == SPAN_LITERAL &&
		    m->text[m->loc.nodes[node].val_off] == 'n'))
			continue;
		if (findings_add(out, FINDING_PASSTHROUGH_NOT_OBJECT,
		    LEVEL_ERROR, at(m, node, out), 0,
		    "ManifestPassthrough is %s; ops takes "
		    "an object of manifest keys: write {\"en1\": "
		    "{\"io-queues\": \"N\"}}",
		    manifest_node_kind(m, node)) == -1)
			return (-1);
	}
	/* null leaves the map nil, as if absent (decode.go, literalStore()). */
	if (strcmp(manifest_node_kind(m, mp), "null") == 0)
		return (0);
	if (m->loc.nodes[mp].kind != SPAN_OBJECT)
		return (findings_add(out, FINDING_PASSTHROUGH_NOT_OBJECT,
		    LEVEL_ERROR, manifest_node_span(m, mp), 0,
		    "ManifestPassthrough is %s; ops takes an object of manifest "
		    "keys: write {\"en1\": {\"io-queues\": \"N\"}}",
		    manifest_node_kind(m, mp)));
	/*
	 * Every key, however long, through the locator: a node is found in
	 * O(1) and a span made only for a finding.
	 */
	for (node = manifest_passthrough_next(m, LOCATE_NONE);
	    node != LOCATE_NONE; node = manifest_passthrough_next(m, node)) {
		free(k);
		json_decref(io);
		io = NULL;
		if ((k = locator_key(&m->loc, node, NULL)) == NULL)
			goto out;
		idx = ifsettings_index(k);
		if (idx == 0) {
			quote_str(shown, sizeof(shown), k);
			if (looks_like_iface(m, k, node) && findings_add(out,
			    FINDING_INTERFACE_NAME, LEVEL_ERROR,
			    at(m, node, out), 1, "%s is not an "
			    "interface Nanos reads: its interfaces are en1, "
			    "en2, ... in probe order", shown) == -1)
				goto out;
			continue;
		}
		if (m->loc.nodes[node].kind != SPAN_OBJECT) {
			if (findings_add(out, FINDING_INTERFACE_NOT_OBJECT,
			    LEVEL_ERROR, at(m, node, out), 0, "%s is "
			    "%s; an interface's settings are an object: write "
			    "{\"io-queues\": \"N\"}", k, manifest_node_kind(m,
			    node)) == -1)
				goto out;
			continue;
		}
		if (check_hidden(m, &ifs, node, k, idx, out) == -1)
			goto out;
		/* Kept by apply (it is the user's), read by no interface. */
		if (d != NULL && idx > d->nnics && findings_add(out,
		    FINDING_INTERFACE_ABSENT, LEVEL_NOTE, at(m, node, out), 1,
		    "the target has %u network interface%s, so Nanos reads %s "
		    "for no interface", d->nnics, d->nnics == 1 ? "" : "s",
		    k) == -1)
			goto out;
		if ((ion = locator_member(&m->loc, node, "io-queues",
		    9)) == LOCATE_NONE)
			continue;
		snprintf(what, sizeof(what), "%s io-queues", k);
		if ((io = manifest_json(m, ion)) == NULL ||
		    check_io_queues(m, ion, what, idx, io, d, out) == -1)
			goto out;
	}
	if (check_root_io_queues(m, d, out) == -1)
		goto out;
	ret = 0;
out:
	free(k);
	json_decref(io);
	return (ret);
}
