/**
 * The lock model of seed 003: each path's lock order per profile, the trylock gate, lockdep's
 * view of trylocks and kernfs drains, and the properties on the dax-kmem-unbind scenario.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lockRunOf, replayLockActions } from '../../cli/commands/lock-replay.ts';
import { search } from '../../explore/index.ts';
import type { Property } from '../../explore/model.ts';
import { LockModel } from '../../model/locking/lock-model.ts';
import { Mem, RES, Res } from '../../model/locking/locks.ts';
import { acpi_scan_hot_remove, dev_dax_kmem_remove, try_remove_memory } from '../../model/locking/paths.ts';
import { ProgramBuilder, type Program } from '../../model/locking/program.ts';
import { tellLockViolation } from '../../cli/report/lock-report.ts';
import { findLockPatch, findLockProfile, type LockBehaviour } from '../../model/locking/profiles.ts';
import { findLockScenario, type LockScenario } from '../../model/locking/scenarios.ts';
import { LOCK_PROPERTIES, findLockProperty } from '../../properties/locking.ts';

const model = (scenario: LockScenario, kernel: string, patches: string[] = [], properties = LOCK_PROPERTIES) => new LockModel({
  scenario, profile: findLockProfile(kernel)!, patches: patches.map((p) => findLockPatch(p)!), properties,
});
const dax = findLockScenario('dax-kmem-unbind')!;
const only = (name: string) => [findLockProperty(name)!];

/** Runs one thread alone from `blocks`, always taking outcome 0; returns the held locks (lockdep names) at each step's text. */
function runAlone(path: (kb: LockBehaviour) => Program, kernel: string, blocks: [Mem, Mem]): { text: string; held: string[] }[] {
  const m = model({ name: 'alone', seed: null, description: '', blocks, threads: (kb) => [path(kb)] }, kernel);
  let w = m.initialStates()[0]!;
  const out: { text: string; held: string[] }[] = [];
  for (;;) {
    const s = m.view(w).s;
    const pc = s.pc(0);
    const step = m.programs[0]!.steps[pc];
    if (step === undefined) return out;
    out.push({ text: step.text, held: s.heldList(0).map((h) => RES[h.res]!.lockdep) });
    const next = m.next(w, pc * 2);
    expect(next, `${step.text} is not enabled when run alone`).not.toBeNull();
    w = next!;
  }
}

/** A property that fails in the first state where `pred` holds: a reachability probe. */
const reach = (name: string, m: LockModel, pred: (w: Uint16Array) => boolean): Property<Uint16Array> =>
  ({ name, statement: name, check: (w) => (pred(w) ? 'reached' : null) });

