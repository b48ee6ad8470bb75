// SPDX-License-Identifier: GPL-2.0
/* A check expected to fail that passes is news: "ok # TODO", exit 1. */
#include "atc.h"

#include <unistd.h>

static int meta_xpass(struct atc_ctx *ctx)
{
	atc_check(ctx, "M-has-parent", getppid() > 1,
		  "the runner is pid %d", (int)getppid());
	return 0;
}
ATC_TEST(meta_xpass, "meta-xpass",
	 "runner self-test: an expected failure that passes",
	 .group = "meta", .timeout_s = 10);
