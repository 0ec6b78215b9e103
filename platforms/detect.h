/*
 * Which cloud this machine is on and what it tells of itself, found in
 * two stages, each in a file named for what it does:
 *
 *	detect_offline()  platforms/detect_offline.c: the environment, DMI,
 *			  hypervisor and sysfs files; no network.
 *	detect_online()   platforms/detect_online.c: the metadata service
 *			  the offline stage chose, through the clients of
 *			  platforms/gcp/metadata.h and platforms/aws/imds.h.
 *
 * Both record every variable, file, ioctl and request in d->log (the
 * probe log the clients write to as well), for --explain.
 */
#ifndef PLATFORMS_DETECT_H
#define PLATFORMS_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "platforms/guest_nic.h"
#include "platforms/probe_log.h"
#include "platforms/sysfs.h"

#define DETECT_TEXT_MAX		192
#define DETECT_MDNICS_MAX	32

/*
 * A network interface as the metadata service lists it.  Strings are the
 * service's, unchecked: escape them to show them.
 */
struct metadata_nic {
	int		 index;		/* gcp: networkInterfaces[] position;
					   aws: device-number */
	int		 network_card;	/* aws network-card-index; -1 none */
	char		 mac[32];
	char		 interface_id[32];	/* aws "eni-..."; "" */
	char		 network[96];	/* gcp network, last part; "" */
	char		 nic_type[32];	/* gcp nicType, when listed; "" */
	unsigned int	 queue_count;	/* gcp queueCount; 0 not listed */
};

struct detection {
	const char	*platform;	/* "gcp", "aws", or NULL: none */
	char		 why[DETECT_TEXT_MAX];	/* the deciding probe */
	const char	*hypervisor;	/* aws: "nitro" or "xen"; else NULL */
	/* From DMI, then from the metadata service when it answers. */
	char		 instance_type[64];	/* "" when not known */
	char		 instance_id[64];	/* "" when not known */
	/* The metadata service to ask, and whether to. */
	bool		 metadata_wanted;
	char		 metadata_url[256];	/* base URL */
	char		 metadata_why[DETECT_TEXT_MAX];	/* why (not) */
	bool		 imds_v1_allowed;	/* aws */
	/* What the metadata service said, when asked. */
	bool		 metadata_asked;
	char		 metadata_err[256];	/* "" when it answered */
	char		 region[64];	/* "" when not known */
	char		 zone[64];	/* gcp zone, aws availability zone */
	unsigned int	 metadata_nics;	/* interfaces it lists; 0 unknown */
	struct metadata_nic mdnics[DETECT_MDNICS_MAX];	/* the first ones */
	bool		 imds_v1;	/* aws answered without a token */
	unsigned int	 vcpus;		/* online CPUs; 0 unknown */
	struct guest_nic nics[GUEST_NICS_MAX];
	size_t		 nnics;
	struct probe_log log;		/* what both stages looked at */
};

/*
 * The offline stage, on the machine sysfs describes, with the environment
 * as getenv() sees it: the SDKs' variables first, then DMI and
 * /sys/hypervisor/uuid decide the platform (cloud-rules.md 5, 7, 8); on
 * Nitro DMI also gives the instance type and id.  It chooses whether and
 * where to ask the metadata service (metadata_wanted, metadata_url,
 * metadata_why), and reads the online CPUs and the guest's NICs.  With
 * channels (only meaningful on the real /sys) and a cloud detected, it
 * asks the kernel for each NIC's channels (ETHTOOL_GCHANNELS, through a
 * datagram socket used only as an ioctl handle).  It connects to nothing,
 * and off a cloud it opens no socket at all.
 *
 * Returns 0, or -1 with err set when an environment variable holds a
 * value the SDKs would refuse (an unknown
 * AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE, an endpoint that is not an
 * http:// URL).  *d is cleared first.
 */
int	detect_offline(struct detection *d, const struct sysfs *,
	    bool channels, char *err, size_t errlen);

/*
 * The online stage, after detect_offline(): asks the metadata service it
 * chose, when it chose to ask or force is set; with force and no cloud
 * detected, GCE's then EC2's default endpoints, the platform set from the
 * one that answers.  Within o's deadline; fills the instance type and
 * id, region, zone and the interfaces the service lists.  Returns 0 when
 * it answered or was not asked, -1 when it was asked and failed
 * (d->metadata_err says why).
 */
struct http_opts;
int	detect_online(struct detection *d, const struct http_opts *o,
	    bool force);

#endif /* PLATFORMS_DETECT_H */
