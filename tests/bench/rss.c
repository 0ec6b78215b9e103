/*
 * rss: run a command once and print its peak resident set size and wall
 * time, from wait4(2)'s rusage.  With -m KB or -t SECONDS, fail (exit 1)
 * when the command needs more memory or time; the command is killed at
 * the time limit, so a run that blows up stops by itself.
 *
 *	usage: rss [-m max_kb] [-t seconds] [-s status] command [arg ...]
 *
 * -s names the exit status the command must end with (default: any).
 * Output, one line: "rss_kb N  seconds S  cpu C  status X", C the user
 * and system time, which other load on the machine does not inflate.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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
	struct rusage	 ru;
	long		 max_kb = 0, want = -1;
	double		 limit = 0, start, took;
	pid_t		 pid, w;
	int		 c, status, null, killed = 0;

	while ((c = getopt(argc, argv, "+m:t:s:")) != -1) {
		switch (c) {
		case 'm':
			max_kb = strtol(optarg, NULL, 10);
			break;
		case 't':
			limit = strtod(optarg, NULL);
			break;
		case 's':
			want = strtol(optarg, NULL, 10);
			break;
		default:
			goto usage;
		}
	}
	if (optind >= argc)
		goto usage;
	start = now();
	if ((pid = fork()) == -1) {
		perror("rss: fork");
		return (2);
	}
	if (pid == 0) {
		if ((null = open("/dev/null", O_WRONLY)) != -1) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execvp(argv[optind], argv + optind);
		_exit(127);
	}
	for (;;) {
		w = wait4(pid, &status, limit > 0 ? WNOHANG : 0, &ru);
		if (w == pid)
			break;
		if (w == -1 && errno != EINTR) {
			perror("rss: wait4");
			return (2);
		}
		if (limit > 0 && now() - start > limit && !killed) {
			kill(pid, SIGKILL);
			killed = 1;
		}
		if (limit > 0)
			usleep(2000);
	}
	took = now() - start;
	printf("rss_kb %ld  seconds %.3f  cpu %.3f  status %d%s\n",
	    ru.ru_maxrss, took, (double)ru.ru_utime.tv_sec +
	    (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
	    (double)ru.ru_stime.tv_usec / 1e6,
	    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
	    killed ? " (killed at the time limit)" : "");
	if (killed || (max_kb > 0 && ru.ru_maxrss > max_kb) ||
	    (want >= 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != want)))
		return (1);
	return (0);
usage:
	fprintf(stderr, "usage: rss [-m max_kb] [-t seconds] [-s status] "
	    "command [arg ...]\n");
	return (2);
}
