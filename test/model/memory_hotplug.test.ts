/**
 * model/memory_hotplug.ts ↔ mm/memory_hotplug.c: add_memory_resource(), try_remove_memory()
 * and try_offline_node() before and after 2c91f8fc6c99 (v5.4-rc8). docs/kernel-semantics.md#hot-add,
 * #remove and #seed-001-try_offline_node.
 */
import { describe, expect, it } from 'vitest';
import { NUMA_NO_NODE } from '../../model/state.ts';
import {
  badRead, blockNid, blockState, blockZone, booted, bug, enabled, links, memmap, memmapPage, node,
  nodeSpan, ok, propertyMessage, run, sectionFlags, zoneSpan,
} from './kernel-harness.ts';

/** Seed 001: node 1 has no memory and no CPUs; dimm1 is memory2, dimm2 is memory3. */
const MEMORYLESS_NODE = (autoOnline = 'offline') => `
name: memoryless-node
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
  - { id: 1 }
boot:
  - { node: 0, range: 0x00000000-0x1fffffff }
dimms:
  - { name: dimm1, node: 1, range: 0x20000000-0x2fffffff }
  - { name: dimm2, node: 1, range: 0x30000000-0x3fffffff }
platform: { vmemmap: huge, autoOnline: ${autoOnline} }
`;

describe('add_memory_resource', () => {
  it('add_memory to a new node on v5.8: the node becomes N_ONLINE and registered, the block MEM_OFFLINE and linked', () => {
    const h = booted(MEMORYLESS_NODE(), 'v5.8');
    expect(node(h, 1)).toEqual({ online: false, registered: false, hasMemory: false });
    ok(h, 'add_memory(dimm1)');
    expect(node(h, 1)).toEqual({ online: true, registered: true, hasMemory: false });
    expect(blockState(h, 2)).toBe('MEM_OFFLINE');
    expect(blockNid(h, 2)).toBe(1);
    expect(links(h, 2)).toEqual(['memory2/node1', 'node1/memory2']);
  });

  it('add_memory on v5.8: the memmap is POISONED, no zone or node span grows, N_MEMORY unchanged', () => {
    const h = booted(MEMORYLESS_NODE(), 'v5.8');
    ok(h, 'add_memory(dimm1)');
    expect(memmap(h, 2)).toEqual(['poisoned', 'poisoned', 'poisoned', 'poisoned']);
    expect(sectionFlags(h, 2)).toEqual(['PRESENT', 'HAS_MEM_MAP']);
    expect(nodeSpan(h, 1)).toBe('empty');
    expect(zoneSpan(h, 1, 'Normal')).toBe('empty');
    expect(zoneSpan(h, 1, 'Movable')).toBe('empty');
  });

  it('add_memory on v4.13 (f1dd2cd13c4b): the memmap carries the nid but no zone, spans do not grow', () => {
    const h = booted(MEMORYLESS_NODE(), 'v4.13');
    ok(h, 'add_memory(dimm1)');
    expect(memmap(h, 2)).toEqual(['init_reserved', 'init_reserved', 'init_reserved', 'init_reserved']);
    expect(memmapPage(h, 8)).toEqual({ nid: 1, zone: 'none' });
    expect(nodeSpan(h, 1)).toBe('empty');
  });

  it('add_memory on v4.10: the zone is chosen at add, the memmap initialised, zone and node spans grow', () => {
    const h = booted(MEMORYLESS_NODE(), 'v4.10');
    ok(h, 'add_memory(dimm1)');
    expect(memmapPage(h, 8)).toEqual({ nid: 1, zone: 'Normal' });
    expect(zoneSpan(h, 1, 'Normal')).toBe('0x20000000-0x2fffffff');
    expect(nodeSpan(h, 1)).toBe('0x20000000-0x2fffffff');
  });

  it('add_memory of an added DIMM: not enabled (the ACPI or probe caller sees the resource busy)', () => {
    const h = booted(MEMORYLESS_NODE(), 'v5.8');
    ok(h, 'add_memory(dimm1)');
    expect(enabled(h, 'add_memory(dimm1)')).toBe(false);
  });

  it('add_memory with memhp_default_state=online_movable: the block is onlined to ZONE_MOVABLE', () => {
    const h = booted(MEMORYLESS_NODE('online_movable'), 'v5.8');
    ok(h, 'add_memory(dimm1)');
    expect(blockState(h, 2)).toBe('MEM_ONLINE');
    expect(blockZone(h, 2)).toBe('Movable');
    expect(node(h, 1).hasMemory).toBe(true);
  });
});

