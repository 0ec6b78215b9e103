/*
 * detect_loop: the cost of one detection inside a running process, with
 * libcurl already loaded, to tell the metadata round trips apart from the
 * one-time cost of loading libcurl that `mqplan detect` pays per process.
 *
 *	usage: detect_loop runs
 *
 * The environment and MQPLAN_SYSFS_ROOT choose the machine and endpoint,
 * as for mqplan detect.
 */
#include <stdio.h>
#include <stdlib.h>

#include "platforms/detect.h"
#include "platforms/http.h"

static int
cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return ((x > y) - (x < y));
}

int
main(int argc, char *argv[])
{
	static struct detection	 d;
	struct sysfs		 s;
	struct http_opts	 o;
	char			 err[256];
	double			*t, first, start;
	long			 n, i;

	if (argc != 2 || (n = strtol(argv[1], NULL, 10)) < 1 ||
	    (t = calloc((size_t)n, sizeof(*t))) == NULL) {
		fprintf(stderr, "usage: detect_loop runs\n");
		return (2);
	}
	sysfs_init(&s, getenv("MQPLAN_SYSFS_ROOT"));
	for (i = -1; i < n; i++) {
		start = http_now();
		o.connect_ms = HTTP_CONNECT_MS;
		o.deadline = start + HTTP_BUDGET_MS;
		if (detect_offline(&d, &s, false, err, sizeof(err)) == -1 ||
		    detect_online(&d, &o, false) == -1) {
			fprintf(stderr, "detect_loop: %s%s\n", err,
			    d.metadata_err);
			return (1);
		}
		if (i < 0)
			first = http_now() - start;
		else
			t[i] = http_now() - start;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("in-process: first %.3f ms (loads libcurl), then median "
	    "%.3f ms  p90 %.3f ms over %ld\n", first, t[n / 2],
	    t[n * 9 / 10], n);
	free(t);
	return (0);
}
