// SPDX-License-Identifier: GPL-2.0
/* Workload processes: exit codes, time limits, the whole group stopped. */
#include "unit.h"
#include "workload.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void test_exit_code_and_log(void **state)
{
	char log[] = "/tmp/atctests-wl-XXXXXX";
	char *const argv[] = { "sh", "-c", "echo hello; exit 3", NULL };
	struct workload w;
	char buf[64] = "";
	FILE *f;
	int fd = mkstemp(log);

	(void)state;
	close(fd);
	assert_int_equal(workload_start(&w, "sh", argv, log), 0);
	assert_int_equal(workload_wait(&w, 10000), 0);
	assert_int_equal(workload_exit_code(&w), 3);
	f = fopen(log, "r");
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	unlink(log);
	assert_string_equal(buf, "hello\n");
}

static void test_missing_program(void **state)
{
	char *const argv[] = { "/nonexistent/fio", NULL };
	struct workload w;

	(void)state;
	assert_int_equal(workload_start(&w, "fio", argv, NULL), -ENOENT);
}

static void test_time_limit_stops_group(void **state)
{
	/* the grandchild must die with its parent's group */
	char *const argv[] = { "sh", "-c", "sleep 3601 & wait", NULL };
	struct workload w;

	(void)state;
	assert_int_equal(workload_start(&w, "sh", argv, NULL), 0);
	assert_int_equal(workload_wait(&w, 200), -ETIMEDOUT);
	assert_true(w.timed_out);
	assert_true(w.reaped);
	assert_int_equal(workload_exit_code(&w), 128 + SIGTERM);
	usleep(100000);
	assert_int_not_equal(system("pgrep -f '^sleep 3601$' >/dev/null"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_code_and_log),
		cmocka_unit_test(test_missing_program),
		cmocka_unit_test(test_time_limit_stops_group),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
