/*
 * mqplan: plan, write and check the network queue counts of unikernels.
 *
 * This file holds the command table and the dispatcher, nothing else.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

#ifndef MQPLAN_VERSION
#define MQPLAN_VERSION "unknown"
#endif

/* Entries several commands share, with one wording. */
#define OPT_COMMON_TAIL \
	{ "quiet", OPT_QUIET, NULL, "print no warnings" }, \
	{ "version", OPT_VERSION, NULL, "print the version and exit" }, \
	{ "help", OPT_HELP, NULL, "show this help and exit" }, \
	{ NULL, 0, NULL, NULL }
#define OPT_MACHINE \
	{ "machine-type", OPT_INSTANCE_TYPE, "type", \
	    "the same as --instance-type" }, \
	{ "nic", OPT_NIC, "[enN=]type", \
	    "NIC type of every interface, or of enN" }, \
	{ "vcpus", OPT_VCPUS, "n", \
	    "vCPUs, for a type mqplan does not know or instead of its count" }, \
	{ "confidential", OPT_CONFIDENTIAL, "sev|sev-snp", \
	    "GCE Confidential VM type (caps vNIC queues at 8 on C2D, N2D)" }
#define OPT_QUEUES \
	{ "io-queues", OPT_IO_QUEUES, "[enN=]n", \
	    "io-queues wanted, instead of the planned value" }, \
	{ "queue-count", OPT_QUEUE_COUNT, "[enN=]n", \
	    "custom cloud queue count (GCE queueCount, AWS EnaQueueCount)" }
#define OPT_CATALOG_FILE \
	{ "catalog", OPT_CATALOG, "file", \
	    "instance types from gcloud or aws CLI JSON output" }
#define OPT_FILES \
	{ "policy", OPT_POLICY, "file", "policy file, see mqplan-policy(5)" }, \
	OPT_CATALOG_FILE
#define OPT_DETECT_ENTRY \
	{ "detect", OPT_DETECT, NULL, \
	    "take the platform, type and NICs from this machine" }
#define OPT_EXPLAIN_ENTRY \
	{ "explain", OPT_EXPLAIN, NULL, "show every step of the derivation" }
#define OPT_FORMAT_ENTRY \
	{ "format", OPT_FORMAT, "text|json|yaml", \
	    "output format (default text)" }

static const struct cli_opt plan_opts[] = {
	{ "platform", OPT_PLATFORM, "gcp|aws",
	    "target cloud (default: told from the type's name)" },
	{ "instance-type", OPT_INSTANCE_TYPE, "type",
	    "EC2 instance type or GCE machine type" },
	OPT_MACHINE,
	{ "nics", OPT_NICS, "n", "number of network interfaces (default 1)" },
	OPT_QUEUES,
	OPT_FILES,
	OPT_DETECT_ENTRY,
	OPT_EXPLAIN_ENTRY,
	OPT_FORMAT_ENTRY,
	{ "emit", OPT_EMIT, "gcloud|gce-api|aws-cli|nanos",
	    "print the matching cloud-side settings or Nanos tuples" },
	{ "network", OPT_NETWORK, "enN=name",
	    "--emit gcloud|gce-api: the VPC network of enN" },
	{ "subnet", OPT_SUBNET, "enN=name",
	    "--emit: the subnet of enN (GCE subnet, AWS SubnetId)" },
	OPT_COMMON_TAIL
};

static const struct cli_opt apply_opts[] = {
	{ "config", OPT_CONFIG, "file",
	    "the ops config to change (default ./config.json)" },
	{ "dry-run", OPT_DRY_RUN, NULL,
	    "print the change as a unified diff; write nothing" },
	{ "exit-code", OPT_EXIT_CODE, NULL,
	    "with --dry-run: exit 1 if the file would change" },
	{ "in-place", OPT_IN_PLACE, NULL,
	    "write into the file itself (keeps hard links)" },
	{ "wait", OPT_WAIT, "seconds",
	    "wait this long for another writer's lock (default 10)" },
	{ "no-move-settings", OPT_NO_MOVE_SETTINGS, NULL,
	    "refuse rather than copy into enN what its tuple would hide" },
	{ "no-move-ip", OPT_NO_MOVE_SETTINGS, NULL,
	    "the same as --no-move-settings" },
	OPT_DETECT_ENTRY,
	OPT_EXPLAIN_ENTRY,
	{ "platform", OPT_PLATFORM, "gcp|aws",
	    "target cloud, instead of CloudConfig.Platform" },
	{ "instance-type", OPT_INSTANCE_TYPE, "type",
	    "instance type, instead of CloudConfig.Flavor" },
	OPT_MACHINE,
	{ "nics", OPT_NICS, "n",
	    "number of interfaces (default: the config's enN or Nics)" },
	OPT_QUEUES,
	OPT_FILES,
	OPT_COMMON_TAIL
};

static const struct cli_opt validate_opts[] = {
	{ "format", OPT_FORMAT, "text|json|yaml|github|sarif",
	    "output format (default text)" },
	{ "fail-on", OPT_FAIL_ON, "error|warning",
	    "exit 1 on findings of this level or above (default error)" },
	{ "platform", OPT_PLATFORM, "gcp|aws",
	    "target cloud, for configs without CloudConfig.Platform" },
	{ "instance-type", OPT_INSTANCE_TYPE, "type",
	    "instance type, for configs without CloudConfig.Flavor" },
	OPT_MACHINE,
	{ "nics", OPT_NICS, "n",
	    "number of interfaces (default: the highest enN of the config)" },
	OPT_FILES,
	OPT_COMMON_TAIL
};

