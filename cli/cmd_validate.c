/*
 * mqplan validate: check ops configs, for CI.  Exit 0 when no finding
 * reaches --fail-on, 1 when one does, 2 when a file cannot be read or is
 * not JSON (the other files are still checked).  SARIF is cli/sarif.c's.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "cli/sarif.h"
#include "manifest/quote.h"
#include "manifest/target.h"
#include "manifest/validate.h"

#define VALIDATE_SCHEMA	"mqplan.validate/1"

enum vformat {
	VFORMAT_TEXT,
	VFORMAT_JSON,
	VFORMAT_YAML,
	VFORMAT_GITHUB,
	VFORMAT_SARIF,
};

struct validate_args {
	struct target	 t;
	enum vformat	 format;
	enum level	 fail_on;
	json_t		*files;		/* json and yaml output */
	struct sarif	 sarif;		/* sarif output */
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
		else if (strcmp(val, "yaml") == 0)
			a->format = VFORMAT_YAML;
		else if (strcmp(val, "github") == 0)
			a->format = VFORMAT_GITHUB;
		else if (strcmp(val, "sarif") == 0)
			a->format = VFORMAT_SARIF;
		else {
			char	shown[QUOTE_SIZE(32)];

			quote_str(shown, sizeof(shown), val);
			cli_error("--format: unknown format %s (text, json, "
			    "yaml, github, sarif)", shown);
			return (-1);
		}
		return (0);
	case OPT_FAIL_ON:
		if (level_from_name(val, &a->fail_on) == -1 ||
		    a->fail_on == LEVEL_NOTE) {
			char	shown[QUOTE_SIZE(32)];

			quote_str(shown, sizeof(shown), val);
			cli_error("--fail-on: unknown level %s (error, "
			    "warning)", shown);
			return (-1);
		}
		return (0);
	default:
		return (-1);
	}
}

/*
 * Where a config names its nth interface: the enN tuple, else RunConfig's
 * Nics; NULL when neither (the count came from a flag).
 */
static const struct span *
interfaces_at(const struct manifest *m, unsigned int n)
{
	char		key[16];
	uint32_t	node;

	snprintf(key, sizeof(key), "en%u", n);
	if ((node = manifest_member_node(m, FIELD_PASSTHROUGH, key)) ==
	    LOCATE_NONE)
		node = manifest_ops_member(m, FIELD_RUNCONFIG, "Nics");
	return (manifest_node_span(m, node));
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
	char			 shown[QUOTE_SIZE(64)];
	int			 rc;

	*have = false;
	if (manifest_target(m, &mt) == -1)
		return (findings_add(out, FINDING_CLOUDCONFIG_TYPE, LEVEL_ERROR,
		    mt.bad_at, 0, "%s: queue counts not checked", mt.bad));
	if (mt.platform != NULL) {
		quote_str(shown, sizeof(shown), mt.platform);
		if (platform_from_name(mt.platform, &plat) == -1)
			return (findings_add(out, FINDING_UNKNOWN_PLATFORM,
			    LEVEL_WARNING, mt.platform_at, 0, "platform %s "
			    "is not one mqplan knows (gcp, aws): queue counts "
			    "not checked", shown));
		t.platform = platform_name(plat);
	}
	if (mt.flavor != NULL) {
		/*
		 * A name with a control character or a quote is no instance
		 * type; the catalogs' messages would repeat it unescaped.
		 */
		if (quote_needed(mt.flavor, strlen(mt.flavor))) {
			quote_str(shown, sizeof(shown), mt.flavor);
			return (findings_add(out, FINDING_UNKNOWN_INSTANCE_TYPE,
			    LEVEL_WARNING, mt.flavor_at, 0, "CloudConfig.Flavor "
			    "%s is not an instance type name: queue counts not "
			    "checked", shown));
		}
		t.type = mt.flavor;
	}
	t.config_confidential = mt.confidential;
	if (t.platform == NULL && t.type == NULL && t.vcpus == 0)
		return (0);
	if (t.type == NULL && t.vcpus == 0 && t.platform != NULL) {
		t.type = manifest_default_flavor(t.platform);
		if (findings_add(out, FINDING_DEFAULT_FLAVOR, LEVEL_NOTE,
		    mt.platform_at, 0, "CloudConfig.Flavor is not set: ops "
		    "deploys %s, checked as such", t.type) == -1)
			return (-1);
	}
	if (t.nnics == 0 && t.highest == 0)
		t.nnics = manifest_interfaces(m);
	rc = target_build(&t, &f, err, sizeof(err), warn, sizeof(warn));
	if (rc == -2 && t.have_type &&
	    instance_type_check_nics(&t.it, f.nnics, err, sizeof(err)) != 0)
		return (findings_add(out, FINDING_TOO_MANY_INTERFACES,
		    LEVEL_WARNING, interfaces_at(m, f.nnics), 1,
		    "%s allows at most %u "
		    "network interfaces (%s; `mqplan catalog %s --explain` "
		    "gives the source), the config has %u: the cloud would "
		    "refuse the instance; queue counts not checked", t.type,
		    t.it.max_nics, basis_name(t.it.max_nics_from.basis),
		    t.type, f.nnics));
	if (rc != 0) {
		at = mt.flavor != NULL && t.type == mt.flavor ? mt.flavor_at :
		    NULL;
		return (findings_add(out, rc == 1 || at != NULL ?
		    FINDING_UNKNOWN_INSTANCE_TYPE : FINDING_TARGET,
		    LEVEL_WARNING, at, 0, "%s: queue counts not checked", err));
	}
	if (policy_decide(&t.policy, &f, d, err, sizeof(err)) == -1) {
		decision_release(d);
		return (findings_add(out, FINDING_TARGET,
		    LEVEL_WARNING, NULL, 0,
		    "%s: queue counts not checked", err));
	}
	*have = true;
	return (0);
}

