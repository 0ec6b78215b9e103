/*
 * Frames through the driver and the device model: receive (the device
 * fills a buffer and interrupts; the driver delivers and reposts) or
 * transmit (the driver queues and notifies; the device takes the frame).
 *
 *	obj/tests/bench/driver rx|tx PAIRS FRAMES
 *
 * Frames go round-robin over the pairs, as flows spread by a NIC would.
 * Prints one line: mode, pairs, frames, seconds, frames per second.
 * tests/bench/driver.sh runs it, and again under callgrind for the
 * instructions per frame.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "driver/vnet.h"
#include "tests/vdev/vdev.h"

static struct vnet	*vn;
static unsigned long	 received;

static void
rx(void *arg, unsigned pair, const uint8_t *frame, size_t len)
{
	(void)arg;
	(void)pair;
	(void)frame;
	(void)len;
	received++;
}

static void
deliver(void *arg, unsigned vector, unsigned cpu)
{
	(void)arg;
	vnet_interrupt(vn, vector, cpu);
}

static double
now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

int
main(int argc, char **argv)
{
	struct vdev_knobs	 k;
	struct vdev		*vd;
	enum vnet_err		 err;
	uint8_t			 frame[64], out[128];
	unsigned long		 frames, i;
	unsigned		 pairs;
	double			 t0, t;
	int			 tx;

	if (argc != 4 || (strcmp(argv[1], "rx") != 0 &&
	    strcmp(argv[1], "tx") != 0)) {
		fprintf(stderr, "usage: driver rx|tx PAIRS FRAMES\n");
		return (2);
	}
	tx = strcmp(argv[1], "tx") == 0;
	pairs = (unsigned)strtoul(argv[2], NULL, 10);
	frames = strtoul(argv[3], NULL, 10);
	vdev_knobs_default(&k);
	k.max_pairs = (uint16_t)pairs;
	k.cpus = pairs;
	k.msix_vectors = 0;
	vd = vdev_create(&k);
	vdev_set_deliver(vd, deliver, NULL);
	if ((vn = vnet_attach(vdev_pci(vd), "en1", 0, rx, NULL, &err)) == NULL) {
		vdev_log_dump(vd, stderr);
		return (1);
	}
	memset(frame, 0x5a, sizeof(frame));
	t0 = now();
	for (i = 0; i < frames; i++) {
		if (tx) {
			if (vnet_transmit(vn, (unsigned)(i % pairs), frame,
			    sizeof(frame)) != 0 ||
			    vdev_tx_pop(vd, (unsigned)(i % pairs), out,
			    sizeof(out)) != sizeof(frame))
				return (1);
		} else if (vdev_inject_rx(vd, (unsigned)(i % pairs), frame,
		    sizeof(frame)) != 0)
			return (1);
	}
	t = now() - t0;
	if (!tx && received != frames)
		return (1);
	printf("%s pairs %u frames %lu seconds %.3f frames/s %.0f\n",
	    tx ? "tx" : "rx", pairs, frames, t, (double)frames / t);
	vnet_detach(vn);
	vdev_destroy(vd);
	return (0);
}
