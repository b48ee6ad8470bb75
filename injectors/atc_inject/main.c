// SPDX-License-Identifier: GPL-2.0
/*
 * atc_inject: module life cycle, target, arming and the dead-man timer.
 *
 * Loading never arms. Arming needs a target; the module disarms itself
 * max_armed_ms after arming, and unloads cleanly while armed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/iommu.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "atc_inject.h"

struct atc_cfg atc_cfg = {
	.site = ATC_SITE_AUTO,
	.mode = ATC_MODE_ERROR,
	.probability = 100,
	.interval = 1,
	.times = -1,
	.max_armed_ms = 60000,
};

struct atc_target atc_target;
struct atc_stats atc_stats;
/* Serialises configuration, target, arming and disarming. */
DEFINE_MUTEX(atc_lock);
enum atc_site atc_active_site = ATC_SITE_NONE;
bool atc_armed;
struct atc_arm __rcu *atc_cur;
unsigned int atc_maxactive;
bool atc_site_available[ATC_NR_SITES];
/*
 * The dead-man, and the release of arm states whose last reference went
 * in a return handler; destroyed at unload, so none runs after.
 */
static struct workqueue_struct *atc_wq;

const char * const atc_site_names[] = {
	"auto", "vtd", "amd", "smmuv3", "core", "none",
};

const char * const atc_mode_names[] = { "error", "delay" };
const char * const atc_disarm_names[] = { "none", "user", "deadman", "unload" };

static const struct atc_site_ops *sites[ATC_NR_SITES] = {
	[ATC_SITE_VTD] = &atc_site_vtd,
	[ATC_SITE_AMD] = &atc_site_amd,
	[ATC_SITE_SMMUV3] = &atc_site_smmuv3,
	[ATC_SITE_CORE] = &atc_site_core,
};

static void deadman_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(deadman_work, deadman_fn);
static unsigned long deadman_at;	/* jiffies; atc_lock */

int atc_parse_enum(const char *buf, const char * const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (sysfs_streq(buf, names[i]))
			return i;
	return -EINVAL;
}

bool atc_arm_has_id(const struct atc_arm *arm, u32 id)
{
	int i;

	for (i = 0; i < arm->nr_ids; i++)
		if (arm->ids[i] == id)
			return true;
	return false;
}

static void add_id(struct atc_arm *arm, u32 id)
{
	if (arm->nr_ids < ATC_MAX_IDS && !atc_arm_has_id(arm, id))
		arm->ids[arm->nr_ids++] = id;
}

/*
 * The IDs an IOMMU puts in an ATC invalidation for this device: the
 * SMMUv3 stream IDs, else the requester ID and its same-bus DMA aliases
 * (pci_for_each_dma_alias() is not exported on every kernel).
 */
static void collect_ids(struct atc_arm *arm)
{
	struct pci_dev *pdev = arm->pdev;
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(&pdev->dev);
	unsigned int i;

	if (fwspec && arm->site == ATC_SITE_SMMUV3) {
		for (i = 0; i < fwspec->num_ids; i++)
			add_id(arm, fwspec->ids[i]);
		return;
	}
	add_id(arm, pci_dev_id(pdev));
	if (pdev->dma_alias_mask)
		for_each_set_bit(i, pdev->dma_alias_mask, 256)
			add_id(arm, PCI_DEVID(pdev->bus->number, i));
}

static void arm_release(struct work_struct *work)
{
	struct atc_arm *arm = container_of(work, struct atc_arm, release);

	pci_dev_put(arm->pdev);
	kfree(arm);
}

/* Any context: the device reference is dropped from a work item. */
void atc_arm_put(struct atc_arm *arm)
{
	if (refcount_dec_and_test(&arm->ref))
		queue_work(atc_wq, &arm->release);
}

static struct atc_arm *arm_new(enum atc_site site)
{
	struct atc_arm *arm = kzalloc(sizeof(*arm), GFP_KERNEL);

	if (!arm)
		return NULL;
	refcount_set(&arm->ref, 1);
	INIT_WORK(&arm->release, arm_release);
	arm->pdev = pci_dev_get(atc_target.pdev);
	memcpy(arm->bdf, atc_target.bdf, sizeof(arm->bdf));
	arm->site = site;
	collect_ids(arm);
	return arm;
}

/* The sites' kretprobes: submissions not hooked for want of an instance. */
u64 atc_sites_missed(void)
{
	u64 n = 0;
	int i;

	for (i = 0; i < ATC_NR_SITES; i++)
		if (sites[i] && sites[i]->krp && atc_site_available[i])
			n += sites[i]->krp->nmissed + sites[i]->krp->kp.nmissed;
	return n;
}

