// SPDX-License-Identifier: GPL-2.0
/*
 * atc_responder - a MODEL of the response to an ATC invalidation timeout
 * that upstream review asked for: fence the device at once (park it on
 * the IOMMU blocking domain, which turns ATS off), recover it through its
 * driver's own error handlers, then restore it. It is the positive
 * control of atctests, driven by atc_inject's injected timeouts, and with
 * iommu_reports=1 by the IOMMU's own reports too. It says nothing about
 * what any kernel does; see README.md.
 *
 * mode= picks a wrong response instead (a mutant), each one that a check
 * of the suite exists to catch: the suite must fail it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/iommu.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/pci.h>
#include <linux/pci-ats.h>
#include <linux/seq_file.h>
#include <linux/stop_machine.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

/*
 * atc_inject's notification, from atc_inject's own header (Kbuild puts its
 * directory on the include path). The two modules are built apart and
 * atc_inject is found at run time; the layout is checked by its size.
 */
#include "atc_inject_notify.h"
#include "iommu_report.h"

#define INJECTOR_NAME	"atc_inject"

/* Kbuild defines it where <linux/iommu.h> has the 7.x reset fencing. */
#ifdef ATC_HAVE_RESET_IOMMU
static int iommu_block(struct pci_dev *pdev)
{
	return pci_dev_reset_iommu_prepare(pdev);
}

static void iommu_restore(struct pci_dev *pdev)
{
	pci_dev_reset_iommu_done(pdev);
}
#else
static int iommu_block(struct pci_dev *pdev)
{
	return -EOPNOTSUPP;
}

static void iommu_restore(struct pci_dev *pdev)
{
}
#endif

static char *target;
module_param(target, charp, 0444);
MODULE_PARM_DESC(target, "device to respond for, DDDD:BB:DD.F (required)");

enum fence_order { FENCE_AUTO, FENCE_FIRST, FENCE_AFTER_PREPARE, NR_ORDERS };

static const char * const order_names[] = {
	"auto", "first", "after_prepare",
};

static char *fence = "auto";
module_param(fence, charp, 0444);
MODULE_PARM_DESC(fence,
		 "when to fence: auto (default: first, unless the driver only has reset_prepare/reset_done), first, after_prepare");

static enum fence_order order;

enum rsp_mode {
	MODE_REVIEWED, MODE_BLIND_RESET, MODE_FENCE_ONLY, MODE_LATE,
	MODE_LEAKY, MODE_WRONG_DEVICE, MODE_ATS_OFF, MODE_STOP_MACHINE,
	MODE_REMOVE, NR_MODES,
};

static const char * const mode_names[] = {
	"reviewed", "blind-reset", "fence-only", "late", "leaky",
	"wrong-device", "ats-off", "stop-machine", "remove",
};

static char *mode = "reviewed";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode,
		 "reviewed (default), or a wrong response for the suite to catch: blind-reset, fence-only, late, leaky, wrong-device, ats-off, stop-machine, remove");

static unsigned int late_ms;
module_param(late_ms, uint, 0444);
MODULE_PARM_DESC(late_ms, "late: fence no sooner than this many ms after the report (1-60000, required)");

static unsigned int leak_ms;
module_param(leak_ms, uint, 0444);
MODULE_PARM_DESC(leak_ms, "leaky, ats-off: how long ATS stays off, in ms (1-10000, default 300)");

static unsigned int hold_ms;
module_param(hold_ms, uint, 0444);
MODULE_PARM_DESC(hold_ms, "fence-only: let the device go after this many ms (default: only at unload); wrong-device: keep the neighbour fenced this long (default 0); remove: rescan for the device after this many ms (default 0)");

static unsigned int stop_ms;
module_param(stop_ms, uint, 0444);
MODULE_PARM_DESC(stop_ms, "stop-machine: how long every CPU is held, in ms (1-5000, default 3000)");

static bool iommu_reports;
module_param(iommu_reports, bool, 0444);
MODULE_PARM_DESC(iommu_reports, "reviewed: respond to the IOMMU's own reports of ATC invalidation timeouts too (Arm SMMUv3 global errors), ATS Enable cleared at once");

static char *neighbour;
module_param(neighbour, charp, 0444);
MODULE_PARM_DESC(neighbour, "wrong-device: the device fenced instead of the target, DDDD:BB:DD.F (required); remove: the device removed instead of the target");

