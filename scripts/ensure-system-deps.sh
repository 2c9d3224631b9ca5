#!/usr/bin/env bash
# Installs the Debian packages the test suite drives (Chromium for the browser tests, QEMU
# for the reference comparisons, GRUB and ISO tools for the guest kernels) when they are
# missing. Needs root for apt-get; without it, prints the exact command to run and fails, so
# nothing is skipped silently.
set -euo pipefail

needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v qemu-system-x86_64 >/dev/null 2>&1 || needed+=(qemu-system-x86)
command -v gcc >/dev/null 2>&1 || needed+=(gcc)
# The guest kernels (kernels/, tests/kernels/): built with make and binutils, Multiboot 2 ones
# booted from a GRUB ISO that grub-mkrescue makes with xorriso and mtools.
command -v make >/dev/null 2>&1 || needed+=(make)
command -v ld >/dev/null 2>&1 || needed+=(binutils)
command -v grub-mkrescue >/dev/null 2>&1 || needed+=(grub-common)
[ -e /usr/lib/grub/i386-pc/multiboot2.mod ] || needed+=(grub-pc-bin)
command -v xorriso >/dev/null 2>&1 || needed+=(xorriso)
command -v mformat >/dev/null 2>&1 || needed+=(mtools)

if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi

echo "pagescope: installing Debian packages: ${needed[*]}"
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}"
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}"
else
  echo "pagescope: cannot install them without root. Run:" >&2
  echo "  sudo apt-get install -y ${needed[*]}" >&2
  exit 1
fi
