/**
 * model/sparse.ts ↔ mm/sparse.c: sparse_init() of an early section with a hole, and
 * section_deactivate() of device memory in that section before and after ef69bc9f689d
 * ("mm/sparse: never partially remove memmap for early section", v5.9-rc1).
 *
 * Layout (seed 004, docs/kernel-semantics.md#seed-004-early-sections): boot RAM ends 3/4 into section 2; pmem0 fills the last
 * subsection (sub 11) of that early section. 4 subsections a section, 1 section a block.
 */
import { describe, expect, it } from 'vitest';
import {
  bug, booted, harness, memmap, memmapPage, ok, pfn_valid, propertyMessage, run, sectionFlags,
  subsectionMap, type Harness,
} from './kernel-harness.ts';

const pmemInEarlySection = (vmemmap: 'base' | 'huge') => `
name: pmem-in-early-section
geometry: { sectionSize: 256M, subsectionSize: 64M, blockSize: 256M }
nodes:
  - { id: 0, cpus: true }
boot:
  - { node: 0, range: 0x00000000-0x2bffffff }
pmem:
  - { name: pmem0, node: 0, range: 0x2c000000-0x2fffffff }
platform: { vmemmap: ${vmemmap}, autoOnline: offline }
`;

/** The same, with dimm0 (memory4, section 4) hot-pluggable. */
const WITH_DIMM = `${pmemInEarlySection('base')}dimms:\n  - { name: dimm0, node: 0, range: 0x40000000-0x4fffffff }\n`;

const PMEM_SUB = 11;
const EARLY = 2;

function sparseInit(profile: string): Harness {
  const h = harness(pmemInEarlySection('base'), profile);
  ok(h, 'sparse_init');
  return h;
}

describe('sparse_init', () => {
  it('sparse_init on boot RAM ending mid-section: the section is PRESENT, HAS_MEM_MAP, IS_ONLINE and IS_EARLY', () => {
    const h = sparseInit('v5.8');
    expect(sectionFlags(h, EARLY)).toEqual(['PRESENT', 'HAS_MEM_MAP', 'IS_ONLINE', 'IS_EARLY']);
    expect(sectionFlags(h, 0)).toEqual(['PRESENT', 'HAS_MEM_MAP', 'IS_ONLINE', 'IS_EARLY']);
  });

  it('sparse_init on v5.3+: subsection_map_init() sets bits only for the RAM subsections', () => {
    const h = sparseInit('v5.3');
    expect(subsectionMap(h, 0)).toBe('1111');
    expect(subsectionMap(h, EARLY)).toBe('1110');
  });

  it('sparse_init on v5.1 (no sub-section hotplug): the whole section counts as populated', () => {
    const h = sparseInit('v5.1');
    expect(subsectionMap(h, EARLY)).toBe('1111');
  });

  it('sparse_init: the hole of an early section gets an INIT_RESERVED memmap with the section nid, RAM is online', () => {
    const h = sparseInit('v5.8');
    expect(memmap(h, EARLY)).toEqual(['online', 'online', 'online', 'init_reserved']);
    expect(memmapPage(h, PMEM_SUB)).toEqual({ nid: 0, zone: 'Normal' });
    expect(pfn_valid(h, PMEM_SUB)).toBe(true);
  });

  it('sparse_init: a section holding only a DIMM not plugged at boot stays absent, with no memmap', () => {
    const h = harness(WITH_DIMM, 'v5.8');
    ok(h, 'sparse_init');
    expect(sectionFlags(h, 4)).toEqual([]);
    expect(subsectionMap(h, 4)).toBe('0000');
    expect(memmap(h, 4)).toEqual(['absent', 'absent', 'absent', 'absent']);
    expect(pfn_valid(h, 16)).toBe(false);
  });
});

describe('sparse_add_section', () => {
  it('memremap_pages into the hole of an early section: the subsection bit is set and the boot memmap reused', () => {
    const h = booted(pmemInEarlySection('base'), 'v5.8');
    ok(h, 'memremap_pages(pmem0)');
    expect(subsectionMap(h, EARLY)).toBe('1111');
    expect(sectionFlags(h, EARLY)).toEqual(['PRESENT', 'HAS_MEM_MAP', 'IS_ONLINE', 'IS_EARLY']);
    expect(memmap(h, EARLY)[3]).toBe('device_init');
    expect(memmapPage(h, PMEM_SUB)).toEqual({ nid: 0, zone: 'Device' });
  });

  it('add_memory of a DIMM in a new section: PRESENT and HAS_MEM_MAP, not IS_ONLINE or IS_EARLY, full subsection map', () => {
    const h = booted(WITH_DIMM, 'v5.8');
    ok(h, 'add_memory(dimm0)');
    expect(sectionFlags(h, 4)).toEqual(['PRESENT', 'HAS_MEM_MAP']);
    expect(subsectionMap(h, 4)).toBe('1111');
    expect(memmap(h, 4)).toEqual(['poisoned', 'poisoned', 'poisoned', 'poisoned']);
  });
});

