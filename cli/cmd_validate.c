/*
 * mqplan validate: check ops configs, for CI.  Exit 0 when no finding
 * reaches --fail-on, 1 when one does, 2 when a file cannot be read or is
 * not JSON (the other files are still checked).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "manifest/validate.h"

#define VALIDATE_SCHEMA	"mqplan.validate/1"
#define ERR_MAX		512

enum vformat {
	VFORMAT_TEXT,
	VFORMAT_JSON,
	VFORMAT_GITHUB,
};

struct validate_args {
	struct target	 t;
	enum vformat	 format;
	enum level	 fail_on;
	json_t		*files;		/* json output */
};

static int
validate_option(int key, const char *val, void *arg)
{
	struct validate_args	*a = arg;
	int			 rc;

	if ((rc = target_option(&a->t, key, val)) != 1)
		return (rc);
	switch (key) {
	case OPT_FORMAT:
		if (strcmp(val, "text") == 0)
			a->format = VFORMAT_TEXT;
		else if (strcmp(val, "json") == 0)
			a->format = VFORMAT_JSON;
		else if (strcmp(val, "github") == 0)
			a->format = VFORMAT_GITHUB;
		else {
			cli_error("--format: unknown format '%s' (text, json, "
			    "github)", val);
			return (-1);
		}
		return (0);
	case OPT_FAIL_ON:
		if (level_from_name(val, &a->fail_on) == -1 ||
		    a->fail_on == LEVEL_NOTE) {
			cli_error("--fail-on: unknown level '%s' (error, "
			    "warning)", val);
			return (-1);
		}
		return (0);
	default:
		return (-1);
	}
}

/*
 * Plans the config's target: the config's CloudConfig first, the flags
 * for what it does not say.  Target problems become findings; returns 0
 * with *have set when *d holds a decision.
 */
static int
plan_target(struct validate_args *a, const struct manifest *m,
    struct decision *d, bool *have, struct findings *out)
{
	struct manifest_target	 mt;
	struct target		 t = a->t;	/* shares the catalog */
	struct facts		 f;
	enum platform		 plat;
	const struct span	*at;
	char			 err[ERR_MAX], warn[ERR_MAX];
	int			 rc;

	*have = false;
	if (manifest_target(m, &mt) == -1)
		return (findings_add(out, "cloudconfig-type", LEVEL_ERROR,
		    mt.bad_at, 0, "%s: queue counts not checked", mt.bad));
	if (mt.platform != NULL) {
		if (platform_from_name(mt.platform, &plat) == -1)
			return (findings_add(out, "unknown-platform",
			    LEVEL_WARNING, mt.platform_at, 0, "platform '%s' "
			    "is not one mqplan knows (gcp, aws): queue counts "
			    "not checked", mt.platform));
		t.platform = platform_name(plat);
	}
	if (mt.flavor != NULL)
		t.type = mt.flavor;
	if (t.platform == NULL && t.type == NULL && t.vcpus == 0)
		return (0);
	if (t.type == NULL && t.vcpus == 0 && t.platform != NULL) {
		t.type = manifest_default_flavor(t.platform);
		if (findings_add(out, "default-flavor", LEVEL_NOTE,
		    mt.platform_at, 0, "CloudConfig.Flavor is not set: ops "
		    "deploys %s, checked as such", t.type) == -1)
			return (-1);
	}
	if (t.nnics == 0 && t.highest == 0)
		t.nnics = manifest_interfaces(m);
	rc = target_build(&t, &f, err, sizeof(err), warn, sizeof(warn));
	if (rc != 0) {
		at = mt.flavor != NULL && t.type == mt.flavor ? mt.flavor_at :
		    NULL;
		return (findings_add(out, rc == 1 || at != NULL ?
		    "unknown-instance-type" : "target", LEVEL_WARNING, at, 0,
		    "%s: queue counts not checked", err));
	}
	if (policy_decide(&t.policy, &f, d, err, sizeof(err)) == -1) {
		decision_release(d);
		return (findings_add(out, "target", LEVEL_WARNING, NULL, 0,
		    "%s: queue counts not checked", err));
	}
	*have = true;
	return (0);
}

