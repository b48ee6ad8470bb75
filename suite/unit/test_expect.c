// SPDX-License-Identifier: GPL-2.0
/* The expectations file: format, globs, and errors that name the line. */
#include "unit.h"
#include "expect.h"

#include <string.h>

static void test_parse_and_lookup(void **state)
{
	const char *text =
		"# debian-6.1\n"
		"\n"
		"timeout-fence   C2-*   no fencing on ATC timeout  \n"
		"timeout-*  C4-callbacks\tno RAS flow # trailing comment\n";
	struct expectations exp;
	char err[256];

	(void)state;
	assert_int_equal(expect_parse(text, "x.expect", &exp, err, sizeof(err)), 0);
	assert_int_equal(exp.count, 2);
	assert_int_equal(exp.entries[1].line, 4);
	assert_string_equal(expect_lookup(&exp, "timeout-fence", "C2-fenced"),
			    "no fencing on ATC timeout");
	assert_string_equal(expect_lookup(&exp, "timeout-recovery", "C4-callbacks"),
			    "no RAS flow");
	assert_null(expect_lookup(&exp, "timeout-fence", "C1-reported"));
	assert_null(expect_lookup(&exp, "inject-smoke", "C2-fenced"));
	expect_free(&exp);
}

static void test_varies(void **state)
{
	(void)state;
	assert_true(expect_varies("sometimes: the stall depends on the CPU"));
	assert_true(expect_varies("sometimes:"));
	assert_false(expect_varies("no fencing on ATC timeout"));
	assert_false(expect_varies("6.12 sometimes loses writes"));
	assert_false(expect_varies(NULL));
}

static void test_errors_name_the_line(void **state)
{
	struct expectations exp;
	char err[256];

	(void)state;
	assert_int_equal(expect_parse("a b ok\n\ntimeout-fence C2\n", "k.expect",
				      &exp, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "k.expect:3: expected 'TEST CHECK reason'"));
	assert_int_equal(exp.count, 0);
	assert_int_equal(expect_load("/nonexistent/x.expect", &exp, err,
				     sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot read expectations file /nonexistent/x.expect"));
}

static void test_fixture(void **state)
{
	struct expectations exp;
	char err[256];

	(void)state;
	assert_int_equal(expect_load(FIXTURES "/meta.expect", &exp, err,
				     sizeof(err)), 0);
	assert_non_null(expect_lookup(&exp, "meta-xfail", "M-parent-is-init"));
	expect_free(&exp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_lookup),
		cmocka_unit_test(test_varies),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_fixture),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
