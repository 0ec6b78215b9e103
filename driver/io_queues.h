/*
 * The guest-side queue rule, shared by the in-guest driver and the planner
 * so that what mqplan predicts is what the driver does.
 *
 * Freestanding: no libc, no allocation; only <stdint.h> and <stdbool.h>.
 *
 * The rule (Nanos virtio-net, ../shared/reference/nanos-ops.md 1.2): a
 * guest uses
 *
 *	min(io-queues if set and valid else device queues, device queues, CPUs)
 *
 * queue pairs.  The CPU cap cannot be overridden.  Unlike Nanos, which reads
 * "4abc" as 4 and " 4" as unset without a word, the value is parsed
 * strictly here, and the caller reports a rejected value.
 */
#ifndef DRIVER_IO_QUEUES_H
#define DRIVER_IO_QUEUES_H

#include <stdbool.h>
#include <stdint.h>

/* VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MAX: the most pairs virtio-net can have. */
#define IO_QUEUES_MAX	0x8000u

/*
 * Parses an io-queues manifest value: one or more ASCII decimal digits and
 * nothing else, from 1 to IO_QUEUES_MAX.  On success stores the value in
 * *out and returns true; otherwise returns false and leaves *out alone.
 * A NULL s is "not set" and returns false.
 */
static inline bool
io_queues_parse(const char *s, uint32_t *out)
{
	uint32_t	v = 0;

	if (s == 0 || *s == '\0')
		return (false);
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return (false);
		v = v * 10 + (uint32_t)(*s - '0');
		/* Stop before v can overflow: any longer value is too big. */
		if (v > IO_QUEUES_MAX)
			return (false);
	}
	if (v == 0)
		return (false);
	*out = v;
	return (true);
}

/*
 * The queue pairs a guest uses on a device offering device_max pairs with
 * cpus CPUs, given the io-queues value requested (0 = not set, or rejected
 * by io_queues_parse).  A device without multiqueue offers 1.
 *
 * Returns a value from 1 to min(device_max, cpus); returns 0 only when
 * device_max or cpus is 0, which no valid device or machine has: the
 * caller must treat that as an error, not as "no queues".
 */
static inline uint32_t
io_queues_clamp(uint32_t requested, uint32_t device_max, uint32_t cpus)
{
	uint32_t	q;

	if (device_max == 0 || cpus == 0)
		return (0);
	q = requested != 0 ? requested : device_max;
	if (q > device_max)
		q = device_max;
	if (q > cpus)
		q = cpus;
	return (q);
}

#endif /* DRIVER_IO_QUEUES_H */
