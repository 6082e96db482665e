/**
 * The registry of model kinds (run/kinds/): which kind a layout or a trace belongs to, the
 * worker spec of each kind rebuilding the same model, the one list of kernel versions, and
 * user patches resolved against the run's model.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KERNELS, LOCK_PROFILES, PROFILES, findLockProfile } from '../../model/kernels/profiles.ts';
import { MODEL_KINDS, kindOfLayout, kindOfTrace, type KindName } from '../../run/kinds/index.ts';
import { createModel, workerSpec } from '../../run/model-factory.ts';
import type { ItfTrace } from '../../run/itf.ts';

const fixture = (name: string): ItfTrace => JSON.parse(readFileSync(new URL(`../fixtures/${name}.itf.json`, import.meta.url), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'hpcheck-kinds-'));
const patchFile = (name: string, overrides: string): string => {
  const p = join(dir, `${name}.ts`);
  writeFileSync(p, `export default { name: '${name}', description: 'test', overrides: ${overrides} };\n`);
  return p;
};

describe('kindOfLayout and kindOfTrace', () => {
  it('a lock scenario is the lock model\'s; a built-in layout, a layout file or none is the hotplug model\'s', () => {
    expect(kindOfLayout('dax-kmem-unbind')).toBe('lock');
    expect(kindOfLayout('ppc-interleaved')).toBe('hotplug');
    expect(kindOfLayout('./my-layout.yaml')).toBe('hotplug');
    expect(kindOfLayout(undefined)).toBe('hotplug');
  });

  it('#meta.model names the kind; a trace without it is the hotplug model\'s; an unknown model is one line naming the field', () => {
    expect(kindOfTrace('f', fixture('dax-kmem-unbind.v5.6.lock-balance'))).toEqual({ ok: true, value: 'lock' });
    expect(kindOfTrace('f', fixture('ppc-interleaved.v5.8.link-consistency'))).toEqual({ ok: true, value: 'hotplug' });
    const t = fixture('ppc-interleaved.v5.8.link-consistency');
    const odd = { ...t, '#meta': { ...t['#meta'], model: 'futex' } } as ItfTrace;
    expect(kindOfTrace('f.itf.json', odd)).toEqual({ ok: false, error: 'f.itf.json: #meta.model: unknown model "futex" (one of hotplug, lock)' });
  });
});

describe('a worker rebuilds the model of every kind from its spec', () => {
  it.each<[KindName, Record<string, unknown>]>([
    ['hotplug', { layout: 'ppc-interleaved', kernel: 'v5.8', patch: ['f85086f95fa3'], property: ['link-consistency'] }],
    ['lock', { layout: 'dax-kmem-unbind', kernel: 'v5.1', patch: ['blocking-sysfs-lock'], property: ['deadlock-free'] }],
  ])('%s: same actions, same initial state, same properties', async (kind, o) => {
    const k = MODEL_KINDS[kind];
    const cfg = await k.resolve(o);
    if (!cfg.ok) throw new Error(cfg.error);
    const here = k.build(cfg.value as never);
    const spec = workerSpec(kind, cfg.value as never);
    const there = await createModel(JSON.parse(JSON.stringify(spec)));
    expect(there.actionCount).toBe(here.actionCount);
    expect(Array.from({ length: there.actionCount }, (_, i) => there.actionName(i))).toEqual(Array.from({ length: here.actionCount }, (_, i) => here.actionName(i)));
    expect(there.initialStates()).toEqual(here.initialStates());
    expect(there.properties.map((p) => p.name)).toEqual(here.properties.map((p) => p.name));
    expect(k.names(there as never)).toEqual(k.names(here as never));
  });
});

describe('one list of kernel versions', () => {
  it('each version is named once; every lock profile is a version of the list, in its order', () => {
    const names = KERNELS.map((k) => k.name);
    expect(new Set(names).size).toBe(names.length);
    expect(PROFILES.map((p) => p.name)).toEqual(names);
    expect(LOCK_PROFILES.map((p) => p.name)).toEqual(names.filter((n) => KERNELS.find((k) => k.name === n)!.lock !== null));
  });

  it('v5.6 has both behaviours in one entry; v5.8 takes the lock behaviour of v5.6, v5.10 that of v5.9', () => {
    const v56 = KERNELS.find((k) => k.name === 'v5.6')!;
    expect(v56.hotplug.behaviour.span_shrink).toBe('at-offline');
    expect(v56.lock!.behaviour.removeBusyExit).toBe('done-without-begin');
    expect(findLockProfile('v5.8')!.behaviour).toBe(findLockProfile('v5.6')!.behaviour);
    expect(findLockProfile('5.10')!.behaviour).toBe(findLockProfile('v5.9')!.behaviour);
    expect(findLockProfile('v4.13')).toBeUndefined();
  });
});

describe('user patches (--patch ./file.ts) on either model: the run\'s model says which points a patch may replace', () => {
  const lock = { layout: 'dax-kmem-unbind', kernel: 'v5.6' };
  const hotplug = { layout: 'ppc-interleaved', kernel: 'v5.8' };

  it('a lock patch on a lock run loads, keeps its path for the workers, and changes the behaviour', async () => {
    const p = patchFile('return-busy', "{ removeBusyExit: 'return' }");
    const cfg = await MODEL_KINDS.lock.resolve({ ...lock, patch: [p] });
    if (!cfg.ok) throw new Error(cfg.error);
    expect(cfg.value.patches[0]).toMatchObject({ name: 'return-busy', source: p });
    expect(MODEL_KINDS.lock.build(cfg.value).kb.removeBusyExit).toBe('return');
    expect((workerSpec('lock', cfg.value).spec as { patches: string[] }).patches).toEqual([p]);
  });

  it.each([
    ['a hotplug point on a lock run', lock, "{ section_deactivate() {} }", 'overrides.section_deactivate: a behaviour point of the hotplug model; --layout dax-kmem-unbind is a lock scenario'],
    ['a lock point on a hotplug run', hotplug, "{ sysfsHotplugLock: 'blocking' }", 'overrides.sysfsHotplugLock: a behaviour point of the lock model (its scenarios: dax-kmem-unbind, *); --layout ppc-interleaved is a hotplug layout'],
    ['a point of neither', lock, "{ sysfsHotplugLocks: 'blocking' }", 'overrides.sysfsHotplugLocks: unknown behaviour point (known: removeBlockDevices, memSysfsMutex, removeBusyExit, sysfsHotplugLock, onlineBeginIn)'],
    ['a value the lock point does not take', lock, "{ sysfsHotplugLock: 'spinning' }", 'overrides.sysfsHotplugLock: must be one of "trylock", "blocking"'],
    ['a value the hotplug point does not take', hotplug, "{ span_shrink: 'never' }", 'overrides.span_shrink: must be one of "at-remove", "at-offline"'],
    ['a function for a lock data point', lock, '{ memSysfsMutex() {} }', 'overrides.memSysfsMutex: must be a string or boolean'],
  ])('%s: one line naming the field', async (_what, run, overrides, message) => {
    const p = patchFile(`bad-${Math.random().toString(36).slice(2)}`, overrides);
    const kind = MODEL_KINDS[kindOfLayout(run.layout)];
    const cfg = await kind.resolve({ ...run, patch: [p] });
    if (cfg.ok) throw new Error('the patch was accepted');
    const [head, tail] = `${p}: ${message}`.split('*');
    expect(cfg.error.startsWith(head!) && cfg.error.endsWith(tail ?? '') && (tail !== undefined || cfg.error === head), cfg.error).toBe(true);
  });
});
