// SPDX-License-Identifier: GPL-2.0
/* C7: a neighbour on the same IOMMU sees no error and no stall. */
#include "atc.h"
#include "scenario.h"

static int timeout_isolation(struct atc_ctx *ctx)
{
	struct scenario_opts o = { .times = 3, .neighbour_load = true };
	struct scenario sc;

	if (scenario_run(ctx, &o, &sc)) {
		scenario_release(&sc);
		return 0;
	}
	if (!sc.have_neighbour) {
		atc_skip(ctx, "the neighbour %s has no disk for a verified load",
			 ctx->neighbour);
		scenario_release(&sc);
		return 0;
	}
	atc_evidence(ctx, "fio_neighbour_write", load_fio_json(&sc.neighbour_write));
	atc_check(ctx, "C7-neighbour-no-stall",
		  sc.neighbour_write.proc.reaped &&
		  !sc.neighbour_write.proc.timed_out &&
		  sc.neighbour_write.sum.write_bytes > 0,
		  "the neighbour's load %s, %llu bytes written",
		  sc.neighbour_write.proc.timed_out ? "stalled past its limit" :
						      "ran to its end",
		  (unsigned long long)sc.neighbour_write.sum.write_bytes);
	atc_evidence(ctx, "fio_neighbour_check", load_fio_json(&sc.neighbour_check));
	atc_check(ctx, "C7-neighbour-no-errors",
		  fio_clean(&sc.neighbour_write) && fio_clean(&sc.neighbour_check),
		  "the neighbour saw %u failed write jobs, %u failed verify jobs, %u bad blocks",
		  sc.neighbour_write.sum.jobs_failed,
		  sc.neighbour_check.sum.jobs_failed, sc.neighbour_check.dumps);
	scenario_release(&sc);
	return 0;
}
ATC_TEST(timeout_isolation, "timeout-isolation",
	 "the neighbour device's verified load sees no error and no stall",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_NEIGHBOUR | NEED_INJECTOR |
		  NEED_FIO,
	 .timeout_s = 300);
