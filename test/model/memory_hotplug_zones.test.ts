/**
 * model/memory_hotplug_zones.ts ↔ mm/memory_hotplug.c zone choice and
 * drivers/base/memory.c show_valid_zones(), in the three designs of docs/kernel-semantics.md#zones-and-valid_zones:
 * the zone at add time (v4.10, zone_can_shift()), allow_online_pfn_range() (v4.13,
 * f1dd2cd13c4b) and default_zone_for_pfn() (v4.14+ c6f03e2903c9).
 *
 * Layout (seed 002): node 0 boot memory is memory0-1; dimm1..dimm3 are memory2..memory4,
 * probed one after another as udev sees them.
 */
import { describe, expect, it } from 'vitest';
import {
  blockZone, booted, memmapPage, ok, propertyMessage, run, validZones, zoneSpan, type Harness,
} from './kernel-harness.ts';

const UDEV = (platform = '') => `
name: udev-online-movable
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
boot:
  - { node: 0, range: 0x00000000-0x1fffffff }
dimms:
  - { name: dimm1, node: 0, range: 0x20000000-0x2fffffff }
  - { name: dimm2, node: 0, range: 0x30000000-0x3fffffff }
  - { name: dimm3, node: 0, range: 0x40000000-0x4fffffff }
platform: { vmemmap: huge, autoOnline: offline${platform} }
`;

function probed(profile: string, dimms: string[], platform = ''): Harness {
  const h = booted(UDEV(platform), profile);
  for (const d of dimms) ok(h, `add_memory(${d})`);
  return h;
}

describe('v4.10: the zone is chosen at add time (zone_can_shift)', () => {
  it('valid_zones on v4.10 after probing one block: "Normal Movable" (it ends ZONE_NORMAL)', () => {
    const h = probed('v4.10', ['dimm1']);
    expect(validZones(h, 2)).toBe('Normal Movable');
    expect(memmapPage(h, 8)).toEqual({ nid: 0, zone: 'Normal' });
  });

  it('valid_zones on v4.10 after probing a second block: the first shows "Normal", the second "Normal Movable"', () => {
    const h = probed('v4.10', ['dimm1', 'dimm2']);
    expect(validZones(h, 2)).toBe('Normal');
    expect(validZones(h, 3)).toBe('Normal Movable');
    expect(propertyMessage(h, 'zones-consistent'))
      .toBe('adding memory changed memory2/valid_zones from "Normal Movable" to "Normal"');
  });

  it('online_pages(online_movable) on v4.10 of a block below the last Normal block: returns EINVAL', () => {
    const h = probed('v4.10', ['dimm1', 'dimm2']);
    expect(run(h, 'online_pages(memory2, online_movable)')).toBe('EINVAL');
    expect(zoneSpan(h, 0, 'Movable')).toBe('empty');
  });

  it('online_pages(online_movable) on v4.10 of the last block: ZONE_MOVABLE starts there, the block below shows "Normal Movable"', () => {
    const h = probed('v4.10', ['dimm1', 'dimm2']);
    ok(h, 'online_pages(memory3, online_movable)');
    expect(blockZone(h, 3)).toBe('Movable');
    expect(zoneSpan(h, 0, 'Normal')).toBe('0x00000000-0x2fffffff');
    expect(zoneSpan(h, 0, 'Movable')).toBe('0x30000000-0x3fffffff');
    expect(validZones(h, 2)).toBe('Normal Movable');
  });

  // Regression: v4.10 show_valid_zones() has no mem->state check (v4.10 drivers/base/memory.c
  // show_valid_zones(); Michal Hocko's reproduction step 4: memory34 reads "Movable Normal" after online_movable).
  // validZones() used to return only mem->zone for every MEM_ONLINE block, whatever the profile.
  it('valid_zones on v4.10 of the block just onlined movable at the start of ZONE_MOVABLE: "Movable Normal"', () => {
    const h = probed('v4.10', ['dimm1', 'dimm2']);
    ok(h, 'online_pages(memory3, online_movable)');
    expect(validZones(h, 3)).toBe('Movable Normal');
  });

  it('add_memory on v4.10 above ZONE_MOVABLE: zone_for_memory() puts the new block in Movable', () => {
    const h = probed('v4.10', ['dimm1']);
    ok(h, 'online_pages(memory2, online_movable)');
    ok(h, 'add_memory(dimm2)');
    expect(memmapPage(h, 12)).toEqual({ nid: 0, zone: 'Movable' });
    expect(zoneSpan(h, 0, 'Movable')).toBe('0x20000000-0x3fffffff');
  });
});

