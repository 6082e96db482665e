/**
 * mm/sparse.c: sections, the subsection map, and the memmap behind them.
 *
 * Kernel: mm/sparse.c v6.1 (sparse_init(), sparse_add_section(), section_activate(),
 * section_deactivate()); v5.3..v5.8 for the pre-ef69bc9f689d section_deactivate().
 */
import { BugKind, Fn } from './bugs.ts';
import { firstSubOfSection, isBootRam, type Geometry } from './geometry.ts';
import { EEXIST, type Kernel } from './kernel.ts';
import {
  Memmap, NUMA_NO_NODE, SECTION_HAS_MEM_MAP, SECTION_IS_EARLY, SECTION_IS_ONLINE,
  SECTION_MARKED_PRESENT, SECTION_USAGE, Zone,
} from './state.ts';

const fullMap = (g: Geometry): number => (1 << g.subsPerSection) - 1;

/** Subsections of section `sec` that `mask` names, as absolute subsection indices. */
export function subsOfMask(g: Geometry, sec: number, mask: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < g.subsPerSection; i++) if (mask & (1 << i)) out.push(firstSubOfSection(g, sec) + i);
  return out;
}

/**
 * sparse_init() - give every section holding boot memory a whole-section memmap.
 *
 * memblocks_present() marks each section PRESENT and ONLINE with its early nid (the last
 * range touching a section wins); sparse_init_nid() adds HAS_MEM_MAP and IS_EARLY.
 * subsection_map_init() sets bits only for real RAM. memmap_init() initialises RAM pages, and
 * init_unavailable_range() the holes inside an early section as PG_reserved.
 *
 * Kernel: mm/sparse.c sparse_init(), memblocks_present(), sparse_init_nid(); mm/page_alloc.c
 * memmap_init(), init_unavailable_range(), v6.1.
 * Context: SYSTEM_BOOTING, from setup_arch() / mm_init(); one CPU, no locks.
 * Return: nothing; boot does not fail here.
 * Model: boot memory is ZONE_NORMAL and already in the buddy allocator (memmap ONLINE).
 */
export function sparse_init(k: Kernel): void {
  const { g, s } = k;
  for (let sub = 0; sub < g.nrSubs; sub++) {
    if (!isBootRam(g, sub)) continue;
    const sec = Math.floor(sub / g.subsPerSection);
    s.setSectionFlags(sec, SECTION_MARKED_PRESENT | SECTION_IS_ONLINE | SECTION_HAS_MEM_MAP | SECTION_IS_EARLY | SECTION_USAGE);
    s.setSectionNid(sec, g.subNode[sub]!);
    const bit = 1 << (sub % g.subsPerSection);
    s.setSubsectionMap(sec, k.kb.subsection_hotplug ? s.subsectionMap(sec) | bit : fullMap(g));
  }
  for (let sub = 0; sub < g.nrSubs; sub++) {
    const sec = Math.floor(sub / g.subsPerSection);
    if (!s.sectionHas(sec, SECTION_IS_EARLY)) continue;
    if (isBootRam(g, sub)) s.setMemmap(sub, Memmap.ONLINE, g.subNode[sub]!, Zone.NORMAL);
    else s.setMemmap(sub, Memmap.INIT_RESERVED, s.sectionNid(sec), Zone.NORMAL);
  }
}

/**
 * sparse_add_section() - populate the subsections `mask` of section `sec` for hot-added memory.
 *
 * section_activate() allocates the usage map, sets the bits (-EEXIST if any is already set),
 * and either reuses the boot memmap of a partially populated early section or populates a
 * new one; then set_section_nid(), __section_mark_present() and HAS_MEM_MAP. Before v5.3
 * (sparse_add_one_section()) a section is added whole and -EEXIST if already present.
 *
 * Kernel: mm/sparse.c sparse_add_section(), section_activate(), v5.9 (ba72b4c8cf60, v5.3);
 * sparse_add_one_section(), v5.1.
 * Context: mem_hotplug_lock held for write, from __add_pages().
 * Return: 0, or EEXIST.
 * Model: a newly populated memmap is POISONED until its caller initialises it; a reused one
 * keeps its state, including ABSENT when an earlier section_deactivate() freed it.
 */
export function sparse_add_section(k: Kernel, sec: number, mask: number, nid: number): number {
  const { s, g } = k;
  if (!k.kb.subsection_hotplug) {
    if (s.sectionHas(sec, SECTION_MARKED_PRESENT)) return EEXIST;
    mask = fullMap(g);
  }
  if (s.subsectionMap(sec) & mask) return EEXIST;
  s.setSubsectionMap(sec, s.subsectionMap(sec) | mask);
  const early = s.sectionHas(sec, SECTION_IS_EARLY);
  const reuse = early && mask !== fullMap(g);
  if (!reuse) {
    for (const sub of subsOfMask(g, sec, mask)) {
      if (s.memmap(sub) === Memmap.ABSENT) s.setMemmap(sub, Memmap.POISONED);
    }
  }
  if (!early) s.setSectionNid(sec, nid);
  s.setSectionFlags(sec, s.sectionFlags(sec) | SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP | SECTION_USAGE);
  return 0;
}

/**
 * Writes the struct pages of `sub` (page_init_poison(), memmap_init_zone(), ...).
 * Return: false when the memmap is not mapped: the write page-faults and the kernel oopses.
 */
