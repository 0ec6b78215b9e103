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
	/* The zone is for the report; its absence is not an error. */
	last_part(json_object_get(root, "zone"), md->zone, sizeof(md->zone));
	if (!json_is_array(json_object_get(root, "networkInterfaces"))) {
		snprintf(err, errlen, "instance metadata has no "
		    "networkInterfaces");
		goto out;
	}
	md->nics = (unsigned int)json_array_size(json_object_get(root,
	    "networkInterfaces"));
	ret = 0;
out:
	json_decref(root);
	return (ret);
}

int
gcp_metadata_fetch(const char *base_url, const struct http_opts *o,
    struct gcp_metadata *md, struct detection *d, char *err, size_t errlen)
{
	struct http_req	 r;
	struct timespec	 ts;
	char		 answer[DETECT_TEXT_MAX];
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
			snprintf(answer, sizeof(answer), "%ld, %zu bytes%s",
			    r.status, r.len, strcmp(r.flavor, "Google") == 0 ?
			    "" : ", no Metadata-Flavor: Google");
		else
			snprintf(answer, sizeof(answer), "%s", r.err);
		detect_probe(d, "GET " RECURSIVE, answer, r.ms);
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
	if (gcp_metadata_parse(r.body, r.len, md, answer,
	    sizeof(answer)) == -1) {
		snprintf(err, errlen, "%s: %s", r.url, answer);
		goto out;
	}
	ret = 0;
out:
	http_release(&r, 1);
	return (ret);
}