describe('paths: the lock order each profile follows (docs/lock-model.md#profiles)', () => {
  const drainOf = (kernel: string) => runAlone((kb) => dev_dax_kmem_remove(kb, 'bash'), kernel, [Mem.OFFLINE, Mem.ABSENT])
    .find((x) => x.text.startsWith('kernfs_drain'))!.held;

  it('v5.1: dax kmem unbind drains memory0/state inside mem_hotplug_lock and mem_sysfs_mutex (unregister_memory_section)', () => {
    expect(drainOf('v5.1')).toEqual(['kn->count(drivers/kmem/unbind)', '&dev->mutex(dax0.0)', 'device_hotplug_lock',
      'cpu_hotplug_lock.rw_sem', 'mem_hotplug_lock.rw_sem', 'mem_sysfs_mutex']);
  });

  it('v5.6 (f1037ec0cc8a): the drain runs under device_hotplug_lock only, before mem_hotplug_begin', () => {
    expect(drainOf('v5.6')).toEqual(['kn->count(drivers/kmem/unbind)', '&dev->mutex(dax0.0)', 'device_hotplug_lock']);
    expect(drainOf('v6.1')).toEqual(drainOf('v5.6'));
  });

  it('ACPI eject: __remove_memory runs with device_hotplug_lock and acpi_scan_lock held by acpi_device_hotplug', () => {
    const steps = runAlone((kb) => acpi_scan_hot_remove(kb, 'kworker'), 'v5.1', [Mem.ONLINE, Mem.ABSENT]);
    expect(steps.find((x) => x.text.startsWith('kernfs_drain'))!.held).toEqual(['device_hotplug_lock', 'acpi_scan_lock',
      'cpu_hotplug_lock.rw_sem', 'mem_hotplug_lock.rw_sem', 'mem_sysfs_mutex']);
    expect(steps.find((x) => x.text.startsWith('offline_pages'))!.held).toEqual(['device_hotplug_lock', 'acpi_scan_lock',
      '&dev->mutex(memory0)', 'cpu_hotplug_lock.rw_sem', 'mem_hotplug_lock.rw_sem']);
  });

  it('every path returns holding nothing when it runs alone, on every profile', () => {
    for (const kernel of ['v5.1', 'v5.3', 'v5.6', 'v5.9', 'v6.1']) {
      for (const name of ['dax-kmem-unbind', 'acpi-eject', 'acpi-hot-add']) {
        const m = model(findLockScenario(name)!, kernel, [], only('lock-balance'));
        const r = search(m, m.properties);
        const finishedHolding = search(m, [reach('all returned', m, (w) => {
          const s = m.view(w).s;
          return m.programs.every((p, t) => s.pc(t) === p.steps.length) && m.programs.every((_, t) => s.depth(t) === 0);
        })]);
        expect(finishedHolding.violations.length, `${name} ${kernel}: no state where every thread returned`).toBe(1);
        if (kernel !== 'v5.6') expect(r.verdict, `${name} ${kernel}`).toBe('verified');
      }
    }
  });
});

describe('seed 003 on v5.1: lockdep reports a cycle, the trylock gate prevents the deadlock', () => {
  const m = model(dax, 'v5.1');
  const r = search(m, m.properties);

  it('lock-order-acyclic fails with the chain of the seed: kn->count -> cpu_hotplug_lock -> mem_hotplug_lock -> mem_sysfs_mutex', () => {
    expect(r.violations.map((v) => v.property)).toEqual(['lock-order-acyclic']);
    expect(r.violations[0]!.message).toBe('lockdep: possible circular locking dependency: kn->count(memory0/state) -> '
      + 'cpu_hotplug_lock.rw_sem -> mem_hotplug_lock.rw_sem -> mem_sysfs_mutex -> kn->count(memory0/state)');
  });

  it('deadlock-free holds, and not vacuously: the trylock fails and restarts, and the unbind removes memory0', () => {
    expect(search(m, m.properties.filter((p) => p.name === 'deadlock-free')).verdict).toBe('verified');
    const restarted = search(m, [reach('restart', m, (w) => m.view(w).s.ret(0) === 4 || m.view(w).s.ret(2) === 4)]);
    expect(restarted.verdict).toBe('violation');
    const removed = search(m, [reach('removed', m, (w) => m.view(w).s.block(0) === Mem.ABSENT)]);
    expect(removed.verdict).toBe('violation');
    const refused = search(m, [reach('ENODEV', m, (w) => m.view(w).s.ret(2) === 3)]);
    expect(refused.verdict, 'a store that restarts after the drain began gets -ENODEV').toBe('violation');
  });

  it('lockdep records no dependency into a trylocked lock: no kn->count(memory0/state) -> device_hotplug_lock edge', () => {
    const edge = search(m, [reach('edge', m, (w) => m.view(w).s.hasEdge(Res.KN_STATE, Res.DEVICE_HOTPLUG_LOCK))]);
    expect(edge.verdict).toBe('verified');
    const patched = model(dax, 'v5.1', ['blocking-sysfs-lock']);
    expect(search(patched, [reach('edge', patched, (w) => patched.view(w).s.hasEdge(Res.KN_STATE, Res.DEVICE_HOTPLUG_LOCK))]).verdict).toBe('violation');
  });

  it('lockdep does not validate dev->mutex: no dependency names a device lock', () => {
    const devs = [Res.DEV_DAX, Res.DEV_MEM0, Res.DEV_MEM1];
    const any = search(m, [reach('dev edge', m, (w) => devs.some((d) => RES.some((_, o) => m.view(w).s.hasEdge(d, o as Res) || m.view(w).s.hasEdge(o as Res, d))))]);
    expect(any.verdict).toBe('verified');
  });
});

