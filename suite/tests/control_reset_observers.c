// SPDX-License-Identifier: GPL-2.0
/*
 * The observers on a kernel's own flow: a PCI function reset through
 * sysfs, with the injector armed to observe only (probability 0). Where
 * the kernel parks the device for the reset (7.x:
 * pci_dev_reset_iommu_prepare), the fence and restore observers must see
 * ATS go off and come back, and the callback observer the driver's
 * reset_prepare/reset_done; where the driver has no reset callbacks the
 * reset is blind, and DMA afterwards may hang: the checks name it.
 */
#include "atc.h"
#include "arming.h"
#include "load.h"
#include "scenario.h"
#include "tracefs.h"

#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define RESET_LIMIT_MS 30000
#define DMA_LIMIT_S 60

/* Write "1" to the reset file in a child: a reset can block for good. */
static int sysfs_reset(const char *path, bool *hung)
{
	uint64_t deadline = atc_now_ns() + RESET_LIMIT_MS * 1000000ull;
	int status;
	pid_t pid = fork();

	*hung = false;
	if (pid < 0)
		return -errno;
	if (!pid) {
		int fd = open(path, O_WRONLY | O_CLOEXEC);

		_exit(fd >= 0 && write(fd, "1", 1) == 1 ? 0 : 1);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (atc_now_ns() > deadline) {
			/* the runner's subreaper collects it if it ever ends */
			kill(pid, SIGKILL);
			*hung = true;
			return -ETIMEDOUT;
		}
		usleep(10000);
	}
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -EIO;
}

/* The driver callbacks entered, in order: "reset_prepare,reset_done". */
static void callbacks(struct json_object *events, char *out, size_t len)
{
	struct json_object *e;

	out[0] = '\0';
	for (size_t i = 0; (e = injector_event_next(events, "cb", &i));)
		if (!strcmp(injector_event_str(e, "phase"), "enter"))
			snprintf(out + strlen(out), len - strlen(out), "%s%s",
				 out[0] ? "," : "", injector_event_str(e, "fn"));
}

static unsigned long long us(uint64_t from, uint64_t to)
{
	return to > from ? (unsigned long long)(to - from) / 1000 : 0;
}

static int control_reset_observers(struct atc_ctx *ctx)
{
	struct fio_params p = { .canary_size = 4 << 20, .canary = true };
	struct json_object *events;
	struct ats_state after;
	struct injector inj;
	struct fio_run write = { 0 }, check = { 0 };
	struct tracefs_probe tp;
	uint64_t t0, fence, restore, prepare;
	char path[PATH_MAX], disk[64], seq[256], tracing[PATH_MAX];
	bool hung, dma_ok;
	long traced;
	int ret, tp_ret;

	if (load_device_disk(ctx->opts->sysfs, ctx->device, disk, sizeof(disk))) {
		atc_error(ctx, "%s has no disk", ctx->device);
		return 0;
	}
	p.disk = disk;
	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s/reset",
		 ctx->opts->sysfs, ctx->device);
	if (access(path, W_OK)) {
		atc_skip(ctx, "%s offers no reset method (%s)", ctx->device, path);
		return 0;
	}
	if (arm_observe(ctx, &inj))
		return 0;
	/* the kernel's own tracer counts pci_disable_ats beside the observer */
	snprintf(tracing, sizeof(tracing), "%s/kernel/tracing", ctx->opts->sysfs);
	tp_ret = tracefs_probe_add(&tp, tracing, "pci_disable_ats", "pci_disable_ats");
	t0 = atc_now_ns();
	ret = sysfs_reset(path, &hung);
	traced = tp_ret ? tp_ret : tracefs_probe_hits(&tp);
	tracefs_probe_remove(&tp);
	/* DMA after the reset: a verified write and read-back */
	dma_ok = !hung &&
		 !load_fio(ctx, &write, "fio-canary-write", "canary-write.fio",
			   &p, DMA_LIMIT_S) && fio_clean(&write) &&
		 !load_fio(ctx, &check, "fio-canary-check", "canary-check.fio",
			   &p, DMA_LIMIT_S) && fio_clean(&check);
	arm_stop(ctx, &inj);
	events = arm_events(ctx, &inj);
	arm_unload(ctx, &inj);
	pci_ats_read(ctx->opts->sysfs, ctx->device, &after);

	prepare = injector_event_first(events, "iommu_reset_prepare", t0);
	fence = injector_event_first(events, "ats_disable", t0);
	restore = fence ? injector_event_first(events, "ats_enable", fence) : 0;
	callbacks(events, seq, sizeof(seq));
	atc_evidence_str(ctx, "reset", "%s: %s", path,
			 hung ? "still blocked after 30 s" :
			 ret ? strerror(-ret) : "done");
	atc_evidence_str(ctx, "driver_callbacks", "%s", seq[0] ? seq : "none");
	atc_evidence_u64(ctx, "iommu_reset_prepare_seen", prepare != 0);
	atc_evidence(ctx, "events", json_object_get(events));
	atc_check(ctx, "C2-reset-fences", fence && !hung && !ret,
		  "the reset %s ATS Enable%s (IOMMU reset prepare %s)",
		  fence ? "cleared" : "never cleared",
		  fence ? "" : " as seen by the fence observer",
		  prepare ? "called" : "not called");
	if (fence)
		atc_evidence_u64(ctx, "fence_after_us", us(t0, fence));
	if (traced >= 0)
		atc_check(ctx, "I-observer-matches-tracefs",
			  (long)injector_count_events(events, "ats_disable", t0) == traced,
			  "the observer saw %u pci_disable_ats calls on %s, a tracefs kprobe %ld (on any device)",
			  injector_count_events(events, "ats_disable", t0),
			  ctx->device, traced);
	else
		atc_note(ctx, "no tracefs kprobe on pci_disable_ats: %s",
			 strerror((int)-traced));
	if (fence)
		atc_check(ctx, "C5-reset-restores", restore && after.enabled,
			  "ATS Enable %s %llu us after the fence; control now 0x%04x",
			  restore ? "came back" : "did not come back",
			  us(fence, restore), after.control);
	else
		atc_check(ctx, "C5-reset-restores", false,
			  "ATS Enable was never cleared, so no restore could be observed; control now 0x%04x",
			  after.control);
	atc_check(ctx, "C4-reset-callbacks", !strcmp(seq, "reset_prepare,reset_done"),
		  seq[0] ? "the driver went through %s" :
		  "blind reset: the device was reset without its driver's reset_prepare/reset_done%s",
		  seq[0] ? seq : "");
	atc_check(ctx, "C5-dma-after-reset", dma_ok,
		  "a verified 4 MiB write and read-back on %s after the reset %s",
		  disk, hung ? "never ran: the reset itself hung" :
		  dma_ok ? "succeeded" :
		  write.proc.timed_out || check.proc.timed_out ?
		  "hung: no completion within the time limit" : "failed");
	json_object_put(events);
	return 0;
}
ATC_TEST(control_reset_observers, "control-reset-observers",
	 "observers on the kernel's own reset flow: fence, restore, driver callbacks, DMA after",
	 .group = "control",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE | NEED_FIO,
	 .timeout_s = 240);
