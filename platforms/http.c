#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <dlfcn.h>

#include <curl/curl.h>

#include "common/common.h"
#include "platforms/http.h"

/*
 * libcurl is opened on first use, not linked: with its TLS, IDN, LDAP and
 * SSH dependencies it costs about 4 ms and 13 million instructions to
 * load, more than everything else a plan does, and only detection on a
 * cloud needs it.  These are the functions mqplan calls.
 */
static struct {
	CURLcode	(*global_init)(long);
	CURL		*(*easy_init)(void);
	CURLcode	(*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode	(*easy_getinfo)(CURL *, CURLINFO, ...);
	const char	*(*easy_strerror)(CURLcode);
	void		(*easy_cleanup)(CURL *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void		(*slist_free_all)(struct curl_slist *);
	CURLM		*(*multi_init)(void);
	CURLMcode	(*multi_add_handle)(CURLM *, CURL *);
	CURLMcode	(*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode	(*multi_perform)(CURLM *, int *);
	CURLMcode	(*multi_poll)(CURLM *, struct curl_waitfd *,
			    unsigned int, int, int *);
	CURLMsg		*(*multi_info_read)(CURLM *, int *);
	CURLMcode	(*multi_cleanup)(CURLM *);
} cu;

#define SYM(field, name) do {						\
	*(void **)(&cu.field) = dlsym(h, name);				\
	if (cu.field == NULL)						\
		return (-1);						\
} while (0)

static int
curl_load(void)
{
	static int	 loaded;	/* 0 not tried, 1 ok, -1 failed */
	void		*h;

	if (loaded != 0)
		return (loaded == 1 ? 0 : -1);
	loaded = -1;
	if ((h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL)) == NULL &&
	    (h = dlopen("libcurl-gnutls.so.4", RTLD_NOW | RTLD_LOCAL)) == NULL)
		return (-1);
	SYM(global_init, "curl_global_init");
	SYM(easy_init, "curl_easy_init");
	SYM(easy_setopt, "curl_easy_setopt");
	SYM(easy_getinfo, "curl_easy_getinfo");
	SYM(easy_strerror, "curl_easy_strerror");
	SYM(easy_cleanup, "curl_easy_cleanup");
	SYM(slist_append, "curl_slist_append");
	SYM(slist_free_all, "curl_slist_free_all");
	SYM(multi_init, "curl_multi_init");
	SYM(multi_add_handle, "curl_multi_add_handle");
	SYM(multi_remove_handle, "curl_multi_remove_handle");
	SYM(multi_perform, "curl_multi_perform");
	SYM(multi_poll, "curl_multi_poll");
	SYM(multi_info_read, "curl_multi_info_read");
	SYM(multi_cleanup, "curl_multi_cleanup");
	if (cu.global_init(CURL_GLOBAL_NOTHING) != CURLE_OK)
		return (-1);
	loaded = 1;
	return (0);
}

struct xfer {
	struct http_req	*r;
	CURL		*easy;
	struct curl_slist *hdrs;
	bool		 toobig;
	size_t		 head;		/* header bytes so far */
	bool		 head_toobig;
	bool		 head_done;	/* the empty line ending them seen */
	double		 start;
};

double
http_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6);
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct xfer	*x = arg;
	size_t		 n = size * nmemb;
	char		*nb;

	if (x->r->len + n > HTTP_BODY_MAX) {
		x->toobig = true;
		return (0);	/* aborts the transfer */
	}
	if ((nb = realloc(x->r->body, x->r->len + n + 1)) == NULL)
		return (0);
	memcpy(nb + x->r->len, p, n);
	x->r->body = nb;
	x->r->len += n;
	nb[x->r->len] = '\0';
	return (n);
}

/* Keeps the two response headers the metadata clients look at. */
static size_t
on_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct xfer	*x = arg;
	size_t		 n = size * nmemb, k;
	static const struct {
		const char	*name;
		size_t		 off;
	} keep[] = {
		{ "Metadata-Flavor:", offsetof(struct http_req, flavor) },
		{ "X-Aws-Ec2-Metadata-Token-Ttl-Seconds:",
		    offsetof(struct http_req, ttl) },
	};
	size_t		 i, v;
	char		*dst;

	if (n > HTTP_HEAD_MAX - x->head) {
		x->head_toobig = true;
		return (0);	/* aborts the transfer */
	}
	x->head += n;
	if (n <= 2 && (p[0] == '\r' || p[0] == '\n'))
		x->head_done = true;
	for (i = 0; i < NELEM(keep); i++) {
		k = strlen(keep[i].name);
		if (n <= k || strncasecmp(p, keep[i].name, k) != 0)
			continue;
		for (v = k; v < n && (p[v] == ' ' || p[v] == '\t'); v++)
			;
		dst = (char *)x->r + keep[i].off;
		snprintf(dst, 32, "%.*s", (int)(n - v), p + v);
		dst[strcspn(dst, "\r\n")] = '\0';
	}
	return (n);
}

