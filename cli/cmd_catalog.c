/*
 * mqplan catalog: list the instance types mqplan knows, or look some up.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "manifest/quote.h"
#include "policy/policy.h"

struct listing {
	enum format	 format;
	bool		 explain;
	json_t		*arr;		/* for json and yaml */
	size_t		 n;
	struct policy	 policy;	/* the built-in queue rules */
};

static int
catalog_option(int key, const char *val, void *arg)
{
	struct target	*t = arg;
	int		 rc;

	if (key == OPT_FORMAT)
		return (cli_format(val, true, &t->format));
	if ((rc = target_option(t, key, val)) == 1)
		return (-1);
	return (rc);
}

static json_t *
provenance_json(const struct provenance *p)
{
	if (p->basis == BASIS_NONE)
		return (json_null());
	return (output_pack("{s:s, s:s}", "basis", basis_name(p->basis),
	    "source", p->source));
}

/*
 * The built-in queue rule of each NIC type the type allows, or NULL when
 * mqplan has none: for ENA the per-type figure above is the device's, the
 * rule only says how it is used.
 */
static const struct rule *
nic_rule(const struct listing *l, const struct instance_type *it, size_t i)
{
	enum platform	plat;
	enum nic_type	nic;

	if (platform_from_name(it->platform, &plat) == -1 ||
	    nic_type_from_name(it->nics[i], &nic) == -1)
		return (NULL);
	return (policy_rule(&l->policy, plat, nic));
}

/* A rule is not a figure: it is confirmed by its source or it is not. */
static const char *
rule_basis(const struct rule *r)
{
	return (r->confirmed ? "confirmed" : "unconfirmed");
}

static json_t *
rules_json(const struct listing *l, const struct instance_type *it)
{
	const struct rule	*r;
	json_t			*arr, *o;
	size_t			 i;

	if ((arr = json_array()) == NULL)
		return (NULL);
	for (i = 0; i < INSTANCE_TYPE_NICS_MAX && it->nics[i] != NULL; i++) {
		if ((r = nic_rule(l, it, i)) == NULL)
			continue;
		o = output_pack("{s:s, s:s, s:s}", "nic", it->nics[i],
		    "basis", rule_basis(r), "source", r->source);
		if (json_array_append_new(arr, o) == -1) {
			json_decref(arr);
			return (NULL);
		}
	}
	return (arr);
}

static json_t *
type_json(const struct listing *l, const struct instance_type *it)
{
	json_t	*o, *nics, *prov;
	size_t	 i;

	if ((nics = json_array()) == NULL)
		return (NULL);
	for (i = 0; i < INSTANCE_TYPE_NICS_MAX && it->nics[i] != NULL; i++) {
		if (json_array_append_new(nics, output_str("nics",
		    it->nics[i])) == -1) {
			json_decref(nics);
			return (NULL);
		}
	}
	prov = output_pack("{s:o, s:o, s:o, s:o, s:o}",
	    "vcpus", provenance_json(&it->vcpus_from),
	    "nics", provenance_json(&it->nics_from),
	    "ena_queues", provenance_json(&it->ena_from),
	    "max_nics", provenance_json(&it->max_nics_from),
	    "queue_rules", rules_json(l, it));
	if (prov == NULL) {
		json_decref(nics);
		return (NULL);
	}
	o = output_pack("{s:s, s:s, s:s, s:i, s:o, s:s?, s:i, s:b, s:b, s:b, "
	    "s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:b, s:o}",
	    "name", it->name,
	    "platform", it->platform,
	    "family", it->family,
	    "vcpus", (int)it->vcpus,
	    "nics", nics,
	    "hypervisor", it->hypervisor,
	    "generation", (int)it->generation,
	    "shared_core", it->shared_core,
	    "bare_metal", it->bare_metal,
	    "custom", it->custom,
	    "accelerators", (int)it->accelerators,
	    "ena_default_queues", it->ena_default ?
	    json_integer(it->ena_default) : json_null(),
	    "ena_max_queues", it->ena_max ?
	    json_integer(it->ena_max) : json_null(),
	    "ena_card_max_queues", it->ena_card_max ?
	    json_integer(it->ena_card_max) : json_null(),
	    "flexible_ena_queues", it->flexible_ena < 0 ? json_null() :
	    json_boolean(it->flexible_ena),
	    "max_nics", it->max_nics ? json_integer(it->max_nics) :
	    json_null(),
	    "network_cards", it->network_cards ?
	    json_integer(it->network_cards) : json_null(),
	    "card_max_nics", it->card_max_nics ?
	    json_integer(it->card_max_nics) : json_null(),
	    "vcpus_source", it->vcpus_rule,
	    "source", it->source,
	    "confirmed", instance_type_confirmed(it),
	    "provenance", prov);
	return (o);
}

