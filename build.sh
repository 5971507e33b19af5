#!/bin/sh
# build.sh: set up a Debian 12 machine, build tikdeck, and run it or test it.
#
#   ./build.sh demo    install what is missing, build, run the demo
#   ./build.sh check   install what is missing, build, run the test suite
#   ./build.sh deps    only install the Debian packages (as root)
#   ./build.sh build   only build (in ./_build)
set -eu

cd "$(dirname "$0")"
TOP=$(pwd)
BUILD=${BUILD:-$TOP/_build}

# Everything the build and the tests need, from Debian 12.
PACKAGES="build-essential autoconf automake autopoint gettext pkg-config
libncurses-dev libssl-dev libconfig-dev clang libclang-rt-14-dev
python3 python3-pyte python3-librouteros valgrind tmux openssh-client
ca-certificates"

missing_packages() {
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
		    grep -q 'install ok installed' || echo "$p"
	done
}

deps() {
	missing=$(missing_packages)
	# node-routeros conformance tests: Debian's nodejs and npm, unless a
	# node with npm is already installed (some images ship their own).
	command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
	[ -z "$missing" ] && [ "${FORCE_APT:-0}" = 0 ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "build.sh: missing Debian packages:" $missing >&2
		echo "build.sh: run as root, or: sudo apt-get install" $missing >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update
	extra=
	command -v npm >/dev/null 2>&1 || extra="nodejs npm"
	# shellcheck disable=SC2086
	apt-get install -y --no-install-recommends $PACKAGES $extra
}

build() {
	if [ ! -x "$TOP/configure" ] || [ "$TOP/configure.ac" -nt "$TOP/configure" ]; then
		"$TOP/autogen.sh"
	fi
	mkdir -p "$BUILD"
	cd "$BUILD"
	if [ ! -f Makefile ]; then
		"$TOP/configure" --enable-test-hooks ${CONFIGURE_FLAGS:-}
	fi
	make -j"$(nproc)"
}

# The demo: the console on the built-in simulated router (no network).
demo() {
	exec "$BUILD/tikdeck" --demo
}

case "${1:-}" in
deps)	deps ;;
build)	deps; build ;;
demo)	deps; build; demo ;;
check)	deps; build; make -j"$(nproc)" check ;;
*)	echo "usage: $0 demo|check|deps|build" >&2; exit 2 ;;
esac
