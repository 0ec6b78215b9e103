/*
 * Where each interface of an AWS instance attaches: its network card
 * (NetworkCardIndex) and its device index on that card (DeviceIndex).
 *
 * Types with several network cards give each card its own bandwidth and
 * its own share of interfaces and ENA queues.  AWS's guide to them
 * (placement_source) puts the primary interface on card 0 at device index
 * 0 and each additional interface on the next unused card at device index
 * 1; past one interface per card, which the guide does not cover, the
 * round starts again at card 0 with each card's next free device index.
 * Pure: no I/O, no state.
 */
#ifndef POLICY_PLACEMENT_H
#define POLICY_PLACEMENT_H

#include <stddef.h>
#include <stdint.h>

struct placement {
	uint32_t	card;		/* NetworkCardIndex */
	uint32_t	device;		/* DeviceIndex on that card */
};

extern const char placement_source[];

/*
 * Places interfaces 0 .. n-1 (en1 .. enN) on a type with cards network
 * cards taking at most per_card interfaces each; 0 for either means not
 * known, and then every interface goes on card 0, the default, at device
 * index 0 .. n-1.  Fills at[0 .. n-1] and returns 0, or -1 with err set
 * when the n interfaces do not fit on the cards.
 */
int	placement_assign(uint32_t n, uint32_t cards, uint32_t per_card,
	    struct placement *at, char *err, size_t errlen);

#endif /* POLICY_PLACEMENT_H */
