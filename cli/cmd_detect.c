/*
 * mqplan detect: which cloud, instance type, vCPUs and NICs this machine
 * has, from the environment, DMI and sysfs, and from the metadata service
 * only when those say the cloud is there (or --probe).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "platforms/detect.h"
#include "platforms/http.h"

#define DETECT_SCHEMA	"mqplan.detect/1"
#define ERR_MAX		512

struct detect_args {
	enum format	 format;
	bool		 explain;
	bool		 probe;
	bool		 quiet;
	uint32_t	 connect_ms;
	uint32_t	 budget_ms;
};

static int
detect_option(int key, const char *val, void *arg)
{
	struct detect_args	*a = arg;

	switch (key) {
	case OPT_FORMAT:
		return (cli_format(val, true, &a->format));
	case OPT_EXPLAIN:
		a->explain = true;
		return (0);
	case OPT_PROBE:
		a->probe = true;
		return (0);
	case OPT_QUIET:
		a->quiet = true;
		return (0);
	case OPT_CONNECT_TIMEOUT:
		return (cli_number("--connect-timeout", val, 1, 60000,
		    &a->connect_ms));
	case OPT_BUDGET:
		return (cli_number("--budget", val, 1, 600000,
		    &a->budget_ms));
	default:
		return (-1);
	}
}

/*
 * What the cloud's rule predicts each NIC's device exposes on this
 * instance type, into rule[] (0 when it cannot say): compared with the
 * device's own maximum, a field check of the rule.
 */
static void
predict(const struct detection *d, uint32_t *rule)
{
	struct target	t;
	struct facts	f;
	struct decision	dec;
	enum nic_type	nic;
	char		err[ERR_MAX], warn[ERR_MAX];
	size_t		i;

	memset(rule, 0, sizeof(*rule) * GUEST_NICS_MAX);
	if (d->platform == NULL || d->instance_type[0] == '\0' ||
	    d->nnics == 0 || d->nnics > FACTS_NICS_MAX)
		return;
	target_init(&t);
	t.platform = strcmp(d->platform, "gcp") == 0 ? "gcp" : "aws";
	t.type = d->instance_type;
	t.nnics = (uint32_t)d->nnics;
	for (i = 0; i < d->nnics; i++) {
		if (d->nics[i].type == NULL)
			goto out;
		if (strcmp(d->nics[i].type, "efa") == 0)
			t.nic[i] = NIC_ENA;
		else if (nic_type_from_name(d->nics[i].type, &nic) == 0)
			t.nic[i] = nic;
		else
			goto out;
	}
	memset(&dec, 0, sizeof(dec));
	if (target_build(&t, &f, err, sizeof(err), warn, sizeof(warn)) == 0 &&
	    policy_decide(&t.policy, &f, &dec, err, sizeof(err)) == 0)
		for (i = 0; i < d->nnics; i++)
			rule[i] = dec.nics[i].device_queues;
	decision_release(&dec);
out:
	target_release(&t);
}

