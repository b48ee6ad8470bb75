/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel log: follow /dev/kmsg and classify lines that matter here. */
#ifndef ATC_KMSG_H
#define ATC_KMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kmsg_class {
	KMSG_OTHER,
	KMSG_SOFT_LOCKUP,
	KMSG_HARD_LOCKUP,
	KMSG_RCU_STALL,
	KMSG_HUNG_TASK,
	KMSG_OOPS,		/* Oops, BUG, panic, general protection fault */
	KMSG_WARNING,		/* WARN_ON splat */
	KMSG_ATC_TIMEOUT,	/* IOMMU reports an invalidation timeout */
	KMSG_IOMMU_FAULT,	/* other IOMMU fault lines */
	KMSG_AER,
	KMSG_CLASS_COUNT,
};

struct kmsg_record {
	uint64_t seq;
	uint64_t ts_usec;	/* CLOCK_MONOTONIC, microseconds */
	unsigned int level;
	char text[1024];
};

enum kmsg_class kmsg_classify(const char *text);
const char *kmsg_class_name(enum kmsg_class class);
/* A class that means the kernel is in distress (lockup, stall, oops...). */
bool kmsg_class_is_distress(enum kmsg_class class);
/*
 * Is the line one of atctests' own modules' ("atc_inject: ...",
 * "atc_responder: ...")? Such lines are never the kernel's evidence.
 */
bool kmsg_from_atctests(const char *text);
/* Does the line name this device ("0000:01:00.0", "01:00.0", "SID 100")? */
bool kmsg_mentions_device(const char *text, const char *bdf);
/* Parse one /dev/kmsg record ("pri,seq,ts,flags;text"). */
int kmsg_parse(const char *raw, size_t len, struct kmsg_record *rec);

struct kmsg_follower {
	int fd;
};

/* Open positioned at the end: only lines logged from now on are read. */
int kmsg_open(struct kmsg_follower *f, const char *path);
/* Next record, 1 when one was read, 0 when none is pending, <0 on error. */
int kmsg_next(struct kmsg_follower *f, struct kmsg_record *rec);
void kmsg_close(struct kmsg_follower *f);

#endif
