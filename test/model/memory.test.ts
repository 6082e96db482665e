/**
 * model/memory.ts ↔ drivers/base/memory.c: memory block devices (memory_dev_init(),
 * create_memory_block_devices(), remove_memory_block_devices()) and show_valid_zones().
 * docs/kernel-semantics.md#boot, #hot-add, #remove and #zones-and-valid_zones.
 */
import { describe, expect, it } from 'vitest';
import { dimmBlocks, packZones, unpackZones, validZonesText } from '../../model/memory.ts';
import { NUMA_NO_NODE, Zone } from '../../model/state.ts';
import {
  blockNid, blockState, blockZone, booted, harness, kernel, links, ok, run, sectionFlags, validZones,
} from './kernel-harness.ts';

/** memory1 holds boot RAM of node 0 and node 1; dimm3 is two blocks (memory3-4) on node 1. */
const LAYOUT = `
name: blocks
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
  - { id: 1, cpus: true }
boot:
  - { node: 0, range: 0x00000000-0x17ffffff }
  - { node: 1, range: 0x18000000-0x2fffffff }
dimms:
  - { name: dimm3, node: 1, range: 0x30000000-0x4fffffff }
`;

/** Two sections a block: memory0 is sections 0-1, dimm1 (memory1) is sections 2-3. */
const TWO_SECTION_BLOCKS = `
name: big-blocks
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 512M }
nodes:
  - { id: 0, cpus: true }
boot:
  - { node: 0, range: 0x00000000-0x1fffffff }
dimms:
  - { name: dimm1, node: 0, range: 0x20000000-0x3fffffff }
`;

describe('memory_dev_init', () => {
  it('memory_dev_init: a MEM_ONLINE device for every block with a present section, nid NUMA_NO_NODE', () => {
    const h = harness(LAYOUT, 'v5.9');
    for (const step of ['sparse_init', 'rest_init', 'memory_dev_init']) ok(h, step);
    expect([0, 1, 2, 3, 4].map((b) => blockState(h, b))).toEqual(['MEM_ONLINE', 'MEM_ONLINE', 'MEM_ONLINE', 'absent', 'absent']);
    expect(blockNid(h, 0)).toBe(NUMA_NO_NODE);
  });

  it('memory_dev_init: a boot block on one node gets ZONE_NORMAL, a block spanning two nodes none', () => {
    const h = booted(LAYOUT, 'v5.9');
    expect(blockZone(h, 0)).toBe('Normal');
    expect(blockZone(h, 1)).toBe('none');
    expect(validZones(h, 1)).toBe('none');
  });

  it('memory_dev_init with dmaZoneEnd: a boot block on both sides of MAX_DMA_PFN spans two zones, valid_zones none, offline EINVAL', () => {
    // x86_64 memory0 holds ZONE_DMA (below 16M) and ZONE_DMA32: Linux 6.1 shows "none" and refuses
    // the offline (conformance sequence einval-multi-zone-boot-block, recorded under QEMU).
    const h = booted(LAYOUT.replace('geometry: { sectionSize: 256M, subsectionSize: 64M', 'platform: { dmaZoneEnd: 64M }\ngeometry: { sectionSize: 256M, subsectionSize: 64M'), 'v6.1');
    expect(blockZone(h, 0)).toBe('none');
    expect(validZones(h, 0)).toBe('none');
    expect(run(h, 'offline_pages(memory0)')).toBe('EINVAL');
    expect(blockState(h, 0)).toBe('MEM_ONLINE');
  });

  it('memory_dev_init with dmaZoneEnd: a boot block wholly above it keeps its one zone and can be offlined', () => {
    const h = booted(LAYOUT.replace('geometry: { sectionSize: 256M, subsectionSize: 64M', 'platform: { dmaZoneEnd: 64M }\ngeometry: { sectionSize: 256M, subsectionSize: 64M'), 'v6.1');
    expect(blockZone(h, 2)).toBe('Normal');
    expect(run(h, 'offline_pages(memory2)')).toBe('0');
    expect(blockState(h, 2)).toBe('MEM_OFFLINE');
  });

  it('register_one_node on v5.9 links a block spanning two nodes under both, mem->nid = the last', () => {
    const h = booted(LAYOUT, 'v5.9');
    expect(links(h, 1)).toEqual(['memory1/node0', 'memory1/node1', 'node0/memory1', 'node1/memory1']);
    expect(blockNid(h, 1)).toBe(1);
  });
});

