#!/bin/sh
# deps.sh - install the Debian 12 packages credatlas needs to build and test.
# Idempotent: does nothing when every package is already installed.
set -eu

BUILD_PKGS="build-essential pkg-config clang libclang-rt-14-dev \
 libvectorscan-dev libpcre2-dev libgit2-dev libsqlite3-dev libjansson-dev \
 libcurl4-openssl-dev libcmocka-dev libyaml-dev libarchive-dev libinih-dev \
 libxml2-dev libssl-dev"
TEST_PKGS="git sqlite3 ripgrep mandoc python3 util-linux coreutils openssl strace \
 cppcheck clang-tidy clang-format valgrind \
 chromium python3-jsonschema zstd docker-registry skopeo apache2-utils"

want="$BUILD_PKGS"
[ "${1:-}" = "--test" ] && want="$BUILD_PKGS $TEST_PKGS"

missing=""
for p in $want; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
