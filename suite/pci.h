/* SPDX-License-Identifier: GPL-2.0 */
/* PCI functions through sysfs: config space, ATS, binding, IOMMU, disks. */
#ifndef ATC_PCI_H
#define ATC_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCI_CFG_SPACE_EXP_SIZE	4096
#define PCI_EXT_CAP_START	0x100
#define PCI_EXT_CAP_ID_ATS	0x000f
#define PCI_ATS_CTRL		0x06
#define PCI_ATS_CTRL_ENABLE	0x8000
#define PCI_BDF_LEN		sizeof("dddd:bb:dd.f")

struct pci_config {
	uint8_t data[PCI_CFG_SPACE_EXP_SIZE];
	size_t len;
};

struct ats_state {
	bool present;
	uint16_t cap;		/* offset of the ATS extended capability */
	uint16_t control;	/* ATS Control register */
	bool enabled;		/* ATS Enable, control bit 15 */
};

/* "01:00.0" or "0000:01:00.0" -> "0000:01:00.0"; false when malformed. */
bool pci_bdf_normalise(const char *in, char out[PCI_BDF_LEN]);
/* Requester ID (bus << 8 | devfn) of a normalised BDF. */
uint16_t pci_bdf_requester_id(const char *bdf);
bool pci_device_exists(const char *sysfs, const char *bdf);

int pci_config_load(const char *path, struct pci_config *cfg);
int pci_config_read(const char *sysfs, const char *bdf, struct pci_config *cfg);
/* Offset of extended capability id, or -1. Walk is bounded against loops. */
int pci_ext_cap_find(const struct pci_config *cfg, uint16_t id);
void pci_ats_parse(const struct pci_config *cfg, struct ats_state *ats);
int pci_ats_read(const char *sysfs, const char *bdf, struct ats_state *ats);
/* Just the ATS Control register at a known capability offset (cheap). */
int pci_ats_control(const char *sysfs, const char *bdf, uint16_t cap,
		    uint16_t *control);

/* Basename of the symlink BDF/<link> (driver, iommu_group, iommu). */
int pci_link_name(const char *sysfs, const char *bdf, const char *link,
		  char *out, size_t len);
/* IOMMU driver family behind the device: intel-vtd, amd-vi, arm-smmu-v3. */
const char *pci_iommu_family(const char *iommu_name);

/* Calls fn for every PCI function in sysfs; stops when fn returns non-zero. */
int pci_for_each_device(const char *sysfs,
			int (*fn)(const char *bdf, void *arg), void *arg);

struct pci_block {
	char name[64];		/* vda, vda1, nvme0n1 */
	char devnum[32];	/* major:minor */
};

/* Block devices (disks and partitions) behind a PCI function. */
int pci_block_devices(const char *sysfs, const char *bdf,
		      struct pci_block *out, size_t max);

#endif
