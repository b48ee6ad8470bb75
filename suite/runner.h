/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ATC_RUNNER_H
#define ATC_RUNNER_H

#include "options.h"

/* Run the selected tests; returns the exit status (see --help). */
int runner_run(const struct atc_options *opts, int argc, char **argv);

#endif