static void
nics_text(const struct instance_type *it, char *buf, size_t len)
{
	size_t	i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < INSTANCE_TYPE_NICS_MAX && it->nics[i] != NULL &&
	    off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
		    i ? "," : "", it->nics[i]);
}

static int
list_one(const struct instance_type *it, void *arg)
{
	struct listing	*l = arg;
	char		 nics[64], name[CLI_NAME_MAX];
	json_t		*o;

	l->n++;
	if (l->format != FORMAT_TEXT) {
		if ((o = type_json(l, it)) == NULL ||
		    json_array_append_new(l->arr, o) == -1)
			return (-1);
		return (0);
	}
	nics_text(it, nics, sizeof(nics));
	/* Names from --catalog files are shown quoted when they need it. */
	printf("%-4s %-28s %5u  %s\n", it->platform, cli_name(name,
	    sizeof(name), it->name), it->vcpus, nics);
	return (0);
}

static void
detail_text(const struct instance_type *it)
{
	char	nics[64], name[CLI_NAME_MAX], family[CLI_NAME_MAX];
	char	rule[QUOTE_SIZE(INSTANCE_TYPE_TEXT_MAX)];
	char	source[QUOTE_SIZE(INSTANCE_TYPE_TEXT_MAX)];
	char	ena[QUOTE_SIZE(INSTANCE_TYPE_SOURCE_MAX)];

	nics_text(it, nics, sizeof(nics));
	escape_controls(ena, sizeof(ena), it->ena_from.source,
	    strlen(it->ena_from.source));
	escape_controls(rule, sizeof(rule), it->vcpus_rule,
	    strlen(it->vcpus_rule));
	escape_controls(source, sizeof(source), it->source,
	    strlen(it->source));
	printf("%s\n", cli_name(name, sizeof(name), it->name));
	printf("  %-12s %s\n", "platform", it->platform);
	if (it->generation != 0)
		printf("  %-12s %s (generation %u)\n", "family",
		    cli_name(family, sizeof(family), it->family),
		    it->generation);
	else
		printf("  %-12s %s\n", "family", cli_name(family,
		    sizeof(family), it->family));
	printf("  %-12s %u (%s)\n", "vcpus", it->vcpus, rule);
	printf("  %-12s %s (default first)\n", "nics", nics);
	if (it->hypervisor != NULL)
		printf("  %-12s %s\n", "hypervisor", it->hypervisor);
	if (it->shared_core || it->bare_metal || it->custom)
		printf("  %-12s%s%s%s\n", "kind",
		    it->shared_core ? " shared-core" : "",
		    it->bare_metal ? " bare-metal" : "",
		    it->custom ? " custom" : "");
	if (it->accelerators != 0)
		printf("  %-12s %u\n", "accelerators", it->accelerators);
	if (it->ena_default != 0)
		printf("  %-12s %u per interface (%s: %s)\n", "ena default",
		    it->ena_default, basis_name(it->ena_from.basis), ena);
	if (it->ena_max != 0)
		printf("  %-12s %u per interface\n", "ena maximum",
		    it->ena_max);
	if (it->ena_card_max != 0)
		printf("  %-12s %u per network card\n", "ena total",
		    it->ena_card_max);
	if (it->flexible_ena >= 0)
		printf("  %-12s %s\n", "flexible ena",
		    it->flexible_ena ? "supported" : "unsupported");
	if (it->max_nics != 0 && it->network_cards > 1)
		printf("  %-12s %u (%u network cards, at most %u on one)\n",
		    "max nics", it->max_nics, it->network_cards,
		    it->card_max_nics);
	else if (it->max_nics != 0)
		printf("  %-12s %u\n", "max nics", it->max_nics);
	printf("  %-12s %s%s\n", "source", source,
	    instance_type_confirmed(it) ? "" : " (unconfirmed)");
}

