/*
 * The command-line layer: the only part of mqplan that prints or exits.
 *
 * One table (cmds[] in cli/main.c) names every command, its handler, its
 * options, its operands and its usage; dispatch, each command's start
 * (cli_start(): options, --help, --version, operands) and the usage lines
 * all come from it.
 */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "common/common.h"
#include "platforms/catalog.h"
#include "policy/facts.h"
#include "policy/policy.h"

/* Exit statuses, the same for every command (mqplan(1) EXIT STATUS). */
#define EXIT_OK		0
#define EXIT_REFUSED	1	/* the cloud would refuse the plan, or its
				   metadata service failed */
#define EXIT_FINDINGS	1	/* validate: findings at --fail-on or above */
#define EXIT_CHANGED	1	/* apply --dry-run --exit-code: would change */
#define EXIT_USAGE	2	/* bad arguments, unreadable or bad input */

/* Option keys beyond single characters. */
enum opt_key {
	OPT_CONFIG = 'c',
	OPT_HELP = 'h',
	OPT_QUIET = 'q',
	OPT_PLATFORM = 256,
	OPT_INSTANCE_TYPE,
	OPT_NIC,
	OPT_NICS,
	OPT_VCPUS,
	OPT_IO_QUEUES,
	OPT_QUEUE_COUNT,
	OPT_POLICY,
	OPT_CATALOG,
	OPT_EXPLAIN,
	OPT_FORMAT,
	OPT_EMIT,
	OPT_VERSION,
	OPT_FAIL_ON,
	OPT_DRY_RUN,
	OPT_NO_MOVE_SETTINGS,
	OPT_PROBE,
	OPT_CONNECT_TIMEOUT,
	OPT_BUDGET,
	OPT_DETECT,
	OPT_EXIT_CODE,
	OPT_IN_PLACE,
	OPT_WAIT,
	OPT_CONFIDENTIAL,
	OPT_NETWORK,
	OPT_SUBNET,
};

struct cli_opt {
	const char	*name;		/* long name */
	int		 key;		/* enum opt_key or a short letter */
	const char	*arg;		/* argument placeholder; NULL if none */
	const char	*help;
};

struct cmd {
	const char		*name;
	int			(*fn)(int, char **, const struct cmd *);
	const struct cli_opt	*opts;	/* terminated by a NULL name */
	const char		*operands;	/* "[type ...]", or NULL */
	int			 nmin;	/* operands it needs */
	int			 nmax;	/* operands it takes; -1: any number */
	/*
	 * How cli_start() refuses operands that do not fit.  A command that
	 * takes none names the first stray one, "unexpected argument 'X'",
	 * and says this in parentheses (NULL: "see 'mqplan NAME --help'");
	 * one that takes some says this, then where to look (required).
	 */
	const char		*misfit;
	const char		*summary;
};

enum format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_YAML,
};

/*
 * The machine a command is about, as the common flags describe it; turned
 * into policy facts by target_facts().
 */
struct target {
	const char	*platform;	/* --platform, or NULL */
	const char	*type;		/* --instance-type / --machine-type */
	uint32_t	 vcpus;		/* --vcpus; 0 = from the type */
	uint32_t	 nnics;		/* --nics; 0 = not given */
	enum nic_type	 nic_all;	/* --nic TYPE; NIC_NONE = default */
	enum nic_type	 nic[FACTS_NICS_MAX];	/* --nic enN=TYPE */
	uint32_t	 io_all, io[FACTS_NICS_MAX];	/* --io-queues */
	uint32_t	 qc_all, qc[FACTS_NICS_MAX];	/* --queue-count */
	uint32_t	 highest;	/* highest enN named by a flag */
	/* plan --network, --subnet enN=NAME: for --emit; NULL = not given */
	const char	*network[FACTS_NICS_MAX], *subnet[FACTS_NICS_MAX];
	bool		 placed;	/* one of them was given */
	/* --confidential, or a config's CloudConfig.ConfidentialVM */
	enum confidential confidential;
	/* CloudConfig.ConfidentialVM is true: SEV, as ops asks, on gcp */
	bool		 config_confidential;
	struct catalog	 catalog;	/* --catalog FILE ... */
	struct policy	 policy;	/* --policy FILE */
	bool		 explain;
	bool		 quiet;
	bool		 detect;	/* --detect: facts from this machine */
	bool		 detected;	/* done, once */
	bool		 nics_detected;	/* nnics is what detection counted */
	char		 detected_type[64];
	enum format	 format;
	struct instance_type it;	/* the type looked up, if any */
	bool		 have_type;
	char		 vcpus_rule[2 * INSTANCE_TYPE_TEXT_MAX +
			    INSTANCE_TYPE_SOURCE_MAX + 64];
};

