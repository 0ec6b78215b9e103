/*
 * The virtio-net driver (driver/) against the software device model
 * (tests/vdev/): the io-queues decision, the refusal fallback, hardening
 * against a device that breaks the rules, frames on every queue, and where
 * the interrupts go.  Also the driver's log line formatter on its own.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "check_main.h"
#include "driver/io_queues.h"
#include "driver/logline.h"
#include "driver/vnet.h"
#include "tests/vdev/vdev.h"

#define F_MAC		(1ull << 5)
#define F_MRG_RXBUF	(1ull << 15)
#define F_STATUS	(1ull << 16)
#define F_CTRL_VQ	(1ull << 17)
#define F_MQ		(1ull << 22)
#define F_EVENT_IDX	(1ull << 29)
#define F_VERSION_1	(1ull << 32)
#define F_RING_PACKED	(1ull << 34)

#define MAXPAIRS	16

static struct vdev	*vd;
static struct vnet	*vn;
static enum vnet_err	 err;

/* What the receive callback saw. */
static unsigned		 rx_frames[MAXPAIRS];
static uint8_t		 rx_last[2048];
static size_t		 rx_last_len;
static bool		 echo;

static void
rx(void *arg, unsigned pair, const uint8_t *frame, size_t len)
{
	(void)arg;
	ck_assert_uint_lt(pair, MAXPAIRS);
	ck_assert_uint_le(len, sizeof(rx_last));
	rx_frames[pair]++;
	memcpy(rx_last, frame, len);
	rx_last_len = len;
	if (echo)
		ck_assert_int_eq(vnet_transmit(vn, pair, frame, len), 0);
}

static void
deliver(void *arg, unsigned vector, unsigned cpu)
{
	(void)arg;
	if (vn != NULL)
		vnet_interrupt(vn, vector, cpu);
}

static void
setup(void)
{
	vd = NULL;
	vn = NULL;
	err = VNET_OK;
	memset(rx_frames, 0, sizeof(rx_frames));
	rx_last_len = 0;
	echo = false;
}

static void
teardown(void)
{
	if (vn != NULL)
		vnet_detach(vn);
	vn = NULL;
	if (vd != NULL) {
		if (vdev_broken(vd) != NULL)
			vdev_log_dump(vd, stderr);
		vdev_destroy(vd);
	}
	vd = NULL;
}

/* Creates the device, sets io-queues (NULL: absent) and attaches. */
static struct vnet *
attach(const struct vdev_knobs *k, const char *io_queues)
{
	vd = vdev_create(k);
	vdev_set_deliver(vd, deliver, NULL);
	if (io_queues != NULL)
		ck_assert_int_eq(vdev_manifest_set(vd, "en1", "io-queues",
		    io_queues), 0);
	vn = vnet_attach(vdev_pci(vd), "en1", 0, rx, NULL, &err);
	return (vn);
}

static unsigned
pairs(void)
{
	struct vnet_info	info;

	vnet_info(vn, &info);
	return (info.pairs);
}

static void
knobs(struct vdev_knobs *k, unsigned max_pairs, unsigned cpus)
{
	vdev_knobs_default(k);
	k->max_pairs = (uint16_t)max_pairs;
	k->cpus = cpus;
	k->msix_vectors = 0;	/* the default for max_pairs */
}

static void
assert_log(const char *s)
{
	if (!vdev_log_find(vd, s)) {
		vdev_log_dump(vd, stderr);
		ck_abort_msg("log has no line with \"%s\"", s);
	}
}

static void
frame(uint8_t *f, size_t len, unsigned pair, unsigned seq)
{
	size_t	i;

	memset(f, 0xff, 6);			/* destination */
	memcpy(f + 6, "\x52\x54\x00\xaa\xbb\xcc", 6);
	f[12] = 0x08;
	f[13] = 0x00;
	for (i = 14; i < len; i++)
		f[i] = (uint8_t)(pair * 31 + seq * 7 + i);
}

/*
 * io-queues values and what the driver must use: the shared clamp, a bad
 * value logged and replaced by the default.
 */
