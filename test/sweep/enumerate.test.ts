/**
 * The layout enumeration of `hpcheck sweep`: pinned counts, the symmetry classes, the size
 * order, and that every enumerated layout is one the parser accepts.
 */
import { describe, expect, it } from 'vitest';
import { search } from '../../explore/index.ts';
import { HotplugModel } from '../../model/hotplug-model.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import { PROPERTIES } from '../../properties/index.ts';
import {
  canonicalName, classMembers, enumerateLayouts, layoutName, parseLayoutName, type Bounds, type LayoutSpec,
} from '../../model/layout/enumerate.ts';
import { layoutFile, specLayout } from '../../model/layout/layout-file.ts';
import { shardClasses } from '../../sweep/sweep.ts';

const spec = (name: string): LayoutSpec => {
  const r = parseLayoutName(name);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

function outcome(s: LayoutSpec, kernel: string) {
  const m = new HotplugModel({ layout: specLayout(s), profile: findProfile(kernel)!, patches: [], properties: PROPERTIES });
  const r = search(m, m.properties);
  return { verdict: r.verdict, states: r.states, transitions: r.transitions, violated: r.violations.map((v) => v.property) };
}

describe('enumerateLayouts: counts', () => {
  it('1 node, 1 block: the single layout c0_R0', () => {
    const e = enumerateLayouts({ nodes: 1, blocks: 1, dimms: 0, pmem: 0 });
    expect(e.classes.map((c) => c.name)).toEqual(['c0_R0']);
    expect(e.layouts).toBe(1);
  });

  it('1 node, 2 blocks, 1 DIMM, 1 pmem: 26 layouts, each its own class', () => {
    // One block: R0, or P0 with huge or base vmemmap: 3. Two blocks (pmem at most once, a DIMM
    // at most once, some block boot RAM): R0.R0 1; R0 and P0 in either order, two vmemmaps: 4;
    // R0 and one of three DIMM kinds, either order: 6; P0 and a DIMM, either order, two
    // vmemmaps: 12. 3 + 1 + 4 + 6 + 12 = 26. One node has no renaming.
    const e = enumerateLayouts({ nodes: 1, blocks: 2, dimms: 1, pmem: 1 });
    expect(e.classes).toHaveLength(26);
    expect(e.layouts).toBe(26);
  });

  it('2 nodes, 2 blocks of boot RAM: 16 layouts and no symmetry, because every node registers at boot', () => {
    // One node: c0_R0, c0_R0.R0 (2). Two nodes, one block: R0 needs CPUs on node 1 ({1} or
    // {0,1}), R1 on node 0: 4. Two blocks: R0.R0 and R1.R1 leave a node to CPUs (2 each),
    // R0.R1 and R1.R0 take any of 3 CPU sets: 10. Every node is online at boot, so any
    // renaming changes the order register_one_node() runs in, and no two layouts are merged.
    const e = enumerateLayouts({ nodes: 2, blocks: 2, dimms: 0, pmem: 0 });
    expect(e.classes).toHaveLength(16);
    expect(e.layouts).toBe(16);
    expect(e.classes.every((c) => c.members === 1)).toBe(true);
  });

  it('pins the counts of the default and the acceptance bounds', () => {
    const counts = (b: Bounds) => {
      const e = enumerateLayouts(b);
      return [e.classes.length, e.layouts];
    };
    expect(counts({ nodes: 2, blocks: 2, dimms: 1, pmem: 1 })).toEqual([256, 268]);
    expect(counts({ nodes: 2, blocks: 3, dimms: 2, pmem: 0 })).toEqual([875, 933]);
    expect(counts({ nodes: 3, blocks: 4, dimms: 2, pmem: 0 })).toEqual([32258, 37280]);
  });
});

describe('enumerateLayouts: symmetry classes', () => {
  it('a node that only comes online at run time may take any id: c1_R1.H0 is in the class of c0_R0.H1', () => {
    expect(canonicalName(spec('c1_R1.H0'))).toBe('c0_R0.H1');
    const e = enumerateLayouts({ nodes: 2, blocks: 2, dimms: 1, pmem: 0 });
    const c = e.classes.find((x) => x.name === 'c0_R0.H1')!;
    expect(c.members).toBe(2);
    expect(e.classes.some((x) => x.name === 'c1_R1.H0')).toBe(false);
  });

  it('renaming boot nodes is no symmetry: seed 000 with nodes 1 and 2 swapped reaches other states on v5.8', () => {
    expect(canonicalName(spec('c0_R2.R1.B2.R1'))).toBe('c0_R2.R1.B2.R1');
    const seed = outcome(spec('c0_R1.R2.B1.R2'), 'v5.8');
    const swapped = outcome(spec('c0_R2.R1.B2.R1'), 'v5.8');
    // node 2 links memory2 last, so mem->nid is 2 and re-adding the LMB hits BUG_ON(-EEXIST);
    // swapped, node 2 owns the LMB and links it last: the stale link stays silently.
    expect(seed.violated).toContain('no-kernel-bug');
    expect(swapped.violated).not.toContain('no-kernel-bug');
    expect(seed.states).not.toBe(swapped.states);
  });

  it('every member of a class has the same verdict, states and transitions as its representative', () => {
    const e = enumerateLayouts({ nodes: 3, blocks: 2, dimms: 1, pmem: 0 });
    const merged = e.classes.filter((c) => c.members > 1);
    expect(merged.length).toBeGreaterThan(0);
    for (const c of merged) {
      const members = classMembers(c.spec);
      expect(members).toHaveLength(c.members);
      const want = outcome(c.spec, 'v5.3');
      for (const m of members) expect(outcome(m, 'v5.3'), `${layoutName(m)} in class ${c.name}`).toEqual(want);
    }
  });

  it('the members of all classes add up to the layouts, and each class is named by its smallest member', () => {
    const e = enumerateLayouts({ nodes: 3, blocks: 3, dimms: 1, pmem: 1 });
    let total = 0;
    for (const c of e.classes) {
      const names = classMembers(c.spec).map(layoutName);
      expect(names.length).toBe(c.members);
      expect([...names].sort()[0]).toBe(c.name);
      total += c.members;
    }
    expect(total).toBe(e.layouts);
  });
});

describe('enumerateLayouts: order and names', () => {
  it('runs from small to large: blocks, then nodes, DIMMs, pmem', () => {
    const e = enumerateLayouts({ nodes: 2, blocks: 3, dimms: 2, pmem: 1 });
    const key = (s: LayoutSpec) => [s.cells.length, s.nodes, s.cells.filter((c) => c.kind === 'dimm').length, s.cells.filter((c) => c.kind === 'ram+pmem').length];
    const notAfter = (a: number[], b: number[]): boolean => {
      const i = a.findIndex((x, j) => x !== b[j]);
      return i < 0 || a[i]! < b[i]!;
    };
    for (let i = 1; i < e.classes.length; i++) {
      const [a, b] = [e.classes[i - 1]!, e.classes[i]!];
      expect(notAfter(key(a.spec), key(b.spec)), `${a.name} before ${b.name}`).toBe(true);
    }
    expect(e.classes.slice(0, 4).map((c) => c.name)).toEqual(['c0_R0', 'c0_P0_huge', 'c0_P0_base', 'c01_R0']);
  });

  it('is deterministic, and every layout parses, names itself and round-trips through its name', () => {
    const b = { nodes: 2, blocks: 3, dimms: 2, pmem: 1 };
    const e = enumerateLayouts(b);
    expect(enumerateLayouts(b).classes.map((c) => c.name)).toEqual(e.classes.map((c) => c.name));
    for (const c of e.classes) {
      expect(specLayout(c.spec).name).toBe(c.name);
      expect(parseLayoutName(c.name)).toEqual({ ok: true, value: c.spec });
    }
  });

  it('writes seed 000 and seed 004 as the built-in layouts do', () => {
    const seed000 = layoutFile(spec('c0_R1.R2.B1.R2'));
    expect(seed000.boot).toEqual([
      { node: 1, range: '0x00000000-0x0fffffff' },
      { node: 2, range: '0x10000000-0x1fffffff' },
      { node: 2, range: '0x30000000-0x3fffffff' },
    ]);
    expect(seed000.dimms).toEqual([{ name: 'lmb2', node: 1, range: '0x20000000-0x2fffffff', plugged: 'boot' }]);
    const seed004 = layoutFile(spec('c0_P0_base'));
    expect(seed004.boot).toEqual([{ node: 0, range: '0x00000000-0x0bffffff' }]);
    expect(seed004.pmem).toEqual([{ name: 'pmem0', node: 0, range: '0x0c000000-0x0fffffff' }]);
    expect(seed004.platform.vmemmap).toBe('base');
  });

  it('rejects names that are no enumerated layout, saying why', () => {
    expect(parseLayoutName('c0_X0')).toMatchObject({ ok: false, error: expect.stringContaining('expected c<nodes with CPUs>') });
    expect(parseLayoutName('c0_R2')).toMatchObject({ ok: false, error: expect.stringContaining('every node 0..n-1') });
    expect(parseLayoutName('c0_P0')).toMatchObject({ ok: false, error: expect.stringContaining('_huge or _base') });
    expect(parseLayoutName('c0_H0')).toMatchObject({ ok: false, error: expect.stringContaining('boot RAM') });
  });
});

describe('shards', () => {
  it('split the classes into disjoint deterministic shares that cover them all', () => {
    const e = enumerateLayouts({ nodes: 2, blocks: 3, dimms: 1, pmem: 1 });
    const shares = [1, 2, 3].map((index) => shardClasses(e.classes, { index, count: 3 }).map((c) => c.index));
    expect(shares.flat().sort((a, b) => a - b)).toEqual(e.classes.map((c) => c.index));
    expect(new Set(shares.flat()).size).toBe(e.classes.length);
    expect(shardClasses(e.classes, { index: 2, count: 3 }).map((c) => c.index)).toEqual(shares[1]);
    expect(shares.map((s) => s.length)).toEqual([474, 474, 474]);
  });
});
