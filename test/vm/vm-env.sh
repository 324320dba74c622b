# Shared by setup-vm.sh and run-vm.sh (sourced): where the kernel cache is and which modules the VM loads.
if [ -z "${HOMEWARD_VM_CACHE:-}" ]; then
  if mkdir -p /var/cache/homeward-vm 2>/dev/null && [ -w /var/cache/homeward-vm ]; then
    HOMEWARD_VM_CACHE=/var/cache/homeward-vm
  else
    HOMEWARD_VM_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/homeward-vm
  fi
fi
VM_CACHE=$HOMEWARD_VM_CACHE
VM_KERNEL_DIR=$VM_CACHE/kernel
# Load order, dependencies first (read from each .ko's depends=): vcan needs can-dev, 9p needs netfs
# and fscache. Debian 12 ships them as plain .ko, which busybox insmod loads.
VM_MODULES="net/can/can.ko net/can/can-raw.ko drivers/net/can/dev/can-dev.ko drivers/net/can/vcan.ko
drivers/virtio/virtio_ring.ko drivers/virtio/virtio.ko drivers/virtio/virtio_mmio.ko
drivers/virtio/virtio_pci_modern_dev.ko drivers/virtio/virtio_pci_legacy_dev.ko drivers/virtio/virtio_pci.ko
fs/netfs/netfs.ko fs/fscache/fscache.ko net/9p/9pnet.ko net/9p/9pnet_virtio.ko fs/9p/9p.ko"
