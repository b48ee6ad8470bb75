// SPDX-License-Identifier: GPL-2.0
/*
 * Core site: a future IOMMU-core entry point that reports an ATC
 * invalidation timeout, named by core_symbol= and resolved at load.
 * Absent symbol: the site is unavailable, which is not an error.
 * No kernel has such an entry point yet, so arming on it is refused
 * until its calling convention is known.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "atc_inject.h"

static char *core_symbol;
module_param(core_symbol, charp, 0400);
MODULE_PARM_DESC(core_symbol, "IOMMU-core ATC-timeout entry point (site core)");

static void *core_addr;

static int core_init(void)
{
	struct kprobe kp = { .symbol_name = core_symbol };
	int ret;

	if (!core_symbol || !*core_symbol)
		return -ENOENT;

	/* A kprobe resolves the name without needing kallsyms exports. */
	ret = register_kprobe(&kp);
	if (ret) {
		pr_info("core: %s not found, site unavailable\n", core_symbol);
		return ret;
	}
	core_addr = kp.addr;
	unregister_kprobe(&kp);
	pr_info("core: %s at %pS\n", core_symbol, core_addr);
	return 0;
}

static void core_exit(void)
{
}

const struct atc_site_ops atc_site_core = {
	.init = core_init,
	.exit = core_exit,
};
