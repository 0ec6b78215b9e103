/*
 * The deployment target an ops config names, read from CloudConfig as
 * ops' loader reads it (manifest/target.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest/ifsettings.h"
#include "manifest/target.h"

/* A member of CloudConfig that must be a string, if present. */
static int
target_string(const struct manifest *m, const json_t *cc, const char *name,
    const char **out, const struct span **at, struct manifest_target *t)
{
	const json_t	*v;
	const char	*rk;

	/* Go leaves a field as it was for null (decode.go, literalStore()). */
	if ((v = manifest_get(cc, name, &rk)) == NULL || json_is_null(v))
		return (0);
	if (!json_is_string(v)) {
		t->bad_at = manifest_node_span(m, manifest_member_node(m,
		    FIELD_CLOUDCONFIG, rk));
		snprintf(t->bad, sizeof(t->bad), "CloudConfig.%s is %s; ops "
		    "takes a string", name, manifest_json_kind(v));
		return (-1);
	}
	if (json_string_value(v)[0] != '\0') {
		*out = json_string_value(v);
		*at = manifest_node_span(m, manifest_member_node(m,
		    FIELD_CLOUDCONFIG, rk));
	}
	return (0);
}

int
manifest_target(const struct manifest *m, struct manifest_target *t)
{
	const json_t		*cc, *v;
	const struct span	*at;
	const char		*rk;

	memset(t, 0, sizeof(*t));
	if ((cc = manifest_get(m->root, "CloudConfig", NULL)) == NULL ||
	    json_is_null(cc))
		return (0);
	if (!json_is_object(cc)) {
		t->bad_at = manifest_node_span(m, manifest_field_node(m,
		    FIELD_CLOUDCONFIG));
		snprintf(t->bad, sizeof(t->bad), "CloudConfig is %s; ops takes "
		    "an object", manifest_json_kind(cc));
		return (-1);
	}
	if (target_string(m, cc, "Platform", &t->platform, &t->platform_at,
	    t) == -1 ||
	    target_string(m, cc, "Flavor", &t->flavor, &t->flavor_at, t) == -1)
		return (-1);
	/* ops' gcp_instance.go: enableConfidentialCompute, no type (SEV). */
	if ((v = manifest_get(cc, "ConfidentialVM", &rk)) != NULL &&
	    !json_is_null(v)) {
		at = manifest_node_span(m, manifest_member_node(m,
		    FIELD_CLOUDCONFIG, rk));
		if (!json_is_boolean(v)) {
			t->bad_at = at;
			snprintf(t->bad, sizeof(t->bad), "CloudConfig."
			    "ConfidentialVM is %s; ops takes a bool",
			    manifest_json_kind(v));
			return (-1);
		}
		t->confidential = json_is_true(v);
		t->confidential_at = at;
	}
	return (0);
}

const char *
manifest_default_flavor(const char *platform)
{
	return (strcmp(platform, "gcp") == 0 ? "g1-small" : "t2.micro");
}

unsigned int
manifest_interfaces(const struct manifest *m)
{
	char		*k;
	uint32_t	 node, nics;
	unsigned long	 idx, most = 0;

	for (node = manifest_passthrough_next(m, LOCATE_NONE);
	    node != LOCATE_NONE; node = manifest_passthrough_next(m, node)) {
		if ((k = locator_key(&m->loc, node, NULL)) == NULL)
			break;
		idx = ifsettings_index(k);
		free(k);
		if (idx > most)
			most = idx;
	}
	nics = manifest_ops_member(m, FIELD_RUNCONFIG, "Nics");
	if (nics != LOCATE_NONE && m->loc.nodes[nics].kind == SPAN_ARRAY &&
	    m->loc.nodes[nics].nmembers > most)
		most = m->loc.nodes[nics].nmembers;
	return ((unsigned int)most);
}
