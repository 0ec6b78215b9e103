/*
 * Detection's online stage (platforms/detect.h): the metadata service the
 * offline stage chose, through each cloud's client, its answer copied
 * into the detection.
 */
#include <stdio.h>
#include <string.h>

#include "platforms/aws/imds.h"
#include "platforms/detect.h"
#include "platforms/gcp/metadata.h"
#include "platforms/http.h"

static int
ask_gce(struct detection *d, const char *url, const struct http_opts *o)
{
	struct gcp_metadata	 md;
	struct metadata_nic	*mn;
	char			*dash;
	size_t			 i;

	if (gcp_metadata_fetch(url, o, &md, &d->log, d->metadata_err,
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
	for (i = 0; i < md.nics && i < GCP_NICS_MAX && i < DETECT_MDNICS_MAX;
	    i++) {
		mn = &d->mdnics[i];
		memset(mn, 0, sizeof(*mn));
		mn->index = md.nic[i].index;
		mn->network_card = -1;
		snprintf(mn->mac, sizeof(mn->mac), "%s", md.nic[i].mac);
		snprintf(mn->network, sizeof(mn->network), "%s",
		    md.nic[i].network);
		snprintf(mn->nic_type, sizeof(mn->nic_type), "%s",
		    md.nic[i].nic_type);
		mn->queue_count = md.nic[i].queue_count;
	}
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
	if (aws_imds_fetch(url, d->imds_v1_allowed, macs, n, o, &md, &d->log,
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

/* --probe off a cloud: GCE's default endpoint, then EC2's. */
static int
ask_defaults(struct detection *d, const struct http_opts *o)
{
	d->metadata_asked = true;
	if (ask_gce(d, "http://" GCP_METADATA_HOST GCP_METADATA_PATH,
	    o) == 0) {
		d->platform = "gcp";
		snprintf(d->why, sizeof(d->why), "--probe: the GCE metadata "
		    "server answered");
		return (0);
	}
	d->imds_v1_allowed = true;
	if (ask_aws(d, IMDS_ENDPOINT_IPV4, o) == 0) {
		d->platform = "aws";
		snprintf(d->why, sizeof(d->why), "--probe: IMDS answered");
		return (0);
	}
	return (-1);
}

int
detect_online(struct detection *d, const struct http_opts *o, bool force)
{
	d->metadata_err[0] = '\0';
	if (d->platform == NULL && force)
		return (ask_defaults(d, o));
	if (!d->metadata_wanted && !(force && d->platform != NULL))
		return (0);
	d->metadata_asked = true;
	if (strcmp(d->platform, "gcp") == 0)
		return (ask_gce(d, d->metadata_url, o));
	return (ask_aws(d, d->metadata_url, o));
}
