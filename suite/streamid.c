// SPDX-License-Identifier: GPL-2.0
#include "streamid.h"
#include "pci.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ACPI IORT (Arm DEN 0049): the offsets Linux's iort.c reads too. */
#define IORT_HEADER_LEN		36
#define IORT_NODE_COUNT		36
#define IORT_NODE_OFFSET	40
#define IORT_NODE_HEADER_LEN	16
#define IORT_RC_SEGMENT		28	/* PCI segment number, in the node */
#define IORT_MAP_LEN		20
#define IORT_MAP_SINGLE		0x1
#define IORT_NODE_RC		2
#define IORT_NODE_SMMU		3
#define IORT_NODE_SMMU_V3	4

#define IORT_TABLE_MAX		(1u << 20)
#define DT_MAP_MAX		4096

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static bool iort_node_type(const uint8_t *t, size_t len, uint32_t off,
			   uint8_t *type)
{
	if (off < IORT_HEADER_LEN || off > len - IORT_NODE_HEADER_LEN)
		return false;
	*type = t[off];
	return true;
}

/* rid through one root complex node's ID mappings to an SMMU. */
static int iort_rc_map(const uint8_t *t, size_t len, uint32_t node,
		       uint32_t rid, uint32_t *sid)
{
	uint32_t nr = le32(t + node + 8), array = le32(t + node + 12);

	if (nr > len / IORT_MAP_LEN || array > len - node ||
	    (uint64_t)node + array + (uint64_t)nr * IORT_MAP_LEN > len)
		return -EINVAL;
	for (uint32_t i = 0; i < nr; i++) {
		const uint8_t *m = t + node + array + i * IORT_MAP_LEN;
		uint32_t in = le32(m), count = le32(m + 4), out = le32(m + 8);
		uint8_t type;

		if (!iort_node_type(t, len, le32(m + 12), &type))
			return -EINVAL;
		if (type != IORT_NODE_SMMU_V3 && type != IORT_NODE_SMMU)
			continue;	/* straight to an ITS: no IOMMU */
		/* as Linux: a single mapping gives its output for any RID */
		if (le32(m + 16) & IORT_MAP_SINGLE) {
			*sid = out;
			return 0;
		}
		/* "number of IDs" is the count minus one */
		if (rid < in || (uint64_t)rid > (uint64_t)in + count)
			continue;
		*sid = out + (rid - in);
		return 0;
	}
	return -ENOENT;
}

int iort_map_rid(const uint8_t *t, size_t len, uint32_t segment,
		 uint32_t rid, uint32_t *sid)
{
	uint32_t count, off;

	if (len < IORT_HEADER_LEN + 12 || memcmp(t, "IORT", 4) ||
	    le32(t + 4) > len)
		return -EINVAL;
	count = le32(t + IORT_NODE_COUNT);
	off = le32(t + IORT_NODE_OFFSET);
	for (uint32_t i = 0; i < count; i++) {
		uint16_t node_len;
		uint8_t type;

		if (!iort_node_type(t, len, off, &type))
			return -EINVAL;
		node_len = (uint16_t)(t[off + 1] | t[off + 2] << 8);
		if (node_len < IORT_NODE_HEADER_LEN || node_len > len - off)
			return -EINVAL;
		if (type == IORT_NODE_RC && node_len >= IORT_RC_SEGMENT + 4 &&
		    le32(t + off + IORT_RC_SEGMENT) == segment)
			return iort_rc_map(t, len, off, rid, sid);
		off += node_len;
	}
	return -ENOENT;
}

int dt_iommu_map_rid(const uint8_t *map, size_t len, uint32_t mask,
		     uint32_t rid, uint32_t *sid)
{
	uint32_t masked = rid & mask;

	if (!len || len % 16)
		return -EINVAL;
	for (size_t i = 0; i < len; i += 16) {
		uint32_t base = be32(map + i), out = be32(map + i + 8);
		uint32_t n = be32(map + i + 12);

		if (masked < base || (uint64_t)masked >= (uint64_t)base + n)
			continue;
		*sid = masked - base + out;
		return 0;
	}
	return -ENOENT;
}

