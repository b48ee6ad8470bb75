// SPDX-License-Identifier: GPL-2.0
/* A test that asserts nothing is a defect: the runner says not ok. */
#include "atc.h"

static int meta_silent(struct atc_ctx *ctx)
{
	atc_note(ctx, "returning without a check");
	return 0;
}
ATC_TEST(meta_silent, "meta-silent",
	 "runner self-test: a test that checks nothing",
	 .group = "meta", .timeout_s = 10);
