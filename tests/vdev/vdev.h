/*
 * vdev: a software virtio-net device behind the virtio-pci modern
 * transport, in plain host memory, for the driver's host tests.
 *
 * The model supplies every function of driver/hal.h and plays both the
 * machine (PCI configuration space, BARs, DMA memory, CPUs, the manifest,
 * the log) and the device (common configuration, virtqueues, receive,
 * transmit, control queue, MSI-X).  Several devices may exist at once,
 * each in a PCI slot of its own (knob slot): PCI configuration goes to
 * the function named and device memory to the BAR the pointer is in; DMA,
 * CPUs, the manifest, the log and hal_mmio_map act on the current device,
 * the one vdev_create made or vdev_select chose last.  Interrupt vectors
 * are the machine's: hal_msi_alloc hands out ranges of the 192 to the
 * current device, first fit, and vdev_destroy takes back what the device
 * still holds.  Single-threaded: the tests and the driver run on one host
 * thread.
 *
 * It is strict where the virtio 1.2 specification says MUST and lenient
 * where QEMU 7.2 is: a driver that breaks a rule does not crash the
 * model, it makes the model "broken" (vdev_broken says why, first
 * violation only), like QEMU's virtio_error: DEVICE_NEEDS_RESET is set in
 * device_status, a configuration interrupt is sent if DRIVER_OK was set,
 * and no queue is processed until the driver resets the device.  Misuse
 * of the HAL contract that would be memory corruption on a real machine
 * (freeing what was not allocated, touching a pointer that is no BAR)
 * aborts with a message on stderr instead.
 *
 * Layout, as QEMU's virtio-net-pci with legacy disabled:
 *
 *	VDEV_PCI	bus 0, device 1, function 0
 *	BAR1		32-bit memory at 0xFEB00000: MSI-X table at 0, PBA after
 *			it (rounded up to 0x800)
 *	BAR4/5		64-bit prefetchable memory at 0xFE000000 (0x100000000
 *			with bar_high): common cfg 0x0000, ISR 0x1000, device cfg
 *			0x2000, notify 0x3000 (multiplier 4, queue_notify_off =
 *			queue index)
 *	capabilities	COMMON, ISR, DEVICE, NOTIFY, PCI_CFG (vendor 0x09),
 *			then MSI-X (0x11)
 *
 * The transitional id 0x1000 changes only the ids: there is no legacy I/O
 * BAR0.  The command register starts at 0: the driver must set MEMORY
 * before touching a BAR and MASTER before the device can DMA (QEMU gates
 * DMA on MASTER), else the model is broken.
 *
 * Queues: with MQ offered the device has P = max_pairs pairs (1 when the
 * raw max_pairs is 0 or above 0x8000, the way Linux and FreeBSD treat such
 * a device), receiveq k at 2k, transmitq k at 2k+1, the control queue at
 * 2P if MQ is negotiated, else at 2 (the layout follows the last write to
 * driver_feature, as QEMU's).  Without MQ offered the device has 1 pair.
 *
 * Interrupts raised while the model runs (in a notify, an injection, a
 * reset ...) are delivered when the outermost model entry point returns,
 * synchronously, through the vdev_set_deliver callback: so a callback that
 * calls vnet_interrupt runs inside the driver's hal_mmio_write16 of the
 * notify or inside vdev_inject_rx, as a real interrupt arriving at that
 * instant would.  A test that wants no nesting queues them itself.
 *
 * MSI-X messages use the same encoding as this model's hal_msi_message:
 * address 0xFEE00000 | cpu << 12 (cpu < cpus), data 0x40 + vector
 * (vector < 192, the machine's vector, which is what the deliver callback
 * and vdev_msi_count are given).
 */
#ifndef TESTS_VDEV_VDEV_H
#define TESTS_VDEV_VDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "driver/hal.h"

/* The first device's PCI function: bus 0, device 1, function 0. */
#define VDEV_PCI		0x08u

/* Frames kept per transmit queue for vdev_tx_pop; more are dropped. */
#define VDEV_OUTBOX_MAX		4096u

/*
 * What the device is like.  Start from vdev_knobs_default and change what
 * a test needs; raw values that a real device would never have are allowed
 * on purpose, they are the faults.
 */
