// SPDX-License-Identifier: GPL-2.0
/* The headline names the finding: known failures, regressions, news. */
#include "report_unit.h"

#define RUN_HEAD \
	"{\"tool\":\"atctests\",\"kernel\":{\"release\":\"6.1.0-57-amd64\"},\"tests\":["
#define POINT(test, verdict, checks) \
	"{\"test\":\"" test "\",\"device\":\"0000:01:00.0\",\"verdict\":\"" verdict "\",\"checks\":[" checks "]}"
#define PASSED(name) "{\"name\":\"" name "\",\"ok\":true}"
#define FAILED(name) "{\"name\":\"" name "\",\"ok\":false}"
#define KNOWN(name) "{\"name\":\"" name "\",\"ok\":false,\"expected_failure\":\"known\"}"

static void assert_headline(const char *json, const char *want, bool failed)
{
	struct json_object *root = json_tokener_parse(json);
	struct report r;
	char err[256], line[512];

	assert_non_null(root);
	assert_int_equal(report_from_json(&r, root, "/nonexistent", err, sizeof(err)), 0);
	assert_int_equal(report_headline(&r, line, sizeof(line)), failed);
	assert_string_equal(line, want);
	report_free(&r);
}

/* A stock kernel that fails what its expectations say: no "pass" on top. */
static void test_known_failures(void **state)
{
	(void)state;
	assert_headline(RUN_HEAD
			POINT("timeout-fence", "xfail", PASSED("C0-injected") "," KNOWN("C2-fenced") "," KNOWN("C1-reported"))
			"," POINT("timeout-recovery", "xfail", KNOWN("C5-restored"))
			"," POINT("inject-smoke", "pass", PASSED("C0-target-only")) "]}",
			"6.1.0-57-amd64: ATC timeout not fenced — C1 C2 C5 fail (known for this kernel); no regressions",
			true);
	assert_headline(RUN_HEAD POINT("timeout-fence", "xfail", KNOWN("C2-fenced")) "]}",
			"6.1.0-57-amd64: ATC timeout not fenced — C2 fails (known for this kernel); no regressions",
			true);
}

/* A new major run with the nearest older expectations says whose they are. */
static void test_nearest_older(void **state)
{
	(void)state;
	assert_headline("{\"tool\":\"atctests\",\"kernel\":{\"release\":\"7.3-amd64\"},"
			"\"expectations\":{\"release\":\"7.3-amd64\",\"match\":\"nearest-older\","
			"\"file\":\"/expect/debian-7.2\",\"kernels\":\"7.2 <= release < 7.3\"},\"tests\":["
			POINT("timeout-fence", "xfail", KNOWN("C2-fenced")) "]}",
			"7.3-amd64: ATC timeout not fenced — C2 fails (known for debian-7.2, the nearest older expectations); no regressions",
			true);
}

static void test_regressions(void **state)
{
	(void)state;
	assert_headline(RUN_HEAD
			POINT("timeout-fence", "xfail", KNOWN("C2-fenced"))
			"," POINT("timeout-integrity", "fail", FAILED("C6-acknowledged-writes")) "]}",
			"6.1.0-57-amd64: ATC timeout not fenced — C2 C6 fail; regressions: C6",
			true);
	/* fenced, but the data did not survive */
	assert_headline(RUN_HEAD POINT("timeout-integrity", "fail", FAILED("C6-canary")) "]}",
			"6.1.0-57-amd64: contract not met — C6 fails; regressions: C6",
			true);
}

/* Trouble outside C0..C7 is named, and does not pass for a regression in them. */
static void test_other_trouble(void **state)
{
	(void)state;
	assert_headline(RUN_HEAD
			POINT("timeout-fence", "xfail", KNOWN("C2-fenced"))
			"," POINT("unload-under-load", "fail", FAILED("U-removed-while-armed")) "]}",
			"6.1.0-57-amd64: ATC timeout not fenced — C2 fails (known for this kernel); no regressions in C0-C7; 1 other check failed",
			true);
	assert_headline(RUN_HEAD
			POINT("timeout-recovery", "xpass", "{\"name\":\"C5-restored\",\"ok\":true,\"expected_failure\":\"x\"}")
			"," POINT("timeout-fence", "error", "") "]}",
			"6.1.0-57-amd64: fail; 1 unexpected pass (news); 1 test broke or did not finish",
			false);
}

static void test_pass_and_nothing(void **state)
{
	(void)state;
	assert_headline(RUN_HEAD POINT("timeout-fence", "pass", PASSED("C2-fenced")) "]}",
			"6.1.0-57-amd64: pass", false);
	assert_headline(RUN_HEAD "{\"test\":\"timeout-fence\",\"device\":null,\"verdict\":\"skip\",\"checks\":[]}]}",
			"6.1.0-57-amd64: nothing checked", false);
}

/* A real run: Debian 6.1's catalogue, recorded without expectations. */
static void test_real_run(void **state)
{
	struct report r;
	char err[256], line[512];

	(void)state;
	assert_int_equal(report_load(&r, REPORT_FIXTURES "/debian-6.1-catalogue.json",
				     err, sizeof(err)), 0);
	assert_true(report_headline(&r, line, sizeof(line)));
	assert_string_equal(line,
			    "6.1.0-56-amd64: ATC timeout not fenced — C1 C2 C4 C5 fail; regressions: C1 C2 C4 C5; 1 other check failed");
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_failures),
		cmocka_unit_test(test_nearest_older),
		cmocka_unit_test(test_regressions),
		cmocka_unit_test(test_other_trouble),
		cmocka_unit_test(test_pass_and_nothing),
		cmocka_unit_test(test_real_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