describe('create_memory_block_devices and remove_memory_block_devices', () => {
  it('add_memory of a two-block DIMM: two MEM_OFFLINE devices, both linked under the node', () => {
    const h = booted(LAYOUT, 'v5.9');
    expect(dimmBlocks(kernel(h), 0)).toEqual([3, 4]);
    ok(h, 'add_memory(dimm3)');
    expect([blockState(h, 3), blockState(h, 4)]).toEqual(['MEM_OFFLINE', 'MEM_OFFLINE']);
    expect(links(h, 4)).toEqual(['memory4/node1', 'node1/memory4']);
  });

  it('remove_memory of a two-block DIMM with one block online: returns EBUSY, both devices stay', () => {
    const h = booted(LAYOUT, 'v5.9');
    ok(h, 'add_memory(dimm3)');
    ok(h, 'online_pages(memory4, online)');
    expect(run(h, 'remove_memory(dimm3)')).toBe('EBUSY');
    expect([blockState(h, 3), blockState(h, 4)]).toEqual(['MEM_OFFLINE', 'MEM_ONLINE']);
    expect(links(h, 3)).toEqual(['memory3/node1', 'node1/memory3']);
  });

  it('remove_memory of a two-block DIMM once both are offline: both devices and their links go', () => {
    const h = booted(LAYOUT, 'v5.9');
    ok(h, 'add_memory(dimm3)');
    ok(h, 'online_pages(memory4, online)');
    ok(h, 'offline_pages(memory4)');
    ok(h, 'remove_memory(dimm3)');
    expect([blockState(h, 3), blockState(h, 4)]).toEqual(['absent', 'absent']);
    expect([...links(h, 3), ...links(h, 4)]).toEqual([]);
  });

  it('add_memory with two sections a block: one device, memory1 covering sections 2-3', () => {
    const h = booted(TWO_SECTION_BLOCKS, 'v5.8');
    ok(h, 'add_memory(dimm1)');
    expect(blockState(h, 1)).toBe('MEM_OFFLINE');
    expect(h.model.g.sectionsPerBlock).toBe(2);
    ok(h, 'online_pages(memory1, online_movable)');
    expect([sectionFlags(h, 2), sectionFlags(h, 3)]).toEqual([['PRESENT', 'HAS_MEM_MAP', 'IS_ONLINE'], ['PRESENT', 'HAS_MEM_MAP', 'IS_ONLINE']]);
  });
});

describe('show_valid_zones', () => {
  it('valid_zones of a block with no device: empty', () => {
    const h = booted(LAYOUT, 'v5.9');
    expect(validZones(h, 3)).toBe('');
  });

  it('valid_zones of an offline hot-added block on v5.9: the default zone first, then the other', () => {
    const h = booted(LAYOUT, 'v5.9');
    ok(h, 'add_memory(dimm3)');
    expect(validZones(h, 3)).toBe('Normal Movable');
  });

  it('valid_zones encoding: packZones and unpackZones round-trip, validZonesText prints sysfs words', () => {
    for (const zones of [[], [Zone.NORMAL], [Zone.MOVABLE, Zone.NORMAL], [Zone.NONE], [Zone.DEVICE, Zone.MOVABLE, Zone.NORMAL]]) {
      expect(unpackZones(packZones(zones))).toEqual(zones);
    }
    expect(validZonesText([Zone.MOVABLE, Zone.NORMAL])).toBe('Movable Normal');
    expect(validZonesText([Zone.NONE])).toBe('none');
  });
});
