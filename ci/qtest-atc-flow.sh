# shellcheck shell=sh disable=SC2154 # qt_*, sd, work and the hooks' results come from ci/qtest-session.sh and the caller
# The device ATC model's flow for qtest checks (sourced after
# ci/qtest-session.sh): a virtio-blk DUT behind the IOMMU reads sector 0, a
# known pattern, into an IOVA, and the page the data lands in tells which
# translation the device used: its first read (page A), the second from its
# ATC (fill), after a processed invalidation and a remap (flush: page B),
# after an unanswered one and a remap (stale: still page B, not C), once
# ATS Enable is cleared (fenced: refused, page C). atc_model_checks runs it
# with the model on, then off (the negative control: the stale read lands
# in page C), and says what it saw in TAP.
#
# The caller sets BAR (the DUT's virtio 1.x memory BAR), ECAM, SID (the
# DUT's BDF), IOMMU_QOM, IOVA (the ring's IOVA; the request at IOVA +
# 0x1000, the data at DATA_IOVA), RING and REQ (their guest pages), PAGE_A,
# PAGE_B, PAGE_C and PATTERN (the first word of sector 0), and defines
#   start_session NAME MODEL   QEMU on qtest, ats-device-atc=MODEL, the
#                              DUT's disk a virtio_image
#   setup_iommu                translation on for the DUT; iommu_ok 1/0
#                              and iommu_what (evidence)
#   setup_pci                  the BAR mapped, bus mastering, ats_enable 1
#   devtlb_inval IOVA          an ATC invalidation of one 4 KiB page
#   time_out                   after an unanswered one: the IOMMU's time-out,
#                              acknowledged so that its queue moves on
#   tlb_inval                  the IOMMU's own TLB emptied
#   map_data GPA               the data IOVA pointed at GPA

zero_page() {
	qt memset "$(hex "$1")" 0x1000 0
}

# virtio_image FILE: a 1 MiB disk image whose sector 0 is 0xa5 bytes.
virtio_image() {
	head -c 512 /dev/zero | tr '\0' '\245' >"$1"
	truncate -s 1M "$1"
}

# setup_virtio: the common configuration (BAR + 0) through DRIVER_OK, with
# VIRTIO_F_ACCESS_PLATFORM (the IOMMU translates), and the request's three
# chained descriptors (header, data, status); vstatus is the device status.
setup_virtio() {
	wb $((BAR + 0x14)) 0
	wb $((BAR + 0x14)) 1
	wb $((BAR + 0x14)) 3
	wl $((BAR + 0x08)) 1
	wl $((BAR + 0x0c)) 3 # VERSION_1, ACCESS_PLATFORM
	wb $((BAR + 0x14)) 11
	ww $((BAR + 0x16)) 0
	ww $((BAR + 0x18)) 8
	wq $((BAR + 0x20)) "$IOVA"
	wq $((BAR + 0x28)) $((IOVA + 0x100))
	wq $((BAR + 0x30)) $((IOVA + 0x200))
	ww $((BAR + 0x1c)) 1
	wb $((BAR + 0x14)) 15
	rb $((BAR + 0x14))
	vstatus=$val
	wl "$REQ" 0 # VIRTIO_BLK_T_IN
	wl $((REQ + 4)) 0
	wq $((REQ + 8)) 0 # sector 0
	wq "$RING" $((IOVA + 0x1000))
	wq $((RING + 8)) $((16 | (1 << 32) | (1 << 48)))
	wq $((RING + 16)) "$DATA_IOVA"
	wq $((RING + 24)) $((512 | (3 << 32) | (2 << 48)))
	wq $((RING + 32)) $((IOVA + 0x1100))
	wq $((RING + 40)) $((1 | (2 << 32)))
	requests=0
}

# read_sector: one request; done is 1 once the device used it.
read_sector() {
	wb $((REQ + 0x100)) 0xff
	ww $((RING + 0x104 + (requests % 8) * 2)) 0
	requests=$((requests + 1))
	ww $((RING + 0x102)) $requests
	ww $((BAR + 0x3000)) 0 # notify queue 0
	done=0
	n=0
	while [ $n -lt 50 ]; do
		rw $((RING + 0x202))
		if [ "$val" -eq "$requests" ]; then
			done=1
			return
		fi
		sleep 0.05
		n=$((n + 1))
	done
}

# landed: which page holds the pattern (A, B, C, or none).
landed() {
	landed=none
	for p in "A:$PAGE_A" "B:$PAGE_B" "C:$PAGE_C"; do
		rl "${p#*:}"
		if [ "$(hex "$val")" = "$PATTERN" ]; then
			landed=${p%%:*}
			return
		fi
	done
}

