// SPDX-License-Identifier: GPL-2.0
/* A runner killed mid-test cannot leave the system injecting. */
#include "atc.h"
#include "arming.h"
#include "injector.h"

#include <json.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *probe_word(int state)
{
	return state == 1 ? "enabled" : state == 0 ? "disabled" : "absent";
}

static int injector_deadman(struct atc_ctx *ctx)
{
	int before, during, after;
	char sym[128] = "", armed_sym[128] = "";
	struct json_object *stats;
	struct arm_params ap;
	struct injector inj;
	char armed[16] = "", reason[64] = "";

	if (arm_load(ctx, &inj))
		return 0;
	before = injector_site_probe(ctx->opts->debugfs, sym, sizeof(sym));
	arm_defaults(ctx, &ap);
	ap.max_armed_ms = 300;
	if (arm_start(ctx, &inj, &ap)) {
		arm_unload(ctx, &inj);
		return 0;
	}
	during = injector_site_probe(ctx->opts->debugfs, armed_sym,
				     sizeof(armed_sym));
	usleep(1000000);
	after = injector_site_probe(ctx->opts->debugfs, sym, sizeof(sym));
	injector_get(&inj, "armed", armed, sizeof(armed));
	stats = arm_stats(ctx, &inj);
	if (stats && json_object_object_get(stats, "disarm_reason"))
		snprintf(reason, sizeof(reason), "%s", json_object_get_string(
			 json_object_object_get(stats, "disarm_reason")));
	atc_evidence_str(ctx, "disarm_reason", "%s", reason);
	atc_evidence_u64(ctx, "armed_for_ms",
			 (stat_u64(stats, "disarmed_ns") - stat_u64(stats, "armed_ns")) / 1000000);
	atc_check(ctx, "I-deadman", armed[0] == '0' && !strcmp(reason, "deadman"),
		  "max_armed_ms=300: after 1 s armed reads '%c', disarm reason '%s'",
		  armed[0], reason);
	json_object_put(stats);

	/* P1: a loaded, disarmed module leaves the hot path unpatched. */
	atc_evidence_str(ctx, "site_symbol", "%s", armed_sym);
	atc_check(ctx, "I-probe-armed-only", !before && during == 1 && !after,
		  "the site probe on %s: %s when loaded, %s while armed, %s after the dead-man",
		  armed_sym[0] ? armed_sym : "(none listed)", probe_word(before),
		  probe_word(during), probe_word(after));
	arm_unload(ctx, &inj);
	return 0;
}
ATC_TEST(injector_deadman, "injector-deadman",
	 "atc_inject disarms itself max_armed_ms after arming",
	 .group = "injector", .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE,
	 .timeout_s = 60);