static void
pci_text(const struct guest_nic *n, char *buf, size_t len)
{
	if (n->vendor == 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%04x:%04x", n->vendor, n->device);
}

static void
detect_text(const struct detection *d, const uint32_t *rule, bool explain)
{
	const struct guest_nic	*n;
	char			 pci[16], max[16], pred[16];
	unsigned int		 devmax;
	size_t			 i;

	if (explain) {
		printf("probes:\n");
		for (i = 0; i < d->nprobes; i++)
			printf("  %8.3f ms  %-40s %s\n", d->probes[i].ms,
			    d->probes[i].what, d->probes[i].answer);
		putchar('\n');
	}
	if (d->platform == NULL)
		printf("%-10s none detected (%s)\n", "platform", d->why);
	else
		printf("%-10s %s (%s)\n", "platform", d->platform, d->why);
	if (d->instance_type[0] != '\0')
		printf("%-10s %s\n", "type", d->instance_type);
	if (d->location[0] != '\0')
		printf("%-10s %s\n", "location", d->location);
	if (d->hypervisor != NULL)
		printf("%-10s %s\n", "hypervisor", d->hypervisor);
	if (d->instance_id[0] != '\0')
		printf("%-10s %s\n", "instance", d->instance_id);
	printf("%-10s %u\n", "vcpus", d->vcpus);
	if (d->metadata_asked)
		printf("%-10s %s%s%s\n", "metadata", d->metadata_url,
		    d->imds_v1 ? " (IMDSv1)" : "",
		    d->metadata_nics ? "" : "");
	else
		printf("%-10s not asked (%s)\n", "metadata", d->metadata_why);
	if (d->metadata_nics != 0)
		printf("%-10s %u (metadata), %zu seen by the guest\n", "nics",
		    d->metadata_nics, d->nnics);
	if (d->nnics == 0)
		return;
	printf("%-10s %-11s %-11s %-10s %6s %6s %6s\n", "IFACE", "TYPE",
	    "DRIVER", "PCI", "QUEUES", "MAX", "RULE");
	for (i = 0; i < d->nnics; i++) {
		n = &d->nics[i];
		pci_text(n, pci, sizeof(pci));
		devmax = n->max_combined ? n->max_combined : n->max_rx;
		snprintf(max, sizeof(max), devmax ? "%u" : "-", devmax);
		snprintf(pred, sizeof(pred), rule[i] ? "%u" : "-", rule[i]);
		printf("%-10s %-11s %-11s %-10s %6u %6s %6s\n", n->ifname,
		    n->type ? n->type : "-", n->driver[0] ? n->driver : "-",
		    pci, n->rx_queues, max, pred);
	}
	for (i = 0; i < d->nnics; i++) {
		n = &d->nics[i];
		devmax = n->max_combined ? n->max_combined : n->max_rx;
		if (devmax == 0 || rule[i] == 0)
			continue;
		if (devmax == rule[i])
			printf("%s: the device's maximum, %u, is what the %s rule "
			    "predicts\n", n->ifname, devmax, d->platform);
		else
			printf("%s: the device's maximum, %u, differs from the "
			    "%u the %s rule predicts: correct the rule with a "
			    "policy file (mqplan-policy(5))\n", n->ifname,
			    devmax, rule[i], d->platform);
	}
}

static json_t *
detect_json(const struct detection *d, const uint32_t *rule, bool explain)
{
	json_t	*root, *nics, *o, *probes;
	size_t	 i;

	root = json_pack("{s:s, s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:i}",
	    "schema", DETECT_SCHEMA,
	    "platform", d->platform,
	    "why", d->why,
	    "hypervisor", d->hypervisor,
	    "instance_type", d->instance_type[0] ? d->instance_type : NULL,
	    "instance_id", d->instance_id[0] ? d->instance_id : NULL,
	    "location", d->location[0] ? d->location : NULL,
	    "vcpus", (json_int_t)d->vcpus);
	o = json_pack("{s:b, s:s?, s:s, s:s?, s:o, s:b}",
	    "asked", d->metadata_asked,
	    "url", d->metadata_url[0] ? d->metadata_url : NULL,
	    "why", d->metadata_why,
	    "error", d->metadata_err[0] ? d->metadata_err : NULL,
	    "interfaces", d->metadata_nics ?
	    json_integer(d->metadata_nics) : json_null(),
	    "imds_v1", d->imds_v1);
	if (root == NULL || o == NULL ||
	    json_object_set_new(root, "metadata", o) == -1 ||
	    (nics = json_array()) == NULL ||
	    json_object_set_new(root, "nics", nics) == -1)
		goto fail;
	for (i = 0; i < d->nnics; i++) {
		const struct guest_nic	*n = &d->nics[i];

		o = json_pack("{s:s, s:s?, s:s?, s:o, s:o, s:s?, s:i, s:i, "
		    "s:o, s:o}",
		    "name", n->ifname,
		    "type", n->type,
		    "driver", n->driver[0] ? n->driver : NULL,
		    "vendor", n->vendor ? json_integer(n->vendor) :
		    json_null(),
		    "device", n->vendor ? json_integer(n->device) :
		    json_null(),
		    "mac", n->mac[0] ? n->mac : NULL,
		    "rx_queues", (json_int_t)n->rx_queues,
		    "tx_queues", (json_int_t)n->tx_queues,
		    "max_combined", n->max_combined ?
		    json_integer(n->max_combined) : json_null(),
		    "rule_queues", rule[i] ? json_integer(rule[i]) :
		    json_null());
		if (o == NULL || json_array_append_new(nics, o) == -1)
			goto fail;
	}
	if (explain) {
		if ((probes = json_array()) == NULL ||
		    json_object_set_new(root, "probes", probes) == -1)
			goto fail;
		for (i = 0; i < d->nprobes; i++) {
			o = json_pack("{s:s, s:s, s:f}", "what",
			    d->probes[i].what, "answer", d->probes[i].answer,
			    "ms", d->probes[i].ms);
			if (o == NULL || json_array_append_new(probes, o) == -1)
				goto fail;
		}
	}
	return (root);
fail:
	json_decref(root);
	return (NULL);
}

int
cmd_detect(int argc, char **argv, const struct cmd *c)
{
	struct detect_args	 a;
	struct detection	*d;
	struct sysfs		 s;
	struct http_opts	 o;
	json_t			*root = NULL;
	const char		*root_dir;
	char			 err[ERR_MAX];
	uint32_t		 rule[GUEST_NICS_MAX];
	int			 rc, status = EXIT_USAGE;

	memset(&a, 0, sizeof(a));
	a.connect_ms = HTTP_CONNECT_MS;
	a.budget_ms = HTTP_BUDGET_MS;
	if ((d = calloc(1, sizeof(*d))) == NULL) {
		cli_error("out of memory");
		return (EXIT_USAGE);
	}
	if ((rc = cli_parse(c, argc, argv, detect_option, &a)) != 0) {
		status = rc == 1 ? cli_finish(EXIT_OK) : EXIT_USAGE;
		goto out;
	}
	if (optind < argc) {
		cli_error("detect: unexpected argument '%s' (see 'mqplan "
		    "detect --help')", argv[optind]);
		goto out;
	}
	root_dir = getenv("MQPLAN_SYSFS_ROOT");
	sysfs_init(&s, root_dir);
	o.connect_ms = a.connect_ms;
	o.deadline = http_now() + a.budget_ms;
	/* Channels come from the running kernel, never from a fixture. */
	if (detect_offline(d, &s, root_dir == NULL || root_dir[0] == '\0',
	    err, sizeof(err)) == -1) {
		cli_error("detect: %s", err);
		goto out;
	}
	rc = detect_online(d, &o, a.probe);
	predict(d, rule);
	if (a.format == FORMAT_TEXT)
		detect_text(d, rule, a.explain);
	else {
		root = detect_json(d, rule, a.explain);
		if (output_print(root, a.format) == -1)
			goto out;
	}
	if (rc == -1) {
		cli_error("detect: %s", d->metadata_err);
		status = cli_finish(EXIT_REFUSED);
		goto out;
	}
	status = cli_finish(EXIT_OK);
out:
	json_decref(root);
	free(d);
	return (status);
}
