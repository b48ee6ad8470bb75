// SPDX-License-Identifier: GPL-2.0
/* The command line, good and bad. */
#include "unit.h"
#include "options.h"

#include <string.h>

#define ARGV(...) ((char *[]){ "atctests", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "atctests", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(o, err, ...) \
	options_parse(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), (o), (err), sizeof(err))

static void test_run_with_everything(void **state)
{
	struct atc_options o;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "run", "--device", "01:00.0", "-d",
			       "0000:02:00.0", "--neighbour", "0000:03:00.0",
			       "--seed", "18446744073709551615", "--out", "r",
			       "--expect", "e", "--timeout", "90",
			       "--fence-ms", "250", "--recover-s", "5",
			       "--stall-ms", "400", "--tap-version", "14", "-n", "-f", "-v",
			       "timeout-fence", "inject-smoke"), 0);
	assert_int_equal(o.command, CMD_RUN);
	assert_int_equal(o.ndevices, 2);
	assert_string_equal(o.devices[0], "0000:01:00.0");
	assert_string_equal(o.neighbour, "0000:03:00.0");
	assert_true(o.seed_given);
	assert_true(o.seed == UINT64_MAX);
	assert_string_equal(o.out, "r");
	assert_int_equal(o.timeout_s, 90);
	assert_int_equal(o.fence_ms, 250);
	assert_int_equal(o.recover_s, 5);
	assert_int_equal(o.stall_ms, 400);
	assert_int_equal(o.tap_version, 14);
	assert_true(o.dry_run && o.force && o.verbose);
	assert_int_equal(o.ntests, 2);
	assert_string_equal(o.tests[1], "inject-smoke");
}

static void test_defaults(void **state)
{
	struct atc_options o;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "list"), 0);
	assert_int_equal(o.command, CMD_LIST);
	assert_int_equal(o.tap_version, 13);
	assert_int_equal(o.fence_ms, 1000);
	assert_int_equal(o.stall_ms, 1000);
	assert_string_equal(o.group, "catalogue");
	assert_false(o.seed_given);
	assert_int_equal(PARSE(&o, err, "--help"), 0);
	assert_int_equal(o.command, CMD_HELP);
}

struct bad {
	const char *args[4];
	const char *message;
};

static void test_bad_input(void **state)
{
	static const struct bad bad[] = {
		{ { NULL }, "no command given" },
		{ { "frob" }, "unknown command 'frob'" },
		{ { "--bogus", "run" }, "unknown option '--bogus'" },
		{ { "run", "--seed" }, "--seed needs a value" },
		{ { "--seed", "12x", "run" }, "--seed: '12x' is not a number" },
		{ { "--seed", "-3", "run" }, "--seed: '-3' is not a number" },
		{ { "--seed", "99999999999999999999", "run" }, "is not a number" },
		{ { "--device", "1:2", "run" }, "--device: '1:2' is not a PCI address" },
		{ { "--device", "0000:00:20.0", "run" }, "is not a PCI address" },
		{ { "--device", "0000:0g:00.0", "run" }, "is not a PCI address" },
		{ { "--timeout", "0", "run" }, "--timeout: 0 would stop" },
		{ { "--fence-ms", "600001", "run" }, "--fence-ms: '600001' is not a number in 0..600000" },
		{ { "--stall-ms", "0", "run" }, "--stall-ms: 0 would call every I/O a stall" },
		{ { "--tap-version", "12", "run" }, "--tap-version: '12' is not supported" },
		{ { "probe", "extra" }, "unexpected argument 'extra'" },
		{ { "-nq", "run" }, "unknown option '-q'" },
		{ { "--injector", "", "run" }, "--injector: empty file name" },
		{ { "--expect", "", "run" }, "--expect: empty file name" },
		{ { "-d", "01:00.0", "--neighbour=0000:01:00.0", "run" }, "--neighbour 0000:01:00.0 is also a --device" },
	};
	struct atc_options o;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv[6] = { "atctests" };
		int argc = 1;

		for (int j = 0; j < 4 && bad[i].args[j]; j++)
			argv[argc++] = (char *)bad[i].args[j];
		if (options_parse(argc, argv, &o, err, sizeof(err)) != 2)
			fail_msg("case %zu was accepted", i);
		if (!strstr(err, bad[i].message))
			fail_msg("case %zu: '%s' lacks '%s'", i, err,
				 bad[i].message);
		if (strchr(err, '\n'))
			fail_msg("case %zu: message is more than one line", i);
	}
}

static void test_too_many_devices(void **state)
{
	char *argv[2 + 2 * (ATC_MAX_DEVICES + 1)];
	struct atc_options o;
	char err[256];
	int argc = 0;

	(void)state;
	argv[argc++] = "atctests";
	argv[argc++] = "run";
	for (int i = 0; i <= ATC_MAX_DEVICES; i++) {
		argv[argc++] = "-d";
		argv[argc++] = "0000:01:00.0";
	}
	assert_int_equal(options_parse(argc, argv, &o, err, sizeof(err)), 2);
	assert_non_null(strstr(err, "at most 16 devices"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_with_everything),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_too_many_devices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
