/**
 * The lock model's properties (seed 003): real deadlocks, lockdep's view, and lock pairing.
 * Each reads one state of model/locking/ and the thread programs.
 */
import { RES, RET_NAMES } from '../model/locking/locks.ts';
import { findCycle } from '../model/locking/lockdep.ts';
import type { LockPropertyDef, LockView } from '../model/locking/property.ts';
import { Bad, type LockState } from '../model/locking/state.ts';
import { finished, waitingFor, type Wait } from '../model/locking/step.ts';

export type { LockPropertyDef, LockView };

export const threadName = (v: LockView, t: number): string => `T${t} (${v.programs[t]!.task})`;

export const waitText = (w: Wait): string => (w.kind === 'lock' ? RES[w.res]!.lockdep
  : `kernfs_drain(): the active references of ${RES[w.res]!.lockdep.slice('kn->count('.length, -1)}`);

/**
 * stuckThreads() - the threads blocked for ever
 *
 * Start from every blocked thread; drop a thread while some holder of what it waits for is
 * neither blocked in the set nor finished (that holder can still run and release). What
 * remains waits only on itself or on finished threads: a deadlock. A thread looping through
 * restart_syscall() is never blocked, so a cycle of restarts is not counted.
 *
 * Return: the stuck threads with what each waits for, ascending.
 */
export function stuckThreads(v: LockView): { thread: number; wait: Wait; holders: number }[] {
  const n = v.programs.length;
  const waits = v.programs.map((p, t) => waitingFor(v.s, p, t));
  const done = v.programs.map((p, t) => finished(p, v.s.pc(t)));
  const stuck = new Set(waits.flatMap((w, t) => (w === null ? [] : [t])));
  for (let changed = true; changed;) {
    changed = false;
    for (const t of [...stuck]) {
      const { mask } = v.s.holders(waits[t]!.res);
      for (let h = 0; h < n; h++) {
        if ((mask & (1 << h)) !== 0 && !stuck.has(h) && !done[h]) { stuck.delete(t); changed = true; break; }
      }
    }
  }
  return [...stuck].map((t) => ({ thread: t, wait: waits[t]!, holders: v.s.holders(waits[t]!.res).mask }));
}

const holderNames = (v: LockView, mask: number): string =>
  v.programs.flatMap((_, h) => ((mask & (1 << h)) !== 0 ? [`T${h}${finished(v.programs[h]!, v.s.pc(h)) ? ' (returned holding it)' : ''}`] : [])).join(', ');

export const deadlockFree: LockPropertyDef = {
  name: 'deadlock-free',
  statement: 'no reachable state where a set of threads each waits, for ever, on a lock or kernfs drain held by another of the set (or by a thread that returned holding it)',
  why: 'a real deadlock hangs the tasks in D state (hung_task); a lockdep report alone may be a false positive',
  check(v) {
    if (v.s.bug() >= 0) return null;
    const stuck = stuckThreads(v);
    if (stuck.length === 0) return null;
    return `deadlock: ${stuck.map((x) => `T${x.thread} waits for ${waitText(x.wait)} held by ${holderNames(v, x.holders)}`).join('; ')}`;
  },
};

export const lockOrderAcyclic: LockPropertyDef = {
  name: 'lock-order-acyclic',
  statement: "lockdep's dependency graph (\"B taken while holding A\", recorded when B is taken by a blocking acquisition or a kernfs drain; dev->mutex not validated) has no cycle",
  why: 'lockdep reports "possible circular locking dependency" on the first cycle, and turns itself off; it cannot see a trylock gate',
  check(v) {
    const c = findCycle(v.s);
    return c === null ? null : `lockdep: possible circular locking dependency: ${c.map((r) => RES[r]!.lockdep).join(' -> ')}`;
  },
};

export const lockBalance: LockPropertyDef = {
  name: 'lock-balance',
  statement: 'every path releases what it takes, on every exit: mem_hotplug_begin()/mem_hotplug_done() stay paired, no unlock of a lock not held, no return to user space holding a lock',
  why: 'percpu_up_write() of an unheld mem_hotplug_lock corrupts the rwsem (lockdep: "bad unlock balance detected!")',
  check(v) {
    const b = v.s.bad();
    if (b.kind === Bad.NONE) return null;
    const step = v.programs[b.thread]!.steps[b.pc]!;
    const where = step.stack.slice(0, 3).join(' <- ');
    if (b.kind === Bad.UNLOCK_NOT_HELD) {
      return `bad unlock balance: T${b.thread} ${step.text} in ${where} without holding it (path returns ${RET_NAMES[v.s.ret(b.thread)]})`;
    }
    return `T${b.thread} returned to user space holding ${v.s.heldList(b.thread).map((h) => RES[h.res]!.lockdep).join(', ')}`;
  },
};

export const noKernelBugLocking: LockPropertyDef = {
  name: 'no-kernel-bug',
  statement: 'no BUG() is reachable (__remove_memory() BUG()s when try_remove_memory() fails)',
  why: 'a BUG() kills the kernel',
  check(v) {
    const t = v.s.bug();
    return t < 0 ? null : `kernel BUG: T${t} ${v.programs[t]!.steps[v.s.pc(t)]!.text}`;
  },
};

export const LOCK_PROPERTIES: readonly LockPropertyDef[] = [deadlockFree, lockOrderAcyclic, lockBalance, noKernelBugLocking];

export const findLockProperty = (name: string): LockPropertyDef | undefined => LOCK_PROPERTIES.find((p) => p.name === name);