describe('--patch blocking-sysfs-lock: a real deadlock', () => {
  it('v5.1: T1 drains memory0/state while T2 holds its active reference and waits for device_hotplug_lock held by T1', () => {
    const m = model(dax, 'v5.1', ['blocking-sysfs-lock'], only('deadlock-free'));
    const r = search(m, m.properties);
    expect(r.verdict).toBe('violation');
    expect(r.violations[0]!.message).toBe('deadlock: T1 waits for kernfs_drain(): the active references of memory0/state held by T2; '
      + 'T2 waits for device_hotplug_lock held by T1');
    const stuck = r.violations[0]!.trace.at(-1)!.state;
    const ids = Array.from({ length: m.actionCount }, (_, id) => id);
    const movable = ids.filter((id) => m.next(stuck, id) !== null);
    expect(movable.map((id) => m.decodeAction(id).thread), 'only T0, which is done with its store, can move').toEqual([0]);
    expect(movable.map((id) => m.stepOf(id).op.k)).toEqual(['exit']);
  });

  it('v5.6 deadlocks the same way: the drain still runs under device_hotplug_lock', () => {
    const m = model(dax, 'v5.6', ['blocking-sysfs-lock'], only('deadlock-free'));
    expect(search(m, m.properties).verdict).toBe('violation');
  });
});

describe('lock-balance: mem_hotplug_begin/mem_hotplug_done', () => {
  it('v5.6: unbind meets memory0 still online, goto done -> percpu_up_write without mem_hotplug_begin', () => {
    const m = model(dax, 'v5.6', [], only('lock-balance'));
    const r = search(m, m.properties);
    expect(r.verdict).toBe('violation');
    const v = r.violations[0]!;
    expect(v.trace.slice(1).map((t) => t.action)).toEqual([
      'T1 kernfs_get_active: kernfs_get_active(drivers/kmem/unbind)',
      'T1 device_lock: device_lock(&dax0.0->dev)',
      'T1 lock_device_hotplug: mutex_lock(&device_hotplug_lock)',
      'T1 try_remove_memory: check_memblock_offlined_cb(): memory0 still online?',
      'T1 percpu_up_write: percpu_up_write(&mem_hotplug_lock)',
    ]);
    expect(v.message).toContain('bad unlock balance: T1 percpu_up_write(&mem_hotplug_lock) in percpu_up_write <- mem_hotplug_done <- try_remove_memory');
  });

  it.each(['v5.1', 'v5.9', 'v6.1'])('%s: the -EBUSY exit is balanced, and it is reached', (kernel) => {
    const m = model(dax, kernel, [], only('lock-balance'));
    expect(search(m, m.properties).verdict).toBe('verified');
    expect(search(m, [reach('EBUSY', m, (w) => m.view(w).s.ret(1) === 1)]).verdict).toBe('violation');
  });

  it('v5.6 and v5.9: lockdep sees no cycle and nothing deadlocks', () => {
    for (const kernel of ['v5.6', 'v5.9']) {
      const m = model(dax, kernel, [], [findLockProperty('lock-order-acyclic')!, findLockProperty('deadlock-free')!]);
      expect(search(m, m.properties).verdict, kernel).toBe('verified');
    }
  });
});

