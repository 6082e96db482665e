#!/usr/bin/env bash
# conformance/setup.sh - install what the QEMU conformance harness needs, and fetch the kernel.
#
# Installs only Debian packages (qemu-system-x86, busybox-static, cpio) and extracts vmlinuz
# from the linux-image .deb with dpkg-deb (no postinst, nothing in /boot changes).
# Caches the kernel under $HPCHECK_CONFORMANCE_CACHE (default .cache/conformance/).
# Prints the path of the kernel image on stdout as its last line.
#
# HPCHECK_KERNEL=/path/to/vmlinuz skips the download and uses that image instead.
#
# Usage: setup.sh [RELEASE]   RELEASE is 6.1 (default: bookworm, the machine's own sources),
# 6.12 (trixie, or bookworm-backports) or 7.2 (sid). The newer ones are reached through an apt
# sources file of the harness's own under $CACHE/apt/ (Dir::Etc::SourceParts,
# Dir::State::Lists), so the machine's sources and package lists are not touched.
set -euo pipefail
RELEASE="${1:-6.1}"
case "$RELEASE" in 6.1|6.12|7.2) ;; *) echo "setup.sh: release: expected 6.1, 6.12 or 7.2, got \"$RELEASE\"" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
CACHE="${HPCHECK_CONFORMANCE_CACHE:-$PWD/.cache/conformance}"
mkdir -p "$CACHE"

need=()
command -v qemu-system-x86_64 >/dev/null 2>&1 || need+=(qemu-system-x86)
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed' || need+=(busybox-static)
command -v cpio >/dev/null 2>&1 || need+=(cpio)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup.sh: installing ${need[*]}" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"; } >&2
fi

if [ -n "${HPCHECK_KERNEL:-}" ]; then
  [ -r "$HPCHECK_KERNEL" ] || { echo "setup.sh: HPCHECK_KERNEL=$HPCHECK_KERNEL is not readable" >&2; exit 2; }
  echo "$HPCHECK_KERNEL"
  exit 0
fi

existing=$(ls "$CACHE"/boot/vmlinuz-"$RELEASE".* 2>/dev/null | sort -V | tail -n1 || true)
if [ -n "$existing" ]; then
  echo "$existing"
  exit 0
fi

if [ "$RELEASE" != 6.1 ]; then
  exec bash "$(dirname "$0")/setup-newer.sh" "$RELEASE" "$CACHE"
fi

# The 6.1 image that the linux-image-amd64 metapackage currently points at (bookworm: 6.1.0-N-amd64).
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-6\.1\.[0-9.-]*-amd64\)$/\1/p' | head -n1)
if [ -z "$pkg" ]; then
  apt-get update -qq >&2
  pkg=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-6\.1\.[0-9.-]*-amd64\)$/\1/p' | head -n1)
fi
[ -n "$pkg" ] || { echo "setup.sh: apt offers no linux-image-6.1.*-amd64" >&2; exit 1; }
ver=${pkg#linux-image-}
echo "setup.sh: downloading $pkg" >&2
(cd "$CACHE" && rm -f linux-image-*.deb && apt-get download -qq "$pkg" >&2)
deb=$(ls "$CACHE"/"$pkg"_*.deb | head -n1)
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$CACHE" "./boot/vmlinuz-$ver" "./boot/config-$ver"
rm -f "$deb"
echo "$CACHE/boot/vmlinuz-$ver"
