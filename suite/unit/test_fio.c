// SPDX-License-Identifier: GPL-2.0
/* fio's JSON output: a clean run and a verify failure, both from real fio. */
#include "unit.h"
#include "fio.h"

#include <errno.h>
#include <json.h>
#include <string.h>

static void test_clean_run(void **state)
{
	struct fio_summary sum;

	(void)state;
	/* 8 MiB of 4 KiB random writes, verify=crc32c */
	assert_int_equal(fio_parse_file(FIXTURES "/fio/randwrite-ok.json", &sum), 0);
	assert_int_equal(sum.jobs, 1);
	assert_int_equal(sum.jobs_failed, 0);
	assert_int_equal(sum.write_bytes, 8 << 20);
	assert_int_equal(sum.write_ios, 2048);
	/* the write direction's lat_ns.max; read did nothing (0) */
	assert_int_equal(sum.lat_max_ns, 4283996);
	assert_true(fio_ios_moved_data(&sum));
}

/*
 * atc_responder mode=remove took the disk away under a time-based read
 * load: 2163640 reads "completed", 4096 bytes in all, and fio saw no error.
 */
static void test_disk_removed(void **state)
{
	struct fio_summary sum;

	(void)state;
	assert_int_equal(fio_parse_file(FIXTURES "/fio/randread-disk-removed.json", &sum), 0);
	assert_int_equal(sum.jobs_failed, 0);
	assert_int_equal(sum.read_bytes, 4096);
	assert_int_equal(sum.read_ios, 2163640);
	assert_false(fio_ios_moved_data(&sum));
}

static void test_verify_failure(void **state)
{
	struct fio_summary sum;
	struct json_object *o;

	(void)state;
	/* verify_only pass over a file with 23 bytes overwritten */
	assert_int_equal(fio_parse_file(FIXTURES "/fio/verify-corrupt.json", &sum), 0);
	assert_int_equal(sum.jobs_failed, 1);
	assert_int_equal(sum.first_error, EILSEQ);
	assert_string_equal(sum.first_failed_job, "verify-only");
	o = fio_summary_json(&sum);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "first_failed_job")),
			    "verify-only");
	json_object_put(o);
}

static void test_not_json(void **state)
{
	struct fio_summary sum;

	(void)state;
	assert_int_equal(fio_parse("fio: pid=12, err=5/file:io_u.c\n", &sum), -EINVAL);
	assert_int_equal(fio_parse("{\"no jobs\": 1}", &sum), -EINVAL);
	/* a warning line before the JSON is skipped */
	assert_int_equal(fio_parse("note: both iodepth >= 1 and synchronous I/O engine\n{\"jobs\": []}", &sum), 0);
	assert_int_equal(fio_parse_file("/nonexistent.json", &sum), -ENOENT);
}

/* fio 3.33's write_bw_log, log_avg_msec=100, log_unix_epoch=1, a 2 s random write */
#define BW_LOG FIXTURES "/fio/randwrite-bw.log"
#define BW_LOG_START 1796015729232ull	/* its first entry */

static void test_bw_log(void **state)
{
	uint64_t all, late, none;

	(void)state;
	assert_int_equal(fio_bw_log_file_written_after(BW_LOG, 0, &all), 0);
	assert_int_equal(fio_bw_log_file_written_after(BW_LOG, BW_LOG_START + 1000, &late), 0);
	assert_int_equal(fio_bw_log_file_written_after(BW_LOG, BW_LOG_START + 5000, &none), 0);
	assert_true(all > late && late > 0);
	assert_int_equal(none, 0);
	/* the first entry's window has no known start: nothing credited */
	assert_int_equal(fio_bw_log_written_after("100, 1000, 1, 0, 0\n", 0, &all), 0);
	assert_int_equal(all, 0);
	/* a window that began before the mark is not credited */
	assert_int_equal(fio_bw_log_written_after("100, 1000, 1, 0, 0\n200, 1000, 1, 0, 0\n"
						  "300, 1000, 1, 0, 0\n", 150, &all), 0);
	assert_int_equal(all, 102400);
	/* reads are no writes; each direction has its own windows */
	assert_int_equal(fio_bw_log_written_after("100, 1000, 1, 0, 0\n120, 1000, 0, 0, 0\n"
						  "150, 1000, 1, 0, 0\n", 0, &all), 0);
	assert_int_equal(all, 51200);
	assert_int_equal(fio_bw_log_written_after("", 0, &all), 0);
	assert_int_equal(all, 0);
	assert_int_equal(fio_bw_log_written_after("not a log\n", 0, &all), -EINVAL);
	assert_int_equal(fio_bw_log_written_after("200, 1, 1\n100, 1, 1\n", 0, &all), -EINVAL);
	assert_int_equal(fio_bw_log_written_after("1, 1, 1\n9999999999, 1, 1\n", 0, &all), -EINVAL);
	assert_int_equal(fio_bw_log_file_written_after("/nonexistent/log", 0, &all), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_run),
		cmocka_unit_test(test_disk_removed),
		cmocka_unit_test(test_verify_failure),
		cmocka_unit_test(test_not_json),
		cmocka_unit_test(test_bw_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
