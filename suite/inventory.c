// SPDX-License-Identifier: GPL-2.0
#include "inventory.h"
#include "pci.h"
#include "safety.h"

#include <json.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

struct json_object *inventory_kernel(const char *proc)
{
	struct json_object *o = json_object_new_object();
	char path[PATH_MAX], cmdline[4096] = "";
	struct utsname uts;
	FILE *f;

	uname(&uts);
	json_object_object_add(o, "release", json_object_new_string(uts.release));
	json_object_object_add(o, "version", json_object_new_string(uts.version));
	json_object_object_add(o, "machine", json_object_new_string(uts.machine));
	snprintf(path, sizeof(path), "%s/cmdline", proc);
	f = fopen(path, "re");
	if (f) {
		if (fgets(cmdline, sizeof(cmdline), f))
			cmdline[strcspn(cmdline, "\n")] = '\0';
		fclose(f);
	}
	json_object_object_add(o, "cmdline", json_object_new_string(cmdline));
	return o;
}

struct json_object *inventory_device(const char *sysfs, const char *proc,
				     const char *bdf)
{
	struct json_object *o = json_object_new_object();
	struct json_object *ats = json_object_new_object();
	struct json_object *disks = json_object_new_array();
	struct pci_block blocks[32];
	char name[256], why[512], hex[8];
	struct ats_state st;
	int n;

	json_object_object_add(o, "bdf", json_object_new_string(bdf));
	pci_link_name(sysfs, bdf, "driver", name, sizeof(name));
	json_object_object_add(o, "driver", json_object_new_string(name));
	pci_link_name(sysfs, bdf, "iommu", name, sizeof(name));
	json_object_object_add(o, "iommu", json_object_new_string(name));
	json_object_object_add(o, "iommu_family",
			       json_object_new_string(pci_iommu_family(name)));
	pci_link_name(sysfs, bdf, "iommu_group", name, sizeof(name));
	json_object_object_add(o, "iommu_group", json_object_new_string(name));
	pci_ats_read(sysfs, bdf, &st);
	json_object_object_add(ats, "present", json_object_new_boolean(st.present));
	if (st.present) {
		snprintf(hex, sizeof(hex), "0x%03x", st.cap);
		json_object_object_add(ats, "cap", json_object_new_string(hex));
		snprintf(hex, sizeof(hex), "0x%04x", st.control);
		json_object_object_add(ats, "control", json_object_new_string(hex));
		json_object_object_add(ats, "enabled",
				       json_object_new_boolean(st.enabled));
	}
	json_object_object_add(o, "ats", ats);
	n = pci_block_devices(sysfs, bdf, blocks, 32);
	for (int i = 0; i < n; i++)
		json_object_array_add(disks, json_object_new_string(blocks[i].name));
	json_object_object_add(o, "disks", disks);
	n = safety_device_in_use(sysfs, proc, bdf, why, sizeof(why));
	json_object_object_add(o, "in_use", n > 0 ? json_object_new_string(why) :
			       NULL);
	return o;
}

struct ats_walk {
	const char *sysfs;
	const char *proc;
	struct json_object *list;
};

static int add_if_ats(const char *bdf, void *arg)
{
	struct ats_walk *w = arg;
	struct ats_state st;

	if (pci_ats_read(w->sysfs, bdf, &st) == 0 && st.present)
		json_object_array_add(w->list,
				      inventory_device(w->sysfs, w->proc, bdf));
	return 0;
}

struct json_object *inventory_ats_devices(const char *sysfs, const char *proc)
{
	struct ats_walk w = { sysfs, proc, json_object_new_array() };

	pci_for_each_device(sysfs, add_if_ats, &w);
	return w.list;
}
