/*
 * Amazon EC2 instance types: vCPUs from the size with a table of
 * exceptions, hypervisor and NIC type per family, and the flexible ENA
 * queue figures where they are published.
 *
 * Facts: ../shared/reference/cloud-rules.md sections 2 and 3.2.
 */
#ifndef PLATFORMS_AWS_INSTANCE_TYPE_H
#define PLATFORMS_AWS_INSTANCE_TYPE_H

#include <stddef.h>

#include <jansson.h>

#include "platforms/instance_type.h"

/*
 * Fills *it for instance type name ("c5n.18xlarge", "m7i.metal-24xl",
 * "t2.micro").
 *
 * Returns 0 when the type is known; 1 when the name is well formed but the
 * family or size is not known (err says which); -1 when the name cannot be
 * an instance type (err says why).  err is always NUL-terminated when
 * errlen > 0.
 */
int	aws_instance_type_lookup(const char *name, struct instance_type *it,
	    char *err, size_t errlen);

/*
 * Calls fn for every instance type the built-in tables know (each family
 * with each of its sizes), in table order.
 */
int	aws_instance_type_foreach(instance_type_fn fn, void *arg);

/*
 * The i-th row of the table of published ENA queues per interface: the
 * family, its figures ("size=D" or "size=D/M" words, "*=D" for the sizes
 * not named) and the page they come from.  Returns 0, or -1 past the end.
 */
int	aws_ena_row(size_t i, const char **family, const char **figures,
	    const char **source);

/*
 * Fills *it from one element of the InstanceTypes array that `aws ec2
 * describe-instance-types` prints (InstanceType, Hypervisor, BareMetal,
 * VCpuInfo.DefaultVCpus, NetworkInfo.EnaSupport,
 * NetworkInfo.FlexibleEnaQueuesSupport, and from the default network card
 * Default/MaximumEnaQueueCountPerInterface, MaximumEnaQueueCount and
 * MaximumNetworkInterfaces).  The ENA default is the card's published
 * figure; else floor(MaximumEnaQueueCount / MaximumNetworkInterfaces),
 * marked derived; else the built-in table's figure or guess.
 * Returns 0, or -1 with err set when a required member is missing or of
 * the wrong type.
 */
int	aws_instance_type_from_json(const json_t *obj, struct instance_type *it,
	    char *err, size_t errlen);

#endif /* PLATFORMS_AWS_INSTANCE_TYPE_H */
