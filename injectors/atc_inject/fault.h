/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Injector faults: small, deliberate bugs of the kind each acceptance
 * check exists to catch, so that every such check is seen failing on a
 * module that really has the bug (ci/check-injector-faults). A fault is
 * compiled in only by building with ATC_FAULT=NAME (Kbuild); otherwise
 * atc_fault() is a constant 0 and the compiler drops the faulty branch.
 *
 * NAME                  the bug                                      checks that must fail
 * bad-input-accepted    debugfs numbers and maxactive= not range-    I-bad-input-refused,
 *                       checked                                      I-bad-param-refused
 * deadman-lost          the dead-man is never queued at arm          I-deadman, I-probe-armed-only
 * probes-at-load        site probes enabled at load, never disabled  I-probe-armed-only
 * probes-never-enabled  arming leaves the site probe disabled        I-crosscheck-load
 * target-busy-einval    a target change while armed is refused       I-stress-ops
 *                       with EINVAL, not EBUSY
 * times-ignored         the policy does not stop at times            I-times-5, S-injections
 * probability-ignored   every matching invalidation is injected      I-probability-50
 * seed-ignored          the generator is seeded at random            I-seed-reproducible
 * matcher-any-id        the matcher takes any requester ID as the    C0-target-only,
 *                       target's (the record keeps the real one)     I-stress-events-in-window
 * delay-uncounted       injections in mode delay are not counted     I-stress-counters
 * maxactive-one         one hooked submission at a time              I-stress-probes-missed
 * recovery-unobserved   pcie_do_recovery() on the target itself is   C4-aer-recovery-observed
 *                       missed (only bridges above it are matched)
 * callbacks-from-walker where the driver has no error_detected, the    C4-aer-handlers-observed
 *                       PCI core's report_normal_detected() (run for
 *                       every device) is probed in its place
 * ats-disable-unobserved
 *                       pci_disable_ats() is never probed (on 7.x,   I-observer-matches-tracefs,
 *                       where a function reset calls it)             C2-reset-fences
 * module-ref-leak       a module reference taken at arm, never put   S-module-references,
 *                                                                    S-unloaded,
 *                                                                    U-removed-while-armed,
 *                                                                    I-stress-unload
 */
#ifndef ATC_FAULT_H
#define ATC_FAULT_H

#include <linux/kconfig.h>

/* 1 in the build of fault NAME (dashes as underscores), else 0. */
#define atc_fault(name) IS_ENABLED(ATC_FAULT_##name)

#endif
