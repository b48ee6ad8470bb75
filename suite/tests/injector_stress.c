// SPDX-License-Identifier: GPL-2.0
/*
 * Arming, disarming and changing target from several threads at once,
 * under DMA load, for a bounded time. Disarming must wait for the
 * handlers that saw the old arming: afterwards every device-TLB event
 * lies inside an arming of its own device, the counters add up, the
 * module unloads, and the kernel log stays clean (the runner's
 * C3-kernel-log, over the whole test).
 */
#include "atc.h"
#include "arming.h"
#include "diskstat.h"
#include "load.h"
#include "pci.h"
#include "scenario.h"

#include <errno.h>
#include <json.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STRESS_S	20
#define DEADMAN_MS	2000	/* the dead-man fires during the stress too */
#define DELAY_US	1000	/* injected returns stay hooked this long */
#define NEIGH_IOPS	50
#define RACE_ROUNDS	20
#define RACE_DEADMAN_MS	300

enum { OP_ARM, OP_DISARM, OP_TARGET, OP_READ, NR_OPS };

struct stress {
	struct injector *inj;
	const char *targets[3];		/* device, neighbour, "none" */
	int nr_targets;
	uint64_t end_ns;
	atomic_uint done[NR_OPS];	/* accepted writes, reads */
	atomic_uint busy;		/* EBUSY: target while armed */
	atomic_uint no_target;		/* EINVAL: arm without a target */
	atomic_uint unexpected;
	atomic_int last_errno;
};

struct worker {
	struct stress *st;
	int op;
	unsigned int rng;
	pthread_t thread;
};

static void outcome(struct stress *st, int op, int ret)
{
	if (!ret)
		atomic_fetch_add(&st->done[op], 1);
	else if (op == OP_TARGET && ret == -EBUSY)
		atomic_fetch_add(&st->busy, 1);
	else if (op == OP_ARM && ret == -EINVAL)
		atomic_fetch_add(&st->no_target, 1);
	else {
		atomic_fetch_add(&st->unexpected, 1);
		atomic_store(&st->last_errno, -ret);
	}
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct stress *st = w->st;
	struct json_object *o;
	int ret;

	while (atc_now_ns() < st->end_ns) {
		switch (w->op) {
		case OP_ARM:
			ret = injector_set(st->inj, "armed", "1");
			break;
		case OP_DISARM:
			ret = injector_set(st->inj, "armed", "0");
			break;
		case OP_TARGET:
			ret = injector_set(st->inj, "target",
					   st->targets[rand_r(&w->rng) %
						       st->nr_targets]);
			break;
		default:
			o = NULL;
			ret = injector_read_json(st->inj, "stats", &o) ?:
			      injector_read_json(st->inj, "events", &o);
			json_object_put(o);
			break;
		}
		outcome(st, w->op, ret);
		usleep(1000 + rand_r(&w->rng) % 10000);
	}
	return NULL;
}

struct window_check {
	unsigned int judged, unjudged, outside, foreign, arms, disarms;
	uint64_t per_target[2];		/* device, neighbour */
	uint64_t injected_events;
	char first_bad[160];
};

/*
 * Walk the merged events in time order: each devtlb event must lie
 * between an arm and the next disarm, and carry the ID that arming was
 * for (when the arm event names it). Before the first lifecycle event
 * the ring kept, nothing is known: those are not judged.
 */
