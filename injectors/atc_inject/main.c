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
bool atc_site_available[ATC_NR_SITES];

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

int atc_parse_enum(const char *buf, const char * const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (sysfs_streq(buf, names[i]))
			return i;
	return -EINVAL;
}

bool atc_target_has_id(u32 id)
{
	int i;

	for (i = 0; i < atc_target.nr_ids; i++)
		if (atc_target.ids[i] == id)
			return true;
	return false;
}

static void add_id(u32 id)
{
	if (atc_target.nr_ids < ATC_MAX_IDS && !atc_target_has_id(id))
		atc_target.ids[atc_target.nr_ids++] = id;
}

/*
 * The IDs an IOMMU puts in an ATC invalidation for this device: the
 * SMMUv3 stream IDs, else the requester ID and its same-bus DMA aliases
 * (pci_for_each_dma_alias() is not exported on every kernel).
 */
static void collect_ids(struct pci_dev *pdev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(&pdev->dev);
	unsigned int i;

	atc_target.nr_ids = 0;
	if (fwspec && atc_active_site == ATC_SITE_SMMUV3) {
		for (i = 0; i < fwspec->num_ids; i++)
			add_id(fwspec->ids[i]);
		return;
	}
	add_id(pci_dev_id(pdev));
	if (pdev->dma_alias_mask)
		for_each_set_bit(i, pdev->dma_alias_mask, 256)
			add_id(PCI_DEVID(pdev->bus->number, i));
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
		return -EBUSY;

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
	enum atc_site site;
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

	atc_active_site = site;
	collect_ids(atc_target.pdev);
	ret = atc_observe_arm(atc_target.pdev);
	if (ret)
		return ret;
	if (sites[site]->krp) {
		ret = enable_kretprobe(sites[site]->krp);
		if (ret) {
			atc_observe_disarm();
			pr_err("arm: cannot enable the %s probe: %d\n",
			       atc_site_names[site], ret);
			return ret;
		}
	}

	atc_policy_reset();
	atc_stats.armed_ns = ktime_get_ns();
	atc_stats.disarmed_ns = 0;
	atc_stats.disarm_reason = ATC_DISARM_NONE;
	atc_record(ATC_EV_ARM, 0, 0, atc_cfg.seed, 0);
	/* Handlers see the IDs and policy before the flag. */
	smp_store_release(&atc_armed, true);

	schedule_delayed_work(&deadman_work,
			      msecs_to_jiffies(atc_cfg.max_armed_ms));
	pr_info("armed on %s via %s, seed %llu\n", atc_target.bdf,
		atc_site_names[site], atc_cfg.seed);
	return 0;
}

/*
 * Caller holds atc_lock. The dead-man work is not cancelled here, as the
 * work itself calls this; callers other than the work cancel it after
 * dropping the lock.
 */
void atc_disarm(enum atc_disarm_reason reason)
{
	lockdep_assert_held(&atc_lock);
	if (!atc_armed)
		return;

	WRITE_ONCE(atc_armed, false);
	/* Hooked submissions still return through their handler. */
	if (sites[atc_active_site] && sites[atc_active_site]->krp)
		disable_kretprobe(sites[atc_active_site]->krp);
	atc_observe_disarm();
	atc_stats.disarmed_ns = ktime_get_ns();
	atc_stats.disarm_reason = reason;
	atc_record(ATC_EV_DISARM, reason, 0, 0, 0);
	pr_info("disarmed (%s): %lld matched, %lld injected\n",
		atc_disarm_names[reason],
		atomic64_read(&atc_stats.count[ATC_C_MATCHED]),
		atomic64_read(&atc_stats.count[ATC_C_INJECTED]));
}

void atc_disarm_user(void)
{
	mutex_lock(&atc_lock);
	atc_disarm(ATC_DISARM_USER);
	mutex_unlock(&atc_lock);
	cancel_delayed_work_sync(&deadman_work);
}

static void deadman_fn(struct work_struct *work)
{
	mutex_lock(&atc_lock);
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
	    !atc_cfg.max_armed_ms || atc_cfg.max_armed_ms > 3600000)
		goto bad;
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
	if (target) {
		mutex_lock(&atc_lock);
		ret = atc_set_target(target);
		mutex_unlock(&atc_lock);
		if (ret)
			return ret;
	}

	for (i = 0; i < ATC_NR_SITES; i++)
		if (sites[i])
			atc_site_available[i] = !sites[i]->init();

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

	atc_sites_drain();
	for (i = 0; i < ATC_NR_SITES; i++)
		if (sites[i] && atc_site_available[i])
			sites[i]->exit();
	atc_observe_exit();
	pci_dev_put(atc_target.pdev);
}

module_init(atc_inject_init);
module_exit(atc_inject_exit);
MODULE_DESCRIPTION("Inject ATC invalidation timeouts for one PCI device");
MODULE_LICENSE("GPL");
