// SPDX-License-Identifier: GPL-2.0
#include "scenario.h"
#include "irq.h"
#include "atc.h"
#include "kmsg.h"
#include "diskstat.h"

#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MB (1024ull * 1024ull)
#define CANARY_SIZE (4 * MB)
/* arm-smmu-v3's name for its global error interrupt */
#define SMMU_GERROR_IRQ "arm-smmu-v3-gerror"
#define LOAD_OFFSET SCENARIO_LOAD_OFFSET
#define LOAD_SIZE SCENARIO_LOAD_SIZE
#define VERIFY_LIMIT_S 180
/*
 * Time kept back before the runner's kill: for the judging after the
 * verifies (the kernel log, the test's own checks), and after the load
 * for the verifies too, each of which takes 2 s on a healthy disk.
 */
#define JUDGE_MARGIN_S 15
#define LOAD_MARGIN_S (JUDGE_MARGIN_S + 30)

bool fio_clean(const struct fio_run *run)
{
	int code = workload_exit_code(&run->proc);

	/*
	 * 128: fio's exit after the signal of load_fio_stop(). I/Os that
	 * moved no data are no load at all (a disk gone from under fio).
	 */
	return run->proc.reaped && !run->proc.timed_out &&
	       (code == 0 || (run->stopped && code == 128)) && !run->parse_error &&
	       !run->sum.jobs_failed && !run->dumps &&
	       fio_ios_moved_data(&run->sum);
}

void judge_acknowledged_writes(const struct fio_run *check, const char *disk,
			       uint64_t start, uint64_t size,
			       struct writes_verdict *v)
{
	char at[160] = "";
	size_t len = 0;

	memset(v, 0, sizeof(*v));
	v->bad = load_fio_bad_offsets(check, start, size, v->offsets,
				      WRITES_NAMED_MAX);
	v->named = v->bad < WRITES_NAMED_MAX ? v->bad : WRITES_NAMED_MAX;
	v->ok = fio_clean(check) && check->sum.read_bytes > 0 && !v->bad;
	for (unsigned int i = 0; i < v->named && len < sizeof(at) - 24; i++)
		len += (size_t)snprintf(at + len, sizeof(at) - len, "%s%llu",
					i ? ", " : " at ",
					(unsigned long long)v->offsets[i]);
	if (v->named && len >= sizeof(at) - 24)
		snprintf(at + len, sizeof(at) - len, ", ...");
	snprintf(v->message, sizeof(v->message),
		 "verify of %llu bytes of acknowledged writes on %s: %u bad blocks%s, %u failed jobs (errno %d)",
		 (unsigned long long)check->sum.read_bytes, disk, v->bad, at,
		 check->sum.jobs_failed, check->sum.first_error);
}

bool check_acknowledged_writes(struct atc_ctx *ctx,
			       const struct fio_run *check, const char *disk,
			       uint64_t start, uint64_t size)
{
	struct writes_verdict *v = malloc(sizeof(*v));
	struct json_object *offsets = json_object_new_array();
	bool ok;

	if (!v) {
		json_object_put(offsets);
		return atc_check(ctx, "C6-acknowledged-writes", false,
				 "out of memory judging the verify of %s", disk);
	}
	judge_acknowledged_writes(check, disk, start, size, v);
	for (unsigned int i = 0; i < v->named; i++)
		json_object_array_add(offsets,
				      json_object_new_int64((int64_t)v->offsets[i]));
	atc_evidence(ctx, "fio_check", load_fio_json(check));
	atc_evidence(ctx, "bad_offsets", offsets);
	ok = atc_check(ctx, "C6-acknowledged-writes", v->ok, "%s", v->message);
	free(v);
	return ok;
}

bool check_canary(struct atc_ctx *ctx, const struct scenario *sc)
{
	const struct fio_run *c = &sc->canary_check;

	atc_evidence(ctx, "fio_canary_check", load_fio_json(c));
	return atc_check(ctx, "C6-canary", fio_clean(c) && c->sum.read_bytes > 0,
			 "the canary written before the fault: %u bad blocks, %u failed jobs",
			 c->dumps, c->sum.jobs_failed);
}

/* The ATC model's counts at the end, or false with evidence saying why. */
static bool atc_model_end(struct atc_ctx *ctx, const struct scenario *sc,
			  struct atc_model_counts *end)
{
	struct json_object *v;

