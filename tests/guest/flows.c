/*
 * flows: the host side of the guest's echo test.  Sends K UDP flows
 * (one socket each, distinct source ports, so tun's flow hash spreads
 * them over the tap queues) to the guest in rounds of one datagram per
 * flow, waits a bounded time for each round's echoes, and counts the
 * replies per flow.  With -s it then sends the guest the datagram that
 * ends its run.
 *
 * The guest does not answer ARP: run.sh adds a permanent neighbour entry
 * for its MAC instead.
 *
 * With -T seconds it measures instead: each flow keeps one datagram in
 * flight for that long, sending the next as soon as the echo of the last
 * arrives, and the round trips per second are printed.
 *
 * Exit status: 0 if every flow got at least one reply (with -a, every
 * datagram), 1 if not, 2 on usage or socket errors.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FLOWS_MAX	1024
#define STOP_PORT	7999

struct flow {
	int		fd;
	unsigned	sport;
	unsigned	sent;
	unsigned	got;
	unsigned	bad;
	unsigned	round_got;	/* replies to the current round */
};

static void
usage(void)
{
	fprintf(stderr, "usage: flows [-as] [-c count] [-d port] "
	    "[-n flows] [-p base-port] [-T seconds] [-w ms] guest-ip\n");
	exit(2);
}

static long
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static unsigned
number(const char *s, unsigned lo, unsigned hi)
{
	char		*end;
	unsigned long	 v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < lo || v > hi)
		usage();
	return ((unsigned)v);
}

