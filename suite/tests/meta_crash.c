// SPDX-License-Identifier: GPL-2.0
/* A test that crashes is one "not ok" and the run goes on. */
#include "atc.h"

#include <stdio.h>
#include <stdlib.h>

static int meta_crash(struct atc_ctx *ctx)
{
	atc_check(ctx, "M-before-crash", true, "about to abort()");
	fprintf(stderr, "meta-crash: calling abort()\n");
	abort();
}
ATC_TEST(meta_crash, "meta-crash", "runner self-test: a test that crashes",
	 .group = "meta", .timeout_s = 10);
