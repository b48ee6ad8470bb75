// SPDX-License-Identifier: GPL-2.0
/*
 * C5: within --recover-s the device is restored: ATS Enable as before the
 * fault, DMA works after the restore (writes complete, every acknowledged
 * write reads back), the load goes on after the fault and ends cleanly.
 */
#include "atc.h"
#include "scenario.h"

#include <stdio.h>
#include <string.h>

static int timeout_recovery(struct atc_ctx *ctx)
{
	struct scenario_opts o = { .times = 1 };
	struct scenario sc;
	uint64_t since, after;
	char why[256];
	int log_ret;

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

	/*
	 * DMA works once the device is back: writes completed after the
	 * restore (after the timeout, for a device never fenced), and every
	 * acknowledged write reads back.
	 */
	since = sc.first_inject_ns;
	if (sc.restored)
		since += sc.restore_latency_us * 1000ull;
	log_ret = load_written_since(&sc.write, since, &after);
	atc_evidence_u64(ctx, sc.restored ? "bytes_written_after_restore" :
			 "bytes_written_after_timeout", after);
	atc_evidence(ctx, "fio_check", load_fio_json(&sc.check));
	if (log_ret)
		snprintf(why, sizeof(why), "no bandwidth log of the write load: %s",
			 strerror(-log_ret));
	else if (sc.fenced && !sc.restored)
		snprintf(why, sizeof(why),
			 "the device stayed fenced: no DMA after a restore (%llu bytes written after the timeout)",
			 (unsigned long long)after);
	else
		snprintf(why, sizeof(why),
			 "%llu bytes written after the %s; reading back %s returned %llu bytes with %u failed jobs",
			 (unsigned long long)after, sc.restored ? "restore" : "timeout",
			 sc.disk, (unsigned long long)sc.check.sum.read_bytes,
			 sc.check.sum.jobs_failed);
	atc_check(ctx, "C5-dma-works", !log_ret && !(sc.fenced && !sc.restored) &&
		  after > 0 && fio_clean(&sc.check) && sc.check.sum.read_bytes > 0,
		  "%s", why);

	/* The load goes on after the fault and ends cleanly. */
	check_load_resumed(ctx, &sc);
	scenario_release(&sc);
	return 0;
}
ATC_TEST(timeout_recovery, "timeout-recovery",
	 "after the timeout the device is restored within --recover-s and DMA works",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR | NEED_FIO,
	 .timeout_s = 300);