	if (stats_atc_counts(sc->stats, end))
		return true;
	if (json_object_object_get_ex(sc->stats, "injector", &v) &&
	    !strcmp(json_object_get_string(v), "hw"))
		atc_evidence_str(ctx, "atc_model",
				 "off: the IOMMU does not model the device's ATC (QEMU's ats-device-atc), so no stale translation can be counted");
	return false;
}

void check_no_stale_dma(struct atc_ctx *ctx, const struct scenario *sc)
{
	struct atc_model_counts end;
	enum judgement j;
	char why[256];

	if (!atc_model_end(ctx, sc, &end))
		return;
	atc_evidence_u64(ctx, "atc_served", end.served);
	atc_evidence_u64(ctx, "atc_stale_served", end.stale_served);
	atc_evidence_u64(ctx, "atc_stale_pages", end.stale_pages);
	j = judge_no_stale_dma(&end, why, sizeof(why));
	atc_check(ctx, "C6-no-stale-dma", j == JUDGED_PASS, "%s", why);
}

void check_translated_blocked(struct atc_ctx *ctx, const struct scenario *sc)
{
	struct atc_model_counts end;
	enum judgement j;
	char why[256];

	if (!atc_model_end(ctx, sc, &end))
		return;
	if (sc->have_atc_at_deadline)
		atc_evidence_u64(ctx, "atc_stale_served_by_deadline",
				 sc->atc_at_deadline.stale_served);
	atc_evidence_u64(ctx, "atc_stale_refused", end.stale_refused);
	j = judge_translated_blocked(sc->have_atc_at_deadline ?
				     &sc->atc_at_deadline : NULL, &end,
				     why, sizeof(why));
	atc_check(ctx, "C2-translated-blocked", j == JUDGED_PASS, "%s", why);
}

bool check_load_resumed(struct atc_ctx *ctx, const struct scenario *sc)
{
	uint64_t after = 0;
	int log_ret = load_written_since(&sc->write, sc->first_inject_ns, &after);

	atc_evidence(ctx, "fio_write", load_fio_json(&sc->write));
	atc_evidence_u64(ctx, "bytes_written_after_timeout", after);
	return atc_check(ctx, "C5-load-resumed",
			 !log_ret && fio_clean(&sc->write) && after > 0,
			 "the write load %s after the fault, %llu bytes written after it%s",
			 sc->write.proc.timed_out ? "hung" :
			 fio_clean(&sc->write) ? "ran to a clean end" : "ended with errors",
			 (unsigned long long)after, log_ret ? " (no bandwidth log)" : "");
}

bool check_ite_on_target(struct atc_ctx *ctx, uint64_t ites, int64_t last_sid,
			 uint32_t target)
{
	char why[256];
	enum judgement j = judge_ite_on_target(ites, last_sid, target, why,
					       sizeof(why));

	atc_evidence_u64(ctx, "ite_raised", ites);
	atc_evidence_u64(ctx, "target_requester_id", target);
	atc_evidence_u64(ctx, "last_ite_sid", (uint64_t)last_sid);
	return atc_check(ctx, "C0-ite-on-target", j == JUDGED_PASS, "%s", why);
}

static void collect_kernel_log(struct atc_ctx *ctx, struct scenario *sc,
			       struct kmsg_follower *kf)
{
	struct kmsg_record rec;

	sc->kernel_log = json_object_new_array();
	if (kf->fd < 0)
		return;
	while (kmsg_next(kf, &rec) > 0) {
		enum kmsg_class class = kmsg_classify(rec.text);
		struct json_object *o;

		if (class == KMSG_OTHER &&
		    !kmsg_mentions_device(rec.text, ctx->device))
			continue;
		if (json_object_array_length(sc->kernel_log) >= 200)
			break;
		o = json_object_new_object();
		json_object_object_add(o, "ts_usec",
				       json_object_new_int64((int64_t)rec.ts_usec));
		json_object_object_add(o, "class",
				       json_object_new_string(kmsg_class_name(class)));
		json_object_object_add(o, "text", json_object_new_string(rec.text));
		json_object_array_add(sc->kernel_log, o);
	}
	kmsg_close(kf);
}

