/**
 * mm/memremap.c: ZONE_DEVICE memory (pmem, devdax) mapped with memremap_pages() and
 * unmapped with memunmap_pages(), at subsection granularity since v5.3.
 *
 * Kernel: mm/memremap.c memremap_pages(), pagemap_range(), memunmap_pages(), v5.9; the
 * crash of seed 004 is in memmap_init_zone() from move_pfn_range_to_zone(), v5.8.
 */
import { Fn } from './bugs.ts';
import { subsOfRange } from './geometry.ts';
import { ENXIO, type Kernel } from './kernel.ts';
import { sectionMasks } from './memory_hotplug.ts';
import { resize_pgdat_range, resize_zone_range, __remove_zone } from './memory_hotplug_spans.ts';
import { sparse_add_section, writeMemmap } from './sparse.ts';
import { Memmap, Zone } from './state.ts';

/**
 * memremap_pages() - map pmem range `p` as ZONE_DEVICE memory.
 *
 * arch_add_memory() runs sparse_add_section() for each section it touches (an early section
 * reuses its boot memmap), then move_pfn_range_to_zone(ZONE_DEVICE) grows the device zone and
 * node spans and memmap_init_zone() writes every struct page. A write to a memmap that
 * section_deactivate() freed page-faults: "BUG: unable to handle page fault ... RIP:
 * memmap_init_zone".
 *
 * Kernel: mm/memremap.c memremap_pages(), pagemap_range(), v5.9; mm/page_alloc.c
 * memmap_init_zone(), v5.8.
 * Context: mem_hotplug_begin() .. mem_hotplug_done(), from a dax or pmem driver probe.
 * Return: 0; ENXIO before v5.3 for a range sharing a section with other memory
 * ("attempted on mixed region"); EEXIST when the subsections are already populated.
 */
export function memremap_pages(k: Kernel, p: number): number {
  const pmem = k.g.layout.pmem[p]!;
  const [first, end] = subsOfRange(k.g, pmem);
  const masks = sectionMasks(k, first, end);
  const full = (1 << k.g.subsPerSection) - 1;
  if (!k.kb.subsection_hotplug && masks.some(([, mask]) => mask !== full)) return ENXIO;
  for (const [sec, mask] of masks) {
    const ret = sparse_add_section(k, sec, mask, pmem.node);
    if (ret !== 0) return ret;
  }
  resize_zone_range(k, pmem.node, Zone.DEVICE, first, end);
  resize_pgdat_range(k, pmem.node, first, end);
  for (let sub = first; sub < end; sub++) {
    if (!writeMemmap(k, sub, Memmap.DEVICE_INIT, pmem.node, Zone.DEVICE, Fn.memmap_init_zone)) return 0;
  }
  k.s.setPmemMapped(p, true);
  return 0;
}

/**
 * memunmap_pages() - unmap pmem range `p`: up to v5.4 __remove_pages() shrinks the
 * ZONE_DEVICE span reading memmaps; since v5.5 the device zone is never shrunk. Then
 * arch_remove_memory() runs section_deactivate() for each section.
 *
 * Context: mem_hotplug_begin() .. mem_hotplug_done(), from devm release (ndctl
 * disable-namespace, dax unbind).
 * Kernel: mm/memremap.c memunmap_pages(), v5.9; remove_pfn_range_from_zone() returns early
 * for ZONE_DEVICE, v6.1.
 * Return: 0.
 */
export function memunmap_pages(k: Kernel, p: number): number {
  const pmem = k.g.layout.pmem[p]!;
  const [first, end] = subsOfRange(k.g, pmem);
  if (k.kb.shrink_zone_device) {
    __remove_zone(k, pmem.node, Zone.DEVICE, first, end);
    if (k.crashed) return 0;
  }
  for (const [sec, mask] of sectionMasks(k, first, end)) k.kb.section_deactivate(k, sec, mask);
  k.s.setPmemMapped(p, false);
  return 0;
}

