/**
 * The layout fields of memmap on memory, the online policy and memory groups
 * (model/layout/schema.ts checkGroups()): defaults, and one line naming the field for each
 * mistake.
 */
import { describe, expect, it } from 'vitest';
import { parseLayout } from '../../model/layout/parse.ts';

type Obj = Record<string, unknown>;

function base(): Obj {
  return {
    name: 'groups',
    geometry: { sectionSize: '256M', subsectionSize: '64M', blockSize: '256M' },
    nodes: [{ id: 0, cpus: true }, { id: 1 }],
    boot: [{ node: 0, range: '0x00000000-0x1fffffff' }],
    dimms: [
      { name: 'a', node: 1, range: '0x20000000-0x2fffffff' },
      { name: 'b', node: 1, range: '0x30000000-0x3fffffff' },
    ],
  };
}

function parse(change: (l: Obj & { dimms: Obj[] }) => void) {
  const l = base() as Obj & { dimms: Obj[] };
  change(l);
  return parseLayout(JSON.stringify(l), 'my.yaml');
}

function rejected(change: (l: Obj & { dimms: Obj[] }) => void): string {
  const r = parse(change);
  expect(r.ok).toBe(false);
  const error = r.ok ? '' : r.error;
  expect(error).not.toMatch(/\n/);
  return error;
}

describe('platform: memmapOnMemory, onlinePolicy, autoMovableRatio, autoMovableNumaAware', () => {
  it('defaults: off, contig-zones, 301, NUMA aware; no groups', () => {
    const r = parse(() => {});
    expect(r.ok && r.layout.platform).toMatchObject({ memmapOnMemory: false, onlinePolicy: 'contig-zones', autoMovableRatio: 301, autoMovableNumaAware: true });
    expect(r.ok && r.layout.groups).toEqual([]);
  });

  it.each([
    [{ onlinePolicy: 'auto_movable' }, 'my.yaml: platform.onlinePolicy: expected one of contig-zones, auto-movable, got "auto_movable"'],
    [{ autoMovableRatio: -1 }, 'my.yaml: platform.autoMovableRatio: '],
    [{ autoMovableRatio: 1.5 }, 'my.yaml: platform.autoMovableRatio: '],
    [{ memmapOnMemory: 'force' }, 'my.yaml: platform.memmapOnMemory: expected a boolean, got "force"'],
  ])('%j is refused naming the field', (platform, line) => {
    expect(rejected((l) => { l['platform'] = platform; })).toContain(line);
  });
});

describe('groups and dimms[].group', () => {
  it('a named static group of two DIMMs parses; a DIMM keeps its group name', () => {
    const r = parse((l) => { l['groups'] = [{ name: 'g' }]; l.dimms.forEach((d) => { d['group'] = 'g'; }); });
    expect(r.ok && r.layout.dimms.map((d) => d.group)).toEqual(['g', 'g']);
    expect(r.ok && r.layout.groups).toEqual([{ name: 'g', kind: 'static' }]);
  });

  it.each<[string, (l: Obj & { dimms: Obj[] }) => void, string]>([
    ['an undeclared group', (l) => { l.dimms[0]!['group'] = 'nope'; }, 'my.yaml: dimms[0].group: group "nope" is not declared in groups'],
    ['a group declared twice', (l) => { l['groups'] = [{ name: 'g' }, { name: 'g' }]; }, 'my.yaml: groups[1].name: "g" is already the name of groups[0]'],
    ['a unit on a static group', (l) => { l['groups'] = [{ name: 'g', unit: '256M' }]; }, 'my.yaml: groups[0].unit: only a dynamic group has a unit'],
    ['a dynamic group without a unit', (l) => { l['groups'] = [{ name: 'g', kind: 'dynamic' }]; }, 'my.yaml: groups[0].unit: required for a dynamic group'],
    ['a unit that is not a multiple of blockSize', (l) => { l['groups'] = [{ name: 'g', kind: 'dynamic', unit: '128M' }]; }, 'my.yaml: groups[0].unit: must be a power-of-two multiple of blockSize (256M)'],
    ['DIMMs of one group on two nodes', (l) => { l['groups'] = [{ name: 'g' }]; l.dimms[0]!['group'] = 'g'; l.dimms[1]!['group'] = 'g'; l.dimms[1]!['node'] = 0; }, 'my.yaml: dimms[1].group: node 0 differs from node 1 of dimms[0].group in the same group'],
    ['boot memory in a group', (l) => { l['groups'] = [{ name: 'g' }]; l.dimms[0]!['group'] = 'g'; l.dimms[0]!['plugged'] = 'boot'; }, 'my.yaml: dimms[0].group: a DIMM with plugged: boot is boot memory'],
    ['a DIMM larger than its dynamic unit', (l) => { l['groups'] = [{ name: 'g', kind: 'dynamic', unit: '256M' }]; l.dimms[0]!['range'] = '0x20000000-0x3fffffff'; l.dimms.pop(); l.dimms[0]!['group'] = 'g'; }, 'my.yaml: dimms[0].group: dynamic group "g" adds memory in aligned units of 256M'],
    ['an unknown key in a group', (l) => { l['groups'] = [{ name: 'g', size: '1G' }]; }, 'my.yaml: groups[0].size: unknown key "size"'],
  ])('%s: one line naming the field', (_what, change, line) => {
    expect(rejected(change)).toContain(line);
  });
});

describe('layout files written back (run/itf.ts layoutToRaw, used by ITF traces and shrink)', () => {
  it('groups, dimms[].group and the new platform fields survive the round trip', async () => {
    const { layoutToRaw } = await import('../../run/itf.ts');
    const r = parse((l) => {
      l['groups'] = [{ name: 'v', kind: 'dynamic', unit: '256M' }];
      l.dimms[0]!['group'] = 'v';
      l['platform'] = { memmapOnMemory: true, onlinePolicy: 'auto-movable', autoMovableRatio: 40, autoMovableNumaAware: false };
    });
    if (!r.ok) throw new Error(r.error);
    const again = parseLayout(JSON.stringify(layoutToRaw(r.layout)), 'again');
    expect(again.ok && again.layout).toEqual(r.layout);
  });
});
