/* The changes `mqplan apply` makes to a config (manifest/merge.c). */
#ifndef MANIFEST_MERGE_H
#define MANIFEST_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "manifest/edit.h"
#include "manifest/finding.h"
#include "manifest/manifest.h"
#include "policy/policy.h"

/*
 * Adds to *e the edits that give every interface of d whose driver reads
 * io-queues its planned value, as a string, in ManifestPassthrough.enN,
 * creating what is missing and keeping everything else; when en1 gets a
 * tuple without ipaddr while RunConfig.IPAddress is set, copies the
 * address (and NetMask, Gateway) into it, or with no_move_ip refuses.
 * What it does is added to *notes (level note: io-queues-set, ip-moved,
 * io-queues-skipped).
 *
 * Returns 0; -2 when it refuses for no_move_ip; -1 when the config's
 * shape forbids the change (ManifestPassthrough or enN not an object) or
 * memory runs out.  err says why.
 */
int	manifest_merge(const struct manifest *m, const struct decision *d,
	    bool no_move_ip, struct edits *e, struct findings *notes,
	    char *err, size_t errlen);

#endif /* MANIFEST_MERGE_H */
