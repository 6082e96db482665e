/**
 * The kernel paths of the lock model, as programs of lock operations (docs/lock-model.md#threads-and-paths). Each step records the call stack it runs in, innermost first.
 */
import { Block, Mem, Res, RET_NAMES, Ret } from './locks.ts';
import { ProgramBuilder, type Program } from './program.ts';
import type { LockBehaviour } from './profiles.ts';

const SYSCALL = ['kernfs_fop_write', 'vfs_write', 'ksys_write', 'do_syscall_64'];
const KACPI_HOTPLUG = ['acpi_hotplug_work_fn', 'process_one_work', 'worker_thread', 'kthread'];
const DEV_OF: Record<Block, Res> = { [Block.MEMORY0]: Res.DEV_MEM0, [Block.MEMORY1]: Res.DEV_MEM1 };
const NAME_OF: Record<Block, string> = { [Block.MEMORY0]: 'memory0', [Block.MEMORY1]: 'memory1' };

/**
 * mem_hotplug_begin() - cpus_read_lock(), then percpu_down_write(&mem_hotplug_lock)
 *
 * Kernel: mm/memory_hotplug.c mem_hotplug_begin() (v4.15 .. v6.1).
 * Context: may sleep; callers of the memory hotplug paths, device_hotplug_lock usually held.
 */
function mem_hotplug_begin(b: ProgramBuilder): void {
  b.call('mem_hotplug_begin', () => {
    b.op({ k: 'lock', res: Res.CPU_HOTPLUG_LOCK, read: true }, 'cpus_read_lock()', 'cpus_read_lock');
    b.op({ k: 'lock', res: Res.MEM_HOTPLUG_LOCK, read: false }, 'percpu_down_write(&mem_hotplug_lock)', 'percpu_down_write');
  });
}

/**
 * mem_hotplug_done() - percpu_up_write(&mem_hotplug_lock), then cpus_read_unlock()
 *
 * Kernel: mm/memory_hotplug.c mem_hotplug_done() (v4.15 .. v6.1).
 * Context: after mem_hotplug_begin() on the same path.
 */
function mem_hotplug_done(b: ProgramBuilder): void {
  b.call('mem_hotplug_done', () => {
    b.op({ k: 'unlock', res: Res.MEM_HOTPLUG_LOCK }, 'percpu_up_write(&mem_hotplug_lock)', 'percpu_up_write');
    b.op({ k: 'unlock', res: Res.CPU_HOTPLUG_LOCK }, 'cpus_read_unlock()', 'cpus_read_unlock');
  });
}

/**
 * device_offline() / device_online() of a memory block - the device lock, then the
 * online or offline under mem_hotplug_begin()
 *
 * Context: device_hotplug_lock held by the caller.
 * Return: carries -EBUSY when offline_pages() fails (the explorer chooses); a block already in
 * the requested state returns 1 without touching the memory locks (the caller decides).
 * Kernel: drivers/base/core.c device_offline()/device_online() (device_lock, dev->offline
 * check); drivers/base/memory.c memory_subsys_offline() -> memory_block_change_state();
 * mm/memory_hotplug.c __offline_pages()/online_pages() take mem_hotplug_begin() (v5.1 ..
 * v5.10), memory_block_offline()/memory_block_online() on v6.1 (memory_block_online()
 * appeared in v5.13; the exact release that moved mem_hotplug_begin() there is UNVERIFIED).
 */
