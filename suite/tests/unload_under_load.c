// SPDX-License-Identifier: GPL-2.0
/*
 * The injector is removed while armed and under DMA load: removal
 * succeeds, the load completes and verifies, the kernel stays healthy
 * (the runner's C3-kernel-log check).
 */
#include "atc.h"
#include "arming.h"
#include "load.h"
#include "pci.h"
#include "scenario.h"

#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#define CYCLES 50
#define CYCLE_BUDGET_S 3	/* one cycle takes about 1 s in the TCG guest */
/* an injection comes within ms; an emulated arm64 guest was seen taking 3 s */
#define INJECTION_WAIT_MS 10000

static int unload_under_load(struct atc_ctx *ctx)
{
	/*
	 * Time-based reads keep invalidations flowing through every cycle;
	 * the load is stopped once the cycles are done.
	 */
	struct fio_params p = { .offset = 8 << 20, .size = 96 << 20,
				.runtime_s = CYCLES * CYCLE_BUDGET_S + 10 };
	struct fio_run load;
	struct arm_params ap;
	char disk[64], path[PATH_MAX];
	unsigned int unloaded = 0, armed_with_hits = 0;

	if (load_device_disk(ctx->opts->sysfs, ctx->device, disk, sizeof(disk))) {
		atc_error(ctx, "%s has no disk for the DMA load", ctx->device);
		return 0;
	}
	p.disk = disk;
	if (load_fio_start(ctx, &load, "fio-read-load", "dma-read-load.fio", &p)) {
		atc_error(ctx, "cannot start fio on %s", disk);
		return 0;
	}
	for (int i = 0; i < CYCLES; i++) {
		struct injector inj;

		/*
		 * A device that left the bus (a kernel removing it on the
		 * timeout) cannot be armed on: the checks judge what the
		 * load and the cycles came to.
		 */
		if (!pci_device_exists(ctx->opts->sysfs, ctx->device)) {
			atc_evidence_u64(ctx, "device_gone_at_cycle", i);
			break;
		}
		if (arm_load(ctx, &inj))
			break;
		arm_defaults(ctx, &ap);
		ap.times = -1;
		ap.probability = 50;
		if (arm_start(ctx, &inj, &ap)) {
			arm_unload(ctx, &inj);
			break;
		}
		if (arm_wait_injected(&inj, 1, INJECTION_WAIT_MS))
			armed_with_hits++;
		/*
		 * Removed while armed, with fio still submitting. A module
		 * that stays loaded cannot be loaded again: the check below
		 * says so, and the cycles end here.
		 */
		if (injector_unload_armed(&inj))
			break;
		unloaded++;
	}
	load_fio_stop(ctx, &load);
	snprintf(path, sizeof(path), "%s/module/%s", ctx->opts->sysfs,
		 INJECTOR_NAME);
	atc_evidence_u64(ctx, "cycles", CYCLES);
	atc_evidence_u64(ctx, "cycles_with_injections", armed_with_hits);
	atc_evidence_u64(ctx, "still_loaded", access(path, F_OK) == 0);
	atc_check(ctx, "U-removed-while-armed", unloaded == CYCLES &&
		  armed_with_hits == CYCLES && access(path, F_OK),
		  "%u of %d armed modules were removed under load; %u had injected before removal",
		  unloaded, CYCLES, armed_with_hits);

	atc_evidence(ctx, "fio_read_load", load_fio_json(&load));
	atc_check(ctx, "U-load-intact", fio_clean(&load) &&
		  load.sum.read_bytes > 0,
		  "the DMA load %s: %llu bytes read in %llu reads, %u failed jobs",
		  load.proc.timed_out ? "hung" :
		  load.stopped ? "ran until the cycles were done" : "completed",
		  (unsigned long long)load.sum.read_bytes,
		  (unsigned long long)load.sum.read_ios, load.sum.jobs_failed);
	return 0;
}
ATC_TEST(unload_under_load, "unload-under-load",
	 "the injector is removed while armed and under load; the system stays healthy",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE | NEED_FIO,
	 .timeout_s = CYCLES * CYCLE_BUDGET_S + 120);