static const struct iq_case {
	const char	*value;		/* NULL: absent */
	unsigned	 max, cpus, want;
	const char	*log;
} iq_cases[] = {
	{ NULL, 4, 4, 4, "4 queue pairs (io-queues unset, device 4, cpus 4)" },
	{ NULL, 8, 2, 2, "2 queue pairs (io-queues unset, device 8, cpus 2)" },
	{ "1", 8, 4, 1, "1 queue pair (io-queues 1, device 8, cpus 4)" },
	{ "2", 8, 4, 2, "2 queue pairs (io-queues 2, device 8, cpus 4)" },
	{ "4", 4, 8, 4, "4 queue pairs (io-queues 4, device 4, cpus 8)" },
	{ "16", 4, 8, 4, "4 queue pairs (io-queues 16, device 4, cpus 8)" },
	{ "8", 16, 4, 4, "4 queue pairs (io-queues 8, device 16, cpus 4)" },
	{ "0", 4, 2, 2, "io-queues \"0\" is not a whole number" },
	{ "-1", 4, 2, 2, "io-queues \"-1\" is not a whole number" },
	{ "4abc", 8, 8, 8, "io-queues \"4abc\" is not a whole number" },
	{ "", 4, 4, 4, "io-queues \"\" is not a whole number" },
	{ " 4", 2, 4, 2, "io-queues \" 4\" is not a whole number" },
	{ "40000", 4, 4, 4, "io-queues \"40000\" is not a whole number" },
};

START_TEST(test_io_queues)
{
	const struct iq_case	*c = &iq_cases[_i];
	struct vdev_knobs	 k;
	uint32_t		 v = 0;

	knobs(&k, c->max, c->cpus);
	ck_assert_ptr_nonnull(attach(&k, c->value));
	ck_assert_uint_eq(pairs(), c->want);
	/* The planner's clamp gives the same answer as the driver. */
	(void)io_queues_parse(c->value, &v);
	ck_assert_uint_eq(io_queues_clamp(v, c->max, c->cpus), c->want);
	ck_assert_uint_eq(vdev_curr_pairs(vd), c->want);
	assert_log(c->log);
	ck_assert_ptr_null(vdev_broken(vd));
}
END_TEST

START_TEST(test_features_exact)
{
	struct vdev_knobs	k;
	struct vnet_info	info;

	knobs(&k, 4, 4);
	k.status = true;
	k.link_up = true;
	k.extra_features = F_MRG_RXBUF | F_EVENT_IDX | F_RING_PACKED;
	ck_assert_ptr_nonnull(attach(&k, NULL));
	ck_assert_uint_eq(vdev_driver_features(vd),
	    F_VERSION_1 | F_MAC | F_STATUS | F_CTRL_VQ | F_MQ);
	vnet_info(vn, &info);
	ck_assert(info.link_up);
	ck_assert(info.mq);
	ck_assert_uint_eq(info.max_pairs, 4);
	ck_assert_uint_eq(info.queue_size, 256);
	ck_assert_mem_eq(info.mac, "\x52\x54\x00\x12\x34\x56", 6);
	ck_assert_uint_eq(vdev_status(vd), 0x0f);
}
END_TEST

START_TEST(test_link_down)
{
	struct vdev_knobs	k;
	struct vnet_info	info;

	knobs(&k, 2, 2);
	k.status = true;
	k.link_up = false;
	ck_assert_ptr_nonnull(attach(&k, NULL));
	vnet_info(vn, &info);
	ck_assert(!info.link_up);
}
END_TEST

START_TEST(test_no_mq)
{
	struct vdev_knobs	k;

	knobs(&k, 4, 4);
	k.no_mq = true;
	ck_assert_ptr_nonnull(attach(&k, "4"));
	ck_assert_uint_eq(pairs(), 1);
	ck_assert_uint_eq(vdev_driver_features(vd) & F_MQ, 0);
	assert_log("io-queues 4 ignored: the device has no multiqueue");
	/* Without MQ the control queue is number 2 (virtio 1.2, 5.1.2). */
	ck_assert_uint_ne(vdev_queue_size_used(vd, 2), 0);
	ck_assert_uint_eq(vdev_queue_size_used(vd, 3), 0);
}
END_TEST

START_TEST(test_mq_without_ctrl_vq)
{
	struct vdev_knobs	k;

	/* MQ depends on CTRL_VQ: a device offering MQ alone gets neither. */
	knobs(&k, 4, 4);
	k.no_ctrl_vq = true;
	ck_assert_ptr_nonnull(attach(&k, "4"));
	ck_assert_uint_eq(pairs(), 1);
	ck_assert_uint_eq(vdev_driver_features(vd) & (F_MQ | F_CTRL_VQ), 0);
	ck_assert_ptr_null(vdev_broken(vd));
}
END_TEST

START_TEST(test_refused_pairs_set)
{
	struct vdev_knobs	k;
	struct vnet_info	info;
	uint8_t			f[100], out[200];

	knobs(&k, 4, 4);
	k.status = true;
	k.link_up = true;
	k.refuse_pairs_set = true;
	ck_assert_ptr_nonnull(attach(&k, "4"));
	ck_assert_uint_eq(pairs(), 1);
	ck_assert_uint_eq(vdev_curr_pairs(vd), 1);
	assert_log("VQ_PAIRS_SET 4 refused by the device; using 1 pair, "
	    "link up");
	vnet_info(vn, &info);
	ck_assert(info.link_up);
	/* The one pair works. */
	echo = true;
	frame(f, sizeof(f), 0, 1);
	ck_assert_int_eq(vdev_inject_rx(vd, 0, f, sizeof(f)), 0);
	ck_assert_uint_eq(rx_frames[0], 1);
	ck_assert_uint_eq(vdev_tx_pop(vd, 0, out, sizeof(out)), sizeof(f));
	ck_assert_mem_eq(out, f, sizeof(f));
	/* Transmitting on a pair the device did not enable is refused. */
	ck_assert_int_eq(vnet_transmit(vn, 1, f, sizeof(f)), -1);
}
END_TEST

