// SPDX-License-Identifier: GPL-2.0
/*
 * Requester ID to StreamID through the firmware's map: QEMU virt's own
 * iommu-map (dumped with -M virt,iommu=smmuv3,dumpdtb=), a board whose
 * map offsets and masks it, and IORT root complex mappings.
 */
#include "unit.h"
#include "streamid.h"
#include "sysfs_fixture.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define QEMU_VIRT_MAP FIXTURES "/dt/qemu-virt-smmuv3.iommu-map"

static size_t put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
	return 4;
}

static size_t put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
	return 4;
}

static size_t read_fixture(const char *path, uint8_t *buf, size_t max)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, max, f);
	fclose(f);
	return n;
}

/* QEMU virt maps every requester ID to the same StreamID. */
static void test_dt_qemu_identity(void **state)
{
	uint8_t map[64];
	size_t len = read_fixture(QEMU_VIRT_MAP, map, sizeof(map));
	uint32_t sid = 0;

	(void)state;
	assert_int_equal(len, 16);
	assert_int_equal(dt_iommu_map_rid(map, len, 0xffffffff, 0x0100, &sid), 0);
	assert_int_equal(sid, 0x0100);
	assert_int_equal(dt_iommu_map_rid(map, len, 0xffffffff, 0xffff, &sid), 0);
	assert_int_equal(sid, 0xffff);
}

/*
 * Marvell Armada 8040's cp0_pcie0: three buses' worth of IDs at 0x480,
 * 0x4a0, 0x4c0 with iommu-map-mask 0x031f. Device 01:00.0 is StreamID
 * 0x4a0, not 0x100.
 */
static void test_dt_offset_and_mask(void **state)
{
	static const uint32_t cells[] = { 0x000, 1, 0x480, 0x20,
					  0x100, 1, 0x4a0, 0x20,
					  0x200, 1, 0x4c0, 0x20 };
	uint8_t map[sizeof(cells)];
	uint32_t sid = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++)
		put_be32(map + 4 * i, cells[i]);
	assert_int_equal(dt_iommu_map_rid(map, sizeof(map), 0x031f, 0x0100, &sid), 0);
	assert_int_equal(sid, 0x4a0);
	/* 01:01.0: devfn 0x08, kept by the mask */
	assert_int_equal(dt_iommu_map_rid(map, sizeof(map), 0x031f, 0x0108, &sid), 0);
	assert_int_equal(sid, 0x4a8);
	/* bus 3 is in no entry */
	assert_int_equal(dt_iommu_map_rid(map, sizeof(map), 0x031f, 0x0300, &sid), -ENOENT);
	assert_int_equal(dt_iommu_map_rid(map, 10, 0x031f, 0x0100, &sid), -EINVAL);
}

/*
 * An IORT: an ITS group, an SMMUv3 and a root complex of segment 0 whose
 * requester IDs 0x0000-0xffff go to the SMMUv3 at StreamID base, or
 * (its_only) straight to the ITS.
 */
static size_t build_iort(uint8_t *t, uint32_t base, bool its_only)
{
	const uint32_t its = 48, smmu = its + 24, rc = smmu + 16;
	size_t n;

	memset(t, 0, 256);
	memcpy(t, "IORT", 4);
	put_le32(t + 36, 3);		/* nodes */
	put_le32(t + 40, its);
	t[its] = 0;			/* ITS group, no mappings */
	t[its + 1] = 24;
	t[smmu] = 4;			/* SMMUv3, no mappings */
	t[smmu + 1] = 16;
	t[rc] = 2;			/* root complex */
	t[rc + 1] = 36 + 20;
	put_le32(t + rc + 8, 1);	/* one ID mapping */
	put_le32(t + rc + 12, 36);	/* at offset 36 in the node */
	put_le32(t + rc + 28, 0);	/* PCI segment 0 */
	n = rc + 36;
	n += put_le32(t + n, 0);	/* input base */
	n += put_le32(t + n, 0xffff);	/* number of IDs, minus one */
	n += put_le32(t + n, base);	/* output base */
	n += put_le32(t + n, its_only ? its : smmu);
	n += put_le32(t + n, 0);	/* flags */
	put_le32(t + 4, n);
	return n;
}

