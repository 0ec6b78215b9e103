/*
 * spawn: run a command N times, one process after another, and print the
 * median, 10th and 90th percentile and minimum wall time per run.  Output
 * goes to /dev/null so that the terminal is not measured.
 *
 *	usage: spawn runs command [arg ...]
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
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

int
main(int argc, char *argv[])
{
	posix_spawn_file_actions_t	 fa;
	double				*t, start;
	long				 n, i;
	pid_t				 pid;
	int				 status, ret = 1;

	if (argc < 3 || (n = strtol(argv[1], NULL, 10)) < 1) {
		fprintf(stderr, "usage: spawn runs command [arg ...]\n");
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