struct vdev_knobs {
	uint16_t	device_id;	/* 0x1041 (default when 0) or 0x1000 transitional (then revision 0, subsystem id 1) */
	uint16_t	max_pairs;	/* max_virtqueue_pairs in device config, written raw (0, 0x8001 allowed); vdev_knobs_default: 4 */
	bool		no_mq;		/* MQ (bit 22) not offered */
	bool		no_ctrl_vq;	/* CTRL_VQ (bit 17) not offered */
	bool		refuse_pairs_set;	/* VQ_PAIRS_SET answered VIRTIO_NET_ERR */
	bool		refuse_features;	/* FEATURES_OK never sticks */
	bool		status;		/* STATUS (bit 16) offered; link_up below then in config */
	bool		link_up;
	uint16_t	queue_size;	/* data queues' max size (default 256); 0 or non power of two allowed as faults */
	uint16_t	ctrl_queue_size;/* default 64 */
	uint16_t	num_queues;	/* if nonzero, num_queues reads this instead of the true count */
	uint16_t	msix_vectors;	/* MSI-X table size; default 2*max_pairs+2 (at least 3, at most 2048) */
	bool		vectors_refused;	/* queue_msix_vector/config_msix_vector read back 0xFFFF */
	unsigned	ctrl_delay;	/* ctrl queue is answered only after this many hal_delay_us calls; UINT_MAX = never */
	uint64_t	extra_features;	/* offered on top of VERSION_1|MAC|CTRL_VQ|MQ|STATUS per knobs (e.g. MRG_RXBUF, EVENT_IDX, RING_PACKED) */
	bool		bar_high;	/* 64-bit BAR placed above 4 GiB */
	unsigned	cpus;		/* hal_cpu_count(); default 4 */
	unsigned	config_generation_flips; /* config_generation changes on each of the first N device-config reads */
	uint8_t		slot;		/* PCI device number, 1..31 (0 means 1); unique among the devices alive */
};

/*
 * The defaults: 0x1041, 4 pairs, MQ and CTRL_VQ offered, STATUS not
 * offered (every bool knob is off; link_up is true, so status = true alone
 * gives a link that is up), queues of 256 (control 64), MSI-X table 2*4+2,
 * 4 CPUs, everything answered at once.
 *
 * Notes on some knobs:
 *  - msix_vectors 0 means the default; above 2048 aborts.  cpus 0 means 4;
 *    above 256 aborts (the MSI address has 8 bits of destination).
 *  - extra_features: MRG_RXBUF (15) is modelled (every frame fits one
 *    buffer, num_buffers 1); the offloads are accepted and have no effect;
 *    INDIRECT_DESC, EVENT_IDX, RING_PACKED, NOTIFICATION_DATA,
 *    NOTIF_CONFIG_DATA, RING_RESET, HASH_REPORT, RSS and RSC_EXT are not:
 *    a driver that accepts one makes the model broken at FEATURES_OK,
 *    since a test offers them only to see them declined.
 *  - config_generation_flips N: each of the first N reads of the device
 *    config region increments config_generation and returns torn data, so
 *    that a driver which does not loop until the generation is stable
 *    keeps a visibly wrong value: each mac byte reads XOR 0x80, status
 *    reads with LINK_UP inverted, max_virtqueue_pairs reads 1 (2 when the
 *    raw value is 1).
 *  - ctrl_delay counts hal_delay_us calls from the first control-queue
 *    notify that found the queue idle; the entries present then are all
 *    answered together.
 */
void		 vdev_knobs_default(struct vdev_knobs *k);

/*
 * Makes the device (k NULL: the defaults) and makes it current, reset.
 * Aborts if a knob is out of its range or another device has its slot.
 */
struct vdev	*vdev_create(const struct vdev_knobs *k);

/* Frees the device and any DMA memory the driver left; no device is current. */
void		 vdev_destroy(struct vdev *vd);

/* The device's PCI function: slot << 3 (VDEV_PCI for slot 1). */
hal_pci_t	 vdev_pci(const struct vdev *vd);
/* Makes vd the current device. */
void		 vdev_select(struct vdev *vd);
/* Vectors hal_msi_alloc gave vd that it still holds. */
unsigned	 vdev_msi_held(const struct vdev *vd);

/*
 * The environment's MSI routing: fn(arg, vector, cpu) for each message the
 * device sends, vector and cpu decoded from the message (see above).
 * fn NULL: messages are only counted.
 */
void		 vdev_set_deliver(struct vdev *vd,
		    void (*fn)(void *arg, unsigned vector, unsigned cpu),
		    void *arg);

/*
 * Sets what hal_manifest_get(ifname, key) returns; value is copied, NULL
 * removes the key.  A replaced value stays allocated until vdev_destroy,
 * so a string the driver holds stays valid.  Returns 0, or -1 when out of
 * memory.
 */
int		 vdev_manifest_set(struct vdev *vd, const char *ifname,
		    const char *key, const char *value);

/*
 * Receives frame (without the virtio-net header, which the model adds:
 * num_buffers 1, the rest 0) on receiveq pair, raising the queue's vector
 * unless the driver set NO_INTERRUPT.  Returns 0 when delivered, -1 when
 * not receivable: DRIVER_OK unset, the queue not enabled, pair >= the
 * current pairs, no buffer, the next buffer too small (it stays posted, the
 * frame is dropped, as QEMU without MRG_RXBUF), link down (STATUS offered
 * and link_up false), or the device broken.  A buffer with no
 * device-writable descriptor makes the model broken, as QEMU.
 */
int		 vdev_inject_rx(struct vdev *vd, unsigned pair,
		    const void *frame, size_t len);

/*
 * Takes the oldest frame the driver sent on transmitq pair (header
 * stripped): copies at most cap bytes to buf and returns the frame's
 * length, or 0 when there is none.
 */
