// SPDX-License-Identifier: GPL-2.0
/*
 * Control: /sys/kernel/debug/atc_inject/. Every file is 0600; every
 * rejected write logs one line saying why.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "atc_inject.h"

enum knob_kind { K_U32, K_INT, K_U64, K_SITE, K_MODE, K_TARGET, K_ARMED,
		 K_CLEAR };

struct knob {
	const char *name;
	enum knob_kind kind;
	void *val;
	s64 min, max;
};

static const struct knob knobs[] = {
	{ "target", K_TARGET },
	{ "site", K_SITE },
	{ "mode", K_MODE },
	{ "delay_us", K_U32, &atc_cfg.delay_us, 0, 10000000 },
	{ "probability", K_U32, &atc_cfg.probability, 0, 100 },
	{ "interval", K_U32, &atc_cfg.interval, 1, UINT_MAX },
	{ "times", K_INT, &atc_cfg.times, -1, INT_MAX },
	{ "space", K_U64, &atc_cfg.space },
	{ "seed", K_U64, &atc_cfg.seed },
	{ "verbose", K_U32, &atc_cfg.verbose, 0, 2 },
	{ "max_armed_ms", K_U32, &atc_cfg.max_armed_ms, 1, 3600000 },
	{ "armed", K_ARMED },
	{ "clear", K_CLEAR },
};

static struct dentry *dir;

static int knob_show(const struct knob *k, char *buf, size_t n)
{
	enum atc_site resolved;
	int i, len;

	switch (k->kind) {
	case K_U32:
		return scnprintf(buf, n, "%u\n", *(u32 *)k->val);
	case K_INT:
		return scnprintf(buf, n, "%d\n", *(int *)k->val);
	case K_U64:
		return scnprintf(buf, n, "%llu\n", *(u64 *)k->val);
	case K_MODE:
		return scnprintf(buf, n, "%s\n", atc_mode_names[atc_cfg.mode]);
	case K_TARGET:
		return scnprintf(buf, n, "%s\n",
				 atc_target.pdev ? atc_target.bdf : "none");
	case K_ARMED:
		return scnprintf(buf, n, "%d\n", atc_armed);
	case K_CLEAR:
		return scnprintf(buf, n, "0\n");
	case K_SITE:
		resolved = atc_armed ? atc_active_site : atc_resolve_site();
		len = scnprintf(buf, n, "%s (resolved %s; available:",
				atc_site_names[atc_cfg.site],
				atc_site_names[resolved]);
		for (i = ATC_SITE_VTD; i < ATC_NR_SITES; i++)
			if (atc_site_available[i])
				len += scnprintf(buf + len, n - len, " %s",
						 atc_site_names[i]);
		return len + scnprintf(buf + len, n - len, ")\n");
	}
	return 0;
}

static int knob_store(const struct knob *k, char *buf)
{
	s64 v;
	u64 u;
	int ret;

	switch (k->kind) {
	case K_TARGET:
		return atc_set_target(buf);
	case K_SITE:
		ret = atc_parse_enum(buf, atc_site_names, ATC_NR_SITES);
		if (ret < 0)
			break;
		if (atc_armed)
			return -EBUSY;
		atc_cfg.site = ret;
		return 0;
	case K_MODE:
		ret = atc_parse_enum(buf, atc_mode_names, 2);
		if (ret < 0)
			break;
		WRITE_ONCE(atc_cfg.mode, ret);
		return 0;
	case K_U64:
		if (kstrtou64(buf, 0, &u))
			break;
		*(u64 *)k->val = u;
		return 0;
	case K_ARMED:
		if (kstrtos64(buf, 0, &v) || (v != 0 && v != 1))
			break;
		if (v)
			return atc_arm();
		atc_disarm(ATC_DISARM_USER);
		return 0;
	case K_CLEAR:
		if (kstrtos64(buf, 0, &v) || v != 1)
			break;
		if (atc_armed)
			return -EBUSY;
		atc_clear_records();
		return 0;
	default:
		if (kstrtos64(buf, 0, &v))
			break;
		if (!atc_fault(bad_input_accepted) &&
		    (v < k->min || v > k->max))
			break;
		if (k->kind == K_INT)
			WRITE_ONCE(*(int *)k->val, v);
		else
			WRITE_ONCE(*(u32 *)k->val, v);
		return 0;
	}
	pr_err("%s: invalid value '%s'\n", k->name, buf);
	return -EINVAL;
}

static ssize_t knob_read(struct file *file, char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	const struct knob *k = file->private_data;
	char buf[96];
	int len;

	mutex_lock(&atc_lock);
	len = knob_show(k, buf, sizeof(buf));
	mutex_unlock(&atc_lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t knob_write(struct file *file, const char __user *ubuf,
			  size_t count, loff_t *ppos)
{
	const struct knob *k = file->private_data;
	char buf[64];
	int ret;

	if (count >= sizeof(buf)) {
		pr_err("%s: value too long\n", k->name);
		return -EINVAL;
	}
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';

	mutex_lock(&atc_lock);
	ret = knob_store(k, strim(buf));
	mutex_unlock(&atc_lock);
	return ret ? ret : count;
}

static const struct file_operations knob_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = knob_read,
	.write = knob_write,
	.llseek = default_llseek,
};

/* stats and events: a text snapshot taken at open. */
struct snapshot {
	char *text;
	size_t len;
};

