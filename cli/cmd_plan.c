/*
 * mqplan plan: how many queues each network interface of a machine will
 * use, and why.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/emit.h"
#include "cli/output.h"

/* Bump on any change a consumer of the JSON could notice. */
#define PLAN_SCHEMA	"mqplan.plan/1"

struct plan_args {
	struct target	 t;
	enum emit	 emit;
};

static int
plan_option(int key, const char *val, void *arg)
{
	struct plan_args	*a = arg;
	int			 rc;

	if ((rc = target_option(&a->t, key, val)) != 1)
		return (rc);
	switch (key) {
	case OPT_FORMAT:
		return (cli_format(val, true, &a->t.format));
	case OPT_EMIT:
		return (emit_from_name(val, &a->emit));
	default:
		return (-1);
	}
}

static json_t *
plan_json(const struct target *t, const struct facts *f,
    const struct decision *d)
{
	json_t			*root, *ifs, *o;
	const struct decision_nic *dn;
	uint32_t		 i;

	root = output_pack("{s:s, s:s, s:s?, s:i, s:s?, s:i, s:i}",
	    "schema", PLAN_SCHEMA,
	    "platform", platform_name(f->platform),
	    "instance_type", f->instance_type,
	    "vcpus", (int)d->vcpus,
	    "vcpus_source", f->vcpus_rule,
	    "reserve_cpus", (int)t->policy.reserve_cpus,
	    "queue_cpus", (int)d->queue_cpus);
	if (root == NULL || (ifs = json_array()) == NULL ||
	    json_object_set_new(root, "interfaces", ifs) == -1)
		goto fail;
	for (i = 0; i < d->nnics; i++) {
		dn = &d->nics[i];
		o = output_pack("{s:s, s:s, s:i, s:b, s:s, s:o, s:i}",
		    "name", dn->ifname,
		    "nic", nic_type_name(dn->nic),
		    "device_queues", (int)dn->device_queues,
		    "custom_queue_count", dn->custom,
		    "guest_driver", guest_driver_name(dn->guest),
		    "io_queues", dn->io_queues ?
		    json_integer(dn->io_queues) : json_null(),
		    "queues", (int)dn->queues);
		if (o == NULL || json_array_append_new(ifs, o) == -1)
			goto fail;
		/* Where --emit aws-cli attaches it. */
		if (d->platform == PLATFORM_AWS && (json_object_set_new(o,
		    "network_card", json_integer(dn->at.card)) == -1 ||
		    json_object_set_new(o, "device_index",
		    json_integer(dn->at.device)) == -1))
			goto fail;
	}
	if (t->explain &&
	    json_object_set_new(root, "trace", output_trace(&d->trace)) == -1)
		goto fail;
	return (root);
fail:
	json_decref(root);
	return (NULL);
}

static void
plan_text(const struct facts *f, const struct decision *d)
{
	const struct decision_nic	*dn;
	uint32_t			 i;
	char				 name[CLI_NAME_MAX];

	/* The type may come from a config's Flavor or from metadata. */
	printf("%s%s%s: %u vCPU%s, %u network interface%s\n",
	    platform_name(f->platform), f->instance_type ? " " : "",
	    f->instance_type ? cli_name(name, sizeof(name),
	    f->instance_type) : "", d->vcpus,
	    d->vcpus == 1 ? "" : "s", d->nnics, d->nnics == 1 ? "" : "s");
	printf("%-6s %-11s %7s %10s %6s\n", "IFACE", "NIC", "DEVICE",
	    "IO-QUEUES", "USED");
	for (i = 0; i < d->nnics; i++) {
		dn = &d->nics[i];
		if (dn->io_queues != 0)
			printf("%-6s %-11s %7u %10u %6u\n", dn->ifname,
			    nic_type_name(dn->nic), dn->device_queues,
			    dn->io_queues, dn->queues);
		else
			printf("%-6s %-11s %7u %10s %6u\n", dn->ifname,
			    nic_type_name(dn->nic), dn->device_queues, "-",
			    dn->queues);
	}
}

int
cmd_plan(int argc, char **argv, const struct cmd *c)
{
	struct plan_args	 a;
	struct facts		 f;
	struct decision		 d;
	json_t			*root = NULL;
	char			 err[ERR_MAX];
	int			 rc, status = EXIT_USAGE;

	memset(&a, 0, sizeof(a));
	memset(&d, 0, sizeof(d));
	target_init(&a.t);
	a.emit = EMIT_NONE;
	if (cli_start(c, argc, argv, plan_option, &a, &status) != 0)
		goto out;
	/*
	 * --emit prints the cloud's or Nanos' own syntax (gcloud and aws
	 * flags, a GCE API member, manifest tuples), not a plan: a --format
	 * would have nothing to shape, and ignoring it would hand a script
	 * text where it asked for JSON.
	 */
	if (a.emit != EMIT_NONE && a.t.format != FORMAT_TEXT) {
		cli_error("plan: --emit prints the cloud's or Nanos' own syntax "
		    "and takes no --format %s (use one or the other)",
		    a.t.format == FORMAT_JSON ? "json" : "yaml");
		goto out;
	}
	/* Where an interface goes is the cloud's business, not the plan's. */
	if (a.t.placed && (a.emit == EMIT_NONE || a.emit == EMIT_NANOS)) {
		cli_error("plan: --network and --subnet only shape --emit "
		    "gcloud|gce-api|aws-cli");
		goto out;
	}
	if ((rc = target_facts(&a.t, &f)) != 0) {
		status = rc == -2 ? EXIT_REFUSED : EXIT_USAGE;
		goto out;
	}
	if (policy_decide(&a.t.policy, &f, &d, err, sizeof(err)) == -1) {
		if (a.t.explain && a.t.format == FORMAT_TEXT)
			output_trace_text(&d.trace);
		cli_error("%s", err);
		status = EXIT_REFUSED;
		goto out;
	}

	if (a.t.explain && a.t.format == FORMAT_TEXT) {
		output_trace_text(&d.trace);
		putchar('\n');
	}
	if (a.emit != EMIT_NONE) {
		status = emit_settings(a.emit, &a.t, &f, &d);
		goto out;
	}
	if (a.t.format == FORMAT_TEXT)
		plan_text(&f, &d);
	else {
		root = plan_json(&a.t, &f, &d);
		if (output_print(root, a.t.format) == -1)
			goto out;
	}
	status = cli_finish(EXIT_OK);
out:
	json_decref(root);
	decision_release(&d);
	target_release(&a.t);
	return (status);
}