struct detection;

/* cli/main.c */
extern const struct cmd	cmds[];

/* cli/message.c: "mqplan: ..." on stderr, in one form everywhere. */
void	cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints nothing once -q set cli_quiet ("print no warnings"). */
void	cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern bool	cli_quiet;
/*
 * An untrusted name (file, instance type, interface) for text output: as
 * it is when it reads the same raw (quote_needed() false), else quoted and
 * escaped into buf (CLI_NAME_MAX bytes; a longer one is cut, `..."`).
 */
#define CLI_NAME_MAX	2048
const char	*cli_name(char *buf, size_t len, const char *s);
/* Flushes stdout and reports a write error (a full disk is not success). */
int	cli_finish(int status);

/* cli/options.c */
/*
 * The start every command shares, driven by its entry in cmds[]: parses
 * argv against the option table with getopt_long, calling handle(key,
 * optarg, arg) for each option (handle reports its own errors and returns
 * -1 for them); answers --help (the command's help) and --version; then
 * checks the operands (nmin, nmax, misfit).  Returns 0
 * when the command goes on with its operands in argv[optind..argc - 1];
 * otherwise the command is done and returns *status: EXIT_OK after --help
 * or --version (stdout flushed), EXIT_USAGE after a usage error (already
 * reported).
 */
int	cli_start(const struct cmd *, int argc, char **argv,
	    int (*handle)(int, const char *, void *), void *arg, int *status);
void	cli_usage(FILE *, const struct cmd *);
void	cli_usage_all(FILE *);
/* Prints "mqplan VERSION" on stdout. */
void	cli_version(void);
/* VERSION, as cli_version() prints it. */
const char	*cli_version_name(void);
/* Strict whole number from lo to hi; reports and returns -1 if not. */
int	cli_number(const char *flag, const char *s, uint32_t lo, uint32_t hi,
	    uint32_t *out);
int	cli_format(const char *s, bool yaml_ok, enum format *out);

/* cli/target.c */
void	target_init(struct target *);
void	target_release(struct target *);
/* Handles the common flags; 0 handled, -1 error (reported), 1 not ours. */
int	target_option(struct target *, int key, const char *val);
/*
 * Looks the type up and builds the facts; -1 on error, -2 when --detect
 * asked the metadata service and it did not answer as it should (both
 * reported; the caller exits 2 and 1).
 */
int	target_facts(struct target *, struct facts *);
/*
 * The same without printing: returns 0 (warn may hold a warning), 1 when
 * the type is unknown, -2 when the metadata service failed, -1 for other
 * errors; err says why.
 */
int	target_build(struct target *, struct facts *, char *err,
	    size_t errlen, char *warn, size_t warnlen);

/*
 * What detection found, in the planner's words, for detect's prediction
 * and --detect alike: the platform as a static string (NULL if none), and
 * interface i's NIC type (EFA is an ENA to the planner), NIC_NONE when
 * the guest did not name it or mqplan does not know the name.
 */
const char	*target_detected_platform(const struct detection *);
enum nic_type	 target_detected_nic(const struct detection *, size_t i);

/* cli/cmd_*.c */
int	cmd_plan(int, char **, const struct cmd *);
int	cmd_apply(int, char **, const struct cmd *);
int	cmd_catalog(int, char **, const struct cmd *);
int	cmd_validate(int, char **, const struct cmd *);
int	cmd_detect(int, char **, const struct cmd *);
int	cmd_completion(int, char **, const struct cmd *);

#endif /* CLI_CLI_H */
