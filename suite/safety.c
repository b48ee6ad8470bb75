// SPDX-License-Identifier: GPL-2.0
#include "safety.h"
#include "pci.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MAX_DISKS 64

/*
 * Is the disk mounted? Fills the mount point. Field 3 of mountinfo is
 * major:minor; btrfs shows an anonymous 0:N there, so the mount source
 * after " - " is compared with the disk's name too. -errno when the
 * table cannot be read: then nobody can tell.
 */
static int disk_mounted(const char *proc, const struct pci_block *disk,
			char *mnt, size_t len, char *why, size_t whylen)
{
	char path[PATH_MAX], line[4096];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/self/mountinfo", proc);
	f = fopen(path, "re");
	if (!f) {
		int err = -errno;

		snprintf(why, whylen, "cannot read %s: %s", path,
			 strerror(-err));
		return err;
	}
	while (!found && fgets(line, sizeof(line), f)) {
		char dev[64], point[PATH_MAX], source[PATH_MAX] = "";
		const char *dash = strstr(line, " - "), *base;

		if (sscanf(line, "%*s %*s %63s %*s %4095s", dev, point) != 2)
			continue;
		if (dash)
			sscanf(dash + 3, "%*s %4095s", source);
		base = strrchr(source, '/');
		if ((disk->devnum[0] && !strcmp(dev, disk->devnum)) ||
		    (!strncmp(source, "/dev/", 5) &&
		     !strcmp(base + 1, disk->name))) {
			snprintf(mnt, len, "%s", point);
			found = 1;
		}
	}
	fclose(f);
	return found;
}

static bool name_in_swaps(const char *proc, const char *name)
{
	char path[PATH_MAX], line[1024];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/swaps", proc);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char file[512];
		const char *base;

		if (sscanf(line, "%511s", file) != 1)
			continue;
		base = strrchr(file, '/');
		found = !strcmp(base ? base + 1 : file, name);
	}
	fclose(f);
	return found;
}

/* One disk and whatever stacks on it (holders: dm, md). */
static int disk_in_use(const char *sysfs, const char *proc,
		       const struct pci_block *disk, char *why, size_t len)
{
	char path[PATH_MAX], mnt[PATH_MAX];
	struct dirent *de;
	DIR *dir;
	int ret = disk_mounted(proc, disk, mnt, sizeof(mnt), why, len);

	if (ret < 0)
		return ret;
	if (ret) {
		snprintf(why, len, "%s is mounted on %s%s", disk->name, mnt,
			 strcmp(mnt, "/") ? "" : " (the root device)");
		return 1;
	}
	if (name_in_swaps(proc, disk->name)) {
		snprintf(why, len, "%s is active swap", disk->name);
		return 1;
	}
	snprintf(path, sizeof(path), "%s/class/block/%s/holders", sysfs,
		 disk->name);
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(why, len, "%s is a member of %s (LVM, MD or dm)",
			 disk->name, de->d_name);
		closedir(dir);
		return 1;
	}
	closedir(dir);
	return 0;
}

int safety_device_in_use(const char *sysfs, const char *proc, const char *bdf,
			 char *why, size_t len)
{
	struct pci_block disks[MAX_DISKS];
	int n = pci_block_devices(sysfs, bdf, disks, MAX_DISKS);

	why[0] = '\0';
	if (n < 0) {
		snprintf(why, len, "cannot list %s/class/block: %s", sysfs,
			 strerror(-n));
		return n;
	}
	for (int i = 0; i < n; i++) {
		int ret = disk_in_use(sysfs, proc, &disks[i], why, len);

		if (ret)
			return ret;
	}
	return 0;
}
