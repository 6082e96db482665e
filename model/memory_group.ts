/**
 * drivers/base/memory.c, memory groups: the memory blocks of one device that the auto-movable
 * online policy treats as a unit.
 *
 * A static group is one device whose memory is added at once: an ACPI memory device
 * (acpi_memory_enable_device() registers one per DIMM, "ACPI: memhotplug: use a single
 * static memory group for a single memory device", v5.15) or a dax/kmem device. A dynamic
 * group is a virtio-mem device that adds memory in units of its device block size.
 *
 * Model: groups are fixed by the layout (`groups`, `dimms[].group`), so a block's group is
 * static data, and a group's present pages are derived from the state (the online blocks of
 * its DIMMs and their zones) rather than kept in counters, as memory_block_online() and
 * adjust_present_page_count() keep them. Boot memory (`plugged: boot` included) has no group.
 *
 * Kernel: drivers/base/memory.c memory_group_register_static(),
 * memory_group_register_dynamic(), walk_dynamic_memory_groups(); include/linux/memory.h
 * struct memory_group; 028fc57a1c36 (v5.15).
 */
import { SubKind } from './geometry.ts';
import type { Kernel } from './kernel.ts';
import { Memmap, Zone } from './state.ts';

/** One memory group of a layout. */
export interface MemoryGroup {
  /** The layout's name for it; an implicit ACPI group is named after its DIMM. */
  readonly name: string;
  readonly nid: number;
  readonly isDynamic: boolean;
  /** s.max_pages of a static group: the pages of all its DIMMs. */
  readonly maxPages: number;
  /** d.unit_pages of a dynamic group. */
  readonly unitPages: number;
  /** The DIMMs (layout indices) whose memory is in the group. */
  readonly dimms: readonly number[];
}

/** PAGE_SIZE of the kernels modelled (x86_64, ppc64 with 4K pages). */
export const PAGE_SIZE = 4096;

/** Pages in one subsection of the layout. */
export const pagesPerSub = (k: Kernel): number => k.g.layout.geometry.subsectionSize / PAGE_SIZE;

const cache = new WeakMap<object, { groups: MemoryGroup[]; ofDimm: (MemoryGroup | null)[] }>();

/** The layout's groups, built once per layout, and the group of each DIMM (null: none). */
function groupsOf(k: Kernel): { groups: MemoryGroup[]; ofDimm: (MemoryGroup | null)[] } {
  const l = k.g.layout;
  const hit = cache.get(l);
  if (hit) return hit;
  const pages = (d: number) => (l.dimms[d]!.end - l.dimms[d]!.start) / PAGE_SIZE;
  const groups: MemoryGroup[] = [];
  const ofDimm: (MemoryGroup | null)[] = l.dimms.map(() => null);
  for (const decl of l.groups) {
    const dimms = l.dimms.flatMap((d, i) => (d.group === decl.name ? [i] : []));
    if (dimms.length === 0) continue;
    const g: MemoryGroup = {
      name: decl.name, nid: l.dimms[dimms[0]!]!.node, isDynamic: decl.kind === 'dynamic',
      maxPages: dimms.reduce((a, d) => a + pages(d), 0), unitPages: (decl.unit ?? 0) / PAGE_SIZE, dimms,
    };
    groups.push(g);
    for (const d of dimms) ofDimm[d] = g;
  }
  l.dimms.forEach((d, i) => {
    if (d.group !== undefined || d.plugged === 'boot') return;
    const g: MemoryGroup = { name: d.name, nid: d.node, isDynamic: false, maxPages: pages(i), unitPages: 0, dimms: [i] };
    groups.push(g);
    ofDimm[i] = g;
  });
  const built = { groups, ofDimm };
  cache.set(l, built);
  return built;
}

/** The group of memory block `b` (mem->group), or null for boot memory. */
export function blockGroup(k: Kernel, b: number): MemoryGroup | null {
  const sub = k.blockSubs(b)[0];
  if (k.g.subKind[sub] !== SubKind.Dimm) return null;
  return groupsOf(k).ofDimm[k.g.subOwner[sub]!] ?? null;
}

/** The dynamic groups, on node `nid` or on any node for NUMA_NO_NODE (-1 here). */
export function dynamicGroups(k: Kernel, nid: number): MemoryGroup[] {
  return groupsOf(k).groups.filter((g) => g.isDynamic && (nid < 0 || g.nid === nid));
}

/** Online pages of the group, split as group->present_kernel_pages and present_movable_pages. */
export function groupPresentPages(k: Kernel, g: MemoryGroup): { kernel: number; movable: number } {
  let kernel = 0;
  let movable = 0;
  for (const d of g.dimms) {
    const dimm = k.g.layout.dimms[d]!;
    const size = k.g.layout.geometry.subsectionSize;
    for (let sub = dimm.start / size; sub < dimm.end / size; sub++) {
      if (k.s.memmap(sub) !== Memmap.ONLINE) continue;
      if (k.s.memmapZone(sub) === Zone.MOVABLE) movable++;
      else kernel++;
    }
  }
  return { kernel: kernel * pagesPerSub(k), movable: movable * pagesPerSub(k) };
}
