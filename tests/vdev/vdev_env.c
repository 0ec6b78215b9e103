/*
 * The machine around the device: DMA memory with bus addresses of its
 * own, the CPUs, the manifest, the log, time and memory barriers.
 *
 * Bus addresses are a running counter from 0x40000000, unrelated to the
 * host pointers and with a guard gap between allocations, so a driver
 * that hands the device a virtual address, or runs off the end of a
 * buffer into the next, is caught by vdev_dma_find.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/vdev/vdev_impl.h"

#define DMA_GUARD		0x1000u
/* Bus addresses stay below 4 GiB, where a 32-bit guest can reach them. */
#define DMA_LIMIT		0x100000000ull
/* A driver that polls this long in total has no bound on its polling. */
#define DELAY_LIMIT_US		(3600ull * 1000000)

/* The allocation holding [bus, bus + len), or NULL; the table is sorted. */
const struct vdev_dma *
vdev_dma_find(const struct vdev *vd, uint64_t bus, size_t len)
{
	size_t			 lo = 0, hi = vd->ndma, mid;
	const struct vdev_dma	*d;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (vd->dma[mid].bus <= bus)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return (NULL);
	d = &vd->dma[lo - 1];
	if (len > d->len || bus - d->bus > d->len - len)
		return (NULL);
	return (d);
}

void *
hal_dma_alloc(size_t len, size_t align, uint64_t *phys)
{
	struct vdev	*vd = vdev_need("hal_dma_alloc");
	struct vdev_dma	*nd;
	void		*p;
	uint64_t	 bus;
	size_t		 a;

	if (len == 0 || align == 0 || (align & (align - 1)) != 0 ||
	    align > 4096 || phys == NULL)
		vdev_die("hal_dma_alloc(%zu, %zu, %p): bad arguments", len,
		    align, (void *)phys);
	if (vd->dma_fail_after == 0)
		return (NULL);
	if (vd->dma_fail_after != UINT_MAX)
		vd->dma_fail_after--;
	bus = (vd->dma_next + align - 1) & ~(uint64_t)(align - 1);
	if (len > DMA_LIMIT || bus > DMA_LIMIT - len)
		return (NULL);
	if (vd->ndma == vd->dmacap) {
		vd->dmacap = vd->dmacap ? vd->dmacap * 2 : 64;
		if ((nd = realloc(vd->dma, vd->dmacap * sizeof(*nd))) == NULL)
			vdev_die("out of memory");
		vd->dma = nd;
	}
	a = align < sizeof(void *) ? sizeof(void *) : align;
	if (posix_memalign(&p, a, len) != 0)
		return (NULL);
	memset(p, 0, len);
	vd->dma[vd->ndma].ptr = p;
	vd->dma[vd->ndma].bus = bus;
	vd->dma[vd->ndma].len = len;
	vd->ndma++;
	vd->dma_next = bus + len + DMA_GUARD;
	vd->dma_bytes += len;
	*phys = bus;
	return (p);
}

/* Freeing what was not given, or with another length, is a driver bug. */
void
hal_dma_free(void *p, size_t len)
{
	struct vdev	*vd = vdev_need("hal_dma_free");
	size_t		 i;

	for (i = vd->ndma; i > 0; i--)
		if (vd->dma[i - 1].ptr == p)
			break;
	if (i == 0)
		vdev_die("hal_dma_free(%p, %zu): not a live allocation", p,
		    len);
	i--;
	if (vd->dma[i].len != len)
		vdev_die("hal_dma_free(%p, %zu): allocated with length %zu", p,
		    len, vd->dma[i].len);
	/* Stale data is easier to notice than zeroes without ASan. */
	memset(p, 0xA5, len);
	free(p);
	memmove(&vd->dma[i], &vd->dma[i + 1],
	    (vd->ndma - i - 1) * sizeof(vd->dma[0]));
	vd->ndma--;
	vd->dma_bytes -= len;
}

size_t
vdev_dma_outstanding(const struct vdev *vd)
{
	return (vd->dma_bytes);
}

void
vdev_dma_fail_after(struct vdev *vd, unsigned n)
{
	vd->dma_fail_after = n;
}

unsigned
hal_cpu_count(void)
{
	return (vdev_need("hal_cpu_count")->k.cpus);
}

static struct vdev_mf *
mf_find(const struct vdev *vd, const char *ifname, const char *key)
{
	size_t	i;

	for (i = 0; i < vd->nmf; i++)
		if (strcmp(vd->mf[i].ifname, ifname) == 0 &&
		    strcmp(vd->mf[i].key, key) == 0)
			return (&vd->mf[i]);
	return (NULL);
}