START_TEST(test_ctrl_slow_and_silent)
{
	struct vdev_knobs	k;

	knobs(&k, 4, 4);
	k.ctrl_delay = 50;
	ck_assert_ptr_nonnull(attach(&k, NULL));
	ck_assert_uint_eq(pairs(), 4);
	teardown();

	knobs(&k, 4, 4);
	k.ctrl_delay = UINT_MAX;
	ck_assert_ptr_nonnull(attach(&k, NULL));
	ck_assert_uint_eq(pairs(), 1);
	assert_log("VQ_PAIRS_SET 4 not answered within 200 ms; using 1 pair");
}
END_TEST

START_TEST(test_bad_max_pairs)
{
	static const uint16_t	bad[] = { 0, 0x8001, 0xffff };
	struct vdev_knobs	k;
	char			want[80];

	knobs(&k, bad[_i], 4);
	k.msix_vectors = 10;
	ck_assert_ptr_nonnull(attach(&k, "2"));
	ck_assert_uint_eq(pairs(), 1);
	ck_assert_uint_eq(vdev_driver_features(vd) & F_MQ, 0);
	snprintf(want, sizeof(want), "max_virtqueue_pairs %u, outside "
	    "1..32768: multiqueue off", bad[_i]);
	assert_log(want);
	ck_assert_ptr_null(vdev_broken(vd));
}
END_TEST

/*
 * Devices the driver must refuse: the attach fails with the error and log
 * line given, the device is reset and every byte is given back.
 */
static const struct refusal {
	int		 queue_size;	/* -1: the default */
	int		 num_queues;	/* 0: the true count */
	int		 msix_vectors;	/* 0: the default */
	bool		 refuse_features;
	bool		 refuse_vectors;
	enum vnet_err	 err;
	const char	*log;
} refusals[] = {
	{ 0, 0, 0, false, false, VNET_EDEVICE, "queue 0 does not exist" },
	{ 100, 0, 0, false, false, VNET_EDEVICE,
	    "queue 0 size is not a power of two: 100" },
	{ 1, 0, 0, false, false, VNET_EDEVICE,
	    "queue 0 is too small: size 1" },
	{ -1, 5, 0, false, false, VNET_EDEVICE,
	    "device has 5 queues, needs 9" },
	{ -1, 0, 0, true, false, VNET_EDEVICE,
	    "device refused features 0x100420020" },
	{ -1, 0, 0, false, true, VNET_ENOVEC,
	    "device refused the configuration MSI-X vector" },
	{ -1, 0, 2, false, false, VNET_ENOVEC,
	    "MSI-X table has fewer than 3 vectors" },
};

START_TEST(test_refused)
{
	const struct refusal	*c = &refusals[_i];
	struct vdev_knobs	 k;

	knobs(&k, 4, 4);
	if (c->queue_size >= 0)
		k.queue_size = (uint16_t)c->queue_size;
	k.num_queues = (uint16_t)c->num_queues;
	k.msix_vectors = (uint16_t)c->msix_vectors;
	k.refuse_features = c->refuse_features;
	k.vectors_refused = c->refuse_vectors;
	ck_assert_ptr_null(attach(&k, NULL));
	ck_assert_int_eq(err, c->err);
	assert_log(c->log);
	ck_assert_uint_eq(vdev_status(vd), 0);
	ck_assert_uint_eq(vdev_dma_outstanding(vd), 0);
}
END_TEST

START_TEST(test_few_vectors)
{
	struct vdev_knobs	k;

	/* Five vectors: config plus two pairs' receive and transmit. */
	knobs(&k, 4, 4);
	k.msix_vectors = 5;
	ck_assert_ptr_nonnull(attach(&k, NULL));
	ck_assert_uint_eq(pairs(), 2);
	assert_log("MSI-X table has 5 vectors: enough for 2 pairs");
	ck_assert_uint_eq(vdev_curr_pairs(vd), 2);
}
END_TEST

START_TEST(test_generation_loop)
{
	struct vdev_knobs	k;

	knobs(&k, 4, 4);
	k.config_generation_flips = 3;
	ck_assert_ptr_nonnull(attach(&k, NULL));
	ck_assert_uint_eq(pairs(), 4);
	ck_assert_ptr_null(vdev_broken(vd));
}
END_TEST

