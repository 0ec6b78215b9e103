#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "platforms/instance_type.h"

void
instance_type_init(struct instance_type *it)
{
	memset(it, 0, sizeof(*it));
	it->flexible_ena = -1;
}

void
provenance_set(struct provenance *p, enum basis basis, const char *fmt, ...)
{
	va_list	ap;

	p->basis = basis;
	va_start(ap, fmt);
	vsnprintf(p->source, sizeof(p->source), fmt, ap);
	va_end(ap);
}

const char *
basis_name(enum basis b)
{
	switch (b) {
	case BASIS_CONFIRMED:
		return ("confirmed");
	case BASIS_PUBLISHED:
		return ("published");
	case BASIS_DERIVED:
		return ("derived");
	case BASIS_GUESS:
		return ("guess");
	case BASIS_NONE:
		break;
	}
	return ("none");
}

static bool
known(enum basis b)
{
	return (b == BASIS_NONE || b == BASIS_CONFIRMED ||
	    b == BASIS_PUBLISHED);
}

bool
instance_type_confirmed(const struct instance_type *it)
{
	if (it->vcpus_from.basis == BASIS_NONE)
		return (false);
	return (known(it->vcpus_from.basis) && known(it->nics_from.basis) &&
	    known(it->ena_from.basis) && known(it->max_nics_from.basis));
}

int
instance_type_check_nics(const struct instance_type *it, unsigned int nnics,
    char *err, size_t errlen)
{
	if (it->max_nics == 0 || nnics <= it->max_nics)
		return (0);
	snprintf(err, errlen, "%s allows at most %u network interface%s, not "
	    "%u (%s: %s)", it->name, it->max_nics, it->max_nics == 1 ? "" : "s",
	    nnics, basis_name(it->max_nics_from.basis),
	    it->max_nics_from.source);
	return (-1);
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
