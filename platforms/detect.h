/*
 * Which cloud this machine is on, decided without the network: explicit
 * environment first (the variables the clouds' SDKs honour), then DMI and
 * hypervisor files (cloud-rules.md 5, 7, 8).  The metadata service is
 * worth asking only when this says the cloud is there.
 *
 * Every file read and variable looked at is recorded as a probe with its
 * answer and time, for --explain.
 */
#ifndef PLATFORMS_DETECT_H
#define PLATFORMS_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "platforms/guest_nic.h"
#include "platforms/sysfs.h"

#define DETECT_PROBES_MAX	32
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

struct probe {
	char	what[128];	/* "env GCE_METADATA_HOST", "DMI sys_vendor" */
	char	answer[DETECT_TEXT_MAX];	/* what it said, or "absent" */
	double	ms;
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
	struct probe	 probes[DETECT_PROBES_MAX];
	size_t		 nprobes;
};

/*
 * Runs the offline stages on the machine sysfs describes, with the
 * environment as getenv() sees it.  Returns 0, or -1 with err set when an
 * environment variable holds a value the SDKs would refuse (an unknown
 * AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE, an endpoint that is not an
 * http:// URL).  channels asks the kernel for each NIC's channels (only
 * meaningful on the real /sys).
 */
int	detect_offline(struct detection *, const struct sysfs *,
	    bool channels, char *err, size_t errlen);

/*
 * The network stage: asks the metadata service the offline stage chose
 * (or, with force and no cloud detected, GCE's then EC2's default
 * endpoints), within o's deadline.  Returns 0 when it answered or was not
 * asked, -1 when it was asked and failed (d->metadata_err says why).  On
 * a cloud, also reads each NIC's channels (channels true).
 */
struct http_opts;
int	detect_online(struct detection *, const struct http_opts *o,
	    bool force);

/* Records a probe of d (dropped past DETECT_PROBES_MAX). */
void	detect_probe(struct detection *d, const char *what, const char *answer,
	    double ms);

#endif /* PLATFORMS_DETECT_H */
