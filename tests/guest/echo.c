/*
 * The driver's proof run: attach the first virtio-net function as en1,
 * echo every IPv4 UDP datagram back on the queue pair it arrived on (MAC,
 * IP and ports swapped, which leaves both checksums valid), and when the
 * host sends the stop datagram or the time is up, report per-queue and
 * per-CPU counts, detach, and check the driver gave all its memory back.
 *
 * The replies go out from inside the receive callback, so pair p's
 * transmit runs on the CPU its receive vector is aimed at; echo_run warns
 * if the driver aims pair p's two vectors at different CPUs, since a
 * transmit interrupt could then run beside the transmit.
 *
 * Only one device is driven: the HAL numbers MSI vectors per guest, not
 * per device.
 */
#include "../../driver/vnet.h"
#include "guest.h"
#include "x86.h"

#define STOP_PORT	7999		/* UDP: "stop" ends the run */
#define ECHO_SECONDS	20		/* unless opt/mqplan/echo-seconds */
#define MAXPAIR		64
#define ETH_HLEN	14
#define ETHERTYPE_IPV4	0x0800
#define IPPROTO_UDP	17

struct pairstat {
	volatile uint64_t	frames;
	volatile uint64_t	echoed;
	volatile uint64_t	failed;
	volatile uint64_t	other;
	volatile uint32_t	last_cpu;
};

static struct vnet *volatile	the_vn;
static struct pairstat		stats[MAXPAIR];
static volatile uint32_t	pending[(VEC_MSI_LAST - VEC_MSI_BASE + 32) / 32];
static volatile uint32_t	stop;

static uint16_t
be16(const uint8_t *p)
{
	return ((uint16_t)(p[0] << 8 | p[1]));
}

static void
swap(uint8_t *a, uint8_t *b, size_t n)
{
	uint8_t	t;

	for (; n > 0; n--, a++, b++) {
		t = *a;
		*a = *b;
		*b = t;
	}
}

static void
rx(void *arg, unsigned pair, const uint8_t *frame, size_t len)
{
	struct pairstat	*ps = &stats[pair < MAXPAIR ? pair : MAXPAIR - 1];
	uint8_t		 buf[VNET_FRAME_MAX];
	size_t		 ihl;

	(void)arg;
	ps->frames++;
	ps->last_cpu = smp_cpu();
	if (len < ETH_HLEN + 20 + 8 || len > sizeof(buf) ||
	    be16(frame + 12) != ETHERTYPE_IPV4 || (frame[14] >> 4) != 4 ||
	    frame[14 + 9] != IPPROTO_UDP) {
		ps->other++;
		return;
	}
	ihl = (size_t)(frame[14] & 0xf) * 4;
	if (ihl < 20 || len < ETH_HLEN + ihl + 8 ||
	    (be16(frame + 14 + 6) & 0x3fff) != 0) {	/* fragments */
		ps->other++;
		return;
	}
	if (the_vn == NULL) {
		/* Only if the driver delivered inside vnet_attach. */
		ps->failed++;
		return;
	}
	if (be16(frame + ETH_HLEN + ihl + 2) == STOP_PORT) {
		stop = 1;
		return;
	}
	memcpy(buf, frame, len);
	swap(buf, buf + 6, 6);				/* MACs */
	swap(buf + 14 + 12, buf + 14 + 16, 4);		/* IPs */
	swap(buf + 14 + ihl, buf + 14 + ihl + 2, 2);	/* ports */
	if (vnet_transmit(the_vn, pair, buf, len) == 0)
		ps->echoed++;
	else
		ps->failed++;
}

/*
 * A vector can fire during vnet_attach, before the_vn is known.  Such a
 * vector is marked pending and replayed once the_vn is published.  The
 * handler marks, then looks at the_vn again; echo_run publishes, then
 * looks at the marks: with a full barrier between on each side, one of
 * them always sees the other, so no early interrupt is lost.
 */
static void
hook(void *arg, unsigned vector, unsigned cpu)
{
	struct vnet	*vn = the_vn;

	(void)arg;
	if (vn == NULL) {
		__asm__ volatile("lock orl %1, %0" : "+m"(pending[vector / 32])
		    : "r"(1u << (vector % 32)) : "memory");
		vn = the_vn;
		if (vn == NULL)
			return;
	}
	vnet_interrupt(vn, vector, cpu);
}

static void
tick(unsigned vec, unsigned cpu)
{
	(void)vec;
	(void)cpu;		/* waking the BSP from hlt is the point */
}

static uint32_t
echo_seconds(void)
{
	char	 buf[16];
	long	 n;
	uint32_t v = 0;
	int	 i;

	n = fwcfg_read_file("opt/mqplan/echo-seconds", buf, sizeof(buf) - 1);
	if (n <= 0 || n >= (long)sizeof(buf))
		return (ECHO_SECONDS);
	buf[n] = '\0';
	for (i = 0; buf[i] >= '0' && buf[i] <= '9' && v < 100000; i++)
		v = v * 10 + (uint32_t)(buf[i] - '0');
	return (v > 0 ? v : ECHO_SECONDS);
}

static void
find_nic(uint32_t bdf, void *arg)
{
	uint32_t	*found = arg;

	if (*found == 0xffffffffu && vnet_match(bdf))
		*found = bdf;
}