static char *format_stats(size_t *len)
{
	static const char * const counter_names[ATC_NR_COUNTERS] = {
		"matched", "injected", "other_devtlb", "ats_enable",
		"ats_disable", "iommu_reset_prepare", "iommu_reset_done",
		"pci_reset", "aer_recovery", "cb_error_detected",
		"cb_mmio_enabled", "cb_slot_reset", "cb_resume",
		"cb_reset_prepare", "cb_reset_done",
	};
	const size_t n = 2048;
	char *p = vmalloc(n);
	enum atc_site site;
	int i, l;

	if (!p)
		return NULL;
	mutex_lock(&atc_lock);
	site = atc_armed ? atc_active_site : atc_resolve_site();
	l = scnprintf(p, n, "armed %d\ntarget %s\nsite %s\nmode %s\nseed %llu\n",
		      atc_armed, atc_target.pdev ? atc_target.bdf : "none",
		      atc_site_names[site], atc_mode_names[atc_cfg.mode],
		      atc_cfg.seed);
	for (i = 0; i < ATC_NR_COUNTERS; i++)
		l += scnprintf(p + l, n - l, "%s %lld\n", counter_names[i],
			       atomic64_read(&atc_stats.count[i]));
	l += scnprintf(p + l, n - l,
		       "armed_ns %llu\ndisarmed_ns %llu\ndisarm_reason %s\n"
		       "first_inject_ns %llu\nlast_inject_ns %llu\n"
		       "cb_probed %d\nevents_dropped %lld\n"
		       "probes_missed %llu\nmaxactive %u\n",
		       atc_stats.armed_ns, atc_stats.disarmed_ns,
		       atc_disarm_names[atc_stats.disarm_reason],
		       READ_ONCE(atc_stats.first_inject_ns),
		       READ_ONCE(atc_stats.last_inject_ns),
		       atc_observe_nr_callbacks(),
		       atomic64_read(&atc_stats.events_dropped),
		       atc_sites_missed() - atc_stats.missed_base,
		       atc_maxactive);
	mutex_unlock(&atc_lock);
	*len = l;
	return p;
}

static int snapshot_open(struct inode *inode, struct file *file)
{
	char *(*format)(size_t *len) = inode->i_private;
	struct snapshot *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	s->text = format(&s->len);
	if (!s->text) {
		kfree(s);
		return -ENOMEM;
	}
	file->private_data = s;
	return 0;
}

static ssize_t snapshot_read(struct file *file, char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct snapshot *s = file->private_data;

	return simple_read_from_buffer(ubuf, count, ppos, s->text, s->len);
}

static int snapshot_release(struct inode *inode, struct file *file)
{
	struct snapshot *s = file->private_data;

	vfree(s->text);
	kfree(s);
	return 0;
}

static const struct file_operations snapshot_fops = {
	.owner = THIS_MODULE,
	.open = snapshot_open,
	.read = snapshot_read,
	.release = snapshot_release,
	.llseek = default_llseek,
};

int atc_control_init(void)
{
	int i;

	dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	for (i = 0; i < ARRAY_SIZE(knobs); i++)
		debugfs_create_file(knobs[i].name, 0600, dir, (void *)&knobs[i],
				    &knob_fops);
	debugfs_create_file("stats", 0600, dir, format_stats, &snapshot_fops);
	debugfs_create_file("events", 0600, dir, atc_format_events,
			    &snapshot_fops);
	return 0;
}

void atc_control_exit(void)
{
	debugfs_remove_recursive(dir);
}
