// SPDX-License-Identifier: GPL-2.0
/*
 * Rung 3: the IOMMU itself raises Invalidation Time-out Errors for a device
 * that has stopped answering, for HOLD_S, then the device answers again.
 * The kernel's own ITE handling runs. Today it retries the invalidation
 * for as long as the device is present: the CPU spins in the retry loop
 * (C3). Once the device answers, the kernel must make progress and every
 * acknowledged write must read back (C5, C6).
 */
#include "arming.h"
#include "atc.h"
#include "scenario.h"

#include <json.h>

/* Longer than the kernel's RCU stall timeout (21 s in Debian's kernels). */
#define HOLD_S 30
#define LOAD_AFTER_S 8
/*
 * A kernel that gives the timed-out invalidation up (fences the device)
 * lets the device's I/O finish or fail well within the hold.
 */
#define DEVICE_IO_LIMIT_MS 10000

static const char *const ite_classes[] = { "atc-timeout", NULL };

/* The kernel's lines about the timeout: all of them, or only the device's. */
static unsigned int ite_lines(struct scenario *sc, const char *bdf,
			      struct atc_ctx *ctx, const char *key)
{
	struct json_object *lines = scenario_kernel_lines(sc, ite_classes, bdf);
	unsigned int n = (unsigned int)json_object_array_length(lines);

	atc_evidence(ctx, key, lines);
	return n;
}

/* times: ITEs before the device answers again, -1: for the whole hold */
static int unresponsive_for(struct atc_ctx *ctx, int times)
{
	/*
	 * The load outlasts the hold by LOAD_AFTER_S, so that writes after
	 * the device answers again can be seen (C5-load-resumed).
	 */
	struct scenario_opts o = {
		.times = times, .armed_ms = HOLD_S * 1000,
		.load_s = times < 0 ? HOLD_S + LOAD_AFTER_S : LOAD_AFTER_S,
		.load_cpu = LOAD_BESIDE_IOMMU_IRQ,
		.verify_limit_s = SCENARIO_VERIFY_STOPPED_S,
	};
	uint32_t target = arm_device_id(ctx, ctx->device);
	uint64_t slowest_ms;
	int64_t last_sid;
	struct fence_verdict f;
	struct scenario sc;
	unsigned int n, attributed;

	if (scenario_run(ctx, &o, &sc)) {
		scenario_release(&sc);
		return 0;
	}
	last_sid = (int64_t)stat_u64(sc.stats, "hw_last_ite_sid");
	check_ite_on_target(ctx, sc.injected, last_sid, target);

	/* all of the kernel's ITE lines, then those naming the device */
	n = ite_lines(&sc, NULL, ctx, "kernel_ite_lines");
	attributed = ite_lines(&sc, ctx->device, ctx, "kernel_lines_naming_device");
	/*
	 * SMMUv3 drivers report "CMDQ error ...: ATC invalidate timeout"
	 * naming no device: that is no report against the device, and the
	 * check says so rather than crediting the IOMMU's own record.
	 */
	if (attributed || !n)
		atc_check(ctx, "C1-reported", attributed > 0,
			  "%u kernel log lines attribute the ATC invalidation time-out to %s (%u about time-outs at all%s)",
			  attributed, ctx->device, n,
			  n >= 200 ? ", the first 200 kept" : "");
	else
		atc_check(ctx, "C1-reported", false,
			  "the kernel reported %u ATC invalidation time-outs%s and named no device in them: only the IOMMU's record ties them to %s (ID 0x%x)",
			  n, n >= 200 ? " (the first 200 kept)" : "", ctx->device,
			  target);

	atc_evidence_str(ctx, "ats_control_after", "0x%04x", sc.control_after);
	scenario_judge_fenced(ctx, &sc, &f);
	atc_check(ctx, "C2-fenced", f.j == JUDGED_PASS, "after the first ITE: %s", f.why);
	check_translated_blocked(ctx, &sc);

	slowest_ms = sc.write.sum.lat_max_ns / 1000000;
	atc_evidence_u64(ctx, "slowest_write_ms", slowest_ms);
	atc_evidence_u64(ctx, "hold_ms", HOLD_S * 1000);
	/* whether the runner got a CPU meanwhile depends on where the load ran */
	atc_evidence_u64(ctx, "heartbeat_max_gap_ms",
			 sc.heartbeat.max_gap_ns / 1000000);
	atc_check(ctx, "C3-no-livelock", slowest_ms <= DEVICE_IO_LIMIT_MS,
		  "the device's slowest write took %llu ms while the device did not answer for %u ms (limit %u ms)",
		  (unsigned long long)slowest_ms, HOLD_S * 1000,
		  DEVICE_IO_LIMIT_MS);

	/* the load writes again once the device answers */
	check_load_resumed(ctx, &sc);
	/* one judge per check name: the one control-lost-writes proves */
	check_acknowledged_writes(ctx, &sc.check, sc.disk, SCENARIO_LOAD_OFFSET,
				  SCENARIO_LOAD_SIZE);
	check_canary(ctx, &sc);
	check_no_stale_dma(ctx, &sc);
	scenario_release(&sc);
	return 0;
}

static int hw_unresponsive(struct atc_ctx *ctx)
{
	return unresponsive_for(ctx, -1);
}

/*
 * The passing side of C3-no-livelock on the same flow: the device answers
 * after one ITE, so the kernel's single retry succeeds at once.
 */
static int control_hw_one_ite(struct atc_ctx *ctx)
{
	return unresponsive_for(ctx, 1);
}
ATC_TEST(control_hw_one_ite, "control-hw-one-ite",
	 "the device stops answering for one ITE only: no livelock to see",
	 .group = "hw",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR | NEED_INJECTOR_HW |
		  NEED_FIO,
	 .timeout_s = 300);

ATC_TEST(hw_unresponsive, "hw-unresponsive",
	 "the IOMMU raises ITEs for a device that stops answering for 30 s, then it answers again",
	 .group = "hw",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR | NEED_INJECTOR_HW |
		  NEED_FIO,
	 .timeout_s = 300);
