/*
 * Checks of an ops config for `mqplan validate` (manifest/validate.c).
 */
#ifndef MANIFEST_VALIDATE_H
#define MANIFEST_VALIDATE_H

#include "manifest/finding.h"
#include "manifest/manifest.h"
#include "policy/policy.h"

/*
 * Adds the findings of m to *out.  d is the plan for the config's target
 * (NULL when the target is unknown: the checks that need it are skipped).
 * Returns 0, or -1 when memory runs out.
 *
 * Finding ids (manifest/finding.h): passthrough-not-object,
 * interface-name, interface-not-object, io-queues-not-string,
 * io-queues-not-decimal, io-queues-ignored, io-queues-above-device,
 * io-queues-above-vcpus, en1-static-ip-dropped, setting-hidden,
 * interface-absent, key-case-variants, and schema_check()'s
 * ops-unknown-key, ops-wrong-type, passthrough-value-type and
 * ops-address-dropped (and too-many-findings from findings_add()).
 * cli/ adds cloudconfig-type, unknown-platform, unknown-instance-type,
 * default-flavor, too-many-interfaces, target and file-error.
 */
int		manifest_check(const struct manifest *m,
		    const struct decision *d, struct findings *out);

#endif /* MANIFEST_VALIDATE_H */
