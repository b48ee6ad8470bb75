// SPDX-License-Identifier: GPL-2.0
/* C1, C2: the timeout is reported against the device and fences it. */
#include "atc.h"
#include "scenario.h"

#include <json.h>

/* What counts as the kernel reporting the timeout against the device. */
static const char *const report_classes[] = {
	"atc-timeout", "iommu-fault", "aer", NULL
};

/* A witness's time in us for the evidence, -1: it saw nothing. */
static int64_t us_or_none(int64_t ns)
{
	return ns < 0 ? -1 : ns / 1000;
}

static int timeout_fence(struct atc_ctx *ctx)
{
	struct scenario_opts o = { .times = 1,
				   .verify_limit_s = SCENARIO_VERIFY_STOPPED_S };
	struct json_object *lines;
	struct scenario sc;
	struct invalidation_verdict v;
	struct fence_verdict f;
	uint64_t from, to, after;
	bool fenced;

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
	scenario_judge_fenced(ctx, &sc, &f);
	atc_evidence(ctx, "kernel_fence_us", json_object_new_int64(us_or_none(f.kernel_fence_ns)));
	atc_evidence(ctx, "kernel_restore_us", json_object_new_int64(us_or_none(f.kernel_restore_ns)));
	atc_evidence(ctx, "config_fence_us", json_object_new_int64(us_or_none(f.config_fence_ns)));
	if (f.j == JUDGED_PASS)
		atc_evidence_u64(ctx, "fence_latency_us", (uint64_t)f.fence_ns / 1000);
	atc_check(ctx, "C2-fenced", f.j == JUDGED_PASS, "%s", f.why);
	check_translated_blocked(ctx, &sc);

	/*
	 * A fenced device gets no device-TLB invalidation until it is
	 * restored: none from the fence (or its deadline) to the restore or
	 * the end, judged by the injector's sequence numbers.
	 */
	fenced = f.fence_ns >= 0;
	from = sc.first_inject_ns + (fenced ? (uint64_t)f.fence_ns :
				     (uint64_t)ctx->opts->fence_ms * 1000000ull);
	to = 0;
	if (f.kernel_restore_ns >= 0)
		to = sc.first_inject_ns + (uint64_t)f.kernel_restore_ns;
	else if (sc.restored)
		to = sc.first_inject_ns + sc.restore_latency_us * 1000ull;
	/* the kernel's record counts only when it saw the fence first */
	judge_no_invalidations(sc.events, from, to,
			       f.fence_ns == f.kernel_fence_ns ? f.fence_seq : -1,
			       f.fence_ns == f.kernel_fence_ns ? f.restore_seq : -1,
			       stat_u64(sc.stats, "matched"), &v);
	atc_evidence_u64(ctx, "devtlb_in_window_recorded", v.in_window);
	atc_evidence_str(ctx, "devtlb_window_judgement", "%s", judgement_name(v.j));
	atc_evidence(ctx, "devtlb_seq_before_window", json_object_new_int64(v.seq_before));
	atc_evidence(ctx, "devtlb_seq_after_window", json_object_new_int64(v.seq_after));
	after = stat_u64(sc.stats, "matched") - scenario_first_injected_seq(&sc);
	atc_evidence_u64(ctx, "devtlb_after_first_timeout", after);
	atc_evidence_u64(ctx, "events_dropped", stat_u64(sc.stats, "events_dropped"));
	if (fenced)
		atc_check(ctx, "C2-no-invalidations", v.j == JUDGED_PASS,
			  "while %s was fenced: %s", ctx->device, v.why);
	else
		atc_check(ctx, "C2-no-invalidations", false,
			  "%llu device-TLB invalidations were issued to %s after the injected timeout (it was never fenced)",
			  (unsigned long long)after, ctx->device);
	scenario_release(&sc);
	return 0;
}
ATC_TEST(timeout_fence, "timeout-fence",
	 "an ATC timeout is reported against the device and fences it within --fence-ms",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR | NEED_FIO,
	 .timeout_s = 300);
