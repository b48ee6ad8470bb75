// SPDX-License-Identifier: GPL-2.0
/*
 * What every site does with one submission of IOMMU commands: pick out
 * the ATC invalidations for the target, decide, and fail the submission.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/ptrace.h>

#include "atc_inject.h"
#include "atc_inject_notify.h"

/* Submissions whose return is hooked and not yet back. */
static atomic_t inflight = ATOMIC_INIT(0);

/* Entry handler: false (return 1) unless armed on @site. */
bool atc_call_begin(struct atc_call *call, enum atc_site site)
{
	call->arm = atc_cur_arm();
	if (!call->arm || call->arm->site != site)
		return false;
	call->nr = 0;
	call->injected = 0;
	call->extra_injected = 0;
	return true;
}

/*
 * Entry handler's verdict: hook the return only if something matched.
 * The arming is still published (we are inside the RCU read side that
 * found it), so its reference count is at least one.
 */
int atc_call_hook(struct atc_call *call, bool matched)
{
	if (!matched)
		return 1;
	refcount_inc(&call->arm->ref);
	atomic_inc(&inflight);
	return 0;
}

/*
 * Wait until hooked submissions have returned: at disarm, so that no
 * return handler runs on the old arming; at unload, so that none is
 * pending on a probe being removed. Disarmed, no new ones start; a
 * submission takes microseconds, plus delay_us in mode delay.
 */
bool atc_sites_drain(unsigned int timeout_ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(timeout_ms);

	while (atomic_read(&inflight)) {
		if (time_after(jiffies, end)) {
			pr_warn("%d submissions still hooked\n",
				atomic_read(&inflight));
			return false;
		}
		usleep_range(200, 1000);
	}
	return true;
}

/* Told of each injected timeout (atc_inject_notify.h); empty by default. */
static ATOMIC_NOTIFIER_HEAD(atc_timeout_chain);

int atc_inject_register_notifier(struct notifier_block *nb)
{
	return atomic_notifier_chain_register(&atc_timeout_chain, nb);
}
EXPORT_SYMBOL_GPL(atc_inject_register_notifier);

int atc_inject_unregister_notifier(struct notifier_block *nb)
{
	return atomic_notifier_chain_unregister(&atc_timeout_chain, nb);
}
EXPORT_SYMBOL_GPL(atc_inject_unregister_notifier);

static void atc_notify_timeout(struct pci_dev *pdev, u64 seq, u32 sid)
{
	struct atc_inject_timeout t = {
		.size = sizeof(t),
		.sid = sid,
		.seq = seq,
		.ns = ktime_get_ns(),
		.pdev = pdev,
	};

	atomic_notifier_call_chain(&atc_timeout_chain, ATC_INJECT_TIMEOUT, &t);
}

/* One ATC invalidation for @sid was found in the submission. */
bool atc_call_match(struct atc_call *call, u32 sid)
{
	bool inject;
	u64 seq;

	if (!atc_arm_has_id(call->arm, sid) && !atc_fault(matcher_any_id)) {
		atc_note_other_devtlb(sid);
		return false;
	}

	atc_count(ATC_C_MATCHED);
	inject = atc_should_inject(call->arm, &seq);
	if (call->nr < ATC_CALL_MAX) {
		call->seq[call->nr] = seq;
		call->sid[call->nr] = sid;
		if (inject)
			call->injected |= BIT(call->nr);
		call->nr++;
	} else {
		/* No room for its event, but it fails with the rest. */
		atomic64_inc(&atc_stats.events_dropped);
		call->extra_injected += inject;
	}
	return true;
}

/* Return handler: make the submission report a timeout if chosen. */
void atc_call_finish(struct atc_call *call, struct pt_regs *regs)
{
	u32 n = hweight32(call->injected) + call->extra_injected;
	long ret;
	u64 now;
	int i;

	/* Counted here, when the submission really reports the timeout. */
	if (n) {
		if (READ_ONCE(atc_cfg.mode) == ATC_MODE_DELAY) {
			atc_inject_delay();
			if (atc_fault(delay_uncounted))
				n = 0;
		}
		regs_set_return_value(regs, -ETIMEDOUT);
		now = ktime_get_ns();
		atomic64_add(n, &atc_stats.count[ATC_C_INJECTED]);
		cmpxchg64(&atc_stats.first_inject_ns, 0, now);
		WRITE_ONCE(atc_stats.last_inject_ns, now);
	}
	ret = (long)regs_return_value(regs);
	for (i = 0; i < call->nr; i++) {
		atc_note_devtlb(call->seq[i], call->sid[i],
				call->injected & BIT(i), ret);
		if (call->injected & BIT(i))
			atc_notify_timeout(call->arm->pdev, call->seq[i],
					   call->sid[i]);
	}
	atc_arm_put(call->arm);
	atomic_dec(&inflight);
}
