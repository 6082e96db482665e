/**
 * Issue 3's "Done when", run as a user would: `hpcheck check --layout dax-kmem-unbind` with
 * the lock properties, the reports in lockdep's format, and the input errors.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hpcheck, hpcheckJson } from './run-cli.ts';

const dax = (...args: string[]) => hpcheck('check', '--layout', 'dax-kmem-unbind', ...args);

describe('hpcheck check --layout dax-kmem-unbind (seed 003)', () => {
  it('v5.1 lock-order-acyclic: exit 1 with the lockdep report; the chain and scenario are the seed\'s', () => {
    const r = dax('--kernel', 'v5.1', '--property', 'lock-order-acyclic');
    expect(r.status).toBe(1);
    const out = r.stdout;
    expect(out).toContain('WARNING: possible circular locking dependency detected');
    expect(out).toContain('bash/1213 is trying to acquire lock:\n(kn->count(memory0/state)){++++}, at: __kernfs_remove');
    expect(out).toContain('but task is already holding lock:\n(mem_sysfs_mutex){+.+.}, at: unregister_memory_section');
    for (const entry of ['-> #3 (mem_sysfs_mutex){+.+.}:', '-> #2 (mem_hotplug_lock.rw_sem){++++}:', '-> #1 (cpu_hotplug_lock.rw_sem){++++}:', '-> #0 (kn->count(memory0/state)){++++}:']) {
      expect(out).toContain(entry);
    }
    // Seed 003: "Chain exists of: kn->count#18 --> mem_hotplug_lock.rw_sem --> mem_sysfs_mutex"
    expect(out).toContain('Chain exists of:\n  kn->count(memory0/state) --> mem_hotplug_lock.rw_sem --> mem_sysfs_mutex');
    expect(out).toContain([
      '  lock(mem_sysfs_mutex);',
      '                               lock(mem_hotplug_lock.rw_sem);',
      '                               lock(mem_sysfs_mutex);',
      '  lock(kn->count(memory0/state));',
    ].join('\n'));
    expect(out).toContain('6 locks held by bash/1213:');
    expect(out).toContain(' #2: (device_hotplug_lock){+.+.}, at: remove_memory');
    expect(out).toMatch(/ {3}1\. T0 bash\/1207 +kernfs_get_active\(memory0\/state\)/);
  });

  it('v5.1 deadlock-free: exit 0, the trylock gate holds', () => {
    const r = dax('--kernel', 'v5.1', '--property', 'deadlock-free');
    expect(r.stdout).toContain('VERIFIED');
    expect(r.status).toBe(0);
  });

  it('--patch blocking-sysfs-lock: deadlock-free exits 1 with the interleaving and each thread\'s held and awaited locks', () => {
    const r = dax('--kernel', 'v5.1', '--patch', 'blocking-sysfs-lock', '--property', 'deadlock-free');
    expect(r.status).toBe(1);
    const out = r.stdout;
    expect(out).toContain('The interleaving (21 steps, a shortest one):');
    expect(out).toContain(' *** DEADLOCK ***');
    expect(out).toContain('T1 bash/1213 (echo dax0.0 > /sys/bus/dax/drivers/kmem/unbind)\n  waits for kernfs_drain(): the active references of memory0/state, held by T2 systemd-udevd/388');
    expect(out).toContain('T2 systemd-udevd/388 (echo online_movable > /sys/devices/system/memory/memory0/state)\n  waits for device_hotplug_lock, held by T1 bash/1213\n  1 lock held by systemd-udevd/388:\n   #0: (kn->count(memory0/state)){++++}, at: kernfs_fop_write');
    expect(out).toContain('INFO: task bash/1213 blocked for more than 120 seconds.');
  });

  it('v5.6: lock-order-acyclic and deadlock-free exit 0; lock-balance exits 1 with lockdep\'s bad unlock balance', () => {
    for (const p of ['lock-order-acyclic', 'deadlock-free']) expect(dax('--kernel', 'v5.6', '--property', p).status, p).toBe(0);
    const r = dax('--kernel', 'v5.6', '--property', 'lock-balance');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('WARNING: bad unlock balance detected!');
    expect(r.stdout).toContain('bash/1213 is trying to release lock (mem_hotplug_lock.rw_sem) at:');
    expect(r.stdout).toContain('check_memblock_offlined_cb(): memory0 still online? -> yes: -EBUSY, goto done');
  });

  it('v5.9: lock-balance exits 0', () => {
    expect(dax('--kernel', 'v5.9', '--property', 'lock-balance').status).toBe(0);
  });

  it('--json: the documented object (docs/cli.md); --workers 2 and --exact give the same counts', () => {
    const one = hpcheckJson('check', '--layout', 'dax-kmem-unbind', '--kernel', 'v5.9');
    expect(one.status).toBe(0);
    expect(one.json).toMatchObject({ tool: 'hpcheck', layout: 'dax-kmem-unbind', kernel: 'v5.9', model: 'lock', verdict: 'verified', violations: [] });
    expect(one.json.properties).toEqual(['deadlock-free', 'lock-order-acyclic', 'lock-balance', 'no-kernel-bug']);
    const two = hpcheckJson('check', '--layout', 'dax-kmem-unbind', '--kernel', 'v5.9', '--workers', '2');
    const exact = hpcheckJson('check', '--layout', 'dax-kmem-unbind', '--kernel', 'v5.9', '--exact');
    for (const r of [two.json, exact.json]) expect([r.states, r.transitions, r.depth]).toEqual([one.json.states, one.json.transitions, one.json.depth]);
    expect(exact.json.storage).toMatchObject({ mode: 'exact', collisions: 0 });
  });

  it('--max-states below the reachable count: exit 3, bounded, never verified', () => {
    const { status, json } = hpcheckJson('check', '--layout', 'dax-kmem-unbind', '--kernel', 'v5.9', '--max-states', '100');
    expect([status, json.verdict, json.bounded]).toEqual([3, 'bounded', true]);
  });

  it('--json trace: each state shows the threads\' held locks and waits, and lockdep\'s edges', () => {
    const { json } = hpcheckJson('check', '--layout', 'dax-kmem-unbind', '--kernel', 'v5.1', '--patch', 'blocking-sysfs-lock', '--property', 'deadlock-free');
    const last = json.violations[0].trace.at(-1).state;
    expect(last.threads[2]).toMatchObject({ task: 'systemd-udevd/388', held: ['kn->count(memory0/state) (trylock)'], waiting: 'device_hotplug_lock' });
    expect(last.threads[1].waiting).toBe('kn->count(memory0/state)');
    expect(last.deactivated).toEqual(['kn->count(memory0/state)']);
    expect(last.lockdep).toContain('kn->count(memory0/state) -> device_hotplug_lock');
  });

  it('--out writes the counterexample as an ITF trace', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hpcheck-lock-')), 'dl.itf.json');
    const r = dax('--kernel', 'v5.6', '--property', 'lock-balance', '--out', file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`wrote ${file} (lock-balance, 5 steps)`);
    const t = JSON.parse(readFileSync(file, 'utf8'));
    expect(t['#meta']).toMatchObject({ format: 'ITF', model: 'lock', kernel: 'v5.6', property: 'lock-balance' });
    expect(t.states).toHaveLength(6);
    expect(t.states[0]['mbt::actionTaken']).toBe('init');
    expect(t.states[5].imbalance).toBe(true);
  });

  it('replay re-executes a saved lock trace: exit 1 while it fails, exit 2 when a step cannot run, view refuses it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hpcheck-lock-')), 'dl.itf.json');
    expect(dax('--kernel', 'v5.1', '--patch', 'blocking-sysfs-lock', '--property', 'deadlock-free', '--out', file).status).toBe(1);
    const again = hpcheck('replay', file);
    expect(again.status).toBe(1);
    expect(again.stdout).toContain('✗ deadlock-free still fails at step 21 of 21: deadlock: T1 waits for kernfs_drain()');
    expect(again.stdout).toContain(' *** DEADLOCK ***');
    const unpatched = hpcheck('replay', file, '--patch', 'none');
    expect(unpatched.status).toBe(2);
    expect(unpatched.stderr).toContain('cannot replay: step 2, T0 lock_device_hotplug: mutex_lock(&device_hotplug_lock) [patch blocking-sysfs-lock]: no such step');
    const view = hpcheck('view', file);
    expect(view.status).toBe(2);
    expect(view.stderr).toContain('a lock-model trace (seed 003)');
  });
});

describe('lock model input errors: one line, exit 2', () => {
  it.each([
    [['check', '--layout', 'dax-kmem-unbind', '--kernel', 'v5.1', '--property', 'link-consistency'],
      '--property link-consistency: a property of the hotplug model; --layout dax-kmem-unbind is a lock scenario'],
    [['check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--property', 'deadlock-free'],
      '--property deadlock-free: belongs to the lock model'],
    [['check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--patch', 'blocking-sysfs-lock'],
      '--patch blocking-sysfs-lock: belongs to the lock model'],
    [['check', '--layout', 'dax-kmem-unbind', '--kernel', 'v5.1', '--patch', 'f85086f95fa3'],
      '--patch f85086f95fa3: a patch of the hotplug model; the lock model (--layout dax-kmem-unbind) takes: blocking-sysfs-lock'],
    [['check', '--layout', 'dax-kmem-unbind', '--kernel', 'v4.13'], '--kernel v4.13: the lock model has no profile for it'],
    [['check', '--layout', 'dax-kmem-unbind', '--kernel', 'v5.1', '--html', 'x.html'], '--html x.html: the trace viewer draws hotplug layouts'],
  ])('%j', (args, message) => {
    const r = hpcheck(...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });
});

describe('hpcheck list', () => {
  it('shows the lock scenarios, profiles, patch and properties', () => {
    const r = hpcheck('list');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}dax-kmem-unbind +memory0/m);
    expect(r.stdout).toContain('--patch blocking-sysfs-lock');
    expect(r.stdout).toMatch(/--property lock-order-acyclic/);
  });
});
