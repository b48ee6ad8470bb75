/* SPDX-License-Identifier: GPL-2.0 */
/*
 * atc_inject - notification of injected timeouts, for other modules.
 *
 * A module that wants to react to an injected ATC invalidation timeout
 * the moment it is reported (for example a model of a kernel's
 * response) registers an atomic notifier block. It is called once per
 * injected invalidation, after the submission's return value has been
 * changed, in the context of the IOMMU driver's submission: any
 * context, including hard IRQ with a spinlock held. It must not sleep.
 * Nothing is called while no one is registered or while disarmed.
 */
#ifndef ATC_INJECT_NOTIFY_H
#define ATC_INJECT_NOTIFY_H

#include <linux/notifier.h>
#include <linux/types.h>

struct pci_dev;

/* The notifier's action */
#define ATC_INJECT_TIMEOUT	1

/* Its data; @size lets a consumer check the layout it was built for. */
struct atc_inject_timeout {
	u32 size;		/* sizeof(struct atc_inject_timeout) */
	u32 sid;		/* requester/stream ID in the command */
	u64 seq;		/* matching-invalidation sequence number */
	u64 ns;			/* ktime_get_ns() when reported */
	struct pci_dev *pdev;	/* the target; valid while armed */
};

int atc_inject_register_notifier(struct notifier_block *nb);
int atc_inject_unregister_notifier(struct notifier_block *nb);

#endif /* ATC_INJECT_NOTIFY_H */
