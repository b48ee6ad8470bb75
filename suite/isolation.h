/* SPDX-License-Identifier: GPL-2.0 */
/* C7's judgement of the neighbour's load, shared by the test and its control. */
#ifndef ATC_ISOLATION_H
#define ATC_ISOLATION_H

#include <stdbool.h>
#include <stddef.h>

struct scenario;

struct isolation {
	bool no_stall;		/* ran to its end, no I/O slower than the bound */
	bool no_errors;		/* no failed job, no bad block */
	char stall_why[256];
	char errors_why[256];
};

/* Judge the neighbour's verified load; stall_ms bounds one completion. */
void isolation_judge(const struct scenario *sc, unsigned int stall_ms,
		     struct isolation *iso);

#endif
