/*
 * The deployment target an ops config names: CloudConfig's Platform,
 * Flavor and ConfidentialVM, the flavor ops falls back to, and how many
 * interfaces the config implies (manifest/target.c).  apply and validate
 * plan the config for it.
 */
#ifndef MANIFEST_TARGET_H
#define MANIFEST_TARGET_H

#include <stdbool.h>

#include "manifest/manifest.h"

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

#endif /* MANIFEST_TARGET_H */