static void
figure_text(const char *what, const struct provenance *p, const char *none)
{
	char	src[QUOTE_SIZE(INSTANCE_TYPE_SOURCE_MAX)];

	if (p->basis == BASIS_NONE) {
		printf("  %-18s %-11s %s\n", what, basis_name(BASIS_NONE), none);
		return;
	}
	escape_controls(src, sizeof(src), p->source, strlen(p->source));
	printf("  %-18s %-11s %s\n", what, basis_name(p->basis), src);
}

/* --explain: each figure's basis and source, then the queue rules. */
static void
sources_text(const struct listing *l, const struct instance_type *it)
{
	const struct rule	*r;
	char			 what[32];
	size_t			 i;

	printf("  where each figure comes from:\n");
	figure_text("vcpus", &it->vcpus_from, "");
	figure_text("nics", &it->nics_from, "");
	if (it->nics[0] != NULL && strcmp(it->nics[0], "ena") == 0)
		figure_text("ena queues", &it->ena_from, "");
	figure_text("max nics", &it->max_nics_from, "no built-in figure; "
	    "a --catalog file gives it");
	for (i = 0; i < INSTANCE_TYPE_NICS_MAX && it->nics[i] != NULL; i++) {
		snprintf(what, sizeof(what), "%s rule", it->nics[i]);
		if ((r = nic_rule(l, it, i)) == NULL)
			printf("  %-18s %-11s %s\n", what,
			    basis_name(BASIS_NONE), "mqplan has no queue rule "
			    "for this NIC type");
		else
			printf("  %-18s %-11s %s\n", what, rule_basis(r),
			    r->source);
	}
}

static int
lookup(struct target *t, const char *name, struct listing *l)
{
	struct instance_type	 it;
	const char		*platform;
	char			 err[ERR_MAX], near[200];
	json_t			*o;

	platform = t->platform ? t->platform : catalog_guess_platform(name);
	if (catalog_lookup(&t->catalog, platform, name, &it, err,
	    sizeof(err)) != 0) {
		catalog_suggest(&t->catalog, platform, name, near,
		    sizeof(near));
		cli_error("%s%s%s", err, near[0] ? ": did you mean " : "",
		    near);
		return (-1);
	}
	if (l->format == FORMAT_TEXT) {
		if (l->n++ > 0)
			putchar('\n');
		detail_text(&it);
		if (l->explain)
			sources_text(l, &it);
		return (0);
	}
	if ((o = type_json(l, &it)) == NULL ||
	    json_array_append_new(l->arr, o) == -1) {
		cli_error("cannot build the output: %s", output_why());
		return (-1);
	}
	return (0);
}

int
cmd_catalog(int argc, char **argv, const struct cmd *c)
{
	struct target	t;
	struct listing	l;
	int		i, status = EXIT_USAGE, failed = 0;

	target_init(&t);
	memset(&l, 0, sizeof(l));
	if (cli_start(c, argc, argv, catalog_option, &t, &status) != 0)
		goto out;
	l.format = t.format;
	l.explain = t.explain;
	policy_init(&l.policy);
	if (l.format != FORMAT_TEXT && (l.arr = json_array()) == NULL) {
		cli_error("out of memory");
		goto out;
	}
	if (optind == argc) {
		if (catalog_foreach(&t.catalog, t.platform, list_one, &l) != 0) {
			cli_error("cannot build the output: %s", output_why());
			goto out;
		}
	}
	for (i = optind; i < argc; i++)
		if (lookup(&t, argv[i], &l) == -1)
			failed = 1;
	if (l.arr != NULL && output_print(l.arr, l.format) == -1)
		goto out;
	status = cli_finish(failed ? EXIT_USAGE : EXIT_OK);
out:
	json_decref(l.arr);
	target_release(&t);
	return (status);
}