static void check_windows(struct json_object *events, const uint32_t *ids,
			  int nr_ids, struct window_check *w)
{
	enum { UNKNOWN, ARMED, DISARMED } state = UNKNOWN;
	int64_t arm_sid = -1;
	struct json_object *e;

	memset(w, 0, sizeof(*w));
	for (size_t i = 0; (e = injector_event_next(events, NULL, &i));) {
		const char *name = injector_event_str(e, "name");
		int64_t sid = injector_event_num(e, "sid");
		const char *bad = NULL;

		if (!strcmp(name, "arm")) {
			state = ARMED;
			w->arms++;
			arm_sid = json_object_object_get_ex(e, "sid", NULL) ?
				  sid : -1;
			continue;
		}
		if (!strcmp(name, "disarm")) {
			state = DISARMED;
			w->disarms++;
			continue;
		}
		if (strcmp(name, "devtlb"))
			continue;
		if (state == UNKNOWN) {
			w->unjudged++;
			continue;
		}
		w->judged++;
		for (int k = 0; k < nr_ids; k++)
			if (sid == ids[k])
				w->per_target[k]++;
		if (injector_event_injected(e))
			w->injected_events++;
		if (state == DISARMED) {
			w->outside++;
			bad = "after its arming was disarmed";
		} else if (arm_sid >= 0 && sid != arm_sid) {
			w->foreign++;
			bad = "of another target than the arming's";
		}
		if (bad && !w->first_bad[0])
			snprintf(w->first_bad, sizeof(w->first_bad),
				 "devtlb seq %lld sid 0x%04llx at %lld ns, %s",
				 (long long)injector_event_num(e, "seq"),
				 (long long)sid,
				 (long long)injector_event_num(e, "ns"), bad);
	}
}

struct kv {
	const char *key;
	uint64_t value;
};

static void evidence_all(struct atc_ctx *ctx, const struct kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++)
		atc_evidence_u64(ctx, kv[i].key, kv[i].value);
}

/* Wait for armed to read 0 (the dead-man), at most timeout_ms. */
static bool wait_disarmed(struct injector *inj, unsigned int timeout_ms)
{
	uint64_t end = atc_now_ns() + (uint64_t)timeout_ms * 1000000ull;
	char armed[8] = "";

	do {
		if (!injector_get(inj, "armed", armed, sizeof(armed)) &&
		    armed[0] == '0')
			return true;
		usleep(50000);
	} while (atc_now_ns() < end);
	return false;
}

/*
 * Armed afresh on @target, whatever the stress's last write was: its
 * dead-man is then judged every run, not only when the stress happened
 * to end on an arm.
 */
static bool arm_after_stress(struct injector *inj, const char *target)
{
	return !injector_set(inj, "armed", "0") &&
	       !injector_set(inj, "target", target) &&
	       !injector_set(inj, "armed", "1");
}

struct racer {
	struct injector *inj;
	const char *armed;
	pthread_barrier_t *start;
	pthread_t thread;
};

static void *race_write(void *arg)
{
	struct racer *r = arg;
	cpu_set_t one;

	/*
	 * Both on one CPU: the arm, woken when the disarm drops the lock,
	 * preempts it before it has done whatever it does after.
	 */
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	pthread_setaffinity_np(pthread_self(), sizeof(one), &one);
	pthread_barrier_wait(r->start);
	injector_set(r->inj, "armed", r->armed);
	return NULL;
}

/*
 * A disarm and an arm at once, on an armed module, round after round:
 * whichever wins, an arming that is left must end by its dead-man.
 * Returns the rounds that ended armed; *lost those the dead-man missed.
 */
static unsigned int deadman_race(struct injector *inj, const char *target,
				 unsigned int *lost)
{
	pthread_barrier_t start;
	struct racer r[2] = { { .inj = inj, .armed = "0", .start = &start },
			      { .inj = inj, .armed = "1", .start = &start } };
	char armed[8];
	unsigned int left = 0;

	*lost = 0;
	injector_set(inj, "armed", "0");
	if (injector_set(inj, "target", target) ||
	    injector_set(inj, "max_armed_ms", "300"))
		return 0;
	for (int i = 0; i < RACE_ROUNDS; i++) {
		if (injector_set(inj, "armed", "1"))
			continue;
		pthread_barrier_init(&start, NULL, 2);
		for (int k = 0; k < 2; k++)
			pthread_create(&r[k].thread, NULL, race_write, &r[k]);
		for (int k = 0; k < 2; k++)
			pthread_join(r[k].thread, NULL);
		pthread_barrier_destroy(&start);
		if (injector_get(inj, "armed", armed, sizeof(armed)) ||
		    armed[0] != '1')
			continue;
		left++;
		if (!wait_disarmed(inj, RACE_DEADMAN_MS + 1500)) {
			(*lost)++;
			injector_set(inj, "armed", "0");
		}
	}
	return left;
}

