/*
 * The model's insides, shared by its files:
 *
 *	vdev.c		life of a device, the broken state, the test accessors
 *	vdev_pci.c	configuration space, BAR decoding, hal_pci_*, hal_mmio_*
 *	vdev_msix.c	MSI-X table and PBA, raising and delivering interrupts
 *	vdev_common.c	virtio-pci common cfg, ISR, notify: status, features,
 *			queue setup, reset
 *	vdev_ring.c	the device side of a split virtqueue
 *	vdev_net.c	virtio-net: device config, receive, transmit, control
 *	vdev_env.c	DMA memory, CPUs, manifest, log, delay, barriers
 */
#ifndef TESTS_VDEV_VDEV_IMPL_H
#define TESTS_VDEV_VDEV_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tests/vdev/vdev.h"

#define VDEV_NO_VECTOR		0xFFFFu

#define VDEV_BAR1_ADDR		0xFEB00000ull
#define VDEV_BAR4_ADDR		0xFE000000ull
#define VDEV_BAR4_ADDR_HIGH	0x100000000ull

/* Regions of BAR4, as QEMU lays them out. */
#define VDEV_COMMON_OFF		0x0000u
#define VDEV_ISR_OFF		0x1000u
#define VDEV_DEVICE_OFF		0x2000u
#define VDEV_NOTIFY_OFF		0x3000u
#define VDEV_REGION_LEN		0x1000u
#define VDEV_NOTIFY_MULT	4u

/* MSI-X message encoding of this model's hal_msi_message. */
#define VDEV_MSI_ADDR		0xFEE00000u
#define VDEV_MSI_DATA_BASE	0x40u
#define VDEV_MSI_VECTORS	192u
#define VDEV_CPUS_MAX		256u
#define VDEV_MSIX_MAX		2048u

/* Configuration space: where the capabilities are. */
#define VDEV_CAP_COMMON		0x40u
#define VDEV_CAP_ISR		0x50u
#define VDEV_CAP_DEVICE		0x60u
#define VDEV_CAP_NOTIFY		0x70u
#define VDEV_CAP_PCICFG		0x84u
#define VDEV_CAP_MSIX		0x98u

#define PCI_CMD_MEMORY		0x0002u
#define PCI_CMD_MASTER		0x0004u

/* device_status bits. */
#define VS_ACKNOWLEDGE		0x01u
#define VS_DRIVER		0x02u
#define VS_DRIVER_OK		0x04u
#define VS_FEATURES_OK		0x08u
#define VS_NEEDS_RESET		0x40u
#define VS_FAILED		0x80u

/* Feature bits the model knows by name. */
#define VF_CSUM			(1ull << 0)
#define VF_MAC			(1ull << 5)
#define VF_HOST_TSO4		(1ull << 11)
#define VF_HOST_TSO6		(1ull << 12)
#define VF_HOST_UFO		(1ull << 14)
#define VF_MRG_RXBUF		(1ull << 15)
#define VF_STATUS		(1ull << 16)
#define VF_CTRL_VQ		(1ull << 17)
#define VF_CTRL_RX		(1ull << 18)
#define VF_CTRL_VLAN		(1ull << 19)
#define VF_GUEST_ANNOUNCE	(1ull << 21)
#define VF_MQ			(1ull << 22)
#define VF_CTRL_MAC_ADDR	(1ull << 23)
#define VF_INDIRECT_DESC	(1ull << 28)
#define VF_EVENT_IDX		(1ull << 29)
#define VF_VERSION_1		(1ull << 32)
#define VF_RING_PACKED		(1ull << 34)
#define VF_NOTIFICATION_DATA	(1ull << 38)
#define VF_NOTIF_CONFIG_DATA	(1ull << 39)
#define VF_RING_RESET		(1ull << 40)
#define VF_HOST_USO		(1ull << 56)
#define VF_HASH_REPORT		(1ull << 57)
#define VF_RSS			(1ull << 60)
#define VF_RSC_EXT		(1ull << 61)

