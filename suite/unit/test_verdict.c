// SPDX-License-Identifier: GPL-2.0
/*
 * The judges on the injector's events, as the runner records them in a
 * test's events.json: each defect the judges once had is a case here.
 */
#include "unit.h"
#include "verdict.h"

#include <json.h>
#include <string.h>

#define EVENTS_61 "reports/fixtures/debian-6.1-timeout-fence-events.json"

static struct json_object *events(const char *text)
{
	struct json_object *ev = json_tokener_parse(text);

	assert_non_null(ev);
	return ev;
}

#define CB(ns, fn) "{\"ns\":" #ns ",\"name\":\"cb\",\"fn\":\"" fn "\",\"phase\":\"enter\"}"
#define RET(ns, fn) "{\"ns\":" #ns ",\"name\":\"cb\",\"fn\":\"" fn "\",\"phase\":\"return\"}"
#define RESET(ns, fn) "{\"ns\":" #ns ",\"name\":\"pci_reset\",\"fn\":\"" fn "\"}"
#define DEVTLB(ns, seq) "{\"ns\":" #ns ",\"name\":\"devtlb\",\"seq\":" #seq ",\"sid\":256,\"injected\":0,\"ret\":0}"

static void judge_resets(const char *text, uint64_t since, struct blind_reset_verdict *v)
{
	struct json_object *ev = events(text);

	judge_no_blind_reset(ev, since, v);
	json_object_put(ev);
}

/* The reviewed flow: pci_reset_function() brackets its reset with the driver's. */
static void test_reset_inside_flow(void **state)
{
	struct blind_reset_verdict v;

	(void)state;
	judge_resets("[" RESET(100, "pci_reset_function") "," CB(110, "reset_prepare") ","
		     RET(120, "reset_prepare") "," RESET(130, "__pci_reset_function_locked") ","
		     RESET(140, "pcie_flr") "," CB(150, "reset_done") "]", 50, &v);
	assert_int_equal(v.j, JUDGED_PASS);
	assert_int_equal(v.resets, 1);
	assert_int_equal(v.blind, 0);
	assert_int_equal(v.flows_complete, 1);
	judge_resets("[" CB(110, "error_detected") "," RESET(130, "__pci_reset_function_locked") ","
		     CB(140, "slot_reset") "," CB(150, "resume") "]", 50, &v);
	assert_int_equal(v.j, JUDGED_PASS);
}

/* What the seed's v1 posting did: a reset behind the driver's back. */
static void test_blind_reset(void **state)
{
	struct blind_reset_verdict v;

	(void)state;
	judge_resets("[" RESET(130, "__pci_reset_function_locked") "," RESET(131, "pcie_flr") "]",
		     50, &v);
	assert_int_equal(v.j, JUDGED_FAIL);
	assert_int_equal(v.resets, 1);
	assert_int_equal(v.blind, 1);
	assert_non_null(strstr(v.why, "blind reset: 1 of 1"));
	/* after a complete flow, a second reset is blind again */
	judge_resets("[" CB(110, "reset_prepare") "," RESET(130, "__pci_reset_function_locked") ","
		     CB(150, "reset_done") "," RESET(160, "pcie_flr") "]", 50, &v);
	assert_int_equal(v.j, JUDGED_FAIL);
	assert_int_equal(v.blind, 1);
}

/* The old judge passed one callback flow for any number of resets. */
static void test_one_flow_many_resets(void **state)
{
	struct blind_reset_verdict v;

	(void)state;
	judge_resets("[" CB(110, "error_detected") "," RESET(120, "__pci_reset_function_locked") ","
		     RESET(130, "__pci_reset_function_locked") "," RESET(140, "pci_reset_bus") ","
		     CB(150, "slot_reset") "," CB(160, "resume") "]", 50, &v);
	assert_int_equal(v.j, JUDGED_FAIL);
	assert_int_equal(v.resets, 3);
	assert_int_equal(v.crowded, 1);
}

