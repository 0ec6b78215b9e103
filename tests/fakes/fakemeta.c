/*
 * fakemeta: a fake cloud metadata server for tests, on 127.0.0.1 only.
 *
 *	fakemeta -m gce|imds [-l latency_ms] [-f fault] [-s status]
 *	    [-t type] [-n nics] [-q NICTYPE:N] [-L lifetime_s] [-1]
 *
 * It prints the port it listens on, then serves each connection in a
 * child process (so parallel requests are served in parallel) until it
 * has lived lifetime seconds (default 20): every test using it ends by
 * itself.  Behaviour follows ../shared/reference/cloud-rules.md 7 and 9:
 *
 * gce	Metadata-Flavor: Google is required on every path but "/" (403
 *	without it, 404 with another value) and sent on every answer;
 *	X-Forwarded-For is refused (403); instance/?recursive=true&alt=json
 *	gives the instance as JSON (id, machineType, zone, and each
 *	interface's mac and network; nicType and queueCount only with -q,
 *	as the real server may not list them), instance/machine-type as
 *	text.  The type (-t) is pasted into the JSON as given, so a test can
 *	pass JSON escapes such as \u001b.
 * imds	PUT /latest/api/token needs X-aws-ec2-metadata-token-ttl-seconds
 *	from 1 to 21600 (else 400) and answers a token that encodes its
 *	expiry, with the TTL header; X-Forwarded-For on PUT is 403; a GET
 *	with a bad or expired token is 401; without a token it is served
 *	(IMDSv1) unless -1 is given (401).  meta-data: instance-id,
 *	instance-type, placement/region, placement/availability-zone,
 *	network/interfaces/macs/ and each MAC's device-number,
 *	network-card-index and interface-id.
 *
 * -s status	answer the token PUT with this status (403, 404, 405)
 * -f fault	silent (accept, never answer), drip (one byte per 50 ms),
 *		oversize (a 1 MiB body), redirect (302 to a closed port),
 *		unavailable-once (the first request gets 503), no-flavor (gce
 *		answers without Metadata-Flavor), stale-token (the first token
 *		issued is refused with 401), long-header (a 20 KiB header
 *		line: under libcurl's limit, over mqplan's), huge-header (a
 *		200 KiB one: over libcurl's limit), nul-token (the token
 *		answer has a NUL byte after a valid token), no-card-index
 *		(network-card-index is 404, as on instances older than it)
 *
 * Test code only; never installed.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define REQUEST_MAX	16384

struct conf {
	const char	*mode;
	int		 latency_ms;
	const char	*fault;
	int		 put_status;
	const char	*type;
	int		 nics;
	const char	*queues;	/* -q "GVNIC:4", or NULL */
	int		 lifetime;
	bool		 v1_disabled;
};

struct request {
	char	 method[8];
	char	 path[1024];
	char	 head[REQUEST_MAX];	/* the header lines */
};

static bool
fault(const struct conf *c, const char *name)
{
	return (c->fault != NULL && strcmp(c->fault, name) == 0);
}

/* The value of header name, into buf; false when absent. */
static bool
header(const struct request *r, const char *name, char *buf, size_t len)
{
	const char	*p = r->head;
	size_t		 n = strlen(name), v;

	while (p != NULL && *p != '\0') {
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			while (*p == ' ')
				p++;
			v = strcspn(p, "\r\n");
			snprintf(buf, len, "%.*s", (int)v, p);
			return (true);
		}
		p = strstr(p, "\r\n");
		if (p != NULL)
			p += 2;
	}
	return (false);
}

