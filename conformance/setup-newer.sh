#!/usr/bin/env bash
# conformance/setup-newer.sh RELEASE CACHE - fetch Debian's Linux RELEASE (6.12 or 7.2) for the
# conformance harness; called by setup.sh. Prints the path of the kernel image as its last line.
#
# The packages come from trixie and bookworm-backports (6.12) and sid (7.2) through an apt
# sources file of the harness's own, $CACHE/apt/sources.list.d/hpcheck.sources, with its own
# package lists in $CACHE/apt/lists: the machine's sources and lists are never touched.
# `apt-get download` and `dpkg-deb` as for 6.1: no postinst runs, /boot is untouched.
# Since 7.x Debian splits the image: linux-image-V-amd64 only depends on linux-binary-V-amd64
# (usr/lib/modules/V/vmlinuz) and linux-base-V-amd64 (usr/lib/modules/V/config).
set -euo pipefail
RELEASE="$1"
CACHE="$2"
APT="$CACHE/apt"
mkdir -p "$APT/sources.list.d" "$APT/lists/partial" "$CACHE/boot"
cat > "$APT/sources.list.d/hpcheck.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports trixie sid
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
opts=(-o "Dir::Etc::SourceParts=$APT/sources.list.d" -o Dir::Etc::SourceList=/dev/null -o "Dir::State::Lists=$APT/lists" -o Debug::NoLocking=1)
if ! ls "$APT"/lists/*_Packages* >/dev/null 2>&1; then
  echo "setup-newer.sh: apt-get update (harness sources: bookworm-backports, trixie, sid)" >&2
  apt-get "${opts[@]}" update -qq >&2
fi
# The newest linux-image-RELEASE.N+debM-amd64 (not cloud, rt, dbg or unsigned).
pkg=$(apt-cache "${opts[@]}" pkgnames "linux-image-$RELEASE." | grep -E "^linux-image-${RELEASE//./\\.}\.[0-9]+\+deb[0-9]+-amd64$" | sort -V | tail -n1 || true)
[ -n "$pkg" ] || { echo "setup-newer.sh: the harness sources offer no linux-image-$RELEASE.*-amd64" >&2; exit 1; }
ver=${pkg#linux-image-}
work=$(mktemp -d "$CACHE/dl.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "setup-newer.sh: downloading $pkg" >&2
(cd "$work" && apt-get "${opts[@]}" download -qq "$pkg" 2>&1 | grep -v 'unsandboxed' >&2 || true)
deb=$(ls "$work"/"$pkg"_*.deb 2>/dev/null | head -n1 || true)
[ -n "$deb" ] || { echo "setup-newer.sh: apt-get download $pkg gave no .deb" >&2; exit 1; }
dpkg-deb -c "$deb" > "$work/contents"
if grep -q "./boot/vmlinuz-$ver\$" "$work/contents"; then
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$CACHE" "./boot/vmlinuz-$ver" "./boot/config-$ver"
else
  for part in binary base; do
    (cd "$work" && apt-get "${opts[@]}" download -qq "linux-$part-$ver" 2>&1 | grep -v 'unsandboxed' >&2 || true)
  done
  bin=$(ls "$work"/linux-binary-"$ver"_*.deb 2>/dev/null | head -n1 || true)
  base=$(ls "$work"/linux-base-"$ver"_*.deb 2>/dev/null | head -n1 || true)
  [ -n "$bin" ] && [ -n "$base" ] || { echo "setup-newer.sh: $pkg has no vmlinuz and linux-binary/linux-base-$ver did not download" >&2; exit 1; }
  dpkg-deb --fsys-tarfile "$bin" | tar -x -O "./usr/lib/modules/$ver/vmlinuz" > "$CACHE/boot/vmlinuz-$ver"
  dpkg-deb --fsys-tarfile "$base" | tar -x -O "./usr/lib/modules/$ver/config" > "$CACHE/boot/config-$ver"
fi
echo "$CACHE/boot/vmlinuz-$ver"
