// SPDX-License-Identifier: GPL-2.0
/*
 * KernelCI KCIDB I/O data, schema v4.2 (the first v4 with "MISS"): the
 * kernel under test as one checkout and one build, unless --build-id
 * links the tests to a build the CI system already submitted; a test per
 * test point (path "atctests.<test>") and one per check
 * ("atctests.<test>.<check>").
 *
 *   pass -> PASS    fail -> FAIL    xfail -> FAIL, "waived": true
 *   xpass -> PASS (the code works; misc.unexpected_pass says the
 *   expectations are stale)   skip -> SKIP   error -> ERROR
 *   a point without a known verdict -> MISS
 *
 * The runner runs points one after another, so a point's start_time is
 * the run's start plus the durations before it: close, not exact.
 */
#include "report.h"

#include <json.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KCIDB_MINOR 2
#define EXCERPT_MAX 16384

struct kcidb_run {
	const struct report *r;
	const struct kcidb_options *opt;
	char run_id[256];
	char build_id[256];
	time_t started;
};

static struct json_object *str(const char *s)
{
	return json_object_new_string(s ? s : "");
}

static const char *point_status(enum verdict v)
{
	switch (v) {
	case V_PASS:
	case V_XPASS:
		return "PASS";
	case V_FAIL:
	case V_XFAIL:
		return "FAIL";
	case V_SKIP:
		return "SKIP";
	case V_ERROR:
		return "ERROR";
	default:
		return "MISS";
	}
}

static const char *check_kcidb_status(enum check_status s)
{
	return s == CHECK_PASS || s == CHECK_XPASS ? "PASS" : "FAIL";
}