static enum rsp_mode mode_id;

enum rsp_state { RSP_IDLE, RSP_PENDING, RSP_BUSY };

enum rsp_flow { FLOW_NONE, FLOW_RESET, FLOW_AER, NR_FLOWS };

static const char * const flow_names[] = {
	[FLOW_NONE] = "none", [FLOW_RESET] = "reset_prepare/reset_done",
	[FLOW_AER] = "error_detected/slot_reset/resume",
};

enum rsp_counter {
	C_TIMEOUTS,	/* timeouts reported for the target */
	C_COALESCED,	/* of which arrived while a recovery was under way */
	C_RECOVERIES,	/* recoveries started */
	C_RECOVERED,	/* of which ended with the device restored */
	C_FAILED,	/* of which left the device fenced */
	C_IOMMU_REPORTS,	/* the IOMMU's own reports (iommu_reports=1) */
	NR_COUNTERS,
};

static const char * const counter_names[] = {
	"timeouts", "coalesced", "recoveries", "recovered", "failed",
	"iommu_reports",
};

static struct {
	struct pci_dev *pdev;		/* the target, reference held */
	struct pci_dev *dev;		/* acted on: pdev, or the neighbour */
	char bdf[16];
	struct workqueue_struct *wq;
	struct work_struct work;
	atomic_t state;
	u64 seq;			/* timeout that started the recovery */
	u64 reported_ns;		/* when atc_inject reported it */
	bool fenced;			/* a prepare of ours is not undone */
	struct mutex fence_lock;	/* protects fenced */
	atomic64_t count[NR_COUNTERS];
	/* last recovery, in us from the report (written by the worker) */
	u64 fence_us, fence_max_us, restore_us, done_us;
	u16 ats_ctrl_fenced, ats_ctrl_restored;
	enum rsp_flow flow;
	int reset_ret;
	struct dentry *debugfs;
	bool unloading;			/* ends a fence-only hold */
	bool gone;			/* removed, and no rescan found it */
	wait_queue_head_t release_wq;
} rsp;

static u64 us_since(u64 ns)
{
	u64 now = ktime_get_ns();

	return now > ns ? (now - ns) / NSEC_PER_USEC : 0;
}

static u16 ats_ctrl(void)
{
	u16 ctrl = 0;

	pci_read_config_word(rsp.dev, rsp.dev->ats_cap + PCI_ATS_CTRL, &ctrl);
	return ctrl;
}

/*
 * Clear ATS Enable in config space, behind the IOMMU driver's back; any
 * context. Returns the ATS Control value before, 0 if ATS was off.
 */
static u16 clear_ats_enable(void)
{
	u16 ctrl = ats_ctrl();

	if (!(ctrl & PCI_ATS_CTRL_ENABLE))
		return 0;
	pci_write_config_word(rsp.dev, rsp.dev->ats_cap + PCI_ATS_CTRL,
			      ctrl & ~PCI_ATS_CTRL_ENABLE);
	return ctrl;
}

/* Park the device on the blocking domain: translated requests stop. */
static int fence_device(void)
{
	int ret = 0;

	mutex_lock(&rsp.fence_lock);
	if (!rsp.fenced) {
		ret = iommu_block(rsp.dev);
		rsp.fenced = !ret;
	}
	mutex_unlock(&rsp.fence_lock);
	return ret;
}

static void unfence_device(void)
{
	mutex_lock(&rsp.fence_lock);
	if (rsp.fenced) {
		iommu_restore(rsp.dev);
		rsp.fenced = false;
	}
	mutex_unlock(&rsp.fence_lock);
}

static void note_fence(void)
{
	rsp.fence_us = us_since(rsp.reported_ns);
	rsp.fence_max_us = max(rsp.fence_max_us, rsp.fence_us);
	rsp.ats_ctrl_fenced = ats_ctrl();
}

/*
 * Reset the function as pci_reset_function_locked() does between the
 * driver's callbacks (save, disable, reset, restore), and restore the
 * IOMMU once the reset succeeded. The reset methods nest their own
 * pci_dev_reset_iommu_prepare()/_done() inside our fence (7.x counts the
 * depth), so the device stays blocked until unfence_device(). User config
 * space access is not locked out (only the device lock is held, as the
 * function requires), so that a poller of the ATS Control register sees
 * the fence.
 */