/* GitHub workflow commands escape %, CR and LF; properties , and : too. */
static void
github_escape(const char *s, bool property)
{
	for (; *s != '\0'; s++) {
		if (*s == '%')
			fputs("%25", stdout);
		else if (*s == '\r')
			fputs("%0D", stdout);
		else if (*s == '\n')
			fputs("%0A", stdout);
		else if (property && *s == ':')
			fputs("%3A", stdout);
		else if (property && *s == ',')
			fputs("%2C", stdout);
		else
			putchar(*s);
	}
}

static int
report(struct validate_args *a, const char *file, const struct findings *fs)
{
	static const char *const gh[LEVEL_COUNT] = { "notice", "warning",
	    "error" };
	const struct finding	*f;
	json_t			*arr, *o;
	size_t			 i;

	if (a->format == VFORMAT_JSON) {
		if ((arr = json_array()) == NULL)
			return (-1);
		for (i = 0; i < fs->n; i++) {
			f = &fs->v[i];
			o = json_pack("{s:s, s:s, s:o, s:o, s:s}",
			    "id", f->id, "level", level_name(f->level),
			    "line", f->line ? json_integer(f->line) :
			    json_null(),
			    "column", f->col ? json_integer(f->col) :
			    json_null(),
			    "message", f->msg);
			if (o == NULL || json_array_append_new(arr, o) == -1) {
				json_decref(arr);
				return (-1);
			}
		}
		o = json_pack("{s:s, s:o}", "file", file, "findings", arr);
		if (o == NULL || json_array_append_new(a->files, o) == -1)
			return (-1);
		return (0);
	}
	for (i = 0; i < fs->n; i++) {
		f = &fs->v[i];
		if (a->t.quiet && f->level < a->fail_on)
			continue;
		if (a->format == VFORMAT_GITHUB) {
			printf("::%s file=", gh[f->level]);
			github_escape(file, true);
			if (f->line != 0)
				printf(",line=%u,col=%u", f->line, f->col);
			printf(",title=mqplan %s::", f->id);
			github_escape(f->msg, false);
			putchar('\n');
		} else if (f->line != 0)
			printf("%s:%u:%u: %s: %s [%s]\n", file, f->line, f->col,
			    level_name(f->level), f->msg, f->id);
		else
			printf("%s: %s: %s [%s]\n", file, level_name(f->level),
			    f->msg, f->id);
	}
	return (0);
}

int
cmd_validate(int argc, char **argv, const struct cmd *c)
{
	struct validate_args	 a;
	struct manifest		 m;
	struct findings		 fs = FINDINGS_INIT;
	struct decision		 d;
	json_t			*root = NULL;
	char			 err[ERR_MAX];
	const char		*name;
	bool			 have, failed = false, ioerr = false;
	int			 i, rc, status = EXIT_USAGE;

	memset(&a, 0, sizeof(a));
	target_init(&a.t);
	a.fail_on = LEVEL_ERROR;
	if ((rc = cli_parse(c, argc, argv, validate_option, &a)) != 0) {
		status = rc == 1 ? cli_finish(EXIT_OK) : EXIT_USAGE;
		goto out;
	}
	if (optind == argc) {
		cli_error("validate: no file given (see 'mqplan validate "
		    "--help')");
		goto out;
	}
	if (a.format == VFORMAT_JSON && (a.files = json_array()) == NULL) {
		cli_error("out of memory");
		goto out;
	}
	for (i = optind; i < argc; i++) {
		if (manifest_read(&m, argv[i], err, sizeof(err)) == -1) {
			cli_error("%s", err);
			ioerr = true;
			continue;
		}
		name = m.path;
		memset(&d, 0, sizeof(d));
		if (plan_target(&a, &m, &d, &have, &fs) == -1 ||
		    manifest_check(&m, have ? &d : NULL, &fs) == -1 ||
		    report(&a, name, &fs) == -1) {
			cli_error("out of memory");
			ioerr = true;
		}
		if (findings_worst(&fs) >= (int)a.fail_on)
			failed = true;
		if (have)
			decision_release(&d);
		findings_release(&fs);
		manifest_release(&m);
	}
	if (a.format == VFORMAT_JSON) {
		root = json_pack("{s:s, s:O}", "schema", VALIDATE_SCHEMA,
		    "files", a.files);
		if (output_print(root, FORMAT_JSON) == -1)
			goto out;
	}
	status = cli_finish(ioerr ? EXIT_USAGE : (failed ? EXIT_FINDINGS :
	    EXIT_OK));
out:
	json_decref(root);
	json_decref(a.files);
	target_release(&a.t);
	return (status);
}