/* Which site serves the target: from the name of its IOMMU device. */
enum atc_site atc_resolve_site(void)
{
	struct pci_dev *pdev = atc_target.pdev;
	const char *name;

	if (atc_cfg.site != ATC_SITE_AUTO)
		return atc_cfg.site;
	if (!pdev || !pdev->dev.iommu || !pdev->dev.iommu->iommu_dev ||
	    !pdev->dev.iommu->iommu_dev->dev)
		return ATC_SITE_NONE;

	name = dev_name(pdev->dev.iommu->iommu_dev->dev);
	if (!strncmp(name, "dmar", 4))
		return ATC_SITE_VTD;
	if (!strncmp(name, "ivhd", 4))
		return ATC_SITE_AMD;
	if (!strncmp(name, "smmu3", 5))
		return ATC_SITE_SMMUV3;
	return ATC_SITE_NONE;
}

/* DDDD:BB:DD.F or BB:DD.F (domain 0), hex digits only, nothing after. */
static int parse_bdf(const char *buf, unsigned int *domain, unsigned int *bus,
		     unsigned int *dev, unsigned int *fn)
{
	int len = strlen(buf), n = 0;

	if (strspn(buf, "0123456789abcdefABCDEF:.") != len)
		return -EINVAL;
	if (sscanf(buf, "%4x:%2x:%2x.%1x%n", domain, bus, dev, fn, &n) == 4 &&
	    n == len)
		return 0;
	*domain = 0;
	n = 0;
	if (sscanf(buf, "%2x:%2x.%1x%n", bus, dev, fn, &n) == 3 && n == len)
		return 0;
	return -EINVAL;
}

/* Accepts a BDF (see parse_bdf()); "none" drops the target. */
int atc_set_target(const char *buf)
{
	unsigned int domain, bus, dev, fn;
	struct pci_dev *pdev;

	lockdep_assert_held(&atc_lock);
	if (atc_armed)
		return atc_fault(target_busy_einval) ? -EINVAL : -EBUSY;

	if (sysfs_streq(buf, "none")) {
		pci_dev_put(atc_target.pdev);
		atc_target.pdev = NULL;
		return 0;
	}
	if (parse_bdf(buf, &domain, &bus, &dev, &fn)) {
		pr_err("target: malformed BDF '%s', expected DDDD:BB:DD.F\n", buf);
		return -EINVAL;
	}
	if (domain > 0xffff || bus > 0xff || dev > 0x1f || fn > 7) {
		pr_err("target: BDF out of range\n");
		return -EINVAL;
	}

	pdev = pci_get_domain_bus_and_slot(domain, bus, PCI_DEVFN(dev, fn));
	if (!pdev) {
		pr_err("target: no PCI device %04x:%02x:%02x.%x\n",
		       domain, bus, dev, fn);
		return -EINVAL;
	}
	if (!pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_ATS)) {
		pr_err("target: %s has no ATS capability\n", pci_name(pdev));
		pci_dev_put(pdev);
		return -EINVAL;
	}

	pci_dev_put(atc_target.pdev);
	atc_target.pdev = pdev;
	scnprintf(atc_target.bdf, sizeof(atc_target.bdf), "%s", pci_name(pdev));
	return 0;
}

