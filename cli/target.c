/*
 * The common flags that describe a machine (--platform, --instance-type,
 * --nic, --nics, --vcpus, --confidential, --io-queues, --queue-count,
 * --catalog, --policy; plan's --network and --subnet for --emit)
 * and their translation into policy facts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "driver/io_queues.h"
#include "manifest/file.h"
#include "manifest/quote.h"
#include "platforms/detect.h"
#include "platforms/http.h"

void
target_init(struct target *t)
{
	memset(t, 0, sizeof(*t));
	catalog_init(&t->catalog);
	policy_init(&t->policy);
}

void
target_release(struct target *t)
{
	catalog_release(&t->catalog);
}

/*
 * Splits "en2=VALUE" into interface index 2 and VALUE; a VALUE without
 * "enN=" is for every interface (index 0).
 */
static int
split_iface(const char *flag, const char *arg, uint32_t *idx,
    const char **val)
{
	const char	*eq = strchr(arg, '=');
	char		 name[16];

	*idx = 0;
	*val = arg;
	if (eq == NULL)
		return (0);
	if ((size_t)(eq - arg) >= sizeof(name) || strncmp(arg, "en", 2) != 0)
		goto bad;
	memcpy(name, arg + 2, (size_t)(eq - arg) - 2);
	name[eq - arg - 2] = '\0';
	if (name[0] < '1' || name[0] > '9')
		goto bad;
	if (cli_number(flag, name, 1, FACTS_NICS_MAX, idx) == -1)
		return (-1);
	*val = eq + 1;
	return (0);
bad:
	cli_error("%s: '%.*s' is not an interface name (en1 .. en%d)", flag,
	    (int)(eq - arg), arg, FACTS_NICS_MAX);
	return (-1);
}

static void
note_iface(struct target *t, uint32_t idx)
{
	if (idx > t->highest)
		t->highest = idx;
}

static int
per_iface_number(struct target *t, const char *flag, const char *arg,
    uint32_t hi, uint32_t *all, uint32_t *each)
{
	const char	*val;
	uint32_t	 idx, n;

	if (split_iface(flag, arg, &idx, &val) == -1 ||
	    cli_number(flag, val, 1, hi, &n) == -1)
		return (-1);
	if (idx == 0)
		*all = n;
	else {
		each[idx - 1] = n;
		note_iface(t, idx);
	}
	return (0);
}

/*
 * --network, --subnet enN=NAME: where --emit puts interface enN.  Always
 * per interface, since GCE puts every interface on a VPC network of its
 * own.  The name goes into gcloud's comma-separated key=value list and,
 * for AWS, into JSON between single quotes on a shell line: letters,
 * digits and - . _ / : cover names, IDs and GCE's resource URLs, and
 * nothing that would end either.
 */
