/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fault scenario every catalogue test stands on: a canary written,
 * verified DMA load on the device (and its neighbour), the injector armed,
 * the kernel's response observed (ATS Enable, events, kernel log), the
 * load waited for within limits, then every acknowledged write verified.
 * Tests judge the outcome; they do not re-run the plumbing.
 */
#ifndef ATC_SCENARIO_H
#define ATC_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#include "arming.h"
#include "load.h"
#include "observe.h"
#include "pci.h"
#include "verdict.h"

struct atc_ctx;
struct json_object;

/* Where the catalogue's verified load writes on the device's disk. */
#define SCENARIO_LOAD_OFFSET (8ull << 20)
#define SCENARIO_LOAD_SIZE (96ull << 20)
/*
 * Each verify's limit in the tests whose disk DMA through a stale
 * translation may stop for good (the device's ATC modelled): the load's
 * grace and the verifies then end within the test's 300 s, so its checks
 * are judged instead of the test being killed. A healthy verify takes 2 s.
 */
#define SCENARIO_VERIFY_STOPPED_S 60

struct scenario_opts {
	int times;			/* injections, -1: no limit */
	unsigned int probability;	/* percent, default 100 */
	unsigned int interval;		/* matching invalidations apart, default 1 */
	const char *mode;		/* error (default) or delay */
	unsigned int delay_us;
	unsigned int load_s;		/* fio write runtime, default 8 */
	bool neighbour_load;		/* verified load on --neighbour too */
	bool stress;			/* stress-ng page reuse beside fio */
	bool keep_armed;		/* leave the module loaded and armed */
	const char *target;		/* inject on this BDF, not the device */
	unsigned int armed_ms;		/* dead-man (0: the test's limit) */
	/*
	 * Time limits for a device that may have stopped: how long the load
	 * may outlast load_s (default 60 s), and each verify (default
	 * VERIFY_LIMIT_S).
	 */
	unsigned int load_grace_s;
	unsigned int verify_limit_s;
	/*
	 * Where the load runs, against the CPU that takes the SMMUv3's GERROR
	 * interrupt, where the driver's recovery from CERROR_ATC_INV_SYNC
	 * runs: the kernel's outcome then does not hang on where the
	 * scheduler put fio. Beside it, the load's unmaps (in the disk's
	 * completion interrupt, interrupts off) hold the acknowledgement up;
	 * away from it, the driver acknowledges at once and moves on.
	 */
	enum { LOAD_ANY_CPU, LOAD_BESIDE_IOMMU_IRQ, LOAD_AWAY_FROM_IOMMU_IRQ }
		load_cpu;
	/*
	 * Start the load first and arm once the disk has completed a write
	 * of it: a hold counted from the arm then covers the load. Under
	 * TCG with stress-ng starting beside it, fio's first write came
	 * 16 s after fio was started, past a 15 s hold.
	 */
	bool arm_once_writing;
};

struct scenario {
	struct scenario_opts o;
	char disk[64];
	char neighbour_disk[64];
	struct ats_state ats_before;
	uint16_t control_after;
	uint64_t start_ns;
	uint64_t first_inject_ns;
	uint64_t injected;
	bool fenced;
	uint64_t fence_latency_us;
	bool restored;
	uint64_t restore_latency_us;
	/*
	 * The IOMMU's ATC model when the first timeout was seen, and at the
	 * fence deadline (or the fence)
	 */
	struct atc_model_counts atc_at_first, atc_at_deadline;
	bool have_atc_at_first, have_atc_at_deadline;
	struct fio_run canary_write, write, check, canary_check;
	struct fio_run neighbour_write, neighbour_check;
	bool have_neighbour;
	struct workload stress;
	bool have_stress;
	struct heartbeat heartbeat;
	struct injector inj;
	struct json_object *stats;
	struct json_object *events;
	struct json_object *kernel_log;	/* lines about the device or IOMMU */
};

/* 0: the scenario ran and injected; otherwise atc_error() said why. */
int scenario_run(struct atc_ctx *ctx, const struct scenario_opts *o,
		 struct scenario *sc);
/* Everything measured, into results.json. */
void scenario_measure(struct atc_ctx *ctx, const struct scenario *sc);
void scenario_release(struct scenario *sc);

/* Events named name at or after since_ns (0: all). */
unsigned int scenario_events(const struct scenario *sc, const char *name,
			     uint64_t since_ns);
/*
 * Kernel log lines of the given classes (NULL-terminated; NULL: any) that
 * mention the device, leaving out the injector's own lines.
 */
struct json_object *scenario_kernel_lines(const struct scenario *sc,
					  const char *const *classes,
					  const char *bdf);
/*
 * C2-fenced's judge on this scenario: the kernel's record from the first
 * timeout on, config space as polled, the deadline --fence-ms.
 */
void scenario_judge_fenced(const struct atc_ctx *ctx, const struct scenario *sc,
			   struct fence_verdict *v);
/* Sequence number of the first injected invalidation (0: none recorded). */
uint64_t scenario_first_injected_seq(const struct scenario *sc);
/* C6-canary: the canary written before the fault read back intact. */
bool check_canary(struct atc_ctx *ctx, const struct scenario *sc);
/*
 * From the host's count of the IOMMU's device ATC model (--injector hw):
 * C6-no-stale-dma, no DMA through an entry the device left stale, and
 * C2-translated-blocked, none of it accepted after the fence deadline.
 * Without the model there is no such count: evidence says so, no check.
 */
void check_no_stale_dma(struct atc_ctx *ctx, const struct scenario *sc);
void check_translated_blocked(struct atc_ctx *ctx, const struct scenario *sc);
/*
 * C5-load-resumed: the device's write load wrote after the first timeout
 * (fio's bandwidth log) and ran to a clean end.
 */
bool check_load_resumed(struct atc_ctx *ctx, const struct scenario *sc);
/* C0-ite-on-target from the IOMMU's own count and last ITE source-id. */
bool check_ite_on_target(struct atc_ctx *ctx, uint64_t ites, int64_t last_sid,
			 uint32_t target);
bool fio_clean(const struct fio_run *run);

#define WRITES_NAMED_MAX 1024

/* The verdict of C6-acknowledged-writes over one fio verify run. */
struct writes_verdict {
	bool ok;
	unsigned int bad;		/* bad blocks fio named in the region */
	unsigned int named;		/* of them in offsets[] */
	uint64_t offsets[WRITES_NAMED_MAX];	/* ascending */
	char message[320];
};

/*
 * C6-acknowledged-writes: fio's verify of [start, start + size) ran to its
 * end, read something, and every block it read was the one written there
 * (header, offset and the test's own pattern); the bad ones by offset.
 */
void judge_acknowledged_writes(const struct fio_run *check, const char *disk,
			       uint64_t start, uint64_t size,
			       struct writes_verdict *v);
/* The check itself, with the verify run and the bad offsets as evidence. */
bool check_acknowledged_writes(struct atc_ctx *ctx,
			       const struct fio_run *check, const char *disk,
			       uint64_t start, uint64_t size);

#endif
