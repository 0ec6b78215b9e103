/*
 * The virtio-pci modern transport (virtio 1.2, 4.1.4): the vendor
 * capabilities, common configuration, notification, device configuration
 * and the MSI-X table, all reached through the HAL.
 *
 * Nothing here trusts the device: capability pointers and lengths are
 * bounded, a region shorter than the driver needs is refused, and a BAR
 * the HAL cannot map is refused.
 */
#ifndef DRIVER_VIRTIO_PCI_H
#define DRIVER_VIRTIO_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hal.h"

#define VIRTIO_STATUS_ACKNOWLEDGE	0x01
#define VIRTIO_STATUS_DRIVER		0x02
#define VIRTIO_STATUS_DRIVER_OK		0x04
#define VIRTIO_STATUS_FEATURES_OK	0x08
#define VIRTIO_STATUS_NEEDS_RESET	0x40
#define VIRTIO_STATUS_FAILED		0x80

#define VIRTIO_F_VERSION_1		32

/* "No vector": the device reads it back when it refuses a vector. */
#define VIRTIO_MSI_NO_VECTOR		0xffff

struct virtio_pci {
	hal_pci_t		 pci;
	volatile uint8_t	*common;
	volatile uint8_t	*notify;
	size_t			 notify_len;
	uint32_t		 notify_mult;
	volatile uint8_t	*device;
	size_t			 device_len;
	volatile uint8_t	*msix_table;
	uint16_t		 msix_vectors;
	uint8_t			 msix_cap;
};

/*
 * Finds the capabilities and maps their regions; enables memory decoding
 * and bus mastering.  Returns NULL, or a static string saying what is
 * wrong with the function.
 */
const char	*virtio_pci_open(struct virtio_pci *vp, hal_pci_t pci);

/* Writes 0 to device_status and waits, bounded, for it to read 0. */
bool		 virtio_pci_reset(struct virtio_pci *vp);
uint8_t		 virtio_pci_status(const struct virtio_pci *vp);
/* Adds bits to device_status: the spec forbids clearing any. */
void		 virtio_pci_set_status(struct virtio_pci *vp, uint8_t bits);

uint64_t	 virtio_pci_device_features(const struct virtio_pci *vp);
void		 virtio_pci_set_driver_features(struct virtio_pci *vp,
		    uint64_t features);
uint16_t	 virtio_pci_num_queues(const struct virtio_pci *vp);
/* The largest size queue q may have; 0 when the queue does not exist. */
uint16_t	 virtio_pci_queue_max(struct virtio_pci *vp, uint16_t q);

/*
 * Configures queue q (size, ring addresses, vector) without enabling it.
 * Returns the queue's notify address, or NULL if the device refused the
 * vector (*why says so) or its notify offset lies outside the region.
 */
volatile void	*virtio_pci_queue_setup(struct virtio_pci *vp, uint16_t q,
		    uint16_t size, uint64_t desc, uint64_t avail, uint64_t used,
		    uint16_t vector, const char **why);
void		 virtio_pci_queue_enable(struct virtio_pci *vp, uint16_t q);
/* Aims configuration changes at vector; false if the device refused. */
bool		 virtio_pci_config_vector(struct virtio_pci *vp,
		    uint16_t vector);

/*
 * Device configuration.  A consistent read of several fields loops until
 * virtio_pci_generation() reads the same before and after (virtio 1.2,
 * 4.1.4.3.1); each field is read with its own width (1, 2 or 4), and only
 * where virtio_pci_config_has() says the region holds it.
 */
uint8_t		 virtio_pci_generation(const struct virtio_pci *vp);
bool		 virtio_pci_config_has(const struct virtio_pci *vp,
		    size_t off, unsigned width);
uint32_t	 virtio_pci_config_read(const struct virtio_pci *vp,
		    size_t off, unsigned width);

/* Writes MSI-X table entry v and unmasks it. */
void		 virtio_pci_msix_set(struct virtio_pci *vp, uint16_t v,
		    uint64_t addr, uint32_t data);
/* MSI-X on (and INTx off) for the function, or off again. */
void		 virtio_pci_msix_enable(struct virtio_pci *vp, bool on);

#endif /* DRIVER_VIRTIO_PCI_H */
