/*
 * What an enN tuple in ManifestPassthrough hides from Nanos: the rules
 * and their sources are in manifest/ifsettings.h.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest/ifsettings.h"

static const char *const keys[IFKEY_COUNT] = {
	[IFKEY_IPADDR] = "ipaddr",
	[IFKEY_NETMASK] = "netmask",
	[IFKEY_GATEWAY] = "gateway",
	[IFKEY_IP6ADDR] = "ip6addr",
	[IFKEY_MTU] = "mtu",
	[IFKEY_DEFAULT] = "default",
	[IFKEY_WAIT4] = "exec_wait_for_ip4_secs",
	[IFKEY_WAIT6] = "exec_wait_for_ip6_secs",
};

/* The ops field names of a Nic (types/config.go, type Nic). */
static const char *const nic_fields[3] = {
	[IFKEY_IPADDR] = "IPAddress",
	[IFKEY_NETMASK] = "NetMask",
	[IFKEY_GATEWAY] = "Gateway",
};

const char *
ifsettings_why(unsigned long idx)
{
	return (idx == 1 ? "Nanos reads en1's settings from the manifest's "
	    "root only while there is no en1 tuple" : "ops builds this tuple "
	    "from RunConfig.Nics and a ManifestPassthrough one replaces it "
	    "whole");
}

const char *
ifsettings_key(enum ifkey k)
{
	return (keys[k]);
}

unsigned long
ifsettings_index(const char *k)
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

void
ifsettings_init(struct ifsettings *s, const struct manifest *m)
{
	size_t	k;

	memset(s, 0, sizeof(*s));
	s->m = m;
	s->ip = manifest_ops_member(m, FIELD_RUNCONFIG, "IPAddress");
	s->ip6 = manifest_ops_member(m, FIELD_RUNCONFIG, "IPv6Address");
	s->mask = manifest_ops_member(m, FIELD_RUNCONFIG, "NetMask");
	s->gw = manifest_ops_member(m, FIELD_RUNCONFIG, "Gateway");
	s->nics = manifest_ops_member(m, FIELD_RUNCONFIG, "Nics");
	if (s->nics != LOCATE_NONE &&
	    m->loc.nodes[s->nics].kind != SPAN_ARRAY)
		s->nics = LOCATE_NONE;
	/* Passthrough keys are Nanos manifest keys: exact, no folding. */
	for (k = 0; k < IFKEY_COUNT; k++)
		s->root[k] = manifest_member_node(m, FIELD_PASSTHROUGH,
		    keys[k]);
}

/* Whether node is a JSON string other than "". */
static bool
nonempty(const struct manifest *m, uint32_t node)
{
	const struct lnode	*n;

	if (node == LOCATE_NONE)
		return (false);
	n = &m->loc.nodes[node];
	return (n->kind == SPAN_STRING && n->val_end - n->val_off > 2);
}

/*
 * inet_pton() refuses what ParseIP refuses: anything but a dotted quad
 * without leading zeros or an IPv6 address without a zone.
 */
bool
ifsettings_parseip(const char *s, size_t len)
{
	unsigned char	 buf[sizeof(struct in6_addr)];

	return (strlen(s) == len && (inet_pton(AF_INET, s, buf) == 1 ||
	    inet_pton(AF_INET6, s, buf) == 1));
}

/*
 * Whether ops keeps RunConfig string node: it empties the addresses
 * ifsettings_parseip() refuses, so they never reach the manifest.
 */
static int
ops_keeps(const struct manifest *m, uint32_t node, bool *keeps)
{
	char		*s;
	size_t		 len;

	*keeps = false;
	if (!nonempty(m, node))
		return (0);
	if ((s = locator_string(&m->loc, node, &len)) == NULL)
		return (-1);
	*keeps = ifsettings_parseip(s, len);
	free(s);
	return (0);
}

/*
 * The members IPAddress, NetMask, Gateway of Nics element el, as Go
 * decodes a struct: keys folded, the last match kept.  -1 without memory.
 */
