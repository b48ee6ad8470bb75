// SPDX-License-Identifier: GPL-2.0
#include "arming.h"
#include "atc.h"

#include <errno.h>
#include <stdarg.h>
#include <json.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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

int arm_start(struct atc_ctx *ctx, struct injector *inj,
	      const struct arm_params *p)
{
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

static struct json_object *snapshot(struct atc_ctx *ctx, struct injector *inj,
				    const char *knob)
{
	struct json_object *o = NULL;
	char path[PATH_MAX];
	FILE *f;

	if (injector_read_json(inj, knob, &o))
		return NULL;
	atc_log_path(ctx, knob, path, sizeof(path));
	strncat(path, ".json", sizeof(path) - strlen(path) - 1);
	f = fopen(path, "we");
	if (f) {
		fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY), f);
		fclose(f);
	}
	return o;
}

struct json_object *arm_stats(struct atc_ctx *ctx, struct injector *inj)
{
	return snapshot(ctx, inj, "stats");
}

struct json_object *arm_events(struct atc_ctx *ctx, struct injector *inj)
{
	return snapshot(ctx, inj, "events");
}

bool arm_unload(struct atc_ctx *ctx, struct injector *inj)
{
	int ret = injector_unload(inj);

	if (ret)
		atc_note(ctx, "removing %s failed: %s", INJECTOR_NAME,
			 strerror(-ret));
	return ret == 0;
}
