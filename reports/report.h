/* SPDX-License-Identifier: GPL-2.0 */
/*
 * atc-report: a results directory (results.json plus one directory per
 * test point) read once into a small model, then written out by one
 * file per format. The model borrows every string from the parsed JSON,
 * so it lives exactly as long as struct report.
 */
#ifndef ATC_REPORT_H
#define ATC_REPORT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json_object;

/* A test point's verdict, as the runner wrote it. */
enum verdict {
	V_PASS,
	V_FAIL,
	V_SKIP,
	V_XFAIL,	/* failed, and the expectations file said it would */
	V_XPASS,	/* passed although expected to fail: news, a failure */
	V_ERROR,	/* the test itself broke: crash, time limit, no check */
	V_UNKNOWN,	/* absent or unrecognised: the run did not finish it */
	V_COUNT
};

/* One check's outcome, from its "ok" and "expected_failure". */
enum check_status {
	CHECK_PASS,
	CHECK_FAIL,
	CHECK_XFAIL,
	CHECK_XPASS,
};

struct report_point {
	const char *test;
	const char *device;		/* "" for a test without a device */
	const char *reason;		/* "" when the runner gave none */
	enum verdict verdict;
	long long duration_ms;
	struct json_object *json;	/* the tests[] entry */
	struct json_object *checks;	/* array, never NULL */
	struct json_object *measurements; /* object, never NULL */
	char dir_name[NAME_MAX + 1];	/* log directory, relative to the results */
};

struct report {
	struct json_object *root;
	char dir[PATH_MAX];		/* the results directory */
	struct report_point *points;
	size_t n_points;
	size_t *order;			/* indexes into points, failures first */
	unsigned int counts[V_COUNT];
};

/*
 * Read PATH (a results directory, or its results.json). On failure err
 * holds one line naming the problem and the fix, and -1 is returned.
 */
int report_load(struct report *r, const char *path, char *err, size_t len);
/* Build the model from a parsed results.json; takes the reference. */
int report_from_json(struct report *r, struct json_object *root,
		     const char *dir, char *err, size_t len);
void report_free(struct report *r);

/* Field access that never fails: "" / dflt / NULL when absent. */
const char *jstr(struct json_object *obj, const char *key);
long long jint(struct json_object *obj, const char *key, long long dflt);
struct json_object *jget(struct json_object *obj, const char *key);
size_t jlen(struct json_object *arr);	/* 0 for anything but an array */
/* A value as one line of text: strings raw, everything else as JSON. */
const char *jtext(struct json_object *v);

enum verdict verdict_parse(const char *s);
const char *verdict_name(enum verdict v);
/* fail, error, xpass and unknown: what makes a run not pass. */
bool verdict_is_bad(enum verdict v);
/* "pass", "fail" or "nothing checked" (every point skipped, or none). */
const char *report_outcome(const struct report *r);
/*
 * The finding in one line (headline.c): "RELEASE: ATC timeout not fenced —
 * C1 C2 fail (known for this kernel); no regressions", or "RELEASE: pass".
 * True when a contract check failed, as expected or not.
 */
bool report_headline(const struct report *r, char *out, size_t len);
/* Sorting rank: the worst first. */
int verdict_rank(enum verdict v);

enum check_status check_status(struct json_object *check);
const char *check_status_name(enum check_status s);

/* The kernel, the IOMMUs and the devices as one short line each. */
void report_iommu_line(const struct report *r, char *out, size_t len);
void report_command(const struct report *r, char *out, size_t len);
void report_device_line(struct json_object *dev, char *out, size_t len);
/* "debian-7.2-responder": the results directory's name without "vm-". */
void report_run_name(const struct report *r, char *out, size_t len);
const char *report_device_iommu(const struct report *r, const char *bdf);

/*
 * The point's events.json, or NULL when it is missing or unreadable
 * (a timeline without marks, not an error). The caller puts it.
 */
struct json_object *report_events(const struct report *r,
				  const struct report_point *p);

/* Escaping (escape.c). */
void xml_puts(FILE *out, const char *s);	/* text and attribute values */
void md_puts(FILE *out, const char *s);		/* one Markdown table cell */
/* A check's message, evidence and expectation as "key: value" lines. */
void evidence_write(FILE *out, struct json_object *check,
		    void (*put)(FILE *out, const char *s));
/* The kernel log lines of a test point, one per line. */
void kernel_log_write(FILE *out, const struct report_point *p,
		      void (*put)(FILE *out, const char *s));

/*
 * The same as plain text: the check's evidence, or with check NULL the
 * point's kernel log. free() it; NULL when out of memory.
 */
char *report_text(const struct report_point *p, struct json_object *check,
		  size_t *len);

/* Formats: each writes the whole document and returns 0 or -errno. */
int report_junit(FILE *out, const struct report *r);
int report_markdown(FILE *out, const struct report *r);
int report_html(FILE *out, const struct report *r);
int report_terminal(FILE *out, const struct report *r, bool colour);
/* Across runs: has each check, by its own name, been seen to pass and to fail? */
int report_validation(FILE *out, const struct report *runs, size_t n_runs);
/* Across runs: one row per (test, check), one column per run. */
int report_matrix(FILE *out, const struct report *runs, size_t n_runs);

struct kcidb_options {
	const char *origin;		/* the submitting CI system, [a-z0-9_]+ */
	const char *build_id;		/* link to an existing build, or NULL */
};
int report_kcidb(FILE *out, const struct report *r,
		 const struct kcidb_options *opt);

/* timeline.c: the SVG of one test point's events and checks. */
void timeline_svg(FILE *out, const struct report *r,
		  const struct report_point *p, struct json_object *events);

#endif
