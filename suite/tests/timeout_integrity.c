// SPDX-License-Identifier: GPL-2.0
/*
 * C6: no acknowledged write is lost or corrupted. fio's verify state holds
 * every write fio saw complete; all of them and the canary written before
 * the fault must read back intact. I/O errors during the fence are allowed
 * (they are reported, not silent); bad data is not. Where the IOMMU models
 * the device's ATC (--injector hw), the host also counts DMA through
 * translations the device left stale.
 */
#include "atc.h"
#include "scenario.h"

static int timeout_integrity(struct atc_ctx *ctx)
{
	struct scenario_opts o = { .times = 3, .stress = true,
				   .verify_limit_s = SCENARIO_VERIFY_STOPPED_S };
	struct scenario sc;

	if (scenario_run(ctx, &o, &sc)) {
		scenario_release(&sc);
		return 0;
	}
	atc_evidence(ctx, "fio_write", load_fio_json(&sc.write));
	check_acknowledged_writes(ctx, &sc.check, sc.disk, SCENARIO_LOAD_OFFSET,
				  SCENARIO_LOAD_SIZE);
	check_canary(ctx, &sc);
	check_no_stale_dma(ctx, &sc);
	scenario_release(&sc);
	return 0;
}
ATC_TEST(timeout_integrity, "timeout-integrity",
	 "no acknowledged write is lost or corrupted across ATC timeouts",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR | NEED_FIO |
		  NEED_STRESS_NG,
	 .timeout_s = 300);
