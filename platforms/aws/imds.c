#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platforms/aws/imds.h"

#define TOKEN_PATH	"/latest/api/token"
#define MD_PATH		"/latest/meta-data/"
#define TTL_HEADER	"X-aws-ec2-metadata-token-ttl-seconds: 21600"
#define TOKEN_MAX	256
#define FIXED		5	/* questions asked once per round */
#define PER_ENI		3	/* device-number, network-card-index, id */
#define ROUND_MAX	(FIXED + PER_ENI * IMDS_ENIS_MAX)

struct imds {
	const char		*base;
	const struct http_opts	*o;
	struct probe_log	*log;
	bool			 v1_allowed;
	bool			 v1;
	/* "X-aws-ec2-metadata-token: ..." when v2; never printed. */
	char			 token_header[TOKEN_MAX + 32];
	char			*err;
	size_t			 errlen;
};

/* Records request r as a probe named by its path, not its headers. */
static void
probe(struct imds *m, const struct http_req *r, const char *label)
{
	if (r->status != 0)
		probe_log_add(m->log, label, r->ms, "%ld, %zu bytes", r->status,
		    r->len);
	else
		probe_log_add(m->log, label, r->ms, "%s", r->err);
}

static void
trim(char *s)
{
	size_t	n = strlen(s);

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' ||
	    s[n - 1] == ' '))
		s[--n] = '\0';
}

static bool
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 0x21 || *s > 0x7e)
			return (false);
	return (true);
}

static int
get_token(struct imds *m)
{
	struct http_req	r;
	int		ret = -1;

	memset(&r, 0, sizeof(r));
	r.method = "PUT";
	r.headers[0] = TTL_HEADER;
	snprintf(r.url, sizeof(r.url), "%s%s", m->base, TOKEN_PATH);
	if (http_run(&r, 1, m->o) == -1) {
		snprintf(m->err, m->errlen, "cannot set up HTTP (libcurl)");
		return (-1);
	}
	probe(m, &r, "PUT " TOKEN_PATH);
	if (r.status == 200) {
		if (r.body == NULL || r.ttl[0] == '\0') {
			snprintf(m->err, m->errlen, "%s: the token answer "
			    "lacks X-Aws-Ec2-Metadata-Token-Ttl-Seconds, so "
			    "this is not IMDS", r.url);
			goto out;
		}
		/* A NUL would cut the token short: refuse, never use less. */
		if (memchr(r.body, '\0', r.len) != NULL) {
			snprintf(m->err, m->errlen, "%s: the token answer "
			    "holds a NUL byte; refused rather than cut", r.url);
			goto out;
		}
		trim(r.body);
		if (r.body[0] == '\0' || strlen(r.body) > TOKEN_MAX ||
		    !printable(r.body)) {
			snprintf(m->err, m->errlen, "%s: the token is empty, "
			    "longer than %d bytes or not printable ASCII",
			    r.url, TOKEN_MAX);
			goto out;
		}
		snprintf(m->token_header, sizeof(m->token_header),
		    "X-aws-ec2-metadata-token: %s", r.body);
		m->v1 = false;
		ret = 0;
	} else if (r.status == 403 || r.status == 404 || r.status == 405) {
		/* What the SDKs do: IMDSv1, unless it is switched off. */
		if (!m->v1_allowed) {
			snprintf(m->err, m->errlen, "%s: IMDSv2 token refused "
			    "(HTTP %ld) and IMDSv1 is disabled "
			    "(AWS_EC2_METADATA_V1_DISABLED)", r.url, r.status);
			goto out;
		}
		m->v1 = true;
		m->token_header[0] = '\0';
		ret = 0;
	} else if (r.status != 0)
		snprintf(m->err, m->errlen, "%s: token request refused (HTTP "
		    "%ld)", r.url, r.status);
	else
		snprintf(m->err, m->errlen, "%s%s: %s", r.url, r.refused ?
		    "" : " did not answer", r.err);
out:
	http_release(&r, 1);
	return (ret);
}

static void
setup_get(struct imds *m, struct http_req *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	r->method = "GET";
	if (!m->v1)
		r->headers[0] = m->token_header;
	snprintf(r->url, sizeof(r->url), "%s%s%s", m->base, MD_PATH, path);
}

static int
run_round(struct imds *m, struct http_req *reqs, size_t n)
{
	size_t	i;

	if (http_run(reqs, n, m->o) == -1) {
		snprintf(m->err, m->errlen, "cannot set up HTTP (libcurl)");
		return (-1);
	}
	for (i = 0; i < n; i++)
		probe(m, &reqs[i], reqs[i].url + strlen(m->base));
	return (0);
}

