/*
 * libFuzzer target: an ops config through everything apply and validate
 * do with it.  Invariants, checked with abort():
 *
 *	- a config that parses yields findings and edits without error;
 *	- the edited text parses again, as JSON and for the locator;
 *	- merging into the edited text changes nothing more (apply is
 *	  idempotent).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "manifest/merge.h"
#include "manifest/validate.h"

static void
sample(struct decision *d)
{
	uint32_t	i;

	memset(d, 0, sizeof(*d));
	d->platform = PLATFORM_GCP;
	d->vcpus = 8;
	d->queue_cpus = 8;
	d->nnics = 3;
	for (i = 0; i < d->nnics; i++) {
		d->nics[i].ifname[0] = 'e';
		d->nics[i].ifname[1] = 'n';
		d->nics[i].ifname[2] = (char)('1' + i);
		d->nics[i].nic = i == 2 ? NIC_GVNIC : NIC_VIRTIO_NET;
		d->nics[i].device_queues = 4;
		d->nics[i].io_queues = i == 2 ? 0 : 4 - i;
		d->nics[i].queues = i == 2 ? 1 : 4 - i;
		d->nics[i].guest = i == 2 ? GUEST_SINGLE : GUEST_IO_QUEUES;
	}
}

/* Returns the edited text of m, or NULL when merge refuses. */
static char *
merged(const struct manifest *m, const struct decision *d, size_t *len)
{
	struct edits	 e;
	struct findings	 notes = FINDINGS_INIT;
	char		 err[512], *text = NULL;
	int		 rc;

	edits_init(&e, m);
	rc = manifest_merge(m, d, false, &e, &notes, err, sizeof(err));
	if (rc == 0 && edits_apply(&e, &text, len) == -1)
		abort();
	edits_release(&e);
	findings_release(&notes);
	return (text);
}

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest	 m, m2;
	struct decision	 d;
	struct findings	 fs = FINDINGS_INIT;
	char		 err[512], *text, *again;
	size_t		 len, len2;

	if (manifest_parse(&m, "fuzz", (const char *)data, size, err,
	    sizeof(err)) == -1)
		return (0);
	sample(&d);
	if (manifest_check(&m, &d, &fs) == -1)
		abort();
	findings_release(&fs);
	if ((text = merged(&m, &d, &len)) != NULL) {
		if (manifest_parse(&m2, "fuzz2", text, len, err,
		    sizeof(err)) == -1)
			abort();
		if ((again = merged(&m2, &d, &len2)) == NULL ||
		    len2 != len || memcmp(again, text, len) != 0)
			abort();
		free(again);
		manifest_release(&m2);
		free(text);
	}
	manifest_release(&m);
	return (0);
}
