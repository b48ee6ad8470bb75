// SPDX-License-Identifier: GPL-2.0
/*
 * Several timeouts in a row, each fenced and recovered: after every
 * injected timeout the device's ATS is disabled and enabled again before
 * the next one.
 */
#include "atc.h"
#include "scenario.h"

#include <json.h>
#include <string.h>

#define TIMEOUTS 5
#define SPACING 100	/* matching invalidations between injections */

static int event_is(struct json_object *e, const char *name)
{
	return !strcmp(json_object_get_string(json_object_object_get(e, "name")),
		       name);
}

static int repeated_timeouts(struct atc_ctx *ctx)
{
	struct scenario_opts o = { .times = TIMEOUTS, .load_s = 12 };
	struct json_object *cycles = json_object_new_array();
	unsigned int injected = 0, recovered = 0;
	bool disabled = false, pending = false;
	struct scenario sc;
	size_t n;

	if (scenario_run(ctx, &o, &sc)) {
		json_object_put(cycles);
		scenario_release(&sc);
		return 0;
	}
	/*
	 * Walk the events: an injection opens a cycle, ats_disable then
	 * ats_enable close it as recovered.
	 */
	n = sc.events ? json_object_array_length(sc.events) : 0;
	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(sc.events, i);
		struct json_object *v;

		if (event_is(e, "devtlb") &&
		    json_object_object_get_ex(e, "injected", &v) &&
		    json_object_get_int(v)) {
			if (pending)
				json_object_array_add(cycles,
					json_object_new_string("not recovered before the next timeout"));
			injected++;
			pending = true;
			disabled = false;
		} else if (pending && event_is(e, "ats_disable")) {
			disabled = true;
		} else if (pending && disabled && event_is(e, "ats_enable")) {
			recovered++;
			pending = false;
			json_object_array_add(cycles,
				json_object_new_string("fenced and restored"));
		}
	}
	if (pending)
		json_object_array_add(cycles, json_object_new_string(
			disabled ? "fenced, never restored" : "never fenced"));
	atc_evidence_u64(ctx, "injected", sc.injected);
	atc_check(ctx, "C0-all-injected", sc.injected == TIMEOUTS,
		  "%llu of %d timeouts were injected", (unsigned long long)sc.injected,
		  TIMEOUTS);
	atc_evidence(ctx, "cycles", cycles);
	atc_evidence_u64(ctx, "injections_in_events", injected);
	atc_check(ctx, "C5-each-recovered", injected && recovered == injected,
		  "%u of %u injected timeouts were followed by fence and restore",
		  recovered, injected);
	scenario_release(&sc);
	return 0;
}
ATC_TEST(repeated_timeouts, "repeated-timeouts",
	 "five timeouts in a row, each fenced and recovered",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR | NEED_FIO,
	 .timeout_s = 300);
