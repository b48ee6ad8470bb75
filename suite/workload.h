/* SPDX-License-Identifier: GPL-2.0 */
/* Workload processes (fio, stress-ng): spawn, time limit, collect. */
#ifndef ATC_WORKLOAD_H
#define ATC_WORKLOAD_H

#include <stdbool.h>
#include <sys/types.h>

struct workload {
	pid_t pid;		/* leader of its own process group */
	char name[64];
	int status;		/* wait status once reaped */
	bool reaped;
	bool timed_out;
};

/*
 * Start argv[0] with stdout and stderr appended to log_path (or /dev/null),
 * in its own process group so the whole tree can be stopped. It gets
 * SIGTERM should the starting process die first.
 */
int workload_start(struct workload *w, const char *name,
		   char *const argv[], const char *log_path);
/* Wait up to timeout_ms (-1: forever); on expiry SIGTERM, then SIGKILL. */
int workload_wait(struct workload *w, int timeout_ms);
/* Stop now: SIGTERM to the group, SIGKILL after grace_ms. */
void workload_stop(struct workload *w, int grace_ms);
/* Exit code, or 128 + signal; -1 before it was reaped. */
int workload_exit_code(const struct workload *w);
/* "exited 0", "killed by signal 11 (Segmentation fault)", "still running" */
void workload_describe_end(const struct workload *w, char *out,
			   unsigned long len);
/*
 * SIGKILL to every workload group started and not yet reaped by this
 * process: for a test process whose runner died. Async-signal-safe.
 */
void workload_kill_all(void);

#endif