static int
setup(struct xfer *x, const struct http_opts *o, double now)
{
	struct http_req	*r = x->r;
	long		 left = (long)(o->deadline - now);
	size_t		 i;

	if (left < 1)
		left = 1;
	if ((x->easy = cu.easy_init()) == NULL)
		return (-1);
	for (i = 0; i < HTTP_HEADERS_MAX && r->headers[i] != NULL; i++)
		x->hdrs = cu.slist_append(x->hdrs, r->headers[i]);
	/* No Expect: 100-continue delays, no Accept noise. */
	x->hdrs = cu.slist_append(x->hdrs, "Expect:");
	cu.easy_setopt(x->easy, CURLOPT_URL, r->url);
	cu.easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->hdrs);
	if (strcmp(r->method, "GET") != 0)
		cu.easy_setopt(x->easy, CURLOPT_CUSTOMREQUEST, r->method);
	cu.easy_setopt(x->easy, CURLOPT_FOLLOWLOCATION, 0L);
	cu.easy_setopt(x->easy, CURLOPT_PROXY, "");
	cu.easy_setopt(x->easy, CURLOPT_NOPROXY, "*");
#if LIBCURL_VERSION_NUM >= 0x075500
	cu.easy_setopt(x->easy, CURLOPT_PROTOCOLS_STR, "http");
#else
	cu.easy_setopt(x->easy, CURLOPT_PROTOCOLS, (long)CURLPROTO_HTTP);
#endif
	cu.easy_setopt(x->easy, CURLOPT_CONNECTTIMEOUT_MS, o->connect_ms);
	cu.easy_setopt(x->easy, CURLOPT_TIMEOUT_MS, left);
	cu.easy_setopt(x->easy, CURLOPT_NOSIGNAL, 1L);
	cu.easy_setopt(x->easy, CURLOPT_WRITEFUNCTION, on_body);
	cu.easy_setopt(x->easy, CURLOPT_WRITEDATA, x);
	cu.easy_setopt(x->easy, CURLOPT_HEADERFUNCTION, on_header);
	cu.easy_setopt(x->easy, CURLOPT_HEADERDATA, x);
	cu.easy_setopt(x->easy, CURLOPT_PRIVATE, x);
	x->start = now;
	return (0);
}

/*
 * libcurl refuses a header line over its own limit (CURL_MAX_HTTP_HEADER,
 * 100 KiB) before on_header() sees it, and reports "Out of memory"
 * (CURLE_TOO_LARGE from 8.6) with no detail.  Within the headers that is
 * what happened, and the line passed HTTP_HEAD_MAX too, which is lower.
 */
static bool
head_refused(const struct xfer *x, CURLcode rc)
{
	if (x->head_done)
		return (false);
#if LIBCURL_VERSION_NUM >= 0x080600
	if (rc == CURLE_TOO_LARGE)
		return (true);
#endif
	return (rc == CURLE_OUT_OF_MEMORY);
}

static void
finish(struct xfer *x, CURLcode rc)
{
	struct http_req	*r = x->r;
	long		 status = 0;

	r->ms = http_now() - x->start;
	cu.easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	r->refused = x->toobig || x->head_toobig || head_refused(x, rc);
	if (x->toobig)
		snprintf(r->err, sizeof(r->err), "answer larger than %d bytes",
		    HTTP_BODY_MAX);
	else if (r->refused)
		snprintf(r->err, sizeof(r->err), "response headers longer "
		    "than %d bytes", HTTP_HEAD_MAX);
	else if (rc != CURLE_OK)
		snprintf(r->err, sizeof(r->err), "%s", cu.easy_strerror(rc));
	else if (status >= 300 && status < 400)
		snprintf(r->err, sizeof(r->err), "redirect (%ld) not "
		    "followed", status);
	else
		r->status = status;
	/* An answer always has a body, if only "". */
	if (r->status != 0 && r->body == NULL &&
	    (r->body = calloc(1, 1)) == NULL) {
		r->status = 0;
		snprintf(r->err, sizeof(r->err), "out of memory");
	}
	if (r->status == 0) {
		free(r->body);
		r->body = NULL;
		r->len = 0;
	}
}

int
http_run(struct http_req *reqs, size_t n, const struct http_opts *o)
{
	struct xfer	*xs;
	CURLM		*multi;
	CURLMsg		*msg;
	struct xfer	*x;
	size_t		 i;
	int		 running, left, ret = -1;

	if (curl_load() == -1)
		return (-1);
	if ((xs = calloc(n, sizeof(*xs))) == NULL)
		return (-1);
	if ((multi = cu.multi_init()) == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		memset(reqs[i].err, 0, sizeof(reqs[i].err));
		reqs[i].status = 0;
		reqs[i].refused = false;
		xs[i].r = &reqs[i];
		if (setup(&xs[i], o, http_now()) == -1 ||
		    cu.multi_add_handle(multi, xs[i].easy) != CURLM_OK)
			goto out;
	}
	do {
		if (cu.multi_perform(multi, &running) != CURLM_OK)
			goto out;
		while ((msg = cu.multi_info_read(multi, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			cu.easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&x);
			finish(x, msg->data.result);
		}
		if (running > 0 && cu.multi_poll(multi, NULL, 0, 50,
		    NULL) != CURLM_OK)
			goto out;
	} while (running > 0);
	ret = 0;
out:
	for (i = 0; i < n; i++) {
		if (xs[i].easy != NULL) {
			cu.multi_remove_handle(multi, xs[i].easy);
			cu.easy_cleanup(xs[i].easy);
		}
		cu.slist_free_all(xs[i].hdrs);
	}
	if (multi != NULL)
		cu.multi_cleanup(multi);
	free(xs);
	return (ret);
}

void
http_release(struct http_req *reqs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(reqs[i].body);
		reqs[i].body = NULL;
		reqs[i].len = 0;
	}
}
