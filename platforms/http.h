/*
 * HTTP for metadata services, on libcurl, with the safety the clouds'
 * metadata deserve: a short connect timeout and one total budget for
 * every request of a detection, redirects never followed, proxies never
 * used, plain http only, bodies and headers capped.  Several requests
 * run in parallel (curl multi) so a detection costs round trips, not
 * requests.
 */
#ifndef PLATFORMS_HTTP_H
#define PLATFORMS_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_BODY_MAX		65536
#define HTTP_HEAD_MAX		16384	/* all response header lines */
#define HTTP_HEADERS_MAX	4
#define HTTP_CONNECT_MS		250
#define HTTP_BUDGET_MS		1000

struct http_req {
	const char	*method;		/* "GET" or "PUT" */
	char		 url[512];
	/* "Name: value" request headers, NULL-terminated. */
	const char	*headers[HTTP_HEADERS_MAX + 1];

	/* Results. */
	long		 status;	/* 0: no HTTP answer (see err) */
	char		*body;		/* NUL-terminated, owned */
	size_t		 len;
	char		 flavor[32];	/* response Metadata-Flavor */
	char		 ttl[32];	/* X-Aws-Ec2-Metadata-Token-Ttl-Seconds */
	char		 err[160];	/* why there is no answer */
	bool		 refused;	/* an answer came, over a limit */
	double		 ms;		/* time to the answer */
};

struct http_opts {
	long	connect_ms;	/* per connection */
	double	deadline;	/* absolute, http_now() clock, ms */
};

/* A monotonic clock in milliseconds. */
double	http_now(void);

/*
 * Runs the n requests in parallel and waits for all of them or the
 * deadline.  Returns 0 (each request's status, body or err filled), or -1
 * when libcurl could not be set up.  Bodies over HTTP_BODY_MAX, response
 * headers over HTTP_HEAD_MAX in all and redirects end in err, not in a
 * status; err says which limit was passed.
 */
int	http_run(struct http_req *reqs, size_t n, const struct http_opts *);

/* Frees the results of the n requests. */
void	http_release(struct http_req *reqs, size_t n);

#endif /* PLATFORMS_HTTP_H */
