// SPDX-License-Identifier: GPL-2.0
/*
 * What every site does with one submission of IOMMU commands: pick out
 * the ATC invalidations for the target, decide, and fail the submission.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/ptrace.h>

#include "atc_inject.h"
#include "atc_inject_notify.h"

/* Submissions whose return is hooked and not yet back. */
static atomic_t inflight = ATOMIC_INIT(0);

/* Entry handler's verdict: hook the return only if something matched. */
int atc_call_hook(bool matched)
{
	if (!matched)
		return 1;
	atomic_inc(&inflight);
	return 0;
}

/*
 * Before unregistering the sites: let hooked submissions return, so
 * that no return is pending on a probe being removed. Disarmed, no new
 * ones start; a submission takes microseconds, so a second is plenty.
 */
void atc_sites_drain(void)
{
	int i;

	for (i = 0; atomic_read(&inflight) && i < 1000; i++)
		usleep_range(1000, 2000);
	if (atomic_read(&inflight))
		pr_warn("%d submissions still in flight at unload\n",
			atomic_read(&inflight));
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

static void atc_notify_timeout(u64 seq, u32 sid)
{
	struct atc_inject_timeout t = {
		.size = sizeof(t),
		.sid = sid,
		.seq = seq,
		.ns = ktime_get_ns(),
		.pdev = atc_target.pdev,
	};

	atomic_notifier_call_chain(&atc_timeout_chain, ATC_INJECT_TIMEOUT, &t);
}

/* One ATC invalidation for @sid was found in the submission. */
bool atc_call_match(struct atc_call *call, u32 sid)
{
	bool inject;
	u64 seq, now;

	if (!atc_target_has_id(sid)) {
		atc_note_other_devtlb(sid);
		return false;
	}

	atc_count(ATC_C_MATCHED);
	inject = atc_should_inject(&seq);
	if (inject) {
		now = ktime_get_ns();
		atc_count(ATC_C_INJECTED);
		cmpxchg64(&atc_stats.first_inject_ns, 0, now);
		WRITE_ONCE(atc_stats.last_inject_ns, now);
	}
	if (call->nr < ATC_CALL_MAX) {
		call->seq[call->nr] = seq;
		call->sid[call->nr] = sid;
		if (inject)
			call->injected |= BIT(call->nr);
		call->nr++;
	} else {
		atomic64_inc(&atc_stats.events_dropped);
	}
	return true;
}

/* Return handler: make the submission report a timeout if chosen. */
void atc_call_finish(struct atc_call *call, struct pt_regs *regs)
{
	long ret;
	int i;

	if (call->injected) {
		if (READ_ONCE(atc_cfg.mode) == ATC_MODE_DELAY)
			atc_inject_delay();
		regs_set_return_value(regs, -ETIMEDOUT);
	}
	ret = (long)regs_return_value(regs);
	for (i = 0; i < call->nr; i++) {
		atc_note_devtlb(call->seq[i], call->sid[i],
				call->injected & BIT(i), ret);
		if (call->injected & BIT(i))
			atc_notify_timeout(call->seq[i], call->sid[i]);
	}
	atomic_dec(&inflight);
}
