/* SPDX-License-Identifier: GPL-2.0 */
/*
 * atc_inject - make ATC (device-TLB) invalidations for one PCI device
 * report a timeout, and record how the kernel reacts.
 */
#ifndef ATC_INJECT_H
#define ATC_INJECT_H

#include <linux/atomic.h>
#include <linux/kprobes.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "fault.h"

enum atc_site {
	ATC_SITE_AUTO,
	ATC_SITE_VTD,
	ATC_SITE_AMD,
	ATC_SITE_SMMUV3,
	ATC_SITE_CORE,
	ATC_SITE_NONE,
	ATC_NR_SITES = ATC_SITE_NONE,
};

enum atc_mode {
	ATC_MODE_ERROR,
	ATC_MODE_DELAY,
};

enum atc_disarm_reason {
	ATC_DISARM_NONE,
	ATC_DISARM_USER,
	ATC_DISARM_DEADMAN,
	ATC_DISARM_UNLOAD,
};

/* Knobs; written under atc_lock, read locklessly by the handlers. */
struct atc_cfg {
	enum atc_site site;
	enum atc_mode mode;
	u32 delay_us;
	u32 probability;
	u32 interval;
	int times;
	u64 space;
	u64 seed;
	u32 verbose;
	u32 max_armed_ms;
};

enum atc_counter {
	ATC_C_MATCHED,
	ATC_C_INJECTED,
	ATC_C_OTHER_DEVTLB,
	ATC_C_ATS_ENABLE,
	ATC_C_ATS_DISABLE,
	ATC_C_IOMMU_RESET_PREPARE,
	ATC_C_IOMMU_RESET_DONE,
	ATC_C_PCI_RESET,
	ATC_C_AER_RECOVERY,
	ATC_C_CB_ERROR_DETECTED,
	ATC_C_CB_MMIO_ENABLED,
	ATC_C_CB_SLOT_RESET,
	ATC_C_CB_RESUME,
	ATC_C_CB_RESET_PREPARE,
	ATC_C_CB_RESET_DONE,
	ATC_NR_COUNTERS,
};

enum atc_event_type {
	ATC_EV_ARM,
	ATC_EV_DISARM,
	ATC_EV_DEVTLB,
	ATC_EV_OTHER_DEVTLB,
	ATC_EV_ATS_ENABLE,
	ATC_EV_ATS_DISABLE,
	ATC_EV_IOMMU_RESET_PREPARE,
	ATC_EV_IOMMU_RESET_DONE,
	ATC_EV_PCI_RESET,
	ATC_EV_AER_RECOVERY,
	ATC_EV_CB_ENTER,
	ATC_EV_CB_RETURN,
};

/* Driver pci_error_handlers callbacks we watch, in struct order. */
enum atc_callback {
	ATC_CB_ERROR_DETECTED,
	ATC_CB_MMIO_ENABLED,
	ATC_CB_SLOT_RESET,
	ATC_CB_RESUME,
	ATC_CB_RESET_PREPARE,
	ATC_CB_RESET_DONE,
	ATC_NR_CALLBACKS,
};

#define ATC_MAX_IDS	8

/* The configured target (atc_lock); handlers never read it. */
struct atc_target {
	struct pci_dev *pdev;		/* reference held while set */
	char bdf[16];
};

/*
 * What the handlers see of one arming: made at arm, never changed after,
 * published through atc_cur while armed. Disarming unpublishes it and
 * waits (synchronize_rcu(), handlers run with preemption disabled) for
 * every handler that may have read it; a submission whose return is
 * hooked holds a reference of its own, so a return that does not come
 * back in time still finds the device and the IDs.
 */
struct atc_arm {
	refcount_t ref;
	struct pci_dev *pdev;		/* reference held */
	char bdf[16];
	enum atc_site site;
	u32 ids[ATC_MAX_IDS];		/* requester/stream IDs that mean "target" */
	int nr_ids;
	struct work_struct release;	/* the last put may be in atomic context */
};