/* The first request of reqs that got no 200, or NULL. */
static const struct http_req *
first_failure(const struct http_req *reqs, size_t n, long *unauthorized)
{
	size_t	i;

	*unauthorized = 0;
	for (i = 0; i < n; i++)
		if (reqs[i].status == 401)
			*unauthorized = 1;
	for (i = 0; i < n; i++)
		if (reqs[i].status != 200)
			return (&reqs[i]);
	return (NULL);
}

int
aws_imds_parse_macs(const char *text, struct aws_eni *enis, size_t max)
{
	const char	*p = text;
	size_t		 n = 0, len, i;

	while (*p != '\0') {
		len = strcspn(p, "\n");
		if (len > 0 && p[len - 1] == '/')
			len--;
		if (len != 17 || n == max)
			return (-1);
		for (i = 0; i < 17; i++) {
			char	c = p[i];

			if (i % 3 == 2 ? c != ':' : !((c >= '0' && c <= '9') ||
			    (c >= 'a' && c <= 'f')))
				return (-1);
		}
		memcpy(enis[n].mac, p, 17);
		enis[n].mac[17] = '\0';
		enis[n].device_number = -1;
		enis[n].network_card = -1;
		n++;
		p += strcspn(p, "\n");
		if (*p == '\n')
			p++;
	}
	return ((int)n);
}

int
aws_imds_parse_index(const char *text)
{
	long	v = 0;

	if (text == NULL || *text < '0' || *text > '9')
		return (-1);
	for (; *text >= '0' && *text <= '9'; text++) {
		v = v * 10 + (*text - '0');
		if (v > 1000000)
			return (-1);
	}
	while (*text == '\n' || *text == '\r' || *text == ' ')
		text++;
	return (*text == '\0' ? (int)v : -1);
}

/*
 * Fills eni from the three answers about it (device-number,
 * network-card-index, interface-id); -1 when the device number is not
 * given or an index is not a number.  network-card-index is younger than
 * some instances (2020-11-01) and interface-id is only shown: their
 * absence (404) is not an error.
 */
static int
eni_details(struct imds *m, struct aws_eni *eni, const struct http_req *q)
{
	const struct http_req	*dev = &q[0], *card = &q[1], *id = &q[2];

	eni->network_card = -1;
	eni->interface_id[0] = '\0';
	if (dev->status != 200 ||
	    (eni->device_number = aws_imds_parse_index(dev->body)) < 0 ||
	    (card->status != 200 && card->status != 404) ||
	    (card->status == 200 &&
	    (eni->network_card = aws_imds_parse_index(card->body)) < 0)) {
		snprintf(m->err, m->errlen, "%s: no device-number or "
		    "network-card-index for %s", m->base, eni->mac);
		return (-1);
	}
	if (id->status == 200) {
		trim(id->body);
		if (printable(id->body) &&
		    strlen(id->body) < sizeof(eni->interface_id))
			snprintf(eni->interface_id, sizeof(eni->interface_id),
			    "%s", id->body);
	}
	return (0);
}

/* Asks the three questions about mac into q[0..2]. */
static void
setup_eni(struct imds *m, struct http_req *q, const char *mac)
{
	static const char *const what[PER_ENI] = { "device-number",
	    "network-card-index", "interface-id" };
	char			 path[128];
	size_t			 i;

	for (i = 0; i < PER_ENI; i++) {
		snprintf(path, sizeof(path), "network/interfaces/macs/%s/%s",
		    mac, what[i]);
		setup_get(m, &q[i], path);
	}
}

/* A short printable answer of r into buf ("" otherwise): for the report. */
static void
optional(struct http_req *r, char *buf, size_t len)
{
	buf[0] = '\0';
	if (r->status != 200)
		return;
	trim(r->body);
	if (printable(r->body) && strlen(r->body) < len)
		snprintf(buf, len, "%s", r->body);
}

static int
cmp_eni(const void *a, const void *b)
{
	const struct aws_eni	*x = a, *y = b;

	if (x->network_card != y->network_card)
		return (x->network_card - y->network_card);
	return (x->device_number - y->device_number);
}

