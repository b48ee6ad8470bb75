// SPDX-License-Identifier: GPL-2.0
/*
 * Negative control of C3: one injected timeout in delay mode spins in the
 * kernel's flush path far longer than RCU's stall timeout (lowered to its
 * minimum for the run), so the kernel itself reports a stall. The
 * runner's kernel-log check must see that report (the test is marked
 * provokes_distress); timeout-no-hang's passing runs show it can pass.
 */
#include "atc.h"
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SPIN_US 8000000		/* well past the stall timeout below */
#define STALL_TIMEOUT_S "3"	/* RCU's minimum (rcu_jiffies_till_stall_check) */

static int knob_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return n ? -errno : -EIO;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int knob_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n, len = (ssize_t)strlen(value);

	if (fd < 0)
		return -errno;
	n = write(fd, value, (size_t)len);
	close(fd);
	return n == len ? 0 : -errno;
}

static int control_lockup(struct atc_ctx *ctx)
{
	struct scenario_opts o = {
		.times = 1, .mode = "delay", .delay_us = SPIN_US,
	};
	char knob[PATH_MAX], saved[32];
	struct scenario sc;
	int ret;

	snprintf(knob, sizeof(knob),
		 "%s/module/rcupdate/parameters/rcu_cpu_stall_timeout",
		 ctx->opts->sysfs);
	ret = knob_read(knob, saved, sizeof(saved));
	if (!ret)
		ret = knob_write(knob, STALL_TIMEOUT_S);
	if (ret) {
		atc_error(ctx, "cannot lower the RCU stall timeout through %s: %s",
			  knob, strerror(-ret));
		return 0;
	}
	ret = scenario_run(ctx, &o, &sc);
	knob_write(knob, saved);
	if (ret) {
		scenario_release(&sc);
		return 0;
	}
	atc_evidence_str(ctx, "rcu_cpu_stall_timeout_s", "%s (was %s)",
			 STALL_TIMEOUT_S, saved);
	atc_evidence_u64(ctx, "delay_us", SPIN_US);
	atc_evidence_u64(ctx, "heartbeat_max_gap_ms",
			 sc.heartbeat.max_gap_ns / 1000000);
	atc_check(ctx, "X-C3-stall-provoked", sc.injected >= 1,
		  "%llu timeout(s) injected, each spinning %u ms in the flush path",
		  (unsigned long long)sc.injected, SPIN_US / 1000);
	scenario_release(&sc);
	return 0;
}
ATC_TEST(control_lockup, "control-lockup",
	 "negative control: a timeout spinning past RCU's stall limit fails C3's kernel-log check",
	 .group = "control", .provokes_distress = true,
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE | NEED_FIO,
	 .timeout_s = 300);
