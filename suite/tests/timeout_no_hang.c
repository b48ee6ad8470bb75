// SPDX-License-Identifier: GPL-2.0
/*
 * C3: timeouts that take as long as real hardware's (delay mode) do not
 * hang the machine: the heartbeat keeps beating, the load on the device
 * ends within its limit, the neighbour's invalidations keep completing.
 * Lockups, RCU stalls and hung tasks in the kernel log fail the runner's
 * C3-kernel-log check of this test.
 */
#include "atc.h"
#include "pci.h"
#include "scenario.h"

#define DELAY_US 20000		/* a PCIe completion timeout is 50 us .. 50 ms */
#define HEARTBEAT_BOUND_MS 2000

static int timeout_no_hang(struct atc_ctx *ctx)
{
	struct scenario_opts o = {
		.times = -1, .probability = 10, .mode = "delay",
		.delay_us = DELAY_US, .neighbour_load = true,
	};
	struct scenario sc;
	uint64_t gap_ms, after;
	int log_ret;

	if (scenario_run(ctx, &o, &sc)) {
		scenario_release(&sc);
		return 0;
	}
	gap_ms = sc.heartbeat.max_gap_ns / 1000000;
	atc_evidence_u64(ctx, "injected", sc.injected);
	atc_evidence_u64(ctx, "delay_us", DELAY_US);
	atc_evidence_u64(ctx, "heartbeat_beats", sc.heartbeat.beats);
	atc_evidence_u64(ctx, "heartbeat_max_gap_ms", gap_ms);
	atc_check(ctx, "C3-heartbeat", gap_ms < HEARTBEAT_BOUND_MS,
		  "the runner's 10 ms heartbeat stalled for at most %llu ms (bound %u ms)",
		  (unsigned long long)gap_ms, HEARTBEAT_BOUND_MS);

	atc_evidence(ctx, "fio_write", load_fio_json(&sc.write));
	atc_check(ctx, "C3-load-ends", sc.write.proc.reaped && !sc.write.proc.timed_out,
		  "the DMA load on %s %s", ctx->device,
		  sc.write.proc.timed_out ? "was still running at its time limit" :
					    "ended within its time limit");
	if (sc.have_neighbour) {
		atc_evidence(ctx, "fio_neighbour_write",
			     load_fio_json(&sc.neighbour_write));
		atc_evidence_u64(ctx, "neighbour_device_tlb_invalidations",
				 stat_u64(sc.stats, "other_devtlb"));
		log_ret = load_written_since(&sc.neighbour_write, sc.first_inject_ns,
					     &after);
		atc_evidence_u64(ctx, "neighbour_bytes_after_timeout", after);
		atc_check(ctx, "C3-neighbour-progress",
			  !log_ret && fio_clean(&sc.neighbour_write) && after > 0,
			  "the neighbour %s wrote %llu bytes after %s timed out%s",
			  ctx->neighbour, (unsigned long long)after, ctx->device,
			  log_ret ? " (no bandwidth log)" :
			  fio_clean(&sc.neighbour_write) ? "" : ", and its load failed");
	} else if (ctx->neighbour &&
		   !pci_device_exists(ctx->opts->sysfs, ctx->neighbour)) {
		/* a neighbour that has left the bus made no progress */
		atc_check(ctx, "C3-neighbour-progress", false,
			  "the neighbour %s is no longer on the bus", ctx->neighbour);
	} else if (ctx->neighbour) {
		atc_evidence_str(ctx, "neighbour_not_judged",
				 "%s has no disk for a load", ctx->neighbour);
	}
	scenario_release(&sc);
	return 0;
}
ATC_TEST(timeout_no_hang, "timeout-no-hang",
	 "slow ATC timeouts (delay mode) hang nothing: heartbeat, load and neighbour progress",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE | NEED_FIO,
	 .timeout_s = 300);
