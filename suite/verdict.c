// SPDX-License-Identifier: GPL-2.0
#include "verdict.h"
#include "injector.h"

#include <json.h>
#include <stdio.h>
#include <string.h>

const char *judgement_name(enum judgement j)
{
	switch (j) {
	case JUDGED_PASS:
		return "pass";
	case JUDGED_FAIL:
		return "fail";
	default:
		return "inconclusive";
	}
}

enum judgement judge_ite_on_target(uint64_t ites, int64_t last_sid,
				   uint32_t target, char *why, size_t len)
{
	if (!ites || last_sid < 0) {
		snprintf(why, len,
			 "the IOMMU raised no ATC invalidation time-out error (ITE, CERROR_ATC_INV_SYNC; the device is 0x%04x)",
			 target);
		return JUDGED_FAIL;
	}
	snprintf(why, len,
		 "the IOMMU raised %llu ATC invalidation time-out errors, the last for ID 0x%04llx (the device is 0x%04x)",
		 (unsigned long long)ites, (unsigned long long)last_sid, target);
	return last_sid == target ? JUDGED_PASS : JUDGED_FAIL;
}

enum judgement judge_no_stale_dma(const struct atc_model_counts *end,
				  char *why, size_t len)
{
	if (!end->served) {
		snprintf(why, len,
			 "the device took no translation from its ATC: the IOMMU's ATC model saw none of its DMA (ATS off, or no device-TLB permitted)");
		return JUDGED_INCONCLUSIVE;
	}
	if (end->stale_served) {
		snprintf(why, len,
			 "%llu DMA translations went through ATC entries whose invalidation the device left unprocessed, reaching %llu guest pages (%llu from its ATC in all)",
			 (unsigned long long)end->stale_served,
			 (unsigned long long)end->stale_pages,
			 (unsigned long long)end->served);
		return JUDGED_FAIL;
	}
	snprintf(why, len,
		 "the device took %llu DMA translations from its ATC, none from an entry it left stale (%llu stale entries refused once fenced)",
		 (unsigned long long)end->served,
		 (unsigned long long)end->stale_refused);
	return JUDGED_PASS;
}

enum judgement judge_translated_blocked(const struct atc_model_counts *at,
					const struct atc_model_counts *end,
					char *why, size_t len)
{
	uint64_t after;

	if (!at) {
		snprintf(why, len,
			 "the IOMMU's ATC model was not read at the fence deadline: nothing to tell before from after");
		return JUDGED_INCONCLUSIVE;
	}
	if (!end->served) {
		snprintf(why, len,
			 "the device took no translation from its ATC: the IOMMU's ATC model saw none of its DMA (ATS off, or no device-TLB permitted)");
		return JUDGED_INCONCLUSIVE;
	}
	after = end->stale_served >= at->stale_served ?
		end->stale_served - at->stale_served : 0;
	snprintf(why, len,
		 "after the fence deadline the IOMMU accepted %llu translated requests through stale ATC entries (%llu before it; %llu stale entries refused once fenced)",
		 (unsigned long long)after,
		 (unsigned long long)at->stale_served,
		 (unsigned long long)end->stale_refused);
	return after ? JUDGED_FAIL : JUDGED_PASS;
}

static bool fn_is(struct json_object *ev, const char *const *names)
{
	const char *fn = injector_event_str(ev, "fn");

	for (; *names; names++)
		if (!strcmp(fn, *names))
			return true;
	return false;
}

void judge_no_blind_reset(struct json_object *events, uint64_t since_ns,
			  struct blind_reset_verdict *v)
{
	static const char *const opens[] = { "error_detected", "reset_prepare", NULL };
	static const char *const closes[] = { "resume", "reset_done", NULL };
	/* pci_reset_function{,_locked}() call the driver's reset_prepare/done
	 * themselves; the reset they do is the __pci_reset_function_locked()
	 * inside, judged on its own.
	 */
	static const char *const resets[] = { "__pci_reset_function_locked",
					      "pci_reset_bus", "pcie_flr", NULL };
	bool open = false, inside_locked = false;
	unsigned int in_flow = 0;
	struct json_object *ev;

