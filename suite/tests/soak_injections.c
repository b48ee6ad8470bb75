// SPDX-License-Identifier: GPL-2.0
/*
 * Endurance: a thousand injected timeouts, in rounds, in one guest under
 * DMA load. After every round the device answers as before; kernel
 * memory, the runner's open files and the module's references do not
 * grow; the module still unloads. control-soak-growth shows the memory
 * and file judgements fail on real growth.
 */
#include "atc.h"
#include "scenario.h"
#include "soak.h"

#include <json.h>

static int soak_injections(struct atc_ctx *ctx)
{
	struct soak s;
	char why[256];

	if (soak_run(ctx, &s, NULL, NULL)) {
		soak_release(&s);
		return 0;
	}
	atc_evidence(ctx, "rounds", json_object_get(s.per_round));
	atc_evidence_u64(ctx, "injected", s.injected);
	atc_check(ctx, "S-injections", s.injected == SOAK_INJECTIONS,
		  "%llu of %d timeouts injected in %d rounds of %d",
		  (unsigned long long)s.injected, SOAK_INJECTIONS, s.rounds,
		  SOAK_PER_ROUND);
	atc_check(ctx, "S-device-answers", s.answered == s.rounds,
		  "after %d of %d rounds the ATS Control of %s was as before (0x%04x)",
		  s.answered, s.rounds, ctx->device, s.ats_control);
	atc_check(ctx, "S-kernel-memory", soak_memory_steady(&s, why, sizeof(why)),
		  "%s", why);
	atc_check(ctx, "S-file-descriptors", soak_fds_steady(&s, why, sizeof(why)),
		  "%s", why);
	atc_check(ctx, "S-module-references", s.refcnt == 0,
		  "%s reference count %ld after the last disarm", INJECTOR_NAME,
		  s.refcnt);
	atc_check(ctx, "S-unloaded", s.unloaded, "%s %sremoved after %llu injections",
		  INJECTOR_NAME, s.unloaded ? "" : "not ",
		  (unsigned long long)s.injected);
	atc_evidence(ctx, "fio_read_load", load_fio_json(&s.load));
	atc_check(ctx, "S-load-intact", fio_clean(&s.load) &&
		  s.load.sum.read_bytes > 0,
		  "the DMA load beside the soak: %llu bytes read in %llu reads, %u failed jobs",
		  (unsigned long long)s.load.sum.read_bytes,
		  (unsigned long long)s.load.sum.read_ios, s.load.sum.jobs_failed);
	soak_release(&s);
	return 0;
}
ATC_TEST(soak_injections, "soak-injections",
	 "1000 injected timeouts in rounds under load: device answers, no kernel memory, fd or reference growth",
	 .group = "soak",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE | NEED_FIO,
	 .timeout_s = 600);
