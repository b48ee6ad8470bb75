/* SPDX-License-Identifier: GPL-2.0 */
/* Refuse devices the system depends on: mounted, swap, LVM/MD, root. */
#ifndef ATC_SAFETY_H
#define ATC_SAFETY_H

#include <stddef.h>

/*
 * 0: nothing on the machine depends on the device's disks.
 * 1: in use; why names the disk and the use ("vda1 is mounted on /").
 * <0: -errno, the walk itself failed.
 */
int safety_device_in_use(const char *sysfs, const char *proc, const char *bdf,
			 char *why, size_t len);

#endif
