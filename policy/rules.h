/* The built-in rule table that policy_init() copies (policy/rules.c). */
#ifndef POLICY_RULES_H
#define POLICY_RULES_H

#include <stddef.h>

#include "policy/policy.h"

extern const struct rule	rules_default[];
extern const size_t		rules_default_count;

#endif /* POLICY_RULES_H */
