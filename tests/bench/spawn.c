/*
 * spawn: run a command N times, one process after another, and print the
 * median, 10th and 90th percentile and minimum wall time per run.  Output
 * goes to /dev/null so that the terminal is not measured.
 *
 *	usage: spawn [-r source target] runs command [arg ...]
 *
 * -r copies source over target before each run, untimed, so that a
 * command that changes a file (mqplan apply) does the same work each time.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return ((x > y) - (x < y));
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* Copies src over dst; returns 0 or -1. */
static int
restore(const char *src, const char *dst)
{
	char	buf[65536];
	size_t	n;
	FILE	*in, *out;
	int	ret = 0;

	if ((in = fopen(src, "rb")) == NULL)
		return (-1);
	if ((out = fopen(dst, "wb")) == NULL) {
		fclose(in);
		return (-1);
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			ret = -1;
	if (ferror(in))
		ret = -1;
	fclose(in);
	if (fclose(out) != 0)
		ret = -1;
	return (ret);
}

int
main(int argc, char *argv[])
{
	const char			*src = NULL, *dst = NULL;
	posix_spawn_file_actions_t	 fa;
	double				*t, start;
	long				 n, i;
	pid_t				 pid;
	int				 status, ret = 1;

	if (argc > 3 && strcmp(argv[1], "-r") == 0) {
		src = argv[2];
		dst = argv[3];
		argc -= 3;
		argv += 3;
	}
	if (argc < 3 || (n = strtol(argv[1], NULL, 10)) < 1) {
		fprintf(stderr, "usage: spawn [-r source target] runs command "
		    "[arg ...]\n");
		return (2);
	}
	if ((t = calloc((size_t)n, sizeof(*t))) == NULL) {
		perror("spawn");
		return (1);
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	for (i = 0; i < n; i++) {
		if (src != NULL && restore(src, dst) == -1) {
			perror(dst);
			goto out;
		}
		start = now();
		if (posix_spawn(&pid, argv[2], &fa, NULL, argv + 2,
		    environ) != 0) {
			perror(argv[2]);
			goto out;
		}
		if (waitpid(pid, &status, 0) == -1 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			fprintf(stderr, "spawn: %s failed\n", argv[2]);
			goto out;
		}
		t[i] = now() - start;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	printf("runs %ld  median %.3f ms  p10 %.3f ms  p90 %.3f ms  "
	    "min %.3f ms\n", n, t[n / 2] * 1e3, t[n / 10] * 1e3,
	    t[n * 9 / 10] * 1e3, t[0] * 1e3);
	ret = 0;
out:
	posix_spawn_file_actions_destroy(&fa);
	free(t);
	return (ret);
}
