/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Endurance: injected timeouts in rounds, in one guest, under DMA load,
 * with the kernel's unreclaimable memory, the runner's open files and the
 * module's references sampled after every round.
 */
#ifndef ATC_SOAK_H
#define ATC_SOAK_H

#include <stdbool.h>
#include <stdint.h>

#include "load.h"

struct atc_ctx;
struct json_object;

#define SOAK_INJECTIONS 1000
#define SOAK_PER_ROUND 50
#define SOAK_ROUNDS (SOAK_INJECTIONS / SOAK_PER_ROUND)
/* Medians of this many rounds, first and last, are compared. */
#define SOAK_SAMPLES 3
/*
 * Kernel memory moves by some tens of KiB with the load alone (1000
 * injections on 6.1: +72 KiB); a leak of 512 bytes per injection would
 * add 500 KiB.
 */
#define SOAK_GROWTH_LIMIT_KB 512

struct soak {
	int rounds;			/* rounds sampled */
	uint64_t injected;
	int answered;			/* rounds after which ATS was as before */
	uint16_t ats_control;		/* before the first round */
	long long kernel_kb[SOAK_ROUNDS];
	int fds[SOAK_ROUNDS];
	long refcnt;			/* after the last disarm */
	bool unloaded;
	struct fio_run load;
	struct json_object *per_round;	/* one line per round */
};

/* Called after each round's samples (a control adds its own growth). */
typedef void (*soak_round_fn)(int round, void *arg);

/* 0: the rounds ran (judge them); otherwise atc_error() said why. */
int soak_run(struct atc_ctx *ctx, struct soak *s, soak_round_fn after_round,
	     void *arg);
/* Kernel memory growth judgement; why says what was measured. */
bool soak_memory_steady(const struct soak *s, char *why, unsigned long len);
bool soak_fds_steady(const struct soak *s, char *why, unsigned long len);
void soak_release(struct soak *s);

#endif