static void start_workers(struct stress *st, struct worker *w, int n,
			  uint64_t seed)
{
	static const int plan[] = { OP_ARM, OP_ARM, OP_DISARM, OP_TARGET,
				    OP_TARGET, OP_READ };

	for (int i = 0; i < n; i++) {
		w[i].st = st;
		w[i].op = plan[i];
		w[i].rng = (unsigned int)(seed + i);
		pthread_create(&w[i].thread, NULL, work, &w[i]);
	}
}

static void stress_checks(struct atc_ctx *ctx, struct json_object *stats,
			  struct json_object *events, const uint32_t *ids,
			  int nr_ids)
{
	uint64_t matched = stat_u64(stats, "matched");
	uint64_t injected = stat_u64(stats, "injected");
	uint64_t dropped = stat_u64(stats, "events_dropped");
	struct json_object *missed = NULL;
	struct window_check w;
	char what[96];
	uint64_t sum;
	bool exact;

	check_windows(events, ids, nr_ids, &w);
	const struct kv window_ev[] = {
		{ "arm_events", w.arms }, { "disarm_events", w.disarms },
		{ "devtlb_judged", w.judged }, { "devtlb_unjudged", w.unjudged },
		{ "devtlb_after_disarm", w.outside },
		{ "devtlb_other_target", w.foreign },
	};
	evidence_all(ctx, window_ev, sizeof(window_ev) / sizeof(window_ev[0]));
	atc_check(ctx, "I-stress-events-in-window",
		  w.judged > 0 && !w.outside && !w.foreign,
		  "%u device-TLB events judged: %u after their arming was disarmed, %u of another target%s%s",
		  w.judged, w.outside, w.foreign, w.first_bad[0] ? "; first: " : "",
		  w.first_bad);

	/* With nothing dropped, the events are the counters, one for one. */
	sum = w.per_target[0] + w.per_target[1];
	exact = dropped == 0 && w.unjudged == 0;
	const struct kv count_ev[] = {
		{ "matched", matched }, { "injected", injected },
		{ "events_dropped", dropped },
		{ "devtlb_device", w.per_target[0] },
		{ "devtlb_neighbour", w.per_target[1] },
		{ "injected_events", w.injected_events },
	};
	evidence_all(ctx, count_ev, sizeof(count_ev) / sizeof(count_ev[0]));
	atc_check(ctx, "I-stress-counters",
		  matched > 0 && injected > 0 && injected <= matched &&
		  sum == w.judged &&
		  (exact ? sum == matched && w.injected_events == injected :
			   sum <= matched && w.injected_events <= injected),
		  "matched %llu, injected %llu; devtlb events: %llu for the device + %llu for the neighbour of %u, %llu injected (%s)",
		  (unsigned long long)matched, (unsigned long long)injected,
		  (unsigned long long)w.per_target[0],
		  (unsigned long long)w.per_target[1], w.judged,
		  (unsigned long long)w.injected_events,
		  exact ? "nothing dropped: must equal the counters" :
			  "events dropped: at most the counters");

	json_object_object_get_ex(stats, "probes_missed", &missed);
	atc_evidence_u64(ctx, "probes_missed", stat_u64(stats, "probes_missed"));
	atc_evidence_u64(ctx, "maxactive", stat_u64(stats, "maxactive"));
	if (missed)
		snprintf(what, sizeof(what), "%llu submissions went unhooked (maxactive %llu)",
			 (unsigned long long)stat_u64(stats, "probes_missed"),
			 (unsigned long long)stat_u64(stats, "maxactive"));
	else
		snprintf(what, sizeof(what), "the stats do not report probes_missed");
	atc_check(ctx, "I-stress-probes-missed",
		  missed && stat_u64(stats, "probes_missed") == 0, "%s", what);
}

