// SPDX-License-Identifier: GPL-2.0
/*
 * Several timeouts in a row, each fenced and recovered: every injected
 * timeout is followed by the device's ATS being disabled and then enabled
 * again within --recover-s. The timeouts are SPACING matching
 * invalidations apart, so a
 * fenced device (which gets none) cannot time out again before it is
 * restored.
 */
#include "atc.h"
#include "scenario.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

#define TIMEOUTS 5
#define SPACING 1000	/* matching invalidations between injections */

static int repeated_timeouts(struct atc_ctx *ctx)
{
	struct scenario_opts o = { .times = TIMEOUTS, .interval = SPACING,
				   .load_s = 12 };
	struct json_object *cycles = json_object_new_array();
	unsigned int injected = 0, recovered = 0, late = 0;
	uint64_t limit_ns = (uint64_t)ctx->opts->recover_s * 1000000000ull;
	struct json_object *e;
	struct scenario sc;

	if (scenario_run(ctx, &o, &sc)) {
		json_object_put(cycles);
		scenario_release(&sc);
		return 0;
	}
	/*
	 * Every injected timeout must be followed by a fence (ATS disabled)
	 * and then a restore (ATS enabled). A timeout that comes while an
	 * earlier one's recovery is still on its way is covered by it.
	 */
	for (size_t i = 0; (e = injector_event_next(sc.events, "devtlb", &i));) {
		uint64_t at, fence, restore;
		char line[128];

		if (!injector_event_injected(e))
			continue;
		injected++;
		at = (uint64_t)injector_event_num(e, "ns");
		fence = injector_event_first(sc.events, "ats_disable", at + 1);
		restore = fence ? injector_event_first(sc.events, "ats_enable", fence + 1) : 0;
		if (restore) {
			/* a restore after --recover-s is no recovery */
			if (restore - at <= limit_ns)
				recovered++;
			else
				late++;
			snprintf(line, sizeof(line), "fenced after %llu us, restored after %llu us%s",
				 (unsigned long long)(fence - at) / 1000,
				 (unsigned long long)(restore - at) / 1000,
				 restore - at <= limit_ns ? "" : ", too late");
		} else {
			snprintf(line, sizeof(line), "%s",
				 fence ? "fenced, never restored" : "never fenced");
		}
		json_object_array_add(cycles, json_object_new_string(line));
	}
	atc_evidence_u64(ctx, "injected", sc.injected);
	atc_check(ctx, "C0-all-injected", sc.injected == TIMEOUTS,
		  "%llu of %d timeouts were injected", (unsigned long long)sc.injected,
		  TIMEOUTS);
	atc_evidence(ctx, "cycles", cycles);
	atc_evidence_u64(ctx, "injections_in_events", injected);
	atc_evidence_u64(ctx, "fences", stat_u64(sc.stats, "ats_disable"));
	atc_evidence_u64(ctx, "recover_s", ctx->opts->recover_s);
	atc_evidence_u64(ctx, "restored_too_late", late);
	atc_check(ctx, "C5-each-recovered", injected && recovered == injected,
		  "%u of %u injected timeouts were followed by fence and restore within %u s",
		  recovered, injected, ctx->opts->recover_s);
	scenario_release(&sc);
	return 0;
}
ATC_TEST(repeated_timeouts, "repeated-timeouts",
	 "five timeouts in a row, each fenced and recovered",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE | NEED_FIO,
	 .timeout_s = 300);
