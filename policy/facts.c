#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "common/common.h"
#include "policy/facts.h"

static const char *const platform_names[PLATFORM_COUNT] = {
	[PLATFORM_NONE] = "none",
	[PLATFORM_GCP] = "gcp",
	[PLATFORM_AWS] = "aws",
};

static const struct {
	const char	*name;
	enum nic_type	 nic;
} nic_names[] = {
	/* The canonical name of each type comes first. */
	{ "virtio-net",	NIC_VIRTIO_NET },
	{ "gvnic",	NIC_GVNIC },
	{ "idpf",	NIC_IDPF },
	{ "ena",	NIC_ENA },
	{ "netfront",	NIC_NETFRONT },
	{ "ixgbevf",	NIC_IXGBEVF },
	{ "virtio_net",	NIC_VIRTIO_NET },	/* GCE nicType VIRTIO_NET */
	{ "virtio",	NIC_VIRTIO_NET },
	{ "gve",	NIC_GVNIC },		/* the Linux driver */
	{ "vif",	NIC_NETFRONT },		/* ethtool -i on Xen */
	{ "xen-netfront", NIC_NETFRONT },
};

/*
 * Which cloud each NIC type exists on: GCE's nicType values; AWS's ENA
 * and the older types' netfront and ixgbevf.
 */
static const enum platform nic_platforms[NIC_TYPE_COUNT] = {
	[NIC_NONE] = PLATFORM_NONE,
	[NIC_VIRTIO_NET] = PLATFORM_GCP,
	[NIC_GVNIC] = PLATFORM_GCP,
	[NIC_IDPF] = PLATFORM_GCP,
	[NIC_ENA] = PLATFORM_AWS,
	[NIC_NETFRONT] = PLATFORM_AWS,
	[NIC_IXGBEVF] = PLATFORM_AWS,
};

/* What a platform's instances get when no NIC type is named. */
static const enum nic_type platform_default_nics[PLATFORM_COUNT] = {
	[PLATFORM_NONE] = NIC_NONE,
	[PLATFORM_GCP] = NIC_VIRTIO_NET,
	[PLATFORM_AWS] = NIC_ENA,
};

void
facts_init(struct facts *f)
{
	memset(f, 0, sizeof(*f));
}

const char *
platform_name(enum platform p)
{
	if (p < 0 || p >= PLATFORM_COUNT)
		return ("none");
	return (platform_names[p]);
}

int
platform_from_name(const char *name, enum platform *p)
{
	int	i;

	for (i = PLATFORM_NONE + 1; i < PLATFORM_COUNT; i++) {
		if (strcasecmp(name, platform_names[i]) == 0) {
			*p = (enum platform)i;
			return (0);
		}
	}
	return (-1);
}

const char *
nic_type_name(enum nic_type n)
{
	size_t	i;

	for (i = 0; i < NELEM(nic_names); i++)
		if (nic_names[i].nic == n)
			return (nic_names[i].name);
	return ("none");
}

enum platform
nic_type_platform(enum nic_type n)
{
	if (n < 0 || n >= NIC_TYPE_COUNT)
		return (PLATFORM_NONE);
	return (nic_platforms[n]);
}

enum nic_type
platform_default_nic(enum platform p)
{
	if (p < 0 || p >= PLATFORM_COUNT)
		return (NIC_NONE);
	return (platform_default_nics[p]);
}

int
nic_type_from_name(const char *name, enum nic_type *n)
{
	size_t	i;

	for (i = 0; i < NELEM(nic_names); i++) {
		if (strcasecmp(name, nic_names[i].name) == 0) {
			*n = nic_names[i].nic;
			return (0);
		}
	}
	return (-1);
}

static const char *const confidential_names[CONFIDENTIAL_COUNT] = {
	[CONFIDENTIAL_NONE] = "none",
	[CONFIDENTIAL_SEV] = "sev",
	[CONFIDENTIAL_SEV_SNP] = "sev-snp",
};

const char *
confidential_name(enum confidential c)
{
	if (c < 0 || c >= CONFIDENTIAL_COUNT)
		return ("none");
	return (confidential_names[c]);
}

int
confidential_from_name(const char *name, enum confidential *c)
{
	if (strcasecmp(name, "sev") == 0)
		*c = CONFIDENTIAL_SEV;
	else if (strcasecmp(name, "sev-snp") == 0 ||
	    strcasecmp(name, "sev_snp") == 0)
		*c = CONFIDENTIAL_SEV_SNP;
	else
		return (-1);
	return (0);
}
