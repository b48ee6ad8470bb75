// SPDX-License-Identifier: GPL-2.0
#include "isolation.h"
#include "scenario.h"
#include "workload.h"

#include <stdio.h>

void isolation_judge(const struct scenario *sc, unsigned int stall_ms,
		     struct isolation *iso)
{
	const struct fio_run *w = &sc->neighbour_write;
	const struct fio_run *c = &sc->neighbour_check;
	unsigned long long slowest_ms = w->sum.lat_max_ns / 1000000;
	/*
	 * Writes that failed at once (a neighbour gone) are no stall:
	 * C7-neighbour-no-errors judges them. Nothing written and nothing
	 * failed is one.
	 */
	int w_code = workload_exit_code(&w->proc);
	int c_code = workload_exit_code(&c->proc);
	bool refused = w_code > 0 && w_code < 128;	/* fio's own error */
	bool ended = w->proc.reaped && !w->proc.timed_out &&
		     (w->sum.write_bytes || w->sum.jobs_failed || refused);

	iso->no_stall = ended && slowest_ms < stall_ms;
	snprintf(iso->stall_why, sizeof(iso->stall_why),
		 "the neighbour's load %s, %llu bytes written, slowest I/O %llu ms (bound %u ms)",
		 w->proc.timed_out ? "stalled past its limit" :
		 w->sum.jobs_failed || refused ? "ended with errors" :
						 "ran to its end",
		 (unsigned long long)w->sum.write_bytes, slowest_ms, stall_ms);
	iso->no_errors = fio_clean(w) && fio_clean(c);
	snprintf(iso->errors_why, sizeof(iso->errors_why),
		 "the neighbour saw %u failed write jobs, %u failed verify jobs, %u bad blocks; fio exited %d and %d",
		 w->sum.jobs_failed, c->sum.jobs_failed, c->dumps, w_code, c_code);
}
