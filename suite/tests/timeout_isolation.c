// SPDX-License-Identifier: GPL-2.0
/*
 * C7: a neighbour on the same IOMMU sees no error and no stall (no I/O
 * slower than --stall-ms).
 */
#include "atc.h"
#include "isolation.h"
#include "scenario.h"

static int timeout_isolation(struct atc_ctx *ctx)
{
	struct scenario_opts o = { .times = 3, .neighbour_load = true };
	struct isolation iso;
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
	isolation_judge(&sc, ctx->opts->stall_ms, &iso);
	atc_evidence(ctx, "fio_neighbour_write", load_fio_json(&sc.neighbour_write));
	atc_check(ctx, "C7-neighbour-no-stall", iso.no_stall, "%s", iso.stall_why);
	atc_evidence(ctx, "fio_neighbour_check", load_fio_json(&sc.neighbour_check));
	atc_check(ctx, "C7-neighbour-no-errors", iso.no_errors, "%s",
		  iso.errors_why);
	scenario_release(&sc);
	return 0;
}
ATC_TEST(timeout_isolation, "timeout-isolation",
	 "the neighbour device's verified load sees no error and no stall",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_NEIGHBOUR | NEED_INJECTOR |
		  NEED_FIO,
	 .timeout_s = 300);
