#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "platforms/aws/imds.h"
#include "platforms/detect.h"
#include "platforms/gcp/metadata.h"
#include "platforms/http.h"

#define GCE_DEFAULT_HOST	"169.254.169.254"
#define IMDS_IPV4		"http://169.254.169.254"
#define IMDS_IPV6		"http://[fd00:ec2::254]"

static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6);
}

void
detect_probe(struct detection *d, const char *what, const char *answer,
    double ms)
{
	struct probe	*p;

	if (d->nprobes == DETECT_PROBES_MAX)
		return;
	p = &d->probes[d->nprobes++];
	snprintf(p->what, sizeof(p->what), "%s", what);
	snprintf(p->answer, sizeof(p->answer), "%s", answer);
	p->ms = ms;
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
	detect_probe(d, what, v != NULL ? v : "unset", now_ms() - t);
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
	detect_probe(d, what, buf[0] != '\0' ? buf : "absent", now_ms() - t);
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

static int
check_aws_env(const char *ep, const char *mode, char *err, size_t errlen)
{
	if (mode != NULL && strcasecmp(mode, "ipv4") != 0 &&
	    strcasecmp(mode, "ipv6") != 0) {
		snprintf(err, errlen, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE "
		    "'%s' is neither ipv4 nor ipv6", mode);
		return (-1);
	}
	if (ep != NULL && strncmp(ep, "http://", 7) != 0) {
		snprintf(err, errlen, "AWS_EC2_METADATA_SERVICE_ENDPOINT '%s' "
		    "is not an http:// URL", ep);
		return (-1);
	}
	return (0);
}

int
detect_offline(struct detection *d, const struct sysfs *s, bool channels,
    char *err, size_t errlen)
{
	const char	*gce_host, *gce_ip, *no_gce, *aws_ep, *aws_mode;
	const char	*aws_off, *aws_v1_off;
	char		 product[128], vendor[128], bios[128], biosver[128];
	char		 tag[64], xen_uuid[64];
	size_t		 i, n;
	double		 t;
	int		 rc;
	bool		 nitro, xen;

	memset(d, 0, sizeof(*d));
	gce_host = env(d, "GCE_METADATA_HOST");
	gce_ip = env(d, "GCE_METADATA_IP");
	no_gce = env(d, "NO_GCE_CHECK");
	aws_ep = env(d, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
	aws_mode = env(d, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
	aws_off = env(d, "AWS_EC2_METADATA_DISABLED");
	aws_v1_off = env(d, "AWS_EC2_METADATA_V1_DISABLED");
	if (check_aws_env(aws_ep, aws_mode, err, errlen) == -1)
		return (-1);

	file_probe(d, s, "DMI product_name", "class/dmi/id/product_name",
	    product, sizeof(product));
	file_probe(d, s, "DMI sys_vendor", "class/dmi/id/sys_vendor", vendor,
	    sizeof(vendor));
	file_probe(d, s, "DMI bios_vendor", "class/dmi/id/bios_vendor", bios,
	    sizeof(bios));
	file_probe(d, s, "DMI bios_version", "class/dmi/id/bios_version",
	    biosver, sizeof(biosver));
	file_probe(d, s, "DMI board_asset_tag", "class/dmi/id/board_asset_tag",
	    tag, sizeof(tag));
	file_probe(d, s, "hypervisor uuid", "hypervisor/uuid", xen_uuid,
	    sizeof(xen_uuid));

	/* Amazon EC2 in any case: systemd and aws-c-s3 compare so. */
	nitro = strcasecmp(vendor, "Amazon EC2") == 0;
	xen = strncasecmp(xen_uuid, "ec2", 3) == 0 ||
	    strstr(biosver, "amazon") != NULL;

	/* The SDKs' explicit overrides win over what the hardware says. */
	if ((gce_host != NULL || gce_ip != NULL) && !is_true(no_gce)) {
		d->platform = "gcp";
		snprintf(d->why, sizeof(d->why), "%s is set",
		    gce_host != NULL ? "GCE_METADATA_HOST" : "GCE_METADATA_IP");
	} else if (aws_ep != NULL) {
		d->platform = "aws";
		snprintf(d->why, sizeof(d->why), "AWS_EC2_METADATA_SERVICE_"
		    "ENDPOINT is set");
	} else if (strcmp(product, "Google Compute Engine") == 0 ||
	    strcmp(product, "Google") == 0 || strcmp(vendor, "Google") == 0) {
		d->platform = "gcp";
		snprintf(d->why, sizeof(d->why), "DMI %s is '%s'",
		    strcmp(vendor, "Google") == 0 && product[0] == '\0' ?
		    "sys_vendor" : "product_name",
		    product[0] != '\0' ? product : vendor);
	} else if (nitro) {
		d->platform = "aws";
		snprintf(d->why, sizeof(d->why), "DMI sys_vendor is 'Amazon "
		    "EC2'");
	} else if (xen) {
		d->platform = "aws";
		/* The value itself is in the probes, escaped when shown. */
		snprintf(d->why, sizeof(d->why), "%s",
		    strncasecmp(xen_uuid, "ec2", 3) == 0 ? "hypervisor uuid "
		    "starts with ec2" : "DMI bios_version contains 'amazon'");
	} else
		snprintf(d->why, sizeof(d->why), "no cloud in the environment, "
		    "DMI or hypervisor files");

	/*
	 * What DMI tells of an EC2 machine, however the platform was found
	 * (an endpoint set in the environment too): on Nitro, product_name
	 * is the instance type and board_asset_tag the instance id
	 * (cloud-rules.md 5.2; AWS, "Identify EC2 Linux instances").
	 */
	if (d->platform != NULL && strcmp(d->platform, "aws") == 0) {
		if (nitro) {
			d->hypervisor = "nitro";
			if (looks_like_type(product))
				snprintf(d->instance_type,
				    sizeof(d->instance_type), "%s", product);
			if (looks_like_id(tag))
				snprintf(d->instance_id,
				    sizeof(d->instance_id), "%s", tag);
		} else if (xen)
			d->hypervisor = "xen";
	}

	if (d->platform == NULL)
		snprintf(d->metadata_why, sizeof(d->metadata_why), "no cloud "
		    "detected");
	else if (strcmp(d->platform, "gcp") == 0) {
		snprintf(d->metadata_url, sizeof(d->metadata_url),
		    "http://%s/computeMetadata/v1/", gce_host != NULL ?
		    gce_host : GCE_DEFAULT_HOST);
		d->metadata_wanted = !is_true(no_gce);
		snprintf(d->metadata_why, sizeof(d->metadata_why), "%s",
		    d->metadata_wanted ? "the machine is on GCE" :
		    "NO_GCE_CHECK is true");
	} else {
		snprintf(d->metadata_url, sizeof(d->metadata_url), "%s",
		    aws_ep != NULL ? aws_ep : (aws_mode != NULL &&
		    strcasecmp(aws_mode, "ipv6") == 0 ? IMDS_IPV6 : IMDS_IPV4));
		n = strlen(d->metadata_url);
		while (n > 7 && d->metadata_url[n - 1] == '/')
			d->metadata_url[--n] = '\0';
		d->metadata_wanted = !is_true(aws_off);
		d->imds_v1_allowed = !is_true(aws_v1_off);
		snprintf(d->metadata_why, sizeof(d->metadata_why), "%s",
		    d->metadata_wanted ? "the machine is on EC2" :
		    "AWS_EC2_METADATA_DISABLED is true");
	}

	t = now_ms();
	d->vcpus = guest_cpus(s);
	detect_probe(d, "online CPUs", d->vcpus ? "" : "unknown", now_ms() - t);
	if (d->vcpus != 0)
		snprintf(d->probes[d->nprobes - 1].answer,
		    sizeof(d->probes[0].answer), "%u", d->vcpus);
	t = now_ms();
	rc = guest_nics_scan(s, d->nics, GUEST_NICS_MAX);
	d->nnics = rc < 0 ? 0 : (size_t)rc;
	detect_probe(d, "class/net", rc < 0 ? "unreadable" : "", now_ms() - t);
	if (rc >= 0)
		snprintf(d->probes[d->nprobes - 1].answer,
		    sizeof(d->probes[0].answer), "%zu device-backed interface%s",
		    d->nnics, d->nnics == 1 ? "" : "s");
	/* Off a cloud not even a local socket is opened. */
	for (i = 0; channels && d->platform != NULL && i < d->nnics; i++) {
		t = now_ms();
		rc = guest_nic_channels(&d->nics[i]);
		snprintf(product, sizeof(product), "ETHTOOL_GCHANNELS %s",
		    d->nics[i].ifname);
		if (rc == 0)
			snprintf(vendor, sizeof(vendor), "max combined %u, "
			    "rx %u, tx %u", d->nics[i].max_combined,
			    d->nics[i].max_rx, d->nics[i].max_tx);
		else
			snprintf(vendor, sizeof(vendor), "not answered");
		detect_probe(d, product, vendor, now_ms() - t);
	}
	return (0);
}

static int
ask_gce(struct detection *d, const char *url, const struct http_opts *o)
{
	struct gcp_metadata	 md;
	char			*dash;

	if (gcp_metadata_fetch(url, o, &md, d, d->metadata_err,
	    sizeof(d->metadata_err)) == -1)
		return (-1);
	snprintf(d->instance_type, sizeof(d->instance_type), "%s",
	    md.machine_type);
	if (md.id[0] != '\0')
		snprintf(d->instance_id, sizeof(d->instance_id), "%s", md.id);
	snprintf(d->zone, sizeof(d->zone), "%s", md.zone);
	/* A GCE zone is its region and a letter: us-central1-a. */
	snprintf(d->region, sizeof(d->region), "%s", md.zone);
	if ((dash = strrchr(d->region, '-')) != NULL)
		*dash = '\0';
	else
		d->region[0] = '\0';
	d->metadata_nics = md.nics;
	memcpy(d->mdnics, md.nic, sizeof(d->mdnics));
	return (0);
}

static int
ask_aws(struct detection *d, const char *url, const struct http_opts *o)
{
	struct aws_metadata	 md;
	struct metadata_nic	*mn;
	const char		*macs[GUEST_NICS_MAX];
	size_t			 i, n = 0;

	for (i = 0; i < d->nnics; i++)
		if (d->nics[i].mac[0] != '\0')
			macs[n++] = d->nics[i].mac;
	if (aws_imds_fetch(url, d->imds_v1_allowed, macs, n, o, &md, d,
	    d->metadata_err, sizeof(d->metadata_err)) == -1)
		return (-1);
	snprintf(d->instance_type, sizeof(d->instance_type), "%s",
	    md.instance_type);
	if (md.instance_id[0] != '\0')
		snprintf(d->instance_id, sizeof(d->instance_id), "%s",
		    md.instance_id);
	snprintf(d->zone, sizeof(d->zone), "%s", md.zone);
	snprintf(d->region, sizeof(d->region), "%s", md.region);
	/* botocore's rule: the region is the zone less its letter. */
	if (d->region[0] == '\0' && (n = strlen(md.zone)) > 1)
		snprintf(d->region, sizeof(d->region), "%.*s", (int)(n - 1),
		    md.zone);
	d->metadata_nics = (unsigned int)md.nenis;
	for (i = 0; i < md.nenis && i < DETECT_MDNICS_MAX; i++) {
		mn = &d->mdnics[i];
		memset(mn, 0, sizeof(*mn));
		mn->index = md.enis[i].device_number;
		mn->network_card = md.enis[i].network_card;
		snprintf(mn->mac, sizeof(mn->mac), "%s", md.enis[i].mac);
		snprintf(mn->interface_id, sizeof(mn->interface_id), "%s",
		    md.enis[i].interface_id);
	}
	d->imds_v1 = md.v1;
	return (0);
}

int
detect_online(struct detection *d, const struct http_opts *o, bool force)
{
	char	url[256];

	d->metadata_err[0] = '\0';
	if (d->platform == NULL && force) {
		/* --probe off a cloud: GCE's endpoint, then EC2's. */
		d->metadata_asked = true;
		snprintf(url, sizeof(url), "http://%s/computeMetadata/v1/",
		    GCE_DEFAULT_HOST);
		if (ask_gce(d, url, o) == 0) {
			d->platform = "gcp";
			snprintf(d->why, sizeof(d->why), "--probe: the GCE "
			    "metadata server answered");
			return (0);
		}
		d->imds_v1_allowed = true;
		if (ask_aws(d, IMDS_IPV4, o) == 0) {
			d->platform = "aws";
			snprintf(d->why, sizeof(d->why), "--probe: IMDS "
			    "answered");
			return (0);
		}
		return (-1);
	}
	if (!d->metadata_wanted && !(force && d->platform != NULL))
		return (0);
	d->metadata_asked = true;
	if (strcmp(d->platform, "gcp") == 0)
		return (ask_gce(d, d->metadata_url, o));
	return (ask_aws(d, d->metadata_url, o));
}
