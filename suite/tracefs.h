/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A kprobe event through tracefs: the kernel's own tracer as a second
 * witness beside atc_inject's observers.
 */
#ifndef ATC_TRACEFS_H
#define ATC_TRACEFS_H

#include <limits.h>
#include <stdbool.h>

struct tracefs_probe {
	char dir[PATH_MAX];	/* the tracing directory */
	char event[64];		/* atctests/<event> */
	bool added;
};

/* Add and enable "p:atctests/<event> <symbol>"; 0 or -errno. */
int tracefs_probe_add(struct tracefs_probe *p, const char *tracing_dir,
		      const char *event, const char *symbol);
/* Hits recorded in the trace buffer since it was added; -errno on error. */
long tracefs_probe_hits(struct tracefs_probe *p);
/* Disable and remove it (safe to call when adding failed). */
void tracefs_probe_remove(struct tracefs_probe *p);

#endif
