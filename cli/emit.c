/*
 * --emit gcloud|gce-api|aws-cli: print the cloud-side queue counts that
 * match the plan, refusing what the cloud would refuse.
 *
 * GCE: networkInterfaces[].queueCount and nicType, gcloud's
 * --network-interface=nic-type=…,queue-count=… (the sub-key mirrors the
 * API field; cloud-rules.md 1.1).  AWS: NetworkInterfaces[].EnaQueueCount
 * of run-instances.  What each cloud refuses (GCE's sum over NICs, 1.3;
 * ENA interfaces only, on types with flexible ENA queues, 2.2) is
 * policy/'s rule (policy_check_emit()); this file only words it.
 *
 * A planned GCE Confidential VM is asked for too, since its queue cap is
 * part of the plan.  gcloud's --confidential-compute-type=SEV|SEV_SNP is
 * the API's confidentialInstanceConfig.confidentialInstanceType (enum SEV,
 * SEV_SNP, TDX: https://cloud.google.com/compute/docs/reference/rest/v1/
 * ConfidentialInstanceConfig), as Google's "Create a Confidential VM
 * instance" page uses them (https://cloud.google.com/confidential-computing/
 * confidential-vm/docs/create-a-confidential-vm-instance).  With it
 * --maintenance-policy=TERMINATE, scheduling.onHostMaintenance: Google's
 * "Deploy workloads" page of Confidential Space (https://cloud.google.com/
 * confidential-computing/confidential-space/docs/deploy-workloads) says
 * "For N2D machine types that use SEV, set this to MIGRATE for live
 * migration support. For all other machine types, set this value to
 * TERMINATE", and TERMINATE is valid for N2D too, so one request fits
 * every type.  SEV-SNP also names its minimum CPU platform.  Which types
 * Google offers each technology on, and the sources, are policy/'s
 * (confidential_offers[], policy_confidential_check()).
 *
 * Several interfaces.  GCE attaches each interface to a subnet of a VPC
 * network of its own ("each interface must attach to a subnet of a
 * different VPC network", https://cloud.google.com/vpc/docs/
 * create-use-multiple-interfaces); only nic0 falls back to the default
 * network.  gcloud names them in the same --network-interface list,
 * network=…,subnet=… (https://cloud.google.com/sdk/gcloud/reference/
 * compute/instances/create), the API as networkInterfaces[].network and
 * .subnetwork, URLs or partial URLs such as global/networks/NAME and
 * regions/REGION/subnetworks/NAME (https://cloud.google.com/compute/docs/
 * reference/rest/v1/instances).  So every interface after the first gets
 * the --network/--subnet given for it, else ENn_NETWORK and ENn_SUBNET,
 * placeholders in capitals that GCE's lower-case names cannot be, so an
 * unfilled one is refused rather than taken; stderr says to fill them.
 * AWS: "If you specify a network interface, you must specify any security
 * groups and subnets as part of the network interface" (run-instances'
 * SubnetId, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/
 * API_RunInstances.html), and every one needs a DeviceIndex, 0 for the
 * primary (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/
 * API_InstanceNetworkInterfaceSpecification.html).  With one interface
 * EC2 picks the default subnet; with several each gets its --subnet or an
 * ENn_SUBNET_ID placeholder, since their subnets must share a zone.
 * Groups is left out: each interface then gets its VPC's default security
 * group.  NetworkCardIndex is left out too: AWS's default is card 0, where
 * the primary interface must be (same page), and card 0 holds every
 * interface here; spreading interfaces over a type's further cards would
 * need the per-card interface limits, which the built-in table lacks.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/emit.h"
#include "cli/output.h"
#include "manifest/tuple.h"
#include "policy/rules.h"

static const struct {
	const char	*name;
	enum emit	 emit;
} emit_names[] = {
	{ "gcloud",	EMIT_GCLOUD },
	{ "gce-api",	EMIT_GCE_API },
	{ "aws-cli",	EMIT_AWS_CLI },
	{ "nanos",	EMIT_NANOS },
};

int
emit_from_name(const char *s, enum emit *out)
{
	size_t	i;

	for (i = 0; i < NELEM(emit_names); i++) {
		if (strcmp(s, emit_names[i].name) == 0) {
			*out = emit_names[i].emit;
			return (0);
		}
	}
	cli_error("--emit: unknown format '%s' (gcloud, gce-api, aws-cli, "
	    "nanos)", s);
	return (-1);
}

/* GCE's spelling of a NIC type: the API enum nicType. */
static const char *
gce_nic_type(enum nic_type nic)
{
	switch (nic) {
	case NIC_GVNIC:
		return ("GVNIC");
	case NIC_IDPF:
		return ("IDPF");
	default:
		return ("VIRTIO_NET");
	}
}

