// SPDX-License-Identifier: GPL-2.0
/*
 * Negative control of C6-no-stale-dma and C2-translated-blocked: the
 * device stops answering ATC invalidations for HOLD_S under a write load
 * with page reuse beside it, and the IOMMU models the device's ATC
 * (QEMU's ats-device-atc). A kernel that moves on while the device has not
 * answered, fencing nothing, unmaps and reuses IOVAs whose translations
 * the device still holds, and the device's DMA goes through them: both
 * judges must fail on this real flow. The SMMUv3 driver of 6.x does that:
 * after CERROR_ATC_INV_SYNC it repeats only the CMD_SYNC, which then
 * completes. The load runs away from the CPU that takes the SMMUv3's
 * GERROR interrupt, so that the driver acknowledges each time-out at once
 * instead of stopping its queue (hw-unresponsive shows that case). A
 * kernel that waits for the device instead (VT-d retries while the device
 * is present) uses no stale translation, and this control says so.
 */
#include "arming.h"
#include "atc.h"
#include "scenario.h"

/* Long enough for the load to get going under TCG and reuse IOVAs. */
#define HOLD_S 15

static int control_stale_atc(struct atc_ctx *ctx)
{
	struct scenario_opts o = {
		.times = -1, .armed_ms = HOLD_S * 1000, .load_s = HOLD_S + 4,
		.stress = true, .load_cpu = LOAD_AWAY_FROM_IOMMU_IRQ,
		/*
		 * DMA through a stale translation may read a descriptor from
		 * a page reused since, and QEMU then stops the device: the
		 * host's count is in by then, so no long waits on it.
		 */
		.load_grace_s = 10, .verify_limit_s = 30,
		.arm_once_writing = true,
	};
	struct atc_model_counts end;
	struct scenario sc;
	enum judgement j;
	char why[256];

	if (scenario_run(ctx, &o, &sc)) {
		scenario_release(&sc);
		return 0;
	}
	if (!stats_atc_counts(sc.stats, &end)) {
		atc_error(ctx, "the IOMMU does not model the device's ATC (QEMU's ats-device-atc, injectors/qemu 0003 and 0004): nothing stale to count");
		scenario_release(&sc);
		return 0;
	}
	atc_evidence_u64(ctx, "hold_ms", HOLD_S * 1000);
	atc_evidence_u64(ctx, "timeouts", sc.injected);
	atc_evidence_u64(ctx, "atc_served", end.served);
	atc_evidence_u64(ctx, "atc_stale_served", end.stale_served);
	atc_evidence_u64(ctx, "atc_stale_pages", end.stale_pages);
	/* a fence that came in time: stale entries met and not used */
	atc_evidence_u64(ctx, "atc_stale_refused", end.stale_refused);
	/* what the guest's own verify saw of it, beside the host's count */
	atc_evidence(ctx, "fio_check", load_fio_json(&sc.check));
	atc_evidence_str(ctx, "guest_verify", "%u bad blocks, %u failed jobs",
			 sc.check.dumps, sc.check.sum.jobs_failed);

	j = judge_no_stale_dma(&end, why, sizeof(why));
	atc_evidence_str(ctx, "judgement", "%s: %s", judgement_name(j), why);
	atc_evidence_str(ctx, "catches", "C6-no-stale-dma");
	atc_check(ctx, "X-C6-no-stale-dma-detects-stale-dma", j == JUDGED_FAIL,
		  "the device unresponsive for %u s, %llu time-outs: %s", HOLD_S,
		  (unsigned long long)sc.injected, why);

	/*
	 * C2's judge with the deadline at the first timeout seen, not
	 * --fence-ms after it: the stale DMA comes a few time-outs in, and
	 * may stop the disk before a deadline a second later.
	 */
	j = judge_translated_blocked(sc.have_atc_at_first ?
				     &sc.atc_at_first : NULL, &end,
				     why, sizeof(why));
	atc_evidence_str(ctx, "judgement", "%s: %s", judgement_name(j), why);
	atc_evidence_str(ctx, "catches", "C2-translated-blocked");
	atc_check(ctx, "X-C2-translated-blocked-detects-stale-requests",
		  j == JUDGED_FAIL,
		  "nothing fenced the device; the deadline at the first time-out seen: %s",
		  why);
	scenario_release(&sc);
	return 0;
}
ATC_TEST(control_stale_atc, "control-stale-atc",
	 "negative control: DMA through translations the device left stale fails C6-no-stale-dma and C2-translated-blocked",
	 .group = "hw",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR | NEED_INJECTOR_HW |
		  NEED_FIO | NEED_STRESS_NG,
	 .timeout_s = 300);
