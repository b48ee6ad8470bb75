/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which CPU takes an interrupt, from /proc/interrupts and
 * /proc/irq/N/effective_affinity_list under a procfs root (a fixture in
 * the unit tests).
 */
#ifndef ATC_IRQ_H
#define ATC_IRQ_H

/*
 * The interrupt whose /proc/interrupts line ends in the action NAME, and
 * the first CPU of its effective affinity. 0, -ENOENT (no such interrupt
 * or affinity) or -errno.
 */
int irq_cpu_of(const char *proc_root, const char *name, unsigned int *irq,
	       unsigned int *cpu);

#endif