size_t		 vdev_tx_pop(struct vdev *vd, unsigned pair, void *buf,
		    size_t cap);

/* 1 after reset; set by a successful VQ_PAIRS_SET. */
unsigned	 vdev_curr_pairs(const struct vdev *vd);
uint8_t		 vdev_status(const struct vdev *vd);
/* The 64 feature bits the driver wrote (valid once FEATURES_OK sticks). */
uint64_t	 vdev_driver_features(const struct vdev *vd);

/*
 * NULL, or why the model declared the driver's behaviour broken (first
 * violation since vdev_create, kept across resets), like QEMU's
 * virtio_error.
 */
const char	*vdev_broken(const struct vdev *vd);

enum vdev_corruption {
	VDEV_ID_OUT_OF_RANGE,	/* id = queue size + 7 */
	VDEV_ID_NOT_IN_FLIGHT,	/* a descriptor id that is no head the driver has outstanding */
	VDEV_LEN_TOO_LARGE,	/* len = the buffer's writable length + 100 */
};

/*
 * The next used entry written on virtqueue vq is corrupted so; survives a
 * reset; vq must exist (aborts otherwise).  VDEV_ID_OUT_OF_RANGE and
 * VDEV_ID_NOT_IN_FLIGHT replace the real head, whose buffer the driver
 * then never gets back.
 *
 * VDEV_ID_NOT_IN_FLIGHT names the lowest descriptor id that is neither
 * the head being used, nor a head pending in the avail ring, nor a head an
 * earlier corruption kept.  When there is none (a ring full of
 * one-descriptor buffers: every id is outstanding) the real entry is
 * written, then a second one with the same id.  That duplicate is caught
 * only by a driver that re-posts after the whole batch; one that re-posts
 * each buffer as it takes it back has the id in flight again, and no
 * device could show it an id out of flight.  Test detection on a queue
 * with free descriptors (a transmit queue) or a ring not kept full.
 */
void		 vdev_corrupt_next(struct vdev *vd, unsigned vq,
		    enum vdev_corruption c);

/* Messages delivered for vector (decoded from the data, < 192) to cpu. */
uint64_t	 vdev_msi_count(const struct vdev *vd, unsigned vector,
		    unsigned cpu);
/* Times MSI-X table entry vector was raised while masked or disabled. */
uint64_t	 vdev_msi_masked(const struct vdev *vd, unsigned vector);
/*
 * Per queue; a vq the device does not have reads as a queue never set up
 * (0xFFFF, 0, 0).
 */
/* The queue_msix_vector the driver set (0xFFFF: none or refused). */
uint16_t	 vdev_queue_vector(const struct vdev *vd, unsigned vq);
/* Size of an enabled queue, 0 if not enabled. */
uint16_t	 vdev_queue_size_used(const struct vdev *vd, unsigned vq);
/* Notifications written for queue vq, before DRIVER_OK or not. */
uint64_t	 vdev_notifies(const struct vdev *vd, unsigned vq);
/* In the lines the driver passed to hal_log. */
bool		 vdev_log_find(const struct vdev *vd, const char *substring);
void		 vdev_log_dump(const struct vdev *vd, FILE *fp);
/* DMA bytes allocated and not freed. */
size_t		 vdev_dma_outstanding(const struct vdev *vd);

/* Additions. */

/* Number of virtqueues the device really has: valid vq arguments above. */
unsigned	 vdev_queue_count(const struct vdev *vd);
/* The config_msix_vector the driver set. */
uint16_t	 vdev_config_vector(const struct vdev *vd);
/* The PCI command register. */
uint16_t	 vdev_pci_command(const struct vdev *vd);
/*
 * Receive buffers posted on receiveq pair and not used yet (avail->idx
 * minus what the device consumed); 0 when the queue is not enabled.
 */
unsigned	 vdev_rx_posted(const struct vdev *vd, unsigned pair);
/* Frames waiting in transmitq pair's outbox. */
size_t		 vdev_tx_pending(const struct vdev *vd, unsigned pair);
/* Frames sent on pair and dropped: outbox full, or the link down. */
uint64_t	 vdev_tx_dropped(const struct vdev *vd, unsigned pair);
/*
 * Notifications written before DRIVER_OK (the spec forbids them; they are
 * counted and their queue is processed at DRIVER_OK, leniently).
 */
uint64_t	 vdev_early_notifies(const struct vdev *vd);
/* hal_delay_us: calls and microseconds asked, since vdev_create. */
uint64_t	 vdev_delay_calls(const struct vdev *vd);
uint64_t	 vdev_delay_us(const struct vdev *vd);
/*
 * Changes the link status (seen only if STATUS is offered): bumps
 * config_generation and raises the config vector once DRIVER_OK is set.
 */
void		 vdev_set_link(struct vdev *vd, bool up);
/*
 * hal_dma_alloc succeeds n more times, then returns NULL; UINT_MAX (the
 * default) never fails.
 */
void		 vdev_dma_fail_after(struct vdev *vd, unsigned n);

#endif /* TESTS_VDEV_VDEV_H */
