// SPDX-License-Identifier: GPL-2.0
#include "atc.h"
#include "config.h"
#include "build/version.h"
#include "options.h"
#include "probe.h"
#include "registry.h"
#include "runner.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
	const struct atc_test *t = registry_first();

	while (t && strcmp(t->group, opts->group))
		t = t->next;
	if (!t) {
		fprintf(stderr,
			"atctests: --group: unknown group '%s'; give catalogue, injector, control, soak or meta\n",
			opts->group);
		return 2;
	}
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

/*
 * "atctests report ..." is reports/atc-report: beside this binary when
 * installed, in ../reports in the source tree, else on PATH.
 */
static int report(char **argv)
{
	const char *rel[] = { "atc-report", "../reports/atc-report",
			      "../../reports/atc-report" };
	char exe[PATH_MAX], path[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	argv[1] = "atc-report";
	if (n > 0) {
		exe[n] = '\0';
		*strrchr(exe, '/') = '\0';
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			snprintf(path, sizeof(path), "%s/%s", exe, rel[i]);
			if (!access(path, X_OK))
				execv(path, argv + 1);
		}
	}
	execvp("atc-report", argv + 1);
	fprintf(stderr, "atctests: cannot run atc-report: %s; build it with make\n",
		strerror(errno));
	return 2;
}

int main(int argc, char **argv)
{
	struct atc_options opts;
	char err[512];

	if (argc > 1 && !strcmp(argv[1], "report"))
		return report(argv);

	if (options_parse(argc, argv, &opts, err, sizeof(err))) {
		fprintf(stderr, "atctests: %s\n", err);
		return 2;
	}
	switch (opts.command) {
	case CMD_HELP:
		options_usage();
		return 0;
	case CMD_VERSION:
		printf("atctests %s\n", ATC_BUILD_VERSION);
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
