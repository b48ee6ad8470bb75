// SPDX-License-Identifier: GPL-2.0
/*
 * C7's judge of the neighbour's load (isolation_judge), over fio's own
 * output from real runs: the neighbour's disk taken away by atc_responder
 * mode=remove neighbour=, under its load and before its verify.
 */
#include "unit.h"
#include "isolation.h"
#include "scenario.h"

#include <string.h>
#include <sys/wait.h>

static void fio_ran(struct fio_run *r, const char *fixture, int exit_code)
{
	memset(r, 0, sizeof(*r));
	assert_int_equal(fio_parse_file(fixture, &r->sum), 0);
	r->proc.reaped = true;
	r->proc.status = exit_code << 8;	/* as waitpid() reports an exit */
}

static void judge(const char *write, int write_exit, const char *check,
		  int check_exit, struct isolation *iso)
{
	static struct scenario sc;

	memset(&sc, 0, sizeof(sc));
	fio_ran(&sc.neighbour_write, write, write_exit);
	fio_ran(&sc.neighbour_check, check, check_exit);
	isolation_judge(&sc, 1000, iso);
}

static void test_neighbour_intact(void **state)
{
	struct isolation iso;

	(void)state;
	judge(FIXTURES "/fio/randwrite-ok.json", 0,
	      FIXTURES "/fio/randwrite-ok.json", 0, &iso);
	assert_true(iso.no_stall);
	assert_true(iso.no_errors);
}

/* Its writes failed (ENOENT) when the disk went; its verify found none. */
static void test_neighbour_removed(void **state)
{
	struct isolation iso;

	(void)state;
	judge(FIXTURES "/fio/neighbour-write-disk-gone.json", 1,
	      FIXTURES "/fio/verify-disk-gone.json", 1, &iso);
	assert_true(iso.no_stall);
	assert_false(iso.no_errors);
	assert_non_null(strstr(iso.errors_why, "1 failed write jobs"));
	assert_non_null(strstr(iso.errors_why, "fio exited 1 and 1"));
}

/*
 * Gone before fio opened it: fio refuses to create the file (exit 1, no
 * job error, nothing written). That is an error, not a stall; before
 * allow_file_create=0 the same run wrote a file in /dev and passed.
 */
static void test_neighbour_gone_before_load(void **state)
{
	struct isolation iso;

	(void)state;
	judge(FIXTURES "/fio/verify-disk-gone.json", 1,
	      FIXTURES "/fio/verify-disk-gone.json", 1, &iso);
	assert_true(iso.no_stall);
	assert_false(iso.no_errors);
	assert_non_null(strstr(iso.stall_why, "ended with errors"));
}

/* Nothing written and nothing failed, exit 0: a load that never ran. */
static void test_neighbour_idle(void **state)
{
	struct isolation iso;

	(void)state;
	judge(FIXTURES "/fio/verify-disk-gone.json", 0,
	      FIXTURES "/fio/randwrite-ok.json", 0, &iso);
	assert_false(iso.no_stall);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_neighbour_intact),
		cmocka_unit_test(test_neighbour_removed),
		cmocka_unit_test(test_neighbour_gone_before_load),
		cmocka_unit_test(test_neighbour_idle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
