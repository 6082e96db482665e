/**
 * `check --out` writes ITF traces; `hpcheck replay` re-executes them: exit 1 while the
 * property still fails, 0 once a kernel or patch fixes it, 2 when the trace cannot run.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HotplugModel } from '../../model/hotplug-model.ts';
import { readItf } from '../../run/itf.ts';
import { replayPath } from '../../run/replay-path.ts';
import { loadSavedRun } from '../../run/saved-run.ts';
import { ROOT, hpcheck } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'hpcheck-replay-'));
const FIXTURES = join(ROOT, 'test/fixtures');

/** Every value in an ITF state is a boolean, string, number, list or record: never null. */
function nulls(v: unknown, path = ''): string[] {
  if (v === null) return [path];
  if (Array.isArray(v)) return v.flatMap((x, i) => nulls(x, `${path}[${i}]`));
  if (typeof v === 'object') return Object.entries(v as object).flatMap(([k, x]) => nulls(x, `${path}.${k}`));
  return [];
}

describe('check --out: ITF traces', () => {
  const file = join(dir, 't.itf.json');
  const r = hpcheck('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--out', file, '--no-color');

  it('ppc-interleaved on v5.8: the story shows the stale node1/memory2 link and the BUG, and one file per violation', () => {
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('- memory/memory2/node1 -> ../../node/node1');
    expect(r.stdout).toContain('lrwxrwxrwx 1 root root    0 /sys/devices/system/node/node1/memory2 -> ../../memory/memory2   (dangling: the block is gone)');
    expect(r.stdout).toContain('kernel BUG at mm/memory_hotplug.c!');
    expect(readdirSync(dir).sort()).toEqual(['t.itf.json', 't.link-consistency.itf.json', 't.memmap-valid.itf.json', 't.no-kernel-bug.itf.json']);
    expect(r.stderr).toContain(`hpcheck: wrote ${file} (single-node-per-block, 6 steps)`);
  });

  it('the file is ITF: #meta with the inline layout, kernel, patches, property, path and seed; one state per step', () => {
    const t = JSON.parse(readFileSync(join(dir, 't.link-consistency.itf.json'), 'utf8'));
    expect(t['#meta']).toMatchObject({ format: 'ITF', kernel: 'v5.8', patches: [], property: 'link-consistency', seed: null, origin: 'check' });
    expect(t['#meta'].layout).toMatchObject({ name: 'ppc-interleaved', dimms: [{ name: 'lmb2', range: '0x20000000-0x2fffffff', plugged: 'boot' }] });
    expect(t['#meta'].actions.slice(-2)).toEqual(['offline_pages(memory2)', 'remove_memory(lmb2)']);
    expect(t.states).toHaveLength(t['#meta'].actions.length + 1);
    expect(t.states.map((s: any) => s['mbt::actionTaken'])).toEqual(['init', ...t['#meta'].actions]);
    expect(t.states.map((s: any) => s['#meta'].index)).toEqual(t.states.map((_: unknown, i: number) => i));
    for (const v of t.vars) for (const s of t.states) expect(s).toHaveProperty([v]);
    expect(t.states.at(-1).blocks.memory2).toMatchObject({ state: 'absent', node_links: ['node1/memory2'] });
    expect(t.states.at(-1).bug).toEqual({ tag: 'None', value: { '#tup': [] } });
    expect(nulls(t.states)).toEqual([]);
  });

  it('replay exits 1 on the saved kernel and 0 on v5.9, which fixed it', () => {
    const still = hpcheck('replay', file, '--no-color');
    expect(still.status).toBe(1);
    expect(still.stdout).toContain('✗ single-node-per-block still fails at step 6 of 6');
    const fixed = hpcheck('replay', file, '--kernel', 'v5.9');
    expect(fixed.stdout).toContain('kernel v5.9 (saved on v5.8)');
    expect(fixed.stdout).toContain('✓ single-node-per-block holds at every step');
    expect(fixed.status).toBe(0);
  });

  it('replay --patch f85086f95fa3 on v5.8 exits 0; the BUG trace replays to its step with --json', () => {
    expect(hpcheck('replay', join(dir, 't.no-kernel-bug.itf.json'), '--patch', 'f85086f95fa3').status).toBe(0);
    const j = hpcheck('replay', join(dir, 't.no-kernel-bug.itf.json'), '--json');
    expect(j.status).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ property: 'no-kernel-bug', steps: 10, outcome: 'violated', step: 10, kernel: 'v5.8' });
  });
});

