// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: a function's config space as sysfs hands it over. The bytes
 * fill struct pci_config the way pci_config_load() does (at most 4096,
 * len the bytes read), then the extended capability walk and the ATS
 * state are taken as pci_ats_read() and the probe take them.
 */
#include "pci.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Capabilities the suite looks for, and one no device has: a full walk. */
static const uint16_t ids[] = {
	PCI_EXT_CAP_ID_ATS, 0x0001 /* AER */, 0x0013 /* PRI */,
	0x001b /* PASID */, 0xffff,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pci_config cfg;
	struct ats_state ats;

	memset(&cfg, 0, sizeof(cfg));
	cfg.len = size < sizeof(cfg.data) ? size : sizeof(cfg.data);
	memcpy(cfg.data, data, cfg.len);

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		int pos = pci_ext_cap_find(&cfg, ids[i]);

		/* a found header lies inside extended config space, aligned */
		if (pos >= 0 && (pos < PCI_EXT_CAP_START || pos % 4 ||
				 (size_t)pos + 4 > cfg.len))
			__builtin_trap();
	}

	pci_ats_parse(&cfg, &ats);
	if (ats.present) {
		if (ats.cap < PCI_EXT_CAP_START ||
		    (size_t)ats.cap + PCI_ATS_CTRL + 2 > cfg.len ||
		    pci_ext_cap_find(&cfg, PCI_EXT_CAP_ID_ATS) != ats.cap ||
		    ats.enabled != !!(ats.control & PCI_ATS_CTRL_ENABLE))
			__builtin_trap();
	} else if (ats.enabled || ats.cap || ats.control) {
		__builtin_trap();
	}
	return 0;
}
