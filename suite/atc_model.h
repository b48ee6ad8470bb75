/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IOMMU's model of the device's ATC (QEMU's ats-device-atc,
 * injectors/qemu 0003 and 0004): its four counters, as the host agent
 * names them and the runner records them ("hw_" and the same name).
 */
#ifndef ATC_ATC_MODEL_H
#define ATC_ATC_MODEL_H

#include <stddef.h>
#include <stdint.h>

struct atc_model_counts {
	uint64_t served;	/* DMA translations the device took from its ATC */
	uint64_t stale_served;	/* ... from entries it left stale */
	uint64_t stale_refused;	/* stale entries not used: it was fenced */
	uint64_t stale_pages;	/* guest-physical pages stale DMA reached */
};

#define ATC_MODEL_NCOUNTS 4

/* "atc_served", "atc_stale_served", "atc_stale_refused", "atc_stale_pages" */
extern const char *const atc_model_names[ATC_MODEL_NCOUNTS];

/* The counter atc_model_names[i] names, in c. */
uint64_t *atc_model_count(struct atc_model_counts *c, size_t i);

#endif /* ATC_ATC_MODEL_H */