static int reset_and_restore(void)
{
	int ret;

	pci_set_power_state(rsp.dev, PCI_D0);
	pci_save_state(rsp.dev);
	pci_write_config_word(rsp.dev, PCI_COMMAND, PCI_COMMAND_INTX_DISABLE);
	ret = __pci_reset_function_locked(rsp.dev);
	if (!ret) {
		unfence_device();
		rsp.restore_us = us_since(rsp.reported_ns);
	}
	pci_restore_state(rsp.dev);
	return ret;
}

/*
 * fence-only: keep the device fenced, its driver stopped, until unload or
 * hold_ms (so that a test's load can end). wrong-device: hold_ms stands
 * for a real device's reset and re-initialisation, which QEMU's virtio
 * reset does not take. remove: how long the device stays off the bus.
 * Idle: no hung-task report.
 */
static void hold(void)
{
	long timeout = hold_ms ? msecs_to_jiffies(hold_ms) :
				 MAX_SCHEDULE_TIMEOUT;

	if (mode_id == MODE_FENCE_ONLY || hold_ms)
		wait_event_idle_timeout(rsp.release_wq,
					READ_ONCE(rsp.unloading), timeout);
}

/* reset_prepare -> fence if not yet -> reset -> restore -> reset_done */
static bool flow_reset(const struct pci_error_handlers *eh)
{
	eh->reset_prepare(rsp.dev);
	if (!rsp.fenced) {
		if (fence_device()) {
			/* no fence, no reset: let the driver carry on */
			eh->reset_done(rsp.dev);
			return false;
		}
		note_fence();
	}
	hold();
	rsp.reset_ret = reset_and_restore();
	eh->reset_done(rsp.dev);
	return !rsp.reset_ret;
}

/* error_detected(frozen) -> reset -> restore -> slot_reset -> resume */
static bool flow_aer(const struct pci_error_handlers *eh)
{
	pci_ers_result_t res;

	if (!rsp.fenced) {
		if (fence_device())
			return false;
		note_fence();
	}
	rsp.dev->error_state = pci_channel_io_frozen;
	res = eh->error_detected(rsp.dev, pci_channel_io_frozen);
	if (res == PCI_ERS_RESULT_DISCONNECT) {
		rsp.reset_ret = -EIO;
		return false;
	}
	hold();
	rsp.reset_ret = reset_and_restore();
	if (rsp.reset_ret)
		return false;
	rsp.dev->error_state = pci_channel_io_normal;
	res = eh->slot_reset(rsp.dev);
	if (res != PCI_ERS_RESULT_RECOVERED)
		return false;
	if (eh->resume)
		eh->resume(rsp.dev);
	return true;
}

static void fence_now(void)
{
	int ret = fence_device();

	if (ret)
		pr_err("%s: fencing failed: %d\n", rsp.bdf, ret);
	else
		note_fence();
}

/*
 * The device lock keeps ->remove() away from the callbacks, as the kernel's
 * own reset and AER paths hold it (and the upstream bridge's, as
 * pci_reset_function() does).
 */
static struct pci_dev *lock_device(void)
{
	struct pci_dev *bridge = pci_upstream_bridge(rsp.dev);

	if (bridge)
		pci_dev_lock(bridge);
	device_lock(&rsp.dev->dev);
	return bridge;
}

static void unlock_device(struct pci_dev *bridge)
{
	device_unlock(&rsp.dev->dev);
	if (bridge)
		pci_dev_unlock(bridge);
}

/* late: sleep until @ms after the report */
static void wait_since_report(unsigned int ms)
{
	u64 since = us_since(rsp.reported_ns) / USEC_PER_MSEC;

	if (since < ms)
		msleep(ms - since);
}

static bool driver_flow(void)
{
	const struct pci_error_handlers *eh = NULL;
	struct pci_dev *bridge;
	bool ok = false;

	if (mode_id == MODE_LATE)
		wait_since_report(late_ms);
	if (order == FENCE_FIRST)
		fence_now();	/* before waiting for any lock */
	bridge = lock_device();
	if (rsp.dev->driver)
		eh = rsp.dev->driver->err_handler;
	rsp.flow = FLOW_NONE;
	if (eh && eh->error_detected && eh->slot_reset)
		rsp.flow = FLOW_AER;
	else if (eh && eh->reset_prepare && eh->reset_done)
		rsp.flow = FLOW_RESET;

	/*
	 * reset_prepare() is written for a working device: virtio-pci's waits
	 * for its requests in flight, which a fenced device never completes.
	 * So "auto" fences such a driver's device only after it.
	 */
	if (order == FENCE_AUTO && rsp.flow != FLOW_RESET)
		fence_now();

	if (rsp.flow == FLOW_AER)
		ok = flow_aer(eh);
	else if (rsp.flow == FLOW_RESET)
		ok = flow_reset(eh);
	else
		pci_err(rsp.dev, "atc_responder: the bound driver has no error handlers: no blind reset, the device stays fenced\n");
	unlock_device(bridge);
	return ok;
}