START_TEST(test_transitional_and_match)
{
	struct vdev_knobs	k;

	knobs(&k, 2, 2);
	k.device_id = 0x1000;
	ck_assert_ptr_nonnull(attach(&k, NULL));
	ck_assert(vnet_match(vdev_pci(vd)));
	ck_assert_uint_eq(pairs(), 2);
	/* Nothing answers at another address. */
	ck_assert(!vnet_match(vdev_pci(vd) + 8));
}
END_TEST

START_TEST(test_bar_above_4g)
{
	struct vdev_knobs	k;

	knobs(&k, 2, 2);
	k.bar_high = true;
	ck_assert_ptr_nonnull(attach(&k, NULL));
	ck_assert_uint_eq(pairs(), 2);
}
END_TEST

/* Frames in on every receive queue, echoed out on the same pair. */
START_TEST(test_round_trip)
{
	static const unsigned	npairs[] = { 1, 2, 4, 8 };
	struct vdev_knobs	k;
	struct vnet_qstats	st;
	uint8_t			f[600], out[2048];
	unsigned		n = npairs[_i], p, i, frames = 40;

	knobs(&k, 8, n);
	ck_assert_ptr_nonnull(attach(&k, NULL));
	ck_assert_uint_eq(pairs(), n);
	echo = true;
	for (i = 0; i < frames; i++)
		for (p = 0; p < n; p++) {
			frame(f, 60 + (i * 13 + p) % 540, p, i);
			ck_assert_int_eq(vdev_inject_rx(vd, p, f,
			    60 + (i * 13 + p) % 540), 0);
			ck_assert_uint_eq(vdev_tx_pop(vd, p, out, sizeof(out)),
			    60 + (i * 13 + p) % 540);
			ck_assert_mem_eq(out, f, 60 + (i * 13 + p) % 540);
		}
	for (p = 0; p < n; p++) {
		ck_assert_uint_eq(rx_frames[p], frames);
		ck_assert(vnet_qstats(vn, p, false, &st));
		ck_assert_uint_eq(st.packets, frames);
		ck_assert_uint_eq(st.interrupts, frames);
		ck_assert_uint_eq(st.errors, 0);
		ck_assert(vnet_qstats(vn, p, true, &st));
		ck_assert_uint_eq(st.packets, frames);
		ck_assert_uint_eq(st.drops, 0);
	}
	/* Pairs the device does not have cannot be used. */
	ck_assert_int_eq(vdev_inject_rx(vd, n, f, 60), -1);
	ck_assert(!vnet_qstats(vn, n, false, &st));
	ck_assert_ptr_null(vdev_broken(vd));
}
END_TEST

/* More frames than the ring holds: buffers are given back and reused. */
START_TEST(test_ring_wraps)
{
	struct vdev_knobs	k;
	struct vnet_qstats	st;
	uint8_t			f[64], out[128];
	unsigned		i;

	knobs(&k, 1, 1);
	k.queue_size = 64;
	ck_assert_ptr_nonnull(attach(&k, NULL));
	echo = true;
	for (i = 0; i < 70000; i++) {
		frame(f, sizeof(f), 0, i);
		ck_assert_int_eq(vdev_inject_rx(vd, 0, f, sizeof(f)), 0);
		ck_assert_uint_eq(vdev_tx_pop(vd, 0, out, sizeof(out)),
		    sizeof(f));
	}
	ck_assert(vnet_qstats(vn, 0, false, &st));
	ck_assert_uint_eq(st.packets, 70000);
	ck_assert_uint_eq(st.bytes, 70000 * sizeof(f));
}
END_TEST

START_TEST(test_transmit_limits)
{
	struct vdev_knobs	k;
	struct vnet_qstats	st;
	uint8_t			f[VNET_FRAME_MAX + 1];

	knobs(&k, 2, 2);
	ck_assert_ptr_nonnull(attach(&k, NULL));
	frame(f, sizeof(f), 0, 0);
	ck_assert_int_eq(vnet_transmit(vn, 0, f, VNET_FRAME_MAX + 1), -1);
	ck_assert_int_eq(vnet_transmit(vn, 0, f, 0), -1);
	ck_assert_int_eq(vnet_transmit(vn, 0, f, VNET_FRAME_MAX), 0);
	ck_assert(vnet_qstats(vn, 0, true, &st));
	ck_assert_uint_eq(st.drops, 2);
	ck_assert_uint_eq(st.packets, 1);
	ck_assert_uint_eq(st.bytes, VNET_FRAME_MAX);
}
END_TEST

