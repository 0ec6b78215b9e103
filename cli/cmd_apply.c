/*
 * mqplan apply: plan, then write ManifestPassthrough.enN["io-queues"]
 * into an ops config, changing nothing else in the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "manifest/diff.h"
#include "manifest/merge.h"
#include "manifest/quote.h"
#include "manifest/target.h"
#include "manifest/write.h"

struct apply_args {
	struct target	 t;
	const char	*config;
	bool		 dry_run;
	bool		 exit_code;
	bool		 in_place;
	bool		 no_move;
	uint32_t	 wait;		/* seconds, for the lock */
};

static int
apply_option(int key, const char *val, void *arg)
{
	struct apply_args	*a = arg;
	int			 rc;

	if ((rc = target_option(&a->t, key, val)) != 1)
		return (rc);
	switch (key) {
	case OPT_CONFIG:
		a->config = val;
		return (0);
	case OPT_DRY_RUN:
		a->dry_run = true;
		return (0);
	case OPT_EXIT_CODE:
		a->exit_code = true;
		return (0);
	case OPT_IN_PLACE:
		a->in_place = true;
		return (0);
	case OPT_WAIT:
		return (cli_number("--wait", val, 0, 3600, &a->wait));
	case OPT_NO_MOVE_SETTINGS:
		a->no_move = true;
		return (0);
	default:
		return (-1);
	}
}

/*
 * The target: the flags first, then the config's CloudConfig, then ops'
 * default flavor for the platform.
 */
static int
apply_target(struct apply_args *a, const struct manifest *m)
{
	struct manifest_target	mt;
	enum platform		plat;
	char			shown[QUOTE_SIZE(64)];

	if (manifest_target(m, &mt) == -1) {
		cli_error("%s:%u:%u: %s", m->path, mt.bad_at->line,
		    mt.bad_at->col, mt.bad);
		return (-1);
	}
	/* --detect: this machine is the target, not the config's. */
	if (a->t.detect)
		goto interfaces;
	if (a->t.platform == NULL && mt.platform != NULL) {
		if (platform_from_name(mt.platform, &plat) == -1) {
			quote_str(shown, sizeof(shown), mt.platform);
			cli_error("%s:%u:%u: platform %s is not one mqplan "
			    "knows (gcp, aws)", m->path, mt.platform_at->line,
			    mt.platform_at->col, shown);
			return (-1);
		}
		a->t.platform = platform_name(plat);
	}
	if (a->t.type == NULL && a->t.vcpus == 0 && mt.flavor != NULL)
		a->t.type = mt.flavor;
	a->t.config_confidential = mt.confidential;
	if (a->t.platform == NULL && a->t.type == NULL) {
		cli_error("%s: no target: set CloudConfig.Platform and Flavor, "
		    "or give --platform and --instance-type", m->path);
		return (-1);
	}
	if (a->t.type == NULL && a->t.vcpus == 0) {
		a->t.type = manifest_default_flavor(a->t.platform);
		if (!a->t.quiet)
			cli_warn("%s: CloudConfig.Flavor is not set: planning "
			    "for %s, ops' default", m->path, a->t.type);
	}
interfaces:
	if (a->t.nnics == 0 && a->t.highest == 0 && !a->t.detect)
		a->t.nnics = manifest_interfaces(m);
	return (0);
}

/* Notes quote the config values they name; controls escaped regardless. */
static void
print_notes(const struct findings *notes)
{
	char	buf[QUOTE_SIZE(FINDING_MSG_MAX)];
	size_t	i;

	for (i = 0; i < notes->n; i++) {
		if (notes->v[i].level != LEVEL_NOTE)
			continue;
		escape_controls(buf, sizeof(buf), notes->v[i].msg,
		    strlen(notes->v[i].msg));
		printf("%s\n", buf);
	}
}

