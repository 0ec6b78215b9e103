#include <stdio.h>

#include "policy/placement.h"

const char placement_source[] = "AWS EC2 User Guide, Maximize network "
    "bandwidth on Amazon EC2 instances with multiple network cards "
    "(docs.aws.amazon.com/AWSEC2/latest/UserGuide/efa-acc-inst-types.html): "
    "the primary interface on network card 0, device index 0; each "
    "additional one on the next unused card, device index 1";

int
placement_assign(uint32_t n, uint32_t cards, uint32_t per_card,
    struct placement *at, char *err, size_t errlen)
{
	uint32_t	i;

	if (cards == 0 || per_card == 0) {
		cards = 1;
		per_card = n;
	}
	if (n > (uint64_t)cards * per_card) {
		snprintf(err, errlen, "%u network interfaces do not fit on %u "
		    "network card%s of %u each", n, cards, cards == 1 ? "" :
		    "s", per_card);
		return (-1);
	}
	/*
	 * Round i puts one interface on each card.  Card 0's device indexes
	 * start at 0 (the primary), the other cards' at 1, as AWS shows them.
	 */
	for (i = 0; i < n; i++) {
		at[i].card = i % cards;
		at[i].device = i / cards + (at[i].card == 0 ? 0 : 1);
	}
	return (0);
}
