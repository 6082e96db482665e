/**
 * model/memory_hotplug_online.ts and model/memory_hotplug_spans.ts ↔ mm/memory_hotplug.c
 * online_pages(), offline_pages(), move_pfn_range_to_zone(), remove_pfn_range_from_zone() and
 * shrink_zone_span(): errno cases, zone and node spans, N_MEMORY and the memmap.
 * docs/kernel-semantics.md#online-and-offline and #remove (spans shrink at offline since feee6b298916, v5.5).
 */
import { describe, expect, it } from 'vitest';
import {
  blockState, blockZone, booted, memmap, memmapPage, node, nodeSpan, ok, propertyMessage, run,
  sectionFlags, zoneSpan,
} from './kernel-harness.ts';

/** Node 0 boot memory is memory0-1; dimm2..dimm4 are memory2..memory4. */
const THREE_DIMMS = `
name: three-dimms
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
  - { id: 1 }
boot:
  - { node: 0, range: 0x00000000-0x1fffffff }
dimms:
  - { name: dimm2, node: 0, range: 0x20000000-0x2fffffff }
  - { name: dimm3, node: 0, range: 0x30000000-0x3fffffff }
  - { name: dimm4, node: 0, range: 0x40000000-0x4fffffff }
  - { name: dimm5, node: 1, range: 0x50000000-0x5fffffff }
`;

/** memory2 holds boot RAM in its first three subsections and a hole in the last. */
const BOOT_HOLE = `
name: boot-hole
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
boot:
  - { node: 0, range: 0x00000000-0x2bffffff }
`;

/** memory1 holds boot RAM of node 0 and of node 1. */
const TWO_NODE_BLOCK = `
name: two-node-block
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
  - { id: 1, cpus: true }
boot:
  - { node: 0, range: 0x00000000-0x17ffffff }
  - { node: 1, range: 0x18000000-0x2fffffff }
`;

const ONLINE_SUBS = ['online', 'online', 'online', 'online'];

describe('online_pages', () => {
  it('online_pages on an offline hot-added block: MEM_ONLINE, zone Movable, node span grows to cover it', () => {
    const h = booted(THREE_DIMMS, 'v5.8');
    ok(h, 'add_memory(dimm2)');
    expect(nodeSpan(h, 0)).toBe('0x00000000-0x1fffffff');
    ok(h, 'online_pages(memory2, online_movable)');
    expect(blockState(h, 2)).toBe('MEM_ONLINE');
    expect(blockZone(h, 2)).toBe('Movable');
    expect(nodeSpan(h, 0)).toBe('0x00000000-0x2fffffff');
    expect(zoneSpan(h, 0, 'Movable')).toBe('0x20000000-0x2fffffff');
    expect(zoneSpan(h, 0, 'Normal')).toBe('0x00000000-0x1fffffff');
  });

  it('online_pages: the memmap is initialised with the zone and nid, the section IS_ONLINE', () => {
    const h = booted(THREE_DIMMS, 'v5.8');
    ok(h, 'add_memory(dimm2)');
    ok(h, 'online_pages(memory2, online_kernel)');
    expect(memmap(h, 2)).toEqual(ONLINE_SUBS);
    expect(memmapPage(h, 8)).toEqual({ nid: 0, zone: 'Normal' });
    expect(sectionFlags(h, 2)).toEqual(['PRESENT', 'HAS_MEM_MAP', 'IS_ONLINE']);
    expect(zoneSpan(h, 0, 'Normal')).toBe('0x00000000-0x2fffffff');
  });

  it('online_pages on a memoryless node: N_MEMORY set, node span grows from empty', () => {
    const h = booted(THREE_DIMMS, 'v5.8');
    ok(h, 'add_memory(dimm5)');
    expect(node(h, 1)).toEqual({ online: true, registered: true, hasMemory: false });
    ok(h, 'online_pages(memory5, online)');
    expect(node(h, 1).hasMemory).toBe(true);
    expect(nodeSpan(h, 1)).toBe('0x50000000-0x5fffffff');
  });

  it('online_pages on an online block: returns EINVAL', () => {
    const h = booted(THREE_DIMMS, 'v5.8');
    ok(h, 'add_memory(dimm2)');
    ok(h, 'online_pages(memory2, online_movable)');
    expect(run(h, 'online_pages(memory2, online_kernel)')).toBe('EINVAL');
    expect(blockZone(h, 2)).toBe('Movable');
    expect(zoneSpan(h, 0, 'Normal')).toBe('0x00000000-0x1fffffff');
  });

  it('online_pages on a boot block: returns EINVAL', () => {
    const h = booted(THREE_DIMMS, 'v5.8');
    expect(run(h, 'online_pages(memory0, online)')).toBe('EINVAL');
  });

  it('online_pages on a block with no device: not enabled', () => {
    const h = booted(THREE_DIMMS, 'v5.8');
    expect(() => run(h, 'online_pages(memory2, online)')).toThrow(/not enabled/);
  });
});

