/**
 * The built-in scenarios of the lock model: which kernel paths run concurrently, and the
 * memory blocks they start from. Used as `--layout NAME` with the lock properties.
 */
import { Mem } from './locks.ts';
import { acpiEject, acpiHotAdd, daxKmemUnbind, sysfsStateStore } from './paths.ts';
import type { Program } from './program.ts';
import type { LockBehaviour } from './behaviour.ts';

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
      sysfsStateStore(kb, Mem.OFFLINE, 'bash/1207'),
      daxKmemUnbind(kb, 'bash/1213'),
      sysfsStateStore(kb, Mem.ONLINE, 'systemd-udevd/388'),
    ],
  },
  {
    name: 'acpi-eject',
    seed: '003',
    description: 'memory0 (an ACPI DIMM, online): the admin offlines it while QEMU ejects the DIMM (acpi_device_hotplug -> __remove_memory)',
    blocks: [Mem.ONLINE, Mem.ABSENT],
    threads: (kb) => [
      sysfsStateStore(kb, Mem.OFFLINE, 'bash/1207'),
      acpiEject(kb, 'kworker/u16:4/380'),
    ],
  },
  {
    name: 'acpi-hot-add',
    seed: '003',
    description: 'a DIMM is hot-added as memory1 and auto-onlined while the admin offlines memory0 (dax0.0) and unbinds it from kmem',
    blocks: [Mem.ONLINE, Mem.ABSENT],
    threads: (kb) => [
      acpiHotAdd(kb, 'kworker/u16:4/380'),
      sysfsStateStore(kb, Mem.OFFLINE, 'bash/1207'),
      daxKmemUnbind(kb, 'bash/1213'),
    ],
  },
];

export const findLockScenario = (name: string): LockScenario | undefined => LOCK_SCENARIOS.find((s) => s.name === name);
