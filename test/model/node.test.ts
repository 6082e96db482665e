/**
 * model/node.ts ↔ drivers/base/node.c: boot-time linking of memory blocks under nodes
 * (register_mem_sect_under_node() keyed on SYSTEM_BOOTING up to v5.9-rc6, f85086f95fa3 after),
 * the BUG_ON on a re-added block with a stale link (90c7eaeb14a3 removed it in v5.10), and
 * unregister_memory_block_under_nodes() per pfn (v5.3) and by mem->nid (v5.4, d84f2f5a7552).
 * docs/kernel-semantics.md#linking-blocks-to-nodes and #seed-000-boot-links-keyed-on-system_state.
 */
import { describe, expect, it } from 'vitest';
import { NUMA_NO_NODE } from '../../model/state.ts';
import {
  badRead, blockNid, bootActionNames, booted, bug, harness, inject, links, ok, propertyMessage, run,
} from './kernel-harness.ts';

/**
 * Seed 000: node 1 owns memory0 and the LMB memory2; node 2 owns memory1 and memory3, so
 * each node's span covers a block of the other (model/layouts/ppc-interleaved.yaml).
 */
const INTERLEAVED = `
name: interleaved
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
  - { id: 1 }
  - { id: 2 }
boot:
  - { node: 1, range: 0x00000000-0x0fffffff }
  - { node: 2, range: 0x10000000-0x1fffffff }
  - { node: 2, range: 0x30000000-0x3fffffff }
dimms:
  - { name: lmb2, node: 1, range: 0x20000000-0x2fffffff, plugged: boot }
`;

/** The variant of seed 000 where the block's own node is registered last: lmb1 is node 2's. */
const OWN_NODE_LAST = `
name: own-node-last
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
  - { id: 1 }
  - { id: 2 }
boot:
  - { node: 1, range: 0x00000000-0x0fffffff }
  - { node: 1, range: 0x20000000-0x2fffffff }
  - { node: 2, range: 0x30000000-0x3fffffff }
dimms:
  - { name: lmb1, node: 2, range: 0x10000000-0x1fffffff, plugged: boot }
`;

/** One node with CPUs and a hot-pluggable DIMM on it (memory2). */
const DIMM_ON_CPU_NODE = `
name: dimm-on-cpu-node
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
boot:
  - { node: 0, range: 0x00000000-0x1fffffff }
dimms:
  - { name: dimm2, node: 0, range: 0x20000000-0x2fffffff }
`;

describe('register_one_node at boot', () => {
  it('register_mem_sect_under_node on v5.8 (SYSTEM_BOOTING check): a block in another node\'s span is linked under both, mem->nid = last node', () => {
    const h = booted(INTERLEAVED, 'v5.8');
    expect(links(h, 2)).toEqual(['memory2/node1', 'memory2/node2', 'node1/memory2', 'node2/memory2']);
    expect(blockNid(h, 2)).toBe(2);
    expect(links(h, 1)).toEqual(['memory1/node1', 'memory1/node2', 'node1/memory1', 'node2/memory1']);
    expect(links(h, 0)).toEqual(['memory0/node1', 'node1/memory0']);
    expect(links(h, 3)).toEqual(['memory3/node2', 'node2/memory3']);
    expect(propertyMessage(h, 'single-node-per-block')).toMatch(/memory1 is linked under node1/);
  });

  it('register_mem_sect_under_node on v5.9 (MEMINIT_EARLY checks each pfn): every block linked under its own node only', () => {
    const h = booted(INTERLEAVED, 'v5.9');
    expect(links(h, 1)).toEqual(['memory1/node2', 'node2/memory1']);
    expect(links(h, 2)).toEqual(['memory2/node1', 'node1/memory2']);
    expect(blockNid(h, 1)).toBe(2);
    expect(blockNid(h, 2)).toBe(1);
    expect(propertyMessage(h, 'single-node-per-block')).toBeNull();
  });

  it('register_mem_sect_under_node on v5.8 + f85086f95fa3 links as v5.9', () => {
    const h = booted(INTERLEAVED, 'v5.8', ['f85086f95fa3']);
    expect(links(h, 2)).toEqual(['memory2/node1', 'node1/memory2']);
  });

  it('register_mem_sect_under_node on v4.13 (check_nid): every block linked under its own node only', () => {
    const h = booted(INTERLEAVED, 'v4.13');
    expect(links(h, 1)).toEqual(['memory1/node2', 'node2/memory1']);
  });

  it('register_one_node: the node device appears even for a node with CPUs and no memory', () => {
    const h = booted(INTERLEAVED, 'v5.9');
    expect(h.s.nodeRegistered(0)).toBe(true);
    expect([0, 1, 2, 3].every((b) => !links(h, b).some((l) => l.includes('node0')))).toBe(true);
  });

  it('register_one_node runs from topology_init up to v5.17 and from node_dev_init on v6.1', () => {
    expect(bootActionNames(harness(INTERLEAVED, 'v5.8'))).toContain('topology_init: register_one_node(2)');
    expect(bootActionNames(harness(INTERLEAVED, 'v6.1'))).toContain('node_dev_init: register_one_node(2)');
  });
});

