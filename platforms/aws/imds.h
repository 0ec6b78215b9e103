/*
 * The EC2 instance metadata service (cloud-rules.md 7.2): an IMDSv2
 * token, then every question in one parallel round: instance-type,
 * instance-id, placement/region and availability-zone, the ENI listing,
 * and the device-number, network-card-index and interface-id of each MAC
 * the guest itself sees (so a second round is needed only for ENIs the
 * guest does not show).  IMDSv1 when the token PUT is refused with 403,
 * 404 or 405, unless disabled; one token refresh on 401.  The token is
 * never recorded or printed, and one that is empty, too long, or holds a
 * NUL or any byte outside printable ASCII is refused, never cut.
 */
#ifndef PLATFORMS_AWS_IMDS_H
#define PLATFORMS_AWS_IMDS_H

#include <stdbool.h>
#include <stddef.h>

#include "platforms/http.h"
#include "platforms/probe_log.h"

/*
 * The service's endpoints on every instance, unless
 * AWS_EC2_METADATA_SERVICE_ENDPOINT names another: IPv4, and IPv6 for
 * AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=ipv6 (Nitro only).
 */
#define IMDS_ENDPOINT_IPV4	"http://169.254.169.254"
#define IMDS_ENDPOINT_IPV6	"http://[fd00:ec2::254]"

#define IMDS_ENIS_MAX	32

struct aws_eni {
	char		mac[18];
	int		device_number;		/* -1 unknown */
	int		network_card;		/* -1: not given (before 2020) */
	char		interface_id[32];	/* "eni-...", or "" */
};

struct aws_metadata {
	char		instance_type[64];
	char		instance_id[32];	/* "" when not given */
	char		region[32];		/* "" when not given */
	char		zone[32];		/* availability zone, or "" */
	bool		v1;			/* answered without a token */
	size_t		nenis;
	struct aws_eni	enis[IMDS_ENIS_MAX];	/* by device number */
};

/*
 * Parses an IMDS listing (LF-separated, "dir/" entries) of MACs into
 * enis; returns the count, or -1 when an entry is not a MAC.
 */
int	aws_imds_parse_macs(const char *text, struct aws_eni *enis,
	    size_t max);

/*
 * A small non-negative decimal from an IMDS answer ("0\n"); -1 when it
 * is anything else or above 1,000,000.
 */
int	aws_imds_parse_index(const char *text);

/*
 * Asks the service at base (no trailing '/') within o's deadline.
 * local_macs (nlocal) are the guest's own MACs, asked about in the first
 * round.  Records each request in log, by its path.  Returns 0, or -1
 * with err naming the endpoint and what failed.
 */
int	aws_imds_fetch(const char *base, bool v1_allowed,
	    const char *const *local_macs, size_t nlocal,
	    const struct http_opts *o, struct aws_metadata *md,
	    struct probe_log *log, char *err, size_t errlen);

#endif /* PLATFORMS_AWS_IMDS_H */
