// SPDX-License-Identifier: GPL-2.0
/* The model: verdicts, check outcomes, failures first, loading. */
#include "report_unit.h"

static void test_verdict_names(void **state)
{
	(void)state;
	for (int v = 0; v < V_UNKNOWN; v++)
		assert_int_equal(verdict_parse(verdict_name((enum verdict)v)), v);
	assert_int_equal(verdict_parse("bogus"), V_UNKNOWN);
	assert_int_equal(verdict_parse(NULL), V_UNKNOWN);
	assert_true(verdict_is_bad(V_XPASS));
	assert_true(verdict_is_bad(V_UNKNOWN));
	assert_false(verdict_is_bad(V_XFAIL));
	assert_false(verdict_is_bad(V_SKIP));
}

static enum check_status status_of(const char *json)
{
	struct json_object *check = json_tokener_parse(json);
	enum check_status s = check_status(check);

	json_object_put(check);
	return s;
}

static void test_check_status(void **state)
{
	(void)state;
	assert_int_equal(status_of("{\"ok\":true}"), CHECK_PASS);
	assert_int_equal(status_of("{\"ok\":false}"), CHECK_FAIL);
	assert_int_equal(status_of("{}"), CHECK_FAIL);
	assert_int_equal(status_of("{\"ok\":false,\"expected_failure\":\"r\"}"), CHECK_XFAIL);
	assert_int_equal(status_of("{\"ok\":true,\"expected_failure\":\"r\"}"), CHECK_XPASS);
	/* the runner writes null when nothing was expected */
	assert_int_equal(status_of("{\"ok\":false,\"expected_failure\":null}"), CHECK_FAIL);
}

static void test_failures_first(void **state)
{
	static const char *const want[] = {
		"t-error", "t-fail", "t-xpass", "t-cut", "t-xfail", "t-skip", "t-pass",
	};
	struct report r;

	(void)state;
	mixed_report(&r);
	assert_int_equal(r.n_points, 7);
	for (size_t i = 0; i < r.n_points; i++)
		assert_string_equal(r.points[r.order[i]].test, want[i]);
	assert_int_equal(r.counts[V_UNKNOWN], 1);
	assert_int_equal(r.counts[V_XFAIL], 1);
	assert_string_equal(r.points[4].device, "");	/* null device */
	assert_int_equal(json_object_array_length(r.points[5].checks), 0);
	assert_string_equal(report_outcome(&r), "fail");
	report_free(&r);
}

static void test_outcome(void **state)
{
	struct json_object *root = json_tokener_parse(
		"{\"tests\":[{\"test\":\"a\",\"verdict\":\"skip\"},{\"test\":\"b\",\"verdict\":\"skip\"}]}");
	struct report r;
	char err[128];

	(void)state;
	assert_int_equal(report_from_json(&r, root, ".", err, sizeof(err)), 0);
	/* a run that checked nothing is not a pass */
	assert_string_equal(report_outcome(&r), "nothing checked");
	report_free(&r);

	/* expected failures and skips are allowed in a passing run */
	root = json_tokener_parse("{\"tests\":[{\"test\":\"a\",\"verdict\":\"skip\"},"
				  "{\"test\":\"b\",\"verdict\":\"xfail\"}]}");
	assert_int_equal(report_from_json(&r, root, ".", err, sizeof(err)), 0);
	assert_string_equal(report_outcome(&r), "pass");
	report_free(&r);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_load_errors(void **state)
{
	char dir[PATH_MAX], path[PATH_MAX + 16], err[PATH_MAX + 256];
	struct report r;

	(void)state;
	assert_int_equal(report_load(&r, "/nonexistent/results", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file"));
	assert_non_null(strstr(err, "--out directory"));

	temp_dir(dir, sizeof(dir));
	assert_int_equal(report_load(&r, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "results.json"));

	snprintf(path, sizeof(path), "%s/results.json", dir);
	write_text(path, "{\"tests\": [");
	assert_int_equal(report_load(&r, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a JSON object"));

	write_text(path, "{\"tool\": \"atctests\"}");
	assert_int_equal(report_load(&r, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no \"tests\" array"));

	write_text(path, "{\"tests\": [1]}");
	assert_int_equal(report_load(&r, dir, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "tests[0] is not an object"));
	unlink(path);
	rmdir(dir);
}

static void test_load_fixture_and_events(void **state)
{
	char dir[PATH_MAX], err[PATH_MAX + 256], file[PATH_MAX + 16];
	struct json_object *events;
	struct report r;

	(void)state;
	fixture_dir(dir, sizeof(dir));
	assert_int_equal(report_load(&r, dir, err, sizeof(err)), 0);
	assert_int_equal(r.n_points, 9);
	assert_int_equal(r.counts[V_FAIL], 5);
	assert_int_equal(r.counts[V_PASS], 4);
	/* the guest's log_dir maps to our directory by its basename */
	assert_string_equal(r.points[2].dir_name, FENCE_DIR);
	events = report_events(&r, &r.points[2]);
	assert_non_null(events);
	assert_int_equal(json_object_array_length(events), 300);
	json_object_put(events);
	/* a point without its directory: no events, not an error */
	assert_null(report_events(&r, &r.points[0]));
	report_free(&r);

	/* results.json itself is accepted too */
	snprintf(file, sizeof(file), "%s/results.json", dir);
	assert_int_equal(report_load(&r, file, err, sizeof(err)), 0);
	assert_string_equal(r.dir, dir);
	report_free(&r);
	fixture_dir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verdict_names),
		cmocka_unit_test(test_check_status),
		cmocka_unit_test(test_failures_first),
		cmocka_unit_test(test_outcome),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_load_fixture_and_events),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
