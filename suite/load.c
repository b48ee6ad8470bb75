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

static void set_env_u64(const char *name, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	setenv(name, buf, 1);
}

int load_fio_start(struct atc_ctx *ctx, struct fio_run *run, const char *tag,
		   const char *jobfile, const struct fio_params *p)
{
	char job[PATH_MAX], aux_opt[PATH_MAX + 16], out_opt[PATH_MAX + 16];
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
	snprintf(out_opt, sizeof(out_opt), "--output=%s", run->json_path);
	snprintf(aux_opt, sizeof(aux_opt), "--aux-path=%s", run->aux_dir);
	setenv("ATC_DISK", p->disk, 1);
	set_env_u64("ATC_OFFSET", p->offset);
	set_env_u64("ATC_SIZE", p->size);
	set_env_u64("ATC_RUNTIME", p->runtime_s ? p->runtime_s : 3600);
	set_env_u64("ATC_SEED", ctx->seed);
	set_env_u64("ATC_CANARY_SIZE", p->canary_size ? p->canary_size : 4 << 20);
	set_env_u64("ATC_RATE_IOPS", p->rate_iops);
	ret = workload_start(&run->proc, tag, argv, run->log_path);
	if (ret)
		atc_note(ctx, "cannot start fio for %s: %s", tag, strerror(-ret));
	return ret;
}

static unsigned int count_dumps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	unsigned int n = 0;

	while (d && (de = readdir(d)))
		if (strstr(de->d_name, "_fail") || strstr(de->d_name, ".received"))
			n++;
	if (d)
		closedir(d);
	return n;
}

int load_fio_finish(struct atc_ctx *ctx, struct fio_run *run,
		    unsigned int timeout_s)
{
	int ret = workload_wait(&run->proc, (int)timeout_s * 1000);

	(void)ctx;
	run->parse_error = fio_parse_file(run->json_path, &run->sum);
	run->dumps = count_dumps(run->aux_dir);
	return ret;
}

int load_fio_stop(struct atc_ctx *ctx, struct fio_run *run)
{
	(void)ctx;
	run->stopped = !run->proc.reaped;
	workload_stop(&run->proc, 30000);
	run->parse_error = fio_parse_file(run->json_path, &run->sum);
	run->dumps = count_dumps(run->aux_dir);
	return run->proc.reaped ? 0 : -ETIMEDOUT;
}

int load_fio(struct atc_ctx *ctx, struct fio_run *run, const char *tag,
	     const char *jobfile, const struct fio_params *p,
	     unsigned int timeout_s)
{
	int ret = load_fio_start(ctx, run, tag, jobfile, p);

	return ret ? ret : load_fio_finish(ctx, run, timeout_s);
}

/* Bad blocks as fio names its dumps: <disk>.<offset>.<kind> */
static struct json_object *bad_offsets(const struct fio_run *run)
{
	struct json_object *arr = json_object_new_array();
	DIR *d = opendir(run->aux_dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char *dot = strchr(de->d_name, '.');

		if (!dot || (!strstr(de->d_name, "_fail") &&
			     !strstr(de->d_name, ".received")))
			continue;
		if (json_object_array_length(arr) < 32)
			json_object_array_add(arr, json_object_new_int64(
				strtoll(dot + 1, NULL, 10)));
	}
	if (d)
		closedir(d);
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
	char end[96];

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
