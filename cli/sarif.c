/*
 * SARIF 2.1.0 (OASIS, errata 01) for `mqplan validate --format sarif`:
 * what GitHub code scanning and other SARIF viewers read.  The rules come
 * from finding_kinds[], so a viewer shows the same help as mqplan(1),
 * and a rule's index is its finding kind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "cli/sarif.h"

#define SARIF_VERSION	"2.1.0"
#define SARIF_SCHEMA	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/" \
			"errata01/os/schemas/sarif-schema-2.1.0.json"

/* The rule of one finding kind: id, summary, help, default level. */
static json_t *
rule_of(const struct finding_kind *k)
{
	json_t	*r, *full;

	if ((full = json_pack("{s:s}", "text", k->help)) == NULL)
		return (NULL);
	/* fullDescription and help say the same: the manual's entry. */
	r = json_pack("{s:s, s:{s:o}, s:O, s:O}", "id", k->id,
	    "shortDescription", "text", json_stringn(k->help,
	    finding_summary_len(k)), "fullDescription", full, "help", full);
	json_decref(full);
	if (r != NULL && k->level >= 0 && json_object_set_new(r,
	    "defaultConfiguration", json_pack("{s:s}", "level",
	    level_name((enum level)k->level))) == -1) {
		json_decref(r);
		return (NULL);
	}
	return (r);
}

int
sarif_init(struct sarif *s)
{
	json_t	*rules, *r, *results;
	size_t	 i;

	memset(s, 0, sizeof(*s));
	if ((rules = json_array()) == NULL)
		return (-1);
	for (i = 0; i < FINDING_VALIDATE_COUNT; i++) {
		if ((r = rule_of(&finding_kinds[i])) == NULL ||
		    json_array_append_new(rules, r) == -1) {
			json_decref(rules);
			return (-1);
		}
	}
	if ((results = json_array()) == NULL) {
		json_decref(rules);
		return (-1);
	}
	/*
	 * No informationUri: the project names no home page.  Columns are
	 * counted in characters, as the other formats count them.
	 */
	s->log = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:s, "
	    "s:O}]}", "$schema", SARIF_SCHEMA, "version", SARIF_VERSION,
	    "runs", "tool", "driver", "name", "mqplan", "version",
	    cli_version_name(), "rules", rules, "columnKind",
	    "unicodeCodePoints", "results", results);
	if (s->log == NULL) {
		json_decref(results);
		return (-1);
	}
	s->results = results;
	json_decref(results);
	return (0);
}

/*
 * A path as a URI reference (RFC 3986): relative stays relative,
 * absolute becomes a file URI; every byte but unreserved characters, /
 * and the sub-delimiters is percent-encoded (: too, which would read as
 * a scheme in a first segment).  NULL when memory runs out.
 */
static json_t *
uri_of(const char *path)
{
	static const char	 hex[] = "0123456789ABCDEF";
	json_t			*j;
	char			*buf, *p;
	const unsigned char	*c;
	size_t			 len = strlen(path);

	if ((buf = malloc(3 * len + sizeof("file://"))) == NULL)
		return (NULL);
	p = buf;
	if (path[0] == '/') {
		memcpy(p, "file://", 7);
		p += 7;
	}
	for (c = (const unsigned char *)path; *c != '\0'; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("-._~/!$&'()*+,;=@",
		    *c) != NULL)
			*p++ = (char)*c;
		else {
			*p++ = '%';
			*p++ = hex[*c >> 4];
			*p++ = hex[*c & 0xf];
		}
	}
	*p = '\0';
	j = json_string(buf);
	free(buf);
	return (j);
}

int
sarif_result(struct sarif *s, const char *file, enum finding_id kind,
    enum level level, unsigned int line, unsigned int col, const char *msg)
{
	json_t	*r, *loc, *region = NULL;

	r = json_pack("{s:s, s:I, s:s, s:{s:o}}", "ruleId",
	    finding_kinds[kind].id, "ruleIndex", (json_int_t)kind, "level",
	    level_name(level), "message", "text", output_str("message", msg));
	if (r == NULL)
		return (-1);
	/* Standard input is no artifact a viewer could open. */
	if (strcmp(file, "-") != 0) {
		if (line != 0 && (region = json_pack("{s:I, s:I}",
		    "startLine", (json_int_t)line, "startColumn",
		    (json_int_t)col)) == NULL)
			goto fail;
		loc = json_pack("[{s:{s:{s:o}, s:o*}}]", "physicalLocation",
		    "artifactLocation", "uri", uri_of(file), "region", region);
		region = NULL;	/* stolen, even on failure */
		if (loc == NULL || json_object_set_new(r, "locations", loc) ==
		    -1)
			goto fail;
	}
	if (json_array_append_new(s->results, r) == -1)
		return (-1);
	return (0);
fail:
	json_decref(r);
	return (-1);
}

int
sarif_print(const struct sarif *s)
{
	return (output_print(s->log, FORMAT_JSON));
}

void
sarif_release(struct sarif *s)
{
	json_decref(s->log);
	s->log = NULL;
	s->results = NULL;
}