/* KCIDB paths are [.a-zA-Z0-9_-]: anything else becomes '_'. */
static void path_part(char *s)
{
	for (; *s; s++)
		if (!(strchr("._-", *s) || (*s >= '0' && *s <= '9') ||
		      (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
			*s = '_';
}

static void iso_time(time_t t, char *out, size_t len)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%S.000000+00:00", &tm);
}

static time_t parse_started(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!strptime(s, "%Y-%m-%dT%H:%M:%S", &tm))
		return 0;
	return timegm(&tm);
}

static void run_ids(struct kcidb_run *k)
{
	struct json_object *root = k->r->root;
	char stamp[32];

	snprintf(stamp, sizeof(stamp), "%s", jstr(root, "started"));
	for (char *c = stamp; *c; c++)
		if (*c == '-' || *c == ':')
			memmove(c, c + 1, strlen(c));
	/* the release, the start and the seed make a run's id unique */
	snprintf(k->run_id, sizeof(k->run_id), "%s:%s-%s-seed%s", k->opt->origin,
		 jstr(jget(root, "kernel"), "release"), stamp,
		 jtext(jget(root, "seed")));
	snprintf(k->build_id, sizeof(k->build_id), "%s",
		 k->opt->build_id ? k->opt->build_id : k->run_id);
	k->started = parse_started(jstr(root, "started"));
}

static void add_time(struct json_object *o, time_t t)
{
	char when[48];

	if (!t)
		return;
	iso_time(t, when, sizeof(when));
	json_object_object_add(o, "start_time", str(when));
}

static struct json_object *checkout(const struct kcidb_run *k)
{
	struct json_object *o = json_object_new_object();
	struct json_object *kernel = jget(k->r->root, "kernel");
	char comment[512];

	snprintf(comment, sizeof(comment), "kernel %s %s", jstr(kernel, "release"),
		 jstr(kernel, "version"));
	json_object_object_add(o, "id", str(k->run_id));
	json_object_object_add(o, "origin", str(k->opt->origin));
	json_object_object_add(o, "comment", str(comment));
	json_object_object_add(o, "valid", json_object_new_boolean(1));
	add_time(o, k->started);
	return o;
}

static struct json_object *build(const struct kcidb_run *k)
{
	struct json_object *o = json_object_new_object();
	struct json_object *kernel = jget(k->r->root, "kernel");
	struct json_object *misc = json_object_new_object();
	char arch[64];

	snprintf(arch, sizeof(arch), "%s", jstr(kernel, "machine"));
	for (char *c = arch; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
			*c = '_';
	json_object_object_add(o, "id", str(k->build_id));
	json_object_object_add(o, "checkout_id", str(k->run_id));
	json_object_object_add(o, "origin", str(k->opt->origin));
	json_object_object_add(o, "comment", str(jstr(kernel, "release")));
	json_object_object_add(o, "architecture", str(arch));
	json_object_object_add(o, "valid", json_object_new_boolean(1));
	add_time(o, k->started);
	json_object_object_add(misc, "kernel_release", str(jstr(kernel, "release")));
	json_object_object_add(misc, "kernel_version", str(jstr(kernel, "version")));
	json_object_object_add(misc, "kernel_cmdline", str(jstr(kernel, "cmdline")));
	json_object_object_add(o, "misc", misc);
	return o;
}

/* What the test point ran on, for the test's "environment". */
static struct json_object *environment(const struct kcidb_run *k,
				       const struct report_point *p)
{
	struct json_object *env = json_object_new_object();
	struct json_object *misc = json_object_new_object();
	char comment[256];

	snprintf(comment, sizeof(comment), "%s%s%s", *p->device ? p->device : "no device",
		 *report_device_iommu(k->r, p->device) ? " behind " : "",
		 report_device_iommu(k->r, p->device));
	json_object_object_add(env, "comment", str(comment));
	json_object_object_add(misc, "device", str(p->device));
	if (jget(k->r->root, "seed"))	/* KCIDB allows no nulls */
		json_object_object_add(misc, "seed",
				       json_object_get(jget(k->r->root, "seed")));
	json_object_object_add(env, "misc", misc);
	return env;
}

/* The part of the output that explains the status, within KCIDB's limit. */
static void add_excerpt(struct json_object *o, const struct report_point *p,
			struct json_object *check)
{
	size_t len = 0;
	char *text = report_text(p, check, &len);

	if (text && len > EXCERPT_MAX)
		text[EXCERPT_MAX] = '\0';
	if (text && len)
		json_object_object_add(o, "log_excerpt", str(text));
	free(text);
}

static struct json_object *test_object(const struct kcidb_run *k,
				       const struct report_point *p,
				       const char *check, const char *status,
				       time_t start)
{
	struct json_object *o = json_object_new_object();
	char id[768], path[512];

	snprintf(id, sizeof(id), "%s.%s%s%s%s%s", k->run_id, p->test,
		 *p->device ? "@" : "", p->device, check ? "." : "",
		 check ? check : "");
	snprintf(path, sizeof(path), "atctests.%s%s%s", p->test,
		 check ? "." : "", check ? check : "");
	path_part(path);
	json_object_object_add(o, "id", str(id));
	json_object_object_add(o, "build_id", str(k->build_id));
	json_object_object_add(o, "origin", str(k->opt->origin));
	json_object_object_add(o, "path", str(path));
	json_object_object_add(o, "status", str(status));
	json_object_object_add(o, "environment", environment(k, p));
	add_time(o, start);
	return o;
}

static struct json_object *point_test(const struct kcidb_run *k,
				      const struct report_point *p, time_t start)
{
	struct json_object *o = test_object(k, p, NULL, point_status(p->verdict), start);
	struct json_object *misc = json_object_new_object();

	json_object_object_add(o, "duration",
			       json_object_new_double((double)p->duration_ms / 1000.0));
	if (p->verdict == V_XFAIL)
		json_object_object_add(o, "waived", json_object_new_boolean(1));
	if (*p->reason)
		json_object_object_add(o, "comment", str(p->reason));
	json_object_object_add(misc, "verdict", str(verdict_name(p->verdict)));
	json_object_object_add(misc, "measurements", json_object_get(p->measurements));
	json_object_object_add(o, "misc", misc);
	add_excerpt(o, p, NULL);
	return o;
}

static struct json_object *check_test(const struct kcidb_run *k,
				      const struct report_point *p,
				      struct json_object *check, time_t start)
{
	enum check_status s = check_status(check);
	struct json_object *o = test_object(k, p, jstr(check, "name"),
					    check_kcidb_status(s), start);
	struct json_object *misc = json_object_new_object();
	struct json_object *ev = jget(check, "evidence");

	if (s == CHECK_XFAIL)
		json_object_object_add(o, "waived", json_object_new_boolean(1));
	json_object_object_add(o, "comment", str(jstr(check, "message")));
	if (ev)
		json_object_object_add(misc, "evidence", json_object_get(ev));
	if (*jstr(check, "expected_failure"))
		json_object_object_add(misc, "expected_failure",
				       str(jstr(check, "expected_failure")));
	if (s == CHECK_XPASS)
		json_object_object_add(misc, "unexpected_pass", json_object_new_boolean(1));
	json_object_object_add(o, "misc", misc);
	if (s == CHECK_FAIL || s == CHECK_XFAIL)
		add_excerpt(o, p, check);
	return o;
}

static struct json_object *tests(const struct kcidb_run *k)
{
	struct json_object *arr = json_object_new_array();
	time_t start = k->started;
	long long elapsed_ms = 0;

	/* run order, not failures first: start times follow it */
	for (size_t i = 0; i < k->r->n_points; i++) {
		const struct report_point *p = &k->r->points[i];
		size_t n = json_object_array_length(p->checks);

		start = k->started ? k->started + (time_t)(elapsed_ms / 1000) : 0;
		json_object_array_add(arr, point_test(k, p, start));
		for (size_t c = 0; c < n; c++)
			json_object_array_add(arr, check_test(k, p,
				json_object_array_get_idx(p->checks, c), start));
		elapsed_ms += p->duration_ms;
	}
	return arr;
}

int report_kcidb(FILE *out, const struct report *r,
		 const struct kcidb_options *opt)
{
	struct kcidb_run k = { .r = r, .opt = opt };
	struct json_object *doc = json_object_new_object();
	struct json_object *version = json_object_new_object();
	int ret;

	run_ids(&k);
	json_object_object_add(version, "major", json_object_new_int(4));
	json_object_object_add(version, "minor", json_object_new_int(KCIDB_MINOR));
	json_object_object_add(doc, "version", version);
	if (!opt->build_id) {
		struct json_object *checkouts = json_object_new_array();
		struct json_object *builds = json_object_new_array();

		json_object_array_add(checkouts, checkout(&k));
		json_object_array_add(builds, build(&k));
		json_object_object_add(doc, "checkouts", checkouts);
		json_object_object_add(doc, "builds", builds);
	}
	json_object_object_add(doc, "tests", tests(&k));
	fputs(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
					     JSON_C_TO_STRING_SPACED |
					     JSON_C_TO_STRING_NOSLASHESCAPE), out);
	fputc('\n', out);
	ret = ferror(out) ? -1 : 0;
	json_object_put(doc);
	return ret;
}
