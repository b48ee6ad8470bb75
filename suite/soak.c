// SPDX-License-Identifier: GPL-2.0
#include "soak.h"
#include "arming.h"
#include "atc.h"
#include "pci.h"

#include <dirent.h>
#include <json.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#define ROUND_TIMEOUT_MS 20000

/* Unreclaimable kernel memory: slab, vmalloc and per-CPU, in KiB. */
static long long kernel_kb(const char *proc)
{
	static const char *const keys[] = { "SUnreclaim:", "VmallocUsed:",
					    "Percpu:" };
	char path[PATH_MAX], line[128];
	long long total = 0;
	unsigned int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/meminfo", proc);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			long long kb;

			if (!strncmp(line, keys[i], strlen(keys[i])) &&
			    sscanf(line + strlen(keys[i]), "%lld", &kb) == 1) {
				total += kb;
				found++;
			}
		}
	}
	fclose(f);
	return found == 3 ? total : -1;
}

static int open_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *d;
	int n = 0;

	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		n += d->d_name[0] != '.';
	closedir(dir);
	return n - 1;	/* the directory's own descriptor */
}

static long module_refcnt(const char *sysfs)
{
	char path[PATH_MAX];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/module/%s/refcnt", sysfs,
		 INJECTOR_NAME);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static long long median(const long long *s)
{
	long long v[SOAK_SAMPLES];

	memcpy(v, s, sizeof(v));
	for (int i = 1; i < SOAK_SAMPLES; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			long long t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[SOAK_SAMPLES / 2];
}

/*
 * One round: arm for SOAK_PER_ROUND timeouts, wait, disarm, read stats
 * and events. The module counts over its life: *count is its total.
 */
static uint64_t soak_round(struct atc_ctx *ctx, struct injector *inj,
			   uint64_t *count)
{
	struct json_object *stats, *events;
	uint64_t injected, before = *count;
	struct arm_params ap;

	arm_defaults(ctx, &ap);
	ap.times = SOAK_PER_ROUND;
	if (arm_start(ctx, inj, &ap))
		return 0;
	arm_wait_injected(inj, before + SOAK_PER_ROUND, ROUND_TIMEOUT_MS);
	arm_stop(ctx, inj);
	stats = arm_stats(ctx, inj);
	events = arm_events(ctx, inj);
	injected = stats ? stat_u64(stats, "injected") : before;
	json_object_put(stats);
	json_object_put(events);
	*count = injected;
	return injected - before;
}

int soak_run(struct atc_ctx *ctx, struct soak *s, soak_round_fn after_round,
	     void *arg)
{
	struct fio_params p = { .offset = 8 << 20, .size = 96 << 20,
				.runtime_s = ctx->test->timeout_s };
	struct ats_state before, after;
	struct injector inj;
	bool readable;
	uint64_t count = 0;
	char disk[64];

	memset(s, 0, sizeof(*s));
	s->per_round = json_object_new_array();
	if (pci_ats_read(ctx->opts->sysfs, ctx->device, &before) ||
	    !before.present) {
		atc_error(ctx, "cannot read the ATS capability of %s", ctx->device);
		return -1;
	}
	s->ats_control = before.control;
	if (load_device_disk(ctx->opts->sysfs, ctx->device, disk, sizeof(disk))) {
		atc_error(ctx, "%s has no disk for the DMA load", ctx->device);
		return -1;
	}
	p.disk = disk;
	if (load_fio_start(ctx, &s->load, "fio-read-load", "dma-read-load.fio", &p)) {
		atc_error(ctx, "cannot start fio on %s", disk);
		return -1;
	}
	if (arm_load(ctx, &inj)) {
		load_fio_stop(ctx, &s->load);
		return -1;
	}
	while (s->rounds < SOAK_ROUNDS) {
		int r = s->rounds++;
		uint64_t got = soak_round(ctx, &inj, &count);
		char item[192];

		s->injected += got;
		readable = !pci_ats_read(ctx->opts->sysfs, ctx->device,
					 &after) && after.present;
		if (readable && after.control == before.control)
			s->answered++;
		if (after_round)
			after_round(r, arg);
		s->kernel_kb[r] = kernel_kb(ctx->opts->proc);
		s->fds[r] = open_fds();
		if (readable)
			snprintf(item, sizeof(item),
				 "round %d: %llu injected, ATS control 0x%04x, kernel %lld KiB, %d fds",
				 r + 1, (unsigned long long)got, after.control,
				 s->kernel_kb[r], s->fds[r]);
		else
			snprintf(item, sizeof(item),
				 "round %d: %llu injected, then %s had no ATS capability to read (gone from the bus?), kernel %lld KiB, %d fds",
				 r + 1, (unsigned long long)got, ctx->device,
				 s->kernel_kb[r], s->fds[r]);
		json_object_array_add(s->per_round, json_object_new_string(item));
		/*
		 * A device that left the bus (a kernel giving it up) ends the
		 * soak as an observation: arming it again would be refused.
		 */
		if (got < SOAK_PER_ROUND || !readable)
			break;
	}
	s->refcnt = module_refcnt(ctx->opts->sysfs);
	s->unloaded = arm_unload(ctx, &inj);
	load_fio_stop(ctx, &s->load);
	return 0;
}

bool soak_memory_steady(const struct soak *s, char *why, unsigned long len)
{
	long long first, last;

	if (s->rounds < 2 * SOAK_SAMPLES || s->kernel_kb[0] < 0) {
		snprintf(why, len, "only %d rounds sampled (kernel memory %lld KiB): too few to compare",
			 s->rounds, s->rounds ? s->kernel_kb[0] : -1);
		return false;
	}
	first = median(s->kernel_kb);
	last = median(s->kernel_kb + s->rounds - SOAK_SAMPLES);
	snprintf(why, len, "unreclaimable kernel memory (slab, vmalloc, per-CPU) went from %lld to %lld KiB between the first and the last %d rounds (limit +%d KiB)",
		 first, last, SOAK_SAMPLES, SOAK_GROWTH_LIMIT_KB);
	return last - first <= SOAK_GROWTH_LIMIT_KB;
}

bool soak_fds_steady(const struct soak *s, char *why, unsigned long len)
{
	if (s->rounds < 2) {
		snprintf(why, len, "only %d rounds sampled: too few to compare",
			 s->rounds);
		return false;
	}
	snprintf(why, len, "the runner held %d open files after the first round and %d after the last",
		 s->fds[0], s->fds[s->rounds - 1]);
	return s->fds[0] >= 0 && s->fds[s->rounds - 1] == s->fds[0];
}

void soak_release(struct soak *s)
{
	json_object_put(s->per_round);
	s->per_round = NULL;
}
