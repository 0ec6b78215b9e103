/*
 * The GCE metadata server, asked once: instance/?recursive=true&alt=json
 * gives the machine type, zone, instance id and network interfaces (mac,
 * network; nicType and queueCount where listed) in one round trip
 * (cloud-rules.md 7.1).  Every request sends Metadata-Flavor: Google and
 * every answer must carry it back: one without it is not GCE.
 */
#ifndef PLATFORMS_GCP_METADATA_H
#define PLATFORMS_GCP_METADATA_H

#include <stddef.h>

#include "platforms/http.h"
#include "platforms/probe_log.h"

/*
 * Where the server is on every GCE VM, unless GCE_METADATA_HOST names
 * another host; base URLs are "http://" HOST GCP_METADATA_PATH.
 */
#define GCP_METADATA_HOST	"169.254.169.254"
#define GCP_METADATA_PATH	"/computeMetadata/v1/"

#define GCP_NICS_MAX	32

/* One of networkInterfaces[].  Strings are the server's, unchecked. */
struct gcp_nic {
	int		index;		/* position in networkInterfaces[] */
	char		mac[32];
	char		network[96];	/* network, last part; "" */
	char		nic_type[32];	/* nicType, when listed; "" */
	unsigned int	queue_count;	/* queueCount; 0 not listed */
};

struct gcp_metadata {
	char		machine_type[64];	/* "n2-standard-8" */
	char		zone[64];		/* "us-central1-a" */
	char		id[24];			/* decimal; "" not given */
	unsigned int	nics;			/* networkInterfaces */
	struct gcp_nic	nic[GCP_NICS_MAX];	/* the first ones */
};

/*
 * Parses the JSON of instance/?recursive=true&alt=json (len bytes).
 * Returns 0, or -1 with err set when it is not that JSON.
 */
int	gcp_metadata_parse(const char *json, size_t len,
	    struct gcp_metadata *md, char *err, size_t errlen);

/*
 * Asks the server at base_url (ending in GCP_METADATA_PATH) within o's
 * deadline, retrying 503 with a short backoff, and records each request
 * in log.  Returns 0, or -1 with err naming the endpoint and what went
 * wrong.
 */
int	gcp_metadata_fetch(const char *base_url, const struct http_opts *o,
	    struct gcp_metadata *md, struct probe_log *log, char *err,
	    size_t errlen);

#endif /* PLATFORMS_GCP_METADATA_H */
