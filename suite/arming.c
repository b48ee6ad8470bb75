// SPDX-License-Identifier: GPL-2.0
#include "arming.h"
#include "atc.h"
#include "hwinject.h"
#include "pci.h"
#include "streamid.h"

#include <errno.h>
#include <stdarg.h>
#include <json.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ITE this long after the invalidation, unless the test asks for a delay. */
#define HW_TIMEOUT_MS 100

/*
 * --injector hw: the host makes the IOMMU time out; atc_inject only
 * observes. One test point is one process, so one link is enough.
 */
static struct {
	struct hw_injector link;
	uint64_t ite_base;	/* the IOMMU's ITE count when armed */
	uint64_t injected;	/* ITEs since */
	uint64_t first_ns;	/* when this runner first saw one */
	int64_t last_sid;
	uint32_t sid;
	struct hw_stats at_arm;	/* the IOMMU's counts when armed */
	struct hw_stats latest;
	bool armed;
	bool final;		/* the host answered the disarm: counts are done */
} hw = { .link = { .fd = -1 } };

uint32_t arm_device_id(struct atc_ctx *ctx, const char *bdf)
{
	struct stream_id sid;
	char key[64];
	int ret = pci_stream_id(ctx->opts->sysfs, bdf, &sid);
	uint32_t id = ret ? pci_bdf_requester_id(bdf) : sid.id;

	/* x86 (the requester ID, no map) leaves the evidence as it was */
	if (!ret && sid.source == STREAM_ID_REQUESTER)
		return id;
	snprintf(key, sizeof(key), "iommu_id_%s", bdf);
	atc_evidence_str(ctx, key, "0x%x: %s", id, sid.how);
	return id;
}

void arm_defaults(struct atc_ctx *ctx, struct arm_params *p)
{
	memset(p, 0, sizeof(*p));
	p->target = ctx->device;
	p->site = "auto";
	p->mode = "error";
	p->probability = 100;
	p->interval = 1;
	p->times = 1;
	p->seed = ctx->seed;
	p->max_armed_ms = (ctx->opts->timeout_s ? ctx->opts->timeout_s :
			   ctx->test->timeout_s) * 1000;
}

int arm_load(struct atc_ctx *ctx, struct injector *inj)
{
	char path[PATH_MAX], err[512];
	int ret;

	ret = injector_locate(ctx->opts->injector, path, sizeof(path), err,
			      sizeof(err));
	if (!ret)
		ret = injector_load(inj, path, "", ctx->opts->debugfs, err,
				    sizeof(err));
	if (ret)
		atc_error(ctx, "injector: %s", err);
	return ret;
}