static void observe_fence(struct atc_ctx *ctx, struct scenario *sc)
{
	uint64_t now = atc_now_ns(), at = 0;
	uint64_t waited = (now - sc->first_inject_ns) / 1000000;
	unsigned int left = waited >= ctx->opts->fence_ms ? 0 :
			    ctx->opts->fence_ms - (unsigned int)waited;
	unsigned int samples;
	int ret;

	/* Only a device whose ATS was on can be fenced by turning it off. */
	ret = ats_wait_enable(ctx->opts->sysfs, ctx->device, sc->ats_before.cap,
			      false, left, &at, &samples);
	sc->fenced = ret == 1;
	sc->have_atc_at_deadline = arm_atc_now(&sc->atc_at_deadline);
	if (sc->fenced)
		sc->fence_latency_us = at > sc->first_inject_ns ?
				       (at - sc->first_inject_ns) / 1000 : 0;
	if (!sc->fenced)
		return;
	ret = ats_wait_enable(ctx->opts->sysfs, ctx->device, sc->ats_before.cap,
			      true, ctx->opts->recover_s * 1000, &at, &samples);
	sc->restored = ret == 1;
	if (sc->restored)
		sc->restore_latency_us = (at - sc->first_inject_ns) / 1000;
}

static int start_load(struct atc_ctx *ctx, struct scenario *sc)
{
	struct fio_params p = {
		.disk = sc->disk, .offset = LOAD_OFFSET, .size = LOAD_SIZE,
		.runtime_s = sc->o.load_s,
	};
	unsigned int irq, cpu;
	char cpus[16];

	if (sc->o.load_cpu != LOAD_ANY_CPU) {
		if (!irq_cpu_of("/proc", SMMU_GERROR_IRQ, &irq, &cpu)) {
			bool beside = sc->o.load_cpu == LOAD_BESIDE_IOMMU_IRQ;

			/* away: the next CPU (the VMs have two) */
			if (!beside)
				cpu = (cpu + 1) % (unsigned int)sysconf(_SC_NPROCESSORS_ONLN);
			snprintf(cpus, sizeof(cpus), "%u", cpu);
			p.cpus = cpus;
			atc_evidence_str(ctx, "load_cpu", "%u, %s %s (IRQ %u)",
					 cpu, beside ? "with" : "away from",
					 SMMU_GERROR_IRQ, irq);
		} else {
			atc_evidence_str(ctx, "load_cpu",
					 "every CPU: no %s interrupt", SMMU_GERROR_IRQ);
		}
	}
	if (load_fio_start(ctx, &sc->write, "fio-write", "dma-verify-write.fio",
			   &p))
		return -1;
	p.cpus = NULL;
	if (sc->have_neighbour) {
		/*
		 * Paced to write its region over the whole load time: at full
		 * speed it wrote 96 MiB in about 1 s, before the first timeout
		 * came, and isolation was judged on a neighbour already idle.
		 */
		p.disk = sc->neighbour_disk;
		p.rate_bps = LOAD_SIZE / sc->o.load_s;
		if (load_fio_start(ctx, &sc->neighbour_write,
				   "fio-neighbour-write",
				   "dma-verify-write.fio", &p))
			return -1;
	}
	if (sc->o.stress)
		sc->have_stress = !load_stress_start(ctx, &sc->stress,
						     "page-reuse.job",
						     sc->o.load_s);
	return 0;
}

/*
 * Until the disk has completed a write since the load started, for at most
 * the load's own time: a load that never writes is judged as before (no
 * time-out was injected), with this wait in the evidence.
 */
static void wait_load_writing(struct atc_ctx *ctx, struct scenario *sc)
{
	uint64_t limit_ns = sc->o.load_s * 1000000000ull;
	struct diskstat base, now;
	uint64_t t0 = atc_now_ns();
	bool writing = false;

	if (sc->write.proc.pid <= 0 ||
	    diskstat_read(ctx->opts->sysfs, sc->disk, &base)) {
		atc_evidence_str(ctx, "load_writing", "not known: no %s/class/block stat for %s",
				 ctx->opts->sysfs, sc->disk);
		return;
	}
	while (atc_now_ns() - t0 < limit_ns) {
		if (!diskstat_read(ctx->opts->sysfs, sc->disk, &now) &&
		    now.writes > base.writes) {
			writing = true;
			break;
		}
		usleep(50000);
	}
	atc_evidence_str(ctx, "load_writing", writing ?
			 "%s completed its first write of the load %llu ms after fio started; armed then" :
			 "%s completed no write in the load's %llu ms; armed anyway",
			 sc->disk,
			 (unsigned long long)((atc_now_ns() - t0) / 1000000));
}