/* The old judge passed whenever nothing happened: every released kernel. */
static void test_nothing_happened(void **state)
{
	struct json_object *ev;
	struct blind_reset_verdict v;

	(void)state;
	judge_resets("[]", 0, &v);
	assert_int_equal(v.j, JUDGED_FAIL);
	assert_non_null(strstr(v.why, "nothing to judge"));
	/* a real 6.1 run: invalidations, no reset, no callback */
	ev = json_object_from_file(EVENTS_61);
	assert_non_null(ev);
	judge_no_blind_reset(ev, 0, &v);
	assert_int_equal(v.j, JUDGED_FAIL);
	assert_int_equal(v.resets, 0);
	json_object_put(ev);
	/* a flow that ran to its end without a reset the probes saw passes */
	judge_resets("[" CB(110, "error_detected") "," CB(140, "slot_reset") ","
		     CB(150, "resume") "]", 50, &v);
	assert_int_equal(v.j, JUDGED_PASS);
	/* events before the timeout are not this recovery's */
	judge_resets("[" CB(10, "reset_prepare") "," RESET(20, "__pci_reset_function_locked") ","
		     CB(30, "reset_done") "]", 50, &v);
	assert_int_equal(v.j, JUDGED_FAIL);
}

static void judge_window(const char *text, uint64_t from, uint64_t to, int64_t from_seq,
			 int64_t to_seq, uint64_t matched, struct invalidation_verdict *v)
{
	struct json_object *ev = events(text);

	judge_no_invalidations(ev, from, to, from_seq, to_seq, matched, v);
	json_object_put(ev);
}

static void test_window_proven_empty(void **state)
{
	struct invalidation_verdict v;

	(void)state;
	judge_window("[" DEVTLB(100, 1) "," DEVTLB(300, 2) "," DEVTLB(310, 3) "]", 150, 250, -1, -1, 3, &v);
	assert_int_equal(v.j, JUDGED_PASS);
	assert_true(v.exact);
	assert_int_equal(v.seq_before, 1);
	assert_int_equal(v.seq_after, 2);
	/* never restored: the injector's total closes the window */
	judge_window("[" DEVTLB(100, 1) "]", 150, 0, -1, -1, 1, &v);
	assert_int_equal(v.j, JUDGED_PASS);
}

static void test_window_invalidated(void **state)
{
	struct invalidation_verdict v;

	(void)state;
	judge_window("[" DEVTLB(100, 1) "," DEVTLB(200, 2) "," DEVTLB(300, 3) "]", 150, 250, -1, -1, 3, &v);
	assert_int_equal(v.j, JUDGED_FAIL);
	assert_int_equal(v.in_window, 1);
	assert_true(v.exact);
	judge_window("[" DEVTLB(100, 1) "," DEVTLB(200, 7) "," DEVTLB(300, 9) "]", 150, 250, -1, -1, 9, &v);
	assert_int_equal(v.j, JUDGED_FAIL);
	assert_false(v.exact);
	assert_non_null(strstr(v.why, "at least 1"));
	/* never restored, still invalidating */
	judge_window("[" DEVTLB(100, 1) "," DEVTLB(200, 2) "]", 150, 0, -1, -1, 2, &v);
	assert_int_equal(v.j, JUDGED_FAIL);
}

/*
 * The old judge counted the ring's events in the window: after a quick
 * restore the load's later invalidations overwrite the ring, the window
 * holds none, and it passed. The same shape from a real 6.1 run: the
 * injected invalidation (seq 1) kept, then seq 4778 on.
 */
