/*
 * Detection's offline stage (platforms/detect.h): the environment, DMI,
 * hypervisor and sysfs files.  It asks no metadata service; the only
 * socket it may open is ETHTOOL_GCHANNELS's ioctl handle, on a cloud.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "platforms/aws/imds.h"
#include "platforms/detect.h"
#include "platforms/gcp/metadata.h"

/* The SDKs' variables, as read; NULL when unset or empty. */
struct env {
	const char	*gce_host;	/* GCE_METADATA_HOST */
	const char	*gce_ip;	/* GCE_METADATA_IP */
	const char	*no_gce;	/* NO_GCE_CHECK */
	const char	*aws_ep;	/* AWS_EC2_METADATA_SERVICE_ENDPOINT */
	const char	*aws_mode;	/* ..._SERVICE_ENDPOINT_MODE */
	const char	*aws_off;	/* AWS_EC2_METADATA_DISABLED */
	const char	*aws_v1_off;	/* AWS_EC2_METADATA_V1_DISABLED */
};

/* DMI and hypervisor files, as read; "" when absent. */
struct dmi {
	char	product[128];	/* product_name */
	char	vendor[128];	/* sys_vendor */
	char	bios[128];	/* bios_vendor */
	char	biosver[128];	/* bios_version */
	char	tag[64];	/* board_asset_tag */
	char	xen_uuid[64];	/* hypervisor/uuid */
	bool	nitro;		/* EC2 on Nitro, by sys_vendor */
	bool	xen;		/* EC2 on Xen, by uuid or bios_version */
};

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6);
}

/* getenv(), recorded; "" counts as unset, as the SDKs treat it. */
static const char *
env(struct detection *d, const char *name)
{
	char		 what[128];
	const char	*v;
	double		 t = now_ms();

	v = getenv(name);
	if (v != NULL && v[0] == '\0')
		v = NULL;
	snprintf(what, sizeof(what), "env %s", name);
	probe_log_add(&d->log, what, now_ms() - t, "%s",
	    v != NULL ? v : "unset");
	return (v);
}

static bool
is_true(const char *v)
{
	return (v != NULL && strcasecmp(v, "true") == 0);
}

/* Reads class/dmi/id/<field> (or another file) into buf; "" if absent. */
static void
file_probe(struct detection *d, const struct sysfs *s, const char *what,
    const char *rel, char *buf, size_t len)
{
	double	t = now_ms();

	if (sysfs_read(s, rel, buf, len) == -1)
		buf[0] = '\0';
	probe_log_add(&d->log, what, now_ms() - t, "%s",
	    buf[0] != '\0' ? buf : "absent");
}

/*
 * An EC2 instance type as Nitro's DMI product_name gives it
 * ("c5n.xlarge"): family, a dot, a size; anything else is not one.
 */
static bool
looks_like_type(const char *s)
{
	const char	*dot = strchr(s, '.');

	return (dot != NULL && dot != s && dot[1] != '\0' &&
	    strlen(s) < 64 && strchr(s, ' ') == NULL);
}

/*
 * An EC2 instance id as Nitro's DMI board_asset_tag gives it
 * ("i-0af01c0123456789a"): "i-" and hex digits.
 */
static bool
looks_like_id(const char *s)
{
	size_t	n = strlen(s);

	return (n > 2 && n < 32 && strncmp(s, "i-", 2) == 0 &&
	    strspn(s + 2, "0123456789abcdef") == n - 2);
}

