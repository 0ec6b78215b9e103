/*
 * The driver's proof run: attach every virtio-net function, up to
 * MAXNIC, as en1, en2, ... in the order the PCI scan finds them (Nanos
 * names them in probe order too), each from the CPU after the last one
 * the NIC before used (vnet_next_cpu); echo every IPv4 UDP datagram back
 * on the NIC and queue pair it arrived on (MAC, IP and ports swapped,
 * which leaves both checksums valid), and when the host sends the stop
 * datagram or the time is up, report per-NIC, per-queue and per-CPU
 * counts, detach, and check the driver gave all its memory back.
 *
 * The replies go out from inside the receive callback, so pair p's
 * transmit runs on the CPU its receive vector is aimed at; echo_run warns
 * if the driver aims pair p's two vectors at different CPUs, since a
 * transmit interrupt could then run beside the transmit.
 *
 * Each NIC's vectors are a range of the IDT's of its own (hal_msi_alloc);
 * the hook finds the NIC from vnet_vector_base().
 */
#include "../../driver/vnet.h"
#include "guest.h"
#include "x86.h"

#define STOP_PORT	7999		/* UDP: "stop" ends the run */
#define ECHO_SECONDS	20		/* unless opt/mqplan/echo-seconds */
#define MAXNIC		4
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

struct nic {
	struct vnet *volatile	 vn;	/* published after base and nvec */
	char			 name[8];
	uint32_t		 bdf;
	unsigned		 base, nvec;
	struct pairstat		 stats[MAXPAIR];
};

static struct nic		nics[MAXNIC];
static unsigned			nnic;
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
	struct nic	*nic = arg;
	struct pairstat	*ps = &nic->stats[pair < MAXPAIR ? pair : MAXPAIR - 1];
	uint8_t		 buf[VNET_FRAME_MAX];
	size_t		 ihl;

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
	if (nic->vn == NULL) {
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
	if (vnet_transmit(nic->vn, pair, buf, len) == 0)
		ps->echoed++;
	else
		ps->failed++;
}

/*
 * The NIC whose vector range holds vector, or NULL.  Every slot, not
 * only those below nnic: a NIC is published inside attach(), before
 * nnic counts it.
 */
static struct nic *
owner(unsigned vector)
{
	unsigned	i;

	for (i = 0; i < MAXNIC; i++)
		if (nics[i].vn != NULL && vector >= nics[i].base &&
		    vector < nics[i].base + nics[i].nvec)
			return (&nics[i]);
	return (NULL);
}

/*
 * A vector can fire during vnet_attach, before its NIC is published.
 * Such a vector is marked pending and replayed once the NIC is.  The
 * handler marks, then looks for the NIC again; echo_run publishes, then
 * looks at the marks: with a full barrier between on each side, one of
 * them always sees the other, so no early interrupt is lost.
 */
static void
hook(void *arg, unsigned vector, unsigned cpu)
{
	struct nic	*nic;

	(void)arg;
	if ((nic = owner(vector)) == NULL) {
		__asm__ volatile("lock orl %1, %0" : "+m"(pending[vector / 32])
		    : "r"(1u << (vector % 32)) : "memory");
		if ((nic = owner(vector)) == NULL)
			return;
	}
	vnet_interrupt(nic->vn, vector - nic->base, cpu);
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
	unsigned	*found = arg;

	if (!vnet_match(bdf))
		return;
	if (*found < MAXNIC) {
		nics[*found].bdf = bdf;
		snprintf(nics[*found].name, sizeof(nics[*found].name),
		    "en%u", *found + 1);
	} else
		kprintf("attach: virtio-net %02x:%02x.%x beyond en%u "
		    "left alone\n", bdf >> 8, bdf >> 3 & 0x1f, bdf & 7,
		    MAXNIC);
	(*found)++;
}

/* Prints the counters; returns how many interrupt counts disagree. */
static unsigned
report(struct nic *nic, const struct vnet_info *vi)
{
	struct vnet	*vn = nic->vn;
	struct vnet_qstats q;
	unsigned	p, v, c, tx, miscounts = 0;
	uint64_t	n, h;

	kprintf("report %s pairs %u requested %u max %u cpus %u\n",
	    nic->name, vi->pairs, vi->requested, vi->max_pairs, vi->cpus);
	for (p = 0; p < vi->pairs; p++) {
		for (tx = 0; tx < 2; tx++) {
			if (!vnet_qstats(vn, p, tx != 0, &q))
				continue;
			kprintf("queue %s %s %u packets %llu bytes %llu "
			    "drops %llu errors %llu interrupts %llu\n",
			    nic->name, tx ? "tx" : "rx", p,
			    (unsigned long long)q.packets,
			    (unsigned long long)q.bytes,
			    (unsigned long long)q.drops,
			    (unsigned long long)q.errors,
			    (unsigned long long)q.interrupts);
		}
		if (p < MAXPAIR)
			kprintf("echo %s pair %u frames %llu echoed %llu "
			    "failed %llu other %llu cpu %u\n", nic->name, p,
			    (unsigned long long)nic->stats[p].frames,
			    (unsigned long long)nic->stats[p].echoed,
			    (unsigned long long)nic->stats[p].failed,
			    (unsigned long long)nic->stats[p].other,
			    nic->stats[p].last_cpu);
	}
	/*
	 * The driver's count next to the HAL's own, which every MSI passes
	 * through: they differ only if vnet_interrupt miscounts, or if the
	 * vector reached another NIC.
	 */
	for (v = 0; v < nic->nvec; v++)
		for (c = 0; c < smp_cpu_count(); c++) {
			n = vnet_intr_count(vn, v, c);
			h = hal_msi_count(nic->base + v, c);
			if (n != 0 || h != 0)
				kprintf("intr %s vector %u cpu %u count %llu "
				    "hal %llu\n", nic->name, v, c,
				    (unsigned long long)n,
				    (unsigned long long)h);
			if (n != h)
				miscounts++;
		}
	return (miscounts);
}

