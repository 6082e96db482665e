/**
 * model/memremap.ts ↔ mm/memremap.c memremap_pages() and memunmap_pages(): ZONE_DEVICE
 * memory at section granularity before v5.3 and at subsection granularity after
 * (ba72b4c8cf60); the device zone span at map and unmap (never shrunk since v5.5).
 * docs/kernel-semantics.md#zone_device and #seed-004-early-sections.
 */
import { describe, expect, it } from 'vitest';
import {
  booted, enabled, memmap, memmapPage, nodeSpan, ok, pfn_valid, run, sectionFlags, subsectionMap,
  zoneSpan,
} from './kernel-harness.ts';

/** pmem0 fills the hole of early section 2 (sub 11); pmem1 is a whole section of its own (section 4). */
const PMEM = `
name: pmem
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
boot:
  - { node: 0, range: 0x00000000-0x2bffffff }
pmem:
  - { name: pmem0, node: 0, range: 0x2c000000-0x2fffffff }
  - { name: pmem1, node: 0, range: 0x40000000-0x4fffffff }
platform: { vmemmap: base, autoOnline: offline }
`;

describe('memremap_pages', () => {
  it('memremap_pages on v5.1 of a range sharing a section with boot RAM: returns ENXIO, nothing mapped', () => {
    const h = booted(PMEM, 'v5.1');
    expect(run(h, 'memremap_pages(pmem0)')).toBe('ENXIO');
    expect(h.s.pmemMapped(0)).toBe(false);
    expect(zoneSpan(h, 0, 'Device')).toBe('empty');
    expect(memmap(h, 2)[3]).toBe('init_reserved');
  });

  it('memremap_pages on v5.1 of a whole section: ZONE_DEVICE memmap, section PRESENT and HAS_MEM_MAP, never IS_ONLINE', () => {
    const h = booted(PMEM, 'v5.1');
    ok(h, 'memremap_pages(pmem1)');
    expect(sectionFlags(h, 4)).toEqual(['PRESENT', 'HAS_MEM_MAP']);
    expect(memmap(h, 4)).toEqual(['device_init', 'device_init', 'device_init', 'device_init']);
    expect(zoneSpan(h, 0, 'Device')).toBe('0x40000000-0x4fffffff');
  });

  it('memremap_pages on v5.3 of a subsection in an early section: the Device zone span grows to cover it', () => {
    const h = booted(PMEM, 'v5.3');
    expect(nodeSpan(h, 0)).toBe('0x00000000-0x2bffffff');
    ok(h, 'memremap_pages(pmem0)');
    expect(zoneSpan(h, 0, 'Device')).toBe('0x2c000000-0x2fffffff');
    expect(nodeSpan(h, 0)).toBe('0x00000000-0x2fffffff');
    expect(zoneSpan(h, 0, 'Normal')).toBe('0x00000000-0x2bffffff');
  });

  it('memremap_pages on v5.8: the pmem pages carry ZONE_DEVICE and the node, pfn_valid', () => {
    const h = booted(PMEM, 'v5.8');
    ok(h, 'memremap_pages(pmem0)');
    expect(memmapPage(h, 11)).toEqual({ nid: 0, zone: 'Device' });
    expect(pfn_valid(h, 11)).toBe(true);
    expect(h.s.pmemMapped(0)).toBe(true);
  });

  it('memremap_pages of two ranges on v5.8: the Device span is their hull', () => {
    const h = booted(PMEM, 'v5.8');
    ok(h, 'memremap_pages(pmem0)');
    ok(h, 'memremap_pages(pmem1)');
    expect(zoneSpan(h, 0, 'Device')).toBe('0x2c000000-0x4fffffff');
  });

  it('memremap_pages of a mapped range: not enabled', () => {
    const h = booted(PMEM, 'v5.8');
    ok(h, 'memremap_pages(pmem0)');
    expect(enabled(h, 'memremap_pages(pmem0)')).toBe(false);
    expect(enabled(h, 'memunmap_pages(pmem0)')).toBe(true);
  });
});

describe('memunmap_pages', () => {
  it('memunmap_pages on v5.6: the Device zone span and the node span stay (ZONE_DEVICE is never shrunk)', () => {
    const h = booted(PMEM, 'v5.6');
    ok(h, 'memremap_pages(pmem0)');
    ok(h, 'memunmap_pages(pmem0)');
    expect(zoneSpan(h, 0, 'Device')).toBe('0x2c000000-0x2fffffff');
    expect(nodeSpan(h, 0)).toBe('0x00000000-0x2fffffff');
    expect(h.s.pmemMapped(0)).toBe(false);
  });

  it('memunmap_pages on v5.9: the Device zone span stays', () => {
    const h = booted(PMEM, 'v5.9');
    ok(h, 'memremap_pages(pmem1)');
    ok(h, 'memunmap_pages(pmem1)');
    expect(zoneSpan(h, 0, 'Device')).toBe('0x40000000-0x4fffffff');
  });

  it('memunmap_pages on v5.3: __remove_pages() shrinks the Device zone span to empty', () => {
    const h = booted(PMEM, 'v5.3');
    ok(h, 'memremap_pages(pmem1)');
    ok(h, 'memunmap_pages(pmem1)');
    expect(zoneSpan(h, 0, 'Device')).toBe('empty');
  });

  it('memunmap_pages of a whole section on v5.8: the section is emptied, no memmap, pfn_valid false', () => {
    const h = booted(PMEM, 'v5.8');
    ok(h, 'memremap_pages(pmem1)');
    ok(h, 'memunmap_pages(pmem1)');
    expect(sectionFlags(h, 4)).toEqual([]);
    expect(subsectionMap(h, 4)).toBe('0000');
    expect(memmap(h, 4)).toEqual(['absent', 'absent', 'absent', 'absent']);
    expect(pfn_valid(h, 16)).toBe(false);
  });

  it('memremap_pages after memunmap_pages of a whole section on v5.8: a fresh memmap, no crash', () => {
    const h = booted(PMEM, 'v5.8');
    ok(h, 'memremap_pages(pmem1)');
    ok(h, 'memunmap_pages(pmem1)');
    ok(h, 'memremap_pages(pmem1)');
    expect(memmap(h, 4)).toEqual(['device_init', 'device_init', 'device_init', 'device_init']);
  });
});
