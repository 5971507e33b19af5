#!/bin/sh
# Regenerate the build system from configure.ac and Makefile.am.
set -e
cd "$(dirname "$0")"
mkdir -p build-aux
autoreconf --force --install --warnings=all
# The TAP driver used by the C unit tests ships with automake.
cp -f "$(automake --print-libdir)/tap-driver.sh" build-aux/tap-driver.sh
