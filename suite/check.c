// SPDX-License-Identifier: GPL-2.0
/* The test side of the record stream: one JSON object per line. */
#include "atc.h"

#include <errno.h>
#include <json.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

uint64_t atc_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

unsigned int atc_limit_within_deadline(const struct atc_ctx *ctx,
				       unsigned int limit_s,
				       unsigned int margin_s)
{
	uint64_t now = atc_now_ns(), left_s;

	if (!ctx->deadline_ns)
		return limit_s;
	left_s = ctx->deadline_ns > now ? (ctx->deadline_ns - now) / 1000000000ull : 0;
	if (left_s <= margin_s)
		return 1;
	return left_s - margin_s < limit_s ? (unsigned int)(left_s - margin_s) :
					      limit_s;
}

static void send_record(struct atc_ctx *ctx, struct json_object *rec)
{
	const char *text = json_object_to_json_string_ext(rec,
							  JSON_C_TO_STRING_PLAIN);
	size_t len = strlen(text);

	while (len) {
		ssize_t n = write(ctx->report_fd, text, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		text += n;
		len -= (size_t)n;
	}
	if (write(ctx->report_fd, "\n", 1) < 0)
		perror("atctests: record");
	json_object_put(rec);
}

static struct json_object *record(const char *type)
{
	struct json_object *rec = json_object_new_object();

	json_object_object_add(rec, "type", json_object_new_string(type));
	json_object_object_add(rec, "ns",
			       json_object_new_int64((int64_t)atc_now_ns()));
	return rec;
}

static struct json_object *vformat(const char *fmt, va_list ap)
{
	char buf[2048];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	return json_object_new_string(buf);
}

void atc_evidence(struct atc_ctx *ctx, const char *key,
		  struct json_object *value)
{
	if (!ctx->pending)
		ctx->pending = json_object_new_object();
	json_object_object_add(ctx->pending, key, value);
}

void atc_evidence_u64(struct atc_ctx *ctx, const char *key, uint64_t value)
{
	atc_evidence(ctx, key, json_object_new_int64((int64_t)value));
}

void atc_evidence_str(struct atc_ctx *ctx, const char *key,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	atc_evidence(ctx, key, vformat(fmt, ap));
	va_end(ap);
}

void atc_measure(struct atc_ctx *ctx, const char *key,
		 struct json_object *value)
{
	struct json_object *rec = record("measure");

	json_object_object_add(rec, "key", json_object_new_string(key));
	json_object_object_add(rec, "value", value);
	send_record(ctx, rec);
}

bool atc_check(struct atc_ctx *ctx, const char *name, bool ok,
	       const char *fmt, ...)
{
	struct json_object *rec = record("check");
	va_list ap;

	va_start(ap, fmt);
	json_object_object_add(rec, "message", vformat(fmt, ap));
	va_end(ap);
	json_object_object_add(rec, "name", json_object_new_string(name));
	json_object_object_add(rec, "ok", json_object_new_boolean(ok));
	json_object_object_add(rec, "evidence", ctx->pending ? ctx->pending :
			       json_object_new_object());
	ctx->pending = NULL;
	ctx->checks++;
	if (!ok)
		ctx->failed++;
	send_record(ctx, rec);
	return ok;
}

static void send_text(struct atc_ctx *ctx, const char *type, const char *fmt,
		      va_list ap)
{
	struct json_object *rec = record(type);

	json_object_object_add(rec, "message", vformat(fmt, ap));
	if (ctx->pending && strcmp(type, "note")) {
		json_object_object_add(rec, "evidence", ctx->pending);
		ctx->pending = NULL;
	}
	send_record(ctx, rec);
}

void atc_skip(struct atc_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	send_text(ctx, "skip", fmt, ap);
	va_end(ap);
}

void atc_error(struct atc_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	send_text(ctx, "error", fmt, ap);
	va_end(ap);
}

void atc_note(struct atc_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	send_text(ctx, "note", fmt, ap);
	va_end(ap);
}

void atc_log_path(struct atc_ctx *ctx, const char *name, char *out,
		  unsigned long len)
{
	snprintf(out, len, "%s/%s", ctx->log_dir, name);
}
