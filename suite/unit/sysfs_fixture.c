// SPDX-License-Identifier: GPL-2.0
#include "sysfs_fixture.h"
#include "results.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int fixture_create(struct sysfs_fixture *fx)
{
	snprintf(fx->root, sizeof(fx->root), "/tmp/atctests-sysfs-XXXXXX");
	if (!mkdtemp(fx->root))
		return -errno;
	snprintf(fx->sys, sizeof(fx->sys), "%s/sys", fx->root);
	snprintf(fx->proc, sizeof(fx->proc), "%s/proc", fx->root);
	return fixture_write(fx, "proc/self/mountinfo", "") ?:
	       fixture_write(fx, "proc/swaps",
			     "Filename\tType\tSize\tUsed\tPriority\n");
}

void fixture_destroy(struct sysfs_fixture *fx)
{
	char cmd[320];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->root);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", fx->root);
}

int fixture_write(struct sysfs_fixture *fx, const char *relpath,
		  const char *text)
{
	char path[PATH_MAX], dir[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fx->root, relpath);
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	if (results_mkdirs(dir))
		return -errno;
	f = fopen(path, "w");
	if (!f)
		return -errno;
	fputs(text, f);
	fclose(f);
	return 0;
}

static int link_at(struct sysfs_fixture *fx, const char *target,
		   const char *relpath)
{
	char path[PATH_MAX], dir[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", fx->root, relpath);
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	if (results_mkdirs(dir))
		return -errno;
	return symlink(target, path) ? -errno : 0;
}

int fixture_pci(struct sysfs_fixture *fx, const char *port, const char *bdf,
		const char *config_file, const char *driver)
{
	char rel[PATH_MAX], target[PATH_MAX], cmd[PATH_MAX * 2];
	int ret;

	snprintf(rel, sizeof(rel), "sys/devices/pci0000:00/%s/%s/vendor", port,
		 bdf);
	ret = fixture_write(fx, rel, "0x1af4\n");
	if (ret)
		return ret;
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s/sys/devices/pci0000:00/%s/%s/config'",
		 config_file, fx->root, port, bdf);
	if (system(cmd))
		return -EIO;
	snprintf(target, sizeof(target),
		 "../../../devices/pci0000:00/%s/%s", port, bdf);
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s", bdf);
	ret = link_at(fx, target, rel);
	if (ret || !driver)
		return ret;
	snprintf(target, sizeof(target), "../../../../bus/pci/drivers/%s",
		 driver);
	snprintf(rel, sizeof(rel), "sys/devices/pci0000:00/%s/%s/driver", port,
		 bdf);
	return link_at(fx, target, rel);
}

int fixture_disk(struct sysfs_fixture *fx, const char *port, const char *bdf,
		 const char *subpath, const char *disk, unsigned int major,
		 const char *partitions)
{
	char base[PATH_MAX], rel[PATH_MAX], target[PATH_MAX], num[32];
	char *parts = strdup(partitions ? partitions : ""), *p, *save = NULL;
	unsigned int minor = 0;
	int ret;

	snprintf(base, sizeof(base), "devices/pci0000:00/%s/%s/%s/block/%s",
		 port, bdf, subpath, disk);
	snprintf(rel, sizeof(rel), "sys/%s/dev", base);
	snprintf(num, sizeof(num), "%u:%u\n", major, minor++);
	ret = fixture_write(fx, rel, num);
	snprintf(rel, sizeof(rel), "sys/%s/holders/.keep", base);
	ret = ret ?: fixture_write(fx, rel, "");
	snprintf(target, sizeof(target), "../../%s", base);
	snprintf(rel, sizeof(rel), "sys/class/block/%s", disk);
	ret = ret ?: link_at(fx, target, rel);
	for (p = strtok_r(parts, " ", &save); p && !ret;
	     p = strtok_r(NULL, " ", &save)) {
		snprintf(rel, sizeof(rel), "sys/%s/%s/dev", base, p);
		snprintf(num, sizeof(num), "%u:%u\n", major, minor++);
		ret = fixture_write(fx, rel, num);
		snprintf(target, sizeof(target), "../../%s/%s", base, p);
		snprintf(rel, sizeof(rel), "sys/class/block/%s", p);
		ret = ret ?: link_at(fx, target, rel);
	}
	free(parts);
	return ret;
}

int fixture_holder(struct sysfs_fixture *fx, const char *disk,
		   const char *holder)
{
	char rel[PATH_MAX], target[PATH_MAX];

	snprintf(rel, sizeof(rel), "sys/class/block/%s/holders/%s", disk,
		 holder);
	snprintf(target, sizeof(target), "../../../../virtual/block/%s",
		 holder);
	return link_at(fx, target, rel);
}