/* Pair p's vectors aim at CPU p; the interrupts land there. */
START_TEST(test_msix_targets)
{
	struct vdev_knobs	k;
	uint8_t			f[80];
	unsigned		p, c;

	knobs(&k, 8, 4);
	ck_assert_ptr_nonnull(attach(&k, "3"));
	ck_assert_uint_eq(pairs(), 3);
	ck_assert_uint_eq(vnet_vector_cpu(vn, VNET_VECTOR_CONFIG), 0);
	for (p = 0; p < 3; p++) {
		ck_assert_uint_eq(vdev_queue_vector(vd, 2 * p),
		    VNET_VECTOR_RX(p));
		ck_assert_uint_eq(vdev_queue_vector(vd, 2 * p + 1),
		    VNET_VECTOR_TX(p));
		ck_assert_uint_eq(vnet_vector_cpu(vn, VNET_VECTOR_RX(p)), p);
		ck_assert_uint_eq(vnet_vector_cpu(vn, VNET_VECTOR_TX(p)), p);
		frame(f, sizeof(f), p, 0);
		for (c = 0; c <= p; c++)
			ck_assert_int_eq(vdev_inject_rx(vd, p, f, sizeof(f)),
			    0);
	}
	for (p = 0; p < 3; p++)
		for (c = 0; c < 4; c++) {
			ck_assert_uint_eq(vdev_msi_count(vd, VNET_VECTOR_RX(p),
			    c), c == p ? p + 1 : 0);
			ck_assert_uint_eq(vnet_intr_count(vn, VNET_VECTOR_RX(p),
			    c), c == p ? p + 1 : 0);
		}
	/* The control queue is polled: no vector. */
	ck_assert_uint_eq(vdev_queue_vector(vd, 16), 0xffff);
	ck_assert_uint_eq(vdev_msi_masked(vd, VNET_VECTOR_RX(0)), 0);
}
END_TEST

/* A used entry the driver cannot trust stops that queue, and only it. */
START_TEST(test_corrupt_used)
{
	static const struct {
		enum vdev_corruption	 c;
		const char		*log;
	} c[] = {
		{ VDEV_ID_OUT_OF_RANGE, "rxq 1: used id 263 out of range "
		    "(ring of 256); queue stopped" },
		{ VDEV_LEN_TOO_LARGE, "rxq 1: used length 1626 exceeds the "
		    "buffer; queue stopped" },
	};
	struct vdev_knobs	k;
	struct vnet_qstats	st;
	uint8_t			f[100];

	knobs(&k, 2, 2);
	ck_assert_ptr_nonnull(attach(&k, NULL));
	frame(f, sizeof(f), 1, 0);
	ck_assert_int_eq(vdev_inject_rx(vd, 1, f, sizeof(f)), 0);
	ck_assert_uint_eq(rx_frames[1], 1);
	vdev_corrupt_next(vd, 2, c[_i].c);
	(void)vdev_inject_rx(vd, 1, f, sizeof(f));
	ck_assert_uint_eq(rx_frames[1], 1);
	assert_log(c[_i].log);
	ck_assert(vnet_qstats(vn, 1, false, &st));
	ck_assert_uint_eq(st.errors, 1);
	ck_assert_uint_eq(st.packets, 1);
	/* Stopped: later frames are not taken from the ring. */
	(void)vdev_inject_rx(vd, 1, f, sizeof(f));
	ck_assert_uint_eq(rx_frames[1], 1);
	/* Pair 0 still works. */
	ck_assert_int_eq(vdev_inject_rx(vd, 0, f, sizeof(f)), 0);
	ck_assert_uint_eq(rx_frames[0], 1);
}
END_TEST

/*
 * A used id the driver never gave out.  Every receive descriptor is always
 * with the device, so this is a transmit queue case: the next transmit
 * takes back what the device returned and must refuse it.
 */
START_TEST(test_used_not_in_flight)
{
	struct vdev_knobs	k;
	struct vnet_qstats	st;
	uint8_t			f[100], out[200];

	knobs(&k, 2, 2);
	ck_assert_ptr_nonnull(attach(&k, NULL));
	frame(f, sizeof(f), 1, 0);
	vdev_corrupt_next(vd, 3, VDEV_ID_NOT_IN_FLIGHT);
	ck_assert_int_eq(vnet_transmit(vn, 1, f, sizeof(f)), 0);
	ck_assert_uint_eq(vdev_tx_pop(vd, 1, out, sizeof(out)), sizeof(f));
	ck_assert_int_eq(vnet_transmit(vn, 1, f, sizeof(f)), -1);
	assert_log("txq 1: used id 1 is not a buffer the device holds; "
	    "queue stopped");
	ck_assert(vnet_qstats(vn, 1, true, &st));
	ck_assert_uint_eq(st.errors, 1);
	ck_assert_uint_eq(st.drops, 1);
	/* Pair 0 still sends. */
	ck_assert_int_eq(vnet_transmit(vn, 0, f, sizeof(f)), 0);
}
END_TEST

