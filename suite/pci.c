// SPDX-License-Identifier: GPL-2.0
#include "pci.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool pci_bdf_normalise(const char *in, char out[PCI_BDF_LEN])
{
	unsigned int dom = 0, bus, dev, fn;
	int used = 0;

	if (!in)
		return false;
	if (sscanf(in, "%4x:%2x:%2x.%1u%n", &dom, &bus, &dev, &fn, &used) == 4 &&
	    in[used] == '\0' && used == 12)
		goto ok;
	dom = 0;
	used = 0;
	if (sscanf(in, "%2x:%2x.%1u%n", &bus, &dev, &fn, &used) == 3 &&
	    in[used] == '\0' && used == 7)
		goto ok;
	return false;
ok:
	for (const char *p = in; *p; p++)
		if (!isxdigit((unsigned char)*p) && *p != ':' && *p != '.')
			return false;
	if (dev > 0x1f || fn > 7)
		return false;
	snprintf(out, PCI_BDF_LEN, "%04x:%02x:%02x.%u", dom, bus, dev, fn);
	return true;
}

uint16_t pci_bdf_requester_id(const char *bdf)
{
	unsigned int dom, bus, dev, fn;

	if (sscanf(bdf, "%x:%x:%x.%u", &dom, &bus, &dev, &fn) != 4)
		return 0;
	return (uint16_t)(bus << 8 | dev << 3 | fn);
}

static void device_path(const char *sysfs, const char *bdf, const char *leaf,
			char *out, size_t len)
{
	snprintf(out, len, "%s/bus/pci/devices/%s%s%s", sysfs, bdf,
		 leaf ? "/" : "", leaf ? leaf : "");
}

bool pci_device_exists(const char *sysfs, const char *bdf)
{
	char path[PATH_MAX];

	device_path(sysfs, bdf, "config", path, sizeof(path));
	return access(path, F_OK) == 0;
}

int pci_config_load(const char *path, struct pci_config *cfg)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	memset(cfg, 0, sizeof(*cfg));
	if (fd < 0)
		return -errno;
	n = pread(fd, cfg->data, sizeof(cfg->data), 0);
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	cfg->len = (size_t)n;
	return 0;
}

int pci_config_read(const char *sysfs, const char *bdf, struct pci_config *cfg)
{
	char path[PATH_MAX];

	device_path(sysfs, bdf, "config", path, sizeof(path));
	return pci_config_load(path, cfg);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

int pci_ext_cap_find(const struct pci_config *cfg, uint16_t id)
{
	unsigned int pos = PCI_EXT_CAP_START;
	/* Each capability takes at least 8 bytes: bounds a looping list. */
	int ttl = (PCI_CFG_SPACE_EXP_SIZE - PCI_EXT_CAP_START) / 8;

	while (ttl-- > 0 && pos + 4 <= cfg->len) {
		uint32_t header = le32(cfg->data + pos);

		if (header == 0 || header == 0xffffffff)
			return -1;
		if ((header & 0xffff) == id)
			return (int)pos;
		pos = (header >> 20) & 0xffc;
		if (pos < PCI_EXT_CAP_START)
			return -1;
	}
	return -1;
}

void pci_ats_parse(const struct pci_config *cfg, struct ats_state *ats)
{
	int cap = pci_ext_cap_find(cfg, PCI_EXT_CAP_ID_ATS);

	memset(ats, 0, sizeof(*ats));
	if (cap < 0 || (size_t)cap + PCI_ATS_CTRL + 2 > cfg->len)
		return;
	ats->present = true;
	ats->cap = (uint16_t)cap;
	ats->control = (uint16_t)(cfg->data[cap + PCI_ATS_CTRL] |
				  cfg->data[cap + PCI_ATS_CTRL + 1] << 8);
	ats->enabled = ats->control & PCI_ATS_CTRL_ENABLE;
}

int pci_ats_read(const char *sysfs, const char *bdf, struct ats_state *ats)
{
	struct pci_config cfg;
	int err = pci_config_read(sysfs, bdf, &cfg);

	memset(ats, 0, sizeof(*ats));
	if (err)
		return err;
	pci_ats_parse(&cfg, ats);
	return 0;
}

int pci_ats_control(const char *sysfs, const char *bdf, uint16_t cap,
		    uint16_t *control)
{
	char path[PATH_MAX];
	uint8_t b[2];
	int fd, err = 0;

	device_path(sysfs, bdf, "config", path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (pread(fd, b, 2, cap + PCI_ATS_CTRL) != 2)
		err = -EIO;
	close(fd);
	*control = (uint16_t)(b[0] | b[1] << 8);
	return err;
}

int pci_link_name(const char *sysfs, const char *bdf, const char *link,
		  char *out, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;
	const char *base;

	device_path(sysfs, bdf, link, path, sizeof(path));
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0) {
		snprintf(out, len, "none");
		return -errno;
	}
	target[n] = '\0';
	base = strrchr(target, '/');
	snprintf(out, len, "%s", base ? base + 1 : target);
	return 0;
}

const char *pci_iommu_family(const char *iommu_name)
{
	if (!strncmp(iommu_name, "dmar", 4))
		return "intel-vtd";
	if (!strncmp(iommu_name, "ivhd", 4))
		return "amd-vi";
	if (!strncmp(iommu_name, "smmu3", 5))
		return "arm-smmu-v3";
	if (!strcmp(iommu_name, "none"))
		return "none";
	return "other";
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int pci_for_each_device(const char *sysfs,
			int (*fn)(const char *bdf, void *arg), void *arg)
{
	char path[PATH_MAX];
	char **names = NULL;
	size_t count = 0;
	struct dirent *de;
	DIR *dir;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/bus/pci/devices", sysfs);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		char bdf[PCI_BDF_LEN];
		char **grown;

		if (!pci_bdf_normalise(de->d_name, bdf))
			continue;
		grown = realloc(names, (count + 1) * sizeof(*names));
		if (!grown) {
			ret = -ENOMEM;
			break;
		}
		names = grown;
		names[count] = strdup(bdf);
		if (!names[count]) {
			ret = -ENOMEM;
			break;
		}
		count++;
	}
	closedir(dir);
	/* Bus order, so output is stable whatever readdir returns. */
	if (!ret)
		qsort(names, count, sizeof(*names), compare_names);
	for (size_t i = 0; i < count; i++) {
		if (!ret)
			ret = fn(names[i], arg);
		free(names[i]);
	}
	free(names);
	return ret;
}

static void read_line(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "re");

	out[0] = '\0';
	if (!f)
		return;
	if (fgets(out, (int)len, f))
		out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

int pci_block_devices(const char *sysfs, const char *bdf,
		      struct pci_block *out, size_t max)
{
	char path[PATH_MAX], real[PATH_MAX], needle[PCI_BDF_LEN + 2];
	struct dirent *de;
	size_t count = 0;
	DIR *dir;

	snprintf(needle, sizeof(needle), "/%s/", bdf);
	snprintf(path, sizeof(path), "%s/class/block", sysfs);
	dir = opendir(path);
	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(dir)) && count < max) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/class/block/%s", sysfs,
			 de->d_name);
		if (!realpath(path, real) || !strstr(real, needle))
			continue;
		snprintf(out[count].name, sizeof(out[count].name), "%s",
			 de->d_name);
		snprintf(path, sizeof(path), "%s/dev", real);
		read_line(path, out[count].devnum, sizeof(out[count].devnum));
		count++;
	}
	closedir(dir);
	return (int)count;
}
