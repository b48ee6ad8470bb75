// SPDX-License-Identifier: GPL-2.0
/*
 * Arm SMMUv3 site: arm_smmu_cmdq_issue_cmdlist(), which issues every
 * batch of CMD_ATC_INV commands. Command layout (SMMUv3 spec 4.5.1):
 * opcode in dword 0 bits 7:0 (0x40 = ATC_INV), StreamID in dword 0
 * bits 63:32; two dwords per command. Since 6.12 the function takes
 * the command queue as its second argument.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "atc_inject.h"

#define SMMU_CMD_ATC_INV	0x40
#define SMMU_CMD_DWORDS		2

/* Kbuild sets ATC_SMMU_CMDQ_ARG to 1 for kernels from 6.12 on. */
#define SMMU_ARG_CMDS	(1 + ATC_SMMU_CMDQ_ARG)

static int smmu_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct atc_call *call = (struct atc_call *)ri->data;
	const u64 *cmds;
	bool found = false;
	int i, n;

	if (!atc_call_begin(call, ATC_SITE_SMMUV3))
		return 1;

	cmds = (const u64 *)regs_get_kernel_argument(regs, SMMU_ARG_CMDS);
	n = regs_get_kernel_argument(regs, SMMU_ARG_CMDS + 1);
	for (i = 0; i < n; i++) {
		u64 cmd0 = cmds[i * SMMU_CMD_DWORDS];

		if ((cmd0 & 0xff) == SMMU_CMD_ATC_INV)
			found |= atc_call_match(call, cmd0 >> 32);
	}
	return atc_call_hook(call, found);
}

static int smmu_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	atc_call_finish((struct atc_call *)ri->data, regs);
	return 0;
}

static struct kretprobe smmu_krp = {
	.kp.symbol_name = "arm_smmu_cmdq_issue_cmdlist",
	.kp.flags = KPROBE_FLAG_DISABLED,
	.entry_handler = smmu_entry,
	.handler = smmu_return,
	.data_size = sizeof(struct atc_call),
};

static int smmu_init(void)
{
	smmu_krp.maxactive = atc_maxactive;
	return register_kretprobe(&smmu_krp);
}

static void smmu_exit(void)
{
	unregister_kretprobe(&smmu_krp);
}

const struct atc_site_ops atc_site_smmuv3 = {
	.init = smmu_init,
	.exit = smmu_exit,
	.krp = &smmu_krp,
};