START_TEST(test_detach_gives_back)
{
	struct vdev_knobs	k;

	knobs(&k, 8, 8);
	ck_assert_ptr_nonnull(attach(&k, NULL));
	ck_assert_uint_gt(vdev_dma_outstanding(vd), 8 * 256 * 1536);
	vnet_detach(vn);
	vn = NULL;
	ck_assert_uint_eq(vdev_dma_outstanding(vd), 0);
	ck_assert_uint_eq(vdev_status(vd), 0);
}
END_TEST

/*
 * Several devices: what the machine routes each of its vectors to, as
 * tests/guest/hal.c does, from the range each vnet took.
 */
#define NDEV	2
static struct vdev	*mvd[NDEV];
static struct vnet	*mvn[NDEV];
static unsigned		 mrx[NDEV][MAXPAIRS];

static void
mrx_fn(void *arg, unsigned pair, const uint8_t *frame, size_t len)
{
	unsigned	*counts = arg;

	(void)frame;
	(void)len;
	ck_assert_uint_lt(pair, MAXPAIRS);
	counts[pair]++;
}

static void
mdeliver(void *arg, unsigned vector, unsigned cpu)
{
	struct vnet_info info;
	unsigned	 d, base;

	(void)arg;
	for (d = 0; d < NDEV; d++) {
		if (mvn[d] == NULL)
			continue;
		vnet_info(mvn[d], &info);
		base = vnet_vector_base(mvn[d]);
		if (vector >= base && vector < base + 1 + 2 * info.pairs) {
			vnet_interrupt(mvn[d], vector - base, cpu);
			return;
		}
	}
	ck_abort_msg("vector %u reaches no device", vector);
}

/*
 * Two devices as en1 and en2: each reads its own tuple, takes its own
 * vector range, and its pairs follow the other's on the CPUs
 * (mqplan-driver(4), CPUS): pair p of en2 on CPU (pairs of en1 + p) mod
 * CPUs.  A frame on a queue of one device interrupts that device on that
 * pair's CPU and counts nowhere else.
 */
static const struct multi_case {
	unsigned	 cpus, max1, max2;
	const char	*iq1, *iq2;	/* NULL: absent */
	unsigned	 pairs1, pairs2;
} multi_cases[] = {
	{ 8, 4, 4, "3", NULL, 3, 4 },	/* en2 from CPU 3: 3..6 */
	{ 4, 4, 4, "3", "2", 3, 2 },	/* en2 on 3, 0 (wraps) */
	{ 4, 2, 8, NULL, "9", 2, 4 },	/* en2's value above its device */
};