describe('try_remove_memory', () => {
  it('remove_memory with a block still online: returns EBUSY, nothing removed', () => {
    const h = booted(MEMORYLESS_NODE(), 'v5.8');
    ok(h, 'add_memory(dimm1)');
    ok(h, 'online_pages(memory2, online)');
    expect(run(h, 'remove_memory(dimm1)')).toBe('EBUSY');
    expect(blockState(h, 2)).toBe('MEM_ONLINE');
    expect(links(h, 2)).toEqual(['memory2/node1', 'node1/memory2']);
    expect(sectionFlags(h, 2)).toEqual(['PRESENT', 'HAS_MEM_MAP', 'IS_ONLINE']);
    expect(h.s.dimmAdded(0)).toBe(true);
    expect(node(h, 1)).toEqual({ online: true, registered: true, hasMemory: true });
  });

  it('remove_memory of an offline block on v5.8: the block device, its links and its section go', () => {
    const h = booted(MEMORYLESS_NODE(), 'v5.8');
    ok(h, 'add_memory(dimm1)');
    ok(h, 'online_pages(memory2, online)');
    ok(h, 'offline_pages(memory2)');
    ok(h, 'remove_memory(dimm1)');
    expect(blockState(h, 2)).toBe('absent');
    expect(blockNid(h, 2)).toBe(NUMA_NO_NODE);
    expect(links(h, 2)).toEqual([]);
    expect(sectionFlags(h, 2)).toEqual([]);
    expect(h.s.dimmAdded(0)).toBe(false);
  });

  it('remove_memory on v5.4 of never-onlined memory: arch_remove_memory reads the poisoned memmap (page_zone)', () => {
    const h = booted(MEMORYLESS_NODE(), 'v5.4');
    ok(h, 'add_memory(dimm1)');
    ok(h, 'remove_memory(dimm1)');
    expect(badRead(h)).toEqual({ memmap: 'poisoned', fn: 'arch_remove_memory', sub: 8 });
    expect(propertyMessage(h, 'memmap-valid')).toMatch(/arch_remove_memory\(\) read the poisoned/);
  });

  it('remove_memory on v5.6 of never-onlined memory: no memmap is read', () => {
    const h = booted(MEMORYLESS_NODE(), 'v5.6');
    ok(h, 'add_memory(dimm1)');
    ok(h, 'remove_memory(dimm1)');
    expect(badRead(h)).toBeNull();
  });

  it('remove_memory on v5.4 with CONFIG_DEBUG_VM_PGFLAGS: VM_BUG_ON_PGFLAGS in arch_remove_memory', () => {
    const h = booted(MEMORYLESS_NODE().replace('autoOnline: offline', 'autoOnline: offline, debugVmPgflags: true'), 'v5.4');
    ok(h, 'add_memory(dimm1)');
    run(h, 'remove_memory(dimm1)');
    expect(bug(h)).toEqual({ kind: 'VM_BUG_ON_PGFLAGS', fn: 'arch_remove_memory' });
  });
});

describe('try_offline_node', () => {
  /** Add both DIMMs to the memoryless node, online neither, remove dimm1. */
  function removeFirstOfTwo(profile: string, patches: string[] = []) {
    const h = booted(MEMORYLESS_NODE(), profile, patches);
    ok(h, 'add_memory(dimm1)');
    ok(h, 'add_memory(dimm2)');
    ok(h, 'remove_memory(dimm1)');
    return h;
  }

  it('try_offline_node on v5.3 (walks the node span): the node goes offline while memory3 still has nid 1', () => {
    const h = removeFirstOfTwo('v5.3');
    expect(node(h, 1)).toEqual({ online: false, registered: false, hasMemory: false });
    expect(blockState(h, 3)).toBe('MEM_OFFLINE');
    expect(blockNid(h, 3)).toBe(1);
    expect(propertyMessage(h, 'node-offline-safe')).toMatch(/node1 was set offline while memory3 still has nid 1/);
  });

  it('try_offline_node on v5.4 (2c91f8fc6c99): memory3 has nid 1, so the node stays N_ONLINE and registered', () => {
    const h = removeFirstOfTwo('v5.4');
    expect(node(h, 1)).toEqual({ online: true, registered: true, hasMemory: false });
    expect(propertyMessage(h, 'node-offline-safe')).toBeNull();
  });

  it('try_offline_node on v5.4 after the last DIMM is removed: the node goes offline and is unregistered', () => {
    const h = removeFirstOfTwo('v5.4');
    ok(h, 'remove_memory(dimm2)');
    expect(node(h, 1)).toEqual({ online: false, registered: false, hasMemory: false });
    expect(links(h, 3)).toEqual([]);
  });

  it('try_offline_node on v5.3 + 2c91f8fc6c99: the node stays online', () => {
    const h = removeFirstOfTwo('v5.3', ['2c91f8fc6c99']);
    expect(node(h, 1).online).toBe(true);
  });

  it('remove_memory of the second DIMM on v5.3 + d84f2f5a7552 (old try_offline_node): NULL dereference of node_devices[1]', () => {
    const h = removeFirstOfTwo('v5.3', ['d84f2f5a7552']);
    expect(node(h, 1).registered).toBe(false);
    run(h, 'remove_memory(dimm2)');
    expect(bug(h)).toEqual({ kind: 'NULL_DEREF', fn: 'unregister_memory_block_under_nodes' });
  });

  it('try_offline_node on v5.8 keeps a node with CPUs online after its last DIMM goes', () => {
    const h = booted(MEMORYLESS_NODE().replace('- { id: 1 }', '- { id: 1, cpus: true }'), 'v5.8');
    expect(node(h, 1)).toEqual({ online: true, registered: true, hasMemory: false });
    ok(h, 'add_memory(dimm1)');
    ok(h, 'remove_memory(dimm1)');
    expect(node(h, 1)).toEqual({ online: true, registered: true, hasMemory: false });
  });
});
