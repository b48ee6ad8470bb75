// SPDX-License-Identifier: GPL-2.0
/* atctests probe: the machine as the suite sees it, for a person. */
#include "probe.h"
#include "atc.h"
#include "config.h"
#include "injector.h"
#include "inventory.h"
#include "load.h"
#include "registry.h"

#include <dirent.h>
#include <json.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *get(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return "";
	return json_object_get_string(v);
}

static void print_iommus(const char *sysfs)
{
	char path[PATH_MAX];
	struct dirent *de;
	unsigned int n = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/class/iommu", sysfs);
	dir = opendir(path);
	printf("iommus:");
	while (dir && (de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		printf(" %s (%s)", de->d_name, pci_iommu_family(de->d_name));
		n++;
	}
	if (dir)
		closedir(dir);
	puts(n ? "" : " none (no IOMMU is enabled: intel_iommu=on, amd_iommu=on, or firmware)");
}

static void print_device(struct json_object *dev)
{
	struct json_object *ats, *disks, *in_use;

	json_object_object_get_ex(dev, "ats", &ats);
	json_object_object_get_ex(dev, "disks", &disks);
	printf("  %s  driver %s  iommu %s (%s) group %s  ATS cap %s control %s (%s)",
	       get(dev, "bdf"), get(dev, "driver"), get(dev, "iommu"),
	       get(dev, "iommu_family"), get(dev, "iommu_group"),
	       get(ats, "cap"), get(ats, "control"),
	       json_object_get_boolean(json_object_object_get(ats, "enabled")) ?
	       "enabled" : "disabled");
	if (json_object_array_length(disks)) {
		printf("  disks");
		for (size_t i = 0; i < json_object_array_length(disks); i++)
			printf(" %s", json_object_get_string(
				       json_object_array_get_idx(disks, i)));
	}
	if (json_object_object_get_ex(dev, "in_use", &in_use) && in_use)
		printf("  IN USE: %s", json_object_get_string(in_use));
	putchar('\n');
}

int probe_run(const struct atc_options *opts)
{
	struct json_object *kernel = inventory_kernel(opts->proc);
	struct json_object *devs = inventory_ats_devices(opts->sysfs, opts->proc);
	size_t ndevs = json_object_array_length(devs);
	char path[PATH_MAX], why[512];
	bool have_injector;

	printf("kernel: %s %s (%s)\n", get(kernel, "release"),
	       get(kernel, "version"), get(kernel, "machine"));
	printf("cmdline: %s\n", get(kernel, "cmdline"));
	print_iommus(opts->sysfs);
	have_injector = !injector_locate(opts->injector, path, sizeof(path),
					 why, sizeof(why));
	printf("injector: %s\n", have_injector ? path : why);
	printf("fio: %s\n", access(load_fio_path(), X_OK) ?
	       "missing (Debian package fio)" : load_fio_path());
	printf("stress-ng: %s\n", access(load_stress_ng_path(), X_OK) ?
	       "missing (Debian package stress-ng)" : load_stress_ng_path());
	if (geteuid())
		puts("note: not root: config space past 64 bytes is unreadable, so ATS capabilities are invisible; run probe as root");
	if (ndevs) {
		puts("ATS-capable PCI functions:");
		for (size_t i = 0; i < ndevs; i++)
			print_device(json_object_array_get_idx(devs, i));
	} else {
		puts("ATS-capable PCI functions: none on this machine; tests that need a --device will skip (the VM platform, make run, provides them)");
	}
	puts("tests:");
	for (const struct atc_test *t = registry_first(); t; t = t->next) {
		const char *reason = NULL;

		if (strcmp(t->group, "catalogue"))
			continue;
		if ((t->needs & NEED_DEVICE) && !ndevs)
			reason = "no ATS device";
		else if ((t->needs & NEED_INJECTOR) && !have_injector)
			reason = "no injector module";
		else if ((t->needs & NEED_NEIGHBOUR) && ndevs < 2)
			reason = "no second ATS device for --neighbour";
		else if ((t->needs & NEED_ROOT) && geteuid())
			reason = "not root";
		printf("  %-24s %s%s\n", t->name, reason ? "would skip: " : "can run",
		       reason ? reason : "");
	}
	json_object_put(kernel);
	json_object_put(devs);
	return 0;
}
