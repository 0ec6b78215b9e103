/*
 * The built-in queue rules, as data.  Each number can be changed by a
 * policy file (mqplan-policy(5)) without a rebuild, which matters because
 * several of them are not stated outright by the clouds' documentation.
 * Facts and their sources: ../shared/reference/cloud-rules.md and
 * nanos-ops.md.
 */
#include <stddef.h>
#include <strings.h>

#include "common/common.h"
#include "policy/rules.h"

static const char *const guest_names[GUEST_DRIVER_COUNT] = {
	[GUEST_IO_QUEUES] = "io-queues",
	[GUEST_AUTO] = "auto",
	[GUEST_SINGLE] = "single",
};

#define NANOS_VIRTIO \
	"Nanos virtio_net_setup(): min(io-queues, max_virtqueue_pairs, CPUs)"

/*
 * Google's own text for both GCE formulas: the help of `gcloud compute
 * instances create --network-interface queue-count` in older google-cloud-sdk
 * releases (command_lib/compute/instances/flags.py; the reference page of
 * `gcloud compute tpus tpu-vm create` still prints it).  Newer releases
 * link to https://cloud.google.com/compute/docs/network-bandwidth#rx-tx
 * instead.  What that text does not state stays in GCE_DOUBT.
 */
#define GCE_QUEUE_COUNT_HELP \
	"gcloud compute instances create --network-interface queue-count " \
	"help (older google-cloud-sdk; still printed at " \
	"https://cloud.google.com/sdk/gcloud/reference/compute/tpus/tpu-vm/" \
	"create)"
#define GCE_DOUBT \
	"the minimum of 1 is not in Google's text (field evidence: an " \
	"e2-micro with gVNIC has 1 queue, firezone PR #8538), nor whether " \
	"the custom queueCount limit is per NIC or a sum over NICs " \
	"(firezone PR #8542: 4 refused on 2 vCPUs)"