/* Features the driver may accept only with CTRL_VQ. */
#define VF_NEED_CTRL_VQ		(VF_CTRL_RX | VF_CTRL_VLAN | \
    VF_GUEST_ANNOUNCE | VF_MQ | VF_CTRL_MAC_ADDR | VF_RSS)
/* Features that change the ring or header format the model implements. */
#define VF_UNMODELLED		(VF_INDIRECT_DESC | VF_EVENT_IDX | \
    VF_RING_PACKED | VF_NOTIFICATION_DATA | VF_NOTIF_CONFIG_DATA | \
    VF_RING_RESET | VF_HASH_REPORT | VF_RSS | VF_RSC_EXT)

#define VNET_HDR_LEN		12u

enum vdev_qrole { VQ_NONE, VQ_RX, VQ_TX, VQ_CTRL };

struct vdev_queue {
	uint16_t	size;		/* written by the driver; 0: the max */
	uint16_t	vector;
	bool		enabled;
	uint64_t	desc, avail, used;
	uint16_t	last_avail;	/* next avail ring slot to consume */
	uint16_t	used_idx;
	uint64_t	notifies;
	bool		kicked;		/* notified before DRIVER_OK */
	bool		corrupt;
	enum vdev_corruption corruption;
	uint8_t		*lost;		/* heads corrupt entries kept */
};

/* One descriptor of a chain, checked and translated. */
struct vdev_seg {
	uint8_t		*p;
	uint32_t	 len;
	bool		 write;
};

struct vdev_chain {
	uint16_t	 head;
	unsigned	 nseg;
	size_t		 rlen;		/* device-readable bytes */
	size_t		 wlen;		/* device-writable bytes */
};

struct vdev_bar {
	uint64_t	 addr;
	size_t		 size;
	uint8_t		*mem;		/* what hal_mmio_map points into */
};

struct vdev_dma {
	void		*ptr;
	uint64_t	 bus;
	size_t		 len;
};

struct vdev_frame {
	uint8_t		*data;
	size_t		 len;
};

struct vdev_outbox {
	struct vdev_frame *ring;	/* VDEV_OUTBOX_MAX, a FIFO */
	size_t		 head, count;
	uint64_t	 dropped;
};

struct vdev_mf {
	char		*ifname, *key, *value;
};

struct vdev {
	struct vdev_knobs k;
	struct vdev	*next;		/* in vdev_all */

	/* PCI. */
	uint8_t		 cfg[256];
	uint8_t		 wmask[256];
	struct vdev_bar	 bar1, bar4;

	/* MSI-X. */
	unsigned	 nvec;
	uint32_t	 pba_off;
	uint8_t		*pending;	/* per table entry */
	uint64_t	*masked;	/* per table entry */
	uint64_t	*msi_count;	/* VDEV_MSI_VECTORS x cpus */
	uint16_t	*fire;		/* FIFO of entries to deliver */
	uint8_t		*queued;	/* per table entry: in fire */
	unsigned	 fire_head, fire_count;
	unsigned	 depth;		/* nesting of model entry points */
	bool		 flushing;
	void		(*deliver)(void *, unsigned, unsigned);
	void		*deliver_arg;

	/* virtio-pci transport. */
	uint64_t	 offered;
	uint64_t	 accepted;
	bool		 accepted_junk;	/* bits written at a select above 1 */
	bool		 features_written;
	uint32_t	 dfselect, gfselect;
	uint8_t		 status;
	uint8_t		 isr;
	uint8_t		 generation;
	unsigned	 flips_left;
	uint16_t	 config_vector;
	uint16_t	 qselect;
	unsigned	 pairs;		/* the device's pairs with MQ */
	unsigned	 nq;		/* 2 * pairs + 1 */
	struct vdev_queue *q;
	uint64_t	 early_notifies;

	/* virtio-net. */
	unsigned	 curr_pairs;
	bool		 link_up;
	struct vdev_outbox *out;	/* per pair */
	bool		 ctrl_waiting;
	unsigned	 ctrl_left;