describe('replay: the saved seed counterexamples (test/fixtures)', () => {
  const cases = [
    ['ppc-interleaved.v5.8.link-consistency', ['--kernel', 'v5.9']],
    ['ppc-interleaved.v5.8.no-kernel-bug', ['--kernel', 'v5.10']],
    ['acpi-early-hotadd.v5.9.single-node-per-block', ['--patch', 'none']],
    ['memoryless-node-two-dimms.v5.3.node-offline-safe', ['--patch', '2c91f8fc6c99']],
    ['udev-online-movable.v4.10.zones-consistent', ['--kernel', 'v4.13']],
    ['pmem-early-section.v5.8.memmap-valid', ['--kernel', 'v5.9']],
  ] as const;

  it.each(cases)('%s: the property holds before the last step and fails at it', async (name) => {
    const file = join(FIXTURES, `${name}.itf.json`);
    const t = readItf(file);
    if (!t.ok) throw new Error(t.error);
    const run = await loadSavedRun(file, t.value, {});
    if (!run.ok) throw new Error(run.error);
    const v = run.value;
    const m = new HotplugModel({ layout: v.layout, profile: v.profile, patches: v.patches, properties: [v.property] });
    const r = replayPath(m, v.property.name, v.actions);
    expect(r).toMatchObject({ kind: 'violated', step: v.actions.length, message: t.value['#meta'].message });
  });

  it.each(cases)('%s: hpcheck replay with the fix (%s) exits 0', (name, fix) => {
    const r = hpcheck('replay', join(FIXTURES, `${name}.itf.json`), ...fix);
    expect(r.stdout).toContain('holds at every step');
    expect(r.status).toBe(0);
  });
});

describe('replay: traces that cannot run, and bad files', () => {
  const fixture = JSON.parse(readFileSync(join(FIXTURES, 'ppc-interleaved.v5.8.link-consistency.itf.json'), 'utf8'));
  const write = (name: string, t: unknown): string => {
    const f = join(dir, name);
    writeFileSync(f, typeof t === 'string' ? t : JSON.stringify(t));
    return f;
  };
  const edited = (actions: string[]) => ({ ...fixture, '#meta': { ...fixture['#meta'], actions }, states: [] });

  it('an action that is not enabled: exit 2, one line naming the step, the action and why', () => {
    const actions = [...fixture['#meta'].actions];
    actions.splice(7, 0, 'add_memory(lmb2)');
    const r = hpcheck('replay', write('dup-add.itf.json', edited(actions)));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`hpcheck: ${join(dir, 'dup-add.itf.json')}: cannot replay: step 8, add_memory(lmb2): not enabled: lmb2 is already added\n`);
  });

  it('an action the layout does not have: exit 2, named', () => {
    const r = hpcheck('replay', write('unknown.itf.json', edited(['sparse_init', 'online_pages(memory9, online)'])));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('step 2, online_pages(memory9, online): no such action on layout ppc-interleaved');
  });

  it('after a crash nothing is enabled: the reason names the BUG', () => {
    const bug = JSON.parse(readFileSync(join(FIXTURES, 'ppc-interleaved.v5.8.no-kernel-bug.itf.json'), 'utf8'));
    const t = { ...bug, '#meta': { ...bug['#meta'], property: 'node-offline-safe', actions: [...bug['#meta'].actions, 'offline_pages(memory0)'] }, states: [] };
    const r = hpcheck('replay', write('after-bug.itf.json', t));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('step 11, offline_pages(memory0): not enabled: the kernel has crashed (kernel BUG at mm/memory_hotplug.c!');
  });

  it.each([
    ['missing.itf.json', null, 'missing.itf.json: no such file'],
    ['garbage.itf.json', '{ not json', 'garbage.itf.json: not JSON: '],
    ['no-kernel.itf.json', { ...fixture, '#meta': { ...fixture['#meta'], kernel: undefined } }, 'no-kernel.itf.json: #meta.kernel: required'],
    ['bad-actions.itf.json', { ...fixture, '#meta': { ...fixture['#meta'], actions: 'sparse_init' } }, 'bad-actions.itf.json: #meta.actions: '],
    ['bad-layout.itf.json', { ...fixture, '#meta': { ...fixture['#meta'], layout: { ...fixture['#meta'].layout, nodes: [{ id: 0 }] } } }, 'bad-layout.itf.json: #meta.layout: '],
    ['bad-property.itf.json', { ...fixture, '#meta': { ...fixture['#meta'], property: 'no-such' } }, 'bad-property.itf.json: #meta.property: unknown property "no-such"'],
    ['short-states.itf.json', { ...fixture, states: fixture.states.slice(0, 3) }, 'short-states.itf.json: states: 3 states for 9 actions'],
  ])('%s: exit 2 with one line', (name, content, expected) => {
    const f = content === null ? join(dir, name) : write(name, content);
    const r = hpcheck('replay', f);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toContain(`hpcheck: ${join(dir, expected)}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--out into a directory that does not exist: exit 2 before the search, one line', () => {
    const r = hpcheck('check', '--layout', 'ppc-interleaved', '--kernel', 'v5.8', '--out', join(dir, 'no/such/t.itf.json'));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`hpcheck: --out ${join(dir, 'no/such/t.itf.json')}: no such directory ${join(dir, 'no/such')}\n`);
  });

  it('--kernel that does not exist: exit 2 naming --kernel', () => {
    const r = hpcheck('replay', join(FIXTURES, 'ppc-interleaved.v5.8.link-consistency.itf.json'), '--kernel', 'v9.9');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^hpcheck: --kernel v9.9: unknown kernel/);
  });
});