static void test_window_overwritten(void **state)
{
	struct invalidation_verdict v;
	struct json_object *ev;

	(void)state;
	judge_window("[" DEVTLB(100, 1) "," DEVTLB(300, 4778) "," DEVTLB(310, 4779) "]",
		     150, 250, -1, -1, 4779, &v);
	assert_int_equal(v.j, JUDGED_INCONCLUSIVE);
	assert_int_equal(v.in_window, 0);
	assert_non_null(strstr(v.why, "4776 invalidations between sequence 1 and 4778"));
	ev = json_object_from_file(EVENTS_61);
	assert_non_null(ev);
	/* a fence 1 ms after the injection, a restore 1 ms later */
	judge_no_invalidations(ev, 56955120950ull + 1000000, 56955120950ull + 2000000, -1, -1,
			       9000, &v);
	assert_int_equal(v.j, JUDGED_INCONCLUSIVE);
	assert_int_equal(v.seq_before, 1);
	assert_int_equal(v.seq_after, 4778);
	json_object_put(ev);
	/* nothing recorded before the window: nothing to count from */
	judge_window("[" DEVTLB(300, 4778) "]", 150, 250, -1, -1, 4778, &v);
	assert_int_equal(v.j, JUDGED_INCONCLUSIVE);
	assert_string_equal(judgement_name(v.j), "inconclusive");
}

#define EV(ns, name) "{\"ns\":" #ns ",\"name\":\"" name "\"}"
#define FENCE_EV(ns, name, seq) "{\"ns\":" #ns ",\"name\":\"" name "\",\"devtlb_seq\":" #seq "}"

/*
 * The fence and its end carry the count of the device's invalidations
 * issued before them: exact, whatever the ring kept.
 */
static void test_window_by_fence_seq(void **state)
{
	struct invalidation_verdict v;
	struct fence_verdict f;
	struct json_object *ev;

	(void)state;
	/* the reviewed flow: parked at +200 us, restored later, no invalidation between */
	ev = events("[" FENCE_EV(1200000, "iommu_reset_prepare", 1) "," FENCE_EV(1210000, "ats_disable", 1) ","
		    FENCE_EV(1900000, "ats_enable", 1) "," FENCE_EV(1950000, "iommu_reset_done", 1) ","
		    DEVTLB(3000000, 4778) "]");
	judge_fenced(ev, 1000000, 1000000000, -1, &f);
	assert_int_equal(f.j, JUDGED_PASS);
	assert_int_equal(f.fence_seq, 1);
	assert_int_equal(f.restore_seq, 1);
	json_object_put(ev);
	/*
	 * 7.2's blocking domain, as recorded with the reference responder:
	 * parking flushes the device's ATC once (7) before ATS goes off; the
	 * fence is in place at the ATS disable, nothing is issued after it.
	 */
	ev = events("[" FENCE_EV(1100000, "iommu_reset_prepare", 6) "," DEVTLB(1200000, 7) ","
		    FENCE_EV(1300000, "ats_disable", 7) "," FENCE_EV(1400000, "iommu_reset_prepare", 7) ","
		    FENCE_EV(1500000, "iommu_reset_done", 7) "," FENCE_EV(1510000, "iommu_reset_done", 7) ","
		    FENCE_EV(1520000, "ats_enable", 7) "]");
	judge_fenced(ev, 1000000, 1000000000, -1, &f);
	assert_int_equal(f.kernel_fence_ns, 300000);
	assert_int_equal(f.fence_seq, 7);
	assert_int_equal(f.kernel_restore_ns, 520000);
	assert_int_equal(f.restore_seq, 7);
	judge_no_invalidations(ev, 1300000, 1520000, f.fence_seq, f.restore_seq, 7, &v);
	assert_int_equal(v.j, JUDGED_PASS);
	json_object_put(ev);
	ev = events("[]");
	judge_no_invalidations(ev, 1200000, 1950000, 1, 1, 4778, &v);
	assert_int_equal(v.j, JUDGED_PASS);
	assert_true(v.exact);
	json_object_put(ev);
	/* leaky: two issued while fenced, though the ring kept neither */
	judge_no_invalidations(NULL, 150, 250, 1, 3, 4778, &v);
	assert_int_equal(v.j, JUDGED_FAIL);
	assert_int_equal(v.in_window, 2);
	assert_non_null(strstr(v.why, "2 device-TLB invalidations issued between the fence"));
	/* never restored: the injector's total closes it */
	judge_no_invalidations(NULL, 150, 0, 5, -1, 5, &v);
	assert_int_equal(v.j, JUDGED_PASS);
	judge_no_invalidations(NULL, 150, 0, 5, -1, 9, &v);
	assert_int_equal(v.j, JUDGED_FAIL);
	/* a restore without its count: back to the ring */
	judge_no_invalidations(NULL, 150, 250, 5, -1, 9, &v);
	assert_int_equal(v.j, JUDGED_INCONCLUSIVE);
}

