#!/usr/bin/env bash
# Prepares what the vcan VM suite needs (test/vm/README.md): the Debian packages, and Debian 12's stock
# kernel unpacked into a cache outside git (vmlinux + the CAN, virtio and 9p modules). Idempotent: a
# second run does nothing. CI (.ci/run) calls it once before `npm test`.
#   test/vm/setup-vm.sh            packages (when root and missing) + kernel
#   HOMEWARD_VM_CACHE=DIR          where the kernel goes (default /var/cache/homeward-vm, or
#                                  ~/.cache/homeward-vm when /var/cache is not writable)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/vm-env.sh"

log() { echo "[setup-vm] $*" >&2; }

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[ -x /usr/bin/busybox ] && /usr/bin/busybox --list 2>/dev/null | grep -qx cpio || need+=(busybox-static)
command -v cansend >/dev/null || need+=(can-utils)
command -v ip >/dev/null || need+=(iproute2)
command -v xz >/dev/null || need+=(xz-utils)
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { log "missing packages ${need[*]}: run as root or apt-get install them"; exit 1; }
  log "apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ -f "$VM_KERNEL_DIR/ready" ]; then log "kernel $(cat "$VM_KERNEL_DIR/version") already in $VM_KERNEL_DIR"; exit 0; fi

# Download the .deb and unpack only what the VM needs: installing linux-image-amd64 would pull in
# initramfs-tools and run update-initramfs on the host.
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-6\.1\.[0-9-]*amd64$/{print $2; exit}')
if [ -z "$pkg" ]; then
  apt-get update -qq
  pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-6\.1\.[0-9-]*amd64$/{print $2; exit}')
fi
[ -n "$pkg" ] || { log "no linux-image-6.1.*-amd64 in the apt sources (Debian 12 expected)"; exit 1; }
mkdir -p "$VM_CACHE"
tmp=$(mktemp -d "$VM_CACHE/download.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chown _apt "$tmp" 2>/dev/null || true
log "apt-get download $pkg (~70 MB)"
(cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1) || { log "apt-get download $pkg failed"; exit 1; }
dpkg-deb -x "$tmp"/*.deb "$tmp/root"
kver=$(ls "$tmp/root/lib/modules")
rm -rf "$VM_KERNEL_DIR"
mkdir -p "$VM_KERNEL_DIR/modules"
cp "$tmp/root/boot/vmlinuz-$kver" "$VM_KERNEL_DIR/vmlinuz"
for m in $VM_MODULES; do
  cp "$tmp/root/lib/modules/$kver/kernel/$m" "$VM_KERNEL_DIR/modules/" || { log "module $m missing from $pkg"; exit 1; }
done
# The bzImage payload is xz: unpacking it under TCG costs ~2 s a boot, so extract the ELF vmlinux
# once and boot it through its PVH entry. xz complains about the bytes after the stream: judge by
# the ELF magic, not the exit code.
off=$(LC_ALL=C grep -abo $'\xfd7zXZ' "$VM_KERNEL_DIR/vmlinuz" | head -1 | cut -d: -f1 || true)
if [ -n "$off" ]; then tail -c +$((off + 1)) "$VM_KERNEL_DIR/vmlinuz" | xz -dc > "$tmp/vmlinux" 2>/dev/null || true; fi
if [ -s "$tmp/vmlinux" ] && [ "$(head -c 4 "$tmp/vmlinux" | tail -c 3)" = ELF ]; then
  mv "$tmp/vmlinux" "$VM_KERNEL_DIR/vmlinux"
else
  log "could not extract vmlinux; the VM boots the bzImage (about 2 s slower)"
fi
echo "$kver" > "$VM_KERNEL_DIR/version"
touch "$VM_KERNEL_DIR/ready"
log "kernel $kver ready in $VM_KERNEL_DIR ($(du -sh "$VM_KERNEL_DIR" | cut -f1))"
