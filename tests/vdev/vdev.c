/*
 * Life of a model device, its broken state, and what the tests ask of it.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/vdev/vdev_impl.h"

struct vdev *vdev_cur;
struct vdev *vdev_all;

void
vdev_die(const char *fmt, ...)
{
	va_list	ap;

	fputs("vdev: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

struct vdev *
vdev_need(const char *fn)
{
	if (vdev_cur == NULL)
		vdev_die("%s: no current device (vdev_create first)", fn);
	return (vdev_cur);
}

/*
 * The driver broke a rule: remember the first reason and stop the device
 * until it is reset, as QEMU's virtio_error does.  The configuration
 * interrupt tells a running driver, which is what a real device does.
 */
void
vdev_fail(struct vdev *vd, const char *fmt, ...)
{
	char	msg[512];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (getenv("VDEV_VERBOSE") != NULL)
		fprintf(stderr, "vdev: broken: %s\n", msg);
	if (vd->broken == NULL && (vd->broken = strdup(msg)) == NULL)
		vdev_die("out of memory");
	if (vd->halted)
		return;
	vd->halted = true;
	vd->status |= VS_NEEDS_RESET;
	if (vd->status & VS_DRIVER_OK)
		vdev_raise_config(vd);
}

uint16_t
vdev_get16(const uint8_t *p)
{
	return ((uint16_t)(p[0] | p[1] << 8));
}

uint32_t
vdev_get32(const uint8_t *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}

uint64_t
vdev_get64(const uint8_t *p)
{
	return ((uint64_t)vdev_get32(p) | (uint64_t)vdev_get32(p + 4) << 32);
}

void
vdev_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void
vdev_put32(uint8_t *p, uint32_t v)
{
	vdev_put16(p, (uint16_t)v);
	vdev_put16(p + 2, (uint16_t)(v >> 16));
}

void
vdev_knobs_default(struct vdev_knobs *k)
{
	memset(k, 0, sizeof(*k));
	k->device_id = 0x1041;
	k->max_pairs = 4;
	/* STATUS off like every other bool; link_up only matters with it. */
	k->link_up = true;
	k->queue_size = 256;
	k->ctrl_queue_size = 64;
	k->cpus = 4;
}

struct vdev *
vdev_create(const struct vdev_knobs *kp)
{
	struct vdev	*vd;
	unsigned	 v;

	if ((vd = calloc(1, sizeof(*vd))) == NULL)
		vdev_die("out of memory");
	if (kp != NULL)
		vd->k = *kp;
	else
		vdev_knobs_default(&vd->k);
	if (vd->k.slot == 0)
		vd->k.slot = 1;
	if (vd->k.slot > 31)
		vdev_die("vdev_create: slot %u > 31", vd->k.slot);
	if (vdev_by_pci((hal_pci_t)vd->k.slot << 3) != NULL)
		vdev_die("vdev_create: slot %u is taken", vd->k.slot);
	if (vd->k.device_id == 0)
		vd->k.device_id = 0x1041;
	if (vd->k.cpus == 0)
		vd->k.cpus = 4;
	if (vd->k.cpus > VDEV_CPUS_MAX)
		vdev_die("vdev_create: cpus %u > %u", vd->k.cpus,
		    VDEV_CPUS_MAX);
	if (vd->k.msix_vectors > VDEV_MSIX_MAX)
		vdev_die("vdev_create: msix_vectors %u > %u",
		    vd->k.msix_vectors, VDEV_MSIX_MAX);

	/*
	 * A raw max_pairs outside 1..0x8000 is a broken device; it really
	 * has one pair, which is what Linux (forces 1) and FreeBSD (drops
	 * MQ) make of it, so either driver finds its control queue at 2.
	 */
	if (vd->k.no_mq)
		vd->pairs = 1;
	else if (vd->k.max_pairs >= 1 && vd->k.max_pairs <= 0x8000)
		vd->pairs = vd->k.max_pairs;
	else
		vd->pairs = 1;
	vd->nq = 2 * vd->pairs + 1;

	if (vd->k.msix_vectors != 0)
		vd->nvec = vd->k.msix_vectors;
	else {
		v = 2u * vd->k.max_pairs + 2;
		vd->nvec = v < 3 ? 3 : v > VDEV_MSIX_MAX ? VDEV_MSIX_MAX : v;
	}

	vd->offered = VF_VERSION_1 | VF_MAC | vd->k.extra_features;
	if (!vd->k.no_ctrl_vq)
		vd->offered |= VF_CTRL_VQ;
	if (!vd->k.no_mq)
		vd->offered |= VF_MQ;
	if (vd->k.status)
		vd->offered |= VF_STATUS;
	vd->link_up = vd->k.link_up;
	vd->flips_left = vd->k.config_generation_flips;
	vd->dma_next = 0x40000000u;
	vd->dma_fail_after = UINT_MAX;

	if ((vd->q = calloc(vd->nq, sizeof(*vd->q))) == NULL)
		vdev_die("out of memory");
	if (vdev_pci_init(vd) == -1 || vdev_msix_init(vd) == -1 ||
	    vdev_net_init(vd) == -1)
		vdev_die("out of memory");
	vd->next = vdev_all;
	vdev_all = vd;
	vdev_cur = vd;
	vdev_reset(vd);
	return (vd);
}

