// SPDX-License-Identifier: GPL-2.0
/*
 * The CPU that takes an interrupt, over /proc of Debian's 6.12 arm64 guest
 * on QEMU virt with an SMMUv3 (atc-vm --arch arm64).
 */
#include "unit.h"
#include "irq.h"

#include <errno.h>

#define PROC FIXTURES "/proc/arm64-virt-smmuv3"

static void test_smmu_gerror(void **state)
{
	unsigned int irq = 0, cpu = 99;

	(void)state;
	assert_int_equal(irq_cpu_of(PROC, "arm-smmu-v3-gerror", &irq, &cpu), 0);
	assert_int_equal(irq, 17);
	assert_int_equal(cpu, 0);
	/* a managed queue interrupt, on the second CPU */
	assert_int_equal(irq_cpu_of(PROC, "virtio1-req.1", &irq, &cpu), 0);
	assert_int_equal(irq, 31);
	assert_int_equal(cpu, 1);
}

static void test_whole_names_only(void **state)
{
	unsigned int irq, cpu;

	(void)state;
	/* "gerror" ends arm-smmu-v3-gerror's line but is not its name */
	assert_int_equal(irq_cpu_of(PROC, "gerror", &irq, &cpu), -ENOENT);
	assert_int_equal(irq_cpu_of(PROC, "dmar0", &irq, &cpu), -ENOENT);
	/* an interrupt listed without an affinity file */
	assert_int_equal(irq_cpu_of(PROC, "arm-smmu-v3-evtq", &irq, &cpu), -ENOENT);
	assert_int_equal(irq_cpu_of(FIXTURES "/nonexistent", "arm-smmu-v3-gerror",
				    &irq, &cpu), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_smmu_gerror),
		cmocka_unit_test(test_whole_names_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