export function deviceOnlineOrOffline(b: ProgramBuilder, kb: LockBehaviour, block: Block, to: Mem.ONLINE | Mem.OFFLINE, already: string, alreadyRet?: Ret): void {
  const dev = DEV_OF[block];
  const offline = to === Mem.OFFLINE;
  b.call(offline ? 'device_offline' : 'device_online', () => {
    b.op({ k: 'lock', res: dev, read: false }, `device_lock(&${NAME_OF[block]}->dev)`, 'device_lock');
    b.op({ k: 'if_block', block, states: [to], to: already, ...(alreadyRet === undefined ? {} : { ret: alreadyRet }) },
      `${NAME_OF[block]} already ${offline ? 'offline' : 'online'}?`, undefined, `yes: return 1${alreadyRet === undefined ? '' : ` (${RET_NAMES[alreadyRet]})`}`);
    const inner = offline
      ? (kb.onlineBeginIn === 'online_pages' ? ['__offline_pages', 'offline_pages', 'memory_block_action', 'memory_block_change_state', 'memory_subsys_offline']
        : ['memory_block_offline', 'memory_block_action', 'memory_block_change_state', 'memory_subsys_offline'])
      : (kb.onlineBeginIn === 'online_pages' ? ['online_pages', 'memory_block_action', 'memory_block_change_state', 'memory_subsys_online']
        : ['memory_block_online', 'memory_block_action', 'memory_block_change_state', 'memory_subsys_online']);
    b.calls(inner, () => {
      mem_hotplug_begin(b);
      if (offline) b.op({ k: 'set_block', block, state: to, mayFail: Ret.EBUSY }, `offline_pages(): ${NAME_OF[block]} MEM_OFFLINE`, undefined, '-EBUSY (isolation or migration failed)');
      else b.op({ k: 'set_block', block, state: to }, `online_pages(): ${NAME_OF[block]} MEM_ONLINE`);
      mem_hotplug_done(b);
    });
  });
  b.label(already);
  b.op({ k: 'unlock', res: dev }, `device_unlock(&${NAME_OF[block]}->dev)`, offline ? 'device_offline' : 'device_online');
}

/**
 * state_store() - echo offline|online_movable > /sys/devices/system/memory/memory0/state
 *
 * Context: kernfs_fop_write() holds the active reference of memory0/state around ->store().
 * Return: 0; -EINVAL when the block already is in that state; -EBUSY from offline_pages();
 * -ENODEV once the node is deactivated by a removal. When the trylock fails, msleep(5) and
 * restart_syscall(): the store returns -ERESTARTNOINTR, the active reference is put, and the
 * write restarts from the top.
 * Kernel: fs/kernfs/file.c kernfs_fop_write() (kernfs_get_active/kernfs_put_active);
 * drivers/base/memory.c state_store(); drivers/base/core.c lock_device_hotplug_sysfs()
 * (mutex_trylock, msleep(5), restart_syscall()), v5.1 .. v6.1.
 */
export function state_store(kb: LockBehaviour, to: Mem.ONLINE | Mem.OFFLINE, task: string): Program {
  const word = to === Mem.OFFLINE ? 'offline' : 'online_movable';
  const b = new ProgramBuilder(`echo ${word} > /sys/devices/system/memory/memory0/state`, task, SYSCALL);
  b.op({ k: 'get_active', res: Res.KN_STATE, fail: 'enodev' }, 'kernfs_get_active(memory0/state)', 'kernfs_get_active', 'deactivated: -ENODEV');
  b.call('sysfs_kf_write', () => b.call('dev_attr_store', () => b.call('state_store', () => {
    if (kb.sysfsHotplugLock === 'trylock') {
      b.op({ k: 'trylock', res: Res.DEVICE_HOTPLUG_LOCK, fail: 'restart' }, 'mutex_trylock(&device_hotplug_lock)', 'lock_device_hotplug_sysfs',
        'busy: msleep(5), return restart_syscall() (-ERESTARTNOINTR)');
    } else {
      b.op({ k: 'lock', res: Res.DEVICE_HOTPLUG_LOCK, read: false }, 'mutex_lock(&device_hotplug_lock) [patch blocking-sysfs-lock]', 'lock_device_hotplug');
    }
    deviceOnlineOrOffline(b, kb, Block.MEMORY0, to, 'already', Ret.EINVAL);
    b.op({ k: 'unlock', res: Res.DEVICE_HOTPLUG_LOCK }, 'mutex_unlock(&device_hotplug_lock)', 'unlock_device_hotplug');
  })));
  b.op({ k: 'unlock', res: Res.KN_STATE }, 'kernfs_put_active(memory0/state)', 'kernfs_put_active');
  b.op({ k: 'exit' }, 'write() returns');
  b.label('restart');
  b.op({ k: 'unlock', res: Res.KN_STATE }, 'kernfs_put_active(memory0/state) after msleep(5)', 'kernfs_put_active');
  b.op({ k: 'restart' }, 'restart_syscall(): the write starts again');
  b.label('enodev');
  b.op({ k: 'exit' }, 'write() returns -ENODEV: memory0 is being removed');
  return b.build();
}

