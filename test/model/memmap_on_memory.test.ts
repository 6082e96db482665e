/**
 * model/memmap_on_memory.ts ↔ mm/memory_hotplug.c mhp_supports_memmap_on_memory() and
 * memory_block_memmap_on_memory_pages(): which blocks host their own memmap, per release
 * (a08a2ae34613 v5.12: one-block adds only; 6b8f0798b85a v6.6: every block of an add).
 */
import { describe, expect, it } from 'vitest';
import { decodeState } from '../../model/decode.ts';
import { findProfile } from '../../model/kernels/profiles.ts';
import { memory_block_memmap_on_memory_pages, nrVmemmapPages } from '../../model/memmap_on_memory.ts';
import { booted, ok, type Harness } from './kernel-harness.ts';

const LAYOUT = (blockSize: string, memmap: boolean) => `
name: memmap-on-memory
geometry: { sectionSize: 64M, subsectionSize: 16M, blockSize: ${blockSize} }
nodes:
  - { id: 0, cpus: true }
boot:
  - { node: 0, range: 0x00000000-0x1fffffff }
dimms:
  - { name: one, node: 0, range: 0x20000000-0x27ffffff }
  - { name: two, node: 0, range: 0x28000000-0x37ffffff }
  - { name: lmb, node: 0, range: 0x38000000-0x3fffffff, plugged: boot }
platform: { memmapOnMemory: ${memmap} }
`;

const pages = (h: Harness, b: number): number => nrVmemmapPages(h.model.g, h.model.kb, b);

describe('memory_block_memmap_on_memory_pages', () => {
  it('a 128M block holds 2M of struct pages: 512 pages; 256M: 1024', () => {
    expect(memory_block_memmap_on_memory_pages(128 * 2 ** 20)).toBe(512);
    expect(memory_block_memmap_on_memory_pages(256 * 2 ** 20)).toBe(1024);
  });
});

describe('mhp_supports_memmap_on_memory per release (128M blocks: one = 1 block, two = 2 blocks)', () => {
  it('v6.12: every block of both DIMMs hosts 512 vmemmap pages; the plugged: boot LMB none', () => {
    const h = booted(LAYOUT('128M', true), 'v6.12');
    expect([4, 5, 6, 7].map((b) => pages(h, b))).toEqual([512, 512, 512, 0]);
  });

  it('v6.1: only the one-block add gets an altmap (size == memory_block_size_bytes())', () => {
    const h = booted(LAYOUT('128M', true), 'v6.1');
    expect([4, 5, 6].map((b) => pages(h, b))).toEqual([512, 0, 0]);
  });

  it('v5.10 predates a08a2ae34613: no block hosts its memmap', () => {
    const h = booted(LAYOUT('128M', true), 'v5.10');
    expect([4, 5, 6].map((b) => pages(h, b))).toEqual([0, 0, 0]);
  });

  it('without memory_hotplug.memmap_on_memory=1 nothing is carved, on any release', () => {
    const h = booted(LAYOUT('128M', false), 'v7.2');
    expect([4, 5, 6].map((b) => pages(h, b))).toEqual([0, 0, 0]);
  });

  it('64M blocks: the 1M vmemmap does not fill a PMD (arch_supports_memmap_on_memory), so no altmap', () => {
    const h = booted(LAYOUT('64M', true), 'v6.12');
    expect(pages(h, 8)).toBe(0);
  });

  it('the decoded state shows nr_vmemmap_pages of an added block that hosts its memmap', () => {
    const h = booted(LAYOUT('128M', true), 'v6.12');
    ok(h, 'add_memory(two)');
    const blocks = decodeState(h.s, findProfile('v6.12')!.behaviour)['blocks'] as Record<string, Record<string, unknown>>;
    expect(blocks['memory5']?.['nr_vmemmap_pages']).toBe(512);
    expect(blocks['memory0']?.['nr_vmemmap_pages']).toBeUndefined();
  });
});