/* A whole small file; its length, or -errno. */
static long read_blob(const char *path, uint8_t *buf, size_t max)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, max, f);
	fclose(f);
	return (long)n;
}

static int from_iort(const char *path, unsigned int domain, uint16_t rid,
		     struct stream_id *out)
{
	uint8_t *table = malloc(IORT_TABLE_MAX);
	long len;
	int ret;

	if (!table)
		return -ENOMEM;
	len = read_blob(path, table, IORT_TABLE_MAX);
	ret = len < 0 ? (int)len :
	      iort_map_rid(table, (size_t)len, domain, rid, &out->id);
	free(table);
	out->source = STREAM_ID_IORT;
	if (ret)
		snprintf(out->how, sizeof(out->how),
			 "the IORT maps requester ID 0x%04x of segment %u to no SMMU (%s)",
			 rid, domain, strerror(-ret));
	else
		snprintf(out->how, sizeof(out->how),
			 "requester ID 0x%04x of segment %u through the IORT",
			 rid, domain);
	return ret;
}

/*
 * The device tree node of dir or its nearest ancestor below root with an
 * iommu-map (the host bridge's, or the platform device's above it).
 */
static bool find_iommu_map(const char *root, char *dir, char *node,
			   size_t len)
{
	size_t floor = strlen(root);
	char *slash;

	for (;;) {
		snprintf(node, len, "%s/of_node/iommu-map", dir);
		if (!access(node, R_OK)) {
			snprintf(node, len, "%s/of_node", dir);
			return true;
		}
		slash = strrchr(dir, '/');
		if (!slash || (size_t)(slash - dir) <= floor)
			return false;
		*slash = '\0';
	}
}

static int from_dt(const char *node, uint16_t rid, struct stream_id *out)
{
	uint8_t map[DT_MAP_MAX], cell[4];
	char path[PATH_MAX];
	uint32_t mask = 0xffffffff;
	long len;
	int ret;

	snprintf(path, sizeof(path), "%s/iommu-map", node);
	len = read_blob(path, map, sizeof(map));
	snprintf(path, sizeof(path), "%s/iommu-map-mask", node);
	if (read_blob(path, cell, sizeof(cell)) == 4)
		mask = be32(cell);
	ret = len < 0 ? (int)len :
	      dt_iommu_map_rid(map, (size_t)len, mask, rid, &out->id);
	out->source = STREAM_ID_DT;
	if (ret)
		snprintf(out->how, sizeof(out->how),
			 "the iommu-map of %s (mask 0x%x) maps requester ID 0x%04x to no IOMMU (%s)",
			 node, mask, rid, strerror(-ret));
	else
		snprintf(out->how, sizeof(out->how),
			 "requester ID 0x%04x through the iommu-map of %s (mask 0x%x)",
			 rid, node, mask);
	return ret;
}

int pci_stream_id(const char *sysfs, const char *bdf, struct stream_id *out)
{
	char path[PATH_MAX], root[PATH_MAX], dir[PATH_MAX], node[PATH_MAX];
	unsigned int domain, bus, dev, fn;
	uint16_t rid;

	memset(out, 0, sizeof(*out));
	if (sscanf(bdf, "%x:%x:%x.%u", &domain, &bus, &dev, &fn) != 4) {
		snprintf(out->how, sizeof(out->how), "%s is not DDDD:BB:DD.F", bdf);
		return -EINVAL;
	}
	rid = pci_bdf_requester_id(bdf);
	snprintf(path, sizeof(path), "%s/firmware/acpi/tables/IORT", sysfs);
	if (!access(path, R_OK))
		return from_iort(path, domain, rid, out);
	snprintf(path, sizeof(path), "%s/bus/pci/devices/%s", sysfs, bdf);
	if (realpath(sysfs, root) && realpath(path, dir) &&
	    find_iommu_map(root, dir, node, sizeof(node)))
		return from_dt(node, rid, out);
	out->id = rid;
	out->source = STREAM_ID_REQUESTER;
	snprintf(out->how, sizeof(out->how),
		 "the requester ID 0x%04x (no IORT, no iommu-map)", rid);
	return 0;
}