/* Reads every reply waiting on f, noting those to this round. */
static void
drain(struct flow *f, unsigned idx, unsigned round)
{
	char		buf[128];
	unsigned	fi, r;
	ssize_t		n;

	for (;;) {
		n = recv(f->fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
		if (n < 0)
			return;
		buf[n] = '\0';
		if (sscanf(buf, "mqplan flow %u round %u", &fi, &r) != 2 ||
		    fi != idx) {
			f->bad++;
			continue;
		}
		f->got++;
		if (r == round)
			f->round_got++;
	}
}

static void
wait_round(struct flow *fl, struct pollfd *pfd, unsigned n, unsigned round,
    long wait_ms)
{
	long		end = now_ms() + wait_ms, left;
	unsigned	i, answered;

	for (;;) {
		answered = 0;
		for (i = 0; i < n; i++)
			if (fl[i].round_got > 0)
				answered++;
		left = end - now_ms();
		if (answered == n || left <= 0)
			return;
		if (poll(pfd, n, (int)left) <= 0)
			continue;
		for (i = 0; i < n; i++)
			if (pfd[i].revents & POLLIN)
				drain(&fl[i], i, round);
	}
}

/*
 * -T: one datagram in flight per flow, the next sent on each echo, for
 * secs seconds.  Returns the round trips completed.
 */
static unsigned long
measure(struct flow *fl, struct pollfd *pfd, unsigned n, unsigned secs)
{
	unsigned long	 total = 0;
	long		 start = now_ms(), end = start + 1000L * secs, left;
	unsigned	 i, fi, r;
	char		 msg[64], buf[128];
	ssize_t		 len;

	for (i = 0; i < n; i++) {
		snprintf(msg, sizeof(msg), "mqplan flow %u round 0", i);
		if (send(fl[i].fd, msg, strlen(msg), 0) >= 0)
			fl[i].sent++;
	}
	while ((left = end - now_ms()) > 0) {
		if (poll(pfd, n, (int)left) <= 0)
			continue;
		for (i = 0; i < n; i++) {
			if ((pfd[i].revents & POLLIN) == 0)
				continue;
			while ((len = recv(fl[i].fd, buf, sizeof(buf) - 1,
			    MSG_DONTWAIT)) >= 0) {
				buf[len] = '\0';
				if (sscanf(buf, "mqplan flow %u round %u", &fi,
				    &r) != 2 || fi != i) {
					fl[i].bad++;
					continue;
				}
				fl[i].got++;
				total++;
				snprintf(msg, sizeof(msg),
				    "mqplan flow %u round %u", i, r + 1);
				if (send(fl[i].fd, msg, strlen(msg), 0) >= 0)
					fl[i].sent++;
			}
		}
	}
	printf("round-trips %lu seconds %.3f per-second %.0f\n", total,
	    (double)(now_ms() - start) / 1000,
	    (double)total * 1000 / (double)(now_ms() - start));
	return (total);
}

int
main(int argc, char **argv)
{
	struct sockaddr_in	 dst, src;
	struct flow		*fl;
	struct pollfd		*pfd;
	unsigned		 n = 64, count = 10, base = 20000, dport = 7;
	unsigned		 secs = 0;
	unsigned		 i, r, sent = 0, got = 0, answered = 0, bad = 0;
	long			 wait_ms = 500;
	int			 ch, all = 0, send_stop = 0, fd, ok;
	char			 msg[64];

	while ((ch = getopt(argc, argv, "ac:d:n:p:sT:w:")) != -1) {
		switch (ch) {
		case 'a':
			all = 1;
			break;
		case 'c':
			count = number(optarg, 1, 100000);
			break;
		case 'd':
			dport = number(optarg, 1, 65535);
			break;
		case 'n':
			n = number(optarg, 1, FLOWS_MAX);
			break;
		case 'p':
			base = number(optarg, 1024, 65535);
			break;
		case 's':
			send_stop = 1;
			break;
		case 'T':
			secs = number(optarg, 1, 3600);
			break;
		case 'w':
			wait_ms = number(optarg, 1, 60000);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1 || base + n > 65536 || dport == STOP_PORT)
		usage();
	memset(&dst, 0, sizeof(dst));
	dst.sin_family = AF_INET;
	dst.sin_port = htons((unsigned short)dport);
	if (inet_pton(AF_INET, argv[optind], &dst.sin_addr) != 1)
		usage();

	fl = calloc(n, sizeof(*fl));
	pfd = calloc(n, sizeof(*pfd));
	if (fl == NULL || pfd == NULL) {
		perror("flows: calloc");
		return (2);
	}
	for (i = 0; i < n; i++) {
		fl[i].sport = base + i;
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		memset(&src, 0, sizeof(src));
		src.sin_family = AF_INET;
		src.sin_port = htons((unsigned short)fl[i].sport);
		if (fd < 0 || bind(fd, (struct sockaddr *)&src,
		    sizeof(src)) != 0 || connect(fd, (struct sockaddr *)&dst,
		    sizeof(dst)) != 0) {
			fprintf(stderr, "flows: port %u: %s\n", fl[i].sport,
			    strerror(errno));
			return (2);
		}
		fl[i].fd = fd;
		pfd[i].fd = fd;
		pfd[i].events = POLLIN;
	}

	/*
	 * One datagram per flow per round keeps at most n in flight, well
	 * under the guest's 256-entry receive rings.
	 */
	if (secs > 0) {
		measure(fl, pfd, n, secs);
		count = 0;
	}
	for (r = 0; r < count; r++) {
		for (i = 0; i < n; i++) {
			fl[i].round_got = 0;
			snprintf(msg, sizeof(msg), "mqplan flow %u round %u",
			    i, r);
			if (send(fl[i].fd, msg, strlen(msg), 0) >= 0)
				fl[i].sent++;
		}
		wait_round(fl, pfd, n, r, wait_ms);
	}
	/* Late echoes of earlier rounds still count. */
	if (secs == 0)
		wait_round(fl, pfd, n, count, wait_ms);

	for (i = 0; i < n; i++) {
		printf("flow %u sport %u sent %u received %u\n", i,
		    fl[i].sport, fl[i].sent, fl[i].got);
		sent += fl[i].sent;
		got += fl[i].got;
		bad += fl[i].bad;
		if (all ? fl[i].got >= fl[i].sent : fl[i].got > 0)
			answered++;
	}
	printf("flows %u sent %u received %u answered %u bad %u\n", n, sent,
	    got, answered, bad);
	ok = answered == n && bad == 0;

	if (send_stop) {
		dst.sin_port = htons(STOP_PORT);
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		/* Three times, in case one is dropped; the guest stops once. */
		for (i = 0; fd >= 0 && i < 3; i++) {
			sendto(fd, "stop", 4, 0, (struct sockaddr *)&dst,
			    sizeof(dst));
			usleep(100000);
		}
	}
	return (ok ? 0 : 1);
}
