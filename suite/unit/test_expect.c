// SPDX-License-Identifier: GPL-2.0
/* The expectations file: format, globs, and errors that name the line. */
#include "unit.h"
#include "expect.h"

#include <stdio.h>
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

static void test_release_versions(void **state)
{
	struct kver k;

	(void)state;
	assert_int_equal(kver_parse("6.1.0-57-amd64", &k), 0);
	assert_int_equal(k.v[0], 6);
	assert_int_equal(k.v[1], 1);
	assert_int_equal(k.v[2], 0);
	assert_int_equal(kver_parse("7.2.13+deb14-amd64", &k), 0);
	assert_int_equal(k.v[2], 13);
	/* experimental's naming: no patch level in the release */
	assert_int_equal(kver_parse("7.3-amd64", &k), 0);
	assert_int_equal(k.v[0], 7);
	assert_int_equal(k.v[1], 3);
	assert_int_equal(k.v[2], 0);
	assert_int_equal(kver_parse("6.12.95+deb12-amd64", &k), 0);
	assert_int_equal(k.v[1], 12);
	assert_int_equal(kver_parse("7.3.0-rc7", &k), 0);
	assert_int_equal(kver_parse("6.1.2.3", &k), 0);
	assert_int_equal(k.v[2], 2);
	assert_int_equal(kver_parse("custom", &k), -1);
	assert_int_equal(kver_parse("7", &k), -1);
	assert_int_equal(kver_parse("7.", &k), -1);
	assert_int_equal(kver_parse("", &k), -1);
	assert_int_equal(kver_parse("99999999.1", &k), -1);
}

static int where(const char *range, const char *release)
{
	struct kernel_range r;
	struct kver k;

	assert_int_equal(kernel_range_parse(range, &r), 0);
	assert_int_equal(kver_parse(release, &k), 0);
	return kernel_range_where(&r, &k);
}

static void test_range_matching(void **state)
{
	struct kernel_range r;

	(void)state;
	assert_int_equal(where("6.1 <= release < 6.2", "6.1.0-57-amd64"), 0);
	assert_int_equal(where("6.1 <= release < 6.2", "6.1.192"), 0);
	assert_int_equal(where("6.1 <= release < 6.2", "6.2-amd64"), 1);
	assert_int_equal(where("6.1 <= release < 6.2", "6.0.9"), -1);
	/* 6.12 is not 6.1.2: minor numbers compare as numbers */
	assert_int_equal(where("6.1 <= release < 6.2", "6.12.118+deb13-amd64"), 1);
	assert_int_equal(where("6.12 <= release < 6.13", "6.12.118+deb13-amd64"), 0);
	assert_int_equal(where("6.12 <= release < 6.13", "6.2.1"), -1);
	assert_int_equal(where("7.2 <= release < 7.3", "7.3-amd64"), 1);
	assert_int_equal(where("7.2 <= release < 7.3", "7.2.13+deb14-amd64"), 0);
	assert_int_equal(where("6.1.100 <= release < 6.1.150", "6.1.149"), 0);
	assert_int_equal(where("6.1.100 <= release < 6.1.150", "6.1.150"), 1);
	assert_int_equal(where("6.1.100 <= release < 6.1.150", "6.1.99"), -1);
	/* open above */
	assert_int_equal(where("7.3 <= release", "12.0"), 0);
	assert_int_equal(where("7.3<=release<7.4", "7.3-amd64"), 0);

	assert_int_equal(kernel_range_parse("  6.1 <= release < 6.2  ", &r), 0);
	assert_string_equal(r.text, "6.1 <= release < 6.2");
	assert_true(r.has_hi);
	assert_int_equal(kernel_range_parse("6.1", &r), -1);
	assert_int_equal(kernel_range_parse("6.1 < release < 6.2", &r), -1);
	assert_int_equal(kernel_range_parse("6.2 <= release < 6.1", &r), -1);
	assert_int_equal(kernel_range_parse("6.1 <= release < 6.1", &r), -1);
	assert_int_equal(kernel_range_parse("6.1 <= kernel < 6.2", &r), -1);
	assert_int_equal(kernel_range_parse("6.1 <= release < 6.2 or so", &r), -1);
	assert_int_equal(kernel_range_parse("6.1-amd64 <= release", &r), -1);
	assert_int_equal(kernel_range_parse("", &r), -1);
}

static void test_range_header(void **state)
{
	struct expectations exp;
	char err[256];

	(void)state;
	assert_int_equal(expect_parse("# Debian 7.2\n#  kernels:  7.2 <= release < 7.3\n"
				      "timeout-fence C2-fenced not fenced\n",
				      "debian-7.2", &exp, err, sizeof(err)), 0);
	assert_true(exp.range.set);
	assert_string_equal(exp.range.text, "7.2 <= release < 7.3");
	assert_int_equal(exp.count, 1);
	expect_free(&exp);
	assert_false(exp.range.set);

	/* no header: no range, as before */
	assert_int_equal(expect_parse("a b c\n", "x", &exp, err, sizeof(err)), 0);
	assert_false(exp.range.set);
	expect_free(&exp);

	assert_int_equal(expect_parse("a b c\n# kernels: 7.2 < release\n", "k",
				      &exp, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "k:2: kernel range '7.2 < release' not understood; write '# kernels: 6.1 <= release < 6.2'"));
	assert_int_equal(expect_parse("# kernels: 6.1 <= release\n# kernels: 6.2 <= release\n",
				      "k", &exp, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "k:2: a second '# kernels:' line"));
}

