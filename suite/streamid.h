/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ID an IOMMU knows a PCI function by. VT-d's source-id is the
 * requester ID; an SMMUv3 StreamID is what the firmware maps the
 * requester ID to: the IORT's root complex ID mappings (ACPI), or the
 * host bridge's iommu-map and iommu-map-mask (device tree). Where they
 * offset it, a StreamID compared with the requester ID names another
 * device.
 */
#ifndef ATC_STREAMID_H
#define ATC_STREAMID_H

#include <stddef.h>
#include <stdint.h>

enum stream_id_source {
	STREAM_ID_REQUESTER,	/* no firmware map: the requester ID itself */
	STREAM_ID_IORT,
	STREAM_ID_DT,
};

struct stream_id {
	uint32_t id;
	enum stream_id_source source;
	char how[160];		/* where the mapping came from, for evidence */
};

/*
 * The ID of function bdf at its IOMMU, read from sysfs (the IORT in
 * firmware/acpi/tables, else the device tree node of the nearest ancestor
 * with an iommu-map, else the requester ID). 0, or -ENOENT when the
 * firmware maps the function to no IOMMU, -EINVAL for a malformed map or
 * BDF; *out->how says why.
 */
int pci_stream_id(const char *sysfs, const char *bdf, struct stream_id *out);

/*
 * rid through the IORT table (its whole bytes) of PCI segment segment:
 * 0 with *sid, -ENOENT when no root complex mapping to an SMMU covers it,
 * -EINVAL when the table is malformed.
 */
int iort_map_rid(const uint8_t *table, size_t len, uint32_t segment,
		 uint32_t rid, uint32_t *sid);

/*
 * rid through an iommu-map property (big-endian cells: rid-base, iommu
 * phandle, id-base, length) and its iommu-map-mask: 0 with *sid,
 * -ENOENT when no entry covers it, -EINVAL when malformed.
 */
int dt_iommu_map_rid(const uint8_t *map, size_t len, uint32_t mask,
		     uint32_t rid, uint32_t *sid);

#endif