static int start_then_arm(struct atc_ctx *ctx, struct scenario *sc,
			  const struct arm_params *ap)
{
	if (start_load(ctx, sc))
		return -1;
	wait_load_writing(ctx, sc);
	return arm_start(ctx, &sc->inj, ap);
}

/*
 * A wait's limit, shortened to end before the runner kills the test, with
 * margin_s left for what comes after it; a shortened one is in the
 * evidence. A device that stopped answering for good then still gets its
 * checks judged.
 */
static unsigned int fit_limit(struct atc_ctx *ctx, const char *tag,
			      unsigned int want_s, unsigned int margin_s)
{
	unsigned int limit_s = atc_limit_within_deadline(ctx, want_s, margin_s);
	char key[64];

	if (limit_s < want_s) {
		snprintf(key, sizeof(key), "%s_limit", tag);
		atc_evidence_str(ctx, key, "%u s, not %u: the test's own time limit was near",
				 limit_s, want_s);
	}
	return limit_s;
}

static void finish_load(struct atc_ctx *ctx, struct scenario *sc)
{
	unsigned int limit = sc->o.load_s +
			     (sc->o.load_grace_s ? sc->o.load_grace_s : 60);

	load_fio_finish(ctx, &sc->write,
			fit_limit(ctx, "fio-write", limit, LOAD_MARGIN_S));
	if (sc->have_neighbour)
		load_fio_finish(ctx, &sc->neighbour_write,
				fit_limit(ctx, "fio-neighbour-write", limit,
					  LOAD_MARGIN_S));
	if (sc->have_stress)
		workload_wait(&sc->stress,
			      (int)fit_limit(ctx, "stress-ng", limit,
					     LOAD_MARGIN_S) * 1000);
}

static void verify_load(struct atc_ctx *ctx, struct scenario *sc)
{
	struct fio_params p = {
		.disk = sc->disk, .offset = LOAD_OFFSET, .size = LOAD_SIZE,
	};
	struct fio_params canary = {
		.disk = sc->disk, .canary_size = CANARY_SIZE, .canary = true,
	};
	unsigned int limit = sc->o.verify_limit_s ? sc->o.verify_limit_s :
			     VERIFY_LIMIT_S;

	load_fio(ctx, &sc->check, "fio-check", "dma-verify-check.fio", &p,
		 fit_limit(ctx, "fio-check", limit, JUDGE_MARGIN_S));
	load_fio(ctx, &sc->canary_check, "fio-canary-check", "canary-check.fio",
		 &canary, fit_limit(ctx, "fio-canary-check", limit, JUDGE_MARGIN_S));
	if (sc->have_neighbour) {
		p.disk = sc->neighbour_disk;
		load_fio(ctx, &sc->neighbour_check, "fio-neighbour-check",
			 "dma-verify-check.fio", &p,
			 fit_limit(ctx, "fio-neighbour-check", limit,
				   JUDGE_MARGIN_S));
	}
}

static int prepare(struct atc_ctx *ctx, struct scenario *sc)
{
	struct fio_params canary = { .canary_size = CANARY_SIZE, .canary = true };

	if (pci_ats_read(ctx->opts->sysfs, ctx->device, &sc->ats_before) ||
	    !sc->ats_before.present) {
		atc_error(ctx, "%s: cannot read its ATS capability", ctx->device);
		return -1;
	}
	if (load_device_disk(ctx->opts->sysfs, ctx->device, sc->disk,
			     sizeof(sc->disk))) {
		atc_error(ctx, "%s has no disk: the DMA load needs a block device behind it",
			  ctx->device);
		return -1;
	}
	sc->have_neighbour = sc->o.neighbour_load && ctx->neighbour &&
			     !load_device_disk(ctx->opts->sysfs, ctx->neighbour,
					       sc->neighbour_disk,
					       sizeof(sc->neighbour_disk));
	canary.disk = sc->disk;
	if (load_fio(ctx, &sc->canary_write, "fio-canary-write",
		     "canary-write.fio", &canary, VERIFY_LIMIT_S) ||
	    !fio_clean(&sc->canary_write)) {
		char end[96];

		workload_describe_end(&sc->canary_write.proc, end, sizeof(end));
		atc_evidence(ctx, "canary_write", load_fio_json(&sc->canary_write));
		atc_error(ctx, "writing the canary on %s failed before any fault (fio %s)",
			  sc->disk, end);
		return -1;
	}
	return 0;
}

