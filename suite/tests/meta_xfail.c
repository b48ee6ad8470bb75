// SPDX-License-Identifier: GPL-2.0
/* A failure listed in the expectations file becomes "# TODO". */
#include "atc.h"

#include <unistd.h>

static int meta_xfail(struct atc_ctx *ctx)
{
	atc_check(ctx, "M-parent-is-init", getppid() == 1,
		  "the runner is pid %d, not init", (int)getppid());
	atc_check(ctx, "M-has-parent", getppid() > 1,
		  "the runner is pid %d", (int)getppid());
	return 0;
}
ATC_TEST(meta_xfail, "meta-xfail",
	 "runner self-test: an expected failure (TODO)",
	 .group = "meta", .timeout_s = 10);
