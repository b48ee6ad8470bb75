// SPDX-License-Identifier: GPL-2.0
/*
 * Evidence: counters, a bounded event ring (oldest overwritten and
 * counted in events_dropped) and trace events.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/ktime.h>
#include <linux/vmalloc.h>

#include "atc_inject.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

#define ATC_RING_SIZE	4096	/* per ring; a power of two */
#define ATC_LINE_MAX	96

struct atc_event {
	u64 ns;
	u64 a;
	s64 b;
	u32 sid;
	u16 type;
	u16 idx;
};

/*
 * Three rings, so that a flood of invalidations cannot push the rarer
 * events out: arm, reset and callback events; injected invalidations;
 * other invalidations. "events" merges them by time.
 */
enum { RING_LIFECYCLE, RING_INJECTED, RING_DEVTLB, NR_RINGS };

struct atc_ring {
	struct atc_event ev[ATC_RING_SIZE];
	u64 head;	/* events ever recorded since clear */
};

static struct atc_ring rings[NR_RINGS];
static DEFINE_RAW_SPINLOCK(ring_lock);

static const char * const event_names[] = {
	[ATC_EV_ARM] = "arm",
	[ATC_EV_DISARM] = "disarm",
	[ATC_EV_DEVTLB] = "devtlb",
	[ATC_EV_OTHER_DEVTLB] = "other_devtlb",
	[ATC_EV_ATS_ENABLE] = "ats_enable",
	[ATC_EV_ATS_DISABLE] = "ats_disable",
	[ATC_EV_IOMMU_RESET_PREPARE] = "iommu_reset_prepare",
	[ATC_EV_IOMMU_RESET_DONE] = "iommu_reset_done",
	[ATC_EV_PCI_RESET] = "pci_reset",
	[ATC_EV_AER_RECOVERY] = "aer_recovery",
	[ATC_EV_CB_ENTER] = "cb",
	[ATC_EV_CB_RETURN] = "cb",
};

void atc_count(enum atc_counter c)
{
	atomic64_inc(&atc_stats.count[c]);
}

void atc_record(enum atc_event_type type, u32 idx, u32 sid, u64 a, s64 b)
{
	struct atc_event *ev;
	unsigned long flags;
	struct atc_ring *r = &rings[RING_LIFECYCLE];

	if (type == ATC_EV_DEVTLB)
		r = &rings[idx ? RING_INJECTED : RING_DEVTLB];
	else if (type == ATC_EV_OTHER_DEVTLB)
		r = &rings[RING_DEVTLB];

	raw_spin_lock_irqsave(&ring_lock, flags);
	if (r->head >= ATC_RING_SIZE)
		atomic64_inc(&atc_stats.events_dropped);
	ev = &r->ev[r->head++ & (ATC_RING_SIZE - 1)];
	ev->ns = ktime_get_ns();
	ev->type = type;
	ev->idx = idx;
	ev->sid = sid;
	ev->a = a;
	ev->b = b;
	raw_spin_unlock_irqrestore(&ring_lock, flags);

	if (type == ATC_EV_CB_ENTER || type == ATC_EV_CB_RETURN)
		trace_atc_inject_event(atc_callback_names[idx],
				       type == ATC_EV_CB_ENTER ? "enter" : "return",
				       b);
	else if (type == ATC_EV_PCI_RESET)
		trace_atc_inject_event("pci_reset", atc_reset_fn_names[idx], b);
	else if (type == ATC_EV_DISARM)
		trace_atc_inject_event("disarm", atc_disarm_names[idx], b);
	else if (type != ATC_EV_DEVTLB)
		trace_atc_inject_event(event_names[type], "", b);
}

void atc_note_devtlb(u64 seq, u32 sid, bool injected, long ret)
{
	atc_record(ATC_EV_DEVTLB, injected, sid, seq, ret);
	trace_atc_inject_devtlb(seq, sid, injected, ret);
}

/* Other devices' invalidations are counted; listed only at verbose 2. */
void atc_note_other_devtlb(u32 sid)
{
	atc_count(ATC_C_OTHER_DEVTLB);
	if (READ_ONCE(atc_cfg.verbose) > 1)
		atc_record(ATC_EV_OTHER_DEVTLB, 0, sid, 0, 0);
}

