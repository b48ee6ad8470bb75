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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_run),
		cmocka_unit_test(test_verify_failure),
		cmocka_unit_test(test_not_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