void
vdev_destroy(struct vdev *vd)
{
	struct vdev	**pp;
	unsigned	  i;

	if (vd == NULL)
		return;
	for (pp = &vdev_all; *pp != NULL; pp = &(*pp)->next)
		if (*pp == vd) {
			*pp = vd->next;
			break;
		}
	vdev_msi_release(vd);
	vdev_net_fini(vd);
	vdev_msix_fini(vd);
	vdev_pci_fini(vd);
	vdev_env_fini(vd);
	for (i = 0; i < vd->nq; i++)
		free(vd->q[i].lost);
	free(vd->q);
	free(vd->broken);
	if (vdev_cur == vd)
		vdev_cur = NULL;
	free(vd);
}

hal_pci_t
vdev_pci(const struct vdev *vd)
{
	return ((hal_pci_t)vd->k.slot << 3);
}

void
vdev_select(struct vdev *vd)
{
	vdev_cur = vd;
}

struct vdev *
vdev_by_pci(hal_pci_t pci)
{
	struct vdev	*vd;

	for (vd = vdev_all; vd != NULL; vd = vd->next)
		if (((hal_pci_t)vd->k.slot << 3) == pci)
			return (vd);
	return (NULL);
}

void
vdev_set_deliver(struct vdev *vd,
    void (*fn)(void *arg, unsigned vector, unsigned cpu), void *arg)
{
	vd->deliver = fn;
	vd->deliver_arg = arg;
}

unsigned
vdev_curr_pairs(const struct vdev *vd)
{
	return (vd->curr_pairs);
}

uint8_t
vdev_status(const struct vdev *vd)
{
	return (vd->status);
}

uint64_t
vdev_driver_features(const struct vdev *vd)
{
	return (vd->accepted);
}

const char *
vdev_broken(const struct vdev *vd)
{
	return (vd->broken);
}

void
vdev_corrupt_next(struct vdev *vd, unsigned vq, enum vdev_corruption c)
{
	struct vdev_queue	*q;

	if (vq >= vd->nq)
		vdev_die("vdev_corrupt_next: queue %u, the device has %u", vq,
		    vd->nq);
	q = &vd->q[vq];
	q->corrupt = true;
	q->corruption = c;
}

/* A queue the device does not have reads as one never set up. */
uint16_t
vdev_queue_vector(const struct vdev *vd, unsigned vq)
{
	return (vq < vd->nq ? vd->q[vq].vector : VDEV_NO_VECTOR);
}

uint16_t
vdev_queue_size_used(const struct vdev *vd, unsigned vq)
{
	return (vq < vd->nq && vd->q[vq].enabled ? vdev_qsize(vd, vq) : 0);
}

uint64_t
vdev_notifies(const struct vdev *vd, unsigned vq)
{
	return (vq < vd->nq ? vd->q[vq].notifies : 0);
}

unsigned
vdev_queue_count(const struct vdev *vd)
{
	return (vd->nq);
}

uint16_t
vdev_config_vector(const struct vdev *vd)
{
	return (vd->config_vector);
}

uint16_t
vdev_pci_command(const struct vdev *vd)
{
	return (vdev_command(vd));
}

uint64_t
vdev_early_notifies(const struct vdev *vd)
{
	return (vd->early_notifies);
}

void
vdev_set_link(struct vdev *vd, bool up)
{
	vdev_enter(vd);
	vd->link_up = up;
	vd->generation++;
	if ((vd->offered & VF_STATUS) && (vd->status & VS_DRIVER_OK))
		vdev_raise_config(vd);
	vdev_leave(vd);
}
