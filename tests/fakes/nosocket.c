/*
 * nosocket.so: an LD_PRELOAD shim that refuses socket(2) and connect(2)
 * and says so on standard error, to prove that detect off a cloud opens
 * no socket at all.  Test code only; never installed.
 */
#define _GNU_SOURCE
#include <sys/socket.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

static void
say(const char *what)
{
	static const char	pre[] = "nosocket: ";

	(void)!write(2, pre, sizeof(pre) - 1);
	(void)!write(2, what, strlen(what));
	(void)!write(2, "\n", 1);
}

int
socket(int domain, int type, int protocol)
{
	(void)domain;
	(void)type;
	(void)protocol;
	say("socket()");
	errno = EACCES;
	return (-1);
}

int
connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	(void)fd;
	(void)sa;
	(void)len;
	say("connect()");
	errno = EACCES;
	return (-1);
}