struct atc_stats {
	atomic64_t count[ATC_NR_COUNTERS];
	atomic64_t events_dropped;
	u64 missed_base;	/* the sites' nmissed at the last clear */
	u64 armed_ns;
	u64 disarmed_ns;
	u64 first_inject_ns;
	u64 last_inject_ns;
	enum atc_disarm_reason disarm_reason;
};

extern struct atc_cfg atc_cfg;
extern struct atc_target atc_target;
extern struct atc_stats atc_stats;
extern struct mutex atc_lock;
extern enum atc_site atc_active_site;	/* valid while armed */
extern bool atc_armed;			/* atc_lock; handlers use atc_cur */
extern struct atc_arm __rcu *atc_cur;	/* non-NULL while armed */
extern unsigned int atc_maxactive;	/* each site kretprobe's */
extern bool atc_site_available[ATC_NR_SITES];
extern const char * const atc_site_names[];
extern const char * const atc_mode_names[];
extern const char * const atc_disarm_names[];
extern const char * const atc_callback_names[];
extern const char * const atc_reset_fn_names[];

/* main.c */
int atc_set_target(const char *bdf);
int atc_arm(void);
void atc_disarm(enum atc_disarm_reason reason);
enum atc_site atc_resolve_site(void);
int atc_parse_enum(const char *buf, const char * const *names, int n);
u64 atc_sites_missed(void);
void atc_arm_put(struct atc_arm *arm);

/* In a handler (preemption disabled): the arming, or NULL when disarmed. */
static inline struct atc_arm *atc_cur_arm(void)
{
	return rcu_dereference_sched(atc_cur);
}

bool atc_arm_has_id(const struct atc_arm *arm, u32 id);

/* policy.c */
void atc_policy_reset(void);
bool atc_should_inject(const struct atc_arm *arm, u64 *seq);
/* The sequence number of the last matching invalidation (0: none yet). */
u64 atc_policy_seq(void);
void atc_inject_delay(void);

/* record.c */
void atc_record(enum atc_event_type type, u32 idx, u32 sid, u64 a, s64 b);
void atc_count(enum atc_counter c);
void atc_note_other_devtlb(u32 sid);
void atc_note_devtlb(u64 seq, u32 sid, bool injected, long ret);
void atc_clear_records(void);
char *atc_format_events(size_t *len);

/* A site: one kretprobe on one IOMMU driver's command submission. */
struct atc_site_ops {
	int (*init)(void);	/* 0 when the site can be used */
	void (*exit)(void);
	/*
	 * Registered disabled by init, enabled only while armed on this
	 * site: a loaded, disarmed module costs the hot path nothing.
	 */
	struct kretprobe *krp;
};

extern const struct atc_site_ops atc_site_vtd, atc_site_amd;
extern const struct atc_site_ops atc_site_smmuv3, atc_site_core;

/*
 * Per-call bookkeeping shared by the sites: which commands of one
 * submission matched the target and whether the submission fails.
 */
#define ATC_CALL_MAX	16

struct atc_call {
	struct atc_arm *arm;	/* referenced from hook to finish */
	u64 seq[ATC_CALL_MAX];
	u32 sid[ATC_CALL_MAX];
	u32 injected;		/* bit i: command i was chosen */
	u32 extra_injected;	/* chosen past ATC_CALL_MAX, not listed */
	int nr;
};

bool atc_call_begin(struct atc_call *call, enum atc_site site);
bool atc_call_match(struct atc_call *call, u32 sid);
int atc_call_hook(struct atc_call *call, bool matched);
bool atc_sites_drain(unsigned int timeout_ms);
void atc_call_finish(struct atc_call *call, struct pt_regs *regs);

/* observe.c */
int atc_observe_init(void);
void atc_observe_exit(void);
int atc_observe_arm(struct pci_dev *pdev);
void atc_observe_disarm(void);
int atc_observe_nr_callbacks(void);

/* control.c */
int atc_control_init(void);
void atc_control_exit(void);

#endif /* ATC_INJECT_H */
