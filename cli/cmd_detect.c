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
#include "manifest/quote.h"
#include "platforms/catalog.h"
#include "platforms/detect.h"
#include "platforms/http.h"

#define DETECT_SCHEMA	"mqplan.detect/2"

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
		a->quiet = cli_quiet = true;
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
 * What the cloud's rule predicts one NIC's device exposes on this instance
 * type: the figure, the rule step that gave it and that step's source, so
 * that a user whose device disagrees can say which rule is wrong.
 */
struct rule_figure {
	uint32_t	 queues;		/* 0: the rule cannot say */
	char		 text[TRACE_TEXT_MAX];	/* the rule step, "" if none */
	char		 source[TRACE_TEXT_MAX];	/* "" if none */
};

/*
 * Fills rule[] for each NIC of d: compared with the device's own maximum,
 * a field check of the rule.
 */
static void
predict(const struct detection *d, struct rule_figure *rule)
{
	struct target	t;
	struct facts	f;
	struct decision	dec;
	const struct trace_step *st;
	char		err[ERR_MAX], warn[ERR_MAX];
	size_t		i, j;

	memset(rule, 0, sizeof(*rule) * GUEST_NICS_MAX);
	if (d->platform == NULL || d->instance_type[0] == '\0' ||
	    d->nnics == 0 || d->nnics > FACTS_NICS_MAX)
		return;
	target_init(&t);
	t.platform = target_detected_platform(d);
	t.type = d->instance_type;
	t.nnics = (uint32_t)d->nnics;
	for (i = 0; i < d->nnics; i++)
		if ((t.nic[i] = target_detected_nic(d, i)) == NIC_NONE)
			goto out;
	memset(&dec, 0, sizeof(dec));
	if (target_build(&t, &f, err, sizeof(err), warn, sizeof(warn)) == 0 &&
	    policy_decide(&t.policy, &f, &dec, err, sizeof(err)) == 0) {
		for (i = 0; i < d->nnics; i++) {
			rule[i].queues = dec.nics[i].device_queues;
			/* The first rule step of the interface gave it. */
			for (j = 0; j < dec.trace.nsteps; j++) {
				st = &dec.trace.steps[j];
				if (st->kind != TRACE_RULE ||
				    strcmp(st->ifname, dec.nics[i].ifname) != 0)
					continue;
				snprintf(rule[i].text, sizeof(rule[i].text),
				    "%s", st->text);
				/* A catalog's source lives in t, gone soon. */
				if (st->source != NULL)
					snprintf(rule[i].source,
					    sizeof(rule[i].source), "%s",
					    st->source);
				break;
			}
		}
	}
	decision_release(&dec);
out:
	target_release(&t);
}

/*
 * What the device's maximum says of the rule's figure.  Where Linux's
 * driver reports at most the online CPUs (guest_nic_max_cut_at_cpus()),
 * a maximum equal to the CPUs and below the rule neither confirms nor
 * refutes it.
 */
enum rule_check {
	CHECK_NONE,		/* the maximum or the rule not known */
	CHECK_AGREES,
	CHECK_DIFFERS,
	CHECK_CPUS		/* the driver's CPU cut hides the device's */
};

static const char *const rule_check_names[] = {
	[CHECK_NONE] = NULL,
	[CHECK_AGREES] = "agrees",
	[CHECK_DIFFERS] = "differs",
	[CHECK_CPUS] = "cut-at-cpus",
};

static enum rule_check
rule_check(const struct guest_nic *n, const struct rule_figure *rule,
    unsigned int cpus)
{
	unsigned int	devmax = guest_nic_max(n);

	if (devmax == 0 || rule->queues == 0)
		return (CHECK_NONE);
	if (devmax == rule->queues)
		return (CHECK_AGREES);
	if (devmax < rule->queues && devmax == cpus &&
	    guest_nic_max_cut_at_cpus(n->type))
		return (CHECK_CPUS);
	return (CHECK_DIFFERS);
}

