/**
 * The code that reads memory-hotplug state while the writers run: pfn_to_online_page() and
 * the pfn walkers behind /proc/kpageflags, memory_failure(), soft_offline_page_store() and
 * /proc/pagetypeinfo (page_owner). Each returns nothing: a reader that finds nothing wrong
 * leaves the state as it was, so the engine sees a transition to the same state. Only a
 * crash or a bad memmap read is recorded (Kernel.crash(), Kstate.setBadRead()).
 *
 * Model: a pfn is a subsection; a walker over a range looks at every subsection of it.
 */
import { Fn, ReadKind } from './bugs.ts';
import { SubKind, sectionOfSub } from './geometry.ts';
import { GARBAGE, type Kernel } from './kernel.ts';
import type { PfnLookup } from './kernels/behaviour.ts';
import { BlockState, Memmap, SECTION_IS_ONLINE, Zone } from './state.ts';

/** Is `sub` in a populated subsection of its section (pfn_section_valid())? */
function pfnSectionValid(k: Kernel, sub: number): boolean {
  const sec = sectionOfSub(k.g, sub);
  if (!k.kb.subsection_hotplug) return true;
  return (k.s.subsectionMap(sec) & (1 << (sub % k.g.subsPerSection))) !== 0;
}

/**
 * pfn_to_online_page() - the struct page of `sub` if it is online memory, else none.
 * @k: the kernel
 * @sub: the pfn (subsection)
 *
 * Context: any; no lock (callers race with hotplug, which the model's atomic steps exclude).
 * Return: true when a page is returned.
 * Kernel: mm/memory_hotplug.c pfn_to_online_page(), v5.12 (9f9b02e5b7e: pfn_section_valid();
 * 1f90a3477df3: a pgmap in a section where ZONE_DEVICE collides with RAM means offline);
 * include/linux/memory_hotplug.h pfn_to_online_page(), v4.13..v5.11 (online_section_nr()
 * and pfn_valid(), which is true for the whole of an early section).
 * Model: get_dev_pagemap() finds a pgmap exactly when the subsection holds an initialised
 * ZONE_DEVICE memmap and is populated.
 */
export function pfn_to_online_page(k: Kernel, sub: number): boolean {
  const sec = sectionOfSub(k.g, sub);
  if (!k.s.sectionHas(sec, SECTION_IS_ONLINE) || !k.pfn_valid(sub)) return false;
  if (k.kb.pfn_to_online_page === 'section') return true;
  if (!pfnSectionValid(k, sub)) return false;
  return k.s.memmap(sub) !== Memmap.DEVICE_INIT;
}

/** The page a reader gets for `sub` with the lookup of its version; true when there is one. */
export function lookupPage(k: Kernel, lookup: PfnLookup, sub: number): boolean {
  return lookup === 'pfn_valid' ? k.pfn_valid(sub) : pfn_to_online_page(k, sub);
}

/** Reads the page flags of `sub`; records a poisoned or unmapped memmap. Return: true if sound. */
export const readPageFlags = (k: Kernel, sub: number, fn: Fn): boolean => k.page_zone(sub, fn) !== GARBAGE;

/**
 * The end of what /proc/kpage* read: max_pfn, the end of the highest present System RAM,
 * or since v5.13 (get_max_dump_pfn()) the end of its section.
 * Model: x86's add_pages() also raises max_pfn for device memory, and never lowers it; the
 * model counts System RAM only.
 */
function maxDumpPfn(k: Kernel): number {
  let end = 0;
  for (let sub = 0; sub < k.g.nrSubs; sub++) {
    if (k.s.memmap(sub) !== Memmap.DEVICE_INIT && k.pfn_present(sub) && (k.g.subKind[sub] === SubKind.BootRam || k.g.subKind[sub] === SubKind.Dimm)) end = sub + 1;
  }
  if (k.kb.kpageflags_end === 'max_pfn') return end;
  return Math.ceil(end / k.g.subsPerSection) * k.g.subsPerSection;
}

/**
 * kpageflags_read() - `dd if=/proc/kpageflags`: stable_page_flags() of every pfn that has a
 * page (kpagecount_read() looks pfns up the same way and reads page_count()).
 *
 * Context: process context, no hotplug lock.
 * Kernel: fs/proc/page.c kpageflags_read(), v5.3 (pfn_valid()); aad5f69bc161 (v5.4)
 * pfn_to_online_page().
 */
export function kpageflags_read(k: Kernel): void {
  const end = maxDumpPfn(k);
  for (let sub = 0; sub < end && !k.crashed; sub++) {
    if (!lookupPage(k, k.kb.kpageflags, sub)) continue;
    if (k.s.memmap(sub) === Memmap.DEVICE_INIT) continue; // ZONE_DEVICE flags are reported as they are
    if (!readPageFlags(k, sub, Fn.stable_page_flags)) return;
  }
}

/**
 * memory_failure() - `echo PFN > /sys/devices/system/memory/hard_offline_page`.
 *
 * Before 96c804a6ae8c: pfn_valid(), get_dev_pagemap() for device memory, then the page
 * flags. Since: pfn_to_online_page(); without a page, a pfn with a pgmap goes to
 * memory_failure_dev_pagemap(). A ZONE_DEVICE page that pfn_to_online_page() returns (a
 * section where it collides with RAM, before 1f90a3477df3) is handled as RAM: recorded.
 *
 * Context: process context (madvise, sysfs) or the MCE work; no hotplug lock.
 * Kernel: mm/memory-failure.c memory_failure(), v5.3 and v5.10.
 */