	memset(v, 0, sizeof(*v));
	for (size_t i = 0; (ev = injector_event_next(events, NULL, &i));) {
		const char *name = injector_event_str(ev, "name");

		if ((uint64_t)injector_event_num(ev, "ns") < since_ns)
			continue;
		if (!strcmp(name, "cb"))
			inside_locked = false;	/* a callback ends any reset */
		if (!strcmp(name, "cb") &&
		    !strcmp(injector_event_str(ev, "phase"), "enter")) {
			if (fn_is(ev, opens)) {
				v->flows++;
				open = true;
				in_flow = 0;
			} else if (fn_is(ev, closes) && open) {
				v->flows_complete++;
				open = false;
			}
			continue;
		}
		if (strcmp(name, "pci_reset") || !fn_is(ev, resets))
			continue;
		/* the FLR that __pci_reset_function_locked() chose: same reset */
		if (!strcmp(injector_event_str(ev, "fn"), "pcie_flr") && inside_locked) {
			inside_locked = false;
			continue;
		}
		inside_locked = !strcmp(injector_event_str(ev, "fn"),
					"__pci_reset_function_locked");
		v->resets++;
		if (!open)
			v->blind++;
		else if (++in_flow == 2)
			v->crowded++;
	}

	if (v->blind)
		snprintf(v->why, sizeof(v->why),
			 "blind reset: %u of %u function resets outside any driver flow (%u flows begun)",
			 v->blind, v->resets, v->flows);
	else if (v->crowded)
		snprintf(v->why, sizeof(v->why),
			 "%u driver flows covered more than one function reset (%u resets, %u flows)",
			 v->crowded, v->resets, v->flows);
	else if (!v->resets && !v->flows_complete)
		snprintf(v->why, sizeof(v->why),
			 "no function reset and no complete driver flow after the timeout: nothing to judge (%u flows begun)",
			 v->flows);
	else
		snprintf(v->why, sizeof(v->why),
			 "%u function resets, each inside its own driver flow (%u complete flows)",
			 v->resets, v->flows_complete);
	v->j = v->blind || v->crowded || (!v->resets && !v->flows_complete) ?
	       JUDGED_FAIL : JUDGED_PASS;
}

/* Counted from the fence's and the restore's own sequence numbers. */
static bool by_fence_seq(int64_t from_seq, int64_t to_seq, uint64_t to_ns,
			 uint64_t matched, struct invalidation_verdict *v)
{
	int64_t end = to_seq >= 0 ? to_seq : (int64_t)matched;

	if (from_seq < 0 || (to_ns && to_seq < 0) || end < from_seq)
		return false;
	v->seq_before = from_seq;
	v->seq_after = end + 1;
	v->in_window = (uint64_t)(end - from_seq);
	v->exact = true;
	v->j = v->in_window ? JUDGED_FAIL : JUDGED_PASS;
	snprintf(v->why, sizeof(v->why),
		 "%llu device-TLB invalidations issued between the fence (after invalidation %lld) and %s (after %lld)",
		 (unsigned long long)v->in_window, (long long)from_seq,
		 to_ns ? "the restore" : "the end", (long long)end);
	return true;
}

void judge_no_invalidations(struct json_object *events, uint64_t from_ns,
			    uint64_t to_ns, int64_t from_seq, int64_t to_seq,
			    uint64_t matched, struct invalidation_verdict *v)
{
	struct json_object *ev;
	int64_t gap;

	memset(v, 0, sizeof(*v));
	v->seq_before = v->seq_after = -1;
	if (by_fence_seq(from_seq, to_seq, to_ns, matched, v))
		return;
	for (size_t i = 0; (ev = injector_event_next(events, "devtlb", &i));) {
		uint64_t ns = (uint64_t)injector_event_num(ev, "ns");
		int64_t seq = injector_event_num(ev, "seq");

		if (ns < from_ns)
			v->seq_before = seq > v->seq_before ? seq : v->seq_before;
		else if (!to_ns || ns < to_ns)
			v->in_window++;
		else if (v->seq_after < 0 || seq < v->seq_after)
			v->seq_after = seq;
	}
	/* without a restore, the last invalidation of all closes the window */
	if (!to_ns)
		v->seq_after = (int64_t)matched + 1;
	/* how many sequence numbers lie between the two sides */
	gap = v->seq_before >= 0 && v->seq_after >= 0 ?
	      v->seq_after - v->seq_before - 1 : -1;
	v->exact = gap >= 0 && (uint64_t)gap == v->in_window;

	if (v->in_window) {
		v->j = JUDGED_FAIL;
		snprintf(v->why, sizeof(v->why), "%s%llu device-TLB invalidations in the window",
			 v->exact ? "" : "at least ", (unsigned long long)v->in_window);
	} else if (v->exact) {
		v->j = JUDGED_PASS;
		snprintf(v->why, sizeof(v->why),
			 "none in the window: sequence %lld before it, %lld after it",
			 (long long)v->seq_before, (long long)v->seq_after);
	} else {
		v->j = JUDGED_INCONCLUSIVE;
		if (gap < 0)
			snprintf(v->why, sizeof(v->why),
				 "inconclusive: no recorded invalidation before the window to count from (the event ring was overwritten)");
		else
			snprintf(v->why, sizeof(v->why),
				 "inconclusive: %lld invalidations between sequence %lld and %lld went unrecorded (the event ring was overwritten); some may fall in the window",
				 (long long)gap, (long long)v->seq_before,
				 (long long)v->seq_after);
	}
}

