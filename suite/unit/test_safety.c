// SPDX-License-Identifier: GPL-2.0
/* The safety walk refuses devices the system depends on. */
#include "unit.h"
#include "safety.h"
#include "sysfs_fixture.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PORT "0000:00:02.0"
#define DUT "0000:01:00.0"
#define OTHER_PORT "0000:00:03.0"
#define OTHER "0000:02:00.0"
#define CONFIG FIXTURES "/config/virtio-1042-legacy-pci.bin"

static int setup(void **state)
{
	static struct sysfs_fixture fx;

	if (fixture_create(&fx) ||
	    fixture_pci(&fx, PORT, DUT, CONFIG, "virtio-pci") ||
	    fixture_disk(&fx, PORT, DUT, "virtio1", "vda", 254, "vda1 vda2") ||
	    fixture_pci(&fx, OTHER_PORT, OTHER, CONFIG, "nvme") ||
	    fixture_disk(&fx, OTHER_PORT, OTHER, "nvme/nvme0", "nvme0n1", 259,
			 "nvme0n1p1"))
		return -1;
	*state = &fx;
	return 0;
}

static int teardown(void **state)
{
	fixture_destroy(*state);
	return 0;
}

static const char *verdict(struct sysfs_fixture *fx, const char *bdf)
{
	static char why[256];
	int ret = safety_device_in_use(fx->sys, fx->proc, bdf, why, sizeof(why));

	return ret > 0 ? why : ret == 0 ? "free" : "error";
}

#define MOUNTINFO(dev, point) \
	"22 1 " dev " / " point " rw,relatime shared:1 - ext4 /dev/x rw\n"

static void test_free_device(void **state)
{
	struct sysfs_fixture *fx = *state;

	/* the other device's partition is mounted, not ours */
	fixture_write(fx, "proc/self/mountinfo", MOUNTINFO("259:1", "/"));
	assert_string_equal(verdict(fx, DUT), "free");
}

static void test_mounted_partition(void **state)
{
	struct sysfs_fixture *fx = *state;

	fixture_write(fx, "proc/self/mountinfo", MOUNTINFO("254:1", "/srv/data"));
	assert_string_equal(verdict(fx, DUT), "vda1 is mounted on /srv/data");
}

static void test_root_device(void **state)
{
	struct sysfs_fixture *fx = *state;

	fixture_write(fx, "proc/self/mountinfo", MOUNTINFO("259:1", "/"));
	assert_string_equal(verdict(fx, OTHER),
			    "nvme0n1p1 is mounted on / (the root device)");
}

static void test_swap(void **state)
{
	struct sysfs_fixture *fx = *state;

	fixture_write(fx, "proc/self/mountinfo", "");
	fixture_write(fx, "proc/swaps",
		      "Filename\tType\tSize\tUsed\tPriority\n"
		      "/dev/vda2  partition\t1048572\t0\t-2\n");
	assert_string_equal(verdict(fx, DUT), "vda2 is active swap");
	fixture_write(fx, "proc/swaps", "Filename\tType\tSize\tUsed\tPriority\n");
}

static void test_btrfs_mount(void **state)
{
	struct sysfs_fixture *fx = *state;

	/* btrfs: an anonymous 0:N in field 3, the disk only as the source */
	fixture_write(fx, "proc/self/mountinfo",
		      "41 1 0:45 / /data rw shared:9 - btrfs /dev/vda1 rw\n");
	assert_string_equal(verdict(fx, DUT), "vda1 is mounted on /data");
	assert_string_equal(verdict(fx, OTHER), "free");
	fixture_write(fx, "proc/self/mountinfo", "");
}

static void test_no_mount_table(void **state)
{
	struct sysfs_fixture *fx = *state;
	char path[PATH_MAX], why[512];

	/* unreadable: nobody can tell, so the device is not called free */
	snprintf(path, sizeof(path), "%s/self/mountinfo", fx->proc);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(safety_device_in_use(fx->sys, fx->proc, DUT, why,
					      sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "self/mountinfo: No such file"));
	fixture_write(fx, "proc/self/mountinfo", "");
}

static void test_lvm_member(void **state)
{
	struct sysfs_fixture *fx = *state;

	fixture_write(fx, "proc/self/mountinfo", "");
	assert_int_equal(fixture_holder(fx, "nvme0n1", "dm-0"), 0);
	assert_string_equal(verdict(fx, OTHER),
			    "nvme0n1 is a member of dm-0 (LVM, MD or dm)");
	assert_string_equal(verdict(fx, DUT), "free");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_free_device),
		cmocka_unit_test(test_mounted_partition),
		cmocka_unit_test(test_root_device),
		cmocka_unit_test(test_swap),
		cmocka_unit_test(test_btrfs_mount),
		cmocka_unit_test(test_no_mount_table),
		cmocka_unit_test(test_lvm_member),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
