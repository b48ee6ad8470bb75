// SPDX-License-Identifier: GPL-2.0
/*
 * Negative control of C6-acknowledged-writes: writes acknowledged but never
 * stored. The device's disk is mapped through device-mapper; a previous
 * test's data is written through the healthy mapping, then the table is
 * switched to dm-flakey's drop_writes (completed as written, not written)
 * for this test's own writes over part of that region, and the catalogue's
 * judge must fail naming exactly the dropped blocks. The stale blocks left
 * there are intact fio blocks with the right offsets: only the per-test
 * data identity tells them apart.
 */
#include "atc.h"
#include "load.h"
#include "scenario.h"

#include <errno.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MB (1ull << 20)
#define PREVIOUS_SIZE (8 * MB)	/* the previous test's writes */
#define DROP_AT (2 * MB)	/* this test's, dropped, inside them */
#define DROP_SIZE (1 * MB)
/* fio checks a header per smallest block of the job (bssplit's 4k) */
#define CHUNK 4096ull
#define DROPPED (DROP_SIZE / CHUNK)

struct dm {
	char name[32];
	char node[64];
	char disk[64];
	unsigned long long sectors;
	bool created;
};

/* dmsetup ARGS... into the test's dmsetup.log; its exit code, or -errno */
static int dmsetup(struct atc_ctx *ctx, const char *log, const char *a1,
		   const char *a2, const char *a3, const char *a4)
{
	char *argv[] = { "dmsetup", (char *)a1, (char *)a2, (char *)a3,
			 (char *)a4, NULL };
	char path[PATH_MAX];
	struct workload w;
	int ret;

	atc_log_path(ctx, log, path, sizeof(path));
	ret = workload_start(&w, "dmsetup", argv, path);
	if (ret)
		return ret;
	workload_wait(&w, 30000);
	return workload_exit_code(&w);
}

static bool log_has(struct atc_ctx *ctx, const char *log, const char *word)
{
	char path[PATH_MAX], line[256];
	bool found = false;
	FILE *f;

	atc_log_path(ctx, log, path, sizeof(path));
	f = fopen(path, "r");
	while (f && !found && fgets(line, sizeof(line), f))
		found = !strncmp(line, word, strlen(word));
	if (f)
		fclose(f);
	return found;
}

/* The table, swapped in while the device is suspended. */
static int dm_table(struct atc_ctx *ctx, struct dm *dm, bool drop)
{
	char table[160];
	int ret;

	if (drop)
		/* up 0 s, down 1 s: down all the time, every write dropped */
		snprintf(table, sizeof(table), "0 %llu flakey %s 0 0 1 1 drop_writes",
			 dm->sectors, dm->disk);
	else
		snprintf(table, sizeof(table), "0 %llu linear %s 0",
			 dm->sectors, dm->disk);
	if (!dm->created) {
		ret = dmsetup(ctx, "dmsetup.log", "create", dm->name, "--table",
			      table);
		dm->created = ret == 0;
		return ret;
	}
	ret = dmsetup(ctx, "dmsetup.log", "suspend", dm->name, NULL, NULL);
	if (!ret)
		ret = dmsetup(ctx, "dmsetup.log", "load", dm->name, "--table",
			      table);
	/* resumed whatever happened: a suspended device holds its I/O */
	if (dmsetup(ctx, "dmsetup.log", "resume", dm->name, NULL, NULL) && !ret)
		ret = -EIO;
	return ret;
}

static int dm_remove(struct atc_ctx *ctx, struct dm *dm)
{
	int ret = 0;

	if (!dm->created)
		return 0;
	dmsetup(ctx, "dmsetup.log", "resume", dm->name, NULL, NULL);
	for (int i = 0; i < 10; i++) {
		ret = dmsetup(ctx, "dmsetup.log", "remove", dm->name, NULL, NULL);
		if (!ret)
			break;
		/* udev or a late close may still hold it open */
		usleep(200000);
	}
	dm->created = ret != 0;
	return ret;
}

/* What the control needs; false: skipped or errored, saying why. */
static bool dm_ready(struct atc_ctx *ctx, struct dm *dm)
{
	char path[PATH_MAX];
	FILE *f;
	int ret;

	if (load_device_disk(ctx->opts->sysfs, ctx->device, dm->disk,
			     sizeof(dm->disk))) {
		atc_error(ctx, "%s has no disk", ctx->device);
		return false;
	}
	snprintf(path, sizeof(path), "%s/class/block/%s/size", ctx->opts->sysfs,
		 strrchr(dm->disk, '/') + 1);
	f = fopen(path, "r");
	if (!f || fscanf(f, "%llu", &dm->sectors) != 1 || !dm->sectors) {
		if (f)
			fclose(f);
		atc_error(ctx, "cannot read the size of %s (%s)", dm->disk, path);
		return false;
	}
	fclose(f);
	/* no udev in the test VM: libdevmapper makes /dev/mapper nodes itself */
	setenv("DM_DISABLE_UDEV", "1", 1);
	ret = dmsetup(ctx, "dmsetup-targets.log", "targets", NULL, NULL, NULL);
	if (ret == -ENOENT) {
		atc_skip(ctx, "dmsetup is missing (Debian package dmsetup)");
		return false;
	}
	if (!log_has(ctx, "dmsetup-targets.log", "flakey")) {
		char *argv[] = { "modprobe", "dm-flakey", NULL };
		struct workload w;

		if (!workload_start(&w, "modprobe", argv, NULL))
			workload_wait(&w, 30000);
		ret = dmsetup(ctx, "dmsetup-targets.log", "targets", NULL,
			      NULL, NULL);
	}
	if (ret || !log_has(ctx, "dmsetup-targets.log", "flakey")) {
		atc_skip(ctx, "device-mapper's flakey target is missing (dm-flakey.ko, CONFIG_DM_FLAKEY; dmsetup targets: exit %d)",
			 ret);
		return false;
	}
	snprintf(dm->name, sizeof(dm->name), "atc-lost-%d", (int)getpid());
	snprintf(dm->node, sizeof(dm->node), "/dev/mapper/%s", dm->name);
	return true;
}