const struct rule rules_default[] = {
	{
		.platform = PLATFORM_GCP, .nic = NIC_VIRTIO_NET,
		.share = true, .divisor = 1, .min = 1, .cap = 32,
		.custom_max = 32, .guest = GUEST_IO_QUEUES,
		.source = GCE_QUEUE_COUNT_HELP ": \"For Virtio-net, each "
		    "interface will get min(floor(#vCPU / #vNIC), 32) queues\"",
		.confirmed = true,
		.doubt = GCE_DOUBT,
		.guest_source = NANOS_VIRTIO,
	},
	{
		.platform = PLATFORM_GCP, .nic = NIC_GVNIC,
		.share = true, .divisor = 2, .min = 1, .cap = 16,
		.custom_max = 16, .guest = GUEST_SINGLE,
		.source = GCE_QUEUE_COUNT_HELP ": \"For gVNIC, each interface "
		    "will get min(floor(#vCPU / #vNIC / 2), 16) queues\"",
		.confirmed = true,
		.doubt = GCE_DOUBT,
		.guest_source = "Nanos gve driver sets up one rx and one tx "
		    "queue and ignores io-queues",
	},
	{
		.platform = PLATFORM_AWS, .nic = NIC_ENA,
		.share = false, .divisor = 1, .min = 1, .cap = 32,
		.custom_max = 32, .guest = GUEST_AUTO,
		.source = "AWS instance-type pages, ENA queues per interface; "
		    "ENA Linux best practices: 8 per interface on most types, "
		    "32 on network-accelerated ones",
		.confirmed = false,
		.doubt = "the device's count is AWS's per-type figure where "
		    "published, else derived from a catalog, else a guess; "
		    "a catalog's DefaultEnaQueueCountPerInterface wins",
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
    NELEM(rules_default);

/*
 * Confidential VM, "Limitations" of Google's supported-configurations page
 * (https://cloud.google.com/confidential-computing/confidential-vm/docs/
 * supported-configurations): "AMD SEV on C2D and N2D machine types has a
 * maximum vNIC queue count of 8".  The page's SEV-SNP sentence (N2D) is as
 * ../shared/reference/cloud-rules.md 1.2 gives it; the text seen here
 * covered SEV only.  It names no NIC type, so the cap holds for both.
 */
#define CVM_PAGE \
	"Confidential VM supported configurations, Limitations " \
	"(https://cloud.google.com/confidential-computing/confidential-vm/" \
	"docs/supported-configurations)"

const struct confidential_cap confidential_caps[] = {
	{
		.type = CONFIDENTIAL_SEV, .series = { "c2d", "n2d", NULL },
		.cap = 8,
		.source = CVM_PAGE ": \"AMD SEV on C2D and N2D machine types "
		    "has a maximum vNIC queue count of 8\"",
		.confirmed = true,
		.doubt = NULL,
	},
	{
		.type = CONFIDENTIAL_SEV_SNP, .series = { "n2d", NULL },
		.cap = 8,
		.source = CVM_PAGE ": the same cap for AMD SEV-SNP on N2D",
		.confirmed = false,
		.doubt = "the SEV-SNP cap is taken from a summary of the page, "
		    "not from its text",
	},
};

const size_t confidential_caps_count =
    NELEM(confidential_caps);

/*
 * The machine types each technology runs on, as Google lists them in the
 * requirements of Dataproc's Confidential Compute page (seen in its
 * Japanese rendering, hl=ja; the list itself is in Latin letters): "SEV:
 * c4d, c3d, c2d, n2d, g4-standard-48 - SEV_SNP: n2d - TDX: c3-standard-*,
 * a3-highgpu-1g".  Those are Compute Engine machine types, and no other
 * Google page seen here lists all of them in one place; Compute Engine's
 * supported-configurations page was seen only in part.
 */
#define CVM_TYPES_PAGE \
	"Google Cloud, Dataproc, Confidential Compute, Requirements " \
	"(https://cloud.google.com/dataproc/docs/concepts/" \
	"configuring-clusters/confidential-compute)"

/*
 * SEV-SNP asks for an AMD Milan minimum CPU platform: the Terraform
 * google provider's documentation of confidential_instance_type says the
 * request fails without it.  Google's create page
 * (https://cloud.google.com/confidential-computing/confidential-vm/docs/
 * create-a-confidential-vm-instance) was not seen saying so in its text.
 */
const struct confidential_offer confidential_offers[] = {
	{
		.type = CONFIDENTIAL_SEV,
		.series = { "c2d", "c3d", "c4d", "n2d", NULL },
		.types = { "g4-standard-48", NULL },
		.source = CVM_TYPES_PAGE ": \"SEV: c4d, c3d, c2d, n2d, "
		    "g4-standard-48\"",
		.min_cpu_platform = NULL,
		.min_cpu_source = NULL,
		.min_cpu_confirmed = false,
	},
	{
		.type = CONFIDENTIAL_SEV_SNP,
		.series = { "n2d", NULL },
		.types = { NULL },
		.source = CVM_TYPES_PAGE ": \"SEV_SNP: n2d\"",
		.min_cpu_platform = "AMD Milan",
		.min_cpu_source = "Terraform google provider, "
		    "google_compute_instance, confidential_instance_type "
		    "(https://registry.terraform.io/providers/hashicorp/google/"
		    "latest/docs/resources/compute_instance): with SEV_SNP, "
		    "min_cpu_platform AMD Milan is required or the VM is not "
		    "created",
		.min_cpu_confirmed = false,
	},
};

const size_t confidential_offers_count =
    NELEM(confidential_offers);

/*
 * Only N2D on AMD Milan with AMD SEV live-migrates, and only when it asks
 * for that platform; TERMINATE is accepted for every Confidential VM, so
 * the emitted request asks for it whatever the type.
 */
const char confidential_maintenance_source[] =
    "Confidential VM, Live migration "
    "(https://cloud.google.com/confidential-computing/confidential-vm/docs/"
    "troubleshoot-live-migration): \"All other Confidential VM types don't "
    "support live migration, and must set their onHostMaintenance policy "
    "to TERMINATE when being created\"";

const char *
guest_driver_name(enum guest_driver g)
{
	if (g < 0 || g >= GUEST_DRIVER_COUNT)
		return ("?");
	return (guest_names[g]);
}

int
guest_driver_from_name(const char *name, enum guest_driver *g)
{
	int	i;

	for (i = 0; i < GUEST_DRIVER_COUNT; i++) {
		if (strcasecmp(name, guest_names[i]) == 0) {
			*g = (enum guest_driver)i;
			return (0);
		}
	}
	return (-1);
}
