// SPDX-License-Identifier: GPL-2.0
#include "atc.h"
#include "config.h"
#include "options.h"
#include "probe.h"
#include "registry.h"
#include "runner.h"

#include <stdio.h>
#include <string.h>

static int list_tests(void)
{
	for (const struct atc_test *t = registry_first(); t; t = t->next)
		if (strcmp(t->group, "catalogue"))
			printf("%-24s %s [group %s]\n", t->name,
			       t->description, t->group);
		else
			printf("%-24s %s\n", t->name, t->description);
	return 0;
}

static int unknown_tests(const struct atc_options *opts)
{
	for (unsigned int i = 0; i < opts->ntests; i++) {
		if (!registry_find(opts->tests[i])) {
			fprintf(stderr,
				"atctests: unknown test '%s'; 'atctests list' shows the tests\n",
				opts->tests[i]);
			return 2;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct atc_options opts;
	char err[512];

	if (options_parse(argc, argv, &opts, err, sizeof(err))) {
		fprintf(stderr, "atctests: %s\n", err);
		return 2;
	}
	switch (opts.command) {
	case CMD_HELP:
		options_usage();
		return 0;
	case CMD_VERSION:
		printf("atctests %s\n", ATC_VERSION);
		return 0;
	case CMD_LIST:
		return list_tests();
	case CMD_PROBE:
		return probe_run(&opts);
	case CMD_RUN:
		if (unknown_tests(&opts))
			return 2;
		return runner_run(&opts, argc, argv);
	default:
		return 2;
	}
}
