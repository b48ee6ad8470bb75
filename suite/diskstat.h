/* SPDX-License-Identifier: GPL-2.0 */
/* A disk's own I/O counters (Documentation/block/stat.rst). */
#ifndef ATC_DISKSTAT_H
#define ATC_DISKSTAT_H

#include <stdint.h>

struct diskstat {
	uint64_t reads;		/* read requests completed */
	uint64_t writes;	/* write requests completed */
};

/*
 * The counters of a disk ("/dev/vda" or "vda") from
 * SYSFS/class/block/NAME/stat. 0 or -errno: -ENOENT for a disk that is not
 * there (or has gone), -EINVAL for a file that is not a stat line.
 */
int diskstat_read(const char *sysfs, const char *disk, struct diskstat *st);

#endif