describe('v4.13: allow_online_pfn_range() (f1dd2cd13c4b)', () => {
  it('valid_zones on v4.13 of a fresh block above ZONE_NORMAL: "Normal Movable"', () => {
    const h = probed('v4.13', ['dimm1']);
    expect(validZones(h, 2)).toBe('Normal Movable');
  });

  it('allow_online_pfn_range on v4.13: online_movable of a block above ZONE_NORMAL is allowed', () => {
    const h = probed('v4.13', ['dimm1', 'dimm2']);
    ok(h, 'online_pages(memory3, online_movable)');
    expect(zoneSpan(h, 0, 'Movable')).toBe('0x30000000-0x3fffffff');
  });

  it('allow_online_pfn_range on v4.13: online_kernel of a block just below ZONE_MOVABLE is allowed', () => {
    const h = probed('v4.13', ['dimm1', 'dimm2']);
    ok(h, 'online_pages(memory3, online_movable)');
    ok(h, 'online_pages(memory2, online_kernel)');
    expect(blockZone(h, 2)).toBe('Normal');
  });

  it('allow_online_pfn_range on v4.13: online_kernel of a block above ZONE_MOVABLE returns EINVAL', () => {
    const h = probed('v4.13', ['dimm1', 'dimm2']);
    ok(h, 'online_pages(memory2, online_movable)');
    expect(run(h, 'online_pages(memory3, online_kernel)')).toBe('EINVAL');
    expect(validZones(h, 3)).toBe('Movable');
  });

  it('allow_online_pfn_range on v4.13: online_movable of a block below ZONE_NORMAL returns EINVAL', () => {
    const h = probed('v4.13', ['dimm1', 'dimm2']);
    ok(h, 'online_pages(memory3, online_kernel)');
    expect(run(h, 'online_pages(memory2, online_movable)')).toBe('EINVAL');
    expect(validZones(h, 2)).toBe('Normal');
  });

  it('online_pages(online) on v4.13 of a block above ZONE_MOVABLE: MMOP_ONLINE_KEEP picks Movable', () => {
    const h = probed('v4.13', ['dimm1', 'dimm2']);
    ok(h, 'online_pages(memory2, online_movable)');
    ok(h, 'online_pages(memory3, online)');
    expect(blockZone(h, 3)).toBe('Movable');
  });

  it('online_pages(online_movable) on v4.13 of each block as it is added: all succeed, ZONE_MOVABLE spans them', () => {
    const h = booted(UDEV(), 'v4.13');
    for (const [d, b] of [['dimm1', 2], ['dimm2', 3], ['dimm3', 4]] as const) {
      ok(h, `add_memory(${d})`);
      ok(h, `online_pages(memory${b}, online_movable)`);
    }
    expect(zoneSpan(h, 0, 'Movable')).toBe('0x20000000-0x4fffffff');
  });
});

describe('v5.x: default_zone_for_pfn() (c6f03e2903c9)', () => {
  it('valid_zones on v5.8 of a fresh block: "Normal Movable"', () => {
    const h = probed('v5.8', ['dimm1', 'dimm2']);
    expect(validZones(h, 2)).toBe('Normal Movable');
    expect(validZones(h, 3)).toBe('Normal Movable');
  });

  it('valid_zones on v5.8 of a block inside an existing movable span: "Movable Normal"', () => {
    const h = probed('v5.8', ['dimm1', 'dimm2', 'dimm3']);
    ok(h, 'online_pages(memory2, online_movable)');
    ok(h, 'online_pages(memory4, online_movable)');
    expect(validZones(h, 3)).toBe('Movable Normal');
    ok(h, 'online_pages(memory3, online)');
    expect(blockZone(h, 3)).toBe('Movable');
  });

  it('valid_zones on v5.8 with movable_node: "Movable Normal" for a fresh block', () => {
    const h = probed('v5.8', ['dimm1'], ', movableNode: true');
    expect(validZones(h, 2)).toBe('Movable Normal');
  });

  it('valid_zones on v5.8 of an online block: its zone only', () => {
    const h = probed('v5.8', ['dimm1']);
    ok(h, 'online_pages(memory2, online_movable)');
    expect(validZones(h, 2)).toBe('Movable');
    expect(validZones(h, 0)).toBe('Normal');
  });

  it('online_pages on v5.8: any block may go to either zone, in any order (udev onlining movable works)', () => {
    const h = probed('v5.8', ['dimm1', 'dimm2', 'dimm3']);
    ok(h, 'online_pages(memory3, online_movable)');
    ok(h, 'online_pages(memory2, online_kernel)');
    ok(h, 'online_pages(memory4, online_kernel)');
    expect(zoneSpan(h, 0, 'Normal')).toBe('0x00000000-0x4fffffff');
    expect(zoneSpan(h, 0, 'Movable')).toBe('0x30000000-0x3fffffff');
  });

  it('add_memory on v5.8 never changes the valid_zones of another block', () => {
    const h = probed('v5.8', ['dimm1', 'dimm2']);
    expect(h.s.zonesChangedBlock).toBe(-1);
    expect(propertyMessage(h, 'zones-consistent')).toBeNull();
  });
});
