/*
 * Starting obj/tests/fakemeta from a test: fake_start() runs it with the
 * given arguments, reads the port it prints and returns it (the process
 * ends by itself after its lifetime; fake_stop() ends it sooner).
 */
#ifndef TESTS_FAKES_SPAWN_H
#define TESTS_FAKES_SPAWN_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

struct fake {
	pid_t	pid;
	int	port;
};

static inline int
fake_start(struct fake *f, char *const argv[])
{
	char	buf[16];
	ssize_t	n;
	int	p[2];

	if (pipe(p) == -1)
		return (-1);
	if ((f->pid = fork()) == -1)
		return (-1);
	if (f->pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		close(p[1]);
		execv("obj/tests/fakemeta", argv);
		_exit(127);
	}
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	close(p[0]);
	if (n <= 0)
		return (-1);
	buf[n] = '\0';
	f->port = atoi(buf);
	return (f->port > 0 ? 0 : -1);
}

static inline void
fake_stop(struct fake *f)
{
	if (f->pid > 0) {
		kill(f->pid, SIGTERM);
		waitpid(f->pid, NULL, 0);
		f->pid = 0;
	}
}

#endif /* TESTS_FAKES_SPAWN_H */
