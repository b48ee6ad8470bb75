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
