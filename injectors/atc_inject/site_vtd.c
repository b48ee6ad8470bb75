// SPDX-License-Identifier: GPL-2.0
/*
 * Intel VT-d site: qi_submit_sync(iommu, desc, count, options).
 *
 * Every device-TLB flush goes through it, one descriptor at a time
 * (6.1) or batched with IOTLB descriptors (6.12 and later).
 * Descriptor layout (VT-d spec 6.5.2; unchanged from 6.1 to 7.x):
 * type in qw0 bits 3:0 and 11:9; the source-id of a device-TLB
 * invalidation (type 3) is qw0 bits 47:32, of a PASID-based one
 * (type 8) qw0 bits 31:16.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "atc_inject.h"

#define QI_DIOTLB	0x3
#define QI_DEIOTLB	0x8

struct vtd_desc {
	u64 qw0, qw1, qw2, qw3;
};

static int vtd_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct atc_call *call = (struct atc_call *)ri->data;
	const struct vtd_desc *desc;
	unsigned int i, count;
	bool found = false;

	if (!atc_call_begin(call, ATC_SITE_VTD))
		return 1;

	desc = (const struct vtd_desc *)regs_get_kernel_argument(regs, 1);
	count = regs_get_kernel_argument(regs, 2);
	for (i = 0; i < count; i++) {
		u64 qw0 = desc[i].qw0;
		u32 type = (qw0 & 0xf) | ((qw0 >> 5) & 0x70);

		if (type == QI_DIOTLB)
			found |= atc_call_match(call, (qw0 >> 32) & 0xffff);
		else if (type == QI_DEIOTLB)
			found |= atc_call_match(call, (qw0 >> 16) & 0xffff);
	}
	return atc_call_hook(call, found);
}

static int vtd_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	atc_call_finish((struct atc_call *)ri->data, regs);
	return 0;
}

static struct kretprobe vtd_krp = {
	.kp.symbol_name = "qi_submit_sync",
	.kp.flags = KPROBE_FLAG_DISABLED,
	.entry_handler = vtd_entry,
	.handler = vtd_return,
	.data_size = sizeof(struct atc_call),
};

static int vtd_init(void)
{
	vtd_krp.maxactive = atc_maxactive;
	return register_kretprobe(&vtd_krp);
}

static void vtd_exit(void)
{
	unregister_kretprobe(&vtd_krp);
}

const struct atc_site_ops atc_site_vtd = {
	.init = vtd_init,
	.exit = vtd_exit,
	.krp = &vtd_krp,
};
