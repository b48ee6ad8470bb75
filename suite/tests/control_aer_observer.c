// SPDX-License-Identifier: GPL-2.0
/*
 * The callback observer on the kernel's AER recovery flow: a completion
 * timeout (an uncorrectable error) injected on the device through
 * aer_inject.ko, with atc_inject armed to observe only. The observer must
 * report what the kernel did, as its own log tells it independently: the
 * recovery ran for the device, and the driver's error handlers ran - or,
 * where the kernel logs that the driver has none, that none did.
 */
#include "atc.h"
#include "arming.h"
#include "kmsg.h"
#include "pci.h"

#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define AER_INJECT "/dev/aer_inject"
#define UNC_COMP_TIME 0x00004000	/* PCI_ERR_UNC_COMP_TIME */
#define SETTLE_MS 5000

/* include/uapi-less ABI of drivers/pci/pcie/aer_inject.c */
struct aer_error_inj {
	uint8_t bus;
	uint8_t dev;
	uint8_t fn;
	uint32_t uncor_status;
	uint32_t cor_status;
	uint32_t header_log0;
	uint32_t header_log1;
	uint32_t header_log2;
	uint32_t header_log3;
	uint32_t domain;
};

static int aer_inject(const char *bdf)
{
	struct aer_error_inj e = { .uncor_status = UNC_COMP_TIME };
	unsigned int domain, bus, dev, fn;
	ssize_t n;
	int fd;

	if (sscanf(bdf, "%x:%x:%x.%x", &domain, &bus, &dev, &fn) != 4)
		return -EINVAL;
	e.domain = domain;
	e.bus = (uint8_t)bus;
	e.dev = (uint8_t)dev;
	e.fn = (uint8_t)fn;
	fd = open(AER_INJECT, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, &e, sizeof(e));
	close(fd);
	return n == (ssize_t)sizeof(e) ? 0 : -errno;
}

/* Kernel log lines about the device's AER recovery, read for settle_ms. */
static struct json_object *aer_log(struct kmsg_follower *kf, const char *bdf,
				   bool *no_handler)
{
	struct json_object *lines = json_object_new_array();
	uint64_t end = atc_now_ns() + SETTLE_MS * 1000000ull;
	struct kmsg_record rec;

	*no_handler = false;
	while (atc_now_ns() < end) {
		if (kmsg_next(kf, &rec) <= 0) {
			usleep(50000);
			continue;
		}
		if (!kmsg_mentions_device(rec.text, bdf) &&
		    kmsg_classify(rec.text) != KMSG_AER)
			continue;
		if (strstr(rec.text, "no error_detected callback") ||
		    strstr(rec.text, "no AER-aware driver"))
			*no_handler = true;
		if (json_object_array_length(lines) < 40)
			json_object_array_add(lines, json_object_new_string(rec.text));
	}
	return lines;
}

static int control_aer_observer(struct atc_ctx *ctx)
{
	struct kmsg_follower kf = { .fd = -1 };
	struct json_object *events, *lines, *e;
	unsigned int recoveries = 0, handlers = 0;
	struct injector inj;
	bool no_handler;
	char seq[256] = "";
	int ret;

	if (access(AER_INJECT, W_OK)) {
		atc_skip(ctx, "%s is absent: this kernel has no aer_inject.ko (CONFIG_PCIEAER_INJECT)",
			 AER_INJECT);
		return 0;
	}
	if (arm_observe(ctx, &inj))
		return 0;
	kmsg_open(&kf, ctx->opts->kmsg);
	ret = aer_inject(ctx->device);
	lines = aer_log(&kf, ctx->device, &no_handler);
	kmsg_close(&kf);
	arm_stop(ctx, &inj);
	events = arm_events(ctx, &inj);
	arm_unload(ctx, &inj);
	if (ret) {
		atc_error(ctx, "aer_inject refused the error for %s: %s",
			  ctx->device, strerror(-ret));
		json_object_put(lines);
		json_object_put(events);
		return 0;
	}
	recoveries = injector_count_events(events, "aer_recovery", 0);
	for (size_t i = 0; (e = injector_event_next(events, "cb", &i));) {
		if (strcmp(injector_event_str(e, "phase"), "enter"))
			continue;
		handlers++;
		snprintf(seq + strlen(seq), sizeof(seq) - strlen(seq), "%s%s",
			 seq[0] ? "," : "", injector_event_str(e, "fn"));
	}
	atc_evidence(ctx, "kernel_log", lines);
	atc_evidence(ctx, "events", events);
	atc_evidence_str(ctx, "observed_handlers", "%s", seq[0] ? seq : "none");
	atc_check(ctx, "C4-aer-recovery-observed",
		  recoveries > 0 && json_object_array_length(lines) > 0,
		  "the observer saw %u AER recoveries; the kernel logged %zu AER lines about %s",
		  recoveries, json_object_array_length(lines), ctx->device);
	atc_check(ctx, "C4-aer-handlers-observed",
		  no_handler ? handlers == 0 :
		  handlers > 0 && !strncmp(seq, "error_detected", 14),
		  "the observer saw the driver's handlers %s; the kernel log says the driver %s",
		  seq[0] ? seq : "none",
		  no_handler ? "has no error handlers" : "has error handlers");
	return 0;
}
ATC_TEST(control_aer_observer, "control-aer-observer",
	 "the callback observer on the kernel's AER recovery of an injected completion timeout",
	 .group = "control",
	 .needs = NEED_ROOT | NEED_DEVICE | NEED_INJECTOR |
		  NEED_INJECTOR_MODULE,
	 .timeout_s = 120);
