#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "platforms/gcp/metadata.h"

#define RECURSIVE	"instance/?recursive=true&alt=json"
#define BACKOFF_MS	50

/* The text after the last '/': "projects/1/zones/z" -> "z". */
static int
last_part(const json_t *v, char *buf, size_t len)
{
	const char	*s, *slash;

	if (!json_is_string(v))
		return (-1);
	s = json_string_value(v);
	slash = strrchr(s, '/');
	s = slash != NULL ? slash + 1 : s;
	if (*s == '\0' || strlen(s) >= len)
		return (-1);
	snprintf(buf, len, "%s", s);
	return (0);
}

/* A string member of o into buf when it fits; "" otherwise. */
static void
member(const json_t *o, const char *key, char *buf, size_t len)
{
	const json_t	*v = json_object_get(o, key);

	buf[0] = '\0';
	if (json_is_string(v) && json_string_length(v) < len)
		snprintf(buf, len, "%s", json_string_value(v));
}

/* The instance id: a JSON number (as the server sends it) or a string. */
static void
instance_id(const json_t *v, char *buf, size_t len)
{
	const char	*s;

	buf[0] = '\0';
	if (json_is_integer(v) && json_integer_value(v) > 0)
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else if (json_is_string(v)) {
		s = json_string_value(v);
		if (s[0] != '\0' && strspn(s, "0123456789") == strlen(s) &&
		    strlen(s) < len)
			snprintf(buf, len, "%s", s);
	}
}

static void
interfaces(const json_t *a, struct gcp_metadata *md)
{
	const json_t	*o, *q;
	struct gcp_nic	*n;
	size_t		 i;

	md->nics = (unsigned int)json_array_size(a);
	for (i = 0; i < json_array_size(a) && i < GCP_NICS_MAX; i++) {
		o = json_array_get(a, i);
		n = &md->nic[i];
		memset(n, 0, sizeof(*n));
		n->index = (int)i;
		member(o, "mac", n->mac, sizeof(n->mac));
		if (last_part(json_object_get(o, "network"), n->network,
		    sizeof(n->network)) == -1)
			n->network[0] = '\0';
		member(o, "nicType", n->nic_type, sizeof(n->nic_type));
		q = json_object_get(o, "queueCount");
		if (json_is_integer(q) && json_integer_value(q) > 0 &&
		    json_integer_value(q) <= 65536)
			n->queue_count = (unsigned int)json_integer_value(q);
	}
}

int
gcp_metadata_parse(const char *json, size_t len, struct gcp_metadata *md,
    char *err, size_t errlen)
{
	json_error_t	 jerr;
	json_t		*root;
	int		 ret = -1;

	memset(md, 0, sizeof(*md));
	if ((root = json_loadb(json, len, 0, &jerr)) == NULL) {
		snprintf(err, errlen, "instance metadata is not JSON (%d:%d: "
		    "%s)", jerr.line, jerr.column, jerr.text);
		return (-1);
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "instance metadata is not a JSON object");
		goto out;
	}
	if (last_part(json_object_get(root, "machineType"), md->machine_type,
	    sizeof(md->machine_type)) == -1) {
		snprintf(err, errlen, "instance metadata has no machineType");
		goto out;
	}
	/* Zone and id are for the report; their absence is not an error. */
	if (last_part(json_object_get(root, "zone"), md->zone,
	    sizeof(md->zone)) == -1)
		md->zone[0] = '\0';
	instance_id(json_object_get(root, "id"), md->id, sizeof(md->id));
	if (!json_is_array(json_object_get(root, "networkInterfaces"))) {
		snprintf(err, errlen, "instance metadata has no "
		    "networkInterfaces");
		goto out;
	}
	interfaces(json_object_get(root, "networkInterfaces"), md);
	ret = 0;
out:
	json_decref(root);
	return (ret);
}

int
gcp_metadata_fetch(const char *base_url, const struct http_opts *o,
    struct gcp_metadata *md, struct probe_log *log, char *err, size_t errlen)
{
	struct http_req	 r;
	struct timespec	 ts;
	char		 why[PROBE_TEXT_MAX];
	long		 wait = BACKOFF_MS;
	int		 ret = -1;

	memset(&r, 0, sizeof(r));
	r.method = "GET";
	r.headers[0] = "Metadata-Flavor: Google";
	snprintf(r.url, sizeof(r.url), "%s%s", base_url, RECURSIVE);
	for (;;) {
		if (http_run(&r, 1, o) == -1) {
			snprintf(err, errlen, "cannot set up HTTP (libcurl)");
			return (-1);
		}
		if (r.status != 0)
			probe_log_add(log, "GET " RECURSIVE, r.ms,
			    "%ld, %zu bytes%s", r.status, r.len,
			    strcmp(r.flavor, "Google") == 0 ? "" :
			    ", no Metadata-Flavor: Google");
		else
			probe_log_add(log, "GET " RECURSIVE, r.ms, "%s", r.err);
		/* 503: maintenance for under a second; retry in budget. */
		if (r.status != 503 || http_now() + (double)wait >=
		    o->deadline)
			break;
		http_release(&r, 1);
		ts.tv_sec = 0;
		ts.tv_nsec = wait * 1000000L;
		nanosleep(&ts, NULL);
		wait *= 2;
	}
	if (r.status == 0) {
		snprintf(err, errlen, "%s: %s", r.url, r.err);
		goto out;
	}
	if (strcmp(r.flavor, "Google") != 0) {
		snprintf(err, errlen, "%s: the answer lacks Metadata-Flavor: "
		    "Google, so this is not the GCE metadata server", r.url);
		goto out;
	}
	if (r.status != 200) {
		snprintf(err, errlen, "%s: HTTP %ld", r.url, r.status);
		goto out;
	}
	if (gcp_metadata_parse(r.body, r.len, md, why, sizeof(why)) == -1) {
		snprintf(err, errlen, "%s: %s", r.url, why);
		goto out;
	}
	ret = 0;
out:
	http_release(&r, 1);
	return (ret);
}
