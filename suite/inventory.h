/* SPDX-License-Identifier: GPL-2.0 */
/* What the machine is: kernel, IOMMUs, ATS devices (probe, results.json). */
#ifndef ATC_INVENTORY_H
#define ATC_INVENTORY_H

#include <stdbool.h>

struct json_object;
struct atc_options;

struct json_object *inventory_kernel(const char *proc);
struct json_object *inventory_device(const char *sysfs, const char *proc,
				     const char *bdf);
/* Every PCI function with an ATS capability, as inventory_device(). */
struct json_object *inventory_ats_devices(const char *sysfs, const char *proc);

#endif
