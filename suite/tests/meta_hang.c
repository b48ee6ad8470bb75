// SPDX-License-Identifier: GPL-2.0
/* A test that hangs is killed at its time limit, with its workloads. */
#include "atc.h"
#include "workload.h"

#include <stdio.h>
#include <unistd.h>

static int meta_hang(struct atc_ctx *ctx)
{
	char *const argv[] = { "sleep", "3600", NULL };
	struct workload w;

	/* A grandchild the runner must not leave behind. */
	if (workload_start(&w, "sleep", argv, NULL)) {
		atc_error(ctx, "cannot start sleep");
		return 1;
	}
	atc_evidence_u64(ctx, "workload_pid", (uint64_t)w.pid);
	atc_check(ctx, "M-started", true, "sleeping forever");
	fprintf(stderr, "meta-hang: workload pid %d, now hanging\n", (int)w.pid);
	for (;;)
		pause();
}
ATC_TEST(meta_hang, "meta-hang", "runner self-test: a test that hangs",
	 .group = "meta", .timeout_s = 2);
