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
#include <linux/types.h>

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

struct atc_target {
	struct pci_dev *pdev;		/* reference held while set */
	char bdf[16];
	u32 ids[ATC_MAX_IDS];		/* requester/stream IDs that mean "target" */
	int nr_ids;
};

struct atc_stats {
	atomic64_t count[ATC_NR_COUNTERS];
	atomic64_t events_dropped;
	atomic64_t probes_missed;
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
extern bool atc_armed;			/* READ_ONCE() in handlers */
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
void atc_disarm_user(void);
enum atc_site atc_resolve_site(void);
int atc_parse_enum(const char *buf, const char * const *names, int n);

static inline bool atc_site_armed(enum atc_site site)
{
	return READ_ONCE(atc_armed) && READ_ONCE(atc_active_site) == site;
}

bool atc_target_has_id(u32 id);

/* policy.c */
void atc_policy_reset(void);
bool atc_should_inject(u64 *seq);
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
	u64 seq[ATC_CALL_MAX];
	u32 sid[ATC_CALL_MAX];
	u32 injected;		/* bit i: command i was chosen */
	int nr;
};

bool atc_call_match(struct atc_call *call, u32 sid);
int atc_call_hook(bool matched);
void atc_sites_drain(void);
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
