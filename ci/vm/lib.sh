# Shared helpers for the VM platform scripts (sourced, POSIX sh).
# shellcheck shell=sh

ATC_PROG=${ATC_PROG:-$(basename "$0")}

die() {
	echo "$ATC_PROG: $*" >&2
	exit 1
}

usage_error() {
	echo "$ATC_PROG: $*" >&2
	exit 2
}

note() {
	echo "$ATC_PROG: $*" >&2
}

# Seconds since the epoch, and a duration since a start.
now_s() {
	date +%s
}

# The repository root, the platform's data directory and the cache root.
ATC_VM_DIR=$(cd "$(dirname "$0")" && pwd)
ATC_ROOT=$(cd "$ATC_VM_DIR/../.." && pwd)
ATC_CACHE=${ATC_CACHE:-$ATC_ROOT/.cache}
case "$ATC_CACHE" in
/*) ;;
*) ATC_CACHE=$PWD/$ATC_CACHE ;;
esac
export ATC_CACHE

# conf_get FILE SECTION KEY: every value of KEY in [SECTION], one a line.
# Files are ini-like: "[section]", "key = value", "#" comments.
conf_get() {
	awk -v want_sec="$2" -v want_key="$3" '
		/^[ \t]*(#|$)/ { next }
		/^[ \t]*\[/ {
			s = $0; gsub(/^[ \t]*\[|\][ \t]*$/, "", s); sec = s; next
		}
		sec == want_sec {
			k = $0; sub(/[ \t]*=.*/, "", k); gsub(/^[ \t]+/, "", k)
			if (k != want_key) next
			v = $0; sub(/^[^=]*=[ \t]*/, "", v); sub(/[ \t]+$/, "", v)
			print v
		}' "$1"
}

# conf_one FILE SECTION KEY [DEFAULT]: the last value of KEY, or DEFAULT.
conf_one() {
	_v=$(conf_get "$1" "$2" "$3" | tail -n 1)
	if [ -z "$_v" ]; then
		_v=${4-}
	fi
	printf '%s\n' "$_v"
}

# conf_sections FILE: section names in order.
conf_sections() {
	sed -n 's/^[ \t]*\[\(.*\)\][ \t]*$/\1/p' "$1"
}

# kernel_section FILE NAME: the section of kernels.conf NAME stands for:
# NAME itself, or the section its `alias` names (one level). Fails, saying
# nothing, for a name that is neither.
kernel_section() {
	conf_sections "$1" | grep -qxF -- "$2" || return 1
	_alias=$(conf_one "$1" "$2" alias)
	if [ -z "$_alias" ]; then
		printf '%s\n' "$2"
		return 0
	fi
	conf_sections "$1" | grep -qxF -- "$_alias" || return 1
	[ -z "$(conf_one "$1" "$_alias" alias)" ] || return 1
	printf '%s\n' "$_alias"
}

# kernel_names FILE: every name a kernel can be given by, sections and
# aliases, on one line.
kernel_names() {
	conf_sections "$1" | tr '\n' ' ' | sed 's/ $//'
}

# A path made relative-looking for messages (the project speaks of itself).
pretty() {
	case "$1" in
	"$ATC_ROOT"/*) printf '%s\n' "${1#"$ATC_ROOT"/}" ;;
	*) printf '%s\n' "$1" ;;
	esac
}

# lock NAME: hold an exclusive lock until this process exits, so concurrent
# runs do not build the same cache entry at once.
lock() {
	mkdir -p "$ATC_CACHE/vm/locks"
	exec 9>"$ATC_CACHE/vm/locks/$1"
	flock 9
}

# chroot_apt DIR ARGS...: apt-get ARGS in the chroot DIR, non-interactive,
# judging the archive's dates as the host's apt does.
# (Its variables are prefixed: sh has no locals, and callers have _dir.)
chroot_apt() {
	_capt_root=$1
	shift
	_capt_valid=true _capt_date=true
	eval "$(apt-config shell _capt_valid Acquire::Check-Valid-Until _capt_date Acquire::Check-Date)"
	DEBIAN_FRONTEND=noninteractive chroot "$_capt_root" apt-get -q \
		-o Acquire::Check-Valid-Until="$_capt_valid" -o Acquire::Check-Date="$_capt_date" "$@"
}

# apt_private DIR ARCH SOURCES: apt state of its own under DIR (lists,
# cache, sources.list from SOURCES, one "deb ..." line each), for packages of
# Debian architecture ARCH, so no host apt configuration is touched. Then
# apt_priv TOOL ARGS... runs apt-get or apt-cache on it.
apt_private() {
	_aptdir=$1
	_aptarch=$2
	mkdir -p "$_aptdir/lists/partial" "$_aptdir/cache/archives/partial" "$_aptdir/preferences.d"
	printf '%s\n' "$3" |
		sed 's|^deb |deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] |' \
			>"$_aptdir/sources.list"
	# a foreign ARCH: the host's packages can be had too (kbuild's tools)
	_apt_archs="-o APT::Architecture=$_aptarch"
	[ "$_aptarch" = "$(dpkg --print-architecture)" ] ||
		_apt_archs="$_apt_archs -o APT::Architectures::=$_aptarch -o APT::Architectures::=$(dpkg --print-architecture)"
}
apt_priv() {
	_tool=$1
	shift
	# shellcheck disable=SC2086 # option words
	"$_tool" -q $_apt_archs \
		-o Dir::Etc::sourcelist="$_aptdir/sources.list" -o Dir::Etc::sourceparts=- \
		-o Dir::Etc::preferences=/dev/null -o Dir::Etc::preferencesparts="$_aptdir/preferences.d" \
		-o Dir::State::Lists="$_aptdir/lists" -o Dir::Cache="$_aptdir/cache" \
		-o APT::Sandbox::User=root "$@"
}
