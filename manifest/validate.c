/*
 * The checks of `mqplan validate` on one ops config: what ops or Nanos
 * would refuse, drop or silently change in ManifestPassthrough.
 * Behaviour of ops and Nanos: ../shared/reference/nanos-ops.md.
 */
#include <stdio.h>
#include <string.h>

#include "driver/io_queues.h"
#include "manifest/validate.h"

#define PTR_MAX	512

/* "en1" .. "en99...": the interface names Nanos gives (en + 1-based). */
static unsigned long
iface_index(const char *k)
{
	unsigned long	 n = 0;
	const char	*p;

	if (strncmp(k, "en", 2) != 0 || k[2] < '1' || k[2] > '9')
		return (0);
	for (p = k + 2; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || n > 100000)
			return (0);
		n = n * 10 + (unsigned long)(*p - '0');
	}
	return (n);
}

/* A key that was meant as an interface but that Nanos will not read. */
static bool
looks_like_iface(const char *k, const json_t *v)
{
	const char	*p = k;

	if (strncmp(k, "eth", 3) == 0)
		p = k + 3;
	else if (strncmp(k, "en", 2) == 0)
		p = k + 2;
	else
		return (json_object_get(v, "io-queues") != NULL);
	if (*p == '\0')
		return (true);
	for (; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			return (json_object_get(v, "io-queues") != NULL);
	return (true);
}

static const char *
json_kind(const json_t *v)
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

/*
 * What Nanos makes of a value io_queues_parse() refuses (parse_int():
 * leading digits, no sign, no space), for the message.
 */
static void
nanos_reading(const char *s, char *buf, size_t len, unsigned long *lead)
{
	unsigned long	n = 0;
	const char	*p;

	for (p = s; *p >= '0' && *p <= '9' && n < 1000000; p++)
		n = n * 10 + (unsigned long)(*p - '0');
	*lead = p > s ? n : 0;
	if (p == s)
		snprintf(buf, len, "Nanos cannot read it and uses the device's "
		    "maximum, capped at the CPUs");
	else if (n == 0)
		snprintf(buf, len, "Nanos reads 0 as unset and uses the "
		    "device's maximum, capped at the CPUs");
	else
		snprintf(buf, len, "Nanos reads only the leading digits, %lu",
		    n);
}

static int
check_io_queues(const struct manifest *m, const char *ptr, const char *ifn,
    unsigned long idx, const json_t *io, const struct decision *d,
    struct findings *out)
{
	const struct span		*sp = manifest_span(m, ptr);
	const struct decision_nic	*dn = NULL;
	char				 how[128], want[64];
	unsigned long			 lead;
	uint32_t			 n;

	if (d != NULL && idx >= 1 && idx <= d->nnics)
		dn = &d->nics[idx - 1];
	want[0] = '\0';
	if (dn != NULL && dn->io_queues != 0)
		snprintf(want, sizeof(want), " (the plan: \"%u\")",
		    dn->io_queues);

	if (!json_is_string(io)) {
		if (json_is_integer(io) && json_integer_value(io) > 0 &&
		    json_integer_value(io) <= IO_QUEUES_MAX)
			return (findings_add(out, "io-queues-not-string",
			    LEVEL_ERROR, sp, 0, "%s io-queues is a JSON number; "
			    "ops refuses anything but strings in "
			    "ManifestPassthrough: write \"%" JSON_INTEGER_FORMAT
			    "\"", ifn, json_integer_value(io)));
		return (findings_add(out, "io-queues-not-string", LEVEL_ERROR,
		    sp, 0, "%s io-queues is %s; ops refuses anything but "
		    "strings in ManifestPassthrough: write a whole number as "
		    "a string%s", ifn, json_kind(io), want));
	}
	if (!io_queues_parse(json_string_value(io), &n)) {
		nanos_reading(json_string_value(io), how, sizeof(how), &lead);
		if (lead > 0 && lead <= IO_QUEUES_MAX)
			snprintf(want, sizeof(want), ": write \"%lu\"", lead);
		else if (dn != NULL && dn->io_queues != 0)
			snprintf(want, sizeof(want), ": write \"%u\", or remove "
			    "it", dn->io_queues);
		else
			snprintf(want, sizeof(want), ": write a whole number "
			    "from 1 to %u, or remove it", IO_QUEUES_MAX);
		return (findings_add(out, "io-queues-not-decimal", LEVEL_ERROR,
		    sp, 0, "%s io-queues \"%s\" is not a plain decimal from 1 "
		    "to %u; %s%s", ifn, json_string_value(io), IO_QUEUES_MAX,
		    how, want));
	}
	if (dn == NULL)
		return (0);
	if (dn->guest != GUEST_IO_QUEUES)
		return (findings_add(out, "io-queues-ignored", LEVEL_WARNING,
		    sp, 0, "%s io-queues has no effect: the unikernel's %s "
		    "driver %s; remove it", ifn, nic_type_name(dn->nic),
		    dn->guest == GUEST_AUTO ? "picks its own queue count" :
		    "uses one queue pair"));
	if (n > dn->device_queues)
		return (findings_add(out, "io-queues-above-device",
		    LEVEL_WARNING, sp, 0, "%s io-queues %u is above the %u "
		    "queue pairs the %s device exposes: the driver clamps it "
		    "to %u at boot; write \"%u\"", ifn, n, dn->device_queues,
		    nic_type_name(dn->nic), dn->queues, dn->queues));
	if (n > d->vcpus)
		return (findings_add(out, "io-queues-above-vcpus",
		    LEVEL_WARNING, sp, 0, "%s io-queues %u is above the %u "
		    "vCPUs: the driver clamps it to %u at boot; write \"%u\"",
		    ifn, n, d->vcpus, dn->queues, dn->queues));
	return (0);
}

/*
 * Nanos reads root ipaddr/netmask/gateway for en1 only while no en1 tuple
 * exists, and ops writes RunConfig.IPAddress there (nanos-ops.md 4.4).
 */
static int
check_en1_ip(const struct manifest *m, const char *ptr, const json_t *en1,
    struct findings *out)
{
	const json_t	*rc, *ip;

	rc = manifest_get(m->root, "RunConfig", NULL);
	ip = manifest_get(rc, "IPAddress", NULL);
	if (!json_is_string(ip) || json_string_value(ip)[0] == '\0' ||
	    json_object_get(en1, "ipaddr") != NULL)
		return (0);
	return (findings_add(out, "en1-static-ip-dropped", LEVEL_ERROR,
	    manifest_span(m, ptr), 1, "the en1 tuple makes Nanos ignore the "
	    "static address %s that ops writes from RunConfig.IPAddress: en1 "
	    "falls back to DHCP; add \"ipaddr\" (and \"netmask\", "
	    "\"gateway\") to en1, as mqplan apply does",
	    json_string_value(ip)));
}

int
manifest_check(const struct manifest *m, const struct decision *d,
    struct findings *out)
{
	const json_t	*mp, *v, *io;
	const char	*real, *k;
	char		 base[PTR_MAX], ptr[PTR_MAX];
	unsigned long	 idx;

	if ((mp = manifest_get(m->root, "ManifestPassthrough", &real)) == NULL)
		return (0);
	if (locator_join(base, sizeof(base), "", real) == NULL)
		return (0);
	if (!json_is_object(mp))
		return (findings_add(out, "passthrough-not-object",
		    LEVEL_ERROR, manifest_span(m, base), 0,
		    "ManifestPassthrough is %s; ops takes an object of manifest "
		    "keys: write {\"en1\": {\"io-queues\": \"N\"}}",
		    json_kind(mp)));
	json_object_foreach((json_t *)(uintptr_t)mp, k, v) {
		if (locator_join(ptr, sizeof(ptr), base, k) == NULL)
			continue;
		idx = iface_index(k);
		if (idx == 0) {
			if (looks_like_iface(k, v) && findings_add(out,
			    "interface-name", LEVEL_ERROR, manifest_span(m, ptr),
			    1, "'%s' is not an interface Nanos reads: its "
			    "interfaces are en1, en2, ... in probe order",
			    k) == -1)
				return (-1);
			continue;
		}
		if (!json_is_object(v)) {
			if (findings_add(out, "interface-not-object",
			    LEVEL_ERROR, manifest_span(m, ptr), 0, "%s is %s; "
			    "an interface's settings are an object: write "
			    "{\"io-queues\": \"N\"}", k, json_kind(v)) == -1)
				return (-1);
			continue;
		}
		if (idx == 1 && check_en1_ip(m, ptr, v, out) == -1)
			return (-1);
		if ((io = json_object_get(v, "io-queues")) == NULL)
			continue;
		if (locator_join(ptr, sizeof(ptr), ptr, "io-queues") == NULL)
			continue;
		if (check_io_queues(m, ptr, k, idx, io, d, out) == -1)
			return (-1);
	}
	return (0);
}

/* A member of CloudConfig that must be a string, if present. */
static int
target_string(const struct manifest *m, const json_t *cc, const char *base,
    const char *name, const char **out, const struct span **at,
    struct manifest_target *t)
{
	const json_t	*v;
	const char	*rk;
	char		 ptr[PTR_MAX];

	if ((v = manifest_get(cc, name, &rk)) == NULL ||
	    locator_join(ptr, sizeof(ptr), base, rk) == NULL)
		return (0);
	if (!json_is_string(v)) {
		t->bad_at = manifest_span(m, ptr);
		snprintf(t->bad, sizeof(t->bad), "CloudConfig.%s is %s; ops "
		    "takes a string", name, json_kind(v));
		return (-1);
	}
	if (json_string_value(v)[0] != '\0') {
		*out = json_string_value(v);
		*at = manifest_span(m, ptr);
	}
	return (0);
}

int
manifest_target(const struct manifest *m, struct manifest_target *t)
{
	const json_t	*cc;
	const char	*rcc;
	char		 base[PTR_MAX];

	memset(t, 0, sizeof(*t));
	cc = manifest_get(m->root, "CloudConfig", &rcc);
	if (cc == NULL || locator_join(base, sizeof(base), "", rcc) == NULL)
		return (0);
	if (!json_is_object(cc)) {
		t->bad_at = manifest_span(m, base);
		snprintf(t->bad, sizeof(t->bad), "CloudConfig is %s; ops takes "
		    "an object", json_kind(cc));
		return (-1);
	}
	if (target_string(m, cc, base, "Platform", &t->platform,
	    &t->platform_at, t) == -1 ||
	    target_string(m, cc, base, "Flavor", &t->flavor, &t->flavor_at,
	    t) == -1)
		return (-1);
	return (0);
}

const char *
manifest_default_flavor(const char *platform)
{
	return (strcmp(platform, "gcp") == 0 ? "g1-small" : "t2.micro");
}

unsigned int
manifest_interfaces(const struct manifest *m)
{
	const json_t	*mp, *v, *nics;
	const char	*k;
	unsigned long	 idx, most = 0;

	mp = manifest_get(m->root, "ManifestPassthrough", NULL);
	if (json_is_object(mp)) {
		json_object_foreach((json_t *)(uintptr_t)mp, k, v) {
			idx = iface_index(k);
			if (idx > most)
				most = idx;
		}
	}
	nics = manifest_get(manifest_get(m->root, "RunConfig", NULL), "Nics",
	    NULL);
	if (json_is_array(nics) && json_array_size(nics) > most)
		most = json_array_size(nics);
	return ((unsigned int)most);
}
