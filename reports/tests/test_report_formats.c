// SPDX-License-Identifier: GPL-2.0
/* Every format from the same results: the mappings, not the layout. */
#include "report_unit.h"

static void test_junit_mapping(void **state)
{
	struct report r;
	char *s = NULL;

	(void)state;
	mixed_report(&r);
	CAPTURE(s, report_junit(out, &r));
	/* 4 checks + skip + error + unfinished point */
	assert_non_null(strstr(s, "tests=\"7\" failures=\"2\" errors=\"2\" skipped=\"2\""));
	assert_non_null(strstr(s, "<skipped type=\"expected-failure\" message=\"expected failure: 7.2 drives no error handler\"/>"));
	assert_non_null(strstr(s, "<failure type=\"unexpected-pass\" message=\"passed, but expected to fail: 7.2 never restores\">"));
	assert_non_null(strstr(s, "<failure type=\"check-failed\" message=\"ATS Enable &lt;still&gt; set &amp; | pipe\">"));
	assert_non_null(strstr(s, "<skipped type=\"skip\" message=\"no ATS device\"/>"));
	assert_non_null(strstr(s, "<error type=\"error\" message=\"killed by SIGSEGV\">"));
	assert_non_null(strstr(s, "<error type=\"unknown\""));
	assert_non_null(strstr(s, "classname=\"atctests.t-fail\" name=\"C2-fenced on 0000:01:00.0\""));
	assert_non_null(strstr(s, "timestamp=\"2026-11-25T09:10:51\""));
	free(s);
	report_free(&r);
}

static struct json_object *kcidb_test(struct json_object *doc, const char *path)
{
	struct json_object *tests = jget(doc, "tests");
	size_t n = json_object_array_length(tests);

	for (size_t i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);

		if (!strcmp(jstr(t, "path"), path))
			return t;
	}
	fail_msg("no KCIDB test with path %s", path);
	return NULL;
}

/* KCIDB forbids null properties anywhere outside misc. */
static void assert_no_null(struct json_object *o)
{
	if (json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, k, v) {
			assert_non_null(v);
			if (strcmp(k, "misc"))
				assert_no_null(v);
		}
	} else if (json_object_is_type(o, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(o); i++)
			assert_no_null(json_object_array_get_idx(o, i));
	}
}

static void test_kcidb_mapping(void **state)
{
	struct kcidb_options opt = { .origin = "atctests" };
	struct json_object *doc, *t;
	struct report r;
	char *s = NULL;

	(void)state;
	mixed_report(&r);
	CAPTURE(s, report_kcidb(out, &r, &opt));
	doc = json_tokener_parse(s);
	assert_non_null(doc);
	assert_int_equal(jint(jget(doc, "version"), "major", 0), 4);
	assert_no_null(doc);
	t = kcidb_test(doc, "atctests.t-xfail.C4-driver-callbacks");
	assert_string_equal(jstr(t, "status"), "FAIL");
	assert_true(json_object_get_boolean(jget(t, "waived")));
	assert_string_equal(jstr(kcidb_test(doc, "atctests.t-xpass"), "status"), "PASS");
	assert_string_equal(jstr(kcidb_test(doc, "atctests.t-fail.C2-fenced"), "status"), "FAIL");
	assert_string_equal(jstr(kcidb_test(doc, "atctests.t-skip"), "status"), "SKIP");
	assert_string_equal(jstr(kcidb_test(doc, "atctests.t-error"), "status"), "ERROR");
	assert_string_equal(jstr(kcidb_test(doc, "atctests.t-cut"), "status"), "MISS");
	t = kcidb_test(doc, "atctests.t-fail");
	assert_string_equal(jstr(t, "build_id"),
			    jstr(json_object_array_get_idx(jget(doc, "builds"), 0), "id"));
	assert_int_equal(strncmp(jstr(t, "id"), "atctests:", 9), 0);
	/* the second point starts when the first (1 s) ended */
	assert_string_equal(jstr(t, "start_time"), "2026-11-25T09:10:52.000000+00:00");
	json_object_put(doc);
	free(s);

	/* linked to a build another CI system submitted: no checkout, no build */
	opt.build_id = "myci:42";
	CAPTURE(s, report_kcidb(out, &r, &opt));
	doc = json_tokener_parse(s);
	assert_null(jget(doc, "builds"));
	assert_null(jget(doc, "checkouts"));
	assert_string_equal(jstr(kcidb_test(doc, "atctests.t-pass"), "build_id"), "myci:42");
	json_object_put(doc);
	free(s);
	report_free(&r);
}

static void test_markdown(void **state)
{
	static const char head[] =
		"### atctests: 7.2.0-1-amd64: ATC timeout not fenced — C2 C4 fail; regressions: C2; "
		"1 unexpected pass (news); 2 tests broke or did not finish\n\nfail: **1 failed**";
	struct report r;
	char *s = NULL;

	(void)state;
	mixed_report(&r);
	CAPTURE(s, report_markdown(out, &r));
	/* the finding first, then the exit status with the counts */
	assert_int_equal(strncmp(s, head, strlen(head)), 0);
	assert_true(strstr(s, "| t-error |") < strstr(s, "| t-pass |"));
	assert_non_null(strstr(s, "| **xpass** |"));
	assert_non_null(strstr(s, "Evidence of 2 failed checks"));
	free(s);
	report_free(&r);
}

