// SPDX-License-Identifier: GPL-2.0
/*
 * The IOMMU's own report of an ATC invalidation timeout: the Arm SMMUv3
 * driver's global error interrupt handler, probed at its entry. That is
 * where the driver learns of CERROR_ATC_INV_SYNC, before it repeats the
 * CMD_SYNC and lets the unmap behind it complete. The error names no
 * device, and the driver keeps its register layout to itself, so every
 * SMMUv3 global error counts as a report for the target: in the VM the
 * unresponsive device's time-outs are the only global errors there are.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>

#include "iommu_report.h"

#define REPORT_SYMBOL	"arm_smmu_gerror_handler"

static iommu_report_fn report_fn;

static int on_gerror(struct kprobe *p, struct pt_regs *regs)
{
	report_fn();
	return 0;
}

static struct kprobe gerror_kp = {
	.symbol_name = REPORT_SYMBOL,
	.pre_handler = on_gerror,
};

int iommu_reports_start(iommu_report_fn fn)
{
	int ret;

	report_fn = fn;
	ret = register_kprobe(&gerror_kp);
	if (ret)
		pr_err("iommu_reports=1: cannot probe %s (%d): an Arm SMMUv3 kernel only\n",
		       REPORT_SYMBOL, ret);
	return ret;
}

/* No handler runs once this returns (kprobes wait for running ones). */
void iommu_reports_stop(void)
{
	unregister_kprobe(&gerror_kp);
}
