/* SPDX-License-Identifier: GPL-2.0 */
/* The DMA-heavy load: fio job files and stress-ng jobs from workloads/. */
#ifndef ATC_LOAD_H
#define ATC_LOAD_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "fio.h"
#include "workload.h"

struct atc_ctx;

struct fio_params {
	const char *disk;		/* /dev/vda */
	uint64_t offset;		/* bytes */
	uint64_t size;
	unsigned int runtime_s;
	uint64_t canary_size;
	unsigned int rate_iops;		/* paced jobs; 0: as fast as it goes */
	uint64_t rate_bps;		/* bandwidth cap, bytes/s; 0: none */
	uint64_t data_seed;		/* 0: the test's own, load_data_seed() */
	const char *cpus;		/* fio's cpus_allowed; NULL: every CPU */
	/*
	 * The canary's jobs write and verify [0, canary_size), not
	 * [offset, offset + size): their bad blocks are counted there.
	 */
	bool canary;
};

struct fio_run {
	struct workload proc;
	char name[64];
	char json_path[PATH_MAX];
	char log_path[PATH_MAX];
	char aux_dir[PATH_MAX];
	struct fio_summary sum;
	int parse_error;
	unsigned int dumps;		/* verify_dump files in its region: bad blocks */
	/*
	 * The disk range the job verifies. Jobs on one disk share the dump
	 * directory: a job's bad blocks are the dumps in its own range.
	 */
	uint64_t region_offset, region_size;
	bool stopped;			/* ended early by load_fio_stop() */
	char bw_log[PATH_MAX];		/* write_bw_log of a job that keeps one */
	uint64_t data_seed;		/* ATC_DATA_SEED it was started with */
};

/*
 * The identity of the data a test writes: its fio randseed, and the
 * verify_pattern fio writes into and checks in every block. Different for
 * every run seed, test and device, never 0, so a block left by another
 * test (a write acknowledged but never stored) fails verify.
 */
uint64_t load_data_seed(uint64_t run_seed, const char *test,
			const char *device);
/*
 * Offsets of the bad blocks fio dumped (verify_dump) for run inside
 * [start, start + size), ascending: the first max of them into out.
 * Returns how many there are in all.
 */
unsigned int load_fio_bad_offsets(const struct fio_run *run, uint64_t start,
				  uint64_t size, uint64_t *out,
				  unsigned int max);
/* Directory of the job files: $ATC_WORKLOADS, beside the binary, installed. */
const char *load_workloads_dir(void);
/* fio and stress-ng: $ATC_FIO and $ATC_STRESS_NG, else configure's paths. */
const char *load_fio_path(void);
const char *load_stress_ng_path(void);
/* The whole-disk block device behind a PCI function ("/dev/vda"). */
int load_device_disk(const char *sysfs, const char *bdf, char *out,
		     unsigned long len);
/* Start fio on a job file; tag names its files in the test's log dir. */
int load_fio_start(struct atc_ctx *ctx, struct fio_run *run, const char *tag,
		   const char *jobfile, const struct fio_params *p);
/* The bad blocks fio dumped in the run's own region of the disk. */
unsigned int load_fio_count_dumps(const struct fio_run *run);
/* Wait (time limit), parse its JSON, count verify dumps. */
int load_fio_finish(struct atc_ctx *ctx, struct fio_run *run,
		    unsigned int timeout_s);
/*
 * End a time-based job early, as ^C would: fio stops its jobs, writes its
 * JSON and exits 128. Job errors stay in the JSON, so fio_clean() judges
 * the run as usual.
 */
int load_fio_stop(struct atc_ctx *ctx, struct fio_run *run);
/* Run a job to completion: start + finish. */
int load_fio(struct atc_ctx *ctx, struct fio_run *run, const char *tag,
	     const char *jobfile, const struct fio_params *p,
	     unsigned int timeout_s);
/*
 * Bytes the job wrote from since_ns (CLOCK_MONOTONIC) on, from its
 * bandwidth log, whose times are Unix time: a lower bound, windows that
 * began before since_ns not counted. 0 or -errno.
 */
int load_written_since(const struct fio_run *run, uint64_t since_ns,
		       uint64_t *bytes);
/* fio's evidence: summary, exit, time-out, bad block offsets. */
struct json_object *load_fio_json(const struct fio_run *run);

int load_stress_start(struct atc_ctx *ctx, struct workload *w,
		      const char *jobfile, unsigned int timeout_s);

#endif
