// SPDX-License-Identifier: GPL-2.0
/* C1, C2: the timeout is reported against the device and fences it. */
#include "atc.h"
#include "scenario.h"

#include <json.h>

/* What counts as the kernel reporting the timeout against the device. */
static const char *const report_classes[] = {
	"atc-timeout", "iommu-fault", "aer", NULL
};

static int timeout_fence(struct atc_ctx *ctx)
{
	struct scenario_opts o = { .times = 1 };
	struct json_object *lines;
	struct scenario sc;
	uint64_t from, after;
	unsigned int later;

	if (scenario_run(ctx, &o, &sc)) {
		scenario_release(&sc);
		return 0;
	}
	lines = scenario_kernel_lines(&sc, report_classes, ctx->device);
	atc_evidence(ctx, "kernel_log_about_device", json_object_get(lines));
	atc_check(ctx, "C1-reported", json_object_array_length(lines) > 0,
		  "%zu kernel log lines report an ATC timeout, IOMMU fault or AER error of %s",
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
	/*
	 * The event ring holds the newest invalidations only; the sequence
	 * numbers count them all: matched minus the first injected one is
	 * how many came after the timeout.
	 */
	after = stat_u64(sc.stats, "matched") - scenario_first_injected_seq(&sc);
	atc_evidence_u64(ctx, "devtlb_in_window_recorded", later);
	atc_evidence_u64(ctx, "devtlb_after_first_timeout", after);
	atc_evidence_u64(ctx, "events_dropped", stat_u64(sc.stats, "events_dropped"));
	atc_check(ctx, "C2-no-invalidations", sc.fenced && !later,
		  sc.fenced ? "%llu device-TLB invalidations were issued to %s while it was fenced" :
			      "%llu device-TLB invalidations were issued to %s after the injected timeout (it was never fenced)",
		  sc.fenced ? (unsigned long long)later : (unsigned long long)after,
		  ctx->device);
	scenario_release(&sc);
	return 0;
}
ATC_TEST(timeout_fence, "timeout-fence",
	 "an ATC timeout is reported against the device and fences it within --fence-ms",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR | NEED_FIO,
	 .timeout_s = 300);
