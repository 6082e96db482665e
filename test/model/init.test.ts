/**
 * model/init.ts ↔ init/main.c and the boot path: sparse_init() in SYSTEM_BOOTING,
 * rest_init() to SYSTEM_SCHEDULING, memory_dev_init(), register_one_node() per node,
 * ACPI's hot-add of DIMMs present at power-on, kernel_init() to SYSTEM_RUNNING.
 * docs/kernel-semantics.md#boot, and #seed-000-boot-links-keyed-on-system_state for why no system_state test
 * can tell boot from hot-add.
 */
import { describe, expect, it } from 'vitest';
import { NUMA_NO_NODE } from '../../model/state.ts';
import {
  badRead, blockNid, blockState, bootActionNames, booted, boot, bug, enabled, harness, links,
  memmap, node, nodeSpan, ok, run, systemState, zoneSpan,
} from './kernel-harness.ts';

/** dimm0 (memory3) is a pc-dimm present at power-on but not in e820: ACPI adds it. */
const ACPI_EARLY = `
name: acpi-early-hotadd
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
  - { id: 1, cpus: true }
  - { id: 2 }
boot:
  - { node: 0, range: 0x00000000-0x1fffffff }
  - { node: 1, range: 0x20000000-0x2fffffff }
dimms:
  - { name: dimm0, node: 1, range: 0x30000000-0x3fffffff, plugged: acpi-early }
  - { name: dimm4, node: 2, range: 0x40000000-0x4fffffff }
`;

const KERNEL_INIT = 'kernel_init: system_state = SYSTEM_RUNNING';

describe('boot steps', () => {
  it('boot runs sparse_init, rest_init, memory_dev_init, register_one_node per online node, kernel_init', () => {
    expect(bootActionNames(harness(ACPI_EARLY, 'v5.8'))).toEqual([
      'sparse_init', 'rest_init', 'memory_dev_init',
      'topology_init: register_one_node(0)', 'topology_init: register_one_node(1)', KERNEL_INIT,
    ]);
  });

  it('system_state goes SYSTEM_BOOTING -> SYSTEM_SCHEDULING (rest_init) -> SYSTEM_RUNNING (kernel_init)', () => {
    const h = harness(ACPI_EARLY, 'v5.8');
    const seen = [systemState(h)];
    for (const step of ['sparse_init', 'rest_init', 'memory_dev_init', 'topology_init: register_one_node(0)', 'topology_init: register_one_node(1)']) {
      ok(h, step);
      seen.push(systemState(h));
    }
    ok(h, 'add_memory(dimm0)');
    ok(h, KERNEL_INIT);
    seen.push(systemState(h));
    expect(seen).toEqual([
      'SYSTEM_BOOTING', 'SYSTEM_BOOTING', 'SYSTEM_SCHEDULING', 'SYSTEM_SCHEDULING',
      'SYSTEM_SCHEDULING', 'SYSTEM_SCHEDULING', 'SYSTEM_RUNNING',
    ]);
  });

  it('boot steps run one at a time, in order: only the next one is enabled', () => {
    const h = harness(ACPI_EARLY, 'v5.8');
    expect(enabled(h, 'sparse_init')).toBe(true);
    expect(enabled(h, 'rest_init')).toBe(false);
    ok(h, 'sparse_init');
    expect(enabled(h, 'sparse_init')).toBe(false);
    expect(enabled(h, 'memory_dev_init')).toBe(false);
  });

  it('sparse_init: nodes with memory or CPUs go N_ONLINE with their boot spans; none is registered yet', () => {
    const h = harness(ACPI_EARLY, 'v5.8');
    ok(h, 'sparse_init');
    expect(node(h, 0)).toEqual({ online: true, registered: false, hasMemory: true });
    expect(node(h, 1)).toEqual({ online: true, registered: false, hasMemory: true });
    expect(node(h, 2)).toEqual({ online: false, registered: false, hasMemory: false });
    expect(nodeSpan(h, 1)).toBe('0x20000000-0x2fffffff');
    expect(zoneSpan(h, 1, 'Normal')).toBe('0x20000000-0x2fffffff');
  });

  it('memory_dev_init: boot blocks are MEM_ONLINE with mem->nid NUMA_NO_NODE until register_one_node links them', () => {
    const h = harness(ACPI_EARLY, 'v5.8');
    ok(h, 'sparse_init');
    ok(h, 'rest_init');
    ok(h, 'memory_dev_init');
    expect([0, 1, 2].map((b) => blockState(h, b))).toEqual(['MEM_ONLINE', 'MEM_ONLINE', 'MEM_ONLINE']);
    expect(blockNid(h, 2)).toBe(NUMA_NO_NODE);
    expect(blockState(h, 3)).toBe('absent');
    ok(h, 'topology_init: register_one_node(0)');
    expect(blockNid(h, 0)).toBe(0);
    expect(links(h, 2)).toEqual([]);
  });
});