static const char *
emit_name(enum emit e)
{
	size_t	i;

	for (i = 0; i < NELEM(emit_names); i++)
		if (emit_names[i].emit == e)
			return (emit_names[i].name);
	return ("?");
}

/* GCE's name of a Confidential VM technology: confidentialInstanceType. */
static const char *
gce_confidential_type(enum confidential c)
{
	return (c == CONFIDENTIAL_SEV_SNP ? "SEV_SNP" : "SEV");
}

/*
 * Whether the cloud takes the request: policy/ decides
 * (policy_check_emit(), then for GCE policy_confidential_check(), which
 * sets *offer to the Confidential VM row or NULL); here only the words
 * around its message.  Returns 0, or -1 (reported).
 */
static int
check_emit(enum emit e, const struct target *t, const struct facts *f,
    const struct decision *d, const struct confidential_offer **offer)
{
	char	err[1024], warn[1024];

	*offer = NULL;
	if (policy_check_emit(f, d, err, sizeof(err), warn,
	    sizeof(warn)) == -1) {
		cli_error("%s", err);
		return (-1);
	}
	if (warn[0] != '\0' && !t->quiet)
		cli_warn("%s (--catalog with describe-instance-types output "
		    "tells)", warn);
	if (e != EMIT_AWS_CLI &&
	    policy_confidential_check(f, offer, err, sizeof(err)) == -1) {
		cli_error("--emit %s: %s", emit_name(e), err);
		return (-1);
	}
	return (0);
}

/*
 * Adds "enN" to list, the interfaces that got placeholders, for the
 * warning emit_placeholders() gives.
 */
static void
placeholder_note(char *list, size_t len, uint32_t i)
{
	size_t	used = strlen(list);

	snprintf(list + used, len - used, "%sen%u", used ? ", " : "", i + 1);
}

/* Says which interfaces got placeholders and how to fill them. */
static void
emit_placeholders(enum emit e, const char *list)
{
	if (list[0] == '\0')
		return;
	if (e == EMIT_AWS_CLI)
		cli_warn("--emit aws-cli: replace the ENn_SUBNET_ID "
		    "placeholders of %s with the subnet IDs (AWS takes the "
		    "subnets of several interfaces in --network-interfaces "
		    "only), or give --subnet enN=ID", list);
	else
		cli_warn("--emit %s: replace the ENn_NETWORK and ENn_SUBNET "
		    "placeholders of %s (GCE puts every interface after the "
		    "first on a VPC network of its own), or give --network "
		    "enN=NAME --subnet enN=NAME", emit_name(e), list);
}

static int
emit_gcloud(const struct target *t, const struct facts *f,
    const struct decision *d)
{
	const struct confidential_offer	*cvm;
	uint32_t			 i;
	char				 name[CLI_NAME_MAX];
	char				 list[FACTS_NICS_MAX * 8] = "";

	if (check_emit(EMIT_GCLOUD, t, f, d, &cvm) == -1)
		return (EXIT_REFUSED);
	/* A type from a --catalog file or metadata: no raw controls. */
	if (f->instance_type != NULL)
		printf("--machine-type=%s \\\n", cli_name(name, sizeof(name),
		    f->instance_type));
	if (cvm != NULL) {
		printf("--confidential-compute-type=%s \\\n",
		    gce_confidential_type(f->confidential));
		if (cvm->min_cpu_platform != NULL)
			printf("--min-cpu-platform=\"%s\" \\\n",
			    cvm->min_cpu_platform);
		printf("--maintenance-policy=TERMINATE \\\n");
	}
	for (i = 0; i < d->nnics; i++) {
		printf("--network-interface=nic-type=%s,queue-count=%u",
		    gce_nic_type(d->nics[i].nic), d->nics[i].device_queues);
		if (i > 0 && t->network[i] == NULL && t->subnet[i] == NULL) {
			printf(",network=EN%u_NETWORK,subnet=EN%u_SUBNET",
			    i + 1, i + 1);
			placeholder_note(list, sizeof(list), i);
		}
		if (t->network[i] != NULL)
			printf(",network=%s", t->network[i]);
		if (t->subnet[i] != NULL)
			printf(",subnet=%s", t->subnet[i]);
		printf("%s\n", i + 1 < d->nnics ? " \\" : "");
	}
	emit_placeholders(EMIT_GCLOUD, list);
	return (cli_finish(EXIT_OK));
}