int atc_arm(void)
{
	struct atc_arm *arm;
	enum atc_site site;
	unsigned long delay;
	int ret;

	lockdep_assert_held(&atc_lock);
	if (atc_armed)
		return 0;
	if (!atc_target.pdev) {
		pr_err("arm: no target\n");
		return -EINVAL;
	}
	site = atc_resolve_site();
	if (site == ATC_SITE_NONE || !atc_site_available[site]) {
		pr_err("arm: site %s is not available for %s\n",
		       atc_site_names[site], atc_target.bdf);
		return -ENODEV;
	}
	if (site == ATC_SITE_CORE) {
		pr_err("arm: the core site has no known calling convention yet\n");
		return -EOPNOTSUPP;
	}

	arm = arm_new(site);
	if (!arm)
		return -ENOMEM;
	ret = atc_observe_arm(arm->pdev);
	if (ret)
		goto err;
	if (sites[site]->krp && !atc_fault(probes_never_enabled)) {
		ret = enable_kretprobe(sites[site]->krp);
		if (ret) {
			atc_observe_disarm();
			pr_err("arm: cannot enable the %s probe: %d\n",
			       atc_site_names[site], ret);
			goto err;
		}
	}

	atc_active_site = site;
	atc_policy_reset();
	atc_stats.armed_ns = ktime_get_ns();
	atc_stats.disarmed_ns = 0;
	atc_stats.disarm_reason = ATC_DISARM_NONE;
	atc_record(ATC_EV_ARM, 0, arm->ids[0], atc_cfg.seed, 0);
	atc_armed = true;
	/* Handlers see the policy before the state (release semantics). */
	rcu_assign_pointer(atc_cur, arm);

	/*
	 * mod_, not schedule_: a dead-man of an earlier arming may still be
	 * queued or running; deadman_fn() checks the deadline.
	 */
	delay = msecs_to_jiffies(atc_cfg.max_armed_ms);
	deadman_at = jiffies + delay;
	if (!atc_fault(deadman_lost))
		mod_delayed_work(atc_wq, &deadman_work, delay);
	if (atc_fault(module_ref_leak))
		__module_get(THIS_MODULE);
	pr_info("armed on %s via %s, seed %llu\n", atc_target.bdf,
		atc_site_names[site], atc_cfg.seed);
	return 0;
err:
	atc_arm_put(arm);
	return ret;
}

/*
 * Caller holds atc_lock. On return no handler runs on this arming's
 * state, unless a hooked submission has not come back within a second
 * (plus delay_us): it keeps its reference and is reported. The dead-man
 * is cancelled here, under the lock, so that no arming in between can
 * lose its own; it is not waited for, as it may be waiting for the lock.
 */
void atc_disarm(enum atc_disarm_reason reason)
{
	struct atc_arm *arm;

	lockdep_assert_held(&atc_lock);
	if (!atc_armed)
		return;

	arm = rcu_dereference_protected(atc_cur, lockdep_is_held(&atc_lock));
	atc_armed = false;
	RCU_INIT_POINTER(atc_cur, NULL);
	cancel_delayed_work(&deadman_work);
	if (sites[arm->site] && sites[arm->site]->krp &&
	    !atc_fault(probes_at_load))
		disable_kretprobe(sites[arm->site]->krp);
	atc_observe_disarm();
	/* Entry and observer handlers that saw @arm are done. */
	synchronize_rcu();
	/* Hooked submissions still return through their handler. */
	if (!atc_sites_drain(1000 + atc_cfg.delay_us / 1000))
		pr_warn("disarm: submissions still hooked, %s kept until they return\n",
			arm->bdf);
	atc_arm_put(arm);
	atc_stats.disarmed_ns = ktime_get_ns();
	atc_stats.disarm_reason = reason;
	atc_record(ATC_EV_DISARM, reason, 0, 0, 0);
	pr_info("disarmed (%s): %lld matched, %lld injected\n",
		atc_disarm_names[reason],
		atomic64_read(&atc_stats.count[ATC_C_MATCHED]),
		atomic64_read(&atc_stats.count[ATC_C_INJECTED]));
}

static void deadman_fn(struct work_struct *work)
{
	mutex_lock(&atc_lock);
	/*
	 * A run that waited for the lock while the user disarmed and armed
	 * again is early for the new arming, which queued its own.
	 */
	if (atc_armed && time_after_eq(jiffies, deadman_at))
		atc_disarm(ATC_DISARM_DEADMAN);
	mutex_unlock(&atc_lock);
}

/* Module parameters: initial configuration only; loading never arms. */
static char *target;
module_param(target, charp, 0400);
MODULE_PARM_DESC(target, "PCI device DDDD:BB:DD.F whose ATC invalidations time out");
static char *site;
module_param(site, charp, 0400);
MODULE_PARM_DESC(site, "auto|vtd|amd|smmuv3|core (default auto)");
static char *mode;
module_param(mode, charp, 0400);
MODULE_PARM_DESC(mode, "error|delay (default error)");
module_param_named(delay_us, atc_cfg.delay_us, uint, 0400);
MODULE_PARM_DESC(delay_us, "busy wait before failing in mode delay, 0..10000000");
module_param_named(probability, atc_cfg.probability, uint, 0400);
MODULE_PARM_DESC(probability, "percent of eligible invalidations that time out (100)");
module_param_named(interval, atc_cfg.interval, uint, 0400);
MODULE_PARM_DESC(interval, "only every interval-th eligible invalidation (1)");
module_param_named(times, atc_cfg.times, int, 0400);
MODULE_PARM_DESC(times, "injections per arming, -1 unlimited (-1)");
module_param_named(space, atc_cfg.space, ullong, 0400);
MODULE_PARM_DESC(space, "matching invalidations let through first (0)");
module_param_named(seed, atc_cfg.seed, ullong, 0400);
MODULE_PARM_DESC(seed, "seed of the decision generator (0)");
module_param_named(verbose, atc_cfg.verbose, uint, 0400);
MODULE_PARM_DESC(verbose, "0 quiet, 1 log injections, 2 also stacks (0)");
module_param_named(max_armed_ms, atc_cfg.max_armed_ms, uint, 0400);
MODULE_PARM_DESC(max_armed_ms, "dead-man: disarm this long after arming (60000)");
static unsigned int maxactive;
module_param(maxactive, uint, 0400);
MODULE_PARM_DESC(maxactive, "submissions each site hooks at once, 1..65536 (0: 4 per possible CPU, at least 16)");

