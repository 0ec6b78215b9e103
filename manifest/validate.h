/*
 * Checks of an ops config for `mqplan validate` (manifest/validate.c).
 */
#ifndef MANIFEST_VALIDATE_H
#define MANIFEST_VALIDATE_H

#include <stdbool.h>

#include "manifest/finding.h"
#include "manifest/manifest.h"
#include "policy/policy.h"

/* The deployment target a config names in CloudConfig, with positions. */
struct manifest_target {
	const char		*platform;	/* CloudConfig.Platform */
	const struct span	*platform_at;
	const char		*flavor;	/* CloudConfig.Flavor */
	const struct span	*flavor_at;
	/*
	 * CloudConfig.ConfidentialVM is true: ops' GCE provider then asks
	 * for enableConfidentialCompute, which is AMD SEV.
	 */
	bool			 confidential;
	const struct span	*confidential_at;
	const struct span	*bad_at;	/* on error: where */
	char			 bad[160];	/* and what */
};

/*
 * Fills *t from CloudConfig; members absent or empty are NULL.  Returns
 * -1, with bad and bad_at set, when CloudConfig is not an object,
 * Platform or Flavor is not a string or ConfidentialVM not a bool.
 */
int		manifest_target(const struct manifest *,
		    struct manifest_target *t);

/*
 * The flavor ops deploys on platform ("gcp", "aws") when CloudConfig.Flavor
 * is absent: g1-small and t2.micro (nanos-ops.md 4.5).
 */
const char	*manifest_default_flavor(const char *platform);

/*
 * The number of interfaces the config implies: the highest enN key of
 * ManifestPassthrough, or the length of RunConfig.Nics; 0 for neither.
 */
unsigned int	manifest_interfaces(const struct manifest *);

/*
 * Adds the findings of m to *out.  d is the plan for the config's target
 * (NULL when the target is unknown: the checks that need it are skipped).
 * Returns 0, or -1 when memory runs out.
 *
 * Finding ids: passthrough-not-object, interface-name,
 * interface-not-object, io-queues-not-string, io-queues-not-decimal,
 * io-queues-ignored, io-queues-above-device, io-queues-above-vcpus,
 * en1-static-ip-dropped, setting-hidden, interface-absent,
 * key-case-variants, and schema_check()'s ops-unknown-key,
 * ops-wrong-type, passthrough-value-type and ops-address-dropped (and
 * too-many-findings from findings_add()).  cli/ adds cloudconfig-type,
 * unknown-platform, unknown-instance-type and default-flavor.
 */
int		manifest_check(const struct manifest *m,
		    const struct decision *d, struct findings *out);

#endif /* MANIFEST_VALIDATE_H */
