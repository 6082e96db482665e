/**
 * The lock model's kernel profiles: where each release takes its hotplug locks, one choice
 * per place where the lock order changed (docs/lock-model.md#profiles), and the patches.
 *
 * Kernel: the commits named at each choice. v5.1 is the seed's kernel, 5.1 with Pavel
 * Tatashin's "Hotremove persistent memory" series applied (dev_dax_kmem_remove() ->
 * remove_memory() -> try_remove_memory(), merged for v5.3 as 9f960da72b25 and eca499ab3749).
 */

export interface LockBehaviour {
  /**
   * Where try_remove_memory() unregisters the memory block devices (and so drains
   * `memoryN/*`):
   * - `in-remove-pages`: arch_remove_memory -> __remove_pages -> unregister_memory_section(),
   *   inside mem_hotplug_lock and mem_sysfs_mutex (v5.1);
   * - `before-arch-remove`: remove_memory_block_devices() before arch_remove_memory(), still
   *   inside mem_hotplug_lock, under mem_sysfs_mutex (4c4b7f9ba948, v5.3);
   * - `before-hotplug-begin`: remove_memory_block_devices() before mem_hotplug_begin(), under
   *   device_hotplug_lock only (f1037ec0cc8a, v5.6).
   */
  readonly removeBlockDevices: 'in-remove-pages' | 'before-arch-remove' | 'before-hotplug-begin';
  /** Memory block devices are created and removed under mem_sysfs_mutex (dropped in v5.5 by "drivers/base/memory.c: drop the mem_sysfs_mutex"). */
  readonly memSysfsMutex: boolean;
  /**
   * What try_remove_memory() does when check_memblock_offlined_cb() finds an online block:
   * - `done-after-begin`: mem_hotplug_begin() was taken before the check; `goto done` ends it (v5.1 .. v5.4);
   * - `done-without-begin`: f1037ec0cc8a moved mem_hotplug_begin() below the check but left
   *   `goto done` -> mem_hotplug_done(): percpu_up_write() of a lock not held (v5.6 .. v5.8);
   * - `return`: the check returns directly (b4223a510e2a, v5.9-rc1).
   */
  readonly removeBusyExit: 'done-after-begin' | 'done-without-begin' | 'return';
  /** How the memoryN/state store takes device_hotplug_lock: lock_device_hotplug_sysfs()'s trylock, or a blocking lock (a hypothetical patch). */
  readonly sysfsHotplugLock: 'trylock' | 'blocking';
  /**
   * The function that calls mem_hotplug_begin() for online/offline: online_pages()/__offline_pages()
   * through v5.10, memory_block_online()/memory_block_offline() on v6.1 (the release in between
   * that moved it is UNVERIFIED). Only the stacks in the reports differ; the lock order is the same.
   */
  readonly onlineBeginIn: 'online_pages' | 'memory_block_online';
}

export interface LockProfile {
  readonly name: string;
  readonly summary: string;
  readonly behaviour: LockBehaviour;
}

export interface LockPatch {
  readonly name: string;
  readonly description: string;
  readonly overrides: Partial<LockBehaviour>;
}

const v5_1: LockBehaviour = {
  removeBlockDevices: 'in-remove-pages',
  memSysfsMutex: true,
  removeBusyExit: 'done-after-begin',
  sysfsHotplugLock: 'trylock',
  onlineBeginIn: 'online_pages',
};
const v5_3: LockBehaviour = { ...v5_1, removeBlockDevices: 'before-arch-remove' };
const v5_6: LockBehaviour = { ...v5_3, removeBlockDevices: 'before-hotplug-begin', memSysfsMutex: false, removeBusyExit: 'done-without-begin' };
const v5_9: LockBehaviour = { ...v5_6, removeBusyExit: 'return' };
const v6_1: LockBehaviour = { ...v5_9, onlineBeginIn: 'memory_block_online' };

export const LOCK_PROFILES: readonly LockProfile[] = [
  { name: 'v5.1', summary: 'the seed: block devices removed inside mem_hotplug_lock, under mem_sysfs_mutex', behaviour: v5_1 },
  { name: 'v5.3', summary: 'block devices removed before arch_remove_memory, still inside mem_hotplug_lock (4c4b7f9ba948)', behaviour: v5_3 },
  { name: 'v5.4', summary: 'as v5.3', behaviour: v5_3 },
  { name: 'v5.6', summary: 'block devices removed before mem_hotplug_begin (f1037ec0cc8a); EBUSY exit calls mem_hotplug_done unpaired', behaviour: v5_6 },
  { name: 'v5.8', summary: 'as v5.6', behaviour: v5_6 },
  { name: 'v5.9', summary: 'EBUSY exit returns directly (b4223a510e2a)', behaviour: v5_9 },
  { name: 'v5.10', summary: 'as v5.9', behaviour: v5_9 },
  { name: 'v6.1', summary: 'as v5.9; mem_hotplug_begin in memory_block_online/offline', behaviour: v6_1 },
];

export const LOCK_PATCHES: readonly LockPatch[] = [
  {
    name: 'blocking-sysfs-lock',
    description: 'hypothetical: the memoryN/state store takes device_hotplug_lock with lock_device_hotplug() instead of the trylock',
    overrides: { sysfsHotplugLock: 'blocking' },
  },
];

export const findLockProfile = (name: string): LockProfile | undefined => LOCK_PROFILES.find((p) => p.name === name);
export const findLockPatch = (name: string): LockPatch | undefined => LOCK_PATCHES.find((p) => p.name === name);

export function applyLockPatches(profile: LockProfile, patches: readonly LockPatch[]): LockBehaviour {
  return patches.reduce<LockBehaviour>((b, p) => ({ ...b, ...p.overrides }), profile.behaviour);
}
