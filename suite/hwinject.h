/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hardware-level injector (--injector hw): the IOMMU itself raises an
 * Invalidation Time-out Error when the device stops answering device-TLB
 * invalidations (QEMU patched by injectors/qemu). The guest cannot set
 * that up alone: it asks the VM platform's host agent (ci/vm/hw-agent),
 * one line per request on a virtio-serial port.
 */
#ifndef ATC_HWINJECT_H
#define ATC_HWINJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "atc_model.h"

#define HW_CONTROL_PORT "org.atctests.control"
/* How long a request may take: the agent talks QMP for each. */
#define HW_REPLY_MS 10000

struct hw_injector {
	int fd;			/* the control port, -1: closed */
	unsigned int next_id;	/* requests and replies are matched by id */
};

struct hw_stats {
	uint64_t ite_count;	/* ITEs the IOMMU raised since it started */
	int64_t last_sid;	/* ITESID of the last one, -1: none yet */
	int64_t unresponsive_sid;	/* -1: every device answers */
	/* the IOMMU's device ATC model (QEMU's ats-device-atc), when on */
	bool atc_model;
	struct atc_model_counts atc;	/* since the IOMMU started */
};

/* The /dev node of the control port (sysfs root for tests), or -ENOENT. */
int hw_find_port(const char *sysfs, char *path, size_t len);
/* Open the control port; err gets one line naming the fix. */
int hw_open(struct hw_injector *hw, const char *sysfs, char *err,
	    size_t errlen);
void hw_close(struct hw_injector *hw);
/*
 * A reply line "ID ok key=value..." or "ID error why": 1 when it is not
 * the reply to id (a late one), 0 with st filled, -EIO with err on error.
 */
int hw_parse_reply(const char *line, unsigned int id, struct hw_stats *st,
		   char *err, size_t errlen);
/*
 * Device sid stops answering: an ITE timeout_ms after each device-TLB
 * invalidation, at most limit of them (0: no limit), for hold_ms at most
 * (the host ends the fault itself). st: the state right after.
 */
int hw_arm(struct hw_injector *hw, uint32_t sid, unsigned int timeout_ms,
	   unsigned int limit, unsigned int hold_ms, struct hw_stats *st,
	   char *err, size_t errlen);
int hw_disarm(struct hw_injector *hw, struct hw_stats *st, char *err,
	      size_t errlen);
int hw_stats(struct hw_injector *hw, struct hw_stats *st, char *err,
	     size_t errlen);

#endif