static int injector_stress(struct atc_ctx *ctx)
{
	struct fio_params p = { .offset = 8 << 20, .size = 96 << 20,
				.runtime_s = STRESS_S + 30 };
	struct fio_params pn = p;
	struct json_object *stats, *events;
	struct fio_run load, nload;
	struct worker w[6];
	struct stress st = { 0 };
	struct arm_params ap;
	struct injector inj;
	char disk[64], ndisk[64], path[PATH_MAX];
	uint32_t ids[2];
	struct diskstat at_stress_end, at_load_stop;
	bool neigh_load = false, armed_after, disarmed, removed, reading;
	unsigned int race_left, race_lost;
	int nr_ids = 1;

	if (load_device_disk(ctx->opts->sysfs, ctx->device, disk, sizeof(disk))) {
		atc_error(ctx, "%s has no disk for the DMA load", ctx->device);
		return 0;
	}
	if (arm_load(ctx, &inj)) {
		return 0;
	}
	st.inj = &inj;
	st.targets[st.nr_targets++] = ctx->device;
	ids[0] = arm_device_id(ctx, ctx->device);
	if (ctx->neighbour) {
		st.targets[st.nr_targets++] = ctx->neighbour;
		ids[nr_ids++] = arm_device_id(ctx, ctx->neighbour);
	}
	st.targets[st.nr_targets++] = "none";

	/* Knobs once; the threads only arm, disarm and retarget. */
	arm_defaults(ctx, &ap);
	ap.mode = "delay";
	ap.delay_us = DELAY_US;
	ap.probability = 50;
	ap.times = -1;
	ap.max_armed_ms = DEADMAN_MS;
	if (arm_start(ctx, &inj, &ap) || arm_stop(ctx, &inj)) {
		arm_unload(ctx, &inj);
		return 0;
	}
	p.disk = disk;
	if (load_fio_start(ctx, &load, "fio-read-load", "dma-read-load.fio", &p)) {
		atc_error(ctx, "cannot start fio on %s", disk);
		arm_unload(ctx, &inj);
		return 0;
	}
	if (ctx->neighbour &&
	    !load_device_disk(ctx->opts->sysfs, ctx->neighbour, ndisk,
			      sizeof(ndisk))) {
		pn.disk = ndisk;
		pn.size = 16 << 20;
		pn.rate_iops = NEIGH_IOPS;
		neigh_load = !load_fio_start(ctx, &nload, "fio-neighbour-paced",
					     "dma-paced-read.fio", &pn);
	}

	st.end_ns = atc_now_ns() + STRESS_S * 1000000000ull;
	start_workers(&st, w, 6, ctx->seed);
	for (int i = 0; i < 6; i++)
		pthread_join(w[i].thread, NULL);

	/*
	 * The disk's own counters, seconds apart at the end: fio's summary
	 * alone still looks clean when its disk went away and its I/Os
	 * stopped coming back until it was stopped.
	 */
	reading = !diskstat_read(ctx->opts->sysfs, disk, &at_stress_end);
	armed_after = arm_after_stress(&inj, ctx->device);
	disarmed = armed_after && wait_disarmed(&inj, DEADMAN_MS + 3000);
	race_left = deadman_race(&inj, ctx->device, &race_lost);
	reading = reading && !diskstat_read(ctx->opts->sysfs, disk, &at_load_stop) &&
		  at_load_stop.reads > at_stress_end.reads;
	load_fio_stop(ctx, &load);
	if (neigh_load)
		load_fio_stop(ctx, &nload);
	arm_stop(ctx, &inj);
	stats = arm_stats(ctx, &inj);
	events = arm_events(ctx, &inj);

	const struct kv ops_ev[] = {
		{ "arms", st.done[OP_ARM] }, { "disarms", st.done[OP_DISARM] },
		{ "target_changes", st.done[OP_TARGET] },
		{ "target_busy", st.busy }, { "arm_without_target", st.no_target },
		{ "reads", st.done[OP_READ] }, { "unexpected", st.unexpected },
	};
	evidence_all(ctx, ops_ev, sizeof(ops_ev) / sizeof(ops_ev[0]));
	atc_check(ctx, "I-stress-ops",
		  st.done[OP_ARM] && st.done[OP_DISARM] && st.done[OP_TARGET] &&
		  st.done[OP_READ] && !st.unexpected,
		  "%u s, %d threads: %u arms, %u disarms, %u target changes (%u refused while armed), %u reads; %u unexpected answers%s%s",
		  STRESS_S, 6, st.done[OP_ARM], st.done[OP_DISARM],
		  st.done[OP_TARGET], st.busy, st.done[OP_READ], st.unexpected,
		  st.unexpected ? ", the last: " : "",
		  st.unexpected ? strerror(atomic_load(&st.last_errno)) : "");
	atc_check(ctx, "I-stress-deadman", disarmed,
		  !armed_after ? "%s could not be armed again after the stress to wait for its dead-man" :
		  disarmed ? "armed again on %s after the stress, disarmed by its dead-man within %u ms" :
			     "armed again on %s after the stress, still armed %u ms later: the dead-man was lost",
		  ctx->device, DEADMAN_MS + 3000);
	atc_evidence_u64(ctx, "race_rounds", RACE_ROUNDS);
	atc_evidence_u64(ctx, "race_left_armed", race_left);
	atc_evidence_u64(ctx, "race_deadman_lost", race_lost);
	atc_check(ctx, "I-stress-deadman-race", !race_lost,
		  "%d rounds of a disarm racing an arm: %u ended armed, %u of them still armed %u ms later",
		  RACE_ROUNDS, race_left, race_lost, RACE_DEADMAN_MS + 1500);
	stress_checks(ctx, stats, events, ids, nr_ids);
	json_object_put(stats);
	json_object_put(events);

	atc_evidence(ctx, "fio_read_load", load_fio_json(&load));
	atc_evidence_str(ctx, "disk_reads_at_end", reading ?
			 "%s completed %llu reads between the end of the stress and the load's stop" :
			 "%s completed no reads between the end of the stress and the load's stop, or was gone",
			 disk, reading ? (unsigned long long)(at_load_stop.reads -
							      at_stress_end.reads) : 0ull);
	atc_check(ctx, "I-stress-load-intact",
		  fio_clean(&load) && load.sum.read_bytes > 0 && reading,
		  "the DMA load on %s: %llu bytes read in %llu reads, %u failed jobs; %s reading at the end",
		  disk, (unsigned long long)load.sum.read_bytes,
		  (unsigned long long)load.sum.read_ios, load.sum.jobs_failed,
		  reading ? "still" : "not");

	removed = arm_unload(ctx, &inj);
	snprintf(path, sizeof(path), "%s/module/%s", ctx->opts->sysfs,
		 INJECTOR_NAME);
	atc_check(ctx, "I-stress-unload", removed && access(path, F_OK),
		  "%s %s after the stress", INJECTOR_NAME,
		  removed && access(path, F_OK) ? "was removed" :
						  "could not be removed");

	/*
	 * A moment for a late splat (a freed state, a pending return): the
	 * runner's C3-kernel-log judges the kernel log of the whole test.
	 */
	usleep(500000);
	return 0;
}
ATC_TEST(injector_stress, "injector-stress",
	 "arming, disarming and retargeting from several threads under load leave no splat and consistent counters",
	 .group = "injector", .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE | NEED_FIO,
	 .timeout_s = STRESS_S + 150);
