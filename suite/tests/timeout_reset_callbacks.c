// SPDX-License-Identifier: GPL-2.0
/*
 * C4: recovery goes through the bound driver's error handlers, in order,
 * once per recovery, and IOMMU reset prepare/done come in pairs. A reset of
 * the function without the driver's callbacks is a blind reset: a failure.
 */
#include "atc.h"
#include "scenario.h"
#include "verdict.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

/* The driver callbacks entered after since_ns, in order: "a,b,c". */
static void callback_sequence(const struct scenario *sc, uint64_t since_ns,
			      char *out, size_t len, struct json_object *list)
{
	struct json_object *e;

	out[0] = '\0';
	for (size_t i = 0; (e = injector_event_next(sc->events, "cb", &i));) {
		const char *fn = injector_event_str(e, "fn");
		int64_t ns = injector_event_num(e, "ns");
		char item[96];

		if (strcmp(injector_event_str(e, "phase"), "enter") || !fn[0] ||
		    (uint64_t)ns < since_ns)
			continue;
		snprintf(out + strlen(out), len - strlen(out), "%s%s",
			 out[0] ? "," : "", fn);
		snprintf(item, sizeof(item), "%s at +%lld us", fn,
			 (long long)((uint64_t)ns - since_ns) / 1000);
		json_object_array_add(list, json_object_new_string(item));
	}
}

static bool valid_flow(const char *seq)
{
	static const char *const flows[] = {
		"error_detected,slot_reset,resume",
		"error_detected,mmio_enabled,slot_reset,resume",
		"error_detected,mmio_enabled,resume",
		"reset_prepare,reset_done",
	};

	for (size_t i = 0; i < sizeof(flows) / sizeof(flows[0]); i++)
		if (!strcmp(seq, flows[i]))
			return true;
	return false;
}

static int timeout_reset_callbacks(struct atc_ctx *ctx)
{
	/*
	 * It judges the callbacks, not the data: I/O a wrong response
	 * stranded (a reset behind the driver's back) need not be waited
	 * out for the default three minutes. A healthy verify takes 2 s.
	 */
	struct scenario_opts o = { .times = 1, .load_grace_s = 20,
				   .verify_limit_s = 30 };
	struct json_object *list = json_object_new_array();
	struct scenario sc;
	struct blind_reset_verdict br;
	unsigned int prepares, dones;
	char seq[512];

	if (scenario_run(ctx, &o, &sc)) {
		json_object_put(list);
		scenario_release(&sc);
		return 0;
	}
	callback_sequence(&sc, sc.first_inject_ns, seq, sizeof(seq), list);
	atc_evidence(ctx, "driver_callbacks", json_object_get(list));
	atc_evidence_u64(ctx, "recover_s", ctx->opts->recover_s);
	/* how many of the driver's handlers the injector could watch */
	atc_evidence_u64(ctx, "driver_callbacks_probed",
			 stat_u64(sc.stats, "cb_probed"));
	atc_check(ctx, "C4-driver-callbacks", valid_flow(seq),
		  seq[0] ? "the driver's callbacks ran as '%s'%s" :
			   "no error handler of the bound driver ran after the timeout%s%s",
		  seq, seq[0] && !valid_flow(seq) ? ", not one complete RAS flow" : "");
	json_object_put(list);

	judge_no_blind_reset(sc.events, sc.first_inject_ns, &br);
	atc_evidence_u64(ctx, "pci_resets", br.resets);
	atc_evidence_u64(ctx, "blind_resets", br.blind);
	atc_evidence_u64(ctx, "driver_flows", br.flows);
	atc_evidence_u64(ctx, "driver_flows_complete", br.flows_complete);
	atc_evidence_str(ctx, "driver_callbacks_seen", "%s", seq[0] ? seq : "none");
	atc_check(ctx, "C4-no-blind-reset", br.j == JUDGED_PASS, "%s", br.why);

	prepares = scenario_events(&sc, "iommu_reset_prepare", sc.first_inject_ns);
	dones = scenario_events(&sc, "iommu_reset_done", sc.first_inject_ns);
	atc_evidence_u64(ctx, "iommu_reset_prepare", prepares);
	atc_evidence_u64(ctx, "iommu_reset_done", dones);
	atc_check(ctx, "C4-iommu-reset-paired", prepares && prepares == dones,
		  "IOMMU reset prepare ran %u times, done %u times", prepares,
		  dones);
	scenario_release(&sc);
	return 0;
}
ATC_TEST(timeout_reset_callbacks, "timeout-reset-callbacks",
	 "recovery drives the bound driver's error handlers in order, never a blind reset",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR | NEED_FIO,
	 .timeout_s = 300);
