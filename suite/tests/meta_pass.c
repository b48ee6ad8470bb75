// SPDX-License-Identifier: GPL-2.0
/* The runner reports a passing check with its evidence. */
#include "atc.h"

#include <json.h>

static int meta_pass(struct atc_ctx *ctx)
{
	uint64_t before = atc_now_ns(), after = atc_now_ns();

	atc_evidence_u64(ctx, "clock_step_ns", after - before);
	atc_measure(ctx, "clock_step_ns",
		    json_object_new_int64((int64_t)(after - before)));
	atc_check(ctx, "M-monotonic-clock", after >= before,
		  "CLOCK_MONOTONIC went from %llu to %llu ns",
		  (unsigned long long)before, (unsigned long long)after);
	return 0;
}
ATC_TEST(meta_pass, "meta-pass", "runner self-test: a check that passes",
	 .group = "meta", .timeout_s = 10);
