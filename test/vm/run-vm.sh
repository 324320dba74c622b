#!/usr/bin/env bash
# Boots Debian 12's kernel in QEMU with a busybox initramfs, creates vcan0 and vcan1, runs one shell
# command inside and powers off; exits with the command's exit code (124: timeout, 125: the VM failed).
# The host's /usr and /etc are shared read-only over virtio-9p, so the VM runs the host's own node,
# can-utils and iproute2; the project is shared read-write at the same absolute path.
#   test/vm/run-vm.sh DIR 'CMD'        cd DIR (inside the VM), then /bin/sh -c CMD
# Environment:
#   VM_SHARES_RO / VM_SHARES_RW   more host folders shared at the same path ("DIR DIR ...")
#   VM_ENV            names of host variables passed to CMD ("CI HOMEWARD_CORPUS ...")
#   VM_VCAN           interfaces created, FD-capable (default "vcan0 vcan1")
#   VM_TIMEOUT        wall-clock limit in seconds (default 240)
#   VM_MEM            guest RAM in MiB (default 512)
#   VM_CONSOLE        file that receives the serial console (default: stderr)
# Paths with spaces or commas are not supported (qemu's option syntax).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/vm-env.sh"
[ $# -eq 2 ] || { echo "usage: $0 DIR 'CMD'" >&2; exit 2; }
proj=$(cd "$1" && pwd -P)
cmd=$2
VM_VCAN=${VM_VCAN-vcan0 vcan1}
VM_TIMEOUT=${VM_TIMEOUT:-240}
VM_MEM=${VM_MEM:-512}
log() { echo "[run-vm] $*" >&2; }

[ -f "$VM_KERNEL_DIR/ready" ] || { log "no kernel in $VM_KERNEL_DIR: run test/vm/setup-vm.sh"; exit 125; }
command -v qemu-system-x86_64 >/dev/null || { log "qemu-system-x86_64 missing: run test/vm/setup-vm.sh"; exit 125; }

work=$(mktemp -d "${TMPDIR:-/tmp}/homeward-vm.XXXXXX")
qpid=
cleanup() { [ -n "$qpid" ] && kill "$qpid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

r=$work/initramfs
mkdir -p "$r"/{bb,kmod,vm,proc,sys,dev,run,tmp,usr,etc,root,mnt}
cp /usr/bin/busybox "$r/bb/busybox"
# Merged /usr (Debian 12): /bin, /lib... point into the /usr mounted from the host.
ln -s usr/bin "$r/bin"; ln -s usr/sbin "$r/sbin"; ln -s usr/lib "$r/lib"; ln -s usr/lib64 "$r/lib64"
: > "$r/kmod/order"
for m in $VM_MODULES; do b=$(basename "$m"); cp "$VM_KERNEL_DIR/modules/$b" "$r/kmod/"; echo "$b" >> "$r/kmod/order"; done
{
  echo "hostusr /usr ro,cache=loose"
  echo "hostetc /etc ro,cache=loose"
  echo "proj $proj cache=loose"
  i=0
  for d in ${VM_SHARES_RO:-}; do echo "ro$i $(cd "$d" && pwd -P) ro,cache=loose"; i=$((i + 1)); done
  for d in ${VM_SHARES_RW:-}; do echo "rw$i $(cd "$d" && pwd -P) cache=loose"; i=$((i + 1)); done
} > "$r/vm/shares"
# Config lives in /vm/: a file named like a 9p tag in the cwd makes busybox mount try a loop device.
printf '%s\n' "$cmd" > "$r/vm/cmd"
printf '%s\n' "$proj" > "$r/vm/proj"
printf '%s\n' "$VM_VCAN" > "$r/vm/vcan"
: > "$r/vm/env"
for name in ${VM_ENV:-}; do
  if [ -n "${!name+x}" ]; then printf 'export %s=%q\n' "$name" "${!name}" >> "$r/vm/env"; fi
done
cat > "$r/init" <<'INIT'
#!/bb/busybox sh
/bb/busybox --install -s /bb
export PATH=/bb
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp; mount -t tmpfs run /run
for m in $(cat /kmod/order); do insmod /kmod/$m 2>/dev/null || echo "init: insmod $m failed"; done
while read -r tag dir opts; do
  mkdir -p "$dir"
  mount -t 9p -o "trans=virtio,version=9p2000.L,msize=512000,$opts" "$tag" "$dir" || echo "init: mount $tag on $dir FAILED"
done < /vm/shares
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/bb HOME=/root TMPDIR=/tmp TERM=dumb LANG=C.UTF-8
. /vm/env
ip link set lo up
for c in $(cat /vm/vcan); do
  { ip link add dev "$c" type vcan && ip link set "$c" mtu 72 && ip link set up "$c"; } || echo "init: vcan $c FAILED"
done
echo "VM_READY uptime=$(cut -d' ' -f1 /proc/uptime)"
# The host's dash, not busybox ash (which would prefer its own applets over PATH, e.g. busybox ip).
cd "$(cat /vm/proj)" && /bin/sh -c "$(cat /vm/cmd)" < /dev/null
rc=$?
cd /; sync
echo "VM_EXIT_CODE=$rc uptime=$(cut -d' ' -f1 /proc/uptime)"
poweroff -f
INIT
chmod +x "$r/init"
# Uncompressed newc: no gunzip under TCG. (The host has no cpio; busybox's does newc.)
(cd "$r" && /usr/bin/busybox find . | /usr/bin/busybox cpio -o -H newc 2>/dev/null) > "$work/initramfs.cpio"

# KVM only with real vmx/svm: on nested hosts without them (kvm_pvm) a stock kernel crawls and dies.
if [ -r /dev/kvm ] && [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then acc=(-accel kvm -cpu host); else acc=(-accel tcg -cpu max); fi
kimg=$VM_KERNEL_DIR/vmlinuz; [ -f "$VM_KERNEL_DIR/vmlinux" ] && kimg=$VM_KERNEL_DIR/vmlinux
append="console=ttyS0 quiet loglevel=3 panic=-1 mitigations=off i8042.noaux i8042.nokbd tsc=reliable"
fs=(); i=0
while read -r tag dir opts; do
  ro=; case "$opts" in ro,*) ro=,readonly=on;; esac
  fs+=(-virtfs "local,path=$dir,mount_tag=$tag,security_model=none$ro"); i=$((i + 1))
done < "$r/vm/shares"

out=$work/console.log
: > "$out"
t0=$(date +%s%N)
timeout -k 5 "$VM_TIMEOUT" qemu-system-x86_64 "${acc[@]}" -machine pc -m "$VM_MEM" -smp 1 \
  -nodefaults -no-user-config -display none -no-reboot -serial "file:$out" \
  -kernel "$kimg" -initrd "$work/initramfs.cpio" -append "$append" "${fs[@]}" \
  < /dev/null > "$work/qemu.err" 2>&1 &
qpid=$!
if [ -n "${VM_CONSOLE:-}" ]; then
  tail -n +1 -s 0.2 --pid="$qpid" -f "$out" | tr -d '\r' > "$VM_CONSOLE"
else
  tail -n +1 -s 0.2 --pid="$qpid" -f "$out" | tr -d '\r' >&2
fi
rc=0; wait "$qpid" || rc=$?
qpid=
log "qemu exited rc=$rc after $((($(date +%s%N) - t0) / 1000000)) ms"
[ -s "$work/qemu.err" ] && sed 's/^/[qemu] /' "$work/qemu.err" >&2
[ "$rc" = 124 ] && { log "timeout after ${VM_TIMEOUT}s"; exit 124; }
code=$(tr -d '\r' < "$out" | sed -n 's/^VM_EXIT_CODE=\([0-9]*\).*/\1/p' | tail -1)
[ -n "$code" ] || { log "no VM_EXIT_CODE on the console: the VM failed"; exit 125; }
exit "$code"
