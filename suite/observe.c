// SPDX-License-Identifier: GPL-2.0
#include "observe.h"
#include "atc.h"
#include "pci.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

int ats_wait_enable(const char *sysfs, const char *bdf, uint16_t cap,
		    bool want, unsigned int timeout_ms, uint64_t *at_ns,
		    unsigned int *samples)
{
	uint64_t deadline = atc_now_ns() + (uint64_t)timeout_ms * 1000000ull;

	*samples = 0;
	for (;;) {
		uint16_t control;
		int err = pci_ats_control(sysfs, bdf, cap, &control);
		/* after the read: it blocks while a reset holds config access */
		uint64_t now = atc_now_ns();

		if (err)
			return err;
		(*samples)++;
		if (!!(control & PCI_ATS_CTRL_ENABLE) == want) {
			*at_ns = now;
			return 1;
		}
		if (now >= deadline)
			return 0;
		usleep(1000);
	}
}

static void *heartbeat_main(void *arg)
{
	struct heartbeat *hb = arg;
	uint64_t last = atc_now_ns();

	while (!hb->stop) {
		uint64_t now;

		usleep(10000);
		now = atc_now_ns();
		if (now - last > hb->max_gap_ns) {
			hb->max_gap_ns = now - last;
			hb->max_gap_at_ns = now;
		}
		last = now;
		hb->beats++;
	}
	return NULL;
}

int heartbeat_start(struct heartbeat *hb)
{
	memset(hb, 0, sizeof(*hb));
	if (pthread_create(&hb->thread, NULL, heartbeat_main, hb))
		return -1;
	hb->running = true;
	return 0;
}

void heartbeat_stop(struct heartbeat *hb)
{
	if (!hb->running)
		return;
	hb->stop = true;
	pthread_join(hb->thread, NULL);
	hb->running = false;
}
