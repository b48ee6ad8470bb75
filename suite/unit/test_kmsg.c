// SPDX-License-Identifier: GPL-2.0
/* The kernel-log classifier on lines the kernel really prints. */
#include "unit.h"
#include "kmsg.h"

#include <string.h>

struct sample {
	const char *line;
	enum kmsg_class class;
};

/*
 * Format strings of watchdog.c, rcu/tree_stall.h, hung_task.c,
 * iommu/intel/dmar.c, arm-smmu-v3.c and amd/iommu.c, filled in as they
 * appear in dmesg.
 */
static const struct sample samples[] = {
	{ "watchdog: BUG: soft lockup - CPU#1 stuck for 26s! [fio:412]", KMSG_SOFT_LOCKUP },
	{ "Watchdog detected hard LOCKUP on cpu 3", KMSG_HARD_LOCKUP },
	{ "rcu: INFO: rcu_preempt self-detected stall on CPU", KMSG_RCU_STALL },
	{ "rcu: INFO: rcu_sched detected stalls on CPUs/tasks:", KMSG_RCU_STALL },
	{ "rcu: INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 1-... } 21 jiffies s: 313 root: 0x2/.", KMSG_RCU_STALL },
	{ "INFO: task fio:1234 blocked for more than 10 seconds.", KMSG_HUNG_TASK },
	{ "DMAR: VT-d detected Invalidation Time-out Error: SID 100", KMSG_ATC_TIMEOUT },
	{ "DMAR: Invalidation Time-out Error (ITE) cleared", KMSG_ATC_TIMEOUT },
	{ "arm-smmu-v3 arm-smmu-v3.0.auto: CMDQ error (cons 0x01000003): ATC invalidate timeout", KMSG_ATC_TIMEOUT },
	{ "AMD-Vi: Completion-Wait loop timed out", KMSG_ATC_TIMEOUT },
	{ "iommu ivhd0: AMD-Vi: Event logged [IOTLB_INV_TIMEOUT device=0000:01:00.0 address=0x42b5b01a0]", KMSG_ATC_TIMEOUT },
	{ "iommu ivhd0: AMD-Vi: Event logged [IO_PAGE_FAULT device=0000:01:00.0 domain=0x000e address=0x0 flags=0x0000]", KMSG_IOMMU_FAULT },
	/* the queue dump follows any QI error and names no device: not a timeout report */
	{ "DMAR: QI HEAD: Device-TLB Invalidation qw0 = 0x1000000000003, qw1 = 0x7ffffffffffff001", KMSG_IOMMU_FAULT },
	{ "DMAR: QI PRIOR: Invalidation Wait qw0 = 0x200000025, qw1 = 0x1003a4000", KMSG_IOMMU_FAULT },
	{ "DMAR: VT-d detected Invalidation Completion Error: SID 100", KMSG_IOMMU_FAULT },
	/* the reference responder's own line once passed for the kernel's report */
	{ "0000:01:00.0: Device-TLB Invalidation timed out (injected, seq 3): fenced after 41 us", KMSG_OTHER },
	{ "BUG: kernel NULL pointer dereference, address: 0000000000000008", KMSG_OOPS },
	{ "Oops: 0000 [#1] PREEMPT SMP NOPTI", KMSG_OOPS },
	{ "Kernel panic - not syncing: sysrq triggered crash", KMSG_OOPS },
	{ "general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] SMP", KMSG_OOPS },
	{ "WARNING: CPU: 0 PID: 1 at drivers/iommu/intel/dmar.c:1324 qi_submit_sync+0x5e0/0x740", KMSG_WARNING },
	{ "DMAR: DRHD: handling fault status reg 40", KMSG_IOMMU_FAULT },
	{ "DMAR: [DMA Read NO_PASID] Request device [01:00.0] fault addr 0xfffff000 [fault reason 0x06] PTE Read access is not set", KMSG_IOMMU_FAULT },
	{ "DMAR: Invalidation Queue Error (IQE) cleared", KMSG_IOMMU_FAULT },
	{ "pcieport 0000:00:01.0: AER: Uncorrectable (Fatal) error message received from 0000:01:00.0", KMSG_AER },
	{ "virtio_blk virtio1: [vda] 524288 512-byte logical blocks (268 MB/256 MiB)", KMSG_OTHER },
	{ "DMAR: Intel(R) Virtualization Technology for Directed I/O", KMSG_OTHER },
};

