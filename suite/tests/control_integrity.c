// SPDX-License-Identifier: GPL-2.0
/*
 * Negative control of C6: blocks corrupted behind fio's back, through the
 * raw device, must make the canary check fail and name exactly those
 * blocks. Proves the integrity check can fail on a real device and
 * kernel; the catalogue's passing C6 runs show it can pass.
 */
#include "atc.h"
#include "load.h"
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CANARY_SIZE (4 << 20)
#define BLOCK (64 << 10)	/* the canary job's block size */

static const unsigned int corrupt_blocks[] = { 3, 10, 41 };

static int corrupt(const char *disk, off_t offset)
{
	void *buf;
	int fd, ret = 0;

	if (posix_memalign(&buf, 4096, 4096))
		return -ENOMEM;
	memset(buf, 0x5a, 4096);
	fd = open(disk, O_WRONLY | O_DIRECT | O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return -errno;
	}
	if (pwrite(fd, buf, 4096, offset) != 4096)
		ret = -errno;
	close(fd);
	free(buf);
	return ret;
}

static bool offset_reported(struct json_object *offsets, int64_t want)
{
	size_t n = offsets ? json_object_array_length(offsets) : 0;

	for (size_t i = 0; i < n; i++)
		if (json_object_get_int64(json_object_array_get_idx(offsets, i)) == want)
			return true;
	return false;
}

static int control_integrity(struct atc_ctx *ctx)
{
	struct fio_params p = { .canary_size = CANARY_SIZE, .canary = true };
	struct json_object *fio, *offsets = NULL;
	struct fio_run write, check;
	unsigned int found = 0;
	char disk[64];

	if (load_device_disk(ctx->opts->sysfs, ctx->device, disk, sizeof(disk))) {
		atc_error(ctx, "%s has no disk", ctx->device);
		return 0;
	}
	p.disk = disk;
	if (load_fio(ctx, &write, "fio-canary-write", "canary-write.fio", &p, 120) ||
	    !fio_clean(&write)) {
		atc_error(ctx, "writing the canary on %s failed", disk);
		return 0;
	}
	for (size_t i = 0; i < sizeof(corrupt_blocks) / sizeof(corrupt_blocks[0]); i++) {
		/* 4 KiB into the block: its header stays, its data (crc32c) goes */
		int ret = corrupt(disk, (off_t)corrupt_blocks[i] * BLOCK + 4096);

		if (ret) {
			atc_error(ctx, "cannot write %s: %s", disk, strerror(-ret));
			return 0;
		}
	}
	load_fio(ctx, &check, "fio-canary-check", "canary-check.fio", &p, 120);
	fio = load_fio_json(&check);
	json_object_object_get_ex(fio, "bad_block_offsets", &offsets);
	for (size_t i = 0; i < sizeof(corrupt_blocks) / sizeof(corrupt_blocks[0]); i++)
		found += offset_reported(offsets, (int64_t)corrupt_blocks[i] * BLOCK);
	atc_evidence(ctx, "fio_canary_check", fio);
	atc_evidence_str(ctx, "corrupted_blocks_at", "%u, %u, %u x 64 KiB",
			 corrupt_blocks[0], corrupt_blocks[1], corrupt_blocks[2]);
	atc_evidence_str(ctx, "catches", "C6-canary");
	atc_check(ctx, "X-C6-detects-corruption",
		  !fio_clean(&check) && found == 3 && check.dumps == 3,
		  "fio verify reported %u bad blocks, %u of the 3 corrupted ones by offset",
		  check.dumps, found);
	return 0;
}
ATC_TEST(control_integrity, "control-integrity",
	 "negative control: corruption behind fio's back fails C6 with the offsets",
	 .group = "control", .needs = NEED_ROOT | NEED_DEVICE | NEED_FIO,
	 .timeout_s = 300);