describe('the saved lock counterexamples (test/fixtures) replay by action name', () => {
  it.each([
    'dax-kmem-unbind.v5.1.lock-order-acyclic',
    'dax-kmem-unbind.v5.1.blocking-sysfs-lock.deadlock-free',
    'dax-kmem-unbind.v5.6.lock-balance',
  ])('%s: the property holds before the last step and fails at it', (name) => {
    const file = new URL(`../fixtures/${name}.itf.json`, import.meta.url);
    const t = JSON.parse(readFileSync(file, 'utf8'));
    const m = lockRunOf(name, t, { patch: [], color: false });
    if (!m.ok) throw new Error(m.error);
    const r = replayLockActions(m.value, t['#meta'].property, t['#meta'].actions);
    expect(r).toMatchObject({ kind: 'violated', step: t['#meta'].actions.length, message: t['#meta'].message });
  });
});

describe('known-bad programs: each property and its report', () => {
  /** A path that returns to user space still holding device_hotplug_lock (the 3.12 state_store bug). */
  const leaky = (): Program => new ProgramBuilder('echo bogus > memory0/state', 'bash/6442', ['ksys_write'])
    .op({ k: 'lock', res: Res.DEVICE_HOTPLUG_LOCK, read: false }, 'mutex_lock(&device_hotplug_lock)', 'lock_device_hotplug')
    .op({ k: 'exit' }, 'write() returns -EINVAL').build();
  const waiter = (): Program => new ProgramBuilder('echo 1 > online', 'bash/7000', ['ksys_write'])
    .op({ k: 'lock', res: Res.DEVICE_HOTPLUG_LOCK, read: false }, 'mutex_lock(&device_hotplug_lock)', 'lock_device_hotplug')
    .op({ k: 'unlock', res: Res.DEVICE_HOTPLUG_LOCK }, 'mutex_unlock(&device_hotplug_lock)', 'unlock_device_hotplug')
    .op({ k: 'exit' }, 'write() returns').build();
  const leak: LockScenario = { name: 'leak', seed: null, description: '', blocks: [Mem.ONLINE, Mem.ABSENT], threads: () => [leaky(), waiter()] };

  it('a lock held on return to user space: lock-balance fails, and the thread waiting for it is deadlocked', () => {
    const m = model(leak, 'v6.1');
    const r = search(m, m.properties);
    const by = Object.fromEntries(r.violations.map((v) => [v.property, v]));
    expect(by['lock-balance']!.message).toBe('T0 returned to user space holding device_hotplug_lock');
    expect(by['deadlock-free']!.message).toBe('deadlock: T1 waits for device_hotplug_lock held by T0 (returned holding it)');
    expect(tellLockViolation(m, by['lock-balance']!).join('\n')).toContain('WARNING: lock held when returning to user space!');
  });

  it('__remove_memory() on a block still online: no-kernel-bug fails with BUG()', () => {
    const remove = (kb: LockBehaviour): Program => {
      const b = new ProgramBuilder('acpi_memory_device_remove', 'kworker/u16:4/380', ['acpi_bus_trim']);
      b.call('__remove_memory', () => {
        try_remove_memory(b, kb, '');
        b.op({ k: 'if_error', to: 'bug' }, 'try_remove_memory() failed?', undefined, 'yes: BUG()');
      });
      b.op({ k: 'exit' }, 'returns');
      b.label('bug');
      b.op({ k: 'bug' }, 'kernel BUG at mm/memory_hotplug.c (__remove_memory)', '__remove_memory');
      return b.build();
    };
    const m = model({ name: 'bug', seed: null, description: '', blocks: [Mem.ONLINE, Mem.ABSENT], threads: (kb) => [remove(kb)] }, 'v5.9');
    const r = search(m, m.properties);
    const v = r.violations.find((x) => x.property === 'no-kernel-bug')!;
    expect(v.message).toBe('kernel BUG: T0 kernel BUG at mm/memory_hotplug.c (__remove_memory)');
    expect(m.isTerminal(v.trace.at(-1)!.state)).toBe(true);
    expect(tellLockViolation(m, v).join('\n')).toContain('kernel BUG at mm/memory_hotplug.c!');
  });
});
