/*
 * The built-in queue rules, as data.  Each number can be changed by a
 * policy file (mqplan-policy(5)) without a rebuild, which matters because
 * several of them are not stated outright by the clouds' documentation.
 * Facts and their sources: ../shared/reference/cloud-rules.md and
 * nanos-ops.md.
 */
#include <stddef.h>

#include "policy/policy.h"
#include "policy/rules.h"

#define NANOS_VIRTIO \
	"Nanos virtio_net_setup(): min(io-queues, max_virtqueue_pairs, CPUs)"

const struct rule rules_default[] = {
	{
		.platform = PLATFORM_GCP, .nic = NIC_VIRTIO_NET,
		.share = true, .divisor = 1, .min = 1, .cap = 32,
		.custom_max = 32, .guest = GUEST_IO_QUEUES,
		.source = "GCE network-bandwidth docs, Receive and transmit "
		    "queues; Google Cloud blog 2023-11-17 (virtIO max 32)",
		.confirmed = false,
		.doubt = "GCE docs revisions disagree on the VirtIO cap (16 or "
		    "32); set rules.gcp.virtio-net.cap to change it",
		.guest_source = NANOS_VIRTIO,
	},
	{
		.platform = PLATFORM_GCP, .nic = NIC_GVNIC,
		.share = true, .divisor = 2, .min = 1, .cap = 16,
		.custom_max = 16, .guest = GUEST_SINGLE,
		.source = "GCE network-bandwidth docs, Receive and transmit "
		    "queues; firezone PR #8538 (e2-micro gVNIC: 1 queue)",
		.confirmed = false,
		.doubt = "older GCE docs had no division by 2 for gVNIC",
		.guest_source = "Nanos gve driver sets up one rx and one tx "
		    "queue and ignores io-queues",
	},
	{
		.platform = PLATFORM_AWS, .nic = NIC_ENA,
		.share = false, .divisor = 1, .min = 1, .cap = 32,
		.custom_max = 32, .guest = GUEST_AUTO,
		.source = "ENA Linux best practices: MIN(per-ENI max, vCPUs); "
		    "Nanos multiqueue blog: one per vCPU, up to 32",
		.confirmed = false,
		.doubt = "ENA best practices put the per-ENI max at 8 on most "
		    "types and 32 on network-accelerated ones; a catalog's "
		    "DefaultEnaQueueCountPerInterface wins when known",
		.guest_source = "Nanos ENA driver uses min(CPUs, device queues, "
		    "MSI-X vectors - 1) and ignores io-queues",
	},
	{
		.platform = PLATFORM_AWS, .nic = NIC_NETFRONT,
		.share = false, .divisor = 1, .min = 1, .cap = 1,
		.custom_max = 0, .guest = GUEST_SINGLE,
		.source = "Linux xen-netfront: backend multi-queue-max-queues "
		    "defaults to 1",
		.confirmed = false,
		.doubt = "the EC2 Xen backend's queue maximum is not published",
		.guest_source = "Nanos xennet driver is single-queue",
	},
	{
		.platform = PLATFORM_AWS, .nic = NIC_IXGBEVF,
		.share = false, .divisor = 1, .min = 1, .cap = 2,
		.custom_max = 0, .guest = GUEST_SINGLE,
		.source = "Linux ixgbevf: IXGBEVF_MAX_RSS_QUEUES 2",
		.confirmed = false,
		.doubt = "whether the EC2 PF grants the VF 2 queues is not "
		    "published",
		.guest_source = "Nanos has no ixgbevf driver: without "
		    "sriovNetSupport the instance presents netfront, one queue",
	},
};

const size_t rules_default_count =
    sizeof(rules_default) / sizeof(rules_default[0]);
