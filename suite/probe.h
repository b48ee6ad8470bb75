/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ATC_PROBE_H
#define ATC_PROBE_H

#include "options.h"

/* Print what this machine offers and why tests would skip; exit status. */
int probe_run(const struct atc_options *opts);

#endif