describe('offline_pages', () => {
  it('offline_pages on an offline block: returns EINVAL', () => {
    const h = booted(THREE_DIMMS, 'v5.8');
    ok(h, 'add_memory(dimm2)');
    expect(run(h, 'offline_pages(memory2)')).toBe('EINVAL');
    expect(blockState(h, 2)).toBe('MEM_OFFLINE');
  });

  it('offline_pages on a block holding boot memory with a hole: returns EINVAL, block stays MEM_ONLINE', () => {
    const h = booted(BOOT_HOLE, 'v5.8');
    expect(run(h, 'offline_pages(memory2)')).toBe('EINVAL');
    expect(blockState(h, 2)).toBe('MEM_ONLINE');
    expect(sectionFlags(h, 2)).toContain('IS_ONLINE');
  });

  it('offline_pages on a boot block spanning two nodes (mem->zone NULL): returns EINVAL, block stays MEM_ONLINE', () => {
    const h = booted(TWO_NODE_BLOCK, 'v5.9');
    expect(blockZone(h, 1)).toBe('none');
    expect(run(h, 'offline_pages(memory1)')).toBe('EINVAL');
    expect(blockState(h, 1)).toBe('MEM_ONLINE');
  });

  it('offline_pages on a boot block: MEM_OFFLINE, IS_ONLINE cleared, N_ONLINE kept', () => {
    const h = booted(THREE_DIMMS, 'v5.8');
    ok(h, 'offline_pages(memory1)');
    expect(blockState(h, 1)).toBe('MEM_OFFLINE');
    expect(blockZone(h, 1)).toBe('none');
    expect(sectionFlags(h, 1)).toEqual(['PRESENT', 'HAS_MEM_MAP', 'IS_EARLY']);
    expect(node(h, 0)).toEqual({ online: true, registered: true, hasMemory: true });
  });

  it('offline_pages of the last block of a node: N_MEMORY cleared, N_ONLINE and the node device kept', () => {
    const h = booted(THREE_DIMMS, 'v5.8');
    ok(h, 'add_memory(dimm5)');
    ok(h, 'online_pages(memory5, online)');
    ok(h, 'offline_pages(memory5)');
    expect(node(h, 1)).toEqual({ online: true, registered: true, hasMemory: false });
  });

  it('offline_pages on v5.6: the memmap is poisoned again', () => {
    const h = booted(THREE_DIMMS, 'v5.6');
    ok(h, 'add_memory(dimm2)');
    ok(h, 'online_pages(memory2, online)');
    ok(h, 'offline_pages(memory2)');
    expect(memmap(h, 2)).toEqual(['poisoned', 'poisoned', 'poisoned', 'poisoned']);
  });

  it('offline_pages on v5.4: the memmap stays initialised (PG_reserved, zone and nid readable)', () => {
    const h = booted(THREE_DIMMS, 'v5.4');
    ok(h, 'add_memory(dimm2)');
    ok(h, 'online_pages(memory2, online_movable)');
    ok(h, 'offline_pages(memory2)');
    expect(memmap(h, 2)).toEqual(['init_reserved', 'init_reserved', 'init_reserved', 'init_reserved']);
    expect(memmapPage(h, 8)).toEqual({ nid: 0, zone: 'Movable' });
  });

  it('online_pages after offline_pages on v5.6: MEM_ONLINE again, memmap online', () => {
    const h = booted(THREE_DIMMS, 'v5.6');
    ok(h, 'add_memory(dimm2)');
    ok(h, 'online_pages(memory2, online)');
    ok(h, 'offline_pages(memory2)');
    ok(h, 'online_pages(memory2, online_movable)');
    expect(blockZone(h, 2)).toBe('Movable');
    expect(memmap(h, 2)).toEqual(ONLINE_SUBS);
  });
});