/*
 * blind-reset: fence, reset the function and restore, the driver never
 * told. pci_reset_function() would call its reset_prepare/reset_done;
 * __pci_reset_function_locked() under the device lock does not.
 */
static bool blind_reset(void)
{
	struct pci_dev *bridge;

	if (fence_device())
		return false;
	note_fence();
	bridge = lock_device();
	rsp.reset_ret = reset_and_restore();
	unlock_device(bridge);
	return !rsp.reset_ret;
}

/*
 * leaky: clear ATS Enable in config space behind the IOMMU driver's back
 * and set it again after leak_ms. The device looks fenced to a reader of
 * config space, but the IOMMU driver still has ATS on and goes on sending
 * device-TLB invalidations to it.
 */
static bool leaky_fence(void)
{
	u16 ctrl = clear_ats_enable();

	if (!ctrl)
		return false;
	note_fence();
	msleep(leak_ms);
	pci_write_config_word(rsp.dev, rsp.dev->ats_cap + PCI_ATS_CTRL, ctrl);
	rsp.restore_us = us_since(rsp.reported_ns);
	return true;
}

/*
 * ats-off: the driver's reset_prepare, ATS turned off in the PCI core
 * with pci_disable_ats() for leak_ms, on again, reset_done. The IOMMU
 * core is never told: nothing blocks the device at the IOMMU, which
 * leaves it to a device that already stopped answering to honour ATS
 * Enable, and no reset follows.
 */
static bool ats_off(void)
{
	const struct pci_error_handlers *eh = NULL;
	struct pci_dev *bridge = lock_device();
	bool ok = false;

	if (rsp.dev->driver)
		eh = rsp.dev->driver->err_handler;
	if (eh && eh->reset_prepare && eh->reset_done) {
		rsp.flow = FLOW_RESET;
		eh->reset_prepare(rsp.dev);
	}
	if (rsp.dev->ats_enabled) {
		pci_disable_ats(rsp.dev);
		note_fence();
		msleep(leak_ms);
		rsp.reset_ret = pci_enable_ats(rsp.dev, PAGE_SHIFT);
		rsp.restore_us = us_since(rsp.reported_ns);
		ok = !rsp.reset_ret;
	}
	if (rsp.flow == FLOW_RESET)
		eh->reset_done(rsp.dev);
	unlock_device(bridge);
	return ok;
}

/*
 * stop-machine: like a kernel that handles the timeout with every CPU
 * stopped (interrupts off, one spinning), then the reviewed response.
 * stop_ms stays under the soft-lockup, RCU-stall and hung-task limits.
 */
static int spin_with_all_cpus_stopped(void *unused)
{
	mdelay(stop_ms);
	return 0;
}

/*
 * remove: give the device up at its timeout, as a kernel does when its
 * recovery fails, by removing it from the bus: its driver's remove()
 * fails the I/O that follows. After hold_ms a rescan brings the same
 * BDF back as a new pci_dev, which the response follows from then on,
 * so that later tests have the device again.
 */
static bool remove_device(void)
{
	struct pci_dev *removed = rsp.dev, *found;
	struct pci_bus *bus = removed->bus;

	if (rsp.gone)
		return false;
	pci_stop_and_remove_bus_device_locked(removed);
	rsp.fence_us = us_since(rsp.reported_ns);
	rsp.fence_max_us = max(rsp.fence_max_us, rsp.fence_us);
	hold();
	pci_lock_rescan_remove();
	pci_rescan_bus(bus);
	pci_unlock_rescan_remove();
	found = pci_get_slot(bus, removed->devfn);
	if (!found) {
		pr_err("%s: %s not found again after the rescan\n", rsp.bdf,
		       pci_name(removed));
		rsp.gone = true;
		return false;
	}
	rsp.restore_us = us_since(rsp.reported_ns);
	mutex_lock(&rsp.fence_lock);	/* against stats_show() */
	if (rsp.pdev == removed)
		WRITE_ONCE(rsp.pdev, found);
	rsp.dev = found;
	mutex_unlock(&rsp.fence_lock);
	pci_dev_put(removed);
	return true;
}

