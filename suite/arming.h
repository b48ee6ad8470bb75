/* SPDX-License-Identifier: GPL-2.0 */
/* Arming atc_inject for a test: load, configure, arm, read back, unload. */
#ifndef ATC_ARMING_H
#define ATC_ARMING_H

#include <stdbool.h>
#include <stdint.h>

#include "injector.h"
#include "verdict.h"

struct atc_ctx;
struct json_object;

struct arm_params {
	const char *target;		/* BDF */
	const char *site;		/* auto, vtd, amd, smmuv3, core */
	const char *mode;		/* error or delay */
	unsigned int delay_us;
	unsigned int probability;	/* percent */
	unsigned int interval;
	int times;			/* -1: no limit */
	unsigned int space;
	uint64_t seed;
	unsigned int max_armed_ms;	/* dead-man */
};

/*
 * The ID the IOMMU knows bdf by, as the injector records it: the
 * requester ID, or the StreamID the firmware maps it to (streamid.h),
 * with how it was found as evidence. Where the firmware maps it to no
 * IOMMU, the requester ID, and evidence saying so.
 */
uint32_t arm_device_id(struct atc_ctx *ctx, const char *bdf);

/* One timeout on the test's device, error mode, seeded from the run. */
void arm_defaults(struct atc_ctx *ctx, struct arm_params *p);
/* Load the module; on failure atc_error() says why and -errno returns. */
int arm_load(struct atc_ctx *ctx, struct injector *inj);
/* Write every knob, then arm. A rejected knob is an error of the test. */
int arm_start(struct atc_ctx *ctx, struct injector *inj,
	      const struct arm_params *p);
int arm_stop(struct atc_ctx *ctx, struct injector *inj);
/*
 * Load and arm on the test's device with probability 0: the observers
 * record the kernel's own flows, nothing is injected. On failure the
 * module is gone again and atc_error() said why.
 */
int arm_observe(struct atc_ctx *ctx, struct injector *inj);
/* Poll stats until injected >= n or timeout_ms; returns injected count. */
uint64_t arm_wait_injected(struct injector *inj, uint64_t n,
			   unsigned int timeout_ms);
/* When the first injection was seen (CLOCK_MONOTONIC ns), 0: none yet. */
uint64_t arm_first_inject_ns(struct injector *inj);
/*
 * Stats (object) and events (array), also saved in the log directory.
 * With --injector hw, "injected" and "first_inject_ns" are the IOMMU's.
 */
struct json_object *arm_stats(struct atc_ctx *ctx, struct injector *inj);
struct json_object *arm_events(struct atc_ctx *ctx, struct injector *inj);
/* Disarm and remove; false (with a note) when removal failed. */
bool arm_unload(struct atc_ctx *ctx, struct injector *inj);
uint64_t stat_u64(struct json_object *stats, const char *key);
/*
 * With --injector hw and the IOMMU's device ATC model on: its counts since
 * the arm, asked of the host now (arm_atc_now) or as arm_stats() recorded
 * them (stats_atc_counts). False without the model.
 */
bool arm_atc_now(struct atc_model_counts *c);
bool stats_atc_counts(struct json_object *stats, struct atc_model_counts *c);

#endif
