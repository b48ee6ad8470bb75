/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small sysfs/proc trees built in a temporary directory, shaped like the
 * kernel's: PCI functions under /sys/devices with the bus links, disks
 * behind them in /sys/class/block, mountinfo and swaps in /proc.
 */
#ifndef ATC_SYSFS_FIXTURE_H
#define ATC_SYSFS_FIXTURE_H

struct sysfs_fixture {
	char root[256];
	char sys[300];
	char proc[300];
};

int fixture_create(struct sysfs_fixture *fx);
void fixture_destroy(struct sysfs_fixture *fx);
/* A PCI function below a root port, with its config space from a file. */
int fixture_pci(struct sysfs_fixture *fx, const char *port, const char *bdf,
		const char *config_file, const char *driver);
/* A disk (and its partitions, "vda1 vda2") behind the function. */
int fixture_disk(struct sysfs_fixture *fx, const char *port, const char *bdf,
		 const char *subpath, const char *disk, unsigned int major,
		 const char *partitions);
int fixture_holder(struct sysfs_fixture *fx, const char *disk,
		   const char *holder);
int fixture_write(struct sysfs_fixture *fx, const char *relpath,
		  const char *text);

#endif