static void judge_fence(const char *text, int64_t config_ns, struct fence_verdict *v)
{
	struct json_object *ev = events(text);

	/* the timeout at 1 ms, a 1000 ms deadline */
	judge_fenced(ev, 1000000, 1000000000, config_ns, v);
	json_object_put(ev);
}

/* Config space polled late misses a quick disable and re-enable. */
static void test_fence_quick(void **state)
{
	struct fence_verdict v;

	(void)state;
	judge_fence("[" EV(500000, "ats_enable") "," EV(1100000, "ats_disable") ","
		    EV(1300000, "ats_enable") "]", -1, &v);
	assert_int_equal(v.j, JUDGED_PASS);
	assert_int_equal(v.kernel_fence_ns, 100000);
	assert_int_equal(v.kernel_restore_ns, 300000);
	assert_non_null(strstr(v.why, "kernel record: fenced at +100 us; config space: ATS Enable never seen clear"));
}

/* A fence at the IOMMU (the blocking domain) with ATS left on in config space. */
static void test_fence_at_iommu(void **state)
{
	struct fence_verdict v;

	(void)state;
	judge_fence("[" EV(1200000, "iommu_reset_prepare") "," EV(1300000, "iommu_reset_prepare") ","
		    EV(1400000, "iommu_reset_done") "," EV(9000000, "iommu_reset_done") "]", -1, &v);
	assert_int_equal(v.j, JUDGED_PASS);
	assert_int_equal(v.kernel_fence_ns, 200000);
	/* nested: restored when the outer one is undone */
	assert_int_equal(v.kernel_restore_ns, 8000000);
	/* config space alone still counts, the earlier witness wins */
	judge_fence("[]", 50000, &v);
	assert_int_equal(v.j, JUDGED_PASS);
	assert_int_equal(v.fence_ns, 50000);
}

static void test_fence_late_or_never(void **state)
{
	struct fence_verdict v;
	struct json_object *ev;

	(void)state;
	/* twice the deadline */
	judge_fence("[" EV(2001000000, "ats_disable") "]", -1, &v);
	assert_int_equal(v.j, JUDGED_FAIL);
	assert_non_null(strstr(v.why, "not fenced within 1000 ms of the timeout; kernel record: fenced at +2000000 us"));
	/* a fence before the timeout is no answer to it */
	judge_fence("[" EV(500000, "ats_disable") "]", -1, &v);
	assert_int_equal(v.j, JUDGED_FAIL);
	/* a real 6.1 run: nothing fences */
	ev = json_object_from_file(EVENTS_61);
	assert_non_null(ev);
	judge_fenced(ev, 56955120950ull, 1000000000, -1, &v);
	assert_int_equal(v.j, JUDGED_FAIL);
	assert_int_equal(v.kernel_fence_ns, -1);
	json_object_put(ev);
}

/*
 * The IOMMU's own record (hw-agent's stats): ITEs for the target pass;
 * ITEs for another device (control-ite-elsewhere) or none at all fail.
 */