static void
send_all(int fd, const char *s, size_t n, bool drip)
{
	ssize_t	w;

	while (n > 0) {
		w = write(fd, s, drip ? 1 : n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
		if (drip) {
			struct timespec ts = { 0, 50 * 1000 * 1000 };

			nanosleep(&ts, NULL);
		}
	}
}

static void	reply_len(const struct conf *, int, int, const char *,
		    const char *, size_t);

/* The headers of -f long-header and huge-header, or "". */
static char *
fat_header(const struct conf *c)
{
	size_t	 n = fault(c, "long-header") ? 20 * 1024 :
		    fault(c, "huge-header") ? 200 * 1024 : 0;
	char	*h;

	if ((h = malloc(n + 16)) == NULL)
		return (NULL);
	if (n == 0) {
		h[0] = '\0';
		return (h);
	}
	memcpy(h, "X-Fat: ", 7);
	memset(h + 7, 'x', n);
	memcpy(h + 7 + n, "\r\n", 3);
	return (h);
}

static void
reply(const struct conf *c, int fd, int status, const char *extra,
    const char *body)
{
	reply_len(c, fd, status, extra, body, strlen(body));
}

static void
reply_len(const struct conf *c, int fd, int status, const char *extra,
    const char *body, size_t blen)
{
	char		 head[1024], *fat;
	const char	*reason;
	int		 n;

	switch (status) {
	case 200: reason = "OK"; break;
	case 302: reason = "Found"; break;
	case 400: reason = "Bad Request"; break;
	case 401: reason = "Unauthorized"; break;
	case 403: reason = "Forbidden"; break;
	case 404: reason = "Not Found"; break;
	case 405: reason = "Method Not Allowed"; break;
	case 503: reason = "Service Unavailable"; break;
	default: reason = "Status"; break;
	}
	if ((fat = fat_header(c)) == NULL)
		return;
	n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n%s", status,
	    reason, blen, extra);
	send_all(fd, head, (size_t)n, fault(c, "drip"));
	send_all(fd, fat, strlen(fat), false);
	send_all(fd, "\r\n", 2, fault(c, "drip"));
	send_all(fd, body, blen, fault(c, "drip"));
	free(fat);
}

static void
serve_gce(const struct conf *c, int fd, const struct request *r, long idx)
{
	char	 v[256], body[4096], qc[64] = "";
	char	 flavor[64] = "Metadata-Flavor: Google\r\n";
	size_t	 o;
	int	 i;

	if (fault(c, "no-flavor"))
		flavor[0] = '\0';
	if (header(r, "X-Forwarded-For", v, sizeof(v))) {
		reply(c, fd, 403, flavor, "X-Forwarded-For not allowed\n");
		return;
	}
	if (strcmp(r->path, "/") != 0) {
		if (!header(r, "Metadata-Flavor", v, sizeof(v))) {
			reply(c, fd, 403, flavor, "Missing required header "
			    "\"Metadata-Flavor\": \"Google\"\n");
			return;
		}
		if (strcmp(v, "Google") != 0) {
			reply(c, fd, 404, flavor, "not found\n");
			return;
		}
	}
	if (fault(c, "unavailable-once") && idx == 1) {
		reply(c, fd, 503, flavor, "try again\n");
		return;
	}
	if (strcmp(r->path, "/computeMetadata/v1/instance/?recursive=true&"
	    "alt=json") == 0 || strcmp(r->path, "/computeMetadata/v1/"
	    "instance/?alt=json&recursive=true") == 0) {
		o = (size_t)snprintf(body, sizeof(body), "{\"cpuPlatform\": "
		    "\"Intel Cascade Lake\", \"id\": 4520031799277581759, "
		    "\"machineType\": \"projects/708288290784/machineTypes/%s\","
		    " \"name\": \"fake\", \"networkInterfaces\": [", c->type);
		if (c->queues != NULL && strchr(c->queues, ':') != NULL)
			snprintf(qc, sizeof(qc), ", \"nicType\": \"%.*s\", "
			    "\"queueCount\": %d", (int)strcspn(c->queues, ":"),
			    c->queues, atoi(strchr(c->queues, ':') + 1));
		for (i = 0; i < c->nics && o < sizeof(body); i++)
			o += (size_t)snprintf(body + o, sizeof(body) - o,
			    "%s{\"ip\": \"10.128.0.%d\", \"mac\": "
			    "\"42:01:0a:80:00:%02x\", \"mtu\": 1460, "
			    "\"network\": \"projects/708288290784/networks/"
			    "default\"%s}", i ? ", " : "", i + 2, i + 2, qc);
		if (o < sizeof(body))
			snprintf(body + o, sizeof(body) - o, "], \"zone\": "
			    "\"projects/708288290784/zones/us-central1-a\"}");
		reply(c, fd, 200, flavor, body);
		return;
	}
	if (strcmp(r->path, "/computeMetadata/v1/instance/machine-type") == 0) {
		snprintf(body, sizeof(body), "projects/708288290784/"
		    "machineTypes/%s", c->type);
		reply(c, fd, 200, flavor, body);
		return;
	}
	if (strcmp(r->path, "/") == 0) {
		reply(c, fd, 200, flavor, "computeMetadata/\n");
		return;
	}
	reply(c, fd, 404, flavor, "not found\n");
}