/* Attaches nic from first; prints what it got; false if it failed. */
static bool
attach(struct nic *nic, unsigned first, struct vnet_info *vi)
{
	struct vnet	*vn;
	enum vnet_err	 err = VNET_OK;
	unsigned	 p, v, c;
	uint32_t	 bdf = nic->bdf;
	char		 mac[18];

	vn = vnet_attach(bdf, nic->name, first, rx, nic, &err);
	if (vn == NULL) {
		kprintf("attach %s failed err %d\n", nic->name, (int)err);
		return (false);
	}
	vnet_info(vn, vi);
	nic->base = vnet_vector_base(vn);
	nic->nvec = 2 * vi->pairs + 1;
	__asm__ volatile("" : : : "memory");
	nic->vn = vn;
	__asm__ volatile("lock; addl $0, (%%esp)" : : : "memory", "cc");
	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
	    vi->mac[0], vi->mac[1], vi->mac[2], vi->mac[3], vi->mac[4],
	    vi->mac[5]);
	kprintf("attach %s %02x:%02x.%x mac %s mq %d link %d cpus %u "
	    "max %u requested %u pairs %u qsize %u features 0x%llx "
	    "first-cpu %u vector-base %u\n", nic->name,
	    bdf >> 8, bdf >> 3 & 0x1f, bdf & 7, mac, vi->mq, vi->link_up,
	    vi->cpus, vi->max_pairs, vi->requested, vi->pairs, vi->queue_size,
	    (unsigned long long)vi->features, first, nic->base);
	for (v = 0; v < nic->nvec; v++)
		kprintf("vector %s %u cpu %u\n", nic->name, v,
		    vnet_vector_cpu(vn, v));
	for (p = 0; p < vi->pairs; p++)
		if (vnet_vector_cpu(vn, VNET_VECTOR_RX(p)) !=
		    vnet_vector_cpu(vn, VNET_VECTOR_TX(p)))
			kprintf("warning: %s pair %u rx and tx vectors on "
			    "different CPUs; echo transmits from rx\n",
			    nic->name, p);
	/* Replay vectors that fired before the NIC was published. */
	for (v = 0; v < nic->nvec; v++) {
		if ((pending[(nic->base + v) / 32] &
		    (1u << ((nic->base + v) % 32))) == 0)
			continue;
		c = vnet_vector_cpu(vn, v);
		kprintf("replay %s vector %u cpu %u\n", nic->name, v, c);
		lapic_ipi(smp_apic_id(c), VEC_MSI_BASE + nic->base + v);
	}
	return (true);
}

int
echo_run(void)
{
	struct vnet_info vi[MAXNIC];
	uint32_t	 arena, before, after, bad;
	unsigned	 bad_counts = 0, found = 0, i, first = 0;
	uint64_t	 deadline;
	struct vnet	*vn;
	int		 status = EXIT_OK;

	pci_scan(find_nic, &found);
	if (found == 0) {
		kprintf("attach en1: no virtio-net function\n");
		return (EXIT_FAIL);
	}
	dma_stats(&arena, &before, &bad);
	hal_set_msi_hook(hook, NULL);
	for (nnic = 0; nnic < found && nnic < MAXNIC; nnic++) {
		if (!attach(&nics[nnic], first, &vi[nnic])) {
			status = EXIT_FAIL;
			break;
		}
		first = vnet_next_cpu(nics[nnic].vn);
	}

	if (status == EXIT_OK) {
		intr_register(VEC_TIMER, tick);
		lapic_timer_start(10, VEC_TIMER);
		deadline = tsc_us() + (uint64_t)echo_seconds() * 1000000;
		for (i = 0; i < nnic; i++)
			kprintf("ready %s pairs %u\n", nics[i].name,
			    vi[i].pairs);
		while (!stop && tsc_us() < deadline)
			irq_enable_and_halt();
		kprintf("stop %s\n", stop ? "requested" : "timeout");
		for (i = 0; i < nnic; i++)
			bad_counts += report(&nics[i], &vi[i]);
	}
	for (i = 0; i < nnic; i++) {
		if ((vn = nics[i].vn) == NULL)
			continue;
		nics[i].vn = NULL;
		vnet_detach(vn);
	}
	dma_stats(&arena, &after, &bad);
	kprintf("dma before %u after %u bad-frees %u\n", before, after, bad);
	if (after != before || bad != 0) {
		kprintf("detach leaked %d bytes\n", (int)(after - before));
		return (EXIT_FAIL);
	}
	if (bad_counts != 0) {
		kprintf("intr: %u counts disagree with the HAL's\n",
		    bad_counts);
		return (EXIT_FAIL);
	}
	return (status);
}
