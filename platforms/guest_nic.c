#include <sys/ioctl.h>
#include <sys/socket.h>

#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/common.h"
#include "platforms/guest_nic.h"

/* PCI ids of the clouds' NICs: cloud-rules.md 6. */
static const struct {
	unsigned int	 vendor;
	unsigned int	 device;
	const char	*type;
} pci_ids[] = {
	{ 0x1af4, 0x1000, "virtio-net" },	/* transitional */
	{ 0x1af4, 0x1041, "virtio-net" },	/* modern */
	{ 0x1ae0, 0x0042, "gvnic" },
	{ 0x1d0f, 0x0ec2, "ena" },
	{ 0x1d0f, 0x1ec2, "ena" },
	{ 0x1d0f, 0xec20, "ena" },
	{ 0x1d0f, 0xec21, "ena" },
	{ 0x1d0f, 0xefa0, "efa" },
	{ 0x1d0f, 0xefa1, "efa" },
	{ 0x1d0f, 0xefa2, "efa" },
	{ 0x1d0f, 0xefa3, "efa" },
	{ 0x8086, 0x1452, "idpf" },
	{ 0x8086, 0x145c, "idpf" },
	{ 0x8086, 0x10ed, "ixgbevf" },
	{ 0x8086, 0x152e, "ixgbevf" },
};

/* For devices not on PCI. */
static const struct {
	const char	*driver;
	const char	*type;
} drivers[] = {
	{ "vif", "netfront" },
	{ "xen-netfront", "netfront" },
};

const char *
guest_nic_type(unsigned int vendor, unsigned int device, const char *driver)
{
	size_t	i;

	for (i = 0; i < NELEM(pci_ids); i++)
		if (pci_ids[i].vendor == vendor && pci_ids[i].device == device)
			return (pci_ids[i].type);
	for (i = 0; driver != NULL && i < NELEM(drivers);
	    i++)
		if (strcmp(drivers[i].driver, driver) == 0)
			return (drivers[i].type);
	return (NULL);
}

