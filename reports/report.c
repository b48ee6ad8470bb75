// SPDX-License-Identifier: GPL-2.0
/* results.json into the model every format reads. */
#include "report.h"

#include <errno.h>
#include <json.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const verdict_names[V_COUNT] = {
	[V_PASS] = "pass", [V_FAIL] = "fail", [V_SKIP] = "skip",
	[V_XFAIL] = "xfail", [V_XPASS] = "xpass", [V_ERROR] = "error",
	[V_UNKNOWN] = "unknown",
};

/* Worst first: what a reader must act on comes before what passed. */
static const int verdict_ranks[V_COUNT] = {
	[V_ERROR] = 0, [V_FAIL] = 1, [V_XPASS] = 2, [V_UNKNOWN] = 3,
	[V_XFAIL] = 4, [V_SKIP] = 5, [V_PASS] = 6,
};

struct json_object *jget(struct json_object *obj, const char *key)
{
	struct json_object *v;

	if (!obj || !json_object_is_type(obj, json_type_object) ||
	    !json_object_object_get_ex(obj, key, &v))
		return NULL;
	return v;
}

const char *jstr(struct json_object *obj, const char *key)
{
	struct json_object *v = jget(obj, key);

	if (!v || !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

long long jint(struct json_object *obj, const char *key, long long dflt)
{
	struct json_object *v = jget(obj, key);

	if (!v || !(json_object_is_type(v, json_type_int) ||
		    json_object_is_type(v, json_type_double)))
		return dflt;
	return (long long)json_object_get_int64(v);
}

size_t jlen(struct json_object *arr)
{
	if (!arr || !json_object_is_type(arr, json_type_array))
		return 0;
	return json_object_array_length(arr);
}

const char *jtext(struct json_object *v)
{
	if (!v)
		return "null";
	if (json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
}

enum verdict verdict_parse(const char *s)
{
	for (int v = 0; v < V_UNKNOWN; v++)
		if (s && !strcmp(s, verdict_names[v]))
			return (enum verdict)v;
	return V_UNKNOWN;
}

const char *verdict_name(enum verdict v)
{
	return v < V_COUNT ? verdict_names[v] : "unknown";
}

bool verdict_is_bad(enum verdict v)
{
	return v == V_FAIL || v == V_ERROR || v == V_XPASS || v == V_UNKNOWN;
}

const char *report_outcome(const struct report *r)
{
	for (int v = 0; v < V_COUNT; v++)
		if (r->counts[v] && verdict_is_bad((enum verdict)v))
			return "fail";
	/* a run that checked nothing is not a pass */
	if (r->counts[V_SKIP] == r->n_points)
		return "nothing checked";
	return "pass";
}

int verdict_rank(enum verdict v)
{
	return v < V_COUNT ? verdict_ranks[v] : verdict_ranks[V_UNKNOWN];
}

enum check_status check_status(struct json_object *check)
{
	struct json_object *ok = jget(check, "ok");
	bool passed = ok && json_object_get_boolean(ok);
	/* the runner adds the expectation's reason only when one matched */
	bool expected = *jstr(check, "expected_failure") != '\0';

	if (expected)
		return passed ? CHECK_XPASS : CHECK_XFAIL;
	return passed ? CHECK_PASS : CHECK_FAIL;
}

const char *check_status_name(enum check_status s)
{
	static const char *const names[] = {
		[CHECK_PASS] = "pass", [CHECK_FAIL] = "fail",
		[CHECK_XFAIL] = "xfail", [CHECK_XPASS] = "xpass",
	};

	return names[s];
}

static void point_dir_name(struct report_point *p)
{
	const char *log_dir = jstr(jget(p->json, "diagnostics"), "log_dir");
	const char *base = strrchr(log_dir, '/');

	/* the guest's path means nothing here; its last part is ours */
	snprintf(p->dir_name, sizeof(p->dir_name), "%s", base ? base + 1 : log_dir);
	if (!strcmp(p->dir_name, ".") || !strcmp(p->dir_name, ".."))
		p->dir_name[0] = '\0';
}

#define DURATION_MAX_MS (366LL * 24 * 3600 * 1000)

static void point_init(struct report_point *p, struct json_object *t)
{
	struct json_object *v;

	p->json = t;
	p->test = jstr(t, "test");
	p->device = jstr(t, "device");
	p->reason = jstr(t, "reason");
	p->verdict = verdict_parse(jstr(t, "verdict"));
	if (p->verdict == V_UNKNOWN && !*p->reason)
		p->reason = "no verdict: the run stopped before this point finished";
	p->duration_ms = jint(t, "duration_ms", 0);
	/* negative or over a year is no duration: sums over points stay in range */
	if (p->duration_ms < 0 || p->duration_ms > DURATION_MAX_MS)
		p->duration_ms = 0;
	/* absent lists become empty ones, owned by the tree like the rest */
	v = jget(t, "checks");
	if (!v || !json_object_is_type(v, json_type_array)) {
		v = json_object_new_array();
		json_object_object_add(t, "checks", v);
	}
	p->checks = v;
	v = jget(t, "measurements");
	if (!v || !json_object_is_type(v, json_type_object)) {
		v = json_object_new_object();
		json_object_object_add(t, "measurements", v);
	}
	p->measurements = v;
	point_dir_name(p);
}

static int by_rank(const void *a, const void *b, void *arg)
{
	const struct report *r = arg;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int ri = verdict_rank(r->points[i].verdict);
	int rj = verdict_rank(r->points[j].verdict);

	if (ri != rj)
		return ri - rj;
	return i < j ? -1 : i > j;	/* stable: run order within a rank */
}

int report_from_json(struct report *r, struct json_object *root,
		     const char *dir, char *err, size_t len)
{
	struct json_object *tests = jget(root, "tests");
	size_t n;

	memset(r, 0, sizeof(*r));
	r->root = root;
	snprintf(r->dir, sizeof(r->dir), "%s", dir ? dir : ".");
	if (!tests || !json_object_is_type(tests, json_type_array)) {
		snprintf(err, len, "it has no \"tests\" array; pass the results of an atctests run");
		return -1;
	}
	n = json_object_array_length(tests);
	r->points = calloc(n ? n : 1, sizeof(*r->points));
	r->order = calloc(n ? n : 1, sizeof(*r->order));
	if (!r->points || !r->order) {
		snprintf(err, len, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);

		if (!json_object_is_type(t, json_type_object)) {
			snprintf(err, len, "tests[%zu] is not an object; pass the results of an atctests run", i);
			return -1;
		}
		point_init(&r->points[i], t);
		r->counts[r->points[i].verdict]++;
		r->order[i] = i;
	}
	r->n_points = n;
	qsort_r(r->order, n, sizeof(*r->order), by_rank, r);
	return 0;
}

static int results_path(const char *path, char *dir, size_t dlen,
			char *file, size_t flen)
{
	struct stat st;
	char copy[PATH_MAX];

	if (stat(path, &st))
		return -errno;
	if (S_ISDIR(st.st_mode)) {
		snprintf(dir, dlen, "%s", path);
		snprintf(file, flen, "%s/results.json", path);
		return 0;
	}
	snprintf(copy, sizeof(copy), "%s", path);
	snprintf(dir, dlen, "%s", dirname(copy));
	snprintf(file, flen, "%s", path);
	return 0;
}

int report_load(struct report *r, const char *path, char *err, size_t len)
{
	char dir[PATH_MAX], file[PATH_MAX + 16];
	struct json_object *root;
	int ret;

	memset(r, 0, sizeof(*r));
	ret = results_path(path, dir, sizeof(dir), file, sizeof(file));
	if (ret) {
		snprintf(err, len, "%s: %s; pass the --out directory of an atctests run",
			 path, strerror(-ret));
		return -1;
	}
	if (access(file, R_OK)) {
		snprintf(err, len, "%s: %s; pass the --out directory of an atctests run",
			 file, strerror(errno));
		return -1;
	}
	root = json_object_from_file(file);
	if (!root || !json_object_is_type(root, json_type_object)) {
		snprintf(err, len, "%s is not a JSON object (%s); was the run cut short? rerun it",
			 file, root ? "wrong type" : "truncated or malformed");
		json_object_put(root);
		return -1;
	}
	if (report_from_json(r, root, dir, err, len)) {
		char why[256];

		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, len, "%s: %s", file, why);
		report_free(r);
		return -1;
	}
	return 0;
}

void report_free(struct report *r)
{
	json_object_put(r->root);
	free(r->points);
	free(r->order);
	memset(r, 0, sizeof(*r));
}

struct json_object *report_events(const struct report *r,
				  const struct report_point *p)
{
	char path[PATH_MAX + NAME_MAX + 16];
	struct json_object *events;

	if (!p->dir_name[0])
		return NULL;
	snprintf(path, sizeof(path), "%s/%s/events.json", r->dir, p->dir_name);
	if (access(path, R_OK))
		return NULL;
	events = json_object_from_file(path);
	if (events && !json_object_is_type(events, json_type_array)) {
		json_object_put(events);
		return NULL;
	}
	return events;
}

void report_command(const struct report *r, char *out, size_t len)
{
	struct json_object *cmd = jget(r->root, "command");
	size_t n = jlen(cmd);
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? " " : "",
					 jtext(json_object_array_get_idx(cmd, i)));
}

/* "0000:01:00.0 virtio-pci, intel-vtd dmar0 group 6, ATS on (cap 0x148 control 0x8000)" */
void report_device_line(struct json_object *d, char *out, size_t len)
{
	struct json_object *ats = jget(d, "ats");
	struct json_object *on = jget(ats, "enabled");

	snprintf(out, len, "%s %s, %s %s group %s, ATS %s (cap %s control %s)",
		 jstr(d, "bdf"), jstr(d, "driver"), jstr(d, "iommu_family"),
		 jstr(d, "iommu"), jstr(d, "iommu_group"),
		 on && json_object_get_boolean(on) ? "on" : "off",
		 jstr(ats, "cap"), jstr(ats, "control"));
}

static struct json_object *find_device(const struct report *r, const char *bdf)
{
	struct json_object *devs = jget(r->root, "devices");
	size_t n;

	if (!devs || !json_object_is_type(devs, json_type_array))
		return NULL;
	n = json_object_array_length(devs);
	for (size_t i = 0; i < n; i++) {
		struct json_object *d = json_object_array_get_idx(devs, i);

		if (!strcmp(jstr(d, "bdf"), bdf))
			return d;
	}
	return NULL;
}

const char *report_device_iommu(const struct report *r, const char *bdf)
{
	return jstr(find_device(r, bdf), "iommu_family");
}

/* "intel-vtd dmar0" for every distinct IOMMU the devices sit behind. */
void report_iommu_line(const struct report *r, char *out, size_t len)
{
	struct json_object *devs = jget(r->root, "devices");
	size_t n = jlen(devs);
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		struct json_object *d = json_object_array_get_idx(devs, i);
		char one[128];

		snprintf(one, sizeof(one), "%s %s", jstr(d, "iommu_family"),
			 jstr(d, "iommu"));
		if (strstr(out, one))
			continue;
		used += (size_t)snprintf(out + used, len - used, "%s%s",
					 used ? ", " : "", one);
	}
	if (!out[0])
		snprintf(out, len, "none reported");
}

/* The name ci/check-vm gives a run: its directory, without the "vm-". */
void report_run_name(const struct report *r, char *out, size_t len)
{
	char path[PATH_MAX], *base;
	size_t n;

	snprintf(path, sizeof(path), "%s", r->dir);
	n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		path[--n] = '\0';
	base = basename(path);
	/* "." names nothing; the real directory does */
	if ((!strcmp(base, ".") || !strcmp(base, "..")) && realpath(r->dir, path))
		base = basename(path);
	if (!strncmp(base, "vm-", 3) && base[3])
		base += 3;
	snprintf(out, len, "%s", base);
}
