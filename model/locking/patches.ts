/**
 * The lock model's named patches: each replaces lock behaviour points (behaviour.ts), so
 * `--kernel v5.1 --patch blocking-sysfs-lock` is v5.1 with that change.
 */
import type { Patch } from '../kernels/profile.ts';
import type { LockBehaviour } from './behaviour.ts';

export const LOCK_PATCHES: readonly Patch<LockBehaviour>[] = [
  {
    name: 'blocking-sysfs-lock',
    description: 'hypothetical: the memoryN/state store takes device_hotplug_lock with lock_device_hotplug() instead of the trylock',
    overrides: { sysfsHotplugLock: 'blocking' },
  },
];

export const findLockPatch = (name: string): Patch<LockBehaviour> | undefined => LOCK_PATCHES.find((p) => p.name === name);
