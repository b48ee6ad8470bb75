# atctests: flat and boring on purpose. configure writes config.mak.

CONFIG_GOALS := clean distclean help
ifeq ($(filter $(CONFIG_GOALS),$(MAKECMDGOALS)),)
include config.mak
endif

DESTDIR ?=
# V=1 shows the compiler command lines
Q = $(if $(V),,@)
BINDIR = $(PREFIX)/bin
LIBDIR = $(PREFIX)/lib/atctests
DATADIR = $(PREFIX)/share/atctests
MANDIR = $(PREFIX)/share/man/man1

# snprintf into fixed buffers truncates on purpose: bounded, never overflows.
WARN = -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wstrict-prototypes -Wno-format-truncation
BASE_CFLAGS = -std=gnu11 -g $(WARN) -I. -Isuite $(KMOD_CFLAGS) $(JSONC_CFLAGS) \
	-D_GNU_SOURCE -MMD -MP
OPT_CFLAGS = -O2 -D_FORTIFY_SOURCE=2
ifeq ($(SANITIZERS),yes)
OPT_CFLAGS = -O1 $(SAN_FLAGS)
endif
LIBS = $(KMOD_LIBS) $(JSONC_LIBS) -lpthread -lm

LIB_SRCS = suite/tap.c suite/pci.c suite/safety.c suite/kmsg.c \
	suite/expect.c suite/results.c suite/workload.c suite/fio.c \
	suite/injector.c suite/inventory.c suite/options.c suite/check.c \
	suite/registry.c suite/runner.c suite/probe.c suite/observe.c \
	suite/load.c suite/arming.c suite/scenario.c suite/isolation.c suite/tracefs.c \
	suite/soak.c suite/hwinject.c suite/atc_model.c suite/verdict.c \
	suite/streamid.c suite/irq.c suite/diskstat.c
