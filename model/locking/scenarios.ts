/**
 * The built-in scenarios of the lock model: which kernel paths run concurrently, and the
 * memory blocks they start from. Used as `--layout NAME` with the lock properties.
 */
import { Mem } from './locks.ts';
import { acpi_scan_hot_remove, acpi_memory_device_add, dev_dax_kmem_remove, state_store } from './paths.ts';
import type { Program } from './program.ts';
import type { LockBehaviour } from './profiles.ts';

export interface LockScenario {
  readonly name: string;
  readonly seed: string | null;
  readonly description: string;
  /** memory0 and memory1 at the start. */
  readonly blocks: readonly [Mem, Mem];
  threads(kb: LockBehaviour): Program[];
}

export const LOCK_SCENARIOS: readonly LockScenario[] = [
  {
    name: 'dax-kmem-unbind',
    seed: '003',
    description: 'memory0 (dax0.0 as System RAM, onlined movable): the admin offlines it and unbinds dax0.0 from kmem while a udev rule onlines it again',
    blocks: [Mem.ONLINE, Mem.ABSENT],
    threads: (kb) => [
      state_store(kb, Mem.OFFLINE, 'bash/1207'),
      dev_dax_kmem_remove(kb, 'bash/1213'),
      state_store(kb, Mem.ONLINE, 'systemd-udevd/388'),
    ],
  },
  {
    name: 'acpi-eject',
    seed: '003',
    description: 'memory0 (an ACPI DIMM, online): the admin offlines it while QEMU ejects the DIMM (acpi_device_hotplug -> __remove_memory)',
    blocks: [Mem.ONLINE, Mem.ABSENT],
    threads: (kb) => [
      state_store(kb, Mem.OFFLINE, 'bash/1207'),
      acpi_scan_hot_remove(kb, 'kworker/u16:4/380'),
    ],
  },
  {
    name: 'acpi-hot-add',
    seed: '003',
    description: 'a DIMM is hot-added as memory1 and auto-onlined while the admin offlines memory0 (dax0.0) and unbinds it from kmem',
    blocks: [Mem.ONLINE, Mem.ABSENT],
    threads: (kb) => [
      acpi_memory_device_add(kb, 'kworker/u16:4/380'),
      state_store(kb, Mem.OFFLINE, 'bash/1207'),
      dev_dax_kmem_remove(kb, 'bash/1213'),
    ],
  },
];

export const findLockScenario = (name: string): LockScenario | undefined => LOCK_SCENARIOS.find((s) => s.name === name);