static int
emit_gce_api(const struct target *t, const struct facts *f,
    const struct decision *d)
{
	const struct confidential_offer	*cvm;
	json_t				*root = NULL, *ifs, *o;
	const char			*net, *sub;
	uint32_t			 i;
	int				 status = EXIT_USAGE;
	bool				 built = false;
	char				 pnet[320], psub[320];
	char				 list[FACTS_NICS_MAX * 8] = "";
	char				 region[FACTS_NICS_MAX * 8] = "";

	if (check_emit(EMIT_GCE_API, t, f, d, &cvm) == -1)
		return (EXIT_REFUSED);
	if ((root = json_object()) == NULL)
		goto out;
	if (cvm != NULL) {
		if (json_object_set_new(root, "confidentialInstanceConfig",
		    json_pack("{s:s}", "confidentialInstanceType",
		    gce_confidential_type(f->confidential))) == -1)
			goto out;
		if (cvm->min_cpu_platform != NULL &&
		    json_object_set_new(root, "minCpuPlatform",
		    json_string(cvm->min_cpu_platform)) == -1)
			goto out;
		if (json_object_set_new(root, "scheduling", json_pack("{s:s}",
		    "onHostMaintenance", "TERMINATE")) == -1)
			goto out;
	}
	if ((ifs = json_array()) == NULL ||
	    json_object_set_new(root, "networkInterfaces", ifs) == -1)
		goto out;
	for (i = 0; i < d->nnics; i++) {
		o = json_pack("{s:s, s:i}", "nicType",
		    gce_nic_type(d->nics[i].nic), "queueCount",
		    (json_int_t)d->nics[i].device_queues);
		if (o == NULL || json_array_append_new(ifs, o) == -1)
			goto out;
		net = t->network[i];
		sub = t->subnet[i];
		/* The API takes partial URLs, not gcloud's bare names. */
		if (net != NULL && strchr(net, '/') == NULL) {
			snprintf(pnet, sizeof(pnet), "global/networks/%s", net);
			net = pnet;
		}
		if (sub != NULL && strchr(sub, '/') == NULL) {
			snprintf(psub, sizeof(psub), "regions/REGION/"
			    "subnetworks/%s", sub);
			sub = psub;
			placeholder_note(region, sizeof(region), i);
		}
		if (i > 0 && net == NULL && sub == NULL) {
			snprintf(pnet, sizeof(pnet), "global/networks/"
			    "EN%u_NETWORK", i + 1);
			snprintf(psub, sizeof(psub), "regions/REGION/"
			    "subnetworks/EN%u_SUBNET", i + 1);
			net = pnet;
			sub = psub;
			placeholder_note(list, sizeof(list), i);
		}
		if (net != NULL && json_object_set_new(o, "network",
		    json_string(net)) == -1)
			goto out;
		if (sub != NULL && json_object_set_new(o, "subnetwork",
		    json_string(sub)) == -1)
			goto out;
	}
	built = true;
	emit_placeholders(EMIT_GCE_API, list);
	if (region[0] != '\0')
		cli_warn("--emit gce-api: replace REGION in the subnetwork of "
		    "%s (the API names a subnet by its region), or give "
		    "--subnet enN=regions/REGION/subnetworks/NAME", region);
	if (output_print(root, FORMAT_JSON) == 0)
		status = cli_finish(EXIT_OK);
out:
	if (!built)
		cli_error("out of memory");
	json_decref(root);
	return (status);
}