static const struct cli_opt detect_opts[] = {
	{ "explain", OPT_EXPLAIN, NULL,
	    "list each probe with its time and answer" },
	OPT_FORMAT_ENTRY,
	{ "probe", OPT_PROBE, NULL,
	    "ask the metadata service even when nothing says it is there" },
	{ "connect-timeout", OPT_CONNECT_TIMEOUT, "ms",
	    "connect timeout per request (default 250)" },
	{ "budget", OPT_BUDGET, "ms",
	    "time for all metadata requests together (default 1000)" },
	OPT_COMMON_TAIL
};

static const struct cli_opt catalog_opts[] = {
	{ "platform", OPT_PLATFORM, "gcp|aws",
	    "list or look up this cloud's types only" },
	OPT_CATALOG_FILE,
	{ "explain", OPT_EXPLAIN, NULL,
	    "say where each figure comes from and how well it is known" },
	OPT_FORMAT_ENTRY,
	OPT_COMMON_TAIL
};

static const struct cli_opt completion_opts[] = {
	{ "version", OPT_VERSION, NULL, "print the version and exit" },
	{ "help", OPT_HELP, NULL, "show this help and exit" },
	{ NULL, 0, NULL, NULL }
};

const struct cmd cmds[] = {
	{ .name = "plan", .fn = cmd_plan, .opts = plan_opts,
	    .summary = "compute the queues of each network interface" },
	{ .name = "apply", .fn = cmd_apply, .opts = apply_opts,
	    .misfit = "the config is given with -c",
	    .summary = "write the planned io-queues into an ops config" },
	{ .name = "validate", .fn = cmd_validate, .opts = validate_opts,
	    .operands = "file ...", .nmin = 1, .nmax = -1,
	    .misfit = "no file given",
	    .summary = "check ops configs (- for standard input)" },
	{ .name = "detect", .fn = cmd_detect, .opts = detect_opts,
	    .summary = "tell the cloud, instance type, vCPUs and NICs of this "
	    "machine" },
	{ .name = "catalog", .fn = cmd_catalog, .opts = catalog_opts,
	    .operands = "[type ...]", .nmax = -1,
	    .summary = "list or look up known instance types" },
	{ .name = "completion", .fn = cmd_completion, .opts = completion_opts,
	    .operands = "bash|zsh|fish", .nmin = 1, .nmax = 1,
	    .misfit = "say bash, zsh or fish",
	    .summary = "print the shell completion script" },
	{ .name = NULL }
};

/*
 * Reports an unknown command with the nearest ones, as git's
 * help_unknown_cmd() does: every command within SUGGEST_EDITS edits (and
 * fewer edits than the word has letters, so that "x" suggests nothing),
 * or that starts with the word.
 */
#define SUGGEST_EDITS	2

static size_t
command_distance(const char *word, const char *name)
{
	size_t	wlen = strlen(word);

	if (wlen >= 2 && strncmp(name, word, wlen) == 0)
		return (0);
	return (catalog_distance(word, name, SUGGEST_EDITS));
}

static void
unknown_command(const char *prefix, const char *word)
{
	const struct cmd	*c;
	char			 near[128];
	size_t			 d, best = SUGGEST_EDITS + 1, off = 0, n = 0;

	for (c = cmds; c->name != NULL; c++) {
		d = command_distance(word, c->name);
		if (d < strlen(word) && d < best)
			best = d;
	}
	near[0] = '\0';
	for (c = cmds; c->name != NULL && best <= SUGGEST_EDITS; c++) {
		if (command_distance(word, c->name) != best ||
		    off >= sizeof(near))
			continue;
		off += (size_t)snprintf(near + off, sizeof(near) - off, "%s'%s'",
		    n++ ? " or " : "", c->name);
	}
	if (n > 0)
		cli_error("%sunknown command '%s': did you mean %s? (see "
		    "'mqplan --help')", prefix, word, near);
	else
		cli_error("%sunknown command '%s' (see 'mqplan --help')", prefix,
		    word);
}

int
main(int argc, char *argv[])
{
	const struct cmd	*c;

	if (argc < 2) {
		cli_usage_all(stderr);
		return (EXIT_USAGE);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			for (c = cmds; c->name != NULL; c++)
				if (strcmp(c->name, argv[2]) == 0) {
					static char	 help[] = "--help";
					char		*hargv[] = { argv[2], help,
					    NULL };

					return (c->fn(2, hargv, c));
				}
			unknown_command("help: ", argv[2]);
			return (EXIT_USAGE);
		}
		cli_usage_all(stdout);
		return (cli_finish(EXIT_OK));
	}
	if (strcmp(argv[1], "--version") == 0) {
		cli_version();
		return (cli_finish(EXIT_OK));
	}
	for (c = cmds; c->name != NULL; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return (c->fn(argc - 1, argv + 1, c));
	if (argv[1][0] == '-')
		cli_error("unknown option '%s' (see 'mqplan --help')", argv[1]);
	else
		unknown_command("", argv[1]);
	return (EXIT_USAGE);
}

const char *
cli_version_name(void)
{
	return (MQPLAN_VERSION);
}

void
cli_version(void)
{
	printf("mqplan %s\n", cli_version_name());
}
