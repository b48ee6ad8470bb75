/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Judges: the verdict of a check as a plain function over recorded
 * evidence (the injector's events, its counters), so that each can be
 * unit-tested on fixtures taken from real runs. A judge never passes
 * for want of evidence: what it cannot decide it calls inconclusive,
 * which fails with the reason.
 */
#ifndef ATC_VERDICT_H
#define ATC_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "atc_model.h"

struct json_object;

enum judgement {
	JUDGED_PASS,
	JUDGED_FAIL,
	JUDGED_INCONCLUSIVE,	/* a failure: the evidence cannot tell */
};

struct blind_reset_verdict {
	enum judgement j;
	unsigned int resets;		/* function resets after since_ns */
	unsigned int blind;		/* of which outside any driver flow */
	unsigned int flows;		/* driver flows begun */
	unsigned int flows_complete;	/* of which ended (resume, reset_done) */
	unsigned int crowded;		/* flows with more than one reset */
	char why[256];
};

/*
 * C4-no-blind-reset over the injector's events: every function reset
 * after since_ns happens inside its own driver flow (error_detected or
 * reset_prepare entered before it, resume or reset_done after it), one
 * reset a flow. With no reset at all, only a complete driver flow passes:
 * nothing happening is not evidence of no blind reset.
 */
void judge_no_blind_reset(struct json_object *events, uint64_t since_ns,
			  struct blind_reset_verdict *v);

struct invalidation_verdict {
	enum judgement j;
	uint64_t in_window;		/* device-TLB invalidations seen in it */
	bool exact;			/* in_window counts all, not just those recorded */
	int64_t seq_before, seq_after;	/* bracketing sequence numbers, -1: none */
	char why[256];
};

/*
 * C2-no-invalidations: no device-TLB invalidation of the device from
 * from_ns up to to_ns (0: the end of the record; then matched, the
 * injector's count of all the device's invalidations, closes the window).
 * from_seq and to_seq, when the kernel's record has them (-1: not), are
 * the counts of the device's invalidations issued before the fence and
 * before its end: their difference is exact. Otherwise the event ring,
 * which keeps only the newest invalidations, is all there is: an empty
 * window passes only when sequence numbers on both sides of it leave no
 * invalidation unaccounted for.
 */
void judge_no_invalidations(struct json_object *events, uint64_t from_ns,
			    uint64_t to_ns, int64_t from_seq, int64_t to_seq,
			    uint64_t matched, struct invalidation_verdict *v);

struct fence_verdict {
	enum judgement j;
	/* from the kernel's record: the fence in place (the device's ATS
	 * turned off and/or the device parked for a reset on the blocking
	 * domain, the later of the two) and undone again; in ns after
	 * since_ns, -1: never
	 */
	int64_t kernel_fence_ns, kernel_restore_ns;
	/* the device's invalidations issued before each of those, -1: unknown */
	int64_t fence_seq, restore_seq;
	int64_t config_fence_ns;	/* ATS Enable seen clear, -1: never */
	int64_t fence_ns;		/* the earlier witness, -1: none */
	char why[256];
};

/*
 * C2-fenced: the device's translated requests are blocked within
 * deadline_ns of since_ns (the first timeout). Witnesses: the kernel's own
 * record (pci_disable_ats, pci_dev_reset_iommu_prepare and their undoing,
 * timestamped by the injector's probes), then config space as polled by
 * user space (config_fence_ns after since_ns, -1: not seen), which misses
 * a quick disable and re-enable and any fence made at the IOMMU alone.
 */
void judge_fenced(struct json_object *events, uint64_t since_ns,
		  uint64_t deadline_ns, int64_t config_fence_ns,
		  struct fence_verdict *v);

/*
 * C0-ite-on-target: the IOMMU raised Invalidation Time-out Errors (ites,
 * its own count) and the last one names the target's source-id (last_sid,
 * -1: none). why gets the sentence.
 */
enum judgement judge_ite_on_target(uint64_t ites, int64_t last_sid,
				   uint32_t target, char *why, size_t len);

/*
 * C6-no-stale-dma: none of the device's DMA went through an ATC entry
 * whose invalidation it left unprocessed. A device that took nothing from
 * its ATC gave the model nothing to see: inconclusive.
 */
enum judgement judge_no_stale_dma(const struct atc_model_counts *end,
				  char *why, size_t len);

/*
 * C2-translated-blocked: from the fence deadline on (or from the fence, if
 * the device was fenced sooner), the IOMMU accepted no translated request
 * through a stale entry. at: the counts then (NULL: not taken), end: at
 * the end of the test.
 */
enum judgement judge_translated_blocked(const struct atc_model_counts *at,
					const struct atc_model_counts *end,
					char *why, size_t len);

const char *judgement_name(enum judgement j);

#endif
