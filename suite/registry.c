// SPDX-License-Identifier: GPL-2.0
#include "registry.h"

#include <string.h>

static struct atc_test *tests;

void atc_register(struct atc_test *test)
{
	struct atc_test **pos = &tests;

	if (!test->group)
		test->group = "catalogue";
	if (!test->timeout_s)
		test->timeout_s = 60;
	while (*pos && strcmp((*pos)->name, test->name) < 0)
		pos = &(*pos)->next;
	test->next = *pos;
	*pos = test;
}

const struct atc_test *registry_first(void)
{
	return tests;
}

const struct atc_test *registry_find(const char *name)
{
	for (const struct atc_test *t = tests; t; t = t->next)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

bool registry_selected(const struct atc_test *test,
		       const struct atc_options *opts)
{
	if (!opts->ntests)
		return !strcmp(test->group, opts->group);
	for (unsigned int i = 0; i < opts->ntests; i++)
		if (!strcmp(opts->tests[i], test->name))
			return true;
	return false;
}
