// SPDX-License-Identifier: GPL-2.0
#include "load.h"
#include "atc.h"
#include "config.h"
#include "pci.h"

#include <dirent.h>
#include <errno.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

const char *load_workloads_dir(void)
{
	static char dir[PATH_MAX];
	char exe[PATH_MAX], probe[PATH_MAX + 64];
	const char *env = getenv("ATC_WORKLOADS");
	const char *rel[] = { "../workloads", "../share/atctests/workloads" };
	ssize_t n;

	if (env && *env)
		return env;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		*strrchr(exe, '/') = '\0';
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			snprintf(probe, sizeof(probe), "%s/%s/dma-verify-write.fio",
				 exe, rel[i]);
			if (!access(probe, R_OK)) {
				snprintf(dir, sizeof(dir), "%s/%s", exe, rel[i]);
				return dir;
			}
		}
	}
	return ATC_DATADIR "/workloads";
}

const char *load_fio_path(void)
{
	const char *env = getenv("ATC_FIO");

	return env && *env ? env : ATC_FIO;
}

const char *load_stress_ng_path(void)
{
	const char *env = getenv("ATC_STRESS_NG");

	return env && *env ? env : ATC_STRESS_NG;
}

int load_device_disk(const char *sysfs, const char *bdf, char *out,
		     unsigned long len)
{
	struct pci_block disks[16];
	int n = pci_block_devices(sysfs, bdf, disks, 16), best = -1;

	for (int i = 0; i < n; i++)
		if (best < 0 || strlen(disks[i].name) < strlen(disks[best].name))
			best = i;
	if (best < 0)
		return -ENODEV;
	snprintf(out, len, "/dev/%s", disks[best].name);
	return 0;
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	/* the terminator too: ("ab", "c") and ("a", "bc") differ */
	return h * 0x100000001b3ull;
}

/* splitmix64's finaliser: every input bit moves every output bit */
static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint64_t load_data_seed(uint64_t run_seed, const char *test,
			const char *device)
{
	uint64_t h = fnv1a(fnv1a(0xcbf29ce484222325ull, test ? test : ""),
			   device ? device : "");
	/* fio reads randseed as a signed 64-bit number */
	uint64_t seed = mix64(mix64(run_seed + 0x9e3779b97f4a7c15ull) ^ h) &
			INT64_MAX;

	/* 0 would write a pattern of zeroes: what an unwritten disk reads */
	return seed ? seed : 1;
}

static void set_env_u64(const char *name, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	setenv(name, buf, 1);
}

static uint64_t canary_size(const struct fio_params *p)
{
	return p->canary_size ? p->canary_size : 4 << 20;
}

