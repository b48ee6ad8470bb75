// SPDX-License-Identifier: GPL-2.0
/* C0: the injector fires, exactly as often as asked, on the target only. */
#include "atc.h"
#include "scenario.h"

#include <json.h>
#include <string.h>

#define TIMES 5

/* Injected device-TLB events whose source-id is not the target's. */
static unsigned int foreign_injections(const struct scenario *sc,
				       uint16_t rid)
{
	unsigned int foreign = 0;
	struct json_object *e;

	for (size_t i = 0; (e = injector_event_next(sc->events, "devtlb", &i));)
		if (injector_event_injected(e) && injector_event_num(e, "sid") != rid)
			foreign++;
	return foreign;
}

static int inject_smoke(struct atc_ctx *ctx)
{
	struct scenario_opts o = { .times = TIMES, .neighbour_load = true };
	struct scenario sc;
	uint16_t rid = pci_bdf_requester_id(ctx->device);
	unsigned int foreign;

	if (scenario_run(ctx, &o, &sc)) {
		scenario_release(&sc);
		return 0;
	}
	atc_evidence_u64(ctx, "injected", sc.injected);
	atc_evidence_u64(ctx, "matched", stat_u64(sc.stats, "matched"));
	atc_check(ctx, "C0-injected", sc.injected == TIMES,
		  "times=%d gave %llu injected timeouts on %s", TIMES,
		  (unsigned long long)sc.injected, ctx->device);

	foreign = foreign_injections(&sc, rid);
	atc_evidence_u64(ctx, "injected_on_other_devices", foreign);
	atc_evidence_u64(ctx, "other_device_tlb_invalidations",
			 stat_u64(sc.stats, "other_devtlb"));
	atc_evidence_u64(ctx, "target_requester_id", rid);
	atc_check(ctx, "C0-target-only", foreign == 0 &&
		  scenario_events(&sc, "devtlb", 0) > 0,
		  "%u injections hit other devices; %u device-TLB events recorded for the target",
		  foreign, scenario_events(&sc, "devtlb", 0));
	scenario_release(&sc);
	return 0;
}
ATC_TEST(inject_smoke, "inject-smoke",
	 "the injector fires on the target device only, as often as asked",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE | NEED_FIO,
	 .timeout_s = 300);