int scenario_run(struct atc_ctx *ctx, const struct scenario_opts *o,
		 struct scenario *sc)
{
	struct kmsg_follower kf = { .fd = -1 };
	struct arm_params ap;
	uint16_t control = 0;

	memset(sc, 0, sizeof(*sc));
	sc->o = *o;
	if (!sc->o.load_s)
		sc->o.load_s = 8;
	if (prepare(ctx, sc) || arm_load(ctx, &sc->inj))
		return -1;
	arm_defaults(ctx, &ap);
	ap.times = o->times;
	if (o->probability)
		ap.probability = o->probability;
	if (o->interval)
		ap.interval = o->interval;
	if (o->mode)
		ap.mode = o->mode;
	ap.delay_us = o->delay_us;
	if (o->target)
		ap.target = o->target;
	if (o->armed_ms)
		ap.max_armed_ms = o->armed_ms;
	kmsg_open(&kf, ctx->opts->kmsg);
	heartbeat_start(&sc->heartbeat);
	sc->start_ns = atc_now_ns();
	if (o->arm_once_writing ? start_then_arm(ctx, sc, &ap) :
	    arm_start(ctx, &sc->inj, &ap) || start_load(ctx, sc)) {
		heartbeat_stop(&sc->heartbeat);
		kmsg_close(&kf);
		arm_unload(ctx, &sc->inj);
		return -1;
	}
	sc->injected = arm_wait_injected(&sc->inj, 1, (sc->o.load_s + 5) * 1000);
	if (sc->injected) {
		/* a glance, not the record: stats.json is written at the end */
		sc->first_inject_ns = arm_first_inject_ns(&sc->inj);
		sc->have_atc_at_first = arm_atc_now(&sc->atc_at_first);
		observe_fence(ctx, sc);
	}
	finish_load(ctx, sc);
	if (!o->keep_armed)
		arm_stop(ctx, &sc->inj);
	sc->stats = arm_stats(ctx, &sc->inj);
	sc->events = arm_events(ctx, &sc->inj);
	sc->injected = stat_u64(sc->stats, "injected");
	if (!o->keep_armed)
		arm_unload(ctx, &sc->inj);
	heartbeat_stop(&sc->heartbeat);
	pci_ats_control(ctx->opts->sysfs, ctx->device, sc->ats_before.cap,
			&control);
	sc->control_after = control;
	verify_load(ctx, sc);
	collect_kernel_log(ctx, sc, &kf);
	scenario_measure(ctx, sc);
	if (!sc->injected) {
		char end[96];

		/* the load drives the invalidations: how did it end? */
		workload_describe_end(&sc->write.proc, end, sizeof(end));
		atc_evidence(ctx, "injector_stats", json_object_get(sc->stats));
		atc_error(ctx, "no ATC invalidation timeout was injected on %s (%llu matching device-TLB invalidations seen; the DMA load on %s: fio %s): nothing to judge",
			  ctx->device,
			  (unsigned long long)stat_u64(sc->stats, "matched"),
			  sc->disk, end);
		return -1;
	}
	return 0;
}

/* Events by name: the full list is in the test's events.json. */
static struct json_object *event_counts(struct json_object *events)
{
	struct json_object *counts = json_object_new_object();
	struct json_object *e;

	for (size_t i = 0; (e = injector_event_next(events, NULL, &i));) {
		const char *name = injector_event_str(e, "name");
		struct json_object *c;
		int v = 0;

		if (json_object_object_get_ex(counts, name, &c))
			v = json_object_get_int(c);
		json_object_object_add(counts, name, json_object_new_int(v + 1));
	}
	return counts;
}