/*
 * Where the vCPU count comes from: the guest's online CPUs when sysfs
 * tells, else the instance type's vCPUs from the catalog (the metadata
 * service names the type but not its CPUs).  0 where not known.
 */
struct vcpus {
	unsigned int	 value;
	const char	*source;	/* "online-cpus", "instance-type", NULL */
	unsigned int	 online;
	unsigned int	 type;
};

static void
vcpus_of(const struct detection *d, struct vcpus *v)
{
	struct catalog		c;
	struct instance_type	it;
	char			why[ERR_MAX];

	memset(v, 0, sizeof(*v));
	v->online = d->vcpus;
	if (d->platform != NULL && d->instance_type[0] != '\0') {
		catalog_init(&c);
		if (catalog_lookup(&c, d->platform, d->instance_type, &it, why,
		    sizeof(why)) == 0)
			v->type = it.vcpus;
		catalog_release(&c);
	}
	if (v->online != 0) {
		v->value = v->online;
		v->source = "online-cpus";
	} else if (v->type != 0) {
		v->value = v->type;
		v->source = "instance-type";
	}
}

/*
 * Text from the machine, DMI or the metadata service, for text output:
 * as it is when it is plain printable ASCII without blanks, quotes or
 * backslashes, else quoted and escaped (manifest/quote.h), so that no
 * value can print a line, an escape sequence or a column of its own.
 */
static const char *
shown(char *buf, size_t len, const char *s)
{
	const char	*p;

	if (s != NULL && s[0] != '\0') {
		for (p = s; *p > 0x20 && *p < 0x7f && *p != '"' && *p != '\\';
		    p++)
			;
		if (*p == '\0')
			return (s);
	}
	quote_str(buf, len, s);
	return (buf);
}

/* Room for the longest: the metadata URL (struct detection). */
#define SHOWN_MAX	QUOTE_SIZE(256)

