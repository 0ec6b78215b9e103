/*
 * The test guest's own services, one file each; hal.c builds the driver's
 * HAL out of them.  Everything runs identity mapped with paging off, so a
 * pointer is its physical address.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUEST_MAXCPU	64	/* stacks and tables are sized for this */

/* IDT vectors. */
#define VEC_MSI_BASE	0x40	/* HAL vector v arrives as 0x40 + v */
#define VEC_MSI_LAST	0xfc
#define VEC_TIMER	0xfd	/* the BSP's LAPIC timer tick */
#define VEC_SPURIOUS	0xff	/* LAPIC spurious vector; never EOIed */

/* Exit statuses written to isa-debug-exit; QEMU exits with 2 * s + 1. */
#define EXIT_OK		0
#define EXIT_FAIL	1	/* a check failed */
#define EXIT_TRAP	2	/* a CPU exception */
#define EXIT_BOOT	3	/* the machine is not what the guest needs */

/* libc.c */
void	*memset(void *, int, size_t);
void	*memcpy(void *, const void *, size_t);
void	*memmove(void *, const void *, size_t);
int	 memcmp(const void *, const void *, size_t);
size_t	 strlen(const char *);
int	 strcmp(const char *, const char *);
uint64_t u64_divmod(uint64_t, uint64_t, uint64_t *);

/* serial.c */
void	 serial_init(void);
void	 serial_write(const char *, size_t);

/* printf.c */
int	 vsnprintf(char *, size_t, const char *, va_list);
int	 snprintf(char *, size_t, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
void	 kprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

/* exit.c */
void	 guest_exit(int) __attribute__((noreturn));

/* tsc.c */
void	 tsc_calibrate(void);
uint32_t tsc_mhz(void);
uint64_t tsc_us(void);		/* microseconds since calibration */
void	 tsc_delay_us(uint32_t);

/* idt.c */
typedef void intr_fn(unsigned vec, unsigned cpu);
void	 idt_init(void);
void	 idt_load(void);
void	 intr_register(unsigned vec, intr_fn *);

/* lapic.c */
void	 pic_mask(void);
void	 lapic_enable(void);
uint32_t lapic_id(void);
void	 lapic_eoi(void);
void	 lapic_ipi(uint32_t apic, uint32_t icr_low);
void	 lapic_timer_start(uint32_t ms, unsigned vec);

/* smp.c */
void	 smp_boot(unsigned expected);
unsigned smp_cpu_count(void);
unsigned smp_cpu(void);		/* index of the calling CPU */
uint32_t smp_apic_id(unsigned cpu);

/* pci.c */
uint32_t pci_read(uint32_t bdf, uint16_t off, unsigned width);
void	 pci_write(uint32_t bdf, uint16_t off, unsigned width, uint32_t val);
typedef void pci_visit_fn(uint32_t bdf, void *arg);
void	 pci_scan(pci_visit_fn *, void *arg);

/* fwcfg.c */
bool	 fwcfg_present(void);
uint16_t fwcfg_cpu_count(void);
/* Size of the named file, or -1; reads at most len bytes of it. */
long	 fwcfg_read_file(const char *name, void *buf, size_t len);

/* manifest.c */
void	 manifest_load(void);
size_t	 manifest_size(void);
const char *manifest_get(const char *ifname, const char *key);

/* dma.c */
void	 dma_init(uint32_t start, uint32_t end);
void	*dma_alloc(size_t len, size_t align);
void	 dma_free(void *, size_t);
void	 dma_stats(uint32_t *arena, uint32_t *used, uint32_t *bad_frees);

/*
 * hal.c: how HAL vectors (hal_msi_alloc's ranges) reach the program using
 * the driver; hal_msi_count counts per HAL vector.
 */
typedef void msi_hook_fn(void *arg, unsigned vector, unsigned cpu);
void	 hal_set_msi_hook(msi_hook_fn *, void *arg);
uint64_t hal_msi_count(unsigned vector, unsigned cpu);

/* smoke.c, echo.c */
int	 smoke_run(void);
int	 echo_run(void);

#endif /* GUEST_GUEST_H */
