/*
 * hold: the program of the Nanos test image (tests/nanos/README.md).
 * Built with gcc -static, since the image carries no libraries.
 *
 * Nanos configures every interface before it runs the program, so what
 * this prints is what the kernel made of the manifest: for each enN that
 * exists, its IPv4 address (or "none" while DHCP has none) and its MTU,
 * read with the ioctls any program would use.  Then "ready", and it
 * stays alive for the seconds given as its first argument (default 60)
 * while the runner pings and counts queues, then exits, so that Nanos
 * halts and QEMU (-no-reboot) ends even if nobody stops it.
 *
 * Output, one fact per line, on the serial console:
 *	iface en1 addr 10.99.0.7 mtu 1400
 *	iface en2 addr none mtu 1460
 *	ready
 *	exit
 */
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IFACES_MAX	8

static int
show(int fd, int n)
{
	struct ifreq		 ifr;
	struct sockaddr_in	*sin;
	char			 addr[INET_ADDRSTRLEN];
	int			 mtu;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "en%d", n);
	if (ioctl(fd, SIOCGIFMTU, &ifr) == -1)
		return (-1);	/* no such interface: the last one was seen */
	mtu = ifr.ifr_mtu;
	strcpy(addr, "none");
	if (ioctl(fd, SIOCGIFADDR, &ifr) == 0) {
		sin = (struct sockaddr_in *)(void *)&ifr.ifr_addr;
		if (sin->sin_addr.s_addr != 0)
			inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof(addr));
	}
	printf("iface en%d addr %s mtu %d\n", n, addr, mtu);
	return (0);
}

int
main(int argc, char *argv[])
{
	int	fd, n, secs = 60;

	if (argc > 1)
		secs = atoi(argv[1]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd == -1)
		printf("socket failed\n");
	else
		for (n = 1; n <= IFACES_MAX && show(fd, n) == 0; n++)
			continue;
	printf("ready\n");
	sleep(secs);
	printf("exit\n");
	return (0);
}