static int
emit_aws_cli(const struct target *t, const struct facts *f,
    const struct decision *d)
{
	const struct confidential_offer	*cvm;
	uint32_t			 i;
	char				 name[CLI_NAME_MAX];
	char				 list[FACTS_NICS_MAX * 8] = "";

	if (check_emit(EMIT_AWS_CLI, t, f, d, &cvm) == -1)
		return (EXIT_REFUSED);
	if (f->instance_type != NULL)
		printf("--instance-type %s \\\n", cli_name(name, sizeof(name),
		    f->instance_type));
	printf("--network-interfaces '[");
	for (i = 0; i < d->nnics; i++) {
		printf("%s{", i ? "," : "");
		/* Card 0 is the default: said only where there are more. */
		if (d->network_cards > 1)
			printf("\"NetworkCardIndex\":%u,", d->nics[i].at.card);
		printf("\"DeviceIndex\":%u,\"EnaQueueCount\":%u",
		    d->nics[i].at.device, d->nics[i].device_queues);
		if (t->subnet[i] != NULL)
			printf(",\"SubnetId\":\"%s\"", t->subnet[i]);
		else if (d->nnics > 1) {
			printf(",\"SubnetId\":\"EN%u_SUBNET_ID\"", i + 1);
			placeholder_note(list, sizeof(list), i);
		}
		printf("}");
	}
	printf("]'\n");
	emit_placeholders(EMIT_AWS_CLI, list);
	return (cli_finish(EXIT_OK));
}

/* The manifest tuples the guest reads: `en1:(io-queues:4)`. */
static int
emit_nanos(const struct decision *d)
{
	char	buf[FACTS_NICS_MAX * 32];

	if (tuple_text(d, buf, sizeof(buf)) == -1) {
		cli_error("--emit nanos: too many interfaces");
		return (EXIT_USAGE);
	}
	if (buf[0] == '\0') {
		cli_error("--emit nanos: no interface's driver reads io-queues "
		    "(%s): nothing to emit", nic_type_name(d->nics[0].nic));
		return (EXIT_REFUSED);
	}
	printf("%s\n", buf);
	return (cli_finish(EXIT_OK));
}

/*
 * GCE refuses two interfaces on one network (and so in one subnet): true
 * (reported) when flag names the same one for two interfaces.
 */
static bool
same_place(enum emit e, const char *flag, const char *const *each)
{
	uint32_t	i, j;
	char		name[CLI_NAME_MAX];

	for (i = 0; i < FACTS_NICS_MAX; i++) {
		for (j = i + 1; each[i] != NULL && j < FACTS_NICS_MAX; j++) {
			if (each[j] == NULL || strcmp(each[i], each[j]) != 0)
				continue;
			cli_error("--emit %s: %s names %s for en%u and en%u: GCE "
			    "puts each interface on a VPC network of its own",
			    emit_name(e), flag, cli_name(name, sizeof(name),
			    each[i]), i + 1, j + 1);
			return (true);
		}
	}
	return (false);
}

int
emit_settings(enum emit e, const struct target *t, const struct facts *f,
    const struct decision *d)
{
	enum platform	want = e == EMIT_AWS_CLI ? PLATFORM_AWS : PLATFORM_GCP;
	uint32_t	i;

	if (e == EMIT_NANOS)
		return (emit_nanos(d));
	if (f->platform != want) {
		cli_error("--emit %s is for %s, not %s", emit_name(e),
		    platform_name(want), platform_name(f->platform));
		return (EXIT_USAGE);
	}
	for (i = 0; e == EMIT_AWS_CLI && i < FACTS_NICS_MAX; i++) {
		if (t->network[i] != NULL) {
			cli_error("--emit aws-cli: AWS places an interface by "
			    "its subnet: --subnet en%u=ID, not --network", i + 1);
			return (EXIT_USAGE);
		}
	}
	if (e != EMIT_AWS_CLI && (same_place(e, "--network", t->network) ||
	    same_place(e, "--subnet", t->subnet)))
		return (EXIT_USAGE);
	switch (e) {
	case EMIT_GCLOUD:
		return (emit_gcloud(t, f, d));
	case EMIT_GCE_API:
		return (emit_gce_api(t, f, d));
	case EMIT_AWS_CLI:
	default:
		return (emit_aws_cli(t, f, d));
	}
}
