// SPDX-License-Identifier: GPL-2.0
/*
 * C5: within --recover-s the device is restored: ATS Enable as before the
 * fault, DMA works (every acknowledged write reads back), the load resumed.
 */
#include "atc.h"
#include "scenario.h"

#include <stdio.h>

static int timeout_recovery(struct atc_ctx *ctx)
{
	struct scenario_opts o = { .times = 1 };
	struct scenario sc;
	char why[160];

	if (scenario_run(ctx, &o, &sc)) {
		scenario_release(&sc);
		return 0;
	}
	atc_evidence_str(ctx, "ats_control_before", "0x%04x",
			 sc.ats_before.control);
	atc_evidence_str(ctx, "ats_control_after", "0x%04x", sc.control_after);
	atc_evidence_u64(ctx, "fenced", sc.fenced);
	if (sc.restored)
		atc_evidence_u64(ctx, "restore_latency_us", sc.restore_latency_us);
	if (!sc.fenced)
		snprintf(why, sizeof(why),
			 "nothing to restore: the device was never fenced");
	else if (sc.restored)
		snprintf(why, sizeof(why),
			 "ATS Enable back after %llu us, control 0x%04x (before 0x%04x)",
			 (unsigned long long)sc.restore_latency_us,
			 sc.control_after, sc.ats_before.control);
	else
		snprintf(why, sizeof(why),
			 "ATS Enable still clear %u s after the timeout",
			 ctx->opts->recover_s);
	atc_check(ctx, "C5-restored", sc.fenced && sc.restored &&
		  sc.control_after == sc.ats_before.control, "%s", why);

	atc_evidence(ctx, "fio_check", load_fio_json(&sc.check));
	atc_check(ctx, "C5-dma-works", fio_clean(&sc.check) &&
		  sc.check.sum.read_bytes > 0,
		  "after the fault, reading back %s returned %llu bytes with %u failed jobs",
		  sc.disk, (unsigned long long)sc.check.sum.read_bytes,
		  sc.check.sum.jobs_failed);

	atc_evidence(ctx, "fio_write", load_fio_json(&sc.write));
	atc_check(ctx, "C5-load-resumed", sc.write.proc.reaped &&
		  !sc.write.proc.timed_out && sc.write.sum.write_bytes > 0,
		  "the write load %s after the fault (%llu bytes written)",
		  sc.write.proc.timed_out ? "hung" : "ran to its end",
		  (unsigned long long)sc.write.sum.write_bytes);
	scenario_release(&sc);
	return 0;
}
ATC_TEST(timeout_recovery, "timeout-recovery",
	 "after the timeout the device is restored within --recover-s and DMA works",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR | NEED_FIO,
	 .timeout_s = 300);