static bool respond(void)
{
	switch (mode_id) {
	case MODE_STOP_MACHINE:
		stop_machine(spin_with_all_cpus_stopped, NULL, NULL);
		return driver_flow();
	case MODE_REMOVE:
		return remove_device();
	case MODE_ATS_OFF:
		return ats_off();
	case MODE_BLIND_RESET:
		return blind_reset();
	case MODE_LEAKY:
		return leaky_fence();
	default:
		return driver_flow();
	}
}

static void recover(struct work_struct *work)
{
	bool ok;

	atomic_set(&rsp.state, RSP_BUSY);
	atomic64_inc(&rsp.count[C_RECOVERIES]);
	rsp.restore_us = 0;
	rsp.done_us = 0;
	rsp.reset_ret = 0;
	rsp.ats_ctrl_fenced = 0;
	rsp.fence_us = 0;

	rsp.flow = FLOW_NONE;
	ok = respond();
	rsp.done_us = us_since(rsp.reported_ns);
	if (ok && mode_id == MODE_REMOVE) {
		atomic64_inc(&rsp.count[C_RECOVERED]);
		pr_info("%s: injected timeout seq %llu, mode remove: %s removed after %llu us, found again by a rescan after %llu us\n",
			rsp.bdf, rsp.seq, pci_name(rsp.dev), rsp.fence_us,
			rsp.restore_us);
	} else if (ok) {
		rsp.ats_ctrl_restored = ats_ctrl();
		atomic64_inc(&rsp.count[C_RECOVERED]);
		pr_info("%s: injected timeout seq %llu, mode %s: %s fenced after %llu us, recovered through %s, restored after %llu us, done after %llu us\n",
			rsp.bdf, rsp.seq, mode_names[mode_id], pci_name(rsp.dev),
			rsp.fence_us, flow_names[rsp.flow], rsp.restore_us,
			rsp.done_us);
	} else {
		atomic64_inc(&rsp.count[C_FAILED]);
		pr_warn("%s: injected timeout seq %llu, mode %s: recovery of %s through %s failed (reset %d)%s\n",
			rsp.bdf, rsp.seq, mode_names[mode_id], pci_name(rsp.dev),
			flow_names[rsp.flow], rsp.reset_ret,
			rsp.fenced ? ", it stays fenced" : "");
	}
	/* A timeout from now on is a new fault and gets its own recovery. */
	atomic_set(&rsp.state, RSP_IDLE);
}

/* A reported timeout: one recovery at a time. Any context. */
static void start_recovery(u64 seq, u64 ns)
{
	atomic64_inc(&rsp.count[C_TIMEOUTS]);
	if (atomic_cmpxchg(&rsp.state, RSP_IDLE, RSP_PENDING) != RSP_IDLE) {
		atomic64_inc(&rsp.count[C_COALESCED]);
		return;
	}
	rsp.seq = seq;
	rsp.reported_ns = ns;
	queue_work(rsp.wq, &rsp.work);	/* orders the stores above */
}

/* atc_inject's notifier: any context, must not sleep. */
static int on_timeout(struct notifier_block *nb, unsigned long action,
		      void *data)
{
	const struct atc_inject_timeout *t = data;

	if (action != ATC_INJECT_TIMEOUT || !t || t->size != sizeof(*t) ||
	    t->pdev != READ_ONCE(rsp.pdev))
		return NOTIFY_DONE;
	start_recovery(t->seq, t->ns);
	return NOTIFY_OK;
}

/*
 * iommu_reports=1, from the IOMMU's interrupt. Its driver lets the unmap
 * behind the failed invalidation complete as soon as the interrupt is
 * done, and the device's ATC may still hold what that unmap took away:
 * so ATS Enable is cleared here, before the IOVA can be reused, and the
 * device's translated requests stop. The recovery then fences it at the
 * IOMMU as for an injected timeout (whose device did invalidate).
 */
static void on_iommu_report(void)
{
	atomic64_inc(&rsp.count[C_IOMMU_REPORTS]);
	clear_ats_enable();	/* mode reviewed: rsp.dev is the target */
	start_recovery(0, ktime_get_ns());
}