/**
 * unregister_memory() - memory0's device goes: device_unregister() -> device_del() ->
 * kernfs_remove(), which deactivates the nodes of memory0/ and waits in kernfs_drain() for
 * their active references.
 *
 * Context: device_hotplug_lock held; under mem_sysfs_mutex until v5.4. `frames` are the
 * callers of the kernfs code, innermost first.
 * Model: only memory0/state's kernfs node is modelled.
 * Kernel: fs/kernfs/dir.c __kernfs_remove() -> kernfs_deactivate()/kernfs_drain()
 * (lockdep: rwsem_acquire(&kn->dep_map) around the wait), v5.1 .. v6.1; drivers/base/memory.c
 * unregister_memory(), v5.3 .. v5.15.
 */
function unregister_memory(b: ProgramBuilder, frames: readonly string[]): void {
  b.calls(frames, () => {
    b.op({ k: 'deactivate', res: Res.KN_STATE }, 'kernfs_deactivate(memory0/state): new kernfs_get_active() fail', 'kernfs_deactivate');
    b.op({ k: 'drain', res: Res.KN_STATE }, 'kernfs_drain(memory0/state): wait for its active references', 'kernfs_drain');
    b.op({ k: 'set_block', block: Block.MEMORY0, state: Mem.ABSENT }, 'memory0 device deleted');
  });
}

const DEVICE_DEL = ['__kernfs_remove', 'kernfs_remove_by_name_ns', 'sysfs_remove_group', 'device_remove_attrs', 'device_del', 'device_unregister', 'unregister_memory'];

/**
 * try_remove_memory() - remove memory0's range, in the order each profile has
 *
 * Context: device_hotplug_lock held. `prefix` keeps the labels of two copies apart.
 * Return: carries -EBUSY when the block is still online.
 * Kernel: mm/memory_hotplug.c try_remove_memory(): v5.1 (seed's series: begin, check, then
 * arch_remove_memory -> __remove_pages -> unregister_memory_section() under mem_sysfs_mutex);
 * 4c4b7f9ba948 (v5.3: remove_memory_block_devices() first); f1037ec0cc8a (v5.6: before
 * mem_hotplug_begin(), `goto done` unpaired); b4223a510e2a (v5.9: `return rc`).
 */
export function try_remove_memory(b: ProgramBuilder, kb: LockBehaviour, prefix: string): void {
  const done = `${prefix}done`;
  const out = `${prefix}out`;
  b.call('try_remove_memory', () => {
    const beginFirst = kb.removeBlockDevices !== 'before-hotplug-begin';
    if (beginFirst) mem_hotplug_begin(b);
    const busyTo = kb.removeBusyExit === 'return' ? out : done;
    b.op({ k: 'if_block', block: Block.MEMORY0, states: [Mem.ONLINE], to: busyTo, ret: Ret.EBUSY },
      'check_memblock_offlined_cb(): memory0 still online?', undefined, `yes: -EBUSY, ${kb.removeBusyExit === 'return' ? 'return' : 'goto done'}`);
    const sysfsMutex = (frames: string[], fn: string): void => { b.call(fn, () => {
      if (kb.memSysfsMutex) b.op({ k: 'lock', res: Res.MEM_SYSFS_MUTEX, read: false }, 'mutex_lock(&mem_sysfs_mutex)', 'mutex_lock');
      unregister_memory(b, frames);
      if (kb.memSysfsMutex) b.op({ k: 'unlock', res: Res.MEM_SYSFS_MUTEX }, 'mutex_unlock(&mem_sysfs_mutex)', 'mutex_unlock');
    }); };
    if (kb.removeBlockDevices === 'before-hotplug-begin') {
      sysfsMutex(DEVICE_DEL, 'remove_memory_block_devices');
      mem_hotplug_begin(b);
    } else if (kb.removeBlockDevices === 'before-arch-remove') {
      sysfsMutex(DEVICE_DEL, 'remove_memory_block_devices');
    } else {
      b.calls(['__remove_section', '__remove_pages', 'arch_remove_memory'], () =>
        sysfsMutex([...DEVICE_DEL, 'remove_memory_section'], 'unregister_memory_section'));
    }
    b.label(done);
    mem_hotplug_done(b);
    b.label(out);
  });
}