	/* Scratch for one descriptor chain. */
	struct vdev_seg	*segs;
	uint8_t		*marks;
	unsigned	 scratch_len;

	/* Environment. */
	struct vdev_dma	*dma;
	size_t		 ndma, dmacap;
	uint64_t	 dma_next;
	size_t		 dma_bytes;
	unsigned	 dma_fail_after;
	char		**log;
	size_t		 nlog, logcap;
	struct vdev_mf	*mf;
	size_t		 nmf;
	char		**retired;
	size_t		 nretired;
	uint64_t	 delay_calls, delay_total;

	/* Broken. */
	bool		 halted;	/* until the next reset */
	char		*broken;	/* first violation, sticky */
};

extern struct vdev *vdev_cur;
extern struct vdev *vdev_all;		/* every live device, via next */
struct vdev	*vdev_by_pci(hal_pci_t);

/* vdev.c */
void		 vdev_fail(struct vdev *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 vdev_die(const char *, ...)
		    __attribute__((format(printf, 1, 2), noreturn));
struct vdev	*vdev_need(const char *);
uint16_t	 vdev_get16(const uint8_t *);
uint32_t	 vdev_get32(const uint8_t *);
uint64_t	 vdev_get64(const uint8_t *);
void		 vdev_put16(uint8_t *, uint16_t);
void		 vdev_put32(uint8_t *, uint32_t);

/* vdev_pci.c */
int		 vdev_pci_init(struct vdev *);
void		 vdev_pci_fini(struct vdev *);
uint16_t	 vdev_command(const struct vdev *);

/* vdev_msix.c */
int		 vdev_msix_init(struct vdev *);
void		 vdev_msix_fini(struct vdev *);
void		 vdev_msi_release(struct vdev *);
void		 vdev_msix_access(struct vdev *, uint32_t, unsigned, bool,
		    uint32_t *);
void		 vdev_msix_control_changed(struct vdev *);
void		 vdev_msix_reset(struct vdev *);
void		 vdev_msix_raise(struct vdev *, uint16_t);
bool		 vdev_msix_enabled(const struct vdev *);
void		 vdev_enter(struct vdev *);
void		 vdev_leave(struct vdev *);

/* vdev_common.c */
void		 vdev_virtio_access(struct vdev *, uint32_t, unsigned, bool,
		    uint32_t *);
void		 vdev_reset(struct vdev *);
bool		 vdev_has(const struct vdev *, uint64_t);
enum vdev_qrole	 vdev_qrole(const struct vdev *, unsigned);
uint16_t	 vdev_qsize(const struct vdev *, unsigned);
void		 vdev_raise_queue(struct vdev *, unsigned);
void		 vdev_raise_config(struct vdev *);

/* vdev_ring.c */
void		*vdev_dma_map(struct vdev *, uint64_t, size_t, const char *);
bool		 vdev_ring_peek(struct vdev *, unsigned, uint16_t *);
bool		 vdev_ring_walk(struct vdev *, unsigned, uint16_t,
		    struct vdev_chain *);
void		 vdev_ring_consume(struct vdev *, unsigned);
void		 vdev_ring_push(struct vdev *, unsigned, uint16_t, uint32_t,
		    size_t);
bool		 vdev_ring_no_interrupt(struct vdev *, unsigned);
unsigned	 vdev_ring_pending(const struct vdev *, unsigned);

/* vdev_net.c */
int		 vdev_net_init(struct vdev *);
void		 vdev_net_fini(struct vdev *);
void		 vdev_net_reset(struct vdev *);
void		 vdev_net_config_access(struct vdev *, uint32_t, unsigned,
		    bool, uint32_t *);
uint32_t	 vdev_net_config_len(const struct vdev *);
void		 vdev_net_notify(struct vdev *, unsigned);
void		 vdev_net_tick(struct vdev *);

/* vdev_env.c */
const struct vdev_dma *vdev_dma_find(const struct vdev *, uint64_t, size_t);
void		 vdev_env_fini(struct vdev *);

#endif /* TESTS_VDEV_VDEV_IMPL_H */