int
aws_imds_fetch(const char *base, bool v1_allowed,
    const char *const *local_macs, size_t nlocal, const struct http_opts *o,
    struct aws_metadata *md, struct probe_log *log, char *err,
    size_t errlen)
{
	struct imds		 m;
	struct http_req		 r[ROUND_MAX], more[PER_ENI * IMDS_ENIS_MAX];
	const struct http_req	*bad;
	size_t			 n, i, j, nmore;
	long			 unauthorized;
	bool			 refreshed = false, found;
	int			 ret = -1, k;

	memset(md, 0, sizeof(*md));
	memset(r, 0, sizeof(r));
	memset(more, 0, sizeof(more));
	memset(&m, 0, sizeof(m));
	m.base = base;
	m.o = o;
	m.log = log;
	m.v1_allowed = v1_allowed;
	m.err = err;
	m.errlen = errlen;
	if (nlocal > IMDS_ENIS_MAX)
		nlocal = IMDS_ENIS_MAX;
	if (get_token(&m) == -1)
		return (-1);
again:
	setup_get(&m, &r[0], "instance-type");
	setup_get(&m, &r[1], "placement/region");
	setup_get(&m, &r[2], "network/interfaces/macs/");
	setup_get(&m, &r[3], "instance-id");
	setup_get(&m, &r[4], "placement/availability-zone");
	for (i = 0, n = FIXED; i < nlocal; i++, n += PER_ENI)
		setup_eni(&m, &r[n], local_macs[i]);
	if (run_round(&m, r, n) == -1)
		goto out;
	bad = first_failure(r, 3, &unauthorized);
	if (unauthorized && !m.v1 && !refreshed) {
		/* An expired or revoked token: one new one, as the SDKs do. */
		refreshed = true;
		http_release(r, n);
		if (get_token(&m) == -1)
			goto out;
		goto again;
	}
	/*
	 * Region, zone and id are for the report; instance-type and MACs
	 * are needed.
	 */
	if (bad != NULL && bad != &r[1]) {
		if (bad->status == 0)
			snprintf(err, errlen, "%s%s: %s", bad->url,
			    bad->refused ? "" : " did not answer", bad->err);
		else if (bad->status == 401)
			snprintf(err, errlen, "%s: HTTP 401: %s", bad->url,
			    m.v1 ? "IMDSv1 is off on this instance and the "
			    "token PUT was refused" : "the token was refused "
			    "twice");
		else
			snprintf(err, errlen, "%s: HTTP %ld", bad->url,
			    bad->status);
		goto out;
	}
	trim(r[0].body);
	if (r[0].body[0] == '\0' || strlen(r[0].body) >=
	    sizeof(md->instance_type) || !printable(r[0].body)) {
		snprintf(err, errlen, "%s: not an instance type", r[0].url);
		goto out;
	}
	snprintf(md->instance_type, sizeof(md->instance_type), "%s",
	    r[0].body);
	optional(&r[1], md->region, sizeof(md->region));
	optional(&r[3], md->instance_id, sizeof(md->instance_id));
	optional(&r[4], md->zone, sizeof(md->zone));
	md->v1 = m.v1;
	if ((k = aws_imds_parse_macs(r[2].body, md->enis,
	    IMDS_ENIS_MAX)) < 0) {
		snprintf(err, errlen, "%s: not a listing of MAC addresses",
		    r[2].url);
		goto out;
	}
	md->nenis = (size_t)k;

	/* ENIs the guest showed were asked about already; the rest now. */
	for (i = 0, nmore = 0; i < md->nenis; i++) {
		for (j = 0, found = false; j < nlocal && !found; j++) {
			if (strcmp(local_macs[j], md->enis[i].mac) != 0)
				continue;
			found = true;
			if (eni_details(&m, &md->enis[i],
			    &r[FIXED + PER_ENI * j]) == -1)
				goto out;
		}
		if (found)
			continue;
		setup_eni(&m, &more[nmore], md->enis[i].mac);
		nmore += PER_ENI;
	}
	if (nmore > 0) {
		if (run_round(&m, more, nmore) == -1)
			goto out;
		for (i = 0, j = 0; i < md->nenis; i++) {
			if (md->enis[i].device_number >= 0)
				continue;
			if (eni_details(&m, &md->enis[i], &more[j]) == -1)
				goto out;
			j += PER_ENI;
		}
	}
	qsort(md->enis, md->nenis, sizeof(md->enis[0]), cmp_eni);
	ret = 0;
out:
	http_release(r, ROUND_MAX);
	http_release(more, PER_ENI * IMDS_ENIS_MAX);
	/* The token dies with this call. */
	memset(m.token_header, 0, sizeof(m.token_header));
	return (ret);
}