/* Tokens say when they expire, so no state is shared between children. */
static bool
token_valid(const struct request *r, long *issued_by)
{
	char	 t[256], *end;
	long	 expiry, by;

	if (!header(r, "X-aws-ec2-metadata-token", t, sizeof(t)) ||
	    strncmp(t, "fake-", 5) != 0)
		return (false);
	expiry = strtol(t + 5, &end, 10);
	if (*end != '-')
		return (false);
	by = strtol(end + 1, &end, 10);
	*issued_by = by;
	return (*end == '\0' && expiry > (long)time(NULL));
}

static void
serve_imds(const struct conf *c, int fd, const struct request *r, long idx)
{
	char		 v[256], body[2048], extra[128];
	const char	*p;
	size_t		 o;
	long		 ttl, by = 0;
	int		 i, mac;
	bool		 has_token;

	if (strcmp(r->path, "/latest/api/token") == 0 &&
	    strcmp(r->method, "PUT") == 0) {
		if (header(r, "X-Forwarded-For", v, sizeof(v))) {
			reply(c, fd, 403, "", "");
			return;
		}
		if (c->put_status != 0) {
			reply(c, fd, c->put_status, "", "");
			return;
		}
		if (!header(r, "X-aws-ec2-metadata-token-ttl-seconds", v,
		    sizeof(v)) || (ttl = strtol(v, NULL, 10)) < 1 ||
		    ttl > 21600) {
			reply(c, fd, 400, "", "");
			return;
		}
		/* stale-token: the first token is born expired. */
		snprintf(body, sizeof(body), "fake-%ld-%ld",
		    (long)time(NULL) + (fault(c, "stale-token") && idx == 1 ?
		    -10 : ttl), idx);
		snprintf(extra, sizeof(extra), "X-Aws-Ec2-Metadata-Token-Ttl-"
		    "Seconds: %ld\r\n", ttl);
		if (fault(c, "nul-token")) {
			/* A valid token, a NUL, and more. */
			o = strlen(body);
			memcpy(body + o, "\0-rest", 6);
			reply_len(c, fd, 200, extra, body, o + 6);
			return;
		}
		reply(c, fd, 200, extra, body);
		return;
	}
	has_token = header(r, "X-aws-ec2-metadata-token", v, sizeof(v));
	if ((has_token && !token_valid(r, &by)) ||
	    (!has_token && c->v1_disabled)) {
		reply(c, fd, 401, "", "");
		return;
	}
	if (strncmp(r->path, "/latest/meta-data/", 18) != 0) {
		reply(c, fd, 404, "", "");
		return;
	}
	p = r->path + 18;
	if (strcmp(p, "instance-type") == 0) {
		reply(c, fd, 200, "", c->type);
		return;
	}
	if (strcmp(p, "instance-id") == 0) {
		reply(c, fd, 200, "", "i-0af01c0123456789a");
		return;
	}
	if (strcmp(p, "placement/region") == 0) {
		reply(c, fd, 200, "", "us-east-1");
		return;
	}
	if (strcmp(p, "placement/availability-zone") == 0) {
		reply(c, fd, 200, "", "us-east-1a");
		return;
	}
	if (strcmp(p, "network/interfaces/macs/") == 0) {
		body[0] = '\0';
		for (i = 0; i < c->nics; i++)
			snprintf(body + strlen(body), sizeof(body) -
			    strlen(body), "%s0e:49:61:0f:c3:%02x/", i ? "\n" :
			    "", 0x11 + i);
		reply(c, fd, 200, "", body);
		return;
	}
	if (sscanf(p, "network/interfaces/macs/0e:49:61:0f:c3:%x/", &mac) ==
	    1 && mac >= 0x11 && mac < 0x11 + c->nics) {
		p = strrchr(p, '/') + 1;
		if (strcmp(p, "device-number") == 0) {
			snprintf(body, sizeof(body), "%d", mac - 0x11);
			reply(c, fd, 200, "", body);
			return;
		}
		if (strcmp(p, "network-card-index") == 0 &&
		    !fault(c, "no-card-index")) {
			reply(c, fd, 200, "", "0");
			return;
		}
		if (strcmp(p, "interface-id") == 0) {
			snprintf(body, sizeof(body), "eni-0a1b2c3d4e5f6%04x",
			    mac - 0x11);
			reply(c, fd, 200, "", body);
			return;
		}
	}
	reply(c, fd, 404, "", "");
}