START_TEST(test_two_devices)
{
	const struct multi_case *c = &multi_cases[_i];
	struct vdev_knobs k;
	struct vnet_info info;
	uint8_t		 f[80];
	unsigned	 d, p, cpu, first, b0, b1, n0, n1, pairs[NDEV];
	const char	*names[NDEV] = { "en1", "en2" };

	for (d = 0; d < NDEV; d++) {
		knobs(&k, d == 0 ? c->max1 : c->max2, c->cpus);
		k.slot = (uint8_t)(d + 1);
		mvd[d] = vdev_create(&k);
		vdev_set_deliver(mvd[d], mdeliver, NULL);
		/* The machine's manifest: both tuples, each device reads its own. */
		if (c->iq1 != NULL)
			ck_assert_int_eq(vdev_manifest_set(mvd[d], "en1",
			    "io-queues", c->iq1), 0);
		if (c->iq2 != NULL)
			ck_assert_int_eq(vdev_manifest_set(mvd[d], "en2",
			    "io-queues", c->iq2), 0);
	}
	ck_assert_uint_ne(vdev_pci(mvd[0]), vdev_pci(mvd[1]));
	first = 0;
	for (d = 0; d < NDEV; d++) {
		vdev_select(mvd[d]);
		mvn[d] = vnet_attach(vdev_pci(mvd[d]), names[d], first,
		    mrx_fn, mrx[d], &err);
		ck_assert_ptr_nonnull(mvn[d]);
		vnet_info(mvn[d], &info);
		pairs[d] = info.pairs;
		first = vnet_next_cpu(mvn[d]);
	}
	ck_assert_uint_eq(pairs[0], c->pairs1);
	ck_assert_uint_eq(pairs[1], c->pairs2);

	/* Separate vector ranges, each as long as the device's table use. */
	b0 = vnet_vector_base(mvn[0]);
	b1 = vnet_vector_base(mvn[1]);
	n0 = vdev_msi_held(mvd[0]);
	n1 = vdev_msi_held(mvd[1]);
	ck_assert_uint_eq(n0, 1 + 2 * pairs[0]);
	ck_assert_uint_eq(n1, 1 + 2 * pairs[1]);
	ck_assert_msg(b0 + n0 <= b1 || b1 + n1 <= b0,
	    "vector ranges %u+%u and %u+%u overlap", b0, n0, b1, n1);

	/* The spread: en1 from CPU 0, en2 from the CPU after en1's last. */
	for (d = 0; d < NDEV; d++) {
		first = d == 0 ? 0 : pairs[0] % c->cpus;
		ck_assert_uint_eq(vnet_vector_cpu(mvn[d], VNET_VECTOR_CONFIG),
		    first);
		for (p = 0; p < pairs[d]; p++) {
			cpu = (first + p) % c->cpus;
			ck_assert_uint_eq(vnet_vector_cpu(mvn[d],
			    VNET_VECTOR_RX(p)), cpu);
			ck_assert_uint_eq(vnet_vector_cpu(mvn[d],
			    VNET_VECTOR_TX(p)), cpu);
		}
	}

	/* A frame on each pair of each device: its device, its CPU only. */
	for (d = 0; d < NDEV; d++) {
		first = d == 0 ? 0 : pairs[0] % c->cpus;
		for (p = 0; p < pairs[d]; p++) {
			frame(f, sizeof(f), p, d);
			ck_assert_int_eq(vdev_inject_rx(mvd[d], p, f,
			    sizeof(f)), 0);
			ck_assert_uint_eq(mrx[d][p], 1);
			ck_assert_uint_eq(mrx[1 - d][p < MAXPAIRS ? p : 0],
			    d == 0 ? 0 : p < pairs[0] ? 1 : 0);
			for (cpu = 0; cpu < c->cpus; cpu++)
				ck_assert_uint_eq(vnet_intr_count(mvn[d],
				    VNET_VECTOR_RX(p), cpu),
				    cpu == (first + p) % c->cpus ? 1 : 0);
		}
	}
	for (d = 0; d < NDEV; d++)
		ck_assert_ptr_null(vdev_broken(mvd[d]));

	/* Detached, each device gives its vectors back. */
	for (d = 0; d < NDEV; d++) {
		vdev_select(mvd[d]);
		vnet_detach(mvn[d]);
		mvn[d] = NULL;
		ck_assert_uint_eq(vdev_msi_held(mvd[d]), 0);
		ck_assert_uint_eq(vdev_dma_outstanding(mvd[d]), 0);
		vdev_destroy(mvd[d]);
		mvd[d] = NULL;
	}
}
END_TEST

/* An empty line, as logline_start leaves one but without the prefix. */
static struct logline *
empty(struct logline *l)
{
	l->len = 0;
	l->buf[0] = '\0';
	return (l);
}

START_TEST(test_logline_conversions)
{
	struct logline	l;

	logline_fmt(empty(&l), "%s|%u|%x|%llu|%llx|%%", "en1", 0u, 0u, 0ull,
	    0ull);
	ck_assert_str_eq(l.buf, "en1|0|0|0|0|%");
	logline_fmt(empty(&l), "%u %x", UINT_MAX, 0xdeadbeefu);
	ck_assert_str_eq(l.buf, "4294967295 deadbeef");
	/* Wider than 32 bits, as the feature words are. */
	logline_fmt(empty(&l), "%llu 0x%llx", 18446744073709551615ull,
	    (unsigned long long)(F_VERSION_1 | F_MQ | F_MAC));
	ck_assert_str_eq(l.buf, "18446744073709551615 0x100400020");
	/* Numbers smaller than a power of ten keep their zeros. */
	logline_fmt(empty(&l), "%u %u %llu %x", 10u, 1000000007u,
	    10000000000000000000ull, 0x10u);
	ck_assert_str_eq(l.buf, "10 1000000007 10000000000000000000 10");
	/* Appends; logline_start gives the driver's prefix. */
	logline_start(&l, "en2");
	logline_fmt(&l, "%u queue %s", 1u, "pair");
	logline_fmt(&l, ", %s", "done");
	ck_assert_str_eq(l.buf, "vnet en2: 1 queue pair, done");
	ck_assert_uint_eq(l.len, strlen(l.buf));
	logline_fmt(empty(&l), "%s", (const char *)NULL);
	ck_assert_str_eq(l.buf, "(null)");
}
END_TEST

