// SPDX-License-Identifier: GPL-2.0
#include "atc_model.h"

const char *const atc_model_names[ATC_MODEL_NCOUNTS] = {
	"atc_served", "atc_stale_served", "atc_stale_refused",
	"atc_stale_pages",
};

uint64_t *atc_model_count(struct atc_model_counts *c, size_t i)
{
	uint64_t *const counts[ATC_MODEL_NCOUNTS] = {
		&c->served, &c->stale_served, &c->stale_refused,
		&c->stale_pages,
	};

	return counts[i];
}