static int
read_request(int fd, struct request *r)
{
	char	buf[REQUEST_MAX], *eol, *end;
	size_t	got = 0;
	ssize_t	n;

	while (got < sizeof(buf) - 1) {
		n = read(fd, buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			return (-1);
		got += (size_t)n;
		buf[got] = '\0';
		if ((end = strstr(buf, "\r\n\r\n")) != NULL)
			break;
	}
	if ((eol = strstr(buf, "\r\n")) == NULL)
		return (-1);
	*eol = '\0';
	if (sscanf(buf, "%7s %1023s", r->method, r->path) != 2)
		return (-1);
	snprintf(r->head, sizeof(r->head), "%s", eol + 2);
	return (0);
}

static void
serve(const struct conf *c, int fd, long idx)
{
	struct request	r;
	char		*big;
	struct timespec	ts;

	if (fault(c, "silent")) {
		sleep((unsigned int)c->lifetime);
		return;
	}
	if (read_request(fd, &r) == -1)
		return;
	if (c->latency_ms > 0) {
		ts.tv_sec = c->latency_ms / 1000;
		ts.tv_nsec = (long)(c->latency_ms % 1000) * 1000000L;
		nanosleep(&ts, NULL);
	}
	if (fault(c, "redirect")) {
		reply(c, fd, 302, "Location: http://127.0.0.1:1/\r\n", "");
		return;
	}
	if (fault(c, "oversize")) {
		if ((big = malloc(1 << 20)) == NULL)
			return;
		memset(big, 'x', (1 << 20) - 1);
		big[(1 << 20) - 1] = '\0';
		reply(c, fd, 200, strcmp(c->mode, "gce") == 0 ?
		    "Metadata-Flavor: Google\r\n" : "", big);
		free(big);
		return;
	}
	if (strcmp(c->mode, "gce") == 0)
		serve_gce(c, fd, &r, idx);
	else
		serve_imds(c, fd, &r, idx);
}

int
main(int argc, char *argv[])
{
	struct conf		c = { NULL, 0, NULL, 0, NULL, 1, NULL, 20,
				    false };
	struct sockaddr_in	sa;
	socklen_t		len = sizeof(sa);
	time_t			start = time(NULL);
	long			idx = 0;
	int			ch, s, fd, one = 1;

	while ((ch = getopt(argc, argv, "m:l:f:s:t:n:q:L:1")) != -1) {
		switch (ch) {
		case 'm': c.mode = optarg; break;
		case 'l': c.latency_ms = atoi(optarg); break;
		case 'f': c.fault = optarg; break;
		case 's': c.put_status = atoi(optarg); break;
		case 't': c.type = optarg; break;
		case 'n': c.nics = atoi(optarg); break;
		case 'q': c.queues = optarg; break;
		case 'L': c.lifetime = atoi(optarg); break;
		case '1': c.v1_disabled = true; break;
		default: goto usage;
		}
	}
	if (c.mode == NULL || (strcmp(c.mode, "gce") != 0 &&
	    strcmp(c.mode, "imds") != 0) || c.lifetime < 1 || c.nics < 0 ||
	    c.nics > 8)
		goto usage;
	if (c.type == NULL)
		c.type = strcmp(c.mode, "gce") == 0 ? "n2-standard-8" :
		    "c5n.xlarge";
	signal(SIGCHLD, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (1);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(s, 64) == -1 ||
	    getsockname(s, (struct sockaddr *)&sa, &len) == -1)
		return (1);
	printf("%d\n", ntohs(sa.sin_port));
	fflush(stdout);
	/* Stop by itself: SIGALRM ends the accept loop at the lifetime. */
	alarm((unsigned int)c.lifetime);
	for (;;) {
		if ((fd = accept(s, NULL, NULL)) == -1) {
			if (errno == EINTR && time(NULL) - start <
			    c.lifetime)
				continue;
			return (errno == EINTR ? 0 : 1);
		}
		idx++;
		if (fork() == 0) {
			close(s);
			alarm((unsigned int)c.lifetime);
			serve(&c, fd, idx);
			close(fd);
			_exit(0);
		}
		close(fd);
	}
usage:
	fprintf(stderr, "usage: fakemeta -m gce|imds [-l ms] [-f fault] "
	    "[-s status] [-t type] [-n nics] [-q NICTYPE:N] [-L seconds] "
	    "[-1]\n");
	return (2);
}