static void test_ite_on_target(void **state)
{
	char why[256];

	(void)state;
	assert_int_equal(judge_ite_on_target(1, 0x100, 0x100, why, sizeof(why)),
			 JUDGED_PASS);
	assert_non_null(strstr(why, "the last for ID 0x0100"));
	assert_int_equal(judge_ite_on_target(1, 0x18, 0x100, why, sizeof(why)),
			 JUDGED_FAIL);
	assert_non_null(strstr(why, "ID 0x0018 (the device is 0x0100)"));
	assert_int_equal(judge_ite_on_target(0, -1, 0x100, why, sizeof(why)),
			 JUDGED_FAIL);
	assert_int_equal(judge_ite_on_target(0, 0x100, 0x100, why, sizeof(why)),
			 JUDGED_FAIL);
}

/*
 * The IOMMU's device ATC model, as hw-agent counted it. On VT-d 6.1
 * (timeout-integrity, seed 7) the device took 18082 translations from its
 * ATC and none from a stale entry: the kernel retried until it answered.
 */
static void test_no_stale_dma(void **state)
{
	const struct atc_model_counts vtd61 = { .served = 18082 };
	const struct atc_model_counts smmu612 = {
		.served = 28, .stale_served = 3, .stale_pages = 1,
	};
	const struct atc_model_counts none = { 0 };
	char why[256];

	(void)state;
	assert_int_equal(judge_no_stale_dma(&vtd61, why, sizeof(why)),
			 JUDGED_PASS);
	assert_non_null(strstr(why, "18082 DMA translations"));
	/*
	 * 6.12 arm64 (timeout-integrity, seed 7): after each
	 * CERROR_ATC_INV_SYNC the driver repeated only the CMD_SYNC and
	 * reused the IOVAs; 3 of the device's 28 ATC translations were stale.
	 */
	assert_int_equal(judge_no_stale_dma(&smmu612, why, sizeof(why)),
			 JUDGED_FAIL);
	assert_non_null(strstr(why, "3 DMA translations went through"));
	assert_non_null(strstr(why, "reaching 1 guest pages"));
	/* no ATC use at all: the model saw nothing */
	assert_int_equal(judge_no_stale_dma(&none, why, sizeof(why)),
			 JUDGED_INCONCLUSIVE);
}

static void test_translated_blocked(void **state)
{
	const struct atc_model_counts at = { .served = 20 };
	const struct atc_model_counts vtd61 = { .served = 18082 };
	const struct atc_model_counts smmu612 = {
		.served = 28, .stale_served = 3, .stale_pages = 1,
	};
	char why[256];

	(void)state;
	assert_int_equal(judge_translated_blocked(&at, &vtd61, why, sizeof(why)),
			 JUDGED_PASS);
	assert_non_null(strstr(why, "accepted 0 translated requests"));
	assert_int_equal(judge_translated_blocked(NULL, &vtd61, why, sizeof(why)),
			 JUDGED_INCONCLUSIVE);
	/* the same 6.12 run: nothing fenced, all 3 came after the deadline */
	assert_int_equal(judge_translated_blocked(&at, &smmu612, why, sizeof(why)),
			 JUDGED_FAIL);
	assert_non_null(strstr(why, "accepted 3 translated requests"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_inside_flow),
		cmocka_unit_test(test_blind_reset),
		cmocka_unit_test(test_one_flow_many_resets),
		cmocka_unit_test(test_nothing_happened),
		cmocka_unit_test(test_window_proven_empty),
		cmocka_unit_test(test_window_invalidated),
		cmocka_unit_test(test_window_overwritten),
		cmocka_unit_test(test_fence_quick),
		cmocka_unit_test(test_ite_on_target),
		cmocka_unit_test(test_no_stale_dma),
		cmocka_unit_test(test_translated_blocked),
		cmocka_unit_test(test_fence_at_iommu),
		cmocka_unit_test(test_fence_late_or_never),
		cmocka_unit_test(test_window_by_fence_seq),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
