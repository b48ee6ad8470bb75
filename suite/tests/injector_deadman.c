// SPDX-License-Identifier: GPL-2.0
/* A runner killed mid-test cannot leave the system injecting. */
#include "atc.h"
#include "arming.h"

#include <json.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int injector_deadman(struct atc_ctx *ctx)
{
	struct json_object *stats;
	struct arm_params ap;
	struct injector inj;
	char armed[16] = "", reason[64] = "";

	if (arm_load(ctx, &inj))
		return 0;
	arm_defaults(ctx, &ap);
	ap.max_armed_ms = 300;
	if (arm_start(ctx, &inj, &ap)) {
		arm_unload(ctx, &inj);
		return 0;
	}
	usleep(1000000);
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
	arm_unload(ctx, &inj);
	return 0;
}
ATC_TEST(injector_deadman, "injector-deadman",
	 "atc_inject disarms itself max_armed_ms after arming",
	 .group = "injector", .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE,
	 .timeout_s = 60);
