// SPDX-License-Identifier: GPL-2.0
/* The runner reports a failing check as not ok, with its evidence. */
#include "atc.h"

#include <unistd.h>

static int meta_fail(struct atc_ctx *ctx)
{
	pid_t pid = getpid();

	atc_evidence_u64(ctx, "pid", (uint64_t)pid);
	atc_check(ctx, "M-pid-is-one", pid == 1,
		  "the test process is pid %d, not 1", (int)pid);
	return 0;
}
ATC_TEST(meta_fail, "meta-fail", "runner self-test: a check that fails",
	 .group = "meta", .timeout_s = 10);