START_TEST(test_logline_quoted)
{
	struct logline	l;

	logline_fmt(empty(&l), "%q %q", "4abc", "");
	ck_assert_str_eq(l.buf, "\"4abc\" \"\"");
	logline_fmt(empty(&l), "%q", "a\"b\\c\n\x7f\xff ~");
	ck_assert_str_eq(l.buf, "\"a\\\"b\\\\c\\x0a\\x7f\\xff ~\"");
	/* 32 bytes are shown whole; from 33 on, the first 32 and "...". */
	logline_fmt(empty(&l), "%q", "0123456789abcdef0123456789abcdef");
	ck_assert_str_eq(l.buf, "\"0123456789abcdef0123456789abcdef\"");
	logline_fmt(empty(&l), "%q", "0123456789abcdef0123456789abcdefX");
	ck_assert_str_eq(l.buf, "\"0123456789abcdef0123456789abcdef...\"");
}
END_TEST

START_TEST(test_logline_truncated)
{
	struct logline	l;
	char		long_s[2 * LOGLINE_MAX + 1], want[LOGLINE_MAX];

	/*
	 * A write past buf would land in len (and SANITIZE=1 builds would
	 * stop on it): len is checked after every step.
	 */
	memset(long_s, 'a', sizeof(long_s) - 1);
	long_s[sizeof(long_s) - 1] = '\0';
	/* A string longer than the line is cut, NUL-terminated. */
	logline_fmt(empty(&l), "%s", long_s);
	ck_assert_uint_eq(l.len, LOGLINE_MAX - 1);
	ck_assert_uint_eq(strlen(l.buf), LOGLINE_MAX - 1);
	/* A full line takes nothing more, from any conversion. */
	logline_fmt(&l, "x%u%q%s%llx%%", 7u, "q", "s", 0xffull);
	ck_assert_uint_eq(l.len, LOGLINE_MAX - 1);
	ck_assert_uint_eq(strspn(l.buf, "a"), LOGLINE_MAX - 1);
	ck_assert_uint_eq(strlen(l.buf), LOGLINE_MAX - 1);
	/* A number at the end is cut after its leading digits. */
	memset(want, 'b', LOGLINE_MAX - 3);
	want[LOGLINE_MAX - 3] = '\0';
	logline_fmt(empty(&l), "%s%u", want, 12345u);
	ck_assert_uint_eq(l.len, LOGLINE_MAX - 1);
	ck_assert_str_eq(l.buf + LOGLINE_MAX - 3, "12");
	/* So is a quoted string, closing quote and all. */
	logline_fmt(empty(&l), "%s%q", want, "xyz");
	ck_assert_uint_eq(l.len, LOGLINE_MAX - 1);
	ck_assert_str_eq(l.buf + LOGLINE_MAX - 3, "\"x");
}
END_TEST

START_TEST(test_logline_unknown)
{
	struct logline	l;

	/* Copied as they are, taking no argument: %q and %u get theirs. */
	logline_fmt(empty(&l), "%d|%lld|%ll|%q|%u|%", "x", 7u);
	ck_assert_str_eq(l.buf, "%d|%lld|%ll|\"x\"|7|%");
}
END_TEST

static Suite *
driver_suite(void)
{
	Suite	*s = suite_create("driver");
	TCase	*tc;

	tc = tcase_create("decision");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_io_queues, 0,
	    sizeof(iq_cases) / sizeof(iq_cases[0]));
	tcase_add_test(tc, test_features_exact);
	tcase_add_test(tc, test_link_down);
	tcase_add_test(tc, test_no_mq);
	tcase_add_test(tc, test_mq_without_ctrl_vq);
	tcase_add_test(tc, test_refused_pairs_set);
	tcase_add_test(tc, test_ctrl_slow_and_silent);
	tcase_add_test(tc, test_few_vectors);
	tcase_add_test(tc, test_transitional_and_match);
	tcase_add_test(tc, test_bar_above_4g);
	suite_add_tcase(s, tc);

	tc = tcase_create("hardening");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_bad_max_pairs, 0, 3);
	tcase_add_loop_test(tc, test_refused, 0,
	    sizeof(refusals) / sizeof(refusals[0]));
	tcase_add_test(tc, test_generation_loop);
	tcase_add_loop_test(tc, test_corrupt_used, 0, 2);
	tcase_add_test(tc, test_used_not_in_flight);
	suite_add_tcase(s, tc);

	tc = tcase_create("datapath");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_round_trip, 0, 4);
	tcase_add_test(tc, test_ring_wraps);
	tcase_add_test(tc, test_transmit_limits);
	tcase_add_test(tc, test_msix_targets);
	tcase_add_test(tc, test_detach_gives_back);
	tcase_add_loop_test(tc, test_two_devices, 0,
	    sizeof(multi_cases) / sizeof(multi_cases[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("logline");
	tcase_add_test(tc, test_logline_conversions);
	tcase_add_test(tc, test_logline_quoted);
	tcase_add_test(tc, test_logline_truncated);
	tcase_add_test(tc, test_logline_unknown);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (check_main(driver_suite()));
}