/**
 * dev_dax_kmem_remove() - echo dax0.0 > /sys/bus/dax/drivers/kmem/unbind, then remove_memory()
 *
 * Context: the active reference of drivers/kmem/unbind, then device_lock(dax0.0) in
 * device_release_driver_internal(); remove_memory() takes device_hotplug_lock with a blocking
 * lock_device_hotplug().
 * Return: 0, or -EBUSY when memory0 is still online ("cannot be hotremoved until the next reboot").
 * Kernel: drivers/dax/kmem.c dev_dax_kmem_remove(); mm/memory_hotplug.c remove_memory()
 * (lock_device_hotplug since d15e59260f62, v4.20).
 */
export function dev_dax_kmem_remove(kb: LockBehaviour, task: string): Program {
  const b = new ProgramBuilder('echo dax0.0 > /sys/bus/dax/drivers/kmem/unbind', task, SYSCALL);
  b.op({ k: 'get_active', res: Res.KN_UNBIND, fail: 'enodev' }, 'kernfs_get_active(drivers/kmem/unbind)', 'kernfs_get_active', 'deactivated: -ENODEV');
  b.call('unbind_store', () => b.call('device_driver_detach', () => b.call('device_release_driver_internal', () => {
    b.op({ k: 'lock', res: Res.DEV_DAX, read: false }, 'device_lock(&dax0.0->dev)', 'device_lock');
    b.call('__device_release_driver', () => b.call('dev_dax_kmem_remove', () => b.call('remove_memory', () => {
      b.op({ k: 'lock', res: Res.DEVICE_HOTPLUG_LOCK, read: false }, 'mutex_lock(&device_hotplug_lock)', 'lock_device_hotplug');
      try_remove_memory(b, kb, '');
      b.op({ k: 'unlock', res: Res.DEVICE_HOTPLUG_LOCK }, 'mutex_unlock(&device_hotplug_lock)', 'unlock_device_hotplug');
    })));
    b.op({ k: 'unlock', res: Res.DEV_DAX }, 'device_unlock(&dax0.0->dev)', 'device_unlock');
  })));
  b.op({ k: 'unlock', res: Res.KN_UNBIND }, 'kernfs_put_active(drivers/kmem/unbind)', 'kernfs_put_active');
  b.op({ k: 'exit' }, 'write() returns');
  b.label('enodev');
  b.op({ k: 'exit' }, 'write() returns -ENODEV');
  return b.build();
}

/**
 * acpi_device_hotplug() - the kacpi_hotplug work item: `body` under device_hotplug_lock and
 * acpi_scan_lock, then the work item returns
 *
 * Context: the kacpi_hotplug workqueue (acpi_hotplug_work_fn()); takes the locks itself.
 * Kernel: drivers/acpi/scan.c acpi_device_hotplug() (lock_device_hotplug(), then
 * mutex_lock(&acpi_scan_lock)), v5.1 .. v6.1.
 */
function acpi_device_hotplug(b: ProgramBuilder, body: () => void): void {
  b.call('acpi_device_hotplug', () => {
    b.op({ k: 'lock', res: Res.DEVICE_HOTPLUG_LOCK, read: false }, 'mutex_lock(&device_hotplug_lock)', 'lock_device_hotplug');
    b.op({ k: 'lock', res: Res.ACPI_SCAN_LOCK, read: false }, 'mutex_lock(&acpi_scan_lock)', 'mutex_lock');
    body();
    b.op({ k: 'unlock', res: Res.ACPI_SCAN_LOCK }, 'mutex_unlock(&acpi_scan_lock)', 'mutex_unlock');
    b.op({ k: 'unlock', res: Res.DEVICE_HOTPLUG_LOCK }, 'mutex_unlock(&device_hotplug_lock)', 'unlock_device_hotplug');
  });
  b.op({ k: 'exit' }, 'the work item returns');
}