describe('section_deactivate of pmem in an early section', () => {
  function mapUnmap(profile: string, vmemmap: 'base' | 'huge'): Harness {
    const h = booted(pmemInEarlySection(vmemmap), profile);
    ok(h, 'memremap_pages(pmem0)');
    ok(h, 'memunmap_pages(pmem0)');
    return h;
  }

  it('section_deactivate on v5.8 with base-page vmemmap: the pmem subsection memmap is freed, the section stays early', () => {
    const h = mapUnmap('v5.8', 'base');
    expect(subsectionMap(h, EARLY)).toBe('1110');
    expect(sectionFlags(h, EARLY)).toEqual(['PRESENT', 'HAS_MEM_MAP', 'IS_ONLINE', 'IS_EARLY']);
    expect(memmap(h, EARLY)).toEqual(['online', 'online', 'online', 'absent']);
  });

  it('section_deactivate on v5.8 with base-page vmemmap: pfn_valid() stays true over the unmapped memmap', () => {
    const h = mapUnmap('v5.8', 'base');
    expect(pfn_valid(h, PMEM_SUB)).toBe(true);
    expect(propertyMessage(h, 'memmap-valid')).toMatch(/pfn_valid\(\) is true .* not mapped/);
  });

  it('section_deactivate on v5.8 with huge vmemmap: the PMD-mapped memmap is not freed while the section is in use', () => {
    const h = mapUnmap('v5.8', 'huge');
    expect(subsectionMap(h, EARLY)).toBe('1110');
    expect(memmap(h, EARLY)[3]).not.toBe('absent');
    expect(propertyMessage(h, 'memmap-valid')).toBeNull();
  });

  it('section_deactivate on v5.9 (ef69bc9f689d) with base-page vmemmap: an early section keeps its whole memmap', () => {
    const h = mapUnmap('v5.9', 'base');
    expect(subsectionMap(h, EARLY)).toBe('1110');
    expect(memmap(h, EARLY)[3]).not.toBe('absent');
    expect(pfn_valid(h, PMEM_SUB)).toBe(true);
    expect(propertyMessage(h, 'memmap-valid')).toBeNull();
  });

  it('section_deactivate on v5.8 + ef69bc9f689d: the early section keeps the pmem memmap, as on v5.9', () => {
    const h = booted(pmemInEarlySection('base'), 'v5.8', ['ef69bc9f689d']);
    ok(h, 'memremap_pages(pmem0)');
    ok(h, 'memunmap_pages(pmem0)');
    expect(memmap(h, EARLY)[3]).toBe('device_init');
  });

  it('memremap_pages again after v5.8 base-page section_deactivate: page fault in memmap_init_zone', () => {
    const h = mapUnmap('v5.8', 'base');
    expect(run(h, 'memremap_pages(pmem0)')).toBe('0');
    expect(bug(h)).toEqual({ kind: 'PAGE_FAULT', fn: 'memmap_init_zone' });
    expect(h.s.pmemMapped(0)).toBe(false);
  });

  it('memremap_pages again after v5.9 section_deactivate: succeeds, device memmap initialised again', () => {
    const h = mapUnmap('v5.9', 'base');
    ok(h, 'memremap_pages(pmem0)');
    expect(memmap(h, EARLY)[3]).toBe('device_init');
    expect(subsectionMap(h, EARLY)).toBe('1111');
  });

  it('memremap_pages again after v5.8 section_deactivate with huge vmemmap: no crash (the bug is masked)', () => {
    const h = mapUnmap('v5.8', 'huge');
    ok(h, 'memremap_pages(pmem0)');
    expect(memmap(h, EARLY)[3]).toBe('device_init');
  });
});

describe('section_deactivate of a whole hot-added section', () => {
  for (const profile of ['v5.1', 'v5.8', 'v5.9']) {
    it(`remove_memory of a never-onlined DIMM on ${profile}: the section is emptied, no memmap, pfn_valid false`, () => {
      const h = booted(WITH_DIMM, profile);
      ok(h, 'add_memory(dimm0)');
      ok(h, 'remove_memory(dimm0)');
      expect(sectionFlags(h, 4)).toEqual([]);
      expect(subsectionMap(h, 4)).toBe('0000');
      expect(memmap(h, 4)).toEqual(['absent', 'absent', 'absent', 'absent']);
      expect(pfn_valid(h, 16)).toBe(false);
    });
  }

  it('add_memory after remove_memory of the same DIMM: a fresh poisoned memmap, no crash', () => {
    const h = booted(WITH_DIMM, 'v5.8');
    ok(h, 'add_memory(dimm0)');
    ok(h, 'remove_memory(dimm0)');
    ok(h, 'add_memory(dimm0)');
    expect(memmap(h, 4)).toEqual(['poisoned', 'poisoned', 'poisoned', 'poisoned']);
  });
});