export function memory_failure(k: Kernel, sub: number): void {
  if (k.kb.memory_failure === 'pfn_valid') {
    if (!k.pfn_valid(sub) || k.s.memmap(sub) === Memmap.DEVICE_INIT) return;
    readPageFlags(k, sub, Fn.memory_failure);
    return;
  }
  if (!pfn_to_online_page(k, sub)) return;
  if (k.s.memmap(sub) === Memmap.DEVICE_INIT) {
    k.s.setBadRead(ReadKind.DEVICE | (Fn.memory_failure << 4), sub);
    return;
  }
  readPageFlags(k, sub, Fn.memory_failure);
}

/**
 * soft_offline_page_store() - `echo PFN > /sys/devices/system/memory/soft_offline_page`:
 * the page, then soft_offline_page(), whose first look is is_zone_device_page() (the zone
 * bits of the page flags; -EIO for device memory).
 *
 * Context: process context; no hotplug lock.
 * Kernel: drivers/base/memory.c soft_offline_page_store(), v5.3 (pfn_valid()); 641fe2e9387a
 * (v5.4) pfn_to_online_page().
 */
export function soft_offline_page_store(k: Kernel, sub: number): void {
  if (!lookupPage(k, k.kb.soft_offline_page, sub)) return;
  readPageFlags(k, sub, Fn.soft_offline_page_store);
}

/**
 * pagetypeinfo_showmixedcount_print() - `cat /proc/pagetypeinfo` with page_owner=on: every
 * pfn of every populated zone's span, then page_zone() of the page.
 *
 * Context: zone->lock per pageblock; no hotplug lock.
 * Kernel: mm/page_owner.c pagetypeinfo_showmixedcount_print(), v5.3 (pfn_valid());
 * a26ee565b6cd (v5.4) pfn_to_online_page().
 * Model: populated zones are Normal and Movable (ZONE_DEVICE has no present pages).
 */
export function pagetypeinfo_showmixedcount_print(k: Kernel): void {
  for (const nid of k.g.nodeIds) {
    for (const zone of [Zone.NORMAL, Zone.MOVABLE]) {
      const span = k.s.zoneSpan(nid, zone);
      for (let sub = span.start; sub < span.end && !k.crashed; sub++) {
        if (!lookupPage(k, k.kb.pagetypeinfo, sub)) continue;
        if (k.s.memmap(sub) === Memmap.DEVICE_INIT) continue; // page_zone() != zone: skipped
        if (!readPageFlags(k, sub, Fn.pagetypeinfo_showmixedcount_print)) return;
      }
    }
  }
}

/**
 * Reads the page flags of every valid pfn of block `b`; stops at the first bad read. With
 * `zoneBounded`, stops at the end of the zone of the first page (24feb47c5fa5, efad4e475c31).
 */
function readBlockPages(k: Kernel, b: number, fn: Fn, zoneBounded: boolean): void {
  const [first, blockEnd] = k.blockSubs(b);
  let end = blockEnd;
  if (zoneBounded && k.s.memmap(first) === Memmap.ONLINE) {
    end = Math.min(end, k.s.zoneSpan(k.s.memmapNid(first), k.s.memmapZone(first)).end);
  }
  for (let sub = first; sub < end && !k.crashed; sub++) {
    if (!k.pfn_present(sub) || !k.pfn_valid(sub) || k.s.memmap(sub) === Memmap.DEVICE_INIT) continue;
    if (!readPageFlags(k, sub, fn)) return;
  }
}

/**
 * test_pages_in_a_zone() - the part of `cat /sys/devices/system/memory/memoryN/valid_zones`
 * (show_valid_zones()) that reads the memmap: page_zone() of the block's pages. The zones it
 * prints are the zone policy's (model/memory.ts show_valid_zones()).
 *
 * Context: the device lock of memoryN (sysfs show); no hotplug lock.
 * Kernel: drivers/base/memory.c show_valid_zones(), v4.13 (test_pages_in_a_zone() before
 * the MEM_ONLINE check) and v4.17 (d0dc12e86b31: only for an online block);
 * mm/memory_hotplug.c test_pages_in_a_zone(), v5.0 (24feb47c5fa5: zone_spans_pfn() first).
 */
export function test_pages_in_a_zone(k: Kernel, b: number): void {
  const mode = k.kb.show_valid_zones;
  if (mode !== 'memmap-first' && k.s.blockState(b) !== BlockState.MEM_ONLINE) return;
  readBlockPages(k, b, Fn.test_pages_in_a_zone, mode === 'zone-bounded');
}

/**
 * show_mem_removable() - `cat /sys/devices/system/memory/memoryN/removable`:
 * is_mem_section_removable() on each present section, which reads the page flags of every
 * pageblock (PageBuddy, page_order, zone).
 *
 * Context: the device lock of memoryN; no hotplug lock.
 * Kernel: drivers/base/memory.c show_mem_removable(), v4.13 (any state) and v4.17
 * (d0dc12e86b31: online blocks only); mm/memory_hotplug.c is_mem_section_removable(), v5.0
 * (efad4e475c31: not past zone_end_pfn()); always 1 since 53cdc1cb29e8 (v5.7).
 */
export function show_mem_removable(k: Kernel, b: number): void {
  const mode = k.kb.removable;
  if (mode === 'always') return;
  if (mode !== 'memmap-first' && k.s.blockState(b) !== BlockState.MEM_ONLINE) return;
  readBlockPages(k, b, Fn.is_mem_section_removable, mode === 'zone-bounded');
}