static void test_classify(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		enum kmsg_class got = kmsg_classify(samples[i].line);

		if (got != samples[i].class)
			fail_msg("'%s': got %s, want %s", samples[i].line,
				 kmsg_class_name(got),
				 kmsg_class_name(samples[i].class));
	}
}

/* Every atctests module's lines, and only theirs, are set aside. */
static void test_from_atctests(void **state)
{
	(void)state;
	assert_true(kmsg_from_atctests("atc_inject: armed on 0000:01:00.0"));
	assert_true(kmsg_from_atctests("atc_responder: 0000:01:00.0: Device-TLB Invalidation timed out"));
	assert_true(kmsg_from_atctests("atc_future_module2: anything"));
	assert_false(kmsg_from_atctests("DMAR: VT-d detected Invalidation Time-out Error: SID 100"));
	assert_false(kmsg_from_atctests("atc: not a module prefix"));
	assert_false(kmsg_from_atctests("atc_Inject: capitals are no module name"));
	assert_false(kmsg_from_atctests("xatc_inject: prefix only"));
	assert_false(kmsg_from_atctests(""));
}

static void test_distress(void **state)
{
	(void)state;
	assert_true(kmsg_class_is_distress(KMSG_SOFT_LOCKUP));
	assert_true(kmsg_class_is_distress(KMSG_HUNG_TASK));
	assert_true(kmsg_class_is_distress(KMSG_WARNING));
	assert_false(kmsg_class_is_distress(KMSG_ATC_TIMEOUT));
	assert_false(kmsg_class_is_distress(KMSG_OTHER));
	assert_string_equal(kmsg_class_name(KMSG_CLASS_COUNT), "unknown");
}

static void test_mentions_device(void **state)
{
	(void)state;
	assert_true(kmsg_mentions_device("pcieport 0000:00:01.0: AER: error received from 0000:01:00.0", "0000:01:00.0"));
	assert_true(kmsg_mentions_device("DMAR: [DMA Read NO_PASID] Request device [01:00.0] fault", "0000:01:00.0"));
	assert_true(kmsg_mentions_device("DMAR: VT-d detected Invalidation Time-out Error: SID 100", "0000:01:00.0"));
	assert_true(kmsg_mentions_device("ITE for SID: 0x208", "0000:02:01.0"));
	assert_false(kmsg_mentions_device("DMAR: VT-d detected Invalidation Time-out Error: SID 200", "0000:01:00.0"));
	assert_false(kmsg_mentions_device("device [101:00.0]", "0000:01:00.0"));
	/* AMD-Vi before 6.x: no PCI segment */
	assert_true(kmsg_mentions_device("AMD-Vi: Event logged [IOTLB_INV_TIMEOUT device=01:00.0 address=0x42b5b01a0]", "0000:01:00.0"));
	assert_false(kmsg_mentions_device("AMD-Vi: Event logged [IOTLB_INV_TIMEOUT device=63:00.0 address=0x4]", "0000:01:00.0"));
	/* "SID" inside "PASID" is no source-id */
	assert_false(kmsg_mentions_device("DMAR: [DMA Write NO_PASID 100] fault", "0000:01:00.0"));
	assert_false(kmsg_mentions_device("iommu: PASID 100 unbound", "0000:01:00.0"));
	assert_true(kmsg_mentions_device("PASID 5 SID 100", "0000:01:00.0"));
	assert_true(kmsg_mentions_device("SID=0x100", "0000:01:00.0"));
	assert_false(kmsg_mentions_device("virtio_blk virtio1: [vda]", "0000:01:00.0"));
}

static void test_parse(void **state)
{
	const char raw[] = "4,1234,5678901,-;DMAR: Invalidation Time-out Error (ITE) cleared\n SUBSYSTEM=pci\n";
	struct kmsg_record rec;

	(void)state;
	assert_int_equal(kmsg_parse(raw, strlen(raw), &rec), 0);
	assert_int_equal(rec.level, 4);
	assert_int_equal(rec.seq, 1234);
	assert_int_equal(rec.ts_usec, 5678901);
	assert_string_equal(rec.text, "DMAR: Invalidation Time-out Error (ITE) cleared");
	assert_int_not_equal(kmsg_parse("garbage", 7, &rec), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_from_atctests),
		cmocka_unit_test(test_distress),
		cmocka_unit_test(test_mentions_device),
		cmocka_unit_test(test_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