ecam_ww() { # BDF REG VALUE: a 16-bit write to extended config space
	qt writew "$(hex $((ECAM + ($1 << 12) + $2)))" "$(hex "$3")"
}

# ats: the offset of the DUT's ATS extended capability (ID 0x000f).
ats_cap() {
	ats=$((0x100))
	while [ "$ats" -ne 0 ]; do
		qt readl "$(hex $((ECAM + (SID << 12) + ats)))"
		hdr=$((qt_val))
		[ $((hdr & 0xffff)) -eq 15 ] && return
		ats=$(((hdr >> 20) & 0xffc))
	done
}

# ats_enable 1|0: the DUT's ATS Enable bit.
ats_enable() {
	ecam_ww $((SID)) $((ats + 6)) $(($1 << 15))
}

qom_stat() { # the ATC model's counter NAME into stat
	qom_get "$IOMMU_QOM" "$1"
	stat=${qom_val:-none}
}
is() {
	desc=$1
	shift
	if [ "$@" ]; then
		tap_ok "$desc"
	else
		tap_fail "$desc" "condition: $*" \
			"qtest (last lines):" "$(tail -n 12 "$sd/qtest.log")" \
			"qemu stderr: $(tail -n 5 "$sd/qemu.err")"
	fi
}

# run_flow NAME MODEL: the whole flow; r_* where the data landed, s_* the
# model's counters.
run_flow() {
	if ! start_session "$1" "$2"; then
		tap_fail "QEMU ($1) starts on qtest with QMP" "reply: $qt_reply / $qmp_reply" \
			"$(tail -n 10 "$work/$1/qemu.err")"
		return 1
	fi
	setup_iommu
	setup_pci
	setup_virtio
	for p in $PAGE_A $PAGE_B $PAGE_C; do zero_page "$p"; done
	read_sector
	done1=$done
	landed
	r_first=$landed
	zero_page "$PAGE_A"
	read_sector
	landed
	r_fill=$landed
	qom_stat atc-served
	s_fill=$stat

	# flush: processed, then the IOVA remapped to page B
	devtlb_inval "$DATA_IOVA"
	map_data "$PAGE_B"
	tlb_inval
	zero_page "$PAGE_A"
	read_sector
	landed
	r_flush=$landed

	# stale: unanswered, remapped to page C
	qom_set "$IOMMU_QOM" ats-unresponsive-sid $((SID))
	devtlb_inval "$DATA_IOVA"
	time_out
	qom_stat ats-ite-count
	s_ites=$stat
	map_data "$PAGE_C"
	tlb_inval
	zero_page "$PAGE_B"
	read_sector
	landed
	r_stale=$landed
	qom_stat atc-stale-served
	s_stale=$stat
	qom_stat atc-stale-pages
	s_pages=$stat

	# fenced: ATS Enable cleared, the device still unresponsive
	ats_enable 0
	zero_page "$PAGE_B"
	zero_page "$PAGE_C"
	read_sector
	landed
	r_fenced=$landed
	qom_stat atc-stale-refused
	s_refused=$stat
	qtest_stop
}

# atc_model_checks: the flow with the model on, then off.
atc_model_checks() {
	if run_flow model-on on; then
		is "patched QEMU: $iommu_what, ATS at 0x$(printf %x "$ats"), virtio DRIVER_OK" \
			"$iommu_ok" -eq 1 -a "$ats" -ne 0 -a $((vstatus & 4)) -ne 0
		is "the device's first read lands in the mapped page (A)" "$done1:$r_first" = 1:A
		is "fill: the second read is served from the device's ATC (atc-served $s_fill)" \
			"$r_fill" = A -a "$s_fill" != none -a "${s_fill:-0}" -gt 0
		is "flush: a processed ATC invalidation, the IOVA remapped: data in the new page (B)" \
			"$r_flush" = B
		is "stale: the invalidation left unprocessed (the IOMMU's time-out, ats-ite-count $s_ites), the IOVA remapped: data in the old page (B, not C)" \
			"$r_stale:$s_ites" = B:1
		is "stale: atc-stale-served $s_stale, atc-stale-pages $s_pages" \
			"$s_stale" = 1 -a "$s_pages" = 1
		is "fenced: ATS Enable cleared, the stale entry refused (atc-stale-refused $s_refused), data in the new page (C)" \
			"$r_fenced:$s_refused" = C:1
	fi

	# negative control: the same flow with the model off
	if run_flow model-off off; then
		is "model off (negative control): the unanswered invalidation leaves nothing stale, data in the new page (C)" \
			"$r_stale:$s_stale" = C:0
	fi
}
