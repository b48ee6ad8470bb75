// SPDX-License-Identifier: GPL-2.0
/* C1, C2: the timeout is reported against the device and fences it. */
#include "atc.h"
#include "scenario.h"

#include <json.h>

static int timeout_fence(struct atc_ctx *ctx)
{
	struct scenario_opts o = { .times = 1 };
	struct json_object *lines;
	struct scenario sc;
	uint64_t from;
	unsigned int later;

	if (scenario_run(ctx, &o, &sc)) {
		scenario_release(&sc);
		return 0;
	}
	lines = scenario_kernel_lines(&sc, NULL, ctx->device);
	atc_evidence(ctx, "kernel_log_about_device", json_object_get(lines));
	atc_check(ctx, "C1-reported", json_object_array_length(lines) > 0,
		  "%zu kernel log lines name %s after the injected timeout",
		  json_object_array_length(lines), ctx->device);
	json_object_put(lines);

	atc_evidence_str(ctx, "ats_control_before", "0x%04x",
			 sc.ats_before.control);
	atc_evidence_str(ctx, "ats_control_after", "0x%04x", sc.control_after);
	atc_evidence_u64(ctx, "fence_ms", ctx->opts->fence_ms);
	if (sc.fenced)
		atc_evidence_u64(ctx, "fence_latency_us", sc.fence_latency_us);
	atc_check(ctx, "C2-fenced", sc.fenced,
		  sc.fenced ? "ATS Enable cleared %llu us after the injected timeout" :
			      "ATS Enable still set %llu ms after the injected timeout",
		  sc.fenced ? (unsigned long long)sc.fence_latency_us :
			      (unsigned long long)ctx->opts->fence_ms);

	/*
	 * A fenced device gets no device-TLB invalidation until it is
	 * restored: count those submitted while it should have been fenced
	 * (from the fence, or the fence deadline, to the restore or the end).
	 */
	from = sc.first_inject_ns + (sc.fenced ? sc.fence_latency_us * 1000ull :
				     (uint64_t)ctx->opts->fence_ms * 1000000ull);
	later = scenario_events(&sc, "devtlb", from);
	if (sc.restored)
		later -= scenario_events(&sc, "devtlb", sc.first_inject_ns +
					 sc.restore_latency_us * 1000ull);
	atc_evidence_u64(ctx, "devtlb_while_fenced", later);
	atc_evidence_u64(ctx, "devtlb_total", scenario_events(&sc, "devtlb", 0));
	atc_evidence_u64(ctx, "matched_total", stat_u64(sc.stats, "matched"));
	atc_check(ctx, "C2-no-invalidations", sc.fenced && !later,
		  "%u device-TLB invalidations were issued to %s %s",
		  later, ctx->device,
		  sc.fenced ? "while it was fenced" :
			      "after the fence deadline (it was never fenced)");
	scenario_release(&sc);
	return 0;
}
ATC_TEST(timeout_fence, "timeout-fence",
	 "an ATC timeout is reported against the device and fences it within --fence-ms",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR | NEED_FIO,
	 .timeout_s = 300);