static int
per_iface_place(struct target *t, const char *flag, const char *arg,
    const char **each)
{
	const char	*val;
	char		 name[CLI_NAME_MAX];
	uint32_t	 idx;
	size_t		 len;

	if (split_iface(flag, arg, &idx, &val) == -1)
		return (-1);
	if (idx == 0) {
		cli_error("%s: name the interface (%s en2=NAME): each one has "
		    "its own", flag, flag);
		return (-1);
	}
	len = strlen(val);
	if (len == 0 || len > 255 || strspn(val, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._/:") != len) {
		cli_error("%s: %s is not a name or ID (1 to 255 letters, "
		    "digits, - . _ / :)", flag, cli_name(name, sizeof(name),
		    val));
		return (-1);
	}
	each[idx - 1] = val;
	t->placed = true;
	note_iface(t, idx);
	return (0);
}

int
target_option(struct target *t, int key, const char *val)
{
	char		 err[ERR_MAX];
	const char	*v;
	uint32_t	 idx;
	enum nic_type	 nic;
	enum platform	 plat;
	int		 fd, rc;

	switch (key) {
	case OPT_PLATFORM:
		if (platform_from_name(val, &plat) == -1) {
			cli_error("--platform: unknown platform '%s' (gcp, aws)",
			    val);
			return (-1);
		}
		t->platform = platform_name(plat);
		return (0);
	case OPT_INSTANCE_TYPE:
		t->type = val;
		return (0);
	case OPT_VCPUS:
		return (cli_number("--vcpus", val, 1, 65536, &t->vcpus));
	case OPT_NICS:
		return (cli_number("--nics", val, 1, FACTS_NICS_MAX,
		    &t->nnics));
	case OPT_NIC:
		if (split_iface("--nic", val, &idx, &v) == -1)
			return (-1);
		if (nic_type_from_name(v, &nic) == -1) {
			cli_error("--nic: unknown NIC type '%s' (virtio-net, "
			    "gvnic, idpf, ena, netfront, ixgbevf)", v);
			return (-1);
		}
		if (idx == 0)
			t->nic_all = nic;
		else {
			t->nic[idx - 1] = nic;
			note_iface(t, idx);
		}
		return (0);
	case OPT_CONFIDENTIAL:
		if (confidential_from_name(val, &t->confidential) == -1) {
			cli_error("--confidential: unknown Confidential VM type "
			    "'%s' (sev, sev-snp)", val);
			return (-1);
		}
		return (0);
	case OPT_IO_QUEUES:
		return (per_iface_number(t, "--io-queues", val, IO_QUEUES_MAX,
		    &t->io_all, t->io));
	case OPT_QUEUE_COUNT:
		return (per_iface_number(t, "--queue-count", val,
		    IO_QUEUES_MAX, &t->qc_all, t->qc));
	case OPT_NETWORK:
		return (per_iface_place(t, "--network", val, t->network));
	case OPT_SUBNET:
		return (per_iface_place(t, "--subnet", val, t->subnet));
	case OPT_POLICY:
	case OPT_CATALOG:
		if ((fd = file_open_regular(val, err, sizeof(err))) == -1) {
			cli_error("%s", err);
			return (-1);
		}
		rc = key == OPT_POLICY ?
		    policy_load(&t->policy, fd, val, err, sizeof(err)) :
		    catalog_load(&t->catalog, fd, val, err, sizeof(err));
		close(fd);
		if (rc == -1) {
			cli_error("%s", err);
			return (-1);
		}
		return (0);
	case OPT_EXPLAIN:
		t->explain = true;
		return (0);
	case OPT_DETECT:
		t->detect = true;
		return (0);
	case OPT_QUIET:
		t->quiet = cli_quiet = true;
		return (0);
	default:
		return (1);
	}
}

/* The type's default NIC, or the platform's when the type is unknown. */
static enum nic_type
default_nic(const struct target *t, enum platform plat)
{
	enum nic_type	nic;

	if (t->have_type && t->it.nics[0] != NULL &&
	    nic_type_from_name(t->it.nics[0], &nic) == 0)
		return (nic);
	return (platform_default_nic(plat));
}

/*
 * Looks the type up.  Returns 0 when found or when --vcpus stands in for
 * it (*warn then says what was not found), 1 when it is unknown, -1 when
 * the name cannot be a type; err says why.
 */
static int
lookup_type(struct target *t, char *err, size_t errlen, char *warn,
    size_t warnlen)
{
	char	why[ERR_MAX], near[3 * INSTANCE_TYPE_NAME_MAX + 8];
	int	rc;

	rc = catalog_lookup(&t->catalog, t->platform, t->type, &t->it, why,
	    sizeof(why));
	if (rc == 0) {
		t->have_type = true;
		return (0);
	}
	if (t->vcpus != 0) {
		snprintf(warn, warnlen, "%s; using --vcpus %u", why, t->vcpus);
		return (0);
	}
	catalog_suggest(&t->catalog, t->platform, t->type, near, sizeof(near));
	snprintf(err, errlen, "%s%s%s; give --vcpus N, or --catalog FILE from "
	    "%s", why, near[0] ? ": did you mean " : "", near,
	    strcmp(t->platform, "gcp") == 0 ?
	    "'gcloud compute machine-types list --format=json'" :
	    "'aws ec2 describe-instance-types'");
	return (rc);
}

int
target_facts(struct target *t, struct facts *f)
{
	char	err[ERR_MAX], warn[ERR_MAX] = "";
	int	rc;

	if ((rc = target_build(t, f, err, sizeof(err), warn,
	    sizeof(warn))) != 0) {
		cli_error("%s", err);
		return (rc == -2 ? -2 : -1);
	}
	if (warn[0] != '\0' && !t->quiet)
		cli_warn("%s", warn);
	return (0);
}

/* Printable ASCII without blanks, quotes or backslashes, as type names are. */
static bool
type_name(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x21 || *s > 0x7e || *s == '"' || *s == '\'' ||
		    *s == '\\')
			return (false);
	return (true);
}

const char *
target_detected_platform(const struct detection *d)
{
	if (d->platform == NULL)
		return (NULL);
	/* A static string: the target outlives the detection. */
	return (strcmp(d->platform, "gcp") == 0 ? "gcp" : "aws");
}