/**
 * acpi_scan_hot_remove() - ACPI eject of the DIMM holding memory0, from acpi_device_hotplug()
 * on the kacpi_hotplug workqueue
 *
 * Context: device_hotplug_lock, then acpi_scan_lock; acpi_scan_try_to_offline() offlines the
 * companion blocks with device_offline(), then acpi_bus_trim() -> acpi_memory_device_remove()
 * -> __remove_memory(), whose caller already holds device_hotplug_lock.
 * Return: -EBUSY from the offline ends the eject; __remove_memory() BUG()s if try_remove_memory() fails.
 * Kernel: drivers/acpi/scan.c acpi_device_hotplug(), acpi_scan_hot_remove();
 * drivers/acpi/acpi_memhotplug.c acpi_memory_remove_memory(); mm/memory_hotplug.c __remove_memory().
 */
export function acpi_scan_hot_remove(kb: LockBehaviour, task: string): Program {
  const b = new ProgramBuilder('(qemu) device_del dimm0', task, KACPI_HOTPLUG);
  acpi_device_hotplug(b, () => {
    b.call('acpi_scan_hot_remove', () => {
      b.call('acpi_scan_try_to_offline', () => b.call('acpi_bus_offline', () =>
        deviceOnlineOrOffline(b, kb, Block.MEMORY0, Mem.OFFLINE, 'offlined')));
      b.op({ k: 'if_error', to: 'out' }, 'device_offline() failed?', undefined, 'yes: acpi_scan_hot_remove() returns -EBUSY');
      b.call('acpi_bus_trim', () => b.call('acpi_memory_device_remove', () => b.call('__remove_memory', () => {
        try_remove_memory(b, kb, 'remove_');
        b.op({ k: 'if_error', to: 'bug' }, 'try_remove_memory() failed?', undefined, 'yes: BUG()');
      })));
    });
    b.label('out');
  });
  b.label('bug');
  b.op({ k: 'bug' }, 'kernel BUG at mm/memory_hotplug.c (__remove_memory)', '__remove_memory');
  return b.build();
}

/**
 * acpi_memory_device_add() - ACPI hot-add of a DIMM as memory1, onlined automatically:
 * __add_memory() -> add_memory_resource()
 *
 * Context: acpi_device_hotplug() holds device_hotplug_lock and acpi_scan_lock; the block
 * device is created inside mem_hotplug_begin() (under mem_sysfs_mutex until v5.4); with
 * memhp_default_state=online, online_memory_block() -> device_online() after mem_hotplug_done().
 * Return: nothing the lock model keeps: the add cannot fail here, and the auto-online
 * ignores the error of device_online().
 * Kernel: mm/memory_hotplug.c add_memory_resource() (v5.1: hotplug_memory_register() from
 * __add_pages(); v5.3+: create_memory_block_devices()); drivers/acpi/acpi_memhotplug.c
 * acpi_memory_enable_device().
 */
export function acpi_memory_device_add(kb: LockBehaviour, task: string): Program {
  const b = new ProgramBuilder('(qemu) device_add pc-dimm,id=dimm1,memdev=mem1', task, KACPI_HOTPLUG);
  acpi_device_hotplug(b, () => {
    b.call('acpi_bus_scan', () => b.call('acpi_memory_device_add', () => b.call('__add_memory', () => b.call('add_memory_resource', () => {
      mem_hotplug_begin(b);
      const create = (): void => {
        if (kb.memSysfsMutex) b.op({ k: 'lock', res: Res.MEM_SYSFS_MUTEX, read: false }, 'mutex_lock(&mem_sysfs_mutex)', 'mutex_lock');
        b.op({ k: 'set_block', block: Block.MEMORY1, state: Mem.OFFLINE }, 'device_register(memory1): MEM_OFFLINE', 'device_register');
        if (kb.memSysfsMutex) b.op({ k: 'unlock', res: Res.MEM_SYSFS_MUTEX }, 'mutex_unlock(&mem_sysfs_mutex)', 'mutex_unlock');
      };
      if (kb.removeBlockDevices === 'in-remove-pages') {
        b.call('arch_add_memory', () => b.call('__add_pages', () => b.call('hotplug_memory_register', create)));
      } else {
        b.call('create_memory_block_devices', create);
      }
      mem_hotplug_done(b);
      b.call('online_memory_block', () => deviceOnlineOrOffline(b, kb, Block.MEMORY1, Mem.ONLINE, 'onlined'));
    }))));
  });
  return b.build();
}