static bool fio_ok(struct atc_ctx *ctx, struct fio_run *run, const char *tag,
		   const char *job, const struct fio_params *p)
{
	if (!load_fio(ctx, run, tag, job, p, 120) && fio_clean(run))
		return true;
	atc_evidence(ctx, tag, load_fio_json(run));
	atc_error(ctx, "%s on %s did not end cleanly before the verify", tag,
		  p->disk);
	return false;
}

/* The judge named exactly the dropped blocks, each once. */
static unsigned int named_dropped(const struct writes_verdict *v,
				  uint64_t start)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < v->named; i++)
		n += v->offsets[i] == start + n * CHUNK;
	return n;
}

static void lost_writes(struct atc_ctx *ctx, struct dm *dm,
			struct writes_verdict *v)
{
	struct fio_params prev = {
		.offset = SCENARIO_LOAD_OFFSET, .size = PREVIOUS_SIZE,
		/* a test the catalogue runs before */
		.data_seed = load_data_seed(ctx->seed, "timeout-integrity",
					    ctx->device),
	};
	struct fio_params p = {
		.offset = SCENARIO_LOAD_OFFSET + DROP_AT, .size = DROP_SIZE,
	};
	struct fio_run run;
	unsigned int exact;
	int ret;

	prev.disk = p.disk = dm->node;
	ret = dm_table(ctx, dm, false);
	if (ret || access(dm->node, R_OK | W_OK)) {
		atc_error(ctx, "dmsetup create %s over %s failed (exit %d, %s): see dmsetup.log",
			  dm->name, dm->disk, ret, access(dm->node, F_OK) ?
			  "no device node" : "node present");
		return;
	}
	if (!fio_ok(ctx, &run, "fio-previous-write", "dma-verify-write.fio", &prev))
		return;
	ret = dm_table(ctx, dm, true);
	if (ret) {
		atc_error(ctx, "switching %s to drop_writes failed (exit %d): see dmsetup.log",
			  dm->name, ret);
		return;
	}
	if (!fio_ok(ctx, &run, "fio-write", "dma-verify-write.fio", &p))
		return;
	/* read back through the healthy table: what the disk really holds */
	ret = dm_table(ctx, dm, false);
	if (ret) {
		atc_error(ctx, "switching %s back to linear failed (exit %d)",
			  dm->name, ret);
		return;
	}
	load_fio(ctx, &run, "fio-check", "dma-verify-check.fio", &p, 120);
	judge_acknowledged_writes(&run, dm->node, p.offset, p.size, v);
	exact = named_dropped(v, p.offset);
	atc_evidence(ctx, "fio_check", load_fio_json(&run));
	atc_evidence_str(ctx, "judge", "C6-acknowledged-writes %s: %s",
			 v->ok ? "passed" : "failed", v->message);
	atc_evidence_str(ctx, "dropped", "%llu blocks of 4 KiB at %llu..%llu on %s",
			 (unsigned long long)DROPPED,
			 (unsigned long long)p.offset,
			 (unsigned long long)(p.offset + DROP_SIZE - 1), dm->disk);
	ret = dm_remove(ctx, dm);
	atc_evidence_str(ctx, "catches", "C6-acknowledged-writes");
	atc_check(ctx, "X-C6-acknowledged-writes-detects-lost-writes",
		  !v->ok && exact == DROPPED && v->bad == DROPPED && !ret,
		  "C6-acknowledged-writes %s with %u bad blocks named, %u of the %llu dropped 4 KiB blocks at %llu..%llu exactly%s",
		  v->ok ? "passed" : "failed", v->bad, exact,
		  (unsigned long long)DROPPED, (unsigned long long)p.offset,
		  (unsigned long long)(p.offset + DROP_SIZE - 1),
		  ret ? "; dmsetup remove failed" : "");
}

static int control_lost_writes(struct atc_ctx *ctx)
{
	struct writes_verdict *v = malloc(sizeof(*v));
	struct dm dm = { .created = false };

	if (!v) {
		atc_error(ctx, "out of memory");
		return 0;
	}
	if (dm_ready(ctx, &dm))
		lost_writes(ctx, &dm, v);
	if (dm_remove(ctx, &dm))
		atc_error(ctx, "dmsetup remove %s failed: it still holds %s",
			  dm.name, dm.disk);
	free(v);
	return 0;
}
ATC_TEST(control_lost_writes, "control-lost-writes",
	 "negative control: writes acknowledged but dropped (dm-flakey) fail C6-acknowledged-writes with their offsets",
	 .group = "control", .needs = NEED_ROOT | NEED_DEVICE | NEED_FIO,
	 .timeout_s = 300);