describe('zone and node spans at offline and remove', () => {
  /** dimm2 and dimm3 added and onlined movable: ZONE_MOVABLE spans memory2-3. */
  function twoMovable(profile: string) {
    const h = booted(THREE_DIMMS, profile);
    for (const d of ['dimm2', 'dimm3']) ok(h, `add_memory(${d})`);
    ok(h, 'online_pages(memory2, online_movable)');
    ok(h, 'online_pages(memory3, online_movable)');
    expect(zoneSpan(h, 0, 'Movable')).toBe('0x20000000-0x3fffffff');
    expect(nodeSpan(h, 0)).toBe('0x00000000-0x3fffffff');
    return h;
  }

  it('offline_pages on v5.6 of the block at the end of the zone: zone and node spans shrink', () => {
    const h = twoMovable('v5.6');
    ok(h, 'offline_pages(memory3)');
    expect(zoneSpan(h, 0, 'Movable')).toBe('0x20000000-0x2fffffff');
    expect(nodeSpan(h, 0)).toBe('0x00000000-0x2fffffff');
  });

  it('offline_pages on v5.6 of both movable blocks: ZONE_MOVABLE is empty, the node span is its boot memory', () => {
    const h = twoMovable('v5.6');
    ok(h, 'offline_pages(memory3)');
    ok(h, 'offline_pages(memory2)');
    expect(zoneSpan(h, 0, 'Movable')).toBe('empty');
    expect(nodeSpan(h, 0)).toBe('0x00000000-0x1fffffff');
  });

  it('offline_pages on v5.6 of the block at the start of the zone: the zone start moves up', () => {
    const h = twoMovable('v5.6');
    ok(h, 'offline_pages(memory2)');
    expect(zoneSpan(h, 0, 'Movable')).toBe('0x30000000-0x3fffffff');
    expect(nodeSpan(h, 0)).toBe('0x00000000-0x3fffffff');
  });

  it('offline_pages on v5.6 of a block in the middle of the zone: the span does not change', () => {
    const h = twoMovable('v5.6');
    ok(h, 'add_memory(dimm4)');
    ok(h, 'online_pages(memory4, online_movable)');
    ok(h, 'offline_pages(memory3)');
    expect(zoneSpan(h, 0, 'Movable')).toBe('0x20000000-0x4fffffff');
  });

  it('offline_pages on v5.6 of the last boot block: ZONE_NORMAL shrinks to memory0', () => {
    const h = booted(THREE_DIMMS, 'v5.6');
    ok(h, 'offline_pages(memory1)');
    expect(zoneSpan(h, 0, 'Normal')).toBe('0x00000000-0x0fffffff');
    expect(nodeSpan(h, 0)).toBe('0x00000000-0x0fffffff');
  });

  it('offline_pages on v5.4: zone and node spans stay', () => {
    const h = twoMovable('v5.4');
    ok(h, 'offline_pages(memory3)');
    expect(zoneSpan(h, 0, 'Movable')).toBe('0x20000000-0x3fffffff');
    expect(nodeSpan(h, 0)).toBe('0x00000000-0x3fffffff');
  });

  it('remove_memory on v5.4 of an offlined block at the end of the zone: zone and node spans shrink at remove', () => {
    const h = twoMovable('v5.4');
    ok(h, 'offline_pages(memory3)');
    ok(h, 'remove_memory(dimm3)');
    expect(zoneSpan(h, 0, 'Movable')).toBe('0x20000000-0x2fffffff');
    expect(nodeSpan(h, 0)).toBe('0x00000000-0x2fffffff');
  });

  it('remove_memory on v5.6: spans were shrunk at offline and are not touched again', () => {
    const h = twoMovable('v5.6');
    ok(h, 'offline_pages(memory3)');
    ok(h, 'remove_memory(dimm3)');
    expect(zoneSpan(h, 0, 'Movable')).toBe('0x20000000-0x2fffffff');
    expect(propertyMessage(h, 'zones-consistent')).toBeNull();
  });
});
