/* SPDX-License-Identifier: GPL-2.0 */
/* The tests, as registered by their files (ATC_TEST), sorted by name. */
#ifndef ATC_REGISTRY_H
#define ATC_REGISTRY_H

#include "atc.h"

const struct atc_test *registry_first(void);
const struct atc_test *registry_find(const char *name);
/* Is the test selected by the options (named, or in --group)? */
bool registry_selected(const struct atc_test *test,
		       const struct atc_options *opts);

#endif