static int set_knob(struct atc_ctx *ctx, struct injector *inj,
		    const char *knob, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int set_knob(struct atc_ctx *ctx, struct injector *inj,
		    const char *knob, const char *fmt, ...)
{
	char value[128];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	ret = injector_set(inj, knob, value);
	if (ret)
		atc_error(ctx, "injector refused %s=%s: %s", knob, value,
			  strerror(-ret));
	return ret;
}

static void hw_seen(const struct hw_stats *st)
{
	hw.last_sid = st->last_sid;
	hw.latest = *st;
	hw.injected = st->ite_count >= hw.ite_base ?
		      st->ite_count - hw.ite_base : 0;
	if (hw.injected && !hw.first_ns)
		hw.first_ns = atc_now_ns();
}

/* atc_inject observes on the target; the host arms the IOMMU. */
static int hw_start(struct atc_ctx *ctx, struct injector *inj,
		    const struct arm_params *p)
{
	unsigned int timeout_ms = p->delay_us ? (p->delay_us + 999) / 1000 :
				  HW_TIMEOUT_MS;
	struct hw_stats st;
	char err[512];

	if (p->probability != 100 || p->interval != 1 || p->space) {
		atc_error(ctx, "--injector hw times out every matching invalidation: probability, interval and space are the module's (--injector module)");
		return -EINVAL;
	}
	if (set_knob(ctx, inj, "target", "%s", p->target) ||
	    set_knob(ctx, inj, "probability", "0") ||
	    set_knob(ctx, inj, "times", "-1") ||
	    set_knob(ctx, inj, "max_armed_ms", "%u", p->max_armed_ms) ||
	    set_knob(ctx, inj, "armed", "1"))
		return -EINVAL;
	if (hw.link.fd < 0 && hw_open(&hw.link, ctx->opts->sysfs, err,
				      sizeof(err))) {
		atc_error(ctx, "%s", err);
		return -ENOENT;
	}
	hw.sid = arm_device_id(ctx, p->target);
	if (hw_stats(&hw.link, &st, err, sizeof(err))) {
		atc_error(ctx, "%s", err);
		return -EIO;
	}
	hw.ite_base = st.ite_count;
	hw.at_arm = st;
	if (hw_arm(&hw.link, hw.sid, timeout_ms,
		   p->times < 0 ? 0 : (unsigned int)p->times,
		   p->max_armed_ms, &st, err, sizeof(err))) {
		atc_error(ctx, "%s", err);
		return -EIO;
	}
	hw.armed = true;
	hw.final = false;
	hw.injected = hw.first_ns = 0;
	hw_seen(&st);
	atc_note(ctx, "--injector hw: %s (requester id 0x%04x) stops answering device-TLB invalidations: ITE after %u ms, %d at most, for %u ms at most",
		 p->target, hw.sid, timeout_ms, p->times, p->max_armed_ms);
	return 0;
}

int arm_start(struct atc_ctx *ctx, struct injector *inj,
	      const struct arm_params *p)
{
	if (ctx->opts->inject_hw && p->probability)
		return hw_start(ctx, inj, p);
	return set_knob(ctx, inj, "target", "%s", p->target) ?:
	       set_knob(ctx, inj, "site", "%s", p->site) ?:
	       set_knob(ctx, inj, "mode", "%s", p->mode) ?:
	       set_knob(ctx, inj, "delay_us", "%u", p->delay_us) ?:
	       set_knob(ctx, inj, "probability", "%u", p->probability) ?:
	       set_knob(ctx, inj, "interval", "%u", p->interval) ?:
	       set_knob(ctx, inj, "times", "%d", p->times) ?:
	       set_knob(ctx, inj, "space", "%u", p->space) ?:
	       set_knob(ctx, inj, "seed", "%llu", (unsigned long long)p->seed) ?:
	       set_knob(ctx, inj, "max_armed_ms", "%u", p->max_armed_ms) ?:
	       set_knob(ctx, inj, "armed", "1");
}

int arm_observe(struct atc_ctx *ctx, struct injector *inj)
{
	struct arm_params ap;
	int ret = arm_load(ctx, inj);

	if (ret)
		return ret;
	arm_defaults(ctx, &ap);
	ap.probability = 0;
	ap.times = -1;
	ret = arm_start(ctx, inj, &ap);
	if (ret)
		arm_unload(ctx, inj);
	return ret;
}

int arm_stop(struct atc_ctx *ctx, struct injector *inj)
{
	if (hw.armed) {
		struct hw_stats st;
		char err[512];

		hw.armed = false;
		if (hw_disarm(&hw.link, &st, err, sizeof(err))) {
			atc_note(ctx, "%s", err);
		} else {
			hw_seen(&st);
			hw.final = true;
		}
	}
	return set_knob(ctx, inj, "armed", "0");
}

uint64_t stat_u64(struct json_object *stats, const char *key)
{
	struct json_object *v;

	if (!stats || !json_object_object_get_ex(stats, key, &v))
		return 0;
	return (uint64_t)json_object_get_int64(v);
}

uint64_t arm_wait_injected(struct injector *inj, uint64_t n,
			   unsigned int timeout_ms)
{
	uint64_t deadline = atc_now_ns() + (uint64_t)timeout_ms * 1000000ull;
	uint64_t injected = 0;

	while (hw.armed) {
		struct hw_stats st;
		char err[512];

		if (!hw_stats(&hw.link, &st, err, sizeof(err)))
			hw_seen(&st);
		if (hw.injected >= n || atc_now_ns() >= deadline)
			return hw.injected;
		usleep(20000);
	}
	for (;;) {
		struct json_object *stats = NULL;

		if (!injector_read_json(inj, "stats", &stats)) {
			injected = stat_u64(stats, "injected");
			json_object_put(stats);
		}
		if (injected >= n || atc_now_ns() >= deadline)
			return injected;
		usleep(2000);
	}
}

/* A copy in the test's log directory: NAME.json. */
static void save_json(struct atc_ctx *ctx, const char *name,
		      struct json_object *o)
{
	char path[PATH_MAX];
	FILE *f;

	atc_log_path(ctx, name, path, sizeof(path));
	strncat(path, ".json", sizeof(path) - strlen(path) - 1);
	f = fopen(path, "we");
	if (f) {
		fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY), f);
		fclose(f);
	}
}

static struct json_object *snapshot(struct atc_ctx *ctx, struct injector *inj,
				    const char *knob)
{
	struct json_object *o = NULL;

	if (injector_read_json(inj, knob, &o))
		return NULL;
	save_json(ctx, knob, o);
	return o;
}

uint64_t arm_first_inject_ns(struct injector *inj)
{
	struct json_object *now = NULL;
	uint64_t ns;

	if (hw.link.fd >= 0)
		return hw.first_ns;
	injector_read_json(inj, "stats", &now);
	ns = stat_u64(now, "first_inject_ns");
	json_object_put(now);
	return ns;
}

static uint64_t since(uint64_t now, uint64_t then)
{
	return now >= then ? now - then : 0;
}

