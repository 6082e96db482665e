/**
 * mm/memory_hotplug.c __remove_pages() as it was while spans shrank at remove (up to v5.4):
 * one section at a time, each shrinking the zone and node spans before its memmap goes, so a
 * span recomputation for one section can read the memmap of a later section of the same
 * DIMM, one that was never onlined.
 *
 * Model: this is the one kernel loop split into steps a later step can see (each section's
 * shrink reads sections not yet removed). The other loops stay atomic, because no reader
 * or later step can tell their intermediate states from the end state:
 *  - __add_pages() per section: each new section's memmap is poisoned until online_pages(),
 *    so a reader between two sections sees what it sees after the last one, a present
 *    section with a poisoned memmap;
 *  - online_pages(): memmap_init_range() runs before online_mem_sections() sets
 *    SECTION_IS_ONLINE, so pfn_to_online_page() gives no page before the block is done; and
 *    offline_pages() clears the bit before re-poisoning (d33695b16a9f);
 *  - section_deactivate() per section at remove since v5.5: the spans no longer shrink
 *    there, so nothing reads the sections still to go. A pfn walker racing with it on
 *    ms->usage is 5ec8e8ea8b77 (v6.8), after every modelled release; the model's readers
 *    run between hotplug steps, never inside one;
 *  - link_mem_sections() per block: sysfs links appear block by block, and a reader of
 *    nodeM/ between two blocks sees a state boot itself passes through.
 * Kernel: mm/memory_hotplug.c __remove_pages(), __remove_section(), __remove_zone(),
 * shrink_zone_span(), find_smallest_section_pfn(), find_biggest_section_pfn(),
 * shrink_pgdat_span(), update_pgdat_span(), v5.3 and v5.4; arch/x86/mm/init_64.c
 * arch_remove_memory(), v5.4.
 */
import { BugKind, Fn } from './bugs.ts';
import { firstSubOfSection } from './geometry.ts';
import { GARBAGE, type Kernel } from './kernel.ts';
import { update_pgdat_span } from './memory_hotplug_spans.ts';
import { pfn_to_online_page } from './readers.ts';
import { Zone, spanEmpty, type Span } from './state.ts';

/** Does `sub` count for (nid, zone) in a span search, with the pfn test of this version? */
function counts(k: Kernel, sub: number, nid: number, zone: Zone | null, fn: Fn): boolean {
  const online = k.kb.shrink_zone_span === 'pfn_to_online_page' && fn === Fn.shrink_zone_span;
  if (online ? !pfn_to_online_page(k, sub) : !k.pfn_valid(sub)) return false;
  const pageNid = k.pfn_to_nid(sub, fn);
  if (pageNid === GARBAGE || pageNid !== nid) return false;
  return zone === null || k.s.memmapZone(sub) === zone;
}

/** find_smallest_section_pfn() / find_biggest_section_pfn(): -1 for none (the kernel's 0). */
function findEdge(k: Kernel, nid: number, zone: Zone | null, fn: Fn, from: number, to: number, up: boolean): number {
  for (let i = 0; i < to - from && !k.crashed; i++) {
    const sub = up ? from + i : to - 1 - i;
    if (counts(k, sub, nid, zone, fn)) return sub;
  }
  return -1;
}

/**
 * shrink_zone_span() (and shrink_pgdat_span(), the same code over the node with zone null)
 * - the span after [start, end) goes: a new edge if the range was at an edge, then the scan
 * for "only holes left" over the whole old span, which reads every memmap up to the first
 * pfn still in use (skipping the removed range only after reading it).
 * Context: pgdat_resize_lock, zone_span_writelock.
 * Return: the new span.
 */
function shrinkSpan(k: Kernel, span: Span, nid: number, zone: Zone | null, fn: Fn, start: number, end: number): Span {
  if (spanEmpty(span)) return span;
  let next = span;
  if (span.start === start) {
    const pfn = findEdge(k, nid, zone, fn, end, span.end, true);
    if (pfn >= 0) next = { start: pfn, end: span.end };
  } else if (span.end === end) {
    const pfn = findEdge(k, nid, zone, fn, span.start, start, false);
    if (pfn >= 0) next = { start: span.start, end: pfn + 1 };
  }
  for (let sub = span.start; sub < span.end && !k.crashed; sub++) {
    if (!counts(k, sub, nid, zone, fn)) continue;
    if (sub >= start && sub < end) continue;
    return next;
  }
  return { start: 0, end: 0 };
}

/**
 * __remove_zone() - shrink_zone_span(), then the node span: shrink_pgdat_span() reading
 * memmaps, or update_pgdat_span() from the zones (00d6c019b5bc, v5.4).
 * Context: pgdat_resize_lock.
 */
function __remove_zone(k: Kernel, nid: number, zone: Zone, start: number, end: number): void {
  k.s.setZoneSpan(nid, zone, shrinkSpan(k, k.s.zoneSpan(nid, zone), nid, zone, Fn.shrink_zone_span, start, end));
  if (k.crashed) return;
  if (k.kb.node_span_at_remove === 'update_pgdat_span') {
    update_pgdat_span(k, nid);
    return;
  }
  k.s.setNodeSpan(nid, shrinkSpan(k, k.s.nodeSpan(nid), nid, null, Fn.shrink_pgdat_span, start, end));
}

/**
 * __remove_pages() - remove [first, end) of node `nid` with spans shrinking at remove:
 * arch_remove_memory() takes page_zone() of the first page, and __remove_pages() starts
 * with clear_zone_contiguous(zone), a write through that pointer: for memory that was never
 * onlined the page is poisoned and the zone garbage, an oops (fixed by feee6b298916, which
 * stopped the zone lookup at remove). Then, per section, __remove_zone() and
 * section_deactivate().
 *
 * Context: mem_hotplug_begin() .. mem_hotplug_done(), device_hotplug_lock.
 * Kernel: arch/x86/mm/init_64.c arch_remove_memory(), mm/memory_hotplug.c __remove_pages(),
 * v5.4; mm/memremap.c memunmap_pages() goes the same way for ZONE_DEVICE, v5.3.
 * @masks: the per-section subsection masks of [first, end) (sectionMasks())
 * Model: a zone of NONE (the v4.13 memmap of memory never onlined names no zone; the kernel
 * gets an empty zone of the node) shrinks nothing.
 */
export function __remove_pages(k: Kernel, nid: number, first: number, end: number, masks: [number, number][]): void {
  const zone = k.page_zone(first, Fn.arch_remove_memory);
  if (k.crashed) return;
  if (zone === GARBAGE) {
    k.crash(BugKind.GARBAGE_WRITE, Fn.clear_zone_contiguous, first);
    return;
  }
  for (const [sec, mask] of masks) {
    const secStart = Math.max(first, firstSubOfSection(k.g, sec));
    const secEnd = Math.min(end, firstSubOfSection(k.g, sec + 1));
    if (zone !== Zone.NONE) __remove_zone(k, nid, zone, secStart, secEnd);
    if (k.crashed) return;
    k.kb.section_deactivate(k, sec, mask);
  }
}