static void test_terminal_colour(void **state)
{
	struct report r;
	char *s = NULL;

	(void)state;
	mixed_report(&r);
	CAPTURE(s, report_terminal(out, &r, false));
	assert_null(strchr(s, '\033'));
	assert_non_null(strstr(s, "1 failed, 1 passed, 1 skipped, 1 expected failures, 1 unexpected passes, 2 errors\n"));
	free(s);
	CAPTURE(s, report_terminal(out, &r, true));
	assert_non_null(strstr(s, "\033[1;31mFAIL"));
	free(s);
	report_free(&r);
}

static void test_html_timeline(void **state)
{
	char dir[PATH_MAX], err[PATH_MAX + 256];
	struct report r;
	char *s = NULL;

	(void)state;
	fixture_dir(dir, sizeof(dir));
	assert_int_equal(report_load(&r, dir, err, sizeof(err)), 0);
	CAPTURE(s, report_html(out, &r));
	/* the finding, coloured by the run's exit status */
	assert_non_null(strstr(s, "<h1>atctests: <span class=\"verdict fail\">6.1.0-56-amd64: ATC timeout not fenced — C1 C2 C4 C5 fail;"));
	assert_non_null(strstr(s, "<line class=\"mark inject\""));
	assert_non_null(strstr(s, "<rect class=\"density devtlb\""));
	/* seq 1 then 4778: 4776 invalidations nobody recorded */
	assert_non_null(strstr(s, ">4776 not recorded</text>"));
	assert_non_null(strstr(s, ">not fenced within 1000 ms</text>"));
	assert_non_null(strstr(s, "<line class=\"mark check fail\""));
	assert_null(strstr(s, "<script"));
	/* self-contained: nothing fetched */
	assert_null(strstr(s, "src="));
	assert_null(strstr(s, "href=\"http"));
	assert_null(strstr(s, "url(http"));
	free(s);
	report_free(&r);
	fixture_dir_remove(dir);
}

/* A kernel that recovers: every lane of the timeline has something. */
#define RECOVERY_EVENTS \
	"[{\"ns\":1000000000,\"name\":\"arm\"}," \
	"{\"ns\":1500000000,\"name\":\"devtlb\",\"seq\":7,\"sid\":256,\"injected\":0,\"ret\":0}," \
	"{\"ns\":2000000000,\"name\":\"devtlb\",\"seq\":8,\"sid\":256,\"injected\":1,\"ret\":-110}," \
	"{\"ns\":2000500000,\"name\":\"other_devtlb\",\"sid\":512}," \
	"{\"ns\":2001200000,\"name\":\"ats_disable\"}," \
	"{\"ns\":2001500000,\"name\":\"iommu_reset_prepare\"}," \
	"{\"ns\":2003000000,\"name\":\"cb\",\"fn\":\"error_detected\",\"phase\":\"enter\"}," \
	"{\"ns\":2004000000,\"name\":\"cb\",\"fn\":\"error_detected\",\"phase\":\"return\"}," \
	"{\"ns\":2060000000,\"name\":\"pci_reset\",\"fn\":\"pcie_flr\"}," \
	"{\"ns\":2210000000,\"name\":\"iommu_reset_done\"}," \
	"{\"ns\":2300000000,\"name\":\"ats_enable\"}," \
	"{\"ns\":3000000000,\"name\":\"disarm\"}]"

static void test_timeline_lanes(void **state)
{
	struct json_object *events = json_tokener_parse(RECOVERY_EVENTS);
	struct json_object *m = json_tokener_parse(
		"{\"fenced\":true,\"fence_latency_us\":1200,\"restore_latency_us\":300000,"
		"\"injector_stats\":{\"armed_ns\":1000000000,\"disarmed_ns\":3000000000,"
		"\"first_inject_ns\":2000000000}}");
	struct report r;
	char *s = NULL;

	(void)state;
	mixed_report(&r);
	json_object_object_add(r.points[0].json, "measurements", m);
	r.points[0].measurements = m;
	CAPTURE(s, (timeline_svg(out, &r, &r.points[0], events), 0));
	assert_non_null(strstr(s, ">fenced 1.2 ms after the timeout</text>"));
	assert_non_null(strstr(s, ">restored 300.0 ms after the timeout</text>"));
	assert_non_null(strstr(s, ">ATS disabled +1.2 ms</text>"));
	assert_non_null(strstr(s, ">error_detected +3.0 ms</text>"));
	assert_non_null(strstr(s, ">PCI reset pcie_flr +60.0 ms</text>"));
	assert_non_null(strstr(s, ">IOMMU reset done +210.0 ms</text>"));
	assert_non_null(strstr(s, "<line class=\"mark cb-return\""));
	assert_non_null(strstr(s, "<rect class=\"density other\""));
	assert_non_null(strstr(s, "<rect class=\"span armed\""));
	/* seq 7 then 8: nothing missed, no gap drawn */
	assert_null(strstr(s, "class=\"gap\""));
	/* only the checks lane is empty: this point's check has no time */
	assert_non_null(strstr(s, "none recorded"));
	assert_null(strstr(strstr(s, "none recorded") + 1, "none recorded"));
	free(s);
	json_object_put(events);
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_junit_mapping),
		cmocka_unit_test(test_kcidb_mapping),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_terminal_colour),
		cmocka_unit_test(test_html_timeline),
		cmocka_unit_test(test_timeline_lanes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