int
cmd_apply(int argc, char **argv, const struct cmd *c)
{
	struct apply_args	 a;
	struct manifest		 m;
	struct writer		 w;
	struct facts		 f;
	struct decision		 d;
	struct edits		 e;
	struct findings		 notes = FINDINGS_INIT;
	char			 err[ERR_MAX], *text = NULL, *diff = NULL;
	char			 name[CLI_NAME_MAX];
	size_t			 i, len = 0;
	int			 rc, status = EXIT_USAGE;

	memset(&a, 0, sizeof(a));
	memset(&m, 0, sizeof(m));
	memset(&w, 0, sizeof(w));
	w.fd = w.dfd = -1;
	memset(&d, 0, sizeof(d));
	target_init(&a.t);
	edits_init(&e, &m);
	a.config = "config.json";
	a.wait = 10;
	if (cli_start(c, argc, argv, apply_option, &a, &status) != 0)
		goto out;
	if (a.exit_code && !a.dry_run) {
		cli_error("apply: --exit-code goes with --dry-run");
		goto out;
	}
	/*
	 * Standard input can be shown a change, not written back; a real
	 * apply takes the lock before it reads, so that it plans on what it
	 * will replace.
	 */
	if (strcmp(a.config, "-") == 0 && !a.dry_run) {
		cli_error("apply -c -: standard input cannot be written back: "
		    "give the config file's path (a regular file), or add "
		    "--dry-run to see the change");
		goto out;
	}
	if (strcmp(a.config, "-") == 0)
		rc = manifest_read(&m, a.config, err, sizeof(err));
	else if ((rc = writer_open(&w, a.config, (a.dry_run ?
	    WRITER_NO_LOCK : 0) | (a.in_place ? WRITER_IN_PLACE : 0),
	    a.wait * 1000u, err, sizeof(err))) == 0)
		rc = manifest_read_fd(&m, a.config, w.fd, err, sizeof(err));
	if (rc == -1) {
		cli_error("%s", err);
		goto out;
	}
	if (w.lock_errno != 0)
		cli_warn("%s: not locked: the file system refuses flock(2) on "
		    "%s (%s); other writers are not kept out, but a change "
		    "they make before apply replaces the file is still caught",
		    a.config, w.dir, strerror(w.lock_errno));
	if (apply_target(&a, &m) == -1)
		goto out;
	if ((rc = target_facts(&a.t, &f)) != 0) {
		status = rc == -2 ? EXIT_REFUSED : EXIT_USAGE;
		goto out;
	}
	if (policy_decide(&a.t.policy, &f, &d, err, sizeof(err)) == -1) {
		if (a.t.explain)
			output_trace_text(&d.trace);
		cli_error("%s", err);
		status = EXIT_REFUSED;
		goto out;
	}
	if (a.t.explain) {
		output_trace_text(&d.trace);
		putchar('\n');
	}
	rc = manifest_merge(&m, &d, a.no_move, &e, &notes, err,
	    sizeof(err));
	if (rc != 0) {
		cli_error("%s", err);
		status = rc == -2 ? EXIT_REFUSED : EXIT_USAGE;
		goto out;
	}
	/* Warnings (tuples the target has no interface for) in every mode. */
	for (i = 0; i < notes.n; i++)
		if (notes.v[i].level >= LEVEL_WARNING)
			cli_warn("%s: %s", cli_name(name, sizeof(name), m.path),
			    notes.v[i].msg);
	if (edits_apply(&e, &text, &len) == -1) {
		cli_error("%s: out of memory", m.path);
		goto out;
	}
	if (len == m.len && memcmp(text, m.text, len) == 0) {
		if (!a.t.quiet) {
			print_notes(&notes);
			printf("%s: up to date\n", cli_name(name,
			    sizeof(name), m.path));
		}
		status = cli_finish(EXIT_OK);
		goto out;
	}
	if (a.dry_run) {
		if ((diff = diff_unified(m.path, m.text, m.len, text,
		    len)) == NULL) {
			cli_error("out of memory");
			goto out;
		}
		fputs(diff, stdout);
		/* git diff --exit-code: 1 says there is a change. */
		status = cli_finish(a.exit_code ? EXIT_CHANGED : EXIT_OK);
		goto out;
	}
	if (manifest_write(&w, &m, text, len, err, sizeof(err)) == -1) {
		cli_error("%s", err);
		goto out;
	}
	if (!a.t.quiet) {
		print_notes(&notes);
		printf("%s: written\n", cli_name(name, sizeof(name),
		    m.path));
	}
	status = cli_finish(EXIT_OK);
out:
	free(text);
	free(diff);
	findings_release(&notes);
	edits_release(&e);
	decision_release(&d);
	manifest_release(&m);
	writer_close(&w);
	target_release(&a.t);
	return (status);
}
