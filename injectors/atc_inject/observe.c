// SPDX-License-Identifier: GPL-2.0
/*
 * Observers: what the PCI core, the IOMMU core and the bound driver do
 * to the target while armed. PCI and IOMMU entry points are probed for
 * the module's life (a cheap early return while disarmed); the driver's
 * pci_error_handlers callbacks are probed from arm to disarm, as their
 * addresses depend on the driver bound at arm time.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>

#include "atc_inject.h"

enum { MATCH_DEV, MATCH_BUS, MATCH_UPSTREAM };

struct observer {
	struct kprobe kp;
	const char *symbol;
	enum atc_counter counter;
	enum atc_event_type event;
	u32 fn;		/* index into atc_reset_fn_names */
	int match;
	bool registered;
};

const char * const atc_reset_fn_names[] = {
	"", "pci_reset_function", "pci_reset_function_locked",
	"__pci_reset_function_locked", "pcie_flr", "pci_reset_bus",
};

#define OBS(sym, c, e, f, m) { .symbol = sym, .counter = c, .event = e, \
			       .fn = f, .match = m }

static struct observer observers[] = {
	OBS("pci_enable_ats", ATC_C_ATS_ENABLE, ATC_EV_ATS_ENABLE, 0, MATCH_DEV),
	OBS("pci_disable_ats", ATC_C_ATS_DISABLE, ATC_EV_ATS_DISABLE, 0, MATCH_DEV),
	OBS("pci_dev_reset_iommu_prepare", ATC_C_IOMMU_RESET_PREPARE,
	    ATC_EV_IOMMU_RESET_PREPARE, 0, MATCH_DEV),
	OBS("pci_dev_reset_iommu_done", ATC_C_IOMMU_RESET_DONE,
	    ATC_EV_IOMMU_RESET_DONE, 0, MATCH_DEV),
	OBS("pci_reset_function", ATC_C_PCI_RESET, ATC_EV_PCI_RESET, 1, MATCH_DEV),
	OBS("pci_reset_function_locked", ATC_C_PCI_RESET, ATC_EV_PCI_RESET, 2,
	    MATCH_DEV),
	OBS("__pci_reset_function_locked", ATC_C_PCI_RESET, ATC_EV_PCI_RESET, 3,
	    MATCH_DEV),
	OBS("pcie_flr", ATC_C_PCI_RESET, ATC_EV_PCI_RESET, 4, MATCH_DEV),
	OBS("pci_reset_bus", ATC_C_PCI_RESET, ATC_EV_PCI_RESET, 5, MATCH_BUS),
	OBS("pcie_do_recovery", ATC_C_AER_RECOVERY, ATC_EV_AER_RECOVERY, 0,
	    MATCH_UPSTREAM),
};

/* Is @dev the target, or (by @how) a device whose action covers it? */
static bool covers_target(struct pci_dev *dev, struct pci_dev *t, int how)
{
	if (dev == t && !(how == MATCH_UPSTREAM &&
			  atc_fault(recovery_unobserved)))
		return true;
	if (how == MATCH_BUS)
		return dev->bus == t->bus;
	if (how == MATCH_UPSTREAM) {
		for (t = pci_upstream_bridge(t); t; t = pci_upstream_bridge(t))
			if (t == dev)
				return true;
	}
	return false;
}

static bool atc_observes_fence(enum atc_event_type event)
{
	return event == ATC_EV_ATS_ENABLE || event == ATC_EV_ATS_DISABLE ||
	       event == ATC_EV_IOMMU_RESET_PREPARE ||
	       event == ATC_EV_IOMMU_RESET_DONE;
}

static int observer_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct observer *o = container_of(kp, struct observer, kp);
	struct atc_arm *arm = atc_cur_arm();
	struct pci_dev *dev;

	if (!arm)
		return 0;
	dev = (struct pci_dev *)regs_get_kernel_argument(regs, 0);
	if (!dev || !covers_target(dev, arm->pdev, o->match))
		return 0;

	atc_count(o->counter);
	/*
	 * A fence and its end carry how many of the target's invalidations
	 * were issued before them: the count while fenced is a difference,
	 * whatever the event rings kept.
	 */
	atc_record(o->event, o->fn, 0, atc_observes_fence(o->event) ?
		   atc_policy_seq() : 0,
		   o->event == ATC_EV_AER_RECOVERY ?
		   (s64)regs_get_kernel_argument(regs, 1) : 0);
	return 0;
}

