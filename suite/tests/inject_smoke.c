// SPDX-License-Identifier: GPL-2.0
/* C0: the injector fires, exactly as often as asked, on the target only. */
#include "arming.h"
#include "atc.h"
#include "scenario.h"

#include <json.h>
#include <string.h>

#define TIMES 5

/*
 * The injector records only the invalidations its matcher took for the
 * target's, each with the ID decoded from its descriptor (source-id,
 * StreamID): any other ID there is a device the matcher took for the
 * target.
 */
static void foreign_matches(const struct scenario *sc, uint32_t id,
			    unsigned int *matched, unsigned int *injected)
{
	struct json_object *e;

	*matched = *injected = 0;
	for (size_t i = 0; (e = injector_event_next(sc->events, "devtlb", &i));) {
		if (injector_event_num(e, "sid") == id)
			continue;
		(*matched)++;
		*injected += injector_event_injected(e);
	}
}

static int inject_smoke(struct atc_ctx *ctx)
{
	struct scenario_opts o = { .times = TIMES, .neighbour_load = true };
	struct scenario sc;
	uint32_t id = arm_device_id(ctx, ctx->device);
	unsigned int foreign, foreign_injected;

	if (scenario_run(ctx, &o, &sc)) {
		scenario_release(&sc);
		return 0;
	}
	atc_evidence_u64(ctx, "injected", sc.injected);
	atc_evidence_u64(ctx, "matched", stat_u64(sc.stats, "matched"));
	atc_check(ctx, "C0-injected", sc.injected == TIMES,
		  "times=%d gave %llu injected timeouts on %s", TIMES,
		  (unsigned long long)sc.injected, ctx->device);

	foreign_matches(&sc, id, &foreign, &foreign_injected);
	atc_evidence_u64(ctx, "matched_on_other_devices", foreign);
	atc_evidence_u64(ctx, "injected_on_other_devices", foreign_injected);
	atc_evidence_u64(ctx, "other_device_tlb_invalidations",
			 stat_u64(sc.stats, "other_devtlb"));
	atc_evidence_u64(ctx, "target_iommu_id", id);
	atc_check(ctx, "C0-target-only", foreign == 0 &&
		  scenario_events(&sc, "devtlb", 0) > 0,
		  "%u invalidations of other devices matched as the target's (%u injected); %u device-TLB events recorded",
		  foreign, foreign_injected, scenario_events(&sc, "devtlb", 0));
	scenario_release(&sc);
	return 0;
}
ATC_TEST(inject_smoke, "inject-smoke",
	 "the injector fires on the target device only, as often as asked",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE | NEED_FIO,
	 .timeout_s = 300);
