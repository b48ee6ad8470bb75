// SPDX-License-Identifier: GPL-2.0
/* PCI through sysfs: addresses, config-space parsing, links, disks. */
#include "unit.h"
#include "pci.h"
#include "sysfs_fixture.h"

#include <string.h>

static void test_bdf(void **state)
{
	char out[PCI_BDF_LEN];

	(void)state;
	assert_true(pci_bdf_normalise("01:00.0", out));
	assert_string_equal(out, "0000:01:00.0");
	assert_true(pci_bdf_normalise("0001:FF:1f.7", out));
	assert_string_equal(out, "0001:ff:1f.7");
	assert_false(pci_bdf_normalise("1:00.0", out));
	assert_false(pci_bdf_normalise("0000:01:00.8", out));
	assert_false(pci_bdf_normalise("0000:01:20.0", out));
	assert_false(pci_bdf_normalise("0000:01:00.0x", out));
	assert_false(pci_bdf_normalise("", out));
	assert_false(pci_bdf_normalise(NULL, out));
	assert_int_equal(pci_bdf_requester_id("0000:01:00.0"), 0x100);
	assert_int_equal(pci_bdf_requester_id("0000:02:01.3"), 0x20b);
}

static void test_conventional_device_has_no_ats(void **state)
{
	struct pci_config cfg;
	struct ats_state ats;

	(void)state;
	/* a virtio-blk (1af4:1042) on conventional PCI: 256 bytes */
	assert_int_equal(pci_config_load(FIXTURES "/config/virtio-1042-legacy-pci.bin", &cfg), 0);
	assert_int_equal(cfg.len, 256);
	assert_int_equal(cfg.data[0], 0xf4);
	assert_int_equal(pci_ext_cap_find(&cfg, PCI_EXT_CAP_ID_ATS), -1);
	pci_ats_parse(&cfg, &ats);
	assert_false(ats.present);
}

/* Dumped in the VM platform's guest from QEMU's ATS-capable functions. */
static void test_ats_after_aer(void **state)
{
	struct pci_config cfg;
	struct ats_state ats;

	(void)state;
	/* virtio-blk-pci ats=on,aer=on: AER at 0x100, then ATS at 0x148 */
	assert_int_equal(pci_config_load(FIXTURES "/config/qemu-virtio-blk-ats-aer.bin", &cfg), 0);
	assert_int_equal(cfg.len, 4096);
	assert_int_equal(pci_ext_cap_find(&cfg, 0x0001), 0x100);
	pci_ats_parse(&cfg, &ats);
	assert_true(ats.present);
	assert_int_equal(ats.cap, 0x148);
	assert_int_equal(ats.control, 0x8000);
	assert_true(ats.enabled);
}

static void test_ats_first(void **state)
{
	struct pci_config cfg;
	struct ats_state ats;

	(void)state;
	/* virtio-net-pci ats=on without AER: ATS is the first capability */
	assert_int_equal(pci_config_load(FIXTURES "/config/qemu-virtio-net-ats.bin", &cfg), 0);
	pci_ats_parse(&cfg, &ats);
	assert_true(ats.present);
	assert_int_equal(ats.cap, 0x100);
	assert_true(ats.enabled);
}

static void test_pcie_without_ats(void **state)
{
	static const char *const dumps[] = {
		FIXTURES "/config/qemu-nvme.bin",
		FIXTURES "/config/qemu-virtio-blk-export.bin",
	};
	struct pci_config cfg;
	struct ats_state ats;

	(void)state;
	/* PCIe functions with 4 KiB of config space and no ATS */
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(pci_config_load(dumps[i], &cfg), 0);
		assert_int_equal(cfg.len, 4096);
		pci_ats_parse(&cfg, &ats);
		assert_false(ats.present);
	}
}

static void test_empty_extended_space(void **state)
{
	struct pci_config cfg;

	(void)state;
	/* a host bridge with 4 KiB of config space and no ext capability */
	assert_int_equal(pci_config_load(FIXTURES "/config/host-bridge-8086-0d57.bin", &cfg), 0);
	assert_int_equal(cfg.len, 4096);
	assert_int_equal(pci_ext_cap_find(&cfg, PCI_EXT_CAP_ID_ATS), -1);
}

static void test_looping_capability_list(void **state)
{
	struct pci_config cfg = { .len = 4096 };

	(void)state;
	/* a capability (id 1) whose next pointer is itself: bounded walk */
	cfg.data[0x100] = 0x01;
	cfg.data[0x102] = 0x01;
	cfg.data[0x103] = 0x10;
	assert_int_equal(pci_ext_cap_find(&cfg, PCI_EXT_CAP_ID_ATS), -1);
	assert_int_equal(pci_ext_cap_find(&cfg, 0x0001), 0x100);
}

static void test_sysfs_walk(void **state)
{
	struct sysfs_fixture fx;
	struct pci_block disks[8];
	char name[64];
	int n;

	(void)state;
	assert_int_equal(fixture_create(&fx), 0);
	assert_int_equal(fixture_pci(&fx, "0000:00:03.0", "0000:02:00.0",
				     FIXTURES "/config/virtio-1042-legacy-pci.bin",
				     "nvme"), 0);
	assert_int_equal(fixture_pci(&fx, "0000:00:02.0", "0000:01:00.0",
				     FIXTURES "/config/virtio-1042-legacy-pci.bin",
				     "virtio-pci"), 0);
	assert_int_equal(fixture_disk(&fx, "0000:00:02.0", "0000:01:00.0",
				      "virtio1", "vda", 254, "vda1"), 0);
	assert_true(pci_device_exists(fx.sys, "0000:01:00.0"));
	assert_false(pci_device_exists(fx.sys, "0000:03:00.0"));
	assert_int_equal(pci_link_name(fx.sys, "0000:01:00.0", "driver", name,
				       sizeof(name)), 0);
	assert_string_equal(name, "virtio-pci");
	assert_int_not_equal(pci_link_name(fx.sys, "0000:01:00.0", "iommu",
					   name, sizeof(name)), 0);
	assert_string_equal(name, "none");
	n = pci_block_devices(fx.sys, "0000:01:00.0", disks, 8);
	assert_int_equal(n, 2);
	assert_int_equal(pci_block_devices(fx.sys, "0000:02:00.0", disks, 8), 0);
	fixture_destroy(&fx);
}

static void test_iommu_family(void **state)
{
	(void)state;
	assert_string_equal(pci_iommu_family("dmar0"), "intel-vtd");
	assert_string_equal(pci_iommu_family("ivhd0"), "amd-vi");
	assert_string_equal(pci_iommu_family("smmu3.0x0000000009050000"), "arm-smmu-v3");
	assert_string_equal(pci_iommu_family("none"), "none");
	assert_string_equal(pci_iommu_family("virtio-iommu"), "other");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bdf),
		cmocka_unit_test(test_conventional_device_has_no_ats),
		cmocka_unit_test(test_ats_after_aer),
		cmocka_unit_test(test_ats_first),
		cmocka_unit_test(test_pcie_without_ats),
		cmocka_unit_test(test_empty_extended_space),
		cmocka_unit_test(test_looping_capability_list),
		cmocka_unit_test(test_sysfs_walk),
		cmocka_unit_test(test_iommu_family),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
