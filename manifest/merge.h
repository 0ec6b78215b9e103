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
 * creating what is missing and keeping everything else; that take
 * io-queues out of the tuples of interfaces whose driver ignores it and
 * of tuples for interfaces d does not have (tuples themselves are never
 * removed); that take out the root io-queues of ManifestPassthrough, in
 * every case variant, since Nanos reads it for en1 only while there is
 * no en1 tuple (one now holds the plan's value, or nothing reads it);
 * and that carry into every enN tuple made or found each
 * setting of manifest/ifsettings.h the tuple lacks and would hide (a key
 * the tuple has wins), or with no_move refuse.  What it does is added to
 * *notes: level note (io-queues-set, io-queues-removed,
 * io-queues-skipped, setting-moved) or warning (interface-absent: a
 * tuple for an interface d does not have).
 *
 * Returns 0; -2 when it refuses for no_move, err naming each setting and
 * where it comes from; -1 when the config's shape forbids the change
 * (ManifestPassthrough, or an enN it must write, not an object) or
 * memory runs out.  err says why.
 */
int	manifest_merge(const struct manifest *m, const struct decision *d,
	    bool no_move, struct edits *e, struct findings *notes,
	    char *err, size_t errlen);

#endif /* MANIFEST_MERGE_H */
