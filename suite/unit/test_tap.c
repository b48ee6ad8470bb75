// SPDX-License-Identifier: GPL-2.0
/* The TAP writer, read back by Test::Harness (prove). */
#include "unit.h"
#include "tap.h"

#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *capture(void (*write_stream)(FILE *out))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	write_stream(out);
	fclose(out);
	return buf;
}

static void one_point(FILE *out)
{
	struct tap tap;

	tap_init(&tap, out);
	tap_point(&tap, true, "a # sharp name", TAP_NONE, NULL, NULL);
	tap_point(&tap, false, "second", TAP_TODO, "not yet\nfixed", NULL);
	tap_point(&tap, true, "third", TAP_SKIP, "no device", NULL);
}

static void test_points_and_directives(void **state)
{
	char *s = capture(one_point);

	(void)state;
	assert_string_equal(s,
			    "ok 1 - a \\# sharp name\n"
			    "not ok 2 - second # TODO not yet fixed\n"
			    "ok 3 - third # SKIP no device\n");
	free(s);
}

static void nested(FILE *out)
{
	struct tap top, sub;
	struct json_object *diag = json_object_new_object();
	struct json_object *lines = json_object_new_array();

	json_object_object_add(diag, "message",
			       json_object_new_string("quote \" backslash \\ tab\t"));
	json_object_object_add(diag, "count", json_object_new_int(3));
	json_object_object_add(diag, "ok", json_object_new_boolean(0));
	json_object_array_add(lines, json_object_new_string(
		"[  12.5] DMAR: QI HEAD: Device-TLB Invalidation qw0 = 0x100000003"));
	json_object_array_add(lines, json_object_new_string("plain"));
	json_object_object_add(diag, "kernel_log", lines);

	tap_init(&top, out);
	tap_header(&top, 13);
	tap_plan(&top, 2);
	tap_subtest(&top, &sub, "timeout-fence 0000:01:00.0");
	tap_point(&sub, true, "C1-reported", TAP_NONE, NULL, NULL);
	tap_point(&sub, false, "C2-fenced", TAP_TODO, "no fencing", diag);
	tap_plan(&sub, sub.count);
	tap_point(&top, false, "timeout-fence 0000:01:00.0", TAP_TODO,
		  "C2-fenced: no fencing", NULL);
	tap_subtest(&top, &sub, "never written");
	tap_point(&top, true, "skipped", TAP_SKIP, "no ATS device", NULL);
	json_object_put(diag);
}

static void test_subtests_and_yaml(void **state)
{
	char *s = capture(nested);

	(void)state;
	assert_non_null(strstr(s, "TAP version 13\n1..2\n# Subtest: timeout-fence 0000:01:00.0\n    ok 1 - C1-reported\n"));
	assert_non_null(strstr(s, "    not ok 2 - C2-fenced # TODO no fencing\n      ---\n"));
	assert_non_null(strstr(s, "        message: \"quote \\\" backslash \\\\ tab\\t\"\n"));
	assert_non_null(strstr(s, "        count: 3\n        ok: false\n"));
	/* list strings with ": " are literals so YAMLish reads them */
	assert_non_null(strstr(s, "          - |\n            [  12.5] DMAR: QI HEAD"));
	assert_non_null(strstr(s, "          - \"plain\"\n"));
	assert_non_null(strstr(s, "      ...\n    1..2\nnot ok 1 - timeout-fence"));
	/* a subtest with nothing in it leaves no header behind */
	assert_null(strstr(s, "never written"));
	free(s);
}

/* What prove makes of a stream with every feature the runner uses. */
static void test_prove_accepts(void **state)
{
	char path[] = "/tmp/atctests-tap-XXXXXX";
	int fd = mkstemp(path);
	char *s = capture(nested), cmd[256];
	FILE *p;
	char line[512];
	int passed = 0, parse_errors = 0;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	close(fd);
	snprintf(cmd, sizeof(cmd), "prove -v --exec cat %s 2>&1", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		if (strstr(line, "Result: PASS"))
			passed = 1;
		if (strstr(line, "Parse errors"))
			parse_errors = 1;
	}
	assert_int_equal(pclose(p), 0);
	unlink(path);
	free(s);
	assert_false(parse_errors);
	assert_true(passed);
}

static void bail(FILE *out)
{
	struct tap tap;

	tap_init(&tap, out);
	tap_bail(&tap, "interrupted by SIGTERM");
}

static void test_bail(void **state)
{
	char *s = capture(bail);

	(void)state;
	assert_string_equal(s, "Bail out! interrupted by SIGTERM\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_points_and_directives),
		cmocka_unit_test(test_subtests_and_yaml),
		cmocka_unit_test(test_prove_accepts),
		cmocka_unit_test(test_bail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
