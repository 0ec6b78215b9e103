/*
 * What the planner knows about a machine: the input of policy_decide().
 *
 * policy/ owns the vocabulary of platforms and NIC types because its rules
 * are keyed by them; platforms/ speaks in their names ("gcp", "gvnic") and
 * cli/ translates with the *_from_name() functions.
 */
#ifndef POLICY_FACTS_H
#define POLICY_FACTS_H

#include <stdbool.h>
#include <stdint.h>

enum platform {
	PLATFORM_NONE = 0,
	PLATFORM_GCP,
	PLATFORM_AWS,
	PLATFORM_COUNT
};

enum nic_type {
	NIC_NONE = 0,
	NIC_VIRTIO_NET,
	NIC_GVNIC,
	NIC_IDPF,
	NIC_ENA,
	NIC_NETFRONT,
	NIC_IXGBEVF,
	NIC_TYPE_COUNT
};

/*
 * The Confidential VM technology a GCE instance asks for
 * (confidentialInstanceConfig; ops' CloudConfig.ConfidentialVM is SEV).
 */
enum confidential {
	CONFIDENTIAL_NONE = 0,
	CONFIDENTIAL_SEV,
	CONFIDENTIAL_SEV_SNP,
	CONFIDENTIAL_COUNT
};

/* Whether an AWS type takes EnaQueueCount (FlexibleEnaQueuesSupport). */
enum ena_flexible {
	ENA_FLEXIBLE_UNKNOWN = 0,
	ENA_FLEXIBLE_NO,
	ENA_FLEXIBLE_YES
};

/* At most this many interfaces (en1 .. en32) per machine. */
#define FACTS_NICS_MAX	32

struct facts_nic {
	enum nic_type	 nic;
	uint32_t	 io_queues;	/* io-queues asked for; 0 = none */
	/*
	 * Cloud-side custom queue count (GCE networkInterfaces[].queueCount,
	 * AWS EnaQueueCount); 0 = the cloud's default allocation.
	 */
	uint32_t	 queue_count;
};

struct facts {
	enum platform	 platform;
	const char	*instance_type;	/* for the trace; may be NULL */
	uint32_t	 vcpus;		/* >= 1 */
	const char	*vcpus_rule;	/* how vcpus was found; may be NULL */
	bool		 vcpus_confirmed;
	uint32_t	 nnics;		/* 1 .. FACTS_NICS_MAX */
	struct facts_nic nics[FACTS_NICS_MAX];

	/* AWS ENA queues per interface of the type; 0 = not known. */
	uint32_t	 ena_default;	/* DefaultEnaQueueCountPerInterface */
	uint32_t	 ena_max;	/* MaximumEnaQueueCountPerInterface */
	const char	*ena_source;	/* where those two came from */
	/* "published", "derived" or "guess": how ena_default was found. */
	const char	*ena_basis;
	/*
	 * MaximumEnaQueueCount of each of the type's network cards (a type
	 * with several counts only when all give the same); 0 = not known.
	 */
	uint32_t	 ena_card_max;
	/* AWS network cards and the interfaces one takes; 0 = not known. */
	uint32_t	 network_cards;
	uint32_t	 card_max_nics;
	enum ena_flexible ena_flexible;	/* of the type; UNKNOWN without one */

	enum confidential confidential;	/* GCE Confidential VM, or NONE */
	const char	*confidential_rule;	/* where it was asked; or NULL */
};

/* Zeroes *f: no platform, no NICs. */
void		 facts_init(struct facts *f);

/* "gcp", "aws"; "none" for PLATFORM_NONE. */
const char	*platform_name(enum platform);
/* Case-insensitive; returns 0 and sets *p, or -1 if name is unknown. */
int		 platform_from_name(const char *name, enum platform *p);

/* "virtio-net", "gvnic", "idpf", "ena", "netfront", "ixgbevf". */
const char	*nic_type_name(enum nic_type);
/*
 * Case-insensitive, and takes the clouds' spellings too (VIRTIO_NET,
 * GVNIC, IDPF) and the Linux driver names (virtio_net, gve, vif); returns 0
 * and sets *n, or -1 if name is unknown.
 */
int		 nic_type_from_name(const char *name, enum nic_type *n);

/*
 * The cloud a NIC type exists on (GCE: virtio-net, gvnic, idpf; AWS: ena,
 * netfront, ixgbevf); PLATFORM_NONE for NIC_NONE.
 */
enum platform	 nic_type_platform(enum nic_type);
/* The NIC type a platform gives when nothing names one: its default. */
enum nic_type	 platform_default_nic(enum platform);

/* "none", "sev", "sev-snp". */
const char	*confidential_name(enum confidential);
/*
 * Case-insensitive, and takes the GCE API's spellings (SEV, SEV_SNP);
 * returns 0 and sets *c, or -1 if name is unknown.
 */
int		 confidential_from_name(const char *name, enum confidential *c);

#endif /* POLICY_FACTS_H */
