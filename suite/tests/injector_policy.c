// SPDX-License-Identifier: GPL-2.0
/*
 * The fault policy on real invalidations: probability 50 lands within
 * statistical bounds; the same seed over the same sequence of matching
 * invalidations injects at the same sequence numbers; times caps it.
 */
#include "atc.h"
#include "arming.h"
#include "load.h"

#include <json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define MIN_MATCHED 10000

struct policy_run {
	uint64_t matched, injected;
	struct json_object *events;
};

/*
 * One armed run under load; rate_iops > 0 paces it (4k reads) so that
 * every invalidation of the run fits in the injector's event ring.
 */
static int run_once(struct atc_ctx *ctx, const char *disk, uint64_t seed,
		    unsigned int probability, int times, unsigned int load_s,
		    unsigned int rate_iops, struct policy_run *out)
{
	struct fio_params p = { .disk = disk, .offset = 8 << 20,
				.size = 96 << 20, .runtime_s = load_s,
				.rate_iops = rate_iops };
	struct json_object *stats;
	struct arm_params ap;
	struct injector inj;
	struct fio_run fio;

	memset(out, 0, sizeof(*out));
	if (arm_load(ctx, &inj))
		return -1;
	arm_defaults(ctx, &ap);
	ap.seed = seed;
	ap.probability = probability;
	ap.times = times;
	if (arm_start(ctx, &inj, &ap)) {
		arm_unload(ctx, &inj);
		return -1;
	}
	load_fio(ctx, &fio, rate_iops ? "fio-paced-read" : "fio-read-load",
		 rate_iops ? "dma-paced-read.fio" : "dma-read-load.fio", &p,
		 load_s + 60);
	arm_stop(ctx, &inj);
	stats = arm_stats(ctx, &inj);
	out->events = arm_events(ctx, &inj);
	out->matched = stat_u64(stats, "matched");
	out->injected = stat_u64(stats, "injected");
	json_object_put(stats);
	arm_unload(ctx, &inj);
	return 0;
}

/* The range of device-TLB sequence numbers the event ring still holds. */
static void recorded_range(struct json_object *events, uint64_t *lo,
			   uint64_t *hi)
{
	struct json_object *e;

	*lo = UINT64_MAX;
	*hi = 0;
	for (size_t i = 0; (e = injector_event_next(events, "devtlb", &i));) {
		uint64_t seq = (uint64_t)injector_event_num(e, "seq");

		if (seq < *lo)
			*lo = seq;
		if (seq > *hi)
			*hi = seq;
	}
}

/* Sequence numbers of injected events in [min_seq, max_seq], "3,7,..". */
static unsigned int injected_seqs(struct json_object *events, uint64_t min_seq,
				  uint64_t max_seq, char *out, size_t len)
{
	unsigned int count = 0;
	struct json_object *e;

	out[0] = '\0';
	for (size_t i = 0; (e = injector_event_next(events, "devtlb", &i));) {
		uint64_t seq = (uint64_t)injector_event_num(e, "seq");

		if (!injector_event_injected(e) || seq < min_seq || seq > max_seq)
			continue;
		count++;
		if (strlen(out) + 24 < len)
			snprintf(out + strlen(out), len - strlen(out), "%s%llu",
				 out[0] ? "," : "", (unsigned long long)seq);
	}
	return count;
}

static int injector_policy(struct atc_ctx *ctx)
{
	struct policy_run a, b, c;
	static char seq_a[1 << 20], seq_b[1 << 20];
	char disk[64];
	double expected, sigma;
	uint64_t common, lo, hi, lo_a, hi_a, lo_b, hi_b;
	unsigned int na, nb;

	if (load_device_disk(ctx->opts->sysfs, ctx->device, disk, sizeof(disk))) {
		atc_error(ctx, "%s has no disk for the DMA load", ctx->device);
		return 0;
	}
	/* probability 50 over at least MIN_MATCHED matching invalidations */
	if (run_once(ctx, disk, ctx->seed, 50, -1, 20, 0, &a))
		return 0;
	expected = a.matched * 0.5;
	sigma = sqrt(a.matched * 0.25);
	atc_evidence_u64(ctx, "matched", a.matched);
	atc_evidence_u64(ctx, "injected", a.injected);
	atc_evidence_str(ctx, "bounds", "%.0f +- %.0f (4 sigma)", expected,
			 4 * sigma);
	atc_check(ctx, "I-probability-50", a.matched >= MIN_MATCHED &&
		  fabs((double)a.injected - expected) <= 4 * sigma,
		  "%llu of %llu matching invalidations injected at probability 50",
		  (unsigned long long)a.injected, (unsigned long long)a.matched);

	/* the same seed twice: the same injected sequence numbers */
	if (run_once(ctx, disk, ctx->seed + 1, 50, -1, 4, 400, &a) ||
	    run_once(ctx, disk, ctx->seed + 1, 50, -1, 4, 400, &b)) {
		json_object_put(a.events);
		return 0;
	}
	/* both rings hold the newest events: compare where they overlap */
	recorded_range(a.events, &lo_a, &hi_a);
	recorded_range(b.events, &lo_b, &hi_b);
	lo = lo_a > lo_b ? lo_a : lo_b;
	hi = hi_a < hi_b ? hi_a : hi_b;
	common = hi >= lo && lo != UINT64_MAX ? hi - lo + 1 : 0;
	na = injected_seqs(a.events, lo, hi, seq_a, sizeof(seq_a));
	nb = injected_seqs(b.events, lo, hi, seq_b, sizeof(seq_b));
	atc_evidence_str(ctx, "compared_seq_range", "%llu..%llu",
			 (unsigned long long)lo, (unsigned long long)hi);
	atc_evidence_u64(ctx, "compared_invalidations", common);
	atc_evidence_u64(ctx, "injected_first_run", na);
	atc_evidence_u64(ctx, "injected_second_run", nb);
	atc_evidence_str(ctx, "first_run_seqs", "%.200s", seq_a);
	atc_check(ctx, "I-seed-reproducible", common >= 100 && na > 0 &&
		  !strcmp(seq_a, seq_b),
		  "seed %llu over %llu matching invalidations recorded in both runs: %s",
		  (unsigned long long)(ctx->seed + 1),
		  (unsigned long long)common,
		  strcmp(seq_a, seq_b) ? "different injected sequence numbers" :
					 "identical injected sequence numbers");
	json_object_put(a.events);
	json_object_put(b.events);

	/* times caps the count whatever the load */
	if (run_once(ctx, disk, ctx->seed, 100, 5, 4, 0, &c))
		return 0;
	atc_evidence_u64(ctx, "matched", c.matched);
	atc_check(ctx, "I-times-5", c.injected == 5 && c.matched > 5,
		  "times=5 injected %llu of %llu matching invalidations",
		  (unsigned long long)c.injected, (unsigned long long)c.matched);
	json_object_put(c.events);
	return 0;
}
ATC_TEST(injector_policy, "injector-policy",
	 "probability, seed and times of atc_inject on real invalidations",
	 .group = "injector",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE | NEED_FIO,
	 .timeout_s = 300);