static struct notifier_block timeout_nb = { .notifier_call = on_timeout };

/*
 * atc_inject comes and goes (the runner loads it per test): attach to it
 * while it is live, without holding a reference that would stop its
 * removal. attach_lock also holds off its GOING notification, and so the
 * freeing of its code, while we call into it.
 */
static DEFINE_MUTEX(attach_lock);
static int (*inject_unregister)(struct notifier_block *nb);

static void attach(void)
{
	int (*reg)(struct notifier_block *nb);
	int (*unreg)(struct notifier_block *nb);
	int ret;

	lockdep_assert_held(&attach_lock);
	if (inject_unregister)
		return;
	reg = symbol_get(atc_inject_register_notifier);
	unreg = symbol_get(atc_inject_unregister_notifier);
	if (reg && unreg) {
		ret = reg(&timeout_nb);
		if (ret)
			pr_err("cannot register with %s: %d\n", INJECTOR_NAME,
			       ret);
		else
			inject_unregister = unreg;
	} else if (reg || unreg) {
		pr_err("%s has no timeout notifier: too old?\n", INJECTOR_NAME);
	}
	if (reg)
		symbol_put(atc_inject_register_notifier);
	if (unreg)
		symbol_put(atc_inject_unregister_notifier);
	if (inject_unregister)
		pr_info("%s: following %s's injected timeouts\n", rsp.bdf,
			INJECTOR_NAME);
}

static void detach(bool unregister)
{
	lockdep_assert_held(&attach_lock);
	if (inject_unregister && unregister)
		inject_unregister(&timeout_nb);
	inject_unregister = NULL;
}

static int on_module(struct notifier_block *nb, unsigned long state,
		     void *data)
{
	struct module *mod = data;

	if (strcmp(mod->name, INJECTOR_NAME))
		return NOTIFY_DONE;
	mutex_lock(&attach_lock);
	if (state == MODULE_STATE_LIVE)
		attach();
	else if (state == MODULE_STATE_GOING)
		detach(false);	/* its notifier chain goes with it */
	mutex_unlock(&attach_lock);
	return NOTIFY_OK;
}

static struct notifier_block module_nb = { .notifier_call = on_module };