int load_fio_start(struct atc_ctx *ctx, struct fio_run *run, const char *tag,
		   const char *jobfile, const struct fio_params *p)
{
	char job[PATH_MAX], aux_opt[PATH_MAX + 16], out_opt[PATH_MAX + 16];
	char pattern[24], cpus[32];
	char *argv[] = { (char *)load_fio_path(), "--output-format=json",
			 out_opt, aux_opt, job, NULL };
	int ret;

	memset(run, 0, sizeof(*run));
	snprintf(run->name, sizeof(run->name), "%s", tag);
	snprintf(job, sizeof(job), "%s/%s", load_workloads_dir(), jobfile);
	atc_log_path(ctx, tag, run->aux_dir, sizeof(run->aux_dir));
	snprintf(run->json_path, sizeof(run->json_path), "%s.json", run->aux_dir);
	snprintf(run->log_path, sizeof(run->log_path), "%s.log", run->aux_dir);
	/* fio names it PREFIX_bw.JOB.log; the jobs that keep one have one job */
	setenv("ATC_BW_LOG", run->aux_dir, 1);
	snprintf(run->bw_log, sizeof(run->bw_log), "%s_bw.1.log", run->aux_dir);
	/* verify state and dumps live per disk, shared by write and check */
	snprintf(run->aux_dir, sizeof(run->aux_dir), "%s/fio-%s", ctx->log_dir,
		 strrchr(p->disk, '/') + 1);
	mkdir(run->aux_dir, 0755);
	run->region_offset = p->canary ? 0 : p->offset;
	run->region_size = p->canary ? canary_size(p) :
			   p->size ? p->size : UINT64_MAX;
	snprintf(out_opt, sizeof(out_opt), "--output=%s", run->json_path);
	snprintf(aux_opt, sizeof(aux_opt), "--aux-path=%s", run->aux_dir);
	setenv("ATC_DISK", p->disk, 1);
	set_env_u64("ATC_OFFSET", p->offset);
	set_env_u64("ATC_SIZE", p->size);
	set_env_u64("ATC_RUNTIME", p->runtime_s ? p->runtime_s : 3600);
	run->data_seed = p->data_seed ? p->data_seed :
			 load_data_seed(ctx->seed, ctx->test ? ctx->test->name : NULL,
					ctx->device ? ctx->device : p->disk);
	set_env_u64("ATC_DATA_SEED", run->data_seed);
	snprintf(pattern, sizeof(pattern), "0x%016llx",
		 (unsigned long long)run->data_seed);
	setenv("ATC_DATA_PATTERN", pattern, 1);
	set_env_u64("ATC_CANARY_SIZE", canary_size(p));
	set_env_u64("ATC_RATE_IOPS", p->rate_iops);
	set_env_u64("ATC_RATE", p->rate_bps);
	if (p->cpus) {
		setenv("ATC_CPUS", p->cpus, 1);
	} else {
		snprintf(cpus, sizeof(cpus), "0-%ld",
			 sysconf(_SC_NPROCESSORS_CONF) - 1);
		setenv("ATC_CPUS", cpus, 1);
	}
	ret = workload_start(&run->proc, tag, argv, run->log_path);
	if (ret)
		atc_note(ctx, "cannot start fio for %s: %s", tag, strerror(-ret));
	return ret;
}

/*
 * A bad block as fio names its dump: <file>.<offset>.received (the data
 * did not match) or <file>.<offset>.hdr_fail (the header did not); the
 * .expected beside a .received is fio's regenerated block, not another one.
 */
