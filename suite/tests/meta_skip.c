// SPDX-License-Identifier: GPL-2.0
/* A missing requirement is a visible SKIP with its reason. */
#include "atc.h"

#include <unistd.h>

static int meta_skip(struct atc_ctx *ctx)
{
	if (access("/nonexistent-atctests-requirement", F_OK)) {
		atc_skip(ctx, "requirement /nonexistent-atctests-requirement is missing");
		return 0;
	}
	atc_check(ctx, "M-requirement", true, "present");
	return 0;
}
ATC_TEST(meta_skip, "meta-skip", "runner self-test: a skipped test",
	 .group = "meta", .timeout_s = 10);
