// SPDX-License-Identifier: GPL-2.0
/*
 * Lost writes: the data identity each test writes, the bad blocks read
 * back from fio's dumps, and the C6-acknowledged-writes judge over a real
 * fio 3.33 verify in which 1 MiB of writes was lost over another test's
 * intact blocks (ci/check-fio-identity's flow).
 */
#include "unit.h"
#include "load.h"
#include "scenario.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOST_AT (10ull << 20)

static void test_data_seed(void **state)
{
	uint64_t s = load_data_seed(20261125, "timeout-integrity", "0000:01:00.0");

	(void)state;
	/* a pure function: the same inputs, the same identity */
	assert_true(s == load_data_seed(20261125, "timeout-integrity", "0000:01:00.0"));
	/* each input changes it */
	assert_true(s != load_data_seed(20261126, "timeout-integrity", "0000:01:00.0"));
	assert_true(s != load_data_seed(20261125, "timeout-fence", "0000:01:00.0"));
	assert_true(s != load_data_seed(20261125, "timeout-integrity", "0000:02:00.0"));
	/* the split between test and device is part of it */
	assert_true(load_data_seed(1, "ab", "c") != load_data_seed(1, "a", "bc"));
	assert_true(load_data_seed(0, NULL, NULL) == load_data_seed(0, "", ""));
	assert_true(load_data_seed(0, NULL, NULL) != 0);
	/* fio takes randseed up to INT64_MAX (measured: 2^63 fails parsing) */
	for (uint64_t run = 0; run < 64; run++)
		assert_true(load_data_seed(run, "timeout-fence", "0000:01:00.0") <= INT64_MAX);
	assert_true(load_data_seed(20261125, "timeout-fence", "0000:01:00.0") == 0x6aeeef899c529369ull);
	/* stays put across builds: a rerun with --seed writes the same data */
	assert_true(s == 0x10b501dcf7467a12ull);
}

static void touch(const char *dir, const char *name)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	close(fd);
}

/* What fio 3.33 dumped: a .received and an .expected per bad 4 KiB block. */
static void lost_run(struct fio_run *run, char *dir)
{
	char name[128];

	memset(run, 0, sizeof(*run));
	assert_non_null(mkdtemp(dir));
	snprintf(run->aux_dir, sizeof(run->aux_dir), "%s", dir);
	for (uint64_t off = LOST_AT; off < LOST_AT + (1 << 20); off += 4096) {
		snprintf(name, sizeof(name), "disk.img.%llu.received",
			 (unsigned long long)off);
		touch(dir, name);
		snprintf(name, sizeof(name), "disk.img.%llu.expected",
			 (unsigned long long)off);
		touch(dir, name);
	}
	/* the verify state file and a canary's bad block, outside the load */
	touch(dir, "local-dma-verify-write-0-verify.state");
	touch(dir, "vda.65536.hdr_fail");
	assert_int_equal(fio_parse_file(FIXTURES "/fio/verify-lost-writes.json",
					&run->sum), 0);
	run->proc.reaped = true;
}

static void cleanup(const char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_bad_offsets(void **state)
{
	char dir[] = "/tmp/atctests-writes-XXXXXX";
	struct fio_run run;
	uint64_t off[4];

	(void)state;
	lost_run(&run, dir);
	/* ascending, each block once, the .expected copies not counted */
	assert_int_equal(load_fio_bad_offsets(&run, 0, UINT64_MAX, off, 4), 257);
	assert_true(off[0] == 65536);
	assert_true(off[1] == LOST_AT);
	assert_true(off[2] == LOST_AT + 4096);
	/* a region leaves the canary out */
	assert_int_equal(load_fio_bad_offsets(&run, 8 << 20, 96 << 20, off, 1), 256);
	assert_true(off[0] == LOST_AT);
	assert_int_equal(load_fio_bad_offsets(&run, LOST_AT + (1 << 20), 4096,
					      off, 1), 0);
	cleanup(dir);
}

/*
 * The canary's check runs after the load's on the same disk and dump
 * directory: measured on 6.12 arm64, it reported the load's bad blocks as
 * its own until each run counted only its region.
 */
static void test_dumps_by_region(void **state)
{
	char dir[] = "/tmp/atctests-writes-XXXXXX";
	struct fio_run run;

	(void)state;
	lost_run(&run, dir);
	run.region_offset = 0;
	run.region_size = 4 << 20;
	assert_int_equal(load_fio_count_dumps(&run), 1);
	run.region_offset = 8 << 20;
	run.region_size = 96 << 20;
	assert_int_equal(load_fio_count_dumps(&run), 256);
	run.region_offset = 4 << 20;
	run.region_size = 4 << 20;
	assert_int_equal(load_fio_count_dumps(&run), 0);
	cleanup(dir);
}

static void test_judge_lost_writes(void **state)
{
	char dir[] = "/tmp/atctests-writes-XXXXXX";
	struct writes_verdict *v = malloc(sizeof(*v));
	struct fio_run run;

	(void)state;
	lost_run(&run, dir);
	judge_acknowledged_writes(&run, "/dev/vda", 8 << 20, 96 << 20, v);
	assert_false(v->ok);
	assert_int_equal(v->bad, 256);
	assert_int_equal(v->named, 256);
	for (unsigned int i = 0; i < 256; i++)
		assert_true(v->offsets[i] == LOST_AT + i * 4096ull);
	assert_non_null(strstr(v->message, "1048576 bytes"));
	assert_non_null(strstr(v->message, "256 bad blocks at 10485760, 10489856, "));
	assert_non_null(strstr(v->message, "1 failed jobs (errno 84)"));
	cleanup(dir);

	/* the same verify with nothing dumped and a clean exit passes */
	memset(&run, 0, sizeof(run));
	snprintf(run.aux_dir, sizeof(run.aux_dir), "/nonexistent");
	run.proc.reaped = true;
	run.sum.read_bytes = 1 << 20;
	judge_acknowledged_writes(&run, "/dev/vda", 8 << 20, 96 << 20, v);
	assert_true(v->ok);
	assert_string_equal(v->message,
			    "verify of 1048576 bytes of acknowledged writes on /dev/vda: 0 bad blocks, 0 failed jobs (errno 0)");
	/* but reading nothing verifies nothing */
	run.sum.read_bytes = 0;
	judge_acknowledged_writes(&run, "/dev/vda", 8 << 20, 96 << 20, v);
	assert_false(v->ok);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data_seed),
		cmocka_unit_test(test_bad_offsets),
		cmocka_unit_test(test_dumps_by_region),
		cmocka_unit_test(test_judge_lost_writes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
