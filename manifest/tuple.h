/*
 * The Nanos manifest text for planned interfaces, as a manifest file or a
 * kernel command line would carry it: `en1:(io-queues:4) en2:(io-queues:4)`
 * (manifest/tuple.c; syntax: nanos-ops.md 3.3).
 */
#ifndef MANIFEST_TUPLE_H
#define MANIFEST_TUPLE_H

#include <stddef.h>

#include "policy/policy.h"

/*
 * Writes the tuples of the interfaces whose driver reads io-queues into
 * buf, space-separated; "" when there are none.  Returns the length, or -1
 * when buf is too small.
 */
int	tuple_text(const struct decision *, char *buf, size_t len);

#endif /* MANIFEST_TUPLE_H */
