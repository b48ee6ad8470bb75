/* SPDX-License-Identifier: GPL-2.0 */
/* Command line of atctests. */
#ifndef ATC_OPTIONS_H
#define ATC_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pci.h"

#define ATC_MAX_DEVICES 16
#define ATC_MAX_TESTS 64
#define ATC_MAX_EXPECT 32

enum atc_command {
	CMD_NONE,
	CMD_HELP,
	CMD_VERSION,
	CMD_LIST,
	CMD_PROBE,
	CMD_RUN,
};

struct atc_options {
	enum atc_command command;
	char devices[ATC_MAX_DEVICES][PCI_BDF_LEN];
	unsigned int ndevices;
	char neighbour[PCI_BDF_LEN];	/* "" when not given */
	uint64_t seed;
	bool seed_given;
	const char *out;
	/* expectations files; with several, the one for the running kernel */
	const char *expect[ATC_MAX_EXPECT];
	unsigned int nexpect;
	const char *injector;		/* path of atc_inject.ko */
	bool inject_hw;			/* --injector hw: the IOMMU times out */
	const char *group;		/* test group to run, "catalogue" */
	unsigned int timeout_s;		/* per-test override, 0: the test's */
	unsigned int fence_ms;		/* C2 bound */
	unsigned int recover_s;		/* C5 bound */
	unsigned int stall_ms;		/* C7 bound on one neighbour I/O */
	int tap_version;
	bool dry_run;
	bool force;
	bool verbose;
	const char *tests[ATC_MAX_TESTS];
	unsigned int ntests;
	/* Roots of the system interfaces; tests point them at fixtures. */
	const char *sysfs;
	const char *proc;
	const char *debugfs;
	const char *kmsg;
};

/*
 * Parse argv. 0 on success; 2 on a usage error with one line in err that
 * names the problem and the fix.
 */
int options_parse(int argc, char **argv, struct atc_options *opts,
		  char *err, size_t errlen);
void options_usage(void);

#endif
