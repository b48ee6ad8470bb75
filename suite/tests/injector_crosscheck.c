// SPDX-License-Identifier: GPL-2.0
/*
 * The injector's count against the emulator's: armed on the device, a DMA
 * load between two single reads of the otherwise idle neighbour. Those
 * reads bracket the load in QEMU's own trace of the descriptors it
 * processed (-trace vtd_inv_desc), so the host can count the device's
 * device-TLB invalidations in between and compare them with "matched"
 * here (ci/check-crosscheck). In the guest this test checks the load ran
 * and timeouts were injected; the comparison is the host's.
 */
#include "atc.h"
#include "arming.h"
#include "load.h"
#include "pci.h"
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One 4 KiB O_DIRECT read: a handful of device-TLB invalidations. */
static int marker_read(const char *disk)
{
	void *buf;
	int fd, ret = 0;

	if (posix_memalign(&buf, 4096, 4096))
		return -ENOMEM;
	fd = open(disk, O_RDONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0 || pread(fd, buf, 4096, 0) != 4096)
		ret = -errno;
	if (fd >= 0)
		close(fd);
	free(buf);
	return ret;
}

static int injector_crosscheck(struct atc_ctx *ctx)
{
	struct fio_params p = { .offset = 8 << 20, .size = 96 << 20,
				.runtime_s = 3 };
	struct json_object *stats;
	struct arm_params ap;
	struct injector inj;
	struct fio_run load;
	char disk[64], neighbour_disk[64];

	if (load_device_disk(ctx->opts->sysfs, ctx->device, disk, sizeof(disk)) ||
	    load_device_disk(ctx->opts->sysfs, ctx->neighbour, neighbour_disk,
			     sizeof(neighbour_disk))) {
		atc_error(ctx, "%s and %s need a disk each", ctx->device,
			  ctx->neighbour);
		return 0;
	}
	p.disk = disk;
	if (arm_load(ctx, &inj))
		return 0;
	arm_defaults(ctx, &ap);
	ap.probability = 50;
	ap.times = -1;
	if (arm_start(ctx, &inj, &ap)) {
		arm_unload(ctx, &inj);
		return 0;
	}
	if (marker_read(neighbour_disk)) {
		atc_error(ctx, "cannot read %s for the start marker", neighbour_disk);
		arm_unload(ctx, &inj);
		return 0;
	}
	load_fio(ctx, &load, "fio-read-load", "dma-read-load.fio", &p, 60);
	marker_read(neighbour_disk);
	arm_stop(ctx, &inj);
	stats = arm_stats(ctx, &inj);
	arm_unload(ctx, &inj);
	/* read by ci/check-crosscheck from results.json */
	atc_evidence_str(ctx, "device_sid", "0x%04x",
			 arm_device_id(ctx, ctx->device));
	atc_evidence_str(ctx, "neighbour_sid", "0x%04x",
			 arm_device_id(ctx, ctx->neighbour));
	atc_evidence_u64(ctx, "matched", stat_u64(stats, "matched"));
	atc_evidence_u64(ctx, "injected", stat_u64(stats, "injected"));
	atc_evidence(ctx, "fio_read_load", load_fio_json(&load));
	atc_check(ctx, "I-crosscheck-load",
		  fio_clean(&load) && stat_u64(stats, "matched") &&
		  stat_u64(stats, "injected"),
		  "%llu device-TLB invalidations of %s seen between the markers, %llu injected",
		  (unsigned long long)stat_u64(stats, "matched"), ctx->device,
		  (unsigned long long)stat_u64(stats, "injected"));
	json_object_put(stats);
	return 0;
}
ATC_TEST(injector_crosscheck, "injector-crosscheck",
	 "atc_inject's count of the device's invalidations, for comparison with QEMU's trace",
	 .group = "injector",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_NEIGHBOUR | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE | NEED_FIO,
	 .timeout_s = 120);