static int check_params(void)
{
	int v;

	if (site) {
		v = atc_parse_enum(site, atc_site_names, ATC_NR_SITES);
		if (v < 0)
			goto bad;
		atc_cfg.site = v;
	}
	if (mode) {
		v = atc_parse_enum(mode, atc_mode_names, 2);
		if (v < 0)
			goto bad;
		atc_cfg.mode = v;
	}
	if (atc_cfg.delay_us > 10000000 || atc_cfg.probability > 100 ||
	    !atc_cfg.interval || atc_cfg.times < -1 || atc_cfg.verbose > 2 ||
	    !atc_cfg.max_armed_ms || atc_cfg.max_armed_ms > 3600000 ||
	    (maxactive > 65536 && !atc_fault(bad_input_accepted)))
		goto bad;
	/*
	 * A CPU can be in a submission in task, softirq and hardirq context
	 * at once; past maxactive a submission is neither matched nor
	 * injected, only counted in probes_missed.
	 */
	atc_maxactive = maxactive ?: atc_fault(maxactive_one) ? 1 :
			max(16U, 4 * num_possible_cpus());
	return 0;
bad:
	pr_err("invalid module parameter\n");
	return -EINVAL;
}

static int __init atc_inject_init(void)
{
	int i, ret;

	ret = check_params();
	if (ret)
		return ret;
	atc_wq = alloc_workqueue(KBUILD_MODNAME, WQ_UNBOUND, 0);
	if (!atc_wq)
		return -ENOMEM;
	if (target) {
		mutex_lock(&atc_lock);
		ret = atc_set_target(target);
		mutex_unlock(&atc_lock);
		if (ret)
			goto err_wq;
	}

	for (i = 0; i < ATC_NR_SITES; i++)
		if (sites[i])
			atc_site_available[i] = !sites[i]->init();
	if (atc_fault(probes_at_load))
		for (i = 0; i < ATC_NR_SITES; i++)
			if (atc_site_available[i] && sites[i]->krp)
				enable_kretprobe(sites[i]->krp);

	ret = atc_observe_init();
	if (ret)
		goto err_sites;
	ret = atc_control_init();
	if (ret)
		goto err_observe;
	return 0;

err_observe:
	atc_observe_exit();
err_sites:
	for (i = 0; i < ATC_NR_SITES; i++)
		if (sites[i] && atc_site_available[i])
			sites[i]->exit();
	pci_dev_put(atc_target.pdev);
err_wq:
	destroy_workqueue(atc_wq);
	return ret;
}

static void __exit atc_inject_exit(void)
{
	int i;

	/* No new writes, then no new arming, then no handler in flight. */
	atc_control_exit();
	mutex_lock(&atc_lock);
	atc_disarm(ATC_DISARM_UNLOAD);
	mutex_unlock(&atc_lock);
	cancel_delayed_work_sync(&deadman_work);

	/* No return pending on a probe being removed, if we can help it. */
	if (!atc_sites_drain(1000))
		pr_warn("submissions still hooked at unload\n");
	for (i = 0; i < ATC_NR_SITES; i++)
		if (sites[i] && atc_site_available[i])
			sites[i]->exit();
	atc_observe_exit();
	/* Arm states released by the last returns, before the code goes. */
	destroy_workqueue(atc_wq);
	pci_dev_put(atc_target.pdev);
}

module_init(atc_inject_init);
module_exit(atc_inject_exit);
MODULE_DESCRIPTION("Inject ATC invalidation timeouts for one PCI device");
MODULE_LICENSE("GPL");
