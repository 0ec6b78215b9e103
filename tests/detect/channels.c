/*
 * channels: print what guest_nic_channels() reads for one interface, for
 * tests/detect/channels.sh, which runs it inside a network namespace it
 * made around a veth pair.
 *
 *	usage: channels ifname
 */
#include <stdio.h>
#include <string.h>

#include "platforms/guest_nic.h"

int
main(int argc, char *argv[])
{
	struct guest_nic	n;

	if (argc != 2) {
		fprintf(stderr, "usage: channels ifname\n");
		return (2);
	}
	memset(&n, 0, sizeof(n));
	snprintf(n.ifname, sizeof(n.ifname), "%s", argv[1]);
	if (guest_nic_channels(&n) == -1) {
		perror(argv[1]);
		return (1);
	}
	printf("max_rx %u max_tx %u max_combined %u combined %u\n", n.max_rx,
	    n.max_tx, n.max_combined, n.cur_combined);
	return (0);
}