describe('ACPI hot-add of a DIMM present at power-on', () => {
  it('add_memory of an acpi-early DIMM: not enabled before every boot node is registered', () => {
    const h = harness(ACPI_EARLY, 'v5.8');
    for (const step of ['sparse_init', 'rest_init', 'memory_dev_init', 'topology_init: register_one_node(0)']) {
      ok(h, step);
      expect(enabled(h, 'add_memory(dimm0)')).toBe(false);
    }
    ok(h, 'topology_init: register_one_node(1)');
    expect(enabled(h, 'add_memory(dimm0)')).toBe(true);
  });

  it('kernel_init is not enabled until the acpi-early DIMM has been added', () => {
    const h = boot(harness(ACPI_EARLY, 'v5.8'));
    expect(systemState(h)).toBe('SYSTEM_SCHEDULING');
    expect(enabled(h, KERNEL_INIT)).toBe(false);
    ok(h, 'add_memory(dimm0)');
    expect(enabled(h, KERNEL_INIT)).toBe(true);
  });

  it('add_memory of an ordinary DIMM: not enabled before SYSTEM_RUNNING', () => {
    const h = boot(harness(ACPI_EARLY, 'v5.8'));
    expect(enabled(h, 'add_memory(dimm4)')).toBe(false);
    ok(h, 'add_memory(dimm0)');
    ok(h, KERNEL_INIT);
    expect(enabled(h, 'add_memory(dimm4)')).toBe(true);
    expect(enabled(h, 'add_memory(dimm0)')).toBe(false);
  });

  it('add_memory in SYSTEM_SCHEDULING on v5.8: no nid check (not SYSTEM_BOOTING), linked under its node, memmap poisoned', () => {
    const h = boot(harness(ACPI_EARLY, 'v5.8'));
    ok(h, 'add_memory(dimm0)');
    expect(links(h, 3)).toEqual(['memory3/node1', 'node1/memory3']);
    expect(blockState(h, 3)).toBe('MEM_OFFLINE');
    expect(memmap(h, 3)).toEqual(['poisoned', 'poisoned', 'poisoned', 'poisoned']);
    expect(badRead(h)).toBeNull();
  });

  it('add_memory in SYSTEM_SCHEDULING on v5.9 (MEMINIT_HOTPLUG): linked under its node without reading the memmap', () => {
    const h = boot(harness(ACPI_EARLY, 'v5.9'));
    ok(h, 'add_memory(dimm0)');
    expect(links(h, 3)).toEqual(['memory3/node1', 'node1/memory3']);
    expect(badRead(h)).toBeNull();
  });

  it('add_memory in SYSTEM_SCHEDULING with the "system_state < SYSTEM_RUNNING" check: reads the poisoned memmap, block left unlinked', () => {
    const h = boot(harness(ACPI_EARLY, 'v5.8', ['system-state-below-running']));
    ok(h, 'add_memory(dimm0)');
    expect(badRead(h)).toEqual({ memmap: 'poisoned', fn: 'register_mem_sect_under_node', sub: 12 });
    expect(links(h, 3)).toEqual([]);
    expect(blockNid(h, 3)).toBe(NUMA_NO_NODE);
  });

  it('online_pages after that unlinked add: mem->nid is NUMA_NO_NODE, NODE_DATA(-1) is dereferenced', () => {
    const h = boot(harness(ACPI_EARLY, 'v5.8', ['system-state-below-running']));
    ok(h, 'add_memory(dimm0)');
    ok(h, KERNEL_INIT);
    run(h, 'online_pages(memory3, online)');
    expect(bug(h)).toEqual({ kind: 'BAD_NODE_DATA', fn: 'online_pages' });
  });

  it('boot on v6.1 with an acpi-early DIMM pending: stops in SYSTEM_SCHEDULING after node_dev_init', () => {
    const h = booted(ACPI_EARLY, 'v6.1');
    expect(systemState(h)).toBe('SYSTEM_SCHEDULING');
    expect(bootActionNames(h)).toContain('node_dev_init: register_one_node(1)');
  });
});
