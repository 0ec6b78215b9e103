#include <string.h>

#include "platforms/instance_type.h"

void
instance_type_init(struct instance_type *it)
{
	memset(it, 0, sizeof(*it));
	it->flexible_ena = -1;
}

bool
instance_type_allows_nic(const struct instance_type *it, const char *nic)
{
	size_t	i;

	for (i = 0; i < INSTANCE_TYPE_NICS_MAX && it->nics[i] != NULL; i++)
		if (strcmp(it->nics[i], nic) == 0)
			return (true);
	return (false);
}