void scenario_measure(struct atc_ctx *ctx, const struct scenario *sc)
{
	char hex[8];

	snprintf(hex, sizeof(hex), "0x%04x", sc->ats_before.control);
	atc_measure(ctx, "ats_control_before", json_object_new_string(hex));
	snprintf(hex, sizeof(hex), "0x%04x", sc->control_after);
	atc_measure(ctx, "ats_control_after", json_object_new_string(hex));
	atc_measure(ctx, "injected", json_object_new_int64((int64_t)sc->injected));
	atc_measure(ctx, "fenced", json_object_new_boolean(sc->fenced));
	if (sc->fenced)
		atc_measure(ctx, "fence_latency_us",
			    json_object_new_int64((int64_t)sc->fence_latency_us));
	if (sc->restored)
		atc_measure(ctx, "restore_latency_us",
			    json_object_new_int64((int64_t)sc->restore_latency_us));
	atc_measure(ctx, "heartbeat_max_gap_us",
		    json_object_new_int64((int64_t)(sc->heartbeat.max_gap_ns / 1000)));
	atc_measure(ctx, "fio_write", load_fio_json(&sc->write));
	atc_measure(ctx, "fio_check", load_fio_json(&sc->check));
	atc_measure(ctx, "fio_canary_check", load_fio_json(&sc->canary_check));
	if (sc->have_neighbour) {
		atc_measure(ctx, "fio_neighbour_write",
			    load_fio_json(&sc->neighbour_write));
		atc_measure(ctx, "fio_neighbour_check",
			    load_fio_json(&sc->neighbour_check));
	}
	if (sc->have_stress)
		atc_measure(ctx, "stress_ng_exit",
			    json_object_new_int(workload_exit_code(&sc->stress)));
	if (sc->stats)
		atc_measure(ctx, "injector_stats", json_object_get(sc->stats));
	if (sc->events)
		atc_measure(ctx, "injector_event_counts", event_counts(sc->events));
	if (sc->kernel_log)
		atc_measure(ctx, "kernel_log", json_object_get(sc->kernel_log));
}

void scenario_release(struct scenario *sc)
{
	json_object_put(sc->stats);
	json_object_put(sc->events);
	json_object_put(sc->kernel_log);
	sc->stats = sc->events = sc->kernel_log = NULL;
}

uint64_t scenario_first_injected_seq(const struct scenario *sc)
{
	struct json_object *e;

	uint64_t before = 0;

	for (size_t i = 0; (e = injector_event_next(sc->events, "devtlb", &i));) {
		if (injector_event_injected(e))
			return (uint64_t)injector_event_num(e, "seq");
		/*
		 * --injector hw: the module only observed. The invalidation
		 * that timed out is the last one submitted before the ITE
		 * was seen.
		 */
		if ((uint64_t)injector_event_num(e, "ns") <= sc->first_inject_ns)
			before = (uint64_t)injector_event_num(e, "seq");
	}
	return before;
}

void scenario_judge_fenced(const struct atc_ctx *ctx, const struct scenario *sc,
			   struct fence_verdict *v)
{
	judge_fenced(sc->events, sc->first_inject_ns,
		     (uint64_t)ctx->opts->fence_ms * 1000000ull,
		     sc->fenced ? (int64_t)sc->fence_latency_us * 1000 : -1, v);
}

unsigned int scenario_events(const struct scenario *sc, const char *name,
			     uint64_t since_ns)
{
	return sc->events ? injector_count_events(sc->events, name, since_ns) : 0;
}

struct json_object *scenario_kernel_lines(const struct scenario *sc,
					  const char *const *classes,
					  const char *bdf)
{
	struct json_object *out = json_object_new_array();
	size_t n = sc->kernel_log ? json_object_array_length(sc->kernel_log) : 0;

	for (size_t i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(sc->kernel_log, i);
		const char *text = json_object_get_string(json_object_object_get(e, "text"));
		const char *c = json_object_get_string(json_object_object_get(e, "class"));

		bool wanted = !classes;

		for (size_t k = 0; classes && classes[k]; k++)
			wanted |= !strcmp(c, classes[k]);
		/* our modules' lines say nothing about the kernel */
		if (kmsg_from_atctests(text))
			continue;
		if (wanted && (!bdf || kmsg_mentions_device(text, bdf)))
			json_object_array_add(out, json_object_new_string(text));
	}
	return out;
}