/* A fence event's count of the device's invalidations before it, -1: none. */
static int64_t event_seq(struct json_object *ev)
{
	struct json_object *v;

	return json_object_object_get_ex(ev, "devtlb_seq", &v) ?
	       json_object_get_int64(v) : -1;
}

/* "fenced at +120 us", or what was seen instead */
static void witness(char *out, size_t len, int64_t ns, const char *none)
{
	if (ns < 0)
		snprintf(out, len, "%s", none);
	else
		snprintf(out, len, "fenced at +%lld us", (long long)(ns / 1000));
}

void judge_fenced(struct json_object *events, uint64_t since_ns,
		  uint64_t deadline_ns, int64_t config_fence_ns,
		  struct fence_verdict *v)
{
	bool ats_off = false, layer_ats = false, layer_park = false, raising;
	char kernel[64], config[64];
	unsigned int parked = 0;
	struct json_object *ev;

	memset(v, 0, sizeof(*v));
	v->kernel_fence_ns = v->kernel_restore_ns = -1;
	v->fence_seq = v->restore_seq = -1;
	v->config_fence_ns = config_fence_ns;
	for (size_t i = 0; (ev = injector_event_next(events, NULL, &i));) {
		const char *name = injector_event_str(ev, "name");
		uint64_t ns = (uint64_t)injector_event_num(ev, "ns");
		bool was = parked || ats_off;

		if (!strcmp(name, "ats_disable"))
			ats_off = true;
		else if (!strcmp(name, "ats_enable"))
			ats_off = false;
		else if (!strcmp(name, "iommu_reset_prepare"))
			parked++;
		else if (!strcmp(name, "iommu_reset_done") && parked)
			parked--;
		else
			continue;
		if (ns < since_ns)
			continue;
		/*
		 * The first fence after the timeout is in place once each of
		 * its layers is up: ATS off and the device parked, whichever
		 * came last. What the kernel issues while raising it (a flush
		 * of the device's ATC on the way to the blocking domain) is
		 * part of fencing, not a leak.
		 */
		raising = v->kernel_fence_ns >= 0 && v->kernel_restore_ns < 0 &&
			  ((ats_off && !layer_ats) || (parked && !layer_park));
		if ((!was && (parked || ats_off) && v->kernel_fence_ns < 0) || raising) {
			v->kernel_fence_ns = (int64_t)(ns - since_ns);
			v->fence_seq = event_seq(ev);
			layer_ats |= ats_off;
			layer_park |= parked > 0;
		} else if (was && !parked && !ats_off && v->kernel_fence_ns >= 0 &&
			   v->kernel_restore_ns < 0) {
			v->kernel_restore_ns = (int64_t)(ns - since_ns);
			v->restore_seq = event_seq(ev);
		}
	}
	v->fence_ns = v->kernel_fence_ns;
	if (config_fence_ns >= 0 && (v->fence_ns < 0 || config_fence_ns < v->fence_ns))
		v->fence_ns = config_fence_ns;
	v->j = v->fence_ns >= 0 && (uint64_t)v->fence_ns <= deadline_ns ?
	       JUDGED_PASS : JUDGED_FAIL;
	witness(kernel, sizeof(kernel), v->kernel_fence_ns, "no fence");
	witness(config, sizeof(config), config_fence_ns, "ATS Enable never seen clear");
	snprintf(v->why, sizeof(v->why),
		 "%s %llu ms of the timeout; kernel record: %s; config space: %s",
		 v->j == JUDGED_PASS ? "fenced within" : "not fenced within",
		 (unsigned long long)(deadline_ns / 1000000), kernel, config);
}