static int stats_show(struct seq_file *m, void *v)
{
	int i;

	seq_printf(m, "target %s\n", rsp.bdf);
	seq_printf(m, "mode %s\n", mode_names[mode_id]);
	mutex_lock(&rsp.fence_lock);
	seq_printf(m, "acts_on %s\n", pci_name(rsp.dev));
	mutex_unlock(&rsp.fence_lock);
	seq_printf(m, "attached %d\n", READ_ONCE(inject_unregister) != NULL);
	seq_printf(m, "fence %s\n", order_names[order]);
	seq_printf(m, "state %d\n", atomic_read(&rsp.state));
	seq_printf(m, "fenced %d\n", READ_ONCE(rsp.fenced));
	for (i = 0; i < NR_COUNTERS; i++)
		seq_printf(m, "%s %lld\n", counter_names[i],
			   (long long)atomic64_read(&rsp.count[i]));
	seq_printf(m, "last_seq %llu\n", rsp.seq);
	seq_printf(m, "last_flow %s\n", flow_names[rsp.flow]);
	seq_printf(m, "last_reset_ret %d\n", rsp.reset_ret);
	seq_printf(m, "last_fence_us %llu\n", rsp.fence_us);
	seq_printf(m, "max_fence_us %llu\n", rsp.fence_max_us);
	seq_printf(m, "last_restore_us %llu\n", rsp.restore_us);
	seq_printf(m, "last_done_us %llu\n", rsp.done_us);
	seq_printf(m, "last_ats_ctrl_fenced 0x%04x\n", rsp.ats_ctrl_fenced);
	seq_printf(m, "last_ats_ctrl_restored 0x%04x\n", rsp.ats_ctrl_restored);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

/* DDDD:BB:DD.F, nothing else (one trailing newline allowed) */
static struct pci_dev *parse_bdf(const char *s)
{
	static const char form[] = "xxxx:xx:xx.x";
	unsigned int dom, bus, dev, fn;
	size_t i, len = strcspn(s, "\n");

	if (len != sizeof(form) - 1 || (s[len] && strcmp(s + len, "\n")))
		return ERR_PTR(-EINVAL);
	for (i = 0; i < len; i++)
		if (form[i] == 'x' ? !isxdigit(s[i]) : s[i] != form[i])
			return ERR_PTR(-EINVAL);
	if (sscanf(s, "%4x:%2x:%2x.%1x", &dom, &bus, &dev, &fn) != 4 ||
	    dev > 0x1f || fn > 7)
		return ERR_PTR(-EINVAL);
	return pci_get_domain_bus_and_slot(dom, bus, PCI_DEVFN(dev, fn)) ?:
	       ERR_PTR(-ENODEV);
}

/* The device named by parameter @param: present, with ATS, translated. */
static struct pci_dev *param_device(const char *param, const char *value)
{
	struct pci_dev *pdev;

	if (!value || !*value) {
		pr_err("no %s: load with %s=DDDD:BB:DD.F\n", param, param);
		return ERR_PTR(-EINVAL);
	}
	pdev = parse_bdf(value);
	if (IS_ERR(pdev)) {
		pr_err("%s=%s: %s\n", param, value,
		       PTR_ERR(pdev) == -EINVAL ? "not DDDD:BB:DD.F" :
						  "no such PCI device");
		return pdev;
	}
	if (!pci_ats_supported(pdev)) {
		pr_err("%s=%s: no usable ATS capability\n", param, value);
		goto inval;
	}
	if (!pdev->dev.iommu_group) {
		pr_err("%s=%s: not translated by an IOMMU\n", param, value);
		goto inval;
	}
	return pdev;
inval:
	pci_dev_put(pdev);
	return ERR_PTR(-EINVAL);
}

/* Some modes' own parameter (@modes a mask), refused with any other. */
static int check_mode_param(const char *param, bool given, unsigned int modes)
{
	char names[96] = "";
	unsigned int left = hweight32(modes);
	int i, len = 0;

	if (!given || modes & BIT(mode_id))
		return 0;
	for (i = 0; i < NR_MODES; i++) {
		if (!(modes & BIT(i)))
			continue;
		left--;
		len += scnprintf(names + len, sizeof(names) - len, "%s%s",
				 mode_names[i],
				 left > 1 ? ", " : left ? " or " : "");
	}
	pr_err("%s= is for mode=%s, not mode=%s\n", param, names,
	       mode_names[mode_id]);
	return -EINVAL;
}

static int check_mode(void)
{
	int ret = match_string(mode_names, NR_MODES, mode);

	if (ret < 0) {
		pr_err("mode=%s: not reviewed, blind-reset, fence-only, late, leaky, wrong-device, ats-off, stop-machine or remove\n",
		       mode);
		return -EINVAL;
	}
	mode_id = ret;
	if (check_mode_param("late_ms", late_ms, BIT(MODE_LATE)) ||
	    check_mode_param("leak_ms", leak_ms,
			     BIT(MODE_LEAKY) | BIT(MODE_ATS_OFF)) ||
	    check_mode_param("hold_ms", hold_ms,
			     BIT(MODE_FENCE_ONLY) | BIT(MODE_WRONG_DEVICE) |
			     BIT(MODE_REMOVE)) ||
	    check_mode_param("neighbour", neighbour,
			     BIT(MODE_WRONG_DEVICE) | BIT(MODE_REMOVE)) ||
	    check_mode_param("stop_ms", stop_ms, BIT(MODE_STOP_MACHINE)) ||
	    check_mode_param("iommu_reports", iommu_reports,
			     BIT(MODE_REVIEWED)))
		return -EINVAL;
	if (mode_id == MODE_LATE && (!late_ms || late_ms > 60000)) {
		pr_err("mode=late needs late_ms=1..60000 (twice the runner's --fence-ms), not %u\n",
		       late_ms);
		return -EINVAL;
	}
	if ((mode_id == MODE_LEAKY || mode_id == MODE_ATS_OFF) && !leak_ms)
		leak_ms = 300;
	if (leak_ms > 10000) {
		pr_err("leak_ms=%u: more than 10000\n", leak_ms);
		return -EINVAL;
	}
	if (mode_id == MODE_STOP_MACHINE && !stop_ms)
		stop_ms = 3000;
	if (stop_ms > 5000) {
		pr_err("stop_ms=%u: more than 5000\n", stop_ms);
		return -EINVAL;
	}
	if (hold_ms > 600000) {
		pr_err("hold_ms=%u: more than 600000 (10 minutes)\n", hold_ms);
		return -EINVAL;
	}
	return 0;
}

static int __init atc_responder_init(void)
{
	int ret;

#ifndef ATC_HAVE_RESET_IOMMU
	pr_err("this kernel has no pci_dev_reset_iommu_prepare() (Linux 7.x): nothing to fence with\n");
	return -EOPNOTSUPP;
#endif
	if (!IS_ENABLED(CONFIG_IOMMU_API) || !IS_ENABLED(CONFIG_PCI_ATS)) {
		pr_err("needs a kernel with CONFIG_IOMMU_API and CONFIG_PCI_ATS\n");
		return -EOPNOTSUPP;
	}
	ret = match_string(order_names, NR_ORDERS, fence);
	if (ret < 0) {
		pr_err("fence=%s: not auto, first or after_prepare\n", fence);
		return -EINVAL;
	}
	order = ret;
	ret = check_mode();
	if (ret)
		return ret;
	rsp.pdev = param_device("target", target);
	if (IS_ERR(rsp.pdev))
		return PTR_ERR(rsp.pdev);
	strscpy(rsp.bdf, pci_name(rsp.pdev), sizeof(rsp.bdf));
	rsp.dev = rsp.pdev;
	if (mode_id == MODE_WRONG_DEVICE ||
	    (mode_id == MODE_REMOVE && neighbour)) {
		rsp.dev = param_device("neighbour", neighbour);
		if (IS_ERR(rsp.dev)) {
			ret = PTR_ERR(rsp.dev);
			goto put;
		}
		if (rsp.dev == rsp.pdev) {
			pr_err("neighbour=%s: the target itself, not a neighbour\n",
			       neighbour);
			pci_dev_put(rsp.dev);
			ret = -EINVAL;
			goto put;
		}
	}
	mutex_init(&rsp.fence_lock);
	init_waitqueue_head(&rsp.release_wq);
	INIT_WORK(&rsp.work, recover);
	rsp.wq = alloc_ordered_workqueue("atc_responder",
					 WQ_HIGHPRI | WQ_MEM_RECLAIM);
	if (!rsp.wq) {
		ret = -ENOMEM;
		goto put_dev;
	}
	rsp.debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("stats", 0400, rsp.debugfs, NULL, &stats_fops);

	ret = register_module_notifier(&module_nb);
	if (ret)
		goto fail;
	if (iommu_reports) {
		ret = iommu_reports_start(on_iommu_report);
		if (ret)
			goto unregister;
	}
	mutex_lock(&attach_lock);
	attach();	/* atc_inject may be loaded already */
	mutex_unlock(&attach_lock);
	if (mode_id == MODE_REVIEWED)
		pr_info("%s: responding to injected ATC timeouts%s (a model, not a kernel's behaviour)\n",
			rsp.bdf,
			iommu_reports ? " and to the IOMMU's own reports" : "");
	else
		pr_info("%s: responding to injected ATC timeouts WRONGLY, mode %s (a mutant for the suite to catch)\n",
			rsp.bdf, mode_names[mode_id]);
	return 0;
unregister:
	unregister_module_notifier(&module_nb);
fail:
	debugfs_remove_recursive(rsp.debugfs);
	destroy_workqueue(rsp.wq);
put_dev:
	if (rsp.dev != rsp.pdev)
		pci_dev_put(rsp.dev);
put:
	pci_dev_put(rsp.pdev);
	return ret;
}

static void __exit atc_responder_exit(void)
{
	if (iommu_reports)
		iommu_reports_stop();
	mutex_lock(&attach_lock);
	detach(true);	/* no new recovery is queued after this */
	mutex_unlock(&attach_lock);
	unregister_module_notifier(&module_nb);
	WRITE_ONCE(rsp.unloading, true);
	wake_up(&rsp.release_wq);	/* ends a fence-only hold */
	destroy_workqueue(rsp.wq);	/* lets a recovery under way finish */
	if (rsp.fenced)
		pr_warn("%s: unfencing at unload\n", pci_name(rsp.dev));
	unfence_device();
	debugfs_remove_recursive(rsp.debugfs);
	if (rsp.dev != rsp.pdev)
		pci_dev_put(rsp.dev);
	pci_dev_put(rsp.pdev);
}

module_init(atc_responder_init);
module_exit(atc_responder_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Model response to ATC invalidation timeouts, and wrong ones (atctests controls)");