static int
nic_members(const struct manifest *m, uint32_t el, uint32_t node[3])
{
	uint32_t	 c;
	size_t		 f, klen;
	char		*key;

	node[0] = node[1] = node[2] = LOCATE_NONE;
	if (el == LOCATE_NONE || m->loc.nodes[el].kind != SPAN_OBJECT)
		return (0);
	for (c = locator_next(&m->loc, el, LOCATE_NONE); c != LOCATE_NONE;
	    c = locator_next(&m->loc, el, c)) {
		if ((key = locator_key(&m->loc, c, &klen)) == NULL)
			return (-1);
		for (f = 0; f < 3; f++)
			if (manifest_fold_eq(key, klen, nic_fields[f]))
				node[f] = c;
		free(key);
	}
	return (0);
}

int
ifsettings_get(const struct ifsettings *s, unsigned long idx,
    struct ifsetting *out)
{
	const struct manifest	*m = s->m;
	static const char *const rc_fields[4] = { "IPAddress", "NetMask",
	    "Gateway", "IPv6Address" };
	uint32_t		 node[IFKEY_COUNT], nic[3], el;
	char			 src[IFKEY_COUNT][IFSETTING_SOURCE_MAX];
	bool			 keep[3];
	size_t			 k;
	int			 n = 0;

	for (k = 0; k < IFKEY_COUNT; k++) {
		node[k] = LOCATE_NONE;
		src[k][0] = '\0';
	}
	if (idx == 0)
		return (0);
	if (idx == 1) {
		/*
		 * Step 1: RunConfig, when it names an address, less what ops
		 * empties on loading.
		 */
		if (ops_keeps(m, s->ip, &keep[0]) == -1 ||
		    ops_keeps(m, s->mask, &keep[1]) == -1 ||
		    ops_keeps(m, s->gw, &keep[2]) == -1)
			return (-1);
		if (keep[0] || nonempty(m, s->ip6)) {
			node[IFKEY_IPADDR] = keep[0] ? s->ip : LOCATE_NONE;
			node[IFKEY_NETMASK] = keep[1] ? s->mask : LOCATE_NONE;
			node[IFKEY_GATEWAY] = keep[2] ? s->gw : LOCATE_NONE;
			node[IFKEY_IP6ADDR] = s->ip6;
			for (k = 0; k < 4; k++)
				snprintf(src[k], sizeof(src[k]),
				    "RunConfig.%s", rc_fields[k]);
		}
		/* Step 2: Nics[0] overrides all four, ip6addr with "". */
		if (s->nics != LOCATE_NONE &&
		    m->loc.nodes[s->nics].nmembers > 0) {
			el = locator_element(&m->loc, s->nics, 0);
			if (nic_members(m, el, nic) == -1)
				return (-1);
			for (k = 0; k < 3; k++) {
				node[k] = nic[k];
				snprintf(src[k], sizeof(src[k]),
				    "RunConfig.Nics[0].%s", nic_fields[k]);
			}
			node[IFKEY_IP6ADDR] = LOCATE_NONE;
		}
		/* Step 3: ManifestPassthrough's root keys, last. */
		for (k = 0; k < IFKEY_COUNT; k++) {
			if (s->root[k] == LOCATE_NONE)
				continue;
			node[k] = s->root[k];
			snprintf(src[k], sizeof(src[k]),
			    "ManifestPassthrough.%s", keys[k]);
		}
	} else if (s->nics != LOCATE_NONE &&
	    idx - 1 < m->loc.nodes[s->nics].nmembers) {
		el = locator_element(&m->loc, s->nics, idx - 1);
		if (nic_members(m, el, nic) == -1)
			return (-1);
		for (k = 0; k < 3; k++) {
			node[k] = nic[k];
			snprintf(src[k], sizeof(src[k]), "RunConfig.Nics[%lu].%s",
			    idx - 1, nic_fields[k]);
		}
	}
	for (k = 0; k < IFKEY_COUNT; k++) {
		if (node[k] == LOCATE_NONE ||
		    m->loc.nodes[node[k]].kind != SPAN_STRING ||
		    (!nonempty(m, node[k]) && k != IFKEY_DEFAULT))
			continue;
		out[n].k = (enum ifkey)k;
		out[n].key = keys[k];
		memcpy(out[n].source, src[k], sizeof(out[n].source));
		out[n].node = node[k];
		n++;
	}
	return (n);
}