export function writeMemmap(k: Kernel, sub: number, m: Memmap, nid: number, zone: Zone, fn: Fn): boolean {
  if (k.s.memmap(sub) === Memmap.ABSENT) {
    k.crash(BugKind.PAGE_FAULT, fn, sub);
    return false;
  }
  k.s.setMemmap(sub, m, nid, zone);
  return true;
}

/**
 * clear_subsection_map() - clear the bits of `mask` in the section's usage map.
 * Kernel: mm/sparse.c clear_subsection_map(), v5.8 (the same check inline in
 * section_deactivate() since ba72b4c8cf60, v5.3).
 * Context: mem_hotplug_lock held for write, from section_deactivate().
 * Return: the map left; -1 when a bit of `mask` was not set (the kernel's "section already
 * deactivated" WARN, after which section_deactivate() returns).
 */
function clear_subsection_map(k: Kernel, sec: number, mask: number): number {
  const map = k.s.subsectionMap(sec);
  if ((map & mask) !== mask) return -1;
  k.s.setSubsectionMap(sec, map & ~mask);
  return map & ~mask;
}

/** The section is empty: `ms->section_mem_map = 0` drops every flag, the usage map and the memmap. */
function sectionEmptied(k: Kernel, sec: number): void {
  k.s.setSectionFlags(sec, 0);
  k.s.setSectionNid(sec, NUMA_NO_NODE);
  k.s.setSubsectionMap(sec, 0);
  for (const sub of subsOfMask(k.g, sec, fullMap(k.g))) k.s.setMemmap(sub, Memmap.ABSENT);
}

/**
 * depopulate_section_memmap() - vmemmap_free() the memmap of the subsections in `mask`.
 * Kernel: mm/sparse.c depopulate_section_memmap(), v5.8; arch/x86/mm/init_64.c
 * vmemmap_free() -> remove_pagetable() -> remove_pmd_table(), v5.8.
 * Context: mem_hotplug_lock held for write, from section_deactivate().
 * Return: nothing; the freed memmap is ABSENT afterwards.
 * Model: with base-page vmemmap each subsection's memmap is freed on its own; with PMD-mapped
 * (huge) vmemmap one huge page holds a whole section's memmap and x86's remove_pmd_table()
 * frees it only once no part of it is in use, i.e. when the section is empty.
 */
function depopulate_section_memmap(k: Kernel, sec: number, mask: number, mapLeft: number): void {
  if (k.g.layout.platform.vmemmap === 'huge' && mapLeft !== 0) return;
  const freed = k.g.layout.platform.vmemmap === 'huge' ? fullMap(k.g) : mask;
  for (const sub of subsOfMask(k.g, sec, freed)) k.s.setMemmap(sub, Memmap.ABSENT);
}

/**
 * section_deactivate__depopulate_early() - section_deactivate() before ef69bc9f689d: a
 * partial removal from an early section frees part of the boot memmap.
 *
 * For a partial removal from an early section `memmap` is NULL, so the else branch
 * depopulates the vmemmap of the removed subsections although the boot memmap must stay
 * whole: a later memremap_pages() of the same range writes to the freed memmap (seed 004).
 *
 * Kernel: mm/sparse.c section_deactivate(), v5.3 (ba72b4c8cf60) .. v5.8 (`if
 * (section_is_early && memmap) free_map_bootmem(memmap); else
 * depopulate_section_memmap(pfn, nr_pages, altmap);`).
 * Context: mem_hotplug_lock held for write, from __remove_pages() (try_remove_memory() or
 * memunmap_pages()).
 * Return: nothing; the section is emptied when its last subsection goes.
 */
export function section_deactivate__depopulate_early(k: Kernel, sec: number, mask: number): void {
  const left = clear_subsection_map(k, sec, mask);
  if (left < 0) return;
  const early = k.s.sectionHas(sec, SECTION_IS_EARLY);
  if (left === 0) k.s.setSectionFlag(sec, SECTION_HAS_MEM_MAP, false);
  if (!(early && left === 0)) depopulate_section_memmap(k, sec, mask, left);
  if (left === 0) sectionEmptied(k, sec);
}

/**
 * section_deactivate__keep_early() - section_deactivate() since ef69bc9f689d: an early
 * section keeps its whole memmap until it is empty.
 * Kernel: mm/sparse.c section_deactivate(), v5.9 / v6.1 (ef69bc9f689d, "mm/sparse: never
 * partially remove memmap for early section").
 * Context: mem_hotplug_lock held for write, from __remove_pages().
 * Return: nothing; the section is emptied when its last subsection goes.
 */
export function section_deactivate__keep_early(k: Kernel, sec: number, mask: number): void {
  const left = clear_subsection_map(k, sec, mask);
  if (left < 0) return;
  const early = k.s.sectionHas(sec, SECTION_IS_EARLY);
  if (left === 0) k.s.setSectionFlag(sec, SECTION_HAS_MEM_MAP, false);
  if (!early) depopulate_section_memmap(k, sec, mask, left);
  if (left === 0) sectionEmptied(k, sec);
}

/**
 * sparse_remove_one_section() - before sub-section hotplug: the whole section goes.
 * Kernel: mm/sparse.c sparse_remove_one_section(), v4.4 .. v5.2 (replaced by
 * section_deactivate() in ba72b4c8cf60, v5.3); v5.1.
 * Context: mem_hotplug_lock held for write, from __remove_section().
 * Return: nothing.
 * Model: fills the section_deactivate behaviour point, so `_mask` is ignored: before v5.3
 * hot(un)plug works on whole sections.
 */
export function sparse_remove_one_section(k: Kernel, sec: number, _mask: number): void {
  sectionEmptied(k, sec);
}
