// SPDX-License-Identifier: GPL-2.0
/*
 * The decision: should this matching invalidation time out?
 *
 * Same knobs and order of tests as the kernel's should_fail()
 * (times, space, interval, probability), but every random draw comes
 * from a splitmix64 generator seeded at arm time, so one seed and one
 * sequence of matching invalidations always give the same injections.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/random.h>
#include <linux/spinlock.h>

#include "atc_inject.h"

static DEFINE_RAW_SPINLOCK(policy_lock);

static struct {
	u64 prng;
	u64 seq;	/* matching invalidations seen since arm */
	u64 space;
	u64 count;	/* for interval */
	int times;
} state;

static u64 splitmix64(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Called under atc_lock before the flag that enables the handlers. */
void atc_policy_reset(void)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&policy_lock, flags);
	state.prng = atc_fault(seed_ignored) ? get_random_u64() : atc_cfg.seed;
	state.seq = 0;
	state.space = atc_cfg.space;
	state.count = 0;
	state.times = atc_cfg.times;
	raw_spin_unlock_irqrestore(&policy_lock, flags);
}

static bool decide(void)
{
	u32 interval = READ_ONCE(atc_cfg.interval);
	u32 roll;

	if (state.times == 0 && !atc_fault(times_ignored))
		return false;

	if (state.space > 0) {
		state.space--;
		return false;
	}

	if (interval > 1) {
		state.count++;
		if (state.count % interval)
			return false;
	}

	/* Map the top 32 bits onto 0..99 without a division. */
	roll = (u32)(((splitmix64(&state.prng) >> 32) * 100) >> 32);
	if (READ_ONCE(atc_cfg.probability) <= roll &&
	    !atc_fault(probability_ignored))
		return false;

	if (state.times != -1)
		state.times--;
	return true;
}

u64 atc_policy_seq(void)
{
	unsigned long flags;
	u64 seq;

	raw_spin_lock_irqsave(&policy_lock, flags);
	seq = state.seq;
	raw_spin_unlock_irqrestore(&policy_lock, flags);
	return seq;
}

/* Returns the decision and the 1-based sequence number of this match. */
bool atc_should_inject(const struct atc_arm *arm, u64 *seq)
{
	unsigned long flags;
	bool inject;

	raw_spin_lock_irqsave(&policy_lock, flags);
	*seq = ++state.seq;
	inject = decide();
	raw_spin_unlock_irqrestore(&policy_lock, flags);

	if (inject) {
		u32 verbose = READ_ONCE(atc_cfg.verbose);

		if (verbose)
			pr_notice("injecting ATC invalidation timeout on %s, seq %llu\n",
				  arm->bdf, *seq);
		if (verbose > 1)
			dump_stack();
	}
	return inject;
}

/*
 * Mode delay: hold the submitter as a slow device would, then fail. The
 * watchdogs are not touched: a kernel that spins this long in its flush
 * path must be seen to. Timed by the clock, not udelay(): a CPU's delay
 * calibration can be far off (a secondary vCPU under emulation was seen
 * to spin 9 ms for udelay() of 8 s).
 */
void atc_inject_delay(void)
{
	u64 end = ktime_get_mono_fast_ns() +
		  (u64)READ_ONCE(atc_cfg.delay_us) * NSEC_PER_USEC;

	while (ktime_get_mono_fast_ns() < end)
		cpu_relax();
}