/*
 * GitHub workflow commands escape %, CR and LF; properties , and : too
 * (actions/toolkit, command.ts).  Any other control character, invalid
 * UTF-8 or bidi control is shown as quote() shows it, so that none reaches
 * the log raw.
 */
static void
github_escape(const char *s, bool property)
{
	char	esc[8];
	size_t	i, k, used, len = strlen(s);

	for (i = 0; i < len; i += used) {
		used = 1;
		if (s[i] == '%')
			fputs("%25", stdout);
		else if (s[i] == '\r')
			fputs("%0D", stdout);
		else if (s[i] == '\n')
			fputs("%0A", stdout);
		else if (property && s[i] == ':')
			fputs("%3A", stdout);
		else if (property && s[i] == ',')
			fputs("%2C", stdout);
		else if ((k = escape_char(esc, s + i, len - i, &used)) != 0)
			fwrite(esc, 1, k, stdout);
		else
			fwrite(s + i, 1, used, stdout);
	}
}

/* A message on stdout with whatever control is left in it escaped. */
static void
put_text(const char *s)
{
	char	buf[QUOTE_SIZE(FINDING_MSG_MAX)];

	escape_controls(buf, sizeof(buf), s, strlen(s));
	fputs(buf, stdout);
}

/*
 * Why a file could not be checked, split from manifest_read()'s
 * "NAME: why" or "NAME:LINE:COL: why"; line and col are 0 when unknown.
 */
struct file_error {
	unsigned int	 line;
	unsigned int	 col;
	const char	*why;
};

static void
split_error(const char *name, const char *err, struct file_error *fe)
{
	size_t		 n = strlen(name);
	unsigned int	 line, col;
	int		 used = 0;

	memset(fe, 0, sizeof(*fe));
	fe->why = err;
	if (strncmp(err, name, n) != 0 || err[n] != ':')
		return;
	err += n + 1;
	if (sscanf(err, "%u:%u: %n", &line, &col, &used) == 2 && used > 0) {
		fe->line = line;
		fe->col = col;
		fe->why = err + used;
	} else
		fe->why = err + (*err == ' ');
}

/* The file's entry in files[] for json and yaml; -1 on failure. */
static int
file_entry(struct validate_args *a, const char *file, json_t *findings,
    const struct file_error *fe)
{
	json_t	*o, *e = NULL;

	if (fe != NULL && (e = output_pack("{s:s, s:o, s:o}",
	    "message", fe->why,
	    "line", fe->line ? json_integer(fe->line) : json_null(),
	    "column", fe->col ? json_integer(fe->col) : json_null())) ==
	    NULL) {
		json_decref(findings);
		return (-1);
	}
	o = output_pack("{s:s, s:o?, s:o}", "file", file, "error", e,
	    "findings", findings);
	if (o == NULL || json_array_append_new(a->files, o) == -1)
		return (-1);
	if (fe == NULL && json_object_del(o, "error") == -1)
		return (-1);
	return (0);
}

/*
 * A file that could not be read or parsed, in the chosen format: every
 * file named appears in every format, with its error.
 */
