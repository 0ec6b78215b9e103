/*
 * The network interfaces of the machine mqplan runs on, from Linux sysfs:
 * NIC type by PCI vendor and device (cloud-rules.md 6), driver, current
 * queues, and the device's maximum from ETHTOOL_GCHANNELS where the
 * kernel answers.
 */
#ifndef PLATFORMS_GUEST_NIC_H
#define PLATFORMS_GUEST_NIC_H

#include <stdbool.h>
#include <stddef.h>

#include "platforms/sysfs.h"

#define GUEST_NICS_MAX	32

struct guest_nic {
	char		 ifname[16];	/* IFNAMSIZ */
	const char	*type;		/* mqplan NIC name, or NULL: unknown */
	unsigned int	 vendor;	/* PCI ids; 0 when not on PCI */
	unsigned int	 device;
	char		 driver[32];	/* "virtio_net", "gve", "ena", "vif" */
	char		 mac[18];	/* "0e:49:61:0f:c3:11" (lower-case hex,
					   as Linux writes it), or "" */
	unsigned int	 rx_queues;	/* in use, from queues/rx-N */
	unsigned int	 tx_queues;
	/* ETHTOOL_GCHANNELS: 0 when the kernel gave no answer. */
	unsigned int	 max_combined;
	unsigned int	 max_rx;
	unsigned int	 max_tx;
	unsigned int	 cur_combined;
};

/*
 * The NIC type for PCI ids vendor:device, or NULL.  Linux driver names
 * are taken too, for devices not on PCI (netfront's "vif").
 */
const char	*guest_nic_type(unsigned int vendor, unsigned int device,
		    const char *driver);

/*
 * Fills nics (at most max) with every interface of class/net that has a
 * device (lo, bridges and other virtual interfaces have none), sorted by
 * name.  Returns the count, or -1 when class/net cannot be read.
 */
int		 guest_nics_scan(const struct sysfs *, struct guest_nic *nics,
		    size_t max);

/*
 * Asks the kernel for the channels of nic (ETHTOOL_GCHANNELS on a local
 * datagram socket, which sends nothing).  Returns 0 and fills the max_ and
 * cur_ fields, or -1 when the driver does not say (errno tells).
 */
int		 guest_nic_channels(struct guest_nic *nic);

/*
 * The queue pairs the device offers as ETHTOOL_GCHANNELS reports them:
 * max_combined, else the smaller of max_rx and max_tx (gve and veth count
 * them apart, and a pair needs one of each), else whichever is not 0.
 * 0 when the kernel did not answer.
 */
unsigned int	 guest_nic_max(const struct guest_nic *nic);

/*
 * Whether Linux's driver for NIC type (a guest_nic_type() name, or NULL)
 * cuts the maximum it reports at the online CPUs, so that a maximum equal
 * to the CPUs hides any larger figure the device has: ena does
 * (min(online CPUs, 128, the device's queues, MSI-X vectors - 1)).
 */
bool		 guest_nic_max_cut_at_cpus(const char *type);

/*
 * The online CPUs from devices/system/cpu/online ("0-3,6"); 0 when the
 * file is missing or malformed.
 */
unsigned int	 guest_cpus(const struct sysfs *);

#endif /* PLATFORMS_GUEST_NIC_H */