/* Load ranged files from text, in order, for expect_choose. */
static void load_set(struct expectations *set, const char *const *ranges,
		     size_t n)
{
	char text[128], err[256];

	for (size_t i = 0; i < n; i++) {
		if (ranges[i])
			snprintf(text, sizeof(text),
				 "# kernels: %s\nt c reason %zu\n", ranges[i], i);
		else
			snprintf(text, sizeof(text), "t c reason %zu\n", i);
		assert_int_equal(expect_parse(text, "f", &set[i], err,
					      sizeof(err)), 0);
	}
}

static void free_set(struct expectations *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		expect_free(&set[i]);
}

static void test_choose(void **state)
{
	static const char *const names[] = { "debian-6.12", "debian-6.1",
					     "debian-7.2", "four" };
	static const char *const ranges[] = { "6.12 <= release < 6.13",
					      "6.1 <= release < 6.2",
					      "7.2 <= release < 7.3" };
	struct expectations set[4];
	enum expect_match how;
	char err[256];

	(void)state;
	load_set(set, ranges, 3);
	assert_int_equal(expect_choose(set, names, 3, "6.1.0-57-amd64", &how,
				       err, sizeof(err)), 1);
	assert_int_equal(how, EXPECT_COVERS);
	/* a point release needs no new file */
	assert_int_equal(expect_choose(set, names, 3, "6.12.118+deb13-amd64",
				       &how, err, sizeof(err)), 0);
	assert_int_equal(how, EXPECT_COVERS);
	/* a new major: the nearest older */
	assert_int_equal(expect_choose(set, names, 3, "7.3-amd64", &how, err,
				       sizeof(err)), 2);
	assert_int_equal(how, EXPECT_NEAREST_OLDER);
	assert_int_equal(expect_choose(set, names, 3, "6.13.2", &how, err,
				       sizeof(err)), 0);
	assert_int_equal(how, EXPECT_NEAREST_OLDER);
	assert_int_equal(expect_choose(set, names, 3, "6.5.1", &how, err,
				       sizeof(err)), 1);
	assert_int_equal(how, EXPECT_NEAREST_OLDER);
	/* older than every file, or no version at all: none */
	assert_int_equal(expect_choose(set, names, 3, "5.10.0-30-amd64", &how,
				       err, sizeof(err)), -1);
	assert_int_equal(how, EXPECT_NONE);
	assert_int_equal(expect_choose(set, names, 3, "custom", &how, err,
				       sizeof(err)), -1);
	assert_int_equal(how, EXPECT_NONE);
	/* one file alone that is older: still the nearest older */
	assert_int_equal(expect_choose(&set[1], &names[1], 1, "6.12.95", &how,
				       err, sizeof(err)), 0);
	assert_int_equal(how, EXPECT_NEAREST_OLDER);
	free_set(set, 3);

	/* an open range covers every later kernel */
	{
		static const char *const open_ranges[] = { "7.2 <= release < 7.3",
							   "7.3 <= release" };

		load_set(set, open_ranges, 2);
		assert_int_equal(expect_choose(set, names, 2, "9.1", &how, err,
					       sizeof(err)), 1);
		assert_int_equal(how, EXPECT_COVERS);
		free_set(set, 2);
	}
	/* of two older ranges with the same end, the narrower (newer start) */
	{
		static const char *const same_end[] = { "6.1 <= release < 6.2",
							"6.1.100 <= release < 6.2" };

		load_set(set, same_end, 2);
		assert_int_equal(expect_choose(set, names, 2, "6.3", &how, err,
					       sizeof(err)), 1);
		free_set(set, 2);
	}
}

static void test_choose_errors(void **state)
{
	static const char *const names[] = { "a.expect", "b.expect" };
	static const char *const overlap[] = { "6.1 <= release < 6.13",
					       "6.12 <= release < 6.13" };
	static const char *const one_bare[] = { "6.1 <= release < 6.2", NULL };
	static const char *const bare[] = { NULL };
	struct expectations set[2];
	enum expect_match how;
	char err[256];

	(void)state;
	load_set(set, overlap, 2);
	assert_int_equal(expect_choose(set, names, 2, "6.12.1", &how, err,
				       sizeof(err)), -2);
	assert_non_null(strstr(err, "a.expect and b.expect both cover kernel 6.12.1"));
	/* no overlap at this release: fine */
	assert_int_equal(expect_choose(set, names, 2, "6.5", &how, err,
				       sizeof(err)), 0);
	free_set(set, 2);

	load_set(set, one_bare, 2);
	assert_int_equal(expect_choose(set, names, 2, "6.1.1", &how, err,
				       sizeof(err)), -2);
	assert_non_null(strstr(err, "b.expect states no kernels"));
	free_set(set, 2);

	/* one file without a range applies to any kernel, as it always did */
	load_set(set, bare, 1);
	assert_int_equal(expect_choose(set, names, 1, "custom", &how, err,
				       sizeof(err)), 0);
	assert_int_equal(how, EXPECT_UNRANGED);
	free_set(set, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_lookup),
		cmocka_unit_test(test_varies),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_fixture),
		cmocka_unit_test(test_release_versions),
		cmocka_unit_test(test_range_matching),
		cmocka_unit_test(test_range_header),
		cmocka_unit_test(test_choose),
		cmocka_unit_test(test_choose_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
