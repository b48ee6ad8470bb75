// SPDX-License-Identifier: GPL-2.0
/* A disk's completed requests, from its sysfs stat file. */
#include "unit.h"
#include "diskstat.h"
#include "sysfs_fixture.h"

#include <errno.h>
#include <string.h>

static struct sysfs_fixture fx;

static int setup(void **state)
{
	(void)state;
	return fixture_create(&fx) ||
	       fixture_disk(&fx, "0000:00:01.0", "0000:01:00.0", "virtio1", "vda",
			    254, "vda1");
}

static int teardown(void **state)
{
	(void)state;
	fixture_destroy(&fx);
	return 0;
}

/* a stat line of Debian 6.12's arm64 guest, mid-load on its test disk */
static void test_writes_field(void **state)
{
	struct diskstat st = { 0 };

	(void)state;
	assert_int_equal(fixture_write(&fx, "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/virtio1/block/vda/stat",
				       "     410        0    27312      163     2871        0   394048     9120        0     4004     9283        0        0        0        0        0        0\n"), 0);
	assert_int_equal(diskstat_read(fx.sys, "/dev/vda", &st), 0);
	assert_int_equal(st.reads, 410);
	assert_int_equal(st.writes, 2871);
	memset(&st, 0, sizeof(st));
	assert_int_equal(diskstat_read(fx.sys, "vda", &st), 0);
	assert_int_equal(st.writes, 2871);
}

static void test_bad_input(void **state)
{
	struct diskstat st = { 7, 7 };

	(void)state;
	assert_int_equal(diskstat_read(fx.sys, "/dev/vdz", &st), -ENOENT);
	assert_int_equal(diskstat_read(fx.sys, "/dev/", &st), -EINVAL);
	assert_int_equal(fixture_write(&fx, "sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/virtio1/block/vda/vda1/stat",
				       "12 0 34\n"), 0);
	assert_int_equal(diskstat_read(fx.sys, "vda1", &st), -EINVAL);
	assert_int_equal(st.reads, 7);
	assert_int_equal(st.writes, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writes_field),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
