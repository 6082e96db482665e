/**
 * randomLayoutSpec(): the layouts `simulate --layouts random` draws are valid layouts within
 * their bounds, and fast-check shrinks them to the smallest one of a given shape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dimmCount, layoutName, pmemCount, type Bounds, type LayoutSpec } from '../../model/layout/enumerate.ts';
import { specLayout } from '../../model/layout/layout-file.ts';
import { randomLayoutSpec } from '../../model/layout/random-layout.ts';

/** Nodes without CPUs and without boot memory that hold at least two DIMMs. */
function memorylessWithTwoDimms(s: LayoutSpec): number[] {
  return Array.from({ length: s.nodes }, (_, n) => n).filter((n) => !s.cpus[n]
    && !s.cells.some((c) => c.node === n && (c.kind !== 'dimm' || c.plugged === 'boot'))
    && s.cells.filter((c) => c.node === n && c.kind === 'dimm').length >= 2);
}

describe('randomLayoutSpec', () => {
  const BOUNDS: Bounds[] = [{ nodes: 1, blocks: 1, dimms: 0, pmem: 0 }, { nodes: 3, blocks: 6, dimms: 3, pmem: 1 }, { nodes: 8, blocks: 40, dimms: 16, pmem: 8 }];
  it.each(BOUNDS)('within %o: every layout parses, stays within the bounds, and node 0 has the boot CPU', (b) => {
    fc.assert(fc.property(randomLayoutSpec(b), (s) => {
      const l = specLayout(s);
      expect(l.name).toBe(layoutName(s));
      expect(s.nodes).toBeLessThanOrEqual(b.nodes);
      expect(s.cells.length).toBeLessThanOrEqual(b.blocks);
      expect(dimmCount(s)).toBeLessThanOrEqual(b.dimms);
      expect(pmemCount(s)).toBeLessThanOrEqual(b.pmem);
      expect(s.cpus[0]).toBe(true);
      expect(l.boot.length).toBeGreaterThan(0);
    }), { numRuns: 200, seed: 20261121 });
  });

  it('draws memoryless nodes with two DIMMs often enough for a thousand walks to meet one (seed 001)', () => {
    const specs = fc.sample(randomLayoutSpec({ nodes: 3, blocks: 6, dimms: 3, pmem: 1 }), { numRuns: 1000, seed: 7 });
    expect(specs.filter((s) => memorylessWithTwoDimms(s).length > 0).length).toBeGreaterThan(100);
  });

  it('shrinks a layout with a memoryless node holding two DIMMs to that node, its two DIMMs and node 0 with the boot RAM', () => {
    const r = fc.check(fc.property(randomLayoutSpec({ nodes: 4, blocks: 10, dimms: 4, pmem: 2 }), (s) => memorylessWithTwoDimms(s).length === 0), { seed: 1 });
    expect(r.failed).toBe(true);
    const [s] = r.counterexample!;
    expect(s.nodes).toBe(2);
    expect(s.cells.length).toBe(3);
    expect(memorylessWithTwoDimms(s)).toEqual([1]);
    expect(s.cells.filter((c) => c.node === 0).map((c) => c.kind)).toEqual(['ram']);
  });
});
