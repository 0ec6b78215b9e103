/*
 * Google Compute Engine machine types: a parser for the names GCE uses and
 * the tables the parser needs (series, generation, allowed NIC types,
 * shared-core and accelerator types).
 *
 * Names and rules: ../shared/reference/cloud-rules.md sections 1.4 and 3.1.
 */
#ifndef PLATFORMS_GCP_MACHINE_TYPE_H
#define PLATFORMS_GCP_MACHINE_TYPE_H

#include <stddef.h>

#include <jansson.h>

#include "platforms/instance_type.h"

/*
 * Fills *it for machine type name: predefined (n2-standard-32,
 * c3-standard-4-lssd, c3-highcpu-192-metal), shared-core (e2-micro,
 * f1-micro), custom (custom-8-32768, n2-custom-8-32768-ext,
 * e2-custom-micro-2048) or accelerator (a2-highgpu-1g).
 *
 * Returns 0 when the type is known; 1 when the name is well formed but the
 * type is not known (err says why, e.g. "n2 has no size 7"); -1 when the
 * name cannot be a machine type (err says why).  err is always
 * NUL-terminated when errlen > 0.
 */
int	gcp_machine_type_lookup(const char *name, struct instance_type *it,
	    char *err, size_t errlen);

/*
 * Calls fn for every predefined, shared-core and accelerator machine type
 * of the built-in tables, in table order.  Custom types are not listed.
 */
int	gcp_machine_type_foreach(instance_type_fn fn, void *arg);

/*
 * Fills *it from one element of `gcloud compute machine-types list
 * --format=json` (name, guestCpus, isSharedCpu, accelerators), taking the
 * series tables for the NIC types.  Returns 0, or -1 with err set when a
 * required member is missing or of the wrong type.
 */
int	gcp_machine_type_from_json(const json_t *obj, struct instance_type *it,
	    char *err, size_t errlen);

#endif /* PLATFORMS_GCP_MACHINE_TYPE_H */