describe('re-add of a block with a stale node link', () => {
  /** Offline and remove lmb2 (memory2), as drmgr does. */
  function removeLmb2(profile: string, patches: string[] = []) {
    const h = booted(INTERLEAVED, profile, patches);
    ok(h, 'offline_pages(memory2)');
    ok(h, 'remove_memory(lmb2)');
    return h;
  }

  it('remove_memory on v5.8 of a block linked under two nodes: only the links of mem->nid go, node1/memory2 stays', () => {
    const h = removeLmb2('v5.8');
    expect(links(h, 2)).toEqual(['node1/memory2']);
    expect(propertyMessage(h, 'link-consistency')).toMatch(/node1\/memory2 links to a block that no longer exists/);
  });

  it('add_memory on v5.8 with a stale node1/memory2: link_mem_sections() returns EEXIST, BUG_ON in add_memory_resource', () => {
    const h = removeLmb2('v5.8');
    expect(run(h, 'add_memory(lmb2)')).toBe('0');
    expect(bug(h)).toEqual({ kind: 'BUG_ON', fn: 'add_memory_resource' });
  });

  it('add_memory on v5.8 + 90c7eaeb14a3 with a stale node1/memory2: no BUG, both links exist', () => {
    const h = removeLmb2('v5.8', ['90c7eaeb14a3']);
    ok(h, 'add_memory(lmb2)');
    expect(links(h, 2)).toEqual(['memory2/node1', 'node1/memory2']);
    expect(blockNid(h, 2)).toBe(1);
  });

  it('remove_memory on v5.9: no stale link is left, re-add succeeds', () => {
    const h = removeLmb2('v5.9');
    expect(links(h, 2)).toEqual([]);
    ok(h, 'add_memory(lmb2)');
    expect(links(h, 2)).toEqual(['memory2/node1', 'node1/memory2']);
  });

  // v5.9 links correctly at boot, so the stale link is injected, as a v5.8 boot leaves it.
  it('add_memory on v5.9 with a stale node1/memory2: BUG_ON in add_memory_resource (BUG_ON(ret) stays until v5.10)', () => {
    const h = removeLmb2('v5.9');
    inject(h, (s) => s.setNodeToMemLinks(2, 1 << 1));
    expect(run(h, 'add_memory(lmb2)')).toBe('0');
    expect(bug(h)).toEqual({ kind: 'BUG_ON', fn: 'add_memory_resource' });
  });

  it('add_memory on v5.10 with a stale node1/memory2: -EEXIST ignored, no BUG, both links exist', () => {
    const h = removeLmb2('v5.10');
    inject(h, (s) => s.setNodeToMemLinks(2, 1 << 1));
    ok(h, 'add_memory(lmb2)');
    expect(bug(h)).toBeNull();
    expect(links(h, 2)).toEqual(['memory2/node1', 'node1/memory2']);
  });

  it('add_memory on v5.8 of a block whose own node registered last: no BUG, the stale node1/memory1 link persists', () => {
    const h = booted(OWN_NODE_LAST, 'v5.8');
    expect(blockNid(h, 1)).toBe(2);
    ok(h, 'offline_pages(memory1)');
    ok(h, 'remove_memory(lmb1)');
    ok(h, 'add_memory(lmb1)');
    expect(links(h, 1)).toEqual(['memory1/node2', 'node1/memory1', 'node2/memory1']);
  });
});

describe('unregister_memory_block_under_nodes', () => {
  it('unregister_memory_block_under_nodes on v5.3 (per pfn) of a never-onlined block: reads the poisoned memmap, links stay', () => {
    const h = booted(DIMM_ON_CPU_NODE, 'v5.3');
    ok(h, 'add_memory(dimm2)');
    expect(links(h, 2)).toEqual(['memory2/node0', 'node0/memory2']);
    ok(h, 'remove_memory(dimm2)');
    expect(badRead(h)).toEqual({ memmap: 'poisoned', fn: 'unregister_memory_block_under_nodes', sub: 8 });
    expect(links(h, 2)).toEqual(['node0/memory2']);
  });

  it('unregister_memory_block_under_nodes on v5.3 of an onlined-then-offlined block: the nid is readable, links go', () => {
    const h = booted(DIMM_ON_CPU_NODE, 'v5.3');
    ok(h, 'add_memory(dimm2)');
    ok(h, 'online_pages(memory2, online)');
    ok(h, 'offline_pages(memory2)');
    ok(h, 'remove_memory(dimm2)');
    expect(links(h, 2)).toEqual([]);
    expect(badRead(h)).toBeNull();
  });

  it('unregister_memory_block_under_nodes on v5.4 (by mem->nid) of a never-onlined block: both links go', () => {
    const h = booted(DIMM_ON_CPU_NODE, 'v5.4');
    ok(h, 'add_memory(dimm2)');
    ok(h, 'remove_memory(dimm2)');
    expect(links(h, 2)).toEqual([]);
    expect(badRead(h)?.fn).not.toBe('unregister_memory_block_under_nodes');
  });

  it('unregister_memory_block_under_nodes on v5.3 + d84f2f5a7552: by mem->nid, links go', () => {
    const h = booted(DIMM_ON_CPU_NODE, 'v5.3', ['d84f2f5a7552']);
    ok(h, 'add_memory(dimm2)');
    ok(h, 'remove_memory(dimm2)');
    expect(links(h, 2)).toEqual([]);
    expect(blockNid(h, 2)).toBe(NUMA_NO_NODE);
  });
});