/* The SDKs' variables, each recorded; -1 for a value they refuse. */
static int
read_env(struct detection *d, struct env *e, char *err, size_t errlen)
{
	e->gce_host = env(d, "GCE_METADATA_HOST");
	e->gce_ip = env(d, "GCE_METADATA_IP");
	e->no_gce = env(d, "NO_GCE_CHECK");
	e->aws_ep = env(d, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
	e->aws_mode = env(d, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
	e->aws_off = env(d, "AWS_EC2_METADATA_DISABLED");
	e->aws_v1_off = env(d, "AWS_EC2_METADATA_V1_DISABLED");
	if (e->aws_mode != NULL && strcasecmp(e->aws_mode, "ipv4") != 0 &&
	    strcasecmp(e->aws_mode, "ipv6") != 0) {
		snprintf(err, errlen, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE "
		    "'%s' is neither ipv4 nor ipv6", e->aws_mode);
		return (-1);
	}
	if (e->aws_ep != NULL && strncmp(e->aws_ep, "http://", 7) != 0) {
		snprintf(err, errlen, "AWS_EC2_METADATA_SERVICE_ENDPOINT '%s' "
		    "is not an http:// URL", e->aws_ep);
		return (-1);
	}
	return (0);
}

/* DMI and the hypervisor's uuid, each recorded. */
static void
read_dmi(struct detection *d, const struct sysfs *s, struct dmi *m)
{
	file_probe(d, s, "DMI product_name", "class/dmi/id/product_name",
	    m->product, sizeof(m->product));
	file_probe(d, s, "DMI sys_vendor", "class/dmi/id/sys_vendor",
	    m->vendor, sizeof(m->vendor));
	file_probe(d, s, "DMI bios_vendor", "class/dmi/id/bios_vendor",
	    m->bios, sizeof(m->bios));
	file_probe(d, s, "DMI bios_version", "class/dmi/id/bios_version",
	    m->biosver, sizeof(m->biosver));
	file_probe(d, s, "DMI board_asset_tag", "class/dmi/id/board_asset_tag",
	    m->tag, sizeof(m->tag));
	file_probe(d, s, "hypervisor uuid", "hypervisor/uuid", m->xen_uuid,
	    sizeof(m->xen_uuid));
	/* Amazon EC2 in any case: systemd and aws-c-s3 compare so. */
	m->nitro = strcasecmp(m->vendor, "Amazon EC2") == 0;
	m->xen = strncasecmp(m->xen_uuid, "ec2", 3) == 0 ||
	    strstr(m->biosver, "amazon") != NULL;
}

/* The platform and why: the SDKs' overrides win over the hardware. */
static void
decide_platform(struct detection *d, const struct env *e,
    const struct dmi *m)
{
	if ((e->gce_host != NULL || e->gce_ip != NULL) &&
	    !is_true(e->no_gce)) {
		d->platform = "gcp";
		snprintf(d->why, sizeof(d->why), "%s is set",
		    e->gce_host != NULL ? "GCE_METADATA_HOST" :
		    "GCE_METADATA_IP");
	} else if (e->aws_ep != NULL) {
		d->platform = "aws";
		snprintf(d->why, sizeof(d->why), "AWS_EC2_METADATA_SERVICE_"
		    "ENDPOINT is set");
	} else if (strcmp(m->product, "Google Compute Engine") == 0 ||
	    strcmp(m->product, "Google") == 0 ||
	    strcmp(m->vendor, "Google") == 0) {
		d->platform = "gcp";
		snprintf(d->why, sizeof(d->why), "DMI %s is '%s'",
		    strcmp(m->vendor, "Google") == 0 && m->product[0] == '\0' ?
		    "sys_vendor" : "product_name",
		    m->product[0] != '\0' ? m->product : m->vendor);
	} else if (m->nitro) {
		d->platform = "aws";
		snprintf(d->why, sizeof(d->why), "DMI sys_vendor is 'Amazon "
		    "EC2'");
	} else if (m->xen) {
		d->platform = "aws";
		/* The value itself is in the probes, escaped when shown. */
		snprintf(d->why, sizeof(d->why), "%s",
		    strncasecmp(m->xen_uuid, "ec2", 3) == 0 ? "hypervisor "
		    "uuid starts with ec2" : "DMI bios_version contains "
		    "'amazon'");
	} else
		snprintf(d->why, sizeof(d->why), "no cloud in the environment, "
		    "DMI or hypervisor files");
}

/*
 * What DMI tells of an EC2 machine, however the platform was found (an
 * endpoint set in the environment too): on Nitro, product_name is the
 * instance type and board_asset_tag the instance id (cloud-rules.md 5.2;
 * AWS, "Identify EC2 Linux instances").
 */
static void
aws_dmi_facts(struct detection *d, const struct dmi *m)
{
	if (d->platform == NULL || strcmp(d->platform, "aws") != 0)
		return;
	if (m->nitro) {
		d->hypervisor = "nitro";
		if (looks_like_type(m->product))
			snprintf(d->instance_type, sizeof(d->instance_type),
			    "%s", m->product);
		if (looks_like_id(m->tag))
			snprintf(d->instance_id, sizeof(d->instance_id), "%s",
			    m->tag);
	} else if (m->xen)
		d->hypervisor = "xen";
}

/* Whether and where to ask the platform's metadata service, and why. */
static void
choose_metadata(struct detection *d, const struct env *e)
{
	size_t	n;

	if (d->platform == NULL)
		snprintf(d->metadata_why, sizeof(d->metadata_why), "no cloud "
		    "detected");
	else if (strcmp(d->platform, "gcp") == 0) {
		snprintf(d->metadata_url, sizeof(d->metadata_url),
		    "http://%s" GCP_METADATA_PATH, e->gce_host != NULL ?
		    e->gce_host : GCP_METADATA_HOST);
		d->metadata_wanted = !is_true(e->no_gce);
		snprintf(d->metadata_why, sizeof(d->metadata_why), "%s",
		    d->metadata_wanted ? "the machine is on GCE" :
		    "NO_GCE_CHECK is true");
	} else {
		snprintf(d->metadata_url, sizeof(d->metadata_url), "%s",
		    e->aws_ep != NULL ? e->aws_ep : (e->aws_mode != NULL &&
		    strcasecmp(e->aws_mode, "ipv6") == 0 ? IMDS_ENDPOINT_IPV6 :
		    IMDS_ENDPOINT_IPV4));
		n = strlen(d->metadata_url);
		while (n > 7 && d->metadata_url[n - 1] == '/')
			d->metadata_url[--n] = '\0';
		d->metadata_wanted = !is_true(e->aws_off);
		d->imds_v1_allowed = !is_true(e->aws_v1_off);
		snprintf(d->metadata_why, sizeof(d->metadata_why), "%s",
		    d->metadata_wanted ? "the machine is on EC2" :
		    "AWS_EC2_METADATA_DISABLED is true");
	}
}

/*
 * The guest's online CPUs and device-backed NICs, and with channels,
 * on a cloud, each NIC's channels: off a cloud not even a local socket
 * is opened.
 */
static void
scan_guest(struct detection *d, const struct sysfs *s, bool channels)
{
	char	what[128];
	size_t	i;
	double	t;
	int	rc;

	t = now_ms();
	d->vcpus = guest_cpus(s);
	if (d->vcpus != 0)
		probe_log_add(&d->log, "online CPUs", now_ms() - t, "%u",
		    d->vcpus);
	else
		probe_log_add(&d->log, "online CPUs", now_ms() - t, "unknown");
	t = now_ms();
	rc = guest_nics_scan(s, d->nics, GUEST_NICS_MAX);
	d->nnics = rc < 0 ? 0 : (size_t)rc;
	if (rc >= 0)
		probe_log_add(&d->log, "class/net", now_ms() - t,
		    "%zu device-backed interface%s", d->nnics,
		    d->nnics == 1 ? "" : "s");
	else
		probe_log_add(&d->log, "class/net", now_ms() - t, "unreadable");
	for (i = 0; channels && d->platform != NULL && i < d->nnics; i++) {
		t = now_ms();
		rc = guest_nic_channels(&d->nics[i]);
		snprintf(what, sizeof(what), "ETHTOOL_GCHANNELS %s",
		    d->nics[i].ifname);
		if (rc == 0)
			probe_log_add(&d->log, what, now_ms() - t, "max "
			    "combined %u, rx %u, tx %u",
			    d->nics[i].max_combined, d->nics[i].max_rx,
			    d->nics[i].max_tx);
		else
			probe_log_add(&d->log, what, now_ms() - t,
			    "not answered");
	}
}

int
detect_offline(struct detection *d, const struct sysfs *s, bool channels,
    char *err, size_t errlen)
{
	struct env	e;
	struct dmi	m;

	memset(d, 0, sizeof(*d));
	memset(&e, 0, sizeof(e));
	memset(&m, 0, sizeof(m));
	if (read_env(d, &e, err, errlen) == -1)
		return (-1);
	read_dmi(d, s, &m);
	decide_platform(d, &e, &m);
	aws_dmi_facts(d, &m);
	choose_metadata(d, &e);
	scan_guest(d, s, channels);
	return (0);
}
