/* SPDX-License-Identifier: GPL-2.0 */
/* Observers the checks rest on: ATS Enable over time, a heartbeat. */
#ifndef ATC_OBSERVE_H
#define ATC_OBSERVE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Poll the ATS Enable bit until it equals want or timeout_ms passes.
 * Returns 1 when reached (at_ns: when), 0 on timeout, <0 on a read error.
 */
int ats_wait_enable(const char *sysfs, const char *bdf, uint16_t cap,
		    bool want, unsigned int timeout_ms, uint64_t *at_ns,
		    unsigned int *samples);

/* A thread that wakes every 10 ms; a long gap means the CPU was stolen. */
struct heartbeat {
	pthread_t thread;
	volatile bool stop;
	uint64_t beats;
	uint64_t max_gap_ns;
	uint64_t max_gap_at_ns;
	bool running;
};

int heartbeat_start(struct heartbeat *hb);
void heartbeat_stop(struct heartbeat *hb);

#endif