/* An old value may still be held by the driver: keep it until destroy. */
static int
retire(struct vdev *vd, char *s)
{
	char	**nr;

	if ((nr = realloc(vd->retired, (vd->nretired + 1) *
	    sizeof(*nr))) == NULL)
		return (-1);
	vd->retired = nr;
	vd->retired[vd->nretired++] = s;
	return (0);
}

int
vdev_manifest_set(struct vdev *vd, const char *ifname, const char *key,
    const char *value)
{
	struct vdev_mf	*m, *nm;
	char		*v = NULL;
	int		 rc = -1;

	if (ifname == NULL || key == NULL)
		vdev_die("vdev_manifest_set: NULL ifname or key");
	if (value != NULL && (v = strdup(value)) == NULL)
		goto out;
	if ((m = mf_find(vd, ifname, key)) != NULL) {
		if (retire(vd, m->value) == -1)
			goto out;
		if (v == NULL) {
			free(m->ifname);
			free(m->key);
			*m = vd->mf[--vd->nmf];
		} else
			m->value = v;
		v = NULL;
		rc = 0;
		goto out;
	}
	if (v == NULL) {
		rc = 0;
		goto out;
	}
	if ((nm = realloc(vd->mf, (vd->nmf + 1) * sizeof(*nm))) == NULL)
		goto out;
	vd->mf = nm;
	m = &vd->mf[vd->nmf];
	m->ifname = strdup(ifname);
	m->key = strdup(key);
	if (m->ifname == NULL || m->key == NULL) {
		free(m->ifname);
		free(m->key);
		goto out;
	}
	m->value = v;
	v = NULL;
	vd->nmf++;
	rc = 0;
out:
	free(v);
	return (rc);
}

const char *
hal_manifest_get(const char *ifname, const char *key)
{
	struct vdev_mf	*m;

	if (ifname == NULL || key == NULL)
		vdev_die("hal_manifest_get: NULL ifname or key");
	if (vdev_cur == NULL || (m = mf_find(vdev_cur, ifname, key)) == NULL)
		return (NULL);
	return (m->value);
}

void
hal_log(const char *line)
{
	struct vdev	*vd = vdev_cur;
	char		**nl, *s;

	if (line == NULL)
		vdev_die("hal_log(NULL)");
	if (vd == NULL || getenv("VDEV_VERBOSE") != NULL)
		fprintf(stderr, "vnet: %s\n", line);
	if (vd == NULL)
		return;
	if (vd->nlog == vd->logcap) {
		vd->logcap = vd->logcap ? vd->logcap * 2 : 32;
		if ((nl = realloc(vd->log, vd->logcap * sizeof(*nl))) == NULL)
			vdev_die("out of memory");
		vd->log = nl;
	}
	if ((s = strdup(line)) == NULL)
		vdev_die("out of memory");
	vd->log[vd->nlog++] = s;
}

bool
vdev_log_find(const struct vdev *vd, const char *substring)
{
	size_t	i;

	for (i = 0; i < vd->nlog; i++)
		if (strstr(vd->log[i], substring) != NULL)
			return (true);
	return (false);
}

void
vdev_log_dump(const struct vdev *vd, FILE *fp)
{
	size_t	i;

	for (i = 0; i < vd->nlog; i++)
		fprintf(fp, "%s\n", vd->log[i]);
}

/*
 * No time passes: a delay is counted, and it is what makes a delayed
 * control queue answer.
 */
void
hal_delay_us(unsigned us)
{
	struct vdev	*vd = vdev_cur;

	if (vd == NULL)
		return;
	vdev_enter(vd);
	vd->delay_calls++;
	vd->delay_total += us;
	if (vd->delay_total > DELAY_LIMIT_US)
		vdev_die("hal_delay_us: the driver has waited %" PRIu64 " us "
		    "in all; it polls without a bound", vd->delay_total);
	vdev_net_tick(vd);
	vdev_leave(vd);
}

uint64_t
vdev_delay_calls(const struct vdev *vd)
{
	return (vd->delay_calls);
}

uint64_t
vdev_delay_us(const struct vdev *vd)
{
	return (vd->delay_total);
}

void
hal_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void
hal_rmb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void
hal_wmb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

void
vdev_env_fini(struct vdev *vd)
{
	size_t	i;

	for (i = 0; i < vd->ndma; i++)
		free(vd->dma[i].ptr);
	free(vd->dma);
	for (i = 0; i < vd->nlog; i++)
		free(vd->log[i]);
	free(vd->log);
	for (i = 0; i < vd->nmf; i++) {
		free(vd->mf[i].ifname);
		free(vd->mf[i].key);
		free(vd->mf[i].value);
	}
	free(vd->mf);
	for (i = 0; i < vd->nretired; i++)
		free(vd->retired[i]);
	free(vd->retired);
}