static void test_iort_offset(void **state)
{
	uint8_t t[256];
	size_t len = build_iort(t, 0x10000, false);
	uint32_t sid = 0;

	(void)state;
	assert_int_equal(iort_map_rid(t, len, 0, 0x0100, &sid), 0);
	assert_int_equal(sid, 0x10100);
	assert_int_equal(iort_map_rid(t, len, 0, 0xffff, &sid), 0);
	assert_int_equal(sid, 0x1ffff);
	/* another segment has no root complex node */
	assert_int_equal(iort_map_rid(t, len, 1, 0x0100, &sid), -ENOENT);
}

static void test_iort_no_smmu(void **state)
{
	uint8_t t[256];
	size_t len = build_iort(t, 0, true);
	uint32_t sid = 0;

	(void)state;
	assert_int_equal(iort_map_rid(t, len, 0, 0x0100, &sid), -ENOENT);
}

static void test_iort_malformed(void **state)
{
	uint8_t t[256];
	size_t len = build_iort(t, 0, false);
	uint32_t sid = 0;

	(void)state;
	assert_int_equal(iort_map_rid(t, len - 8, 0, 0x0100, &sid), -EINVAL);
	put_le32(t + 40, 250);		/* nodes past the end */
	assert_int_equal(iort_map_rid(t, len, 0, 0x0100, &sid), -EINVAL);
	memcpy(t, "DMAR", 4);
	assert_int_equal(iort_map_rid(t, len, 0, 0x0100, &sid), -EINVAL);
}

static void write_file(struct sysfs_fixture *fx, const char *rel,
		       const uint8_t *data, size_t len)
{
	char path[600];
	FILE *f;

	assert_int_equal(fixture_write(fx, rel, ""), 0);
	snprintf(path, sizeof(path), "%s/%s", fx->root, rel);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void test_sysfs_sources(void **state)
{
	uint8_t map[16], mask[4], t[256];
	struct sysfs_fixture fx;
	struct stream_id sid;

	(void)state;
	assert_int_equal(fixture_create(&fx), 0);
	assert_int_equal(fixture_pci(&fx, "0000:00:01.0", "0000:01:00.0",
				     FIXTURES "/config/qemu-virtio-blk-ats-aer.bin",
				     NULL), 0);
	/* x86: neither an IORT nor an iommu-map, the requester ID */
	assert_int_equal(pci_stream_id(fx.sys, "0000:01:00.0", &sid), 0);
	assert_int_equal(sid.source, STREAM_ID_REQUESTER);
	assert_int_equal(sid.id, 0x0100);

	/* the host bridge's node maps bus 1 at 0x4a0 */
	put_be32(map, 0x100);
	put_be32(map + 4, 1);
	put_be32(map + 8, 0x4a0);
	put_be32(map + 12, 0x20);
	put_be32(mask, 0x31f);
	write_file(&fx, "sys/devices/pci0000:00/of_node/iommu-map", map, 16);
	write_file(&fx, "sys/devices/pci0000:00/of_node/iommu-map-mask", mask, 4);
	assert_int_equal(pci_stream_id(fx.sys, "0000:01:00.0", &sid), 0);
	assert_int_equal(sid.source, STREAM_ID_DT);
	assert_int_equal(sid.id, 0x4a0);
	assert_non_null(strstr(sid.how, "iommu-map"));

	/* an ACPI boot: the IORT wins */
	write_file(&fx, "sys/firmware/acpi/tables/IORT", t,
		   build_iort(t, 0x10000, false));
	assert_int_equal(pci_stream_id(fx.sys, "0000:01:00.0", &sid), 0);
	assert_int_equal(sid.source, STREAM_ID_IORT);
	assert_int_equal(sid.id, 0x10100);

	assert_int_equal(pci_stream_id(fx.sys, "01:00.0", &sid), -EINVAL);
	fixture_destroy(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dt_qemu_identity),
		cmocka_unit_test(test_dt_offset_and_mask),
		cmocka_unit_test(test_iort_offset),
		cmocka_unit_test(test_iort_no_smmu),
		cmocka_unit_test(test_iort_malformed),
		cmocka_unit_test(test_sysfs_sources),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
