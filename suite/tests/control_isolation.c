// SPDX-License-Identifier: GPL-2.0
/*
 * Negative control of C7: the neighbour disturbed by its own slow
 * timeouts (delay mode, injected on the neighbour) must fail C7's
 * judgement with the stall measured; timeout-isolation's passing runs
 * show the judgement can pass.
 */
#include "atc.h"
#include "isolation.h"
#include "scenario.h"

#define SPIN_US 3000000		/* three times --stall-ms's default */

static int control_isolation(struct atc_ctx *ctx)
{
	struct scenario_opts o = {
		.times = 2, .mode = "delay", .delay_us = SPIN_US,
		.neighbour_load = true, .target = ctx->neighbour,
	};
	struct isolation iso;
	struct scenario sc;

	if (scenario_run(ctx, &o, &sc)) {
		scenario_release(&sc);
		return 0;
	}
	if (!sc.have_neighbour) {
		atc_error(ctx, "the neighbour %s has no disk for a verified load",
			  ctx->neighbour);
		scenario_release(&sc);
		return 0;
	}
	isolation_judge(&sc, ctx->opts->stall_ms, &iso);
	atc_evidence_str(ctx, "armed_on", "%s", ctx->neighbour);
	atc_evidence_u64(ctx, "injected", sc.injected);
	atc_evidence_u64(ctx, "delay_us", SPIN_US);
	atc_evidence(ctx, "fio_neighbour_write", load_fio_json(&sc.neighbour_write));
	atc_evidence_str(ctx, "catches", "C7-neighbour-no-stall");
	atc_check(ctx, "X-C7-detects-stall", !iso.no_stall,
		  "C7-neighbour-no-stall judged the disturbed neighbour: %s",
		  iso.stall_why);
	scenario_release(&sc);
	return 0;
}
ATC_TEST(control_isolation, "control-isolation",
	 "negative control: a neighbour slowed by its own timeouts fails C7",
	 .group = "control",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_NEIGHBOUR | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE | NEED_FIO,
	 .timeout_s = 300);
