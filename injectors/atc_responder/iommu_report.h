/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IOMMU's own report of an ATC invalidation timeout (iommu_reports=1),
 * for runs where the device really stops answering (the hardware-level
 * injector) and atc_inject injects nothing.
 */
#ifndef ATC_RESPONDER_IOMMU_REPORT_H
#define ATC_RESPONDER_IOMMU_REPORT_H

/* Called for each report, in the IOMMU's interrupt: must not sleep. */
typedef void (*iommu_report_fn)(void);

int iommu_reports_start(iommu_report_fn fn);
void iommu_reports_stop(void);

#endif /* ATC_RESPONDER_IOMMU_REPORT_H */