/* The number of entries of dir whose names start with prefix. */
static unsigned int
count_prefixed(const struct sysfs *s, const char *rel, const char *prefix)
{
	char		 path[PATH_MAX];
	struct dirent	*de;
	DIR		*d;
	unsigned int	 n = 0;

	if (sysfs_path(s, rel, path, sizeof(path)) == NULL ||
	    (d = opendir(path)) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return (n);
}

static int
cmp_nic(const void *a, const void *b)
{
	return (strcmp(((const struct guest_nic *)a)->ifname,
	    ((const struct guest_nic *)b)->ifname));
}

/*
 * Reads the device ids of interface name.  A virtio NIC's "device" is
 * the virtio device (vendor 0x1af4, device = virtio type 1); its PCI ids
 * are one level up (cloud-rules.md 5.3).
 */
static void
read_ids(const struct sysfs *s, const char *name, struct guest_nic *n)
{
	char		rel[PATH_MAX];
	unsigned int	v, d;

	snprintf(rel, sizeof(rel), "class/net/%s/device/vendor", name);
	if (sysfs_read_hex(s, rel, &v) == -1)
		return;
	snprintf(rel, sizeof(rel), "class/net/%s/device/device", name);
	if (sysfs_read_hex(s, rel, &d) == -1)
		return;
	if (v == 0x1af4 && d < 0x1000) {
		snprintf(rel, sizeof(rel), "class/net/%s/device/../vendor",
		    name);
		if (sysfs_read_hex(s, rel, &v) == -1)
			return;
		snprintf(rel, sizeof(rel), "class/net/%s/device/../device",
		    name);
		if (sysfs_read_hex(s, rel, &d) == -1)
			return;
	}
	n->vendor = v;
	n->device = d;
}

/* "0e:49:61:0f:c3:11": the only form class/net/X/address is used in. */
static bool
is_mac(const char *s)
{
	size_t	i;

	for (i = 0; i < 17; i++)
		if (i % 3 == 2 ? s[i] != ':' : strchr("0123456789abcdef",
		    s[i]) == NULL || s[i] == '\0')
			return (false);
	return (s[17] == '\0');
}

int
guest_nics_scan(const struct sysfs *s, struct guest_nic *nics, size_t max)
{
	char		 path[PATH_MAX], rel[PATH_MAX];
	struct dirent	*de;
	struct guest_nic *n;
	DIR		*d;
	size_t		 count = 0;

	if (sysfs_path(s, "class/net", path, sizeof(path)) == NULL ||
	    (d = opendir(path)) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL && count < max) {
		if (de->d_name[0] == '.' ||
		    strlen(de->d_name) >= sizeof(nics[0].ifname))
			continue;
		/* Only interfaces backed by a device: no lo, bridge, veth. */
		snprintf(rel, sizeof(rel), "class/net/%s/device", de->d_name);
		if (sysfs_path(s, rel, path, sizeof(path)) == NULL ||
		    access(path, F_OK) == -1)
			continue;
		n = &nics[count++];
		memset(n, 0, sizeof(*n));
		snprintf(n->ifname, sizeof(n->ifname), "%s", de->d_name);
		snprintf(rel, sizeof(rel), "class/net/%s/device/driver",
		    de->d_name);
		sysfs_link_name(s, rel, n->driver, sizeof(n->driver));
		read_ids(s, de->d_name, n);
		snprintf(rel, sizeof(rel), "class/net/%s/address", de->d_name);
		/* It goes into metadata URLs: nothing but a MAC will do. */
		if (sysfs_read(s, rel, n->mac, sizeof(n->mac)) != 17 ||
		    !is_mac(n->mac))
			n->mac[0] = '\0';
		n->type = guest_nic_type(n->vendor, n->device, n->driver);
		snprintf(rel, sizeof(rel), "class/net/%s/queues", de->d_name);
		n->rx_queues = count_prefixed(s, rel, "rx-");
		n->tx_queues = count_prefixed(s, rel, "tx-");
	}
	closedir(d);
	qsort(nics, count, sizeof(*nics), cmp_nic);
	return ((int)count);
}

int
guest_nic_channels(struct guest_nic *nic)
{
	struct ethtool_channels	ch;
	struct ifreq		ifr;
	int			fd, rc, saved;

	memset(&ch, 0, sizeof(ch));
	memset(&ifr, 0, sizeof(ifr));
	ch.cmd = ETHTOOL_GCHANNELS;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", nic->ifname);
	ifr.ifr_data = (char *)&ch;
	/* A datagram socket is only a handle for the ioctl: nothing is sent. */
	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return (-1);
	rc = ioctl(fd, SIOCETHTOOL, &ifr);
	saved = errno;
	close(fd);
	errno = saved;
	if (rc == -1)
		return (-1);
	nic->max_combined = ch.max_combined;
	nic->max_rx = ch.max_rx;
	nic->max_tx = ch.max_tx;
	nic->cur_combined = ch.combined_count;
	return (0);
}

unsigned int
guest_nic_max(const struct guest_nic *nic)
{
	if (nic->max_combined != 0)
		return (nic->max_combined);
	if (nic->max_rx != 0 && nic->max_tx != 0)
		return (nic->max_rx < nic->max_tx ? nic->max_rx : nic->max_tx);
	return (nic->max_rx != 0 ? nic->max_rx : nic->max_tx);
}

bool
guest_nic_max_cut_at_cpus(const char *type)
{
	/*
	 * ena_calc_max_io_queue_num() in Linux's ena_netdev.c; an EFA
	 * interface's netdev is ena's too.
	 */
	return (type != NULL && (strcmp(type, "ena") == 0 ||
	    strcmp(type, "efa") == 0));
}

unsigned int
guest_cpus(const struct sysfs *s)
{
	char		 buf[4096], *p, *end;
	unsigned long	 a, b, n = 0;

	if (sysfs_read(s, "devices/system/cpu/online", buf, sizeof(buf)) <= 0)
		return (0);
	for (p = buf; *p != '\0';) {
		if (*p < '0' || *p > '9')
			return (0);
		a = strtoul(p, &end, 10);
		b = a;
		if (*end == '-') {
			p = end + 1;
			if (*p < '0' || *p > '9')
				return (0);
			b = strtoul(p, &end, 10);
		}
		if (b < a || b > 65535)
			return (0);
		n += b - a + 1;
		p = end;
		if (*p == ',')
			p++;
		else if (*p != '\0')
			return (0);
	}
	return ((unsigned int)n);
}