/*
 * The device ATC model's counts since the arm (QEMU's ats-device-atc):
 * DMA the device translated from its ATC, from stale entries, stale
 * entries the IOMMU refused once the device was fenced, and the guest
 * pages stale DMA reached. The host's truth for C2 and C6.
 */
static void hw_atc_counts(struct atc_model_counts *c)
{
	struct hw_stats *now = &hw.latest, *then = &hw.at_arm;

	for (size_t i = 0; i < ATC_MODEL_NCOUNTS; i++)
		*atc_model_count(c, i) = since(*atc_model_count(&now->atc, i),
					       *atc_model_count(&then->atc, i));
}

/* stats.json's name of counter i: the agent's, "hw_" in front */
static const char *atc_stats_key(size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "hw_%s", atc_model_names[i]);
	return buf;
}

static void hw_atc_into_stats(struct json_object *stats)
{
	struct atc_model_counts c;
	char key[32];

	hw_atc_counts(&c);
	for (size_t i = 0; i < ATC_MODEL_NCOUNTS; i++)
		json_object_object_add(stats, atc_stats_key(i, key, sizeof(key)),
				       json_object_new_int64((int64_t)*atc_model_count(&c, i)));
}

bool stats_atc_counts(struct json_object *stats, struct atc_model_counts *c)
{
	struct json_object *v;
	char key[32];

	for (size_t i = 0; i < ATC_MODEL_NCOUNTS; i++) {
		if (!stats ||
		    !json_object_object_get_ex(stats,
					       atc_stats_key(i, key, sizeof(key)),
					       &v))
			return false;
		*atc_model_count(c, i) = (uint64_t)json_object_get_int64(v);
	}
	return true;
}

bool arm_atc_now(struct atc_model_counts *c)
{
	struct hw_stats st;
	char err[512];

	if (hw.link.fd < 0 || hw_stats(&hw.link, &st, err, sizeof(err)))
		return false;
	hw_seen(&st);
	if (!st.atc_model)
		return false;
	hw_atc_counts(c);
	return true;
}

/*
 * With --injector hw the counts of injection are the IOMMU's: what the
 * host said, over the module's observer counts.
 */
static void hw_into_stats(struct atc_ctx *ctx, struct json_object *stats)
{
	struct hw_stats st;
	char err[512];

	/* after a disarm the host answered, its counts are the last word */
	if (!hw.final) {
		if (!hw_stats(&hw.link, &st, err, sizeof(err)))
			hw_seen(&st);
		else
			atc_note(ctx, "%s", err);
	}
	json_object_object_add(stats, "injector", json_object_new_string("hw"));
	json_object_object_add(stats, "injected",
			       json_object_new_int64((int64_t)hw.injected));
	json_object_object_add(stats, "first_inject_ns",
			       json_object_new_int64((int64_t)hw.first_ns));
	json_object_object_add(stats, "hw_target_sid",
			       json_object_new_int64(hw.sid));
	json_object_object_add(stats, "hw_last_ite_sid",
			       json_object_new_int64(hw.last_sid));
	if (hw.latest.atc_model)
		hw_atc_into_stats(stats);
}

/*
 * Submissions the site could not hook (more at once than its maxactive)
 * were neither matched nor injected: the counts of the test are short.
 */
static uint64_t probes_missed(struct atc_ctx *ctx, struct json_object *stats)
{
	uint64_t n = stat_u64(stats, "probes_missed");

	if (n)
		atc_evidence_u64(ctx, "probes_missed", n);
	return n;
}

struct json_object *arm_stats(struct atc_ctx *ctx, struct injector *inj)
{
	struct json_object *o;

	if (hw.link.fd < 0) {
		o = snapshot(ctx, inj, "stats");
		probes_missed(ctx, o);
		return o;
	}
	if (injector_read_json(inj, "stats", &o))
		o = json_object_new_object();
	hw_into_stats(ctx, o);
	save_json(ctx, "stats", o);
	probes_missed(ctx, o);
	return o;
}

struct json_object *arm_events(struct atc_ctx *ctx, struct injector *inj)
{
	return snapshot(ctx, inj, "events");
}

bool arm_unload(struct atc_ctx *ctx, struct injector *inj)
{
	struct json_object *stats = NULL;
	uint64_t missed;
	int ret;

	if (hw.armed)
		arm_stop(ctx, inj);
	if (inj->loaded && !injector_read_json(inj, "stats", &stats)) {
		missed = probes_missed(ctx, stats);
		if (missed)
			atc_note(ctx, "%s could not hook %llu submissions (maxactive %llu): they were neither matched nor injected",
				 INJECTOR_NAME, (unsigned long long)missed,
				 (unsigned long long)stat_u64(stats, "maxactive"));
		json_object_put(stats);
	}
	hw_close(&hw.link);
	ret = injector_unload(inj);

	if (ret)
		atc_note(ctx, "removing %s failed: %s", INJECTOR_NAME,
			 strerror(-ret));
	return ret == 0;
}
