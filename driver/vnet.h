/*
 * vnet: a freestanding virtio-net multiqueue driver that honours the
 * manifest's io-queues.  See mqplan-driver(4) for what it reads, logs and
 * refuses.
 *
 * Life of a device:
 *
 *	vn = vnet_attach(pci, "en1", first_cpu, rx, arg, &err);
 *	...  vnet_interrupt(vn, vector, cpu) from the environment's handlers,
 *	     vnet_transmit(vn, pair, frame, len) to send,
 *	     vnet_poll(vn, pair) to receive without interrupts ...
 *	vnet_detach(vn);
 *
 * Pair p of a device is driven from one CPU at a time: its receive
 * callback runs in vnet_interrupt or vnet_poll for that pair, and the
 * caller must not call vnet_transmit, vnet_poll or the pair's
 * vnet_interrupt concurrently.  Different pairs may run on different CPUs
 * at once; that is the point.
 *
 * Interrupt vectors (the device's MSI-X table indices): 0 is the
 * configuration change vector, 1 + 2p is receive queue p's and 2 + 2p is
 * transmit queue p's.  The control queue is polled and has none.  Entry v
 * sends the environment's vector vnet_vector_base(vn) + v, a range
 * hal_msi_alloc gave this device alone.
 *
 * Several devices: one vnet_attach each, named en1, en2, ... in the order
 * the environment found them, each reading its own tuple.  Pair p of a
 * device runs on CPU (first_cpu + p) mod CPUs; the environment passes 0
 * for the first device and vnet_next_cpu() of the one before for the next,
 * so the NICs' pairs take consecutive CPUs (mqplan-driver(4), CPUS).  The
 * driver keeps nothing shared between devices.
 */
#ifndef DRIVER_VNET_H
#define DRIVER_VNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal.h"

#define VNET_VECTOR_CONFIG	0u
#define VNET_VECTOR_RX(p)	(1u + 2u * (p))
#define VNET_VECTOR_TX(p)	(2u + 2u * (p))

/* The largest frame (without the virtio-net header) the driver moves. */
#define VNET_FRAME_MAX		1514u

enum vnet_err {
	VNET_OK = 0,
	VNET_ENODEV,		/* not a virtio-net function, or no modern caps */
	VNET_ENOMEM,		/* hal_dma_alloc failed */
	VNET_EDEVICE,		/* the device refused or broke a rule */
	VNET_ENOVEC,		/* no MSI-X, or the HAL cannot aim a vector */
};

struct vnet;

/* Called once per received frame; frame is valid only during the call. */
typedef void	vnet_rx_fn(void *arg, unsigned pair, const uint8_t *frame,
		    size_t len);

struct vnet_info {
	uint8_t		mac[6];
	bool		mq;		/* VIRTIO_NET_F_MQ negotiated */
	bool		link_up;	/* STATUS's LINK_UP, or true without it */
	unsigned	cpus;		/* hal_cpu_count() at attach */
	unsigned	max_pairs;	/* the device's, 1 without MQ */
	unsigned	requested;	/* io-queues, 0 if absent or rejected */
	unsigned	pairs;		/* pairs in use */
	unsigned	queue_size;	/* entries in each data queue */
	uint64_t	features;	/* negotiated feature bits */
};

/*
 * Per-queue counters, like ethtool -S.  bytes count frames without the
 * virtio-net header.  drops: receive buffers the device returned bad (too
 * short, too long) or frames the transmit path refused (ring full, frame
 * too long).  errors: device misbehaviour on this queue (an id out of range
 * or not in flight, a length beyond the buffer); after one the queue is
 * stopped.
 */
struct vnet_qstats {
	uint64_t	packets;
	uint64_t	bytes;
	uint64_t	drops;
	uint64_t	errors;
	uint64_t	interrupts;
};

/* True for 1AF4:1041 and for the transitional 1AF4:1000 with subsystem 1. */
bool		 vnet_match(hal_pci_t pci);

/*
 * Brings the device up: transport, features (VERSION_1, MAC, CTRL_VQ, MQ,
 * STATUS if offered), the io-queues decision, the queues, MSI-X and
 * VQ_PAIRS_SET, with receive buffers posted on every pair in use.  If the
 * device refuses VQ_PAIRS_SET the driver keeps one pair with the link up
 * and says so in the log.  Returns NULL, with *err set and the reason
 * logged, when the device cannot be used; the device is then reset.
 * ifname ("en1") is the manifest tuple io-queues is read from; first_cpu
 * is the CPU of pair 0 and of the configuration vector (taken mod CPUs).
 */
struct vnet	*vnet_attach(hal_pci_t pci, const char *ifname,
		    unsigned first_cpu, vnet_rx_fn *rx, void *arg,
		    enum vnet_err *err);

/* Resets the device and gives back every byte vnet_attach took. */
void		 vnet_detach(struct vnet *vn);

void		 vnet_info(const struct vnet *vn, struct vnet_info *out);

/*
 * The environment's handler for the device's vector, running on cpu:
 * counts it and, for a receive vector, delivers every frame waiting.
 */
void		 vnet_interrupt(struct vnet *vn, unsigned vector, unsigned cpu);

/* Delivers the frames waiting on receive queue pair; returns how many. */
unsigned	 vnet_poll(struct vnet *vn, unsigned pair);

/*
 * Queues frame (an Ethernet frame, at most VNET_FRAME_MAX bytes) on
 * transmit queue pair, first taking back what the device has sent.
 * Returns 0, or -1 when the frame was dropped (counted).
 */
int		 vnet_transmit(struct vnet *vn, unsigned pair, const void *frame,
		    size_t len);

/*
 * Counters of receive (tx false) or transmit (tx true) queue pair; false
 * if the pair has no queues.  After a refused VQ_PAIRS_SET the pairs set
 * up stay readable, though only pair 0 is in use (vnet_info's pairs).
 */
bool		 vnet_qstats(const struct vnet *vn, unsigned pair, bool tx,
		    struct vnet_qstats *out);

/* Interrupts taken on vector by cpu. */
uint64_t	 vnet_intr_count(const struct vnet *vn, unsigned vector,
		    unsigned cpu);

/* The CPU vector is aimed at; the spread is documented in vnet.c. */
unsigned	 vnet_vector_cpu(const struct vnet *vn, unsigned vector);

/* The environment's vector table entry 0 sends (hal_msi_alloc's base). */
unsigned	 vnet_vector_base(const struct vnet *vn);

/*
 * The first_cpu for the device attached next: the CPU after this one's
 * last pair in use, mod CPUs.
 */
unsigned	 vnet_next_cpu(const struct vnet *vn);

#endif /* DRIVER_VNET_H */
