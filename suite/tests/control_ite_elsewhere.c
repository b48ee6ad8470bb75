// SPDX-License-Identifier: GPL-2.0
/*
 * Negative control of C0-ite-on-target: the IOMMU is told that the
 * neighbour, not the device under test, stopped answering, while both
 * carry a load. The IOMMU raises its Invalidation Time-out Error for the
 * neighbour's source-id, so C0-ite-on-target's judge, asked about the
 * device under test, must fail on this real flow.
 */
#include "arming.h"
#include "atc.h"
#include "scenario.h"

#include <json.h>

static int control_ite_elsewhere(struct atc_ctx *ctx)
{
	struct scenario_opts o = {
		.times = 1, .neighbour_load = true, .target = ctx->neighbour,
	};
	uint32_t device = arm_device_id(ctx, ctx->device);
	uint32_t neighbour = arm_device_id(ctx, ctx->neighbour);
	struct scenario sc;
	enum judgement j;
	uint64_t ites;
	int64_t last_sid;
	char why[256];

	if (scenario_run(ctx, &o, &sc)) {
		scenario_release(&sc);
		return 0;
	}
	ites = sc.injected;
	last_sid = (int64_t)stat_u64(sc.stats, "hw_last_ite_sid");
	j = judge_ite_on_target(ites, last_sid, device, why, sizeof(why));
	atc_evidence_str(ctx, "unresponsive", "%s", ctx->neighbour);
	atc_evidence_str(ctx, "judged_for", "%s", ctx->device);
	atc_evidence_u64(ctx, "ite_raised", ites);
	atc_evidence_u64(ctx, "last_ite_sid", (uint64_t)last_sid);
	atc_evidence_str(ctx, "judgement", "%s: %s", judgement_name(j), why);
	atc_evidence_str(ctx, "catches", "C0-ite-on-target");
	/* the fault must really have happened, on the neighbour */
	atc_check(ctx, "X-C0-ite-on-target-detects-elsewhere",
		  j != JUDGED_PASS && ites > 0 && last_sid == neighbour,
		  "the neighbour (0x%04x) made unresponsive, judged for %s: %s",
		  neighbour, ctx->device, why);
	scenario_release(&sc);
	return 0;
}
ATC_TEST(control_ite_elsewhere, "control-ite-elsewhere",
	 "negative control: ITEs raised for the neighbour fail C0-ite-on-target for the device",
	 .group = "hw",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_NEIGHBOUR | NEED_INJECTOR |
		  NEED_INJECTOR_HW | NEED_FIO,
	 .timeout_s = 300);
