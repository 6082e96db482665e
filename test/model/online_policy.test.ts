/**
 * model/online_policy.ts and model/memory_group.ts ↔ mm/memory_hotplug.c
 * auto_movable_zone_for_pfn() / auto_movable_can_online_movable() (e83a437faa62, v5.15, and the
 * memory-group-aware versions of v5.15): where a plain "online" goes under
 * memory_hotplug.online_policy=auto-movable, and what valid_zones shows first.
 *
 * Layout: node 0 has the CPUs and 512M of boot memory (memory0-1, 256M blocks); dimm0 is two
 * blocks on node 0 (memory2-3), dimm1 one block on node 0 (memory4), dimm2 one block on node 1
 * (memory5), which has no boot memory.
 */
import { describe, expect, it } from 'vitest';
import { blockZone, booted, ok, validZones, type Harness } from './kernel-harness.ts';

const LAYOUT = (platform: string, extra = '') => `
name: auto-movable
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
  - { id: 1 }
boot:
  - { node: 0, range: 0x00000000-0x1fffffff }
dimms:
  - { name: dimm0, node: 0, range: 0x20000000-0x3fffffff${extra} }
  - { name: dimm1, node: 0, range: 0x40000000-0x4fffffff${extra} }
  - { name: dimm2, node: 1, range: 0x50000000-0x5fffffff }
${extra === '' ? '' : 'groups:\n  - { name: g0 }\n'}platform: { vmemmap: huge, autoOnline: offline, onlinePolicy: auto-movable${platform} }
`;

function added(profile: string, platform: string, dimms: string[], extra = ''): Harness {
  const h = booted(LAYOUT(platform, extra), profile);
  for (const d of dimms) ok(h, `add_memory(${d})`);
  return h;
}

describe('auto-movable: the ratio of MOVABLE to early kernel memory (auto_movable_can_online_movable)', () => {
  it('ratio 100 (512M may go MOVABLE): valid_zones of a two-block DIMM shows Movable first, "online" takes it', () => {
    const h = added('v6.12', ', autoMovableRatio: 100', ['dimm0']);
    expect(validZones(h, 2)).toBe('Movable Normal');
    ok(h, 'online_pages(memory2, online)');
    ok(h, 'online_pages(memory3, online)');
    expect([blockZone(h, 2), blockZone(h, 3)]).toEqual(['Movable', 'Movable']);
  });

  it('ratio 100: once 512M are MOVABLE, a further block goes to the kernel zone', () => {
    const h = added('v6.12', ', autoMovableRatio: 100', ['dimm0', 'dimm1']);
    ok(h, 'online_pages(memory2, online)');
    ok(h, 'online_pages(memory3, online)');
    expect(validZones(h, 4)).toBe('Normal Movable');
    ok(h, 'online_pages(memory4, online)');
    expect(blockZone(h, 4)).toBe('Normal');
  });

  it('ratio 50 (256M): the static group of the two-block DIMM does not fit, so both blocks go Normal', () => {
    const h = added('v6.12', ', autoMovableRatio: 50', ['dimm0', 'dimm1']);
    expect(validZones(h, 2)).toBe('Normal Movable');
    expect(validZones(h, 4)).toBe('Movable Normal');
  });

  it('a static group with kernel memory keeps the rest of it in the kernel zone ("if anything is !MOVABLE")', () => {
    const h = added('v6.12', ', autoMovableRatio: 301', ['dimm0']);
    ok(h, 'online_pages(memory2, online_kernel)');
    expect(validZones(h, 3)).toBe('Normal Movable');
  });

  it('auto_movable_ratio=0: every plain "online" goes to the kernel zone', () => {
    const h = added('v6.12', ', autoMovableRatio: 0', ['dimm1']);
    expect(validZones(h, 4)).toBe('Normal Movable');
  });
});

describe('auto-movable and NUMA (auto_movable_numa_aware)', () => {
  it('numa aware (default): node 1 has no early kernel memory, so its DIMM goes Normal', () => {
    const h = added('v6.12', '', ['dimm2']);
    expect(validZones(h, 5)).toBe('Normal Movable');
    ok(h, 'online_pages(memory5, online)');
    expect(blockZone(h, 5)).toBe('Normal');
  });

  it('auto_movable_numa_aware=0: only the global ratio counts, node 1 goes Movable', () => {
    const h = added('v6.12', ', autoMovableNumaAware: false', ['dimm2']);
    expect(validZones(h, 5)).toBe('Movable Normal');
  });
});

describe('groups named in the layout', () => {
  it('two DIMMs in one static group (768M) exceed ratio 100 together, though each alone would fit', () => {
    const h = added('v6.12', ', autoMovableRatio: 100', ['dimm0', 'dimm1'], ', group: g0');
    expect(validZones(h, 2)).toBe('Normal Movable');
    expect(validZones(h, 4)).toBe('Normal Movable');
  });
});

describe('releases', () => {
  it('v5.10 has no online_policy parameter: contig-zones, a block no zone spans defaults to Normal', () => {
    const h = added('v5.10', ', autoMovableRatio: 100', ['dimm0']);
    expect(validZones(h, 2)).toBe('Normal Movable');
  });

  it.each(['v6.1', 'v6.12', 'v7.2'])('%s: the policy is selectable', (k) => {
    const h = added(k, ', autoMovableRatio: 100', ['dimm0']);
    expect(validZones(h, 2)).toBe('Movable Normal');
  });

  it('contig-zones on v6.12 is the v6.1 behaviour: Normal first for a block no zone spans', () => {
    const h = booted(LAYOUT('').replace(', onlinePolicy: auto-movable', ''), 'v6.12');
    ok(h, 'add_memory(dimm1)');
    expect(validZones(h, 4)).toBe('Normal Movable');
  });
});
