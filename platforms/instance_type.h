/*
 * What one cloud instance type (AWS) or machine type (GCE) tells about its
 * network: vCPUs, the NIC types it allows, and the queue figures the cloud
 * publishes for it.
 *
 * A struct instance_type is plain data: it owns no memory and may be copied
 * by assignment.  The string pointers in it point at static storage.
 */
#ifndef PLATFORMS_INSTANCE_TYPE_H
#define PLATFORMS_INSTANCE_TYPE_H

#include <stdbool.h>
#include <stddef.h>

#define INSTANCE_TYPE_NAME_MAX	64
#define INSTANCE_TYPE_NICS_MAX	4
#define INSTANCE_TYPE_TEXT_MAX	160
#define INSTANCE_TYPE_SOURCE_MAX	384

/* How well a figure is known, best first. */
enum basis {
	BASIS_NONE = 0,		/* no figure */
	BASIS_CONFIRMED,	/* a public source quoted in the reference notes */
	BASIS_PUBLISHED,	/* the cloud's own per-type table or API output */
	BASIS_DERIVED,		/* a stated rule applied to published figures */
	BASIS_GUESS,		/* no public source states it */
};

/* A figure's basis and source: a page, a file and field, or a rule. */
struct provenance {
	enum basis	 basis;
	char		 source[INSTANCE_TYPE_SOURCE_MAX];
};

struct instance_type {
	char		 name[INSTANCE_TYPE_NAME_MAX];
	const char	*platform;	/* "gcp" or "aws" */
	char		 family[16];	/* "n2", "c5n", ... */
	unsigned int	 vcpus;		/* always >= 1 once looked up */

	/*
	 * NIC types the type can have, by their mqplan names ("virtio-net",
	 * "gvnic", "idpf", "ena", "netfront", "ixgbevf"); the one the cloud
	 * gives by default first; unused slots NULL.
	 */
	const char	*nics[INSTANCE_TYPE_NICS_MAX];

	const char	*hypervisor;	/* aws: "nitro" or "xen"; gcp: NULL */
	unsigned int	 generation;	/* gcp machine series generation; 0 unknown */
	bool		 shared_core;	/* gcp e2-micro, f1-micro, ... */
	bool		 bare_metal;	/* aws *.metal*, gcp *-metal */
	bool		 custom;	/* gcp custom-C-M */
	unsigned int	 accelerators;	/* gcp GPUs or TPUs named by the type */

	/* AWS ENA queue figures; 0 means not known. */
	unsigned int	 ena_default;	/* DefaultEnaQueueCountPerInterface */
	unsigned int	 ena_max;	/* MaximumEnaQueueCountPerInterface */
	int		 flexible_ena;	/* 1 supported, 0 unsupported, -1 unknown */
	unsigned int	 max_nics;	/* network interfaces allowed; 0 unknown */
	/* AWS network cards and the most interfaces one takes; 0 unknown. */
	unsigned int	 network_cards;
	unsigned int	 card_max_nics;
	/*
	 * MaximumEnaQueueCount of each network card (of a type with several,
	 * only when all give the same); 0 unknown.
	 */
	unsigned int	 ena_card_max;

	/*
	 * How the vCPU count was found, in words for --explain: "number after
	 * the type in n2-standard-32", "exception table: c4.8xlarge", ...
	 */
	char		 vcpus_rule[INSTANCE_TYPE_TEXT_MAX];
	/* Where the row comes from: "built-in table", "catalog FILE". */
	char		 source[INSTANCE_TYPE_TEXT_MAX];

	/*
	 * Where each figure comes from and how well it is known.  vcpus_from
	 * covers vcpus; nics_from nics and hypervisor; ena_from ena_default,
	 * ena_max, flexible_ena and ena_card_max (how ena_default was found:
	 * AWS's per-type table or a catalog's DefaultEnaQueueCountPerInterface
	 * is published, floor(MaximumEnaQueueCount / MaximumNetworkInterfaces)
	 * of a catalog's network card derived, ENA best practices' 8 or 32 a
	 * guess; BASIS_NONE when the type has no ENA); max_nics_from max_nics,
 * network_cards and card_max_nics.
	 * A built-in row without a source is a bug that tests/check_catalog.c
	 * finds.
	 */
	struct provenance vcpus_from;
	struct provenance nics_from;
	struct provenance ena_from;
	struct provenance max_nics_from;
};

/*
 * Callback for the *_foreach() enumerators: a non-zero return stops the
 * walk and becomes the enumerator's return value.
 */
typedef int	(*instance_type_fn)(const struct instance_type *, void *);

/* Sets every field to its "unknown" value (flexible_ena = -1). */
void	instance_type_init(struct instance_type *);

/* Sets p; source is a printf format. */
void	provenance_set(struct provenance *p, enum basis, const char *fmt, ...)
	    __attribute__((__format__(__printf__, 3, 4)));

/* "confirmed", "published", "derived", "guess"; "none" for BASIS_NONE. */
const char	*basis_name(enum basis);

/*
 * True when every figure the type has is confirmed or published: what
 * --explain calls a confirmed row.
 */
bool	instance_type_confirmed(const struct instance_type *);

/*
 * The cloud's limit on network interfaces: 0 when nnics fits or the type
 * has no known limit; -1 when the cloud would refuse nnics, with one line in
 * err naming the limit and its provenance (basis and source).
 */
int	instance_type_check_nics(const struct instance_type *,
	    unsigned int nnics, char *err, size_t errlen);

/* True if the type allows NIC type nic. */
bool	instance_type_allows_nic(const struct instance_type *, const char *nic);

#endif /* PLATFORMS_INSTANCE_TYPE_H */