static void
pci_text(const struct guest_nic *n, char *buf, size_t len)
{
	if (n->vendor == 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%04x:%04x", n->vendor, n->device);
}

static void
vcpus_text(const struct detection *d, const struct vcpus *v)
{
	char		 buf[SHOWN_MAX];
	const char	*t;

	t = shown(buf, sizeof(buf), d->instance_type);
	if (v->online != 0 && v->type != 0 && v->online == v->type)
		printf("%-10s %u (online CPUs, the same as instance type %s)\n",
		    "vcpus", v->value, t);
	else if (v->online != 0 && v->type != 0)
		printf("%-10s %u (online CPUs; instance type %s has %u)\n",
		    "vcpus", v->value, t, v->type);
	else if (v->online != 0)
		printf("%-10s %u (online CPUs)\n", "vcpus", v->value);
	else if (v->type != 0)
		printf("%-10s %u (instance type %s; online CPUs not known)\n",
		    "vcpus", v->value, t);
	else
		printf("%-10s unknown (online CPUs not readable, instance type "
		    "not known)\n", "vcpus");
}

/* The interfaces the metadata service lists, as it names them. */
static void
mdnics_text(const struct detection *d)
{
	const struct metadata_nic	*m;
	char				 a[SHOWN_MAX], b[SHOWN_MAX];
	char				 c[SHOWN_MAX], num[16];
	const char			*mac;
	size_t				 i, n;

	n = d->metadata_nics < DETECT_MDNICS_MAX ? d->metadata_nics :
	    DETECT_MDNICS_MAX;
	if (n == 0)
		return;
	if (strcmp(d->platform, "gcp") == 0)
		printf("%-10s %-17s  %-14s %-12s %s\n", "NIC", "MAC",
		    "NETWORK", "NIC-TYPE", "QUEUE-COUNT");
	else
		printf("%-10s %-17s  %-6s %s\n", "DEVICE", "MAC", "CARD",
		    "INTERFACE-ID");
	for (i = 0; i < n; i++) {
		m = &d->mdnics[i];
		mac = shown(a, sizeof(a), m->mac[0] ? m->mac : "-");
		if (strcmp(d->platform, "gcp") == 0) {
			snprintf(num, sizeof(num), m->queue_count ? "%u" : "-",
			    m->queue_count);
			printf("%-10d %-17s  %-14s %-12s %s\n", m->index, mac,
			    shown(b, sizeof(b), m->network[0] ? m->network :
			    "-"), shown(c, sizeof(c), m->nic_type[0] ?
			    m->nic_type : "-"), num);
		} else {
			snprintf(num, sizeof(num), m->network_card >= 0 ?
			    "%d" : "-", m->network_card);
			printf("%-10d %-17s  %-6s %s\n", m->index, mac, num,
			    shown(b, sizeof(b), m->interface_id[0] ?
			    m->interface_id : "-"));
		}
	}
}

static void
detect_text(const struct detection *d, const struct vcpus *v,
    const struct rule_figure *rule, bool explain)
{
	const struct guest_nic	*n;
	const struct probe	*p;
	char			 pci[16], max[16], pred[16];
	char			 a[SHOWN_MAX], b[SHOWN_MAX], c[SHOWN_MAX];
	char			 why[QUOTE_SIZE(TRACE_TEXT_MAX)];
	char			 src[QUOTE_SIZE(TRACE_TEXT_MAX)];
	const char		*name;
	unsigned int		 devmax;
	enum rule_check		 check;
	size_t			 i;

	if (explain) {
		printf("probes:\n");
		for (i = 0; i < d->log.nprobes; i++) {
			p = &d->log.probes[i];
			escape_controls(a, sizeof(a), p->what, strlen(p->what));
			escape_controls(b, sizeof(b), p->answer,
			    strlen(p->answer));
			printf("  %8.3f ms  %-40s %s\n", p->ms, a, b);
		}
		putchar('\n');
	}
	if (d->platform == NULL)
		printf("%-10s none detected (%s)\n", "platform", d->why);
	else
		printf("%-10s %s (%s)\n", "platform", d->platform, d->why);
	if (d->instance_type[0] != '\0')
		printf("%-10s %s\n", "type", shown(a, sizeof(a),
		    d->instance_type));
	if (d->region[0] != '\0')
		printf("%-10s %s\n", "region", shown(a, sizeof(a), d->region));
	if (d->zone[0] != '\0')
		printf("%-10s %s\n", "zone", shown(a, sizeof(a), d->zone));
	if (d->hypervisor != NULL)
		printf("%-10s %s\n", "hypervisor", d->hypervisor);
	if (d->instance_id[0] != '\0')
		printf("%-10s %s\n", "instance", shown(a, sizeof(a),
		    d->instance_id));
	vcpus_text(d, v);
	if (d->metadata_asked)
		printf("%-10s %s%s\n", "metadata", shown(a, sizeof(a),
		    d->metadata_url), d->imds_v1 ? " (IMDSv1)" : "");
	else
		printf("%-10s not asked (%s)\n", "metadata", d->metadata_why);
	if (d->metadata_nics != 0) {
		printf("%-10s %u (metadata), %zu seen by the guest\n", "nics",
		    d->metadata_nics, d->nnics);
		mdnics_text(d);
	}
	if (d->nnics == 0)
		return;
	printf("%-10s %-11s %-11s %-10s %6s %6s %6s\n", "IFACE", "TYPE",
	    "DRIVER", "PCI", "QUEUES", "MAX", "RULE");
	for (i = 0; i < d->nnics; i++) {
		n = &d->nics[i];
		pci_text(n, pci, sizeof(pci));
		devmax = guest_nic_max(n);
		snprintf(max, sizeof(max), devmax ? "%u" : "-", devmax);
		snprintf(pred, sizeof(pred), rule[i].queues ? "%u" : "-",
		    rule[i].queues);
		printf("%-10s %-11s %-11s %-10s %6u %6s %6s\n",
		    shown(a, sizeof(a), n->ifname), n->type ? n->type : "-",
		    shown(b, sizeof(b), n->driver[0] ? n->driver : "-"),
		    pci, n->rx_queues, max, pred);
	}
	for (i = 0; i < d->nnics; i++) {
		n = &d->nics[i];
		devmax = guest_nic_max(n);
		check = rule_check(n, &rule[i], v->value);
		if (check == CHECK_NONE)
			continue;
		name = shown(c, sizeof(c), n->ifname);
		if (check == CHECK_AGREES) {
			printf("%s: the device's maximum, %u, is what the %s rule "
			    "predicts\n", name, devmax, d->platform);
			continue;
		}
		if (check == CHECK_CPUS) {
			printf("%s: the device's maximum, %u, is the %u CPUs at "
			    "which Linux's %s driver stops, below the %u the %s "
			    "rule predicts: it cannot tell whether the device "
			    "has more\n", name, devmax, v->value, n->type,
			    rule[i].queues, d->platform);
			continue;
		}
		/*
		 * The device is the truth on this instance: name the rule and
		 * its source, so that the report says which figure is wrong.
		 */
		escape_controls(why, sizeof(why), rule[i].text,
		    strlen(rule[i].text));
		escape_controls(src, sizeof(src), rule[i].source,
		    strlen(rule[i].source));
		printf("%s: the device's maximum, %u, differs from the %u the "
		    "%s rule predicts (%s; source: %s): the rule is wrong for "
		    "%s; plan with a policy file meanwhile (mqplan-policy(5)) "
		    "and report it (mqplan(1), detect)\n", name, devmax,
		    rule[i].queues, d->platform, why[0] != '\0' ? why :
		    "no rule step", src[0] != '\0' ? src : "none",
		    shown(a, sizeof(a), d->instance_type));
	}
}

/*
 * A JSON string of text from the machine or the network, valid UTF-8
 * whatever it held (invalid bytes become U+FFFD); null for NULL or "".
 */
static json_t *
jstr(const char *s)
{
	json_t	*j;
	char	*clean;

	if (s == NULL || s[0] == '\0')
		return (json_null());
	if ((clean = utf8_dup(s, NULL)) == NULL)
		return (NULL);
	j = json_string(clean);
	free(clean);
	return (j);
}

static json_t *
juint(unsigned int v)
{
	return (v != 0 ? json_integer(v) : json_null());
}

static json_t *
mdnics_json(const struct detection *d)
{
	const struct metadata_nic	*m;
	json_t				*a, *o;
	size_t				 i, n;

	if (!d->metadata_asked || d->metadata_err[0] != '\0')
		return (json_null());
	if ((a = json_array()) == NULL)
		return (NULL);
	n = d->metadata_nics < DETECT_MDNICS_MAX ? d->metadata_nics :
	    DETECT_MDNICS_MAX;
	for (i = 0; i < n; i++) {
		m = &d->mdnics[i];
		if (strcmp(d->platform, "gcp") == 0)
			o = json_pack("{s:i, s:o, s:o, s:o, s:o}",
			    "index", (json_int_t)m->index,
			    "mac", jstr(m->mac),
			    "network", jstr(m->network),
			    "nic_type", jstr(m->nic_type),
			    "queue_count", juint(m->queue_count));
		else
			o = json_pack("{s:o, s:i, s:o, s:o}",
			    "mac", jstr(m->mac),
			    "device_number", (json_int_t)m->index,
			    "network_card", m->network_card >= 0 ?
			    json_integer(m->network_card) : json_null(),
			    "interface_id", jstr(m->interface_id));
		if (o == NULL || json_array_append_new(a, o) == -1) {
			json_decref(a);
			return (NULL);
		}
	}
	return (a);
}

static json_t *
hex4(unsigned int vendor, unsigned int v)
{
	char	buf[12];

	if (vendor == 0)
		return (json_null());
	snprintf(buf, sizeof(buf), "%04x", v);
	return (json_string(buf));
}

static json_t *
detect_json(const struct detection *d, const struct vcpus *v,
    const struct rule_figure *rule, bool explain)
{
	json_t			*root, *nics, *o, *probes;
	const struct probe	*p;
	char			 pci[16];
	size_t			 i;

	root = json_pack("{s:s, s:s?, s:o, s:s?, s:o, s:o, s:o, s:o, s:o, "
	    "s:s?, s:o, s:o}",
	    "schema", DETECT_SCHEMA,
	    "platform", d->platform,
	    "why", jstr(d->why),
	    "hypervisor", d->hypervisor,
	    "instance_type", jstr(d->instance_type),
	    "instance_id", jstr(d->instance_id),
	    "region", jstr(d->region),
	    "zone", jstr(d->zone),
	    "vcpus", juint(v->value),
	    "vcpus_source", v->source,
	    "online_cpus", juint(v->online),
	    "type_vcpus", juint(v->type));
	o = json_pack("{s:b, s:o, s:o, s:o, s:o, s:o, s:b}",
	    "asked", d->metadata_asked,
	    "url", jstr(d->metadata_url),
	    "why", jstr(d->metadata_why),
	    "error", jstr(d->metadata_err),
	    "interface_count", juint(d->metadata_nics),
	    "interfaces", mdnics_json(d),
	    "imds_v1", d->imds_v1);
	if (root == NULL || o == NULL ||
	    json_object_set_new(root, "metadata", o) == -1 ||
	    (nics = json_array()) == NULL ||
	    json_object_set_new(root, "nics", nics) == -1)
		goto fail;
	for (i = 0; i < d->nnics; i++) {
		const struct guest_nic	*n = &d->nics[i];

		pci_text(n, pci, sizeof(pci));
		o = json_pack("{s:o, s:s?, s:o, s:o, s:o, s:o, s:o, s:i, s:i, "
		    "s:o, s:o, s:o, s:s?, s:o, s:o}",
		    "name", jstr(n->ifname),
		    "type", n->type,
		    "driver", jstr(n->driver),
		    "pci", n->vendor ? json_string(pci) : json_null(),
		    "vendor", hex4(n->vendor, n->vendor),
		    "device", hex4(n->vendor, n->device),
		    "mac", jstr(n->mac),
		    "rx_queues", (json_int_t)n->rx_queues,
		    "tx_queues", (json_int_t)n->tx_queues,
		    "max_combined", juint(n->max_combined),
		    "max_queues", juint(guest_nic_max(n)),
		    "rule_queues", juint(rule[i].queues),
		    "rule_check", rule_check_names[rule_check(n, &rule[i],
		    v->value)],
		    "rule", jstr(rule[i].text),
		    "rule_source", jstr(rule[i].source));
		if (o == NULL || json_array_append_new(nics, o) == -1)
			goto fail;
	}
	if (explain) {
		if ((probes = json_array()) == NULL ||
		    json_object_set_new(root, "probes", probes) == -1)
			goto fail;
		for (i = 0; i < d->log.nprobes; i++) {
			p = &d->log.probes[i];
			o = json_pack("{s:o, s:o, s:f}",
			    "what", jstr(p->what),
			    "answer", jstr(p->answer),
			    "ms", p->ms);
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
	struct rule_figure	 rule[GUEST_NICS_MAX];
	struct vcpus		 v;
	int			 rc, status = EXIT_USAGE;

	memset(&a, 0, sizeof(a));
	a.connect_ms = HTTP_CONNECT_MS;
	a.budget_ms = HTTP_BUDGET_MS;
	if ((d = calloc(1, sizeof(*d))) == NULL) {
		cli_error("out of memory");
		return (EXIT_USAGE);
	}
	if (cli_start(c, argc, argv, detect_option, &a, &status) != 0)
		goto out;
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
	vcpus_of(d, &v);
	if (a.format == FORMAT_TEXT)
		detect_text(d, &v, rule, a.explain);
	else {
		root = detect_json(d, &v, rule, a.explain);
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
