// SPDX-License-Identifier: GPL-2.0
/*
 * AMD-Vi site: iommu_queue_command_sync(iommu, cmd, sync), through which
 * device_flush_iotlb() queues each INVALIDATE_IOTLB_PAGES command.
 * Command layout (AMD IOMMU spec 2.4.4): opcode in data[1] bits 31:28,
 * DeviceID in data[0] bits 15:0. Both functions are static, so the
 * site is unavailable where the compiler inlined them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "atc_inject.h"

#define AMD_CMD_INV_IOTLB_PAGES	0x4

static int amd_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct atc_call *call = (struct atc_call *)ri->data;
	const u32 *cmd;

	if (!atc_call_begin(call, ATC_SITE_AMD))
		return 1;

	cmd = (const u32 *)regs_get_kernel_argument(regs, 1);
	if ((cmd[1] >> 28) != AMD_CMD_INV_IOTLB_PAGES)
		return 1;
	return atc_call_hook(call, atc_call_match(call, cmd[0] & 0xffff));
}

static int amd_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	atc_call_finish((struct atc_call *)ri->data, regs);
	return 0;
}

static struct kretprobe amd_krp = {
	.entry_handler = amd_entry,
	.handler = amd_return,
	.data_size = sizeof(struct atc_call),
};

static int amd_init(void)
{
	static const char * const symbols[] = {
		"iommu_queue_command_sync", "__iommu_queue_command_sync",
	};
	int i, ret = -ENOENT;

	amd_krp.maxactive = atc_maxactive;
	for (i = 0; i < ARRAY_SIZE(symbols); i++) {
		memset(&amd_krp.kp, 0, sizeof(amd_krp.kp));
		amd_krp.kp.symbol_name = symbols[i];
		amd_krp.kp.flags = KPROBE_FLAG_DISABLED;
		ret = register_kretprobe(&amd_krp);
		if (!ret)
			return 0;
	}
	return ret;
}

static void amd_exit(void)
{
	unregister_kretprobe(&amd_krp);
}

const struct atc_site_ops atc_site_amd = {
	.init = amd_init,
	.exit = amd_exit,
	.krp = &amd_krp,
};
