// SPDX-License-Identifier: GPL-2.0
/*
 * The block layer's counters for a disk: they move when the device
 * completes requests, whoever issued them, so a test can tell when a load
 * has really started doing I/O rather than when its process was started.
 */
#include "diskstat.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

int diskstat_read(const char *sysfs, const char *disk, struct diskstat *st)
{
	const char *name = strrchr(disk, '/') ? strrchr(disk, '/') + 1 : disk;
	char path[PATH_MAX];
	uint64_t f[5];
	FILE *fp;
	int n;

	if (!*name)
		return -EINVAL;
	snprintf(path, sizeof(path), "%s/class/block/%s/stat", sysfs, name);
	fp = fopen(path, "re");
	if (!fp)
		return -errno;
	/* reads, read merges, read sectors, read ticks, then writes */
	n = fscanf(fp, "%" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64,
		   &f[0], &f[1], &f[2], &f[3], &f[4]);
	fclose(fp);
	if (n != 5)
		return -EINVAL;
	st->reads = f[0];
	st->writes = f[4];
	return 0;
}