static bool dump_offset(const char *name, uint64_t *offset)
{
	const char *kind = strrchr(name, '.'), *p;
	char *end;

	if (!kind || (strcmp(kind, ".received") && strcmp(kind, ".hdr_fail")))
		return false;
	for (p = kind; p > name && p[-1] != '.'; p--)
		;
	if (p == name || p == kind)
		return false;
	*offset = strtoull(p, &end, 10);
	return end == kind;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

unsigned int load_fio_bad_offsets(const struct fio_run *run, uint64_t start,
				  uint64_t size, uint64_t *out,
				  unsigned int max)
{
	DIR *d = opendir(run->aux_dir);
	uint64_t *all = NULL, off;
	size_t n = 0, cap = 0, uniq = 0;
	struct dirent *de;

	while (d && (de = readdir(d))) {
		if (!dump_offset(de->d_name, &off) || off < start ||
		    off - start >= size)
			continue;
		if (n == cap) {
			uint64_t *grown = realloc(all, (cap ? cap * 2 : 64) *
						  sizeof(*all));

			if (!grown)
				break;
			all = grown;
			cap = cap ? cap * 2 : 64;
		}
		all[n++] = off;
	}
	if (d)
		closedir(d);
	if (n)
		qsort(all, n, sizeof(*all), cmp_u64);
	for (size_t i = 0; i < n; i++) {
		if (uniq && all[i] == all[i - 1])
			continue;
		if (uniq < max)
			out[uniq] = all[i];
		uniq++;
	}
	free(all);
	return (unsigned int)uniq;
}

unsigned int load_fio_count_dumps(const struct fio_run *run)
{
	return load_fio_bad_offsets(run, run->region_offset, run->region_size,
				    NULL, 0);
}

int load_fio_finish(struct atc_ctx *ctx, struct fio_run *run,
		    unsigned int timeout_s)
{
	int ret = workload_wait(&run->proc, (int)timeout_s * 1000);

	(void)ctx;
	run->parse_error = fio_parse_file(run->json_path, &run->sum);
	run->dumps = load_fio_count_dumps(run);
	return ret;
}

int load_fio_stop(struct atc_ctx *ctx, struct fio_run *run)
{
	(void)ctx;
	run->stopped = !run->proc.reaped;
	workload_stop(&run->proc, 30000);
	run->parse_error = fio_parse_file(run->json_path, &run->sum);
	run->dumps = load_fio_count_dumps(run);
	return run->proc.reaped ? 0 : -ETIMEDOUT;
}

int load_fio(struct atc_ctx *ctx, struct fio_run *run, const char *tag,
	     const char *jobfile, const struct fio_params *p,
	     unsigned int timeout_s)
{
	int ret = load_fio_start(ctx, run, tag, jobfile, p);

	return ret ? ret : load_fio_finish(ctx, run, timeout_s);
}

/* The first 32 bad blocks by offset: the full list is fio's dumps. */
static struct json_object *bad_offsets(const struct fio_run *run)
{
	struct json_object *arr = json_object_new_array();
	uint64_t off[32];
	unsigned int n = load_fio_bad_offsets(run, run->region_offset,
					      run->region_size, off, 32);

	for (unsigned int i = 0; i < n && i < 32; i++)
		json_object_array_add(arr, json_object_new_int64((int64_t)off[i]));
	return arr;
}

/* A CLOCK_MONOTONIC time as Unix time in ms, as fio's log_unix_epoch. */
static uint64_t monotonic_to_unix_ms(uint64_t ns)
{
	struct timespec real;
	uint64_t now = atc_now_ns(), real_ns;

	clock_gettime(CLOCK_REALTIME, &real);
	real_ns = (uint64_t)real.tv_sec * 1000000000ull + (uint64_t)real.tv_nsec;
	return (real_ns - (now - ns)) / 1000000;
}

int load_written_since(const struct fio_run *run, uint64_t since_ns,
		       uint64_t *bytes)
{
	/* rounded up: a window that began within the ms is not credited */
	return fio_bw_log_file_written_after(run->bw_log,
					     monotonic_to_unix_ms(since_ns) + 1,
					     bytes);
}

struct json_object *load_fio_json(const struct fio_run *run)
{
	struct json_object *o = fio_summary_json(&run->sum);
	char end[96], seed[24];

	workload_describe_end(&run->proc, end, sizeof(end));
	json_object_object_add(o, "exit_code",
			       json_object_new_int(workload_exit_code(&run->proc)));
	json_object_object_add(o, "ended", json_object_new_string(end));
	json_object_object_add(o, "timed_out",
			       json_object_new_boolean(run->proc.timed_out));
	if (run->stopped)
		json_object_object_add(o, "stopped_early",
				       json_object_new_boolean(true));
	json_object_object_add(o, "json_parsed",
			       json_object_new_boolean(run->parse_error == 0));
	/* hex: the pattern in every block, and beyond int64 and doubles */
	snprintf(seed, sizeof(seed), "0x%016llx",
		 (unsigned long long)run->data_seed);
	json_object_object_add(o, "data_seed", json_object_new_string(seed));
	json_object_object_add(o, "bad_blocks", json_object_new_int((int)run->dumps));
	if (run->dumps)
		json_object_object_add(o, "bad_block_offsets", bad_offsets(run));
	json_object_object_add(o, "log", json_object_new_string(run->log_path));
	return o;
}

int load_stress_start(struct atc_ctx *ctx, struct workload *w,
		      const char *jobfile, unsigned int timeout_s)
{
	char job[PATH_MAX], yaml[PATH_MAX], log[PATH_MAX], timeout[32];
	char *argv[] = { (char *)load_stress_ng_path(), "--job", job,
			 "--timeout", timeout, "--metrics-brief", "--yaml", yaml,
			 NULL };

	snprintf(job, sizeof(job), "%s/%s", load_workloads_dir(), jobfile);
	snprintf(timeout, sizeof(timeout), "%us", timeout_s);
	atc_log_path(ctx, "stress-ng.yaml", yaml, sizeof(yaml));
	atc_log_path(ctx, "stress-ng.log", log, sizeof(log));
	return workload_start(w, "stress-ng", argv, log);
}