/* Prints the counters; returns how many interrupt counts disagree. */
static unsigned
report(struct vnet *vn, const struct vnet_info *vi)
{
	struct vnet_qstats q;
	unsigned	p, v, c, tx, miscounts = 0;
	uint64_t	n, h;

	kprintf("report en1 pairs %u requested %u max %u cpus %u\n",
	    vi->pairs, vi->requested, vi->max_pairs, vi->cpus);
	for (p = 0; p < vi->pairs; p++) {
		for (tx = 0; tx < 2; tx++) {
			if (!vnet_qstats(vn, p, tx != 0, &q))
				continue;
			kprintf("queue en1 %s %u packets %llu bytes %llu "
			    "drops %llu errors %llu interrupts %llu\n",
			    tx ? "tx" : "rx", p,
			    (unsigned long long)q.packets,
			    (unsigned long long)q.bytes,
			    (unsigned long long)q.drops,
			    (unsigned long long)q.errors,
			    (unsigned long long)q.interrupts);
		}
		if (p < MAXPAIR)
			kprintf("echo en1 pair %u frames %llu echoed %llu "
			    "failed %llu other %llu cpu %u\n", p,
			    (unsigned long long)stats[p].frames,
			    (unsigned long long)stats[p].echoed,
			    (unsigned long long)stats[p].failed,
			    (unsigned long long)stats[p].other,
			    stats[p].last_cpu);
	}
	/*
	 * The driver's count next to the HAL's own, which every MSI passes
	 * through: they differ only if vnet_interrupt miscounts.
	 */
	for (v = 0; v < 2 * vi->pairs + 1; v++)
		for (c = 0; c < smp_cpu_count(); c++) {
			n = vnet_intr_count(vn, v, c);
			h = hal_msi_count(v, c);
			if (n != 0 || h != 0)
				kprintf("intr en1 vector %u cpu %u count %llu "
				    "hal %llu\n", v, c, (unsigned long long)n,
				    (unsigned long long)h);
			if (n != h)
				miscounts++;
		}
	return (miscounts);
}

int
echo_run(void)
{
	struct vnet	*vn;
	struct vnet_info vi;
	enum vnet_err	 err = VNET_OK;
	uint32_t	 bdf = 0xffffffffu, arena, before, after, bad;
	unsigned	 bad_counts;
	uint64_t	 deadline;
	unsigned	 p, v, c;
	char		 mac[18];

	pci_scan(find_nic, &bdf);
	if (bdf == 0xffffffffu) {
		kprintf("attach en1: no virtio-net function\n");
		return (EXIT_FAIL);
	}
	dma_stats(&arena, &before, &bad);
	hal_set_msi_hook(hook, NULL);
	vn = vnet_attach(bdf, "en1", rx, NULL, &err);
	if (vn == NULL) {
		kprintf("attach en1 failed err %d\n", (int)err);
		return (EXIT_FAIL);
	}
	the_vn = vn;
	__asm__ volatile("lock; addl $0, (%%esp)" : : : "memory", "cc");
	vnet_info(vn, &vi);
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
	    vi.mac[0], vi.mac[1], vi.mac[2], vi.mac[3], vi.mac[4], vi.mac[5]);
	kprintf("attach en1 %02x:%02x.%x mac %s mq %d link %d cpus %u "
	    "max %u requested %u pairs %u qsize %u features 0x%llx\n",
	    bdf >> 8, bdf >> 3 & 0x1f, bdf & 7, mac, vi.mq, vi.link_up,
	    vi.cpus, vi.max_pairs, vi.requested, vi.pairs, vi.queue_size,
	    (unsigned long long)vi.features);
	for (v = 0; v < 2 * vi.pairs + 1; v++)
		kprintf("vector en1 %u cpu %u\n", v, vnet_vector_cpu(vn, v));
	for (p = 0; p < vi.pairs; p++)
		if (vnet_vector_cpu(vn, VNET_VECTOR_RX(p)) !=
		    vnet_vector_cpu(vn, VNET_VECTOR_TX(p)))
			kprintf("warning: pair %u rx and tx vectors on "
			    "different CPUs; echo transmits from rx\n", p);
	/* Replay vectors that fired before the_vn was set, on their CPU. */
	for (v = 0; v < 2 * vi.pairs + 1; v++) {
		if ((pending[v / 32] & (1u << (v % 32))) == 0)
			continue;
		c = vnet_vector_cpu(vn, v);
		kprintf("replay en1 vector %u cpu %u\n", v, c);
		lapic_ipi(smp_apic_id(c), VEC_MSI_BASE + v);
	}

	intr_register(VEC_TIMER, tick);
	lapic_timer_start(10, VEC_TIMER);
	deadline = tsc_us() + (uint64_t)echo_seconds() * 1000000;
	kprintf("ready en1 pairs %u\n", vi.pairs);
	while (!stop && tsc_us() < deadline)
		irq_enable_and_halt();
	kprintf("stop %s\n", stop ? "requested" : "timeout");

	bad_counts = report(vn, &vi);
	the_vn = NULL;
	vnet_detach(vn);
	dma_stats(&arena, &after, &bad);
	kprintf("dma en1 before %u after %u bad-frees %u\n", before, after,
	    bad);
	if (after != before || bad != 0) {
		kprintf("detach en1 leaked %d bytes\n", (int)(after - before));
		return (EXIT_FAIL);
	}
	if (bad_counts != 0) {
		kprintf("intr en1: %u counts disagree with the HAL's\n",
		    bad_counts);
		return (EXIT_FAIL);
	}
	return (EXIT_OK);
}