enum nic_type
target_detected_nic(const struct detection *d, size_t i)
{
	enum nic_type	nic;

	if (i >= d->nnics || d->nics[i].type == NULL)
		return (NIC_NONE);
	/* EFA is an ENA with an extra side channel the planner ignores. */
	if (strcmp(d->nics[i].type, "efa") == 0)
		return (NIC_ENA);
	if (nic_type_from_name(d->nics[i].type, &nic) == -1)
		return (NIC_NONE);
	return (nic);
}

/*
 * --detect: what the flags leave open comes from this machine, as
 * `mqplan detect` finds it: platform, instance type, and the NIC type of
 * each interface the guest sees (EFA is an ENA to the planner).
 */
static int
apply_detection(struct target *t, char *err, size_t errlen)
{
	struct detection	*d;
	struct sysfs		 s;
	struct http_opts	 o;
	const char		*root = getenv("MQPLAN_SYSFS_ROOT");
	char			 msg[sizeof(d->metadata_err)];
	char			 esc[QUOTE_SIZE(sizeof(d->metadata_err))];
	size_t			 i;
	int			 ret = -1;

	if ((d = calloc(1, sizeof(*d))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return (-1);
	}
	sysfs_init(&s, root);
	o.connect_ms = HTTP_CONNECT_MS;
	o.deadline = http_now() + HTTP_BUDGET_MS;
	if (detect_offline(d, &s, false, msg, sizeof(msg)) == -1) {
		/* It names an environment variable's value: escaped. */
		escape_controls(err, errlen, msg, strlen(msg));
		goto out;
	}
	if (d->platform == NULL) {
		snprintf(err, errlen, "--detect: no cloud detected (%s)",
		    d->why);
		goto out;
	}
	if (detect_online(d, &o, false) == -1) {
		/* Not the command line's fault: as detect itself, exit 1. */
		escape_controls(esc, sizeof(esc), d->metadata_err,
		    strlen(d->metadata_err));
		snprintf(err, errlen, "--detect: %s", esc);
		ret = -2;
		goto out;
	}
	if (t->platform == NULL)
		t->platform = target_detected_platform(d);
	if (t->type == NULL && t->vcpus == 0) {
		if (d->instance_type[0] == '\0') {
			snprintf(err, errlen, "--detect: the instance type is "
			    "not known (%s)", d->metadata_asked ?
			    "the metadata service did not say" :
			    d->metadata_why);
			goto out;
		}
		/* Never into a message raw: it came from DMI or the network. */
		if (!type_name(d->instance_type)) {
			quote_str(esc, sizeof(esc), d->instance_type);
			snprintf(err, errlen, "--detect: %s gives the instance "
			    "type %s, which is not a type name",
			    d->metadata_asked ? "the metadata service" :
			    "DMI product_name", esc);
			if (d->metadata_asked)
				ret = -2;
			goto out;
		}
		snprintf(t->detected_type, sizeof(t->detected_type), "%s",
		    d->instance_type);
		t->type = t->detected_type;
	}
	if (t->nnics == 0 && t->highest == 0) {
		t->nnics = d->metadata_nics ? d->metadata_nics :
		    (uint32_t)d->nnics;
		t->nics_detected = true;
	}
	for (i = 0; i < d->nnics && i < FACTS_NICS_MAX; i++) {
		if (t->nic[i] == NIC_NONE)
			t->nic[i] = target_detected_nic(d, i);
	}
	ret = 0;
out:
	free(d);
	return (ret);
}

int
target_build(struct target *t, struct facts *f, char *err, size_t errlen,
    char *warn, size_t warnlen)
{
	enum platform	 plat;
	uint32_t	 i;
	int		 rc;

	facts_init(f);
	warn[0] = '\0';
	if (t->detect && !t->detected) {
		t->detected = true;
		if ((rc = apply_detection(t, err, errlen)) != 0)
			return (rc);
	}
	if (t->platform == NULL && t->type != NULL)
		t->platform = catalog_guess_platform(t->type);
	if (t->platform == NULL) {
		snprintf(err, errlen, "no platform: give --platform gcp|aws or "
		    "--instance-type");
		return (-1);
	}
	platform_from_name(t->platform, &plat);
	t->have_type = false;
	if (t->type != NULL &&
	    (rc = lookup_type(t, err, errlen, warn, warnlen)) != 0)
		return (rc);
	if (t->type == NULL && t->vcpus == 0) {
		snprintf(err, errlen, "no machine: give --instance-type TYPE or "
		    "--vcpus N");
		return (-1);
	}

	f->platform = plat;
	f->instance_type = t->type;
	f->confidential = t->confidential;
	if (t->confidential != CONFIDENTIAL_NONE)
		f->confidential_rule = "--confidential";
	else if (t->config_confidential && plat == PLATFORM_GCP) {
		/* ops sets enableConfidentialCompute alone: AMD SEV. */
		f->confidential = CONFIDENTIAL_SEV;
		f->confidential_rule = "CloudConfig.ConfidentialVM; ops asks "
		    "GCE for enableConfidentialCompute, which is AMD SEV";
	}
	if (t->vcpus != 0) {
		f->vcpus = t->vcpus;
		snprintf(t->vcpus_rule, sizeof(t->vcpus_rule), "--vcpus%s%s",
		    t->have_type ? ", instead of the type's " : "",
		    t->have_type ? t->it.vcpus_rule : "");
		f->vcpus_confirmed = false;
	} else {
		f->vcpus = t->it.vcpus;
		snprintf(t->vcpus_rule, sizeof(t->vcpus_rule), "%s; %s: %s",
		    t->it.vcpus_rule, basis_name(t->it.vcpus_from.basis),
		    t->it.vcpus_from.source);
		f->vcpus_confirmed = t->it.vcpus_from.basis ==
		    BASIS_CONFIRMED || t->it.vcpus_from.basis ==
		    BASIS_PUBLISHED;
	}
	f->vcpus_rule = t->vcpus_rule;
	if (t->have_type) {
		f->ena_default = t->it.ena_default;
		f->ena_max = t->it.ena_max;
		f->ena_source = t->it.ena_from.source;
		f->ena_basis = t->it.ena_from.basis == BASIS_NONE ? NULL :
		    basis_name(t->it.ena_from.basis);
		f->ena_card_max = t->it.ena_card_max;
		f->network_cards = t->it.network_cards;
		f->card_max_nics = t->it.card_max_nics;
		if (t->it.flexible_ena >= 0)
			f->ena_flexible = t->it.flexible_ena ?
			    ENA_FLEXIBLE_YES : ENA_FLEXIBLE_NO;
	}

	f->nnics = t->nnics ? t->nnics : (t->highest ? t->highest : 1);
	if (t->highest > f->nnics) {
		snprintf(err, errlen, "en%u named, but --nics %u", t->highest,
		    f->nnics);
		return (-1);
	}
	/*
	 * The cloud would refuse the instance: exit 1, not a usage error.  An
	 * instance that has them proves the figure wrong: a warning then.
	 */
	if (t->have_type &&
	    instance_type_check_nics(&t->it, f->nnics, err, errlen) != 0) {
		if (!t->nics_detected)
			return (-2);
		if (warn[0] == '\0')
			snprintf(warn, warnlen, "this instance has %u network "
			    "interfaces, so this figure is wrong: %s", f->nnics,
			    err);
		err[0] = '\0';
		/* Its network cards' figures are no better: not used. */
		f->network_cards = f->card_max_nics = f->ena_card_max = 0;
	}
	/*
	 * A config can name any enN: fill no more than the table holds
	 * (policy_decide() refuses the count); this loop overran it.
	 */
	for (i = 0; i < f->nnics && i < FACTS_NICS_MAX; i++) {
		struct facts_nic	*fn = &f->nics[i];

		fn->nic = t->nic[i] ? t->nic[i] :
		    (t->nic_all ? t->nic_all : default_nic(t, plat));
		if (nic_type_platform(fn->nic) != plat) {
			snprintf(err, errlen, "en%u: NIC type %s does not exist "
			    "on %s", i + 1, nic_type_name(fn->nic), t->platform);
			return (-1);
		}
		if (t->have_type &&
		    !instance_type_allows_nic(&t->it, nic_type_name(fn->nic))) {
			snprintf(err, errlen, "en%u: %s does not offer %s (it "
			    "offers %s%s%s)", i + 1, t->type,
			    nic_type_name(fn->nic), t->it.nics[0],
			    t->it.nics[1] ? ", " : "",
			    t->it.nics[1] ? t->it.nics[1] : "");
			return (-1);
		}
		fn->io_queues = t->io[i] ? t->io[i] : t->io_all;
		fn->queue_count = t->qc[i] ? t->qc[i] : t->qc_all;
	}
	return (0);
}
