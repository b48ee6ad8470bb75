/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the reports' cmocka tests; they run from the top of the tree.
 * A small results.json with one point per verdict, so every mapping of
 * every format is exercised without a VM.
 */
#ifndef ATC_REPORT_UNIT_H
#define ATC_REPORT_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include <json.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../report.h"

#define REPORT_FIXTURES "reports/fixtures"

/* pass, fail, xfail, xpass, skip, error and one the run never finished */
#define MIXED_RESULTS \
	"{\"tool\":\"atctests\",\"version\":\"0.1\",\"started\":\"2026-11-25T09:10:51Z\"," \
	"\"command\":[\"atctests\",\"run\"],\"seed\":7," \
	"\"kernel\":{\"release\":\"7.2.0-1-amd64\",\"version\":\"#1 SMP\",\"machine\":\"x86_64\",\"cmdline\":\"intel_iommu=on\"}," \
	"\"devices\":[{\"bdf\":\"0000:01:00.0\",\"driver\":\"nvme\",\"iommu\":\"dmar0\",\"iommu_family\":\"intel-vtd\"," \
	"\"iommu_group\":\"6\",\"ats\":{\"present\":true,\"cap\":\"0x148\",\"control\":\"0x8000\",\"enabled\":true}}]," \
	"\"options\":{\"fence_ms\":1000}," \
	"\"tests\":[" \
	"{\"test\":\"t-pass\",\"device\":\"0000:01:00.0\",\"verdict\":\"pass\",\"reason\":\"\",\"duration_ms\":1000," \
	" \"checks\":[{\"name\":\"C0-injected\",\"ok\":true,\"message\":\"1 injected\",\"evidence\":{}}]}," \
	"{\"test\":\"t-fail\",\"device\":\"0000:01:00.0\",\"verdict\":\"fail\",\"reason\":\"failed: C2-fenced\",\"duration_ms\":2000," \
	" \"checks\":[{\"name\":\"C2-fenced\",\"ok\":false,\"message\":\"ATS Enable <still> set & | pipe\"," \
	"  \"evidence\":{\"ats_control_after\":\"0x8000\",\"lines\":[\"a\",\"b\"]}}]}," \
	"{\"test\":\"t-xfail\",\"device\":\"0000:01:00.0\",\"verdict\":\"xfail\",\"reason\":\"C4: no handlers\",\"duration_ms\":3000," \
	" \"checks\":[{\"name\":\"C4-driver-callbacks\",\"ok\":false,\"message\":\"no callback\",\"evidence\":{}," \
	"  \"expected_failure\":\"7.2 drives no error handler\"}]}," \
	"{\"test\":\"t-xpass\",\"device\":\"0000:01:00.0\",\"verdict\":\"xpass\",\"reason\":\"unexpectedly passed: C5-restored\",\"duration_ms\":4000," \
	" \"checks\":[{\"name\":\"C5-restored\",\"ok\":true,\"message\":\"restored\",\"evidence\":{}," \
	"  \"expected_failure\":\"7.2 never restores\"}]}," \
	"{\"test\":\"t-skip\",\"device\":null,\"verdict\":\"skip\",\"reason\":\"no ATS device\",\"duration_ms\":5,\"checks\":[]}," \
	"{\"test\":\"t-error\",\"device\":\"0000:01:00.0\",\"verdict\":\"error\",\"reason\":\"killed by SIGSEGV\",\"duration_ms\":6}," \
	"{\"test\":\"t-cut\",\"device\":\"0000:01:00.0\",\"duration_ms\":0}" \
	"]}"

/* The model of MIXED_RESULTS; report_free() it. */
static inline void mixed_report(struct report *r)
{
	char err[256];
	struct json_object *root = json_tokener_parse(MIXED_RESULTS);

	assert_non_null(root);
	assert_int_equal(report_from_json(r, root, "/nonexistent", err, sizeof(err)), 0);
}

/* Everything a writer printed, as one string; free() it. */
#define CAPTURE(buf, call) do {					\
	size_t capture_len_;					\
	FILE *out = open_memstream(&(buf), &capture_len_);	\
								\
	assert_non_null(out);					\
	assert_int_equal((call), 0);				\
	fclose(out);						\
} while (0)

static inline void copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "r"), *out = fopen(to, "w");
	char buf[8192];
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
}

/* A fresh directory under $TMPDIR; the caller removes it. */
static inline void temp_dir(char *dir, size_t len)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, len, "%s/atc-report-test.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
}

/*
 * Runs from the fixtures KIND-<tag>.json, each labelled by its entry in
 * dirs (the formats that compare runs name them by directory).
 */
static inline void load_fixture_runs(struct report *runs, const char *kind,
				     const char *const *tags,
				     const char *const *dirs, size_t n)
{
	char path[PATH_MAX], err[256];

	for (size_t i = 0; i < n; i++) {
		struct json_object *root;

		snprintf(path, sizeof(path), REPORT_FIXTURES "/%s-%s.json",
			 kind, tags[i]);
		root = json_object_from_file(path);
		assert_non_null(root);
		assert_int_equal(report_from_json(&runs[i], root, dirs[i], err,
						  sizeof(err)), 0);
	}
}

static inline void free_runs(struct report *runs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		report_free(&runs[i]);
}

/*
 * A fixture as DIR/vm-debian-9.9-responder/results.json, loaded through
 * report_load() with a trailing "/" as a shell glob gives it; the label
 * comes from that directory. loaded_run_remove() undoes it.
 */
static inline void load_run_dir(struct report *r, const char *fixture,
				char *dir, size_t len)
{
	char run[PATH_MAX + 64], err[PATH_MAX + 256];

	temp_dir(dir, len);
	snprintf(run, sizeof(run), "%s/vm-debian-9.9-responder", dir);
	assert_int_equal(mkdir(run, 0755), 0);
	snprintf(run, sizeof(run), "%s/vm-debian-9.9-responder/results.json", dir);
	copy_file(fixture, run);
	snprintf(run, sizeof(run), "%s/vm-debian-9.9-responder/", dir);
	assert_int_equal(report_load(r, run, err, sizeof(err)), 0);
}

static inline void loaded_run_remove(struct report *r, const char *dir)
{
	char path[PATH_MAX + 64];

	report_free(r);
	snprintf(path, sizeof(path), "%s/vm-debian-9.9-responder/results.json", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/vm-debian-9.9-responder", dir);
	rmdir(path);
	rmdir(dir);
}

#define FENCE_DIR "timeout-fence@0000-01-00.0"

/*
 * The real fixtures laid out as a results directory: results.json and
 * the timeout-fence point's events.json. fixture_dir_remove() undoes it.
 */
static inline void fixture_dir(char *dir, size_t len)
{
	char path[PATH_MAX + 64];

	temp_dir(dir, len);
	snprintf(path, sizeof(path), "%s/results.json", dir);
	copy_file(REPORT_FIXTURES "/debian-6.1-catalogue.json", path);
	snprintf(path, sizeof(path), "%s/" FENCE_DIR, dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/" FENCE_DIR "/events.json", dir);
	copy_file(REPORT_FIXTURES "/debian-6.1-timeout-fence-events.json", path);
}

static inline void fixture_dir_remove(const char *dir)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/" FENCE_DIR "/events.json", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/" FENCE_DIR, dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/results.json", dir);
	unlink(path);
	rmdir(dir);
}

#endif