static int
report_error(struct validate_args *a, const char *file, const char *err)
{
	struct file_error	 fe;
	json_t			*arr;
	char			 buf[CLI_NAME_MAX];
	const char		*shown = cli_name(buf, sizeof(buf), file);

	split_error(file, err, &fe);
	if (fe.line != 0)
		cli_error("%s:%u:%u: %s", shown, fe.line, fe.col, fe.why);
	else
		cli_error("%s: %s", shown, fe.why);
	if (a->format == VFORMAT_SARIF)
		return (sarif_result(&a->sarif, file, FINDING_FILE_ERROR,
		    LEVEL_ERROR, fe.line, fe.col, fe.why));
	if (a->format == VFORMAT_JSON || a->format == VFORMAT_YAML) {
		if ((arr = json_array()) == NULL)
			return (-1);
		return (file_entry(a, file, arr, &fe));
	}
	if (a->format == VFORMAT_GITHUB) {
		fputs("::error file=", stdout);
		github_escape(file, true);
		if (fe.line != 0)
			printf(",line=%u,col=%u", fe.line, fe.col);
		fputs(",title=mqplan input::", stdout);
		github_escape(fe.why, false);
		putchar('\n');
	}
	return (0);
}

/*
 * file is the manifest's name ("<stdin>" for standard input), given the
 * path as the user gave it ("-"), which SARIF takes.
 */
static int
report(struct validate_args *a, const char *file, const char *given,
    const struct findings *fs)
{
	static const char *const gh[LEVEL_COUNT] = { "notice", "warning",
	    "error" };
	const struct finding	*f;
	json_t			*arr, *o;
	size_t			 i;
	char			 buf[CLI_NAME_MAX];
	const char		*shown;

	if (a->format == VFORMAT_JSON || a->format == VFORMAT_YAML) {
		if ((arr = json_array()) == NULL)
			return (-1);
		for (i = 0; i < fs->n; i++) {
			f = &fs->v[i];
			o = output_pack("{s:s, s:s, s:o, s:o, s:s}",
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
		return (file_entry(a, file, arr, NULL));
	}
	if (a->format == VFORMAT_SARIF) {
		for (i = 0; i < fs->n; i++) {
			f = &fs->v[i];
			if (sarif_result(&a->sarif, given, f->kind, f->level,
			    f->line, f->col, f->msg) == -1)
				return (-1);
		}
		return (0);
	}
	/* A plain name reads as it is; any other is quoted and escaped. */
	shown = cli_name(buf, sizeof(buf), file);
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
			continue;
		}
		if (f->line != 0)
			printf("%s:%u:%u: %s: ", shown, f->line, f->col,
			    level_name(f->level));
		else
			printf("%s: %s: ", shown, level_name(f->level));
		put_text(f->msg);
		printf(" [%s]\n", f->id);
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
	int			 i, status = EXIT_USAGE;

	memset(&a, 0, sizeof(a));
	target_init(&a.t);
	a.fail_on = LEVEL_ERROR;
	if (cli_start(c, argc, argv, validate_option, &a, &status) != 0)
		goto out;
	if ((a.format == VFORMAT_JSON || a.format == VFORMAT_YAML) &&
	    (a.files = json_array()) == NULL) {
		cli_error("out of memory");
		goto out;
	}
	if (a.format == VFORMAT_SARIF && sarif_init(&a.sarif) == -1) {
		cli_error("out of memory");
		goto out;
	}
	for (i = optind; i < argc; i++) {
		if (manifest_read(&m, argv[i], err, sizeof(err)) == -1) {
			ioerr = true;
			if (report_error(&a, argv[i], err) == -1) {
				cli_error("cannot build the output: %s",
				    output_why());
				goto out;
			}
			continue;
		}
		name = m.path;
		memset(&d, 0, sizeof(d));
		/* findings_add() fails only for memory. */
		if (plan_target(&a, &m, &d, &have, &fs) == -1 ||
		    manifest_check(&m, have ? &d : NULL, &fs) == -1) {
			cli_error("%s: out of memory", name);
			ioerr = true;
		} else if (report(&a, name, argv[i], &fs) == -1) {
			cli_error("cannot build the output: %s", output_why());
			ioerr = true;
		}
		if (findings_worst(&fs) >= (int)a.fail_on)
			failed = true;
		if (have)
			decision_release(&d);
		findings_release(&fs);
		manifest_release(&m);
	}
	if (a.format == VFORMAT_JSON || a.format == VFORMAT_YAML) {
		root = output_pack("{s:s, s:O}", "schema", VALIDATE_SCHEMA,
		    "files", a.files);
		if (output_print(root, a.format == VFORMAT_YAML ? FORMAT_YAML :
		    FORMAT_JSON) == -1)
			goto out;
	}
	if (a.format == VFORMAT_SARIF && sarif_print(&a.sarif) == -1)
		goto out;
	status = cli_finish(ioerr ? EXIT_USAGE : (failed ? EXIT_FINDINGS :
	    EXIT_OK));
out:
	json_decref(root);
	json_decref(a.files);
	sarif_release(&a.sarif);
	target_release(&a.t);
	return (status);
}