void atc_clear_records(void)
{
	unsigned long flags;
	int i;

	raw_spin_lock_irqsave(&ring_lock, flags);
	for (i = 0; i < NR_RINGS; i++)
		rings[i].head = 0;
	raw_spin_unlock_irqrestore(&ring_lock, flags);

	for (i = 0; i < ATC_NR_COUNTERS; i++)
		atomic64_set(&atc_stats.count[i], 0);
	atomic64_set(&atc_stats.events_dropped, 0);
	atc_stats.missed_base = atc_sites_missed();
	atc_stats.armed_ns = 0;
	atc_stats.disarmed_ns = 0;
	atc_stats.first_inject_ns = 0;
	atc_stats.last_inject_ns = 0;
	atc_stats.disarm_reason = ATC_DISARM_NONE;
}

static int format_event(char *p, size_t n, const struct atc_event *ev)
{
	int len = scnprintf(p, n, "%llu %s", ev->ns, event_names[ev->type]);

	switch (ev->type) {
	case ATC_EV_ARM:
		len += scnprintf(p + len, n - len, " seed=%llu sid=0x%04x",
				 ev->a, ev->sid);
		break;
	case ATC_EV_DISARM:
		len += scnprintf(p + len, n - len, " reason=%s",
				 atc_disarm_names[ev->idx]);
		break;
	case ATC_EV_DEVTLB:
		len += scnprintf(p + len, n - len,
				 " seq=%llu sid=0x%04x injected=%u ret=%lld",
				 ev->a, ev->sid, ev->idx, ev->b);
		break;
	case ATC_EV_OTHER_DEVTLB:
		len += scnprintf(p + len, n - len, " sid=0x%04x", ev->sid);
		break;
	case ATC_EV_ATS_ENABLE:
	case ATC_EV_ATS_DISABLE:
	case ATC_EV_IOMMU_RESET_PREPARE:
	case ATC_EV_IOMMU_RESET_DONE:
		len += scnprintf(p + len, n - len, " devtlb_seq=%llu", ev->a);
		break;
	case ATC_EV_PCI_RESET:
		len += scnprintf(p + len, n - len, " fn=%s",
				 atc_reset_fn_names[ev->idx]);
		break;
	case ATC_EV_AER_RECOVERY:
		len += scnprintf(p + len, n - len, " state=%lld", ev->b);
		break;
	case ATC_EV_CB_ENTER:
		len += scnprintf(p + len, n - len, " fn=%s phase=enter",
				 atc_callback_names[ev->idx]);
		if (ev->idx == ATC_CB_ERROR_DETECTED)
			len += scnprintf(p + len, n - len, " state=%lld", ev->b);
		break;
	case ATC_EV_CB_RETURN:
		len += scnprintf(p + len, n - len, " fn=%s phase=return",
				 atc_callback_names[ev->idx]);
		/* resume, reset_prepare and reset_done return void */
		if (ev->idx <= ATC_CB_SLOT_RESET)
			len += scnprintf(p + len, n - len, " ret=%lld", ev->b);
		break;
	default:
		break;
	}
	len += scnprintf(p + len, n - len, "\n");
	return len;
}

static const struct atc_event *ring_at(const struct atc_ring *r, u64 i)
{
	return &r->ev[i & (ATC_RING_SIZE - 1)];
}

/* A text snapshot of all rings, merged oldest first; vfree() it. */
char *atc_format_events(size_t *len)
{
	const size_t size = NR_RINGS * ATC_RING_SIZE * ATC_LINE_MAX;
	u64 i[NR_RINGS], end[NR_RINGS];
	const struct atc_event *ev;
	struct atc_ring *copy;
	unsigned long flags;
	size_t n = 0;
	char *text;
	int k, min;

	copy = vmalloc(sizeof(rings));
	text = vmalloc(size);
	if (!copy || !text) {
		vfree(copy);
		vfree(text);
		return NULL;
	}

	raw_spin_lock_irqsave(&ring_lock, flags);
	memcpy(copy, rings, sizeof(rings));
	raw_spin_unlock_irqrestore(&ring_lock, flags);

	for (k = 0; k < NR_RINGS; k++) {
		end[k] = copy[k].head;
		i[k] = end[k] > ATC_RING_SIZE ? end[k] - ATC_RING_SIZE : 0;
	}
	for (;;) {
		min = -1;
		for (k = 0; k < NR_RINGS; k++)
			if (i[k] < end[k] &&
			    (min < 0 || ring_at(&copy[k], i[k])->ns <
					ring_at(&copy[min], i[min])->ns))
				min = k;
		if (min < 0)
			break;
		ev = ring_at(&copy[min], i[min]++);
		n += format_event(text + n, size - n, ev);
	}
	vfree(copy);
	*len = n;
	return text;
}
