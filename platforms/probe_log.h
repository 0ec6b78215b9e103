/*
 * What a detection looked at, in the order it looked: each environment
 * variable, file, ioctl and metadata request, with its answer and how
 * long it took, for --explain.  Detection (platforms/detect.h) and both
 * metadata clients (platforms/gcp/metadata.h, platforms/aws/imds.h) write
 * to it, so that the clients need nothing of detection.
 */
#ifndef PLATFORMS_PROBE_LOG_H
#define PLATFORMS_PROBE_LOG_H

#include <stddef.h>

#define PROBE_LOG_MAX	32
#define PROBE_TEXT_MAX	192

struct probe {
	char	what[128];	/* "env GCE_METADATA_HOST", "DMI sys_vendor" */
	char	answer[PROBE_TEXT_MAX];	/* what it said, or "absent" */
	double	ms;
};

struct probe_log {
	struct probe	probes[PROBE_LOG_MAX];
	size_t		nprobes;
};

/*
 * Appends a probe: what was asked, how long it took (ms) and its answer,
 * formatted as printf(3) does; what and the answer are cut to their
 * buffers.  Past PROBE_LOG_MAX probes the log keeps the first ones and
 * drops the rest, so a full log never loses what decided the platform.
 * The text is kept as given: whoever shows it escapes it.
 */
void	probe_log_add(struct probe_log *, const char *what, double ms,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif /* PLATFORMS_PROBE_LOG_H */
