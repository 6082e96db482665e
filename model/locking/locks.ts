/**
 * The locks, kernfs active references and memory blocks of the lock model (seed 003,
 * docs/lock-model.md#threads-and-paths), with the names lockdep prints for them.
 *
 * Model: one instance per lock the paths touch. lockdep works on classes; here each instance
 * is its own class, except that the device mutexes are invisible to lockdep (below).
 */

/** The lockable resources. The numbers are their ids in the state vector. */
export const enum Res {
  /** Active reference of the kernfs node `memory0/state` (`kn->active`, lockdep `kn->count`). */
  KN_STATE = 0,
  /** Active reference of `/sys/bus/dax/drivers/kmem/unbind`. */
  KN_UNBIND = 1,
  DEVICE_HOTPLUG_LOCK = 2,
  /** `dev->mutex` of dax0.0. */
  DEV_DAX = 3,
  /** `dev->mutex` of memory0 and memory1. */
  DEV_MEM0 = 4,
  DEV_MEM1 = 5,
  ACPI_SCAN_LOCK = 6,
  CPU_HOTPLUG_LOCK = 7,
  MEM_HOTPLUG_LOCK = 8,
  MEM_SYSFS_MUTEX = 9,
}
export const RES_COUNT = 10;

export interface ResInfo {
  /** The name lockdep prints, e.g. `mem_hotplug_lock.rw_sem`. */
  readonly lockdep: string;
  /** What a person calls it. */
  readonly name: string;
  /** lockdep's usage string in the report: `{++++}` for rwsems and kernfs refs, `{+.+.}` for mutexes. */
  readonly usage: string;
  /**
   * False for `dev->mutex`: device_initialize() calls lockdep_set_novalidate_class(&dev->mutex),
   * so lockdep records no dependency through a device lock.
   * Kernel: drivers/base/core.c device_initialize() (v5.1 .. v6.1).
   */
  readonly validated: boolean;
  /** A kernfs active reference: shared, taken by kernfs_get_active(), waited for by kernfs_drain(). */
  readonly kernfs: boolean;
}

const mutex = (lockdep: string, name = lockdep): ResInfo => ({ lockdep, name, usage: '{+.+.}', validated: true, kernfs: false });
const rwsem = (lockdep: string, name: string): ResInfo => ({ lockdep, name, usage: '{++++}', validated: true, kernfs: false });
const kn = (file: string): ResInfo => ({ lockdep: `kn->count(${file})`, name: `the active references of ${file}`, usage: '{++++}', validated: true, kernfs: true });
const devMutex = (dev: string): ResInfo => ({ lockdep: `&dev->mutex(${dev})`, name: `device_lock(${dev})`, usage: '{+.+.}', validated: false, kernfs: false });

export const RES: readonly ResInfo[] = [
  kn('memory0/state'),
  kn('drivers/kmem/unbind'),
  mutex('device_hotplug_lock'),
  devMutex('dax0.0'),
  devMutex('memory0'),
  devMutex('memory1'),
  mutex('acpi_scan_lock'),
  rwsem('cpu_hotplug_lock.rw_sem', 'cpu_hotplug_lock'),
  rwsem('mem_hotplug_lock.rw_sem', 'mem_hotplug_lock'),
  mutex('mem_sysfs_mutex'),
];

/** Memory block devices. */
export const enum Block { MEMORY0 = 0, MEMORY1 = 1 }
export const BLOCK_COUNT = 2;
export const BLOCK_NAMES = ['memory0', 'memory1'] as const;

/** Memory block state: no device, MEM_OFFLINE, MEM_ONLINE. */
export const enum Mem { ABSENT = 0, OFFLINE = 1, ONLINE = 2 }
export const MEM_NAMES = ['absent', 'offline', 'online'] as const;

/** The return value a path carries: 0 or a negative errno, by index. */
export const enum Ret { OK = 0, EBUSY = 1, EINVAL = 2, ENODEV = 3, ERESTARTNOINTR = 4 }
export const RET_NAMES = ['0', '-EBUSY', '-EINVAL', '-ENODEV', '-ERESTARTNOINTR'] as const;
