# shellcheck shell=sh
# One QEMU at a time on the qtest accelerator, with QMP, driven from a shell
# check that plays a guest driver: qtest_start DIR QEMU ARG..., then qt
# (qtest text protocol), qmp, the memory helpers, and qtest_stop. Sourced by
# ci/check-qemu-ite and ci/check-qemu-smmuv3-atc; needs socat.
#
# Replies: qt_reply (qt_val without "OK "), val (rl, rq), qmp_reply, qom_val.
# Asynchronous "IRQ raise N" / "IRQ lower N" lines (irq_intercept_in) go to
# DIR/irq.log in the order QEMU sent them; the session log is DIR/qtest.log.

qt_reply=''
qt_val=''
qmp_reply=''
qpid=''
spid=''
wpid=''
sd=''
qtest_cr=$(printf '\r')

qtest_stop() {
	exec 5>&- 6<&- 7>&- 8<&- 2>/dev/null
	for p in $wpid $spid $qpid; do
		kill "$p" 2>/dev/null
	done
	for p in $wpid $spid $qpid; do
		wait "$p" 2>/dev/null
	done
	qpid=''
	spid=''
	wpid=''
}

# qtest_start DIR QEMU ARG...: QEMU ARG... on qtest with QMP, its stderr in
# DIR/qemu.err, killed after 25 s at most; fails unless both answer.
qtest_start() {
	sd=$1
	shift
	mkdir -p "$sd"
	mkfifo "$sd/qt.in" "$sd/qt.out" "$sd/qmp.in" "$sd/qmp.out"
	"$@" -accel qtest -qtest stdio -nodefaults -display none \
		-qmp "unix:$sd/qmp.sock,server=on,wait=off" \
		<"$sd/qt.in" >"$sd/qt.out" 2>"$sd/qemu.err" &
	qpid=$!
	exec 5>"$sd/qt.in" 6<"$sd/qt.out"
	(
		sleep 25
		kill "$qpid"
	) >/dev/null 2>&1 &
	wpid=$!
	: >"$sd/qtest.log"
	: >"$sd/irq.log"
	qt clock_step 0
	case $qt_reply in
	OK*) ;;
	*) return 1 ;;
	esac
	n=0
	while [ ! -S "$sd/qmp.sock" ] && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	socat "UNIX-CONNECT:$sd/qmp.sock" STDIO <"$sd/qmp.in" >"$sd/qmp.out" 2>>"$sd/qemu.err" &
	spid=$!
	exec 7>"$sd/qmp.in" 8<"$sd/qmp.out"
	IFS= read -r qmp_reply <&8 || return 1 # the greeting
	qmp '{"execute": "qmp_capabilities"}'
	case $qmp_reply in
	*'"return"'*) ;;
	*) return 1 ;;
	esac
}

# qt COMMAND...: one qtest command; the reply in qt_reply, a value in qt_val.
qt() {
	printf '%s\n' "$*" >&5 2>/dev/null
	while :; do
		if ! IFS= read -r qt_reply <&6; then
			qt_reply="EOF (QEMU gone: $(tail -n 3 "$sd/qemu.err" 2>/dev/null))"
			break
		fi
		case $qt_reply in
		'IRQ '*) printf '%s\n' "$qt_reply" >>"$sd/irq.log" ;;
		*) break ;;
		esac
	done
	qt_val=${qt_reply#OK }
	printf '%s -> %s\n' "$*" "$qt_reply" >>"$sd/qtest.log"
}

hex() {
	printf '0x%x' "$1"
}
wq() {
	qt writeq "$(hex "$1")" "$(hex "$2")"
}
wl() {
	qt writel "$(hex "$1")" "$(hex "$2")"
}
ww() {
	qt writew "$(hex "$1")" "$(hex "$2")"
}
wb() {
	qt writeb "$(hex "$1")" "$(hex "$2")"
}
# shellcheck disable=SC2034 # val is for the caller
rq() {
	qt readq "$(hex "$1")"
	val=$((qt_val))
}
# shellcheck disable=SC2034 # val is for the caller
rl() {
	qt readl "$(hex "$1")"
	val=$((qt_val))
}
# shellcheck disable=SC2034 # val is for the caller
rw() {
	qt readw "$(hex "$1")"
	val=$((qt_val))
}
# shellcheck disable=SC2034 # val is for the caller
rb() {
	qt readb "$(hex "$1")"
	val=$((qt_val))
}
step_ms() {
	qt clock_step $(($1 * 1000000))
}

# qmp JSON: the first reply (return or error) in qmp_reply.
qmp() {
	printf '%s\n' "$1" >&7 2>/dev/null
	printf '> %s\n' "$1" >>"$sd/qmp.log"
	while IFS= read -r qmp_reply <&8; do
		qmp_reply=${qmp_reply%"$qtest_cr"}
		printf '< %s\n' "$qmp_reply" >>"$sd/qmp.log"
		case $qmp_reply in
		*'"return"'* | *'"error"'*) return 0 ;;
		esac
	done
	qmp_reply="EOF"
}

# qom_set PATH PROPERTY JSON, qom_get PATH PROPERTY (a number in qom_val).
qom_set() {
	qmp "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"$1\", \"property\": \"$2\", \"value\": $3}}"
}
# shellcheck disable=SC2034 # qom_val is for the caller
qom_get() {
	qmp "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"$1\", \"property\": \"$2\"}}"
	qom_val=$(printf '%s\n' "$qmp_reply" | sed -n 's/.*"return": *\([-0-9]*\).*/\1/p')
}