TEST_SRCS = $(sort $(wildcard suite/tests/*.c))
UNIT_SRCS = $(sort $(wildcard suite/unit/test_*.c))
UNIT_HELPERS = suite/unit/sysfs_fixture.c
UNIT_NAMES = $(basename $(notdir $(UNIT_SRCS)))
REPORT_SRCS = reports/report.c reports/escape.c reports/junit.c \
	reports/markdown.c reports/kcidb.c reports/html.c reports/timeline.c \
	reports/terminal.c reports/validation.c reports/matrix.c reports/headline.c
UNIT_NAMES += $(basename $(notdir $(wildcard reports/tests/test_report_*.c)))

# Two builds side by side: plain (installed, valgrind) and ASan+UBSan.
PLAIN = build/plain
ASAN = build/asan
objs = $(patsubst %.c,$(1)/%.o,$(2))

all: suite/atctests reports/atc-report

suite/atctests: $(call objs,$(PLAIN),$(LIB_SRCS) $(TEST_SRCS) suite/main.c)
	@echo "  LD      $@"
	$(Q)$(CC) $(OPT_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(ASAN)/atctests: $(call objs,$(ASAN),$(LIB_SRCS) $(TEST_SRCS) suite/main.c)
	@echo "  LD      $@"
	$(Q)$(CC) $(SAN_FLAGS) -o $@ $^ $(LIBS)

reports/atc-report: $(call objs,$(PLAIN),$(REPORT_SRCS) reports/main.c)
	@echo "  LD      $@"
	$(Q)$(CC) $(OPT_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(JSONC_LIBS) -lm

$(ASAN)/atc-report: $(call objs,$(ASAN),$(REPORT_SRCS) reports/main.c)
	@echo "  LD      $@"
	$(Q)$(CC) $(SAN_FLAGS) -o $@ $^ $(JSONC_LIBS) -lm

# The commit built, not the one configure saw: results name what ran.
# Rewritten only when it changes, so nothing rebuilds for nothing.
build/version.h: FORCE
	@mkdir -p build
	@v=$$(git describe --always --dirty 2>/dev/null || echo '$(ATC_VERSION)'); \
	echo "#define ATC_BUILD_VERSION \"$$v\"" >$@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(PLAIN)/suite/main.o $(PLAIN)/suite/runner.o: build/version.h
$(ASAN)/suite/main.o $(ASAN)/suite/runner.o: build/version.h

# CPPFLAGS, CFLAGS and LDFLAGS from the environment (a distribution's
# hardening) apply to the plain build, the one installed.
$(PLAIN)/%.o: %.c config.h
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(BASE_CFLAGS) $(OPT_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(ASAN)/%.o: %.c config.h
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(BASE_CFLAGS) -O1 $(SAN_FLAGS) -c -o $@ $<

$(PLAIN)/unit/%: $(PLAIN)/suite/unit/%.o $(call objs,$(PLAIN),$(LIB_SRCS) $(UNIT_HELPERS))
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) -o $@ $^ $(LIBS) $(CMOCKA_LIBS)

$(ASAN)/unit/%: $(ASAN)/suite/unit/%.o $(call objs,$(ASAN),$(LIB_SRCS) $(UNIT_HELPERS))
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(SAN_FLAGS) -o $@ $^ $(LIBS) $(CMOCKA_LIBS)

# The report tests: a longer pattern than $(PLAIN)/unit/%, so make picks it.
$(PLAIN)/unit/test_report_%: $(PLAIN)/reports/tests/test_report_%.o $(call objs,$(PLAIN),$(REPORT_SRCS))
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) -o $@ $^ $(JSONC_LIBS) $(CMOCKA_LIBS) -lm

$(ASAN)/unit/test_report_%: $(ASAN)/reports/tests/test_report_%.o $(call objs,$(ASAN),$(REPORT_SRCS))
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(CC) $(SAN_FLAGS) -o $@ $^ $(JSONC_LIBS) $(CMOCKA_LIBS) -lm

UNIT_PLAIN = $(addprefix $(PLAIN)/unit/,$(UNIT_NAMES))
UNIT_ASAN = $(addprefix $(ASAN)/unit/,$(UNIT_NAMES))

# libFuzzer targets, one per parser of outside input, built with clang
# (FUZZ_CC) against the real sources. Seeds: suite/fuzz/corpus/TARGET/ and
# reports/fuzz/corpus/results/. clang knows no -Wno-format-truncation.
FUZZ = build/fuzz
FUZZ_SECONDS ?= 300
FUZZ_CFLAGS = -std=gnu11 -g -O1 $(filter-out -Wno-format-truncation,$(WARN)) \
	-I. -Isuite $(JSONC_CFLAGS) -D_GNU_SOURCE -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_TARGETS = fuzz_pci fuzz_kmsg fuzz_fio fuzz_expect fuzz_results
FUZZ_BINS = $(addprefix $(FUZZ)/,$(FUZZ_TARGETS))

$(FUZZ)/fuzz_pci: suite/fuzz/fuzz_pci.c suite/pci.c
$(FUZZ)/fuzz_kmsg: suite/fuzz/fuzz_kmsg.c suite/kmsg.c suite/pci.c
$(FUZZ)/fuzz_fio: suite/fuzz/fuzz_fio.c suite/fio.c
$(FUZZ)/fuzz_expect: suite/fuzz/fuzz_expect.c suite/expect.c
$(FUZZ)/fuzz_results: reports/fuzz/fuzz_results.c $(REPORT_SRCS)
$(FUZZ_BINS): $(wildcard suite/*.h reports/*.h) config.mak
	@test -n "$(FUZZ_CC)" || { echo "FUZZ_CC is not set: configured with --disable-check (or before the fuzz targets); run ./configure without it" >&2; exit 1; }
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^) $(JSONC_LIBS) -lm

fuzz-build: $(FUZZ_BINS)

# Each target for FUZZ_SECONDS, from a scratch copy of its corpus under
# build/fuzz/corpus/ (kept between runs; the repository is never written).
# A crash, leak or hang leaves its input in build/fuzz/artifacts/TARGET/.
fuzz: $(FUZZ_BINS)
	@status=0; for t in $(FUZZ_TARGETS); do \
		case $$t in \
		fuzz_results) seeds=reports/fuzz/corpus/results ;; \
		*) seeds=suite/fuzz/corpus/$${t#fuzz_} ;; \
		esac; \
		mkdir -p $(FUZZ)/corpus/$$t $(FUZZ)/artifacts/$$t && \
		cp $$seeds/* $(FUZZ)/corpus/$$t/ || exit 1; \
		echo "  FUZZ    $$t for $(FUZZ_SECONDS) s (log: $(FUZZ)/$$t.log)"; \
		if $(FUZZ)/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=25 \
			-artifact_prefix=$(FUZZ)/artifacts/$$t/ -print_final_stats=1 \
			$(FUZZ)/corpus/$$t >$(FUZZ)/$$t.log 2>&1; then \
			grep '^Done ' $(FUZZ)/$$t.log; \
		else \
			status=1; tail -n 40 $(FUZZ)/$$t.log; \
			echo "FAIL: $$t; the input is in $(FUZZ)/artifacts/$$t/"; \
		fi; \
	done; exit $$status

config.mak:
	@sh ci/install-deps
	./configure

config.h: config.mak

# Every check writes TAP into build/check; ci/tap-summary adds them up.
# VM_KERNELS= (empty) leaves out the runs on real kernels in QEMU; a
# NAME-arm64 kernel runs on the arm64 machine (SMMUv3). VM_GROUPS narrows
# what some kernels run (KERNEL=GROUP,...; ci/check-vm): every group still
# runs on another kernel, and `make check-full` runs them all.
CHECK = build/check
VM_KERNELS ?= debian-6.1 debian-7.2 debian-6.12-arm64
VM_GROUPS ?= debian-7.2=controls \
	debian-6.12-arm64=core,crosscheck,stale-atc
# Without arm64 7.2 among them, make check still runs its positive control
# of the device ATC model (the responder answering the SMMUv3's reports).
# LAB_KERNELS: the kernels ci/check-lab installs the packages on (the
# lab's way, 10 minutes on 2 cores): none in make check, whose time it
# would take over the hour; make check-lab and make check-full run it.
LAB_KERNELS ?=
# Everything: x86 6.12 and arm64 6.1 and 7.2 too, every group on every
# kernel, the mutants and the injector's faulty builds on arm64 7.2 as
# well, and the lab.
FULL_KERNELS = debian-6.1 debian-6.12 debian-7.2 debian-6.1-arm64 \
	debian-6.12-arm64 debian-7.2-arm64
check: suite/atctests $(ASAN)/atctests $(UNIT_PLAIN) $(UNIT_ASAN) \
	reports/atc-report $(ASAN)/atc-report
	@test "$(CHECKS)" != no || { echo "make check: configured with --disable-check (packages only); run ./configure without it" >&2; exit 2; }
	@rm -rf $(CHECK) && mkdir -p $(CHECK)
	@sh ci/check-unit $(CHECK) $(PLAIN)/unit $(ASAN)/unit
	@sh ci/check-runner $(CHECK) suite/atctests $(ASAN)/atctests
	@sh ci/check-bad-input $(CHECK) suite/atctests $(ASAN)/atctests
	@sh ci/check-valgrind $(CHECK) suite/atctests $(UNIT_PLAIN)
	@sh ci/check-reports $(CHECK) reports/atc-report $(ASAN)/atc-report
	@sh ci/check-lava $(CHECK) suite/atctests
	@sh ci/check-shell $(CHECK)
	@sh ci/check-tools $(CHECK)
	@sh ci/check-packages $(CHECK)
	@sh ci/check-kernels $(CHECK) suite/atctests
	@sh ci/check-fio-identity $(CHECK)
	@sh ci/check-fio-missing-disk $(CHECK)
	@sh ci/check-fuzz $(CHECK)
	@sh ci/check-module $(CHECK)
	@sh ci/check-qemu-ite $(CHECK)
	@sh ci/check-qemu-atc-model $(CHECK)
	@sh ci/check-qemu-smmuv3-atc $(CHECK)
	@sh ci/check-qemu-atc-model-smmuv3 $(CHECK)
	$(if $(VM_KERNELS),@sh ci/check-watchdog $(CHECK) $(firstword $(VM_KERNELS)))
	$(if $(VM_KERNELS),@sh ci/check-faults $(CHECK) $(firstword $(VM_KERNELS)))
	@ATC_VM_GROUPS="$(VM_GROUPS)" sh ci/check-vm $(CHECK) $(VM_KERNELS)
	$(if $(filter debian-7.2,$(VM_KERNELS)),@sh ci/check-mutants $(CHECK) debian-7.2)
	$(if $(filter debian-7.2-arm64,$(VM_KERNELS)),@sh ci/check-mutants $(CHECK) debian-7.2-arm64,$(if $(VM_KERNELS),@sh ci/check-mutants $(CHECK) debian-7.2-arm64 reviewed:iommu-reports))
	$(if $(filter debian-6.1,$(VM_KERNELS)),@sh ci/check-injector-faults $(CHECK) debian-6.1)
	@for k in $(LAB_KERNELS); do sh ci/check-lab $(CHECK) $$k || exit 1; done
	$(if $(filter debian-7.2,$(VM_KERNELS)),@sh ci/check-injector-faults $(CHECK) debian-7.2)
	$(if $(filter debian-7.2-arm64,$(VM_KERNELS)),@sh ci/check-injector-faults $(CHECK) debian-7.2-arm64)
	@sh ci/check-validation $(CHECK) reports/atc-report
	@sh ci/check-arm64-tables $(CHECK) reports/atc-report
	@sh ci/tap-summary $(CHECK)

# The cmocka unit tests alone, plain and under ASan+UBSan (packaging).
unit-check: $(UNIT_PLAIN) $(UNIT_ASAN)
	@rm -rf build/check-unit && mkdir -p build/check-unit
	@sh ci/check-unit build/check-unit $(PLAIN)/unit $(ASAN)/unit
	@sh ci/tap-summary build/check-unit

# Every group on every kernel, x86 6.12 and arm64 6.1 and 7.2 too.
check-full:
	@$(MAKE) check VM_KERNELS="$(FULL_KERNELS)" VM_GROUPS= LAB_KERNELS=debian-6.1

# The packages installed and tested the lab's way (ci/check-lab) on 6.1,
# after the host checks that build them.
LAB_CHECK = build/check-lab
check-lab: suite/atctests
	@test "$(CHECKS)" != no || { echo "make check-lab: configured with --disable-check (packages only); run ./configure without it" >&2; exit 2; }
	@rm -rf $(LAB_CHECK) && mkdir -p $(LAB_CHECK)
	@sh ci/check-packages $(LAB_CHECK)
	@sh ci/check-lab $(LAB_CHECK) debian-6.1
	@sh ci/tap-summary $(LAB_CHECK)

# The arm64 machine (virt, SMMUv3; QEMU built with injectors/qemu's
# patches): the SMMUv3 model over qtest against stock QEMU, then every
# group of ci/check-vm on ARM64_KERNELS, and the mutants and the
# injector's faulty builds on 7.2. make check runs part of 6.12's.
ARM64_CHECK = build/check-arm64
ARM64_KERNELS ?= debian-6.1-arm64 debian-6.12-arm64 debian-7.2-arm64
check-arm64: suite/atctests reports/atc-report
	@rm -rf $(ARM64_CHECK) && mkdir -p $(ARM64_CHECK)
	@sh ci/check-qemu-smmuv3-atc $(ARM64_CHECK)
	@sh ci/check-qemu-atc-model-smmuv3 $(ARM64_CHECK)
	@sh ci/check-vm $(ARM64_CHECK) $(ARM64_KERNELS)
	$(if $(filter debian-7.2-arm64,$(ARM64_KERNELS)),@sh ci/check-mutants $(ARM64_CHECK) debian-7.2-arm64)
	$(if $(filter debian-7.2-arm64,$(ARM64_KERNELS)),@sh ci/check-injector-faults $(ARM64_CHECK) debian-7.2-arm64)
	@sh ci/check-arm64-tables $(ARM64_CHECK) reports/atc-report
	@sh ci/tap-summary $(ARM64_CHECK)

# The main job: the catalogue in a VM on the default kernel (debian-6.1).
# ATC_VM_ARGS passes options on, e.g. ATC_VM_ARGS="--kernel debian-7.2".
run: suite/atctests reports/atc-report
	@sh ci/vm/atc-vm $(ATC_VM_ARGS); status=$$?; \
		sh ci/report-all results/latest reports/atc-report; exit $$status

# The suite's own costs (ci/bench): injector overhead, wall time per
# kernel, invalidations per workload. A benchmark: it prints numbers and
# judges nothing. BENCH_KERNEL, BENCH_REPS and BENCH_SECONDS tune it.
BENCH_KERNEL ?= debian-6.1
bench: suite/atctests
	@sh ci/bench $(BENCH_KERNEL)

install: suite/atctests reports/atc-report
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/workloads \
		$(DESTDIR)$(DATADIR)/expect $(DESTDIR)$(MANDIR)
	install -m 0755 suite/atctests $(DESTDIR)$(BINDIR)/atctests
	install -m 0755 reports/atc-report $(DESTDIR)$(BINDIR)/atc-report
	install -m 0644 suite/atctests.1 $(DESTDIR)$(MANDIR)/atctests.1
	install -m 0644 reports/atc-report.1 $(DESTDIR)$(MANDIR)/atc-report.1
	for f in workloads/*.fio workloads/*.job; do \
		[ -e "$$f" ] && install -m 0644 "$$f" $(DESTDIR)$(DATADIR)/workloads/; \
	done; true
	for f in ci/expect/*; do \
		[ -e "$$f" ] && install -m 0644 "$$f" $(DESTDIR)$(DATADIR)/expect/; \
	done; true

# The injector's source where DKMS takes it (/usr/src/atc_inject-VERSION),
# for the distribution packages: DKMS builds it for the running kernel.
DKMS_VERSION = $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' injectors/atc_inject/dkms.conf)
DKMS_SRCDIR = $(PREFIX)/src/atc_inject-$(DKMS_VERSION)
install-dkms:
	install -d $(DESTDIR)$(DKMS_SRCDIR)
	install -m 0644 injectors/atc_inject/*.c injectors/atc_inject/*.h \
		injectors/atc_inject/Kbuild injectors/atc_inject/Makefile \
		$(DESTDIR)$(DKMS_SRCDIR)/
	sed 's/^PACKAGE_VERSION=.*/PACKAGE_VERSION="$(DKMS_VERSION)"/' \
		injectors/atc_inject/dkms.conf >$(DESTDIR)$(DKMS_SRCDIR)/dkms.conf

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/atctests $(DESTDIR)$(BINDIR)/atc-report \
		$(DESTDIR)$(MANDIR)/atctests.1 $(DESTDIR)$(MANDIR)/atc-report.1
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(LIBDIR)

clean:
	rm -rf build suite/atctests reports/atc-report

distclean: clean
	rm -f config.mak config.h config.log

help:
	@echo "targets: all check check-full check-arm64 check-lab unit-check run bench fuzz install install-dkms uninstall clean distclean"

.PHONY: all check check-full check-arm64 check-lab unit-check run bench fuzz fuzz-build install install-dkms uninstall clean distclean help FORCE
.SECONDARY:

-include $(shell find build -name '*.d' 2>/dev/null)
