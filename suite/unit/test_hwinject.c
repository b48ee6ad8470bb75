// SPDX-License-Identifier: GPL-2.0
/* The hardware-level injector's link to the host: replies and the port. */
#include "unit.h"
#include "hwinject.h"
#include "sysfs_fixture.h"

#include <errno.h>
#include <string.h>

static void test_reply_ok(void **state)
{
	struct hw_stats st;
	char err[256];

	(void)state;
	assert_int_equal(hw_parse_reply("7 ok ite_count=12 last_sid=256 unresponsive_sid=-1",
					7, &st, err, sizeof(err)), 0);
	assert_true(st.ite_count == 12);
	assert_true(st.last_sid == 256);
	assert_true(st.unresponsive_sid == -1);
	assert_false(st.atc_model);
}

static void test_reply_atc(void **state)
{
	struct hw_stats st;
	char err[256];

	(void)state;
	/* as hw-agent answered with the device ATC model on */
	assert_int_equal(hw_parse_reply("57 ok ite_count=4 last_sid=256 unresponsive_sid=256 atc_served=41429 atc_stale_served=3 atc_stale_refused=2 atc_stale_pages=1",
					57, &st, err, sizeof(err)), 0);
	assert_true(st.atc_model);
	assert_true(st.atc.served == 41429);
	assert_true(st.atc.stale_served == 3);
	assert_true(st.atc.stale_refused == 2);
	assert_true(st.atc.stale_pages == 1);
}

static void test_reply_other_id(void **state)
{
	struct hw_stats st;
	char err[256];

	(void)state;
	/* a late answer to an earlier request is passed over */
	assert_int_equal(hw_parse_reply("6 ok ite_count=1 last_sid=1 unresponsive_sid=1",
					7, &st, err, sizeof(err)), 1);
}

static void test_reply_error(void **state)
{
	struct hw_stats st;
	char err[256];

	(void)state;
	assert_int_equal(hw_parse_reply("3 error Property 'intel-iommu.ats-unresponsive-sid' not found",
					3, &st, err, sizeof(err)), -EIO);
	assert_string_equal(err, "host agent: Property 'intel-iommu.ats-unresponsive-sid' not found");
}

static void test_reply_malformed(void **state)
{
	static const char *const bad[] = {
		"", "ok ite_count=1", "3", "3 ok", "3 ok ite_count=1 last_sid=2",
		"3 ok ite_count=x last_sid=2 unresponsive_sid=-1",
		"3 ok ite_count=-1 last_sid=2 unresponsive_sid=-1",
		"3 ok ite_count=1 last_sid=2 unresponsive_sid=-1x",
		"3 ok xite_count=1 last_sid=2 unresponsive_sid=-1",
		"3 okay ite_count=1 last_sid=2 unresponsive_sid=-1",
		"3 ok ite_count=1 last_sid=2 unresponsive_sid=-1 atc_served=1",
		"3 ok ite_count=1 last_sid=2 unresponsive_sid=-1 atc_served=1 atc_stale_served=0 atc_stale_refused=0 atc_stale_pages=-1",
	};
	struct hw_stats st;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(hw_parse_reply(bad[i], 3, &st, err, sizeof(err)), -EIO);
		assert_non_null(strstr(err, "malformed reply"));
	}
}

static void test_find_port(void **state)
{
	struct sysfs_fixture fx;
	char path[256], err[256];
	struct hw_injector hw;

	(void)state;
	assert_int_equal(fixture_create(&fx), 0);
	assert_int_equal(hw_find_port(fx.sys, path, sizeof(path)), -ENOENT);
	assert_int_equal(hw_open(&hw, fx.sys, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "ci/vm/atc-vm --injector hw"));
	assert_int_equal(fixture_write(&fx, "sys/class/virtio-ports/vport1p1/name",
				       "org.atctests.stream\n"), 0);
	assert_int_equal(hw_find_port(fx.sys, path, sizeof(path)), -ENOENT);
	assert_int_equal(fixture_write(&fx, "sys/class/virtio-ports/vport1p3/name",
				       "org.atctests.control\n"), 0);
	assert_int_equal(hw_find_port(fx.sys, path, sizeof(path)), 0);
	assert_string_equal(path, "/dev/vport1p3");
	fixture_destroy(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reply_ok),
		cmocka_unit_test(test_reply_atc),
		cmocka_unit_test(test_reply_other_id),
		cmocka_unit_test(test_reply_error),
		cmocka_unit_test(test_reply_malformed),
		cmocka_unit_test(test_find_port),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
