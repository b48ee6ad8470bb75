// SPDX-License-Identifier: GPL-2.0
/*
 * Negative control of C0: the injector armed on the neighbour while the
 * DMA load runs only on the device under test. The load's invalidations
 * must be counted as another device's and none injected, so the C0
 * evaluation (timeouts injected on the target) fails on a real flow.
 */
#include "atc.h"
#include "arming.h"
#include "load.h"
#include "scenario.h"

#include <json.h>

static int control_no_injection(struct atc_ctx *ctx)
{
	struct fio_params p = { .offset = 8 << 20, .size = 96 << 20,
				.runtime_s = 4 };
	struct json_object *stats;
	struct arm_params ap;
	struct injector inj;
	struct fio_run load;
	char disk[64];

	if (load_device_disk(ctx->opts->sysfs, ctx->device, disk, sizeof(disk))) {
		atc_error(ctx, "%s has no disk", ctx->device);
		return 0;
	}
	p.disk = disk;
	if (arm_load(ctx, &inj))
		return 0;
	arm_defaults(ctx, &ap);
	ap.target = ctx->neighbour;
	ap.times = -1;
	if (arm_start(ctx, &inj, &ap)) {
		arm_unload(ctx, &inj);
		return 0;
	}
	load_fio(ctx, &load, "fio-read-load", "dma-read-load.fio", &p, 60);
	arm_stop(ctx, &inj);
	stats = arm_stats(ctx, &inj);
	arm_unload(ctx, &inj);
	atc_evidence_str(ctx, "armed_on", "%s", ctx->neighbour);
	atc_evidence_str(ctx, "load_on", "%s", ctx->device);
	atc_evidence_u64(ctx, "injected", stat_u64(stats, "injected"));
	atc_evidence_u64(ctx, "matched", stat_u64(stats, "matched"));
	atc_evidence_u64(ctx, "other_device_tlb_invalidations",
			 stat_u64(stats, "other_devtlb"));
	atc_evidence_str(ctx, "catches", "C0-injected");
	atc_check(ctx, "X-C0-detects-no-injection",
		  stat_u64(stats, "injected") == 0 &&
		  stat_u64(stats, "other_devtlb") > 0 && fio_clean(&load),
		  "armed on the idle neighbour: %llu injected, %llu of the loaded device's invalidations counted as another device's",
		  (unsigned long long)stat_u64(stats, "injected"),
		  (unsigned long long)stat_u64(stats, "other_devtlb"));
	json_object_put(stats);
	return 0;
}
ATC_TEST(control_no_injection, "control-no-injection",
	 "negative control: an injection that misses the loaded device fails C0",
	 .group = "control",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_NEIGHBOUR | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE | NEED_FIO,
	 .timeout_s = 120);