int atc_observe_init(void)
{
	int i, found = 0;

	for (i = 0; i < ARRAY_SIZE(observers); i++) {
		struct observer *o = &observers[i];

		o->kp.symbol_name = o->symbol;
		o->kp.pre_handler = observer_pre;
		if (atc_fault(ats_disable_unobserved) &&
		    o->event == ATC_EV_ATS_DISABLE)
			continue;
		o->registered = !register_kprobe(&o->kp);
		found += o->registered;
		if (!o->registered)
			pr_debug("observe: %s not present\n", o->symbol);
	}
	return found ? 0 : -ENOENT;
}

void atc_observe_exit(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(observers); i++)
		if (observers[i].registered)
			unregister_kprobe(&observers[i].kp);
}

/* The bound driver's error handlers, probed while armed. */
static struct kretprobe cb_krp[ATC_NR_CALLBACKS];
static bool cb_registered[ATC_NR_CALLBACKS];
static int cb_probed;

const char * const atc_callback_names[] = {
	"error_detected", "mmio_enabled", "slot_reset",
	"resume", "reset_prepare", "reset_done",
};

static int cb_index(struct kretprobe_instance *ri)
{
	return get_kretprobe(ri) - cb_krp;
}

static int cb_entry(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	struct atc_arm *arm = atc_cur_arm();
	int idx = cb_index(ri);

	if (!arm ||
	    (struct pci_dev *)regs_get_kernel_argument(regs, 0) != arm->pdev)
		return 1;
	atc_count(ATC_C_CB_ERROR_DETECTED + idx);
	atc_record(ATC_EV_CB_ENTER, idx, 0, 0,
		   idx == ATC_CB_ERROR_DETECTED ?
		   (s64)regs_get_kernel_argument(regs, 1) : 0);
	return 0;
}

static int cb_return(struct kretprobe_instance *ri, struct pt_regs *regs)
{
	int idx = cb_index(ri);

	/* pci_ers_result_t is an unsigned int */
	atc_record(ATC_EV_CB_RETURN, idx, 0, 0,
		   (s64)(u32)regs_return_value(regs));
	return 0;
}

static void cb_addresses(struct pci_dev *pdev, void **addr)
{
	const struct pci_error_handlers *eh;

	device_lock(&pdev->dev);
	eh = pdev->driver ? pdev->driver->err_handler : NULL;
	if (eh) {
		addr[ATC_CB_ERROR_DETECTED] = eh->error_detected;
		addr[ATC_CB_MMIO_ENABLED] = eh->mmio_enabled;
		addr[ATC_CB_SLOT_RESET] = eh->slot_reset;
		addr[ATC_CB_RESUME] = eh->resume;
		addr[ATC_CB_RESET_PREPARE] = eh->reset_prepare;
		addr[ATC_CB_RESET_DONE] = eh->reset_done;
	}
	device_unlock(&pdev->dev);
}

int atc_observe_arm(struct pci_dev *pdev)
{
	void *addr[ATC_NR_CALLBACKS] = { };
	int i, ret;

	cb_probed = 0;
	cb_addresses(pdev, addr);
	for (i = 0; i < ATC_NR_CALLBACKS; i++) {
		const char *walker = NULL;

		/* the fault: the PCI core's walker, called for every device */
		if (atc_fault(callbacks_from_walker) &&
		    i == ATC_CB_ERROR_DETECTED && !addr[i])
			walker = "report_normal_detected";
		if (!addr[i] && !walker)
			continue;
		memset(&cb_krp[i], 0, sizeof(cb_krp[i]));
		cb_krp[i].kp.addr = addr[i];
		cb_krp[i].kp.symbol_name = walker;
		cb_krp[i].entry_handler = cb_entry;
		cb_krp[i].handler = cb_return;
		cb_krp[i].maxactive = 8;
		ret = register_kretprobe(&cb_krp[i]);
		if (ret) {
			pr_err("arm: cannot probe %s at %pS: %d\n",
			       atc_callback_names[i], addr[i], ret);
			atc_observe_disarm();
			return ret;
		}
		cb_registered[i] = true;
		cb_probed++;
	}
	return 0;
}

void atc_observe_disarm(void)
{
	int i;

	for (i = 0; i < ATC_NR_CALLBACKS; i++) {
		if (cb_registered[i])
			unregister_kretprobe(&cb_krp[i]);
		cb_registered[i] = false;
	}
}

/* Callbacks probed at the last arming (kept after disarm). */
int atc_observe_nr_callbacks(void)
{
	return cb_probed;
}
